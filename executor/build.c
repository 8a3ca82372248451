/*
 * build.c - the plan builder (see build.h): requests that speak no SQL,
 * planned and run as their SQL forms are.
 *
 * A builder is a statement of its session (stmt.h: exec_stmt_start and
 * exec_stmt_end give it a query string's transaction rules) with an
 * analysis context, so that what it makes is what the analyzer makes:
 * tables come from an_table_at, operators from an_op, functions from
 * an_call, IN lists from an_in, conditions on scans go through
 * an_plan_where (select.c's WHERE planning, with its primary-key
 * lookups).  Writes go through dml.c (exec_write_doc, exec_delete_rows),
 * so constraints, validation schemas, foreign-key actions and row locks
 * behave as for INSERT and DELETE.
 *
 * What it does not do: joins, grouping other than count(*), subqueries;
 * a front end that needs them runs SQL.  It never generates SQL text.
 */
#include "build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "stmt.h"

struct plan_builder {
	exec_session *ss;
	exec_stmt st;   /* the builder's statement: arena, snapshot, error */
	an_ctx c;       /* analysis in that statement: table definitions read */
	store_err *err; /* the caller's; set means the builder failed */
	store_snap *at; /* plan_opts.at's revision, or NULL */
	const char *at_spec;
	store_txmeta meta; /* the note of an autocommitted write */
};

/* ---- Small things ---- */

/*
 * Whether a call can go on: nothing failed so far and its argument
 * exists (one is NULL only when the call that made it failed; anything
 * else is the caller's bug, reported rather than run).
 */
static bool usable(plan_builder *b, const void *arg)
{
	if (store_err_isset(b->err))
		return false;
	if (arg == NULL) {
		store_err_set(b->err, "XX000", "a plan builder call was given no argument");
		return false;
	}
	return true;
}

/* Where the builder reads tables: its revision, or the statement's view of the branch. */
static void read_point(plan_builder *b, store_snap **snap, store_tx **tx)
{
	/* The transaction may have begun with a write since the last call. */
	b->c.tx = b->at != NULL ? NULL : b->ss->tx;
	*snap = b->at != NULL ? b->at : b->st.snap;
	*tx = b->c.tx;
}

/* A call completed with the tag in st.tag: the sink hears of it, as of a statement's. */
static int complete(plan_builder *b)
{
	const exec_sink *sink = b->st.sink;

	if (sink != NULL && sink->complete != NULL &&
		sink->complete(sink->arg, b->st.tag) != EXEC_OK) {
		store_err_set(b->err, "XX000", "the result sink failed");
		return EXEC_ERROR;
	}
	return EXEC_OK;
}

/* ---- The builder ---- */

int plan_begin(exec_session *ss, const plan_opts *opts, plan_builder **out, store_err *err)
{
	plan_builder *b = calloc(1, sizeof(*b));

	*out = NULL;
	store_err_clear(err);
	if (b == NULL)
		return store_err_set(err, "53200", "out of memory");
	b->ss = ss;
	b->err = err;
	b->meta.origin = opts != NULL && opts->origin != NULL ? opts->origin : "api";
	b->meta.flags = opts != NULL ? opts->flags : NULL;
	b->meta.metadata_json = opts != NULL ? opts->metadata_json : NULL;
	if (exec_stmt_start(ss, &b->st, opts != NULL ? opts->sink : NULL, err) != EXEC_OK) {
		free(b);
		return EXEC_ERROR;
	}
	exec_stmt_analyzer(&b->st, &b->c);

	/* A revision to read at fails as AS OF does: the statement, and with it a block. */
	if (opts != NULL && opts->at != NULL) {
		if (store_snap_open(ss->s, opts->at, &b->at, err) != STORE_OK) {
			exec_stmt_end(&b->st, EXEC_ERROR, NULL);
			free(b);
			return EXEC_ERROR;
		}
		b->at_spec = opts->at;
	}
	*out = b;
	return EXEC_OK;
}

int plan_end(plan_builder *b)
{
	int r = store_err_isset(b->err) ? EXEC_ERROR : EXEC_OK;

	an_ctx_release(&b->c);
	store_snap_free(b->at);
	r = exec_stmt_end(&b->st, r, &b->meta);
	free(b);
	return r;
}

const char *plan_tag(const plan_builder *b)
{
	return b->st.tag;
}

