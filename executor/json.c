/*
 * json.c - the json and jsonb types: the parser into arena trees, the
 * writer, jsonb's order, hash and number rules, conversions from other
 * values (to_jsonb), and the module table with the operators,
 * functions, aggregates and casts of both types.
 *
 * It owns what json.h declares.  It does not own the row encoding
 * (rowjson.c) or arrays (array.c), and it needs no other type module
 * at build time: values of other types become JSON through the
 * registry's text output (exec_value_out), and a jsonb number becomes a
 * numeric through the registry's text input, only when a cast asks.
 *
 * Design note: DESIGN.md section 3 (rows are JSON documents; json and
 * jsonb nest), PostgreSQL's "JSON Types" and "JSON Functions and
 * Operators" chapters for the behaviour.
 */
#include "json.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keycodec.h"
#include "record.h"

/* pg_type's "internal": aggregate states that are private structs (see the aggregates). */
#define JSON_OID_INTERNAL 2281

/* numeric's limits (PostgreSQL): digits before the point, digits after it. */
#define NUMERIC_MAX_INT_DIGITS 131072
#define NUMERIC_MAX_DSCALE     16383

/* Longest token quoted in an error detail before it is cut with "...". */
#define JSON_TOKEN_EXCERPT 200

/* Scratch members kept on the C stack before the parser's stack moves to the heap. */
#define JSON_STACK_LOCAL 32

/* Objects with more members than this are sorted by merging, fewer by insertion. */
#define JSON_SORT_SMALL 12

static const char hex_lower[] = "0123456789abcdef";

/* memcpy of n items that may be none, from a pointer that is then allowed to be NULL. */
static void copy_items(void *dst, const void *src, size_t n, size_t size)
{
	if (n > 0)
		memcpy(dst, src, n * size);
}

/* ---- Errors ------------------------------------------------------------ */

static int json_syntax(store_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* 22P02 with a detail sentence, as PostgreSQL's json_ereport_error gives it. */
static int json_syntax(store_err *err, const char *fmt, ...)
{
	char detail[sizeof(err->detail)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	store_err_set(err, "22P02", "invalid input syntax for type json");
	store_err_detail(err, "%s", detail);
	return EXEC_ERROR;
}

static int json_too_deep(store_err *err)
{
	store_err_set(err, "54001", "stack depth limit exceeded");
	store_err_detail(
		err, "JSON arrays and objects nest more than %d levels deep.", EXEC_JSON_MAX_DEPTH);
	return EXEC_ERROR;
}

static int json_numeric_overflow(store_err *err)
{
	return store_err_set(err, "22003", "value overflows numeric format");
}

static int json_nul_escape(store_err *err)
{
	store_err_set(err, "22P05", "unsupported Unicode escape sequence");
	store_err_detail(err, "\\u0000 cannot be converted to text.");
	return EXEC_ERROR;
}

/* ---- UTF-8 ------------------------------------------------------------- */

static char *utf8_put(char *o, uint32_t cp)
{
	if (cp < 0x80) {
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

/* ---- The parser -------------------------------------------------------- */

/*
 * Recursive descent over a lexer that mirrors PostgreSQL's json_lex, so
 * that errors name the same token.  Children of the containers being
 * parsed wait on one scratch stack (st); a container that closes copies
 * its run of the stack into one arena array and pops it.
 */

enum json_tok {
	TOK_END,
	TOK_OBJ_OPEN,
	TOK_OBJ_CLOSE,
	TOK_ARR_OPEN,
	TOK_ARR_CLOSE,
	TOK_COMMA,
	TOK_COLON,
	TOK_STRING,
	TOK_NUMBER,
	TOK_TRUE,
	TOK_FALSE,
	TOK_NULL,
	TOK_ERROR, /* the error is set */
};

struct json_parser {
	const unsigned char *in;
	size_t len;
	size_t i;         /* read position */
	size_t tok_start; /* the last token's extent, for errors and spans */
	size_t tok_end;
	size_t line_start; /* where the line being read starts, and its number (from 1) */
	int line;
	unsigned flags;
	bool build; /* building a tree (not EXEC_JSON_CHECK) */
	sql_arena *a;
	store_err *err;

	/* The last string or number token, unescaped (when building). */
	const char *str;
	size_t strlen;

	/* Where strings and numbers are copied: one block, sized from the input. */
	char *pool;
	size_t pool_used;

	/* The scratch stack of members and elements (elements have key NULL). */
	exec_jsonb_pair *st;
	size_t nst, capst;
	exec_jsonb_pair st_local[JSON_STACK_LOCAL];
};

/* Bytes that are part of a bare token for error reports (PostgreSQL's JSON_ALPHANUMERIC_CHAR). */
static bool json_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c >= 0x80;
}

/*
 * The CONTEXT of an error in the input, as PostgreSQL's
 * report_json_context writes it: "JSON data, line N: " and the line up
 * to term, where reading stopped when the error was found (the end of
 * the offending token or character).  Of a long line only the last 50
 * bytes or so show (whole characters), after "..." (unless that would
 * hide 3 bytes or fewer); "..." follows when the line goes on after
 * term, unless the error is that the input ended (at_end).
 */
static int json_error_at(struct json_parser *p, size_t term, bool at_end)
{
	const char *in = (const char *)p->in;
	size_t start = p->line_start;

	while (term - start >= 50) {
		size_t n = p->in[start] >= 0x80 ? store_utf8_seq(p->in + start, p->len - start) : 1;

		start += n > 0 ? n : 1;
	}
	if (start - p->line_start <= 3)
		start = p->line_start;
	store_err_context(p->err, "JSON data, line %d: %s%.*s%s", p->line,
		start > p->line_start ? "..." : "", (int)(term - start), in + start,
		!at_end && term < p->len && in[term] != '\n' && in[term] != '\r' ? "..." : "");
	return EXEC_ERROR;
}

/* Report the token at [start, end) as invalid. */
static int json_bad_token(struct json_parser *p, size_t start, size_t end)
{
	size_t n = end - start;

	if (n > JSON_TOKEN_EXCERPT)
		json_syntax(p->err, "Token \"%.*s...\" is invalid.", JSON_TOKEN_EXCERPT,
			(const char *)p->in + start);
	else
		json_syntax(
			p->err, "Token \"%.*s\" is invalid.", (int)n, (const char *)p->in + start);
	return json_error_at(p, end, false);
}

/* Report that the last token was not what the grammar wanted here. */
static int json_expected(struct json_parser *p, enum json_tok t, const char *what)
{
	size_t n = p->tok_end - p->tok_start;

	if (t == TOK_ERROR)
		return EXEC_ERROR;
	if (t == TOK_END)
		json_syntax(p->err, "The input string ended unexpectedly.");
	else if (n > JSON_TOKEN_EXCERPT)
		json_syntax(p->err, "Expected %s, but found \"%.*s...\".", what, JSON_TOKEN_EXCERPT,
			(const char *)p->in + p->tok_start);
	else
		json_syntax(p->err, "Expected %s, but found \"%.*s\".", what, (int)n,
			(const char *)p->in + p->tok_start);
	return json_error_at(p, p->tok_end, t == TOK_END);
}

/* Room for n more bytes in the pool; the pool is sized so that this never fails. */
static char *json_pool(struct json_parser *p)
{
	if (p->pool == NULL)
		p->pool = sql_arena_alloc(p->a, p->len + 1);
	return p->pool + p->pool_used;
}

/*
 * Bytes a string holds as themselves: printable ASCII and DEL, except
 * '"' and '\\'.  0x80 and up are checked as UTF-8.
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

/* The byte a one-letter escape stands for, -1 when the letter is no escape. */
static int json_escape_char(unsigned char e)
{
	static const signed char map[128] = {['"'] = '"',
		['\\'] = '\\',
		['/'] = '/',
		['b'] = '\b',
		['f'] = '\f',
		['n'] = '\n',
		['r'] = '\r',
		['t'] = '\t'};

	return e < 128 && map[e] != 0 ? map[e] : -1;
}

/*
 * A string token at p->i (on its quote).  When building, the unescaped
 * bytes go to the pool (NUL-terminated) and p->str/p->strlen name them.
 * Errors in PostgreSQL's order of discovery.
 */
static enum json_tok json_lex_string(struct json_parser *p)
{
	const unsigned char *in = p->in;
	size_t len = p->len, i = p->i + 1, start = p->i;
	char *o = p->build ? json_pool(p) : NULL, *o0 = o;
	uint32_t hi_surrogate = 0;
	size_t term; /* where a surrogate error was found: the end of the character */

	for (;;) {
		size_t run = i;

		/* Plain ASCII, the common case, goes in runs. */
		while (i < len && json_plain[in[i]])
			i++;
		term = run + 1;
		if (i > run && hi_surrogate != 0 && p->build)
			goto lone_high;
		if (o != NULL) {
			memcpy(o, in + run, i - run);
			o += i - run;
		}
		if (i >= len) {
			json_bad_token(p, start, len);
			return TOK_ERROR;
		}
		if (in[i] == '"')
			break;

		if (in[i] < 0x20) {
			json_syntax(p->err, "Character with value 0x%02x must be escaped.", in[i]);
			json_error_at(p, i, false);
			return TOK_ERROR;
		}
		if (in[i] >= 0x80) {
			size_t n = store_utf8_seq(in + i, len - i);

			if (n == 0) {
				store_err_set(p->err, "22021",
					"invalid byte sequence for encoding \"UTF8\": 0x%02x",
					in[i]);
				return TOK_ERROR;
			}
			term = i + n;
			if (hi_surrogate != 0 && p->build)
				goto lone_high;
			if (o != NULL) {
				memcpy(o, in + i, n);
				o += n;
			}
			i += n;
			continue;
		}

		/* An escape. */
		if (i + 1 >= len) {
			json_bad_token(p, start, len);
			return TOK_ERROR;
		}
		if (in[i + 1] == 'u') {
			uint32_t cp = 0;

			for (size_t k = 2; k < 6; k++) {
				int h;

				if (i + k >= len) {
					json_bad_token(p, start, len);
					return TOK_ERROR;
				}
				h = store_hexval(in[i + k]);
				if (h < 0) {
					size_t n = in[i + k] >= 0x80
							   ? store_utf8_seq(in + i + k, len - i - k)
							   : 1;

					json_syntax(p->err,
						"\"\\u\" must be followed by four hexadecimal digits.");
					json_error_at(p, i + k + (n > 0 ? n : 1), false);
					return TOK_ERROR;
				}
				cp = cp << 4 | (uint32_t)h;
			}
			i += 6;
			if (!p->build)
				continue;

			/* Decoding: surrogate pairs join, "\u0000" is refused in jsonb. */
			term = i;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (hi_surrogate != 0) {
					json_syntax(p->err,
						"Unicode high surrogate must not follow a high surrogate.");
					json_error_at(p, term, false);
					return TOK_ERROR;
				}
				hi_surrogate = cp;
				continue;
			}
			if (cp >= 0xdc00 && cp <= 0xdfff) {
				if (hi_surrogate == 0)
					goto lone_high;
				cp = 0x10000 + ((hi_surrogate - 0xd800) << 10) + (cp - 0xdc00);
				hi_surrogate = 0;
			} else if (hi_surrogate != 0) {
				goto lone_high;
			} else if (cp == 0 && (p->flags & EXEC_JSON_JSONB)) {
				json_nul_escape(p->err);
				json_error_at(p, term, false);
				return TOK_ERROR;
			}
			o = utf8_put(o, cp);
			continue;
		}
		if (json_escape_char(in[i + 1]) < 0) {
			size_t n = in[i + 1] >= 0x80 ? store_utf8_seq(in + i + 1, len - i - 1) : 1;

			json_syntax(p->err, "Escape sequence \"\\%.*s\" is invalid.",
				(int)(n > 0 ? n : 1), (const char *)in + i + 1);
			json_error_at(p, i + 1 + (n > 0 ? n : 1), false);
			return TOK_ERROR;
		}
		term = i + 2;
		if (hi_surrogate != 0 && p->build)
			goto lone_high;
		if (o != NULL)
			*o++ = (char)json_escape_char(in[i + 1]);
		i += 2;
	}
	term = i + 1;
	if (hi_surrogate != 0 && p->build)
		goto lone_high;

	p->i = i + 1;
	if (o != NULL) {
		*o = '\0';
		p->str = o0;
		p->strlen = (size_t)(o - o0);
		p->pool_used += p->strlen + 1;
	}
	return TOK_STRING;

lone_high:
	json_syntax(p->err, "Unicode low surrogate must follow a high surrogate.");
	json_error_at(p, term, false);
	return TOK_ERROR;
}

static size_t json_skip_digits(const unsigned char *in, size_t len, size_t i)
{
	while (i < len && in[i] >= '0' && in[i] <= '9')
		i++;
	return i;
}

/* A number token at p->i (on '-' or a digit), checked as PostgreSQL's json_lex_number does. */
static enum json_tok json_lex_number(struct json_parser *p)
{
	const unsigned char *in = p->in;
	size_t len = p->len, start = p->i, i = start, d;
	bool bad = false;

	if (in[i] == '-')
		i++;
	if (i < len && in[i] == '0')
		i++;
	else if (i < len && in[i] >= '1' && in[i] <= '9')
		i = json_skip_digits(in, len, i);
	else
		bad = true;
	if (i < len && in[i] == '.') {
		d = json_skip_digits(in, len, i + 1);
		bad |= d == i + 1;
		i = d;
	}
	if (i < len && (in[i] == 'e' || in[i] == 'E')) {
		i++;
		if (i < len && (in[i] == '+' || in[i] == '-'))
			i++;
		d = json_skip_digits(in, len, i);
		bad |= d == i;
		i = d;
	}
	while (i < len && json_alnum(in[i])) {
		bad = true;
		i++;
	}
	if (bad) {
		json_bad_token(p, start, i);
		return TOK_ERROR;
	}
	p->i = i;
	if (!p->build)
		return TOK_NUMBER;

	/* jsonb keeps numeric's canonical text; json keeps the digits as written. */
	if (p->flags & EXEC_JSON_JSONB) {
		const char *canon;
		size_t clen;

		if (exec_json_number_canon(p->a, (const char *)in + start, i - start, &canon, &clen,
			    p->err) != EXEC_OK)
			return TOK_ERROR;
		if (canon != (const char *)in + start) {
			p->str = canon;
			p->strlen = clen;
			return TOK_NUMBER;
		}
	}
	{
		char *o = json_pool(p);

		memcpy(o, in + start, i - start);
		o[i - start] = '\0';
		p->str = o;
		p->strlen = i - start;
		p->pool_used += i - start + 1;
	}
	return TOK_NUMBER;
}

/* The next token; its extent goes to tok_start/tok_end. */
static enum json_tok json_lex(struct json_parser *p)
{
	const unsigned char *in = p->in;
	size_t len = p->len, i = p->i;
	enum json_tok t;

	for (; i < len && (in[i] == ' ' || in[i] == '\t' || in[i] == '\n' || in[i] == '\r'); i++) {
		if (in[i] == '\n') {
			p->line++;
			p->line_start = i + 1;
		}
	}
	p->i = p->tok_start = i;
	if (i >= len) {
		p->tok_end = i;
		return TOK_END;
	}
	switch (in[i]) {
	case '{':
		t = TOK_OBJ_OPEN;
		break;
	case '}':
		t = TOK_OBJ_CLOSE;
		break;
	case '[':
		t = TOK_ARR_OPEN;
		break;
	case ']':
		t = TOK_ARR_CLOSE;
		break;
	case ',':
		t = TOK_COMMA;
		break;
	case ':':
		t = TOK_COLON;
		break;
	case '"':
		t = json_lex_string(p);
		p->tok_end = p->i;
		return t;
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
		t = json_lex_number(p);
		p->tok_end = p->i;
		return t;
	default: {
		/* A keyword, or a word reported whole as the invalid token. */
		size_t e = i;

		while (e < len && json_alnum(in[e]))
			e++;
		if (e == i) {
			json_bad_token(p, i, i + 1);
			return TOK_ERROR;
		}
		if (e - i == 4 && memcmp(in + i, "true", 4) == 0)
			t = TOK_TRUE;
		else if (e - i == 5 && memcmp(in + i, "false", 5) == 0)
			t = TOK_FALSE;
		else if (e - i == 4 && memcmp(in + i, "null", 4) == 0)
			t = TOK_NULL;
		else {
			json_bad_token(p, i, e);
			return TOK_ERROR;
		}
		p->i = p->tok_end = e;
		return t;
	}
	}
	p->i = p->tok_end = i + 1;
	return t;
}

static exec_jsonb_pair *json_push(struct json_parser *p)
{
	if (p->nst == p->capst) {
		size_t cap = p->capst * 2;
		exec_jsonb_pair *st = malloc(cap * sizeof(*st));

		if (st == NULL)
			abort(); /* as store_buf and the arena do */
		memcpy(st, p->st, p->nst * sizeof(*st));
		if (p->st != p->st_local)
			free(p->st);
		p->st = st;
		p->capst = cap;
	}
	return &p->st[p->nst++];
}

/* jsonb's key order: shorter first, then bytes. */
static int jsonb_key_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen)
		return alen < blen ? -1 : 1;
	return memcmp(a, b, alen);
}

