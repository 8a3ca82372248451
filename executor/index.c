/*
 * index.c - secondary indexes: key encoding, the per-store cache of
 * versions (built, derived by tree diffs, evicted), transactions'
 * overlays, and readers that merge the two (see index.h).
 *
 * Keys.  Each column's part starts with a tag, 0x01 for a value and
 * 0x02 for NULL, so NULLs sort last as PostgreSQL's default btree order
 * puts them, then the value in an encoding whose memcmp order is the
 * type's comparison (types.c's cmp): integers and times as big-endian
 * 64-bit numbers with the sign bit flipped, floats by their IEEE bits
 * (negatives inverted, -0 as 0, NaN above everything), strings with
 * 0x00 escaped as 0x00 0xff and ended by 0x00 0x01 (so a prefix sorts
 * first), numeric as a class byte (-Infinity, negative, zero, positive,
 * +Infinity, NaN), then its base-10000 weight and digits, inverted when
 * negative.  Parts are self-delimiting, so the parts of several columns
 * simply follow each other.  An entry is the key, the row's key ended
 * by a 0x00 byte (so that the entries of one key and row are next to
 * each other whatever follows), in a snapshot's version the id of the
 * row's blob, then a byte for the blob id's length (0 or 20) and two for
 * the row key's length, to split them again.  The blob id lets a reader
 * outside a transaction read the row without walking its path.
 *
 * Cache.  Versions are grouped by index (table, columns, types): each
 * group keeps its versions by table tree id, at most VERSIONS of them,
 * the least recently used going first, and the whole cache evicts the
 * least recently used versions past its byte limit (a dropped index's
 * versions go that way too: nothing tells the cache of a DROP INDEX).  A group builds one
 * version at a time (its build lock): a second thread wanting the same
 * version waits and then finds it.  Building reads no lock but the
 * group's, so readers of other versions never wait.
 */
#include "index.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "idxtree.h"
#include "numeric.h"
#include "rowjson.h"

/* ---- Keys ---- */

enum {
	TAG_VALUE = 0x01,
	TAG_NULL = 0x02,
};

static void put_u64(store_buf *b, uint64_t u)
{
	unsigned char x[8];

	for (int i = 0; i < 8; i++)
		x[i] = (unsigned char)(u >> (56 - 8 * i));
	store_buf_put(b, x, 8);
}

static void put_u16(store_buf *b, unsigned u)
{
	unsigned char x[2] = {(unsigned char)(u >> 8), (unsigned char)u};

	store_buf_put(b, x, 2);
}

static void enc_bool(const exec_value *v, store_buf *b)
{
	store_buf_putc(b, v->v.b ? 1 : 0);
}

static void enc_int(const exec_value *v, store_buf *b)
{
	put_u64(b, (uint64_t)v->v.i ^ (UINT64_C(1) << 63));
}

static void enc_float(const exec_value *v, store_buf *b)
{
	double f = v->v.f;
	uint64_t bits;

	if (f == 0)
		f = 0; /* -0 = 0 */
	memcpy(&bits, &f, sizeof(bits));
	if (isnan(f))
		bits = UINT64_C(0x7ff8000000000000); /* one NaN, above +Infinity */
	put_u64(b, (bits >> 63) ? ~bits : bits | (UINT64_C(1) << 63));
}

static void put_bytes(store_buf *b, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		store_buf_putc(b, (unsigned char)p[i]);
		if (p[i] == '\0')
			store_buf_putc(b, 0xff);
	}
	store_buf_putc(b, 0x00);
	store_buf_putc(b, 0x01);
}

static void enc_text(const exec_value *v, store_buf *b)
{
	put_bytes(b, v->v.s.p, v->v.s.len);
}

/* char(n) compares without its trailing blanks. */
static void enc_bpchar(const exec_value *v, store_buf *b)
{
	size_t n = v->v.s.len;

	while (n > 0 && v->v.s.p[n - 1] == ' ')
		n--;
	put_bytes(b, v->v.s.p, n);
}

static void enc_uuid(const exec_value *v, store_buf *b)
{
	store_buf_put(b, v->v.uuid, 16);
}

static void enc_numeric(const exec_value *v, store_buf *b)
{
	const exec_numeric *n = v->v.num;
	bool neg = n->sign == EXEC_NUMERIC_NEG;

	switch (n->sign) {
	case EXEC_NUMERIC_NINF:
		store_buf_putc(b, 1);
		return;
	case EXEC_NUMERIC_PINF:
		store_buf_putc(b, 5);
		return;
	case EXEC_NUMERIC_NAN:
		store_buf_putc(b, 6);
		return;
	default:
		break;
	}
	if (n->ndigits == 0) {
		store_buf_putc(b, 3);
		return;
	}

	/* Magnitude: weight, then digits (no zero digit at either end), ended below any digit. */
	store_buf_putc(b, neg ? 2 : 4);
	put_u16(b, neg ? ~((unsigned)n->weight + 0x8000u) & 0xffff : (unsigned)n->weight + 0x8000u);
	for (int i = 0; i < n->ndigits; i++)
		put_u16(b,
			neg ? ~((unsigned)n->digits[i] + 1) & 0xffff : (unsigned)n->digits[i] + 1);
	put_u16(b, neg ? 0xffff : 0);
}

