-- viewdef: view definitions as PostgreSQL prints its analyzed query
-- (pg_get_viewdef pretty, plain and wrapped, pg_views.definition,
-- information_schema.views.view_definition) for the forms views are
-- written in; and what a view keeps from CREATE VIEW: * is the columns
-- the table had then.
CREATE TABLE t (id int PRIMARY KEY, name text, price numeric(10,2), tags text[], data jsonb, created timestamp);
CREATE TABLE u (id int, t_id int, note varchar(20));
CREATE TABLE "Mixed Case" ("Id" int, "select" text);
INSERT INTO t VALUES (1, 'apple', 1.50, '{a,b}', '{"a": {"b": 1}, "k": [1, 2]}', '2024-01-02 10:00'),
    (2, 'banana', 12.00, '{c}', '{"a": 2}', '2024-02-03 11:30'),
    (3, NULL, NULL, NULL, NULL, NULL);
INSERT INTO u VALUES (10, 1, 'first'), (11, 1, 'second'), (12, 2, 'third'), (13, NULL, 'orphan');
INSERT INTO "Mixed Case" VALUES (1, 'x'), (5, NULL);

-- Select lists: * expanded, aliases, output names, constants and casts.
CREATE VIEW v_star AS SELECT * FROM t;
CREATE VIEW v_names (a, b) AS SELECT id, name FROM t;
CREATE VIEW v_consts AS SELECT id, name AS n, price * 2 AS dbl, 'x' AS s, 1 AS i, 1.5 AS num,
    -1 AS neg, -1.5 AS negnum, 1e10 AS big, 100000000000 AS int8, true AS b, NULL::int AS nul,
    'it''s' AS quote FROM t;
CREATE VIEW v_casts AS SELECT t.id::text, price::int AS p, name::varchar(5) AS v5,
    'abc'::char(5) AS ch, '2020-01-01'::date AS d, t.created::date AS cd, 1::bigint AS one,
    '1 day'::interval AS iv, 1.5::float8 AS f, (t.id::bigint + 1)::int AS back, u.note::text AS nt,
    u.note || 'x' AS cat FROM t, u;
CREATE VIEW v_ops AS SELECT id + 1 * 2 AS a, (id + 1) * 2 AS b, -id AS c, id % 3 AS d,
    2 ^ 3 AS e, 'a' || name || 'b' AS f, id + price AS g, 1 - (2 - 3) AS h,
    (id + 1)::text = 'x' AS k FROM t;
SELECT v, pg_get_viewdef(v, true) FROM unnest(ARRAY['v_star', 'v_names', 'v_consts', 'v_casts', 'v_ops']) v ORDER BY v;
SELECT v, pg_get_viewdef(v) FROM unnest(ARRAY['v_consts', 'v_casts', 'v_ops']) v ORDER BY v;

-- Joins of every kind.
CREATE VIEW v_join AS SELECT t.id, u.note FROM t JOIN u ON t.id = u.t_id LEFT JOIN u u2 ON u2.id = t.id;
CREATE VIEW v_outer AS SELECT t.id, u.note, m."Id" FROM t LEFT JOIN u ON u.t_id = t.id AND u.note <> 'x'
    RIGHT JOIN "Mixed Case" m ON m."Id" = t.id;
CREATE VIEW v_full AS SELECT * FROM t FULL JOIN u USING (id) WHERE id > 1;
CREATE VIEW v_using AS SELECT * FROM t LEFT JOIN u USING (id);
CREATE VIEW v_natural AS SELECT * FROM t NATURAL JOIN u;
CREATE VIEW v_cross AS SELECT t.id, m."select" FROM t CROSS JOIN "Mixed Case" m;
CREATE VIEW v_nested AS SELECT t.id, m."Id" FROM t JOIN (u JOIN "Mixed Case" m ON m."Id" = u.id) ON t.id = u.t_id;
CREATE VIEW v_aliased AS SELECT x.t_id, x.note FROM (t JOIN u ON t.id = u.t_id) x;
CREATE VIEW v_comma AS SELECT a.id FROM t a, u b WHERE a.id = b.t_id;
CREATE VIEW v_colalias AS SELECT x.a, x.b FROM t AS x(a, b);
SELECT v, pg_get_viewdef(v, true) FROM unnest(ARRAY['v_join', 'v_outer', 'v_full', 'v_using', 'v_natural', 'v_cross', 'v_nested', 'v_aliased', 'v_comma', 'v_colalias']) v ORDER BY v;
SELECT v, pg_get_viewdef(v, false) FROM unnest(ARRAY['v_join', 'v_outer', 'v_nested', 'v_aliased']) v ORDER BY v;

