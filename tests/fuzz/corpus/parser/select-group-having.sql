SELECT a, count(*), sum(b) FILTER (WHERE b > 0) FROM t GROUP BY a, ROLLUP (b, c) HAVING count(*) > 1;
