-- types_text: text, varchar(n), char(n): literals, string functions,
-- length limits (22001), bytewise ordering, wide characters and embedded
-- newlines in psql's layout, and bytea.
SELECT 'hello'::text, 'it''s', E'back\\slash', $$dollar 'quoted'$$;
SELECT E'line one\nline two' AS two_lines, 'x' AS other;
SELECT 'café' AS word, length('café'), octet_length('café'), '日本語' AS wide,
       length('日本語');
SELECT length('hello'), char_length('héllo'), character_length('abc'),
       octet_length('héllo'), bit_length('abc');
SELECT upper('abc'), lower('ABC'), initcap('hello wORLD of sql');
SELECT 'abc' || 'def', 'abc' || NULL, concat('a', NULL, 'b', 1),
       concat_ws('-', 'a', NULL, 'b'), 'n' || 1 || true;
SELECT substring('hello world' from 7), substring('hello world' from 1 for 5),
       substring('hello' from 0 for 2), substr('hello', 2, 3), substr('hello', 3);
SELECT position('lo' in 'hello'), strpos('hello', 'l'), position('z' in 'hello');
SELECT left('hello', 2), right('hello', 3), left('hello', -1), right('hello', -2);
SELECT repeat('ab', 3), repeat('x', 0) = '', reverse('abc');
SELECT trim('  x  ') || '|', ltrim('  x  ') || '|', rtrim('  x  ') || '|';
SELECT trim(both 'x' from 'xxaxx'), trim(leading 'x' from 'xxa'),
       trim(trailing 'x' from 'axx'), btrim('xyx', 'x'), ltrim('aab', 'a');
SELECT lpad('7', 3, '0'), rpad('ab', 5, '.'), lpad('hello', 3), rpad('', 2, 'ab');
SELECT replace('banana', 'an', 'AN'), translate('hello', 'el', 'ip'),
       overlay('abcdef' placing 'XY' from 3);
SELECT split_part('a,b,c', ',', 2), split_part('a,b,c', ',', 5),
       split_part('a,b,c', ',', -1);
SELECT starts_with('hello', 'he'), starts_with('hello', 'lo');
SELECT md5('abc'), md5('');
SELECT ascii('A'), chr(66), to_hex(255), to_hex(-1);
SELECT format('%s-%s', 'a', 1), format('%s|%5s|%-5s|', 'x', 'ab', 'cd'),
       format('%%');
SELECT regexp_replace('abc123def45', '[0-9]+', 'N'),
       regexp_replace('abc123def45', '[0-9]+', 'N', 'g');
SELECT 'abc' ~ '^a', 'abc' ~* '^A', 'abc' !~ 'z', 'abc' ~ 'b.$';
SELECT string_to_array('a,b,c', ','), array_to_string(ARRAY['x', 'y'], '+');
SELECT upper(NULL), length(NULL::text), NULL || 'x' IS NULL AS is_null;
SELECT quote_ident('Foo bar'), quote_ident('foo'), quote_literal('it''s'),
       quote_nullable(NULL), ascii('é'), chr(233), lower('ÉA'), upper('éa');
SELECT regexp_match('abc123', '[0-9]+'),
       string_agg(x, ',' ORDER BY x DESC) FROM (VALUES ('a'), ('b')) v(x);
SELECT strpos('héllo', 'l'), position('€' IN 'a€b'), substring('héllo' FROM 2 FOR 2),
       left('héllo', 2), right('héllo', 2), lpad('é', 3, '€'), reverse('héllo');
SELECT length(E'a\tb'), replace('aaa', 'a', ''), translate('abc', 'ab', 'x'),
       initcap('hello-world foo_bar'), concat_ws(',', 1, NULL, 2.5, true);
SELECT repeat('x', -1) = '', split_part('a::b', '::', 2), rtrim('xx  '),
       format('%L %I', 'a''b', 'Col');
SELECT chr(0);
SELECT length(repeat('x', 1000)), length(repeat('ab', 500) || 'c');
SELECT 123::text, 1.50::text, true::text, '2024-01-02'::date::text,
       '42'::text::int + 1;
