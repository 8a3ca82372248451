/*
 * binfmt.c - the types' binary formats (PostgreSQL's typsend and
 * typreceive functions): exec_type_has_binary and exec_value_send
 * (portal.h) for the front end's binary result columns, and
 * exec_value_recv (binfmt.h) for binary parameters.  binfmt.h describes
 * the formats.
 *
 * One table says which format each scalar type has; arrays of those
 * types and records are laid out around their elements' and fields'
 * formats.  The values' internal forms are the wire's (value.h), so
 * each format is a copy in network byte order; receiving checks what
 * PostgreSQL's receive functions check, with their SQLSTATEs and
 * messages, and applies a typmod through the type's own coercion.
 *
 * Text goes out and comes in as UTF-8 as it is: PostgreSQL converts it
 * to and from client_encoding, which accepts UTF8 only here (guc.c), so
 * exec_value_send has no use for its session yet.
 *
 * Not here: the text formats (each type's in and out), and choosing a
 * format per column (the front end, with exec_portal_format).
 */
#include "binfmt.h"

#include <assert.h>
#include <string.h>

#include "array.h"
#include "copyio.h"
#include "datetime.h"
#include "json.h"
#include "numeric.h"
#include "portal.h"
#include "record.h"

/* The binary formats, one per family of types that share a layout. */
typedef enum bin_kind {
	BIN_NONE,
	BIN_BOOL,
	BIN_CHAR, /* "char": one byte */
	BIN_INT2,
	BIN_INT4,
	BIN_INT8,
	BIN_OID, /* oid, regclass, regtype, regproc: unsigned 32 bits */
	BIN_FLOAT4,
	BIN_FLOAT8,
	BIN_BYTES, /* bytea: any bytes */
	BIN_TEXT,  /* text, varchar, bpchar, unknown: UTF-8 */
	BIN_NAME,  /* UTF-8, under 64 bytes */
	BIN_JSON,  /* its text, checked as json input checks it */
	BIN_JSONB, /* a version byte, then its text */
	BIN_DATE,
	BIN_TIME,
	BIN_TIMETZ,
	BIN_TIMESTAMP, /* timestamp and timestamptz */
	BIN_INTERVAL,
	BIN_NUMERIC,
	BIN_UUID,
	BIN_RECORD, /* sent only: anonymous records have no input */
	BIN_VOID,   /* no bytes */
} bin_kind;

static const struct {
	exec_oid type;
	bin_kind kind;
} bin_formats[] = {
	{EXEC_OID_BOOL, BIN_BOOL},
	{EXEC_OID_BYTEA, BIN_BYTES},
	{EXEC_OID_CHAR, BIN_CHAR},
	{EXEC_OID_NAME, BIN_NAME},
	{EXEC_OID_INT8, BIN_INT8},
	{EXEC_OID_INT2, BIN_INT2},
	{EXEC_OID_INT4, BIN_INT4},
	{EXEC_OID_REGPROC, BIN_OID},
	{EXEC_OID_TEXT, BIN_TEXT},
	{EXEC_OID_OID, BIN_OID},
	{EXEC_OID_JSON, BIN_JSON},
	{EXEC_OID_FLOAT4, BIN_FLOAT4},
	{EXEC_OID_FLOAT8, BIN_FLOAT8},
	{EXEC_OID_UNKNOWN, BIN_TEXT},
	{EXEC_OID_BPCHAR, BIN_TEXT},
	{EXEC_OID_VARCHAR, BIN_TEXT},
	{EXEC_OID_DATE, BIN_DATE},
	{EXEC_OID_TIME, BIN_TIME},
	{EXEC_OID_TIMESTAMP, BIN_TIMESTAMP},
	{EXEC_OID_TIMESTAMPTZ, BIN_TIMESTAMP},
	{EXEC_OID_INTERVAL, BIN_INTERVAL},
	{EXEC_OID_TIMETZ, BIN_TIMETZ},
	{EXEC_OID_NUMERIC, BIN_NUMERIC},
	{EXEC_OID_REGCLASS, BIN_OID},
	{EXEC_OID_REGTYPE, BIN_OID},
	{EXEC_OID_UUID, BIN_UUID},
	{EXEC_OID_JSONB, BIN_JSONB},
	{EXEC_OID_RECORD, BIN_RECORD},
	{EXEC_OID_VOID, BIN_VOID},
};

