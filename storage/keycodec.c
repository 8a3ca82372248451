/*
 * keycodec.c - row keys, tree paths and canonical JSON documents.
 *
 * This module owns the text forms a row takes inside the repository: the
 * tree entry name of its primary key (percent-encoding, composite parts,
 * the SHA-1 fan-out directories), the file names ChronDB wrote, and the one
 * canonical text of a row document.  It knows nothing of catalogs or column
 * types: callers pass the column order, and JSON values are checked for
 * syntax only, never converted (a number keeps the digits it was written
 * with).
 *
 * Design note: DESIGN.md section 3, "Data in Git".
 */
#include "keycodec.h"

#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deepest nesting of arrays and objects a document may have. */
#define JSON_MAX_DEPTH 128

/* Members of an object sorted by insertion below this count, by qsort above. */
#define JSON_SORT_SMALL 16

/*
 * Inputs up to half this size, with at most this many members open at
 * once, are canonicalized with one allocation: the result.
 */
#define JSON_STACK_SCRATCH 4096
#define JSON_STACK_MEMBERS 32

/* Longest excerpt of user text quoted in an error, before "...". */
#define EXCERPT_MAX  40
#define EXCERPT_SIZE (EXCERPT_MAX + 4)

static const char hex_upper[] = "0123456789ABCDEF";
static const char hex_lower[] = "0123456789abcdef";

size_t store_utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t more;

	if (s[0] < 0x80)
		return 1;
	if (s[0] < 0xc2)
		return 0;
	if (s[0] < 0xe0) {
		more = 1;
	} else if (s[0] < 0xf0) {
		more = 2;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] < 0xf5) {
		more = 3;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	if (n <= more || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t k = 2; k <= more; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
	}
	return more + 1;
}

/*
 * Copy a short excerpt of untrusted text into dst for an error message:
 * printable ASCII and well-formed UTF-8 as they are, any other byte as
 * \xHH, and "..." when the text is cut short.  The result is always valid
 * UTF-8, so a front end can send it to any client.
 */
static void excerpt(char dst[EXCERPT_SIZE], const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, o = 0;

	while (i < len) {
		size_t n = store_utf8_seq(s + i, len - i);
		int raw = n > 1 || (n == 1 && s[i] >= 0x20 && s[i] < 0x7f);
		size_t width = raw ? n : 4;

		if (o + width > EXCERPT_MAX)
			break;
		if (raw) {
			memcpy(dst + o, s + i, n);
			i += n;
		} else {
			dst[o] = '\\';
			dst[o + 1] = 'x';
			dst[o + 2] = hex_lower[s[i] >> 4];
			dst[o + 3] = hex_lower[s[i] & 15];
			i++;
		}
		o += width;
	}
	if (i < len) {
		memcpy(dst + o, "...", 3);
		o += 3;
	}
	dst[o] = '\0';
}

/* Add a detail built from a va_list (error.h offers only the variadic form). */
static void err_vdetail(store_err *err, const char *fmt, va_list ap)
{
	char buf[sizeof(err->detail)];

	if (err == NULL)
		return;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	store_err_detail(err, "%s", buf);
}

/* ---- Row keys ---------------------------------------------------------- */

/* Bytes a key part holds as themselves: A-Za-z0-9 . _ - */
static int key_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

/* An escape's hex digit: upper case only, the one spelling we write. */
static int key_hexval(unsigned char c)
{
	return c >= 'a' && c <= 'f' ? -1 : store_hexval(c);
}

/*
 * A part that is "." or ".." is written with its dots escaped, so that an
 * encoded name is also safe as a path or URL segment on its own, where
 * those two are read as directory references.
 */
static int key_is_dots(const char *s, size_t len)
{
	return (len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.');
}

static int key_is_escaped_dots(const char *s, size_t len)
{
	return (len == 3 && memcmp(s, "%2E", 3) == 0) || (len == 6 && memcmp(s, "%2E%2E", 6) == 0);
}

/* An snprintf-like destination: counts every byte, stores what fits. */
struct key_sink {
	char *out;
	size_t size;
	size_t n;
};

static void sink_put(struct key_sink *s, char c)
{
	if (s->n + 1 < s->size)
		s->out[s->n] = c;
	s->n++;
}

static size_t sink_finish(struct key_sink *s)
{
	if (s->size > 0)
		s->out[s->n < s->size ? s->n : s->size - 1] = '\0';
	return s->n;
}

static void key_encode_part(struct key_sink *s, const char *raw, size_t len)
{
	int dots = key_is_dots(raw, len);

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)raw[i];

		if (key_unreserved(c) && !dots) {
			sink_put(s, (char)c);
			continue;
		}
		sink_put(s, '%');
		sink_put(s, hex_upper[c >> 4]);
		sink_put(s, hex_upper[c & 15]);
	}
}

size_t store_key_encode(char *out, size_t outsz, const char *raw, size_t len)
{
	struct key_sink s = {out, outsz, 0};

	key_encode_part(&s, raw, len);
	return sink_finish(&s);
}

