/*
 * locks.c - row and table locks as statements take them (locks.h): the
 * session's locker, implicit table locks, LOCK TABLE, and the LockRows
 * operator of SELECT's locking clauses.
 *
 * Which table lock each statement takes is PostgreSQL's: ACCESS SHARE
 * for what it reads, ROW SHARE for the tables SELECT ... FOR UPDATE
 * locks rows of, ROW EXCLUSIVE for the table INSERT, UPDATE and DELETE
 * write, SHARE for CREATE INDEX, ACCESS EXCLUSIVE for DROP, TRUNCATE
 * and ALTER TABLE.  They are taken where analysis meets the relation,
 * as PostgreSQL takes them at parse analysis; a kept plan takes them
 * again before it runs (portal.c).  Weak modes cost storage's fast
 * path: a mutex of the session's own and an atomic read.
 *
 * A statement that waited for a table lock while it was being analyzed
 * under READ COMMITTED starts again with a new snapshot, so that it
 * sees what the transaction it waited for committed, as PostgreSQL
 * takes its snapshot after the locks (exec_stmt.restart).
 */
#include "locks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "array.h"
#include "basic.h"
#include "exec_int.h"
#include "syscat_int.h"

int exec_locks_session_init(exec_session *ss, store_err *err)
{
	return store_locker_new(ss->s, ss->backend_pid, EXEC_SYSCAT_DATABASE_OID, &ss->cancel,
		       &ss->locker, err) == STORE_OK
		       ? EXEC_OK
		       : EXEC_ERROR;
}

/* How long a wait of the session's current statement may last (lock_timeout alone when none). */
static int wait_ms(exec_session *ss)
{
	long long ms;

	if (ss->cur != NULL)
		return exec_stmt_lock_wait_ms(ss->cur);
	ms = exec_guc_get_int(exec_session_gucs(ss), "lock_timeout");
	return ms <= 0 ? -1 : ms > INT32_MAX ? INT32_MAX : (int)ms;
}

/* A failed lock request's error, as the statement reports it. */
static int lock_failed(exec_session *ss)
{
	return ss->cur != NULL ? exec_stmt_lock_error(ss->cur) : EXEC_ERROR;
}

/*
 * A statement's table lock: first without waiting, which is all the
 * usual case costs (the fast path), then waiting as long as the
 * statement may; *waited when it had to.
 */
static int lock_waiting(exec_session *ss, const char *branch, const char *name, uint32_t relid,
	store_lockmode mode, bool *waited, store_err *err)
{
	store_lockreq req = {mode, STORE_LOCK_SKIP, 0, relid, 0, 0};
	int r = store_lock_table(ss->locker, branch, name, &req, err);

	*waited = false;
	if (r == STORE_OK)
		return EXEC_OK;
	if (r == STORE_NOTFOUND) {
		req.wait = STORE_LOCK_WAIT;
		req.timeout_ms = wait_ms(ss);
		if (store_lock_table(ss->locker, branch, name, &req, err) == STORE_OK) {
			*waited = req.waited != 0;
			return EXEC_OK;
		}
	}
	return lock_failed(ss);
}

int exec_lock_relation(
	an_ctx *c, store_snap *snap, const char *name, uint32_t relid, store_lockmode mode)
{
	exec_session *ss = c->cx.session;
	const char *branch = snap != NULL ? store_snap_branch_name(snap) : c->branch;
	exec_stmt *st;
	bool waited;

	/* No session (a catalog image, a test), or a snapshot of the past: nothing to lock. */
	if (ss == NULL || ss->locker == NULL || branch == NULL)
		return EXEC_OK;
	st = ss->cur;
	if (lock_waiting(ss, branch, name, relid, mode, &waited, c->err) != EXEC_OK)
		return EXEC_ERROR;

	/* What the wait let commit is for a newer snapshot to see. */
	if (waited && st != NULL && st->may_restart) {
		st->restart = true;
		return store_err_set(c->err, "XX000", "statement restarted after a lock wait");
	}
	return EXEC_OK;
}

