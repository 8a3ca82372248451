/*
 * rowjson.c - tests for the storage encoding of rows (executor/rowjson.h):
 * the stored form of every type, reading it back, the loose forms
 * ChronDB wrote, the row API (column order, missing and extra members),
 * and byte identity with storage's store_json_canonical on fixed and
 * random rows.  A last case reports rows decoded per second for a
 * five-column row (a figure, not a timed assertion).
 *
 * Values are built directly (value.h), so the tests need no other type
 * module except where a form goes through a type's text input or
 * output (numeric, the loose strings): those cases are skipped until
 * the type is registered.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "keycodec.h"
#include "rowjson.h"

static sql_arena *arena;
static store_err err;
static exec_ctx cx;

static void setup(void)
{
	arena = sql_arena_new(0);
	store_err_clear(&err);
	cx = (exec_ctx){.arena = arena, .err = &err, .timezone = "UTC", .extra_float_digits = 1};
}

static void teardown(void)
{
	sql_arena_free(arena);
}

TestSuite(rowjson, .init = setup, .fini = teardown);

static bool have_type(exec_oid oid)
{
	const exec_type *t = exec_type_by_oid(oid);

	return t != NULL && t->in != NULL && t->out != NULL;
}

/* 2024-01-31 12:34:56.789 as days and microseconds since 2000-01-01. */
#define DAY_2024_01_31 8796
#define TS_2024        (INT64_C(8796) * EXEC_USECS_PER_DAY + INT64_C(45296789000))

static exec_value fval(exec_oid type, double d)
{
	exec_value v = {.type = type, .isnull = false};

	v.v.f = type == EXEC_OID_FLOAT4 ? (float)d : d;
	return v;
}

static exec_value interval(int32_t months, int32_t days, int64_t usecs)
{
	exec_value v = {.type = EXEC_OID_INTERVAL, .isnull = false};

	v.v.iv.months = months;
	v.v.iv.days = days;
	v.v.iv.usecs = usecs;
	return v;
}

static exec_value timetz(int64_t usecs, int32_t zone)
{
	exec_value v = {.type = EXEC_OID_TIMETZ, .isnull = false};

	v.v.timetz.usecs = usecs;
	v.v.timetz.zone = zone;
	return v;
}

static exec_value jsonb_of(const char *text)
{
	const exec_jsonb *j;

	cr_assert_eq(
		exec_json_parse(arena, text, strlen(text), EXEC_JSON_JSONB, &j, &err), EXEC_OK);
	return exec_jsonb_value(j);
}

static const char *to_json(const exec_value *v)
{
	store_buf b = STORE_BUF_INIT;
	char *s;

	cr_assert_eq(exec_value_to_json(&cx, v, &b), EXEC_OK, "%s %s", err.message, err.detail);
	s = sql_arena_strndup(arena, (char *)b.data, b.len);
	store_buf_free(&b);
	return s;
}

/* Equality for the test: by type, bytes for the variable-length ones. */
static bool same_value(const exec_value *a, const exec_value *b)
{
	if (a->isnull || b->isnull)
		return a->isnull == b->isnull;
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case EXEC_OID_BOOL:
		return a->v.b == b->v.b;
	case EXEC_OID_FLOAT4:
	case EXEC_OID_FLOAT8:
		return (isnan(a->v.f) && isnan(b->v.f)) ||
		       (a->v.f == b->v.f && signbit(a->v.f) == signbit(b->v.f));
	case EXEC_OID_TEXT:
	case EXEC_OID_VARCHAR:
	case EXEC_OID_BPCHAR:
	case EXEC_OID_BYTEA:
	case EXEC_OID_JSON:
		return a->v.s.len == b->v.s.len && memcmp(a->v.s.p, b->v.s.p, a->v.s.len) == 0;
	case EXEC_OID_UUID:
		return memcmp(a->v.uuid, b->v.uuid, 16) == 0;
	case EXEC_OID_TIMETZ:
		return a->v.timetz.usecs == b->v.timetz.usecs &&
		       a->v.timetz.zone == b->v.timetz.zone;
	case EXEC_OID_INTERVAL:
		return a->v.iv.months == b->v.iv.months && a->v.iv.days == b->v.iv.days &&
		       a->v.iv.usecs == b->v.iv.usecs;
	case EXEC_OID_JSONB:
		return exec_jsonb_eq(a->v.jb, b->v.jb);
	default:
		if (exec_array_elem_of(a->type) != 0) {
			if (a->v.arr->count != b->v.arr->count)
				return false;
			for (uint32_t i = 0; i < a->v.arr->count; i++) {
				if (!same_value(&a->v.arr->elems[i], &b->v.arr->elems[i]))
					return false;
			}
			return true;
		}
		return a->v.i == b->v.i;
	}
}

/* ---- The stored form of each type -------------------------------------- */

