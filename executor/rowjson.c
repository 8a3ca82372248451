/*
 * rowjson.c - the storage encoding of rows: values of any column type
 * to the JSON a row document holds, and back (rowjson.h lists the forms).
 *
 * It owns the per-type codecs and the row layout.  It leaves the JSON
 * grammar to json.c (one parser for everything the executor reads) and
 * the canonical layout's definition to storage (keycodec.c): the writer
 * here produces that layout directly, so documents need no second pass.
 * Types whose text form is another module's (numeric, the loose
 * ChronDB strings) go through the registry's text input and output;
 * the date and time forms are computed here, so that stored rows do not
 * depend on the session's DateStyle, IntervalStyle or time zone.
 *
 * Design note: DESIGN.md section 3, "Data in Git".
 */
#include "rowjson.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Storage's nesting limit, the row object included: a column value may nest one less. */
#define ROW_MAX_DEPTH 128

/* The one member of the escape form of json and jsonb values (rowjson.h). */
#define ROW_JSON_ESCAPE "$json"

/* PostgreSQL's infinite dates and timestamps. */
#define DATE_NOBEGIN INT32_MIN
#define DATE_NOEND   INT32_MAX
#define TS_NOBEGIN   INT64_MIN
#define TS_NOEND     INT64_MAX

#define USECS_PER_SEC  INT64_C(1000000)
#define USECS_PER_MIN  (60 * USECS_PER_SEC)
#define USECS_PER_HOUR (60 * USECS_PER_MIN)

/* Seconds a time zone offset may be, either way (PostgreSQL's TZDISP_LIMIT). */
#define TZ_LIMIT (15 * 3600 + 59 * 60 + 59)

static const char b64_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* ---- Calendar ---------------------------------------------------------- */

