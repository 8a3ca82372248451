/*
 * idxtree.c - the persistent B+ tree of idxtree.h.
 *
 * Nodes.  A leaf holds up to FAN entries in order; an inner node holds
 * up to FAN children and, for each child i, a separator sep[i]: no entry
 * below child i is smaller than sep[i] (i >= 1; sep[0] is never read).
 * Entries and separators live in a node's data block, each as a 32-bit
 * length then its bytes, reached through off[]; a node an edit owns
 * appends there and leaves removed bytes behind until the block is
 * compacted.  A node splits in two when it passes FAN items, or a leaf
 * when its entries pass LEAF_BYTES.  A node left without items goes
 * from its parent, and a root with one child gives way to it.
 * XXX: underfull nodes are not merged with their siblings, so a table
 * that shrinks keeps about as many nodes as at its largest until the
 * index is built again; merging would bound that.
 *
 * Versions.  A node records the edit that made it.  An edit changes the
 * nodes it made in place and copies any other node on a path it
 * changes (the copy takes references to the children, the old node
 * loses the parent's reference), so the version it started from stays
 * whole.  Edit ids come from a process-wide counter and are never
 * reused: once an edit ends, nothing changes its nodes again.
 */
#include "idxtree.h"

#include <stdlib.h>
#include <string.h>

#define FAN        64
#define LEAF_BYTES 8192

struct exec_itree_node {
	atomic_uint refs;
	bool leaf;
	uint16_t n;
	uint64_t edit;
	atomic_size_t *acct; /* where its bytes are counted (NULL: nowhere) */
	size_t counted;
	uint32_t live; /* bytes of the items reached through off[] */
	uint32_t used; /* bytes written into data */
	uint32_t cap;
	unsigned char *data;
	uint32_t off[FAN + 1];
	exec_itree_node *kid[]; /* inner nodes: FAN + 1 */
};

static atomic_uint_fast64_t next_edit = 1;

/* ---- Nodes ---- */

static void count(exec_itree_node *n, size_t bytes)
{
	if (n->acct != NULL)
		atomic_fetch_add(n->acct, bytes);
	n->counted += bytes;
}

static exec_itree_node *node_new(bool leaf, uint64_t edit, atomic_size_t *acct, uint32_t cap)
{
	size_t size = sizeof(exec_itree_node) + (leaf ? 0 : (FAN + 1) * sizeof(exec_itree_node *));
	exec_itree_node *n = malloc(size);

	if (n == NULL)
		abort();
	atomic_init(&n->refs, 1);
	n->leaf = leaf;
	n->n = 0;
	n->edit = edit;
	n->acct = acct;
	n->counted = 0;
	n->live = n->used = 0;
	n->cap = cap < 64 ? 64 : cap;
	n->data = malloc(n->cap);
	if (n->data == NULL)
		abort();
	count(n, size + n->cap);
	return n;
}

static void node_unref(exec_itree_node *n)
{
	if (n == NULL || atomic_fetch_sub(&n->refs, 1) != 1)
		return;
	if (!n->leaf)
		for (int i = 0; i < n->n; i++)
			node_unref(n->kid[i]);
	if (n->acct != NULL)
		atomic_fetch_sub(n->acct, n->counted);
	free(n->data);
	free(n);
}

static const unsigned char *item(const exec_itree_node *n, int i, size_t *len)
{
	uint32_t l;

	memcpy(&l, n->data + n->off[i], sizeof(l));
	*len = l;
	return n->data + n->off[i] + sizeof(l);
}

