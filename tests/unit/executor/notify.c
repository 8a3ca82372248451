/*
 * notify.c - tests for LISTEN/NOTIFY's queue and sessions
 * (executor/notify.c), through sessions on stores as a front end runs
 * them: what the wire tests cannot reach cheaply, a transaction's
 * duplicates past the point where they are found through a hash,
 * ROLLBACK TO across it, entries kept for a listener that has not read
 * them and freed when it goes, the wake-up callback, and stores that
 * never meet.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "notify.h"
#include "testutil.h"

static char *tmpdir[2];
static store *st[2];

static void setup(void)
{
	for (int i = 0; i < 2; i++) {
		store_opts o;
		store_err err;

		tmpdir[i] = tu_tmpdir("notify");
		store_opts_init(&o);
		o.sync = 0;
		o.background = 0;
		store_err_clear(&err);
		cr_assert_eq(store_open(&st[i], tmpdir[i], &o, &err), STORE_OK, "%s", err.message);
	}
}

static void teardown(void)
{
	for (int i = 0; i < 2; i++) {
		store_close(st[i]);
		tu_rmtree(tmpdir[i]);
		free(tmpdir[i]);
	}
}

TestSuite(notify, .init = setup, .fini = teardown, .timeout = 60);

/* How many times a session was woken. */
static void count_wake(void *arg)
{
	(*(int *)arg)++;
}

static exec_session *session(store *s, int pid, int *wakes)
{
	exec_session_opts o;
	exec_session *ss;
	store_err err;

	memset(&o, 0, sizeof(o));
	o.backend_pid = pid;
	o.notify_wake = wakes != NULL ? count_wake : NULL;
	o.notify_arg = wakes;
	store_err_clear(&err);
	cr_assert_eq(exec_session_new(s, &o, &ss, &err), EXEC_OK, "%s", err.message);
	return ss;
}

/* The first value of a result, as text. */
static int first_value(void *arg, const exec_tupdesc *desc, const exec_value *vals)
{
	store_buf *out = arg;

	(void)desc;
	if (out->len == 0)
		store_buf_printf(out, "%g", vals[0].v.f);
	return 0;
}

/* Run sql, which must succeed. */
static void run(exec_session *ss, const char *sql)
{
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(exec_session_query(ss, sql, strlen(sql), NULL, &err), EXEC_OK, "%s: %s",
		sql, err.message);
}

/* pg_notification_queue_usage() as text. */
static char *usage(exec_session *ss)
{
	const char *sql = "SELECT pg_notification_queue_usage()";
	store_buf out = STORE_BUF_INIT;
	exec_sink sink = {0};
	store_err err;
	char *s;

	sink.arg = &out;
	sink.row = first_value;
	store_err_clear(&err);
	cr_assert_eq(exec_session_query(ss, sql, strlen(sql), &sink, &err), EXEC_OK, "%s",
		err.message);
	s = tu_fmt("%.*s", (int)out.len, (char *)out.data);
	store_buf_free(&out);
	return s;
}

static void collect(void *arg, int32_t pid, const char *channel, const char *payload)
{
	store_buf_printf(arg, "%d %s %s\n", (int)pid, channel, payload);
}

/* What the session delivers now, a line each: "pid channel payload". */
static char *delivered(exec_session *ss)
{
	store_buf out = STORE_BUF_INIT;
	char *s;

	exec_notify_deliver(ss, collect, &out);
	s = tu_fmt("%.*s", (int)out.len, out.data != NULL ? (char *)out.data : "");
	store_buf_free(&out);
	return s;
}

/* NOTIFY c, 'p<i>' for i from first up to end, each a statement. */
static void notify_range(exec_session *ss, int first, int end)
{
	for (int i = first; i < end; i++) {
		char *sql = tu_fmt("NOTIFY c, 'p%d'", i);

		run(ss, sql);
		free(sql);
	}
}

/* The lines "<pid> c p<i>" for i from first up to end. */
static char *lines(int pid, int first, int end)
{
	store_buf b = STORE_BUF_INIT;
	char *s;

	for (int i = first; i < end; i++)
		store_buf_printf(&b, "%d c p%d\n", pid, i);
	s = tu_fmt("%.*s", (int)b.len, b.data != NULL ? (char *)b.data : "");
	store_buf_free(&b);
	return s;
}

static void expect_delivered(exec_session *ss, const char *want)
{
	char *got = delivered(ss);

	cr_expect_str_eq(got, want, "got:\n%s\nwant:\n%s", got, want);
	free(got);
}

