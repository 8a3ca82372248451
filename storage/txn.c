/*
 * txn.c - transactions: write sets, the commit path, the WAL records that
 * make commits durable, their replay, and a transaction's row locks
 * (taken through its locker, lock.c).
 *
 * A transaction buffers its writes.  COMMIT, under the branch's commit
 * lock, applies the write set to the branch head's tree by patching the
 * trees on each changed path, writes the commit, then under the global
 * notes lock writes the note and appends one WAL record holding the write
 * set and the exact commit metadata.  The locks are released before the
 * WAL flush, so the next transaction can build on this one while the
 * group commit is in flight; readers see a commit only once its record is
 * durable (DESIGN.md section 5).
 *
 * Replay applies the same record to the same parent tree with the same
 * metadata, which rebuilds byte-identical objects: the commit ids clients
 * were given stay valid after a crash.
 */
#include "store_int.h"

#include <assert.h>

#include <errno.h>
#include <jansson.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "keycodec.h"

/* ---- Write sets ---- */

typedef enum wkind {
	W_PUT = 1, /* a blob at a path */
	W_DEL = 2, /* remove the entry at a path (a row, or a table's directory) */
} wkind;

/* One buffered write: a path in the tree and what goes there. */
typedef struct wentry {
	wkind kind;
	char *path; /* "<table>/a/b/c/d/<key>.json", ".chrondb/tables/<t>.json", "<table>" */
	size_t pathlen;
	char *data; /* canonical JSON for W_PUT */
	size_t datalen;
	char *table; /* for row writes; NULL for catalog and directory changes */
	char *key;
	size_t keylen;
	int dir; /* W_DEL of a whole directory */

	/* Filled in while applying. */
	store_oid blob;
	store_op op; /* 0 when the write changed nothing */

	/* Savepoint serial when made or when its before-image was saved (0: none). */
	uint64_t stamp;
	int seq_only; /* a sequence entry rewritten only for its counter (store_tx_seq_record) */
	int seq_up;       /* seq_only: the sequence counts upwards */
	int64_t seq_mark; /* seq_only: the counter it records */
	int seq_reset;    /* seq_only: setval's record, which lands even when behind */
} wentry;

/* The kinds of catalog entries under .chrondb/, by directory, as messages name them. */
static const struct {
	const char *dir;
	const char *what;
} meta_kinds[] = {
	{"tables", "table"},
	{"sequences", "sequence"},
	{"views", "view"},
	{"validation", "validation schema"},
	{"schemas", "schema"},
};

/*
 * What undoes one write after a savepoint: the before-image of an entry
 * that existed (its data moves here rather than being freed), or, for a
 * drop that compacts the write set, a copy of the whole set.
 */
typedef struct undo {
	size_t index; /* entry restored; SIZE_MAX with `all` */
	wkind kind;
	char *data;
	size_t datalen;
	int dir;
	wentry *all; /* the whole write set before a compaction */
	size_t nall;
} undo;

/* A live savepoint: where the write set and the undo log stood. */
typedef struct spmark {
	uint64_t serial;
	size_t nw;
	size_t nundo;
	size_t nlocks; /* the locker's log of locks gained (lock.c) */
} spmark;

struct store_tx {
	store *s;
	branch *b;
	store_isolation iso;
	store_snap *base;
	store_snap *view; /* the statement's snapshot (borrowed), NULL: base */

	wentry *w;
	size_t nw, capw;
	size_t *slots; /* open-addressing index into w by path: value+1, 0 empty */
	size_t capslots;

	store_locker *lk;            /* its locks' holder: the session's, or own_lk */
	store_locker *own_lk;        /* made for it when it has no session's */
	const atomic_int *interrupt; /* store_tx_set_interrupt's flag, or NULL */

	/* Column order of the table last written, for canonical rows. */
	char *order_table; /* NULL: nothing cached */
	colorder *order;   /* NULL: no order known */

	/* Savepoints, innermost last, and the undo log they share. */
	spmark *marks;
	size_t nmarks, capmarks;
	undo *undo;
	size_t nundo, capundo;
	uint64_t next_serial;

	/*
	 * The row log (store_tx_row_log): a record per row write, and per row
	 * a rollback to a savepoint restored: u16 table length, u16 key
	 * length, u32 path length, then the three.
	 */
	store_buf rowlog;

	/* What the executor keeps with the transaction (store_tx_set_ext). */
	void *ext;
	void (*ext_free)(void *ext);

	const store_tx_merge *merge; /* a merge's commit (store_tx_set_merge), else NULL */
};

/* Serial of the innermost savepoint, 0 when there is none. */
static uint64_t sp_current(const store_tx *tx)
{
	return tx->nmarks > 0 ? tx->marks[tx->nmarks - 1].serial : 0;
}

static undo *undo_push(store_tx *tx)
{
	if (tx->nundo == tx->capundo) {
		tx->capundo = tx->capundo ? 2 * tx->capundo : 16;
		tx->undo = realloc(tx->undo, tx->capundo * sizeof(*tx->undo));
		if (tx->undo == NULL)
			abort();
	}
	memset(&tx->undo[tx->nundo], 0, sizeof(tx->undo[0]));
	return &tx->undo[tx->nundo++];
}

static size_t *ws_slot(store_tx *tx, const char *path, size_t len)
{
	size_t mask = tx->capslots - 1;
	size_t i = (size_t)store_hash_bytes(path, len) & mask;

	while (tx->slots[i] != 0) {
		wentry *e = &tx->w[tx->slots[i] - 1];

		if (e->pathlen == len && memcmp(e->path, path, len) == 0)
			break;
		i = (i + 1) & mask;
	}
	return &tx->slots[i];
}

static wentry *ws_find(store_tx *tx, const char *path, size_t len)
{
	size_t *slot;

	if (tx->capslots == 0)
		return NULL;
	slot = ws_slot(tx, path, len);
	return *slot ? &tx->w[*slot - 1] : NULL;
}

/*
 * The write of a whole table directory (our layout): a drop, or the
 * emptying that a create starts with.  NULL when there is none, or when
 * the name is not a valid one (no write can be filed under it).
 */
static wentry *ws_find_dir(store_tx *tx, const char *table)
{
	char dir[STORE_NAME_PATH_SIZE];
	int n = store_table_dir(dir, 1, table, NULL);

	return n < 0 ? NULL : ws_find(tx, dir, (size_t)n);
}

static void ws_rehash(store_tx *tx)
{
	free(tx->slots);
	tx->capslots = tx->capslots ? tx->capslots * 2 : 64;
	tx->slots = calloc(tx->capslots, sizeof(*tx->slots));
	if (tx->slots == NULL)
		abort();
	for (size_t i = 0; i < tx->nw; i++)
		*ws_slot(tx, tx->w[i].path, tx->w[i].pathlen) = i + 1;
}

static void wentry_free(wentry *e)
{
	free(e->path);
	free(e->data);
	free(e->table);
	free(e->key);
}

/* Add or replace the write for a path.  Takes ownership of data. */
static wentry *ws_set(
	store_tx *tx, wkind kind, const char *path, size_t pathlen, char *data, size_t datalen)
{
	wentry *e = ws_find(tx, path, pathlen);

	if (e != NULL) {
		/* The first change after a savepoint keeps what it replaces. */
		if (e->stamp < sp_current(tx)) {
			undo *u = undo_push(tx);

			u->index = (size_t)(e - tx->w);
			u->kind = e->kind;
			u->data = e->data;
			u->datalen = e->datalen;
			u->dir = e->dir;
			e->stamp = sp_current(tx);
		} else {
			free(e->data);
		}
		e->kind = kind;
		e->data = data;
		e->datalen = datalen;
		return e;
	}
	if ((tx->nw + 1) * 2 > tx->capslots)
		ws_rehash(tx);
	if (tx->nw == tx->capw) {
		tx->capw = tx->capw ? tx->capw * 2 : 16;
		tx->w = realloc(tx->w, tx->capw * sizeof(*tx->w));
		if (tx->w == NULL)
			abort();
	}
	e = &tx->w[tx->nw];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->path = strndup(path, pathlen);
	e->pathlen = pathlen;
	e->data = data;
	e->datalen = datalen;
	e->stamp = sp_current(tx);
	tx->nw++;
	*ws_slot(tx, path, pathlen) = tx->nw;
	return e;
}

/* A deep copy of an entry (for the undo log of a compaction). */
static wentry wentry_copy(const wentry *e)
{
	wentry c = *e;

	c.path = strndup(e->path, e->pathlen);
	c.data = e->data ? malloc(e->datalen + 1) : NULL;
	c.table = e->table ? strdup(e->table) : NULL;
	c.key = e->key ? strndup(e->key, e->keylen) : NULL;
	if (c.path == NULL || (e->data && c.data == NULL) || (e->table && c.table == NULL) ||
		(e->key && c.key == NULL))
		abort();
	if (c.data != NULL) {
		memcpy(c.data, e->data, e->datalen);
		c.data[e->datalen] = '\0';
	}
	return c;
}

/* Before a compaction of the write set: keep all of it for a rollback to a savepoint. */
static void undo_save_all(store_tx *tx)
{
	undo *u;

	if (tx->nmarks == 0)
		return;
	u = undo_push(tx);
	u->index = SIZE_MAX;
	u->nall = tx->nw;
	u->all = malloc((tx->nw ? tx->nw : 1) * sizeof(*u->all));
	if (u->all == NULL)
		abort();
	for (size_t i = 0; i < tx->nw; i++)
		u->all[i] = wentry_copy(&tx->w[i]);
}

static void undo_free(undo *u)
{
	free(u->data);
	for (size_t i = 0; u->all != NULL && i < u->nall; i++)
		wentry_free(&u->all[i]);
	free(u->all);
}

/* ---- Beginning and buffering ---- */

int store_tx_begin(
	store *s, const char *branch_name, store_isolation iso, store_tx **out, store_err *err)
{
	store_tx *tx;
	branch *b;

	if (branch_name == NULL)
		branch_name = s->default_branch;
	b = store_branch_find(s, branch_name);
	if (b == NULL)
		return store_err_set(err, "42704", "branch \"%s\" does not exist", branch_name);
	tx = calloc(1, sizeof(*tx));
	if (tx == NULL)
		abort();
	tx->s = s;
	tx->b = b;
	tx->iso = iso;
	if (store_snap_branch(s, branch_name, &tx->base, err) != STORE_OK) {
		free(tx);
		return STORE_ERROR;
	}
	*out = tx;
	return STORE_OK;
}

void store_tx_set_view(store_tx *tx, store_snap *snap)
{
	tx->view = snap;
}

store_snap *store_tx_base(store_tx *tx)
{
	return tx->base;
}

/*
 * Which kind of table this transaction sees: 1 ours, 2 ChronDB layout,
 * 0 none.  Its own catalog writes come first.
 */
static int tx_table_kind_at(store_tx *tx, store_snap *snap, const char *table, store_err *err)
{
	char path[STORE_NAME_PATH_SIZE];
	int n = store_entry_path(path, "tables", table, err);
	wentry *e;

	if (n < 0)
		return -1;
	e = ws_find(tx, path, (size_t)n);
	if (e != NULL)
		return e->kind == W_PUT ? 1 : 0;
	e = ws_find_dir(tx, table);
	if (e != NULL && e->kind == W_DEL)
		return 0;
	if (store_oid_is_zero(&snap->commit))
		return 0;
	return store_table_kind(tx->s, &snap->tree, table, err);
}

/* Which kind of table the transaction's current view holds. */
static int tx_table_kind(store_tx *tx, const char *table, store_err *err)
{
	return tx_table_kind_at(tx, tx->view != NULL ? tx->view : tx->base, table, err);
}

/* Append a row entry to the row log. */
static void log_row(store_tx *tx, const wentry *e)
{
	uint16_t tl = (uint16_t)strlen(e->table), kl = (uint16_t)e->keylen;
	uint32_t pl = (uint32_t)e->pathlen;

	store_buf_put(&tx->rowlog, &tl, sizeof(tl));
	store_buf_put(&tx->rowlog, &kl, sizeof(kl));
	store_buf_put(&tx->rowlog, &pl, sizeof(pl));
	store_buf_put(&tx->rowlog, e->table, tl);
	store_buf_put(&tx->rowlog, e->key, kl);
	store_buf_put(&tx->rowlog, e->path, pl);
}

static int row_write(store_tx *tx, wkind kind, const char *table, const char *key, size_t keylen,
	char *data, size_t datalen, store_err *err)
{
	store_buf path = STORE_BUF_INIT;
	wentry *e;
	int kindt;

	if (store_table_validate(table, strlen(table), err) != STORE_OK)
		goto fail;
	kindt = tx_table_kind(tx, table, err);
	if (kindt < 0)
		goto fail;
	if (kindt == 0) {
		store_err_set(err, "42P01", "relation \"%s\" does not exist", table);
		goto fail;
	}
	if (store_row_path_kind(kindt, table, key, keylen, &path, err) != STORE_OK)
		goto fail;
	e = ws_set(tx, kind, (const char *)path.data, path.len, data, datalen);
	if (e->table == NULL) {
		e->table = strdup(table);
		e->key = strndup(key, keylen);
		e->keylen = keylen;
	}
	log_row(tx, e);
	store_buf_free(&path);
	return STORE_OK;
fail:
	free(data);
	store_buf_free(&path);
	return STORE_ERROR;
}