static int cmp(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

/* The first item >= key in a leaf (n when none). */
static int lower_bound(const exec_itree_node *n, const unsigned char *key, size_t len)
{
	int lo = 0, hi = n->n;

	while (lo < hi) {
		int mid = (lo + hi) / 2;
		size_t il;
		const unsigned char *it = item(n, mid, &il);

		if (cmp(it, il, key, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The child of an inner node whose range holds key: the last i >= 1 with sep[i] <= key, else 0. */
static int route(const exec_itree_node *n, const unsigned char *key, size_t len)
{
	int lo = 1, hi = n->n;

	while (lo < hi) {
		int mid = (lo + hi) / 2;
		size_t il;
		const unsigned char *it = item(n, mid, &il);

		if (cmp(it, il, key, len) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

/* Rewrite the data block with only the live items, in capacity cap. */
static void compact(exec_itree_node *n, uint32_t cap)
{
	unsigned char *data = malloc(cap);
	uint32_t at = 0;

	if (data == NULL)
		abort();
	for (int i = 0; i < n->n; i++) {
		uint32_t l;

		memcpy(&l, n->data + n->off[i], sizeof(l));
		memcpy(data + at, n->data + n->off[i], sizeof(l) + l);
		n->off[i] = at;
		at += (uint32_t)sizeof(l) + l;
	}
	free(n->data);
	if (cap > n->cap)
		count(n, cap - n->cap);
	else if (n->acct != NULL) {
		atomic_fetch_sub(n->acct, n->cap - cap);
		n->counted -= n->cap - cap;
	}
	n->data = data;
	n->cap = cap;
	n->used = at;
}

/* Put an item (and for an inner node its child) at position i. */
static void insert_at(
	exec_itree_node *n, int i, const unsigned char *p, size_t len, exec_itree_node *kid)
{
	uint32_t need = (uint32_t)(sizeof(uint32_t) + len), l = (uint32_t)len;

	if (n->used + need > n->cap) {
		uint32_t cap = n->cap;

		while (n->live + need > cap / 2)
			cap *= 2;
		compact(n, cap);
	}
	memmove(&n->off[i + 1], &n->off[i], (size_t)(n->n - i) * sizeof(n->off[0]));
	if (!n->leaf)
		memmove(&n->kid[i + 1], &n->kid[i], (size_t)(n->n - i) * sizeof(n->kid[0]));
	n->off[i] = n->used;
	memcpy(n->data + n->used, &l, sizeof(l));
	if (len > 0)
		memcpy(n->data + n->used + sizeof(l), p, len);
	n->used += need;
	n->live += need;
	if (!n->leaf)
		n->kid[i] = kid;
	n->n++;
}

/* Take item i (and child) out; its bytes stay behind until a compaction. */
static void remove_at(exec_itree_node *n, int i)
{
	size_t len;

	item(n, i, &len);
	n->live -= (uint32_t)(sizeof(uint32_t) + len);
	memmove(&n->off[i], &n->off[i + 1], (size_t)(n->n - i - 1) * sizeof(n->off[0]));
	if (!n->leaf)
		memmove(&n->kid[i], &n->kid[i + 1], (size_t)(n->n - i - 1) * sizeof(n->kid[0]));
	n->n--;
}

/* A node of the edit's own with items [from, to) of n (children referenced again). */
static exec_itree_node *copy_range(
	const exec_itree_edit *e, const exec_itree_node *n, int from, int to)
{
	uint32_t bytes = 0;
	exec_itree_node *c;

	for (int i = from; i < to; i++) {
		size_t l;

		item(n, i, &l);
		bytes += (uint32_t)(sizeof(uint32_t) + l);
	}
	c = node_new(n->leaf, e->id, e->bytes, bytes + bytes / 2);
	for (int i = from; i < to; i++) {
		size_t l;
		const unsigned char *p = item(n, i, &l);
		exec_itree_node *k = NULL;

		if (!n->leaf) {
			k = n->kid[i];
			atomic_fetch_add(&k->refs, 1);
		}
		insert_at(c, c->n, p, l, k);
	}
	return c;
}

/* The node at *slot, made the edit's own (copied unless it already is). */
static exec_itree_node *own(const exec_itree_edit *e, exec_itree_node **slot)
{
	exec_itree_node *n = *slot, *c;

	if (n->edit == e->id)
		return n;
	c = copy_range(e, n, 0, n->n);
	node_unref(n);
	*slot = c;
	return c;
}

/* Split an owned node in two: it keeps the first half; the second is returned. */
static exec_itree_node *split(const exec_itree_edit *e, exec_itree_node *n)
{
	int mid = n->n / 2;
	exec_itree_node *r = copy_range(e, n, mid, n->n);

	/* The children moved: the copy took references, the left gives its own up. */
	if (!n->leaf)
		for (int i = mid; i < n->n; i++)
			node_unref(n->kid[i]);
	while (n->n > mid)
		remove_at(n, n->n - 1);
	return r;
}

static bool too_big(const exec_itree_node *n)
{
	return n->n > FAN || (n->leaf && n->live > LEAF_BYTES && n->n >= 2);
}

/* ---- Versions ---- */

exec_itree exec_itree_ref(const exec_itree *t)
{
	if (t->root != NULL)
		atomic_fetch_add(&t->root->refs, 1);
	return *t;
}

void exec_itree_release(exec_itree *t)
{
	node_unref(t->root);
	t->root = NULL;
	t->count = 0;
}

void exec_itree_edit_begin(exec_itree_edit *e, const exec_itree *from, atomic_size_t *bytes)
{
	static const exec_itree empty;

	e->t = exec_itree_ref(from != NULL ? from : &empty);
	e->id = atomic_fetch_add(&next_edit, 1);
	e->bytes = bytes;
}

void exec_itree_edit_end(exec_itree_edit *e, exec_itree *out)
{
	*out = e->t;
	e->t.root = NULL;
	e->t.count = 0;
}

bool exec_itree_has(const exec_itree *t, const void *entry, size_t len)
{
	const exec_itree_node *n = t->root;
	int i;

	if (n == NULL)
		return false;
	while (!n->leaf)
		n = n->kid[route(n, entry, len)];
	i = lower_bound(n, entry, len);
	if (i < n->n) {
		size_t l;
		const unsigned char *p = item(n, i, &l);

		return cmp(p, l, entry, len) == 0;
	}
	return false;
}

static exec_itree_node *put_rec(
	const exec_itree_edit *e, exec_itree_node **slot, const unsigned char *k, size_t len)
{
	exec_itree_node *n = own(e, slot);

	if (n->leaf) {
		insert_at(n, lower_bound(n, k, len), k, len, NULL);
	} else {
		int i = route(n, k, len);
		exec_itree_node *r = put_rec(e, &n->kid[i], k, len);

		if (r != NULL) {
			size_t sl;
			const unsigned char *sep = item(r, 0, &sl);

			insert_at(n, i + 1, sep, sl, r);
		}
	}
	return too_big(n) ? split(e, n) : NULL;
}

int exec_itree_put(exec_itree_edit *e, const void *entry, size_t len)
{
	exec_itree_node *r;

	if (exec_itree_has(&e->t, entry, len))
		return 0;
	if (e->t.root == NULL)
		e->t.root = node_new(true, e->id, e->bytes, (uint32_t)(len * 2 + 64));
	r = put_rec(e, &e->t.root, entry, len);
	if (r != NULL) {
		/* The root split: a new root above the two halves. */
		exec_itree_node *root = node_new(false, e->id, e->bytes, 256);
		size_t sl;
		const unsigned char *sep = item(r, 0, &sl);

		insert_at(root, 0, NULL, 0, e->t.root);
		insert_at(root, 1, sep, sl, r);
		e->t.root = root;
	}
	e->t.count++;
	return 1;
}

static void del_rec(
	const exec_itree_edit *e, exec_itree_node **slot, const unsigned char *k, size_t len)
{
	exec_itree_node *n = own(e, slot);

	if (n->leaf) {
		remove_at(n, lower_bound(n, k, len));
		return;
	}
	{
		int i = route(n, k, len);

		del_rec(e, &n->kid[i], k, len);
		if (n->kid[i]->n == 0) {
			node_unref(n->kid[i]);
			remove_at(n, i);
		}
	}
}

int exec_itree_del(exec_itree_edit *e, const void *entry, size_t len)
{
	exec_itree_node *root;

	if (!exec_itree_has(&e->t, entry, len))
		return 0;
	del_rec(e, &e->t.root, entry, len);
	root = e->t.root;
	if (root->n == 0) {
		node_unref(root);
		e->t.root = NULL;
	} else if (!root->leaf && root->n == 1) {
		/* A root with one child gives way to it. */
		exec_itree_node *kid = root->kid[0];

		atomic_fetch_add(&kid->refs, 1);
		node_unref(root);
		e->t.root = kid;
	}
	e->t.count--;
	return 1;
}

void exec_itree_build(const unsigned char *const *entries, const size_t *lens, size_t n,
	atomic_size_t *bytes, exec_itree *out)
{
	exec_itree_edit e;
	exec_itree_node **level, **up;
	size_t nlevel = 0, at = 0;

	exec_itree_edit_begin(&e, NULL, bytes);
	out->root = NULL;
	out->count = n;
	if (n == 0)
		return;

	/* Full leaves, then levels of full inner nodes above them. */
	level = malloc((n + 1) * sizeof(*level));
	if (level == NULL)
		abort();
	while (at < n) {
		size_t sum = 0, k = at;
		exec_itree_node *leaf;

		while (k < n && k - at < FAN && (k == at || sum + lens[k] <= LEAF_BYTES))
			sum += sizeof(uint32_t) + lens[k++];
		leaf = node_new(true, e.id, bytes, (uint32_t)sum);
		for (size_t i = at; i < k; i++)
			insert_at(leaf, leaf->n, entries[i], lens[i], NULL);
		level[nlevel++] = leaf;
		at = k;
	}
	while (nlevel > 1) {
		size_t nup = 0;

		up = level;
		for (size_t i = 0; i < nlevel; i += FAN) {
			size_t end = i + FAN < nlevel ? i + FAN : nlevel;
			exec_itree_node *in = node_new(false, e.id, bytes, 512);

			for (size_t k = i; k < end; k++) {
				size_t sl;
				const unsigned char *sep = item(level[k], 0, &sl);

				/* sep[0] too is the child's first entry: the level above reads it. */
				insert_at(in, in->n, sep, sl, level[k]);
			}
			up[nup++] = in;
		}
		nlevel = nup;
	}
	out->root = level[0];
	free(level);
}

int exec_itree_depth(const exec_itree *t)
{
	int d = 0;

	for (const exec_itree_node *n = t->root; n != NULL; n = n->leaf ? NULL : n->kid[0])
		d++;
	return d;
}

/* ---- Cursors ---- */

/* Down from level d (on path) to a leaf, along first children (or last ones when last). */
static void descend(exec_itree_cursor *c, int d, bool last)
{
	const exec_itree_node *n = c->path[d];

	while (!n->leaf) {
		n = n->kid[c->pos[d]];
		d++;
		c->path[d] = n;
		c->pos[d] = last ? n->n - 1 : 0;
	}
	c->depth = d + 1;
	c->valid = true;
}

void exec_itree_next(exec_itree_cursor *c)
{
	int d = c->depth - 1;

	if (!c->valid)
		return;
	if (++c->pos[d] < c->path[d]->n)
		return;
	while (--d >= 0) {
		if (c->pos[d] + 1 < c->path[d]->n) {
			c->pos[d]++;
			descend(c, d, false);
			return;
		}
	}
	c->valid = false;
}

void exec_itree_prev(exec_itree_cursor *c)
{
	int d = c->depth - 1;

	if (!c->valid)
		return;
	if (--c->pos[d] >= 0)
		return;
	while (--d >= 0) {
		if (c->pos[d] > 0) {
			c->pos[d]--;
			descend(c, d, true);
			return;
		}
	}
	c->valid = false;
}

void exec_itree_seek(exec_itree_cursor *c, const exec_itree *t, const void *key, size_t len)
{
	const exec_itree_node *n = t->root;
	int d = 0;

	c->valid = false;
	c->depth = 0;
	if (n == NULL)
		return;
	for (;;) {
		c->path[d] = n;
		if (n->leaf) {
			c->pos[d] = key != NULL ? lower_bound(n, key, len) : 0;
			break;
		}
		c->pos[d] = key != NULL ? route(n, key, len) : 0;
		n = n->kid[c->pos[d]];
		d++;
	}
	c->depth = d + 1;
	c->valid = true;
	if (c->pos[d] == n->n) {
		/* Past this leaf's last entry: the next leaf's first. */
		c->pos[d] = n->n - 1;
		exec_itree_next(c);
	}
}

void exec_itree_seek_before(exec_itree_cursor *c, const exec_itree *t, const void *key, size_t len)
{
	if (key != NULL) {
		exec_itree_seek(c, t, key, len);
		if (c->valid) {
			exec_itree_prev(c);
			return;
		}
	}

	/* No entry >= key: the last entry. */
	c->depth = 0;
	c->valid = false;
	if (t->root == NULL)
		return;
	c->path[0] = t->root;
	c->pos[0] = t->root->n - 1;
	descend(c, 0, true);
}

bool exec_itree_entry(const exec_itree_cursor *c, const unsigned char **entry, size_t *len)
{
	if (!c->valid)
		return false;
	*entry = item(c->path[c->depth - 1], c->pos[c->depth - 1], len);
	return true;
}
