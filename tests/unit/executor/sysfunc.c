/*
 * sysfunc.c - tests for the session functions clients call at connect
 * time and for advisory locks (executor/sysfunc.c), through sessions
 * on a store as a front end runs them: several sessions on one store
 * for the locks, a thread for a session that waits.  Expected values
 * are what PostgreSQL 15 answers for the same statements.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "session.h"
#include "testutil.h"

static char *tmpdir;
static store *st;

static void setup(void)
{
	store_opts o;
	store_err err;

	tmpdir = tu_tmpdir("sysfunc");
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

TestSuite(sysfunc, .init = setup, .fini = teardown, .timeout = 60);

/* A session's results: the first row's values as text joined by '|', and the notices. */
typedef struct result {
	exec_session *ss;
	store_buf row;
	store_buf notices;
	char colname[64];
	bool have_row;
} result;

static int r_describe(void *arg, const exec_tupdesc *desc)
{
	result *r = arg;

	snprintf(r->colname, sizeof(r->colname), "%s", desc->ncols > 0 ? desc->cols[0].name : "");
	return 0;
}

static int r_row(void *arg, const exec_tupdesc *desc, const exec_value *vals)
{
	result *r = arg;
	store_err err;

	if (r->have_row)
		return 0;
	r->have_row = true;
	for (int i = 0; i < desc->ncols; i++) {
		if (i > 0)
			store_buf_putc(&r->row, '|');
		if (vals[i].isnull)
			store_buf_puts(&r->row, "NULL");
		else
			cr_assert_eq(exec_session_format(r->ss, &vals[i], &r->row, &err), EXEC_OK);
	}
	return 0;
}

static int r_complete(void *arg, const char *tag)
{
	(void)arg;
	(void)tag;
	return 0;
}

static void r_notice(void *arg, const char *severity, const char *sqlstate, const char *message)
{
	result *r = arg;

	store_buf_printf(&r->notices, "%s %s %s\n", severity, sqlstate, message);
}

static exec_session *session_opts(store *s, const exec_session_opts *o)
{
	exec_session *ss;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(exec_session_new(s, o, &ss, &err), EXEC_OK, "%s", err.message);
	return ss;
}

static exec_session *session(void)
{
	exec_session_opts o;

	memset(&o, 0, sizeof(o));
	return session_opts(st, &o);
}

/*
 * Run sql in ss: the first row's text, or "ERROR <sqlstate>: <message>";
 * notices, when wanted, go to *notices (malloc'd, the caller frees).
 */
static char *run_n(exec_session *ss, const char *sql, char **notices)
{
	exec_sink sink = {0};
	result r;
	store_err err;
	char *out;

	memset(&r, 0, sizeof(r));
	r.ss = ss;
	sink.arg = &r;
	sink.describe = r_describe;
	sink.row = r_row;
	sink.complete = r_complete;
	sink.notice = r_notice;
	store_err_clear(&err);
	if (exec_session_query(ss, sql, strlen(sql), &sink, &err) != EXEC_OK)
		out = tu_fmt("ERROR %s: %s", err.sqlstate, err.message);
	else
		out = tu_fmt("%.*s", (int)r.row.len, r.row.data != NULL ? (char *)r.row.data : "");
	if (notices != NULL)
		*notices = tu_fmt(
			"%.*s", (int)r.notices.len, r.notices.data ? (char *)r.notices.data : "");
	store_buf_free(&r.row);
	store_buf_free(&r.notices);
	return out;
}

/* run_n, checking the answer. */
static void expect(exec_session *ss, const char *sql, const char *want)
{
	char *got = run_n(ss, sql, NULL);

	cr_expect_str_eq(got, want, "%s: got \"%s\"", sql, got);
	free(got);
}

/* The name of the first column of a query's result. */
static void expect_colname(exec_session *ss, const char *sql, const char *want)
{
	exec_sink sink = {0};
	result r;
	store_err err;

	memset(&r, 0, sizeof(r));
	r.ss = ss;
	sink.arg = &r;
	sink.describe = r_describe;
	sink.row = r_row;
	sink.complete = r_complete;
	cr_assert_eq(
		exec_session_query(ss, sql, strlen(sql), &sink, &err), EXEC_OK, "%s", err.message);
	cr_expect_str_eq(r.colname, want, "%s", sql);
	store_buf_free(&r.row);
}

