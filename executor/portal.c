/*
 * portal.c - prepared statements and portals (portal.h): the extended
 * query protocol's Parse, Bind, Execute, Close and Sync, and SQL's
 * PREPARE, EXECUTE, DEALLOCATE, DECLARE, FETCH, MOVE and CLOSE, which
 * share their namespaces as in PostgreSQL.
 *
 * A prepared statement keeps its text, not its tree: Parse parses and
 * analyzes the statement once in describe mode (stmt.h: the statement
 * stops where its result columns are known, before it reads or writes a
 * row), which decides the parameters' types and the result columns;
 * every execution parses and analyzes the text again with those types
 * fixed and the values bound, so it plans against the catalog as it is
 * then (as PostgreSQL re-plans after DDL) and with the parameters'
 * values known to the planner (a key lookup for `WHERE id = $1`).  A
 * result that no longer has the described columns is PostgreSQL's
 * 0A000 "cached plan must not change result type".
 *
 * A portal runs one of two ways.  A SELECT streams: its statement (arena,
 * snapshot, run) and iterator stay open inside the portal between
 * Executes, and each pulls as many rows as asked.  Anything else runs to
 * its end at the first Execute; when rows were asked for in portions,
 * its rows (RETURNING, SHOW, EXPLAIN) are kept in the portal and handed
 * out from there.  SCROLL cursors keep all their rows too, so that they
 * can move backwards, and a WITH HOLD cursor keeps the rest of its rows
 * when its transaction commits.
 *
 * The session's transaction rules are session.c's: a statement executed
 * outside a block runs in the implicit transaction, committed at Sync;
 * an error aborts the block or rolls the implicit transaction back, and
 * the portals of a transaction end with it (exec_portals_tx_end).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "binfmt.h"
#include "catcache.h"
#include "datetime.h"
#include "locks.h"
#include "portal.h"
#include "sql.h"
#include "stmt.h"

/* What a statement is, for how it runs. */
typedef enum prep_kind {
	PREP_EMPTY, /* no statement: EmptyQueryResponse */
	PREP_QUERY, /* SELECT, VALUES, WITH ... SELECT: streams */
	PREP_OTHER, /* everything else: runs to its end at once */
} prep_kind;

/*
 * A query's parse tree, analysis and plan, in an arena of their own: a
 * portal's while it runs, and the prepared statement's too when the plan
 * can serve later executions (portal_start).  Shared by reference count.
 */
typedef struct kept_plan {
	int refs;
	sql_arena *a;
	an_ctx *c; /* holds the references to the table definitions the plan uses */
	const plan_node *plan;
	char *branch; /* what it was planned for */
	bool no_index_scans;
} kept_plan;

struct exec_prep {
	struct exec_prep *next;
	char *name;
	char *sql; /* the statement's text, NUL-terminated */
	size_t len;
	prep_kind kind;
	bool exit_stmt;  /* COMMIT, ROLLBACK: allowed in an aborted block */
	sql_arena *a;    /* types and result */
	exec_oid *types; /* ntypes */
	int ntypes;
	exec_tupdesc *result; /* NULL: no rows */
	kept_plan *plan;      /* a query's plan kept from its last execution, or NULL */
};

typedef enum portal_state {
	PORTAL_READY,    /* bound, not run yet */
	PORTAL_RUNNING,  /* a query with its iterator open */
	PORTAL_BUFFERED, /* its rows kept, handed out from pos */
	PORTAL_DONE,     /* ran to its end */
} portal_state;

struct exec_portal {
	struct exec_portal *next;
	char *name;
	char *sql;
	size_t len;
	prep_kind kind;
	bool exit_stmt;
	bool cursor; /* DECLAREd: FETCH's namespace, closed by CLOSE */
	bool scroll; /* DECLARE ... SCROLL: every direction */
	bool hold;   /* WITH HOLD */
	portal_state state;

	sql_arena *a; /* everything below but the statement */
	exec_value *params;
	exec_oid *types;
	int nparams;
	int16_t *formats; /* a code per result column */
	exec_tupdesc *result;

	exec_prep *prep; /* the prepared statement it was bound from, while it exists */

	/* RUNNING: the open statement, its plan and iterator. */
	exec_stmt *st;
	kept_plan *kp;
	exec_ectx ec;
	const plan_node *plan;
	exec_iter *it;
	store_err err; /* the iterator reports here: it outlives any one Execute */

	/* BUFFERED: the rows, and where FETCH is (0 before the first, nrows + 1 after the last). */
	exec_value **rows;
	uint64_t nrows, caprows;
	uint64_t pos;
	char tag[64]; /* the statement's own tag, sent after its last buffered row */
};

/* ---- Small things ---- */

static char *xstrndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static exec_tupdesc *desc_copy(sql_arena *a, const exec_tupdesc *d)
{
	exec_tupdesc *c = sql_arena_zalloc(a, sizeof(*c));

	c->ncols = d->ncols;
	c->cols = sql_arena_zalloc(a, sizeof(exec_column) * (size_t)(d->ncols ? d->ncols : 1));
	for (int i = 0; i < d->ncols; i++) {
		c->cols[i] = d->cols[i];
		c->cols[i].name = sql_arena_strndup(a, d->cols[i].name, strlen(d->cols[i].name));
	}
	return c;
}

/* Whether a plan's columns are still those described at Parse. */
static bool desc_same(const exec_tupdesc *a, const exec_tupdesc *b)
{
	if (a->ncols != b->ncols)
		return false;
	for (int i = 0; i < a->ncols; i++)
		if (a->cols[i].type != b->cols[i].type)
			return false;
	return true;
}

static bool is_exit_stmt(const sql_node *n)
{
	return exec_stmt_allowed_failed(n);
}

static prep_kind kind_of(const sql_node *n)
{
	if (n == NULL)
		return PREP_EMPTY;
	return n->kind == SQL_SELECT ? PREP_QUERY : PREP_OTHER;
}

/* Statements whose analysis stops at exec_stmt_described (the rest return no rows). */
static bool describable(const sql_node *n)
{
	switch (n->kind) {
	case SQL_SELECT:
	case SQL_INSERT:
	case SQL_UPDATE:
	case SQL_DELETE:
	case SQL_EXPLAIN:
	case SQL_SHOW:
	case SQL_SHOW_TABLES:
	case SQL_SHOW_SCHEMAS:
	case SQL_DESCRIBE:
	case SQL_SHOW_VALIDATION:
	case SQL_FETCH:
	case SQL_EXECUTE:
		return true;
	default:
		return false;
	}
}

