-- The functions clients call beside their catalog queries: settings,
-- privileges, sizes, object names, comments; and the regular
-- expression, statistics and array functions that came with them.
CREATE TABLE cf_t (id int PRIMARY KEY, name text NOT NULL, score numeric(6,2));
CREATE INDEX cf_t_name ON cf_t (name);
CREATE VIEW cf_v AS SELECT id, name FROM cf_t;
CREATE SEQUENCE cf_s;
INSERT INTO cf_t VALUES (1, 'ada', 1.5), (2, 'bob', 2.25), (3, 'cy', 3.125);

-- set_config and current_setting
SELECT set_config('search_path', 'public', false);
SELECT current_setting('search_path'), current_setting('TimeZone');
SELECT current_setting('cf.nope', true) IS NULL AS missing;
SELECT current_setting('no_such_setting');
SELECT current_setting('cf.nope');
SELECT set_config('cf.flag', 'on', false), current_setting('cf.flag');
SELECT set_config('server_version', '1', false);
SELECT set_config(NULL, '1', false);
SELECT set_config('extra_float_digits', NULL, false);
-- is_local: until the transaction ends, an implicit one too
SELECT set_config('cf.local', 'here', true), current_setting('cf.local');
SELECT current_setting('cf.local');
BEGIN;
SELECT set_config('cf.local', 'block', true);
SELECT current_setting('cf.local');
COMMIT;
SELECT current_setting('cf.local');
BEGIN;
SELECT set_config('cf.flag', 'off', false);
ROLLBACK;
SELECT current_setting('cf.flag');
BEGIN;
SELECT set_config('cf.flag', 'kept', false);
COMMIT;
SELECT current_setting('cf.flag');
SET cf.flag = 'by set';
SELECT current_setting('cf.flag');

-- the privilege inquiry functions: every form, errors for unknown objects
SELECT has_table_privilege('cf_t', 'select'), has_table_privilege(current_user, 'cf_t', 'insert, update');
SELECT has_table_privilege('cf_t', 'SELECT WITH GRANT OPTION');
SELECT has_table_privilege('public', 'cf_t', 'select');
SELECT has_table_privilege('cf_nope', 'select');
SELECT has_table_privilege('cf_t', 'fly');
SELECT has_table_privilege(0::oid, 'select') IS NULL AS no_relation;
SELECT has_table_privilege('no_such_role', 'cf_t', 'select');
SELECT has_sequence_privilege('cf_s', 'usage'), has_sequence_privilege(current_user, 'cf_s', 'select, update');
SELECT has_sequence_privilege('cf_t', 'usage');
SELECT has_sequence_privilege('cf_nope', 'usage');
SELECT has_sequence_privilege('cf_s', 'insert');
SELECT has_any_column_privilege('cf_t', 'select'), has_any_column_privilege(current_user, 'cf_v', 'update');
SELECT has_column_privilege('cf_t', 'name', 'select'), has_column_privilege('cf_t', 2::int2, 'update');
SELECT has_column_privilege('cf_t', 'tableoid', 'select');
SELECT has_column_privilege('cf_t', 9::int2, 'select') IS NULL AS no_column;
SELECT has_column_privilege('cf_t', 'nope', 'select');
SELECT has_function_privilege('lower(text)', 'execute'), has_function_privilege(current_user, 'now()', 'execute');
SELECT has_function_privilege('public', 'upper(text)', 'execute');
SELECT has_function_privilege('no_such_function(int)', 'execute');
SELECT has_function_privilege('lower', 'execute');
SELECT has_function_privilege('lower(text)', 'usage');
SELECT has_schema_privilege('public', 'create'), has_schema_privilege('public', 'public', 'usage');
SELECT has_schema_privilege('public', 'pg_catalog', 'create');
SELECT has_schema_privilege('cf_nope', 'usage');
SELECT has_database_privilege(current_database(), 'connect, temp');
SELECT has_database_privilege('public', current_database(), 'create');
SELECT has_database_privilege('cf_nope', 'connect');
SELECT has_language_privilege('sql', 'usage'), has_language_privilege('public', 'plpgsql', 'usage');
SELECT has_language_privilege('public', 'c', 'usage');
SELECT has_language_privilege('cf_nope', 'usage');
SELECT has_tablespace_privilege('pg_default', 'create'), has_tablespace_privilege('public', 'pg_default', 'create');
SELECT has_tablespace_privilege('cf_nope', 'create');
SELECT has_type_privilege('int4', 'usage'), has_type_privilege('public', 'text', 'usage');
SELECT has_type_privilege('cf_nope', 'usage');
SELECT pg_has_role('pg_database_owner', 'member'), pg_has_role(current_user, current_user, 'usage');
SELECT pg_has_role('cf_nope', 'member');
SELECT pg_has_role('pg_database_owner', 'own');