size_t store_key_encode_parts(
	char *out, size_t outsz, const char *const *parts, const size_t *lens, int nparts)
{
	struct key_sink s = {out, outsz, 0};

	for (int i = 0; i < nparts; i++) {
		if (i > 0)
			sink_put(&s, ',');
		key_encode_part(&s, parts[i], lens[i]);
	}
	return sink_finish(&s);
}

static int key_fail(store_err *err, const char *name, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int key_fail(store_err *err, const char *name, size_t len, const char *fmt, ...)
{
	char ex[EXCERPT_SIZE];
	va_list ap;

	excerpt(ex, name, len);
	store_err_set(err, "22023", "invalid row key \"%s\"", ex);
	va_start(ap, fmt);
	err_vdetail(err, fmt, ap);
	va_end(ap);
	return STORE_ERROR;
}

int store_key_validate(const char *name, size_t len, store_err *err)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t start = 0, dot_at = 0;
	int part = 1, escaped_dot = 0;

	if (len == 0)
		return key_fail(err, name, len, "A row key must not be empty.");
	if (len > STORE_KEY_MAX)
		return key_fail(err, name, len, "The key is %zu bytes long; the limit is %d.", len,
			STORE_KEY_MAX);

	for (size_t i = 0; i <= len; i++) {
		/* At the end of a part: not empty, dots escaped only in "." and "..". */
		if (i == len || s[i] == ',') {
			const char *p = name + start;
			size_t plen = i - start;

			if (plen == 0)
				return key_fail(
					err, name, len, "Part %d of the key is empty.", part);
			if (key_is_dots(p, plen))
				return key_fail(err, name, len,
					"A key part \".\" or \"..\" is written with each dot as %%2E, at byte %zu.",
					start);
			if (escaped_dot && !key_is_escaped_dots(p, plen))
				return key_fail(err, name, len,
					"\"%%2E\" at byte %zu encodes a \".\" that is written as itself.",
					dot_at);
			start = i + 1;
			part++;
			escaped_dot = 0;
			continue;
		}
		if (key_unreserved(s[i]))
			continue;
		if (s[i] != '%')
			return key_fail(err, name, len,
				"Byte %zu (0x%02x) must be percent-encoded.", i, s[i]);

		/* An escape: two upper-case digits, for a byte that needs one. */
		if (len - i < 3 || key_hexval(s[i + 1]) < 0 || key_hexval(s[i + 2]) < 0)
			return key_fail(err, name, len,
				"The \"%%\" at byte %zu is not followed by two upper-case hexadecimal digits.",
				i);
		unsigned char c = (unsigned char)(key_hexval(s[i + 1]) << 4 | key_hexval(s[i + 2]));
		if (c == '.' && !escaped_dot) {
			escaped_dot = 1;
			dot_at = i;
		} else if (c != '.' && key_unreserved(c)) {
			return key_fail(err, name, len,
				"\"%.3s\" at byte %zu encodes a character that is written as itself.",
				name + i, i);
		}
		i += 2;
	}
	return STORE_OK;
}

size_t store_key_decode(char *out, const char *name, size_t len)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		int hi, lo;

		if (s[i] != '%') {
			out[o++] = (char)s[i];
			continue;
		}
		if (len - i < 3 || (hi = key_hexval(s[i + 1])) < 0 ||
			(lo = key_hexval(s[i + 2])) < 0)
			return (size_t)-1;
		out[o++] = (char)(hi << 4 | lo);
		i += 2;
	}
	return o;
}

int store_key_decode_parts(const char *name, size_t len,
	void (*cb)(void *arg, int index, const char *part, size_t plen), void *arg)
{
	char buf[STORE_KEY_MAX];
	size_t start = 0;
	int index = 0;

	/*
	 * Check every escape before the first callback, so that the caller
	 * sees all the parts or none.  An escape never spans a ',', so the
	 * whole name can be checked at once.
	 */
	if (len > STORE_KEY_MAX || store_key_decode(buf, name, len) == (size_t)-1)
		return STORE_ERROR;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && name[i] != ',')
			continue;
		cb(arg, index++, buf, store_key_decode(buf, name + start, i - start));
		start = i + 1;
	}
	return STORE_OK;
}

void store_key_fanout(char out[8], const char *name, size_t len)
{
	unsigned char md[SHA_DIGEST_LENGTH];
	SHA_CTX ctx;

	/* SHA1() looks its algorithm up in OpenSSL 3 on every call: the context is a tenth of it. */
	SHA1_Init(&ctx);
	SHA1_Update(&ctx, name, len);
	SHA1_Final(md, &ctx);
	out[0] = hex_lower[md[0] >> 4];
	out[1] = '/';
	out[2] = hex_lower[md[0] & 15];
	out[3] = '/';
	out[4] = hex_lower[md[1] >> 4];
	out[5] = '/';
	out[6] = hex_lower[md[1] & 15];
	out[7] = '\0';
}

/* ---- Table names ------------------------------------------------------- */

