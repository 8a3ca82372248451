/*
 * array.c - one-dimensional arrays of any element type: the array
 * types' table entries, PostgreSQL's text input and output, order and
 * hash, the operators (= <> < > <= >= @> <@ && ||), the array
 * functions, array_agg, unnest, and = ANY / <> ALL.
 *
 * It owns what array.h declares.  Elements are exec_values of the
 * element type and go through the registry for their text form, order
 * and hash, so this file knows no element type.  It does not own
 * subscripts, slices or multi-dimensional arrays (refused at input with
 * 0A000), nor the decision to cast between array types (the analyzer's;
 * exec_array_cast does the work).
 *
 * Design note: PostgreSQL's "Arrays" chapter and "Array Functions and
 * Operators" for the behaviour; array_in and array_out of PostgreSQL
 * 12 to 16 for the literal syntax and its error details.
 */
#include "array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* PostgreSQL's MAXDIM: deeper braces are 54000 even before we refuse them. */
#define ARRAY_MAXDIM 6

/* pg_type's "internal", for array_agg's private state. */
#define ARRAY_OID_INTERNAL 2281

/* ---- Element and array types ------------------------------------------- */

/* The array types' entries, below; their elem fields map element types to arrays. */
static const exec_type array_types[24];

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

exec_oid exec_array_type_of(exec_oid elemtype)
{
	for (size_t i = 0; i < NELEM(array_types); i++) {
		if (array_types[i].elem == elemtype)
			return array_types[i].oid;
	}
	return 0;
}

exec_oid exec_array_elem_of(exec_oid arraytype)
{
	for (size_t i = 0; i < NELEM(array_types); i++) {
		if (array_types[i].oid == arraytype)
			return array_types[i].elem;
	}
	return 0;
}

const exec_array *exec_array_new(
	sql_arena *a, exec_oid elemtype, const exec_value *elems, uint32_t count)
{
	exec_array *arr = sql_arena_alloc(a, sizeof(*arr));
	exec_value *e = sql_arena_alloc(a, (count > 0 ? count : 1) * sizeof(*e));

	if (count > 0)
		memcpy(e, elems, count * sizeof(*e));
	arr->elemtype = elemtype;
	arr->lbound = 1;
	arr->count = count;
	arr->elems = e;
	return arr;
}

/* A new array of n elements (uninitialised) for the caller to fill. */
static exec_array *array_alloc(
	sql_arena *a, exec_oid elemtype, int32_t lbound, uint32_t n, exec_value **elems)
{
	exec_array *arr = sql_arena_alloc(a, sizeof(*arr));

	*elems = sql_arena_alloc(a, (n > 0 ? n : 1) * sizeof(**elems));
	arr->elemtype = elemtype;
	arr->lbound = n > 0 ? lbound : 1;
	arr->count = n;
	arr->elems = *elems;
	return arr;
}

/* ---- Text input -------------------------------------------------------- */

/* array_isspace: the white space the literal syntax skips. */
static bool array_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int array_malformed(exec_ctx *cx, const char *text, size_t len, const char *detail)
{
	store_err_set(cx->err, "22P02", "malformed array literal: \"%.*s\"",
		len > 200 ? 200 : (int)len, text);
	if (detail != NULL)
		store_err_detail(cx->err, "%s", detail);
	return EXEC_ERROR;
}

static int array_unexpected(exec_ctx *cx, const char *text, size_t len, char c)
{
	char detail[32];

	snprintf(detail, sizeof(detail), "Unexpected \"%c\" character.", c);
	return array_malformed(cx, text, len, detail);
}

/* The states of PostgreSQL's ArrayCount. */
enum array_state {
	AS_NO_LEVEL,
	AS_LEVEL_STARTED,
	AS_ELEM_STARTED,
	AS_QUOTED_ELEM_STARTED,
	AS_QUOTED_ELEM_COMPLETED,
	AS_ELEM_DELIMITED,
	AS_LEVEL_COMPLETED,
	AS_LEVEL_DELIMITED,
};

/*
 * Check the brace structure at p (on its '{') as ArrayCount does, with
 * its error details; *ndim and *count (elements at the first level)
 * come back, *end just past the closing brace.
 */
static int array_scan(exec_ctx *cx, const char *text, size_t len, size_t p, int *ndim,
	uint32_t *count, size_t *end)
{
	enum array_state st = AS_NO_LEVEL;
	bool in_quotes = false;
	int level = 0;
	uint32_t n = 0;

	*ndim = 0;
	for (;; p++) {
		char c = p < len ? text[p] : '\0';

		if (c == '\0')
			return array_malformed(cx, text, len, "Unexpected end of input.");
		if (c == '\\') {
			if (st != AS_LEVEL_STARTED && st != AS_ELEM_STARTED &&
				st != AS_QUOTED_ELEM_STARTED && st != AS_ELEM_DELIMITED)
				return array_unexpected(cx, text, len, '\\');
			if (st != AS_QUOTED_ELEM_STARTED)
				st = AS_ELEM_STARTED;
			if (p + 1 >= len || text[p + 1] == '\0')
				return array_malformed(cx, text, len, "Unexpected end of input.");
			p++;
			continue;
		}
		if (c == '"') {
			if (st != AS_LEVEL_STARTED && st != AS_QUOTED_ELEM_STARTED &&
				st != AS_ELEM_DELIMITED)
				return array_malformed(cx, text, len, "Unexpected array element.");
			in_quotes = !in_quotes;
			st = in_quotes ? AS_QUOTED_ELEM_STARTED : AS_QUOTED_ELEM_COMPLETED;
			continue;
		}
		if (in_quotes)
			continue;
		if (c == '{') {
			if (st != AS_NO_LEVEL && st != AS_LEVEL_STARTED && st != AS_LEVEL_DELIMITED)
				return array_unexpected(cx, text, len, '{');
			st = AS_LEVEL_STARTED;
			if (level >= ARRAY_MAXDIM)
				return store_err_set(cx->err, "54000",
					"number of array dimensions (%d) exceeds the maximum allowed (%d)",
					level + 1, ARRAY_MAXDIM);
			level++;
			if (*ndim < level)
				*ndim = level;
		} else if (c == '}') {
			if (st != AS_ELEM_STARTED && st != AS_QUOTED_ELEM_COMPLETED &&
				st != AS_LEVEL_COMPLETED && !(level == 1 && st == AS_LEVEL_STARTED))
				return array_unexpected(cx, text, len, '}');
			if (level == 1 && st != AS_LEVEL_STARTED)
				n++;
			st = AS_LEVEL_COMPLETED;
			if (--level == 0) {
				*end = p + 1;
				*count = n;
				return EXEC_OK;
			}
		} else if (c == ',') {
			if (st != AS_ELEM_STARTED && st != AS_QUOTED_ELEM_COMPLETED &&
				st != AS_LEVEL_COMPLETED)
				return array_unexpected(cx, text, len, ',');
			st = st == AS_LEVEL_COMPLETED ? AS_LEVEL_DELIMITED : AS_ELEM_DELIMITED;
			if (level == 1)
				n++;
		} else if (!array_space(c)) {
			if (st != AS_LEVEL_STARTED && st != AS_ELEM_STARTED &&
				st != AS_ELEM_DELIMITED)
				return array_malformed(cx, text, len, "Unexpected array element.");
			st = AS_ELEM_STARTED;
		}
	}
}

