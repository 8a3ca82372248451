/*
 * scan.c - the plan nodes that produce rows: table scans, primary-key
 * lookups, index scans and set-returning functions (see plan.h).
 *
 * A scan reads a table as a transaction sees it at the statement's
 * snapshot (storage's store_tx_scan_open: its own writes over the
 * snapshot) or as a snapshot alone, in key order, and decodes each
 * stored document into the table's columns (rowjson.h), applying a
 * pushed-down filter before the row leaves.  Decoded values live in the
 * iterator's row arena, reset for every row, so a scan of a million
 * rows uses the memory of one.
 *
 * An index scan (PLAN_INDEX) turns its bounds into ranges of index
 * keys, reads the candidates an index reader gives for each (index.h),
 * and keeps a row only when the key it has now is the candidate's and
 * the index conditions hold on it: candidates from a transaction's
 * overlay may be stale or doubled, never wrong.
 *
 * A version scan (PLAN_VERSIONS, FOR SYSTEM_TIME BETWEEN, FROM ... TO
 * and ALL) asks storage for the versions in its range once (their keys,
 * blobs and commits: store_table_versions), then reads and decodes one
 * version's blob per row, with the system columns after the table's.
 */
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "exec_int.h"
#include "index.h"
#include "keycodec.h"
#include "rowjson.h"
#include "srf.h"

/* ---- Row keys ---- */

int exec_row_key(exec_ctx *cx, const exec_value *parts, int nparts, store_buf *out)
{
	store_buf text = STORE_BUF_INIT;
	const char *ptr[16];
	size_t lens[16], offs[16], need;
	int r = EXEC_OK;
	exec_ctx kx = *cx;

	/*
	 * A key is the same whatever the session's settings: ISO text, and a
	 * timestamptz as its UTC time, so that one instant is one row key.
	 */
	kx.date_style = EXEC_DATES_ISO;
	kx.date_order = EXEC_DATEORDER_MDY;
	kx.timezone = "UTC";

	if (nparts < 1 || nparts > 16)
		return store_err_set(cx->err, "54011", "a primary key may have at most 16 columns");
	for (int i = 0; i < nparts && r == EXEC_OK; i++) {
		if (parts[i].isnull) {
			r = store_err_set(cx->err, "22004", "a primary key value cannot be null");
			break;
		}
		offs[i] = text.len;
		r = exec_value_out(&kx, &parts[i], &text);
		lens[i] = text.len - offs[i];
	}
	if (r == EXEC_OK) {
		for (int i = 0; i < nparts; i++)
			ptr[i] = (const char *)text.data + offs[i];
		need = store_key_encode_parts(NULL, 0, ptr, lens, nparts);
		if (need > STORE_KEY_MAX) {
			r = store_err_set(cx->err, "54000", "primary key value is too long");
			store_err_detail(cx->err, "Its row key takes %zu bytes; the limit is %d.",
				need, STORE_KEY_MAX);
		} else {
			store_buf_grow(out, need + 1);
			store_key_encode_parts(
				(char *)out->data + out->len, need + 1, ptr, lens, nparts);
			out->len += need;
		}
	}
	store_buf_free(&text);
	return r;
}

/* ---- Decoding rows of a source ---- */

typedef struct src_st {
	exec_rowdesc rd;
	store_scan *scan; /* SCAN: open between the first next and the end or a rescan */
	int pos;          /* KEY: the next key */
	bool done;
	/* FUNCTION: the rows the function emitted, or its cursor (srf.h) */
	exec_value **rows;
	size_t nrows, caprows, rowpos;
	bool called;
	const exec_srf_cursor *cursor;
	void *cstate; /* the cursor's, while it is open */
	bool copen;
	/* INDEX: the reader, the key ranges of the bounds (a store_buf each end), the one read */
	exec_idx_reader *reader;
	store_buf *starts, *ends; /* an empty `data` (NULL) end is open */
	int nranges, caprange, range;
	bool ranged;
	store_buf rowkey;
	/* VERSIONS: what storage found, the next one to read */
	store_versions *vers;
	size_t vpos;
} src_st;

