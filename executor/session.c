/*
 * session.c - sessions, query strings, transactions (see session.h), and
 * the statements that belong to no one else: SELECT, transaction
 * control, SET/SHOW/RESET, VACUUM, DISCARD, CREATE/DROP SCHEMA (a
 * schema is a branch).
 *
 * A statement runs in an exec_stmt (stmt.h): its arena, its run, its
 * snapshot.  The snapshot is taken when the statement starts: the
 * branch head under READ COMMITTED or without a transaction, the
 * transaction's base under REPEATABLE READ; storage is told through
 * store_tx_set_view, so existence checks of the writes that follow use
 * the same view the statement read.
 *
 * Transactions are begun lazily: an autocommit query that only reads
 * never opens one, and BEGIN's transaction starts with the block's first
 * statement (so SET TRANSACTION can still choose its isolation).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "activity.h"
#include "datetime.h"
#include "locks.h"
#include "note.h"
#include "notify.h"
#include "portal.h"
#include "seq.h"
#include "sql.h"
#include "stmt.h"
#include "syscat.h"

/* ---- Small things ---- */

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

/* Microseconds since 2000-01-01 UTC, the executor's clock. */
static int64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((int64_t)ts.tv_sec - (int64_t)EXEC_EPOCH_DAYS * 86400) * 1000000 +
	       ts.tv_nsec / 1000;
}

/* ---- Sessions ---- */

static void pin_clear(exec_session *ss); /* chrondb.as_of's commit, below */

/* A reported setting changed: pg_stat_activity's application_name follows, then the front end. */
static void session_report(void *arg, const char *name, const char *value)
{
	exec_session *ss = arg;

	if (strcmp(name, "application_name") == 0)
		exec_activity_appname(ss, value);
	if (ss->report != NULL)
		ss->report(ss->report_arg, name, value);
}

int exec_session_new(store *s, const exec_session_opts *opts, exec_session **out, store_err *err)
{
	exec_session *ss = calloc(1, sizeof(*ss));
	const char *branch = opts && opts->branch ? opts->branch : store_default_branch(s);
	char warning[256];

	if (ss == NULL)
		return store_err_set(err, "53200", "out of memory");
	exec_registry_init();
	ss->s = s;
	ss->user = xstrdup(opts && opts->user ? opts->user : "chrondb");
	ss->branch = xstrdup(branch);
	ss->application_name =
		xstrdup(opts && opts->application_name ? opts->application_name : "");
	ss->report = opts ? opts->report : NULL;
	ss->report_arg = opts ? opts->report_arg : NULL;
	ss->backends = opts ? opts->backends : NULL;
	ss->gucs = exec_gucs_new(session_report, ss);
	exec_activity_init(&ss->act, ss->application_name != NULL ? ss->application_name : "");
	ss->server_files = opts != NULL && opts->server_files;
	ss->database = xstrdup(opts && opts->database ? opts->database : "chrondb");
	ss->backend_pid = opts && opts->backend_pid ? opts->backend_pid : (int32_t)getpid();
	ss->superuser = opts != NULL && opts->superuser;
	ss->notify_wake = opts ? opts->notify_wake : NULL;
	ss->notify_arg = opts ? opts->notify_arg : NULL;
	if (opts != NULL && opts->client_addr != NULL) {
		ss->client_addr = xstrdup(opts->client_addr);
		ss->client_port = opts->client_port;
	}
	if (opts != NULL && opts->server_addr != NULL) {
		ss->server_addr = xstrdup(opts->server_addr);
		ss->server_port = opts->server_port;
	}
	atomic_init(&ss->cancel, 0);
	if (ss->user == NULL || ss->branch == NULL || ss->application_name == NULL ||
		ss->gucs == NULL || ss->database == NULL) {
		exec_session_free(ss);
		return store_err_set(err, "53200", "out of memory");
	}

	/* A session starts on a branch that exists ("database/branch" names one). */
	{
		store_snap *snap = NULL;

		if (store_snap_branch(s, ss->branch, &snap, err) != STORE_OK) {
			store_err_clear(err);
			store_err_set(err, "3D000", "database \"%s/%s\" does not exist",
				ss->database, ss->branch);
			store_err_detail(err, "There is no branch \"%s\".", ss->branch);
			exec_session_free(ss);
			return EXEC_ERROR;
		}
		store_snap_free(snap);
	}
	exec_activity_branch(ss);
	exec_guc_init(ss->gucs, "is_superuser", ss->superuser ? "on" : "off");
	exec_guc_init(ss->gucs, "session_authorization", ss->user);
	if (exec_locks_session_init(ss, err) != EXEC_OK) {
		exec_session_free(ss);
		return EXEC_ERROR;
	}
	if (exec_guc_set(ss->gucs, "chrondb.branch", branch, false, false, warning, sizeof(warning),
		    err) != EXEC_OK ||
		(ss->application_name[0] != '\0' &&
			exec_guc_set(ss->gucs, "application_name", ss->application_name, false,
				false, warning, sizeof(warning), err) != EXEC_OK)) {
		exec_session_free(ss);
		return EXEC_ERROR;
	}
	*out = ss;
	return EXEC_OK;
}

static void savepoints_clear(exec_session *ss)
{
	for (int i = 0; i < ss->nsps; i++) {
		free(ss->sps[i].name);
		exec_guc_snapshot_free(ss->sps[i].gucs);
	}
	ss->nsps = 0;
}

void exec_session_free(exec_session *ss)
{
	if (ss == NULL)
		return;
	exec_portals_free(ss);
	if (ss->tx != NULL)
		store_tx_rollback(ss->tx);
	store_locker_free(ss->locker);
	exec_notify_session_end(ss);
	exec_note_free(ss);
	savepoints_clear(ss);
	free(ss->sps);
	for (int i = 0; i < ss->nseqvals; i++)
		free(ss->seqvals[i].name);
	free(ss->seqvals);
	free(ss->last_seq);
	exec_seq_memo_free(ss);
	pin_clear(ss);
	exec_gucs_free(ss->gucs);
	free(ss->user);
	free(ss->branch);
	free(ss->application_name);
	free(ss->database);
	exec_activity_destroy(&ss->act);
	free(ss->client_addr);
	free(ss->server_addr);
	free(ss);
}

void exec_session_cancel(exec_session *ss)
{
	atomic_store(&ss->cancel, 1);
}

char exec_session_status(const exec_session *ss)
{
	return ss->failed ? 'E' : ss->block ? 'T' : 'I';
}

exec_gucs *exec_session_gucs(exec_session *ss)
{
	return ss->gucs;
}

/* The settings every value sent reads, by slot (exec_guc_slot), found once. */
static struct {
	int timezone, extra_float_digits, datestyle;
} format_slots;
static pthread_once_t format_slots_once = PTHREAD_ONCE_INIT;

static void format_slots_find(void)
{
	format_slots.timezone = exec_guc_slot("TimeZone");
	format_slots.extra_float_digits = exec_guc_slot("extra_float_digits");
	format_slots.datestyle = exec_guc_slot("DateStyle");
}

int exec_session_format(exec_session *ss, const exec_value *v, store_buf *out, store_err *err)
{
	const char *tz, *efd;
	exec_ctx cx;
	int r;

	pthread_once(&format_slots_once, format_slots_find);
	tz = exec_guc_get_slot(ss->gucs, format_slots.timezone);
	efd = exec_guc_get_slot(ss->gucs, format_slots.extra_float_digits);

	memset(&cx, 0, sizeof(cx));
	cx.arena = sql_arena_new(0);
	if (cx.arena == NULL)
		return store_err_set(err, "53200", "out of memory");
	cx.err = err;
	cx.timezone = tz ? tz : "UTC";
	cx.extra_float_digits = efd ? atoi(efd) : 1;
	exec_datestyle_read(exec_guc_get_slot(ss->gucs, format_slots.datestyle), &cx);
	cx.session = ss;
	r = exec_value_out(&cx, v, out);
	sql_arena_free(cx.arena);
	return r;
}