/*
 * One element of a checked one-level literal, from p (after '{' or a
 * ','), as ReadArrayStr reads it: leading space dropped, quotes and
 * backslashes removed, trailing unquoted space dropped; an unquoted
 * NULL (any case) is the null element.  The bytes go to buf; *next is
 * the delimiter or closing brace that ended the element.
 */
static size_t array_element(const char *text, size_t p, char *buf, bool *isnull, size_t *next)
{
	bool in_quotes = false, quoted = false, leading = true;
	size_t o = 0, end = 0;

	for (;; p++) {
		char c = text[p];

		if (c == '\\') {
			buf[o++] = text[++p];
			end = o;
			quoted = true;
			leading = false;
		} else if (c == '"') {
			in_quotes = !in_quotes;
			quoted = true;
			leading = false;
			end = o;
		} else if (in_quotes) {
			buf[o++] = c;
			end = o;
		} else if (c == ',' || c == '}') {
			break;
		} else if (array_space(c)) {
			if (!leading)
				buf[o++] = c;
		} else {
			buf[o++] = c;
			end = o;
			leading = false;
		}
	}
	*next = p;
	*isnull = !quoted && end == 4 && strncasecmp(buf, "NULL", 4) == 0;
	return end;
}

/* A dimension bound as PostgreSQL's atoi reads the digits and signs it allows. */
static size_t array_bound(const char *text, size_t len, size_t p, long *v)
{
	size_t q = p;
	char buf[24];

	while (q < len && ((text[q] >= '0' && text[q] <= '9') || text[q] == '-' || text[q] == '+'))
		q++;
	if (q - p < sizeof(buf)) {
		memcpy(buf, text + p, q - p);
		buf[q - p] = '\0';
		*v = strtol(buf, NULL, 10);
	} else {
		*v = 0;
	}
	return q;
}

int exec_array_in(exec_ctx *cx, exec_oid elemtype, const char *text, size_t len, int32_t typmod,
	exec_value *out)
{
	exec_oid arraytype = exec_array_type_of(elemtype);
	size_t p = 0, end = 0, next;
	long lb = 1, ub = 0;
	bool dims = false;
	int ndim = 0;
	uint32_t n = 0;
	exec_value *e;
	exec_array *arr;
	char *buf;

	/* Optional dimensions: [lb:ub]= or [ub]=, whitespace between but not within items. */
	while (p < len && array_space(text[p]))
		p++;
	if (p < len && text[p] == '[') {
		size_t q = array_bound(text, len, p + 1, &ub);

		if (q == p + 1)
			return array_malformed(cx, text, len,
				"\"[\" must introduce explicitly-specified array dimensions.");
		if (q < len && text[q] == ':') {
			lb = ub;
			p = q + 1;
			q = array_bound(text, len, p, &ub);
			if (q == p)
				return array_malformed(
					cx, text, len, "Missing array dimension value.");
		}
		if (q >= len || text[q] != ']')
			return array_malformed(
				cx, text, len, "Missing \"]\" after array dimensions.");
		if (ub < lb)
			return store_err_set(
				cx->err, "2202E", "upper bound cannot be less than lower bound");
		p = q + 1;
		while (p < len && array_space(text[p]))
			p++;
		if (p < len && text[p] == '[')
			return store_err_set(
				cx->err, "0A000", "multidimensional arrays are not supported");
		if (p >= len || text[p] != '=')
			return array_malformed(
				cx, text, len, "Missing \"=\" after array dimensions.");
		p++;
		while (p < len && array_space(text[p]))
			p++;
		if (p >= len || text[p] != '{')
			return array_malformed(
				cx, text, len, "Array contents must start with \"{\".");
		dims = true;
	} else if (p >= len || text[p] != '{') {
		return array_malformed(cx, text, len,
			"Array value must start with \"{\" or dimension information.");
	}

	/* The brace structure, then nothing but space after it. */
	if (array_scan(cx, text, len, p, &ndim, &n, &end) != EXEC_OK)
		return EXEC_ERROR;
	for (size_t q = end; q < len; q++) {
		if (!array_space(text[q]))
			return array_malformed(cx, text, len, "Junk after closing right brace.");
	}
	if (ndim > 1)
		return store_err_set(cx->err, "0A000", "multidimensional arrays are not supported");
	if (dims && (uint64_t)(ub - lb + 1) != n)
		return array_malformed(
			cx, text, len, "Specified array dimensions do not match array contents.");

	/* The elements, each through its type's input. */
	arr = array_alloc(cx->arena, elemtype, (int32_t)lb, n, &e);
	buf = sql_arena_alloc(cx->arena, end - p + 1);
	next = p;
	for (uint32_t i = 0; i < n; i++) {
		bool isnull;
		size_t elen = array_element(text, next + 1, buf, &isnull, &next);

		if (isnull) {
			e[i] = exec_null(elemtype);
			continue;
		}
		buf[elen] = '\0';
		if (exec_value_in(cx, elemtype, typmod, buf, elen, &e[i]) != EXEC_OK)
			return EXEC_ERROR;
	}
	*out = exec_array_value(arraytype, arr);
	return EXEC_OK;
}

/* ---- Text output ------------------------------------------------------- */

/* Does an element's text need quotes in an array literal? */
static bool array_needs_quotes(const char *s, size_t len)
{
	if (len == 0 || (len == 4 && strncasecmp(s, "NULL", 4) == 0))
		return true;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '"' || c == '\\' || c == '{' || c == '}' || c == ',' || array_space(c))
			return true;
	}
	return false;
}

