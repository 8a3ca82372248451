-- indexes: what secondary indexes return, each query read through an index
-- and again with enable_indexscan off (whole-table scans), which must agree;
-- a transaction's own writes, ROLLBACK and ROLLBACK TO SAVEPOINT; DROP
-- INDEX; unique indexes and constraints; foreign keys checked through them.
CREATE TABLE items (id int PRIMARY KEY, grp int, name text, price numeric(8,2),
  code varchar(8), big bigint, score float8, day date);
INSERT INTO items
  SELECT g, g % 7, 'item' || g, (g % 13) * 1.25, 'c' || (g % 5), g * 1000000000::bigint,
    (g % 11) / 4.0, date '2024-01-01' + g % 30
  FROM generate_series(1, 300) g;
INSERT INTO items VALUES (301, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (302, NULL, 'item302', -1.5, 'c0', -5, 'NaN', '2023-12-31');
CREATE INDEX items_grp_idx ON items (grp);
CREATE INDEX items_name_idx ON items (name);
CREATE INDEX items_price_idx ON items (price);
CREATE INDEX items_code_grp_idx ON items (code, grp);
CREATE INDEX items_big_idx ON items (big);
CREATE INDEX items_score_idx ON items (score);
CREATE INDEX items_day_idx ON items (day);
-- equality, IN, ranges, BETWEEN, IS NULL
SELECT count(*), sum(id) FROM items WHERE grp = 3;
SELECT id, name FROM items WHERE name = 'item42';
SELECT id FROM items WHERE name IN ('item7', 'item300', 'nope', NULL) ORDER BY id;
SELECT count(*), min(id), max(id) FROM items WHERE grp IN (1, 5, 5, 99);
SELECT count(*) FROM items WHERE price > 13;
SELECT count(*) FROM items WHERE price >= 13.75 AND price < 15;
SELECT id, price FROM items WHERE price BETWEEN -2 AND 1.25 ORDER BY id LIMIT 5;
SELECT id FROM items WHERE grp IS NULL ORDER BY id;
SELECT count(*) FROM items WHERE grp < 2;
SELECT count(*) FROM items WHERE day BETWEEN '2024-01-10' AND '2024-01-12';
SELECT count(*) FROM items WHERE score > 2 AND score <= 2.5;
SELECT id, score FROM items WHERE score = 'NaN';
SELECT count(*) FROM items WHERE code = 'c3' AND grp = 4;
SELECT count(*) FROM items WHERE code = 'c3' AND grp > 4;
SELECT count(*) FROM items WHERE code IN ('c1', 'c2') AND grp BETWEEN 2 AND 3;
SELECT count(*) FROM items WHERE grp = NULL;
SELECT count(*) FROM items WHERE grp > NULL;
-- integer constants of other widths against int and bigint columns
SELECT count(*) FROM items WHERE grp = 3::bigint;
SELECT count(*) FROM items WHERE grp = 3::smallint;
SELECT count(*) FROM items WHERE grp = 4294967299;
SELECT id FROM items WHERE big = 42000000000;
SELECT id FROM items WHERE big = 5::int;
SELECT count(*) FROM items WHERE big < 10 ORDER BY 1;
-- a correlated subquery reads the index once per outer row
SELECT g.n, (SELECT count(*) FROM items i WHERE i.grp = g.n) FROM generate_series(0, 7) g(n);
-- ORDER BY from an index, with LIMIT
SELECT id, big FROM items ORDER BY big LIMIT 4;
SELECT id, big FROM items ORDER BY big DESC LIMIT 4;
SELECT price FROM items ORDER BY price LIMIT 4;
SELECT price FROM items ORDER BY price DESC LIMIT 4;
SELECT id, grp FROM items WHERE grp IS NOT NULL ORDER BY grp DESC, id DESC LIMIT 3;
SELECT name FROM items ORDER BY name LIMIT 3;
SELECT code, grp FROM items WHERE code = 'c2' ORDER BY code, grp LIMIT 3;
SELECT code, grp FROM items WHERE code > 'c2' ORDER BY code DESC, grp DESC LIMIT 3;
-- the same queries over whole-table scans
SET enable_indexscan = off;
SELECT count(*), sum(id) FROM items WHERE grp = 3;
SELECT id, name FROM items WHERE name = 'item42';
SELECT id FROM items WHERE name IN ('item7', 'item300', 'nope', NULL) ORDER BY id;
SELECT count(*), min(id), max(id) FROM items WHERE grp IN (1, 5, 5, 99);
SELECT count(*) FROM items WHERE price > 13;
SELECT count(*) FROM items WHERE price >= 13.75 AND price < 15;
SELECT id, price FROM items WHERE price BETWEEN -2 AND 1.25 ORDER BY id LIMIT 5;
SELECT id FROM items WHERE grp IS NULL ORDER BY id;
SELECT count(*) FROM items WHERE grp < 2;
SELECT count(*) FROM items WHERE day BETWEEN '2024-01-10' AND '2024-01-12';
SELECT count(*) FROM items WHERE score > 2 AND score <= 2.5;
SELECT id, score FROM items WHERE score = 'NaN';
SELECT count(*) FROM items WHERE code = 'c3' AND grp = 4;
SELECT count(*) FROM items WHERE code = 'c3' AND grp > 4;
SELECT count(*) FROM items WHERE code IN ('c1', 'c2') AND grp BETWEEN 2 AND 3;
SELECT count(*) FROM items WHERE grp = 3::bigint;
SELECT count(*) FROM items WHERE grp = 4294967299;
SELECT id FROM items WHERE big = 42000000000;
SELECT g.n, (SELECT count(*) FROM items i WHERE i.grp = g.n) FROM generate_series(0, 7) g(n);
SELECT id, big FROM items ORDER BY big LIMIT 4;
SELECT id, big FROM items ORDER BY big DESC LIMIT 4;
SELECT price FROM items ORDER BY price LIMIT 4;
SELECT price FROM items ORDER BY price DESC LIMIT 4;
SELECT id, grp FROM items WHERE grp IS NOT NULL ORDER BY grp DESC, id DESC LIMIT 3;
SELECT code, grp FROM items WHERE code = 'c2' ORDER BY code, grp LIMIT 3;
SELECT code, grp FROM items WHERE code > 'c2' ORDER BY code DESC, grp DESC LIMIT 3;
RESET enable_indexscan;
-- a transaction sees its own inserts, updates and deletes through the index
BEGIN;
INSERT INTO items (id, grp, name) VALUES (400, 3, 'new400'), (401, 3, 'new401');
UPDATE items SET grp = 3 WHERE id IN (1, 2);
UPDATE items SET grp = 100 WHERE id = 3;
DELETE FROM items WHERE id = 10;
UPDATE items SET name = 'renamed' WHERE name = 'item17';
SELECT id FROM items WHERE grp = 3 ORDER BY id LIMIT 6;
SELECT count(*), sum(id) FROM items WHERE grp = 3;
SELECT id, grp FROM items WHERE grp >= 100;
SELECT id FROM items WHERE name IN ('item17', 'renamed', 'new401') ORDER BY id;
SELECT grp FROM items WHERE grp > 5 ORDER BY grp DESC LIMIT 3;
SET LOCAL enable_indexscan = off;
SELECT count(*), sum(id) FROM items WHERE grp = 3;
SELECT id FROM items WHERE name IN ('item17', 'renamed', 'new401') ORDER BY id;
-- a savepoint undone brings the old values back to the index
SAVEPOINT s1;
SET LOCAL enable_indexscan = on;
UPDATE items SET grp = 3 WHERE grp = 4;
DELETE FROM items WHERE id = 400;
SELECT count(*), sum(id) FROM items WHERE grp = 3;
SELECT count(*) FROM items WHERE grp = 4;
ROLLBACK TO SAVEPOINT s1;
SELECT count(*), sum(id) FROM items WHERE grp = 3;
SELECT count(*) FROM items WHERE grp = 4;
SELECT id, grp FROM items WHERE id IN (400, 401, 3, 10) ORDER BY id;
ROLLBACK;
-- after ROLLBACK nothing of it shows
SELECT count(*), sum(id) FROM items WHERE grp = 3;
SELECT id FROM items WHERE grp >= 100 OR name = 'renamed';
SELECT count(*) FROM items WHERE name = 'item17';
-- committed changes, then DROP INDEX: the same rows through a scan
UPDATE items SET grp = 6 WHERE id <= 3;
DELETE FROM items WHERE grp = 5 AND id > 200;
SELECT count(*), sum(id) FROM items WHERE grp = 6;
SELECT count(*), sum(id) FROM items WHERE grp = 5;
DROP INDEX items_grp_idx;
SELECT count(*), sum(id) FROM items WHERE grp = 6;
SELECT count(*), sum(id) FROM items WHERE grp = 5;
CREATE INDEX items_grp_idx ON items (grp);
SELECT count(*), sum(id) FROM items WHERE grp = 6;
-- unique constraints and unique indexes
CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE, login varchar(20), nick text);
CREATE UNIQUE INDEX users_login_key ON users (login);
INSERT INTO users
  SELECT g, 'u' || g || '@x', 'login' || g, CASE g WHEN 8 THEN 'n7' ELSE 'n' || g END
  FROM generate_series(1, 50) g;
