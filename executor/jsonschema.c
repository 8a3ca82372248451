/*
 * jsonschema.c - JSON Schema validation (see jsonschema.h for the subset
 * and how it differs from networknt 1.0.87, whose output it follows).
 *
 * A compiled schema is a private copy of the schema value plus a small
 * side table, sorted by address, of what compiling prepared: the
 * compiled regular expression of each "pattern" value and
 * "patternProperties" key, and the target of each "$ref".  Validation
 * walks the copy directly.  Both the check at compile time and the
 * evaluation read one table of keywords (keywords[] below): its order is
 * the order violations are reported in.
 *
 * Evaluation runs in one of two modes.  Collecting, it records every
 * violation (up to JSV_MAX_VIOLATIONS).  Probing, for the branches of
 * anyOf, oneOf, not, if and contains, it only wants the verdict, so it
 * stops at the first failure and builds no message.
 */
#include "jsonschema.h"

#include <assert.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* Drafts a keyword belongs to. */
#define D7   1u
#define D19  2u
#define D20  4u
#define DALL (D7 | D19 | D20)

/* What compiling prepared for one schema value, found by the value's address. */
typedef struct jsv_aux {
	const void *key;      /* a "pattern" or "$ref" string node, or a patternProperties key */
	regex_t *re;          /* pattern: the compiled expression */
	const json_t *target; /* $ref: the schema it names */
} jsv_aux;

struct jsv_schema {
	json_t *root; /* our own copy, never changed */
	jsv_draft_id draft;
	jsv_aux *aux; /* sorted by key */
	size_t naux;
};

/* The state of one validation. */
typedef struct jsv_ctx {
	const jsv_schema *s;
	store_buf path; /* the instance location being checked: "$.tags[2]" */
	store_buf out;  /* the jsv_violation array */
	size_t n;
	bool probe; /* only the verdict is wanted */
	int depth;
} jsv_ctx;

/* The state of one compilation. */
typedef struct jsv_build {
	jsv_schema *s;
	store_err *err;
	store_buf where; /* JSON Pointer of the value being checked: "#/properties/age" */
	store_buf aux;   /* jsv_aux entries */
	store_buf refs;  /* jsv_pending: each "$ref" met, for its target to be checked */
	store_buf seen;  /* const json_t *: schema objects already checked */
	int depth;
} jsv_build;

/* How a keyword's value must look, which also says where its subschemas are. */
typedef enum jsv_form {
	F_SCHEMA,       /* a schema */
	F_SCHEMA_LIST,  /* a non-empty array of schemas */
	F_SCHEMA_MAP,   /* an object of schemas */
	F_COUNT,        /* a non-negative integer */
	F_NUMBER,       /* any number */
	F_POSITIVE,     /* a number above zero */
	F_BOOL,         /* true or false */
	F_STRING,       /* a string */
	F_ANY,          /* any value */
	F_ARRAY,        /* an array of any values */
	F_NAMES,        /* an array of strings */
	F_NAMES_MAP,    /* an object of arrays of strings */
	F_TYPE,         /* a type name or a non-empty array of them */
	F_PATTERN,      /* a regular expression */
	F_PATTERN_MAP,  /* an object of schemas keyed by regular expressions */
	F_ITEMS,        /* a schema, or before 2020-12 an array of schemas */
	F_DEPENDENCIES, /* an object of arrays of strings or schemas */
	F_REF,          /* a local reference */
} jsv_form;

typedef struct jsv_keyword jsv_keyword;

/*
 * Evaluate one keyword: kw is its table entry, sch the schema object
 * holding it (for siblings such as "then"), val its value and doc the
 * instance.  Returns whether the instance passes.
 */
typedef bool (*jsv_eval_fn)(jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch,
	const json_t *val, const json_t *doc);

struct jsv_keyword {
	const char *name;
	jsv_form form;
	unsigned drafts;
	jsv_eval_fn eval; /* NULL: checked, never evaluated on its own ("then", "$defs") */
	int arg;          /* the evaluator's variant */
};

/* Variants of eval_size and eval_bound. */
enum { SZ_MIN_PROPS, SZ_MAX_PROPS, SZ_MIN_ITEMS, SZ_MAX_ITEMS, SZ_MIN_LEN, SZ_MAX_LEN };
enum { B_MIN, B_MAX, B_XMIN, B_XMAX };

static bool validate_node(jsv_ctx *cx, const json_t *sch, const json_t *doc);

/* ---- Small helpers -------------------------------------------------------- */

/* Compact JSON text of any value; the caller frees it.  Aborts when out of memory. */
static char *dump(const json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));

	if (s == NULL)
		abort();
	return s;
}

/* The value of a count keyword (checked at compile time to be a non-negative integer). */
static json_int_t count_of(const json_t *v)
{
	return json_is_integer(v) ? json_integer_value(v) : (json_int_t)json_real_value(v);
}

/* A real with no fraction counts as an integer (draft 6 onwards). */
static bool is_integral(const json_t *v)
{
	double d;

	if (json_is_integer(v))
		return true;
	if (!json_is_real(v))
		return false;
	d = json_real_value(v);
	return isfinite(d) && floor(d) == d;
}

/* The type name networknt reports for an instance. */
static const char *type_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "object";
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_INTEGER:
		return "integer";
	case JSON_REAL:
		return "number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "boolean";
	case JSON_NULL:
	default:
		return "null";
	}
}

static bool type_matches(const char *t, const json_t *v)
{
	if (strcmp(t, "integer") == 0)
		return is_integral(v);
	if (strcmp(t, "number") == 0)
		return json_is_number(v);
	return strcmp(t, json_is_real(v) ? "number" : type_of(v)) == 0;
}

static bool is_type_name(const char *t)
{
	static const char *const names[] = {
		"null", "boolean", "object", "array", "number", "integer", "string"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(t, names[i]) == 0)
			return true;
	return false;
}

/* -1, 0 or 1 as a < b, a == b, a > b; exact when both are integers. */
static int num_cmp(const json_t *a, const json_t *b)
{
	double x, y;

	if (json_is_integer(a) && json_is_integer(b)) {
		json_int_t i = json_integer_value(a), j = json_integer_value(b);
		return (i > j) - (i < j);
	}
	x = json_number_value(a);
	y = json_number_value(b);
	return (x > y) - (x < y);
}