const char *exec_session_branch(const exec_session *ss)
{
	return ss->branch;
}

/* ---- Transactions ---- */

/*
 * chrondb.branch went back (a rollback undid a SET of it): the session
 * reads and writes that branch again, which existed when it was left.
 */
static void branch_resync(exec_session *ss)
{
	const char *b = exec_guc_get(ss->gucs, "chrondb.branch", NULL);
	char *copy;

	if (b == NULL || strcmp(b, ss->branch) == 0 || (copy = xstrdup(b)) == NULL)
		return;
	free(ss->branch);
	ss->branch = copy;
	exec_activity_branch(ss);
}

/*
 * The locks of the transaction that ended go: table locks and
 * transaction-level advisory locks of statements that ran without a
 * store transaction (a store_tx releases its locker's at its end).
 */
static void xact_locks_end(exec_session *ss)
{
	store_locker_release(ss->locker);
}

static void tx_end(exec_session *ss, bool commit)
{
	exec_portals_tx_end(ss, commit);
	ss->tx = NULL;
	ss->block = false;
	ss->failed = false;
	ss->read_only = false;
	savepoints_clear(ss);
	if (exec_guc_tx_end(ss->gucs, commit))
		branch_resync(ss);
	xact_locks_end(ss);
	exec_notify_tx_end(ss);
	exec_note_tx_end(ss);
	ss->xid = 0;
}

/*
 * An implicit transaction that opened no storage transaction (it only
 * read) ends: its locks, set_config(..., true) values and id go as they
 * would with a commit.
 */
static void implicit_end(exec_session *ss)
{
	if (exec_guc_tx_end(ss->gucs, true))
		branch_resync(ss); /* a transaction that wrote nothing keeps its SETs */
	xact_locks_end(ss);
	ss->xid = 0;
}

static void tx_rollback(exec_session *ss)
{
	if (ss->tx != NULL)
		store_tx_rollback(ss->tx);
	tx_end(ss, false);
}

/*
 * Commit the open transaction (one Git commit, or none when nothing
 * changed).  how (may be NULL) gives the note's origin, flags and
 * metadata; the origin is "sql" unless it says otherwise, the user is
 * always the session's.  A transaction with notifications or LISTENs
 * holds the notification queue's commit lock around its store commit,
 * so that listeners get notifications in commit order (notify.h); the
 * others only test a field.
 */
static int tx_commit(exec_session *ss, const store_txmeta *how, store_err *err)
{
	store_txmeta meta;
	exec_note_parts parts;
	store_tx *tx = ss->tx;
	bool notify = exec_notify_pending(ss);
	int r;

	if (notify && exec_notify_precommit(ss, err) != EXEC_OK) {
		tx_rollback(ss);
		return EXEC_ERROR;
	}
	if (tx == NULL) {
		if (notify)
			exec_notify_commit(ss, true);
		tx_end(ss, true);
		return EXEC_OK;
	}
	if (exec_note_meta(ss, how, &meta, &parts, err) != EXEC_OK) {
		if (notify)
			exec_notify_commit(ss, false);
		tx_rollback(ss);
		return EXEC_ERROR;
	}
	r = store_tx_commit(tx, &meta, NULL, err);
	exec_note_meta_free(&parts);
	if (notify)
		exec_notify_commit(ss, r == STORE_OK);
	tx_end(ss, r == STORE_OK);
	return r == STORE_OK ? EXEC_OK : EXEC_ERROR;
}

static store_isolation iso_of(const char *s)
{
	if (s != NULL && (strcmp(s, "repeatable read") == 0))
		return STORE_REPEATABLE_READ;
	if (s != NULL && strcmp(s, "serializable") == 0)
		return STORE_SERIALIZABLE;
	return STORE_READ_COMMITTED;
}

static int tx_begin(exec_session *ss, store_err *err)
{
	store_err e2;

	store_err_clear(&e2);
	if (store_tx_begin(ss->s, ss->branch, ss->iso, &ss->tx, err) != STORE_OK)
		return EXEC_ERROR;
	store_tx_set_locker(ss->tx, ss->locker);
	ss->tx_start_us = now_us();
	return EXEC_OK;
}

/* ---- chrondb.as_of: a session pinned to the past ---- */

