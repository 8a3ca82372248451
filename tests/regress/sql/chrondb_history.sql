-- chrondb_history: ChronDB's history functions with its names and
-- columns, typed (text commit ids, timestamptz, jsonb): chrondb_history
-- (every version of a row, newest first), chrondb_at (the row as a ref
-- or a time had it), chrondb_diff (added, removed, changed members).
-- Refs are commits (full or abbreviated), branches, main~n and times.
-- Nothing prints a commit id or a time: counts, lengths and comparisons.
CREATE TABLE users (id int PRIMARY KEY, name text, age int, tags text[]);
INSERT INTO users VALUES (1, 'ann', 30, '{a}');
INSERT INTO users VALUES (2, 'bob', 40, NULL);
UPDATE users SET age = 31 WHERE id = 1;
UPDATE users SET name = 'anne', tags = '{a,b}' WHERE id = 1;
DELETE FROM users WHERE id = 2;
INSERT INTO users VALUES (2, 'bob', 41, '{}');
-- every version of a row, newest first, with the stored row as jsonb
SELECT operation, data, author, committer, message
  FROM chrondb_history('users', '1');
SELECT operation, data FROM chrondb_history('users', '2');
-- the id may be a number, and is read as the key column's type
SELECT count(*) FROM chrondb_history('users', 1);
SELECT count(*) FROM chrondb_history('users', '01');
-- the columns' types
SELECT pg_typeof(commit_id), pg_typeof("timestamp"), pg_typeof(data)
  FROM chrondb_history('users', '1') LIMIT 1;
SELECT length(commit_id) FROM chrondb_history('users', '1') LIMIT 1;
-- a function in FROM like any table: WHERE, ORDER BY, LIMIT, JOIN
SELECT data->>'age' AS age FROM chrondb_history('users', '1')
  WHERE operation = 'update' ORDER BY "timestamp" LIMIT 1;
SELECT h.operation, u.name AS now_name
  FROM chrondb_history('users', '1') h JOIN users u ON u.id = (h.data->>'id')::int
  ORDER BY h."timestamp";
SELECT u.id, count(h.*) AS versions
  FROM users u, LATERAL chrondb_history('users', u.id) h
  GROUP BY u.id ORDER BY u.id;
-- newest first, and the times say so
WITH h AS (SELECT row_number() OVER () AS n, "timestamp" AS t
           FROM chrondb_history('users', '1'))
SELECT count(*) AS out_of_order FROM h a JOIN h b ON b.n = a.n + 1 WHERE a.t < b.t;
-- a row that never existed has no history
SELECT count(*) FROM chrondb_history('users', '99');
-- the row as a ref had it: branch, main~n, commits full and abbreviated
SELECT * FROM chrondb_at('users', '1', 'main');
SELECT * FROM chrondb_at('users', '1', 'main~3');
SELECT * FROM chrondb_at('users', '1', 'HEAD~5');
SELECT * FROM chrondb_at('users', '2', 'main~1');
SELECT name, age FROM chrondb_at('users', 1,
  (SELECT commit_id FROM chrondb_history('users', '1') OFFSET 1 LIMIT 1));
SELECT name, age FROM chrondb_at('users', 1,
  (SELECT substr(commit_id, 1, 7) FROM chrondb_history('users', '1') OFFSET 2 LIMIT 1));
-- a time: the branch's latest commit at or before it
SELECT name, age FROM chrondb_at('users', 1,
  (SELECT "timestamp" FROM chrondb_history('users', '1') OFFSET 1 LIMIT 1));
SELECT name FROM chrondb_at('users', 1, now());
SELECT name FROM chrondb_at('users', 1, now()::text);
-- a row deleted since is still there in the past; one not there yet is not
SELECT count(*) FROM chrondb_at('users', '2', 'main~1');
SELECT count(*) FROM chrondb_at('users', '1', 'main~6');
-- chrondb_at's columns are the table's
SELECT * FROM chrondb_at('users', 1, 'main~4') WHERE age > 20;
SELECT a.name AS then, u.name AS now
  FROM chrondb_at('users', 1, 'main~4') a JOIN users u USING (id);
