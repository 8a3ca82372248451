/*
 * array.c - tests for one-dimensional arrays (executor/array.h): text
 * input and output with PostgreSQL's quoting and error details, order,
 * the operators and functions, array_agg, unnest, ANY/ALL and casts.
 *
 * Expected outputs are PostgreSQL 15's, from psql.  Elements are int4
 * and text, whose text forms come from the basic and string modules
 * through the registry: every test is skipped until those two types
 * are registered with their input and output.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "array.h"

static sql_arena *arena;
static store_err err;
static exec_ctx cx;

static bool have_type(exec_oid oid)
{
	const exec_type *t = exec_type_by_oid(oid);

	return t != NULL && t->in != NULL && t->out != NULL && t->cmp != NULL;
}

static void setup(void)
{
	arena = sql_arena_new(0);
	store_err_clear(&err);
	cx = (exec_ctx){.arena = arena, .err = &err, .timezone = "UTC", .extra_float_digits = 1};
	if (!have_type(EXEC_OID_INT4) || !have_type(EXEC_OID_TEXT))
		cr_skip_test("int4 and text are not in the registry yet");
}

static void teardown(void)
{
	sql_arena_free(arena);
}

TestSuite(array, .init = setup, .fini = teardown);

/* "i:{1,2}" an int4[], "t:{a,b}" a text[], "I:5" an int4, "T:x" a text, "N:I" a NULL int4 ... */
static exec_value value_of(const char *spec)
{
	const char *s = spec + 2;
	exec_value v;

	switch (spec[0]) {
	case 'i':
	case 't':
		cr_assert_eq(exec_array_in(&cx, spec[0] == 'i' ? EXEC_OID_INT4 : EXEC_OID_TEXT, s,
				     strlen(s), -1, &v),
			EXEC_OK, "%s: %s", spec, err.message);
		return v;
	case 'I':
		return exec_int(EXEC_OID_INT4, atoll(s));
	case 'T':
		return exec_text(EXEC_OID_TEXT, s, strlen(s));
	case 'N':
		switch (s[0]) {
		case 'I':
			return exec_null(EXEC_OID_INT4);
		case 'T':
			return exec_null(EXEC_OID_TEXT);
		case 'i':
			return exec_null(EXEC_OID_INT4_ARRAY);
		default:
			return exec_null(EXEC_OID_TEXT_ARRAY);
		}
	default:
		cr_assert_fail("bad spec %s", spec);
		return exec_null(0);
	}
}

static const char *show(const exec_value *v)
{
	store_buf b = STORE_BUF_INIT;
	char *s;

	if (v->isnull)
		return "<NULL>";
	if (v->type == EXEC_OID_BOOL)
		return v->v.b ? "t" : "f";
	cr_assert_eq(exec_value_out(&cx, v, &b), EXEC_OK, "%s", err.message);
	s = sql_arena_strndup(arena, b.data != NULL ? (char *)b.data : "", b.len);
	store_buf_free(&b);
	return s;
}

static void check(const char *what, int rc, const exec_value *out, const char *expect)
{
	if (strncmp(expect, "ERR:", 4) == 0) {
		const char *msg = expect + 10, *bar = strchr(msg, '|');
		size_t mlen = bar != NULL ? (size_t)(bar - msg) : strlen(msg);

		cr_assert_eq(rc, EXEC_ERROR, "%s: no error", what);
		cr_expect(strncmp(err.sqlstate, expect + 4, 5) == 0, "%s: sqlstate %s", what,
			err.sqlstate);
		cr_expect(strlen(err.message) == mlen && memcmp(err.message, msg, mlen) == 0,
			"%s: message \"%s\"", what, err.message);
		if (bar != NULL)
			cr_expect_str_eq(err.detail, bar + 1, "%s", what);
		store_err_clear(&err);
		return;
	}
	cr_assert_eq(rc, EXEC_OK, "%s: %s %s", what, err.message, err.detail);
	cr_expect_str_eq(show(out), expect, "%s", what);
}

