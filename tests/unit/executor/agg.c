/*
 * agg.c - tests for the aggregates (executor/agg.c): count(*) and
 * count(x), min and max (ties, NaN, the C collation), string_agg with
 * per-row delimiters, bool_and, bool_or and every, each over rows and
 * over no rows; and that a state survives the rows it was built from.
 *
 * Expected results are PostgreSQL 15's for SELECT agg(x) FROM (VALUES
 * ...) v(x).  An aggregate runs here as the executor will run it: the
 * registry resolves it, each row's arguments are cast to the resolved
 * types, a strict aggregate skips rows with a NULL argument, the
 * arguments live in a row arena reset after every step, and a state
 * whose value a step changed is copied.
 */
#include <string.h>

#include <criterion/criterion.h>

#include "callutil.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAXROWS  8

typedef struct agg_case {
	const char *name;
	int nargs;
	const char *types[2];
	const char *rows[MAXROWS][2]; /* NULL text is SQL NULL; the first all-NULL row ends them */
	int nrows;
	const char *expect;
} agg_case;

/*
 * Run name(types...) over the rows: state in e's arena, each row's
 * values in a row arena that is reset after its step.
 */
static const char *run_agg(cu_env *e, const char *name, int nargs, const char *const *types,
	const char *const (*rows)[2], int nrows)
{
	exec_oid in[2], to[2], result;
	const exec_agg *a;
	exec_value state = exec_null(0), before, out;
	sql_arena *row_arena = sql_arena_new(0);
	exec_ctx row_cx = e->cx;

	for (int i = 0; i < nargs; i++)
		in[i] = cu_type(types[i])->oid;
	if ((a = exec_agg_resolve(name, in, nargs, to, &result, &e->err)) == NULL) {
		sql_arena_free(row_arena);
		return cu_error(e);
	}
	state = exec_null(a->state_type);
	if (a->init != NULL && a->init(&e->cx, &state) != EXEC_OK)
		goto error;
	row_cx.arena = row_arena;
	for (int r = 0; r < nrows; r++) {
		exec_value args[2];
		bool skip = false;

		for (int i = 0; i < nargs; i++) {
			cu_arg arg = {types[i], rows[r][i]};
			cu_env row_env = *e;

			row_env.arena = row_arena;
			row_env.cx = row_cx;
			if (!cu_value(&row_env, &arg, EXEC_TYPMOD_NONE, &args[i]) ||
				exec_cast_value(&row_cx, &args[i], to[i], EXEC_TYPMOD_NONE,
					EXEC_CAST_IMPLICIT, &args[i]) != EXEC_OK)
				goto error;
			skip |= a->strict && args[i].isnull;
		}
		before = state;
		if (!skip && a->step(&e->cx, &state, args, nargs) != EXEC_OK)
			goto error;

		/* As the executor's agg_feed: a state whose value changed is copied. */
		if (!state.isnull && memcmp(&before, &state, sizeof(before)) != 0)
			state = exec_value_copy(e->arena, &state);

		/* The row is gone (under ASan a state still pointing into it fails). */
		sql_arena_free(row_arena);
		row_arena = sql_arena_new(0);
		row_cx.arena = row_arena;
	}
	sql_arena_free(row_arena);
	if (a->final != NULL) {
		if (a->final(&e->cx, &state, &out) != EXEC_OK)
			return cu_error(e);
		return cu_out(e, &out);
	}
	return cu_out(e, &state);

error:
	sql_arena_free(row_arena);
	return cu_error(e);
}

