/*
 * types.c - tests for the registry (executor/types.c): type lookup by
 * OID and by every SQL spelling, casts and their contexts, operator,
 * function and aggregate resolution with PostgreSQL's choices and
 * errors, and values in and out through the type table.
 *
 * Each resolution case is a query PostgreSQL 15 answered: which
 * pg_operator or pg_proc entry it chose (by OID), what it cast the
 * arguments to, and for failures the exact SQLSTATE, message and hint.
 * The cases involve only the basic, string and agg modules' types and
 * were chosen so that the answer is the same with every module built
 * (the other modules' entries cannot change them), as it is in
 * PostgreSQL, which has them all.
 */
#include <pthread.h>
#include <string.h>

#include <criterion/criterion.h>

#include "callutil.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static exec_oid oid_of(const char *name)
{
	return name == NULL ? 0 : cu_type(name)->oid;
}

/* SQL's spellings of the types this layer has, and what they name. */
Test(types, by_name)
{
	static const struct {
		const char *name;
		exec_oid oid;
	} cases[] = {
		{"int", EXEC_OID_INT4},
		{"integer", EXEC_OID_INT4},
		{"int4", EXEC_OID_INT4},
		{"INTEGER", EXEC_OID_INT4},
		{"smallint", EXEC_OID_INT2},
		{"int2", EXEC_OID_INT2},
		{"bigint", EXEC_OID_INT8},
		{"int8", EXEC_OID_INT8},
		{"real", EXEC_OID_FLOAT4},
		{"float4", EXEC_OID_FLOAT4},
		{"double precision", EXEC_OID_FLOAT8},
		{"Double   Precision", EXEC_OID_FLOAT8},
		{" double\tprecision ", EXEC_OID_FLOAT8},
		{"float8", EXEC_OID_FLOAT8},
		{"float", EXEC_OID_FLOAT8},
		{"float(1)", EXEC_OID_FLOAT4},
		{"float(24)", EXEC_OID_FLOAT4},
		{"float(25)", EXEC_OID_FLOAT8},
		{"float (53)", EXEC_OID_FLOAT8},
		{"boolean", EXEC_OID_BOOL},
		{"bool", EXEC_OID_BOOL},
		{"text", EXEC_OID_TEXT},
		{"varchar", EXEC_OID_VARCHAR},
		{"character varying", EXEC_OID_VARCHAR},
		{"char", EXEC_OID_BPCHAR},
		{"character", EXEC_OID_BPCHAR},
		{"bpchar", EXEC_OID_BPCHAR},
		{"\"char\"", EXEC_OID_CHAR},
		{"name", EXEC_OID_NAME},
		{"bytea", EXEC_OID_BYTEA},
		{"uuid", EXEC_OID_UUID},
		{"oid", EXEC_OID_OID},
		{"regclass", EXEC_OID_REGCLASS},
		{"regtype", EXEC_OID_REGTYPE},
		{"unknown", EXEC_OID_UNKNOWN},
		{"anyelement", EXEC_OID_ANYELEMENT},
		{"\"any\"", EXEC_OID_ANY},
	};
	static const char *const none[] = {"nosuch", "float(0)", "float(54)", "float()", "float(x)",
		"int(", "integer precision", "", "[]", "double", "timestamp with zone"};

	for (size_t i = 0; i < NELEM(cases); i++) {
		const exec_type *t = exec_type_by_name(cases[i].name);

		cr_assert_not_null(t, "%s", cases[i].name);
		cr_expect_eq(t->oid, cases[i].oid, "%s is %u", cases[i].name, t->oid);
	}
	for (size_t i = 0; i < NELEM(none); i++)
		cr_expect_null(exec_type_by_name(none[i]), "%s", none[i]);
}

/*
 * Names of the other modules' types, and arrays: each resolves to its
 * OID once the module that has it is built, and to nothing before.
 */
