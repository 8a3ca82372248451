/*
 * relsize.c - the disk-usage functions psql's \dt+, \di+, \l+ and \db+
 * call, over the run's catalog image (syscat_int.h): pg_relation_size,
 * pg_table_size, pg_indexes_size, pg_total_relation_size,
 * pg_database_size, pg_tablespace_size, pg_tablespace_location and
 * pg_size_pretty; the module exec_mod_relsize.
 *
 * What the sizes count.  A table's rows are JSON documents in Git: its
 * size is the bytes of those documents as stored (their canonical
 * text), read at the statement's view, the transaction's own writes
 * included.  A table of more than SIZE_SAMPLE rows is sampled: the
 * first SIZE_SAMPLE rows in key order (which storage's hashed paths
 * make a spread of the keys) give a mean that storage's row count
 * (cheap: no row read) multiplies.  Secondary indexes live beside Git,
 * rebuilt when needed (index.h): an index's size is its entries'
 * bytes, each the row's key and the indexed columns' values as their
 * JSON text, from the same sample.  A sequence's size is its catalog
 * entry's; a view's, and a system catalog's (computed when read), 0.
 * The database's size (and pg_default's) is the sum over its tables,
 * their indexes and its sequences at the statement's view: what the
 * current data takes, not the history Git keeps beside it.
 *
 * Not here: what pg_class shows (syscat.c); relpages and reltuples are
 * not estimates of these.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "basic.h"
#include "numeric.h"
#include "syscat_int.h"

/* Rows read exactly before a table's size is extrapolated from them. */
#define SIZE_SAMPLE 1000

/* ---- Measuring ---- */

/*
 * The bytes of the indexed columns' values in a stored row: their JSON
 * text (a missing member counts as JSON null).
 */
static size_t index_value_bytes(json_t *doc, const cat_table *t, const exec_idx_def *idx)
{
	size_t n = 0;

	for (int k = 0; k < idx->ncols; k++) {
		json_t *v = doc != NULL ? json_object_get(doc, t->cols[idx->cols[k]].name) : NULL;
		char *text = v != NULL ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;

		n += text != NULL ? strlen(text) : 4;
		free(text);
	}
	return n;
}

/*
 * Size table rel (of image im) and the indexes that follow it: read up
 * to SIZE_SAMPLE rows, then scale by the table's row count when there
 * are more.
 */
static int size_table(exec_ctx *cx, sc_image *im, sc_rel *rel)
{
	exec_session *ss = im->ss;
	store_snap *snap = ss->cur->snap;
	uint64_t rows = 0, total = 0, bytes = 0, *ibytes;
	store_scan *sc;
	const char *key, *json;
	size_t keylen, len;
	int r, base = (int)(rel - im->rels);

	ibytes = sql_arena_zalloc(cx->arena, (size_t)(rel->nidx + 1) * sizeof(*ibytes));
	r = ss->tx != NULL ? store_tx_scan_open(ss->tx, snap, rel->name, &sc, cx->err)
			   : store_scan_open(snap, rel->name, &sc, cx->err);
	if (r != STORE_OK)
		return EXEC_ERROR;
	while (rows < SIZE_SAMPLE &&
		(r = store_scan_next(sc, &key, &keylen, &json, &len, cx->err)) == 1) {
		json_t *doc = rel->nidx > 0 ? json_loadb(json, len, 0, NULL) : NULL;

		rows++;
		bytes += len;
		for (int i = 0; i < rel->nidx; i++)
			ibytes[i] +=
				keylen + index_value_bytes(doc, rel->t, im->rels[base + 1 + i].idx);
		json_decref(doc);
	}
	if (r == 1)
		r = store_scan_next(sc, &key, &keylen, &json, &len, cx->err);
	store_scan_close(sc);
	if (r < 0)
		return EXEC_ERROR;

	/* More rows than the sample: the branch's count, which leaves the transaction's own out. */
	total = rows;
	if (r == 1 && store_count(snap, rel->name, &total, cx->err) != STORE_OK)
		return EXEC_ERROR;
	if (total < rows)
		total = rows;
	rel->bytes = rows > 0 ? (int64_t)(bytes * total / rows) : 0;
	rel->sized = true;
	for (int i = 0; i < rel->nidx; i++) {
		im->rels[base + 1 + i].bytes = rows > 0 ? (int64_t)(ibytes[i] * total / rows) : 0;
		im->rels[base + 1 + i].sized = true;
	}
	return EXEC_OK;
}

