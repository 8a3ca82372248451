-- Time travel: AS OF '<ref>' and FOR SYSTEM_TIME AS OF per table, FOR SYSTEM_TIME
-- BETWEEN / FROM ... TO / ALL with their system columns, the session's chrondb.as_of,
-- and the errors of each.  Commit ids and times differ from run to run: refs are
-- relative (main~2), times come from a table of marks (clock_timestamp() between
-- commits) or from the versions' own system columns, and only counts and comparisons
-- of them are printed.
CREATE TABLE marks (n int PRIMARY KEY, at timestamptz);
CREATE TABLE acct (id int PRIMARY KEY, owner text, balance int);
CREATE SEQUENCE s;
CREATE VIEW rich AS SELECT id FROM acct WHERE balance > 100;
INSERT INTO marks VALUES (0, clock_timestamp());
INSERT INTO acct VALUES (1, 'ann', 100), (2, 'bob', 50);
INSERT INTO marks VALUES (1, clock_timestamp());
UPDATE acct SET balance = 120 WHERE id = 1;
INSERT INTO marks VALUES (2, clock_timestamp());
INSERT INTO acct VALUES (3, 'cy', 10);
DELETE FROM acct WHERE id = 2;
INSERT INTO marks VALUES (3, clock_timestamp());
UPDATE acct SET balance = balance + 1;
INSERT INTO marks VALUES (4, clock_timestamp());
-- main is marks 4; main~1 the +1; main~2 marks 3; main~3 the DELETE; main~4 row 3;
-- main~5 marks 2; main~6 the 120; main~7 marks 1; main~8 rows 1 and 2; main~9 marks 0;
-- main~10 CREATE VIEW; main~11 CREATE SEQUENCE; main~12 CREATE TABLE acct;
-- main~13 CREATE TABLE marks.
SELECT * FROM acct ORDER BY id;

-- AS OF a ref: a branch, HEAD, ~n and ^ steps.
SELECT * FROM acct AS OF 'main~1' ORDER BY id;
SELECT * FROM acct AS OF 'HEAD~3' ORDER BY id;
SELECT * FROM acct AS OF 'main^^^^' ORDER BY id;
SELECT * FROM acct AS OF 'main~8' ORDER BY id;
SELECT * FROM acct AS OF 'main~10' ORDER BY id;
SELECT count(*) FROM acct AS OF 'main';
-- Per table: one query reads a table now and as it was.
SELECT n.id, p.balance AS before, n.balance AS now
  FROM acct n FULL JOIN acct AS OF 'main~6' p ON p.id = n.id ORDER BY 1, 2;
SELECT a.id, a.balance, b.balance, c.balance
  FROM acct AS OF 'main~8' a JOIN acct AS OF 'main~6' AS b USING (id)
  LEFT JOIN acct c ON c.id = a.id ORDER BY a.id;
SELECT id FROM acct WHERE id NOT IN (SELECT id FROM acct AS OF 'main~8') ORDER BY id;
SELECT (SELECT sum(balance) FROM acct AS OF 'main~8') AS then, sum(balance) AS now FROM acct;
-- An alias after AS OF, and AS OF beside a view of the present.
SELECT x.owner FROM acct AS OF 'main~3' x JOIN rich USING (id) ORDER BY 1;
-- Refs that name nothing, a table that did not exist then.
SELECT * FROM acct AS OF 'main~14';
SELECT * FROM acct AS OF 'nonsense';
SELECT * FROM acct AS OF 'main~13';
SELECT * FROM acct AS OF 'main^2';

-- FOR SYSTEM_TIME AS OF a time: the last commit at or before it.
SELECT * FROM acct FOR SYSTEM_TIME AS OF (SELECT at FROM marks WHERE n = 1) ORDER BY id;
SELECT * FROM acct FOR SYSTEM_TIME AS OF (SELECT at FROM marks WHERE n = 3) ORDER BY id;
SELECT count(*) FROM acct FOR SYSTEM_TIME AS OF (SELECT at FROM marks WHERE n = 0);
SELECT count(*) FROM acct FOR SYSTEM_TIME AS OF now();
SELECT count(*) FROM acct FOR SYSTEM_TIME AS OF 'infinity';
SELECT count(*) FROM acct FOR SYSTEM_TIME AS OF now() + interval '1 day';
-- AS OF a time string; the time and the commit id a version names.
SELECT count(*) FROM acct AS OF 'infinity';
SELECT owner FROM acct
  FOR SYSTEM_TIME AS OF (SELECT _system_to FROM acct FOR SYSTEM_TIME ALL WHERE id = 2)
  ORDER BY 1;