/* PostgreSQL's limit on a time zone displacement: under 16 hours either way. */
#define BIN_TZDISP_LIMIT (16 * 3600)

/* The display scale PostgreSQL sends with numeric's infinities. */
#define BIN_NUMERIC_INF_DSCALE 32

/* The jsonb format's version, the only one there is. */
#define BIN_JSONB_VERSION 1

static bin_kind kind_of(exec_oid type)
{
	for (size_t i = 0; i < sizeof(bin_formats) / sizeof(bin_formats[0]); i++)
		if (bin_formats[i].type == type)
			return bin_formats[i].kind;
	return BIN_NONE;
}

bool exec_type_has_binary(exec_oid type)
{
	exec_oid elem = exec_array_elem_of(type);

	return kind_of(elem != 0 ? elem : type) != BIN_NONE;
}

static int no_binary(exec_oid type, bool sending, store_err *err)
{
	const exec_type *t = exec_type_by_oid(type);

	return store_err_set(err, "42883", "no binary %s function available for type %s",
		sending ? "output" : "input", t != NULL ? t->sql_name : "???");
}

/* ---- Sending ---- */

static void put16(store_buf *b, uint16_t v)
{
	unsigned char p[2] = {(unsigned char)(v >> 8), (unsigned char)v};

	store_buf_put(b, p, 2);
}

static void put32(store_buf *b, uint32_t v)
{
	unsigned char p[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
		(unsigned char)(v >> 8), (unsigned char)v};

	store_buf_put(b, p, 4);
}

static void put64(store_buf *b, uint64_t v)
{
	put32(b, (uint32_t)(v >> 32));
	put32(b, (uint32_t)v);
}

/* Room for a length word at its place in b, filled by end_len. */
static size_t begin_len(store_buf *b)
{
	put32(b, 0);
	return b->len;
}

static void end_len(store_buf *b, size_t at)
{
	uint32_t n = (uint32_t)(b->len - at);
	unsigned char *p = (unsigned char *)b->data + at - 4;

	p[0] = (unsigned char)(n >> 24);
	p[1] = (unsigned char)(n >> 16);
	p[2] = (unsigned char)(n >> 8);
	p[3] = (unsigned char)n;
}

static int send_value(exec_oid type, const exec_value *v, store_buf *out, store_err *err);

/* A datum of a container (array element, record field): its length word, -1 for NULL, then it. */
static int send_item(exec_oid type, const exec_value *v, store_buf *out, store_err *err)
{
	size_t at;

	if (v->isnull) {
		put32(out, UINT32_MAX);
		return EXEC_OK;
	}
	at = begin_len(out);
	if (send_value(type, v, out, err) != EXEC_OK)
		return EXEC_ERROR;
	end_len(out, at);
	return EXEC_OK;
}

/* array_send: a one-dimensional array has one (length, lower bound) pair; an empty one none. */
static int send_array(const exec_array *arr, store_buf *out, store_err *err)
{
	bool nulls = false;

	for (uint32_t i = 0; i < arr->count; i++)
		nulls |= arr->elems[i].isnull;
	put32(out, arr->count > 0 ? 1 : 0);
	put32(out, nulls ? 1 : 0);
	put32(out, arr->elemtype);
	if (arr->count > 0) {
		put32(out, arr->count);
		put32(out, (uint32_t)arr->lbound);
	}
	for (uint32_t i = 0; i < arr->count; i++)
		if (send_item(arr->elemtype, &arr->elems[i], out, err) != EXEC_OK)
			return EXEC_ERROR;
	return EXEC_OK;
}

