/*
 * lock.c - tests for storage's lock manager (storage/lock.c, store.h's
 * locks): PostgreSQL's conflict tables for table and row locks, the fast
 * path and strong requests, the line of waiters, savepoints, the insert
 * probe, timeouts, interrupts, deadlocks across kinds, and the listing
 * pg_locks and pg_blocking_pids read.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "store.h"
#include "testutil.h"

static char *tmpdir;
static store *s;

static void setup(void)
{
	store_opts o;
	store_err err;
	char *data;
	store_tx *tx;

	tmpdir = tu_tmpdir("lock");
	cr_assert(asprintf(&data, "%s/data", tmpdir) > 0);
	store_opts_init(&o);
	o.background = 0;
	o.sync = 0;
	store_err_clear(&err);
	cr_assert_eq(store_open(&s, data, &o, &err), STORE_OK, "%s", err.message);
	free(data);
	cr_assert_eq(store_tx_begin(s, NULL, STORE_READ_COMMITTED, &tx, &err), STORE_OK);
	cr_assert_eq(store_tx_create_table(tx, "t",
			     "{\"columns\":[{\"name\":\"id\",\"type\":\"text\"}],"
			     "\"primary_key\":[\"id\"]}",
			     &err),
		STORE_OK, "%s", err.message);
	cr_assert_eq(store_tx_commit(tx, NULL, NULL, &err), STORE_OK, "%s", err.message);
}

static void teardown(void)
{
	store_close(s);
	tu_rmtree(tmpdir);
	free(tmpdir);
}

static store_locker *locker(int32_t pid)
{
	store_locker *lk;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_locker_new(s, pid, 1, NULL, &lk, &err), STORE_OK);
	return lk;
}

static store_tx *tx_of(store_locker *lk)
{
	store_tx *tx;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_tx_begin(s, NULL, STORE_READ_COMMITTED, &tx, &err), STORE_OK);
	store_tx_set_locker(tx, lk);
	return tx;
}

/* A table lock in mode, with the wait policy and timeout given; its status. */
static int table(
	store_locker *lk, const char *name, int mode, store_lockwait wait, int ms, store_err *err)
{
	store_lockreq req = {mode, wait, ms, 42, 0, 0};

	store_err_clear(err);
	return store_lock_table(lk, "main", name, &req, err);
}

static int row(store_tx *tx, const char *key, int mode, store_lockwait wait, int ms, unsigned flags,
	store_err *err)
{
	store_lockreq req = {mode, wait, ms, 42, flags, 0};

	store_err_clear(err);
	return store_tx_lock_row_req(tx, "t", key, strlen(key), &req, err);
}

/* PostgreSQL's table: which of the eight modes (1-based) each mode conflicts with. */
static const char *const table_conflicts[9] = {
	"", "8", "78", "5678", "45678", "34678", "345678", "2345678", "12345678"};

Test(lock, table_modes_conflict_as_postgresql, .init = setup, .fini = teardown)
{
	store_locker *a, *b;
	store_err err;

	a = locker(1);
	b = locker(2);
	for (int held = 1; held <= 8; held++)
		for (int asked = 1; asked <= 8; asked++) {
			char c = (char)('0' + asked);
			int want = strchr(table_conflicts[held], c) != NULL;
			int r;

			cr_assert_eq(table(a, "t", held, STORE_LOCK_WAIT, 0, &err), STORE_OK);
			r = table(b, "t", asked, STORE_LOCK_NOWAIT, 0, &err);
			cr_assert_eq(r == STORE_ERROR, want, "held %d, asked %d: %d [%s] %s", held,
				asked, r, err.sqlstate, err.message);
			if (want)
				cr_assert_str_eq(
					err.message, "could not obtain lock on relation \"t\"");
			store_locker_release(a);
			store_locker_release(b);
		}
	store_locker_free(a);
	store_locker_free(b);
}

/* FOR KEY SHARE, FOR SHARE, FOR NO KEY UPDATE, FOR UPDATE. */
static const char *const row_conflicts[5] = {"", "4", "34", "234", "1234"};