Test(types, by_name_of_other_modules)
{
	static const struct {
		const char *name;
		exec_oid oid;
	} cases[] = {
		{"numeric", EXEC_OID_NUMERIC},
		{"decimal", EXEC_OID_NUMERIC},
		{"date", EXEC_OID_DATE},
		{"time", EXEC_OID_TIME},
		{"time without time zone", EXEC_OID_TIME},
		{"timetz", EXEC_OID_TIMETZ},
		{"time with time zone", EXEC_OID_TIMETZ},
		{"timestamp", EXEC_OID_TIMESTAMP},
		{"timestamp without time zone", EXEC_OID_TIMESTAMP},
		{"timestamptz", EXEC_OID_TIMESTAMPTZ},
		{"timestamp with time zone", EXEC_OID_TIMESTAMPTZ},
		{"interval", EXEC_OID_INTERVAL},
		{"json", EXEC_OID_JSON},
		{"jsonb", EXEC_OID_JSONB},
		{"int[]", EXEC_OID_INT4_ARRAY},
		{"integer[]", EXEC_OID_INT4_ARRAY},
		{"int4[]", EXEC_OID_INT4_ARRAY},
		{"int[3]", EXEC_OID_INT4_ARRAY},
		{"text[][]", EXEC_OID_TEXT_ARRAY},
		{"character varying []", EXEC_OID_VARCHAR_ARRAY},
		{"double precision[]", EXEC_OID_FLOAT8_ARRAY},
		{"_int4", EXEC_OID_INT4_ARRAY},
		{"uuid[]", EXEC_OID_UUID_ARRAY},
		{"timestamp with time zone[]", EXEC_OID_TIMESTAMPTZ_ARRAY},
	};

	for (size_t i = 0; i < NELEM(cases); i++) {
		const exec_type *t = exec_type_by_name(cases[i].name);

		if (exec_type_by_oid(cases[i].oid) == NULL)
			cr_expect_null(t, "%s without its module", cases[i].name);
		else
			cr_expect(t != NULL && t->oid == cases[i].oid, "%s", cases[i].name);
	}
}

/* pg_type's rows: format_type's names, categories and preferred types. */
Test(types, by_oid)
{
	static const struct {
		exec_oid oid;
		const char *name, *sql_name;
		char category;
		bool preferred;
	} cases[] = {
		{EXEC_OID_BOOL, "bool", "boolean", 'B', true},
		{EXEC_OID_INT4, "int4", "integer", 'N', false},
		{EXEC_OID_FLOAT8, "float8", "double precision", 'N', true},
		{EXEC_OID_OID, "oid", "oid", 'N', true},
		{EXEC_OID_CHAR, "char", "\"char\"", 'Z', false},
		{EXEC_OID_NAME, "name", "name", 'S', false},
		{EXEC_OID_TEXT, "text", "text", 'S', true},
		{EXEC_OID_BPCHAR, "bpchar", "character", 'S', false},
		{EXEC_OID_VARCHAR, "varchar", "character varying", 'S', false},
		{EXEC_OID_BYTEA, "bytea", "bytea", 'U', false},
		{EXEC_OID_UNKNOWN, "unknown", "unknown", 'X', false},
		{EXEC_OID_ANY, "any", "\"any\"", 'P', false},
		{EXEC_OID_ANYCOMPATIBLEARRAY, "anycompatiblearray", "anycompatiblearray", 'P',
			false},
	};

	for (size_t i = 0; i < NELEM(cases); i++) {
		const exec_type *t = exec_type_by_oid(cases[i].oid);

		cr_assert_not_null(t, "%u", cases[i].oid);
		cr_expect_str_eq(t->name, cases[i].name);
		cr_expect_str_eq(t->sql_name, cases[i].sql_name);
		cr_expect_eq(t->category, cases[i].category, "%s", t->name);
		cr_expect_eq(t->preferred, cases[i].preferred, "%s", t->name);
	}
	cr_expect_null(exec_type_by_oid(999999));
	cr_expect_eq(exec_type_by_oid(EXEC_OID_INT4)->array, EXEC_OID_INT4_ARRAY);
}

/* Resolution cases: an operator (left NULL for prefix) or a call, and PostgreSQL's choice. */
typedef struct resolve_case {
	char kind; /* 'o' operator, 'f' function, 'a' aggregate */
	const char *name;
	const char *args[4]; /* type names; for 'o', args[0] NULL is a prefix operator */
	int nargs;
	uint32_t oid;       /* the pg_operator or pg_proc entry chosen, 0 on error */
	const char *to[4];  /* the types the arguments are cast to */
	const char *result; /* the result type */
	const char *error;  /* "SQLSTATE: message" when it fails */
	const char *hint;
} resolve_case;

#define NO_OPERATOR_HINT                                                                           \
	"No operator matches the given name and argument types. You might need to add explicit type casts."
#define NO_PREFIX_HINT                                                                             \
	"No operator matches the given name and argument type. You might need to add an explicit type cast."
