/*
 * select.c - queries: from an analyzed FROM list, WHERE, grouping,
 * targets, ORDER BY, DISTINCT, LIMIT, set operations, VALUES and WITH to
 * a plan (plan.h), and the subqueries that appear inside expressions.
 *
 * The FROM row.  Every base item of FROM (a table, a subquery, a
 * function) contributes its columns to one row, in the order the items
 * are written, depth first through joins.  Names resolve to positions in
 * that row (analyze.c), and a plan for a run of consecutive items
 * produces exactly that run of the row, so an expression moves between
 * plan nodes by shifting its column positions, never by rewriting names.
 *
 * Joins.  Inner joins and comma lists are flattened into one group whose
 * conditions (ON and WHERE conjuncts together) are placed where they
 * first can be: a condition on one item goes into that item's scan (and
 * becomes a primary-key lookup when it pins every key column, or an
 * index scan's bounds when an index serves it: index.h), an
 * equality between the items joined so far and the next becomes a hash
 * join key, anything else a join or filter condition.  Items are joined
 * in the order written.  An outer join is planned from its two sides,
 * each its own group, and takes part in the enclosing group as one item.
 *
 * Grouping.  Aggregates met while analyzing targets, HAVING and ORDER BY
 * were recorded in the scope (an_aggregate); the AGG node computes the
 * group keys and those aggregates, and every later expression is
 * rewritten over its output: a subtree equal to a group key becomes that
 * key's column, an aggregate reference its result's column, and any other
 * column is 42803, unless it belongs to a table whose primary key is
 * grouped (functional dependency, as PostgreSQL allows).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analyze.h"
#include "catcache.h"
#include "datetime.h"
#include "history.h"
#include "array.h"
#include "index.h"
#include "json.h"
#include "locks.h"
#include "sql.h"
#include "srf.h"
#include "syscat.h"

/* ---- Lists of expressions ---- */

typedef struct exprlist {
	exec_expr **v;
	int n, cap;
} exprlist;

static void list_add(an_ctx *c, exprlist *l, exec_expr *e)
{
	if (l->n == l->cap) {
		int cap = l->cap ? 2 * l->cap : 8;
		exec_expr **g = sql_arena_alloc(c->a, (size_t)cap * sizeof(*g));

		if (l->n)
			memcpy(g, l->v, (size_t)l->n * sizeof(*g));
		l->v = g;
		l->cap = cap;
	}
	l->v[l->n++] = e;
}

/* Add e's conjuncts (an AND tree taken apart) to l; a constant true adds nothing. */
static void conj_add(an_ctx *c, exprlist *l, exec_expr *e)
{
	if (e->kind == EXPR_AND) {
		for (int i = 0; i < e->nargs; i++)
			conj_add(c, l, e->args[i]);
		return;
	}
	if (e->kind == EXPR_CONST && e->type == EXEC_OID_BOOL && !e->value.isnull && e->value.v.b)
		return;
	list_add(c, l, e);
}

/* The conjunction of l (NULL when empty). */
static exec_expr *conj_make(an_ctx *c, const exprlist *l)
{
	exec_expr *e;

	if (l->n == 0)
		return NULL;
	if (l->n == 1)
		return l->v[0];
	e = exec_expr_new(c->a, EXPR_AND, EXEC_OID_BOOL, EXEC_TYPMOD_NONE);
	exec_expr_set_args(c->a, e, l->n, l->v);
	return e;
}

/*
 * Which columns of this level's row e reads: the lowest and highest
 * position (lo > hi when none).  *opaque is set when e holds something
 * that cannot move to another row layout: a correlated subquery (its
 * plan reads this level's row by position) or an aggregate reference.
 */
static void expr_refs(const exec_expr *e, int *lo, int *hi, bool *opaque)
{
	if (e == NULL)
		return;
	switch (e->kind) {
	case EXPR_VAR:
		if (e->up == 0) {
			if (e->index < *lo)
				*lo = e->index;
			if (e->index > *hi)
				*hi = e->index;
		}
		return;
	case EXPR_AGGREF:
	case EXPR_WINREF:
		*opaque = true;
		return;
	case EXPR_SUBPLAN:
		if (e->subplan->correlated)
			*opaque = true;
		break;
	default:
		break;
	}
	for (int i = 0; i < e->nargs; i++)
		expr_refs(e->args[i], lo, hi, opaque);
}

/* A copy of e reading this level's columns delta positions further along. */
static exec_expr *shift(an_ctx *c, exec_expr *e, int delta)
{
	exec_expr *x;

	if (delta == 0 || e == NULL)
		return e;
	x = exec_expr_new(c->a, e->kind, e->type, e->typmod);
	*x = *e;
	if (x->kind == EXPR_VAR && x->up == 0)
		x->index += delta;
	if (e->nargs > 0) {
		x->args = sql_arena_alloc(c->a, (size_t)e->nargs * sizeof(*x->args));
		for (int i = 0; i < e->nargs; i++)
			x->args[i] = shift(c, e->args[i], delta);
	}
	return x;
}

static const char *type_name(exec_oid t)
{
	const exec_type *ty = exec_type_by_oid(t);

	return t == EXEC_OID_UNKNOWN ? "unknown" : ty ? ty->sql_name : "???";
}

/* ---- Plan nodes ---- */

static plan_node *plan_new(an_ctx *c, plan_kind kind, int ncols)
{
	plan_node *p = sql_arena_zalloc(c->a, sizeof(*p));

	p->kind = kind;
	p->desc.ncols = ncols;
	p->desc.cols = sql_arena_zalloc(c->a, (size_t)(ncols ? ncols : 1) * sizeof(exec_column));
	p->rows = 1;
	return p;
}

static plan_node *plan_filter(an_ctx *c, plan_node *in, exec_expr *qual)
{
	plan_node *p;

	if (qual == NULL)
		return in;
	p = plan_new(c, PLAN_FILTER, in->desc.ncols);
	memcpy(p->desc.cols, in->desc.cols, (size_t)in->desc.ncols * sizeof(exec_column));
	p->left = in;
	p->qual = qual;
	p->rows = in->rows / 3 + 1;
	p->lateral = in->lateral;
	return p;
}

/* A node whose row is left's then right's. */
static plan_node *join_node(an_ctx *c, plan_kind kind, plan_join jt, plan_node *l, plan_node *r)
{
	int nl = l->desc.ncols, nr = r->desc.ncols;
	plan_node *p = plan_new(c, kind, nl + nr);

	memcpy(p->desc.cols, l->desc.cols, (size_t)nl * sizeof(exec_column));
	memcpy(p->desc.cols + nl, r->desc.cols, (size_t)nr * sizeof(exec_column));
	p->left = l;
	p->right = r;
	p->join = jt;
	p->rows = l->rows > r->rows ? l->rows : r->rows;
	return p;
}

/* The one row with no columns that a query without FROM starts from. */
static plan_node *plan_one_row(an_ctx *c)
{
	plan_node *p = plan_new(c, PLAN_RESULT, 0);

	p->exprs = sql_arena_zalloc(c->a, sizeof(*p->exprs));
	return p;
}

/* exprs over in's row, named. */
static plan_node *plan_project(
	an_ctx *c, plan_node *in, int n, exec_expr **exprs, const exec_column *cols)
{
	plan_node *p = plan_new(c, PLAN_PROJECT, n);

	p->left = in;
	p->exprs = sql_arena_alloc(c->a, (size_t)(n ? n : 1) * sizeof(*p->exprs));
	if (n > 0) { /* SELECT FROM t has no columns, and no arrays of them */
		memcpy(p->exprs, exprs, (size_t)n * sizeof(*exprs));
		memcpy(p->desc.cols, cols, (size_t)n * sizeof(*cols));
	}
	p->rows = in->rows;
	return p;
}

/* Whether exprs are in's columns, in order, unchanged (no projection needed). */
static bool is_identity(const plan_node *in, int n, exec_expr *const *exprs)
{
	if (n != in->desc.ncols)
		return false;
	for (int i = 0; i < n; i++) {
		if (exprs[i]->kind != EXPR_VAR || exprs[i]->up != 0 || exprs[i]->index != i ||
			exprs[i]->type != in->desc.cols[i].type)
			return false;
	}
	return true;
}

/* ---- FROM: items, groups, joins ---- */

/* A run of the FROM row that one plan produces. */
typedef struct unit {
	plan_node *plan;
	int off, width;
	int dep_lo,
		dep_hi; /* FROM positions before it read through LATERAL slots (lo > hi: none) */
} unit;

/* Items joined in order, with the conditions over them (positions in the FROM row). */
typedef struct group {
	unit *u;
	int n, cap;
	int off; /* where the group's run starts */
	exprlist quals;
	an_scope *sc;       /* the level's FROM scope, whose LATERAL slots joins fill */
	int dep_lo, dep_hi; /* plan_group: positions before off its items read laterally */
} group;

static void group_init(group *g, an_scope *sc, int off)
{
	memset(g, 0, sizeof(*g));
	g->sc = sc;
	g->off = off;
	g->dep_lo = INT_MAX;
	g->dep_hi = -1;
}

/* Mark a plan and everything under it as reading LATERAL slots set outside it. */
static void mark_lateral(plan_node *p)
{
	for (; p != NULL; p = p->left) {
		p->lateral = true;
		mark_lateral(p->right);
	}
}

/* Whether expression e has a node of kind anywhere in its tree (a $n, a window call...). */
static bool expr_has(const exec_expr *e, exec_expr_kind kind)
{
	if (e->kind == kind)
		return true;
	for (int i = 0; i < e->nargs; i++)
		if (expr_has(e->args[i], kind))
			return true;
	return false;
}

static void group_add(an_ctx *c, group *g, plan_node *plan, int off)
{
	if (g->n == g->cap) {
		int cap = g->cap ? 2 * g->cap : 4;
		unit *u = sql_arena_alloc(c->a, (size_t)cap * sizeof(*u));

		if (g->n)
			memcpy(u, g->u, (size_t)g->n * sizeof(*u));
		g->u = u;
		g->cap = cap;
	}
	g->u[g->n].plan = plan;
	g->u[g->n].off = off;
	g->u[g->n].width = plan->desc.ncols;
	g->u[g->n].dep_lo = INT_MAX;
	g->u[g->n].dep_hi = -1;
	g->n++;
}

/* The last unit added reads FROM positions lo..hi laterally: its plan must be run again for each row of them. */
static void group_deps(group *g, int lo, int hi)
{
	unit *u = &g->u[g->n - 1];

	if (lo > hi)
		return;
	u->dep_lo = lo < u->dep_lo ? lo : u->dep_lo;
	u->dep_hi = hi > u->dep_hi ? hi : u->dep_hi;
	mark_lateral(u->plan);
}

/*
 * Whether a value of type vt names the same row key as the column's type
 * ct would: the same type, or two integer types, whose text forms agree
 * for equal values (int4 5 and int8 5 are both "5"; an int8 past int4's
 * range names a key no int4 row has).  Row keys are the text forms of
 * the key values (exec_row_key).
 */
static bool same_key_text(exec_oid ct, exec_oid vt)
{
	bool ci = ct == EXEC_OID_INT2 || ct == EXEC_OID_INT4 || ct == EXEC_OID_INT8;
	bool vi = vt == EXEC_OID_INT2 || vt == EXEC_OID_INT4 || vt == EXEC_OID_INT8;

	return ct == vt || (ci && vi);
}

/* Whether e is `col = value` for column col of a scan starting at off: *value is the other side. */
static bool pins_column(const exec_expr *e, int col, exec_oid type, exec_expr **value)
{
	for (int side = 0; side < 2; side++) {
		const exec_expr *v, *o;
		int lo = INT_MAX, hi = -1;
		bool opaque = false;

		if (e->kind != EXPR_CALL || e->nargs != 2 || e->name == NULL ||
			strcmp(e->name, "=") != 0)
			return false;
		v = e->args[side];
		o = e->args[1 - side];
		if (v->kind != EXPR_VAR || v->up != 0 || v->index != col ||
			!same_key_text(type, o->type))
			continue;
		expr_refs(o, &lo, &hi, &opaque);
		if (lo <= hi || opaque || o->kind == EXPR_SUBPLAN)
			continue;
		*value = (exec_expr *)o;
		return true;
	}
	return false;
}

/* The values of `col IN (v, ...)` when they read no column; NULL otherwise. */
static exec_expr **pins_in_list(const exec_expr *e, int col, exec_oid type, int *n)
{
	if (e->kind != EXPR_IN_LIST || e->negated || e->nargs < 2)
		return NULL;
	if (e->args[0]->kind != EXPR_VAR || e->args[0]->up != 0 || e->args[0]->index != col)
		return NULL;
	for (int i = 1; i < e->nargs; i++) {
		int lo = INT_MAX, hi = -1;
		bool opaque = false;

		if (!same_key_text(type, e->args[i]->type))
			return NULL;
		expr_refs(e->args[i], &lo, &hi, &opaque);
		if (lo <= hi || opaque)
			return NULL;
	}
	*n = e->nargs - 1;
	return e->args + 1;
}

/* ---- Index scans ---- */

/* Casts of a column that keep its values' order and equality: an index on it still serves. */
static const struct {
	exec_oid from, to;
} order_casts[] = {
	{EXEC_OID_INT2, EXEC_OID_INT4},
	{EXEC_OID_INT2, EXEC_OID_INT8},
	{EXEC_OID_INT4, EXEC_OID_INT8},
	{EXEC_OID_FLOAT4, EXEC_OID_FLOAT8},
	{EXEC_OID_VARCHAR, EXEC_OID_TEXT},
	{EXEC_OID_BPCHAR, EXEC_OID_TEXT},
	{EXEC_OID_NAME, EXEC_OID_TEXT},
};

/* The scan's column e reads, through such casts; -1 when e is something else. */
static int indexed_column(const exec_expr *e)
{
	for (;;) {
		size_t i, n = sizeof(order_casts) / sizeof(order_casts[0]);

		if (e->kind != EXPR_CAST || e->nargs != 1 || e->typmod >= 0)
			break;
		for (i = 0; i < n; i++)
			if (order_casts[i].from == e->args[0]->type && order_casts[i].to == e->type)
				break;
		if (i == n)
			return -1;
		e = e->args[0];
	}
	return e->kind == EXPR_VAR && e->up == 0 ? e->index : -1;
}

/* Whether e can bound an index scan: it reads no column of the scan's row (constants, parameters, outer rows). */
static bool bound_value(const exec_expr *e)
{
	int lo = INT_MAX, hi = -1;
	bool opaque = false;

	expr_refs(e, &lo, &hi, &opaque);
	return lo > hi && !opaque && e->kind != EXPR_SUBPLAN;
}

/* What one condition says of one column, as an index can use it. */
typedef enum icond_kind {
	IC_NONE,
	IC_EQ,   /* col = val */
	IC_IN,   /* col IN (vals) */
	IC_NULL, /* col IS NULL */
	IC_LO,   /* col > val, col >= val (incl) */
	IC_HI,   /* col < val, col <= val (incl) */
} icond_kind;

typedef struct icond {
	icond_kind kind;
	int col;
	exec_expr *val;
	exec_expr **vals;
	int nvals;
	bool incl;
	bool flipped; /* the column is the comparison's right operand */
} icond;

/* Classify condition q over the scan's row of table t. */
static icond index_cond(const exec_expr *q, const cat_table *t)
{
	static const struct {
		const char *op;
		icond_kind kind, flipped;
		bool incl;
	} ops[] = {
		{"=", IC_EQ, IC_EQ, true},
		{"<", IC_HI, IC_LO, false},
		{"<=", IC_HI, IC_LO, true},
		{">", IC_LO, IC_HI, false},
		{">=", IC_LO, IC_HI, true},
	};
	icond ic = {IC_NONE, -1, NULL, NULL, 0, false, false};

	if (q->kind == EXPR_CALL && q->nargs == 2 && q->name != NULL) {
		for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
			if (strcmp(q->name, ops[k].op) != 0)
				continue;
			for (int side = 0; side < 2; side++) {
				int col = indexed_column(q->args[side]);
				exec_expr *v = q->args[1 - side];

				if (col < 0 || col >= t->ncols || !bound_value(v) ||
					!exec_idx_comparable(t->cols[col].type, v->type))
					continue;
				ic.kind = side == 0 ? ops[k].kind : ops[k].flipped;
				ic.flipped = side == 1;
				ic.col = col;
				ic.val = v;
				ic.incl = ops[k].incl;
				return ic;
			}
		}
		return ic;
	}
	if (q->kind == EXPR_IN_LIST && !q->negated && q->nargs >= 2) {
		int col = indexed_column(q->args[0]);

		if (col < 0 || col >= t->ncols)
			return ic;
		for (int i = 1; i < q->nargs; i++)
			if (!bound_value(q->args[i]) ||
				!exec_idx_comparable(t->cols[col].type, q->args[i]->type))
				return ic;
		ic.kind = IC_IN;
		ic.col = col;
		ic.vals = q->args + 1;
		ic.nvals = q->nargs - 1;
		return ic;
	}
	if (q->kind == EXPR_NULLTEST && !q->negated && q->nargs == 1) {
		int col = indexed_column(q->args[0]);

		if (col >= 0 && col < t->ncols) {
			ic.kind = IC_NULL;
			ic.col = col;
		}
	}
	return ic;
}

/* How well an index serves the conditions: what it pins, what bounds the next column. */
typedef struct imatch {
	const exec_idx_def *def;
	int nkeys;
	int used[EXEC_IDX_MAXCOLS + 2]; /* the conditions taken: pins, then lo, then hi */
	int nused;
	int lo, hi; /* condition numbers, -1 when none */
	int score;
} imatch;

/* The index's fit for conditions ic[0..n) (IN lists on one column at most). */
static imatch index_match(const exec_idx_def *def, const icond *ic, int n)
{
	imatch m = {def, 0, {0}, 0, -1, -1, 0};
	bool in_used = false;

	for (int k = 0; k < def->ncols; k++) {
		int best = -1;

		/* Equality first, then an IN list, then IS NULL. */
		for (int i = 0; i < n; i++) {
			if (ic[i].col != def->cols[k])
				continue;
			if (ic[i].kind == IC_EQ) {
				best = i;
				break;
			}
			if (ic[i].kind == IC_IN && !in_used &&
				(best < 0 || ic[best].kind == IC_NULL))
				best = i;
			else if (ic[i].kind == IC_NULL && best < 0)
				best = i;
		}
		if (best < 0)
			break;
		in_used = in_used || ic[best].kind == IC_IN;
		m.used[m.nused++] = best;
		m.nkeys++;
	}
	if (m.nkeys < def->ncols) {
		for (int i = 0; i < n; i++) {
			if (ic[i].col != def->cols[m.nkeys])
				continue;
			if (ic[i].kind == IC_LO && m.lo < 0)
				m.lo = i;
			else if (ic[i].kind == IC_HI && m.hi < 0)
				m.hi = i;
		}
	}
	if (m.lo >= 0)
		m.used[m.nused++] = m.lo;
	if (m.hi >= 0)
		m.used[m.nused++] = m.hi;

	/* A unique index pinned whole finds a row; more pinned columns narrow more. */
	if (m.nused > 0)
		m.score = (def->unique && m.nkeys == def->ncols ? 1000 : 0) + 10 * m.nkeys +
			  (m.lo >= 0) * 3 + (m.hi >= 0) * 3;
	return m;
}

static bool index_orders(
	const exec_idx_def *def, int nikeys, const plan_ikey *ikeys, const int *cols, int n);

/*
 * `v op col` written as `col op' v`, as PostgreSQL shows index
 * conditions: the column first, the operator its commutator.  q itself
 * when the commutator takes no such operands.
 */
static exec_expr *commuted(an_ctx *c, exec_expr *q)
{
	static const struct {
		const char *op, *com;
	} coms[] = {{"=", "="}, {"<", ">"}, {"<=", ">="}, {">", "<"}, {">=", "<="}};
	exec_expr *args[2] = {q->args[1], q->args[0]}, *e;
	const exec_oper *o = NULL;
	store_err err;
	exec_oid cl = 0, cr = 0;

	for (size_t i = 0; i < sizeof(coms) / sizeof(coms[0]) && o == NULL; i++) {
		if (strcmp(q->name, coms[i].op) != 0)
			continue;
		store_err_clear(&err);
		o = exec_oper_resolve(coms[i].com, args[0]->type, args[1]->type, &cl, &cr, &err);
	}
	if (o == NULL || o->left != args[0]->type || o->right != args[1]->type)
		return q;
	e = exec_expr_call(c->a, o->fn, o->name, q->strict, o->result, 2, args);
	e->loc = q->loc;
	return e;
}

/*
 * Conditions served by an index of the scanned table: the scan becomes
 * an index scan on the best one (see index_match), with the conditions
 * it takes as its index conditions and the rest as its filter.  With
 * ocols (n of them), only an index that returns rows ordered by those
 * columns and serves at least as well as min_score says may be chosen.
 * Returns false (the scan untouched) when no index serves.
 */