/* A relation's own size (PostgreSQL's main fork); sizes it on first need. */
static int rel_bytes(exec_ctx *cx, sc_image *im, sc_rel *rel, int64_t *out)
{
	if (!rel->sized && rel->sys == NULL) {
		char *json = NULL;

		switch (rel->kind) {
		case 'r':
			if (size_table(cx, im, rel) != EXEC_OK)
				return EXEC_ERROR;
			break;
		case 'i':
			if (size_table(cx, im, &im->rels[rel->table_rel]) != EXEC_OK)
				return EXEC_ERROR;
			break;
		case 'S':
			if (store_tx_meta_get(im->ss->tx, im->ss->cur->snap, "sequences", rel->name,
				    &json, cx->err) == STORE_ERROR)
				return EXEC_ERROR;
			store_err_clear(cx->err);
			rel->bytes = json != NULL ? (int64_t)strlen(json) : 0;
			free(json);
			break;
		default:
			rel->bytes = 0;
		}
		rel->sized = true;
	}
	*out = rel->sys != NULL ? 0 : rel->bytes;
	return EXEC_OK;
}

/* The indexes of a table: the relations that follow it in the image. */
static int indexes_bytes(exec_ctx *cx, sc_image *im, sc_rel *rel, int64_t *out)
{
	int base = (int)(rel - im->rels);

	*out = 0;
	for (int i = 0; rel->kind == 'r' && rel->sys == NULL && i < rel->nidx; i++) {
		int64_t n;

		if (rel_bytes(cx, im, &im->rels[base + 1 + i], &n) != EXEC_OK)
			return EXEC_ERROR;
		*out += n;
	}
	return EXEC_OK;
}

/* Everything the session's database holds at the statement's view. */
static int database_bytes(exec_ctx *cx, sc_image *im, int64_t *out)
{
	*out = 0;
	for (int i = 0; i < im->nrels; i++) {
		int64_t n;

		if (rel_bytes(cx, im, &im->rels[i], &n) != EXEC_OK)
			return EXEC_ERROR;
		*out += n;
	}
	return EXEC_OK;
}

/* ---- Relation sizes ---- */

/* The image and the relation a regclass argument names (NULL: none, a NULL result). */
static int rel_of(exec_ctx *cx, const exec_value *arg, sc_image **im, sc_rel **rel)
{
	if (exec_syscat_image(cx, im) != EXEC_OK)
		return EXEC_ERROR;
	*rel = (sc_rel *)exec_syscat_rel(*im, (uint32_t)arg->v.i);
	return EXEC_OK;
}

static exec_value size_value(int64_t n)
{
	return exec_int(EXEC_OID_INT8, n);
}

/* pg_relation_size(rel [, fork]): only the main fork has data; the others are 0. */
static int relation_size_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	static const char *const forks[] = {"main", "fsm", "vm", "init"};
	sc_image *im;
	sc_rel *rel;
	int64_t n = 0;
	size_t f = 0;

	if (nargs > 1) {
		for (f = 0; f < EXEC_NELEM(forks); f++)
			if (args[1].v.s.len == strlen(forks[f]) &&
				memcmp(args[1].v.s.p, forks[f], args[1].v.s.len) == 0)
				break;
		if (f == EXEC_NELEM(forks)) {
			store_err_set(cx->err, "22023", "invalid fork name");
			store_err_hint(cx->err,
				"Valid fork names are \"main\", \"fsm\", \"vm\", and \"init\".");
			return EXEC_ERROR;
		}
	}
	if (rel_of(cx, &args[0], &im, &rel) != EXEC_OK)
		return EXEC_ERROR;
	if (rel == NULL) {
		*out = exec_null(EXEC_OID_INT8);
		return EXEC_OK;
	}
	if (f == 0 && rel_bytes(cx, im, rel, &n) != EXEC_OK)
		return EXEC_ERROR;
	*out = size_value(n);
	return EXEC_OK;
}

/* What a size function adds up for a relation. */
typedef enum size_what {
	SIZE_TABLE,   /* pg_table_size: the relation's data (no TOAST here) */
	SIZE_INDEXES, /* pg_indexes_size: a table's indexes */
	SIZE_TOTAL,   /* pg_total_relation_size: both */
} size_what;

static int sizes(exec_ctx *cx, const exec_value *args, size_what what, exec_value *out)
{
	sc_image *im;
	sc_rel *rel;
	int64_t own = 0, idx = 0;

	if (rel_of(cx, &args[0], &im, &rel) != EXEC_OK)
		return EXEC_ERROR;
	if (rel == NULL) {
		*out = exec_null(EXEC_OID_INT8);
		return EXEC_OK;
	}
	if (what != SIZE_INDEXES && rel_bytes(cx, im, rel, &own) != EXEC_OK)
		return EXEC_ERROR;
	if (what != SIZE_TABLE && indexes_bytes(cx, im, rel, &idx) != EXEC_OK)
		return EXEC_ERROR;
	*out = size_value(own + idx);
	return EXEC_OK;
}

