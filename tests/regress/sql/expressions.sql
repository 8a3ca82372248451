-- expressions: CASE, COALESCE, NULLIF, GREATEST/LEAST, CAST and ::,
-- LIKE/ILIKE, BETWEEN, IN lists, IS [NOT] NULL, IS [NOT] DISTINCT FROM,
-- three-valued logic, operator precedence and result column names.
CREATE TABLE t (id int, v int, s text);
INSERT INTO t VALUES (1, 10, 'apple'), (2, NULL, 'Banana'), (3, 30, NULL),
  (4, -5, 'cherry'), (5, 0, '100%');
-- CASE
SELECT CASE WHEN 1 > 0 THEN 'yes' ELSE 'no' END;
SELECT CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' END AS word;
SELECT CASE 3 WHEN 1 THEN 'one' END AS missing;
SELECT CASE WHEN NULL THEN 1 ELSE 2 END AS null_is_not_true;
SELECT CASE NULL WHEN NULL THEN 'eq' ELSE 'ne' END AS null_case;
SELECT id, CASE WHEN v > 20 THEN 'high' WHEN v > 0 THEN 'low'
                WHEN v IS NULL THEN 'none' ELSE 'neg' END AS level
  FROM t ORDER BY id;
SELECT id, CASE s WHEN 'apple' THEN 1 WHEN 'cherry' THEN 2 ELSE 0 END AS code
  FROM t ORDER BY id;
SELECT CASE WHEN false THEN 1 / 0 ELSE 0 END AS lazy;
SELECT sum(CASE WHEN v > 0 THEN 1 ELSE 0 END) AS positives FROM t;
-- COALESCE, NULLIF, GREATEST, LEAST
SELECT COALESCE(NULL, NULL, 3, 4), COALESCE(NULL::text, 'x'), COALESCE(1);
SELECT id, COALESCE(v, -1) AS v, COALESCE(s, '(null)') AS s FROM t ORDER BY id;
SELECT NULLIF(1, 1), NULLIF(1, 2), NULLIF('a', 'b');
SELECT id, NULLIF(v, 0) AS v FROM t ORDER BY id;
SELECT 10 / NULLIF(0, 0) AS safe_div;
SELECT GREATEST(1, 5, 3), LEAST(1, 5, 3), GREATEST(1, NULL, 2), LEAST('b', 'a');
SELECT GREATEST(NULL::int, NULL), LEAST(2.5, 1), GREATEST(1, 2.5);
SELECT NULLIF('a', 'a') IS NULL, GREATEST('b', 'c', NULL), LEAST(1, '2');
SELECT COALESCE(1, 'a');
SELECT CASE WHEN true THEN 1 ELSE 2.5 END, CASE WHEN false THEN 'a' END,
       pg_typeof(CASE WHEN true THEN 1 ELSE 2.5 END);
SELECT num_nulls(1, NULL, 'a', NULL::int), num_nonnulls(1, NULL, 'a');
-- CAST and ::
SELECT CAST('42' AS int), '42'::int + 1, CAST(3.7 AS int), (-3.5)::int,
       2.5::int, '3.14'::numeric, 1::text || 'x';
SELECT CAST(1 AS boolean), 't'::boolean, 'no'::bool, 10::bigint * 3;
SELECT '2024-02-29'::date, CAST('12:34' AS time), '1 day'::interval;
SELECT int '7', text 'abc', date '2020-01-01', numeric '1.50';
SELECT 'abc'::varchar(2), 'abc'::char(5) || '|', 12.345::numeric(5,1);
SELECT '  12  '::int, '-0'::int, '+5'::bigint;
SELECT 1::int::text::int + 1 AS round_trip;
SELECT 'abc   '::varchar(3) || '|', 'é€x'::varchar(2), 'é€x'::char(2), 'abc'::char,
       CAST('abcdef' AS varchar(2)), 'abcdef'::text::char(3);
SELECT 12345.678::numeric(3,1);
SELECT '12345.678'::numeric(3,1);
SELECT 1e10::int;
SELECT CAST('2024-02-30' AS date);
SELECT 'x'::int;
SELECT CAST('1.5' AS int);
SELECT 'still here' AS status;
-- LIKE and ILIKE
SELECT 'hello' LIKE 'h%', 'hello' LIKE 'H%', 'hello' ILIKE 'H%',
       'hello' LIKE '_ello', 'hello' NOT LIKE '%z%';
SELECT '100%' LIKE '100\%', '100x' LIKE '100\%', 'a_b' LIKE 'a\_b',
       'axb' LIKE 'a\_b';
SELECT 'abc' LIKE 'abc', 'abc' LIKE 'ab', '' LIKE '%', NULL LIKE 'a';
SELECT 'a%c' LIKE 'a#%c' ESCAPE '#', 'abc' LIKE 'a#%c' ESCAPE '#';
SELECT 'abc' ~~ 'a%', 'abc' ~~* 'A%', 'abc' !~~ 'a%', 'abc' !~~* 'A%';
SELECT 'line1
line2' LIKE 'line1%line2' AS multiline;
SELECT id, s FROM t WHERE s ILIKE '%AN%' ORDER BY id;
SELECT id, s FROM t WHERE s NOT ILIKE 'b%' ORDER BY id;
SELECT id FROM t WHERE s LIKE '%\%' ORDER BY id;
-- BETWEEN
SELECT 5 BETWEEN 1 AND 10, 5 BETWEEN 10 AND 1, 5 BETWEEN SYMMETRIC 10 AND 1,
       5 NOT BETWEEN 1 AND 4;
