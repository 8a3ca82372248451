-- locking: SELECT's locking clauses (FOR UPDATE, FOR NO KEY UPDATE, FOR
-- SHARE, FOR KEY SHARE, OF, NOWAIT, SKIP LOCKED) and where PostgreSQL
-- allows them, LOCK TABLE's modes and errors, and what pg_locks shows of
-- one session's locks, savepoints included.  What happens between
-- sessions is tests/wire/clients/isolation's.
CREATE TABLE t (id int PRIMARY KEY, v int, note text);
CREATE TABLE u (id int PRIMARY KEY, tid int, w int);
CREATE TABLE np (a int, b text);
CREATE VIEW vt AS SELECT id, v FROM t WHERE v >= 0;
CREATE VIEW vg AS SELECT v, count(*) AS n FROM t GROUP BY v;
CREATE SEQUENCE sq;
INSERT INTO t VALUES (1, 10, 'one'), (2, 20, 'two'), (3, 30, 'three');
INSERT INTO u VALUES (10, 1, 0), (20, 2, 0);
INSERT INTO np VALUES (1, 'x'), (2, 'y');
-- the four strengths, with OF, NOWAIT and SKIP LOCKED
SELECT * FROM t ORDER BY id FOR UPDATE;
SELECT * FROM t WHERE id = 2 FOR NO KEY UPDATE;
SELECT id FROM t WHERE v > 10 ORDER BY id FOR SHARE;
SELECT id, v * 2 AS twice FROM t ORDER BY id FOR KEY SHARE;
SELECT * FROM t ORDER BY id FOR UPDATE OF t NOWAIT;
SELECT * FROM t ORDER BY id FOR SHARE SKIP LOCKED;
SELECT * FROM t x ORDER BY id FOR UPDATE OF x;
SELECT * FROM t ORDER BY id FOR UPDATE OF t, t;
SELECT * FROM t ORDER BY id FOR UPDATE FOR SHARE;
SELECT * FROM t ORDER BY id FOR SHARE NOWAIT FOR UPDATE SKIP LOCKED;
SELECT * FROM t ORDER BY id FOR UPDATE OF t FOR SHARE OF t;
SELECT * FROM t ORDER BY id FOR READ ONLY;
SELECT * FROM np ORDER BY a FOR UPDATE;
-- LIMIT before or after, ORDER BY
SELECT * FROM t ORDER BY id FOR UPDATE LIMIT 1;
SELECT * FROM t ORDER BY id DESC LIMIT 2 FOR UPDATE;
SELECT * FROM t ORDER BY id LIMIT 1 OFFSET 1 FOR UPDATE SKIP LOCKED;
SELECT id FROM t WHERE id > 1 ORDER BY v DESC FETCH FIRST 1 ROW ONLY FOR NO KEY UPDATE;
EXPLAIN (COSTS OFF) SELECT * FROM np FOR UPDATE;
EXPLAIN (COSTS OFF) SELECT * FROM np ORDER BY a LIMIT 1 FOR UPDATE SKIP LOCKED;
-- joins: every table, or the ones OF names
SELECT t.id, u.id FROM t JOIN u ON u.tid = t.id ORDER BY t.id FOR UPDATE;
SELECT t.id, u.id FROM t, u WHERE u.tid = t.id ORDER BY t.id FOR UPDATE OF u;
SELECT * FROM t JOIN u USING (id) FOR UPDATE OF t;
SELECT t.id, u.id FROM t LEFT JOIN u ON u.tid = t.id ORDER BY t.id FOR UPDATE OF t;
SELECT t.id, g FROM t, generate_series(1, 2) g WHERE t.id = 1 ORDER BY g FOR UPDATE;
SELECT t.id, g FROM t, generate_series(1, 2) g WHERE t.id = 1 ORDER BY g FOR UPDATE OF t;
-- views, subqueries and WITH queries
SELECT * FROM vt ORDER BY id FOR UPDATE;
SELECT * FROM vt WHERE id = 2 FOR SHARE;
SELECT * FROM (SELECT id, v FROM t WHERE v < 30) s ORDER BY id FOR UPDATE;
SELECT * FROM (SELECT id FROM t ORDER BY id LIMIT 2) s FOR UPDATE OF s;
SELECT * FROM (SELECT * FROM t FOR UPDATE) s WHERE id = 3;
SELECT * FROM (VALUES (1), (2)) v(x) FOR UPDATE;
SELECT * FROM t WHERE id IN (SELECT tid FROM u FOR UPDATE) ORDER BY id;
SELECT (SELECT v FROM t WHERE id = 1 FOR UPDATE) AS v;
WITH w AS (SELECT * FROM t FOR UPDATE) SELECT count(*) FROM w;
WITH w AS (SELECT * FROM t) SELECT id FROM w ORDER BY id FOR UPDATE;
SELECT 1 AS one FOR UPDATE;
-- what PostgreSQL refuses
SELECT v, count(*) FROM t GROUP BY v FOR UPDATE;
SELECT count(*) FROM t FOR UPDATE;
SELECT DISTINCT v FROM t FOR SHARE;
SELECT DISTINCT ON (v) id FROM t FOR KEY SHARE;
SELECT * FROM t HAVING true FOR UPDATE;
SELECT id FROM t UNION SELECT id FROM u FOR UPDATE;
(SELECT id FROM t) EXCEPT (SELECT id FROM u) FOR NO KEY UPDATE;
SELECT id, row_number() OVER () FROM t FOR UPDATE;
SELECT sum(v) OVER (), id FROM t FOR SHARE;
SELECT generate_series(1, 2), id FROM t FOR UPDATE;
VALUES (1) FOR UPDATE;
SELECT * FROM t FOR UPDATE OF x;
SELECT * FROM t x FOR UPDATE OF t;
SELECT * FROM t FOR SHARE OF public.t;
SELECT * FROM t FOR UPDATE OF t.id;
SELECT * FROM t, u FOR UPDATE OF t, nosuch;
SELECT * FROM t LEFT JOIN u ON u.tid = t.id FOR UPDATE;
SELECT * FROM t LEFT JOIN u ON u.tid = t.id FOR UPDATE OF u;
SELECT * FROM t RIGHT JOIN u ON u.tid = t.id FOR SHARE OF t;
SELECT * FROM t FULL JOIN u ON u.tid = t.id FOR KEY SHARE OF u;
SELECT * FROM t, generate_series(1, 2) g FOR UPDATE OF g;
SELECT * FROM (t JOIN u USING (id)) AS j FOR UPDATE OF j;
WITH w AS (SELECT * FROM t) SELECT * FROM w FOR UPDATE OF w;
SELECT * FROM vg FOR UPDATE;
SELECT * FROM (SELECT v, count(*) FROM t GROUP BY v) s FOR UPDATE;
SELECT * FROM (SELECT DISTINCT v FROM t) s FOR SHARE;
SELECT * FROM (SELECT id FROM t UNION SELECT id FROM u) s FOR UPDATE;
SELECT * FROM (SELECT * FROM t) s LEFT JOIN u ON u.tid = s.id FOR UPDATE OF u;
-- in a transaction; read-only ones may lock tables but not rows
BEGIN;
SELECT * FROM t WHERE id = 1 FOR UPDATE;
UPDATE t SET v = v + 1 WHERE id = 1;
SELECT * FROM t WHERE id = 1 FOR SHARE;
COMMIT;
SELECT * FROM t WHERE id = 1;
BEGIN READ ONLY;
SELECT * FROM t FOR UPDATE;
ROLLBACK;
BEGIN READ ONLY;
SELECT * FROM t FOR KEY SHARE;
ROLLBACK;
BEGIN READ ONLY;
SELECT * FROM generate_series(1, 2) g FOR UPDATE;
LOCK t IN ACCESS EXCLUSIVE MODE;
ROLLBACK;
BEGIN;
SELECT * FROM t WHERE id = 1 FOR UPDATE;
SELECT 1 / 0;
SELECT * FROM t FOR UPDATE;
ROLLBACK;
-- LOCK TABLE
LOCK t;
LOCK TABLE t IN SHARE MODE;
BEGIN;
LOCK t;
LOCK TABLE t;
LOCK TABLE t IN ACCESS SHARE MODE;
LOCK TABLE ONLY t, u IN ROW SHARE MODE;
LOCK t IN ROW EXCLUSIVE MODE NOWAIT;
LOCK t IN SHARE UPDATE EXCLUSIVE MODE;
LOCK t IN SHARE MODE;
LOCK t IN SHARE ROW EXCLUSIVE MODE;
LOCK t IN EXCLUSIVE MODE;
LOCK t IN ACCESS EXCLUSIVE MODE NOWAIT;
LOCK t*, ONLY (u);
LOCK public.t;
SELECT count(*) FROM t;
COMMIT;
BEGIN;
LOCK nosuch;
ROLLBACK;
BEGIN;
LOCK public.nosuch IN SHARE MODE;
ROLLBACK;
BEGIN;
LOCK vt IN ACCESS SHARE MODE;
LOCK vt;
LOCK vg IN EXCLUSIVE MODE;
COMMIT;
BEGIN;
LOCK sq;
ROLLBACK;
BEGIN;
LOCK pg_class IN ACCESS SHARE MODE;
LOCK pg_catalog.pg_namespace IN ROW EXCLUSIVE MODE;
COMMIT;
BEGIN;
LOCK TABLE t IN FOO MODE;
ROLLBACK;
LOCK TABLE t IN SHARE MODE NOWAIT LOCKED;
LOCK TABLE t IN ROW MODE;
-- pg_locks: this session's table locks, by mode; savepoints give back what they took
SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation'
  AND relation = 't'::regclass;