int plan_tables(plan_builder *b, const char *const **names, int *n)
{
	store_snap *snap;
	store_tx *tx;
	char **list = NULL;
	size_t cnt = 0;
	const char **copy;
	int r;

	*names = NULL;
	*n = 0;
	if (!usable(b, names))
		return EXEC_ERROR;
	read_point(b, &snap, &tx);
	r = tx != NULL ? store_tx_tables(tx, snap, &list, &cnt, b->err)
		       : store_tables(snap, &list, &cnt, b->err);
	if (r != STORE_OK)
		return EXEC_ERROR;
	copy = sql_arena_alloc(b->st.a, sizeof(*copy) * (cnt ? cnt : 1));
	for (size_t i = 0; i < cnt; i++)
		copy[i] = sql_arena_strndup(b->st.a, list[i], strlen(list[i]));
	free(list);
	*names = copy;
	*n = (int)cnt;
	return EXEC_OK;
}

/* ---- Expressions ---- */

exec_expr *plan_col(plan_builder *b, const plan_node *in, const char *name)
{
	if (!usable(b, in) || !usable(b, name))
		return NULL;
	for (int i = 0; i < in->desc.ncols; i++) {
		const exec_column *col = &in->desc.cols[i];

		if (strcmp(col->name, name) == 0)
			return exec_expr_var(b->st.a, 0, i, col->type, col->typmod);
	}
	store_err_set(b->err, "42703", "column \"%s\" does not exist", name);
	return NULL;
}

exec_expr *plan_value(plan_builder *b, exec_value v)
{
	if (store_err_isset(b->err))
		return NULL;
	return exec_expr_const(b->st.a, exec_value_copy(b->st.a, &v), EXEC_TYPMOD_NONE);
}

exec_expr *plan_text(plan_builder *b, const char *text, size_t len)
{
	if (!usable(b, text))
		return NULL;
	return exec_expr_const(b->st.a,
		exec_text(EXEC_OID_UNKNOWN, sql_arena_strndup(b->st.a, text, len), len),
		EXEC_TYPMOD_NONE);
}

/* Operators front ends spell as SQL's keywords (or as "!=", which PostgreSQL reads as "<>"). */
static const struct op_alias {
	const char *alias;
	const char *op;
} op_aliases[] = {
	{"!=", "<>"},
	{"like", "~~"},
	{"not like", "!~~"},
	{"ilike", "~~*"},
	{"not ilike", "!~~*"},
};

exec_expr *plan_op(plan_builder *b, const char *op, exec_expr *l, exec_expr *r)
{
	if (!usable(b, op) || !usable(b, l) || !usable(b, r))
		return NULL;
	for (size_t i = 0; i < sizeof(op_aliases) / sizeof(op_aliases[0]); i++) {
		if (strcasecmp(op, op_aliases[i].alias) == 0) {
			op = op_aliases[i].op;
			break;
		}
	}
	return an_op(&b->c, op, l, r, -1);
}

exec_expr *plan_cmp(
	plan_builder *b, const plan_node *in, const char *column, const char *op, exec_expr *value)
{
	return plan_op(b, op, plan_col(b, in, column), value);
}

exec_expr *plan_call(plan_builder *b, const char *func, int nargs, exec_expr *const *args)
{
	exec_expr **copy;

	if (!usable(b, func))
		return NULL;
	for (int i = 0; i < nargs; i++)
		if (!usable(b, args[i]))
			return NULL;

	/* Resolution coerces the arguments in place: the caller's array stays as it was. */
	copy = sql_arena_alloc(b->st.a, sizeof(*copy) * (size_t)(nargs ? nargs : 1));
	if (nargs > 0)
		memcpy(copy, args, sizeof(*copy) * (size_t)nargs);
	return an_call(&b->c, func, copy, nargs, -1);
}

/* A condition's operand as boolean, with PostgreSQL's 42804 for any other type. */
static exec_expr *bool_arg(plan_builder *b, exec_expr *e, const char *clause)
{
	if (e->type != EXEC_OID_BOOL && e->type != EXEC_OID_UNKNOWN) {
		const exec_type *ty = exec_type_by_oid(e->type);

		store_err_set(b->err, "42804", "argument of %s must be type boolean, not type %s",
			clause, ty != NULL ? ty->sql_name : "unknown");
		return NULL;
	}
	return an_coerce(&b->c, e, EXEC_OID_BOOL, EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT, clause);
}

