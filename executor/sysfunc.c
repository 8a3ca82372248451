/*
 * sysfunc.c - the session functions that need no system catalog
 * (version, current_database, pg_backend_pid, pg_postmaster_start_time,
 * pg_encoding_to_char, pg_char_to_encoding), the void type some of them
 * return, and advisory locks (sysfunc.h): the module exec_mod_sys.
 *
 * Advisory locks live in one table for the process, each entry a hold:
 * the lock's key (its store, the two 32-bit halves, and which space,
 * as PostgreSQL's lock tag has them: 1 for a bigint key, 2 for two
 * integers), the session holding it, the mode, and how many times the
 * session took it at session and at transaction level.  A request
 * conflicts with another session's hold of the same key when either is
 * exclusive; a session never conflicts with itself.  Waiting sessions
 * are listed too, for the deadlock check: a session about to wait
 * follows the sessions blocking it to what they wait for, and a path
 * back to itself is 40P01.
 *
 * XXX: advisory locks are not storage's lock manager's (storage/lock.c),
 * so a cycle of waits through an advisory lock and a row or table lock
 * is not found (lock_timeout ends it); they would need session-level
 * holds there.  pg_locks lists them (exec_advisory_each).
 *
 * XXX: the table is an array searched from end to end: advisory locks
 * are few in the workloads seen (migration tools take one or two); a
 * hash on the key would do when they are many.  ROLLBACK TO SAVEPOINT
 * does not release the transaction-level locks taken after the
 * savepoint, as PostgreSQL does: storage's savepoints carry no hook
 * for it yet.
 */
#include "sysfunc.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "basic.h"
#include "copyio.h"
#include "datetime.h"
#include "stmt.h"

/* ---- version() and friends ---- */

#if defined(__x86_64__) && defined(__linux__)
#define SYS_HOST "x86_64-pc-linux-gnu"
#elif defined(__aarch64__) && defined(__linux__)
#define SYS_HOST "aarch64-unknown-linux-gnu"
#elif defined(__linux__)
#define SYS_HOST "unknown-linux-gnu"
#else
#define SYS_HOST "unknown"
#endif

#if defined(__clang__)
#define SYS_COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define SYS_COMPILER "gcc " __VERSION__
#else
#define SYS_COMPILER "an unknown compiler"
#endif

static exec_session *session_of(exec_ctx *cx)
{
	assert(cx->session != NULL);
	return cx->session;
}

/* "PostgreSQL 16.4 (ChronDB 0.1.0) on x86_64-pc-linux-gnu, compiled by gcc 12.2.0, 64-bit" */
static int fn_version(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const char *v = exec_guc_get(exec_session_gucs(session_of(cx)), "server_version", NULL);
	size_t n = strlen(v) + 128;
	char *s = sql_arena_alloc(cx->arena, n);

	(void)args;
	(void)nargs;
	snprintf(s, n, "PostgreSQL %s on " SYS_HOST ", compiled by " SYS_COMPILER ", %d-bit", v,
		(int)sizeof(void *) * 8);
	*out = exec_text(EXEC_OID_TEXT, s, strlen(s));
	return EXEC_OK;
}

static int fn_current_database(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const char *db = session_of(cx)->database;

	(void)args;
	(void)nargs;
	*out = exec_text(EXEC_OID_NAME, db, strlen(db));
	return EXEC_OK;
}

static int fn_backend_pid(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)args;
	(void)nargs;
	*out = exec_int(EXEC_OID_INT4, session_of(cx)->backend_pid);
	return EXEC_OK;
}

/* When the process started (microseconds since 2000-01-01 UTC), taken as it loads. */
static int64_t sys_start_us;

__attribute__((constructor)) static void sys_start_time(void)
{
	sys_start_us = exec_clock_now();
}

static int fn_start_time(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)cx;
	(void)args;
	(void)nargs;
	*out = exec_int(EXEC_OID_TIMESTAMPTZ, sys_start_us);
	return EXEC_OK;
}

static exec_value void_value(void);

/*
 * pg_sleep(seconds): wait, in slices of at most 10 ms so that a cancel
 * or statement_timeout ends it (57014) as it ends a query.
 */