Test(lock, row_modes_conflict_as_postgresql, .init = setup, .fini = teardown)
{
	store_locker *a = NULL, *b = NULL;
	store_err err;

	a = locker(1);
	b = locker(2);
	for (int held = 1; held <= 4; held++)
		for (int asked = 1; asked <= 4; asked++) {
			store_tx *ta = tx_of(a), *tb = tx_of(b);
			int want = strchr(row_conflicts[held], '0' + asked) != NULL;
			int r;

			cr_assert_eq(row(ta, "k", held, STORE_LOCK_WAIT, 0, 0, &err), STORE_OK);
			r = row(tb, "k", asked, STORE_LOCK_NOWAIT, 0, 0, &err);
			cr_assert_eq(r == STORE_ERROR, want, "held %d, asked %d", held, asked);
			if (want)
				cr_assert_str_eq(err.message,
					"could not obtain lock on row in relation \"t\"");
			/* SKIP LOCKED: nothing taken, no error. */
			r = row(tb, "k", asked, STORE_LOCK_SKIP, 0, 0, &err);
			cr_assert_eq(r, want ? STORE_NOTFOUND : STORE_OK);
			store_tx_rollback(ta);
			store_tx_rollback(tb);
		}
	store_locker_free(a);
	store_locker_free(b);
}

/* Whether the listing shows locker pid holding mode on t, and by the fast path. */
static int listed(int32_t pid, int mode, int *fastpath)
{
	store_lockinfo *l;
	size_t n;
	store_err err;
	int found = 0;

	cr_assert_eq(store_locks_list(s, &l, &n, &err), STORE_OK);
	for (size_t i = 0; i < n; i++)
		if (l[i].kind == 'r' && l[i].pid == pid && l[i].mode == mode && l[i].granted &&
			strcmp(l[i].table, "t") == 0) {
			found = 1;
			*fastpath = l[i].fastpath;
		}
	store_locks_free(l, n);
	return found;
}

Test(lock, weak_locks_take_the_fast_path_until_a_strong_one_comes, .init = setup, .fini = teardown)
{
	store_locker *a, *b;
	store_err err;
	int fp = -1;

	a = locker(1);
	b = locker(2);
	cr_assert_eq(table(a, "t", STORE_LOCK_ROW_EXCLUSIVE, STORE_LOCK_WAIT, 0, &err), STORE_OK);
	cr_assert(listed(1, STORE_LOCK_ROW_EXCLUSIVE, &fp));
	cr_assert_eq(fp, 1);

	/* A strong request sees the fast-path holder, which is in the shared table since. */
	cr_assert_eq(table(b, "t", STORE_LOCK_SHARE, STORE_LOCK_NOWAIT, 0, &err), STORE_ERROR);
	cr_assert(listed(1, STORE_LOCK_ROW_EXCLUSIVE, &fp));
	cr_assert_eq(fp, 0);

	/* Held already: taken again at no cost, whichever table it is in. */
	cr_assert_eq(table(a, "t", STORE_LOCK_ROW_EXCLUSIVE, STORE_LOCK_NOWAIT, 0, &err), STORE_OK);
	store_locker_release(a);
	cr_assert_eq(table(b, "t", STORE_LOCK_SHARE, STORE_LOCK_NOWAIT, 0, &err), STORE_OK);

	/* While the strong lock is held, weak requests go to the shared table and see it. */
	cr_assert_eq(
		table(a, "t", STORE_LOCK_ROW_EXCLUSIVE, STORE_LOCK_NOWAIT, 0, &err), STORE_ERROR);
	cr_assert_eq(table(a, "t", STORE_LOCK_ACCESS_SHARE, STORE_LOCK_NOWAIT, 0, &err), STORE_OK);
	cr_assert(listed(1, STORE_LOCK_ACCESS_SHARE, &fp));
	cr_assert_eq(fp, 0);
	store_locker_release(b);
	store_locker_release(a);

	/* Once it is gone, the fast path again. */
	cr_assert_eq(table(a, "t", STORE_LOCK_ACCESS_SHARE, STORE_LOCK_WAIT, 0, &err), STORE_OK);
	cr_assert(listed(1, STORE_LOCK_ACCESS_SHARE, &fp));
	cr_assert_eq(fp, 1);
	store_locker_free(a);
	store_locker_free(b);
}

typedef struct waiter {
	store_locker *lk;
	store_tx *tx; /* a row lock when set */
	const char *name;
	int mode;
	int ms;
	unsigned flags;
	int rc;
	int waited;
	store_err err;
} waiter;

static void *wait_for(void *arg)
{
	waiter *w = arg;
	store_lockreq req = {w->mode, STORE_LOCK_WAIT, w->ms, 42, w->flags, 0};

	store_err_clear(&w->err);
	if (w->tx != NULL)
		w->rc = store_tx_lock_row_req(w->tx, "t", w->name, strlen(w->name), &req, &w->err);
	else
		w->rc = store_lock_table(w->lk, "main", w->name, &req, &w->err);
	w->waited = req.waited;
	return NULL;
}

