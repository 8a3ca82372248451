/*
 * deparse.c - tests for view definitions (executor/deparse.c and the
 * views of ddl.c) through a session: a view's printed query reads back
 * into a view that prints the same, a view keeps the deparsed text
 * (and runs it), a query the deparser cannot print exactly is kept as
 * written and said so, and views stored before ChronDB deparsed them
 * (their query text only) still run and print as PostgreSQL does.
 *
 * The golden test tests/regress/sql/viewdef.sql holds what PostgreSQL 15
 * prints for every form; this file covers what it cannot reach.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "session.h"
#include "testutil.h"

static char *tmpdir;
static store *st;

static void setup(void)
{
	store_opts o;
	store_err err;

	tmpdir = tu_tmpdir("deparse");
	store_opts_init(&o);
	o.sync = 0;
	o.background = 0;
	store_err_clear(&err);
	cr_assert_eq(store_open(&st, tmpdir, &o, &err), STORE_OK, "%s", err.message);
}

static void teardown(void)
{
	store_close(st);
	tu_rmtree(tmpdir);
	free(tmpdir);
}

TestSuite(deparse, .init = setup, .fini = teardown, .timeout = 120);

/* What the session said: the first column of every row, then each notice, one per line. */
typedef struct client {
	store_buf rows;
	store_buf notices;
} client;

static int c_row(void *arg, const exec_tupdesc *desc, const exec_value *vals)
{
	client *c = arg;

	(void)desc;
	if (vals[0].isnull)
		store_buf_puts(&c->rows, "NULL\n");
	else if (vals[0].type == EXEC_OID_TEXT)
		store_buf_printf(&c->rows, "%.*s\n", (int)vals[0].v.s.len, vals[0].v.s.p);
	else
		store_buf_printf(&c->rows, "%lld\n", (long long)vals[0].v.i);
	return 0;
}

static void c_notice(void *arg, const char *severity, const char *sqlstate, const char *message)
{
	(void)sqlstate;
	store_buf_printf(&((client *)arg)->notices, "%s: %s\n", severity, message);
}

static exec_session *session(void)
{
	exec_session_opts o;
	exec_session *ss;
	store_err err;

	memset(&o, 0, sizeof(o));
	store_err_clear(&err);
	cr_assert_eq(exec_session_new(st, &o, &ss, &err), EXEC_OK, "%s", err.message);
	return ss;
}

/* Run sql, which must succeed; c->rows and c->notices hold what it gave (NUL-terminated). */
static void run(exec_session *ss, client *c, const char *sql)
{
	exec_sink sink = {0};
	store_err err;

	sink.arg = c;
	sink.row = c_row;
	sink.notice = c_notice;
	c->rows.len = 0;
	c->notices.len = 0;
	store_err_clear(&err);
	cr_assert_eq(exec_session_query(ss, sql, strlen(sql), &sink, &err), EXEC_OK, "%s: %s %s",
		sql, err.sqlstate, err.message);
	store_buf_putc(&c->rows, '\0');
	store_buf_putc(&c->notices, '\0');
}

static void done(exec_session *ss, client *c)
{
	exec_session_free(ss);
	store_buf_free(&c->rows);
	store_buf_free(&c->notices);
}