/* An interval's length with a month as 30 days, as interval_cmp orders them. */
static void enc_interval(const exec_value *v, store_buf *b)
{
	__int128 span = (__int128)v->v.iv.usecs +
			((__int128)v->v.iv.months * 30 + v->v.iv.days) * EXEC_USECS_PER_DAY;
	unsigned __int128 u = (unsigned __int128)span ^ ((unsigned __int128)1 << 127);

	put_u64(b, (uint64_t)(u >> 64));
	put_u64(b, (uint64_t)u);
}

/* timetz: the UTC instant, then the zone. */
static void enc_timetz(const exec_value *v, store_buf *b)
{
	int64_t t = v->v.timetz.usecs + (int64_t)v->v.timetz.zone * 1000000;

	put_u64(b, (uint64_t)t ^ (UINT64_C(1) << 63));
	put_u64(b, (uint64_t)(int64_t)v->v.timetz.zone ^ (UINT64_C(1) << 63));
}

/*
 * The types with a key encoding.  family: types whose values compare
 * with each other by one encoding (integers of any width, floats of
 * either, the string types); a family letter of its own otherwise.
 */
static const struct keytype {
	exec_oid oid;
	char family;
	void (*put)(const exec_value *v, store_buf *b);
} keytypes[] = {
	{EXEC_OID_BOOL, 'b', enc_bool},
	{EXEC_OID_INT2, 'i', enc_int},
	{EXEC_OID_INT4, 'i', enc_int},
	{EXEC_OID_INT8, 'i', enc_int},
	{EXEC_OID_OID, 'o', enc_int},
	{EXEC_OID_CHAR, 'c', enc_int},
	{EXEC_OID_FLOAT4, 'f', enc_float},
	{EXEC_OID_FLOAT8, 'f', enc_float},
	{EXEC_OID_NUMERIC, 'n', enc_numeric},
	{EXEC_OID_TEXT, 's', enc_text},
	{EXEC_OID_VARCHAR, 's', enc_text},
	{EXEC_OID_NAME, 's', enc_text},
	{EXEC_OID_BPCHAR, 's', enc_bpchar},
	{EXEC_OID_BYTEA, 'y', enc_text},
	{EXEC_OID_UUID, 'u', enc_uuid},
	{EXEC_OID_DATE, 'd', enc_int},
	{EXEC_OID_TIME, 't', enc_int},
	{EXEC_OID_TIMESTAMP, 'T', enc_int},
	{EXEC_OID_TIMESTAMPTZ, 'Z', enc_int},
	{EXEC_OID_INTERVAL, 'v', enc_interval},
	{EXEC_OID_TIMETZ, 'z', enc_timetz},
};

static const struct keytype *keytype(exec_oid oid)
{
	for (size_t i = 0; i < sizeof(keytypes) / sizeof(keytypes[0]); i++)
		if (keytypes[i].oid == oid)
			return &keytypes[i];
	return NULL;
}

bool exec_idx_type_ok(exec_oid type)
{
	return keytype(type) != NULL;
}

bool exec_idx_comparable(exec_oid col, exec_oid val)
{
	const struct keytype *a = keytype(col), *b = keytype(val);

	return a != NULL && b != NULL && a->family == b->family;
}

int exec_idx_key_part(exec_ctx *cx, const exec_value *v, store_buf *out)
{
	const struct keytype *kt;

	if (v->isnull) {
		store_buf_putc(out, TAG_NULL);
		return EXEC_OK;
	}
	kt = keytype(v->type);
	if (kt == NULL)
		return store_err_set(cx->err, "0A000", "values of type %u cannot be index keys",
			(unsigned)v->type);
	store_buf_putc(out, TAG_VALUE);
	kt->put(v, out);
	return EXEC_OK;
}

int exec_idx_row_key(exec_ctx *cx, const exec_idx_def *def, const exec_value *row, store_buf *out)
{
	for (int i = 0; i < def->ncols; i++)
		if (exec_idx_key_part(cx, &row[def->cols[i]], out) != EXEC_OK)
			return EXEC_ERROR;
	return EXEC_OK;
}

bool exec_idx_successor(unsigned char *prefix, size_t *len)
{
	while (*len > 0 && prefix[*len - 1] == 0xff)
		(*len)--;
	if (*len == 0)
		return false;
	prefix[*len - 1]++;
	return true;
}

/* ---- Definitions ---- */

/* Add an index over cols (n of them) to list when every column can be indexed. */
static void list_add(exec_idx_def *list, int *n, const cat_table *t, const char *name,
	const int *cols, int ncols, bool unique, bool primary)
{
	exec_idx_def *d = &list[*n];

	if (ncols < 1 || ncols > EXEC_IDX_MAXCOLS)
		return;
	for (int i = 0; i < ncols; i++)
		if (cols[i] < 0 || cols[i] >= t->ncols || !exec_idx_type_ok(t->cols[cols[i]].type))
			return;
	memset(d, 0, sizeof(*d));
	d->name = name;
	d->ncols = ncols;
	memcpy(d->cols, cols, (size_t)ncols * sizeof(int));
	d->unique = unique;
	d->primary = primary;
	(*n)++;
}