#define NO_FUNCTION_HINT                                                                           \
	"No function matches the given name and argument types. You might need to add explicit type casts."
#define OPER_AMBIGUOUS                                                                             \
	"Could not choose a best candidate operator. You might need to add explicit type casts."
#define FUNC_AMBIGUOUS                                                                             \
	"Could not choose a best candidate function. You might need to add explicit type casts."

static const resolve_case resolve_cases[] = {
	/* Exact matches, across widths as pg_operator has them. */
	{'o', "+", {"int4", "int4"}, 2, 551, {"int4", "int4"}, "int4", NULL, NULL},
	{'o', "+", {"int2", "int4"}, 2, 552, {"int2", "int4"}, "int4", NULL, NULL},
	{'o', "<", {"int8", "int2"}, 2, 1870, {"int8", "int2"}, "bool", NULL, NULL},

	/* An unknown literal takes the other side's type. */
	{'o', "+", {"int4", "unknown"}, 2, 551, {"int4", "int4"}, "int4", NULL, NULL},
	{'o', "+", {"unknown", "int2"}, 2, 550, {"int2", "int2"}, "int2", NULL, NULL},
	{'o', "=", {"bool", "unknown"}, 2, 91, {"bool", "bool"}, "bool", NULL, NULL},

	/* Implicit casts: the most exact matches, then float8 preferred among numbers. */
	{'o', "+", {"float4", "int4"}, 2, 1116, {"float4", "float8"}, "float8", NULL, NULL},
	{'o', "+", {"int4", "float4"}, 2, 1126, {"float8", "float4"}, "float8", NULL, NULL},
	{'o', "=", {"int4", "float8"}, 2, 670, {"float8", "float8"}, "bool", NULL, NULL},
	{'o', "=", {"regclass", "oid"}, 2, 607, {"oid", "oid"}, "bool", NULL, NULL},
	{'o', "^", {"int4", "int4"}, 2, 965, {"float8", "float8"}, "float8", NULL, NULL},
	{'o', "<", {"varchar", "varchar"}, 2, 664, {"text", "text"}, "bool", NULL, NULL},
	{'o', "=", {"bpchar", "text"}, 2, 98, {"text", "text"}, "bool", NULL, NULL},

	/* Unknowns by category: the string category first, text preferred. */
	{'o', "||", {"unknown", "unknown"}, 2, 654, {"text", "text"}, "text", NULL, NULL},
	{'o', "=", {"unknown", "unknown"}, 2, 98, {"text", "text"}, "bool", NULL, NULL},
	{'o', "||", {"name", "unknown"}, 2, 654, {"text", "text"}, "text", NULL, NULL},
	{'o', "@", {NULL, "unknown"}, 1, 595, {NULL, "float8"}, "float8", NULL, NULL},

	/* Polymorphic anynonarray: the argument keeps its type. */
	{'o', "||", {"int4", "unknown"}, 2, 2780, {"int4", "text"}, "text", NULL, NULL},
	{'o', "||", {"text", "bool"}, 2, 2779, {"text", "bool"}, "text", NULL, NULL},

	/* No candidate and no unique candidate, in PostgreSQL's words. */
	{'o', "=", {"int4", "text"}, 2, 0, {NULL}, NULL,
		"42883: operator does not exist: integer = text", NO_OPERATOR_HINT},
	{'o', "+", {"bool", "int4"}, 2, 0, {NULL}, NULL,
		"42883: operator does not exist: boolean + integer", NO_OPERATOR_HINT},
	{'o', "###", {"int4", "int4"}, 2, 0, {NULL}, NULL,
		"42883: operator does not exist: integer ### integer", NO_OPERATOR_HINT},
	{'o', "||", {"int4", "int4"}, 2, 0, {NULL}, NULL,
		"42883: operator does not exist: integer || integer", NO_OPERATOR_HINT},
	{'o', "-", {NULL, "bool"}, 1, 0, {NULL}, NULL, "42883: operator does not exist: - boolean",
		NO_PREFIX_HINT},
	{'o', "~", {NULL, "unknown"}, 1, 0, {NULL}, NULL,
		"42725: operator is not unique: ~ unknown", OPER_AMBIGUOUS},
	{'o', "||", {"\"char\"", "unknown"}, 2, 0, {NULL}, NULL,
		"42725: operator is not unique: \"char\" || unknown", OPER_AMBIGUOUS},

	/* Functions. */
	{'f', "abs", {"int2"}, 1, 1398, {"int2"}, "int2", NULL, NULL},
	{'f', "abs", {"unknown"}, 1, 1395, {"float8"}, "float8", NULL, NULL},
	{'f', "round", {"int4"}, 1, 1342, {"float8"}, "float8", NULL, NULL},
	{'f', "length", {"unknown"}, 1, 1317, {"text"}, "int4", NULL, NULL},
	{'f', "length", {"varchar"}, 1, 1317, {"text"}, "int4", NULL, NULL},
	{'f', "length", {"bpchar"}, 1, 1318, {"bpchar"}, "int4", NULL, NULL},
	{'f', "substr", {"varchar", "int2"}, 2, 883, {"text", "int4"}, "text", NULL, NULL},
	{'f', "substr", {"unknown", "unknown", "unknown"}, 3, 877, {"text", "int4", "int4"}, "text",
		NULL, NULL},
	{'f', "quote_literal", {"int4"}, 1, 1285, {"int4"}, "text", NULL, NULL},
	{'f', "quote_literal", {"unknown"}, 1, 1283, {"text"}, "text", NULL, NULL},
	{'f', "concat", {"unknown", "int4", "bool"}, 3, 3058, {"text", "int4", "bool"}, "text",
		NULL, NULL},
	{'f', "format", {"unknown", "int4"}, 2, 3539, {"text", "int4"}, "text", NULL, NULL},
	{'f', "format", {"text"}, 1, 3540, {"text"}, "text", NULL, NULL},
	{'f', "pi", {NULL}, 0, 1610, {NULL}, "float8", NULL, NULL},
	{'f', "lower", {"int4"}, 1, 0, {NULL}, NULL,
		"42883: function lower(integer) does not exist", NO_FUNCTION_HINT},
	{'f', "nosuch", {"int4", "text"}, 2, 0, {NULL}, NULL,
		"42883: function nosuch(integer, text) does not exist", NO_FUNCTION_HINT},
	{'f', "concat", {NULL}, 0, 0, {NULL}, NULL, "42883: function concat() does not exist",
		NO_FUNCTION_HINT},
	{'f', "to_hex", {"unknown"}, 1, 0, {NULL}, NULL,
		"42725: function to_hex(unknown) is not unique", FUNC_AMBIGUOUS},
	{'f', "to_hex", {"int2"}, 1, 0, {NULL}, NULL,
		"42725: function to_hex(smallint) is not unique", FUNC_AMBIGUOUS},

	/* Aggregates: count(*) is count with no arguments. */
	{'a', "count", {NULL}, 0, 2803, {NULL}, "int8", NULL, NULL},
	{'a', "count", {"int4"}, 1, 2147, {"int4"}, "int8", NULL, NULL},
	{'a', "count", {"unknown"}, 1, 2147, {"text"}, "int8", NULL, NULL},
	{'a', "min", {"int2"}, 1, 2133, {"int2"}, "int2", NULL, NULL},
	{'a', "max", {"varchar"}, 1, 2129, {"text"}, "text", NULL, NULL},
	{'a', "min", {"unknown"}, 1, 2145, {"text"}, "text", NULL, NULL},
	{'a', "max", {"bpchar"}, 1, 2244, {"bpchar"}, "bpchar", NULL, NULL},
	{'a', "string_agg", {"text", "unknown"}, 2, 3538, {"text", "text"}, "text", NULL, NULL},
	{'a', "string_agg", {"bytea", "bytea"}, 2, 3545, {"bytea", "bytea"}, "bytea", NULL, NULL},
	{'a', "bool_and", {"bool"}, 1, 2517, {"bool"}, "bool", NULL, NULL},
	{'a', "max", {"bool"}, 1, 0, {NULL}, NULL, "42883: function max(boolean) does not exist",
		NO_FUNCTION_HINT},
	{'a', "count", {"int4", "int4"}, 2, 0, {NULL}, NULL,
		"42883: function count(integer, integer) does not exist", NO_FUNCTION_HINT},
};