/* A statement's lock on a relation of the session's branch. */
static int lock_stmt_rel(exec_stmt *st, const char *name, uint32_t relid, store_lockmode mode)
{
	bool waited;

	return lock_waiting(st->ss, st->ss->branch, name, relid, mode, &waited, st->err);
}

int exec_lock_table_of(exec_stmt *st, const cat_table *t, store_lockmode mode)
{
	return lock_stmt_rel(st, t->name, t->oid, mode);
}

int exec_lock_kept(exec_stmt *st, const an_tabcache *tables, bool *waited)
{
	exec_session *ss = st->ss;

	*waited = false;
	for (const an_tabcache *tc = tables; tc != NULL; tc = tc->next) {
		bool w;

		if (lock_waiting(ss, ss->branch, tc->table->name, tc->table->oid,
			    STORE_LOCK_ACCESS_SHARE, &w, st->err) != EXEC_OK)
			return EXEC_ERROR;
		*waited = *waited || w;
	}
	return EXEC_OK;
}

int exec_lock_view_of(exec_stmt *st, const char *name, store_lockmode mode)
{
	return lock_stmt_rel(st, name, exec_syscat_user_oid('v', name, NULL), mode);
}

int exec_lock_view(an_ctx *c, store_snap *snap, const char *name, store_lockmode mode)
{
	return exec_lock_relation(c, snap, name, exec_syscat_user_oid('v', name, NULL), mode);
}

/* ---- LOCK TABLE ---- */

/* Depth of views inside views that LOCK follows. */
#define LOCK_VIEW_DEPTH 32

static int lock_name(exec_stmt *st, const char *schema, const char *name, int loc,
	store_lockmode mode, bool nowait, int depth);

/* Collect the relation names a view's query reads (range variables that are no WITH query). */
typedef struct view_refs {
	sql_node **rels;
	int n, cap;
	const char **ctes;
	int nctes, capctes;
	sql_arena *a;
} view_refs;

static sql_walk_result view_ref(sql_node *node, int depth, void *arg)
{
	view_refs *v = arg;

	(void)depth;
	if (node->kind == SQL_CTE) {
		if (v->nctes == v->capctes) {
			int cap = v->capctes ? 2 * v->capctes : 8;
			const char **g = sql_arena_alloc(v->a, sizeof(*g) * (size_t)cap);

			if (v->nctes)
				memcpy(g, v->ctes, sizeof(*g) * (size_t)v->nctes);
			v->ctes = g;
			v->capctes = cap;
		}
		v->ctes[v->nctes++] = sql_as_cte(node)->name;
	} else if (node->kind == SQL_RANGE_VAR) {
		if (v->n == v->cap) {
			int cap = v->cap ? 2 * v->cap : 8;
			sql_node **g = sql_arena_alloc(v->a, sizeof(*g) * (size_t)cap);

			if (v->n)
				memcpy(g, v->rels, sizeof(*g) * (size_t)v->n);
			v->rels = g;
			v->cap = cap;
		}
		v->rels[v->n++] = node;
	}
	return SQL_WALK_CONTINUE;
}

/*
 * The relations a view's query reads, locked in the same mode: LOCK on
 * a view locks what it reads, recursively, as PostgreSQL 15 does.
 */
static int lock_view(exec_stmt *st, const char *json, store_lockmode mode, bool nowait, int depth)
{
	json_error_t je;
	json_t *root = json_loads(json, 0, &je);
	const char *text = root != NULL ? json_string_value(json_object_get(root, "query")) : NULL;
	sql_stmt_list *list = NULL;
	sql_error perr;
	view_refs v = {0};
	int r = EXEC_OK;

	if (text == NULL) {
		json_decref(root);
		return store_err_set(st->err, "XX001", "the definition of a view is damaged");
	}
	memset(&perr, 0, sizeof(perr));
	text = sql_arena_strndup(st->a, text, strlen(text));
	json_decref(root);
	if (sql_parse(text, strlen(text), st->a, &list, &perr) != 0 || list == NULL)
		return store_err_set(st->err, "XX001", "the query of a view does not parse");
	v.a = st->a;
	for (int i = 0; i < sql_list_len(list->stmts); i++)
		sql_walk(sql_list_nth(list->stmts, i), view_ref, &v);
	for (int i = 0; i < v.n && r == EXEC_OK; i++) {
		const sql_range_var *rv = sql_as_range_var(v.rels[i]);
		int n = sql_list_len(rv->names);
		const char *schema = n >= 2 ? sql_list_str(rv->names, n - 2) : NULL;
		const char *name = sql_list_str(rv->names, n - 1);
		bool cte = false;

		for (int k = 0; schema == NULL && k < v.nctes && !cte; k++)
			cte = strcmp(v.ctes[k], name) == 0;
		if (!cte)
			r = lock_name(st, schema, name, -1, mode, nowait, depth + 1);
	}
	return r;
}