-- sizes: their types and what PostgreSQL's functions give in every server
SELECT pg_typeof(pg_relation_size('cf_t')), pg_typeof(pg_table_size('cf_t')),
       pg_typeof(pg_indexes_size('cf_t')), pg_typeof(pg_total_relation_size('cf_t')),
       pg_typeof(pg_database_size(current_database())), pg_typeof(pg_tablespace_size('pg_default'));
SELECT pg_relation_size('cf_t') > 0 AS has_data, pg_indexes_size('cf_t') > 0 AS has_indexes,
       pg_total_relation_size('cf_t') = pg_table_size('cf_t') + pg_indexes_size('cf_t') AS total;
SELECT pg_relation_size('cf_t', 'fsm'), pg_relation_size('cf_t', 'init'), pg_relation_size('cf_v');
SELECT pg_relation_size('cf_t', 'nope');
SELECT pg_relation_size(0::oid) IS NULL AS no_relation, pg_database_size(0::oid) IS NULL AS no_database;
SELECT pg_database_size('cf_nope');
SELECT pg_tablespace_size('cf_nope');
SELECT pg_tablespace_location(oid) FROM pg_tablespace ORDER BY oid;
SELECT pg_size_pretty(s), pg_size_pretty(s::numeric) FROM unnest(ARRAY[0, 10239, 10240, 1048575,
    20971519, 1000000000000000, -123456789, 9223372036854775807]) s;
SELECT pg_size_pretty(123456789012345678901234567890::numeric), pg_size_pretty(-1.5::numeric);

-- names of objects: to_reg*, reg* types, format_type
SELECT to_regproc('now'), to_regproc('cf_nope');
SELECT to_regprocedure('lower(text)'), to_regprocedure('cf_nope(int)'), to_regprocedure('upper(integer)');
SELECT to_regnamespace('public'), to_regnamespace('pg_catalog'), to_regnamespace('cf_nope');
SELECT to_regrole('pg_database_owner'), to_regrole('cf_nope');
SELECT to_regclass('cf_t'), to_regtype('integer'), to_regtype('cf_nope');
SELECT 'now()'::regprocedure, 'now()'::regprocedure::oid = 'now'::regproc::oid AS same;
SELECT 'cf_nope()'::regprocedure;
SELECT 'pg_database_owner'::regrole, 'cf_nope'::regrole;
SELECT format_type('int2vector'::regtype, NULL), format_type('oidvector'::regtype, NULL),
       format_type('_int4'::regtype, NULL), format_type('varchar'::regtype, 12),
       format_type('numeric'::regtype, 655366), format_type(0, NULL), format_type(NULL, NULL);
SELECT pg_get_function_arguments('pg_get_keywords'::regproc),
       pg_get_function_identity_arguments('pg_get_keywords'::regproc),
       pg_get_function_result('pg_get_keywords'::regproc);
SELECT pg_get_function_result('generate_series(integer, integer)'::regprocedure),
       pg_get_function_arguments('concat'::regproc), pg_get_function_sqlbody('now'::regproc);
-- function-style casts
SELECT int8(5), text(12), float8(1), int4(5.5::numeric), date('2020-01-02 03:04:05'::timestamp);
SELECT int4('x');
SELECT jsonb(1);

