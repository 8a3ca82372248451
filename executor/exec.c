/*
 * exec.c - running plans (see plan.h): one iterator per plan node.
 *
 * Each iterator owns two arenas: `row`, reset at each next(), for the
 * values of the row it returns (valid until the next call, as plan.h
 * promises), and `keep`, for what outlives a row: sorted rows, hash
 * tables, groups, copies of rows it must hold on to.  Evaluating a
 * node's expressions uses an exec_ctx whose arena is the row arena, so
 * a long scan does not grow memory.
 *
 * Operators that hold rows (sort, hash join, aggregate, distinct, set
 * operations, material) copy them with exec_value_copy; the others pass
 * their input's values through.
 */
#include "exec_int.h"

#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "record.h"

/* ---- Helpers ---- */

static int internal_error(exec_iter *it, const char *what)
{
	return store_err_set(it->cx.err, "XX000", "%s", what);
}

/* Evaluate exprs[0..n) over the row `in` into out. */
static int eval_list(exec_iter *it, exec_expr *const *exprs, int n, const exec_value *in, int nin,
	exec_value *out)
{
	it->ec.row = in;
	it->ec.nrow = nin;
	for (int i = 0; i < n; i++) {
		if (exec_eval(&it->ec, exprs[i], &out[i]) != EXEC_OK)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}

static int qual_true(exec_iter *it, const exec_expr *qual, const exec_value *in, int nin, int *t)
{
	if (qual == NULL) {
		*t = 1;
		return EXEC_OK;
	}
	it->ec.row = in;
	it->ec.nrow = nin;
	return exec_eval_qual(&it->ec, qual, t);
}

/* A copy of n values in arena a, deep. */
static exec_value *copy_row(sql_arena *a, const exec_value *row, int n)
{
	exec_value *c = sql_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*c));

	for (int i = 0; i < n; i++)
		c[i] = exec_value_copy(a, &row[i]);
	return c;
}

/* Order two values as ORDER BY does: NULLs last (or first), descending flips. */
static int sort_cmp(const exec_value *a, const exec_value *b, bool desc, bool nulls_first)
{
	int c;

	if (a->isnull || b->isnull) {
		if (a->isnull && b->isnull)
			return 0;
		c = a->isnull ? 1 : -1; /* NULL is larger than anything, as PostgreSQL sorts */
		if (nulls_first != desc)
			c = -c;
		return desc ? -c : c;
	}
	c = exec_value_cmp(a, b);
	return desc ? -c : c;
}

/* Hash of a key set; NULLs hash alike (GROUP BY and DISTINCT put them together). */
static uint64_t hash_keys(const exec_value *keys, int n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (int i = 0; i < n; i++) {
		uint64_t k = keys[i].isnull ? 0x9e3779b97f4a7c15ull : exec_value_hash(&keys[i]);

		h = (h ^ k) * 0x100000001b3ull;
		h ^= h >> 29;
	}
	return h;
}

/* Key sets equal for grouping: NULL matches NULL. */
static bool keys_equal(const exec_value *a, const exec_value *b, int n)
{
	for (int i = 0; i < n; i++) {
		if (a[i].isnull != b[i].isnull)
			return false;
		if (!a[i].isnull && exec_value_cmp(&a[i], &b[i]) != 0)
			return false;
	}
	return true;
}

/* ---- A hash table of rows by key, in the keep arena ---- */

typedef struct hentry {
	uint64_t hash;
	exec_value *keys;
	exec_value *row;
	void *data;          /* the operator's: aggregate states, match flags */
	struct hentry *next; /* same bucket */
	struct hentry *link; /* insertion order, for output */
} hentry;

typedef struct htab {
	hentry **buckets;
	size_t nbuckets, n;
	hentry *first, *last;
	sql_arena *a;
} htab;

static void htab_init(htab *t, sql_arena *a)
{
	memset(t, 0, sizeof(*t));
	t->a = a;
	t->nbuckets = 1024;
	t->buckets = sql_arena_zalloc(a, t->nbuckets * sizeof(*t->buckets));
}

static void htab_grow(htab *t)
{
	size_t nb = t->nbuckets * 2;
	hentry **b = sql_arena_zalloc(t->a, nb * sizeof(*b));

	for (hentry *e = t->first; e != NULL; e = e->link) {
		size_t i = e->hash & (nb - 1);

		e->next = b[i];
		b[i] = e;
	}
	t->buckets = b;
	t->nbuckets = nb;
}

/* The entry with these keys; with create, made (keys copied) when absent (*made says). */
static hentry *htab_find(htab *t, const exec_value *keys, int nkeys, bool create, bool *made)
{
	uint64_t h = hash_keys(keys, nkeys);
	hentry *e;

	if (made != NULL)
		*made = false;
	for (e = t->buckets[h & (t->nbuckets - 1)]; e != NULL; e = e->next) {
		if (e->hash == h && keys_equal(e->keys, keys, nkeys))
			return e;
	}
	if (!create)
		return NULL;
	if (t->n + 1 > t->nbuckets)
		htab_grow(t);
	e = sql_arena_zalloc(t->a, sizeof(*e));
	e->hash = h;
	e->keys = copy_row(t->a, keys, nkeys);
	e->next = t->buckets[h & (t->nbuckets - 1)];
	t->buckets[h & (t->nbuckets - 1)] = e;
	if (t->last != NULL)
		t->last->link = e;
	else
		t->first = e;
	t->last = e;
	t->n++;
	if (made != NULL)
		*made = true;
	return e;
}

/* ---- RESULT and VALUES ---- */

typedef struct values_st {
	int pos;
} values_st;

static int result_next(exec_iter *it, const exec_value **row)
{
	values_st *st = it->st;
	const plan_node *p = it->plan;

	if (st->pos > 0)
		return 0;
	st->pos++;
	if (eval_list(it, p->exprs, p->desc.ncols, NULL, 0, it->out) != EXEC_OK)
		return EXEC_ERROR;
	*row = it->out;
	return 1;
}

static int values_next(exec_iter *it, const exec_value **row)
{
	values_st *st = it->st;
	const plan_node *p = it->plan;

	if (st->pos >= p->nrows)
		return 0;
	if (eval_list(it, p->rowexprs[st->pos], p->desc.ncols, NULL, 0, it->out) != EXEC_OK)
		return EXEC_ERROR;
	st->pos++;
	*row = it->out;
	return 1;
}

static int values_rescan(exec_iter *it)
{
	((values_st *)it->st)->pos = 0;
	return EXEC_OK;
}

/* ---- FILTER and PROJECT ---- */

static int filter_next(exec_iter *it, const exec_value **row)
{
	const exec_value *in;
	int r, t;

	while ((r = exec_next(it->left, &in)) == 1) {
		if (qual_true(it, it->plan->qual, in, it->plan->left->desc.ncols, &t) != EXEC_OK)
			return EXEC_ERROR;
		if (t) {
			*row = in;
			return 1;
		}
		sql_arena_reset(it->row);
	}
	return r;
}

static int project_next(exec_iter *it, const exec_value **row)
{
	const exec_value *in;
	int r = exec_next(it->left, &in);

	if (r != 1)
		return r;
	if (eval_list(it, it->plan->exprs, it->plan->desc.ncols, in, it->plan->left->desc.ncols,
		    it->out) != EXEC_OK)
		return EXEC_ERROR;
	*row = it->out;
	return 1;
}