static int table_fail(store_err *err, const char *name, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int table_fail(store_err *err, const char *name, size_t len, const char *fmt, ...)
{
	char ex[EXCERPT_SIZE];
	va_list ap;

	excerpt(ex, name, len);
	store_err_set(err, "42602", "invalid table name \"%s\"", ex);
	va_start(ap, fmt);
	err_vdetail(err, fmt, ap);
	va_end(ap);
	store_err_hint(err, "A table name is 1 to %d bytes of UTF-8 without a zero byte.",
		STORE_TABLE_MAX);
	return STORE_ERROR;
}

int store_table_validate(const char *name, size_t len, store_err *err)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t n;

	if (len == 0)
		return table_fail(err, name, len, "The name is empty.");
	if (len > STORE_TABLE_MAX)
		return table_fail(err, name, len, "The name is %zu bytes long; the limit is %d.",
			len, STORE_TABLE_MAX);
	for (size_t i = 0; i < len; i += n) {
		if (s[i] == 0)
			return table_fail(err, name, len, "Byte %zu is a zero byte.", i);
		n = store_utf8_seq(s + i, len - i);
		if (n == 0)
			return table_fail(err, name, len,
				"Byte %zu (0x%02x) does not start a valid UTF-8 character.", i,
				s[i]);
	}
	return STORE_OK;
}

size_t store_table_encode(char *out, size_t outsz, const char *name, size_t len)
{
	struct key_sink s = {out, outsz, 0};

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (key_unreserved(c) && !(i == 0 && c == '.')) {
			sink_put(&s, (char)c);
			continue;
		}
		sink_put(&s, '%');
		sink_put(&s, hex_upper[c >> 4]);
		sink_put(&s, hex_upper[c & 15]);
	}
	return sink_finish(&s);
}

size_t store_table_decode(char *out, const char *enc, size_t len)
{
	char raw[STORE_TABLE_ENCMAX], back[STORE_TABLE_ENCMAX + 1];
	size_t n;

	/* Decode, then insist on the one spelling the encoder gives. */
	if (len == 0 || len > STORE_TABLE_ENCMAX)
		return (size_t)-1;
	n = store_key_decode(raw, enc, len);
	if (n == (size_t)-1 || store_table_validate(raw, n, NULL) != STORE_OK ||
		store_table_encode(back, sizeof(back), raw, n) != len ||
		memcmp(back, enc, len) != 0)
		return (size_t)-1;
	memcpy(out, raw, n);
	out[n] = '\0';
	return n;
}

/* ---- ChronDB file names ------------------------------------------------ */

/* ChronDB's escapes (inventory section 1.5), in the order it applied them. */
static const struct {
	const char *token;
	size_t len;
	char c;
} chrondb_tokens[] = {
	{"_COLON_", 7, ':'},
	{"_SLASH_", 7, '/'},
	{"_QMARK_", 7, '?'},
	{"_STAR_", 6, '*'},
	{"_BACKSLASH_", 11, '\\'},
	{"_LT_", 4, '<'},
	{"_GT_", 4, '>'},
	{"_PIPE_", 6, '|'},
	{"_QUOTE_", 7, '"'},
	{"_PERCENT_", 9, '%'},
	{"_HASH_", 6, '#'},
	{"_AMP_", 5, '&'},
	{"_EQUALS_", 8, '='},
	{"_PLUS_", 6, '+'},
	{"_AT_", 4, '@'},
	{"_SPACE_", 7, ' '},
};

size_t store_key_from_chrondb(char *out, const char *file, size_t len)
{
	size_t o = 0, i = 0;

	/*
	 * One scan, left to right, replacing the longest token that starts
	 * at each '_'.  ChronDB never escaped '_' itself, so an id that held
	 * a token literally comes back as the character: the mapping is as
	 * ambiguous as ChronDB's own decode-path.
	 */
	while (i < len) {
		size_t best = 0;
		char c = file[i];

		if (c == '_') {
			for (size_t t = 0; t < sizeof(chrondb_tokens) / sizeof(chrondb_tokens[0]);
				t++) {
				size_t tl = chrondb_tokens[t].len;

				if (tl > best && len - i >= tl &&
					memcmp(file + i, chrondb_tokens[t].token, tl) == 0) {
					best = tl;
					c = chrondb_tokens[t].c;
				}
			}
		}
		out[o++] = c;
		i += best > 0 ? best : 1;
	}
	out[o] = '\0';
	return o;
}

size_t store_chrondb_escape(char *out, size_t outsz, const char *raw, size_t len)
{
	struct key_sink s = {out, outsz, 0};

	for (size_t i = 0; i < len; i++) {
		size_t t = 0;

		while (t < sizeof(chrondb_tokens) / sizeof(chrondb_tokens[0]) &&
			chrondb_tokens[t].c != raw[i])
			t++;
		if (t == sizeof(chrondb_tokens) / sizeof(chrondb_tokens[0])) {
			sink_put(&s, raw[i]);
			continue;
		}
		for (size_t k = 0; k < chrondb_tokens[t].len; k++)
			sink_put(&s, chrondb_tokens[t].token[k]);
	}
	return sink_finish(&s);
}