static int fn_sleep(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	double secs = args[0].v.f;
	int64_t end;

	(void)nargs;
	if (!(secs > 0))
		secs = 0;
	if (secs > 1e9)
		secs = 1e9;
	end = exec_monotonic_us() + (int64_t)(secs * 1e6);
	for (;;) {
		int64_t left = end - exec_monotonic_us();
		struct timespec ts;

		if (cx->run != NULL && exec_run_check_now(cx->run, cx->err) != EXEC_OK)
			return EXEC_ERROR;
		if (left <= 0)
			break;
		if (left > 10000)
			left = 10000;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)left * 1000;
		nanosleep(&ts, NULL);
	}
	*out = void_value();
	return EXEC_OK;
}

/* pg_encoding_to_char: the name of an encoding's number, "" for none. */
static int fn_encoding_to_char(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const char *name = exec_encoding_by_id((int)args[0].v.i);

	(void)cx;
	(void)nargs;
	if (name == NULL)
		name = "";
	*out = exec_text(EXEC_OID_NAME, name, strlen(name));
	return EXEC_OK;
}

/* pg_char_to_encoding: the number of an encoding by any of its names, -1 for none. */
static int fn_char_to_encoding(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const char *name = sql_arena_strndup(cx->arena, args[0].v.s.p, args[0].v.s.len);

	(void)nargs;
	*out = exec_int(EXEC_OID_INT4, exec_encoding_id(name));
	return EXEC_OK;
}

/* ---- The void type ---- */

/* The value of type void: not NULL, and nothing in it (it prints as ""). */
static exec_value void_value(void)
{
	return exec_int(EXEC_OID_VOID, 0);
}

/* void_in takes any text, as PostgreSQL's does. */
static int void_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	(void)cx;
	(void)text;
	(void)len;
	(void)typmod;
	*out = void_value();
	return EXEC_OK;
}

static int void_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	(void)cx;
	(void)v;
	(void)buf;
	return EXEC_OK;
}

/* ---- Advisory locks ---- */

typedef enum adv_mode {
	ADV_SHARE,
	ADV_EXCL,
} adv_mode;

/* PostgreSQL's lock mode names, as its messages spell them. */
static const char *const adv_mode_names[] = {"ShareLock", "ExclusiveLock"};

typedef struct adv_key {
	const store *s;
	uint32_t hi, lo; /* a bigint's halves, or the two integers */
	int space;       /* 1: one bigint key; 2: two integer keys */
} adv_key;

typedef struct adv_hold {
	adv_key key;
	const exec_session *ss;
	adv_mode mode;
	uint32_t nsession; /* session-level takes not yet unlocked */
	uint32_t nxact;    /* transaction-level takes */
} adv_hold;

typedef struct adv_waiter {
	const exec_session *ss;
	adv_key key;
	adv_mode mode;
} adv_waiter;

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv; /* broadcast whenever a hold goes */
	adv_hold *holds;
	size_t nholds, capholds;
	adv_waiter *waiters;
	size_t nwaiters, capwaiters;
} adv = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0, 0, NULL, 0, 0};

static bool key_eq(const adv_key *a, const adv_key *b)
{
	return a->s == b->s && a->hi == b->hi && a->lo == b->lo && a->space == b->space;
}

/* Whether h stands in the way of ss taking key in mode. */
static bool blocks(const adv_hold *h, const exec_session *ss, const adv_key *key, adv_mode mode)
{
	return h->ss != ss && key_eq(&h->key, key) && (mode == ADV_EXCL || h->mode == ADV_EXCL);
}

static const adv_hold *first_blocker(const exec_session *ss, const adv_key *key, adv_mode mode)
{
	for (size_t i = 0; i < adv.nholds; i++)
		if (blocks(&adv.holds[i], ss, key, mode))
			return &adv.holds[i];
	return NULL;
}

static const adv_waiter *waiter_of(const exec_session *ss)
{
	for (size_t i = 0; i < adv.nwaiters; i++)
		if (adv.waiters[i].ss == ss)
			return &adv.waiters[i];
	return NULL;
}

/* One wait of a deadlock's cycle: who waits for what, blocked by whom. */
typedef struct adv_edge {
	const exec_session *waiter, *holder;
	adv_key key;
	adv_mode mode;
} adv_edge;

/* The waits a deadlock's DETAIL names, at most. */
#define ADV_MAX_EDGES 16

typedef struct adv_cycle {
	adv_edge edges[ADV_MAX_EDGES];
	size_t n; /* edges found; past ADV_MAX_EDGES only counted */
} adv_cycle;

