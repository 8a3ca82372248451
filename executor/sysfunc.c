/*
 * sysfunc.c - the session functions that need no system catalog
 * (version, current_database, pg_backend_pid, pg_postmaster_start_time,
 * pg_encoding_to_char, pg_char_to_encoding, set_config and
 * current_setting, transaction ids, the connection's addresses,
 * pg_get_keywords), the void type some of them return, and advisory
 * locks: the module exec_mod_sys (func.h) and sysfunc.h's set-returning
 * functions.
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
#include "keywords.h"
#include "stmt.h"
#include "syscat.h"

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

/* ---- Settings: current_setting, set_config ---- */

static const char *text_arg(exec_ctx *cx, const exec_value *v)
{
	return sql_arena_strndup(cx->arena, v->v.s.p, v->v.s.len);
}

/*
 * current_setting(name [, missing_ok]): the setting as SHOW prints it;
 * 42704 for an unknown name, or NULL when missing_ok says so.
 */
static int fn_current_setting(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const char *v =
		exec_guc_get(exec_session_gucs(session_of(cx)), text_arg(cx, &args[0]), cx->err);

	if (v == NULL) {
		if (nargs < 2 || !args[1].v.b)
			return EXEC_ERROR;
		store_err_clear(cx->err);
		*out = exec_null(EXEC_OID_TEXT);
		return EXEC_OK;
	}
	*out = exec_text_dup(cx, EXEC_OID_TEXT, v, strlen(v));
	return EXEC_OK;
}

/*
 * set_config(name, value, is_local): SET, or SET LOCAL when is_local,
 * with the same checks and errors; a NULL value is DEFAULT.  Unlike SET
 * LOCAL, is_local outside a transaction block is no warning: the value
 * lasts until the implicit transaction of the query ends, as in
 * PostgreSQL.  Returns the setting's value after the change.
 */
static int fn_set_config(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_session *ss = session_of(cx);
	const char *name, *v;

	(void)nargs;
	if (args[0].isnull)
		return store_err_set(cx->err, "22004", "SET requires parameter name");
	name = text_arg(cx, &args[0]);
	if (ss->cur == NULL)
		return store_err_set(cx->err, "55000", "set_config needs a session's statement");
	if (exec_session_set(ss->cur, name, args[1].isnull ? NULL : text_arg(cx, &args[1]),
		    !args[2].isnull && args[2].v.b) != EXEC_OK)
		return EXEC_ERROR;
	v = exec_guc_get(exec_session_gucs(ss), name, cx->err);
	if (v == NULL)
		return EXEC_ERROR;
	*out = exec_text_dup(cx, EXEC_OID_TEXT, v, strlen(v));
	return EXEC_OK;
}

/* ---- Recovery, transaction ids, addresses ---- */

/* A ChronDB server is never a standby replaying another's WAL. */
static int fn_is_in_recovery(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)cx;
	(void)args;
	(void)nargs;
	*out = exec_bool(false);
	return EXEC_OK;
}

/*
 * Transaction ids: a transaction gets the next number of a process-wide
 * counter the first time it asks (txid_current, pg_current_xact_id) and
 * keeps it until it ends (exec_session_xact_end).  The counter starts
 * at the process's start time in seconds times 2^20, so that ids keep
 * growing across restarts unless a run hands out more than a million
 * a second.  XXX: a transaction that writes without asking has no id
 * (PostgreSQL assigns one at the first write), so
 * txid_current_if_assigned is NULL for it; storage's transactions carry
 * no number of their own (the note's tx_id is a UUID) for it to show.
 */
static _Atomic uint64_t sys_next_xid;

__attribute__((constructor)) static void sys_xid_start(void)
{
	atomic_init(&sys_next_xid, ((uint64_t)time(NULL) << 20) + 1);
}

static int current_xid(exec_ctx *cx, bool assign, exec_oid type, exec_value *out)
{
	exec_session *ss = session_of(cx);

	if (ss->xid == 0 && assign)
		ss->xid = atomic_fetch_add(&sys_next_xid, 1);
	*out = ss->xid != 0 ? exec_int(type, (int64_t)ss->xid) : exec_null(type);
	return EXEC_OK;
}

#define XID_FN(fname, assign, type)                                                                \
	static int fname(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)         \
	{                                                                                          \
		(void)args;                                                                        \
		(void)nargs;                                                                       \
		return current_xid(cx, assign, type, out);                                         \
	}
XID_FN(fn_txid_current, true, EXEC_OID_INT8)
XID_FN(fn_txid_if_assigned, false, EXEC_OID_INT8)
XID_FN(fn_xact_id, true, EXEC_OID_XID8)
XID_FN(fn_xact_id_if_assigned, false, EXEC_OID_XID8)