static int pair_cmp(const exec_jsonb_pair *a, const exec_jsonb_pair *b)
{
	return jsonb_key_cmp(a->key, a->keylen, b->key, b->keylen);
}

/* Stable sort of m[0..n) by key (merge sort through tmp, n entries). */
static void pairs_sort(exec_jsonb_pair *m, size_t n, exec_jsonb_pair *tmp)
{
	size_t half;

	if (n <= JSON_SORT_SMALL) {
		for (size_t i = 1; i < n; i++) {
			exec_jsonb_pair t = m[i];
			size_t j = i;

			for (; j > 0 && pair_cmp(&m[j - 1], &t) > 0; j--)
				m[j] = m[j - 1];
			m[j] = t;
		}
		return;
	}
	half = n / 2;
	pairs_sort(m, half, tmp);
	pairs_sort(m + half, n - half, tmp);
	{
		size_t i = 0, j = half, k = 0;

		while (i < half && j < n)
			tmp[k++] = pair_cmp(&m[j], &m[i]) < 0 ? m[j++] : m[i++];
		while (i < half)
			tmp[k++] = m[i++];
		while (j < n)
			tmp[k++] = m[j++];
		memcpy(m, tmp, n * sizeof(*m));
	}
}

/*
 * Give m[0..n) jsonb's member order: sorted by key, one member per key,
 * the last one given.  Returns the new count.  Rows written by us come
 * sorted, so the first loop usually finds nothing to do.
 */
static size_t pairs_jsonb_order(exec_jsonb_pair *m, size_t n)
{
	size_t i, o;

	for (i = 1; i < n; i++) {
		if (pair_cmp(&m[i - 1], &m[i]) >= 0)
			break;
	}
	if (i >= n)
		return n;

	if (n > JSON_SORT_SMALL) {
		exec_jsonb_pair *tmp = malloc(n * sizeof(*tmp));

		if (tmp == NULL)
			abort();
		pairs_sort(m, n, tmp);
		free(tmp);
	} else {
		pairs_sort(m, n, NULL);
	}

	/* Of equal keys, side by side in input order, keep the last. */
	for (i = 0, o = 0; i < n; i++) {
		if (i + 1 < n && pair_cmp(&m[i], &m[i + 1]) == 0)
			continue;
		m[o++] = m[i];
	}
	return o;
}

static int json_parse_value(struct json_parser *p, enum json_tok t, int depth, exec_jsonb *out);

/* Close the container whose members start at st[base]: copy them to the arena. */
static void json_close(struct json_parser *p, size_t base, bool object, exec_jsonb *out)
{
	size_t n = p->nst - base;

	if (object) {
		exec_jsonb_pair *m;

		if (p->flags & EXEC_JSON_JSONB)
			n = pairs_jsonb_order(p->st + base, n);
		m = n > 0 ? sql_arena_alloc(p->a, n * sizeof(*m)) : NULL;
		if (n > 0)
			memcpy(m, p->st + base, n * sizeof(*m));
		out->kind = EXEC_JSONB_OBJECT;
		out->u.pairs = m;
	} else {
		exec_jsonb *e = n > 0 ? sql_arena_alloc(p->a, n * sizeof(*e)) : NULL;

		for (size_t k = 0; k < n; k++)
			e[k] = p->st[base + k].val;
		out->kind = EXEC_JSONB_ARRAY;
		out->u.elems = e;
	}
	out->len = (uint32_t)n;
	p->nst = base;
}

static int json_parse_array(struct json_parser *p, int depth, exec_jsonb *out)
{
	size_t base = p->nst;
	enum json_tok t = json_lex(p);

	if (t != TOK_ARR_CLOSE) {
		for (;;) {
			exec_jsonb v;

			if (json_parse_value(p, t, depth, &v) != EXEC_OK)
				return EXEC_ERROR;
			if (p->build) {
				exec_jsonb_pair *e = json_push(p);

				e->key = NULL;
				e->keylen = 0;
				e->val = v;
			}
			t = json_lex(p);
			if (t == TOK_ARR_CLOSE)
				break;
			if (t != TOK_COMMA)
				return json_expected(p, t, "\",\" or \"]\"");
			t = json_lex(p);
		}
	}
	if (p->build)
		json_close(p, base, false, out);
	return EXEC_OK;
}

static int json_parse_object(struct json_parser *p, int depth, exec_jsonb *out)
{
	size_t base = p->nst;
	enum json_tok t = json_lex(p);

	if (t != TOK_OBJ_CLOSE) {
		if (t != TOK_STRING)
			return json_expected(p, t, "string or \"}\"");
		for (;;) {
			const char *key = p->str;
			size_t keylen = p->strlen;
			exec_jsonb v;

			t = json_lex(p);
			if (t != TOK_COLON)
				return json_expected(p, t, "\":\"");
			if (json_parse_value(p, json_lex(p), depth, &v) != EXEC_OK)
				return EXEC_ERROR;
			if (p->build) {
				exec_jsonb_pair *m = json_push(p);

				m->key = key;
				m->keylen = (uint32_t)keylen;
				m->val = v;
			}
			t = json_lex(p);
			if (t == TOK_OBJ_CLOSE)
				break;
			if (t != TOK_COMMA)
				return json_expected(p, t, "\",\" or \"}\"");
			t = json_lex(p);
			if (t != TOK_STRING)
				return json_expected(p, t, "string");
		}
	}
	if (p->build)
		json_close(p, base, true, out);
	return EXEC_OK;
}

/* A value whose first token t has just been read. */
static int json_parse_value(struct json_parser *p, enum json_tok t, int depth, exec_jsonb *out)
{
	size_t start = p->tok_start;
	int rc = EXEC_OK;

	if (p->build) {
		out->b = false;
		out->len = 0;
		out->u.str = NULL;
	}
	switch (t) {
	case TOK_STRING:
	case TOK_NUMBER:
		if (p->build) {
			out->kind = t == TOK_STRING ? EXEC_JSONB_STRING : EXEC_JSONB_NUMBER;
			out->u.str = p->str;
			out->len = (uint32_t)p->strlen;
		}
		break;
	case TOK_TRUE:
	case TOK_FALSE:
		out->kind = EXEC_JSONB_BOOL;
		out->b = t == TOK_TRUE;
		break;
	case TOK_NULL:
		out->kind = EXEC_JSONB_NULL;
		break;
	case TOK_ARR_OPEN:
	case TOK_OBJ_OPEN:
		if (depth >= EXEC_JSON_MAX_DEPTH)
			return json_too_deep(p->err);
		rc = t == TOK_ARR_OPEN ? json_parse_array(p, depth + 1, out)
				       : json_parse_object(p, depth + 1, out);
		break;
	default:
		return json_expected(p, t, "JSON value");
	}
	if (p->build && (p->flags & EXEC_JSON_SPANS)) {
		out->src = (uint32_t)start;
		out->srclen = (uint32_t)(p->tok_end - start);
	}
	return rc;
}

static void json_parser_init(struct json_parser *p, sql_arena *a, const char *text, size_t len,
	unsigned flags, store_err *err)
{
	p->in = (const unsigned char *)text;
	p->len = len;
	p->i = p->tok_start = p->tok_end = 0;
	p->line_start = 0;
	p->line = 1;
	p->flags = flags;
	p->build = !(flags & EXEC_JSON_CHECK);
	p->a = a;
	p->err = err;
	p->str = NULL;
	p->strlen = 0;
	p->pool = NULL;
	p->pool_used = 0;
	p->st = p->st_local;
	p->nst = 0;
	p->capst = JSON_STACK_LOCAL;
}

static void json_parser_done(struct json_parser *p)
{
	if (p->st != p->st_local)
		free(p->st);
}

/* After the document: only whitespace. */
static int json_expect_end(struct json_parser *p)
{
	enum json_tok t = json_lex(p);

	return t == TOK_END ? EXEC_OK : json_expected(p, t, "end of input");
}

int exec_json_parse(sql_arena *a, const char *text, size_t len, unsigned flags,
	const exec_jsonb **out, store_err *err)
{
	struct json_parser p;
	exec_jsonb root;
	int rc;

	if (len > UINT32_MAX)
		return store_err_set(err, "54000", "json document is too large");
	json_parser_init(&p, a, text, len, flags, err);
	rc = json_parse_value(&p, json_lex(&p), 0, &root);
	if (rc == EXEC_OK)
		rc = json_expect_end(&p);
	json_parser_done(&p);
	if (rc == EXEC_OK && p.build) {
		exec_jsonb *r = sql_arena_alloc(a, sizeof(*r));

		*r = root;
		*out = r;
	}
	return rc;
}

int exec_json_parse_members(sql_arena *a, const char *text, size_t len, unsigned flags,
	exec_json_member_fn fn, void *arg, store_err *err)
{
	struct json_parser p;
	enum json_tok t;
	int rc = EXEC_OK;

	if (len > UINT32_MAX)
		return store_err_set(err, "54000", "json document is too large");
	json_parser_init(&p, a, text, len, flags & ~(unsigned)EXEC_JSON_CHECK, err);

	t = json_lex(&p);
	if (t != TOK_OBJ_OPEN) {
		if (t != TOK_ERROR)
			json_syntax(err, "The document is not a JSON object.");
		json_parser_done(&p);
		return EXEC_ERROR;
	}
	t = json_lex(&p);
	if (t != TOK_OBJ_CLOSE) {
		if (t != TOK_STRING)
			rc = json_expected(&p, t, "string or \"}\"");
		while (rc == EXEC_OK) {
			const char *key = p.str;
			size_t keylen = p.strlen;
			exec_jsonb v;

			t = json_lex(&p);
			if (t != TOK_COLON) {
				rc = json_expected(&p, t, "\":\"");
				break;
			}
			rc = json_parse_value(&p, json_lex(&p), 1, &v);
			if (rc != EXEC_OK)
				break;
			rc = fn(arg, key, keylen, &v, err);
			if (rc != EXEC_OK)
				break;
			t = json_lex(&p);
			if (t == TOK_OBJ_CLOSE)
				break;
			if (t != TOK_COMMA) {
				rc = json_expected(&p, t, "\",\" or \"}\"");
				break;
			}
			t = json_lex(&p);
			if (t != TOK_STRING)
				rc = json_expected(&p, t, "string");
		}
	}
	if (rc == EXEC_OK)
		rc = json_expect_end(&p);
	json_parser_done(&p);
	return rc;
}

/* ---- Numbers ----------------------------------------------------------- */

/*
 * A JSON number split into its parts: value = -?(int.frac) * 10^exp.
 * The exponent saturates far beyond anything numeric accepts, so that
 * comparisons of absurd inputs stay exact in sign and order.
 */
struct json_num {
	bool neg;
	const char *ip; /* integer digits as written */
	size_t il;
	const char *fp; /* fraction digits */
	size_t fl;
	long exp;
};

#define JSON_EXP_SATURATE (LONG_MAX / 4)

static void json_num_split(const char *s, size_t len, struct json_num *n)
{
	size_t i = 0;

	n->neg = len > 0 && s[0] == '-';
	i = n->neg;
	n->ip = s + i;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	n->il = (size_t)(s + i - n->ip);
	n->fp = s + i;
	n->fl = 0;
	if (i < len && s[i] == '.') {
		n->fp = s + ++i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		n->fl = (size_t)(s + i - n->fp);
	}
	n->exp = 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		bool eneg = false;

		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		for (; i < len; i++) {
			if (n->exp < JSON_EXP_SATURATE)
				n->exp = n->exp * 10 + (s[i] - '0');
		}
		if (eneg)
			n->exp = -n->exp;
	}
}

/* Digit k of int ++ frac, '0' past either end. */
static char json_num_digit(const struct json_num *n, long k)
{
	if (k < 0)
		return '0';
	if ((size_t)k < n->il)
		return n->ip[k];
	if ((size_t)k - n->il < n->fl)
		return n->fp[k - (long)n->il];
	return '0';
}

/* Index of the first significant digit in int ++ frac, -1 for zero. */
static long json_num_first(const struct json_num *n)
{
	for (size_t k = 0; k < n->il + n->fl; k++) {
		if (json_num_digit(n, (long)k) != '0')
			return (long)k;
	}
	return -1;
}

bool exec_json_number_valid(const char *s, size_t len)
{
	const unsigned char *in = (const unsigned char *)s;
	size_t i = 0, d;

	if (len > 0 && in[0] == '-')
		i++;
	if (i < len && in[i] == '0')
		i++;
	else if (i < len && in[i] >= '1' && in[i] <= '9')
		i = json_skip_digits(in, len, i);
	else
		return false;
	if (i < len && in[i] == '.') {
		d = json_skip_digits(in, len, i + 1);
		if (d == i + 1)
			return false;
		i = d;
	}
	if (i < len && (in[i] == 'e' || in[i] == 'E')) {
		i++;
		if (i < len && (in[i] == '+' || in[i] == '-'))
			i++;
		d = json_skip_digits(in, len, i);
		if (d == i)
			return false;
		i = d;
	}
	return i == len;
}

int exec_json_number_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	struct json_num x, y;
	long fx, fy, ex, ey, nd;
	int sx, sy, r = 0;

	json_num_split(a, alen, &x);
	json_num_split(b, blen, &y);
	fx = json_num_first(&x);
	fy = json_num_first(&y);
	sx = fx < 0 ? 0 : x.neg ? -1 : 1;
	sy = fy < 0 ? 0 : y.neg ? -1 : 1;
	if (sx != sy)
		return sx < sy ? -1 : 1;
	if (sx == 0)
		return 0;

	/* Same sign: the magnitude's decimal exponent, then the digits. */
	ex = (long)x.il - fx + x.exp;
	ey = (long)y.il - fy + y.exp;
	if (ex != ey) {
		r = ex < ey ? -1 : 1;
	} else {
		long lx = (long)(x.il + x.fl) - fx, ly = (long)(y.il + y.fl) - fy;

		nd = lx > ly ? lx : ly;
		for (long k = 0; k < nd && r == 0; k++) {
			char dx = json_num_digit(&x, fx + k), dy = json_num_digit(&y, fy + k);

			if (dx != dy)
				r = dx < dy ? -1 : 1;
		}
	}
	return sx < 0 ? -r : r;
}