/* Proleptic Gregorian date of a day count from 1970-01-01 (Hinnant's algorithm). */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, yoe, doe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool leap_year(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && leap_year(y) ? 29 : dim[m - 1];
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* "2024-01-31" for days since 2000-01-01; *bc when the year is before 1 AD. */
static int fmt_date(char *buf, size_t size, int64_t days, bool *bc)
{
	int64_t y;
	int m, d;

	civil_from_days(days + EXEC_EPOCH_DAYS, &y, &m, &d);
	*bc = y <= 0;
	return snprintf(buf, size, "%04lld-%02d-%02d", (long long)(*bc ? 1 - y : y), m, d);
}

/* "12:34:56.789": microseconds since midnight, the fraction without trailing zeros. */
static int fmt_time(char *buf, size_t size, int64_t t)
{
	int64_t frac = t % USECS_PER_SEC;
	int n = snprintf(buf, size, "%02d:%02d:%02d", (int)(t / USECS_PER_HOUR),
		(int)(t / USECS_PER_MIN % 60), (int)(t / USECS_PER_SEC % 60));

	if (frac != 0) {
		n += snprintf(buf + n, size - (size_t)n, ".%06lld", (long long)frac);
		while (buf[n - 1] == '0')
			buf[--n] = '\0';
	}
	return n;
}

/* ---- Small parsers for the stored forms -------------------------------- */

/* n decimal digits at s[*i], as a number; false when they are not all there. */
static bool parse_digits(const char *s, size_t len, size_t *i, int n, int64_t *v)
{
	*v = 0;
	for (int k = 0; k < n; k++, (*i)++) {
		if (*i >= len || s[*i] < '0' || s[*i] > '9')
			return false;
		*v = *v * 10 + (s[*i] - '0');
	}
	return true;
}

/* "YYYY-MM-DD" at s[*i] (four to seven digits of year, as fmt_date writes them). */
static bool parse_ymd(const char *s, size_t len, size_t *i, int64_t *y, int *m, int *d)
{
	int64_t v;

	if (!parse_digits(s, len, i, 4, y))
		return false;
	for (int extra = 0; extra < 3 && *i < len && s[*i] >= '0' && s[*i] <= '9'; extra++)
		*y = *y * 10 + (s[(*i)++] - '0');
	if (*i >= len || s[(*i)++] != '-' || !parse_digits(s, len, i, 2, &v) || v < 1 || v > 12)
		return false;
	*m = (int)v;
	if (*i >= len || s[(*i)++] != '-' || !parse_digits(s, len, i, 2, &v) || v < 1 || v > 31)
		return false;
	*d = (int)v;
	return *y >= 1;
}

/* The day count of a parsed date; a BC year is written as is ("0044 BC" is astronomical -43). */
static bool finish_date(int64_t y, int m, int d, bool bc, int64_t *days)
{
	if (bc)
		y = 1 - y;
	if (d > days_in_month(y, m))
		return false;
	*days = days_from_civil(y, m, d) - EXEC_EPOCH_DAYS;
	return true;
}

/* "HH:MM:SS[.ffffff]" at s[*i] into microseconds (24:00:00 allowed, as PostgreSQL does). */
static bool parse_hms(const char *s, size_t len, size_t *i, int64_t *t)
{
	int64_t h, mi, sec, frac = 0;
	int nd = 0;

	if (!parse_digits(s, len, i, 2, &h) || *i >= len || s[(*i)++] != ':' ||
		!parse_digits(s, len, i, 2, &mi) || *i >= len || s[(*i)++] != ':' ||
		!parse_digits(s, len, i, 2, &sec) || h > 24 || mi > 59 || sec > 59)
		return false;
	if (*i < len && s[*i] == '.') {
		(*i)++;
		while (*i < len && s[*i] >= '0' && s[*i] <= '9' && nd < 6) {
			frac = frac * 10 + (s[(*i)++] - '0');
			nd++;
		}
		if (nd == 0)
			return false;
		for (; nd < 6; nd++)
			frac *= 10;
	}
	*t = h * USECS_PER_HOUR + mi * USECS_PER_MIN + sec * USECS_PER_SEC + frac;
	return *t <= 24 * USECS_PER_HOUR;
}

static bool at_suffix(const char *s, size_t len, size_t i, const char *suffix)
{
	size_t n = strlen(suffix);

	return len - i == n && memcmp(s + i, suffix, n) == 0;
}

static bool is_word(const char *s, size_t len, const char *w)
{
	return len == strlen(w) && memcmp(s, w, len) == 0;
}

/* ---- Encoding ---------------------------------------------------------- */

struct enc {
	exec_ctx *cx;
	store_buf *out;
};

typedef int (*enc_fn)(struct enc *e, const exec_value *v, int depth);
typedef int (*dec_fn)(
	exec_ctx *cx, const exec_jsonb *j, exec_oid type, int32_t typmod, exec_value *out);

static int enc_value(struct enc *e, const exec_value *v, int depth);

static int enc_too_deep(exec_ctx *cx)
{
	store_err_set(cx->err, "54001", "stack depth limit exceeded");
	store_err_detail(cx->err, "A stored value may nest arrays and objects %d levels deep.",
		ROW_MAX_DEPTH - 1);
	return EXEC_ERROR;
}

static int enc_bool(struct enc *e, const exec_value *v, int depth)
{
	store_buf_puts(e->out, v->v.b ? "true" : "false");
	return EXEC_OK;
}

static int enc_int(struct enc *e, const exec_value *v, int depth)
{
	store_buf_printf(e->out, "%lld", (long long)v->v.i);
	return EXEC_OK;
}

/* The shortest %g text that reads back to the same double (or float). */
static int enc_float(struct enc *e, const exec_value *v, int depth)
{
	bool single = v->type == EXEC_OID_FLOAT4;
	double d = v->v.f;
	char buf[40];

	if (isnan(d)) {
		store_buf_puts(e->out, "\"NaN\"");
		return EXEC_OK;
	}
	if (isinf(d)) {
		store_buf_puts(e->out, d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
		return EXEC_OK;
	}
	for (int prec = single ? 6 : 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, d);
		if (single ? (double)strtof(buf, NULL) == (double)(float)d : strtod(buf, NULL) == d)
			break;
	}
	store_buf_puts(e->out, buf);
	return EXEC_OK;
}

/* numeric: its text output, a JSON number unless NaN or infinite. */
static int enc_numeric(struct enc *e, const exec_value *v, int depth)
{
	size_t start = e->out->len;

	if (exec_value_out(e->cx, v, e->out) != EXEC_OK)
		return EXEC_ERROR;
	if (!exec_json_number_valid((const char *)e->out->data + start, e->out->len - start)) {
		store_buf tmp = STORE_BUF_INIT;

		store_buf_put(&tmp, e->out->data + start, e->out->len - start);
		e->out->len = start;
		exec_json_write_string(e->out, (const char *)tmp.data, tmp.len);
		store_buf_free(&tmp);
	}
	return EXEC_OK;
}

static int enc_text(struct enc *e, const exec_value *v, int depth)
{
	exec_json_write_string(e->out, v->v.s.p, v->v.s.len);
	return EXEC_OK;
}

/* Any type without a form of its own: the string of its text output. */
static int enc_out(struct enc *e, const exec_value *v, int depth)
{
	store_buf tmp = STORE_BUF_INIT;
	int rc = exec_value_out(e->cx, v, &tmp);

	if (rc == EXEC_OK)
		exec_json_write_string(e->out, (const char *)tmp.data, tmp.len);
	store_buf_free(&tmp);
	return rc;
}

static int enc_bytea(struct enc *e, const exec_value *v, int depth)
{
	const unsigned char *s = (const unsigned char *)v->v.s.p;
	size_t n = v->v.s.len, i;
	char q[4];

	store_buf_putc(e->out, '"');
	for (i = 0; i + 3 <= n; i += 3) {
		uint32_t x = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 | s[i + 2];

		q[0] = b64_chars[x >> 18];
		q[1] = b64_chars[x >> 12 & 63];
		q[2] = b64_chars[x >> 6 & 63];
		q[3] = b64_chars[x & 63];
		store_buf_put(e->out, q, 4);
	}
	if (i < n) {
		uint32_t x = (uint32_t)s[i] << 16 | (i + 1 < n ? (uint32_t)s[i + 1] << 8 : 0);

		q[0] = b64_chars[x >> 18];
		q[1] = b64_chars[x >> 12 & 63];
		q[2] = i + 1 < n ? b64_chars[x >> 6 & 63] : '=';
		q[3] = '=';
		store_buf_put(e->out, q, 4);
	}
	store_buf_putc(e->out, '"');
	return EXEC_OK;
}

static int enc_uuid(struct enc *e, const exec_value *v, int depth)
{
	static const char hex[] = "0123456789abcdef";
	char buf[38];
	size_t o = 0;

	buf[o++] = '"';
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			buf[o++] = '-';
		buf[o++] = hex[v->v.uuid[i] >> 4];
		buf[o++] = hex[v->v.uuid[i] & 15];
	}
	buf[o++] = '"';
	store_buf_put(e->out, buf, o);
	return EXEC_OK;
}

static int enc_date(struct enc *e, const exec_value *v, int depth)
{
	char buf[40];
	bool bc;

	if (v->v.i == DATE_NOBEGIN || v->v.i == DATE_NOEND) {
		store_buf_puts(e->out, v->v.i == DATE_NOEND ? "\"infinity\"" : "\"-infinity\"");
		return EXEC_OK;
	}
	fmt_date(buf, sizeof(buf), v->v.i, &bc);
	store_buf_printf(e->out, "\"%s%s\"", buf, bc ? " BC" : "");
	return EXEC_OK;
}

/* timestamp and timestamptz (in UTC, with a Z). */
static int enc_timestamp(struct enc *e, const exec_value *v, int depth)
{
	int64_t us = v->v.i, days, t;
	char d[32], tm[32];
	bool bc;

	if (us == TS_NOBEGIN || us == TS_NOEND) {
		store_buf_puts(e->out, us == TS_NOEND ? "\"infinity\"" : "\"-infinity\"");
		return EXEC_OK;
	}
	days = floor_div(us, EXEC_USECS_PER_DAY);
	t = us - days * EXEC_USECS_PER_DAY;
	fmt_date(d, sizeof(d), days, &bc);
	fmt_time(tm, sizeof(tm), t);
	store_buf_printf(e->out, "\"%sT%s%s%s\"", d, tm, v->type == EXEC_OID_TIMESTAMPTZ ? "Z" : "",
		bc ? " BC" : "");
	return EXEC_OK;
}

static int enc_time(struct enc *e, const exec_value *v, int depth)
{
	char buf[32];

	fmt_time(buf, sizeof(buf), v->v.i);
	store_buf_printf(e->out, "\"%s\"", buf);
	return EXEC_OK;
}

