/*
 * keycodec.c - tests for row keys, tree paths and canonical JSON
 * (storage/keycodec.h).
 *
 * Keys: every byte value and random byte strings survive encode/decode;
 * validation accepts exactly the names the encoder writes; the fan-out
 * agrees with `sha1sum`.  JSON: golden outputs, a corpus of invalid
 * inputs with the byte offset each error must name, idempotence, agreement
 * with Jansson on random documents, and random mutations that must never
 * crash (run this file under ASan).  A last case reports the time to
 * canonicalize a typical row.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keycodec.h"
#include "testutil.h"

/* ---- helpers ----------------------------------------------------------- */

/* xorshift64*: fixed seeds, so a failure reproduces. */
static uint64_t rng_state;

static void rng_seed(uint64_t seed)
{
	rng_state = seed * 0x9e3779b97f4a7c15ULL + 1;
}

static uint64_t rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static size_t rng_below(size_t n)
{
	return (size_t)(rng_next() % n);
}

/* A growing text buffer for building documents. */
struct text {
	char *s;
	size_t len, cap;
};

static void text_putn(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->s = realloc(t->s, t->cap);
		cr_assert_not_null(t->s);
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void text_puts(struct text *t, const char *s)
{
	text_putn(t, s, strlen(s));
}

/* Canonicalize text that must be valid; the caller frees the result. */
static char *canon_n(const char *json, size_t len, const char *const *order, int norder)
{
	store_err err;
	char *out = NULL;
	size_t outlen = 0;

	store_err_clear(&err);
	int rc = store_json_canonical(json, len, order, norder, &out, &outlen, &err);
	cr_assert_eq(rc, STORE_OK, "canonical(%.*s) failed: %s: %s", (int)len, json, err.message,
		err.detail);
	cr_assert_not_null(out);
	cr_assert_eq(strlen(out), outlen, "outlen disagrees with the text");
	return out;
}

static char *canon(const char *json, const char *const *order, int norder)
{
	return canon_n(json, strlen(json), order, norder);
}

static void expect_canon(
	const char *json, const char *const *order, int norder, const char *expected)
{
	char *out = canon(json, order, norder);
	char *again = canon(out, order, norder);

	cr_assert_str_eq(out, expected, "input %s", json);
	cr_assert_str_eq(again, out, "not idempotent for %s", json);
	free(out);
	free(again);
}

static void expect_json_error(
	const char *json, size_t len, const char *sqlstate, const char *detail)
{
	store_err err;
	char *out = (char *)1;
	size_t outlen = 1;

	store_err_clear(&err);
	int rc = store_json_canonical(json, len, NULL, 0, &out, &outlen, &err);
	cr_assert_eq(rc, STORE_ERROR, "accepted %.*s", (int)len, json);
	cr_assert_null(out);
	cr_assert_eq(outlen, 0);
	cr_assert_str_eq(err.sqlstate, sqlstate, "input %.*s", (int)len, json);
	if (strcmp(sqlstate, "22P02") == 0)
		cr_assert_str_eq(err.message, "invalid input syntax for type json");
	cr_assert_str_eq(err.detail, detail, "input %.*s: detail \"%s\", expected \"%s\"", (int)len,
		json, err.detail, detail);
}

/* ---- keys -------------------------------------------------------------- */

static int unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

/* Encode raw, check the name is valid, decode it back. */
static void round_trip(const char *raw, size_t len)
{
	char name[3 * 400 + 1], back[3 * 400];
	store_err err;
	size_t n;

	cr_assert_leq(len, 400);
	n = store_key_encode(name, sizeof(name), raw, len);
	cr_assert_eq(n, strlen(name));
	store_err_clear(&err);
	if (len > 0 && n <= STORE_KEY_MAX)
		cr_assert_eq(
			store_key_validate(name, n, &err), STORE_OK, "%s: %s", name, err.detail);
	cr_assert_eq(store_key_decode(back, name, n), len);
	cr_assert(memcmp(back, raw, len) == 0, "round trip of %s", name);
}

Test(keycodec, encode_every_byte)
{
	char all[256];

	for (int b = 0; b < 256; b++) {
		char raw = (char)b, name[4], expected[4];

		if (unreserved((unsigned char)b) && b != '.')
			snprintf(expected, sizeof(expected), "%c", b);
		else
			snprintf(expected, sizeof(expected), "%%%02X", b);
		cr_assert_eq(store_key_encode(name, sizeof(name), &raw, 1), strlen(expected));
		cr_assert_str_eq(name, expected, "byte 0x%02x", b);
		round_trip(&raw, 1);
		all[b] = (char)b;
	}
	round_trip(all, sizeof(all));
}

Test(keycodec, encode_random_bytes)
{
	char raw[400];

	rng_seed(1);
	for (int iter = 0; iter < 20000; iter++) {
		size_t len = rng_below(sizeof(raw) + 1);

		for (size_t i = 0; i < len; i++)
			raw[i] = iter & 1 ? (char)rng_next() : "ab.-_%,/ Z9"[rng_below(11)];
		round_trip(raw, len);
	}
}

Test(keycodec, encode_reports_needed_length)
{
	char buf[8];

	/* Like snprintf: the full length, a NUL-terminated prefix. */
	cr_assert_eq(store_key_encode(NULL, 0, "a b", 3), 5);
	memset(buf, 'x', sizeof(buf));
	cr_assert_eq(store_key_encode(buf, 4, "a b", 3), 5);
	cr_assert_str_eq(buf, "a%2");
	cr_assert_eq(buf[4], 'x');
	cr_assert_eq(store_key_encode(buf, 6, "a b", 3), 5);
	cr_assert_str_eq(buf, "a%20b");
	cr_assert_eq(store_key_encode(buf, 1, "abc", 3), 3);
	cr_assert_str_eq(buf, "");
}

Test(keycodec, dot_parts)
{
	const char *parts[] = {".", "..", "...", ".a"};
	size_t lens[] = {1, 2, 3, 2};
	char name[64];

	/* "." and ".." as a whole part are escaped, other dots are not. */
	cr_assert_eq(store_key_encode(name, sizeof(name), ".", 1), 3);
	cr_assert_str_eq(name, "%2E");
	store_key_encode(name, sizeof(name), "..", 2);
	cr_assert_str_eq(name, "%2E%2E");
	store_key_encode_parts(name, sizeof(name), parts, lens, 4);
	cr_assert_str_eq(name, "%2E,%2E%2E,...,.a");
	cr_assert_eq(store_key_validate(name, strlen(name), NULL), STORE_OK);

	const char *bad[] = {
		".", "..", ".%2E", "%2E.", "%2E%2E%2E", "%2Ea", "a%2E", "a,..", "%2E,a%2E"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		store_err err;

		store_err_clear(&err);
		cr_assert_eq(store_key_validate(bad[i], strlen(bad[i]), &err), STORE_ERROR, "%s",
			bad[i]);
		cr_assert_str_eq(err.sqlstate, "22023");
	}
}

Test(keycodec, validate_errors)
{
	static const struct {
		const char *name;
		const char *detail;
	} cases[] = {
		{"", "A row key must not be empty."},
		{"a b", "Byte 1 (0x20) must be percent-encoded."},
		{"a/b", "Byte 1 (0x2f) must be percent-encoded."},
		{"caf\xc3\xa9", "Byte 3 (0xc3) must be percent-encoded."},
		{"~", "Byte 0 (0x7e) must be percent-encoded."},
		{"%41", "\"%41\" at byte 0 encodes a character that is written as itself."},
		{"x%2d",
			"The \"%\" at byte 1 is not followed by two upper-case hexadecimal digits."},
		{"%2f", "The \"%\" at byte 0 is not followed by two upper-case hexadecimal digits."},
		{"%2", "The \"%\" at byte 0 is not followed by two upper-case hexadecimal digits."},
		{"%", "The \"%\" at byte 0 is not followed by two upper-case hexadecimal digits."},
		{"%G0", "The \"%\" at byte 0 is not followed by two upper-case hexadecimal digits."},
		{"a,", "Part 2 of the key is empty."},
		{",a", "Part 1 of the key is empty."},
		{"a,,b", "Part 2 of the key is empty."},
		{"..", "A key part \".\" or \"..\" is written with each dot as %2E, at byte 0."},
		{"a,.", "A key part \".\" or \"..\" is written with each dot as %2E, at byte 2."},
		{"ab%2E", "\"%2E\" at byte 2 encodes a \".\" that is written as itself."},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		store_err err;

		store_err_clear(&err);
		cr_assert_eq(store_key_validate(cases[i].name, strlen(cases[i].name), &err),
			STORE_ERROR, "%s", cases[i].name);
		cr_assert_str_eq(err.sqlstate, "22023");
		cr_assert_str_eq(err.detail, cases[i].detail, "%s", cases[i].name);
	}

	/* The message quotes the key, made safe to print. */
	store_err err;
	store_err_clear(&err);
	store_key_validate("a\nb", 3, &err);
	cr_assert_str_eq(err.message, "invalid row key \"a\\x0ab\"");

	/* A NUL byte is data, not the end of the name. */
	store_err_clear(&err);
	cr_assert_eq(store_key_validate("a\0b", 3, &err), STORE_ERROR);
	cr_assert_str_eq(err.detail, "Byte 1 (0x00) must be percent-encoded.");

	/* Exactly STORE_KEY_MAX bytes pass, one more does not. */
	char long_name[STORE_KEY_MAX + 1];
	memset(long_name, 'k', sizeof(long_name));
	cr_assert_eq(store_key_validate(long_name, STORE_KEY_MAX, NULL), STORE_OK);
	store_err_clear(&err);
	cr_assert_eq(store_key_validate(long_name, STORE_KEY_MAX + 1, &err), STORE_ERROR);
	cr_assert_str_eq(err.detail, "The key is 1025 bytes long; the limit is 1024.");
	cr_assert_eq(strlen(err.message), strlen("invalid row key \"\"") + 40 + 3,
		"long keys are quoted in part");

	/* Escapes of bytes that need them are fine, "%00" included. */
	const char *good[] = {
		"%00", "%7E", "%2C", "%25", "%FF", "a%2Cb,c", "%2E", "%2E%2E,x", "-", "_"};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		cr_assert_eq(store_key_validate(good[i], strlen(good[i]), NULL), STORE_OK, "%s",
			good[i]);
}

struct collected {
	int n;
	char parts[16][64];
	size_t lens[16];
};

static void collect(void *arg, int index, const char *part, size_t plen)
{
	struct collected *c = arg;

	cr_assert_eq(index, c->n);
	cr_assert_lt(c->n, 16);
	cr_assert_lt(plen, 64);
	memcpy(c->parts[c->n], part, plen);
	c->lens[c->n++] = plen;
}

/*
 * The property that makes one key have one name: a name is valid exactly
 * when it is non-empty in every part, fits, and decoding then encoding
 * gives it back.  Names are drawn from pieces that hit every rule.
 */
Test(keycodec, validate_iff_round_trip)
{
	static const char *const pieces[] = {"a", "Z", "0", ".", "_", "-", ",", "%2E", "%2C", "%41",
		"%2e", "%", "%G1", "%FF", "%00", "%25", "/", " ", "\xc3\xa9", "%2", "%5F"};
	const size_t npieces = sizeof(pieces) / sizeof(pieces[0]);
	int valid = 0, invalid = 0;

	rng_seed(2);
	for (int iter = 0; iter < 50000; iter++) {
		char name[128], again[512];
		size_t len = 0;
		struct collected parts = {0};
		const char *ptrs[16];
		int expect;

		for (size_t k = 1 + rng_below(5); k > 0; k--) {
			const char *p = pieces[rng_below(npieces)];

			memcpy(name + len, p, strlen(p));
			len += strlen(p);
		}

		expect = 0;
		if (store_key_decode_parts(name, len, collect, &parts) == STORE_OK) {
			expect = 1;
			for (int i = 0; i < parts.n; i++) {
				ptrs[i] = parts.parts[i];
				if (parts.lens[i] == 0)
					expect = 0;
			}
			size_t n = store_key_encode_parts(
				again, sizeof(again), ptrs, parts.lens, parts.n);
			if (n != len || memcmp(again, name, len) != 0)
				expect = 0;
		}
		int rc = store_key_validate(name, len, NULL);
		cr_assert_eq(rc == STORE_OK, expect, "%.*s: validate says %d", (int)len, name, rc);
		if (expect)
			valid++;
		else
			invalid++;
	}
	cr_assert_gt(valid, 5000);
	cr_assert_gt(invalid, 5000);
}

Test(keycodec, composite_parts)
{
	const char *parts[] = {"a,b", "", "100%", "x"};
	size_t lens[] = {3, 0, 4, 1};
	struct collected got = {0};
	char name[64];

	cr_assert_eq(store_key_encode_parts(name, sizeof(name), parts, lens, 4), 15);
	cr_assert_str_eq(name, "a%2Cb,,100%25,x");
	/* An empty part encodes, but it is not a valid key. */
	cr_assert_eq(store_key_validate(name, 15, NULL), STORE_ERROR);

	cr_assert_eq(store_key_decode_parts(name, strlen(name), collect, &got), STORE_OK);
	cr_assert_eq(got.n, 4);
	for (int i = 0; i < 4; i++) {
		cr_assert_eq(got.lens[i], lens[i]);
		cr_assert(memcmp(got.parts[i], parts[i], lens[i]) == 0);
	}

	/* A single part is one callback; a bad escape anywhere means none. */
	memset(&got, 0, sizeof(got));
	cr_assert_eq(store_key_decode_parts("user%3A1", 8, collect, &got), STORE_OK);
	cr_assert_eq(got.n, 1);
	cr_assert_eq(got.lens[0], 6);
	cr_assert(memcmp(got.parts[0], "user:1", 6) == 0);
	memset(&got, 0, sizeof(got));
	cr_assert_eq(store_key_decode_parts("a,b,c%2", 7, collect, &got), STORE_ERROR);
	cr_assert_eq(got.n, 0);
	cr_assert_eq(store_key_decode_parts("a%,2C", 5, collect, &got), STORE_ERROR);
	cr_assert_eq(got.n, 0);

	/* Decoding is strict about the escapes it reads. */
	char out[8];
	cr_assert_eq(store_key_decode(out, "%2f", 3), (size_t)-1);
	cr_assert_eq(store_key_decode(out, "%2", 2), (size_t)-1);
	cr_assert_eq(store_key_decode(out, "%", 1), (size_t)-1);
	cr_assert_eq(store_key_decode(out, "%2F,", 4), 2);
}

Test(keycodec, fanout_matches_sha1sum)
{
	static const char *const names[] = {
		"1", "user%3A1", "a%2Cb,c", "%2E", "hello-world_42.x", "%C3%A9t%C3%A9"};
	char fan[8];

	/* SHA-1("abc") = a9993e36... */
	store_key_fanout(fan, "abc", 3);
	cr_assert_str_eq(fan, "a/9/9/9");

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *sum = NULL;
		char expected[8];

		cr_assert_eq(tu_sh(&sum, "printf %%s '%s' | sha1sum", names[i]), 0);
		cr_assert_geq(strlen(sum), 4);
		snprintf(expected, sizeof(expected), "%c/%c/%c/%c", sum[0], sum[1], sum[2], sum[3]);
		store_key_fanout(fan, names[i], strlen(names[i]));
		cr_assert_str_eq(fan, expected, "%s", names[i]);
		free(sum);
	}
}