/* The setting's text when it pins the session, else NULL. */
static const char *pin_setting(exec_session *ss)
{
	const char *v = exec_guc_get(ss->gucs, "chrondb.as_of", NULL);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

static void pin_clear(exec_session *ss)
{
	store_snap_free(ss->pin);
	free(ss->pin_text);
	free(ss->pin_branch);
	ss->pin = NULL;
	ss->pin_text = ss->pin_branch = NULL;
}

/*
 * What text names on the session's branch (an_as_of_text: a ref, else a
 * time read with cx's settings), as a snapshot of its commit alone: the
 * past takes no table locks, which storage's branch snapshots would.
 */
static int pin_resolve(exec_session *ss, exec_ctx *cx, const char *text, store_err *err)
{
	store_snap *at = NULL, *snap = NULL;
	char *t, *b;
	int r = an_as_of_text(cx, ss->s, ss->branch, text, &at, err);

	if (r != EXEC_OK)
		return EXEC_ERROR;
	r = store_snap_commit(ss->s, store_snap_id(at), &snap, err) == STORE_OK ? EXEC_OK
										: EXEC_ERROR;
	store_snap_free(at);
	if (r != EXEC_OK)
		return EXEC_ERROR;
	t = xstrdup(text);
	b = xstrdup(ss->branch);
	if (t == NULL || b == NULL) {
		free(t);
		free(b);
		store_snap_free(snap);
		return store_err_set(err, "53200", "out of memory");
	}
	pin_clear(ss);
	ss->pin = snap;
	ss->pin_text = t;
	ss->pin_branch = b;
	return EXEC_OK;
}

/*
 * The pin as the setting and the branch are now, for a statement about
 * to read: resolved again when either changed since it was (SET
 * chrondb.branch, a rollback bringing back an earlier value).  A value
 * that names nothing on the new branch fails the statement, saying why.
 */
static int pin_current(exec_session *ss, exec_ctx *cx, store_err *err)
{
	const char *text = pin_setting(ss);

	if (text == NULL) {
		pin_clear(ss);
		return EXEC_OK;
	}
	if (ss->pin != NULL && strcmp(text, ss->pin_text) == 0 &&
		strcmp(ss->branch, ss->pin_branch) == 0)
		return EXEC_OK;
	if (pin_resolve(ss, cx, text, err) == EXEC_OK)
		return EXEC_OK;
	store_err_detail(err, "The session reads as of chrondb.as_of = \"%s\" on branch \"%s\".",
		text, ss->branch);
	return EXEC_ERROR;
}

/*
 * SET chrondb.as_of (and set_config): the value must name a commit now,
 * or the SET fails with PostgreSQL's 22023 for a bad value and the
 * setting stays as it was; the reason is the DETAIL.  Other settings
 * and an empty value (RESET, DEFAULT) pass.
 */
static int pin_check(exec_stmt *st, const char *name, const char *value)
{
	store_err cause;
	const char *m;

	if (strcasecmp(name, "chrondb.as_of") != 0 || value == NULL || value[0] == '\0')
		return EXEC_OK;
	store_err_clear(&cause);
	if (pin_resolve(st->ss, &st->cx, value, &cause) == EXEC_OK)
		return EXEC_OK;
	m = cause.message;
	store_err_set(
		st->err, "22023", "invalid value for parameter \"chrondb.as_of\": \"%s\"", value);
	store_err_detail(st->err, "%c%s.%s%s", m[0] >= 'a' && m[0] <= 'z' ? m[0] - 'a' + 'A' : m[0],
		m[0] ? m + 1 : "", cause.detail[0] ? " " : "", cause.detail);
	if (cause.hint[0] != '\0')
		store_err_hint(st->err, "%s", cause.hint);
	return EXEC_ERROR;
}

int exec_session_writable(exec_session *ss, const char *what, store_err *err)
{
	const char *pin = pin_setting(ss);

	if (ss->read_only)
		return store_err_set(
			err, "25006", "cannot execute %s in a read-only transaction", what);
	if (pin == NULL)
		return EXEC_OK;
	store_err_set(err, "25006", "cannot execute %s while chrondb.as_of is set", what);
	store_err_detail(err, "The session reads the past, as of \"%s\".", pin);
	store_err_hint(err, "RESET chrondb.as_of to read and write the present.");
	return EXEC_ERROR;
}

int exec_stmt_need_tx(exec_stmt *st, store_tx **tx)
{
	exec_session *ss = st->ss;

	if ((ss->read_only || pin_setting(ss) != NULL) && !st->describe) {
		/* The statement's verb: the tag up to its counts ("INSERT 0 0" is INSERT). */
		char verb[64];
		size_t n = 0;

		for (const char *p = st->tag;
			*p && n + 1 < sizeof(verb) && !(*p == ' ' && (p[1] >= '0' && p[1] <= '9'));
			p++)
			verb[n++] = *p;
		verb[n] = '\0';
		return exec_session_writable(ss, n ? verb : "this statement", st->err);
	}
	if (ss->tx == NULL) {
		if (!ss->block)
			ss->iso = iso_of(
				exec_guc_get(ss->gucs, "default_transaction_isolation", NULL));
		if (tx_begin(ss, st->err) != EXEC_OK)
			return EXEC_ERROR;
		if (ss->iso == STORE_READ_COMMITTED)
			store_tx_set_view(ss->tx, st->snap);
	}
	*tx = ss->tx;
	return EXEC_OK;
}

/* ---- Statements: shared helpers ---- */

void exec_stmt_analyzer(exec_stmt *st, an_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->a = st->a;
	c->err = st->err;
	c->sql = st->sql;
	c->sqllen = st->sqllen;
	c->cx = st->cx;
	c->s = st->ss->s;
	c->snap = st->snap;
	c->branch = st->ss->branch;

	/* A pinned session reads the past alone, without its transaction's own writes. */
	c->pinned = pin_setting(st->ss) != NULL;
	c->tx = c->pinned ? NULL : st->ss->tx;
	c->user = st->ss->user;
	c->no_index_scans =
		strcmp(exec_guc_get(st->ss->gucs, "enable_indexscan", NULL), "off") == 0;
	st->ptypes.values = st->params;
	c->params = &st->ptypes;
}

/* Whether a message of this severity reaches the client under client_min_messages. */
static bool notice_wanted(exec_session *ss, const char *severity)
{
	static const char *const levels[] = {"debug5", "debug4", "debug3", "debug2", "debug1",
		"log", "notice", "warning", "error", NULL};
	const char *min = exec_guc_get(ss->gucs, "client_min_messages", NULL);
	int lmin = 6, lsev = 6;

	for (int i = 0; levels[i]; i++) {
		if (min != NULL && strcasecmp(min, levels[i]) == 0)
			lmin = i;
		if (strcasecmp(severity, levels[i]) == 0)
			lsev = i;
	}
	if (strcasecmp(severity, "info") == 0)
		lsev = 8; /* INFO always reaches the client */
	return lsev >= lmin;
}

void exec_stmt_notice(
	exec_stmt *st, const char *severity, const char *sqlstate, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!notice_wanted(st->ss, severity))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (st->sink != NULL && st->sink->notice != NULL)
		st->sink->notice(st->sink->arg, severity, sqlstate, msg);
}

int exec_stmt_send(exec_stmt *st, const plan_node *p, uint64_t *nrows)
{
	exec_ectx ec;
	exec_iter *it;
	const exec_value *row;
	int r;

	*nrows = 0;
	memset(&ec, 0, sizeof(ec));
	ec.cx = &st->cx;
	ec.params = st->params;
	ec.nparams = st->nparams;
	if (exec_open(&ec, p, &it) != EXEC_OK)
		return EXEC_ERROR;
	if (st->sink && st->sink->describe &&
		st->sink->describe(st->sink->arg, &p->desc) != EXEC_OK) {
		exec_close(it);
		return EXEC_ERROR;
	}
	while ((r = exec_next(it, &row)) == 1) {
		(*nrows)++;
		if (st->sink && st->sink->row &&
			st->sink->row(st->sink->arg, &p->desc, row) != EXEC_OK) {
			r = EXEC_ERROR;
			break;
		}
	}
	exec_close(it);
	return r < 0 ? EXEC_ERROR : EXEC_OK;
}

int exec_textres_begin(exec_textres *r, exec_stmt *st, int ncols, const char *const *names)
{
	r->st = st;
	r->ncols = ncols;
	r->desc.ncols = ncols;
	r->desc.cols = sql_arena_zalloc(st->a, (size_t)(ncols ? ncols : 1) * sizeof(exec_column));
	for (int i = 0; i < ncols; i++) {
		r->desc.cols[i].name = names[i];
		r->desc.cols[i].type = EXEC_OID_TEXT;
		r->desc.cols[i].typmod = EXEC_TYPMOD_NONE;
	}
	r->described = true;
	if (st->describe)
		return exec_stmt_described(st, &r->desc);
	if (st->sink && st->sink->describe)
		return st->sink->describe(st->sink->arg, &r->desc);
	return EXEC_OK;
}

int exec_textres_row(exec_textres *r, const char *const *vals)
{
	exec_value v[32];

	if (r->ncols > 32)
		return store_err_set(r->st->err, "XX000", "too many columns in a text result");
	for (int i = 0; i < r->ncols; i++)
		v[i] = vals[i] ? exec_text(EXEC_OID_TEXT, vals[i], strlen(vals[i]))
			       : exec_null(EXEC_OID_TEXT);
	if (r->st->sink && r->st->sink->row)
		return r->st->sink->row(r->st->sink->arg, &r->desc, v);
	return EXEC_OK;
}

exec_expr *exec_parse_expr(an_ctx *c, an_scope *sc, const char *text, const char *what)
{
	size_t n = strlen(text);
	char *q = sql_arena_alloc(c->a, n + 8);
	sql_stmt_list *list = NULL;
	sql_error perr;
	const char *saved = c->sql;
	size_t savedlen = c->sqllen;
	sql_select *sel;
	exec_expr *e;

	memcpy(q, "SELECT ", 7);
	memcpy(q + 7, text, n + 1);
	memset(&perr, 0, sizeof(perr));
	if (sql_parse(q, n + 7, c->a, &list, &perr) != 0 || sql_list_len(list->stmts) != 1 ||
		sql_list_nth(list->stmts, 0)->kind != SQL_SELECT) {
		store_err_set(c->err, "XX001", "the stored %s \"%s\" does not parse", what, text);
		return NULL;
	}
	sel = sql_as_select(sql_list_nth(list->stmts, 0));
	if (sql_list_len(sel->targets) != 1 || sel->from != NULL) {
		store_err_set(
			c->err, "XX001", "the stored %s \"%s\" is not one expression", what, text);
		return NULL;
	}
	c->sql = q;
	c->sqllen = n + 7;
	e = an_expr(c, sc, sql_as_target(sql_list_nth(sel->targets, 0))->expr);
	c->sql = saved;
	c->sqllen = savedlen;
	if (e == NULL)
		c->err->position = 0;
	return e;
}