int exec_array_out(exec_ctx *cx, const exec_array *a, store_buf *buf)
{
	store_buf el = STORE_BUF_INIT;

	if (a->count > 0 && a->lbound != 1)
		store_buf_printf(buf, "[%d:%lld]=", a->lbound,
			(long long)a->lbound + (long long)a->count - 1);
	store_buf_putc(buf, '{');
	for (uint32_t i = 0; i < a->count; i++) {
		const char *s;

		if (i > 0)
			store_buf_putc(buf, ',');
		if (a->elems[i].isnull) {
			store_buf_put(buf, "NULL", 4);
			continue;
		}
		el.len = 0;
		if (exec_value_out(cx, &a->elems[i], &el) != EXEC_OK) {
			store_buf_free(&el);
			return EXEC_ERROR;
		}
		s = el.data != NULL ? (const char *)el.data : "";
		if (!array_needs_quotes(s, el.len)) {
			store_buf_put(buf, s, el.len);
			continue;
		}
		store_buf_putc(buf, '"');
		for (size_t k = 0; k < el.len; k++) {
			if (s[k] == '"' || s[k] == '\\')
				store_buf_putc(buf, '\\');
			store_buf_putc(buf, s[k]);
		}
		store_buf_putc(buf, '"');
	}
	store_buf_putc(buf, '}');
	store_buf_free(&el);
	return EXEC_OK;
}

/* ---- Order and hash ---------------------------------------------------- */

/* Element order with NULLs last, as btarraycmp has it. */
static int array_elem_cmp(const exec_value *a, const exec_value *b)
{
	if (a->isnull || b->isnull)
		return a->isnull == b->isnull ? 0 : a->isnull ? 1 : -1;
	return exec_value_cmp(a, b);
}

int exec_array_cmp(const exec_array *a, const exec_array *b)
{
	uint32_t n = a->count < b->count ? a->count : b->count;

	for (uint32_t i = 0; i < n; i++) {
		int r = array_elem_cmp(&a->elems[i], &b->elems[i]);

		if (r != 0)
			return r < 0 ? -1 : 1;
	}
	if (a->count != b->count)
		return a->count < b->count ? -1 : 1;
	if (a->lbound != b->lbound)
		return a->lbound < b->lbound ? -1 : 1;
	return 0;
}

uint64_t exec_array_hash(const exec_array *a)
{
	uint64_t h = 1;

	for (uint32_t i = 0; i < a->count; i++) {
		uint64_t eh = a->elems[i].isnull ? 0 : exec_value_hash(&a->elems[i]);

		h = h * 31 + eh;
	}
	return h ^ (uint64_t)(uint32_t)a->lbound << 32;
}

/* Equality of two non-NULL elements (the element type's = through its order). */
static bool array_elem_eq(const exec_value *a, const exec_value *b)
{
	return exec_value_cmp(a, b) == 0;
}

/* IS NOT DISTINCT FROM: NULL matches NULL (array_position, array_remove, array_replace). */
static bool array_elem_same(const exec_value *a, const exec_value *b)
{
	if (a->isnull || b->isnull)
		return a->isnull && b->isnull;
	return array_elem_eq(a, b);
}

/* ---- The type table's functions ---------------------------------------- */

static int array_out_value(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	return exec_array_out(cx, v->v.arr, buf);
}

static int array_cmp_value(const exec_value *a, const exec_value *b)
{
	return exec_array_cmp(a->v.arr, b->v.arr);
}

static uint64_t array_hash_value(const exec_value *v)
{
	return exec_array_hash(v->v.arr);
}

/* varchar(3)[] and friends: the element type's modifier on every element. */
static int array_coerce_typmod(
	exec_ctx *cx, const exec_value *in, int32_t typmod, bool explicit_cast, exec_value *out)
{
	const exec_array *a = in->v.arr;
	const exec_type *t = exec_type_by_oid(a->elemtype);
	exec_value *e;
	exec_array *r;

	if (t == NULL || t->coerce_typmod == NULL || typmod == EXEC_TYPMOD_NONE) {
		*out = *in;
		return EXEC_OK;
	}
	r = array_alloc(cx->arena, a->elemtype, a->lbound, a->count, &e);
	for (uint32_t i = 0; i < a->count; i++) {
		if (a->elems[i].isnull)
			e[i] = a->elems[i];
		else if (t->coerce_typmod(cx, &a->elems[i], typmod, explicit_cast, &e[i]) !=
			 EXEC_OK)
			return EXEC_ERROR;
	}
	*out = exec_array_value(in->type, r);
	return EXEC_OK;
}

/* Text input needs the element type, which `in` is not given: one wrapper per array type. */
#define ARRAY_IN_FN(fname, elem)                                                                   \
	static int fname(                                                                          \
		exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)       \
	{                                                                                          \
		return exec_array_in(cx, elem, text, len, typmod, out);                            \
	}
ARRAY_IN_FN(bool_array_in, EXEC_OID_BOOL)
ARRAY_IN_FN(bytea_array_in, EXEC_OID_BYTEA)
ARRAY_IN_FN(name_array_in, EXEC_OID_NAME)
ARRAY_IN_FN(int2_array_in, EXEC_OID_INT2)
ARRAY_IN_FN(int4_array_in, EXEC_OID_INT4)
ARRAY_IN_FN(text_array_in, EXEC_OID_TEXT)
ARRAY_IN_FN(bpchar_array_in, EXEC_OID_BPCHAR)
ARRAY_IN_FN(varchar_array_in, EXEC_OID_VARCHAR)
ARRAY_IN_FN(int8_array_in, EXEC_OID_INT8)
ARRAY_IN_FN(float4_array_in, EXEC_OID_FLOAT4)
ARRAY_IN_FN(float8_array_in, EXEC_OID_FLOAT8)
ARRAY_IN_FN(oid_array_in, EXEC_OID_OID)
ARRAY_IN_FN(timestamp_array_in, EXEC_OID_TIMESTAMP)
ARRAY_IN_FN(date_array_in, EXEC_OID_DATE)
ARRAY_IN_FN(time_array_in, EXEC_OID_TIME)
ARRAY_IN_FN(timestamptz_array_in, EXEC_OID_TIMESTAMPTZ)
ARRAY_IN_FN(interval_array_in, EXEC_OID_INTERVAL)
ARRAY_IN_FN(numeric_array_in, EXEC_OID_NUMERIC)
ARRAY_IN_FN(uuid_array_in, EXEC_OID_UUID)
ARRAY_IN_FN(json_array_in, EXEC_OID_JSON)
ARRAY_IN_FN(jsonb_array_in, EXEC_OID_JSONB)
ARRAY_IN_FN(record_array_in, EXEC_OID_RECORD)

