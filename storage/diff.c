/*
 * diff.c - what changed between two trees: the walk every diff shares
 * (history.c builds its row history with it), and the rows of one table
 * between two of its trees, which the executor's secondary indexes are
 * derived by and SQL diffs can be built on.
 *
 * Trees are content-addressed: two subtrees with the same id hold the
 * same rows, so the walk skips them without reading either.  With the
 * 16-way fan-out of four levels (DESIGN.md section 3) a diff between
 * two commits reads the few trees on the changed rows' paths: its cost
 * follows the rows that changed, not the size of the table.  A diff
 * against the zero id (no tree) lists every row of the other side.
 *
 * Not here: what a change means to its reader (history.c records
 * versions; the executor re-indexes rows).
 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#include "keycodec.h"

/* ---- The walk ---- */

typedef struct walk {
	store *s;
	store_tree_diff_fn fn;
	void *arg;
	char path[4096]; /* the entry's path below the trees compared */
} walk;

static int read_tree(store *s, const store_oid *t, store_obj **o, store_err *err)
{
	int r;

	*o = NULL;
	if (store_oid_is_zero(t))
		return STORE_OK;
	r = store_odb_read_type(s->odb, t, STORE_OBJ_TREE, o, err);
	if (r == STORE_NOTFOUND)
		return store_err_set(err, "XX001", "a tree is missing from the repository");
	return r;
}

static int walk_trees(walk *w, const store_oid *a, const store_oid *b, size_t plen, store_err *err);

/* Every blob below tree t, added (old side zero) or removed (new side zero). */
static int walk_one_side(walk *w, const store_oid *t, size_t plen, int added, store_err *err)
{
	store_oid zero = {{0}};

	return added ? walk_trees(w, &zero, t, plen, err) : walk_trees(w, t, &zero, plen, err);
}

/* Report a blob entry of name e at path prefix plen: op with the old and new ids. */
static int walk_blob(walk *w, const store_tree_entry *e, size_t plen, store_op op,
	const store_oid *old, const store_oid *new, store_err *err)
{
	memcpy(w->path + plen, e->name, e->namelen);
	return w->fn(w->arg, w->path, plen + e->namelen, op, old, new, err);
}

static int walk_trees(walk *w, const store_oid *a, const store_oid *b, size_t plen, store_err *err)
{
	store_obj *ta, *tb;
	store_tree_entry ea, eb;
	size_t pa = 0, pb = 0;
	int ha, hb, r = STORE_OK;

	if (store_oid_equal(a, b))
		return STORE_OK;
	if (read_tree(w->s, a, &ta, err) != STORE_OK)
		return STORE_ERROR;
	if (read_tree(w->s, b, &tb, err) != STORE_OK) {
		store_obj_unref(ta);
		return STORE_ERROR;
	}
	ha = ta ? store_tree_next(ta->data, ta->len, &pa, &ea) : 0;
	hb = tb ? store_tree_next(tb->data, tb->len, &pb, &eb) : 0;

	/* Merge the two sorted entry lists by name; paths too long for the buffer are skipped. */
	while (r == STORE_OK && (ha == 1 || hb == 1)) {
		int c;

		if (ha == 1 && hb == 1) {
			c = store_tree_name_cmp(ea.name, ea.namelen, ea.mode == STORE_MODE_TREE,
				eb.name, eb.namelen, eb.mode == STORE_MODE_TREE);
			if (c == 0 && (ea.mode == STORE_MODE_TREE) != (eb.mode == STORE_MODE_TREE))
				c = -1; /* same name, file <-> directory: remove, then add */
		} else {
			c = ha == 1 ? -1 : 1;
		}
		if (c == 0) {
			/* Same name and kind: recurse, or compare blobs. */
			if (plen + ea.namelen + 2 < sizeof(w->path) &&
				!store_oid_equal(&ea.oid, &eb.oid)) {
				if (ea.mode == STORE_MODE_TREE) {
					memcpy(w->path + plen, ea.name, ea.namelen);
					w->path[plen + ea.namelen] = '/';
					r = walk_trees(
						w, &ea.oid, &eb.oid, plen + ea.namelen + 1, err);
				} else {
					r = walk_blob(w, &ea, plen, STORE_OP_UPDATE, &ea.oid,
						&eb.oid, err);
				}
			}
			ha = store_tree_next(ta->data, ta->len, &pa, &ea);
			hb = store_tree_next(tb->data, tb->len, &pb, &eb);
			continue;
		}
		if (c < 0) {
			/* Only on the old side (or a kind change): removed. */
			if (plen + ea.namelen + 2 < sizeof(w->path)) {
				if (ea.mode == STORE_MODE_TREE) {
					memcpy(w->path + plen, ea.name, ea.namelen);
					w->path[plen + ea.namelen] = '/';
					r = walk_one_side(
						w, &ea.oid, plen + ea.namelen + 1, 0, err);
				} else {
					r = walk_blob(
						w, &ea, plen, STORE_OP_DELETE, &ea.oid, NULL, err);
				}
			}
			ha = store_tree_next(ta->data, ta->len, &pa, &ea);
			continue;
		}
		if (plen + eb.namelen + 2 < sizeof(w->path)) {
			if (eb.mode == STORE_MODE_TREE) {
				memcpy(w->path + plen, eb.name, eb.namelen);
				w->path[plen + eb.namelen] = '/';
				r = walk_one_side(w, &eb.oid, plen + eb.namelen + 1, 1, err);
			} else {
				r = walk_blob(w, &eb, plen, STORE_OP_INSERT, NULL, &eb.oid, err);
			}
		}
		hb = store_tree_next(tb->data, tb->len, &pb, &eb);
	}
	if (r == STORE_OK && (ha < 0 || hb < 0))
		r = store_err_set(err, "XX001", "a tree is corrupt");
	store_obj_unref(ta);
	store_obj_unref(tb);
	return r;
}