/* Name, type, typmod: plan.h's system columns, in their order. */
const exec_column plan_syscols[PLAN_NSYSCOLS] = {
	[PLAN_SYS_FROM] = {"_system_from", EXEC_OID_TIMESTAMPTZ, EXEC_TYPMOD_NONE, 0, 0, NULL},
	[PLAN_SYS_TO] = {"_system_to", EXEC_OID_TIMESTAMPTZ, EXEC_TYPMOD_NONE, 0, 0, NULL},
	[PLAN_SYS_COMMIT] = {"_commit", EXEC_OID_TEXT, EXEC_TYPMOD_NONE, 0, 0, NULL},
	[PLAN_SYS_AUTHOR] = {"_author", EXEC_OID_TEXT, EXEC_TYPMOD_NONE, 0, 0, NULL},
	[PLAN_SYS_END_COMMIT] = {"_end_commit", EXEC_OID_TEXT, EXEC_TYPMOD_NONE, 0, 0, NULL},
};

static void src_desc(exec_iter *it, src_st *st)
{
	const plan_source *src = &it->plan->src;
	exec_rowcol *cols =
		sql_arena_alloc(it->base, (size_t)(src->ncols ? src->ncols : 1) * sizeof(*cols));

	for (int i = 0; i < src->ncols; i++) {
		cols[i].name = src->colnames[i];
		cols[i].type = src->coltypes[i];
		cols[i].typmod = src->coltypmods ? src->coltypmods[i] : EXEC_TYPMOD_NONE;
	}
	exec_rowdesc_init(it->base, cols, src->ncols, &st->rd);
}

/*
 * Decode one stored document into it->out and apply the pushed-down
 * filter.  The document itself, when the source shows it, is copied into
 * the row arena: the caller's text goes before the row does.
 */
static int src_row(exec_iter *it, src_st *st, const char *json, size_t len, int *keep)
{
	const plan_node *p = it->plan;

	if (exec_row_decode(&it->cx, &st->rd, json, len, it->out, NULL, NULL) != EXEC_OK)
		return EXEC_ERROR;
	if (p->src.with_doc) {
		char *doc = sql_arena_strndup(it->row, json, len);

		it->out[p->src.ncols + (p->src.with_key ? 1 : 0)] =
			exec_text(EXEC_OID_JSON, doc, len);
	}
	if (p->qual == NULL) {
		*keep = 1;
		return EXEC_OK;
	}
	it->ec.row = it->out;
	it->ec.nrow = p->desc.ncols;
	return exec_eval_qual(&it->ec, p->qual, keep);
}

/*
 * src_row over a document the caller malloc'd, freed here: 1 with *row
 * set when the row passes the filter, 0 when it does not, EXEC_ERROR.
 */
static int src_row_take(exec_iter *it, src_st *st, char *json, size_t len, const exec_value **row)
{
	int keep = 0, r = src_row(it, st, json, len, &keep);

	free(json);
	if (r != EXEC_OK)
		return EXEC_ERROR;
	if (keep)
		*row = it->out;
	return keep ? 1 : 0;
}

/*
 * The snapshot and transaction a source reads: its own, or for a plan
 * kept between executions (plan_source.stmt_view), the executing run's.
 */
static void src_view(const exec_iter *it, const plan_source *src, store_snap **snap, store_tx **tx)
{
	*snap = src->snap;
	*tx = src->tx;
	if (src->stmt_view)
		exec_run_view(it->cx.run, snap, tx);
}

/* ---- SCAN ---- */

static int scan_next(exec_iter *it, const exec_value **row)
{
	src_st *st = it->st;
	const plan_source *src = &it->plan->src;
	const char *key, *json;
	size_t keylen, len;
	int r;

	if (st->done)
		return 0;
	if (st->scan == NULL) {
		store_snap *snap;
		store_tx *tx;

		src_view(it, src, &snap, &tx);
		r = tx != NULL ? store_tx_scan_open(tx, snap, src->table, &st->scan, it->cx.err)
			       : store_scan_open(snap, src->table, &st->scan, it->cx.err);
		if (r != STORE_OK)
			return EXEC_ERROR;
	}
	while ((r = store_scan_next(st->scan, &key, &keylen, &json, &len, it->cx.err)) == 1) {
		int keep;

		if (src->with_key) {
			char *k = sql_arena_alloc(it->row, keylen ? keylen : 1);

			if (keylen > 0)
				memcpy(k, key, keylen);
			it->out[src->ncols] = exec_text(EXEC_OID_BYTEA, k, keylen);
		}
		if (src_row(it, st, json, len, &keep) != EXEC_OK)
			return EXEC_ERROR;
		if (keep) {
			*row = it->out;
			return 1;
		}
		sql_arena_reset(it->row);
	}
	if (r < 0)
		return EXEC_ERROR;
	store_scan_close(st->scan);
	st->scan = NULL;
	st->done = true;
	return 0;
}

