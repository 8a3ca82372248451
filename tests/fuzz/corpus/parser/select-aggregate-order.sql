SELECT string_agg(a, ',' ORDER BY b), percentile_cont(0.5) WITHIN GROUP (ORDER BY c), count(DISTINCT d), f(VARIADIC arr), g(a => 1, b := 2) FROM t;