Test(rowjson, value_forms)
{
	static const unsigned char uuid[16] = {0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb,
		0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11};
	exec_value u = {.type = EXEC_OID_UUID, .isnull = false};
	const struct {
		exec_value v;
		const char *json;
	} cases[] = {
		{exec_null(EXEC_OID_INT4), "null"},
		{exec_bool(true), "true"},
		{exec_int(EXEC_OID_INT2, -32768), "-32768"},
		{exec_int(EXEC_OID_INT4, 42), "42"},
		{exec_int(EXEC_OID_INT8, INT64_MIN), "-9223372036854775808"},
		{exec_int(EXEC_OID_OID, 4294967295), "4294967295"},
		{fval(EXEC_OID_FLOAT8, 0.1), "0.1"},
		{fval(EXEC_OID_FLOAT8, 1e20), "1e+20"},
		{fval(EXEC_OID_FLOAT8, -0.0), "-0"},
		{fval(EXEC_OID_FLOAT8, 1.0 / 3), "0.3333333333333333"},
		{fval(EXEC_OID_FLOAT8, NAN), "\"NaN\""},
		{fval(EXEC_OID_FLOAT8, INFINITY), "\"Infinity\""},
		{fval(EXEC_OID_FLOAT8, -INFINITY), "\"-Infinity\""},
		{fval(EXEC_OID_FLOAT4, 0.1), "0.1"},
		{fval(EXEC_OID_FLOAT4, 16777217), "16777216"},
		{exec_text(EXEC_OID_TEXT, "a\"b\\c\n\x01\xc3\xa9", 9),
			"\"a\\\"b\\\\c\\n\\u0001\xc3\xa9\""},
		{exec_text(EXEC_OID_BPCHAR, "ab   ", 5), "\"ab   \""},
		{exec_text(EXEC_OID_VARCHAR, "", 0), "\"\""},
		{exec_text(EXEC_OID_BYTEA, "\x01\x02\xff", 3), "\"AQL/\""},
		{exec_text(EXEC_OID_BYTEA, "ab", 2), "\"YWI=\""},
		{exec_text(EXEC_OID_BYTEA, "a", 1), "\"YQ==\""},
		{exec_text(EXEC_OID_BYTEA, "", 0), "\"\""},
		{exec_int(EXEC_OID_DATE, DAY_2024_01_31), "\"2024-01-31\""},
		{exec_int(EXEC_OID_DATE, -746117), "\"0044-03-15 BC\""},
		{exec_int(EXEC_OID_DATE, -2451179), "\"4713-11-24 BC\""},
		{exec_int(EXEC_OID_DATE, 2921939), "\"9999-12-31\""},
		{exec_int(EXEC_OID_DATE, -730119), "\"0001-01-01\""},
		{exec_int(EXEC_OID_DATE, -730120), "\"0001-12-31 BC\""},
		{exec_int(EXEC_OID_DATE, 59), "\"2000-02-29\""},
		{exec_int(EXEC_OID_DATE, INT32_MAX), "\"infinity\""},
		{exec_int(EXEC_OID_DATE, INT32_MIN), "\"-infinity\""},
		{exec_int(EXEC_OID_TIMESTAMP, TS_2024), "\"2024-01-31T12:34:56.789\""},
		{exec_int(EXEC_OID_TIMESTAMPTZ, TS_2024), "\"2024-01-31T12:34:56.789Z\""},
		{exec_int(EXEC_OID_TIMESTAMP, -1), "\"1999-12-31T23:59:59.999999\""},
		{exec_int(EXEC_OID_TIMESTAMP, 0), "\"2000-01-01T00:00:00\""},
		{exec_int(EXEC_OID_TIMESTAMP, -746117 * EXEC_USECS_PER_DAY + INT64_C(43200000000)),
			"\"0044-03-15T12:00:00 BC\""},
		{exec_int(EXEC_OID_TIMESTAMPTZ, INT64_MAX), "\"infinity\""},
		{exec_int(EXEC_OID_TIME, INT64_C(45296500000)), "\"12:34:56.5\""},
		{exec_int(EXEC_OID_TIME, 24 * INT64_C(3600000000)), "\"24:00:00\""},
		{timetz(INT64_C(45296000000), -19800), "\"12:34:56+05:30\""},
		{timetz(INT64_C(45296500000), 28800), "\"12:34:56.5-08\""},
		{timetz(0, -(5 * 3600 + 53 * 60 + 28)), "\"00:00:00+05:53:28\""},
		{interval(14, 3, INT64_C(14706500000)), "\"P1Y2M3DT4H5M6.5S\""},
		{interval(-14, 3, -INT64_C(14706000000)), "\"P-1Y-2M3DT-4H-5M-6S\""},
		{interval(0, 0, 0), "\"PT0S\""},
		{interval(0, 0, 1500000), "\"PT1.5S\""},
		{interval(0, 0, -500000), "\"PT-0.5S\""},
		{interval(0, 1, -1000000), "\"P1DT-1S\""},
		{interval(0, 0, 100 * INT64_C(3600000000)), "\"PT100H\""},
		{interval(-1, 0, 0), "\"P-1M\""},
		{interval(0, 0, 60000000), "\"PT1M\""},
		{exec_text(EXEC_OID_JSON, "{\"b\":[1,2.50e1],\"a\":null}", 25),
			"{\"b\":[1,2.50e1],\"a\":null}"},
		{exec_text(EXEC_OID_JSON, " {\"b\" : [1, 2.50e1], \"a\":null} ", 31),
			"{\"$json\":\" {\\\"b\\\" : [1, 2.50e1], \\\"a\\\":null} \"}"},
		{jsonb_of("{\"b\": [1, 2.50e1], \"a\": null}"), "{\"a\":null,\"b\":[1,25.0]}"},
	};

	memcpy(u.v.uuid, uuid, 16);
	cr_expect_str_eq(to_json(&u), "\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const exec_jsonb *j;
		exec_value back;
		const char *s = to_json(&cases[i].v);

		cr_expect_str_eq(s, cases[i].json, "case %zu", i);

		/* And back, through the parser the row decoder uses. */
		cr_assert_eq(exec_json_parse(arena, s, strlen(s), 0, &j, &err), EXEC_OK);
		cr_assert_eq(exec_value_from_json(&cx, j, cases[i].v.type, -1, &back), EXEC_OK,
			"case %zu: %s %s", i, err.message, err.detail);
		cr_expect(same_value(&cases[i].v, &back), "case %zu round trip", i);
	}
	{
		const exec_jsonb *j;
		exec_value back;
		const char *s = to_json(&u);

		cr_assert_eq(exec_json_parse(arena, s, strlen(s), 0, &j, &err), EXEC_OK);
		cr_assert_eq(exec_value_from_json(&cx, j, EXEC_OID_UUID, -1, &back), EXEC_OK);
		cr_expect(same_value(&u, &back));
	}
}