INSERT INTO users VALUES (51, 'u7@x', 'other', NULL);
INSERT INTO users VALUES (51, 'u51@x', 'login7', NULL);
INSERT INTO users VALUES (51, NULL, NULL, NULL), (52, NULL, NULL, NULL);
INSERT INTO users VALUES (53, 'u53@x', 'l53', NULL), (54, 'u53@x', 'l54', NULL);
UPDATE users SET email = 'u2@x' WHERE id = 1;
UPDATE users SET login = 'login' || (id + 1) WHERE id = 49;
SELECT id, email, login FROM users WHERE email IS NULL OR id > 48 ORDER BY id;
BEGIN;
DELETE FROM users WHERE id = 3;
INSERT INTO users VALUES (55, 'u3@x', 'login3', NULL);
SELECT id, login FROM users WHERE email = 'u3@x';
INSERT INTO users VALUES (56, 'u4@x', NULL, NULL);
ROLLBACK;
-- a value a row held earlier in the transaction is free again
BEGIN;
UPDATE users SET email = 'taken@x' WHERE id = 6;
UPDATE users SET email = 'u6@x' WHERE id = 6;
INSERT INTO users VALUES (57, 'taken@x', 'l57', NULL);
INSERT INTO users VALUES (58, 'u6@x', 'l58', NULL);
ROLLBACK;
SELECT id, login FROM users WHERE email = 'u3@x';
CREATE UNIQUE INDEX users_nick_key ON users (nick);
CREATE UNIQUE INDEX users_nick_login_key ON users (nick, login);
UPDATE users SET nick = 'n7', login = 'login7' WHERE id = 9;
INSERT INTO users VALUES (60, 'u60@x', 'l60', 'n9'), (61, 'u61@x', 'l61', 'n9');
SELECT id, nick, login FROM users WHERE nick = 'n9' ORDER BY id;
-- foreign keys: the referenced side through its unique index, the referencing side through its index
CREATE TABLE orders (id int PRIMARY KEY, login varchar(20) REFERENCES users (login),
  email text REFERENCES users (email) ON DELETE CASCADE, qty int);
CREATE INDEX orders_email_idx ON orders (email);
INSERT INTO orders
  SELECT g, 'login' || (g % 10 + 1), 'u' || (g % 10 + 11) || '@x', g FROM generate_series(1, 40) g;
INSERT INTO orders VALUES (41, 'nobody', NULL, 1);
INSERT INTO orders VALUES (41, NULL, 'nobody@x', 1);
DELETE FROM users WHERE id = 5;
UPDATE users SET login = 'gone' WHERE id = 3;
UPDATE users SET login = 'gone' WHERE id = 30;
SELECT count(*) FROM orders WHERE email = 'u15@x';
DELETE FROM users WHERE id = 15;
SELECT count(*) FROM orders WHERE email = 'u15@x';
SELECT count(*), sum(qty) FROM orders;
