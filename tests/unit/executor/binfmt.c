/*
 * binfmt.c - tests for the types' binary formats (executor/binfmt.c):
 * exec_value_send against the bytes PostgreSQL 15 sends for the same
 * values (taken with libpq, PQexecParams with resultFormat 1), round
 * trips through exec_value_recv, and receive's errors, each as
 * PostgreSQL reports the same bytes bound as a binary parameter.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "array.h"
#include "binfmt.h"
#include "callutil.h"
#include "portal.h"
#include "record.h"

/* Bytes with their length (they may hold NUL). */
#define B(s) s, sizeof(s) - 1

typedef struct send_case {
	exec_oid type;
	int32_t typmod;
	const char *text;
	const char *bytes;
	size_t len;
} send_case;

/* SELECT '<text>'::<type> with a binary result, as PostgreSQL 15 answers it (TimeZone UTC). */
static const send_case send_cases[] = {
	{EXEC_OID_BOOL, -1, "true", B("\x01")},
	{EXEC_OID_BOOL, -1, "false", B("\x00")},
	{EXEC_OID_BYTEA, -1, "x", B("\x78")},
	{EXEC_OID_BYTEA, -1, "\\x00ff", B("\x00\xff")},
	{EXEC_OID_CHAR, -1, "a", B("\x61")},
	{EXEC_OID_NAME, -1, "abc", B("\x61\x62\x63")},
	{EXEC_OID_INT2, -1, "-2", B("\xff\xfe")},
	{EXEC_OID_INT4, -1, "123456789", B("\x07\x5b\xcd\x15")},
	{EXEC_OID_INT4, -1, "-1", B("\xff\xff\xff\xff")},
	{EXEC_OID_INT8, -1, "9223372036854775807", B("\x7f\xff\xff\xff\xff\xff\xff\xff")},
	{EXEC_OID_TEXT, -1, "héllo", B("\x68\xc3\xa9\x6c\x6c\x6f")},
	{EXEC_OID_OID, -1, "4294967295", B("\xff\xff\xff\xff")},
	{EXEC_OID_JSON, -1, "{\"a\": 1}", B("\x7b\x22\x61\x22\x3a\x20\x31\x7d")},
	{EXEC_OID_FLOAT4, -1, "1.5", B("\x3f\xc0\x00\x00")},
	{EXEC_OID_FLOAT4, -1, "NaN", B("\x7f\xc0\x00\x00")},
	{EXEC_OID_FLOAT8, -1, "-0.1", B("\xbf\xb9\x99\x99\x99\x99\x99\x9a")},
	{EXEC_OID_FLOAT8, -1, "Infinity", B("\x7f\xf0\x00\x00\x00\x00\x00\x00")},
	{EXEC_OID_BPCHAR, 8, "ab", B("\x61\x62\x20\x20")},
	{EXEC_OID_VARCHAR, 8, "ab", B("\x61\x62")},
	{EXEC_OID_DATE, -1, "2024-02-29", B("\x00\x00\x22\x79")},
	{EXEC_OID_DATE, -1, "infinity", B("\x7f\xff\xff\xff")},
	{EXEC_OID_DATE, -1, "-infinity", B("\x80\x00\x00\x00")},
	{EXEC_OID_DATE, -1, "1999-12-31", B("\xff\xff\xff\xff")},
	{EXEC_OID_TIME, -1, "12:34:56.789", B("\x00\x00\x00\x0a\x8b\xe6\x26\x08")},
	{EXEC_OID_TIME, -1, "24:00", B("\x00\x00\x00\x14\x1d\xd7\x60\x00")},
	{EXEC_OID_TIMETZ, -1, "12:34:56+05:30",
		B("\x00\x00\x00\x0a\x8b\xda\x1c\x00\xff\xff\xb2\xa8")},
	{EXEC_OID_TIMESTAMP, -1, "2024-02-29 12:34:56.123456",
		B("\x00\x02\xb5\x83\x41\x68\x5e\x40")},
	{EXEC_OID_TIMESTAMP, -1, "infinity", B("\x7f\xff\xff\xff\xff\xff\xff\xff")},
	{EXEC_OID_TIMESTAMPTZ, -1, "2024-02-29 12:34:56+02", B("\x00\x02\xb5\x81\x94\x3f\x34\x00")},
	{EXEC_OID_INTERVAL, -1, "1 year 2 mons 3 days 04:05:06.7",
		B("\x00\x00\x00\x03\x6c\x96\x6e\xe0\x00\x00\x00\x03"
		  "\x00\x00\x00\x0e")},
	{EXEC_OID_INTERVAL, -1, "-1 day",
		B("\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\xff\xff"
		  "\x00\x00\x00\x00")},
	{EXEC_OID_NUMERIC, -1, "0", B("\x00\x00\x00\x00\x00\x00\x00\x00")},
	{EXEC_OID_NUMERIC, -1, "0.00", B("\x00\x00\x00\x00\x00\x00\x00\x02")},
	{EXEC_OID_NUMERIC, -1, "1", B("\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01")},
	{EXEC_OID_NUMERIC, -1, "-12345.6789",
		B("\x00\x03\x00\x01\x40\x00\x00\x04\x00\x01\x09\x29"
		  "\x1a\x85")},
	{EXEC_OID_NUMERIC, -1, "10000", B("\x00\x01\x00\x01\x00\x00\x00\x00\x00\x01")},
	{EXEC_OID_NUMERIC, -1, "0.0001", B("\x00\x01\xff\xff\x00\x00\x00\x04\x00\x01")},
	{EXEC_OID_NUMERIC, -1, "123456789012345678.000",
		B("\x00\x05\x00\x04\x00\x00\x00\x03\x00\x0c\x0d\x80"
		  "\x1e\xd2\x04\xd2\x16\x2e")},
	{EXEC_OID_NUMERIC, -1, "NaN", B("\x00\x00\x00\x00\xc0\x00\x00\x00")},
	{EXEC_OID_NUMERIC, -1, "Infinity", B("\x00\x00\x00\x00\xd0\x00\x00\x20")},
	{EXEC_OID_NUMERIC, -1, "-Infinity", B("\x00\x00\x00\x00\xf0\x00\x00\x20")},
	{EXEC_OID_NUMERIC, -1, "1e-20", B("\x00\x01\xff\xfb\x00\x00\x00\x14\x00\x01")},
	{EXEC_OID_UUID, -1, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
		B("\xa0\xee\xbc\x99\x9c\x0b\x4e\xf8\xbb\x6d\x6b\xb9"
		  "\xbd\x38\x0a\x11")},
	{EXEC_OID_JSONB, -1, "{\"b\": [1, 2.50], \"a\": null}",
		B("\x01\x7b\x22\x61\x22\x3a\x20\x6e\x75\x6c\x6c\x2c"
		  "\x20\x22\x62\x22\x3a\x20\x5b\x31\x2c\x20\x32\x2e"
		  "\x35\x30\x5d\x7d")},
	{EXEC_OID_INT4_ARRAY, -1, "{1,2,3}",
		B("\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x17"
		  "\x00\x00\x00\x03\x00\x00\x00\x01\x00\x00\x00\x04"
		  "\x00\x00\x00\x01\x00\x00\x00\x04\x00\x00\x00\x02"
		  "\x00\x00\x00\x04\x00\x00\x00\x03")},
	{EXEC_OID_INT4_ARRAY, -1, "{}", B("\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x17")},
	{EXEC_OID_TEXT_ARRAY, -1, "{NULL,x}",
		B("\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x19"
		  "\x00\x00\x00\x02\x00\x00\x00\x01\xff\xff\xff\xff"
		  "\x00\x00\x00\x01\x78")},
	{EXEC_OID_INT8_ARRAY, -1, "[0:1]={1,2}",
		B("\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x14"
		  "\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x08"
		  "\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x08"
		  "\x00\x00\x00\x00\x00\x00\x00\x02")},
	{EXEC_OID_NUMERIC_ARRAY, -1, "{1.5,NaN}",
		B("\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x06\xa4"
		  "\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00\x0c"
		  "\x00\x02\x00\x00\x00\x00\x00\x01\x00\x01\x13\x88"
		  "\x00\x00\x00\x08\x00\x00\x00\x00\xc0\x00\x00\x00")},
};