Test(rowjson, numeric_keeps_digits)
{
	exec_value n, back;
	const exec_jsonb *j;

	if (!have_type(EXEC_OID_NUMERIC))
		cr_skip_test("numeric is not in the registry yet");
	cr_assert_eq(exec_value_in(&cx, EXEC_OID_NUMERIC, -1, "1.50", 4, &n), EXEC_OK);
	cr_expect_str_eq(to_json(&n), "1.50");
	cr_assert_eq(exec_value_in(&cx, EXEC_OID_NUMERIC, -1, "NaN", 3, &n), EXEC_OK);
	cr_expect_str_eq(to_json(&n), "\"NaN\"");
	cr_assert_eq(
		exec_json_parse(arena, "123456789012345678901234567890.000100", 37, 0, &j, &err),
		EXEC_OK);
	cr_assert_eq(exec_value_from_json(&cx, j, EXEC_OID_NUMERIC, -1, &back), EXEC_OK);
	cr_expect_str_eq(to_json(&back), "123456789012345678901234567890.000100");
}

/* ---- Loose forms and errors -------------------------------------------- */

static int decode_one(const char *json, exec_oid type, int32_t typmod, exec_value *out)
{
	const exec_jsonb *j;

	cr_assert_eq(exec_json_parse(arena, json, strlen(json), 0, &j, &err), EXEC_OK, "%s", json);
	return exec_value_from_json(&cx, j, type, typmod, out);
}

Test(rowjson, loose_forms)
{
	exec_value v;

	/* Forms handled here: no other module needed. */
	cr_assert_eq(decode_one("7", EXEC_OID_TEXT, -1, &v), EXEC_OK);
	cr_expect(v.v.s.len == 1 && v.v.s.p[0] == '7');
	cr_assert_eq(decode_one("[1, {\"a\": true}]", EXEC_OID_TEXT, -1, &v), EXEC_OK);
	cr_expect(v.v.s.len == 14 && memcmp(v.v.s.p, "[1,{\"a\":true}]", 14) == 0);
	cr_assert_eq(decode_one("true", EXEC_OID_VARCHAR, -1, &v), EXEC_OK);
	cr_expect(v.v.s.len == 4);
	cr_assert_eq(
		decode_one("\"2024-01-31T12:34:56.789\"", EXEC_OID_TIMESTAMP, -1, &v), EXEC_OK);
	cr_expect_eq(v.v.i, TS_2024);
	cr_assert_eq(decode_one("\"1e400\"", EXEC_OID_JSONB, -1, &v), EXEC_OK);
	cr_expect_eq(v.v.jb->kind, EXEC_JSONB_STRING);
	cr_assert_eq(decode_one("{\"b\":1,\"a\":2,\"b\":3}", EXEC_OID_JSONB, -1, &v), EXEC_OK);
	cr_expect_eq(v.v.jb->len, 2);
	cr_expect_str_eq(v.v.jb->u.pairs[0].key, "a");
	cr_assert_eq(decode_one("99999", EXEC_OID_INT2, -1, &v), EXEC_ERROR);
	cr_expect_str_eq(err.sqlstate, "22003");
	cr_expect_str_eq(err.message, "value \"99999\" is out of range for type smallint");
	store_err_clear(&err);
	cr_assert_eq(decode_one("1e400", EXEC_OID_FLOAT8, -1, &v), EXEC_ERROR);
	cr_expect_str_eq(err.message, "\"1e400\" is out of range for type double precision");
	store_err_clear(&err);
	cr_assert_eq(decode_one("\"a\\u0000b\"", EXEC_OID_TEXT, -1, &v), EXEC_ERROR);
	cr_expect_str_eq(err.sqlstate, "22P05");
	store_err_clear(&err);
	cr_assert_eq(decode_one("[1,2]", EXEC_OID_INT4_ARRAY, -1, &v), EXEC_OK);
	cr_expect_eq(v.v.arr->count, 2);
	cr_assert_eq(decode_one("[1,null]", EXEC_OID_TEXT_ARRAY, -1, &v), EXEC_OK);
	cr_expect(v.v.arr->elems[1].isnull);

	/* ChronDB's strings, through each type's text input. */
	if (have_type(EXEC_OID_INT4)) {
		cr_assert_eq(decode_one("\"42\"", EXEC_OID_INT4, -1, &v), EXEC_OK);
		cr_expect_eq(v.v.i, 42);
		cr_assert_eq(decode_one("\"x\"", EXEC_OID_INT4, -1, &v), EXEC_ERROR);
		cr_expect_str_eq(err.sqlstate, "22P02");
		cr_expect_str_eq(err.message, "invalid input syntax for type integer: \"x\"");
		store_err_clear(&err);
		cr_assert_eq(decode_one("1.5", EXEC_OID_INT4, -1, &v), EXEC_ERROR);
		cr_expect_str_eq(err.message, "invalid input syntax for type integer: \"1.5\"");
		store_err_clear(&err);
		cr_assert_eq(decode_one("{\"a\":1}", EXEC_OID_INT4, -1, &v), EXEC_ERROR);
		cr_expect_str_eq(
			err.message, "invalid input syntax for type integer: \"{\"a\":1}\"");
		store_err_clear(&err);
		cr_assert_eq(decode_one("\"{1,2}\"", EXEC_OID_INT4_ARRAY, -1, &v), EXEC_OK);
		cr_expect_eq(v.v.arr->count, 2);
	} else {
		cr_log_warn("int4 input is not in the registry yet: ChronDB int cases skipped");
	}
	if (have_type(EXEC_OID_BOOL)) {
		cr_assert_eq(decode_one("\"t\"", EXEC_OID_BOOL, -1, &v), EXEC_OK);
		cr_expect(v.v.b);
	}
	if (have_type(EXEC_OID_FLOAT8)) {
		cr_assert_eq(decode_one("\"2.5\"", EXEC_OID_FLOAT8, -1, &v), EXEC_OK);
		cr_expect(v.v.f == 2.5);
	}
	if (have_type(EXEC_OID_VARCHAR) && exec_type_by_oid(EXEC_OID_VARCHAR)->coerce_typmod) {
		cr_assert_eq(decode_one("\"abcd\"", EXEC_OID_VARCHAR, 3 + 4, &v), EXEC_ERROR);
		cr_expect_str_eq(err.sqlstate, "22001");
		store_err_clear(&err);
	}
	if (have_type(EXEC_OID_BPCHAR) && exec_type_by_oid(EXEC_OID_BPCHAR)->coerce_typmod) {
		cr_assert_eq(decode_one("\"ab\"", EXEC_OID_BPCHAR, 4 + 4, &v), EXEC_OK);
		cr_expect(v.v.s.len == 4 && memcmp(v.v.s.p, "ab  ", 4) == 0);
	}
	if (have_type(EXEC_OID_BYTEA)) {
		cr_assert_eq(decode_one("\"\\\\x0102\"", EXEC_OID_BYTEA, -1, &v), EXEC_OK);
		cr_expect(v.v.s.len == 2 && v.v.s.p[1] == 2);
	}
}