/* ---- Column order ---- */

/*
 * A table's column names in catalog order, immutable once built and
 * shared by reference.  Built from a catalog blob, it is cached by the
 * blob's id, which never goes stale: a changed catalog is another blob.
 * Parsing the catalog for every transaction cost more than the rest of
 * a one-row put.
 */
struct colorder {
	atomic_int refs;
	store_oid blob; /* the catalog entry it came from; zero when not cached */
	int n;
	const char **names; /* into the same allocation */
};

static void colorder_unref(colorder *c)
{
	if (c != NULL && atomic_fetch_sub(&c->refs, 1) == 1)
		free(c);
}

/* Parse a catalog entry's column names; NULL when it has none. */
static colorder *colorder_parse(const char *json, size_t len, const store_oid *blob)
{
	json_t *cat = json_loadb(json, len, 0, NULL), *cols = json_object_get(cat, "columns"), *c;
	size_t i, n = json_array_size(cols), bytes = 0;
	colorder *co = NULL;
	char *p;

	json_array_foreach(cols, i, c)
	{
		const char *name = json_string_value(json_object_get(c, "name"));

		if (name != NULL)
			bytes += strlen(name) + 1;
	}
	if (n == 0)
		goto out;
	co = malloc(sizeof(*co) + n * sizeof(*co->names) + bytes);
	if (co == NULL)
		abort();
	atomic_init(&co->refs, 1);
	co->blob = blob != NULL ? *blob : (store_oid){{0}};
	co->n = 0;
	co->names = (const char **)(co + 1);
	p = (char *)(co->names + n);
	json_array_foreach(cols, i, c)
	{
		const char *name = json_string_value(json_object_get(c, "name"));
		size_t l;

		if (name == NULL)
			continue;
		l = strlen(name) + 1;
		memcpy(p, name, l);
		co->names[co->n++] = p;
		p += l;
	}
out:
	json_decref(cat);
	return co;
}

/* The order for a catalog blob, from the store's cache or parsed and cached. */
static colorder *colorder_get(store *s, const store_oid *blob)
{
	size_t slot = store_oid_hash(blob) % STORE_COLORDER_SLOTS;
	colorder *co;
	char *text;
	size_t len;
	store_err ignored;

	pthread_mutex_lock(&s->colorder_lock);
	co = s->colorders[slot];
	if (co != NULL && store_oid_equal(&co->blob, blob))
		atomic_fetch_add(&co->refs, 1);
	else
		co = NULL;
	pthread_mutex_unlock(&s->colorder_lock);
	if (co != NULL)
		return co;

	store_err_clear(&ignored);
	if (store_blob(s, blob, &text, &len, &ignored) != STORE_OK)
		return NULL;
	co = colorder_parse(text, len, blob);
	free(text);
	if (co == NULL)
		return NULL;
	atomic_fetch_add(&co->refs, 1);
	pthread_mutex_lock(&s->colorder_lock);
	colorder_unref(s->colorders[slot]);
	s->colorders[slot] = co;
	pthread_mutex_unlock(&s->colorder_lock);
	return co;
}

void store_colorders_free(store *s)
{
	for (size_t i = 0; i < STORE_COLORDER_SLOTS; i++) {
		colorder_unref(s->colorders[i]);
		s->colorders[i] = NULL;
	}
}

static void order_forget(store_tx *tx)
{
	colorder_unref(tx->order);
	free(tx->order_table);
	tx->order = NULL;
	tx->order_table = NULL;
}

/*
 * The table's column names as this transaction sees its catalog, so that
 * rows list their columns in table order (DESIGN.md section 3).  A table
 * that cannot be read gives no order; row_write reports why.
 */
static void order_load(store_tx *tx, const char *table)
{
	char path[STORE_NAME_PATH_SIZE], *text = NULL;
	int n;
	wentry *e;
	store_oid blob;
	store_err ignored;

	if (tx->order_table != NULL && strcmp(tx->order_table, table) == 0)
		return;
	order_forget(tx);
	n = store_entry_path(path, "tables", table, NULL);
	if (n < 0)
		return;
	tx->order_table = strdup(table);
	if (tx->order_table == NULL)
		abort();

	/* This transaction's own catalog change, the cached entry, or a synthesized one. */
	e = ws_find(tx, path, (size_t)n);
	store_err_clear(&ignored);
	if (e != NULL) {
		if (e->kind == W_PUT)
			tx->order = colorder_parse(e->data, e->datalen, NULL);
	} else if (!store_oid_is_zero(&tx->base->commit)) {
		if (store_tree_walk(tx->s, &tx->base->tree, path, (size_t)n, &blob, NULL,
			    &ignored) == STORE_OK)
			tx->order = colorder_get(tx->s, &blob);
		else if (store_catalog(tx->base, table, &text, &ignored) == STORE_OK)
			tx->order = colorder_parse(text, strlen(text), NULL);
		free(text);
	}
}

int store_tx_put(store_tx *tx, const char *table, const char *key, size_t keylen, const char *json,
	size_t len, store_err *err)
{
	char *canon;
	size_t clen;

	order_load(tx, table);
	if (store_json_canonical(json, len, tx->order ? tx->order->names : NULL,
		    tx->order ? tx->order->n : 0, &canon, &clen, err) != STORE_OK)
		return STORE_ERROR;
	return row_write(tx, W_PUT, table, key, keylen, canon, clen, err);
}

int store_tx_delete(store_tx *tx, const char *table, const char *key, size_t keylen, store_err *err)
{
	return row_write(tx, W_DEL, table, key, keylen, NULL, 0, err);
}

/* ---- Merges' write sets (merge.c) ---- */

void store_tx_set_merge(store_tx *tx, const store_tx_merge *m)
{
	tx->merge = m;
}

void store_tx_write_path(store_tx *tx, const char *path, size_t len, char *data, size_t datalen,
	const char *table, const char *key, size_t keylen)
{
	wentry *e = ws_set(tx, data != NULL ? W_PUT : W_DEL, path, len, data, datalen);

	e->seq_only = 0;
	e->dir = data == NULL && table == NULL && memchr(path, '/', len) == NULL;
	if (table != NULL && e->table == NULL) {
		e->table = strdup(table);
		e->key = strndup(key, keylen);
		if (e->table == NULL || e->key == NULL)
			abort();
		e->keylen = keylen;
	}
}

const char *store_tx_branch(const store_tx *tx)
{
	return tx->b->name;
}

/* Read a row through a snapshot, mapping "no table" to "no row" when asked. */
static int snap_get(store_snap *snap, const char *table, const char *key, size_t keylen,
	char **json, size_t *len, store_oid *blob, store_err *err)
{
	return store_get(snap, table, key, keylen, json, len, blob, err);
}

/* ---- Other catalog entries: sequences, views, validation schemas ---- */

static int cmp_cstr(const void *a, const void *b);

/* The path of a catalog entry, validating its kind and name; -1 with err set when bad. */
static int meta_path(const char *kind, const char *name, char *out, store_err *err)
{
	size_t k;

	for (k = 0; k < sizeof(meta_kinds) / sizeof(meta_kinds[0]); k++) {
		if (strcmp(meta_kinds[k].dir, kind) == 0 && strcmp(kind, "tables") != 0)
			break;
	}
	if (k == sizeof(meta_kinds) / sizeof(meta_kinds[0]))
		return store_err_set(err, "XX000", "unknown kind of catalog entry \"%s\"", kind);
	return store_entry_path(out, kind, name, err);
}

int store_tx_meta_put(store_tx *tx, const char *kind, const char *name, const char *json,
	size_t len, store_err *err)
{
	char path[STORE_NAME_PATH_SIZE];
	char *canon;
	size_t clen;
	int n = meta_path(kind, name, path, err);

	if (n < 0)
		return STORE_ERROR;
	if (store_json_canonical(json, len, NULL, 0, &canon, &clen, err) != STORE_OK)
		return STORE_ERROR;
	ws_set(tx, W_PUT, path, (size_t)n, canon, clen)->seq_only = 0;
	return STORE_OK;
}

int store_tx_seq_record(store_tx *tx, const char *name, const char *json, size_t len,
	int64_t mark, int up, int reset, store_err *err)
{
	char path[STORE_NAME_PATH_SIZE];
	char *canon;
	size_t clen;
	int n = meta_path("sequences", name, path, err), full;
	wentry *e;

	if (n < 0)
		return STORE_ERROR;
	if (store_json_canonical(json, len, NULL, 0, &canon, &clen, err) != STORE_OK)
		return STORE_ERROR;
	e = ws_find(tx, path, (size_t)n);
	full = e != NULL && !e->seq_only; /* a definition written here stays written */
	e = ws_set(tx, W_PUT, path, (size_t)n, canon, clen);
	e->seq_only = !full;
	e->seq_up = up;
	e->seq_mark = mark;
	e->seq_reset = reset;
	return STORE_OK;
}

int store_tx_meta_delete(store_tx *tx, const char *kind, const char *name, store_err *err)
{
	char path[STORE_NAME_PATH_SIZE];
	int n = meta_path(kind, name, path, err);

	if (n < 0)
		return STORE_ERROR;
	ws_set(tx, W_DEL, path, (size_t)n, NULL, 0)->seq_only = 0;
	return STORE_OK;
}

int store_tx_meta_get(store_tx *tx, store_snap *snap, const char *kind, const char *name,
	char **json, store_err *err)
{
	char path[STORE_NAME_PATH_SIZE];
	int n = meta_path(kind, name, path, err);
	wentry *e;

	if (n < 0)
		return STORE_ERROR;
	e = tx != NULL ? ws_find(tx, path, (size_t)n) : NULL;
	if (e != NULL) {
		if (e->kind == W_DEL)
			return STORE_NOTFOUND;
		*json = strndup(e->data, e->datalen);
		if (*json == NULL)
			abort();
		return STORE_OK;
	}
	return store_meta_read(snap, path, json, err);
}

int store_tx_meta_list(
	store_tx *tx, store_snap *snap, const char *kind, char ***names, size_t *n, store_err *err)
{
	char dir[64], path[STORE_NAME_PATH_SIZE];
	char **list = NULL, **block, *p;
	size_t cnt = 0, cap = 0, bytes = 0, j = 0;

	if (meta_path(kind, "x", path, err) < 0)
		return STORE_ERROR;
	snprintf(dir, sizeof(dir), ".chrondb/%s/", kind);
	if (store_meta_names(snap, kind, &list, &cnt, &cap, err) != STORE_OK)
		return STORE_ERROR;

	/* This transaction's creations and drops. */
	for (size_t i = 0; tx != NULL && i < tx->nw; i++) {
		wentry *e = &tx->w[i];
		size_t dl = strlen(dir);
		char decoded[STORE_TABLE_MAX + 1], *name;
		size_t k, nl;

		if (e->table != NULL || e->pathlen <= dl + 5 || memcmp(e->path, dir, dl) != 0)
			continue;
		nl = store_table_decode(decoded, e->path + dl, e->pathlen - dl - 5);
		if (nl == (size_t)-1)
			continue;
		name = strndup(decoded, nl);
		if (name == NULL)
			abort();
		for (k = 0; k < cnt && strcmp(list[k], name) != 0; k++)
			;
		if (e->kind == W_DEL && k < cnt) {
			free(list[k]);
			list[k] = list[--cnt];
			free(name);
		} else if (e->kind == W_PUT && k == cnt) {
			if (cnt == cap) {
				cap = cap ? 2 * cap : 16;
				list = realloc(list, cap * sizeof(*list));
				if (list == NULL)
					abort();
			}
			list[cnt++] = name;
		} else {
			free(name);
		}
	}
	if (cnt > 1)
		qsort(list, cnt, sizeof(*list), cmp_cstr);
	for (size_t i = 0; i < cnt; i++)
		bytes += strlen(list[i]) + 1;
	block = malloc((cnt + 1) * sizeof(char *) + bytes);
	if (block == NULL)
		abort();
	p = (char *)(block + cnt + 1);
	for (size_t i = 0; i < cnt; i++) {
		strcpy(p, list[i]);
		block[j++] = p;
		p += strlen(list[i]) + 1;
		free(list[i]);
	}
	block[j] = NULL;
	free(list);
	*names = block;
	*n = j;
	return STORE_OK;
}

/* ---- The transaction's view at a snapshot ---- */

int store_tx_read(store_tx *tx, store_snap *snap, const char *table, const char *key, size_t keylen,
	char **json, size_t *len, store_oid *blob, store_err *err)
{
	store_buf path = STORE_BUF_INIT;
	wentry *e;
	int kind;

	if (store_table_validate(table, strlen(table), err) != STORE_OK)
		return STORE_ERROR;
	kind = tx_table_kind_at(tx, snap, table, err);
	if (kind < 0)
		return STORE_ERROR;
	if (kind == 0)
		return store_err_set(err, "42P01", "relation \"%s\" does not exist", table);
	if (store_row_path_kind(kind, table, key, keylen, &path, err) != STORE_OK) {
		store_buf_free(&path);
		return STORE_ERROR;
	}
	e = ws_find(tx, (const char *)path.data, path.len);
	store_buf_free(&path);
	if (e != NULL) {
		if (e->kind == W_DEL)
			return STORE_NOTFOUND;
		*json = strndup(e->data, e->datalen);
		if (*json == NULL)
			abort();
		if (len != NULL)
			*len = e->datalen;
		if (blob != NULL)
			store_oid_hash_object(blob, STORE_OBJ_BLOB, e->data, e->datalen);
		return STORE_OK;
	}

	/* A table this transaction made anew has no committed rows. */
	if (ws_find_dir(tx, table) != NULL)
		return STORE_NOTFOUND;
	return store_get(snap, table, key, keylen, json, len, blob, err);
}

