/*
 * record.c - tests for the record type (executor/record.c): record_out's
 * quoting, the order and equality btree and hash use, the comparison
 * operators and their errors, IS NULL of a row, and records through
 * to_jsonb and record[] output.  Expected texts are PostgreSQL 15's
 * answers to the same ROW(...) expressions.
 */
#include <string.h>

#include <criterion/criterion.h>

#include "array.h"
#include "callutil.h"
#include "record.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A record of n fields from cu_args, named f1, f2, ... */
static exec_value make_record(cu_env *e, const cu_arg *fields, int n)
{
	static const char *const names[] = {"f1", "f2", "f3", "f4", "f5", "f6"};
	exec_value vals[6];

	cr_assert(n <= 6);
	for (int i = 0; i < n; i++)
		cr_assert(
			cu_value(e, &fields[i], EXEC_TYPMOD_NONE, &vals[i]), "%s", e->err.message);
	return exec_record_value(exec_record_new(e->arena, n, names, vals));
}

/* SELECT ROW(...)::text, as PostgreSQL prints each. */
Test(record, output_quotes_as_postgresql)
{
	static const struct {
		cu_arg fields[6];
		int n;
		const char *out;
	} cases[] = {
		{{{"int4", "1"}, {"text", "x"}, {"int4", NULL}}, 3, "(1,x,)"},
		{{{"text", ""}, {"text", "a b"}, {"text", "a,b"}}, 3, "(\"\",\"a b\",\"a,b\")"},
		{{{"text", "a\"b"}, {"text", "a\\b"}, {"text", "(p)"}}, 3,
			"(\"a\"\"b\",\"a\\\\b\",\"(p)\")"},
		{{{"int4[]", "{1,2}"}, {"jsonb", "{\"k\": \"v\"}"}}, 2,
			"(\"{1,2}\",\"{\"\"k\"\": \"\"v\"\"}\")"},
		{{{"text", "tab\there"}, {"numeric", "1.50"}}, 2, "(\"tab\there\",1.50)"},
		{{{"int4", NULL}}, 1, "()"},
		{{{"bool", "t"}}, 1, "(t)"},
	};
	cu_env e;

	cu_init(&e);
	for (size_t i = 0; i < NELEM(cases); i++) {
		exec_value r = make_record(&e, cases[i].fields, cases[i].n);

		cr_expect_str_eq(cu_out(&e, &r), cases[i].out, "case %zu", i);
	}
	cu_done(&e);
}

/* record_cmp: field by field, NULL after any value and equal to NULL, then the shorter first. */
Test(record, order_as_btree)
{
	static const struct {
		cu_arg a[3], b[3];
		int na, nb, cmp;
	} cases[] = {
		{{{"int4", "1"}, {"text", "b"}}, {{"int4", "1"}, {"text", "c"}}, 2, 2, -1},
		{{{"int4", "2"}, {"text", "a"}}, {{"int4", "1"}, {"text", "z"}}, 2, 2, 1},
		{{{"int4", "1"}, {"int4", NULL}}, {{"int4", "1"}, {"int4", NULL}}, 2, 2, 0},
		{{{"int4", NULL}}, {{"int4", "5"}}, 1, 1, 1},
		{{{"int4", "5"}}, {{"int4", NULL}}, 1, 1, -1},
		{{{"int4", "1"}}, {{"int4", "1"}, {"int4", "0"}}, 1, 2, -1},
	};
	cu_env e;

	cu_init(&e);
	for (size_t i = 0; i < NELEM(cases); i++) {
		exec_value a = make_record(&e, cases[i].a, cases[i].na);
		exec_value b = make_record(&e, cases[i].b, cases[i].nb);
		int c = exec_value_cmp(&a, &b);

		cr_expect_eq((c > 0) - (c < 0), cases[i].cmp, "case %zu: %d", i, c);
		if (cases[i].cmp == 0)
			cr_expect_eq(exec_value_hash(&a), exec_value_hash(&b), "case %zu", i);
	}
	cu_done(&e);
}

