/*
 * expr.c - evaluating expressions (see expr.h).
 *
 * A recursive walk; the depth is bounded by the parser's SQL_MAX_DEPTH.
 * NULL handling follows SQL: strict calls give NULL for a NULL operand,
 * AND/OR/NOT and IN use three-valued logic, CASE and COALESCE evaluate
 * only what they need, so that `x <> 0 AND 1/x > 2` never divides by
 * zero when x is 0.
 */
#include "expr.h"

#include <string.h>

#include "array.h"
#include "record.h"

/* Operands evaluated into a stack array when they fit, the arena otherwise. */
#define STACK_ARGS 8

static exec_value *args_space(exec_ectx *ec, int n, exec_value *stack)
{
	return n <= STACK_ARGS ? stack
			       : sql_arena_alloc(ec->cx->arena, (size_t)n * sizeof(exec_value));
}

/* A bool result, or NULL of type bool. */
static exec_value truth(int t)
{
	return t < 0 ? exec_null(EXEC_OID_BOOL) : exec_bool(t != 0);
}

/* -1 NULL, 0 false, 1 true. */
static int bool_of(const exec_value *v)
{
	return v->isnull ? -1 : v->v.b ? 1 : 0;
}

/* Call fn over two values and read its boolean result (-1 for NULL). */
static int compare2(exec_ectx *ec, exec_fn fn, const exec_value *a, const exec_value *b, int *t)
{
	exec_value args[2] = {*a, *b}, r;

	if (a->isnull || b->isnull) {
		*t = -1;
		return EXEC_OK;
	}
	if (fn(ec->cx, args, 2, &r) != EXEC_OK)
		return EXEC_ERROR;
	*t = bool_of(&r);
	return EXEC_OK;
}

static int eval_var(exec_ectx *ec, const exec_expr *e, exec_value *out)
{
	exec_ectx *c = ec;

	for (int up = e->up; up > 0 && c != NULL; up--)
		c = c->outer;
	if (c == NULL || e->index < 0 || e->index >= c->nrow)
		return store_err_set(ec->cx->err, "XX000",
			"column %d of query level %d is not in the row being evaluated", e->index,
			e->up);
	*out = c->row[e->index];
	return EXEC_OK;
}

static int eval_call(exec_ectx *ec, const exec_expr *e, exec_value *out)
{
	exec_value stack[STACK_ARGS];
	exec_value *args = args_space(ec, e->nargs, stack);

	for (int i = 0; i < e->nargs; i++) {
		if (exec_eval(ec, e->args[i], &args[i]) != EXEC_OK)
			return EXEC_ERROR;
		if (e->strict && args[i].isnull) {
			*out = exec_null(e->type);
			return EXEC_OK;
		}
	}
	if (e->fn(ec->cx, args, e->nargs, out) != EXEC_OK)
		return EXEC_ERROR;

	/* Polymorphic functions set their own result type; the analyzer's is the one that counts. */
	if (out->isnull || out->type == EXEC_OID_INVALID)
		out->type = e->type;
	return EXEC_OK;
}

static int eval_bool(exec_ectx *ec, const exec_expr *e, exec_value *out)
{
	int acc = e->kind == EXPR_AND ? 1 : 0;

	for (int i = 0; i < e->nargs; i++) {
		exec_value v;
		int t;

		if (exec_eval(ec, e->args[i], &v) != EXEC_OK)
			return EXEC_ERROR;
		t = bool_of(&v);
		if (e->kind == EXPR_AND) {
			if (t == 0) {
				*out = exec_bool(false);
				return EXEC_OK;
			}
			if (t < 0)
				acc = -1;
		} else {
			if (t == 1) {
				*out = exec_bool(true);
				return EXEC_OK;
			}
			if (t < 0)
				acc = -1;
		}
	}
	*out = truth(acc);
	return EXEC_OK;
}

static int eval_case(exec_ectx *ec, const exec_expr *e, exec_value *out)
{
	int i;

	for (i = 0; i + 1 < e->nargs; i += 2) {
		int t;

		if (exec_eval_qual(ec, e->args[i], &t) != EXEC_OK)
			return EXEC_ERROR;
		if (t)
			return exec_eval(ec, e->args[i + 1], out);
	}
	if (i < e->nargs)
		return exec_eval(ec, e->args[i], out);
	*out = exec_null(e->type);
	return EXEC_OK;
}