Test(keycodec, table_names)
{
	static const char *const good[] = {"users", "_x", "a1_b", "_", "t0", "Users", "1abc", "a-b",
		".chrondb", ".", "..", "a b", "caf\xc3\xa9", "100%", "a/b", "x,y", "\"q\"",
		"\xf0\x9f\x90\x98",
		"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk"};
	static const struct {
		const char *name;
		size_t len;
		const char *detail;
	} bad[] = {
		{"", 0, "The name is empty."},
		{"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl", 64,
			"The name is 64 bytes long; the limit is 63."},
		{"ab\0c", 4, "Byte 2 is a zero byte."},
		{"caf\xc3", 4, "Byte 3 (0xc3) does not start a valid UTF-8 character."},
		{"\xff", 1, "Byte 0 (0xff) does not start a valid UTF-8 character."},
		{"a\xc0\xafz", 4, "Byte 1 (0xc0) does not start a valid UTF-8 character."},
		{"\xed\xa0\x80", 3, "Byte 0 (0xed) does not start a valid UTF-8 character."},
	};
	store_err err;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		cr_assert_eq(store_table_validate(good[i], strlen(good[i]), NULL), STORE_OK, "%s",
			good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		store_err_clear(&err);
		cr_assert_eq(store_table_validate(bad[i].name, bad[i].len, &err), STORE_ERROR, "%s",
			bad[i].name);
		cr_assert_str_eq(err.sqlstate, "42602");
		cr_assert_str_eq(err.detail, bad[i].detail, "%s", bad[i].name);
		cr_assert_str_eq(
			err.hint, "A table name is 1 to 63 bytes of UTF-8 without a zero byte.");
	}
	store_err_clear(&err);
	cr_assert_eq(store_table_validate("ab\0c", 4, &err), STORE_ERROR);
	cr_assert_str_eq(err.message, "invalid table name \"ab\\x00c\"");
}

