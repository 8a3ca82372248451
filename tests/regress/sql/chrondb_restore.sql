-- chrondb_restore: writing history back.  chrondb_restore(table, id,
-- ref) writes a row's version at a ref as a new commit flagged
-- "rollback" (a row the ref did not have is deleted); chrondb_revert(
-- commit) writes the inverse of one commit as a new commit flagged
-- "revert", or nothing when later commits changed its rows.  Both go
-- through INSERT's and DELETE's paths: constraints, foreign keys, locks.
SET application_name = 'regress';
CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance int CHECK (balance >= 0));
CREATE TABLE moves (id int PRIMARY KEY, account int REFERENCES accounts, amount int);
INSERT INTO accounts VALUES (1, 'ann', 100), (2, 'bob', 50);
UPDATE accounts SET balance = 0 WHERE id = 1;
UPDATE accounts SET owner = 'bobby' WHERE id = 2;
-- restore a row to a version: a new commit, the note says where from
SELECT chrondb_restore('accounts', '1', 'main~2');
SELECT * FROM accounts ORDER BY id;
SELECT split_part(message, E'\n', 1) AS subject, flags, operation FROM chrondb.log LIMIT 1;
SELECT note->'metadata'->>'source-commit' = (SELECT commit_id FROM chrondb.log OFFSET 3 LIMIT 1)
  AS from_that_commit,
  message = E'update 1 row in accounts\n\nRestore document accounts:1 to version '
    || (note->'metadata'->>'source-commit') AS body_names_it
  FROM chrondb.log LIMIT 1;
SELECT count(*) FROM chrondb_history('accounts', '1');
-- restoring to what the row is already commits nothing
SELECT count(*) FROM chrondb.log;
SELECT chrondb_restore('accounts', '1', 'main');
SELECT count(*) FROM chrondb.log;
-- a ref that did not have the row: the row is deleted
INSERT INTO accounts VALUES (3, 'cy', 10);
SELECT chrondb_restore('accounts', 3, 'main~1');
SELECT id FROM accounts ORDER BY id;
SELECT split_part(message, E'\n', 1) AS subject, flags FROM chrondb.log LIMIT 1;
-- by time, and by an abbreviated commit id
SELECT chrondb_restore('accounts', 2,
  (SELECT "timestamp" FROM chrondb_history('accounts', '2') OFFSET 1 LIMIT 1));
SELECT owner FROM accounts WHERE id = 2;
SELECT chrondb_restore('accounts', 2,
  (SELECT substr(commit_id, 1, 8) FROM chrondb_history('accounts', '2') OFFSET 1 LIMIT 1));
SELECT owner FROM accounts WHERE id = 2;
-- in a transaction block: one commit for both, rolled back with it
BEGIN;
SELECT chrondb_restore('accounts', 1, 'main~3') IS NOT NULL AS restored;
UPDATE accounts SET owner = 'ann b' WHERE id = 1;
COMMIT;
SELECT split_part(message, E'\n', 1) AS subject, flags FROM chrondb.log LIMIT 1;
SELECT count(*) FROM chrondb.log;
BEGIN;
SELECT chrondb_restore('accounts', 2, 'main~8') IS NOT NULL AS restored;
ROLLBACK;
SELECT owner FROM accounts WHERE id = 2;
SELECT count(*) FROM chrondb.log;
-- a savepoint rolled back takes its restore's note with it
BEGIN;
UPDATE accounts SET balance = 1 WHERE id = 1;
SAVEPOINT s;
SELECT chrondb_restore('accounts', 2, 'main~1') IS NOT NULL AS restored;
ROLLBACK TO SAVEPOINT s;
COMMIT;
SELECT message, flags FROM chrondb.log LIMIT 1;
-- revert one commit: its inverse as a new commit
UPDATE accounts SET balance = 75 WHERE id = 2;
SELECT chrondb_revert('main');
SELECT balance FROM accounts WHERE id = 2;
SELECT split_part(message, E'\n', 1) AS subject, flags FROM chrondb.log LIMIT 1;
SELECT note->'metadata'->>'reverted-commit' = (SELECT commit_id FROM chrondb.log OFFSET 1 LIMIT 1)
  AS names_it,
  message = E'update 1 row in accounts\n\nThis reverts commit '
    || (note->'metadata'->>'reverted-commit') || '.' AS body_names_it
  FROM chrondb.log LIMIT 1;
-- reverting the revert puts it back
SELECT chrondb_revert('main');
SELECT balance FROM accounts WHERE id = 2;
-- a commit of inserts: reverted by deleting them, through foreign keys
INSERT INTO accounts VALUES (4, 'di', 5), (5, 'ed', 6);
SELECT chrondb_revert('main');
SELECT id FROM accounts ORDER BY id;
SELECT chrondb_revert('main');
SELECT id FROM accounts ORDER BY id;
INSERT INTO moves VALUES (1, 4, 10);
SELECT chrondb_revert('main~1');
SELECT id FROM accounts ORDER BY id;
-- a later commit changed the row: a conflict, nothing written
UPDATE accounts SET balance = 80 WHERE id = 2;
UPDATE accounts SET balance = 81 WHERE id = 2;
SELECT count(*) FROM chrondb.log;
SELECT chrondb_revert('main~1');
SELECT count(*) FROM chrondb.log;
SELECT balance FROM accounts WHERE id = 2;
-- a change in the same transaction counts as a later one
BEGIN;
UPDATE accounts SET balance = 82 WHERE id = 2;
SELECT chrondb_revert('main');
ROLLBACK;
-- a constraint the old version breaks now fails the restore
DELETE FROM moves;
DELETE FROM accounts WHERE id = 4;
SELECT chrondb_restore('moves', 1, 'main~2');
SELECT count(*) FROM moves;
-- definitions cannot be reverted; rows of tables without a key cannot be written back
SELECT chrondb_revert('main~' || (SELECT count(*) - 2 FROM chrondb.log));
CREATE TABLE nokey (v int);
INSERT INTO nokey VALUES (1);
SELECT chrondb_revert('main');
SELECT chrondb_restore('nokey', 'x', 'main');
-- errors: unknown table, row, ref; malformed ref; NULL arguments; read-only
SELECT chrondb_restore('nosuch', '1', 'main');
SELECT chrondb_restore('accounts', '99', 'main~1');
SELECT chrondb_restore('accounts', '1', 'nosuchref');
SELECT chrondb_restore('accounts', '1', 'main^^x');
SELECT chrondb_restore('accounts', NULL, 'main');
SELECT chrondb_revert(NULL);
SELECT chrondb_revert('nosuchref');
SELECT chrondb_revert('main~x');
CREATE SCHEMA feature;
SELECT chrondb_restore('feature.accounts', '1', 'main');
BEGIN READ ONLY;
SELECT chrondb_restore('accounts', '1', 'main~1');
ROLLBACK;
BEGIN READ ONLY;
SELECT chrondb_revert('main');
ROLLBACK;
SELECT count(*) FROM chrondb.log WHERE 'rollback' = ANY (flags);
SELECT count(*) FROM chrondb.log WHERE 'revert' = ANY (flags);
