/*
 * copy.c - deep copies of values into another arena (exec_value_copy).
 *
 * Operators that keep rows past their input's next row (sorts, hash
 * tables, aggregates, materialised subqueries) and anything that keeps a
 * value past its statement copy it, since a value may point into memory
 * its producer reuses: a scan's row arena, a parsed document.  Every
 * type's variable part is known here: text-like bytes, numeric digits,
 * jsonb trees, array elements and record fields (each copied in turn).
 */
#include <string.h>

#include "array.h"
#include "json.h"
#include "numeric.h"
#include "record.h"

static const exec_jsonb *jsonb_copy(sql_arena *a, const exec_jsonb *j);

/* Copy one jsonb node's contents into *dst (dst itself is the caller's). */
static void jsonb_copy_into(sql_arena *a, exec_jsonb *dst, const exec_jsonb *src)
{
	*dst = *src;
	switch (src->kind) {
	case EXEC_JSONB_STRING:
	case EXEC_JSONB_NUMBER:
		dst->u.str = sql_arena_strndup(a, src->u.str, src->len);
		break;
	case EXEC_JSONB_ARRAY: {
		exec_jsonb *elems =
			sql_arena_alloc(a, (size_t)(src->len ? src->len : 1) * sizeof(*elems));

		for (uint32_t i = 0; i < src->len; i++)
			jsonb_copy_into(a, &elems[i], &src->u.elems[i]);
		dst->u.elems = elems;
		break;
	}
	case EXEC_JSONB_OBJECT: {
		exec_jsonb_pair *pairs =
			sql_arena_alloc(a, (size_t)(src->len ? src->len : 1) * sizeof(*pairs));

		for (uint32_t i = 0; i < src->len; i++) {
			pairs[i].key =
				sql_arena_strndup(a, src->u.pairs[i].key, src->u.pairs[i].keylen);
			pairs[i].keylen = src->u.pairs[i].keylen;
			jsonb_copy_into(a, &pairs[i].val, &src->u.pairs[i].val);
		}
		dst->u.pairs = pairs;
		break;
	}
	default:
		break;
	}
}

static const exec_jsonb *jsonb_copy(sql_arena *a, const exec_jsonb *j)
{
	exec_jsonb *c = sql_arena_alloc(a, sizeof(*c));

	jsonb_copy_into(a, c, j);
	return c;
}

exec_value exec_value_copy(sql_arena *a, const exec_value *v)
{
	exec_value c = *v;

	if (v->isnull)
		return c;
	switch (v->type) {
	case EXEC_OID_NUMERIC: {
		size_t size = sizeof(exec_numeric) + v->v.num->ndigits * sizeof(int16_t);
		exec_numeric *n = sql_arena_alloc(a, size);

		memcpy(n, v->v.num, size);
		c.v.num = n;
		return c;
	}
	case EXEC_OID_JSONB:
		c.v.jb = jsonb_copy(a, v->v.jb);
		return c;
	case EXEC_OID_TEXT:
	case EXEC_OID_VARCHAR:
	case EXEC_OID_BPCHAR:
	case EXEC_OID_NAME:
	case EXEC_OID_BYTEA:
	case EXEC_OID_JSON:
	case EXEC_OID_UNKNOWN:
		if (v->v.s.len > 0) {
			char *p = sql_arena_alloc(a, v->v.s.len);

			memcpy(p, v->v.s.p, v->v.s.len);
			c.v.s.p = p;
		}
		return c;
	default:
		break;
	}
	if (v->type == EXEC_OID_RECORD) {
		const exec_record *src = v->v.rec;
		exec_value *vals =
			sql_arena_alloc(a, (size_t)(src->ncols ? src->ncols : 1) * sizeof(*vals));
		const char **names =
			sql_arena_alloc(a, (size_t)(src->ncols ? src->ncols : 1) * sizeof(*names));
		exec_record *rec = sql_arena_alloc(a, sizeof(*rec));

		for (int i = 0; i < src->ncols; i++) {
			vals[i] = exec_value_copy(a, &src->vals[i]);
			names[i] = src->names[i] != NULL ? sql_arena_strndup(a, src->names[i],
								   strlen(src->names[i]))
							 : NULL;
		}
		rec->ncols = src->ncols;
		rec->names = names;
		rec->vals = vals;
		c.v.rec = rec;
		return c;
	}
	if (exec_array_elem_of(v->type) != 0) {
		const exec_array *src = v->v.arr;
		exec_value *elems =
			sql_arena_alloc(a, (size_t)(src->count ? src->count : 1) * sizeof(*elems));
		exec_array *arr = sql_arena_alloc(a, sizeof(*arr));

		for (uint32_t i = 0; i < src->count; i++)
			elems[i] = exec_value_copy(a, &src->elems[i]);
		*arr = *src;
		arr->elems = elems;
		c.v.arr = arr;
	}
	return c;
}