int exec_idx_list(sql_arena *a, const cat_table *t, exec_idx_def **out)
{
	exec_idx_def *list =
		sql_arena_zalloc(a, sizeof(*list) * (size_t)(t->nindexes + t->nuniq + 1));
	int n = 0;

	for (int i = 0; i < t->nindexes; i++) {
		const cat_index *ix = &t->indexes[i];
		int cols[EXEC_IDX_MAXCOLS];

		if (ix->ncols > EXEC_IDX_MAXCOLS)
			continue;
		for (int k = 0; k < ix->ncols; k++)
			cols[k] = cat_column_index(t, ix->cols[k]);
		list_add(list, &n, t, ix->name, cols, ix->ncols, ix->unique, false);
	}
	for (int i = 0; i < t->nuniq; i++)
		list_add(list, &n, t, t->uniq[i].name, t->uniq[i].cols, t->uniq[i].ncols, true,
			false);
	if (t->npk > 0)
		list_add(list, &n, t, sql_arena_printf(a, "%.*s_pkey", 58, t->name), t->pk, t->npk,
			true, true);
	*out = list;
	return n;
}

/*
 * What identifies an index's contents beside the table's tree: the
 * table, its layout, and each column's name, type and typmod (what
 * decoding a row depends on).  Appended to out.
 */
static void signature(const cat_table *t, const exec_idx_def *def, store_buf *out)
{
	store_buf_printf(out, "%s%c%d", t->name, '\0', (int)t->chrondb_layout);
	for (int i = 0; i < def->ncols; i++) {
		const cat_column *c = &t->cols[def->cols[i]];

		store_buf_printf(
			out, "%c%s%c%u:%d", '\0', c->name, '\0', (unsigned)c->type, (int)c->typmod);
	}
}

/* ---- Entries of rows ---- */

/*
 * How rows of one index are turned into entries: made ready on first
 * use (maker_init only records what for), in arenas of its own.
 */
typedef struct entrymaker {
	exec_ctx cx; /* the caller's, with the scratch arena */
	const cat_table *t;
	const exec_idx_def *def;
	sql_arena *keep;    /* the columns' description */
	sql_arena *scratch; /* one row's values */
	exec_rowdesc rd;    /* the index's columns */
	exec_value *vals;
	store_buf buf; /* the entry being made */
} entrymaker;

static void maker_init(entrymaker *m, exec_ctx *cx, const cat_table *t, const exec_idx_def *def)
{
	memset(m, 0, sizeof(*m));
	m->cx = *cx;
	m->t = t;
	m->def = def;
}

static void maker_ready(entrymaker *m)
{
	exec_rowcol *cols;

	if (m->keep != NULL)
		return;
	m->keep = sql_arena_new(0);
	m->scratch = sql_arena_new(0);
	m->cx.arena = m->scratch;
	cols = sql_arena_alloc(m->keep, sizeof(*cols) * (size_t)m->def->ncols);
	for (int i = 0; i < m->def->ncols; i++) {
		const cat_column *c = &m->t->cols[m->def->cols[i]];

		cols[i].name = c->name;
		cols[i].type = c->type;
		cols[i].typmod = c->typmod;
	}
	exec_rowdesc_init(m->keep, cols, m->def->ncols, &m->rd);
	m->vals = sql_arena_alloc(m->keep, sizeof(exec_value) * (size_t)m->def->ncols);
}

static void maker_free(entrymaker *m)
{
	store_buf_free(&m->buf);
	sql_arena_free(m->scratch);
	sql_arena_free(m->keep);
}

/* The entry of a row (its document, key and, in a snapshot's version, blob id) in m->buf. */
static int make_entry(entrymaker *m, const char *json, size_t len, const char *key, size_t keylen,
	const store_oid *blob)
{
	int r = EXEC_OK;

	maker_ready(m);
	m->buf.len = 0;
	sql_arena_reset(m->scratch);
	if (exec_row_decode(&m->cx, &m->rd, json, len, m->vals, NULL, NULL) != EXEC_OK)
		return EXEC_ERROR;
	for (int i = 0; i < m->def->ncols && r == EXEC_OK; i++)
		r = exec_idx_key_part(&m->cx, &m->vals[i], &m->buf);
	if (r != EXEC_OK)
		return EXEC_ERROR;
	store_buf_put(&m->buf, key, keylen);
	store_buf_putc(&m->buf, 0x00);
	if (blob != NULL)
		store_buf_put(&m->buf, blob->id, STORE_OID_RAWSZ);
	store_buf_putc(&m->buf, blob != NULL ? STORE_OID_RAWSZ : 0);
	put_u16(&m->buf, (unsigned)keylen);
	return EXEC_OK;
}