static const char *const aborted_msg =
	"current transaction is aborted, commands ignored until end of transaction block";

/*
 * Parse text as one statement into arena a: *n is NULL for an empty one.
 * what names the caller in the several-statements error.
 */
static int parse_one(const char *sql, size_t len, sql_arena *a, sql_node **n, store_err *err)
{
	sql_stmt_list *list = NULL;
	sql_error perr;

	memset(&perr, 0, sizeof(perr));
	if (sql_parse(sql, len, a, &list, &perr) != 0)
		return exec_parse_error(&perr, err);
	if (sql_list_len(list->stmts) > 1)
		return store_err_set(
			err, "42601", "cannot insert multiple commands into a prepared statement");
	*n = sql_list_len(list->stmts) == 1 ? sql_list_nth(list->stmts, 0) : NULL;
	return EXEC_OK;
}

/* ---- Prepared statements ---- */

static void kept_release(kept_plan *kp)
{
	if (kp == NULL || --kp->refs > 0)
		return;
	if (kp->c != NULL)
		an_ctx_release(kp->c);
	free(kp->c);
	sql_arena_free(kp->a);
	free(kp->branch);
	free(kp);
}

static void prep_free(exec_prep *p)
{
	if (p == NULL)
		return;
	kept_release(p->plan);
	free(p->name);
	free(p->sql);
	sql_arena_free(p->a);
	free(p);
}

exec_prep *exec_prep_find(exec_session *ss, const char *name)
{
	for (exec_prep *p = ss->preps; p != NULL; p = p->next)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

int exec_prep_nparams(const exec_prep *p)
{
	return p->ntypes;
}

const exec_oid *exec_prep_param_types(const exec_prep *p)
{
	return p->types;
}

const exec_tupdesc *exec_prep_result(const exec_prep *p)
{
	return p->result;
}

/* Free a prepared statement of the session, which its portals forget. */
static void prep_drop(exec_session *ss, exec_prep *p)
{
	for (exec_portal *po = ss->portals; po != NULL; po = po->next)
		if (po->prep == p)
			po->prep = NULL;
	prep_free(p);
}

void exec_prep_close(exec_session *ss, const char *name)
{
	for (exec_prep **pp = &ss->preps; *pp != NULL; pp = &(*pp)->next) {
		if (strcmp((*pp)->name, name) == 0) {
			exec_prep *p = *pp;

			*pp = p->next;
			prep_drop(ss, p);
			return;
		}
	}
}

/*
 * Analyze n in describe mode: the parameters' types (types[0..ntypes)
 * as given, EXEC_OID_UNKNOWN for those to infer) and the result columns
 * into p.  A transaction the analysis had to begin outside a block is
 * rolled back: a Parse writes nothing.
 */
static int prep_describe(exec_session *ss, exec_prep *p, sql_node *n, const exec_oid *types,
	int ntypes, store_err *err)
{
	exec_stmt st;
	bool had_tx = ss->tx != NULL;
	int r;

	r = exec_stmt_open(ss, &st, true, p->sql, p->len, NULL, err);
	if (r == EXEC_OK) {
		st.describe = true;
		st.ptypes.n = st.ptypes.cap = ntypes;
		st.ptypes.types =
			sql_arena_alloc(st.a, sizeof(exec_oid) * (size_t)(ntypes ? ntypes : 1));
		for (int i = 0; i < ntypes; i++)
			st.ptypes.types[i] = types[i] ? types[i] : EXEC_OID_UNKNOWN;
		if (describable(n)) {
			exec_stmt *saved = ss->cur;

			ss->cur = &st;
			r = exec_stmt_dispatch(&st, n);
			ss->cur = saved;
			if (st.described) {
				r = EXEC_OK;
				store_err_clear(err);
			}
		}
	}
	if (r == EXEC_OK) {
		p->ntypes = st.ptypes.n;
		p->types = sql_arena_alloc(
			p->a, sizeof(exec_oid) * (size_t)(p->ntypes ? p->ntypes : 1));
		for (int i = 0; i < p->ntypes; i++) {
			exec_oid t = st.ptypes.types[i];

			/* A parameter no use decided is text, as an unknown literal would be. */
			p->types[i] = t == EXEC_OID_UNKNOWN ? EXEC_OID_TEXT : t;
		}
		p->result = st.result != NULL ? desc_copy(p->a, st.result) : NULL;
	}
	exec_stmt_close(&st);
	if (!had_tx && !ss->block && ss->tx != NULL)
		exec_session_stmt_failed(ss); /* rolls the analysis's transaction back */
	return r;
}

/* Make a prepared statement of sql (one statement) and add it under name. */
static int prep_make(exec_session *ss, const char *name, const char *sql, size_t len,
	const exec_oid *types, int ntypes, store_err *err)
{
	exec_prep *p = calloc(1, sizeof(*p));
	sql_arena *a = sql_arena_new(0);
	sql_node *n = NULL;
	int r = EXEC_ERROR;

	if (p == NULL || a == NULL) {
		free(p);
		sql_arena_free(a);
		return store_err_set(err, "53200", "out of memory");
	}
	p->a = sql_arena_new(0);
	p->name = xstrndup(name, strlen(name));
	p->sql = xstrndup(sql, len);
	p->len = len;
	if (p->a == NULL || p->name == NULL || p->sql == NULL) {
		store_err_set(err, "53200", "out of memory");
		goto out;
	}
	for (int i = 0; i < ntypes; i++) {
		if (types[i] != 0 && exec_type_by_oid(types[i]) == NULL) {
			store_err_set(err, "42704", "type with OID %u does not exist", types[i]);
			goto out;
		}
	}
	if (parse_one(p->sql, len, a, &n, err) != EXEC_OK)
		goto out;
	p->kind = kind_of(n);
	p->exit_stmt = n != NULL && is_exit_stmt(n);
	if (ss->failed && !p->exit_stmt) {
		store_err_set(err, "25P02", "%s", aborted_msg);
		goto out;
	}
	if (n == NULL) {
		p->types = NULL;
		p->ntypes = 0;
	} else if (prep_describe(ss, p, n, types, ntypes, err) != EXEC_OK) {
		goto out;
	}
	r = EXEC_OK;
out:
	sql_arena_free(a);
	if (r != EXEC_OK) {
		prep_free(p);
		return EXEC_ERROR;
	}
	p->next = ss->preps;
	ss->preps = p;
	return EXEC_OK;
}

int exec_prep_parse(exec_session *ss, const char *name, const char *sql, size_t len,
	const exec_oid *types, int ntypes, store_err *err)
{
	exec_activity_begin(ss, sql, len);
	if (name[0] == '\0')
		exec_prep_close(ss, "");
	else if (exec_prep_find(ss, name) != NULL)
		return store_err_set(
			err, "42P05", "prepared statement \"%s\" already exists", name);
	if (prep_make(ss, name, sql, len, types, ntypes, err) != EXEC_OK) {
		exec_session_stmt_failed(ss);
		return EXEC_ERROR;
	}
	return EXEC_OK;
}

/* ---- Portals: their life ---- */

/* Close a running portal's statement and iterator. */
static void portal_stop(exec_portal *po)
{
	if (po->st == NULL)
		return;
	exec_close(po->it);
	po->it = NULL;
	kept_release(po->kp);
	po->kp = NULL;
	exec_stmt_close(po->st);
	free(po->st);
	po->st = NULL;
}

static void portal_free(exec_portal *po)
{
	if (po == NULL)
		return;
	portal_stop(po);
	free(po->rows);
	free(po->name);
	free(po->sql);
	sql_arena_free(po->a);
	free(po);
}

exec_portal *exec_portal_find(exec_session *ss, const char *name)
{
	for (exec_portal *po = ss->portals; po != NULL; po = po->next)
		if (strcmp(po->name, name) == 0)
			return po;
	return NULL;
}

/* Take a portal out of the session's list (it must be there). */
static void portal_unlink(exec_session *ss, exec_portal *po)
{
	for (exec_portal **pp = &ss->portals; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == po) {
			*pp = po->next;
			return;
		}
	}
}

