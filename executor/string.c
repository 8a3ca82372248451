/*
 * string.c - the string types (text, varchar, bpchar, name), bytea, uuid
 * and the untyped literal (unknown): their text forms, typmods, casts,
 * comparisons, LIKE and regular expressions, and the string functions
 * of PostgreSQL 15 (varlena.c, varchar.c, oracle_compat.c, like.c,
 * regexp.c, encode.c, uuid.c).
 *
 * Not here: the automatic casts of every type to text (the registry's,
 * types.c), string_to_array and array_to_string (array.c), aggregates
 * (agg.c), and the casts between "char" and the string types (basic.c).
 *
 * Strings are UTF-8, as a PostgreSQL database in that encoding: lengths
 * and positions count characters, LIKE's _ matches a character.  XXX:
 * input does not check that the bytes are valid UTF-8 (PostgreSQL
 * rejects them with 22021 when the client's text is converted); a stray
 * byte counts as one character here.
 * Comparison is byte order, PostgreSQL's C collation, and so are the
 * case mappings: lower, upper, initcap and ILIKE change ASCII letters
 * only.  A bpchar value is stored padded to its typmod (input and
 * casts pad), compares, hashes and casts to text without its trailing
 * spaces, and LIKE sees the spaces, all as in PostgreSQL.
 *
 * Regular expressions are POSIX extended (regcomp) rather than
 * PostgreSQL's advanced regular expressions (ARE).  XXX: what an ERE
 * lacks: the class escapes \d \D (glibc has \w \W \s \S), non-greedy
 * quantifiers (*? +? ??), lookahead (?= ) and (?! ), embedded options
 * (?i), the ***: and ***= prefixes, \m \M \y word anchors and \uXXXX;
 * the longest-leftmost rule applies throughout where ARE mixes
 * preferences, error messages are the C library's after PostgreSQL's
 * "invalid regular expression: ", and a pattern is compiled at each
 * call (PostgreSQL caches the last 32).  Porting PostgreSQL's regex
 * engine (src/backend/regex) would fix all of it.  Matching runs under
 * the C.UTF-8 locale, so that . and [...] take characters, not bytes.
 */
#include <locale.h>
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/evp.h>

#include "array.h"
#include "basic.h"
#include "func.h"
#include "keywords.h"
#include "srf.h"

#define NAMEDATALEN  64         /* PostgreSQL's: a name holds 63 bytes */
#define MAX_ALLOC    0x3fffffff /* PostgreSQL's MaxAllocSize, the longest string it builds */
#define VARHDRSZ     4          /* counted in PostgreSQL's length limits */
#define UTF8_MAX_LEN 4

/* ---- Helpers ---- */

/* A NUL-terminated copy of a string value, for the C library. */
static char *cstring(exec_ctx *cx, const exec_value *v)
{
	return sql_arena_strndup(cx->arena, v->v.s.p, v->v.s.len);
}

static int too_long(exec_ctx *cx)
{
	return store_err_set(cx->err, "54000", "requested length too large");
}

/* A result of n bytes to fill, n checked against PostgreSQL's limit first. */
static char *result_buffer(exec_ctx *cx, size_t n)
{
	if (n > MAX_ALLOC - VARHDRSZ) {
		too_long(cx);
		return NULL;
	}
	return sql_arena_alloc(cx->arena, n + 1);
}

/* The buffer's bytes as a text result (unless rc is an error); the buffer is freed. */
static int finish_buf(exec_ctx *cx, store_buf *b, int rc, exec_value *out)
{
	if (rc == EXEC_OK && b->len > MAX_ALLOC - VARHDRSZ)
		rc = too_long(cx);
	if (rc == EXEC_OK)
		*out = exec_text_dup(cx, EXEC_OID_TEXT, (const char *)b->data, b->len);
	store_buf_free(b);
	return rc;
}

/* The bytes of the UTF-8 character starting with c (1 for a stray byte). */
static size_t utf8_len(unsigned char c)
{
	return c < 0x80             ? 1
	       : (c & 0xe0) == 0xc0 ? 2
	       : (c & 0xf0) == 0xe0 ? 3
	       : (c & 0xf8) == 0xf0 ? 4
				    : 1;
}

/* The offset of the character after the one at i. */
static size_t utf8_next(const char *s, size_t len, size_t i)
{
	size_t n = i + utf8_len((unsigned char)s[i]);

	return n > len ? len : n;
}

static size_t utf8_count(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i = utf8_next(s, len, i))
		n++;
	return n;
}

/* The byte offset of character number n (0-based), or len when the string is shorter. */
static size_t utf8_offset(const char *s, size_t len, size_t n)
{
	size_t i = 0;

	while (n-- > 0 && i < len)
		i = utf8_next(s, len, i);
	return i;
}

/* The code point at s (len bytes available). */
static uint32_t utf8_decode(const unsigned char *s, size_t len)
{
	size_t n = utf8_len(s[0]);
	uint32_t c;

	if (n == 1 || n > len)
		return s[0];
	c = s[0] & (0xff >> (n + 1));
	for (size_t i = 1; i < n; i++)
		c = (c << 6) | (s[i] & 0x3f);
	return c;
}

static size_t utf8_encode(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

static char ascii_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - ('a' - 'A')) : c;
}

static bool ascii_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The length of a bpchar without its trailing spaces. */
static size_t bpchar_len(const exec_value *v)
{
	size_t n = v->v.s.len;

	while (n > 0 && v->v.s.p[n - 1] == ' ')
		n--;
	return n;
}

/* ---- Text, varchar, name, unknown ---- */

static int text_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	*out = exec_text_dup(cx, EXEC_OID_TEXT, text, len);
	return EXEC_OK;
}

static int unknown_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	*out = exec_text_dup(cx, EXEC_OID_UNKNOWN, text, len);
	return EXEC_OK;
}

/* The output of every string-like type: its bytes (a bpchar with its padding). */
static int text_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	store_buf_put(buf, v->v.s.p, v->v.s.len);
	return EXEC_OK;
}

/* Byte order, then length: PostgreSQL's C collation (also name's and bytea's order). */
static int bytes_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c < 0 ? -1 : 1;
	return alen < blen ? -1 : alen > blen;
}

static int text_cmp(const exec_value *a, const exec_value *b)
{
	return bytes_cmp(a->v.s.p, a->v.s.len, b->v.s.p, b->v.s.len);
}

static uint64_t text_hash(const exec_value *v)
{
	return exec_hash_bytes(v->v.s.p, v->v.s.len);
}

/* varchar(n): keep n characters; beyond them only spaces, unless the cast is explicit. */
static int varchar_coerce(
	exec_ctx *cx, const exec_value *in, int32_t typmod, bool explicit_cast, exec_value *out)
{
	int32_t maxlen = typmod - VARHDRSZ;
	size_t keep;

	*out = *in;
	if (typmod < VARHDRSZ || in->v.s.len <= (size_t)maxlen)
		return EXEC_OK;
	keep = utf8_offset(in->v.s.p, in->v.s.len, (size_t)maxlen);
	for (size_t i = keep; i < in->v.s.len && !explicit_cast; i++)
		if (in->v.s.p[i] != ' ')
			return store_err_set(cx->err, "22001",
				"value too long for type character varying(%d)", (int)maxlen);
	out->v.s.len = keep;
	return EXEC_OK;
}

static int varchar_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	exec_value v = exec_text_dup(cx, EXEC_OID_VARCHAR, text, len);

	return varchar_coerce(cx, &v, typmod, false, out);
}

/* char(n): exactly n characters, padded with spaces; longer only with spaces beyond. */
static int bpchar_coerce(
	exec_ctx *cx, const exec_value *in, int32_t typmod, bool explicit_cast, exec_value *out)
{
	int32_t maxlen = typmod - VARHDRSZ;
	size_t chars, len = in->v.s.len;
	char *p;

	*out = *in;
	if (typmod < VARHDRSZ)
		return EXEC_OK;
	chars = utf8_count(in->v.s.p, len);
	if (chars == (size_t)maxlen)
		return EXEC_OK;
	if (chars > (size_t)maxlen) {
		size_t keep = utf8_offset(in->v.s.p, len, (size_t)maxlen);

		for (size_t i = keep; i < len && !explicit_cast; i++)
			if (in->v.s.p[i] != ' ')
				return store_err_set(cx->err, "22001",
					"value too long for type character(%d)", (int)maxlen);
		out->v.s.len = keep;
		return EXEC_OK;
	}
	p = sql_arena_alloc(cx->arena, len + ((size_t)maxlen - chars) + 1);
	memcpy(p, in->v.s.p, len);
	memset(p + len, ' ', (size_t)maxlen - chars);
	*out = exec_text(EXEC_OID_BPCHAR, p, len + ((size_t)maxlen - chars));
	return EXEC_OK;
}

static int bpchar_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	exec_value v = exec_text_dup(cx, EXEC_OID_BPCHAR, text, len);

	return bpchar_coerce(cx, &v, typmod, false, out);
}

static int bpchar_cmp(const exec_value *a, const exec_value *b)
{
	return bytes_cmp(a->v.s.p, bpchar_len(a), b->v.s.p, bpchar_len(b));
}

static uint64_t bpchar_hash(const exec_value *v)
{
	return exec_hash_bytes(v->v.s.p, bpchar_len(v));
}

/* A name: at most 63 bytes, cut at a character boundary. */
static exec_value make_name(exec_ctx *cx, const char *p, size_t len)
{
	size_t keep = 0;

	while (keep < len) {
		size_t next = utf8_next(p, len, keep);

		if (next > NAMEDATALEN - 1)
			break;
		keep = next;
	}
	return exec_text_dup(cx, EXEC_OID_NAME, p, keep);
}

static int name_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	*out = make_name(cx, text, len);
	return EXEC_OK;
}

/* ---- bytea ---- */

/* hex_decode: pairs of hex digits, white space between pairs. */
static int hex_decode(exec_ctx *cx, const char *s, size_t len, exec_value *out)
{
	char *p = sql_arena_alloc(cx->arena, len / 2 + 1);
	size_t n = 0;

	for (size_t i = 0; i < len;) {
		int hi, lo;

		if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
			i++;
			continue;
		}
		if ((hi = store_hexval(s[i])) < 0)
			return store_err_set(cx->err, "22023",
				"invalid hexadecimal digit: \"%.*s\"",
				(int)(utf8_next(s, len, i) - i), s + i);
		if (++i >= len)
			return store_err_set(
				cx->err, "22023", "invalid hexadecimal data: odd number of digits");
		if ((lo = store_hexval(s[i])) < 0)
			return store_err_set(cx->err, "22023",
				"invalid hexadecimal digit: \"%.*s\"",
				(int)(utf8_next(s, len, i) - i), s + i);
		i++;
		p[n++] = (char)(hi << 4 | lo);
	}
	*out = exec_text(EXEC_OID_BYTEA, p, n);
	return EXEC_OK;
}

/* The escape format: \\ is a backslash, \ooo an octal byte (first digit 0-3). */
static int escape_decode(exec_ctx *cx, const char *s, size_t len, exec_value *out)
{
	char *p = sql_arena_alloc(cx->arena, len + 1);
	size_t n = 0;

	for (size_t i = 0; i < len;) {
		if (s[i] != '\\') {
			p[n++] = s[i++];
		} else if (i + 3 < len && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
			   s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
			p[n++] = (char)(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) |
					(s[i + 3] - '0'));
			i += 4;
		} else if (i + 1 < len && s[i + 1] == '\\') {
			p[n++] = '\\';
			i += 2;
		} else {
			return store_err_set(
				cx->err, "22P02", "invalid input syntax for type %s", "bytea");
		}
	}
	*out = exec_text(EXEC_OID_BYTEA, p, n);
	return EXEC_OK;
}

static int bytea_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	if (len >= 2 && text[0] == '\\' && text[1] == 'x')
		return hex_decode(cx, text + 2, len - 2, out);
	return escape_decode(cx, text, len, out);
}

static void hex_encode(const exec_value *v, store_buf *buf)
{
	static const char hex[] = "0123456789abcdef";

	store_buf_grow(buf, 2 * v->v.s.len + 1);
	for (size_t i = 0; i < v->v.s.len; i++) {
		unsigned char c = (unsigned char)v->v.s.p[i];

		buf->data[buf->len++] = (unsigned char)hex[c >> 4];
		buf->data[buf->len++] = (unsigned char)hex[c & 15];
	}
	buf->data[buf->len] = '\0';
}