static int pass_rescan(exec_iter *it)
{
	return exec_rescan(it->left);
}

/* ---- LIMIT ---- */

typedef struct limit_st {
	int64_t count; /* -1: all */
	int64_t skip;
	int64_t done;
	bool started;
} limit_st;

/* A LIMIT or OFFSET value: an integer, NULL meaning none; negative is 2201W / 2201X. */
static int limit_value(exec_iter *it, const exec_expr *e, bool offset, int64_t *out)
{
	exec_value v;

	*out = offset ? 0 : -1;
	if (e == NULL)
		return EXEC_OK;
	it->ec.row = NULL;
	it->ec.nrow = 0;
	if (exec_eval(&it->ec, e, &v) != EXEC_OK)
		return EXEC_ERROR;
	if (v.isnull)
		return EXEC_OK;
	if (v.v.i < 0)
		return store_err_set(it->cx.err, offset ? "2201X" : "2201W",
			offset ? "OFFSET must not be negative" : "LIMIT must not be negative");
	*out = v.v.i;
	return EXEC_OK;
}

static int limit_next(exec_iter *it, const exec_value **row)
{
	limit_st *st = it->st;
	const exec_value *in;
	int r;

	if (!st->started) {
		if (limit_value(it, it->plan->limit, false, &st->count) != EXEC_OK ||
			limit_value(it, it->plan->offset, true, &st->skip) != EXEC_OK)
			return EXEC_ERROR;
		st->started = true;
	}
	if (st->count >= 0 && st->done >= st->count)
		return 0;
	while ((r = exec_next(it->left, &in)) == 1 && st->skip > 0)
		st->skip--;
	if (r != 1)
		return r;
	st->done++;
	*row = in;
	return 1;
}

static int limit_rescan(exec_iter *it)
{
	memset(it->st, 0, sizeof(limit_st));
	return exec_rescan(it->left);
}

/* ---- SORT (and top-N) ---- */

typedef struct sort_row {
	exec_value *keys;
	exec_value *row;
	size_t seq; /* arrival order: equal keys keep it (a stable sort) */
} sort_row;

typedef struct sort_st {
	sort_row *rows;
	size_t n, cap, pos;
	bool loaded;
	int64_t topn; /* keep only this many (-1: all) */
} sort_st;

/* qsort has no context argument: the sort being done (one at a time per thread). */
static _Thread_local const plan_node *sorting;