int exec_json_number_canon(
	sql_arena *a, const char *s, size_t len, const char **out, size_t *outlen, store_err *err)
{
	struct json_num n;
	long first, point, dscale, k;
	char *o, *o0;
	bool zero;

	json_num_split(s, len, &n);
	if (n.exp >= INT_MAX / 2 || n.exp <= -(INT_MAX / 2))
		return json_numeric_overflow(err);
	first = json_num_first(&n);
	zero = first < 0;

	/* The decimal point falls after `point` digits of int ++ frac. */
	point = (long)n.il + n.exp;
	dscale = (long)n.fl - n.exp;
	if (dscale < 0)
		dscale = 0;
	if (dscale > NUMERIC_MAX_DSCALE || (!zero && point - first > NUMERIC_MAX_INT_DIGITS))
		return json_numeric_overflow(err);

	/* Already canonical: no exponent, no sign on zero (the grammar rules out leading zeros). */
	if (n.exp == 0 && memchr(s, 'e', len) == NULL && memchr(s, 'E', len) == NULL &&
		!(zero && n.neg)) {
		*out = s;
		*outlen = len;
		return EXEC_OK;
	}

	o = o0 = sql_arena_alloc(a, (size_t)(3 + (point > 0 ? point : 1) + dscale));
	if (zero) {
		*o++ = '0';
	} else {
		if (n.neg)
			*o++ = '-';
		if (point <= first) {
			*o++ = '0';
		} else {
			for (k = first; k < point; k++)
				*o++ = json_num_digit(&n, k);
		}
	}
	if (dscale > 0) {
		*o++ = '.';
		for (k = point; k < point + dscale; k++)
			*o++ = zero ? '0' : json_num_digit(&n, k);
	}
	*o = '\0';
	*out = o0;
	*outlen = (size_t)(o - o0);
	return EXEC_OK;
}

/* ---- Writing ----------------------------------------------------------- */

void exec_json_write_string(store_buf *b, const char *s, size_t len)
{
	static const char short_esc[0x20] = {
		['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't'};
	size_t i = 0, run;

	store_buf_putc(b, '"');
	while (i < len) {
		unsigned char c;

		/* Runs that need no escape are copied whole. */
		run = i;
		while (i < len && ((unsigned char)s[i] >= 0x80 || json_plain[(unsigned char)s[i]]))
			i++;
		store_buf_put(b, s + run, i - run);
		if (i >= len)
			break;
		c = (unsigned char)s[i++];
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};

			store_buf_put(b, e, 2);
		} else if (short_esc[c] != 0) {
			char e[2] = {'\\', short_esc[c]};

			store_buf_put(b, e, 2);
		} else {
			char e[6] = {'\\', 'u', '0', '0', hex_lower[c >> 4], hex_lower[c & 15]};

			store_buf_put(b, e, 6);
		}
	}
	store_buf_putc(b, '"');
}

static void json_indent(store_buf *b, int level)
{
	store_buf_putc(b, '\n');
	for (int i = 0; i < level; i++)
		store_buf_put(b, "    ", 4);
}

static void jsonb_write(store_buf *b, const exec_jsonb *j, exec_json_style style, int level)
{
	const char *comma = style == EXEC_JSON_TEXT ? ", " : ",";
	const char *colon = style == EXEC_JSON_COMPACT ? ":" : ": ";

	switch ((exec_jsonb_kind)j->kind) {
	case EXEC_JSONB_NULL:
		store_buf_put(b, "null", 4);
		break;
	case EXEC_JSONB_BOOL:
		store_buf_puts(b, j->b ? "true" : "false");
		break;
	case EXEC_JSONB_NUMBER:
		store_buf_put(b, j->u.str, j->len);
		break;
	case EXEC_JSONB_STRING:
		exec_json_write_string(b, j->u.str, j->len);
		break;
	case EXEC_JSONB_ARRAY:
		store_buf_putc(b, '[');
		for (uint32_t i = 0; i < j->len; i++) {
			if (i > 0)
				store_buf_puts(b, comma);
			if (style == EXEC_JSON_PRETTY)
				json_indent(b, level + 1);
			jsonb_write(b, &j->u.elems[i], style, level + 1);
		}
		if (style == EXEC_JSON_PRETTY)
			json_indent(b, level);
		store_buf_putc(b, ']');
		break;
	case EXEC_JSONB_OBJECT:
		store_buf_putc(b, '{');
		for (uint32_t i = 0; i < j->len; i++) {
			if (i > 0)
				store_buf_puts(b, comma);
			if (style == EXEC_JSON_PRETTY)
				json_indent(b, level + 1);
			exec_json_write_string(b, j->u.pairs[i].key, j->u.pairs[i].keylen);
			store_buf_puts(b, colon);
			jsonb_write(b, &j->u.pairs[i].val, style, level + 1);
		}
		if (style == EXEC_JSON_PRETTY)
			json_indent(b, level);
		store_buf_putc(b, '}');
		break;
	}
}

void exec_jsonb_write(store_buf *b, const exec_jsonb *j, exec_json_style style)
{
	jsonb_write(b, j, style, 0);
}

/* ---- Order, equality, hash --------------------------------------------- */

/* Strings and object keys in the C collation: bytes, then length. */
static int json_bytes_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int r = memcmp(a, b, alen < blen ? alen : blen);

	if (r != 0)
		return r < 0 ? -1 : 1;
	return alen < blen ? -1 : alen > blen;
}

static int jsonb_cmp_node(const exec_jsonb *a, const exec_jsonb *b)
{
	int r;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	switch ((exec_jsonb_kind)a->kind) {
	case EXEC_JSONB_NULL:
		return 0;
	case EXEC_JSONB_BOOL:
		return a->b == b->b ? 0 : a->b ? 1 : -1;
	case EXEC_JSONB_NUMBER:
		return exec_json_number_cmp(a->u.str, a->len, b->u.str, b->len);
	case EXEC_JSONB_STRING:
		return json_bytes_cmp(a->u.str, a->len, b->u.str, b->len);
	case EXEC_JSONB_ARRAY:
		if (a->len != b->len)
			return a->len < b->len ? -1 : 1;
		for (uint32_t i = 0; i < a->len; i++) {
			r = jsonb_cmp_node(&a->u.elems[i], &b->u.elems[i]);
			if (r != 0)
				return r;
		}
		return 0;
	case EXEC_JSONB_OBJECT:
		if (a->len != b->len)
			return a->len < b->len ? -1 : 1;
		for (uint32_t i = 0; i < a->len; i++) {
			const exec_jsonb_pair *x = &a->u.pairs[i], *y = &b->u.pairs[i];

			r = json_bytes_cmp(x->key, x->keylen, y->key, y->keylen);
			if (r == 0)
				r = jsonb_cmp_node(&x->val, &y->val);
			if (r != 0)
				return r;
		}
		return 0;
	}
	return 0;
}

static bool jsonb_is_scalar(const exec_jsonb *j)
{
	return j->kind != EXEC_JSONB_ARRAY && j->kind != EXEC_JSONB_OBJECT;
}

int exec_jsonb_cmp(const exec_jsonb *a, const exec_jsonb *b)
{
	/*
	 * PostgreSQL stores a top-level scalar as a one-element array and
	 * compares element counts first, so an empty top-level array sorts
	 * below every scalar.
	 */
	if (a->kind == EXEC_JSONB_ARRAY && a->len == 0 && jsonb_is_scalar(b))
		return -1;
	if (b->kind == EXEC_JSONB_ARRAY && b->len == 0 && jsonb_is_scalar(a))
		return 1;
	return jsonb_cmp_node(a, b);
}

bool exec_jsonb_eq(const exec_jsonb *a, const exec_jsonb *b)
{
	return jsonb_cmp_node(a, b) == 0;
}

/* FNV-1a over bytes, folded into h. */
static uint64_t json_hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

/* A number's value, whatever its spelling: sign, decimal exponent, significant digits. */
static uint64_t json_hash_number(uint64_t h, const char *s, size_t len)
{
	struct json_num n;
	long first, last, e;
	char sign;

	json_num_split(s, len, &n);
	first = json_num_first(&n);
	if (first < 0)
		return json_hash_bytes(h, "0", 1);
	last = (long)(n.il + n.fl) - 1;
	while (json_num_digit(&n, last) == '0')
		last--;
	sign = n.neg ? '-' : '+';
	e = (long)n.il - first + n.exp;
	h = json_hash_bytes(h, &sign, 1);
	h = json_hash_bytes(h, &e, sizeof(e));
	for (long k = first; k <= last; k++) {
		char d = json_num_digit(&n, k);

		h = json_hash_bytes(h, &d, 1);
	}
	return h;
}

static uint64_t jsonb_hash_node(uint64_t h, const exec_jsonb *j)
{
	h = json_hash_bytes(h, &j->kind, 1);
	switch ((exec_jsonb_kind)j->kind) {
	case EXEC_JSONB_NULL:
		break;
	case EXEC_JSONB_BOOL:
		h = json_hash_bytes(h, &j->b, 1);
		break;
	case EXEC_JSONB_NUMBER:
		h = json_hash_number(h, j->u.str, j->len);
		break;
	case EXEC_JSONB_STRING:
		h = json_hash_bytes(h, &j->len, sizeof(j->len));
		h = json_hash_bytes(h, j->u.str, j->len);
		break;
	case EXEC_JSONB_ARRAY:
		h = json_hash_bytes(h, &j->len, sizeof(j->len));
		for (uint32_t i = 0; i < j->len; i++)
			h = jsonb_hash_node(h, &j->u.elems[i]);
		break;
	case EXEC_JSONB_OBJECT:
		h = json_hash_bytes(h, &j->len, sizeof(j->len));
		for (uint32_t i = 0; i < j->len; i++) {
			h = json_hash_bytes(h, &j->u.pairs[i].keylen, sizeof(uint32_t));
			h = json_hash_bytes(h, j->u.pairs[i].key, j->u.pairs[i].keylen);
			h = jsonb_hash_node(h, &j->u.pairs[i].val);
		}
		break;
	}
	return h;
}

uint64_t exec_jsonb_hash(const exec_jsonb *j)
{
	uint64_t h = jsonb_hash_node(UINT64_C(0xcbf29ce484222325), j);

	/* A final mix, so that hash tables may use the low bits. */
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	return h;
}

/* ---- Raw trees to jsonb ------------------------------------------------ */

/* Normalise in into *out; *changed tells whether *out differs from *in. */
static int jsonb_norm(
	sql_arena *a, const exec_jsonb *in, exec_jsonb *out, bool *changed, store_err *err)
{
	*out = *in;
	*changed = false;
	switch ((exec_jsonb_kind)in->kind) {
	case EXEC_JSONB_NULL:
	case EXEC_JSONB_BOOL:
		return EXEC_OK;
	case EXEC_JSONB_STRING:
		if (in->len > 0 && memchr(in->u.str, '\0', in->len) != NULL)
			return json_nul_escape(err);
		return EXEC_OK;
	case EXEC_JSONB_NUMBER: {
		const char *s;
		size_t n;

		if (exec_json_number_canon(a, in->u.str, in->len, &s, &n, err) != EXEC_OK)
			return EXEC_ERROR;
		out->u.str = s;
		out->len = (uint32_t)n;
		*changed = s != in->u.str;
		return EXEC_OK;
	}
	case EXEC_JSONB_ARRAY: {
		exec_jsonb *e = NULL;

		for (uint32_t i = 0; i < in->len; i++) {
			exec_jsonb v;
			bool c;

			if (jsonb_norm(a, &in->u.elems[i], &v, &c, err) != EXEC_OK)
				return EXEC_ERROR;
			if (c && e == NULL) {
				e = sql_arena_alloc(a, in->len * sizeof(*e));
				memcpy(e, in->u.elems, in->len * sizeof(*e));
			}
			if (e != NULL)
				e[i] = v;
		}
		if (e != NULL) {
			out->u.elems = e;
			*changed = true;
		}
		return EXEC_OK;
	}
	case EXEC_JSONB_OBJECT: {
		exec_jsonb_pair *m = NULL;
		uint32_t n = in->len;

		for (uint32_t i = 0; i < n; i++) {
			const exec_jsonb_pair *src = &in->u.pairs[i];
			exec_jsonb v;
			bool c;

			if (src->keylen > 0 && memchr(src->key, '\0', src->keylen) != NULL)
				return json_nul_escape(err);
			if (jsonb_norm(a, &src->val, &v, &c, err) != EXEC_OK)
				return EXEC_ERROR;
			if ((c || (i > 0 && pair_cmp(&in->u.pairs[i - 1], src) >= 0)) &&
				m == NULL) {
				m = sql_arena_alloc(a, n * sizeof(*m));
				memcpy(m, in->u.pairs, n * sizeof(*m));
			}
			if (m != NULL)
				m[i].val = v;
		}
		if (m != NULL) {
			out->len = (uint32_t)pairs_jsonb_order(m, n);
			out->u.pairs = m;
			*changed = true;
		}
		return EXEC_OK;
	}
	}
	return EXEC_OK;
}

int exec_jsonb_normalize(sql_arena *a, const exec_jsonb *in, const exec_jsonb **out, store_err *err)
{
	exec_jsonb v;
	bool changed;

	if (jsonb_norm(a, in, &v, &changed, err) != EXEC_OK)
		return EXEC_ERROR;
	if (changed) {
		exec_jsonb *r = sql_arena_alloc(a, sizeof(*r));

		*r = v;
		in = r;
	}
	*out = in;
	return EXEC_OK;
}

/* ---- Copies ------------------------------------------------------------ */

static void jsonb_copy_into(sql_arena *a, const exec_jsonb *in, exec_jsonb *out)
{
	*out = *in;
	switch ((exec_jsonb_kind)in->kind) {
	case EXEC_JSONB_STRING:
	case EXEC_JSONB_NUMBER:
		out->u.str = sql_arena_strndup(a, in->u.str != NULL ? in->u.str : "", in->len);
		break;
	case EXEC_JSONB_ARRAY: {
		exec_jsonb *e = sql_arena_alloc(a, (in->len > 0 ? in->len : 1) * sizeof(*e));

		for (uint32_t i = 0; i < in->len; i++)
			jsonb_copy_into(a, &in->u.elems[i], &e[i]);
		out->u.elems = e;
		break;
	}
	case EXEC_JSONB_OBJECT: {
		exec_jsonb_pair *m = sql_arena_alloc(a, (in->len > 0 ? in->len : 1) * sizeof(*m));

		for (uint32_t i = 0; i < in->len; i++) {
			m[i].key = sql_arena_strndup(a, in->u.pairs[i].key, in->u.pairs[i].keylen);
			m[i].keylen = in->u.pairs[i].keylen;
			jsonb_copy_into(a, &in->u.pairs[i].val, &m[i].val);
		}
		out->u.pairs = m;
		break;
	}
	default:
		break;
	}
}

const exec_jsonb *exec_jsonb_copy(sql_arena *a, const exec_jsonb *j)
{
	exec_jsonb *r = sql_arena_alloc(a, sizeof(*r));

	jsonb_copy_into(a, j, r);
	return r;
}

/* ---- Building trees ---------------------------------------------------- */

static void jsonb_set_array(exec_jsonb *j, const exec_jsonb *elems, size_t n)
{
	memset(j, 0, sizeof(*j));
	j->kind = EXEC_JSONB_ARRAY;
	j->u.elems = elems;
	j->len = (uint32_t)n;
}

/* An object node from pairs m[0..n) (arena memory the node takes over): sorted, unique. */
static void jsonb_set_object(exec_jsonb *j, exec_jsonb_pair *m, size_t n)
{
	memset(j, 0, sizeof(*j));
	j->kind = EXEC_JSONB_OBJECT;
	j->len = (uint32_t)pairs_jsonb_order(m, n);
	j->u.pairs = m;
}

/* ---- Values of other types as JSON ------------------------------------- */

/*
 * How a value of each type becomes JSON (PostgreSQL's json_categorize_type):
 * numbers stay numbers, text is the string itself, date and time types
 * take the ISO 8601 form of to_json, everything else the string of its
 * text output.
 */
enum json_class {
	JC_OUT, /* the string of the type's output */
	JC_BOOL,
	JC_INT,         /* int2/4/8: decimal text */
	JC_NUMBER,      /* float4/8, numeric: the output, a string when not finite */
	JC_TEXT,        /* text-like: the bytes are the string */
	JC_TIMESTAMP,   /* output with 'T' between date and time */
	JC_TIMESTAMPTZ, /* the same and the zone as +HH:MM */
	JC_JSON,
	JC_JSONB,
	JC_ARRAY,
	JC_RECORD, /* an object of the fields, by their names */
};