-- Subqueries in FROM, WHERE and the select list; EXISTS, IN, ANY, ALL.
CREATE VIEW v_from AS SELECT s.n, s.c FROM (SELECT name AS n, count(*) AS c FROM t GROUP BY name) s WHERE s.c > 1;
CREATE VIEW v_where AS SELECT id FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.t_id = t.id)
    AND id IN (SELECT t_id FROM u) AND id NOT IN (SELECT 1) AND NOT EXISTS (SELECT FROM u u2 WHERE u2.id = t.id);
CREATE VIEW v_anyall AS SELECT id FROM t WHERE name = ANY (SELECT note FROM u) OR id <> ALL (SELECT id FROM u)
    OR price > SOME (SELECT id FROM u);
CREATE VIEW v_scalar AS SELECT id, (SELECT max(u.id) FROM u WHERE u.t_id = t.id) AS mx,
    EXISTS (SELECT 1 FROM u) AS any_u, ARRAY(SELECT note FROM u ORDER BY note) AS notes FROM t;
CREATE VIEW v_deep AS SELECT t.id FROM t WHERE t.id IN (SELECT u.t_id FROM u WHERE u.id IN
    (SELECT t.id FROM t WHERE t.name IN (SELECT note FROM u)));
SELECT v, pg_get_viewdef(v, true) FROM unnest(ARRAY['v_from', 'v_where', 'v_anyall', 'v_scalar', 'v_deep']) v ORDER BY v;
SELECT v, pg_get_viewdef(v) FROM unnest(ARRAY['v_where', 'v_anyall']) v ORDER BY v;

-- WITH, set operations, VALUES.
CREATE VIEW v_cte AS WITH recent AS (SELECT * FROM t WHERE created > '2024-01-15'),
    cnt (n) AS (SELECT count(*) FROM recent) SELECT recent.name, cnt.n FROM recent, cnt;
CREATE VIEW v_cte_mat AS WITH w AS MATERIALIZED (SELECT 1 AS x), w2 AS NOT MATERIALIZED (SELECT 2 AS y)
    SELECT * FROM w, w2;
CREATE VIEW v_union AS SELECT name FROM t UNION SELECT note FROM u;
CREATE VIEW v_setops AS SELECT id FROM t INTERSECT SELECT id FROM u EXCEPT SELECT 1;
CREATE VIEW v_setorder AS SELECT id, name FROM t EXCEPT ALL SELECT id, note FROM u ORDER BY 2 DESC LIMIT 3;
CREATE VIEW v_setnest AS SELECT 1 AS a UNION ALL (SELECT 2 UNION SELECT 3);
CREATE VIEW v_setlit AS SELECT 'a' AS x UNION SELECT 'b';
CREATE VIEW v_values AS VALUES (1, 'one'), (2, 'two');
CREATE VIEW v_fromvalues AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v(n, s) WHERE n > 1;
SELECT v, pg_get_viewdef(v, true) FROM unnest(ARRAY['v_cte', 'v_cte_mat', 'v_union', 'v_setops', 'v_setorder', 'v_setnest', 'v_setlit', 'v_values', 'v_fromvalues']) v ORDER BY v;

-- Grouping, aggregates with FILTER, ORDER BY and DISTINCT; windows.
CREATE VIEW v_agg AS SELECT name, count(*), sum(price) FILTER (WHERE id > 0) AS s,
    string_agg(name, ',' ORDER BY id DESC) AS names, array_agg(DISTINCT id ORDER BY id) AS ids,
    count(DISTINCT tags) AS ntags, bool_and(id > 0) AS pos
    FROM t GROUP BY name HAVING count(*) >= 1 AND max(price) < 100;