size_t store_table_from_chrondb(char *out, const char *dir, size_t len)
{
	char raw[STORE_TABLE_CHRONDBMAX + 1], back[STORE_TABLE_CHRONDBMAX + 1];
	size_t n;

	if (len == 0 || len > STORE_TABLE_CHRONDBMAX)
		return (size_t)-1;
	n = store_key_from_chrondb(raw, dir, len);
	if (store_table_validate(raw, n, NULL) != STORE_OK ||
		store_chrondb_escape(back, sizeof(back), raw, n) != len ||
		memcmp(back, dir, len) != 0)
		return (size_t)-1;
	memcpy(out, raw, n + 1);
	return n;
}

/* ---- Canonical JSON ---------------------------------------------------- */

/*
 * The canonicalizer reads the input once, by recursive descent, and writes
 * every member name and value in canonical form into a scratch buffer as
 * it goes: nested values come out compact and final.  The top-level
 * members are only recorded (where their name and value lie in the
 * scratch), then sorted by name and written out in the final layout.
 *
 * The canonical text of a name or value is never longer than its input
 * text (an escape never grows, whitespace and the top-level punctuation
 * are dropped), so the scratch is sized once from the input length and
 * the parser writes without bounds checks.
 */

/* One object member, on a stack shared by all the objects being parsed. */
struct json_member {
	const char *key; /* bytes that order and compare members */
	size_t keylen;
	size_t at;      /* input offset of the name, for errors */
	size_t out;     /* offset of the canonical name in the scratch */
	size_t namelen; /* its length, quotes included */
	size_t end;     /* scratch offset just past the value */
	int used;       /* already written as a listed column */
};

struct json_ctx {
	const unsigned char *in;
	size_t len;
	size_t i;   /* read position in the input */
	char *out;  /* scratch: canonical names and values */
	size_t o;   /* write position in the scratch */
	char *keys; /* decoded top-level names, for the few that need decoding */
	size_t k;
	int escaped; /* the last string read held an escape */
	struct json_member *m;
	size_t nm, mcap;
	int m_heap; /* m was malloc'd (it starts on the caller's stack) */
	store_err *err;
};

static int json_fail(struct json_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int json_fail(struct json_ctx *c, const char *fmt, ...)
{
	va_list ap;

	store_err_set(c->err, "22P02", "invalid input syntax for type json");
	va_start(ap, fmt);
	err_vdetail(c->err, fmt, ap);
	va_end(ap);
	return STORE_ERROR;
}

static int json_oom(struct json_ctx *c, size_t size)
{
	store_err_set(c->err, "53200", "out of memory");
	store_err_detail(c->err,
		"Failed on request of size %zu while canonicalizing a json document.", size);
	return STORE_ERROR;
}

/* Report what should have stood at the read position. */
static int json_expected(struct json_ctx *c, const char *what)
{
	if (c->i >= c->len)
		return json_fail(c, "The input ends unexpectedly at byte %zu.", c->len);
	return json_fail(c, "Expected %s at byte %zu.", what, c->i);
}

/* Bytes that end a bare token (number or literal). */
static int json_is_delim(unsigned char b)
{
	switch (b) {
	case ' ':
	case '\t':
	case '\n':
	case '\r':
	case '{':
	case '}':
	case '[':
	case ']':
	case ',':
	case ':':
	case '"':
		return 1;
	default:
		return 0;
	}
}

/* Report the bare token that starts at start as invalid. */
static int json_bad_token(struct json_ctx *c, size_t start)
{
	char ex[EXCERPT_SIZE];
	size_t end = start;

	while (end < c->len && !json_is_delim(c->in[end]))
		end++;
	excerpt(ex, (const char *)c->in + start, end - start);
	return json_fail(c, "Token \"%s\" is invalid at byte %zu.", ex, start);
}

static void json_skip_ws(struct json_ctx *c)
{
	size_t i = c->i;

	while (i < c->len &&
		(c->in[i] == ' ' || c->in[i] == '\n' || c->in[i] == '\r' || c->in[i] == '\t'))
		i++;
	c->i = i;
}

/*
 * Bytes a string holds as themselves in both input and canonical text:
 * printable ASCII and DEL, except '"' and '\\'.  Bytes from 0x80 are
 * checked as UTF-8 separately.
 */
static const unsigned char json_plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x00 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x10 */
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20: '"' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x30 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x40 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50: '\\' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x60 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x70 */
};

/* The character a one-letter escape stands for ('n' for "\n": LF), -1 for none. */
static int json_escape_char(unsigned char e)
{
	switch (e) {
	case '"':
	case '\\':
	case '/':
		return e;
	case 'b':
		return '\b';
	case 'f':
		return '\f';
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case 't':
		return '\t';
	default:
		return -1;
	}
}

/*
 * True when none of the 8 bytes at p needs a closer look: no control
 * character, '"', '\\' or byte from 0x80.  Bytes below 0x80 minus 0x20
 * borrow into the top bit only when they were controls, and x ^ '"' minus
 * one does only where x was '"'; a borrow may flag a neighbour as well,
 * which merely sends the block to the byte loop.
 */
static int json_plain8(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	uint64_t x;

	memcpy(&x, p, 8);
	return ((x | (x - ones * 0x20) | ((x ^ ones * '"') - ones) | ((x ^ ones * '\\') - ones)) &
		       high) == 0;
}