static const struct {
	exec_oid oid;
	enum json_class cls;
} json_classes[] = {
	{EXEC_OID_BOOL, JC_BOOL},
	{EXEC_OID_INT2, JC_INT},
	{EXEC_OID_INT4, JC_INT},
	{EXEC_OID_INT8, JC_INT},
	{EXEC_OID_FLOAT4, JC_NUMBER},
	{EXEC_OID_FLOAT8, JC_NUMBER},
	{EXEC_OID_NUMERIC, JC_NUMBER},
	{EXEC_OID_TEXT, JC_TEXT},
	{EXEC_OID_VARCHAR, JC_TEXT},
	{EXEC_OID_BPCHAR, JC_TEXT},
	{EXEC_OID_NAME, JC_TEXT},
	{EXEC_OID_UNKNOWN, JC_TEXT},
	{EXEC_OID_TIMESTAMP, JC_TIMESTAMP},
	{EXEC_OID_TIMESTAMPTZ, JC_TIMESTAMPTZ},
	{EXEC_OID_JSON, JC_JSON},
	{EXEC_OID_JSONB, JC_JSONB},
	{EXEC_OID_RECORD, JC_RECORD},
};

static enum json_class json_class_of(exec_oid type)
{
	for (size_t i = 0; i < sizeof(json_classes) / sizeof(json_classes[0]); i++) {
		if (json_classes[i].oid == type)
			return json_classes[i].cls;
	}
	return exec_array_elem_of(type) != 0 ? JC_ARRAY : JC_OUT;
}

/*
 * A value's text output, copied into the arena.  Dates and times are
 * written in ISO style whatever the session's DateStyle, as PostgreSQL's
 * JSON functions write them.
 */
static int json_out_text(exec_ctx *cx, const exec_value *v, const char **s, size_t *len)
{
	store_buf b = STORE_BUF_INIT;
	exec_ctx iso = *cx;

	iso.date_style = EXEC_DATES_ISO;
	if (exec_value_out(&iso, v, &b) != EXEC_OK) {
		store_buf_free(&b);
		return EXEC_ERROR;
	}
	*len = b.len;
	*s = sql_arena_strndup(cx->arena, b.data != NULL ? (const char *)b.data : "", b.len);
	store_buf_free(&b);
	return EXEC_OK;
}

/*
 * to_json's form of a timestamp's ISO output: 'T' for the space between
 * date and time, and for timestamptz the zone written +HH:MM
 * ("2024-01-31 12:34:56+00" -> "2024-01-31T12:34:56+00:00").
 */
static const char *json_iso_timestamp(sql_arena *a, const char *s, size_t *len, bool tz)
{
	const char *sp = memchr(s, ' ', *len);
	size_t n = *len, zend;
	char *o;

	if (sp == NULL || s[0] < '0' || s[0] > '9')
		return s; /* infinity, -infinity */
	o = sql_arena_alloc(a, n + 4);
	memcpy(o, s, n);
	o[sp - s] = 'T';
	if (tz) {
		size_t z = (size_t)(sp - s) + 1;

		while (z < n && o[z] != '+' && o[z] != '-')
			z++;
		zend = z;
		while (zend < n && o[zend] != ' ')
			zend++;
		if (z < n && zend - z == 3) {
			memmove(o + zend + 3, o + zend, n - zend);
			memcpy(o + zend, ":00", 3);
			n += 3;
		}
	}
	o[n] = '\0';
	*len = n;
	return o;
}

/* A scalar's JSON form: its kind and text (a number's digits, a string's bytes). */
struct json_scalar {
	exec_jsonb_kind kind;
	bool b;
	const char *s;
	size_t len;
};

static int json_scalar_of(
	exec_ctx *cx, const exec_value *v, enum json_class cls, struct json_scalar *out)
{
	char buf[32];

	out->b = false;
	out->s = NULL;
	out->len = 0;
	if (v->isnull) {
		out->kind = EXEC_JSONB_NULL;
		return EXEC_OK;
	}
	switch (cls) {
	case JC_BOOL:
		out->kind = EXEC_JSONB_BOOL;
		out->b = v->v.b;
		return EXEC_OK;
	case JC_INT:
		out->kind = EXEC_JSONB_NUMBER;
		out->len = (size_t)snprintf(buf, sizeof(buf), "%lld", (long long)v->v.i);
		out->s = sql_arena_strndup(cx->arena, buf, out->len);
		return EXEC_OK;
	case JC_TEXT:
		out->kind = EXEC_JSONB_STRING;
		out->s = v->v.s.p;
		out->len = v->v.s.len;
		return EXEC_OK;
	default:
		break;
	}
	if (json_out_text(cx, v, &out->s, &out->len) != EXEC_OK)
		return EXEC_ERROR;
	out->kind = EXEC_JSONB_STRING;
	if (cls == JC_NUMBER && exec_json_number_valid(out->s, out->len))
		out->kind = EXEC_JSONB_NUMBER;
	else if (cls == JC_TIMESTAMP || cls == JC_TIMESTAMPTZ)
		out->s = json_iso_timestamp(cx->arena, out->s, &out->len, cls == JC_TIMESTAMPTZ);
	return EXEC_OK;
}

static int jsonb_from_value(exec_ctx *cx, const exec_value *v, exec_jsonb *out)
{
	enum json_class cls = v->isnull ? JC_OUT : json_class_of(v->type);
	struct json_scalar sc;

	memset(out, 0, sizeof(*out));
	if (!v->isnull && cls == JC_JSONB) {
		*out = *v->v.jb;
		return EXEC_OK;
	}
	if (!v->isnull && cls == JC_JSON) {
		const exec_jsonb *j;

		if (exec_json_parse(cx->arena, v->v.s.p, v->v.s.len, EXEC_JSON_JSONB, &j,
			    cx->err) != EXEC_OK)
			return EXEC_ERROR;
		*out = *j;
		return EXEC_OK;
	}
	if (!v->isnull && cls == JC_RECORD) {
		const exec_record *r = v->v.rec;
		exec_jsonb_pair *m =
			sql_arena_alloc(cx->arena, (size_t)(r->ncols + 1) * sizeof(*m));

		for (int i = 0; i < r->ncols; i++) {
			const char *k = r->names[i] != NULL ? r->names[i] : "";

			if (jsonb_from_value(cx, &r->vals[i], &m[i].val) != EXEC_OK)
				return EXEC_ERROR;
			m[i].key = k;
			m[i].keylen = (uint32_t)strlen(k);
		}
		jsonb_set_object(out, m, (size_t)r->ncols);
		return EXEC_OK;
	}
	if (!v->isnull && cls == JC_ARRAY) {
		const exec_array *arr = v->v.arr;
		exec_jsonb *e =
			arr->count > 0 ? sql_arena_alloc(cx->arena, arr->count * sizeof(*e)) : NULL;

		for (uint32_t i = 0; i < arr->count; i++) {
			if (jsonb_from_value(cx, &arr->elems[i], &e[i]) != EXEC_OK)
				return EXEC_ERROR;
		}
		jsonb_set_array(out, e, arr->count);
		return EXEC_OK;
	}
	if (json_scalar_of(cx, v, cls, &sc) != EXEC_OK)
		return EXEC_ERROR;
	out->kind = (uint8_t)sc.kind;
	out->b = sc.b;
	if (sc.kind == EXEC_JSONB_NUMBER) {
		if (exec_json_number_canon(
			    cx->arena, sc.s, sc.len, &out->u.str, &sc.len, cx->err) != EXEC_OK)
			return EXEC_ERROR;
		out->len = (uint32_t)sc.len;
	} else if (sc.kind == EXEC_JSONB_STRING) {
		out->u.str = sc.s;
		out->len = (uint32_t)sc.len;
	}
	return EXEC_OK;
}

int exec_jsonb_from_value(exec_ctx *cx, const exec_value *v, const exec_jsonb **out)
{
	exec_jsonb *j = sql_arena_alloc(cx->arena, sizeof(*j));

	if (jsonb_from_value(cx, v, j) != EXEC_OK)
		return EXEC_ERROR;
	*out = j;
	return EXEC_OK;
}

/*
 * A record as to_json and row_to_json write it: {"a":1,"b":"x"}, the
 * fields in order; pretty puts each field after the first on a line of
 * its own, indented by one space.
 */
static int json_record(exec_ctx *cx, const exec_record *r, bool pretty, store_buf *b)
{
	store_buf_putc(b, '{');
	for (int i = 0; i < r->ncols; i++) {
		const char *k = r->names[i] != NULL ? r->names[i] : "";

		if (i > 0)
			store_buf_puts(b, pretty ? ",\n " : ",");
		exec_json_write_string(b, k, strlen(k));
		store_buf_putc(b, ':');
		if (exec_json_from_value(cx, &r->vals[i], b) != EXEC_OK)
			return EXEC_ERROR;
	}
	store_buf_putc(b, '}');
	return EXEC_OK;
}

int exec_json_from_value(exec_ctx *cx, const exec_value *v, store_buf *b)
{
	enum json_class cls = v->isnull ? JC_OUT : json_class_of(v->type);
	struct json_scalar sc;

	if (!v->isnull && cls == JC_JSON) {
		store_buf_put(b, v->v.s.p, v->v.s.len);
		return EXEC_OK;
	}
	if (!v->isnull && cls == JC_JSONB) {
		exec_jsonb_write(b, v->v.jb, EXEC_JSON_TEXT);
		return EXEC_OK;
	}
	if (!v->isnull && cls == JC_RECORD)
		return json_record(cx, v->v.rec, false, b);
	if (!v->isnull && cls == JC_ARRAY) {
		store_buf_putc(b, '[');
		for (uint32_t i = 0; i < v->v.arr->count; i++) {
			if (i > 0)
				store_buf_putc(b, ',');
			if (exec_json_from_value(cx, &v->v.arr->elems[i], b) != EXEC_OK)
				return EXEC_ERROR;
		}
		store_buf_putc(b, ']');
		return EXEC_OK;
	}
	if (json_scalar_of(cx, v, cls, &sc) != EXEC_OK)
		return EXEC_ERROR;
	switch (sc.kind) {
	case EXEC_JSONB_NULL:
		store_buf_put(b, "null", 4);
		break;
	case EXEC_JSONB_BOOL:
		store_buf_puts(b, sc.b ? "true" : "false");
		break;
	case EXEC_JSONB_NUMBER:
		store_buf_put(b, sc.s, sc.len);
		break;
	default:
		exec_json_write_string(b, sc.s, sc.len);
		break;
	}
	return EXEC_OK;
}

/* ---- Small helpers for the SQL functions ------------------------------- */

static const char *const jsonb_kind_names[] = {
	[EXEC_JSONB_NULL] = "null",
	[EXEC_JSONB_STRING] = "string",
	[EXEC_JSONB_NUMBER] = "number",
	[EXEC_JSONB_BOOL] = "boolean",
	[EXEC_JSONB_ARRAY] = "array",
	[EXEC_JSONB_OBJECT] = "object",
};

static exec_value json_result_text(exec_ctx *cx, exec_oid type, const store_buf *b)
{
	return exec_text(type,
		sql_arena_strndup(cx->arena, b->data != NULL ? (char *)b->data : "", b->len),
		b->len);
}

/* A jsonb value for a node copied into the arena. */
static exec_value jsonb_result(exec_ctx *cx, const exec_jsonb *j)
{
	exec_jsonb *r = sql_arena_alloc(cx->arena, sizeof(*r));

	*r = *j;
	return exec_jsonb_value(r);
}

/* Parse a json argument raw, with spans (json operators work on its text). */
static int json_arg_tree(exec_ctx *cx, const exec_value *v, const exec_jsonb **out)
{
	return exec_json_parse(cx->arena, v->v.s.p, v->v.s.len, EXEC_JSON_SPANS, out, cx->err);
}

/* The text of a node of a json argument: its span of the argument's text. */
static exec_value json_span(const exec_value *doc, const exec_jsonb *j)
{
	return exec_text(EXEC_OID_JSON, doc->v.s.p + j->src, j->srclen);
}

/* A member of a jsonb object by key: binary search in jsonb's key order. */
static const exec_jsonb *jsonb_find_key(const exec_jsonb *obj, const char *key, size_t keylen)
{
	size_t lo = 0, hi = obj->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const exec_jsonb_pair *m = &obj->u.pairs[mid];
		int r = jsonb_key_cmp(m->key, m->keylen, key, keylen);

		if (r == 0)
			return &m->val;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* A member of a raw (json) object: the last one of that name, as PostgreSQL's json does. */
static const exec_jsonb *json_find_key(const exec_jsonb *obj, const char *key, size_t keylen)
{
	for (uint32_t i = obj->len; i-- > 0;) {
		const exec_jsonb_pair *m = &obj->u.pairs[i];

		if (m->keylen == keylen && memcmp(m->key, key, keylen) == 0)
			return &m->val;
	}
	return NULL;
}

static const exec_jsonb *json_find(
	const exec_jsonb *obj, const char *key, size_t keylen, bool jsonb)
{
	if (obj->kind != EXEC_JSONB_OBJECT)
		return NULL;
	return jsonb ? jsonb_find_key(obj, key, keylen) : json_find_key(obj, key, keylen);
}

/* Element i of an array, counting from the end when negative; NULL when out of range. */
static const exec_jsonb *json_index(const exec_jsonb *arr, int64_t i)
{
	if (arr->kind != EXEC_JSONB_ARRAY)
		return NULL;
	if (i < 0)
		i += arr->len;
	if (i < 0 || i >= (int64_t)arr->len)
		return NULL;
	return &arr->u.elems[i];
}

/*
 * A path element as an array index, as PostgreSQL's strtoint reads it:
 * optional leading space and sign, digits, nothing after, within int.
 */
static bool json_path_int(const char *s, size_t len, int *out)
{
	char buf[32];
	char *end;
	long v;

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	v = strtol(buf, &end, 10);
	if (end == buf || *end != '\0' || errno != 0 || v < INT_MIN || v > INT_MAX)
		return false;
	*out = (int)v;
	return true;
}

/* A node as text for ->> and friends: a string's bytes, NULL for null, else its JSON. */
static int jsonb_as_text(exec_ctx *cx, const exec_jsonb *j, exec_value *out)
{
	store_buf b = STORE_BUF_INIT;

	if (j == NULL || j->kind == EXEC_JSONB_NULL) {
		*out = exec_null(EXEC_OID_TEXT);
		return EXEC_OK;
	}
	if (j->kind == EXEC_JSONB_STRING) {
		*out = exec_text(EXEC_OID_TEXT, j->u.str, j->len);
		return EXEC_OK;
	}
	exec_jsonb_write(&b, j, EXEC_JSON_TEXT);
	*out = json_result_text(cx, EXEC_OID_TEXT, &b);
	store_buf_free(&b);
	return EXEC_OK;
}

/* The same for a node of a json argument: the string unescaped, else its text as written. */
static int json_as_text(exec_ctx *cx, const exec_value *doc, const exec_jsonb *j, exec_value *out)
{
	if (j == NULL || j->kind == EXEC_JSONB_NULL) {
		*out = exec_null(EXEC_OID_TEXT);
		return EXEC_OK;
	}
	if (j->kind == EXEC_JSONB_STRING) {
		if (j->len > 0 && memchr(j->u.str, '\0', j->len) != NULL)
			return json_nul_escape(cx->err);
		*out = exec_text(EXEC_OID_TEXT, j->u.str, j->len);
		return EXEC_OK;
	}
	*out = json_span(doc, j);
	out->type = EXEC_OID_TEXT;
	return EXEC_OK;
}

/* A text[] argument: element i as bytes, or NULL. */
static const exec_value *path_elem(const exec_array *path, uint32_t i)
{
	return &path->elems[i];
}

/*
 * Follow a path (#>, json_extract_path): keys in objects, indexes in
 * arrays; NULL (no node) when a step misses, is NULL, or is not an
 * integer where an array is.
 */
static const exec_jsonb *json_walk(const exec_jsonb *j, const exec_array *path, bool jsonb)
{
	for (uint32_t i = 0; j != NULL && i < path->count; i++) {
		const exec_value *e = path_elem(path, i);
		int idx;

		if (e->isnull)
			return NULL;
		if (j->kind == EXEC_JSONB_OBJECT)
			j = json_find(j, e->v.s.p, e->v.s.len, jsonb);
		else if (j->kind == EXEC_JSONB_ARRAY && json_path_int(e->v.s.p, e->v.s.len, &idx))
			j = json_index(j, idx);
		else
			return NULL;
	}
	return j;
}

/* ---- Type functions ---------------------------------------------------- */

static int json_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	if (exec_json_parse(cx->arena, text, len, EXEC_JSON_CHECK, NULL, cx->err) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_text(EXEC_OID_JSON, sql_arena_strndup(cx->arena, text, len), len);
	return EXEC_OK;
}

static int json_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	store_buf_put(buf, v->v.s.p, v->v.s.len);
	return EXEC_OK;
}

