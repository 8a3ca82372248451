-- chrondb_merge: chrondb_branch_merge and chrondb.conflicts: fast-forwards,
-- three-way merges of rows and of their columns, conflicts listed with
-- their base, ours and theirs, the strategies ours and theirs, settling
-- conflicts by writing the wanted rows, tables and definitions changed
-- on a branch, sequences, errors.  Commit ids are compared, never printed.
CREATE TABLE accounts (id int PRIMARY KEY, owner text, balance numeric, note text);
INSERT INTO accounts VALUES (1, 'ann', 100.00, NULL), (2, 'bob', 50.50, NULL), (3, 'cy', 0, 'closed');
SELECT message FROM chrondb_branch_create('feature');
-- Main has not moved: a fast-forward.
SELECT message FROM chrondb_branch_checkout('feature');
INSERT INTO accounts VALUES (4, 'dee', 10, NULL);
SELECT message FROM chrondb_branch_checkout('main');
SELECT success, message, fast_forward, conflicts,
       commit = (SELECT head FROM chrondb.branches WHERE branch_name = 'feature') AS at_feature
FROM chrondb_branch_merge('feature', 'main');
SELECT id, owner FROM accounts ORDER BY id;
SELECT success, message, commit IS NOT NULL AS has_commit, fast_forward, conflicts
FROM chrondb_branch_merge('feature', 'main');
SELECT success, message FROM chrondb_branch_merge('main', 'feature');
-- Both branches move: different rows, and different columns of one row, merge.
UPDATE accounts SET balance = 120.00 WHERE id = 1;
DELETE FROM accounts WHERE id = 3;
SELECT message FROM chrondb_branch_checkout('feature');
UPDATE accounts SET note = 'vip' WHERE id = 1;
UPDATE accounts SET owner = 'robert' WHERE id = 2;
INSERT INTO accounts VALUES (5, 'eve', 5, NULL);
SELECT message FROM chrondb_branch_checkout('main');
SELECT success, message, fast_forward, conflicts FROM chrondb_branch_merge('feature', 'main');
SELECT * FROM accounts ORDER BY id;
SELECT head_author, head_message FROM chrondb.branches WHERE branch_name = 'main';
-- The merge commit's second parent is the source's head.
SELECT message FROM chrondb_branch_create('second_parent', 'main^2');
SELECT p.head = f.head AS second_parent_is_feature
FROM chrondb.branches p, chrondb.branches f
WHERE p.branch_name = 'second_parent' AND f.branch_name = 'feature';
SELECT message FROM chrondb_branch_delete('second_parent');
SELECT message, fast_forward FROM chrondb_branch_merge('main', 'feature');
-- Conflicts: a column both set, removed against changed, changed against
-- removed, a key both added; the same change on both sides is none.
UPDATE accounts SET balance = 1.00, owner = 'ann b.' WHERE id = 1;
UPDATE accounts SET note = 'main note' WHERE id = 4;
DELETE FROM accounts WHERE id = 5;
INSERT INTO accounts VALUES (6, 'fay', 6, 'from main');
UPDATE accounts SET note = 'same' WHERE id = 2;
SELECT message FROM chrondb_branch_checkout('feature');
UPDATE accounts SET balance = 2.00, note = 'from feature' WHERE id = 1;
DELETE FROM accounts WHERE id = 4;
UPDATE accounts SET balance = 55 WHERE id = 5;
INSERT INTO accounts VALUES (6, 'fay', 6, 'from feature');
UPDATE accounts SET note = 'same' WHERE id = 2;
SELECT message FROM chrondb_branch_checkout('main');
SELECT success, message, commit IS NULL AS no_commit, conflicts
FROM chrondb_branch_merge('feature', 'main');
-- The target is unchanged; the conflicts are a table to query.
SELECT * FROM accounts ORDER BY id;
SELECT source, target, kind, table_name, key, our_change, their_change, columns
FROM chrondb.conflicts ORDER BY key;
SELECT key, base, ours, theirs FROM chrondb.conflicts ORDER BY key;
SELECT key, base_commit IS NOT NULL AS has_base,
       our_commit = (SELECT head FROM chrondb.branches WHERE branch_name = 'main') AS ours_is_main,
       their_commit = (SELECT head FROM chrondb.branches WHERE branch_name = 'feature') AS theirs_is_feature,
       merged_at IS NOT NULL AS has_time