SELECT owner, balance FROM acct
  AS OF CAST((SELECT _commit FROM acct FOR SYSTEM_TIME ALL WHERE balance = 120) AS text)
  ORDER BY 1;
-- Times that are not in the history, or no time at all.
SELECT * FROM acct FOR SYSTEM_TIME AS OF '-infinity';
SELECT * FROM acct FOR SYSTEM_TIME AS OF '2000-01-01 00:00:00+00';
SELECT * FROM acct AS OF '2000-01-01 00:00:00+00';
SELECT * FROM acct FOR SYSTEM_TIME AS OF NULL;
SELECT * FROM acct FOR SYSTEM_TIME AS OF 'yesterday-ish';
SELECT * FROM acct AS OF '2026-13-45';
SELECT * FROM acct FOR SYSTEM_TIME AS OF 42;
SELECT * FROM acct FOR SYSTEM_TIME AS OF (SELECT at FROM marks);
SELECT * FROM acct FOR SYSTEM_TIME AS OF count(*);

-- Prepared statements: the time or the ref as a parameter.
PREPARE at_time (timestamptz) AS
  SELECT id, balance FROM acct FOR SYSTEM_TIME AS OF $1 ORDER BY id;
EXECUTE at_time('infinity');
EXECUTE at_time('-infinity');
EXECUTE at_time(NULL);
PREPARE at_ref (text) AS SELECT count(*) FROM acct AS OF $1;
EXECUTE at_ref('main~8');
EXECUTE at_ref('main~3');
EXECUTE at_ref('main~99');
PREPARE at_any AS SELECT count(*) FROM acct AS OF $1;
EXECUTE at_any('main~6');
EXECUTE at_any('infinity');
PREPARE range (timestamptz, timestamptz) AS
  SELECT count(*) FROM acct FOR SYSTEM_TIME BETWEEN $1 AND $2;
EXECUTE range('-infinity', 'infinity');
EXECUTE range('infinity', '-infinity');
DEALLOCATE ALL;

-- FOR SYSTEM_TIME ALL: every version; * leaves the system columns out.
SELECT * FROM acct FOR SYSTEM_TIME ALL ORDER BY id, balance;
SELECT id, owner, balance, _system_to IS NULL AS current, _author,
       length(_commit) AS commit_len, _end_commit IS NULL AS not_ended
  FROM acct FOR SYSTEM_TIME ALL ORDER BY id, _system_from;
SELECT a.*, a._system_from < a._system_to AS ordered
  FROM acct FOR SYSTEM_TIME ALL a ORDER BY 1, 3;
SELECT v FROM acct FOR SYSTEM_TIME ALL v WHERE v.id = 3 ORDER BY v._system_from;
SELECT i, o FROM acct FOR SYSTEM_TIME ALL AS h (i, o) WHERE _system_to IS NULL ORDER BY i;
-- A version ends where the next one of its row begins; a deleted row's last
-- version ends at the deleting commit (between marks 2 and 3).
SELECT count(*) FROM acct FOR SYSTEM_TIME ALL a
  JOIN acct FOR SYSTEM_TIME ALL b ON a.id = b.id AND a._system_to = b._system_from
  AND a._end_commit = b._commit;
SELECT id, _system_to > (SELECT at FROM marks WHERE n = 2) AS after_2,
       _system_to < (SELECT at FROM marks WHERE n = 3) AS before_3
  FROM acct FOR SYSTEM_TIME ALL WHERE id = 2;
-- The current versions are the table now; versions as any relation.
(SELECT id, owner, balance FROM acct FOR SYSTEM_TIME ALL WHERE _system_to IS NULL)
  EXCEPT (SELECT * FROM acct);
SELECT id, count(*) AS versions, min(balance), max(balance)
  FROM acct FOR SYSTEM_TIME ALL GROUP BY id ORDER BY id;