static int jsonb_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	const exec_jsonb *j = NULL;

	if (exec_json_parse(cx->arena, text, len, EXEC_JSON_JSONB, &j, cx->err) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_jsonb_value(j);
	return EXEC_OK;
}

static int jsonb_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	exec_jsonb_write(buf, v->v.jb, EXEC_JSON_TEXT);
	return EXEC_OK;
}

static int jsonb_cmp_value(const exec_value *a, const exec_value *b)
{
	return exec_jsonb_cmp(a->v.jb, b->v.jb);
}

static uint64_t jsonb_hash_value(const exec_value *v)
{
	return exec_jsonb_hash(v->v.jb);
}

/* ---- Operators --------------------------------------------------------- */

/* The comparison operators of jsonb: one function, the test taken from a table. */
static int jsonb_cmp_op(const exec_value *args, exec_value *out, int want)
{
	int r = exec_jsonb_cmp(args[0].v.jb, args[1].v.jb);
	bool res;

	switch (want) {
	case 0:
		res = r == 0;
		break;
	case 1:
		res = r != 0;
		break;
	case 2:
		res = r < 0;
		break;
	case 3:
		res = r > 0;
		break;
	case 4:
		res = r <= 0;
		break;
	default:
		res = r >= 0;
		break;
	}
	*out = exec_bool(res);
	return EXEC_OK;
}

#define JSONB_CMP_FN(fname, want)                                                                  \
	static int fname(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)         \
	{                                                                                          \
		return jsonb_cmp_op(args, out, want);                                              \
	}
JSONB_CMP_FN(jsonb_eq_fn, 0)
JSONB_CMP_FN(jsonb_ne_fn, 1)
JSONB_CMP_FN(jsonb_lt_fn, 2)
JSONB_CMP_FN(jsonb_gt_fn, 3)
JSONB_CMP_FN(jsonb_le_fn, 4)
JSONB_CMP_FN(jsonb_ge_fn, 5)

static int jsonb_cmp_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_int(EXEC_OID_INT4, exec_jsonb_cmp(args[0].v.jb, args[1].v.jb));
	return EXEC_OK;
}

static int jsonb_hash_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_int(EXEC_OID_INT4, (int32_t)(uint32_t)exec_jsonb_hash(args[0].v.jb));
	return EXEC_OK;
}

/* jsonb -> text, ->> text (as_text), and the json twins. */
static int json_field(
	exec_ctx *cx, const exec_value *args, exec_value *out, bool jsonb, bool as_text)
{
	const exec_jsonb *root = NULL, *j;

	if (jsonb) {
		root = args[0].v.jb;
	} else if (json_arg_tree(cx, &args[0], &root) != EXEC_OK) {
		return EXEC_ERROR;
	}
	j = json_find(root, args[1].v.s.p, args[1].v.s.len, jsonb);
	if (as_text)
		return jsonb ? jsonb_as_text(cx, j, out) : json_as_text(cx, &args[0], j, out);
	if (j == NULL)
		*out = exec_null(jsonb ? EXEC_OID_JSONB : EXEC_OID_JSON);
	else
		*out = jsonb ? jsonb_result(cx, j) : json_span(&args[0], j);
	return EXEC_OK;
}

/* jsonb -> int, ->> int, and the json twins. */
static int json_element(
	exec_ctx *cx, const exec_value *args, exec_value *out, bool jsonb, bool as_text)
{
	const exec_jsonb *root = NULL, *j;
	int64_t i = args[1].v.i;

	if (jsonb) {
		root = args[0].v.jb;
	} else if (json_arg_tree(cx, &args[0], &root) != EXEC_OK) {
		return EXEC_ERROR;
	}

	/* jsonb holds a top-level scalar as a one-element array: 0 and -1 find it. */
	if (jsonb && jsonb_is_scalar(root))
		j = i == 0 || i == -1 ? root : NULL;
	else
		j = json_index(root, i);
	if (as_text)
		return jsonb ? jsonb_as_text(cx, j, out) : json_as_text(cx, &args[0], j, out);
	if (j == NULL)
		*out = exec_null(jsonb ? EXEC_OID_JSONB : EXEC_OID_JSON);
	else
		*out = jsonb ? jsonb_result(cx, j) : json_span(&args[0], j);
	return EXEC_OK;
}

/* #>, #>> and json_extract_path(_text): path is a text[] value. */
static int json_path_get(exec_ctx *cx, const exec_value *doc, const exec_array *path,
	exec_value *out, bool jsonb, bool as_text)
{
	const exec_jsonb *root = NULL, *j;

	if (jsonb) {
		root = doc->v.jb;
	} else if (json_arg_tree(cx, doc, &root) != EXEC_OK) {
		return EXEC_ERROR;
	}
	/* A top-level scalar has no members: any step misses. */
	if (jsonb && jsonb_is_scalar(root) && path->count > 0)
		j = NULL;
	else
		j = json_walk(root, path, jsonb);
	if (as_text)
		return jsonb ? jsonb_as_text(cx, j, out) : json_as_text(cx, doc, j, out);
	if (j == NULL)
		*out = exec_null(jsonb ? EXEC_OID_JSONB : EXEC_OID_JSON);
	else
		*out = jsonb ? jsonb_result(cx, j) : json_span(doc, j);
	return EXEC_OK;
}

#define JSON_GET_FN(fname, impl, jsonb, as_text)                                                   \
	static int fname(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)         \
	{                                                                                          \
		return impl(cx, args, out, jsonb, as_text);                                        \
	}
JSON_GET_FN(jsonb_field_fn, json_field, true, false)
JSON_GET_FN(jsonb_field_text_fn, json_field, true, true)
JSON_GET_FN(json_field_fn, json_field, false, false)
JSON_GET_FN(json_field_text_fn, json_field, false, true)
JSON_GET_FN(jsonb_element_fn, json_element, true, false)
JSON_GET_FN(jsonb_element_text_fn, json_element, true, true)
JSON_GET_FN(json_element_fn, json_element, false, false)
JSON_GET_FN(json_element_text_fn, json_element, false, true)

/*
 * The path of #> (one text[] argument) or of json_extract_path (its
 * variadic text arguments, one each, or one text[] for VARIADIC ARRAY).
 */
static const exec_array *json_path_args(exec_ctx *cx, const exec_value *args, int nargs)
{
	if (nargs == 2 && args[1].type != EXEC_OID_TEXT && exec_array_elem_of(args[1].type) != 0)
		return args[1].v.arr;
	return exec_array_new(
		cx->arena, EXEC_OID_TEXT, args + 1, nargs > 1 ? (uint32_t)(nargs - 1) : 0);
}

#define JSON_PATH_FN(fname, jsonb, as_text)                                                        \
	static int fname(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)         \
	{                                                                                          \
		return json_path_get(                                                              \
			cx, &args[0], json_path_args(cx, args, nargs), out, jsonb, as_text);       \
	}
JSON_PATH_FN(jsonb_path_fn, true, false)
JSON_PATH_FN(jsonb_path_text_fn, true, true)
JSON_PATH_FN(json_path_fn, false, false)
JSON_PATH_FN(json_path_text_fn, false, true)

/* Scalars alike in kind and value. */
static bool jsonb_scalar_eq(const exec_jsonb *a, const exec_jsonb *b)
{
	return a->kind == b->kind && jsonb_cmp_node(a, b) == 0;
}

/* PostgreSQL's JsonbDeepContains for two containers. */
static bool jsonb_deep_contains(const exec_jsonb *a, const exec_jsonb *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == EXEC_JSONB_OBJECT) {
		if (a->len < b->len)
			return false;
		for (uint32_t i = 0; i < b->len; i++) {
			const exec_jsonb_pair *m = &b->u.pairs[i];
			const exec_jsonb *l = jsonb_find_key(a, m->key, m->keylen);

			if (l == NULL || l->kind != m->val.kind)
				return false;
			if (jsonb_is_scalar(l) ? !jsonb_scalar_eq(l, &m->val)
					       : !jsonb_deep_contains(l, &m->val))
				return false;
		}
		return true;
	}
	for (uint32_t i = 0; i < b->len; i++) {
		const exec_jsonb *e = &b->u.elems[i];
		bool found = false;

		for (uint32_t k = 0; k < a->len && !found; k++) {
			const exec_jsonb *l = &a->u.elems[k];

			if (jsonb_is_scalar(e))
				found = jsonb_scalar_eq(l, e);
			else
				found = !jsonb_is_scalar(l) && jsonb_deep_contains(l, e);
		}
		if (!found)
			return false;
	}
	return true;
}

/*
 * a @> b.  At the top level a scalar is PostgreSQL's one-element "raw
 * scalar" array: it contains an equal scalar and nothing else, and an
 * array contains a scalar that is one of its elements.
 */
static bool jsonb_contains(const exec_jsonb *a, const exec_jsonb *b)
{
	if (jsonb_is_scalar(a))
		return jsonb_is_scalar(b) && jsonb_scalar_eq(a, b);
	if (jsonb_is_scalar(b)) {
		if (a->kind != EXEC_JSONB_ARRAY)
			return false;
		for (uint32_t k = 0; k < a->len; k++) {
			if (jsonb_scalar_eq(&a->u.elems[k], b))
				return true;
		}
		return false;
	}
	return jsonb_deep_contains(a, b);
}

static int jsonb_contains_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_bool(jsonb_contains(args[0].v.jb, args[1].v.jb));
	return EXEC_OK;
}

static int jsonb_contained_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_bool(jsonb_contains(args[1].v.jb, args[0].v.jb));
	return EXEC_OK;
}

/* ? : a top-level key, a string element, or the string itself. */
static bool jsonb_exists(const exec_jsonb *j, const char *s, size_t len)
{
	if (j->kind == EXEC_JSONB_OBJECT)
		return jsonb_find_key(j, s, len) != NULL;
	if (j->kind == EXEC_JSONB_ARRAY) {
		for (uint32_t i = 0; i < j->len; i++) {
			const exec_jsonb *e = &j->u.elems[i];

			if (e->kind == EXEC_JSONB_STRING && e->len == len &&
				memcmp(e->u.str, s, len) == 0)
				return true;
		}
		return false;
	}
	return j->kind == EXEC_JSONB_STRING && j->len == len && memcmp(j->u.str, s, len) == 0;
}

static int jsonb_exists_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_bool(jsonb_exists(args[0].v.jb, args[1].v.s.p, args[1].v.s.len));
	return EXEC_OK;
}

/* ?| and ?&: NULL keys are skipped. */
static int jsonb_exists_many(const exec_value *args, exec_value *out, bool all)
{
	const exec_array *keys = args[1].v.arr;

	for (uint32_t i = 0; i < keys->count; i++) {
		const exec_value *k = &keys->elems[i];
		bool e;

		if (k->isnull)
			continue;
		e = jsonb_exists(args[0].v.jb, k->v.s.p, k->v.s.len);
		if (e != all) {
			*out = exec_bool(e);
			return EXEC_OK;
		}
	}
	*out = exec_bool(all);
	return EXEC_OK;
}

static int jsonb_exists_any_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return jsonb_exists_many(args, out, false);
}

static int jsonb_exists_all_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return jsonb_exists_many(args, out, true);
}

/* || : objects merge (the right wins); anything else concatenates as arrays. */
static int jsonb_concat_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_jsonb *a = args[0].v.jb, *b = args[1].v.jb;
	exec_jsonb *r = sql_arena_alloc(cx->arena, sizeof(*r));

	if (a->kind == EXEC_JSONB_OBJECT && b->kind == EXEC_JSONB_OBJECT) {
		size_t n = (size_t)a->len + b->len;
		exec_jsonb_pair *m = sql_arena_alloc(cx->arena, (n > 0 ? n : 1) * sizeof(*m));

		copy_items(m, a->u.pairs, a->len, sizeof(*m));
		copy_items(m + a->len, b->u.pairs, b->len, sizeof(*m));
		jsonb_set_object(r, m, n);
	} else {
		uint32_t na = a->kind == EXEC_JSONB_ARRAY ? a->len : 1;
		uint32_t nb = b->kind == EXEC_JSONB_ARRAY ? b->len : 1;
		exec_jsonb *e = sql_arena_alloc(cx->arena, ((size_t)na + nb + 1) * sizeof(*e));

		if (a->kind == EXEC_JSONB_ARRAY)
			copy_items(e, a->u.elems, na, sizeof(*e));
		else
			e[0] = *a;
		if (b->kind == EXEC_JSONB_ARRAY)
			copy_items(e + na, b->u.elems, nb, sizeof(*e));
		else
			e[na] = *b;
		jsonb_set_array(r, e, (size_t)na + nb);
	}
	*out = exec_jsonb_value(r);
	return EXEC_OK;
}

static int jsonb_param_error(exec_ctx *cx, const char *msg)
{
	return store_err_set(cx->err, "22023", "%s", msg);
}

/* Does key k match any non-NULL element of keys? */
static bool json_key_listed(const exec_array *keys, const char *k, size_t klen)
{
	for (uint32_t i = 0; i < keys->count; i++) {
		const exec_value *e = &keys->elems[i];

		if (!e->isnull && e->v.s.len == klen && memcmp(e->v.s.p, k, klen) == 0)
			return true;
	}
	return false;
}

/* jsonb - text and jsonb - text[]: drop keys, or string elements, that are listed. */
static int jsonb_delete_keys(
	exec_ctx *cx, const exec_jsonb *j, const exec_array *keys, exec_value *out)
{
	exec_jsonb *r;
	uint32_t n = 0;

	if (jsonb_is_scalar(j))
		return jsonb_param_error(cx, "cannot delete from scalar");
	r = sql_arena_alloc(cx->arena, sizeof(*r));
	*r = *j;
	if (j->kind == EXEC_JSONB_OBJECT) {
		exec_jsonb_pair *m = sql_arena_alloc(cx->arena, (j->len + 1) * sizeof(*m));

		for (uint32_t i = 0; i < j->len; i++) {
			if (!json_key_listed(keys, j->u.pairs[i].key, j->u.pairs[i].keylen))
				m[n++] = j->u.pairs[i];
		}
		r->u.pairs = m;
	} else {
		exec_jsonb *e = sql_arena_alloc(cx->arena, (j->len + 1) * sizeof(*e));

		for (uint32_t i = 0; i < j->len; i++) {
			const exec_jsonb *x = &j->u.elems[i];

			if (x->kind != EXEC_JSONB_STRING ||
				!json_key_listed(keys, x->u.str, x->len))
				e[n++] = *x;
		}
		r->u.elems = e;
	}
	r->len = n;
	*out = exec_jsonb_value(r);
	return EXEC_OK;
}

static int jsonb_delete_text_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return jsonb_delete_keys(
		cx, args[0].v.jb, exec_array_new(cx->arena, EXEC_OID_TEXT, &args[1], 1), out);
}

static int jsonb_delete_array_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return jsonb_delete_keys(cx, args[0].v.jb, args[1].v.arr, out);
}

static int jsonb_delete_index_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_jsonb *j = args[0].v.jb;
	int64_t i = args[1].v.i;
	exec_jsonb *r, *e;

	if (jsonb_is_scalar(j))
		return jsonb_param_error(cx, "cannot delete from scalar");
	if (j->kind == EXEC_JSONB_OBJECT)
		return jsonb_param_error(cx, "cannot delete from object using integer index");
	if (i < 0)
		i += j->len;
	if (i < 0 || i >= (int64_t)j->len) {
		*out = args[0];
		return EXEC_OK;
	}
	e = sql_arena_alloc(cx->arena, j->len * sizeof(*e));
	memcpy(e, j->u.elems, (size_t)i * sizeof(*e));
	memcpy(e + i, j->u.elems + i + 1, (j->len - (size_t)i - 1) * sizeof(*e));
	r = sql_arena_alloc(cx->arena, sizeof(*r));
	jsonb_set_array(r, e, j->len - 1);
	*out = exec_jsonb_value(r);
	return EXEC_OK;
}

