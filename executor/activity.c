/*
 * activity.c - sessions' activity and the server's registry as SQL
 * sees them (activity.h): the activity each session keeps, the rows of
 * pg_stat_activity, and pg_cancel_backend and pg_terminate_backend
 * (the module exec_mod_activity).
 *
 * pg_stat_activity lists every session the registry hands out (or the
 * session alone, without one) with PostgreSQL 16's columns: what a
 * session may see of another follows PostgreSQL's rule, a superuser
 * sees everything and other users the sessions of their own user, the
 * rest showing only who and where with the query as "<insufficient
 * privilege>".  The rows are copied under the registry's lock and sent
 * after it is released, so that the plan reading them may do anything.
 *
 * XXX: client_addr is text, not inet: ChronDB has no inet type yet.
 * wait_event is ClientRead for idle sessions and NULL for running ones,
 * also when they wait for a row or advisory lock: the waits would have
 * to report themselves here, as PostgreSQL's do.  Only client backends
 * are listed (ChronDB's checkpointer is no session).
 */
#include "activity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "basic.h"
#include "datetime.h"
#include "portal.h"
#include "stmt.h"
#include "syscat_int.h"

/* How often pg_terminate_backend looks whether its target has gone, in microseconds. */
#define ACT_WAIT_STEP_US 10000

/* ---- A session's activity ---- */

/* Copy at most cap - 1 bytes of src (len bytes), not cutting a UTF-8 character. */
static void clip_copy(char *dst, size_t cap, const char *src, size_t len)
{
	size_t n = len < cap - 1 ? len : cap - 1;

	while (n > 0 && n < len && ((unsigned char)src[n] & 0xC0) == 0x80)
		n--;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void exec_activity_init(exec_activity *act, const char *appname)
{
	memset(act, 0, sizeof(*act));
	pthread_mutex_init(&act->mu, NULL);
	act->state = 'I';
	act->start_us = act->change_us = exec_clock_now();
	clip_copy(act->appname, sizeof(act->appname), appname, strlen(appname));
}

void exec_activity_destroy(exec_activity *act)
{
	pthread_mutex_destroy(&act->mu);
}

void exec_activity_begin(exec_session *ss, const char *sql, size_t len)
{
	exec_activity *act = &ss->act;
	int64_t now = exec_clock_now();

	pthread_mutex_lock(&act->mu);
	act->state = 'a';
	act->query_us = act->change_us = now;

	/* Outside a transaction the statement starts one: PostgreSQL's xact_start. */
	if (act->xact_us == 0)
		act->xact_us = now;
	clip_copy(act->query, sizeof(act->query), sql, len);
	pthread_mutex_unlock(&act->mu);
}

void exec_activity_end(exec_session *ss)
{
	exec_activity *act = &ss->act;
	char state = exec_session_status(ss);
	int64_t now = exec_clock_now();

	/* An aborted block's transaction is over, though the block waits for ROLLBACK. */
	pthread_mutex_lock(&act->mu);
	act->state = state;
	act->change_us = now;
	if (state == 'I' || (state == 'E' && ss->tx == NULL))
		act->xact_us = 0;
	pthread_mutex_unlock(&act->mu);
}

void exec_activity_appname(exec_session *ss, const char *appname)
{
	pthread_mutex_lock(&ss->act.mu);
	clip_copy(ss->act.appname, sizeof(ss->act.appname), appname, strlen(appname));
	pthread_mutex_unlock(&ss->act.mu);
}

void exec_activity_branch(exec_session *ss)
{
	pthread_mutex_lock(&ss->act.mu);
	clip_copy(ss->act.branch, sizeof(ss->act.branch), ss->branch, strlen(ss->branch));
	pthread_mutex_unlock(&ss->act.mu);
}

/* ---- Finding the server's sessions ---- */

/* A session as pg_stat_activity shows it, copied into the statement's arena. */
typedef struct act_row {
	int32_t pid;
	const char *user, *database, *addr, *appname, *query;
	int port;
	bool superuser;
	char state;
	int64_t start_us, xact_us, query_us, change_us;
} act_row;

typedef struct act_collect {
	sql_arena *a;
	act_row *rows;
	size_t n, cap;
} act_collect;

static const char *arena_dup(sql_arena *a, const char *s)
{
	return s != NULL ? sql_arena_strndup(a, s, strlen(s)) : NULL;
}

static void collect_one(void *arg, const exec_backend *b)
{
	act_collect *c = arg;
	exec_activity *act = &b->ss->act;
	act_row *r;

	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		act_row *g = sql_arena_alloc(c->a, cap * sizeof(*g));

		if (c->n > 0)
			memcpy(g, c->rows, c->n * sizeof(*g));
		c->rows = g;
		c->cap = cap;
	}
	r = &c->rows[c->n++];
	r->pid = b->pid;
	r->user = arena_dup(c->a, b->ss->user);
	r->database = arena_dup(c->a, b->ss->database);
	r->superuser = b->ss->superuser;
	r->addr = arena_dup(c->a, b->client_addr);
	r->port = b->client_port;

	pthread_mutex_lock(&act->mu);
	r->state = act->state;
	r->start_us = b->backend_start_us != 0 ? b->backend_start_us : act->start_us;
	r->xact_us = act->xact_us;
	r->query_us = act->query_us;
	r->change_us = act->change_us;
	r->appname = arena_dup(c->a, act->appname);
	r->query = arena_dup(c->a, act->query);
	pthread_mutex_unlock(&act->mu);
}