int store_tx_catalog(store_tx *tx, store_snap *snap, const char *table, char **json, store_err *err)
{
	char path[STORE_NAME_PATH_SIZE];
	int n;
	wentry *e;

	n = store_entry_path(path, "tables", table, err);
	if (n < 0)
		return STORE_ERROR;
	e = ws_find(tx, path, (size_t)n);
	if (e != NULL) {
		if (e->kind == W_DEL)
			return store_err_set(err, "42P01", "relation \"%s\" does not exist", table);
		*json = strndup(e->data, e->datalen);
		if (*json == NULL)
			abort();
		return STORE_OK;
	}
	e = ws_find_dir(tx, table);
	if (e != NULL && e->kind == W_DEL && ws_find(tx, path, (size_t)n) == NULL &&
		tx_table_kind_at(tx, snap, table, err) == 0)
		return store_err_set(err, "42P01", "relation \"%s\" does not exist", table);
	return store_catalog(snap, table, json, err);
}

int store_tx_catalog_version(store_tx *tx, store_snap *snap, store_oid *out, store_err *err)
{
	static const char dir[] = ".chrondb/tables";
	int r;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < tx->nw; i++) {
		/* Rows and counters' records leave the definitions alone. */
		if (tx->w[i].table == NULL && !tx->w[i].seq_only)
			return STORE_NOTFOUND;
	}
	if (store_oid_is_zero(&snap->commit))
		return STORE_OK;
	r = store_tree_walk(tx->s, &snap->tree, dir, sizeof(dir) - 1, out, NULL, err);
	return r == STORE_NOTFOUND ? STORE_OK : r;
}

/* The transaction's row writes to one table, by key, to filter a snapshot's rows with. */
typedef struct ownrows {
	store_tx *tx;
	const char *table;
} ownrows;

static int own_write(void *arg, const char *key, size_t keylen)
{
	ownrows *o = arg;
	store_buf path = STORE_BUF_INIT;
	int kind = tx_table_kind(o->tx, o->table, NULL);
	int found = 0;

	if (kind > 0 && store_row_path_kind(kind, o->table, key, keylen, &path, NULL) == STORE_OK)
		found = ws_find(o->tx, (const char *)path.data, path.len) != NULL;
	store_buf_free(&path);
	return found;
}

int store_tx_scan_open(
	store_tx *tx, store_snap *snap, const char *table, store_scan **out, store_err *err)
{
	store_snap *saved = tx->view;
	store_scan *sc;
	char *catalog = NULL;
	ownrows o = {tx, table};
	int kind, r = STORE_OK;

	if (store_table_validate(table, strlen(table), err) != STORE_OK)
		return STORE_ERROR;
	kind = tx_table_kind_at(tx, snap, table, err);
	if (kind < 0)
		return STORE_ERROR;
	if (kind == 0)
		return store_err_set(err, "42P01", "relation \"%s\" does not exist", table);

	/* The committed rows, unless this transaction emptied the table, minus those it wrote. */
	sc = store_scan_new(tx->s);
	if (ws_find_dir(tx, table) == NULL) {
		r = store_scan_collect(snap, table, sc, err);
		if (r == STORE_NOTFOUND)
			r = STORE_OK;
	}
	tx->view = snap;
	if (r == STORE_OK)
		store_scan_filter(sc, own_write, &o);

	/* Then its own rows, as written. */
	for (size_t i = 0; r == STORE_OK && i < tx->nw; i++) {
		wentry *e = &tx->w[i];

		if (e->kind == W_PUT && e->table != NULL && strcmp(e->table, table) == 0)
			store_scan_put_inline(sc, e->key, e->keylen, e->data, e->datalen);
	}
	tx->view = saved;
	if (r != STORE_OK) {
		store_scan_close(sc);
		return STORE_ERROR;
	}
	if (kind == 1 && store_tx_catalog(tx, snap, table, &catalog, err) != STORE_OK)
		catalog = NULL;
	store_err_clear(err);
	store_scan_finish(sc, catalog);
	free(catalog);
	*out = sc;
	return STORE_OK;
}

int store_tx_tables(store_tx *tx, store_snap *snap, char ***names, size_t *n, store_err *err)
{
	static const char pre[] = ".chrondb/tables/";
	const size_t pl = sizeof(pre) - 1;
	char **base, **made, **list, **block, *p;
	size_t nbase, nmade = 0, cnt = 0, bytes = 0;

	if (store_tables(snap, &base, &nbase, err) != STORE_OK)
		return STORE_ERROR;

	/* The tables this transaction created (their catalog entries are its writes). */
	made = malloc((tx->nw + 1) * sizeof(*made));
	list = malloc((nbase + tx->nw + 1) * sizeof(*list));
	if (made == NULL || list == NULL)
		abort();
	for (size_t i = 0; i < tx->nw; i++) {
		const wentry *e = &tx->w[i];

		char name[STORE_TABLE_MAX + 1];
		size_t nl;

		if (e->kind == W_PUT && e->table == NULL && e->pathlen > pl + 5 &&
			memcmp(e->path, pre, pl) == 0 &&
			memcmp(e->path + e->pathlen - 5, ".json", 5) == 0 &&
			(nl = store_table_decode(name, e->path + pl, e->pathlen - pl - 5)) !=
				(size_t)-1) {
			made[nmade] = strndup(name, nl);
			if (made[nmade] == NULL)
				abort();
			nmade++;
		}
	}

	/* The snapshot's that still exist for us, then the new ones not among them. */
	for (size_t i = 0; i < nbase; i++) {
		if (tx_table_kind_at(tx, snap, base[i], err) > 0)
			list[cnt++] = base[i];
	}
	for (size_t i = 0; i < nmade; i++) {
		int dup = 0;

		for (size_t k = 0; k < cnt && !dup; k++)
			dup = strcmp(list[k], made[i]) == 0;
		if (!dup)
			list[cnt++] = made[i];
	}

	/* One block, sorted, as store_tables gives it. */
	if (cnt > 1)
		qsort(list, cnt, sizeof(*list), cmp_cstr);
	for (size_t i = 0; i < cnt; i++)
		bytes += strlen(list[i]) + 1;
	block = malloc((cnt + 1) * sizeof(char *) + bytes);
	if (block == NULL)
		abort();
	p = (char *)(block + cnt + 1);
	for (size_t i = 0; i < cnt; i++) {
		strcpy(p, list[i]);
		block[i] = p;
		p += strlen(list[i]) + 1;
	}
	block[cnt] = NULL;
	for (size_t i = 0; i < nmade; i++)
		free(made[i]);
	free(made);
	free(list);
	free(base);
	*names = block;
	*n = cnt;
	return STORE_OK;
}

int store_tx_get_latest(store_tx *tx, const char *table, const char *key, size_t keylen,
	char **json, size_t *len, store_oid *blob, store_err *err)
{
	store_snap *head;
	int r;

	if (store_snap_branch(tx->s, tx->b->name, &head, err) != STORE_OK)
		return STORE_ERROR;
	r = snap_get(head, table, key, keylen, json, len, blob, err);
	store_snap_free(head);
	return r;
}

int store_tx_get(store_tx *tx, const char *table, const char *key, size_t keylen, char **json,
	size_t *len, store_oid *blob, store_err *err)
{
	store_buf path = STORE_BUF_INIT;
	wentry *e = NULL;
	int kind;

	/* Our own writes first. */
	if (store_table_validate(table, strlen(table), err) != STORE_OK)
		return STORE_ERROR;
	kind = tx_table_kind(tx, table, err);
	if (kind < 0)
		return STORE_ERROR;
	if (kind == 0)
		return store_err_set(err, "42P01", "relation \"%s\" does not exist", table);
	if (store_row_path_kind(kind, table, key, keylen, &path, err) != STORE_OK) {
		store_buf_free(&path);
		return STORE_ERROR;
	}
	e = ws_find(tx, (const char *)path.data, path.len);
	store_buf_free(&path);
	if (e != NULL) {
		if (e->kind == W_DEL)
			return STORE_NOTFOUND;
		*json = strndup(e->data, e->datalen);
		if (len != NULL)
			*len = e->datalen;
		if (blob != NULL)
			store_oid_hash_object(blob, STORE_OBJ_BLOB, e->data, e->datalen);
		return STORE_OK;
	}

	/* A table created by this transaction has no committed rows. */
	if (tx_table_kind(tx, table, err) == 1 && ws_find_dir(tx, table) != NULL)
		return STORE_NOTFOUND;
	if (tx->iso == STORE_READ_COMMITTED)
		return store_tx_get_latest(tx, table, key, keylen, json, len, blob, err);
	return snap_get(tx->base, table, key, keylen, json, len, blob, err);
}

/* A stable oid for a table: PostgreSQL's user range, from the name's CRC. */
static uint32_t table_oid(const char *table)
{
	return 16384u + (uint32_t)(crc32(0, (const unsigned char *)table, (unsigned)strlen(table)) %
				   (0x7fffffffu - 16384u));
}

/* Validate a definition, fill in name/oid/defaults, canonicalize. */
static int catalog_def(const char *table, const char *def_json, json_int_t oid, char **out,
	size_t *outlen, store_err *err)
{
	static const char *const order[] = {"name", "oid", "columns", "primary_key", "layout"};
	json_error_t jerr;
	json_t *def = json_loads(def_json ? def_json : "{}", 0, &jerr);
	json_t *cols, *col, *pk;
	char *text;
	size_t i;
	int r;

	if (def == NULL || !json_is_object(def)) {
		json_decref(def);
		store_err_set(err, "22P02", "invalid table definition for \"%s\"", table);
		store_err_detail(
			err, "%s", def ? "The definition must be a JSON object." : jerr.text);
		return STORE_ERROR;
	}
	cols = json_object_get(def, "columns");
	if (cols == NULL) {
		cols = json_array();
		json_object_set_new(def, "columns", cols);
	}
	if (!json_is_array(cols))
		goto bad;
	json_array_foreach(cols, i, col)
	{
		if (!json_is_object(col) || !json_is_string(json_object_get(col, "name")))
			goto bad;
	}
	pk = json_object_get(def, "primary_key");
	if (pk == NULL)
		json_object_set_new(def, "primary_key", json_array());
	else if (!json_is_array(pk))
		goto bad;
	json_object_set_new(def, "name", json_string(table));
	json_object_set_new(def, "oid", json_integer(oid));
	if (json_object_get(def, "layout") == NULL)
		json_object_set_new(def, "layout", json_string("fanout4"));
	else if (!json_is_string(json_object_get(def, "layout")) ||
		 strcmp(json_string_value(json_object_get(def, "layout")), "fanout4") != 0) {
		json_decref(def);
		store_err_set(err, "0A000", "table layout \"%s\" is not supported for new tables",
			json_string_value(json_object_get(def, "layout")) ?: "?");
		store_err_hint(err, "New tables use the \"fanout4\" layout.");
		return STORE_ERROR;
	}
	text = json_dumps(def, JSON_COMPACT);
	json_decref(def);
	r = store_json_canonical(text, strlen(text), order, 5, out, outlen, err);
	free(text);
	return r;
bad:
	json_decref(def);
	store_err_set(err, "22P02", "invalid table definition for \"%s\"", table);
	store_err_detail(err,
		"\"columns\" must be an array of objects with a \"name\", and \"primary_key\" an array.");
	return STORE_ERROR;
}

int store_tx_create_table(store_tx *tx, const char *table, const char *def_json, store_err *err)
{
	char path[STORE_NAME_PATH_SIZE], dir[STORE_NAME_PATH_SIZE];
	char *canon;
	size_t clen;
	int kind, n, dn;

	n = store_entry_path(path, "tables", table, err);
	if (n < 0)
		return STORE_ERROR;
	dn = store_table_dir(dir, 1, table, err);
	kind = tx_table_kind(tx, table, err);
	if (kind < 0)
		return STORE_ERROR;
	if (kind != 0)
		return store_err_set(err, "42P07", "relation \"%s\" already exists", table);

	/* Creating a table empties its directory: data/ holds ChronDB's tables. */
	if (ws_find(tx, dir, (size_t)dn) == NULL && strcmp(dir, "data") == 0) {
		store_snap *view = tx->view != NULL ? tx->view : tx->base;
		store_oid oid;
		int r = store_oid_is_zero(&view->commit) ? STORE_NOTFOUND
							 : store_tree_walk(tx->s, &view->tree, dir,
								   (size_t)dn, &oid, NULL, err);

		if (r == STORE_ERROR)
			return STORE_ERROR;
		if (r == STORE_OK) {
			store_err_set(err, "42939", "table name \"%s\" is reserved", table);
			store_err_detail(err,
				"The repository's data/ directory holds ChronDB-layout tables.");
			return STORE_ERROR;
		}
	}
	if (catalog_def(table, def_json, table_oid(table), &canon, &clen, err) != STORE_OK)
		return STORE_ERROR;
	order_forget(tx);

	/* A table dropped earlier in this transaction starts from an empty directory. */
	if (ws_find(tx, dir, (size_t)dn) == NULL)
		ws_set(tx, W_DEL, dir, (size_t)dn, NULL, 0)->dir = 1;
	ws_set(tx, W_PUT, path, (size_t)n, canon, clen);
	return STORE_OK;
}