SELECT id, balance FROM acct FOR SYSTEM_TIME ALL ORDER BY _system_from DESC, id LIMIT 2;
SELECT m.n, count(h.id) FROM marks m
  LEFT JOIN acct FOR SYSTEM_TIME ALL h ON h._system_from <= m.at
   AND (h._system_to IS NULL OR h._system_to > m.at)
  GROUP BY m.n ORDER BY m.n;
SELECT count(DISTINCT _commit) AS commits, count(DISTINCT _author) AS authors
  FROM acct FOR SYSTEM_TIME ALL;
SELECT tableoid = 'acct'::regclass AS same_table FROM acct FOR SYSTEM_TIME ALL LIMIT 1;
EXPLAIN (COSTS OFF) SELECT id FROM acct FOR SYSTEM_TIME ALL WHERE _system_to IS NULL;

-- BETWEEN includes its upper bound, FROM ... TO excludes it (SQL:2011).
SELECT id, balance FROM acct
  FOR SYSTEM_TIME BETWEEN (SELECT at FROM marks WHERE n = 1)
                      AND (SELECT at FROM marks WHERE n = 2) ORDER BY id, balance;
SELECT id, balance FROM acct
  FOR SYSTEM_TIME FROM (SELECT at FROM marks WHERE n = 1)
                    TO (SELECT at FROM marks WHERE n = 2) ORDER BY id, balance;
SELECT id, balance FROM acct
  FOR SYSTEM_TIME BETWEEN (SELECT at FROM marks WHERE n = 0)
    AND (SELECT _system_from FROM acct FOR SYSTEM_TIME ALL WHERE balance = 120)
  ORDER BY id, balance;
SELECT id, balance FROM acct
  FOR SYSTEM_TIME FROM (SELECT at FROM marks WHERE n = 0)
    TO (SELECT _system_from FROM acct FOR SYSTEM_TIME ALL WHERE balance = 120)
  ORDER BY id, balance;
-- A version that ended exactly at the start is not in the range.
SELECT id, balance FROM acct
  FOR SYSTEM_TIME BETWEEN (SELECT _system_from FROM acct FOR SYSTEM_TIME ALL WHERE balance = 120)
    AND 'infinity' WHERE id = 1 ORDER BY balance;
-- A point range is AS OF that time; an open start reaches back to the first commit.
SELECT (SELECT count(*) FROM acct FOR SYSTEM_TIME BETWEEN (SELECT at FROM marks WHERE n = 2)
                                              AND (SELECT at FROM marks WHERE n = 2)) AS point,
       (SELECT count(*) FROM acct FOR SYSTEM_TIME AS OF (SELECT at FROM marks WHERE n = 2)) AS as_of;
SELECT count(*) FROM acct FOR SYSTEM_TIME BETWEEN '-infinity' AND (SELECT at FROM marks WHERE n = 2);
SELECT count(*) FROM acct FOR SYSTEM_TIME FROM '-infinity' TO 'infinity';
-- A range that starts after it ends is empty; one before the history is an error.
SELECT count(*) FROM acct
  FOR SYSTEM_TIME BETWEEN (SELECT at FROM marks WHERE n = 3) AND (SELECT at FROM marks WHERE n = 1);
SELECT count(*) FROM acct FOR SYSTEM_TIME BETWEEN '-infinity' AND '2000-01-01 00:00:00+00';
SELECT count(*) FROM acct FOR SYSTEM_TIME FROM '-infinity' TO '-infinity';
SELECT count(*) FROM acct FOR SYSTEM_TIME BETWEEN NULL AND now();
SELECT count(*) FROM acct FOR SYSTEM_TIME FROM now() TO NULL;
SELECT count(*) FROM acct FOR SYSTEM_TIME BETWEEN 1 AND 2;
SELECT count(*) FROM acct FOR SYSTEM_TIME FROM 'soon' TO 'later';
SELECT count(*) FROM acct FOR SYSTEM_TIME BETWEEN 'main~2' AND 'main';