-- the system column tableoid
SELECT tableoid::regclass, id FROM cf_t ORDER BY id;
SELECT c.tableoid::regclass, c.relname FROM pg_class c WHERE c.relname = 'cf_t';
SELECT tableoid FROM cf_v;
SELECT tableoid FROM cf_t, pg_class;

-- COMMENT ON and the descriptions
COMMENT ON TABLE cf_t IS 'the table';
COMMENT ON COLUMN cf_t.name IS 'a name';
COMMENT ON VIEW cf_v IS 'the view';
COMMENT ON COLUMN cf_v.id IS 'the view''s id';
COMMENT ON SEQUENCE cf_s IS 'the sequence';
COMMENT ON INDEX cf_t_name IS 'by name';
COMMENT ON INDEX cf_t_pkey IS 'the key';
SELECT obj_description('cf_t'::regclass, 'pg_class'), col_description('cf_t'::regclass, 2),
       col_description('cf_t'::regclass, 1);
SELECT obj_description('cf_v'::regclass, 'pg_class'), col_description('cf_v'::regclass, 1),
       obj_description('cf_s'::regclass, 'pg_class'), obj_description('cf_s'::regclass);
SELECT obj_description('cf_t_name'::regclass, 'pg_class'), obj_description('cf_t_pkey'::regclass, 'pg_class');
SELECT obj_description('cf_t'::regclass, 'pg_nope') IS NULL AS other_catalog;
SELECT obj_description('public'::regnamespace, 'pg_namespace'),
       obj_description('now'::regproc, 'pg_proc'), obj_description('int4'::regtype, 'pg_type');
SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database();
SELECT nextval('cf_s'), obj_description('cf_s'::regclass);
ALTER TABLE cf_t ADD COLUMN extra int;
SELECT obj_description('cf_t'::regclass), col_description('cf_t'::regclass, 2);
COMMENT ON SCHEMA public IS 'our schema';
SELECT obj_description('public'::regnamespace, 'pg_namespace');
COMMENT ON SCHEMA public IS NULL;
SELECT obj_description('public'::regnamespace, 'pg_namespace') IS NULL AS removed;
COMMENT ON TABLE cf_t IS '';
COMMENT ON COLUMN cf_t.name IS NULL;
SELECT obj_description('cf_t'::regclass), col_description('cf_t'::regclass, 2);
COMMENT ON TABLE cf_nope IS 'x';
COMMENT ON COLUMN cf_t.nope IS 'x';
COMMENT ON COLUMN cf_nope.id IS 'x';
COMMENT ON COLUMN cf_t IS 'x';
COMMENT ON TABLE cf_v IS 'x';
COMMENT ON VIEW cf_t IS 'x';
COMMENT ON SEQUENCE cf_t IS 'x';
COMMENT ON INDEX cf_t IS 'x';
COMMENT ON COLUMN cf_s.last_value IS 'x';
COMMENT ON SCHEMA cf_nope IS 'x';
BEGIN;
COMMENT ON TABLE cf_t IS 'rolled back';
ROLLBACK;
SELECT obj_description('cf_t'::regclass);
SELECT d.description FROM pg_description d WHERE d.objoid = 'cf_t'::regclass ORDER BY d.objsubid;
DROP INDEX cf_t_name;
SELECT count(*) FROM pg_description WHERE description = 'by name';

-- regular expressions
SELECT regexp_split_to_array('hello  world', '\s+'), regexp_split_to_array('abc', ''),
       regexp_split_to_array('', 'x');
SELECT regexp_split_to_table('the quick brown fox', 'o');
SELECT regexp_split_to_table('hello world', '\s*');
SELECT regexp_split_to_table('a,b', ',', 'g');
SELECT regexp_split_to_array('aXbxc', 'x', 'i');
SELECT regexp_matches('foobarbequebaz', '(bar)(beque)');
SELECT regexp_matches('foobarbequebazilbarfbonk', '(b[^b]+)(b[^b]+)', 'g');
SELECT regexp_matches('abc', 'x');
SELECT regexp_matches('aaa', 'a*', 'g');
SELECT regexp_matches('AbcAbc', 'a', 'gi');
SELECT regexp_matches('abc', '(a)|(x)');
SELECT x, regexp_matches(x, '[0-9]+', 'g') FROM (VALUES ('a1b22'), ('c333')) v(x) ORDER BY 1, 2;
SELECT regexp_match('abc', 'b', 'g');
SELECT regexp_matches('abc', 'b', 'z');