static int eval_minmax(exec_ectx *ec, const exec_expr *e, exec_value *out)
{
	exec_value best = exec_null(e->type);

	for (int i = 0; i < e->nargs; i++) {
		exec_value v;

		if (exec_eval(ec, e->args[i], &v) != EXEC_OK)
			return EXEC_ERROR;
		if (v.isnull)
			continue;
		if (best.isnull) {
			best = v;
		} else {
			int c = exec_value_cmp(&v, &best);

			if (e->greatest ? c > 0 : c < 0)
				best = v;
		}
	}
	*out = best;
	return EXEC_OK;
}

static int eval_booltest(const exec_expr *e, const exec_value *v, exec_value *out)
{
	int t = bool_of(v), r;

	/* Tests in the parser's order: IS TRUE, IS NOT TRUE, IS FALSE, IS NOT FALSE, IS UNKNOWN, IS NOT UNKNOWN. */
	switch (e->test) {
	case 0:
		r = t == 1;
		break;
	case 1:
		r = t != 1;
		break;
	case 2:
		r = t == 0;
		break;
	case 3:
		r = t != 0;
		break;
	case 4:
		r = t < 0;
		break;
	default:
		r = t >= 0;
		break;
	}
	*out = exec_bool(r);
	return EXEC_OK;
}

static int eval_in_list(exec_ectx *ec, const exec_expr *e, exec_value *out)
{
	exec_value x;
	int result = 0;

	if (exec_eval(ec, e->args[0], &x) != EXEC_OK)
		return EXEC_ERROR;
	for (int i = 1; i < e->nargs && result != 1; i++) {
		exec_value v;
		int t;

		if (exec_eval(ec, e->args[i], &v) != EXEC_OK ||
			compare2(ec, e->fn, &x, &v, &t) != EXEC_OK)
			return EXEC_ERROR;
		if (t == 1)
			result = 1;
		else if (t < 0)
			result = -1;
	}
	if (e->negated && result >= 0)
		result = !result;
	*out = truth(result);
	return EXEC_OK;
}

/*
 * A subscript of an array (EXPR_SUBSCRIPT), as PostgreSQL's array_get_element
 * and array_get_slice for a one-dimensional array: a NULL array or bound
 * gives NULL.  One subscript fetches the element (NULL out of range);
 * more than one cannot match a single dimension (NULL).  A slice keeps
 * the elements between its bounds (an absent bound is the array's own;
 * a plain subscript among slices is 1:n) with lower bound 1, empty when
 * nothing is left or there are more subscripts than dimensions.
 */
static int eval_subscript(exec_ectx *ec, const exec_expr *e, exec_value *out)
{
	int nsubs = e->index, next = 1;
	int64_t lo = 0, hi = 0;
	exec_value arr;
	const exec_array *a;
	exec_oid elem = exec_array_elem_of(e->args[0]->type);

	if (exec_eval(ec, e->args[0], &arr) != EXEC_OK)
		return EXEC_ERROR;

	/* Every bound is evaluated, left to right; the first subscript's are kept. */
	for (int k = 0; k < nsubs; k++) {
		for (int side = 0; side < 2; side++) {
			exec_value b;
			bool absent = (e->test >> (2 * k + side)) & 1;

			if (side == 1 && !e->all)
				break;
			if (absent)
				continue;
			if (exec_eval(ec, e->args[next++], &b) != EXEC_OK)
				return EXEC_ERROR;
			if (b.isnull) {
				*out = exec_null(e->type);
				return EXEC_OK;
			}
			if (k == 0 && side == 0)
				lo = b.v.i;
			else if (k == 0)
				hi = b.v.i;
		}
	}
	if (arr.isnull) {
		*out = exec_null(e->type);
		return EXEC_OK;
	}
	a = arr.v.arr;
	if (!e->all) {
		if (nsubs != 1 || a->count == 0 || lo < a->lbound ||
			lo >= (int64_t)a->lbound + a->count) {
			*out = exec_null(e->type);
			return EXEC_OK;
		}
		*out = a->elems[lo - a->lbound];
		if (out->isnull)
			out->type = elem;
		return EXEC_OK;
	}

	/* A slice: absent bounds are the array's. */
	{
		int64_t first = a->lbound, last = (int64_t)a->lbound + a->count - 1;
		bool lo_absent = e->test & 1, hi_absent = (e->test >> 1) & 1;

		if (lo_absent)
			lo = first;
		if (hi_absent)
			hi = last;
		if (nsubs > 1 || a->count == 0) {
			*out = exec_array_value(
				e->type, exec_array_new(ec->cx->arena, elem, NULL, 0));
			return EXEC_OK;
		}
		if (lo < first)
			lo = first;
		if (hi > last)
			hi = last;
		if (lo > hi) {
			*out = exec_array_value(
				e->type, exec_array_new(ec->cx->arena, elem, NULL, 0));
			return EXEC_OK;
		}
		*out = exec_array_value(
			e->type, exec_array_new(ec->cx->arena, elem, a->elems + (lo - first),
					 (uint32_t)(hi - lo + 1)));
	}
	return EXEC_OK;
}

