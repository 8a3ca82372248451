/*
 * syscat.c - tests for the system catalog (executor/syscat.c,
 * syscatfn.c) through a session: every system relation reads with the
 * columns it declares, user objects keep their OIDs across a restart of
 * the store, and the catalog of a database with 100 tables answers in
 * milliseconds.
 *
 * The golden test tests/regress/sql/chrondb_catalog.sql covers what
 * clients (psql, SQLAlchemy, pgjdbc, psycopg, psqlODBC) send and see.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "session.h"
#include "syscat_int.h"
#include "testutil.h"

static char *tmpdir;
static store *st;

static void open_store(void)
{
	store_opts o;
	store_err err;

	store_opts_init(&o);
	o.sync = 0;
	o.background = 0;
	store_err_clear(&err);
	cr_assert_eq(store_open(&st, tmpdir, &o, &err), STORE_OK, "%s", err.message);
}

static void setup(void)
{
	tmpdir = tu_tmpdir("syscat");
	open_store();
}

static void teardown(void)
{
	store_close(st);
	tu_rmtree(tmpdir);
	free(tmpdir);
}

TestSuite(syscat, .init = setup, .fini = teardown, .timeout = 120);

/* What the sink saw: the rows' first values as text, one per line, and the row count. */
typedef struct client {
	store_buf log;
	int rows;
	int ncols;
} client;

static int c_describe(void *arg, const exec_tupdesc *desc)
{
	((client *)arg)->ncols = desc->ncols;
	return 0;
}

static int c_row(void *arg, const exec_tupdesc *desc, const exec_value *vals)
{
	client *c = arg;

	(void)desc;
	c->rows++;
	if (vals[0].isnull)
		store_buf_puts(&c->log, "NULL\n");
	else if (vals[0].type == EXEC_OID_TEXT || vals[0].type == EXEC_OID_NAME)
		store_buf_printf(&c->log, "%.*s\n", (int)vals[0].v.s.len, vals[0].v.s.p);
	else
		store_buf_printf(&c->log, "%lld\n", (long long)vals[0].v.i);
	return 0;
}

static int c_complete(void *arg, const char *tag)
{
	(void)arg;
	(void)tag;
	return 0;
}

static const exec_sink sink_base = {
	NULL, c_describe, c_row, c_complete, NULL, NULL, NULL, NULL, NULL};

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

/* Run sql, which must succeed; *c has its rows. */
static void run(exec_session *ss, client *c, const char *sql)
{
	exec_sink sink = sink_base;
	store_err err;

	sink.arg = c;
	c->log.len = 0;
	c->rows = 0;
	store_err_clear(&err);
	cr_assert_eq(exec_session_query(ss, sql, strlen(sql), &sink, &err), EXEC_OK, "%s: %s %s",
		sql, err.sqlstate, err.message);
	store_buf_putc(&c->log, '\0');
}

Test(syscat, syscat__every_relation_reads)
{
	exec_session *ss = session();
	client c = {0};

	run(ss, &c,
		"create table t (id serial primary key, a text unique, b int check (b > 0)); "
		"create index t_b on t(b); create view v as select id from t");
	for (size_t i = 0; i < exec_nsystables; i++) {
		char sql[200];

		snprintf(sql, sizeof(sql), "select * from %s.%s", exec_systables[i].schema,
			exec_systables[i].name);
		run(ss, &c, sql);
		cr_assert_eq(c.ncols, exec_systables[i].ncols, "%s", sql);
	}

	/* Unqualified names find pg_catalog; information_schema must be named. */
	run(ss, &c, "select relname from pg_class where relname = 't'");
	cr_assert_str_eq((char *)c.log.data, "t\n");
	{
		exec_sink sink = sink_base;
		store_err err;

		sink.arg = &c;
		store_err_clear(&err);
		cr_assert_neq(
			exec_session_query(ss, "select * from columns", 21, &sink, &err), EXEC_OK);
		cr_assert_str_eq(err.sqlstate, "42P01");
	}
	exec_session_free(ss);
	store_buf_free(&c.log);
}

Test(syscat, syscat__oids_survive_restart)
{
	exec_session *ss = session();
	client c = {0};
	const char *q = "select oid::text from pg_class where relnamespace = 2200 "
			"union all select oid::text from pg_constraint "
			"union all select oid::text from pg_attrdef order by 1";
	char *before;

	run(ss, &c,
		"create table p (id int primary key); "
		"create table t (id serial primary key, p int references p(id), u text unique); "
		"create index t_u on t(u); create view v as select id from t; create sequence s");
	run(ss, &c, q);
	/* 2 tables, 4 indexes, a view, 2 sequences; 4 constraints; 1 default */
	cr_assert_eq(c.rows, 14, "%s", (char *)c.log.data);
	before = strdup((char *)c.log.data);
	exec_session_free(ss);

	store_close(st);
	open_store();
	ss = session();
	run(ss, &c, q);
	cr_assert_str_eq((char *)c.log.data, before);
	for (char *p = before; *p != '\0'; p = strchr(p, '\n') + 1)
		cr_assert_geq(atol(p), 16384, "%s", before);
	free(before);
	exec_session_free(ss);
	store_buf_free(&c.log);
}

Test(syscat, syscat__hundred_tables_fast)
{
	exec_session *ss = session();
	client c = {0};
	store_buf ddl = STORE_BUF_INIT;
	struct timespec t0, t1;
	double ms;

	for (int i = 0; i < 100; i++)
		store_buf_printf(&ddl, "create table t%d (id int primary key, a text, b int); ", i);
	store_buf_putc(&ddl, '\0');
	run(ss, &c, (const char *)ddl.data);
	store_buf_free(&ddl);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	run(ss, &c,
		"select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace "
		"join pg_attribute a on a.attrelid = c.oid where n.nspname = 'public' and "
		"pg_table_is_visible(c.oid)");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	cr_assert_str_eq((char *)c.log.data, "400\n"); /* 300 columns, 100 key columns */
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	cr_assert_lt(ms, 1000.0, "pg_class over 100 tables took %.1f ms", ms);
	exec_session_free(ss);
	store_buf_free(&c.log);
}

Test(syscat, syscat__branches_are_schemas)
{
	exec_session *ss = session();
	client c = {0};
	store_snap *snap;
	store_err err;

	run(ss, &c, "create table t (id int)");
	store_err_clear(&err);
	cr_assert_eq(store_snap_branch(st, store_default_branch(st), &snap, &err), STORE_OK, "%s",
		err.message);
	cr_assert_eq(store_branch_create(st, "feature", snap, &err), STORE_OK, "%s", err.message);
	store_snap_free(snap);

	/* The session's branch is public; the other one a schema of its name, without relations. */
	run(ss, &c,
		"select nspname from pg_namespace where oid >= 16384 or oid = 2200 order by nspname");
	cr_assert_str_eq((char *)c.log.data, "feature\npublic\n");
	run(ss, &c,
		"select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
		"where n.nspname = 'feature'");
	cr_assert_eq(c.rows, 0);
	run(ss, &c, "select 'feature'::regnamespace::oid >= 16384, 'public'::regnamespace::oid");
	cr_assert_str_eq((char *)c.log.data, "1\n");
	exec_session_free(ss);
	store_buf_free(&c.log);
}
