/*
 * resp.c - the Redis protocol's codec (server/resp/resp.h): every
 * request form, the same requests whatever the input's splits, each
 * protocol error with Redis's words, the limits, and every reply type in
 * RESP2 and RESP3 byte for byte.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resp.h"

/*
 * Read len bytes of stream arriving chunk bytes at a time and describe
 * what came out, one line per request ("argc [len]bytes [len]bytes..."),
 * then "more" or "error: message".  The caller frees the result.
 */
static store_buf read_dump(const void *stream, size_t len, size_t chunk, resp_reader *r)
{
	store_buf dump = STORE_BUF_INIT;
	const unsigned char *p = stream;
	store_err err;
	resp_request req;
	size_t at = 0;
	int rc = RESP_MORE;

	store_err_clear(&err);
	do {
		size_t n = len - at < chunk ? len - at : chunk;

		resp_reader_feed(r, p + at, n);
		at += n;
		while ((rc = resp_reader_next(r, &req, &err)) == RESP_COMPLETE) {
			store_buf_printf(&dump, "%d%s", req.argc, req.inline_form ? "i" : "");
			for (int i = 0; i < req.argc; i++) {
				cr_assert_eq(req.argv[i].data[req.argv[i].len], '\0');
				store_buf_printf(&dump, " [%zu]", req.argv[i].len);
				store_buf_put(&dump, req.argv[i].data, req.argv[i].len);
			}
			store_buf_putc(&dump, '\n');
		}
	} while (rc == RESP_MORE && at < len);
	if (rc == RESP_ERROR)
		store_buf_printf(&dump, "error: %s", err.message);
	else
		store_buf_puts(&dump, "more");
	return dump;
}

/* What the whole of stream reads as (wantlen bytes at want), with Redis's default limits. */
static void expect_read(const char *stream, size_t len, const char *want, size_t wantlen)
{
	resp_reader r;
	store_buf got;

	resp_reader_init(&r);
	got = read_dump(stream, len, len, &r);
	cr_assert_eq(got.len, wantlen, "input \"%.*s\": got \"%s\"", (int)len, stream,
		(const char *)got.data);
	cr_assert_eq(memcmp(got.data, want, wantlen), 0, "input \"%.*s\": got \"%s\"", (int)len,
		stream, (const char *)got.data);
	store_buf_free(&got);
	resp_reader_free(&r);
}

/* A literal stream and what it reads as. */
#define EXPECT(stream, want) expect_read(stream, sizeof(stream) - 1, want, sizeof(want) - 1)

/* A stream of len bytes and the C string it reads as. */
#define EXPECT_STR(stream, len, want) expect_read(stream, len, want, strlen(want))

Test(resp, resp__multibulk)
{
	EXPECT("*1\r\n$4\r\nPING\r\n", "1 [4]PING\nmore");
	EXPECT("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n", "3 [3]SET [1]k [5]hello\nmore");
	EXPECT("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n", "2 [4]ECHO [0]\nmore");

	/* A request cut short waits for the rest. */
	EXPECT("*2\r\n$4\r\nECHO\r\n$3\r\nab", "more");
	EXPECT("*2\r\n$4\r\nECHO\r", "more");
	EXPECT("*2\r", "more");

	/* Negative and zero counts are skipped, as Redis skips them. */
	EXPECT("*0\r\n*-1\r\n*-5\r\n*1\r\n$1\r\nx\r\n", "1 [1]x\nmore");

	/* Redis looks at neither byte after a CR or after a bulk. */
	EXPECT("*1\rX$1\r\nxYZ", "1 [1]x\nmore");
}

Test(resp, resp__binary_arguments)
{
	static const char stream[] = "*2\r\n$4\r\nECHO\r\n$6\r\na\0\r\n\xff\x01\r\n";
	resp_reader r;
	resp_request req;
	store_err err;

	store_err_clear(&err);
	resp_reader_init(&r);
	resp_reader_feed(&r, stream, sizeof(stream) - 1);
	cr_assert_eq(resp_reader_next(&r, &req, &err), RESP_COMPLETE);
	cr_assert_eq(req.argc, 2);
	cr_assert_not(req.inline_form);
	cr_assert_eq(req.argv[1].len, 6);
	cr_assert_eq(memcmp(req.argv[1].data, "a\0\r\n\xff\x01", 6), 0);
	cr_assert_eq(resp_reader_next(&r, &req, &err), RESP_MORE);
	resp_reader_free(&r);
}