static int sort_row_cmp(const void *a, const void *b)
{
	const sort_row *x = a, *y = b;

	for (int i = 0; i < sorting->nsort; i++) {
		int c = sort_cmp(&x->keys[i], &y->keys[i], sorting->sort[i].desc,
			sorting->sort[i].nulls_first);

		if (c != 0)
			return c;
	}
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int sort_load(exec_iter *it, sort_st *st)
{
	const plan_node *p = it->plan;
	int ncols = p->left->desc.ncols, r;
	const exec_value *in;
	exec_value *keys =
		sql_arena_alloc(it->keep, (size_t)(p->nsort ? p->nsort : 1) * sizeof(*keys));
	size_t seq = 0;

	st->topn = -1;
	if (p->limit != NULL) {
		int64_t count, skip;

		if (limit_value(it, p->limit, false, &count) != EXEC_OK ||
			limit_value(it, p->offset, true, &skip) != EXEC_OK)
			return EXEC_ERROR;
		if (count >= 0)
			st->topn = count + skip;
	}
	while ((r = exec_next(it->left, &in)) == 1) {
		sort_row *sr;

		it->ec.row = in;
		it->ec.nrow = ncols;
		for (int i = 0; i < p->nsort; i++) {
			if (exec_eval(&it->ec, p->sort[i].expr, &keys[i]) != EXEC_OK)
				return EXEC_ERROR;
		}
		if (st->n == st->cap) {
			size_t cap = st->cap ? 2 * st->cap : 256;
			sort_row *grown = realloc(st->rows, cap * sizeof(*grown));

			if (grown == NULL)
				return store_err_set(it->cx.err, "53200", "out of memory");
			st->rows = grown;
			st->cap = cap;
		}
		sr = &st->rows[st->n++];
		sr->keys = copy_row(it->keep, keys, p->nsort);
		sr->row = copy_row(it->keep, in, ncols);
		sr->seq = seq++;
		sql_arena_reset(it->row);

		/*
		 * Top-N: when twice the rows needed are held, keep the best N.
		 * XXX: a heap would bound memory at N rows; this keeps at most 2N.
		 */
		if (st->topn >= 0 && st->n >= (size_t)(2 * st->topn + 1024)) {
			sorting = p;
			qsort(st->rows, st->n, sizeof(*st->rows), sort_row_cmp);
			st->n = (size_t)st->topn;
		}
	}
	if (r < 0)
		return EXEC_ERROR;
	sorting = p;
	if (st->n > 1)
		qsort(st->rows, st->n, sizeof(*st->rows), sort_row_cmp);
	if (st->topn >= 0 && st->n > (size_t)st->topn)
		st->n = (size_t)st->topn;
	st->loaded = true;
	return EXEC_OK;
}

static int sort_next(exec_iter *it, const exec_value **row)
{
	sort_st *st = it->st;

	if (!st->loaded && sort_load(it, st) != EXEC_OK)
		return EXEC_ERROR;
	if (st->pos >= st->n)
		return 0;
	*row = st->rows[st->pos++].row;
	return 1;
}

static int sort_rescan(exec_iter *it)
{
	sort_st *st = it->st;

	/* The sorted rows stay valid unless the input reads LATERAL values, which change. */
	st->pos = 0;
	if (!it->plan->lateral)
		return EXEC_OK;
	st->n = 0;
	st->loaded = false;
	sql_arena_reset(it->keep);
	return exec_rescan(it->left);
}

static void sort_close(exec_iter *it)
{
	free(((sort_st *)it->st)->rows);
}

/* ---- MATERIAL ---- */

typedef struct mat_st {
	exec_value **rows;
	size_t n, cap, pos;
	bool loaded;
} mat_st;

static int mat_next(exec_iter *it, const exec_value **row)
{
	mat_st *st = it->st;

	if (!st->loaded) {
		const exec_value *in;
		int r;

		while ((r = exec_next(it->left, &in)) == 1) {
			if (st->n == st->cap) {
				size_t cap = st->cap ? 2 * st->cap : 256;
				exec_value **grown = realloc(st->rows, cap * sizeof(*grown));

				if (grown == NULL)
					return store_err_set(it->cx.err, "53200", "out of memory");
				st->rows = grown;
				st->cap = cap;
			}
			st->rows[st->n++] = copy_row(it->keep, in, it->plan->left->desc.ncols);
		}
		if (r < 0)
			return EXEC_ERROR;
		st->loaded = true;
	}
	if (st->pos >= st->n)
		return 0;
	*row = st->rows[st->pos++];
	return 1;
}

static int mat_rescan(exec_iter *it)
{
	mat_st *st = it->st;

	st->pos = 0;
	if (!it->plan->lateral)
		return EXEC_OK;
	st->n = 0;
	st->loaded = false;
	sql_arena_reset(it->keep);
	return exec_rescan(it->left);
}

static void mat_close(exec_iter *it)
{
	free(((mat_st *)it->st)->rows);
}

/* ---- NESTLOOP ---- */

typedef struct nl_st {
	const exec_value *outer; /* the current left row (copied into keep per row) */
	bool have_outer;
	bool matched;        /* the left row found a partner */
	bool *inner_matched; /* RIGHT/FULL: which inner rows did, by position */
	size_t ninner, capinner, inner_pos;
	bool right_phase; /* emitting unmatched inner rows */
	sql_arena *outer_arena;
} nl_st;

/* The joined row: left's columns, then right's (NULLs for a missing side). */
static const exec_value *join_row(exec_iter *it, const exec_value *l, const exec_value *r)
{
	const plan_node *p = it->plan;
	int nl = p->left->desc.ncols, nr = p->right->desc.ncols;

	for (int i = 0; i < nl; i++)
		it->out[i] = l ? l[i] : exec_null(p->left->desc.cols[i].type);
	if (p->join == JOIN_SEMI || p->join == JOIN_ANTI)
		return it->out;
	for (int i = 0; i < nr; i++)
		it->out[nl + i] = r ? r[i] : exec_null(p->right->desc.cols[i].type);
	return it->out;
}

static int nl_next(exec_iter *it, const exec_value **row)
{
	nl_st *st = it->st;
	const plan_node *p = it->plan;
	int nl = p->left->desc.ncols, nr = p->right->desc.ncols, r;

	for (;;) {
		const exec_value *in, *inner;

		/* After the left side: RIGHT and FULL joins add the inner rows nobody matched. */
		if (st->right_phase) {
			while ((r = exec_next(it->right, &inner)) == 1) {
				size_t k = st->inner_pos++;

				if (k >= st->ninner || !st->inner_matched[k]) {
					*row = join_row(it, NULL, inner);
					return 1;
				}
			}
			return r;
		}
		if (!st->have_outer) {
			r = exec_next(it->left, &in);
			if (r < 0)
				return EXEC_ERROR;
			if (r == 0) {
				if (p->join != JOIN_RIGHT && p->join != JOIN_FULL)
					return 0;
				st->right_phase = true;
				st->inner_pos = 0;
				if (exec_rescan(it->right) != EXEC_OK)
					return EXEC_ERROR;
				continue;
			}
			sql_arena_reset(st->outer_arena);
			st->outer = copy_row(st->outer_arena, in, nl);
			st->have_outer = true;
			st->matched = false;
			st->inner_pos = 0;

			/* LATERAL: the right side reads this row's columns through their slots. */
			for (int i = 0; i < p->nlatparams; i++) {
				if (exec_run_lateral_set(it->cx.run, p->latslots[i],
					    &st->outer[p->latcols[i]], it->cx.err) != EXEC_OK)
					return EXEC_ERROR;
			}
			if (exec_rescan(it->right) != EXEC_OK)
				return EXEC_ERROR;
		}
		while ((r = exec_next(it->right, &inner)) == 1) {
			size_t k = st->inner_pos++;
			int t;

			/* The qual sees the pair side by side. */
			join_row(it, st->outer, inner);
			if (p->join == JOIN_SEMI || p->join == JOIN_ANTI) {
				for (int i = 0; i < nr; i++)
					it->out[nl + i] = inner[i];
			}
			if (qual_true(it, p->qual, it->out, nl + nr, &t) != EXEC_OK)
				return EXEC_ERROR;
			if (!t)
				continue;
			st->matched = true;
			if (p->join == JOIN_RIGHT || p->join == JOIN_FULL) {
				if (k >= st->capinner) {
					size_t cap = st->capinner ? 2 * st->capinner : 256;
					bool *grown;

					while (cap <= k)
						cap *= 2;
					grown = realloc(st->inner_matched, cap);
					if (grown == NULL)
						return store_err_set(
							it->cx.err, "53200", "out of memory");
					memset(grown + st->capinner, 0, cap - st->capinner);
					st->inner_matched = grown;
					st->capinner = cap;
				}
				st->inner_matched[k] = true;
				if (k + 1 > st->ninner)
					st->ninner = k + 1;
			}
			if (p->join == JOIN_ANTI)
				break;
			if (p->join == JOIN_SEMI) {
				st->have_outer = false;
				*row = join_row(it, st->outer, NULL);
				return 1;
			}
			*row = join_row(it, st->outer, inner);
			return 1;
		}
		if (r < 0)
			return EXEC_ERROR;
		if (st->inner_pos > st->ninner)
			st->ninner = st->inner_pos;

		/* The left row is done: LEFT and FULL keep it unmatched, ANTI only then. */
		st->have_outer = false;
		if (!st->matched &&
			(p->join == JOIN_LEFT || p->join == JOIN_FULL || p->join == JOIN_ANTI)) {
			*row = join_row(it, st->outer, NULL);
			return 1;
		}
	}
}

static int nl_rescan(exec_iter *it)
{
	nl_st *st = it->st;

	st->have_outer = false;
	st->right_phase = false;
	st->ninner = 0;
	if (st->inner_matched != NULL)
		memset(st->inner_matched, 0, st->capinner);
	return exec_rescan(it->left);
}

static void nl_close(exec_iter *it)
{
	nl_st *st = it->st;

	free(st->inner_matched);
	sql_arena_free(st->outer_arena);
}

/* ---- HASHJOIN: the right side hashed, the left side probing ---- */

typedef struct hj_row hj_row;

typedef struct hj_st {
	htab t;
	bool built;
	hj_row *match; /* the rows with the current left row's keys still to try */
	const exec_value *outer;
	exec_value *lkeys;
	bool have_outer, matched;
	bool right_phase; /* RIGHT/FULL: walking the table for inner rows nobody matched */
	hentry *scan_e;
	hj_row *scan_r;
	sql_arena *outer_arena;
} hj_st;

/* A right row in the table; rows with equal keys chain through the entry's data. */
struct hj_row {
	exec_value *row;
	bool matched;
	hj_row *next;
};

static int hj_build(exec_iter *it, hj_st *st)
{
	const plan_node *p = it->plan;
	int nr = p->right->desc.ncols, r;
	const exec_value *in;
	exec_value *keys = sql_arena_alloc(it->keep, (size_t)p->nhash * sizeof(*keys));

	htab_init(&st->t, it->keep);
	while ((r = exec_next(it->right, &in)) == 1) {
		hentry *e;
		hj_row *hr;
		bool skip = false;

		if (eval_list(it, p->rkeys, p->nhash, in, nr, keys) != EXEC_OK)
			return EXEC_ERROR;

		/* A NULL key never equals anything: such rows only matter to RIGHT/FULL joins. */
		for (int i = 0; i < p->nhash; i++)
			skip = skip || keys[i].isnull;
		if (skip && p->join != JOIN_RIGHT && p->join != JOIN_FULL)
			continue;
		e = htab_find(&st->t, keys, p->nhash, true, NULL);
		hr = sql_arena_zalloc(it->keep, sizeof(*hr));
		hr->row = copy_row(it->keep, in, nr);
		hr->next = e->data;
		e->data = hr;
		if (skip)
			e->row = hr->row; /* a NULL-keyed entry (row set): never probed */
		sql_arena_reset(it->row);
	}
	if (r < 0)
		return EXEC_ERROR;
	st->built = true;
	return EXEC_OK;
}

static int hj_next(exec_iter *it, const exec_value **row)
{
	hj_st *st = it->st;
	const plan_node *p = it->plan;
	int nl = p->left->desc.ncols, nr = p->right->desc.ncols, r;

	if (!st->built && hj_build(it, st) != EXEC_OK)
		return EXEC_ERROR;
	for (;;) {
		if (st->right_phase) {
			while (st->scan_e != NULL) {
				hj_row *hr = st->scan_r;

				if (hr == NULL) {
					st->scan_e = st->scan_e->link;
					st->scan_r = st->scan_e ? st->scan_e->data : NULL;
					continue;
				}
				st->scan_r = hr->next;
				if (!hr->matched) {
					*row = join_row(it, NULL, hr->row);
					return 1;
				}
			}
			return 0;
		}
		if (!st->have_outer) {
			const exec_value *in;
			hentry *e;
			bool null_key = false;

			r = exec_next(it->left, &in);
			if (r < 0)
				return EXEC_ERROR;
			if (r == 0) {
				if (p->join != JOIN_RIGHT && p->join != JOIN_FULL)
					return 0;
				st->right_phase = true;
				st->scan_e = st->t.first;
				st->scan_r = st->scan_e ? st->scan_e->data : NULL;
				continue;
			}
			sql_arena_reset(st->outer_arena);
			st->outer = copy_row(st->outer_arena, in, nl);
			if (eval_list(it, p->lkeys, p->nhash, st->outer, nl, st->lkeys) != EXEC_OK)
				return EXEC_ERROR;
			for (int i = 0; i < p->nhash; i++)
				null_key = null_key || st->lkeys[i].isnull;
			e = null_key ? NULL : htab_find(&st->t, st->lkeys, p->nhash, false, NULL);
			st->match = e != NULL && e->row == NULL ? e->data : NULL;
			st->have_outer = true;
			st->matched = false;
		}
		while (st->match != NULL) {
			hj_row *hr = st->match;
			int t;

			st->match = hr->next;
			join_row(it, st->outer, hr->row);
			if (p->join == JOIN_SEMI || p->join == JOIN_ANTI) {
				for (int i = 0; i < nr; i++)
					it->out[nl + i] = hr->row[i];
			}
			if (qual_true(it, p->qual, it->out, nl + nr, &t) != EXEC_OK)
				return EXEC_ERROR;
			if (!t)
				continue;
			st->matched = true;
			hr->matched = true;
			if (p->join == JOIN_ANTI) {
				st->match = NULL;
				break;
			}
			if (p->join == JOIN_SEMI) {
				st->have_outer = false;
				*row = join_row(it, st->outer, NULL);
				return 1;
			}
			*row = join_row(it, st->outer, hr->row);
			return 1;
		}
		st->have_outer = false;
		if (!st->matched &&
			(p->join == JOIN_LEFT || p->join == JOIN_FULL || p->join == JOIN_ANTI)) {
			*row = join_row(it, st->outer, NULL);
			return 1;
		}
	}
}

static int hj_rescan(exec_iter *it)
{
	hj_st *st = it->st;

	/* The hash table stays (unless its rows read LATERAL values): the probing starts over. */
	st->have_outer = false;
	st->right_phase = false;
	if (it->plan->right->lateral && st->built) {
		st->built = false;
		st->match = NULL;
		sql_arena_reset(it->keep);
		if (exec_rescan(it->right) != EXEC_OK)
			return EXEC_ERROR;
		return exec_rescan(it->left);
	}
	for (hentry *e = st->t.first; e != NULL; e = e->link) {
		for (hj_row *hr = e->data; hr != NULL; hr = hr->next)
			hr->matched = false;
	}
	return exec_rescan(it->left);
}

static void hj_close(exec_iter *it)
{
	sql_arena_free(((hj_st *)it->st)->outer_arena);
}

/* ---- AGG ---- */

/* The running state of one aggregate call in one group. */
typedef struct aggstate {
	exec_value state;
	int64_t count;       /* count(*) and count(x) */
	htab *seen;          /* DISTINCT: the argument sets seen */
	exec_value **sorted; /* ORDER BY in the call: argument rows kept, fed at the end */
	size_t nsorted, capsorted;
} aggstate;

typedef struct agg_st {
	htab groups;
	bool loaded;
	hentry *pos;
	bool plain_done; /* no GROUP BY: the one group (even over no rows) was returned */
} agg_st;

static int agg_init_group(exec_iter *it, aggstate *as)
{
	const plan_node *p = it->plan;

	for (int i = 0; i < p->naggs; i++) {
		const plan_aggcall *c = &p->aggs[i];

		as[i].state = exec_null(c->agg ? c->agg->state_type : EXEC_OID_INT8);
		if (c->agg != NULL && c->agg->init != NULL) {
			exec_ctx cx = it->cx;

			cx.arena = it->keep;
			if (c->agg->init(&cx, &as[i].state) != EXEC_OK)
				return EXEC_ERROR;
		}
		if (c->distinct) {
			as[i].seen = sql_arena_alloc(it->keep, sizeof(htab));
			htab_init(as[i].seen, it->keep);
		}
	}
	return EXEC_OK;
}

/* Feed one row's arguments to an aggregate's step (values already evaluated). */
static int agg_feed(exec_iter *it, const plan_aggcall *c, aggstate *as, const exec_value *args)
{
	exec_ctx cx = it->cx;

	if (c->agg == NULL) { /* count(*) */
		as->count++;
		return EXEC_OK;
	}
	if (c->agg->strict) {
		for (int k = 0; k < c->nargs; k++) {
			if (args[k].isnull)
				return EXEC_OK;
		}
	}

	/*
	 * The state outlives the row: steps allocate it in the keep arena and
	 * copy what they keep of their arguments there (func.h).  Copying the
	 * state here instead would cost O(state) per row and break states that
	 * grow in place (string_agg's buffer).
	 */
	cx.arena = it->keep;
	if (c->agg->step(&cx, &as->state, args, c->nargs) != EXEC_OK)
		return EXEC_ERROR;
	as->count++;
	return EXEC_OK;
}

static int agg_step_row(exec_iter *it, aggstate *as, const exec_value *in, int nin)
{
	const plan_node *p = it->plan;
	exec_value args[8];

	for (int i = 0; i < p->naggs; i++) {
		const plan_aggcall *c = &p->aggs[i];
		int t;

		if (c->nargs > 8)
			return internal_error(it, "an aggregate with more than 8 arguments");
		if (c->filter != NULL) {
			if (qual_true(it, c->filter, in, nin, &t) != EXEC_OK)
				return EXEC_ERROR;
			if (!t)
				continue;
		}
		if (eval_list(it, c->args, c->nargs, in, nin, args) != EXEC_OK)
			return EXEC_ERROR;
		if (c->distinct) {
			bool made;

			htab_find(as[i].seen, args, c->nargs, true, &made);
			if (!made)
				continue;
		}
		if (c->norder > 0 || c->distinct) {
			/*
			 * Kept with their sort keys, fed in order at the end.  DISTINCT
			 * without ORDER BY feeds the values in their own order, as
			 * PostgreSQL does (it sorts them to find the duplicates), so
			 * array_agg(DISTINCT x) gives the same array on both.
			 */
			exec_value *keep = sql_arena_alloc(
				it->keep, (size_t)(c->nargs + c->norder) * sizeof(*keep));

			for (int k = 0; k < c->nargs; k++)
				keep[k] = exec_value_copy(it->keep, &args[k]);
			it->ec.row = in;
			it->ec.nrow = nin;
			for (int k = 0; k < c->norder; k++) {
				exec_value v;

				if (exec_eval(&it->ec, c->order[k].expr, &v) != EXEC_OK)
					return EXEC_ERROR;
				keep[c->nargs + k] = exec_value_copy(it->keep, &v);
			}
			if (as[i].nsorted == as[i].capsorted) {
				size_t cap = as[i].capsorted ? 2 * as[i].capsorted : 64;
				exec_value **grown =
					sql_arena_alloc(it->keep, cap * sizeof(*grown));

				if (as[i].nsorted)
					memcpy(grown, as[i].sorted, as[i].nsorted * sizeof(*grown));
				as[i].sorted = grown;
				as[i].capsorted = cap;
			}
			as[i].sorted[as[i].nsorted++] = keep;
			continue;
		}
		if (agg_feed(it, c, &as[i], args) != EXEC_OK)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}

/* The call whose ORDER BY rows are being sorted (qsort has no context). */
static _Thread_local const plan_aggcall *agg_sorting;

static int agg_order_cmp(const void *a, const void *b)
{
	const exec_value *x = *(exec_value *const *)a, *y = *(exec_value *const *)b;

	/* DISTINCT without ORDER BY: by the arguments, ascending, NULLs last. */
	for (int k = 0; agg_sorting->norder == 0 && k < agg_sorting->nargs; k++) {
		int c = sort_cmp(&x[k], &y[k], false, false);

		if (c != 0)
			return c;
	}
	for (int k = 0; k < agg_sorting->norder; k++) {
		int c = sort_cmp(&x[agg_sorting->nargs + k], &y[agg_sorting->nargs + k],
			agg_sorting->order[k].desc, agg_sorting->order[k].nulls_first);

		if (c != 0)
			return c;
	}
	return 0;
}

/* The aggregates' results for a group, into out. */
static int agg_finish(exec_iter *it, aggstate *as, exec_value *out)
{
	const plan_node *p = it->plan;

	for (int i = 0; i < p->naggs; i++) {
		const plan_aggcall *c = &p->aggs[i];

		if ((c->norder > 0 || c->distinct) && as[i].nsorted > 0) {
			agg_sorting = c;
			qsort(as[i].sorted, as[i].nsorted, sizeof(*as[i].sorted), agg_order_cmp);
			for (size_t k = 0; k < as[i].nsorted; k++) {
				if (agg_feed(it, c, &as[i], as[i].sorted[k]) != EXEC_OK)
					return EXEC_ERROR;
			}
			as[i].nsorted = 0;
		}
		if (c->agg == NULL) {
			out[i] = exec_int(EXEC_OID_INT8, as[i].count);
		} else if (c->agg->final != NULL) {
			if (c->agg->final(&it->cx, &as[i].state, &out[i]) != EXEC_OK)
				return EXEC_ERROR;
		} else {
			out[i] = as[i].state;
		}
		if (out[i].isnull || out[i].type == EXEC_OID_INVALID)
			out[i].type = c->result;
	}
	return EXEC_OK;
}

static int agg_load(exec_iter *it, agg_st *st)
{
	const plan_node *p = it->plan;
	int nin = p->left->desc.ncols, r;
	exec_value *keys =
		sql_arena_alloc(it->keep, (size_t)(p->ngroup ? p->ngroup : 1) * sizeof(*keys));
	const exec_value *in;

	htab_init(&st->groups, it->keep);
	while ((r = exec_next(it->left, &in)) == 1) {
		hentry *g;
		bool made;

		if (eval_list(it, p->group, p->ngroup, in, nin, keys) != EXEC_OK)
			return EXEC_ERROR;
		g = htab_find(&st->groups, keys, p->ngroup, true, &made);
		if (made) {
			g->data = sql_arena_zalloc(
				it->keep, (size_t)(p->naggs ? p->naggs : 1) * sizeof(aggstate));
			if (agg_init_group(it, g->data) != EXEC_OK)
				return EXEC_ERROR;
		}
		if (agg_step_row(it, g->data, in, nin) != EXEC_OK)
			return EXEC_ERROR;
		sql_arena_reset(it->row);
	}
	if (r < 0)
		return EXEC_ERROR;

	/* Without GROUP BY there is one group, even over no rows: count(*) is 0, sum NULL. */
	if (p->ngroup == 0 && st->groups.n == 0) {
		hentry *g = htab_find(&st->groups, keys, 0, true, NULL);

		g->data = sql_arena_zalloc(
			it->keep, (size_t)(p->naggs ? p->naggs : 1) * sizeof(aggstate));
		if (agg_init_group(it, g->data) != EXEC_OK)
			return EXEC_ERROR;
	}
	st->pos = st->groups.first;
	st->loaded = true;
	return EXEC_OK;
}

static int agg_next(exec_iter *it, const exec_value **row)
{
	agg_st *st = it->st;
	const plan_node *p = it->plan;

	if (!st->loaded && agg_load(it, st) != EXEC_OK)
		return EXEC_ERROR;
	while (st->pos != NULL) {
		hentry *g = st->pos;
		int t;

		st->pos = g->link;
		for (int i = 0; i < p->ngroup; i++)
			it->out[i] = g->keys[i];
		if (agg_finish(it, g->data, it->out + p->ngroup) != EXEC_OK)
			return EXEC_ERROR;
		if (qual_true(it, p->having, it->out, p->desc.ncols, &t) != EXEC_OK)
			return EXEC_ERROR;
		if (t) {
			*row = it->out;
			return 1;
		}
	}
	return 0;
}

static int agg_rescan(exec_iter *it)
{
	agg_st *st = it->st;

	/* Correlated inputs change: start over. */
	sql_arena_reset(it->keep);
	memset(st, 0, sizeof(*st));
	return exec_rescan(it->left);
}

/* ---- WINDOW ---- */

/*
 * The input comes sorted by the partition keys, then the order keys.  A
 * partition is read whole (into one of two arenas, the other holding the
 * first row of the next partition), then each group of peers (rows with
 * equal order keys; all of the partition without ORDER BY) is fed to the
 * aggregates, so that every row of the group gets the aggregates over
 * the partition up to its last peer, PostgreSQL's default frame.  The
 * ranking functions count rows and groups.  Aggregate states live in
 * it->keep, reset per partition.
 */
typedef struct win_row {
	exec_value *row;  /* the input row, copied */
	exec_value *keys; /* its partition keys, then its order keys */
	exec_value *vals; /* the calls' results */
} win_row;

typedef struct win_st {
	sql_arena *cur, *next; /* this partition's rows; the next partition's first row */
	win_row *rows;
	size_t nrows, cap, pos;
	win_row pending; /* the first row of the next partition, in next */
	bool has_pending, eof;
} win_st;

/* Whether two key lists are equal, NULLs equal to each other (peers, as PostgreSQL groups). */
static bool win_same(const exec_value *a, const exec_value *b, int n)
{
	for (int i = 0; i < n; i++) {
		if (a[i].isnull || b[i].isnull) {
			if (a[i].isnull != b[i].isnull)
				return false;
		} else if (exec_value_cmp(&a[i], &b[i]) != 0) {
			return false;
		}
	}
	return true;
}

/* The input row in, with its keys, copied into arena a. */
static int win_copy(exec_iter *it, sql_arena *a, const exec_value *in, win_row *out)
{
	const plan_node *p = it->plan;
	int nin = p->left->desc.ncols, npart = p->nwinpart, nk = npart + p->nwinorder;

	out->row = sql_arena_alloc(a, (size_t)(nin ? nin : 1) * sizeof(*out->row));
	out->keys = sql_arena_alloc(a, (size_t)(nk ? nk : 1) * sizeof(*out->keys));
	out->vals = sql_arena_alloc(a, (size_t)(p->nwins ? p->nwins : 1) * sizeof(*out->vals));
	it->ec.row = in;
	it->ec.nrow = nin;
	for (int k = 0; k < nk; k++) {
		exec_value v;

		if (exec_eval(&it->ec, k < npart ? p->winpart[k] : p->winorder[k - npart].expr,
			    &v) != EXEC_OK)
			return EXEC_ERROR;
		out->keys[k] = exec_value_copy(a, &v);
	}
	for (int i = 0; i < nin; i++)
		out->row[i] = exec_value_copy(a, &in[i]);
	return EXEC_OK;
}

static int win_add(exec_iter *it, win_st *st, const win_row *r)
{
	if (st->nrows == st->cap) {
		size_t cap = st->cap ? 2 * st->cap : 64;
		win_row *grown = realloc(st->rows, cap * sizeof(*grown));

		if (grown == NULL)
			return store_err_set(it->cx.err, "53200", "out of memory");
		st->rows = grown;
		st->cap = cap;
	}
	st->rows[st->nrows++] = *r;
	return EXEC_OK;
}

/* Where the group of peers starting at row i ends (rows with equal order keys). */
static size_t win_peers_end(const win_st *st, size_t i, int npart, int nk)
{
	size_t j = i + 1;

	while (j < st->nrows &&
		win_same(st->rows[j].keys + npart, st->rows[i].keys + npart, nk - npart))
		j++;
	return j;
}

/* Read the next partition and compute every call for its rows; 0 when there is none. */
static int win_load(exec_iter *it, win_st *st)
{
	const plan_node *p = it->plan;
	int npart = p->nwinpart, nk = npart + p->nwinorder, r;
	aggstate *as = NULL;
	const exec_value *in;
	sql_arena *swap;

	/* The rows: the pending one, then the input's while the partition keys stay. */
	swap = st->cur;
	st->cur = st->next;
	st->next = swap;
	sql_arena_reset(st->next);
	st->nrows = st->pos = 0;
	if (st->has_pending) {
		if (win_add(it, st, &st->pending) != EXEC_OK)
			return EXEC_ERROR;
		st->has_pending = false;
	}
	while (!st->eof) {
		win_row row;

		if ((r = exec_next(it->left, &in)) < 0)
			return EXEC_ERROR;
		if (r == 0) {
			st->eof = true;
			break;
		}
		if (st->nrows > 0) {
			if (win_copy(it, st->next, in, &row) != EXEC_OK)
				return EXEC_ERROR;
			if (!win_same(row.keys, st->rows[0].keys, npart)) {
				st->pending = row;
				st->has_pending = true;
				break;
			}
			/* Same partition: it belongs with the others, in cur. */
			sql_arena_reset(st->next);
		}
		if (win_copy(it, st->cur, in, &row) != EXEC_OK || win_add(it, st, &row) != EXEC_OK)
			return EXEC_ERROR;
		sql_arena_reset(it->row);
	}
	if (st->nrows == 0)
		return 0;

	/* The ranking functions, one group of peers at a time. */
	for (size_t i = 0, groups = 0; i < st->nrows; groups++) {
		size_t j = win_peers_end(st, i, npart, nk);

		for (size_t k = i; k < j; k++)
			for (int w = 0; w < p->nwins; w++) {
				int64_t v = p->wins[w] == WIN_ROW_NUMBER ? (int64_t)k + 1
					    : p->wins[w] == WIN_RANK     ? (int64_t)i + 1
									 : (int64_t)groups + 1;

				if (p->wins[w] != WIN_AGG)
					st->rows[k].vals[w] = exec_int(EXEC_OID_INT8, v);
			}
		i = j;
	}

	/* The aggregates, fed a frame's new rows at a time: a group of peers, a row, or all. */
	if (p->naggs == 0)
		return 1;
	sql_arena_reset(it->keep);
	as = sql_arena_zalloc(it->keep, (size_t)p->naggs * sizeof(*as));
	if (agg_init_group(it, as) != EXEC_OK)
		return EXEC_ERROR;
	for (size_t i = 0; i < st->nrows;) {
		size_t j = p->winframe == WIN_FRAME_ALL    ? st->nrows
			   : p->winframe == WIN_FRAME_ROWS ? i + 1
							   : win_peers_end(st, i, npart, nk);
		exec_value *aggs = sql_arena_alloc(it->keep, (size_t)p->naggs * sizeof(*aggs));

		for (size_t k = i; k < j; k++)
			if (agg_step_row(it, as, st->rows[k].row, p->left->desc.ncols) != EXEC_OK)
				return EXEC_ERROR;
		if (agg_finish(it, as, aggs) != EXEC_OK)
			return EXEC_ERROR;
		for (int a = 0; a < p->naggs; a++)
			aggs[a] = exec_value_copy(st->cur, &aggs[a]);
		for (size_t k = i; k < j; k++)
			for (int w = 0, a = 0; w < p->nwins; w++)
				if (p->wins[w] == WIN_AGG)
					st->rows[k].vals[w] = aggs[a++];
		i = j;
	}
	return 1;
}

static int win_next(exec_iter *it, const exec_value **row)
{
	win_st *st = it->st;
	const plan_node *p = it->plan;
	int nin = p->left->desc.ncols, r;
	const win_row *w;

	if (st->cur == NULL) {
		st->cur = sql_arena_new(0);
		st->next = sql_arena_new(0);
	}
	if (st->pos == st->nrows && (r = win_load(it, st)) != 1)
		return r;
	w = &st->rows[st->pos++];
	memcpy(it->out, w->row, (size_t)nin * sizeof(*it->out));
	memcpy(it->out + nin, w->vals, (size_t)p->nwins * sizeof(*it->out));
	*row = it->out;
	return 1;
}

static int win_rescan(exec_iter *it)
{
	win_st *st = it->st;

	st->nrows = st->pos = 0;
	st->has_pending = st->eof = false;
	if (st->cur != NULL) {
		sql_arena_reset(st->cur);
		sql_arena_reset(st->next);
	}
	sql_arena_reset(it->keep);
	return exec_rescan(it->left);
}

static void win_close(exec_iter *it)
{
	win_st *st = it->st;

	free(st->rows);
	sql_arena_free(st->cur);
	sql_arena_free(st->next);
}

/* ---- DISTINCT and SETOP ---- */

typedef struct dist_st {
	htab seen;
	bool init;
} dist_st;

static int distinct_next(exec_iter *it, const exec_value **row)
{
	dist_st *st = it->st;
	const plan_node *p = it->plan;
	int nin = p->left->desc.ncols, r;
	const exec_value *in;
	exec_value keys[64];

	if (!st->init) {
		htab_init(&st->seen, it->keep);
		st->init = true;
	}
	if (p->nsort > 64)
		return internal_error(it, "DISTINCT over more than 64 expressions");
	while ((r = exec_next(it->left, &in)) == 1) {
		bool made;

		/* DISTINCT ON: the keys given; plain DISTINCT: every column (nsort 0). */
		if (p->nsort > 0) {
			it->ec.row = in;
			it->ec.nrow = nin;
			for (int i = 0; i < p->nsort; i++) {
				if (exec_eval(&it->ec, p->sort[i].expr, &keys[i]) != EXEC_OK)
					return EXEC_ERROR;
			}
			htab_find(&st->seen, keys, p->nsort, true, &made);
		} else {
			htab_find(&st->seen, in, nin, true, &made);
		}
		if (made) {
			*row = in;
			return 1;
		}
	}
	return r;
}

static int distinct_rescan(exec_iter *it)
{
	sql_arena_reset(it->keep);
	((dist_st *)it->st)->init = false;
	return exec_rescan(it->left);
}

/* Counts per distinct row: left and right, for INTERSECT and EXCEPT [ALL]. */
typedef struct setop_counts {
	int64_t left, right, emitted;
} setop_counts;

typedef struct setop_st {
	htab rows;
	bool loaded, left_done;
	hentry *pos;
	int64_t repeat; /* copies of pos still to emit */
} setop_st;

static int setop_next(exec_iter *it, const exec_value **row)
{
	setop_st *st = it->st;
	const plan_node *p = it->plan;
	int n = p->desc.ncols, r;
	const exec_value *in;

	/* UNION ALL: the left rows, then the right ones. */
	if (p->setop == SETOP_UNION && p->all) {
		if (!st->left_done) {
			r = exec_next(it->left, &in);
			if (r != 0)
				goto got;
			st->left_done = true;
		}
		r = exec_next(it->right, &in);
	got:
		if (r == 1)
			*row = in;
		return r;
	}

	if (!st->loaded) {
		htab_init(&st->rows, it->keep);
		for (int side = 0; side < 2; side++) {
			exec_iter *src = side == 0 ? it->left : it->right;

			while ((r = exec_next(src, &in)) == 1) {
				bool made;
				hentry *e = htab_find(&st->rows, in, n, true, &made);
				setop_counts *c;

				if (made)
					e->data = sql_arena_zalloc(it->keep, sizeof(setop_counts));
				c = e->data;
				if (side == 0)
					c->left++;
				else
					c->right++;
			}
			if (r < 0)
				return EXEC_ERROR;
		}
		st->pos = st->rows.first;
		st->loaded = true;
	}

	/* How many copies each distinct row gets, as the SQL standard counts them. */
	while (st->pos != NULL) {
		hentry *e = st->pos;
		setop_counts *c = e->data;
		int64_t want;

		if (st->repeat == 0) {
			if (p->setop == SETOP_UNION)
				want = 1;
			else if (p->setop == SETOP_INTERSECT)
				want = p->all ? (c->left < c->right ? c->left : c->right)
					      : (c->left > 0 && c->right > 0);
			else
				want = p->all ? (c->left > c->right ? c->left - c->right : 0)
					      : (c->left > 0 && c->right == 0);
			st->repeat = want;
			if (want == 0) {
				st->pos = e->link;
				continue;
			}
		}
		st->repeat--;
		if (st->repeat == 0)
			st->pos = e->link;
		*row = e->keys;
		return 1;
	}
	return 0;
}

static int setop_rescan(exec_iter *it)
{
	sql_arena_reset(it->keep);
	memset(it->st, 0, sizeof(setop_st));
	if (exec_rescan(it->left) != EXEC_OK)
		return EXEC_ERROR;
	return exec_rescan(it->right);
}

/* ---- PROJECTSET ---- */

/* The rows one set-returning call gave for the current input row. */
typedef struct pset_rows {
	exec_value *v; /* n values (a multi-column call's rows as records) */
	size_t n, cap;
} pset_rows;

typedef struct pset_st {
	const exec_value *in; /* the current input row (the input's, valid until its next row) */
	exec_value *vals;     /* per expression: its value for the input row (not set calls) */
	pset_rows *sets;      /* per expression: a set-returning call's rows */
	size_t pos, nout;     /* output row pos of nout for this input row */
	sql_arena *a;         /* the input row's values and sets, reset for the next one */
} pset_st;

/* Collects a call's rows: the call's emit target. */
typedef struct pset_emit {
	exec_iter *it;
	const exec_srf *srf;
	pset_rows *rows;
} pset_emit;

static int pset_collect(void *arg, const exec_value *cols, int ncols)
{
	pset_emit *pe = arg;
	pset_st *st = pe->it->st;
	pset_rows *r = pe->rows;
	exec_value v;

	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		exec_value *g = sql_arena_alloc(st->a, cap * sizeof(*g));

		if (r->n)
			memcpy(g, r->v, r->n * sizeof(*g));
		r->v = g;
		r->cap = cap;
	}
	if (ncols == 1) {
		v = exec_value_copy(st->a, &cols[0]);
	} else {
		exec_value *f = sql_arena_alloc(st->a, (size_t)ncols * sizeof(*f));

		for (int i = 0; i < ncols; i++)
			f[i] = exec_value_copy(st->a, &cols[i]);
		v = exec_record_value(exec_record_new(st->a, ncols, pe->srf->colnames, f));
	}
	r->v[r->n++] = v;
	return EXEC_OK;
}

/* Run the node's expressions over input row in: values once, set calls to their ends. */
static int pset_load(exec_iter *it, pset_st *st, const exec_value *in, int nin)
{
	const plan_node *p = it->plan;
	exec_ctx cx = it->cx;

	sql_arena_reset(st->a);
	cx.arena = st->a;
	it->ec.row = in;
	it->ec.nrow = nin;
	st->nout = 0;
	st->pos = 0;
	for (int i = 0; i < p->desc.ncols; i++) {
		const exec_expr *e = p->exprs[i];
		exec_value args[8];
		bool null_arg = false;
		pset_emit pe;

		memset(&st->sets[i], 0, sizeof(st->sets[i]));
		if (e->kind != EXPR_SRF) {
			if (exec_eval(&it->ec, e, &st->vals[i]) != EXEC_OK)
				return EXEC_ERROR;
			st->vals[i] = exec_value_copy(st->a, &st->vals[i]);
			continue;
		}
		if (e->nargs > 8)
			return internal_error(
				it, "a set-returning function with more than 8 arguments");
		for (int k = 0; k < e->nargs; k++) {
			if (exec_eval(&it->ec, e->args[k], &args[k]) != EXEC_OK)
				return EXEC_ERROR;
			null_arg = null_arg || args[k].isnull;
		}
		if (e->srf->strict && null_arg)
			continue;
		pe.it = it;
		pe.srf = e->srf;
		pe.rows = &st->sets[i];
		if (e->srf->fn(&cx, args, e->nargs, pset_collect, &pe) != EXEC_OK)
			return EXEC_ERROR;
		if (st->sets[i].n > st->nout)
			st->nout = st->sets[i].n;
	}
	return EXEC_OK;
}

static int pset_next(exec_iter *it, const exec_value **row)
{
	pset_st *st = it->st;
	const plan_node *p = it->plan;

	/* The next input row whose calls give any row at all. */
	while (st->pos >= st->nout) {
		const exec_value *in;
		int r = exec_next(it->left, &in);

		if (r != 1)
			return r;
		if (pset_load(it, st, in, p->left->desc.ncols) != EXEC_OK)
			return EXEC_ERROR;
	}

	/* Calls run in lockstep: one that has ended gives NULL. */
	for (int i = 0; i < p->desc.ncols; i++) {
		if (p->exprs[i]->kind != EXPR_SRF)
			it->out[i] = st->vals[i];
		else if (st->pos < st->sets[i].n)
			it->out[i] = st->sets[i].v[st->pos];
		else
			it->out[i] = exec_null(p->exprs[i]->type);
	}
	st->pos++;
	*row = it->out;
	return 1;
}

static int pset_rescan(exec_iter *it)
{
	pset_st *st = it->st;

	st->pos = st->nout = 0;
	return exec_rescan(it->left);
}

static void pset_close(exec_iter *it)
{
	sql_arena_free(((pset_st *)it->st)->a);
}

/* ---- Opening and closing ---- */

static int none_rescan(exec_iter *it)
{
	(void)it;
	return EXEC_OK;
}

int exec_open(exec_ectx *ec, const plan_node *plan, exec_iter **out)
{
	exec_iter *it = calloc(1, sizeof(*it));
	size_t stsize = 0;
	int r = EXEC_OK;

	if (it == NULL)
		return store_err_set(ec->cx->err, "53200", "out of memory");
	it->plan = plan;
	it->row = sql_arena_new(0);
	it->keep = sql_arena_new(0);
	it->base = sql_arena_new(1024);
	it->cx = *ec->cx;
	it->cx.arena = it->row;
	it->ec = *ec;
	it->ec.cx = &it->cx;
	it->out = sql_arena_zalloc(it->base, (size_t)(plan->desc.ncols + 1) * sizeof(*it->out));
	it->rescan = pass_rescan;

	/* Inputs first; a subquery's outer rows reach them through ec. */
	if (plan->left != NULL)
		r = exec_open(ec, plan->left, &it->left);
	if (r == EXEC_OK && plan->right != NULL)
		r = exec_open(ec, plan->right, &it->right);
	if (r != EXEC_OK) {
		exec_close(it);
		return EXEC_ERROR;
	}

	switch (plan->kind) {
	case PLAN_RESULT:
		it->next = result_next;
		it->rescan = values_rescan;
		stsize = sizeof(values_st);
		break;
	case PLAN_VALUES:
		it->next = values_next;
		it->rescan = values_rescan;
		stsize = sizeof(values_st);
		break;
	case PLAN_FILTER:
		it->next = filter_next;
		break;
	case PLAN_PROJECT:
		it->next = project_next;
		break;
	case PLAN_LIMIT:
		it->next = limit_next;
		it->rescan = limit_rescan;
		stsize = sizeof(limit_st);
		break;
	case PLAN_SORT:
		it->next = sort_next;
		it->rescan = sort_rescan;
		it->close = sort_close;
		stsize = sizeof(sort_st);
		break;
	case PLAN_MATERIAL:
		it->next = mat_next;
		it->rescan = mat_rescan;
		it->close = mat_close;
		stsize = sizeof(mat_st);
		break;
	case PLAN_NESTLOOP:
		it->next = nl_next;
		it->rescan = nl_rescan;
		it->close = nl_close;
		stsize = sizeof(nl_st);
		break;
	case PLAN_HASHJOIN:
		it->next = hj_next;
		it->rescan = hj_rescan;
		it->close = hj_close;
		stsize = sizeof(hj_st);
		break;
	case PLAN_AGG:
		it->next = agg_next;
		it->rescan = agg_rescan;
		stsize = sizeof(agg_st);
		break;
	case PLAN_DISTINCT:
		it->next = distinct_next;
		it->rescan = distinct_rescan;
		stsize = sizeof(dist_st);
		break;
	case PLAN_WINDOW:
		it->next = win_next;
		it->rescan = win_rescan;
		it->close = win_close;
		stsize = sizeof(win_st);
		break;
	case PLAN_SETOP:
		it->next = setop_next;
		it->rescan = setop_rescan;
		stsize = sizeof(setop_st);
		break;
	case PLAN_SCAN:
	case PLAN_KEY:
	case PLAN_INDEX:
	case PLAN_VERSIONS:
	case PLAN_FUNCTION:
		r = exec_open_source(it, &stsize);
		break;
	case PLAN_LOCKROWS:
		r = exec_open_lockrows(it, &stsize);
		break;
	case PLAN_PROJECTSET: {
		pset_st *st = sql_arena_zalloc(it->base, sizeof(*st));
		size_t n = (size_t)(plan->desc.ncols ? plan->desc.ncols : 1);

		st->vals = sql_arena_zalloc(it->base, n * sizeof(*st->vals));
		st->sets = sql_arena_zalloc(it->base, n * sizeof(*st->sets));
		st->a = sql_arena_new(0);
		it->st = st;
		it->next = pset_next;
		it->rescan = pset_rescan;
		it->close = pset_close;
		break;
	}
	}
	if (r != EXEC_OK) {
		exec_close(it);
		return EXEC_ERROR;
	}
	if (stsize > 0 && it->st == NULL)
		it->st = sql_arena_zalloc(it->base, stsize);
	if (plan->kind == PLAN_NESTLOOP)
		((nl_st *)it->st)->outer_arena = sql_arena_new(0);
	if (plan->kind == PLAN_HASHJOIN) {
		hj_st *st = it->st;

		st->outer_arena = sql_arena_new(0);
		st->lkeys = sql_arena_alloc(
			it->base, (size_t)(plan->nhash ? plan->nhash : 1) * sizeof(exec_value));
	}
	if (it->next == NULL) {
		exec_close(it);
		return store_err_set(
			ec->cx->err, "XX000", "plan node kind %d cannot run", (int)plan->kind);
	}
	(void)none_rescan;
	*out = it;
	return EXEC_OK;
}

int exec_next(exec_iter *it, const exec_value **row)
{
	sql_arena_reset(it->row);
	if (it->cx.run != NULL && exec_run_check(it->cx.run, it->cx.err) != EXEC_OK)
		return EXEC_ERROR;
	return it->next(it, row);
}

int exec_rescan(exec_iter *it)
{
	return it->rescan(it);
}

void exec_close(exec_iter *it)
{
	if (it == NULL)
		return;
	if (it->close != NULL && it->st != NULL)
		it->close(it);
	exec_close(it->left);
	exec_close(it->right);
	sql_arena_free(it->row);
	sql_arena_free(it->keep);
	sql_arena_free(it->base);
	free(it);
}