/* ---- jsonb_set, jsonb_insert, #- (PostgreSQL's setPath) ---------------- */

enum {
	PATH_CREATE = 1,
	PATH_REPLACE = 2,
	PATH_DELETE = 4,
	PATH_INSERT_BEFORE = 8,
	PATH_INSERT_AFTER = 16,
	PATH_CREATE_OR_INSERT = PATH_CREATE | PATH_INSERT_BEFORE | PATH_INSERT_AFTER,
};

struct path_op {
	exec_ctx *cx;
	const exec_array *path;
	const exec_jsonb *newval;
	int op;
};

static int set_path(struct path_op *o, const exec_jsonb *in, uint32_t level, exec_jsonb *out);

static int set_path_object(struct path_op *o, const exec_jsonb *in, uint32_t level, exec_jsonb *out)
{
	const exec_value *k = path_elem(o->path, level);
	bool last = level == o->path->count - 1;
	size_t n = in->len;
	exec_jsonb_pair *m = sql_arena_alloc(o->cx->arena, (n + 1) * sizeof(*m));
	size_t i, found = n;

	copy_items(m, in->u.pairs, n, sizeof(*m));
	for (i = 0; i < n; i++) {
		if (m[i].keylen == k->v.s.len && memcmp(m[i].key, k->v.s.p, k->v.s.len) == 0) {
			found = i;
			break;
		}
	}

	if (found < n && last) {
		if (o->op & (PATH_INSERT_BEFORE | PATH_INSERT_AFTER)) {
			store_err_set(o->cx->err, "22023", "cannot replace existing key");
			store_err_hint(o->cx->err,
				"Try using the function jsonb_set to replace key value.");
			return EXEC_ERROR;
		}
		if (o->op & PATH_DELETE) {
			memmove(m + found, m + found + 1, (n - found - 1) * sizeof(*m));
			n--;
		} else {
			m[found].val = *o->newval;
		}
	} else if (found < n) {
		if (set_path(o, &in->u.pairs[found].val, level + 1, &m[found].val) != EXEC_OK)
			return EXEC_ERROR;
	} else if (last && (o->op & PATH_CREATE_OR_INSERT)) {
		m[n].key = sql_arena_strndup(o->cx->arena, k->v.s.p, k->v.s.len);
		m[n].keylen = (uint32_t)k->v.s.len;
		m[n].val = *o->newval;
		n++;
	}
	jsonb_set_object(out, m, n);
	return EXEC_OK;
}

static int set_path_array(struct path_op *o, const exec_jsonb *in, uint32_t level, exec_jsonb *out)
{
	const exec_value *k = path_elem(o->path, level);
	bool last = level == o->path->count - 1, done = false;
	int64_t nelems = in->len, idx;
	int parsed;
	exec_jsonb *e = sql_arena_alloc(o->cx->arena, ((size_t)nelems + 2) * sizeof(*e));
	size_t n = 0;

	if (!json_path_int(k->v.s.p, k->v.s.len, &parsed)) {
		store_err_set(o->cx->err, "22P02",
			"path element at position %u is not an integer: \"%.*s\"", level + 1,
			(int)k->v.s.len, k->v.s.p);
		return EXEC_ERROR;
	}
	idx = parsed;
	if (idx < 0)
		idx = -idx > nelems ? INT64_MIN : nelems + idx;
	if (idx > nelems)
		idx = nelems;

	/* Before the first element: a prepend, or the only element of an empty array. */
	if ((idx == INT64_MIN || nelems == 0) && last && (o->op & PATH_CREATE_OR_INSERT)) {
		e[n++] = *o->newval;
		done = true;
	}
	for (int64_t i = 0; i < nelems; i++) {
		const exec_jsonb *x = &in->u.elems[i];

		if (i != idx) {
			e[n++] = *x;
			continue;
		}
		done = true;
		if (!last) {
			if (set_path(o, x, level + 1, &e[n++]) != EXEC_OK)
				return EXEC_ERROR;
			continue;
		}
		if (o->op & (PATH_INSERT_BEFORE | PATH_CREATE))
			e[n++] = *o->newval;
		if (o->op & (PATH_INSERT_AFTER | PATH_INSERT_BEFORE))
			e[n++] = *x;
		if (o->op & (PATH_INSERT_AFTER | PATH_REPLACE))
			e[n++] = *o->newval;
	}
	if (!done && last && (o->op & PATH_CREATE_OR_INSERT))
		e[n++] = *o->newval;
	jsonb_set_array(out, e, n);
	return EXEC_OK;
}

static int set_path(struct path_op *o, const exec_jsonb *in, uint32_t level, exec_jsonb *out)
{
	if (path_elem(o->path, level)->isnull)
		return store_err_set(
			o->cx->err, "22004", "path element at position %u is null", level + 1);
	if (in->kind == EXEC_JSONB_OBJECT)
		return set_path_object(o, in, level, out);
	if (in->kind == EXEC_JSONB_ARRAY)
		return set_path_array(o, in, level, out);
	*out = *in; /* a scalar before the path's end: nothing to do */
	return EXEC_OK;
}

/* Run a path operation on the top level; scalars refuse with msg. */
static int path_run(exec_ctx *cx, const exec_value *target, const exec_array *path,
	const exec_jsonb *newval, int op, const char *scalar_msg, exec_value *out)
{
	struct path_op o = {cx, path, newval, op};
	const exec_jsonb *j = target->v.jb;
	exec_jsonb *r;

	if (jsonb_is_scalar(j))
		return jsonb_param_error(cx, scalar_msg);
	if (path->count == 0 || ((op & PATH_DELETE) && j->len == 0)) {
		*out = *target;
		return EXEC_OK;
	}
	r = sql_arena_alloc(cx->arena, sizeof(*r));
	if (set_path(&o, j, 0, r) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_jsonb_value(r);
	return EXEC_OK;
}

static int jsonb_set_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	bool create = nargs < 4 || args[3].v.b;

	return path_run(cx, &args[0], args[1].v.arr, args[2].v.jb,
		create ? PATH_CREATE : PATH_REPLACE, "cannot set path in scalar", out);
}

static int jsonb_insert_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	bool after = nargs >= 4 && args[3].v.b;

	return path_run(cx, &args[0], args[1].v.arr, args[2].v.jb,
		after ? PATH_INSERT_AFTER : PATH_INSERT_BEFORE, "cannot set path in scalar", out);
}

static int jsonb_delete_path_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return path_run(cx, &args[0], args[1].v.arr, NULL, PATH_DELETE,
		"cannot delete path in scalar", out);
}

/* jsonb_set_lax: not strict; what a NULL new value means is the fifth argument's. */
static int jsonb_set_lax_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	static const exec_jsonb json_null = {EXEC_JSONB_NULL, false, 0, 0, 0, {NULL}};
	const char *how = "use_json_null";
	size_t howlen = strlen(how);
	exec_value a[4];

	if (args[0].isnull || args[1].isnull || (nargs > 3 && args[3].isnull)) {
		*out = exec_null(EXEC_OID_JSONB);
		return EXEC_OK;
	}
	if (nargs > 4) {
		if (args[4].isnull)
			return store_err_set(cx->err, "22023",
				"null_value_treatment must be \"delete_key\", \"return_target\", \"use_json_null\", or \"raise_exception\"");
		how = args[4].v.s.p;
		howlen = args[4].v.s.len;
	}
	if (!args[2].isnull)
		return jsonb_set_fn(cx, args, nargs > 4 ? 4 : nargs, out);

#define HOW_IS(s) (howlen == strlen(s) && memcmp(how, s, howlen) == 0)
	if (HOW_IS("raise_exception")) {
		store_err_set(cx->err, "22004", "JSON value must not be null");
		store_err_detail(cx->err,
			"Exception was raised because null_value_treatment is \"raise_exception\".");
		store_err_hint(cx->err,
			"To avoid, either change the null_value_treatment argument or ensure that an SQL NULL is not passed.");
		return EXEC_ERROR;
	}
	if (HOW_IS("return_target")) {
		*out = args[0];
		return EXEC_OK;
	}
	if (HOW_IS("delete_key"))
		return jsonb_delete_path_fn(cx, args, 2, out);
	if (!HOW_IS("use_json_null"))
		return store_err_set(cx->err, "22023",
			"null_value_treatment must be \"delete_key\", \"return_target\", \"use_json_null\", or \"raise_exception\"");
#undef HOW_IS
	memcpy(a, args, sizeof(a[0]) * (nargs > 4 ? 4 : (size_t)nargs));
	a[2] = exec_jsonb_value(&json_null);
	return jsonb_set_fn(cx, a, nargs > 4 ? 4 : nargs, out);
}

/* ---- Other functions --------------------------------------------------- */

static void jsonb_strip(sql_arena *a, const exec_jsonb *in, exec_jsonb *out)
{
	*out = *in;
	if (in->kind == EXEC_JSONB_ARRAY) {
		exec_jsonb *e = sql_arena_alloc(a, (in->len + 1) * sizeof(*e));

		for (uint32_t i = 0; i < in->len; i++)
			jsonb_strip(a, &in->u.elems[i], &e[i]);
		out->u.elems = e;
	} else if (in->kind == EXEC_JSONB_OBJECT) {
		exec_jsonb_pair *m = sql_arena_alloc(a, (in->len + 1) * sizeof(*m));
		uint32_t n = 0;

		for (uint32_t i = 0; i < in->len; i++) {
			if (in->u.pairs[i].val.kind == EXEC_JSONB_NULL)
				continue;
			m[n] = in->u.pairs[i];
			jsonb_strip(a, &in->u.pairs[i].val, &m[n].val);
			n++;
		}
		out->u.pairs = m;
		out->len = n;
	}
}

static int jsonb_strip_nulls_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_jsonb r;

	jsonb_strip(cx->arena, args[0].v.jb, &r);
	*out = jsonb_result(cx, &r);
	return EXEC_OK;
}

/* json_strip_nulls: the document written again compact, members in their order. */
static int json_strip_nulls_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_jsonb *j = NULL;
	exec_jsonb r;
	store_buf b = STORE_BUF_INIT;

	if (json_arg_tree(cx, &args[0], &j) != EXEC_OK)
		return EXEC_ERROR;
	jsonb_strip(cx->arena, j, &r);
	exec_jsonb_write(&b, &r, EXEC_JSON_COMPACT);
	*out = json_result_text(cx, EXEC_OID_JSON, &b);
	store_buf_free(&b);
	return EXEC_OK;
}

static int jsonb_pretty_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	store_buf b = STORE_BUF_INIT;

	exec_jsonb_write(&b, args[0].v.jb, EXEC_JSON_PRETTY);
	*out = json_result_text(cx, EXEC_OID_TEXT, &b);
	store_buf_free(&b);
	return EXEC_OK;
}

static int jsonb_typeof_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const char *name = jsonb_kind_names[args[0].v.jb->kind];

	*out = exec_text(EXEC_OID_TEXT, name, strlen(name));
	return EXEC_OK;
}

/* json_typeof needs only the first byte of the (valid) text. */
static int json_typeof_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const char *s = args[0].v.s.p, *name = "number";
	size_t i = 0, len = args[0].v.s.len;

	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	if (i < len) {
		switch (s[i]) {
		case '{':
			name = "object";
			break;
		case '[':
			name = "array";
			break;
		case '"':
			name = "string";
			break;
		case 't':
		case 'f':
			name = "boolean";
			break;
		case 'n':
			name = "null";
			break;
		default:
			break;
		}
	}
	*out = exec_text(EXEC_OID_TEXT, name, strlen(name));
	return EXEC_OK;
}

static int json_array_length_of(exec_ctx *cx, const exec_jsonb *j, exec_value *out)
{
	if (j->kind == EXEC_JSONB_ARRAY) {
		*out = exec_int(EXEC_OID_INT4, j->len);
		return EXEC_OK;
	}
	return jsonb_param_error(cx, j->kind == EXEC_JSONB_OBJECT
					     ? "cannot get array length of a non-array"
					     : "cannot get array length of a scalar");
}

static int jsonb_array_length_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return json_array_length_of(cx, args[0].v.jb, out);
}

static int json_array_length_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_jsonb *j = NULL;

	if (json_arg_tree(cx, &args[0], &j) != EXEC_OK)
		return EXEC_ERROR;
	return json_array_length_of(cx, j, out);
}

static int to_jsonb_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_jsonb *j = NULL;

	if (exec_jsonb_from_value(cx, &args[0], &j) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_jsonb_value(j);
	return EXEC_OK;
}

static int to_json_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	store_buf b = STORE_BUF_INIT;
	int rc = exec_json_from_value(cx, &args[0], &b);

	if (rc == EXEC_OK)
		*out = json_result_text(cx, EXEC_OID_JSON, &b);
	store_buf_free(&b);
	return rc;
}

/* row_to_json(record [, pretty]). */
static int row_to_json_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	store_buf b = STORE_BUF_INIT;
	int rc = json_record(cx, args[0].v.rec, nargs > 1 && args[1].v.b, &b);

	if (rc == EXEC_OK)
		*out = json_result_text(cx, EXEC_OID_JSON, &b);
	store_buf_free(&b);
	return rc;
}

/* array_to_json(anyarray [, pretty]): pretty puts each element after the first on a new line. */
static int array_to_json_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_array *arr = args[0].v.arr;
	bool pretty = nargs > 1 && args[1].v.b;
	store_buf b = STORE_BUF_INIT;
	int rc = EXEC_OK;

	store_buf_putc(&b, '[');
	for (uint32_t i = 0; i < arr->count && rc == EXEC_OK; i++) {
		if (i > 0)
			store_buf_puts(&b, pretty ? ",\n " : ",");
		rc = exec_json_from_value(cx, &arr->elems[i], &b);
	}
	store_buf_putc(&b, ']');
	if (rc == EXEC_OK)
		*out = json_result_text(cx, EXEC_OID_JSON, &b);
	store_buf_free(&b);
	return rc;
}

/*
 * An object key from any scalar value (json_build_object, the object
 * aggregates): NULL is refused with msg_null, containers with PostgreSQL's
 * "key value must be scalar" message.
 */
static int json_key_of(exec_ctx *cx, const exec_value *v, const char **s, size_t *len)
{
	enum json_class cls = json_class_of(v->type);
	struct json_scalar sc;

	if (cls == JC_ARRAY || cls == JC_JSON || cls == JC_JSONB)
		return jsonb_param_error(
			cx, "key value must be scalar, not array, composite, or json");
	if (json_scalar_of(cx, v, cls, &sc) != EXEC_OK)
		return EXEC_ERROR;
	if (sc.kind == EXEC_JSONB_BOOL) {
		sc.s = sc.b ? "true" : "false";
		sc.len = strlen(sc.s);
	}
	*s = sc.s != NULL ? sc.s : "";
	*len = sc.len;
	return EXEC_OK;
}

static int json_build_object_check(exec_ctx *cx, const exec_value *args, int nargs, bool jsonb)
{
	if (nargs % 2 != 0) {
		store_err_set(cx->err, "22023", "argument list must have even number of elements");
		store_err_hint(cx->err,
			"The arguments of %s() must consist of alternating keys and values.",
			jsonb ? "jsonb_build_object" : "json_build_object");
		return EXEC_ERROR;
	}
	for (int i = 0; i < nargs; i += 2) {
		if (args[i].isnull) {
			store_err_set(cx->err, "22023", "argument %d cannot be null", i + 1);
			store_err_hint(cx->err, "Object keys should be text.");
			return EXEC_ERROR;
		}
	}
	return EXEC_OK;
}