/* Every session: the registry's, or the session alone. */
static void collect_all(exec_session *me, act_collect *c)
{
	if (me->backends != NULL) {
		me->backends->each(me->backends->arg, collect_one, c);
	} else {
		exec_backend self = {me->backend_pid, me, NULL, 0, 0};

		collect_one(c, &self);
	}
}

/* Sessions in the order they connected, as PostgreSQL lists its backend slots. */
static int row_order(const void *x, const void *y)
{
	const act_row *a = x, *b = y;

	if (a->start_us != b->start_us)
		return a->start_us < b->start_us ? -1 : 1;
	return a->pid < b->pid ? -1 : a->pid > b->pid;
}

/* ---- pg_stat_activity ---- */

const exec_syscol exec_stat_activity_cols[22] = {
	{"datid", EXEC_OID_OID},
	{"datname", EXEC_OID_NAME},
	{"pid", EXEC_OID_INT4},
	{"leader_pid", EXEC_OID_INT4},
	{"usesysid", EXEC_OID_OID},
	{"usename", EXEC_OID_NAME},
	{"application_name", EXEC_OID_TEXT},
	{"client_addr", EXEC_OID_TEXT},
	{"client_hostname", EXEC_OID_TEXT},
	{"client_port", EXEC_OID_INT4},
	{"backend_start", EXEC_OID_TIMESTAMPTZ},
	{"xact_start", EXEC_OID_TIMESTAMPTZ},
	{"query_start", EXEC_OID_TIMESTAMPTZ},
	{"state_change", EXEC_OID_TIMESTAMPTZ},
	{"wait_event_type", EXEC_OID_TEXT},
	{"wait_event", EXEC_OID_TEXT},
	{"state", EXEC_OID_TEXT},
	{"backend_xid", EXEC_OID_XID},
	{"backend_xmin", EXEC_OID_XID},
	{"query_id", EXEC_OID_INT8},
	{"query", EXEC_OID_TEXT},
	{"backend_type", EXEC_OID_TEXT},
};

static exec_value text_or_null(const char *s)
{
	return s != NULL ? exec_text(EXEC_OID_TEXT, s, strlen(s)) : exec_null(EXEC_OID_TEXT);
}

static exec_value time_or_null(int64_t us)
{
	return us != 0 ? exec_int(EXEC_OID_TIMESTAMPTZ, us) : exec_null(EXEC_OID_TIMESTAMPTZ);
}

static const char *state_name(char state)
{
	switch (state) {
	case 'a':
		return "active";
	case 'T':
		return "idle in transaction";
	case 'E':
		return "idle in transaction (aborted)";
	default:
		return "idle";
	}
}