/* bytea_output = hex. */
static int bytea_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	store_buf_puts(buf, "\\x");
	hex_encode(v, buf);
	return EXEC_OK;
}

/* ---- uuid ---- */

/* string_to_uuid: 32 hex digits, a hyphen allowed after any group of four, braces around. */
static int uuid_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	size_t i = 0;
	bool braces = len > 0 && text[0] == '{';

	out->type = EXEC_OID_UUID;
	out->isnull = false;
	i += braces;
	for (int k = 0; k < 16; k++) {
		int hi, lo;

		if (i + 1 >= len || (hi = store_hexval(text[i])) < 0 ||
			(lo = store_hexval(text[i + 1])) < 0)
			return exec_err_syntax(cx, "uuid", text, len);
		out->v.uuid[k] = (unsigned char)(hi << 4 | lo);
		i += 2;
		if (i < len && text[i] == '-' && k % 2 == 1 && k < 15)
			i++;
	}
	if (braces && (i >= len || text[i++] != '}'))
		return exec_err_syntax(cx, "uuid", text, len);
	if (i != len)
		return exec_err_syntax(cx, "uuid", text, len);
	return EXEC_OK;
}

static int uuid_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	const unsigned char *u = v->v.uuid;

	store_buf_printf(buf,
		"%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1],
		u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14],
		u[15]);
	return EXEC_OK;
}

static int uuid_cmp(const exec_value *a, const exec_value *b)
{
	int c = memcmp(a->v.uuid, b->v.uuid, 16);

	return c < 0 ? -1 : c > 0;
}

static uint64_t uuid_hash(const exec_value *v)
{
	return exec_hash_bytes(v->v.uuid, 16);
}

/* gen_random_uuid: version 4, variant 1. */
static int gen_random_uuid(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	out->type = EXEC_OID_UUID;
	out->isnull = false;
	if (getrandom(out->v.uuid, 16, 0) != 16)
		return store_err_set(cx->err, "58000", "could not generate random values");
	out->v.uuid[6] = (unsigned char)((out->v.uuid[6] & 0x0f) | 0x40);
	out->v.uuid[8] = (unsigned char)((out->v.uuid[8] & 0x3f) | 0x80);
	return EXEC_OK;
}

/* ---- Casts among the string types ---- */

/* Binary-compatible pairs: the same bytes under another type. */
static int relabel(const exec_value *in, exec_oid type, exec_value *out)
{
	*out = exec_text(type, in->v.s.p, in->v.s.len);
	return EXEC_OK;
}

/* bpchar to text and varchar: without the trailing spaces. */
static int bpchar_rtrim(const exec_value *in, exec_oid type, exec_value *out)
{
	*out = exec_text(type, in->v.s.p, bpchar_len(in));
	return EXEC_OK;
}

static int cast_to_text(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return relabel(&args[0], EXEC_OID_TEXT, out);
}

static int cast_to_varchar(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return relabel(&args[0], EXEC_OID_VARCHAR, out);
}

static int cast_to_bpchar(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return relabel(&args[0], EXEC_OID_BPCHAR, out);
}

static int cast_bpchar_to_text(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return bpchar_rtrim(&args[0], EXEC_OID_TEXT, out);
}

static int cast_bpchar_to_varchar(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return bpchar_rtrim(&args[0], EXEC_OID_VARCHAR, out);
}

static int cast_to_name(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = make_name(cx, args[0].v.s.p, args[0].v.s.len);
	return EXEC_OK;
}

static int cast_bpchar_to_name(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = make_name(cx, args[0].v.s.p, bpchar_len(&args[0]));
	return EXEC_OK;
}

/* ---- Comparison operators ---- */

EXEC_CMP_OPERATORS(text, text_cmp)
EXEC_CMP_OPERATORS(bpchar, bpchar_cmp)
EXEC_CMP_OPERATORS(uuid, uuid_cmp)

/* ---- Concatenation ---- */

static int concat_two(
	exec_ctx *cx, exec_oid type, const exec_value *a, const exec_value *b, exec_value *out)
{
	size_t n = a->v.s.len + b->v.s.len;
	char *p = result_buffer(cx, n);

	if (p == NULL)
		return EXEC_ERROR;
	if (a->v.s.len > 0)
		memcpy(p, a->v.s.p, a->v.s.len);
	if (b->v.s.len > 0)
		memcpy(p + a->v.s.len, b->v.s.p, b->v.s.len);
	p[n] = '\0';
	*out = exec_text(type, p, n);
	return EXEC_OK;
}

static int text_cat(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return concat_two(cx, EXEC_OID_TEXT, &args[0], &args[1], out);
}

static int bytea_cat(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return concat_two(cx, EXEC_OID_BYTEA, &args[0], &args[1], out);
}

/* text || anynonarray and back: the other side cast to text as $2::text would be. */
static int text_any_cat(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_value v[2];

	for (int i = 0; i < 2; i++)
		if (exec_cast_value(cx, &args[i], EXEC_OID_TEXT, EXEC_TYPMOD_NONE,
			    EXEC_CAST_EXPLICIT, &v[i]) != EXEC_OK)
			return EXEC_ERROR;
	return concat_two(cx, EXEC_OID_TEXT, &v[0], &v[1], out);
}

/* ---- LIKE ---- */

typedef enum like_result { LIKE_FALSE, LIKE_TRUE, LIKE_ABORT, LIKE_ERROR } like_result;

static like_result like_escape_at_end(exec_ctx *cx)
{
	store_err_set(cx->err, "22025", "LIKE pattern must not end with escape character");
	return LIKE_ERROR;
}

/*
 * PostgreSQL's MatchText: % any run, _ one character (one byte when
 * bytes), \ quotes the next.  LIKE_ABORT means no later position of an
 * enclosing % can match either.  A pattern is only checked as far as
 * matching reads it, as in PostgreSQL: 'ab' LIKE 'ab\' is false.
 */
static like_result like_match(
	exec_ctx *cx, const char *t, size_t tlen, const char *p, size_t plen, bool bytes)
{
	if (plen == 1 && *p == '%')
		return LIKE_TRUE;
	while (tlen > 0 && plen > 0) {
		if (*p == '\\') {
			p++;
			plen--;
			if (plen == 0)
				return like_escape_at_end(cx);
			if (*p != *t)
				return LIKE_FALSE;
		} else if (*p == '%') {
			char first;

			/* A run of % and _: the _ each consume a character. */
			while (plen > 0 && (*p == '%' || *p == '_')) {
				if (*p == '_') {
					size_t n = bytes ? 1 : utf8_next(t, tlen, 0);

					if (tlen == 0)
						return LIKE_ABORT;
					t += n;
					tlen -= n;
				}
				p++;
				plen--;
			}
			if (plen == 0)
				return LIKE_TRUE;
			if (*p == '\\' && plen < 2)
				return like_escape_at_end(cx);
			first = *p == '\\' ? p[1] : *p;

			/* Try the rest of the pattern at each place the next literal occurs. */
			while (tlen > 0) {
				if (*t == first) {
					like_result r = like_match(cx, t, tlen, p, plen, bytes);

					if (r != LIKE_FALSE)
						return r;
				}
				{
					size_t n = bytes ? 1 : utf8_next(t, tlen, 0);

					t += n;
					tlen -= n;
				}
			}
			return LIKE_ABORT;
		} else if (*p == '_') {
			size_t n = bytes ? 1 : utf8_next(t, tlen, 0);

			t += n;
			tlen -= n;
			p++;
			plen--;
			continue;
		} else if (*p != *t) {
			return LIKE_FALSE;
		}
		t++;
		tlen--;
		p++;
		plen--;
	}
	if (tlen > 0)
		return LIKE_FALSE;
	while (plen > 0 && *p == '%') {
		p++;
		plen--;
	}
	return plen == 0 ? LIKE_TRUE : LIKE_ABORT;
}

/* ASCII-lower-cased copy, for ILIKE under the C collation. */
static exec_value lower_copy(exec_ctx *cx, const exec_value *v)
{
	char *p = sql_arena_alloc(cx->arena, v->v.s.len + 1);

	for (size_t i = 0; i < v->v.s.len; i++)
		p[i] = ascii_lower(v->v.s.p[i]);
	return exec_text(v->type, p, v->v.s.len);
}

static int like_op(
	exec_ctx *cx, const exec_value *args, bool icase, bool negate, bool bytes, exec_value *out)
{
	exec_value t = args[0], p = args[1];
	like_result r;

	if (icase) {
		t = lower_copy(cx, &t);
		p = lower_copy(cx, &p);
	}
	r = like_match(cx, t.v.s.p, t.v.s.len, p.v.s.p, p.v.s.len, bytes);
	if (r == LIKE_ERROR)
		return EXEC_ERROR;
	*out = exec_bool((r == LIKE_TRUE) != negate);
	return EXEC_OK;
}

static int text_like(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return like_op(cx, args, false, false, false, out);
}

static int text_nlike(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return like_op(cx, args, false, true, false, out);
}

static int text_iclike(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return like_op(cx, args, true, false, false, out);
}

static int text_icnlike(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return like_op(cx, args, true, true, false, out);
}

static int bytea_like(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return like_op(cx, args, false, false, true, out);
}

static int bytea_nlike(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return like_op(cx, args, false, true, true, out);
}

/*
 * like_escape(pattern, escape): ESCAPE's pattern in the default
 * escape's terms.  No escape doubles every backslash; another escape
 * character becomes a backslash and a backslash not after it doubles.
 */
static int like_escape(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const char *p = args[0].v.s.p, *e = args[1].v.s.p;
	size_t plen = args[0].v.s.len, elen = args[1].v.s.len, n = 0;
	bool bytes = args[0].type == EXEC_OID_BYTEA, after = false;
	char *r;

	if (elen > 0 && (bytes ? 1 : utf8_next(e, elen, 0)) != elen) {
		store_err_set(cx->err, "22025", "invalid escape string");
		store_err_hint(cx->err, "Escape string must be empty or one character.");
		return EXEC_ERROR;
	}
	if (elen == 1 && e[0] == '\\') {
		*out = exec_text_dup(cx, args[0].type, p, plen);
		return EXEC_OK;
	}
	if ((r = result_buffer(cx, 2 * plen)) == NULL)
		return EXEC_ERROR;
	for (size_t i = 0; i < plen;) {
		size_t next = bytes ? i + 1 : utf8_next(p, plen, i);

		if (elen > 0 && next - i == elen && memcmp(p + i, e, elen) == 0 && !after) {
			r[n++] = '\\';
			after = true;
		} else if (p[i] == '\\') {
			r[n++] = '\\';
			if (elen == 0 || !after)
				r[n++] = '\\';
			after = false;
		} else {
			memcpy(r + n, p + i, next - i);
			n += next - i;
			after = false;
		}
		i = next;
	}
	*out = exec_text(args[0].type, r, n);
	return EXEC_OK;
}

/* ---- Regular expressions ---- */

/*
 * The C library matches bytes in the C locale; under C.UTF-8 a . is a
 * character, as in PostgreSQL.  The locale is made once and only read
 * afterwards; each call switches its own thread to it (uselocale) and
 * back.  XXX: C.UTF-8 also folds and classifies non-ASCII letters
 * (é ~* 'É', é ~ '[[:alpha:]]'), which PostgreSQL's C collation does not.
 */
static pthread_once_t regex_locale_once = PTHREAD_ONCE_INIT;
static locale_t regex_locale;

