/*
 * explain.c - EXPLAIN: a query's plan as text, one row per line in the
 * column "QUERY PLAN", laid out as PostgreSQL's text format lays it out:
 * a node per line, its inputs under it after "->  ", its details
 * ("Filter:", "Hash Cond:", "Sort Key:") two columns in.
 *
 * The plan shown is the one the executor runs (plan.h).  Nodes take the
 * name of the PostgreSQL node doing the same work ("Seq Scan", "Hash
 * Join", "HashAggregate"); a primary-key read, which walks the row's
 * path in the Git tree rather than an index, is "Key Lookup" with a "Key
 * Cond:", and a read through a secondary index (index.h) is "Index Scan
 * using <index>", with the conditions its bounds come from as "Index
 * Cond:".  Projections are not nodes of their own, as in PostgreSQL:
 * VERBOSE lists each node's "Output:".  Expressions are printed back as
 * SQL in PostgreSQL's manner: every operator in parentheses, casts as
 * "(x)::type", constants as literals ('a'::text), columns named by their
 * table when the plan reads more than one.
 *
 * There are no costs: the planner keeps a row estimate per node and no
 * cost model, so a node shows "(rows=N)" where PostgreSQL shows
 * "(cost=... rows=N width=W)"; COSTS OFF hides it.  ANALYZE runs the
 * query, throwing its rows away, and adds "(actual rows=N loops=M)", the
 * rows per start as PostgreSQL counts them, to every node of the main
 * plan (nodes of subqueries run from expressions show none); there is no
 * per-node timing, so TIMING is accepted and changes nothing.  SUMMARY
 * (on with ANALYZE) adds the planning and execution times.
 *
 * Not here: planning (select.c), running (exec.c).  EXPLAIN of INSERT,
 * UPDATE, DELETE and CREATE TABLE AS is not supported yet (0A000).
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "array.h"
#include "exec_int.h"
#include "index.h"
#include "sql.h"
#include "stmt.h"

/* ---- State ---- */

/* The row a column reference reads: a node's output, and the enclosing query's. */
typedef struct dctx dctx;
struct dctx {
	const plan_node *in; /* VAR with up 0 reads this node's output; NULL: no row */
	const dctx *outer;   /* the enclosing query's row, for VAR with up > 0 */
};

/* What ANALYZE counted of one iterator. */
typedef struct instr {
	const plan_node *plan;
	exec_iter *it;
	int (*next)(exec_iter *it, const exec_value **row);
	int (*rescan)(exec_iter *it);
	uint64_t rows, loops;
	bool started;
} instr;

/* A subquery met in a node's expressions, with the row its outer references read. */
typedef struct subref {
	const exec_subplan *sp;
	dctx ctx;
} subref;

typedef struct explain {
	exec_stmt *st;
	bool analyze, verbose, costs, summary;
	bool qualify; /* name columns by their table */
	const exec_func *quote_ident;

	/* The lines of the result, in the statement's arena. */
	char **lines;
	int nlines, caplines;

	instr *ins;
	int nins;
	int status; /* EXEC_ERROR once a constant failed to print */
} explain;

/*
 * The EXPLAIN ANALYZE running on this thread.  An iterator's next()
 * receives only the iterator, so the counting wrappers find their
 * counters through it.
 * XXX: a hook in the executor (a counter slot in exec_iter that
 * exec_next fills) would make this wrapping and the lookup by iterator
 * unnecessary; it is tolerated because only EXPLAIN ANALYZE pays for it.
 */
static _Thread_local explain *running;

/* ---- Lines ---- */

static void emit(explain *x, int indent, const store_buf *b)
{
	char *line;

	if (x->nlines == x->caplines) {
		int cap = x->caplines ? 2 * x->caplines : 32;
		char **g = sql_arena_alloc(x->st->a, (size_t)cap * sizeof(*g));

		if (x->nlines)
			memcpy(g, x->lines, (size_t)x->nlines * sizeof(*g));
		x->lines = g;
		x->caplines = cap;
	}
	line = sql_arena_alloc(x->st->a, (size_t)indent + b->len + 1);
	memset(line, ' ', (size_t)indent);
	if (b->len)
		memcpy(line + indent, b->data, b->len);
	line[indent + b->len] = '\0';
	x->lines[x->nlines++] = line;
}

/* A detail line: label, then text. */
static void emit_detail(explain *x, int indent, const char *label, const store_buf *text)
{
	store_buf b = STORE_BUF_INIT;

	store_buf_puts(&b, label);
	store_buf_puts(&b, ": ");
	store_buf_put(&b, text->data, text->len);
	emit(x, indent, &b);
	store_buf_free(&b);
}

/* ---- Printing expressions ---- */

static void put_expr(explain *x, store_buf *b, const exec_expr *e, const dctx *ctx);

static void put_type(store_buf *b, exec_oid type, int32_t typmod)
{
	char name[128];

	cat_format_type(type, typmod, name, sizeof(name));
	store_buf_puts(b, name);
}

/* A name as SQL writes it: bare when it can be, quoted otherwise (quote_ident). */
static void put_ident(explain *x, store_buf *b, const char *name)
{
	exec_value in = exec_text(EXEC_OID_TEXT, name, strlen(name)), out;

	if (x->quote_ident == NULL || x->quote_ident->fn(&x->st->cx, &in, 1, &out) != EXEC_OK) {
		store_buf_puts(b, name);
		return;
	}
	store_buf_put(b, out.v.s.p, out.v.s.len);
}

/* Whether text is an unsigned decimal number (a numeric literal PostgreSQL prints bare). */
static bool plain_number(const char *s, size_t n)
{
	size_t i = 0, digits = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, digits++;
	}
	return digits > 0 && i == n;
}

/*
 * A constant as PostgreSQL prints one: bare for booleans, non-negative
 * integers and numerics with a decimal point (what a bare literal of
 * that text would be typed), 'text'::type otherwise.
 */
