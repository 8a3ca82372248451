/*
 * record.c - the record type (see record.h): text output, order, hash,
 * and the comparison operators of pg_operator's record_ops family.
 *
 * The operators report what the btree opclass cannot: two records of
 * different widths (42804 "cannot compare record types with different
 * numbers of columns"), fields of dissimilar types (42804) and a field
 * type without an order (42883), each as PostgreSQL words it.  The
 * type's cmp, which sorts and cannot fail, treats those cases as equal.
 */
#include "record.h"

#include <string.h>

#include "array.h"

const exec_record *exec_record_new(
	sql_arena *a, int ncols, const char *const *names, const exec_value *vals)
{
	exec_record *r = sql_arena_alloc(a, sizeof(*r));
	const char **n = sql_arena_alloc(a, (size_t)(ncols ? ncols : 1) * sizeof(*n));
	exec_value *v = sql_arena_alloc(a, (size_t)(ncols ? ncols : 1) * sizeof(*v));

	for (int i = 0; i < ncols; i++) {
		n[i] = names != NULL ? names[i] : NULL;
		v[i] = vals[i];
	}
	r->ncols = ncols;
	r->names = n;
	r->vals = v;
	return r;
}

/* ---- Text ---- */

static bool record_needs_quotes(const char *s, size_t len)
{
	if (len == 0)
		return true;
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '"':
		case '\\':
		case '(':
		case ')':
		case ',':
		case ' ':
		case '\t':
		case '\n':
		case '\v':
		case '\f':
		case '\r':
			return true;
		default:
			break;
		}
	}
	return false;
}

int exec_record_out(exec_ctx *cx, const exec_record *r, store_buf *buf)
{
	store_buf field = STORE_BUF_INIT;
	int rc = EXEC_OK;

	store_buf_putc(buf, '(');
	for (int i = 0; i < r->ncols && rc == EXEC_OK; i++) {
		const char *s;
		bool quote;

		if (i > 0)
			store_buf_putc(buf, ',');
		if (r->vals[i].isnull)
			continue;
		field.len = 0;
		rc = exec_value_out(cx, &r->vals[i], &field);
		if (rc != EXEC_OK)
			break;
		s = (const char *)field.data;
		quote = record_needs_quotes(s, field.len);
		if (quote)
			store_buf_putc(buf, '"');
		for (size_t k = 0; k < field.len; k++) {
			if (s[k] == '"' || s[k] == '\\')
				store_buf_putc(buf, s[k]);
			store_buf_putc(buf, s[k]);
		}
		if (quote)
			store_buf_putc(buf, '"');
	}
	store_buf_putc(buf, ')');
	store_buf_free(&field);
	return rc;
}

static int record_out_value(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	return exec_record_out(cx, v->v.rec, buf);
}

static int record_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	(void)text;
	(void)len;
	(void)typmod;
	(void)out;
	return store_err_set(
		cx->err, "0A000", "input of anonymous composite types is not implemented");
}

/* ---- Order ---- */

/*
 * record_cmp over a and b: *out the order.  With cx NULL nothing is
 * reported and what cannot be compared counts as equal.
 */
static int record_compare(exec_ctx *cx, const exec_record *a, const exec_record *b, int *out)
{
	int n = a->ncols < b->ncols ? a->ncols : b->ncols;

	*out = 0;
	for (int i = 0; i < n; i++) {
		const exec_value *x = &a->vals[i], *y = &b->vals[i];
		const exec_type *t;

		if (x->isnull || y->isnull) {
			if (x->isnull && y->isnull)
				continue;
			*out = x->isnull ? 1 : -1; /* NULL after any value */
			return EXEC_OK;
		}
		t = exec_type_by_oid(x->type);
		if (x->type != y->type || t == NULL || t->cmp == NULL) {
			if (cx == NULL)
				continue;
			if (x->type != y->type) {
				const exec_type *u = exec_type_by_oid(y->type);

				return store_err_set(cx->err, "42804",
					"cannot compare dissimilar column types %s and %s at record column %d",
					t ? t->sql_name : "???", u ? u->sql_name : "???", i + 1);
			}
			return store_err_set(cx->err, "42883",
				"could not identify a comparison function for type %s",
				t ? t->sql_name : "???");
		}
		*out = t->cmp(x, y);
		if (*out != 0)
			return EXEC_OK;
	}
	if (a->ncols != b->ncols) {
		if (cx != NULL)
			return store_err_set(cx->err, "42804",
				"cannot compare record types with different numbers of columns");
		*out = a->ncols < b->ncols ? -1 : 1;
	}
	return EXEC_OK;
}

