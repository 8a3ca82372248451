-- The system catalog (pg_catalog, information_schema) as clients read it:
-- psql's \dt, \d t, \di, \dv, \ds queries, SQLAlchemy's, pgjdbc's,
-- psycopg's and psqlODBC's.  OIDs of user objects are stable hashes of
-- their names, so they are the same on every run.
create table t2 (id int primary key, code text unique);
create table t (id serial primary key, name varchar(20) not null default 'x', age int check (age > 0), ref int references t2(id) on delete cascade, created timestamptz);
create index t_name_idx on t(name);
create view v as select id, name from t;
create sequence s;
-- psql \dn, \dt, \di, \dv, \ds
SELECT n.nspname AS "Name",
  pg_catalog.pg_get_userbyid(n.nspowner) AS "Owner"
FROM pg_catalog.pg_namespace n
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
ORDER BY 1;
SELECT n.nspname as "Schema",
  c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
WHERE c.relkind IN ('r','p','')
      AND n.nspname <> 'pg_catalog'
      AND n.nspname !~ '^pg_toast'
      AND n.nspname <> 'information_schema'
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1,2;
SELECT n.nspname as "Schema",
  c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
  pg_catalog.pg_get_userbyid(c.relowner) as "Owner",
  c2.relname as "Table"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
     LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
     LEFT JOIN pg_catalog.pg_class c2 ON i.indrelid = c2.oid
WHERE c.relkind IN ('i','I','')
      AND n.nspname <> 'pg_catalog'
      AND n.nspname !~ '^pg_toast'
      AND n.nspname <> 'information_schema'
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1,2;
SELECT n.nspname as "Schema",
  c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v','')
      AND n.nspname <> 'pg_catalog'
      AND n.nspname !~ '^pg_toast'
      AND n.nspname <> 'information_schema'
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1,2;
SELECT n.nspname as "Schema",
  c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('S','')
      AND n.nspname <> 'pg_catalog'
      AND n.nspname !~ '^pg_toast'
      AND n.nspname <> 'information_schema'
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1,2;
-- psql \d t: the relation, then its columns, indexes, checks and foreign keys
SELECT c.oid,
  n.nspname,
  c.relname
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname OPERATOR(pg_catalog.~) '^(t)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 2, 3;
SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, '', c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, c.relpersistence, c.relreplident, am.amname
FROM pg_catalog.pg_class c
 LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)
LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)
WHERE c.oid = 't'::regclass;
SELECT a.attname,
  pg_catalog.format_type(a.atttypid, a.atttypmod),
  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)
   FROM pg_catalog.pg_attrdef d
   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
  a.attnotnull,
  (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t
   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation,
  a.attidentity,
  a.attgenerated
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = 't'::regclass AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;
SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),
  pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, condeferred, i.indisreplident, c2.reltablespace
FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i
  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x'))
WHERE c.oid = 't'::regclass AND c.oid = i.indrelid AND i.indexrelid = c2.oid
ORDER BY i.indisprimary DESC, c2.relname;
SELECT r.conname, pg_catalog.pg_get_constraintdef(r.oid, true)
FROM pg_catalog.pg_constraint r
WHERE r.conrelid = 't'::regclass AND r.contype = 'c'
ORDER BY 1;
SELECT true as sametable, conname,
  pg_catalog.pg_get_constraintdef(r.oid, true) as condef,
  conrelid::pg_catalog.regclass AS ontable
FROM pg_catalog.pg_constraint r
WHERE r.conrelid = 't'::regclass AND r.contype = 'f'
     AND conparentid = 0