static void expect_table_enc(const char *name, const char *enc)
{
	char out[STORE_TABLE_ENCMAX + 1], back[STORE_TABLE_MAX + 1];
	size_t n = store_table_encode(out, sizeof(out), name, strlen(name));

	cr_assert_eq(n, strlen(enc), "%s", name);
	cr_assert_str_eq(out, enc, "%s", name);
	cr_assert_eq(store_table_decode(back, enc, strlen(enc)), strlen(name), "%s", enc);
	cr_assert_str_eq(back, name, "%s", enc);
}

Test(keycodec, table_name_encoding)
{
	/* What needs no escape is its own name: current repositories keep their paths. */
	expect_table_enc("users", "users");
	expect_table_enc("a1_b", "a1_b");
	expect_table_enc("Users", "Users");
	expect_table_enc("a-b.c", "a-b.c");
	expect_table_enc("1abc", "1abc");
	expect_table_enc("a b", "a%20b");
	expect_table_enc("100%", "100%25");
	expect_table_enc("a/b", "a%2Fb");
	expect_table_enc("x,y", "x%2Cy");
	expect_table_enc("\"q\"", "%22q%22");
	expect_table_enc("caf\xc3\xa9", "caf%C3%A9");
	/* A leading dot is escaped: no ".", "..", nor a name beside .chrondb/. */
	expect_table_enc(".chrondb", "%2Echrondb");
	expect_table_enc(".", "%2E");
	expect_table_enc("..", "%2E.");
	expect_table_enc("a.", "a.");
	expect_table_enc("..x", "%2E.x");

	/* Every byte at most three, snprintf-like lengths. */
	{
		char name[STORE_TABLE_MAX + 1], out[STORE_TABLE_ENCMAX + 1], small[4];

		memset(name, ' ', STORE_TABLE_MAX);
		name[STORE_TABLE_MAX] = '\0';
		cr_assert_eq(store_table_encode(out, sizeof(out), name, STORE_TABLE_MAX),
			STORE_TABLE_ENCMAX);
		cr_assert_eq(store_table_encode(small, sizeof(small), "a b", 3), 5);
		cr_assert_str_eq(small, "a%2");
		cr_assert_eq(store_table_encode(NULL, 0, "a b", 3), 5);
	}
}

Test(keycodec, table_name_decoding_refuses_other_spellings)
{
	static const char *const bad[] = {
		"",     /* no name */
		"%41",  /* "A" is written as itself */
		"%2e",  /* lower-case hex */
		".x",   /* a leading dot must be escaped */
		".",    /* likewise */
		"a%2",  /* cut short */
		"a%zz", /* not hex */
		"a b",  /* a space must be escaped */
		"%00",  /* zero byte */
		"%FF",  /* not UTF-8 */
		"x%2E", /* a dot elsewhere is written as itself */
		"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl", /* 64 bytes */
	};
	char out[STORE_TABLE_MAX + 1];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(
			store_table_decode(out, bad[i], strlen(bad[i])), (size_t)-1, "%s", bad[i]);
}