/*
 * int2vector and oidvector (pg_index.indkey, pg_proc.proargtypes): arrays
 * counted from 0 whose text form is the elements separated by spaces
 * ("1 2"), as PostgreSQL's int2vectorin/out and oidvectorin/out read and
 * print them.  Subscripts, ANY and unnest treat them as the arrays they
 * are; a cast to int2[] or oid[] keeps the lower bound ('[0:1]={1,2}').
 */
static int vector_in(
	exec_ctx *cx, exec_oid type, exec_oid elem, const char *text, size_t len, exec_value *out)
{
	exec_value *e = sql_arena_alloc(cx->arena, (len / 2 + 1) * sizeof(*e));
	uint32_t n = 0;
	size_t i = 0;
	exec_value *dst;
	exec_array *r;

	while (i < len) {
		size_t start;

		while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n'))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && text[i] != ' ' && text[i] != '\t' && text[i] != '\n')
			i++;
		if (exec_value_in(cx, elem, EXEC_TYPMOD_NONE, text + start, i - start, &e[n]) !=
			EXEC_OK)
			return EXEC_ERROR;
		n++;
	}
	r = array_alloc(cx->arena, elem, 0, n, &dst);
	if (n > 0)
		memcpy(dst, e, n * sizeof(*e));
	*out = exec_array_value(type, r);
	return EXEC_OK;
}

static int int2vector_in(
	exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	(void)typmod;
	return vector_in(cx, EXEC_OID_INT2VECTOR, EXEC_OID_INT2, text, len, out);
}

static int oidvector_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	(void)typmod;
	return vector_in(cx, EXEC_OID_OIDVECTOR, EXEC_OID_OID, text, len, out);
}

static int vector_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	for (uint32_t i = 0; i < v->v.arr->count; i++) {
		if (i > 0)
			store_buf_putc(buf, ' ');
		if (exec_value_out(cx, &v->v.arr->elems[i], buf) != EXEC_OK)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}

/*
 * One entry per array type of value.h, then the vectors (after int2[]
 * and oid[], so that those stay the arrays of int2 and oid); json[] has
 * no order, as json has none.
 */
static const exec_type array_types[24] = {
	{EXEC_OID_BOOL_ARRAY, "_bool", "boolean[]", 'A', false, -1, EXEC_OID_BOOL, 0, bool_array_in,
		array_out_value, array_cmp_value, array_hash_value, array_coerce_typmod},
	{EXEC_OID_BYTEA_ARRAY, "_bytea", "bytea[]", 'A', false, -1, EXEC_OID_BYTEA, 0,
		bytea_array_in, array_out_value, array_cmp_value, array_hash_value,
		array_coerce_typmod},
	{EXEC_OID_NAME_ARRAY, "_name", "name[]", 'A', false, -1, EXEC_OID_NAME, 0, name_array_in,
		array_out_value, array_cmp_value, array_hash_value, array_coerce_typmod},
	{EXEC_OID_INT2_ARRAY, "_int2", "smallint[]", 'A', false, -1, EXEC_OID_INT2, 0,
		int2_array_in, array_out_value, array_cmp_value, array_hash_value,
		array_coerce_typmod},
	{EXEC_OID_INT4_ARRAY, "_int4", "integer[]", 'A', false, -1, EXEC_OID_INT4, 0, int4_array_in,
		array_out_value, array_cmp_value, array_hash_value, array_coerce_typmod},
	{EXEC_OID_TEXT_ARRAY, "_text", "text[]", 'A', false, -1, EXEC_OID_TEXT, 0, text_array_in,
		array_out_value, array_cmp_value, array_hash_value, array_coerce_typmod},
	{EXEC_OID_BPCHAR_ARRAY, "_bpchar", "character[]", 'A', false, -1, EXEC_OID_BPCHAR, 0,
		bpchar_array_in, array_out_value, array_cmp_value, array_hash_value,
		array_coerce_typmod},
	{EXEC_OID_VARCHAR_ARRAY, "_varchar", "character varying[]", 'A', false, -1,
		EXEC_OID_VARCHAR, 0, varchar_array_in, array_out_value, array_cmp_value,
		array_hash_value, array_coerce_typmod},
	{EXEC_OID_INT8_ARRAY, "_int8", "bigint[]", 'A', false, -1, EXEC_OID_INT8, 0, int8_array_in,
		array_out_value, array_cmp_value, array_hash_value, array_coerce_typmod},
	{EXEC_OID_FLOAT4_ARRAY, "_float4", "real[]", 'A', false, -1, EXEC_OID_FLOAT4, 0,
		float4_array_in, array_out_value, array_cmp_value, array_hash_value,
		array_coerce_typmod},
	{EXEC_OID_FLOAT8_ARRAY, "_float8", "double precision[]", 'A', false, -1, EXEC_OID_FLOAT8, 0,
		float8_array_in, array_out_value, array_cmp_value, array_hash_value,
		array_coerce_typmod},
	{EXEC_OID_OID_ARRAY, "_oid", "oid[]", 'A', false, -1, EXEC_OID_OID, 0, oid_array_in,
		array_out_value, array_cmp_value, array_hash_value, array_coerce_typmod},
	{EXEC_OID_TIMESTAMP_ARRAY, "_timestamp", "timestamp without time zone[]", 'A', false, -1,
		EXEC_OID_TIMESTAMP, 0, timestamp_array_in, array_out_value, array_cmp_value,
		array_hash_value, array_coerce_typmod},
	{EXEC_OID_DATE_ARRAY, "_date", "date[]", 'A', false, -1, EXEC_OID_DATE, 0, date_array_in,
		array_out_value, array_cmp_value, array_hash_value, array_coerce_typmod},
	{EXEC_OID_TIME_ARRAY, "_time", "time without time zone[]", 'A', false, -1, EXEC_OID_TIME, 0,
		time_array_in, array_out_value, array_cmp_value, array_hash_value,
		array_coerce_typmod},
	{EXEC_OID_TIMESTAMPTZ_ARRAY, "_timestamptz", "timestamp with time zone[]", 'A', false, -1,
		EXEC_OID_TIMESTAMPTZ, 0, timestamptz_array_in, array_out_value, array_cmp_value,
		array_hash_value, array_coerce_typmod},
	{EXEC_OID_INTERVAL_ARRAY, "_interval", "interval[]", 'A', false, -1, EXEC_OID_INTERVAL, 0,
		interval_array_in, array_out_value, array_cmp_value, array_hash_value,
		array_coerce_typmod},
	{EXEC_OID_NUMERIC_ARRAY, "_numeric", "numeric[]", 'A', false, -1, EXEC_OID_NUMERIC, 0,
		numeric_array_in, array_out_value, array_cmp_value, array_hash_value,
		array_coerce_typmod},
	{EXEC_OID_UUID_ARRAY, "_uuid", "uuid[]", 'A', false, -1, EXEC_OID_UUID, 0, uuid_array_in,
		array_out_value, array_cmp_value, array_hash_value, array_coerce_typmod},
	{EXEC_OID_JSON_ARRAY, "_json", "json[]", 'A', false, -1, EXEC_OID_JSON, 0, json_array_in,
		array_out_value, NULL, NULL, array_coerce_typmod},
	{EXEC_OID_JSONB_ARRAY, "_jsonb", "jsonb[]", 'A', false, -1, EXEC_OID_JSONB, 0,
		jsonb_array_in, array_out_value, array_cmp_value, array_hash_value,
		array_coerce_typmod},
	{EXEC_OID_RECORD_ARRAY, "_record", "record[]", 'P', false, -1, EXEC_OID_RECORD, 0,
		record_array_in, array_out_value, array_cmp_value, array_hash_value,
		array_coerce_typmod},
	{EXEC_OID_INT2VECTOR, "int2vector", "int2vector", 'A', false, -1, EXEC_OID_INT2, 0,
		int2vector_in, vector_out, array_cmp_value, array_hash_value, NULL},
	{EXEC_OID_OIDVECTOR, "oidvector", "oidvector", 'A', false, -1, EXEC_OID_OID, 0,
		oidvector_in, vector_out, array_cmp_value, array_hash_value, NULL},
};