void exec_portal_close(exec_session *ss, const char *name)
{
	exec_portal *po = exec_portal_find(ss, name);

	if (po == NULL || po == ss->active)
		return;
	portal_unlink(ss, po);
	portal_free(po);
}

const exec_tupdesc *exec_portal_result(const exec_portal *po)
{
	return po->result;
}

int exec_portal_format(const exec_portal *po, int i)
{
	return po->formats != NULL && po->result != NULL && i < po->result->ncols ? po->formats[i]
										  : 0;
}

bool exec_portal_empty(const exec_portal *po)
{
	return po->kind == PREP_EMPTY;
}

/* A new portal (not yet in the session's list) over prepared statement p. */
static exec_portal *portal_new(const char *name, const exec_prep *p, store_err *err)
{
	exec_portal *po = calloc(1, sizeof(*po));

	if (po == NULL || (po->a = sql_arena_new(0)) == NULL ||
		(po->name = xstrndup(name, strlen(name))) == NULL ||
		(po->sql = xstrndup(p->sql, p->len)) == NULL) {
		portal_free(po);
		store_err_set(err, "53200", "out of memory");
		return NULL;
	}
	po->len = p->len;
	po->kind = p->kind;
	po->exit_stmt = p->exit_stmt;
	po->nparams = p->ntypes;
	po->types = sql_arena_alloc(po->a, sizeof(exec_oid) * (size_t)(p->ntypes ? p->ntypes : 1));
	if (p->ntypes > 0)
		memcpy(po->types, p->types, sizeof(exec_oid) * (size_t)p->ntypes);
	po->params =
		sql_arena_zalloc(po->a, sizeof(exec_value) * (size_t)(p->ntypes ? p->ntypes : 1));
	po->result = p->result != NULL ? desc_copy(po->a, p->result) : NULL;
	return po;
}

/* Put a portal in the session's list, replacing the unnamed one. */
static void portal_add(exec_session *ss, exec_portal *po)
{
	if (po->name[0] == '\0')
		exec_portal_close(ss, "");
	po->next = ss->portals;
	ss->portals = po;
}

/* A parameter's value from its text or binary form, as its type reads it. */
static int param_value(
	exec_session *ss, exec_portal *po, int i, const exec_param *pv, store_err *err)
{
	exec_ctx cx;
	exec_value v;
	int r;

	if (pv->data == NULL) {
		po->params[i] = exec_null(po->types[i]);
		return EXEC_OK;
	}
	if (pv->binary)
		return exec_value_recv(po->types[i], EXEC_TYPMOD_NONE, pv->data, pv->len, i + 1,
			po->a, &po->params[i], err);
	memset(&cx, 0, sizeof(cx));
	cx.arena = po->a;
	cx.err = err;
	cx.session = ss;
	{
		const char *tz = exec_guc_get(ss->gucs, "TimeZone", NULL);

		cx.timezone = tz ? tz : "UTC";
		exec_datestyle_read(exec_guc_get(ss->gucs, "DateStyle", NULL), &cx);
	}
	r = exec_value_in(&cx, po->types[i], EXEC_TYPMOD_NONE, pv->data, pv->len, &v);
	if (r != EXEC_OK)
		return EXEC_ERROR;
	po->params[i] = exec_value_copy(po->a, &v);
	return EXEC_OK;
}

/* The result formats of Bind, a code per column (08P01 for a count that fits nothing). */
static int portal_formats(exec_portal *po, const int16_t *formats, int nformats, store_err *err)
{
	int ncols = po->result ? po->result->ncols : 0;

	if (nformats > 1 && nformats != ncols)
		return store_err_set(err, "08P01",
			"bind message has %d result formats but query has %d columns", nformats,
			ncols);
	po->formats = sql_arena_zalloc(po->a, sizeof(int16_t) * (size_t)(ncols ? ncols : 1));
	for (int i = 0; i < ncols; i++) {
		int f = nformats == 0 ? 0 : formats[nformats == 1 ? 0 : i];

		if (f != 0 && f != 1)
			return store_err_set(err, "22023", "unsupported format code: %d", f);
		if (f == 1 && !exec_type_has_binary(po->result->cols[i].type))
			return store_err_set(err, "42883",
				"no binary output function available for type %s",
				exec_type_by_oid(po->result->cols[i].type)
					? exec_type_by_oid(po->result->cols[i].type)->name
					: "?");
		po->formats[i] = (int16_t)f;
	}
	return EXEC_OK;
}