int store_tx_alter_table(store_tx *tx, const char *table, const char *def_json, store_err *err)
{
	char path[STORE_NAME_PATH_SIZE];
	char *canon, *old = NULL;
	size_t clen;
	json_int_t oid = table_oid(table);
	int kind, n;

	n = store_entry_path(path, "tables", table, err);
	if (n < 0)
		return STORE_ERROR;
	kind = tx_table_kind(tx, table, err);
	if (kind < 0)
		return STORE_ERROR;
	if (kind == 0)
		return store_err_set(err, "42P01", "relation \"%s\" does not exist", table);
	if (kind == 2)
		return store_err_set(
			err, "0A000", "cannot alter ChronDB-layout table \"%s\"", table);

	/* Keep the oid the table already has. */
	{
		wentry *e = ws_find(tx, path, (size_t)n);
		json_t *j;

		if (e != NULL && e->kind == W_PUT)
			old = strndup(e->data, e->datalen);
		else if (store_catalog(tx->base, table, &old, err) != STORE_OK)
			return STORE_ERROR;
		j = json_loads(old, 0, NULL);
		if (json_is_integer(json_object_get(j, "oid")))
			oid = json_integer_value(json_object_get(j, "oid"));
		json_decref(j);
		free(old);
	}
	if (catalog_def(table, def_json, oid, &canon, &clen, err) != STORE_OK)
		return STORE_ERROR;
	order_forget(tx);
	ws_set(tx, W_PUT, path, (size_t)n, canon, clen);
	return STORE_OK;
}

int store_tx_drop_table(store_tx *tx, const char *table, store_err *err)
{
	char path[STORE_NAME_PATH_SIZE];
	int kind, n;
	size_t j = 0;

	kind = tx_table_kind(tx, table, err);
	if (kind < 0)
		return STORE_ERROR;
	if (kind == 0)
		return store_err_set(err, "42P01", "relation \"%s\" does not exist", table);

	order_forget(tx);
	/* Forget this transaction's row writes to the table, then remove it whole. */
	undo_save_all(tx);
	for (size_t i = 0; i < tx->nw; i++) {
		if (tx->w[i].table != NULL && strcmp(tx->w[i].table, table) == 0)
			wentry_free(&tx->w[i]);
		else
			tx->w[j++] = tx->w[i];
	}
	tx->nw = j;
	ws_rehash(tx);
	n = store_table_dir(path, kind, table, err);
	ws_set(tx, W_DEL, path, (size_t)n, NULL, 0)->dir = 1;
	if (kind == 1) {
		n = store_entry_path(path, "tables", table, err);
		ws_set(tx, W_DEL, path, (size_t)n, NULL, 0);
	}
	return STORE_OK;
}

int store_tx_row_changed(store_tx *tx, const char *table, const char *key, size_t keylen,
	int *changed, store_err *err)
{
	store_oid a = {{0}}, b = {{0}};
	char *json = NULL;
	int ra, rb;

	ra = snap_get(tx->base, table, key, keylen, &json, NULL, &a, err);
	free(json);
	json = NULL;
	if (ra == STORE_ERROR)
		return ra;
	rb = store_tx_get_latest(tx, table, key, keylen, &json, NULL, &b, err);
	free(json);
	if (rb == STORE_ERROR)
		return rb;
	*changed = ra != rb || (ra == STORE_OK && !store_oid_equal(&a, &b));
	return STORE_OK;
}

/* ---- Applying changes to trees ---- */

/* A change as the tree builder sees it (from a write set or a WAL record). */
typedef struct change {
	const char *path;
	size_t pathlen;
	int del;
	store_oid blob;
	store_op op; /* out: what happened at a row path */
} change;

static int cmp_change(const void *a, const void *b)
{
	const change *x = *(change *const *)a, *y = *(change *const *)b;
	size_t n = x->pathlen < y->pathlen ? x->pathlen : y->pathlen;
	int c = memcmp(x->path, y->path, n);

	if (c != 0)
		return c;
	return x->pathlen < y->pathlen ? -1 : x->pathlen > y->pathlen;
}

/*
 * Carry a directory's row count from sub to res, the tree the n changes
 * (their paths below it from byte skip) made of it, when every change is
 * a row file the same number of levels down.
 */
static void count_carry(store *s, const store_oid *sub, const store_oid *res, change **ch,
	size_t n, size_t skip)
{
	int64_t delta = 0;
	int depth = -1;

	for (size_t k = 0; k < n; k++) {
		const char *p = ch[k]->path + skip;
		size_t len = ch[k]->pathlen - skip;
		int d = 0;

		if (len <= 5 || memcmp(p + len - 5, ".json", 5) != 0)
			return;
		for (size_t x = 0; x < len; x++)
			d += p[x] == '/';
		if (depth >= 0 && d != depth)
			return;
		depth = d;
		delta += ch[k]->op == STORE_OP_INSERT ? 1 : ch[k]->op == STORE_OP_DELETE ? -1 : 0;
	}
	if (depth >= 0)
		store_count_carry(s, sub, res, depth, delta);
}

/*
 * Apply changes (sorted, all below the same directory, `skip` bytes of
 * their paths already consumed) to the tree `base` (zero: empty).  *out
 * receives the new tree id, or zero when the tree ends up empty.
 */
static int tree_apply(store *s, const store_oid *base, change **ch, size_t n, size_t skip,
	store_oid *out, store_err *err)
{
	store_buf cur = STORE_BUF_INIT, next = STORE_BUF_INIT;
	store_obj *o = NULL;
	size_t i = 0;
	int r = STORE_OK;

	if (!store_oid_is_zero(base)) {
		r = store_odb_read_type(s->odb, base, STORE_OBJ_TREE, &o, err);
		if (r != STORE_OK) {
			if (r == STORE_NOTFOUND)
				r = store_err_set(
					err, "XX001", "a tree is missing from the repository");
			return r;
		}
		store_buf_put(&cur, o->data, o->len);
		store_obj_unref(o);
	}

	while (i < n && r == STORE_OK) {
		const char *name = ch[i]->path + skip;
		size_t rest = ch[i]->pathlen - skip;
		const char *slash = memchr(name, '/', rest);
		size_t nlen = slash ? (size_t)(slash - name) : rest;
		store_tree_entry e;
		int found = store_tree_find(cur.data, cur.len, name, nlen, &e);
		size_t j;

		if (found < 0) {
			r = store_err_set(err, "XX001", "a tree on path \"%.*s\" is corrupt",
				(int)ch[i]->pathlen, ch[i]->path);
			break;
		}
		if (slash == NULL) {
			/* A leaf: a row, a catalog entry, or a directory removed whole. */
			change *c = ch[i++];

			if (c->del) {
				if (!found) {
					c->op = 0;
					continue;
				}
				c->op = STORE_OP_DELETE;
				r = store_tree_patch(cur.data, cur.len, name, nlen, 0, NULL, &next);
			} else {
				if (found && store_oid_equal(&e.oid, &c->blob)) {
					c->op = 0;
					continue;
				}
				c->op = found ? STORE_OP_UPDATE : STORE_OP_INSERT;
				if (found)
					store_odb_supersede(s->odb, &e.oid, &c->blob);
				r = store_tree_patch(cur.data, cur.len, name, nlen, STORE_MODE_BLOB,
					&c->blob, &next);
			}
		} else {
			/* A directory: every change below it goes down together. */
			store_oid sub = {{0}}, res;

			if (found && e.mode == STORE_MODE_TREE)
				sub = e.oid;
			for (j = i; j < n; j++) {
				const char *nm = ch[j]->path + skip;

				if (ch[j]->pathlen - skip <= nlen || memcmp(nm, name, nlen) != 0 ||
					nm[nlen] != '/')
					break;
			}
			r = tree_apply(s, &sub, ch + i, j - i, skip + nlen + 1, &res, err);
			if (r == STORE_OK && !store_oid_is_zero(&sub) && !store_oid_is_zero(&res))
				count_carry(s, &sub, &res, ch + i, j - i, skip + nlen + 1);
			i = j;
			if (r != STORE_OK)
				break;
			if (store_oid_is_zero(&res)) {
				if (!found)
					continue;
				r = store_tree_patch(cur.data, cur.len, name, nlen, 0, NULL, &next);
			} else {
				if (found && store_oid_equal(&res, &e.oid))
					continue;
				r = store_tree_patch(cur.data, cur.len, name, nlen, STORE_MODE_TREE,
					&res, &next);
			}
		}
		if (r < 0) {
			r = store_err_set(err, "XX001", "a tree is corrupt");
			break;
		}
		/* Swap buffers: next becomes the current tree. */
		{
			store_buf t = cur;

			cur = next;
			next = t;
		}
	}
	if (r == STORE_OK) {
		if (cur.len == 0 && skip > 0)
			memset(out, 0, sizeof(*out));
		else
			store_odb_write(s->odb, STORE_OBJ_TREE,
				cur.data ? cur.data : (unsigned char *)"", cur.len, out);

		/* The old tree at this path packs as a delta against the new one. */
		if (!store_oid_is_zero(base) && !store_oid_is_zero(out))
			store_odb_supersede(s->odb, base, out);
	}
	store_buf_free(&cur);
	store_buf_free(&next);
	return r;
}

/*
 * Apply a list of changes to a root tree.  Removing a directory sorts
 * before the writes below it (path "t" < "t/..."), so a table dropped and
 * re-created in one transaction starts empty.
 */
static int apply_changes(
	store *s, const store_oid *root, change *changes, size_t n, store_oid *out, store_err *err)
{
	change **v = malloc((n ? n : 1) * sizeof(*v));
	int r;

	if (v == NULL)
		abort();
	for (size_t i = 0; i < n; i++)
		v[i] = &changes[i];
	qsort(v, n, sizeof(*v), cmp_change);
	r = tree_apply(s, root, v, n, 0, out, err);
	free(v);
	return r;
}

/* ---- Commit and note encoding ---- */

static void make_sig(store_sig *sig, const char *name, const char *email, int64_t t_us)
{
	sig->name = name;
	sig->namelen = strlen(name);
	sig->email = email;
	sig->emaillen = strlen(email);
	sig->time = t_us / 1000000;
	sig->tz_minutes = 0;
}

/* ---- Pending notes ---- */

static size_t pnote_home(const store *s, const store_oid *commit)
{
	return (size_t)store_oid_hash(commit) & (s->pnote_cap - 1);
}

/* Index every pending note afresh in a table of at least twice their number. */
static void pnote_reindex(store *s)
{
	size_t cap = s->pnote_cap ? s->pnote_cap : 1024;

	while (cap < 2 * s->npnotes + 2)
		cap *= 2;
	if (cap != s->pnote_cap) {
		free(s->pnote_slots);
		s->pnote_slots = malloc(cap * sizeof(*s->pnote_slots));
		if (s->pnote_slots == NULL)
			abort();
		s->pnote_cap = cap;
	}
	memset(s->pnote_slots, 0, cap * sizeof(*s->pnote_slots));
	for (size_t i = 0; i < s->npnotes; i++) {
		size_t j = pnote_home(s, &s->pnotes[i].commit);

		while (s->pnote_slots[j] != 0)
			j = (j + 1) & (s->pnote_cap - 1);
		s->pnote_slots[j] = (uint32_t)(i + 1);
	}
}

const struct pnote *store_pnote_find(const store *s, const store_oid *commit)
{
	if (s->npnotes == 0)
		return NULL;
	for (size_t j = pnote_home(s, commit); s->pnote_slots[j] != 0;
		j = (j + 1) & (s->pnote_cap - 1)) {
		const struct pnote *p = &s->pnotes[s->pnote_slots[j] - 1];

		if (store_oid_equal(&p->commit, commit))
			return p;
	}
	return NULL;
}

/* Add a commit's note; caller holds notes_lock. */
static void pnote_add(
	store *s, const store_oid *commit, const store_oid *blob, wal_lsn lsn, int64_t t_us)
{
	struct pnote *p;

	pthread_mutex_lock(&s->notes_state_lock);
	if (s->npnotes == s->cappnotes) {
		s->cappnotes = s->cappnotes ? s->cappnotes * 2 : 1024;
		s->pnotes = realloc(s->pnotes, s->cappnotes * sizeof(*s->pnotes));
		if (s->pnotes == NULL)
			abort();
	}
	p = &s->pnotes[s->npnotes++];
	p->commit = *commit;
	p->blob = *blob;
	p->lsn = lsn;
	p->time_us = t_us;
	if (2 * s->npnotes + 2 > s->pnote_cap) {
		pnote_reindex(s);
	} else {
		size_t j = pnote_home(s, commit);

		while (s->pnote_slots[j] != 0)
			j = (j + 1) & (s->pnote_cap - 1);
		s->pnote_slots[j] = (uint32_t)s->npnotes;
	}
	pthread_mutex_unlock(&s->notes_state_lock);
}

