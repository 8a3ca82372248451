-- constraints: NOT NULL (23502), PRIMARY KEY and UNIQUE (23505), CHECK
-- (23514) and FOREIGN KEY (23503) with their DETAIL lines, on INSERT and
-- UPDATE, single and multi-column, named and generated names, referential
-- actions, and a failing row rolling back its whole statement.
CREATE TABLE parent (id int PRIMARY KEY, code text UNIQUE, name text NOT NULL);
INSERT INTO parent VALUES (1, 'A', 'one'), (2, 'B', 'two');
INSERT INTO parent VALUES (1, 'C', 'dup');
INSERT INTO parent VALUES (3, 'A', 'dupcode');
INSERT INTO parent VALUES (4, NULL, 'nullcode'), (5, NULL, 'nullcode2');
INSERT INTO parent VALUES (6, 'D', NULL);
INSERT INTO parent (id, code) VALUES (7, 'E');
INSERT INTO parent VALUES (NULL, 'F', 'nullid');
UPDATE parent SET name = NULL WHERE id = 1;
UPDATE parent SET code = 'B' WHERE id = 1;
UPDATE parent SET id = 2 WHERE id = 1;
UPDATE parent SET code = 'Z' WHERE id = 2;
SELECT * FROM parent ORDER BY id;
-- a failing row undoes the rows before it in the same statement
INSERT INTO parent VALUES (8, 'G', 'ok'), (9, 'H', 'ok'), (1, 'I', 'dup');
SELECT count(*) FROM parent WHERE id >= 8;
-- composite keys
CREATE TABLE pair (a int, b int, v text, PRIMARY KEY (a, b));
INSERT INTO pair VALUES (1, 1, 'x'), (1, 2, 'y'), (2, 1, 'z');
INSERT INTO pair VALUES (1, 1, 'again');
INSERT INTO pair VALUES (1, NULL, 'null part');
UPDATE pair SET b = 1 WHERE a = 1 AND b = 2;
SELECT * FROM pair ORDER BY a, b;
CREATE TABLE uq (a int, b text, CONSTRAINT uq_ab UNIQUE (a, b));
INSERT INTO uq VALUES (1, NULL), (1, NULL), (1, 'x');
INSERT INTO uq VALUES (1, 'x');
SELECT * FROM uq ORDER BY a, b NULLS FIRST;
CREATE TABLE strkey (k text PRIMARY KEY);
INSERT INTO strkey VALUES ('a b'), ('A B');
INSERT INTO strkey VALUES ('a b');
-- CHECK
CREATE TABLE prod (id int PRIMARY KEY, price numeric CHECK (price > 0),
                   qty int CONSTRAINT qty_nonneg CHECK (qty >= 0),
                   CHECK (qty < 1000 OR price < 10));
INSERT INTO prod VALUES (1, 5, 10);
INSERT INTO prod VALUES (2, -1, 10);
INSERT INTO prod VALUES (3, 5, -1);
INSERT INTO prod VALUES (4, 50, 5000);
INSERT INTO prod VALUES (5, NULL, NULL);
INSERT INTO prod VALUES (6, 1, 5000);
UPDATE prod SET qty = -5 WHERE id = 1;
UPDATE prod SET price = price * 100 WHERE id = 6;
SELECT * FROM prod ORDER BY id;
CREATE TABLE named (x int, CONSTRAINT x_small CHECK (x < 10), CONSTRAINT x_pos CHECK (x > 0));
INSERT INTO named VALUES (5);
INSERT INTO named VALUES (50);
INSERT INTO named VALUES (0);
-- FOREIGN KEY
CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent (id), note text);
INSERT INTO child VALUES (10, 1, 'ok'), (11, NULL, 'no parent');
INSERT INTO child VALUES (12, 99, 'bad');
UPDATE child SET parent_id = 98 WHERE id = 10;
UPDATE child SET parent_id = 2 WHERE id = 11;
DELETE FROM parent WHERE id = 1;
UPDATE parent SET id = 100 WHERE id = 1;
UPDATE parent SET name = 'renamed' WHERE id = 1;
DELETE FROM parent WHERE id = 4;
SELECT * FROM child ORDER BY id;
-- referential actions
CREATE TABLE c2 (id int PRIMARY KEY, pid int REFERENCES parent ON DELETE CASCADE);
CREATE TABLE c3 (id int PRIMARY KEY, pid int REFERENCES parent (id) ON DELETE SET NULL);
CREATE TABLE c4 (id int PRIMARY KEY, pid int REFERENCES parent (id) ON UPDATE CASCADE);
INSERT INTO parent VALUES (6, 'F', 'six');
INSERT INTO c2 VALUES (1, 5), (2, 5), (3, 1);
INSERT INTO c3 VALUES (1, 5), (2, 1);
INSERT INTO c4 VALUES (1, 6);
DELETE FROM parent WHERE id = 5;
SELECT * FROM c2 ORDER BY id;
SELECT * FROM c3 ORDER BY id;
UPDATE parent SET id = 60 WHERE id = 6;
SELECT * FROM c4 ORDER BY id;
DELETE FROM parent WHERE id = 60;
DELETE FROM c2 WHERE pid = 1;
DELETE FROM parent WHERE id = 1;
-- foreign keys to a UNIQUE column, composite foreign keys
CREATE TABLE c5 (id int, pcode text, CONSTRAINT c5_code_fk FOREIGN KEY (pcode) REFERENCES parent (code));
INSERT INTO c5 VALUES (1, 'A'), (2, NULL);
INSERT INTO c5 VALUES (3, 'ZZ');
CREATE TABLE c6 (a int, b int, FOREIGN KEY (a, b) REFERENCES pair (a, b));
INSERT INTO c6 VALUES (1, 1), (NULL, 7);
INSERT INTO c6 VALUES (2, 2);
CREATE TABLE bad1 (x int REFERENCES pair (v));
CREATE TABLE bad2 (x int REFERENCES nope (id));
CREATE TABLE bad3 (x text REFERENCES parent (id));
-- NOT NULL with defaults
CREATE TABLE nn (id int NOT NULL DEFAULT 0, t text NOT NULL DEFAULT '');
INSERT INTO nn DEFAULT VALUES;
INSERT INTO nn VALUES (NULL, 'x');
INSERT INTO nn (t) VALUES (NULL);
UPDATE nn SET t = NULL;
SELECT * FROM nn;
-- dropping a referenced table
DROP TABLE c2, c3, c4, c5;
DROP TABLE parent;
DROP TABLE parent CASCADE;
INSERT INTO child VALUES (13, 12345, 'constraint is gone');
SELECT * FROM child ORDER BY id;
-- a table first referred to by nothing, then by a new table, then by none again
CREATE TABLE lone (id int PRIMARY KEY, v int);
INSERT INTO lone VALUES (1, 10), (2, 20);
UPDATE lone SET v = v + 1 WHERE id = 1;
DELETE FROM lone WHERE id = 2;
CREATE TABLE lone_ref (id int PRIMARY KEY, lid int REFERENCES lone (id));
INSERT INTO lone_ref VALUES (1, 1);
UPDATE lone SET id = 5 WHERE id = 1;
DELETE FROM lone WHERE id = 1;
BEGIN;
DROP TABLE lone_ref;
DELETE FROM lone WHERE id = 1;
ROLLBACK;
DELETE FROM lone WHERE id = 1;
DROP TABLE lone_ref;
DELETE FROM lone WHERE id = 1;
SELECT * FROM lone ORDER BY id;