/* ---- SELECT ---- */

static int run_select(exec_stmt *st, sql_select *q)
{
	an_ctx c;
	plan_node *p;
	uint64_t n = 0;
	int r;

	exec_stmt_analyzer(st, &c);
	p = an_query(&c, NULL, q);
	if (p == NULL) {
		an_ctx_release(&c);
		return EXEC_ERROR;
	}
	if (st->describe) {
		r = exec_stmt_described(st, &p->desc);
		an_ctx_release(&c);
		return r;
	}
	st->may_restart = false;
	r = exec_stmt_send(st, p, &n);
	an_ctx_release(&c);
	snprintf(st->tag, sizeof(st->tag), "SELECT %llu", (unsigned long long)n);
	return r;
}

/* ---- Transaction control ---- */

static const char *defelem_text(const sql_defelem *d)
{
	return sql_defelem_text(d);
}

/* BEGIN's and SET TRANSACTION's options. */
static int tx_options(exec_stmt *st, const sql_list *opts)
{
	exec_session *ss = st->ss;

	for (int i = 0; i < sql_list_len(opts); i++) {
		const sql_defelem *d = sql_as_defelem(sql_list_nth(opts, i));
		const char *v = defelem_text(d);

		if (strcmp(d->name, "transaction_isolation") == 0) {
			ss->iso = iso_of(v);
			exec_guc_set(
				ss->gucs, "transaction_isolation", v, true, true, NULL, 0, st->err);
		} else if (strcmp(d->name, "transaction_read_only") == 0) {
			ss->read_only = v != NULL && strcmp(v, "true") == 0;
		}
	}
	return EXEC_OK;
}

static exec_savepoint *find_savepoint(exec_session *ss, const char *name)
{
	for (int i = ss->nsps - 1; i >= 0; i--) {
		if (strcmp(ss->sps[i].name, name) == 0)
			return &ss->sps[i];
	}
	return NULL;
}

static int run_transaction(exec_stmt *st, const sql_transaction *t)
{
	exec_session *ss = st->ss;
	exec_savepoint *sp;

	switch (t->tkind) {
	case SQL_TRANS_BEGIN:
		/* START TRANSACTION answers with its own tag. */
		strcpy(st->tag, t->n.loc >= 0 && strncasecmp(st->sql + t->n.loc, "start", 5) == 0
					? "START TRANSACTION"
					: "BEGIN");
		if (ss->block) {
			exec_stmt_notice(st, "WARNING", "25001",
				"there is already a transaction in progress");
			return EXEC_OK;
		}
		ss->block = true;
		ss->iso = iso_of(exec_guc_get(ss->gucs, "default_transaction_isolation", NULL));
		return tx_options(st, t->options);
	case SQL_TRANS_COMMIT:
		if (!ss->block && ss->tx == NULL) {
			exec_stmt_notice(
				st, "WARNING", "25P01", "there is no transaction in progress");
			strcpy(st->tag, "COMMIT");
			return EXEC_OK;
		}
		if (ss->failed) {
			tx_rollback(ss);
			strcpy(st->tag, "ROLLBACK");
			return EXEC_OK;
		}
		strcpy(st->tag, "COMMIT");
		return tx_commit(ss, NULL, st->err);
	case SQL_TRANS_ROLLBACK:
		if (!ss->block && ss->tx == NULL)
			exec_stmt_notice(
				st, "WARNING", "25P01", "there is no transaction in progress");
		tx_rollback(ss);
		strcpy(st->tag, "ROLLBACK");
		return EXEC_OK;
	case SQL_TRANS_SAVEPOINT:
		if (!ss->block)
			return store_err_set(st->err, "25P01",
				"SAVEPOINT can only be used in transaction blocks");
		if (ss->tx == NULL && tx_begin(ss, st->err) != EXEC_OK)
			return EXEC_ERROR;
		if (ss->nsps == ss->capsps) {
			int cap = ss->capsps ? 2 * ss->capsps : 8;
			exec_savepoint *g = realloc(ss->sps, (size_t)cap * sizeof(*g));

			if (g == NULL)
				return store_err_set(st->err, "53200", "out of memory");
			ss->sps = g;
			ss->capsps = cap;
		}
		ss->sps[ss->nsps].name = xstrdup(t->savepoint);
		ss->sps[ss->nsps].mark = store_tx_savepoint(ss->tx);
		ss->sps[ss->nsps].gucs = exec_guc_snapshot_take(ss->gucs);
		ss->sps[ss->nsps].notify_mark = exec_notify_mark(ss);
		ss->sps[ss->nsps].note_mark = exec_note_mark(ss);
		ss->nsps++;
		strcpy(st->tag, "SAVEPOINT");
		return EXEC_OK;
	case SQL_TRANS_RELEASE:
	case SQL_TRANS_ROLLBACK_TO:
		if (!ss->block)
			return store_err_set(st->err, "25P01",
				"%s can only be used in transaction blocks",
				t->tkind == SQL_TRANS_RELEASE ? "RELEASE SAVEPOINT"
							      : "ROLLBACK TO SAVEPOINT");
		sp = find_savepoint(ss, t->savepoint);
		if (sp == NULL)
			return store_err_set(
				st->err, "3B001", "savepoint \"%s\" does not exist", t->savepoint);
		{
			int k = (int)(sp - ss->sps);

			if (t->tkind == SQL_TRANS_RELEASE) {
				store_tx_release(ss->tx, sp->mark);
				for (int i = k; i < ss->nsps; i++) {
					free(ss->sps[i].name);
					exec_guc_snapshot_free(ss->sps[i].gucs);
				}
				ss->nsps = k;
				strcpy(st->tag, "RELEASE");
			} else {
				store_tx_rollback_to(ss->tx, sp->mark);
				exec_guc_snapshot_restore(ss->gucs, sp->gucs);
				branch_resync(ss);
				exec_notify_rollback_to(ss, sp->notify_mark);
				exec_note_rollback_to(ss, sp->note_mark);
				for (int i = k + 1; i < ss->nsps; i++) {
					free(ss->sps[i].name);
					exec_guc_snapshot_free(ss->sps[i].gucs);
				}
				ss->nsps = k + 1;
				ss->failed = false;
				strcpy(st->tag, "ROLLBACK");
			}
		}
		return EXEC_OK;
	}
	return store_err_set(st->err, "XX000", "unknown transaction statement");
}

/* ---- SET, SHOW, RESET ---- */