Test(sysfunc, sysfunc__version_agrees_with_server_version)
{
	exec_session *ss = session();
	char *v = run_n(ss, "SELECT version()", NULL);
	char *sv = run_n(ss, "SHOW server_version", NULL);
	char *want = tu_fmt("PostgreSQL %s on ", sv);

	cr_expect_eq(strncmp(sv, "16.4 (ChronDB ", 14), 0, "%s", sv);
	cr_expect_eq(strncmp(v, want, strlen(want)), 0, "%s", v);
	cr_expect(strstr(v, ", compiled by ") != NULL, "%s", v);
	cr_expect(strstr(v, "-bit") != NULL, "%s", v);
	expect(ss, "SHOW server_version_num", "160004");
	free(v);
	free(sv);
	free(want);
	exec_session_free(ss);
}

Test(sysfunc, sysfunc__database_and_backend)
{
	exec_session_opts o;
	exec_session *ss = session();
	char *pid = tu_fmt("%d", (int)getpid());

	expect(ss, "SELECT current_database()", "chrondb");
	expect(ss, "SELECT current_catalog", "chrondb");
	expect_colname(ss, "SELECT current_catalog", "current_catalog");
	expect(ss, "SELECT pg_typeof(current_database())::text", "name");
	expect(ss, "SELECT pg_backend_pid()", pid);
	exec_session_free(ss);

	memset(&o, 0, sizeof(o));
	o.database = "shop";
	o.backend_pid = 4242;
	ss = session_opts(st, &o);
	expect(ss, "SELECT current_database(), current_catalog, pg_backend_pid()",
		"shop|shop|4242");
	expect(ss, "SELECT pg_postmaster_start_time() <= now()", "t");
	expect(ss,
		"SELECT pg_postmaster_start_time() = pg_postmaster_start_time(), "
		"pg_typeof(pg_postmaster_start_time())::text",
		"t|timestamp with time zone");
	free(pid);
	exec_session_free(ss);
}

Test(sysfunc, sysfunc__encodings)
{
	exec_session *ss = session();

	expect(ss, "SELECT pg_encoding_to_char(6), pg_encoding_to_char(0), pg_encoding_to_char(41)",
		"UTF8|SQL_ASCII|SHIFT_JIS_2004");
	expect(ss, "SELECT pg_encoding_to_char(42) = '', pg_encoding_to_char(-1) = ''", "t|t");
	expect(ss,
		"SELECT pg_char_to_encoding('utf-8'), pg_char_to_encoding('Unicode'), "
		"pg_char_to_encoding('latin1'), pg_char_to_encoding('win'), pg_char_to_encoding('xx')",
		"6|6|8|23|-1");
	expect(ss, "SELECT pg_encoding_to_char(pg_char_to_encoding('sql-ascii'))", "SQL_ASCII");
	exec_session_free(ss);
}

