/*
 * agg.c - the general-purpose aggregates: count(*), count(any), min and
 * max, string_agg, bool_and, bool_or and every, bit_and, bit_or and
 * bit_xor of the integer types, as PostgreSQL 15 has
 * them (pg_aggregate; the OIDs are pg_proc's).  sum and avg are
 * numeric.c's; array_agg and jsonb_agg are array.c's and json.c's.
 *
 * count(*) is the entry named "count" with no arguments, as in
 * PostgreSQL's catalog (count() with oid 2803): the analyzer resolves
 * count(*) as exec_agg_resolve("count", NULL, 0, ...).  It counts every
 * row; count(x) is strict and counts the rows where x is not NULL.
 *
 * min and max are one entry per type, as PostgreSQL declares them (so
 * max(boolean) and max(uuid) do not exist, and max(varchar) resolves to
 * max(text)), for the types of every module; a type whose module has
 * not been built simply never resolves.  They compare with the type's
 * order (exec_value_cmp).
 *
 * Memory: a state lives in cx->arena, which the executor must keep for
 * as long as the group (not reset per row).  A step copies what it
 * keeps of its arguments there (exec_value_copy), because an argument
 * may point into a row that is gone at the next call.  string_agg grows
 * its text in place in a private state (type internal, which the
 * executor passes on without copying it), doubling its buffer, so that n
 * rows cost O(n) rather than O(n^2).
 */
#include <string.h>

#include "func.h"

/* ---- count ---- */

static int count_init(exec_ctx *cx, exec_value *state)
{
	*state = exec_int(EXEC_OID_INT8, 0);
	return EXEC_OK;
}

static int count_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	state->v.i++;
	return EXEC_OK;
}

/* ---- min and max ---- */

/*
 * Keep the argument unless the state is strictly better (sign 1: the
 * smaller).  A tie takes the new value, as PostgreSQL's int4smaller,
 * text_smaller and their kin do (1.0 and 1.00, '1 day' and '24 hours'
 * print differently), except for bpchar, whose bpchar_smaller keeps
 * the first.
 */
static int minmax_step(exec_ctx *cx, exec_value *state, const exec_value *arg, int sign)
{
	if (!state->isnull) {
		int c = sign * exec_value_cmp(state, arg);

		if (c < 0 || (c == 0 && arg->type == EXEC_OID_BPCHAR))
			return EXEC_OK;
	}
	*state = exec_value_copy(cx->arena, arg);
	return EXEC_OK;
}

static int min_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	return minmax_step(cx, state, &args[0], 1);
}

static int max_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	return minmax_step(cx, state, &args[0], -1);
}

/* ---- string_agg ---- */

/* pg_type's "internal": string_agg's state is the struct below. */
#define AGG_OID_INTERNAL 2281

/*
 * string_agg's state: the text so far in a buffer that doubles when
 * full.  The executor copies a state whose value changed after a step;
 * this one's value (the pointer to the struct) never does, so the
 * buffer is grown in place rather than copied at every row.
 */
typedef struct agg_text {
	char *p;
	size_t len, cap;
	exec_oid type; /* text or bytea */
} agg_text;

/* Append n bytes to the state's text, doubling its buffer when full. */
static void agg_append(exec_ctx *cx, agg_text *t, const char *p, size_t n)
{
	if (t->len + n > t->cap) {
		size_t cap = t->cap * 2 > t->len + n ? t->cap * 2 : t->len + n;
		char *np = sql_arena_alloc(cx->arena, cap);

		if (t->len > 0)
			memcpy(np, t->p, t->len);
		t->p = np;
		t->cap = cap;
	}
	if (n > 0)
		memcpy(t->p + t->len, p, n);
	t->len += n;
}

/*
 * string_agg(value, delimiter): the non-NULL values, each after the
 * first preceded by its row's delimiter (a NULL delimiter adds nothing).
 */
static int string_agg_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	const exec_value *v = &args[0], *d = &args[1];
	agg_text *t;

	if (v->isnull)
		return EXEC_OK;
	if (state->isnull) {
		t = sql_arena_zalloc(cx->arena, sizeof(*t));
		t->type = v->type;
		state->type = AGG_OID_INTERNAL;
		state->isnull = false;
		state->v.s.p = (const char *)t;
		state->v.s.len = 0;
	} else {
		t = (agg_text *)(uintptr_t)state->v.s.p;
		if (!d->isnull)
			agg_append(cx, t, d->v.s.p, d->v.s.len);
	}
	agg_append(cx, t, v->v.s.p, v->v.s.len);
	return EXEC_OK;
}

/* The text, copied out of the state into the result's arena; NULL when no row counted. */
static int string_agg_final(exec_ctx *cx, const exec_value *state, exec_value *out)
{
	const agg_text *t;
	char *p;

	if (state->isnull) {
		*out = exec_null(EXEC_OID_TEXT);
		return EXEC_OK;
	}
	t = (const agg_text *)state->v.s.p;
	p = sql_arena_alloc(cx->arena, t->len + 1);
	if (t->len > 0)
		memcpy(p, t->p, t->len);
	*out = exec_text(t->type, p, t->len);
	return EXEC_OK;
}