static const char *hex(cu_env *e, const char *p, size_t n)
{
	char *s = sql_arena_alloc(e->arena, n * 2 + 1);

	for (size_t i = 0; i < n; i++)
		snprintf(s + 2 * i, 3, "%02x", (unsigned char)p[i]);
	s[2 * n] = '\0';
	return s;
}

/* The binary form of v, as hex. */
static const char *send_hex(cu_env *e, const exec_value *v)
{
	store_buf b = STORE_BUF_INIT;
	const char *s;

	cr_assert_eq(exec_value_send(NULL, v->type, v, &b, &e->err), EXEC_OK, "send: %s",
		e->err.message);
	s = hex(e, (const char *)b.data, b.len);
	store_buf_free(&b);
	return s;
}

Test(binfmt, binfmt__send_as_postgresql)
{
	cu_env e;

	cu_init(&e);
	for (size_t i = 0; i < sizeof(send_cases) / sizeof(send_cases[0]); i++) {
		const send_case *c = &send_cases[i];
		exec_value v;

		cr_assert_eq(exec_value_in(&e.cx, c->type, c->typmod, c->text, strlen(c->text), &v),
			EXEC_OK, "'%s': %s", c->text, e.err.message);
		cr_assert(exec_type_has_binary(c->type));
		cr_expect_str_eq(send_hex(&e, &v), hex(&e, c->bytes, c->len), "'%s'::%u", c->text,
			(unsigned)c->type);
	}
	cu_done(&e);
}