static void check_resolution(const resolve_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const resolve_case *c = &cases[i];
		exec_oid in[4], to[4] = {0, 0, 0, 0}, result = 0;
		store_err err;
		uint32_t oid = 0;
		bool prefix = c->kind == 'o' && c->nargs == 1;

		store_err_clear(&err);
		for (int k = 0; k < 4; k++)
			in[k] = oid_of(c->args[k]);
		if (c->kind == 'o') {
			const exec_oper *o = exec_oper_resolve_result(
				c->name, in[0], in[1], &to[0], &to[1], &result, &err);

			oid = o != NULL ? o->oid : 0;
		} else if (c->kind == 'f') {
			const exec_func *f =
				exec_func_resolve(c->name, in, c->nargs, to, &result, &err);

			oid = f != NULL ? f->oid : 0;
		} else {
			const exec_agg *a =
				exec_agg_resolve(c->name, in, c->nargs, to, &result, &err);

			oid = a != NULL ? a->oid : 0;
		}
		cr_expect_eq(oid, c->oid, "%s case %zu chose %u", c->name, i, oid);
		if (c->error != NULL) {
			char got[300];

			snprintf(got, sizeof(got), "%s: %s", err.sqlstate, err.message);
			cr_expect_str_eq(got, c->error, "%s case %zu", c->name, i);
			cr_expect_str_eq(err.hint, c->hint, "%s case %zu", c->name, i);
			continue;
		}
		cr_expect_str_eq(err.message, "", "%s case %zu", c->name, i);
		for (int k = prefix ? 1 : 0; k < (prefix ? 2 : c->nargs); k++)
			cr_expect_eq(to[k], oid_of(c->to[k]), "%s case %zu argument %d cast to %u",
				c->name, i, k, to[k]);
		cr_expect_eq(
			result, oid_of(c->result), "%s case %zu result %u", c->name, i, result);
	}
}

