/*
 * resp.c - the fuzz target of the Redis protocol's request reader
 * (server/resp/resp.h): any bytes as what a client sends, then the
 * reader's contract checked.
 *
 * Owns the checks only; replay.c and libFuzzer drive it (README.md).
 * Input: byte 0 picks the size of the chunks the bytes arrive in (1 to
 * 255, or 0 for all at once); the rest is the stream.  The limits are
 * smaller than Redis's (bulk arguments of 1kB, 64 arguments) so that
 * short inputs reach them.
 *
 * What is checked: the stream read whole and read in chunks gives the
 * same requests and the same outcome, since the reader must not care
 * where the socket splits it; an error is 08P01 with one of Redis's
 * protocol-error messages; no request passes the limits; every
 * argument lies inside the reader's input, NUL-terminated, and a bulk
 * argument read whole is the very bytes of the input at its place; and
 * the requests written back as multibulks with the reply writer read
 * back to the same requests.  Leaks and stray reads are the sanitizers'.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "resp.h"

#define MAX_BULK  1024
#define MAX_COUNT 64

/* What one reading saw: how many requests, digests of them all, how it ended. */
typedef struct reading {
	size_t nreqs;
	uint32_t sum;   /* of the arguments */
	uint32_t forms; /* of which requests were inline */
	int outcome;    /* RESP_MORE (ran out of bytes) or RESP_ERROR */
	char message[256];
} reading;

static uint32_t digest(uint32_t h, const void *data, size_t n)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/* Redis's protocol-error lines, less "-ERR ". */
static bool redis_message(const char *m)
{
	static const char *const known[] = {
		"Protocol error: invalid multibulk length",
		"Protocol error: invalid bulk length",
		"Protocol error: too big mbulk count string",
		"Protocol error: too big bulk count string",
		"Protocol error: too big inline request",
		"Protocol error: unbalanced quotes in request",
	};
	static const char got[] = "Protocol error: expected '$', got '";

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(m, known[i]) == 0)
			return true;
	return strncmp(m, got, sizeof(got) - 1) == 0 && m[sizeof(got) - 1] != '\0' &&
	       m[sizeof(got) - 1] != '\r' && m[sizeof(got) - 1] != '\n' &&
	       strcmp(m + sizeof(got), "'") == 0;
}

/* One request: the limits, where its arguments are, its digest, and its multibulk form in out. */
static void check_request(const resp_reader *r, const resp_request *req, const uint8_t *input,
	bool whole, reading *rd, resp_writer *out)
{
	const char *lo = (const char *)r->in.data, *hi = lo + r->in.len;

	CHECK(req->argc >= 1);
	CHECK(req->inline_form || req->argc <= r->max_count);
	rd->sum = digest(rd->sum, &req->argc, sizeof(req->argc));
	rd->forms = digest(rd->forms, &req->inline_form, sizeof(req->inline_form));
	resp_reply_array(out, (size_t)req->argc);
	for (int i = 0; i < req->argc; i++) {
		const resp_arg *a = &req->argv[i];

		CHECK(a->len <= (req->inline_form ? RESP_INLINE_MAX : r->max_bulk));
		CHECK(a->data >= lo && a->data + a->len < hi && a->data[a->len] == '\0');

		/* Read whole, the buffer is the input: a bulk argument is its bytes there. */
		if (whole && !req->inline_form)
			CHECK(memcmp(a->data, input + (a->data - lo), a->len) == 0);
		rd->sum = digest(rd->sum, &a->len, sizeof(a->len));
		rd->sum = digest(rd->sum, a->data, a->len);
		resp_reply_bulk(out, a->data, a->len);
	}
	rd->nreqs++;
}

static void read_stream(const uint8_t *data, size_t size, size_t chunk, reading *rd,
	resp_writer *out, size_t max_bulk, long long max_count)
{
	resp_reader r;
	resp_request req;
	store_err err;
	size_t at = 0;
	int rc = RESP_MORE;

	memset(rd, 0, sizeof(*rd));
	store_err_clear(&err);
	resp_reader_init(&r);
	r.max_bulk = max_bulk;
	r.max_count = max_count;
	do {
		size_t n = size - at < chunk ? size - at : chunk;

		/* data is NULL for nothing written back: no pointer arithmetic on it. */
		if (n > 0)
			resp_reader_feed(&r, data + at, n);
		at += n;
		while ((rc = resp_reader_next(&r, &req, &err)) == RESP_COMPLETE)
			check_request(&r, &req, data, chunk >= size, rd, out);
	} while (rc == RESP_MORE && at < size);

	rd->outcome = rc;
	if (rc == RESP_ERROR) {
		CHECK(strcmp(err.sqlstate, "08P01") == 0);
		CHECK(redis_message(err.message));
		snprintf(rd->message, sizeof(rd->message), "%s", err.message);
	}
	resp_reader_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	reading whole, chunked, again;
	resp_writer out, back;
	size_t chunk;

	if (size < 1)
		return 0;
	chunk = data[0] == 0 ? size : data[0];
	data++;
	size--;

	/* Whole, then in chunks: the same requests, the same end. */
	resp_writer_init(&out, 2);
	resp_writer_init(&back, 2);
	read_stream(data, size, size, &whole, &out, MAX_BULK, MAX_COUNT);
	read_stream(data, size, chunk, &chunked, &back, MAX_BULK, MAX_COUNT);
	CHECK(whole.nreqs == chunked.nreqs);
	CHECK(whole.sum == chunked.sum);
	CHECK(whole.forms == chunked.forms);
	CHECK(whole.outcome == chunked.outcome);
	CHECK(strcmp(whole.message, chunked.message) == 0);

	/* Written back as multibulks, the requests read again as they were (inline ones as such). */
	back.out.len = 0;
	read_stream(out.out.data, out.out.len, out.out.len, &again, &back, RESP_INLINE_MAX,
		RESP_MAX_COUNT_DEFAULT);
	CHECK(again.nreqs == whole.nreqs);
	CHECK(again.sum == whole.sum);
	CHECK(again.outcome == RESP_MORE);
	resp_writer_free(&out);
	resp_writer_free(&back);
	return 0;
}