int exec_portal_bind(exec_session *ss, const char *portal, const char *stmt,
	const exec_param *params, int nparams, const int16_t *formats, int nformats, store_err *err)
{
	exec_prep *p = exec_prep_find(ss, stmt);
	exec_portal *po;

	if (p != NULL)
		exec_activity_begin(ss, p->sql, p->len);
	if (p == NULL) {
		if (stmt[0] == '\0')
			return store_err_set(
				err, "26000", "unnamed prepared statement does not exist");
		return store_err_set(
			err, "26000", "prepared statement \"%s\" does not exist", stmt);
	}
	if (portal[0] != '\0' && exec_portal_find(ss, portal) != NULL)
		return store_err_set(err, "42P03", "cursor \"%s\" already exists", portal);
	if (ss->failed && !p->exit_stmt)
		return store_err_set(err, "25P02", "%s", aborted_msg);
	if (nparams != p->ntypes)
		return store_err_set(err, "08P01",
			"bind message supplies %d parameters, but prepared statement \"%s\" requires %d",
			nparams, stmt, p->ntypes);
	po = portal_new(portal, p, err);
	if (po == NULL)
		return EXEC_ERROR;
	for (int i = 0; i < nparams; i++) {
		if (param_value(ss, po, i, &params[i], err) != EXEC_OK) {
			portal_free(po);
			exec_session_stmt_failed(ss);
			return EXEC_ERROR;
		}
	}
	if (portal_formats(po, formats, nformats, err) != EXEC_OK) {
		portal_free(po);
		exec_session_stmt_failed(ss);
		return EXEC_ERROR;
	}
	po->prep = p;
	portal_add(ss, po);
	return EXEC_OK;
}

/* ---- Portals: running ---- */

/* Point a statement at the portal's parameters, with their types fixed. */
static void stmt_params(exec_stmt *st, const exec_portal *po)
{
	st->params = po->params;
	st->nparams = po->nparams;
	st->ptypes.types =
		sql_arena_alloc(st->a, sizeof(exec_oid) * (size_t)(po->nparams ? po->nparams : 1));
	if (po->nparams > 0)
		memcpy(st->ptypes.types, po->types, sizeof(exec_oid) * (size_t)po->nparams);
	st->ptypes.n = st->ptypes.cap = po->nparams;
	st->ptypes.fixed = true;
}

/*
 * Whether a kept plan still fits the statement about to run: the same
 * branch and settings, and every table it read with the same catalog
 * text now, at the statement's view (a table changed by DDL has another
 * text, and its definition is another cache entry).
 */
static bool kept_fits(exec_session *ss, const exec_stmt *st, const kept_plan *kp)
{
	bool nis = strcmp(exec_guc_get(ss->gucs, "enable_indexscan", NULL), "off") == 0;

	if (strcmp(kp->branch, ss->branch) != 0 || kp->no_index_scans != nis)
		return false;
	for (const an_tabcache *tc = kp->c->tables; tc != NULL; tc = tc->next) {
		store_err err;
		char *json = NULL;
		bool same;
		int r;

		store_err_clear(&err);
		r = ss->tx != NULL
			    ? store_tx_catalog(ss->tx, st->snap, tc->table->name, &json, &err)
			    : store_catalog(st->snap, tc->table->name, &json, &err);
		if (r != STORE_OK)
			return false;
		same = cat_cache_is(tc->ref, json, strlen(json));
		free(json);
		if (!same)
			return false;
	}
	return true;
}

/* Plan the portal's query in an arena of its own (*out: one reference, the portal's). */
static int plan_fresh(exec_session *ss, exec_portal *po, kept_plan **out)
{
	kept_plan *kp = calloc(1, sizeof(*kp));
	sql_node *n = NULL;
	exec_stmt *saved = ss->cur;

	if (kp == NULL)
		return store_err_set(&po->err, "53200", "out of memory");
	kp->refs = 1;
	*out = kp;
	kp->a = sql_arena_new(0);
	kp->c = calloc(1, sizeof(*kp->c));
	kp->branch = strdup(ss->branch);
	if (kp->c == NULL || kp->branch == NULL)
		return store_err_set(&po->err, "53200", "out of memory");
	if (parse_one(po->sql, po->len, kp->a, &n, &po->err) != EXEC_OK)
		return EXEC_ERROR;
	exec_stmt_analyzer(po->st, kp->c);
	kp->c->a = kp->a;
	kp->c->cx.arena = kp->a;
	kp->no_index_scans = kp->c->no_index_scans;

	/* Analysis may read the catalog through the running statement (regclass). */
	ss->cur = po->st;
	kp->plan = an_query(kp->c, NULL, sql_as_select(n));
	ss->cur = saved;
	return kp->plan != NULL ? EXEC_OK : EXEC_ERROR;
}

/* The portal's statement opened again, with a new snapshot (after a lock wait). */
static int portal_reopen(exec_session *ss, exec_portal *po, const exec_sink *sink)
{
	exec_stmt_close(po->st);
	if (exec_stmt_open(ss, po->st, true, po->sql, po->len, sink, &po->err) != EXEC_OK)
		return EXEC_ERROR;
	stmt_params(po->st, po);
	return EXEC_OK;
}

/*
 * Open a query portal: its statement, plan and iterator, kept until it
 * ends.  The plan is the prepared statement's kept one when it still
 * fits, else a new one, which the statement keeps for its next
 * executions when it depends on nothing but its tables' catalog entries
 * (no AS OF, other branches, views or system relations).
 */
static int portal_start(exec_session *ss, exec_portal *po, const exec_sink *sink)
{
	kept_plan *kp;

	po->st = calloc(1, sizeof(*po->st));
	if (po->st == NULL)
		return store_err_set(&po->err, "53200", "out of memory");
	if (exec_stmt_open(ss, po->st, true, po->sql, po->len, sink, &po->err) != EXEC_OK)
		return EXEC_ERROR;
	stmt_params(po->st, po);

	/*
	 * A kept plan's table locks first, as PostgreSQL takes them before it
	 * reuses a plan; after a wait, the snapshot is taken again, and a new
	 * plan's analysis that waits starts over the same way (locks.h).
	 */
	if (po->prep != NULL && po->prep->plan != NULL) {
		bool waited;

		if (exec_lock_kept(po->st, po->prep->plan->c->tables, &waited) != EXEC_OK)
			return EXEC_ERROR;
		if (waited && po->st->own_snap && portal_reopen(ss, po, sink) != EXEC_OK)
			return EXEC_ERROR;
	}
	if (po->prep != NULL && po->prep->plan != NULL && kept_fits(ss, po->st, po->prep->plan)) {
		kp = po->prep->plan;
		kp->refs++;
		po->kp = kp;
	} else {
		if (po->prep != NULL) {
			kept_release(po->prep->plan);
			po->prep->plan = NULL;
		}
		po->st->may_restart = po->st->own_snap;
		for (int tries = 0;; tries++) {
			int r = plan_fresh(ss, po, &po->kp);

			if (r == EXEC_OK)
				break;
			if (!po->st->restart || tries == 2)
				return EXEC_ERROR;
			kept_release(po->kp);
			po->kp = NULL;
			store_err_clear(&po->err);
			if (portal_reopen(ss, po, sink) != EXEC_OK)
				return EXEC_ERROR;
			po->st->may_restart = tries < 1;
		}
		po->st->may_restart = false;
		kp = po->kp;
		if (po->result != NULL && !desc_same(&kp->plan->desc, po->result))
			return store_err_set(
				&po->err, "0A000", "cached plan must not change result type");
		if (po->prep != NULL && kp->c->nsnaps == 0 && !kp->c->uncacheable) {
			kp->refs++;
			po->prep->plan = kp;
		}
	}

	/* A kept plan reads this statement's view, not the one it was made at. */
	exec_run_set_view(po->st->run, po->st->snap, ss->tx);
	memset(&po->ec, 0, sizeof(po->ec));
	po->ec.cx = &po->st->cx;
	po->ec.params = po->params;
	po->ec.nparams = po->nparams;
	if (exec_open(&po->ec, kp->plan, &po->it) != EXEC_OK)
		return EXEC_ERROR;
	po->plan = kp->plan;
	po->state = PORTAL_RUNNING;
	return EXEC_OK;
}