Test(keycodec, table_names_round_trip)
{
	/* Random valid names: decode(encode(name)) == name, no '/', no leading dot. */
	rng_seed(11);
	for (int iter = 0; iter < 20000; iter++) {
		char name[STORE_TABLE_MAX + 1], enc[STORE_TABLE_ENCMAX + 1],
			back[STORE_TABLE_MAX + 1];
		size_t len = 1 + rng_below(STORE_TABLE_MAX), n;

		for (size_t i = 0; i < len; i++)
			name[i] = (char)(1 + rng_below(127));
		name[len] = '\0';
		n = store_table_encode(enc, sizeof(enc), name, len);
		cr_assert_leq(n, STORE_TABLE_ENCMAX);
		cr_assert(enc[0] != '.', "%s", enc);
		cr_assert_null(memchr(enc, '/', n));
		cr_assert_eq(store_table_decode(back, enc, n), len, "%s", enc);
		cr_assert_eq(memcmp(back, name, len), 0);
	}
}

/* ---- ChronDB file names ------------------------------------------------ */

static const char *const chrondb_table[][2] = {
	{":", "_COLON_"},
	{"/", "_SLASH_"},
	{"?", "_QMARK_"},
	{"*", "_STAR_"},
	{"\\", "_BACKSLASH_"},
	{"<", "_LT_"},
	{">", "_GT_"},
	{"|", "_PIPE_"},
	{"\"", "_QUOTE_"},
	{"%", "_PERCENT_"},
	{"#", "_HASH_"},
	{"&", "_AMP_"},
	{"=", "_EQUALS_"},
	{"+", "_PLUS_"},
	{"@", "_AT_"},
	{" ", "_SPACE_"},
};

static void expect_chrondb(const char *file, const char *id)
{
	char out[256];
	size_t n = store_key_from_chrondb(out, file, strlen(file));

	cr_assert_eq(n, strlen(id), "%s", file);
	cr_assert_str_eq(out, id, "%s", file);
}

Test(keycodec, chrondb_names)
{
	expect_chrondb("user_COLON_1", "user:1");
	expect_chrondb("product_COLON_1_COLON_name", "product:1:name");
	expect_chrondb("no-prefix", "no-prefix");
	expect_chrondb("", "");
	expect_chrondb("_FOO_", "_FOO_");
	expect_chrondb("_COLON", "_COLON");
	expect_chrondb("a__COLON__b", "a_:_b");
	expect_chrondb("_COLON_COLON_", ":COLON_");
	expect_chrondb("_SLASH_COLON_", "/COLON_");
	expect_chrondb("_BSLASH__EQ_", "_BSLASH__EQ_"); /* diagnose.clj's stale table */
	expect_chrondb("a_SPACE_b_AT_c_PERCENT_20", "a b@c%20");
	for (size_t i = 0; i < sizeof(chrondb_table) / sizeof(chrondb_table[0]); i++) {
		char file[64], id[8];

		snprintf(file, sizeof(file), "x%sy", chrondb_table[i][1]);
		snprintf(id, sizeof(id), "x%sy", chrondb_table[i][0]);
		expect_chrondb(file, id);
	}
}

/* ChronDB's encode-path: each replacement over the whole id, in table order. */
static void chrondb_encode(char *out, const char *id)
{
	char tmp[2048];

	strcpy(out, id);
	for (size_t t = 0; t < sizeof(chrondb_table) / sizeof(chrondb_table[0]); t++) {
		const char *from = chrondb_table[t][0], *to = chrondb_table[t][1];
		char *o = tmp;

		for (const char *p = out; *p != '\0'; p++) {
			if (*p == from[0]) {
				strcpy(o, to);
				o += strlen(to);
			} else {
				*o++ = *p;
			}
		}
		*o = '\0';
		strcpy(out, tmp);
	}
}

Test(keycodec, chrondb_reverses_encode)
{
	static const char alphabet[] = ":/?*\\<>|\"%#&=+@ aZ9-.";

	/* Without '_' in the id, ChronDB's encoding is reversible. */
	rng_seed(3);
	for (int iter = 0; iter < 5000; iter++) {
		char id[32], file[2048];
		size_t len = rng_below(sizeof(id));

		for (size_t i = 0; i < len; i++)
			id[i] = alphabet[rng_below(sizeof(alphabet) - 1)];
		id[len] = '\0';
		chrondb_encode(file, id);
		expect_chrondb(file, id);
	}
}

Test(keycodec, chrondb_escape)
{
	char out[STORE_TABLE_CHRONDBMAX + 1], name[STORE_TABLE_MAX + 1];

	cr_assert_eq(store_chrondb_escape(out, sizeof(out), "user:1", 6), 12);
	cr_assert_str_eq(out, "user_COLON_1");
	for (size_t i = 0; i < sizeof(chrondb_table) / sizeof(chrondb_table[0]); i++) {
		char want[64];
		char id[3] = {'x', chrondb_table[i][0][0], 'y'};

		snprintf(want, sizeof(want), "x%sy", chrondb_table[i][1]);
		cr_assert_eq(store_chrondb_escape(out, sizeof(out), id, 3), strlen(want));
		cr_assert_str_eq(out, want);
	}
	cr_assert_eq(store_chrondb_escape(NULL, 0, "\\", 1), 11);

	/* Table directories under data/: names that ChronDB's escapes give back. */
	cr_assert_eq(store_table_from_chrondb(name, "users", 5), 5);
	cr_assert_str_eq(name, "users");
	cr_assert_eq(store_table_from_chrondb(name, "My_SPACE_Table", 14), 8);
	cr_assert_str_eq(name, "My Table");
	/* ChronDB escapes ':', so a raw one is no name of its. */
	cr_assert_eq(store_table_from_chrondb(name, "a:b", 3), (size_t)-1);
	cr_assert_eq(store_table_from_chrondb(name, "", 0), (size_t)-1);
	cr_assert_eq(store_table_from_chrondb(name, "\xff", 1), (size_t)-1);
}

/* ---- canonical JSON: golden cases -------------------------------------- */

Test(keycodec, json_layout)
{
	static const char *const order[] = {"id", "name", "tags", "meta"};

	expect_canon("{\"meta\": {\"k\":1, \"z\":[1, 2, {\"a\" : null}]}, \"tags\":[\"a\", \"b\"],"
		     " \"name\":\"x\", \"id\":1}",
		order, 4,
		"{\n"
		"  \"id\": 1,\n"
		"  \"name\": \"x\",\n"
		"  \"tags\": [\"a\",\"b\"],\n"
		"  \"meta\": {\"k\":1,\"z\":[1,2,{\"a\":null}]}\n"
		"}\n");

	/* Without a column order every member is sorted. */
	expect_canon("{\"name\":\"x\",\"id\":1,\"tags\":[],\"meta\":{}}", NULL, 0,
		"{\n  \"id\": 1,\n  \"meta\": {},\n  \"name\": \"x\",\n  \"tags\": []\n}\n");

	/* Empty objects, whitespace around and inside. */
	expect_canon("{}", NULL, 0, "{}\n");
	expect_canon(" \t\r\n{ \n }\n\n", order, 4, "{}\n");
	expect_canon("\t\r\n {\n\"a\" :\t[ 1 , { } , [ ] , true,false , null ]\r\n}\n\n", NULL, 0,
		"{\n  \"a\": [1,{},[],true,false,null]\n}\n");

	/* Nested members keep their order. */
	expect_canon("{\"o\":{\"b\":1,\"a\":{\"z\":0,\"y\":[{\"d\":1,\"c\":2}]}}}", NULL, 0,
		"{\n  \"o\": {\"b\":1,\"a\":{\"z\":0,\"y\":[{\"d\":1,\"c\":2}]}}\n}\n");
}