/* The text of SET's value list: words, strings and numbers joined by ", ". */
static int set_value_text(exec_stmt *st, const sql_list *args, store_buf *out)
{
	for (int i = 0; i < sql_list_len(args); i++) {
		const sql_node *n = sql_list_nth(args, i);

		if (i > 0)
			store_buf_put(out, ", ", 2);
		if (n->kind != SQL_CONST)
			return store_err_set(
				st->err, "0A000", "this form of SET value is not supported");
		{
			const sql_const *k = sql_as_const(n);
			char num[32];
			const char *text = k->text;

			if (k->ckind == SQL_CONST_INTEGER && text == NULL) {
				snprintf(num, sizeof(num), "%lld", (long long)k->ival);
				text = num;
			} else if (k->ckind == SQL_CONST_BOOL) {
				text = k->bval ? "on" : "off";
			}
			if (text == NULL)
				text = "";
			store_buf_put(out, text, strlen(text));
		}
	}
	store_buf_put(out, "", 1);
	return EXEC_OK;
}

/* After chrondb.branch changed: the session follows it, if the branch is real. */
static int follow_branch(exec_stmt *st, const char *prev)
{
	exec_session *ss = st->ss;
	const char *b = exec_guc_get(ss->gucs, "chrondb.branch", NULL);
	store_snap *snap = NULL;
	char warning[8];
	char *copy;

	if (b == NULL || strcmp(b, ss->branch) == 0)
		return EXEC_OK;
	if (ss->tx != NULL) {
		exec_guc_set(ss->gucs, "chrondb.branch", prev, false, ss->block, warning,
			sizeof(warning), st->err);
		store_err_set(st->err, "25001",
			"cannot change branch inside a transaction that has begun");
		store_err_hint(st->err, "Change branch before BEGIN, or as the block's first "
					"statement with SET chrondb.branch.");
		return EXEC_ERROR;
	}
	if (store_snap_branch(ss->s, b, &snap, st->err) != STORE_OK) {
		store_err_clear(st->err);
		store_err_set(st->err, "3F000", "branch \"%s\" does not exist", b);
		store_err_hint(st->err,
			"Create it with chrondb_branch_create('%s') or CREATE SCHEMA %s.", b, b);
		exec_guc_set(ss->gucs, "chrondb.branch", prev, false, false, warning,
			sizeof(warning), NULL);
		return EXEC_ERROR;
	}
	store_snap_free(snap);
	copy = xstrdup(b);
	if (copy == NULL)
		return store_err_set(st->err, "53200", "out of memory");
	free(ss->branch);
	ss->branch = copy;
	exec_activity_branch(ss);
	return EXEC_OK;
}

int exec_session_set(exec_stmt *st, const char *name, const char *value, bool local)
{
	exec_session *ss = st->ss;
	char warning[8], *prev = xstrdup(ss->branch);
	int r;

	if (prev == NULL)
		return store_err_set(st->err, "53200", "out of memory");

	/* In a transaction whatever the block: the implicit one ends the value or keeps it. */
	r = pin_check(st, name, value);
	if (r == EXEC_OK)
		r = exec_guc_set(
			ss->gucs, name, value, local, true, warning, sizeof(warning), st->err);
	if (r == EXEC_OK)
		r = follow_branch(st, prev);
	free(prev);
	return r;
}

static int run_set(exec_stmt *st, const sql_set *s)
{
	exec_session *ss = st->ss;
	store_buf v = STORE_BUF_INIT;
	char warning[256] = "";
	char *prev = xstrdup(ss->branch);
	int r = EXEC_OK;
	/*
	 * A session SET is part of the statement's transaction, the implicit
	 * one of its query string too: a later error in it undoes the SET.
	 * SET LOCAL outside a block has no effect (a WARNING).
	 */
	bool in_tx = ss->block || !s->local;

	if (prev == NULL)
		return store_err_set(st->err, "53200", "out of memory");
	switch (s->skind) {
	case SQL_SET_VALUE:
		r = set_value_text(st, s->args, &v);
		if (r == EXEC_OK)
			r = pin_check(st, s->name, (const char *)v.data);
		if (r == EXEC_OK)
			r = exec_guc_set(ss->gucs, s->name, (const char *)v.data, s->local, in_tx,
				warning, sizeof(warning), st->err);
		strcpy(st->tag, "SET");
		break;
	case SQL_SET_DEFAULT:
		r = exec_guc_set(ss->gucs, s->name, NULL, s->local, in_tx, warning, sizeof(warning),
			st->err);
		strcpy(st->tag, "SET");
		break;
	case SQL_SET_MULTI:
		if (strcmp(s->name, "transaction") == 0 && ss->tx != NULL) {
			r = store_err_set(st->err, "25001",
				"SET TRANSACTION ISOLATION LEVEL must be called before any query");
			break;
		}
		if (strcmp(s->name, "transaction") == 0 && !ss->block) {
			exec_stmt_notice(st, "WARNING", "25P01",
				"SET TRANSACTION can only be used in transaction blocks");
		} else if (strcmp(s->name, "transaction") == 0) {
			r = tx_options(st, s->args);
		} else {
			for (int i = 0; i < sql_list_len(s->args) && r == EXEC_OK; i++) {
				const sql_defelem *d = sql_as_defelem(sql_list_nth(s->args, i));
				const char *name = strcmp(d->name, "transaction_isolation") == 0
							   ? "default_transaction_isolation"
						   : strcmp(d->name, "transaction_read_only") == 0
							   ? "default_transaction_read_only"
							   : d->name;
				const char *val = defelem_text(d);

				r = exec_guc_set(ss->gucs, name, val, false, true, warning,
					sizeof(warning), st->err);
			}
		}
		strcpy(st->tag, "SET");
		break;
	case SQL_SET_RESET:
		r = exec_guc_reset(ss->gucs, s->name, true, st->err);
		strcpy(st->tag, "RESET");
		break;
	case SQL_SET_RESET_ALL:
		exec_guc_reset_all(ss->gucs, true);
		strcpy(st->tag, "RESET");
		break;
	case SQL_SET_CURRENT:
		r = store_err_set(st->err, "0A000", "SET ... FROM CURRENT is not supported");
		break;
	}
	store_buf_free(&v);
	if (r == EXEC_OK && warning[0] != '\0')
		exec_stmt_notice(st, "WARNING", "25P01", "%s", warning);
	if (r == EXEC_OK)
		r = follow_branch(st, prev);
	free(prev);
	return r;
}

typedef struct showall {
	exec_textres *res;
	int r;
} showall;

static void show_one(void *arg, const exec_guc_info *info)
{
	showall *sa = arg;
	const char *vals[3] = {info->name, info->setting, info->short_desc};

	if (sa->r == EXEC_OK)
		sa->r = exec_textres_row(sa->res, vals);
}

static int run_show(exec_stmt *st, const sql_show *s)
{
	exec_session *ss = st->ss;
	exec_textres res;
	const char *v, *name;

	strcpy(st->tag, "SHOW");
	if (strcmp(s->name, "all") == 0) {
		static const char *const cols[] = {"name", "setting", "description"};
		showall sa = {&res, EXEC_OK};

		if (exec_textres_begin(&res, st, 3, cols) != EXEC_OK)
			return EXEC_ERROR;
		exec_guc_each(ss->gucs, show_one, &sa);
		return sa.r;
	}
	if (strcmp(s->name, "transaction_isolation") == 0 && ss->tx != NULL) {
		v = ss->iso == STORE_REPEATABLE_READ ? "repeatable read"
		    : ss->iso == STORE_SERIALIZABLE  ? "serializable"
						     : "read committed";
	} else {
		v = exec_guc_get(ss->gucs, s->name, st->err);
		if (v == NULL)
			return EXEC_ERROR;
	}
	name = exec_guc_name(s->name);
	if (name == NULL)
		name = s->name;
	{
		/* PostgreSQL names the column as the setting's canonical spelling (TimeZone). */
		if (exec_textres_begin(&res, st, 1, &name) != EXEC_OK)
			return EXEC_ERROR;
	}
	return exec_textres_row(&res, &v);
}