/* An array whose lower bound is not 1 keeps it in an object; 1 stays a plain JSON array. */
Test(rowjson, array_lower_bound)
{
	exec_value e[2] = {exec_int(EXEC_OID_INT4, 7), exec_null(EXEC_OID_INT4)}, v, back;
	exec_array *a = (exec_array *)exec_array_new(arena, EXEC_OID_INT4, e, 2);

	a->lbound = -1;
	v = exec_array_value(EXEC_OID_INT4_ARRAY, a);
	cr_expect_str_eq(to_json(&v), "{\"lower\":-1,\"elements\":[7,null]}");
	cr_assert_eq(
		decode_one("{\"lower\":-1,\"elements\":[7,null]}", EXEC_OID_INT4_ARRAY, -1, &back),
		EXEC_OK, "%s", err.message);
	cr_expect_eq(back.v.arr->lbound, -1);
	cr_expect_eq(back.v.arr->count, 2);
	cr_expect(same_value(&back, &v));

	a->lbound = 1;
	cr_expect_str_eq(to_json(&v), "[7,null]");

	/* An object that is not this form is read as text input, which refuses it. */
	cr_assert_eq(
		decode_one("{\"lower\":\"x\",\"elements\":[1]}", EXEC_OID_INT4_ARRAY, -1, &back),
		EXEC_ERROR);
	cr_expect_str_eq(err.sqlstate, "22P02");
	store_err_clear(&err);
}

Test(rowjson, errors_when_writing)
{
	static const exec_rowcol one[] = {{"id", EXEC_OID_INT4, -1}};
	exec_rowdesc d;
	exec_value id = exec_int(EXEC_OID_INT4, 1);
	exec_row_member extra;
	store_buf b = STORE_BUF_INIT;
	char deep[300];

	/* A member that is no column is kept nested: 128 levels are one more than storage takes. */
	exec_rowdesc_init(arena, one, 1, &d);
	memset(deep, '[', 128);
	memset(deep + 128, ']', 128);
	deep[256] = '\0';
	extra = (exec_row_member){"deep", 4, jsonb_of(deep).v.jb};
	cr_assert_eq(exec_row_encode(&cx, &d, &id, &extra, 1, &b), EXEC_ERROR);
	cr_expect_str_eq(err.sqlstate, "54001");
	store_err_clear(&err);
	deep[255] = '\0';
	extra.val = jsonb_of(deep + 1).v.jb;
	b.len = 0;
	cr_expect_eq(exec_row_encode(&cx, &d, &id, &extra, 1, &b), EXEC_OK, "%s", err.message);
	store_buf_free(&b);
}

/* ---- json and jsonb: nested, or escaped -------------------------------- */

/* Write v, check its stored form, read it back through the row parser. */
static exec_value json_trip(exec_value v, const char *want)
{
	const char *s = to_json(&v);
	const exec_jsonb *j;
	exec_value back;

	cr_expect_str_eq(s, want);
	cr_assert_eq(exec_json_parse(arena, s, strlen(s), 0, &j, &err), EXEC_OK, "%s", s);
	cr_assert_eq(
		exec_value_from_json(&cx, j, v.type, -1, &back), EXEC_OK, "%s: %s", s, err.message);
	cr_expect(same_value(&v, &back), "%s does not read back as it was written", s);
	return back;
}

static exec_value json_text(const char *text)
{
	return exec_text(EXEC_OID_JSON, text, strlen(text));
}