/*
 * LOCK one relation by name: a table, a view (and what it reads), or a
 * relation of the system catalog.  Another branch is a schema.
 */
static int lock_name(exec_stmt *st, const char *schema, const char *name, int loc,
	store_lockmode mode, bool nowait, int depth)
{
	exec_session *ss = st->ss;
	const exec_systable *sys = NULL;
	store_snap *snap = st->snap, *other = NULL;
	store_tx *tx = ss->tx;
	const char *branch = ss->branch;
	store_lockreq req = {mode, nowait ? STORE_LOCK_NOWAIT : STORE_LOCK_WAIT, 0, 0, 0, 0};
	char *json = NULL;
	uint32_t relid = 0;
	int r = EXEC_OK;

	(void)loc;
	if (depth > LOCK_VIEW_DEPTH)
		return store_err_set(st->err, "54001", "views nest too deeply");

	/* Where the name is: the system catalog, this branch, or another branch. */
	if (schema == NULL || exec_syscat_schema(schema))
		sys = exec_systable_find(schema, name);
	if (sys != NULL) {
		relid = sys->oid;
		branch = ss->branch;
	} else if (schema != NULL && exec_syscat_schema(schema)) {
		return store_err_set(
			st->err, "42P01", "relation \"%s.%s\" does not exist", schema, name);
	} else if (schema != NULL && strcmp(schema, "public") != 0 &&
		   strcmp(schema, ss->branch) != 0) {
		if (store_snap_branch(ss->s, schema, &other, st->err) != STORE_OK) {
			store_err_clear(st->err);
			return store_err_set(
				st->err, "3F000", "schema \"%s\" does not exist", schema);
		}
		snap = other;
		tx = NULL;
		branch = schema;
	}

	/* A table, a view, a sequence, or nothing. */
	if (sys == NULL) {
		cat_table *t = NULL;

		if ((tx != NULL ? store_tx_catalog(tx, snap, name, &json, st->err)
				: store_catalog(snap, name, &json, st->err)) == STORE_OK) {
			if (cat_table_parse(st->a, json, strlen(json), &t, st->err) != EXEC_OK)
				r = EXEC_ERROR;
			else
				relid = t->oid;
			free(json);
			json = NULL;
		} else if (store_err_clear(st->err),
			store_tx_meta_get(tx, snap, "views", name, &json, st->err) == STORE_OK) {
			relid = exec_syscat_user_oid('v', name, NULL);
		} else if (store_err_clear(st->err), store_tx_meta_get(tx, snap, "sequences", name,
							     &json, st->err) == STORE_OK) {
			free(json);
			json = NULL;
			store_err_set(st->err, "42809", "cannot lock relation \"%s\"", name);
			store_err_detail(st->err, "This operation is not supported for sequences.");
			r = EXEC_ERROR;
		} else {
			store_err_clear(st->err);
			r = schema != NULL
				    ? store_err_set(st->err, "42P01",
					      "relation \"%s.%s\" does not exist", schema, name)
				    : store_err_set(st->err, "42P01",
					      "relation \"%s\" does not exist", name);
		}
	}
	if (r == EXEC_OK) {
		req.relid = relid;
		req.timeout_ms = exec_stmt_lock_wait_ms(st);
		if (store_lock_table(ss->locker, branch, name, &req, st->err) != STORE_OK)
			r = exec_stmt_lock_error(st);
	}
	if (r == EXEC_OK && json != NULL)
		r = lock_view(st, json, mode, nowait, depth);
	free(json);
	store_snap_free(other);
	return r;
}