/* timetz: the zone as PostgreSQL writes it, +HH, +HH:MM or +HH:MM:SS east of UTC. */
static int enc_timetz(struct enc *e, const exec_value *v, int depth)
{
	int east = -v->v.timetz.zone, a = east < 0 ? -east : east;
	char buf[48];
	int n = fmt_time(buf, sizeof(buf), v->v.timetz.usecs);

	n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%c%02d", east < 0 ? '-' : '+', a / 3600);
	if (a % 3600 != 0)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, ":%02d", a / 60 % 60);
	if (a % 60 != 0)
		snprintf(buf + n, sizeof(buf) - (size_t)n, ":%02d", a % 60);
	store_buf_printf(e->out, "\"%s\"", buf);
	return EXEC_OK;
}

/* interval: ISO 8601 as PostgreSQL's IntervalStyle iso_8601 writes it. */
static int enc_interval(struct enc *e, const exec_value *v, int depth)
{
	const exec_interval *iv = &v->v.iv;
	int64_t hour = iv->usecs / USECS_PER_HOUR, min = iv->usecs / USECS_PER_MIN % 60;
	int64_t sec = iv->usecs / USECS_PER_SEC % 60, fsec = iv->usecs % USECS_PER_SEC;
	int32_t year = iv->months / 12, mon = iv->months % 12;
	char buf[128];
	int n = 0;

	if (year == 0 && mon == 0 && iv->days == 0 && iv->usecs == 0) {
		store_buf_puts(e->out, "\"PT0S\"");
		return EXEC_OK;
	}
	buf[n++] = 'P';
	if (year != 0)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%dY", year);
	if (mon != 0)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%dM", mon);
	if (iv->days != 0)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%dD", iv->days);
	if (iv->usecs != 0)
		buf[n++] = 'T';
	if (hour != 0)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%lldH", (long long)hour);
	if (min != 0)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%lldM", (long long)min);
	if (sec != 0 || fsec != 0) {
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%s%lld",
			sec < 0 || fsec < 0 ? "-" : "", (long long)(sec < 0 ? -sec : sec));
		if (fsec != 0) {
			n += snprintf(buf + n, sizeof(buf) - (size_t)n, ".%06lld",
				(long long)(fsec < 0 ? -fsec : fsec));
			while (buf[n - 1] == '0')
				n--;
		}
		buf[n++] = 'S';
	}
	buf[n] = '\0';
	store_buf_printf(e->out, "\"%s\"", buf);
	return EXEC_OK;
}

/* Depth of a tree's containers (a scalar is 0). */
static int jsonb_depth(const exec_jsonb *j, int limit)
{
	int deepest = 0;

	if (j->kind != EXEC_JSONB_ARRAY && j->kind != EXEC_JSONB_OBJECT)
		return 0;
	if (limit <= 0)
		return 1;
	for (uint32_t i = 0; i < j->len && deepest < limit; i++) {
		const exec_jsonb *c =
			j->kind == EXEC_JSONB_ARRAY ? &j->u.elems[i] : &j->u.pairs[i].val;
		int d = jsonb_depth(c, limit - 1);

		if (d > deepest)
			deepest = d;
	}
	return deepest + 1;
}

/* Does any object in a raw tree name a member twice? */
static bool json_has_duplicates(const exec_jsonb *j)
{
	if (j->kind == EXEC_JSONB_ARRAY) {
		for (uint32_t i = 0; i < j->len; i++) {
			if (json_has_duplicates(&j->u.elems[i]))
				return true;
		}
	} else if (j->kind == EXEC_JSONB_OBJECT) {
		for (uint32_t i = 0; i < j->len; i++) {
			const exec_jsonb_pair *a = &j->u.pairs[i];

			for (uint32_t k = i + 1; k < j->len; k++) {
				const exec_jsonb_pair *b = &j->u.pairs[k];

				if (a->keylen == b->keylen &&
					memcmp(a->key, b->key, a->keylen) == 0)
					return true;
			}
			if (json_has_duplicates(&a->val))
				return true;
		}
	}
	return false;
}

static int enc_tree(struct enc *e, const exec_jsonb *j, int depth)
{
	if (depth + jsonb_depth(j, ROW_MAX_DEPTH - depth + 1) > ROW_MAX_DEPTH)
		return enc_too_deep(e->cx);
	exec_jsonb_write(e->out, j, EXEC_JSON_COMPACT);
	return EXEC_OK;
}

/* Is j an object whose one member is the escape's (whatever its value)? */
static bool escape_shaped(const exec_jsonb *j)
{
	return j->kind == EXEC_JSONB_OBJECT && j->len == 1 &&
	       j->u.pairs[0].keylen == sizeof(ROW_JSON_ESCAPE) - 1 &&
	       memcmp(j->u.pairs[0].key, ROW_JSON_ESCAPE, sizeof(ROW_JSON_ESCAPE) - 1) == 0;
}

/* Can j be stored nested, at depth, and read back as itself? */
static bool nests(const exec_jsonb *j, int depth)
{
	return j->kind != EXEC_JSONB_NULL && !escape_shaped(j) &&
	       depth + jsonb_depth(j, ROW_MAX_DEPTH - depth + 1) <= ROW_MAX_DEPTH;
}

/* The escape form: {"$json":"<text>"}, one level deep itself. */
static int enc_escape(struct enc *e, const char *text, size_t len, int depth)
{
	if (depth + 1 > ROW_MAX_DEPTH)
		return enc_too_deep(e->cx);
	store_buf_puts(e->out, "{\"" ROW_JSON_ESCAPE "\":");
	exec_json_write_string(e->out, text, len);
	store_buf_putc(e->out, '}');
	return EXEC_OK;
}

/* jsonb: the document nested, unless that would not read back as it. */
static int enc_jsonb(struct enc *e, const exec_value *v, int depth)
{
	store_buf text = STORE_BUF_INIT;
	int rc;

	if (nests(v->v.jb, depth)) {
		exec_jsonb_write(e->out, v->v.jb, EXEC_JSON_COMPACT);
		return EXEC_OK;
	}
	exec_jsonb_write(&text, v->v.jb, EXEC_JSON_COMPACT);
	rc = enc_escape(e, (const char *)text.data, text.len, depth);
	store_buf_free(&text);
	return rc;
}

