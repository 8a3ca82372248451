-- aggregates: count, sum, avg, min, max, string_agg, array_agg, bool_and,
-- bool_or; DISTINCT, ORDER BY and FILTER inside aggregates; GROUP BY and
-- HAVING.
CREATE TABLE sales (id int, region text, product text, qty int,
                    price numeric(8,2), ok boolean);
INSERT INTO sales VALUES
  (1, 'east', 'apple', 10, 1.50, true),
  (2, 'east', 'pear', 5, 2.25, true),
  (3, 'west', 'apple', 7, 1.50, false),
  (4, 'west', 'plum', NULL, 3.00, true),
  (5, 'north', 'apple', 2, 1.75, NULL),
  (6, 'east', 'apple', 3, 1.60, false),
  (7, NULL, 'fig', 1, 9.99, true);
SELECT count(*), count(qty), count(region), count(DISTINCT region) FROM sales;
SELECT sum(qty), avg(qty), min(qty), max(qty) FROM sales;
SELECT sum(price), avg(price), min(price), max(price) FROM sales;
SELECT min(region), max(region), min(product), max(product) FROM sales;
SELECT count(1), count(NULL), count(*) AS "count(*)" FROM sales;
-- GROUP BY
SELECT region, count(*) FROM sales GROUP BY region ORDER BY region;
SELECT region, count(*), sum(qty), avg(price) FROM sales GROUP BY region
  ORDER BY region NULLS FIRST;
SELECT region, product, sum(qty) FROM sales GROUP BY region, product
  ORDER BY region, product;
SELECT product, count(*) FROM sales GROUP BY product ORDER BY count(*) DESC,
  product;
SELECT qty > 5 AS big, count(*) FROM sales GROUP BY qty > 5 ORDER BY 1;
SELECT upper(region) AS r, count(*) FROM sales GROUP BY 1 ORDER BY 1;
SELECT region AS r, count(*) FROM sales GROUP BY r ORDER BY r NULLS FIRST;
SELECT region FROM sales GROUP BY region ORDER BY region;
SELECT region, max(price) - min(price) AS spread FROM sales GROUP BY region
  ORDER BY spread DESC, region;
SELECT region, round(avg(price), 2) AS avg_price FROM sales GROUP BY region
  ORDER BY region;
SELECT sum(qty * price) FROM sales;
SELECT count(*) * 2 + 1 AS calc FROM sales;
SELECT id % 2 AS parity, sum(id) FROM sales GROUP BY id % 2 ORDER BY parity;
-- HAVING
SELECT region, sum(qty) AS total FROM sales GROUP BY region
  HAVING sum(qty) > 10 ORDER BY total DESC;
SELECT region FROM sales GROUP BY region HAVING min(qty) >= 2 ORDER BY region;
SELECT region, count(*) FROM sales GROUP BY region HAVING count(*) = 1
  ORDER BY region NULLS LAST;
SELECT count(*) FROM sales HAVING count(*) > 100;
SELECT count(*) FROM sales HAVING count(*) > 1;
SELECT product FROM sales GROUP BY product HAVING bool_or(ok) ORDER BY product;
-- string_agg and array_agg
SELECT region, string_agg(product, ', ' ORDER BY product) FROM sales
  GROUP BY region ORDER BY region;
SELECT string_agg(DISTINCT product, '|' ORDER BY product) FROM sales;
SELECT string_agg(product, ',' ORDER BY id DESC) FROM sales;
SELECT region, array_agg(qty ORDER BY qty) FROM sales GROUP BY region
  ORDER BY region;
SELECT array_agg(DISTINCT region ORDER BY region) FROM sales;
SELECT array_agg(id ORDER BY id) FILTER (WHERE ok) AS ok_ids FROM sales;
SELECT array_agg(product ORDER BY qty DESC NULLS LAST, id) FROM sales;
-- bool_and, bool_or, every
SELECT bool_and(ok), bool_or(ok), every(ok) FROM sales;
SELECT region, bool_and(ok), bool_or(ok) FROM sales GROUP BY region
  ORDER BY region;
SELECT bool_and(qty > 0), bool_or(qty > 9) FROM sales;
-- FILTER and DISTINCT
SELECT count(*) FILTER (WHERE qty > 5) AS big,
       sum(qty) FILTER (WHERE region = 'east') AS east_qty FROM sales;
SELECT region, count(*) FILTER (WHERE ok) AS ok_count FROM sales
  GROUP BY region ORDER BY region;
SELECT sum(DISTINCT qty), count(DISTINCT qty), avg(DISTINCT price) FROM sales;
SELECT count(DISTINCT product) FILTER (WHERE region <> 'east') FROM sales;
-- empty input: count is 0, the others are NULL
SELECT count(*), sum(qty), avg(qty), min(qty), max(qty),
       string_agg(product, ','), array_agg(qty), bool_and(ok)
  FROM sales WHERE false;
SELECT region, count(*) FROM sales WHERE false GROUP BY region;
SELECT sum(qty) IS NULL AS is_null, coalesce(sum(qty), 0) AS zero
  FROM sales WHERE id > 100;
-- result types and exactness
SELECT sum(x) FROM (VALUES (2147483647), (1)) v(x);
SELECT sum(x) FROM (VALUES (9223372036854775807), (1)) v(x);
SELECT avg(x) FROM (VALUES (1), (2)) v(x);
SELECT avg(x) FROM (VALUES (1.0::float8), (2.5::float8)) v(x);
SELECT sum(x), avg(x) FROM (VALUES (0.1), (0.2)) v(x);
SELECT sum(x::smallint), max(x::smallint) FROM (VALUES (1), (2)) v(x);
SELECT max(d), min(d) FROM (VALUES (date '2024-01-05'), (date '2023-12-31')) v(d);
-- aggregates over joins and subqueries
SELECT s.region, count(*) FROM sales s JOIN sales t ON s.product = t.product
  GROUP BY s.region ORDER BY s.region NULLS LAST;
SELECT max(total) FROM (SELECT region, sum(qty) AS total FROM sales
  GROUP BY region) t;
SELECT region, sum(qty) FROM sales WHERE id IN (SELECT id FROM sales
  WHERE ok) GROUP BY region ORDER BY region NULLS FIRST;
-- errors
SELECT region, qty FROM sales GROUP BY region;
SELECT sum(region) FROM sales;
SELECT count(*) FROM sales WHERE count(*) > 1;
SELECT sum(sum(qty)) FROM sales;
SELECT region FROM sales GROUP BY 9;
SELECT 'still here' AS status;
-- aggregates that keep their arguments past the row (the scan reuses a
-- row's memory for the next one), over enough rows to grow their states
CREATE TABLE agg_keep (id int PRIMARY KEY, g int, s text);
INSERT INTO agg_keep SELECT i, i % 3, repeat(chr(65 + i % 26), 1 + i % 5) FROM generate_series(1, 300) i;
SELECT g, length(string_agg(s, ',')), md5(string_agg(s, ',' ORDER BY id)),
       md5(array_agg(s ORDER BY id)::text), md5(jsonb_agg(s ORDER BY id)::text)
  FROM agg_keep GROUP BY g ORDER BY g;
SELECT g, array_length(array_agg(s), 1), md5(string_agg(s, '' ORDER BY id)),
       md5(jsonb_object_agg(id, s)::text), md5(array_agg(DISTINCT s)::text)
  FROM agg_keep GROUP BY g ORDER BY g;
SELECT min(s), max(s), count(DISTINCT s), md5(string_agg(DISTINCT s, '|')) FROM agg_keep;
DROP TABLE agg_keep;