CREATE VIEW v_group AS SELECT name, price + 1 AS p1 FROM t GROUP BY 1, price + 1, 'k'::text ORDER BY 2, count(*) DESC;
CREATE VIEW v_window AS SELECT id, row_number() OVER w AS rn,
    rank() OVER (PARTITION BY name ORDER BY price DESC, id) AS rk,
    dense_rank() OVER (ORDER BY created NULLS FIRST) AS dr, sum(price) OVER (PARTITION BY name) AS sp,
    count(*) OVER () AS total, sum(price) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running,
    avg(price) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS whole
    FROM t WINDOW w AS (ORDER BY id);
SELECT v, pg_get_viewdef(v, true) FROM unnest(ARRAY['v_agg', 'v_group', 'v_window']) v ORDER BY v;
SELECT pg_get_viewdef('v_agg');

-- CASE, COALESCE, NULLIF, GREATEST/LEAST, tests, SQL-syntax functions.
CREATE VIEW v_case AS SELECT CASE WHEN price IS NULL THEN 'none' WHEN price < 10 THEN 'cheap' ELSE 'dear' END AS band,
    CASE id WHEN 1 THEN 'one' WHEN 2 THEN 'two' END AS word, coalesce(price, 0) AS p, nullif(name, '') AS n,
    greatest(price, 1, 2.5) AS g, least(id, 10) AS l FROM t;
CREATE VIEW v_tests AS SELECT id FROM t WHERE id IN (1, 2, 3) AND name NOT IN ('a', 'b') AND price BETWEEN 1 AND 10
    AND name LIKE 'x%' AND name ILIKE 'y' AND id = ANY (ARRAY[1, 2]) AND name IS NOT NULL
    AND (id > 1) IS TRUE AND name IS DISTINCT FROM 'z' AND id IS NOT DISTINCT FROM 4 AND NOT (id = 5 OR id = 6);
CREATE VIEW v_funcs AS SELECT upper(name) AS up, length(name) AS len, concat(name, '-', id) AS c,
    substring(name FROM 1 FOR 2) AS sub, position('a' IN name) AS pos, trim(BOTH ' ' FROM name) AS tr,
    extract(year FROM created) AS yr, created AT TIME ZONE 'UTC' AS utc, date_trunc('day', created) AS day,
    round(price, 1) AS r, current_date AS today, current_user AS who FROM t;
SELECT v, pg_get_viewdef(v, true) FROM unnest(ARRAY['v_case', 'v_tests', 'v_funcs']) v ORDER BY v;
SELECT pg_get_viewdef('v_tests', false);

-- json operators, arrays: constructors, subscripts and slices.
CREATE VIEW v_json AS SELECT data -> 'a' AS a, data ->> 'a' AS b, data #> '{a,b}' AS c, data #>> '{a,b}' AS d,
    data @> '{"a": 2}' AS e, data ? 'k' AS f, data - 'k' AS g, data || '{"z": 1}' AS h, data['a'] AS i,
    data['a']['b'] AS j, jsonb_array_length(data -> 'k') AS k FROM t;
CREATE VIEW v_array AS SELECT ARRAY[1, 2, 3] AS a, ARRAY[name, 'x'] AS b, tags[1] AS c, tags[1:2] AS d,
    tags[:1] AS e, (ARRAY[1, 2, 3])[2] AS f, 'a' = ANY (tags) AS g, cardinality(tags) AS h FROM t;
SELECT v, pg_get_viewdef(v, true) FROM unnest(ARRAY['v_json', 'v_array']) v ORDER BY v;

