/*
 * scan.c - the plan nodes that produce rows: table scans, primary-key
 * lookups and set-returning functions (see plan.h).
 *
 * A scan reads a table as a transaction sees it at the statement's
 * snapshot (storage's store_tx_scan_open: its own writes over the
 * snapshot) or as a snapshot alone, in key order, and decodes each
 * stored document into the table's columns (rowjson.h), applying a
 * pushed-down filter before the row leaves.  Decoded values live in the
 * iterator's row arena, reset for every row, so a scan of a million
 * rows uses the memory of one.
 */
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "exec_int.h"
#include "keycodec.h"
#include "rowjson.h"

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
	/* FUNCTION: the rows the function emitted */
	exec_value **rows;
	size_t nrows, caprows, rowpos;
	bool called;
} src_st;

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
		r = src->tx != NULL ? store_tx_scan_open(
					      src->tx, src->snap, src->table, &st->scan, it->cx.err)
				    : store_scan_open(src->snap, src->table, &st->scan, it->cx.err);
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

	while (st->pos < p->nkeys) {
		exec_value parts[16];
		store_buf key = STORE_BUF_INIT;
		char *json = NULL;
		size_t len = 0;
		int r, keep = 0, np = p->nkeyparts, null_part = 0;

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
		r = src->tx != NULL
			    ? store_tx_read(src->tx, src->snap, src->table, (const char *)key.data,
				      key.len, &json, &len, NULL, it->cx.err)
			    : store_get(src->snap, src->table, (const char *)key.data, key.len,
				      &json, &len, NULL, it->cx.err);
		store_buf_free(&key);
		if (r == STORE_NOTFOUND)
			continue;
		if (r != STORE_OK)
			return EXEC_ERROR;
		r = src_row(it, st, json, len, &keep);
		free(json);
		if (r != EXEC_OK)
			return EXEC_ERROR;
		if (keep) {
			*row = it->out;
			return 1;
		}
	}
	return 0;
}

static int key_rescan(exec_iter *it)
{
	((src_st *)it->st)->pos = 0;
	return EXEC_OK;
}

/* ---- FUNCTION ---- */

static int srf_emit(void *arg, const exec_value *cols, int ncols)
{
	exec_iter *it = arg;
	src_st *st = it->st;

	int width = it->plan->desc.ncols - (it->plan->ordinality ? 1 : 0);

	if (ncols != width)
		return store_err_set(it->cx.err, "XX000", "a function returned %d columns for %d",
			ncols, width);
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
		if (!(f->strict && null_arg) &&
			f->fn(&it->cx, args, p->nfargs, srf_emit, it) != EXEC_OK)
			return EXEC_ERROR;
	}
	if (st->rowpos >= st->nrows)
		return 0;
	*row = st->rows[st->rowpos++];
	return 1;
}

static int func_rescan(exec_iter *it)
{
	src_st *st = it->st;

	/* The arguments may depend on outer rows: call again. */
	st->nrows = st->rowpos = 0;
	st->called = false;
	sql_arena_reset(it->keep);
	return EXEC_OK;
}

static void func_close(exec_iter *it)
{
	free(((src_st *)it->st)->rows);
}

int exec_open_source(exec_iter *it, size_t *stsize)
{
	src_st *st = sql_arena_zalloc(it->base, sizeof(*st));

	(void)stsize;
	it->st = st;
	switch (it->plan->kind) {
	case PLAN_SCAN:
		src_desc(it, st);
		it->next = scan_next;
		it->rescan = scan_rescan;
		it->close = scan_close;
		return EXEC_OK;
	case PLAN_KEY:
		src_desc(it, st);
		it->next = key_next;
		it->rescan = key_rescan;
		return EXEC_OK;
	case PLAN_FUNCTION:
		it->next = func_next;
		it->rescan = func_rescan;
		it->close = func_close;
		return EXEC_OK;
	default:
		return store_err_set(
			it->cx.err, "XX000", "plan node kind %d is no source", (int)it->plan->kind);
	}
}