SELECT id FROM t WHERE v BETWEEN 0 AND 10 ORDER BY id;
SELECT id FROM t WHERE v NOT BETWEEN 0 AND 10 ORDER BY id;
SELECT 'b' BETWEEN 'a' AND 'c', NULL BETWEEN 1 AND 2, 1 BETWEEN NULL AND 0;
SELECT 5 NOT BETWEEN SYMMETRIC 10 AND 1, 11 NOT BETWEEN SYMMETRIC 10 AND 1,
       NULL BETWEEN SYMMETRIC 1 AND 2, 'b' BETWEEN SYMMETRIC 'c' AND 'a';
SELECT id FROM t WHERE v BETWEEN SYMMETRIC 20 AND -10 ORDER BY id;
SELECT id FROM t WHERE v NOT BETWEEN SYMMETRIC 20 AND -10 ORDER BY id;
-- IN lists
SELECT 2 IN (1, 2, 3), 4 IN (1, 2, 3), 4 NOT IN (1, 2, 3);
SELECT 2 IN (1, NULL), 4 IN (1, NULL), 4 NOT IN (1, NULL);
SELECT id FROM t WHERE s IN ('apple', 'cherry') ORDER BY id;
SELECT id FROM t WHERE id NOT IN (2, 3) ORDER BY id;
SELECT id FROM t WHERE v IN (10, 30, NULL) ORDER BY id;
SELECT 1.0 IN (1, 2), '1' IN (1, 2);
-- NULL tests and three-valued logic
SELECT NULL IS NULL, 1 IS NULL, NULL IS NOT NULL, 1 IS NOT NULL;
SELECT id FROM t WHERE v IS NULL OR s IS NULL ORDER BY id;
SELECT id FROM t WHERE v IS NOT NULL AND s IS NOT NULL ORDER BY id;
SELECT NULL = NULL, NULL <> 1, NULL AND false, NULL AND true, NULL OR true,
       NULL OR false, NOT NULL::boolean;
SELECT 1 IS DISTINCT FROM 2, 1 IS DISTINCT FROM 1, NULL IS DISTINCT FROM NULL,
       NULL IS DISTINCT FROM 1;
SELECT 1 IS NOT DISTINCT FROM 1, NULL IS NOT DISTINCT FROM NULL,
       1 IS NOT DISTINCT FROM NULL;
SELECT id FROM t WHERE v IS DISTINCT FROM 10 ORDER BY id;
SELECT id FROM t WHERE s IS NOT DISTINCT FROM NULL ORDER BY id;
SELECT true IS TRUE, NULL IS UNKNOWN, false IS NOT FALSE,
       NULL::bool IS NOT TRUE, true IS FALSE;
-- operators and precedence
SELECT 2 + 3 * 4, (2 + 3) * 4, 2 ^ 3 ^ 2, -2 ^ 2, 17 % 5, -17 % 5;
SELECT 7 / 2, -7 / 2, 7.0 / 2, 1 - 2 - 3, 2 * 3 % 4;
SELECT 1 < 2 AND 2 < 3, NOT 1 > 2, true OR false AND false, NOT true OR true;
SELECT 'a' < 'b', 'B' < 'a', 'abc' = 'abc', 'a' || 1 || true;
SELECT id, v * 2 + 1 AS calc, -v AS neg, s || '!' AS bang FROM t ORDER BY id;
SELECT id, v FROM t WHERE v % 2 = 0 ORDER BY v DESC NULLS LAST;
SELECT abs(-7), abs(v) FROM t WHERE id = 4;
-- result column names
SELECT 1 + 1, 'a'::text, CAST(1 AS bigint), count(*), coalesce(1, 2),
       nullif(1, 2), CASE WHEN true THEN 1 END, -1, upper('x'), 1::int4,
       2::varchar(3), greatest(1, 2), 3 IS NULL, true;
SELECT t.id, t.v AS "V", (t.s) FROM t WHERE id = 1;
SELECT CAST(1.5::float8 AS int), '2024-01-02'::date::text, 'true'::bool::text,
       v::text, (v)::int, CASE WHEN true THEN v ELSE 0 END, CASE WHEN true THEN v END,
       CASE WHEN true THEN 1 ELSE v END FROM t WHERE id = 1;
SELECT (SELECT max(v) FROM t), (SELECT 1 AS one)::text,
       (SELECT 1 AS a UNION SELECT 2 ORDER BY 1 LIMIT 1), EXISTS (SELECT 1),
       ARRAY[1, 2], ARRAY(SELECT 1), (SELECT 1 WHERE false)::int;
SELECT extract(year FROM date '2024-01-01'), position('b' IN 'abc'),
       substring('abc' FROM 2), trim(' x '), trim(leading 'a' FROM 'aab'),
       overlay('abc' PLACING 'x' FROM 1), current_user = session_user,
       interval '1 day', date '2024-01-01', int '1', 'x' COLLATE "C",
       GREATEST(1, 2)::text, nullif(1, 2)::text, coalesce(v, 0)::bigint FROM t WHERE id = 1;
