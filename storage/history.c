/*
 * history.c - per-branch indexes kept beside Git: commit times and row
 * versions.
 *
 * For each branch, in first-parent order from its root commit: the commit
 * ids, their times (the note's microsecond timestamp, else the commit
 * time), and for every row (table, key) the list of commits that changed
 * it with the operation and the blob written.  A row's history costs
 * O(its versions); "the commit at or before time t" is a binary search
 * (DESIGN.md section 4).
 *
 * The index is built from Git on first use, so commits made with plain git
 * while the store was closed are always covered, and it is kept current by
 * the commit path.  All access happens under the branch's commit lock.
 *
 * XXX: the index lives in memory only and is rebuilt at the first history
 * or time query after each start, which costs a walk of the branch
 * (about 30 us per commit).  Persisting it in DATA/chrondb/index/ at each
 * checkpoint, with a check that its last commit is still on the branch,
 * would make that start-up cost disappear.
 */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keycodec.h"

typedef struct rowver {
	uint32_t seq;
	uint8_t op;
	store_oid blob;
} rowver;

typedef struct rowent {
	char *key; /* table \0 key, owned */
	size_t keylen;
	rowver *v;
	uint32_t n, cap;
} rowent;

struct bidx {
	/* Commits in first-parent order. */
	store_oid *oids;
	int64_t *times;
	size_t n, cap;

	/* oid -> seq + 1, open addressing. */
	uint32_t *byoid;
	size_t capoid;

	/* (table, key) -> versions, open addressing. */
	rowent *rows;
	size_t nrows, caprows;
};

static uint64_t hash_key(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
	return h;
}

static void oid_index_insert(bidx *x, size_t seq)
{
	size_t mask = x->capoid - 1;
	size_t i = (size_t)store_oid_hash(&x->oids[seq]) & mask;

	while (x->byoid[i] != 0)
		i = (i + 1) & mask;
	x->byoid[i] = (uint32_t)seq + 1;
}

static void oid_index_rebuild(bidx *x)
{
	free(x->byoid);
	x->capoid = 1024;
	while (x->capoid < x->n * 2 + 2)
		x->capoid *= 2;
	x->byoid = calloc(x->capoid, sizeof(*x->byoid));
	if (x->byoid == NULL)
		abort();
	for (size_t i = 0; i < x->n; i++)
		oid_index_insert(x, i);
}

long bidx_seq(bidx *x, const store_oid *commit)
{
	size_t mask, i;

	if (x == NULL || x->capoid == 0)
		return -1;
	mask = x->capoid - 1;
	for (i = (size_t)store_oid_hash(commit) & mask; x->byoid[i] != 0; i = (i + 1) & mask) {
		if (store_oid_equal(&x->oids[x->byoid[i] - 1], commit))
			return (long)x->byoid[i] - 1;
	}
	return -1;
}

int64_t bidx_time(bidx *x, long seq)
{
	return seq >= 0 && (size_t)seq < x->n ? x->times[seq] : 0;
}

static rowent *row_slot(bidx *x, const char *key, size_t keylen)
{
	size_t mask = x->caprows - 1;
	size_t i = (size_t)hash_key(key, keylen) & mask;

	while (x->rows[i].key != NULL &&
		(x->rows[i].keylen != keylen || memcmp(x->rows[i].key, key, keylen) != 0))
		i = (i + 1) & mask;
	return &x->rows[i];
}

static void rows_grow(bidx *x)
{
	rowent *old = x->rows;
	size_t oldcap = x->caprows;

	x->caprows = oldcap ? oldcap * 2 : 1024;
	x->rows = calloc(x->caprows, sizeof(*x->rows));
	if (x->rows == NULL)
		abort();
	for (size_t i = 0; i < oldcap; i++) {
		if (old[i].key != NULL)
			*row_slot(x, old[i].key, old[i].keylen) = old[i];
	}
	free(old);
}

static void row_add(bidx *x, const char *table, const char *key, size_t keylen, uint32_t seq,
	store_op op, const store_oid *blob)
{
	size_t tl = strlen(table), kl = tl + 1 + keylen;
	char stackbuf[512];
	char *k = kl <= sizeof(stackbuf) ? stackbuf : malloc(kl);
	rowent *e;

	memcpy(k, table, tl);
	k[tl] = '\0';
	memcpy(k + tl + 1, key, keylen);
	if ((x->nrows + 1) * 2 > x->caprows)
		rows_grow(x);
	e = row_slot(x, k, kl);
	if (e->key == NULL) {
		e->key = malloc(kl);
		if (e->key == NULL)
			abort();
		memcpy(e->key, k, kl);
		e->keylen = kl;
		x->nrows++;
	}
	if (k != stackbuf)
		free(k);
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 2;
		e->v = realloc(e->v, e->cap * sizeof(*e->v));
		if (e->v == NULL)
			abort();
	}
	e->v[e->n].seq = seq;
	e->v[e->n].op = (uint8_t)op;
	e->v[e->n].blob = blob ? *blob : (store_oid){{0}};
	e->n++;
}