/* Write one code point in canonical form: raw UTF-8 unless it must be escaped. */
static char *json_put_cp(char *o, uint32_t cp)
{
	if (cp < 0x20) {
		static const char short_esc[0x20] = {
			['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't'};

		*o++ = '\\';
		if (short_esc[cp] != 0) {
			*o++ = short_esc[cp];
		} else {
			memcpy(o, "u00", 3);
			o[3] = hex_lower[cp >> 4];
			o[4] = hex_lower[cp & 15];
			o += 5;
		}
	} else if (cp == '"' || cp == '\\') {
		*o++ = '\\';
		*o++ = (char)cp;
	} else if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xc0 | cp >> 6);
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xe0 | cp >> 12);
		*o++ = (char)(0x80 | (cp >> 6 & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (char)(0xf0 | cp >> 18);
		*o++ = (char)(0x80 | (cp >> 12 & 0x3f));
		*o++ = (char)(0x80 | (cp >> 6 & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	}
	return o;
}

/* Parse "\uXXXX" at s (6 bytes available); 0 when the digits are not hex. */
static int json_hex4(const unsigned char *s, uint32_t *cp)
{
	uint32_t v = 0;

	for (int k = 2; k < 6; k++) {
		int h = store_hexval(s[k]);

		if (h < 0)
			return 0;
		v = v << 4 | (uint32_t)h;
	}
	*cp = v;
	return 1;
}

/*
 * Decode the \u escape at input offset i into *cp, joining a surrogate
 * pair into one code point.  Returns the input bytes used (6 or 12), 0
 * after setting the error.
 */
static size_t json_u_escape(struct json_ctx *c, size_t i, uint32_t *cp)
{
	const unsigned char *s = c->in + i;
	size_t avail = c->len - i;
	uint32_t lo;

	if (avail < 6 || !json_hex4(s, cp)) {
		json_fail(c, "\"\\u\" must be followed by four hexadecimal digits at byte %zu.", i);
		return 0;
	}
	if (*cp >= 0xdc00 && *cp <= 0xdfff) {
		json_fail(c, "Unicode low surrogate must follow a high surrogate at byte %zu.", i);
		return 0;
	}
	if (*cp < 0xd800 || *cp > 0xdbff)
		return 6;
	if (avail < 12 || s[6] != '\\' || s[7] != 'u' || !json_hex4(s + 6, &lo) || lo < 0xdc00 ||
		lo > 0xdfff) {
		json_fail(c,
			"Unicode high surrogate must be followed by a low surrogate at byte %zu.",
			i);
		return 0;
	}
	*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
	return 12;
}

/*
 * A string at the read position (on its '"').  Sets c->escaped when the
 * input held an escape.  The positions live in locals: every store
 * through the char pointer o could alias the context.
 */
static int json_string(struct json_ctx *c)
{
	const unsigned char *in = c->in;
	size_t len = c->len, i = c->i + 1, n;
	char *o = c->out + c->o;
	uint32_t cp;

	*o++ = '"';
	c->escaped = 0;
	for (;;) {
		/* Plain ASCII, the common case, is copied as it is. */
		while (len - i >= 8 && json_plain8(in + i)) {
			memcpy(o, in + i, 8);
			o += 8;
			i += 8;
		}
		while (i < len && json_plain[in[i]])
			*o++ = (char)in[i++];
		if (i >= len)
			return json_fail(c, "The input ends unexpectedly at byte %zu.", len);
		if (in[i] == '"')
			break;

		/* Raw control characters are refused, other UTF-8 kept as it is. */
		if (in[i] < 0x20)
			return json_fail(c,
				"Character with value 0x%02x must be escaped at byte %zu.", in[i],
				i);
		if (in[i] >= 0x80) {
			n = store_utf8_seq(in + i, len - i);
			if (n == 0)
				return json_fail(c, "Invalid UTF-8 byte sequence at byte %zu.", i);
			memcpy(o, in + i, n);
			o += n;
			i += n;
			continue;
		}

		/* An escape, decoded and written again in canonical form. */
		c->escaped = 1;
		if (i + 1 >= len)
			return json_fail(c, "The input ends unexpectedly at byte %zu.", len);
		if (in[i + 1] == 'u') {
			n = json_u_escape(c, i, &cp);
			if (n == 0)
				return STORE_ERROR;
		} else if (json_escape_char(in[i + 1]) >= 0) {
			cp = (uint32_t)json_escape_char(in[i + 1]);
			n = 2;
		} else {
			char ex[EXCERPT_SIZE];
			size_t elen = store_utf8_seq(in + i + 1, len - i - 1);

			excerpt(ex, (const char *)in + i, 1 + (elen > 0 ? elen : 1));
			return json_fail(
				c, "Escape sequence \"%s\" is invalid at byte %zu.", ex, i);
		}
		o = json_put_cp(o, cp);
		i += n;
	}
	*o++ = '"';
	c->i = i + 1;
	c->o = (size_t)(o - c->out);
	return STORE_OK;
}

static size_t json_digits(const struct json_ctx *c, size_t i)
{
	while (i < c->len && c->in[i] >= '0' && c->in[i] <= '9')
		i++;
	return i;
}

/* A number: checked against RFC 8259's grammar, copied as written. */
static int json_number(struct json_ctx *c)
{
	const unsigned char *in = c->in;
	size_t start = c->i, i = start, d;

	if (in[i] == '-')
		i++;
	if (i < c->len && in[i] == '0')
		i++;
	else if (i < c->len && in[i] >= '1' && in[i] <= '9')
		i = json_digits(c, i);
	else
		return json_bad_token(c, start);
	if (i < c->len && in[i] == '.') {
		d = json_digits(c, i + 1);
		if (d == i + 1)
			return json_bad_token(c, start);
		i = d;
	}
	if (i < c->len && (in[i] == 'e' || in[i] == 'E')) {
		i++;
		if (i < c->len && (in[i] == '+' || in[i] == '-'))
			i++;
		d = json_digits(c, i);
		if (d == i)
			return json_bad_token(c, start);
		i = d;
	}
	if (i < c->len && !json_is_delim(in[i]))
		return json_bad_token(c, start);

	memcpy(c->out + c->o, in + start, i - start);
	c->o += i - start;
	c->i = i;
	return STORE_OK;
}

static int json_literal(struct json_ctx *c, const char *word, size_t n)
{
	if (c->len - c->i < n || memcmp(c->in + c->i, word, n) != 0 ||
		(c->len - c->i > n && !json_is_delim(c->in[c->i + n])))
		return json_bad_token(c, c->i);
	memcpy(c->out + c->o, word, n);
	c->o += n;
	c->i += n;
	return STORE_OK;
}

static int json_too_deep(struct json_ctx *c)
{
	store_err_set(c->err, "54001", "json nesting too deep");
	store_err_detail(c->err, "Arrays and objects nest more than %d levels deep at byte %zu.",
		JSON_MAX_DEPTH, c->i);
	return STORE_ERROR;
}

static int json_object(struct json_ctx *c, int depth, int top);
static int json_array(struct json_ctx *c, int depth);

/* Any value, after optional whitespace; depth counts the enclosing containers. */
static int json_value(struct json_ctx *c, int depth)
{
	json_skip_ws(c);
	if (c->i >= c->len)
		return json_expected(c, "JSON value");
	switch (c->in[c->i]) {
	case '{':
		return json_object(c, depth + 1, 0);
	case '[':
		return json_array(c, depth + 1);
	case '"':
		return json_string(c);
	case 't':
		return json_literal(c, "true", 4);
	case 'f':
		return json_literal(c, "false", 5);
	case 'n':
		return json_literal(c, "null", 4);
	case '-':
	case '0':
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
	case '7':
	case '8':
	case '9':
		return json_number(c);
	case '}':
	case ']':
	case ',':
	case ':':
		return json_expected(c, "JSON value");
	default:
		return json_bad_token(c, c->i);
	}
}

static int json_array(struct json_ctx *c, int depth)
{
	if (depth > JSON_MAX_DEPTH)
		return json_too_deep(c);
	c->out[c->o++] = '[';
	c->i++;
	json_skip_ws(c);
	if (c->i < c->len && c->in[c->i] == ']') {
		c->out[c->o++] = ']';
		c->i++;
		return STORE_OK;
	}
	for (;;) {
		if (json_value(c, depth) != STORE_OK)
			return STORE_ERROR;
		json_skip_ws(c);
		if (c->i >= c->len || (c->in[c->i] != ',' && c->in[c->i] != ']'))
			return json_expected(c, "\",\" or \"]\"");
		c->out[c->o++] = (char)c->in[c->i];
		if (c->in[c->i++] == ']')
			return STORE_OK;
	}
}

/* Byte order of two names; inline, as names are short and differ early. */
static int json_key_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen;

	for (size_t i = 0; i < n; i++) {
		if (a[i] != b[i])
			return (unsigned char)a[i] < (unsigned char)b[i] ? -1 : 1;
	}
	return alen < blen ? -1 : alen > blen;
}

/* Order by key, then by position, so that equal names end up side by side. */
static int json_member_cmp(const void *pa, const void *pb)
{
	const struct json_member *a = pa, *b = pb;
	int r = json_key_cmp(a->key, a->keylen, b->key, b->keylen);

	if (r != 0)
		return r;
	return a->at < b->at ? -1 : a->at > b->at;
}

static void json_sort(struct json_member *m, size_t n)
{
	if (n > JSON_SORT_SMALL) {
		qsort(m, n, sizeof(*m), json_member_cmp);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		struct json_member t = m[i];
		size_t j = i;

		for (; j > 0 && json_member_cmp(&m[j - 1], &t) > 0; j--)
			m[j] = m[j - 1];
		m[j] = t;
	}
}

/*
 * Sort the members of the object that starts at m[base] and refuse a name
 * given twice, naming the earliest repetition.
 */
static int json_check_unique(struct json_ctx *c, size_t base)
{
	struct json_member *m = c->m + base;
	const struct json_member *dup = NULL;
	size_t n = c->nm - base;
	char ex[EXCERPT_SIZE];

	json_sort(m, n);
	for (size_t i = 1; i < n; i++) {
		if (json_key_cmp(m[i - 1].key, m[i - 1].keylen, m[i].key, m[i].keylen) == 0 &&
			(dup == NULL || m[i].at < dup->at))
			dup = &m[i];
	}
	if (dup == NULL)
		return STORE_OK;
	excerpt(ex, c->out + dup->out + 1, dup->namelen - 2);
	return json_fail(c, "Duplicate object member \"%s\" at byte %zu.", ex, dup->at);
}

static struct json_member *json_push_member(struct json_ctx *c)
{
	if (c->nm == c->mcap) {
		size_t cap = c->mcap * 2;
		struct json_member *m;

		if (c->m_heap) {
			m = realloc(c->m, cap * sizeof(*m));
		} else {
			m = malloc(cap * sizeof(*m));
			if (m != NULL)
				memcpy(m, c->m, c->nm * sizeof(*m));
		}
		if (m == NULL) {
			json_oom(c, cap * sizeof(*m));
			return NULL;
		}
		c->m = m;
		c->mcap = cap;
		c->m_heap = 1;
	}
	return &c->m[c->nm++];
}

/*
 * Decode a top-level name that holds an escape, from its canonical text
 * (without quotes), where only \" \\ \b \f \n \r \t and \u00XX occur.
 */
static size_t json_unescape_name(char *dst, const char *s, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] != '\\') {
			dst[o++] = s[i];
		} else if (s[i + 1] == 'u') {
			dst[o++] = (char)(store_hexval((unsigned char)s[i + 4]) << 4 |
					  store_hexval((unsigned char)s[i + 5]));
			i += 5;
		} else {
			dst[o++] = (char)json_escape_char((unsigned char)s[i + 1]);
			i++;
		}
	}
	return o;
}

