/*
 * msg.c - the PostgreSQL message reader and writer (server/pgwire/msg.h):
 * messages fed a byte at a time and several at once, the start-up
 * packet's form, the limits checked before any room is made, the field
 * scanner's bounds, ErrorResponse's fields.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "msg.h"

/* Feed all of data; the outcome of the last call, *n the messages completed. */
static int feed_all(
	pg_msg_reader *r, const void *data, size_t len, size_t chunk, int *n, store_err *err)
{
	const unsigned char *p = data;
	size_t at = 0;
	int rc = PG_MSG_MORE;

	*n = 0;
	while (at < len) {
		size_t used, k = len - at < chunk ? len - at : chunk;

		rc = pg_msg_feed(r, p + at, k, &used, err);
		at += used;
		if (rc == PG_MSG_ERROR)
			return rc;
		if (rc == PG_MSG_COMPLETE)
			(*n)++;
	}
	return rc;
}

Test(msg, msg__byte_at_a_time)
{
	static const char stream[] = "\x00\x00\x00\x16\x00\x03\x00\x00user\0chrondb\0\0"
				     "Q\x00\x00\x00\x0dSELECT 1\0"
				     "S\x00\x00\x00\x04";
	pg_msg_reader r;
	store_err err;
	pg_msg_scan s;
	const char *str;
	int32_t code;
	int n;

	store_err_clear(&err);
	for (size_t chunk = 1; chunk <= sizeof(stream); chunk++) {
		size_t used;
		int total = 0;

		pg_msg_reader_init(&r, true, 1024);

		/* The startup packet: no type byte. */
		for (size_t at = 0;;) {
			int rc = pg_msg_feed(&r, (const unsigned char *)stream + at,
				chunk < 0x16 - at ? chunk : 0x16 - at, &used, &err);

			at += used;
			cr_assert_neq(rc, PG_MSG_ERROR, "%s", err.message);
			if (rc == PG_MSG_COMPLETE)
				break;
		}
		cr_assert_eq(r.type, 0);
		pg_msg_scan_init(&s, &r);
		cr_assert_eq(pg_msg_int32(&s, &code, &err), STORE_OK);
		cr_assert_eq(code, PG_PROTO_V3);
		cr_assert_eq(pg_msg_string(&s, &str, &err), STORE_OK);
		cr_assert_str_eq(str, "user");

		/* Then typed messages. */
		cr_assert_eq(
			feed_all(&r, stream + 0x16, sizeof(stream) - 1 - 0x16, chunk, &n, &err),
			PG_MSG_COMPLETE);
		total += n;
		cr_assert_eq(total, 2, "chunk %zu", chunk);
		cr_assert_eq(r.type, 'S');
		cr_assert_eq(r.body.len, 0);
		pg_msg_reader_free(&r);
	}
}

Test(msg, msg__limits)
{
	static const char huge[] = "Q\x7f\xff\xff\xff";
	static const char tiny[] = "Q\x00\x00\x00\x03";
	static const char long_startup[] = "\x00\x01\x00\x00\x00\x03\x00\x00";
	pg_msg_reader r;
	store_err err;
	int n;

	/* Past the limit: an error before the body is read, no room made for it. */
	store_err_clear(&err);
	pg_msg_reader_init(&r, false, 1024);
	cr_assert_eq(feed_all(&r, huge, 5, 5, &n, &err), PG_MSG_ERROR);
	cr_assert_str_eq(err.sqlstate, "08P01");
	cr_assert_not_null(strstr(err.message, "too large"));
	cr_assert_lt(r.body.cap, 4096);
	pg_msg_reader_free(&r);

	/* A length below its own four bytes. */
	store_err_clear(&err);
	pg_msg_reader_init(&r, false, 1024);
	cr_assert_eq(feed_all(&r, tiny, 5, 5, &n, &err), PG_MSG_ERROR);
	cr_assert_str_eq(err.sqlstate, "08P01");
	pg_msg_reader_free(&r);

	/* A startup packet past PostgreSQL's 10000 bytes. */
	store_err_clear(&err);
	pg_msg_reader_init(&r, true, 1 << 20);
	cr_assert_eq(feed_all(&r, long_startup, 8, 8, &n, &err), PG_MSG_ERROR);
	cr_assert_str_eq(err.sqlstate, "08P01");
	pg_msg_reader_free(&r);
}

Test(msg, msg__scan_bounds)
{
	static const char m[] = "P\x00\x00\x00\x0a"
				"ab\0\x00\x01\x02";
	pg_msg_reader r;
	store_err err;
	pg_msg_scan s;
	const char *str;
	int16_t v16;
	int32_t v32;
	int n;

	store_err_clear(&err);
	pg_msg_reader_init(&r, false, 1024);
	cr_assert_eq(feed_all(&r, m, sizeof(m) - 1, 64, &n, &err), PG_MSG_COMPLETE);
	pg_msg_scan_init(&s, &r);
	cr_assert_eq(pg_msg_string(&s, &str, &err), STORE_OK);
	cr_assert_str_eq(str, "ab");
	cr_assert_eq(pg_msg_int16(&s, &v16, &err), STORE_OK);
	cr_assert_eq(v16, 1);
	cr_assert_eq(pg_msg_end(&s, &err), STORE_ERROR);
	store_err_clear(&err);
	cr_assert_eq(pg_msg_int32(&s, &v32, &err), STORE_ERROR);
	cr_assert_str_eq(err.sqlstate, "08P01");
	store_err_clear(&err);
	cr_assert_eq(pg_msg_string(&s, &str, &err), STORE_ERROR);
	pg_msg_reader_free(&r);
}

Test(msg, msg__error_fields)
{
	store_buf out = STORE_BUF_INIT;
	store_err err;

	store_err_clear(&err);
	store_err_set(&err, "42703", "column \"x\" does not exist");
	store_err_hint(&err, "Perhaps you meant \"y\".");
	err.position = 8;
	pg_msg_error(&out, 'E', "ERROR", &err);
	cr_assert_eq(out.data[0], 'E');
	cr_assert_eq(
		((size_t)out.data[1] << 24 | out.data[2] << 16 | out.data[3] << 8 | out.data[4]),
		out.len - 1);
	cr_assert_not_null(memmem(out.data, out.len, "SERROR\0VERROR\0C42703\0M", 22));
	cr_assert_not_null(memmem(out.data, out.len, "HPerhaps", 8));
	cr_assert_not_null(memmem(out.data, out.len, "P8\0", 3));
	cr_assert_null(memmem(out.data, out.len, "\0D", 2));
	cr_assert_eq(out.data[out.len - 1], '\0');
	store_buf_free(&out);
}