/* JSON Schema equality: numbers by value (1 equals 1.0), containers member by member. */
static bool json_same(const json_t *a, const json_t *b)
{
	const char *key;
	const json_t *v;

	if (json_is_number(a) && json_is_number(b))
		return num_cmp(a, b) == 0;
	if (json_typeof(a) != json_typeof(b))
		return false;
	switch (json_typeof(a)) {
	case JSON_STRING:
		return json_string_length(a) == json_string_length(b) &&
		       memcmp(json_string_value(a), json_string_value(b), json_string_length(a)) ==
			       0;
	case JSON_ARRAY:
		if (json_array_size(a) != json_array_size(b))
			return false;
		for (size_t i = 0; i < json_array_size(a); i++)
			if (!json_same(json_array_get(a, i), json_array_get(b, i)))
				return false;
		return true;
	case JSON_OBJECT:
		if (json_object_size(a) != json_object_size(b))
			return false;
		json_object_foreach((json_t *)a, key, v)
		{
			const json_t *w = json_object_get(b, key);
			if (w == NULL || !json_same(v, w))
				return false;
		}
		return true;
	default:
		return true; /* true, false and null carry nothing beyond their type */
	}
}

static bool isalnum_ascii(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Unicode code points in UTF-8 text (jansson strings are valid UTF-8). */
static size_t utf8_count(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* ---- The side table ------------------------------------------------------- */

static int aux_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const jsv_aux *)a)->key;
	uintptr_t y = (uintptr_t)((const jsv_aux *)b)->key;

	return (x > y) - (x < y);
}

/* The entry compiling made for key; every key the evaluators look up has one. */
static const jsv_aux *aux_find(const jsv_schema *s, const void *key)
{
	jsv_aux probe = {.key = key};
	const jsv_aux *a = bsearch(&probe, s->aux, s->naux, sizeof(jsv_aux), aux_cmp);

	assert(a != NULL);
	return a;
}

/* Whether the compiled expression for key matches anywhere in s[0..len). */
static bool regex_search(const jsv_schema *sch, const void *key, const char *s, size_t len)
{
	const jsv_aux *a = aux_find(sch, key);
	regmatch_t m[1] = {{.rm_so = 0, .rm_eo = (regoff_t)len}};

	return regexec(a->re, s, 1, m, REG_STARTEND) == 0;
}

/* ---- Regular expressions: ECMA-262 spellings to POSIX ERE ------------------ */

/*
 * Rewrite the ECMA-262 escapes that POSIX lacks into what it has: the
 * class escapes \d \w \s (and their negations outside brackets), the
 * control escapes \n \t \r \f \v, "(?:" groups, and an escaped
 * punctuation character inside brackets (POSIX takes backslash there
 * literally).  Everything else passes through unchanged.
 */
static void regex_translate(store_buf *b, const char *p)
{
	bool bracket = false;

	for (; *p != '\0'; p++) {
		char c = p[0], e = p[1];

		/* A group that does not capture is just a group to POSIX. */
		if (!bracket && c == '(' && e == '?' && p[2] == ':') {
			store_buf_putc(b, '(');
			p += 2;
			continue;
		}
		if (c == '[' && !bracket) {
			bracket = true;
			store_buf_putc(b, c);
			if (p[1] == '^')
				store_buf_putc(b, *++p);
			continue;
		}
		if (c == ']' && bracket) {
			bracket = false;
			store_buf_putc(b, c);
			continue;
		}
		if (c != '\\' || e == '\0') {
			store_buf_putc(b, c);
			continue;
		}

		/* An escape: c is the backslash, e what it escapes. */
		p++;
		switch (e) {
		case 'd':
			store_buf_puts(b, bracket ? "0-9" : "[0-9]");
			continue;
		case 'w':
			store_buf_puts(b, bracket ? "A-Za-z0-9_" : "[A-Za-z0-9_]");
			continue;
		case 's':
			store_buf_puts(b, bracket ? "[:space:]" : "[[:space:]]");
			continue;
		case 'n':
			store_buf_putc(b, '\n');
			continue;
		case 't':
			store_buf_putc(b, '\t');
			continue;
		case 'r':
			store_buf_putc(b, '\r');
			continue;
		case 'f':
			store_buf_putc(b, '\f');
			continue;
		case 'v':
			store_buf_putc(b, '\v');
			continue;
		}
		if (!bracket) {
			switch (e) {
			case 'D':
				store_buf_puts(b, "[^0-9]");
				continue;
			case 'W':
				store_buf_puts(b, "[^A-Za-z0-9_]");
				continue;
			case 'S':
				store_buf_puts(b, "[^[:space:]]");
				continue;
			}
			store_buf_putc(b, '\\');
			store_buf_putc(b, e);
			continue;
		}

		/*
		 * XXX: \D \W \S inside brackets have no POSIX spelling and are
		 * kept as the letters; splitting the bracket into an
		 * alternation would fix it, and schemas rarely use them.
		 */
		if (e == ']' || e == '-' || e == '^')
			store_buf_printf(b, "[.%c.]", e); /* a collating element: always literal */
		else
			store_buf_putc(b, e);
	}
}

/* ---- Formats -------------------------------------------------------------- */

