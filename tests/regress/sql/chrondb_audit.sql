-- chrondb_audit: what every commit's note says about who made it, read
-- back through chrondb.log: the session's user (also the commit's
-- author), origin sql, the transaction id, application_name, the flags
-- of SET [LOCAL] chrondb.flags with ChronDB's own (update, delete, ddl,
-- rollback, revert), and SET [LOCAL] chrondb.request_id.  The client's
-- address is NULL here (no network); the wire test reads it.
SET application_name = 'audit';
SHOW chrondb.flags;
SHOW chrondb.request_id;
CREATE TABLE t (id int PRIMARY KEY, v text);
INSERT INTO t VALUES (1, 'a');
SELECT author, user_name, origin, application_name, flags, request_id, operation
  FROM chrondb.log LIMIT 1;
SELECT length(tx_id), tx_id ~ '^[0-9a-f-]{36}$' AS uuid FROM chrondb.log LIMIT 1;
SELECT author = current_user AS author_is_user, author_email FROM chrondb.log LIMIT 1;
-- session flags and a request id: every later commit carries them
SET chrondb.flags = 'manual-edit, reviewed';
SET chrondb.request_id = 'req-42';
INSERT INTO t VALUES (2, 'b');
UPDATE t SET v = 'bb' WHERE id = 2;
SELECT message, flags, request_id FROM chrondb.log LIMIT 2;
-- a list given as SET's list: the same
SET chrondb.flags = 'one', 'two';
SHOW chrondb.flags;
DELETE FROM t WHERE id = 2;
SELECT flags FROM chrondb.log LIMIT 1;
-- SET LOCAL: this transaction only, in place of the session's
BEGIN;
SET LOCAL chrondb.flags = 'bulk-load';
SET LOCAL chrondb.request_id = 'req-local';
INSERT INTO t VALUES (3, 'c'), (4, 'd');
UPDATE t SET v = 'A' WHERE id = 1;
COMMIT;
SELECT message, flags, request_id FROM chrondb.log LIMIT 1;
SHOW chrondb.flags;
SHOW chrondb.request_id;
INSERT INTO t VALUES (5, 'e');
SELECT flags, request_id FROM chrondb.log LIMIT 1;
-- one transaction, one commit, one tx_id
SELECT count(DISTINCT tx_id) = count(*) AS one_each FROM chrondb.log;
-- a SET in a transaction rolled back is undone
BEGIN;
SET chrondb.request_id = 'never';
ROLLBACK;
SHOW chrondb.request_id;
-- blank and repeated flags are dropped; flags are sorted
SET chrondb.flags = ' z , ,a, z ';
UPDATE t SET v = 'E' WHERE id = 5;
SELECT flags FROM chrondb.log LIMIT 1;
-- RESET: none again
RESET chrondb.flags;
RESET chrondb.request_id;
SET application_name = '';
DELETE FROM t WHERE id = 5;
SELECT flags, request_id, application_name, (note->'metadata') - 'remote-addr' AS metadata
  FROM chrondb.log LIMIT 1;
-- what each note has, by key
SELECT key, count(*) FROM chrondb.log, jsonb_object_keys(note) AS key GROUP BY key ORDER BY key;
-- a transaction that writes nothing makes no commit
SELECT count(*) FROM chrondb.log;
BEGIN;
SET LOCAL chrondb.flags = 'nothing';
SELECT 1;
COMMIT;
UPDATE t SET v = v WHERE id = 99;
SELECT count(*) FROM chrondb.log;
-- the settings in pg_settings
SELECT name, setting, category FROM pg_settings WHERE name LIKE 'chrondb.%' ORDER BY name;