Test(keycodec, json_member_order)
{
	static const char *const order[] = {"id", "missing", "name", "id"};
	static const char *const quoted[] = {"a\"b", "\xc3\xa9"};

	/* Listed columns first (absent ones skipped, repeats ignored), then the rest. */
	expect_canon("{\"zeta\":1,\"name\":\"n\",\"alpha\":2,\"id\":3}", order, 4,
		"{\n  \"id\": 3,\n  \"name\": \"n\",\n  \"alpha\": 2,\n  \"zeta\": 1\n}\n");

	/* Byte order: "" < "B" < "Z" < "_" < "a" < "aa" < "é". */
	expect_canon("{\"\xc3\xa9\":7,\"aa\":6,\"a\":5,\"_\":4,\"Z\":3,\"B\":2,\"\":1}", NULL, 0,
		"{\n  \"\": 1,\n  \"B\": 2,\n  \"Z\": 3,\n  \"_\": 4,\n  \"a\": 5,\n  \"aa\": 6,\n"
		"  \"\xc3\xa9\": 7\n}\n");

	/* Names sort by their bytes after unescaping: 0x01 < '"' < '#' < '\\' < ']'. */
	expect_canon("{\"a]\":5,\"a\\\\\":4,\"a#\":3,\"a\\\"\":2,\"a\\u0001\":1}", NULL, 0,
		"{\n  \"a\\u0001\": 1,\n  \"a\\\"\": 2,\n  \"a#\": 3,\n  \"a\\\\\": 4,\n"
		"  \"a]\": 5\n}\n");

	/* A listed column matches the unescaped name, however it was written. */
	expect_canon("{\"x\":0,\"\\u00e9\":2,\"a\\u0022b\":1}", quoted, 2,
		"{\n  \"a\\\"b\": 1,\n  \"\xc3\xa9\": 2,\n  \"x\": 0\n}\n");
}

Test(keycodec, json_strings)
{
	/* Minimal escaping: '"', '\\' and controls; "\/" is '/', UTF-8 raw. */
	expect_canon(
		"{\"s\":\"\\/\\b\\f\\n\\r\\t\\u0000\\u001F\\u007f\\u0008\\u0022\\u005C"
		"\\u00e9\\ud83d\\uDE00 \xc3\xa9 \xf0\x9f\x98\x80 \x7f\\u000a\\u000D\\u0009\\u000c\"}",
		NULL, 0,
		"{\n  \"s\": \"/\\b\\f\\n\\r\\t\\u0000\\u001f\x7f\\b\\\"\\\\\xc3\xa9\xf0\x9f\x98\x80"
		" \xc3\xa9 \xf0\x9f\x98\x80 \x7f\\n\\r\\t\\f\"\n}\n");

	/* The edges of each UTF-8 length, raw and escaped. */
	expect_canon("{\"s\":\"\\u0080\\u07FF\\u0800\\uFFFF\\uD800\\uDC00\\uDBFF\\uDFFF"
		     "\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"}",
		NULL, 0,
		"{\n  \"s\": \"\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf"
		"\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"\n}\n");

	/* Names are strings too. */
	expect_canon("{\"\\u0041\\/\":\"\\u0041\"}", NULL, 0, "{\n  \"A/\": \"A\"\n}\n");

	/* A NUL byte in the input is data, never the end of the text. */
	static const char nul[] = "{\"a\":\"\\u0000\",\"b\":[\"\\u0000\"]}";
	char *out = canon_n(nul, sizeof(nul) - 1, NULL, 0);
	cr_assert_str_eq(out, "{\n  \"a\": \"\\u0000\",\n  \"b\": [\"\\u0000\"]\n}\n");
	free(out);
}

Test(keycodec, json_numbers_verbatim)
{
	expect_canon("{\"n\":[-0,1e400,0.10,123456789012345678901234567890,1E+2,-1.5e-3,0,0e0,"
		     "-0.0E-0,1e-400,100,9007199254740993]}",
		NULL, 0,
		"{\n  \"n\": [-0,1e400,0.10,123456789012345678901234567890,1E+2,-1.5e-3,0,0e0,"
		"-0.0E-0,1e-400,100,9007199254740993]\n}\n");
	expect_canon("{\"a\":-0 ,\"b\":1.50}", NULL, 0, "{\n  \"a\": -0,\n  \"b\": 1.50\n}\n");
}

Test(keycodec, json_depth_limit)
{
	struct text t = {0};

	/* The top-level object and 127 arrays: 128 levels. */
	text_puts(&t, "{\"a\":");
	for (int i = 0; i < 127; i++)
		text_puts(&t, "[");
	for (int i = 0; i < 127; i++)
		text_puts(&t, "]");
	text_puts(&t, "}");
	free(canon(t.s, NULL, 0));

	/* One more is refused, at the byte that opens level 129. */
	t.len = 0;
	text_puts(&t, "{\"a\":");
	for (int i = 0; i < 128; i++)
		text_puts(&t, "[");
	for (int i = 0; i < 128; i++)
		text_puts(&t, "]");
	text_puts(&t, "}");
	expect_json_error(t.s, t.len, "54001",
		"Arrays and objects nest more than 128 levels deep at byte 132.");

	/* Objects count the same; a very deep input fails fast, without recursing. */
	t.len = 0;
	for (int i = 0; i < 129; i++)
		text_puts(&t, "{\"a\":");
	expect_json_error(t.s, t.len, "54001",
		"Arrays and objects nest more than 128 levels deep at byte 640.");
	t.len = 0;
	text_puts(&t, "{\"a\":");
	for (int i = 0; i < 1000000; i++)
		text_puts(&t, "[");
	expect_json_error(t.s, t.len, "54001",
		"Arrays and objects nest more than 128 levels deep at byte 132.");
	free(t.s);
}

/* ---- canonical JSON: errors -------------------------------------------- */