static void commit_add(bidx *x, const store_oid *commit, int64_t t)
{
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 1024;
		x->oids = realloc(x->oids, x->cap * sizeof(*x->oids));
		x->times = realloc(x->times, x->cap * sizeof(*x->times));
		if (x->oids == NULL || x->times == NULL)
			abort();
	}
	x->oids[x->n] = *commit;
	x->times[x->n] = t;
	x->n++;
	if (x->n * 2 + 2 > x->capoid)
		oid_index_rebuild(x);
	else
		oid_index_insert(x, x->n - 1);
}

void bidx_free(bidx *x)
{
	if (x == NULL)
		return;
	for (size_t i = 0; i < x->caprows; i++) {
		free(x->rows[i].key);
		free(x->rows[i].v);
	}
	free(x->rows);
	free(x->oids);
	free(x->times);
	free(x->byoid);
	free(x);
}

void bidx_add_commit(branch *b, const store_oid *commit, int64_t time_us,
	const bidx_change *changes, size_t n)
{
	bidx *x = b->idx;

	if (x == NULL)
		return;
	commit_add(x, commit, time_us);
	for (size_t i = 0; i < n; i++)
		row_add(x, changes[i].table, changes[i].key, changes[i].keylen, (uint32_t)(x->n - 1),
			changes[i].op, &changes[i].blob);
}

void bidx_truncate_to(branch *b, const store_oid *keep)
{
	bidx *x = b->idx;
	long seq = store_oid_is_zero(keep) ? -1 : bidx_seq(x, keep);

	if (x == NULL)
		return;
	if (seq < 0 && !store_oid_is_zero(keep)) {
		/* Not on the chain: start over at the next use. */
		bidx_free(x);
		b->idx = NULL;
		return;
	}
	x->n = (size_t)(seq + 1);
	for (size_t i = 0; i < x->caprows; i++) {
		rowent *e = &x->rows[i];

		while (e->n > 0 && (long)e->v[e->n - 1].seq > seq)
			e->n--;
	}
	oid_index_rebuild(x);
}

bidx *bidx_copy(bidx *x, long seq)
{
	bidx *c = calloc(1, sizeof(*c));

	if (c == NULL)
		abort();
	for (long i = 0; i <= seq; i++)
		commit_add(c, &x->oids[i], x->times[i]);
	for (size_t i = 0; i < x->caprows; i++) {
		rowent *e = &x->rows[i];

		for (uint32_t k = 0; e->key != NULL && k < e->n && (long)e->v[k].seq <= seq; k++) {
			size_t tl = strlen(e->key);

			row_add(c, e->key, e->key + tl + 1, e->keylen - tl - 1, e->v[k].seq, e->v[k].op,
				&e->v[k].blob);
		}
	}
	return c;
}

/* ---- Building from Git ---- */

typedef struct diffctx {
	store *s;
	bidx *x;
	uint32_t seq;
	char path[4096];
} diffctx;

/* A row blob changed at path (components in ctx->path); record it. */
static void note_row(diffctx *d, const char *path, size_t len, store_op op,
	const store_oid *blob)
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
	if (nc == 0 || clen[nc - 1] <= 5 || memcmp(comp[nc - 1] + clen[nc - 1] - 5, ".json", 5) != 0)
		return;
	if (clen[0] == 8 && memcmp(comp[0], ".chrondb", 8) == 0)
		return;
	if (nc == 6) {
		char table[STORE_TABLE_MAX + 1];

		if (clen[0] > STORE_TABLE_MAX)
			return;
		memcpy(table, comp[0], clen[0]);
		table[clen[0]] = '\0';
		row_add(d->x, table, comp[5], clen[5] - 5, d->seq, op, blob);
	} else if (nc == 3 && clen[0] == 4 && memcmp(comp[0], "data", 4) == 0 &&
		   clen[1] <= STORE_TABLE_MAX) {
		/* ChronDB layout: our key is the percent-encoded raw id. */
		char table[STORE_TABLE_MAX + 1];
		char *raw = malloc(clen[2] + 1), *enc;
		size_t rawlen = store_key_from_chrondb(raw, comp[2], clen[2] - 5);
		size_t need = store_key_encode(NULL, 0, raw, rawlen);

		memcpy(table, comp[1], clen[1]);
		table[clen[1]] = '\0';
		enc = malloc(need + 1);
		store_key_encode(enc, need + 1, raw, rawlen);
		row_add(d->x, table, enc, need, d->seq, op, blob);
		free(raw);
		free(enc);
	}
}