/*
 * An object at the read position (on its '{').  A nested object is
 * written compact; the top-level one (top) only records its members,
 * each with the key that orders it: the name's bytes after unescaping.
 */
static int json_object(struct json_ctx *c, int depth, int top)
{
	size_t base = c->nm;

	if (depth > JSON_MAX_DEPTH)
		return json_too_deep(c);
	if (!top)
		c->out[c->o++] = '{';
	c->i++;
	json_skip_ws(c);
	if (c->i < c->len && c->in[c->i] == '}') {
		if (!top)
			c->out[c->o++] = '}';
		c->i++;
		return STORE_OK;
	}

	for (;;) {
		struct json_member *m;
		size_t mi;

		/* The name. */
		json_skip_ws(c);
		if (c->i >= c->len || c->in[c->i] != '"')
			return json_expected(c, "string");
		m = json_push_member(c);
		if (m == NULL)
			return STORE_ERROR;
		mi = (size_t)(m - c->m);
		m->at = c->i;
		m->out = c->o;
		m->used = 0;
		if (json_string(c) != STORE_OK)
			return STORE_ERROR;
		m->namelen = c->o - m->out;
		m->key = c->out + m->out;
		m->keylen = m->namelen;
		if (top) {
			m->key++;
			m->keylen -= 2;
			if (c->escaped && memchr(m->key, '\\', m->keylen) != NULL) {
				m->keylen = json_unescape_name(c->keys + c->k, m->key, m->keylen);
				m->key = c->keys + c->k;
				c->k += m->keylen;
			}
		}

		/* The value. */
		json_skip_ws(c);
		if (c->i >= c->len || c->in[c->i] != ':')
			return json_expected(c, "\":\"");
		c->i++;
		if (!top)
			c->out[c->o++] = ':';
		if (json_value(c, depth) != STORE_OK)
			return STORE_ERROR;
		c->m[mi].end = c->o;

		/* The separator or the end. */
		json_skip_ws(c);
		if (c->i >= c->len || (c->in[c->i] != ',' && c->in[c->i] != '}'))
			return json_expected(c, "\",\" or \"}\"");
		if (!top)
			c->out[c->o++] = (char)c->in[c->i];
		if (c->in[c->i++] == '}')
			break;
	}

	if (json_check_unique(c, base) != STORE_OK)
		return STORE_ERROR;
	if (!top)
		c->nm = base;
	return STORE_OK;
}