/*
 * Pull up to max rows (0: all) from a running portal to sink; *more when
 * the limit stopped it before the end.  At the end the portal's
 * statement is closed.
 */
static int portal_pull(exec_session *ss, exec_portal *po, uint64_t max, const exec_sink *sink,
	uint64_t *sent, bool *more)
{
	const exec_value *row;
	exec_stmt *saved = ss->cur;
	int k = 0;

	*sent = 0;
	*more = false;
	po->st->sink = sink;
	ss->cur = po->st;
	while (max == 0 || *sent < max) {
		k = exec_next(po->it, &row);
		if (k <= 0)
			break;
		if (sink != NULL && sink->row != NULL &&
			sink->row(sink->arg, &po->plan->desc, row) != EXEC_OK) {
			k = EXEC_ERROR;
			break;
		}
		(*sent)++;
		po->pos++;
	}
	ss->cur = saved;
	if (k < 0)
		return EXEC_ERROR;
	if (k == 0) {
		po->pos++; /* past the last row */
		portal_stop(po);
		po->state = PORTAL_DONE;
	} else {
		*more = true;
	}
	return EXEC_OK;
}

/* The sink of a statement whose rows the portal keeps. */
static int keep_row(void *arg, const exec_tupdesc *desc, const exec_value *vals)
{
	exec_portal *po = arg;
	exec_value *copy;

	if (po->nrows == po->caprows) {
		uint64_t cap = po->caprows ? 2 * po->caprows : 64;
		exec_value **g = realloc(po->rows, sizeof(*g) * cap);

		if (g == NULL)
			return store_err_set(&po->err, "53200", "out of memory");
		po->rows = g;
		po->caprows = cap;
	}
	copy = sql_arena_alloc(po->a, sizeof(exec_value) * (size_t)(desc->ncols ? desc->ncols : 1));
	for (int i = 0; i < desc->ncols; i++)
		copy[i] = exec_value_copy(po->a, &vals[i]);
	po->rows[po->nrows++] = copy;
	return EXEC_OK;
}

/* Keep every row a running portal has left (WITH HOLD at commit, SCROLL at DECLARE). */
static int portal_keep_rest(exec_session *ss, exec_portal *po)
{
	exec_sink keep;
	uint64_t n;
	bool more;

	memset(&keep, 0, sizeof(keep));
	keep.arg = po;
	keep.row = keep_row;
	po->pos = 0;
	if (portal_pull(ss, po, 0, &keep, &n, &more) != EXEC_OK)
		return EXEC_ERROR;
	po->state = PORTAL_BUFFERED;
	po->pos = 0;
	return EXEC_OK;
}

/*
 * Run a statement that is not a query to its end.  Its rows go to sink
 * (describe dropped) or, with keep, into the portal.
 */
static int portal_run_other(
	exec_session *ss, exec_portal *po, const exec_sink *sink, bool keep, bool describe)
{
	exec_stmt st;
	exec_sink s2;
	sql_node *n = NULL;
	exec_stmt *saved = ss->cur;
	sql_arena *a = sql_arena_new(0);
	int r;

	if (a == NULL)
		return store_err_set(&po->err, "53200", "out of memory");
	r = parse_one(po->sql, po->len, a, &n, &po->err);
	if (r != EXEC_OK) {
		sql_arena_free(a);
		return r;
	}
	if (ss->failed && !exec_stmt_allowed_failed(n)) {
		sql_arena_free(a);
		return store_err_set(&po->err, "25P02", "%s", aborted_msg);
	}
	if (sink != NULL)
		s2 = *sink;
	else
		memset(&s2, 0, sizeof(s2));
	if (!describe)
		s2.describe = NULL;
	if (keep) {
		s2.arg = po;
		s2.row = keep_row;
		s2.describe = NULL;
		s2.complete = NULL;
	}
	r = exec_stmt_open(ss, &st, exec_stmt_touches(n), po->sql, po->len, &s2, &po->err);
	if (r == EXEC_OK) {
		stmt_params(&st, po);
		ss->cur = &st;
		r = exec_stmt_dispatch(&st, n);
		ss->cur = saved;
	}
	snprintf(po->tag, sizeof(po->tag), "%s", st.tag);
	exec_stmt_close(&st);
	sql_arena_free(a);
	return r;
}

/* Hand out up to max kept rows (0: all) from the portal's position on. */
static uint64_t portal_hand_out(exec_portal *po, uint64_t max, const exec_sink *sink, int *r)
{
	uint64_t sent = 0;

	*r = EXEC_OK;
	while ((max == 0 || sent < max) && po->pos < po->nrows) {
		if (sink != NULL && sink->row != NULL &&
			sink->row(sink->arg, po->result, po->rows[po->pos]) != EXEC_OK) {
			*r = EXEC_ERROR;
			break;
		}
		po->pos++;
		sent++;
	}
	return sent;
}

/* The tag of a SELECT (or FETCH) that sent n rows. */
static void count_tag(char *tag, size_t size, const char *verb, uint64_t n)
{
	snprintf(tag, size, "%s %" PRIu64, verb, n);
}

