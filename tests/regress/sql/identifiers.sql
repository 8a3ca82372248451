-- identifiers: any identifier names a table, sequence, view or index:
-- quoted names with upper case, spaces, punctuation, UTF-8 and leading
-- dots, up to 63 bytes; names that differ only by case are different
-- relations; nextval, currval and setval read their argument as a name
-- (unquoted parts fold to lower case, quoted ones are kept).
CREATE TABLE "MixedCase" (id int PRIMARY KEY, v text);
CREATE TABLE mixedcase (id int PRIMARY KEY, v text);
CREATE TABLE "MIXEDCASE" (id int PRIMARY KEY, v text);
INSERT INTO "MixedCase" VALUES (1, 'quoted');
INSERT INTO MixedCase VALUES (1, 'folded');
INSERT INTO "MIXEDCASE" VALUES (1, 'upper');
SELECT v FROM "MixedCase";
SELECT v FROM MIXEDCASE;
SELECT v FROM "MIXEDCASE";
CREATE TABLE "MixedCase" (x int);
SELECT * FROM "Mixedcase";
-- Punctuation, spaces, UTF-8, dots, and names that look like escapes.
CREATE TABLE "My Table" (id serial PRIMARY KEY, "Val" text);
CREATE TABLE "a/b" (k text PRIMARY KEY, n int);
CREATE TABLE "a%2Fb" (k text PRIMARY KEY, n int);
CREATE TABLE "100%" (k text PRIMARY KEY, n int);
CREATE TABLE "x,y" (k text PRIMARY KEY, n int);
CREATE TABLE "café" (k text PRIMARY KEY, n int);
CREATE TABLE ".hidden" (k text PRIMARY KEY, n int);
CREATE TABLE ".." (k text PRIMARY KEY, n int);
CREATE TABLE "." (k text PRIMARY KEY, n int);
CREATE TABLE ".chrondb" (k text PRIMARY KEY, n int);
CREATE TABLE "it's ""quoted""" (id serial, k text);
CREATE TABLE "                                                               " (k text);
INSERT INTO "My Table" ("Val") VALUES ('a'), ('b');
INSERT INTO "a/b" VALUES ('slash', 1);
INSERT INTO "a%2Fb" VALUES ('percent', 2);
INSERT INTO "100%" VALUES ('p', 3);
INSERT INTO "x,y" VALUES ('comma', 4);
INSERT INTO "café" VALUES ('é', 5);
INSERT INTO ".hidden" VALUES ('dot', 6);
INSERT INTO ".." VALUES ('dotdot', 7);
INSERT INTO "." VALUES ('one dot', 8);
INSERT INTO ".chrondb" VALUES ('catalog?', 9);
INSERT INTO "it's ""quoted""" (k) VALUES ('q1'), ('q2');
INSERT INTO "                                                               " VALUES ('blank');
SELECT * FROM "My Table" ORDER BY id;
SELECT * FROM "a/b" UNION ALL SELECT * FROM "a%2Fb" UNION ALL SELECT * FROM "100%"
  UNION ALL SELECT * FROM "x,y" UNION ALL SELECT * FROM "café"
  UNION ALL SELECT * FROM ".hidden" UNION ALL SELECT * FROM ".."
  UNION ALL SELECT * FROM "." UNION ALL SELECT * FROM ".chrondb" ORDER BY n;
SELECT * FROM "it's ""quoted""" ORDER BY id;
SELECT k FROM "                                                               ";
UPDATE "a/b" SET n = n + 10 RETURNING *;
DELETE FROM "x,y" WHERE k = 'comma';
SELECT count(*) FROM "x,y";
SELECT t.k, u.k FROM "a/b" t JOIN "a%2Fb" u ON u.n < t.n;
-- Sequences: the serial's own, and names read as PostgreSQL reads them.
SELECT currval('"My Table_id_seq"');
SELECT nextval('"My Table_id_seq"'), nextval('public."My Table_id_seq"');
SELECT setval('"it''s ""quoted""_id_seq"', 10), nextval('"it''s ""quoted""_id_seq"');
INSERT INTO "it's ""quoted""" (k) VALUES ('q3') RETURNING id;
CREATE SEQUENCE "Seq.X";
CREATE SEQUENCE UpperSeq;
SELECT nextval('"Seq.X"'), nextval('UpperSeq'), nextval('upperseq'),
  nextval('"upperseq"'), nextval(' public . UPPERSEQ ');
SELECT nextval(n) FROM (VALUES ('"UpperSeq"')) v(n);
SELECT nextval(n) FROM (VALUES ('"Seq.X')) v(n);
SELECT nextval(n) FROM (VALUES ('a.')) v(n);
SELECT nextval(n) FROM (VALUES ('')) v(n);
SELECT nextval(n) FROM (VALUES ('""')) v(n);
SELECT nextval(n) FROM (VALUES ('two words')) v(n);
SELECT nextval(n) FROM (VALUES ('x.y.upperseq')) v(n);
SELECT nextval(n) FROM (VALUES ('w.x.y.upperseq')) v(n);
DROP SEQUENCE "Seq.X";
DROP SEQUENCE upperseq;
-- Views and indexes.
CREATE VIEW "My View" AS SELECT "Val" AS "Shown" FROM "My Table" WHERE id > 1;
SELECT * FROM "My View" ORDER BY 1;
CREATE INDEX "My Index" ON "My Table" ("Val");
SELECT id FROM "My Table" WHERE "Val" = 'b';
DROP INDEX "My Index";
DROP VIEW "My View";
-- ALTER and DROP.
ALTER TABLE "My Table" ADD COLUMN "New Col" int DEFAULT 5;
ALTER TABLE "My Table" RENAME TO "Your Table";
SELECT * FROM "Your Table" ORDER BY id;
SELECT * FROM "My Table";
TRUNCATE "..";
SELECT count(*) FROM "..";
DROP TABLE "a/b", "100%", "café", ".", ".chrondb";
SELECT * FROM "a%2Fb";
SELECT * FROM "a/b";
CREATE TABLE "a/b" (k text);
SELECT count(*) FROM "a/b";