static void put_const(explain *x, store_buf *b, const exec_value *v, int32_t typmod)
{
	store_buf t = STORE_BUF_INIT;

	if (v->isnull) {
		store_buf_puts(b, "NULL");
		if (v->type != EXEC_OID_UNKNOWN && v->type != EXEC_OID_INVALID) {
			store_buf_puts(b, "::");
			put_type(b, v->type, typmod);
		}
		return;
	}
	if (exec_value_out(&x->st->cx, v, &t) != EXEC_OK) {
		x->status = EXEC_ERROR;
		store_buf_free(&t);
		return;
	}
	if (v->type == EXEC_OID_BOOL) {
		store_buf_puts(b, t.len > 0 && t.data[0] == 't' ? "true" : "false");
	} else if (plain_number((const char *)t.data, t.len) &&
		   (v->type == EXEC_OID_INT4 ||
			   (v->type == EXEC_OID_NUMERIC && memchr(t.data, '.', t.len) != NULL))) {
		store_buf_put(b, t.data, t.len);
	} else {
		store_buf_putc(b, '\'');
		for (size_t i = 0; i < t.len; i++) {
			if (t.data[i] == '\'')
				store_buf_putc(b, '\'');
			store_buf_putc(b, t.data[i]);
		}
		store_buf_putc(b, '\'');
		if (v->type != EXEC_OID_UNKNOWN) {
			store_buf_puts(b, "::");
			put_type(b, v->type, typmod);
		}
	}
	store_buf_free(&t);
}

static void put_list(explain *x, store_buf *b, exec_expr *const *args, int n, const dctx *ctx)
{
	for (int i = 0; i < n; i++) {
		if (i > 0)
			store_buf_puts(b, ", ");
		put_expr(x, b, args[i], ctx);
	}
}

/* An aggregate call of an AGG node, over the node's input. */
static void put_aggcall(explain *x, store_buf *b, const plan_aggcall *ac, const dctx *ctx)
{
	store_buf_puts(b, ac->agg != NULL ? ac->agg->name : "count");
	store_buf_putc(b, '(');
	if (ac->agg == NULL)
		store_buf_putc(b, '*');
	if (ac->distinct)
		store_buf_puts(b, "DISTINCT ");
	put_list(x, b, ac->args, ac->nargs, ctx);
	for (int i = 0; i < ac->norder; i++) {
		store_buf_puts(b, i == 0 ? " ORDER BY " : ", ");
		put_expr(x, b, ac->order[i].expr, ctx);
		if (ac->order[i].desc)
			store_buf_puts(b, " DESC");
	}
	store_buf_putc(b, ')');
	if (ac->filter != NULL) {
		store_buf_puts(b, " FILTER (WHERE ");
		put_expr(x, b, ac->filter, ctx);
		store_buf_putc(b, ')');
	}
}

/* Output column i of node p, as an expression over p's inputs. */
static void put_column(explain *x, store_buf *b, const plan_node *p, int i, const dctx *outer)
{
	dctx in = {p->left, outer};

	if (i < 0 || i >= p->desc.ncols) {
		store_buf_puts(b, "?column?");
		return;
	}
	switch (p->kind) {
	case PLAN_SCAN:
	case PLAN_KEY:
	case PLAN_INDEX:
		if (x->qualify) {
			put_ident(x, b, p->src.table);
			store_buf_putc(b, '.');
		}
		/* The storage key a scan adds for UPDATE and DELETE plays PostgreSQL's ctid. */
		put_ident(x, b, i < p->src.ncols ? p->src.colnames[i] : "ctid");
		return;
	case PLAN_VERSIONS:
		if (x->qualify) {
			put_ident(x, b, p->src.table);
			store_buf_putc(b, '.');
		}
		put_ident(x, b, p->desc.cols[i].name);
		return;
	case PLAN_FILTER:
	case PLAN_SORT:
	case PLAN_LIMIT:
	case PLAN_DISTINCT:
	case PLAN_MATERIAL:
	case PLAN_SETOP:
	case PLAN_LOCKROWS:
		put_column(x, b, p->left, i, outer);
		return;
	case PLAN_NESTLOOP:
	case PLAN_HASHJOIN:
		if (i < p->left->desc.ncols)
			put_column(x, b, p->left, i, outer);
		else
			put_column(x, b, p->right, i - p->left->desc.ncols, outer);
		return;
	case PLAN_WINDOW:
		if (i < p->left->desc.ncols) {
			put_column(x, b, p->left, i, outer);
		} else {
			static const char *const names[] = {"row_number", "rank", "dense_rank"};

			store_buf_printf(
				b, "%s() OVER (?)", names[p->wins[i - p->left->desc.ncols]]);
		}
		return;
	case PLAN_PROJECT:
	case PLAN_PROJECTSET:
		put_expr(x, b, p->exprs[i], &in);
		return;
	case PLAN_RESULT:
		in.in = NULL;
		put_expr(x, b, p->exprs[i], &in);
		return;
	case PLAN_AGG:
		if (i < p->ngroup)
			put_expr(x, b, p->group[i], &in);
		else
			put_aggcall(x, b, &p->aggs[i - p->ngroup], &in);
		return;
	case PLAN_VALUES:
		if (x->qualify)
			store_buf_puts(b, "\"*VALUES*\".");
		put_ident(x, b, p->desc.cols[i].name);
		return;
	case PLAN_FUNCTION:
		if (x->qualify) {
			put_ident(x, b, p->alias ? p->alias : ((const exec_srf *)p->srf)->name);
			store_buf_putc(b, '.');
		}
		put_ident(x, b, p->desc.cols[i].name);
		return;
	}
}

/* Whether a function's name is a word (a call) rather than an operator's symbol. */
static bool is_word(const char *name)
{
	return name != NULL && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
}

/*
 * "InitPlan" for a subquery run once (it reads no enclosing row),
 * "SubPlan" for one run per row or probed through a hash set.
 */
static const char *subplan_label(const exec_subplan *sp)
{
	return sp->correlated || sp->hashable ? "SubPlan" : "InitPlan";
}

