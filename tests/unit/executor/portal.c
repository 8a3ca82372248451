/*
 * portal.c - tests for the extended query protocol's objects
 * (executor/portal.h): what Parse describes (parameter types given and
 * inferred, result columns, NoData), Bind's checks, Execute with row
 * limits (streaming queries and kept rows of other statements), Sync and
 * the implicit transaction, errors and the state they leave, and what
 * interrupts a statement: CancelRequest from another thread,
 * statement_timeout and lock_timeout; row and table locks of portals
 * (held until Sync, taken again by kept plans), and that locks alone
 * commit nothing.
 *
 * Each test gets a fresh data directory, a store without the background
 * checkpointer and two sessions on it (the second watches what the
 * first committed, or holds a lock).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "portal.h"
#include "store.h"
#include "testutil.h"

static char *tmpdir;
static store *s;
static exec_session *ss, *other;

/* What a sink heard: rows as "a|b" lines and tags, each ending in ';'. */
static struct {
	char rows[8192];
	char tags[1024];
	int described;
} heard;

static void put_text(char *buf, size_t sz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void put_text(char *buf, size_t sz, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + n, sz - n, fmt, ap);
	va_end(ap);
}

static int on_describe(void *arg, const exec_tupdesc *desc)
{
	(void)arg;
	(void)desc;
	heard.described++;
	return EXEC_OK;
}

static int on_row(void *arg, const exec_tupdesc *desc, const exec_value *vals)
{
	exec_session *who = arg;

	for (int i = 0; i < desc->ncols; i++) {
		store_buf b = STORE_BUF_INIT;
		store_err err;

		store_err_clear(&err);
		if (vals[i].isnull)
			store_buf_puts(&b, "null");
		else
			cr_assert_eq(exec_session_format(who, &vals[i], &b, &err), EXEC_OK, "%s",
				err.message);
		put_text(heard.rows, sizeof(heard.rows), "%s%.*s", i ? "|" : "", (int)b.len,
			(const char *)b.data);
		store_buf_free(&b);
	}
	put_text(heard.rows, sizeof(heard.rows), ";");
	return EXEC_OK;
}

static int on_complete(void *arg, const char *tag)
{
	(void)arg;
	put_text(heard.tags, sizeof(heard.tags), "%s;", tag);
	return EXEC_OK;
}

static exec_sink sink_of(exec_session *who)
{
	exec_sink k;

	memset(&k, 0, sizeof(k));
	k.arg = who;
	k.describe = on_describe;
	k.row = on_row;
	k.complete = on_complete;
	return k;
}

static void forget(void)
{
	memset(&heard, 0, sizeof(heard));
}