Test(sysfunc, sysfunc__advisory_session_locks)
{
	exec_session *a = session(), *b = session();
	char *notices, *got;

	/* Exclusive: the other session cannot have it, in either mode. */
	expect(a, "SELECT pg_advisory_lock(1)", "");
	expect(a, "SELECT pg_advisory_lock(1) IS NULL", "f");
	expect(b, "SELECT pg_try_advisory_lock(1)", "f");
	expect(b, "SELECT pg_try_advisory_lock_shared(1)", "f");

	/* Two integer keys are another space: (0, 1) is not bigint 1. */
	expect(b, "SELECT pg_try_advisory_lock(0, 1)", "t");
	expect(a, "SELECT pg_try_advisory_lock(0, 1)", "f");

	/* Taken twice by a (above), it needs two unlocks. */
	expect(a, "SELECT pg_advisory_unlock(1)", "t");
	expect(b, "SELECT pg_try_advisory_lock(1)", "f");
	expect(a, "SELECT pg_advisory_unlock(1)", "t");

	/* Unlocking what one does not hold: false and PostgreSQL's WARNING. */
	got = run_n(a, "SELECT pg_advisory_unlock(1)", &notices);
	cr_expect_str_eq(got, "f");
	cr_expect_str_eq(notices, "WARNING 01000 you don't own a lock of type ExclusiveLock\n");
	free(got);
	free(notices);
	got = run_n(a, "SELECT pg_advisory_unlock_shared(0, 1)", &notices);
	cr_expect_str_eq(got, "f");
	cr_expect_str_eq(notices, "WARNING 01000 you don't own a lock of type ShareLock\n");
	free(got);
	free(notices);

	expect(b, "SELECT pg_try_advisory_lock(1)", "t");
	expect(b, "SELECT pg_advisory_unlock(1), pg_advisory_unlock(0, 1)", "t|t");

	/* Shared: shared with shared, not with exclusive. */
	expect(a, "SELECT pg_advisory_lock_shared(2)", "");
	expect(b, "SELECT pg_try_advisory_lock_shared(2)", "t");
	expect(b, "SELECT pg_try_advisory_lock(2)", "f");
	expect(a, "SELECT pg_advisory_unlock(2)", "f");
	expect(a, "SELECT pg_advisory_unlock_shared(2)", "t");
	expect(b, "SELECT pg_try_advisory_lock(2)", "t"); /* its own shared lock is no conflict */

	/* unlock_all: every session-level lock of the session, none of another's. */
	expect(a, "SELECT pg_advisory_lock(3), pg_advisory_lock(3, 3), pg_advisory_lock_shared(4)",
		"||");
	expect(a, "SELECT pg_advisory_unlock_all()", "");
	expect(b,
		"SELECT pg_try_advisory_lock(3), pg_try_advisory_lock(3, 3), "
		"pg_try_advisory_lock(4)",
		"t|t|t");
	expect(a, "SELECT pg_try_advisory_lock(2)", "f");

	/* A session's end releases what it holds. */
	exec_session_free(b);
	expect(a, "SELECT pg_try_advisory_lock(2), pg_try_advisory_lock(3)", "t|t");
	exec_session_free(a);
}

Test(sysfunc, sysfunc__advisory_xact_locks)
{
	exec_session *a = session(), *b = session();

	/* Held to the end of the block, whatever it ends with; not unlockable before. */
	expect(a, "BEGIN", "");
	expect(a, "SELECT pg_advisory_xact_lock(5), pg_try_advisory_xact_lock_shared(6, 6)", "|t");
	expect(b, "SELECT pg_try_advisory_lock(5), pg_try_advisory_lock_shared(6, 6)", "f|t");
	expect(b, "SELECT pg_advisory_unlock_shared(6, 6)", "t");
	expect(a, "SELECT pg_advisory_unlock(5)", "f");
	expect(a, "SELECT pg_advisory_unlock_all()", "");
	expect(b, "SELECT pg_try_advisory_lock(5)", "f");
	expect(a, "COMMIT", "");
	expect(b, "SELECT pg_try_advisory_lock(5)", "t");
	expect(b, "SELECT pg_advisory_unlock(5)", "t");

	expect(a, "BEGIN", "");
	expect(a, "SELECT pg_try_advisory_xact_lock(5)", "t");
	expect(a, "SELECT 1/0", "ERROR 22012: division by zero");
	/* As in PostgreSQL, the error aborts the transaction: its locks go before the ROLLBACK. */
	expect(b, "SELECT pg_try_advisory_lock(5)", "t");
	expect(a, "ROLLBACK", "");
	expect(b, "SELECT pg_try_advisory_xact_lock(5)", "t");
	expect(b, "SELECT pg_advisory_unlock(5)", "t");

	/* Outside a block the query string is the transaction. */
	expect(a, "SELECT pg_try_advisory_xact_lock(5)", "t");
	expect(b, "SELECT pg_try_advisory_xact_lock(5); SELECT pg_try_advisory_lock(5)", "t");
	expect(a, "SELECT pg_try_advisory_lock(5)", "f");

	/* A session-level and a transaction-level take of one lock are apart. */
	expect(b, "BEGIN; SELECT pg_advisory_xact_lock(5)", "");
	expect(b, "SELECT pg_advisory_unlock(5)", "t");
	expect(a, "SELECT pg_try_advisory_lock(5)", "f");
	expect(b, "COMMIT", "");
	expect(a, "SELECT pg_try_advisory_lock(5)", "t");
	exec_session_free(a);
	exec_session_free(b);
}

