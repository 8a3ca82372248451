-- chrondb_indexes: secondary indexes at snapshots other than the branch
-- head: old commits (AS OF), other branches, a transaction's view beside
-- the past; each query also read with enable_indexscan off, to agree.
CREATE TABLE t (id int PRIMARY KEY, grp int, note text);
CREATE INDEX t_grp_idx ON t (grp);
INSERT INTO t SELECT g, g % 5, 'n' || g FROM generate_series(1, 50) g;
UPDATE t SET grp = 9 WHERE id <= 3;
DELETE FROM t WHERE grp = 4;
SELECT count(*), sum(id) FROM t WHERE grp = 4;
SELECT count(*), sum(id) FROM t AS OF 'main~1' WHERE grp = 4;
SELECT id, grp FROM t AS OF 'main~1' WHERE grp >= 9 ORDER BY id;
SELECT id, grp FROM t AS OF 'main~2' WHERE grp >= 9 ORDER BY id;
SELECT count(*), sum(id) FROM t AS OF 'main~2' WHERE grp IN (1, 2);
EXPLAIN (COSTS OFF) SELECT id FROM t AS OF 'main~2' WHERE grp >= 9;
SET enable_indexscan = off;
SELECT count(*), sum(id) FROM t AS OF 'main~1' WHERE grp = 4;
SELECT id, grp FROM t AS OF 'main~1' WHERE grp >= 9 ORDER BY id;
SELECT count(*), sum(id) FROM t AS OF 'main~2' WHERE grp IN (1, 2);
RESET enable_indexscan;
-- another branch: its own rows through the same index
CREATE SCHEMA dev;
SET chrondb.branch = dev;
UPDATE t SET grp = 7 WHERE grp = 1;
INSERT INTO t VALUES (100, 7, 'dev only');
RESET chrondb.branch;
SELECT count(*), sum(id) FROM dev.t WHERE grp = 7;
SELECT count(*), sum(id) FROM t WHERE grp = 7;
SELECT count(*), sum(id) FROM dev.t WHERE grp = 1;
SELECT count(*), sum(id) FROM t WHERE grp = 1;
EXPLAIN (COSTS OFF) SELECT id FROM dev.t WHERE grp = 7;
-- a transaction reads its writes at the head, and the past without them
BEGIN;
UPDATE t SET grp = 4 WHERE id IN (10, 11);
INSERT INTO t VALUES (101, 4, 'new');
SELECT id, grp FROM t WHERE grp = 4 ORDER BY id;
SELECT count(*) FROM t AS OF 'main~1' WHERE grp = 4;
SELECT count(*) FROM t AS OF 'main~1' WHERE id IN (10, 11, 101) AND grp = 4;
ROLLBACK;
SELECT id, grp FROM t WHERE grp = 4 ORDER BY id;