static bool digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int num2(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* RFC 3339 full-date at s: "2024-02-29". */
static bool is_full_date(const char *s, size_t len)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;

	if (len < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
		!digits(s + 8, 2))
		return false;
	y = num2(s) * 100 + num2(s + 2);
	m = num2(s + 5);
	d = num2(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	return !(m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
}

static bool fmt_date(const char *s, size_t len)
{
	return len == 10 && is_full_date(s, len);
}

/* RFC 3339 date-time: full-date "T" HH:MM:SS[.frac] ("Z" | +HH:MM | -HH:MM). */
static bool fmt_date_time(const char *s, size_t len)
{
	size_t i = 19;

	if (len < 20 || !is_full_date(s, len) || (s[10] != 'T' && s[10] != 't'))
		return false;
	if (!digits(s + 11, 2) || s[13] != ':' || !digits(s + 14, 2) || s[16] != ':' ||
		!digits(s + 17, 2))
		return false;
	if (num2(s + 11) > 23 || num2(s + 14) > 59 || num2(s + 17) > 60)
		return false;

	/* Fraction of a second. */
	if (s[i] == '.') {
		size_t start = ++i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return false;
	}

	/* Offset. */
	if (i < len && (s[i] == 'Z' || s[i] == 'z'))
		return i + 1 == len;
	if (len - i != 6 || (s[i] != '+' && s[i] != '-') || !digits(s + i + 1, 2) ||
		s[i + 3] != ':' || !digits(s + i + 4, 2))
		return false;
	return num2(s + i + 1) <= 23 && num2(s + i + 4) <= 59;
}

/* 8-4-4-4-12 hexadecimal digits. */
static bool fmt_uuid(const char *s, size_t len)
{
	if (len != 36)
		return false;
	for (size_t i = 0; i < len; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		bool hex = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
			   (s[i] >= 'A' && s[i] <= 'F');
		if (dash ? s[i] != '-' : !hex)
			return false;
	}
	return true;
}

/* Dotted quad, each part 0..255 in at most three digits, no leading zero. */
static bool fmt_ipv4(const char *s, size_t len)
{
	size_t i = 0;

	for (int part = 0; part < 4; part++) {
		size_t start = i;
		int v = 0;

		if (part > 0 && (i >= len || s[i++] != '.'))
			return false;
		start = i;
		while (i < len && s[i] >= '0' && s[i] <= '9' && i - start < 3)
			v = v * 10 + (s[i++] - '0');
		if (i == start || v > 255 || (s[start] == '0' && i - start > 1))
			return false;
	}
	return i == len;
}

/*
 * local@domain: a dot-atom local part of at most 64 bytes and a domain
 * of at least two dot-separated labels of letters, digits and inner
 * hyphens.  Quoted local parts and address literals are refused.
 */
static bool fmt_email(const char *s, size_t len)
{
	static const char atext[] = "!#$%&'*+-/=?^_`{|}~";
	const char *at = memchr(s, '@', len);
	size_t local, labels = 0, label = 0;

	if (at == NULL)
		return false;
	local = (size_t)(at - s);
	if (local == 0 || local > 64 || s[0] == '.' || s[local - 1] == '.')
		return false;
	for (size_t i = 0; i < local; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '.' ? s[i + 1] == '.' : !(isalnum_ascii(c) || strchr(atext, c) != NULL))
			return false;
	}

	/* The domain, label by label. */
	if (len - local - 1 == 0 || len - local - 1 > 253)
		return false;
	for (size_t i = local + 1; i <= len; i++) {
		char c = i < len ? s[i] : '.';
		if (c == '.') {
			if (label == 0 || label > 63 || s[i - 1] == '-')
				return false;
			labels++;
			label = 0;
			continue;
		}
		if (!isalnum_ascii((unsigned char)c) && !(c == '-' && label > 0))
			return false;
		label++;
	}
	return labels >= 2;
}

/* The formats asserted; any other name is an annotation. */
static const struct {
	const char *name;
	bool (*check)(const char *s, size_t len);
} formats[] = {
	{"date-time", fmt_date_time},
	{"date", fmt_date},
	{"email", fmt_email},
	{"uuid", fmt_uuid},
	{"ipv4", fmt_ipv4},
};

/* ---- Violations and the instance path ------------------------------------- */

/* Nothing more is recorded: probing, or the list is full. */
static bool quiet(const jsv_ctx *cx)
{
	return cx->probe || cx->n >= JSV_MAX_VIOLATIONS;
}

/*
 * Record a violation of keyword at the current path; the message is the
 * path followed by fmt.  Returns false, the verdict, so that evaluators
 * can "return fail(...)".
 */
static bool fail(jsv_ctx *cx, const char *keyword, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(jsv_ctx *cx, const char *keyword, const char *fmt, ...)
{
	store_buf msg = STORE_BUF_INIT;
	jsv_violation v;
	va_list ap;
	int len;

	if (quiet(cx))
		return false;

	/* The message: the path, then the formatted rest. */
	store_buf_puts(&msg, (const char *)cx->path.data);
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		abort();
	store_buf_grow(&msg, (size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf((char *)msg.data + msg.len, (size_t)len + 1, fmt, ap);
	va_end(ap);
	msg.len += (size_t)len;

	/* The entry. */
	v.path = strdup((const char *)cx->path.data);
	if (v.path == NULL)
		abort();
	v.message = (char *)store_buf_detach(&msg);
	v.keyword = keyword;
	store_buf_put(&cx->out, &v, sizeof(v));
	cx->n++;
	return false;
}

static jsv_violation *violation(jsv_ctx *cx, size_t i)
{
	return (jsv_violation *)cx->out.data + i;
}

/* Extend the path by a member or an index; path_restore(cx, mark) undoes it. */
static size_t path_member(jsv_ctx *cx, const char *name)
{
	size_t mark = cx->path.len;

	store_buf_putc(&cx->path, '.');
	store_buf_puts(&cx->path, name);
	return mark;
}

static size_t path_index(jsv_ctx *cx, size_t i)
{
	size_t mark = cx->path.len;

	store_buf_printf(&cx->path, "[%zu]", i);
	return mark;
}

static void path_restore(jsv_ctx *cx, size_t mark)
{
	cx->path.len = mark;
	cx->path.data[mark] = '\0';
}

/* Validate a member or an item of the instance against sub. */
static bool validate_member(jsv_ctx *cx, const json_t *sub, const char *name, const json_t *v)
{
	size_t mark = path_member(cx, name);
	bool ok = validate_node(cx, sub, v);

	path_restore(cx, mark);
	return ok;
}

static bool validate_item(jsv_ctx *cx, const json_t *sub, size_t i, const json_t *v)
{
	size_t mark = path_index(cx, i);
	bool ok = validate_node(cx, sub, v);

	path_restore(cx, mark);
	return ok;
}

/* The verdict of sub on doc, recording nothing. */
static bool probe(jsv_ctx *cx, const json_t *sub, const json_t *doc)
{
	bool was = cx->probe, ok;

	cx->probe = true;
	ok = validate_node(cx, sub, doc);
	cx->probe = was;
	return ok;
}

/* ---- Evaluators: any instance --------------------------------------------- */

static bool eval_ref(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	return validate_node(cx, aux_find(cx->s, val)->target, doc);
}

static bool eval_type(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	char *want;
	size_t i;
	const json_t *t;

	if (json_is_string(val)) {
		if (type_matches(json_string_value(val), doc))
			return true;
		return fail(cx, kw->name, ": %s found, %s expected", type_of(doc),
			json_string_value(val));
	}
	json_array_foreach(val, i, t)
	{
		if (type_matches(json_string_value(t), doc))
			return true;
	}
	if (quiet(cx))
		return false;
	want = dump(val);
	fail(cx, kw->name, ": %s found, but %s is required", type_of(doc), want);
	free(want);
	return false;
}

static bool eval_enum(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	char *text;
	size_t i;
	const json_t *v;

	json_array_foreach(val, i, v)
	{
		if (json_same(v, doc))
			return true;
	}
	if (quiet(cx))
		return false;
	text = dump(val);
	fail(cx, kw->name, ": does not have a value in the enumeration %s", text);
	free(text);
	return false;
}

static bool eval_const(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	char *text;

	if (json_same(val, doc))
		return true;
	if (quiet(cx))
		return false;
	text = dump(val);
	fail(cx, kw->name, ": must be a constant value %s", text);
	free(text);
	return false;
}

/* ---- Evaluators: objects -------------------------------------------------- */

static bool eval_required(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	bool ok = true;
	size_t i;
	const json_t *name;

	if (!json_is_object(doc))
		return true;
	json_array_foreach(val, i, name)
	{
		if (json_object_get(doc, json_string_value(name)) != NULL)
			continue;
		ok = fail(cx, kw->name, ".%s: is missing but it is required",
			json_string_value(name));
		if (quiet(cx))
			break;
	}
	return ok;
}

static bool eval_properties(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	bool ok = true;
	const char *name;
	const json_t *sub;

	if (!json_is_object(doc))
		return true;
	json_object_foreach((json_t *)val, name, sub)
	{
		const json_t *member = json_object_get(doc, name);

		if (member == NULL || validate_member(cx, sub, name, member))
			continue;
		ok = false;
		if (quiet(cx))
			break;
	}
	return ok;
}

static bool eval_pattern_properties(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	bool ok = true;
	const char *name, *pat;
	const json_t *member, *sub;

	if (!json_is_object(doc))
		return true;
	json_object_foreach((json_t *)doc, name, member)
	{
		json_object_foreach((json_t *)val, pat, sub)
		{
			if (!regex_search(cx->s, pat, name, strlen(name)) ||
				validate_member(cx, sub, name, member))
				continue;
			ok = false;
			if (quiet(cx))
				return false;
		}
	}
	return ok;
}

/* Whether a member is covered by "properties" or "patternProperties" of sch. */
static bool is_declared(const jsv_ctx *cx, const json_t *sch, const char *name)
{
	const json_t *props = json_object_get(sch, "properties");
	const json_t *pats = json_object_get(sch, "patternProperties");
	const char *pat;
	const json_t *sub;

	if (json_is_object(props) && json_object_get(props, name) != NULL)
		return true;
	if (!json_is_object(pats))
		return false;
	json_object_foreach((json_t *)pats, pat, sub)
	{
		if (regex_search(cx->s, pat, name, strlen(name)))
			return true;
	}
	return false;
}

static bool eval_additional_properties(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	bool ok = true;
	const char *name;
	const json_t *member;

	if (!json_is_object(doc) || json_is_true(val))
		return true;
	json_object_foreach((json_t *)doc, name, member)
	{
		if (is_declared(cx, sch, name))
			continue;
		if (json_is_false(val))
			ok = fail(cx, kw->name,
				".%s: is not defined in the schema and the schema does not allow additional properties",
				name);
		else if (!validate_member(cx, val, name, member))
			ok = false;
		if (!ok && quiet(cx))
			break;
	}
	return ok;
}

/*
 * Each member name, as a string, against the schema.  The violations of
 * a name are reworded the way networknt does: "Property name $.Foo is
 * not valid for validation: does not match the regex pattern ^[a-z]+$".
 */
static bool eval_property_names(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	bool ok = true;
	const char *name;
	const json_t *member;

	if (!json_is_object(doc))
		return true;
	json_object_foreach((json_t *)doc, name, member)
	{
		json_t *str = json_string_nocheck(name);
		size_t first = cx->n;
		bool good;

		if (str == NULL)
			abort();
		good = validate_member(cx, val, name, str);
		json_decref(str);
		if (good)
			continue;
		ok = false;
		if (cx->probe)
			break;

		/* Reword what the name's check recorded. */
		for (size_t i = first; i < cx->n; i++) {
			jsv_violation *v = violation(cx, i);
			const char *rest = v->message;
			store_buf msg = STORE_BUF_INIT;

			if (strncmp(rest, v->path, strlen(v->path)) == 0)
				rest += strlen(v->path);
			if (strncmp(rest, ": ", 2) == 0)
				rest += 2;
			store_buf_printf(&msg, "Property name %s is not valid for validation: %s",
				v->path, rest);
			free(v->message);
			v->message = (char *)store_buf_detach(&msg);
			v->keyword = kw->name;
		}
		if (quiet(cx))
			break;
	}
	return ok;
}

/*
 * dependencies (names or a schema per trigger), dependentRequired
 * (names) and dependentSchemas (a schema): when the trigger member is
 * present, the named members must be too, or the object must pass the
 * schema.
 */
static bool eval_dependencies(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	bool ok = true;
	const char *trigger;
	const json_t *dep;

	if (!json_is_object(doc))
		return true;
	json_object_foreach((json_t *)val, trigger, dep)
	{
		size_t i;
		const json_t *name;

		if (json_object_get(doc, trigger) == NULL)
			continue;
		if (!json_is_array(dep)) {
			if (!validate_node(cx, dep, doc))
				ok = false;
		} else {
			json_array_foreach(dep, i, name)
			{
				if (json_object_get(doc, json_string_value(name)) != NULL)
					continue;
				ok = fail(cx, kw->name,
					": has a missing property \"%s\" which is dependent required by \"%s\"",
					json_string_value(name), trigger);
				if (quiet(cx))
					break;
			}
		}
		if (!ok && quiet(cx))
			break;
	}
	return ok;
}

/* ---- Evaluators: arrays --------------------------------------------------- */

/*
 * Items of doc from first on against sub; or, when sub is an array (a
 * tuple), each item against the schema at its index while there is one.
 */
static bool validate_items(jsv_ctx *cx, const json_t *sub, const json_t *doc, size_t first)
{
	bool ok = true, tuple = json_is_array(sub);
	size_t end = json_array_size(doc);

	if (tuple && json_array_size(sub) < end)
		end = json_array_size(sub);
	for (size_t i = first; i < end; i++) {
		if (validate_item(
			    cx, tuple ? json_array_get(sub, i) : sub, i, json_array_get(doc, i)))
			continue;
		ok = false;
		if (quiet(cx))
			break;
	}
	return ok;
}

/* Items from first on refused by a false schema: "$.a[2]: no validator found at this index". */
static bool refuse_items(jsv_ctx *cx, const char *keyword, const json_t *doc, size_t first)
{
	for (size_t i = first; i < json_array_size(doc); i++) {
		fail(cx, keyword, "[%zu]: no validator found at this index", i);
		if (quiet(cx))
			break;
	}
	return first >= json_array_size(doc);
}

static bool eval_prefix_items(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	return !json_is_array(doc) || validate_items(cx, val, doc, 0);
}

/*
 * "items": before 2020-12 a schema for every item or a tuple; in 2020-12
 * the schema for the items after "prefixItems".
 */
static bool eval_items(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	size_t first = 0;

	if (!json_is_array(doc))
		return true;
	if (json_is_array(val))
		return validate_items(cx, val, doc, 0);
	if (cx->s->draft == JSV_DRAFT_2020_12)
		first = json_array_size(json_object_get(sch, "prefixItems"));
	if (json_is_false(val) && cx->s->draft == JSV_DRAFT_2020_12)
		return refuse_items(cx, kw->name, doc, first);
	return validate_items(cx, val, doc, first);
}

/* "additionalItems": the items past a tuple "items" (draft 7 and 2019-09). */
static bool eval_additional_items(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	const json_t *items = json_object_get(sch, "items");

	if (!json_is_array(doc) || !json_is_array(items))
		return true;
	if (json_is_false(val))
		return refuse_items(cx, kw->name, doc, json_array_size(items));
	return validate_items(cx, val, doc, json_array_size(items));
}

static bool eval_contains(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	char *text;

	if (!json_is_array(doc))
		return true;
	for (size_t i = 0; i < json_array_size(doc); i++)
		if (probe(cx, val, json_array_get(doc, i)))
			return true;
	if (quiet(cx))
		return false;
	text = dump(val);
	fail(cx, kw->name, ": does not contain an element that passes these validations: %s", text);
	free(text);
	return false;
}

static bool eval_unique_items(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	size_t n = json_array_size(doc);

	if (!json_is_array(doc) || !json_is_true(val))
		return true;

	/* XXX: quadratic; hashing canonical item text would make it linear for long arrays. */
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (json_same(json_array_get(doc, i), json_array_get(doc, j)))
				return fail(
					cx, kw->name, ": the items in the array must be unique");
	return true;
}

/* ---- Evaluators: sizes, strings, numbers ---------------------------------- */

/* minProperties, maxProperties, minItems, maxItems, minLength, maxLength. */
static bool eval_size(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	static const char *const msgs[] = {
		[SZ_MIN_PROPS] = ": should have a minimum of %lld properties",
		[SZ_MAX_PROPS] = ": may only have a maximum of %lld properties",
		[SZ_MIN_ITEMS] = ": there must be a minimum of %lld items in the array",
		[SZ_MAX_ITEMS] = ": there must be a maximum of %lld items in the array",
		[SZ_MIN_LEN] = ": must be at least %lld characters long",
		[SZ_MAX_LEN] = ": may only be %lld characters long",
	};
	json_int_t bound = count_of(val);
	size_t size;
	bool ok;

	switch (kw->arg) {
	case SZ_MIN_PROPS:
	case SZ_MAX_PROPS:
		if (!json_is_object(doc))
			return true;
		size = json_object_size(doc);
		break;
	case SZ_MIN_ITEMS:
	case SZ_MAX_ITEMS:
		if (!json_is_array(doc))
			return true;
		size = json_array_size(doc);
		break;
	default:
		if (!json_is_string(doc))
			return true;
		size = utf8_count(json_string_value(doc), json_string_length(doc));
		break;
	}
	if (kw->arg == SZ_MIN_PROPS || kw->arg == SZ_MIN_ITEMS || kw->arg == SZ_MIN_LEN)
		ok = (json_int_t)size >= bound;
	else
		ok = (json_int_t)size <= bound;
	if (ok)
		return true;
	return fail(cx, kw->name, msgs[kw->arg], (long long)bound);
}

static bool eval_pattern(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	if (!json_is_string(doc) ||
		regex_search(cx->s, val, json_string_value(doc), json_string_length(doc)))
		return true;
	return fail(cx, kw->name, ": does not match the regex pattern %s", json_string_value(val));
}

static bool eval_format(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	const char *name = json_string_value(val);

	if (!json_is_string(doc))
		return true;
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(name, formats[i].name) != 0)
			continue;
		if (formats[i].check(json_string_value(doc), json_string_length(doc)))
			return true;
		return fail(cx, kw->name, ": %s is an invalid %s", json_string_value(doc), name);
	}
	return true;
}

/* minimum, maximum, exclusiveMinimum, exclusiveMaximum. */
static bool eval_bound(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	static const char *const msgs[] = {
		[B_MIN] = ": must have a minimum value of %s",
		[B_MAX] = ": must have a maximum value of %s",
		[B_XMIN] = ": must have an exclusive minimum value of %s",
		[B_XMAX] = ": must have an exclusive maximum value of %s",
	};
	int c;
	bool ok;
	char *text;

	if (!json_is_number(doc))
		return true;
	c = num_cmp(doc, val);
	switch (kw->arg) {
	case B_MIN:
		ok = c >= 0;
		break;
	case B_MAX:
		ok = c <= 0;
		break;
	case B_XMIN:
		ok = c > 0;
		break;
	default:
		ok = c < 0;
		break;
	}
	if (ok || quiet(cx))
		return ok;
	text = dump(val);
	fail(cx, kw->name, msgs[kw->arg], text);
	free(text);
	return false;
}

/*
 * Exact for two integers; otherwise the quotient must be within a
 * relative 1e-9 of a whole number (0.3 is a multiple of 0.1 although
 * 0.3 / 0.1 is 2.9999999999999996 in doubles).
 */
static bool is_multiple(const json_t *x, const json_t *m)
{
	double q;

	if (json_is_integer(x) && json_is_integer(m))
		return json_integer_value(x) % json_integer_value(m) == 0;
	q = json_number_value(x) / json_number_value(m);
	if (!isfinite(q))
		return false;
	return fabs(q - nearbyint(q)) <= 1e-9 * fmax(1.0, fabs(q));
}

static bool eval_multiple_of(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	char *text;

	if (!json_is_number(doc) || is_multiple(doc, val))
		return true;
	if (quiet(cx))
		return false;
	text = dump(val);
	fail(cx, kw->name, ": must be multiple of %s", text);
	free(text);
	return false;
}

/* ---- Evaluators: combinations --------------------------------------------- */

static bool eval_all_of(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	bool ok = true;
	size_t i;
	const json_t *sub;

	json_array_foreach(val, i, sub)
	{
		if (validate_node(cx, sub, doc))
			continue;
		ok = false;
		if (quiet(cx))
			break;
	}
	return ok;
}

static bool eval_any_of(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	size_t i;
	const json_t *sub;
	char *text;

	json_array_foreach(val, i, sub)
	{
		if (probe(cx, sub, doc))
			return true;
	}
	if (quiet(cx))
		return false;
	text = dump(val);
	fail(cx, kw->name, ": should be valid to any of the schemas %s", text);
	free(text);
	return false;
}

static bool eval_one_of(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	size_t i, valid = 0;
	const json_t *sub;

	json_array_foreach(val, i, sub)
	{
		if (probe(cx, sub, doc))
			valid++;
	}
	if (valid == 1)
		return true;
	return fail(cx, kw->name, ": should be valid to one and only one schema, but %zu are valid",
		valid);
}

static bool eval_not(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	char *text;

	if (!probe(cx, val, doc))
		return true;
	if (quiet(cx))
		return false;
	text = dump(val);
	fail(cx, kw->name, ": should not be valid to the schema %s", text);
	free(text);
	return false;
}

/* "if" decides which of the siblings "then" and "else" applies; either may be absent. */
static bool eval_if(
	jsv_ctx *cx, const jsv_keyword *kw, const json_t *sch, const json_t *val, const json_t *doc)
{
	const json_t *branch;

	branch = json_object_get(sch, probe(cx, val, doc) ? "then" : "else");
	return branch == NULL || validate_node(cx, branch, doc);
}

/* ---- The keyword table ---------------------------------------------------- */

static const jsv_keyword keywords[] = {
	{"$ref", F_REF, DALL, eval_ref, 0},
	{"type", F_TYPE, DALL, eval_type, 0},
	{"enum", F_ARRAY, DALL, eval_enum, 0},
	{"const", F_ANY, DALL, eval_const, 0},

	/* Objects. */
	{"required", F_NAMES, DALL, eval_required, 0},
	{"properties", F_SCHEMA_MAP, DALL, eval_properties, 0},
	{"patternProperties", F_PATTERN_MAP, DALL, eval_pattern_properties, 0},
	{"additionalProperties", F_SCHEMA, DALL, eval_additional_properties, 0},
	{"propertyNames", F_SCHEMA, DALL, eval_property_names, 0},
	{"minProperties", F_COUNT, DALL, eval_size, SZ_MIN_PROPS},
	{"maxProperties", F_COUNT, DALL, eval_size, SZ_MAX_PROPS},
	{"dependencies", F_DEPENDENCIES, DALL, eval_dependencies, 0},
	{"dependentRequired", F_NAMES_MAP, D19 | D20, eval_dependencies, 0},
	{"dependentSchemas", F_SCHEMA_MAP, D19 | D20, eval_dependencies, 0},

	/* Arrays. */
	{"prefixItems", F_SCHEMA_LIST, D20, eval_prefix_items, 0},
	{"items", F_ITEMS, DALL, eval_items, 0},
	{"additionalItems", F_SCHEMA, D7 | D19, eval_additional_items, 0},
	{"contains", F_SCHEMA, DALL, eval_contains, 0},
	{"minItems", F_COUNT, DALL, eval_size, SZ_MIN_ITEMS},
	{"maxItems", F_COUNT, DALL, eval_size, SZ_MAX_ITEMS},
	{"uniqueItems", F_BOOL, DALL, eval_unique_items, 0},

	/* Strings. */
	{"minLength", F_COUNT, DALL, eval_size, SZ_MIN_LEN},
	{"maxLength", F_COUNT, DALL, eval_size, SZ_MAX_LEN},
	{"pattern", F_PATTERN, DALL, eval_pattern, 0},
	{"format", F_STRING, DALL, eval_format, 0},

	/* Numbers. */
	{"minimum", F_NUMBER, DALL, eval_bound, B_MIN},
	{"maximum", F_NUMBER, DALL, eval_bound, B_MAX},
	{"exclusiveMinimum", F_NUMBER, DALL, eval_bound, B_XMIN},
	{"exclusiveMaximum", F_NUMBER, DALL, eval_bound, B_XMAX},
	{"multipleOf", F_POSITIVE, DALL, eval_multiple_of, 0},

	/* Combinations. */
	{"allOf", F_SCHEMA_LIST, DALL, eval_all_of, 0},
	{"anyOf", F_SCHEMA_LIST, DALL, eval_any_of, 0},
	{"oneOf", F_SCHEMA_LIST, DALL, eval_one_of, 0},
	{"not", F_SCHEMA, DALL, eval_not, 0},
	{"if", F_SCHEMA, DALL, eval_if, 0},
	{"then", F_SCHEMA, DALL, NULL, 0},
	{"else", F_SCHEMA, DALL, NULL, 0},

	/* Places that only hold schemas for "$ref". */
	{"definitions", F_SCHEMA_MAP, DALL, NULL, 0},
	{"$defs", F_SCHEMA_MAP, DALL, NULL, 0},
	{"$schema", F_STRING, DALL, NULL, 0},
};

#define NKEYWORDS (sizeof(keywords) / sizeof(keywords[0]))

static unsigned draft_bit(jsv_draft_id d)
{
	return d == JSV_DRAFT_2020_12 ? D20 : d == JSV_DRAFT_2019_09 ? D19 : D7;
}

/* ---- Validation ----------------------------------------------------------- */

static bool validate_node(jsv_ctx *cx, const json_t *sch, const json_t *doc)
{
	unsigned bit = draft_bit(cx->s->draft);
	bool ok = true;

	/* The boolean schemas, a full list and a walk too deep. */
	if (json_is_true(sch))
		return true;
	if (json_is_false(sch))
		return fail(cx, "false", ": Boolean schema false is not valid");
	if (!cx->probe && cx->n >= JSV_MAX_VIOLATIONS)
		return false;
	if (cx->depth >= JSV_MAX_DEPTH)
		return fail(cx, "$ref", ": schema nesting exceeds %d levels", JSV_MAX_DEPTH);

	/* Every keyword of the draft that the schema has, in the table's order. */
	cx->depth++;
	for (size_t i = 0; i < NKEYWORDS; i++) {
		const jsv_keyword *kw = &keywords[i];
		const json_t *val;

		if (kw->eval == NULL || !(kw->drafts & bit))
			continue;
		val = json_object_get(sch, kw->name);
		if (val == NULL || kw->eval(cx, kw, sch, val, doc))
			continue;
		ok = false;
		if (quiet(cx))
			break;
	}
	cx->depth--;
	return ok;
}

int jsv_validate(const jsv_schema *s, const json_t *doc, jsv_violation **out, size_t *n)
{
	jsv_ctx cx = {.s = s, .path = STORE_BUF_INIT, .out = STORE_BUF_INIT};
	bool ok;

	assert(s != NULL && doc != NULL && out != NULL && n != NULL);
	store_buf_puts(&cx.path, "$");
	ok = validate_node(&cx, s->root, doc);
	store_buf_free(&cx.path);
	assert(ok == (cx.n == 0));

	*n = cx.n;
	*out = cx.n > 0 ? (jsv_violation *)store_buf_detach(&cx.out) : NULL;
	store_buf_free(&cx.out);
	return ok ? 0 : 1;
}

void jsv_violations_free(jsv_violation *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].message);
	}
	free(v);
}