/* Many notifications in one transaction: repeats go, the first of each stays in its place. */
Test(notify, notify__duplicates_past_the_hash)
{
	exec_session *lis = session(st[0], 100, NULL), *nfy = session(st[0], 200, NULL);
	char *want = lines(200, 0, 100);

	run(lis, "LISTEN c");
	run(nfy, "BEGIN");
	for (int round = 0; round < 3; round++)
		notify_range(nfy, 0, 100);
	run(nfy, "SELECT pg_notify('c', 'p5'), pg_notify('d', 'p5')");
	run(nfy, "COMMIT");
	expect_delivered(lis, want);
	expect_delivered(lis, "");
	free(want);
	exec_session_free(nfy);
	exec_session_free(lis);
}

/* ROLLBACK TO cuts the notifications back past the hash; later repeats find what is left. */
Test(notify, notify__rollback_to_across_the_hash)
{
	exec_session *lis = session(st[0], 100, NULL), *nfy = session(st[0], 200, NULL);
	char *want = lines(200, 0, 45);

	run(lis, "LISTEN c");
	run(nfy, "BEGIN");
	notify_range(nfy, 0, 40);
	run(nfy, "SAVEPOINT s");
	notify_range(nfy, 0, 80);
	run(nfy, "LISTEN other");
	run(nfy, "ROLLBACK TO SAVEPOINT s");
	notify_range(nfy, 35, 45);
	run(nfy, "COMMIT");
	expect_delivered(lis, want);
	expect_delivered(nfy, ""); /* its LISTEN was rolled back */
	free(want);
	exec_session_free(nfy);
	exec_session_free(lis);
}

/* Entries wait for the listener that has not read them, and go when it goes. */
Test(notify, notify__entries_wait_for_each_listener)
{
	int wakes_a = 0, wakes_b = 0;
	exec_session *a = session(st[0], 100, &wakes_a), *b = session(st[0], 101, &wakes_b);
	exec_session *nfy = session(st[0], 200, NULL);
	char *u;

	run(a, "LISTEN c");
	run(b, "LISTEN other_channel");
	run(nfy, "NOTIFY c, 'one'");
	run(nfy, "NOTIFY c, 'two'");

	/* Every listener of the store is woken, whatever its channels. */
	cr_expect_eq(wakes_a, 2);
	cr_expect_eq(wakes_b, 2);
	expect_delivered(a, "200 c one\n200 c two\n");
	u = usage(nfy);
	cr_expect_str_neq(u, "0", "b has not read yet");
	free(u);
	expect_delivered(b, "");
	u = usage(nfy);
	cr_expect_str_eq(u, "0");
	free(u);

	/* A listener that never reads holds entries until its session ends. */
	run(nfy, "NOTIFY c, 'three'");
	expect_delivered(b, "");
	u = usage(nfy);
	cr_expect_str_neq(u, "0", "a has not read yet");
	free(u);
	exec_session_free(a);
	u = usage(nfy);
	cr_expect_str_eq(u, "0");
	free(u);

	/* With no listener left nothing is queued. */
	run(b, "UNLISTEN *");
	run(nfy, "NOTIFY c, 'four'");
	u = usage(nfy);
	cr_expect_str_eq(u, "0");
	free(u);
	exec_session_free(b);
	exec_session_free(nfy);
}

/* Sessions of different stores (databases) never hear each other. */
Test(notify, notify__stores_apart)
{
	int wakes0 = 0, wakes1 = 0;
	exec_session *l0 = session(st[0], 100, &wakes0), *l1 = session(st[1], 101, &wakes1);
	exec_session *n1 = session(st[1], 200, NULL);

	run(l0, "LISTEN c");
	run(l1, "LISTEN c");
	run(n1, "NOTIFY c, 'store one'");
	cr_expect_eq(wakes0, 0);
	cr_expect_eq(wakes1, 1);
	expect_delivered(l0, "");
	expect_delivered(l1, "200 c store one\n");
	exec_session_free(n1);
	exec_session_free(l1);
	exec_session_free(l0);
}

/* A session in a transaction reads nothing until it ends. */
Test(notify, notify__read_between_transactions)
{
	exec_session *lis = session(st[0], 100, NULL), *nfy = session(st[0], 200, NULL);

	run(lis, "LISTEN c");
	run(lis, "BEGIN");
	run(nfy, "NOTIFY c, 'waits'");
	expect_delivered(lis, "");
	run(lis, "COMMIT");
	expect_delivered(lis, "200 c waits\n");
	cr_expect(exec_notify_listening(lis));
	cr_expect(!exec_notify_listening(nfy));
	exec_session_free(nfy);
	exec_session_free(lis);
}