/* ---- Operators --------------------------------------------------------- */

static int array_cmp_op(const exec_value *args, exec_value *out, int want)
{
	int r = exec_array_cmp(args[0].v.arr, args[1].v.arr);
	static const bool table[6][3] = {
		/* r < 0, r == 0, r > 0 */
		{false, true, false}, /* = */
		{true, false, true},  /* <> */
		{true, false, false}, /* < */
		{false, false, true}, /* > */
		{true, true, false},  /* <= */
		{false, true, true},  /* >= */
	};

	*out = exec_bool(table[want][r < 0 ? 0 : r == 0 ? 1 : 2]);
	return EXEC_OK;
}

#define ARRAY_CMP_FN(fname, want)                                                                  \
	static int fname(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)         \
	{                                                                                          \
		return array_cmp_op(args, out, want);                                              \
	}
ARRAY_CMP_FN(array_eq_fn, 0)
ARRAY_CMP_FN(array_ne_fn, 1)
ARRAY_CMP_FN(array_lt_fn, 2)
ARRAY_CMP_FN(array_gt_fn, 3)
ARRAY_CMP_FN(array_le_fn, 4)
ARRAY_CMP_FN(array_ge_fn, 5)

static int btarraycmp_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_int(EXEC_OID_INT4, exec_array_cmp(args[0].v.arr, args[1].v.arr));
	return EXEC_OK;
}

/* Is x equal to some non-NULL element of a? */
static bool array_has(const exec_array *a, const exec_value *x)
{
	for (uint32_t i = 0; i < a->count; i++) {
		if (!a->elems[i].isnull && array_elem_eq(&a->elems[i], x))
			return true;
	}
	return false;
}

/* a @> b: every element of b is in a; a NULL in b is never found. */
static bool array_contains(const exec_array *a, const exec_array *b)
{
	for (uint32_t i = 0; i < b->count; i++) {
		if (b->elems[i].isnull || !array_has(a, &b->elems[i]))
			return false;
	}
	return true;
}

static int array_contains_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_bool(array_contains(args[0].v.arr, args[1].v.arr));
	return EXEC_OK;
}

static int array_contained_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_bool(array_contains(args[1].v.arr, args[0].v.arr));
	return EXEC_OK;
}

static int array_overlap_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_array *a = args[0].v.arr, *b = args[1].v.arr;
	bool r = false;

	for (uint32_t i = 0; i < b->count && !r; i++)
		r = !b->elems[i].isnull && array_has(a, &b->elems[i]);
	*out = exec_bool(r);
	return EXEC_OK;
}

/* ---- Functions --------------------------------------------------------- */

static const exec_array *array_or_empty(exec_ctx *cx, const exec_value *v)
{
	if (!v->isnull)
		return v->v.arr;
	return exec_array_new(cx->arena, exec_array_elem_of(v->type), NULL, 0);
}

/* array_cat, || between arrays: NULL is the empty array; two NULLs give NULL. */
static int array_cat_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_array *a, *b;
	exec_value *e;
	exec_array *r;

	if (args[0].isnull && args[1].isnull) {
		*out = exec_null(args[0].type);
		return EXEC_OK;
	}
	a = array_or_empty(cx, &args[0]);
	b = array_or_empty(cx, &args[1]);
	r = array_alloc(cx->arena, a->elemtype, a->count > 0 ? a->lbound : b->lbound,
		a->count + b->count, &e);
	memcpy(e, a->elems, a->count * sizeof(*e));
	memcpy(e + a->count, b->elems, b->count * sizeof(*e));
	*out = exec_array_value(args[0].isnull ? args[1].type : args[0].type, r);
	return EXEC_OK;
}

/* array_append, array || element: the lower bound stays. */
static int array_append_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_array *a = array_or_empty(cx, &args[0]);
	exec_value *e;
	exec_array *r = array_alloc(cx->arena, a->elemtype, a->lbound, a->count + 1, &e);

	memcpy(e, a->elems, a->count * sizeof(*e));
	e[a->count] = args[1];
	*out = exec_array_value(args[0].type, r);
	return EXEC_OK;
}

/* array_prepend, element || array: the lower bound stays, as PostgreSQL 14 on keeps it. */
static int array_prepend_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_array *a = array_or_empty(cx, &args[1]);
	exec_value *e;
	exec_array *r = array_alloc(cx->arena, a->elemtype, a->lbound, a->count + 1, &e);

	e[0] = args[0];
	memcpy(e + 1, a->elems, a->count * sizeof(*e));
	*out = exec_array_value(args[1].type, r);
	return EXEC_OK;
}

/* Dimension functions: only dimension 1 exists, and an empty array has none. */
static bool array_dim_ok(const exec_value *args)
{
	return args[0].v.arr->count > 0 && args[1].v.i == 1;
}