static exec_expr *bool_form(
	plan_builder *b, exec_expr_kind kind, const char *clause, int n, exec_expr **args)
{
	exec_expr *e;

	for (int i = 0; i < n; i++) {
		if (!usable(b, args[i]) || (args[i] = bool_arg(b, args[i], clause)) == NULL)
			return NULL;
	}
	e = exec_expr_new(b->st.a, kind, EXEC_OID_BOOL, EXEC_TYPMOD_NONE);
	exec_expr_set_args(b->st.a, e, n, args);
	return e;
}

exec_expr *plan_and(plan_builder *b, exec_expr *l, exec_expr *r)
{
	exec_expr *args[2] = {l, r};

	return bool_form(b, EXPR_AND, "AND", 2, args);
}

exec_expr *plan_or(plan_builder *b, exec_expr *l, exec_expr *r)
{
	exec_expr *args[2] = {l, r};

	return bool_form(b, EXPR_OR, "OR", 2, args);
}

exec_expr *plan_not(plan_builder *b, exec_expr *e)
{
	return bool_form(b, EXPR_NOT, "NOT", 1, &e);
}

exec_expr *plan_is_null(plan_builder *b, exec_expr *e, bool is_not)
{
	exec_expr *t;

	if (!usable(b, e))
		return NULL;
	t = exec_expr_new(b->st.a, EXPR_NULLTEST, EXEC_OID_BOOL, EXEC_TYPMOD_NONE);
	t->negated = is_not;
	exec_expr_set_args(b->st.a, t, 1, &e);
	return t;
}

exec_expr *plan_in(plan_builder *b, exec_expr *e, int n, exec_expr *const *items)
{
	if (!usable(b, e))
		return NULL;
	if (n < 1) {
		store_err_set(b->err, "42601", "an IN list needs at least one value");
		return NULL;
	}
	for (int i = 0; i < n; i++)
		if (!usable(b, items[i]))
			return NULL;
	return an_in(&b->c, e, items, n, false, -1, -1);
}

/* ---- Plans ---- */

/* A copy of a node's columns with room for more. */
static exec_column *columns_copy(plan_builder *b, const plan_node *in, int more)
{
	exec_column *cols = sql_arena_zalloc(
		b->st.a, sizeof(exec_column) * (size_t)(in->desc.ncols + more + 1));

	memcpy(cols, in->desc.cols, sizeof(exec_column) * (size_t)in->desc.ncols);
	return cols;
}

/* A table's definition where the builder reads (42P01 when there is none). */
static const cat_table *table_of(plan_builder *b, const char *name)
{
	const cat_table *t;
	store_snap *snap;
	store_tx *tx;

	read_point(b, &snap, &tx);
	return an_table_at(&b->c, name, -1, snap, tx, &t) == EXEC_OK ? t : NULL;
}

/* A scan of t where the builder reads, with the stored document when flags ask. */
static plan_node *scan_of(plan_builder *b, const cat_table *t, unsigned flags)
{
	store_snap *snap;
	store_tx *tx;
	plan_node *p;

	read_point(b, &snap, &tx);
	p = an_plan_scan(&b->c, t, snap, tx);
	if (flags & PLAN_WITH_DOC) {
		exec_column *cols = columns_copy(b, p, 1);

		cols[p->desc.ncols].name = "_doc";
		cols[p->desc.ncols].type = EXEC_OID_JSON;
		cols[p->desc.ncols].typmod = EXEC_TYPMOD_NONE;
		p->desc.cols = cols;
		p->desc.ncols++;
		p->src.with_doc = true;
	}
	return p;
}

plan_node *plan_scan(plan_builder *b, const char *table, unsigned flags)
{
	const cat_table *t;

	if (!usable(b, table) || (t = table_of(b, table)) == NULL)
		return NULL;
	return scan_of(b, t, flags);
}

plan_node *plan_where(plan_builder *b, plan_node *in, exec_expr *cond)
{
	if (!usable(b, in) || !usable(b, cond) || (cond = bool_arg(b, cond, "WHERE")) == NULL)
		return NULL;

	/*
	 * Conditions added one by one stay in the scan or lookup, planned as
	 * one WHERE would be, so that the node can still be deleted from.
	 */
	if (in->kind == PLAN_KEY || in->kind == PLAN_INDEX) {
		in->qual = in->qual == NULL ? cond : plan_and(b, in->qual, cond);
		return in->qual != NULL ? in : NULL;
	}
	if (in->kind == PLAN_SCAN && in->qual != NULL) {
		cond = plan_and(b, in->qual, cond);
		in->qual = NULL;
		if (cond == NULL)
			return NULL;
	}
	return an_plan_where(&b->c, in, cond);
}

