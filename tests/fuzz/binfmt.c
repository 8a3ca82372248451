/*
 * binfmt.c - the fuzz target of the types' binary receive functions
 * (executor/binfmt.h): any bytes as a binary parameter of a type the
 * first byte chooses, with a typmod the second chooses, then the
 * contract checked.
 *
 * Owns the checks only; replay.c and libFuzzer drive it (README.md).
 * Input: byte 0 picks the type (scalars and arrays of them), byte 1
 * whether a typmod applies (varchar(3), char(3), numeric(5,2),
 * time(0), timestamp(2), interval(1)); the rest is the data.
 *
 * What is checked: an error has a five-character SQLSTATE and a UTF-8
 * message; a value received has the type asked for, prints with the
 * type's text output, and sends bytes that receive again to a value
 * sending the same bytes (send after receive is a fixed point).  Leaks
 * and memory errors are the sanitizers'.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "binfmt.h"
#include "func.h"
#include "portal.h"
#include "sql.h"

static const exec_oid types[] = {EXEC_OID_BOOL, EXEC_OID_BYTEA, EXEC_OID_CHAR, EXEC_OID_NAME,
	EXEC_OID_INT8, EXEC_OID_INT2, EXEC_OID_INT4, EXEC_OID_TEXT, EXEC_OID_OID, EXEC_OID_JSON,
	EXEC_OID_FLOAT4, EXEC_OID_FLOAT8, EXEC_OID_BPCHAR, EXEC_OID_VARCHAR, EXEC_OID_DATE,
	EXEC_OID_TIME, EXEC_OID_TIMESTAMP, EXEC_OID_TIMESTAMPTZ, EXEC_OID_INTERVAL, EXEC_OID_TIMETZ,
	EXEC_OID_NUMERIC, EXEC_OID_REGCLASS, EXEC_OID_UUID, EXEC_OID_JSONB, EXEC_OID_RECORD,
	EXEC_OID_INT4_ARRAY, EXEC_OID_TEXT_ARRAY, EXEC_OID_NUMERIC_ARRAY, EXEC_OID_VARCHAR_ARRAY,
	EXEC_OID_JSONB_ARRAY, EXEC_OID_INTERVAL_ARRAY, EXEC_OID_BOOL_ARRAY};

/* The typmod byte 1 asks for, where the type has one. */
static int32_t typmod_for(exec_oid type, uint8_t b)
{
	if (!(b & 1))
		return EXEC_TYPMOD_NONE;
	switch (type) {
	case EXEC_OID_VARCHAR:
	case EXEC_OID_BPCHAR:
	case EXEC_OID_VARCHAR_ARRAY:
		return 3 + 4;
	case EXEC_OID_NUMERIC:
	case EXEC_OID_NUMERIC_ARRAY:
		return (5 << 16 | 2) + 4;
	case EXEC_OID_TIME:
		return 0;
	case EXEC_OID_TIMESTAMP:
		return 2;
	case EXEC_OID_INTERVAL:
	case EXEC_OID_INTERVAL_ARRAY:
		return 0x7fff0000 | 1;
	default:
		return EXEC_TYPMOD_NONE;
	}
}

static bool utf8_valid(const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		size_t k = sql_utf8_char_len(s + i, n - i);

		if (k == 0)
			return false;
		i += k;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sql_arena *a;
	store_err err;
	exec_value v, again;
	exec_oid type;
	int32_t typmod;
	store_buf sent = STORE_BUF_INIT, resent = STORE_BUF_INIT, text = STORE_BUF_INIT;
	exec_ctx cx;

	if (size < 2)
		return 0;
	exec_registry_init();
	type = types[data[0] % (sizeof(types) / sizeof(types[0]))];
	typmod = typmod_for(type, data[1]);
	a = sql_arena_new(0);
	store_err_clear(&err);
	if (exec_value_recv(type, typmod, (const char *)data + 2, size - 2, 1, a, &v, &err) !=
		EXEC_OK) {
		CHECK(strlen(err.sqlstate) == 5);
		CHECK(err.message[0] != '\0' && utf8_valid(err.message));
		sql_arena_free(a);
		return 0;
	}
	CHECK(v.type == type);

	/* It prints. */
	memset(&cx, 0, sizeof(cx));
	cx.arena = a;
	cx.err = &err;
	cx.timezone = "UTC";
	cx.extra_float_digits = 1;
	CHECK(exec_value_out(&cx, &v, &text) == EXEC_OK);

	/* Sent and received again, it sends the same bytes. */
	CHECK(exec_value_send(NULL, type, &v, &sent, &err) == EXEC_OK);
	CHECK(exec_value_recv(type, typmod, (const char *)sent.data, sent.len, 1, a, &again,
		      &err) == EXEC_OK);
	CHECK(exec_value_send(NULL, type, &again, &resent, &err) == EXEC_OK);
	CHECK(sent.len == resent.len &&
		(sent.len == 0 || memcmp(sent.data, resent.data, sent.len) == 0));

	store_buf_free(&sent);
	store_buf_free(&resent);
	store_buf_free(&text);
	sql_arena_free(a);
	return 0;
}
