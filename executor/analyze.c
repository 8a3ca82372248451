/*
 * analyze.c - expressions: the parser's nodes to executor expressions
 * (see analyze.h), as PostgreSQL's parse analysis does it.
 *
 * Owns name resolution of columns, operator and function resolution
 * through the registry (func.h), coercion of untyped literals and
 * implicit casts, the common type of CASE branches and lists, aggregate
 * collection for the grouping pass, and sublinks (handed to select.c).
 * Constants are folded where it is free: a literal cast to a type is
 * read as that type at once, so `'2024-01-01'::date` costs nothing per
 * row and a bad literal fails at analysis with its position.
 */
#include "analyze.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "seq.h"
#include "sql.h"
#include "srf.h"

/* ---- Errors and scopes ---- */

int an_error(an_ctx *c, int loc, const char *sqlstate, const char *fmt, ...)
{
	char msg[sizeof(c->err->message)];
	va_list ap;

	if (store_err_isset(c->err))
		return EXEC_ERROR;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	store_err_set(c->err, sqlstate, "%s", msg);
	if (loc >= 0 && c->sql != NULL && (size_t)loc <= c->sqllen)
		c->err->position = sql_char_position(c->sql, c->sqllen, loc);
	return EXEC_ERROR;
}

an_scope *an_scope_new(an_ctx *c, an_scope *parent)
{
	an_scope *sc = sql_arena_zalloc(c->a, sizeof(*sc));

	sc->parent = parent;
	sc->lat_lo = INT_MAX;
	sc->lat_hi = -1;
	return sc;
}

an_rte *an_scope_add(an_ctx *c, an_scope *sc, const char *alias, int ncols,
	const char *const *colnames, const exec_oid *types, const int32_t *typmods)
{
	an_rte *r = sql_arena_zalloc(c->a, sizeof(*r));

	r->alias = alias;
	r->ncols = ncols;
	r->colnames = sql_arena_alloc(c->a, (size_t)(ncols ? ncols : 1) * sizeof(*r->colnames));
	r->types = sql_arena_alloc(c->a, (size_t)(ncols ? ncols : 1) * sizeof(*r->types));
	r->typmods = sql_arena_alloc(c->a, (size_t)(ncols ? ncols : 1) * sizeof(*r->typmods));
	for (int i = 0; i < ncols; i++) {
		r->colnames[i] = colnames[i];
		r->types[i] = types[i];
		r->typmods[i] = typmods ? typmods[i] : EXEC_TYPMOD_NONE;
	}
	r->offset = sc->width;
	sc->width += ncols;
	if (sc->nrtes == sc->caprtes) {
		int cap = sc->caprtes ? 2 * sc->caprtes : 8;
		an_rte **grown = sql_arena_alloc(c->a, (size_t)cap * sizeof(*grown));

		if (sc->nrtes)
			memcpy(grown, sc->rtes, (size_t)sc->nrtes * sizeof(*grown));
		sc->rtes = grown;
		sc->caprtes = cap;
	}
	sc->rtes[sc->nrtes++] = r;
	return r;
}

/* ---- Small helpers ---- */

static sql_walk_result find_sublink(sql_node *node, int depth, void *arg)
{
	(void)depth;
	if (node->kind != SQL_SUBLINK)
		return SQL_WALK_CONTINUE;
	*(const sql_node **)arg = node;
	return SQL_WALK_STOP;
}

const sql_node *an_find_sublink(sql_node *n)
{
	const sql_node *sub = NULL;

	sql_walk(n, find_sublink, &sub);
	return sub;
}

static const char *type_name(exec_oid t)
{
	const exec_type *ty = exec_type_by_oid(t);

	if (t == EXEC_OID_UNKNOWN)
		return "unknown";
	return ty ? ty->sql_name : "???";
}

static exec_expr *node_loc(exec_expr *e, int loc)
{
	if (e != NULL && loc >= 0)
		e->loc = loc;
	return e;
}

static bool is_unknown_literal(const exec_expr *e)
{
	return e->kind == EXPR_CONST && e->type == EXEC_OID_UNKNOWN;
}

int an_eval_const(an_ctx *c, const exec_expr *e, exec_value *out)
{
	const an_params *ps = an_ctx_params(c);
	exec_ectx ec;

	memset(&ec, 0, sizeof(ec));
	ec.cx = &c->cx;
	if (ps->values != NULL) {
		ec.params = ps->values;
		ec.nparams = ps->n;
	}
	return exec_eval(&ec, e, out);
}

an_params *an_ctx_params(an_ctx *c)
{
	return c->params != NULL ? c->params : &c->own_params;
}

void an_param_settle(an_ctx *c, const exec_expr *e)
{
	an_params *ps = an_ctx_params(c);

	if (e->index < ps->n && ps->types[e->index] == EXEC_OID_UNKNOWN)
		ps->types[e->index] = e->type;
}

/* The last part of a qualified name (pg_catalog.lower is lower). */
static const char *last_name(const sql_list *names)
{
	return sql_list_str(names, sql_list_len(names) - 1);
}

/* ---- Coercion ---- */

exec_expr *an_coerce(an_ctx *c, exec_expr *e, exec_oid type, int32_t typmod, exec_cast_context cc,
	const char *what)
{
	exec_expr *cast;

	if (e == NULL)
		return NULL;

	/*
	 * An untyped literal is read as the type: its input errors point at the
	 * literal.  The typmod is applied afterwards as a cast applies it, in
	 * the cast's context: an explicit cast to varchar(n) truncates, an
	 * assignment fails with 22001, and neither has a position, since
	 * PostgreSQL checks it when it folds the constant, not while parsing.
	 * Only interval's input takes the typmod, whose fields decide how
	 * '2' reads (INTERVAL '2' HOUR), as PostgreSQL's coerce_type does.
	 */
	if (is_unknown_literal(e)) {
		exec_value v;

		if (e->value.isnull) {
			v = exec_null(type);
		} else if (exec_value_in(&c->cx, type,
				   type == EXEC_OID_INTERVAL ? typmod : EXEC_TYPMOD_NONE,
				   e->value.v.s.p, e->value.v.s.len, &v) != EXEC_OK) {
			if (e->loc >= 0 && c->err->position == 0)
				c->err->position = sql_char_position(c->sql, c->sqllen, e->loc);
			return NULL;
		} else if (typmod != EXEC_TYPMOD_NONE &&
			   exec_cast_value(&c->cx, &v, type, typmod, cc, &v) != EXEC_OK) {
			return NULL;
		}
		cast = exec_expr_const(c->a, v, typmod);
		cast->loc = e->loc;
		return cast;
	}
	if (e->type == type && (typmod < 0 || typmod == e->typmod))
		return e;
	if (e->type == EXEC_OID_UNKNOWN) {
		/* An untyped parameter or NULL expression takes the type. */
		e->type = type;
		if (e->kind == EXPR_PARAM)
			an_param_settle(c, e);
		return e;
	}
	if (e->type != type && exec_cast_find(e->type, type, cc) == NULL) {
		if (cc == EXEC_CAST_EXPLICIT)
			an_error(c, e->loc, "42846", "cannot cast type %s to %s",
				type_name(e->type), type_name(type));
		else
			an_error(c, e->loc, "42804", "%s must be type %s, not type %s", what,
				type_name(type), type_name(e->type));
		return NULL;
	}
	cast = exec_expr_cast(c->a, e, type, typmod, cc);

	/* A constant is converted now, once. */
	if (e->kind == EXPR_CONST && !c->keep_casts) {
		exec_value v;

		/* As PostgreSQL's, a failing conversion of a typed value has no position. */
		if (an_eval_const(c, cast, &v) != EXEC_OK)
			return NULL;
		cast = exec_expr_const(c->a, v, typmod);
		cast->loc = e->loc;
	}
	return cast;
}

exec_expr *an_qual(an_ctx *c, an_scope *sc, sql_node *n, const char *clause)
{
	exec_expr *e = an_expr(c, sc, n);

	if (e == NULL)
		return NULL;
	if (e->type != EXEC_OID_BOOL && !is_unknown_literal(e) && e->type != EXEC_OID_UNKNOWN) {
		an_error(c, n->loc, "42804", "argument of %s must be type boolean, not type %s",
			clause, type_name(e->type));
		return NULL;
	}
	return an_coerce(c, e, EXEC_OID_BOOL, EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT, clause);
}

exec_oid an_common_type(an_ctx *c, exec_expr **exprs, int n, const char *what)
{
	exec_oid best = EXEC_OID_UNKNOWN;
	int bestloc = -1;

	for (int i = 0; i < n; i++) {
		exec_oid t = exprs[i]->type;
		const exec_type *bt, *tt;

		if (t == EXEC_OID_UNKNOWN)
			continue;
		if (best == EXEC_OID_UNKNOWN) {
			best = t;
			bestloc = exprs[i]->loc;
			continue;
		}
		if (t == best)
			continue;
		bt = exec_type_by_oid(best);
		tt = exec_type_by_oid(t);
		if (bt == NULL || tt == NULL || bt->category != tt->category) {
			an_error(c, exprs[i]->loc, "42804", "%s types %s and %s cannot be matched",
				what, type_name(best), type_name(t));
			return EXEC_OID_INVALID;
		}

		/* Within a category, move to a type the current one converts to implicitly. */
		if (!bt->preferred && exec_cast_find(best, t, EXEC_CAST_IMPLICIT) != NULL &&
			exec_cast_find(t, best, EXEC_CAST_IMPLICIT) == NULL) {
			best = t;
			bestloc = exprs[i]->loc;
		}
	}
	(void)bestloc;

	/* Only untyped literals: text, as PostgreSQL resolves them. */
	return best == EXEC_OID_UNKNOWN ? EXEC_OID_TEXT : best;
}