/*
 * json: nested when the text is exactly what the nested form gives back
 * (compact, minimal escapes, one member per key), else escaped.  A text
 * whose tree cannot be built (a lone "\ud800", which json's input lets
 * through) is escaped too.
 */
static int enc_json(struct enc *e, const exec_value *v, int depth)
{
	const exec_jsonb *j = NULL;
	size_t start = e->out->len;
	store_err ignored;

	store_err_clear(&ignored);
	if (exec_json_parse(e->cx->arena, v->v.s.p, v->v.s.len, 0, &j, &ignored) == EXEC_OK &&
		nests(j, depth) && !json_has_duplicates(j)) {
		exec_jsonb_write(e->out, j, EXEC_JSON_COMPACT);
		if (e->out->len - start == v->v.s.len &&
			memcmp(e->out->data + start, v->v.s.p, v->v.s.len) == 0)
			return EXEC_OK;
		e->out->len = start;
	}
	return enc_escape(e, v->v.s.p, v->v.s.len, depth);
}

/* An array: its elements, in an object with its lower bound when that is not 1. */
static int enc_array(struct enc *e, const exec_value *v, int depth)
{
	const exec_array *a = v->v.arr;
	bool bounded = a->count > 0 && a->lbound != 1;

	if (depth + 1 + bounded > ROW_MAX_DEPTH)
		return enc_too_deep(e->cx);
	if (bounded)
		store_buf_printf(e->out, "{\"lower\":%d,\"elements\":", (int)a->lbound);
	store_buf_putc(e->out, '[');
	for (uint32_t i = 0; i < a->count; i++) {
		if (i > 0)
			store_buf_putc(e->out, ',');
		if (enc_value(e, &a->elems[i], depth + 1 + bounded) != EXEC_OK)
			return EXEC_ERROR;
	}
	store_buf_putc(e->out, ']');
	if (bounded)
		store_buf_putc(e->out, '}');
	return EXEC_OK;
}

/* ---- Decoding ---------------------------------------------------------- */

/* The compact JSON text of a node, in the arena. */
static const char *node_text(exec_ctx *cx, const exec_jsonb *j, size_t *len)
{
	store_buf b = STORE_BUF_INIT;
	char *s;

	if (j->kind == EXEC_JSONB_STRING || j->kind == EXEC_JSONB_NUMBER) {
		*len = j->len;
		return j->u.str;
	}
	exec_jsonb_write(&b, j, EXEC_JSON_COMPACT);
	*len = b.len;
	s = sql_arena_strndup(cx->arena, (const char *)b.data, b.len);
	store_buf_free(&b);
	return s;
}

/* Through the type's text input: strings as their bytes, anything else as its JSON text. */
static int dec_in(exec_ctx *cx, const exec_jsonb *j, exec_oid type, int32_t typmod, exec_value *out)
{
	size_t len;
	const char *s = node_text(cx, j, &len);

	return exec_value_in(cx, type, typmod, s, len, out);
}

/* Enforce a column's typmod as an assignment does. */
static int dec_typmod(exec_ctx *cx, int32_t typmod, exec_value *v)
{
	const exec_type *t;

	if (typmod == EXEC_TYPMOD_NONE)
		return EXEC_OK;
	t = exec_type_by_oid(v->type);
	if (t == NULL || t->coerce_typmod == NULL)
		return EXEC_OK;
	return t->coerce_typmod(cx, v, typmod, false, v);
}

static int dec_bool(
	exec_ctx *cx, const exec_jsonb *j, exec_oid type, int32_t typmod, exec_value *out)
{
	if (j->kind == EXEC_JSONB_BOOL) {
		*out = exec_bool(j->b);
		return EXEC_OK;
	}
	return dec_in(cx, j, type, typmod, out);
}

static int dec_int(
	exec_ctx *cx, const exec_jsonb *j, exec_oid type, int32_t typmod, exec_value *out)
{
	static const struct {
		exec_oid type;
		int64_t min, max;
		const char *name;
	} ranges[] = {
		{EXEC_OID_INT2, INT16_MIN, INT16_MAX, "smallint"},
		{EXEC_OID_INT4, INT32_MIN, INT32_MAX, "integer"},
		{EXEC_OID_INT8, INT64_MIN, INT64_MAX, "bigint"},
	};
	const char *s = j->u.str;
	size_t n = j->len, i;
	uint64_t mag = 0;
	bool neg, over = false;

	/* The common case, an integer token, read here; anything else by the type's input. */
	if (j->kind != EXEC_JSONB_NUMBER)
		return dec_in(cx, j, type, typmod, out);
	neg = n > 0 && s[0] == '-';
	for (i = neg; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		if (mag > (UINT64_MAX - 9) / 10)
			over = true;
		else
			mag = mag * 10 + (uint64_t)(s[i] - '0');
	}
	if (i < n || i == (size_t)neg)
		return dec_in(cx, j, type, typmod, out);
	for (size_t r = 0; r < sizeof(ranges) / sizeof(ranges[0]); r++) {
		if (ranges[r].type != type)
			continue;
		if (!over &&
			(neg ? mag <= (uint64_t)INT64_MAX + 1 && (int64_t)(0 - mag) >= ranges[r].min
			     : mag <= (uint64_t)ranges[r].max)) {
			*out = exec_int(type, neg ? (int64_t)(0 - mag) : (int64_t)mag);
			return EXEC_OK;
		}
		return store_err_set(cx->err, "22003", "value \"%.*s\" is out of range for type %s",
			(int)n, s, ranges[r].name);
	}
	return dec_in(cx, j, type, typmod, out);
}

static int dec_float(
	exec_ctx *cx, const exec_jsonb *j, exec_oid type, int32_t typmod, exec_value *out)
{
	double d;

	if (j->kind == EXEC_JSONB_STRING && is_word(j->u.str, j->len, "NaN"))
		d = NAN;
	else if (j->kind == EXEC_JSONB_STRING && is_word(j->u.str, j->len, "Infinity"))
		d = INFINITY;
	else if (j->kind == EXEC_JSONB_STRING && is_word(j->u.str, j->len, "-Infinity"))
		d = -INFINITY;
	else if (j->kind != EXEC_JSONB_NUMBER)
		return dec_in(cx, j, type, typmod, out);
	else {
		/* Number tokens are NUL-terminated in the tree. */
		d = strtod(j->u.str, NULL);
		if (type == EXEC_OID_FLOAT4)
			d = (float)d;
		if (isinf(d))
			return store_err_set(cx->err, "22003",
				"\"%.*s\" is out of range for type %s", (int)j->len, j->u.str,
				type == EXEC_OID_FLOAT4 ? "real" : "double precision");
	}
	out->type = type;
	out->isnull = false;
	out->v.f = d;
	return EXEC_OK;
}