/* Execute's work, errors into po->err. */
static int portal_execute(
	exec_session *ss, exec_portal *po, uint64_t max, const exec_sink *sink, bool *suspended)
{
	uint64_t sent = 0;
	bool more = false;
	char tag[64];
	int r = EXEC_OK;

	*suspended = false;
	if (ss->failed && !po->exit_stmt)
		return store_err_set(&po->err, "25P02", "%s", aborted_msg);
	switch (po->state) {
	case PORTAL_READY:
		if (po->kind == PREP_QUERY) {
			if (portal_start(ss, po, sink) != EXEC_OK)
				return EXEC_ERROR;
			break;
		}
		/* Rows asked for in portions are kept and handed out; else they go as they come. */
		if (max > 0 && po->result != NULL) {
			if (portal_run_other(ss, po, sink, true, false) != EXEC_OK)
				return EXEC_ERROR;
			po->state = PORTAL_BUFFERED;
			break;
		}
		r = portal_run_other(ss, po, sink, false, false);
		po->state = PORTAL_DONE;
		if (r == EXEC_OK && sink != NULL && sink->complete != NULL && po->tag[0] != '\0')
			r = sink->complete(sink->arg, po->tag);
		return r;
	case PORTAL_DONE:
		if (po->kind != PREP_QUERY) {
			/* PostgreSQL answers a finished portal with its tag and a count of 0. */
			snprintf(tag, sizeof(tag), "%s", po->tag);
			{
				char *sp = strrchr(tag, ' ');

				if (sp != NULL && sp[1] >= '0' && sp[1] <= '9')
					strcpy(sp + 1, "0");
			}
			return sink && sink->complete ? sink->complete(sink->arg, tag) : EXEC_OK;
		}
		count_tag(tag, sizeof(tag), "SELECT", 0);
		return sink && sink->complete ? sink->complete(sink->arg, tag) : EXEC_OK;
	default:
		break;
	}

	if (po->state == PORTAL_RUNNING) {
		exec_run_set_interrupts(po->st->run, &ss->cancel, po->st->deadline_us);
		if (portal_pull(ss, po, max, sink, &sent, &more) != EXEC_OK)
			return EXEC_ERROR;
		if (more) {
			*suspended = true;
			return EXEC_OK;
		}
		count_tag(tag, sizeof(tag), "SELECT", sent);
		return sink && sink->complete ? sink->complete(sink->arg, tag) : EXEC_OK;
	}

	/* BUFFERED */
	sent = portal_hand_out(po, max, sink, &r);
	if (r != EXEC_OK)
		return EXEC_ERROR;
	if (po->pos < po->nrows) {
		*suspended = true;
		return EXEC_OK;
	}
	po->state = PORTAL_DONE;
	if (po->kind == PREP_QUERY)
		count_tag(tag, sizeof(tag), "SELECT", sent);
	else
		snprintf(tag, sizeof(tag), "%s", po->tag);
	return sink && sink->complete ? sink->complete(sink->arg, tag) : EXEC_OK;
}

int exec_portal_execute(exec_session *ss, const char *name, uint64_t max_rows,
	const exec_sink *sink, bool *suspended, store_err *err)
{
	exec_portal *po = exec_portal_find(ss, name);
	exec_sink s2;
	int r;

	*suspended = false;
	if (po == NULL) {
		if (name[0] == '\0')
			return store_err_set(err, "34000", "unnamed portal does not exist");
		return store_err_set(err, "34000", "portal \"%s\" does not exist", name);
	}
	if (po->kind == PREP_EMPTY)
		return EXEC_OK;
	atomic_store(&ss->cancel, 0);
	exec_activity_begin(ss, po->sql, po->len);
	if (sink != NULL) {
		s2 = *sink;
		s2.describe = NULL;
		sink = &s2;
	}
	store_err_clear(&po->err);
	ss->active = po;
	r = portal_execute(ss, po, max_rows, sink, suspended);
	ss->active = NULL;
	if (r != EXEC_OK) {
		*err = po->err;
		portal_unlink(ss, po);
		portal_free(po);
		exec_session_stmt_failed(ss);
	}
	return r != EXEC_OK ? EXEC_ERROR : EXEC_OK;
}

/*
 * Free the session's portals that drop() picks, never the one being
 * executed (it goes when its Execute is over).
 */
static void portals_drop(exec_session *ss, bool (*drop)(exec_session *ss, exec_portal *po))
{
	exec_portal **pp = &ss->portals;

	while (*pp != NULL) {
		exec_portal *po = *pp;

		if (po == ss->active || !drop(ss, po)) {
			pp = &po->next;
			continue;
		}
		*pp = po->next;
		portal_free(po);
	}
}

static bool drop_all(exec_session *ss, exec_portal *po)
{
	(void)ss;
	(void)po;
	return true;
}

static bool drop_unheld(exec_session *ss, exec_portal *po)
{
	(void)ss;
	return !po->hold;
}

static bool drop_cursor(exec_session *ss, exec_portal *po)
{
	(void)ss;
	return po->cursor;
}

/* At commit a held cursor stays, with the rows it has left; its snapshot goes. */
static bool drop_at_commit(exec_session *ss, exec_portal *po)
{
	if (!po->hold)
		return true;
	return po->state == PORTAL_RUNNING && portal_keep_rest(ss, po) != EXEC_OK;
}

int exec_session_sync(exec_session *ss, store_err *err)
{
	int r = exec_session_autocommit(ss, err);

	/* Outside a block every portal but a held cursor ends with the implicit transaction. */
	if (!ss->block)
		portals_drop(ss, drop_unheld);
	exec_activity_end(ss);
	return r;
}

void exec_portals_tx_end(exec_session *ss, bool commit)
{
	portals_drop(ss, commit ? drop_at_commit : drop_all);
}

void exec_portals_free(exec_session *ss)
{
	portals_drop(ss, drop_all);
	while (ss->preps != NULL) {
		exec_prep *p = ss->preps;

		ss->preps = p->next;
		prep_drop(ss, p);
	}
}

/* ---- SQL: PREPARE, EXECUTE, DEALLOCATE ---- */