static void regex_locale_init(void)
{
	regex_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

/* Enter the regex locale; the previous one to restore with regex_leave. */
static locale_t regex_enter(void)
{
	pthread_once(&regex_locale_once, regex_locale_init);
	return regex_locale != (locale_t)0 ? uselocale(regex_locale) : (locale_t)0;
}

static void regex_leave(locale_t old)
{
	if (old != (locale_t)0)
		uselocale(old);
}

/* regcomp on a pattern value; 2201B with the C library's reason when it is invalid. */
static int regex_compile(exec_ctx *cx, const exec_value *pattern, int cflags, regex_t *re)
{
	int rc = regcomp(re, cstring(cx, pattern), cflags | REG_EXTENDED);

	if (rc != 0) {
		char msg[200];

		regerror(rc, re, msg, sizeof(msg));
		regfree(re);
		return store_err_set(cx->err, "2201B", "invalid regular expression: %s", msg);
	}
	return EXEC_OK;
}

static int regex_op(exec_ctx *cx, const exec_value *args, int cflags, bool negate, exec_value *out)
{
	locale_t old = regex_enter();
	regex_t re;
	int rc = regex_compile(cx, &args[1], cflags | REG_NOSUB, &re);

	if (rc == EXEC_OK) {
		*out = exec_bool((regexec(&re, cstring(cx, &args[0]), 0, NULL, 0) == 0) != negate);
		regfree(&re);
	}
	regex_leave(old);
	return rc;
}

static int text_regex(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return regex_op(cx, args, 0, false, out);
}

static int text_nregex(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return regex_op(cx, args, 0, true, out);
}

static int text_icregex(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return regex_op(cx, args, REG_ICASE, false, out);
}

static int text_icnregex(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return regex_op(cx, args, REG_ICASE, true, out);
}

/*
 * regexp_replace's flags: g (every match), i and c (case), n and m
 * (newline-sensitive), s (the default).  Anything else is 22023.
 */
static int regex_flags(exec_ctx *cx, const exec_value *flags, int *cflags, bool *global)
{
	*cflags = 0;
	*global = false;
	for (size_t i = 0; flags != NULL && i < flags->v.s.len; i++) {
		switch (flags->v.s.p[i]) {
		case 'g':
			*global = true;
			break;
		case 'i':
			*cflags |= REG_ICASE;
			break;
		case 'c':
			*cflags &= ~REG_ICASE;
			break;
		case 'n':
		case 'm':
			*cflags |= REG_NEWLINE;
			break;
		case 's':
			*cflags &= ~REG_NEWLINE;
			break;
		default:
			return store_err_set(cx->err, "22023",
				"invalid regular expression option: \"%.*s\"",
				(int)(utf8_next(flags->v.s.p, flags->v.s.len, i) - i),
				flags->v.s.p + i);
		}
	}
	return EXEC_OK;
}

/* The replacement with \1..\9 (a group), \& (the match) and \\ (a backslash) filled in. */
static void regex_substitute(
	store_buf *b, const exec_value *rep, const char *subject, const regmatch_t *m, size_t nsub)
{
	const char *r = rep->v.s.p;
	size_t n = rep->v.s.len;

	for (size_t i = 0; i < n; i++) {
		int g = -1;

		if (r[i] != '\\' || i + 1 == n) {
			store_buf_putc(b, r[i]);
			continue;
		}
		if (r[i + 1] >= '1' && r[i + 1] <= '9')
			g = r[i + 1] - '0';
		else if (r[i + 1] == '&')
			g = 0;
		else if (r[i + 1] == '\\') {
			store_buf_putc(b, '\\');
			i++;
			continue;
		} else {
			store_buf_putc(b, '\\');
			continue;
		}
		i++;
		if ((size_t)g <= nsub && m[g].rm_so >= 0)
			store_buf_put(b, subject + m[g].rm_so, (size_t)(m[g].rm_eo - m[g].rm_so));
	}
}

/* Every match (or the first) of re in s replaced; an empty match steps one character. */
static void regex_replace_all(
	regex_t *re, const char *s, size_t len, const exec_value *rep, bool global, store_buf *b)
{
	regmatch_t m[10];
	size_t at = 0;
	int eflags = 0;

	while (at <= len && regexec(re, s + at, 10, m, eflags) == 0) {
		size_t so = at + (size_t)m[0].rm_so, eo = at + (size_t)m[0].rm_eo;

		for (int g = 0; g < 10; g++) {
			if (m[g].rm_so >= 0) {
				m[g].rm_so += (regoff_t)at;
				m[g].rm_eo += (regoff_t)at;
			}
		}
		store_buf_put(b, s + at, so - at);
		regex_substitute(b, rep, s, m, re->re_nsub < 9 ? re->re_nsub : 9);
		at = eo;
		if (so == eo) {
			size_t next;

			if (at >= len)
				break;
			next = utf8_next(s, len, at);
			store_buf_put(b, s + at, next - at);
			at = next;
		}
		eflags = REG_NOTBOL;
		if (!global)
			break;
	}
	if (at < len)
		store_buf_put(b, s + at, len - at);
}

/* regexp_replace(source, pattern, replacement [, flags]) */
static int regexp_replace(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	store_buf b = STORE_BUF_INIT;
	locale_t old;
	regex_t re;
	int cflags, rc;
	bool global;

	if (regex_flags(cx, nargs > 3 ? &args[3] : NULL, &cflags, &global) != EXEC_OK)
		return EXEC_ERROR;
	old = regex_enter();
	rc = regex_compile(cx, &args[1], cflags, &re);
	if (rc == EXEC_OK) {
		regex_replace_all(
			&re, cstring(cx, &args[0]), args[0].v.s.len, &args[2], global, &b);
		regfree(&re);
	}
	regex_leave(old);
	return finish_buf(cx, &b, rc, out);
}

/* substring(text FROM pattern): the first group's match, or the whole match; NULL if none. */
static int regexp_substr(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	locale_t old = regex_enter();
	const char *s = cstring(cx, &args[0]);
	regmatch_t m[2];
	regex_t re;
	int rc = regex_compile(cx, &args[1], 0, &re);

	if (rc == EXEC_OK) {
		int g = re.re_nsub > 0;

		if (regexec(&re, s, 2, m, 0) != 0 || m[g].rm_so < 0)
			*out = exec_null(EXEC_OID_TEXT);
		else
			*out = exec_text_dup(cx, EXEC_OID_TEXT, s + m[g].rm_so,
				(size_t)(m[g].rm_eo - m[g].rm_so));
		regfree(&re);
	}
	regex_leave(old);
	return rc;
}

/*
 * The matches of re in s[0..len) one after another, as PostgreSQL's
 * setup_regexp_matches finds them: each search goes on from the end of
 * the last match, one character further after an empty one, and stops
 * after the first match unless global.  With ignore_degenerate (the
 * split functions) an empty match at the end of s, or one ending where
 * the last match ended, is passed over.  fn gets each match's m[0..nsub]
 * (m[0] the whole match), offsets from s; a non-zero return stops.
 */
typedef int (*regex_match_fn)(void *arg, const char *s, const regmatch_t *m, size_t nsub);

static int regex_each(exec_ctx *cx, regex_t *re, const char *s, size_t len, bool global,
	bool ignore_degenerate, regex_match_fn fn, void *arg)
{
	size_t nsub = re->re_nsub, at = 0, prev_end = 0;
	regmatch_t *m = sql_arena_alloc(cx->arena, (nsub + 1) * sizeof(*m));

	while (at <= len && regexec(re, s + at, nsub + 1, m, at > 0 ? REG_NOTBOL : 0) == 0) {
		size_t so, eo;

		for (size_t g = 0; g <= nsub; g++)
			if (m[g].rm_so >= 0) {
				m[g].rm_so += (regoff_t)at;
				m[g].rm_eo += (regoff_t)at;
			}
		so = (size_t)m[0].rm_so;
		eo = (size_t)m[0].rm_eo;
		if ((!ignore_degenerate || (so < len && eo > prev_end)) && fn(arg, s, m, nsub) != 0)
			return EXEC_ERROR;
		prev_end = eo;
		if (!global)
			break;
		at = eo;
		if (so == eo) {
			if (at >= len)
				break;
			at = utf8_next(s, len, at);
		}
	}
	return EXEC_OK;
}

/* A match's groups as text[]: the whole match when there are none, NULL for one unused. */
static exec_value match_groups(exec_ctx *cx, const char *s, const regmatch_t *m, size_t nsub)
{
	size_t n = nsub > 0 ? nsub : 1, first = nsub > 0;
	exec_value *groups = sql_arena_alloc(cx->arena, n * sizeof(*groups));

	for (size_t g = 0; g < n; g++) {
		const regmatch_t *r = &m[first + g];

		groups[g] = r->rm_so < 0 ? exec_null(EXEC_OID_TEXT)
					 : exec_text_dup(cx, EXEC_OID_TEXT, s + r->rm_so,
						   (size_t)(r->rm_eo - r->rm_so));
	}
	return exec_array_value(
		EXEC_OID_TEXT_ARRAY, exec_array_new(cx->arena, EXEC_OID_TEXT, groups, (uint32_t)n));
}

/* What the regular expression functions pass through regex_each. */
typedef struct regex_walk {
	exec_ctx *cx;
	exec_srf_emit emit; /* regexp_matches, regexp_split_to_table: a row each */
	void *arg;
	size_t start;      /* the splits: where the next piece begins */
	exec_value *parts; /* regexp_split_to_array: the pieces so far */
	uint32_t nparts, capparts;
	exec_value *first; /* regexp_match: the first match's groups */
} regex_walk;

/*
 * Compile args[1] with the flags in args[2], walk the matches in args[0]
 * with fn (every one when the flags say g, or when all) and clean up.
 * fname names a function that refuses the g flag (22023; NULL: none).
 */
static int regex_run(exec_ctx *cx, const exec_value *args, int nargs, const char *fname,
	bool all, bool ignore_degenerate, regex_match_fn fn, regex_walk *w)
{
	locale_t old;
	regex_t re;
	bool global;
	int cflags, rc;

	if (regex_flags(cx, nargs > 2 ? &args[2] : NULL, &cflags, &global) != EXEC_OK)
		return EXEC_ERROR;
	if (global && fname != NULL) {
		store_err_set(
			cx->err, "22023", "%s() does not support the \"global\" option", fname);
		if (strcmp(fname, "regexp_match") == 0)
			store_err_hint(cx->err, "Use the regexp_matches function instead.");
		return EXEC_ERROR;
	}
	old = regex_enter();
	rc = regex_compile(cx, &args[1], cflags, &re);
	if (rc == EXEC_OK) {
		rc = regex_each(cx, &re, cstring(cx, &args[0]), args[0].v.s.len, global || all,
			ignore_degenerate, fn, w);
		regfree(&re);
	}
	regex_leave(old);
	return rc;
}

static int first_match(void *arg, const char *s, const regmatch_t *m, size_t nsub)
{
	regex_walk *w = arg;

	*w->first = match_groups(w->cx, s, m, nsub);
	return 0;
}

/*
 * regexp_match(string, pattern [, flags]): the first match's groups as
 * text[] (the whole match when there are none, NULL for a group that
 * took no part), NULL when nothing matches.
 */
static int regexp_match(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	regex_walk w = {cx, NULL, NULL, 0, NULL, 0, 0, out};

	*out = exec_null(EXEC_OID_TEXT_ARRAY);
	return regex_run(cx, args, nargs, "regexp_match", false, false, first_match, &w);
}

static int emit_match(void *arg, const char *s, const regmatch_t *m, size_t nsub)
{
	regex_walk *w = arg;
	exec_value v = match_groups(w->cx, s, m, nsub);

	return w->emit(w->arg, &v, 1) != EXEC_OK;
}

/* regexp_matches(string, pattern [, flags]): a row of groups per match ('g': every one). */
static int regexp_matches_srf(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	regex_walk w = {cx, emit, arg, 0, NULL, 0, 0, NULL};

	return regex_run(cx, args, nargs, NULL, false, false, emit_match, &w);
}

/* One piece of a split, s[start..end): a row, or an element. */
static int split_piece(regex_walk *w, const char *s, size_t start, size_t end)
{
	exec_value v = exec_text_dup(w->cx, EXEC_OID_TEXT, s + start, end - start);

	if (w->emit != NULL)
		return w->emit(w->arg, &v, 1) != EXEC_OK;
	if (w->nparts == w->capparts) {
		exec_value *grown;

		w->capparts = w->capparts ? 2 * w->capparts : 16;
		grown = sql_arena_alloc(w->cx->arena, w->capparts * sizeof(*grown));
		if (w->nparts > 0)
			memcpy(grown, w->parts, w->nparts * sizeof(*grown));
		w->parts = grown;
	}
	w->parts[w->nparts++] = v;
	return 0;
}

static int split_at(void *arg, const char *s, const regmatch_t *m, size_t nsub)
{
	regex_walk *w = arg;
	int r = split_piece(w, s, w->start, (size_t)m[0].rm_so);

	(void)nsub;
	w->start = (size_t)m[0].rm_eo;
	return r;
}

/* The pieces of a string between the matches of a pattern, to w's row or array. */
static int regex_split(
	exec_ctx *cx, const exec_value *args, int nargs, const char *fname, regex_walk *w)
{
	if (regex_run(cx, args, nargs, fname, true, true, split_at, w) != EXEC_OK ||
		split_piece(w, args[0].v.s.p, w->start, args[0].v.s.len) != 0)
		return EXEC_ERROR;
	return EXEC_OK;
}

static int regexp_split_to_table_srf(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	regex_walk w = {cx, emit, arg, 0, NULL, 0, 0, NULL};

	return regex_split(cx, args, nargs, "regexp_split_to_table", &w);
}

static int regexp_split_to_array(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	regex_walk w = {cx, NULL, NULL, 0, NULL, 0, 0, NULL};

	if (regex_split(cx, args, nargs, "regexp_split_to_array", &w) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_array_value(EXEC_OID_TEXT_ARRAY,
		exec_array_new(cx->arena, EXEC_OID_TEXT, w.parts, w.nparts));
	return EXEC_OK;
}

const exec_srf exec_string_srfs[] = {
	{"regexp_matches", 2, {EXEC_OID_TEXT, EXEC_OID_TEXT}, 1, {NULL}, {EXEC_OID_TEXT_ARRAY},
		true, regexp_matches_srf, 2763},
	{"regexp_matches", 3, {EXEC_OID_TEXT, EXEC_OID_TEXT, EXEC_OID_TEXT}, 1, {NULL},
		{EXEC_OID_TEXT_ARRAY}, true, regexp_matches_srf, 2764},
	{"regexp_split_to_table", 2, {EXEC_OID_TEXT, EXEC_OID_TEXT}, 1, {NULL}, {EXEC_OID_TEXT},
		true, regexp_split_to_table_srf, 2765},
	{"regexp_split_to_table", 3, {EXEC_OID_TEXT, EXEC_OID_TEXT, EXEC_OID_TEXT}, 1, {NULL},
		{EXEC_OID_TEXT}, true, regexp_split_to_table_srf, 2766},
};
const size_t exec_string_nsrfs = EXEC_NELEM(exec_string_srfs);

/* ---- Lengths and case ---- */

static int text_length(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_int(EXEC_OID_INT4, (int64_t)utf8_count(args[0].v.s.p, args[0].v.s.len));
	return EXEC_OK;
}

static int bpchar_length(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_int(EXEC_OID_INT4, (int64_t)utf8_count(args[0].v.s.p, bpchar_len(&args[0])));
	return EXEC_OK;
}

static int octet_length(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_int(EXEC_OID_INT4, (int64_t)args[0].v.s.len);
	return EXEC_OK;
}

static int bit_length(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_int(EXEC_OID_INT4, (int64_t)args[0].v.s.len * 8);
	return EXEC_OK;
}

/* lower, upper and initcap of the C collation: ASCII letters only. */
static int map_case(exec_ctx *cx, const exec_value *in, int mode, exec_value *out)
{
	char *p = sql_arena_alloc(cx->arena, in->v.s.len + 1);
	bool after_alnum = false;

	for (size_t i = 0; i < in->v.s.len; i++) {
		char c = in->v.s.p[i];

		if (mode == 0)
			p[i] = ascii_lower(c);
		else if (mode == 1)
			p[i] = ascii_upper(c);
		else
			p[i] = after_alnum ? ascii_lower(c) : ascii_upper(c);
		after_alnum = ascii_alnum(c);
	}
	p[in->v.s.len] = '\0';
	*out = exec_text(EXEC_OID_TEXT, p, in->v.s.len);
	return EXEC_OK;
}

static int text_lower(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return map_case(cx, &args[0], 0, out);
}

static int text_upper(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return map_case(cx, &args[0], 1, out);
}

static int text_initcap(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return map_case(cx, &args[0], 2, out);
}

/* ---- Substrings ---- */

/*
 * text_substring: characters start .. start + count - 1 (1-based) that
 * exist; a start before 1 still counts toward the end.  count < 0 (when
 * given) is 22011.  bytes: count bytes instead of characters (bytea).
 */
static int substring_of(exec_ctx *cx, const exec_value *in, int64_t start, int64_t count,
	bool to_end, bool bytes, exec_value *out)
{
	const char *s = in->v.s.p;
	size_t len = in->v.s.len, from, to;
	int64_t end = start + count; /* exclusive; int4 arguments cannot overflow 64 bits */

	if (!to_end && count < 0)
		return store_err_set(cx->err, "22011", "negative substring length not allowed");
	if (!to_end && end <= 1) {
		*out = exec_text(in->type, "", 0);
		return EXEC_OK;
	}
	if (start < 1)
		start = 1;
	if (bytes) {
		from = (size_t)start - 1 < len ? (size_t)start - 1 : len;
		to = to_end || (size_t)end - 1 > len ? len : (size_t)end - 1;
	} else {
		from = utf8_offset(s, len, (size_t)start - 1);
		to = to_end ? len : from + utf8_offset(s + from, len - from, (size_t)(end - start));
	}
	*out = exec_text_dup(cx, in->type, s + from, to - from);
	return EXEC_OK;
}

static int substr(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return substring_of(cx, &args[0], args[1].v.i, nargs > 2 ? args[2].v.i : 0, nargs < 3,
		args[0].type == EXEC_OID_BYTEA, out);
}

/* overlay(s PLACING r FROM start [FOR count]): count defaults to r's length. */
static int overlay(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	bool bytes = args[0].type == EXEC_OID_BYTEA;
	int64_t start = args[2].v.i;
	int64_t count = nargs > 3 ? args[3].v.i
			: bytes   ? (int64_t)args[1].v.s.len
				  : (int64_t)utf8_count(args[1].v.s.p, args[1].v.s.len);
	exec_value head, tail, mid;

	if (start + count > INT32_MAX || start + count < INT32_MIN)
		return store_err_set(cx->err, "22003", "integer out of range");
	if (substring_of(cx, &args[0], 1, start - 1, false, bytes, &head) != EXEC_OK ||
		substring_of(cx, &args[0], start + count, 0, true, bytes, &tail) != EXEC_OK ||
		concat_two(cx, args[0].type, &head, &args[1], &mid) != EXEC_OK)
		return EXEC_ERROR;
	return concat_two(cx, args[0].type, &mid, &tail, out);
}

/* The byte offset of needle in hay from `from`, or -1. */
static ptrdiff_t find_bytes(const exec_value *hay, size_t from, const exec_value *needle)
{
	const char *h = hay->v.s.p;
	size_t hl = hay->v.s.len, nl = needle->v.s.len;

	if (nl == 0)
		return (ptrdiff_t)from;
	for (size_t i = from; i + nl <= hl; i++)
		if (h[i] == needle->v.s.p[0] && memcmp(h + i, needle->v.s.p, nl) == 0)
			return (ptrdiff_t)i;
	return -1;
}

/* position(substring IN string) and strpos(string, substring): 1-based, 0 if absent. */
static int text_position(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	ptrdiff_t at = find_bytes(&args[0], 0, &args[1]);
	int64_t pos = 0;

	if (at >= 0)
		pos = args[0].type == EXEC_OID_BYTEA
			      ? (int64_t)at + 1
			      : (int64_t)utf8_count(args[0].v.s.p, (size_t)at) + 1;
	*out = exec_int(EXEC_OID_INT4, pos);
	return EXEC_OK;
}

static int text_replace(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	store_buf b = STORE_BUF_INIT;
	size_t at = 0;
	ptrdiff_t hit;

	if (args[1].v.s.len == 0 || args[0].v.s.len == 0) {
		*out = exec_text_dup(cx, EXEC_OID_TEXT, args[0].v.s.p, args[0].v.s.len);
		return EXEC_OK;
	}
	while ((hit = find_bytes(&args[0], at, &args[1])) >= 0) {
		store_buf_put(&b, args[0].v.s.p + at, (size_t)hit - at);
		store_buf_put(&b, args[2].v.s.p, args[2].v.s.len);
		at = (size_t)hit + args[1].v.s.len;
		if (b.len > MAX_ALLOC - VARHDRSZ) {
			store_buf_free(&b);
			return too_long(cx);
		}
	}
	store_buf_put(&b, args[0].v.s.p + at, args[0].v.s.len - at);
	*out = exec_text_dup(cx, EXEC_OID_TEXT, (const char *)b.data, b.len);
	store_buf_free(&b);
	return EXEC_OK;
}

/* translate: each character of `from` becomes the one at its place in `to`, or goes. */
static int text_translate(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const char *s = args[0].v.s.p, *f = args[1].v.s.p, *t = args[2].v.s.p;
	size_t sl = args[0].v.s.len, fl = args[1].v.s.len, tl = args[2].v.s.len, n = 0;
	char *r = result_buffer(cx, sl * UTF8_MAX_LEN);

	if (r == NULL)
		return EXEC_ERROR;
	for (size_t i = 0; i < sl;) {
		size_t next = utf8_next(s, sl, i), k = 0, j = 0;
		bool found = false;

		/* The character's place in from (the first occurrence wins). */
		for (; j < fl; j = utf8_next(f, fl, j), k++) {
			size_t jn = utf8_next(f, fl, j);

			if (jn - j == next - i && memcmp(f + j, s + i, next - i) == 0) {
				found = true;
				break;
			}
		}
		if (!found) {
			memcpy(r + n, s + i, next - i);
			n += next - i;
		} else {
			size_t at = utf8_offset(t, tl, k);

			if (at < tl) {
				size_t an = utf8_next(t, tl, at) - at;

				memcpy(r + n, t + at, an);
				n += an;
			}
		}
		i = next;
	}
	*out = exec_text(EXEC_OID_TEXT, r, n);
	return EXEC_OK;
}

/* Is the character s[0..n) one of set's? */
static bool in_set(const char *s, size_t n, const exec_value *set, bool bytes)
{
	const char *p = set->v.s.p;
	size_t len = set->v.s.len;

	for (size_t i = 0; i < len;) {
		size_t next = bytes ? i + 1 : utf8_next(p, len, i);

		if (next - i == n && memcmp(p + i, s, n) == 0)
			return true;
		i = next;
	}
	return false;
}

/* btrim, ltrim, rtrim: characters of set (default a space) off either end. */
static int trim(
	exec_ctx *cx, const exec_value *args, int nargs, bool left, bool right, exec_value *out)
{
	static const exec_value space = {EXEC_OID_TEXT, false, {.s = {" ", 1}}};
	const exec_value *set = nargs > 1 ? &args[1] : &space;
	bool bytes = args[0].type == EXEC_OID_BYTEA;
	const char *s = args[0].v.s.p;
	size_t from = 0, to = args[0].v.s.len;

	while (left && from < to) {
		size_t next = bytes ? from + 1 : utf8_next(s, to, from);

		if (!in_set(s + from, next - from, set, bytes))
			break;
		from = next;
	}
	while (right && from < to) {
		size_t last = to - 1;

		/* Back to the lead byte of the last character. */
		while (!bytes && last > from && ((unsigned char)s[last] & 0xc0) == 0x80)
			last--;
		if (!in_set(s + last, to - last, set, bytes))
			break;
		to = last;
	}
	*out = exec_text_dup(cx, args[0].type, s + from, to - from);
	return EXEC_OK;
}

static int btrim(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return trim(cx, args, nargs, true, true, out);
}

static int ltrim(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return trim(cx, args, nargs, true, false, out);
}

static int rtrim(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return trim(cx, args, nargs, false, true, out);
}

/* lpad and rpad: the string cut or filled (fill repeated, default a space) to len characters. */
static int pad(exec_ctx *cx, const exec_value *args, int nargs, bool left, exec_value *out)
{
	static const exec_value space = {EXEC_OID_TEXT, false, {.s = {" ", 1}}};
	const exec_value *fill = nargs > 2 ? &args[2] : &space;
	const char *s = args[0].v.s.p;
	int64_t len = args[1].v.i < 0 ? 0 : args[1].v.i;
	size_t keep, chars, n = 0, f = 0;
	char *r;

	if ((uint64_t)len * UTF8_MAX_LEN > MAX_ALLOC - VARHDRSZ)
		return too_long(cx);
	keep = utf8_offset(s, args[0].v.s.len, (size_t)len);
	chars = utf8_count(s, keep);
	if (fill->v.s.len == 0)
		len = (int64_t)chars;
	r = sql_arena_alloc(cx->arena, keep + ((size_t)len - chars) * UTF8_MAX_LEN + 1);
	if (!left) {
		memcpy(r, s, keep);
		n = keep;
	}
	for (size_t i = chars; i < (size_t)len; i++) {
		size_t next = utf8_next(fill->v.s.p, fill->v.s.len, f);

		memcpy(r + n, fill->v.s.p + f, next - f);
		n += next - f;
		f = next < fill->v.s.len ? next : 0;
	}
	if (left) {
		memcpy(r + n, s, keep);
		n += keep;
	}
	*out = exec_text(EXEC_OID_TEXT, r, n);
	return EXEC_OK;
}

static int lpad(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return pad(cx, args, nargs, true, out);
}

static int rpad(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return pad(cx, args, nargs, false, out);
}

/* left(s, n) and right(s, n): n characters, or all but -n of them. */
static int text_left(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const char *s = args[0].v.s.p;
	size_t len = args[0].v.s.len, chars = utf8_count(s, len);
	int64_t n = args[1].v.i;
	size_t keep = n >= 0 ? (size_t)n : (size_t)-n >= chars ? 0 : chars - (size_t)-n;

	*out = exec_text_dup(cx, EXEC_OID_TEXT, s, utf8_offset(s, len, keep));
	return EXEC_OK;
}

static int text_right(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const char *s = args[0].v.s.p;
	size_t len = args[0].v.s.len, chars = utf8_count(s, len);
	int64_t n = args[1].v.i;
	size_t skip = n >= 0 ? ((size_t)n >= chars ? 0 : chars - (size_t)n)
			     : ((size_t)-n >= chars ? chars : (size_t)-n);
	size_t from = utf8_offset(s, len, skip);

	*out = exec_text_dup(cx, EXEC_OID_TEXT, s + from, len - from);
	return EXEC_OK;
}

static int text_repeat(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t count = args[1].v.i < 0 ? 0 : args[1].v.i;
	size_t len = args[0].v.s.len;
	char *r;

	if (len == 0)
		count = 0;
	if (len > 0 && (uint64_t)count > (MAX_ALLOC - VARHDRSZ) / len)
		return too_long(cx);
	r = sql_arena_alloc(cx->arena, len * (size_t)count + 1);
	for (int64_t i = 0; i < count; i++)
		memcpy(r + (size_t)i * len, args[0].v.s.p, len);
	r[len * (size_t)count] = '\0';
	*out = exec_text(EXEC_OID_TEXT, r, len * (size_t)count);
	return EXEC_OK;
}

static int text_reverse(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const char *s = args[0].v.s.p;
	size_t len = args[0].v.s.len;
	char *r = sql_arena_alloc(cx->arena, len + 1);

	for (size_t i = 0; i < len;) {
		size_t next = utf8_next(s, len, i);

		memcpy(r + len - next, s + i, next - i);
		i = next;
	}
	r[len] = '\0';
	*out = exec_text(EXEC_OID_TEXT, r, len);
	return EXEC_OK;
}

/*
 * split_part(s, delim, n): field n, counting from the end when n < 0;
 * an empty delimiter makes the whole string field 1 (and -1).
 */
static int split_part(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_value *s = &args[0], *d = &args[1];
	int64_t n = args[2].v.i, nfields = 1;
	size_t at = 0, from = 0, to;
	ptrdiff_t hit;

	if (n == 0)
		return store_err_set(cx->err, "22023", "field position must not be zero");
	if (s->v.s.len == 0) {
		*out = exec_text(EXEC_OID_TEXT, "", 0);
		return EXEC_OK;
	}

	/* Count the fields when counting from the end. */
	if (n < 0 && d->v.s.len > 0) {
		for (at = 0; (hit = find_bytes(s, at, d)) >= 0; at = (size_t)hit + d->v.s.len)
			nfields++;
		n = nfields + n + 1;
		if (n <= 0) {
			*out = exec_text(EXEC_OID_TEXT, "", 0);
			return EXEC_OK;
		}
	}
	if (d->v.s.len == 0) {
		bool whole = n == 1 || n == -1;

		*out = whole ? exec_text_dup(cx, EXEC_OID_TEXT, s->v.s.p, s->v.s.len)
			     : exec_text(EXEC_OID_TEXT, "", 0);
		return EXEC_OK;
	}

	/* Field n lies between the (n-1)th and nth delimiters. */
	for (int64_t i = 1; i < n; i++) {
		if ((hit = find_bytes(s, from, d)) < 0) {
			*out = exec_text(EXEC_OID_TEXT, "", 0);
			return EXEC_OK;
		}
		from = (size_t)hit + d->v.s.len;
	}
	hit = find_bytes(s, from, d);
	to = hit >= 0 ? (size_t)hit : s->v.s.len;
	*out = exec_text_dup(cx, EXEC_OID_TEXT, s->v.s.p + from, to - from);
	return EXEC_OK;
}

static int starts_with(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_value *s = &args[0], *p = &args[1];

	*out = exec_bool(p->v.s.len <= s->v.s.len && memcmp(s->v.s.p, p->v.s.p, p->v.s.len) == 0);
	return EXEC_OK;
}

/* ---- Characters and numbers ---- */

static int text_ascii(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_value *s = &args[0];

	*out = exec_int(EXEC_OID_INT4,
		s->v.s.len == 0 ? 0 : utf8_decode((const unsigned char *)s->v.s.p, s->v.s.len));
	return EXEC_OK;
}

static int text_chr(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t c = args[0].v.i;
	char buf[4];

	if (c < 0)
		return store_err_set(cx->err, "22023", "character number must be positive");
	if (c == 0)
		return store_err_set(cx->err, "54000", "null character not permitted");
	if (c > 0x10ffff)
		return store_err_set(
			cx->err, "54000", "requested character too large for encoding: %d", (int)c);
	if (c >= 0xd800 && c <= 0xdfff)
		return store_err_set(
			cx->err, "54000", "requested character not valid for encoding: %d", (int)c);
	*out = exec_text_dup(cx, EXEC_OID_TEXT, buf, utf8_encode((uint32_t)c, buf));
	return EXEC_OK;
}

static int to_hex(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	char buf[20];
	uint64_t v = args[0].type == EXEC_OID_INT4 ? (uint32_t)args[0].v.i : (uint64_t)args[0].v.i;
	int n = snprintf(buf, sizeof(buf), "%llx", (unsigned long long)v);

	*out = exec_text_dup(cx, EXEC_OID_TEXT, buf, (size_t)n);
	return EXEC_OK;
}

/* ---- concat, concat_ws, format, quoting ---- */

/* A value's text through its type's output (the buffer is appended to). */
static int append_out(exec_ctx *cx, const exec_value *v, store_buf *b)
{
	return exec_value_out(cx, v, b);
}

/* concat(any...): the non-NULL arguments' output, joined (NULLs skipped). */
static int concat(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	store_buf b = STORE_BUF_INIT;
	int rc = EXEC_OK;

	for (int i = 0; i < nargs && rc == EXEC_OK; i++)
		if (!args[i].isnull)
			rc = append_out(cx, &args[i], &b);
	return finish_buf(cx, &b, rc, out);
}

/* concat_ws(sep, any...): NULL when sep is. */
static int concat_ws(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	store_buf b = STORE_BUF_INIT;
	bool first = true;
	int rc = EXEC_OK;

	if (args[0].isnull) {
		*out = exec_null(EXEC_OID_TEXT);
		return EXEC_OK;
	}
	for (int i = 1; i < nargs && rc == EXEC_OK; i++) {
		if (args[i].isnull)
			continue;
		if (!first)
			store_buf_put(&b, args[0].v.s.p, args[0].v.s.len);
		first = false;
		rc = append_out(cx, &args[i], &b);
	}
	return finish_buf(cx, &b, rc, out);
}

/* quote_identifier: bare when a lower-case identifier that is no reserved word. */
static void quote_ident_into(store_buf *b, const char *s, size_t len)
{
	bool safe = len > 0 && ((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_');
	const sql_keyword *kw;

	for (size_t i = 0; i < len && safe; i++)
		safe = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_';
	if (safe && (kw = sql_keyword_lookup(s, len)) != NULL && kw->category != SQL_KW_UNRESERVED)
		safe = false;
	if (safe) {
		store_buf_put(b, s, len);
		return;
	}
	store_buf_putc(b, '"');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			store_buf_putc(b, '"');
		store_buf_putc(b, s[i]);
	}
	store_buf_putc(b, '"');
}

/* quote_literal: '...' with quotes doubled; E'...' with backslashes doubled if any. */
static void quote_literal_into(store_buf *b, const char *s, size_t len)
{
	if (memchr(s, '\\', len) != NULL)
		store_buf_putc(b, 'E');
	store_buf_putc(b, '\'');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\'' || s[i] == '\\')
			store_buf_putc(b, s[i]);
		store_buf_putc(b, s[i]);
	}
	store_buf_putc(b, '\'');
}

static int quote_ident(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	store_buf b = STORE_BUF_INIT;

	quote_ident_into(&b, args[0].v.s.p, args[0].v.s.len);
	return finish_buf(cx, &b, EXEC_OK, out);
}

/*
 * quote_literal(text or anyelement): the value cast to text ($1::text,
 * so true is 'true'), quoted.  quote_nullable also takes NULL: NULL.
 */
static int quote_literal(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	store_buf b = STORE_BUF_INIT;
	exec_value t;

	if (args[0].isnull) {
		*out = exec_text(EXEC_OID_TEXT, "NULL", 4);
		return EXEC_OK;
	}
	if (exec_cast_value(cx, &args[0], EXEC_OID_TEXT, EXEC_TYPMOD_NONE, EXEC_CAST_EXPLICIT,
		    &t) != EXEC_OK)
		return EXEC_ERROR;
	quote_literal_into(&b, t.v.s.p, t.v.s.len);
	return finish_buf(cx, &b, EXEC_OK, out);
}

static int format_unterminated(exec_ctx *cx)
{
	store_err_set(cx->err, "22023", "unterminated format() type specifier");
	store_err_hint(cx->err, "For a single \"%%\" use \"%%%%\".");
	return EXEC_ERROR;
}

static int format_arg_zero(exec_ctx *cx)
{
	return store_err_set(
		cx->err, "22023", "format specifies argument 0, but arguments are numbered from 1");
}

static int format_too_few(exec_ctx *cx)
{
	return store_err_set(cx->err, "22023", "too few arguments for format()");
}

/* Digits at f[*i] as an int: false when there are none, 22003 past INT_MAX. */
static int format_digits(exec_ctx *cx, const char *f, size_t len, size_t *i, int *n, bool *found)
{
	int64_t v = 0;

	*found = false;
	*n = 0;
	while (*i < len && f[*i] >= '0' && f[*i] <= '9') {
		v = v * 10 + (f[*i] - '0');
		if (v > INT32_MAX)
			return store_err_set(cx->err, "22003", "number is out of range");
		(*i)++;
		*found = true;
	}
	*n = (int)v;
	return EXEC_OK;
}

/* One format() specifier: %[n$][-][width | * | *n$]type, f[*i] just past the %. */
typedef struct format_spec {
	int argpos;   /* 0: the next argument */
	int widthpos; /* -1: no width argument; 0: the next argument */
	int width;
	bool left;
	char type;
} format_spec;

static int format_parse(exec_ctx *cx, const char *f, size_t len, size_t *i, format_spec *sp)
{
	bool found;
	int n;

	*sp = (format_spec){0, -1, 0, false, 0};

	/* Digits: a position when a $ follows, else the width. */
	if (format_digits(cx, f, len, i, &n, &found) != EXEC_OK)
		return EXEC_ERROR;
	if (found && *i < len && f[*i] == '$') {
		if (n == 0)
			return format_arg_zero(cx);
		sp->argpos = n;
		if (++*i >= len)
			return format_unterminated(cx);
		found = false;
	}
	if (found) {
		sp->width = n;
	} else {
		while (*i < len && f[*i] == '-') {
			sp->left = true;
			(*i)++;
		}
		if (*i < len && f[*i] == '*') {
			(*i)++;
			if (format_digits(cx, f, len, i, &n, &found) != EXEC_OK)
				return EXEC_ERROR;
			if (found && (*i >= len || f[*i] != '$'))
				return store_err_set(cx->err, "22023",
					"width argument position must be ended by \"$\"");
			if (found && n == 0)
				return format_arg_zero(cx);
			sp->widthpos = found ? n : 0;
			*i += found;
		} else if (format_digits(cx, f, len, i, &sp->width, &found) != EXEC_OK) {
			return EXEC_ERROR;
		}
	}
	if (*i >= len)
		return format_unterminated(cx);
	sp->type = f[*i];
	if (sp->type != 's' && sp->type != 'I' && sp->type != 'L') {
		store_err_set(cx->err, "22023", "unrecognized format() type specifier \"%.*s\"",
			(int)(utf8_next(f, len, *i) - *i), f + *i);
		store_err_hint(cx->err, "For a single \"%%\" use \"%%%%\".");
		return EXEC_ERROR;
	}
	return EXEC_OK;
}

/* A width argument's value: NULL is 0, other types through their text. */
static int format_width(exec_ctx *cx, const exec_value *v, format_spec *sp)
{
	exec_value w = *v;

	if (v->isnull)
		return EXEC_OK;
	if (v->type != EXEC_OID_INT4 && v->type != EXEC_OID_INT2) {
		store_buf b = STORE_BUF_INIT;
		int rc = exec_value_out(cx, v, &b);

		if (rc == EXEC_OK)
			rc = exec_value_in(cx, EXEC_OID_INT4, EXEC_TYPMOD_NONE,
				(const char *)b.data, b.len, &w);
		store_buf_free(&b);
		if (rc != EXEC_OK)
			return rc;
	}
	if (w.v.i == INT32_MIN)
		return store_err_set(cx->err, "22003", "number is out of range");
	sp->left |= w.v.i < 0;
	sp->width = (int)(w.v.i < 0 ? -w.v.i : w.v.i);
	return EXEC_OK;
}

/* One argument's text for %s, %I or %L, padded to the width. */
static int format_arg(exec_ctx *cx, store_buf *b, const exec_value *v, const format_spec *sp)
{
	store_buf s = STORE_BUF_INIT, q = STORE_BUF_INIT;
	const store_buf *text = &s;
	int rc = EXEC_OK;

	if (v->isnull && sp->type == 'I') {
		rc = store_err_set(
			cx->err, "22004", "null values cannot be formatted as an SQL identifier");
	} else if (v->isnull && sp->type == 'L') {
		store_buf_puts(&q, "NULL");
		text = &q;
	} else if (!v->isnull) {
		rc = append_out(cx, v, &s);
		if (rc == EXEC_OK && sp->type == 'I')
			quote_ident_into(&q, (const char *)s.data, s.len);
		else if (rc == EXEC_OK && sp->type == 'L')
			quote_literal_into(&q, (const char *)s.data, s.len);
		if (sp->type != 's')
			text = &q;
	}
	if (rc == EXEC_OK) {
		size_t chars = utf8_count((const char *)text->data, text->len);

		for (size_t i = chars; !sp->left && i < (size_t)sp->width; i++)
			store_buf_putc(b, ' ');
		store_buf_put(b, text->data, text->len);
		for (size_t i = chars; sp->left && i < (size_t)sp->width; i++)
			store_buf_putc(b, ' ');
	}
	store_buf_free(&s);
	store_buf_free(&q);
	return rc;
}

/* format(fmt, any...): an argument without a position is the one after the last used. */
static int format(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const char *f = args[0].v.s.p;
	size_t len = args[0].v.s.len;
	store_buf b = STORE_BUF_INIT;
	int last = 0, rc = EXEC_OK;

	if (args[0].isnull) {
		*out = exec_null(EXEC_OID_TEXT);
		return EXEC_OK;
	}
	for (size_t i = 0; i < len && rc == EXEC_OK; i++) {
		format_spec sp;

		if (f[i] != '%') {
			store_buf_putc(&b, f[i]);
			continue;
		}
		if (++i >= len) {
			rc = format_unterminated(cx);
			break;
		}
		if (f[i] == '%') {
			store_buf_putc(&b, '%');
			continue;
		}
		if ((rc = format_parse(cx, f, len, &i, &sp)) != EXEC_OK)
			break;
		if (sp.widthpos >= 0) {
			last = sp.widthpos > 0 ? sp.widthpos : last + 1;
			if (last >= nargs) {
				rc = format_too_few(cx);
				break;
			}
			if ((rc = format_width(cx, &args[last], &sp)) != EXEC_OK)
				break;
		}
		last = sp.argpos > 0 ? sp.argpos : last + 1;
		if (last >= nargs) {
			rc = format_too_few(cx);
			break;
		}
		rc = format_arg(cx, &b, &args[last], &sp);
	}
	return finish_buf(cx, &b, rc, out);
}

/* ---- Digests and encodings ---- */

static int digest(exec_ctx *cx, const exec_value *in, const EVP_MD *md, bool hex, exec_value *out)
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (EVP_Digest(in->v.s.p != NULL ? in->v.s.p : "", in->v.s.len, d, &n, md, NULL) != 1)
		return store_err_set(
			cx->err, "XX000", "could not compute %s hash", EVP_MD_name(md));
	if (hex) {
		store_buf b = STORE_BUF_INIT;
		exec_value raw = exec_text(EXEC_OID_BYTEA, (const char *)d, n);

		hex_encode(&raw, &b);
		return finish_buf(cx, &b, EXEC_OK, out);
	}
	*out = exec_text_dup(cx, EXEC_OID_BYTEA, (const char *)d, n);
	return EXEC_OK;
}