ORDER BY conname;
-- names and OIDs
select 't'::regclass, 'pg_catalog.pg_class'::regclass::oid, 'pg_class'::regclass, 'information_schema.tables'::regclass;
select to_regclass('nope'), to_regclass('t') = 't'::regclass, to_regtype('integer'), 'int4in'::regproc, 'array_in'::regproc::oid;
select 'nope'::regclass;
select 0::regclass, 0::regtype, '-'::regclass, '-'::regtype, 0::regproc, 0::regnamespace, 11::regnamespace, (-1)::regproc::oid;
select 'public'::regnamespace, 'pg_catalog'::regnamespace::oid;
select pg_get_serial_sequence('t', 'id'), pg_get_serial_sequence('t', 'name');
select pg_get_serial_sequence('t', 'nope');
select current_schema(), current_schemas(true), current_schemas(false);
select has_table_privilege('t', 'select'), has_schema_privilege('public', 'usage'), has_column_privilege('t', 'name', 'update');
select has_table_privilege('nope', 'select');
select has_table_privilege('t', 'fly');
select format_type(1043, 24), format_type(1042, NULL), format_type(1042, -1), format_type(99999, NULL);
-- catalogs clients look at on connect
select oid, typname, typlen, typbyval, typtype, typcategory, typdelim, typelem, typarray, typinput, typoutput from pg_type where typname in ('int4', '_int4', 'text', 'numeric', 'timestamptz', 'bool') order by oid;
-- psqlODBC's large-object probe
select oid, typbasetype from pg_type where typname = 'lo';
-- psycopg 3's TypeInfo.fetch('text'), and for a type that does not exist
SELECT
    typname AS name, oid, typarray AS array_oid,
    oid::regtype::text AS regtype, typdelim AS delimiter
FROM pg_type t
WHERE t.oid = 'text'::regtype
ORDER BY t.oid;
SELECT typname FROM pg_type t WHERE t.oid = 'nope'::regtype;
select 'pg_catalog.int4'::regtype, 'character varying'::regtype::oid, 23::regtype, 'int4'::regtype::oid::regtype;
-- pgjdbc 42.5's TypeInfoCache: a type's OID by name, its name and array-ness by OID
SELECT pg_type.oid, typname FROM pg_catalog.pg_type LEFT JOIN (select ns.oid as nspoid, ns.nspname, r.r from pg_namespace as ns join ( select s.r, (current_schemas(false))[s.r] as nspname from generate_series(1, array_upper(current_schemas(false), 1)) as s(r) ) as r using ( nspname ) ) as sp ON sp.nspoid = typnamespace WHERE typname = 'int4' ORDER BY sp.r, pg_type.oid DESC LIMIT 1;
SELECT n.nspname = ANY(current_schemas(true)), n.nspname, t.typname FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON t.typnamespace = n.oid WHERE t.oid = 22;
SELECT typinput='pg_catalog.array_in'::regproc as is_array, typtype, typname, pg_type.oid   FROM pg_catalog.pg_type   LEFT JOIN (select ns.oid as nspoid, ns.nspname, r.r           from pg_namespace as ns           join ( select s.r, (current_schemas(false))[s.r] as nspname                    from generate_series(1, array_upper(current_schemas(false), 1)) as s(r) ) as r          using ( nspname )        ) as sp     ON sp.nspoid = typnamespace  WHERE pg_type.oid in (22, 24, 1028)  ORDER BY sp.r, pg_type.oid DESC;
-- the fixed catalogs
select nspname from pg_namespace order by oid;
select amname from pg_am order by oid;
select collname from pg_collation order by oid;
select rolname, rolsuper from pg_roles order by oid;
select usename, usesuper from pg_user;
select extname, extversion from pg_extension;
select spcname from pg_tablespace order by oid;
select count(*) from pg_inherits;
select count(*) from pg_description where classoid = 'pg_class'::regclass;
-- SQLAlchemy's reflection
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind in ('r', 'p') ORDER BY 1;
SELECT c.oid = 't'::regclass FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE (pg_catalog.pg_table_is_visible(c.oid)) AND c.relname = 't' AND c.relkind in ('r', 'v', 'm', 'f', 'p');
SELECT a.attname FROM pg_attribute a JOIN (SELECT unnest(ix.indkey) attnum FROM pg_index ix WHERE ix.indrelid = 't'::regclass AND ix.indisprimary) k ON a.attnum=k.attnum WHERE a.attrelid = 't'::regclass;
SELECT conname FROM pg_catalog.pg_constraint r WHERE r.conrelid = 't'::regclass AND r.contype = 'p' ORDER BY 1;
-- SQLAlchemy 1.4's get_columns, get_pk_constraint, get_foreign_keys, get_indexes, get_unique_constraints
SELECT a.attname,
  pg_catalog.format_type(a.atttypid, a.atttypmod),
  (
    SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid)
    FROM pg_catalog.pg_attrdef d
    WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum
    AND a.atthasdef
  ) AS DEFAULT,
  a.attnotnull,
  a.attrelid as table_oid,
  pgd.description as comment,
  a.attgenerated as generated,
                  (SELECT json_build_object(
        'always', a.attidentity = 'a',
        'start', s.seqstart,
        'increment', s.seqincrement,
        'minvalue', s.seqmin,
        'maxvalue', s.seqmax,
        'cache', s.seqcache,
        'cycle', s.seqcycle)
    FROM pg_catalog.pg_sequence s
    JOIN pg_catalog.pg_class c on s.seqrelid = c."oid"
    WHERE c.relkind = 'S'
    AND a.attidentity != ''
    AND s.seqrelid = pg_catalog.pg_get_serial_sequence(
        a.attrelid::regclass::text, a.attname
    )::regclass::oid
    ) as identity_options