static int diff_trees(diffctx *d, const store_oid *a, const store_oid *b, size_t plen,
	store_err *err);

/* Every blob below tree t is added (op insert) or removed (delete). */
static int diff_one_side(diffctx *d, const store_oid *t, size_t plen, store_op op,
	store_err *err)
{
	store_oid zero = {{0}};

	return op == STORE_OP_INSERT ? diff_trees(d, &zero, t, plen, err)
				     : diff_trees(d, t, &zero, plen, err);
}

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

static int diff_trees(diffctx *d, const store_oid *a, const store_oid *b, size_t plen,
	store_err *err)
{
	store_obj *ta, *tb;
	store_tree_entry ea, eb;
	size_t pa = 0, pb = 0;
	int ha, hb, r = STORE_OK;

	if (store_oid_equal(a, b))
		return STORE_OK;
	if (read_tree(d->s, a, &ta, err) != STORE_OK)
		return STORE_ERROR;
	if (read_tree(d->s, b, &tb, err) != STORE_OK) {
		store_obj_unref(ta);
		return STORE_ERROR;
	}
	ha = ta ? store_tree_next(ta->data, ta->len, &pa, &ea) : 0;
	hb = tb ? store_tree_next(tb->data, tb->len, &pb, &eb) : 0;

	/* Merge the two sorted entry lists by name. */
	while (r == STORE_OK && (ha == 1 || hb == 1)) {
		int c;

		if (ha == 1 && hb == 1) {
			c = store_tree_name_cmp(ea.name, ea.namelen, ea.mode == STORE_MODE_TREE, eb.name,
				eb.namelen, eb.mode == STORE_MODE_TREE);
			if (c == 0 && ea.mode != eb.mode)
				c = -1; /* same name, file <-> directory: remove, then add */
		} else {
			c = ha == 1 ? -1 : 1;
		}
		if (c == 0 && ea.mode == eb.mode) {
			/* Same name and kind: recurse or compare blobs. */
			if (plen + ea.namelen + 2 < sizeof(d->path) && !store_oid_equal(&ea.oid, &eb.oid)) {
				memcpy(d->path + plen, ea.name, ea.namelen);
				if (ea.mode == STORE_MODE_TREE) {
					d->path[plen + ea.namelen] = '/';
					r = diff_trees(d, &ea.oid, &eb.oid, plen + ea.namelen + 1, err);
				} else {
					note_row(d, d->path, plen + ea.namelen, STORE_OP_UPDATE, &eb.oid);
				}
			}
			ha = store_tree_next(ta->data, ta->len, &pa, &ea);
			hb = store_tree_next(tb->data, tb->len, &pb, &eb);
			continue;
		}
		if (c <= 0) {
			/* Only on the old side (or a kind change): removed. */
			if (plen + ea.namelen + 2 < sizeof(d->path)) {
				memcpy(d->path + plen, ea.name, ea.namelen);
				if (ea.mode == STORE_MODE_TREE) {
					d->path[plen + ea.namelen] = '/';
					r = diff_one_side(d, &ea.oid, plen + ea.namelen + 1, STORE_OP_DELETE, err);
				} else {
					note_row(d, d->path, plen + ea.namelen, STORE_OP_DELETE, NULL);
				}
			}
			ha = store_tree_next(ta->data, ta->len, &pa, &ea);
		}
		if (c >= 0 && r == STORE_OK) {
			if (plen + eb.namelen + 2 < sizeof(d->path)) {
				memcpy(d->path + plen, eb.name, eb.namelen);
				if (eb.mode == STORE_MODE_TREE) {
					d->path[plen + eb.namelen] = '/';
					r = diff_one_side(d, &eb.oid, plen + eb.namelen + 1, STORE_OP_INSERT, err);
				} else {
					note_row(d, d->path, plen + eb.namelen, STORE_OP_INSERT, &eb.oid);
				}
			}
			hb = store_tree_next(tb->data, tb->len, &pb, &eb);
		}
	}
	if (r == STORE_OK && (ha < 0 || hb < 0))
		r = store_err_set(err, "XX001", "a tree is corrupt");
	store_obj_unref(ta);
	store_obj_unref(tb);
	return r;
}