static void put_subplan(explain *x, store_buf *b, const exec_expr *e, const dctx *ctx)
{
	const exec_subplan *sp = e->subplan;
	const char *label = subplan_label(sp);

	switch (e->sublink) {
	case EXEC_SUB_EXISTS:
		store_buf_printf(b, "EXISTS(%s %d)", label, sp->id + 1);
		break;
	case EXEC_SUB_SCALAR:
		store_buf_printf(b, "(%s %d)", label, sp->id + 1);
		break;
	case EXEC_SUB_ARRAY:
		store_buf_printf(b, "ARRAY(%s %d)", label, sp->id + 1);
		break;
	case EXEC_SUB_ANY:
	case EXEC_SUB_ALL:
		store_buf_putc(b, '(');
		if (e->nargs > 0)
			put_expr(x, b, e->args[0], ctx);
		store_buf_printf(b, " %s %s (%s%s %d))", e->name ? e->name : "=",
			e->all ? "ALL" : "ANY", sp->hashable ? "hashed " : "", label, sp->id + 1);
		break;
	}
}

static void put_expr(explain *x, store_buf *b, const exec_expr *e, const dctx *ctx)
{
	static const char *const booltests[] = {"IS TRUE", "IS NOT TRUE", "IS FALSE",
		"IS NOT FALSE", "IS UNKNOWN", "IS NOT UNKNOWN"};
	const dctx *d = ctx;

	switch (e->kind) {
	case EXPR_CONST:
		put_const(x, b, &e->value, e->typmod);
		return;
	case EXPR_PARAM:
		store_buf_printf(b, "$%d", e->index + 1);
		return;
	case EXPR_VAR:
		for (int up = e->up; up > 0 && d != NULL; up--)
			d = d->outer;
		if (d == NULL || d->in == NULL)
			store_buf_puts(b, "?column?");
		else
			put_column(x, b, d->in, e->index, d->outer);
		return;
	case EXPR_AGGREF:
		store_buf_printf(b, "(aggregate %d)", e->index + 1);
		return;
	case EXPR_WINREF:
		store_buf_printf(b, "%s() OVER (?)", e->name);
		return;
	case EXPR_CALL:
		if (is_word(e->name) || e->nargs > 2) {
			store_buf_puts(b, e->name ? e->name : "?");
			store_buf_putc(b, '(');
			put_list(x, b, e->args, e->nargs, ctx);
			store_buf_putc(b, ')');
		} else {
			store_buf_putc(b, '(');
			if (e->nargs == 2) {
				put_expr(x, b, e->args[0], ctx);
				store_buf_putc(b, ' ');
			}
			store_buf_puts(b, e->name ? e->name : "?");
			store_buf_putc(b, ' ');
			if (e->nargs > 0)
				put_expr(x, b, e->args[e->nargs - 1], ctx);
			store_buf_putc(b, ')');
		}
		return;
	case EXPR_CAST:
		store_buf_putc(b, '(');
		put_expr(x, b, e->args[0], ctx);
		store_buf_puts(b, ")::");
		put_type(b, e->type, e->typmod);
		return;
	case EXPR_AND:
	case EXPR_OR:
		store_buf_putc(b, '(');
		for (int i = 0; i < e->nargs; i++) {
			if (i > 0)
				store_buf_puts(b, e->kind == EXPR_AND ? " AND " : " OR ");
			put_expr(x, b, e->args[i], ctx);
		}
		store_buf_putc(b, ')');
		return;
	case EXPR_NOT:
		store_buf_puts(b, "(NOT ");
		put_expr(x, b, e->args[0], ctx);
		store_buf_putc(b, ')');
		return;
	case EXPR_CASE:
		store_buf_puts(b, "CASE");
		for (int i = 0; i + 1 < e->nargs; i += 2) {
			store_buf_puts(b, " WHEN ");
			put_expr(x, b, e->args[i], ctx);
			store_buf_puts(b, " THEN ");
			put_expr(x, b, e->args[i + 1], ctx);
		}
		if (e->nargs % 2 == 1) {
			store_buf_puts(b, " ELSE ");
			put_expr(x, b, e->args[e->nargs - 1], ctx);
		}
		store_buf_puts(b, " END");
		return;
	case EXPR_COALESCE:
	case EXPR_MINMAX:
	case EXPR_NULLIF:
		store_buf_puts(b, e->kind == EXPR_COALESCE ? "COALESCE("
				  : e->kind == EXPR_NULLIF ? "NULLIF("
				  : e->greatest            ? "GREATEST("
							   : "LEAST(");
		put_list(x, b, e->args, e->nargs, ctx);
		store_buf_putc(b, ')');
		return;
	case EXPR_NULLTEST:
		store_buf_putc(b, '(');
		put_expr(x, b, e->args[0], ctx);
		store_buf_puts(b, e->negated ? " IS NOT NULL)" : " IS NULL)");
		return;
	case EXPR_BOOLTEST:
		store_buf_putc(b, '(');
		put_expr(x, b, e->args[0], ctx);
		store_buf_putc(b, ' ');
		store_buf_puts(b, e->test >= 0 && e->test < 6 ? booltests[e->test] : "IS ?");
		store_buf_putc(b, ')');
		return;
	case EXPR_DISTINCT:
		store_buf_putc(b, '(');
		put_expr(x, b, e->args[0], ctx);
		store_buf_puts(b, e->negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ");
		put_expr(x, b, e->args[1], ctx);
		store_buf_putc(b, ')');
		return;
	case EXPR_IN_LIST:
		store_buf_putc(b, '(');
		put_expr(x, b, e->args[0], ctx);
		store_buf_puts(b, e->negated ? " NOT IN (" : " IN (");
		put_list(x, b, e->args + 1, e->nargs - 1, ctx);
		store_buf_puts(b, "))");
		return;
	case EXPR_SCALAR_ARRAY:
		store_buf_putc(b, '(');
		put_expr(x, b, e->args[0], ctx);
		store_buf_printf(b, " %s %s (", e->name ? e->name : "=", e->all ? "ALL" : "ANY");
		put_expr(x, b, e->args[1], ctx);
		store_buf_puts(b, "))");
		return;
	case EXPR_ARRAY:
		store_buf_puts(b, "ARRAY[");
		put_list(x, b, e->args, e->nargs, ctx);
		store_buf_putc(b, ']');
		return;
	case EXPR_SUBPLAN:
		put_subplan(x, b, e, ctx);
		return;
	case EXPR_SUBSCRIPT:
	case EXPR_SUBSCRIPT_ASSIGN:
		/* base[lo:hi]...: the bounds in order, the absent ones left out. */
		put_expr(x, b, e->args[0], ctx);
		for (int k = 0, next = 1; k < e->index; k++) {
			store_buf_putc(b, '[');
			if (!((e->test >> (2 * k)) & 1))
				put_expr(x, b, e->args[next++], ctx);
			if (e->all) {
				store_buf_putc(b, ':');
				if (!((e->test >> (2 * k + 1)) & 1))
					put_expr(x, b, e->args[next++], ctx);
			}
			store_buf_putc(b, ']');
		}
		if (e->kind == EXPR_SUBSCRIPT_ASSIGN) {
			store_buf_puts(b, " := ");
			put_expr(x, b, e->args[e->nargs - 1], ctx);
		}
		return;
	case EXPR_ROW:
		store_buf_puts(b, "ROW(");
		put_list(x, b, e->args, e->nargs, ctx);
		store_buf_putc(b, ')');
		return;
	case EXPR_FIELD:
		store_buf_putc(b, '(');
		put_expr(x, b, e->args[0], ctx);
		store_buf_puts(b, ").");
		put_ident(
			x, b, e->args[0]->srf != NULL ? e->args[0]->srf->colnames[e->index] : "?");
		return;
	case EXPR_SRF:
		store_buf_puts(b, e->name);
		store_buf_putc(b, '(');
		put_list(x, b, e->args, e->nargs, ctx);
		store_buf_putc(b, ')');
		return;
	case EXPR_LATERAL:
		store_buf_puts(b, e->name != NULL ? e->name : "?column?");
		return;
	}
}

/* ---- A node's expressions ---- */

/* Which row an expression of a node reads. */
typedef enum expr_row {
	ROW_NONE,  /* no row: constants, parameters */
	ROW_SELF,  /* the node's own output (a scan's qual, a join's filter, HAVING) */
	ROW_LEFT,  /* its input's */
	ROW_RIGHT, /* its inner input's */
} expr_row;

typedef void (*expr_fn)(explain *x, const exec_expr *e, expr_row row, void *arg);

static void each_list(explain *x, exec_expr *const *v, int n, expr_row row, expr_fn fn, void *arg)
{
	for (int i = 0; i < n; i++) {
		if (v[i] != NULL)
			fn(x, v[i], row, arg);
	}
}

/* Call fn for every expression of node p (not of its inputs), with the row it reads. */
static void each_expr(explain *x, const plan_node *p, expr_fn fn, void *arg)
{
	switch (p->kind) {
	case PLAN_RESULT:
		each_list(x, p->exprs, p->desc.ncols, ROW_NONE, fn, arg);
		break;
	case PLAN_VALUES:
		for (int r = 0; r < p->nrows; r++)
			each_list(x, p->rowexprs[r], p->desc.ncols, ROW_NONE, fn, arg);
		break;
	case PLAN_SCAN:
	case PLAN_KEY:
		each_list(x, p->keyexprs, p->nkeys * p->nkeyparts, ROW_NONE, fn, arg);
		break;
	case PLAN_INDEX:
		each_list(x, &p->indexqual, 1, ROW_SELF, fn, arg);
		break;
	case PLAN_PROJECT:
	case PLAN_PROJECTSET:
		each_list(x, p->exprs, p->desc.ncols, ROW_LEFT, fn, arg);
		break;
	case PLAN_HASHJOIN:
		each_list(x, p->lkeys, p->nhash, ROW_LEFT, fn, arg);
		each_list(x, p->rkeys, p->nhash, ROW_RIGHT, fn, arg);
		break;
	case PLAN_AGG:
		each_list(x, p->group, p->ngroup, ROW_LEFT, fn, arg);
		for (int i = 0; i < p->naggs; i++) {
			each_list(x, p->aggs[i].args, p->aggs[i].nargs, ROW_LEFT, fn, arg);
			each_list(x, &p->aggs[i].filter, 1, ROW_LEFT, fn, arg);
			for (int k = 0; k < p->aggs[i].norder; k++)
				fn(x, p->aggs[i].order[k].expr, ROW_LEFT, arg);
		}
		each_list(x, &p->having, 1, ROW_SELF, fn, arg);
		break;
	case PLAN_SORT:
	case PLAN_DISTINCT:
		for (int i = 0; i < p->nsort; i++)
			fn(x, p->sort[i].expr, ROW_LEFT, arg);
		break;
	case PLAN_WINDOW:
		each_list(x, p->winpart, p->nwinpart, ROW_LEFT, fn, arg);
		for (int i = 0; i < p->nwinorder; i++)
			fn(x, p->winorder[i].expr, ROW_LEFT, arg);
		break;
	case PLAN_FUNCTION:
		each_list(x, p->fargs, p->nfargs, ROW_NONE, fn, arg);
		break;
	default:
		break;
	}
	if (p->qual != NULL)
		fn(x, p->qual, p->kind == PLAN_FILTER ? ROW_LEFT : ROW_SELF, arg);
	each_list(x, &p->limit, 1, ROW_NONE, fn, arg);
	each_list(x, &p->offset, 1, ROW_NONE, fn, arg);
}

static dctx row_ctx(const plan_node *p, expr_row row, const dctx *outer)
{
	dctx d = {NULL, outer};

	d.in = row == ROW_SELF ? p : row == ROW_LEFT ? p->left : row == ROW_RIGHT ? p->right : NULL;
	return d;
}

/* The subqueries of one node's expressions, in the order met. */
typedef struct sublist {
	const plan_node *node;
	const dctx *outer;
	subref *v;
	int n, cap;
	sql_arena *a;
} sublist;

static void find_subplans(const exec_expr *e, const dctx *ctx, sublist *l)
{
	if (e == NULL)
		return;
	if (e->kind == EXPR_SUBPLAN) {
		bool seen = false;

		for (int i = 0; i < l->n; i++)
			seen = seen || l->v[i].sp == e->subplan;
		if (!seen) {
			if (l->n == l->cap) {
				int cap = l->cap ? 2 * l->cap : 4;
				subref *g = sql_arena_alloc(l->a, (size_t)cap * sizeof(*g));

				if (l->n)
					memcpy(g, l->v, (size_t)l->n * sizeof(*g));
				l->v = g;
				l->cap = cap;
			}
			l->v[l->n].sp = e->subplan;
			l->v[l->n].ctx = *ctx;
			l->n++;
		}
	}
	for (int i = 0; i < e->nargs; i++)
		find_subplans(e->args[i], ctx, l);
}

static void collect_subplans(explain *x, const exec_expr *e, expr_row row, void *arg)
{
	sublist *l = arg;
	dctx d = row_ctx(l->node, row, l->outer);

	(void)x;
	find_subplans(e, &d, l);
}

/* ---- Naming columns ---- */

/* Relations a plan reads, those of its subqueries included (more than one: qualify names). */
static int count_rels(explain *x, const plan_node *p);

static void count_in_expr(explain *x, const exec_expr *e, int *n)
{
	if (e->kind == EXPR_SUBPLAN)
		*n += count_rels(x, e->subplan->plan);
	for (int i = 0; i < e->nargs; i++)
		count_in_expr(x, e->args[i], n);
}

static void count_expr(explain *x, const exec_expr *e, expr_row row, void *arg)
{
	(void)row;
	count_in_expr(x, e, arg);
}

static int count_rels(explain *x, const plan_node *p)
{
	int n;

	if (p == NULL)
		return 0;
	n = p->kind == PLAN_SCAN || p->kind == PLAN_KEY || p->kind == PLAN_INDEX ||
	    p->kind == PLAN_VERSIONS || p->kind == PLAN_VALUES || p->kind == PLAN_FUNCTION;
	each_expr(x, p, count_expr, &n);
	return n + count_rels(x, p->left) + count_rels(x, p->right);
}

/* ---- Printing nodes ---- */

static const instr *instr_of_plan(const explain *x, const plan_node *p)
{
	for (int i = 0; i < x->nins; i++) {
		if (x->ins[i].plan == p)
			return &x->ins[i];
	}
	return NULL;
}

static const char *join_word(plan_join j)
{
	static const char *const words[] = {"", " Left", " Right", " Full", " Semi", " Anti"};

	return (int)j >= 0 && (int)j < 6 ? words[j] : "";
}

/* The node's title: what it does and what it reads. */
static void put_title(explain *x, store_buf *b, const plan_node *p)
{
	static const char *const setops[] = {"Union", "Intersect", "Except"};

	switch (p->kind) {
	case PLAN_RESULT:
	case PLAN_FILTER:
	case PLAN_PROJECT:
		store_buf_puts(b, "Result");
		break;
	case PLAN_VALUES:
		store_buf_puts(b, "Values Scan on \"*VALUES*\"");
		break;
	case PLAN_SCAN:
		store_buf_puts(b, "Seq Scan on ");
		put_ident(x, b, p->src.table);
		break;
	case PLAN_KEY:
		store_buf_puts(b, "Key Lookup on ");
		put_ident(x, b, p->src.table);
		break;
	case PLAN_VERSIONS:
		store_buf_puts(b, "Version Scan on ");
		put_ident(x, b, p->src.table);
		break;
	case PLAN_INDEX:
		store_buf_puts(b, p->backward ? "Index Scan Backward using " : "Index Scan using ");
		put_ident(x, b, p->index->name);
		store_buf_puts(b, " on ");
		put_ident(x, b, p->src.table);
		break;
	case PLAN_NESTLOOP:
		store_buf_puts(b, "Nested Loop");
		if (p->join != JOIN_INNER)
			store_buf_printf(b, "%s Join", join_word(p->join));
		break;
	case PLAN_HASHJOIN:
		store_buf_printf(b, "Hash%s Join", join_word(p->join));
		break;
	case PLAN_AGG:
		store_buf_puts(b, p->ngroup > 0 ? "HashAggregate" : "Aggregate");
		break;
	case PLAN_SORT:
		store_buf_puts(b, "Sort");
		break;
	case PLAN_LIMIT:
		store_buf_puts(b, "Limit");
		break;
	case PLAN_DISTINCT:
		store_buf_puts(b, p->nsort == p->desc.ncols ? "HashAggregate" : "Unique");
		break;
	case PLAN_SETOP:
		if (p->setop == SETOP_UNION && p->all)
			store_buf_puts(b, "Append");
		else
			store_buf_printf(
				b, "HashSetOp %s%s", setops[p->setop], p->all ? " All" : "");
		break;
	case PLAN_MATERIAL:
		store_buf_puts(b, "Materialize");
		break;
	case PLAN_FUNCTION:
		store_buf_puts(b, "Function Scan on ");
		put_ident(x, b, ((const exec_srf *)p->srf)->name);
		if (p->alias != NULL && strcmp(p->alias, ((const exec_srf *)p->srf)->name) != 0) {
			store_buf_putc(b, ' ');
			put_ident(x, b, p->alias);
		}
		break;
	case PLAN_PROJECTSET:
		store_buf_puts(b, "ProjectSet");
		break;
	case PLAN_WINDOW:
		store_buf_puts(b, "WindowAgg");
		break;
	case PLAN_LOCKROWS:
		store_buf_puts(b, "LockRows");
		break;
	}
}

/* The estimate and what ANALYZE counted: "  (rows=10) (actual rows=10 loops=1)". */
static void put_counts(explain *x, store_buf *b, const plan_node *p, const instr *in)
{
	if (x->costs)
		store_buf_printf(b, "  (rows=%.0f)", p->rows < 1 ? 1.0 : floor(p->rows + 0.5));
	if (!x->analyze || in == NULL)
		return;
	store_buf_puts(b, x->costs ? " " : "  ");
	if (in->loops == 0)
		store_buf_puts(b, "(never executed)");
	else
		store_buf_printf(b, "(actual rows=%.0f loops=%llu)",
			floor((double)in->rows / (double)in->loops + 0.5),
			(unsigned long long)in->loops);
}

/* A detail line of one expression over a row of node p. */
static void detail_expr(explain *x, int indent, const char *label, const exec_expr *e,
	const plan_node *p, expr_row row, const dctx *outer)
{
	store_buf b = STORE_BUF_INIT;
	dctx d = row_ctx(p, row, outer);

	put_expr(x, &b, e, &d);
	emit_detail(x, indent, label, &b);
	store_buf_free(&b);
}

/* "Sort Key: a, b DESC" and its kin: keys over p's input. */
static void detail_keys(explain *x, int indent, const char *label, const plan_node *p,
	const plan_sortkey *keys, int n, bool order, const dctx *outer)
{
	store_buf b = STORE_BUF_INIT;
	dctx d = row_ctx(p, ROW_LEFT, outer);

	for (int i = 0; i < n; i++) {
		if (i > 0)
			store_buf_puts(&b, ", ");
		put_expr(x, &b, keys[i].expr, &d);
		if (order && keys[i].desc)
			store_buf_puts(&b, " DESC");
		if (order && keys[i].desc && !keys[i].nulls_first)
			store_buf_puts(&b, " NULLS LAST");
		if (order && !keys[i].desc && keys[i].nulls_first)
			store_buf_puts(&b, " NULLS FIRST");
	}
	emit_detail(x, indent, label, &b);
	store_buf_free(&b);
}

/* The condition of a key lookup: the key columns equal to the values looked up. */
static void detail_key_cond(explain *x, int indent, const plan_node *p, const dctx *outer)
{
	const cat_table *t = p->src.catalog;
	store_buf b = STORE_BUF_INIT;
	dctx none = {NULL, outer};

	if (t == NULL || t->npk != p->nkeyparts)
		return;
	if (p->nkeys != 1) {
		/* One key column, several values: key IN (...). */
		store_buf_putc(&b, '(');
		put_column(x, &b, p, t->pk[0], outer);
		store_buf_puts(&b, " IN (");
		put_list(x, &b, p->keyexprs, p->nkeys, &none);
		store_buf_puts(&b, "))");
	} else {
		if (p->nkeyparts > 1)
			store_buf_putc(&b, '(');
		for (int k = 0; k < p->nkeyparts; k++) {
			if (k > 0)
				store_buf_puts(&b, " AND ");
			store_buf_putc(&b, '(');
			put_column(x, &b, p, t->pk[k], outer);
			store_buf_puts(&b, " = ");
			put_expr(x, &b, p->keyexprs[k], &none);
			store_buf_putc(&b, ')');
		}
		if (p->nkeyparts > 1)
			store_buf_putc(&b, ')');
	}
	emit_detail(x, indent, "Key Cond", &b);
	store_buf_free(&b);
}

/* A row count (LIMIT, OFFSET): a constant as the number it is. */
static void put_count(explain *x, store_buf *b, const exec_expr *e, const dctx *ctx)
{
	if (e->kind != EXPR_CONST || e->value.isnull)
		put_expr(x, b, e, ctx);
	else if (exec_value_out(&x->st->cx, &e->value, b) != EXEC_OK)
		x->status = EXEC_ERROR;
}

static void print_node(explain *x, const plan_node *p, int col, bool arrow, const dctx *outer);

/*
 * The node's own detail lines, at indent.  shown is the node whose
 * columns are the output (a projection folded into p); filter is the
 * node of a condition folded into p (or NULL), whose counts are in.
 */
static void print_details(explain *x, const plan_node *p, const plan_node *shown,
	const plan_node *filter, int indent, const dctx *outer)
{
	if (x->verbose && shown->desc.ncols > 0) {
		store_buf b = STORE_BUF_INIT;

		for (int i = 0; i < shown->desc.ncols; i++) {
			if (i > 0)
				store_buf_puts(&b, ", ");
			put_column(x, &b, shown, i, outer);
		}
		emit_detail(x, indent, "Output", &b);
		store_buf_free(&b);
	}
	switch (p->kind) {
	case PLAN_KEY:
		detail_key_cond(x, indent, p, outer);
		break;
	case PLAN_INDEX:
		if (p->indexqual != NULL)
			detail_expr(x, indent, "Index Cond", p->indexqual, p, ROW_SELF, outer);
		break;
	case PLAN_HASHJOIN: {
		store_buf b = STORE_BUF_INIT;
		dctx l = row_ctx(p, ROW_LEFT, outer), r = row_ctx(p, ROW_RIGHT, outer);

		if (p->nhash > 1)
			store_buf_putc(&b, '(');
		for (int i = 0; i < p->nhash; i++) {
			if (i > 0)
				store_buf_puts(&b, " AND ");
			store_buf_putc(&b, '(');
			put_expr(x, &b, p->lkeys[i], &l);
			store_buf_puts(&b, " = ");
			put_expr(x, &b, p->rkeys[i], &r);
			store_buf_putc(&b, ')');
		}
		if (p->nhash > 1)
			store_buf_putc(&b, ')');
		emit_detail(x, indent, "Hash Cond", &b);
		store_buf_free(&b);
		break;
	}
	case PLAN_AGG:
		if (p->ngroup > 0) {
			store_buf b = STORE_BUF_INIT;
			dctx d = row_ctx(p, ROW_LEFT, outer);

			put_list(x, &b, p->group, p->ngroup, &d);
			emit_detail(x, indent, "Group Key", &b);
			store_buf_free(&b);
		}
		if (p->having != NULL)
			detail_expr(x, indent, "Filter", p->having, p, ROW_SELF, outer);
		break;
	case PLAN_SORT:
		detail_keys(x, indent, "Sort Key", p, p->sort, p->nsort, true, outer);
		if (p->limit != NULL) {
			store_buf b = STORE_BUF_INIT;
			dctx none = {NULL, outer};

			store_buf_puts(&b, "limit ");
			put_count(x, &b, p->limit, &none);
			if (p->offset != NULL) {
				store_buf_puts(&b, " offset ");
				put_count(x, &b, p->offset, &none);
			}
			emit_detail(x, indent, "Top-N", &b);
			store_buf_free(&b);
		}
		break;
	case PLAN_DISTINCT:
		detail_keys(x, indent, p->nsort == p->desc.ncols ? "Group Key" : "Distinct On", p,
			p->sort, p->nsort, false, outer);
		break;
	case PLAN_FUNCTION:
		if (x->verbose) {
			store_buf b = STORE_BUF_INIT;
			dctx none = {NULL, outer};

			store_buf_puts(&b, ((const exec_srf *)p->srf)->name);
			store_buf_putc(&b, '(');
			put_list(x, &b, p->fargs, p->nfargs, &none);
			store_buf_putc(&b, ')');
			emit_detail(x, indent, "Function Call", &b);
			store_buf_free(&b);
		}
		break;
	default:
		break;
	}
	if (p->qual != NULL)
		detail_expr(x, indent,
			p->kind == PLAN_NESTLOOP || p->kind == PLAN_HASHJOIN ? "Join Filter"
									     : "Filter",
			p->qual, p, p->kind == PLAN_FILTER ? ROW_LEFT : ROW_SELF, outer);
	if (filter != NULL)
		detail_expr(x, indent, "Filter", filter->qual, filter, ROW_LEFT, outer);
	if (filter != NULL && x->analyze) {
		const instr *in = instr_of_plan(x, p), *out = instr_of_plan(x, filter);

		if (in != NULL && out != NULL && in->loops > 0) {
			store_buf b = STORE_BUF_INIT;

			store_buf_printf(&b, "%.0f",
				floor((double)(in->rows - out->rows) / (double)in->loops + 0.5));
			emit_detail(x, indent, "Rows Removed by Filter", &b);
			store_buf_free(&b);
		}
	}
}

/* The node's subqueries labelled label ("InitPlan n" or "SubPlan n"), with their plans. */
static void print_subplans(explain *x, const sublist *l, const char *label, int indent)
{
	store_buf b = STORE_BUF_INIT;

	for (int i = 0; i < l->n; i++) {
		const exec_subplan *sp = l->v[i].sp;

		if (strcmp(subplan_label(sp), label) != 0)
			continue;
		b.len = 0;
		store_buf_printf(&b, "%s %d", label, sp->id + 1);
		emit(x, indent, &b);
		print_node(x, sp->plan, indent + 6, true, &l->v[i].ctx);
	}
	store_buf_free(&b);
}

/*
 * Print node p with its name at column col (after "->  " when arrow),
 * its details two columns in, then its inputs.  outer is the row its
 * outer references read (a subquery's).
 */
static void print_node(explain *x, const plan_node *p, int col, bool arrow, const dctx *outer)
{
	const plan_node *shown = p, *filter = NULL;
	store_buf b = STORE_BUF_INIT;
	sublist subs = {0};

	subs.a = x->st->a;
	subs.outer = outer;

	/* Projections are folded into the node they compute over. */
	while (p->kind == PLAN_PROJECT && p->left != NULL) {
		subs.node = p;
		each_expr(x, p, collect_subplans, &subs);
		p = p->left;
	}

	/* So is a filter, into a node with no condition of its own, as PostgreSQL shows it. */
	if (p->kind == PLAN_FILTER && p->left != NULL && p->left->qual == NULL &&
		p->left->kind != PLAN_PROJECT && p->left->kind != PLAN_FILTER &&
		!(p->left->kind == PLAN_AGG && p->left->having != NULL)) {
		subs.node = p;
		each_expr(x, p, collect_subplans, &subs);
		filter = p;
		p = p->left;
	}
	subs.node = p;
	each_expr(x, p, collect_subplans, &subs);

	/* The title line. */
	if (arrow)
		store_buf_puts(&b, "->  ");
	put_title(x, &b, p);
	put_counts(
		x, &b, filter != NULL ? filter : p, instr_of_plan(x, filter != NULL ? filter : p));
	emit(x, arrow ? col - 4 : col, &b);
	store_buf_free(&b);

	print_details(x, p, shown, filter, col + 2, outer);
	print_subplans(x, &subs, "InitPlan", col + 2);

	/* Inputs; a hash join's inner side is under the "Hash" it builds. */
	if (p->left != NULL)
		print_node(x, p->left, col + 6, true, outer);
	if (p->right != NULL && p->kind == PLAN_HASHJOIN) {
		store_buf h = STORE_BUF_INIT;

		store_buf_puts(&h, "->  Hash");
		put_counts(x, &h, p->right, instr_of_plan(x, p->right));
		emit(x, col + 2, &h);
		store_buf_free(&h);
		print_node(x, p->right, col + 12, true, outer);
	} else if (p->right != NULL) {
		print_node(x, p->right, col + 6, true, outer);
	}
	print_subplans(x, &subs, "SubPlan", col + 2);
}

/* ---- ANALYZE ---- */

static instr *instr_of_iter(const exec_iter *it)
{
	for (int i = 0; i < running->nins; i++) {
		if (running->ins[i].it == it)
			return &running->ins[i];
	}
	return NULL;
}

static int counted_next(exec_iter *it, const exec_value **row)
{
	instr *in = instr_of_iter(it);
	int r;

	assert(in != NULL);
	if (!in->started) {
		in->started = true;
		in->loops++;
	}
	r = in->next(it, row);
	if (r == 1)
		in->rows++;
	return r;
}

static int counted_rescan(exec_iter *it)
{
	instr *in = instr_of_iter(it);

	assert(in != NULL);
	in->started = false;
	return in->rescan(it);
}

static int count_iters(const exec_iter *it)
{
	return it == NULL ? 0 : 1 + count_iters(it->left) + count_iters(it->right);
}

/* Put the counting wrappers around every iterator of the tree. */
static void instrument(explain *x, exec_iter *it)
{
	instr *in;

	if (it == NULL)
		return;
	in = &x->ins[x->nins++];
	in->plan = it->plan;
	in->it = it;
	in->next = it->next;
	in->rescan = it->rescan;
	it->next = counted_next;
	it->rescan = counted_rescan;
	instrument(x, it->left);
	instrument(x, it->right);
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Run the plan to its end, rows discarded, counting what each node returns. */
static int run_counted(explain *x, const plan_node *p, double *ms)
{
	exec_stmt *st = x->st;
	exec_ectx ec;
	exec_iter *it;
	const exec_value *row;
	explain *prev = running;
	struct timespec t0;
	int r;

	memset(&ec, 0, sizeof(ec));
	ec.cx = &st->cx;
	ec.params = st->params;
	ec.nparams = st->nparams;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (exec_open(&ec, p, &it) != EXEC_OK)
		return EXEC_ERROR;
	x->ins = sql_arena_zalloc(st->a, (size_t)count_iters(it) * sizeof(*x->ins));
	instrument(x, it);
	running = x;
	while ((r = exec_next(it, &row)) == 1)
		;
	running = prev;
	exec_close(it);
	*ms = ms_since(&t0);
	return r < 0 ? EXEC_ERROR : EXEC_OK;
}

/* ---- The statement ---- */

/* A boolean option's value: none is true, then true/false/on/off/1/0. */
static int option_bool(exec_stmt *st, const sql_defelem *d, bool *out)
{
	const char *v;

	if (d->arg == NULL) {
		*out = true;
		return EXEC_OK;
	}
	if (d->arg->kind == SQL_CONST) {
		const sql_const *k = sql_as_const(d->arg);

		if (k->ckind == SQL_CONST_BOOL) {
			*out = k->bval;
			return EXEC_OK;
		}
		if (k->ckind == SQL_CONST_INTEGER && (k->ival == 0 || k->ival == 1)) {
			*out = k->ival == 1;
			return EXEC_OK;
		}
	}
	v = sql_defelem_text(d);
	if (v != NULL && (strcmp(v, "true") == 0 || strcmp(v, "on") == 0 || strcmp(v, "1") == 0)) {
		*out = true;
		return EXEC_OK;
	}
	if (v != NULL &&
		(strcmp(v, "false") == 0 || strcmp(v, "off") == 0 || strcmp(v, "0") == 0)) {
		*out = false;
		return EXEC_OK;
	}
	return store_err_set(st->err, "22023", "%s requires a Boolean value", d->name);
}

/* EXPLAIN's options: the booleans it knows, FORMAT TEXT only. */
static int explain_options(explain *x, const sql_list *opts)
{
	exec_stmt *st = x->st;
	bool summary_given = false, ignored;

	x->costs = true;
	for (int i = 0; i < sql_list_len(opts); i++) {
		const sql_defelem *d = sql_as_defelem(sql_list_nth(opts, i));
		int r;

		if (strcmp(d->name, "analyze") == 0) {
			r = option_bool(st, d, &x->analyze);
		} else if (strcmp(d->name, "verbose") == 0) {
			r = option_bool(st, d, &x->verbose);
		} else if (strcmp(d->name, "costs") == 0) {
			r = option_bool(st, d, &x->costs);
		} else if (strcmp(d->name, "summary") == 0) {
			r = option_bool(st, d, &x->summary);
			summary_given = true;
		} else if (strcmp(d->name, "timing") == 0 || strcmp(d->name, "buffers") == 0 ||
			   strcmp(d->name, "settings") == 0 || strcmp(d->name, "wal") == 0) {
			r = option_bool(st, d, &ignored);
		} else if (strcmp(d->name, "format") == 0) {
			const char *v = sql_defelem_text(d);

			r = v != NULL && strcmp(v, "text") == 0
				    ? EXEC_OK
				    : store_err_set(st->err, "0A000",
					      "EXPLAIN format \"%s\" is not supported", v ? v : "");
			if (r != EXEC_OK)
				store_err_hint(st->err, "Only FORMAT TEXT is available.");
		} else {
			r = store_err_set(
				st->err, "42601", "unrecognized EXPLAIN option \"%s\"", d->name);
			st->err->position = sql_char_position(st->sql, st->sqllen, d->n.loc);
		}
		if (r != EXEC_OK)
			return EXEC_ERROR;
	}
	if (!summary_given)
		x->summary = x->analyze;
	return EXEC_OK;
}

/* "Planning Time: 0.052 ms" */
static void emit_time(explain *x, const char *label, double ms)
{
	store_buf b = STORE_BUF_INIT;

	store_buf_printf(&b, "%s: %.3f ms", label, ms);
	emit(x, 0, &b);
	store_buf_free(&b);
}

int exec_explain(exec_stmt *st, sql_explain *n)
{
	static const char *const cols[] = {"QUERY PLAN"};
	explain x;
	an_ctx c;
	plan_node *p;
	exec_textres res;
	struct timespec t0;
	double plan_ms, run_ms = 0;
	exec_oid text = EXEC_OID_TEXT, cast_to, result;
	int r = EXEC_OK;

	memset(&x, 0, sizeof(x));
	x.st = st;
	strcpy(st->tag, "EXPLAIN");
	if (explain_options(&x, n->options) != EXEC_OK)
		return EXEC_ERROR;
	if (n->stmt->kind != SQL_SELECT)
		return store_err_set(st->err, "0A000", "EXPLAIN of %s is not supported yet",
			n->stmt->kind == SQL_INSERT   ? "INSERT"
			: n->stmt->kind == SQL_UPDATE ? "UPDATE"
			: n->stmt->kind == SQL_DELETE ? "DELETE"
						      : "this statement");
	x.quote_ident = exec_func_resolve("quote_ident", &text, 1, &cast_to, &result, st->err);
	if (x.quote_ident == NULL)
		store_err_clear(st->err);

	/* Plan, then (ANALYZE) run. */
	exec_stmt_analyzer(st, &c);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	p = an_query(&c, NULL, sql_as_select(n->stmt));
	plan_ms = ms_since(&t0);
	if (p == NULL) {
		an_ctx_release(&c);
		return EXEC_ERROR;
	}
	if (x.analyze && !st->describe)
		r = run_counted(&x, p, &run_ms);

	/* Print (a Parse only wants the column). */
	if (r == EXEC_OK && !st->describe) {
		x.qualify = count_rels(&x, p) > 1;
		print_node(&x, p, 0, false, NULL);
		if (x.summary)
			emit_time(&x, "Planning Time", plan_ms);
		if (x.summary && x.analyze)
			emit_time(&x, "Execution Time", run_ms);
		r = x.status;
	}
	an_ctx_release(&c);
	if (r != EXEC_OK)
		return EXEC_ERROR;
	if (exec_textres_begin(&res, st, 1, cols) != EXEC_OK)
		return EXEC_ERROR;
	for (int i = 0; i < x.nlines; i++) {
		const char *line = x.lines[i];

		if (exec_textres_row(&res, &line) != EXEC_OK)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}