/* ---- VACUUM, schemas ---- */

static int run_vacuum(exec_stmt *st, const sql_vacuum *v)
{
	exec_session *ss = st->ss;

	strcpy(st->tag, v->is_vacuum ? "VACUUM" : "ANALYZE");
	if (!v->is_vacuum)
		return EXEC_OK;
	if (ss->block)
		return store_err_set(
			st->err, "25001", "VACUUM cannot run inside a transaction block");
	if (store_checkpoint(ss->s, st->err) != STORE_OK)
		return EXEC_ERROR;

	/*
	 * Plain VACUUM (pgbench runs one after every load) is the checkpoint;
	 * FULL, which rewrites everything in PostgreSQL too, also repacks the
	 * whole repository into one pack.
	 */
	for (int i = 0; i < sql_list_len(v->options); i++) {
		const sql_defelem *d = (const sql_defelem *)sql_list_nth(v->options, i);
		const char *val = sql_defelem_text(d);

		if (strcasecmp(d->name, "full") == 0 &&
			(val == NULL || strcasecmp(val, "false") != 0) &&
			(val == NULL || strcasecmp(val, "off") != 0) &&
			(val == NULL || strcmp(val, "0") != 0))
			return store_repack(ss->s, st->err) == STORE_OK ? EXEC_OK : EXEC_ERROR;
	}
	return EXEC_OK;
}

/*
 * CHECKPOINT: the store's checkpoint (what VACUUM does too), for
 * superusers only, as PostgreSQL 15 allows it only to them and to
 * pg_checkpoint, a role ChronDB does not have.  It may run in a block.
 */
static int run_checkpoint(exec_stmt *st)
{
	strcpy(st->tag, "CHECKPOINT");
	if (!st->ss->superuser)
		return store_err_set(st->err, "42501",
			"must be superuser or have privileges of pg_checkpoint to do CHECKPOINT");
	return store_checkpoint(st->ss->s, st->err) == STORE_OK ? EXEC_OK : EXEC_ERROR;
}

static int run_create_schema(exec_stmt *st, const sql_create_schema *cs)
{
	exec_session *ss = st->ss;
	int r;

	strcpy(st->tag, "CREATE SCHEMA");
	if (exec_session_writable(ss, "CREATE SCHEMA", st->err) != EXEC_OK)
		return EXEC_ERROR;
	if (ss->block)
		return store_err_set(st->err, "25001",
			"CREATE SCHEMA (a new branch) cannot run inside a transaction block");
	if (exec_sysschema_named(cs->name) != NULL) {
		if (cs->if_not_exists) {
			exec_stmt_notice(st, "NOTICE", "42P06",
				"schema \"%s\" already exists, skipping", cs->name);
			return EXEC_OK;
		}
		return store_err_set(st->err, "42P06", "schema \"%s\" already exists", cs->name);
	}
	{
		store_snap *head;

		/* The new branch starts at the session's branch as it is now. */
		if (store_snap_branch(ss->s, ss->branch, &head, st->err) != STORE_OK)
			return EXEC_ERROR;
		r = store_branch_create(ss->s, cs->name, head, st->err);
		store_snap_free(head);
	}
	if (r != STORE_OK && strcmp(st->err->sqlstate, "42710") == 0) {
		store_err_clear(st->err);
		if (cs->if_not_exists) {
			exec_stmt_notice(st, "NOTICE", "42P06",
				"schema \"%s\" already exists, skipping", cs->name);
			return EXEC_OK;
		}
		return store_err_set(st->err, "42P06", "schema \"%s\" already exists", cs->name);
	}
	return r == STORE_OK ? EXEC_OK : EXEC_ERROR;
}

static int drop_schemas(exec_stmt *st, const sql_drop *d)
{
	exec_session *ss = st->ss;

	strcpy(st->tag, "DROP SCHEMA");
	if (exec_session_writable(ss, "DROP SCHEMA", st->err) != EXEC_OK)
		return EXEC_ERROR;
	if (ss->block)
		return store_err_set(st->err, "25001",
			"DROP SCHEMA (deleting a branch) cannot run inside a transaction block");
	for (int i = 0; i < sql_list_len(d->objects); i++) {
		const sql_list *names = sql_as_list(sql_list_nth(d->objects, i));
		const char *name = sql_list_str(names, sql_list_len(names) - 1);

		if (exec_syscat_schema(name))
			return store_err_set(st->err, "2BP01",
				"cannot drop schema %s because it is required by the database system",
				name);
		if (strcmp(name, store_default_branch(ss->s)) != 0 &&
			exec_activity_branch_check(ss, name, st->err) != EXEC_OK)
			return EXEC_ERROR;
		if (store_branch_delete(ss->s, name, st->err) != STORE_OK) {
			if (strcmp(st->err->sqlstate, "42704") == 0) {
				store_err_clear(st->err);
				if (d->missing_ok) {
					exec_stmt_notice(st, "NOTICE", "00000",
						"schema \"%s\" does not exist, skipping", name);
					continue;
				}
				return store_err_set(
					st->err, "3F000", "schema \"%s\" does not exist", name);
			}
			return EXEC_ERROR;
		}
	}
	return EXEC_OK;
}

/* ---- One statement ---- */

bool exec_stmt_allowed_failed(const sql_node *n)
{
	if (n->kind != SQL_TRANSACTION)
		return false;
	switch (sql_as_transaction(n)->tkind) {
	case SQL_TRANS_COMMIT:
	case SQL_TRANS_ROLLBACK:
	case SQL_TRANS_ROLLBACK_TO:
		return true;
	default:
		return false;
	}
}

bool exec_stmt_touches(const sql_node *n)
{
	switch (n->kind) {
	case SQL_TRANSACTION:
	case SQL_SET:
	case SQL_SHOW:
	case SQL_DISCARD:
	case SQL_DEALLOCATE:
	case SQL_VACUUM:
	case SQL_CHECKPOINT:
	case SQL_NOTIFY:
	case SQL_CREATE_SCHEMA:
	case SQL_PREPARE:
	case SQL_EXECUTE:
	case SQL_FETCH:
	case SQL_CLOSE_PORTAL:
		return false;
	default:
		return true;
	}
}

