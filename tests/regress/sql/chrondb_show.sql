-- chrondb_show: ChronDB's listings: SHOW TABLES [FROM schema], SHOW
-- SCHEMAS / SHOW DATABASES (branches, the default one as public),
-- DESCRIBE and SHOW COLUMNS FROM (tables and views), as the statement's
-- snapshot and the session's transaction see them.
SHOW TABLES;
CREATE TABLE users (id serial PRIMARY KEY, email varchar(100) UNIQUE NOT NULL,
  name text, age int DEFAULT 18, score numeric(6,2), tags text[],
  created timestamptz DEFAULT now());
CREATE TABLE orders (user_id int, line int, total numeric, note text,
  PRIMARY KEY (user_id, line));
CREATE INDEX orders_note_idx ON orders (note);
CREATE TABLE counters (n int GENERATED ALWAYS AS IDENTITY, b boolean DEFAULT true);
SHOW TABLES;
SHOW TABLES FROM public;
SHOW TABLES IN public;
SHOW TABLES FROM nosuchbranch;
SHOW TABLES FROM pg_catalog;
SHOW SCHEMAS;
SHOW DATABASES;
-- DESCRIBE: Field, Type (format_type's spelling), Null, Key, Default
DESCRIBE users;
DESCRIBE orders;
DESCRIBE counters;
DESCRIBE "Mixed Case";
SHOW COLUMNS FROM public.users;
DESCRIBE nosuchtable;
DESCRIBE nosuchbranch.users;
CREATE VIEW adults AS SELECT id, upper(name) AS shout, age * 2 AS twice FROM users
  WHERE age >= 18;
DESCRIBE adults;
SHOW TABLES;
-- A transaction sees its own tables; a rollback takes them away.
BEGIN;
CREATE TABLE scratch (k text PRIMARY KEY);
SHOW TABLES;
DESCRIBE scratch;
ROLLBACK;
SHOW TABLES;
DESCRIBE scratch;
DROP TABLE orders;
SHOW TABLES;
