-- types_numeric: smallint, integer, bigint, real, double precision and
-- numeric(p,s): literals, arithmetic, casts, rounding, functions, overflow
-- (22003), division by zero (22012) and bad input (22P02).
SELECT 32767::smallint, (-32768)::smallint, 2147483647, -2147483648,
       9223372036854775807, -9223372036854775808;
SELECT pg_typeof(1), pg_typeof(2147483648), pg_typeof(9223372036854775808),
       pg_typeof(1.5), pg_typeof(1e3), pg_typeof(1::smallint);
-- integer overflow
SELECT 32767::smallint + 1::smallint;
SELECT 2147483647 + 1;
SELECT (-2147483648)::int * -1;
SELECT 9223372036854775807 + 1;
SELECT 9223372036854775807::bigint * 2;
SELECT (-9223372036854775808)::bigint / -1;
SELECT 2147483647::bigint + 1, 32767::smallint + 1;
SELECT 40000::smallint;
SELECT '99999999999'::int;
SELECT CAST(2147483648 AS int);
SELECT 'still here' AS status;
-- division by zero
SELECT 1 / 0;
SELECT 1 % 0;
SELECT 1.0 / 0;
SELECT 1::float8 / 0;
SELECT 5 / 0::numeric;
SELECT 1::smallint / 0::smallint;
SELECT 0::float8 / 0;
SELECT mod(5, 0);
SELECT 5 % 0.0;
SELECT sqrt(-1);
SELECT ln(0);
SELECT power(0, -1);
SELECT 'still here' AS status;
-- integer division and modulo
SELECT 7 / 2, -7 / 2, 7 % -3, -7 % 3, 7 / 2.0, 7::numeric % 3, 7.5 % 2;
SELECT 10 / 3 * 3, 10 * 3 / 3, div(7, 2), mod(10, 3), mod(-7.5, 2);
-- functions
SELECT abs(-5), abs(-5.5), abs(-2::smallint), sign(-3), sign(0), sign(2.5);
SELECT round(2.5), round(-2.5), round(2.5::float8), round(3.5::float8),
       round(3.14159, 2), round(1234.5, -2);
SELECT trunc(3.99), trunc(-3.99, 1), ceil(1.2), ceiling(-1.2), floor(1.8),
       floor(-1.2);
SELECT power(2, 10), 2 ^ 10, 2.0 ^ 10, sqrt(16), sqrt(2::float8), cbrt(27);
SELECT exp(0), ln(1), log(100), log(2, 8), exp(1::float8);
SELECT pi(), round(pi()::numeric, 4), degrees(pi()), radians(180);
SELECT greatest(1, 2.5, 2), least(3::bigint, 2::smallint);
SELECT gcd(12, 18), lcm(4, 6), factorial(5), log10(1000), trunc(2.7::float8), mod(-7, 3);
SELECT scale(1.230), min_scale(1.230), trim_scale(1.230), width_bucket(5, 0, 10, 4);
SELECT round(2.567::float8), ceil(2.1::float8), floor(-2.1::float8), sign(-2::float8);
SELECT @ -5, |/ 16, ||/ 27, 2 << 3, 16 >> 2, 5 & 3, 5 | 3, 5 # 3, ~5;
SELECT to_char(1234567.891, '9,999,999.99'), to_char(0.5, '0.99'), to_char(-5, 'S999');
SELECT 2.5::numeric::int, (-2.5)::numeric::int, 0.5::float4::int, 1.5::float4::int;
SELECT 9223372036854775807::numeric + 1;
SELECT (9223372036854775807::numeric + 1)::bigint;
SELECT factorial(-1);
SELECT abs(-2147483648);
-- real and double precision
SELECT 1.5::real, 0.1::real + 0.2::real, 0.1::float8 + 0.2::float8;
SELECT 1.0e-5::float8, 123456789.123::float8, 1e15::float8, 1e16::float8,
       3.0::float8, -0.0::float8;