static int array_length_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = array_dim_ok(args) ? exec_int(EXEC_OID_INT4, args[0].v.arr->count)
				  : exec_null(EXEC_OID_INT4);
	return EXEC_OK;
}

static int array_lower_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = array_dim_ok(args) ? exec_int(EXEC_OID_INT4, args[0].v.arr->lbound)
				  : exec_null(EXEC_OID_INT4);
	return EXEC_OK;
}

static int array_upper_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_array *a = args[0].v.arr;

	*out = array_dim_ok(args) ? exec_int(EXEC_OID_INT4, (int64_t)a->lbound + a->count - 1)
				  : exec_null(EXEC_OID_INT4);
	return EXEC_OK;
}

/*
 * array_fill(value, dims [, lbounds]): value repeated dims[1] times,
 * from lbounds[1] (1 when absent).  One dimension only (0A000 for
 * more, as at input); PostgreSQL's errors for NULL or mismatched
 * bounds.
 */
static int array_fill_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_array *dims, *lbs = NULL;
	exec_array *a;
	exec_value *elems;
	int64_t n;

	if (args[1].isnull || (nargs > 2 && args[2].isnull))
		return store_err_set(
			cx->err, "22004", "dimension array or low bound array cannot be null");
	dims = args[1].v.arr;
	if (nargs > 2) {
		lbs = args[2].v.arr;
		if (lbs->count != dims->count) {
			store_err_set(cx->err, "2202E", "wrong number of array subscripts");
			store_err_detail(cx->err,
				"Low bound array has different size than dimensions array.");
			return EXEC_ERROR;
		}
	}
	if (dims->count > 1)
		return store_err_set(cx->err, "0A000", "multidimensional arrays are not supported");
	if ((dims->count > 0 && dims->elems[0].isnull) ||
		(lbs != NULL && lbs->count > 0 && lbs->elems[0].isnull))
		return store_err_set(cx->err, "22004", "dimension values cannot be null");
	n = dims->count > 0 ? dims->elems[0].v.i : 0;
	if (n < 0 || n > 134217727)
		return store_err_set(cx->err, "54000",
			"array size exceeds the maximum allowed (%d)", 134217727);
	elems = sql_arena_alloc(cx->arena, (size_t)(n > 0 ? n : 1) * sizeof(*elems));
	for (int64_t i = 0; i < n; i++)
		elems[i] = args[0];
	a = (exec_array *)exec_array_new(cx->arena, args[0].type, elems, (uint32_t)n);
	if (n > 0 && lbs != NULL && lbs->count > 0)
		a->lbound = (int32_t)lbs->elems[0].v.i;
	*out = exec_array_value(exec_array_type_of(args[0].type), a);
	return EXEC_OK;
}

static int cardinality_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_int(EXEC_OID_INT4, args[0].v.arr->count);
	return EXEC_OK;
}

static int array_ndims_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = args[0].v.arr->count > 0 ? exec_int(EXEC_OID_INT4, 1) : exec_null(EXEC_OID_INT4);
	return EXEC_OK;
}

static int array_dims_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_array *a = args[0].v.arr;
	char buf[32];
	int n;

	if (a->count == 0) {
		*out = exec_null(EXEC_OID_TEXT);
		return EXEC_OK;
	}
	n = snprintf(buf, sizeof(buf), "[%d:%lld]", a->lbound,
		(long long)a->lbound + (long long)a->count - 1);
	*out = exec_text(EXEC_OID_TEXT, sql_arena_strndup(cx->arena, buf, (size_t)n), (size_t)n);
	return EXEC_OK;
}

/* array_position(arr, elem [, start]): the first subscript holding elem (NULL finds NULL). */
static int array_position_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_array *a;
	int64_t from;

	if (args[0].isnull) {
		*out = exec_null(EXEC_OID_INT4);
		return EXEC_OK;
	}
	a = args[0].v.arr;
	from = a->lbound;
	if (nargs > 2) {
		if (args[2].isnull)
			return store_err_set(cx->err, "22004", "initial position must not be null");
		if (args[2].v.i > from)
			from = args[2].v.i;
	}
	for (int64_t i = from - a->lbound; i >= 0 && i < (int64_t)a->count; i++) {
		if (array_elem_same(&a->elems[i], &args[1])) {
			*out = exec_int(EXEC_OID_INT4, a->lbound + i);
			return EXEC_OK;
		}
	}
	*out = exec_null(EXEC_OID_INT4);
	return EXEC_OK;
}

static int array_positions_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_array *a;
	exec_value *e;
	exec_array *r;
	uint32_t n = 0;

	if (args[0].isnull) {
		*out = exec_null(EXEC_OID_INT4_ARRAY);
		return EXEC_OK;
	}
	a = args[0].v.arr;
	r = array_alloc(cx->arena, EXEC_OID_INT4, 1, a->count, &e);
	for (uint32_t i = 0; i < a->count; i++) {
		if (array_elem_same(&a->elems[i], &args[1]))
			e[n++] = exec_int(EXEC_OID_INT4, (int64_t)a->lbound + i);
	}
	r->count = n;
	r->lbound = 1;
	*out = exec_array_value(EXEC_OID_INT4_ARRAY, r);
	return EXEC_OK;
}

/* array_remove and array_replace: every element matching (NULL matches NULL). */
static int array_replace_common(exec_ctx *cx, const exec_value *args, bool remove, exec_value *out)
{
	const exec_array *a;
	exec_value *e;
	exec_array *r;
	uint32_t n = 0;

	if (args[0].isnull) {
		*out = args[0];
		return EXEC_OK;
	}
	a = args[0].v.arr;
	r = array_alloc(cx->arena, a->elemtype, a->lbound, a->count, &e);
	for (uint32_t i = 0; i < a->count; i++) {
		if (!array_elem_same(&a->elems[i], &args[1]))
			e[n++] = a->elems[i];
		else if (!remove)
			e[n++] = args[2];
	}
	r->count = n;
	if (n == 0)
		r->lbound = 1;
	*out = exec_array_value(args[0].type, r);
	return EXEC_OK;
}

static int array_remove_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return array_replace_common(cx, args, true, out);
}

static int array_replace_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return array_replace_common(cx, args, false, out);
}