/*
 * Whether some session blocking `who` from key in mode waits, directly
 * or through others, for a lock `me` holds; the path goes to c, who's
 * wait at position depth.  depth bounds the walk: a path visits each
 * waiting session at most once.
 */
static bool waits_for(const exec_session *me, const exec_session *who, const adv_key *key,
	adv_mode mode, size_t depth, adv_cycle *c)
{
	if (depth > adv.nwaiters)
		return false;
	for (size_t i = 0; i < adv.nholds; i++) {
		const adv_hold *h = &adv.holds[i];
		const adv_waiter *w;

		if (!blocks(h, who, key, mode))
			continue;
		if (depth < ADV_MAX_EDGES)
			c->edges[depth] = (adv_edge){who, h->ss, *key, mode};
		c->n = depth + 1;
		if (h->ss == me)
			return true;
		w = waiter_of(h->ss);
		if (w != NULL && waits_for(me, h->ss, &w->key, w->mode, depth + 1, c))
			return true;
	}
	return false;
}

static adv_hold *hold_find(const exec_session *ss, const adv_key *key, adv_mode mode)
{
	for (size_t i = 0; i < adv.nholds; i++) {
		adv_hold *h = &adv.holds[i];

		if (h->ss == ss && h->mode == mode && key_eq(&h->key, key))
			return h;
	}
	return NULL;
}

/* Grow an array of the lock table to hold one more; false when out of memory. */
static bool adv_reserve(void **arr, size_t *cap, size_t n, size_t size)
{
	void *p;
	size_t ncap;

	if (n < *cap)
		return true;
	ncap = *cap ? *cap * 2 : 16;
	p = realloc(*arr, ncap * size);
	if (p == NULL)
		return false;
	*arr = p;
	*cap = ncap;
	return true;
}

/* Drop the holds nothing keeps any more and wake the waiters if one went. */
static void adv_sweep(void)
{
	size_t kept = 0;

	for (size_t i = 0; i < adv.nholds; i++)
		if (adv.holds[i].nsession + adv.holds[i].nxact > 0)
			adv.holds[kept++] = adv.holds[i];
	if (kept < adv.nholds)
		pthread_cond_broadcast(&adv.cv);
	adv.nholds = kept;
}

/*
 * 40P01 with PostgreSQL's DETAIL, a line per wait of the cycle.  The
 * lock tag's first field, the database's OID, is 0: there is one
 * database per store.
 */
static int deadlock(const adv_cycle *c, store_err *err)
{
	store_buf b = STORE_BUF_INIT;

	for (size_t i = 0; i < c->n && i < ADV_MAX_EDGES; i++) {
		const adv_edge *e = &c->edges[i];

		store_buf_printf(&b,
			"%sProcess %d waits for %s on advisory lock [0,%u,%u,%d]; blocked by process %d.",
			i ? "\n" : "", (int)e->waiter->backend_pid, adv_mode_names[e->mode],
			e->key.hi, e->key.lo, e->key.space, (int)e->holder->backend_pid);
	}
	store_err_set(err, "40P01", "deadlock detected");
	store_err_detail(err, "%.*s", (int)b.len, b.data != NULL ? (const char *)b.data : "");
	store_err_hint(err, "See server log for query details.");
	store_buf_free(&b);
	return EXEC_ERROR;
}

/* How long a wait may last: lock_timeout from now, statement_timeout from the statement's start. */
typedef struct adv_limit {
	int64_t at;   /* on the executor's clock; 0: none */
	bool by_lock; /* lock_timeout comes first */
} adv_limit;

static adv_limit wait_limit(exec_ctx *cx, exec_session *ss)
{
	long long lock_ms = exec_guc_get_int(exec_session_gucs(ss), "lock_timeout");
	long long stmt_ms = exec_guc_get_int(exec_session_gucs(ss), "statement_timeout");
	int64_t now = exec_clock_now();
	adv_limit l = {0, false};

	if (stmt_ms > 0)
		l.at = cx->stmt_start_us + stmt_ms * 1000;
	if (lock_ms > 0 && (l.at == 0 || now + lock_ms * 1000 < l.at)) {
		l.at = now + lock_ms * 1000;
		l.by_lock = true;
	}
	return l;
}