Test(resp, resp__inline)
{
	EXPECT("PING\r\n", "1i [4]PING\nmore");
	EXPECT("PING\n", "1i [4]PING\nmore");
	EXPECT("  SET  a\tb \r\n", "3i [3]SET [1]a [1]b\nmore");
	EXPECT("PING", "more");

	/* Empty lines and lines of blanks are skipped. */
	EXPECT("\r\n\n \t\r\nPING\r\n", "1i [4]PING\nmore");

	/* A CR inside the line is a blank; only the one before the LF goes with it. */
	EXPECT("a\rb\r\r\n", "2i [1]a [1]b\nmore");

	/* Double quotes: blanks kept, escapes, and a quote may open inside an argument. */
	EXPECT("SET k \"a b\"\r\n", "3i [3]SET [1]k [3]a b\nmore");
	EXPECT("ECHO \"\\n\\r\\t\\b\\a\\\\\\\"\\q\"\n", "2i [4]ECHO [8]\n\r\t\b\a\\\"q\nmore");
	EXPECT("ECHO \"\\x41\\x6a\\xZZ\\x4\"\n", "2i [4]ECHO [7]AjxZZx4\nmore");
	EXPECT("ECHO a\"b c\"d\n", "error: Protocol error: unbalanced quotes in request");
	EXPECT("ECHO a\"b c\"\n", "2i [4]ECHO [4]ab c\nmore");
	EXPECT("ECHO \"\"\n", "2i [4]ECHO [0]\nmore");

	/* Single quotes: \' only, other backslashes kept. */
	EXPECT("ECHO 'it\\'s \\n'\n", "2i [4]ECHO [7]it's \\n\nmore");
	EXPECT("ECHO '\"'\n", "2i [4]ECHO [1]\"\nmore");

	/* Any byte, NUL too, is part of an unquoted argument. */
	EXPECT("ECHO a\0b\n", "2i [4]ECHO [3]a\0b\nmore");
}