Test(types, resolution_as_postgresql)
{
	check_resolution(resolve_cases, NELEM(resolve_cases));
}

/*
 * The polymorphic families with arrays: anyarray (max), anycompatible
 * and anycompatiblearray (pg_operator's array ||, array.c's).  They need
 * the array types, and are skipped while array.c has none.
 */
static const resolve_case array_cases[] = {
	{'a', "max", {"int4[]"}, 1, 2050, {"int4[]"}, "int4[]", NULL, NULL},
	{'a', "min", {"text[]"}, 1, 2051, {"text[]"}, "text[]", NULL, NULL},
	{'a', "array_agg", {"int4"}, 1, 2335, {"int4"}, "int4[]", NULL, NULL},

	/* Operators resolve their result as functions do: never the pseudo-type. */
	{'o', "||", {"int4[]", "int8"}, 2, 349, {"int8[]", "int8"}, "int8[]", NULL, NULL},
	{'o', "||", {"int2", "int4[]"}, 2, 374, {"int4", "int4[]"}, "int4[]", NULL, NULL},
	{'o', "||", {"int4[]", "unknown"}, 2, 375, {"int4[]", "int4[]"}, "int4[]", NULL, NULL},
	{'o', "||", {"int2[]", "int8[]"}, 2, 375, {"int8[]", "int8[]"}, "int8[]", NULL, NULL},
	{'o', "||", {"text[]", "text[]"}, 2, 375, {"text[]", "text[]"}, "text[]", NULL, NULL},
	{'o', "=", {"int4[]", "int4[]"}, 2, 1070, {"int4[]", "int4[]"}, "bool", NULL, NULL},

	/* The functions of the anycompatible family, as pg_typeof shows their results. */
	{'f', "array_append", {"int4[]", "numeric"}, 2, 378, {"numeric[]", "numeric"}, "numeric[]",
		NULL, NULL},
	{'f', "array_prepend", {"int8", "int2[]"}, 2, 379, {"int8", "int8[]"}, "int8[]", NULL,
		NULL},
	{'f', "array_replace", {"int2[]", "int4", "int8"}, 3, 3168, {"int8[]", "int8", "int8"},
		"int8[]", NULL, NULL},
	{'f', "array_position", {"int4[]", "int8"}, 2, 3277, {"int8[]", "int8"}, "int4", NULL,
		NULL},
	{'f', "array_append", {"unknown", "int4"}, 2, 378, {"int4[]", "int4"}, "int4[]", NULL,
		NULL},
	{'f', "array_cat", {"unknown", "unknown"}, 2, 383, {"text[]", "text[]"}, "text[]", NULL,
		NULL},
	{'o', "||", {"int4[]", "text"}, 2, 0, {NULL}, NULL,
		"42883: operator does not exist: integer[] || text", NO_OPERATOR_HINT},
	{'o', "||", {"text", "int4[]"}, 2, 0, {NULL}, NULL,
		"42883: operator does not exist: text || integer[]", NO_OPERATOR_HINT},
};

