/*
 * numeric.c - tests for the numeric type (executor/numeric.c): text input
 * and output, typmod coercion, arithmetic and functions with their result
 * scales, the special values, casts in each direction, and the sum and
 * avg aggregates.
 *
 * Every expected string is what PostgreSQL 15 printed for the same
 * expression (SELECT (expr)::text), and every expected error its SQLSTATE
 * and message.  Entries are looked up in exec_mod_numeric's own tables,
 * so the tests do not depend on the registry.  Outputs longer than 120
 * characters are compared by length and their first and last 40
 * characters ("#len:head...tail").
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "numeric.h"

/* A statement's worth of context: an arena and an error. */
typedef struct tctx {
	exec_ctx cx;
	store_err err;
} tctx;

static void tctx_init(tctx *t)
{
	memset(t, 0, sizeof(*t));
	t->cx.arena = sql_arena_new(0);
	t->cx.err = &t->err;
	t->cx.timezone = "UTC";
}

static void tctx_done(tctx *t)
{
	sql_arena_free(t->cx.arena);
}

static const exec_type *numeric_type(void)
{
	cr_assert_eq(exec_mod_numeric.ntypes, 1);
	return &exec_mod_numeric.types[0];
}

static exec_oid oid_of(char c)
{
	switch (c) {
	case 'n':
		return EXEC_OID_NUMERIC;
	case 'i':
		return EXEC_OID_INT4;
	case 'l':
		return EXEC_OID_INT8;
	case 's':
		return EXEC_OID_INT2;
	case 'd':
		return EXEC_OID_FLOAT8;
	case 'f':
		return EXEC_OID_FLOAT4;
	case 'x':
		return EXEC_OID_TEXT;
	}
	cr_assert_fail("bad type letter %c", c);
	return 0;
}

static exec_oid oid_by_name(const char *name)
{
	static const struct {
		const char *name;
		exec_oid oid;
	} names[] = {{"int2", EXEC_OID_INT2}, {"int4", EXEC_OID_INT4}, {"int8", EXEC_OID_INT8},
		{"float4", EXEC_OID_FLOAT4}, {"float8", EXEC_OID_FLOAT8},
		{"numeric", EXEC_OID_NUMERIC}};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].name, name) == 0)
			return names[i].oid;
	cr_assert_fail("bad type %s", name);
	return 0;
}

/* A value of the type a letter names, from its text. */
static int make_arg(tctx *t, exec_oid type, const char *text, exec_value *out)
{
	if (type == EXEC_OID_NUMERIC)
		return numeric_type()->in(&t->cx, text, strlen(text), EXEC_TYPMOD_NONE, out);
	out->type = type;
	out->isnull = false;
	if (type == EXEC_OID_TEXT) {
		*out = exec_text(EXEC_OID_TEXT, text, strlen(text));
	} else if (type == EXEC_OID_FLOAT8 || type == EXEC_OID_FLOAT4) {
		out->v.f = strtod(text, NULL);
		if (type == EXEC_OID_FLOAT4)
			out->v.f = (float)out->v.f;
	} else {
		out->v.i = strtoll(text, NULL, 10);
	}
	return EXEC_OK;
}

static const exec_func *find_func(const char *name, int nargs, const exec_oid *types)
{
	for (size_t i = 0; i < exec_mod_numeric.nfuncs; i++) {
		const exec_func *f = &exec_mod_numeric.funcs[i];

		if (strcmp(f->name, name) == 0 && f->nargs == nargs &&
			memcmp(f->args, types, sizeof(exec_oid) * (size_t)nargs) == 0)
			return f;
	}
	return NULL;
}

static const exec_oper *find_oper(const char *name, exec_oid left, exec_oid right)
{
	for (size_t i = 0; i < exec_mod_numeric.nopers; i++) {
		const exec_oper *o = &exec_mod_numeric.opers[i];

		if (strcmp(o->name, name) == 0 && o->left == left && o->right == right)
			return o;
	}
	return NULL;
}

static const exec_cast *find_cast(exec_oid from, exec_oid to)
{
	for (size_t i = 0; i < exec_mod_numeric.ncasts; i++) {
		const exec_cast *c = &exec_mod_numeric.casts[i];

		if (c->from == from && c->to == to)
			return c;
	}
	return NULL;
}

/* "#len:head...tail" for long outputs, as the expected strings are written. */
static void digest(char *s, size_t cap)
{
	size_t n = strlen(s);
	char head[41], tail[41];

	if (n <= 120)
		return;
	memcpy(head, s, 40);
	head[40] = '\0';
	memcpy(tail, s + n - 40, 41);
	snprintf(s, cap, "#%zu:%s...%s", n, head, tail);
}

/* A result as PostgreSQL's text, or "ERROR <sqlstate> <message>[\n<detail>]". */
static void render(tctx *t, int rc, const exec_value *v, char *buf, size_t cap)
{
	store_buf b = STORE_BUF_INIT;

	if (rc != EXEC_OK) {
		snprintf(buf, cap, "ERROR %s %s%s%s", t->err.sqlstate, t->err.message,
			t->err.detail[0] ? "\n" : "", t->err.detail);
		return;
	}
	if (v->isnull) {
		snprintf(buf, cap, "<NULL>");
		return;
	}
	switch (v->type) {
	case EXEC_OID_NUMERIC:
		exec_numeric_out(v->v.num, &b);
		snprintf(buf, cap, "%s", b.data);
		store_buf_free(&b);
		digest(buf, cap);
		break;
	case EXEC_OID_BOOL:
		snprintf(buf, cap, "%s", v->v.b ? "true" : "false");
		break;
	case EXEC_OID_TEXT:
		snprintf(buf, cap, "%.*s", (int)v->v.s.len, v->v.s.p);
		break;
	case EXEC_OID_FLOAT4:
	case EXEC_OID_FLOAT8:
		snprintf(buf, cap, "%.17g", v->v.f);
		break;
	default:
		snprintf(buf, cap, "%lld", (long long)v->v.i);
	}
}

/* Floats print differently here (no shortest-form printer): compare the values. */
static bool float_matches(const exec_value *v, const char *want)
{
	double w = strtod(want, NULL);

	if (isnan(w))
		return isnan(v->v.f);
	if (v->type == EXEC_OID_FLOAT4)
		return (float)w == (float)v->v.f;
	return w == v->v.f;
}

typedef struct num_case {
	const char *fn; /* "in", "typmod", "cast", an operator or a function */
	const char *
		types; /* a letter per argument: n numeric, i int4, l int8, s int2, d float8, f float4, x text; p typmod "p,s"; t a cast's target */
	const char *args[4];
	const char *want; /* PostgreSQL's output, or ERROR <sqlstate> <message>[\n<detail>] */
} num_case;