int exec_lock_stmt(exec_stmt *st, sql_lock *n)
{
	if (!st->ss->block)
		return store_err_set(
			st->err, "25P01", "LOCK TABLE can only be used in transaction blocks");
	for (int i = 0; i < sql_list_len(n->relations); i++) {
		const sql_range_var *rv = sql_as_range_var(sql_list_nth(n->relations, i));
		int k = sql_list_len(rv->names);

		if (k > 3 || (k == 3 && strcmp(sql_list_str(rv->names, 0), "chrondb") != 0))
			return store_err_set(
				st->err, "0A000", "cross-database references are not implemented");
		if (lock_name(st, k >= 2 ? sql_list_str(rv->names, k - 2) : NULL,
			    sql_list_str(rv->names, k - 1), rv->n.loc, (store_lockmode)n->mode,
			    n->nowait, 0) != EXEC_OK)
			return EXEC_ERROR;
	}
	strcpy(st->tag, "LOCK TABLE");
	return EXEC_OK;
}

/* ---- Locking clauses ---- */

const char *exec_lock_strength_name(sql_lock_strength s)
{
	switch (s) {
	case SQL_LOCK_UPDATE:
		return "FOR UPDATE";
	case SQL_LOCK_NO_KEY_UPDATE:
		return "FOR NO KEY UPDATE";
	case SQL_LOCK_SHARE:
		return "FOR SHARE";
	case SQL_LOCK_KEY_SHARE:
		return "FOR KEY SHARE";
	}
	return "FOR UPDATE";
}

int exec_lock_need_tx(an_ctx *c, sql_lock_strength s)
{
	exec_session *ss = c->cx.session;
	exec_stmt *st = ss != NULL ? ss->cur : NULL;
	char saved[sizeof(st->tag)];
	store_tx *tx;
	int r;

	/* Analysis outside a statement (a view's columns for the catalog) locks nothing. */
	if (st == NULL)
		return EXEC_OK;
	memcpy(saved, st->tag, sizeof(saved));
	snprintf(st->tag, sizeof(st->tag), "SELECT %s", exec_lock_strength_name(s));
	r = exec_stmt_need_tx(st, &tx);
	memcpy(st->tag, saved, sizeof(saved));
	if (r != EXEC_OK)
		return EXEC_ERROR;
	c->tx = tx;
	return EXEC_OK;
}

store_rowmode exec_lock_rowmode(sql_lock_strength s)
{
	switch (s) {
	case SQL_LOCK_UPDATE:
		return STORE_ROW_UPDATE;
	case SQL_LOCK_NO_KEY_UPDATE:
		return STORE_ROW_NO_KEY_UPDATE;
	case SQL_LOCK_SHARE:
		return STORE_ROW_SHARE;
	case SQL_LOCK_KEY_SHARE:
		return STORE_ROW_KEY_SHARE;
	}
	return STORE_ROW_UPDATE;
}

/* ---- LockRows ---- */

typedef struct lockrows_st {
	exec_stmt *st;
	store_tx *tx;
	store_isolation iso;
	store_buf key;
} lockrows_st;

/* Evaluate e over a FROM row (the iterator's context, its row replaced). */
static int eval_over(exec_iter *it, const exec_locklevel *lv, const exec_value *from,
	const exec_expr *e, exec_value *out)
{
	exec_ectx ec = it->ec;

	ec.row = from;
	ec.nrow = lv->width;
	return exec_eval(&ec, e, out);
}

/*
 * Lock the row of a table item.  *skip when it is not to be returned
 * (SKIP LOCKED found it locked, or it is gone); *changed when it was
 * read again with other values, now in from.
 */