BEGIN;
SELECT count(*) FROM t;
SELECT locktype, relation::regclass, mode, granted FROM pg_locks
  WHERE pid = pg_backend_pid() AND relation = 't'::regclass ORDER BY mode;
SELECT * FROM t WHERE id = 2 FOR SHARE;
UPDATE t SET note = 'zwei' WHERE id = 2;
SELECT mode, granted FROM pg_locks
  WHERE pid = pg_backend_pid() AND relation = 't'::regclass ORDER BY mode;
SAVEPOINT s;
LOCK t IN SHARE ROW EXCLUSIVE MODE;
LOCK u IN EXCLUSIVE MODE;
SELECT relation::regclass, mode FROM pg_locks
  WHERE pid = pg_backend_pid() AND relation IN ('t'::regclass, 'u'::regclass)
  ORDER BY 1, 2;
ROLLBACK TO s;
SELECT relation::regclass, mode FROM pg_locks
  WHERE pid = pg_backend_pid() AND relation IN ('t'::regclass, 'u'::regclass)
  ORDER BY 1, 2;
SAVEPOINT s2;
LOCK u IN SHARE MODE;
RELEASE s2;
SELECT relation::regclass, mode FROM pg_locks
  WHERE pid = pg_backend_pid() AND relation = 'u'::regclass ORDER BY 1, 2;
SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'transactionid'
  AND mode = 'ExclusiveLock' AND granted;
SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'virtualxid';
COMMIT;
SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND relation IN ('t'::regclass,
  'u'::regclass);
BEGIN;
SELECT count(*) FROM t;
SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'transactionid';
SELECT pg_advisory_xact_lock(7);
SELECT locktype, classid, objid, objsubid, mode, granted FROM pg_locks
  WHERE pid = pg_backend_pid() AND locktype = 'advisory';
ROLLBACK;
SELECT pg_blocking_pids(pg_backend_pid());
SELECT count(*) FROM pg_locks WHERE NOT granted;
-- what a row lock does to what follows in the same transaction
BEGIN;
SELECT * FROM t WHERE id = 3 FOR KEY SHARE;
UPDATE t SET id = 4 WHERE id = 3;
SELECT * FROM t ORDER BY id FOR UPDATE;
DELETE FROM t WHERE id = 4;
SELECT * FROM t ORDER BY id FOR NO KEY UPDATE;
ROLLBACK;
SELECT * FROM t ORDER BY id;