static bool index_quals(
	an_ctx *c, plan_node *scan, exprlist *quals, const int *ocols, int nocols, int min_score)
{
	const cat_table *t = scan->src.catalog;
	exec_idx_def *defs;
	int ndefs;
	icond *ic;
	imatch best = {0};
	exprlist iq = {0}, rest = {0};
	double rows = scan->rows;

	if (t == NULL || quals->n == 0 || c->no_index_scans)
		return false;
	ndefs = exec_idx_list(c->a, t, &defs);
	if (ndefs == 0)
		return false;
	ic = sql_arena_alloc(c->a, sizeof(*ic) * (size_t)quals->n);
	for (int i = 0; i < quals->n; i++)
		ic[i] = index_cond(quals->v[i], t);
	for (int d = 0; d < ndefs; d++) {
		imatch m = index_match(&defs[d], ic, quals->n);

		if (m.score <= best.score || m.score < min_score)
			continue;
		if (ocols != NULL) {
			plan_ikey keys[EXEC_IDX_MAXCOLS];

			for (int k = 0; k < m.nkeys; k++)
				keys[k].nvals =
					ic[m.used[k]].kind == IC_IN ? ic[m.used[k]].nvals : 1;
			if (!index_orders(m.def, m.nkeys, keys, ocols, nocols))
				continue;
		}
		best = m;
	}
	if (best.score == 0)
		return false;

	scan->kind = PLAN_INDEX;
	scan->index = best.def;
	scan->nikeys = best.nkeys;
	scan->ikeys =
		sql_arena_zalloc(c->a, sizeof(plan_ikey) * (size_t)(best.nkeys ? best.nkeys : 1));
	for (int k = 0; k < best.nkeys; k++) {
		const icond *x = &ic[best.used[k]];

		if (x->kind == IC_EQ) {
			scan->ikeys[k].nvals = 1;
			scan->ikeys[k].vals = sql_arena_alloc(c->a, sizeof(exec_expr *));
			scan->ikeys[k].vals[0] = x->val;
			rows = best.def->unique && k == best.def->ncols - 1 ? 1 : rows / 10 + 1;
		} else if (x->kind == IC_IN) {
			scan->ikeys[k].nvals = x->nvals;
			scan->ikeys[k].vals = x->vals;
			rows = best.def->unique && k == best.def->ncols - 1
				       ? x->nvals
				       : rows / 10 * x->nvals + 1;
		} else {
			rows = rows / 10 + 1;
		}
	}
	if (best.lo >= 0) {
		scan->ilo = ic[best.lo].val;
		scan->ilo_incl = ic[best.lo].incl;
		rows = rows / 3 + 1;
	}
	if (best.hi >= 0) {
		scan->ihi = ic[best.hi].val;
		scan->ihi_incl = ic[best.hi].incl;
		rows = rows / 3 + 1;
	}

	/* The index conditions in the index's column order; the others filter. */
	for (int u = 0; u < best.nused; u++) {
		exec_expr *q = quals->v[best.used[u]];

		list_add(c, &iq, ic[best.used[u]].flipped ? commuted(c, q) : q);
	}
	for (int i = 0; i < quals->n; i++) {
		bool taken = false;

		for (int u = 0; u < best.nused; u++)
			taken = taken || best.used[u] == i;
		if (!taken)
			list_add(c, &rest, quals->v[i]);
	}
	scan->indexqual = conj_make(c, &iq);
	scan->qual = conj_make(c, &rest);
	scan->rows = rest.n > 0 ? rows / 3 + 1 : rows;
	return true;
}

/*
 * Conditions on one scanned table: a primary-key lookup when they pin
 * every key column (`pk = v` for each, or `pk IN (...)` for a one-column
 * key), else an index scan when an index serves some of them
 * (index_quals), the rest applied to each row read.  quals are over the
 * scan's own row (already shifted).
 */
static plan_node *scan_quals(an_ctx *c, plan_node *scan, exprlist *quals)
{
	const cat_table *t = scan->src.catalog;
	exec_expr *pinned[16];
	int used[16], nused = 0;

	if (t != NULL && t->npk >= 1 && t->npk <= 16) {
		int k;

		/* A one-column key in an IN list. */
		if (t->npk == 1) {
			for (int i = 0; i < quals->n; i++) {
				int n = 0;
				exec_expr **vals = pins_in_list(
					quals->v[i], t->pk[0], t->cols[t->pk[0]].type, &n);

				if (vals == NULL)
					continue;
				scan->kind = PLAN_KEY;
				scan->nkeys = n;
				scan->nkeyparts = 1;
				scan->keyexprs = vals;
				scan->rows = n;
				quals->v[i] = quals->v[--quals->n];
				scan->qual = conj_make(c, quals);
				return scan;
			}
		}
		for (k = 0; k < t->npk; k++) {
			int i;

			for (i = 0; i < quals->n; i++) {
				bool taken = false;

				for (int j = 0; j < nused; j++)
					taken = taken || used[j] == i;
				if (!taken && pins_column(quals->v[i], t->pk[k],
						      t->cols[t->pk[k]].type, &pinned[k]))
					break;
			}
			if (i == quals->n)
				break;
			used[nused++] = i;
		}
		if (k == t->npk) {
			exprlist rest = {0};

			scan->kind = PLAN_KEY;
			scan->nkeys = 1;
			scan->nkeyparts = t->npk;
			scan->keyexprs =
				sql_arena_alloc(c->a, (size_t)t->npk * sizeof(exec_expr *));
			memcpy(scan->keyexprs, pinned, (size_t)t->npk * sizeof(exec_expr *));
			scan->rows = 1;
			for (int i = 0; i < quals->n; i++) {
				bool taken = false;

				for (int j = 0; j < nused; j++)
					taken = taken || used[j] == i;
				if (!taken)
					list_add(c, &rest, quals->v[i]);
			}
			scan->qual = conj_make(c, &rest);
			return scan;
		}
	}
	if (index_quals(c, scan, quals, NULL, 0, 0))
		return scan;
	scan->qual = conj_make(c, quals);
	if (scan->qual != NULL)
		scan->rows = scan->rows / 3 + 1;
	return scan;
}

/*
 * A system relation with parameters (chrondb.log's branch...): the value
 * of `param = value` among quals becomes the row function's argument,
 * so that it makes only those rows.  The conditions stay, as a filter.
 */
static void function_params(plan_node *p, exprlist *quals)
{
	const exec_systable *st = exec_systable_of_srf(p->srf);

	for (int k = 0; st != NULL && st->params != NULL && st->params[k] != NULL; k++) {
		for (int col = 0; col < st->ncols; col++) {
			if (strcmp(st->cols[col].name, st->params[k]) != 0)
				continue;
			for (int i = 0; i < quals->n; i++)
				if (pins_column(quals->v[i], col, st->cols[col].type, &p->fargs[k]))
					break;
		}
	}
}

/* Conditions on a unit: into its scan when it is one, a filter over it otherwise. */
static plan_node *unit_quals(an_ctx *c, plan_node *p, exprlist *quals)
{
	if (quals->n == 0)
		return p;
	if (p->kind == PLAN_SCAN && p->qual == NULL)
		return scan_quals(c, p, quals);
	if (p->kind == PLAN_FUNCTION)
		function_params(p, quals);
	return plan_filter(c, p, conj_make(c, quals));
}

/*
 * Whether e is `l = r` with l over [llo, lhi] and r over [rlo, rhi] (or
 * the other way round), of one hashable type: the hash join keys.
 */
static bool hash_keys(
	const exec_expr *e, int llo, int lhi, int rlo, int rhi, exec_expr **lk, exec_expr **rk)
{
	const exec_type *ty;

	if (e->kind != EXPR_CALL || e->nargs != 2 || e->name == NULL || strcmp(e->name, "=") != 0)
		return false;
	if (e->args[0]->type != e->args[1]->type)
		return false;
	ty = exec_type_by_oid(e->args[0]->type);
	if (ty == NULL || ty->hash == NULL)
		return false;
	for (int side = 0; side < 2; side++) {
		int alo = INT_MAX, ahi = -1, blo = INT_MAX, bhi = -1;
		bool opaque = false;
		exec_expr *a = e->args[side], *b = e->args[1 - side];

		expr_refs(a, &alo, &ahi, &opaque);
		expr_refs(b, &blo, &bhi, &opaque);
		if (opaque || alo > ahi || blo > bhi)
			return false;
		if (alo >= llo && ahi <= lhi && blo >= rlo && bhi <= rhi) {
			*lk = a;
			*rk = b;
			return true;
		}
	}
	return false;
}

/*
 * Join left (the run [loff, roff)) and right ([roff, roff + width)) with
 * conditions quals over the FROM row: equalities across the sides become
 * hash keys, the rest the join's condition.
 */
static plan_node *make_join(an_ctx *c, plan_node *l, int loff, plan_node *r, int roff, plan_join jt,
	exprlist *quals, const an_scope *lateral)
{
	exprlist lkeys = {0}, rkeys = {0}, rest = {0};
	int lhi = roff - 1, rhi = roff + r->desc.ncols - 1;
	plan_node *p;

	for (int i = 0; i < quals->n; i++) {
		exec_expr *lk, *rk;

		/* A right side read again for each left row (LATERAL) is never hashed. */
		if (!r->lateral && hash_keys(quals->v[i], loff, lhi, roff, rhi, &lk, &rk)) {
			list_add(c, &lkeys, shift(c, lk, -loff));
			list_add(c, &rkeys, shift(c, rk, -roff));
			continue;
		}
		list_add(c, &rest, shift(c, quals->v[i], -loff));
	}
	if (lkeys.n > 0) {
		p = join_node(c, PLAN_HASHJOIN, jt, l, r);
		p->nhash = lkeys.n;
		p->lkeys = lkeys.v;
		p->rkeys = rkeys.v;
		p->hash_eq = sql_arena_alloc(c->a, (size_t)lkeys.n * sizeof(exec_fn));
		for (int i = 0, k = 0; i < quals->n; i++) {
			exec_expr *lk, *rk;

			if (hash_keys(quals->v[i], loff, lhi, roff, rhi, &lk, &rk))
				p->hash_eq[k++] = quals->v[i]->fn;
		}
	} else {
		/* The inner side is read again for every outer row: keep it in memory (unless its rows change). */
		if (r->kind != PLAN_MATERIAL && r->kind != PLAN_VALUES && r->kind != PLAN_RESULT &&
			r->kind != PLAN_KEY && !r->lateral) {
			plan_node *m = plan_new(c, PLAN_MATERIAL, r->desc.ncols);

			memcpy(m->desc.cols, r->desc.cols,
				(size_t)r->desc.ncols * sizeof(exec_column));
			m->left = r;
			m->rows = r->rows;
			r = m;
		}
		p = join_node(c, PLAN_NESTLOOP, jt, l, r);
		if (rest.n == 0)
			p->rows = l->rows * r->rows;

		/* LATERAL: the left row's columns the right side reads go to their slots. */
		for (int pos = loff; lateral != NULL && pos < roff && pos < lateral->nlatslot;
			pos++) {
			if (lateral->latslot[pos] < 0)
				continue;
			if (p->nlatparams == 0) {
				p->latcols =
					sql_arena_alloc(c->a, (size_t)(roff - loff) * sizeof(int));
				p->latslots =
					sql_arena_alloc(c->a, (size_t)(roff - loff) * sizeof(int));
			}
			p->latcols[p->nlatparams] = pos - loff;
			p->latslots[p->nlatparams++] = lateral->latslot[pos];
		}
	}
	p->qual = conj_make(c, &rest);
	p->lateral = l->lateral || (r->lateral && lateral == NULL);
	return p;
}

/* Plan a group: its units joined in order, each condition where it first applies. */
static plan_node *plan_group(an_ctx *c, group *g)
{
	exprlist *per = sql_arena_zalloc(c->a, (size_t)(g->n ? g->n : 1) * sizeof(*per));
	exprlist top = {0}, multi = {0};
	plan_node *cur;
	int end;

	if (g->n == 0) {
		cur = plan_one_row(c);
		return plan_filter(c, cur, conj_make(c, &g->quals));
	}

	/* Sort the conditions: one unit's, several units', or the top's. */
	for (int i = 0; i < g->quals.n; i++) {
		exec_expr *q = g->quals.v[i];
		int lo = INT_MAX, hi = -1, k;
		bool opaque = false;

		expr_refs(q, &lo, &hi, &opaque);
		if (opaque) {
			if (g->off != 0) {
				an_error(c, q->loc, "0A000",
					"a correlated subquery in the condition of an outer join's side "
					"is not supported");
				return NULL;
			}
			list_add(c, &top, q);
			continue;
		}
		if (lo > hi) {
			list_add(c, &top, q);
			continue;
		}
		for (k = 0; k < g->n; k++) {
			if (lo >= g->u[k].off && hi < g->u[k].off + g->u[k].width)
				break;
		}
		if (k < g->n)
			list_add(c, &per[k], shift(c, q, -g->u[k].off));
		else
			list_add(c, &multi, q);
	}

	/* LATERAL reads of items before the group make the whole group's rows change with them. */
	for (int k = 0; k < g->n; k++) {
		if (g->u[k].dep_lo < g->off) {
			int hi = g->u[k].dep_hi < g->off ? g->u[k].dep_hi : g->off - 1;

			g->dep_lo = g->u[k].dep_lo < g->dep_lo ? g->u[k].dep_lo : g->dep_lo;
			g->dep_hi = hi > g->dep_hi ? hi : g->dep_hi;
		}
	}

	cur = unit_quals(c, g->u[0].plan, &per[0]);
	end = g->u[0].off + g->u[0].width;
	for (int k = 1; k < g->n; k++) {
		const unit *u = &g->u[k];
		plan_node *r = unit_quals(c, u->plan, &per[k]);
		exprlist here = {0};
		int kept = 0;
		bool lateral = u->dep_hi >= g->off;

		/* The conditions that become checkable once this unit joins. */
		for (int i = 0; i < multi.n; i++) {
			int lo = INT_MAX, hi = -1;
			bool opaque = false;

			expr_refs(multi.v[i], &lo, &hi, &opaque);
			if (hi < u->off + u->width)
				list_add(c, &here, multi.v[i]);
			else
				multi.v[kept++] = multi.v[i];
		}
		multi.n = kept;
		cur = make_join(
			c, cur, g->off, r, u->off, JOIN_INNER, &here, lateral ? g->sc : NULL);
		end = u->off + u->width;
	}
	(void)end;
	for (int i = 0; i < top.n; i++)
		top.v[i] = shift(c, top.v[i], -g->off);
	cur = plan_filter(c, cur, conj_make(c, &top));
	if (g->dep_lo <= g->dep_hi)
		mark_lateral(cur);
	return cur;
}

/* ---- FROM: tables and views ---- */

/* Register a snapshot the statement opened, freed with it. */
static void keep_snap(an_ctx *c, store_snap *snap)
{
	if (c->nsnaps == c->capsnaps) {
		int cap = c->capsnaps ? 2 * c->capsnaps : 4;
		store_snap **g = sql_arena_alloc(c->a, (size_t)cap * sizeof(*g));

		if (c->nsnaps)
			memcpy(g, c->snaps, (size_t)c->nsnaps * sizeof(*g));
		c->snaps = g;
		c->capsnaps = cap;
	}
	c->snaps[c->nsnaps++] = snap;
}

void an_ctx_release(an_ctx *c)
{
	for (int i = 0; i < c->nsnaps; i++)
		store_snap_free(c->snaps[i]);
	c->nsnaps = 0;
	for (an_tabcache *tc = c->tables; tc != NULL; tc = tc->next) {
		cat_cache_release(tc->ref);
		tc->ref = NULL;
	}
}

struct cat_cached *an_table_ref(const an_ctx *c, const cat_table *t)
{
	for (const an_tabcache *tc = c->tables; tc != NULL; tc = tc->next)
		if (tc->table == t)
			return tc->ref;
	return NULL;
}

/* A table's definition at a snapshot; *found false (no error) when there is none. */
static int load_table(an_ctx *c, const char *name, store_snap *snap, store_tx *tx,
	const cat_table **out, bool *found)
{
	char *json = NULL;
	const cat_table *t;
	cat_cached *ref = NULL;
	int r;

	*found = false;
	for (an_tabcache *tc = c->tables; tc != NULL; tc = tc->next) {
		if (tc->snap == snap && tc->tx == tx && strcmp(tc->table->name, name) == 0) {
			/* Read before, but wanted in a stronger mode now (a write's target). */
			if (c->relmode > 0 && exec_lock_relation(c, snap, name, tc->table->oid,
						      (store_lockmode)c->relmode) != EXEC_OK)
				return EXEC_ERROR;
			*found = true;
			*out = tc->table;
			return EXEC_OK;
		}
	}
	r = tx != NULL ? store_tx_catalog(tx, snap, name, &json, c->err)
		       : store_catalog(snap, name, &json, c->err);
	if (r != STORE_OK) {
		if (strcmp(c->err->sqlstate, "42P01") == 0) {
			store_err_clear(c->err);
			return EXEC_OK;
		}
		return EXEC_ERROR;
	}
	t = cat_cache_get(json, strlen(json), name, &ref, c->err);
	free(json);
	if (t == NULL)
		return EXEC_ERROR;

	/* The statement's table lock: ACCESS SHARE to read, or what the caller asked for. */
	if (c->relmode >= 0 && exec_lock_relation(c, snap, name, t->oid,
				       c->relmode > 0 ? (store_lockmode)c->relmode
						      : STORE_LOCK_ACCESS_SHARE) != EXEC_OK) {
		cat_cache_release(ref);
		return EXEC_ERROR;
	}
	{
		an_tabcache *tc = sql_arena_zalloc(c->a, sizeof(*tc));

		tc->snap = snap;
		tc->tx = tx;
		tc->table = t;
		tc->ref = ref;
		tc->next = c->tables;
		c->tables = tc;
	}
	*found = true;
	*out = t;
	return EXEC_OK;
}

/* Where a schema-qualified name reads: the current branch, or another branch by its name. */
static int resolve_schema(an_ctx *c, const char *schema, int loc, store_snap **snap, store_tx **tx)
{
	store_snap *s = NULL;

	if (schema == NULL || strcmp(schema, "public") == 0 ||
		(c->branch != NULL && strcmp(schema, c->branch) == 0)) {
		*snap = c->snap;
		*tx = c->tx;
		return EXEC_OK;
	}
	if (exec_syscat_schema(schema)) {
		an_error(c, loc, "0A000", "the system catalog schema \"%s\" is not available yet",
			schema);
		return EXEC_ERROR;
	}
	if (store_snap_branch(c->s, schema, &s, c->err) != STORE_OK) {
		store_err_clear(c->err);
		an_error(c, loc, "3F000", "schema \"%s\" does not exist", schema);
		return EXEC_ERROR;
	}

	/* A session pinned to a time reads every branch as it was then. */
	if (c->pinned) {
		store_snap_free(s);
		s = NULL;
		if (store_snap_at_time(c->s, schema, store_snap_time(c->snap), &s, c->err) !=
			STORE_OK) {
			store_err_clear(c->err);
			an_error(c, loc, "3F000",
				"schema \"%s\" has no commit as of the session's chrondb.as_of",
				schema);
			return EXEC_ERROR;
		}
	}
	keep_snap(c, s);
	*snap = s;
	*tx = NULL;
	return EXEC_OK;
}

int an_table(an_ctx *c, const sql_list *names, int loc, const cat_table **out, store_snap **snap)
{
	int n = sql_list_len(names);
	const char *schema = n >= 2 ? sql_list_str(names, n - 2) : NULL;
	const char *name = sql_list_str(names, n - 1);
	store_tx *tx;

	if (exec_systable_find(schema, name) != NULL) {
		an_error(c, loc, "42501", "permission denied: \"%s\" is a system catalog", name);
		return EXEC_ERROR;
	}
	if (schema != NULL && strcmp(schema, "public") != 0 &&
		(c->branch == NULL || strcmp(schema, c->branch) != 0)) {
		an_error(c, loc, "0A000",
			"changing branch \"%s\" from a session on another branch is not supported; "
			"SET chrondb.branch first",
			schema);
		return EXEC_ERROR;
	}
	if (resolve_schema(c, schema, loc, snap, &tx) != EXEC_OK)
		return EXEC_ERROR;
	return an_table_at(c, name, loc, *snap, tx, out);
}

int an_table_at(
	an_ctx *c, const char *name, int loc, store_snap *snap, store_tx *tx, const cat_table **out)
{
	bool found;

	if (load_table(c, name, snap, tx, out, &found) != EXEC_OK)
		return EXEC_ERROR;
	if (!found) {
		char *json = NULL;

		if (store_tx_meta_get(c->tx, snap, "views", name, &json, c->err) == STORE_OK) {
			free(json);
			an_error(c, loc, "42809", "\"%s\" is a view", name);
			return EXEC_ERROR;
		}
		store_err_clear(c->err);
		an_error(c, loc, "42P01", "relation \"%s\" does not exist", name);
		return EXEC_ERROR;
	}
	return EXEC_OK;
}

/*
 * The columns a FROM item shows: names and types, and where they are in
 * the FROM row.  The last nsys of d's columns are system columns (an
 * alias's column list does not rename them; an_rte.nsys).
 */
static an_rte *add_rte(an_ctx *c, an_scope *sc, const char *name, const sql_alias *alias,
	const exec_tupdesc *d, int nsys, int loc)
{
	int n = d->ncols, na = alias ? sql_list_len(alias->columns) : 0;
	const char **names = sql_arena_alloc(c->a, (size_t)(n ? n : 1) * sizeof(*names));
	exec_oid *types = sql_arena_alloc(c->a, (size_t)(n ? n : 1) * sizeof(*types));
	int32_t *typmods = sql_arena_alloc(c->a, (size_t)(n ? n : 1) * sizeof(*typmods));

	if (na > n - nsys) {
		/* PostgreSQL gives this one no position. */
		an_error(c, -1, "42P10",
			"table \"%s\" has %d columns available but %d columns specified",
			alias->name, n - nsys, na);
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		names[i] = i < na ? sql_list_str(alias->columns, i) : d->cols[i].name;
		types[i] = d->cols[i].type;
		typmods[i] = d->cols[i].typmod;
	}
	{
		const char *as = alias ? alias->name : name;
		an_rte *r;

		/* Two FROM items of one name cannot be told apart (inputs of an aliased join can). */
		for (int i = 0; as != NULL && i < sc->nrtes; i++)
			if (!sc->rtes[i]->hidden && sc->rtes[i]->alias != NULL &&
				strcmp(sc->rtes[i]->alias, as) == 0) {
				an_error(c, -1, "42712",
					"table name \"%s\" specified more than once", as);
				return NULL;
			}
		r = an_scope_add(c, sc, as, n, names, types, typmods);
		r->ncols = n - nsys;
		r->nsys = nsys;

		/* Record columns that know their fields keep them (exec_column.shape). */
		for (int i = 0; i < n && r != NULL; i++) {
			if (d->cols[i].shape == NULL)
				continue;
			if (r->shapes == NULL)
				r->shapes = sql_arena_zalloc(c->a, (size_t)n * sizeof(*r->shapes));
			r->shapes[i] = d->cols[i].shape;
		}
		return r;
	}
}