/* A table's primary key as n values: 0A000 without one, 22023 for another count. */
static int key_arity(plan_builder *b, const cat_table *t, int n)
{
	if (t->npk == 0) {
		store_err_set(b->err, "0A000", "table \"%s\" has no primary key", t->name);
		store_err_hint(b->err,
			"Rows of a table without a primary key are found by a scan with a condition.");
		return EXEC_ERROR;
	}
	if (n != t->npk)
		return store_err_set(b->err, "22023",
			"the primary key of table \"%s\" has %d columns, not %d", t->name, t->npk,
			n);
	return EXEC_OK;
}

plan_node *plan_get(
	plan_builder *b, const char *table, unsigned flags, int n, exec_expr *const *key)
{
	plan_node *s = plan_scan(b, table, flags);
	const cat_table *t;
	exec_expr *cond = NULL;

	if (s == NULL)
		return NULL;
	t = s->src.catalog;
	if (key_arity(b, t, n) != EXEC_OK)
		return NULL;

	/* pk = key, part by part: WHERE's planning makes it the lookup. */
	for (int i = 0; i < n; i++) {
		const cat_column *col = &t->cols[t->pk[i]];
		exec_expr *eq = plan_op(b, "=",
			exec_expr_var(b->st.a, 0, t->pk[i], col->type, col->typmod), key[i]);

		cond = cond == NULL ? eq : plan_and(b, cond, eq);
	}
	return plan_where(b, s, cond);
}

/*
 * The table a document id names, and the text of its key: the table
 * before the first ':' or "default", the rest of the id as the key, or
 * the whole id in a table of ChronDB's layout.
 */
static const cat_table *docid_table(plan_builder *b, const char *docid, const char **keytext)
{
	const char *colon = strchr(docid, ':');
	const char *name = colon != NULL
				   ? sql_arena_strndup(b->st.a, docid, (size_t)(colon - docid))
				   : "default";
	const cat_table *t = table_of(b, name);

	if (t == NULL)
		return NULL;
	if (t->npk != 1) {
		store_err_set(b->err, "0A000",
			"table \"%s\" has no one-column primary key to find documents by", t->name);
		store_err_hint(b->err,
			"A document id \"table:key\" names the row whose primary key is key.");
		return NULL;
	}
	*keytext = t->chrondb_layout || colon == NULL ? docid : colon + 1;
	return t;
}

plan_node *plan_get_doc(plan_builder *b, const char *docid, unsigned flags)
{
	const char *keytext;
	const cat_table *t;
	const cat_column *col;

	if (!usable(b, docid) || (t = docid_table(b, docid, &keytext)) == NULL)
		return NULL;
	col = &t->cols[t->pk[0]];
	return plan_where(b, scan_of(b, t, flags),
		plan_op(b, "=", exec_expr_var(b->st.a, 0, t->pk[0], col->type, col->typmod),
			plan_text(b, keytext, strlen(keytext))));
}

plan_node *plan_order(plan_builder *b, plan_node *in, int n, const plan_order_by *keys)
{
	plan_node *s;

	if (!usable(b, in) || !usable(b, keys))
		return NULL;
	s = an_plan_new(&b->c, PLAN_SORT, in->desc.ncols);
	memcpy(s->desc.cols, in->desc.cols, sizeof(exec_column) * (size_t)in->desc.ncols);
	s->left = in;
	s->rows = in->rows;
	s->nsort = n;
	s->sort = sql_arena_zalloc(b->st.a, sizeof(*s->sort) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		const exec_type *ty;

		if (!usable(b, keys[i].expr))
			return NULL;
		ty = exec_type_by_oid(keys[i].expr->type);
		if (ty == NULL || ty->cmp == NULL) {
			store_err_set(b->err, "42883",
				"could not identify an ordering operator for type %s",
				ty != NULL ? ty->sql_name : "unknown");
			return NULL;
		}
		s->sort[i].expr = keys[i].expr;
		s->sort[i].desc = keys[i].desc;
		s->sort[i].nulls_first = keys[i].nulls == PLAN_NULLS_FIRST ||
					 (keys[i].nulls == PLAN_NULLS_DEFAULT && keys[i].desc);
	}
	return s;
}