/* Coerce each of exprs to type, implicitly. */
static int coerce_all(an_ctx *c, exec_expr **exprs, int n, exec_oid type, const char *what)
{
	for (int i = 0; i < n; i++) {
		exprs[i] = an_coerce(c, exprs[i], type, EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT, what);
		if (exprs[i] == NULL)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}

/* ---- Type names ---- */

/*
 * The typmod of INTERVAL with fields (HOUR TO MINUTE, SECOND(3)), as
 * PostgreSQL encodes it and datetime.c reads it: the fields as
 * PostgreSQL's INTERVAL_MASK bits in the high half, the seconds'
 * precision (0xFFFF: none) in the low half.  precision is
 * EXEC_TYPMOD_NONE or 0 to 6.
 */
static int32_t interval_typmod(int fields, int32_t precision)
{
	static const struct {
		int sql;
		int32_t pg;
	} bits[] = {
		{SQL_INTERVAL_YEAR, 1 << 2},
		{SQL_INTERVAL_MONTH, 1 << 1},
		{SQL_INTERVAL_DAY, 1 << 3},
		{SQL_INTERVAL_HOUR, 1 << 10},
		{SQL_INTERVAL_MINUTE, 1 << 11},
		{SQL_INTERVAL_SECOND, 1 << 12},
	};
	int32_t range = 0;

	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (fields & bits[i].sql)
			range |= bits[i].pg;
	return range << 16 | (precision == EXEC_TYPMOD_NONE ? 0xFFFF : precision);
}

int an_typename(an_ctx *c, const sql_typename *tn, exec_oid *type, int32_t *typmod, bool *serial)
{
	const char *name = last_name(tn->names);
	const exec_type *t;
	int mods[2] = {-1, -1}, nmods = sql_list_len(tn->typmods);

	if (serial != NULL)
		*serial = false;
	if (serial != NULL && sql_list_len(tn->names) == 1 &&
		(strcmp(name, "serial") == 0 || strcmp(name, "serial4") == 0 ||
			strcmp(name, "bigserial") == 0 || strcmp(name, "serial8") == 0 ||
			strcmp(name, "smallserial") == 0 || strcmp(name, "serial2") == 0)) {
		*serial = true;
		name = name[0] == 'b' || strcmp(name, "serial8") == 0   ? "int8"
		       : name[1] == 'm' || strcmp(name, "serial2") == 0 ? "int2"
									: "int4";
	}
	t = exec_type_by_name(name);
	if (t == NULL)
		return an_error(c, tn->n.loc, "42704", "type \"%s\" does not exist", name);

	/* Type modifiers: integer constants. */
	if (nmods > 2)
		return an_error(c, tn->n.loc, "42601", "too many type modifiers");
	for (int i = 0; i < nmods; i++) {
		const sql_node *m = sql_list_nth(tn->typmods, i);
		const sql_const *k = m->kind == SQL_CONST ? sql_as_const(m) : NULL;

		if (k == NULL || k->ckind != SQL_CONST_INTEGER || k->ival < 0)
			return an_error(c, m->loc, "22023",
				"type modifiers must be simple constants or identifiers");
		mods[i] = (int)k->ival;
	}
	*type = t->oid;
	*typmod = EXEC_TYPMOD_NONE;
	switch (t->oid) {
	case EXEC_OID_VARCHAR:
	case EXEC_OID_BPCHAR:
		if (nmods > 0) {
			if (mods[0] < 1)
				return an_error(c, tn->n.loc, "22023",
					"length for type %s must be at least 1",
					t->oid == EXEC_OID_VARCHAR ? "varchar" : "char");
			*typmod = mods[0] + 4;
		}
		break;
	case EXEC_OID_NUMERIC:
		if (nmods > 0) {
			if (mods[0] < 1 || mods[0] > 1000)
				return an_error(c, tn->n.loc, "22023",
					"NUMERIC precision %d must be between 1 and 1000", mods[0]);
			*typmod = ((mods[0] << 16) | (nmods > 1 ? mods[1] : 0)) + 4;
		}
		break;
	case EXEC_OID_TIMESTAMP:
	case EXEC_OID_TIMESTAMPTZ:
	case EXEC_OID_TIME:
	case EXEC_OID_TIMETZ:
	case EXEC_OID_INTERVAL:
		if (nmods > 0)
			*typmod = mods[0] > 6 ? 6 : mods[0];
		if (t->oid == EXEC_OID_INTERVAL && tn->interval_fields != 0)
			*typmod = interval_typmod(tn->interval_fields, *typmod);
		break;
	default:
		break;
	}
	if (sql_list_len(tn->array_bounds) > 0) {
		exec_oid arr = exec_array_type_of(t->oid);

		if (arr == 0)
			return an_error(c, tn->n.loc, "42704",
				"could not find array type for data type %s", t->sql_name);
		*type = arr;
	}
	return EXEC_OK;
}

/* ---- Column references ---- */

/* Find col in rte; -1 when absent, -2 when two of its columns have the name. */
static int rte_col(const an_rte *r, const char *col)
{
	int found = -1;

	for (int i = 0; i < r->ncols; i++) {
		if (strcmp(r->colnames[i], col) == 0) {
			if (found >= 0)
				return -2;
			found = i;
		}
	}
	return found;
}

/*
 * The system column tableoid of a relation's rows: the OID of the table
 * or system catalog they come from (not of a view, a subquery or a
 * join, which have no system columns).  It is the only system column
 * ChronDB's rows have; rte_col's callers find it under this number.
 *
 * XXX: it is the relation's OID as a constant, so the missing side of an
 * outer join shows it too where PostgreSQL gives NULL; the scans would
 * have to produce it as a column of their rows.
 */
#define AN_COL_TABLEOID (-3)

static bool has_tableoid(const an_rte *r, const char *col)
{
	return r->table_oid != 0 && r->colexprs == NULL && strcmp(col, "tableoid") == 0;
}

/* A system column of a FOR SYSTEM_TIME range (an_rte.nsys): its number, or -1. */
static int rte_syscol(const an_rte *r, const char *col)
{
	for (int i = r->ncols; i < r->ncols + r->nsys; i++)
		if (strcmp(r->colnames[i], col) == 0)
			return i;
	return -1;
}

/* A column of rte r that is no visible one: tableoid or a system column, else -1. */
static int rte_hidden_col(const an_rte *r, const char *col)
{
	if (has_tableoid(r, col))
		return AN_COL_TABLEOID;
	return rte_syscol(r, col);
}

/*
 * The hint for a system column of FOR SYSTEM_TIME's ranges named where
 * no FROM item has them (a table read at one time, or now).
 */
static void syscol_hint(an_ctx *c, const char *col)
{
	for (int i = 0; i < PLAN_NSYSCOLS && c->err->hint[0] == '\0'; i++)
		if (strcmp(col, plan_syscols[i].name) == 0) {
			store_err_hint(c->err,
				"Only FOR SYSTEM_TIME BETWEEN, FROM ... TO and ALL give a table's "
				"rows the column \"%s\".",
				col);
			return;
		}
}

/* Edit distance (insert, delete, substitute: 1 each), stopping early past max. */
static int levenshtein(const char *a, const char *b, int max)
{
	int la = (int)strlen(a), lb = (int)strlen(b);
	int row[128], prev[128];

	if (la >= 127 || lb >= 127 || abs(la - lb) > max)
		return max + 1;
	for (int j = 0; j <= lb; j++)
		prev[j] = j;
	for (int i = 1; i <= la; i++) {
		int best;

		row[0] = i;
		best = row[0];
		for (int j = 1; j <= lb; j++) {
			int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			int del = prev[j] + 1, ins = row[j - 1] + 1;

			row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
			if (row[j] < best)
				best = row[j];
		}
		if (best > max)
			return max + 1;
		memcpy(prev, row, sizeof(int) * (size_t)(lb + 1));
	}
	return prev[lb];
}

/*
 * PostgreSQL's hint for a missing column: the one column in scope
 * closest to the name written, when no more than half its letters differ.
 */
static void column_hint(an_ctx *c, const an_scope *sc, const char *tab, const char *col)
{
	const an_rte *best_r = NULL;
	int best = INT_MAX, best_col = -1, ties = 0;
	int limit = (int)strlen(col) / 2;

	for (; sc != NULL; sc = sc->parent)
		for (int i = 0; i < sc->nrtes; i++) {
			const an_rte *r = sc->rtes[i];

			if (r->hidden || r->alias == NULL || r->colexprs != NULL)
				continue;
			if (tab != NULL && strcmp(r->alias, tab) != 0)
				continue;
			for (int k = 0; k < r->ncols; k++) {
				int d = levenshtein(col, r->colnames[k], limit);

				if (d > limit || d > best)
					continue;
				if (d == best && best_r != NULL &&
					strcmp(r->colnames[k], best_r->colnames[best_col]) != 0) {
					ties++;
					continue;
				}
				if (d < best)
					ties = 0;
				best = d;
				best_r = r;
				best_col = k;
			}
		}
	if (best_r != NULL && ties == 0 && best > 0)
		store_err_hint(c->err, "Perhaps you meant to reference the column \"%s.%s\".",
			best_r->alias, best_r->colnames[best_col]);
}

/* A copy of a join column's expression, seen from `up` levels further in. */
static exec_expr *shift_up(an_ctx *c, const exec_expr *e, int up)
{
	exec_expr *x = exec_expr_new(c->a, e->kind, e->type, e->typmod);

	*x = *e;
	if (x->kind == EXPR_VAR)
		x->up += up;
	if (e->nargs > 0) {
		x->args = sql_arena_alloc(c->a, (size_t)e->nargs * sizeof(*x->args));
		for (int i = 0; i < e->nargs; i++)
			x->args[i] = shift_up(c, e->args[i], up);
	}
	return x;
}

static exec_expr *rte_var(an_ctx *c, const an_rte *r, int col, int up, int loc)
{
	exec_expr *e;

	if (r->colexprs != NULL)
		e = shift_up(c, r->colexprs[col], up);
	else
		e = exec_expr_var(c->a, up, r->offset + col, r->types[col], r->typmods[col]);

	/* A record column of a subquery keeps its fields: (sub.rec).field resolves. */
	if (r->colexprs == NULL && r->shapes != NULL)
		e->srf = r->shapes[col];
	e->loc = loc;
	return e;
}

/* A name found `up` levels out makes every level in between correlated. */
static void mark_outer(an_scope *sc, int up)
{
	for (int i = 0; i < up && sc != NULL; i++, sc = sc->parent)
		sc->outer_refs = true;
}

/* The slot a FROM row position of scope L is read through by LATERAL items. */
static int lateral_slot(an_ctx *c, an_scope *L, int pos)
{
	if (pos >= L->nlatslot) {
		int n = pos + 16;
		int *g = sql_arena_alloc(c->a, (size_t)n * sizeof(*g));

		for (int i = 0; i < n; i++)
			g[i] = i < L->nlatslot ? L->latslot[i] : -1;
		L->latslot = g;
		L->nlatslot = n;
	}
	if (L->latslot[pos] < 0)
		L->latslot[pos] = c->nlatslots++;
	if (pos < L->lat_lo)
		L->lat_lo = pos;
	if (pos > L->lat_hi)
		L->lat_hi = pos;
	return L->latslot[pos];
}

/* e (over L's FROM row) with its columns read through LATERAL slots. */
static exec_expr *to_lateral(an_ctx *c, an_scope *L, const exec_expr *e, const char *name)
{
	exec_expr *x = exec_expr_new(c->a, e->kind, e->type, e->typmod);

	*x = *e;
	if (e->kind == EXPR_VAR && e->up == 0) {
		x->kind = EXPR_LATERAL;
		x->index = lateral_slot(c, L, e->index);
		x->name = name;
		return x;
	}
	if (e->nargs > 0) {
		x->args = sql_arena_alloc(c->a, (size_t)e->nargs * sizeof(*x->args));
		for (int i = 0; i < e->nargs; i++)
			x->args[i] = to_lateral(c, L, e->args[i], name);
	}
	return x;
}

/*
 * Column k of rte r found in scope L (through a LATERAL link when
 * lateral), seen `up` levels out of the scope the name was written in.
 */
static exec_expr *found_col(an_ctx *c, an_scope *start, an_scope *L, const an_rte *r, int k, int up,
	bool lateral, int loc)
{
	if (k == AN_COL_TABLEOID)
		return node_loc(exec_expr_const(c->a, exec_int(EXEC_OID_OID, r->table_oid),
					EXEC_TYPMOD_NONE),
			loc);
	mark_outer(start, up);
	if (!lateral)
		return rte_var(c, r, k, up, loc);
	return node_loc(
		to_lateral(c, L, rte_var(c, r, k, 0, loc),
			r->alias != NULL ? sql_arena_printf(c->a, "%s.%s", r->alias, r->colnames[k])
					 : r->colnames[k]),
		loc);
}

/* A row of rte r's columns: the whole-row reference `t` or `t.*`. */
static exec_expr *whole_row(
	an_ctx *c, an_scope *start, an_scope *L, const an_rte *r, int up, bool lateral, int loc)
{
	exec_expr *e;
	exec_expr **fields;

	/* A function returning one value: PostgreSQL's whole row of it is the value itself. */
	if (r->scalar_fn && r->ncols == 1)
		return found_col(c, start, L, r, 0, up, lateral, loc);
	e = exec_expr_new(c->a, EXPR_ROW, EXEC_OID_RECORD, EXEC_TYPMOD_NONE);
	fields = sql_arena_alloc(c->a, (size_t)(r->ncols ? r->ncols : 1) * sizeof(*fields));
	for (int i = 0; i < r->ncols; i++)
		fields[i] = found_col(c, start, L, r, i, up, lateral, loc);
	exec_expr_set_args(c->a, e, r->ncols, fields);
	e->fieldnames = r->colnames;
	e->name = r->alias; /* for "column t.x does not exist" */
	e->loc = loc;

	/*
	 * A table's row whose primary key is NULL is no row: the missing side
	 * of an outer join, whose whole row PostgreSQL gives as NULL.
	 * XXX: rows of subqueries and of tables without a primary key cannot
	 * be told from a row of NULLs, and give a record of NULLs there.
	 */
	if (r->table != NULL && r->colexprs == NULL) {
		for (int k = 0; k < r->table->npk && r->table->pk[k] < 30; k++)
			e->test |= 1 << r->table->pk[k];
	}
	return e;
}

/*
 * Look for tab.col (tab NULL: col alone), or with whole set for the
 * item named whole, among scope S's FROM items: 1 with *rte (and *colno)
 * set, 0 when absent, EXEC_ERROR (42702, 42703).
 */
static int scope_find(an_ctx *c, const an_scope *S, const char *tab, const char *col,
	const char *whole, int loc, const an_rte **rte, int *colno)
{
	const an_rte *found = NULL;
	int fcol = -1;

	for (int i = 0; i < S->nrtes; i++) {
		const an_rte *r = S->rtes[i];
		int k;

		if (tab != NULL || whole != NULL) {
			const char *want = whole != NULL ? whole : tab;

			if (r->alias == NULL || r->hidden || strcmp(r->alias, want) != 0)
				continue;
			*rte = r;
			if (whole != NULL)
				return 1;
			k = rte_col(r, col);
			if (k == -2)
				return an_error(c, loc, "42702",
					"column reference \"%s\" is ambiguous", col);
			if (k == -1)
				k = rte_hidden_col(r, col);
			if (k == -1) {
				an_error(c, loc, "42703", "column %s.%s does not exist", tab, col);
				syscol_hint(c, col);
				return EXEC_ERROR;
			}
			*colno = k;
			return 1;
		}
		k = r->no_cols ? -1 : rte_col(r, col);

		/* A join's inputs keep their system columns: the join's entry has none. */
		if (k == -1 && !r->hidden)
			k = r->no_cols ? rte_syscol(r, col) : rte_hidden_col(r, col);
		if (k == -1)
			continue;
		if (found != NULL || k == -2)
			return an_error(
				c, loc, "42702", "column reference \"%s\" is ambiguous", col);
		found = r;
		fcol = k;
	}
	if (found == NULL)
		return 0;
	*rte = found;
	*colno = fcol;
	return 1;
}

/*
 * A LATERAL reference to rte r that is not allowed: r is the left side of
 * a RIGHT or FULL join, or the table an UPDATE or DELETE changes.
 */
static exec_expr *bad_lateral(an_ctx *c, const an_rte *r, int loc)
{
	an_error(c, loc, "42P10", "invalid reference to FROM-clause entry for table \"%s\"",
		r->alias ? r->alias : "?");
	if (r->no_lateral)
		store_err_detail(c->err,
			"The combining JOIN type must be INNER or LEFT for a LATERAL reference.");
	else
		store_err_hint(c->err,
			"There is an entry for table \"%s\", but it cannot be referenced from this "
			"part of the query.",
			r->alias ? r->alias : "?");
	return NULL;
}

/*
 * Find tab.col (or the item named `whole` for a whole-row reference)
 * from scope sc outwards: each level's own items, then the items a
 * LATERAL item sees to its left, then the enclosing level.  NULL with
 * err unset when nothing matches.
 */
static exec_expr *resolve_name(
	an_ctx *c, an_scope *sc, const char *tab, const char *col, const char *whole, int loc)
{
	an_scope *start = sc;

	for (int up = 0; sc != NULL; sc = sc->parent, up++) {
		const an_rte *r = NULL;
		int k = -1, rc;

		rc = scope_find(c, sc, tab, col, whole, loc, &r, &k);
		if (rc < 0)
			return NULL;
		if (rc > 0)
			return whole != NULL ? whole_row(c, start, sc, r, up, false, loc)
					     : found_col(c, start, sc, r, k, up, false, loc);
		for (an_scope *L = sc->lateral; L != NULL; L = L->lateral) {
			rc = scope_find(c, L, tab, col, whole, loc, &r, &k);
			if (rc < 0)
				return NULL;
			if (rc == 0)
				continue;
			if (r->no_lateral || r->dml_target)
				return bad_lateral(c, r, loc);
			return whole != NULL ? whole_row(c, start, L, r, up, true, loc)
					     : found_col(c, start, L, r, k, up, true, loc);
		}
	}
	return NULL;
}

/*
 * PostgreSQL's errors for a name that exists in a FROM item this part
 * of the query cannot see (a sibling of a subquery not marked LATERAL,
 * an item outside a JOIN's ON): true when one was reported.
 */
static bool invisible_name(an_ctx *c, const an_scope *sc, const char *tab, const char *col, int loc)
{
	for (; sc != NULL; sc = sc->parent) {
		const an_scope *H = sc->hidden;

		for (int i = 0; H != NULL && i < H->nrtes; i++) {
			const an_rte *r = H->rtes[i];

			if (r->alias == NULL || r->hidden)
				continue;
			if (tab != NULL && strcmp(r->alias, tab) == 0) {
				an_error(c, loc, "42P01",
					"invalid reference to FROM-clause entry for table \"%s\"",
					tab);
				store_err_hint(c->err,
					"There is an entry for table \"%s\", but it cannot be referenced "
					"from this part of the query.",
					tab);
				return true;
			}
			if (tab == NULL && !r->no_cols && rte_col(r, col) >= 0) {
				an_error(c, loc, "42703", "column \"%s\" does not exist", col);
				store_err_hint(c->err,
					"There is a column named \"%s\" in table \"%s\", but it cannot be "
					"referenced from this part of the query.",
					col, r->alias);
				return true;
			}
		}
	}
	return false;
}

static exec_expr *an_colref(an_ctx *c, an_scope *sc, const sql_colref *cr)
{
	int nf = sql_list_len(cr->fields), loc = cr->n.loc;
	const char *col, *tab;
	exec_expr *e;

	/* t.* as a value: the whole row of t. */
	if (sql_list_nth(cr->fields, nf - 1)->kind == SQL_STAR) {
		if (nf < 2) {
			an_error(c, loc, "42601", "row expansion via \"*\" is not supported here");
			return NULL;
		}
		tab = sql_list_str(cr->fields, nf - 2);
		e = resolve_name(c, sc, NULL, NULL, tab, loc);
		if (e == NULL && !store_err_isset(c->err) && !invisible_name(c, sc, tab, NULL, loc))
			an_error(
				c, loc, "42P01", "missing FROM-clause entry for table \"%s\"", tab);
		return e;
	}
	col = sql_list_str(cr->fields, nf - 1);
	tab = nf >= 2 ? sql_list_str(cr->fields, nf - 2) : NULL;
	e = resolve_name(c, sc, tab, col, NULL, loc);
	if (e != NULL || store_err_isset(c->err)) {
		if (e == NULL && tab != NULL && strcmp(c->err->sqlstate, "42703") == 0)
			column_hint(c, sc, tab, col);
		return e;
	}

	/* A name that is no column may be a FROM item: its whole row, as PostgreSQL allows. */
	if (tab == NULL) {
		e = resolve_name(c, sc, NULL, NULL, col, loc);
		if (e != NULL || store_err_isset(c->err))
			return e;
	}
	if (invisible_name(c, sc, tab, col, loc))
		return NULL;
	if (tab != NULL)
		an_error(c, loc, "42P01", "missing FROM-clause entry for table \"%s\"", tab);
	else {
		an_error(c, loc, "42703", "column \"%s\" does not exist", col);
		column_hint(c, sc, NULL, col);
		syscol_hint(c, col);
	}
	return NULL;
}

/* ---- Constants and parameters ---- */

static exec_expr *an_const(an_ctx *c, const sql_const *k)
{
	exec_value v;

	switch (k->ckind) {
	case SQL_CONST_NULL:
		return node_loc(
			exec_expr_const(c->a, exec_null(EXEC_OID_UNKNOWN), EXEC_TYPMOD_NONE),
			k->n.loc);
	case SQL_CONST_BOOL:
		return node_loc(
			exec_expr_const(c->a, exec_bool(k->bval), EXEC_TYPMOD_NONE), k->n.loc);
	case SQL_CONST_INTEGER:
		return node_loc(
			exec_expr_const(c->a,
				exec_int(k->fits_int4 ? EXEC_OID_INT4 : EXEC_OID_INT8, k->ival),
				EXEC_TYPMOD_NONE),
			k->n.loc);
	case SQL_CONST_NUMERIC:
		if (exec_value_in(&c->cx, EXEC_OID_NUMERIC, EXEC_TYPMOD_NONE, k->text,
			    strlen(k->text), &v) != EXEC_OK) {
			an_error(c, k->n.loc, c->err->sqlstate, "%s", c->err->message);
			return NULL;
		}
		return node_loc(exec_expr_const(c->a, v, EXEC_TYPMOD_NONE), k->n.loc);
	case SQL_CONST_STRING:
		return node_loc(
			exec_expr_const(c->a, exec_text(EXEC_OID_UNKNOWN, k->text, strlen(k->text)),
				EXEC_TYPMOD_NONE),
			k->n.loc);
	case SQL_CONST_BITSTRING:
		break;
	}
	an_error(c, k->n.loc, "0A000", "bit-string constants are not supported");
	return NULL;
}

static exec_expr *an_param(an_ctx *c, const sql_param *p)
{
	an_params *ps = an_ctx_params(c);
	exec_expr *e;

	if (p->number < 1 || p->number > 65535) {
		an_error(c, p->n.loc, "42P02", "there is no parameter $%d", p->number);
		return NULL;
	}
	if (ps->fixed && p->number > ps->n) {
		an_error(c, p->n.loc, "42P02", "there is no parameter $%d", p->number);
		return NULL;
	}
	while (ps->n < p->number) {
		if (ps->n == ps->cap) {
			int cap = ps->cap ? 2 * ps->cap : 8;
			exec_oid *grown = sql_arena_alloc(c->a, (size_t)cap * sizeof(*grown));

			if (ps->n)
				memcpy(grown, ps->types, (size_t)ps->n * sizeof(*grown));
			ps->types = grown;
			ps->cap = cap;
		}
		ps->types[ps->n++] = EXEC_OID_UNKNOWN;
	}
	e = exec_expr_new(c->a, EXPR_PARAM, ps->types[p->number - 1], EXEC_TYPMOD_NONE);
	e->index = p->number - 1;
	e->loc = p->n.loc;
	return e;
}

/* ---- Operators and functions ---- */

/*
 * A resolved operator over two analyzed operands (left NULL: prefix).
 * Untyped literals and parameters take the types the operator wants.
 */
static exec_expr *make_op(an_ctx *c, const char *name, exec_expr *l, exec_expr *r, int op_loc,
	const exec_oper **opout)
{
	exec_oid cl = 0, cr = 0, result = 0;
	const exec_oper *op;
	exec_expr *args[2];
	int n = 0;

	op = exec_oper_resolve_result(name, l ? l->type : 0, r->type, &cl, &cr, &result, c->err);
	if (op == NULL) {
		if (c->err->position == 0 && op_loc >= 0)
			c->err->position = sql_char_position(c->sql, c->sqllen, op_loc);
		return NULL;
	}
	if (l != NULL) {
		args[n] = an_coerce(
			c, l, cl ? cl : op->left, EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT, "operand");
		if (args[n++] == NULL)
			return NULL;
	}
	args[n] = an_coerce(
		c, r, cr ? cr : op->right, EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT, "operand");
	if (args[n++] == NULL)
		return NULL;

	/* Parameters whose type the operator settled keep it for the statement. */
	for (int i = 0; i < n; i++)
		if (args[i]->kind == EXPR_PARAM)
			an_param_settle(c, args[i]);
	if (opout != NULL)
		*opout = op;
	return node_loc(
		exec_expr_call(c->a, op->fn, op->name, exec_oper_strict(op), result, n, args),
		op_loc);
}

exec_expr *an_op(an_ctx *c, const char *name, exec_expr *l, exec_expr *r, int loc)
{
	return make_op(c, name, l, r, loc, NULL);
}

/* Analyze a list of argument nodes. */
static exec_expr **an_args(an_ctx *c, an_scope *sc, const sql_list *l, int *n)
{
	exec_expr **args;

	*n = sql_list_len(l);
	args = sql_arena_alloc(c->a, (size_t)(*n ? *n : 1) * sizeof(*args));
	for (int i = 0; i < *n; i++) {
		sql_node *a = sql_list_nth(l, i);

		if (a->kind == SQL_NAMED_ARG) {
			an_error(c, a->loc, "0A000", "named arguments are not supported");
			return NULL;
		}
		args[i] = an_expr(c, sc, a);
		if (args[i] == NULL)
			return NULL;
	}
	return args;
}

/* An aggregate call: recorded in the scope, stood for by an EXPR_AGGREF. */
static exec_expr *an_aggregate(an_ctx *c, an_scope *sc, const sql_funccall *f, const char *name)
{
	exec_oid types[8] = {0}, cast[8] = {0}, result = 0;
	const exec_agg *agg = NULL;
	plan_aggcall *call;
	exec_expr **args = NULL, *ref;
	int nargs = 0;

	if (sc->no_aggs) {
		an_error(c, f->n.loc, "42803", "aggregate functions are not allowed in %s",
			sc->no_aggs_where);
		return NULL;
	}
	if (sc->in_agg_arg) {
		an_error(c, f->n.loc, "42803", "aggregate function calls cannot be nested");
		return NULL;
	}
	sc->in_agg_arg = true;
	if (!f->agg_star) {
		args = an_args(c, sc, f->args, &nargs);
		if (args == NULL || nargs > 8) {
			sc->in_agg_arg = false;
			if (nargs > 8)
				an_error(c, f->n.loc, "54023",
					"aggregates take at most 8 arguments");
			return NULL;
		}
		for (int i = 0; i < nargs; i++)
			types[i] = args[i]->type;
	}
	agg = exec_agg_resolve(name, types, nargs, cast, &result, c->err);
	if (agg == NULL) {
		sc->in_agg_arg = false;
		if (c->err->position == 0)
			c->err->position = sql_char_position(c->sql, c->sqllen, f->n.loc);
		return NULL;
	}
	for (int i = 0; i < nargs; i++) {
		exec_oid to = cast[i] ? cast[i] : args[i]->type;

		if (to == EXEC_OID_UNKNOWN || to == EXEC_OID_ANY || to == EXEC_OID_ANYELEMENT)
			to = args[i]->type == EXEC_OID_UNKNOWN ? EXEC_OID_TEXT : args[i]->type;
		args[i] =
			an_coerce(c, args[i], to, EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT, "argument");
		if (args[i] == NULL) {
			sc->in_agg_arg = false;
			return NULL;
		}
	}

	/* Grow the scope's list of calls and add this one. */
	if (sc->naggs == sc->capaggs) {
		int cap = sc->capaggs ? 2 * sc->capaggs : 8;
		plan_aggcall *g = sql_arena_zalloc(c->a, (size_t)cap * sizeof(*g));
		exec_expr **r = sql_arena_zalloc(c->a, (size_t)cap * sizeof(*r));

		if (sc->naggs) {
			memcpy(g, sc->aggs, (size_t)sc->naggs * sizeof(*g));
			memcpy(r, sc->aggrefs, (size_t)sc->naggs * sizeof(*r));
		}
		sc->aggs = g;
		sc->aggrefs = r;
		sc->capaggs = cap;
	}
	call = &sc->aggs[sc->naggs];
	call->agg = f->agg_star ? NULL : agg;
	call->nargs = nargs;
	call->args = args;
	call->result = result;
	call->distinct = f->agg_distinct;
	if (f->agg_filter != NULL) {
		call->filter = an_qual(c, sc, f->agg_filter, "FILTER");
		if (call->filter == NULL) {
			sc->in_agg_arg = false;
			return NULL;
		}
	}
	call->norder = sql_list_len(f->agg_order);
	call->order = sql_arena_zalloc(
		c->a, (size_t)(call->norder ? call->norder : 1) * sizeof(plan_sortkey));
	for (int i = 0; i < call->norder; i++) {
		sql_sortby *sb = sql_as_sortby(sql_list_nth(f->agg_order, i));

		call->order[i].expr = an_expr(c, sc, sb->expr);
		if (call->order[i].expr == NULL) {
			sc->in_agg_arg = false;
			return NULL;
		}
		call->order[i].desc = sb->dir == SQL_SORT_DESC;
		call->order[i].nulls_first =
			sb->nulls == SQL_NULLS_FIRST ||
			(sb->nulls == SQL_NULLS_DEFAULT && call->order[i].desc);
	}
	sc->in_agg_arg = false;
	ref = exec_expr_new(c->a, EXPR_AGGREF, result, EXEC_TYPMOD_NONE);
	ref->index = sc->naggs;
	ref->loc = f->n.loc;
	sc->aggrefs[sc->naggs++] = ref;
	return ref;
}

/* Where PostgreSQL words the placement error otherwise than "not allowed in <clause>". */
static const struct {
	const char *where;
	const char *message;
} srf_messages[] = {
	{"functions in FROM", "set-returning functions must appear at top level of FROM"},
};

/*
 * A set-returning function in an expression: allowed where the scope
 * says (a SELECT's targets and ORDER BY, where a ProjectSet runs it),
 * 0A000 elsewhere as PostgreSQL's check_srf_call_placement words it.
 * A multi-column function gives a record of its columns.
 */
static exec_expr *an_srf_call(an_ctx *c, an_scope *sc, const sql_funccall *f, const char *name,
	exec_expr **args, int nargs)
{
	exec_oid types[8], result = 0;
	const exec_srf *srf;
	exec_expr *e;

	if (nargs > 8) {
		an_error(c, f->n.loc, "54023", "cannot pass more than 8 arguments to a function");
		return NULL;
	}
	for (int i = 0; i < nargs; i++)
		types[i] = args[i]->type;
	srf = exec_srf_resolve(name, types, nargs, &result, c->err);
	if (srf == NULL) {
		if (c->err->position == 0)
			c->err->position = sql_char_position(c->sql, c->sqllen, f->n.loc);
		return NULL;
	}
	if (srf->ncols == 0) {
		/* Its columns are known from a constant argument in FROM only (history.h). */
		an_error(c, f->n.loc, "0A000", "%s must be called in FROM", srf->name);
		store_err_hint(
			c->err, "SELECT * FROM %s(...) returns the table's columns.", srf->name);
		return NULL;
	}
	if (sc->in_agg_arg) {
		an_error(c, f->n.loc, "0A000",
			"aggregate function calls cannot contain set-returning function calls");
		store_err_hint(c->err,
			"You might be able to move the set-returning function into a LATERAL FROM item.");
		return NULL;
	}
	if (!sc->srf_ok) {
		const char *where = sc->srf_where != NULL       ? sc->srf_where
				    : sc->no_aggs_where != NULL ? sc->no_aggs_where
								: "this context";
		const char *msg = NULL;

		for (size_t i = 0; i < sizeof(srf_messages) / sizeof(srf_messages[0]); i++)
			if (strcmp(srf_messages[i].where, where) == 0)
				msg = srf_messages[i].message;
		if (msg != NULL)
			an_error(c, f->n.loc, "0A000", "%s", msg);
		else
			an_error(c, f->n.loc, "0A000",
				"set-returning functions are not allowed in %s", where);
		if (sc->srf_hint)
			store_err_hint(c->err, "You might be able to move the set-returning "
					       "function into a LATERAL FROM item.");
		return NULL;
	}
	for (int i = 0; i < nargs; i++) {
		args[i] = an_coerce(c, args[i], exec_srf_arg_type(srf, i, types, nargs),
			EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT, "argument");
		if (args[i] == NULL)
			return NULL;
	}
	e = exec_expr_new(
		c->a, EXPR_SRF, srf->ncols == 1 ? result : EXEC_OID_RECORD, EXEC_TYPMOD_NONE);
	exec_expr_set_args(c->a, e, nargs, args);
	e->srf = srf;
	e->name = srf->name;
	e->strict = srf->strict;
	if (srf->ncols > 1)
		e->fieldnames = srf->colnames;
	e->loc = f->n.loc;
	return e;
}

/*
 * Whether a plain function of the name takes these arguments, or fails
 * for another reason than not existing (an_call then reports it).
 */
static bool func_resolves(const char *name, exec_expr **args, int nargs)
{
	exec_oid types[16], cast[16], result;
	store_err err;

	if (nargs > 16)
		return true;
	for (int i = 0; i < nargs; i++)
		types[i] = args[i]->type;
	store_err_clear(&err);
	return exec_func_resolve(name, types, nargs, cast, &result, &err) != NULL ||
	       strcmp(err.sqlstate, "42883") != 0;
}

/* The keys of a window: PARTITION BY expressions, ORDER BY items. */
static int window_keys(an_ctx *c, an_scope *sc, const sql_window_def *w, exec_expr ***part,
	int *npart, plan_sortkey **order, int *norder)
{
	*npart = sql_list_len(w->partition_by);
	*norder = sql_list_len(w->order_by);
	*part = sql_arena_alloc(c->a, (size_t)(*npart + 1) * sizeof(**part));
	*order = sql_arena_zalloc(c->a, (size_t)(*norder + 1) * sizeof(**order));
	for (int i = 0; i < *npart; i++)
		if (((*part)[i] = an_expr(c, sc, sql_list_nth(w->partition_by, i))) == NULL)
			return EXEC_ERROR;
	for (int i = 0; i < *norder; i++) {
		const sql_sortby *sb = sql_as_sortby(sql_list_nth(w->order_by, i));
		plan_sortkey *k = &(*order)[i];

		if (sb->dir == SQL_SORT_USING) {
			an_error(c, sb->n.loc, "0A000", "ORDER BY ... USING is not supported");
			return EXEC_ERROR;
		}
		if ((k->expr = an_expr(c, sc, sb->expr)) == NULL)
			return EXEC_ERROR;
		if (k->expr->type == EXEC_OID_UNKNOWN &&
			(k->expr = an_coerce(c, k->expr, EXEC_OID_TEXT, EXEC_TYPMOD_NONE,
				 EXEC_CAST_IMPLICIT, "ORDER BY")) == NULL)
			return EXEC_ERROR;
		k->desc = sb->dir == SQL_SORT_DESC;
		k->nulls_first =
			sb->nulls == SQL_NULLS_FIRST || (sb->nulls == SQL_NULLS_DEFAULT && k->desc);
	}
	return EXEC_OK;
}

/*
 * The frame of a window's aggregates: the default (RANGE UNBOUNDED
 * PRECEDING, with peers), ROWS UNBOUNDED PRECEDING to CURRENT ROW, or
 * the whole partition (to UNBOUNDED FOLLOWING, or no ORDER BY); other
 * frames are 0A000.
 */
static int window_frame(an_ctx *c, const sql_window_def *w, int norder, plan_winframe *out)
{
	bool from_start = w->start_bound == SQL_BOUND_UNBOUNDED_PRECEDING;
	bool to_row = w->end_bound == SQL_BOUND_DEFAULT || w->end_bound == SQL_BOUND_CURRENT_ROW;

	*out = norder == 0 ? WIN_FRAME_ALL : WIN_FRAME_PEERS;
	if (w->frame_mode == SQL_FRAME_DEFAULT)
		return EXEC_OK;
	if (from_start && w->end_bound == SQL_BOUND_UNBOUNDED_FOLLOWING &&
		w->exclusion == SQL_EXCLUDE_NO_OTHERS) {
		*out = WIN_FRAME_ALL;
		return EXEC_OK;
	}
	if (from_start && to_row && w->exclusion == SQL_EXCLUDE_NO_OTHERS &&
		w->frame_mode != SQL_FRAME_GROUPS) {
		if (w->frame_mode == SQL_FRAME_ROWS)
			*out = WIN_FRAME_ROWS;
		return EXEC_OK;
	}
	an_error(c, w->n.loc, "0A000",
		"window frames other than from UNBOUNDED PRECEDING to CURRENT ROW or UNBOUNDED "
		"FOLLOWING are not supported");
	return EXEC_ERROR;
}

/* Whether two windows' keys are the same expressions in the same order. */
static bool same_window(const an_windef *a, const an_windef *b)
{
	if (a->npart != b->npart || a->norder != b->norder || a->frame != b->frame)
		return false;
	for (int i = 0; i < a->npart; i++)
		if (!an_expr_equal(a->part[i], b->part[i]))
			return false;
	for (int i = 0; i < a->norder; i++)
		if (!an_expr_equal(a->order[i].expr, b->order[i].expr) ||
			a->order[i].desc != b->order[i].desc ||
			a->order[i].nulls_first != b->order[i].nulls_first)
			return false;
	return true;
}

/* The window's index among the level's, added when it is a new one. */
static int add_window(an_ctx *c, an_scope *sc, const an_windef *w)
{
	for (int i = 0; i < sc->nwindefs; i++)
		if (same_window(&sc->windefs[i], w))
			return i;
	if (sc->nwindefs == sc->capwindefs) {
		int cap = sc->capwindefs ? 2 * sc->capwindefs : 4;
		an_windef *grown = sql_arena_alloc(c->a, (size_t)cap * sizeof(*grown));

		if (sc->nwindefs)
			memcpy(grown, sc->windefs, (size_t)sc->nwindefs * sizeof(*grown));
		sc->windefs = grown;
		sc->capwindefs = cap;
	}
	sc->windefs[sc->nwindefs] = *w;
	return sc->nwindefs++;
}

/*
 * The window w stands for once the WINDOW clause's window it copies is
 * resolved (itself copying an earlier one, as `w2 AS (w1 ORDER BY x)`):
 * the base's partition and order, w's order where the base has none.
 * Only the first `upto` entries of the WINDOW clause may be copied: an
 * entry of it sees the ones before it.  NULL with an error set.
 */
static const sql_window_def *resolve_window(
	an_ctx *c, an_scope *sc, const sql_window_def *w, int upto)
{
	const sql_window_def *base = NULL;
	sql_window_def *merged;
	int at = -1;

	if (w->refname == NULL)
		return w;
	for (int i = 0; i < upto && base == NULL; i++) {
		const sql_window_def *d = (const sql_window_def *)sql_list_nth(sc->windows, i);

		if (d->name != NULL && strcmp(d->name, w->refname) == 0) {
			base = d;
			at = i;
		}
	}
	if (base == NULL) {
		an_error(c, w->n.loc, "42704", "window \"%s\" does not exist", w->refname);
		return NULL;
	}
	if ((base = resolve_window(c, sc, base, at)) == NULL)
		return NULL;
	if (sql_list_len(w->partition_by) > 0) {
		an_error(c, w->n.loc, "42P20",
			"cannot override PARTITION BY clause of window \"%s\"", w->refname);
		return NULL;
	}
	if (sql_list_len(base->order_by) > 0 && sql_list_len(w->order_by) > 0) {
		an_error(c, w->n.loc, "42P20", "cannot override ORDER BY clause of window \"%s\"",
			w->refname);
		return NULL;
	}
	if (sql_list_len(w->order_by) == 0 && w->frame_mode == SQL_FRAME_DEFAULT)
		return base;

	/*
	 * The copy has w's frame when w has one.  XXX: PostgreSQL refuses
	 * OVER (w) of a window with a frame clause, and takes OVER w as it
	 * is; the grammar makes one node of both, so both take w's frame.
	 */
	merged = sql_arena_zalloc(c->a, sizeof(*merged));
	*merged = *base;
	merged->name = w->name;
	merged->refname = NULL;
	if (sql_list_len(w->order_by) > 0)
		merged->order_by = w->order_by;
	if (w->frame_mode != SQL_FRAME_DEFAULT) {
		merged->frame_mode = w->frame_mode;
		merged->start_bound = w->start_bound;
		merged->end_bound = w->end_bound;
		merged->start_offset = w->start_offset;
		merged->end_offset = w->end_offset;
		merged->exclusion = w->exclusion;
	}
	return merged;
}

/*
 * A window function call (f OVER (...)): recorded in the scope, stood
 * for by an EXPR_WINREF that the query's WINDOW node replaces.  The
 * ranking functions row_number, rank and dense_rank are computed; every
 * call of a query level must use the same window.
 */
static exec_expr *an_window(an_ctx *c, an_scope *sc, const sql_funccall *f, const char *name)
{
	static const struct {
		const char *name;
		plan_winfn fn;
	} fns[] = {
		{"row_number", WIN_ROW_NUMBER}, {"rank", WIN_RANK}, {"dense_rank", WIN_DENSE_RANK}};
	const sql_window_def *w = f->over;
	exec_expr **part, *ref;
	plan_sortkey *order;
	int npart, norder, k = -1, win;

	if (sc->in_windef || sc->in_agg_arg || !sc->win_ok) {
		const char *where = sc->no_aggs ? sc->no_aggs_where : sc->srf_where;

		if (sc->in_windef)
			an_error(c, f->n.loc, "42P20",
				"window functions are not allowed in window definitions");
		else if (sc->in_agg_arg)
			an_error(c, f->n.loc, "42803",
				"aggregate function calls cannot contain window function calls");
		else
			an_error(c, f->n.loc, "42P20", "window functions are not allowed in %s",
				where != NULL ? where : "this context");
		return NULL;
	}
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		if (strcmp(fns[i].name, name) == 0)
			k = (int)i;
	if (k < 0 && (exec_agg_named(name) || f->agg_star)) {
		sql_funccall plain = *f;
		exec_expr *aref;

		/* An aggregate over the window: analyzed as one, then taken from the groups' list. */
		if (f->agg_distinct || f->agg_order != NULL) {
			an_error(c, f->n.loc, "0A000",
				f->agg_distinct
					? "DISTINCT is not implemented for window functions"
					: "aggregate ORDER BY is not implemented for window functions");
			return NULL;
		}
		plain.over = NULL;
		if ((aref = an_aggregate(c, sc, &plain, name)) == NULL)
			return NULL;
		assert(aref->index == sc->naggs - 1);
		if (sc->nwinaggs == sc->capwinaggs) {
			int cap = sc->capwinaggs ? 2 * sc->capwinaggs : 4;
			plan_aggcall *grown = sql_arena_zalloc(c->a, (size_t)cap * sizeof(*grown));

			if (sc->nwinaggs)
				memcpy(grown, sc->winaggs, (size_t)sc->nwinaggs * sizeof(*grown));
			sc->winaggs = grown;
			sc->capwinaggs = cap;
		}
		sc->winaggs[sc->nwinaggs++] = sc->aggs[--sc->naggs];
		memset(&sc->aggs[sc->naggs], 0, sizeof(sc->aggs[sc->naggs]));
		k = (int)(sizeof(fns) / sizeof(fns[0])); /* WIN_AGG */
	}
	if (k < 0 || (k < (int)(sizeof(fns) / sizeof(fns[0])) &&
			     (sql_list_len(f->args) > 0 || f->agg_star))) {
		/* What PostgreSQL says: no such function, or one that is no window function. */
		exec_oid types[16], cast[16], result;
		int nargs = sql_list_len(f->args);

		for (int i = 0; i < nargs && i < 16; i++) {
			exec_expr *a = an_expr(c, sc, sql_list_nth(f->args, i));

			if (a == NULL)
				return NULL;
			types[i] = a->type;
		}
		if (exec_func_resolve(
			    name, types, nargs < 16 ? nargs : 16, cast, &result, c->err) != NULL) {
			an_error(c, f->n.loc, "42809",
				"OVER specified, but %s is not a window function nor an aggregate function",
				name);
		} else if (c->err->position == 0) {
			c->err->position = sql_char_position(c->sql, c->sqllen, f->n.loc);
		}
		return NULL;
	}

	/* OVER w and OVER (w ORDER BY ...): the WINDOW clause's partition, the call's order. */
	if ((w = resolve_window(c, sc, w, sql_list_len(sc->windows))) == NULL)
		return NULL;

	/* Keys are analyzed where window functions cannot nest (42P20). */
	sc->in_windef = true;
	k = window_keys(c, sc, w, &part, &npart, &order, &norder) == EXEC_OK ? k : -1;
	sc->in_windef = false;
	if (k < 0)
		return NULL;
	{
		an_windef def = {npart, part, norder, order, WIN_FRAME_PEERS};

		/* Frames matter to aggregates only; the ranking functions ignore them. */
		if (k == (int)(sizeof(fns) / sizeof(fns[0])) &&
			window_frame(c, w, norder, &def.frame) != EXEC_OK)
			return NULL;
		win = add_window(c, sc, &def);
	}
	if (sc->nwins == sc->capwins) {
		int cap = sc->capwins ? 2 * sc->capwins : 4;
		plan_winfn *grown = sql_arena_alloc(c->a, (size_t)cap * sizeof(*grown));
		exec_oid *types = sql_arena_alloc(c->a, (size_t)cap * sizeof(*types));
		int *of = sql_arena_alloc(c->a, (size_t)cap * sizeof(*of));
		int *aggi = sql_arena_alloc(c->a, (size_t)cap * sizeof(*aggi));

		if (sc->nwins) {
			memcpy(grown, sc->wins, (size_t)sc->nwins * sizeof(*grown));
			memcpy(types, sc->wintypes, (size_t)sc->nwins * sizeof(*types));
			memcpy(of, sc->winof, (size_t)sc->nwins * sizeof(*of));
			memcpy(aggi, sc->winagg, (size_t)sc->nwins * sizeof(*aggi));
		}
		sc->wins = grown;
		sc->wintypes = types;
		sc->winof = of;
		sc->winagg = aggi;
		sc->capwins = cap;
	}
	{
		bool agg = k == (int)(sizeof(fns) / sizeof(fns[0]));
		exec_oid type = agg ? sc->winaggs[sc->nwinaggs - 1].result : EXEC_OID_INT8;

		sc->wins[sc->nwins] = agg ? WIN_AGG : fns[k].fn;
		sc->wintypes[sc->nwins] = type;
		sc->winof[sc->nwins] = win;
		sc->winagg[sc->nwins] = agg ? sc->nwinaggs - 1 : -1;
		ref = exec_expr_new(c->a, EXPR_WINREF, type, EXEC_TYPMOD_NONE);
		ref->index = sc->nwins++;
		ref->name = agg ? name : fns[k].name;
	}
	ref->loc = f->n.loc;
	return ref;
}

static exec_expr *an_funccall(an_ctx *c, an_scope *sc, const sql_funccall *f)
{
	const char *name = last_name(f->name);
	exec_expr **args;
	int nargs;

	if (f->over != NULL)
		return an_window(c, sc, f, name);

	/* An aggregate when the registry knows one by the name; a function otherwise. */
	if (f->agg_star || f->agg_distinct || f->agg_order != NULL || f->agg_filter != NULL ||
		exec_agg_named(name))
		return an_aggregate(c, sc, f, name);

	/*
	 * XXX: f(VARIADIC array) would pass the array's elements as the
	 * variadic arguments; functions here take them one by one and the
	 * analyzer cannot spread an array whose length is known only when it
	 * runs.  Refused rather than passed as one argument, which gave wrong
	 * answers (concat(VARIADIC ARRAY['a','b']) was '{a,b}').
	 */
	if (f->variadic) {
		an_error(c, sql_list_nth(f->args, sql_list_len(f->args) - 1)->loc, "0A000",
			"VARIADIC arguments are not supported");
		return NULL;
	}
	args = an_args(c, sc, f->args, &nargs);
	if (args == NULL)
		return NULL;

	/* A set-returning function when no plain function of the name takes these arguments. */
	if (exec_srf_named(name) && !func_resolves(name, args, nargs))
		return an_srf_call(c, sc, f, name, args, nargs);
	return an_call(c, name, args, nargs, f->n.loc);
}

/*
 * A call of one argument named after a type, such as int8(x) or
 * text(5), that no function takes: PostgreSQL's function-style cast,
 * allowed where an explicit cast is (or for an untyped literal).  The
 * registry runs casts as casts, not as functions of the type's name;
 * pg_proc lists those functions (syscatfn.c), and this is how they are
 * called.  NULL when the call is no such cast.
 */
static exec_expr *function_style_cast(an_ctx *c, const char *name, exec_expr *arg, int loc)
{
	const exec_type *t = exec_type_by_name(name);

	if (t == NULL || strcmp(t->name, name) != 0 ||
		!(is_unknown_literal(arg) || arg->type == t->oid ||
			exec_cast_find(arg->type, t->oid, EXEC_CAST_EXPLICIT) != NULL))
		return NULL;
	store_err_clear(c->err);
	return node_loc(an_coerce(c, arg, t->oid, EXEC_TYPMOD_NONE, EXEC_CAST_EXPLICIT, "argument"),
		loc);
}

exec_expr *an_call(an_ctx *c, const char *name, exec_expr **args, int nargs, int loc)
{
	exec_oid types[16] = {0}, cast[16], result;
	const exec_func *fn;

	if (nargs > 16) {
		an_error(c, loc, "54023", "cannot pass more than 16 arguments to a function");
		return NULL;
	}
	for (int i = 0; i < nargs; i++)
		types[i] = args[i]->type;
	fn = exec_func_resolve(name, types, nargs, cast, &result, c->err);
	if (fn == NULL && nargs == 1 && strcmp(c->err->sqlstate, "42883") == 0) {
		exec_expr *e = function_style_cast(c, name, args[0], loc);

		if (e != NULL)
			return e;
	}
	if (fn == NULL) {
		if (c->err->position == 0 && loc >= 0)
			c->err->position = sql_char_position(c->sql, c->sqllen, loc);
		return NULL;
	}
	for (int i = 0; i < nargs; i++) {
		exec_oid to = cast[i];

		/* A relation's name written as a literal must name one now (PostgreSQL's regclass). */
		if (exec_func_regclass_arg(fn, i) && is_unknown_literal(args[i]) &&
			!args[i]->value.isnull) {
			const char *rel;
			char kind;

			if (exec_regclass_lookup(&c->cx, args[i]->value.v.s.p,
				    args[i]->value.v.s.len, &rel, &kind) != EXEC_OK) {
				if (c->err->position == 0)
					c->err->position =
						sql_char_position(c->sql, c->sqllen, args[i]->loc);
				return NULL;
			}
		}

		if (to == 0 || to == EXEC_OID_ANY || to == EXEC_OID_ANYELEMENT ||
			to == EXEC_OID_ANYNONARRAY || to == EXEC_OID_ANYCOMPATIBLE)
			to = args[i]->type == EXEC_OID_UNKNOWN ? EXEC_OID_TEXT : args[i]->type;
		args[i] =
			an_coerce(c, args[i], to, EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT, "argument");
		if (args[i] == NULL)
			return NULL;
	}
	return node_loc(
		exec_expr_call(c->a, fn->fn, fn->name, fn->strict, result, nargs, args), loc);
}

/* ---- Conditional forms ---- */

/*
 * Inside CASE and COALESCE a set-returning function is an error
 * (PostgreSQL 10 on: they would not run in lockstep with the others):
 * enter such a construct, returning what to restore on the way out.
 */
typedef struct srf_state {
	bool ok, hint;
	const char *where;
} srf_state;

static srf_state srf_forbid(an_scope *sc, const char *construct)
{
	srf_state saved = {sc->srf_ok, sc->srf_hint, sc->srf_where};

	if (sc->srf_ok) {
		sc->srf_ok = false;
		sc->srf_where = construct;
		sc->srf_hint = true;
	}
	return saved;
}

static void srf_restore(an_scope *sc, srf_state saved)
{
	sc->srf_ok = saved.ok;
	sc->srf_hint = saved.hint;
	sc->srf_where = saved.where;
}

static exec_expr *an_case_body(an_ctx *c, an_scope *sc, const sql_case *cs);

static exec_expr *an_case(an_ctx *c, an_scope *sc, const sql_case *cs)
{
	srf_state saved = srf_forbid(sc, "CASE");
	exec_expr *e = an_case_body(c, sc, cs);

	srf_restore(sc, saved);
	return e;
}

static exec_expr *an_case_body(an_ctx *c, an_scope *sc, const sql_case *cs)
{
	int nw = sql_list_len(cs->whens), n = 2 * nw + (cs->else_result ? 1 : 0);
	exec_expr *e = exec_expr_new(c->a, EXPR_CASE, EXEC_OID_UNKNOWN, EXEC_TYPMOD_NONE);
	exec_expr **results = sql_arena_alloc(c->a, (size_t)(nw + 1) * sizeof(*results));
	exec_expr *arg = NULL;
	exec_oid t;
	int nres = 0;

	e->nargs = n;
	e->args = sql_arena_alloc(c->a, (size_t)(n ? n : 1) * sizeof(*e->args));
	if (cs->arg != NULL && (arg = an_expr(c, sc, cs->arg)) == NULL)
		return NULL;
	for (int i = 0; i < nw; i++) {
		sql_case_when *w = sql_as_case_when(sql_list_nth(cs->whens, i));

		if (arg != NULL) {
			/* CASE x WHEN v: x = v. */
			exec_expr *v = an_expr(c, sc, w->cond);

			if (v == NULL || (e->args[2 * i] = make_op(
						  c, "=", arg, v, w->cond->loc, NULL)) == NULL)
				return NULL;
		} else if ((e->args[2 * i] = an_qual(c, sc, w->cond, "CASE/WHEN")) == NULL) {
			return NULL;
		}
		if ((results[nres++] = an_expr(c, sc, w->result)) == NULL)
			return NULL;
	}
	if (cs->else_result != NULL && (results[nres++] = an_expr(c, sc, cs->else_result)) == NULL)
		return NULL;
	{
		/* PostgreSQL weighs ELSE first: its type leads the message when results clash. */
		exec_expr **order =
			sql_arena_alloc(c->a, sizeof(*order) * (size_t)(nres ? nres : 1));

		if (cs->else_result != NULL) {
			order[0] = results[nres - 1];
			memcpy(order + 1, results, sizeof(*order) * (size_t)(nres - 1));
		} else {
			memcpy(order, results, sizeof(*order) * (size_t)nres);
		}
		t = an_common_type(c, order, nres, "CASE");
	}
	if (t == EXEC_OID_INVALID || coerce_all(c, results, nres, t, "CASE") != EXEC_OK)
		return NULL;
	for (int i = 0; i < nw; i++)
		e->args[2 * i + 1] = results[i];
	if (cs->else_result != NULL)
		e->args[n - 1] = results[nres - 1];
	e->type = t;
	e->loc = cs->n.loc;
	e->case_arg = arg;
	return e;
}

/* COALESCE, GREATEST/LEAST: operands of one common type. */
static exec_expr *an_list_form(
	an_ctx *c, an_scope *sc, exec_expr_kind kind, const sql_list *l, const char *what, int loc)
{
	int n;
	exec_expr **args = an_args(c, sc, l, &n), *e;
	exec_oid t;

	if (args == NULL)
		return NULL;
	t = an_common_type(c, args, n, what);
	if (t == EXEC_OID_INVALID || coerce_all(c, args, n, t, what) != EXEC_OK)
		return NULL;
	e = exec_expr_new(c->a, kind, t, EXEC_TYPMOD_NONE);
	exec_expr_set_args(c->a, e, n, args);
	e->loc = loc;
	return e;
}

/* An operator's function as a comparison for NULLIF, IS DISTINCT FROM, IN. */
static exec_expr *cmp_form(
	an_ctx *c, exec_expr_kind kind, exec_expr *l, exec_expr *r, int loc, exec_oid result)
{
	exec_expr *eq = make_op(c, "=", l, r, loc, NULL), *e;

	if (eq == NULL)
		return NULL;
	e = exec_expr_new(c->a, kind, result == EXEC_OID_INVALID ? eq->args[0]->type : result,
		EXEC_TYPMOD_NONE);
	e->fn = eq->fn;
	exec_expr_set_args(c->a, e, 2, eq->args);
	e->loc = loc;
	return e;
}

static exec_expr *an_in_list(an_ctx *c, an_scope *sc, const sql_in_list *in)
{
	int n;
	exec_expr **items = an_args(c, sc, in->items, &n), *x = an_expr(c, sc, in->arg);

	if (items == NULL || x == NULL)
		return NULL;
	return an_in(c, x, items, n, in->negated, in->op_loc, in->n.loc);
}

exec_expr *an_in(
	an_ctx *c, exec_expr *x, exec_expr *const *items, int n, bool negated, int op_loc, int loc)
{
	exec_expr **all, *e;
	exec_oid t;

	all = sql_arena_alloc(c->a, (size_t)(n + 1) * sizeof(*all));
	all[0] = x;
	memcpy(all + 1, items, (size_t)n * sizeof(*all));
	t = an_common_type(c, all, n + 1, "IN");
	if (t == EXEC_OID_INVALID || coerce_all(c, all, n + 1, t, "IN") != EXEC_OK)
		return NULL;
	{
		exec_expr *eq = make_op(c, "=", all[0], all[1], op_loc, NULL);

		if (eq == NULL)
			return NULL;
		e = exec_expr_new(c->a, EXPR_IN_LIST, EXEC_OID_BOOL, EXEC_TYPMOD_NONE);
		e->fn = eq->fn;
	}
	exec_expr_set_args(c->a, e, n + 1, all);
	e->negated = negated;
	e->loc = loc;
	return e;
}

static exec_expr *an_like(an_ctx *c, an_scope *sc, const sql_like *lk)
{
	static const char *const ops[][2] = {{"~~", "!~~"}, {"~~*", "!~~*"}, {"~", "!~"}};
	exec_expr *arg = an_expr(c, sc, lk->arg), *pat = an_expr(c, sc, lk->pattern);

	if (arg == NULL || pat == NULL)
		return NULL;
	if (lk->op == SQL_LIKE_SIMILAR) {
		an_error(c, lk->n.loc, "0A000", "SIMILAR TO is not supported");
		return NULL;
	}
	if (lk->escape != NULL) {
		/* x LIKE p ESCAPE e is x LIKE like_escape(p, e). */
		exec_expr *esc = an_expr(c, sc, lk->escape), *fargs[2];
		exec_oid types[2], cast[2], result;
		const exec_func *f;

		if (esc == NULL)
			return NULL;
		fargs[0] = pat;
		fargs[1] = esc;
		types[0] = pat->type;
		types[1] = esc->type;
		f = exec_func_resolve("like_escape", types, 2, cast, &result, c->err);
		if (f == NULL)
			return NULL;
		for (int i = 0; i < 2; i++) {
			fargs[i] = an_coerce(c, fargs[i], cast[i] ? cast[i] : EXEC_OID_TEXT,
				EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT, "ESCAPE");
			if (fargs[i] == NULL)
				return NULL;
		}
		pat = exec_expr_call(c->a, f->fn, f->name, f->strict, result, 2, fargs);
	}
	return make_op(c, ops[lk->op][lk->negated], arg, pat, lk->op_loc, NULL);
}

/*
 * x BETWEEN lo AND hi as PostgreSQL rewrites it: x >= lo AND x <= hi, and
 * NOT BETWEEN as x < lo OR x > hi.  The operands are shared, not copied:
 * every later pass copies the nodes it changes (shift in select.c).
 */
static exec_expr *between_range(
	an_ctx *c, const sql_between *b, exec_expr *x, exec_expr *lo, exec_expr *hi)
{
	exec_expr *args[2], *e;

	args[0] = make_op(c, b->negated ? "<" : ">=", x, lo, b->op_loc, NULL);
	args[1] = make_op(c, b->negated ? ">" : "<=", x, hi, b->op_loc, NULL);
	if (args[0] == NULL || args[1] == NULL)
		return NULL;
	e = exec_expr_new(c->a, b->negated ? EXPR_OR : EXPR_AND, EXEC_OID_BOOL, EXEC_TYPMOD_NONE);
	exec_expr_set_args(c->a, e, 2, args);
	e->loc = b->n.loc;
	return e;
}

/*
 * BETWEEN SYMMETRIC accepts the bounds in either order: the range test
 * both ways round, ORed (AND of the two for NOT BETWEEN SYMMETRIC), so
 * x is evaluated up to four times, as in PostgreSQL.
 */
static exec_expr *an_between(an_ctx *c, an_scope *sc, const sql_between *b)
{
	exec_expr *x = an_expr(c, sc, b->arg), *lo = an_expr(c, sc, b->low),
		  *hi = an_expr(c, sc, b->high);
	exec_expr *e, *args[2];

	if (x == NULL || lo == NULL || hi == NULL)
		return NULL;
	if (!b->symmetric)
		return between_range(c, b, x, lo, hi);
	args[0] = between_range(c, b, x, lo, hi);
	args[1] = between_range(c, b, x, hi, lo);
	if (args[0] == NULL || args[1] == NULL)
		return NULL;
	e = exec_expr_new(c->a, b->negated ? EXPR_AND : EXPR_OR, EXEC_OID_BOOL, EXEC_TYPMOD_NONE);
	exec_expr_set_args(c->a, e, 2, args);
	e->loc = b->n.loc;
	return e;
}

static exec_expr *an_any_all(an_ctx *c, an_scope *sc, const sql_any_all *aa)
{
	exec_expr *x = an_expr(c, sc, aa->left), *arr = an_expr(c, sc, aa->right), *e, *op,
		  *args[2];

	exec_oid elem;

	if (x == NULL || arr == NULL)
		return NULL;
	if (is_unknown_literal(arr)) {
		/* '{1,2}': an array of the scalar's type. */
		exec_oid at =
			exec_array_type_of(x->type == EXEC_OID_UNKNOWN ? EXEC_OID_TEXT : x->type);

		if (at == 0 || (arr = an_coerce(c, arr, at, EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT,
					"ANY")) == NULL)
			return NULL;
	}
	elem = exec_array_elem_of(arr->type);
	if (elem == 0) {
		an_error(c, aa->right->loc, "42809",
			"op ANY/ALL (array) requires array on right side");
		return NULL;
	}

	/* Resolve the operator against the element type, then apply it to the array. */
	{
		exec_oid cl = 0, cr = 0, want;
		const exec_oper *o = exec_oper_resolve(aa->name, x->type, elem, &cl, &cr, c->err);

		if (o == NULL) {
			if (c->err->position == 0)
				c->err->position = sql_char_position(c->sql, c->sqllen, aa->op_loc);
			return NULL;
		}
		if (o->result != EXEC_OID_BOOL) {
			an_error(c, aa->op_loc, "42809",
				"op ANY/ALL (array) requires operator to yield boolean");
			return NULL;
		}
		args[0] = an_coerce(
			c, x, cl ? cl : o->left, EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT, "operand");
		if (args[0] == NULL)
			return NULL;
		want = cr ? cr : o->right;
		if (want != elem && want != EXEC_OID_ANY && want != EXEC_OID_ANYELEMENT) {
			exec_oid at = exec_array_type_of(want);

			if (at == 0 || (arr = an_coerce(c, arr, at, EXEC_TYPMOD_NONE,
						EXEC_CAST_IMPLICIT, "ANY")) == NULL) {
				if (at == 0)
					an_error(c, aa->right->loc, "42804",
						"cannot compare with an array of %s",
						type_name(elem));
				return NULL;
			}
		}
		if (args[0]->kind == EXPR_PARAM)
			an_param_settle(c, args[0]);
		op = exec_expr_call(c->a, o->fn, o->name, true, o->result, 0, NULL);
	}
	args[1] = arr;
	e = exec_expr_new(c->a, EXPR_SCALAR_ARRAY, EXEC_OID_BOOL, EXEC_TYPMOD_NONE);
	e->fn = op->fn;
	e->name = op->name;
	e->all = aa->all;
	exec_expr_set_args(c->a, e, 2, args);
	e->loc = aa->n.loc;
	return e;
}

static exec_expr *an_array(an_ctx *c, an_scope *sc, const sql_array *ar)
{
	int n;
	exec_expr **elems = an_args(c, sc, ar->elements, &n), *e;
	exec_oid t, at;

	if (elems == NULL)
		return NULL;
	t = an_common_type(c, elems, n, "ARRAY");
	if (t == EXEC_OID_INVALID || coerce_all(c, elems, n, t, "ARRAY") != EXEC_OK)
		return NULL;
	if (exec_array_elem_of(t) != 0) {
		an_error(c, ar->n.loc, "0A000", "multidimensional arrays are not supported");
		return NULL;
	}
	at = exec_array_type_of(t);
	if (at == 0) {
		an_error(c, ar->n.loc, "42704", "could not find array type for data type %s",
			type_name(t));
		return NULL;
	}
	e = exec_expr_new(c->a, EXPR_ARRAY, at, EXEC_TYPMOD_NONE);
	exec_expr_set_args(c->a, e, n, elems);
	e->loc = ar->n.loc;
	return e;
}

/* CURRENT_DATE and friends: functions of the statement, or session facts. */
static exec_expr *an_value_func(an_ctx *c, const sql_value_func *vf)
{
	static const char *const fnames[] = {[SQL_CURRENT_DATE] = "current_date",
		[SQL_CURRENT_TIME] = "current_time",
		[SQL_CURRENT_TIMESTAMP] = "current_timestamp",
		[SQL_LOCALTIME] = "localtime",
		[SQL_LOCALTIMESTAMP] = "localtimestamp",
		[SQL_CURRENT_CATALOG] = "current_database"};
	exec_oid types[1] = {EXEC_OID_INT4}, cast[1], result;
	const exec_func *f;
	exec_expr *arg = NULL;
	const char *text;

	switch (vf->op) {
	case SQL_CURRENT_DATE:
	case SQL_CURRENT_TIME:
	case SQL_CURRENT_TIMESTAMP:
	case SQL_LOCALTIME:
	case SQL_LOCALTIMESTAMP:
	case SQL_CURRENT_CATALOG: /* current_database(), as in PostgreSQL */
		f = exec_func_resolve(
			fnames[vf->op], types, vf->precision >= 0 ? 1 : 0, cast, &result, c->err);
		if (f == NULL) {
			if (c->err->position == 0)
				c->err->position = sql_char_position(c->sql, c->sqllen, vf->n.loc);
			return NULL;
		}
		if (vf->precision >= 0)
			arg = exec_expr_const(
				c->a, exec_int(EXEC_OID_INT4, vf->precision), EXEC_TYPMOD_NONE);
		return node_loc(exec_expr_call(c->a, f->fn, f->name, f->strict, result,
					vf->precision >= 0 ? 1 : 0, &arg),
			vf->n.loc);
	case SQL_CURRENT_SCHEMA:
		text = "public";
		break;
	default: /* CURRENT_USER, CURRENT_ROLE, SESSION_USER, USER */
		text = c->user != NULL ? c->user : "chrondb";
		break;
	}
	return node_loc(exec_expr_const(c->a, exec_text(EXEC_OID_NAME, text, strlen(text)),
				EXEC_TYPMOD_NONE),
		vf->n.loc);
}

/* ---- Rows, fields and subscripts ---- */

/*
 * The fields of a record expression when analysis knows them; -1 when it
 * does not.  A set-returning function's row has its OUT columns, and so
 * has a column that carries one out of a subquery (an_rte.shapes).
 */
static int row_fields(const exec_expr *e, const char *const **names)
{
	if (e->kind == EXPR_ROW) {
		*names = e->fieldnames;
		return e->nargs;
	}
	if ((e->kind == EXPR_SRF || e->kind == EXPR_VAR) && e->srf != NULL && e->srf->ncols > 1) {
		*names = e->srf->colnames;
		return e->srf->ncols;
	}
	return -1;
}

/* Field i of a record expression whose fields are known. */
static exec_expr *row_field(an_ctx *c, exec_expr *rec, int i)
{
	exec_expr *e;

	if (rec->kind == EXPR_ROW)
		return rec->args[i];
	e = exec_expr_new(c->a, EXPR_FIELD, rec->srf->coltypes[i], EXEC_TYPMOD_NONE);
	exec_expr_set_args(c->a, e, 1, &rec);
	e->index = i;
	e->loc = rec->loc;
	return e;
}

/* (rec).name, errors at loc (the record's place) as PostgreSQL's. */
static exec_expr *select_field(an_ctx *c, exec_expr *rec, const char *name, int loc)
{
	const char *const *names = NULL;
	int n;

	if (rec->type != EXEC_OID_RECORD) {
		an_error(c, loc, "42809",
			"column notation .%s applied to type %s, which is not a composite type",
			name, type_name(rec->type));
		return NULL;
	}
	n = row_fields(rec, &names);
	for (int i = 0; i < n; i++) {
		if (names[i] != NULL && strcmp(names[i], name) == 0)
			return row_field(c, rec, i);
	}
	if (rec->kind == EXPR_ROW && rec->name != NULL)
		an_error(c, loc, "42703", "column %s.%s does not exist", rec->name, name);
	else
		an_error(c, loc, "42703", "could not identify column \"%s\" in record data type",
			name);
	return NULL;
}

int an_row_expand(an_ctx *c, exec_expr *rec, int loc, exec_expr ***fields, const char ***names)
{
	const char *const *fn = NULL;
	int n;

	if (rec->type != EXEC_OID_RECORD || (n = row_fields(rec, &fn)) < 0) {
		an_error(c, loc, "42809", "type %s is not composite", type_name(rec->type));
		return -1;
	}
	*fields = sql_arena_alloc(c->a, (size_t)(n ? n : 1) * sizeof(**fields));
	*names = sql_arena_alloc(c->a, (size_t)(n ? n : 1) * sizeof(**names));
	for (int i = 0; i < n; i++) {
		(*fields)[i] = row_field(c, rec, i);
		(*names)[i] = fn[i];
	}
	return n;
}

/* A subscript bound of an array: an integer, as PostgreSQL coerces it (assignment). */
static exec_expr *array_bound(an_ctx *c, an_scope *sc, sql_node *n)
{
	exec_expr *e = an_expr(c, sc, n);

	if (e == NULL)
		return NULL;
	if (e->type != EXEC_OID_INT4 && !is_unknown_literal(e) && e->type != EXEC_OID_UNKNOWN &&
		exec_cast_find(e->type, EXEC_OID_INT4, EXEC_CAST_ASSIGNMENT) == NULL) {
		an_error(c, n->loc, "42804", "array subscript must have type integer");
		return NULL;
	}
	return an_coerce(
		c, e, EXEC_OID_INT4, EXEC_TYPMOD_NONE, EXEC_CAST_ASSIGNMENT, "array subscript");
}

/*
 * A jsonb subscript: an integer or text key, as jsonb_subscript_transform
 * allows it, as text (the path of #>, which reads a text step as an
 * index in an array and an integer one as a key in an object).
 */
static exec_expr *jsonb_step(an_ctx *c, an_scope *sc, sql_node *n)
{
	exec_expr *e = an_expr(c, sc, n);

	if (e == NULL)
		return NULL;
	if (!is_unknown_literal(e) && e->type != EXEC_OID_UNKNOWN) {
		exec_oid to = e->type == EXEC_OID_INT4 || exec_cast_find(e->type, EXEC_OID_INT4,
								  EXEC_CAST_IMPLICIT)
				      ? EXEC_OID_INT4
			      : e->type == EXEC_OID_TEXT || exec_cast_find(e->type, EXEC_OID_TEXT,
								    EXEC_CAST_IMPLICIT)
				      ? EXEC_OID_TEXT
				      : 0;

		if (to == 0) {
			an_error(c, n->loc, "42804", "subscript type %s is not supported",
				type_name(e->type));
			store_err_hint(c->err,
				"jsonb subscript must be coercible to either integer or text.");
			return NULL;
		}
		e = an_coerce(c, e, to, EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT, "subscript");
		if (e == NULL)
			return NULL;
	}
	return an_coerce(c, e, EXEC_OID_TEXT, EXEC_TYPMOD_NONE, EXEC_CAST_EXPLICIT, "subscript");
}

/*
 * The bounds of subscript k appended to args[*nargs...] in order: its
 * lower bound, and its upper one when any subscript of the run is a
 * slice (then a plain a[k] is the slice k:k).  An absent bound (a[:2],
 * a[2:]) is bit 2k (lower) or 2k + 1 (upper) of *absent instead.
 */
static int add_bounds(an_ctx *c, an_scope *sc, const sql_subscript *sub, int k, bool slice,
	exec_expr **args, int *nargs, int *absent)
{
	sql_node *lo = sub->slice ? sub->lower : slice ? NULL : sub->lower;
	sql_node *hi = sub->slice ? sub->upper : slice ? sub->lower : NULL;

	if (lo == NULL)
		*absent |= 1 << (2 * k);
	else if ((args[(*nargs)++] = array_bound(c, sc, lo)) == NULL)
		return EXEC_ERROR;
	if (!slice)
		return EXEC_OK;
	if (hi == NULL)
		*absent |= 1 << (2 * k + 1);
	else if ((args[(*nargs)++] = array_bound(c, sc, hi)) == NULL)
		return EXEC_ERROR;
	return EXEC_OK;
}

/* base[...][...]: the run subs[0..nsubs) of subscripts over one value. */
static exec_expr *an_subscripts(
	an_ctx *c, an_scope *sc, exec_expr *base, int loc, sql_subscript *const *subs, int nsubs)
{
	exec_oid elem = exec_array_elem_of(base->type);
	exec_expr **args = sql_arena_alloc(c->a, (size_t)(2 * nsubs + 1) * sizeof(*args));
	bool slice = false;
	int nargs = 0, absent = 0;
	exec_expr *e;

	for (int k = 0; k < nsubs; k++)
		slice = slice || subs[k]->slice;

	/* jsonb: base #> ARRAY[steps as text]. */
	if (base->type == EXEC_OID_JSONB) {
		exec_expr *path;

		for (int k = 0; k < nsubs; k++) {
			if (subs[k]->slice) {
				an_error(c, (subs[k]->upper ? subs[k]->upper : subs[k]->lower)->loc,
					"42804", "jsonb subscript does not support slices");
				return NULL;
			}
			if ((args[k] = jsonb_step(c, sc, subs[k]->lower)) == NULL)
				return NULL;
		}
		path = exec_expr_new(c->a, EXPR_ARRAY, EXEC_OID_TEXT_ARRAY, EXEC_TYPMOD_NONE);
		exec_expr_set_args(c->a, path, nsubs, args);
		return make_op(c, "#>", base, path, loc, NULL);
	}
	if (elem == 0) {
		an_error(c, loc, "42804",
			"cannot subscript type %s because it does not support subscripting",
			type_name(base->type));
		return NULL;
	}
	args[nargs++] = base;
	for (int k = 0; k < nsubs; k++) {
		if (add_bounds(c, sc, subs[k], k, slice, args, &nargs, &absent) != EXEC_OK)
			return NULL;
	}
	e = exec_expr_new(c->a, EXPR_SUBSCRIPT, slice ? base->type : elem, base->typmod);
	exec_expr_set_args(c->a, e, nargs, args);
	e->index = nsubs;
	e->all = slice;
	e->test = absent;
	e->loc = loc;
	return e;
}

const char *an_assign_column(const sql_node *target)
{
	if (target->kind == SQL_INDIRECTION)
		target = sql_as_indirection(target)->arg;
	return sql_as_str(target)->s;
}

exec_expr *an_assign_part(an_ctx *c, an_scope *sc, const sql_node *target, const char *colname,
	exec_oid coltype, int32_t coltypmod, exec_expr *base, exec_expr *value)
{
	const sql_indirection *ind = sql_as_indirection(target);
	int n = sql_list_len(ind->steps), nargs = 0, absent = 0, loc = target->loc;
	exec_oid elem = exec_array_elem_of(coltype), want;
	exec_expr **args = sql_arena_alloc(c->a, (size_t)(2 * n + 2) * sizeof(*args));
	bool slice = false;
	exec_expr *e;

	/* Only subscripts: there are no composite columns whose fields could be set. */
	for (int k = 0; k < n; k++) {
		const sql_node *st = sql_list_nth(ind->steps, k);

		if (st->kind != SQL_SUBSCRIPT) {
			an_error(c, loc, "42804",
				"cannot assign to field \"%s\" of column \"%s\" because its type %s is not a "
				"composite type",
				st->kind == SQL_STR ? sql_as_str(st)->s : "*", colname,
				type_name(coltype));
			return NULL;
		}
		slice = slice || sql_as_subscript(st)->slice;
	}
	if (elem == 0) {
		if (coltype == EXEC_OID_JSONB)
			an_error(c, loc, "0A000",
				"assignment to a jsonb subscript is not supported");
		else
			an_error(c, loc, "42804",
				"cannot subscript type %s because it does not support subscripting",
				type_name(coltype));
		return NULL;
	}
	if (n > 6) {
		store_err_set(c->err, "54000",
			"number of array dimensions (%d) exceeds the maximum allowed (%d)", n, 6);
		return NULL;
	}

	/* The bounds, as an_subscripts lays them out. */
	args[nargs++] = base;
	for (int k = 0; k < n; k++) {
		if (add_bounds(c, sc, sql_as_subscript(sql_list_nth(ind->steps, k)), k, slice, args,
			    &nargs, &absent) != EXEC_OK)
			return NULL;
	}

	/* The new part: an element, or an array for a slice. */
	want = slice ? coltype : elem;
	if (value->type != want && !is_unknown_literal(value) && value->type != EXEC_OID_UNKNOWN &&
		exec_cast_find(value->type, want, EXEC_CAST_ASSIGNMENT) == NULL) {
		an_error(c, loc, "42804",
			"subscripted assignment to \"%s\" requires type %s but expression is of type %s",
			colname, type_name(want), type_name(value->type));
		store_err_hint(c->err, "You will need to rewrite or cast the expression.");
		return NULL;
	}
	/* The type first, then its typmod: a value too long is 22001 with no position, as in PostgreSQL. */
	if (value->type == EXEC_OID_UNKNOWN && value->kind != EXPR_CONST)
		value = exec_expr_cast(
			c->a, value, want, coltypmod, EXEC_CAST_ASSIGNMENT); /* read at run time */
	else if ((value = an_coerce(c, value, want, EXEC_TYPMOD_NONE, EXEC_CAST_ASSIGNMENT,
			  colname)) != NULL &&
		 coltypmod >= 0)
		value = an_coerce(c, value, want, coltypmod, EXEC_CAST_ASSIGNMENT, colname);
	if (value == NULL)
		return NULL;
	args[nargs++] = value;
	e = exec_expr_new(c->a, EXPR_SUBSCRIPT_ASSIGN, coltype, coltypmod);
	exec_expr_set_args(c->a, e, nargs, args);
	e->index = n;
	e->all = slice;
	e->test = absent;
	e->loc = loc;
	return e;
}

/* arg followed by subscripts and field selections, applied in order. */
static exec_expr *an_indirection(an_ctx *c, an_scope *sc, const sql_indirection *ind)
{
	int n = sql_list_len(ind->steps), loc = ind->arg->loc;
	exec_expr *e = an_expr(c, sc, ind->arg);

	for (int i = 0; e != NULL && i < n;) {
		sql_node *st = sql_list_nth(ind->steps, i);

		/* Errors about the base point where it starts, as exprLocation gives it. */
		if (e->loc >= 0)
			loc = e->loc;

		if (st->kind == SQL_SUBSCRIPT) {
			sql_subscript *subs[6];
			int k = 0;

			while (i < n && sql_list_nth(ind->steps, i)->kind == SQL_SUBSCRIPT) {
				if (k < 6)
					subs[k] = sql_as_subscript(sql_list_nth(ind->steps, i));
				k++;
				i++;
			}
			if (k > 6) {
				store_err_set(c->err, "54000",
					"number of array dimensions (%d) exceeds the maximum allowed (%d)",
					k, 6);
				return NULL;
			}
			e = an_subscripts(c, sc, e, loc, subs, k);
		} else if (st->kind == SQL_STR) {
			e = select_field(c, e, sql_as_str(st)->s, loc);
			i++;
		} else {
			an_error(c, st->loc, "42601",
				"row expansion via \"*\" is not supported here");
			return NULL;
		}
	}
	return e;
}

/*
 * The fields an item of ROW(...) stands for: t.* and (record).* are
 * expanded into their fields, anything else is one field (an untyped
 * literal made text when typed: a row value has typed fields; a row
 * compared field by field leaves them to the comparison).  Appended to
 * *fields; -1 on error.
 */
static int row_items(
	an_ctx *c, an_scope *sc, sql_node *n, bool typed, exec_expr ***fields, int *nf, int *cap)
{
	exec_expr **got, *one;
	const char **names;
	int k;

	if (n->kind == SQL_INDIRECTION && sql_list_nth(sql_as_indirection(n)->steps,
						  sql_list_len(sql_as_indirection(n)->steps) - 1)
							  ->kind == SQL_STAR) {
		k = an_star_expand(c, sc, n, &got, &names);
	} else if (n->kind == SQL_COLREF &&
		   sql_list_nth(
			   sql_as_colref(n)->fields, sql_list_len(sql_as_colref(n)->fields) - 1)
				   ->kind == SQL_STAR &&
		   sql_list_len(sql_as_colref(n)->fields) >= 2) {
		k = an_star_expand(c, sc, n, &got, &names);
	} else {
		one = an_expr(c, sc, n);
		if (one == NULL)
			return -1;
		if (typed && is_unknown_literal(one) &&
			(one = an_coerce(c, one, EXEC_OID_TEXT, EXEC_TYPMOD_NONE,
				 EXEC_CAST_IMPLICIT, "ROW")) == NULL)
			return -1;
		got = &one;
		k = 1;
	}
	if (k < 0)
		return -1;
	for (int i = 0; i < k; i++) {
		if (*nf == *cap) {
			int ncap = *cap ? 2 * *cap : 8;
			exec_expr **g = sql_arena_alloc(c->a, (size_t)ncap * sizeof(*g));

			if (*nf)
				memcpy(g, *fields, (size_t)*nf * sizeof(*g));
			*fields = g;
			*cap = ncap;
		}
		(*fields)[(*nf)++] = got[i];
	}
	return k;
}

int an_star_expand(an_ctx *c, an_scope *sc, sql_node *n, exec_expr ***fields, const char ***names)
{
	exec_expr *rec;

	if (n->kind == SQL_COLREF) {
		/* t.*: the whole-row reference, whose fields are t's columns. */
		rec = an_colref(c, sc, sql_as_colref(n));
	} else {
		/* (x).*: x without its last step. */
		const sql_indirection *ind = sql_as_indirection(n);
		sql_indirection head = *ind;
		sql_list steps = *ind->steps;

		steps.len--;
		head.steps = &steps;
		rec = steps.len > 0 ? an_indirection(c, sc, &head) : an_expr(c, sc, ind->arg);
	}
	if (rec == NULL)
		return -1;
	return an_row_expand(c, rec, n->loc, fields, names);
}

static exec_expr *an_row(an_ctx *c, an_scope *sc, const sql_row *row)
{
	exec_expr **fields = NULL, *e;
	const char **names;
	int nf = 0, cap = 0;

	for (int i = 0; i < sql_list_len(row->args); i++) {
		if (row_items(c, sc, sql_list_nth(row->args, i), true, &fields, &nf, &cap) < 0)
			return NULL;
	}
	names = sql_arena_alloc(c->a, (size_t)(nf ? nf : 1) * sizeof(*names));
	for (int i = 0; i < nf; i++) {
		char buf[16];

		snprintf(buf, sizeof(buf), "f%d", i + 1);
		names[i] = sql_arena_strndup(c->a, buf, strlen(buf));
	}
	e = exec_expr_new(c->a, EXPR_ROW, EXEC_OID_RECORD, EXEC_TYPMOD_NONE);
	exec_expr_set_args(c->a, e, nf, fields);
	e->fieldnames = names;
	e->loc = row->n.loc;
	return e;
}

/*
 * ROW(a, b) op ROW(c, d), as PostgreSQL's make_row_comparison_op: field
 * by field with SQL's NULL semantics.  = is every pair equal, <> some
 * pair different; <, <=, >, >= compare in order: the first pair not
 * equal decides, by the strict operator, and the last pair by op itself.
 */
static exec_expr *an_row_compare(an_ctx *c, an_scope *sc, const sql_op *op)
{
	static const char *const ordered[][2] = {{"<", "<"}, {"<=", "<"}, {">", ">"}, {">=", ">"}};
	exec_expr **l = NULL, **r = NULL, *acc = NULL;
	int nl = 0, nr = 0, capl = 0, capr = 0;
	const char *strict = NULL;
	bool eq = strcmp(op->name, "=") == 0, ne = strcmp(op->name, "<>") == 0;
	const sql_row *lrow = sql_as_row(op->left), *rrow = sql_as_row(op->right);

	for (int i = 0; i < sql_list_len(lrow->args); i++)
		if (row_items(c, sc, sql_list_nth(lrow->args, i), false, &l, &nl, &capl) < 0)
			return NULL;
	for (int i = 0; i < sql_list_len(rrow->args); i++)
		if (row_items(c, sc, sql_list_nth(rrow->args, i), false, &r, &nr, &capr) < 0)
			return NULL;
	if (nl != nr) {
		an_error(c, op->op_loc, "42601", "unequal number of entries in row expressions");
		return NULL;
	}
	if (nl == 0) {
		an_error(c, op->op_loc, "0A000", "cannot compare rows of zero length");
		return NULL;
	}
	for (size_t i = 0; i < sizeof(ordered) / sizeof(ordered[0]); i++)
		if (strcmp(ordered[i][0], op->name) == 0)
			strict = ordered[i][1];
	if (!eq && !ne && strict == NULL) {
		an_error(c, op->op_loc, "0A000",
			"could not determine interpretation of row comparison operator %s",
			op->name);
		return NULL;
	}
	for (int i = nl - 1; i >= 0; i--) {
		exec_expr *pair = make_op(c, i == nl - 1 || eq || ne ? op->name : strict, l[i],
				  r[i], op->op_loc, NULL),
			  *args[2], *x;

		if (pair == NULL)
			return NULL;
		if (pair->type != EXEC_OID_BOOL) {
			an_error(c, op->op_loc, "42804",
				"row comparison operator must yield type boolean, not type %s",
				type_name(pair->type));
			return NULL;
		}
		if (acc == NULL) {
			acc = pair;
			continue;
		}
		if (eq || ne) {
			args[0] = pair;
			args[1] = acc;
			x = exec_expr_new(
				c->a, eq ? EXPR_AND : EXPR_OR, EXEC_OID_BOOL, EXEC_TYPMOD_NONE);
			exec_expr_set_args(c->a, x, 2, args);
			acc = x;
			continue;
		}

		/* l[i] strict r[i] OR (l[i] = r[i] AND acc) */
		args[0] = make_op(c, "=", l[i], r[i], op->op_loc, NULL);
		if (args[0] == NULL)
			return NULL;
		args[1] = acc;
		x = exec_expr_new(c->a, EXPR_AND, EXEC_OID_BOOL, EXEC_TYPMOD_NONE);
		exec_expr_set_args(c->a, x, 2, args);
		args[0] = pair;
		args[1] = x;
		acc = exec_expr_new(c->a, EXPR_OR, EXEC_OID_BOOL, EXEC_TYPMOD_NONE);
		exec_expr_set_args(c->a, acc, 2, args);
	}
	acc->loc = op->op_loc;
	return acc;
}

/* ---- The dispatcher ---- */

exec_expr *an_expr(an_ctx *c, an_scope *sc, sql_node *n)
{
	exec_expr *e, *x, *args[2];

	switch (n->kind) {
	case SQL_CONST:
		return an_const(c, sql_as_const(n));
	case SQL_PARAM:
		return an_param(c, sql_as_param(n));
	case SQL_COLREF:
		return an_colref(c, sc, sql_as_colref(n));

	case SQL_OP: {
		sql_op *op = sql_as_op(n);
		exec_expr *l, *r;

		if (op->left != NULL && op->left->kind == SQL_ROW && op->right->kind == SQL_ROW)
			return an_row_compare(c, sc, op);
		l = op->left ? an_expr(c, sc, op->left) : NULL;
		r = an_expr(c, sc, op->right);
		if ((op->left != NULL && l == NULL) || r == NULL)
			return NULL;
		return make_op(c, op->name, l, r, op->op_loc, NULL);
	}

	case SQL_BOOLEXPR: {
		sql_boolexpr *b = sql_as_boolexpr(n);
		int na = sql_list_len(b->args);
		const char *what = b->op == SQL_AND ? "AND" : b->op == SQL_OR ? "OR" : "NOT";

		e = exec_expr_new(c->a,
			b->op == SQL_AND  ? EXPR_AND
			: b->op == SQL_OR ? EXPR_OR
					  : EXPR_NOT,
			EXEC_OID_BOOL, EXEC_TYPMOD_NONE);
		e->nargs = na;
		e->args = sql_arena_alloc(c->a, (size_t)na * sizeof(*e->args));
		for (int i = 0; i < na; i++) {
			if ((e->args[i] = an_qual(c, sc, sql_list_nth(b->args, i), what)) == NULL)
				return NULL;
		}
		e->loc = n->loc;
		return e;
	}

	case SQL_NULLTEST: {
		sql_nulltest *t = sql_as_nulltest(n);

		if ((x = an_expr(c, sc, t->arg)) == NULL)
			return NULL;
		e = exec_expr_new(c->a, EXPR_NULLTEST, EXEC_OID_BOOL, EXEC_TYPMOD_NONE);
		e->negated = t->negated;
		exec_expr_set_args(c->a, e, 1, &x);
		e->loc = n->loc;
		return e;
	}

	case SQL_BOOLTEST: {
		static const char *const names[] = {[SQL_IS_TRUE] = "IS TRUE",
			[SQL_IS_NOT_TRUE] = "IS NOT TRUE",
			[SQL_IS_FALSE] = "IS FALSE",
			[SQL_IS_NOT_FALSE] = "IS NOT FALSE",
			[SQL_IS_UNKNOWN] = "IS UNKNOWN",
			[SQL_IS_NOT_UNKNOWN] = "IS NOT UNKNOWN"};
		sql_booltest *t = sql_as_booltest(n);

		if ((x = an_qual(c, sc, t->arg, names[t->test])) == NULL)
			return NULL;
		e = exec_expr_new(c->a, EXPR_BOOLTEST, EXEC_OID_BOOL, EXEC_TYPMOD_NONE);
		e->test = (int)t->test;
		exec_expr_set_args(c->a, e, 1, &x);
		e->loc = n->loc;
		return e;
	}

	case SQL_DISTINCT: {
		sql_distinct *d = sql_as_distinct(n);
		exec_expr *l = an_expr(c, sc, d->left), *r = an_expr(c, sc, d->right);

		if (l == NULL || r == NULL ||
			(e = cmp_form(c, EXPR_DISTINCT, l, r, d->op_loc, EXEC_OID_BOOL)) == NULL)
			return NULL;
		e->negated = d->negated;
		return e;
	}

	case SQL_NULLIF: {
		sql_nullif *ni = sql_as_nullif(n);
		exec_expr *l = an_expr(c, sc, ni->left), *r = an_expr(c, sc, ni->right);

		if (l == NULL || r == NULL)
			return NULL;
		return cmp_form(c, EXPR_NULLIF, l, r, n->loc, EXEC_OID_INVALID);
	}

	case SQL_LIKE:
		return an_like(c, sc, sql_as_like(n));
	case SQL_BETWEEN:
		return an_between(c, sc, sql_as_between(n));
	case SQL_IN_LIST:
		return an_in_list(c, sc, sql_as_in_list(n));
	case SQL_ANY_ALL:
		return an_any_all(c, sc, sql_as_any_all(n));
	case SQL_CASE:
		return an_case(c, sc, sql_as_case(n));
	case SQL_COALESCE: {
		srf_state saved = srf_forbid(sc, "COALESCE");

		e = an_list_form(
			c, sc, EXPR_COALESCE, sql_as_coalesce(n)->args, "COALESCE", n->loc);
		srf_restore(sc, saved);
		return e;
	}
	case SQL_MINMAX: {
		sql_minmax *m = sql_as_minmax(n);

		e = an_list_form(c, sc, EXPR_MINMAX, m->args,
			m->op == SQL_GREATEST ? "GREATEST" : "LEAST", n->loc);
		if (e != NULL)
			e->greatest = m->op == SQL_GREATEST;
		return e;
	}

	case SQL_CAST: {
		sql_cast *cs = sql_as_cast(n);
		exec_oid t;
		int32_t tm;

		if ((x = an_expr(c, sc, cs->arg)) == NULL ||
			an_typename(c, cs->type, &t, &tm, NULL) != EXEC_OK)
			return NULL;
		if (x->loc < 0)
			x->loc = cs->arg->loc;
		/* The result sits where its operand starts, as PostgreSQL's exprLocation says. */
		return node_loc(an_coerce(c, x, t, tm, EXEC_CAST_EXPLICIT, "CAST"), n->loc);
	}

	case SQL_FUNCCALL:
		return an_funccall(c, sc, sql_as_funccall(n));
	case SQL_VALUE_FUNC:
		return an_value_func(c, sql_as_value_func(n));
	case SQL_ARRAY:
		return an_array(c, sc, sql_as_array(n));
	case SQL_SUBLINK:
		return an_sublink(c, sc, sql_as_sublink(n));
	case SQL_INDIRECTION:
		return an_indirection(c, sc, sql_as_indirection(n));
	case SQL_ROW:
		return an_row(c, sc, sql_as_row(n));

	case SQL_COLLATE:
		/* Only the C collation exists: COLLATE changes nothing. */
		return an_expr(c, sc, sql_as_collate(n)->arg);

	case SQL_DEFAULT:
		an_error(c, n->loc, "42601", "DEFAULT is not allowed in this context");
		return NULL;

	default:
		break;
	}
	(void)args;
	an_error(c, n->loc, "0A000", "%s expressions are not supported",
		sql_node_kind_name(n->kind));
	return NULL;
}

/* ---- Equality and names ---- */

bool an_expr_equal(const exec_expr *a, const exec_expr *b)
{
	if (a == b)
		return true;
	if (a == NULL || b == NULL || a->kind != b->kind || a->type != b->type ||
		a->nargs != b->nargs)
		return false;
	switch (a->kind) {
	case EXPR_CONST:
		if (a->value.isnull || b->value.isnull)
			return a->value.isnull == b->value.isnull;
		if (a->value.type == EXEC_OID_UNKNOWN)
			return a->value.v.s.len == b->value.v.s.len &&
			       memcmp(a->value.v.s.p, b->value.v.s.p, a->value.v.s.len) == 0;
		return exec_value_cmp(&a->value, &b->value) == 0;
	case EXPR_PARAM:
	case EXPR_AGGREF:
	case EXPR_WINREF:
		return a->index == b->index;
	case EXPR_VAR:
		return a->index == b->index && a->up == b->up;
	case EXPR_LATERAL:
		return a->index == b->index;
	case EXPR_SUBPLAN:
		return false;
	default:
		break;
	}
	if (a->index != b->index || a->srf != b->srf)
		return false;
	if (a->fn != b->fn || a->negated != b->negated || a->all != b->all ||
		a->greatest != b->greatest || a->test != b->test || a->typmod != b->typmod)
		return false;
	for (int i = 0; i < a->nargs; i++) {
		if (!an_expr_equal(a->args[i], b->args[i]))
			return false;
	}
	return true;
}

/*
 * PostgreSQL's FigureColname: the output name of an expression without
 * an alias, and how strongly the expression claims it: 2 for a name of
 * its own (a column, a function, coalesce, a subquery's column), 1 for
 * a fallback (a cast's type name, "case"), 0 for none.  A cast or a CASE
 * keeps the name of what it wraps unless that is weaker than its own, so
 * x::text is "x" but 1.5::float8::int is "int4", and CASE ... ELSE x END
 * is "x".  Operators, literals and tests have no name.
 */
static int figure_name(an_ctx *c, const sql_node *n, const char **name)
{
	static const char *const value_funcs[] = {"current_date", "current_time",
		"current_timestamp", "localtime", "localtimestamp", "current_role", "current_user",
		"session_user", "user", "current_catalog", "current_schema"};
	int strength;

	if (n == NULL)
		return 0;
	switch (n->kind) {
	case SQL_COLREF:
	case SQL_INDIRECTION: {
		/* The last field name, skipping `*` and subscripts; else the operand's. */
		const sql_list *parts = n->kind == SQL_COLREF ? sql_as_colref(n)->fields
							      : sql_as_indirection(n)->steps;

		for (int i = sql_list_len(parts) - 1; i >= 0; i--) {
			const sql_node *part = sql_list_nth(parts, i);

			if (part->kind == SQL_STR) {
				*name = sql_as_str(part)->s;
				return 2;
			}
		}
		return n->kind == SQL_INDIRECTION ? figure_name(c, sql_as_indirection(n)->arg, name)
						  : 0;
	}
	case SQL_FUNCCALL:
		*name = last_name(sql_as_funccall(n)->name);
		return 2;
	case SQL_CAST:
		strength = figure_name(c, sql_as_cast(n)->arg, name);
		if (strength > 1)
			return strength;
		*name = last_name(sql_as_cast(n)->type->names);
		return 1;
	case SQL_CASE:
		strength = figure_name(c, sql_as_case(n)->else_result, name);
		if (strength > 1)
			return strength;
		*name = "case";
		return 1;
	case SQL_COLLATE:
		return figure_name(c, sql_as_collate(n)->arg, name);
	case SQL_SUBLINK:
		switch (sql_as_sublink(n)->sublink) {
		case SQL_SUBLINK_EXISTS:
			*name = "exists";
			return 2;
		case SQL_SUBLINK_ARRAY:
			*name = "array";
			return 2;
		case SQL_SUBLINK_EXPR:
			/* The subquery's first column as its analysis named it ("?column?" too). */
			for (const an_subname *s = c->subnames; s != NULL; s = s->next) {
				if (s->sublink == n) {
					*name = s->name;
					return 2;
				}
			}
			return 0;
		default:
			return 0;
		}
	case SQL_NULLIF:
		*name = "nullif";
		return 2;
	case SQL_COALESCE:
		*name = "coalesce";
		return 2;
	case SQL_MINMAX:
		*name = sql_as_minmax(n)->op == SQL_GREATEST ? "greatest" : "least";
		return 2;
	case SQL_ARRAY:
		*name = "array";
		return 2;
	case SQL_ROW:
		*name = "row";
		return 2;
	case SQL_VALUE_FUNC: {
		size_t op = (size_t)sql_as_value_func(n)->op;

		if (op >= sizeof(value_funcs) / sizeof(value_funcs[0]))
			return 0;
		*name = value_funcs[op];
		return 2;
	}
	default:
		return 0;
	}
}

const char *an_expr_name(an_ctx *c, const sql_node *n)
{
	const char *name = "?column?";

	figure_name(c, n, &name);
	return name;
}