static int scan_rescan(exec_iter *it)
{
	src_st *st = it->st;

	store_scan_close(st->scan);
	st->scan = NULL;
	st->done = false;
	return EXEC_OK;
}

static void scan_close(exec_iter *it)
{
	store_scan_close(((src_st *)it->st)->scan);
}

/* ---- KEY ---- */

static int key_next(exec_iter *it, const exec_value **row)
{
	src_st *st = it->st;
	const plan_node *p = it->plan;
	const plan_source *src = &p->src;
	store_snap *snap;
	store_tx *tx;

	while (st->pos < p->nkeys) {
		exec_value parts[16];
		store_buf key = STORE_BUF_INIT;
		char *json = NULL;
		size_t len = 0;
		int r, np = p->nkeyparts, null_part = 0;

		if (np < 1 || np > 16)
			return store_err_set(
				it->cx.err, "XX000", "a key lookup with %d key columns", np);
		it->ec.row = NULL;
		it->ec.nrow = 0;
		for (int i = 0; i < np; i++) {
			if (exec_eval(&it->ec, p->keyexprs[st->pos * np + i], &parts[i]) != EXEC_OK)
				return EXEC_ERROR;
			null_part = null_part || parts[i].isnull;
		}
		st->pos++;

		/* pk = NULL matches no row, as the comparison would be NULL. */
		if (null_part)
			continue;
		if (exec_row_key(&it->cx, parts, np, &key) != EXEC_OK) {
			store_buf_free(&key);
			return EXEC_ERROR;
		}
		src_view(it, src, &snap, &tx);
		r = tx != NULL ? store_tx_read(tx, snap, src->table, (const char *)key.data,
					 key.len, &json, &len, NULL, it->cx.err)
			       : store_get(snap, src->table, (const char *)key.data, key.len, &json,
					 &len, NULL, it->cx.err);
		store_buf_free(&key);
		if (r == STORE_NOTFOUND)
			continue;
		if (r != STORE_OK)
			return EXEC_ERROR;
		r = src_row_take(it, st, json, len, row);
		if (r != 0)
			return r;
	}
	return 0;
}

static int key_rescan(exec_iter *it)
{
	((src_st *)it->st)->pos = 0;
	return EXEC_OK;
}

/* ---- INDEX ---- */

static void ranges_clear(src_st *st)
{
	for (int i = 0; i < st->nranges; i++) {
		store_buf_free(&st->starts[i]);
		store_buf_free(&st->ends[i]);
	}
	st->nranges = 0;
}

/* A range [start, end) more; NULL data on either side: open. */
static void range_add(src_st *st, const store_buf *start, const store_buf *end)
{
	if (st->nranges == st->caprange) {
		st->caprange = st->caprange ? 2 * st->caprange : 8;
		st->starts = realloc(st->starts, (size_t)st->caprange * sizeof(*st->starts));
		st->ends = realloc(st->ends, (size_t)st->caprange * sizeof(*st->ends));
		if (st->starts == NULL || st->ends == NULL)
			abort();
	}
	memset(&st->starts[st->nranges], 0, sizeof(store_buf));
	memset(&st->ends[st->nranges], 0, sizeof(store_buf));
	if (start->data != NULL)
		store_buf_put(&st->starts[st->nranges], start->data, start->len);
	if (end->data != NULL)
		store_buf_put(&st->ends[st->nranges], end->data, end->len);
	st->nranges++;
}

/*
 * One bound of the range column after prefix: *out = prefix + the
 * value's key, moved past every key it starts when `past` (an
 * inclusive upper or exclusive lower bound).  *none when the value is
 * NULL (the comparison matches no row) or nothing lies past it.
 */