Test(resp, resp__unbalanced_quotes)
{
	static const char *bad[] = {
		"ECHO \"a\n",
		"ECHO 'a\r\n",
		"ECHO \"a\"x\n",
		"ECHO 'a'x\n",
		"ECHO \"a\\\"\n",
		"ECHO 'a\\'\n",
		"ECHO \"a\\\n",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_STR(bad[i], strlen(bad[i]),
			"error: Protocol error: unbalanced quotes in request");
}

Test(resp, resp__protocol_errors)
{
	static const struct {
		const char *stream;
		const char *message;
	} cases[] = {
		{"*x\r\n", "invalid multibulk length"},
		{"*\r\n", "invalid multibulk length"},
		{"*+1\r\n", "invalid multibulk length"},
		{"*01\r\n", "invalid multibulk length"},
		{"*-0\r\n", "invalid multibulk length"},
		{"*1 \r\n", "invalid multibulk length"},
		{"*2147483648\r\n", "invalid multibulk length"},
		{"*99999999999999999999\r\n", "invalid multibulk length"},
		{"*1\r\n$x\r\n", "invalid bulk length"},
		{"*1\r\n$-1\r\n", "invalid bulk length"},
		{"*1\r\n$\r\n", "invalid bulk length"},
		{"*1\r\n$536870913\r\n", "invalid bulk length"},
		{"*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n", "expected '$', got 'f'"},
		{"*1\r\n\r\n", "expected '$', got ' '"},
		{"*1\r\n:1\r\n", "expected '$', got ':'"},
		{"*2\r\n$3\r\nabcdef\r\n", "expected '$', got 'f'"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char want[128];

		snprintf(want, sizeof(want), "error: Protocol error: %s", cases[i].message);
		EXPECT_STR(cases[i].stream, strlen(cases[i].stream), want);
	}

	/* The byte Redis got is printed; a NUL, CR or LF as a space. */
	EXPECT("*1\r\n\0\r\n", "error: Protocol error: expected '$', got ' '");
	EXPECT("*1\r\n\xff\r\n", "error: Protocol error: expected '$', got '\xff'");

	/* The largest bulk length passes (and waits for its bytes). */
	EXPECT("*1\r\n$536870912\r\n", "more");
}

/* A count or a length announced takes no memory: only what arrives does. */
Test(resp, resp__no_allocation_on_announce)
{
	static const char stream[] = "*2147483647\r\n$536870912\r\nabc";
	resp_reader r;
	resp_request req;
	store_err err;

	store_err_clear(&err);
	resp_reader_init(&r);
	resp_reader_feed(&r, stream, sizeof(stream) - 1);
	cr_assert_eq(resp_reader_next(&r, &req, &err), RESP_MORE);
	cr_assert_eq(r.cap, 0);
	cr_assert_lt(r.in.cap, 4096);
	resp_reader_free(&r);
}

/* A stream of n bytes: prefix, then filler up to n. */
static char *long_line(const char *prefix, char filler, size_t n)
{
	char *s = malloc(n + 1);
	size_t k = strlen(prefix);

	memcpy(s, prefix, k);
	memset(s + k, filler, n - k);
	s[n] = '\0';
	return s;
}

Test(resp, resp__line_limits)
{
	char *s;

	/* An inline line of 64kB is read; one byte more is refused, whole or not. */
	s = long_line("", 'a', RESP_INLINE_MAX + 1);
	EXPECT_STR(s, RESP_INLINE_MAX, "more");
	EXPECT_STR(s, RESP_INLINE_MAX + 1, "error: Protocol error: too big inline request");
	free(s);
	s = long_line("", 'a', RESP_INLINE_MAX + 2);
	s[RESP_INLINE_MAX + 1] = '\n';
	EXPECT_STR(s, RESP_INLINE_MAX + 2, "error: Protocol error: too big inline request");
	free(s);

	/* The count and length lines, the same way. */
	s = long_line("*", '1', RESP_INLINE_MAX + 1);
	EXPECT_STR(s, RESP_INLINE_MAX, "more");
	EXPECT_STR(s, RESP_INLINE_MAX + 1, "error: Protocol error: too big mbulk count string");
	free(s);
	s = long_line("*1\r\n$", '1', RESP_INLINE_MAX + 5);
	EXPECT_STR(s, RESP_INLINE_MAX + 4, "more");
	EXPECT_STR(s, RESP_INLINE_MAX + 5, "error: Protocol error: too big bulk count string");
	free(s);
}

Test(resp, resp__inline_at_the_limit)
{
	char *s = long_line("ECHO ", 'a', RESP_INLINE_MAX + 1);
	resp_reader r;
	resp_request req;
	store_err err;

	s[RESP_INLINE_MAX] = '\n';
	store_err_clear(&err);
	resp_reader_init(&r);
	resp_reader_feed(&r, s, RESP_INLINE_MAX + 1);
	cr_assert_eq(resp_reader_next(&r, &req, &err), RESP_COMPLETE);
	cr_assert_eq(req.argc, 2);
	cr_assert_eq(req.argv[1].len, RESP_INLINE_MAX - 5);
	resp_reader_free(&r);
	free(s);
}

Test(resp, resp__configured_limits)
{
	static const struct {
		unsigned long long max_bulk;
		long long max_count;
		bool unauthenticated;
		const char *stream;
		const char *want;
	} cases[] = {
		{3, 2, false, "*2\r\n$3\r\nabc\r\n$0\r\n\r\n*1\r\n$4\r\n",
			"2 [3]abc [0]\nerror: Protocol error: invalid bulk length"},
		{3, 2, false, "*3\r\n", "error: Protocol error: invalid multibulk length"},

		/* Before AUTH: ten arguments of 16kB at most. */
		{RESP_MAX_BULK_DEFAULT, RESP_MAX_COUNT_DEFAULT, true, "*10\r\n$16384\r\n", "more"},
		{RESP_MAX_BULK_DEFAULT, RESP_MAX_COUNT_DEFAULT, true, "*11\r\n",
			"error: Protocol error: unauthenticated multibulk length"},
		{RESP_MAX_BULK_DEFAULT, RESP_MAX_COUNT_DEFAULT, true, "*1\r\n$16385\r\n",
			"error: Protocol error: unauthenticated bulk length"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		resp_reader r;
		store_buf got;
		size_t len = strlen(cases[i].stream);

		resp_reader_init(&r);
		r.max_bulk = cases[i].max_bulk;
		r.max_count = cases[i].max_count;
		r.unauthenticated = cases[i].unauthenticated;
		got = read_dump(cases[i].stream, len, len, &r);
		cr_assert_str_eq((const char *)got.data, cases[i].want, "case %zu", i);
		store_buf_free(&got);
		resp_reader_free(&r);
	}
}

/* A pipeline of every form; read whole, split once anywhere, and in chunks of every size. */
Test(resp, resp__splits_anywhere)
{
	static const char stream[] = "*3\r\n$3\r\nSET\r\n$3\r\nk\r\n\r\n$4\r\nv\0\xff\n\r\n"
				     "PING\r\n"
				     "\r\n"
				     "*0\r\n"
				     "SET \"a b\" 'c\\'d' \"\\x00\"\n"
				     "*1\r\n$0\r\n\r\n"
				     "*2\r\n$4\r\nECHO\r\n$10\r\n0123456789\r\n"
				     "ECHO x\"y z\"\r\n"
				     "*1\r\n$3\r\nabc\r\n";
	static const char want[] = "3 [3]SET [3]k\r\n [4]v\0\xff\n\n"
				   "1i [4]PING\n"
				   "4i [3]SET [3]a b [3]c'd [1]\0\n"
				   "1 [0]\n"
				   "2 [4]ECHO [10]0123456789\n"
				   "2i [4]ECHO [4]xy z\n"
				   "1 [3]abc\n"
				   "more";
	const size_t len = sizeof(stream) - 1;
	resp_reader r;
	store_buf whole, got;

	resp_reader_init(&r);
	whole = read_dump(stream, len, len, &r);
	resp_reader_free(&r);
	cr_assert_eq(whole.len, sizeof(want) - 1, "got \"%s\"", (const char *)whole.data);
	cr_assert_eq(memcmp(whole.data, want, sizeof(want) - 1), 0);

	/* Two reads, split at every byte. */
	for (size_t cut = 0; cut <= len; cut++) {
		store_buf dump = STORE_BUF_INIT;
		resp_request req;
		store_err err;
		int rc;

		store_err_clear(&err);
		resp_reader_init(&r);
		resp_reader_feed(&r, stream, cut);
		for (int part = 0; part < 2; part++) {
			while ((rc = resp_reader_next(&r, &req, &err)) == RESP_COMPLETE) {
				store_buf_printf(
					&dump, "%d%s", req.argc, req.inline_form ? "i" : "");
				for (int i = 0; i < req.argc; i++) {
					store_buf_printf(&dump, " [%zu]", req.argv[i].len);
					store_buf_put(&dump, req.argv[i].data, req.argv[i].len);
				}
				store_buf_putc(&dump, '\n');
			}
			cr_assert_eq(rc, RESP_MORE);
			if (part == 0)
				resp_reader_feed(&r, stream + cut, len - cut);
		}
		store_buf_puts(&dump, "more");
		cr_assert_eq(dump.len, whole.len, "cut at %zu", cut);
		cr_assert_eq(memcmp(dump.data, whole.data, whole.len), 0, "cut at %zu", cut);
		store_buf_free(&dump);
		resp_reader_free(&r);
	}

	/* Chunks of every size. */
	for (size_t chunk = 1; chunk < len; chunk++) {
		resp_reader_init(&r);
		got = read_dump(stream, len, chunk, &r);
		cr_assert_eq(got.len, whole.len, "chunk %zu", chunk);
		cr_assert_eq(memcmp(got.data, whole.data, whole.len), 0, "chunk %zu", chunk);
		store_buf_free(&got);
		resp_reader_free(&r);
	}
	store_buf_free(&whole);
}

/* Errors read the same whatever the chunks. */
Test(resp, resp__errors_split_anywhere)
{
	static const char stream[] = "*1\r\n$4\r\nPING\r\nECHO \"a\r\n";
	const size_t len = sizeof(stream) - 1;
	static const char want[] = "1 [4]PING\nerror: Protocol error: unbalanced quotes in request";

	for (size_t chunk = 1; chunk <= len; chunk++) {
		resp_reader r;
		store_buf got;

		resp_reader_init(&r);
		got = read_dump(stream, len, chunk, &r);
		cr_assert_str_eq((const char *)got.data, want, "chunk %zu", chunk);
		store_buf_free(&got);
		resp_reader_free(&r);
	}
}

/* A connection receives straight into the reader's buffer. */
Test(resp, resp__space_and_wrote)
{
	resp_reader r;
	resp_request req;
	store_err err;
	unsigned char *p;

	store_err_clear(&err);
	resp_reader_init(&r);
	p = resp_reader_space(&r, 16);
	memcpy(p, "*1\r\n$4\r\nPI", 10);
	resp_reader_wrote(&r, 10);
	cr_assert_eq(resp_reader_next(&r, &req, &err), RESP_MORE);
	p = resp_reader_space(&r, 4096);
	memcpy(p, "NG\r\nPING\r\n", 10);
	resp_reader_wrote(&r, 10);
	cr_assert_eq(resp_reader_next(&r, &req, &err), RESP_COMPLETE);
	cr_assert_str_eq(req.argv[0].data, "PING");
	cr_assert_eq(resp_reader_next(&r, &req, &err), RESP_COMPLETE);
	cr_assert(req.inline_form);
	cr_assert_eq(resp_reader_next(&r, &req, &err), RESP_MORE);

	/* Everything was read: the next space starts the buffer over. */
	resp_reader_space(&r, 1);
	cr_assert_eq(r.in.len, 0);
	resp_reader_free(&r);
}

/* ---- Replies ---- */

/* What fill writes in protocol proto. */
static void expect_reply(int proto, void (*fill)(resp_writer *), const char *want, size_t len)
{
	resp_writer w;

	resp_writer_init(&w, proto);
	fill(&w);
	cr_assert_eq(w.out.len, len, "RESP%d: got %zu bytes \"%.*s\"", proto, w.out.len,
		(int)w.out.len, (const char *)w.out.data);
	cr_assert_eq(memcmp(w.out.data, want, len), 0, "RESP%d: got \"%.*s\"", proto,
		(int)w.out.len, (const char *)w.out.data);
	resp_writer_free(&w);
}

#define REPLY(fill, want2, want3)                                                                  \
	do {                                                                                       \
		expect_reply(2, fill, want2, sizeof(want2) - 1);                                   \
		expect_reply(3, fill, want3, sizeof(want3) - 1);                                   \
	} while (0)

static void fill_simple(resp_writer *w)
{
	resp_reply_simple(w, "OK");
	resp_reply_simple(w, "a\r\nb");
}

static void fill_error(resp_writer *w)
{
	resp_reply_error(w, "ERR unknown command 'x'");
	resp_reply_error(w, "WRONGTYPE Operation against a key holding the wrong kind of value");
	resp_reply_errorf(w, "ERR Protocol error: %s", "invalid bulk length");
	resp_reply_errorf(w, "ERR line\none");
}

static void fill_long_error(resp_writer *w)
{
	char arg[300];

	memset(arg, 'x', sizeof(arg) - 1);
	arg[sizeof(arg) - 1] = '\0';
	resp_reply_errorf(w, "ERR %s", arg);
}

static void fill_int(resp_writer *w)
{
	resp_reply_int(w, 0);
	resp_reply_int(w, -42);
	resp_reply_int(w, 9223372036854775807LL);
	resp_reply_int(w, -9223372036854775807LL - 1);
}

static void fill_bulk(resp_writer *w)
{
	resp_reply_bulk(w, "a\0\r\n\xe2\x82\xac", 7);
	resp_reply_bulk(w, NULL, 0);
	resp_reply_bulk_str(w, "hello");
}

static void fill_null(resp_writer *w)
{
	resp_reply_null(w);
	resp_reply_null_array(w);
}

static void fill_array(resp_writer *w)
{
	resp_reply_array(w, 3);
	resp_reply_int(w, 1);
	resp_reply_array(w, 2);
	resp_reply_bulk_str(w, "a");
	resp_reply_null(w);
	resp_reply_array(w, 0);
}

static void fill_map(resp_writer *w)
{
	resp_reply_map(w, 2);
	resp_reply_bulk_str(w, "server");
	resp_reply_bulk_str(w, "chrondb");
	resp_reply_bulk_str(w, "proto");
	resp_reply_int(w, 3);
}

static void fill_set(resp_writer *w)
{
	resp_reply_set(w, 2);
	resp_reply_bulk_str(w, "a");
	resp_reply_bulk_str(w, "b");
}

static void fill_push(resp_writer *w)
{
	resp_reply_push(w, 3);
	resp_reply_bulk_str(w, "message");
	resp_reply_bulk_str(w, "ch");
	resp_reply_bulk_str(w, "hi");
}

static void fill_double(resp_writer *w)
{
	resp_reply_double(w, 1.5);
	resp_reply_double(w, INFINITY);
	resp_reply_double(w, -INFINITY);
	resp_reply_double(w, NAN);
	resp_reply_double(w, 3.0);
}

static void fill_bool(resp_writer *w)
{
	resp_reply_bool(w, true);
	resp_reply_bool(w, false);
}

static void fill_verbatim(resp_writer *w)
{
	resp_reply_verbatim(w, "txt", "Some string", 11);
}

static void fill_bignum(resp_writer *w)
{
	resp_reply_bignum(w, "3492890328409238509324850943850943825024385");
}

Test(resp, resp__reply_types)
{
	REPLY(fill_simple, "+OK\r\n+a  b\r\n", "+OK\r\n+a  b\r\n");
	REPLY(fill_error,
		"-ERR unknown command 'x'\r\n"
		"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
		"-ERR Protocol error: invalid bulk length\r\n"
		"-ERR line one\r\n",
		"-ERR unknown command 'x'\r\n"
		"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
		"-ERR Protocol error: invalid bulk length\r\n"
		"-ERR line one\r\n");
	REPLY(fill_int, ":0\r\n:-42\r\n:9223372036854775807\r\n:-9223372036854775808\r\n",
		":0\r\n:-42\r\n:9223372036854775807\r\n:-9223372036854775808\r\n");
	REPLY(fill_bulk, "$7\r\na\0\r\n\xe2\x82\xac\r\n$0\r\n\r\n$5\r\nhello\r\n",
		"$7\r\na\0\r\n\xe2\x82\xac\r\n$0\r\n\r\n$5\r\nhello\r\n");
	REPLY(fill_null, "$-1\r\n*-1\r\n", "_\r\n_\r\n");
	REPLY(fill_array, "*3\r\n:1\r\n*2\r\n$1\r\na\r\n$-1\r\n*0\r\n",
		"*3\r\n:1\r\n*2\r\n$1\r\na\r\n_\r\n*0\r\n");
	REPLY(fill_map, "*4\r\n$6\r\nserver\r\n$7\r\nchrondb\r\n$5\r\nproto\r\n:3\r\n",
		"%2\r\n$6\r\nserver\r\n$7\r\nchrondb\r\n$5\r\nproto\r\n:3\r\n");
	REPLY(fill_set, "*2\r\n$1\r\na\r\n$1\r\nb\r\n", "~2\r\n$1\r\na\r\n$1\r\nb\r\n");
	REPLY(fill_push, "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n",
		">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n");
	REPLY(fill_double, "$3\r\n1.5\r\n$3\r\ninf\r\n$4\r\n-inf\r\n$3\r\nnan\r\n$1\r\n3\r\n",
		",1.5\r\n,inf\r\n,-inf\r\n,nan\r\n,3\r\n");
	REPLY(fill_bool, ":1\r\n:0\r\n", "#t\r\n#f\r\n");
	REPLY(fill_verbatim, "$11\r\nSome string\r\n", "=15\r\ntxt:Some string\r\n");
	REPLY(fill_bignum, "$43\r\n3492890328409238509324850943850943825024385\r\n",
		"(3492890328409238509324850943850943825024385\r\n");
}

Test(resp, resp__long_error)
{
	resp_writer w;

	resp_writer_init(&w, 2);
	fill_long_error(&w);
	cr_assert_eq(w.out.len, 1 + 4 + 299 + 2);
	cr_assert_eq(memcmp(w.out.data, "-ERR xxx", 8), 0);
	cr_assert_eq(memcmp(w.out.data + w.out.len - 3, "x\r\n", 3), 0);
	resp_writer_free(&w);
}

/* Doubles as Redis 7.2 prints them (d2string: integers, then fpconv_dtoa's shortest digits). */
Test(resp, resp__double_format)
{
	static const struct {
		double d;
		const char *want;
	} cases[] = {
		{0.0, "0"},
		{-0.0, "-0"},
		{1.0, "1"},
		{-2.0, "-2"},
		{1.5, "1.5"},
		{-2.25, "-2.25"},
		{0.1, "0.1"},
		{0.1 + 0.2, "0.30000000000000004"},
		{3.14159, "3.14159"},
		{123456.789, "123456.789"},
		{0.000001, "0.000001"},
		{0.0000001, "1e-7"},
		{0.00012345, "1.2345e-4"},
		{0.0012345, "0.0012345"},
		{1.5e-10, "1.5e-10"},
		{4611686018427387904.0, "4611686018427387904"},
		{1e19, "1e+19"},
		{12345678901234567890.0, "12345678901234567000"},
		{1e20, "1e+20"},
		{1.5e300, "1.5e+300"},
		{1.7976931348623157e308, "1.7976931348623157e+308"},
		{5e-324, "5e-324"},
		{-1.25e-100, "-1.25e-100"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[RESP_DOUBLE_MAX];
		int len = resp_double_format(buf, cases[i].d);

		cr_assert_str_eq(buf, cases[i].want, "case %zu", i);
		cr_assert_eq((size_t)len, strlen(cases[i].want));
	}
}