#define SIZE_FN(fname, what)                                                                       \
	static int fname(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)         \
	{                                                                                          \
		(void)nargs;                                                                       \
		return sizes(cx, args, what, out);                                                 \
	}
SIZE_FN(table_size_fn, SIZE_TABLE)
SIZE_FN(indexes_size_fn, SIZE_INDEXES)
SIZE_FN(total_size_fn, SIZE_TOTAL)

/* ---- Databases and tablespaces ---- */

/* pg_database_size(name | oid): 3D000 for another name, NULL for another OID. */
static int database_size_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_image *im;
	int64_t n;

	(void)nargs;
	if (exec_syscat_image(cx, &im) != EXEC_OK)
		return EXEC_ERROR;
	if (args[0].type == EXEC_OID_OID ? args[0].v.i != EXEC_SYSCAT_DATABASE_OID
					 : strcmp(exec_syscat_database(im),
						   sql_arena_strndup(cx->arena, args[0].v.s.p,
							   args[0].v.s.len)) != 0) {
		if (args[0].type == EXEC_OID_OID) {
			*out = exec_null(EXEC_OID_INT8);
			return EXEC_OK;
		}
		return store_err_set(cx->err, "3D000", "database \"%.*s\" does not exist",
			(int)args[0].v.s.len, args[0].v.s.p);
	}
	if (database_bytes(cx, im, &n) != EXEC_OK)
		return EXEC_ERROR;
	*out = size_value(n);
	return EXEC_OK;
}

/* The tablespace a name or OID argument names: 42704 for an unknown name, NULL for an OID. */
static int tablespace_arg(exec_ctx *cx, const exec_value *arg, const sc_fixed **spc)
{
	char *name;

	if (arg->type == EXEC_OID_OID) {
		*spc = exec_syscat_tablespace((uint32_t)arg->v.i, NULL);
		return EXEC_OK;
	}
	name = sql_arena_strndup(cx->arena, arg->v.s.p, arg->v.s.len);
	*spc = exec_syscat_tablespace(0, name);
	if (*spc == NULL)
		return store_err_set(cx->err, "42704", "tablespace \"%s\" does not exist", name);
	return EXEC_OK;
}

/* pg_tablespace_size: pg_default holds the database; pg_global, no shared catalog data. */
static int tablespace_size_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const sc_fixed *spc;
	sc_image *im;
	int64_t n = 0;

	(void)nargs;
	if (tablespace_arg(cx, &args[0], &spc) != EXEC_OK)
		return EXEC_ERROR;
	if (spc == NULL) {
		*out = exec_null(EXEC_OID_INT8);
		return EXEC_OK;
	}
	if (strcmp(spc->name, "pg_default") == 0 &&
		(exec_syscat_image(cx, &im) != EXEC_OK || database_bytes(cx, im, &n) != EXEC_OK))
		return EXEC_ERROR;
	*out = size_value(n);
	return EXEC_OK;
}

/* pg_tablespace_location: "" for the built-in ones, as PostgreSQL gives for its two. */
static int tablespace_location_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const sc_fixed *spc;

	(void)nargs;
	if (tablespace_arg(cx, &args[0], &spc) != EXEC_OK)
		return EXEC_ERROR;
	*out = spc != NULL ? exec_text(EXEC_OID_TEXT, "", 0) : exec_null(EXEC_OID_TEXT);
	return EXEC_OK;
}

/* ---- pg_size_pretty ---- */

/*
 * PostgreSQL's units: bytes below 10 kB, then each unit below 20 of the
 * next less half a unit, rounded half away from zero in all but bytes.
 */
static const struct {
	const char *name;
	int64_t limit;
	bool round;
	int bits;
} units[] = {
	{"bytes", 10 * 1024, false, 0},
	{"kB", 20 * 1024 - 1, true, 10},
	{"MB", 20 * 1024 - 1, true, 20},
	{"GB", 20 * 1024 - 1, true, 30},
	{"TB", 20 * 1024 - 1, true, 40},
	{"PB", 20 * 1024 - 1, true, 50},
};

/* How many bits to divide by going from unit u to the next (rounding takes one of them). */
static int unit_shift(size_t u)
{
	return units[u + 1].bits - units[u].bits - (units[u + 1].round ? 1 : 0) +
	       (units[u].round ? 1 : 0);
}

static int size_pretty_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t size = args[0].v.i;
	size_t u;

	(void)nargs;
	for (u = 0; u + 1 < EXEC_NELEM(units); u++) {
		if ((size < 0 ? -size : size) < units[u].limit)
			break;
		size /= (int64_t)1 << unit_shift(u);
	}
	if (units[u].round)
		size = (size + (size < 0 ? -1 : 1)) / 2;
	{
		const char *s =
			sql_arena_printf(cx->arena, "%lld %s", (long long)size, units[u].name);

		*out = exec_text(EXEC_OID_TEXT, s, strlen(s));
	}
	return EXEC_OK;
}