static int lock_table_row(
	exec_iter *it, const exec_lockitem *li, exec_value *from, bool *changed, bool *skip)
{
	lockrows_st *ls = it->st;
	exec_stmt *st = ls->st;
	const cat_table *t = li->t;
	store_lockreq req = {li->mode, li->wait, 0, t->oid, 0, 0};
	char *now = NULL, *then = NULL;
	size_t nowlen = 0, thenlen = 0, mark;
	const char *key;
	size_t keylen;
	int g, g0, r = EXEC_ERROR;

	/* The row's key: its primary key's values, or its storage key. */
	if (t->npk > 0) {
		exec_value parts[16];

		for (int i = 0; i < t->npk && i < 16; i++)
			parts[i] = from[li->off + t->pk[i]];
		ls->key.len = 0;
		if (exec_row_key(&it->cx, parts, t->npk, &ls->key) != EXEC_OK)
			return EXEC_ERROR;
		key = (const char *)ls->key.data;
		keylen = ls->key.len;
	} else {
		key = from[li->keycol].v.s.p;
		keylen = from[li->keycol].v.s.len;
	}

	mark = store_tx_lock_mark(ls->tx);
	req.timeout_ms = li->wait == STORE_LOCK_WAIT ? exec_stmt_lock_wait_ms(st) : 0;
	g = store_tx_lock_row_req(ls->tx, t->name, key, keylen, &req, st->err);
	if (g == STORE_ERROR)
		return exec_stmt_lock_error(st);
	if (g == STORE_NOTFOUND) {
		*skip = true;
		return EXEC_OK;
	}

	/* Under REPEATABLE READ a row changed after the snapshot cannot be locked. */
	if (ls->iso != STORE_READ_COMMITTED) {
		int moved = 0;

		if (store_tx_row_changed(ls->tx, t->name, key, keylen, &moved, st->err) != STORE_OK)
			return EXEC_ERROR;
		if (moved)
			return store_err_set(st->err, "40001",
				"could not serialize access due to concurrent update");
	}

	/* The newest version, against the one the statement read. */
	g = store_tx_get(ls->tx, t->name, key, keylen, &now, &nowlen, NULL, st->err);
	if (g == STORE_ERROR)
		return EXEC_ERROR;
	if (g == STORE_NOTFOUND) {
		/*
		 * Deleted meanwhile: not returned, and not kept locked.
		 *
		 * XXX: an UPDATE that changed the row's key deleted it here and
		 * wrote it under the new key, which PostgreSQL would follow and
		 * check again; rows are found by key in Git, and the new key is
		 * not known from the old one.  The same holds for dml.c's writers.
		 */
		store_err_clear(st->err);
		store_tx_lock_undo(ls->tx, mark);
		*skip = true;
		return EXEC_OK;
	}
	g0 = store_tx_read(ls->tx, st->snap, t->name, key, keylen, &then, &thenlen, NULL, st->err);
	if (g0 == STORE_ERROR)
		goto out;
	store_err_clear(st->err);
	if (g0 == STORE_OK && thenlen == nowlen && memcmp(then, now, nowlen) == 0) {
		r = EXEC_OK;
		goto out;
	}

	/* Changed: its new values take the old ones' place. */
	if (exec_row_decode(&it->cx, &li->rd, now, nowlen, from + li->off, NULL, NULL) != EXEC_OK)
		goto out;
	*changed = true;
	r = EXEC_OK;
out:
	free(now);
	free(then);
	return r;
}

/*
 * Lock every item of a level over its FROM row; a changed row makes the
 * level check its conditions again (*skip when they fail).
 */