static int timed_out(const adv_limit *l, store_err *err)
{
	if (l->by_lock)
		return store_err_set(err, "55P03", "canceling statement due to lock timeout");
	return store_err_set(err, "57014", "canceling statement due to statement timeout");
}

/* Wait for a hold to go, until l->at when set (the caller holds adv.mu). */
static void wait_once(const adv_limit *l)
{
	struct timespec ts;
	int64_t at;

	if (l->at == 0) {
		pthread_cond_wait(&adv.cv, &adv.mu);
		return;
	}
	at = l->at + (int64_t)EXEC_EPOCH_DAYS * 86400 * 1000000;
	ts.tv_sec = (time_t)(at / 1000000);
	ts.tv_nsec = (long)(at % 1000000) * 1000;
	pthread_cond_timedwait(&adv.cv, &adv.mu, &ts);
}

/*
 * Take key in mode for the session of cx, at transaction level when
 * xact.  When another session holds it, wait (when wait: until it goes,
 * a deadlock, lock_timeout or statement_timeout) or set *got false.
 */
static int adv_acquire(
	exec_ctx *cx, const adv_key *key, adv_mode mode, bool xact, bool wait, bool *got)
{
	exec_session *ss = session_of(cx);
	adv_limit limit = {0, false};
	adv_cycle cycle;
	adv_hold *h;
	int r = EXEC_OK;

	if (wait)
		limit = wait_limit(cx, ss);
	pthread_mutex_lock(&adv.mu);
	*got = false;
	while (first_blocker(ss, key, mode) != NULL) {
		if (!wait)
			goto out;
		if (limit.at != 0 && exec_clock_now() >= limit.at) {
			r = timed_out(&limit, cx->err);
			goto out;
		}
		if (waits_for(ss, ss, key, mode, 0, &cycle)) {
			r = deadlock(&cycle, cx->err);
			goto out;
		}
		if (!adv_reserve((void **)&adv.waiters, &adv.capwaiters, adv.nwaiters,
			    sizeof(*adv.waiters))) {
			r = store_err_set(cx->err, "53200", "out of memory");
			goto out;
		}
		adv.waiters[adv.nwaiters++] = (adv_waiter){ss, *key, mode};
		wait_once(&limit);
		for (size_t i = 0; i < adv.nwaiters; i++)
			if (adv.waiters[i].ss == ss) {
				adv.waiters[i] = adv.waiters[--adv.nwaiters];
				break;
			}
		/* A cancel wakes every waiter (exec_advisory_wake); this one looks. */
		if (atomic_load(&ss->cancel) != 0) {
			r = store_err_set(
				cx->err, "57014", "canceling statement due to user request");
			goto out;
		}
	}
	h = hold_find(ss, key, mode);
	if (h == NULL) {
		if (!adv_reserve(
			    (void **)&adv.holds, &adv.capholds, adv.nholds, sizeof(*adv.holds))) {
			r = store_err_set(cx->err, "53200", "out of memory");
			goto out;
		}
		h = &adv.holds[adv.nholds++];
		*h = (adv_hold){*key, ss, mode, 0, 0};
	}
	if (xact)
		h->nxact++;
	else
		h->nsession++;
	*got = true;
out:
	pthread_mutex_unlock(&adv.mu);
	return r;
}

/* Undo one session-level take; false when ss holds none. */
static bool adv_release(exec_session *ss, const adv_key *key, adv_mode mode)
{
	adv_hold *h;
	bool held;

	pthread_mutex_lock(&adv.mu);
	h = hold_find(ss, key, mode);
	held = h != NULL && h->nsession > 0;
	if (held) {
		h->nsession--;
		adv_sweep();
	}
	pthread_mutex_unlock(&adv.mu);
	return held;
}

/* Clear the session's session-level takes, its transaction-level ones, or both. */
static void adv_clear(const exec_session *ss, bool session_level, bool xact_level)
{
	pthread_mutex_lock(&adv.mu);
	for (size_t i = 0; i < adv.nholds; i++) {
		adv_hold *h = &adv.holds[i];

		if (h->ss != ss)
			continue;
		if (session_level)
			h->nsession = 0;
		if (xact_level)
			h->nxact = 0;
	}
	adv_sweep();
	pthread_mutex_unlock(&adv.mu);
}

void exec_advisory_xact_end(exec_session *ss)
{
	adv_clear(ss, false, true);
}