-- System columns come with ranges only (a join's inputs keep theirs); ranges apply
-- to tables only.
SELECT _system_from FROM acct;
SELECT a._commit FROM acct AS OF 'main~1' a;
SELECT h.owner, count(*) FROM acct FOR SYSTEM_TIME ALL h JOIN acct USING (id)
  WHERE _end_commit IS NOT NULL GROUP BY h.owner ORDER BY 1;
SELECT _commit FROM acct FOR SYSTEM_TIME ALL a, acct FOR SYSTEM_TIME ALL b;
SELECT _commit FROM (acct FOR SYSTEM_TIME ALL a JOIN acct b USING (id)) j;
SELECT * FROM rich FOR SYSTEM_TIME ALL;
SELECT * FROM nosuch FOR SYSTEM_TIME ALL;
SELECT * FROM acct FOR SYSTEM_TIME ALL FOR UPDATE;
WITH w AS (SELECT 1) SELECT * FROM w FOR SYSTEM_TIME ALL;
SELECT * FROM pg_class FOR SYSTEM_TIME ALL;

-- The session pinned (refs count the CREATE TABLE below): every read as of the
-- UPDATE to 120 (main~7), the catalog too; writes refused.
CREATE TABLE later (x int);
SHOW chrondb.as_of;
SET chrondb.as_of = 'main~7';
SHOW chrondb.as_of;
SELECT * FROM acct ORDER BY id;
SELECT n FROM marks ORDER BY n;
SELECT * FROM later;
SELECT count(*) FROM pg_class WHERE relname = 'later';
SELECT count(*) FROM acct FOR SYSTEM_TIME ALL;
SELECT count(*) FROM acct AS OF 'main';
SELECT count(*) FROM acct AS OF 'main~8';
INSERT INTO acct VALUES (9, 'zed', 0);
UPDATE acct SET balance = 0;
DELETE FROM acct;
CREATE TABLE nope (x int);
SELECT nextval('s');
SELECT * FROM acct FOR UPDATE;
-- SET TO another value, to DEFAULT, RESET, set_config.
SET chrondb.as_of TO 'main~8';
SELECT id, balance FROM acct ORDER BY id;
SET chrondb.as_of TO DEFAULT;
SELECT count(*) FROM later;
SELECT set_config('chrondb.as_of', 'main~11', false);
SELECT count(*) FROM acct;
RESET chrondb.as_of;
SELECT count(*) FROM acct;
-- Values that name nothing leave the setting as it was.
SET chrondb.as_of = 'nonsense';
SET chrondb.as_of = 'main~99';
SET chrondb.as_of = '2000-01-01 00:00:00+00';
SET chrondb.as_of = '-infinity';
SET chrondb.as_of = '2026-13-45';
SHOW chrondb.as_of;
-- SET LOCAL lasts until the transaction ends; a rolled-back SET is undone.
BEGIN;
SET LOCAL chrondb.as_of = 'main~11';
SELECT count(*) FROM acct;
SHOW chrondb.as_of;
COMMIT;
SHOW chrondb.as_of;
SELECT count(*) FROM acct;
BEGIN;
SET chrondb.as_of = 'main~8';
SELECT count(*) FROM acct;
ROLLBACK;
SHOW chrondb.as_of;
SELECT count(*) FROM acct;
-- A pin inside a transaction that wrote: its reads are of the past alone.
BEGIN;
INSERT INTO later VALUES (1);
SELECT count(*) FROM later;
SET LOCAL chrondb.as_of = 'main';
SELECT count(*) FROM later;
INSERT INTO later VALUES (2);
ROLLBACK;
SELECT count(*) FROM later;
-- With branches: a ref pins one commit whatever the session's branch; a time is
-- read on the session's branch, again when it changes; another branch named as a
-- schema is read as of the pin's time.
CREATE SCHEMA feature;
SET chrondb.branch = feature;
INSERT INTO acct VALUES (7, 'fay', 70);
SET chrondb.as_of = 'feature~1';
SELECT count(*) FROM acct;
SELECT count(*) FROM acct AS OF 'feature';
SET chrondb.branch = main;
SELECT count(*) FROM acct;
SET chrondb.as_of = 'infinity';
SELECT count(*) FROM acct;
SELECT count(*) FROM feature.acct;
SET chrondb.branch = feature;
SELECT count(*) FROM acct;
SELECT count(*) FROM acct FOR SYSTEM_TIME ALL WHERE id = 7;
RESET chrondb.as_of;
SET chrondb.branch = main;
SELECT count(*) FROM acct FOR SYSTEM_TIME ALL WHERE id = 7;
SELECT count(*) FROM feature.acct FOR SYSTEM_TIME ALL WHERE id = 7;