static int jsonb_build_object_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_jsonb_pair *m;
	exec_jsonb r;
	size_t n = (size_t)nargs / 2;

	if (json_build_object_check(cx, args, nargs, true) != EXEC_OK)
		return EXEC_ERROR;
	m = sql_arena_alloc(cx->arena, (n + 1) * sizeof(*m));
	for (size_t i = 0; i < n; i++) {
		const char *k;
		size_t klen;

		if (json_key_of(cx, &args[2 * i], &k, &klen) != EXEC_OK ||
			jsonb_from_value(cx, &args[2 * i + 1], &m[i].val) != EXEC_OK)
			return EXEC_ERROR;
		m[i].key = sql_arena_strndup(cx->arena, k, klen);
		m[i].keylen = (uint32_t)klen;
	}
	jsonb_set_object(&r, m, n);
	*out = jsonb_result(cx, &r);
	return EXEC_OK;
}

static int json_build_object_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	store_buf b = STORE_BUF_INIT;
	int rc = json_build_object_check(cx, args, nargs, false);

	store_buf_putc(&b, '{');
	for (int i = 0; i + 1 < nargs && rc == EXEC_OK; i += 2) {
		const char *k;
		size_t klen;

		if (i > 0)
			store_buf_put(&b, ", ", 2);
		rc = json_key_of(cx, &args[i], &k, &klen);
		if (rc != EXEC_OK)
			break;
		exec_json_write_string(&b, k, klen);
		store_buf_put(&b, " : ", 3);
		rc = exec_json_from_value(cx, &args[i + 1], &b);
	}
	store_buf_putc(&b, '}');
	if (rc == EXEC_OK)
		*out = json_result_text(cx, EXEC_OID_JSON, &b);
	store_buf_free(&b);
	return rc;
}

static int jsonb_build_array_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_jsonb *e = sql_arena_alloc(cx->arena, ((size_t)nargs + 1) * sizeof(*e));
	exec_jsonb r;

	for (int i = 0; i < nargs; i++) {
		if (jsonb_from_value(cx, &args[i], &e[i]) != EXEC_OK)
			return EXEC_ERROR;
	}
	jsonb_set_array(&r, e, (size_t)nargs);
	*out = jsonb_result(cx, &r);
	return EXEC_OK;
}

static int json_build_array_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	store_buf b = STORE_BUF_INIT;
	int rc = EXEC_OK;

	store_buf_putc(&b, '[');
	for (int i = 0; i < nargs && rc == EXEC_OK; i++) {
		if (i > 0)
			store_buf_put(&b, ", ", 2);
		rc = exec_json_from_value(cx, &args[i], &b);
	}
	store_buf_putc(&b, ']');
	if (rc == EXEC_OK)
		*out = json_result_text(cx, EXEC_OID_JSON, &b);
	store_buf_free(&b);
	return rc;
}

/* ---- Casts ------------------------------------------------------------- */

static int json_to_jsonb_cast(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return jsonb_in(cx, args[0].v.s.p, args[0].v.s.len, EXEC_TYPMOD_NONE, out);
}

static int jsonb_to_json_cast(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	store_buf b = STORE_BUF_INIT;

	exec_jsonb_write(&b, args[0].v.jb, EXEC_JSON_TEXT);
	*out = json_result_text(cx, EXEC_OID_JSON, &b);
	store_buf_free(&b);
	return EXEC_OK;
}

/* The scalar a jsonb cast reads, or 22023 "cannot cast jsonb array to type integer". */
static const exec_jsonb *jsonb_cast_scalar(
	exec_ctx *cx, const exec_value *v, exec_jsonb_kind want, const char *type_name)
{
	static const char *const names[] = {
		[EXEC_JSONB_NULL] = "null",
		[EXEC_JSONB_STRING] = "string",
		[EXEC_JSONB_NUMBER] = "numeric",
		[EXEC_JSONB_BOOL] = "boolean",
		[EXEC_JSONB_ARRAY] = "array",
		[EXEC_JSONB_OBJECT] = "object",
	};
	const exec_jsonb *j = v->v.jb;

	if (j->kind != want) {
		store_err_set(cx->err, "22023", "cannot cast jsonb %s to type %s", names[j->kind],
			type_name);
		return NULL;
	}
	return j;
}

static int jsonb_to_bool_cast(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_jsonb *j = jsonb_cast_scalar(cx, &args[0], EXEC_JSONB_BOOL, "boolean");

	if (j == NULL)
		return EXEC_ERROR;
	*out = exec_bool(j->b);
	return EXEC_OK;
}

static int jsonb_to_numeric_cast(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_jsonb *j = jsonb_cast_scalar(cx, &args[0], EXEC_JSONB_NUMBER, "numeric");

	if (j == NULL)
		return EXEC_ERROR;
	return exec_value_in(cx, EXEC_OID_NUMERIC, EXEC_TYPMOD_NONE, j->u.str, j->len, out);
}

/*
 * A jsonb number as an integer of the type named: rounded half away
 * from zero (numeric's cast), 22003 "<type> out of range" past min..max.
 */
static int jsonb_to_int(exec_ctx *cx, const exec_value *arg, exec_oid type, int64_t min,
	int64_t max, const char *type_name, const char *range_name, exec_value *out)
{
	const exec_jsonb *j = jsonb_cast_scalar(cx, arg, EXEC_JSONB_NUMBER, type_name);
	struct json_num n;
	uint64_t mag = 0;
	bool over = false;

	if (j == NULL)
		return EXEC_ERROR;
	json_num_split(j->u.str, j->len, &n);
	for (size_t i = 0; i < n.il; i++) {
		unsigned d = (unsigned)(n.ip[i] - '0');

		if (mag > (UINT64_MAX - d) / 10)
			over = true;
		else
			mag = mag * 10 + d;
	}
	if (n.fl > 0 && n.fp[0] >= '5') {
		if (mag == UINT64_MAX)
			over = true;
		else
			mag++;
	}
	if (!over && n.neg && mag <= (uint64_t)INT64_MAX + 1 && -(int64_t)(mag - 1) - 1 >= min) {
		*out = exec_int(type, mag == 0 ? 0 : -(int64_t)(mag - 1) - 1);
		return EXEC_OK;
	}
	if (!over && !n.neg && mag <= (uint64_t)max) {
		*out = exec_int(type, (int64_t)mag);
		return EXEC_OK;
	}
	return store_err_set(cx->err, "22003", "%s out of range", range_name);
}

static int jsonb_to_int2_cast(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return jsonb_to_int(
		cx, &args[0], EXEC_OID_INT2, INT16_MIN, INT16_MAX, "smallint", "smallint", out);
}

static int jsonb_to_int4_cast(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return jsonb_to_int(
		cx, &args[0], EXEC_OID_INT4, INT32_MIN, INT32_MAX, "integer", "integer", out);
}

static int jsonb_to_int8_cast(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return jsonb_to_int(
		cx, &args[0], EXEC_OID_INT8, INT64_MIN, INT64_MAX, "bigint", "bigint", out);
}

static int jsonb_to_float(exec_ctx *cx, const exec_value *arg, bool single, exec_value *out)
{
	const char *type_name = single ? "real" : "double precision";
	const exec_jsonb *j = jsonb_cast_scalar(cx, arg, EXEC_JSONB_NUMBER, type_name);
	char *s;
	double d;

	if (j == NULL)
		return EXEC_ERROR;
	s = sql_arena_strndup(cx->arena, j->u.str, j->len);
	d = strtod(s, NULL);
	if (single)
		d = (float)d;
	if (isinf(d)) {
		store_err_set(cx->err, "22003", "\"%.*s%s\" is out of range for type %s",
			j->len > 40 ? 40 : (int)j->len, s, j->len > 40 ? "..." : "", type_name);
		return EXEC_ERROR;
	}
	out->type = single ? EXEC_OID_FLOAT4 : EXEC_OID_FLOAT8;
	out->isnull = false;
	out->v.f = d;
	return EXEC_OK;
}

static int jsonb_to_float4_cast(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return jsonb_to_float(cx, &args[0], true, out);
}

static int jsonb_to_float8_cast(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return jsonb_to_float(cx, &args[0], false, out);
}

/* ---- Aggregates -------------------------------------------------------- */

/*
 * States are private structs in the arena the executor hands to step
 * (cx->arena, which must live until final), reached through a value of
 * type "internal" whose v.s.p points at the struct.  They start NULL:
 * the first step builds them.  No rows gives NULL, as in PostgreSQL.
 */
struct json_agg_text {
	char *p; /* the text so far, in the arena; doubled when full */
	size_t len, cap;
	size_t count;
};

struct json_agg_nodes {
	exec_jsonb_pair *m; /* elements or members (key NULL for elements) */
	size_t n, cap;
};

static void *agg_state(exec_ctx *cx, exec_value *state, size_t size)
{
	if (state->isnull) {
		void *p = sql_arena_zalloc(cx->arena, size);

		state->type = JSON_OID_INTERNAL;
		state->isnull = false;
		state->v.s.p = p;
		state->v.s.len = 0;
	}
	return (void *)state->v.s.p;
}

static void agg_text_put(exec_ctx *cx, struct json_agg_text *t, const void *s, size_t n)
{
	if (t->cap - t->len < n) {
		size_t cap = t->cap == 0 ? 256 : t->cap;
		char *p;

		while (cap - t->len < n)
			cap *= 2;
		p = sql_arena_alloc(cx->arena, cap);
		if (t->len > 0)
			memcpy(p, t->p, t->len);
		t->p = p;
		t->cap = cap;
	}
	memcpy(t->p + t->len, s, n);
	t->len += n;
}

/* Append a separator (first before the first item), then the JSON of v after prefix. */
static int agg_text_item(exec_ctx *cx, struct json_agg_text *t, const char *first, const char *sep,
	const char *key, size_t keylen, const exec_value *v)
{
	store_buf b = STORE_BUF_INIT;
	int rc;

	store_buf_puts(&b, t->count++ == 0 ? first : sep);
	if (key != NULL) {
		exec_json_write_string(&b, key, keylen);
		store_buf_put(&b, " : ", 3);
	}
	rc = exec_json_from_value(cx, v, &b);
	if (rc == EXEC_OK)
		agg_text_put(cx, t, b.data, b.len);
	store_buf_free(&b);
	return rc;
}

static int agg_text_final(exec_ctx *cx, const exec_value *state, const char *close, exec_value *out)
{
	const struct json_agg_text *t;
	char *p;

	if (state->isnull) {
		*out = exec_null(EXEC_OID_JSON);
		return EXEC_OK;
	}
	t = (const struct json_agg_text *)state->v.s.p;
	p = sql_arena_alloc(cx->arena, t->len + strlen(close) + 1);
	memcpy(p, t->p, t->len);
	strcpy(p + t->len, close);
	*out = exec_text(EXEC_OID_JSON, p, t->len + strlen(close));
	return EXEC_OK;
}

static exec_jsonb_pair *agg_nodes_push(exec_ctx *cx, struct json_agg_nodes *s)
{
	if (s->n == s->cap) {
		size_t cap = s->cap == 0 ? 16 : s->cap * 2;
		exec_jsonb_pair *m = sql_arena_alloc(cx->arena, cap * sizeof(*m));

		if (s->n > 0)
			memcpy(m, s->m, s->n * sizeof(*m));
		s->m = m;
		s->cap = cap;
	}
	return &s->m[s->n++];
}

static int json_agg_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	struct json_agg_text *t = agg_state(cx, state, sizeof(*t));
	bool structured = !args[0].isnull && (args[0].type == EXEC_OID_RECORD ||
						     exec_array_elem_of(args[0].type) != 0);

	/* Arrays and rows after the first go on lines of their own, as PostgreSQL puts them. */
	return agg_text_item(cx, t, "[", structured ? ", \n " : ", ", NULL, 0, &args[0]);
}

static int json_agg_final(exec_ctx *cx, const exec_value *state, exec_value *out)
{
	return agg_text_final(cx, state, "]", out);
}

static int json_object_agg_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	struct json_agg_text *t;
	const char *k;
	size_t klen;

	if (args[0].isnull)
		return jsonb_param_error(cx, "field name must not be null");
	if (json_key_of(cx, &args[0], &k, &klen) != EXEC_OK)
		return EXEC_ERROR;
	t = agg_state(cx, state, sizeof(*t));
	return agg_text_item(cx, t, "{ ", ", ", k, klen, &args[1]);
}

static int json_object_agg_final(exec_ctx *cx, const exec_value *state, exec_value *out)
{
	return agg_text_final(cx, state, " }", out);
}

static int jsonb_agg_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	struct json_agg_nodes *s = agg_state(cx, state, sizeof(*s));
	exec_jsonb_pair *e = agg_nodes_push(cx, s);

	exec_value v = exec_value_copy(cx->arena, &args[0]); /* the row's memory is not ours */

	e->key = NULL;
	e->keylen = 0;
	return jsonb_from_value(cx, &v, &e->val);
}

static int jsonb_agg_final(exec_ctx *cx, const exec_value *state, exec_value *out)
{
	const struct json_agg_nodes *s;
	exec_jsonb *e;
	exec_jsonb r;

	if (state->isnull) {
		*out = exec_null(EXEC_OID_JSONB);
		return EXEC_OK;
	}
	s = (const struct json_agg_nodes *)state->v.s.p;
	e = sql_arena_alloc(cx->arena, (s->n + 1) * sizeof(*e));
	for (size_t i = 0; i < s->n; i++)
		e[i] = s->m[i].val;
	jsonb_set_array(&r, e, s->n);
	*out = jsonb_result(cx, &r);
	return EXEC_OK;
}

static int jsonb_object_agg_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	struct json_agg_nodes *s;
	exec_jsonb_pair *m;
	exec_value v;
	const char *k;
	size_t klen;

	if (args[0].isnull)
		return jsonb_param_error(cx, "field name must not be null");
	if (json_key_of(cx, &args[0], &k, &klen) != EXEC_OK)
		return EXEC_ERROR;
	s = agg_state(cx, state, sizeof(*s));
	m = agg_nodes_push(cx, s);
	m->key = sql_arena_strndup(cx->arena, k, klen);
	m->keylen = (uint32_t)klen;
	v = exec_value_copy(cx->arena, &args[1]); /* the row's memory is not ours */
	return jsonb_from_value(cx, &v, &m->val);
}

static int jsonb_object_agg_final(exec_ctx *cx, const exec_value *state, exec_value *out)
{
	const struct json_agg_nodes *s;
	exec_jsonb_pair *m;
	exec_jsonb r;

	if (state->isnull) {
		*out = exec_null(EXEC_OID_JSONB);
		return EXEC_OK;
	}
	s = (const struct json_agg_nodes *)state->v.s.p;
	m = sql_arena_alloc(cx->arena, (s->n + 1) * sizeof(*m));
	memcpy(m, s->m, s->n * sizeof(*m));
	jsonb_set_object(&r, m, s->n);
	*out = jsonb_result(cx, &r);
	return EXEC_OK;
}

/* ---- Set-returning functions ------------------------------------------- */

/* The root of a json or jsonb argument, and whether it was jsonb. */
static int srf_root(exec_ctx *cx, const exec_value *arg, const exec_jsonb **root)
{
	if (arg->type == EXEC_OID_JSONB) {
		*root = arg->v.jb;
		return EXEC_OK;
	}
	return json_arg_tree(cx, arg, root);
}

/* A member value as the SRF returns it: jsonb, json text, or text. */
static int srf_value(
	exec_ctx *cx, const exec_value *doc, const exec_jsonb *j, bool as_text, exec_value *out)
{
	bool jsonb = doc->type == EXEC_OID_JSONB;

	if (as_text)
		return jsonb ? jsonb_as_text(cx, j, out) : json_as_text(cx, doc, j, out);
	*out = jsonb ? jsonb_result(cx, j) : json_span(doc, j);
	return EXEC_OK;
}

