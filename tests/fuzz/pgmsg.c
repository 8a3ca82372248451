/*
 * pgmsg.c - the fuzz target of the PostgreSQL message reader
 * (server/pgwire/msg.h): any bytes as what a client sends, from its
 * first byte, then the reader's contract checked.
 *
 * Owns the checks only; replay.c and libFuzzer drive it (README.md).
 * Input: byte 0 picks the size of the chunks the bytes arrive in (1 to
 * 256, or all at once), byte 1 the message size limit (64 bytes to
 * 16kB); the rest is the stream, starting with a startup packet (an
 * SSLRequest or GSSENCRequest is followed by another, as conn.c reads).
 *
 * What is checked: the stream read whole and read in chunks gives the
 * same messages (types and bodies) and the same outcome, since the
 * reader must not care where the socket splits it; no body exceeds the
 * limit; an error is 08P01 with a message; and every message's fields
 * scan as strings and integers without reading past its end (the
 * sanitizers see any stray read).  Leaks are the sanitizers' too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "msg.h"

#define MAX_MSGS 256

/* What one reading saw: a digest of each message and how it ended. */
typedef struct reading {
	int nmsgs;
	char types[MAX_MSGS];
	size_t lens[MAX_MSGS];
	uint32_t sums[MAX_MSGS];
	int outcome; /* PG_MSG_MORE (ran out of bytes) or PG_MSG_ERROR */
} reading;

static uint32_t digest(const unsigned char *p, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/* Scan a body as a run of strings, then as int32s and int16s: nothing reads past its end. */
static void scan_fields(const pg_msg_reader *r)
{
	pg_msg_scan s;
	store_err err;
	const char *str;
	int32_t i32;
	int16_t i16;

	store_err_clear(&err);
	pg_msg_scan_init(&s, r);
	while (pg_msg_string(&s, &str, &err) == STORE_OK)
		CHECK(strlen(str) < r->body.len);
	CHECK(strcmp(err.sqlstate, "08P01") == 0);
	store_err_clear(&err);
	pg_msg_scan_init(&s, r);
	while (pg_msg_int32(&s, &i32, &err) == STORE_OK)
		;
	while (pg_msg_int16(&s, &i16, &err) == STORE_OK)
		;
	(void)pg_msg_end(&s, &err);
}

static void read_stream(const uint8_t *data, size_t size, size_t chunk, size_t max, reading *out)
{
	pg_msg_reader r;
	store_err err;
	size_t at = 0;

	memset(out, 0, sizeof(*out));
	store_err_clear(&err);
	pg_msg_reader_init(&r, true, max);
	out->outcome = PG_MSG_MORE;
	while (at < size && out->nmsgs < MAX_MSGS) {
		size_t n = size - at < chunk ? size - at : chunk, used = 0;
		int rc = pg_msg_feed(&r, data + at, n, &used, &err);

		CHECK(used <= n);
		at += used;
		if (rc == PG_MSG_ERROR) {
			CHECK(strcmp(err.sqlstate, "08P01") == 0 && err.message[0] != '\0');
			out->outcome = PG_MSG_ERROR;
			break;
		}
		if (rc == PG_MSG_MORE) {
			CHECK(used == n);
			continue;
		}

		/* A message: record it, scan it, and read the next as conn.c would. */
		CHECK(r.body.len <= (r.startup ? PG_STARTUP_MAX : max));
		out->types[out->nmsgs] = r.type;
		out->lens[out->nmsgs] = r.body.len;
		out->sums[out->nmsgs] = digest(r.body.data, r.body.len);
		out->nmsgs++;
		scan_fields(&r);
		if (r.startup && r.body.len == 4) {
			uint32_t code = (uint32_t)r.body.data[0] << 24 |
					(uint32_t)r.body.data[1] << 16 |
					(uint32_t)r.body.data[2] << 8 | r.body.data[3];

			if (code == PG_SSL_REQUEST || code == PG_GSSENC_REQ) {
				pg_msg_reader_expect(&r, true, max);
				continue;
			}
		}
	}
	pg_msg_reader_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	reading whole, chunked;
	size_t chunk, max;

	if (size < 2)
		return 0;
	chunk = data[0] == 0 ? size : (size_t)data[0];
	max = 64u << (data[1] % 9);
	read_stream(data + 2, size - 2, size, max, &whole);
	read_stream(data + 2, size - 2, chunk, max, &chunked);

	CHECK(whole.nmsgs == chunked.nmsgs);
	CHECK(whole.outcome == chunked.outcome);
	for (int i = 0; i < whole.nmsgs; i++) {
		CHECK(whole.types[i] == chunked.types[i]);
		CHECK(whole.lens[i] == chunked.lens[i]);
		CHECK(whole.sums[i] == chunked.sums[i]);
	}
	return 0;
}