Test(sysfunc, sysfunc__advisory_locks_per_store)
{
	char *dir = tu_tmpdir("sysfunc2");
	store *other;
	store_opts o;
	store_err err;
	exec_session_opts so;
	exec_session *a = session(), *b;

	store_opts_init(&o);
	o.sync = 0;
	o.background = 0;
	cr_assert_eq(store_open(&other, dir, &o, &err), STORE_OK, "%s", err.message);
	memset(&so, 0, sizeof(so));
	b = session_opts(other, &so);
	expect(a, "SELECT pg_try_advisory_lock(9)", "t");
	expect(b, "SELECT pg_try_advisory_lock(9)", "t");
	exec_session_free(a);
	exec_session_free(b);
	store_close(other);
	tu_rmtree(dir);
	free(dir);
}

/* A session running one query in a thread. */
typedef struct waiter {
	exec_session *ss;
	const char *sql;
	char *got;
	volatile bool done;
	pthread_t th;
} waiter;

static void *waiter_run(void *arg)
{
	waiter *w = arg;

	w->got = run_n(w->ss, w->sql, NULL);
	__atomic_store_n(&w->done, true, __ATOMIC_SEQ_CST);
	return NULL;
}

static void waiter_start(waiter *w, exec_session *ss, const char *sql)
{
	w->ss = ss;
	w->sql = sql;
	w->got = NULL;
	w->done = false;
	cr_assert_eq(pthread_create(&w->th, NULL, waiter_run, w), 0);
}

static bool waiter_done(waiter *w)
{
	return __atomic_load_n(&w->done, __ATOMIC_SEQ_CST);
}

/* Whether the waiter finishes within about two seconds. */
static bool waiter_finishes(waiter *w)
{
	for (int i = 0; i < 200 && !waiter_done(w); i++)
		usleep(10000);
	return waiter_done(w);
}

Test(sysfunc, sysfunc__advisory_lock_waits)
{
	exec_session *a = session(), *b = session();
	waiter w;

	/* b waits for a's exclusive lock until a lets it go. */
	expect(a, "SELECT pg_advisory_lock(8)", "");
	waiter_start(&w, b, "SELECT pg_advisory_lock(8), 'got it'");
	usleep(200000);
	cr_expect(!waiter_done(&w), "the lock was granted while held");
	expect(a, "SELECT pg_advisory_unlock(8)", "t");
	cr_assert(waiter_finishes(&w));
	pthread_join(w.th, NULL);
	cr_expect_str_eq(w.got, "|got it");
	free(w.got);
	expect(a, "SELECT pg_try_advisory_lock(8)", "f");

	/* A waiter for an exclusive lock waits for every shared holder; the end of a's block frees it. */
	expect(b, "SELECT pg_advisory_unlock(8)", "t");
	expect(a, "BEGIN; SELECT pg_advisory_xact_lock_shared(8)", "");
	waiter_start(&w, b, "SELECT pg_advisory_lock(8), 'got it again'");
	usleep(200000);
	cr_expect(!waiter_done(&w));
	expect(a, "ROLLBACK", "");
	cr_assert(waiter_finishes(&w));
	pthread_join(w.th, NULL);
	cr_expect_str_eq(w.got, "|got it again");
	free(w.got);
	exec_session_free(a);
	exec_session_free(b);
}

Test(sysfunc, sysfunc__advisory_deadlock)
{
	exec_session_opts o;
	exec_session *a, *b;
	const char *sql = "SELECT pg_advisory_lock(11)";
	waiter w;
	store_err err;

	memset(&o, 0, sizeof(o));
	store_err_clear(&err);
	o.backend_pid = 101;
	a = session_opts(st, &o);
	o.backend_pid = 102;
	b = session_opts(st, &o);

	/* a holds 10 and b 11; b waits for 10; a asking for 11 closes the cycle. */
	expect(a, "SELECT pg_advisory_lock(10)", "");
	expect(b, "SELECT pg_advisory_lock(11)", "");
	waiter_start(&w, b, "SELECT pg_advisory_lock(10), 'b got 10'");
	usleep(200000);
	cr_expect(!waiter_done(&w));
	cr_assert_eq(exec_session_query(a, sql, strlen(sql), NULL, &err), EXEC_ERROR);
	cr_expect_str_eq(err.sqlstate, "40P01");
	cr_expect_str_eq(err.message, "deadlock detected");
	/* The lock tag's first field is the database's OID (pg_database's, 16384). */
	cr_expect_str_eq(err.detail,
		"Process 101 waits for ExclusiveLock on advisory lock [16384,0,11,1]; blocked by "
		"process 102.\nProcess 102 waits for ExclusiveLock on advisory lock [16384,0,10,1]; "
		"blocked by process 101.");
	cr_expect_str_eq(err.hint, "See server log for query details.");

	/* a goes on; once it lets 10 go, b has it. */
	cr_expect(!waiter_done(&w));
	expect(a, "SELECT pg_advisory_unlock(10)", "t");
	cr_assert(waiter_finishes(&w));
	pthread_join(w.th, NULL);
	cr_expect_str_eq(w.got, "|b got 10");
	free(w.got);
	exec_session_free(a);
	exec_session_free(b);
}

