-- chrondb_systables: the chrondb schema's relations over Git: log,
-- diff, history, blame and tags; their parameters given in WHERE
-- (branch, table_name, key, from_ref, to_ref); the schema in the
-- catalog (pg_namespace, pg_class, pg_attribute, regclass, psql's \dt
-- query) and before a branch of the same name.  No commit id or time is
-- printed: counts, lengths, comparisons and relative refs.
SET application_name = 'regress';
CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(6,2));
INSERT INTO items VALUES (1, 'pen', 1.50), (2, 'ink', 3.00);
UPDATE items SET price = 1.75 WHERE id = 1;
INSERT INTO items VALUES (3, 'pad', 2.00);
DELETE FROM items WHERE id = 2;
CREATE TABLE notes (k text PRIMARY KEY, body jsonb);
INSERT INTO notes VALUES ('a', '{"x": 1}');
UPDATE items SET name = 'Pen' WHERE id = 1;
-- the log of the session's branch, newest first
SELECT message, author, committer, origin, user_name, flags, operation
  FROM chrondb.log;
SELECT count(*), count(DISTINCT commit_id), min(length(commit_id)),
       count(DISTINCT tx_id), bool_and(branch = 'main')
  FROM chrondb.log;
SELECT cardinality(parents) AS parents, count(*) FROM chrondb.log GROUP BY 1 ORDER BY 1;
-- each commit's first parent is the next row's commit
WITH l AS (SELECT row_number() OVER () AS n, commit_id, parents FROM chrondb.log)
SELECT count(*) AS linked FROM l a JOIN l b ON b.n = a.n + 1 WHERE a.parents[1] = b.commit_id;
-- the note as jsonb, and its fields as columns
SELECT note->>'operation' = operation AS same_op, note->>'commit_id' = commit_id AS same_id,
       note->'metadata'->>'application-name' AS app
  FROM chrondb.log LIMIT 2;
SELECT application_name, count(*) FROM chrondb.log GROUP BY 1 ORDER BY 1;
-- LIMIT reads the first commits only; WHERE, ORDER BY and joins as on any table
SELECT message FROM chrondb.log LIMIT 1;
SELECT message FROM chrondb.log WHERE 'delete' = ANY (flags);
SELECT message FROM chrondb.log ORDER BY commit_time LIMIT 2;
-- what each commit changed: the diff's parameter from the log's row (LATERAL)
SELECT l.message, d.rows_changed
  FROM chrondb.log l,
       LATERAL (SELECT count(*) AS rows_changed FROM chrondb.diff d
                WHERE d.to_ref = l.commit_id) d;
-- another branch's log: WHERE branch = ...
CREATE SCHEMA feature;
SET chrondb.branch = 'feature';
INSERT INTO items VALUES (9, 'glue', 0.99);
SET chrondb.branch = 'main';
SELECT branch, message FROM chrondb.log WHERE branch = 'feature' LIMIT 2;
SELECT count(*) FROM chrondb.log WHERE branch = 'feature';
SELECT count(*) FROM chrondb.log;
SELECT count(*) FROM chrondb.log WHERE branch = 'main~2';
-- diff: the last commit by default, any two refs, one table
SELECT table_name, key, diff_type, changed_columns, before, after, from_ref, to_ref
  FROM chrondb.diff;
SELECT table_name, key, diff_type, changed_columns, before, after
  FROM chrondb.diff WHERE from_ref = 'main~6' ORDER BY table_name, key;
SELECT table_name, key, diff_type
  FROM chrondb.diff WHERE from_ref = 'main~6' AND to_ref = 'main~1' AND table_name = 'items';
SELECT key, diff_type, after->>'name' AS name
  FROM chrondb.diff WHERE from_ref = 'main' AND to_ref = 'feature';
-- a parameter given otherwise than by `=` keeps its default, and filters its rows
SELECT diff_type, count(*) FROM chrondb.diff WHERE from_ref = 'main~100' OR true
  GROUP BY 1 ORDER BY 1;