/*
 * inet_client_addr, inet_client_port, inet_server_addr,
 * inet_server_port: the connection's ends as the front end gave them
 * (exec_session_opts); NULL for a session with no network connection
 * (the embedded runner), as PostgreSQL answers over a Unix socket.
 * XXX: the addresses are text, not inet: the registry has no inet
 * type; a client comparing them with inet values needs a cast.
 */
static int addr_value(exec_ctx *cx, const char *addr, exec_value *out)
{
	*out = addr != NULL ? exec_text_dup(cx, EXEC_OID_TEXT, addr, strlen(addr))
			    : exec_null(EXEC_OID_TEXT);
	return EXEC_OK;
}

static int port_value(int port, exec_value *out)
{
	*out = port > 0 ? exec_int(EXEC_OID_INT4, port) : exec_null(EXEC_OID_INT4);
	return EXEC_OK;
}

static int fn_client_addr(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)args;
	(void)nargs;
	return addr_value(cx, session_of(cx)->client_addr, out);
}

static int fn_client_port(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)args;
	(void)nargs;
	return port_value(session_of(cx)->client_addr != NULL ? session_of(cx)->client_port : 0,
		out);
}

static int fn_server_addr(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)args;
	(void)nargs;
	return addr_value(cx, session_of(cx)->server_addr, out);
}

static int fn_server_port(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)args;
	(void)nargs;
	return port_value(session_of(cx)->server_addr != NULL ? session_of(cx)->server_port : 0,
		out);
}

/* ---- pg_get_keywords ---- */

/*
 * The parser's keyword table (parser/keywords.h) as PostgreSQL's
 * pg_get_keywords() lists its own: word, category code and description,
 * whether it may be a bare column label.  ChronDB's four keywords of its
 * own (databases, describe, system_time, validation) are in it too.
 */
static int keywords_srf(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	static const struct {
		char code;
		const char *desc;
	} cats[] = {
		[SQL_KW_UNRESERVED] = {'U', "unreserved"},
		[SQL_KW_COL_NAME] = {'C', "unreserved (cannot be function or type name)"},
		[SQL_KW_TYPE_FUNC_NAME] = {'T', "reserved (can be function or type name)"},
		[SQL_KW_RESERVED] = {'R', "reserved"},
	};

	(void)cx;
	(void)args;
	(void)nargs;
	for (size_t i = 0; i < sql_keyword_count; i++) {
		const sql_keyword *k = &sql_keywords[i];
		const char *bare = k->bare_label ? "can be bare label" : "requires AS";
		exec_value row[5] = {
			exec_text(EXEC_OID_TEXT, k->name, strlen(k->name)),
			exec_int(EXEC_OID_CHAR, cats[k->category].code),
			exec_bool(k->bare_label),
			exec_text(EXEC_OID_TEXT, cats[k->category].desc,
				strlen(cats[k->category].desc)),
			exec_text(EXEC_OID_TEXT, bare, strlen(bare)),
		};

		if (emit(arg, row, 5) != EXEC_OK)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}

const exec_srf exec_sys_srfs[] = {
	{"pg_get_keywords", 0, {0}, 5, {"word", "catcode", "barelabel", "catdesc", "baredesc"},
		{EXEC_OID_TEXT, EXEC_OID_CHAR, EXEC_OID_BOOL, EXEC_OID_TEXT, EXEC_OID_TEXT}, true,
		keywords_srf, 1686},
};
const size_t exec_sys_nsrfs = EXEC_NELEM(exec_sys_srfs);

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
#define TX EXEC_OID_TEXT

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
	{"current_setting", TX, 1, {TX}, false, true, 's', fn_current_setting, 2077},
	{"current_setting", TX, 2, {TX, B}, false, true, 's', fn_current_setting, 3294},
	{"set_config", TX, 3, {TX, TX, B}, false, false, 'v', fn_set_config, 2078},
	{"pg_is_in_recovery", B, 0, {0}, false, true, 'v', fn_is_in_recovery, 3810},
	{"txid_current", I8, 0, {0}, false, true, 's', fn_txid_current, 2943},
	{"txid_current_if_assigned", I8, 0, {0}, false, true, 's', fn_txid_if_assigned, 3348},
	{"pg_current_xact_id", EXEC_OID_XID8, 0, {0}, false, true, 's', fn_xact_id, 5059},
	{"pg_current_xact_id_if_assigned", EXEC_OID_XID8, 0, {0}, false, true, 's',
		fn_xact_id_if_assigned, 5060},
	{"inet_client_addr", TX, 0, {0}, false, false, 's', fn_client_addr, 2196},
	{"inet_client_port", I4, 0, {0}, false, false, 's', fn_client_port, 2197},
	{"inet_server_addr", TX, 0, {0}, false, false, 's', fn_server_addr, 2198},
	{"inet_server_port", I4, 0, {0}, false, false, 's', fn_server_port, 2199},
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