/* One row: everything for the session's own user or a superuser, who and where for others. */
static void row_values(const exec_session *me, const act_row *r, exec_value *v)
{
	bool mine = strcmp(r->user, me->user) == 0;
	bool idle = r->state != 'a';

	for (int i = 0; i < 22; i++)
		v[i] = exec_null(exec_stat_activity_cols[i].type);
	v[0] = exec_int(EXEC_OID_OID, EXEC_SYSCAT_DATABASE_OID);
	v[1] = exec_text(EXEC_OID_NAME, r->database, strlen(r->database));
	v[2] = exec_int(EXEC_OID_INT4, r->pid);

	/* pg_authid lists the session's own user as the superuser's OID. */
	v[4] = exec_int(EXEC_OID_OID, mine ? EXEC_ROLE_SUPERUSER
					   : exec_syscat_user_oid('R', r->user, NULL));
	v[5] = exec_text(EXEC_OID_NAME, r->user, strlen(r->user));
	v[6] = text_or_null(r->appname);
	if (!mine && !me->superuser) {
		v[20] = text_or_null("<insufficient privilege>");
		return;
	}
	v[7] = text_or_null(r->addr);
	if (r->addr != NULL)
		v[9] = exec_int(EXEC_OID_INT4, r->port);
	v[10] = time_or_null(r->start_us);
	v[11] = time_or_null(r->xact_us);
	v[12] = time_or_null(r->query_us);
	v[13] = time_or_null(r->change_us);
	v[14] = text_or_null(idle ? "Client" : NULL);
	v[15] = text_or_null(idle ? "ClientRead" : NULL);
	v[16] = text_or_null(state_name(r->state));
	v[20] = text_or_null(r->query);
	v[21] = text_or_null("client backend");
}

int exec_stat_activity_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	exec_session *me = cx->session;
	act_collect c = {cx->arena, NULL, 0, 0};
	exec_value v[22];

	(void)args;
	(void)nargs;
	if (me == NULL)
		return store_err_set(cx->err, "55000", "pg_stat_activity needs a session");
	collect_all(me, &c);
	if (c.n > 1)
		qsort(c.rows, c.n, sizeof(*c.rows), row_order);
	for (size_t i = 0; i < c.n; i++) {
		row_values(me, &c.rows[i], v);
		if (emit(arg, v, 22) != EXEC_OK)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}

/* ---- pg_cancel_backend, pg_terminate_backend ---- */

/* The session a signal is for, as the asking session (me) sees it. */
typedef struct act_find {
	const exec_session *me;
	int32_t pid;
	bool found, superuser, same_user;
} act_find;

static void find_one(void *arg, const exec_backend *b)
{
	act_find *f = arg;

	if (b->pid != f->pid || f->found)
		return;
	f->found = true;
	f->superuser = b->ss->superuser;
	f->same_user = strcmp(b->ss->user, f->me->user) == 0;
}

/* Whether the session pid is there (its user and superuser flag in *f). */
static bool backend_find(exec_session *me, int32_t pid, act_find *f)
{
	memset(f, 0, sizeof(*f));
	f->me = me;
	f->pid = pid;
	if (me->backends != NULL) {
		me->backends->each(me->backends->arg, find_one, f);
	} else if (pid == me->backend_pid) {
		exec_backend self = {me->backend_pid, me, NULL, 0, 0};

		find_one(f, &self);
	}
	return f->found;
}

/* The first other session on a branch (pid 0: none). */
typedef struct act_onbranch {
	const exec_session *me;
	const char *branch;
	int32_t pid;
} act_onbranch;

static void onbranch_one(void *arg, const exec_backend *b)
{
	act_onbranch *f = arg;
	bool on;

	if (f->pid != 0 || b->ss == f->me)
		return;
	pthread_mutex_lock(&b->ss->act.mu);
	on = strcmp(b->ss->act.branch, f->branch) == 0;
	pthread_mutex_unlock(&b->ss->act.mu);
	if (on)
		f->pid = b->pid;
}

int exec_activity_branch_check(exec_session *me, const char *branch, store_err *err)
{
	act_onbranch f = {me, branch, 0};

	if (strcmp(me->branch, branch) == 0) {
		store_err_set(
			err, "55006", "cannot delete branch \"%s\": this session is on it", branch);
		store_err_hint(err, "Check out another branch first.");
		return EXEC_ERROR;
	}
	if (me->backends != NULL)
		me->backends->each(me->backends->arg, onbranch_one, &f);
	if (f.pid == 0)
		return EXEC_OK;
	store_err_set(
		err, "55006", "cannot delete branch \"%s\": another session is on it", branch);
	store_err_detail(err, "The session with PID %d has it checked out.", (int)f.pid);
	return EXEC_ERROR;
}

static void warn_not_backend(exec_session *me, int32_t pid)
{
	if (me->cur != NULL)
		exec_stmt_notice(me->cur, "WARNING", "01000",
			"PID %d is not a PostgreSQL backend process", (int)pid);
}

/* PostgreSQL 15's refusals, for a cancel and for a termination. */
static const struct {
	const char *nosuperuser, *nopermission;
} signal_refusals[2] = {
	{"must be a superuser to cancel superuser query",
		"must be a member of the role whose query is being canceled or member of pg_signal_backend"},
	{"must be a superuser to terminate superuser process",
		"must be a member of the role whose process is being terminated or member of pg_signal_backend"},
};