Test(keycodec, json_invalid_corpus)
{
	static const struct {
		const char *json;
		const char *detail;
	} cases[] = {
		{"", "The input ends unexpectedly at byte 0."},
		{"   ", "The input ends unexpectedly at byte 3."},
		{"[]", "Expected \"{\" at byte 0."},
		{" 1", "Expected \"{\" at byte 1."},
		{"\"x\"", "Expected \"{\" at byte 0."},
		{"null", "Expected \"{\" at byte 0."},
		{"{", "The input ends unexpectedly at byte 1."},
		{"{\"a\"}", "Expected \":\" at byte 4."},
		{"{\"a\" 1}", "Expected \":\" at byte 5."},
		{"{\"a\"::1}", "Expected JSON value at byte 5."},
		{"{\"a\":}", "Expected JSON value at byte 5."},
		{"{\"a\":1,}", "Expected string at byte 7."},
		{"{,}", "Expected string at byte 1."},
		{"{\"a\":1 \"b\":2}", "Expected \",\" or \"}\" at byte 7."},
		{"{\"a\":1]", "Expected \",\" or \"}\" at byte 6."},
		{"{\"a\":[1,]}", "Expected JSON value at byte 8."},
		{"{\"a\":[1 2]}", "Expected \",\" or \"]\" at byte 8."},
		{"{\"a\":[}", "Expected JSON value at byte 6."},
		{"{\"a\":[1}", "Expected \",\" or \"]\" at byte 7."},
		{"{\"a\":{\"b\"}}", "Expected \":\" at byte 9."},
		{"{\"a\":tru}", "Token \"tru\" is invalid at byte 5."},
		{"{\"a\":truex}", "Token \"truex\" is invalid at byte 5."},
		{"{\"a\":nul}", "Token \"nul\" is invalid at byte 5."},
		{"{\"a\":True}", "Token \"True\" is invalid at byte 5."},
		{"{\"a\":01}", "Token \"01\" is invalid at byte 5."},
		{"{\"a\":-01}", "Token \"-01\" is invalid at byte 5."},
		{"{\"a\":-}", "Token \"-\" is invalid at byte 5."},
		{"{\"a\":1.}", "Token \"1.\" is invalid at byte 5."},
		{"{\"a\":.5}", "Token \".5\" is invalid at byte 5."},
		{"{\"a\":+1}", "Token \"+1\" is invalid at byte 5."},
		{"{\"a\":1e}", "Token \"1e\" is invalid at byte 5."},
		{"{\"a\":1e+}", "Token \"1e+\" is invalid at byte 5."},
		{"{\"a\":1.5.3}", "Token \"1.5.3\" is invalid at byte 5."},
		{"{\"a\":0x10}", "Token \"0x10\" is invalid at byte 5."},
		{"{\"a\":NaN}", "Token \"NaN\" is invalid at byte 5."},
		{"{\"a\":Infinity}", "Token \"Infinity\" is invalid at byte 5."},
		{"{\"a\":-Infinity}", "Token \"-Infinity\" is invalid at byte 5."},
		{"{\"a\":[1,2,3,4e5f]}", "Token \"4e5f\" is invalid at byte 12."},
		{"{\"a\":\\u0041}", "Token \"\\u0041\" is invalid at byte 5."},
		{"{\"a\":\xc3\xa9}", "Token \"\xc3\xa9\" is invalid at byte 5."},
		{"{\"a\":\xff}", "Token \"\\xff\" is invalid at byte 5."},
		{"{\"a\":aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}",
			"Token \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\" is invalid at byte 5."},
		{"{a:1}", "Expected string at byte 1."},
		{"{'a':1}", "Expected string at byte 1."},
		{"{\"a\":'x'}", "Token \"'x'\" is invalid at byte 5."},
		{"{\"a\":1}x", "Expected end of input at byte 7."},
		{"{\"a\":1} {}", "Expected end of input at byte 8."},
		{"{\"a\":1}/* c */", "Expected end of input at byte 7."},
		{"{/* c */\"a\":1}", "Expected string at byte 1."},
		{"{\"a\":1 // c\n}", "Expected \",\" or \"}\" at byte 7."},
		{"\xef\xbb\xbf{}", "Expected \"{\" at byte 0."},
		{"{}\f", "Expected end of input at byte 2."},
		{"{\"a\":\"x", "The input ends unexpectedly at byte 7."},
		{"{\"a\":\"x\"", "The input ends unexpectedly at byte 8."},
		{"{\"a\":\"x\",", "The input ends unexpectedly at byte 9."},
		{"{\"a\":[", "The input ends unexpectedly at byte 6."},
		{"{\"a\":\"\\", "The input ends unexpectedly at byte 7."},
		{"{\"a\":\"\\x\"}", "Escape sequence \"\\x\" is invalid at byte 6."},
		{"{\"a\":\"\\U0041\"}", "Escape sequence \"\\U\" is invalid at byte 6."},
		{"{\"a\":\"\\'\"}", "Escape sequence \"\\'\" is invalid at byte 6."},
		{"{\"a\":\"\\\xc3\xa9\"}", "Escape sequence \"\\\xc3\xa9\" is invalid at byte 6."},
		{"{\"a\":\"\\u12\"}",
			"\"\\u\" must be followed by four hexadecimal digits at byte 6."},
		{"{\"a\":\"\\u12",
			"\"\\u\" must be followed by four hexadecimal digits at byte 6."},
		{"{\"a\":\"\\u12G4\"}",
			"\"\\u\" must be followed by four hexadecimal digits at byte 6."},
		{"{\"a\":\"\\uD800\"}",
			"Unicode high surrogate must be followed by a low surrogate at byte 6."},
		{"{\"a\":\"\\uDBFF\\u0041\"}",
			"Unicode high surrogate must be followed by a low surrogate at byte 6."},
		{"{\"a\":\"\\uD800\\uD800\"}",
			"Unicode high surrogate must be followed by a low surrogate at byte 6."},
		{"{\"a\":\"\\uD800\\n\"}",
			"Unicode high surrogate must be followed by a low surrogate at byte 6."},
		{"{\"a\":\"x\\uDC00\"}",
			"Unicode low surrogate must follow a high surrogate at byte 7."},
		{"{\"a\":\"\\uDFFF\\uD800\"}",
			"Unicode low surrogate must follow a high surrogate at byte 6."},
		{"{\"a\":\"\t\"}", "Character with value 0x09 must be escaped at byte 6."},
		{"{\"a\":\"x\ny\"}", "Character with value 0x0a must be escaped at byte 7."},
		{"{\"a\x1f\":1}", "Character with value 0x1f must be escaped at byte 3."},
		{"{\"a\":\"\xc0\x80\"}", "Invalid UTF-8 byte sequence at byte 6."},
		{"{\"a\":\"\xc1\xbf\"}", "Invalid UTF-8 byte sequence at byte 6."},
		{"{\"a\":\"\xe0\x80\x80\"}", "Invalid UTF-8 byte sequence at byte 6."},
		{"{\"a\":\"\xe0\x9f\xbf\"}", "Invalid UTF-8 byte sequence at byte 6."},
		{"{\"a\":\"\xf0\x80\x80\x80\"}", "Invalid UTF-8 byte sequence at byte 6."},
		{"{\"a\":\"\xf0\x8f\xbf\xbf\"}", "Invalid UTF-8 byte sequence at byte 6."},
		{"{\"a\":\"\xed\xa0\x80\"}", "Invalid UTF-8 byte sequence at byte 6."},
		{"{\"a\":\"\xed\xbf\xbf\"}", "Invalid UTF-8 byte sequence at byte 6."},
		{"{\"a\":\"\xf4\x90\x80\x80\"}", "Invalid UTF-8 byte sequence at byte 6."},
		{"{\"a\":\"\xf5\x80\x80\x80\"}", "Invalid UTF-8 byte sequence at byte 6."},
		{"{\"a\":\"\xff\"}", "Invalid UTF-8 byte sequence at byte 6."},
		{"{\"a\":\"x\x80\"}", "Invalid UTF-8 byte sequence at byte 7."},
		{"{\"a\":\"\xc3\"}", "Invalid UTF-8 byte sequence at byte 6."},
		{"{\"a\":\"\xe2\x82\"}", "Invalid UTF-8 byte sequence at byte 6."},
		{"{\"a\":\"\xe2\x82", "Invalid UTF-8 byte sequence at byte 6."},
		{"{\"a\":\"\xf0\x9f\x98\"}", "Invalid UTF-8 byte sequence at byte 6."},
		{"{\"a\":1,\"a\":2}", "Duplicate object member \"a\" at byte 7."},
		{"{\"a\":1,\"\\u0061\":2}", "Duplicate object member \"a\" at byte 7."},
		{"{\"\\\"\":1,\"\\u0022\":2}", "Duplicate object member \"\\\"\" at byte 8."},
		{"{\"b\":1,\"a\":1,\"b\":2,\"a\":2}", "Duplicate object member \"b\" at byte 13."},
		{"{\"o\":{\"x\":1,\"y\":2,\"x\":3}}", "Duplicate object member \"x\" at byte 18."},
		{"{\"a\":[{\"k\":1},{\"k\":1,\"k\":2}]}",
			"Duplicate object member \"k\" at byte 21."},
		{"{\"\xc3\xa9\":1,\"\\u00E9\":2}",
			"Duplicate object member \"\xc3\xa9\" at byte 8."},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_json_error(cases[i].json, strlen(cases[i].json), "22P02", cases[i].detail);

	/* NUL bytes: raw in a string, and outside one. */
	expect_json_error("{\"a\":\"\0\"}", 9, "22P02",
		"Character with value 0x00 must be escaped at byte 6.");
	expect_json_error("{\"a\":\0}", 7, "22P02", "Token \"\\x00\" is invalid at byte 5.");
	expect_json_error("{}\0", 3, "22P02", "Expected end of input at byte 2.");

	/* A non-object says what a row is. */
	store_err err;
	char *out;
	size_t outlen;
	store_err_clear(&err);
	cr_assert_eq(store_json_canonical("[1]", 3, NULL, 0, &out, &outlen, &err), STORE_ERROR);
	cr_assert_str_eq(err.hint, "A row document is a JSON object.");
}

/* Same names in different objects, or at different levels, are fine. */
Test(keycodec, json_duplicates_scope)
{
	expect_canon(
		"{\"a\":{\"a\":{\"a\":1}},\"b\":[{\"a\":1},{\"a\":2}],\"c\":{\"b\":1,\"B\":2}}",
		NULL, 0,
		"{\n  \"a\": {\"a\":{\"a\":1}},\n  \"b\": [{\"a\":1},{\"a\":2}],\n"
		"  \"c\": {\"b\":1,\"B\":2}\n}\n");
}

/* Big objects take the qsort path, at the top and nested, duplicates included. */
Test(keycodec, json_large_objects)
{
	enum { N = 20000 };
	struct text t = {0};
	char name[32], *out;
	int *perm = malloc(N * sizeof(int));

	for (int i = 0; i < N; i++)
		perm[i] = i;
	rng_seed(4);
	for (int i = N - 1; i > 0; i--) {
		int j = (int)rng_below((size_t)i + 1), tmp = perm[i];

		perm[i] = perm[j];
		perm[j] = tmp;
	}
	text_puts(&t, "{");
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "%s\"k%05d\":%d", i ? "," : "", perm[i], perm[i]);
		text_puts(&t, name);
	}
	text_puts(&t, "}");
	out = canon(t.s, NULL, 0);
	const char *p = out + 2;
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "  \"k%05d\": %d", i, i);
		cr_assert(strncmp(p, name, strlen(name)) == 0, "member %d", i);
		p = strchr(p, '\n') + 1;
	}
	cr_assert_str_eq(p, "}\n");
	free(out);

	/* A duplicate at the very end, at the top. */
	t.len--;
	size_t dup_at = t.len + 1;
	snprintf(name, sizeof(name), ",\"k%05d\":0}", perm[N / 2]);
	text_puts(&t, name);
	char detail[128];
	snprintf(detail, sizeof(detail), "Duplicate object member \"k%05d\" at byte %zu.",
		perm[N / 2], dup_at);
	expect_json_error(t.s, t.len, "22P02", detail);

	/* The same object nested. */
	struct text u = {0};
	text_puts(&u, "{\"o\":");
	text_puts(&u, t.s);
	text_puts(&u, "}");
	snprintf(detail, sizeof(detail), "Duplicate object member \"k%05d\" at byte %zu.",
		perm[N / 2], dup_at + 5);
	expect_json_error(u.s, u.len, "22P02", detail);
	free(u.s);
	free(t.s);
	free(perm);
}