/* The view's catalog entry, as stored (caller frees with json_decref). */
static json_t *entry(const char *view)
{
	store_snap *snap;
	store_err err;
	char *json = NULL;
	json_t *o;

	store_err_clear(&err);
	cr_assert_eq(store_snap_open(st, "main", &snap, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(store_tx_meta_get(NULL, snap, "views", view, &json, &err), STORE_OK, "%s",
		err.message);
	store_snap_free(snap);
	o = json_loads(json, 0, NULL);
	free(json);
	cr_assert_not_null(o);
	return o;
}

static const char *const tables =
	"create table t (id int primary key, name text, price numeric(10,2), tags text[], "
	"data jsonb, created timestamp); "
	"create table u (id int, t_id int, note varchar(20)); "
	"insert into t values (1, 'a', 1.5, '{x}', '{\"k\": 1}', '2024-01-01'), "
	"(2, 'b', 20, '{y,z}', '{}', NULL); "
	"insert into u values (1, 1, 'one'), (2, 1, 'two'), (3, 2, 'three')";

/*
 * Queries of many shapes: each view's pretty definition, made a view
 * again, prints the same (PostgreSQL's output reads back as the same
 * query), and both return the same rows.
 */
Test(deparse, deparse__reads_back)
{
	static const char *const queries[] = {
		"select * from t",
		"select t.id, u.note from t join u on t.id = u.t_id left join u u2 on u2.id = t.id",
		"select * from t full join u using (id) where id > 1",
		"select x.t_id from (t join u on t.id = u.t_id) x",
		"select name, count(*), sum(price) filter (where id > 0) s, string_agg(name, ',' "
		"order by id desc) from t group by name having count(*) > 0 order by 2 desc, 1",
		"select id, rank() over (partition by name order by price desc) r, count(*) over () "
		"from t",
		"select id from t where exists (select 1 from u where u.t_id = t.id) and id in "
		"(select t_id from u) and price between 1 and 10",
		"with w as (select id from t) select * from w union select id from u order by 1",
		"select case when price > 10 then 'dear' else 'cheap' end, coalesce(name, '-') c, "
		"nullif(id, 0) n, greatest(id, 2) g from t",
		"select data -> 'k' a, data ->> 'k' b, data['k'] c, tags[1] d, tags[1:2] e, "
		"array[id, 2] f from t",
		"select distinct on (name) name, id from t order by name, id desc limit 5 offset 0",
		"select t.id, x.n from t, lateral (select count(*) n from u where u.t_id = t.id) x",
		"select g from generate_series(1, 3) g",
		"values (1, 'a'), (2, 'b')",
		"select id::text, price::int p, name::varchar(3) n, 'abc'::char(5) c, 1.5::float8 f "
		"from t",
	};
	exec_session *ss = session();
	client c = {0};

	run(ss, &c, tables);
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		char *sql = tu_fmt("create view v%zu as %s", i, queries[i]), *def, *again, *rows;

		run(ss, &c, sql);
		cr_assert_str_eq((char *)c.notices.data, "", "%s", queries[i]);
		free(sql);
		sql = tu_fmt("select pg_get_viewdef('v%zu', true)", i);
		run(ss, &c, sql);
		free(sql);
		def = strdup((char *)c.rows.data);
		cr_assert(strlen(def) > 2 && def[strlen(def) - 2] == ';', "%s", def);
		def[strlen(def) - 2] = '\0';

		sql = tu_fmt("create view w%zu as %s", i, def);
		run(ss, &c, sql);
		free(sql);
		sql = tu_fmt("select pg_get_viewdef('w%zu', true)", i);
		run(ss, &c, sql);
		free(sql);
		again = strdup((char *)c.rows.data);
		again[strlen(again) - 2] = '\0';
		cr_assert_str_eq(again, def, "%s", queries[i]);

		sql = tu_fmt(
			"select count(*) from (select * from v%zu except select * from w%zu) d", i,
			i);
		run(ss, &c, sql);
		free(sql);
		rows = (char *)c.rows.data;
		cr_assert_str_eq(rows, "0\n", "%s", queries[i]);
		free(def);
		free(again);
	}
	done(ss, &c);
}

/* A view keeps the plain form it runs and the pretty form psql shows. */
Test(deparse, deparse__kept_forms)
{
	exec_session *ss = session();
	client c = {0};
	json_t *o;

	run(ss, &c, tables);
	run(ss, &c, "create view v as select * from t where price > 2");
	o = entry("v");
	cr_assert(json_is_true(json_object_get(o, "deparsed")));
	cr_assert_str_eq(json_string_value(json_object_get(o, "query")),
		" SELECT t.id,\n    t.name,\n    t.price,\n    t.tags,\n    t.data,\n"
		"    t.created\n   FROM t\n  WHERE (t.price > (2)::numeric)");
	cr_assert_str_eq(json_string_value(json_object_get(o, "pretty")),
		" SELECT t.id,\n    t.name,\n    t.price,\n    t.tags,\n    t.data,\n"
		"    t.created\n   FROM t\n  WHERE t.price > 2::numeric");
	json_decref(o);

	/* A column added later stays out of the view's *. */
	run(ss, &c, "alter table t add column extra int default 3");
	run(ss, &c, "select count(*) from (select * from v) x");
	cr_assert_str_eq((char *)c.rows.data, "1\n");
	run(ss, &c,
		"select string_agg(attname, ',' order by attnum) from pg_attribute "
		"where attrelid = 'v'::regclass");
	cr_assert_str_eq((char *)c.rows.data, "id,name,price,tags,data,created\n");
	done(ss, &c);
}

/*
 * A form printed otherwise by PostgreSQL than this printer can (VALUES
 * under new column names) is kept as written: the NOTICE says so, the
 * definition shows the text, and the view runs it.
 */
Test(deparse, deparse__kept_as_written)
{
	exec_session *ss = session();
	client c = {0};
	json_t *o;

	run(ss, &c, "create view vv (a, b) as values (1, 'x'), (2, 'y')");
	cr_assert_str_eq(
		(char *)c.notices.data, "NOTICE: definition of view \"vv\" is kept as written\n");
	o = entry("vv");
	cr_assert(json_is_false(json_object_get(o, "deparsed")));
	cr_assert_null(json_object_get(o, "pretty"));
	json_decref(o);
	run(ss, &c, "select pg_get_viewdef('vv', true)");
	cr_assert_str_eq((char *)c.rows.data, " values (1, 'x'), (2, 'y');\n");
	run(ss, &c, "select b from vv where a = 2");
	cr_assert_str_eq((char *)c.rows.data, "y\n");
	done(ss, &c);
}

/*
 * A view stored before ChronDB deparsed views (its query as written, no
 * "deparsed" key) runs as before and prints as PostgreSQL would print
 * it, deparsed when read.
 */
Test(deparse, deparse__old_view_entry)
{
	static const char *const old =
		"{\"name\":\"ov\",\"query\":\"select id, name as n from t where id < 2\","
		"\"columns\":[\"id\",\"n\"]}";
	exec_session *ss = session();
	client c = {0};
	store_tx *tx = NULL;
	store_err err;

	run(ss, &c, tables);
	store_err_clear(&err);
	cr_assert_eq(store_tx_begin(st, NULL, STORE_READ_COMMITTED, &tx, &err), STORE_OK, "%s",
		err.message);
	cr_assert_eq(store_tx_meta_put(tx, "views", "ov", old, strlen(old), &err), STORE_OK, "%s",
		err.message);
	cr_assert_eq(store_tx_commit(tx, NULL, NULL, &err), STORE_OK, "%s", err.message);

	run(ss, &c, "select n from ov");
	cr_assert_str_eq((char *)c.rows.data, "a\n");
	run(ss, &c, "select pg_get_viewdef('ov', true)");
	cr_assert_str_eq((char *)c.rows.data,
		" SELECT t.id,\n    t.name AS n\n   FROM t\n  WHERE t.id < 2;\n");
	run(ss, &c, "select definition from pg_views where viewname = 'ov'");
	cr_assert_str_eq((char *)c.rows.data,
		" SELECT t.id,\n    t.name AS n\n   FROM t\n  WHERE (t.id < 2);\n");
	run(ss, &c, "select pg_get_viewdef('ov'::regclass, 30)");
	cr_assert_str_eq(
		(char *)c.rows.data, " SELECT t.id, t.name AS n\n   FROM t\n  WHERE t.id < 2;\n");
	done(ss, &c);
}