static int lock_level(
	exec_iter *it, const exec_locklevel *lv, exec_value *from, bool *changed, bool *skip)
{
	for (int i = 0; i < lv->nitems && !*skip; i++) {
		const exec_lockitem *li = &lv->items[i];

		if (li->sub == NULL) {
			if (lock_table_row(it, li, from, changed, skip) != EXEC_OK)
				return EXEC_ERROR;
			continue;
		}

		/* A subquery's tables: its own FROM row follows its output columns. */
		{
			bool sub_changed = false;
			exec_value *sub_from = from + li->off + li->nvisible;

			if (lock_level(it, li->sub, sub_from, &sub_changed, skip) != EXEC_OK)
				return EXEC_ERROR;
			if (*skip || !sub_changed)
				continue;
			for (int k = 0; k < li->nvisible; k++)
				if (eval_over(it, li->sub, sub_from, li->sub->targets[k],
					    &from[li->off + k]) != EXEC_OK)
					return EXEC_ERROR;
			*changed = true;
		}
	}
	if (!*skip && *changed && lv->qual != NULL) {
		exec_value ok;

		if (eval_over(it, lv, from, lv->qual, &ok) != EXEC_OK)
			return EXEC_ERROR;
		*skip = ok.isnull || !ok.v.b;
	}
	return EXEC_OK;
}

static int lockrows_next(exec_iter *it, const exec_value **row)
{
	const exec_locklevel *lv = it->plan->lockrows;
	int ncols = it->plan->desc.ncols;
	lockrows_st *ls = it->st;

	/*
	 * The statement and transaction the rows are locked for: known when
	 * rows are first asked for (a portal opens its plan before it runs
	 * as the session's statement).
	 */
	if (ls->st == NULL) {
		exec_session *ss = it->cx.session;

		if (ss == NULL || ss->tx == NULL || ss->cur == NULL)
			return store_err_set(
				it->cx.err, "XX000", "rows are locked outside a transaction");
		ls->st = ss->cur;
		ls->tx = ss->tx;
		ls->iso = ss->iso;
	}

	for (;;) {
		const exec_value *in;
		bool changed = false, skip = false;
		int r = exec_next(it->left, &in);

		if (r != 1)
			return r;
		memcpy(it->out, in, sizeof(exec_value) * (size_t)ncols);
		if (lock_level(it, lv, it->out + lv->ntargets, &changed, &skip) != EXEC_OK)
			return EXEC_ERROR;
		if (skip)
			continue;
		for (int i = 0; changed && i < lv->ntargets; i++)
			if (eval_over(it, lv, it->out + lv->ntargets, lv->targets[i],
				    &it->out[i]) != EXEC_OK)
				return EXEC_ERROR;
		*row = it->out;
		return 1;
	}
}

static int lockrows_rescan(exec_iter *it)
{
	return exec_rescan(it->left);
}

static void lockrows_close(exec_iter *it)
{
	lockrows_st *ls = it->st;

	store_buf_free(&ls->key);
}

int exec_open_lockrows(exec_iter *it, size_t *stsize)
{
	(void)stsize;
	it->st = sql_arena_zalloc(it->base, sizeof(lockrows_st));
	it->next = lockrows_next;
	it->rescan = lockrows_rescan;
	it->close = lockrows_close;
	return EXEC_OK;
}

/* ---- pg_locks and pg_blocking_pids ---- */

static const char *const table_modes[] = {"", "AccessShareLock", "RowShareLock", "RowExclusiveLock",
	"ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock",
	"AccessExclusiveLock"};

typedef struct lockrows_acc {
	exec_ctx *cx;
	exec_lockrow *v;
	size_t n, cap;
} lockrows_acc;

static exec_lockrow *row_add(lockrows_acc *a)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 32;
		exec_lockrow *g = sql_arena_alloc(a->cx->arena, sizeof(*g) * cap);

		if (a->n)
			memcpy(g, a->v, sizeof(*g) * a->n);
		a->v = g;
		a->cap = cap;
	}
	memset(&a->v[a->n], 0, sizeof(a->v[0]));
	return &a->v[a->n++];
}

static const char *vxid_text(exec_ctx *cx, int backend, uint32_t lxid)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d/%u", backend, lxid);
	return sql_arena_strndup(cx->arena, buf, strlen(buf));
}

/*
 * XXX: PostgreSQL also lists the locks on the indexes a statement reads
 * and a row waiter's tuple lock (page, tuple); indexes here are no
 * relations storage locks, and rows have no place in a page.
 */