static int md5(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return digest(cx, &args[0], EVP_md5(), true, out);
}

static int sha224(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return digest(cx, &args[0], EVP_sha224(), false, out);
}

static int sha256(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return digest(cx, &args[0], EVP_sha256(), false, out);
}

static int sha384(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return digest(cx, &args[0], EVP_sha384(), false, out);
}

static int sha512(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return digest(cx, &args[0], EVP_sha512(), false, out);
}

static const char base64_chars[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Base64 with a newline after every 76 characters, as PostgreSQL writes it. */
static void base64_encode(const exec_value *v, store_buf *b)
{
	const unsigned char *s = (const unsigned char *)v->v.s.p;
	size_t line = 0;

	for (size_t i = 0; i < v->v.s.len; i += 3) {
		size_t n = v->v.s.len - i < 3 ? v->v.s.len - i : 3;
		uint32_t w = (uint32_t)s[i] << 16 | (n > 1 ? (uint32_t)s[i + 1] << 8 : 0) |
			     (n > 2 ? s[i + 2] : 0);

		store_buf_putc(b, base64_chars[w >> 18]);
		store_buf_putc(b, base64_chars[(w >> 12) & 63]);
		store_buf_putc(b, n > 1 ? base64_chars[(w >> 6) & 63] : '=');
		store_buf_putc(b, n > 2 ? base64_chars[w & 63] : '=');
		if ((line += 4) >= 76) {
			store_buf_putc(b, '\n');
			line = 0;
		}
	}
}

static int base64_value(char c)
{
	const char *p = c != '\0' ? strchr(base64_chars, c) : NULL;

	return p != NULL ? (int)(p - base64_chars) : -1;
}

/* pg_base64_decode: white space ignored, = only as padding. */
static int base64_decode(exec_ctx *cx, const char *s, size_t len, exec_value *out)
{
	char *p = sql_arena_alloc(cx->arena, len * 3 / 4 + 3);
	uint32_t w = 0;
	int pos = 0, end = 0;
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		int v = 0;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == '=') {
			if (end == 0) {
				if (pos == 2 || pos == 3)
					end = pos - 1;
				else
					return store_err_set(cx->err, "22023",
						"unexpected \"=\" while decoding base64 sequence");
			}
		} else if ((v = base64_value(c)) < 0) {
			return store_err_set(cx->err, "22023",
				"invalid symbol \"%.*s\" found while decoding base64 sequence",
				(int)(utf8_next(s, len, i) - i), s + i);
		}
		w = (w << 6) | (uint32_t)v;
		if (++pos == 4) {
			p[n++] = (char)(w >> 16);
			if (end == 0 || end > 1)
				p[n++] = (char)(w >> 8);
			if (end == 0 || end > 2)
				p[n++] = (char)w;
			w = 0;
			pos = 0;
		}
	}
	if (pos != 0) {
		store_err_set(cx->err, "22023", "invalid base64 end sequence");
		store_err_hint(cx->err,
			"Input data is missing padding, is truncated, or is otherwise corrupted.");
		return EXEC_ERROR;
	}
	*out = exec_text(EXEC_OID_BYTEA, p, n);
	return EXEC_OK;
}