/* record_send: the field count, then each field's type and datum. */
static int send_record(const exec_record *rec, store_buf *out, store_err *err)
{
	put32(out, (uint32_t)rec->ncols);
	for (int i = 0; i < rec->ncols; i++) {
		const exec_value *f = &rec->vals[i];

		put32(out, f->type);
		if (send_item(f->type, f, out, err) != EXEC_OK)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}

static int send_value(exec_oid type, const exec_value *v, store_buf *out, store_err *err)
{
	union {
		float f;
		uint32_t u;
	} f4;
	union {
		double d;
		uint64_t u;
	} f8;
	const exec_numeric *n;

	if (exec_array_elem_of(type) != 0) {
		if (!exec_type_has_binary(type))
			return no_binary(type, true, err);
		return send_array(v->v.arr, out, err);
	}
	switch (kind_of(type)) {
	case BIN_NONE:
		return no_binary(type, true, err);
	case BIN_BOOL:
		store_buf_putc(out, v->v.b ? 1 : 0);
		break;
	case BIN_CHAR:
		store_buf_putc(out, (int)(uint8_t)v->v.i);
		break;
	case BIN_INT2:
		put16(out, (uint16_t)v->v.i);
		break;
	case BIN_INT4:
	case BIN_OID:
	case BIN_DATE:
		put32(out, (uint32_t)v->v.i);
		break;
	case BIN_INT8:
	case BIN_TIME:
	case BIN_TIMESTAMP:
		put64(out, (uint64_t)v->v.i);
		break;
	case BIN_FLOAT4:
		f4.f = (float)v->v.f;
		put32(out, f4.u);
		break;
	case BIN_FLOAT8:
		f8.d = v->v.f;
		put64(out, f8.u);
		break;
	case BIN_BYTES:
	case BIN_TEXT:
	case BIN_NAME:
	case BIN_JSON:
		store_buf_put(out, v->v.s.p, v->v.s.len);
		break;
	case BIN_JSONB:
		store_buf_putc(out, BIN_JSONB_VERSION);
		exec_jsonb_write(out, v->v.jb, EXEC_JSON_TEXT);
		break;
	case BIN_TIMETZ:
		put64(out, (uint64_t)v->v.timetz.usecs);
		put32(out, (uint32_t)v->v.timetz.zone);
		break;
	case BIN_INTERVAL:
		put64(out, (uint64_t)v->v.iv.usecs);
		put32(out, (uint32_t)v->v.iv.days);
		put32(out, (uint32_t)v->v.iv.months);
		break;
	case BIN_NUMERIC:
		n = v->v.num;
		put16(out, n->ndigits);
		put16(out, (uint16_t)n->weight);
		put16(out, n->sign);
		/*
		 * PostgreSQL sends the infinities with the display scale its
		 * header bits happen to give them, 32; NaN with 0.
		 */
		put16(out, n->sign == EXEC_NUMERIC_PINF || n->sign == EXEC_NUMERIC_NINF
				   ? BIN_NUMERIC_INF_DSCALE
				   : n->dscale);
		for (int i = 0; i < n->ndigits; i++)
			put16(out, (uint16_t)n->digits[i]);
		break;
	case BIN_UUID:
		store_buf_put(out, v->v.uuid, sizeof(v->v.uuid));
		break;
	case BIN_RECORD:
		return send_record(v->v.rec, out, err);
	case BIN_VOID:
		break;
	}
	return EXEC_OK;
}

int exec_value_send(
	exec_session *ss, exec_oid type, const exec_value *v, store_buf *out, store_err *err)
{
	(void)ss;
	assert(!v->isnull);
	return send_value(type, v, out, err);
}

/* ---- Receiving ---- */

/* What is left of the message being read, and where its values go. */
typedef struct bin_rd {
	const unsigned char *p;
	size_t left;
	exec_ctx *cx; /* the arena and the error */
} bin_rd;

static int short_data(bin_rd *r)
{
	return store_err_set(r->cx->err, "08P01", "insufficient data left in message");
}

static int get_bytes(bin_rd *r, size_t n, const unsigned char **out)
{
	if (r->left < n)
		return short_data(r);
	*out = r->p;
	r->p += n;
	r->left -= n;
	return EXEC_OK;
}

/* An unsigned big-endian integer of n bytes (1, 2, 4 or 8). */
static int get_uint(bin_rd *r, size_t n, uint64_t *out)
{
	const unsigned char *p = NULL;

	/* PostgreSQL words a missing single byte its own way. */
	if (n == 1 && r->left == 0)
		return store_err_set(r->cx->err, "08P01", "no data left in message");
	if (get_bytes(r, n, &p) != EXEC_OK)
		return EXEC_ERROR;
	*out = 0;
	for (size_t i = 0; i < n; i++)
		*out = *out << 8 | p[i];
	return EXEC_OK;
}

static int get_i16(bin_rd *r, int16_t *out)
{
	uint64_t u;

	if (get_uint(r, 2, &u) != EXEC_OK)
		return EXEC_ERROR;
	*out = (int16_t)(uint16_t)u;
	return EXEC_OK;
}

static int get_i32(bin_rd *r, int32_t *out)
{
	uint64_t u;

	if (get_uint(r, 4, &u) != EXEC_OK)
		return EXEC_ERROR;
	*out = (int32_t)(uint32_t)u;
	return EXEC_OK;
}

static int get_i64(bin_rd *r, int64_t *out)
{
	uint64_t u;

	if (get_uint(r, 8, &u) != EXEC_OK)
		return EXEC_ERROR;
	*out = (int64_t)u;
	return EXEC_OK;
}

static int bad_format(bin_rd *r, const char *what)
{
	return store_err_set(r->cx->err, "22P03", "%s", what);
}

/* The rest of the data as text of the type: UTF-8 (22021), copied into the arena. */
static int get_text(bin_rd *r, exec_oid type, exec_value *out)
{
	const unsigned char *p = NULL;
	size_t n = r->left;

	if (get_bytes(r, n, &p) != EXEC_OK ||
		exec_utf8_verify((const char *)p, n, r->cx->err) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_text(type, sql_arena_strndup(r->cx->arena, (const char *)p, n), n);
	return EXEC_OK;
}

/* numeric_recv: the fields checked, digits past dscale truncated away, zeros stripped. */
static int recv_numeric(bin_rd *r, exec_value *out)
{
	uint64_t ndigits, sign, dscale;
	int16_t weight, *digits;
	const exec_numeric *n;

	if (get_uint(r, 2, &ndigits) != EXEC_OK || get_i16(r, &weight) != EXEC_OK ||
		get_uint(r, 2, &sign) != EXEC_OK)
		return EXEC_ERROR;
	if (sign != EXEC_NUMERIC_POS && sign != EXEC_NUMERIC_NEG && sign != EXEC_NUMERIC_NAN &&
		sign != EXEC_NUMERIC_PINF && sign != EXEC_NUMERIC_NINF)
		return bad_format(r, "invalid sign in external \"numeric\" value");
	if (get_uint(r, 2, &dscale) != EXEC_OK)
		return EXEC_ERROR;
	if (dscale > 0x3FFF)
		return bad_format(r, "invalid scale in external \"numeric\" value");
	digits = sql_arena_alloc(r->cx->arena, sizeof(int16_t) * (size_t)(ndigits + 1));
	for (size_t i = 0; i < ndigits; i++) {
		if (get_i16(r, &digits[i]) != EXEC_OK)
			return EXEC_ERROR;
		if (digits[i] < 0 || digits[i] >= EXEC_NUMERIC_NBASE)
			return bad_format(r, "invalid digit in external \"numeric\" value");
	}
	if (exec_numeric_from_digits(r->cx->arena, (uint16_t)sign, weight, (uint16_t)dscale, digits,
		    (int)ndigits, &n, r->cx->err) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_numeric_value(n);
	return EXEC_OK;
}

static int range_error(bin_rd *r, const char *what)
{
	return store_err_set(r->cx->err, "22008", "%s out of range", what);
}

static int recv_value(bin_rd *r, exec_oid type, int32_t typmod, exec_value *out);

/*
 * An array element: its length word (-1: NULL) and exactly that many
 * bytes read as type (the nth element, counting from 1).
 */
static int recv_elem(bin_rd *r, exec_oid type, int32_t typmod, int nth, exec_value *out)
{
	int32_t len;
	bin_rd sub;

	if (get_i32(r, &len) != EXEC_OK)
		return EXEC_ERROR;
	if (len == -1) {
		*out = exec_null(type);
		return EXEC_OK;
	}
	if (len < -1 || (size_t)len > r->left)
		return bad_format(r, "insufficient data left in message");
	sub = *r;
	sub.left = (size_t)len;
	r->p += len;
	r->left -= (size_t)len;
	if (recv_value(&sub, type, typmod, out) != EXEC_OK)
		return EXEC_ERROR;
	if (sub.left > 0)
		return store_err_set(
			r->cx->err, "22P03", "improper binary format in array element %d", nth);
	return EXEC_OK;
}

/* PostgreSQL's limits on arrays: dimensions, and elements (MaxArraySize). */
#define BIN_MAXDIM       6
#define BIN_MAXARRAYSIZE 134217727

/* array_recv for a one-dimensional array of elemtype, its checks in its order. */
static int recv_array(bin_rd *r, exec_oid elemtype, int32_t typmod, exec_value *out)
{
	int32_t ndim, flags, elem, count = 0, lbound = 1;
	exec_value *elems;
	exec_array *arr;

	if (get_i32(r, &ndim) != EXEC_OK)
		return EXEC_ERROR;
	if (ndim < 0)
		return store_err_set(
			r->cx->err, "22P03", "invalid number of dimensions: %d", (int)ndim);
	if (ndim > BIN_MAXDIM)
		return store_err_set(r->cx->err, "54000",
			"number of array dimensions (%d) exceeds the maximum allowed (%d)",
			(int)ndim, BIN_MAXDIM);
	if (ndim > 1)
		return store_err_set(
			r->cx->err, "0A000", "multidimensional arrays are not supported");
	if (get_i32(r, &flags) != EXEC_OK)
		return EXEC_ERROR;
	if (flags != 0 && flags != 1)
		return bad_format(r, "invalid array flags");
	if (get_i32(r, &elem) != EXEC_OK)
		return EXEC_ERROR;
	if ((exec_oid)elem != elemtype) {
		const exec_type *got = exec_type_by_oid((exec_oid)elem);

		return store_err_set(r->cx->err, "42804",
			"binary data has array element type %u (%s) instead of expected %u (%s)",
			(unsigned)(exec_oid)elem, got != NULL ? got->sql_name : "???",
			(unsigned)elemtype, exec_type_by_oid(elemtype)->sql_name);
	}
	if (ndim == 1 && (get_i32(r, &count) != EXEC_OK || get_i32(r, &lbound) != EXEC_OK))
		return EXEC_ERROR;
	if (count < 0 || count > BIN_MAXARRAYSIZE)
		return store_err_set(r->cx->err, "54000",
			"array size exceeds the maximum allowed (%d)", BIN_MAXARRAYSIZE);
	if ((int64_t)lbound + count > INT32_MAX)
		return store_err_set(
			r->cx->err, "54000", "array lower bound is too large: %d", (int)lbound);

	/* Each element has a length word at least: a count past the data is short data. */
	if ((size_t)count > r->left / 4)
		return short_data(r);
	elems = sql_arena_alloc(r->cx->arena, sizeof(*elems) * (size_t)(count > 0 ? count : 1));
	for (int32_t i = 0; i < count; i++)
		if (recv_elem(r, elemtype, typmod, i + 1, &elems[i]) != EXEC_OK)
			return EXEC_ERROR;
	arr = sql_arena_alloc(r->cx->arena, sizeof(*arr));
	arr->elemtype = elemtype;
	arr->lbound = count > 0 ? lbound : 1;
	arr->count = (uint32_t)count;
	arr->elems = elems;
	*out = exec_array_value(exec_array_type_of(elemtype), arr);
	return EXEC_OK;
}

/* The type's typmod coercion, as an assignment applies it. */
static int apply_typmod(exec_ctx *cx, exec_oid type, int32_t typmod, exec_value *v)
{
	const exec_type *t = exec_type_by_oid(type);

	if (typmod == EXEC_TYPMOD_NONE || t == NULL || t->coerce_typmod == NULL)
		return EXEC_OK;
	return t->coerce_typmod(cx, v, typmod, false, v);
}

static int recv_value(bin_rd *r, exec_oid type, int32_t typmod, exec_value *out)
{
	exec_oid elem = exec_array_elem_of(type);
	const unsigned char *p = NULL;
	uint64_t u;
	int64_t i64;
	int32_t i32;
	union {
		uint32_t u;
		float f;
	} f4;
	union {
		uint64_t u;
		double d;
	} f8;

	if (elem != 0) {
		if (kind_of(elem) == BIN_NONE || kind_of(elem) == BIN_RECORD)
			return no_binary(type, false, r->cx->err);
		return recv_array(r, elem, typmod, out);
	}
	switch (kind_of(type)) {
	case BIN_NONE:
		return no_binary(type, false, r->cx->err);
	case BIN_RECORD:
		return store_err_set(r->cx->err, "0A000",
			"input of anonymous composite types is not implemented");
	case BIN_BOOL:
		if (get_uint(r, 1, &u) != EXEC_OK)
			return EXEC_ERROR;
		*out = exec_bool(u != 0);
		return EXEC_OK;
	case BIN_CHAR:
		if (get_uint(r, 1, &u) != EXEC_OK)
			return EXEC_ERROR;
		*out = exec_int(type, (int64_t)u);
		return EXEC_OK;
	case BIN_INT2:
		if (get_uint(r, 2, &u) != EXEC_OK)
			return EXEC_ERROR;
		*out = exec_int(type, (int16_t)(uint16_t)u);
		return EXEC_OK;
	case BIN_INT4:
		if (get_i32(r, &i32) != EXEC_OK)
			return EXEC_ERROR;
		*out = exec_int(type, i32);
		return EXEC_OK;
	case BIN_OID:
		if (get_uint(r, 4, &u) != EXEC_OK)
			return EXEC_ERROR;
		*out = exec_int(type, (int64_t)u);
		return EXEC_OK;
	case BIN_INT8:
		if (get_i64(r, &i64) != EXEC_OK)
			return EXEC_ERROR;
		*out = exec_int(type, i64);
		return EXEC_OK;
	case BIN_FLOAT4:
		if (get_uint(r, 4, &u) != EXEC_OK)
			return EXEC_ERROR;
		f4.u = (uint32_t)u;
		out->type = type;
		out->isnull = false;
		out->v.f = f4.f;
		return EXEC_OK;
	case BIN_FLOAT8:
		if (get_uint(r, 8, &f8.u) != EXEC_OK)
			return EXEC_ERROR;
		out->type = type;
		out->isnull = false;
		out->v.f = f8.d;
		return EXEC_OK;
	case BIN_BYTES:
		i64 = (int64_t)r->left;
		if (get_bytes(r, r->left, &p) != EXEC_OK)
			return EXEC_ERROR;
		*out = exec_text(type,
			sql_arena_strndup(r->cx->arena, (const char *)p, (size_t)i64), (size_t)i64);
		return EXEC_OK;
	case BIN_TEXT:
		if (get_text(r, type, out) != EXEC_OK)
			return EXEC_ERROR;
		return apply_typmod(r->cx, type, typmod, out);
	case BIN_NAME:
		if (r->left >= 64) {
			store_err_set(r->cx->err, "42622", "identifier too long");
			store_err_detail(r->cx->err, "Identifier must be less than 64 characters.");
			return EXEC_ERROR;
		}
		return get_text(r, type, out);
	case BIN_JSON:
	case BIN_JSONB:
		if (kind_of(type) == BIN_JSONB) {
			if (get_uint(r, 1, &u) != EXEC_OK)
				return EXEC_ERROR;
			if (u != BIN_JSONB_VERSION)
				return store_err_set(r->cx->err, "XX000",
					"unsupported jsonb version number %d", (int)u);
		}
		/* The text is copied first: a jsonb tree may point into what it parsed. */
		if (get_text(r, type, out) != EXEC_OK)
			return EXEC_ERROR;
		return exec_value_in(r->cx, type, EXEC_TYPMOD_NONE, out->v.s.p, out->v.s.len, out);
	case BIN_DATE:
		if (get_i32(r, &i32) != EXEC_OK)
			return EXEC_ERROR;
		if (!exec_date_valid(i32))
			return range_error(r, "date");
		*out = exec_int(type, i32);
		return EXEC_OK;
	case BIN_TIME:
		if (get_i64(r, &i64) != EXEC_OK)
			return EXEC_ERROR;
		if (i64 < 0 || i64 > EXEC_USECS_PER_DAY)
			return range_error(r, "time");
		*out = exec_int(type, i64);
		return apply_typmod(r->cx, type, typmod, out);
	case BIN_TIMETZ:
		if (get_i64(r, &i64) != EXEC_OK)
			return EXEC_ERROR;
		if (i64 < 0 || i64 > EXEC_USECS_PER_DAY)
			return range_error(r, "time");
		if (get_i32(r, &i32) != EXEC_OK)
			return EXEC_ERROR;
		if (i32 <= -BIN_TZDISP_LIMIT || i32 >= BIN_TZDISP_LIMIT)
			return store_err_set(
				r->cx->err, "22009", "time zone displacement out of range");
		out->type = type;
		out->isnull = false;
		out->v.timetz.usecs = i64;
		out->v.timetz.zone = i32;
		return apply_typmod(r->cx, type, typmod, out);
	case BIN_TIMESTAMP:
		if (get_i64(r, &i64) != EXEC_OK)
			return EXEC_ERROR;
		if (!exec_timestamp_valid(i64))
			return range_error(r, "timestamp");
		*out = exec_int(type, i64);
		return apply_typmod(r->cx, type, typmod, out);
	case BIN_INTERVAL:
		out->type = type;
		out->isnull = false;
		if (get_i64(r, &out->v.iv.usecs) != EXEC_OK ||
			get_i32(r, &out->v.iv.days) != EXEC_OK ||
			get_i32(r, &out->v.iv.months) != EXEC_OK)
			return EXEC_ERROR;
		return apply_typmod(r->cx, type, typmod, out);
	case BIN_NUMERIC:
		if (recv_numeric(r, out) != EXEC_OK)
			return EXEC_ERROR;
		return apply_typmod(r->cx, type, typmod, out);
	case BIN_VOID:
		*out = exec_int(type, 0);
		return EXEC_OK;
	case BIN_UUID:
		if (get_bytes(r, 16, &p) != EXEC_OK)
			return EXEC_ERROR;
		out->type = type;
		out->isnull = false;
		memcpy(out->v.uuid, p, 16);
		return EXEC_OK;
	}
	return EXEC_OK;
}

int exec_value_recv(exec_oid type, int32_t typmod, const char *data, size_t len, int param,
	sql_arena *a, exec_value *out, store_err *err)
{
	exec_ctx cx;
	bin_rd r;

	/* The input functions used (json, jsonb) and the typmod coercions need no settings. */
	memset(&cx, 0, sizeof(cx));
	cx.arena = a;
	cx.err = err;
	cx.timezone = "UTC";
	cx.extra_float_digits = 1;
	r.p = (const unsigned char *)data;
	r.left = len;
	r.cx = &cx;
	if (recv_value(&r, type, typmod, out) != EXEC_OK)
		return EXEC_ERROR;
	if (r.left > 0) {
		if (param > 0)
			return store_err_set(err, "22P03",
				"incorrect binary data format in bind parameter %d", param);
		return store_err_set(err, "22P03", "incorrect binary data format");
	}
	return EXEC_OK;
}
