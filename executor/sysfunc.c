/*
 * sysfunc.c - the session functions that need no system catalog
 * (version, current_database, pg_backend_pid, pg_postmaster_start_time,
 * pg_encoding_to_char, pg_char_to_encoding), the void type some of them
 * return, and advisory locks: the module exec_mod_sys (func.h).
 *
 * Advisory locks are storage's lock manager's (store.h, storage/lock.c),
 * held by the session's locker: a key of two 32-bit halves and a space
 * (1 for a bigint key, 2 for two integers, as PostgreSQL's lock tag has
 * them), ShareLock or ExclusiveLock, counted at session and at
 * transaction level.  So they wait in line with row and table locks,
 * within lock_timeout and statement_timeout, end at a cancel, take part
 * in the same deadlock check, show in pg_locks, and a rollback to a
 * savepoint gives back the transaction-level ones taken after it.
 */
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

/* PostgreSQL's lock mode names, as its messages spell them. */
static const char *const adv_mode_names[] = {"ShareLock", "ExclusiveLock"};

/* The key of a call: one bigint, or two integers. */
static store_advkey key_of(const exec_value *args, int nargs)
{
	store_advkey k;

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

/*
 * Take key (exclusive or shared) for the session of cx, at transaction
 * level when xact.  When another session holds it, wait (when wait:
 * until it goes, a deadlock, lock_timeout or statement_timeout) or set
 * *got false.
 */
static int adv_acquire(
	exec_ctx *cx, const store_advkey *key, bool exclusive, bool xact, bool wait, bool *got)
{
	exec_session *ss = session_of(cx);
	store_lockreq req = {0, wait ? STORE_LOCK_WAIT : STORE_LOCK_SKIP, -1, 0, 0, 0};
	int r;

	if (wait && ss->cur != NULL)
		req.timeout_ms = exec_stmt_lock_wait_ms(ss->cur);
	r = store_lock_advisory(ss->locker, key, exclusive, xact, &req, cx->err);
	*got = r == STORE_OK;
	if (r == STORE_ERROR)
		return ss->cur != NULL ? exec_stmt_lock_error(ss->cur) : EXEC_ERROR;
	return EXEC_OK;
}

/* What an advisory function does. */
typedef enum adv_op {
	ADV_LOCK,       /* wait; void */
	ADV_TRY,        /* no wait; bool */
	ADV_UNLOCK,     /* bool, with a WARNING when not held */
	ADV_UNLOCK_ALL, /* every session-level lock; void */
} adv_op;

static int adv_call(exec_ctx *cx, adv_op op, bool exclusive, bool xact, const exec_value *args,
	int nargs, exec_value *out)
{
	exec_session *ss = session_of(cx);
	store_advkey key = key_of(args, nargs);
	bool got;

	switch (op) {
	case ADV_LOCK:
	case ADV_TRY:
		if (adv_acquire(cx, &key, exclusive, xact, op == ADV_LOCK, &got) != EXEC_OK)
			return EXEC_ERROR;
		*out = op == ADV_LOCK ? void_value() : exec_bool(got);
		return EXEC_OK;
	case ADV_UNLOCK:
		got = store_unlock_advisory(ss->locker, &key, exclusive) != 0;
		if (!got && ss->cur != NULL)
			exec_stmt_notice(ss->cur, "WARNING", "01000",
				"you don't own a lock of type %s", adv_mode_names[exclusive]);
		*out = exec_bool(got);
		return EXEC_OK;
	case ADV_UNLOCK_ALL:
		store_unlock_advisory_all(ss->locker);
		*out = void_value();
		return EXEC_OK;
	}
	return EXEC_OK;
}

/* The functions' entry points: what they do, in which mode, at which level. */
#define ADV_FN(fname, op, exclusive, xact)                                                         \
	static int fname(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)         \
	{                                                                                          \
		return adv_call(cx, op, exclusive, xact, args, nargs, out);                        \
	}
ADV_FN(fn_lock, ADV_LOCK, true, false)
ADV_FN(fn_lock_shared, ADV_LOCK, false, false)
ADV_FN(fn_try_lock, ADV_TRY, true, false)
ADV_FN(fn_try_lock_shared, ADV_TRY, false, false)
ADV_FN(fn_unlock, ADV_UNLOCK, true, false)
ADV_FN(fn_unlock_shared, ADV_UNLOCK, false, false)
ADV_FN(fn_unlock_all, ADV_UNLOCK_ALL, true, false)
ADV_FN(fn_xact_lock, ADV_LOCK, true, true)
ADV_FN(fn_xact_lock_shared, ADV_LOCK, false, true)
ADV_FN(fn_try_xact_lock, ADV_TRY, true, true)
ADV_FN(fn_try_xact_lock_shared, ADV_TRY, false, true)

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