int exec_prepare_stmt(exec_stmt *st, sql_prepare *n)
{
	exec_session *ss = st->ss;
	int ntypes = sql_list_len(n->argtypes);
	exec_oid *types = sql_arena_alloc(st->a, sizeof(exec_oid) * (size_t)(ntypes ? ntypes : 1));
	an_ctx c;
	int r = EXEC_OK;

	if (exec_prep_find(ss, n->name) != NULL)
		return store_err_set(
			st->err, "42P05", "prepared statement \"%s\" already exists", n->name);
	exec_stmt_analyzer(st, &c);
	for (int i = 0; i < ntypes && r == EXEC_OK; i++) {
		int32_t typmod;
		bool serial;

		r = an_typename(&c, (const sql_typename *)sql_list_nth(n->argtypes, i), &types[i],
			&typmod, &serial);
	}
	an_ctx_release(&c);
	if (r != EXEC_OK)
		return EXEC_ERROR;
	if (prep_make(ss, n->name, st->sql + n->query->loc, (size_t)(n->query->end - n->query->loc),
		    types, ntypes, st->err) != EXEC_OK) {
		/* Positions are the prepared text's: make them the query string's. */
		if (st->err->position > 0)
			st->err->position += sql_char_position(st->sql, st->sqllen, n->query->loc);
		return EXEC_ERROR;
	}
	strcpy(st->tag, "PREPARE");
	return EXEC_OK;
}

int exec_execute_stmt(exec_stmt *st, sql_execute *n)
{
	exec_session *ss = st->ss;
	exec_prep *p = exec_prep_find(ss, n->name);
	exec_portal *po;
	int nargs = sql_list_len(n->params);
	an_ctx c;
	an_scope *none;
	int r = EXEC_OK;

	if (p == NULL)
		return store_err_set(
			st->err, "26000", "prepared statement \"%s\" does not exist", n->name);
	if (st->describe)
		return exec_stmt_described(st, p->result);
	if (nargs != p->ntypes) {
		store_err_set(st->err, "42601",
			"wrong number of parameters for prepared statement \"%s\"", n->name);
		store_err_detail(st->err, "Expected %d parameters but got %d.", p->ntypes, nargs);
		return EXEC_ERROR;
	}
	po = portal_new("", p, st->err);
	if (po == NULL)
		return EXEC_ERROR;
	po->prep = p;

	/* The arguments: expressions over nothing, as assignments to the parameters' types. */
	exec_stmt_analyzer(st, &c);
	none = an_scope_new(&c, NULL);
	for (int i = 0; i < nargs && r == EXEC_OK; i++) {
		sql_node *arg = sql_list_nth(n->params, i);
		const sql_node *sub = an_find_sublink(arg);
		exec_value v;
		exec_expr *e;

		/* EXECUTE reads no table (it has no snapshot to), as in PostgreSQL. */
		if (sub != NULL) {
			r = an_error(
				&c, sub->loc, "0A000", "cannot use subquery in EXECUTE parameter");
			break;
		}
		e = an_expr(&c, none, arg);
		e = an_coerce(
			&c, e, po->types[i], EXEC_TYPMOD_NONE, EXEC_CAST_ASSIGNMENT, "parameter");
		if (e == NULL || an_eval_const(&c, e, &v) != EXEC_OK)
			r = EXEC_ERROR;
		else
			po->params[i] = exec_value_copy(po->a, &v);
	}
	an_ctx_release(&c);
	if (r == EXEC_OK && portal_formats(po, NULL, 0, st->err) != EXEC_OK)
		r = EXEC_ERROR;
	if (r != EXEC_OK) {
		portal_free(po);
		return EXEC_ERROR;
	}

	/* Run it all, its rows described, with the statement's own tag. */
	if (po->kind == PREP_QUERY) {
		r = portal_start(ss, po, st->sink);
		if (r == EXEC_OK && st->sink && st->sink->describe)
			r = st->sink->describe(st->sink->arg, &po->plan->desc);
		if (r == EXEC_OK) {
			uint64_t sent;
			bool more;

			r = portal_pull(ss, po, 0, st->sink, &sent, &more);
			count_tag(st->tag, sizeof(st->tag), "SELECT", sent);
		}
	} else if (po->kind == PREP_OTHER) {
		r = portal_run_other(ss, po, st->sink, false, true);
		snprintf(st->tag, sizeof(st->tag), "%s", po->tag);
	}
	if (r != EXEC_OK)
		*st->err = po->err;
	portal_free(po);
	return r;
}

int exec_deallocate(exec_stmt *st, sql_deallocate *n)
{
	exec_session *ss = st->ss;

	if (n->name == NULL) {
		while (ss->preps != NULL) {
			exec_prep *p = ss->preps;

			ss->preps = p->next;
			prep_drop(ss, p);
		}
		strcpy(st->tag, "DEALLOCATE ALL");
		return EXEC_OK;
	}
	if (exec_prep_find(ss, n->name) == NULL)
		return store_err_set(
			st->err, "26000", "prepared statement \"%s\" does not exist", n->name);
	exec_prep_close(ss, n->name);
	strcpy(st->tag, "DEALLOCATE");
	return EXEC_OK;
}

/* ---- SQL: DECLARE, FETCH, MOVE, CLOSE ---- */

int exec_declare(exec_stmt *st, sql_node *node)
{
	sql_declare_cursor *n = sql_as_declare_cursor(node);
	exec_session *ss = st->ss;
	exec_prep p;
	exec_portal *po;
	sql_node *q = n->query;

	if (exec_portal_find(ss, n->name) != NULL)
		return store_err_set(st->err, "42P03", "cursor \"%s\" already exists", n->name);
	if (!n->hold && !ss->block)
		return store_err_set(
			st->err, "25P01", "DECLARE CURSOR can only be used in transaction blocks");

	/* The query, described as Parse describes it, with the statement's parameters. */
	memset(&p, 0, sizeof(p));
	p.name = n->name;
	p.sql = (char *)st->sql + q->loc;
	p.len = (size_t)(q->end - q->loc);
	p.kind = PREP_QUERY;
	p.a = st->a;
	p.ntypes = st->nparams;
	p.types =
		sql_arena_alloc(st->a, sizeof(exec_oid) * (size_t)(st->nparams ? st->nparams : 1));
	for (int i = 0; i < st->nparams; i++)
		p.types[i] = st->params[i].type;
	po = portal_new(n->name, &p, st->err);
	if (po == NULL)
		return EXEC_ERROR;
	for (int i = 0; i < st->nparams; i++)
		po->params[i] = exec_value_copy(po->a, &st->params[i]);
	po->cursor = true;
	po->scroll = n->scroll;
	po->hold = n->hold;
	if (portal_start(ss, po, st->sink) != EXEC_OK) {
		*st->err = po->err;
		if (st->err->position > 0)
			st->err->position += sql_char_position(st->sql, st->sqllen, q->loc);
		portal_free(po);
		return EXEC_ERROR;
	}
	po->result = desc_copy(po->a, &po->plan->desc);
	if (portal_formats(po, NULL, 0, st->err) != EXEC_OK) {
		portal_free(po);
		return EXEC_ERROR;
	}
	if (n->binary)
		for (int i = 0; i < po->result->ncols; i++)
			po->formats[i] = exec_type_has_binary(po->result->cols[i].type) ? 1 : 0;

	/* SCROLL cursors keep their rows, so that they can go back. */
	if (po->scroll && portal_keep_rest(ss, po) != EXEC_OK) {
		*st->err = po->err;
		portal_free(po);
		return EXEC_ERROR;
	}
	portal_add(ss, po);
	strcpy(st->tag, "DECLARE CURSOR");
	return EXEC_OK;
}