/* The escape encoding: \ooo for NUL and bytes with the high bit, \\ for a backslash. */
static void escape_encode(const exec_value *v, store_buf *b)
{
	for (size_t i = 0; i < v->v.s.len; i++) {
		unsigned char c = (unsigned char)v->v.s.p[i];

		if (c == 0 || c >= 0x80)
			store_buf_printf(b, "\\%03o", c);
		else if (c == '\\')
			store_buf_puts(b, "\\\\");
		else
			store_buf_putc(b, c);
	}
}

static bool is_format(const exec_value *v, const char *name)
{
	return v->v.s.len == strlen(name) && strncasecmp(v->v.s.p, name, v->v.s.len) == 0;
}

static int unrecognized_encoding(exec_ctx *cx, const exec_value *v)
{
	return store_err_set(
		cx->err, "22023", "unrecognized encoding: \"%.*s\"", (int)v->v.s.len, v->v.s.p);
}

static int encode(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	store_buf b = STORE_BUF_INIT;

	if (is_format(&args[1], "hex"))
		hex_encode(&args[0], &b);
	else if (is_format(&args[1], "base64"))
		base64_encode(&args[0], &b);
	else if (is_format(&args[1], "escape"))
		escape_encode(&args[0], &b);
	else
		return unrecognized_encoding(cx, &args[1]);
	return finish_buf(cx, &b, EXEC_OK, out);
}