int exec_locks_rows(exec_ctx *cx, exec_session *ss, exec_lockrow **out, size_t *n)
{
	lockrows_acc a = {cx, NULL, 0, 0};
	store_lockinfo *l;
	size_t nl;

	if (store_locks_list(ss->s, &l, &nl, cx->err) != STORE_OK)
		return EXEC_ERROR;
	for (size_t i = 0; i < nl; i++) {
		exec_lockrow *r = row_add(&a);

		r->virtualtransaction = vxid_text(cx, l[i].backend, l[i].lxid);
		r->pid = l[i].pid;
		r->granted = l[i].granted != 0;
		r->fastpath = l[i].fastpath != 0;
		if (l[i].waitstart_us != 0)
			r->waitstart_us =
				l[i].waitstart_us - (int64_t)EXEC_EPOCH_DAYS * 86400 * 1000000;
		switch (l[i].kind) {
		case 'r':
			r->locktype = "relation";
			r->database = l[i].dboid;
			r->relation = l[i].relid;
			r->mode = table_modes[l[i].mode];
			break;
		case 'a':
			r->locktype = "advisory";
			r->database = l[i].dboid;
			r->classid = l[i].adv[0];
			r->objid = l[i].adv[1];
			r->objsubid = (int)l[i].adv[2];
			r->mode = table_modes[l[i].mode];
			break;
		case 'x':
			r->locktype = "transactionid";
			r->transactionid = l[i].xid;
			r->mode = table_modes[l[i].mode];
			break;
		default:
			r->locktype = "virtualxid";
			r->virtualxid = r->virtualtransaction;
			r->mode = table_modes[l[i].mode];
			break;
		}
	}
	store_locks_free(l, nl);
	*out = a.v;
	*n = a.n;
	return EXEC_OK;
}

/* pg_blocking_pids(pid): the sessions the session pid waits for. */
static int fn_blocking_pids(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_session *ss = cx->session;
	int32_t *pids = NULL;
	size_t n = 0;
	exec_value *elems;
	exec_array *arr;

	(void)nargs;
	if (store_locks_blocking(ss->s, (int32_t)args[0].v.i, &pids, &n, cx->err) != STORE_OK)
		return EXEC_ERROR;
	elems = sql_arena_alloc(cx->arena, sizeof(*elems) * (n ? n : 1));
	for (size_t i = 0; i < n; i++)
		elems[i] = exec_int(EXEC_OID_INT4, pids[i]);
	free(pids);
	arr = sql_arena_zalloc(cx->arena, sizeof(*arr));
	arr->elemtype = EXEC_OID_INT4;
	arr->lbound = 1;
	arr->count = (uint32_t)n;
	arr->elems = elems;
	*out = exec_array_value(EXEC_OID_INT4_ARRAY, arr);
	return EXEC_OK;
}

/*
 * xid = xid and <>: pg_locks is joined with itself on transactionid to
 * find who blocks whom (PostgreSQL's xideq and xidne).
 */
static int fn_xid_eq(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)cx;
	(void)nargs;
	*out = exec_bool((uint32_t)args[0].v.i == (uint32_t)args[1].v.i);
	return EXEC_OK;
}

static int fn_xid_ne(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)cx;
	(void)nargs;
	*out = exec_bool((uint32_t)args[0].v.i != (uint32_t)args[1].v.i);
	return EXEC_OK;
}

static const exec_oper lock_opers[] = {
	{"=", EXEC_OID_XID, EXEC_OID_XID, EXEC_OID_BOOL, fn_xid_eq, 352, "<>", true},
	{"<>", EXEC_OID_XID, EXEC_OID_XID, EXEC_OID_BOOL, fn_xid_ne, 3315, "=", false},
};

static const exec_func lock_funcs[] = {
	{"pg_blocking_pids", EXEC_OID_INT4_ARRAY, 1, {EXEC_OID_INT4}, false, true, 'v',
		fn_blocking_pids, 2561},
};

const exec_module exec_mod_locks = {"locks", NULL, 0, NULL, 0, lock_opers, EXEC_NELEM(lock_opers),
	lock_funcs, EXEC_NELEM(lock_funcs), NULL, 0};