/*
 * FETCH ABSOLUTE and RELATIVE on a kept cursor (relative 0: the current
 * row): the row they land on (*at, 1-based; 0 for none) and the
 * position after it, which is before the first row or after the last
 * when the target is outside them.
 */
static void fetch_to(
	const exec_portal *po, bool absolute, int64_t count, int64_t *at, uint64_t *newpos)
{
	int64_t n = (int64_t)po->nrows, pos = (int64_t)po->pos, target;

	if (absolute)
		target = count > 0 ? count : count < 0 ? n + count + 1 : 0;
	else
		target = pos + count;
	*at = 0;
	if (target <= 0) {
		*newpos = 0;
	} else if (target > n) {
		*newpos = (uint64_t)n + 1;
	} else {
		*at = target;
		*newpos = (uint64_t)target;
	}
}

/* FETCH/MOVE n rows forward (backward) of a kept cursor. */
static void fetch_steps(const exec_portal *po, bool forward, int64_t count, int64_t *from,
	int64_t *to, uint64_t *newpos)
{
	int64_t n = (int64_t)po->nrows, pos = (int64_t)po->pos;

	*from = *to = 0;
	if (forward) {
		int64_t first = pos + 1,
			last = count == SQL_FETCH_ALL || pos + count > n ? n : pos + count;

		if (first <= last) {
			*from = first;
			*to = last;
		}
		*newpos = (uint64_t)(count == SQL_FETCH_ALL || pos + count > n ? n + 1 : last);
	} else {
		int64_t first = pos - 1,
			last = count == SQL_FETCH_ALL || pos - count < 1 ? 1 : pos - count;

		if (first >= last && first >= 1) {
			*from = first > n ? n : first;
			*to = last;
		}
		*newpos = (uint64_t)(count == SQL_FETCH_ALL || pos - count < 1 ? 0 : last);
	}
}

static int forward_only(exec_stmt *st)
{
	store_err_set(st->err, "55000", "cursor can only scan forward");
	store_err_hint(st->err, "Declare it with SCROLL option to enable backward scan.");
	return EXEC_ERROR;
}

int exec_fetch(exec_stmt *st, sql_node *node)
{
	sql_fetch *f = sql_as_fetch(node);
	exec_session *ss = st->ss;
	exec_portal *po = exec_portal_find(ss, f->name);
	const char *verb = f->move ? "MOVE" : "FETCH";
	const exec_sink *sink = f->move ? NULL : st->sink;
	uint64_t sent = 0;
	int r = EXEC_OK;

	if (po == NULL || !po->cursor)
		return store_err_set(st->err, "34000", "cursor \"%s\" does not exist", f->name);
	if (st->describe)
		return exec_stmt_described(st, f->move ? NULL : po->result);
	if (sink != NULL && sink->describe != NULL && po->result != NULL &&
		sink->describe(sink->arg, po->result) != EXEC_OK)
		return EXEC_ERROR;

	if (po->state == PORTAL_RUNNING || (po->state == PORTAL_DONE && po->rows == NULL)) {
		/* A streaming cursor only goes forward. */
		bool forward = (f->direction == SQL_FETCH_FORWARD && f->count > 0);

		if (!forward)
			return forward_only(st);
		if (po->state == PORTAL_RUNNING) {
			bool more;
			uint64_t max = f->count == SQL_FETCH_ALL ? 0 : (uint64_t)f->count;

			exec_run_set_interrupts(po->st->run, &ss->cancel, st->deadline_us);
			store_err_clear(&po->err);
			ss->active = po;
			r = portal_pull(ss, po, max, sink, &sent, &more);
			ss->active = NULL;
			if (r != EXEC_OK)
				*st->err = po->err;
		}
	} else {
		int64_t from, to;
		uint64_t newpos;

		if (f->direction == SQL_FETCH_FORWARD || f->direction == SQL_FETCH_BACKWARD) {
			bool forward = f->direction == SQL_FETCH_FORWARD;
			int64_t count = f->count;

			if (count < 0) {
				forward = !forward;
				count = -count;
			}
			if (!forward && count != 0 && !po->scroll)
				return forward_only(st);
			if (count == 0) {
				fetch_to(po, false, 0, &from, &newpos);
				to = from;
			} else {
				fetch_steps(po, forward, count, &from, &to, &newpos);
			}
		} else {
			if (!po->scroll)
				return forward_only(st);
			fetch_to(po, f->direction == SQL_FETCH_ABSOLUTE, f->count, &from, &newpos);
			to = from;
		}
		if (from != 0) {
			int64_t step = from <= to ? 1 : -1;

			for (int64_t i = from;; i += step) {
				if (sink != NULL && sink->row != NULL &&
					sink->row(sink->arg, po->result, po->rows[i - 1]) !=
						EXEC_OK)
					return EXEC_ERROR;
				sent++;
				if (i == to)
					break;
			}
		}
		po->pos = newpos;
	}
	if (r != EXEC_OK) {
		portal_unlink(ss, po);
		portal_free(po);
		return EXEC_ERROR;
	}
	count_tag(st->tag, sizeof(st->tag), verb, sent);
	return EXEC_OK;
}

int exec_close_cursor(exec_stmt *st, sql_node *node)
{
	sql_close_portal *n = sql_as_close_portal(node);
	exec_session *ss = st->ss;

	if (n->name == NULL) {
		portals_drop(ss, drop_cursor);
	} else {
		exec_portal *po = exec_portal_find(ss, n->name);

		if (po == NULL || !po->cursor)
			return store_err_set(
				st->err, "34000", "cursor \"%s\" does not exist", n->name);
		exec_portal_close(ss, n->name);
	}
	strcpy(st->tag, n->name == NULL ? "CLOSE CURSOR ALL" : "CLOSE CURSOR");
	return EXEC_OK;
}