static int decode(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const char *s = args[0].v.s.p;
	size_t len = args[0].v.s.len;

	if (is_format(&args[1], "hex"))
		return hex_decode(cx, s, len, out);
	if (is_format(&args[1], "base64"))
		return base64_decode(cx, s, len, out);
	if (is_format(&args[1], "escape"))
		return escape_decode(cx, s, len, out);
	return unrecognized_encoding(cx, &args[1]);
}

/* ---- The tables ---- */

static const exec_type string_types[] = {
	EXEC_TYPE_ROW(TEXT, "text", "text", 'S', true, -1, EXEC_OID_TEXT_ARRAY, text_in, text_out,
		text_cmp, text_hash, NULL),
	EXEC_TYPE_ROW(VARCHAR, "varchar", "character varying", 'S', false, -1,
		EXEC_OID_VARCHAR_ARRAY, varchar_in, text_out, text_cmp, text_hash, varchar_coerce),
	EXEC_TYPE_ROW(BPCHAR, "bpchar", "character", 'S', false, -1, EXEC_OID_BPCHAR_ARRAY,
		bpchar_in, text_out, bpchar_cmp, bpchar_hash, bpchar_coerce),
	EXEC_TYPE_ROW(NAME, "name", "name", 'S', false, NAMEDATALEN, EXEC_OID_NAME_ARRAY, name_in,
		text_out, text_cmp, text_hash, NULL),
	EXEC_TYPE_ROW(BYTEA, "bytea", "bytea", 'U', false, -1, EXEC_OID_BYTEA_ARRAY, bytea_in,
		bytea_out, text_cmp, text_hash, NULL),
	EXEC_TYPE_ROW(UUID, "uuid", "uuid", 'U', false, 16, EXEC_OID_UUID_ARRAY, uuid_in, uuid_out,
		uuid_cmp, uuid_hash, NULL),
	EXEC_TYPE_ROW(UNKNOWN, "unknown", "unknown", 'X', false, -2, 0, unknown_in, text_out, NULL,
		NULL, NULL),
};