Test(rowjson, json_keeps_its_text)
{
	exec_value back;

	/* Already in the nested form: stored as it is, key order and all. */
	json_trip(json_text("{\"b\":1,\"a\":[true,null,\"x\"]}"),
		"{\"b\":1,\"a\":[true,null,\"x\"]}");
	json_trip(json_text("[null]"), "[null]");
	json_trip(json_text("1.50e1"), "1.50e1");
	json_trip(json_text("\"\xc3\xa9\""), "\"\xc3\xa9\"");
	json_trip(json_text("{\"$json\":\"x\",\"b\":1}"), "{\"$json\":\"x\",\"b\":1}");

	/* White space, duplicate keys, escapes of its own: kept byte for byte. */
	json_trip(json_text("{\"name\": \"ann\", \"n\": 1}"),
		"{\"$json\":\"{\\\"name\\\": \\\"ann\\\", \\\"n\\\": 1}\"}");
	json_trip(json_text("{\"a\":1,\"a\":2}"), "{\"$json\":\"{\\\"a\\\":1,\\\"a\\\":2}\"}");
	json_trip(json_text("{\"a\":{\"b\":1,\"b\":2}}"),
		"{\"$json\":\"{\\\"a\\\":{\\\"b\\\":1,\\\"b\\\":2}}\"}");
	json_trip(json_text("\"\\u00e9\""), "{\"$json\":\"\\\"\\\\u00e9\\\"\"}");
	json_trip(json_text("\"\\ud800\""), "{\"$json\":\"\\\"\\\\ud800\\\"\"}");
	json_trip(json_text("[1,\n2]"), "{\"$json\":\"[1,\\n2]\"}");

	/* The JSON null is not the SQL NULL. */
	back = json_trip(json_text("null"), "{\"$json\":\"null\"}");
	cr_expect(!back.isnull);
	back = json_trip(exec_null(EXEC_OID_JSON), "null");
	cr_expect(back.isnull);

	/* A value shaped like the escape is escaped itself. */
	json_trip(
		json_text("{\"$json\":\"null\"}"), "{\"$json\":\"{\\\"$json\\\":\\\"null\\\"}\"}");
	json_trip(json_text("{\"$json\":1}"), "{\"$json\":\"{\\\"$json\\\":1}\"}");
}

Test(rowjson, jsonb_nulls_and_escapes)
{
	exec_value back, elems[3], arr;
	char deep[2100];

	/* Nested, nulls inside included. */
	json_trip(jsonb_of("{\"a\": null, \"b\": [null, {}]}"), "{\"a\":null,\"b\":[null,{}]}");
	json_trip(jsonb_of("{\"$json\": \"x\", \"b\": 1}"), "{\"b\":1,\"$json\":\"x\"}");

	/* A top-level JSON null, and SQL NULL. */
	back = json_trip(jsonb_of("null"), "{\"$json\":\"null\"}");
	cr_expect(!back.isnull);
	cr_expect_eq(back.v.jb->kind, EXEC_JSONB_NULL);
	back = json_trip(exec_null(EXEC_OID_JSONB), "null");
	cr_expect(back.isnull);

	/* Values shaped like the escape. */
	json_trip(
		jsonb_of("{\"$json\": \"null\"}"), "{\"$json\":\"{\\\"$json\\\":\\\"null\\\"}\"}");
	json_trip(jsonb_of("{\"$json\": {\"$json\": 1}}"),
		"{\"$json\":\"{\\\"$json\\\":{\\\"$json\\\":1}}\"}");

	/* Arrays of jsonb: a JSON null element and a NULL element stay apart. */
	elems[0] = jsonb_of("null");
	elems[1] = exec_null(EXEC_OID_JSONB);
	elems[2] = jsonb_of("[null]");
	arr = exec_array_value(
		EXEC_OID_JSONB_ARRAY, exec_array_new(arena, EXEC_OID_JSONB, elems, 3));
	back = json_trip(arr, "[{\"$json\":\"null\"},null,[null]]");
	cr_expect(!back.v.arr->elems[0].isnull);
	cr_expect(back.v.arr->elems[1].isnull);

	/* Deeper than storage nests: stored as text, whole. */
	memset(deep, '[', 1000);
	memset(deep + 1000, ']', 1000);
	deep[2000] = '\0';
	json_trip(jsonb_of(deep), sql_arena_printf(arena, "{\"$json\":\"%s\"}", deep));
}

Test(rowjson, json_reads_older_and_foreign_documents)
{
	exec_value v;
	store_buf b = STORE_BUF_INIT;

	/* Nested documents written before the escape form. */
	cr_assert_eq(decode_one("{\"b\": 1, \"a\": [1, 2]}", EXEC_OID_JSON, -1, &v), EXEC_OK);
	cr_expect(v.v.s.len == 17 && memcmp(v.v.s.p, "{\"b\":1,\"a\":[1,2]}", 17) == 0);
	cr_assert_eq(decode_one("{\"b\": 1, \"a\": 2}", EXEC_OID_JSONB, -1, &v), EXEC_OK);
	cr_expect_str_eq(v.v.jb->u.pairs[0].key, "a");

	/* An object named like the escape that is none: read nested. */
	cr_assert_eq(decode_one("{\"$json\": 5}", EXEC_OID_JSONB, -1, &v), EXEC_OK);
	cr_expect(v.v.jb->kind == EXEC_JSONB_OBJECT && v.v.jb->len == 1);
	cr_assert_eq(decode_one("{\"$json\": \"{oops\"}", EXEC_OID_JSONB, -1, &v), EXEC_OK);
	cr_expect(v.v.jb->kind == EXEC_JSONB_OBJECT);
	cr_expect_eq(v.v.jb->u.pairs[0].val.kind, EXEC_JSONB_STRING);
	cr_assert_eq(decode_one("{\"$json\": \"{oops\"}", EXEC_OID_JSON, -1, &v), EXEC_OK);
	cr_expect(v.v.s.len == 17 && memcmp(v.v.s.p, "{\"$json\":\"{oops\"}", 17) == 0);
	cr_assert_eq(decode_one("{\"$json\": \"[1, 2]\"}", EXEC_OID_JSON, -1, &v), EXEC_OK);
	cr_expect(v.v.s.len == 6 && memcmp(v.v.s.p, "[1, 2]", 6) == 0);

	/* ChronDB's strings: a string in a json column is that JSON string. */
	cr_assert_eq(decode_one("\"{\\\"a\\\":1}\"", EXEC_OID_JSONB, -1, &v), EXEC_OK);
	cr_expect_eq(v.v.jb->kind, EXEC_JSONB_STRING);
	store_buf_free(&b);
}