/* ---- canonical JSON: random documents ---------------------------------- */

static void gen_ws(struct text *t)
{
	static const char *const ws[] = {"", "", "", " ", "\n", "\t", "\r\n  "};

	text_puts(t, ws[rng_below(7)]);
}

static void gen_string(struct text *t)
{
	static const char *const pieces[] = {"a", "b", "A", "_", "0", " ", "\\\"", "\\\\", "\\/",
		"\\n", "\\t", "\\u0000", "\\u001f", "\\u0041", "\\u00e9", "\\ud83d\\ude00",
		"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\x7f", "\\b", "\\u2028", "~"};

	text_puts(t, "\"");
	for (size_t n = rng_below(6); n > 0; n--)
		text_puts(t, pieces[rng_below(sizeof(pieces) / sizeof(pieces[0]))]);
	text_puts(t, "\"");
}

static void gen_value(struct text *t, int depth)
{
	static const char *const scalars[] = {"0", "-0", "1", "-17", "3.25", "0.10", "1e3",
		"-2.5E-3", "1E+2", "true", "false", "null", "123456", "9.75"};

	switch (depth > 6 ? rng_below(2) : rng_below(5)) {
	case 0:
		text_puts(t, scalars[rng_below(sizeof(scalars) / sizeof(scalars[0]))]);
		break;
	case 1:
		gen_string(t);
		break;
	case 2:
	case 3:
		text_puts(t, "[");
		for (size_t n = rng_below(4), i = 0; i < n; i++) {
			if (i > 0)
				text_puts(t, ",");
			gen_ws(t);
			gen_value(t, depth + 1);
			gen_ws(t);
		}
		text_puts(t, "]");
		break;
	default:
		text_puts(t, "{");
		for (size_t n = rng_below(5), i = 0; i < n; i++) {
			if (i > 0)
				text_puts(t, ",");
			gen_ws(t);
			gen_string(t);
			gen_ws(t);
			text_puts(t, ":");
			gen_ws(t);
			gen_value(t, depth + 1);
			gen_ws(t);
		}
		text_puts(t, "}");
		break;
	}
}

