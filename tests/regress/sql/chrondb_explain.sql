-- chrondb_explain: EXPLAIN's text plans (no costs: "(rows=N)" estimates,
-- shown by a few statements; COSTS OFF keeps the rest independent of the
-- planner's guesses), its options, VERBOSE output lists, and EXPLAIN
-- ANALYZE's row counts (SUMMARY OFF keeps the times out).
CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL, grp int, price numeric(8,2));
CREATE TABLE u (id int PRIMARY KEY, t_id int, tag text);
CREATE TABLE k (a int, b text, c int, PRIMARY KEY (a, b));
INSERT INTO t VALUES (1, 'one', 1, 1.50), (2, 'two', 1, 2.00), (3, 'three', 2, 3.25),
  (4, 'four', 2, 4.00), (5, 'five', 3, 5.75);
INSERT INTO u VALUES (1, 1, 'x'), (2, 1, 'y'), (3, 4, 'z'), (4, 9, 'w');
EXPLAIN SELECT 1;
EXPLAIN SELECT * FROM t;
EXPLAIN SELECT * FROM t WHERE id = 3;
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE id IN (1, 2, 3) AND name LIKE 't%';
EXPLAIN (COSTS OFF) SELECT * FROM k WHERE a = 1 AND b = 'x';
EXPLAIN (COSTS OFF) SELECT name FROM t WHERE grp > 1 AND (price < 4 OR name IS NULL);
EXPLAIN (COSTS OFF) SELECT name::varchar(3), -grp, coalesce(price, 0) FROM t WHERE price::text <> '1';
EXPLAIN (COSTS OFF) SELECT * FROM t JOIN u ON t.id = u.t_id WHERE u.tag <> 'x';
EXPLAIN (COSTS OFF) SELECT * FROM t LEFT JOIN u ON t.id = u.t_id;
EXPLAIN (COSTS OFF) SELECT * FROM t, u WHERE t.id < u.t_id;
EXPLAIN (COSTS OFF) SELECT grp, count(*), sum(price) FROM t GROUP BY grp HAVING count(*) > 1 ORDER BY 2 DESC;
EXPLAIN (COSTS OFF) SELECT count(DISTINCT grp) FROM t;
EXPLAIN (COSTS OFF) SELECT DISTINCT grp FROM t;
EXPLAIN (COSTS OFF) SELECT * FROM t ORDER BY price DESC NULLS LAST, id LIMIT 2 OFFSET 1;
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.t_id = t.id);
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE id IN (SELECT t_id FROM u);
EXPLAIN (COSTS OFF) SELECT name, (SELECT max(id) FROM u) FROM t;
EXPLAIN (COSTS OFF) SELECT id FROM t UNION SELECT id FROM u;
EXPLAIN (COSTS OFF) SELECT id FROM t UNION ALL SELECT id FROM u;
EXPLAIN (COSTS OFF) SELECT id FROM t EXCEPT SELECT t_id FROM u;
EXPLAIN VALUES (1, 'a'), (2, 'b');
EXPLAIN (COSTS OFF) SELECT * FROM generate_series(1, 10) g WHERE g % 2 = 0;
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE id = $1;
EXPLAIN (VERBOSE, COSTS OFF) SELECT t.name, u.tag FROM t JOIN u ON t.id = u.t_id;
EXPLAIN (VERBOSE, COSTS OFF) SELECT g * 2 FROM generate_series(1, 3) g;
-- Set-returning functions in the select list run in a ProjectSet; LATERAL items in a nested loop.
EXPLAIN (COSTS OFF) SELECT unnest(ARRAY[1, 2]);
EXPLAIN (COSTS OFF) SELECT id, generate_series(1, grp) FROM t;
EXPLAIN (VERBOSE, COSTS OFF) SELECT t.id, g FROM t, generate_series(1, t.grp) g;
EXPLAIN (COSTS OFF) SELECT * FROM t LEFT JOIN LATERAL (SELECT u.tag FROM u WHERE u.t_id = t.id) s ON true;
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY OFF) SELECT t.id, g FROM t, generate_series(1, 2) g;
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY OFF) SELECT t.id, g FROM t, generate_series(1, t.id) g;
-- ANALYZE runs the query: actual rows per node, loops for rescanned inputs.
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY OFF) SELECT * FROM t JOIN u ON t.id = u.t_id WHERE u.tag <> 'x';
EXPLAIN (ANALYZE, SUMMARY OFF) SELECT * FROM t, u WHERE t.id < u.t_id;
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY OFF) SELECT * FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.t_id = t.id);
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY OFF) SELECT grp, count(*) FROM t GROUP BY grp;
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY OFF) SELECT name FROM t ORDER BY price DESC LIMIT 2;
EXPLAIN (ANALYZE FALSE) SELECT * FROM t WHERE id = 5;
EXPLAIN ANALYZE SELECT 1 / 0;
-- Index scans: CREATE INDEX, UNIQUE constraints' and the primary key's
-- indexes serve =, IN, IS NULL and ranges on their leading columns, and
-- ORDER BY when they return rows in its order (with LIMIT: without a sort).
CREATE INDEX t_grp_idx ON t (grp);
CREATE INDEX t_name_price_idx ON t (name, price);
ALTER TABLE u ADD CONSTRAINT u_tag_key UNIQUE (tag);
EXPLAIN SELECT * FROM t WHERE grp = 2;
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE grp IN (1, 3) AND price > 2;
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE grp BETWEEN 1 AND 2;
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE 2 < grp AND 4 >= grp;
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE grp IS NULL;
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE grp = 2::bigint;
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE grp = $1;
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE name = 'two' AND price >= 1;
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE price = 2;
EXPLAIN (COSTS OFF) SELECT * FROM u WHERE tag = 'x';
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE id > 2 AND id <= 4;
EXPLAIN (COSTS OFF) SELECT * FROM k WHERE a = 1;
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE grp + 0 = 2;
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE grp = 1.5;
EXPLAIN (COSTS OFF) SELECT * FROM t ORDER BY grp LIMIT 2;
EXPLAIN (COSTS OFF) SELECT name FROM t ORDER BY grp DESC LIMIT 2;
EXPLAIN (COSTS OFF) SELECT * FROM t ORDER BY grp;
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE name = 'two' ORDER BY price DESC;
EXPLAIN (COSTS OFF) SELECT * FROM t ORDER BY grp NULLS FIRST LIMIT 2;
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.tag = t.name);
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY OFF) SELECT * FROM t WHERE grp = 2 AND price > 3.5;
SET enable_indexscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE grp = 2;
RESET enable_indexscan;
-- Options and statements not supported.
EXPLAIN (FORMAT JSON) SELECT 1;
EXPLAIN (FORMAT TEXT, COSTS OFF) SELECT 1;
EXPLAIN (NOSUCH) SELECT 1;
EXPLAIN (ANALYZE maybe) SELECT 1;
EXPLAIN INSERT INTO t VALUES (9, 'nine', 1, 9);
EXPLAIN DELETE FROM t;
EXPLAIN (COSTS OFF) SELECT * FROM nosuchtable;