/* ---- Rows -------------------------------------------------------------- */

static const exec_rowcol cols[] = {
	{"id", EXEC_OID_INT8, -1},
	{"name", EXEC_OID_TEXT, -1},
	{"score", EXEC_OID_FLOAT8, -1},
	{"born", EXEC_OID_DATE, -1},
	{"seen", EXEC_OID_TIMESTAMPTZ, -1},
	{"tags", EXEC_OID_TEXT_ARRAY, -1},
	{"doc", EXEC_OID_JSONB, -1},
	{"ok", EXEC_OID_BOOL, -1},
};
#define NCOLS ((int)(sizeof(cols) / sizeof(cols[0])))

struct extras {
	exec_row_member m[8];
	int n;
};

static int keep_extra(void *arg, const exec_row_member *m, store_err *e)
{
	struct extras *x = arg;

	cr_assert_lt(x->n, 8);
	x->m[x->n++] = *m;
	return EXEC_OK;
}

static void canonical_equal(const exec_rowdesc *d, const char *doc, size_t len)
{
	char *canon;
	size_t clen;

	cr_assert_eq(store_json_canonical(doc, len, d->order, d->ncols, &canon, &clen, &err),
		STORE_OK, "%s: %s", err.message, err.detail);
	cr_expect_eq(clen, len);
	cr_expect(clen == len && memcmp(canon, doc, len) == 0, "canonical:\n%s\nours:\n%.*s", canon,
		(int)len, doc);
	free(canon);
}

Test(rowjson, row_round_trip)
{
	exec_rowdesc d;
	exec_value vals[NCOLS], back[NCOLS];
	exec_value tags[2] = {exec_text(EXEC_OID_TEXT, "a", 1), exec_null(EXEC_OID_TEXT)};
	exec_row_member extra[2];
	store_buf b = STORE_BUF_INIT;
	struct extras x = {.n = 0};

	exec_rowdesc_init(arena, cols, NCOLS, &d);
	vals[0] = exec_int(EXEC_OID_INT8, 7);
	vals[1] = exec_text(EXEC_OID_TEXT, "Ada \"L\"", 7);
	vals[2] = fval(EXEC_OID_FLOAT8, 2.5);
	vals[3] = exec_int(EXEC_OID_DATE, DAY_2024_01_31);
	vals[4] = exec_int(EXEC_OID_TIMESTAMPTZ, TS_2024);
	vals[5] = exec_array_value(
		EXEC_OID_TEXT_ARRAY, exec_array_new(arena, EXEC_OID_TEXT, tags, 2));
	vals[6] = jsonb_of("{\"z\": [1, {\"y\": null}], \"a\": \"\\u00e9\"}");
	vals[7] = exec_null(EXEC_OID_BOOL);
	extra[0] = (exec_row_member){"zeta", 4, jsonb_of("[1, 2]").v.jb};
	extra[1] = (exec_row_member){"Alpha", 5, jsonb_of("\"x\"").v.jb};

	cr_assert_eq(exec_row_encode(&cx, &d, vals, extra, 2, &b), EXEC_OK, "%s", err.message);
	cr_expect_str_eq((char *)b.data, "{\n"
					 "  \"id\": 7,\n"
					 "  \"name\": \"Ada \\\"L\\\"\",\n"
					 "  \"score\": 2.5,\n"
					 "  \"born\": \"2024-01-31\",\n"
					 "  \"seen\": \"2024-01-31T12:34:56.789Z\",\n"
					 "  \"tags\": [\"a\",null],\n"
					 "  \"doc\": {\"a\":\"\xc3\xa9\",\"z\":[1,{\"y\":null}]},\n"
					 "  \"ok\": null,\n"
					 "  \"Alpha\": \"x\",\n"
					 "  \"zeta\": [1,2]\n"
					 "}\n");
	canonical_equal(&d, (char *)b.data, b.len);

	cr_assert_eq(exec_row_decode(&cx, &d, (char *)b.data, b.len, back, keep_extra, &x), EXEC_OK,
		"%s", err.message);
	for (int i = 0; i < NCOLS; i++)
		cr_expect(same_value(&vals[i], &back[i]), "column %s", cols[i].name);
	cr_assert_eq(x.n, 2);
	cr_expect(x.m[0].namelen == 5 && memcmp(x.m[0].name, "Alpha", 5) == 0);
	cr_expect_eq(x.m[1].val->kind, EXEC_JSONB_ARRAY);
	store_buf_free(&b);

	/* An empty table is an empty object. */
	{
		exec_rowdesc none;

		exec_rowdesc_init(arena, cols, 0, &none);
		cr_assert_eq(exec_row_encode(&cx, &none, NULL, NULL, 0, &b), EXEC_OK);
		cr_expect_str_eq((char *)b.data, "{}\n");
		canonical_equal(&none, (char *)b.data, b.len);
		store_buf_free(&b);
	}
}