FROM pg_catalog.pg_attribute a
LEFT JOIN pg_catalog.pg_description pgd ON (
    pgd.objoid = a.attrelid AND pgd.objsubid = a.attnum)
WHERE a.attrelid = 't'::regclass
AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;
SELECT a.attname
FROM pg_attribute a JOIN (
    SELECT unnest(ix.indkey) attnum,
           generate_subscripts(ix.indkey, 1) ord
    FROM pg_index ix
    WHERE ix.indrelid = 't'::regclass AND ix.indisprimary
    ) k ON a.attnum=k.attnum
WHERE a.attrelid = 't'::regclass
ORDER BY k.ord;
SELECT r.conname,
      pg_catalog.pg_get_constraintdef(r.oid, true) as condef,
      n.nspname as conschema
FROM  pg_catalog.pg_constraint r,
      pg_namespace n,
      pg_class c
WHERE r.conrelid = 't'::regclass AND
      r.contype = 'f' AND
      c.oid = confrelid AND
      n.oid = c.relnamespace
ORDER BY 1;
SELECT
    i.relname as relname,
    ix.indisunique, ix.indexprs,
    a.attname, a.attnum, c.conrelid, ix.indkey::varchar,
    ix.indoption::varchar, i.reloptions, am.amname,
    pg_get_expr(ix.indpred, ix.indrelid),
    ix.indnkeyatts as indnkeyatts
FROM
    pg_class t
          join pg_index ix on t.oid = ix.indrelid
          join pg_class i on i.oid = ix.indexrelid
          left outer join
              pg_attribute a
              on t.oid = a.attrelid and a.attnum = ANY(ix.indkey)
          left outer join
              pg_constraint c
              on (ix.indrelid = c.conrelid and
                  ix.indexrelid = c.conindid and
                  c.contype in ('p', 'u', 'x'))
          left outer join
              pg_am am
              on i.relam = am.oid
WHERE
    t.relkind IN ('r', 'v', 'f', 'm', 'p')
    and t.oid = 't'::regclass
    and ix.indisprimary = 'f'
ORDER BY
    t.relname,
    i.relname;
SELECT
    cons.conname as name,
    cons.conkey as key,
    a.attnum as col_num,
    a.attname as col_name
FROM
    pg_catalog.pg_constraint cons
    join pg_attribute a
      on cons.conrelid = a.attrelid AND
        a.attnum = ANY(cons.conkey)
WHERE
    cons.conrelid = 't2'::regclass AND
    cons.contype = 'u';