/* array_to_string(arr, delim [, null_string]): NULLs skipped unless null_string is given. */
static int array_to_string_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_value *nulls = nargs > 2 && !args[2].isnull ? &args[2] : NULL;
	store_buf b = STORE_BUF_INIT;
	const exec_array *a;
	bool first = true;

	if (args[0].isnull || args[1].isnull) {
		*out = exec_null(EXEC_OID_TEXT);
		return EXEC_OK;
	}
	a = args[0].v.arr;
	for (uint32_t i = 0; i < a->count; i++) {
		const exec_value *x = &a->elems[i];

		if (x->isnull && nulls == NULL)
			continue;
		if (!first)
			store_buf_put(&b, args[1].v.s.p, args[1].v.s.len);
		first = false;
		if (x->isnull) {
			store_buf_put(&b, nulls->v.s.p, nulls->v.s.len);
		} else if (exec_value_out(cx, x, &b) != EXEC_OK) {
			store_buf_free(&b);
			return EXEC_ERROR;
		}
	}
	*out = exec_text(EXEC_OID_TEXT,
		sql_arena_strndup(cx->arena, b.data != NULL ? (char *)b.data : "", b.len), b.len);
	store_buf_free(&b);
	return EXEC_OK;
}

/*
 * string_to_array(text, delim [, null_string]): a NULL delimiter splits
 * into characters, an empty one gives the whole string; an empty input
 * gives the empty array.
 */
static int string_to_array_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_value *nulls = nargs > 2 && !args[2].isnull ? &args[2] : NULL;
	const char *s, *d;
	size_t len, dlen, cap, n = 0, start = 0;
	exec_value *e;
	exec_array *r;

	if (args[0].isnull) {
		*out = exec_null(EXEC_OID_TEXT_ARRAY);
		return EXEC_OK;
	}
	s = args[0].v.s.p;
	len = args[0].v.s.len;
	d = args[1].isnull ? NULL : args[1].v.s.p;
	dlen = args[1].isnull ? 0 : args[1].v.s.len;
	cap = len + 1;
	r = array_alloc(cx->arena, EXEC_OID_TEXT, 1, (uint32_t)cap, &e);

	for (size_t i = 0; len > 0 && i <= len;) {
		size_t end, skip;

		if (d == NULL) {
			/* One character (a UTF-8 sequence) per element. */
			if (i == len)
				break;
			end = i + 1;
			while (end < len && ((unsigned char)s[end] & 0xc0) == 0x80)
				end++;
			skip = 0;
		} else if (dlen == 0) {
			end = len;
			skip = 1;
		} else {
			const char *hit = memmem(s + i, len - i, d, dlen);

			end = hit != NULL ? (size_t)(hit - s) : len;
			skip = hit != NULL ? dlen : 1;
		}
		start = i;
		if (nulls != NULL && end - start == nulls->v.s.len &&
			memcmp(s + start, nulls->v.s.p, end - start) == 0)
			e[n++] = exec_null(EXEC_OID_TEXT);
		else
			e[n++] = exec_text(EXEC_OID_TEXT, s + start, end - start);
		i = end + skip;
		if (d != NULL && dlen > 0 && skip == dlen && i == len) {
			/* A trailing delimiter ends with an empty element. */
			e[n++] = exec_text(EXEC_OID_TEXT, s + len, 0);
			break;
		}
	}
	r->count = (uint32_t)n;
	*out = exec_array_value(EXEC_OID_TEXT_ARRAY, r);
	return EXEC_OK;
}

int exec_array_cast(exec_ctx *cx, const exec_value *in, exec_oid to, int32_t typmod,
	exec_cast_context cc, exec_value *out)
{
	exec_oid elem = exec_array_elem_of(to);
	const exec_array *a;
	exec_value *e;
	exec_array *r;

	if (elem == 0)
		return store_err_set(
			cx->err, "42846", "cannot cast to a type that is not an array");
	if (in->isnull) {
		*out = exec_null(to);
		return EXEC_OK;
	}
	a = in->v.arr;
	r = array_alloc(cx->arena, elem, a->lbound, a->count, &e);
	for (uint32_t i = 0; i < a->count; i++) {
		if (exec_cast_value(cx, &a->elems[i], elem, typmod, cc, &e[i]) != EXEC_OK)
			return EXEC_ERROR;
	}
	*out = exec_array_value(to, r);
	return EXEC_OK;
}

int exec_array_any_all(exec_ctx *cx, exec_fn fn, bool strict, const exec_value *scalar,
	const exec_value *array, bool all, exec_value *out)
{
	const exec_array *a;
	bool saw_null = false;

	if (array->isnull) {
		*out = exec_null(EXEC_OID_BOOL);
		return EXEC_OK;
	}
	a = array->v.arr;
	for (uint32_t i = 0; i < a->count; i++) {
		exec_value args[2] = {*scalar, a->elems[i]}, r;

		if (strict && (scalar->isnull || a->elems[i].isnull)) {
			saw_null = true;
			continue;
		}
		if (fn(cx, args, 2, &r) != EXEC_OK)
			return EXEC_ERROR;
		if (r.isnull) {
			saw_null = true;
		} else if (r.v.b != all) {
			/* ANY found a true, ALL a false: decided. */
			*out = exec_bool(!all);
			return EXEC_OK;
		}
	}
	*out = saw_null ? exec_null(EXEC_OID_BOOL) : exec_bool(all);
	return EXEC_OK;
}

/* ---- array_agg ---------------------------------------------------------- */

/*
 * The state is a private struct (type "internal", v.s.p) in the arena
 * the executor gives step, which must live until final; elements keep
 * NULLs.  Elements are copied there: their row's memory is reused for
 * the next row.
 */
struct array_agg_state {
	exec_value *elems;
	uint32_t n, cap;
	exec_oid elemtype;
};

static int array_agg_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	struct array_agg_state *s;

	if (state->isnull) {
		s = sql_arena_zalloc(cx->arena, sizeof(*s));
		s->elemtype = args[0].type;
		state->type = ARRAY_OID_INTERNAL;
		state->isnull = false;
		state->v.s.p = (const char *)s;
		state->v.s.len = 0;
	}
	s = (struct array_agg_state *)state->v.s.p;
	if (s->n == s->cap) {
		uint32_t cap = s->cap == 0 ? 16 : s->cap * 2;
		exec_value *e = sql_arena_alloc(cx->arena, cap * sizeof(*e));

		if (s->n > 0)
			memcpy(e, s->elems, s->n * sizeof(*e));
		s->elems = e;
		s->cap = cap;
	}
	s->elems[s->n++] = exec_value_copy(cx->arena, &args[0]);
	return EXEC_OK;
}