/* Keep the first n pending notes only (the others' commits are gone). */
static void pnote_truncate(store *s, size_t n)
{
	pthread_mutex_lock(&s->notes_state_lock);
	if (n < s->npnotes) {
		s->npnotes = n;
		pnote_reindex(s);
	}
	pthread_mutex_unlock(&s->notes_state_lock);
}

void store_notes_cut(store *s, size_t n, const store_oid *head)
{
	pthread_mutex_lock(&s->notes_state_lock);
	assert(n <= s->npnotes);
	s->notes_head = *head;
	if (n > 0 && n < s->npnotes)
		memmove(s->pnotes, s->pnotes + n, (s->npnotes - n) * sizeof(*s->pnotes));
	s->npnotes -= n;
	pnote_reindex(s);
	pthread_mutex_unlock(&s->notes_state_lock);
}

/* Notes tree path for a commit: "ab/cd/<36 hex>", as git fans out large notes trees. */
static void note_path(char out[STORE_OID_HEXSZ + 3], const store_oid *commit)
{
	char hex[STORE_OID_HEXSZ + 1];

	store_oid_fmt(hex, commit);
	snprintf(out, STORE_OID_HEXSZ + 3, "%.2s/%.2s/%s", hex, hex + 2, hex + 4);
}

int store_notes_fold(store *s, const struct pnote *v, size_t n, const store_oid *base,
	store_oid *out, store_err *err)
{
	store_oid root = {{0}}, tree;
	char(*paths)[STORE_OID_HEXSZ + 3];
	char hex[STORE_OID_HEXSZ + 1];
	store_buf body = STORE_BUF_INIT;
	change *ch;
	store_sig sig;
	char msg[96];
	int64_t t_us = 0;
	int r;

	if (n == 0) {
		*out = *base;
		return STORE_OK;
	}
	if (!store_oid_is_zero(base)) {
		store_obj *o;
		store_commit pc;

		r = store_read_commit(s, base, &o, &pc, err);
		if (r != STORE_OK)
			return r == STORE_NOTFOUND
				       ? store_err_set(err, "XX001", "notes commit is missing")
				       : r;
		root = pc.tree;
		store_obj_unref(o);
	}

	/* Every note at its fan-out path, in one pass over the notes tree. */
	paths = malloc(n * sizeof(*paths));
	ch = calloc(n, sizeof(*ch));
	if (paths == NULL || ch == NULL)
		abort();
	for (size_t i = 0; i < n; i++) {
		note_path(paths[i], &v[i].commit);
		ch[i].path = paths[i];
		ch[i].pathlen = STORE_OID_HEXSZ + 2;
		ch[i].blob = v[i].blob;
		if (v[i].time_us > t_us)
			t_us = v[i].time_us;
	}
	r = apply_changes(s, &root, ch, n, &tree, err);
	free(ch);
	free(paths);
	if (r != STORE_OK)
		return r;

	/* Git's own notes commits name what they annotate; so does ours. */
	if (n == 1) {
		store_oid_fmt(hex, &v[0].commit);
		snprintf(msg, sizeof(msg), "Notes added by 'chrondb' for %.12s\n", hex);
	} else {
		snprintf(msg, sizeof(msg), "Notes added by 'chrondb' for %zu commits\n", n);
	}
	make_sig(&sig, s->committer_name, s->committer_email, t_us);
	store_commit_encode(&body, &tree, base, store_oid_is_zero(base) ? 0 : 1, &sig, &sig, msg,
		strlen(msg));
	store_odb_write(s->odb, STORE_OBJ_COMMIT, body.data, body.len, out);
	store_buf_free(&body);
	return STORE_OK;
}

/* A random UUID (version 4) for tx_id. */
static void uuid4(char out[37])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	size_t k = 0;

	/* glibc's arc4random: a user-space stream cipher seeded by getrandom(2). */
	arc4random_buf(b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		out[k++] = hex[b[i] >> 4];
		out[k++] = hex[b[i] & 15];
	}
	out[k] = '\0';
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* ChronDB's flags for what a transaction did (the note's "flags"). */
enum {
	SEM_UPDATE = 1, /* "update": it changed rows */
	SEM_DELETE = 2, /* "delete": it deleted rows */
	SEM_DDL = 4,    /* "ddl": it changed table or other definitions */
};

/* Append "name":"value" (a comma first unless it opens the object). */
static void note_member(store_buf *b, const char *name, const char *value)
{
	if (b->data[b->len - 1] != '{')
		store_buf_putc(b, ',');
	store_json_quote(b, name, strlen(name));
	store_buf_putc(b, ':');
	if (value != NULL)
		store_json_quote(b, value, strlen(value));
}

/*
 * The note: ChronDB's keys in a fixed order, compact JSON with a trailing
 * newline, written directly (jansson's objects cost a tenth of a one-row
 * commit, under the commit lock).  Caller frees.
 */
static char *make_note(store_tx *tx, const store_txmeta *meta, const store_oid *commit,
	const char *message, const char *operation, unsigned sem, int64_t t_us,
	const char *metadata)
{
	store_buf b = STORE_BUF_INIT;
	char txid[37], when[40], hex[STORE_OID_HEXSZ + 1];
	const char *fl[64 + 3];
	size_t nfl = 0;

	uuid4(txid);
	store_fmt_iso_time(when, t_us);
	store_oid_fmt(hex, commit);
	for (size_t i = 0; meta && meta->flags && meta->flags[i] && nfl < 64; i++)
		fl[nfl++] = meta->flags[i];

	/* ChronDB's flags for what the transaction did, beside the caller's. */
	if (sem & SEM_UPDATE)
		fl[nfl++] = "update";
	if (sem & SEM_DELETE)
		fl[nfl++] = "delete";
	if (sem & SEM_DDL)
		fl[nfl++] = "ddl";
	qsort(fl, nfl, sizeof(fl[0]), cmp_cstr);

	store_buf_grow(&b, 512);
	store_buf_putc(&b, '{');
	note_member(&b, "tx_id", txid);
	note_member(&b, "origin", meta && meta->origin ? meta->origin : "unknown");
	note_member(&b, "timestamp", when);
	note_member(&b, "user", meta && meta->user ? meta->user : "chrondb");
	note_member(&b, "flags", NULL);
	store_buf_putc(&b, '[');
	for (size_t i = 0; i < nfl; i++) {
		if (i > 0 && strcmp(fl[i], fl[i - 1]) == 0)
			continue;
		if (i > 0)
			store_buf_putc(&b, ',');
		store_json_quote(&b, fl[i], strlen(fl[i]));
	}
	store_buf_putc(&b, ']');
	note_member(&b, "metadata", NULL);
	store_buf_puts(&b, metadata != NULL ? metadata : "{}");
	note_member(&b, "branch", tx->b->name);
	note_member(&b, "operation", operation);
	note_member(&b, "commit_id", hex);
	note_member(&b, "commit_message", message);
	store_buf_puts(&b, "}\n");
	return (char *)store_buf_detach(&b);
}

/*
 * A name in a commit message: as it is when SQL would need no quotes for
 * it (lower-case letters, digits, underscores, not a digit first), else
 * in double quotes with any quote doubled, as quote_ident writes it, so
 * that "My Table" cannot read as two words.
 */
static void describe_name(store_buf *msg, const char *name, size_t len)
{
	int plain = len > 0 && !(name[0] >= '0' && name[0] <= '9');

	for (size_t i = 0; i < len && plain; i++)
		plain = (name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
			name[i] == '_';
	if (plain) {
		store_buf_put(msg, name, len);
		return;
	}
	store_buf_putc(msg, '"');
	for (size_t i = 0; i < len; i++) {
		if (name[i] == '"')
			store_buf_putc(msg, '"');
		store_buf_putc(msg, name[i]);
	}
	store_buf_putc(msg, '"');
}

/*
 * "insert 2 rows, update 1 row in users; create table orders", the
 * operation name, and the SEM_ flags of what it did.
 */
static void describe(store_tx *tx, store_buf *msg, const char **operation, unsigned *sem)
{
	const char *tables[16];
	size_t nt = 0;
	int ins = 0, upd = 0, del = 0, ddl = 0;

	for (size_t i = 0; i < tx->nw; i++) {
		wentry *e = &tx->w[i];

		if (e->op == 0)
			continue;
		if (e->table == NULL) {
			ddl |= !(e->op == STORE_OP_UPDATE && e->seq_only); /* bookkeeping is not DDL */
			continue;
		}
		ins += e->op == STORE_OP_INSERT;
		upd += e->op == STORE_OP_UPDATE;
		del += e->op == STORE_OP_DELETE;
		{
			size_t k;

			for (k = 0; k < nt && strcmp(tables[k], e->table) != 0; k++)
				;
			if (k == nt && nt < 16)
				tables[nt++] = e->table;
		}
	}

	/*
	 * Catalog changes: name each table, sequence, view or validation
	 * schema created, altered or dropped.  A sequence whose entry only
	 * records how far it has counted is bookkeeping, not named.
	 */
	for (size_t i = 0; i < tx->nw; i++) {
		wentry *e = &tx->w[i];
		const char *kind = NULL;
		char name[STORE_TABLE_MAX + 1];
		size_t k, pre, nl;

		if (e->table != NULL || e->op == 0 || e->pathlen < 14 ||
			strncmp(e->path, ".chrondb/", 9) != 0)
			continue;
		for (k = 0; k < sizeof(meta_kinds) / sizeof(meta_kinds[0]); k++) {
			pre = 9 + strlen(meta_kinds[k].dir) + 1;
			if (e->pathlen > pre + 5 &&
				strncmp(e->path + 9, meta_kinds[k].dir, pre - 10) == 0 &&
				e->path[pre - 1] == '/') {
				kind = meta_kinds[k].what;
				break;
			}
		}
		if (kind == NULL || (e->op == STORE_OP_UPDATE && e->seq_only))
			continue;
		nl = store_table_decode(name, e->path + pre, e->pathlen - pre - 5);
		if (nl == (size_t)-1)
			continue;
		if (msg->len)
			store_buf_puts(msg, "; ");
		store_buf_printf(msg, "%s %s ",
			e->op == STORE_OP_INSERT   ? "create"
			: e->op == STORE_OP_UPDATE ? "alter"
						   : "drop",
			kind);
		describe_name(msg, name, nl);
	}
	if (ins + upd + del > 0) {
		const char *sep = "";

		if (msg->len)
			store_buf_puts(msg, "; ");
		if (ins) {
			store_buf_printf(msg, "insert %d row%s", ins, ins == 1 ? "" : "s");
			sep = ", ";
		}
		if (upd) {
			store_buf_printf(msg, "%supdate %d row%s", sep, upd, upd == 1 ? "" : "s");
			sep = ", ";
		}
		if (del)
			store_buf_printf(msg, "%sdelete %d row%s", sep, del, del == 1 ? "" : "s");
		store_buf_puts(msg, " in ");
		for (size_t k = 0; k < nt; k++) {
			if (k > 0)
				store_buf_puts(msg, ", ");
			describe_name(msg, tables[k], strlen(tables[k]));
		}
	}
	if (msg->len == 0)
		store_buf_puts(msg, "empty transaction");
	store_buf_putc(msg, '\n');

	*sem = (upd ? SEM_UPDATE : 0) | (del ? SEM_DELETE : 0) | (ddl ? SEM_DDL : 0);
	if (ddl)
		*operation = "ddl";
	else if (ins && !upd && !del)
		*operation = "insert";
	else if (upd && !ins && !del)
		*operation = "update";
	else if (del && !ins && !upd)
		*operation = "delete";
	else
		*operation = "write";
}

/* ---- WAL records ---- */

/*
 * Record kinds.  A merge commit's record is a commit's with its second
 * parent at the end; a branch set records a fast-forward (str branch,
 * oid old head, oid new head), which replay repeats.
 */
enum {
	REC_COMMIT = 'C',
	REC_MERGE = 'M',
	REC_BRANCH_CREATE = 'B',
	REC_BRANCH_DELETE = 'D',
	REC_BRANCH_SET = 'S',
};

/*
 * A commit record: everything needed to rebuild the commit and its note
 * byte for byte.  Fields in order:
 *   u32 kind, str branch, oid parent, u64 time_us,
 *   str author name, str author email, str committer name, str committer email,
 *   str message, u32 n, n x (u32 del, str path, str data),
 *   str note, oid notes parent, oid commit, oid notes commit
 *   [REC_MERGE: oid second parent]
 * The two notes oids are zero: notes commits are built at checkpoints
 * (store_notes_fold), and replay never read them.  They stay in the
 * format so that a log written before that reads the same.
 */
static void rec_commit(store_buf *rec, const char *branch_name, const store_oid *parent,
	const store_oid *second, int64_t t_us, const char *aname, const char *aemail,
	const char *cname, const char *cemail, const char *msg, size_t msglen, store_tx *tx,
	const char *note, const store_oid *commit)
{
	static const store_oid zero;
	uint32_t n = 0;

	store_buf_u32(rec, second != NULL ? REC_MERGE : REC_COMMIT);
	store_buf_str(rec, branch_name, strlen(branch_name));
	store_buf_put(rec, parent->id, STORE_OID_RAWSZ);
	store_buf_u64(rec, (uint64_t)t_us);
	store_buf_str(rec, aname, strlen(aname));
	store_buf_str(rec, aemail, strlen(aemail));
	store_buf_str(rec, cname, strlen(cname));
	store_buf_str(rec, cemail, strlen(cemail));
	store_buf_str(rec, msg, msglen);
	for (size_t i = 0; i < tx->nw; i++)
		n += tx->w[i].op != 0;
	store_buf_u32(rec, n);
	for (size_t i = 0; i < tx->nw; i++) {
		wentry *e = &tx->w[i];

		if (e->op == 0)
			continue;
		store_buf_u32(rec, e->kind == W_DEL);
		store_buf_str(rec, e->path, e->pathlen);
		store_buf_str(rec, e->data ? e->data : "", e->datalen);
	}
	store_buf_str(rec, note, strlen(note));
	store_buf_put(rec, zero.id, STORE_OID_RAWSZ);
	store_buf_put(rec, commit->id, STORE_OID_RAWSZ);
	store_buf_put(rec, zero.id, STORE_OID_RAWSZ);
	if (second != NULL)
		store_buf_put(rec, second->id, STORE_OID_RAWSZ);
}

/* ---- Heads and the flush queue ---- */

static void queue_push(
	headq **q, size_t *n, size_t *cap, wal_lsn lsn, const store_oid *oid, int64_t t)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*q = realloc(*q, *cap * sizeof(**q));
		if (*q == NULL)
			abort();
	}
	(*q)[*n].lsn = lsn;
	(*q)[*n].oid = *oid;
	(*q)[*n].time_us = t;
	(*n)++;
}