/* ---- Compilation ---------------------------------------------------------- */

/* A "$ref" met while checking: its string node and the schema it names. */
typedef struct jsv_pending {
	const json_t *ref;
	const json_t *target;
} jsv_pending;

/*
 * Fail the compilation: 22023 "invalid JSON Schema" with the detail "The
 * value at "#/where" <what>."  A location too long for the detail keeps
 * its two ends.  Returns false.
 */
static bool bad(jsv_build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool bad(jsv_build *b, const char *fmt, ...)
{
	const int keep = 100;
	const char *where = (const char *)b->where.data;
	int len = (int)b->where.len;
	char what[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	store_err_set(b->err, "22023", "invalid JSON Schema");
	if (len <= 2 * keep)
		store_err_detail(b->err, "The value at \"%s\" %s.", where, what);
	else
		store_err_detail(b->err, "The value at \"%.*s...%s\" %s.", keep, where,
			where + len - keep, what);
	return false;
}

/* Extend the schema location by a name (escaped as JSON Pointer) or an index. */
static size_t where_push(jsv_build *b, const char *name)
{
	size_t mark = b->where.len;

	store_buf_putc(&b->where, '/');
	for (const char *p = name; *p != '\0'; p++) {
		if (*p == '~')
			store_buf_puts(&b->where, "~0");
		else if (*p == '/')
			store_buf_puts(&b->where, "~1");
		else
			store_buf_putc(&b->where, *p);
	}
	return mark;
}

static size_t where_index(jsv_build *b, size_t i)
{
	size_t mark = b->where.len;

	store_buf_printf(&b->where, "/%zu", i);
	return mark;
}

static void where_restore(jsv_build *b, size_t mark)
{
	b->where.len = mark;
	b->where.data[mark] = '\0';
}

/* An array element named by a JSON Pointer token: digits, no leading zero. */
static const json_t *pointer_index(const json_t *arr, const char *tok)
{
	size_t i = 0;

	if (tok[0] == '\0' || (tok[0] == '0' && tok[1] != '\0'))
		return NULL;
	for (const char *p = tok; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || i > SIZE_MAX / 10 - 1)
			return NULL;
		i = i * 10 + (size_t)(*p - '0');
	}
	return json_array_get(arr, i);
}

/* The value a URI fragment ("", "/definitions/a", "/%24defs/a~1b") names in root, or NULL. */
static const json_t *resolve_pointer(const json_t *root, const char *frag)
{
	store_buf dec = STORE_BUF_INIT, tok = STORE_BUF_INIT;
	const json_t *cur = root;
	const char *p;

	/* Undo the fragment's percent-encoding: "%24defs" is "$defs". */
	store_buf_puts(&dec, "");
	for (p = frag; *p != '\0'; p++) {
		if (p[0] == '%' && store_hexval(p[1]) >= 0 && store_hexval(p[2]) >= 0) {
			store_buf_putc(&dec, store_hexval(p[1]) * 16 + store_hexval(p[2]));
			p += 2;
		} else {
			store_buf_putc(&dec, *p);
		}
	}

	/* Then walk it token by token, "~1" being "/" and "~0" "~". */
	p = (const char *)dec.data;
	store_buf_puts(&tok, "");
	while (cur != NULL && *p == '/') {
		tok.len = 0;
		tok.data[0] = '\0';
		for (p++; *p != '\0' && *p != '/'; p++) {
			if (p[0] == '~' && (p[1] == '0' || p[1] == '1'))
				store_buf_putc(&tok, *++p == '0' ? '~' : '/');
			else
				store_buf_putc(&tok, *p);
		}
		if (json_is_object(cur))
			cur = json_object_get(cur, (const char *)tok.data);
		else if (json_is_array(cur))
			cur = pointer_index(cur, (const char *)tok.data);
		else
			cur = NULL;
	}
	if (*p != '\0')
		cur = NULL; /* "#x": a plain-name fragment, which only $anchor would define */
	store_buf_free(&dec);
	store_buf_free(&tok);
	return cur;
}

/* Compile a pattern (translated to POSIX) into the side table under key. */
static bool add_regex(jsv_build *b, const void *key, const char *pattern)
{
	store_buf ere = STORE_BUF_INIT;
	jsv_aux a = {.key = key};
	char why[128];
	int rc;

	a.re = malloc(sizeof(*a.re));
	if (a.re == NULL)
		abort();
	store_buf_puts(&ere, "");
	regex_translate(&ere, pattern);
	rc = regcomp(a.re, (const char *)ere.data, REG_EXTENDED | REG_NOSUB);
	store_buf_free(&ere);
	if (rc != 0) {
		regerror(rc, a.re, why, sizeof(why));
		free(a.re);
		return bad(b, "is a pattern POSIX regular expressions cannot compile: %s", why);
	}
	store_buf_put(&b->aux, &a, sizeof(a));
	return true;
}

static bool check_ref(jsv_build *b, const json_t *v)
{
	jsv_aux a = {.key = v};
	jsv_pending p = {.ref = v};
	const char *ref;

	if (!json_is_string(v))
		return bad(b, "must be a string");
	ref = json_string_value(v);
	if (ref[0] != '#') {
		bad(b, "is the reference \"%s\", which does not point inside this schema", ref);
		store_err_hint(b->err,
			"Only local references such as \"#\", \"#/definitions/name\" and \"#/$defs/name\" are supported.");
		return false;
	}
	p.target = resolve_pointer(b->s->root, ref + 1);
	if (p.target == NULL)
		return bad(b, "is the reference \"%s\", which names nothing in this schema", ref);
	a.target = p.target;
	store_buf_put(&b->aux, &a, sizeof(a));
	store_buf_put(&b->refs, &p, sizeof(p));
	return true;
}

static bool check_schema(jsv_build *b, const json_t *v);

/* Each element of an array (each member of an object) must be a schema. */
static bool check_list(jsv_build *b, const json_t *v)
{
	size_t i;
	const json_t *sub;

	json_array_foreach(v, i, sub)
	{
		size_t mark = where_index(b, i);
		bool ok = check_schema(b, sub);

		where_restore(b, mark);
		if (!ok)
			return false;
	}
	return true;
}

static bool check_names(jsv_build *b, const json_t *v)
{
	size_t i;
	const json_t *name;

	if (!json_is_array(v))
		return bad(b, "must be an array of strings");
	json_array_foreach(v, i, name)
	{
		if (!json_is_string(name))
			return bad(b, "must be an array of strings");
	}
	return true;
}

/*
 * Each member of an object, by form: a schema (patterns: with its key
 * compiled), an array of names, or either.
 */
static bool check_members(jsv_build *b, const json_t *v, jsv_form form)
{
	const char *key;
	const json_t *sub;

	if (!json_is_object(v))
		return bad(b, form == F_NAMES_MAP ? "must be an object of arrays of strings"
						  : "must be an object of schemas");
	json_object_foreach((json_t *)v, key, sub)
	{
		size_t mark = where_push(b, key);
		bool ok = true;

		if (form == F_PATTERN_MAP)
			ok = add_regex(b, key, key);
		if (ok && (form == F_NAMES_MAP || (form == F_DEPENDENCIES && json_is_array(sub))))
			ok = check_names(b, sub);
		else if (ok)
			ok = check_schema(b, sub);
		where_restore(b, mark);
		if (!ok)
			return false;
	}
	return true;
}

static bool check_type(jsv_build *b, const json_t *v)
{
	size_t i;
	const json_t *t;

	if (json_is_string(v)) {
		if (!is_type_name(json_string_value(v)))
			return bad(b, "is \"%s\", which is not a JSON Schema type",
				json_string_value(v));
		return true;
	}
	if (!json_is_array(v) || json_array_size(v) == 0)
		return bad(b, "must be a type name or a non-empty array of type names");
	json_array_foreach(v, i, t)
	{
		if (!json_is_string(t) || !is_type_name(json_string_value(t)))
			return bad(b, "must be a type name or a non-empty array of type names");
	}
	return true;
}

/* Whether a keyword's value has the form the table gives it, its subschemas included. */
static bool check_form(jsv_build *b, const jsv_keyword *kw, const json_t *v)
{
	switch (kw->form) {
	case F_SCHEMA:
		return check_schema(b, v);
	case F_SCHEMA_LIST:
		if (!json_is_array(v) || json_array_size(v) == 0)
			return bad(b, "must be a non-empty array of schemas");
		return check_list(b, v);
	case F_SCHEMA_MAP:
	case F_PATTERN_MAP:
	case F_NAMES_MAP:
	case F_DEPENDENCIES:
		return check_members(b, v, kw->form);
	case F_COUNT:
		/* 2^53: beyond it a real no longer says which integer it is. */
		if (!is_integral(v) || json_number_value(v) < 0 ||
			json_number_value(v) > 9007199254740992.0)
			return bad(b, "must be a non-negative integer");
		return true;
	case F_NUMBER:
		return json_is_number(v) || bad(b, "must be a number");
	case F_POSITIVE:
		return (json_is_number(v) && json_number_value(v) > 0) ||
		       bad(b, "must be a number greater than 0");
	case F_BOOL:
		return json_is_boolean(v) || bad(b, "must be a boolean");
	case F_STRING:
		return json_is_string(v) || bad(b, "must be a string");
	case F_ANY:
		return true;
	case F_ARRAY:
		return json_is_array(v) || bad(b, "must be an array");
	case F_NAMES:
		return check_names(b, v);
	case F_TYPE:
		return check_type(b, v);
	case F_PATTERN:
		if (!json_is_string(v))
			return bad(b, "must be a string");
		return add_regex(b, v, json_string_value(v));
	case F_ITEMS:
		if (!json_is_array(v))
			return check_schema(b, v);
		if (b->s->draft == JSV_DRAFT_2020_12) {
			bad(b, "must be a schema in draft 2020-12");
			store_err_hint(b->err, "Use \"prefixItems\" for a tuple.");
			return false;
		}
		return check_list(b, v);
	case F_REF:
		return check_ref(b, v);
	}
	return false;
}

static bool check_schema(jsv_build *b, const json_t *v)
{
	unsigned bit = draft_bit(b->s->draft);
	bool ok = true;

	if (json_is_boolean(v))
		return true;
	if (!json_is_object(v))
		return bad(b, "must be a schema: an object or a boolean");
	if (b->depth >= JSV_MAX_DEPTH)
		return bad(b, "nests more than %d schemas deep", JSV_MAX_DEPTH);
	store_buf_put(&b->seen, &v, sizeof(v));

	/* Every keyword of the draft, with the location extended by its name. */
	b->depth++;
	for (size_t i = 0; ok && i < NKEYWORDS; i++) {
		const jsv_keyword *kw = &keywords[i];
		const json_t *val;
		size_t mark;

		if (!(kw->drafts & bit) || (val = json_object_get(v, kw->name)) == NULL)
			continue;
		mark = where_push(b, kw->name);
		ok = check_form(b, kw, val);
		where_restore(b, mark);
	}
	b->depth--;
	return ok;
}

static bool was_seen(const jsv_build *b, const json_t *v)
{
	const json_t *const *seen = (const json_t *const *)b->seen.data;

	for (size_t i = 0; i < b->seen.len / sizeof(*seen); i++)
		if (seen[i] == v)
			return true;
	return false;
}

/* The draft, from the root's "$schema" as ChronDB reads it. */
static jsv_draft_id draft_of(const json_t *root)
{
	const char *uri = json_string_value(json_object_get(root, "$schema"));

	if (uri == NULL || strstr(uri, "draft-07") != NULL)
		return JSV_DRAFT_7;
	if (strstr(uri, "draft/2019-09") != NULL)
		return JSV_DRAFT_2019_09;
	if (strstr(uri, "draft/2020-12") != NULL)
		return JSV_DRAFT_2020_12;
	return JSV_DRAFT_7;
}

static void aux_free(jsv_aux *aux, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (aux[i].re != NULL) {
			regfree(aux[i].re);
			free(aux[i].re);
		}
	}
	free(aux);
}