static int array_agg_final(exec_ctx *cx, const exec_value *state, exec_value *out)
{
	const struct array_agg_state *s;

	if (state->isnull) {
		*out = exec_null(EXEC_OID_ANYARRAY);
		return EXEC_OK;
	}
	s = (const struct array_agg_state *)state->v.s.p;
	*out = exec_array_value(exec_array_type_of(s->elemtype),
		exec_array_new(cx->arena, s->elemtype, s->elems, s->n));
	return EXEC_OK;
}

/* ---- unnest ------------------------------------------------------------ */

static int unnest_srf(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	const exec_array *a = args[0].v.arr;

	for (uint32_t i = 0; i < a->count; i++) {
		if (emit(arg, &a->elems[i], 1) != EXEC_OK)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}

/* generate_subscripts(array, dim [, reverse]): the subscripts of dimension dim, in order. */
static int subscripts_srf(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	const exec_array *a = args[0].v.arr;
	bool reverse = nargs > 2 && args[2].v.b;

	(void)cx;
	if (args[1].v.i != 1)
		return EXEC_OK;
	for (uint32_t i = 0; i < a->count; i++) {
		exec_value v = exec_int(
			EXEC_OID_INT4, a->lbound + (int64_t)(reverse ? a->count - 1 - i : i));

		if (emit(arg, &v, 1) != EXEC_OK)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}

const exec_srf exec_array_srfs[] = {
	{"unnest", 1, {EXEC_OID_ANYARRAY}, 1, {"unnest"}, {EXEC_OID_ANYELEMENT}, true, unnest_srf,
		2331},
	{"generate_subscripts", 2, {EXEC_OID_ANYARRAY, EXEC_OID_INT4}, 1, {"generate_subscripts"},
		{EXEC_OID_INT4}, true, subscripts_srf, 1191},
	{"generate_subscripts", 3, {EXEC_OID_ANYARRAY, EXEC_OID_INT4, EXEC_OID_BOOL}, 1,
		{"generate_subscripts"}, {EXEC_OID_INT4}, true, subscripts_srf, 1192},
};
const size_t exec_array_nsrfs = NELEM(exec_array_srfs);

/* ---- The module -------------------------------------------------------- */

#define AA  EXEC_OID_ANYARRAY
#define AE  EXEC_OID_ANYELEMENT
#define ANA EXEC_OID_ANYNONARRAY
#define CA  EXEC_OID_ANYCOMPATIBLEARRAY
#define CE  EXEC_OID_ANYCOMPATIBLE
#define B   EXEC_OID_BOOL
#define I4  EXEC_OID_INT4
#define T   EXEC_OID_TEXT

static const exec_oper array_opers[] = {
	{"=", AA, AA, B, array_eq_fn, 1070, "<>", true},
	{"<>", AA, AA, B, array_ne_fn, 1071, "=", false},
	{"<", AA, AA, B, array_lt_fn, 1072, ">=", false},
	{">", AA, AA, B, array_gt_fn, 1073, "<=", false},
	{"<=", AA, AA, B, array_le_fn, 1074, ">", false},
	{">=", AA, AA, B, array_ge_fn, 1075, "<", false},
	{"&&", AA, AA, B, array_overlap_fn, 2750, NULL, false},
	{"@>", AA, AA, B, array_contains_fn, 2751, NULL, false},
	{"<@", AA, AA, B, array_contained_fn, 2752, NULL, false},
	{"||", CA, CE, CA, array_append_fn, 349, NULL, false},
	{"||", CE, CA, CA, array_prepend_fn, 374, NULL, false},
	{"||", CA, CA, CA, array_cat_fn, 375, NULL, false},
};

static const exec_func array_funcs[] = {
	{"array_length", I4, 2, {AA, I4}, false, true, 'i', array_length_fn, 2176},
	{"array_lower", I4, 2, {AA, I4}, false, true, 'i', array_lower_fn, 2091},
	{"array_upper", I4, 2, {AA, I4}, false, true, 'i', array_upper_fn, 2092},
	{"array_ndims", I4, 1, {AA}, false, true, 'i', array_ndims_fn, 748},
	{"array_dims", T, 1, {AA}, false, true, 'i', array_dims_fn, 747},
	{"cardinality", I4, 1, {AA}, false, true, 'i', cardinality_fn, 3179},
	{"array_append", CA, 2, {CA, CE}, false, false, 'i', array_append_fn, 378},
	{"array_prepend", CA, 2, {CE, CA}, false, false, 'i', array_prepend_fn, 379},
	{"array_cat", CA, 2, {CA, CA}, false, false, 'i', array_cat_fn, 383},
	{"array_position", I4, 2, {CA, CE}, false, false, 'i', array_position_fn, 3277},
	{"array_position", I4, 3, {CA, CE, I4}, false, false, 'i', array_position_fn, 3278},
	{"array_positions", EXEC_OID_INT4_ARRAY, 2, {CA, CE}, false, false, 'i', array_positions_fn,
		3279},
	{"array_remove", CA, 2, {CA, CE}, false, false, 'i', array_remove_fn, 3167},
	{"array_replace", CA, 3, {CA, CE, CE}, false, false, 'i', array_replace_fn, 3168},
	{"array_to_string", T, 2, {AA, T}, false, true, 's', array_to_string_fn, 395},
	{"array_to_string", T, 3, {AA, T, T}, false, false, 's', array_to_string_fn, 384},
	{"string_to_array", EXEC_OID_TEXT_ARRAY, 2, {T, T}, false, false, 'i', string_to_array_fn,
		394},
	{"string_to_array", EXEC_OID_TEXT_ARRAY, 3, {T, T, T}, false, false, 'i',
		string_to_array_fn, 376},
	{"btarraycmp", I4, 2, {AA, AA}, false, true, 'i', btarraycmp_fn, 382},
	{"array_fill", AA, 2, {AE, EXEC_OID_INT4_ARRAY}, false, false, 'i', array_fill_fn, 1193},
	{"array_fill", AA, 3, {AE, EXEC_OID_INT4_ARRAY, EXEC_OID_INT4_ARRAY}, false, false, 'i',
		array_fill_fn, 1286},
};

static const exec_agg array_aggs[] = {
	{"array_agg", AA, 1, {ANA}, ARRAY_OID_INTERNAL, false, NULL, array_agg_step,
		array_agg_final, 2335},
};

const exec_module exec_mod_array = {"array", array_types, NELEM(array_types), NULL, 0, array_opers,
	NELEM(array_opers), array_funcs, NELEM(array_funcs), array_aggs, NELEM(array_aggs)};