SELECT 1::float8 / 3, 2::real / 3, 1e100::float8 * 1e100;
SELECT 'NaN'::float8, 'Infinity'::float8, '-Infinity'::float8,
       'inf'::float8 + 1, 'nan'::real;
SELECT 'NaN'::float8 = 'NaN'::float8, 'NaN'::float8 > 'Infinity'::float8;
SELECT 1e300::float8 * 1e10;
SELECT 3.4e38::real * 10::real;
SELECT '1e400'::float8;
SELECT 1.5e2::float8, '  -2.5E-3 '::float8, 1.23456789012345678::float8;
SELECT 0.1 + 0.2 = 0.3, 0.1::float8 + 0.2::float8 = 0.3::float8;
SELECT CAST(1.5::float8 AS int), CAST(2.5::float8 AS int),
       CAST(-2.5::float8 AS int), CAST(1e10 AS bigint), CAST(-1.5 AS bigint);
-- numeric
SELECT 1.10 + 2.205, 10.5 * 3, 1.0 / 3, 10 / 4::numeric, 2::numeric / 3;
SELECT 123.456::numeric(5,2), 0.005::numeric(3,2), -1.5::numeric(2,0),
       10::numeric(10,4), 1::numeric / 7;
SELECT 1234.5::numeric(5,2);
SELECT 12345678901234567890 * 98765432109876543210;
SELECT 1e-20::numeric * 1e-20, 0.0::numeric, -0.0::numeric, 100.00 * 1;
SELECT 'NaN'::numeric, 'NaN'::numeric + 1, 1.000 = 1, 1.000::text;
SELECT 5 = 5.0, 5::int < 5.1, 1::smallint = 1::bigint, 2.0 > 1::float8;
SELECT 'abc'::numeric;
SELECT '99999'::smallint;
SELECT 'x'::float8;
SELECT '1.5e'::numeric;
SELECT ''::int;
SELECT '1 2'::int;
SELECT 'still here' AS status;
-- columns of each type
CREATE TABLE n (id int, a smallint, b int, c bigint, d real,
                e double precision, f numeric(10,2), g numeric);
INSERT INTO n VALUES
  (1, 1, 10, 100, 1.5, 2.25, 3.14159, 1.000),
  (2, -2, -20, -200, -0.5, 1e-3, 12345678.994, 12345678901234567890.123456789),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT * FROM n ORDER BY id;
SELECT id, a + b, b * c, c / 3, d * 2, e + d, f * 2, g + 1 FROM n ORDER BY id;
SELECT pg_typeof(a + b) AS ab, pg_typeof(b + c) AS bc, pg_typeof(a + d) AS ad,
       pg_typeof(b + f) AS bf, pg_typeof(d + f) AS df, pg_typeof(e * g) AS eg,
       pg_typeof(a * a) AS aa
  FROM n WHERE id = 1;
INSERT INTO n (id, a) VALUES (4, 70000);
INSERT INTO n (id, b) VALUES (5, 'abc');
INSERT INTO n (id, f) VALUES (6, 123456789.5);
INSERT INTO n (id, b) VALUES (7, 2.5);
INSERT INTO n (id, b) VALUES (8, '2.5');
INSERT INTO n (id, c, f) VALUES (9, '9000000000', '-0.125');
INSERT INTO n (id, d, e) VALUES (10, '1.25e3', 'infinity');
SELECT id, b, c, d, e, f FROM n WHERE id >= 7 ORDER BY id;
SELECT sum(f), avg(f), sum(e), avg(b), max(d) FROM n WHERE id < 7;
SELECT id FROM n WHERE f > 3 ORDER BY id;
SELECT id, b FROM n WHERE b = 3 OR c = 9000000000 ORDER BY id;
SELECT id FROM n WHERE d < 1.6 AND e < 3 ORDER BY id;
UPDATE n SET b = b * 1000000 WHERE id = 1;
UPDATE n SET b = b * 1000 WHERE id = 1;
SELECT b FROM n WHERE id = 1;
SELECT 'still here' AS status;