static const agg_case agg_cases[] = {
	{"count", 0, {NULL}, {{NULL}}, 4, "4"},
	{"count", 0, {NULL}, {{NULL}}, 0, "0"},
	{"count", 1, {"int4"}, {{"3"}, {NULL}, {"1"}, {"2"}}, 4, "3"},
	{"count", 1, {"int4"}, {{NULL}, {NULL}}, 2, "0"},
	{"count", 1, {"text"}, {{"a"}}, 0, "0"},
	{"min", 1, {"int4"}, {{"3"}, {NULL}, {"1"}, {"2"}}, 4, "1"},
	{"max", 1, {"int4"}, {{"3"}, {NULL}, {"1"}, {"2"}}, 4, "3"},
	{"min", 1, {"int4"}, {{"1"}}, 0, "NULL"},
	{"max", 1, {"int4"}, {{NULL}, {NULL}}, 2, "NULL"},
	{"min", 1, {"int2"}, {{"2"}, {"-5"}}, 2, "-5"},
	{"max", 1, {"int8"}, {{"-9223372036854775808"}, {"9223372036854775807"}}, 2,
		"9223372036854775807"},
	{"min", 1, {"text"}, {{"b"}, {"a"}, {"B"}, {NULL}}, 4, "B"},
	{"max", 1, {"text"}, {{"b"}, {"a"}, {"B"}, {NULL}}, 4, "b"},
	{"max", 1, {"varchar"}, {{"é"}, {"z"}}, 2, "é"},
	{"min", 1, {"float8"}, {{"1"}, {"nan"}, {"0"}}, 3, "0"},
	{"max", 1, {"float8"}, {{"1"}, {"nan"}, {"0"}}, 3, "NaN"},
	{"min", 1, {"float8"}, {{"-0"}, {"0"}}, 2, "0"},
	{"max", 1, {"float8"}, {{"-0"}, {"0"}}, 2, "0"},
	{"max", 1, {"float4"}, {{"1.5"}, {"-inf"}}, 2, "1.5"},
	{"min", 1, {"oid"}, {{"4294967295"}, {"7"}}, 2, "7"},
	{"min", 1, {"bpchar"}, {{"b "}, {"a"}}, 2, "a"},
	{"max", 1, {"bpchar"}, {{"b "}, {"a"}}, 2, "b "},
	{"max", 1, {"bpchar"}, {{"a"}, {"a  "}}, 2, "a"},
	{"min", 1, {"uuid"}, {{"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}}, 1,
		"ERROR 42883: function min(uuid) does not exist"},
	{"max", 1, {"bool"}, {{"t"}}, 1, "ERROR 42883: function max(boolean) does not exist"},
	{"string_agg", 2, {"text", "text"}, {{"a", ","}, {NULL, ","}, {"b", ","}, {"c", ","}}, 4,
		"a,b,c"},
	{"string_agg", 2, {"text", "text"}, {{"a", ","}, {"b", NULL}, {"c", ";"}}, 3, "ab;c"},
	{"string_agg", 2, {"text", "text"}, {{"a", "X"}, {"b", "Y"}}, 2, "aYb"},
	{"string_agg", 2, {"text", "text"}, {{NULL, "X"}, {"b", "Y"}, {"c", "Z"}}, 3, "bZc"},
	{"string_agg", 2, {"text", "text"}, {{"", ""}, {"", ""}}, 2, ""},
	{"string_agg", 2, {"text", "text"}, {{NULL, ","}}, 1, "NULL"},
	{"string_agg", 2, {"text", "text"}, {{"a", ","}}, 0, "NULL"},
	{"string_agg", 2, {"varchar", "unknown"}, {{"x", "-"}, {"y", "-"}}, 2, "x-y"},
	{"string_agg", 2, {"bytea", "bytea"}, {{"\\x01", "\\xff"}, {"\\x02", "\\xff"}}, 2,
		"\\x01ff02"},
	{"bool_and", 1, {"bool"}, {{"t"}, {NULL}, {"f"}}, 3, "f"},
	{"bool_or", 1, {"bool"}, {{"t"}, {NULL}, {"f"}}, 3, "t"},
	{"every", 1, {"bool"}, {{"t"}, {NULL}, {"f"}}, 3, "f"},
	{"bool_and", 1, {"bool"}, {{NULL}}, 1, "NULL"},
	{"bool_or", 1, {"bool"}, {{NULL}}, 1, "NULL"},
	{"every", 1, {"bool"}, {{"t"}}, 0, "NULL"},
	{"bool_and", 1, {"bool"}, {{"t"}, {"t"}}, 2, "t"},
	{"bool_or", 1, {"bool"}, {{"f"}, {"f"}}, 2, "f"},
};

Test(agg, matches_postgresql)
{
	cu_env e;

	cu_init(&e);
	for (size_t i = 0; i < NELEM(agg_cases); i++) {
		const agg_case *c = &agg_cases[i];

		cr_expect_str_eq(run_agg(&e, c->name, c->nargs, c->types, c->rows, c->nrows),
			c->expect, "%s over %d rows, case %zu", c->name, c->nrows, i);
	}
	cu_done(&e);
}

/*
 * string_agg over many rows, run as the executor runs it (a state whose
 * value changed is copied after each step): every value in order, in
 * memory linear in the result.  A state that a copy breaks, or that is
 * copied whole at every row, fails here.
 */
Test(agg, string_agg_grows_linearly)
{
	enum { N = 100000 };
	cu_env e;
	exec_oid in[2] = {EXEC_OID_TEXT, EXEC_OID_TEXT}, to[2], result;
	const exec_agg *a;
	exec_value state, prev, args[2], out;
	size_t before;

	cu_init(&e);
	a = exec_agg_resolve("string_agg", in, 2, to, &result, &e.err);
	cr_assert_not_null(a);
	state = exec_null(a->state_type);
	before = sql_arena_used(e.arena);
	args[1] = exec_text(EXEC_OID_TEXT, ",", 1);
	for (int i = 0; i < N; i++) {
		char digit = (char)('0' + i % 10);

		args[0] = exec_text(EXEC_OID_TEXT, &digit, 1);
		prev = state;
		cr_assert_eq(a->step(&e.cx, &state, args, 2), EXEC_OK);
		if (!state.isnull && memcmp(&prev, &state, sizeof(prev)) != 0)
			state = exec_value_copy(e.arena, &state);
	}
	if (a->final != NULL)
		cr_assert_eq(a->final(&e.cx, &state, &out), EXEC_OK);
	else
		out = state;
	cr_assert_eq(out.v.s.len, 2 * N - 1);
	for (int i = 0; i < N; i++)
		cr_assert_eq(out.v.s.p[2 * i], '0' + i % 10, "value %d", i);
	cr_expect_lt(sql_arena_used(e.arena) - before, 8 * (size_t)N, "used %zu",
		sql_arena_used(e.arena) - before);
	cu_done(&e);
}