/* text, varchar, bpchar, name: a string is the value; other tokens are their JSON text. */
static int dec_text(
	exec_ctx *cx, const exec_jsonb *j, exec_oid type, int32_t typmod, exec_value *out)
{
	size_t len;
	const char *s;

	if (j->kind == EXEC_JSONB_BOOL) {
		s = j->b ? "true" : "false";
		len = strlen(s);
	} else {
		s = node_text(cx, j, &len);
	}
	if (len > 0 && memchr(s, '\0', len) != NULL) {
		store_err_set(cx->err, "22P05", "unsupported Unicode escape sequence");
		store_err_detail(cx->err, "\\u0000 cannot be converted to text.");
		return EXEC_ERROR;
	}
	*out = exec_text(type, s, len);
	return dec_typmod(cx, typmod, out);
}

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* bytea: base64; a string that is not base64 (ChronDB's "\x0102") goes to bytea's input. */
static int dec_bytea(
	exec_ctx *cx, const exec_jsonb *j, exec_oid type, int32_t typmod, exec_value *out)
{
	const unsigned char *s = (const unsigned char *)j->u.str;
	size_t n = j->len, o = 0;
	unsigned char *buf;

	if (j->kind != EXEC_JSONB_STRING || n % 4 != 0)
		return dec_in(cx, j, type, typmod, out);
	buf = sql_arena_alloc(cx->arena, n / 4 * 3 + 1);
	for (size_t i = 0; i < n; i += 4) {
		int a = b64_value(s[i]), b = b64_value(s[i + 1]);
		int c = s[i + 2] == '=' && i + 4 == n ? 0 : b64_value(s[i + 2]);
		int d = s[i + 3] == '=' && i + 4 == n ? 0 : b64_value(s[i + 3]);
		uint32_t x;

		if (a < 0 || b < 0 || c < 0 || d < 0 || (s[i + 2] == '=' && s[i + 3] != '='))
			return dec_in(cx, j, type, typmod, out);
		x = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6 | (uint32_t)d;
		buf[o++] = (unsigned char)(x >> 16);
		if (s[i + 2] != '=')
			buf[o++] = (unsigned char)(x >> 8);
		if (s[i + 3] != '=')
			buf[o++] = (unsigned char)x;
	}
	*out = exec_text(EXEC_OID_BYTEA, (const char *)buf, o);
	return EXEC_OK;
}

static int dec_uuid(
	exec_ctx *cx, const exec_jsonb *j, exec_oid type, int32_t typmod, exec_value *out)
{
	const unsigned char *s = (const unsigned char *)j->u.str;
	size_t k = 0;

	if (j->kind != EXEC_JSONB_STRING || j->len != 36)
		return dec_in(cx, j, type, typmod, out);
	out->type = EXEC_OID_UUID;
	out->isnull = false;
	for (size_t i = 0; i < 36; i++) {
		int hi, lo;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return dec_in(cx, j, type, typmod, out);
			continue;
		}
		hi = store_hexval(s[i]);
		lo = store_hexval(s[i + 1]);
		if (hi < 0 || lo < 0)
			return dec_in(cx, j, type, typmod, out);
		out->v.uuid[k++] = (unsigned char)(hi << 4 | lo);
		i++;
	}
	return EXEC_OK;
}

static int dec_date(
	exec_ctx *cx, const exec_jsonb *j, exec_oid type, int32_t typmod, exec_value *out)
{
	const char *s = j->u.str;
	size_t n = j->len, i = 0;
	int64_t y, days;
	int m, d;
	bool bc;

	if (j->kind != EXEC_JSONB_STRING)
		return dec_in(cx, j, type, typmod, out);
	if (is_word(s, n, "infinity") || is_word(s, n, "-infinity")) {
		*out = exec_int(EXEC_OID_DATE, s[0] == '-' ? DATE_NOBEGIN : DATE_NOEND);
		return EXEC_OK;
	}
	if (!parse_ymd(s, n, &i, &y, &m, &d))
		return dec_in(cx, j, type, typmod, out);
	bc = at_suffix(s, n, i, " BC");
	if ((i != n && !bc) || !finish_date(y, m, d, bc, &days))
		return dec_in(cx, j, type, typmod, out);
	*out = exec_int(EXEC_OID_DATE, days);
	return EXEC_OK;
}

/* timestamp "2024-01-31T12:34:56.789" and timestamptz "...Z", " BC" after either. */
static int dec_timestamp(
	exec_ctx *cx, const exec_jsonb *j, exec_oid type, int32_t typmod, exec_value *out)
{
	const char *s = j->u.str;
	size_t n = j->len, i = 0;
	int64_t y, days, t;
	int m, d;
	bool bc;

	if (j->kind != EXEC_JSONB_STRING)
		return dec_in(cx, j, type, typmod, out);
	if (is_word(s, n, "infinity") || is_word(s, n, "-infinity")) {
		*out = exec_int(type, s[0] == '-' ? TS_NOBEGIN : TS_NOEND);
		return EXEC_OK;
	}
	if (!parse_ymd(s, n, &i, &y, &m, &d) || i >= n || s[i++] != 'T' || !parse_hms(s, n, &i, &t))
		return dec_in(cx, j, type, typmod, out);
	if (type == EXEC_OID_TIMESTAMPTZ && (i >= n || s[i++] != 'Z'))
		return dec_in(cx, j, type, typmod, out);
	bc = at_suffix(s, n, i, " BC");
	if ((i != n && !bc) || !finish_date(y, m, d, bc, &days))
		return dec_in(cx, j, type, typmod, out);
	*out = exec_int(type, days * EXEC_USECS_PER_DAY + t);
	return dec_typmod(cx, typmod, out);
}