/* Move visible to the newest queued commit that is durable. */
static void queue_advance(
	headq *q, size_t *n, wal_lsn durable, store_oid *visible, int64_t *visible_time)
{
	size_t k = 0;

	while (k < *n && q[k].lsn <= durable)
		k++;
	if (k == 0)
		return;
	*visible = q[k - 1].oid;
	if (visible_time != NULL)
		*visible_time = q[k - 1].time_us;
	memmove(q, q + k, (*n - k) * sizeof(*q));
	*n -= k;
}

static void advance_visible(store *s, branch *b)
{
	/* Without sync, a commit is visible once appended (PostgreSQL's synchronous_commit = off). */
	wal_lsn durable = s->opts.sync ? wal_durable_lsn(s->wal) : wal_end_lsn(s->wal);

	pthread_mutex_lock(&b->state_lock);
	queue_advance(b->queue, &b->nqueue, durable, &b->visible, &b->visible_time_us);
	pthread_mutex_unlock(&b->state_lock);
}

/*
 * After a failed WAL write: every commit not durable is gone.  Move each
 * pending head back to its durable head, then let the log accept appends
 * again (unless the failure was an fsync, which needs a restart).
 */
static void recover_from_wal_failure(store *s)
{
	branch *b;
	store_err err;

	pthread_mutex_lock(&s->recover_lock);
	if (!wal_is_broken(s->wal)) {
		pthread_mutex_unlock(&s->recover_lock);
		return;
	}
	pthread_mutex_lock(&s->branches_lock);
	for (b = s->branches; b != NULL; b = b->next)
		pthread_mutex_lock(&b->commit_lock);
	pthread_mutex_lock(&s->notes_lock);

	for (b = s->branches; b != NULL; b = b->next) {
		advance_visible(s, b);
		pthread_mutex_lock(&b->state_lock);
		b->nqueue = 0;
		b->pending = b->visible;
		b->pending_time_us = b->visible_time_us;
		pthread_mutex_unlock(&b->state_lock);
		if (b->idx != NULL)
			bidx_truncate_to(b, &b->visible);
	}
	{
		/* The notes of the commits that are gone go too. */
		wal_lsn durable = wal_durable_lsn(s->wal);
		size_t keep = 0;

		while (keep < s->npnotes && s->pnotes[keep].lsn <= durable)
			keep++;
		pnote_truncate(s, keep);
	}
	store_err_clear(&err);
	wal_resume(s->wal, &err);

	pthread_mutex_unlock(&s->notes_lock);
	for (b = s->branches; b != NULL; b = b->next)
		pthread_mutex_unlock(&b->commit_lock);
	pthread_mutex_unlock(&s->branches_lock);
	pthread_mutex_unlock(&s->recover_lock);
}

/* ---- Row locks ---- */

void store_tx_set_locker(store_tx *tx, store_locker *lk)
{
	assert(tx->own_lk == NULL);
	tx->lk = lk;
}

void store_tx_set_interrupt(store_tx *tx, const atomic_int *flag)
{
	tx->interrupt = flag;
	if (tx->own_lk != NULL)
		store_locker_set_interrupt(tx->own_lk, flag);
}

/* The transaction's locker: the session's, or one of its own made now. */
static store_locker *tx_locker(store_tx *tx, store_err *err)
{
	if (tx->lk == NULL) {
		if (store_locker_new(tx->s, (int32_t)getpid(), 0, tx->interrupt, &tx->own_lk,
			    err) != STORE_OK)
			return NULL;
		tx->lk = tx->own_lk;
	}
	return tx->lk;
}

int store_tx_lock_row_req(store_tx *tx, const char *table, const char *key, size_t keylen,
	store_lockreq *req, store_err *err)
{
	store_locker *lk;

	if (store_table_validate(table, strlen(table), err) != STORE_OK ||
		store_key_validate(key, keylen, err) != STORE_OK ||
		(lk = tx_locker(tx, err)) == NULL)
		return STORE_ERROR;
	return store_lock_row_of(lk, tx->b->name, table, key, keylen, req, err);
}

int store_tx_lock_row(store_tx *tx, const char *table, const char *key, size_t keylen,
	int timeout_ms, store_err *err)
{
	store_lockreq req = {STORE_ROW_UPDATE, STORE_LOCK_WAIT, timeout_ms, 0, STORE_ROW_WRITE, 0};

	return store_tx_lock_row_req(tx, table, key, keylen, &req, err);
}

size_t store_tx_lock_mark(store_tx *tx)
{
	return tx->lk != NULL ? store_locker_mark(tx->lk) : 0;
}

void store_tx_lock_undo(store_tx *tx, size_t mark)
{
	if (tx->lk != NULL)
		store_locker_rollback(tx->lk, mark);
}

/* ---- Commit ---- */

/* ---- Savepoints ---- */

uint64_t store_tx_savepoint(store_tx *tx)
{
	if (tx->nmarks == tx->capmarks) {
		tx->capmarks = tx->capmarks ? 2 * tx->capmarks : 8;
		tx->marks = realloc(tx->marks, tx->capmarks * sizeof(*tx->marks));
		if (tx->marks == NULL)
			abort();
	}
	tx->marks[tx->nmarks].serial = ++tx->next_serial;
	tx->marks[tx->nmarks].nw = tx->nw;
	tx->marks[tx->nmarks].nundo = tx->nundo;
	tx->marks[tx->nmarks].nlocks = tx->lk != NULL ? store_locker_mark(tx->lk) : 0;
	return tx->marks[tx->nmarks++].serial;
}

/* Position of the live savepoint with this serial, or -1. */
static long sp_find(const store_tx *tx, uint64_t mark)
{
	for (size_t i = tx->nmarks; i-- > 0;) {
		if (tx->marks[i].serial == mark)
			return (long)i;
	}
	return -1;
}

void store_tx_rollback_to(store_tx *tx, uint64_t mark)
{
	long p = sp_find(tx, mark);
	spmark m;

	assert(p >= 0);
	m = tx->marks[p];

	/* Newest first: before-images back into their entries, whole sets back in place. */
	while (tx->nundo > m.nundo) {
		undo *u = &tx->undo[--tx->nundo];

		if (u->index == SIZE_MAX) {
			for (size_t i = 0; i < tx->nw; i++)
				wentry_free(&tx->w[i]);
			free(tx->w);
			tx->w = u->all;
			tx->nw = tx->capw = u->nall;
			u->all = NULL;
			for (size_t i = 0; i < tx->nw; i++)
				if (tx->w[i].table != NULL)
					log_row(tx, &tx->w[i]);
		} else {
			wentry *e = &tx->w[u->index];

			free(e->data);
			e->kind = u->kind;
			e->data = u->data;
			e->datalen = u->datalen;
			e->dir = u->dir;
			e->stamp = 0;
			u->data = NULL;
			if (e->table != NULL)
				log_row(tx, e);
		}
		undo_free(u);
	}

	/* Then the entries made since the savepoint go. */
	while (tx->nw > m.nw)
		wentry_free(&tx->w[--tx->nw]);
	for (size_t i = 0; i < tx->nw; i++) {
		if (tx->w[i].stamp >= m.serial)
			tx->w[i].stamp = 0;
	}
	tx->capslots = tx->capslots / 2; /* ws_rehash doubles it */
	ws_rehash(tx);
	order_forget(tx);

	/* Locks taken since go, and upgraded ones are as they were. */
	if (tx->lk != NULL)
		store_locker_rollback(tx->lk, m.nlocks);

	/* The savepoint stays; the ones inside it are gone. */
	tx->nmarks = (size_t)p + 1;
}

void store_tx_release(store_tx *tx, uint64_t mark)
{
	long p = sp_find(tx, mark);

	assert(p >= 0);
	tx->nmarks = (size_t)p;
	if (tx->nmarks == 0) {
		for (size_t i = 0; i < tx->nundo; i++)
			undo_free(&tx->undo[i]);
		tx->nundo = 0;
	}
}

int store_tx_has_savepoint(const store_tx *tx, uint64_t mark)
{
	return sp_find(tx, mark) >= 0;
}

static void tx_free(store_tx *tx)
{
	if (tx->ext != NULL)
		tx->ext_free(tx->ext);
	store_buf_free(&tx->rowlog);
	order_forget(tx);
	if (tx->lk != NULL)
		store_locker_release(tx->lk);
	store_locker_free(tx->own_lk);
	for (size_t i = 0; i < tx->nundo; i++)
		undo_free(&tx->undo[i]);
	free(tx->undo);
	free(tx->marks);
	for (size_t i = 0; i < tx->nw; i++)
		wentry_free(&tx->w[i]);
	free(tx->w);
	free(tx->slots);
	store_snap_free(tx->base);
	free(tx);
}

void store_tx_rollback(store_tx *tx)
{
	if (tx != NULL)
		tx_free(tx);
}

/* ---- What the transaction wrote ---- */

int store_tx_row_log(store_tx *tx, const char *table, uint64_t *pos, store_tx_row_fn fn, void *arg,
	store_err *err)
{
	size_t tlen = strlen(table), at = (size_t)*pos;

	while (at + 8 <= tx->rowlog.len) {
		const unsigned char *r = tx->rowlog.data + at;
		uint16_t tl, kl;
		uint32_t pl;
		const char *t, *key, *path;
		wentry *e;
		int rc;

		memcpy(&tl, r, sizeof(tl));
		memcpy(&kl, r + 2, sizeof(kl));
		memcpy(&pl, r + 4, sizeof(pl));
		t = (const char *)r + 8;
		key = t + tl;
		path = key + kl;
		at += 8 + (size_t)tl + kl + pl;
		if (tl != tlen || memcmp(t, table, tlen) != 0)
			continue;

		/* What the write set holds under that path now. */
		e = ws_find(tx, path, pl);
		if (e != NULL && e->kind == W_PUT && e->table != NULL &&
			strcmp(e->table, table) == 0)
			rc = fn(arg, key, kl, e->data, e->datalen, err);
		else
			rc = fn(arg, key, kl, NULL, 0, err);
		if (rc != STORE_OK) {
			*pos = at;
			return rc;
		}
	}
	*pos = tx->rowlog.len;
	return STORE_OK;
}

int store_tx_table_is_new(store_tx *tx, const char *table)
{
	return ws_find_dir(tx, table) != NULL;
}

void store_tx_set_ext(store_tx *tx, void *ext, void (*free_fn)(void *ext))
{
	if (tx->ext != NULL && tx->ext != ext)
		tx->ext_free(tx->ext);
	tx->ext = ext;
	tx->ext_free = free_fn;
}

void *store_tx_ext(store_tx *tx)
{
	return tx->ext;
}

/* Whether the write set removes a whole directory (a table dropped or made anew). */
static int tx_removes_directories(const store_tx *tx)
{
	for (size_t i = 0; i < tx->nw; i++) {
		if (tx->w[i].kind == W_DEL && tx->w[i].dir)
			return 1;
	}
	return 0;
}

/* ---- Sequence counters' records ---- */

static struct seqmark *seqmark_find(branch *b, const char *path, size_t len)
{
	for (size_t i = 0; i < b->nseqmarks; i++)
		if (strlen(b->seqmarks[i].path) == len && memcmp(b->seqmarks[i].path, path, len) == 0)
			return &b->seqmarks[i];
	return NULL;
}

void store_seqmarks_clear(branch *b)
{
	for (size_t i = 0; i < b->nseqmarks; i++)
		free(b->seqmarks[i].path);
	free(b->seqmarks);
	b->seqmarks = NULL;
	b->nseqmarks = b->capseqmarks = 0;
}

/*
 * Under the commit lock: drop the counter records the branch has already
 * recorded as far (they would move its counter back), write the blobs of
 * the others.  tx->w and ch shrink together.
 */