/* pg_cast among the string types (length coercions are the types' coerce_typmod). */
static const exec_cast string_casts[] = {
	EXEC_CAST_ROW(NAME, TEXT, IMPLICIT, cast_to_text),
	EXEC_CAST_ROW(NAME, BPCHAR, ASSIGNMENT, cast_to_bpchar),
	EXEC_CAST_ROW(NAME, VARCHAR, ASSIGNMENT, cast_to_varchar),
	EXEC_CAST_ROW(TEXT, NAME, IMPLICIT, cast_to_name),
	EXEC_CAST_ROW(TEXT, BPCHAR, IMPLICIT, cast_to_bpchar),
	EXEC_CAST_ROW(TEXT, VARCHAR, IMPLICIT, cast_to_varchar),
	EXEC_CAST_ROW(BPCHAR, NAME, IMPLICIT, cast_bpchar_to_name),
	EXEC_CAST_ROW(BPCHAR, TEXT, IMPLICIT, cast_bpchar_to_text),
	EXEC_CAST_ROW(BPCHAR, VARCHAR, IMPLICIT, cast_bpchar_to_varchar),
	EXEC_CAST_ROW(VARCHAR, NAME, IMPLICIT, cast_to_name),
	EXEC_CAST_ROW(VARCHAR, TEXT, IMPLICIT, cast_to_text),
	EXEC_CAST_ROW(VARCHAR, BPCHAR, IMPLICIT, cast_to_bpchar),
};

/* pg_operator's rows for these types (the name ~~ forms reuse text's: a name is its bytes). */
static const exec_oper string_opers[] = {
	EXEC_OPER_ROW("!~", NAME, TEXT, BOOL, text_nregex, 640, "~", false),
	EXEC_OPER_ROW("!~", TEXT, TEXT, BOOL, text_nregex, 642, "~", false),
	EXEC_OPER_ROW("!~", BPCHAR, TEXT, BOOL, text_nregex, 1056, "~", false),
	EXEC_OPER_ROW("!~*", NAME, TEXT, BOOL, text_icnregex, 1227, "~*", false),
	EXEC_OPER_ROW("!~*", TEXT, TEXT, BOOL, text_icnregex, 1229, "~*", false),
	EXEC_OPER_ROW("!~*", BPCHAR, TEXT, BOOL, text_icnregex, 1235, "~*", false),
	EXEC_OPER_ROW("!~~", BYTEA, BYTEA, BOOL, bytea_nlike, 2017, "~~", false),
	EXEC_OPER_ROW("!~~", NAME, TEXT, BOOL, text_nlike, 1208, "~~", false),
	EXEC_OPER_ROW("!~~", TEXT, TEXT, BOOL, text_nlike, 1210, "~~", false),
	EXEC_OPER_ROW("!~~", BPCHAR, TEXT, BOOL, text_nlike, 1212, "~~", false),
	EXEC_OPER_ROW("!~~*", NAME, TEXT, BOOL, text_icnlike, 1626, "~~*", false),
	EXEC_OPER_ROW("!~~*", TEXT, TEXT, BOOL, text_icnlike, 1628, "~~*", false),
	EXEC_OPER_ROW("!~~*", BPCHAR, TEXT, BOOL, text_icnlike, 1630, "~~*", false),
	EXEC_OPER_ROW("<", BYTEA, BYTEA, BOOL, text_lt, 1957, ">=", false),
	EXEC_OPER_ROW("<", NAME, NAME, BOOL, text_lt, 660, ">=", false),
	EXEC_OPER_ROW("<", NAME, TEXT, BOOL, text_lt, 255, ">=", false),
	EXEC_OPER_ROW("<", TEXT, NAME, BOOL, text_lt, 261, ">=", false),
	EXEC_OPER_ROW("<", TEXT, TEXT, BOOL, text_lt, 664, ">=", false),
	EXEC_OPER_ROW("<", BPCHAR, BPCHAR, BOOL, bpchar_lt, 1058, ">=", false),
	EXEC_OPER_ROW("<", UUID, UUID, BOOL, uuid_lt, 2974, ">=", false),
	EXEC_OPER_ROW("<=", BYTEA, BYTEA, BOOL, text_le, 1958, ">", false),
	EXEC_OPER_ROW("<=", NAME, NAME, BOOL, text_le, 661, ">", false),
	EXEC_OPER_ROW("<=", NAME, TEXT, BOOL, text_le, 256, ">", false),
	EXEC_OPER_ROW("<=", TEXT, NAME, BOOL, text_le, 262, ">", false),
	EXEC_OPER_ROW("<=", TEXT, TEXT, BOOL, text_le, 665, ">", false),
	EXEC_OPER_ROW("<=", BPCHAR, BPCHAR, BOOL, bpchar_le, 1059, ">", false),
	EXEC_OPER_ROW("<=", UUID, UUID, BOOL, uuid_le, 2976, ">", false),
	EXEC_OPER_ROW("<>", BYTEA, BYTEA, BOOL, text_ne, 1956, "=", false),
	EXEC_OPER_ROW("<>", NAME, NAME, BOOL, text_ne, 643, "=", false),
	EXEC_OPER_ROW("<>", NAME, TEXT, BOOL, text_ne, 259, "=", false),
	EXEC_OPER_ROW("<>", TEXT, NAME, BOOL, text_ne, 265, "=", false),
	EXEC_OPER_ROW("<>", TEXT, TEXT, BOOL, text_ne, 531, "=", false),
	EXEC_OPER_ROW("<>", BPCHAR, BPCHAR, BOOL, bpchar_ne, 1057, "=", false),
	EXEC_OPER_ROW("<>", UUID, UUID, BOOL, uuid_ne, 2973, "=", false),
	EXEC_OPER_ROW("=", BYTEA, BYTEA, BOOL, text_eq, 1955, "<>", true),
	EXEC_OPER_ROW("=", NAME, NAME, BOOL, text_eq, 93, "<>", true),
	EXEC_OPER_ROW("=", NAME, TEXT, BOOL, text_eq, 254, "<>", true),
	EXEC_OPER_ROW("=", TEXT, NAME, BOOL, text_eq, 260, "<>", true),
	EXEC_OPER_ROW("=", TEXT, TEXT, BOOL, text_eq, 98, "<>", true),
	EXEC_OPER_ROW("=", BPCHAR, BPCHAR, BOOL, bpchar_eq, 1054, "<>", true),
	EXEC_OPER_ROW("=", UUID, UUID, BOOL, uuid_eq, 2972, "<>", true),
	EXEC_OPER_ROW(">", BYTEA, BYTEA, BOOL, text_gt, 1959, "<=", false),
	EXEC_OPER_ROW(">", NAME, NAME, BOOL, text_gt, 662, "<=", false),
	EXEC_OPER_ROW(">", NAME, TEXT, BOOL, text_gt, 258, "<=", false),
	EXEC_OPER_ROW(">", TEXT, NAME, BOOL, text_gt, 264, "<=", false),
	EXEC_OPER_ROW(">", TEXT, TEXT, BOOL, text_gt, 666, "<=", false),
	EXEC_OPER_ROW(">", BPCHAR, BPCHAR, BOOL, bpchar_gt, 1060, "<=", false),
	EXEC_OPER_ROW(">", UUID, UUID, BOOL, uuid_gt, 2975, "<=", false),
	EXEC_OPER_ROW(">=", BYTEA, BYTEA, BOOL, text_ge, 1960, "<", false),
	EXEC_OPER_ROW(">=", NAME, NAME, BOOL, text_ge, 663, "<", false),
	EXEC_OPER_ROW(">=", NAME, TEXT, BOOL, text_ge, 257, "<", false),
	EXEC_OPER_ROW(">=", TEXT, NAME, BOOL, text_ge, 263, "<", false),
	EXEC_OPER_ROW(">=", TEXT, TEXT, BOOL, text_ge, 667, "<", false),
	EXEC_OPER_ROW(">=", BPCHAR, BPCHAR, BOOL, bpchar_ge, 1061, "<", false),
	EXEC_OPER_ROW(">=", UUID, UUID, BOOL, uuid_ge, 2977, "<", false),
	EXEC_OPER_ROW("^@", TEXT, TEXT, BOOL, starts_with, 3877, NULL, false),
	EXEC_OPER_ROW("||", BYTEA, BYTEA, BYTEA, bytea_cat, 2018, NULL, false),
	EXEC_OPER_ROW("||", TEXT, TEXT, TEXT, text_cat, 654, NULL, false),
	EXEC_OPER_ROW("||", TEXT, ANYNONARRAY, TEXT, text_any_cat, 2779, NULL, false),
	EXEC_OPER_ROW("||", ANYNONARRAY, TEXT, TEXT, text_any_cat, 2780, NULL, false),
	EXEC_OPER_ROW("~", NAME, TEXT, BOOL, text_regex, 639, "!~", false),
	EXEC_OPER_ROW("~", TEXT, TEXT, BOOL, text_regex, 641, "!~", false),
	EXEC_OPER_ROW("~", BPCHAR, TEXT, BOOL, text_regex, 1055, "!~", false),
	EXEC_OPER_ROW("~*", NAME, TEXT, BOOL, text_icregex, 1226, "!~*", false),
	EXEC_OPER_ROW("~*", TEXT, TEXT, BOOL, text_icregex, 1228, "!~*", false),
	EXEC_OPER_ROW("~*", BPCHAR, TEXT, BOOL, text_icregex, 1234, "!~*", false),
	EXEC_OPER_ROW("~<=~", TEXT, TEXT, BOOL, text_le, 2315, "~>~", false),
	EXEC_OPER_ROW("~<=~", BPCHAR, BPCHAR, BOOL, bpchar_le, 2327, "~>~", false),
	EXEC_OPER_ROW("~<~", TEXT, TEXT, BOOL, text_lt, 2314, "~>=~", false),
	EXEC_OPER_ROW("~<~", BPCHAR, BPCHAR, BOOL, bpchar_lt, 2326, "~>=~", false),
	EXEC_OPER_ROW("~>=~", TEXT, TEXT, BOOL, text_ge, 2317, "~<~", false),
	EXEC_OPER_ROW("~>=~", BPCHAR, BPCHAR, BOOL, bpchar_ge, 2329, "~<~", false),
	EXEC_OPER_ROW("~>~", TEXT, TEXT, BOOL, text_gt, 2318, "~<=~", false),
	EXEC_OPER_ROW("~>~", BPCHAR, BPCHAR, BOOL, bpchar_gt, 2330, "~<=~", false),
	EXEC_OPER_ROW("~~", BYTEA, BYTEA, BOOL, bytea_like, 2016, "!~~", false),
	EXEC_OPER_ROW("~~", NAME, TEXT, BOOL, text_like, 1207, "!~~", false),
	EXEC_OPER_ROW("~~", TEXT, TEXT, BOOL, text_like, 1209, "!~~", false),
	EXEC_OPER_ROW("~~", BPCHAR, TEXT, BOOL, text_like, 1211, "!~~", false),
	EXEC_OPER_ROW("~~*", NAME, TEXT, BOOL, text_iclike, 1625, "!~~*", false),
	EXEC_OPER_ROW("~~*", TEXT, TEXT, BOOL, text_iclike, 1627, "!~~*", false),
	EXEC_OPER_ROW("~~*", BPCHAR, TEXT, BOOL, text_iclike, 1629, "!~~*", false),
};

#define FN(name, res, nargs, args, strict, vol, fn, oid)                                           \
	{                                                                                          \
		name, EXEC_OID_##res, nargs, args, false, strict, vol, fn, oid                     \
	}
#define VARIADIC_ANY(name, nargs, args, oid)                                                       \
	{                                                                                          \
#name, EXEC_OID_TEXT, nargs, args, true, false, 's', name, oid                     \
	}