static int dec_time(
	exec_ctx *cx, const exec_jsonb *j, exec_oid type, int32_t typmod, exec_value *out)
{
	size_t i = 0;
	int64_t t;

	if (j->kind != EXEC_JSONB_STRING || !parse_hms(j->u.str, j->len, &i, &t) || i != j->len)
		return dec_in(cx, j, type, typmod, out);
	*out = exec_int(EXEC_OID_TIME, t);
	return dec_typmod(cx, typmod, out);
}

static int dec_timetz(
	exec_ctx *cx, const exec_jsonb *j, exec_oid type, int32_t typmod, exec_value *out)
{
	const char *s = j->u.str;
	size_t n = j->len, i = 0;
	int64_t t, h, mi = 0, sec = 0;
	int sign;

	if (j->kind != EXEC_JSONB_STRING || !parse_hms(s, n, &i, &t) || i >= n ||
		(s[i] != '+' && s[i] != '-'))
		return dec_in(cx, j, type, typmod, out);
	sign = s[i++] == '-' ? -1 : 1;
	if (!parse_digits(s, n, &i, 2, &h))
		return dec_in(cx, j, type, typmod, out);
	if (i < n && s[i] == ':' && (++i, !parse_digits(s, n, &i, 2, &mi)))
		return dec_in(cx, j, type, typmod, out);
	if (i < n && s[i] == ':' && (++i, !parse_digits(s, n, &i, 2, &sec)))
		return dec_in(cx, j, type, typmod, out);
	if (i != n || mi > 59 || sec > 59 || h * 3600 + mi * 60 + sec > TZ_LIMIT)
		return dec_in(cx, j, type, typmod, out);
	out->type = EXEC_OID_TIMETZ;
	out->isnull = false;
	out->v.timetz.usecs = t;
	out->v.timetz.zone = (int32_t)(-sign * (h * 3600 + mi * 60 + sec));
	return dec_typmod(cx, typmod, out);
}

/* One signed decimal of the ISO form, with an optional fraction (seconds only). */
static bool iso_number(
	const char *s, size_t n, size_t *i, int64_t *whole, int64_t *frac, bool allow_frac)
{
	bool neg = false;
	int nd = 0;

	*whole = 0;
	*frac = 0;
	if (*i < n && s[*i] == '-') {
		neg = true;
		(*i)++;
	}
	if (*i >= n || s[*i] < '0' || s[*i] > '9')
		return false;
	while (*i < n && s[*i] >= '0' && s[*i] <= '9') {
		if (*whole > INT64_MAX / 100)
			return false;
		*whole = *whole * 10 + (s[(*i)++] - '0');
	}
	if (allow_frac && *i < n && s[*i] == '.') {
		(*i)++;
		while (*i < n && s[*i] >= '0' && s[*i] <= '9' && nd < 6) {
			*frac = *frac * 10 + (s[(*i)++] - '0');
			nd++;
		}
		if (nd == 0)
			return false;
		for (; nd < 6; nd++)
			*frac *= 10;
	}
	if (neg) {
		*whole = -*whole;
		*frac = -*frac;
	}
	return true;
}

/* The ISO 8601 form enc_interval writes: P[nY][nM][nD][T[nH][nM][n[.f]S]]. */
static int dec_interval(
	exec_ctx *cx, const exec_jsonb *j, exec_oid type, int32_t typmod, exec_value *out)
{
	static const char date_units[] = "YMD", time_units[] = "HMS";
	static const int64_t date_mult[3] = {12, 1, 1}; /* to months, months, days */
	static const int64_t time_mult[3] = {USECS_PER_HOUR, USECS_PER_MIN, USECS_PER_SEC};
	const char *s = j->u.str;
	size_t n = j->len, i = 1;
	int64_t months = 0, days = 0, usecs = 0, v, f;
	bool in_time = false;
	int next = 0;

	if (j->kind != EXEC_JSONB_STRING || n < 3 || s[0] != 'P')
		return dec_in(cx, j, type, typmod, out);
	while (i < n) {
		const char *units = in_time ? time_units : date_units;
		const char *u;

		if (s[i] == 'T' && !in_time) {
			in_time = true;
			next = 0;
			i++;
			continue;
		}
		if (!iso_number(s, n, &i, &v, &f, in_time) || i >= n || v > INT32_MAX ||
			v < INT32_MIN)
			return dec_in(cx, j, type, typmod, out);
		u = strchr(units + next, s[i]);
		if (u == NULL || s[i] == '\0' || (f != 0 && s[i] != 'S'))
			return dec_in(cx, j, type, typmod, out);
		next = (int)(u - units) + 1;
		if (!in_time)
			*(next == 3 ? &days : &months) += v * date_mult[next - 1];
		else
			usecs += v * time_mult[next - 1] + f;
		i++;
	}
	if (months > INT32_MAX || months < INT32_MIN || days > INT32_MAX || days < INT32_MIN)
		return dec_in(cx, j, type, typmod, out);
	out->type = EXEC_OID_INTERVAL;
	out->isnull = false;
	out->v.iv.months = (int32_t)months;
	out->v.iv.days = (int32_t)days;
	out->v.iv.usecs = usecs;
	return dec_typmod(cx, typmod, out);
}

static int dec_numeric(
	exec_ctx *cx, const exec_jsonb *j, exec_oid type, int32_t typmod, exec_value *out)
{
	return dec_in(cx, j, type, typmod, out);
}

/*
 * The text an escape-form node holds, when j is one: an object whose one
 * member is "$json" with a string that parses with flags (json's check
 * or jsonb's tree, built into *tree).  Anything else, a document from
 * before the escape form or another writer's, is read nested.
 */
static bool escaped(exec_ctx *cx, const exec_jsonb *j, unsigned flags, const char **text,
	size_t *len, const exec_jsonb **tree)
{
	const exec_jsonb *v;
	store_err ignored;

	if (!escape_shaped(j) || j->u.pairs[0].val.kind != EXEC_JSONB_STRING)
		return false;
	v = &j->u.pairs[0].val;
	store_err_clear(&ignored);
	if (exec_json_parse(cx->arena, v->u.str, v->len, flags, tree, &ignored) != EXEC_OK)
		return false;
	*text = v->u.str;
	*len = v->len;
	return true;
}