/* PostgreSQL's MaxArraySize: the most elements an array may have. */
#define ARRAY_MAX_ELEMS 134217727

/*
 * UPDATE SET a[i] = v and a[lo:hi] = v (EXPR_SUBSCRIPT_ASSIGN), as
 * PostgreSQL's array_set_element and array_set_slice for a NULL, empty
 * or one-dimensional array: a subscript beyond the bounds extends the
 * array with NULLs in between (an empty or NULL array becomes
 * [i:i]={v}); a NULL slice value leaves the array as it was.
 */
static int eval_subscript_assign(exec_ectx *ec, const exec_expr *e, exec_value *out)
{
	int nsubs = e->index, next = 1;
	int64_t lo = 0, hi = 0, first, last, nfirst, nlast;
	bool lo_absent = e->test & 1, hi_absent = (e->test >> 1) & 1;
	exec_value arr, v, *elems;
	const exec_array *a;
	exec_oid elem = exec_array_elem_of(e->type);
	exec_array *r;

	if (exec_eval(ec, e->args[0], &arr) != EXEC_OK)
		return EXEC_ERROR;
	for (int k = 0; k < nsubs; k++) {
		for (int side = 0; side < (e->all ? 2 : 1); side++) {
			exec_value b;

			if ((e->test >> (2 * k + side)) & 1)
				continue;
			if (exec_eval(ec, e->args[next++], &b) != EXEC_OK)
				return EXEC_ERROR;
			if (b.isnull)
				return store_err_set(ec->cx->err, "22004",
					"array subscript in assignment must not be null");
			if (k == 0 && side == 0)
				lo = b.v.i;
			else if (k == 0)
				hi = b.v.i;
		}
	}
	if (exec_eval(ec, e->args[e->nargs - 1], &v) != EXEC_OK)
		return EXEC_ERROR;
	if (e->all && v.isnull) {
		*out = arr; /* a NULL slice changes nothing */
		return EXEC_OK;
	}
	a = arr.isnull ? NULL : arr.v.arr;
	if (!e->all)
		hi = lo;

	/* The bounds of the result: the array's and the part's together. */
	if (a == NULL || a->count == 0) {
		if (nsubs > 1)
			return store_err_set(
				ec->cx->err, "0A000", "multidimensional arrays are not supported");
		if (e->all && (lo_absent || hi_absent)) {
			store_err_set(ec->cx->err, "2202E",
				"array slice subscript must provide both boundaries");
			store_err_detail(ec->cx->err,
				"When assigning to a slice of an empty array value, slice boundaries must "
				"be fully specified.");
			return EXEC_ERROR;
		}
		first = lo;
		last = lo - 1; /* nothing yet */
	} else {
		if (nsubs != 1)
			return store_err_set(
				ec->cx->err, "2202E", "wrong number of array subscripts");
		first = a->lbound;
		last = (int64_t)a->lbound + a->count - 1;
		if (e->all && lo_absent)
			lo = first;
		if (e->all && hi_absent)
			hi = last;
	}
	if (lo > hi)
		return store_err_set(
			ec->cx->err, "2202E", "upper bound cannot be less than lower bound");
	nfirst = last < first ? lo : lo < first ? lo : first;
	nlast = last < first ? hi : hi > last ? hi : last;
	if (nlast - nfirst + 1 > ARRAY_MAX_ELEMS)
		return store_err_set(ec->cx->err, "54000",
			"array size exceeds the maximum allowed (%d)", ARRAY_MAX_ELEMS);
	if (e->all && (int64_t)v.v.arr->count < hi - lo + 1)
		return store_err_set(ec->cx->err, "2202E", "source array too small");

	/* Old elements where they were, NULLs in the gaps, the new part over them. */
	elems = sql_arena_alloc(ec->cx->arena, (size_t)(nlast - nfirst + 1) * sizeof(*elems));
	for (int64_t i = nfirst; i <= nlast; i++) {
		exec_value *x = &elems[i - nfirst];

		if (i >= lo && i <= hi)
			*x = e->all ? v.v.arr->elems[i - lo] : v;
		else if (a != NULL && i >= first && i <= last)
			*x = a->elems[i - first];
		else
			*x = exec_null(elem);
		if (x->isnull)
			x->type = elem;
	}
	r = sql_arena_alloc(ec->cx->arena, sizeof(*r));
	r->elemtype = elem;
	r->lbound = (int32_t)nfirst;
	r->count = (uint32_t)(nlast - nfirst + 1);
	r->elems = elems;
	*out = exec_array_value(e->type, r);
	return EXEC_OK;
}