int store_tree_diff(store *s, const store_oid *a, const store_oid *b, store_tree_diff_fn fn,
	void *arg, store_err *err)
{
	walk *w = malloc(sizeof(*w));
	int r;

	if (w == NULL)
		abort();
	w->s = s;
	w->fn = fn;
	w->arg = arg;
	r = walk_trees(w, a, b, 0, err);
	free(w);
	return r;
}

/* ---- Keys ---- */

int store_chrondb_key(const char *name, size_t len, store_buf *out)
{
	char *raw = malloc(len + 1);
	size_t rawlen, need;

	if (raw == NULL)
		abort();
	rawlen = store_key_from_chrondb(raw, name, len);
	need = store_key_encode(NULL, 0, raw, rawlen);
	store_buf_grow(out, need + 1);
	store_key_encode((char *)out->data + out->len, need + 1, raw, rawlen);
	out->len += need;
	free(raw);
	return STORE_OK;
}

int store_path_row(const char *path, size_t len, char *table, store_buf *key)
{
	const char *comp[8];
	size_t clen[8];
	int nc = 0;
	const char *p = path, *end = path + len;

	while (p < end && nc < 8) {
		const char *slash = memchr(p, '/', (size_t)(end - p));

		comp[nc] = p;
		clen[nc] = slash ? (size_t)(slash - p) : (size_t)(end - p);
		nc++;
		p = slash ? slash + 1 : end;
	}
	if (p < end || nc == 0 || clen[nc - 1] <= 5 ||
		memcmp(comp[nc - 1] + clen[nc - 1] - 5, ".json", 5) != 0)
		return 0;
	if (clen[0] == 8 && memcmp(comp[0], ".chrondb", 8) == 0)
		return 0;
	key->len = 0;
	if (nc == 6) {
		/* Our layout: the directory is the encoded name, the file the encoded key. */
		if (store_table_decode(table, comp[0], clen[0]) == (size_t)-1)
			return 0;
		store_buf_put(key, comp[5], clen[5] - 5);
		return 1;
	}
	if (nc == 3 && clen[0] == 4 && memcmp(comp[0], "data", 4) == 0) {
		/* ChronDB's layout: our key is the percent-encoded raw id. */
		if (store_table_from_chrondb(table, comp[1], clen[1]) == (size_t)-1)
			return 0;
		store_chrondb_key(comp[2], clen[2] - 5, key);
		return 1;
	}
	return 0;
}

/* ---- A table's rows ---- */

store *store_snap_store(const store_snap *snap)
{
	return snap->s;
}