/* json: the escape's text, or the node's compact text (a string node is the JSON string). */
static int dec_json(
	exec_ctx *cx, const exec_jsonb *j, exec_oid type, int32_t typmod, exec_value *out)
{
	store_buf b = STORE_BUF_INIT;
	const exec_jsonb *unused = NULL;
	const char *text;
	size_t len;

	if (escaped(cx, j, EXEC_JSON_CHECK, &text, &len, &unused)) {
		*out = exec_text(EXEC_OID_JSON, sql_arena_strndup(cx->arena, text, len), len);
		return EXEC_OK;
	}
	exec_jsonb_write(&b, j, EXEC_JSON_COMPACT);
	*out = exec_text(
		EXEC_OID_JSON, sql_arena_strndup(cx->arena, (const char *)b.data, b.len), b.len);
	store_buf_free(&b);
	return EXEC_OK;
}

static int dec_jsonb(
	exec_ctx *cx, const exec_jsonb *j, exec_oid type, int32_t typmod, exec_value *out)
{
	const exec_jsonb *n;
	const char *text;
	size_t len;

	if (escaped(cx, j, EXEC_JSON_JSONB, &text, &len, &n)) {
		*out = exec_jsonb_value(n);
		return EXEC_OK;
	}
	if (exec_jsonb_normalize(cx->arena, j, &n, cx->err) != EXEC_OK)
		return EXEC_ERROR;

	/* An unchanged root is j itself, which the row decoder keeps only during the call. */
	if (n == j) {
		exec_jsonb *copy = sql_arena_alloc(cx->arena, sizeof(*copy));

		*copy = *j;
		n = copy;
	}
	*out = exec_jsonb_value(n);
	return EXEC_OK;
}

static int dec_array(
	exec_ctx *cx, const exec_jsonb *j, exec_oid type, int32_t typmod, exec_value *out)
{
	exec_oid elem = exec_array_elem_of(type);
	const exec_jsonb *lower = NULL;
	exec_value *e;
	exec_array *a;

	/* {"lower": n, "elements": [...]}: an array whose lower bound is not 1. */
	if (j->kind == EXEC_JSONB_OBJECT && j->len == 2) {
		const exec_jsonb *elems = NULL;

		for (uint32_t i = 0; i < 2; i++) {
			const exec_jsonb_pair *m = &j->u.pairs[i];

			if (m->keylen == 5 && memcmp(m->key, "lower", 5) == 0)
				lower = &m->val;
			else if (m->keylen == 8 && memcmp(m->key, "elements", 8) == 0)
				elems = &m->val;
		}
		if (lower != NULL && elems != NULL && lower->kind == EXEC_JSONB_NUMBER &&
			elems->kind == EXEC_JSONB_ARRAY)
			j = elems;
		else
			lower = NULL;
	}
	if (j->kind != EXEC_JSONB_ARRAY)
		return dec_in(cx, j, type, typmod, out);
	e = sql_arena_alloc(cx->arena, (j->len > 0 ? j->len : 1) * sizeof(*e));
	for (uint32_t i = 0; i < j->len; i++) {
		if (exec_value_from_json(cx, &j->u.elems[i], elem, typmod, &e[i]) != EXEC_OK)
			return EXEC_ERROR;
	}
	a = (exec_array *)exec_array_new(cx->arena, elem, e, j->len);
	if (lower != NULL && j->len > 0) {
		long lb = strtol(lower->u.str, NULL, 10);

		/* The bounds must stay within int4, as an array's do. */
		if (lb < INT32_MIN || lb > INT32_MAX || lb + (long)j->len - 1 > INT32_MAX)
			return store_err_set(cx->err, "XX001",
				"a stored array's lower bound %ld is out of range", lb);
		a->lbound = (int32_t)lb;
	}
	*out = exec_array_value(type, a);
	return EXEC_OK;
}

/* ---- The codec table --------------------------------------------------- */

static const struct codec {
	exec_oid type;
	enc_fn enc;
	dec_fn dec;
} codecs[] = {
	{EXEC_OID_BOOL, enc_bool, dec_bool},
	{EXEC_OID_INT2, enc_int, dec_int},
	{EXEC_OID_INT4, enc_int, dec_int},
	{EXEC_OID_INT8, enc_int, dec_int},
	{EXEC_OID_OID, enc_int, dec_int},
	{EXEC_OID_REGCLASS, enc_int, dec_int},
	{EXEC_OID_REGTYPE, enc_int, dec_int},
	{EXEC_OID_FLOAT4, enc_float, dec_float},
	{EXEC_OID_FLOAT8, enc_float, dec_float},
	{EXEC_OID_NUMERIC, enc_numeric, dec_numeric},
	{EXEC_OID_TEXT, enc_text, dec_text},
	{EXEC_OID_VARCHAR, enc_text, dec_text},
	{EXEC_OID_BPCHAR, enc_text, dec_text},
	{EXEC_OID_NAME, enc_text, dec_text},
	{EXEC_OID_UNKNOWN, enc_text, dec_text},
	{EXEC_OID_BYTEA, enc_bytea, dec_bytea},
	{EXEC_OID_UUID, enc_uuid, dec_uuid},
	{EXEC_OID_DATE, enc_date, dec_date},
	{EXEC_OID_TIMESTAMP, enc_timestamp, dec_timestamp},
	{EXEC_OID_TIMESTAMPTZ, enc_timestamp, dec_timestamp},
	{EXEC_OID_TIME, enc_time, dec_time},
	{EXEC_OID_TIMETZ, enc_timetz, dec_timetz},
	{EXEC_OID_INTERVAL, enc_interval, dec_interval},
	{EXEC_OID_JSON, enc_json, dec_json},
	{EXEC_OID_JSONB, enc_jsonb, dec_jsonb},
};

static const struct codec codec_array = {0, enc_array, dec_array};
static const struct codec codec_other = {0, enc_out, dec_in};

static const struct codec *codec_of(exec_oid type)
{
	for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++) {
		if (codecs[i].type == type)
			return &codecs[i];
	}
	return exec_array_elem_of(type) != 0 ? &codec_array : &codec_other;
}

static int enc_value(struct enc *e, const exec_value *v, int depth)
{
	if (v->isnull) {
		store_buf_put(e->out, "null", 4);
		return EXEC_OK;
	}
	return codec_of(v->type)->enc(e, v, depth);
}