static void setup(void)
{
	char *data;
	store_opts o;
	store_err err;

	tmpdir = tu_tmpdir("portal");
	data = tu_fmt("%s/data", tmpdir);
	setenv("TZ", "UTC", 1);
	store_opts_init(&o);
	o.background = 0;
	store_err_clear(&err);
	cr_assert_eq(store_open(&s, data, &o, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(exec_session_new(s, NULL, &ss, &err), EXEC_OK, "%s", err.message);
	cr_assert_eq(exec_session_new(s, NULL, &other, &err), EXEC_OK, "%s", err.message);
	free(data);
	forget();
}

static void teardown(void)
{
	exec_session_free(ss);
	exec_session_free(other);
	store_close(s);
	tu_rmtree(tmpdir);
	free(tmpdir);
}

TestSuite(portal, .init = setup, .fini = teardown);

/* Run SQL in a session; it must succeed. */
static void sql(exec_session *who, const char *q)
{
	exec_sink k = sink_of(who);
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(
		exec_session_query(who, q, strlen(q), &k, &err), EXEC_OK, "%s: %s", q, err.message);
}

/* The rows a query gives in a session, as heard. */
static const char *rows_of(exec_session *who, const char *q)
{
	forget();
	sql(who, q);
	return heard.rows;
}

static void parse(const char *name, const char *q, const exec_oid *types, int ntypes)
{
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(exec_prep_parse(ss, name, q, strlen(q), types, ntypes, &err), EXEC_OK,
		"%s: %s", q, err.message);
}

/* Parse that must fail with sqlstate. */
static void parse_fails(const char *q, const char *sqlstate)
{
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(exec_prep_parse(ss, "", q, strlen(q), NULL, 0, &err), EXEC_ERROR, "%s", q);
	cr_assert_str_eq(err.sqlstate, sqlstate, "%s: %s", q, err.message);
}

/* Bind text parameters (NULL: SQL NULL). */
static int bind(
	const char *portal, const char *stmt, int n, const char *const *vals, store_err *err)
{
	exec_param ps[8];

	for (int i = 0; i < n; i++) {
		ps[i].data = vals[i];
		ps[i].len = vals[i] ? strlen(vals[i]) : 0;
		ps[i].binary = false;
	}
	store_err_clear(err);
	return exec_portal_bind(ss, portal, stmt, ps, n, NULL, 0, err);
}

static void bind_ok(const char *portal, const char *stmt, int n, const char *const *vals)
{
	store_err err;

	cr_assert_eq(bind(portal, stmt, n, vals, &err), EXEC_OK, "%s", err.message);
}

static bool execute(const char *portal, uint64_t max)
{
	exec_sink k = sink_of(ss);
	store_err err;
	bool suspended;

	store_err_clear(&err);
	cr_assert_eq(exec_portal_execute(ss, portal, max, &k, &suspended, &err), EXEC_OK, "%s",
		err.message);
	return suspended;
}

static void do_sync(void)
{
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(exec_session_sync(ss, &err), EXEC_OK, "%s", err.message);
}

static void make_table(void)
{
	sql(ss, "CREATE TABLE t (id int PRIMARY KEY, name text, v numeric(10,2))");
	sql(ss, "INSERT INTO t SELECT g, 'n' || g, g FROM generate_series(1, 10) g");
}

Test(portal, portal__parameter_types_inferred)
{
	const exec_prep *p;

	make_table();
	forget();
	parse("q", "SELECT name, v FROM t WHERE id = $1 AND name <> $2", NULL, 0);
	p = exec_prep_find(ss, "q");
	cr_assert_not_null(p);
	cr_assert_eq(exec_prep_nparams(p), 2);
	cr_assert_eq(exec_prep_param_types(p)[0], EXEC_OID_INT4);
	cr_assert_eq(exec_prep_param_types(p)[1], EXEC_OID_TEXT);
	cr_assert_not_null(exec_prep_result(p));
	cr_assert_eq(exec_prep_result(p)->ncols, 2);
	cr_assert_str_eq(exec_prep_result(p)->cols[0].name, "name");
	cr_assert_eq(exec_prep_result(p)->cols[1].type, EXEC_OID_NUMERIC);
	cr_assert_neq(exec_prep_result(p)->cols[1].table_oid, 0);
}

Test(portal, portal__dml_described_without_running)
{
	const exec_prep *p;
	exec_oid given[] = {0, 0, EXEC_OID_FLOAT8};

	make_table();
	forget();
	parse("ins", "INSERT INTO t VALUES ($1, $2, $3) RETURNING id, v", given, 3);
	p = exec_prep_find(ss, "ins");
	cr_assert_eq(exec_prep_nparams(p), 3);
	cr_assert_eq(exec_prep_param_types(p)[0], EXEC_OID_INT4);
	cr_assert_eq(exec_prep_param_types(p)[1], EXEC_OID_TEXT);
	cr_assert_eq(exec_prep_param_types(p)[2], EXEC_OID_FLOAT8, "a given type stays");
	cr_assert_eq(exec_prep_result(p)->ncols, 2);

	parse("upd", "UPDATE t SET name = $2 WHERE id = $1", NULL, 0);
	p = exec_prep_find(ss, "upd");
	cr_assert_eq(exec_prep_param_types(p)[0], EXEC_OID_INT4);
	cr_assert_eq(exec_prep_param_types(p)[1], EXEC_OID_TEXT);
	cr_assert_null(exec_prep_result(p), "no RETURNING: NoData");

	parse("ddl", "CREATE TABLE u (a int)", NULL, 0);
	cr_assert_null(exec_prep_result(exec_prep_find(ss, "ddl")));
	cr_assert_eq(exec_prep_nparams(exec_prep_find(ss, "ddl")), 0);

	/* Nothing ran: no row 11, no table u, and no transaction open. */
	cr_assert_str_eq(rows_of(other, "SELECT count(*) FROM t"), "10;");
	cr_assert_eq(exec_session_status(ss), 'I');
	forget();
	parse("", "SHOW TimeZone", NULL, 0);
	cr_assert_str_eq(exec_prep_result(exec_prep_find(ss, ""))->cols[0].name, "TimeZone");
}

Test(portal, portal__undecided_parameter_is_text)
{
	const exec_prep *p;
	exec_oid given[] = {EXEC_OID_INT8};

	parse("a", "SELECT $1, $2", given, 1);
	p = exec_prep_find(ss, "a");
	cr_assert_eq(exec_prep_nparams(p), 2);
	cr_assert_eq(exec_prep_param_types(p)[0], EXEC_OID_INT8);
	cr_assert_eq(exec_prep_param_types(p)[1], EXEC_OID_TEXT);
	bind_ok("", "a", 2, (const char *const[]){"42", NULL});
	execute("", 0);
	cr_assert_str_eq(heard.rows, "42|null;");
	cr_assert_str_eq(heard.tags, "SELECT 1;");
	cr_assert_eq(heard.described, 0, "Execute does not describe");
}

Test(portal, portal__query_suspends_and_resumes)
{
	make_table();
	forget();
	parse("", "SELECT id FROM t WHERE id > $1 ORDER BY id", NULL, 0);
	bind_ok("p", "", 1, (const char *const[]){"3"});
	cr_assert(execute("p", 3));
	cr_assert_str_eq(heard.rows, "4;5;6;");
	cr_assert_str_eq(heard.tags, "", "a suspended portal sends no tag");
	cr_assert(execute("p", 3));
	cr_assert(!execute("p", 3));
	cr_assert_str_eq(heard.rows, "4;5;6;7;8;9;10;");
	cr_assert_str_eq(heard.tags, "SELECT 1;");
	forget();
	cr_assert(!execute("p", 3));
	cr_assert_str_eq(heard.tags, "SELECT 0;", "a finished portal answers with no rows");
}

Test(portal, portal__other_statements_hand_out_kept_rows)
{
	make_table();
	forget();
	parse("", "INSERT INTO t SELECT g, 'x', 0 FROM generate_series(11, 15) g RETURNING id",
		NULL, 0);
	bind_ok("", "", 0, NULL);
	cr_assert(execute("", 2));
	cr_assert(execute("", 2));
	cr_assert(!execute("", 2));
	cr_assert_str_eq(heard.rows, "11;12;13;14;15;");
	cr_assert_str_eq(heard.tags, "INSERT 0 5;");
	do_sync();
	cr_assert_str_eq(rows_of(other, "SELECT count(*) FROM t"), "15;");
}

Test(portal, portal__sync_commits_the_implicit_transaction)
{
	make_table();
	forget();
	parse("ins", "INSERT INTO t VALUES ($1, $2, $3)", NULL, 0);
	bind_ok("", "ins", 3, (const char *const[]){"20", "twenty", "2.5"});
	execute("", 0);
	bind_ok("", "ins", 3, (const char *const[]){"21", NULL, NULL});
	execute("", 0);
	cr_assert_str_eq(heard.tags, "INSERT 0 1;INSERT 0 1;");
	cr_assert_str_eq(rows_of(other, "SELECT count(*) FROM t"), "10;", "not before Sync");
	do_sync();
	cr_assert_str_eq(rows_of(other, "SELECT name, v FROM t WHERE id >= 20 ORDER BY id"),
		"twenty|2.50;null|null;");
	cr_assert_null(exec_portal_find(ss, ""), "Sync drops the unnamed portal");
	cr_assert_not_null(exec_prep_find(ss, "ins"), "statements stay");
}

Test(portal, portal__error_rolls_back_until_sync)
{
	store_err err;
	exec_sink k = sink_of(ss);
	bool suspended;

	make_table();
	forget();
	parse("ins", "INSERT INTO t VALUES ($1, 'a', 0)", NULL, 0);
	bind_ok("", "ins", 1, (const char *const[]){"30"});
	execute("", 0);
	bind_ok("", "ins", 1, (const char *const[]){"1"});
	store_err_clear(&err);
	cr_assert_eq(exec_portal_execute(ss, "", 0, &k, &suspended, &err), EXEC_ERROR);
	cr_assert_str_eq(err.sqlstate, "23505");
	cr_assert_str_eq(err.schema, "public", "ErrorResponse's s, t and n fields");
	cr_assert_str_eq(err.table, "t");
	cr_assert_str_eq(err.constraint, "t_pkey");
	do_sync();
	cr_assert_str_eq(rows_of(other, "SELECT count(*) FROM t WHERE id = 30"), "0;");
	cr_assert_eq(exec_session_status(ss), 'I');
}

Test(portal, portal__block_spans_syncs)
{
	store_err err;
	exec_sink k = sink_of(ss);
	bool suspended;

	make_table();
	forget();
	parse("b", "BEGIN", NULL, 0);
	bind_ok("", "b", 0, NULL);
	execute("", 0);
	parse("ins", "INSERT INTO t VALUES ($1, 'a', 0)", NULL, 0);
	bind_ok("", "ins", 1, (const char *const[]){"40"});
	execute("", 0);
	do_sync();
	cr_assert_eq(exec_session_status(ss), 'T');
	cr_assert_str_eq(rows_of(other, "SELECT count(*) FROM t WHERE id = 40"), "0;");

	/* A failed statement aborts the block; only ROLLBACK is accepted then. */
	bind_ok("", "ins", 1, (const char *const[]){"1"});
	cr_assert_eq(exec_portal_execute(ss, "", 0, &k, &suspended, &err), EXEC_ERROR);
	do_sync();
	cr_assert_eq(exec_session_status(ss), 'E');
	cr_assert_eq(bind("", "ins", 1, (const char *const[]){"41"}, &err), EXEC_ERROR);
	cr_assert_str_eq(err.sqlstate, "25P02");
	parse("r", "ROLLBACK", NULL, 0);
	bind_ok("", "r", 0, NULL);
	execute("", 0);
	do_sync();
	cr_assert_eq(exec_session_status(ss), 'I');
	cr_assert_str_eq(rows_of(other, "SELECT count(*) FROM t WHERE id = 40"), "0;");
}

Test(portal, portal__protocol_errors)
{
	store_err err;
	exec_sink k = sink_of(ss);
	bool suspended;

	make_table();
	forget();
	cr_assert_eq(bind("", "nope", 0, NULL, &err), EXEC_ERROR);
	cr_assert_str_eq(err.sqlstate, "26000");
	parse("q", "SELECT * FROM t WHERE id = $1", NULL, 0);
	store_err_clear(&err);
	cr_assert_eq(exec_prep_parse(ss, "q", "SELECT 1", 8, NULL, 0, &err), EXEC_ERROR);
	cr_assert_str_eq(err.sqlstate, "42P05");
	cr_assert_eq(bind("", "q", 0, NULL, &err), EXEC_ERROR);
	cr_assert_str_eq(err.sqlstate, "08P01");
	cr_assert_eq(bind("", "q", 1, (const char *const[]){"x"}, &err), EXEC_ERROR);
	cr_assert_str_eq(err.sqlstate, "22P02");
	store_err_clear(&err);
	cr_assert_eq(exec_portal_execute(ss, "gone", 0, &k, &suspended, &err), EXEC_ERROR);
	cr_assert_str_eq(err.sqlstate, "34000");
	parse_fails("SELECT 1; SELECT 2", "42601");
	parse_fails("SELECT * FROM missing WHERE a = $1", "42P01");
	{
		const exec_oid bad[] = {123456};

		store_err_clear(&err);
		cr_assert_eq(exec_prep_parse(ss, "", "SELECT $1", 9, bad, 1, &err), EXEC_ERROR);
		cr_assert_str_eq(err.sqlstate, "42704");
	}
	{
		const int16_t formats[] = {0, 0, 0, 0, 0};
		exec_param p = {"1", 1, false};

		store_err_clear(&err);
		cr_assert_eq(exec_portal_bind(ss, "", "q", &p, 1, formats, 5, &err), EXEC_ERROR);
		cr_assert_str_eq(err.sqlstate, "08P01");
	}
	do_sync();
	cr_assert_eq(exec_session_status(ss), 'I');
}

Test(portal, portal__empty_statement)
{
	parse("", "  -- nothing\n", NULL, 0);
	bind_ok("", "", 0, NULL);
	cr_assert(exec_portal_empty(exec_portal_find(ss, "")));
	cr_assert(!execute("", 0));
	cr_assert_str_eq(heard.tags, "");
}

Test(portal, portal__result_type_must_not_change)
{
	store_err err;
	exec_sink k = sink_of(ss);
	bool suspended;

	make_table();
	forget();
	parse("q", "SELECT * FROM t", NULL, 0);
	sql(ss, "ALTER TABLE t ADD COLUMN w int");
	bind_ok("", "q", 0, NULL);
	store_err_clear(&err);
	cr_assert_eq(exec_portal_execute(ss, "", 0, &k, &suspended, &err), EXEC_ERROR);
	cr_assert_str_eq(err.sqlstate, "0A000");
	cr_assert_str_eq(err.message, "cached plan must not change result type");
}

/* ---- Interrupts ---- */

static void *cancel_soon(void *arg)
{
	usleep(200 * 1000);
	exec_session_cancel(arg);
	return NULL;
}

static void query_fails(exec_session *who, const char *q, const char *sqlstate, const char *msg)
{
	exec_sink k = sink_of(who);
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(exec_session_query(who, q, strlen(q), &k, &err), EXEC_ERROR, "%s", q);
	cr_assert_str_eq(err.sqlstate, sqlstate, "%s: %s", q, err.message);
	if (msg != NULL)
		cr_assert_str_eq(err.message, msg);
}

Test(portal, portal__cancel_from_another_thread)
{
	pthread_t th;

	pthread_create(&th, NULL, cancel_soon, ss);
	query_fails(ss,
		"SELECT count(*) FROM generate_series(1, 100000) a, generate_series(1, 100000) b",
		"57014", "canceling statement due to user request");
	pthread_join(th, NULL);

	/* The session goes on, and an old cancel does not hit the next query. */
	cr_assert_str_eq(rows_of(ss, "SELECT 1"), "1;");
}

Test(portal, portal__statement_timeout)
{
	sql(ss, "SET statement_timeout = 100");
	query_fails(ss,
		"SELECT count(*) FROM generate_series(1, 100000) a, generate_series(1, 100000) b",
		"57014", "canceling statement due to statement timeout");
	sql(ss, "RESET statement_timeout");
	cr_assert_str_eq(rows_of(ss, "SELECT count(*) FROM generate_series(1, 1000)"), "1000;");
}

Test(portal, portal__lock_timeout_and_cancelled_lock_wait)
{
	pthread_t th;

	make_table();
	forget();
	sql(other, "BEGIN");
	sql(other, "UPDATE t SET name = 'held' WHERE id = 1");

	sql(ss, "SET lock_timeout = '100ms'");
	query_fails(ss, "UPDATE t SET name = 'mine' WHERE id = 1", "55P03",
		"canceling statement due to lock timeout");
	sql(ss, "RESET lock_timeout");

	sql(ss, "SET statement_timeout = '150ms'");
	query_fails(ss, "UPDATE t SET name = 'mine' WHERE id = 1", "57014",
		"canceling statement due to statement timeout");
	sql(ss, "RESET statement_timeout");

	pthread_create(&th, NULL, cancel_soon, ss);
	query_fails(ss, "UPDATE t SET name = 'mine' WHERE id = 1", "57014",
		"canceling statement due to user request");
	pthread_join(th, NULL);

	sql(other, "COMMIT");
	sql(ss, "UPDATE t SET name = 'mine' WHERE id = 1");
	cr_assert_str_eq(rows_of(other, "SELECT name FROM t WHERE id = 1"), "mine;");
}

Test(portal, portal__binary_parameters_and_formats)
{
	const unsigned char forty_one[] = {0, 0, 0, 0, 0, 0, 0, 41};
	exec_param p = {(const char *)forty_one, sizeof(forty_one), true};
	const int16_t binary[] = {1};
	exec_portal *po;
	store_err err;

	parse("", "SELECT $1 + 1 AS n", (const exec_oid[]){EXEC_OID_INT8}, 1);
	store_err_clear(&err);
	cr_assert_eq(
		exec_portal_bind(ss, "", "", &p, 1, binary, 1, &err), EXEC_OK, "%s", err.message);
	po = exec_portal_find(ss, "");
	cr_assert_eq(exec_portal_format(po, 0), 1);
	execute("", 0);
	cr_assert_str_eq(heard.rows, "42;");

	/* Too few bytes for an int8: PostgreSQL's 08P01. */
	p.len = 4;
	cr_assert_eq(exec_portal_bind(ss, "", "", &p, 1, NULL, 0, &err), EXEC_ERROR);
	cr_assert_str_eq(err.sqlstate, "08P01", "%s", err.message);
	do_sync();
}

Test(portal, portal__fetch_of_a_cursor_is_described)
{
	make_table();
	forget();
	sql(ss, "BEGIN");
	parse("", "DECLARE nc CURSOR FOR SELECT id, name FROM t WHERE id < 4 ORDER BY id", NULL, 0);
	bind_ok("", "", 0, NULL);
	execute("", 0);
	parse("f", "FETCH FORWARD 2 FROM nc", NULL, 0);
	cr_assert_not_null(
		exec_prep_result(exec_prep_find(ss, "f")), "FETCH has the cursor's rows");
	cr_assert_eq(exec_prep_result(exec_prep_find(ss, "f"))->ncols, 2);
	bind_ok("", "f", 0, NULL);
	execute("", 0);
	bind_ok("", "f", 0, NULL);
	execute("", 0);
	cr_assert_str_eq(heard.rows, "1|n1;2|n2;3|n3;");
	cr_assert_str_eq(heard.tags, "BEGIN;DECLARE CURSOR;FETCH 2;FETCH 1;");
	parse("m", "MOVE 1 IN nc", NULL, 0);
	cr_assert_null(exec_prep_result(exec_prep_find(ss, "m")));
	parse_fails("FETCH 1 FROM nosuch", "34000");
	sql(ss, "ROLLBACK");
}

Test(portal, portal__catalog_names_in_a_prepared_statement)
{
	/* regclass reads the system catalog through the running statement, at Parse too (pgjdbc). */
	parse("", "SELECT 'pg_class'::regclass::oid, $1::int", NULL, 0);
	bind_ok("", "", 1, (const char *const[]){"7"});
	execute("", 0);
	cr_assert_str_eq(heard.rows, "1259|7;");
}

/* Execute a prepared statement with one text parameter; the rows as heard. */
static const char *run_q(const char *stmt, const char *param)
{
	forget();
	bind_ok("", stmt, param ? 1 : 0, (const char *const[]){param});
	execute("", 0);
	return heard.rows;
}

Test(portal, portal__kept_plan_reads_each_executions_view)
{
	make_table();
	parse("q", "SELECT name FROM t WHERE id = $1", NULL, 0);
	parse("all", "SELECT count(*) FROM t", NULL, 0);
	cr_assert_str_eq(run_q("q", "3"), "n3;");
	cr_assert_str_eq(run_q("all", NULL), "10;");

	/* Another session's commits, seen by the next execution. */
	sql(other, "INSERT INTO t VALUES (11, 'eleven', 0)");
	sql(other, "UPDATE t SET name = 'three' WHERE id = 3");
	cr_assert_str_eq(run_q("q", "11"), "eleven;");
	cr_assert_str_eq(run_q("q", "3"), "three;");
	cr_assert_str_eq(run_q("all", NULL), "11;");

	/* The transaction's own writes, and nothing after its ROLLBACK. */
	sql(ss, "BEGIN");
	sql(ss, "INSERT INTO t VALUES (12, 'twelve', 0)");
	cr_assert_str_eq(run_q("q", "12"), "twelve;");
	cr_assert_str_eq(run_q("all", NULL), "12;");
	sql(ss, "ROLLBACK");
	cr_assert_str_eq(run_q("q", "12"), "");
	cr_assert_str_eq(run_q("all", NULL), "11;");
}

Test(portal, portal__kept_plan_follows_ddl)
{
	store_err err;
	exec_sink k = sink_of(ss);
	bool suspended;

	make_table();
	parse("q", "SELECT id FROM t WHERE name = $1", NULL, 0);
	cr_assert_str_eq(run_q("q", "n4"), "4;");

	/* An index makes a new catalog entry: the plan is made again, and still right. */
	sql(ss, "CREATE INDEX t_name ON t (name)");
	cr_assert_str_eq(run_q("q", "n5"), "5;");
	sql(ss, "SET enable_indexscan = off");
	cr_assert_str_eq(run_q("q", "n6"), "6;");
	sql(ss, "RESET enable_indexscan");

	/* A table gone: the plan is not used, the name does not resolve. */
	sql(ss, "DROP TABLE t");
	bind_ok("", "q", 1, (const char *const[]){"n1"});
	store_err_clear(&err);
	cr_assert_eq(exec_portal_execute(ss, "", 0, &k, &suspended, &err), EXEC_ERROR);
	cr_assert_str_eq(err.sqlstate, "42P01", "%s", err.message);
	do_sync();

	/* A new table of the same name and shape is read, not the old one's rows. */
	sql(ss, "CREATE TABLE t (id int PRIMARY KEY, name text, v numeric(10,2))");
	sql(ss, "INSERT INTO t VALUES (1, 'n4', 0)");
	cr_assert_str_eq(run_q("q", "n4"), "1;");

	/* The statement closed while a portal of it runs: the portal goes on. */
	sql(ss, "INSERT INTO t SELECT g, 'x', 0 FROM generate_series(2, 6) g");
	parse("x", "SELECT id FROM t WHERE name = $1 ORDER BY id", NULL, 0);
	bind_ok("p", "x", 1, (const char *const[]){"x"});
	forget();
	cr_assert(execute("p", 2));
	exec_prep_close(ss, "x");
	cr_assert(!execute("p", 0));
	cr_assert_str_eq(heard.rows, "2;3;4;5;6;");
}

/* The commit a session's branch is at now. */
static store_oid head_of(void)
{
	store_snap *snap;
	store_err err;
	store_oid id;

	store_err_clear(&err);
	cr_assert_eq(store_snap_branch(s, NULL, &snap, &err), STORE_OK, "%s", err.message);
	id = *store_snap_id(snap);
	store_snap_free(snap);
	return id;
}

Test(portal, portal__row_locks_alone_commit_nothing)
{
	store_oid before, after;

	make_table();
	before = head_of();
	sql(ss, "SELECT * FROM t WHERE id < 3 FOR UPDATE");
	sql(ss, "BEGIN");
	sql(ss, "SELECT * FROM t FOR SHARE");
	sql(ss, "LOCK t IN EXCLUSIVE MODE");
	sql(ss, "COMMIT");
	after = head_of();
	cr_assert(store_oid_equal(&before, &after), "a transaction that only locked committed");

	/* Locked, then written: one commit, as any write. */
	sql(ss, "BEGIN");
	sql(ss, "SELECT * FROM t WHERE id = 1 FOR UPDATE");
	sql(ss, "UPDATE t SET name = 'one' WHERE id = 1");
	sql(ss, "COMMIT");
	after = head_of();
	cr_assert(!store_oid_equal(&before, &after));
}

Test(portal, portal__row_locks_last_until_sync)
{
	make_table();
	parse("q", "SELECT id FROM t WHERE id = $1 FOR UPDATE", NULL, 0);
	cr_assert_str_eq(run_q("q", "2"), "2;");

	/* The implicit transaction goes on until Sync, and its row lock with it. */
	query_fails(other, "SELECT * FROM t WHERE id = 2 FOR UPDATE NOWAIT", "55P03",
		"could not obtain lock on row in relation \"t\"");
	do_sync();
	cr_assert_str_eq(rows_of(other, "SELECT id FROM t WHERE id = 2 FOR UPDATE NOWAIT"), "2;");
}

Test(portal, portal__kept_plan_takes_its_table_lock)
{
	make_table();
	parse("all", "SELECT count(*) FROM t", NULL, 0);
	cr_assert_str_eq(run_q("all", NULL), "10;");
	do_sync();

	/* Run again from its kept plan: it still waits for a lock that excludes readers. */
	sql(other, "BEGIN");
	sql(other, "LOCK t IN ACCESS EXCLUSIVE MODE");
	sql(other, "INSERT INTO t VALUES (11, 'eleven', 0)");
	sql(ss, "SET lock_timeout = '100ms'");
	{
		store_err err;
		exec_sink k = sink_of(ss);
		bool suspended;

		bind_ok("", "all", 0, NULL);
		store_err_clear(&err);
		cr_assert_eq(exec_portal_execute(ss, "", 0, &k, &suspended, &err), EXEC_ERROR);
		cr_assert_str_eq(err.message, "canceling statement due to lock timeout");
		do_sync();
	}
	sql(ss, "RESET lock_timeout");
	sql(other, "COMMIT");

	/* After the wait, the commit it waited for is in what it reads. */
	cr_assert_str_eq(run_q("all", NULL), "11;");
}