static void seq_records_filter(store *s, branch *b, store_tx *tx, change *ch)
{
	size_t k = 0;

	for (size_t i = 0; i < tx->nw; i++) {
		wentry *e = &tx->w[i];

		if (e->seq_only) {
			struct seqmark *m = seqmark_find(b, e->path, e->pathlen);

			if (m != NULL && !e->seq_reset &&
				(e->seq_up ? m->mark >= e->seq_mark : m->mark <= e->seq_mark)) {
				wentry_free(e);
				continue;
			}
			store_odb_write(s->odb, STORE_OBJ_BLOB, e->data, e->datalen, &ch[i].blob);
		}
		if (k != i) {
			tx->w[k] = *e;
			ch[k] = ch[i];
		}
		k++;
	}
	tx->nw = k;
}

/* After a commit: what it recorded of each sequence's counter (a full write forgets it). */
static void seq_records_note(branch *b, const store_tx *tx)
{
	static const char dir[] = ".chrondb/sequences/";

	for (size_t i = 0; i < tx->nw; i++) {
		const wentry *e = &tx->w[i];
		struct seqmark *m;

		if (e->table != NULL || e->pathlen <= sizeof(dir) - 1 ||
			memcmp(e->path, dir, sizeof(dir) - 1) != 0)
			continue;
		m = seqmark_find(b, e->path, e->pathlen);
		if (!e->seq_only) {
			if (m != NULL) {
				free(m->path);
				*m = b->seqmarks[--b->nseqmarks];
			}
			continue;
		}
		if (m == NULL) {
			if (b->nseqmarks == b->capseqmarks) {
				size_t cap = b->capseqmarks ? 2 * b->capseqmarks : 4;
				struct seqmark *g = realloc(b->seqmarks, cap * sizeof(*g));

				if (g == NULL)
					continue; /* unknown: the next record lands, which is safe */
				b->seqmarks = g;
				b->capseqmarks = cap;
			}
			m = &b->seqmarks[b->nseqmarks];
			m->path = strndup(e->path, e->pathlen);
			if (m->path == NULL)
				continue;
			b->nseqmarks++;
		}
		m->mark = e->seq_mark;
	}
}

/* Under REPEATABLE READ: fail if a row we write changed after our snapshot. */
static int check_conflicts(store_tx *tx, const store_oid *head_tree, store_err *err)
{
	for (size_t i = 0; i < tx->nw; i++) {
		wentry *e = &tx->w[i];
		store_oid a = {{0}}, b = {{0}};
		int ra = STORE_NOTFOUND, rb;

		if (e->table == NULL)
			continue;
		if (!store_oid_is_zero(&tx->base->commit))
			ra = store_tree_walk(
				tx->s, &tx->base->tree, e->path, e->pathlen, &a, NULL, err);
		rb = store_oid_is_zero(head_tree) ? STORE_NOTFOUND
						  : store_tree_walk(tx->s, head_tree, e->path,
							    e->pathlen, &b, NULL, err);
		if (ra == STORE_ERROR || rb == STORE_ERROR)
			return STORE_ERROR;
		if (ra != rb || (ra == STORE_OK && !store_oid_equal(&a, &b))) {
			store_err_set(err, "40001",
				"could not serialize access due to concurrent update");
			store_err_detail(err,
				"Row \"%s\" of \"%s\" changed after this transaction's snapshot.",
				e->key, e->table);
			store_err_hint(err, "The transaction might succeed if retried.");
			return STORE_ERROR;
		}
	}
	return STORE_OK;
}

/* The blobs of the write set, written now (a rollback leaves no object behind). */
static change *write_blobs(store_tx *tx)
{
	change *ch = calloc(tx->nw ? tx->nw : 1, sizeof(*ch));

	if (ch == NULL)
		abort();
	for (size_t i = 0; i < tx->nw; i++) {
		ch[i].path = tx->w[i].path;
		ch[i].pathlen = tx->w[i].pathlen;
		ch[i].del = tx->w[i].kind == W_DEL;
		if (!ch[i].del && !tx->w[i].seq_only)
			store_odb_write(tx->s->odb, STORE_OBJ_BLOB, tx->w[i].data, tx->w[i].datalen,
				&ch[i].blob);
	}
	return ch;
}

/*
 * A merge that fast-forwards: the branch moves to ff, its record in the
 * log, under the commit lock (held) and the commit-order lock.  The
 * history index is built again from Git when next used: the commits
 * taken in need not lie on the branch's first-parent chain.
 */
static int fast_forward(
	store *s, branch *b, const store_oid *ff, int announced, wal_lsn *lsn, store_err *err)
{
	store_buf rec = STORE_BUF_INIT;
	int64_t t_us = store_note_time(s, ff);
	int r;

	store_buf_u32(&rec, REC_BRANCH_SET);
	store_buf_str(&rec, b->name, strlen(b->name));
	store_buf_put(&rec, b->pending.id, STORE_OID_RAWSZ);
	store_buf_put(&rec, ff->id, STORE_OID_RAWSZ);
	pthread_mutex_lock(&s->notes_lock);
	if (announced)
		r = wal_append_announced(s->wal, rec.data, rec.len, lsn, err);
	else
		r = wal_append(s->wal, rec.data, rec.len, lsn, err);
	pthread_mutex_unlock(&s->notes_lock);
	store_buf_free(&rec);
	if (r != STORE_OK)
		return r;
	if (t_us == 0) {
		store_obj *o;
		store_commit c;

		if (store_read_commit(s, ff, &o, &c, err) == STORE_OK) {
			t_us = c.committer.time * 1000000;
			store_obj_unref(o);
		}
		store_err_clear(err);
	}
	b->pending = *ff;
	if (t_us > b->pending_time_us)
		b->pending_time_us = t_us;
	pthread_mutex_lock(&b->state_lock);
	queue_push(&b->queue, &b->nqueue, &b->capqueue, *lsn, ff, b->pending_time_us);
	pthread_mutex_unlock(&b->state_lock);
	bidx_free(b->idx);
	b->idx = NULL;
	return STORE_OK;
}

int store_tx_commit(store_tx *tx, const store_txmeta *meta, store_oid *commit_out, store_err *err)
{
	store *s = tx->s;
	branch *b = tx->b;
	store_oid parent, root = {{0}}, tree, commit, note_blob, second = {{0}}, ff = {{0}};
	change *ch = NULL;
	store_buf msg = STORE_BUF_INIT, body = STORE_BUF_INIT, rec = STORE_BUF_INIT;
	const char *operation = "write";
	unsigned sem = 0;
	char *note = NULL;
	char email[192];
	const char *user, *user_email;
	char *metadata = NULL; /* the note's metadata: compact JSON text */
	store_sig author, committer;
	bidx_change *ic = NULL;
	size_t nic = 0;
	int64_t t_us;
	wal_lsn lsn;
	int announced = 0;
	int r = STORE_OK;

	if (commit_out != NULL)
		memset(commit_out, 0, sizeof(*commit_out));
	/* The metadata checked and made compact here, outside the commit lock. */
	if (meta != NULL && meta->metadata_json != NULL) {
		json_error_t jerr;
		json_t *obj = json_loads(meta->metadata_json, 0, &jerr);

		if (!json_is_object(obj)) {
			json_decref(obj);
			store_err_set(err, "22P02", "transaction metadata must be a JSON object");
			tx_free(tx);
			return STORE_ERROR;
		}
		metadata = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(obj);
		if (metadata == NULL)
			abort();
	}
	if (tx->nw == 0 && tx->merge == NULL) {
		free(metadata);
		tx_free(tx);
		return STORE_OK;
	}
	user = meta && meta->user ? meta->user : "chrondb";
	if (meta && meta->user_email)
		user_email = meta->user_email;
	else {
		snprintf(email, sizeof(email), "%s@chrondb", user);
		user_email = email;
	}

	/* Memory must have room: the checkpointer may be behind the writers. */
	if ((tx->merge == NULL || !tx->merge->no_throttle) &&
		store_ckpt_throttle(s, err) != STORE_OK) {
		free(metadata);
		tx_free(tx);
		return STORE_ERROR;
	}

	/* A flush leader may wait for this commit's record (wal.c's gather). */
	if (s->opts.sync) {
		wal_announce(s->wal);
		announced = 1;
	}

	/*
	 * Blobs are written before the lock is taken; a counter's record
	 * waits for the commit lock, which decides whether it lands at all.
	 * A merge's write set is made under the lock, against the newest head.
	 */
	if (tx->merge == NULL)
		ch = write_blobs(tx);

	pthread_mutex_lock(&b->commit_lock);
	if (b->deleted) {
		r = store_err_set(err, "42704", "branch \"%s\" was deleted", b->name);
		goto unlock;
	}
	if (tx->merge != NULL) {
		r = tx->merge->prepare(tx->merge->arg, tx, &b->pending, &second, &ff, err);
		if (r == STORE_NOTFOUND) {
			r = STORE_OK;
			goto unlock;
		}
		if (r != STORE_OK)
			goto unlock;
		if (!store_oid_is_zero(&ff)) {
			r = fast_forward(s, b, &ff, announced, &lsn, err);
			announced = 0;
			if (r != STORE_OK)
				goto unlock;
			commit = ff;
			pthread_mutex_unlock(&b->commit_lock);
			goto durable;
		}
		ch = write_blobs(tx);
	}
	seq_records_filter(s, b, tx, ch);

	/* The new tree: the pending head plus the write set. */
	parent = b->pending;
	if (!store_oid_is_zero(&parent)) {
		store_obj *o;
		store_commit pc;

		r = store_read_commit(s, &parent, &o, &pc, err);
		if (r != STORE_OK) {
			if (r == STORE_NOTFOUND)
				r = store_err_set(err, "XX001", "branch head commit is missing");
			goto unlock;
		}
		root = pc.tree;
		store_obj_unref(o);
	}
	if (tx->iso != STORE_READ_COMMITTED && !store_oid_equal(&parent, &tx->base->commit) &&
		(r = check_conflicts(tx, &root, err)) != STORE_OK)
		goto unlock;
	if ((r = apply_changes(s, &root, ch, tx->nw, &tree, err)) != STORE_OK)
		goto unlock;
	for (size_t i = 0; i < tx->nw; i++) {
		tx->w[i].op = ch[i].op;
		tx->w[i].blob = ch[i].blob;
	}
	if (store_oid_equal(&tree, &root) && !store_oid_is_zero(&parent) &&
		store_oid_is_zero(&second)) {
		/* Nothing changed: no commit, as git refuses an empty one (a merge records its source). */
		goto unlock;
	}

	/* The commit: author is the session's user, committer the server. */
	describe(tx, &msg, &operation, &sem);
	if (meta && meta->message) {
		msg.len = 0;
		store_buf_puts(&msg, meta->message);
		if (msg.len == 0 || msg.data[msg.len - 1] != '\n')
			store_buf_putc(&msg, '\n');
	}
	if (meta && meta->message_body && meta->message_body[0] != '\0') {
		/* A paragraph after the subject, as git's messages have. */
		store_buf_putc(&msg, '\n');
		store_buf_puts(&msg, meta->message_body);
		if (msg.data[msg.len - 1] != '\n')
			store_buf_putc(&msg, '\n');
	}
	if (meta && meta->operation)
		operation = meta->operation;
	t_us = store_now_us();
	if (t_us < b->pending_time_us)
		t_us = b->pending_time_us; /* times along a branch never go back */
	make_sig(&author, user, user_email, t_us);
	make_sig(&committer, s->committer_name, s->committer_email, t_us);
	{
		store_oid parents[2] = {parent, second};
		int np = store_oid_is_zero(&parent) ? 0 : store_oid_is_zero(&second) ? 1 : 2;

		store_commit_encode(&body, &tree, parents, np, &author, &committer,
			(const char *)msg.data, msg.len);
	}
	store_odb_write(s->odb, STORE_OBJ_COMMIT, body.data, body.len, &commit);
	note = make_note(tx, meta, &commit, (const char *)msg.data, operation, sem, t_us, metadata);
	store_odb_write(s->odb, STORE_OBJ_BLOB, note, strlen(note), &note_blob);
	rec_commit(&rec, b->name, &parent, store_oid_is_zero(&second) ? NULL : &second, t_us, user,
		user_email, s->committer_name, s->committer_email, (const char *)msg.data, msg.len,
		tx, note, &commit);

	/* The WAL record, in the one global commit order; the note waits for a checkpoint. */
	pthread_mutex_lock(&s->notes_lock);
	if (announced)
		r = wal_append_announced(s->wal, rec.data, rec.len, &lsn, err);
	else
		r = wal_append(s->wal, rec.data, rec.len, &lsn, err);
	announced = 0;
	if (r == STORE_OK)
		pnote_add(s, &commit, &note_blob, lsn, t_us);
	pthread_mutex_unlock(&s->notes_lock);
	if (r != STORE_OK)
		goto unlock;

	/* The branch moves on for the next writer; readers wait for the flush. */
	b->pending = commit;
	b->pending_time_us = t_us;
	seq_records_note(b, tx);
	pthread_mutex_lock(&b->state_lock);
	queue_push(&b->queue, &b->nqueue, &b->capqueue, lsn, &commit, t_us);
	pthread_mutex_unlock(&b->state_lock);
	if (b->idx != NULL && tx_removes_directories(tx)) {
		store_err ignored;

		/* The rows of a dropped table are in no write: the trees say which went. */
		store_err_clear(&ignored);
		bidx_add_commit_diff(s, b, &commit, t_us, &root, &tree, &ignored);
	} else if (b->idx != NULL) {
		ic = calloc(tx->nw, sizeof(*ic));
		if (ic == NULL)
			abort();
		for (size_t i = 0; i < tx->nw; i++) {
			if (tx->w[i].table == NULL || tx->w[i].op == 0)
				continue;
			ic[nic].table = tx->w[i].table;
			ic[nic].key = tx->w[i].key;
			ic[nic].keylen = tx->w[i].keylen;
			ic[nic].op = tx->w[i].op;
			ic[nic].blob = tx->w[i].blob;
			nic++;
		}
		bidx_add_commit(b, &commit, t_us, ic, nic);
		free(ic);
	}
	pthread_mutex_unlock(&b->commit_lock);

	/*
	 * Durable, then visible.  Commits that append while a flush runs are
	 * covered by the next one (wal.c's leader), which is group commit
	 * enough: waiting on purpose for more committers (PostgreSQL's
	 * commit_delay, off there too by default) cost more CPU in wake-ups
	 * than it saved in fsyncs on two cores.
	 */
durable:
	r = s->opts.sync ? wal_flush(s->wal, lsn, err) : STORE_OK;
	if (r != STORE_OK) {
		recover_from_wal_failure(s);
		goto done;
	}
	advance_visible(s, b);
	atomic_fetch_add(&s->stat_commits, 1);
	if (commit_out != NULL)
		*commit_out = commit;
	if (store_odb_open_bytes(s->odb) > s->opts.checkpoint_bytes)
		store_ckpt_kick(s);
	goto done;

unlock:
	pthread_mutex_unlock(&b->commit_lock);
done:
	if (announced)
		wal_unannounce(s->wal);
	free(metadata);
	free(note);
	free(ch);
	store_buf_free(&msg);
	store_buf_free(&body);
	store_buf_free(&rec);
	tx_free(tx);
	return r;
}