Test(binfmt, binfmt__recv_round_trips)
{
	cu_env e;

	cu_init(&e);
	for (size_t i = 0; i < sizeof(send_cases) / sizeof(send_cases[0]); i++) {
		const send_case *c = &send_cases[i];
		exec_value v, back;

		cr_assert_eq(exec_value_in(&e.cx, c->type, c->typmod, c->text, strlen(c->text), &v),
			EXEC_OK);
		cr_assert_eq(exec_value_recv(c->type, c->typmod, c->bytes, c->len, 1, e.arena,
				     &back, &e.err),
			EXEC_OK, "'%s'::%u: %s", c->text, (unsigned)c->type, e.err.message);
		cr_expect_eq(back.type, c->type);
		cr_expect_str_eq(
			cu_out(&e, &back), cu_out(&e, &v), "'%s'::%u", c->text, (unsigned)c->type);
		cr_expect_str_eq(send_hex(&e, &back), hex(&e, c->bytes, c->len), "'%s'::%u again",
			c->text, (unsigned)c->type);
	}
	cu_done(&e);
}

/* regclass, regtype and regproc travel as their OIDs: 'pg_class', 'int4', 'now'. */
Test(binfmt, binfmt__oid_types)
{
	static const struct {
		exec_oid type;
		int64_t oid;
		const char *bytes;
	} cases[] = {
		{EXEC_OID_REGCLASS, 1259, "000004eb"},
		{EXEC_OID_REGTYPE, 23, "00000017"},
		{EXEC_OID_REGPROC, 1299, "00000513"},
		{EXEC_OID_OID, 4294967295, "ffffffff"},
	};
	cu_env e;

	cu_init(&e);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		exec_value v = exec_int(cases[i].type, cases[i].oid), back;

		cr_assert(exec_type_has_binary(cases[i].type));
		cr_expect_str_eq(send_hex(&e, &v), cases[i].bytes);
		cr_assert_eq(exec_value_recv(cases[i].type, EXEC_TYPMOD_NONE, (const char *)&v, 0,
				     0, e.arena, &back, &e.err),
			EXEC_ERROR);
		cr_expect_str_eq(e.err.sqlstate, "08P01");
		store_err_clear(&e.err);
	}
	cu_done(&e);
}

/* SELECT row(1, 'a'::text, null::int4) and SELECT row(), binary: record_send. */
Test(binfmt, binfmt__record_send)
{
	static const char want[] = "00000003"
				   "00000017"
				   "0000000400000001"
				   "00000019"
				   "0000000161"
				   "00000017"
				   "ffffffff";
	exec_value fields[3];
	exec_value r;
	cu_env e;

	cu_init(&e);
	fields[0] = exec_int(EXEC_OID_INT4, 1);
	fields[1] = exec_text(EXEC_OID_TEXT, "a", 1);
	fields[2] = exec_null(EXEC_OID_INT4);
	r = exec_record_value(exec_record_new(e.arena, 3, NULL, fields));
	cr_assert(exec_type_has_binary(EXEC_OID_RECORD));
	cr_expect_str_eq(send_hex(&e, &r), want);
	r = exec_record_value(exec_record_new(e.arena, 0, NULL, fields));
	cr_expect_str_eq(send_hex(&e, &r), "00000000");
	cu_done(&e);
}