static struct json_member *json_find(struct json_ctx *c, const char *name, size_t len)
{
	size_t lo = 0, hi = c->nm;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = json_key_cmp(c->m[mid].key, c->m[mid].keylen, name, len);

		if (r == 0)
			return &c->m[mid];
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static char *json_put_member(char *p, const struct json_ctx *c, struct json_member *m, int first)
{
	size_t vlen = m->end - m->out - m->namelen;

	if (!first) {
		memcpy(p, ",\n", 2);
		p += 2;
	}
	memcpy(p, "  ", 2);
	memcpy(p + 2, c->out + m->out, m->namelen);
	p += 2 + m->namelen;
	memcpy(p, ": ", 2);
	memcpy(p + 2, c->out + m->out + m->namelen, vlen);
	m->used = 1;
	return p + 2 + vlen;
}

/* Lay out the sorted top-level members: listed columns first, then the rest. */
static int json_write(
	struct json_ctx *c, const char *const *order, int norder, char **out, size_t *outlen)
{
	size_t size = 3, i;
	int first = 1;
	char *buf, *p;

	if (c->nm > 0) {
		size = 2 + 2 * (c->nm - 1) + 3;
		for (i = 0; i < c->nm; i++)
			size += 4 + c->m[i].end - c->m[i].out;
	}
	buf = malloc(size + 1);
	if (buf == NULL)
		return json_oom(c, size + 1);