int exec_value_to_json(exec_ctx *cx, const exec_value *v, store_buf *out)
{
	struct enc e = {cx, out};

	return enc_value(&e, v, 1);
}

int exec_value_from_json(
	exec_ctx *cx, const exec_jsonb *j, exec_oid type, int32_t typmod, exec_value *out)
{
	if (j->kind == EXEC_JSONB_NULL) {
		*out = exec_null(type);
		return EXEC_OK;
	}
	return codec_of(type)->dec(cx, j, type, typmod, out);
}

/* ---- Rows -------------------------------------------------------------- */

static int name_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int r = memcmp(a, b, alen < blen ? alen : blen);

	if (r != 0)
		return r;
	return alen < blen ? -1 : alen > blen;
}

void exec_rowdesc_init(sql_arena *a, const exec_rowcol *cols, int ncols, exec_rowdesc *d)
{
	int *byname = sql_arena_alloc(a, (size_t)(ncols > 0 ? ncols : 1) * sizeof(int));
	size_t *namelen = sql_arena_alloc(a, (size_t)(ncols > 0 ? ncols : 1) * sizeof(size_t));
	const char **order = sql_arena_alloc(a, (size_t)(ncols > 0 ? ncols : 1) * sizeof(char *));

	for (int i = 0; i < ncols; i++) {
		namelen[i] = strlen(cols[i].name);
		order[i] = cols[i].name;
	}

	/* Insertion sort of the indexes by name: tables have tens of columns, and this runs once. */
	for (int i = 0; i < ncols; i++) {
		int j = i;

		for (; j > 0 && name_cmp(cols[byname[j - 1]].name, namelen[byname[j - 1]],
					cols[i].name, namelen[i]) > 0;
			j--)
			byname[j] = byname[j - 1];
		byname[j] = i;
	}
	d->cols = cols;
	d->ncols = ncols;
	d->byname = byname;
	d->namelen = namelen;
	d->order = order;
}

struct row_decode {
	exec_ctx *cx;
	const exec_rowdesc *d;
	exec_value *vals;
	exec_row_extra_fn extra;
	void *arg;
	int next;    /* the column expected next: documents come in column order */
	bool *given; /* the columns the document has a member for, or NULL */
};

static int row_find(const exec_rowdesc *d, const char *key, size_t keylen)
{
	int lo = 0, hi = d->ncols;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2, c = d->byname[mid];
		int r = name_cmp(d->cols[c].name, d->namelen[c], key, keylen);

		if (r == 0)
			return c;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int row_member(
	void *arg, const char *key, size_t keylen, const exec_jsonb *val, store_err *err)
{
	struct row_decode *r = arg;
	const exec_rowdesc *d = r->d;
	int c = r->next;

	if (c >= d->ncols || d->namelen[c] != keylen || memcmp(d->cols[c].name, key, keylen) != 0)
		c = row_find(d, key, keylen);
	if (c < 0) {
		exec_row_member m;
		exec_jsonb *copy;

		if (r->extra == NULL)
			return EXEC_OK;
		copy = sql_arena_alloc(r->cx->arena, sizeof(*copy));
		*copy = *val;
		m.name = key;
		m.namelen = keylen;
		m.val = copy;
		return r->extra(r->arg, &m, err);
	}
	r->next = c + 1;
	if (r->given != NULL)
		r->given[c] = true;
	return exec_value_from_json(r->cx, val, d->cols[c].type, d->cols[c].typmod, &r->vals[c]);
}

int exec_row_decode(exec_ctx *cx, const exec_rowdesc *d, const char *doc, size_t len,
	exec_value *vals, exec_row_extra_fn extra, void *arg)
{
	return exec_row_decode_given(cx, d, doc, len, vals, NULL, extra, arg);
}

int exec_row_decode_given(exec_ctx *cx, const exec_rowdesc *d, const char *doc, size_t len,
	exec_value *vals, bool *given, exec_row_extra_fn extra, void *arg)
{
	struct row_decode r = {cx, d, vals, extra, arg, 0, given};

	for (int i = 0; i < d->ncols; i++) {
		vals[i] = exec_null(d->cols[i].type);
		if (given != NULL)
			given[i] = false;
	}
	return exec_json_parse_members(cx->arena, doc, len, 0, row_member, &r, cx->err);
}

static int member_cmp(const void *pa, const void *pb)
{
	const exec_row_member *a = *(const exec_row_member *const *)pa;
	const exec_row_member *b = *(const exec_row_member *const *)pb;

	return name_cmp(a->name, a->namelen, b->name, b->namelen);
}

/* One top-level member in the canonical layout. */
static void row_put_name(store_buf *out, const char *name, size_t len, bool first)
{
	store_buf_puts(out, first ? "{\n  " : ",\n  ");
	exec_json_write_string(out, name, len);
	store_buf_put(out, ": ", 2);
}

int exec_row_encode(exec_ctx *cx, const exec_rowdesc *d, const exec_value *vals,
	const exec_row_member *extra, int nextra, store_buf *out)
{
	struct enc e = {cx, out};
	const exec_row_member **sorted = NULL;
	bool first = true;
	int rc = EXEC_OK;

	for (int i = 0; i < d->ncols; i++) {
		row_put_name(out, d->cols[i].name, d->namelen[i], first);
		first = false;
		if (enc_value(&e, &vals[i], 1) != EXEC_OK)
			return EXEC_ERROR;
	}

	/* Members that are no column follow, sorted by name, one per name. */
	if (nextra > 0) {
		sorted = malloc((size_t)nextra * sizeof(*sorted));
		if (sorted == NULL)
			abort();
		for (int i = 0; i < nextra; i++)
			sorted[i] = &extra[i];
		qsort(sorted, (size_t)nextra, sizeof(*sorted), member_cmp);
	}
	for (int i = 0; i < nextra && rc == EXEC_OK; i++) {
		const exec_row_member *m = sorted[i];

		if (row_find(d, m->name, m->namelen) >= 0 ||
			(i > 0 && member_cmp(&sorted[i - 1], &sorted[i]) == 0))
			continue;
		row_put_name(out, m->name, m->namelen, first);
		first = false;
		rc = enc_tree(&e, m->val, 1);
	}
	free(sorted);
	if (rc != EXEC_OK)
		return rc;
	store_buf_puts(out, first ? "{}\n" : "\n}\n");
	return EXEC_OK;
}