/* The entry of the row stored as blob. */
static int blob_entry(
	entrymaker *m, store *s, const store_oid *blob, const char *key, size_t keylen)
{
	char *json = NULL;
	size_t len = 0;
	int r;

	if (store_blob(s, blob, &json, &len, m->cx.err) != STORE_OK)
		return EXEC_ERROR;
	r = make_entry(m, json, len, key, keylen, blob);
	free(json);
	return r;
}

/* An entry taken apart: its key part, row key, and blob id (NULL when none). */
typedef struct entry {
	const unsigned char *ik;
	size_t iklen;
	const char *key;
	size_t keylen;
	const unsigned char *blob;
	size_t prefix; /* the bytes of ik, key and its 0x00: what names the row under its key */
} entry;

static entry entry_split(const unsigned char *e, size_t len)
{
	entry x;
	size_t bl = e[len - 3];

	x.keylen = ((size_t)e[len - 2] << 8) | e[len - 1];
	x.prefix = len - 3 - bl;
	x.blob = bl > 0 ? e + x.prefix : NULL;
	x.key = (const char *)e + x.prefix - 1 - x.keylen;
	x.ik = e;
	x.iklen = x.prefix - 1 - x.keylen;
	return x;
}

/* ---- The cache ---- */

#define VERSIONS 8 /* per index */

typedef struct version {
	store_oid tree;
	exec_itree t;
	uint64_t used; /* the cache's tick when last opened */
	struct version *next;
} version;

typedef struct group {
	char *sig;
	size_t siglen;
	version *versions;
	int nversions;
	pthread_mutex_t build;
	struct group *next;
} group;

typedef struct cache {
	pthread_mutex_t lock; /* groups, their version lists, ticks, stats */
	group *groups;
	atomic_size_t bytes;
	size_t limit;
	uint64_t tick;
	exec_idx_stats stats;
} cache;

static void *cache_new(void)
{
	cache *c = calloc(1, sizeof(*c));

	if (c == NULL)
		abort();
	pthread_mutex_init(&c->lock, NULL);
	atomic_init(&c->bytes, 0);
	c->limit = EXEC_IDX_CACHE_BYTES;
	return c;
}

static void cache_free(void *arg)
{
	cache *c = arg;

	for (group *g = c->groups, *gn; g != NULL; g = gn) {
		gn = g->next;
		for (version *v = g->versions, *vn; v != NULL; v = vn) {
			vn = v->next;
			exec_itree_release(&v->t);
			free(v);
		}
		pthread_mutex_destroy(&g->build);
		free(g->sig);
		free(g);
	}
	pthread_mutex_destroy(&c->lock);
	free(c);
}

static cache *cache_of(store *s)
{
	return store_ext(s, cache_new, cache_free);
}

/* The group of a signature, made when new; caller holds c->lock. */
static group *group_get(cache *c, const store_buf *sig)
{
	group *g;

	for (g = c->groups; g != NULL; g = g->next)
		if (g->siglen == sig->len && memcmp(g->sig, sig->data, sig->len) == 0)
			return g;
	g = calloc(1, sizeof(*g));
	if (g == NULL || (g->sig = malloc(sig->len)) == NULL)
		abort();
	memcpy(g->sig, sig->data, sig->len);
	g->siglen = sig->len;
	pthread_mutex_init(&g->build, NULL);
	g->next = c->groups;
	c->groups = g;
	return g;
}

static version *version_find(group *g, const store_oid *tree)
{
	for (version *v = g->versions; v != NULL; v = v->next)
		if (store_oid_equal(&v->tree, tree))
			return v;
	return NULL;
}

/* Take v out of its group and release it; caller holds c->lock. */
static void version_drop(cache *c, group *g, version *v)
{
	for (version **p = &g->versions; *p != NULL; p = &(*p)->next)
		if (*p == v) {
			*p = v->next;
			break;
		}
	g->nversions--;
	c->stats.versions--;
	exec_itree_release(&v->t);
	free(v);
}

/*
 * Evict until the group holds at most VERSIONS and the cache at most its
 * byte limit, least recently used first, never keep; caller holds c->lock.
 */
static void evict(cache *c, group *only, const version *keep)
{
	for (;;) {
		group *vg = NULL;
		version *lru = NULL;
		bool over_count = only != NULL && only->nversions > VERSIONS;

		if (!over_count && atomic_load(&c->bytes) <= c->limit)
			return;
		for (group *g = over_count ? only : c->groups; g != NULL;
			g = over_count ? NULL : g->next)
			for (version *v = g->versions; v != NULL; v = v->next)
				if (v != keep && (lru == NULL || v->used < lru->used)) {
					lru = v;
					vg = g;
				}
		if (lru == NULL)
			return;
		version_drop(c, vg, lru);
	}
}

/* What a diff between two trees does to a version being derived. */
typedef struct deriving {
	entrymaker m;
	store *s;
	exec_itree_edit edit;
	uint64_t rows;
} deriving;