/* ---- Time travel ---- */

/* A timestamptz (microseconds since 2000, or an infinity) as storage's time since 1970. */
static int64_t unix_us(int64_t ts)
{
	const int64_t off = (int64_t)EXEC_EPOCH_DAYS * EXEC_USECS_PER_DAY;

	if (ts == EXEC_TS_NOBEGIN)
		return INT64_MIN;
	if (ts == EXEC_TS_NOEND || ts > INT64_MAX - off)
		return INT64_MAX;
	return ts + off;
}

int an_as_of_time(store *s, const char *branch, int64_t ts, store_snap **out, store_err *err)
{
	if (ts == EXEC_TS_NOBEGIN) {
		store_err_set(err, "22008", "no commit on branch \"%s\" at or before -infinity",
			branch != NULL ? branch : store_default_branch(s));
		store_err_detail(err, "The branch's history starts after that time.");
		return EXEC_ERROR;
	}
	return store_snap_at_time(s, branch, unix_us(ts), out, err) == STORE_OK ? EXEC_OK
										: EXEC_ERROR;
}

/* Text meant as a time rather than a ref: a digit first, then a date's or time's punctuation. */
static bool looks_like_time(const char *text)
{
	return text[0] >= '0' && text[0] <= '9' && strpbrk(text, "-:/ ") != NULL;
}

int an_as_of_text(exec_ctx *cx, store *s, const char *branch, const char *text, store_snap **out,
	store_err *err)
{
	store_err referr;
	exec_ctx tcx = *cx;
	exec_value v;

	store_err_clear(&referr);
	if (store_snap_open(s, text, out, &referr) == STORE_OK)
		return EXEC_OK;

	/*
	 * Not a ref: a time, unless the text has a ref's steps or storage's
	 * own time syntax (main~9, v1^2, @2026-01-01), whose error stands.
	 * A time that does not read gives the type's error when it looks
	 * like one (22007, 22008), else the ref's (42704).
	 */
	if (strpbrk(text, "~^@") == NULL) {
		tcx.err = err;
		if (exec_value_in(&tcx, EXEC_OID_TIMESTAMPTZ, EXEC_TYPMOD_NONE, text, strlen(text),
			    &v) == EXEC_OK)
			return an_as_of_time(s, branch, v.v.i, out, err);
		if (looks_like_time(text))
			return EXEC_ERROR;
		store_err_clear(err);
		if (strcmp(referr.sqlstate, "42704") == 0 && referr.detail[0] == '\0')
			snprintf(referr.hint, sizeof(referr.hint), "%s",
				"Give a branch, a tag, a commit id of at least 4 hex digits, a ref "
				"such as main~2, or a timestamp.");
	}
	*err = referr;
	return EXEC_ERROR;
}

/*
 * A time-travel clause's expression, analyzed and evaluated at once (a
 * plan with time travel is never kept, so a parameter's value is there,
 * or the statement is only being described: *pending then).  When refs
 * allow it (`AS OF`), a string is text in *text for an_as_of_text: an
 * untyped literal, a text value (a subquery's _commit), or a parameter
 * no use has typed, which becomes text; anything else is a timestamptz
 * in *ts.  NULL is 22004.
 */
static int time_value(an_ctx *c, sql_node *n, bool refs, const char *what, const char **text,
	int64_t *ts, bool *pending, bool *param)
{
	bool bound = strncmp(what, "FOR SYSTEM_TIME ", 16) == 0;
	an_scope *none = an_scope_new(c, NULL);
	exec_expr *e;
	exec_value v;

	*text = NULL;
	*pending = *param = false;
	none->no_aggs = true;
	none->no_aggs_where = what;
	e = an_expr(c, none, n);
	if (e == NULL)
		return EXEC_ERROR;
	if (refs && e->type == EXEC_OID_UNKNOWN && e->kind == EXPR_CONST && !e->value.isnull) {
		*text = sql_arena_strndup(c->a, e->value.v.s.p, e->value.v.s.len);
		return EXEC_OK;
	}
	refs = refs && ((e->type == EXEC_OID_UNKNOWN && e->kind == EXPR_PARAM) ||
			       e->type == EXEC_OID_TEXT || e->type == EXEC_OID_VARCHAR ||
			       e->type == EXEC_OID_BPCHAR || e->type == EXEC_OID_NAME);
	e = an_coerce(c, e, refs ? EXEC_OID_TEXT : EXEC_OID_TIMESTAMPTZ, EXEC_TYPMOD_NONE,
		EXEC_CAST_ASSIGNMENT, what);
	if (e == NULL)
		return EXEC_ERROR;
	*param = expr_has(e, EXPR_PARAM);
	if (*param && an_ctx_params(c)->values == NULL) {
		*pending = true;
		return EXEC_OK;
	}
	if (an_eval_const(c, e, &v) != EXEC_OK)
		return EXEC_ERROR;
	if (v.isnull)
		return an_error(c, *param ? -1 : n->loc, "22004", "%s%s cannot be null",
			bound ? "a bound of " : "", what);
	if (refs)
		*text = sql_arena_strndup(c->a, v.v.s.p, v.v.s.len);
	else
		*ts = v.v.i;
	return EXEC_OK;
}

/*
 * Give an error about a clause's value the value's position, unless it
 * has one; none when the value came from a parameter, as PostgreSQL
 * gives none for what a parameter's value caused (EXECUTE's text is
 * not the statement's).
 */
static int at_value(an_ctx *c, const sql_node *n, bool param)
{
	if (param)
		c->err->position = 0;
	else if (c->err->position == 0)
		c->err->position = sql_char_position(c->sql, c->sqllen, n->loc);
	return EXEC_ERROR;
}

/*
 * The snapshot `AS OF` or `FOR SYSTEM_TIME AS OF` names on branch: a
 * string after AS OF is a commit, branch, tag or ref first, a time
 * otherwise (an_as_of_text); any other value is a time.  While a
 * statement is only described, a parameter's time is not known: the
 * statement's own snapshot stands in.
 */
static int time_travel(an_ctx *c, const sql_time_travel *tt, const char *branch, store_snap **out)
{
	const char *text;
	int64_t ts = 0;
	bool pending, param;
	store_snap *snap = NULL;
	int r;

	if (time_value(c, tt->at, tt->tt == SQL_TT_AS_OF, "AS OF", &text, &ts, &pending, &param) !=
		EXEC_OK)
		return EXEC_ERROR;
	if (pending) {
		*out = c->snap;
		return EXEC_OK;
	}
	r = text != NULL ? an_as_of_text(&c->cx, c->s, branch, text, &snap, c->err)
			 : an_as_of_time(c->s, branch, ts, &snap, c->err);
	if (r != EXEC_OK)
		return at_value(c, tt->at, param);
	keep_snap(c, snap);
	*out = snap;
	return EXEC_OK;
}

/*
 * A system-time range (FOR SYSTEM_TIME BETWEEN a AND b, FROM a TO b,
 * ALL) as storage's closed interval [*from, *to] of microseconds since
 * 1970: SQL:2011's BETWEEN includes b, FROM ... TO excludes it.  A
 * range that ends before the branch's first commit is 22008, at its
 * end; one that starts after it ends is empty, as the standard has it.
 */
static int time_range(
	an_ctx *c, const sql_time_travel *tt, const char *branch, int64_t *from, int64_t *to)
{
	const char *what = tt->tt == SQL_TT_SYSTEM_BETWEEN ? "FOR SYSTEM_TIME BETWEEN"
							   : "FOR SYSTEM_TIME FROM";
	const char *text;
	int64_t a = 0, b = 0;
	bool pa, pb, parama, paramb;
	store_snap *snap = NULL;

	*from = INT64_MIN;
	*to = INT64_MAX;
	if (tt->tt == SQL_TT_SYSTEM_ALL)
		return EXEC_OK;
	if (time_value(c, tt->start, false, what, &text, &a, &pa, &parama) != EXEC_OK ||
		time_value(c, tt->stop, false, what, &text, &b, &pb, &paramb) != EXEC_OK)
		return EXEC_ERROR;
	if (pa || pb)
		return EXEC_OK; /* described only */
	*from = unix_us(a);
	*to = unix_us(b);
	if (tt->tt == SQL_TT_SYSTEM_FROM_TO && *to != INT64_MAX)
		*to = *to == INT64_MIN ? INT64_MIN : *to - 1;
	if (*from > *to)
		return EXEC_OK;

	/* The end's commit, for an error with a position here rather than when rows are read. */
	if (*to == INT64_MIN || store_snap_at_time(c->s, branch, *to, &snap, c->err) != STORE_OK) {
		store_err_clear(c->err);
		an_error(c, paramb ? -1 : tt->stop->loc, "22008",
			"FOR SYSTEM_TIME range ends before the first commit of branch \"%s\"",
			branch != NULL ? branch : store_default_branch(c->s));
		store_err_detail(c->err, "No version of any row is that old.");
		return EXEC_ERROR;
	}
	store_snap_free(snap);
	return EXEC_OK;
}

static plan_node *plan_scan(an_ctx *c, const cat_table *t, store_snap *snap, store_tx *tx);

/*
 * The versions of table t on branch up to snap in a system-time range
 * (plan.h's VERSIONS): the table's columns, then the system columns.
 */
static plan_node *plan_versions(an_ctx *c, const cat_table *t, store_snap *snap, const char *branch,
	int64_t from, int64_t to)
{
	plan_node *p = plan_scan(c, t, snap, NULL);
	exec_column *cols =
		sql_arena_alloc(c->a, sizeof(exec_column) * (size_t)(t->ncols + PLAN_NSYSCOLS));

	memcpy(cols, p->desc.cols, sizeof(exec_column) * (size_t)t->ncols);
	for (int i = 0; i < PLAN_NSYSCOLS; i++)
		cols[t->ncols + i] = plan_syscols[i];
	p->kind = PLAN_VERSIONS;
	p->desc.cols = cols;
	p->desc.ncols = t->ncols + PLAN_NSYSCOLS;
	p->src.stmt_view = false; /* never kept: its snapshot is its own */
	p->vbranch = branch;
	p->vfrom = from;
	p->vto = to;
	p->rows *= 2; /* a guess: the rows now, a few versions each */
	return p;
}

/*
 * Rows without a primary key are found again by their storage key: the
 * scan p of t, whose columns the scope sc has already, adds it as one
 * more column (the FROM row grows by it, no name reaches it).
 */
static void scan_with_key(an_ctx *c, an_scope *sc, plan_node *p, const cat_table *t)
{
	exec_column *cols = sql_arena_zalloc(c->a, sizeof(exec_column) * (size_t)(t->ncols + 1));

	memcpy(cols, p->desc.cols, sizeof(exec_column) * (size_t)t->ncols);
	cols[t->ncols].name = "?key";
	cols[t->ncols].type = EXEC_OID_BYTEA;
	cols[t->ncols].typmod = EXEC_TYPMOD_NONE;
	p->desc.cols = cols;
	p->desc.ncols = t->ncols + 1;
	p->src.with_key = true;
	sc->width++;
}

/* ---- Locking clauses (locks.h) ---- */

/* An enclosing level's clause, pushed into a view or subquery in FROM. */
struct an_lockpush {
	sql_lock_strength strength;
	store_rowmode mode;
	store_lockwait wait;
};

/* A query level's locking clauses, as its FROM items meet them. */
typedef struct an_lock {
	const sql_list *clauses;        /* the level's own SQL_LOCKING items, or NULL */
	const struct an_lockpush *push; /* an enclosing clause over every table here, or NULL */
	bool *matched;                  /* per OF name, clause after clause: an item had it */
	exec_lockitem *items;
	int nitems, cap;
} an_lock;

static store_lockwait lock_wait_of(sql_lock_wait w)
{
	return w == SQL_LOCK_NOWAIT        ? STORE_LOCK_NOWAIT
	       : w == SQL_LOCK_SKIP_LOCKED ? STORE_LOCK_SKIP
					   : STORE_LOCK_WAIT;
}

/* The more restrictive of two wait policies: NOWAIT, then SKIP LOCKED, then waiting. */
static store_lockwait lock_wait_max(store_lockwait a, store_lockwait b)
{
	static const int rank[] = {
		[STORE_LOCK_WAIT] = 0, [STORE_LOCK_SKIP] = 1, [STORE_LOCK_NOWAIT] = 2};

	return rank[a] >= rank[b] ? a : b;
}

/* The strength messages about a level's clauses name: its first clause's, or the pushed one. */
static sql_lock_strength lock_first(const an_lock *L)
{
	if (sql_list_len(L->clauses) > 0)
		return sql_as_locking(sql_list_nth(L->clauses, 0))->strength;
	return L->push->strength;
}

/* A level's locking: its own clauses, and what an enclosing level pushed (taken from c). */
static an_lock *lock_begin(an_ctx *c, const sql_select *q)
{
	an_lock *L = sql_arena_zalloc(c->a, sizeof(*L));
	int nnames = 0;

	L->clauses = q->locking;
	L->push = c->push_lock;
	c->push_lock = NULL;
	for (int i = 0; i < sql_list_len(q->locking); i++) {
		const sql_locking *lc = sql_as_locking(sql_list_nth(q->locking, i));

		for (int j = 0; j < sql_list_len(lc->tables); j++) {
			const sql_range_var *rv = sql_as_range_var(sql_list_nth(lc->tables, j));

			if (sql_list_len(rv->names) > 1) {
				an_error(c, rv->n.loc, "42601",
					"%s must specify unqualified relation names",
					exec_lock_strength_name(lc->strength));
				return NULL;
			}
			nnames++;
		}
	}
	L->matched = sql_arena_zalloc(c->a, sizeof(bool) * (size_t)(nnames + 1));
	return L;
}

/*
 * Whether the level locks the FROM item called alias, and how: the
 * strongest mode and most restrictive wait of the clauses naming it (or
 * naming no table), as PostgreSQL merges them.
 */
static bool lock_of(an_scope *sc, const char *alias, store_rowmode *mode, store_lockwait *wait)
{
	an_lock *L = sc->lock;
	bool found = false;
	int k = 0;

	if (L == NULL)
		return false;
	*mode = 0;
	*wait = STORE_LOCK_WAIT;
	if (L->push != NULL) {
		found = true;
		*mode = L->push->mode;
		*wait = L->push->wait;
	}
	for (int i = 0; i < sql_list_len(L->clauses); i++) {
		const sql_locking *lc = sql_as_locking(sql_list_nth(L->clauses, i));
		bool here = lc->tables == NULL;

		for (int j = 0; j < sql_list_len(lc->tables); j++, k++) {
			const sql_range_var *rv = sql_as_range_var(sql_list_nth(lc->tables, j));

			if (alias != NULL && strcmp(sql_list_str(rv->names, 0), alias) == 0) {
				here = true;
				L->matched[k] = true;
			}
		}
		if (here) {
			store_rowmode m = exec_lock_rowmode(lc->strength);

			found = true;
			*mode = m > *mode ? m : *mode;
			*wait = lock_wait_max(*wait, lock_wait_of(lc->wait));
		}
	}
	return found;
}

/* A FROM item that cannot be locked (a function, a join, a WITH query): 0A000 when OF names it. */
static int lock_refuse(an_ctx *c, an_scope *sc, const char *alias, const char *what)
{
	an_lock *L = sc->lock;

	for (int i = 0; L != NULL && alias != NULL && i < sql_list_len(L->clauses); i++) {
		const sql_locking *lc = sql_as_locking(sql_list_nth(L->clauses, i));

		for (int j = 0; j < sql_list_len(lc->tables); j++) {
			const sql_range_var *rv = sql_as_range_var(sql_list_nth(lc->tables, j));

			if (strcmp(sql_list_str(rv->names, 0), alias) == 0)
				return an_error(c, rv->n.loc, "0A000", "%s cannot be applied to %s",
					exec_lock_strength_name(lc->strength), what);
		}
	}
	return EXEC_OK;
}

static exec_lockitem *lock_item_add(an_ctx *c, an_lock *L)
{
	if (L->nitems == L->cap) {
		int cap = L->cap ? 2 * L->cap : 4;
		exec_lockitem *g = sql_arena_alloc(c->a, sizeof(*g) * (size_t)cap);

		if (L->nitems)
			memcpy(g, L->items, sizeof(*g) * (size_t)L->nitems);
		L->items = g;
		L->cap = cap;
	}
	memset(&L->items[L->nitems], 0, sizeof(L->items[0]));
	return &L->items[L->nitems++];
}

/* Rows of the nullable side of an outer join cannot be locked (PostgreSQL's planner says so). */
static int lock_nullable(an_ctx *c, an_scope *sc)
{
	if (sc->nullable == 0)
		return EXEC_OK;
	c->err_unplaced = true;
	return store_err_set(c->err, "0A000",
		"%s cannot be applied to the nullable side of an outer join",
		exec_lock_strength_name(lock_first(sc->lock)));
}

/*
 * A table of the level whose rows it locks: found again by its key, or
 * by its storage key (one more column of its scan) without a primary
 * key.  Only the session's branch at its current state can be locked.
 */
static int lock_table_item(an_ctx *c, an_scope *sc, const cat_table *t, plan_node *p, int off,
	bool current, int loc, store_rowmode mode, store_lockwait wait)
{
	const char *what = exec_lock_strength_name(lock_first(sc->lock));
	exec_lockitem *li;
	exec_rowcol *cols;

	if (lock_nullable(c, sc) != EXEC_OK)
		return EXEC_ERROR;
	if (!current)
		return an_error(c, loc, "0A000",
			"%s cannot be applied to a table read AS OF or on another branch", what);
	li = lock_item_add(c, sc->lock);
	li->off = off;
	li->t = t;
	li->keycol = -1;
	li->mode = mode;
	li->wait = wait;
	cols = sql_arena_alloc(c->a, sizeof(*cols) * (size_t)(t->ncols ? t->ncols : 1));
	for (int i = 0; i < t->ncols; i++) {
		cols[i].name = t->cols[i].name;
		cols[i].type = t->cols[i].type;
		cols[i].typmod = t->cols[i].typmod;
	}
	exec_rowdesc_init(c->a, cols, t->ncols, &li->rd);
	if (t->npk == 0) {
		scan_with_key(c, sc, p, t);
		li->keycol = off + t->ncols;
	}
	return EXEC_OK;
}

/*
 * The checks PostgreSQL makes of a level with locking clauses, in its
 * order: what a locked row could not be found again through, then the
 * OF names no FROM item had.
 */
static int lock_check(
	an_ctx *c, an_scope *sc, const sql_select *q, exec_expr *const *targets, int ntargets)
{
	an_lock *L = sc->lock;
	const char *what = exec_lock_strength_name(lock_first(L));
	const char *bad = NULL;
	int k = 0;

	if (q->distinct || sql_list_len(q->distinct_on) > 0)
		bad = "DISTINCT clause";
	else if (sql_list_len(q->group_by) > 0)
		bad = "GROUP BY clause";
	else if (q->having != NULL)
		bad = "HAVING clause";
	else if (sc->naggs > 0)
		bad = "aggregate functions";
	else if (sc->nwins > 0)
		bad = "window functions";
	for (int i = 0; bad == NULL && i < ntargets; i++)
		if (expr_has(targets[i], EXPR_SRF))
			bad = "set-returning functions in the target list";
	if (bad != NULL) {
		c->err_unplaced = true;
		return store_err_set(c->err, "0A000", "%s is not allowed with %s", what, bad);
	}
	for (int i = 0; i < sql_list_len(L->clauses); i++) {
		const sql_locking *lc = sql_as_locking(sql_list_nth(L->clauses, i));

		for (int j = 0; j < sql_list_len(lc->tables); j++, k++) {
			const sql_range_var *rv = sql_as_range_var(sql_list_nth(lc->tables, j));

			if (!L->matched[k])
				return an_error(c, rv->n.loc, "42P01",
					"relation \"%s\" in %s clause not found in FROM clause",
					sql_list_str(rv->names, 0),
					exec_lock_strength_name(lc->strength));
		}
	}
	return EXEC_OK;
}

/* What a locking level's rows carry, and where (finish_query). */
typedef struct lockout {
	const exec_locklevel *lv;
	bool inside; /* a LockRows node of the level's own; else the enclosing level locks */
	int junk;    /* where the FROM row starts among the targets */
} lockout;

/* A scan of a table, its columns described for RowDescription. */
static plan_node *plan_scan(an_ctx *c, const cat_table *t, store_snap *snap, store_tx *tx)
{
	plan_node *p = plan_new(c, PLAN_SCAN, t->ncols);
	const char **names =
		sql_arena_alloc(c->a, (size_t)(t->ncols ? t->ncols : 1) * sizeof(*names));
	exec_oid *types = sql_arena_alloc(c->a, (size_t)(t->ncols ? t->ncols : 1) * sizeof(*types));
	int32_t *typmods =
		sql_arena_alloc(c->a, (size_t)(t->ncols ? t->ncols : 1) * sizeof(*typmods));
	uint64_t count = 0;

	for (int i = 0; i < t->ncols; i++) {
		names[i] = t->cols[i].name;
		types[i] = t->cols[i].type;
		typmods[i] = t->cols[i].typmod;
		p->desc.cols[i].name = names[i];
		p->desc.cols[i].type = types[i];
		p->desc.cols[i].typmod = typmods[i];
		p->desc.cols[i].table_oid = t->oid;
		p->desc.cols[i].attnum = (int16_t)(i + 1);
	}
	p->src.table = t->name;
	p->src.snap = snap;
	p->src.tx = tx;
	p->src.stmt_view = snap == c->snap && tx == c->tx;
	p->src.ncols = t->ncols;
	p->src.colnames = names;
	p->src.coltypes = types;
	p->src.coltypmods = typmods;
	p->src.key_is_id = t->chrondb_layout;
	p->src.catalog = t;
	if (store_count(snap, t->name, &count, c->err) != STORE_OK) {
		store_err_clear(c->err);
		count = 1000;
	}
	p->rows = (double)count;
	return p;
}