Test(rowjson, row_members_in_any_order)
{
	static const char doc[] =
		"{\"ok\": true, \"extra\": {\"k\": 1}, \"id\": 1, \"name\": \"a\","
		" \"id\": 2, \"tags\": null}";
	exec_rowdesc d;
	exec_value v[NCOLS];
	struct extras x = {.n = 0};

	exec_rowdesc_init(arena, cols, NCOLS, &d);
	cr_assert_eq(exec_row_decode(&cx, &d, doc, strlen(doc), v, keep_extra, &x), EXEC_OK);
	cr_expect_eq(v[0].v.i, 2, "the last of a duplicate wins");
	cr_expect(v[1].v.s.len == 1);
	cr_expect(v[2].isnull && v[3].isnull && v[4].isnull && v[5].isnull && v[6].isnull);
	cr_expect(v[7].v.b);
	cr_expect_eq(v[0].type, EXEC_OID_INT8);
	cr_expect_eq(v[2].type, EXEC_OID_FLOAT8);
	cr_assert_eq(x.n, 1);
	cr_expect(x.m[0].namelen == 5 && memcmp(x.m[0].name, "extra", 5) == 0);
	cr_expect_eq(exec_row_decode(&cx, &d, doc, strlen(doc), v, NULL, NULL), EXEC_OK);

	cr_expect_eq(exec_row_decode(&cx, &d, "[1]", 3, v, NULL, NULL), EXEC_ERROR);
	cr_expect_str_eq(err.sqlstate, "22P02");
	store_err_clear(&err);
	cr_expect_eq(exec_row_decode(&cx, &d, "{\"id\": \"x\"}", 11, v, NULL, NULL), EXEC_ERROR);
	store_err_clear(&err);
}

/* xorshift64*: fixed seeds, so a failure reproduces. */
static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

/* A random string of ASCII, controls and a few multi-byte characters. */
static exec_value random_text(void)
{
	static const char *const pieces[] = {"a", "Z", "\"", "\\", "\n", "\x01", "\x1f", "\x7f",
		" ", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "{", "}", ",", ":", "/"};
	char *s = sql_arena_alloc(arena, 64);
	size_t n = 0, len = rnd() % 12;

	for (size_t i = 0; i < len; i++) {
		const char *p = pieces[rnd() % (sizeof(pieces) / sizeof(pieces[0]))];

		memcpy(s + n, p, strlen(p));
		n += strlen(p);
	}
	return exec_text(EXEC_OID_TEXT, s, n);
}

static exec_value random_value(exec_oid type)
{
	union {
		uint64_t u;
		double d;
	} bits;

	if (rnd() % 10 == 0)
		return exec_null(type);
	switch (type) {
	case EXEC_OID_INT8:
		return exec_int(type, (int64_t)rnd());
	case EXEC_OID_TEXT:
		return random_text();
	case EXEC_OID_FLOAT8:
		do
			bits.u = rnd();
		while (isnan(bits.d));
		return fval(type, rnd() % 2 ? bits.d : (double)(int64_t)(rnd() % 100000) / 1000);
	case EXEC_OID_DATE:
		return exec_int(type, (int64_t)(rnd() % 5000000) - 2451179);
	case EXEC_OID_TIMESTAMPTZ:
		return exec_int(type, (int64_t)(rnd() % (UINT64_C(1) << 60)) - (INT64_C(1) << 59));
	case EXEC_OID_TEXT_ARRAY: {
		exec_value e[4];
		uint32_t n = (uint32_t)(rnd() % 4);

		for (uint32_t i = 0; i < n; i++)
			e[i] = random_value(EXEC_OID_TEXT);
		return exec_array_value(type, exec_array_new(arena, EXEC_OID_TEXT, e, n));
	}
	case EXEC_OID_JSONB: {
		store_buf b = STORE_BUF_INIT;
		exec_value t = random_text(), v;

		store_buf_printf(
			&b, "{\"k%d\": [%lld, ", (int)(rnd() % 5), (long long)(rnd() % 1000));
		exec_json_write_string(&b, t.v.s.p, t.v.s.len);
		store_buf_puts(&b, "], \"a\": {}}");
		v = jsonb_of((char *)b.data);
		store_buf_free(&b);
		return v;
	}
	default:
		return exec_bool(rnd() % 2);
	}
}

Test(rowjson, random_rows_are_canonical)
{
	sql_arena *long_lived = sql_arena_new(0);
	exec_rowdesc d;

	exec_rowdesc_init(long_lived, cols, NCOLS, &d);
	for (int round = 0; round < 2000; round++) {
		exec_value vals[NCOLS], back[NCOLS];
		store_buf b = STORE_BUF_INIT;

		for (int i = 0; i < NCOLS; i++)
			vals[i] = random_value(cols[i].type);
		cr_assert_eq(
			exec_row_encode(&cx, &d, vals, NULL, 0, &b), EXEC_OK, "%s", err.message);
		canonical_equal(&d, (char *)b.data, b.len);
		cr_assert_eq(exec_row_decode(&cx, &d, (char *)b.data, b.len, back, NULL, NULL),
			EXEC_OK, "%s %s\n%s", err.message, err.detail, (char *)b.data);
		for (int i = 0; i < NCOLS; i++)
			cr_assert(same_value(&vals[i], &back[i]), "round %d column %s:\n%s", round,
				cols[i].name, (char *)b.data);
		store_buf_free(&b);
		if (round % 100 == 0)
			sql_arena_reset(arena);
	}
	sql_arena_free(long_lived);
}

