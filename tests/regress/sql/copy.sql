-- COPY FROM STDIN and COPY TO STDOUT: the text and CSV formats both
-- ways, every option, column lists, defaults, queries, and the errors
-- with their CONTEXT lines.  The data lines after COPY ... FROM STDIN
-- are read by psql (and the runner) up to "\.".

CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric(8,2), note text);

-- Text format: tab-separated, \N for NULL, backslash escapes.
COPY items FROM STDIN;
1	apple	1.50	\N
2	tab\there	2	line\nbreak
3	back\\slash	\N	oct\101 hex\x42 \q
4	café 日本	0.99	
5	a\	b	10	\\N is not null
\.
SELECT id, name, price, note, note IS NULL AS note_null FROM items ORDER BY id;
COPY items TO STDOUT;
COPY items (name, id) TO STDOUT;
COPY items TO STDOUT (DELIMITER '|', NULL 'NULL');
COPY items TO STDOUT (FORMAT text, HEADER);

-- CSV out: quotes where needed, HEADER, FORCE_QUOTE, NULL, QUOTE, ESCAPE.
COPY items TO STDOUT (FORMAT csv);
COPY items TO STDOUT (FORMAT csv, HEADER true, FORCE_QUOTE (name, note));
COPY items (id, note) TO STDOUT (FORMAT csv, FORCE_QUOTE *, NULL 'n/a');
COPY items (id, name) TO STDOUT (FORMAT csv, QUOTE '''', ESCAPE '\', DELIMITER ';');
COPY items TO STDOUT WITH CSV HEADER;
COPY items (id, price) TO STDOUT WITH DELIMITER AS '|' NULL AS '-';
COPY items (id, name) TO STDOUT CSV QUOTE AS '"' FORCE QUOTE name;

-- CSV in: quoted delimiters and newlines, doubled quotes, empty vs NULL.
CREATE TABLE notes (id int PRIMARY KEY, a text, b text);
COPY notes FROM STDIN (FORMAT csv);
1,"x,y","say ""hi"""
2,"two
lines",
3,"",plain
4,  spaced  ," quoted "
5,mid"dle"part,\.
\.
SELECT id, a, b, a IS NULL AS a_null, b IS NULL AS b_null FROM notes ORDER BY id;
COPY notes TO STDOUT (FORMAT csv);
COPY notes FROM STDIN WITH CSV HEADER;
id,a,b
6,six,6
\.
COPY notes FROM STDIN (FORMAT csv, HEADER match);
id,a,b
7,seven,7
\.
COPY notes (b, id) FROM STDIN (FORMAT csv, HEADER match, DELIMITER '|');
b|id
eight|8
\.
COPY notes FROM STDIN (FORMAT csv, FORCE_NOT_NULL (a), FORCE_NULL (b));
9,,""
10,"",
\.
COPY notes FROM STDIN (FORMAT csv, NULL 'NULL', QUOTE '''', ESCAPE '\');
11,NULL,'NULL'
12,'it\'s','a\\b\c'
\.
SELECT id, a, b, a IS NULL AS a_null, b IS NULL AS b_null FROM notes WHERE id > 5 ORDER BY id;

-- Column lists, defaults, serial and identity columns.
CREATE TABLE seqs (id serial PRIMARY KEY, n int GENERATED ALWAYS AS IDENTITY, d text DEFAULT 'dflt', v text);
COPY seqs (v) FROM STDIN;
first
second
\.
COPY seqs (n, v) FROM STDIN (FORMAT csv);
100,third
\.
COPY seqs FROM STDIN;
10	200	x	y
\.
COPY seqs (d) FROM STDIN;
\.
SELECT * FROM seqs ORDER BY id;

-- WHERE filters the rows read; the rows it skips still use the sequence.
COPY seqs (v) FROM STDIN WHERE v LIKE 'k%';
keep
drop
keep too
\.
SELECT * FROM seqs WHERE id > 3 ORDER BY id;

-- Queries.
COPY (SELECT id, name FROM items WHERE id < 3 ORDER BY id) TO STDOUT;
COPY (VALUES (1, 'x'), (2, NULL)) TO STDOUT (FORMAT csv, HEADER);
COPY (SELECT 1::int2 AS i, 2.5::numeric AS n, 1e100::float8 AS f, true AS b, 'x'::bytea AS y, '{1,2}'::int[] AS a, '{"a": 1}'::jsonb AS j, date '2020-01-02' AS d, interval '1 day 02:00' AS iv, '{"a","b c",NULL}'::text[] AS t) TO STDOUT;
COPY (SELECT 1::int2 AS i, '{"a": 1}'::jsonb AS j, '{"a","b c",NULL}'::text[] AS t) TO STDOUT (FORMAT csv, HEADER);
COPY (SELECT E'a\\b' AS a, E'tab\there' AS b, E'nl\nx' AS c, E'cr\rx' AS d, 'q"uote' AS e, 'com,ma' AS f, '' AS g, NULL AS h, '\.' AS i) TO STDOUT (FORMAT csv);
COPY (SELECT E'a\\b' AS a, E'tab\there' AS b, E'nl\nx' AS c, E'cr\rx' AS d, E'\x01\x08\x0c\x0b' AS e, '\.' AS f) TO STDOUT;
COPY (SELECT '\.' AS lonely) TO STDOUT (FORMAT csv);
COPY (SELECT 'x' AS "we,ird", 'y' AS "q""t") TO STDOUT (FORMAT csv, HEADER);
COPY (SELECT 1 AS a, 2 AS a) TO STDOUT (FORMAT csv, HEADER, FORCE_QUOTE (a));
COPY (SELECT 1 WHERE false) TO STDOUT;
COPY (INSERT INTO notes VALUES (20, 'twenty', NULL) RETURNING id, a, b) TO STDOUT (FORMAT csv);
COPY (DELETE FROM notes WHERE id = 20 RETURNING *) TO STDOUT;
COPY (SELECT id, 10 / (id - 3) FROM items WHERE id < 5) TO STDOUT;

-- Option errors: caught before any data is read.
COPY items TO STDOUT (FORMAT foo);
COPY items TO STDOUT (FORMAT csv, FORMAT text);
COPY items TO STDOUT CSV CSV;
COPY items TO STDOUT (bogus 1);
COPY items TO STDOUT (DELIMITER 'ab');
COPY items TO STDOUT (DELIMITER E'\n');
COPY items TO STDOUT (DELIMITER 'a');
COPY items TO STDOUT (QUOTE '"');
COPY items TO STDOUT (FORMAT csv, DELIMITER ',', QUOTE ',');
COPY items TO STDOUT (ESCAPE '\');
COPY items TO STDOUT (FORCE_QUOTE (id));
COPY items TO STDOUT (FORMAT csv, FORCE_QUOTE 'id');
COPY items FROM STDIN (FORMAT csv, FORCE_QUOTE (id));
COPY items TO STDOUT (FORMAT csv, FORCE_NOT_NULL (id));
COPY items TO STDOUT (FORCE_NULL (id));
COPY items TO STDOUT (NULL 'a	b');
COPY items TO STDOUT (FORMAT csv, NULL 'x"y');
COPY items TO STDOUT (HEADER match);
COPY items TO STDOUT (HEADER 2);
COPY items TO STDOUT (DELIMITER);
COPY items TO STDOUT (ENCODING 'foo');
COPY (SELECT '日本' AS jp) TO STDOUT (ENCODING 'LATIN1');
COPY items TO STDOUT (FORMAT csv, FORCE_QUOTE (nope));
COPY (SELECT 1 AS a) TO STDOUT (FORMAT csv, FORCE_QUOTE (b));
COPY items (id) TO STDOUT (FORMAT csv, FORCE_QUOTE (name));
COPY notes (a) FROM STDIN (FORMAT csv, FORCE_NOT_NULL (b));
COPY nope TO STDOUT;
COPY items (id, nope) TO STDOUT;
COPY items (id, id) TO STDOUT;
COPY items FROM STDIN WHERE sum(id) > 1;
COPY items FROM STDIN WHERE id > (SELECT 1);
COPY items FROM STDIN WHERE nope > 1;
COPY items FROM STDIN WHERE id;
COPY (UPDATE items SET note = 'x') TO STDOUT;
CREATE VIEW cheap AS SELECT id, name FROM items WHERE price < 2;
COPY cheap TO STDOUT;

-- Data errors: the CONTEXT says where; nothing of the failed COPY is written.
COPY items FROM STDIN;
6	six	6
7	seven
\.
COPY items FROM STDIN;
6	six	6	\N	extra
\.
COPY items FROM STDIN;
6	six	6	\N
x	seven	7	\N
\.
COPY items FROM STDIN (FORMAT csv);
6,six,abc,
\.
COPY items FROM STDIN;
6	\N	6	\N
\.
COPY items FROM STDIN;
6	six	6	\N
1	dup	1	\N
\.
COPY items FROM STDIN;
6	six	6	\N
6	again	6	\N
\.
COPY items FROM STDIN;
6	bad \xff byte	6	\N
\.
COPY items FROM STDIN;
6	six	6	\N
7	seven	7\.x
\.
COPY items FROM STDIN (FORMAT csv);
6,six,6,
7,"open
\.
COPY notes FROM STDIN (FORMAT csv, HEADER match);
id,b,a
\.
COPY notes FROM STDIN (FORMAT csv, HEADER match);
id,a
\.
COPY notes FROM STDIN (FORMAT csv, HEADER match);
id,,b
\.
COPY cheap FROM STDIN;
30	thirty
\.
CREATE TABLE orders (id int PRIMARY KEY, item int REFERENCES items (id), qty int CHECK (qty > 0));
COPY orders FROM STDIN;
1	1	5
2	99	1
\.
COPY orders FROM STDIN (FORMAT csv);
3,2,0
\.
-- Rows are written in batches, as PostgreSQL writes them: a bad value
-- later in the batch is found before a duplicate key in it.
CREATE TABLE codes (id int, code text UNIQUE);
COPY codes FROM STDIN (FORMAT csv);
1,a
2,a
\.
COPY codes FROM STDIN (FORMAT csv);
1,a
2,a
x,b
\.
SELECT count(*) FROM items WHERE id > 5;
SELECT count(*) FROM orders;
SELECT count(*) FROM codes;

-- A table without a primary key keeps the rows in the order they came.
COPY codes FROM STDIN;
3	c
1	a
2	\N
\.
COPY codes TO STDOUT;

-- "\." may end a text line that has data; in CSV only alone, unquoted.
COPY notes FROM STDIN;
13	end	here\.
\.
COPY notes FROM STDIN (FORMAT csv);
14,"\.",\.x
\.
SELECT * FROM notes WHERE id > 12 ORDER BY id;

-- A failed COPY aborts the transaction block; a savepoint keeps the rest.
BEGIN;
COPY orders FROM STDIN;
3	2	1
\.
COPY orders FROM STDIN;
4	oops	1
\.
SELECT count(*) FROM orders;
ROLLBACK;
SELECT * FROM orders ORDER BY id;
BEGIN;
COPY orders FROM STDIN;
3	2	1
\.
SAVEPOINT s;
COPY orders FROM STDIN;
4	3	1
3	3	1
\.
ROLLBACK TO s;
COPY orders FROM STDIN;
4	3	2
\.
COMMIT;
SELECT * FROM orders ORDER BY id;
BEGIN READ ONLY;
COPY orders FROM STDIN;
ROLLBACK;
BEGIN READ ONLY;
COPY orders TO STDOUT;
COPY (DELETE FROM orders RETURNING *) TO STDOUT;
ROLLBACK;
DROP VIEW cheap;
DROP TABLE orders;
DROP TABLE items;
DROP TABLE notes;
DROP TABLE seqs;
DROP TABLE codes;