int store_table_tree(
	store_snap *snap, const char *table, store_oid *tree, int *chrondb, store_err *err)
{
	char path[STORE_NAME_PATH_SIZE];
	int kind, n, r;

	memset(tree, 0, sizeof(*tree));
	*chrondb = 0;
	if (store_table_validate(table, strlen(table), err) != STORE_OK)
		return STORE_ERROR;
	if (store_oid_is_zero(&snap->commit))
		return store_err_set(err, "42P01", "relation \"%s\" does not exist", table);
	kind = store_table_kind(snap->s, &snap->tree, table, err);
	if (kind < 0)
		return STORE_ERROR;
	if (kind == 0)
		return store_err_set(err, "42P01", "relation \"%s\" does not exist", table);
	*chrondb = kind == 2;
	n = store_table_dir(path, kind, table, err);
	if (n < 0)
		return STORE_ERROR;
	r = store_tree_walk(snap->s, &snap->tree, path, (size_t)n, tree, NULL, err);
	if (r == STORE_NOTFOUND) {
		/* An empty table has no directory. */
		memset(tree, 0, sizeof(*tree));
		return STORE_OK;
	}
	return r;
}

typedef struct rowwalk {
	int chrondb;
	store_rowdiff_fn fn;
	void *arg;
	store_buf key;
} rowwalk;

/* A blob changed at path below a table's tree: a row when its name is "<key>.json". */
static int row_changed(void *arg, const char *path, size_t len, store_op op, const store_oid *old,
	const store_oid *new, store_err *err)
{
	static const store_oid zero;
	rowwalk *rw = arg;
	const char *slash = len ? memrchr(path, '/', len) : NULL;
	const char *name = slash ? slash + 1 : path;
	size_t namelen = (size_t)(path + len - name);
	store_rowdiff d;

	if (namelen <= 5 || memcmp(name + namelen - 5, ".json", 5) != 0)
		return STORE_OK;
	namelen -= 5;
	rw->key.len = 0;
	if (rw->chrondb) {
		store_chrondb_key(name, namelen, &rw->key);
	} else {
		/* Names that do not decode are no rows of ours (scans skip them too). */
		store_buf_grow(&rw->key, namelen + 1);
		if (store_key_decode((char *)rw->key.data, name, namelen) == (size_t)-1)
			return STORE_OK;
		store_buf_put(&rw->key, name, namelen);
	}
	d.key = (const char *)rw->key.data;
	d.keylen = rw->key.len;
	d.op = op;
	d.old_blob = old ? *old : zero;
	d.new_blob = new ? *new : zero;
	return rw->fn(rw->arg, &d, err);
}

int store_table_diff(store *s, const store_oid *old_tree, const store_oid *new_tree, int chrondb,
	store_rowdiff_fn fn, void *arg, store_err *err)
{
	rowwalk rw = {chrondb, fn, arg, STORE_BUF_INIT};
	int r = store_tree_diff(s, old_tree, new_tree, row_changed, &rw, err);

	store_buf_free(&rw.key);
	return r;
}

int store_snap_diff_table(store_snap *from, store_snap *to, const char *table, store_rowdiff_fn fn,
	void *arg, store_err *err)
{
	static const store_oid zero;
	store_oid a = zero, b = zero;
	int ca = 0, cb = 0, has_a, has_b;

	/* A side without the table has no rows; neither side having it is 42P01. */
	has_a = store_table_tree(from, table, &a, &ca, err) == STORE_OK;
	if (!has_a && strcmp(err->sqlstate, "42P01") != 0)
		return STORE_ERROR;
	store_err_clear(err);
	has_b = store_table_tree(to, table, &b, &cb, err) == STORE_OK;
	if (!has_b && (!has_a || strcmp(err->sqlstate, "42P01") != 0))
		return STORE_ERROR;
	store_err_clear(err);
	if (!has_a || !has_b || ca == cb)
		return store_table_diff(from->s, &a, &b, has_a ? ca : cb, fn, arg, err);

	/* The layout changed: every row of the old one goes, every row of the new one comes. */
	if (store_table_diff(from->s, &a, &zero, ca, fn, arg, err) != STORE_OK)
		return STORE_ERROR;
	return store_table_diff(from->s, &zero, &b, cb, fn, arg, err);
}