-- comparison: bytewise (the databases use the C collation)
SELECT 'abc' < 'abd', 'abc' < 'ab', 'Z' < 'a', '' < 'a', 'a' = 'a ';
CREATE TABLE words (w text);
INSERT INTO words VALUES ('banana'), ('Apple'), ('apple'), ('cherry'),
  ('_under'), ('123'), ('Zed'), (''), ('apple pie'), ('applesauce');
SELECT w FROM words ORDER BY w;
SELECT w FROM words ORDER BY w DESC;
SELECT w FROM words ORDER BY lower(w), w;
SELECT min(w), max(w), count(DISTINCT lower(w)) FROM words;
SELECT w FROM words WHERE w > 'b' ORDER BY w;
SELECT w, length(w) FROM words WHERE w LIKE 'a%' ORDER BY w;
-- varchar(n) and char(n)
CREATE TABLE s (id int, v varchar(5), c char(4), t text);
INSERT INTO s VALUES (1, 'abc', 'ab', 'free text'), (2, 'abcde', 'abcd', ''),
  (3, NULL, NULL, NULL);
SELECT * FROM s ORDER BY id;
SELECT id, length(v), length(c), octet_length(c), c || '|' AS c_cat,
       v || '|' AS v_cat FROM s ORDER BY id;
SELECT c = 'ab', c = 'ab  ', c::text = 'ab', v = 'abc' FROM s WHERE id = 1;
INSERT INTO s (id, v) VALUES (4, 'toolong');
INSERT INTO s (id, c) VALUES (5, 'toolong');
INSERT INTO s (id, v, c) VALUES (6, 'abcde   ', 'xy    ');
SELECT id, v || '|' AS v, c || '|' AS c FROM s WHERE id = 6;
INSERT INTO s (id, v) SELECT 7, 'abcdefgh';
INSERT INTO s (id, v) SELECT 8, 'abc' || 'defgh';
INSERT INTO s (id, c) SELECT 9, 'xyz     ';
INSERT INTO s (id, v) VALUES (10, 'é€ab'), (11, 'é€abcd');
INSERT INTO s (id, v) VALUES (12, 'é€abc');
SELECT id, v, c || '|' AS c FROM s WHERE id >= 9 ORDER BY id;
UPDATE s SET c = 'toolong' WHERE id = 1;
SELECT 'toolong'::varchar(3), 'ab'::char(4) || '|', 'abcdef'::char(2),
       'x'::char, 'x'::varchar;
SELECT 'abc   '::varchar(3) || '|', 'é€x'::varchar(2), 'é€xy'::char(3) || '|',
       CAST('abcdef' AS varchar(2)), 'abcdef'::text::char(3), repeat('ab', 3)::varchar(3);
SELECT id FROM s WHERE t = '' ORDER BY id;
SELECT id FROM s WHERE t IS NULL ORDER BY id;
UPDATE s SET v = v || 'xyz' WHERE id = 1;
UPDATE s SET v = 'fits' WHERE id = 1;
SELECT id, v FROM s WHERE id = 1;
-- bytea (hex output)
SELECT '\xdeadbeef'::bytea, 'abc'::bytea, '\x'::bytea, ''::bytea;
SELECT E'\\x41'::bytea, 'a\\b'::bytea, 'a\000b'::bytea;
SELECT length('\xdeadbeef'::bytea), octet_length('abc'::bytea);
SELECT decode('616263', 'hex'), encode('abc'::bytea, 'hex'),
       encode('abc'::bytea, 'base64'), decode('YWJj', 'base64');
SELECT '\xdead'::bytea || '\xbeef'::bytea,
       substring('\x0102030405'::bytea from 2 for 3);
SELECT '\xab'::bytea = '\xAB'::bytea, '\x01'::bytea < '\x0100'::bytea;
SELECT '\xzz'::bytea;
SELECT '\x123'::bytea;
CREATE TABLE blobs (id int, b bytea);
INSERT INTO blobs VALUES (1, '\x00ff'), (2, 'hi'), (3, NULL), (4, '\x');
SELECT id, b, length(b) FROM blobs ORDER BY id;
SELECT id FROM blobs WHERE b = '\x6869';
SELECT id, b FROM blobs WHERE b IS NOT NULL ORDER BY b;
SELECT 'still here' AS status;
