-- errors: how errors print (primary message, LINE and caret, DETAIL, HINT,
-- CONTEXT)
-- for syntax errors (42601), undefined tables (42P01), columns (42703) and
-- functions or operators (42883), type mismatches (42804), ambiguous
-- names (42702) and a few more; each is followed by a good statement to
-- show the session goes on.
CREATE TABLE t (id int, name text);
INSERT INTO t VALUES (1, 'a'), (2, 'b');
CREATE TABLE u (id int, name text, extra int);
INSERT INTO u VALUES (1, 'x', 10);
-- syntax errors
SELEC 1;
SELECT 1 AS ok;
SELECT 1 +;
SELECT (1 + 2));
SELECT 1 2;
SELECT * FORM t;
SELECT 1 FROM;
CREATE TABLE (a int);
INSERT INTO VALUES (1);
SELECT id FROM t WHERE;
SELECT id FROM t ORDER id;
SELECT 1 AS ok;
SELECT
  id,
  name name2 extra
FROM t;
SELECT id, name FROM t ORDER BY id;
SELECT 1 AS select;
SELECT 1 select;
CREATE TABLE user (id int);
SELECT 1 AS ok;
SELECT 1/0; SELECT 'after an error on the same line' AS ok;
;
SELECT 'empty statement skipped' AS ok;
-- undefined table
SELECT * FROM missing;
SELECT * FROM t, missing;
SELECT missing.x FROM t;
SELECT aaaaaaaaaa, bbbbbbbbbb, cccccccccc, dddddddddd, eeeeeeeeee FROM nosuchtable WHERE x = 1;
SELECT id, name, id + 1 AS next, upper(name) AS shout, length(name) AS len FROM t AS tt WHERE zz = 1;
SELECT count(*) FROM t;
-- undefined column
SELECT nope FROM t;
SELECT t.nope FROM t;
SELECT nme FROM t;
SELECT id FROM t ORDER BY nope;
SELECT * FROM t WHERE nope = 1;
SELECT id FROM t GROUP BY nope;
SELECT "ID" FROM t;
SELECT id FROM t;
-- undefined function or operator
SELECT nosuchfunc(1);
SELECT length(1, 2, 3);
SELECT 'a'::text + 1;
SELECT - 'abc'::text;
SELECT now(1);
SELECT id FROM t WHERE name > 1;
SELECT upper(name) FROM t ORDER BY 1;
-- datatype mismatch
SELECT 1 WHERE 1;
SELECT id FROM t WHERE name;
SELECT CASE WHEN true THEN 1 ELSE 'x'::text END;
SELECT COALESCE(1, 'a'::text);
INSERT INTO t (id) VALUES (true);
UPDATE t SET id = 'a'::text WHERE id = 1;
SELECT id FROM t WHERE id = 1 AND 'yes'::text;
SELECT ARRAY[1, 2] = 1;
SELECT id FROM t ORDER BY id;
-- ambiguous column
SELECT id FROM t, u;
SELECT name FROM t JOIN u ON t.id = u.id;
SELECT * FROM t JOIN u ON id = 1;
SELECT t.name, u.name FROM t JOIN u ON t.id = u.id;
SELECT id FROM t JOIN u USING (id);
-- invalid input, division by zero, out of range: the caret points at the input
SELECT 'abc'::int;
SELECT id FROM t WHERE id = 'abc';
SELECT 1 / 0;
SELECT id / 0 FROM t;
SELECT 2147483647 + 1;
SELECT 123456789012::int;
SELECT '2024-02-30'::date;
SELECT 1 AS ok;
-- other analysis errors
CREATE TABLE t (x int);
SELECT DISTINCT ON (id) name FROM t ORDER BY name;
SELECT 1 LIMIT -1;
SELECT 1 OFFSET -1;
SELECT id FROM t ORDER BY 5;
SELECT * FROM t GROUP BY 3;
SELECT id, count(*) FROM t;
SELECT id FROM t HAVING id > 1;
SELECT (SELECT id FROM t);
SELECT * FROM t WHERE id IN (SELECT id, name FROM t);
INSERT INTO t VALUES (1, 'a', 'too many');
INSERT INTO t (id, nope) VALUES (1, 2);
-- errors with a CONTEXT line: JSON input
SELECT '{"a": }'::jsonb;
SELECT '{"a":
  [1, 2,
   x]}'::json;
SELECT '{"a": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "b": tru}'::json;
SELECT '[1, 2'::jsonb;
-- assignment: bad input points at the literal; a value too long for its
-- column is found when it is stored, and has no position
CREATE TABLE v (c varchar(3), n int);
INSERT INTO v VALUES ('abcd', 1);
INSERT INTO v VALUES ('abc', 'x');
INSERT INTO v (n) SELECT 'y';
INSERT INTO v (n) SELECT true;
INSERT INTO v (c, n) SELECT 'a', 1, 2;
INSERT INTO v (c, n) SELECT 'a';
INSERT INTO v (c) SELECT 'abcdef';
INSERT INTO v VALUES ('ab', 1);
UPDATE v SET c = 'toolong';
UPDATE v SET n = 'x';
SELECT * FROM v;
-- relation names in strings (regclass arguments)
CREATE SEQUENCE sq;
SELECT nextval('nope');
SELECT currval('sq');
SELECT setval('public.nope', 1);
SELECT nextval('a.b.c.d');
SELECT nextval('t');
SELECT nextval('"SQ"');
SELECT nextval('SQ'), nextval(' public . sq ');
-- errors carry on inside transactions until ROLLBACK
BEGIN;
SELECT nope FROM t;
SELECT 1;
ROLLBACK;
-- identifiers longer than 63 bytes are truncated with a notice
SELECT 1 AS abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij;
SELECT "QuotedIdentifierQuotedIdentifierQuotedIdentifierQuotedIdentifierX" FROM t;
SELECT 1 AS abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij FORM t;
SELECT 'the end' AS status;
-- each boolean test names itself
SELECT 1 IS UNKNOWN;
SELECT 'x'::text IS NOT FALSE;