/*
 * ROW(args...): a record of the fields' values, NULL fields typed as
 * their expressions.  A whole-row reference to a table marks its primary
 * key fields in e->test: all of them NULL, there is no row (NULL).
 */
static int eval_row(exec_ectx *ec, const exec_expr *e, exec_value *out)
{
	exec_value stack[STACK_ARGS];
	exec_value *vals = args_space(ec, e->nargs, stack);
	bool keyless = e->test != 0;

	for (int i = 0; i < e->nargs; i++) {
		if (exec_eval(ec, e->args[i], &vals[i]) != EXEC_OK)
			return EXEC_ERROR;
		if (vals[i].isnull)
			vals[i].type = e->args[i]->type;
		else if (i < 30 && ((e->test >> i) & 1))
			keyless = false;
	}
	if (keyless) {
		*out = exec_null(EXEC_OID_RECORD);
		return EXEC_OK;
	}
	*out = exec_record_value(exec_record_new(ec->cx->arena, e->nargs, e->fieldnames, vals));
	return EXEC_OK;
}

int exec_eval(exec_ectx *ec, const exec_expr *e, exec_value *out)
{
	exec_value a, b;
	int t;

	switch (e->kind) {
	case EXPR_CONST:
		*out = e->value;
		return EXEC_OK;

	case EXPR_PARAM:
		if (e->index < 0 || e->index >= ec->nparams)
			return store_err_set(
				ec->cx->err, "42P02", "there is no parameter $%d", e->index + 1);
		*out = ec->params[e->index];
		return EXEC_OK;

	case EXPR_VAR:
		return eval_var(ec, e, out);

	case EXPR_WINREF:
		return store_err_set(
			ec->cx->err, "XX000", "window function %d is not computed here", e->index);

	case EXPR_AGGREF:
		if (e->index < 0 || e->index >= ec->naggs)
			return store_err_set(ec->cx->err, "XX000",
				"aggregate %d is not computed here", e->index);
		*out = ec->aggs[e->index];
		return EXEC_OK;

	case EXPR_CALL:
		return eval_call(ec, e, out);

	case EXPR_CAST:
		if (exec_eval(ec, e->args[0], &a) != EXEC_OK)
			return EXEC_ERROR;
		if (a.isnull) {
			*out = exec_null(e->type);
			return EXEC_OK;
		}
		return exec_cast_value(ec->cx, &a, e->type, e->typmod, e->cast_context, out);

	case EXPR_AND:
	case EXPR_OR:
		return eval_bool(ec, e, out);

	case EXPR_NOT:
		if (exec_eval(ec, e->args[0], &a) != EXEC_OK)
			return EXEC_ERROR;
		t = bool_of(&a);
		*out = truth(t < 0 ? -1 : !t);
		return EXEC_OK;

	case EXPR_CASE:
		return eval_case(ec, e, out);

	case EXPR_COALESCE:
		for (int i = 0; i < e->nargs; i++) {
			if (exec_eval(ec, e->args[i], out) != EXEC_OK)
				return EXEC_ERROR;
			if (!out->isnull)
				return EXEC_OK;
		}
		*out = exec_null(e->type);
		return EXEC_OK;

	case EXPR_MINMAX:
		return eval_minmax(ec, e, out);

	case EXPR_NULLIF:
		if (exec_eval(ec, e->args[0], &a) != EXEC_OK ||
			exec_eval(ec, e->args[1], &b) != EXEC_OK ||
			compare2(ec, e->fn, &a, &b, &t) != EXEC_OK)
			return EXEC_ERROR;
		*out = t == 1 ? exec_null(e->type) : a;
		return EXEC_OK;

	case EXPR_NULLTEST:
		if (exec_eval(ec, e->args[0], &a) != EXEC_OK)
			return EXEC_ERROR;

		/* A row IS NULL when every field is, IS NOT NULL when none is. */
		if (!a.isnull && a.type == EXEC_OID_RECORD)
			*out = exec_bool(exec_record_all_null(a.v.rec, !e->negated));
		else
			*out = exec_bool(a.isnull != e->negated);
		return EXEC_OK;

	case EXPR_BOOLTEST:
		if (exec_eval(ec, e->args[0], &a) != EXEC_OK)
			return EXEC_ERROR;
		return eval_booltest(e, &a, out);

	case EXPR_DISTINCT:
		if (exec_eval(ec, e->args[0], &a) != EXEC_OK ||
			exec_eval(ec, e->args[1], &b) != EXEC_OK)
			return EXEC_ERROR;
		if (a.isnull || b.isnull) {
			t = a.isnull != b.isnull; /* distinct when exactly one is NULL */
		} else {
			if (compare2(ec, e->fn, &a, &b, &t) != EXEC_OK)
				return EXEC_ERROR;
			t = t != 1;
		}
		*out = exec_bool(e->negated ? !t : t);
		return EXEC_OK;

	case EXPR_IN_LIST:
		return eval_in_list(ec, e, out);

	case EXPR_SCALAR_ARRAY:
		if (exec_eval(ec, e->args[0], &a) != EXEC_OK ||
			exec_eval(ec, e->args[1], &b) != EXEC_OK)
			return EXEC_ERROR;
		return exec_array_any_all(ec->cx, e->fn, true, &a, &b, e->all, out);

	case EXPR_ARRAY: {
		exec_value stack[STACK_ARGS];
		exec_value *elems = args_space(ec, e->nargs, stack);
		const exec_array *arr;

		for (int i = 0; i < e->nargs; i++) {
			if (exec_eval(ec, e->args[i], &elems[i]) != EXEC_OK)
				return EXEC_ERROR;
		}
		arr = exec_array_new(
			ec->cx->arena, exec_array_elem_of(e->type), elems, (uint32_t)e->nargs);
		*out = exec_array_value(e->type, arr);
		return EXEC_OK;
	}

	case EXPR_SUBPLAN:
		return exec_subplan_eval(ec, e, out);

	case EXPR_SUBSCRIPT:
		return eval_subscript(ec, e, out);

	case EXPR_ROW:
		return eval_row(ec, e, out);

	case EXPR_FIELD:
		if (exec_eval(ec, e->args[0], &a) != EXEC_OK)
			return EXEC_ERROR;
		if (a.isnull || e->index >= a.v.rec->ncols) {
			*out = exec_null(e->type);
			return EXEC_OK;
		}
		*out = a.v.rec->vals[e->index];
		return EXEC_OK;

	case EXPR_LATERAL:
		return exec_lateral_eval(ec, e, out);

	case EXPR_SUBSCRIPT_ASSIGN:
		return eval_subscript_assign(ec, e, out);

	case EXPR_SRF:
		/* The analyzer puts set-returning calls only where a ProjectSet runs them. */
		return store_err_set(ec->cx->err, "0A000",
			"set-valued function called in context that cannot accept a set");
	}
	return store_err_set(ec->cx->err, "XX000", "unknown expression kind %d", (int)e->kind);
}

