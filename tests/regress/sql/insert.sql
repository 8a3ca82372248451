-- insert: column lists, multi-row VALUES, INSERT ... SELECT, DEFAULT,
-- DEFAULT VALUES, RETURNING, ON CONFLICT DO NOTHING / DO UPDATE with
-- EXCLUDED, coercion of inserted values and the errors on the way.
CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, qty int DEFAULT 0,
                    note text DEFAULT 'none', created date DEFAULT '2024-01-01');
INSERT INTO items VALUES (1, 'apple', 5, 'fresh', '2024-02-01');
INSERT INTO items (id, name) VALUES (2, 'pear');
INSERT INTO items (name, id, qty) VALUES ('plum', 3, 7);
INSERT INTO items VALUES (4, 'fig', DEFAULT, DEFAULT, DEFAULT);
INSERT INTO items VALUES (5, 'kiwi');
INSERT INTO items (id, name, qty) VALUES (6, 'lime', 1), (7, 'date', NULL),
  (8, 'lemon', DEFAULT);
SELECT * FROM items ORDER BY id;
-- RETURNING
INSERT INTO items (id, name) VALUES (9, 'melon') RETURNING *;
INSERT INTO items (id, name, qty) VALUES (10, 'grape', 3), (11, 'mango', 4)
  RETURNING id, name, qty * 2 AS double;
INSERT INTO items (id, name) VALUES (12, 'quince') RETURNING id, note, created;
INSERT INTO items (id, name) VALUES (13, 'a') RETURNING items.id, name || '!' AS shout;
INSERT INTO items (id, name) VALUES (14, 'b') RETURNING 'literal' AS l, 1 + 1;
-- INSERT ... SELECT
INSERT INTO items (id, name) SELECT id + 100, upper(name) FROM items WHERE id <= 3;
INSERT INTO items (id, name, qty)
  SELECT 200, 'total', sum(qty) FROM items RETURNING qty;
INSERT INTO items (id, name)
  SELECT 300 + n, 'gen' || n FROM (VALUES (1), (2), (3)) v(n) ORDER BY n DESC;
INSERT INTO items (id, name) SELECT id, name FROM items WHERE false;
SELECT id, name, qty FROM items WHERE id >= 100 ORDER BY id;
SELECT count(*) FROM items;
-- DEFAULT VALUES and defaults
CREATE TABLE d (id serial, a int DEFAULT 42, b text DEFAULT 'x', c timestamp);
INSERT INTO d DEFAULT VALUES;
INSERT INTO d DEFAULT VALUES RETURNING *;
INSERT INTO d (a) VALUES (1) RETURNING id, a, b;
INSERT INTO d (b) VALUES (DEFAULT), ('y');
INSERT INTO d (a, b) VALUES (NULL, NULL);
SELECT * FROM d ORDER BY id;
-- ON CONFLICT
INSERT INTO items (id, name) VALUES (1, 'dup');
INSERT INTO items (id, name) VALUES (1, 'dup') ON CONFLICT DO NOTHING;
INSERT INTO items (id, name) VALUES (1, 'dup'), (15, 'new')
  ON CONFLICT (id) DO NOTHING RETURNING id, name;
INSERT INTO items (id, name, qty) VALUES (1, 'apple2', 50)
  ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, qty = items.qty + EXCLUDED.qty
  RETURNING *;
INSERT INTO items AS i (id, name, qty) VALUES (2, 'pear', 1), (16, 'peach', 1)
  ON CONFLICT (id) DO UPDATE SET qty = i.qty + 10 RETURNING id, name, qty;
INSERT INTO items (id, name, qty) VALUES (3, 'plum', 999)
  ON CONFLICT (id) DO UPDATE SET qty = EXCLUDED.qty WHERE items.qty > 1000
  RETURNING id;
INSERT INTO items (id, name, qty) VALUES (3, 'plum', 999)
  ON CONFLICT (id) DO UPDATE SET qty = EXCLUDED.qty WHERE items.qty < 1000
  RETURNING id, qty;
INSERT INTO items (id, name) VALUES (17, 'x'), (17, 'y')
  ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name;
INSERT INTO items (id, name) VALUES (17, 'x'), (17, 'y') ON CONFLICT DO NOTHING;
INSERT INTO items (id, name) VALUES (18, 'z') ON CONFLICT (name) DO NOTHING;
INSERT INTO items (id, name) VALUES (18, 'z') ON CONFLICT (id) DO UPDATE SET nope = 1;
SELECT id, name, qty FROM items WHERE id <= 20 ORDER BY id;
CREATE TABLE kv (k text PRIMARY KEY, v int, hits int DEFAULT 1);
INSERT INTO kv VALUES ('a', 1) ON CONFLICT (k) DO UPDATE SET v = kv.v + EXCLUDED.v, hits = kv.hits + 1;
INSERT INTO kv VALUES ('a', 1) ON CONFLICT (k) DO UPDATE SET v = kv.v + EXCLUDED.v, hits = kv.hits + 1;
INSERT INTO kv VALUES ('a', 5), ('b', 2) ON CONFLICT ON CONSTRAINT kv_pkey
  DO UPDATE SET v = kv.v + EXCLUDED.v RETURNING k, v, hits;
INSERT INTO kv (k, v) VALUES ('b', 100) ON CONFLICT (k)
  DO UPDATE SET v = EXCLUDED.v, hits = EXCLUDED.hits + kv.hits RETURNING *;
SELECT * FROM kv ORDER BY k;
-- coercion and errors
INSERT INTO items (id, name, qty) VALUES ('25', 'str', '3'), (26, 'num', 4.6);
INSERT INTO items (id, name, qty) VALUES (27, 'bad', 'many');
INSERT INTO items (id) VALUES (28);
INSERT INTO items (id, name, nope) VALUES (29, 'x', 1);
INSERT INTO items (id, name) VALUES (30);
INSERT INTO items (id) VALUES (31, 'x');
INSERT INTO items (id, id) VALUES (32, 33);
INSERT INTO nope VALUES (1);
INSERT INTO items (id, name, qty) VALUES (34, 'big', 2147483648);
INSERT INTO items (id, name, created) VALUES (35, 'when', 'not a date');
INSERT INTO items VALUES (36, 'many', 1, 'n', '2024-01-01', 'extra');
INSERT INTO items (id, name) VALUES (37, 'ok'), (1, 'dup in batch');
SELECT id, name, qty FROM items WHERE id >= 20 AND id < 100 ORDER BY id;
-- a table without a primary key keeps duplicates
CREATE TABLE log (msg text, n int);
INSERT INTO log VALUES ('x', 1), ('x', 1), (NULL, NULL);
INSERT INTO log SELECT * FROM log;
SELECT msg, n, count(*) FROM log GROUP BY msg, n ORDER BY msg;
INSERT INTO log (n) VALUES (1), (2) RETURNING msg IS NULL AS missing, n;
WITH src(m) AS (VALUES ('cte1'), ('cte2')) INSERT INTO log (msg) SELECT m FROM src;
INSERT INTO log VALUES ('text', 3), (4, 'four');
SELECT count(*), count(msg), sum(n) FROM log;