-- DISTINCT [ON], ORDER BY, LIMIT, OFFSET, FETCH.
CREATE VIEW v_distinct_on AS SELECT DISTINCT ON (name) name, id FROM t ORDER BY name, id DESC NULLS LAST FETCH FIRST 5 ROWS ONLY;
CREATE VIEW v_distinct AS SELECT DISTINCT name FROM t ORDER BY name NULLS FIRST OFFSET 1;
CREATE VIEW v_order AS SELECT id, name FROM t ORDER BY price DESC, created, upper(name) LIMIT 2 OFFSET 0;
CREATE VIEW v_limit_all AS SELECT id FROM t ORDER BY id LIMIT ALL;
SELECT v, pg_get_viewdef(v, true) FROM unnest(ARRAY['v_distinct_on', 'v_distinct', 'v_order', 'v_limit_all']) v ORDER BY v;

-- LATERAL and functions in FROM.
CREATE VIEW v_lateral AS SELECT t.id, x.n FROM t, LATERAL (SELECT count(*) AS n FROM u WHERE u.t_id = t.id) x;
CREATE VIEW v_leftlat AS SELECT t.id, s.note FROM t LEFT JOIN LATERAL (SELECT u.note FROM u WHERE u.t_id = t.id ORDER BY u.note LIMIT 1) s ON true;
CREATE VIEW v_srf AS SELECT g, g2.x FROM generate_series(1, 3) g, generate_series(1, 2) AS g2(x);
CREATE VIEW v_srflat AS SELECT t.id, e.key FROM t, jsonb_each(t.data) e;
CREATE VIEW v_ordinality AS SELECT * FROM unnest(ARRAY['p', 'q']) WITH ORDINALITY AS z(v, n);
SELECT v, pg_get_viewdef(v, true) FROM unnest(ARRAY['v_lateral', 'v_leftlat', 'v_srf', 'v_srflat', 'v_ordinality']) v ORDER BY v;

-- Quoted identifiers, and a view over views.
CREATE VIEW "Quoted View" AS SELECT "Id", "select" AS "Sel", "Id" + 1 AS "Next Id", "select" AS "order"
    FROM "Mixed Case" WHERE "select" IS NOT NULL;
CREATE VIEW v_over_views AS SELECT v_star.id, q."Sel" FROM v_star JOIN "Quoted View" q ON q."Id" = v_star.id;
SELECT pg_get_viewdef('"Quoted View"', true);
SELECT pg_get_viewdef('v_over_views', true);

-- Wrapping: pg_get_viewdef(view, column) breaks lists past the column; -1 never.
SELECT pg_get_viewdef('v_consts'::regclass, 60);
SELECT pg_get_viewdef('v_comma'::regclass, 80);
SELECT pg_get_viewdef('v_case'::regclass, -1);

-- pg_views and information_schema.views show the plain form.
SELECT viewname, definition FROM pg_views WHERE viewname IN ('v_star', 'v_join', 'v_where', 'v_union', 'Quoted View') ORDER BY viewname;
SELECT table_name, view_definition FROM information_schema.views WHERE table_name IN ('v_names', 'v_setnest', 'v_lateral') ORDER BY table_name;

-- What the views return.
SELECT * FROM v_star ORDER BY id;
SELECT * FROM v_join ORDER BY id, note;
SELECT * FROM v_full ORDER BY id;
SELECT * FROM v_scalar ORDER BY id;
SELECT * FROM v_agg ORDER BY name;
SELECT id, rn, rk, dr, total, running FROM v_window ORDER BY id;
SELECT * FROM v_lateral ORDER BY id;
SELECT * FROM v_setorder;
SELECT * FROM "Quoted View";

-- * is the table's columns when the view was made: a column added later
-- stays out until the view is made again.
CREATE TABLE w (id int PRIMARY KEY, a text);
INSERT INTO w VALUES (1, 'x'), (2, 'y');
CREATE VIEW w_all AS SELECT * FROM w;
CREATE VIEW w_join AS SELECT w.*, u.note FROM w JOIN u ON u.t_id = w.id;
ALTER TABLE w ADD COLUMN b int DEFAULT 7;
SELECT * FROM w_all ORDER BY id;
SELECT * FROM w_join ORDER BY id, note;
SELECT pg_get_viewdef('w_all', true);
CREATE OR REPLACE VIEW w_all AS SELECT * FROM w;
SELECT * FROM w_all ORDER BY id;
SELECT pg_get_viewdef('w_all', true);