/* The operators of record_ops, and what they refuse to compare. */
Test(record, comparison_operators)
{
	static const struct {
		const char *op;
		cu_arg a[2], b[2];
		int na, nb;
		const char *expect;
	} cases[] = {
		{"=", {{"int4", "1"}, {"int4", NULL}}, {{"int4", "1"}, {"int4", NULL}}, 2, 2, "t"},
		{"<>", {{"int4", "1"}, {"text", "x"}}, {{"int4", "1"}, {"text", "y"}}, 2, 2, "t"},
		{"<", {{"int4", "1"}}, {{"int4", "2"}}, 1, 1, "t"},
		{">=", {{"int4", "1"}}, {{"int4", "2"}}, 1, 1, "f"},
		{"<=", {{"int4", NULL}}, {{"int4", "2"}}, 1, 1, "f"},
		{"=", {{"int4", "1"}}, {{"text", "1"}}, 1, 1,
			"ERROR 42804: cannot compare dissimilar column types integer and text at "
			"record column 1"},
		{"=", {{"int4", "1"}}, {{"int4", "1"}, {"int4", "2"}}, 1, 2,
			"ERROR 42804: cannot compare record types with different numbers of columns"},
		{"=", {{"json", "{}"}}, {{"json", "{}"}}, 1, 1,
			"ERROR 42883: could not identify a comparison function for type json"},
	};
	cu_env e;

	cu_init(&e);
	for (size_t i = 0; i < NELEM(cases); i++) {
		exec_value args[2], out;
		exec_oid to[2];
		const exec_oper *o;
		const char *got;

		args[0] = make_record(&e, cases[i].a, cases[i].na);
		args[1] = make_record(&e, cases[i].b, cases[i].nb);
		o = exec_oper_resolve(
			cases[i].op, EXEC_OID_RECORD, EXEC_OID_RECORD, &to[0], &to[1], &e.err);
		cr_assert_not_null(o, "%s", e.err.message);
		got = o->fn(&e.cx, args, 2, &out) == EXEC_OK ? cu_out(&e, &out) : cu_error(&e);
		cr_expect_str_eq(got, cases[i].expect, "case %zu", i);
	}
	cu_done(&e);
}

/* ROW(...) IS NULL when every field is, IS NOT NULL when none is. */
Test(record, all_null)
{
	cu_env e;
	cu_arg nulls[2] = {{"int4", NULL}, {"text", NULL}},
	       mixed[2] = {{"int4", "1"}, {"text", NULL}};
	exec_value a, b;

	cu_init(&e);
	a = make_record(&e, nulls, 2);
	b = make_record(&e, mixed, 2);
	cr_expect(exec_record_all_null(a.v.rec, true));
	cr_expect(!exec_record_all_null(a.v.rec, false));
	cr_expect(!exec_record_all_null(b.v.rec, true));
	cr_expect(!exec_record_all_null(b.v.rec, false));
	cu_done(&e);
}

/* A record's text in and out of the places that print it: to_jsonb, record[], a text cast. */
Test(record, through_other_types)
{
	cu_env e;
	cu_arg fields[3] = {{"int4", "1"}, {"text", "a b"}, {"int4[]", "{1,2}"}};
	exec_value r, arr, j, t, out;
	exec_oid to[1], result;
	const exec_func *f;

	cu_init(&e);
	r = make_record(&e, fields, 3);

	f = exec_func_resolve("to_jsonb", &r.type, 1, to, &result, &e.err);
	cr_assert_not_null(f, "%s", e.err.message);
	cr_assert_eq(f->fn(&e.cx, &r, 1, &j), EXEC_OK, "%s", e.err.message);
	cr_expect_str_eq(cu_out(&e, &j), "{\"f1\": 1, \"f2\": \"a b\", \"f3\": [1, 2]}");

	f = exec_func_resolve("row_to_json", &r.type, 1, to, &result, &e.err);
	cr_assert_not_null(f, "%s", e.err.message);
	cr_assert_eq(f->fn(&e.cx, &r, 1, &out), EXEC_OK, "%s", e.err.message);
	cr_expect_str_eq(cu_out(&e, &out), "{\"f1\":1,\"f2\":\"a b\",\"f3\":[1,2]}");

	arr = exec_array_value(
		EXEC_OID_RECORD_ARRAY, exec_array_new(e.arena, EXEC_OID_RECORD, &r, 1));
	cr_expect_str_eq(cu_out(&e, &arr), "{\"(1,\\\"a b\\\",\\\"{1,2}\\\")\"}");

	cr_assert_eq(
		exec_cast_value(&e.cx, &r, EXEC_OID_TEXT, EXEC_TYPMOD_NONE, EXEC_CAST_EXPLICIT, &t),
		EXEC_OK, "%s", e.err.message);
	cr_expect_str_eq(cu_out(&e, &t), "(1,\"a b\",\"{1,2}\")");

	cr_expect_str_eq(cu_in(&e, "record", EXEC_TYPMOD_NONE, "(1,2)"),
		"ERROR 0A000: input of anonymous composite types is not implemented");
	cu_done(&e);
}