/* ---- bool_and, bool_or, every ---- */

static int bool_and_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	*state = exec_bool((state->isnull || state->v.b) && args[0].v.b);
	return EXEC_OK;
}

static int bool_or_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	*state = exec_bool((!state->isnull && state->v.b) || args[0].v.b);
	return EXEC_OK;
}

/* ---- bit_and, bit_or, bit_xor: the state is the running value, of the input's type ---- */

static int bit_step(exec_value *state, const exec_value *args, char op)
{
	if (state->isnull) {
		*state = args[0];
		return EXEC_OK;
	}
	state->v.i = op == '&' ? state->v.i & args[0].v.i
		     : op == '|' ? state->v.i | args[0].v.i
				 : state->v.i ^ args[0].v.i;
	return EXEC_OK;
}

static int bit_and_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	return bit_step(state, args, '&');
}

static int bit_or_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	return bit_step(state, args, '|');
}

static int bit_xor_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	return bit_step(state, args, '^');
}

/* ---- The table ---- */

#define MINMAX(type, min_oid, max_oid)                                                             \
	{"min", EXEC_OID_##type, 1, {EXEC_OID_##type}, EXEC_OID_##type, true, NULL, min_step,      \
		NULL, min_oid},                                                                    \
	{                                                                                          \
		"max", EXEC_OID_##type, 1, {EXEC_OID_##type}, EXEC_OID_##type, true, NULL,         \
			max_step, NULL, max_oid                                                    \
	}

#define BITAGG(name, type, step, oid)                                                              \
	{                                                                                          \
		name, EXEC_OID_##type, 1, {EXEC_OID_##type}, EXEC_OID_##type, true, NULL, step,    \
			NULL, oid                                                                  \
	}

static const exec_agg agg_aggs[] = {
	{"count", EXEC_OID_INT8, 0, {0}, EXEC_OID_INT8, false, count_init, count_step, NULL, 2803},
	{"count", EXEC_OID_INT8, 1, {EXEC_OID_ANY}, EXEC_OID_INT8, true, count_init, count_step,
		NULL, 2147},
	MINMAX(INT8, 2131, 2115),
	MINMAX(INT4, 2132, 2116),
	MINMAX(INT2, 2133, 2117),
	MINMAX(OID, 2134, 2118),
	MINMAX(FLOAT4, 2135, 2119),
	MINMAX(FLOAT8, 2136, 2120),
	MINMAX(DATE, 2138, 2122),
	MINMAX(TIME, 2139, 2123),
	MINMAX(TIMETZ, 2140, 2124),
	MINMAX(TIMESTAMP, 2142, 2126),
	MINMAX(TIMESTAMPTZ, 2143, 2127),
	MINMAX(INTERVAL, 2144, 2128),
	MINMAX(TEXT, 2145, 2129),
	MINMAX(NUMERIC, 2146, 2130),
	MINMAX(BPCHAR, 2245, 2244),
	MINMAX(ANYARRAY, 2051, 2050),
	{"string_agg", EXEC_OID_TEXT, 2, {EXEC_OID_TEXT, EXEC_OID_TEXT}, AGG_OID_INTERNAL, false,
		NULL, string_agg_step, string_agg_final, 3538},
	{"string_agg", EXEC_OID_BYTEA, 2, {EXEC_OID_BYTEA, EXEC_OID_BYTEA}, AGG_OID_INTERNAL, false,
		NULL, string_agg_step, string_agg_final, 3545},
	{"bool_and", EXEC_OID_BOOL, 1, {EXEC_OID_BOOL}, EXEC_OID_BOOL, true, NULL, bool_and_step,
		NULL, 2517},
	{"bool_or", EXEC_OID_BOOL, 1, {EXEC_OID_BOOL}, EXEC_OID_BOOL, true, NULL, bool_or_step,
		NULL, 2518},
	{"every", EXEC_OID_BOOL, 1, {EXEC_OID_BOOL}, EXEC_OID_BOOL, true, NULL, bool_and_step, NULL,
		2519},
	BITAGG("bit_and", INT2, bit_and_step, 2236),
	BITAGG("bit_and", INT4, bit_and_step, 2238),
	BITAGG("bit_and", INT8, bit_and_step, 2240),
	BITAGG("bit_or", INT2, bit_or_step, 2237),
	BITAGG("bit_or", INT4, bit_or_step, 2239),
	BITAGG("bit_or", INT8, bit_or_step, 2241),
	BITAGG("bit_xor", INT2, bit_xor_step, 6164),
	BITAGG("bit_xor", INT4, bit_xor_step, 6165),
	BITAGG("bit_xor", INT8, bit_xor_step, 6166),
};

const exec_module exec_mod_agg = {"agg", NULL, 0, NULL, 0, NULL, 0, NULL, 0, agg_aggs,
	sizeof(agg_aggs) / sizeof(agg_aggs[0])};