int exec_record_cmp(const exec_record *a, const exec_record *b)
{
	int r;

	record_compare(NULL, a, b, &r);
	return r;
}

uint64_t exec_record_hash(const exec_record *r)
{
	uint64_t h = 0x84222325cbf29ce4ull;

	for (int i = 0; i < r->ncols; i++) {
		const exec_type *t = r->vals[i].isnull ? NULL : exec_type_by_oid(r->vals[i].type);
		uint64_t k = t != NULL && t->hash != NULL ? t->hash(&r->vals[i]) : 0x9e3779b9ull;

		h = (h ^ k) * 0x100000001b3ull;
		h ^= h >> 31;
	}
	return h;
}

bool exec_record_all_null(const exec_record *r, bool want_null)
{
	for (int i = 0; i < r->ncols; i++) {
		if (r->vals[i].isnull != want_null)
			return false;
	}
	return true;
}

static int record_cmp_value(const exec_value *a, const exec_value *b)
{
	return exec_record_cmp(a->v.rec, b->v.rec);
}

static uint64_t record_hash_value(const exec_value *v)
{
	return exec_record_hash(v->v.rec);
}

/* ---- Operators ---- */

/* One comparison operator: which orders (<, =, >) make it true. */
static int record_op(exec_ctx *cx, const exec_value *args, exec_value *out, const bool want[3])
{
	int r;

	if (record_compare(cx, args[0].v.rec, args[1].v.rec, &r) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_bool(want[r < 0 ? 0 : r == 0 ? 1 : 2]);
	return EXEC_OK;
}

#define RECORD_OP(fname, lt, eq, gt)                                                               \
	static int fname(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)         \
	{                                                                                          \
		static const bool want[3] = {lt, eq, gt};                                          \
                                                                                                   \
		(void)nargs;                                                                       \
		return record_op(cx, args, out, want);                                             \
	}

RECORD_OP(record_eq_fn, false, true, false)
RECORD_OP(record_ne_fn, true, false, true)
RECORD_OP(record_lt_fn, true, false, false)
RECORD_OP(record_gt_fn, false, false, true)
RECORD_OP(record_le_fn, true, true, false)
RECORD_OP(record_ge_fn, false, true, true)

/* ---- The module ---- */

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define R        EXEC_OID_RECORD
#define B        EXEC_OID_BOOL

static const exec_type record_types[] = {
	{EXEC_OID_RECORD, "record", "record", 'P', false, -1, 0, EXEC_OID_RECORD_ARRAY, record_in,
		record_out_value, record_cmp_value, record_hash_value, NULL},
};

static const exec_oper record_opers[] = {
	{"=", R, R, B, record_eq_fn, 2988, "<>", true},
	{"<>", R, R, B, record_ne_fn, 2989, "=", false},
	{"<", R, R, B, record_lt_fn, 2990, ">=", false},
	{">", R, R, B, record_gt_fn, 2991, "<=", false},
	{"<=", R, R, B, record_le_fn, 2992, ">", false},
	{">=", R, R, B, record_ge_fn, 2993, "<", false},
};

const exec_module exec_mod_record = {"record", record_types, NELEM(record_types), NULL, 0,
	record_opers, NELEM(record_opers), NULL, 0, NULL, 0};