/* Types without a binary format, and containers of them. */
Test(binfmt, binfmt__no_binary)
{
	exec_value v;
	store_buf b = STORE_BUF_INIT;
	cu_env e;

	cu_init(&e);
	cr_expect(!exec_type_has_binary(EXEC_OID_ANYELEMENT));
	cr_expect(exec_type_has_binary(EXEC_OID_JSONB_ARRAY));
	v = exec_int(EXEC_OID_ANYELEMENT, 1);
	cr_assert_eq(exec_value_send(NULL, v.type, &v, &b, &e.err), EXEC_ERROR);
	cr_expect_str_eq(cu_error(&e),
		"ERROR 42883: no binary output function available for type anyelement");
	cr_assert_eq(exec_value_recv(
			     EXEC_OID_ANYELEMENT, EXEC_TYPMOD_NONE, "", 0, 1, e.arena, &v, &e.err),
		EXEC_ERROR);
	cr_expect_str_eq(cu_error(&e),
		"ERROR 42883: no binary input function available for type anyelement");
	store_buf_free(&b);
	cu_done(&e);
}

static void unhex(const char *h, char *out, size_t *n)
{
	*n = 0;
	for (; h[0] != '\0' && h[1] != '\0'; h += 2) {
		unsigned v;

		cr_assert_eq(sscanf(h, "%2x", &v), 1);
		out[(*n)++] = (char)v;
	}
}

typedef struct recv_case {
	exec_oid type;
	int32_t typmod;
	const char *hex;
	const char *expect; /* the value's text, or "ERROR <sqlstate>: <message>" */
} recv_case;

/*
 * What PostgreSQL 15 answers for SELECT $1::<type>::text with $1 bound
 * in binary to these bytes (as bind parameter 1), and for typmods what
 * an assignment to a column of the type does.
 */