Test(lock, waiters_keep_their_place_in_line, .init = setup, .fini = teardown)
{
	store_locker *a, *b, *c;
	store_err err;
	pthread_t th;
	waiter w;

	a = locker(1);
	b = locker(2);
	c = locker(3);
	cr_assert_eq(table(a, "t", STORE_LOCK_SHARE, STORE_LOCK_WAIT, 0, &err), STORE_OK);
	w = (waiter){.lk = b, .name = "t", .mode = STORE_LOCK_ACCESS_EXCLUSIVE, .ms = 10000};
	cr_assert_eq(pthread_create(&th, NULL, wait_for, &w), 0);
	usleep(100 * 1000);

	/* ROW SHARE would not conflict with SHARE, but waits behind ACCESS EXCLUSIVE. */
	cr_assert_eq(table(c, "t", STORE_LOCK_ROW_SHARE, STORE_LOCK_NOWAIT, 0, &err), STORE_ERROR);

	/* The holder is not held up by the line behind it. */
	cr_assert_eq(table(a, "t", STORE_LOCK_ROW_EXCLUSIVE, STORE_LOCK_NOWAIT, 0, &err), STORE_OK);
	{
		int32_t *pids;
		size_t n;

		cr_assert_eq(store_locks_blocking(s, 2, &pids, &n, &err), STORE_OK);
		cr_assert_eq(n, 1);
		cr_assert_eq(pids[0], 1);
		free(pids);
		cr_assert_eq(store_locks_blocking(s, 3, &pids, &n, &err), STORE_OK);
		cr_assert_eq(n, 0);
		free(pids);
	}
	store_locker_release(a);
	pthread_join(th, NULL);
	cr_assert_eq(w.rc, STORE_OK, "%s", w.err.message);
	cr_assert(w.waited);
	store_locker_free(a);
	store_locker_free(b);
	store_locker_free(c);
}

Test(lock, a_savepoint_rollback_gives_back_what_came_after, .init = setup, .fini = teardown)
{
	store_locker *a, *b;
	store_tx *ta, *tb;
	store_err err;
	uint64_t sp;

	a = locker(1);
	b = locker(2);
	ta = tx_of(a);
	tb = tx_of(b);
	cr_assert_eq(row(ta, "k", STORE_ROW_SHARE, STORE_LOCK_WAIT, 0, 0, &err), STORE_OK);
	cr_assert_eq(table(a, "t", STORE_LOCK_ROW_SHARE, STORE_LOCK_WAIT, 0, &err), STORE_OK);
	sp = store_tx_savepoint(ta);
	cr_assert_eq(row(ta, "k", STORE_ROW_UPDATE, STORE_LOCK_WAIT, 0, 0, &err), STORE_OK);
	cr_assert_eq(row(ta, "other", STORE_ROW_UPDATE, STORE_LOCK_WAIT, 0, 0, &err), STORE_OK);
	cr_assert_eq(table(a, "t", STORE_LOCK_EXCLUSIVE, STORE_LOCK_WAIT, 0, &err), STORE_OK);
	cr_assert_eq(row(tb, "k", STORE_ROW_SHARE, STORE_LOCK_NOWAIT, 0, 0, &err), STORE_ERROR);
	store_tx_rollback_to(ta, sp);

	/* Back to FOR SHARE on k, nothing on other, ROW SHARE on the table. */
	cr_assert_eq(row(tb, "k", STORE_ROW_SHARE, STORE_LOCK_NOWAIT, 0, 0, &err), STORE_OK);
	cr_assert_eq(row(tb, "k", STORE_ROW_UPDATE, STORE_LOCK_NOWAIT, 0, 0, &err), STORE_ERROR);
	cr_assert_eq(row(tb, "other", STORE_ROW_UPDATE, STORE_LOCK_NOWAIT, 0, 0, &err), STORE_OK);
	cr_assert_eq(table(b, "t", STORE_LOCK_SHARE, STORE_LOCK_NOWAIT, 0, &err), STORE_OK);
	cr_assert_eq(table(b, "t", STORE_LOCK_EXCLUSIVE, STORE_LOCK_NOWAIT, 0, &err), STORE_ERROR);

	/* The end of the transaction gives back everything. */
	store_tx_rollback(ta);
	cr_assert_eq(row(tb, "k", STORE_ROW_UPDATE, STORE_LOCK_NOWAIT, 0, 0, &err), STORE_OK);
	store_tx_rollback(tb);
	store_locker_release(b);
	cr_assert_eq(
		table(b, "t", STORE_LOCK_ACCESS_EXCLUSIVE, STORE_LOCK_NOWAIT, 0, &err), STORE_OK);
	store_locker_free(a);
	store_locker_free(b);
}