static const exec_func string_funcs[] = {
	EXEC_FUNC_ROW("ascii", INT4, 1, EXEC_ARGS1(TEXT), text_ascii, 1620),
	EXEC_FUNC_ROW("bit_length", INT4, 1, EXEC_ARGS1(BYTEA), bit_length, 1810),
	EXEC_FUNC_ROW("bit_length", INT4, 1, EXEC_ARGS1(TEXT), bit_length, 1811),
	EXEC_FUNC_ROW("btrim", TEXT, 2, EXEC_ARGS2(TEXT, TEXT), btrim, 884),
	EXEC_FUNC_ROW("btrim", TEXT, 1, EXEC_ARGS1(TEXT), btrim, 885),
	EXEC_FUNC_ROW("btrim", BYTEA, 2, EXEC_ARGS2(BYTEA, BYTEA), btrim, 2015),
	EXEC_FUNC_ROW("char_length", INT4, 1, EXEC_ARGS1(BPCHAR), bpchar_length, 1372),
	EXEC_FUNC_ROW("char_length", INT4, 1, EXEC_ARGS1(TEXT), text_length, 1381),
	EXEC_FUNC_ROW("character_length", INT4, 1, EXEC_ARGS1(BPCHAR), bpchar_length, 1367),
	EXEC_FUNC_ROW("character_length", INT4, 1, EXEC_ARGS1(TEXT), text_length, 1369),
	EXEC_FUNC_ROW("chr", TEXT, 1, EXEC_ARGS1(INT4), text_chr, 1621),
	VARIADIC_ANY(concat, 1, EXEC_ARGS1(ANY), 3058),
	VARIADIC_ANY(concat_ws, 2, EXEC_ARGS2(TEXT, ANY), 3059),
	EXEC_FUNC_ROW("decode", BYTEA, 2, EXEC_ARGS2(TEXT, TEXT), decode, 1947),
	EXEC_FUNC_ROW("encode", TEXT, 2, EXEC_ARGS2(BYTEA, TEXT), encode, 1946),
	VARIADIC_ANY(format, 2, EXEC_ARGS2(TEXT, ANY), 3539),
	FN("format", TEXT, 1, EXEC_ARGS1(TEXT), false, 's', format, 3540),
	FN("gen_random_uuid", UUID, 0, EXEC_ARGS1(INVALID), true, 'v', gen_random_uuid, 3432),
	EXEC_FUNC_ROW("initcap", TEXT, 1, EXEC_ARGS1(TEXT), text_initcap, 872),
	EXEC_FUNC_ROW("left", TEXT, 2, EXEC_ARGS2(TEXT, INT4), text_left, 3060),
	EXEC_FUNC_ROW("length", INT4, 1, EXEC_ARGS1(TEXT), text_length, 1317),
	EXEC_FUNC_ROW("length", INT4, 1, EXEC_ARGS1(BPCHAR), bpchar_length, 1318),
	EXEC_FUNC_ROW("length", INT4, 1, EXEC_ARGS1(BYTEA), octet_length, 2010),
	EXEC_FUNC_ROW("like", BOOL, 2, EXEC_ARGS2(TEXT, TEXT), text_like, 1569),
	EXEC_FUNC_ROW("like", BOOL, 2, EXEC_ARGS2(NAME, TEXT), text_like, 1571),
	EXEC_FUNC_ROW("like", BOOL, 2, EXEC_ARGS2(BYTEA, BYTEA), bytea_like, 2007),
	EXEC_FUNC_ROW("like_escape", TEXT, 2, EXEC_ARGS2(TEXT, TEXT), like_escape, 1637),
	EXEC_FUNC_ROW("like_escape", BYTEA, 2, EXEC_ARGS2(BYTEA, BYTEA), like_escape, 2009),
	EXEC_FUNC_ROW("lower", TEXT, 1, EXEC_ARGS1(TEXT), text_lower, 870),
	EXEC_FUNC_ROW("lpad", TEXT, 3, EXEC_ARGS3(TEXT, INT4, TEXT), lpad, 873),
	EXEC_FUNC_ROW("lpad", TEXT, 2, EXEC_ARGS2(TEXT, INT4), lpad, 879),
	EXEC_FUNC_ROW("ltrim", TEXT, 2, EXEC_ARGS2(TEXT, TEXT), ltrim, 875),
	EXEC_FUNC_ROW("ltrim", TEXT, 1, EXEC_ARGS1(TEXT), ltrim, 881),
	EXEC_FUNC_ROW("ltrim", BYTEA, 2, EXEC_ARGS2(BYTEA, BYTEA), ltrim, 6195),
	EXEC_FUNC_ROW("md5", TEXT, 1, EXEC_ARGS1(TEXT), md5, 2311),
	EXEC_FUNC_ROW("md5", TEXT, 1, EXEC_ARGS1(BYTEA), md5, 2321),
	EXEC_FUNC_ROW("notlike", BOOL, 2, EXEC_ARGS2(TEXT, TEXT), text_nlike, 1570),
	EXEC_FUNC_ROW("notlike", BOOL, 2, EXEC_ARGS2(NAME, TEXT), text_nlike, 1572),
	EXEC_FUNC_ROW("notlike", BOOL, 2, EXEC_ARGS2(BYTEA, BYTEA), bytea_nlike, 2008),
	EXEC_FUNC_ROW("octet_length", INT4, 1, EXEC_ARGS1(BYTEA), octet_length, 720),
	EXEC_FUNC_ROW("octet_length", INT4, 1, EXEC_ARGS1(TEXT), octet_length, 1374),
	EXEC_FUNC_ROW("octet_length", INT4, 1, EXEC_ARGS1(BPCHAR), octet_length, 1375),
	EXEC_FUNC_ROW("overlay", BYTEA, 4, EXEC_ARGS4(BYTEA, BYTEA, INT4, INT4), overlay, 749),
	EXEC_FUNC_ROW("overlay", BYTEA, 3, EXEC_ARGS3(BYTEA, BYTEA, INT4), overlay, 752),
	EXEC_FUNC_ROW("overlay", TEXT, 4, EXEC_ARGS4(TEXT, TEXT, INT4, INT4), overlay, 1404),
	EXEC_FUNC_ROW("overlay", TEXT, 3, EXEC_ARGS3(TEXT, TEXT, INT4), overlay, 1405),
	EXEC_FUNC_ROW("position", INT4, 2, EXEC_ARGS2(TEXT, TEXT), text_position, 849),
	EXEC_FUNC_ROW("position", INT4, 2, EXEC_ARGS2(BYTEA, BYTEA), text_position, 2014),
	EXEC_FUNC_ROW("quote_ident", TEXT, 1, EXEC_ARGS1(TEXT), quote_ident, 1282),
	EXEC_FUNC_ROW("quote_literal", TEXT, 1, EXEC_ARGS1(TEXT), quote_literal, 1283),
	FN("quote_literal", TEXT, 1, EXEC_ARGS1(ANYELEMENT), true, 's', quote_literal, 1285),
	FN("quote_nullable", TEXT, 1, EXEC_ARGS1(TEXT), false, 'i', quote_literal, 1289),
	FN("quote_nullable", TEXT, 1, EXEC_ARGS1(ANYELEMENT), false, 's', quote_literal, 1290),
	EXEC_FUNC_ROW("regexp_match", TEXT_ARRAY, 2, EXEC_ARGS2(TEXT, TEXT), regexp_match, 3396),
	EXEC_FUNC_ROW(
		"regexp_match", TEXT_ARRAY, 3, EXEC_ARGS3(TEXT, TEXT, TEXT), regexp_match, 3397),
	EXEC_FUNC_ROW(
		"regexp_replace", TEXT, 3, EXEC_ARGS3(TEXT, TEXT, TEXT), regexp_replace, 2284),
	EXEC_FUNC_ROW("regexp_split_to_array", TEXT_ARRAY, 2, EXEC_ARGS2(TEXT, TEXT),
		regexp_split_to_array, 2767),
	EXEC_FUNC_ROW("regexp_split_to_array", TEXT_ARRAY, 3, EXEC_ARGS3(TEXT, TEXT, TEXT),
		regexp_split_to_array, 2768),
	EXEC_FUNC_ROW("regexp_replace", TEXT, 4, EXEC_ARGS4(TEXT, TEXT, TEXT, TEXT), regexp_replace,
		2285),
	EXEC_FUNC_ROW("repeat", TEXT, 2, EXEC_ARGS2(TEXT, INT4), text_repeat, 1622),
	EXEC_FUNC_ROW("replace", TEXT, 3, EXEC_ARGS3(TEXT, TEXT, TEXT), text_replace, 2087),
	EXEC_FUNC_ROW("reverse", TEXT, 1, EXEC_ARGS1(TEXT), text_reverse, 3062),
	EXEC_FUNC_ROW("right", TEXT, 2, EXEC_ARGS2(TEXT, INT4), text_right, 3061),
	EXEC_FUNC_ROW("rpad", TEXT, 3, EXEC_ARGS3(TEXT, INT4, TEXT), rpad, 874),
	EXEC_FUNC_ROW("rpad", TEXT, 2, EXEC_ARGS2(TEXT, INT4), rpad, 880),
	EXEC_FUNC_ROW("rtrim", TEXT, 2, EXEC_ARGS2(TEXT, TEXT), rtrim, 876),
	EXEC_FUNC_ROW("rtrim", TEXT, 1, EXEC_ARGS1(TEXT), rtrim, 882),
	EXEC_FUNC_ROW("rtrim", BYTEA, 2, EXEC_ARGS2(BYTEA, BYTEA), rtrim, 6196),
	EXEC_FUNC_ROW("sha224", BYTEA, 1, EXEC_ARGS1(BYTEA), sha224, 3419),
	EXEC_FUNC_ROW("sha256", BYTEA, 1, EXEC_ARGS1(BYTEA), sha256, 3420),
	EXEC_FUNC_ROW("sha384", BYTEA, 1, EXEC_ARGS1(BYTEA), sha384, 3421),
	EXEC_FUNC_ROW("sha512", BYTEA, 1, EXEC_ARGS1(BYTEA), sha512, 3422),
	EXEC_FUNC_ROW("split_part", TEXT, 3, EXEC_ARGS3(TEXT, TEXT, INT4), split_part, 2088),
	EXEC_FUNC_ROW("starts_with", BOOL, 2, EXEC_ARGS2(TEXT, TEXT), starts_with, 3696),
	EXEC_FUNC_ROW("strpos", INT4, 2, EXEC_ARGS2(TEXT, TEXT), text_position, 868),
	EXEC_FUNC_ROW("substr", TEXT, 3, EXEC_ARGS3(TEXT, INT4, INT4), substr, 877),
	EXEC_FUNC_ROW("substr", TEXT, 2, EXEC_ARGS2(TEXT, INT4), substr, 883),
	EXEC_FUNC_ROW("substr", BYTEA, 3, EXEC_ARGS3(BYTEA, INT4, INT4), substr, 2085),
	EXEC_FUNC_ROW("substr", BYTEA, 2, EXEC_ARGS2(BYTEA, INT4), substr, 2086),
	EXEC_FUNC_ROW("substring", TEXT, 3, EXEC_ARGS3(TEXT, INT4, INT4), substr, 936),
	EXEC_FUNC_ROW("substring", TEXT, 2, EXEC_ARGS2(TEXT, INT4), substr, 937),
	EXEC_FUNC_ROW("substring", BYTEA, 3, EXEC_ARGS3(BYTEA, INT4, INT4), substr, 2012),
	EXEC_FUNC_ROW("substring", BYTEA, 2, EXEC_ARGS2(BYTEA, INT4), substr, 2013),
	EXEC_FUNC_ROW("substring", TEXT, 2, EXEC_ARGS2(TEXT, TEXT), regexp_substr, 2073),
	EXEC_FUNC_ROW("to_hex", TEXT, 1, EXEC_ARGS1(INT4), to_hex, 2089),
	EXEC_FUNC_ROW("to_hex", TEXT, 1, EXEC_ARGS1(INT8), to_hex, 2090),
	EXEC_FUNC_ROW("translate", TEXT, 3, EXEC_ARGS3(TEXT, TEXT, TEXT), text_translate, 878),
	EXEC_FUNC_ROW("upper", TEXT, 1, EXEC_ARGS1(TEXT), text_upper, 871),
};

const exec_module exec_mod_string = {"string", string_types, EXEC_NELEM(string_types), string_casts,
	EXEC_NELEM(string_casts), string_opers, EXEC_NELEM(string_opers), string_funcs,
	EXEC_NELEM(string_funcs), NULL, 0};