static int from_item(an_ctx *c, an_scope *sc, group *g, sql_node *item, an_rte **out);
static plan_node *query_body(an_ctx *c, an_scope *parent, sql_select *q, bool *correlated);

/* A subquery's plan as a FROM item (also views and CTEs). */
static int from_plan(an_ctx *c, an_scope *sc, group *g, plan_node *p, const char *name,
	const sql_alias *alias, int loc, an_rte **out)
{
	int off = sc->width;
	an_rte *r;

	r = add_rte(c, sc, name, alias, &p->desc, 0, loc);
	if (r == NULL)
		return EXEC_ERROR;
	r->plan = p;
	group_add(c, g, p, off);
	*out = r;
	return EXEC_OK;
}

/*
 * from_plan for a query whose rows carry, after its columns, the FROM
 * row of its level sub, whose tables this level locks through it.
 */
static int from_plan_sub(an_ctx *c, an_scope *sc, group *g, plan_node *p, const char *name,
	const sql_alias *alias, int loc, an_rte **out, const exec_locklevel *sub)
{
	int off = sc->width, n = p->desc.ncols, nvis = n - sub->width;
	exec_lockitem *li;
	an_rte *r;

	p->desc.ncols = nvis;
	r = add_rte(c, sc, name, alias, &p->desc, 0, loc);
	p->desc.ncols = n;
	if (r == NULL)
		return EXEC_ERROR;
	sc->width += sub->width;
	group_add(c, g, p, off);
	li = lock_item_add(c, sc->lock);
	li->off = off;
	li->keycol = -1;
	li->sub = sub;
	li->nvisible = nvis;
	*out = r;
	return EXEC_OK;
}

/*
 * Before planning the query of a view or subquery in FROM called alias:
 * this level's locking clause that applies to it goes down into it, in
 * push (PostgreSQL locks a view's or subquery's tables for it).
 */
static int lock_push(an_ctx *c, an_scope *sc, const char *alias, struct an_lockpush *push)
{
	static const sql_lock_strength by_mode[] = {[STORE_ROW_KEY_SHARE] = SQL_LOCK_KEY_SHARE,
		[STORE_ROW_SHARE] = SQL_LOCK_SHARE,
		[STORE_ROW_NO_KEY_UPDATE] = SQL_LOCK_NO_KEY_UPDATE,
		[STORE_ROW_UPDATE] = SQL_LOCK_UPDATE};

	c->pushed_level = NULL;
	if (!lock_of(sc, alias, &push->mode, &push->wait))
		return EXEC_OK;
	if (lock_nullable(c, sc) != EXEC_OK)
		return EXEC_ERROR;
	push->strength = by_mode[push->mode];
	c->push_lock = push;
	return EXEC_OK;
}

/* After planning it: what the query's rows carry for this level to lock (NULL: nothing). */
static const exec_locklevel *lock_pushed(an_ctx *c)
{
	const exec_locklevel *sub = c->pushed_level;

	c->push_lock = NULL;
	c->pushed_level = NULL;
	return sub;
}

/*
 * A view's query (text), analyzed as a subquery of the FROM list; its
 * columns take the view's names (ncols of them), then the alias's.
 */
static int from_view_query(an_ctx *c, an_scope *sc, group *g, const char *name, const char *text,
	const char *const *colnames, int ncols, const sql_range_var *rv, an_rte **out)
{
	sql_error perr;
	sql_stmt_list *stmts = NULL;
	const char *p = sql_arena_strndup(c->a, text, strlen(text));
	plan_node *plan;
	const char *saved_sql = c->sql;
	size_t saved_len = c->sqllen;
	const exec_locklevel *sub;

	memset(&perr, 0, sizeof(perr));
	if (sql_parse(p, strlen(p), c->a, &stmts, &perr) != 0 || stmts == NULL ||
		sql_list_len(stmts->stmts) != 1 ||
		sql_list_nth(stmts->stmts, 0)->kind != SQL_SELECT) {
		an_error(c, rv->n.loc, "XX001", "the query of view \"%s\" does not parse: %s", name,
			perr.message);
		return EXEC_ERROR;
	}

	/* Errors inside the view point at the view's name, not into its text. */
	c->sql = p;
	c->sqllen = strlen(p);
	plan = an_query(c, NULL, sql_as_select(sql_list_nth(stmts->stmts, 0)));
	sub = lock_pushed(c);
	c->sql = saved_sql;
	c->sqllen = saved_len;
	if (plan == NULL) {
		if (!c->err_unplaced)
			c->err->position = sql_char_position(c->sql, c->sqllen, rv->n.loc);
		return EXEC_ERROR;
	}
	for (int i = 0; i < ncols && i < plan->desc.ncols; i++)
		if (colnames[i] != NULL)
			plan->desc.cols[i].name = colnames[i];
	if (sub != NULL)
		return from_plan_sub(c, sc, g, plan, name, rv->alias, rv->n.loc, out, sub);
	return from_plan(c, sc, g, plan, name, rv->alias, rv->n.loc, out);
}

/* A view: its stored entry's query and column names. */
static int from_view(an_ctx *c, an_scope *sc, group *g, const char *name, const char *json,
	const sql_range_var *rv, an_rte **out)
{
	json_error_t je;
	json_t *root = json_loads(json, 0, &je), *cols;
	const char *text = NULL;
	const char **names;
	struct an_lockpush push;
	int n, rc;

	if (root == NULL || (text = json_string_value(json_object_get(root, "query"))) == NULL) {
		json_decref(root);
		an_error(c, rv->n.loc, "XX001", "the definition of view \"%s\" is damaged", name);
		return EXEC_ERROR;
	}
	cols = json_object_get(root, "columns");
	n = json_is_array(cols) ? (int)json_array_size(cols) : 0;
	names = sql_arena_alloc(c->a, (size_t)(n ? n : 1) * sizeof(*names));
	for (int i = 0; i < n; i++) {
		const char *cn = json_string_value(json_array_get(cols, (size_t)i));

		names[i] = cn != NULL ? sql_arena_strndup(c->a, cn, strlen(cn)) : NULL;
	}
	text = sql_arena_strndup(c->a, text, strlen(text));
	json_decref(root);
	if (lock_push(c, sc, rv->alias ? rv->alias->name : name, &push) != EXEC_OK)
		return EXEC_ERROR;
	rc = from_view_query(c, sc, g, name, text, names, n, rv, out);
	return rc;
}

/*
 * A relation of the system catalog (syscat.h): a base catalog is a
 * function scan producing its rows, a system view its query.
 */
static int from_systable(an_ctx *c, an_scope *sc, group *g, const exec_systable *st,
	const sql_range_var *rv, an_rte **out)
{
	int off = sc->width;
	plan_node *p;
	an_rte *r;

	if (rv->time_travel != NULL) {
		an_error(c, rv->n.loc, "0A000",
			"AS OF and FOR SYSTEM_TIME do not apply to the system catalog");
		return EXEC_ERROR;
	}
	if (st->srf.fn == NULL) {
		const char **names = sql_arena_alloc(c->a, (size_t)st->ncols * sizeof(*names));

		for (int i = 0; i < st->ncols; i++)
			names[i] = st->cols[i].name;
		return from_view_query(c, sc, g, st->name, st->query, names, st->ncols, rv, out);
	}
	p = plan_new(c, PLAN_FUNCTION, st->ncols);
	for (int i = 0; i < st->ncols; i++) {
		p->desc.cols[i].name = st->cols[i].name;
		p->desc.cols[i].type = st->cols[i].type;
		p->desc.cols[i].typmod = EXEC_TYPMOD_NONE;
		p->desc.cols[i].table_oid = st->oid;
		p->desc.cols[i].attnum = (int16_t)(i + 1);
	}
	p->srf = &st->srf;

	/* Parameters: NULL until a condition in WHERE gives one (function_params). */
	for (p->nfargs = 0; st->params != NULL && st->params[p->nfargs] != NULL; p->nfargs++)
		;
	p->fargs = sql_arena_alloc(c->a, (size_t)(p->nfargs + 1) * sizeof(exec_expr *));
	for (int i = 0; i < p->nfargs; i++)
		p->fargs[i] = exec_expr_const(c->a, exec_null(EXEC_OID_TEXT), EXEC_TYPMOD_NONE);
	p->alias = rv->alias ? rv->alias->name : NULL;
	p->rows = 100;
	r = add_rte(c, sc, st->name, rv->alias, &p->desc, 0, rv->n.loc);
	if (r == NULL)
		return EXEC_ERROR;
	r->table_oid = st->oid;
	group_add(c, g, p, off);
	*out = r;
	return EXEC_OK;
}

/*
 * A table FOR SYSTEM_TIME BETWEEN, FROM ... TO or ALL: every version of
 * its rows in the range, up to snap (the statement's view of the
 * table's branch), with the system columns, which only their names
 * reach.  History is what was committed: the transaction's own writes
 * are not in it.  Rows of the past cannot be locked, and a view has no
 * history of its own.
 *
 * XXX: every version is decoded with the definition at snap (a column
 * added later reads NULL in older versions, a dropped table has no
 * range); each version's own commit's definition would fix it.  XXX:
 * the versions end at snap, so a range ending within a WAL flush of the
 * statement's start can miss a commit stamped in it but not yet durable,
 * which AS OF a time waits for; a range shares the statement's snapshot
 * with the other FROM items it is joined to instead.
 */
static int from_versions(an_ctx *c, an_scope *sc, group *g, const sql_range_var *rv,
	const char *name, store_snap *snap, an_rte **out)
{
	const char *branch = store_snap_branch_name(snap);
	const cat_table *t = NULL;
	int64_t from, to;
	store_rowmode m;
	store_lockwait w;
	bool found;
	int off = sc->width;
	plan_node *p;
	an_rte *r;

	if (branch == NULL)
		branch = c->branch;
	if (lock_of(sc, rv->alias ? rv->alias->name : name, &m, &w))
		return an_error(c, rv->n.loc, "0A000",
			"row locks cannot be applied to the versions of FOR SYSTEM_TIME");
	if (load_table(c, name, snap, NULL, &t, &found) != EXEC_OK)
		return EXEC_ERROR;
	if (!found) {
		char *json = NULL;

		if (store_tx_meta_get(NULL, snap, "views", name, &json, c->err) == STORE_OK) {
			free(json);
			return an_error(c, rv->n.loc, "0A000",
				"FOR SYSTEM_TIME BETWEEN, FROM ... TO and ALL apply to tables, not "
				"to views");
		}
		store_err_clear(c->err);
		return an_error(c, rv->n.loc, "42P01", "relation \"%s\" does not exist", name);
	}
	if (time_range(c, rv->time_travel, branch, &from, &to) != EXEC_OK)
		return EXEC_ERROR;

	/* Its bounds are the run's constants: a plan kept for later runs would keep them. */
	c->uncacheable = true;
	p = plan_versions(c, t, snap, branch, from, to);
	r = add_rte(c, sc, name, rv->alias, &p->desc, PLAN_NSYSCOLS, rv->n.loc);
	if (r == NULL)
		return EXEC_ERROR;
	r->table = t;
	r->table_oid = t->oid;
	group_add(c, g, p, off);
	*out = r;
	return EXEC_OK;
}

static int from_relation(an_ctx *c, an_scope *sc, group *g, const sql_range_var *rv, an_rte **out)
{
	int n = sql_list_len(rv->names);
	const char *schema = n >= 2 ? sql_list_str(rv->names, n - 2) : NULL;
	const char *name = sql_list_str(rv->names, n - 1);
	const cat_table *t = NULL;
	store_snap *snap;
	store_tx *tx;
	bool found;
	int off = sc->width;
	plan_node *p;
	an_rte *r;

	/* A WITH query of this statement, innermost first. */
	if (schema == NULL) {
		for (an_cte *cte = c->ctes; cte != NULL; cte = cte->prev) {
			an_cte *saved = c->ctes;

			if (strcmp(cte->name, name) != 0)
				continue;
			/* Locking clauses do not reach through WITH queries, as in PostgreSQL. */
			if (lock_refuse(c, sc, rv->alias ? rv->alias->name : name,
				    "a WITH query") != EXEC_OK)
				return EXEC_ERROR;
			if (rv->time_travel != NULL) {
				an_error(c, rv->n.loc, "0A000",
					"AS OF and FOR SYSTEM_TIME apply to tables, not to WITH queries");
				return EXEC_ERROR;
			}
			c->ctes = cte->prev;
			p = an_query(c, NULL, cte->query);
			c->ctes = saved;
			if (p == NULL)
				return EXEC_ERROR;
			for (int i = 0; i < sql_list_len(cte->columns) && i < p->desc.ncols; i++)
				p->desc.cols[i].name = sql_list_str(cte->columns, i);
			if (sql_list_len(cte->columns) > p->desc.ncols) {
				an_error(c, cte->loc, "42P10",
					"WITH query \"%s\" has %d columns available but %d columns specified",
					name, p->desc.ncols, sql_list_len(cte->columns));
				return EXEC_ERROR;
			}
			return from_plan(c, sc, g, p, name, rv->alias, rv->n.loc, out);
		}
	}
	if (n > 3 || (n == 3 && strcmp(sql_list_str(rv->names, 0), "chrondb") != 0)) {
		an_error(c, rv->n.loc, "0A000", "cross-database references are not implemented");
		return EXEC_ERROR;
	}

	/* pg_catalog is searched first, as PostgreSQL does when search_path leaves it out. */
	if (schema == NULL || exec_syscat_schema(schema)) {
		const exec_systable *st = exec_systable_find(schema, name);

		if (st != NULL) {
			store_rowmode m;
			store_lockwait w;

			/*
			 * XXX: the system catalog's rows are built for each run and
			 * stored nowhere, so a locking clause has no row to lock
			 * there (PostgreSQL locks pg_class's rows); it is accepted
			 * and locks nothing.
			 */
			(void)lock_of(sc, rv->alias ? rv->alias->name : name, &m, &w);
			c->uncacheable = true; /* system views are SQL over a run's image */
			if (exec_lock_relation(c, c->snap, st->name, st->oid,
				    STORE_LOCK_ACCESS_SHARE) != EXEC_OK)
				return EXEC_ERROR;
			return from_systable(c, sc, g, st, rv, out);
		}
		if (schema != NULL) {
			an_error(c, rv->n.loc, "42P01", "relation \"%s.%s\" does not exist", schema,
				name);
			return EXEC_ERROR;
		}
	}
	if (resolve_schema(c, schema, rv->n.loc, &snap, &tx) != EXEC_OK)
		return EXEC_ERROR;
	if (rv->time_travel != NULL && (rv->time_travel->tt == SQL_TT_AS_OF ||
					       rv->time_travel->tt == SQL_TT_SYSTEM_AS_OF)) {
		const char *branch = store_snap_branch_name(snap);

		if (time_travel(c, rv->time_travel, branch ? branch : c->branch, &snap) != EXEC_OK)
			return EXEC_ERROR;
		tx = NULL; /* the past is read as it was, without this transaction's writes */
	} else if (rv->time_travel != NULL) {
		return from_versions(c, sc, g, rv, name, snap, out);
	}
	{
		store_rowmode m;
		store_lockwait w;
		bool locked = lock_of(sc, rv->alias ? rv->alias->name : name, &m, &w);
		int saved = c->relmode, rc;

		/* A table whose rows the level locks: ROW SHARE, as PostgreSQL takes for it. */
		if (locked)
			c->relmode = STORE_LOCK_ROW_SHARE;
		rc = load_table(c, name, snap, tx, &t, &found);
		c->relmode = saved;
		if (rc != EXEC_OK)
			return EXEC_ERROR;
		if (!found) {
			char *json = NULL;

			if (store_tx_meta_get(c->tx, snap, "views", name, &json, c->err) ==
				STORE_OK) {
				/*
				 * A kept plan would not see the view change.  XXX: a view
				 * AS OF some time has that time's definition but reads its
				 * tables now: its query would have to be analyzed at snap.
				 */
				c->uncacheable = true;
				rc = exec_lock_view(c, snap, name,
					locked ? STORE_LOCK_ROW_SHARE : STORE_LOCK_ACCESS_SHARE);
				if (rc == EXEC_OK)
					rc = from_view(c, sc, g, name, json, rv, out);
				free(json);
				return rc;
			}
			store_err_clear(c->err);
			an_error(c, rv->n.loc, "42P01", "relation \"%s\" does not exist", name);
			return EXEC_ERROR;
		}
		p = plan_scan(c, t, snap, tx);
		r = add_rte(c, sc, name, rv->alias, &p->desc, 0, rv->n.loc);
		if (r == NULL)
			return EXEC_ERROR;
		r->table = t;
		r->table_oid = t->oid;
		if (locked && lock_table_item(c, sc, t, p, off,
				      rv->time_travel == NULL && tx == c->tx && snap == c->snap,
				      rv->n.loc, m, w) != EXEC_OK)
			return EXEC_ERROR;
		group_add(c, g, p, off);
		*out = r;
		return EXEC_OK;
	}
}

/* ---- FROM: subqueries and functions ---- */

static int from_subselect(
	an_ctx *c, an_scope *sc, group *g, const sql_range_subselect *rs, an_rte **out)
{
	an_scope *saved_lateral = c->lateral_next, *saved_hidden = c->hidden_next;
	const exec_locklevel *sub;
	struct an_lockpush push;
	plan_node *p;
	bool correlated = false;
	int lo, hi;

	/*
	 * Its query sees the items to its left only when it is LATERAL; either
	 * way it sees what this level's own query sees laterally (an item of
	 * an enclosing LATERAL subquery's level).
	 */
	sc->lat_lo = INT_MAX;
	sc->lat_hi = -1;
	c->lateral_next = rs->lateral ? sc : sc->lateral;
	c->hidden_next = rs->lateral ? NULL : sc;
	if (lock_push(c, sc, rs->alias ? rs->alias->name : NULL, &push) != EXEC_OK)
		return EXEC_ERROR;
	p = query_body(c, sc->parent, sql_as_select(rs->subquery), &correlated);
	sub = lock_pushed(c);
	c->lateral_next = saved_lateral;
	c->hidden_next = saved_hidden;
	if (p == NULL)
		return EXEC_ERROR;

	/* Reading the enclosing query's row makes this level read it too. */
	if (correlated)
		sc->outer_refs = true;
	lo = sc->lat_lo;
	hi = sc->lat_hi;
	if ((sub != NULL ? from_plan_sub(c, sc, g, p, rs->alias ? rs->alias->name : NULL, rs->alias,
				   rs->n.loc, out, sub)
			 : from_plan(c, sc, g, p, rs->alias ? rs->alias->name : NULL, rs->alias,
				   rs->n.loc, out)) != EXEC_OK)
		return EXEC_ERROR;
	group_deps(g, lo, hi);
	return EXEC_OK;
}

/*
 * A function in FROM: a set-returning function's rows, or a scalar
 * function's one row; WITH ORDINALITY adds a bigint column numbering
 * them.  Its arguments may read the items to its left: a function in
 * FROM is LATERAL, as PostgreSQL makes it.
 */
static int from_function(
	an_ctx *c, an_scope *sc, group *g, const sql_range_function *rf, an_rte **out)
{
	const sql_funccall *f;
	const char *fname;
	exec_oid types[8], result = 0;
	exec_expr *args[8];
	const exec_srf *srf;
	an_scope *argscope = an_scope_new(c, sc->parent);
	plan_node *p;
	int nargs, ncols, lo, hi;
	bool named;

	if (rf->func->kind != SQL_FUNCCALL) {
		an_error(c, rf->n.loc, "0A000",
			"only function calls may appear as functions in FROM");
		return EXEC_ERROR;
	}
	f = sql_as_funccall(rf->func);
	fname = sql_list_str(f->name, sql_list_len(f->name) - 1);
	if (lock_refuse(c, sc, rf->alias ? rf->alias->name : fname, "a function") != EXEC_OK)
		return EXEC_ERROR;
	nargs = sql_list_len(f->args);
	if (nargs > 8) {
		an_error(c, f->n.loc, "54023",
			"cannot pass more than 8 arguments to a function in FROM");
		return EXEC_ERROR;
	}
	argscope->no_aggs = true;
	argscope->no_aggs_where = "functions in FROM";
	argscope->srf_where = "functions in FROM";
	argscope->lateral = sc;
	sc->lat_lo = INT_MAX;
	sc->lat_hi = -1;
	for (int i = 0; i < nargs; i++) {
		args[i] = an_expr(c, argscope, sql_list_nth(f->args, i));
		if (args[i] == NULL)
			return EXEC_ERROR;
		types[i] = args[i]->type;
	}
	srf = exec_srf_resolve(fname, types, nargs, &result, c->err);
	if (srf != NULL) {
		for (int i = 0; i < nargs; i++) {
			exec_oid to = exec_srf_arg_type(srf, i, types, nargs);

			args[i] = an_coerce(
				c, args[i], to, EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT, "argument");
			if (args[i] == NULL)
				return EXEC_ERROR;
		}
		exec_tupdesc shape = {0};

		/* A function whose arguments decide its columns (chrondb_at: its table's). */
		if (srf->ncols == 0 &&
			exec_hist_columns(c, srf, args, nargs, f->n.loc, &shape) != EXEC_OK)
			return EXEC_ERROR;
		ncols = srf->ncols == 0 ? shape.ncols : srf->ncols;
		p = plan_new(c, PLAN_FUNCTION, ncols + rf->ordinality);
		for (int i = 0; i < ncols; i++) {
			if (srf->ncols == 0) {
				p->desc.cols[i] = shape.cols[i];
				continue;
			}
			p->desc.cols[i].name =
				srf->colnames[i] != NULL ? srf->colnames[i] : srf->name;
			p->desc.cols[i].type = srf->ncols == 1 ? result : srf->coltypes[i];
			p->desc.cols[i].typmod = EXEC_TYPMOD_NONE;
		}
		p->srf = srf;
		p->nfargs = nargs;
		p->fargs = sql_arena_alloc(c->a, (size_t)(nargs ? nargs : 1) * sizeof(exec_expr *));
		memcpy(p->fargs, args, (size_t)nargs * sizeof(exec_expr *));
		p->ordinality = rf->ordinality;
		p->alias = rf->alias ? rf->alias->name : NULL;
		p->rows = 100;
	} else {
		/* A scalar function in FROM: one row of its value. */
		exec_expr *e;

		if (strcmp(c->err->sqlstate, "42883") != 0)
			return EXEC_ERROR;
		store_err_clear(c->err);
		e = an_expr(c, argscope, rf->func);
		if (e == NULL)
			return EXEC_ERROR;
		if (e->type == EXEC_OID_UNKNOWN)
			e = an_coerce(
				c, e, EXEC_OID_TEXT, EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT, "value");
		ncols = 1;
		p = plan_new(c, PLAN_RESULT, 1 + rf->ordinality);
		p->exprs = sql_arena_alloc(c->a, 2 * sizeof(*p->exprs));
		p->exprs[0] = e;
		p->desc.cols[0].name = fname;
		p->desc.cols[0].type = e->type;
		p->desc.cols[0].typmod = e->typmod;
		if (rf->ordinality)
			p->exprs[1] =
				exec_expr_const(c->a, exec_int(EXEC_OID_INT8, 1), EXEC_TYPMOD_NONE);
	}
	if (rf->ordinality) {
		p->desc.cols[ncols].name = "ordinality";
		p->desc.cols[ncols].type = EXEC_OID_INT8;
		p->desc.cols[ncols].typmod = EXEC_TYPMOD_NONE;
	}
	if (argscope->outer_refs)
		sc->outer_refs = true;
	lo = sc->lat_lo;
	hi = sc->lat_hi;

	/*
	 * A one-column function's column takes the alias's name, as
	 * PostgreSQL does, unless the function names its column
	 * (jsonb_array_elements' OUT value).
	 */
	named = srf != NULL && srf->colnames[0] != NULL && strcmp(srf->colnames[0], srf->name) != 0;
	if (rf->alias != NULL && ncols == 1 && sql_list_len(rf->alias->columns) == 0 && !named)
		p->desc.cols[0].name = rf->alias->name;
	if (from_plan(c, sc, g, p, rf->alias ? rf->alias->name : fname, rf->alias, rf->n.loc,
		    out) != EXEC_OK)
		return EXEC_ERROR;

	/* Its whole-row reference is its one value, not a record of it. */
	(*out)->scalar_fn = ncols == 1 && !rf->ordinality;
	group_deps(g, lo, hi);
	return EXEC_OK;
}