-- the difference of a row between two refs: top-level members
SELECT id, added, removed, changed FROM chrondb_diff('users', '1', 'main~5', 'main');
SELECT id, added, removed, changed FROM chrondb_diff('users', '1', 'main~3', 'main~2');
SELECT id, added, removed, changed FROM chrondb_diff('users', '2', 'main~2', 'main~1');
SELECT id, added, removed, changed FROM chrondb_diff('users', '2', 'main~1', 'main');
SELECT id, added, removed, changed FROM chrondb_diff('users', '1', 'main', 'main');
SELECT length(commit1), commit1 <> commit2 AS differ
  FROM chrondb_diff('users', '1', 'main~5', 'main');
SELECT changed->'age'->>'old' AS old_age, changed->'age'->>'new' AS new_age
  FROM chrondb_diff('users', '1', 'main~5', now());
-- a row in neither version: no row
SELECT count(*) FROM chrondb_diff('users', '99', 'main~5', 'main');
-- a composite key: its parts joined by commas
CREATE TABLE lines (o int, n int, qty int, PRIMARY KEY (o, n));
INSERT INTO lines VALUES (1, 1, 5), (1, 2, 7);
UPDATE lines SET qty = 6 WHERE o = 1 AND n = 1;
SELECT operation, data FROM chrondb_history('lines', '1,1');
SELECT * FROM chrondb_at('lines', '1,2', 'main~1');
SELECT * FROM chrondb_history('lines', '1');
-- a quoted name, and a table named with its schema
CREATE TABLE "Odd Name" (k text PRIMARY KEY, v int);
INSERT INTO "Odd Name" VALUES ('a,b', 1);
UPDATE "Odd Name" SET v = 2;
SELECT operation, data FROM chrondb_history('"Odd Name"', 'a,b');
SELECT operation FROM chrondb_history('public.users', '2');
-- another branch's history through its schema
CREATE SCHEMA feature;
SET chrondb.branch = 'feature';
UPDATE users SET age = 99 WHERE id = 1;
SET chrondb.branch = 'main';
SELECT count(*) FROM chrondb_history('users', '1');
SELECT count(*), max(data->>'age') FROM chrondb_history('feature.users', '1');
SELECT age FROM chrondb_at('feature.users', '1', 'feature');
-- the current transaction's writes are not history until they commit
BEGIN;
UPDATE users SET age = 50 WHERE id = 1;
SELECT count(*) FROM chrondb_history('users', '1');
SELECT age FROM chrondb_at('users', '1', 'main');
COMMIT;
SELECT count(*) FROM chrondb_history('users', '1');
-- as set-returning functions in a select list
SELECT (chrondb_history('users', '2')).operation;
-- NULL arguments: strict, no rows
SELECT count(*) FROM chrondb_history('users', NULL);
SELECT count(*) FROM chrondb_at('users', '1', NULL);
SELECT count(*) FROM chrondb_diff('users', '1', NULL, 'main');
-- errors
SELECT * FROM chrondb_history('nosuch', '1');
SELECT * FROM chrondb_history('nosuchbranch.users', '1');
SELECT * FROM chrondb_history('users', 'x');
SELECT * FROM chrondb_history('lines', '1,2,3');
SELECT * FROM chrondb_at('users', '1', 'nosuchref');
SELECT * FROM chrondb_at('users', '1', 'main~x');
SELECT * FROM chrondb_at('users', '1', 'main~1000');
SELECT * FROM chrondb_at('users', '1', '2000-01-01 00:00:00+00');
SELECT * FROM chrondb_at('nosuch', '1', 'main');
SELECT * FROM chrondb_at(NULL, '1', 'main');
SELECT * FROM chrondb_at('users' || '', '1', 'main');
SELECT chrondb_at('users', '1', 'main');
SELECT * FROM chrondb_diff('users', '1', 'main', 'nosuchref');
SELECT * FROM chrondb_diff('nosuch', '1', 'main~1', 'main');
SELECT * FROM chrondb_history('users');