Test(array, input_output)
{
	static const struct {
		exec_oid elem;
		const char *in, *out;
	} cases[] = {
		{EXEC_OID_INT4, "{1,2,3}", "{1,2,3}"},
		{EXEC_OID_TEXT,
			"{\"a b\",\"c\\\"d\",NULL,\"NULL\",\"\",null, \" x \",\\\\,\"{\",\"}\",\"a,b\",\xc3\xa9}",
			"{\"a b\",\"c\\\"d\",NULL,\"NULL\",\"\",NULL,\" x \",\"\\\\\",\"{\",\"}\",\"a,b\",\xc3\xa9}"},
		{EXEC_OID_TEXT, "{}", "{}"},
		{EXEC_OID_INT4, " { 1 , 2 } ", "{1,2}"},
		{EXEC_OID_INT4, "{\"1\"}", "{1}"},
		{EXEC_OID_INT4, "[2:3]={1,2}", "[2:3]={1,2}"},
		{EXEC_OID_TEXT, "{a\\ b, a  b  }", "{\"a b\",\"a  b\"}"},
		{EXEC_OID_TEXT, "{ \"a\" }", "{a}"},
		{EXEC_OID_TEXT, "[1]={a}", "{a}"},
		{EXEC_OID_INT4, " [1:1] = {5}", "{5}"},
		{EXEC_OID_INT4, "[0:0]={1}", "[0:0]={1}"},
		{EXEC_OID_INT4, "[-3:-2]={1,2}", "[-3:-2]={1,2}"},
		{EXEC_OID_TEXT, "{a\\,b,\\\"x,\"\\y\"}", "{\"a,b\",\"\\\"x\",y}"},
		{EXEC_OID_TEXT, "{\"\",\"\"}", "{\"\",\"\"}"},
		{EXEC_OID_TEXT, "{ a b }", "{\"a b\"}"},
		{EXEC_OID_TEXT, "{\"a\" , \"b\"}", "{a,b}"},
		{EXEC_OID_TEXT, "{abc\\ }", "{\"abc \"}"},
		{EXEC_OID_TEXT, "{  \"\" }", "{\"\"}"},
		{EXEC_OID_TEXT, "{N\\ULL, nUlL,\"null\"}", "{\"NULL\",NULL,\"null\"}"},
		{EXEC_OID_TEXT, "{ NULL }", "{NULL}"},
		{EXEC_OID_INT4, "{  }", "{}"},
		{EXEC_OID_INT4, "{NULL}", "{NULL}"},
		/* errors */
		{EXEC_OID_TEXT, "{a\\ b, a  b  ,a\"b c\"d}",
			"ERR:22P02:malformed array literal: \"{a\\ b, a  b  ,a\"b c\"d}\"|Unexpected array element."},
		{EXEC_OID_TEXT, "{ab\"c}",
			"ERR:22P02:malformed array literal: \"{ab\"c}\"|Unexpected array element."},
		{EXEC_OID_TEXT, "{\"a\" b}",
			"ERR:22P02:malformed array literal: \"{\"a\" b}\"|Unexpected array element."},
		{EXEC_OID_TEXT, "{\"a\",{b}}",
			"ERR:22P02:malformed array literal: \"{\"a\",{b}}\"|Unexpected \"{\" character."},
		{EXEC_OID_TEXT, "{a\\",
			"ERR:22P02:malformed array literal: \"{a\\\"|Unexpected end of input."},
		{EXEC_OID_INT4, "[1:2]={1}",
			"ERR:22P02:malformed array literal: \"[1:2]={1}\"|Specified array dimensions do not match array contents."},
		{EXEC_OID_INT4, "[2:1]={}",
			"ERR:2202E:upper bound cannot be less than lower bound"},
		{EXEC_OID_INT4, "{{}}",
			"ERR:22P02:malformed array literal: \"{{}}\"|Unexpected \"}\" character."},
		{EXEC_OID_INT4, "{\"NULL\"}",
			"ERR:22P02:invalid input syntax for type integer: \"NULL\""},
		{EXEC_OID_TEXT, "{a,b",
			"ERR:22P02:malformed array literal: \"{a,b\"|Unexpected end of input."},
		{EXEC_OID_TEXT, "{a,,b}",
			"ERR:22P02:malformed array literal: \"{a,,b}\"|Unexpected \",\" character."},
		{EXEC_OID_TEXT, "x",
			"ERR:22P02:malformed array literal: \"x\"|Array value must start with \"{\" or dimension information."},
		{EXEC_OID_TEXT, "{a}x",
			"ERR:22P02:malformed array literal: \"{a}x\"|Junk after closing right brace."},
		{EXEC_OID_INT4, "{1,x}", "ERR:22P02:invalid input syntax for type integer: \"x\""},
		{EXEC_OID_TEXT, "{\"a}",
			"ERR:22P02:malformed array literal: \"{\"a}\"|Unexpected end of input."},
		{EXEC_OID_TEXT, "{a}}",
			"ERR:22P02:malformed array literal: \"{a}}\"|Junk after closing right brace."},
		{EXEC_OID_INT4, "{{1},2}",
			"ERR:22P02:malformed array literal: \"{{1},2}\"|Unexpected array element."},
		{EXEC_OID_INT4, "{}}",
			"ERR:22P02:malformed array literal: \"{}}\"|Junk after closing right brace."},
		{EXEC_OID_INT4, "",
			"ERR:22P02:malformed array literal: \"\"|Array value must start with \"{\" or dimension information."},
		{EXEC_OID_INT4, "{,}",
			"ERR:22P02:malformed array literal: \"{,}\"|Unexpected \",\" character."},
		{EXEC_OID_INT4, "{1,}",
			"ERR:22P02:malformed array literal: \"{1,}\"|Unexpected \"}\" character."},
		{EXEC_OID_INT4, "{100000000000}",
			"ERR:22003:value \"100000000000\" is out of range for type integer"},
		{EXEC_OID_TEXT, "[ 1 : 1 ] = {a}",
			"ERR:22P02:malformed array literal: \"[ 1 : 1 ] = {a}\"|\"[\" must introduce explicitly-specified array dimensions."},
		{EXEC_OID_TEXT, "[a:1]={a}",
			"ERR:22P02:malformed array literal: \"[a:1]={a}\"|\"[\" must introduce explicitly-specified array dimensions."},
		{EXEC_OID_TEXT, "[1:1]{a}",
			"ERR:22P02:malformed array literal: \"[1:1]{a}\"|Missing \"=\" after array dimensions."},
		{EXEC_OID_TEXT, "[1:1]",
			"ERR:22P02:malformed array literal: \"[1:1]\"|Missing \"=\" after array dimensions."},
		{EXEC_OID_INT4, "{{1,2},{3,4}}",
			"ERR:0A000:multidimensional arrays are not supported"},
		{EXEC_OID_INT4, "{{{{{{{1}}}}}}}",
			"ERR:54000:number of array dimensions (7) exceeds the maximum allowed (6)"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		exec_value v = exec_null(0);
		int rc =
			exec_array_in(&cx, cases[i].elem, cases[i].in, strlen(cases[i].in), -1, &v);

		check(cases[i].in, rc, &v, cases[i].out);
	}
}

Test(array, output_quoting)
{
	static const char *const elems[] = {"a\\b", "", "x\"y", " ", "NULL", "null", "NuLl", "a{",
		"tab\t", "nl\n", "a,b", "x y", "\xc3\xa9", "\\", "a}", "v\vv", "f\ff"};
	exec_value e[sizeof(elems) / sizeof(elems[0])];
	exec_value v;

	for (size_t i = 0; i < sizeof(elems) / sizeof(elems[0]); i++)
		e[i] = exec_text(EXEC_OID_TEXT, elems[i], strlen(elems[i]));
	v = exec_array_value(EXEC_OID_TEXT_ARRAY,
		exec_array_new(arena, EXEC_OID_TEXT, e, sizeof(elems) / sizeof(elems[0])));
	cr_expect_str_eq(show(&v),
		"{\"a\\\\b\",\"\",\"x\\\"y\",\" \",\"NULL\",\"null\",\"NuLl\",\"a{\",\"tab\t\",\"nl\n\","
		"\"a,b\",\"x y\",\xc3\xa9,\"\\\\\",\"a}\",\"v\vv\",\"f\ff\"}");

	/* What array_out writes, array_in reads back. */
	{
		exec_value back;
		const char *text = show(&v);

		cr_assert_eq(
			exec_array_in(&cx, EXEC_OID_TEXT, text, strlen(text), -1, &back), EXEC_OK);
		cr_expect_eq(exec_array_cmp(v.v.arr, back.v.arr), 0);
	}
}

/* ---- Operators and functions ------------------------------------------- */

struct call {
	const char *name;
	const char *args[4];
	const char *expect;
};

static bool spec_fits(exec_oid decl, const exec_value *v)
{
	bool is_array = exec_array_elem_of(v->type) != 0;

	switch (decl) {
	case EXEC_OID_ANYARRAY:
	case EXEC_OID_ANYCOMPATIBLEARRAY:
		return is_array;
	case EXEC_OID_ANYCOMPATIBLE:
	case EXEC_OID_ANYELEMENT:
	case EXEC_OID_ANYNONARRAY:
		return !is_array;
	default:
		return decl == v->type;
	}
}

static void run(const struct call *c, bool oper)
{
	exec_value args[4], out = exec_null(0);
	int n = 0, rc;
	exec_fn fn = NULL;
	bool strict = false;

	while (n < 4 && c->args[n] != NULL) {
		args[n] = value_of(c->args[n]);
		n++;
	}
	if (oper) {
		for (size_t i = 0; i < exec_mod_array.nopers && fn == NULL; i++) {
			const exec_oper *o = &exec_mod_array.opers[i];

			if (strcmp(o->name, c->name) == 0 && spec_fits(o->left, &args[0]) &&
				spec_fits(o->right, &args[1])) {
				fn = o->fn;
				strict = exec_oper_strict(
					o); /* || is not: array_cat takes NULL arrays */
			}
		}
	} else {
		for (size_t i = 0; i < exec_mod_array.nfuncs && fn == NULL; i++) {
			const exec_func *f = &exec_mod_array.funcs[i];
			bool ok = strcmp(f->name, c->name) == 0 && f->nargs == n;

			for (int k = 0; ok && k < n; k++)
				ok = spec_fits(f->args[k], &args[k]);
			if (ok) {
				fn = f->fn;
				strict = f->strict;
			}
		}
	}
	cr_assert_not_null(fn, "no %s", c->name);
	for (int k = 0; strict && k < n; k++) {
		if (args[k].isnull) {
			cr_expect_str_eq("<NULL>", c->expect, "%s", c->name);
			return;
		}
	}
	rc = fn(&cx, args, n, &out);
	check(c->name, rc, &out, c->expect);
}

Test(array, operators)
{
	static const struct call cases[] = {
		{"@>", {"i:{1,NULL}", "i:{NULL}"}, "f"},
		{"@>", {"i:{1}", "i:{1,NULL}"}, "f"},
		{"&&", {"i:{1,NULL}", "i:{NULL}"}, "f"},
		{"&&", {"i:{1,2}", "i:{2}"}, "t"},
		{"@>", {"i:{}", "i:{}"}, "t"},
		{"<@", {"i:{1}", "i:{1,2}"}, "t"},
		{"@>", {"i:{1,1,2}", "i:{2,2}"}, "t"},
		{"=", {"i:{1,2}", "i:[0:1]={1,2}"}, "f"},
		{"<", {"i:{1,2}", "i:[0:1]={1,2}"}, "f"},
		{"<", {"i:{1,2}", "i:{1,2,0}"}, "t"},
		{">", {"i:{1,NULL}", "i:{1,5}"}, "t"},
		{"=", {"i:{NULL}", "i:{NULL}"}, "t"},
		{"<", {"i:{1,2}", "i:{1,3}"}, "t"},
		{"<", {"i:{1,2}", "i:{1}"}, "f"},
		{"<", {"i:{}", "i:{1}"}, "t"},
		{"<", {"i:{NULL,1}", "i:{NULL,2}"}, "t"},
		{"<>", {"t:{a}", "t:{b}"}, "t"},
		{"<=", {"t:{a}", "t:{a}"}, "t"},
		{">=", {"t:{a}", "t:{b}"}, "f"},
		{"||", {"i:{1,2}", "I:3"}, "{1,2,3}"},
		{"||", {"I:0", "i:{1,2}"}, "{0,1,2}"},
		{"||", {"i:{1}", "i:{2}"}, "{1,2}"},
		{"||", {"N:i", "i:{1}"}, "{1}"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run(&cases[i], true);
}

Test(array, functions)
{
	static const struct call cases[] = {
		{"array_dims", {"i:[5:6]={1,2}"}, "[5:6]"},
		{"array_dims", {"i:{}"}, "<NULL>"},
		{"array_length", {"i:{1,2}", "I:1"}, "2"},
		{"array_length", {"i:{1,2}", "I:0"}, "<NULL>"},
		{"array_length", {"i:{}", "I:1"}, "<NULL>"},
		{"array_lower", {"i:[3:4]={1,2}", "I:1"}, "3"},
		{"array_upper", {"i:[3:4]={1,2}", "I:1"}, "4"},
		{"array_upper", {"i:{}", "I:1"}, "<NULL>"},
		{"array_ndims", {"i:{}"}, "<NULL>"},
		{"array_ndims", {"i:{1}"}, "1"},
		{"cardinality", {"i:[3:4]={1,2}"}, "2"},
		{"cardinality", {"i:{}"}, "0"},
		{"array_prepend", {"I:0", "i:{1,2}"}, "{0,1,2}"},
		{"array_prepend", {"I:0", "i:[5:6]={1,2}"}, "[5:7]={0,1,2}"},
		{"array_append", {"i:[5:6]={1,2}", "I:3"}, "[5:7]={1,2,3}"},
		{"array_cat", {"i:[5:6]={1,2}", "i:[2:2]={3}"}, "[5:7]={1,2,3}"},
		{"array_cat", {"i:{}", "i:[2:2]={3}"}, "[2:2]={3}"},
		{"array_remove", {"i:[5:7]={1,2,1}", "I:2"}, "[5:6]={1,1}"},
		{"array_replace", {"i:[5:6]={1,2}", "I:2", "I:3"}, "[5:6]={1,3}"},
		{"array_remove", {"i:[5:5]={1}", "I:1"}, "{}"},
		{"array_append", {"N:i", "I:1"}, "{1}"},
		{"array_append", {"N:i", "N:I"}, "{NULL}"},
		{"array_prepend", {"N:I", "N:i"}, "{NULL}"},
		{"array_cat", {"N:i", "N:i"}, "<NULL>"},
		{"array_cat", {"i:{1}", "N:i"}, "{1}"},
		{"array_position", {"t:{a,b,NULL,b}", "T:b"}, "2"},
		{"array_position", {"t:{a,b,NULL,b}", "N:T"}, "3"},
		{"array_position", {"t:{a,b,NULL,b}", "T:b", "I:3"}, "4"},
		{"array_position", {"t:[5:8]={a,b,NULL,b}", "T:b"}, "6"},
		{"array_position", {"t:{a}", "T:z"}, "<NULL>"},
		{"array_position", {"t:[5:8]={a,b,NULL,b}", "T:b", "I:2"}, "6"},
		{"array_position", {"t:{a}", "T:a", "N:I"},
			"ERR:22004:initial position must not be null"},
		{"array_positions", {"t:{a,b,NULL,b}", "T:b"}, "{2,4}"},
		{"array_positions", {"t:{a,b,NULL,b}", "N:T"}, "{3}"},
		{"array_positions", {"t:{}", "T:x"}, "{}"},
		{"array_remove", {"i:{1,NULL,2,NULL}", "N:I"}, "{1,2}"},
		{"array_replace", {"i:{1,NULL,2}", "N:I", "I:9"}, "{1,9,2}"},
		{"array_remove", {"i:{}", "I:1"}, "{}"},
		{"array_remove", {"N:i", "I:1"}, "<NULL>"},
		{"array_to_string", {"i:{1,NULL,3}", "T:,"}, "1,3"},
		{"array_to_string", {"i:{1,NULL,3}", "T:,", "T:*"}, "1,*,3"},
		{"array_to_string", {"i:{1,NULL,3}", "T:,", "N:T"}, "1,3"},
		{"array_to_string", {"i:{}", "T:,"}, ""},
		{"array_to_string", {"t:{a b,\"c\"}", "T:|"}, "a b|c"},
		{"array_to_string", {"i:{1}", "N:T"}, "<NULL>"},
		{"string_to_array", {"T:a,b,,c", "T:,"}, "{a,b,\"\",c}"},
		{"string_to_array", {"T:abc", "N:T"}, "{a,b,c}"},
		{"string_to_array", {"T:abc", "T:"}, "{abc}"},
		{"string_to_array", {"T:", "T:,"}, "{}"},
		{"string_to_array", {"T:a,*,b", "T:,", "T:*"}, "{a,NULL,b}"},
		{"string_to_array", {"N:T", "T:,"}, "<NULL>"},
		{"string_to_array", {"T:a<>b<>", "T:<>"}, "{a,b,\"\"}"},
		{"string_to_array", {"T:", "N:T"}, "{}"},
		{"string_to_array", {"T:", "T:"}, "{}"},
		{"string_to_array", {"T:\xc3\xa9x", "N:T"}, "{\xc3\xa9,x}"},
		{"string_to_array", {"T:,", "T:,"}, "{\"\",\"\"}"},
		{"btarraycmp", {"i:{1}", "i:{2}"}, "-1"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run(&cases[i], false);
}

/* = ANY and <> ALL with the registry's int4 operators. */
Test(array, any_all)
{
	static const struct {
		const char *op, *scalar, *array;
		bool all;
		const char *expect;
	} cases[] = {
		{"=", "I:1", "i:{1,NULL}", false, "t"},
		{"=", "I:2", "i:{1,NULL}", false, "<NULL>"},
		{"=", "N:I", "i:{}", false, "f"},
		{"=", "N:I", "i:{}", true, "t"},
		{"<>", "I:2", "i:{1,NULL}", true, "<NULL>"},
		{"<>", "I:1", "i:{1,NULL}", true, "f"},
		{"=", "I:1", "N:i", false, "<NULL>"},
		{"=", "I:3", "i:{1,2}", false, "f"},
		{"<>", "I:3", "i:{1,2}", true, "t"},
	};
	store_err e2;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		exec_oid l, r;
		const exec_oper *o;
		exec_value s = value_of(cases[i].scalar), a = value_of(cases[i].array), out;

		store_err_clear(&e2);
		o = exec_oper_resolve(cases[i].op, EXEC_OID_INT4, EXEC_OID_INT4, &l, &r, &e2);
		if (o == NULL) {
			cr_log_warn(
				"int4 %s is not in the registry yet: ANY/ALL skipped", cases[i].op);
			return;
		}
		cr_assert_eq(
			exec_array_any_all(&cx, o->fn, true, &s, &a, cases[i].all, &out), EXEC_OK);
		cr_expect_str_eq(show(&out), cases[i].expect, "%zu", i);
	}
}

static int collect(void *arg, const exec_value *cols, int ncols)
{
	store_buf *b = arg;

	cr_assert_eq(ncols, 1);
	store_buf_printf(b, "%s;", show(&cols[0]));
	return EXEC_OK;
}

Test(array, aggregate_and_unnest)
{
	const exec_agg *agg = &exec_mod_array.aggs[0];
	exec_value state = exec_null(agg->state_type), out, v;
	const exec_srf *un = &exec_array_srfs[0];
	store_buf rows = STORE_BUF_INIT;

	cr_assert_str_eq(agg->name, "array_agg");
	v = exec_int(EXEC_OID_INT4, 1);
	cr_assert_eq(agg->step(&cx, &state, &v, 1), EXEC_OK);
	v = exec_null(EXEC_OID_INT4);
	cr_assert_eq(agg->step(&cx, &state, &v, 1), EXEC_OK);
	v = exec_int(EXEC_OID_INT4, 3);
	cr_assert_eq(agg->step(&cx, &state, &v, 1), EXEC_OK);
	cr_assert_eq(agg->final(&cx, &state, &out), EXEC_OK);
	cr_expect_eq(out.type, EXEC_OID_INT4_ARRAY);
	cr_expect_str_eq(show(&out), "{1,NULL,3}");

	state = exec_null(agg->state_type);
	cr_assert_eq(agg->final(&cx, &state, &out), EXEC_OK);
	cr_expect(out.isnull);

	/* unnest: one row per element, NULLs kept. */
	cr_assert_str_eq(un->name, "unnest");
	v = value_of("t:[3:4]={a,NULL}");
	cr_assert_eq(un->fn(&cx, &v, 1, collect, &rows), EXEC_OK);
	cr_expect_str_eq((char *)rows.data, "a;<NULL>;");
	store_buf_free(&rows);
}

/* The array types through the registry: input with a typmod, order, hash, casts. */
Test(array, through_the_registry)
{
	const exec_type *t = exec_type_by_oid(EXEC_OID_INT4_ARRAY);
	exec_value a, b, c;

	cr_assert_not_null(t);
	cr_expect_str_eq(t->name, "_int4");
	cr_expect_str_eq(t->sql_name, "integer[]");
	cr_expect_eq(t->elem, EXEC_OID_INT4);
	cr_expect_eq(exec_array_type_of(EXEC_OID_JSONB), EXEC_OID_JSONB_ARRAY);
	cr_expect_eq(exec_array_elem_of(EXEC_OID_TIMESTAMPTZ_ARRAY), EXEC_OID_TIMESTAMPTZ);
	cr_expect_eq(exec_array_type_of(EXEC_OID_INT4_ARRAY), 0);

	cr_assert_eq(exec_value_in(&cx, EXEC_OID_INT4_ARRAY, -1, "{1,NULL,3}", 10, &a), EXEC_OK);
	cr_assert_eq(
		exec_value_in(&cx, EXEC_OID_INT4_ARRAY, -1, "{ 1 , NULL , 3 }", 16, &b), EXEC_OK);
	cr_expect_eq(exec_value_cmp(&a, &b), 0);
	cr_expect_eq(exec_value_hash(&a), exec_value_hash(&b));
	cr_assert_eq(exec_value_in(&cx, EXEC_OID_INT4_ARRAY, -1, "{1,NULL,4}", 10, &c), EXEC_OK);
	cr_expect_lt(exec_value_cmp(&a, &c), 0);
	cr_expect_neq(exec_value_hash(&a), exec_value_hash(&c));

	/* int4[] -> int8[], text[] -> int4[] element by element. */
	if (exec_cast_find(EXEC_OID_INT4, EXEC_OID_INT8, EXEC_CAST_IMPLICIT) != NULL) {
		cr_assert_eq(
			exec_array_cast(&cx, &a, EXEC_OID_INT8_ARRAY, -1, EXEC_CAST_IMPLICIT, &b),
			EXEC_OK, "%s", err.message);
		cr_expect_eq(b.type, EXEC_OID_INT8_ARRAY);
		cr_expect_eq(b.v.arr->elems[0].type, EXEC_OID_INT8);
		cr_expect_str_eq(show(&b), "{1,NULL,3}");
	}
	b = value_of("t:{7,x}");
	cr_expect_eq(exec_array_cast(&cx, &b, EXEC_OID_INT4_ARRAY, -1, EXEC_CAST_EXPLICIT, &c),
		EXEC_ERROR);
	cr_expect_str_eq(err.message, "invalid input syntax for type integer: \"x\"");
	store_err_clear(&err);
	cr_expect_eq(
		exec_array_cast(&cx, &b, EXEC_OID_INT4, -1, EXEC_CAST_EXPLICIT, &c), EXEC_ERROR);
	store_err_clear(&err);

	/* varchar(2)[]: the modifier applies to each element, as an explicit cast truncates. */
	if (exec_type_by_oid(EXEC_OID_VARCHAR) != NULL &&
		exec_type_by_oid(EXEC_OID_VARCHAR)->coerce_typmod != NULL) {
		cr_assert_eq(exec_value_in(&cx, EXEC_OID_VARCHAR_ARRAY, -1, "{1,abc,NULL}", 12, &a),
			EXEC_OK);
		cr_assert_eq(exec_cast_value(&cx, &a, EXEC_OID_VARCHAR_ARRAY, 2 + 4,
				     EXEC_CAST_EXPLICIT, &b),
			EXEC_OK, "%s", err.message);
		cr_expect_str_eq(show(&b), "{1,ab,NULL}");
		cr_expect_eq(exec_cast_value(&cx, &a, EXEC_OID_VARCHAR_ARRAY, 2 + 4,
				     EXEC_CAST_ASSIGNMENT, &b),
			EXEC_ERROR);
		cr_expect_str_eq(err.sqlstate, "22001");
		store_err_clear(&err);
	}
}