Test(types, resolution_of_arrays_as_postgresql)
{
	if (exec_type_by_name("int4[]") == NULL || exec_type_by_name("int2[]") == NULL)
		cr_skip_test("no array types yet");
	check_resolution(array_cases, NELEM(array_cases));
}

/* An operator is as strict as the function that shares its implementation (pg_proc.proisstrict). */
Test(types, operator_strictness)
{
	static const struct {
		const char *name, *left, *right;
		bool strict;
	} cases[] = {
		{"=", "int4", "int4", true},
		{"||", "text", "text", true},
		{"||", "int4[]", "int4", false},
		{"||", "int4", "int4[]", false},
		{"||", "int4[]", "int4[]", false},
		{"@>", "int4[]", "int4[]", true},
	};

	for (size_t i = 0; i < NELEM(cases); i++) {
		store_err err;
		const exec_oper *o;

		store_err_clear(&err);
		o = exec_oper_resolve(cases[i].name, oid_of(cases[i].left), oid_of(cases[i].right),
			NULL, NULL, &err);
		cr_assert_not_null(o, "%s %s %s: %s", cases[i].left, cases[i].name, cases[i].right,
			err.message);
		cr_expect_eq(exec_oper_strict(o), cases[i].strict, "%s %s %s", cases[i].left,
			cases[i].name, cases[i].right);
	}
}

Test(types, too_many_arguments)
{
	exec_oid in[101];
	store_err err;

	store_err_clear(&err);
	for (int i = 0; i < 101; i++)
		in[i] = EXEC_OID_INT4;
	cr_expect_null(exec_func_resolve("concat", in, 101, NULL, NULL, &err));
	cr_expect_str_eq(err.sqlstate, "54023");
	cr_expect_str_eq(err.message, "cannot pass more than 100 arguments to a function");
	store_err_clear(&err);
	cr_expect_not_null(exec_func_resolve("concat", in, 100, NULL, NULL, &err));
}

/* Casts: the identity needs none, NULL stays NULL, I/O conversions, 42846 otherwise. */
Test(types, casts)
{
	cu_env e;
	exec_value null_int = exec_null(EXEC_OID_INT4), out;
	cu_arg t = {"bool", "t"}, lit = {"unknown", "12"}, nine = {"int4", "9"};

	cu_init(&e);
	cr_expect_null(exec_cast_find(EXEC_OID_INT4, EXEC_OID_INT4, EXEC_CAST_EXPLICIT));
	cr_expect_eq(exec_cast_value(&e.cx, &null_int, EXEC_OID_TEXT, EXEC_TYPMOD_NONE,
			     EXEC_CAST_IMPLICIT, &out),
		EXEC_OK);
	cr_expect(out.isnull && out.type == EXEC_OID_TEXT);
	cr_expect_str_eq(cu_cast(&e, &t, "float8", EXEC_TYPMOD_NONE, EXEC_CAST_EXPLICIT),
		"ERROR 42846: cannot cast type boolean to double precision");
	cr_expect_str_eq(cu_cast(&e, &lit, "int2", EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT), "12");
	cr_expect_str_eq(cu_cast(&e, &nine, "int4", EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT), "9");
	cr_expect_str_eq(cu_cast(&e, &nine, "text", EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT),
		"ERROR 42846: cannot cast type integer to text");
	cr_expect_str_eq(cu_cast(&e, &nine, "varchar", 5, EXEC_CAST_ASSIGNMENT), "9");
	cr_expect_str_eq(cu_cast(&e, &nine, "bpchar", 7, EXEC_CAST_ASSIGNMENT), "9  ");
	cu_done(&e);
}

/*
 * Array coercions follow their element casts: SELECT '{1,2}'::text[]::int4[],
 * ARRAY[1,2]::int8[], ARRAY[2147483648]::int4[], ARRAY['abc']::varchar(2)[].
 */