/* ---- FROM: joins ---- */

/* The expression for column i of rte r, over the FROM row. */
static exec_expr *rte_col_expr(an_ctx *c, const an_rte *r, int i)
{
	if (r->colexprs != NULL)
		return r->colexprs[i];
	return exec_expr_var(c->a, 0, r->offset + i, r->types[i], r->typmods[i]);
}

static int rte_find(const an_rte *r, const char *name)
{
	for (int i = 0; i < r->ncols; i++) {
		if (strcmp(r->colnames[i], name) == 0)
			return i;
	}
	return -1;
}

/* l = r for a USING column, resolved as an operator (types may differ). */
static exec_expr *using_eq(an_ctx *c, exec_expr *l, exec_expr *r, int loc)
{
	exec_oid cl = 0, cr = 0;
	const exec_oper *op = exec_oper_resolve("=", l->type, r->type, &cl, &cr, c->err);
	exec_expr *args[2];

	if (op == NULL) {
		if (c->err->position == 0)
			c->err->position = sql_char_position(c->sql, c->sqllen, loc);
		return NULL;
	}
	args[0] = an_coerce(
		c, l, cl ? cl : op->left, EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT, "JOIN/USING");
	args[1] = an_coerce(
		c, r, cr ? cr : op->right, EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT, "JOIN/USING");
	if (args[0] == NULL || args[1] == NULL)
		return NULL;
	return exec_expr_call(c->a, op->fn, op->name, true, op->result, 2, args);
}

static int from_join(an_ctx *c, an_scope *sc, group *g, const sql_join *j, an_rte **out)
{
	int first = sc->nrtes, nusing, n = 0, rc;
	bool outer = j->jointype == SQL_JOIN_LEFT || j->jointype == SQL_JOIN_RIGHT ||
		     j->jointype == SQL_JOIN_FULL;
	int left_nullable, right_nullable;
	group lg = {0}, rg = {0}, *gl = g, *gr = g;
	an_rte *lr = NULL, *rr = NULL, *jr;
	exprlist quals = {0};
	exec_expr *onq = NULL;
	const char **usecols;
	const char **names;
	exec_oid *types;
	int32_t *typmods;
	exec_expr **exprs;
	int *lused, *rused;

	if (outer) {
		group_init(&lg, sc, sc->width);
		gl = &lg;
	}
	/* Which sides may go missing: no locking clause may lock their rows. */
	left_nullable = j->jointype == SQL_JOIN_RIGHT || j->jointype == SQL_JOIN_FULL;
	right_nullable = j->jointype == SQL_JOIN_LEFT || j->jointype == SQL_JOIN_FULL;
	sc->nullable += left_nullable;
	rc = from_item(c, sc, gl, j->left, &lr);
	sc->nullable -= left_nullable;
	if (rc != EXEC_OK)
		return EXEC_ERROR;
	if (outer) {
		group_init(&rg, sc, sc->width);
		gr = &rg;
	}

	/* The right side of a RIGHT or FULL join may not read its left side laterally. */
	for (int i = first; i < sc->nrtes; i++)
		sc->rtes[i]->no_lateral =
			j->jointype == SQL_JOIN_RIGHT || j->jointype == SQL_JOIN_FULL;
	sc->nullable += right_nullable;
	rc = from_item(c, sc, gr, j->right, &rr);
	sc->nullable -= right_nullable;
	if (rc != EXEC_OK)
		return EXEC_ERROR;
	for (int i = first; i < sc->nrtes; i++)
		sc->rtes[i]->no_lateral = false;
	if (j->alias != NULL && lock_refuse(c, sc, j->alias->name, "a join") != EXEC_OK)
		return EXEC_ERROR;

	/* The USING columns (NATURAL: the names both sides have). */
	if (j->natural) {
		usecols = sql_arena_alloc(c->a, (size_t)(lr->ncols + 1) * sizeof(*usecols));
		nusing = 0;
		for (int i = 0; i < lr->ncols; i++) {
			if (rte_find(rr, lr->colnames[i]) >= 0)
				usecols[nusing++] = lr->colnames[i];
		}
	} else {
		nusing = sql_list_len(j->using_cols);
		usecols = sql_arena_alloc(c->a, (size_t)(nusing + 1) * sizeof(*usecols));
		for (int i = 0; i < nusing; i++)
			usecols[i] = sql_list_str(j->using_cols, i);
	}

	/* The join's own entry: USING columns merged first, then each side's others. */
	n = lr->ncols + rr->ncols - nusing;
	names = sql_arena_alloc(c->a, (size_t)(n + 1) * sizeof(*names));
	types = sql_arena_alloc(c->a, (size_t)(n + 1) * sizeof(*types));
	typmods = sql_arena_alloc(c->a, (size_t)(n + 1) * sizeof(*typmods));
	exprs = sql_arena_alloc(c->a, (size_t)(n + 1) * sizeof(*exprs));
	lused = sql_arena_zalloc(c->a, (size_t)(lr->ncols + 1) * sizeof(*lused));
	rused = sql_arena_zalloc(c->a, (size_t)(rr->ncols + 1) * sizeof(*rused));
	n = 0;
	for (int i = 0; i < nusing; i++) {
		int li = rte_find(lr, usecols[i]), ri = rte_find(rr, usecols[i]);
		int loc = j->using_cols ? sql_list_nth(j->using_cols, i)->loc : j->n.loc;
		exec_expr *le, *re, *eq, *pair[2];
		exec_oid t;

		for (int k = 0; k < i; k++) {
			if (strcmp(usecols[k], usecols[i]) == 0) {
				an_error(c, loc, "42701",
					"column name \"%s\" appears more than once in USING clause",
					usecols[i]);
				return EXEC_ERROR;
			}
		}
		if (li < 0 || ri < 0) {
			an_error(c, -1, "42703",
				"column \"%s\" specified in USING clause does not exist in %s table",
				usecols[i], li < 0 ? "left" : "right");
			return EXEC_ERROR;
		}
		lused[li] = rused[ri] = 1;
		le = rte_col_expr(c, lr, li);
		re = rte_col_expr(c, rr, ri);
		eq = using_eq(c, le, re, loc);
		if (eq == NULL)
			return EXEC_ERROR;
		list_add(c, &quals, eq);

		/* The merged column: the side that is always there, or both coalesced. */
		pair[0] = eq->args[0];
		pair[1] = eq->args[1];
		t = pair[0]->type;
		names[n] = usecols[i];
		types[n] = t;
		typmods[n] = EXEC_TYPMOD_NONE;
		if (j->jointype == SQL_JOIN_RIGHT) {
			exprs[n] = pair[1];
		} else if (j->jointype == SQL_JOIN_FULL) {
			exprs[n] = exec_expr_new(c->a, EXPR_COALESCE, t, EXEC_TYPMOD_NONE);
			exec_expr_set_args(c->a, exprs[n], 2, pair);
		} else {
			exprs[n] = pair[0];
			typmods[n] = lr->typmods[li];
		}
		n++;
	}
	for (int side = 0; side < 2; side++) {
		const an_rte *r = side ? rr : lr;
		const int *used = side ? rused : lused;

		for (int i = 0; i < r->ncols; i++) {
			if (used[i])
				continue;
			names[n] = r->colnames[i];
			types[n] = r->types[i];
			typmods[n] = r->typmods[i];
			exprs[n] = rte_col_expr(c, r, i);
			n++;
		}
	}

	/* ON: analyzed over the join's two sides only. */
	if (j->quals != NULL) {
		an_scope *on = an_scope_new(c, sc->parent);
		exec_expr *q;

		on->no_aggs = true;
		on->no_aggs_where = "JOIN conditions";
		on->srf_where = "JOIN conditions";
		on->hidden = sc;
		on->lateral = sc->lateral;
		for (int i = first; i < sc->nrtes; i++) {
			if (on->nrtes == on->caprtes) {
				int cap = on->caprtes ? 2 * on->caprtes : 8;
				an_rte **gr2 = sql_arena_alloc(c->a, (size_t)cap * sizeof(*gr2));

				if (on->nrtes)
					memcpy(gr2, on->rtes, (size_t)on->nrtes * sizeof(*gr2));
				on->rtes = gr2;
				on->caprtes = cap;
			}
			on->rtes[on->nrtes++] = sc->rtes[i];
		}
		on->width = sc->width;
		q = an_qual(c, on, j->quals, "JOIN/ON");
		if (q == NULL)
			return EXEC_ERROR;
		if (on->outer_refs)
			sc->outer_refs = true;
		onq = q;
		conj_add(c, &quals, q);
	}

	/* The inputs' columns are now reached through the join (and by name unless it is aliased). */
	for (int i = first; i < sc->nrtes; i++) {
		sc->rtes[i]->no_cols = true;
		if (j->alias != NULL)
			sc->rtes[i]->hidden = true;
	}
	jr = an_scope_add(c, sc, j->alias ? j->alias->name : NULL, 0, NULL, NULL, NULL);
	jr->ncols = n;
	jr->colnames = names;
	jr->types = types;
	jr->typmods = typmods;
	jr->colexprs = exprs;
	jr->on = onq;
	if (j->alias != NULL) {
		int na = sql_list_len(j->alias->columns);

		if (na > n) {
			an_error(c, j->alias->n.loc, "42P10",
				"table \"%s\" has %d columns available but %d columns specified",
				j->alias->name, n, na);
			return EXEC_ERROR;
		}
		for (int i = 0; i < na; i++)
			names[i] = sql_list_str(j->alias->columns, i);
	}
	*out = jr;

	if (!outer) {
		for (int i = 0; i < quals.n; i++)
			list_add(c, &g->quals, quals.v[i]);
		return EXEC_OK;
	}

	/* An outer join: conditions on the side that may go missing filter that side first. */
	{
		exprlist rest = {0};
		plan_node *lp, *rp, *jp;
		plan_join jt = j->jointype == SQL_JOIN_LEFT    ? JOIN_LEFT
			       : j->jointype == SQL_JOIN_RIGHT ? JOIN_RIGHT
							       : JOIN_FULL;

		for (int i = 0; i < quals.n; i++) {
			int lo = INT_MAX, hi = -1;
			bool opaque = false;

			expr_refs(quals.v[i], &lo, &hi, &opaque);
			if (opaque) {
				an_error(c, quals.v[i]->loc, "0A000",
					"correlated subqueries in outer join conditions are not supported");
				return EXEC_ERROR;
			}
			if (jt == JOIN_LEFT && lo >= rg.off && lo <= hi)
				list_add(c, &rg.quals, quals.v[i]);
			else if (jt == JOIN_RIGHT && hi < rg.off && lo <= hi)
				list_add(c, &lg.quals, quals.v[i]);
			else
				list_add(c, &rest, quals.v[i]);
		}
		lp = plan_group(c, &lg);
		rp = lp ? plan_group(c, &rg) : NULL;
		if (lp == NULL || rp == NULL)
			return EXEC_ERROR;
		jp = make_join(
			c, lp, lg.off, rp, rg.off, jt, &rest, rg.dep_hi >= lg.off ? sc : NULL);
		group_add(c, g, jp, lg.off);

		/* What either side reads laterally before the join, the join reads. */
		{
			int lo = lg.dep_lo, hi = lg.dep_hi;

			if (rg.dep_lo < lg.off) {
				int rhi = rg.dep_hi < lg.off ? rg.dep_hi : lg.off - 1;

				lo = rg.dep_lo < lo ? rg.dep_lo : lo;
				hi = rhi > hi ? rhi : hi;
			}
			group_deps(g, lo, hi);
		}
	}
	return EXEC_OK;
}

static int from_item(an_ctx *c, an_scope *sc, group *g, sql_node *item, an_rte **out)
{
	int rc;

	switch (item->kind) {
	case SQL_RANGE_VAR:
		rc = from_relation(c, sc, g, sql_as_range_var(item), out);
		break;
	case SQL_RANGE_SUBSELECT:
		rc = from_subselect(c, sc, g, sql_as_range_subselect(item), out);
		break;
	case SQL_RANGE_FUNCTION:
		rc = from_function(c, sc, g, sql_as_range_function(item), out);
		break;
	case SQL_JOIN:
		rc = from_join(c, sc, g, sql_as_join(item), out);
		break;
	default:
		an_error(c, item->loc, "0A000", "this kind of FROM item is not supported");
		return EXEC_ERROR;
	}
	if (rc == EXEC_OK)
		(*out)->src = item;
	return rc;
}

/* ---- Targets ---- */

/* The output columns being built: expressions, names, and where they came from. */
typedef struct targets {
	exprlist e;
	const char **names;
	int capnames;
	uint32_t *table_oid;
	int16_t *attnum;
} targets;

static void target_add(
	an_ctx *c, targets *t, exec_expr *e, const char *name, uint32_t toid, int16_t attnum)
{
	if (t->e.n == t->capnames) {
		int cap = t->capnames ? 2 * t->capnames : 16;
		const char **nn = sql_arena_alloc(c->a, (size_t)cap * sizeof(*nn));
		uint32_t *to = sql_arena_alloc(c->a, (size_t)cap * sizeof(*to));
		int16_t *an = sql_arena_alloc(c->a, (size_t)cap * sizeof(*an));

		if (t->e.n) {
			memcpy(nn, t->names, (size_t)t->e.n * sizeof(*nn));
			memcpy(to, t->table_oid, (size_t)t->e.n * sizeof(*to));
			memcpy(an, t->attnum, (size_t)t->e.n * sizeof(*an));
		}
		t->names = nn;
		t->table_oid = to;
		t->attnum = an;
		t->capnames = cap;
	}
	t->names[t->e.n] = name;
	t->table_oid[t->e.n] = toid;
	t->attnum[t->e.n] = attnum;
	list_add(c, &t->e, e);
}

/* The table column an rte's column i is, for RowDescription (0, 0: none). */
/*
 * A locking level's rows: its targets, then its whole FROM row (from:
 * the plan of its FROM items, which are its targets' input), so that
 * LockRows can lock the rows of its tables and compute the targets
 * again from a changed row.  qual is WHERE and the inner joins'
 * conditions over the FROM row.
 */
static exec_locklevel *lock_level(
	an_ctx *c, an_scope *sc, exec_expr *qual, targets *t, const plan_node *from)
{
	exec_locklevel *lv = sql_arena_zalloc(c->a, sizeof(*lv));
	int n = t->e.n;

	lv->width = from->desc.ncols;
	lv->qual = qual;
	lv->ntargets = n;
	lv->targets = sql_arena_alloc(c->a, sizeof(exec_expr *) * (size_t)(n ? n : 1));
	memcpy(lv->targets, t->e.v, sizeof(exec_expr *) * (size_t)n);
	lv->nitems = sc->lock->nitems;
	lv->items = sc->lock->items;
	for (int i = 0; i < lv->width; i++)
		target_add(c, t,
			exec_expr_var(
				c->a, 0, i, from->desc.cols[i].type, from->desc.cols[i].typmod),
			"?from?", 0, 0);
	return lv;
}

static void rte_origin(const an_rte *r, int i, uint32_t *toid, int16_t *attnum)
{
	*toid = 0;
	*attnum = 0;
	if (r->table != NULL && r->colexprs == NULL) {
		*toid = r->table_oid;
		*attnum = (int16_t)(i + 1);
	}
}

static void star_rte(an_ctx *c, targets *t, const an_rte *r)
{
	for (int i = 0; i < r->ncols; i++) {
		uint32_t toid;
		int16_t attnum;

		rte_origin(r, i, &toid, &attnum);
		target_add(c, t, rte_col_expr(c, r, i), r->colnames[i], toid, attnum);
	}
}

/* The origin of a plain column reference of this level, by position. */
static void var_origin(const an_scope *sc, const exec_expr *e, uint32_t *toid, int16_t *attnum)
{
	*toid = 0;
	*attnum = 0;
	if (e->kind != EXPR_VAR || e->up != 0)
		return;
	for (int i = 0; i < sc->nrtes; i++) {
		const an_rte *r = sc->rtes[i];

		if (r->colexprs == NULL && r->table != NULL && e->index >= r->offset &&
			e->index < r->offset + r->ncols) {
			*toid = r->table_oid;
			*attnum = (int16_t)(e->index - r->offset + 1);
			return;
		}
	}
}

static int analyze_targets(an_ctx *c, an_scope *sc, const sql_list *list, targets *t)
{
	for (int i = 0; i < sql_list_len(list); i++) {
		const sql_target *tg = sql_as_target(sql_list_nth(list, i));
		exec_expr *e;
		uint32_t toid;
		int16_t attnum;

		if (tg->expr->kind == SQL_COLREF) {
			const sql_colref *cr = sql_as_colref(tg->expr);
			int nf = sql_list_len(cr->fields);

			if (sql_list_nth(cr->fields, nf - 1)->kind == SQL_STAR) {
				bool any = false;

				if (nf == 1) {
					for (int k = 0; k < sc->nrtes; k++) {
						if (!sc->rtes[k]->no_cols) {
							star_rte(c, t, sc->rtes[k]);
							any = true;
						}
					}
					if (!any) {
						an_error(c, tg->n.loc, "42601",
							"SELECT * with no tables specified is not valid");
						return EXEC_ERROR;
					}
					continue;
				}
				{
					const char *tab = sql_list_str(cr->fields, nf - 2);

					for (int k = 0; k < sc->nrtes && !any; k++) {
						const an_rte *r = sc->rtes[k];

						if (r->alias != NULL && !r->hidden &&
							strcmp(r->alias, tab) == 0) {
							star_rte(c, t, r);
							any = true;
						}
					}
					if (!any) {
						an_error(c, tg->n.loc, "42P01",
							"missing FROM-clause entry for table \"%s\"",
							tab);
						return EXEC_ERROR;
					}
					continue;
				}
			}
		}
		if (tg->expr->kind == SQL_INDIRECTION) {
			const sql_list *steps = sql_as_indirection(tg->expr)->steps;

			/* (x).*: one column per field of the record x. */
			if (sql_list_nth(steps, sql_list_len(steps) - 1)->kind == SQL_STAR) {
				exec_expr **fields;
				const char **names;
				int nf = an_star_expand(c, sc, tg->expr, &fields, &names);

				if (nf < 0)
					return EXEC_ERROR;
				for (int k = 0; k < nf; k++)
					target_add(c, t, fields[k], names[k], 0, 0);
				continue;
			}
		}
		e = an_expr(c, sc, tg->expr);
		if (e == NULL)
			return EXEC_ERROR;
		if (e->type == EXEC_OID_UNKNOWN && !c->keep_unknown) {
			e = an_coerce(c, e, EXEC_OID_TEXT, EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT,
				"column");
			if (e == NULL)
				return EXEC_ERROR;
		}
		var_origin(sc, e, &toid, &attnum);
		target_add(c, t, e, tg->name ? tg->name : an_expr_name(c, tg->expr), toid, attnum);
	}
	return EXEC_OK;
}

/* ---- Grouping ---- */

typedef struct grouping {
	exprlist keys; /* over the FROM row */
	int naggs;
	an_scope *sc;
	bool failed;
} grouping;

/* The base rte holding FROM-row column idx. */
static const an_rte *rte_of(const an_scope *sc, int idx)
{
	for (int i = 0; i < sc->nrtes; i++) {
		const an_rte *r = sc->rtes[i];

		if (r->colexprs == NULL && idx >= r->offset && idx < r->offset + r->ncols)
			return r;
	}
	return NULL;
}