int exec_eval_qual(exec_ectx *ec, const exec_expr *e, int *t)
{
	exec_value v;

	if (exec_eval(ec, e, &v) != EXEC_OK)
		return EXEC_ERROR;
	*t = !v.isnull && v.v.b;
	return EXEC_OK;
}

/* ---- Building ---- */

exec_expr *exec_expr_new(sql_arena *a, exec_expr_kind kind, exec_oid type, int32_t typmod)
{
	exec_expr *e = sql_arena_zalloc(a, sizeof(*e));

	e->kind = kind;
	e->type = type;
	e->typmod = typmod;
	e->loc = -1;
	return e;
}

/* Whether a constant of type t reads the same in every session. */
static bool stable_const_type(exec_oid t)
{
	switch (t) {
	case EXEC_OID_BOOL:
	case EXEC_OID_BYTEA:
	case EXEC_OID_CHAR:
	case EXEC_OID_NAME:
	case EXEC_OID_INT8:
	case EXEC_OID_INT2:
	case EXEC_OID_INT4:
	case EXEC_OID_TEXT:
	case EXEC_OID_OID:
	case EXEC_OID_JSON:
	case EXEC_OID_FLOAT4:
	case EXEC_OID_FLOAT8:
	case EXEC_OID_BPCHAR:
	case EXEC_OID_VARCHAR:
	case EXEC_OID_NUMERIC:
	case EXEC_OID_UUID:
	case EXEC_OID_JSONB:
		return true;
	default:
		return false;
	}
}