Test(lock, an_insert_waits_for_writers_of_its_key_only, .init = setup, .fini = teardown)
{
	store_locker *a, *b;
	store_tx *ta, *tb;
	store_err err;

	a = locker(1);
	b = locker(2);
	ta = tx_of(a);
	tb = tx_of(b);
	cr_assert_eq(row(ta, "k", STORE_ROW_UPDATE, STORE_LOCK_WAIT, 0, 0, &err), STORE_OK);
	cr_assert_eq(row(tb, "k", STORE_ROW_UPDATE, STORE_LOCK_WAIT, 50,
			     STORE_ROW_WRITE | STORE_ROW_INSERT, &err),
		STORE_NOTFOUND);
	cr_assert_eq(
		row(ta, "k", STORE_ROW_NO_KEY_UPDATE, STORE_LOCK_WAIT, 0, STORE_ROW_WRITE, &err),
		STORE_OK);
	cr_assert_eq(row(tb, "k", STORE_ROW_UPDATE, STORE_LOCK_WAIT, 50,
			     STORE_ROW_WRITE | STORE_ROW_INSERT, &err),
		STORE_ERROR);
	cr_assert_str_eq(err.message, "canceling statement due to lock timeout");
	store_tx_rollback(ta);
	cr_assert_eq(row(tb, "k", STORE_ROW_UPDATE, STORE_LOCK_WAIT, 50,
			     STORE_ROW_WRITE | STORE_ROW_INSERT, &err),
		STORE_OK);
	store_tx_rollback(tb);
	store_locker_free(a);
	store_locker_free(b);
}

static atomic_int cancel_flag;

static void *cancel_soon(void *arg)
{
	(void)arg;
	usleep(100 * 1000);
	atomic_store(&cancel_flag, 1);
	return NULL;
}

Test(lock, a_wait_ends_at_its_timeout_or_interrupt, .init = setup, .fini = teardown)
{
	store_locker *a, *b;
	store_err err;
	pthread_t th;
	struct timespec t0, t1;

	a = locker(1);
	atomic_init(&cancel_flag, 0);
	cr_assert_eq(store_locker_new(s, 2, 1, &cancel_flag, &b, &err), STORE_OK);
	cr_assert_eq(
		table(a, "t", STORE_LOCK_ACCESS_EXCLUSIVE, STORE_LOCK_WAIT, 0, &err), STORE_OK);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(
		table(b, "t", STORE_LOCK_ACCESS_SHARE, STORE_LOCK_WAIT, 100, &err), STORE_ERROR);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	cr_assert_str_eq(err.sqlstate, "55P03");
	cr_assert_str_eq(err.message, "canceling statement due to lock timeout");
	cr_assert((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 >= 90);
	cr_assert_eq(pthread_create(&th, NULL, cancel_soon, NULL), 0);
	cr_assert_eq(
		table(b, "t", STORE_LOCK_ACCESS_SHARE, STORE_LOCK_WAIT, -1, &err), STORE_ERROR);
	pthread_join(th, NULL);
	cr_assert_str_eq(err.sqlstate, "57014");
	store_locker_free(a);
	store_locker_free(b);
}

Test(lock, a_cycle_through_rows_and_tables_is_a_deadlock, .init = setup, .fini = teardown)
{
	store_locker *a, *b;
	store_tx *ta, *tb;
	store_err err;
	pthread_t th;
	waiter w;

	a = locker(101);
	b = locker(202);
	ta = tx_of(a);
	tb = tx_of(b);
	cr_assert_eq(row(ta, "k", STORE_ROW_UPDATE, STORE_LOCK_WAIT, 0, 0, &err), STORE_OK);
	cr_assert_eq(
		table(b, "u", STORE_LOCK_ACCESS_EXCLUSIVE, STORE_LOCK_WAIT, 0, &err), STORE_OK);
	w = (waiter){.lk = a, .name = "u", .mode = STORE_LOCK_ACCESS_SHARE, .ms = 10000};
	cr_assert_eq(pthread_create(&th, NULL, wait_for, &w), 0);
	usleep(100 * 1000);
	cr_assert_eq(row(tb, "k", STORE_ROW_SHARE, STORE_LOCK_WAIT, 10000, 0, &err), STORE_ERROR);
	cr_assert_str_eq(err.sqlstate, "40P01");
	cr_assert_str_eq(err.message, "deadlock detected");
	cr_assert(strstr(err.detail, "Process 202 waits for ShareLock on transaction") != NULL,
		"%s", err.detail);
	cr_assert(strstr(err.detail, "Process 101 waits for AccessShareLock on relation 42 of "
				     "database 1; blocked by process 202.") != NULL,
		"%s", err.detail);

	/* The victim's end lets the other go on. */
	store_tx_rollback(tb);
	pthread_join(th, NULL);
	cr_assert_eq(w.rc, STORE_OK, "%s", w.err.message);
	store_tx_rollback(ta);
	store_locker_free(a);
	store_locker_free(b);
}