/* Build the index of b from Git, following first parents from its pending head. */
int bidx_ensure(store *s, branch *b, store_err *err)
{
	store_oid *chain = NULL, cur = b->pending, notes;
	size_t n = 0, cap = 0;
	bidx *x;
	diffctx d;
	store_oid prev_tree = {{0}};

	if (b->idx != NULL)
		return STORE_OK;

	/* The chain, newest first. */
	while (!store_oid_is_zero(&cur)) {
		store_obj *o;
		store_commit c;
		int r = store_read_commit(s, &cur, &o, &c, err);

		if (r != STORE_OK) {
			free(chain);
			return r == STORE_NOTFOUND ? store_err_set(err, "XX001", "a commit of branch \"%s\" is missing", b->name) : r;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			chain = realloc(chain, cap * sizeof(*chain));
			if (chain == NULL)
				abort();
		}
		chain[n++] = cur;
		cur = c.nparents > 0 ? c.parents[0] : (store_oid){{0}};
		store_obj_unref(o);
	}

	/* Oldest first: each commit against its first parent. */
	x = calloc(1, sizeof(*x));
	if (x == NULL)
		abort();
	memset(&d, 0, sizeof(d));
	d.s = s;
	d.x = x;
	pthread_mutex_lock(&s->notes_state_lock);
	notes = s->notes_pending;
	pthread_mutex_unlock(&s->notes_state_lock);
	for (size_t i = n; i-- > 0;) {
		store_obj *o;
		store_commit c;
		int64_t t;
		int r = store_read_commit(s, &chain[i], &o, &c, err);

		if (r != STORE_OK) {
			bidx_free(x);
			free(chain);
			return STORE_ERROR;
		}
		t = store_note_time(s, &notes, &chain[i]);
		if (t == 0)
			t = c.committer.time * 1000000;
		commit_add(x, &chain[i], t);
		d.seq = (uint32_t)(x->n - 1);
		r = diff_trees(&d, &prev_tree, &c.tree, 0, err);
		prev_tree = c.tree;
		store_obj_unref(o);
		if (r != STORE_OK) {
			bidx_free(x);
			free(chain);
			return STORE_ERROR;
		}
	}
	free(chain);
	if (x->capoid == 0)
		oid_index_rebuild(x);
	b->idx = x;
	return STORE_OK;
}

int bidx_at_time(bidx *x, long max_seq, int64_t t_us, store_oid *out, int64_t *time_out)
{
	long lo = 0, hi = max_seq, ans = -1;

	/* Times along a branch never decrease (the commit path makes sure). */
	while (lo <= hi) {
		long mid = lo + (hi - lo) / 2;

		if (x->times[mid] <= t_us) {
			ans = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	if (ans < 0)
		return STORE_NOTFOUND;
	*out = x->oids[ans];
	if (time_out != NULL)
		*time_out = x->times[ans];
	return STORE_OK;
}

int bidx_history(store *s, bidx *x, long max_seq, const char *table, const char *key,
	size_t keylen, size_t limit, store_version **out, size_t *n, store_err *err)
{
	size_t tl = strlen(table), kl = tl + 1 + keylen;
	char *k = malloc(kl);
	rowent *e;
	store_version *v;
	size_t cnt = 0;

	memcpy(k, table, tl);
	k[tl] = '\0';
	memcpy(k + tl + 1, key, keylen);
	e = x->caprows ? row_slot(x, k, kl) : NULL;
	free(k);
	*out = NULL;
	*n = 0;
	if (e == NULL || e->key == NULL)
		return STORE_OK;
	v = calloc(e->n ? e->n : 1, sizeof(*v));
	if (v == NULL)
		abort();

	/* Newest first, skipping versions after the snapshot. */
	for (uint32_t i = e->n; i-- > 0 && (limit == 0 || cnt < limit);) {
		rowver *rv = &e->v[i];
		store_obj *o;
		store_commit c;

		if ((long)rv->seq > max_seq)
			continue;
		v[cnt].commit = x->oids[rv->seq];
		v[cnt].blob = rv->blob;
		v[cnt].time_us = x->times[rv->seq];
		v[cnt].op = (store_op)rv->op;
		if (store_read_commit(s, &v[cnt].commit, &o, &c, err) != STORE_OK) {
			free(v);
			return STORE_ERROR;
		}
		snprintf(v[cnt].author, sizeof(v[cnt].author), "%.*s", (int)c.author.namelen,
			c.author.name);
		store_obj_unref(o);
		cnt++;
	}
	*out = v;
	*n = cnt;
	return STORE_OK;
}