plan_node *plan_limit(plan_builder *b, plan_node *in, int64_t count, int64_t offset)
{
	exec_expr *limit = NULL, *skip = NULL;
	plan_node *l;

	if (!usable(b, in))
		return NULL;
	if (count < 0 && count != PLAN_NO_LIMIT) {
		store_err_set(b->err, "2201W", "LIMIT must not be negative");
		return NULL;
	}
	if (offset < 0) {
		store_err_set(b->err, "2201X", "OFFSET must not be negative");
		return NULL;
	}
	if (count != PLAN_NO_LIMIT)
		limit = exec_expr_const(b->st.a, exec_int(EXEC_OID_INT8, count), EXEC_TYPMOD_NONE);
	if (offset > 0)
		skip = exec_expr_const(b->st.a, exec_int(EXEC_OID_INT8, offset), EXEC_TYPMOD_NONE);
	if (limit == NULL && skip == NULL)
		return in;

	/* Over a sort, the sort keeps only the rows that can come out (top-N), as SQL's does. */
	if (in->kind == PLAN_SORT && in->limit == NULL) {
		in->limit = limit;
		in->offset = skip;
	}
	l = an_plan_new(&b->c, PLAN_LIMIT, in->desc.ncols);
	memcpy(l->desc.cols, in->desc.cols, sizeof(exec_column) * (size_t)in->desc.ncols);
	l->left = in;
	l->limit = limit;
	l->offset = skip;
	l->rows = in->rows;
	return l;
}

plan_node *plan_columns(plan_builder *b, plan_node *in, int n, const char *const *names)
{
	exec_expr **exprs;
	exec_column *cols;

	if (!usable(b, in) || !usable(b, names))
		return NULL;
	exprs = sql_arena_alloc(b->st.a, sizeof(*exprs) * (size_t)(n ? n : 1));
	cols = sql_arena_zalloc(b->st.a, sizeof(*cols) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		if ((exprs[i] = plan_col(b, in, names[i])) == NULL)
			return NULL;
		cols[i] = in->desc.cols[exprs[i]->index];
	}
	return an_plan_project(&b->c, in, n, exprs, cols);
}

plan_node *plan_count(plan_builder *b, plan_node *in)
{
	exec_oid none[1] = {0}, result = EXEC_OID_INT8;
	const exec_agg *count;
	plan_node *a;

	if (!usable(b, in) ||
		(count = exec_agg_resolve("count", none, 0, NULL, &result, b->err)) == NULL)
		return NULL;
	a = an_plan_new(&b->c, PLAN_AGG, 1);
	a->left = in;
	a->naggs = 1;
	a->aggs = sql_arena_zalloc(b->st.a, sizeof(*a->aggs));
	a->aggs[0].agg = count;
	a->aggs[0].result = result;
	a->desc.cols[0].name = "count";
	a->desc.cols[0].type = result;
	a->desc.cols[0].typmod = EXEC_TYPMOD_NONE;
	return a;
}

/* ---- Running ---- */

int plan_run(plan_builder *b, const plan_node *p, uint64_t *nrows)
{
	uint64_t n = 0;

	if (nrows != NULL)
		*nrows = 0;
	if (!usable(b, p) || exec_stmt_send(&b->st, p, &n) != EXEC_OK)
		return EXEC_ERROR;
	if (nrows != NULL)
		*nrows = n;
	snprintf(b->st.tag, sizeof(b->st.tag), "SELECT %llu", (unsigned long long)n);
	return complete(b);
}

int plan_open(plan_builder *b, const plan_node *p, exec_iter **out)
{
	exec_ectx ec;

	*out = NULL;
	if (!usable(b, p))
		return EXEC_ERROR;
	memset(&ec, 0, sizeof(ec));
	ec.cx = &b->st.cx;
	return exec_open(&ec, p, out);
}

/* ---- Writing ---- */

/* Writes happen on the session's branch: a builder reading elsewhere makes none. */
static int can_write(plan_builder *b)
{
	if (b->at == NULL)
		return EXEC_OK;
	store_err_set(b->err, "0A000", "cannot write through a plan builder that reads at \"%s\"",
		b->at_spec);
	store_err_hint(b->err, "Write through a builder of a session on the branch.");
	return EXEC_ERROR;
}

static const exec_write write_modes[] = {
	[PLAN_INSERT] = EXEC_WRITE_INSERT,
	[PLAN_INSERT_IF_ABSENT] = EXEC_WRITE_IF_ABSENT,
	[PLAN_UPSERT] = EXEC_WRITE_REPLACE,
	[PLAN_MERGE] = EXEC_WRITE_MERGE,
};