FROM chrondb.conflicts ORDER BY key;
SELECT c.key, c.theirs ->> 'balance' AS their_balance, a.balance AS our_balance
FROM chrondb.conflicts c JOIN accounts a ON a.id = c.key::int
WHERE 'balance' = ANY (c.columns);
-- Settling: the target takes the source's version of rows 4 and 6, and a
-- value of its own for row 1's balance; a merge again lists what is left.
DELETE FROM accounts WHERE id = 4;
UPDATE accounts SET note = 'from feature' WHERE id = 6;
UPDATE accounts SET balance = 1.50 WHERE id = 1;
SELECT success, message, conflicts FROM chrondb_branch_merge('feature', 'main');
SELECT key, our_change, their_change, columns FROM chrondb.conflicts ORDER BY key;
-- What is left takes the target's version: ours.
SELECT success, message, conflicts FROM chrondb_branch_merge('feature', 'main', 'ours');
SELECT * FROM accounts ORDER BY id;
SELECT count(*) FROM chrondb.conflicts;
-- The strategy theirs takes the source's version of every conflict.
SELECT message FROM chrondb_branch_create('pricing');
UPDATE accounts SET balance = 10 WHERE id IN (1, 2);
SELECT message FROM chrondb_branch_checkout('pricing');
UPDATE accounts SET balance = 20, note = 'repriced' WHERE id = 1;
DELETE FROM accounts WHERE id = 2;
SELECT message FROM chrondb_branch_checkout('main');
SELECT success, message, conflicts FROM chrondb_branch_merge('pricing', 'main', 'theirs');
SELECT * FROM accounts ORDER BY id;
-- A table and a column made on a branch come with its rows; the merged
-- row follows the merged definition.
SELECT message FROM chrondb_branch_create('schema_work');
SELECT message FROM chrondb_branch_checkout('schema_work');
CREATE TABLE audit (id int PRIMARY KEY, what text);
INSERT INTO audit VALUES (1, 'made on a branch');
ALTER TABLE accounts ADD COLUMN tier int;
UPDATE accounts SET tier = 1 WHERE id = 1;
SELECT message FROM chrondb_branch_checkout('main');
UPDATE accounts SET owner = 'ann c.' WHERE id = 1;
SELECT success, message, conflicts FROM chrondb_branch_merge('schema_work', 'main');
SELECT * FROM accounts ORDER BY id;
SELECT * FROM audit;
-- Definitions changed differently on both sides conflict; a strategy picks one.
SELECT message FROM chrondb_branch_create('left');
ALTER TABLE audit ADD COLUMN at_main text;
SELECT message FROM chrondb_branch_checkout('left');
ALTER TABLE audit ADD COLUMN at_left text;
SELECT message FROM chrondb_branch_checkout('main');
SELECT success, message, conflicts FROM chrondb_branch_merge('left', 'main');
SELECT kind, table_name, key, our_change, their_change FROM chrondb.conflicts;
SELECT success, message FROM chrondb_branch_merge('left', 'main', 'theirs');
SELECT * FROM audit;
-- A table dropped on one side and changed on the other: no strategy merges it.
SELECT message FROM chrondb_branch_create('dropper');
INSERT INTO audit VALUES (2, 'written on main');
SELECT message FROM chrondb_branch_checkout('dropper');
DROP TABLE audit;
SELECT message FROM chrondb_branch_checkout('main');
SELECT success, message, conflicts FROM chrondb_branch_merge('dropper', 'main');
SELECT kind, table_name, key, our_change, their_change FROM chrondb.conflicts WHERE source = 'dropper';
SELECT * FROM chrondb_branch_merge('dropper', 'main', 'theirs');
DROP TABLE audit;
SELECT success, message FROM chrondb_branch_merge('dropper', 'main');
-- Sequences: each branch counts on its own; after a merge the target
-- counts past every value the source may have handed out.
CREATE TABLE tickets (id serial PRIMARY KEY, title text);
INSERT INTO tickets (title) VALUES ('one'), ('two');
SELECT message FROM chrondb_branch_create('support');
SELECT message FROM chrondb_branch_checkout('support');
INSERT INTO tickets (title) VALUES ('on support');
SELECT message FROM chrondb_branch_checkout('main');
INSERT INTO tickets (title) VALUES ('on main');
SELECT success, message FROM chrondb_branch_merge('support', 'main');
SELECT title FROM tickets ORDER BY id;
INSERT INTO tickets (title) VALUES ('after the merge');
SELECT t.title, t.id > (SELECT max(id) FROM support.tickets) AS past_support
FROM tickets t WHERE t.title = 'after the merge';
-- chrondb.log lists the commit merged in among main's own, newest first,
-- as git log does; the merge commit has both heads as parents.
SELECT split_part(l.message, E'\n', 1) AS message, cardinality(l.parents) AS parents,
       l.commit_id = s.head AS support_head, l.parents[2] = s.head AS merges_support
FROM chrondb.log l, chrondb.branches s WHERE s.branch_name = 'support' LIMIT 5;
-- A ref as the source; the source is already part of the target.
SELECT success, message FROM chrondb_branch_merge('support~1', 'main');
-- Errors.
SELECT * FROM chrondb_branch_merge('nope', 'main');
SELECT * FROM chrondb_branch_merge('feature', 'nope');
SELECT * FROM chrondb_branch_merge('feature', 'main', 'mine');
SELECT * FROM chrondb_branch_merge(NULL, 'main');
BEGIN;
SELECT * FROM chrondb_branch_merge('feature', 'main');
ROLLBACK;
DELETE FROM chrondb.conflicts;
SELECT branch_name FROM chrondb.branches ORDER BY branch_name;