/* Random JSON text: any white space, key order, duplicates, escapes, the escape's own name. */
static void random_json(store_buf *b, int depth)
{
	static const char *const ws[] = {"", "", "", " ", "\n", " \t"};
	static const char *const keys[] = {"\"a\"", "\"b\"", "\"$json\"", "\"\\u0061\""};
	static const char *const scalars[] = {
		"null", "true", "1", "2.50", "-0", "1e2", "\"x\"", "\"\\u00e9\"", "\"null\""};
	uint64_t r = rnd() % (depth > 3 ? 3 : 5);

	store_buf_puts(b, ws[rnd() % 6]);
	if (r == 3 || r == 4) {
		uint32_t n = (uint32_t)(rnd() % 3);

		store_buf_putc(b, r == 3 ? '[' : '{');
		for (uint32_t i = 0; i < n; i++) {
			if (i > 0)
				store_buf_putc(b, ',');
			if (r == 4) {
				store_buf_puts(b, ws[rnd() % 6]);
				store_buf_puts(b, keys[rnd() % 4]);
				store_buf_puts(b, ws[rnd() % 6]);
				store_buf_putc(b, ':');
			}
			random_json(b, depth + 1);
		}
		store_buf_puts(b, ws[rnd() % 6]);
		store_buf_putc(b, r == 3 ? ']' : '}');
	} else if (r == 2) {
		exec_value t = random_text();

		exec_json_write_string(b, t.v.s.p, t.v.s.len);
	} else {
		store_buf_puts(b, scalars[rnd() % 9]);
	}
	store_buf_puts(b, ws[rnd() % 6]);
}

Test(rowjson, random_json_rows_are_canonical_and_exact)
{
	static const exec_rowcol jcols[] = {
		{"j", EXEC_OID_JSON, -1},
		{"jb", EXEC_OID_JSONB, -1},
		{"jbs", EXEC_OID_JSONB_ARRAY, -1},
	};
	exec_rowdesc d;
	int escaped = 0, nested = 0;

	exec_rowdesc_init(arena, jcols, 3, &d);
	for (int round = 0; round < 3000; round++) {
		sql_arena *scratch = sql_arena_new(0);
		sql_arena *saved = arena;
		exec_value vals[3], back[3], e[2];
		store_buf text = STORE_BUF_INIT, b = STORE_BUF_INIT;

		arena = scratch;
		cx.arena = scratch;
		random_json(&text, 0);
		vals[0] = exec_text(EXEC_OID_JSON,
			sql_arena_strndup(arena, (char *)text.data, text.len), text.len);
		vals[1] = jsonb_of((char *)text.data);
		e[0] = vals[1];
		e[1] = rnd() % 2 ? exec_null(EXEC_OID_JSONB) : jsonb_of("null");
		vals[2] = exec_array_value(
			EXEC_OID_JSONB_ARRAY, exec_array_new(arena, EXEC_OID_JSONB, e, 2));
		if (rnd() % 8 == 0)
			vals[rnd() % 2] = exec_null(rnd() % 2 ? EXEC_OID_JSON : EXEC_OID_JSONB);
		vals[0].type = EXEC_OID_JSON;
		vals[1].type = EXEC_OID_JSONB;

		cr_assert_eq(exec_row_encode(&cx, &d, vals, NULL, 0, &b), EXEC_OK, "%s: %s",
			(char *)text.data, err.message);
		canonical_equal(&d, (char *)b.data, b.len);
		if (strstr((char *)b.data, "\"j\": {\"$json\"") != NULL)
			escaped++;
		else
			nested++;
		cr_assert_eq(exec_row_decode(&cx, &d, (char *)b.data, b.len, back, NULL, NULL),
			EXEC_OK, "%s %s\n%s", err.message, err.detail, (char *)b.data);
		for (int i = 0; i < 3; i++)
			cr_assert(same_value(&vals[i], &back[i]), "column %s of\n%s", jcols[i].name,
				(char *)b.data);
		store_buf_free(&text);
		store_buf_free(&b);
		arena = saved;
		cx.arena = saved;
		sql_arena_free(scratch);
	}
	/* Both forms were exercised. */
	cr_expect_gt(escaped, 100);
	cr_expect_gt(nested, 100);
}

/* Not a timed assertion: the figure for the report, printed once. */
Test(rowjson, decode_rate)
{
	static const exec_rowcol five[] = {
		{"id", EXEC_OID_INT8, -1},
		{"name", EXEC_OID_TEXT, -1},
		{"email", EXEC_OID_TEXT, -1},
		{"score", EXEC_OID_FLOAT8, -1},
		{"active", EXEC_OID_BOOL, -1},
	};
	static const char doc[] = "{\n  \"id\": 123456,\n  \"name\": \"Ada Lovelace\",\n"
				  "  \"email\": \"ada@example.com\",\n  \"score\": 97.25,\n"
				  "  \"active\": true\n}\n";
	exec_rowdesc d;
	exec_value v[5];
	struct timespec t0, t1;
	const int n = 200000;
	double secs;

	/* The description outlives the rows: another arena, as the executor's table cache would. */
	sql_arena *long_lived = sql_arena_new(0);

	exec_rowdesc_init(long_lived, five, 5, &d);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < n; i++) {
		cr_assert_eq(
			exec_row_decode(&cx, &d, doc, sizeof(doc) - 1, v, NULL, NULL), EXEC_OK);
		if (i % 1000 == 0)
			sql_arena_reset(arena);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	cr_log_info("decoded %d five-column rows in %.3f s: %.0f rows/s", n, secs, n / secs);
	cr_expect_eq(v[0].v.i, 123456);
	sql_arena_free(long_lived);
}
