/*
 * agg.c - the general-purpose aggregates: count(*), count(any), min and
 * max, string_agg, bool_and, bool_or and every, as PostgreSQL 15 has
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
 * its text in place, doubling a buffer kept in an "internal" state, so
 * that n rows cost O(n) rather than O(n^2).
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

/* pg_type's "internal": string_agg's state is a buffer of its own, not a text value. */
#define AGG_OID_INTERNAL 2281

/*
 * string_agg's state: the text so far, its capacity and its type (text
 * or bytea).  The state value points at it with type "internal", so that
 * the executor keeps the pointer as it is rather than copying the bytes
 * (a copy would lose the capacity in front of them).
 */
typedef struct agg_buf {
	size_t cap, len;
	exec_oid type;
	char *data;
} agg_buf;

static agg_buf *agg_buf_of(const exec_value *state)
{
	return (agg_buf *)(void *)(uintptr_t)state->v.s.p;
}

/* Append n bytes to the state's text, doubling its buffer when full. */
static void agg_append(exec_ctx *cx, exec_value *state, const char *p, size_t n)
{
	agg_buf *b = agg_buf_of(state);

	if (b->len + n > b->cap) {
		size_t cap = b->cap * 2 > b->len + n ? b->cap * 2 : b->len + n;
		char *grown = sql_arena_alloc(cx->arena, cap);

		if (b->len > 0)
			memcpy(grown, b->data, b->len);
		b->data = grown;
		b->cap = cap;
	}
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
}

/*
 * string_agg(value, delimiter): the non-NULL values, each after the
 * first preceded by its row's delimiter (a NULL delimiter adds nothing).
 */
static int string_agg_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	const exec_value *v = &args[0], *d = &args[1];

	if (v->isnull)
		return EXEC_OK;
	if (state->isnull) {
		agg_buf *b = sql_arena_alloc(cx->arena, sizeof(*b));

		b->cap = v->v.s.len < 64 ? 64 : v->v.s.len;
		b->len = 0;
		b->type = v->type;
		b->data = sql_arena_alloc(cx->arena, b->cap);
		*state = exec_text(AGG_OID_INTERNAL, (const char *)b, sizeof(*b));
	} else if (!d->isnull) {
		agg_append(cx, state, d->v.s.p, d->v.s.len);
	}
	agg_append(cx, state, v->v.s.p, v->v.s.len);
	return EXEC_OK;
}

/* The text (or bytea) gathered; NULL when no value was. */
static int string_agg_final(exec_ctx *cx, const exec_value *state, exec_value *out)
{
	const agg_buf *b;

	(void)cx;
	if (state->isnull) {
		*out = exec_null(EXEC_OID_INVALID); /* the executor types it as the result */
		return EXEC_OK;
	}
	b = agg_buf_of(state);
	*out = exec_text(b->type, b->data, b->len);
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

/* ---- The table ---- */

#define MINMAX(type, min_oid, max_oid)                                                             \
	{"min", EXEC_OID_##type, 1, {EXEC_OID_##type}, EXEC_OID_##type, true, NULL, min_step,      \
		NULL, min_oid},                                                                    \
	{                                                                                          \
		"max", EXEC_OID_##type, 1, {EXEC_OID_##type}, EXEC_OID_##type, true, NULL,         \
			max_step, NULL, max_oid                                                    \
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
};

const exec_module exec_mod_agg = {"agg", NULL, 0, NULL, 0, NULL, 0, NULL, 0, agg_aggs,
	sizeof(agg_aggs) / sizeof(agg_aggs[0])};