/*
 * Signal the session pid as PostgreSQL's pg_signal_backend does: only
 * a superuser may signal a superuser's session, and only sessions of
 * one's own user otherwise (42501).  *sent is false, with a WARNING,
 * when there is no such session.  Without a registry the session is
 * alone: terminating itself cancels its statement, the runner having
 * no connection to end.
 */
static int signal_backend(exec_ctx *cx, int32_t pid, bool terminate, bool *sent)
{
	exec_session *me = cx->session;
	act_find f;

	*sent = false;
	if (!backend_find(me, pid, &f)) {
		warn_not_backend(me, pid);
		return EXEC_OK;
	}
	if (f.superuser && !me->superuser)
		return store_err_set(cx->err, "42501", "%s", signal_refusals[terminate].nosuperuser);
	if (!f.same_user && !me->superuser)
		return store_err_set(cx->err, "42501", "%s", signal_refusals[terminate].nopermission);
	if (me->backends == NULL)
		exec_session_cancel(me);
	else if (!me->backends->signal(me->backends->arg, pid, terminate, me->backend_pid)) {
		warn_not_backend(me, pid);
		return EXEC_OK;
	}
	*sent = true;
	return EXEC_OK;
}

static exec_session *session_of(exec_ctx *cx)
{
	return cx->session;
}

static int fn_cancel_backend(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	bool sent;

	(void)nargs;
	if (signal_backend(cx, (int32_t)args[0].v.i, false, &sent) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_bool(sent);
	return EXEC_OK;
}

/*
 * Wait up to timeout_ms for the session pid to end, looking every
 * ACT_WAIT_STEP_US; the statement's own cancel and timeout interrupt
 * the wait.  false with PostgreSQL's WARNING when it did not end.
 */
static int wait_until_gone(exec_ctx *cx, int32_t pid, int64_t timeout_ms, bool *gone)
{
	exec_session *me = session_of(cx);
	int64_t end = exec_monotonic_us() + timeout_ms * 1000;
	act_find f;

	for (;;) {
		int64_t left = end - exec_monotonic_us();
		struct timespec ts;

		if (!backend_find(me, pid, &f)) {
			*gone = true;
			return EXEC_OK;
		}
		if (cx->run != NULL && exec_run_check_now(cx->run, cx->err) != EXEC_OK)
			return EXEC_ERROR;
		if (left <= 0)
			break;
		if (left > ACT_WAIT_STEP_US)
			left = ACT_WAIT_STEP_US;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)left * 1000;
		nanosleep(&ts, NULL);
	}
	if (me->cur != NULL)
		exec_stmt_notice(me->cur, "WARNING", "01000",
			"backend with PID %d did not terminate within %lld millisecond%s", (int)pid,
			(long long)timeout_ms, timeout_ms == 1 ? "" : "s");
	*gone = false;
	return EXEC_OK;
}

/* pg_terminate_backend(pid [, timeout]): timeout > 0 waits that many milliseconds for the end. */
static int fn_terminate_backend(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t timeout = nargs > 1 ? args[1].v.i : 0;
	bool sent, gone;

	if (timeout < 0)
		return store_err_set(cx->err, "22003", "\"timeout\" must not be negative");
	if (signal_backend(cx, (int32_t)args[0].v.i, true, &sent) != EXEC_OK)
		return EXEC_ERROR;
	if (!sent || timeout == 0) {
		*out = exec_bool(sent);
		return EXEC_OK;
	}
	if (wait_until_gone(cx, (int32_t)args[0].v.i, timeout, &gone) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_bool(gone);
	return EXEC_OK;
}

static const exec_func activity_funcs[] = {
	{"pg_cancel_backend", EXEC_OID_BOOL, 1, {EXEC_OID_INT4}, false, true, 'v',
		fn_cancel_backend, 2171},
	{"pg_terminate_backend", EXEC_OID_BOOL, 1, {EXEC_OID_INT4}, false, true, 'v',
		fn_terminate_backend, 2096},
	{"pg_terminate_backend", EXEC_OID_BOOL, 2, {EXEC_OID_INT4, EXEC_OID_INT8}, false, true,
		'v', fn_terminate_backend, 2096},
};

const exec_module exec_mod_activity = {"activity", NULL, 0, NULL, 0, NULL, 0, activity_funcs,
	EXEC_NELEM(activity_funcs), NULL, 0};