static int range_bound(exec_iter *it, const store_buf *prefix, const exec_expr *e, bool past,
	store_buf *out, bool *none)
{
	exec_value v;

	if (exec_eval(&it->ec, e, &v) != EXEC_OK)
		return EXEC_ERROR;
	out->len = 0;
	if (v.isnull) {
		*none = true;
		return EXEC_OK;
	}
	store_buf_put(out, prefix->data, prefix->len);
	if (exec_idx_key_part(&it->cx, &v, out) != EXEC_OK)
		return EXEC_ERROR;
	if (past && !exec_idx_successor(out->data, &out->len))
		store_buf_free(out); /* nothing past it: open */
	return EXEC_OK;
}

static int part_cmp(const void *a, const void *b)
{
	const store_buf *x = a, *y = b;
	int c = memcmp(x->data, y->data, x->len < y->len ? x->len : y->len);

	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

/* The ranges the node's bounds give now (parameters and outer rows as they are). */
static int index_ranges(exec_iter *it, src_st *st)
{
	const plan_node *p = it->plan;
	store_buf *prefixes = calloc(1, sizeof(store_buf));
	int nprefixes = 1, r = EXEC_OK;

	if (prefixes == NULL)
		abort();
	ranges_clear(st);
	it->ec.row = NULL;
	it->ec.nrow = 0;
	store_buf_put(&prefixes[0], "", 0);

	/* The pinned columns: each prefix times each value of the next column (NULLs match none). */
	for (int k = 0; k < p->nikeys && r == EXEC_OK && nprefixes > 0; k++) {
		const plan_ikey *ik = &p->ikeys[k];
		int nv = ik->nvals > 0 ? ik->nvals : 1, nparts = 0;
		store_buf *parts = calloc((size_t)nv, sizeof(store_buf)), *next;

		if (parts == NULL)
			abort();
		for (int i = 0; i < ik->nvals && r == EXEC_OK; i++) {
			exec_value v;

			if ((r = exec_eval(&it->ec, ik->vals[i], &v)) != EXEC_OK || v.isnull)
				continue;
			r = exec_idx_key_part(&it->cx, &v, &parts[nparts++]);
		}
		if (ik->nvals == 0) {
			exec_value null = exec_null(EXEC_OID_UNKNOWN);

			r = exec_idx_key_part(&it->cx, &null, &parts[nparts++]);
		}

		/* IN lists read in key order, each value once. */
		qsort(parts, (size_t)nparts, sizeof(*parts), part_cmp);
		next = calloc((size_t)(nprefixes * (nparts ? nparts : 1)), sizeof(store_buf));
		if (next == NULL)
			abort();
		{
			int n = 0;

			for (int a = 0; a < nprefixes; a++)
				for (int b = 0; b < nparts; b++) {
					if (b > 0 && part_cmp(&parts[b - 1], &parts[b]) == 0)
						continue;
					store_buf_put(&next[n], prefixes[a].data, prefixes[a].len);
					store_buf_put(&next[n], parts[b].data, parts[b].len);
					n++;
				}
			for (int a = 0; a < nprefixes; a++)
				store_buf_free(&prefixes[a]);
			for (int b = 0; b < nparts; b++)
				store_buf_free(&parts[b]);
			free(prefixes);
			free(parts);
			prefixes = next;
			nprefixes = n;
		}
	}

	/* Each prefix gives a range: its keys, or those within the bounds on the next column. */
	for (int a = 0; a < nprefixes && r == EXEC_OK; a++) {
		store_buf start = STORE_BUF_INIT, end = STORE_BUF_INIT;
		bool none = false;

		if (p->ilo != NULL) {
			r = range_bound(it, &prefixes[a], p->ilo, !p->ilo_incl, &start, &none);
			if (r == EXEC_OK && start.data == NULL)
				none = true; /* nothing past the lower bound */
		} else if (p->ihi != NULL) {
			store_buf_put(&start, prefixes[a].data, prefixes[a].len);
			store_buf_putc(&start, 0x01); /* the first value, past no NULL */
		} else if (prefixes[a].len > 0) {
			store_buf_put(&start, prefixes[a].data, prefixes[a].len);
		}
		if (r == EXEC_OK && p->ihi != NULL) {
			r = range_bound(it, &prefixes[a], p->ihi, p->ihi_incl, &end, &none);
		} else if (r == EXEC_OK && p->ilo != NULL) {
			store_buf_put(&end, prefixes[a].data, prefixes[a].len);
			store_buf_putc(&end, 0x02); /* before the NULLs */
		} else if (r == EXEC_OK && prefixes[a].len > 0) {
			store_buf_put(&end, prefixes[a].data, prefixes[a].len);
			if (!exec_idx_successor(end.data, &end.len))
				store_buf_free(&end);
		}
		if (r == EXEC_OK && !none)
			range_add(st, &start, &end);
		store_buf_free(&start);
		store_buf_free(&end);
	}
	for (int a = 0; a < nprefixes; a++)
		store_buf_free(&prefixes[a]);
	free(prefixes);
	return r;
}

/* Position the reader on range i (counted from the last one when backward). */
static void index_seek(exec_iter *it, src_st *st, int i)
{
	int k = it->plan->backward ? st->nranges - 1 - i : i;

	exec_idx_range(st->reader, st->starts[k].data, st->starts[k].len, st->ends[k].data,
		st->ends[k].len, it->plan->backward);
}

static int index_next(exec_iter *it, const exec_value **row)
{
	src_st *st = it->st;
	const plan_node *p = it->plan;
	const plan_source *src = &p->src;
	store_snap *snap;
	store_tx *tx;
	const char *key;
	const unsigned char *ik;
	const store_oid *blob;
	size_t keylen, iklen;

	if (st->done)
		return 0;
	src_view(it, src, &snap, &tx);
	if (st->reader == NULL &&
		exec_idx_open(&it->cx, snap, tx, src->catalog, p->index, &st->reader) != EXEC_OK)
		return EXEC_ERROR;
	if (!st->ranged) {
		if (index_ranges(it, st) != EXEC_OK)
			return EXEC_ERROR;
		st->ranged = true;
		st->range = 0;
		if (st->nranges > 0)
			index_seek(it, st, 0);
	}
	while (st->range < st->nranges) {
		char *json = NULL;
		size_t len = 0;
		int r, keep;

		if (exec_idx_next(st->reader, &key, &keylen, &ik, &iklen, &blob) == 0) {
			if (++st->range < st->nranges)
				index_seek(it, st, st->range);
			continue;
		}

		/* The row as the scan's reader sees it, if it still has this entry's key. */
		r = exec_idx_row(snap, tx, src->table, key, keylen, blob, &json, &len, it->cx.err);
		if (r == STORE_NOTFOUND)
			continue;
		if (r != STORE_OK)
			return EXEC_ERROR;
		sql_arena_reset(it->row);
		r = exec_row_decode(&it->cx, &st->rd, json, len, it->out, NULL, NULL);
		st->rowkey.len = 0;
		if (r == EXEC_OK)
			r = exec_idx_row_key(&it->cx, p->index, it->out, &st->rowkey);
		if (r != EXEC_OK) {
			free(json);
			return EXEC_ERROR;
		}
		if (st->rowkey.len != iklen || memcmp(st->rowkey.data, ik, iklen) != 0) {
			free(json);
			continue;
		}
		if (src->with_key) {
			char *k = sql_arena_alloc(it->row, keylen ? keylen : 1);

			memcpy(k, key, keylen);
			it->out[src->ncols] = exec_text(EXEC_OID_BYTEA, k, keylen);
		}
		if (src->with_doc)
			it->out[src->ncols + (src->with_key ? 1 : 0)] = exec_text(
				EXEC_OID_JSON, sql_arena_strndup(it->row, json, len), len);
		free(json);
		it->ec.row = it->out;
		it->ec.nrow = p->desc.ncols;
		keep = 1;
		if (p->indexqual != NULL && exec_eval_qual(&it->ec, p->indexqual, &keep) != EXEC_OK)
			return EXEC_ERROR;
		if (keep && p->qual != NULL && exec_eval_qual(&it->ec, p->qual, &keep) != EXEC_OK)
			return EXEC_ERROR;
		if (keep) {
			*row = it->out;
			return 1;
		}
	}
	st->done = true;
	return 0;
}

static int index_rescan(exec_iter *it)
{
	src_st *st = it->st;

	/* The bounds may read outer rows: computed again; the reader stays. */
	st->ranged = false;
	st->done = false;
	return EXEC_OK;
}

static void index_close(exec_iter *it)
{
	src_st *st = it->st;

	exec_idx_close(st->reader);
	ranges_clear(st);
	free(st->starts);
	free(st->ends);
	store_buf_free(&st->rowkey);
}

/* ---- VERSIONS ---- */

/* A commit's time as a timestamptz, or NULL for none. */
static exec_value sys_time(const store_versions *vs, int32_t c)
{
	if (c < 0)
		return exec_null(EXEC_OID_TIMESTAMPTZ);
	return exec_int(EXEC_OID_TIMESTAMPTZ,
		vs->commits[c].time_us - (int64_t)EXEC_EPOCH_DAYS * EXEC_USECS_PER_DAY);
}

/* A commit's id as text in the row arena, or NULL for none. */
static exec_value sys_commit(exec_iter *it, const store_versions *vs, int32_t c)
{
	char *hex;

	if (c < 0)
		return exec_null(EXEC_OID_TEXT);
	hex = sql_arena_alloc(it->row, STORE_OID_HEXSZ + 1);
	store_oid_fmt(hex, &vs->commits[c].id);
	return exec_text(EXEC_OID_TEXT, hex, STORE_OID_HEXSZ);
}

static int versions_next(exec_iter *it, const exec_value **row)
{
	src_st *st = it->st;
	const plan_node *p = it->plan;
	const plan_source *src = &p->src;
	exec_value *sys = it->out + src->ncols;

	if (st->vers == NULL && store_table_versions(src->snap, p->vbranch, src->table, p->vfrom,
					p->vto, &st->vers, it->cx.err) != STORE_OK)
		return EXEC_ERROR;
	while (st->vpos < st->vers->nrows) {
		const store_rowver *v = &st->vers->rows[st->vpos++];
		char *json = NULL;
		size_t len = 0;
		int r;

		if (store_blob(store_snap_store(src->snap), &v->blob, &json, &len, it->cx.err) !=
			STORE_OK)
			return EXEC_ERROR;
		sys[PLAN_SYS_FROM] = sys_time(st->vers, v->from);
		sys[PLAN_SYS_TO] = sys_time(st->vers, v->to);
		sys[PLAN_SYS_COMMIT] = sys_commit(it, st->vers, v->from);
		sys[PLAN_SYS_AUTHOR] =
			v->from < 0 ? exec_null(EXEC_OID_TEXT)
				    : exec_text(EXEC_OID_TEXT, st->vers->commits[v->from].author,
					      strlen(st->vers->commits[v->from].author));
		sys[PLAN_SYS_END_COMMIT] = sys_commit(it, st->vers, v->to);
		r = src_row_take(it, st, json, len, row);
		if (r != 0)
			return r;
		sql_arena_reset(it->row);
	}
	return 0;
}

/* The same versions again: what storage found stays. */
static int versions_rescan(exec_iter *it)
{
	((src_st *)it->st)->vpos = 0;
	return EXEC_OK;
}

static void versions_close(exec_iter *it)
{
	store_versions_free(((src_st *)it->st)->vers);
}

/* ---- FUNCTION ---- */

static int srf_emit(void *arg, const exec_value *cols, int ncols)
{
	exec_iter *it = arg;
	src_st *st = it->st;

	int width = it->plan->desc.ncols - (it->plan->ordinality ? 1 : 0);

	if (ncols != width)
		return store_err_set(
			it->cx.err, "XX000", "a function returned %d columns for %d", ncols, width);

	/* A long series can be cancelled while it is made. */
	if (it->cx.run != NULL && exec_run_check(it->cx.run, it->cx.err) != EXEC_OK)
		return EXEC_ERROR;
	if (st->nrows == st->caprows) {
		size_t cap = st->caprows ? 2 * st->caprows : 64;
		exec_value **grown = realloc(st->rows, cap * sizeof(*grown));

		if (grown == NULL)
			return store_err_set(it->cx.err, "53200", "out of memory");
		st->rows = grown;
		st->caprows = cap;
	}
	st->rows[st->nrows] = sql_arena_alloc(it->keep, (size_t)(ncols + 1) * sizeof(exec_value));
	for (int i = 0; i < ncols; i++)
		st->rows[st->nrows][i] = exec_value_copy(it->keep, &cols[i]);

	/* WITH ORDINALITY: the row's number, from 1. */
	if (it->plan->ordinality)
		st->rows[st->nrows][ncols] = exec_int(EXEC_OID_INT8, (int64_t)st->nrows + 1);
	st->nrows++;
	return EXEC_OK;
}

/* The cursor's next row, in the node's output row (with its ordinality). */
static int func_cursor_next(exec_iter *it, src_st *st, const exec_value **row)
{
	const exec_value *cols;
	int ncols, width = it->plan->desc.ncols - (it->plan->ordinality ? 1 : 0);
	int r = st->cursor->next(st->cstate, &it->cx, &cols, &ncols);

	if (r != 1)
		return r;
	if (ncols != width)
		return store_err_set(
			it->cx.err, "XX000", "a function returned %d columns for %d", ncols, width);
	memcpy(it->out, cols, (size_t)ncols * sizeof(*cols));
	if (it->plan->ordinality)
		it->out[ncols] = exec_int(EXEC_OID_INT8, (int64_t)++st->nrows);
	*row = it->out;
	return 1;
}

static int func_next(exec_iter *it, const exec_value **row)
{
	src_st *st = it->st;
	const plan_node *p = it->plan;
	const exec_srf *f = p->srf;

	if (!st->called) {
		exec_value args[8];
		bool null_arg = false;

		if (p->nfargs > 8)
			return store_err_set(it->cx.err, "XX000",
				"a set-returning function with %d arguments", p->nfargs);
		it->ec.row = NULL;
		it->ec.nrow = 0;
		for (int i = 0; i < p->nfargs; i++) {
			if (exec_eval(&it->ec, p->fargs[i], &args[i]) != EXEC_OK)
				return EXEC_ERROR;
			null_arg = null_arg || args[i].isnull;
		}
		st->called = true;
		if (f->strict && null_arg)
			return 0;

		/* A function read a row at a time stops reading when its reader does. */
		st->cursor = exec_srf_cursor_of(f);
		if (st->cursor != NULL) {
			int r = st->cursor->open(&it->cx, it->keep, args, p->nfargs, &st->cstate);

			st->copen = true; /* closed whatever open did */
			if (r != EXEC_OK)
				return EXEC_ERROR;
		} else if (f->fn(&it->cx, args, p->nfargs, srf_emit, it) != EXEC_OK) {
			return EXEC_ERROR;
		}
	}
	if (st->copen)
		return func_cursor_next(it, st, row);
	if (st->rowpos >= st->nrows)
		return 0;
	*row = st->rows[st->rowpos++];
	return 1;
}

static void func_cursor_close(src_st *st)
{
	if (st->copen)
		st->cursor->close(st->cstate);
	st->copen = false;
	st->cstate = NULL;
}

static int func_rescan(exec_iter *it)
{
	src_st *st = it->st;

	/* The arguments may depend on outer rows: call again. */
	func_cursor_close(st);
	st->nrows = st->rowpos = 0;
	st->called = false;
	sql_arena_reset(it->keep);
	return EXEC_OK;
}

static void func_close(exec_iter *it)
{
	func_cursor_close(it->st);
	free(((src_st *)it->st)->rows);
}

/* The source nodes' operations; a table's source decodes its rows (src_desc). */
static const struct {
	plan_kind kind;
	bool rows; /* reads a table's documents */
	int (*next)(exec_iter *it, const exec_value **row);
	int (*rescan)(exec_iter *it);
	void (*close)(exec_iter *it);
} sources[] = {
	{PLAN_SCAN, true, scan_next, scan_rescan, scan_close},
	{PLAN_KEY, true, key_next, key_rescan, NULL},
	{PLAN_INDEX, true, index_next, index_rescan, index_close},
	{PLAN_VERSIONS, true, versions_next, versions_rescan, versions_close},
	{PLAN_FUNCTION, false, func_next, func_rescan, func_close},
};

int exec_open_source(exec_iter *it, size_t *stsize)
{
	src_st *st = sql_arena_zalloc(it->base, sizeof(*st));

	(void)stsize;
	it->st = st;
	for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++) {
		if (sources[i].kind != it->plan->kind)
			continue;
		if (sources[i].rows)
			src_desc(it, st);
		it->next = sources[i].next;
		it->rescan = sources[i].rescan;
		it->close = sources[i].close;
		return EXEC_OK;
	}
	return store_err_set(
		it->cx.err, "XX000", "plan node kind %d is no source", (int)it->plan->kind);
}