static bool is_key(const grouping *gr, const exec_expr *e)
{
	for (int i = 0; i < gr->keys.n; i++) {
		if (an_expr_equal(gr->keys.v[i], e))
			return true;
	}
	return false;
}

/* Whether the table of rte r has every primary key column among the group keys. */
static bool pk_grouped(const grouping *gr, const an_rte *r)
{
	if (r->table == NULL || r->table->npk == 0)
		return false;
	for (int k = 0; k < r->table->npk; k++) {
		bool found = false;

		for (int i = 0; i < gr->keys.n && !found; i++) {
			const exec_expr *g = gr->keys.v[i];

			found = g->kind == EXPR_VAR && g->up == 0 &&
				g->index == r->offset + r->table->pk[k];
		}
		if (!found)
			return false;
	}
	return true;
}

/*
 * Check an expression to be computed over groups: every column it reads
 * outside aggregates must be grouped; a column of a table whose primary
 * key is grouped joins the keys.  42803 otherwise.
 */
static void group_check(an_ctx *c, grouping *gr, const exec_expr *e)
{
	if (e == NULL || gr->failed)
		return;
	if (is_key(gr, e) || e->kind == EXPR_AGGREF)
		return;
	if (e->kind == EXPR_VAR && e->up == 0) {
		const an_rte *r = rte_of(gr->sc, e->index);

		if (r != NULL && pk_grouped(gr, r)) {
			list_add(c, &gr->keys, (exec_expr *)e);
			return;
		}
		if (r != NULL)
			an_error(c, e->loc, "42803",
				"column \"%s.%s\" must appear in the GROUP BY clause or be used in an "
				"aggregate function",
				r->alias ? r->alias : "?", r->colnames[e->index - r->offset]);
		else
			an_error(c, e->loc, "42803",
				"column must appear in the GROUP BY clause or be used in an aggregate function");
		gr->failed = true;
		return;
	}
	if (e->kind == EXPR_SUBPLAN && e->subplan->correlated) {
		an_error(c, e->loc, "0A000",
			"correlated subqueries over grouped rows are not supported");
		gr->failed = true;
		return;
	}
	for (int i = 0; i < e->nargs; i++)
		group_check(c, gr, e->args[i]);
}

/* e over the AGG node's output: keys, then aggregate results. */
static exec_expr *group_map(an_ctx *c, const grouping *gr, exec_expr *e)
{
	exec_expr *x;

	if (e == NULL)
		return NULL;
	for (int i = 0; i < gr->keys.n; i++) {
		if (an_expr_equal(gr->keys.v[i], e)) {
			x = exec_expr_var(c->a, 0, i, e->type, e->typmod);
			x->loc = e->loc;
			return x;
		}
	}
	if (e->kind == EXPR_AGGREF) {
		x = exec_expr_var(c->a, 0, gr->keys.n + e->index, e->type, e->typmod);
		x->loc = e->loc;
		return x;
	}
	if (e->nargs == 0)
		return e;
	x = exec_expr_new(c->a, e->kind, e->type, e->typmod);
	*x = *e;
	x->args = sql_arena_alloc(c->a, (size_t)e->nargs * sizeof(*x->args));
	for (int i = 0; i < e->nargs; i++)
		x->args[i] = group_map(c, gr, e->args[i]);
	return x;
}

/* A GROUP BY item: an output column's number or name, or an expression over the input. */
static exec_expr *group_item(an_ctx *c, an_scope *sc, const targets *t, sql_node *n)
{
	if (n->kind == SQL_CONST && sql_as_const(n)->ckind == SQL_CONST_INTEGER) {
		int64_t k = sql_as_const(n)->ival;

		if (k < 1 || k > t->e.n) {
			an_error(c, n->loc, "42P10", "GROUP BY position %lld is not in select list",
				(long long)k);
			return NULL;
		}
		return t->e.v[k - 1];
	}
	if (n->kind == SQL_COLREF && sql_list_len(sql_as_colref(n)->fields) == 1 &&
		sql_list_nth(sql_as_colref(n)->fields, 0)->kind == SQL_STR) {
		/* An input column wins; an output column's alias otherwise. */
		exec_expr *e = an_expr(c, sc, n);

		if (e != NULL)
			return e;
		if (strcmp(c->err->sqlstate, "42703") == 0) {
			const char *name = sql_list_str(sql_as_colref(n)->fields, 0);

			for (int i = 0; i < t->e.n; i++) {
				if (strcmp(t->names[i], name) == 0) {
					store_err_clear(c->err);
					return t->e.v[i];
				}
			}
		}
		return NULL;
	}
	return an_expr(c, sc, n);
}

/* ---- ORDER BY, DISTINCT, LIMIT over the projected row ---- */

/*
 * Where an ORDER BY (or DISTINCT ON) item is among the output columns,
 * adding a hidden column when it is none of them: an output column's
 * number, an output column's name, or an expression over the input.
 * Returns the position, -1 on error.
 */
static int order_item(
	an_ctx *c, an_scope *sc, targets *t, int nvisible, sql_node *n, const char *clause)
{
	exec_expr *e;

	if (n->kind == SQL_CONST && sql_as_const(n)->ckind == SQL_CONST_INTEGER) {
		int64_t k = sql_as_const(n)->ival;

		if (k < 1 || k > nvisible) {
			an_error(c, n->loc, "42P10", "%s position %lld is not in select list",
				clause, (long long)k);
			return -1;
		}
		return (int)k - 1;
	}
	if (n->kind == SQL_COLREF && sql_list_len(sql_as_colref(n)->fields) == 1 &&
		sql_list_nth(sql_as_colref(n)->fields, 0)->kind == SQL_STR) {
		const char *name = sql_list_str(sql_as_colref(n)->fields, 0);
		int found = -1;

		for (int i = 0; i < nvisible; i++) {
			if (strcmp(t->names[i], name) != 0)
				continue;
			if (found >= 0 && !an_expr_equal(t->e.v[found], t->e.v[i])) {
				an_error(
					c, n->loc, "42702", "%s \"%s\" is ambiguous", clause, name);
				return -1;
			}
			found = found >= 0 ? found : i;
		}
		if (found >= 0)
			return found;
	}
	if (sc == NULL && n->kind == SQL_COLREF && sql_list_len(sql_as_colref(n)->fields) == 1) {
		an_error(c, n->loc, "42703", "column \"%s\" does not exist",
			sql_list_str(sql_as_colref(n)->fields, 0));
		return -1;
	}
	if (sc == NULL) {
		an_error(c, n->loc, "0A000",
			"invalid UNION/INTERSECT/EXCEPT ORDER BY clause: only result column names "
			"or numbers can be used");
		return -1;
	}
	e = an_expr(c, sc, n);
	if (e == NULL)
		return -1;
	if (e->type == EXEC_OID_UNKNOWN)
		e = an_coerce(c, e, EXEC_OID_TEXT, EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT, clause);
	if (e == NULL)
		return -1;
	for (int i = 0; i < t->e.n; i++) {
		if (an_expr_equal(t->e.v[i], e))
			return i;
	}
	target_add(c, t, e, "?junk?", 0, 0);
	return t->e.n - 1;
}

/*
 * A LIMIT or OFFSET value: an int8 expression reading no column of its
 * query (sc; NULL for a set operation or VALUES), though it may read the
 * enclosing queries' and, laterally, the FROM items the query sees.
 */
static exec_expr *limit_expr(an_ctx *c, an_scope *sc, sql_node *n, const char *clause)
{
	an_scope *none = an_scope_new(c, sc != NULL ? sc->parent : NULL);
	exec_expr *e;
	int lo = INT_MAX, hi = -1;
	bool opaque = false;

	if (sc != NULL)
		none->lateral = sc->lateral;
	none->no_aggs = true;
	none->no_aggs_where = clause;
	none->srf_where = clause;
	e = an_expr(c, none, n);
	if (e == NULL) {
		if (strcmp(c->err->sqlstate, "42703") == 0 ||
			strcmp(c->err->sqlstate, "42P01") == 0) {
			store_err_clear(c->err);
			an_error(c, n->loc, "42P10", "argument of %s must not contain variables",
				clause);
		}
		return NULL;
	}
	expr_refs(e, &lo, &hi, &opaque);
	if (none->outer_refs && sc != NULL)
		sc->outer_refs = true;
	return an_coerce(c, e, EXEC_OID_INT8, EXEC_TYPMOD_NONE, EXEC_CAST_ASSIGNMENT, clause);
}

typedef struct sortspec {
	int pos;
	bool desc, nulls_first;
	int loc;
} sortspec;

/* ---- What a deparse reads (an_level) ---- */

/* The level recorded for q, made when there is none. */
static an_level *level_of(an_ctx *c, const sql_select *q)
{
	an_level *lv;

	for (lv = c->levels; lv != NULL; lv = lv->next)
		if (lv->q == q)
			return lv;
	lv = sql_arena_zalloc(c->a, sizeof(*lv));
	lv->q = q;
	lv->next = c->levels;
	c->levels = lv;
	return lv;
}

static exec_expr **exprs_copy(an_ctx *c, exec_expr *const *v, int n)
{
	exec_expr **out = sql_arena_alloc(c->a, (size_t)(n ? n : 1) * sizeof(*out));

	if (n > 0)
		memcpy(out, v, (size_t)n * sizeof(*out));
	return out;
}

static void keep_sort(an_ctx *c, an_level *lv, const sortspec *sort, int nsort)
{
	lv->nsort = nsort;
	lv->sortpos = sql_arena_alloc(c->a, (size_t)(nsort + 1) * sizeof(*lv->sortpos));
	lv->sort = sql_arena_zalloc(c->a, (size_t)(nsort + 1) * sizeof(*lv->sort));
	for (int i = 0; i < nsort; i++) {
		lv->sortpos[i] = sort[i].pos;
		lv->sort[i].desc = sort[i].desc;
		lv->sort[i].nulls_first = sort[i].nulls_first;
	}
}

/*
 * A SELECT level once its clauses are analyzed, before grouping rewrites
 * its expressions over the groups (copies of the arrays planning
 * changes in place) and an index order drops its sort.  A WITH query is
 * analyzed at each reference: the first record stands.
 */
static void keep_level(an_ctx *c, const sql_select *q, an_scope *sc, const targets *t, int nvisible,
	exec_expr *where, const exprlist *keys, exec_expr *having, const sortspec *sort, int nsort)
{
	an_level *lv = level_of(c, q);

	if (lv->sc != NULL)
		return;
	keep_sort(c, lv, sort, nsort);
	lv->sc = sc;
	lv->ntargets = t->e.n;
	lv->nvisible = nvisible;
	lv->targets = exprs_copy(c, t->e.v, t->e.n);
	lv->names = t->names;
	lv->where = where;
	lv->ngroup = keys->n;
	lv->group = exprs_copy(c, keys->v, keys->n);
	lv->having = having;
	lv->nwindefs = sc->nwindefs;
	lv->windefs = sql_arena_alloc(c->a, (size_t)(sc->nwindefs + 1) * sizeof(*lv->windefs));
	for (int i = 0; i < sc->nwindefs; i++) {
		an_windef *w = &lv->windefs[i];

		*w = sc->windefs[i];
		w->part = exprs_copy(c, w->part, w->npart);
		w->order = sql_arena_alloc(c->a, (size_t)(w->norder + 1) * sizeof(*w->order));
		if (w->norder > 0)
			memcpy(w->order, sc->windefs[i].order,
				(size_t)w->norder * sizeof(*w->order));
	}
	lv->nwinaggs = sc->nwinaggs;
	lv->winaggs = sql_arena_alloc(c->a, (size_t)(sc->nwinaggs + 1) * sizeof(*lv->winaggs));
	for (int i = 0; i < sc->nwinaggs; i++) {
		lv->winaggs[i] = sc->winaggs[i];
		lv->winaggs[i].args = exprs_copy(c, sc->winaggs[i].args, sc->winaggs[i].nargs);
	}
}

/* The clauses every query shape ends with: ORDER BY, DISTINCT ON, LIMIT, OFFSET. */
static void keep_tail(an_ctx *c, const sql_select *q, const targets *t, const sortspec *sort,
	int nsort, const int *on, int non, exec_expr *limit, exec_expr *offset)
{
	an_level *lv = level_of(c, q);

	if (lv->on != NULL)
		return;
	if (lv->targets == NULL) {
		/* A set operation's or VALUES's own row. */
		lv->targets = exprs_copy(c, t->e.v, t->e.n);
		lv->names = t->names;
		lv->ntargets = t->e.n;
	}
	if (lv->sortpos == NULL)
		keep_sort(c, lv, sort, nsort);
	lv->non = non;
	lv->on = sql_arena_alloc(c->a, (size_t)(non + 1) * sizeof(*lv->on));
	if (non > 0)
		memcpy(lv->on, on, (size_t)non * sizeof(*lv->on));
	lv->limit = limit;
	lv->offset = offset;
}

/*
 * The tail every query shares: given the projected row (targets, with
 * hidden columns after nvisible), sort, DISTINCT [ON], LIMIT, and the
 * final projection that drops the hidden columns.
 */
static plan_node *finish_query(an_ctx *c, an_scope *sc, plan_node *p, const targets *t,
	int nvisible, const sortspec *sort, int nsort, bool distinct, const int *on, int non,
	const sql_select *q, const lockout *lo)
{
	exec_expr *limit = NULL, *offset = NULL;

	if (q->limit_kind == SQL_LIMIT_WITH_TIES) {
		an_error(c, q->limit ? q->limit->loc : q->n.loc, "0A000",
			"FETCH FIRST ... WITH TIES is not supported");
		return NULL;
	}
	if (q->limit != NULL && q->limit_kind != SQL_LIMIT_ALL) {
		limit = limit_expr(c, sc, q->limit, "LIMIT");
		if (limit == NULL)
			return NULL;
	}
	if (q->offset != NULL) {
		offset = limit_expr(c, sc, q->offset, "OFFSET");
		if (offset == NULL)
			return NULL;
	}
	if (c->keep_levels)
		keep_tail(c, q, t, sort, nsort, on, non, limit, offset);
	if (nsort > 0) {
		plan_node *s = plan_new(c, PLAN_SORT, p->desc.ncols);

		memcpy(s->desc.cols, p->desc.cols, (size_t)p->desc.ncols * sizeof(exec_column));
		s->left = p;
		s->nsort = nsort;
		s->sort = sql_arena_alloc(c->a, (size_t)nsort * sizeof(*s->sort));
		for (int i = 0; i < nsort; i++) {
			const exec_column *col = &p->desc.cols[sort[i].pos];
			const exec_type *ty = exec_type_by_oid(col->type);

			if (ty == NULL || ty->cmp == NULL) {
				an_error(c, sort[i].loc, "42883",
					"could not identify an ordering operator for type %s",
					type_name(col->type));
				return NULL;
			}
			s->sort[i].expr =
				exec_expr_var(c->a, 0, sort[i].pos, col->type, col->typmod);
			s->sort[i].desc = sort[i].desc;
			s->sort[i].nulls_first = sort[i].nulls_first;
		}
		if (!distinct && (lo == NULL || !lo->inside)) {
			s->limit = limit; /* top-N; not when LockRows may skip rows after it */
			s->offset = offset;
		}
		s->rows = p->rows;
		p = s;
	}

	/* Rows are locked after they are sorted and before LIMIT counts them, as in PostgreSQL. */
	if (lo != NULL && lo->inside) {
		plan_node *k = plan_new(c, PLAN_LOCKROWS, p->desc.ncols);

		memcpy(k->desc.cols, p->desc.cols, (size_t)p->desc.ncols * sizeof(exec_column));
		k->left = p;
		k->lockrows = lo->lv;
		k->rows = p->rows;
		p = k;
	}
	if (distinct) {
		plan_node *d = plan_new(c, PLAN_DISTINCT, p->desc.ncols);
		int nk = non > 0 ? non : nvisible;

		memcpy(d->desc.cols, p->desc.cols, (size_t)p->desc.ncols * sizeof(exec_column));
		d->left = p;
		d->nsort = nk;
		d->sort = sql_arena_zalloc(c->a, (size_t)(nk ? nk : 1) * sizeof(*d->sort));
		for (int i = 0; i < nk; i++) {
			int pos = non > 0 ? on[i] : i;
			const exec_column *col = &p->desc.cols[pos];
			const exec_type *ty = exec_type_by_oid(col->type);

			if (ty == NULL || ty->hash == NULL || ty->cmp == NULL) {
				an_error(c, q->n.loc, "42883",
					"could not identify an equality operator for type %s",
					type_name(col->type));
				return NULL;
			}
			d->sort[i].expr = exec_expr_var(c->a, 0, pos, col->type, col->typmod);
		}
		d->rows = p->rows / 2 + 1;
		p = d;
	}
	if (limit != NULL || offset != NULL) {
		plan_node *l = plan_new(c, PLAN_LIMIT, p->desc.ncols);

		memcpy(l->desc.cols, p->desc.cols, (size_t)p->desc.ncols * sizeof(exec_column));
		l->left = p;
		l->limit = limit;
		l->offset = offset;
		l->rows = p->rows;
		p = l;
	}
	/* The visible columns, and the FROM row an enclosing level locks through. */
	{
		int njunk = lo != NULL && !lo->inside ? lo->lv->width : 0;

		if (t->e.n > nvisible + njunk) {
			int n = nvisible + njunk;
			exec_expr **vars =
				sql_arena_alloc(c->a, (size_t)(n ? n : 1) * sizeof(*vars));
			exec_column *cols =
				sql_arena_alloc(c->a, (size_t)(n ? n : 1) * sizeof(*cols));

			for (int i = 0; i < n; i++) {
				int from = i < nvisible ? i : lo->junk + i - nvisible;

				cols[i] = p->desc.cols[from];
				vars[i] = exec_expr_var(c->a, 0, from, p->desc.cols[from].type,
					p->desc.cols[from].typmod);
			}
			p = plan_project(c, p, n, vars, cols);
		}
	}
	return p;
}

/* ORDER BY and DISTINCT ON items to positions in the projected row. */
static int resolve_order(an_ctx *c, an_scope *sc, targets *t, int nvisible, const sql_select *q,
	sortspec **sort, int *nsort, int **on, int *non)
{
	*nsort = sql_list_len(q->sort);
	*sort = sql_arena_zalloc(c->a, (size_t)(*nsort + 1) * sizeof(**sort));
	for (int i = 0; i < *nsort; i++) {
		const sql_sortby *sb = sql_as_sortby(sql_list_nth(q->sort, i));
		sortspec *s = &(*sort)[i];

		if (sb->dir == SQL_SORT_USING) {
			an_error(c, sb->n.loc, "0A000", "ORDER BY ... USING is not supported");
			return EXEC_ERROR;
		}
		s->pos = order_item(c, sc, t, nvisible, sb->expr, "ORDER BY");
		if (s->pos < 0)
			return EXEC_ERROR;
		s->desc = sb->dir == SQL_SORT_DESC;
		s->nulls_first =
			sb->nulls == SQL_NULLS_FIRST || (sb->nulls == SQL_NULLS_DEFAULT && s->desc);
		s->loc = sb->n.loc;
	}
	*non = sql_list_len(q->distinct_on);
	*on = sql_arena_zalloc(c->a, (size_t)(*non + 1) * sizeof(**on));
	for (int i = 0; i < *non; i++) {
		(*on)[i] = order_item(
			c, sc, t, nvisible, sql_list_nth(q->distinct_on, i), "DISTINCT ON");
		if ((*on)[i] < 0)
			return EXEC_ERROR;
	}
	if (q->distinct && *non == 0) {
		for (int i = 0; i < *nsort; i++) {
			if ((*sort)[i].pos >= nvisible) {
				an_error(c, (*sort)[i].loc, "42P10",
					"for SELECT DISTINCT, ORDER BY expressions must appear in select list");
				return EXEC_ERROR;
			}
		}
	}
	if (*non > 0 && *nsort > 0) {
		/* The leading ORDER BY items must be the DISTINCT ON ones (in any order). */
		int lead = *nsort < *non ? *nsort : *non;

		for (int i = 0; i < lead; i++) {
			bool found = false;

			for (int k = 0; k < *non && !found; k++)
				found = (*on)[k] == (*sort)[i].pos;
			if (!found) {
				an_error(c, sql_list_nth(q->distinct_on, 0)->loc, "42P10",
					"SELECT DISTINCT ON expressions must match initial ORDER BY expressions");
				return EXEC_ERROR;
			}
		}
	}
	return EXEC_OK;
}

/* A projection node of t's expressions over in. */
static plan_node *project_targets(an_ctx *c, plan_node *in, const targets *t)
{
	exec_column *cols = sql_arena_zalloc(c->a, (size_t)(t->e.n ? t->e.n : 1) * sizeof(*cols));

	for (int i = 0; i < t->e.n; i++) {
		cols[i].name = t->names[i];
		cols[i].type = t->e.v[i]->type;
		cols[i].typmod = t->e.v[i]->typmod;
		cols[i].table_oid = t->table_oid[i];
		cols[i].attnum = t->attnum[i];
		if (t->e.v[i]->type == EXEC_OID_RECORD &&
			(t->e.v[i]->kind == EXPR_VAR || t->e.v[i]->kind == EXPR_SRF))
			cols[i].shape = t->e.v[i]->srf;
	}
	if (is_identity(in, t->e.n, t->e.v)) {
		plan_node *p = in;

		/* The same row: keep the input, with the output's names. */
		memcpy(p->desc.cols, cols, (size_t)t->e.n * sizeof(*cols));
		return p;
	}
	return plan_project(c, in, t->e.n, t->e.v, cols);
}

/* ---- ORDER BY from an index ---- */

/*
 * Whether index def, with its first nikeys columns pinned as ikeys
 * says, returns rows ordered by columns cols[0..n): they must be its
 * columns from some position j on, every column before j pinned to one
 * value (an IN list before j interleaves its values' rows).
 */