jsv_schema *jsv_compile(const json_t *schema, store_err *err)
{
	jsv_build b = {.err = err};
	jsv_schema *s;
	bool ok;

	assert(schema != NULL);
	s = calloc(1, sizeof(*s));
	if (s == NULL || (s->root = json_deep_copy(schema)) == NULL) {
		free(s);
		store_err_set(err, "53200", "out of memory");
		return NULL;
	}
	s->draft = draft_of(s->root);
	b.s = s;

	/* The schema from its root, then what references reach outside the keywords. */
	store_buf_puts(&b.where, "#");
	ok = check_schema(&b, s->root);
	for (size_t i = 0; ok && i < b.refs.len / sizeof(jsv_pending); i++) {
		jsv_pending p;

		memcpy(&p, b.refs.data + i * sizeof(p), sizeof(p));
		if (was_seen(&b, p.target))
			continue;
		b.where.len = 0;
		store_buf_puts(&b.where, json_string_value(p.ref));
		ok = check_schema(&b, p.target);
	}
	store_buf_free(&b.where);
	store_buf_free(&b.refs);
	store_buf_free(&b.seen);

	/* The side table, sorted for aux_find. */
	s->naux = b.aux.len / sizeof(jsv_aux);
	s->aux = (jsv_aux *)store_buf_detach(&b.aux);
	if (!ok) {
		jsv_free(s);
		return NULL;
	}
	qsort(s->aux, s->naux, sizeof(jsv_aux), aux_cmp);
	return s;
}

jsv_draft_id jsv_draft(const jsv_schema *s)
{
	return s->draft;
}

void jsv_free(jsv_schema *s)
{
	if (s == NULL)
		return;
	aux_free(s->aux, s->naux);
	json_decref(s->root);
	free(s);
}