static int derive_row(void *arg, const store_rowdiff *d, store_err *err)
{
	deriving *dv = arg;

	(void)err;
	if (!store_oid_is_zero(&d->old_blob)) {
		if (blob_entry(&dv->m, dv->s, &d->old_blob, d->key, d->keylen) != EXEC_OK)
			return EXEC_ERROR;
		exec_itree_del(&dv->edit, dv->m.buf.data, dv->m.buf.len);
		dv->rows++;
	}
	if (!store_oid_is_zero(&d->new_blob)) {
		if (blob_entry(&dv->m, dv->s, &d->new_blob, d->key, d->keylen) != EXEC_OK)
			return EXEC_ERROR;
		exec_itree_put(&dv->edit, dv->m.buf.data, dv->m.buf.len);
		dv->rows++;
	}
	return STORE_OK;
}

/* A first build: every row's entry, sorted, into full nodes. */
typedef struct building {
	entrymaker m;
	store *s;
	store_buf all; /* the entries, one after another */
	size_t *offs;
	size_t n, cap;
} building;

static int build_row(void *arg, const store_rowdiff *d, store_err *err)
{
	building *b = arg;

	(void)err;
	if (blob_entry(&b->m, b->s, &d->new_blob, d->key, d->keylen) != EXEC_OK)
		return EXEC_ERROR;
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 1024;
		b->offs = realloc(b->offs, (b->cap + 1) * sizeof(*b->offs));
		if (b->offs == NULL)
			abort();
	}
	b->offs[b->n++] = b->all.len;
	store_buf_put(&b->all, b->m.buf.data, b->m.buf.len);
	return STORE_OK;
}

typedef struct span {
	const unsigned char *p;
	size_t len;
} span;