static void gen_document(struct text *t)
{
	t->len = 0;
	gen_ws(t);
	text_puts(t, "{");
	for (size_t n = rng_below(8), i = 0; i < n; i++) {
		if (i > 0)
			text_puts(t, ",");
		gen_ws(t);
		gen_string(t);
		text_puts(t, ":");
		gen_ws(t);
		gen_value(t, 1);
	}
	gen_ws(t);
	text_puts(t, "}");
	gen_ws(t);
}

/* Jansson's reading, or NULL; it stops at a NUL byte, so it is not asked then. */
static json_t *jansson_load(const char *s, size_t len)
{
	json_error_t jerr;

	if (memchr(s, '\0', len) != NULL)
		return NULL;
	return json_loadb(s, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
}

/*
 * Check one input against Jansson and against itself: whatever Jansson
 * accepts as an object is accepted, means the same after canonicalizing,
 * and canonicalizing again changes nothing.  Returns 1 when accepted.
 */
static int check_document(const char *s, size_t len)
{
	static const char *const order[] = {"b", "a", "\xc3\xa9"};
	json_t *theirs = jansson_load(s, len);
	store_err err;
	char *out = NULL, *again = NULL;
	size_t outlen, againlen;
	int rc;

	store_err_clear(&err);
	rc = store_json_canonical(s, len, order, 3, &out, &outlen, &err);
	if (theirs != NULL && json_is_object(theirs))
		cr_assert_eq(
			rc, STORE_OK, "Jansson accepts %.*s, we say %s", (int)len, s, err.detail);
	if (rc != STORE_OK) {
		cr_assert_null(out);
		cr_assert(strcmp(err.sqlstate, "22P02") == 0 || strcmp(err.sqlstate, "54001") == 0);
		cr_assert_neq(err.detail[0], '\0');
		json_decref(theirs);
		return 0;
	}

	cr_assert_eq(out[outlen - 1], '\n');
	cr_assert_eq(store_json_canonical(out, outlen, order, 3, &again, &againlen, &err), STORE_OK,
		"output rejected: %s: %s", out, err.detail);
	cr_assert_eq(againlen, outlen);
	cr_assert(memcmp(again, out, outlen) == 0, "not idempotent:\n%s\n%s", out, again);
	if (theirs != NULL) {
		json_t *ours = jansson_load(out, outlen);

		cr_assert_not_null(ours, "Jansson rejects our output %s", out);
		cr_assert(json_equal(theirs, ours), "meaning changed:\n%.*s\n%s", (int)len, s, out);
		json_decref(ours);
	}
	json_decref(theirs);
	free(out);
	free(again);
	return 1;
}

Test(keycodec, json_random_documents)
{
	struct text t = {0};
	int accepted = 0;

	rng_seed(5);
	for (int iter = 0; iter < 20000; iter++) {
		gen_document(&t);
		accepted += check_document(t.s, t.len);
	}
	cr_log_info("json_random_documents: %d of 20000 accepted", accepted);
	/*
	 * Every refusal was checked against Jansson above; this bound only
	 * proves the generator mostly makes valid documents (about a quarter
	 * repeat a short member name, "" most often).
	 */
	cr_assert_gt(accepted, 12000);
	free(t.s);
}

/* Random damage to valid documents: never a crash, never a wrong answer. */
Test(keycodec, json_mutations)
{
	static const char *const inserts[] = {"{", "}", "[", "]", ":", ",", "\"", "\\", "u", "0",
		"1", "-", ".", "e", " ", "\n", "\x80", "\xc3", "\xed\xa0\x80", "\xf4\x90", "\xff",
		"\0", "\\u", "\\ud800", "t", "null", "\"a\":1,"};
	struct text seed = {0}, t = {0};
	int accepted = 0, iters = 60000;

	rng_seed(6);
	for (int iter = 0; iter < iters; iter++) {
		gen_document(&seed);
		t.len = 0;
		text_putn(&t, seed.s, seed.len);
		for (size_t m = 1 + rng_below(3); m > 0; m--) {
			size_t at = t.len ? rng_below(t.len) : 0;

			switch (rng_below(5)) {
			case 0: /* overwrite a byte */
				if (t.len)
					t.s[at] = (char)rng_next();
				break;
			case 1: /* delete a byte */
				if (t.len) {
					memmove(t.s + at, t.s + at + 1, t.len - at - 1);
					t.len--;
				}
				break;
			case 2: /* truncate */
				t.len = at;
				break;
			default: { /* insert a fragment */
				const char *ins =
					inserts[rng_below(sizeof(inserts) / sizeof(inserts[0]))];
				size_t n = *ins ? strlen(ins) : 1;
				size_t tail = t.len - at;

				text_putn(&t, ins, n);
				memmove(t.s + at + n, t.s + at, tail);
				memcpy(t.s + at, ins, n);
				break;
			}
			}
		}
		/* An exact-size copy, so ASan sees any read past the end. */
		char *exact = malloc(t.len ? t.len : 1);
		memcpy(exact, t.s, t.len);
		accepted += check_document(exact, t.len);
		free(exact);
	}
	cr_log_info("json_mutations: %d of %d mutated documents still valid", accepted, iters);
	cr_assert_gt(accepted, 0);
	cr_assert_lt(accepted, iters);
	free(seed.s);
	free(t.s);
}

/* ---- speed ------------------------------------------------------------- */

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/*
 * A typical row of about 200 bytes, written by a client in its own member
 * order.  The figure is only logged: timings belong to tests/bench, and
 * this test checks that repeated calls give the same length every time.
 */
Test(keycodec, json_speed)
{
	static const char row[] =
		"{\"id\":12345,\"name\":\"Alice Example\",\"email\":\"alice@example.com\","
		"\"active\":true,\"balance\":\"1234.56\",\"created_at\":\"2024-05-01T12:34:56Z\","
		"\"tags\":[\"admin\",\"beta\"],\"address\":{\"city\":\"S\\u00e3o Paulo\","
		"\"zip\":\"01310-100\"},\"score\":98.5}";
	static const char *const order[] = {"id", "name", "email", "balance", "active", "score",
		"tags", "address", "created_at"};
	enum { ITERS = 200000 };
	double start, ns;
	size_t total = 0, one;
	char *first = canon_n(row, sizeof(row) - 1, order, 9);

	one = strlen(first);
	cr_assert(strncmp(first, "{\n  \"id\": 12345,\n", 16) == 0, "%s", first);
	free(first);
	for (int i = 0; i < 1000; i++)
		free(canon_n(row, sizeof(row) - 1, order, 9));
	start = now_ns();
	for (int i = 0; i < ITERS; i++) {
		char *out;
		size_t outlen;

		store_json_canonical(row, sizeof(row) - 1, order, 9, &out, &outlen, NULL);
		total += outlen;
		free(out);
	}
	ns = (now_ns() - start) / ITERS;
	cr_log_info(
		"json_speed: %zu-byte row canonicalized in %.0f ns/op (result and free included)",
		sizeof(row) - 1, ns);
	cr_assert_eq(total, (size_t)ITERS * one);
}