static const recv_case recv_cases[] = {
	{EXEC_OID_INT4, -1, "0001", "ERROR 08P01: insufficient data left in message"},
	{EXEC_OID_INT4, -1, "", "ERROR 08P01: insufficient data left in message"},
	{EXEC_OID_INT4, -1, "0000000100000002",
		"ERROR 22P03: incorrect binary data format in bind parameter 1"},
	{EXEC_OID_INT2, -1, "000102",
		"ERROR 22P03: incorrect binary data format in bind parameter 1"},
	{EXEC_OID_INT8, -1, "00000001", "ERROR 08P01: insufficient data left in message"},
	{EXEC_OID_BOOL, -1, "02", "t"},
	{EXEC_OID_BOOL, -1, "", "ERROR 08P01: no data left in message"},
	{EXEC_OID_CHAR, -1, "", "ERROR 08P01: no data left in message"},
	{EXEC_OID_CHAR, -1, "4142",
		"ERROR 22P03: incorrect binary data format in bind parameter 1"},
	{EXEC_OID_NAME, -1, "6162", "ab"},
	{EXEC_OID_NAME, -1,
		"61616161616161616161616161616161616161616161616161616161616161616161616161616161"
		"616161616161616161616161616161616161616161616161",
		"ERROR 42622: identifier too long"},
	{EXEC_OID_FLOAT4, -1, "3fc0", "ERROR 08P01: insufficient data left in message"},
	{EXEC_OID_TEXT, -1, "68c328",
		"ERROR 22021: invalid byte sequence for encoding \"UTF8\": 0xc3 0x28"},
	{EXEC_OID_TEXT, -1, "6100",
		"ERROR 22021: invalid byte sequence for encoding \"UTF8\": 0x00"},
	{EXEC_OID_TEXT, -1, "", ""},
	{EXEC_OID_BYTEA, -1, "", "\\x"},
	{EXEC_OID_VARCHAR, -1, "616263", "abc"},
	{EXEC_OID_VARCHAR, 7, "616263", "abc"},
	{EXEC_OID_VARCHAR, 6, "6162202020", "ab"},
	{EXEC_OID_VARCHAR, 6, "616263",
		"ERROR 22001: value too long for type character varying(2)"},
	{EXEC_OID_BPCHAR, 8, "6162", "ab  "},
	{EXEC_OID_BPCHAR, 5, "6162", "ERROR 22001: value too long for type character(1)"},
	{EXEC_OID_DATE, -1, "7fffffff", "infinity"},
	{EXEC_OID_DATE, -1, "7ffffffe", "ERROR 22008: date out of range"},
	{EXEC_OID_DATE, -1, "fffdaa00", "1580-11-10"},
	{EXEC_OID_TIME, -1, "000000141dd76001", "ERROR 22008: time out of range"},
	{EXEC_OID_TIME, -1, "ffffffffffffffff", "ERROR 22008: time out of range"},
	{EXEC_OID_TIME, 0, "000000000007a121", "00:00:01"},
	{EXEC_OID_TIMETZ, -1, "000000000000000000000e10", "00:00:00-01"},
	{EXEC_OID_TIMETZ, -1, "00000000000000000000e100",
		"ERROR 22009: time zone displacement out of range"},
	{EXEC_OID_TIMETZ, -1, "0000000000000000ffff1f00",
		"ERROR 22009: time zone displacement out of range"},
	{EXEC_OID_TIMESTAMP, -1, "7ffffffffffffffe", "ERROR 22008: timestamp out of range"},
	{EXEC_OID_TIMESTAMP, -1, "7fffffffffffffff", "infinity"},
	{EXEC_OID_TIMESTAMPTZ, -1, "8000000000000000", "-infinity"},
	{EXEC_OID_TIMESTAMPTZ, -1, "8000000000000001", "ERROR 22008: timestamp out of range"},
	{EXEC_OID_TIMESTAMP, 1,
		"0000000000000000000000000000000000000000000000000000000000000007a121",
		"ERROR 22P03: incorrect binary data format in bind parameter 1"},
	{EXEC_OID_INTERVAL, -1, "000000000000000100000002000000030000",
		"ERROR 22P03: incorrect binary data format in bind parameter 1"},
	{EXEC_OID_INTERVAL, -1, "000000000000000100000002",
		"ERROR 08P01: insufficient data left in message"},
	{EXEC_OID_NUMERIC, -1, "0000000000000000", "0"},
	{EXEC_OID_NUMERIC, -1, "0001000040000000270f", "-9999"},
	{EXEC_OID_NUMERIC, -1, "00010000500000000001",
		"ERROR 22P03: invalid sign in external \"numeric\" value"},
	{EXEC_OID_NUMERIC, -1, "00010000000040000001",
		"ERROR 22P03: invalid scale in external \"numeric\" value"},
	{EXEC_OID_NUMERIC, -1, "0001000000000000ffff",
		"ERROR 22P03: invalid digit in external \"numeric\" value"},
	{EXEC_OID_NUMERIC, -1, "000100000000000027100000",
		"ERROR 22P03: invalid digit in external \"numeric\" value"},
	{EXEC_OID_NUMERIC, -1, "000200000000000100010d05", "1.3"},
	{EXEC_OID_NUMERIC, -1, "00020000000000020001138d", "1.50"},
	{EXEC_OID_NUMERIC, -1, "00000000c0000005", "NaN"},
	{EXEC_OID_NUMERIC, -1, "0000000ad00000050001",
		"ERROR 22P03: incorrect binary data format in bind parameter 1"},
	{EXEC_OID_NUMERIC, -1, "00018000000000000001", "0"},
	{EXEC_OID_NUMERIC, -1, "00010001000000000001", "10000"},
	{EXEC_OID_NUMERIC, -1, "00027fff000000000001",
		"ERROR 08P01: insufficient data left in message"},
	/* numeric(5,2): 1.005 rounds to 1.01; 1234.5 overflows */
	{EXEC_OID_NUMERIC, (5 << 16 | 2) + 4, "000200000000000300010032", "1.01"},
	{EXEC_OID_NUMERIC, (5 << 16 | 2) + 4, "000200000000000104d21388",
		"ERROR 22003: numeric field overflow"},
	{EXEC_OID_NUMERIC, (5 << 16 | 2) + 4, "00000000d0000000",
		"ERROR 22003: numeric field overflow"},
	{EXEC_OID_UUID, -1, "0011", "ERROR 08P01: insufficient data left in message"},
	{EXEC_OID_JSONB, -1, "017b7d", "{}"},
	{EXEC_OID_JSONB, -1, "027b7d", "ERROR XX000: unsupported jsonb version number 2"},
	{EXEC_OID_JSONB, -1, "", "ERROR 08P01: no data left in message"},
	{EXEC_OID_JSONB, -1, "017b", "ERROR 22P02: invalid input syntax for type json"},
	{EXEC_OID_JSON, -1, "7b", "ERROR 22P02: invalid input syntax for type json"},
	{EXEC_OID_JSON, -1, "5b315d", "[1]"},
	{EXEC_OID_INT4_ARRAY, -1,
		"00000001000000000000001700000002000000010000000400000001ffffffff", "{1,NULL}"},
	{EXEC_OID_INT4_ARRAY, -1, "000000000000000000000017", "{}"},
	{EXEC_OID_INT4_ARRAY, -1, "0000000100000000000000170000000000000005", "{}"},
	{EXEC_OID_INT4_ARRAY, -1,
		"00000001000000000000001700000002fffffffe00000004000000010000000400000002",
		"[-2:-1]={1,2}"},
	{EXEC_OID_INT4_ARRAY, -1, "00000001000000000000001700000000",
		"ERROR 08P01: insufficient data left in message"},
	{EXEC_OID_INT4_ARRAY, -1, "00000001000000000000001700000000000000010000",
		"ERROR 22P03: incorrect binary data format in bind parameter 1"},
	{EXEC_OID_INT4_ARRAY, -1, "0000000200000000000000170000000100000001",
		"ERROR 0A000: multidimensional arrays are not supported"},
	{EXEC_OID_INT4_ARRAY, -1, "0000000700000000000000170000000100000001",
		"ERROR 54000: number of array dimensions (7) exceeds the maximum allowed (6)"},
	{EXEC_OID_INT4_ARRAY, -1, "ffffffff00000000000000170000000100000001",
		"ERROR 22P03: invalid number of dimensions: -1"},
	{EXEC_OID_INT4_ARRAY, -1, "00000001000000020000001700000001",
		"ERROR 22P03: invalid array flags"},
	{EXEC_OID_INT4_ARRAY, -1, "00000001000000000000001400000001",
		"ERROR 42804: binary data has array element type 20 (bigint) instead of expected 23 "
		"(integer)"},
	{EXEC_OID_INT4_ARRAY, -1, "0000000100000000000000170000000100000001000000050000000000",
		"ERROR 22P03: improper binary format in array element 1"},
	{EXEC_OID_INT4_ARRAY, -1, "0000000100000000000000170000000100000001000000030000000000",
		"ERROR 08P01: insufficient data left in message"},
	{EXEC_OID_INT4_ARRAY, -1, "0000000100000000000000170000000100000001fffffffe",
		"ERROR 22P03: insufficient data left in message"},
	{EXEC_OID_INT4_ARRAY, -1, "00000001000000000000001700000001",
		"ERROR 08P01: insufficient data left in message"},
	{EXEC_OID_INT4_ARRAY, -1, "000000010000000000000017000000017fffffff00000004",
		"ERROR 54000: array lower bound is too large: 2147483647"},
	{EXEC_OID_INT4_ARRAY, -1, "00000001000000000000001708000000000000010000",
		"ERROR 54000: array size exceeds the maximum allowed (134217727)"},
	{EXEC_OID_TEXT_ARRAY, -1, "0000000100000000000000190000000100000001000000026863", "{hc}"},
	/* varchar(2)[]: the typmod applies to each element */
	{EXEC_OID_VARCHAR_ARRAY, 6, "000000010000000000000413000000010000000100000003616263",
		"ERROR 22001: value too long for type character varying(2)"},
	{EXEC_OID_RECORD, -1, "00000000",
		"ERROR 0A000: input of anonymous composite types is not implemented"},
};