Test(types, array_coercions)
{
	cu_env e;
	exec_oid i4a, i8a, ta, va, ba;
	cu_arg txt = {"text[]", "{1,NULL,3}"}, ints = {"int4[]", "{1,2}"},
	       big = {"int8[]", "{2147483648}"}, word = {"text[]", "{abc,d}"},
	       bad = {"text[]", "{x}"}, flags = {"bool[]", "{t}"};

	cu_init(&e);
	i4a = cu_type("int4[]")->oid;
	i8a = cu_type("int8[]")->oid;
	ta = cu_type("text[]")->oid;
	va = cu_type("varchar[]")->oid;
	ba = cu_type("bool[]")->oid;

	/* The context is the element cast's. */
	cr_expect_not_null(exec_cast_find(i4a, i8a, EXEC_CAST_IMPLICIT));
	cr_expect_null(exec_cast_find(i8a, i4a, EXEC_CAST_IMPLICIT));
	cr_expect_not_null(exec_cast_find(i8a, i4a, EXEC_CAST_ASSIGNMENT));
	cr_expect_null(exec_cast_find(ta, i4a, EXEC_CAST_ASSIGNMENT));
	cr_expect_not_null(exec_cast_find(ta, i4a, EXEC_CAST_EXPLICIT));
	cr_expect_not_null(exec_cast_find(i4a, ta, EXEC_CAST_ASSIGNMENT));
	cr_expect_not_null(exec_cast_find(ta, va, EXEC_CAST_IMPLICIT));
	cr_expect_null(exec_cast_find(ba, i8a, EXEC_CAST_EXPLICIT));

	/* Element by element, with the element cast's errors and the typmod. */
	cr_expect_str_eq(
		cu_cast(&e, &txt, "int4[]", EXEC_TYPMOD_NONE, EXEC_CAST_EXPLICIT), "{1,NULL,3}");
	cr_expect_str_eq(
		cu_cast(&e, &ints, "int8[]", EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT), "{1,2}");
	cr_expect_str_eq(
		cu_cast(&e, &ints, "text[]", EXEC_TYPMOD_NONE, EXEC_CAST_ASSIGNMENT), "{1,2}");
	cr_expect_str_eq(cu_cast(&e, &big, "int4[]", EXEC_TYPMOD_NONE, EXEC_CAST_ASSIGNMENT),
		"ERROR 22003: integer out of range");
	cr_expect_str_eq(cu_cast(&e, &bad, "int4[]", EXEC_TYPMOD_NONE, EXEC_CAST_EXPLICIT),
		"ERROR 22P02: invalid input syntax for type integer: \"x\"");
	cr_expect_str_eq(cu_cast(&e, &word, "varchar[]", 6, EXEC_CAST_EXPLICIT), "{ab,d}");
	cr_expect_str_eq(cu_cast(&e, &word, "varchar[]", 6, EXEC_CAST_ASSIGNMENT),
		"ERROR 22001: value too long for type character varying(2)");
	cr_expect_str_eq(cu_cast(&e, &flags, "int8[]", EXEC_TYPMOD_NONE, EXEC_CAST_EXPLICIT),
		"ERROR 42846: cannot cast type boolean[] to bigint[]");
	cu_done(&e);
}

/* Pseudo-types hold no values. */
Test(types, pseudo_types_have_no_text)
{
	cu_env e;
	exec_value v;

	cu_init(&e);
	cr_expect_eq(
		exec_value_in(&e.cx, EXEC_OID_ANYARRAY, EXEC_TYPMOD_NONE, "x", 1, &v), EXEC_ERROR);
	cr_expect_str_eq(cu_error(&e), "ERROR 0A000: cannot accept a value of type anyarray");
	cr_expect_eq(exec_value_in(&e.cx, 424242, EXEC_TYPMOD_NONE, "x", 1, &v), EXEC_ERROR);
	cr_expect_str_eq(cu_error(&e), "ERROR 42704: type with OID 424242 does not exist");
	v = exec_int(EXEC_OID_ANYELEMENT, 1);
	cr_expect_str_eq(cu_out(&e, &v), "ERROR 0A000: cannot display a value of type anyelement");
	cu_done(&e);
}

static void *lookups(void *arg)
{
	const exec_type *t;

	exec_registry_init();
	t = exec_type_by_name("double precision");
	return (void *)(t != NULL && t->oid == EXEC_OID_FLOAT8 ? arg : NULL);
}

/* The first lookups may race: each thread sees the whole registry. */
Test(types, init_is_thread_safe)
{
	pthread_t th[8];
	int id[8];

	for (int i = 0; i < 8; i++) {
		id[i] = i;
		cr_assert_eq(pthread_create(&th[i], NULL, lookups, &id[i]), 0);
	}
	for (int i = 0; i < 8; i++) {
		void *r;

		pthread_join(th[i], &r);
		cr_expect_eq(r, &id[i]);
	}
}