void exec_advisory_session_end(exec_session *ss)
{
	adv_clear(ss, true, true);
}

void exec_advisory_each(const store *s, exec_advisory_fn fn, void *arg)
{
	pthread_mutex_lock(&adv.mu);
	for (size_t i = 0; i < adv.nholds; i++) {
		const adv_hold *h = &adv.holds[i];

		if (h->key.s == s)
			fn(arg, h->ss, h->key.hi, h->key.lo, h->key.space, h->mode == ADV_EXCL, true);
	}
	for (size_t i = 0; i < adv.nwaiters; i++) {
		const adv_waiter *w = &adv.waiters[i];

		if (w->key.s == s)
			fn(arg, w->ss, w->key.hi, w->key.lo, w->key.space, w->mode == ADV_EXCL, false);
	}
	pthread_mutex_unlock(&adv.mu);
}

void exec_advisory_wake(void)
{
	pthread_mutex_lock(&adv.mu);
	pthread_cond_broadcast(&adv.cv);
	pthread_mutex_unlock(&adv.mu);
}

/* The key of a call: one bigint, or two integers. */
static adv_key key_of(const exec_session *ss, const exec_value *args, int nargs)
{
	adv_key k;

	k.s = ss->s;
	if (nargs == 1) {
		k.hi = (uint32_t)((uint64_t)args[0].v.i >> 32);
		k.lo = (uint32_t)(uint64_t)args[0].v.i;
		k.space = 1;
	} else {
		k.hi = (uint32_t)args[0].v.i;
		k.lo = (uint32_t)args[1].v.i;
		k.space = 2;
	}
	return k;
}

/* What an advisory function does. */
typedef enum adv_op {
	ADV_LOCK,       /* wait; void */
	ADV_TRY,        /* no wait; bool */
	ADV_UNLOCK,     /* bool, with a WARNING when not held */
	ADV_UNLOCK_ALL, /* every session-level lock; void */
} adv_op;

static int adv_call(exec_ctx *cx, adv_op op, adv_mode mode, bool xact, const exec_value *args,
	int nargs, exec_value *out)
{
	exec_session *ss = session_of(cx);
	adv_key key = key_of(ss, args, nargs);
	bool got;

	switch (op) {
	case ADV_LOCK:
	case ADV_TRY:
		if (adv_acquire(cx, &key, mode, xact, op == ADV_LOCK, &got) != EXEC_OK)
			return EXEC_ERROR;
		*out = op == ADV_LOCK ? void_value() : exec_bool(got);
		return EXEC_OK;
	case ADV_UNLOCK:
		got = adv_release(ss, &key, mode);
		if (!got && ss->cur != NULL)
			exec_stmt_notice(ss->cur, "WARNING", "01000",
				"you don't own a lock of type %s", adv_mode_names[mode]);
		*out = exec_bool(got);
		return EXEC_OK;
	case ADV_UNLOCK_ALL:
		adv_clear(ss, true, false);
		*out = void_value();
		return EXEC_OK;
	}
	return EXEC_OK;
}

/* The functions' entry points: what they do, in which mode, at which level. */
#define ADV_FN(fname, op, mode, xact)                                                              \
	static int fname(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)         \
	{                                                                                          \
		return adv_call(cx, op, mode, xact, args, nargs, out);                             \
	}
ADV_FN(fn_lock, ADV_LOCK, ADV_EXCL, false)
ADV_FN(fn_lock_shared, ADV_LOCK, ADV_SHARE, false)
ADV_FN(fn_try_lock, ADV_TRY, ADV_EXCL, false)
ADV_FN(fn_try_lock_shared, ADV_TRY, ADV_SHARE, false)
ADV_FN(fn_unlock, ADV_UNLOCK, ADV_EXCL, false)
ADV_FN(fn_unlock_shared, ADV_UNLOCK, ADV_SHARE, false)
ADV_FN(fn_unlock_all, ADV_UNLOCK_ALL, ADV_EXCL, false)
ADV_FN(fn_xact_lock, ADV_LOCK, ADV_EXCL, true)
ADV_FN(fn_xact_lock_shared, ADV_LOCK, ADV_SHARE, true)
ADV_FN(fn_try_xact_lock, ADV_TRY, ADV_EXCL, true)
ADV_FN(fn_try_xact_lock_shared, ADV_TRY, ADV_SHARE, true)