exec_expr *exec_expr_copy_stable(sql_arena *a, const exec_expr *e)
{
	exec_expr *c;

	switch (e->kind) {
	case EXPR_CONST:
		if (!e->value.isnull && !stable_const_type(e->value.type))
			return NULL;
		break;
	case EXPR_CALL:
	case EXPR_CAST:
	case EXPR_AND:
	case EXPR_OR:
	case EXPR_NOT:
	case EXPR_COALESCE:
	case EXPR_MINMAX:
	case EXPR_NULLIF:
	case EXPR_NULLTEST:
	case EXPR_BOOLTEST:
	case EXPR_DISTINCT:
	case EXPR_IN_LIST:
	case EXPR_SCALAR_ARRAY:
	case EXPR_ARRAY:
		break;
	default:
		return NULL; /* columns, parameters, subqueries, rows: not a default's */
	}
	c = sql_arena_alloc(a, sizeof(*c));
	*c = *e;
	if (e->kind == EXPR_CONST)
		c->value = exec_value_copy(a, &e->value);
	if (e->name != NULL)
		c->name = sql_arena_strndup(a, e->name, strlen(e->name));
	if (e->nargs > 0) {
		c->args = sql_arena_alloc(a, sizeof(*c->args) * (size_t)e->nargs);
		for (int i = 0; i < e->nargs; i++)
			if ((c->args[i] = exec_expr_copy_stable(a, e->args[i])) == NULL)
				return NULL;
	}
	return c;
}

exec_expr *exec_expr_const(sql_arena *a, exec_value v, int32_t typmod)
{
	exec_expr *e = exec_expr_new(a, EXPR_CONST, v.type, typmod);

	e->value = v;
	return e;
}

exec_expr *exec_expr_var(sql_arena *a, int up, int index, exec_oid type, int32_t typmod)
{
	exec_expr *e = exec_expr_new(a, EXPR_VAR, type, typmod);

	e->up = up;
	e->index = index;
	return e;
}

void exec_expr_set_args(sql_arena *a, exec_expr *e, int nargs, exec_expr *const *args)
{
	e->nargs = nargs;
	e->args = nargs > 0 ? sql_arena_alloc(a, (size_t)nargs * sizeof(*e->args)) : NULL;
	if (nargs > 0)
		memcpy(e->args, args, (size_t)nargs * sizeof(*e->args));
}

exec_expr *exec_expr_call(sql_arena *a, exec_fn fn, const char *name, bool strict, exec_oid type,
	int nargs, exec_expr **args)
{
	exec_expr *e = exec_expr_new(a, EXPR_CALL, type, EXEC_TYPMOD_NONE);

	e->fn = fn;
	e->name = name;
	e->strict = strict;
	exec_expr_set_args(a, e, nargs, args);
	return e;
}

exec_expr *exec_expr_cast(
	sql_arena *a, exec_expr *arg, exec_oid type, int32_t typmod, exec_cast_context cc)
{
	exec_expr *e = exec_expr_new(a, EXPR_CAST, type, typmod);

	e->cast_context = cc;
	exec_expr_set_args(a, e, 1, &arg);
	e->loc = arg->loc;
	return e;
}
