-- chrondb_branches: the session's branch and ChronDB's branch functions
-- (chrondb_branch_list, _create, _checkout, _delete) and chrondb.branches:
-- creating from a ref, a commit and a time, reading other branches
-- through their schema, transaction blocks, errors.  Commit ids and
-- times are compared, never printed.
CREATE TABLE items (id int PRIMARY KEY, name text, qty int);
INSERT INTO items VALUES (1, 'apple', 10), (2, 'pear', 5);
UPDATE items SET qty = 11 WHERE id = 1;
-- A session starts on the default branch.
SHOW chrondb.branch;
SELECT branch_name, is_default, is_current, head IS NOT NULL AS has_head,
       head_time IS NOT NULL AS has_time, head_author, head_message
FROM chrondb_branch_list();
-- From the session's branch, from a ref, from a commit id, from a time.
SELECT * FROM chrondb_branch_create('feature');
SELECT * FROM chrondb_branch_create('old', 'main~1');
SELECT * FROM chrondb_branch_create('byid',
  (SELECT head FROM chrondb.branches WHERE branch_name = 'main'));
SELECT * FROM chrondb_branch_create('bytime', now());
SELECT name, qty FROM old.items ORDER BY id;
SELECT name, qty FROM byid.items ORDER BY id;
SELECT b.branch_name, b.head = m.head AS at_main_head, b.head_message
FROM chrondb.branches b, chrondb.branches m
WHERE m.branch_name = 'main'
ORDER BY b.branch_name;
-- Checking out: the session reads and writes the branch.
SELECT * FROM chrondb_branch_checkout('feature');
SHOW chrondb.branch;
SELECT branch_name, is_current FROM chrondb_branch_list() ORDER BY branch_name;
INSERT INTO items VALUES (3, 'plum', 7);
UPDATE items SET name = 'green apple' WHERE id = 1;
SELECT * FROM items ORDER BY id;
SELECT head_author, head_message FROM chrondb.branches WHERE branch_name = 'feature';
-- Other branches read through their schema; public is the session's.
SELECT * FROM main.items ORDER BY id;
SELECT count(*) FROM public.items;
SELECT f.id, f.name, m.name AS on_main
FROM items f LEFT JOIN main.items m USING (id)
ORDER BY f.id;
UPDATE main.items SET qty = 0;
SELECT * FROM nope.items;
-- SET chrondb.branch is the same switch.
SET chrondb.branch = 'main';
SELECT count(*) FROM items;
SELECT branch_name FROM chrondb_branch_list() WHERE is_current = 'YES';
-- Transaction blocks: SET as the block's first statement switches, and
-- a rollback switches back; once the block has read, the branch stays.
BEGIN;
SET chrondb.branch = 'feature';
SELECT count(*) FROM items;
ROLLBACK;
SHOW chrondb.branch;
BEGIN;
SELECT count(*) FROM items;
SELECT * FROM chrondb_branch_checkout('feature');
ROLLBACK;
BEGIN;
SELECT * FROM chrondb_branch_create('inblock');
ROLLBACK;
BEGIN;
SELECT * FROM chrondb_branch_delete('old');
ROLLBACK;
SELECT count(*) FROM chrondb_branch_list() WHERE branch_name IN ('inblock', 'old');
-- Errors.
SELECT * FROM chrondb_branch_create('feature');
SELECT * FROM chrondb_branch_create('bad name');
SELECT * FROM chrondb_branch_create('x', 'nope');
SELECT * FROM chrondb_branch_create('x', 'main~10');
SELECT * FROM chrondb_branch_create('x', '1999-01-01T00:00:00Z');
SELECT * FROM chrondb_branch_create('x', timestamptz '1999-01-01 00:00:00+00');
SELECT * FROM chrondb_branch_checkout('nope');
SELECT * FROM chrondb_branch_delete('main');
SELECT * FROM chrondb_branch_delete('nope');
SELECT * FROM chrondb_branch_create(NULL);
-- A branch the session is on is not deleted.
SELECT current_branch FROM chrondb_branch_checkout('feature');
SELECT * FROM chrondb_branch_delete('feature');
SELECT current_branch FROM chrondb_branch_checkout('main');
SELECT * FROM chrondb_branch_delete('feature');
SELECT * FROM chrondb_branch_delete('old');
SELECT * FROM feature.items;
SELECT * FROM chrondb_branch_checkout('feature');
-- CREATE SCHEMA and DROP SCHEMA make and remove the same branches.
CREATE SCHEMA via_schema;
SELECT branch_name, is_default FROM chrondb_branch_list() ORDER BY branch_name;
DROP SCHEMA via_schema;
DROP SCHEMA main;
SELECT branch_name FROM chrondb.branches ORDER BY branch_name;
-- The function in a select list, and its columns.
SELECT (chrondb_branch_create('last')).message;
SELECT * FROM chrondb_branch_delete('last');
SELECT nspname FROM pg_namespace WHERE nspname = 'chrondb';
SELECT relname FROM pg_class WHERE relnamespace = 'chrondb'::regnamespace ORDER BY relname;