/* ---- Branch records ---- */

int store_branch_record(
	store *s, int create, const char *name, const store_oid *target, store_err *err)
{
	store_buf rec = STORE_BUF_INIT;
	wal_lsn lsn;
	int r;
	branch *b;

	store_buf_u32(&rec, create ? REC_BRANCH_CREATE : REC_BRANCH_DELETE);
	store_buf_str(&rec, name, strlen(name));
	if (create)
		store_buf_put(&rec, target->id, STORE_OID_RAWSZ);

	/* Branch changes are ordered with commits, through the same lock. */
	pthread_mutex_lock(&s->notes_lock);
	if (create && store_branch_find(s, name) != NULL) {
		pthread_mutex_unlock(&s->notes_lock);
		store_buf_free(&rec);
		return store_err_set(err, "42710", "branch \"%s\" already exists", name);
	}
	r = wal_append(s->wal, rec.data, rec.len, &lsn, err);
	pthread_mutex_unlock(&s->notes_lock);
	store_buf_free(&rec);
	if (r != STORE_OK)
		return r;
	if (s->opts.sync && (r = wal_flush(s->wal, lsn, err)) != STORE_OK) {
		recover_from_wal_failure(s);
		return r;
	}

	if (create) {
		branch *src = NULL;
		store_oid zero = {{0}};

		b = store_branch_get_or_create(s, name);
		pthread_mutex_lock(&b->commit_lock);
		b->pending = *target;
		pthread_mutex_lock(&b->state_lock);
		b->visible = *target;
		pthread_mutex_unlock(&b->state_lock);
		(void)zero;

		/* Share the history index of a branch whose chain holds the target. */
		pthread_mutex_lock(&s->branches_lock);
		for (branch *o = s->branches; o != NULL; o = o->next) {
			if (o != b && !o->deleted && o->idx != NULL)
				src = o;
		}
		pthread_mutex_unlock(&s->branches_lock);
		if (src != NULL && pthread_mutex_trylock(&src->commit_lock) == 0) {
			long seq = src->idx ? bidx_seq(src->idx, target) : -1;

			if (seq >= 0)
				b->idx = bidx_copy(src->idx, seq);
			pthread_mutex_unlock(&src->commit_lock);
		}
		pthread_mutex_unlock(&b->commit_lock);
	} else {
		b = store_branch_find(s, name);
		if (b != NULL) {
			pthread_mutex_lock(&b->commit_lock);
			pthread_mutex_lock(&s->branches_lock);
			b->deleted = 1;
			pthread_mutex_unlock(&s->branches_lock);
			pthread_mutex_unlock(&b->commit_lock);
		}
		store_conflicts_forget(s, name);
	}
	store_ckpt_kick(s);
	return STORE_OK;
}

/* ---- Replay ---- */

static int replay_fail(store_err *err, wal_lsn lsn, const char *what)
{
	store_err_set(err, "XX001", "write-ahead log record ending at %llu is invalid",
		(unsigned long long)lsn);
	store_err_detail(err, "%s", what);
	return STORE_ERROR;
}

/*
 * The branch a record of this replay moves, from parent (the head the
 * record left from; NULL for a branch's creation).  The first record of
 * a branch may find its ref moved on disk since the log was written: a
 * git push while the store was down, or a checkpoint that wrote the ref
 * but could not trim the log before a crash.  The record's chain is
 * then rebuilt from its own parent, and the ref's value is left for
 * store_refs_poll at the end of the open, which finds it already part
 * of the branch or merges it in: no commit on either side is lost.  A
 * later record that does not follow its branch's last one means a
 * damaged log.
 */
static branch *replay_branch(store *s, const char *name, const store_oid *parent)
{
	branch *b = store_branch_get_or_create(s, name);

	if (parent != NULL && !store_oid_equal(&b->pending, parent)) {
		if (b->replayed)
			return NULL;
		b->pending = *parent;
	}
	if (!b->replayed && !store_oid_is_zero(&b->on_disk) &&
		(parent == NULL || !store_oid_equal(&b->on_disk, parent))) {
		memset(&b->on_disk, 0, sizeof(b->on_disk));
		s->refs_moved = 1;
	}
	b->replayed = 1;
	return b;
}

/* Rebuild one commit from its record and make it the branch head. */
static int replay_commit(store *s, store_rd *rd, uint32_t kind, wal_lsn lsn, store_err *err)
{
	size_t bl, anl, ael, cnl, cel, ml, nl;
	const unsigned char *bname = store_rd_str(rd, &bl);
	const unsigned char *p_parent = store_rd_bytes(rd, STORE_OID_RAWSZ);
	int64_t t_us = (int64_t)store_rd_u64(rd);
	const unsigned char *an = store_rd_str(rd, &anl), *ae = store_rd_str(rd, &ael);
	const unsigned char *cn = store_rd_str(rd, &cnl), *ce = store_rd_str(rd, &cel);
	const unsigned char *m = store_rd_str(rd, &ml);
	uint32_t n = store_rd_u32(rd);
	change *ch;
	char name[STORE_BRANCH_MAX + 1];
	char *an_s, *ae_s, *cn_s, *ce_s;
	store_oid parents[2] = {{{0}}, {{0}}}, root = {{0}}, tree, commit, expect, note_blob;
	store_oid *parent = &parents[0];
	store_buf body = STORE_BUF_INIT;
	store_sig author, committer;
	const unsigned char *note, *p;
	branch *b;
	int r = STORE_OK;

	if (rd->bad || bl == 0 || bl > STORE_BRANCH_MAX || n > (1u << 26))
		return replay_fail(err, lsn, "The commit header is truncated.");
	memcpy(name, bname, bl);
	name[bl] = '\0';
	memcpy(parent->id, p_parent, STORE_OID_RAWSZ);
	ch = calloc(n ? n : 1, sizeof(*ch));
	if (ch == NULL)
		abort();
	for (uint32_t i = 0; i < n; i++) {
		size_t pl, dl;
		const unsigned char *d;

		ch[i].del = (int)store_rd_u32(rd);
		ch[i].path = (const char *)store_rd_str(rd, &pl);
		ch[i].pathlen = pl;
		d = store_rd_str(rd, &dl);
		if (rd->bad)
			break;
		if (!ch[i].del)
			store_odb_write(s->odb, STORE_OBJ_BLOB, d, dl, &ch[i].blob);
	}
	note = store_rd_str(rd, &nl);
	p = store_rd_bytes(rd, STORE_OID_RAWSZ * 3);
	if (kind == REC_MERGE) {
		const unsigned char *p2 = store_rd_bytes(rd, STORE_OID_RAWSZ);

		if (p2 != NULL)
			memcpy(parents[1].id, p2, STORE_OID_RAWSZ);
	}
	if (rd->bad || p == NULL) {
		free(ch);
		return replay_fail(err, lsn, "The record is truncated.");
	}
	memcpy(expect.id, p + 20, STORE_OID_RAWSZ);

	/* The branch must be where the record left from. */
	b = replay_branch(s, name, parent);
	if (b == NULL) {
		free(ch);
		return replay_fail(err, lsn, "It does not follow the branch's previous record.");
	}
	if (!store_oid_is_zero(parent)) {
		store_obj *o;
		store_commit pc;

		r = store_read_commit(s, parent, &o, &pc, err);
		if (r != STORE_OK) {
			free(ch);
			return r == STORE_NOTFOUND
				       ? replay_fail(err, lsn, "Its parent commit is missing.")
				       : r;
		}
		root = pc.tree;
		store_obj_unref(o);
	}
	r = apply_changes(s, &root, ch, n, &tree, err);
	free(ch);
	if (r != STORE_OK)
		return r;
	an_s = strndup((const char *)an, anl);
	ae_s = strndup((const char *)ae, ael);
	cn_s = strndup((const char *)cn, cnl);
	ce_s = strndup((const char *)ce, cel);
	make_sig(&author, an_s, ae_s, t_us);
	make_sig(&committer, cn_s, ce_s, t_us);
	store_commit_encode(&body, &tree, parents,
		store_oid_is_zero(parent) ? 0
		: kind == REC_MERGE       ? 2
					  : 1,
		&author, &committer, (const char *)m, ml);
	store_odb_write(s->odb, STORE_OBJ_COMMIT, body.data, body.len, &commit);
	store_buf_free(&body);
	free(an_s);
	free(ae_s);
	free(cn_s);
	free(ce_s);
	if (!store_oid_equal(&commit, &expect))
		return replay_fail(err, lsn, "Replaying it gave a different commit id.");

	/* The note waits for the next checkpoint, as a live commit's does. */
	store_odb_write(s->odb, STORE_OBJ_BLOB, note, nl, &note_blob);
	pnote_add(s, &commit, &note_blob, lsn, t_us);
	b->pending = b->visible = commit;
	b->pending_time_us = b->visible_time_us = t_us;
	return STORE_OK;
}

int store_wal_apply(void *arg, wal_lsn lsn, const void *data, size_t len)
{
	store *s = arg;
	store_rd rd = {data, len, 0};
	uint32_t kind = store_rd_u32(&rd);
	store_err err;
	size_t nl;
	const unsigned char *name;
	char buf[STORE_BRANCH_MAX + 1];

	store_err_clear(&err);
	switch (kind) {
	case REC_COMMIT:
	case REC_MERGE:
		if (replay_commit(s, &rd, kind, lsn, &err) != STORE_OK) {
			store_log_event(s, STORE_LOG_ERROR, "%s", err.message);
			return 1;
		}
		return 0;
	case REC_BRANCH_CREATE:
	case REC_BRANCH_DELETE:
	case REC_BRANCH_SET:
		name = store_rd_str(&rd, &nl);
		if (rd.bad || nl == 0 || nl > STORE_BRANCH_MAX)
			return 1;
		memcpy(buf, name, nl);
		buf[nl] = '\0';
		if (kind == REC_BRANCH_CREATE) {
			const unsigned char *t = store_rd_bytes(&rd, STORE_OID_RAWSZ);
			branch *b;

			if (t == NULL)
				return 1;
			b = replay_branch(s, buf, NULL);
			memcpy(b->pending.id, t, STORE_OID_RAWSZ);
			b->visible = b->pending;
		} else if (kind == REC_BRANCH_SET) {
			const unsigned char *t = store_rd_bytes(&rd, 2 * STORE_OID_RAWSZ);
			store_oid old;
			branch *b;

			if (t == NULL)
				return 1;
			memcpy(old.id, t, STORE_OID_RAWSZ);
			b = replay_branch(s, buf, &old);
			if (b == NULL) {
				store_log_event(s, STORE_LOG_ERROR,
					"write-ahead log record ending at %llu does not follow the "
					"branch's previous record",
					(unsigned long long)lsn);
				return 1;
			}
			memcpy(b->pending.id, t + STORE_OID_RAWSZ, STORE_OID_RAWSZ);
			b->visible = b->pending;
			b->pending_time_us = b->visible_time_us = store_note_time(s, &b->pending);
		} else {
			branch *b = store_branch_find(s, buf);

			if (b != NULL)
				b->deleted = 1;
		}
		return 0;
	default:
		store_log_event(s, STORE_LOG_ERROR, "unknown write-ahead log record kind %u", kind);
		return 1;
	}
}