static const num_case cases[] = {
	/* to_char of numbers: PostgreSQL's template patterns, C locale. */
	{"to_char", "nx", {"1234.5", "9999.99"}, " 1234.50"},
	{"to_char", "ix", {"42", "000"}, " 042"},
	{"to_char", "nx", {"-12.3", "FM990.00"}, "-12.30"},
	{"to_char", "nx", {"-0.1", "99.99"}, "  -.10"},
	{"to_char", "nx", {"-0.1", "FM9.99"}, "-.1"},
	{"to_char", "nx", {"-0.1", "FM90.99"}, "-0.1"},
	{"to_char", "nx", {"0.1", "0.9"}, " 0.1"},
	{"to_char", "ix", {"12", "9990999.9"}, "    0012.0"},
	{"to_char", "ix", {"12", "FM9990999.9"}, "0012."},
	{"to_char", "ix", {"485", "999"}, " 485"},
	{"to_char", "ix", {"-485", "999"}, "-485"},
	{"to_char", "ix", {"485", "9 9 9"}, " 4 8 5"},
	{"to_char", "ix", {"1485", "9,999"}, " 1,485"},
	{"to_char", "ix", {"1485", "9G999"}, " 1,485"},
	{"to_char", "nx", {"148.5", "999.999"}, " 148.500"},
	{"to_char", "nx", {"148.5", "FM999.999"}, "148.5"},
	{"to_char", "nx", {"148.5", "FM999.990"}, "148.500"},
	{"to_char", "nx", {"148.5", "999D999"}, " 148.500"},
	{"to_char", "nx", {"3148.5", "9G999D999"}, " 3,148.500"},
	{"to_char", "ix", {"-485", "999S"}, "485-"},
	{"to_char", "ix", {"-485", "999MI"}, "485-"},
	{"to_char", "ix", {"485", "999MI"}, "485 "},
	{"to_char", "ix", {"485", "FM999MI"}, "485"},
	{"to_char", "ix", {"485", "SG999"}, "+485"},
	{"to_char", "ix", {"-485", "SG999"}, "-485"},
	{"to_char", "ix", {"-485", "9SG99"}, "4-85"},
	{"to_char", "ix", {"-485", "999PR"}, "<485>"},
	{"to_char", "ix", {"485", "999PR"}, " 485 "},
	{"to_char", "ix", {"485", "RN"}, "        CDLXXXV"},
	{"to_char", "ix", {"485", "FMRN"}, "CDLXXXV"},
	{"to_char", "ix", {"2024", "FMrn"}, "mmxxiv"},
	{"to_char", "ix", {"4000", "RN"}, "###############"},
	{"to_char", "nx", {"5.2", "FMRN"}, "V"},
	{"to_char", "ix", {"482", "999th"}, " 482nd"},
	{"to_char", "ix", {"11", "FM99TH"}, "11TH"},
	{"to_char", "ix", {"485", "\"Good number:\"999"}, "Good number: 485"},
	{"to_char", "nx", {"485.8", "\"Pre:\"999\" Post:\" .999"}, "Pre: 485 Post: .800"},
	{"to_char", "ix", {"12", "99V999"}, " 12000"},
	{"to_char", "nx", {"12.4", "99V999"}, " 12400"},
	{"to_char", "nx", {"12.45", "99V9"}, " 125"},
	{"to_char", "nx", {"0.0004859", "9.99EEEE"}, " 4.86e-04"},
	{"to_char", "nx", {"-1234.5", "9.9EEEE"}, "-1.2e+03"},
	{"to_char", "dx", {"1234.5", "9.99EEEE"}, " 1.23e+03"},
	{"to_char", "lx", {"123", "9.9EEEE"}, " 1.2e+02"},
	{"to_char", "lx", {"9223372036854775807", "9.99999999999999999EEEE"},
		" 9.22337203685477581e+18"},
	{"to_char", "ix", {"0", "9.99EEEE"}, " 0.00e+00"},
	{"to_char", "ix", {"12345", "999"}, " ###"},
	{"to_char", "nx", {"12345.6", "999.9"}, " ###.#"},
	{"to_char", "dx", {"1.5", "9.9"}, " 1.5"},
	{"to_char", "fx", {"0.125", "9.999"}, "  .125"},
	{"to_char", "ix", {"0", "9.99"}, "  .00"},
	{"to_char", "ix", {"0", "FM9.99"}, "0."},
	{"to_char", "ix", {"-5", "S999"}, "  -5"},
	{"to_char", "ix", {"5", "FMS999"}, "+5"},
	{"to_char", "lx", {"-9223372036854775808", "FM9999999999999999999"},
		"-9223372036854775808"},
	{"to_char", "ix", {"485", "L999"}, "  485"},
	{"to_char", "ix", {"7", "999."}, "   7"},
	{"to_char", "ix", {"1", "9..9"}, "ERROR 42601 multiple decimal points"},
	{"to_char", "ix", {"1", "S9S"}, "ERROR 42601 cannot use \"S\" twice"},
	{"to_char", "ix", {"1", "9.9V9"},
		"ERROR 42601 cannot use \"V\" and decimal point together"},
	{"to_char", "ix", {"1", "MI9PR"},
		"ERROR 42601 cannot use \"PR\" and \"S\"/\"PL\"/\"MI\"/\"SG\" together"},
	{"to_char", "ix", {"1", "FM9EEEE"},
		"ERROR 42601 \"EEEE\" is incompatible with other formats\n\"EEEE\" may only be used together with digit and decimal point patterns."},
	{"to_char", "lx", {"3000000000", "RN"}, "ERROR 22003 integer out of range"},
	{"in", "n", {"0"}, "0"},
	{"in", "n", {"-0"}, "0"},
	{"in", "n", {"-0.00"}, "0.00"},
	{"in", "n", {"1.50"}, "1.50"},
	{"in", "n", {"  +1.50  "}, "1.50"},
	{"in", "n", {"1e3"}, "1000"},
	{"in", "n", {"1.5e-3"}, "0.0015"},
	{"in", "n", {".5"}, "0.5"},
	{"in", "n", {"5."}, "5"},
	{"in", "n", {"1E+2"}, "100"},
	{"in", "n", {"-1.5E-2"}, "-0.015"},
	{"in", "n", {"000123.4500"}, "123.4500"},
	{"in", "n", {"0.000000000000000000000000000001"}, "0.000000000000000000000000000001"},
	{"in", "n", {"123456789012345678901234567890.123456789"},
		"123456789012345678901234567890.123456789"},
	{"in", "n", {"NaN"}, "NaN"},
	{"in", "n", {"nan"}, "NaN"},
	{"in", "n", {" Infinity "}, "Infinity"},
	{"in", "n", {"-inf"}, "-Infinity"},
	{"in", "n", {"inf"}, "Infinity"},
	{"in", "n", {"+Infinity"}, "Infinity"},
	{"in", "n", {"-INFINITY"}, "-Infinity"},
	{"in", "n", {"1e-16383"},
		"#16385:0.00000000000000000000000000000000000000...0000000000000000000000000000000000000001"},
	{"in", "n", {"9999.9999"}, "9999.9999"},
	{"in", "n", {"10000"}, "10000"},
	{"in", "n", {"0.0001"}, "0.0001"},
	{"in", "n", {"-99999999.99999999"}, "-99999999.99999999"},
	{"in", "n", {"1e1000"},
		"#1001:1000000000000000000000000000000000000000...0000000000000000000000000000000000000000"},
	{"in", "n", {"x"}, "ERROR 22P02 invalid input syntax for type numeric: \"x\""},
	{"in", "n", {""}, "ERROR 22P02 invalid input syntax for type numeric: \"\""},
	{"in", "n", {"1e"}, "ERROR 22P02 invalid input syntax for type numeric: \"1e\""},
	{"in", "n", {"1.2.3"}, "ERROR 22P02 invalid input syntax for type numeric: \"1.2.3\""},
	{"in", "n", {"."}, "ERROR 22P02 invalid input syntax for type numeric: \".\""},
	{"in", "n", {"- 1"}, "ERROR 22P02 invalid input syntax for type numeric: \"- 1\""},
	{"in", "n", {"1 2"}, "ERROR 22P02 invalid input syntax for type numeric: \"1 2\""},
	{"in", "n", {"+-1"}, "ERROR 22P02 invalid input syntax for type numeric: \"+-1\""},
	{"in", "n", {"NaNx"}, "ERROR 22P02 invalid input syntax for type numeric: \"NaNx\""},
	{"in", "n", {"-NaN"}, "ERROR 22P02 invalid input syntax for type numeric: \"-NaN\""},
	{"in", "n", {"1e131072"}, "ERROR 22003 value overflows numeric format"},
	{"in", "n", {"1e-16384"}, "ERROR 22003 value overflows numeric format"},
	{"in", "n", {"1e2147483647"}, "ERROR 22003 value overflows numeric format"},
	{"in", "n", {" "}, "ERROR 22P02 invalid input syntax for type numeric: \" \""},
	{"in", "n", {"1e+"}, "ERROR 22P02 invalid input syntax for type numeric: \"1e+\""},
	{"in", "n", {"0x10"}, "ERROR 22P02 invalid input syntax for type numeric: \"0x10\""},
	{"in", "n", {"1_000"}, "ERROR 22P02 invalid input syntax for type numeric: \"1_000\""},
	{"typmod", "np", {"1.", "5,2"}, "1.00"},
	{"typmod", "np", {"123.456", "5,2"}, "123.46"},
	{"typmod", "np", {"1234.5", "5,2"},
		"ERROR 22003 numeric field overflow\nA field with precision 5, scale 2 must round to an absolute value less than 10^3."},
	{"typmod", "np", {"999.995", "5,2"},
		"ERROR 22003 numeric field overflow\nA field with precision 5, scale 2 must round to an absolute value less than 10^3."},
	{"typmod", "np", {"999.994", "5,2"}, "999.99"},
	{"typmod", "np", {"0.5", "2,2"}, "0.50"},
	{"typmod", "np", {"1", "2,2"},
		"ERROR 22003 numeric field overflow\nA field with precision 2, scale 2 must round to an absolute value less than 1."},
	{"typmod", "np", {"-0.995", "2,2"},
		"ERROR 22003 numeric field overflow\nA field with precision 2, scale 2 must round to an absolute value less than 1."},
	{"typmod", "np", {"Infinity", "5,2"},
		"ERROR 22003 numeric field overflow\nA field with precision 5, scale 2 cannot hold an infinite value."},
	{"typmod", "np", {"NaN", "5,2"}, "NaN"},
	{"typmod", "np", {"123456", "3,-3"}, "123000"},
	{"typmod", "np", {"1234567", "3,-3"},
		"ERROR 22003 numeric field overflow\nA field with precision 3, scale -3 must round to an absolute value less than 10^6."},
	{"typmod", "np", {"0.001", "3,5"}, "0.00100"},
	{"typmod", "np", {"0.01", "3,5"},
		"ERROR 22003 numeric field overflow\nA field with precision 3, scale 5 must round to an absolute value less than 10^-2."},
	{"typmod", "np", {"12.345", "10,0"}, "12"},
	{"typmod", "np", {"-12.5", "10,0"}, "-13"},
	{"typmod", "np", {"99.5", "2,0"},
		"ERROR 22003 numeric field overflow\nA field with precision 2, scale 0 must round to an absolute value less than 10^2."},
	{"+", "nn", {"1.5", "2.25"}, "3.75"},
	{"-", "nn", {"1.5", "2.25"}, "-0.75"},
	{"*", "nn", {"1.5", "2.25"}, "3.375"},
	{"/", "nn", {"1.5", "2.25"}, "0.66666666666666666667"},
	{"%", "nn", {"1.5", "2.25"}, "1.50"},
	{"^", "nn", {"1.5", "2.25"}, "2.4900343193257236"},
	{"+", "nn", {"9999.9999", "0.0001"}, "10000.0000"},
	{"-", "nn", {"9999.9999", "0.0001"}, "9999.9998"},
	{"*", "nn", {"9999.9999", "0.0001"}, "0.99999999"},
	{"/", "nn", {"9999.9999", "0.0001"}, "99999999.000000000000"},
	{"%", "nn", {"9999.9999", "0.0001"}, "0.0000"},
	{"^", "nn", {"9999.9999", "0.0001"}, "1.0009214583182950"},
	{"+", "nn", {"-1.5", "1.5"}, "0.0"},
	{"-", "nn", {"-1.5", "1.5"}, "-3.0"},
	{"*", "nn", {"-1.5", "1.5"}, "-2.25"},
	{"/", "nn", {"-1.5", "1.5"}, "-1.00000000000000000000"},
	{"%", "nn", {"-1.5", "1.5"}, "0.0"},
	{"^", "nn", {"-1.5", "1.5"},
		"ERROR 2201F a negative number raised to a non-integer power yields a complex result"},
	{"+", "nn", {"1", "3"}, "4"},
	{"-", "nn", {"1", "3"}, "-2"},
	{"*", "nn", {"1", "3"}, "3"},
	{"/", "nn", {"1", "3"}, "0.33333333333333333333"},
	{"%", "nn", {"1", "3"}, "1"},
	{"^", "nn", {"1", "3"}, "1.0000000000000000"},
	{"+", "nn", {"10", "4"}, "14"},
	{"-", "nn", {"10", "4"}, "6"},
	{"*", "nn", {"10", "4"}, "40"},
	{"/", "nn", {"10", "4"}, "2.5000000000000000"},
	{"%", "nn", {"10", "4"}, "2"},
	{"^", "nn", {"10", "4"}, "10000.0000000000000000"},
	{"+", "nn", {"2", "-3"}, "-1"},
	{"-", "nn", {"2", "-3"}, "5"},
	{"*", "nn", {"2", "-3"}, "-6"},
	{"/", "nn", {"2", "-3"}, "-0.66666666666666666667"},
	{"%", "nn", {"2", "-3"}, "2"},
	{"^", "nn", {"2", "-3"}, "0.1250000000000000"},
	{"+", "nn", {"-7.5", "2"}, "-5.5"},
	{"-", "nn", {"-7.5", "2"}, "-9.5"},
	{"*", "nn", {"-7.5", "2"}, "-15.0"},
	{"/", "nn", {"-7.5", "2"}, "-3.7500000000000000"},
	{"%", "nn", {"-7.5", "2"}, "-1.5"},
	{"^", "nn", {"-7.5", "2"}, "56.2500000000000000"},
	{"+", "nn", {"7.5", "-2"}, "5.5"},
	{"-", "nn", {"7.5", "-2"}, "9.5"},
	{"*", "nn", {"7.5", "-2"}, "-15.0"},
	{"/", "nn", {"7.5", "-2"}, "-3.7500000000000000"},
	{"%", "nn", {"7.5", "-2"}, "1.5"},
	{"^", "nn", {"7.5", "-2"}, "0.0177777777777778"},
	{"+", "nn", {"123456789.123", "7"}, "123456796.123"},
	{"-", "nn", {"123456789.123", "7"}, "123456782.123"},
	{"*", "nn", {"123456789.123", "7"}, "864197523.861"},
	{"/", "nn", {"123456789.123", "7"}, "17636684.160428571429"},
	{"%", "nn", {"123456789.123", "7"}, "1.123"},
	{"^", "nn", {"123456789.123", "7"},
		"437124192669433457698613218698733616978914362648093996099.7798492500842463"},
	{"+", "nn", {"1", "0"}, "1"},
	{"-", "nn", {"1", "0"}, "1"},
	{"*", "nn", {"1", "0"}, "0"},
	{"/", "nn", {"1", "0"}, "ERROR 22012 division by zero"},
	{"%", "nn", {"1", "0"}, "ERROR 22012 division by zero"},
	{"^", "nn", {"1", "0"}, "1.0000000000000000"},
	{"+", "nn", {"0", "0"}, "0"},
	{"-", "nn", {"0", "0"}, "0"},
	{"*", "nn", {"0", "0"}, "0"},
	{"/", "nn", {"0", "0"}, "ERROR 22012 division by zero"},
	{"%", "nn", {"0", "0"}, "ERROR 22012 division by zero"},
	{"^", "nn", {"0", "0"}, "1.0000000000000000"},
	{"+", "nn", {"0.0000001", "3"}, "3.0000001"},
	{"-", "nn", {"0.0000001", "3"}, "-2.9999999"},
	{"*", "nn", {"0.0000001", "3"}, "0.0000003"},
	{"/", "nn", {"0.0000001", "3"}, "0.000000033333333333333333"},
	{"%", "nn", {"0.0000001", "3"}, "0.0000001"},
	{"^", "nn", {"0.0000001", "3"}, "0.0000000000000000"},
	{"+", "nn", {"99999999999999999999", "99999999999999999999"}, "199999999999999999998"},
	{"-", "nn", {"99999999999999999999", "99999999999999999999"}, "0"},
	{"*", "nn", {"99999999999999999999", "99999999999999999999"},
		"9999999999999999999800000000000000000001"},
	{"/", "nn", {"99999999999999999999", "99999999999999999999"}, "1.00000000000000000000"},
	{"%", "nn", {"99999999999999999999", "99999999999999999999"}, "0"},
	{"^", "nn", {"99999999999999999999", "99999999999999999999"},
		"ERROR 22003 value overflows numeric format"},
	{"+", "nn", {"1e-10", "1e10"}, "10000000000.0000000001"},
	{"-", "nn", {"1e-10", "1e10"}, "-9999999999.9999999999"},
	{"*", "nn", {"1e-10", "1e10"}, "1.0000000000"},
	{"/", "nn", {"1e-10", "1e10"}, "0.0000000000000000000100000000000000000000"},
	{"%", "nn", {"1e-10", "1e10"}, "0.0000000001"},
	{"^", "nn", {"1e-10", "1e10"},
		"#1002:0.00000000000000000000000000000000000000...0000000000000000000000000000000000000000"},
	{"+", "nn", {"1.000", "1.00"}, "2.000"},
	{"-", "nn", {"1.000", "1.00"}, "0.000"},
	{"*", "nn", {"1.000", "1.00"}, "1.00000"},
	{"/", "nn", {"1.000", "1.00"}, "1.00000000000000000000"},
	{"%", "nn", {"1.000", "1.00"}, "0.000"},
	{"^", "nn", {"1.000", "1.00"}, "1.0000000000000000"},
	{"+", "nn", {"-0.001", "0.001"}, "0.000"},
	{"-", "nn", {"-0.001", "0.001"}, "-0.002"},
	{"*", "nn", {"-0.001", "0.001"}, "-0.000001"},
	{"/", "nn", {"-0.001", "0.001"}, "-1.00000000000000000000"},
	{"%", "nn", {"-0.001", "0.001"}, "0.000"},
	{"^", "nn", {"-0.001", "0.001"},
		"ERROR 2201F a negative number raised to a non-integer power yields a complex result"},
	{"+", "nn", {"NaN", "1"}, "NaN"},
	{"-", "nn", {"NaN", "1"}, "NaN"},
	{"*", "nn", {"NaN", "1"}, "NaN"},
	{"/", "nn", {"NaN", "1"}, "NaN"},
	{"%", "nn", {"NaN", "1"}, "NaN"},
	{"^", "nn", {"NaN", "1"}, "NaN"},
	{"+", "nn", {"Infinity", "-Infinity"}, "NaN"},
	{"-", "nn", {"Infinity", "-Infinity"}, "Infinity"},
	{"*", "nn", {"Infinity", "-Infinity"}, "-Infinity"},
	{"/", "nn", {"Infinity", "-Infinity"}, "NaN"},
	{"%", "nn", {"Infinity", "-Infinity"}, "NaN"},
	{"^", "nn", {"Infinity", "-Infinity"}, "0"},
	{"+", "nn", {"Infinity", "0"}, "Infinity"},
	{"-", "nn", {"Infinity", "0"}, "Infinity"},
	{"*", "nn", {"Infinity", "0"}, "NaN"},
	{"/", "nn", {"Infinity", "0"}, "ERROR 22012 division by zero"},
	{"%", "nn", {"Infinity", "0"}, "ERROR 22012 division by zero"},
	{"^", "nn", {"Infinity", "0"}, "1"},
	{"+", "nn", {"Infinity", "2"}, "Infinity"},
	{"-", "nn", {"Infinity", "2"}, "Infinity"},
	{"*", "nn", {"Infinity", "2"}, "Infinity"},
	{"/", "nn", {"Infinity", "2"}, "Infinity"},
	{"%", "nn", {"Infinity", "2"}, "NaN"},
	{"^", "nn", {"Infinity", "2"}, "Infinity"},
	{"+", "nn", {"-Infinity", "-0.5"}, "-Infinity"},
	{"-", "nn", {"-Infinity", "-0.5"}, "-Infinity"},
	{"*", "nn", {"-Infinity", "-0.5"}, "Infinity"},
	{"/", "nn", {"-Infinity", "-0.5"}, "Infinity"},
	{"%", "nn", {"-Infinity", "-0.5"}, "NaN"},
	{"^", "nn", {"-Infinity", "-0.5"},
		"ERROR 2201F a negative number raised to a non-integer power yields a complex result"},
	{"+", "nn", {"5", "Infinity"}, "Infinity"},
	{"-", "nn", {"5", "Infinity"}, "-Infinity"},
	{"*", "nn", {"5", "Infinity"}, "Infinity"},
	{"/", "nn", {"5", "Infinity"}, "0"},
	{"%", "nn", {"5", "Infinity"}, "5"},
	{"^", "nn", {"5", "Infinity"}, "Infinity"},
	{"+", "nn", {"-2", "Infinity"}, "Infinity"},
	{"-", "nn", {"-2", "Infinity"}, "-Infinity"},
	{"*", "nn", {"-2", "Infinity"}, "-Infinity"},
	{"/", "nn", {"-2", "Infinity"}, "0"},
	{"%", "nn", {"-2", "Infinity"}, "-2"},
	{"^", "nn", {"-2", "Infinity"}, "Infinity"},
	{"+", "nn", {"Infinity", "Infinity"}, "Infinity"},
	{"-", "nn", {"Infinity", "Infinity"}, "NaN"},
	{"*", "nn", {"Infinity", "Infinity"}, "Infinity"},
	{"/", "nn", {"Infinity", "Infinity"}, "NaN"},
	{"%", "nn", {"Infinity", "Infinity"}, "NaN"},
	{"^", "nn", {"Infinity", "Infinity"}, "Infinity"},
	{"+", "nn", {"NaN", "0"}, "NaN"},
	{"-", "nn", {"NaN", "0"}, "NaN"},
	{"*", "nn", {"NaN", "0"}, "NaN"},
	{"/", "nn", {"NaN", "0"}, "NaN"},
	{"%", "nn", {"NaN", "0"}, "NaN"},
	{"^", "nn", {"NaN", "0"}, "1"},
	{"+", "nn", {"Infinity", "0.0"}, "Infinity"},
	{"-", "nn", {"Infinity", "0.0"}, "Infinity"},
	{"*", "nn", {"Infinity", "0.0"}, "NaN"},
	{"/", "nn", {"Infinity", "0.0"}, "ERROR 22012 division by zero"},
	{"%", "nn", {"Infinity", "0.0"}, "ERROR 22012 division by zero"},
	{"^", "nn", {"Infinity", "0.0"}, "1"},
	{"+", "nn", {"12345678901234567890.5", "0.000000001"}, "12345678901234567890.500000001"},
	{"-", "nn", {"12345678901234567890.5", "0.000000001"}, "12345678901234567890.499999999"},
	{"*", "nn", {"12345678901234567890.5", "0.000000001"}, "12345678901.2345678905"},
	{"/", "nn", {"12345678901234567890.5", "0.000000001"},
		"12345678901234567890500000000.000000000"},
	{"%", "nn", {"12345678901234567890.5", "0.000000001"}, "0.000000000"},
	{"^", "nn", {"12345678901234567890.5", "0.000000001"}, "1.0000000439598388"},
	{"+", "nn", {"2", "0.5"}, "2.5"},
	{"-", "nn", {"2", "0.5"}, "1.5"},
	{"*", "nn", {"2", "0.5"}, "1.0"},
	{"/", "nn", {"2", "0.5"}, "4.0000000000000000"},
	{"%", "nn", {"2", "0.5"}, "0.0"},
	{"^", "nn", {"2", "0.5"}, "1.4142135623730950"},
	{"+", "nn", {"1.0000001", "10000000"}, "10000001.0000001"},
	{"-", "nn", {"1.0000001", "10000000"}, "-9999998.9999999"},
	{"*", "nn", {"1.0000001", "10000000"}, "10000001.0000000"},
	{"/", "nn", {"1.0000001", "10000000"}, "0.000000100000010000000000"},
	{"%", "nn", {"1.0000001", "10000000"}, "1.0000001"},
	{"^", "nn", {"1.0000001", "10000000"}, "2.7182816925449663"},
	{"+", "nn", {"0.5", "100"}, "100.5"},
	{"-", "nn", {"0.5", "100"}, "-99.5"},
	{"*", "nn", {"0.5", "100"}, "50.0"},
	{"/", "nn", {"0.5", "100"}, "0.00500000000000000000"},
	{"%", "nn", {"0.5", "100"}, "0.5"},
	{"^", "nn", {"0.5", "100"}, "0.0000000000000000"},
	{"+", "nn", {"1.5", "3"}, "4.5"},
	{"-", "nn", {"1.5", "3"}, "-1.5"},
	{"*", "nn", {"1.5", "3"}, "4.5"},
	{"/", "nn", {"1.5", "3"}, "0.50000000000000000000"},
	{"%", "nn", {"1.5", "3"}, "1.5"},
	{"^", "nn", {"1.5", "3"}, "3.3750000000000000"},
	{"+", "nn", {"-2", "3"}, "1"},
	{"-", "nn", {"-2", "3"}, "-5"},
	{"*", "nn", {"-2", "3"}, "-6"},
	{"/", "nn", {"-2", "3"}, "-0.66666666666666666667"},
	{"%", "nn", {"-2", "3"}, "-2"},
	{"^", "nn", {"-2", "3"}, "-8.0000000000000000"},
	{"+", "nn", {"-8", "0.3333"}, "-7.6667"},
	{"-", "nn", {"-8", "0.3333"}, "-8.3333"},
	{"*", "nn", {"-8", "0.3333"}, "-2.6664"},
	{"/", "nn", {"-8", "0.3333"}, "-24.0024002400240024"},
	{"%", "nn", {"-8", "0.3333"}, "-0.0008"},
	{"^", "nn", {"-8", "0.3333"},
		"ERROR 2201F a negative number raised to a non-integer power yields a complex result"},
	{"+", "nn", {"0", "-1"}, "-1"},
	{"-", "nn", {"0", "-1"}, "1"},
	{"*", "nn", {"0", "-1"}, "0"},
	{"/", "nn", {"0", "-1"}, "0.00000000000000000000"},
	{"%", "nn", {"0", "-1"}, "0"},
	{"^", "nn", {"0", "-1"}, "ERROR 2201F zero raised to a negative power is undefined"},
	{"+", "nn", {"0", "1.5"}, "1.5"},
	{"-", "nn", {"0", "1.5"}, "-1.5"},
	{"*", "nn", {"0", "1.5"}, "0.0"},
	{"/", "nn", {"0", "1.5"}, "0.00000000000000000000"},
	{"%", "nn", {"0", "1.5"}, "0.0"},
	{"^", "nn", {"0", "1.5"}, "0.0000000000000000"},
	{"+", "nn", {"10", "-20"}, "-10"},
	{"-", "nn", {"10", "-20"}, "30"},
	{"*", "nn", {"10", "-20"}, "-200"},
	{"/", "nn", {"10", "-20"}, "-0.50000000000000000000"},
	{"%", "nn", {"10", "-20"}, "10"},
	{"^", "nn", {"10", "-20"}, "0.0000000000000000"},
	{"+", "nn", {"2", "100"}, "102"},
	{"-", "nn", {"2", "100"}, "-98"},
	{"*", "nn", {"2", "100"}, "200"},
	{"/", "nn", {"2", "100"}, "0.02000000000000000000"},
	{"%", "nn", {"2", "100"}, "2"},
	{"^", "nn", {"2", "100"}, "1267650600228229401496703205376.0000000000000000"},
	{"+", "nn", {"2.5", "50"}, "52.5"},
	{"-", "nn", {"2.5", "50"}, "-47.5"},
	{"*", "nn", {"2.5", "50"}, "125.0"},
	{"/", "nn", {"2.5", "50"}, "0.05000000000000000000"},
	{"%", "nn", {"2.5", "50"}, "2.5"},
	{"^", "nn", {"2.5", "50"}, "78886090522101180541.1728565282786230"},
	{"+", "nn", {"1.123456789012345678", "2"}, "3.123456789012345678"},
	{"-", "nn", {"1.123456789012345678", "2"}, "-0.876543210987654322"},
	{"*", "nn", {"1.123456789012345678", "2"}, "2.246913578024691356"},
	{"/", "nn", {"1.123456789012345678", "2"}, "0.56172839450617283900"},
	{"%", "nn", {"1.123456789012345678", "2"}, "1.123456789012345678"},
	{"^", "nn", {"1.123456789012345678", "2"}, "1.262155156777930193"},
	{"+", "nn", {"3", "-3"}, "0"},
	{"-", "nn", {"3", "-3"}, "6"},
	{"*", "nn", {"3", "-3"}, "-9"},
	{"/", "nn", {"3", "-3"}, "-1.00000000000000000000"},
	{"%", "nn", {"3", "-3"}, "0"},
	{"^", "nn", {"3", "-3"}, "0.0370370370370370"},
	{"+", "nn", {"2", "1e10"}, "10000000002"},
	{"-", "nn", {"2", "1e10"}, "-9999999998"},
	{"*", "nn", {"2", "1e10"}, "20000000000"},
	{"/", "nn", {"2", "1e10"}, "0.0000000002000000000000000000"},
	{"%", "nn", {"2", "1e10"}, "2"},
	{"^", "nn", {"2", "1e10"}, "ERROR 22003 value overflows numeric format"},
	{"+", "nn", {"1.0000001", "1e10"}, "10000000001.0000001"},
	{"-", "nn", {"1.0000001", "1e10"}, "-9999999998.9999999"},
	{"*", "nn", {"1.0000001", "1e10"}, "10000001000.0000000"},
	{"/", "nn", {"1.0000001", "1e10"}, "0.0000000001000000100000000000"},
	{"%", "nn", {"1.0000001", "1e10"}, "1.0000001"},
	{"^", "nn", {"1.0000001", "1e10"},
		"#443:1969972612930460566309249994846149271840...25412741554496036691537886405938.8804115"},
	{"+", "nn", {"-1", "Infinity"}, "Infinity"},
	{"-", "nn", {"-1", "Infinity"}, "-Infinity"},
	{"*", "nn", {"-1", "Infinity"}, "-Infinity"},
	{"/", "nn", {"-1", "Infinity"}, "0"},
	{"%", "nn", {"-1", "Infinity"}, "-1"},
	{"^", "nn", {"-1", "Infinity"}, "1"},
	{"+", "nn", {"0.5", "Infinity"}, "Infinity"},
	{"-", "nn", {"0.5", "Infinity"}, "-Infinity"},
	{"*", "nn", {"0.5", "Infinity"}, "Infinity"},
	{"/", "nn", {"0.5", "Infinity"}, "0"},
	{"%", "nn", {"0.5", "Infinity"}, "0.5"},
	{"^", "nn", {"0.5", "Infinity"}, "0"},
	{"+", "nn", {"2", "-Infinity"}, "-Infinity"},
	{"-", "nn", {"2", "-Infinity"}, "Infinity"},
	{"*", "nn", {"2", "-Infinity"}, "-Infinity"},
	{"/", "nn", {"2", "-Infinity"}, "0"},
	{"%", "nn", {"2", "-Infinity"}, "2"},
	{"^", "nn", {"2", "-Infinity"}, "0"},
	{"+", "nn", {"-Infinity", "3"}, "-Infinity"},
	{"-", "nn", {"-Infinity", "3"}, "-Infinity"},
	{"*", "nn", {"-Infinity", "3"}, "-Infinity"},
	{"/", "nn", {"-Infinity", "3"}, "-Infinity"},
	{"%", "nn", {"-Infinity", "3"}, "NaN"},
	{"^", "nn", {"-Infinity", "3"}, "-Infinity"},
	{"+", "nn", {"-Infinity", "2"}, "-Infinity"},
	{"-", "nn", {"-Infinity", "2"}, "-Infinity"},
	{"*", "nn", {"-Infinity", "2"}, "-Infinity"},
	{"/", "nn", {"-Infinity", "2"}, "-Infinity"},
	{"%", "nn", {"-Infinity", "2"}, "NaN"},
	{"^", "nn", {"-Infinity", "2"}, "Infinity"},
	{"+", "nn", {"Infinity", "-2"}, "Infinity"},
	{"-", "nn", {"Infinity", "-2"}, "Infinity"},
	{"*", "nn", {"Infinity", "-2"}, "-Infinity"},
	{"/", "nn", {"Infinity", "-2"}, "-Infinity"},
	{"%", "nn", {"Infinity", "-2"}, "NaN"},
	{"^", "nn", {"Infinity", "-2"}, "0"},
	{"+", "nn", {"NaN", "0"}, "NaN"},
	{"-", "nn", {"NaN", "0"}, "NaN"},
	{"*", "nn", {"NaN", "0"}, "NaN"},
	{"/", "nn", {"NaN", "0"}, "NaN"},
	{"%", "nn", {"NaN", "0"}, "NaN"},
	{"^", "nn", {"NaN", "0"}, "1"},
	{"+", "nn", {"1", "NaN"}, "NaN"},
	{"-", "nn", {"1", "NaN"}, "NaN"},
	{"*", "nn", {"1", "NaN"}, "NaN"},
	{"/", "nn", {"1", "NaN"}, "NaN"},
	{"%", "nn", {"1", "NaN"}, "NaN"},
	{"^", "nn", {"1", "NaN"}, "1"},
	{"+", "nn", {"10", "-1000"}, "-990"},
	{"-", "nn", {"10", "-1000"}, "1010"},
	{"*", "nn", {"10", "-1000"}, "-10000"},
	{"/", "nn", {"10", "-1000"}, "-0.01000000000000000000"},
	{"%", "nn", {"10", "-1000"}, "10"},
	{"^", "nn", {"10", "-1000"}, "0.0000000000000000"},
	{"+", "nn", {"7", "2.5"}, "9.5"},
	{"-", "nn", {"7", "2.5"}, "4.5"},
	{"*", "nn", {"7", "2.5"}, "17.5"},
	{"/", "nn", {"7", "2.5"}, "2.8000000000000000"},
	{"%", "nn", {"7", "2.5"}, "2.0"},
	{"^", "nn", {"7", "2.5"}, "129.64181424216494"},
	{"+", "nn", {"0.9", "-30.5"}, "-29.6"},
	{"-", "nn", {"0.9", "-30.5"}, "31.4"},
	{"*", "nn", {"0.9", "-30.5"}, "-27.45"},
	{"/", "nn", {"0.9", "-30.5"}, "-0.02950819672131147541"},
	{"%", "nn", {"0.9", "-30.5"}, "0.9"},
	{"^", "nn", {"0.9", "-30.5"}, "24.865858737474747"},
	{"+", "nn", {"1e-100", "0.5"},
		"0.5000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001"},
	{"-", "nn", {"1e-100", "0.5"},
		"-0.4999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999"},
	{"*", "nn", {"1e-100", "0.5"},
		"0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005"},
	{"/", "nn", {"1e-100", "0.5"},
		"0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000020000000000000000"},
	{"%", "nn", {"1e-100", "0.5"},
		"0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001"},
	{"^", "nn", {"1e-100", "0.5"},
		"0.0000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000"},
	{"=", "nn", {"1.0", "1.00"}, "true"},
	{"=", "nn", {"NaN", "Infinity"}, "false"},
	{"=", "nn", {"NaN", "NaN"}, "true"},
	{"=", "nn", {"-Infinity", "-1e100"}, "false"},
	{"=", "nn", {"-1", "-2"}, "false"},
	{"=", "nn", {"0", "-0.0"}, "true"},
	{"=", "nn", {"1e-20", "0"}, "false"},
	{"=", "nn", {"12.34", "12.345"}, "false"},
	{"<>", "nn", {"1.0", "1.00"}, "false"},
	{"<>", "nn", {"NaN", "Infinity"}, "true"},
	{"<>", "nn", {"NaN", "NaN"}, "false"},
	{"<>", "nn", {"-Infinity", "-1e100"}, "true"},
	{"<>", "nn", {"-1", "-2"}, "true"},
	{"<>", "nn", {"0", "-0.0"}, "false"},
	{"<>", "nn", {"1e-20", "0"}, "true"},
	{"<>", "nn", {"12.34", "12.345"}, "true"},
	{"<", "nn", {"1.0", "1.00"}, "false"},
	{"<", "nn", {"NaN", "Infinity"}, "false"},
	{"<", "nn", {"NaN", "NaN"}, "false"},
	{"<", "nn", {"-Infinity", "-1e100"}, "true"},
	{"<", "nn", {"-1", "-2"}, "false"},
	{"<", "nn", {"0", "-0.0"}, "false"},
	{"<", "nn", {"1e-20", "0"}, "false"},
	{"<", "nn", {"12.34", "12.345"}, "true"},
	{"<=", "nn", {"1.0", "1.00"}, "true"},
	{"<=", "nn", {"NaN", "Infinity"}, "false"},
	{"<=", "nn", {"NaN", "NaN"}, "true"},
	{"<=", "nn", {"-Infinity", "-1e100"}, "true"},
	{"<=", "nn", {"-1", "-2"}, "false"},
	{"<=", "nn", {"0", "-0.0"}, "true"},
	{"<=", "nn", {"1e-20", "0"}, "false"},
	{"<=", "nn", {"12.34", "12.345"}, "true"},
	{">", "nn", {"1.0", "1.00"}, "false"},
	{">", "nn", {"NaN", "Infinity"}, "true"},
	{">", "nn", {"NaN", "NaN"}, "false"},
	{">", "nn", {"-Infinity", "-1e100"}, "false"},
	{">", "nn", {"-1", "-2"}, "true"},
	{">", "nn", {"0", "-0.0"}, "false"},
	{">", "nn", {"1e-20", "0"}, "true"},
	{">", "nn", {"12.34", "12.345"}, "false"},
	{">=", "nn", {"1.0", "1.00"}, "true"},
	{">=", "nn", {"NaN", "Infinity"}, "true"},
	{">=", "nn", {"NaN", "NaN"}, "true"},
	{">=", "nn", {"-Infinity", "-1e100"}, "false"},
	{">=", "nn", {"-1", "-2"}, "true"},
	{">=", "nn", {"0", "-0.0"}, "true"},
	{">=", "nn", {"1e-20", "0"}, "true"},
	{">=", "nn", {"12.34", "12.345"}, "false"},
	{"-", "n", {"1.5"}, "-1.5"},
	{"+", "n", {"1.5"}, "1.5"},
	{"@", "n", {"1.5"}, "1.5"},
	{"-", "n", {"-0"}, "0"},
	{"+", "n", {"-0"}, "0"},
	{"@", "n", {"-0"}, "0"},
	{"-", "n", {"0"}, "0"},
	{"+", "n", {"0"}, "0"},
	{"@", "n", {"0"}, "0"},
	{"-", "n", {"NaN"}, "NaN"},
	{"+", "n", {"NaN"}, "NaN"},
	{"@", "n", {"NaN"}, "NaN"},
	{"-", "n", {"Infinity"}, "-Infinity"},
	{"+", "n", {"Infinity"}, "Infinity"},
	{"@", "n", {"Infinity"}, "Infinity"},
	{"-", "n", {"-Infinity"}, "Infinity"},
	{"+", "n", {"-Infinity"}, "-Infinity"},
	{"@", "n", {"-Infinity"}, "Infinity"},
	{"-", "n", {"-12.340"}, "12.340"},
	{"+", "n", {"-12.340"}, "-12.340"},
	{"@", "n", {"-12.340"}, "12.340"},
	{"abs", "n", {"0"}, "0"},
	{"abs", "n", {"1.5"}, "1.5"},
	{"abs", "n", {"-1.5"}, "1.5"},
	{"abs", "n", {"2.5"}, "2.5"},
	{"abs", "n", {"-2.5"}, "2.5"},
	{"abs", "n", {"0.5"}, "0.5"},
	{"abs", "n", {"-0.5"}, "0.5"},
	{"abs", "n", {"1.000"}, "1.000"},
	{"abs", "n", {"2"}, "2"},
	{"abs", "n", {"100"}, "100"},
	{"abs", "n", {"1e-10"}, "0.0000000001"},
	{"abs", "n", {"0.0001"}, "0.0001"},
	{"abs", "n", {"123456789012345678901234567890"}, "123456789012345678901234567890"},
	{"abs", "n", {"1.0001"}, "1.0001"},
	{"abs", "n", {"0.999"}, "0.999"},
	{"abs", "n", {"10"}, "10"},
	{"abs", "n", {"1e100"},
		"10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
	{"abs", "n", {"0.001"}, "0.001"},
	{"abs", "n", {"1e-100"},
		"0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001"},
	{"abs", "n", {"-1"}, "1"},
	{"abs", "n", {"NaN"}, "NaN"},
	{"abs", "n", {"Infinity"}, "Infinity"},
	{"abs", "n", {"-Infinity"}, "Infinity"},
	{"abs", "n", {"9999.5"}, "9999.5"},
	{"abs", "n", {"-9999.5"}, "9999.5"},
	{"abs", "n", {"0.00"}, "0.00"},
	{"abs", "n", {"1.500"}, "1.500"},
	{"abs", "n", {"2.71828"}, "2.71828"},
	{"abs", "n", {"12345.678900"}, "12345.678900"},
	{"abs", "n", {"5.5e-7"}, "0.00000055"},
	{"abs", "n", {"1e-1000"},
		"#1002:0.00000000000000000000000000000000000000...0000000000000000000000000000000000000001"},
	{"abs", "n", {"0.9"}, "0.9"},
	{"abs", "n", {"1.1"}, "1.1"},
	{"abs", "n", {"1.05"}, "1.05"},
	{"abs", "n", {"0.95"}, "0.95"},
	{"ceil", "n", {"0"}, "0"},
	{"ceil", "n", {"1.5"}, "2"},
	{"ceil", "n", {"-1.5"}, "-1"},
	{"ceil", "n", {"2.5"}, "3"},
	{"ceil", "n", {"-2.5"}, "-2"},
	{"ceil", "n", {"0.5"}, "1"},
	{"ceil", "n", {"-0.5"}, "0"},
	{"ceil", "n", {"1.000"}, "1"},
	{"ceil", "n", {"2"}, "2"},
	{"ceil", "n", {"100"}, "100"},
	{"ceil", "n", {"1e-10"}, "1"},
	{"ceil", "n", {"0.0001"}, "1"},
	{"ceil", "n", {"123456789012345678901234567890"}, "123456789012345678901234567890"},
	{"ceil", "n", {"1.0001"}, "2"},
	{"ceil", "n", {"0.999"}, "1"},
	{"ceil", "n", {"10"}, "10"},
	{"ceil", "n", {"1e100"},
		"10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
	{"ceil", "n", {"0.001"}, "1"},
	{"ceil", "n", {"1e-100"}, "1"},
	{"ceil", "n", {"-1"}, "-1"},
	{"ceil", "n", {"NaN"}, "NaN"},
	{"ceil", "n", {"Infinity"}, "Infinity"},
	{"ceil", "n", {"-Infinity"}, "-Infinity"},
	{"ceil", "n", {"9999.5"}, "10000"},
	{"ceil", "n", {"-9999.5"}, "-9999"},
	{"ceil", "n", {"0.00"}, "0"},
	{"ceil", "n", {"1.500"}, "2"},
	{"ceil", "n", {"2.71828"}, "3"},
	{"ceil", "n", {"12345.678900"}, "12346"},
	{"ceil", "n", {"5.5e-7"}, "1"},
	{"ceil", "n", {"1e-1000"}, "1"},
	{"ceil", "n", {"0.9"}, "1"},
	{"ceil", "n", {"1.1"}, "2"},
	{"ceil", "n", {"1.05"}, "2"},
	{"ceil", "n", {"0.95"}, "1"},
	{"ceiling", "n", {"0"}, "0"},
	{"ceiling", "n", {"1.5"}, "2"},
	{"ceiling", "n", {"-1.5"}, "-1"},
	{"ceiling", "n", {"2.5"}, "3"},
	{"ceiling", "n", {"-2.5"}, "-2"},
	{"ceiling", "n", {"0.5"}, "1"},
	{"ceiling", "n", {"-0.5"}, "0"},
	{"ceiling", "n", {"1.000"}, "1"},
	{"ceiling", "n", {"2"}, "2"},
	{"ceiling", "n", {"100"}, "100"},
	{"ceiling", "n", {"1e-10"}, "1"},
	{"ceiling", "n", {"0.0001"}, "1"},
	{"ceiling", "n", {"123456789012345678901234567890"}, "123456789012345678901234567890"},
	{"ceiling", "n", {"1.0001"}, "2"},
	{"ceiling", "n", {"0.999"}, "1"},
	{"ceiling", "n", {"10"}, "10"},
	{"ceiling", "n", {"1e100"},
		"10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
	{"ceiling", "n", {"0.001"}, "1"},
	{"ceiling", "n", {"1e-100"}, "1"},
	{"ceiling", "n", {"-1"}, "-1"},
	{"ceiling", "n", {"NaN"}, "NaN"},
	{"ceiling", "n", {"Infinity"}, "Infinity"},
	{"ceiling", "n", {"-Infinity"}, "-Infinity"},
	{"ceiling", "n", {"9999.5"}, "10000"},
	{"ceiling", "n", {"-9999.5"}, "-9999"},
	{"ceiling", "n", {"0.00"}, "0"},
	{"ceiling", "n", {"1.500"}, "2"},
	{"ceiling", "n", {"2.71828"}, "3"},
	{"ceiling", "n", {"12345.678900"}, "12346"},
	{"ceiling", "n", {"5.5e-7"}, "1"},
	{"ceiling", "n", {"1e-1000"}, "1"},
	{"ceiling", "n", {"0.9"}, "1"},
	{"ceiling", "n", {"1.1"}, "2"},
	{"ceiling", "n", {"1.05"}, "2"},
	{"ceiling", "n", {"0.95"}, "1"},
	{"floor", "n", {"0"}, "0"},
	{"floor", "n", {"1.5"}, "1"},
	{"floor", "n", {"-1.5"}, "-2"},
	{"floor", "n", {"2.5"}, "2"},
	{"floor", "n", {"-2.5"}, "-3"},
	{"floor", "n", {"0.5"}, "0"},
	{"floor", "n", {"-0.5"}, "-1"},
	{"floor", "n", {"1.000"}, "1"},
	{"floor", "n", {"2"}, "2"},
	{"floor", "n", {"100"}, "100"},
	{"floor", "n", {"1e-10"}, "0"},
	{"floor", "n", {"0.0001"}, "0"},
	{"floor", "n", {"123456789012345678901234567890"}, "123456789012345678901234567890"},
	{"floor", "n", {"1.0001"}, "1"},
	{"floor", "n", {"0.999"}, "0"},
	{"floor", "n", {"10"}, "10"},
	{"floor", "n", {"1e100"},
		"10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
	{"floor", "n", {"0.001"}, "0"},
	{"floor", "n", {"1e-100"}, "0"},
	{"floor", "n", {"-1"}, "-1"},
	{"floor", "n", {"NaN"}, "NaN"},
	{"floor", "n", {"Infinity"}, "Infinity"},
	{"floor", "n", {"-Infinity"}, "-Infinity"},
	{"floor", "n", {"9999.5"}, "9999"},
	{"floor", "n", {"-9999.5"}, "-10000"},
	{"floor", "n", {"0.00"}, "0"},
	{"floor", "n", {"1.500"}, "1"},
	{"floor", "n", {"2.71828"}, "2"},
	{"floor", "n", {"12345.678900"}, "12345"},
	{"floor", "n", {"5.5e-7"}, "0"},
	{"floor", "n", {"1e-1000"}, "0"},
	{"floor", "n", {"0.9"}, "0"},
	{"floor", "n", {"1.1"}, "1"},
	{"floor", "n", {"1.05"}, "1"},
	{"floor", "n", {"0.95"}, "0"},
	{"sign", "n", {"0"}, "0"},
	{"sign", "n", {"1.5"}, "1"},
	{"sign", "n", {"-1.5"}, "-1"},
	{"sign", "n", {"2.5"}, "1"},
	{"sign", "n", {"-2.5"}, "-1"},
	{"sign", "n", {"0.5"}, "1"},
	{"sign", "n", {"-0.5"}, "-1"},
	{"sign", "n", {"1.000"}, "1"},
	{"sign", "n", {"2"}, "1"},
	{"sign", "n", {"100"}, "1"},
	{"sign", "n", {"1e-10"}, "1"},
	{"sign", "n", {"0.0001"}, "1"},
	{"sign", "n", {"123456789012345678901234567890"}, "1"},
	{"sign", "n", {"1.0001"}, "1"},
	{"sign", "n", {"0.999"}, "1"},
	{"sign", "n", {"10"}, "1"},
	{"sign", "n", {"1e100"}, "1"},
	{"sign", "n", {"0.001"}, "1"},
	{"sign", "n", {"1e-100"}, "1"},
	{"sign", "n", {"-1"}, "-1"},
	{"sign", "n", {"NaN"}, "NaN"},
	{"sign", "n", {"Infinity"}, "1"},
	{"sign", "n", {"-Infinity"}, "-1"},
	{"sign", "n", {"9999.5"}, "1"},
	{"sign", "n", {"-9999.5"}, "-1"},
	{"sign", "n", {"0.00"}, "0"},
	{"sign", "n", {"1.500"}, "1"},
	{"sign", "n", {"2.71828"}, "1"},
	{"sign", "n", {"12345.678900"}, "1"},
	{"sign", "n", {"5.5e-7"}, "1"},
	{"sign", "n", {"1e-1000"}, "1"},
	{"sign", "n", {"0.9"}, "1"},
	{"sign", "n", {"1.1"}, "1"},
	{"sign", "n", {"1.05"}, "1"},
	{"sign", "n", {"0.95"}, "1"},
	{"round", "n", {"0"}, "0"},
	{"round", "n", {"1.5"}, "2"},
	{"round", "n", {"-1.5"}, "-2"},
	{"round", "n", {"2.5"}, "3"},
	{"round", "n", {"-2.5"}, "-3"},
	{"round", "n", {"0.5"}, "1"},
	{"round", "n", {"-0.5"}, "-1"},
	{"round", "n", {"1.000"}, "1"},
	{"round", "n", {"2"}, "2"},
	{"round", "n", {"100"}, "100"},
	{"round", "n", {"1e-10"}, "0"},
	{"round", "n", {"0.0001"}, "0"},
	{"round", "n", {"123456789012345678901234567890"}, "123456789012345678901234567890"},
	{"round", "n", {"1.0001"}, "1"},
	{"round", "n", {"0.999"}, "1"},
	{"round", "n", {"10"}, "10"},
	{"round", "n", {"1e100"},
		"10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
	{"round", "n", {"0.001"}, "0"},
	{"round", "n", {"1e-100"}, "0"},
	{"round", "n", {"-1"}, "-1"},
	{"round", "n", {"NaN"}, "NaN"},
	{"round", "n", {"Infinity"}, "Infinity"},
	{"round", "n", {"-Infinity"}, "-Infinity"},
	{"round", "n", {"9999.5"}, "10000"},
	{"round", "n", {"-9999.5"}, "-10000"},
	{"round", "n", {"0.00"}, "0"},
	{"round", "n", {"1.500"}, "2"},
	{"round", "n", {"2.71828"}, "3"},
	{"round", "n", {"12345.678900"}, "12346"},
	{"round", "n", {"5.5e-7"}, "0"},
	{"round", "n", {"1e-1000"}, "0"},
	{"round", "n", {"0.9"}, "1"},
	{"round", "n", {"1.1"}, "1"},
	{"round", "n", {"1.05"}, "1"},
	{"round", "n", {"0.95"}, "1"},
	{"trunc", "n", {"0"}, "0"},
	{"trunc", "n", {"1.5"}, "1"},
	{"trunc", "n", {"-1.5"}, "-1"},
	{"trunc", "n", {"2.5"}, "2"},
	{"trunc", "n", {"-2.5"}, "-2"},
	{"trunc", "n", {"0.5"}, "0"},
	{"trunc", "n", {"-0.5"}, "0"},
	{"trunc", "n", {"1.000"}, "1"},
	{"trunc", "n", {"2"}, "2"},
	{"trunc", "n", {"100"}, "100"},
	{"trunc", "n", {"1e-10"}, "0"},
	{"trunc", "n", {"0.0001"}, "0"},
	{"trunc", "n", {"123456789012345678901234567890"}, "123456789012345678901234567890"},
	{"trunc", "n", {"1.0001"}, "1"},
	{"trunc", "n", {"0.999"}, "0"},
	{"trunc", "n", {"10"}, "10"},
	{"trunc", "n", {"1e100"},
		"10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
	{"trunc", "n", {"0.001"}, "0"},
	{"trunc", "n", {"1e-100"}, "0"},
	{"trunc", "n", {"-1"}, "-1"},
	{"trunc", "n", {"NaN"}, "NaN"},
	{"trunc", "n", {"Infinity"}, "Infinity"},
	{"trunc", "n", {"-Infinity"}, "-Infinity"},
	{"trunc", "n", {"9999.5"}, "9999"},
	{"trunc", "n", {"-9999.5"}, "-9999"},
	{"trunc", "n", {"0.00"}, "0"},
	{"trunc", "n", {"1.500"}, "1"},
	{"trunc", "n", {"2.71828"}, "2"},
	{"trunc", "n", {"12345.678900"}, "12345"},
	{"trunc", "n", {"5.5e-7"}, "0"},
	{"trunc", "n", {"1e-1000"}, "0"},
	{"trunc", "n", {"0.9"}, "0"},
	{"trunc", "n", {"1.1"}, "1"},
	{"trunc", "n", {"1.05"}, "1"},
	{"trunc", "n", {"0.95"}, "0"},
	{"sqrt", "n", {"0"}, "0.000000000000000"},
	{"sqrt", "n", {"1.5"}, "1.224744871391589"},
	{"sqrt", "n", {"-1.5"}, "ERROR 2201F cannot take square root of a negative number"},
	{"sqrt", "n", {"2.5"}, "1.581138830084190"},
	{"sqrt", "n", {"-2.5"}, "ERROR 2201F cannot take square root of a negative number"},
	{"sqrt", "n", {"0.5"}, "0.70710678118654752"},
	{"sqrt", "n", {"-0.5"}, "ERROR 2201F cannot take square root of a negative number"},
	{"sqrt", "n", {"1.000"}, "1.000000000000000"},
	{"sqrt", "n", {"2"}, "1.414213562373095"},
	{"sqrt", "n", {"100"}, "10.000000000000000"},
	{"sqrt", "n", {"1e-10"}, "0.000010000000000000000"},
	{"sqrt", "n", {"0.0001"}, "0.01000000000000000"},
	{"sqrt", "n", {"123456789012345678901234567890"}, "351364182882014.4"},
	{"sqrt", "n", {"1.0001"}, "1.000049998750062"},
	{"sqrt", "n", {"0.999"}, "0.99949987493746091"},
	{"sqrt", "n", {"10"}, "3.162277660168379"},
	{"sqrt", "n", {"1e100"}, "100000000000000000000000000000000000000000000000000"},
	{"sqrt", "n", {"0.001"}, "0.03162277660168379"},
	{"sqrt", "n", {"1e-100"},
		"0.0000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000"},
	{"sqrt", "n", {"-1"}, "ERROR 2201F cannot take square root of a negative number"},
	{"sqrt", "n", {"NaN"}, "NaN"},
	{"sqrt", "n", {"Infinity"}, "Infinity"},
	{"sqrt", "n", {"-Infinity"}, "ERROR 2201F cannot take square root of a negative number"},
	{"sqrt", "n", {"9999.5"}, "99.997499968749219"},
	{"sqrt", "n", {"-9999.5"}, "ERROR 2201F cannot take square root of a negative number"},
	{"sqrt", "n", {"0.00"}, "0.000000000000000"},
	{"sqrt", "n", {"1.500"}, "1.224744871391589"},
	{"sqrt", "n", {"2.71828"}, "1.648720716191799"},
	{"sqrt", "n", {"12345.678900"}, "111.1111106055556"},
	{"sqrt", "n", {"5.5e-7"}, "0.0007416198487095663"},
	{"sqrt", "n", {"1e-1000"},
		"#1002:0.00000000000000000000000000000000000000...0000000000000000000000000000000000000000"},
	{"sqrt", "n", {"0.9"}, "0.94868329805051380"},
	{"sqrt", "n", {"1.1"}, "1.048808848170152"},
	{"sqrt", "n", {"1.05"}, "1.024695076595960"},
	{"sqrt", "n", {"0.95"}, "0.97467943448089639"},
	{"exp", "n", {"0"}, "1.0000000000000000"},
	{"exp", "n", {"1.5"}, "4.4816890703380648"},
	{"exp", "n", {"-1.5"}, "0.2231301601484298"},
	{"exp", "n", {"2.5"}, "12.182493960703473"},
	{"exp", "n", {"-2.5"}, "0.08208499862389880"},
	{"exp", "n", {"0.5"}, "1.6487212707001281"},
	{"exp", "n", {"-0.5"}, "0.6065306597126334"},
	{"exp", "n", {"1.000"}, "2.7182818284590452"},
	{"exp", "n", {"2"}, "7.3890560989306502"},
	{"exp", "n", {"100"}, "26881171418161354484126255515800135873611119"},
	{"exp", "n", {"1e-10"}, "1.0000000001000000"},
	{"exp", "n", {"0.0001"}, "1.0001000050001667"},
	{"exp", "n", {"123456789012345678901234567890"},
		"ERROR 22003 value overflows numeric format"},
	{"exp", "n", {"1.0001"}, "2.7185536702337533"},
	{"exp", "n", {"0.999"}, "2.7155649053185667"},
	{"exp", "n", {"10"}, "22026.465794806717"},
	{"exp", "n", {"1e100"}, "ERROR 22003 value overflows numeric format"},
	{"exp", "n", {"0.001"}, "1.0010005001667083"},
	{"exp", "n", {"1e-100"},
		"1.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001"},
	{"exp", "n", {"-1"}, "0.3678794411714423"},
	{"exp", "n", {"NaN"}, "NaN"},
	{"exp", "n", {"Infinity"}, "Infinity"},
	{"exp", "n", {"-Infinity"}, "0"},
	{"exp", "n", {"9999.5"}, "ERROR 22003 value overflows numeric format"},
	{"exp", "n", {"-9999.5"},
		"#1002:0.00000000000000000000000000000000000000...0000000000000000000000000000000000000000"},
	{"exp", "n", {"0.00"}, "1.0000000000000000"},
	{"exp", "n", {"1.500"}, "4.4816890703380648"},
	{"exp", "n", {"2.71828"}, "15.154234532556727"},
	{"exp", "n", {"12345.678900"}, "ERROR 22003 value overflows numeric format"},
	{"exp", "n", {"5.5e-7"}, "1.0000005500001513"},
	{"exp", "n", {"1e-1000"},
		"#1002:1.00000000000000000000000000000000000000...0000000000000000000000000000000000000001"},
	{"exp", "n", {"0.9"}, "2.4596031111569497"},
	{"exp", "n", {"1.1"}, "3.0041660239464331"},
	{"exp", "n", {"1.05"}, "2.8576511180631638"},
	{"exp", "n", {"0.95"}, "2.5857096593158462"},
	{"ln", "n", {"0"}, "ERROR 2201E cannot take logarithm of zero"},
	{"ln", "n", {"1.5"}, "0.4054651081081644"},
	{"ln", "n", {"-1.5"}, "ERROR 2201E cannot take logarithm of a negative number"},
	{"ln", "n", {"2.5"}, "0.9162907318741551"},
	{"ln", "n", {"-2.5"}, "ERROR 2201E cannot take logarithm of a negative number"},
	{"ln", "n", {"0.5"}, "-0.6931471805599453"},
	{"ln", "n", {"-0.5"}, "ERROR 2201E cannot take logarithm of a negative number"},
	{"ln", "n", {"1.000"}, "0.0000000000000000"},
	{"ln", "n", {"2"}, "0.6931471805599453"},
	{"ln", "n", {"100"}, "4.6051701859880914"},
	{"ln", "n", {"1e-10"}, "-23.025850929940457"},
	{"ln", "n", {"0.0001"}, "-9.2103403719761827"},
	{"ln", "n", {"123456789012345678901234567890"}, "66.985688719142977"},
	{"ln", "n", {"1.0001"}, "0.00009999500033330834"},
	{"ln", "n", {"0.999"}, "-0.0010005003335835335"},
	{"ln", "n", {"10"}, "2.3025850929940457"},
	{"ln", "n", {"1e100"}, "230.25850929940457"},
	{"ln", "n", {"0.001"}, "-6.9077552789821371"},
	{"ln", "n", {"1e-100"},
		"-230.2585092994045684017991454684364207601101488628772976033327900967572609677352480235997205089598298342"},
	{"ln", "n", {"-1"}, "ERROR 2201E cannot take logarithm of a negative number"},
	{"ln", "n", {"NaN"}, "NaN"},
	{"ln", "n", {"Infinity"}, "Infinity"},
	{"ln", "n", {"-Infinity"}, "ERROR 2201E cannot take logarithm of a negative number"},
	{"ln", "n", {"9999.5"}, "9.2102903707261411"},
	{"ln", "n", {"-9999.5"}, "ERROR 2201E cannot take logarithm of a negative number"},
	{"ln", "n", {"0.00"}, "ERROR 2201E cannot take logarithm of zero"},
	{"ln", "n", {"1.500"}, "0.4054651081081644"},
	{"ln", "n", {"2.71828"}, "0.9999993273472820"},
	{"ln", "n", {"12345.678900"}, "9.4210613941918353"},
	{"ln", "n", {"5.5e-7"}, "-14.413347558719895"},
	{"ln", "n", {"1e-1000"},
		"#1006:-2302.5850929940456840179914546843642076...4197265287286965110862571492198849978749"},
	{"ln", "n", {"0.9"}, "-0.10536051565782630"},
	{"ln", "n", {"1.1"}, "0.09531017980432486"},
	{"ln", "n", {"1.05"}, "0.048790164169432003"},
	{"ln", "n", {"0.95"}, "-0.051293294387550533"},
	{"log", "n", {"0"}, "ERROR 2201E cannot take logarithm of zero"},
	{"log", "n", {"1.5"}, "0.1760912590556812"},
	{"log", "n", {"-1.5"}, "ERROR 2201E cannot take logarithm of a negative number"},
	{"log", "n", {"2.5"}, "0.3979400086720376"},
	{"log", "n", {"-2.5"}, "ERROR 2201E cannot take logarithm of a negative number"},
	{"log", "n", {"0.5"}, "-0.3010299956639812"},
	{"log", "n", {"-0.5"}, "ERROR 2201E cannot take logarithm of a negative number"},
	{"log", "n", {"1.000"}, "0.0000000000000000"},
	{"log", "n", {"2"}, "0.3010299956639812"},
	{"log", "n", {"100"}, "2.0000000000000000"},
	{"log", "n", {"1e-10"}, "-10.000000000000000"},
	{"log", "n", {"0.0001"}, "-4.0000000000000000"},
	{"log", "n", {"123456789012345678901234567890"}, "29.091514977212700"},
	{"log", "n", {"1.0001"}, "0.00004342727686266964"},
	{"log", "n", {"0.999"}, "-0.0004345117740176913"},
	{"log", "n", {"10"}, "1.0000000000000000"},
	{"log", "n", {"1e100"}, "100.00000000000000"},
	{"log", "n", {"0.001"}, "-3.0000000000000000"},
	{"log", "n", {"1e-100"},
		"-100.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
	{"log", "n", {"-1"}, "ERROR 2201E cannot take logarithm of a negative number"},
	{"log", "n", {"NaN"}, "NaN"},
	{"log", "n", {"Infinity"}, "Infinity"},
	{"log", "n", {"-Infinity"}, "ERROR 2201E cannot take logarithm of a negative number"},
	{"log", "n", {"9999.5"}, "3.9999782847330186"},
	{"log", "n", {"-9999.5"}, "ERROR 2201E cannot take logarithm of a negative number"},
	{"log", "n", {"0.00"}, "ERROR 2201E cannot take logarithm of zero"},
	{"log", "n", {"1.500"}, "0.1760912590556812"},
	{"log", "n", {"2.71828"}, "0.4342941897738882"},
	{"log", "n", {"12345.678900"}, "4.0915149771692704"},
	{"log", "n", {"5.5e-7"}, "-6.259637310505756"},
	{"log", "n", {"1e-1000"},
		"#1006:-1000.0000000000000000000000000000000000...0000000000000000000000000000000000000000"},
	{"log", "n", {"0.9"}, "-0.04575749056067513"},
	{"log", "n", {"1.1"}, "0.04139268515822504"},
	{"log", "n", {"1.05"}, "0.021189299069938073"},
	{"log", "n", {"0.95"}, "-0.022276394711152234"},
	{"log10", "n", {"0"}, "ERROR 2201E cannot take logarithm of zero"},
	{"log10", "n", {"1.5"}, "0.1760912590556812"},
	{"log10", "n", {"-1.5"}, "ERROR 2201E cannot take logarithm of a negative number"},
	{"log10", "n", {"2.5"}, "0.3979400086720376"},
	{"log10", "n", {"-2.5"}, "ERROR 2201E cannot take logarithm of a negative number"},
	{"log10", "n", {"0.5"}, "-0.3010299956639812"},
	{"log10", "n", {"-0.5"}, "ERROR 2201E cannot take logarithm of a negative number"},
	{"log10", "n", {"1.000"}, "0.0000000000000000"},
	{"log10", "n", {"2"}, "0.3010299956639812"},
	{"log10", "n", {"100"}, "2.0000000000000000"},
	{"log10", "n", {"1e-10"}, "-10.000000000000000"},
	{"log10", "n", {"0.0001"}, "-4.0000000000000000"},
	{"log10", "n", {"123456789012345678901234567890"}, "29.091514977212700"},
	{"log10", "n", {"1.0001"}, "0.00004342727686266964"},
	{"log10", "n", {"0.999"}, "-0.0004345117740176913"},
	{"log10", "n", {"10"}, "1.0000000000000000"},
	{"log10", "n", {"1e100"}, "100.00000000000000"},
	{"log10", "n", {"0.001"}, "-3.0000000000000000"},
	{"log10", "n", {"1e-100"},
		"-100.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
	{"log10", "n", {"-1"}, "ERROR 2201E cannot take logarithm of a negative number"},
	{"log10", "n", {"NaN"}, "NaN"},
	{"log10", "n", {"Infinity"}, "Infinity"},
	{"log10", "n", {"-Infinity"}, "ERROR 2201E cannot take logarithm of a negative number"},
	{"log10", "n", {"9999.5"}, "3.9999782847330186"},
	{"log10", "n", {"-9999.5"}, "ERROR 2201E cannot take logarithm of a negative number"},
	{"log10", "n", {"0.00"}, "ERROR 2201E cannot take logarithm of zero"},
	{"log10", "n", {"1.500"}, "0.1760912590556812"},
	{"log10", "n", {"2.71828"}, "0.4342941897738882"},
	{"log10", "n", {"12345.678900"}, "4.0915149771692704"},
	{"log10", "n", {"5.5e-7"}, "-6.259637310505756"},
	{"log10", "n", {"1e-1000"},
		"#1006:-1000.0000000000000000000000000000000000...0000000000000000000000000000000000000000"},
	{"log10", "n", {"0.9"}, "-0.04575749056067513"},
	{"log10", "n", {"1.1"}, "0.04139268515822504"},
	{"log10", "n", {"1.05"}, "0.021189299069938073"},
	{"log10", "n", {"0.95"}, "-0.022276394711152234"},
	{"scale", "n", {"0"}, "0"},
	{"scale", "n", {"1.5"}, "1"},
	{"scale", "n", {"-1.5"}, "1"},
	{"scale", "n", {"2.5"}, "1"},
	{"scale", "n", {"-2.5"}, "1"},
	{"scale", "n", {"0.5"}, "1"},
	{"scale", "n", {"-0.5"}, "1"},
	{"scale", "n", {"1.000"}, "3"},
	{"scale", "n", {"2"}, "0"},
	{"scale", "n", {"100"}, "0"},
	{"scale", "n", {"1e-10"}, "10"},
	{"scale", "n", {"0.0001"}, "4"},
	{"scale", "n", {"123456789012345678901234567890"}, "0"},
	{"scale", "n", {"1.0001"}, "4"},
	{"scale", "n", {"0.999"}, "3"},
	{"scale", "n", {"10"}, "0"},
	{"scale", "n", {"1e100"}, "0"},
	{"scale", "n", {"0.001"}, "3"},
	{"scale", "n", {"1e-100"}, "100"},
	{"scale", "n", {"-1"}, "0"},
	{"scale", "n", {"NaN"}, "<NULL>"},
	{"scale", "n", {"Infinity"}, "<NULL>"},
	{"scale", "n", {"-Infinity"}, "<NULL>"},
	{"scale", "n", {"9999.5"}, "1"},
	{"scale", "n", {"-9999.5"}, "1"},
	{"scale", "n", {"0.00"}, "2"},
	{"scale", "n", {"1.500"}, "3"},
	{"scale", "n", {"2.71828"}, "5"},
	{"scale", "n", {"12345.678900"}, "6"},
	{"scale", "n", {"5.5e-7"}, "8"},
	{"scale", "n", {"1e-1000"}, "1000"},
	{"scale", "n", {"0.9"}, "1"},
	{"scale", "n", {"1.1"}, "1"},
	{"scale", "n", {"1.05"}, "2"},
	{"scale", "n", {"0.95"}, "2"},
	{"min_scale", "n", {"0"}, "0"},
	{"min_scale", "n", {"1.5"}, "1"},
	{"min_scale", "n", {"-1.5"}, "1"},
	{"min_scale", "n", {"2.5"}, "1"},
	{"min_scale", "n", {"-2.5"}, "1"},
	{"min_scale", "n", {"0.5"}, "1"},
	{"min_scale", "n", {"-0.5"}, "1"},
	{"min_scale", "n", {"1.000"}, "0"},
	{"min_scale", "n", {"2"}, "0"},
	{"min_scale", "n", {"100"}, "0"},
	{"min_scale", "n", {"1e-10"}, "10"},
	{"min_scale", "n", {"0.0001"}, "4"},
	{"min_scale", "n", {"123456789012345678901234567890"}, "0"},
	{"min_scale", "n", {"1.0001"}, "4"},
	{"min_scale", "n", {"0.999"}, "3"},
	{"min_scale", "n", {"10"}, "0"},
	{"min_scale", "n", {"1e100"}, "0"},
	{"min_scale", "n", {"0.001"}, "3"},
	{"min_scale", "n", {"1e-100"}, "100"},
	{"min_scale", "n", {"-1"}, "0"},
	{"min_scale", "n", {"NaN"}, "<NULL>"},
	{"min_scale", "n", {"Infinity"}, "<NULL>"},
	{"min_scale", "n", {"-Infinity"}, "<NULL>"},
	{"min_scale", "n", {"9999.5"}, "1"},
	{"min_scale", "n", {"-9999.5"}, "1"},
	{"min_scale", "n", {"0.00"}, "0"},
	{"min_scale", "n", {"1.500"}, "1"},
	{"min_scale", "n", {"2.71828"}, "5"},
	{"min_scale", "n", {"12345.678900"}, "4"},
	{"min_scale", "n", {"5.5e-7"}, "8"},
	{"min_scale", "n", {"1e-1000"}, "1000"},
	{"min_scale", "n", {"0.9"}, "1"},
	{"min_scale", "n", {"1.1"}, "1"},
	{"min_scale", "n", {"1.05"}, "2"},
	{"min_scale", "n", {"0.95"}, "2"},
	{"trim_scale", "n", {"0"}, "0"},
	{"trim_scale", "n", {"1.5"}, "1.5"},
	{"trim_scale", "n", {"-1.5"}, "-1.5"},
	{"trim_scale", "n", {"2.5"}, "2.5"},
	{"trim_scale", "n", {"-2.5"}, "-2.5"},
	{"trim_scale", "n", {"0.5"}, "0.5"},
	{"trim_scale", "n", {"-0.5"}, "-0.5"},
	{"trim_scale", "n", {"1.000"}, "1"},
	{"trim_scale", "n", {"2"}, "2"},
	{"trim_scale", "n", {"100"}, "100"},
	{"trim_scale", "n", {"1e-10"}, "0.0000000001"},
	{"trim_scale", "n", {"0.0001"}, "0.0001"},
	{"trim_scale", "n", {"123456789012345678901234567890"}, "123456789012345678901234567890"},
	{"trim_scale", "n", {"1.0001"}, "1.0001"},
	{"trim_scale", "n", {"0.999"}, "0.999"},
	{"trim_scale", "n", {"10"}, "10"},
	{"trim_scale", "n", {"1e100"},
		"10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
	{"trim_scale", "n", {"0.001"}, "0.001"},
	{"trim_scale", "n", {"1e-100"},
		"0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001"},
	{"trim_scale", "n", {"-1"}, "-1"},
	{"trim_scale", "n", {"NaN"}, "NaN"},
	{"trim_scale", "n", {"Infinity"}, "Infinity"},
	{"trim_scale", "n", {"-Infinity"}, "-Infinity"},
	{"trim_scale", "n", {"9999.5"}, "9999.5"},
	{"trim_scale", "n", {"-9999.5"}, "-9999.5"},
	{"trim_scale", "n", {"0.00"}, "0"},
	{"trim_scale", "n", {"1.500"}, "1.5"},
	{"trim_scale", "n", {"2.71828"}, "2.71828"},
	{"trim_scale", "n", {"12345.678900"}, "12345.6789"},
	{"trim_scale", "n", {"5.5e-7"}, "0.00000055"},
	{"trim_scale", "n", {"1e-1000"},
		"#1002:0.00000000000000000000000000000000000000...0000000000000000000000000000000000000001"},
	{"trim_scale", "n", {"0.9"}, "0.9"},
	{"trim_scale", "n", {"1.1"}, "1.1"},
	{"trim_scale", "n", {"1.05"}, "1.05"},
	{"trim_scale", "n", {"0.95"}, "0.95"},
	{"exp", "n", {"-100"}, "0.00000000000000000000000000000000000000000003720075976020836"},
	{"exp", "n", {"-50"}, "0.0000000000000000000001928749847963918"},
	{"exp", "n", {"100"}, "26881171418161354484126255515800135873611119"},
	{"exp", "n", {"1000"},
		"#435:1970071114017046993888879352243323125316...7439930623959705844189509050047074217568"},
	{"exp", "n", {"6000"}, "ERROR 22003 value overflows numeric format"},
	{"exp", "n", {"-6000"},
		"#1002:0.00000000000000000000000000000000000000...0000000000000000000000000000000000000000"},
	{"exp", "n", {"0.0001"}, "1.0001000050001667"},
	{"exp", "n", {"1e-10"}, "1.0000000001000000"},
	{"exp", "n", {"5000"},
		"#2172:2967628384023667068966296805289470090569...3363514094624459439666014954663352693655"},
	{"exp", "n", {"2302.6"},
		"#1003:1015018669534171951007683593586276913081...51141956112715984604283937780993638311.6"},
	{"exp", "n", {"-2302.6"},
		"#1002:0.00000000000000000000000000000000000000...0000000000000000000000000000000000000001"},
	{"round", "ni", {"1234.5678", "2"}, "1234.57"},
	{"trunc", "ni", {"1234.5678", "2"}, "1234.56"},
	{"round", "ni", {"1234.5678", "-2"}, "1200"},
	{"trunc", "ni", {"1234.5678", "-2"}, "1200"},
	{"round", "ni", {"1234.5678", "0"}, "1235"},
	{"trunc", "ni", {"1234.5678", "0"}, "1234"},
	{"round", "ni", {"-1234.5678", "3"}, "-1234.568"},
	{"trunc", "ni", {"-1234.5678", "3"}, "-1234.567"},
	{"round", "ni", {"0.5", "0"}, "1"},
	{"trunc", "ni", {"0.5", "0"}, "0"},
	{"round", "ni", {"-0.001", "2"}, "0.00"},
	{"trunc", "ni", {"-0.001", "2"}, "0.00"},
	{"round", "ni", {"9.999", "2"}, "10.00"},
	{"trunc", "ni", {"9.999", "2"}, "9.99"},
	{"round", "ni", {"9999.9999", "3"}, "10000.000"},
	{"trunc", "ni", {"9999.9999", "3"}, "9999.999"},
	{"round", "ni", {"99999999.5", "0"}, "100000000"},
	{"trunc", "ni", {"99999999.5", "0"}, "99999999"},
	{"round", "ni", {"5", "-1"}, "10"},
	{"trunc", "ni", {"5", "-1"}, "0"},
	{"round", "ni", {"4", "-1"}, "0"},
	{"trunc", "ni", {"4", "-1"}, "0"},
	{"round", "ni", {"-55", "-1"}, "-60"},
	{"trunc", "ni", {"-55", "-1"}, "-50"},
	{"round", "ni", {"1.5", "5"}, "1.50000"},
	{"trunc", "ni", {"1.5", "5"}, "1.50000"},
	{"round", "ni", {"0.0000005", "6"}, "0.000001"},
	{"trunc", "ni", {"0.0000005", "6"}, "0.000000"},
	{"round", "ni", {"Infinity", "2"}, "Infinity"},
	{"trunc", "ni", {"Infinity", "2"}, "Infinity"},
	{"round", "ni", {"NaN", "1"}, "NaN"},
	{"trunc", "ni", {"NaN", "1"}, "NaN"},
	{"round", "ni", {"123.456", "-5"}, "0"},
	{"trunc", "ni", {"123.456", "-5"}, "0"},
	{"round", "ni", {"555", "-3"}, "1000"},
	{"trunc", "ni", {"555", "-3"}, "0"},
	{"round", "ni", {"12", "2000"},
		"#2003:12.0000000000000000000000000000000000000...0000000000000000000000000000000000000000"},
	{"trunc", "ni", {"12", "2000"},
		"#2003:12.0000000000000000000000000000000000000...0000000000000000000000000000000000000000"},
	{"round", "ni", {"1", "-3000"}, "0"},
	{"trunc", "ni", {"1", "-3000"}, "0"},
	{"div", "nn", {"7.5", "2"}, "3"},
	{"mod", "nn", {"7.5", "2"}, "1.5"},
	{"div", "nn", {"-7.5", "2"}, "-3"},
	{"mod", "nn", {"-7.5", "2"}, "-1.5"},
	{"div", "nn", {"-7", "3"}, "-2"},
	{"mod", "nn", {"-7", "3"}, "-1"},
	{"div", "nn", {"7", "0"}, "ERROR 22012 division by zero"},
	{"mod", "nn", {"7", "0"}, "ERROR 22012 division by zero"},
	{"div", "nn", {"Infinity", "2"}, "Infinity"},
	{"mod", "nn", {"Infinity", "2"}, "NaN"},
	{"div", "nn", {"Infinity", "0"}, "ERROR 22012 division by zero"},
	{"mod", "nn", {"Infinity", "0"}, "ERROR 22012 division by zero"},
	{"div", "nn", {"Infinity", "Infinity"}, "NaN"},
	{"mod", "nn", {"Infinity", "Infinity"}, "NaN"},
	{"div", "nn", {"5", "Infinity"}, "0"},
	{"mod", "nn", {"5", "Infinity"}, "5"},
	{"div", "nn", {"-5", "-Infinity"}, "0"},
	{"mod", "nn", {"-5", "-Infinity"}, "-5"},
	{"div", "nn", {"NaN", "0"}, "NaN"},
	{"mod", "nn", {"NaN", "0"}, "NaN"},
	{"div", "nn", {"1e20", "3.3"}, "30303030303030303030"},
	{"mod", "nn", {"1e20", "3.3"}, "1.0"},
	{"log", "nn", {"2", "8"}, "3.0000000000000000"},
	{"log", "nn", {"10", "0.5"}, "-0.3010299956639812"},
	{"log", "nn", {"2.0", "3.00000"}, "1.5849625007211562"},
	{"log", "nn", {"1", "10"}, "ERROR 22012 division by zero"},
	{"log", "nn", {"10", "100"}, "2.0000000000000000"},
	{"log", "nn", {"0.5", "0.25"}, "2.0000000000000000"},
	{"log", "nn", {"Infinity", "10"}, "0"},
	{"log", "nn", {"10", "Infinity"}, "Infinity"},
	{"log", "nn", {"Infinity", "Infinity"}, "NaN"},
	{"log", "nn", {"0", "10"}, "ERROR 2201E cannot take logarithm of zero"},
	{"log", "nn", {"-2", "4"}, "ERROR 2201E cannot take logarithm of a negative number"},
	{"log", "nn", {"2", "0"}, "ERROR 2201E cannot take logarithm of zero"},
	{"log", "nn", {"3", "1e100"}, "209.59032742893846"},
	{"log", "nn", {"1.0001", "1.0002"}, "1.9999000149975837"},
	{"power", "nn", {"2", "10"}, "1024.0000000000000000"},
	{"pow", "nn", {"2", "10"}, "1024.0000000000000000"},
	{"power", "nn", {"1.5", "3"}, "3.3750000000000000"},
	{"pow", "nn", {"1.5", "3"}, "3.3750000000000000"},
	{"power", "nn", {"2", "0.5"}, "1.4142135623730950"},
	{"pow", "nn", {"2", "0.5"}, "1.4142135623730950"},
	{"power", "nn", {"9", "0.5"}, "3.0000000000000000"},
	{"pow", "nn", {"9", "0.5"}, "3.0000000000000000"},
	{"power", "nn", {"-2", "3"}, "-8.0000000000000000"},
	{"pow", "nn", {"-2", "3"}, "-8.0000000000000000"},
	{"power", "nn", {"0", "0"}, "1.0000000000000000"},
	{"pow", "nn", {"0", "0"}, "1.0000000000000000"},
	{"factorial", "l", {"0"}, "1"},
	{"factorial", "l", {"1"}, "1"},
	{"factorial", "l", {"5"}, "120"},
	{"factorial", "l", {"20"}, "2432902008176640000"},
	{"factorial", "l", {"30"}, "265252859812191058636308480000000"},
	{"factorial", "l", {"-1"}, "ERROR 22003 factorial of a negative number is undefined"},
	{"factorial", "l", {"32178"}, "ERROR 22003 value overflows numeric format"},
	{"width_bucket", "nnni", {"5.35", "0.024", "10.06", "5"}, "3"},
	{"width_bucket", "nnni", {"-1", "0", "10", "5"}, "0"},
	{"width_bucket", "nnni", {"10", "0", "10", "5"}, "6"},
	{"width_bucket", "nnni", {"5", "10", "0", "5"}, "3"},
	{"width_bucket", "nnni", {"0", "10", "0", "5"}, "6"},
	{"width_bucket", "nnni", {"10", "10", "0", "5"}, "1"},
	{"width_bucket", "nnni", {"5", "0", "0", "5"},
		"ERROR 2201G lower bound cannot equal upper bound"},
	{"width_bucket", "nnni", {"5", "0", "10", "0"},
		"ERROR 2201G count must be greater than zero"},
	{"width_bucket", "nnni", {"NaN", "0", "10", "1"},
		"ERROR 2201G operand, lower bound, and upper bound cannot be NaN"},
	{"width_bucket", "nnni", {"5", "0", "Infinity", "1"},
		"ERROR 2201G lower and upper bounds must be finite"},
	{"width_bucket", "nnni", {"Infinity", "0", "10", "3"}, "4"},
	{"width_bucket", "nnni", {"3.3333", "0", "10", "3"}, "1"},
	{"width_bucket", "nnni", {"20", "0", "10", "2147483647"},
		"ERROR 22003 integer out of range"},
	{"cast", "nt", {"2.5", "int2"}, "3"},
	{"cast", "nt", {"-2.5", "int2"}, "-3"},
	{"cast", "nt", {"32767.4", "int2"}, "32767"},
	{"cast", "nt", {"32767.5", "int2"}, "ERROR 22003 smallint out of range"},
	{"cast", "nt", {"-32768.4", "int2"}, "-32768"},
	{"cast", "nt", {"-32768.5", "int2"}, "ERROR 22003 smallint out of range"},
	{"cast", "nt", {"0.49", "int2"}, "0"},
	{"cast", "nt", {"-0.5", "int2"}, "-1"},
	{"cast", "nt", {"NaN", "int2"}, "ERROR 0A000 cannot convert NaN to smallint"},
	{"cast", "nt", {"Infinity", "int2"}, "ERROR 0A000 cannot convert infinity to smallint"},
	{"cast", "nt", {"-Infinity", "int2"}, "ERROR 0A000 cannot convert infinity to smallint"},
	{"cast", "nt", {"12.34", "int2"}, "12"},
	{"cast", "nt", {"2.5", "int4"}, "3"},
	{"cast", "nt", {"-2.5", "int4"}, "-3"},
	{"cast", "nt", {"2147483647.5", "int4"}, "ERROR 22003 integer out of range"},
	{"cast", "nt", {"2147483647.4", "int4"}, "2147483647"},
	{"cast", "nt", {"-2147483648.5", "int4"}, "ERROR 22003 integer out of range"},
	{"cast", "nt", {"NaN", "int4"}, "ERROR 0A000 cannot convert NaN to integer"},
	{"cast", "nt", {"Infinity", "int4"}, "ERROR 0A000 cannot convert infinity to integer"},
	{"cast", "nt", {"1e10", "int4"}, "ERROR 22003 integer out of range"},
	{"cast", "nt", {"9223372036854775807.5", "int8"}, "ERROR 22003 bigint out of range"},
	{"cast", "nt", {"9223372036854775807.4", "int8"}, "9223372036854775807"},
	{"cast", "nt", {"-9223372036854775808.4", "int8"}, "-9223372036854775808"},
	{"cast", "nt", {"-9223372036854775808.5", "int8"}, "ERROR 22003 bigint out of range"},
	{"cast", "nt", {"NaN", "int8"}, "ERROR 0A000 cannot convert NaN to bigint"},
	{"cast", "nt", {"-Infinity", "int8"}, "ERROR 0A000 cannot convert infinity to bigint"},
	{"cast", "nt", {"1234567890123456789", "int8"}, "1234567890123456789"},
	{"cast", "nt", {"1e50", "float4"},
		"ERROR 22003 \"100000000000000000000000000000000000000000000000000\" is out of range for type real"},
	{"cast", "nt", {"1e-50", "float4"},
		"ERROR 22003 \"0.00000000000000000000000000000000000000000000000001\" is out of range for type real"},
	{"cast", "nt", {"1.5", "float4"}, "1.5"},
	{"cast", "nt", {"0.1", "float4"}, "0.1"},
	{"cast", "nt", {"Infinity", "float4"}, "Infinity"},
	{"cast", "nt", {"-Infinity", "float4"}, "-Infinity"},
	{"cast", "nt", {"NaN", "float4"}, "NaN"},
	{"cast", "nt", {"3.4028235e38", "float4"}, "3.4028235e+38"},
	{"cast", "nt", {"3.5e38", "float4"},
		"ERROR 22003 \"350000000000000000000000000000000000000\" is out of range for type real"},
	{"cast", "nt", {"1e-46", "float4"},
		"ERROR 22003 \"0.0000000000000000000000000000000000000000000001\" is out of range for type real"},
	{"cast", "nt", {"1e-40", "float4"}, "1e-40"},
	{"cast", "nt", {"123456789", "float4"}, "1.2345679e+08"},
	{"cast", "nt", {"1.5", "float8"}, "1.5"},
	{"cast", "nt", {"12345678901234567890", "float8"}, "1.2345678901234567e+19"},
	{"cast", "nt", {"0.1", "float8"}, "0.1"},
	{"cast", "nt", {"1e-320", "float8"}, "1e-320"},
	{"cast", "nt", {"NaN", "float8"}, "NaN"},
	{"cast", "nt", {"-Infinity", "float8"}, "-Infinity"},
	{"cast", "nt", {"1.7976931348623157e308", "float8"}, "1.7976931348623157e+308"},
	{"cast", "nt", {"2.2250738585072014e-308", "float8"}, "2.2250738585072014e-308"},
	{"cast", "dt", {"0.1", "numeric"}, "0.1"},
	{"cast", "dt", {"1e20", "numeric"}, "100000000000000000000"},
	{"cast", "dt", {"1e-20", "numeric"}, "0.00000000000000000001"},
	{"cast", "dt", {"123456789.123456789", "numeric"}, "123456789.123457"},
	{"cast", "dt", {"nan", "numeric"}, "NaN"},
	{"cast", "dt", {"-inf", "numeric"}, "-Infinity"},
	{"cast", "dt", {"1.7976931348623157e308", "numeric"},
		"#309:1797693134862320000000000000000000000000...0000000000000000000000000000000000000000"},
	{"cast", "dt", {"-0", "numeric"}, "0"},
	{"cast", "dt", {"5e-324", "numeric"},
		"#340:0.00000000000000000000000000000000000000...0000000000000000000000000494065645841247"},
	{"cast", "ft", {"1.23456789e-5", "numeric"}, "0.0000123457"},
	{"cast", "ft", {"0.1", "numeric"}, "0.1"},
	{"cast", "ft", {"-inf", "numeric"}, "-Infinity"},
	{"cast", "ft", {"3.4028235e38", "numeric"}, "340282000000000000000000000000000000000"},
	{"cast", "ft", {"16777217", "numeric"}, "16777200"},
	{"cast", "st", {"-32768", "numeric"}, "-32768"},
	{"cast", "it", {"2147483647", "numeric"}, "2147483647"},
	{"cast", "lt", {"-9223372036854775808", "numeric"}, "-9223372036854775808"},
	{"cast", "lt", {"0", "numeric"}, "0"},
};

/* Render a result into got and compare it with PostgreSQL's text (floats by value). */
static bool result_matches(
	tctx *t, int rc, const exec_value *out, const char *want, char *got, size_t cap)
{
	render(t, rc, out, got, cap);
	if (strcmp(got, want) == 0)
		return true;
	return rc == EXEC_OK && !out->isnull &&
	       (out->type == EXEC_OID_FLOAT4 || out->type == EXEC_OID_FLOAT8) &&
	       float_matches(out, want);
}

/* Run one case; returns true when it matches. */
static bool run_case(const num_case *c, char *got, size_t cap)
{
	tctx t;
	exec_value args[4], out = exec_null(0);
	exec_oid types[4] = {0};
	int nargs = (int)strlen(c->types), rc = EXEC_OK;
	bool ok;

	tctx_init(&t);
	for (int i = 0; i < nargs && rc == EXEC_OK; i++) {
		if (c->types[i] == 'p' || c->types[i] == 't')
			continue;
		types[i] = oid_of(c->types[i]);
		rc = make_arg(&t, types[i], c->args[i], &args[i]);
	}
	if (rc != EXEC_OK || strcmp(c->fn, "in") == 0) {
		out = args[0];
	} else if (strcmp(c->fn, "typmod") == 0) {
		int p, s;

		cr_assert_eq(sscanf(c->args[1], "%d,%d", &p, &s), 2);
		rc = numeric_type()->coerce_typmod(
			&t.cx, &args[0], ((p << 16) | (s & 0x7ff)) + 4, false, &out);
	} else if (strcmp(c->fn, "cast") == 0) {
		const exec_cast *cast = find_cast(types[0], oid_by_name(c->args[1]));

		cr_assert_not_null(cast, "no cast for %s -> %s", c->types, c->args[1]);
		rc = cast->fn(&t.cx, args, 1, &out);
	} else if (!(c->fn[0] >= 'a' && c->fn[0] <= 'z')) {
		const exec_oper *o = nargs == 1 ? find_oper(c->fn, 0, types[0])
						: find_oper(c->fn, types[0], types[1]);

		cr_assert_not_null(o, "no operator %s(%s)", c->fn, c->types);
		rc = o->fn(&t.cx, nargs == 1 ? args : args, nargs, &out);
	} else {
		const exec_func *f = find_func(c->fn, nargs, types);

		cr_assert_not_null(f, "no function %s(%s)", c->fn, c->types);
		rc = f->fn(&t.cx, args, nargs, &out);
	}
	ok = result_matches(&t, rc, &out, c->want, got, cap);
	tctx_done(&t);
	return ok;
}

Test(numeric, matches_postgresql)
{
	static char got[20000];
	int failures = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const num_case *c = &cases[i];

		if (!run_case(c, got, sizeof(got))) {
			failures++;
			cr_log_error("%s(%s) [%s, %s, %s]: got \"%s\", want \"%s\"", c->fn,
				c->types, c->args[0], c->args[1] ? c->args[1] : "",
				c->args[2] ? c->args[2] : "", got, c->want);
		}
	}
	cr_assert_eq(failures, 0, "%d of %zu cases differ from PostgreSQL", failures,
		sizeof(cases) / sizeof(cases[0]));
}

/* The representation is PostgreSQL's: base-10000 digits, weight, dscale, sign words. */
Test(numeric, representation_is_postgresqls)
{
	tctx t;
	exec_value v;
	const exec_numeric *n;

	tctx_init(&t);
	cr_assert_eq(make_arg(&t, EXEC_OID_NUMERIC, "-12345.678900", &v), EXEC_OK);
	n = v.v.num;
	cr_assert_eq(n->sign, EXEC_NUMERIC_NEG);
	cr_assert_eq(n->weight, 1);
	cr_assert_eq(n->dscale, 6);
	cr_assert_eq(n->ndigits, 3);
	cr_assert(n->digits[0] == 1 && n->digits[1] == 2345 && n->digits[2] == 6789);

	cr_assert_eq(make_arg(&t, EXEC_OID_NUMERIC, "0.00", &v), EXEC_OK);
	cr_assert(v.v.num->ndigits == 0 && v.v.num->sign == EXEC_NUMERIC_POS);
	cr_assert_eq(v.v.num->dscale, 2);

	cr_assert_eq(make_arg(&t, EXEC_OID_NUMERIC, "0.0001", &v), EXEC_OK);
	cr_assert(v.v.num->weight == -1 && v.v.num->ndigits == 1 && v.v.num->digits[0] == 1);

	cr_assert_eq(make_arg(&t, EXEC_OID_NUMERIC, "-Infinity", &v), EXEC_OK);
	cr_assert_eq(v.v.num->sign, EXEC_NUMERIC_NINF);
	tctx_done(&t);
}

/* Equal values hash alike whatever their scale; the order puts NaN last. */
Test(numeric, hash_and_order)
{
	static const char *const equal[][2] = {{"1.0", "1.00"}, {"0", "-0.000"}, {"100", "1e2"},
		{"NaN", "nan"}, {"12.5000", "12.5"}};
	static const char *const sorted[] = {"-Infinity", "-1e100", "-1.5", "-0.0001", "0", "1e-20",
		"1", "1.0000000000000000000001", "99999", "1e100", "Infinity", "NaN"};
	const exec_type *ty = numeric_type();
	tctx t;

	tctx_init(&t);
	for (size_t i = 0; i < sizeof(equal) / sizeof(equal[0]); i++) {
		exec_value a, b;

		cr_assert_eq(make_arg(&t, EXEC_OID_NUMERIC, equal[i][0], &a), EXEC_OK);
		cr_assert_eq(make_arg(&t, EXEC_OID_NUMERIC, equal[i][1], &b), EXEC_OK);
		cr_assert_eq(ty->cmp(&a, &b), 0, "%s = %s", equal[i][0], equal[i][1]);
		cr_assert_eq(ty->hash(&a), ty->hash(&b), "hash %s = %s", equal[i][0], equal[i][1]);
	}
	for (size_t i = 0; i + 1 < sizeof(sorted) / sizeof(sorted[0]); i++) {
		exec_value a, b;

		cr_assert_eq(make_arg(&t, EXEC_OID_NUMERIC, sorted[i], &a), EXEC_OK);
		cr_assert_eq(make_arg(&t, EXEC_OID_NUMERIC, sorted[i + 1], &b), EXEC_OK);
		cr_assert_lt(ty->cmp(&a, &b), 0, "%s < %s", sorted[i], sorted[i + 1]);
		cr_assert_gt(ty->cmp(&b, &a), 0, "%s > %s", sorted[i + 1], sorted[i]);
		cr_assert_neq(ty->hash(&a), ty->hash(&b));
	}
	tctx_done(&t);
}

/*
 * A value past double's range names itself in the message, as PostgreSQL's
 * '"1000...0" is out of range for type double precision' (cut here to
 * store_err's buffer).
 */
Test(numeric, float8_cast_out_of_range)
{
	static const char *const big[][2] = {
		{"1e400", "\"10000"}, {"-1e400", "\"-10000"}, {"1e-400", "\"0.0000"}};
	const exec_cast *cast = find_cast(EXEC_OID_NUMERIC, EXEC_OID_FLOAT8);

	for (size_t i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
		tctx t;
		exec_value v, out;

		tctx_init(&t);
		cr_assert_eq(make_arg(&t, EXEC_OID_NUMERIC, big[i][0], &v), EXEC_OK);
		cr_assert_eq(cast->fn(&t.cx, &v, 1, &out), EXEC_ERROR);
		cr_assert_str_eq(t.err.sqlstate, "22003");
		cr_assert(strncmp(t.err.message, big[i][1], strlen(big[i][1])) == 0, "%s",
			t.err.message);
		tctx_done(&t);
	}
}

/* Every cast's context is PostgreSQL's (pg_cast.castcontext). */
Test(numeric, cast_contexts)
{
	static const struct {
		exec_oid from, to;
		exec_cast_context cc;
	} want[] = {
		{EXEC_OID_INT2, EXEC_OID_NUMERIC, EXEC_CAST_IMPLICIT},
		{EXEC_OID_INT4, EXEC_OID_NUMERIC, EXEC_CAST_IMPLICIT},
		{EXEC_OID_INT8, EXEC_OID_NUMERIC, EXEC_CAST_IMPLICIT},
		{EXEC_OID_FLOAT4, EXEC_OID_NUMERIC, EXEC_CAST_ASSIGNMENT},
		{EXEC_OID_FLOAT8, EXEC_OID_NUMERIC, EXEC_CAST_ASSIGNMENT},
		{EXEC_OID_NUMERIC, EXEC_OID_INT2, EXEC_CAST_ASSIGNMENT},
		{EXEC_OID_NUMERIC, EXEC_OID_INT4, EXEC_CAST_ASSIGNMENT},
		{EXEC_OID_NUMERIC, EXEC_OID_INT8, EXEC_CAST_ASSIGNMENT},
		{EXEC_OID_NUMERIC, EXEC_OID_FLOAT4, EXEC_CAST_IMPLICIT},
		{EXEC_OID_NUMERIC, EXEC_OID_FLOAT8, EXEC_CAST_IMPLICIT},
		{EXEC_OID_NUMERIC, EXEC_OID_TEXT, EXEC_CAST_ASSIGNMENT},
		{EXEC_OID_TEXT, EXEC_OID_NUMERIC, EXEC_CAST_EXPLICIT},
	};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const exec_cast *c = find_cast(want[i].from, want[i].to);

		cr_assert_not_null(c, "cast %u -> %u", want[i].from, want[i].to);
		cr_assert_eq(c->context, want[i].cc, "cast %u -> %u", want[i].from, want[i].to);
	}
}

static const exec_agg *find_agg(const char *name, exec_oid arg)
{
	for (size_t i = 0; i < exec_mod_numeric.naggs; i++) {
		const exec_agg *a = &exec_mod_numeric.aggs[i];

		if (strcmp(a->name, name) == 0 && a->args[0] == arg)
			return a;
	}
	return NULL;
}

/* Run an aggregate over values ("null" for NULL) as the executor will; compare with want. */
static bool run_agg(tctx *t, const exec_agg *agg, exec_oid type, const char *const *vals, size_t n,
	const char *want, char *got, size_t cap)
{
	exec_value state = exec_null(agg->state_type), out;
	int rc = EXEC_OK;

	for (size_t i = 0; i < n && rc == EXEC_OK; i++) {
		exec_value v;

		if (strcmp(vals[i], "null") == 0)
			continue; /* strict: NULL rows are skipped */
		cr_assert_eq(make_arg(t, type, vals[i], &v), EXEC_OK);
		rc = agg->step(&t->cx, &state, &v, 1);
	}
	if (rc == EXEC_OK && agg->final != NULL)
		rc = agg->final(&t->cx, &state, &out);
	else
		out = state;
	cr_assert(rc != EXEC_OK || out.isnull || out.type == agg->result);
	return result_matches(t, rc, &out, want, got, cap);
}

/* sum and avg over a few rows, as PostgreSQL answered (SELECT sum(x), avg(x) FROM (VALUES ...)). */
Test(numeric, sum_and_avg)
{
	static const struct {
		char type;
		const char *vals[4];
		const char *sum, *avg;
	} rows[] = {
		{'s', {"1", "2", "4"}, "7", "2.3333333333333333"},
		{'i', {"2147483647", "2147483647", "1"}, "4294967295", "1431655765.00000000"},
		{'l', {"9223372036854775807", "9223372036854775807", "-1"}, "18446744073709551613",
			"6148914691236517204"},
		{'n', {"1.5", "2.25", "-0.125"}, "3.625", "1.20833333333333333333"},
		{'n', {"1e20", "-1e20", "1e-20"}, "0.00000000000000000001",
			"0.0000000000000000000033333333333333333333"},
		{'n', {"1", "NaN"}, "NaN", "NaN"},
		{'n', {"1", "Infinity"}, "Infinity", "Infinity"},
		{'n', {"-Infinity", "Infinity"}, "NaN", "NaN"},
		{'n', {"1.5", "-1.5"}, "0.0", "0.00000000000000000000"},
		{'n', {"0.001"}, "0.001", "0.00100000000000000000"},
		{'n', {"123456789", "123456788"}, "246913577", "123456788.500000000000"},
		{'n', {"null", "null"}, "<NULL>", "<NULL>"},
		{'i', {NULL}, "<NULL>", "<NULL>"},
		{'d', {"1.5", "0.1"}, "1.6", "0.8"},
		{'d', {"1e308", "1e308"}, "ERROR 22003 value out of range: overflow",
			"ERROR 22003 value out of range: overflow"},
		{'f', {"3e38", "3e38"}, "ERROR 22003 value out of range: overflow",
			"3.0000000054977558e+38"},
	};
	char got[512];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		exec_oid type = oid_of(rows[i].type);
		size_t n = 0;
		tctx t;

		while (n < 4 && rows[i].vals[n] != NULL)
			n++;
		tctx_init(&t);
		cr_expect(run_agg(&t, find_agg("sum", type), type, rows[i].vals, n, rows[i].sum,
				  got, sizeof(got)),
			"sum row %zu: got %s, want %s", i, got, rows[i].sum);
		tctx_done(&t);
		tctx_init(&t);
		cr_expect(run_agg(&t, find_agg("avg", type), type, rows[i].vals, n, rows[i].avg,
				  got, sizeof(got)),
			"avg row %zu: got %s, want %s", i, got, rows[i].avg);
		tctx_done(&t);
	}
}

/* float4's sum rounds at each step: 1.5 + 0.1 is float4 1.6, its avg a float8. */
Test(numeric, float4_sum_and_avg)
{
	static const char *const vals[] = {"1.5", "0.1"};
	exec_value state = exec_null(EXEC_OID_FLOAT4), out, v;
	const exec_agg *sum = find_agg("sum", EXEC_OID_FLOAT4),
		       *avg = find_agg("avg", EXEC_OID_FLOAT4);
	tctx t;

	tctx_init(&t);
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(make_arg(&t, EXEC_OID_FLOAT4, vals[i], &v), EXEC_OK);
		cr_assert_eq(sum->step(&t.cx, &state, &v, 1), EXEC_OK);
	}
	cr_assert_eq(state.type, EXEC_OID_FLOAT4);
	cr_assert_eq((float)state.v.f, 1.6f);
	state = exec_null(avg->state_type);
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(make_arg(&t, EXEC_OID_FLOAT4, vals[i], &v), EXEC_OK);
		cr_assert_eq(avg->step(&t.cx, &state, &v, 1), EXEC_OK);
	}
	cr_assert_eq(avg->final(&t.cx, &state, &out), EXEC_OK);
	cr_assert_eq(out.type, EXEC_OID_FLOAT8);
	cr_assert_eq(out.v.f, 0.8000000007450581); /* PostgreSQL: 0.8000000007450581 */
	tctx_done(&t);
}

/* Many rows: the numeric accumulator's delayed carries and growth. */
Test(numeric, sum_of_many_rows)
{
	const exec_agg *sum = find_agg("sum", EXEC_OID_NUMERIC),
		       *avg = find_agg("avg", EXEC_OID_NUMERIC);
	const exec_agg *isum = find_agg("sum", EXEC_OID_INT4),
		       *iavg = find_agg("avg", EXEC_OID_INT4);
	exec_value s = exec_null(sum->state_type), a = exec_null(avg->state_type);
	exec_value is = exec_null(isum->state_type), ia = exec_null(iavg->state_type);
	exec_value neg = exec_null(sum->state_type), out;
	const exec_func *div =
		find_func("div", 2, (exec_oid[]){EXEC_OID_NUMERIC, EXEC_OID_NUMERIC});
	const exec_oper *slash = find_oper("/", EXEC_OID_NUMERIC, EXEC_OID_NUMERIC);
	char got[512];
	tctx t;

	cr_assert_not_null(div);
	tctx_init(&t);
	for (int64_t x = 1; x <= 200000; x++) {
		exec_value q[2] = {exec_numeric_value(exec_numeric_from_int64(t.cx.arena, x)),
			exec_numeric_value(exec_numeric_from_int64(t.cx.arena, 7))};
		exec_value v, iv = exec_int(EXEC_OID_INT4, x);

		cr_assert_eq(slash->fn(&t.cx, q, 2, &v), EXEC_OK);
		cr_assert_eq(sum->step(&t.cx, &s, &v, 1), EXEC_OK);
		cr_assert_eq(avg->step(&t.cx, &a, &v, 1), EXEC_OK);
		if (x <= 100000) {
			cr_assert_eq(isum->step(&t.cx, &is, &iv, 1), EXEC_OK);
			cr_assert_eq(iavg->step(&t.cx, &ia, &iv, 1), EXEC_OK);
		}
		if (x <= 1000) {
			v = q[0];
			cr_assert_eq(find_oper("-", 0, EXEC_OID_NUMERIC)->fn(&t.cx, &q[0], 1, &v),
				EXEC_OK);
			cr_assert_eq(sum->step(&t.cx, &neg, &v, 1), EXEC_OK);
		}
	}
	/* PostgreSQL: sum(x::numeric / 7), avg(x::numeric / 7) over generate_series(1, 200000) */
	cr_assert_eq(sum->final(&t.cx, &s, &out), EXEC_OK);
	render(&t, EXEC_OK, &out, got, sizeof(got));
	cr_expect_str_eq(got, "2857157142.85714285714285720000");
	cr_assert_eq(avg->final(&t.cx, &a, &out), EXEC_OK);
	render(&t, EXEC_OK, &out, got, sizeof(got));
	cr_expect_str_eq(got, "14285.78571428571428571429");
	render(&t, EXEC_OK, &is, got, sizeof(got));
	cr_expect_str_eq(got, "5000050000");
	cr_assert_eq(iavg->final(&t.cx, &ia, &out), EXEC_OK);
	render(&t, EXEC_OK, &out, got, sizeof(got));
	cr_expect_str_eq(got, "50000.500000000000");
	cr_assert_eq(sum->final(&t.cx, &neg, &out), EXEC_OK);
	render(&t, EXEC_OK, &out, got, sizeof(got));
	cr_expect_str_eq(got, "-500500");
	tctx_done(&t);
}

/* The helpers other modules use. */
Test(numeric, helpers)
{
	tctx t;
	store_buf b = STORE_BUF_INIT;
	const exec_numeric *n, *m;
	int64_t i;

	tctx_init(&t);
	exec_numeric_out(exec_numeric_from_int64_scaled(t.cx.arena, -1234, 6), &b);
	cr_assert_str_eq((char *)b.data, "-0.001234");
	b.len = 0;
	exec_numeric_out(exec_numeric_from_int64(t.cx.arena, INT64_MIN), &b);
	cr_assert_str_eq((char *)b.data, "-9223372036854775808");
	b.len = 0;
	exec_numeric_out(exec_numeric_from_double(t.cx.arena, 0.1 + 0.2, false), &b);
	cr_assert_str_eq((char *)b.data, "0.3");
	b.len = 0;
	cr_assert_eq(exec_numeric_parse(t.cx.arena, "12.50", 5, &n, &t.err), EXEC_OK);
	cr_assert_eq(exec_numeric_add(&t.cx, n, n, &m), EXEC_OK);
	exec_numeric_out(m, &b);
	cr_assert_str_eq((char *)b.data, "25.00");
	cr_assert_eq(exec_numeric_to_double(m), 25.0);
	cr_assert_eq(
		exec_numeric_to_int64(n, INT32_MIN, INT32_MAX, "integer", &i, &t.err), EXEC_OK);
	cr_assert_eq(i, 13);
	cr_assert_eq(exec_numeric_parse(t.cx.arena, "12..5", 5, &n, &t.err), EXEC_ERROR);
	cr_assert_str_eq(t.err.sqlstate, "22P02");
	store_buf_free(&b);
	tctx_done(&t);
}