int exec_stmt_dispatch(exec_stmt *st, sql_node *n)
{
	switch (n->kind) {
	case SQL_SELECT:
		return run_select(st, sql_as_select(n));
	case SQL_INSERT:
		return exec_insert(st, sql_as_insert(n));
	case SQL_UPDATE:
		return exec_update(st, sql_as_update(n));
	case SQL_DELETE:
		return exec_delete(st, sql_as_delete(n));
	case SQL_TRUNCATE:
		return exec_truncate(st, sql_as_truncate(n));
	case SQL_LOCK:
		return exec_lock_stmt(st, sql_as_lock(n));
	case SQL_CREATE_TABLE:
		return exec_create_table(st, sql_as_create_table(n));
	case SQL_CREATE_TABLE_AS:
		return exec_create_table_as(st, sql_as_create_table_as(n));
	case SQL_DROP:
		if (sql_as_drop(n)->object == SQL_OBJECT_SCHEMA)
			return drop_schemas(st, sql_as_drop(n));
		return exec_drop(st, sql_as_drop(n));
	case SQL_ALTER_TABLE:
		return exec_alter_table(st, sql_as_alter_table(n));
	case SQL_CREATE_INDEX:
		return exec_create_index(st, sql_as_create_index(n));
	case SQL_CREATE_SEQUENCE:
		return exec_create_sequence(st, sql_as_create_sequence(n));
	case SQL_ALTER_SEQUENCE:
		return exec_alter_sequence(st, sql_as_alter_sequence(n));
	case SQL_CREATE_VIEW:
		return exec_create_view(st, sql_as_create_view(n));
	case SQL_CREATE_SCHEMA:
		return run_create_schema(st, sql_as_create_schema(n));
	case SQL_TRANSACTION:
		return run_transaction(st, sql_as_transaction(n));
	case SQL_SET:
		return run_set(st, sql_as_set(n));
	case SQL_SHOW:
		return run_show(st, sql_as_show(n));
	case SQL_EXPLAIN:
		return exec_explain(st, sql_as_explain(n));
	case SQL_VACUUM:
		return run_vacuum(st, sql_as_vacuum(n));
	case SQL_CHECKPOINT:
		return run_checkpoint(st);
	case SQL_NOTIFY:
		return exec_notify_stmt(st, sql_as_notify(n));
	case SQL_DISCARD:
		if (st->ss->block)
			return store_err_set(st->err, "25001",
				"DISCARD ALL cannot run inside a transaction block");
		exec_guc_reset_all(st->ss->gucs, false);
		strcpy(st->tag, "DISCARD ALL");
		return exec_notify_unlisten_all(st->ss, st->err);
	case SQL_SHOW_TABLES:
		return exec_show_tables(st, sql_as_show_tables(n));
	case SQL_SHOW_SCHEMAS:
		return exec_show_schemas(st, sql_as_show_schemas(n));
	case SQL_DESCRIBE:
		return exec_describe(st, sql_as_describe(n));
	case SQL_CREATE_VALIDATION:
		return exec_create_validation(st, sql_as_create_validation(n));
	case SQL_DROP_VALIDATION:
		return exec_drop_validation(st, sql_as_drop_validation(n));
	case SQL_COMMENT:
		return exec_comment(st, sql_as_comment(n));
	case SQL_SHOW_VALIDATION:
		return exec_show_validation(st, sql_as_show_validation(n));
	case SQL_COPY:
		return exec_copy(st, sql_as_copy(n));
	case SQL_DECLARE_CURSOR:
		return exec_declare(st, n);
	case SQL_FETCH:
		return exec_fetch(st, n);
	case SQL_CLOSE_PORTAL:
		return exec_close_cursor(st, n);
	case SQL_PREPARE:
		return exec_prepare_stmt(st, sql_as_prepare(n));
	case SQL_EXECUTE:
		return exec_execute_stmt(st, sql_as_execute(n));
	case SQL_DEALLOCATE:
		return exec_deallocate(st, sql_as_deallocate(n));
	default:
		return store_err_set(
			st->err, "0A000", "%s is not supported", sql_node_kind_name(n->kind));
	}
}

/* The TimeZone, extra_float_digits and DateStyle settings as the executor reads them. */
static void stmt_settings(exec_stmt *st)
{
	const char *tz = exec_guc_get(st->ss->gucs, "TimeZone", NULL);
	const char *efd = exec_guc_get(st->ss->gucs, "extra_float_digits", NULL);

	st->cx.timezone = tz ? sql_arena_strndup(st->a, tz, strlen(tz)) : "UTC";
	st->cx.extra_float_digits = efd ? atoi(efd) : 1;
	exec_datestyle_read(exec_guc_get(st->ss->gucs, "DateStyle", NULL), &st->cx);
}

/*
 * Set up a statement: its arena, run and settings; when it reads or
 * writes tables (touches), the block's transaction if that has not
 * begun, and the statement's snapshot.  stmt_close undoes it, whatever
 * part was done.
 */
int exec_stmt_open(exec_session *ss, exec_stmt *st, bool touches, const char *sql, size_t len,
	const exec_sink *sink, store_err *err)
{
	int r = EXEC_OK;

	memset(st, 0, sizeof(*st));
	st->ss = ss;
	st->sql = sql;
	st->sqllen = len;
	st->err = err;
	st->sink = sink;
	st->a = sql_arena_new(0);
	st->run = exec_run_new();
	if (st->a == NULL || st->run == NULL)
		return store_err_set(err, "53200", "out of memory");
	st->cx.arena = st->a;
	st->cx.err = err;
	st->cx.stmt_start_us = now_us();
	st->cx.run = st->run;
	st->cx.session = ss;
	stmt_settings(st);
	{
		long long ms = exec_guc_get_int(ss->gucs, "statement_timeout");

		st->deadline_us = ms > 0 ? exec_monotonic_us() + ms * 1000 : 0;
		exec_run_set_interrupts(st->run, &ss->cancel, st->deadline_us);
	}

	/* The block's transaction starts with its first statement that reads or writes. */
	if (touches && ss->block && ss->tx == NULL && !ss->failed)
		r = tx_begin(ss, err);

	/*
	 * The statement's snapshot: chrondb.as_of's commit while it pins the
	 * session, whatever the isolation; else the branch's.
	 */
	if (r == EXEC_OK && touches) {
		if (pin_setting(ss) != NULL) {
			r = pin_current(ss, &st->cx, err);
			if (r == EXEC_OK) {
				st->snap = store_snap_copy(ss->pin);
				st->own_snap = true;
			}
		} else if (ss->tx != NULL && ss->iso != STORE_READ_COMMITTED) {
			st->snap = store_tx_base(ss->tx);
		} else {
			r = store_snap_branch(ss->s, ss->branch, &st->snap, err) == STORE_OK
				    ? EXEC_OK
				    : EXEC_ERROR;
			if (r != EXEC_OK && strcmp(err->sqlstate, "42704") == 0) {
				/* Deleted under the session (with git, say): it can still go elsewhere. */
				store_err_clear(err);
				store_err_set(err, "3F000",
					"the session's branch \"%s\" no longer exists", ss->branch);
				store_err_hint(err,
					"Check out another branch: SET chrondb.branch = '%s'.",
					store_default_branch(ss->s));
			}
			st->own_snap = r == EXEC_OK;
			if (r == EXEC_OK && ss->tx != NULL)
				store_tx_set_view(ss->tx, st->snap);
		}
	}
	st->cx.tx_start_us = ss->tx != NULL ? ss->tx_start_us : st->cx.stmt_start_us;
	return r;
}

void exec_stmt_close(exec_stmt *st)
{
	exec_session *ss = st->ss;

	if (ss->tx != NULL && st->own_snap)
		store_tx_set_view(ss->tx, NULL);
	if (st->own_snap)
		store_snap_free(st->snap);
	exec_run_free(st->run);
	sql_arena_free(st->a);
	st->own_snap = false;
	st->snap = NULL;
	st->run = NULL;
	st->a = NULL;
}

/* Statements that may start again after a lock wait in their analysis (exec_stmt.restart). */
static bool restartable(const sql_node *n)
{
	return n->kind == SQL_SELECT || n->kind == SQL_INSERT || n->kind == SQL_UPDATE ||
	       n->kind == SQL_DELETE;
}