static bool index_orders(
	const exec_idx_def *def, int nikeys, const plan_ikey *ikeys, const int *cols, int n)
{
	for (int j = 0; j <= nikeys && j < def->ncols; j++) {
		bool match = j + n <= def->ncols;

		for (int i = 0; i < n && match; i++)
			match = def->cols[j + i] == cols[i];
		if (match)
			return true;
		if (j < nikeys && ikeys[j].nvals > 1)
			return false;
	}
	return false;
}

/*
 * ORDER BY read from an index, so that no sort is needed: when the sort
 * keys are columns of the one table scanned, all ascending with NULLs
 * last or all descending with NULLs first, and the scan is an index
 * scan in that order already, or (with a LIMIT, which an ordered scan
 * stops early for) a plain scan some index orders.  The scan is made to
 * read in that order; returns whether it does.
 */
static bool order_by_index(
	an_ctx *c, plan_node *p, const targets *t, const sortspec *sort, int nsort, bool limited)
{
	plan_node *scan = p->kind == PLAN_FILTER ? p->left : p;
	int cols[EXEC_IDX_MAXCOLS];
	bool backward = sort[0].desc;

	if (scan == NULL || (scan->kind != PLAN_SCAN && scan->kind != PLAN_INDEX) ||
		scan->src.catalog == NULL || nsort > EXEC_IDX_MAXCOLS || c->no_index_scans)
		return false;
	for (int i = 0; i < nsort; i++) {
		const exec_expr *e = t->e.v[sort[i].pos];

		if (sort[i].desc != backward || sort[i].nulls_first != backward ||
			e->kind != EXPR_VAR || e->up != 0 || e->index >= scan->src.ncols)
			return false;
		cols[i] = e->index;
	}
	if (scan->kind == PLAN_INDEX && scan->indexqual != NULL &&
		!index_orders(scan->index, scan->nikeys, scan->ikeys, cols, nsort)) {
		/* Another index serving the conditions as well may give the order. */
		exprlist all = {0};
		icond *ic;
		plan_node saved = *scan;

		conj_add(c, &all, scan->indexqual);
		if (scan->qual != NULL)
			conj_add(c, &all, scan->qual);
		ic = sql_arena_alloc(c->a, sizeof(*ic) * (size_t)all.n);
		for (int i = 0; i < all.n; i++)
			ic[i] = index_cond(all.v[i], scan->src.catalog);
		scan->kind = PLAN_SCAN;
		scan->index = NULL;
		scan->nikeys = 0;
		scan->ilo = scan->ihi = scan->indexqual = NULL;
		if (!index_quals(c, scan, &all, cols, nsort,
			    index_match(saved.index, ic, all.n).score)) {
			*scan = saved;
			return false;
		}
	}
	if (scan->kind == PLAN_INDEX) {
		if (!index_orders(scan->index, scan->nikeys, scan->ikeys, cols, nsort))
			return false;
		scan->backward = backward;
		return true;
	}
	if (limited) {
		exec_idx_def *defs;
		int ndefs = exec_idx_list(c->a, scan->src.catalog, &defs);

		for (int d = 0; d < ndefs; d++) {
			if (!index_orders(&defs[d], 0, NULL, cols, nsort))
				continue;
			scan->kind = PLAN_INDEX;
			scan->index = &defs[d];
			scan->backward = backward;
			return true;
		}
	}
	return false;
}

/* ---- Set-returning functions in a select list ---- */

/* The set-returning calls in e with none in their arguments, each once in out. */
static void bottom_srfs(an_ctx *c, exec_expr *e, exprlist *out)
{
	if (e->kind == EXPR_SRF) {
		bool inner = false;

		for (int i = 0; i < e->nargs; i++)
			inner = inner || expr_has(e->args[i], EXPR_SRF);
		if (!inner) {
			for (int i = 0; i < out->n; i++) {
				if (an_expr_equal(out->v[i], e))
					return;
			}
			list_add(c, out, e);
			return;
		}
	}
	for (int i = 0; i < e->nargs; i++)
		bottom_srfs(c, e->args[i], out);
}

/* e with each call of srfs replaced by column base + k of the ProjectSet computing it. */
static exec_expr *replace_srfs(an_ctx *c, exec_expr *e, const exprlist *srfs, int base)
{
	exec_expr *x;

	for (int k = 0; k < srfs->n; k++) {
		if (an_expr_equal(srfs->v[k], e)) {
			x = exec_expr_var(c->a, 0, base + k, e->type, e->typmod);
			x->srf = e->type == EXEC_OID_RECORD ? e->srf : NULL; /* its row's fields */
			x->loc = e->loc;
			return x;
		}
	}
	if (!expr_has(e, EXPR_SRF))
		return e;
	x = exec_expr_new(c->a, e->kind, e->type, e->typmod);
	*x = *e;
	x->args = sql_arena_alloc(c->a, (size_t)e->nargs * sizeof(*x->args));
	for (int i = 0; i < e->nargs; i++)
		x->args[i] = replace_srfs(c, e->args[i], srfs, base);
	return x;
}

/*
 * The set-returning calls of exprs[0..n) (over in's rows) moved into
 * ProjectSet nodes, as PostgreSQL's split_pathtarget_at_srfs does: the
 * calls whose arguments hold none run together in one node, which
 * passes in's columns through and adds one column per call; calls over
 * their results run in the next node up.  exprs are rewritten over the
 * last node, which is returned (in itself when there are no calls).
 */
static plan_node *plan_srfs(an_ctx *c, plan_node *in, exec_expr **exprs, int n)
{
	for (;;) {
		exprlist srfs = {0};
		int nin = in->desc.ncols;
		plan_node *p;

		for (int i = 0; i < n; i++)
			bottom_srfs(c, exprs[i], &srfs);
		if (srfs.n == 0)
			return in;
		p = plan_new(c, PLAN_PROJECTSET, nin + srfs.n);
		p->exprs = sql_arena_alloc(c->a, (size_t)(nin + srfs.n) * sizeof(*p->exprs));
		memcpy(p->desc.cols, in->desc.cols, (size_t)nin * sizeof(exec_column));
		for (int i = 0; i < nin; i++)
			p->exprs[i] = exec_expr_var(
				c->a, 0, i, in->desc.cols[i].type, in->desc.cols[i].typmod);
		for (int k = 0; k < srfs.n; k++) {
			p->exprs[nin + k] = srfs.v[k];
			p->desc.cols[nin + k].name = srfs.v[k]->name;
			p->desc.cols[nin + k].type = srfs.v[k]->type;
			p->desc.cols[nin + k].typmod = EXEC_TYPMOD_NONE;
		}
		p->left = in;
		p->rows = in->rows * 10;
		p->lateral = in->lateral;
		for (int i = 0; i < n; i++)
			exprs[i] = replace_srfs(c, exprs[i], &srfs, nin);
		in = p;
	}
}

/* ---- Window functions ---- */

/* e with each EXPR_WINREF k made column col[k] of the WINDOW nodes' output. */
static exec_expr *replace_winrefs(an_ctx *c, exec_expr *e, const int *col)
{
	exec_expr *x;

	if (e->kind == EXPR_WINREF) {
		x = exec_expr_var(c->a, 0, col[e->index], e->type, e->typmod);
		x->loc = e->loc;
		return x;
	}
	if (!expr_has(e, EXPR_WINREF))
		return e;
	x = exec_expr_new(c->a, e->kind, e->type, e->typmod);
	*x = *e;
	x->args = sql_arena_alloc(c->a, (size_t)e->nargs * sizeof(*x->args));
	for (int i = 0; i < e->nargs; i++)
		x->args[i] = replace_winrefs(c, e->args[i], col);
	return x;
}

/*
 * The window functions of a query level (an_scope.wins) over in's rows,
 * one window after the other as PostgreSQL stacks its WindowAggs: a sort
 * by the window's partition keys, then its order keys, and a WINDOW node
 * that passes its input's columns on and adds one per call of that
 * window, which the targets then read.
 */
static plan_node *plan_window(an_ctx *c, an_scope *sc, plan_node *in, targets *t)
{
	int *col = sql_arena_alloc(c->a, (size_t)sc->nwins * sizeof(*col));

	for (int d = 0; d < sc->nwindefs; d++) {
		const an_windef *wd = &sc->windefs[d];
		int nin = in->desc.ncols, nk = wd->npart + wd->norder, n = 0, na = 0;
		plan_node *w;

		for (int k = 0; k < sc->nwins; k++)
			if (sc->winof[k] == d) {
				n++;
				na += sc->wins[k] == WIN_AGG;
			}
		if (nk > 0) {
			plan_node *s = plan_new(c, PLAN_SORT, nin);

			memcpy(s->desc.cols, in->desc.cols, (size_t)nin * sizeof(exec_column));
			s->left = in;
			s->nsort = nk;
			s->sort = sql_arena_zalloc(c->a, (size_t)nk * sizeof(*s->sort));
			for (int i = 0; i < wd->npart; i++)
				s->sort[i].expr = wd->part[i];
			memcpy(s->sort + wd->npart, wd->order,
				(size_t)wd->norder * sizeof(*s->sort));
			s->rows = in->rows;
			s->lateral = in->lateral;
			in = s;
		}
		w = plan_new(c, PLAN_WINDOW, nin + n);
		memcpy(w->desc.cols, in->desc.cols, (size_t)nin * sizeof(exec_column));
		w->wins = sql_arena_alloc(c->a, (size_t)n * sizeof(*w->wins));
		w->aggs = sql_arena_alloc(c->a, (size_t)(na ? na : 1) * sizeof(*w->aggs));
		for (int k = 0; k < sc->nwins; k++) {
			if (sc->winof[k] != d)
				continue;
			w->wins[w->nwins] = sc->wins[k];
			if (sc->wins[k] == WIN_AGG)
				w->aggs[w->naggs++] = sc->winaggs[sc->winagg[k]];
			w->desc.cols[nin + w->nwins].name = "?window?";
			w->desc.cols[nin + w->nwins].type = sc->wintypes[k];
			w->desc.cols[nin + w->nwins].typmod = EXEC_TYPMOD_NONE;
			col[k] = nin + w->nwins++;
		}
		w->left = in;
		w->nwinpart = wd->npart;
		w->winpart = wd->part;
		w->nwinorder = wd->norder;
		w->winorder = wd->order;
		w->winframe = wd->frame;
		w->rows = in->rows;
		w->lateral = in->lateral;
		in = w;
	}
	for (int i = 0; i < t->e.n; i++)
		t->e.v[i] = replace_winrefs(c, t->e.v[i], col);
	return in;
}

/* ---- SELECT ---- */

/*
 * Untyped literals kept unknown (a set operation's leaf, INSERT's SELECT)
 * that are sorted or made distinct become text first, as PostgreSQL's
 * addTargetToSortList makes them: unknown has no order.
 */