/* a / 2^bits truncated towards zero, as numeric. */
static int numeric_shift(exec_ctx *cx, const exec_numeric *a, int bits, const exec_numeric **out)
{
	static const exec_oid num[] = {EXEC_OID_NUMERIC, EXEC_OID_INT4};
	exec_oid cast[2], result;
	const exec_func *trunc = exec_func_resolve("trunc", num, 1, cast, &result, cx->err);
	exec_value q;

	if (trunc == NULL ||
		exec_numeric_div(cx, a, exec_numeric_from_int64(cx->arena, (int64_t)1 << bits),
			out) != EXEC_OK)
		return EXEC_ERROR;
	q = exec_numeric_value(*out);
	if (trunc->fn(cx, &q, 1, &q) != EXEC_OK)
		return EXEC_ERROR;
	*out = q.v.num;
	return EXEC_OK;
}

/* pg_size_pretty(numeric): the same steps in numeric arithmetic, for any size. */
static int size_pretty_numeric_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_numeric *size = args[0].v.num;
	store_buf b = STORE_BUF_INIT;
	size_t u;

	(void)nargs;
	for (u = 0; u + 1 < EXEC_NELEM(units); u++) {
		const exec_numeric *lim = exec_numeric_from_int64(cx->arena, units[u].limit),
				   *neg = exec_numeric_from_int64(cx->arena, -units[u].limit);

		if (exec_numeric_cmp(size, lim) < 0 && exec_numeric_cmp(size, neg) > 0)
			break;
		if (numeric_shift(cx, size, unit_shift(u), &size) != EXEC_OK)
			return EXEC_ERROR;
	}
	if (units[u].round) {
		bool negative = exec_numeric_cmp(size, exec_numeric_from_int64(cx->arena, 0)) < 0;

		if (exec_numeric_add(cx, size,
			    exec_numeric_from_int64(cx->arena, negative ? -1 : 1),
			    &size) != EXEC_OK ||
			numeric_shift(cx, size, 1, &size) != EXEC_OK)
			return EXEC_ERROR;
	}
	exec_numeric_out(size, &b);
	store_buf_printf(&b, " %s", units[u].name);
	*out = exec_text_dup(cx, EXEC_OID_TEXT, (const char *)b.data, b.len);
	store_buf_free(&b);
	return EXEC_OK;
}

/* ---- The module ---- */

#define F(name, res, n, args, vol, fn, oid)                                                        \
	{                                                                                          \
		name, res, n, args, false, true, vol, fn, oid                                      \
	}

static const exec_func relsize_funcs[] = {
	F("pg_relation_size", EXEC_OID_INT8, 1, EXEC_ARGS1(REGCLASS), 'v', relation_size_fn, 2325),
	F("pg_relation_size", EXEC_OID_INT8, 2, EXEC_ARGS2(REGCLASS, TEXT), 'v', relation_size_fn,
		2332),
	F("pg_table_size", EXEC_OID_INT8, 1, EXEC_ARGS1(REGCLASS), 'v', table_size_fn, 2997),
	F("pg_indexes_size", EXEC_OID_INT8, 1, EXEC_ARGS1(REGCLASS), 'v', indexes_size_fn, 2998),
	F("pg_total_relation_size", EXEC_OID_INT8, 1, EXEC_ARGS1(REGCLASS), 'v', total_size_fn,
		2286),
	F("pg_database_size", EXEC_OID_INT8, 1, EXEC_ARGS1(NAME), 'v', database_size_fn, 2168),
	F("pg_database_size", EXEC_OID_INT8, 1, EXEC_ARGS1(OID), 'v', database_size_fn, 2324),
	F("pg_tablespace_size", EXEC_OID_INT8, 1, EXEC_ARGS1(OID), 'v', tablespace_size_fn, 2322),
	F("pg_tablespace_size", EXEC_OID_INT8, 1, EXEC_ARGS1(NAME), 'v', tablespace_size_fn, 2323),
	F("pg_tablespace_location", EXEC_OID_TEXT, 1, EXEC_ARGS1(OID), 's', tablespace_location_fn,
		3778),
	F("pg_size_pretty", EXEC_OID_TEXT, 1, EXEC_ARGS1(INT8), 'i', size_pretty_fn, 2288),
	F("pg_size_pretty", EXEC_OID_TEXT, 1, EXEC_ARGS1(NUMERIC), 'i', size_pretty_numeric_fn,
		3166),
};

const exec_module exec_mod_relsize = {
	"relsize", NULL, 0, NULL, 0, NULL, 0, relsize_funcs, EXEC_NELEM(relsize_funcs), NULL, 0};