static int run_stmt(exec_session *ss, sql_node *n, const char *sql, size_t len,
	const exec_sink *sink, store_err *err)
{
	exec_stmt st;
	int r;

	if (ss->failed && !exec_stmt_allowed_failed(n))
		return store_err_set(err, "25P02",
			"current transaction is aborted, commands ignored until end of transaction block");
	r = exec_stmt_open(ss, &st, exec_stmt_touches(n), sql, len, sink, err);
	ss->cur = &st;
	st.may_restart = r == EXEC_OK && st.own_snap && restartable(n);
	if (r == EXEC_OK)
		r = exec_stmt_dispatch(&st, n);

	/*
	 * A table lock that analysis waited for: what the holder committed
	 * is for this statement to see, so it runs again with a snapshot
	 * taken now (PostgreSQL takes its snapshot after the locks).
	 */
	for (int tries = 0; r != EXEC_OK && st.restart && tries < 3; tries++) {
		ss->cur = NULL;
		exec_stmt_close(&st);
		store_err_clear(err);
		r = exec_stmt_open(ss, &st, true, sql, len, sink, err);
		ss->cur = &st;
		st.may_restart = r == EXEC_OK && st.own_snap && tries < 2;
		if (r == EXEC_OK)
			r = exec_stmt_dispatch(&st, n);
	}
	ss->cur = NULL;
	if (r == EXEC_OK && sink != NULL && sink->complete != NULL && st.tag[0] != '\0')
		r = sink->complete(sink->arg, st.tag);
	exec_stmt_close(&st);
	return r;
}

/* ---- Statements from no query string (build.c) ---- */

int exec_stmt_start(exec_session *ss, exec_stmt *st, const exec_sink *sink, store_err *err)
{
	if (ss->failed)
		return store_err_set(err, "25P02",
			"current transaction is aborted, commands ignored until end of transaction block");
	if (exec_stmt_open(ss, st, true, NULL, 0, sink, err) != EXEC_OK) {
		exec_stmt_close(st);
		return EXEC_ERROR;
	}
	ss->cur = st;
	return EXEC_OK;
}

int exec_stmt_end(exec_stmt *st, int r, const store_txmeta *meta)
{
	exec_session *ss = st->ss;
	store_err *err = st->err;

	ss->cur = NULL;
	exec_stmt_close(st);
	if (r != EXEC_OK) {
		exec_session_stmt_failed(ss);
		return EXEC_ERROR;
	}
	if (!ss->block && (ss->tx != NULL || exec_notify_pending(ss)))
		return tx_commit(ss, meta, err);
	if (!ss->block)
		implicit_end(ss);
	return EXEC_OK;
}

int exec_session_query(
	exec_session *ss, const char *sql, size_t len, const exec_sink *sink, store_err *err)
{
	sql_arena *a = sql_arena_new(0);
	sql_stmt_list *list = NULL;
	sql_notice *notices = NULL;
	sql_error perr;
	int r = EXEC_OK, pr;

	if (a == NULL)
		return store_err_set(err, "53200", "out of memory");
	atomic_store(&ss->cancel, 0);
	exec_activity_begin(ss, sql, len);
	memset(&perr, 0, sizeof(perr));
	pr = sql_parse_notices(sql, len, a, &list, &notices, &perr);

	/* The scanner's notices come first, as PostgreSQL parses the whole string first. */
	for (const sql_notice *nt = notices; nt != NULL; nt = nt->next)
		if (sink != NULL && sink->notice != NULL && notice_wanted(ss, "NOTICE"))
			sink->notice(sink->arg, "NOTICE", nt->sqlstate, nt->message);
	if (pr != 0) {
		exec_parse_error(&perr, err);
		if (ss->block)
			exec_session_stmt_failed(ss);
		sql_arena_free(a);
		exec_activity_end(ss);
		return EXEC_ERROR;
	}
	if (sql_list_len(list->stmts) == 0 && sink != NULL && sink->complete != NULL)
		sink->complete(sink->arg, "");
	for (int i = 0; i < sql_list_len(list->stmts) && r == EXEC_OK; i++) {
		r = run_stmt(ss, sql_list_nth(list->stmts, i), sql, len, sink, err);
		if (r != EXEC_OK)
			exec_session_stmt_failed(ss);
	}

	/* Autocommit: what the query string wrote is one commit. */
	if (r == EXEC_OK)
		r = exec_session_autocommit(ss, err);
	else if (!ss->block)
		xact_locks_end(ss);
	sql_arena_free(a);
	exec_activity_end(ss);
	return r;
}

int exec_parse_error(const sql_error *perr, store_err *err)
{
	store_err_set(err, perr->sqlstate, "%s", perr->message);
	if (perr->detail[0])
		store_err_detail(err, "%s", perr->detail);
	if (perr->hint[0])
		store_err_hint(err, "%s", perr->hint);
	err->position = perr->position;
	return EXEC_ERROR;
}

void exec_session_stmt_failed(exec_session *ss)
{
	if (!ss->block) {
		tx_rollback(ss);
		return;
	}

	/*
	 * PostgreSQL aborts the block's transaction at the error, though the
	 * block waits for its ROLLBACK: the row and table locks and
	 * transaction-level advisory locks go now, so that nobody waits on a
	 * transaction that can only end.  With savepoints the transaction
	 * stays, for ROLLBACK TO to go back into; what the innermost
	 * subtransaction wrote and locked goes now, as PostgreSQL aborts it
	 * at the error.
	 */
	ss->failed = true;
	if (ss->nsps == 0 && ss->tx != NULL) {
		store_tx_rollback(ss->tx);
		ss->tx = NULL;
		xact_locks_end(ss);
	} else if (ss->nsps > 0 && ss->tx != NULL) {
		store_tx_rollback_to(ss->tx, ss->sps[ss->nsps - 1].mark);
		exec_note_rollback_to(ss, ss->sps[ss->nsps - 1].note_mark);
	}
}

int exec_session_autocommit(exec_session *ss, store_err *err)
{
	int r = EXEC_OK;

	if (!ss->block && (ss->tx != NULL || exec_notify_pending(ss)))
		r = tx_commit(ss, NULL, err);

	/* The implicit transaction's locks and settings go with it, though it wrote nothing. */
	else if (!ss->block)
		implicit_end(ss);
	return r;
}

int exec_stmt_lock_wait_ms(exec_stmt *st)
{
	long long ms = exec_guc_get_int(st->ss->gucs, "lock_timeout");

	st->lock_by_deadline = false;
	if (st->deadline_us != 0) {
		long long left = (st->deadline_us - exec_monotonic_us() + 999) / 1000;

		if (left < 0)
			left = 0;
		if (ms <= 0 || left <= ms) {
			ms = left;
			st->lock_by_deadline = true;
		}
	} else if (ms <= 0) {
		return -1;
	}
	return ms > INT32_MAX ? INT32_MAX : (int)ms;
}

int exec_stmt_lock_error(exec_stmt *st)
{
	/* NOWAIT's "could not obtain lock on ..." stays as it is. */
	if (strcmp(st->err->sqlstate, "55P03") != 0 ||
		strcmp(st->err->message, "canceling statement due to lock timeout") != 0)
		return EXEC_ERROR;
	store_err_clear(st->err);
	if (st->lock_by_deadline)
		return store_err_set(
			st->err, "57014", "canceling statement due to statement timeout");
	return store_err_set(st->err, "55P03", "canceling statement due to lock timeout");
}

int exec_stmt_described(exec_stmt *st, const exec_tupdesc *desc)
{
	st->described = true;
	st->result = NULL;
	if (desc != NULL) {
		/* desc may live on the caller's stack (exec_textres): keep a copy. */
		exec_tupdesc *d = sql_arena_alloc(st->a, sizeof(*d));

		d->ncols = desc->ncols;
		d->cols = sql_arena_alloc(
			st->a, sizeof(exec_column) * (size_t)(desc->ncols ? desc->ncols : 1));
		memcpy(d->cols, desc->cols, sizeof(exec_column) * (size_t)desc->ncols);
		st->result = d;
	}
	return EXEC_ERROR;
}