static int text_sorted_literals(an_ctx *c, targets *t, int nvisible, const sortspec *sort,
	int nsort, bool distinct, const int *on, int non)
{
	for (int i = 0; i < nsort + (distinct ? (non > 0 ? non : nvisible) : 0); i++) {
		int pos = i < nsort ? sort[i].pos : non > 0 ? on[i - nsort] : i - nsort;

		if (t->e.v[pos]->type != EXEC_OID_UNKNOWN)
			continue;
		t->e.v[pos] = an_coerce(c, t->e.v[pos], EXEC_OID_TEXT, EXEC_TYPMOD_NONE,
			EXEC_CAST_IMPLICIT, "column");
		if (t->e.v[pos] == NULL)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}

static plan_node *plan_select(an_ctx *c, an_scope *parent, sql_select *q, bool *correlated)
{
	an_scope *sc = an_scope_new(c, parent);
	group g;
	targets t = {0};
	plan_node *p;
	grouping gr = {0};
	exec_expr *where = NULL, *having = NULL;
	sortspec *sort;
	int nsort, *on, non, nvisible;
	bool grouped;
	bool keep_unknown = c->setop_leaf;
	exec_expr *recheck = NULL;
	lockout lo = {NULL, false, 0};

	c->setop_leaf = false;
	sc->lateral = c->lateral_next;
	sc->hidden = c->hidden_next;
	c->lateral_next = c->hidden_next = NULL;
	if ((q->locking != NULL || c->push_lock != NULL) && (sc->lock = lock_begin(c, q)) == NULL)
		return NULL;
	group_init(&g, sc, 0);
	sc->windows = q->windows;
	for (int i = 0; i < sql_list_len(q->from); i++) {
		an_rte *r;

		if (from_item(c, sc, &g, sql_list_nth(q->from, i), &r) != EXEC_OK)
			return NULL;
	}
	if (q->where != NULL) {
		sc->no_aggs = true;
		sc->no_aggs_where = "WHERE";
		sc->srf_where = "WHERE";
		where = an_qual(c, sc, q->where, "WHERE");
		sc->no_aggs = false;
		if (where == NULL)
			return NULL;
		conj_add(c, &g.quals, where);
	}

	/*
	 * What a locked row that changed is checked against again: WHERE and
	 * inner joins' ON.
	 *
	 * XXX: an outer join's ON is not checked again; for a changed row of
	 * its preserved side PostgreSQL would run the join again and might
	 * extend the row with NULLs.  Only the preserved side can be locked.
	 */
	if (sc->lock != NULL)
		recheck = conj_make(c, &g.quals);
	p = plan_group(c, &g);
	if (p == NULL)
		return NULL;

	/* The select list, GROUP BY and ORDER BY may call set-returning functions (ProjectSet). */
	sc->srf_ok = true;
	{
		bool saved = c->keep_unknown;
		int r;

		c->keep_unknown = keep_unknown;
		sc->win_ok = true;
		r = analyze_targets(c, sc, q->targets, &t);
		sc->win_ok = false;
		c->keep_unknown = saved;
		if (r != EXEC_OK)
			return NULL;
	}
	nvisible = t.e.n;

	/* GROUP BY keys, HAVING, then ORDER BY (which may add hidden columns). */
	for (int i = 0; i < sql_list_len(q->group_by); i++) {
		exec_expr *k;

		sc->no_aggs = true;
		sc->no_aggs_where = "GROUP BY";
		k = group_item(c, sc, &t, sql_list_nth(q->group_by, i));
		sc->no_aggs = false;
		if (k == NULL)
			return NULL;
		if (k->kind == EXPR_AGGREF) {
			an_error(c, sql_list_nth(q->group_by, i)->loc, "42803",
				"aggregate functions are not allowed in GROUP BY");
			return NULL;
		}
		if (!is_key(&gr, k))
			list_add(c, &gr.keys, k);
	}
	if (q->having != NULL) {
		sc->srf_ok = false;
		sc->srf_where = "HAVING";
		having = an_qual(c, sc, q->having, "HAVING");
		sc->srf_ok = true;
		if (having == NULL)
			return NULL;
	}
	sc->win_ok = true;
	if (resolve_order(c, sc, &t, nvisible, q, &sort, &nsort, &on, &non) != EXEC_OK)
		return NULL;
	sc->win_ok = false;
	if (text_sorted_literals(c, &t, nvisible, sort, nsort, q->distinct || non > 0, on, non) !=
		EXEC_OK)
		return NULL;
	sc->srf_ok = false;
	if (sc->lock != NULL && lock_check(c, sc, q, t.e.v, t.e.n) != EXEC_OK)
		return NULL;
	if (c->keep_levels)
		keep_level(c, q, sc, &t, nvisible, where, &gr.keys, having, sort, nsort);

	grouped = gr.keys.n > 0 || sc->naggs > 0 || having != NULL;
	if (grouped) {
		plan_node *a;
		int ng;

		gr.sc = sc;
		for (int i = 0; i < t.e.n; i++)
			group_check(c, &gr, t.e.v[i]);
		group_check(c, &gr, having);
		for (int d = 0; d < sc->nwindefs; d++) {
			for (int i = 0; i < sc->windefs[d].npart; i++)
				group_check(c, &gr, sc->windefs[d].part[i]);
			for (int i = 0; i < sc->windefs[d].norder; i++)
				group_check(c, &gr, sc->windefs[d].order[i].expr);
		}
		for (int i = 0; i < sc->nwinaggs; i++) {
			for (int k = 0; k < sc->winaggs[i].nargs; k++)
				group_check(c, &gr, sc->winaggs[i].args[k]);
			group_check(c, &gr, sc->winaggs[i].filter);
		}
		if (gr.failed)
			return NULL;
		ng = gr.keys.n;
		a = plan_new(c, PLAN_AGG, ng + sc->naggs);
		a->left = p;
		a->ngroup = ng;
		a->group = gr.keys.v;
		a->naggs = sc->naggs;
		a->aggs = sc->aggs;
		for (int i = 0; i < ng; i++) {
			a->desc.cols[i].name = "?group?";
			a->desc.cols[i].type = gr.keys.v[i]->type;
			a->desc.cols[i].typmod = gr.keys.v[i]->typmod;
		}
		for (int i = 0; i < sc->naggs; i++) {
			a->desc.cols[ng + i].name = "?agg?";
			a->desc.cols[ng + i].type = sc->aggs[i].result;
			a->desc.cols[ng + i].typmod = EXEC_TYPMOD_NONE;
		}
		a->having = group_map(c, &gr, having);
		a->rows = ng == 0 ? 1 : p->rows / 10 + 1;
		for (int i = 0; i < t.e.n; i++)
			t.e.v[i] = group_map(c, &gr, t.e.v[i]);

		/* A window over the groups reads their keys and aggregates. */
		for (int d = 0; d < sc->nwindefs; d++) {
			an_windef *wd = &sc->windefs[d];

			for (int i = 0; i < wd->npart; i++)
				wd->part[i] = group_map(c, &gr, wd->part[i]);
			for (int i = 0; i < wd->norder; i++)
				wd->order[i].expr = group_map(c, &gr, wd->order[i].expr);
		}
		for (int i = 0; i < sc->nwinaggs; i++) {
			for (int k = 0; k < sc->winaggs[i].nargs; k++)
				sc->winaggs[i].args[k] = group_map(c, &gr, sc->winaggs[i].args[k]);
			sc->winaggs[i].filter = group_map(c, &gr, sc->winaggs[i].filter);
		}

		/* Set-returning keys run before the grouping, their rows grouped. */
		a->left = plan_srfs(c, p, a->group, ng);
		p = a;
	}
	/* Window functions run over the rows, or the groups. */
	if (sc->nwins > 0)
		p = plan_window(c, sc, p, &t);

	/* Rows an index returns in the order asked for need no sort. */
	if (!grouped && sc->nwins == 0 && !q->distinct && non == 0 && nsort > 0 &&
		order_by_index(
			c, p, &t, sort, nsort, q->limit != NULL && q->limit_kind != SQL_LIMIT_ALL))
		nsort = 0;

	/*
	 * A level that locks rows carries its FROM row after its targets: to
	 * a LockRows node of its own when its clause is its own or its rows
	 * are sorted or limited (PostgreSQL would not pull such a subquery
	 * up), else to the enclosing level that pushed the clause here.
	 *
	 * XXX: PostgreSQL pushes an enclosing WHERE down into a subquery in
	 * FROM that has a locking clause of its own, which then locks only
	 * the rows that WHERE keeps; conditions are not pushed into
	 * subqueries here, so such a subquery locks all of its rows.
	 */
	if (sc->lock != NULL && sc->lock->nitems > 0) {
		lo.inside = sc->lock->clauses != NULL || q->sort != NULL || q->limit != NULL ||
			    q->offset != NULL || q->with != NULL;
		lo.junk = t.e.n;
		if (lo.inside && exec_lock_need_tx(c, lock_first(sc->lock)) != EXEC_OK)
			return NULL;
		lo.lv = lock_level(c, sc, recheck, &t, p);
		c->uncacheable = true; /* the lock mode is no part of what a kept plan checks */
	}

	/* Set-returning calls of the targets run after grouping, before the sort. */
	p = plan_srfs(c, p, t.e.v, t.e.n);
	p = project_targets(c, p, &t);
	p = finish_query(c, sc, p, &t, nvisible, sort, nsort, q->distinct || non > 0, on, non, q,
		lo.lv != NULL ? &lo : NULL);
	if (p != NULL && lo.lv != NULL && !lo.inside)
		c->pushed_level = lo.lv;
	if (correlated != NULL)
		*correlated = sc->outer_refs;
	return p;
}

/* ---- VALUES ---- */

static plan_node *plan_values(an_ctx *c, an_scope *parent, sql_select *q, bool *correlated)
{
	int nrows = sql_list_len(q->values),
	    ncols = sql_list_len(sql_as_list(sql_list_nth(q->values, 0)));
	an_scope *sc = an_scope_new(c, parent);
	plan_node *p = plan_new(c, PLAN_VALUES, ncols);
	exec_expr **col = sql_arena_alloc(c->a, (size_t)(nrows ? nrows : 1) * sizeof(*col));

	sc->lateral = c->lateral_next;
	sc->hidden = c->hidden_next;
	c->lateral_next = c->hidden_next = NULL;
	sc->no_aggs = true;
	sc->no_aggs_where = "VALUES";
	sc->srf_where = "VALUES";
	p->nrows = nrows;
	p->rowexprs = sql_arena_alloc(c->a, (size_t)nrows * sizeof(*p->rowexprs));
	for (int r = 0; r < nrows; r++) {
		const sql_list *row = sql_as_list(sql_list_nth(q->values, r));

		if (sql_list_len(row) != ncols) {
			an_error(
				c, row->n.loc, "42601", "VALUES lists must all be the same length");
			return NULL;
		}
		p->rowexprs[r] =
			sql_arena_alloc(c->a, (size_t)(ncols ? ncols : 1) * sizeof(exec_expr *));
		for (int k = 0; k < ncols; k++) {
			sql_node *n = sql_list_nth(row, k);

			if (n->kind == SQL_DEFAULT) {
				an_error(c, n->loc, "42601",
					"DEFAULT is not allowed in this context");
				return NULL;
			}
			p->rowexprs[r][k] = an_expr(c, sc, n);
			if (p->rowexprs[r][k] == NULL)
				return NULL;
		}
	}
	for (int k = 0; k < ncols; k++) {
		exec_oid t;
		char name[32];

		for (int r = 0; r < nrows; r++)
			col[r] = p->rowexprs[r][k];
		t = an_common_type(c, col, nrows, "VALUES");
		if (t == EXEC_OID_INVALID)
			return NULL;
		for (int r = 0; r < nrows; r++) {
			p->rowexprs[r][k] = an_coerce(c, p->rowexprs[r][k], t, EXEC_TYPMOD_NONE,
				EXEC_CAST_IMPLICIT, "VALUES");
			if (p->rowexprs[r][k] == NULL)
				return NULL;
		}
		snprintf(name, sizeof(name), "column%d", k + 1);
		p->desc.cols[k].name = sql_arena_strndup(c->a, name, strlen(name));
		p->desc.cols[k].type = t;
		p->desc.cols[k].typmod = EXEC_TYPMOD_NONE;
	}
	if (c->keep_levels) {
		an_level *lv = level_of(c, q);

		lv->ntargets = lv->nvisible = ncols;
		lv->nrows = nrows;
		lv->rows = p->rowexprs;
	}
	p->rows = nrows;
	if (correlated != NULL)
		*correlated = sc->outer_refs;
	return p;
}

/* ---- Set operations ---- */

/* p with each column cast to types[i] where it differs. */
static plan_node *cast_columns(an_ctx *c, plan_node *p, const exec_oid *types, const char *what)
{
	exec_expr **exprs = sql_arena_alloc(c->a, (size_t)(p->desc.ncols + 1) * sizeof(*exprs));
	bool need = false;

	for (int i = 0; i < p->desc.ncols; i++) {
		exec_expr *v =
			exec_expr_var(c->a, 0, i, p->desc.cols[i].type, p->desc.cols[i].typmod);

		exprs[i] = v;
		if (p->desc.cols[i].type != types[i]) {
			exprs[i] = an_coerce(
				c, v, types[i], EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT, what);
			if (exprs[i] == NULL)
				return NULL;
			need = true;
		}
	}
	if (!need)
		return p;
	{
		exec_column *cols =
			sql_arena_alloc(c->a, (size_t)(p->desc.ncols + 1) * sizeof(*cols));

		for (int i = 0; i < p->desc.ncols; i++) {
			cols[i] = p->desc.cols[i];
			if (cols[i].type != types[i]) {
				cols[i].type = types[i];
				cols[i].typmod = EXEC_TYPMOD_NONE;
				cols[i].table_oid = 0;
				cols[i].attnum = 0;
			}
		}
		return plan_project(c, p, p->desc.ncols, exprs, cols);
	}
}

/* Where column i of a set operation's input is written: its target, else the query. */

int an_target_loc(const sql_select *q, int ncols, int col)
{
	const sql_list *tl;
	int ntargets, star = -1;

	while (q->set_op != SQL_SETOP_NONE)
		q = q->larg;
	if (q->values != NULL) {
		const sql_list *row = sql_as_list(sql_list_nth(q->values, 0));

		return col < sql_list_len(row) ? sql_list_nth(row, col)->loc : q->n.loc;
	}
	tl = q->targets;
	ntargets = sql_list_len(tl);

	/* A `*` stands for ncols - (ntargets - 1) columns; two of them cannot be told apart. */
	for (int i = 0; i < ntargets; i++) {
		const sql_node *e = sql_as_target(sql_list_nth(tl, i))->expr;
		const sql_list *f = e->kind == SQL_COLREF ? sql_as_colref(e)->fields : NULL;

		if (f == NULL || sql_list_nth(f, sql_list_len(f) - 1)->kind != SQL_STAR)
			continue;
		if (star >= 0)
			return q->n.loc;
		star = i;
	}
	if (star >= 0 && col > star) {
		int width = ncols - (ntargets - 1);

		if (col < star + width)
			col = star;
		else
			col -= width - 1;
	}
	if (col < ntargets) {
		const sql_node *e = sql_as_target(sql_list_nth(tl, col))->expr;

		if (e != NULL && e->loc >= 0)
			return e->loc;
	}
	return q->n.loc;
}

/* Under the nodes that only pass a query's output columns on, the one that computes them. */
static plan_node *below_passing(plan_node *p)
{
	while ((p->kind == PLAN_SORT || p->kind == PLAN_LIMIT || p->kind == PLAN_DISTINCT ||
		       p->kind == PLAN_MATERIAL) &&
		p->left != NULL)
		p = p->left;
	return p;
}

int an_type_literal(
	an_ctx *c, plan_node *p, int col, exec_oid type, int32_t typmod, exec_cast_context cc)
{
	plan_node *q = below_passing(p);
	int32_t tm = EXEC_TYPMOD_NONE;

	if (p->desc.cols[col].type != EXEC_OID_UNKNOWN)
		return EXEC_OK;
	if ((q->kind == PLAN_PROJECT || q->kind == PLAN_RESULT) && q->exprs != NULL &&
		col < q->desc.ncols && q->exprs[col]->type == EXEC_OID_UNKNOWN) {
		exec_expr *e = an_coerce(c, q->exprs[col], type, typmod, cc, "column");

		if (e == NULL)
			return EXEC_ERROR;
		q->exprs[col] = e;
		q->desc.cols[col].type = type;
		q->desc.cols[col].typmod = tm = e->typmod;
	}
	/* The nodes above share the column's description. */
	for (plan_node *u = p; u != q; u = u->left) {
		u->desc.cols[col].type = type;
		u->desc.cols[col].typmod = tm;
	}
	return EXEC_OK;
}

static plan_node *setop_query(an_ctx *c, an_scope *parent, sql_select *q, bool *correlated)
{
	static const char *const names[] = {"", "UNION", "INTERSECT", "EXCEPT"};
	const char *what = names[q->set_op];
	bool lc = false, rc = false;
	plan_node *l, *r, *p;
	exec_oid *types;

	an_scope *lateral = c->lateral_next, *hidden = c->hidden_next;

	c->setop_leaf = q->larg->set_op == SQL_SETOP_NONE && q->larg->values == NULL;
	l = query_body(c, parent, q->larg, &lc);
	c->setop_leaf = false;
	if (l == NULL)
		return NULL;

	/* Both inputs of a LATERAL set operation see the items to its left. */
	c->lateral_next = lateral;
	c->hidden_next = hidden;
	c->setop_leaf = q->rarg->set_op == SQL_SETOP_NONE && q->rarg->values == NULL;
	r = query_body(c, parent, q->rarg, &rc);
	c->setop_leaf = false;
	if (r == NULL)
		return NULL;
	if (l->desc.ncols != r->desc.ncols) {
		an_error(c,
			an_target_loc(q->rarg, r->desc.ncols,
				l->desc.ncols < r->desc.ncols ? l->desc.ncols : 0),
			"42601", "each %s query must have the same number of columns", what);
		return NULL;
	}
	types = sql_arena_alloc(c->a, (size_t)(l->desc.ncols + 1) * sizeof(*types));
	for (int i = 0; i < l->desc.ncols; i++) {
		exec_expr *pair[2];

		pair[0] = exec_expr_var(c->a, 0, i, l->desc.cols[i].type, EXEC_TYPMOD_NONE);
		pair[1] = exec_expr_var(c->a, 0, i, r->desc.cols[i].type, EXEC_TYPMOD_NONE);
		pair[0]->loc = an_target_loc(q->larg, l->desc.ncols, i);
		pair[1]->loc = an_target_loc(q->rarg, r->desc.ncols, i);
		types[i] = an_common_type(c, pair, 2, what);
		if (types[i] == EXEC_OID_INVALID)
			return NULL;
	}
	/* Untyped literals of the leaves become the column's type where they stand. */
	for (int i = 0; i < l->desc.ncols; i++) {
		if (types[i] == EXEC_OID_UNKNOWN)
			types[i] = EXEC_OID_TEXT;
		if (an_type_literal(c, l, i, types[i], EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT) !=
				EXEC_OK ||
			an_type_literal(c, r, i, types[i], EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT) !=
				EXEC_OK)
			return NULL;
	}
	l = cast_columns(c, l, types, what);
	r = l ? cast_columns(c, r, types, what) : NULL;
	if (r == NULL)
		return NULL;
	for (int i = 0; i < l->desc.ncols; i++) {
		const exec_type *ty = exec_type_by_oid(types[i]);

		if (ty == NULL || ty->hash == NULL) {
			an_error(c, q->n.loc, "42883",
				"could not identify an equality operator for type %s",
				type_name(types[i]));
			return NULL;
		}
	}
	p = plan_new(c, PLAN_SETOP, l->desc.ncols);
	for (int i = 0; i < l->desc.ncols; i++) {
		p->desc.cols[i] = l->desc.cols[i];
		if (l->desc.cols[i].typmod != r->desc.cols[i].typmod)
			p->desc.cols[i].typmod = EXEC_TYPMOD_NONE;
		if (l->desc.cols[i].table_oid != r->desc.cols[i].table_oid ||
			l->desc.cols[i].attnum != r->desc.cols[i].attnum) {
			p->desc.cols[i].table_oid = 0;
			p->desc.cols[i].attnum = 0;
		}
	}
	p->left = l;
	p->right = r;
	p->setop = q->set_op == SQL_SETOP_UNION       ? SETOP_UNION
		   : q->set_op == SQL_SETOP_INTERSECT ? SETOP_INTERSECT
						      : SETOP_EXCEPT;
	p->all = q->set_all;
	p->rows = l->rows + r->rows;
	if (correlated != NULL)
		*correlated = lc || rc;
	return p;
}

/* ORDER BY and LIMIT over a set operation or VALUES: output names and numbers only. */
static plan_node *finish_plain(an_ctx *c, plan_node *p, const sql_select *q)
{
	targets t = {0};
	sortspec *sort;
	int nsort, *on, non;

	if (q->sort == NULL && q->limit == NULL && q->offset == NULL && !c->keep_levels)
		return p;
	for (int i = 0; i < p->desc.ncols; i++)
		target_add(c, &t,
			exec_expr_var(c->a, 0, i, p->desc.cols[i].type, p->desc.cols[i].typmod),
			p->desc.cols[i].name, p->desc.cols[i].table_oid, p->desc.cols[i].attnum);
	if (resolve_order(c, NULL, &t, t.e.n, q, &sort, &nsort, &on, &non) != EXEC_OK)
		return NULL;
	return finish_query(c, NULL, p, &t, t.e.n, sort, nsort, false, on, 0, q, NULL);
}

int an_with(an_ctx *c, const sql_with *w)
{
	if (w->recursive)
		return an_error(c, w->n.loc, "0A000", "WITH RECURSIVE is not supported");
	for (int i = 0; i < sql_list_len(w->ctes); i++) {
		const sql_cte *d = sql_as_cte(sql_list_nth(w->ctes, i));
		an_cte *cte;

		if (d->query->kind != SQL_SELECT)
			return an_error(c, d->n.loc, "0A000",
				"data-modifying statements in WITH are not supported");
		for (int k = 0; k < i; k++)
			if (strcmp(sql_as_cte(sql_list_nth(w->ctes, k))->name, d->name) == 0)
				return an_error(c, d->n.loc, "42712",
					"WITH query name \"%s\" specified more than once", d->name);
		if (c->keep_levels) {
			/* A deparse prints every WITH query, referenced or not (an_level). */
			an_scope *lateral = c->lateral_next, *hidden = c->hidden_next;
			bool ok;

			c->lateral_next = c->hidden_next = NULL;
			ok = an_query(c, NULL, sql_as_select(d->query)) != NULL;
			c->lateral_next = lateral;
			c->hidden_next = hidden;
			if (!ok)
				return EXEC_ERROR;
		}
		cte = sql_arena_zalloc(c->a, sizeof(*cte));
		cte->name = d->name;
		cte->columns = d->columns;
		cte->query = sql_as_select(d->query);
		cte->loc = d->n.loc;
		cte->prev = c->ctes;
		c->ctes = cte;
	}
	return EXEC_OK;
}

/* A query without its WITH: SELECT, VALUES or a set operation, with its ORDER BY and LIMIT. */
static plan_node *query_body(an_ctx *c, an_scope *parent, sql_select *q, bool *correlated)
{
	plan_node *p;
	an_cte *saved = c->ctes;

	if (q->with != NULL && an_with(c, q->with) != EXEC_OK) {
		c->ctes = saved;
		return NULL;
	}
	if (q->locking != NULL || c->push_lock != NULL) {
		const char *what = exec_lock_strength_name(
			q->locking != NULL ? sql_as_locking(sql_list_nth(q->locking, 0))->strength
					   : c->push_lock->strength);

		/* PostgreSQL's checks before it looks at the query's tables. */
		c->err_unplaced = true;
		if (q->set_op != SQL_SETOP_NONE) {
			store_err_set(c->err, "0A000",
				"%s is not allowed with UNION/INTERSECT/EXCEPT", what);
			c->ctes = saved;
			return NULL;
		}
		if (q->values != NULL && q->locking != NULL) {
			store_err_set(c->err, "0A000", "%s cannot be applied to VALUES", what);
			c->ctes = saved;
			return NULL;
		}
		c->err_unplaced = false;
		if (q->values != NULL)
			c->push_lock = NULL; /* a VALUES list in FROM has no rows to lock */
	}
	if (q->values != NULL) {
		p = plan_values(c, parent, q, correlated);
		if (p != NULL)
			p = finish_plain(c, p, q);
	} else if (q->set_op != SQL_SETOP_NONE) {
		p = setop_query(c, parent, q, correlated);
		if (p != NULL)
			p = finish_plain(c, p, q);
	} else {
		p = plan_select(c, parent, q, correlated);
	}
	c->ctes = saved;
	return p;
}

plan_node *an_query(an_ctx *c, an_scope *parent, sql_select *q)
{
	return query_body(c, parent, q, NULL);
}

/* ---- Subqueries in expressions ---- */

exec_expr *an_sublink(an_ctx *c, an_scope *sc, sql_sublink *sl)
{
	exec_subplan *sp = sql_arena_zalloc(c->a, sizeof(*sp));
	exec_expr *e, *test = NULL;
	bool correlated = false;
	plan_node *p;
	exec_oid ctype;

	if (sl->sublink == SQL_SUBLINK_ANY || sl->sublink == SQL_SUBLINK_ALL) {
		if (sl->test->kind == SQL_ROW) {
			an_error(c, sl->test->loc, "0A000",
				"row comparisons with subqueries are not supported");
			return NULL;
		}
		test = an_expr(c, sc, sl->test);
		if (test == NULL)
			return NULL;
		if (expr_has(test, EXPR_SRF)) {
			an_error(c, sl->op_loc >= 0 ? sl->op_loc : sl->n.loc, "42804",
				"row comparison operator must not return a set");
			return NULL;
		}
	}
	p = query_body(c, sc, sql_as_select(sl->subquery), &correlated);
	if (p == NULL)
		return NULL;
	sp->plan = p;
	sp->id = c->nsubplans++;
	sp->correlated = correlated;

	if ((sl->sublink == SQL_SUBLINK_ANY || sl->sublink == SQL_SUBLINK_ALL) &&
		p->desc.ncols != 1) {
		/* PostgreSQL's words here: the test compares with a row of the subquery. */
		an_error(c, sl->op_loc >= 0 ? sl->op_loc : sl->n.loc, "42601",
			p->desc.ncols > 1 ? "subquery has too many columns"
					  : "subquery has too few columns");
		return NULL;
	}
	if (sl->sublink != SQL_SUBLINK_EXISTS && p->desc.ncols != 1) {
		an_error(c, sl->n.loc, "42601",
			p->desc.ncols > 1 ? "subquery must return only one column"
					  : "subquery must return a column");
		return NULL;
	}
	ctype = sl->sublink == SQL_SUBLINK_EXISTS ? 0 : p->desc.cols[0].type;
	switch (sl->sublink) {
	case SQL_SUBLINK_EXISTS:
		e = exec_expr_new(c->a, EXPR_SUBPLAN, EXEC_OID_BOOL, EXEC_TYPMOD_NONE);
		e->sublink = EXEC_SUB_EXISTS;
		break;
	case SQL_SUBLINK_EXPR: {
		an_subname *sn = sql_arena_alloc(c->a, sizeof(*sn));

		e = exec_expr_new(c->a, EXPR_SUBPLAN, ctype, p->desc.cols[0].typmod);
		e->sublink = EXEC_SUB_SCALAR;

		/* Its output name, should it be a target of its own (an_expr_name). */
		sn->sublink = &sl->n;
		sn->name = p->desc.cols[0].name;
		sn->next = c->subnames;
		c->subnames = sn;
		break;
	}
	case SQL_SUBLINK_ARRAY: {
		exec_oid at = exec_array_type_of(ctype);

		if (at == 0) {
			an_error(c, sl->n.loc, "42704",
				"could not find array type for data type %s", type_name(ctype));
			return NULL;
		}
		e = exec_expr_new(c->a, EXPR_SUBPLAN, at, EXEC_TYPMOD_NONE);
		e->sublink = EXEC_SUB_ARRAY;
		break;
	}
	default: {
		exec_oid cl = 0, cr = 0, want;
		const char *op = sl->op_name ? sl->op_name : "=";
		const exec_oper *o = exec_oper_resolve(op, test->type, ctype, &cl, &cr, c->err);

		if (o == NULL) {
			if (c->err->position == 0)
				c->err->position = sql_char_position(c->sql, c->sqllen,
					sl->op_loc >= 0 ? sl->op_loc : sl->n.loc);
			return NULL;
		}
		if (o->result != EXEC_OID_BOOL) {
			an_error(c, sl->op_loc, "42804",
				"op ANY/ALL (subquery) requires operator to yield boolean");
			return NULL;
		}
		test = an_coerce(c, test, cl ? cl : o->left, EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT,
			"operand");
		if (test == NULL)
			return NULL;
		want = cr ? cr : o->right;
		if (want != ctype && want != EXEC_OID_ANY && want != EXEC_OID_ANYELEMENT) {
			sp->plan = cast_columns(c, p, &want, "subquery");
			if (sp->plan == NULL)
				return NULL;
		}
		e = exec_expr_new(c->a, EXPR_SUBPLAN, EXEC_OID_BOOL, EXEC_TYPMOD_NONE);
		e->sublink = sl->sublink == SQL_SUBLINK_ALL ? EXEC_SUB_ALL : EXEC_SUB_ANY;
		e->all = sl->sublink == SQL_SUBLINK_ALL;
		e->fn = o->fn;
		e->name = o->name;
		sp->hashable = o->hashable && test->type == sp->plan->desc.cols[0].type &&
			       strcmp(o->name, "=") == 0;
		exec_expr_set_args(c->a, e, 1, &test);
		break;
	}
	}
	e->subplan = sp;
	e->loc = sl->n.loc;
	return e;
}

/* ---- The FROM row of UPDATE and DELETE ---- */

plan_node *an_dml_from(an_ctx *c, an_scope *sc, const sql_range_var *target, const cat_table *t,
	store_snap *snap, const sql_list *from, sql_node *where)
{
	group g;
	plan_node *p = plan_scan(c, t, snap, c->tx);
	an_rte *r = add_rte(c, sc, t->name, target->alias, &p->desc, 0, target->n.loc);

	if (r == NULL)
		return NULL;
	r->table = t;
	r->table_oid = t->oid;
	r->dml_target = true;
	group_init(&g, sc, 0);
	if (t->npk == 0)
		scan_with_key(c, sc, p, t);
	group_add(c, &g, p, 0);
	for (int i = 0; i < sql_list_len(from); i++) {
		an_rte *o;

		if (from_item(c, sc, &g, sql_list_nth(from, i), &o) != EXEC_OK)
			return NULL;
	}
	if (where != NULL) {
		exec_expr *w;

		sc->no_aggs = true;
		sc->no_aggs_where = "WHERE";
		sc->srf_where = "WHERE";
		w = an_qual(c, sc, where, "WHERE");
		sc->no_aggs = false;
		if (w == NULL)
			return NULL;
		conj_add(c, &g.quals, w);
	}
	return plan_group(c, &g);
}

int an_returning(
	an_ctx *c, an_scope *sc, const sql_list *list, exec_tupdesc *desc, exec_expr ***exprs)
{
	targets t = {0};

	sc->srf_ok = false;
	sc->srf_where = "RETURNING";
	if (analyze_targets(c, sc, list, &t) != EXEC_OK)
		return EXEC_ERROR;
	if (sc->naggs > 0) {
		an_error(c, sql_list_nth(list, 0)->loc, "42803",
			"aggregate functions are not allowed in RETURNING");
		return EXEC_ERROR;
	}
	desc->ncols = t.e.n;
	desc->cols = sql_arena_zalloc(c->a, (size_t)(t.e.n ? t.e.n : 1) * sizeof(exec_column));
	for (int i = 0; i < t.e.n; i++) {
		desc->cols[i].name = t.names[i];
		desc->cols[i].type = t.e.v[i]->type;
		desc->cols[i].typmod = t.e.v[i]->typmod;
		desc->cols[i].table_oid = t.table_oid[i];
		desc->cols[i].attnum = t.attnum[i];
	}
	*exprs = t.e.v;
	return EXEC_OK;
}

/* ---- For the plan builder (build.c) ---- */

plan_node *an_plan_new(an_ctx *c, plan_kind kind, int ncols)
{
	return plan_new(c, kind, ncols);
}

plan_node *an_plan_scan(an_ctx *c, const cat_table *t, store_snap *snap, store_tx *tx)
{
	return plan_scan(c, t, snap, tx);
}

plan_node *an_plan_where(an_ctx *c, plan_node *p, exec_expr *qual)
{
	exprlist quals = {0};

	conj_add(c, &quals, qual);
	return unit_quals(c, p, &quals);
}

plan_node *an_plan_project(
	an_ctx *c, plan_node *in, int n, exec_expr **exprs, const exec_column *cols)
{
	return plan_project(c, in, n, exprs, cols);
}
