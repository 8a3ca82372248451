-- chrondb_identifiers: quoted names in ChronDB's listings: SHOW TABLES
-- gives the names as written (storage keeps them percent-encoded in the
-- repository: "My Table" is My%20Table/), DESCRIBE takes any of them, and
-- a serial's default names its sequence quoted when it must be.
CREATE TABLE "My Table" (id serial PRIMARY KEY, "Val" text);
CREATE TABLE "MixedCase" (k text PRIMARY KEY);
CREATE TABLE mixedcase (k text PRIMARY KEY);
CREATE TABLE "a/b" (k text);
CREATE TABLE ".." (k text);
CREATE TABLE "café" (k text);
CREATE TABLE "it's" (id serial);
SHOW TABLES;
DESCRIBE "My Table";
DESCRIBE "it's";
SHOW COLUMNS FROM "a/b";
DESCRIBE "MIXEDCASE";
INSERT INTO "My Table" ("Val") VALUES ('x');
INSERT INTO "it's" DEFAULT VALUES;
SELECT * FROM "My Table";
SELECT * FROM "it's";
DROP TABLE "a/b", "MixedCase";
SHOW TABLES;