static int span_cmp(const void *a, const void *b)
{
	const span *x = a, *y = b;
	int c = memcmp(x->p, y->p, x->len < y->len ? x->len : y->len);

	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

static int build_full(exec_ctx *cx, cache *c, store *s, const cat_table *t, const exec_idx_def *def,
	const store_oid *tree, int chrondb, exec_itree *out, uint64_t *rows)
{
	static const store_oid zero;
	building b;
	int r;

	memset(&b, 0, sizeof(b));
	maker_init(&b.m, cx, t, def);
	b.s = s;
	r = store_table_diff(s, &zero, tree, chrondb, build_row, &b, cx->err);
	if (r == STORE_OK) {
		span *sp = malloc((b.n + 1) * sizeof(*sp));
		const unsigned char **ents = malloc((b.n + 1) * sizeof(*ents));
		size_t *lens = malloc((b.n + 1) * sizeof(*lens)), n = 0;

		if (sp == NULL || ents == NULL || lens == NULL)
			abort();
		for (size_t i = 0; i < b.n; i++) {
			sp[i].p = b.all.data + b.offs[i];
			sp[i].len = (i + 1 < b.n ? b.offs[i + 1] : b.all.len) - b.offs[i];
		}
		qsort(sp, b.n, sizeof(*sp), span_cmp);
		for (size_t i = 0; i < b.n; i++) {
			/* Two rows cannot share a key: every entry is distinct already. */
			ents[n] = sp[i].p;
			lens[n++] = sp[i].len;
		}
		exec_itree_build(ents, lens, n, &c->bytes, out);
		*rows = b.n;
		free(sp);
		free(ents);
		free(lens);
	}
	free(b.offs);
	store_buf_free(&b.all);
	maker_free(&b.m);
	return r == STORE_OK ? EXEC_OK : EXEC_ERROR;
}

/*
 * The version of def over table tree `tree` (a reference the caller
 * releases): cached, derived from the group's most recently used
 * version, or built.
 */
static int version_get(exec_ctx *cx, store *s, const cat_table *t, const exec_idx_def *def,
	const store_oid *tree, int chrondb, exec_itree *out)
{
	cache *c = cache_of(s);
	store_buf sig = STORE_BUF_INIT;
	group *g;
	version *v, *base = NULL;
	exec_itree from = {0}, made = {0};
	store_oid from_tree = {{0}};
	uint64_t rows = 0;
	int r;

	signature(t, def, &sig);
	pthread_mutex_lock(&c->lock);
	g = group_get(c, &sig);
	store_buf_free(&sig);
	v = version_find(g, tree);
	if (v != NULL) {
		v->used = ++c->tick;
		*out = exec_itree_ref(&v->t);
		c->stats.hits++;
		pthread_mutex_unlock(&c->lock);
		return EXEC_OK;
	}
	pthread_mutex_unlock(&c->lock);

	/* One build per index at a time; whoever waited may find it made. */
	pthread_mutex_lock(&g->build);
	pthread_mutex_lock(&c->lock);
	v = version_find(g, tree);
	if (v != NULL) {
		v->used = ++c->tick;
		*out = exec_itree_ref(&v->t);
		c->stats.hits++;
		pthread_mutex_unlock(&c->lock);
		pthread_mutex_unlock(&g->build);
		return EXEC_OK;
	}
	for (version *x = g->versions; x != NULL; x = x->next)
		if (base == NULL || x->used > base->used)
			base = x;
	if (base != NULL) {
		from = exec_itree_ref(&base->t);
		from_tree = base->tree;
	}
	pthread_mutex_unlock(&c->lock);

	if (base != NULL) {
		deriving d;

		memset(&d, 0, sizeof(d));
		maker_init(&d.m, cx, t, def);
		d.s = s;
		exec_itree_edit_begin(&d.edit, &from, &c->bytes);
		r = store_table_diff(s, &from_tree, tree, chrondb, derive_row, &d, cx->err);
		exec_itree_edit_end(&d.edit, &made);
		maker_free(&d.m);
		exec_itree_release(&from);
		rows = d.rows;
		r = r == STORE_OK ? EXEC_OK : EXEC_ERROR;
	} else {
		r = build_full(cx, c, s, t, def, tree, chrondb, &made, &rows);
	}
	if (r != EXEC_OK) {
		exec_itree_release(&made);
		pthread_mutex_unlock(&g->build);
		return EXEC_ERROR;
	}

	pthread_mutex_lock(&c->lock);
	v = calloc(1, sizeof(*v));
	if (v == NULL)
		abort();
	v->tree = *tree;
	v->t = made;
	v->used = ++c->tick;
	v->next = g->versions;
	g->versions = v;
	g->nversions++;
	c->stats.versions++;
	c->stats.rows_read += rows;
	if (base != NULL)
		c->stats.derives++;
	else
		c->stats.builds++;
	*out = exec_itree_ref(&v->t);
	evict(c, g, v);
	evict(c, NULL, v);
	pthread_mutex_unlock(&c->lock);
	pthread_mutex_unlock(&g->build);
	return EXEC_OK;
}

void exec_idx_get_stats(store *s, exec_idx_stats *out)
{
	cache *c = cache_of(s);

	pthread_mutex_lock(&c->lock);
	*out = c->stats;
	out->bytes = atomic_load(&c->bytes);
	pthread_mutex_unlock(&c->lock);
}

void exec_idx_set_limit(store *s, size_t bytes)
{
	cache *c = cache_of(s);

	pthread_mutex_lock(&c->lock);
	c->limit = bytes;
	evict(c, NULL, NULL);
	pthread_mutex_unlock(&c->lock);
}

/* ---- Transactions' overlays ---- */

/* The row keys a transaction wrote: an open-addressing set of malloc'd strings. */
typedef struct keyset {
	char **slots;
	size_t *lens;
	size_t cap, n;
} keyset;

static uint64_t key_hash(const char *k, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 1099511628211ull;
	return h;
}

static size_t keyset_slot(const keyset *ks, const char *k, size_t n)
{
	size_t i = (size_t)key_hash(k, n) & (ks->cap - 1);

	while (ks->slots[i] != NULL && !(ks->lens[i] == n && memcmp(ks->slots[i], k, n) == 0))
		i = (i + 1) & (ks->cap - 1);
	return i;
}

static bool keyset_has(const keyset *ks, const char *k, size_t n)
{
	return ks->cap > 0 && ks->slots[keyset_slot(ks, k, n)] != NULL;
}

static void keyset_add(keyset *ks, const char *k, size_t n)
{
	size_t i;

	if ((ks->n + 1) * 2 > ks->cap) {
		keyset old = *ks;

		ks->cap = ks->cap ? 2 * ks->cap : 64;
		ks->slots = calloc(ks->cap, sizeof(*ks->slots));
		ks->lens = calloc(ks->cap, sizeof(*ks->lens));
		if (ks->slots == NULL || ks->lens == NULL)
			abort();
		for (size_t j = 0; j < old.cap; j++)
			if (old.slots[j] != NULL) {
				i = keyset_slot(ks, old.slots[j], old.lens[j]);
				ks->slots[i] = old.slots[j];
				ks->lens[i] = old.lens[j];
			}
		free(old.slots);
		free(old.lens);
	}
	i = keyset_slot(ks, k, n);
	if (ks->slots[i] != NULL)
		return;
	ks->slots[i] = malloc(n ? n : 1);
	if (ks->slots[i] == NULL)
		abort();
	memcpy(ks->slots[i], k, n);
	ks->lens[i] = n;
	ks->n++;
}

static void keyset_free(keyset *ks)
{
	for (size_t i = 0; i < ks->cap; i++)
		free(ks->slots[i]);
	free(ks->slots);
	free(ks->lens);
}

/*
 * The entries of the rows one transaction wrote, for one index, and the
 * keys of those rows (a snapshot's blob of one of them is not what the
 * transaction sees).
 */
typedef struct overlay {
	char *sig;
	size_t siglen;
	uint64_t pos; /* how far into the row log it is */
	exec_itree t;
	keyset written;
	struct overlay *next;
} overlay;

typedef struct overlays {
	overlay *list;
	atomic_size_t bytes;
} overlays;

static void overlays_free(void *arg)
{
	overlays *o = arg;

	for (overlay *x = o->list, *n; x != NULL; x = n) {
		n = x->next;
		exec_itree_release(&x->t);
		keyset_free(&x->written);
		free(x->sig);
		free(x);
	}
	free(o);
}

typedef struct catching_up {
	entrymaker m;
	exec_itree_edit edit;
	keyset *written;
} catching_up;

static int overlay_row(
	void *arg, const char *key, size_t keylen, const char *json, size_t len, store_err *err)
{
	catching_up *cu = arg;

	(void)err;
	keyset_add(cu->written, key, keylen);
	if (json == NULL)
		return STORE_OK; /* no row now: whatever was indexed of it is a stale candidate */
	if (make_entry(&cu->m, json, len, key, keylen, NULL) != EXEC_OK)
		return EXEC_ERROR;
	exec_itree_put(&cu->edit, cu->m.buf.data, cu->m.buf.len);
	return STORE_OK;
}

/*
 * The overlay of def in tx, brought up to date with the row log: *out
 * a reference to its entries the caller releases.  Entries are only ever
 * added: a row's older entries stay as candidates the caller's check
 * drops.
 */
static int overlay_get(exec_ctx *cx, store_tx *tx, const cat_table *t, const exec_idx_def *def,
	exec_itree *out, overlay **which)
{
	overlays *o = store_tx_ext(tx);
	store_buf sig = STORE_BUF_INIT;
	overlay *x;
	catching_up cu;
	int r;

	if (o == NULL) {
		o = calloc(1, sizeof(*o));
		if (o == NULL)
			abort();
		atomic_init(&o->bytes, 0);
		store_tx_set_ext(tx, o, overlays_free);
	}
	signature(t, def, &sig);
	for (x = o->list; x != NULL; x = x->next)
		if (x->siglen == sig.len && memcmp(x->sig, sig.data, sig.len) == 0)
			break;
	if (x == NULL) {
		x = calloc(1, sizeof(*x));
		if (x == NULL)
			abort();
		x->siglen = sig.len;
		x->sig = (char *)store_buf_detach(&sig);
		x->next = o->list;
		o->list = x;
	}
	store_buf_free(&sig);

	memset(&cu, 0, sizeof(cu));
	maker_init(&cu.m, cx, t, def);
	cu.written = &x->written;
	exec_itree_edit_begin(&cu.edit, &x->t, &o->bytes);
	r = store_tx_row_log(tx, t->name, &x->pos, overlay_row, &cu, cx->err);
	maker_free(&cu.m);
	exec_itree_release(&x->t);
	exec_itree_edit_end(&cu.edit, &x->t);
	if (r != STORE_OK)
		return EXEC_ERROR;
	*out = exec_itree_ref(&x->t);
	*which = x;
	return EXEC_OK;
}

/* ---- Readers ---- */

struct exec_idx_reader {
	exec_itree base, over; /* references held while reading */
	const overlay *ov;     /* the transaction's overlay (the written keys), or NULL */
	exec_itree_cursor cb, co;
	bool backward;
	unsigned char *start, *end; /* the range (malloc'd copies; NULL: open) */
	size_t startlen, endlen;
	unsigned char *cur; /* the entry last returned (a copy: its cursor moves on) */
	size_t curlen, curcap;
	store_oid blob;
};

int exec_idx_open(exec_ctx *cx, store_snap *snap, store_tx *tx, const cat_table *t,
	const exec_idx_def *def, exec_idx_reader **out)
{
	exec_idx_reader *r = calloc(1, sizeof(*r));
	store_oid tree;
	int chrondb;

	if (r == NULL)
		abort();

	/* The snapshot's rows, unless the transaction made the table anew. */
	if (tx == NULL || !store_tx_table_is_new(tx, t->name)) {
		int rc = store_table_tree(snap, t->name, &tree, &chrondb, cx->err);

		if (rc != STORE_OK && !(tx != NULL && strcmp(cx->err->sqlstate, "42P01") == 0)) {
			free(r);
			return EXEC_ERROR;
		}
		if (rc != STORE_OK)
			store_err_clear(cx->err); /* a table only this transaction has */
		else if (version_get(cx, store_snap_store(snap), t, def, &tree, chrondb,
				 &r->base) != EXEC_OK) {
			free(r);
			return EXEC_ERROR;
		}
	}
	if (tx != NULL) {
		overlay *ov;

		if (overlay_get(cx, tx, t, def, &r->over, &ov) != EXEC_OK) {
			exec_idx_close(r);
			return EXEC_ERROR;
		}
		r->ov = ov;
	}
	*out = r;
	return EXEC_OK;
}

static unsigned char *dup_bytes(const unsigned char *p, size_t n)
{
	unsigned char *c = malloc(n ? n : 1);

	if (c == NULL)
		abort();
	memcpy(c, p, n);
	return c;
}

void exec_idx_range(exec_idx_reader *r, const unsigned char *start, size_t startlen,
	const unsigned char *end, size_t endlen, bool backward)
{
	free(r->start);
	free(r->end);
	r->start = start ? dup_bytes(start, startlen) : NULL;
	r->startlen = startlen;
	r->end = end ? dup_bytes(end, endlen) : NULL;
	r->endlen = endlen;
	r->backward = backward;
	if (backward) {
		exec_itree_seek_before(&r->cb, &r->base, r->end, r->endlen);
		exec_itree_seek_before(&r->co, &r->over, r->end, r->endlen);
	} else {
		exec_itree_seek(&r->cb, &r->base, r->start, r->startlen);
		exec_itree_seek(&r->co, &r->over, r->start, r->startlen);
	}
}

static int bytes_cmp(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c != 0 ? c : (alen > blen) - (alen < blen);
}

/* The cursor's entry when it is still inside the range. */
static bool in_range(
	const exec_idx_reader *r, const exec_itree_cursor *c, const unsigned char **e, size_t *len)
{
	if (!exec_itree_entry(c, e, len))
		return false;
	if (r->backward)
		return r->start == NULL || bytes_cmp(*e, *len, r->start, r->startlen) >= 0;
	return r->end == NULL || bytes_cmp(*e, *len, r->end, r->endlen) < 0;
}

int exec_idx_next(exec_idx_reader *r, const char **key, size_t *keylen, const unsigned char **ik,
	size_t *iklen, const store_oid **blob)
{
	const unsigned char *a = NULL, *b = NULL, *e;
	size_t al = 0, bl = 0, el;
	bool ha = in_range(r, &r->cb, &a, &al), hb = in_range(r, &r->co, &b, &bl);
	entry x;
	int c;

	if (!ha && !hb)
		return 0;

	/*
	 * The nearer of the two in the scan's direction, by the key and row they
	 * name; a row both have under one key comes once, as the overlay has it.
	 */
	if (ha && hb) {
		entry xa = entry_split(a, al), xb = entry_split(b, bl);

		c = bytes_cmp(a, xa.prefix, b, xb.prefix);
		if (r->backward)
			c = -c;
	} else {
		c = ha ? -1 : 1;
	}
	e = c < 0 ? a : b;
	el = c < 0 ? al : bl;
	if (el > r->curcap) {
		r->curcap = el * 2;
		r->cur = realloc(r->cur, r->curcap);
		if (r->cur == NULL)
			abort();
	}
	memcpy(r->cur, e, el);
	r->curlen = el;
	if (c <= 0)
		r->backward ? exec_itree_prev(&r->cb) : exec_itree_next(&r->cb);
	if (c >= 0)
		r->backward ? exec_itree_prev(&r->co) : exec_itree_next(&r->co);
	x = entry_split(r->cur, r->curlen);
	*key = x.key;
	*keylen = x.keylen;
	*ik = x.ik;
	*iklen = x.iklen;

	/* A snapshot's blob serves unless the transaction wrote a row under the key. */
	*blob = NULL;
	if (x.blob != NULL && (r->ov == NULL || !keyset_has(&r->ov->written, x.key, x.keylen))) {
		memcpy(r->blob.id, x.blob, STORE_OID_RAWSZ);
		*blob = &r->blob;
	}
	return 1;
}

int exec_idx_row(store_snap *snap, store_tx *tx, const char *table, const char *key, size_t keylen,
	const store_oid *blob, char **json, size_t *len, store_err *err)
{
	if (blob != NULL)
		return store_blob(store_snap_store(snap), blob, json, len, err);
	if (tx != NULL)
		return store_tx_read(tx, snap, table, key, keylen, json, len, NULL, err);
	return store_get(snap, table, key, keylen, json, len, NULL, err);
}

int exec_idx_count(exec_ctx *cx, store_snap *snap, store_tx *tx, const cat_table *t,
	const exec_idx_def *def, const unsigned char *key, size_t keylen, int limit, int *count)
{
	exec_idx_reader *r;
	entrymaker m;
	unsigned char *end = dup_bytes(key, keylen);
	size_t endlen = keylen;
	const char *rk;
	const unsigned char *ik;
	const store_oid *blob;
	size_t rklen, iklen;
	int rc = EXEC_OK;

	*count = 0;
	if (exec_idx_open(cx, snap, tx, t, def, &r) != EXEC_OK) {
		free(end);
		return EXEC_ERROR;
	}
	maker_init(&m, cx, t, def);
	exec_idx_range(
		r, key, keylen, exec_idx_successor(end, &endlen) ? end : NULL, endlen, false);
	while (*count < limit && exec_idx_next(r, &rk, &rklen, &ik, &iklen, &blob) == 1) {
		char *json = NULL;
		size_t len = 0;
		int got = exec_idx_row(snap, tx, t->name, rk, rklen, blob, &json, &len, cx->err);

		if (got == STORE_NOTFOUND)
			continue;
		if (got != STORE_OK || make_entry(&m, json, len, rk, rklen, NULL) != EXEC_OK) {
			free(json);
			rc = EXEC_ERROR;
			break;
		}
		free(json);

		/* A candidate counts when the row's key now is the one it was found under. */
		if (m.buf.len == iklen + rklen + 4 && memcmp(m.buf.data, ik, iklen) == 0)
			(*count)++;
	}
	maker_free(&m);
	exec_idx_close(r);
	free(end);
	return rc;
}

void exec_idx_close(exec_idx_reader *r)
{
	if (r == NULL)
		return;
	exec_itree_release(&r->base);
	exec_itree_release(&r->over);
	free(r->start);
	free(r->end);
	free(r->cur);
	free(r);
}