Test(sysfunc, sysfunc__advisory_lock_timeouts)
{
	exec_session *a = session(), *b = session();

	/* lock_timeout ends a wait with 55P03, statement_timeout with 57014; the session goes on. */
	expect(a, "SELECT pg_advisory_lock(12)", "");
	expect(b, "SET lock_timeout = '50ms'", "");
	expect(b, "SELECT pg_advisory_lock(12)",
		"ERROR 55P03: canceling statement due to lock timeout");
	expect(b, "SET lock_timeout = 0; SET statement_timeout = '50ms'", "");
	expect(b, "SELECT pg_advisory_lock_shared(12)",
		"ERROR 57014: canceling statement due to statement timeout");
	expect(b, "SET lock_timeout = '10s'", "");
	expect(b, "SELECT pg_advisory_xact_lock(12)",
		"ERROR 57014: canceling statement due to statement timeout");
	expect(b, "SELECT pg_try_advisory_lock(12)", "f");
	expect(a, "SELECT pg_advisory_unlock(12)", "t");
	expect(b, "SELECT pg_advisory_lock(12)", "");
	exec_session_free(a);
	exec_session_free(b);
}

Test(sysfunc, sysfunc__advisory_locks_and_savepoints)
{
	exec_session *a = session(), *b = session();

	/* A rollback to a savepoint gives back the transaction-level locks taken since. */
	expect(a, "BEGIN; SELECT pg_advisory_xact_lock(20)", "");
	expect(a, "SAVEPOINT s; SELECT pg_advisory_xact_lock(21), pg_advisory_lock(22)", "|");
	expect(b, "SELECT pg_try_advisory_lock(21)", "f");
	expect(a, "ROLLBACK TO s", "");
	expect(b, "SELECT pg_try_advisory_lock(21), pg_try_advisory_lock(20)", "t|f");
	/* A session-level lock stays, whatever the transaction does. */
	expect(b, "SELECT pg_try_advisory_lock(22)", "f");
	expect(a, "ROLLBACK", "");
	expect(b, "SELECT pg_try_advisory_lock(20), pg_try_advisory_lock(22)", "t|f");
	expect(a, "SELECT pg_advisory_unlock(22)", "t");
	expect(b, "SELECT pg_try_advisory_lock(22)", "t");
	exec_session_free(a);
	exec_session_free(b);
}

Test(sysfunc, sysfunc__advisory_deadlock_with_a_row_lock)
{
	exec_session *a = session(), *b = session();
	const char *sql = "SELECT pg_advisory_lock(30)";
	waiter w;
	store_err err;

	/* a locks a row, b an advisory key; b waits for the row; a asking for the key closes it. */
	expect(a, "CREATE TABLE dl (id int PRIMARY KEY, n int)", "");
	expect(a, "INSERT INTO dl VALUES (1, 0)", "");
	expect(a, "BEGIN; SELECT n FROM dl WHERE id = 1 FOR UPDATE", "0");
	expect(b, "SELECT pg_advisory_lock(30)", "");
	waiter_start(&w, b, "UPDATE dl SET n = 1 WHERE id = 1");
	usleep(200000);
	cr_expect(!waiter_done(&w));
	store_err_clear(&err);
	cr_assert_eq(exec_session_query(a, sql, strlen(sql), NULL, &err), EXEC_ERROR);
	cr_expect_str_eq(err.sqlstate, "40P01", "%s", err.message);
	cr_expect(strstr(err.detail, "on advisory lock [16384,0,30,1]") != NULL, "%s", err.detail);

	/* The failed block holds nothing now: b's UPDATE goes on. */
	cr_assert(waiter_finishes(&w));
	pthread_join(w.th, NULL);
	free(w.got);
	expect(a, "ROLLBACK", "");
	expect(b, "SELECT pg_advisory_unlock(30)", "t");
	exec_session_free(a);
	exec_session_free(b);
}