/* Write json into t (its key overridden by key, or NULL). */
static int put(plan_builder *b, const cat_table *t, const char *json, size_t len, plan_write how,
	const exec_value *key, uint64_t *inserted, uint64_t *updated)
{
	uint64_t count = 0, upd = 0;

	if (exec_write_doc(&b->st, t, json, len, key, write_modes[how], &count, &upd) != EXEC_OK)
		return EXEC_ERROR;
	if (inserted != NULL)
		*inserted = count - upd;
	if (updated != NULL)
		*updated = upd;
	return complete(b);
}

int plan_put(plan_builder *b, const char *table, const char *json, size_t len, plan_write how,
	uint64_t *inserted, uint64_t *updated)
{
	const cat_table *t;

	if (!usable(b, json) || !usable(b, table) || can_write(b) != EXEC_OK ||
		(t = table_of(b, table)) == NULL)
		return EXEC_ERROR;
	return put(b, t, json, len, how, NULL, inserted, updated);
}

int plan_put_doc(plan_builder *b, const char *docid, const char *json, size_t len, plan_write how,
	uint64_t *inserted, uint64_t *updated)
{
	const char *keytext;
	const cat_table *t;
	const cat_column *col;
	exec_value key;

	if (!usable(b, json) || !usable(b, docid) || can_write(b) != EXEC_OK ||
		(t = docid_table(b, docid, &keytext)) == NULL)
		return EXEC_ERROR;

	/* The id's key, read by the key column's type as a literal would be. */
	col = &t->cols[t->pk[0]];
	if (exec_value_in(&b->st.cx, col->type, col->typmod, keytext, strlen(keytext), &key) !=
		EXEC_OK)
		return EXEC_ERROR;
	return put(b, t, json, len, how, &key, inserted, updated);
}

/*
 * A copy of e in which columns from ncols on sit one further along: a
 * condition on the document column of a scan that gains the storage key
 * before it.
 */
static exec_expr *doc_after_key(plan_builder *b, const exec_expr *e, int ncols)
{
	exec_expr *x;

	if (e == NULL)
		return NULL;
	x = exec_expr_new(b->st.a, e->kind, e->type, e->typmod);
	*x = *e;
	if (x->kind == EXPR_VAR && x->up == 0 && x->index >= ncols)
		x->index++;
	if (e->nargs > 0) {
		x->args = sql_arena_alloc(b->st.a, sizeof(*x->args) * (size_t)e->nargs);
		for (int i = 0; i < e->nargs; i++)
			x->args[i] = doc_after_key(b, e->args[i], ncols);
	}
	return x;
}

int plan_delete(plan_builder *b, const plan_node *rows, uint64_t *deleted)
{
	const cat_table *t;
	plan_node *p;
	exec_expr *recheck;
	uint64_t count = 0;

	if (deleted != NULL)
		*deleted = 0;
	if (!usable(b, rows) || can_write(b) != EXEC_OK)
		return EXEC_ERROR;
	if ((rows->kind != PLAN_SCAN && rows->kind != PLAN_KEY && rows->kind != PLAN_INDEX) ||
		rows->src.catalog == NULL)
		return store_err_set(b->err, "0A000",
			"only the rows of a table scan or key lookup can be deleted");
	t = rows->src.catalog;

	/* A table without a primary key: DELETE finds its rows again by the storage key. */
	p = sql_arena_alloc(b->st.a, sizeof(*p));
	*p = *rows;
	if (t->npk == 0) {
		exec_column *cols = columns_copy(b, rows, 1);

		memmove(cols + t->ncols + 1, cols + t->ncols,
			sizeof(exec_column) * (size_t)(rows->desc.ncols - t->ncols));
		memset(&cols[t->ncols], 0, sizeof(exec_column));
		cols[t->ncols].name = "?key";
		cols[t->ncols].type = EXEC_OID_BYTEA;
		cols[t->ncols].typmod = EXEC_TYPMOD_NONE;
		p->desc.cols = cols;
		p->desc.ncols++;
		p->src.with_key = true;
		p->qual = doc_after_key(b, rows->qual, t->ncols);
	}
	/* An index scan's rows are checked again against its index conditions too. */
	recheck = p->qual;
	if (p->kind == PLAN_INDEX && p->indexqual != NULL)
		recheck = recheck == NULL ? p->indexqual : plan_and(b, p->indexqual, recheck);
	if (exec_delete_rows(&b->st, t, p, recheck, &count) != EXEC_OK)
		return EXEC_ERROR;
	if (deleted != NULL)
		*deleted = count;
	return complete(b);
}