Test(binfmt, binfmt__recv_as_postgresql)
{
	cu_env e;

	cu_init(&e);
	for (size_t i = 0; i < sizeof(recv_cases) / sizeof(recv_cases[0]); i++) {
		const recv_case *c = &recv_cases[i];
		char data[256];
		size_t n;
		exec_value v;
		const char *got;

		unhex(c->hex, data, &n);
		if (exec_value_recv(c->type, c->typmod, data, n, 1, e.arena, &v, &e.err) != EXEC_OK)
			got = cu_error(&e);
		else
			got = cu_out(&e, &v);
		cr_expect_str_eq(got, c->expect, "%u (typmod %d) %s: got \"%s\"", (unsigned)c->type,
			(int)c->typmod, c->hex, got);
	}
	cu_done(&e);
}

/* Outside Bind (COPY) the message names no parameter. */
Test(binfmt, binfmt__recv_not_a_parameter)
{
	static const char data[] = {0, 0, 0, 1, 0};
	exec_value v;
	cu_env e;

	cu_init(&e);
	cr_assert_eq(exec_value_recv(EXEC_OID_INT4, EXEC_TYPMOD_NONE, data, sizeof(data), 0,
			     e.arena, &v, &e.err),
		EXEC_ERROR);
	cr_expect_str_eq(cu_error(&e), "ERROR 22P03: incorrect binary data format");
	cr_assert_eq(
		exec_value_recv(EXEC_OID_INT4, EXEC_TYPMOD_NONE, data, 4, 0, e.arena, &v, &e.err),
		EXEC_OK);
	cr_expect_eq(v.v.i, 1);
	cu_done(&e);
}