-- pgjdbc 42.5's getTables
SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM, c.relname AS TABLE_NAME,  CASE n.nspname ~ '^pg_' OR n.nspname = 'information_schema'  WHEN true THEN CASE  WHEN n.nspname = 'pg_catalog' OR n.nspname = 'information_schema' THEN CASE c.relkind   WHEN 'r' THEN 'SYSTEM TABLE'   WHEN 'v' THEN 'SYSTEM VIEW'   WHEN 'i' THEN 'SYSTEM INDEX'   ELSE NULL   END  WHEN n.nspname = 'pg_toast' THEN CASE c.relkind   WHEN 'r' THEN 'SYSTEM TOAST TABLE'   WHEN 'i' THEN 'SYSTEM TOAST INDEX'   ELSE NULL   END  ELSE CASE c.relkind   WHEN 'r' THEN 'TEMPORARY TABLE'   WHEN 'p' THEN 'TEMPORARY TABLE'   WHEN 'i' THEN 'TEMPORARY INDEX'   WHEN 'S' THEN 'TEMPORARY SEQUENCE'   WHEN 'v' THEN 'TEMPORARY VIEW'   ELSE NULL   END  END  WHEN false THEN CASE c.relkind  WHEN 'r' THEN 'TABLE'  WHEN 'p' THEN 'PARTITIONED TABLE'  WHEN 'i' THEN 'INDEX'  WHEN 'P' then 'PARTITIONED INDEX'  WHEN 'S' THEN 'SEQUENCE'  WHEN 'v' THEN 'VIEW'  WHEN 'c' THEN 'TYPE'  WHEN 'f' THEN 'FOREIGN TABLE'  WHEN 'm' THEN 'MATERIALIZED VIEW'  ELSE NULL  END  ELSE NULL  END  AS TABLE_TYPE, d.description AS REMARKS,  '' as TYPE_CAT, '' as TYPE_SCHEM, '' as TYPE_NAME, '' AS SELF_REFERENCING_COL_NAME, '' AS REF_GENERATION  FROM pg_catalog.pg_namespace n, pg_catalog.pg_class c  LEFT JOIN pg_catalog.pg_description d ON (c.oid = d.objoid AND d.objsubid = 0  and d.classoid = 'pg_class'::regclass)  WHERE c.relnamespace = n.oid  AND n.nspname LIKE 'public' AND c.relname LIKE '%' AND (false  OR ( c.relkind = 'r' AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' ) )  ORDER BY TABLE_TYPE,TABLE_SCHEM,TABLE_NAME;
-- pgjdbc 42.5's getColumns (row_number() OVER numbers the columns)
SELECT * FROM (SELECT n.nspname,c.relname,a.attname,a.atttypid,a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) AS attnotnull,a.atttypmod,a.attlen,t.typtypmod,row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS attnum, nullif(a.attidentity, '') as attidentity,nullif(a.attgenerated, '') as attgenerated,pg_catalog.pg_get_expr(def.adbin, def.adrelid) AS adsrc,dsc.description,t.typbasetype,t.typtype  FROM pg_catalog.pg_namespace n  JOIN pg_catalog.pg_class c ON (c.relnamespace = n.oid)  JOIN pg_catalog.pg_attribute a ON (a.attrelid=c.oid)  JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid)  LEFT JOIN pg_catalog.pg_attrdef def ON (a.attrelid=def.adrelid AND a.attnum = def.adnum)  LEFT JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum = dsc.objsubid)  LEFT JOIN pg_catalog.pg_class dc ON (dc.oid=dsc.classoid AND dc.relname='pg_class')  LEFT JOIN pg_catalog.pg_namespace dn ON (dc.relnamespace=dn.oid AND dn.nspname='pg_catalog')  WHERE c.relkind in ('r','p','v','f','m') and a.attnum > 0 AND NOT a.attisdropped  AND n.nspname LIKE 'public' AND c.relname LIKE 't') c WHERE true  AND attname LIKE '%' ORDER BY nspname,c.relname,attnum;
-- pgjdbc 42.5's getPrimaryKeys (a record column through a subquery), for one and two key columns
SELECT        result.TABLE_CAT,        result.TABLE_SCHEM,        result.TABLE_NAME,        result.COLUMN_NAME,        result.KEY_SEQ,        result.PK_NAME FROM      (SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM,   ct.relname AS TABLE_NAME, a.attname AS COLUMN_NAME,   (information_schema._pg_expandarray(i.indkey)).n AS KEY_SEQ, ci.relname AS PK_NAME,   information_schema._pg_expandarray(i.indkey) AS KEYS, a.attnum AS A_ATTNUM FROM pg_catalog.pg_class ct   JOIN pg_catalog.pg_attribute a ON (ct.oid = a.attrelid)   JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid)   JOIN pg_catalog.pg_index i ON ( a.attrelid = i.indrelid)   JOIN pg_catalog.pg_class ci ON (ci.oid = i.indexrelid) WHERE true  AND n.nspname = 'public' AND ct.relname = 't' AND i.indisprimary  ) result where  result.A_ATTNUM = (result.KEYS).x  ORDER BY result.table_name, result.pk_name, result.key_seq;
create table pk2 (b int, a int, c text, primary key (a, b));
SELECT        result.TABLE_CAT,        result.TABLE_SCHEM,        result.TABLE_NAME,        result.COLUMN_NAME,        result.KEY_SEQ,        result.PK_NAME FROM      (SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM,   ct.relname AS TABLE_NAME, a.attname AS COLUMN_NAME,   (information_schema._pg_expandarray(i.indkey)).n AS KEY_SEQ, ci.relname AS PK_NAME,   information_schema._pg_expandarray(i.indkey) AS KEYS, a.attnum AS A_ATTNUM FROM pg_catalog.pg_class ct   JOIN pg_catalog.pg_attribute a ON (ct.oid = a.attrelid)   JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid)   JOIN pg_catalog.pg_index i ON ( a.attrelid = i.indrelid)   JOIN pg_catalog.pg_class ci ON (ci.oid = i.indexrelid) WHERE true  AND n.nspname = 'public' AND ct.relname = 'pk2' AND i.indisprimary  ) result where  result.A_ATTNUM = (result.KEYS).x  ORDER BY result.table_name, result.pk_name, result.key_seq;
-- information_schema
select table_schema, table_name, table_type from information_schema.tables where table_schema = 'public' order by table_name;
select column_name, ordinal_position, column_default, is_nullable, data_type, character_maximum_length, numeric_precision, datetime_precision, udt_name from information_schema.columns where table_name = 't' order by ordinal_position;
select constraint_name, table_name, constraint_type from information_schema.table_constraints where table_schema = 'public' order by constraint_name;
select constraint_name, table_name, column_name, ordinal_position from information_schema.key_column_usage order by constraint_name, ordinal_position;
select constraint_name, unique_constraint_name, update_rule, delete_rule from information_schema.referential_constraints;
select schema_name from information_schema.schemata order by schema_name;
select sequence_name, data_type, start_value, increment from information_schema.sequences order by sequence_name;
select table_name from information_schema.views where table_schema = 'public';
select schemaname, tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by indexname;
select schemaname, tablename, tableowner, hasindexes from pg_tables where schemaname = 'public' order by tablename;
select sequencename, data_type, start_value, max_value from pg_sequences order by sequencename;
-- int2vector and oidvector, generate_subscripts, _pg_expandarray
select indkey, indkey[0], indkey::int2[], indkey::text from pg_index where indrelid = 't'::regclass order by indexrelid;
select '1 2 3'::int2vector, ('4 5'::int2vector)[1], '26 23'::oidvector = proargtypes from pg_proc where oid = 1081;
select generate_subscripts(array[5, 6, 7], 1), generate_subscripts('{1,2}'::int[], 1, true);
select (information_schema._pg_expandarray(conkey)).n from pg_constraint where conrelid = 't'::regclass and contype = 'p';
-- defaults as pg_get_expr prints them
create table d (a text default 'it''s', b int default 5, c date default '2020-01-01', e varchar(3) default 'ab');
select adnum, pg_get_expr(adbin, adrelid) from pg_attrdef where adrelid = 'd'::regclass order by 1;
-- a view's columns
select attname, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'v'::regclass order by attnum;
select column_name, data_type from information_schema.columns where table_name = 'v' order by ordinal_position;
-- the catalog follows the transaction's own DDL
begin;
create table t3 (a int);
select relname from pg_class where relname = 't3';
rollback;
select relname from pg_class where relname = 't3';
-- system catalogs cannot be written
insert into pg_class (relname) values ('x');
select * from pg_catalog.nope;
-- catalogs of features ChronDB lacks: real, with PostgreSQL's columns, and empty
select (select count(*) from pg_auth_members) + (select count(*) from pg_conversion) + (select count(*) from pg_event_trigger) + (select count(*) from pg_foreign_data_wrapper) + (select count(*) from pg_foreign_server) + (select count(*) from pg_foreign_table) + (select count(*) from pg_db_role_setting) + (select count(*) from pg_ts_config) + (select count(*) from pg_ts_dict) + (select count(*) from pg_ts_parser) + (select count(*) from pg_ts_template) + (select count(*) from pg_opclass) + (select count(*) from pg_opfamily) + (select count(*) from pg_subscription) as rows;
select attname, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'pg_auth_members'::regclass order by attnum;
-- the system catalogs' columns as PostgreSQL's bootstrap declares them
select attname, attnotnull, attcollation from pg_attribute where attrelid = 'pg_class'::regclass and attname in ('relname', 'relnatts', 'relacl', 'reloptions', 'relpartbound') order by attnum;
select attname, attnotnull from pg_attribute where attrelid = 'pg_proc'::regclass and attname in ('proargtypes', 'proallargtypes', 'prosrc') order by attnum;
select relname, relkind from pg_class where relname in ('pg_class', 'pg_settings', 'pg_stat_activity', 'pg_tables') order by relname;
-- casts, operators and languages from the registry
select castsource::regtype, casttarget::regtype, castfunc::regproc, castcontext, castmethod from pg_cast where castsource = 'jsonb'::regtype order by 2;
select p.proname, pg_get_function_arguments(p.oid), p.prorettype::regtype, int8(42) from pg_proc p where p.oid = (select castfunc from pg_cast where castsource = 'int4'::regtype and casttarget = 'int8'::regtype);
select oprname, oprkind, oprleft::regtype, oprright::regtype, oprresult::regtype, oprcode, oprnegate = 0 as no_negate from pg_operator where oprname = '||' and oprleft = 'text'::regtype and oprright = 'text'::regtype;
select o.oprname, n.oprname as negator from pg_operator o join pg_operator n on n.oid = o.oprnegate where o.oprname = '=' and o.oprleft = 'int4'::regtype and o.oprright = 'int4'::regtype;
select lanname, lanispl, lanpltrusted, obj_description(oid, 'pg_language') from pg_language order by oid;
select proname, proallargtypes, proargmodes, proargnames from pg_proc where proname = 'pg_get_keywords';
-- built-in descriptions, as PostgreSQL's
select obj_description(oid, 'pg_namespace') from pg_namespace where nspname in ('pg_catalog', 'public') order by oid;
select obj_description(oid, 'pg_extension') from pg_extension;
select obj_description('lower(text)'::regprocedure, 'pg_proc'), obj_description('text'::regtype, 'pg_type');
select nspname, nspacl from pg_namespace where nspname = 'public';
-- a view's rule
select r.rulename, r.ev_type, r.is_instead, pg_get_ruledef(r.oid, true) from pg_rewrite r where r.ev_class = 'v'::regclass;
-- comments: pg_description and the catalog entries in Git they live in
comment on table t is 'the t';
comment on column t.name is 'who';
comment on index t_name_idx is 'names';
comment on view v is 'the v';
comment on sequence s is 'the s';
select c.relname, d.objsubid, d.description from pg_description d join pg_class c on c.oid = d.objoid and d.classoid = 'pg_class'::regclass order by 1, 2;
-- the system column tableoid
insert into t2 values (1, 'a'), (2, 'b');
select tableoid::regclass, count(*) from t2 group by 1;
select count(*) = (select count(*) from pg_class) as all_rows from pg_class where tableoid = 'pg_class'::regclass;
-- sizes: the rows' JSON as stored
select pg_relation_size('t2'), pg_indexes_size('t2') > 0 as indexes, pg_relation_size('v'), pg_relation_size('pg_class');
-- the session itself in pg_stat_activity, an advisory lock in pg_locks beside the
-- statement's own lock on pg_locks and its virtual transaction id, as PostgreSQL lists them
select datname, usename, state, backend_type, query like '%pg_stat_activity%' as query from pg_stat_activity;
select pg_advisory_lock(7);
select locktype, classid, objid, objsubid, mode, granted, pid = pg_backend_pid() as mine from pg_locks order by locktype;
select pg_advisory_unlock(7);
select count(*) from pg_locks;