	p = buf;
	*p++ = '{';
	if (c->nm == 0) {
		*p++ = '}';
	} else {
		*p++ = '\n';
		for (int col = 0; col < norder; col++) {
			struct json_member *m = json_find(c, order[col], strlen(order[col]));

			if (m != NULL && !m->used) {
				p = json_put_member(p, c, m, first);
				first = 0;
			}
		}
		for (i = 0; i < c->nm; i++) {
			if (!c->m[i].used) {
				p = json_put_member(p, c, &c->m[i], first);
				first = 0;
			}
		}
		memcpy(p, "\n}", 2);
		p += 2;
	}
	*p++ = '\n';
	*p = '\0';
	*out = buf;
	*outlen = (size_t)(p - buf);
	return STORE_OK;
}

/*
 * Parse one JSON object, with only whitespace around it, into c: its
 * members sorted, their canonical text in c's scratch.  *c must hold
 * the input, err and the stack buffers; the scratch is allocated here
 * when the stack's is too small (json_done frees it).
 */
static int json_parse_top(struct json_ctx *c, char *stack_scratch, size_t stack_size)
{
	int rc;

	/* Scratch: canonical text in the first half, decoded names in the second. */
	c->out = stack_scratch;
	if (c->len > stack_size / 2) {
		c->out = c->len <= SIZE_MAX / 2 ? malloc(2 * c->len) : NULL;
		if (c->out == NULL) {
			c->out = stack_scratch;
			return json_oom(c, 2 * c->len);
		}
	}
	c->keys = c->out + c->len;

	json_skip_ws(c);
	if (c->i >= c->len || c->in[c->i] != '{') {
		rc = json_expected(c, "\"{\"");
		store_err_hint(c->err, "A row document is a JSON object.");
	} else {
		rc = json_object(c, 1, 1);
	}
	if (rc == STORE_OK) {
		json_skip_ws(c);
		if (c->i < c->len)
			rc = json_expected(c, "end of input");
	}
	return rc;
}

static void json_done(struct json_ctx *c, const char *stack_scratch)
{
	if (c->out != stack_scratch)
		free(c->out);
	if (c->m_heap)
		free(c->m);
}

int store_json_canonical(const char *json, size_t len, const char *const *order, int norder,
	char **out, size_t *outlen, store_err *err)
{
	char stack_scratch[JSON_STACK_SCRATCH];
	struct json_member stack_members[JSON_STACK_MEMBERS];
	struct json_ctx c = {
		.in = (const unsigned char *)json,
		.len = len,
		.m = stack_members,
		.mcap = JSON_STACK_MEMBERS,
		.err = err,
	};
	int rc;

	*out = NULL;
	*outlen = 0;
	rc = json_parse_top(&c, stack_scratch, sizeof(stack_scratch));
	if (rc == STORE_OK)
		rc = json_write(&c, order, norder, out, outlen);
	json_done(&c, stack_scratch);
	return rc;
}

int store_json_members(
	const char *json, size_t len, store_json_member_fn fn, void *arg, store_err *err)
{
	char stack_scratch[JSON_STACK_SCRATCH];
	struct json_member stack_members[JSON_STACK_MEMBERS];
	struct json_ctx c = {
		.in = (const unsigned char *)json,
		.len = len,
		.m = stack_members,
		.mcap = JSON_STACK_MEMBERS,
		.err = err,
	};
	int rc = json_parse_top(&c, stack_scratch, sizeof(stack_scratch));

	for (size_t i = 0; rc == STORE_OK && i < c.nm; i++) {
		const struct json_member *m = &c.m[i];
		store_json_member jm = {
			.name = m->key,
			.namelen = m->keylen,
			.qname = c.out + m->out,
			.qnamelen = m->namelen,
			.value = c.out + m->out + m->namelen,
			.valuelen = m->end - m->out - m->namelen,
		};

		rc = fn(arg, &jm);
	}
	json_done(&c, stack_scratch);
	return rc;
}

void store_json_quote(store_buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t plain = 0;

	store_buf_putc(b, '"');
	for (size_t i = 0; i < len; i++) {
		char esc[8];

		if (p[i] >= 0x20 && p[i] != '"' && p[i] != '\\')
			continue;
		store_buf_put(b, s + plain, i - plain);
		store_buf_put(b, esc, (size_t)(json_put_cp(esc, p[i]) - esc));
		plain = i + 1;
	}
	store_buf_put(b, s + plain, len - plain);
	store_buf_putc(b, '"');
}