-- statistics: the sample and population variance and standard deviation
CREATE TABLE cf_n (i2 int2, i4 int4, i8 int8, n numeric, f4 real, f8 float8, g int);
INSERT INTO cf_n VALUES (1, 1, 1, 1.5, 1.5, 1.5, 1), (2, 2, 2, 2.25, 2.25, 2.25, 1),
    (3, 3, 3, 3.125, 3.125, 3.125, 1), (4, 4, 9223372036854775807, 4, 4, 4, 2),
    (NULL, NULL, NULL, NULL, NULL, NULL, 2), (7, 7, -9223372036854775807, 'NaN', 7, 7, 3);
SELECT g, variance(i2), var_samp(i4), var_pop(i8), stddev(n), stddev_samp(f4), stddev_pop(f8)
FROM cf_n GROUP BY g ORDER BY g;
SELECT variance(i2), var_samp(i4), var_pop(i8), stddev(n), stddev_samp(f4), stddev_pop(f8) FROM cf_n;
SELECT variance(i4), var_pop(i4), stddev(i4), stddev_pop(i4), variance(f8), var_pop(f8),
       stddev(f8), stddev_pop(f8) FROM cf_n WHERE g = 1;
SELECT variance(x), stddev_pop(x) FROM (VALUES (1.0::numeric), (1.0)) t(x);
SELECT variance(x) FROM (VALUES (1e-10::numeric), (3e-10)) t(x);
SELECT stddev(x), var_pop(x) FROM generate_series(1, 100) x;
SELECT variance(x::float8), stddev(x::float8) FROM generate_series(1, 100) x;
SELECT variance(x) FROM (VALUES ('Infinity'::float8), (1)) t(x);
SELECT pg_typeof(variance(1::int2)), pg_typeof(variance(1::real)), pg_typeof(stddev(1::numeric));
SELECT bit_and(x), bit_or(x), bit_xor(x), bit_and(x::int2), bit_or(x::int8)
FROM (VALUES (12), (10), (NULL), (7)) t(x);

-- to_number through to_char's templates
SELECT to_number('12,454.8-', '99G999D9S'), to_number('12.34', '99.9'), to_number('  123', '999'),
       to_number('-34,338,492', '99G999G999'), to_number('<123>', '999PR'),
       to_number('5.01-', 'FM9.999999MI'), to_number('12', '9V9'), to_number('abc12', 'xxx99');
SELECT to_number('$1,234', 'L9,999'), to_number('1234', '9,999'), to_number('12+', '99S'),
       to_number('-1.5', '9.9'), to_number('1234567', '9999999V999'), to_number('.5', '.9');
SELECT to_number('', '999');
SELECT to_number('12', '99.9.9');
SELECT to_number('1e5', '9EEEE');

-- arrays
SELECT array_fill(7, ARRAY[3]), array_fill(7, ARRAY[3], ARRAY[2]), array_fill(NULL::int, ARRAY[2]),
       array_fill(1, '{}'::int[]), array_fill('x'::text, ARRAY[2]);
SELECT array_fill(1, ARRAY[2], ARRAY[1,2]);
SELECT array_fill(1, NULL);
SELECT array_fill(1, ARRAY[NULL]::int[]);

-- the session
SELECT pg_is_in_recovery();
SELECT txid_current() = txid_current() AS same_transaction,
       pg_current_xact_id()::text = txid_current()::text AS same_id;
BEGIN;
SELECT txid_current_if_assigned() IS NULL AS unassigned;
SELECT txid_current() > 0 AS assigned;
SELECT txid_current_if_assigned() = txid_current() AS kept;
COMMIT;
SELECT word, catcode, barelabel, catdesc, baredesc FROM pg_get_keywords()
WHERE word IN ('all', 'as', 'authorization', 'between', 'name', 'select') ORDER BY word;