static int json_each_common(exec_ctx *cx, const exec_value *args, exec_srf_emit emit, void *arg,
	const char *fname, bool as_text)
{
	const exec_jsonb *j = NULL;
	bool jsonb = args[0].type == EXEC_OID_JSONB;

	if (srf_root(cx, &args[0], &j) != EXEC_OK)
		return EXEC_ERROR;
	if (j->kind != EXEC_JSONB_OBJECT) {
		if (jsonb)
			return store_err_set(
				cx->err, "22023", "cannot call %s on a non-object", fname);
		return jsonb_param_error(cx, j->kind == EXEC_JSONB_ARRAY
						     ? "cannot deconstruct an array as an object"
						     : "cannot deconstruct a scalar");
	}
	for (uint32_t i = 0; i < j->len; i++) {
		const exec_jsonb_pair *m = &j->u.pairs[i];
		exec_value cols[2];

		cols[0] = exec_text(EXEC_OID_TEXT, m->key, m->keylen);
		if (srf_value(cx, &args[0], &m->val, as_text, &cols[1]) != EXEC_OK ||
			emit(arg, cols, 2) != EXEC_OK)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}

static int json_keys_common(
	exec_ctx *cx, const exec_value *args, exec_srf_emit emit, void *arg, const char *fname)
{
	const exec_jsonb *j = NULL;

	if (srf_root(cx, &args[0], &j) != EXEC_OK)
		return EXEC_ERROR;
	if (j->kind != EXEC_JSONB_OBJECT)
		return store_err_set(cx->err, "22023", "cannot call %s on %s", fname,
			j->kind == EXEC_JSONB_ARRAY ? "an array" : "a scalar");
	for (uint32_t i = 0; i < j->len; i++) {
		exec_value col = exec_text(EXEC_OID_TEXT, j->u.pairs[i].key, j->u.pairs[i].keylen);

		if (emit(arg, &col, 1) != EXEC_OK)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}

static int json_elements_common(exec_ctx *cx, const exec_value *args, exec_srf_emit emit, void *arg,
	const char *fname, bool as_text)
{
	const exec_jsonb *j = NULL;
	bool jsonb = args[0].type == EXEC_OID_JSONB;

	if (srf_root(cx, &args[0], &j) != EXEC_OK)
		return EXEC_ERROR;
	if (j->kind != EXEC_JSONB_ARRAY) {
		bool obj = j->kind == EXEC_JSONB_OBJECT;

		if (jsonb)
			return jsonb_param_error(cx, obj ? "cannot extract elements from an object"
							 : "cannot extract elements from a scalar");
		return store_err_set(cx->err, "22023", "cannot call %s on %s", fname,
			obj ? "a non-array" : "a scalar");
	}
	for (uint32_t i = 0; i < j->len; i++) {
		exec_value col;

		if (srf_value(cx, &args[0], &j->u.elems[i], as_text, &col) != EXEC_OK ||
			emit(arg, &col, 1) != EXEC_OK)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}

#define JSON_SRF_EACH(fname, name, as_text)                                                        \
	static int fname(                                                                          \
		exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)    \
	{                                                                                          \
		return json_each_common(cx, args, emit, arg, name, as_text);                       \
	}
#define JSON_SRF_ELEMENTS(fname, name, as_text)                                                    \
	static int fname(                                                                          \
		exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)    \
	{                                                                                          \
		return json_elements_common(cx, args, emit, arg, name, as_text);                   \
	}
#define JSON_SRF_KEYS(fname, name)                                                                 \
	static int fname(                                                                          \
		exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)    \
	{                                                                                          \
		return json_keys_common(cx, args, emit, arg, name);                                \
	}
JSON_SRF_EACH(jsonb_each_srf, "jsonb_each", false)
JSON_SRF_EACH(jsonb_each_text_srf, "jsonb_each_text", true)
JSON_SRF_EACH(json_each_srf, "json_each", false)
JSON_SRF_EACH(json_each_text_srf, "json_each_text", true)
JSON_SRF_ELEMENTS(jsonb_elements_srf, "jsonb_array_elements", false)
JSON_SRF_ELEMENTS(jsonb_elements_text_srf, "jsonb_array_elements_text", true)
JSON_SRF_ELEMENTS(json_elements_srf, "json_array_elements", false)
JSON_SRF_ELEMENTS(json_elements_text_srf, "json_array_elements_text", true)
JSON_SRF_KEYS(jsonb_keys_srf, "jsonb_object_keys")
JSON_SRF_KEYS(json_keys_srf, "json_object_keys")

#define J  EXEC_OID_JSON
#define JB EXEC_OID_JSONB
#define T  EXEC_OID_TEXT
#define TA EXEC_OID_TEXT_ARRAY

const exec_srf exec_json_srfs[] = {
	{"jsonb_each", 1, {JB}, 2, {"key", "value"}, {T, JB}, true, jsonb_each_srf, 3208},
	{"jsonb_each_text", 1, {JB}, 2, {"key", "value"}, {T, T}, true, jsonb_each_text_srf, 3932},
	{"json_each", 1, {J}, 2, {"key", "value"}, {T, J}, true, json_each_srf, 3958},
	{"json_each_text", 1, {J}, 2, {"key", "value"}, {T, T}, true, json_each_text_srf, 3959},
	{"jsonb_object_keys", 1, {JB}, 1, {"jsonb_object_keys"}, {T}, true, jsonb_keys_srf, 3931},
	{"json_object_keys", 1, {J}, 1, {"json_object_keys"}, {T}, true, json_keys_srf, 3957},
	{"jsonb_array_elements", 1, {JB}, 1, {"value"}, {JB}, true, jsonb_elements_srf, 3219},
	{"jsonb_array_elements_text", 1, {JB}, 1, {"value"}, {T}, true, jsonb_elements_text_srf,
		3465},
	{"json_array_elements", 1, {J}, 1, {"value"}, {J}, true, json_elements_srf, 3955},
	{"json_array_elements_text", 1, {J}, 1, {"value"}, {T}, true, json_elements_text_srf, 3969},
};
const size_t exec_json_nsrfs = sizeof(exec_json_srfs) / sizeof(exec_json_srfs[0]);

/* ---- The module -------------------------------------------------------- */

static const exec_type json_types[] = {
	{EXEC_OID_JSON, "json", "json", 'U', false, -1, 0, EXEC_OID_JSON_ARRAY, json_in, json_out,
		NULL, NULL, NULL},
	{EXEC_OID_JSONB, "jsonb", "jsonb", 'U', false, -1, 0, EXEC_OID_JSONB_ARRAY, jsonb_in,
		jsonb_out, jsonb_cmp_value, jsonb_hash_value, NULL},
};

static const exec_cast json_casts[] = {
	{J, JB, EXEC_CAST_ASSIGNMENT, json_to_jsonb_cast},
	{JB, J, EXEC_CAST_ASSIGNMENT, jsonb_to_json_cast},
	{JB, EXEC_OID_BOOL, EXEC_CAST_EXPLICIT, jsonb_to_bool_cast},
	{JB, EXEC_OID_NUMERIC, EXEC_CAST_EXPLICIT, jsonb_to_numeric_cast},
	{JB, EXEC_OID_INT2, EXEC_CAST_EXPLICIT, jsonb_to_int2_cast},
	{JB, EXEC_OID_INT4, EXEC_CAST_EXPLICIT, jsonb_to_int4_cast},
	{JB, EXEC_OID_INT8, EXEC_CAST_EXPLICIT, jsonb_to_int8_cast},
	{JB, EXEC_OID_FLOAT4, EXEC_CAST_EXPLICIT, jsonb_to_float4_cast},
	{JB, EXEC_OID_FLOAT8, EXEC_CAST_EXPLICIT, jsonb_to_float8_cast},
	/* text <-> json and jsonb: the registry's automatic I/O conversions. */
};

static const exec_oper json_opers[] = {
	{"=", JB, JB, EXEC_OID_BOOL, jsonb_eq_fn, 3240, "<>", true},
	{"<>", JB, JB, EXEC_OID_BOOL, jsonb_ne_fn, 3241, "=", false},
	{"<", JB, JB, EXEC_OID_BOOL, jsonb_lt_fn, 3242, ">=", false},
	{">", JB, JB, EXEC_OID_BOOL, jsonb_gt_fn, 3243, "<=", false},
	{"<=", JB, JB, EXEC_OID_BOOL, jsonb_le_fn, 3244, ">", false},
	{">=", JB, JB, EXEC_OID_BOOL, jsonb_ge_fn, 3245, "<", false},
	{"->", JB, T, JB, jsonb_field_fn, 3211, NULL, false},
	{"->", JB, EXEC_OID_INT4, JB, jsonb_element_fn, 3212, NULL, false},
	{"->>", JB, T, T, jsonb_field_text_fn, 3477, NULL, false},
	{"->>", JB, EXEC_OID_INT4, T, jsonb_element_text_fn, 3481, NULL, false},
	{"#>", JB, TA, JB, jsonb_path_fn, 3213, NULL, false},
	{"#>>", JB, TA, T, jsonb_path_text_fn, 3206, NULL, false},
	{"->", J, T, J, json_field_fn, 3962, NULL, false},
	{"->", J, EXEC_OID_INT4, J, json_element_fn, 3964, NULL, false},
	{"->>", J, T, T, json_field_text_fn, 3963, NULL, false},
	{"->>", J, EXEC_OID_INT4, T, json_element_text_fn, 3965, NULL, false},
	{"#>", J, TA, J, json_path_fn, 3966, NULL, false},
	{"#>>", J, TA, T, json_path_text_fn, 3967, NULL, false},
	{"@>", JB, JB, EXEC_OID_BOOL, jsonb_contains_fn, 3246, NULL, false},
	{"<@", JB, JB, EXEC_OID_BOOL, jsonb_contained_fn, 3250, NULL, false},
	{"?", JB, T, EXEC_OID_BOOL, jsonb_exists_fn, 3247, NULL, false},
	{"?|", JB, TA, EXEC_OID_BOOL, jsonb_exists_any_fn, 3248, NULL, false},
	{"?&", JB, TA, EXEC_OID_BOOL, jsonb_exists_all_fn, 3249, NULL, false},
	{"||", JB, JB, JB, jsonb_concat_fn, 3284, NULL, false},
	{"-", JB, T, JB, jsonb_delete_text_fn, 3285, NULL, false},
	{"-", JB, EXEC_OID_INT4, JB, jsonb_delete_index_fn, 3286, NULL, false},
	{"-", JB, TA, JB, jsonb_delete_array_fn, 3398, NULL, false},
	{"#-", JB, TA, JB, jsonb_delete_path_fn, 3287, NULL, false},
};

#define ANY  EXEC_OID_ANY
#define ANYE EXEC_OID_ANYELEMENT
#define ANYA EXEC_OID_ANYARRAY
#define B    EXEC_OID_BOOL
#define I4   EXEC_OID_INT4

static const exec_func json_funcs[] = {
	{"to_jsonb", JB, 1, {ANYE}, false, true, 's', to_jsonb_fn, 3787},
	{"row_to_json", J, 1, {EXEC_OID_RECORD}, false, true, 's', row_to_json_fn, 3155},
	{"row_to_json", J, 2, {EXEC_OID_RECORD, EXEC_OID_BOOL}, false, true, 's', row_to_json_fn,
		3156},
	{"to_json", J, 1, {ANYE}, false, true, 's', to_json_fn, 3176},
	{"array_to_json", J, 1, {ANYA}, false, true, 's', array_to_json_fn, 3153},
	{"array_to_json", J, 2, {ANYA, B}, false, true, 's', array_to_json_fn, 3154},
	{"jsonb_build_object", JB, 1, {ANY}, true, false, 's', jsonb_build_object_fn, 3273},
	{"jsonb_build_object", JB, 0, {0}, false, false, 's', jsonb_build_object_fn, 3274},
	{"json_build_object", J, 1, {ANY}, true, false, 's', json_build_object_fn, 3200},
	{"json_build_object", J, 0, {0}, false, false, 's', json_build_object_fn, 3201},
	{"jsonb_build_array", JB, 1, {ANY}, true, false, 's', jsonb_build_array_fn, 3271},
	{"jsonb_build_array", JB, 0, {0}, false, false, 's', jsonb_build_array_fn, 3272},
	{"json_build_array", J, 1, {ANY}, true, false, 's', json_build_array_fn, 3198},
	{"json_build_array", J, 0, {0}, false, false, 's', json_build_array_fn, 3199},
	{"jsonb_typeof", T, 1, {JB}, false, true, 'i', jsonb_typeof_fn, 3210},
	{"json_typeof", T, 1, {J}, false, true, 'i', json_typeof_fn, 3968},
	{"jsonb_array_length", I4, 1, {JB}, false, true, 'i', jsonb_array_length_fn, 3207},
	{"json_array_length", I4, 1, {J}, false, true, 'i', json_array_length_fn, 3956},
	{"jsonb_extract_path", JB, 2, {JB, T}, true, true, 'i', jsonb_path_fn, 3217},
	{"jsonb_extract_path_text", T, 2, {JB, T}, true, true, 'i', jsonb_path_text_fn, 3940},
	{"json_extract_path", J, 2, {J, T}, true, true, 'i', json_path_fn, 3951},
	{"json_extract_path_text", T, 2, {J, T}, true, true, 'i', json_path_text_fn, 3953},
	{"jsonb_set", JB, 3, {JB, TA, JB}, false, true, 'i', jsonb_set_fn, 3305},
	{"jsonb_set", JB, 4, {JB, TA, JB, B}, false, true, 'i', jsonb_set_fn, 3305},
	{"jsonb_set_lax", JB, 3, {JB, TA, JB}, false, false, 'i', jsonb_set_lax_fn, 5054},
	{"jsonb_set_lax", JB, 4, {JB, TA, JB, B}, false, false, 'i', jsonb_set_lax_fn, 5054},
	{"jsonb_set_lax", JB, 5, {JB, TA, JB, B, T}, false, false, 'i', jsonb_set_lax_fn, 5054},
	{"jsonb_insert", JB, 3, {JB, TA, JB}, false, true, 'i', jsonb_insert_fn, 3579},
	{"jsonb_insert", JB, 4, {JB, TA, JB, B}, false, true, 'i', jsonb_insert_fn, 3579},
	{"jsonb_delete_path", JB, 2, {JB, TA}, false, true, 'i', jsonb_delete_path_fn, 3304},
	{"jsonb_strip_nulls", JB, 1, {JB}, false, true, 'i', jsonb_strip_nulls_fn, 3262},
	{"json_strip_nulls", J, 1, {J}, false, true, 'i', json_strip_nulls_fn, 3261},
	{"jsonb_pretty", T, 1, {JB}, false, true, 'i', jsonb_pretty_fn, 3306},
	{"jsonb_cmp", I4, 2, {JB, JB}, false, true, 'i', jsonb_cmp_fn, 4044},
	{"jsonb_hash", I4, 1, {JB}, false, true, 'i', jsonb_hash_fn, 4045},
	{"jsonb_contains", B, 2, {JB, JB}, false, true, 'i', jsonb_contains_fn, 4046},
	{"jsonb_contained", B, 2, {JB, JB}, false, true, 'i', jsonb_contained_fn, 4050},
	{"jsonb_exists", B, 2, {JB, T}, false, true, 'i', jsonb_exists_fn, 4047},
	{"jsonb_exists_any", B, 2, {JB, TA}, false, true, 'i', jsonb_exists_any_fn, 4048},
	{"jsonb_exists_all", B, 2, {JB, TA}, false, true, 'i', jsonb_exists_all_fn, 4049},
	{"jsonb_concat", JB, 2, {JB, JB}, false, true, 'i', jsonb_concat_fn, 3301},
};

static const exec_agg json_aggs[] = {
	{"json_agg", J, 1, {ANYE}, JSON_OID_INTERNAL, false, NULL, json_agg_step, json_agg_final,
		3175},
	{"jsonb_agg", JB, 1, {ANYE}, JSON_OID_INTERNAL, false, NULL, jsonb_agg_step,
		jsonb_agg_final, 3267},
	{"json_object_agg", J, 2, {ANY, ANY}, JSON_OID_INTERNAL, false, NULL, json_object_agg_step,
		json_object_agg_final, 3197},
	{"jsonb_object_agg", JB, 2, {ANY, ANY}, JSON_OID_INTERNAL, false, NULL,
		jsonb_object_agg_step, jsonb_object_agg_final, 3270},
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const exec_module exec_mod_json = {"json", json_types, NELEM(json_types), json_casts,
	NELEM(json_casts), json_opers, NELEM(json_opers), json_funcs, NELEM(json_funcs), json_aggs,
	NELEM(json_aggs)};