SELECT count(*) FROM chrondb.diff WHERE from_ref IN ('main~6', 'main~5');
SELECT length(from_commit), length(to_commit), from_commit <> to_commit
  FROM chrondb.diff LIMIT 1;
-- a table created since: all its rows added; a commit's own changes (to_ref alone)
SELECT table_name, key, diff_type FROM chrondb.diff
  WHERE from_ref = 'main~2' AND table_name = 'notes';
SELECT count(*), min(from_ref), min(to_ref) FROM chrondb.diff WHERE to_ref = 'main~6';
SELECT count(*) FROM chrondb.diff WHERE to_ref = 'main~7';
-- a time as a ref
SELECT count(*) FROM chrondb.diff
  WHERE from_ref = (SELECT commit_time FROM chrondb.log OFFSET 2 LIMIT 1)::text;
-- history of a table's rows, of one row, newest first
SELECT table_name, key, operation, data, message FROM chrondb.history
  WHERE table_name = 'items';
SELECT key, operation, data->>'price' AS price FROM chrondb.history
  WHERE table_name = 'items' AND key = '1';
SELECT table_name, key, operation FROM chrondb.history WHERE key = 'a';
SELECT table_name, count(*) FROM chrondb.history GROUP BY 1 ORDER BY 1;
SELECT count(*) FROM chrondb.history WHERE table_name = 'items' AND branch = 'feature';
SELECT key, operation FROM chrondb.history WHERE table_name = 'items' LIMIT 2;
-- blame: per row, the last commit that touched it
SELECT table_name, key, operation, author, message FROM chrondb.blame;
SELECT key, message FROM chrondb.blame WHERE table_name = 'items' AND branch = 'feature';
SELECT count(*) FROM chrondb.blame b JOIN chrondb.log l USING (commit_id);
-- tags: none made yet (git makes them; the wire test has some)
SELECT * FROM chrondb.tags;
-- the schema in the catalog
SELECT nspname FROM pg_namespace ORDER BY oid;
SELECT c.relname, c.relkind, c.relnatts FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'chrondb' ORDER BY 1;
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
  WHERE attrelid = 'chrondb.log'::regclass ORDER BY attnum;
SELECT 'chrondb.diff'::regclass, to_regclass('chrondb.history'), to_regclass('chrondb.nosuch');
SELECT n.nspname as "Schema", c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' END as "Type"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r','p','')
      AND n.nspname !~ '^pg_toast'
  AND n.nspname OPERATOR(pg_catalog.~) '^(chrondb)$' COLLATE pg_catalog.default
ORDER BY 1,2;
SELECT table_schema, table_name, table_type FROM information_schema.tables
  WHERE table_schema = 'chrondb' ORDER BY 2;
-- chrondb names these relations before any branch named chrondb
CREATE SCHEMA chrondb;
DROP SCHEMA chrondb;
SELECT count(*) > 0 FROM chrondb.log;
SELECT * FROM chrondb.items;
-- unqualified, they are not found: the chrondb schema is not on the search path
SELECT * FROM log;
-- they cannot be written
INSERT INTO chrondb.log (branch) VALUES ('x');
DELETE FROM chrondb.history;
-- errors: unknown branch, ref, table; malformed ref
SELECT * FROM chrondb.log WHERE branch = 'nosuch';
SELECT * FROM chrondb.diff WHERE from_ref = 'nosuch';
SELECT * FROM chrondb.diff WHERE to_ref = 'main~x';
SELECT * FROM chrondb.diff WHERE table_name = 'nosuch';
SELECT * FROM chrondb.history WHERE table_name = 'nosuch';
SELECT * FROM chrondb.blame WHERE table_name = 'nosuch';
SELECT * FROM chrondb.blame WHERE branch = 'nosuch';
SELECT * FROM chrondb.diff WHERE to_ref = '2000-01-01';
SELECT * FROM chrondb.log AS OF 'main~1';