/* ---- The module ---- */

static const exec_type sys_types[] = {
	{EXEC_OID_VOID, "void", "void", 'P', false, 4, 0, 0, void_in, void_out, NULL, NULL, NULL},
};

#define I8 EXEC_OID_INT8
#define I4 EXEC_OID_INT4
#define V  EXEC_OID_VOID
#define B  EXEC_OID_BOOL

static const exec_func sys_funcs[] = {
	{"version", EXEC_OID_TEXT, 0, {0}, false, true, 's', fn_version, 89},
	{"current_database", EXEC_OID_NAME, 0, {0}, false, true, 's', fn_current_database, 861},
	{"pg_backend_pid", I4, 0, {0}, false, true, 's', fn_backend_pid, 2026},
	{"pg_postmaster_start_time", EXEC_OID_TIMESTAMPTZ, 0, {0}, false, true, 's', fn_start_time,
		2560},
	{"pg_sleep", V, 1, {EXEC_OID_FLOAT8}, false, true, 'v', fn_sleep, 2626},
	{"pg_encoding_to_char", EXEC_OID_NAME, 1, {I4}, false, true, 's', fn_encoding_to_char,
		1597},
	{"pg_char_to_encoding", I4, 1, {EXEC_OID_NAME}, false, true, 's', fn_char_to_encoding,
		1264},
	{"pg_advisory_lock", V, 1, {I8}, false, true, 'v', fn_lock, 2880},
	{"pg_advisory_lock_shared", V, 1, {I8}, false, true, 'v', fn_lock_shared, 2881},
	{"pg_try_advisory_lock", B, 1, {I8}, false, true, 'v', fn_try_lock, 2882},
	{"pg_try_advisory_lock_shared", B, 1, {I8}, false, true, 'v', fn_try_lock_shared, 2883},
	{"pg_advisory_unlock", B, 1, {I8}, false, true, 'v', fn_unlock, 2884},
	{"pg_advisory_unlock_shared", B, 1, {I8}, false, true, 'v', fn_unlock_shared, 2885},
	{"pg_advisory_lock", V, 2, {I4, I4}, false, true, 'v', fn_lock, 2886},
	{"pg_advisory_lock_shared", V, 2, {I4, I4}, false, true, 'v', fn_lock_shared, 2887},
	{"pg_try_advisory_lock", B, 2, {I4, I4}, false, true, 'v', fn_try_lock, 2888},
	{"pg_try_advisory_lock_shared", B, 2, {I4, I4}, false, true, 'v', fn_try_lock_shared, 2889},
	{"pg_advisory_unlock", B, 2, {I4, I4}, false, true, 'v', fn_unlock, 2890},
	{"pg_advisory_unlock_shared", B, 2, {I4, I4}, false, true, 'v', fn_unlock_shared, 2891},
	{"pg_advisory_unlock_all", V, 0, {0}, false, true, 'v', fn_unlock_all, 2892},
	{"pg_advisory_xact_lock", V, 1, {I8}, false, true, 'v', fn_xact_lock, 3089},
	{"pg_advisory_xact_lock_shared", V, 1, {I8}, false, true, 'v', fn_xact_lock_shared, 3090},
	{"pg_try_advisory_xact_lock", B, 1, {I8}, false, true, 'v', fn_try_xact_lock, 3091},
	{"pg_try_advisory_xact_lock_shared", B, 1, {I8}, false, true, 'v', fn_try_xact_lock_shared,
		3092},
	{"pg_advisory_xact_lock", V, 2, {I4, I4}, false, true, 'v', fn_xact_lock, 3093},
	{"pg_advisory_xact_lock_shared", V, 2, {I4, I4}, false, true, 'v', fn_xact_lock_shared,
		3094},
	{"pg_try_advisory_xact_lock", B, 2, {I4, I4}, false, true, 'v', fn_try_xact_lock, 3095},
	{"pg_try_advisory_xact_lock_shared", B, 2, {I4, I4}, false, true, 'v',
		fn_try_xact_lock_shared, 3096},
};

const exec_module exec_mod_sys = {"sys", sys_types, EXEC_NELEM(sys_types), NULL, 0, NULL, 0,
	sys_funcs, EXEC_NELEM(sys_funcs), NULL, 0};
