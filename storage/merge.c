/*
 * merge.c - merges (store.h, "Merges"): the best common ancestor of two
 * commits, the three-way merge of their trees row by row and column by
 * column, the merge commit (made by txn.c's commit path, under the
 * target's commit lock), and the conflicts a merge lists when it fails.
 *
 * Merge base.  Git's paint_down_to_common: commits are visited newest
 * first from both heads, each painted with the side(s) it is reachable
 * from; a commit painted by both is a common ancestor and paints its own
 * ancestors stale; the walk ends when only stale commits are queued.  Of
 * several bases left (criss-cross histories) the newest is used.
 *
 * Trees.  The base's tree is diffed against each side's with diff.c's
 * walk, which skips equal subtrees unread: a merge reads the paths the
 * two sides changed and nothing else, whatever the size of the tables.
 * A path changed on one side only takes that side's version, changed on
 * both to the same blob stays; otherwise, by what the path holds:
 *
 *   row         its members (columns) merge one by one: a member one side
 *               changed takes that side's value; a member both set to
 *               different values, a row removed on one side and changed
 *               on the other, and a key both sides added with members
 *               that differ are conflicts.  The merged row is written in
 *               canonical form, columns in the merged definition's order.
 *   sequence    the entry merges as a row, except that the recorded
 *               counter takes the further value of the two (never a
 *               value handed out twice), and is_called the true one.
 *   other entry a table's definition, a view, a validation schema or a
 *               schema's comment changed differently: a conflict.
 *   other file  changed differently: a conflict.
 *
 * A table dropped on one side and changed on the other (its definition
 * or any row) is a conflict that no strategy resolves: a merged table
 * without its definition, or a definition without the rows the drop
 * removed, would be neither side's table.
 *
 * Strategies ours and theirs resolve the other conflicts: a conflicting
 * member, row, entry or file takes that side's version, while everything
 * that does not conflict still merges.  The usual way to settle a listed
 * conflict is to write the wanted rows on the target, then merge again
 * with "ours" (or, when the target now holds the source's version, with
 * no strategy at all: an identical change is no conflict).
 *
 * Conflicts of the last failed merge of each (source, target) pair are
 * kept in memory and in DATA/chrondb/conflicts (JSON, rewritten whole on
 * each change), with the blob ids of the three versions: the executor's
 * chrondb.conflicts reads them.
 */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keycodec.h"

/* ---- The commit graph ---- */

enum { F_OURS = 1, F_THEIRS = 2, F_STALE = 4, F_RESULT = 8 };

typedef struct gnode {
	store_oid oid;
	int64_t time; /* committer time, seconds */
	unsigned flags;
	int nparents;
	store_oid parents[STORE_MAX_PARENTS];
} gnode;

typedef struct graph {
	store *s;
	gnode *v;
	size_t n, cap;
	uint32_t *slots; /* open addressing by oid: index + 1, 0 empty */
	size_t capslots;
	uint32_t *heap; /* node indexes, newest first */
	size_t nheap, capheap;
} graph;

static void graph_free(graph *g)
{
	free(g->v);
	free(g->slots);
	free(g->heap);
}

static void graph_rehash(graph *g)
{
	free(g->slots);
	g->capslots = g->capslots ? g->capslots * 2 : 256;
	g->slots = calloc(g->capslots, sizeof(*g->slots));
	if (g->slots == NULL)
		abort();
	for (size_t i = 0; i < g->n; i++) {
		size_t j = (size_t)store_oid_hash(&g->v[i].oid) & (g->capslots - 1);

		while (g->slots[j] != 0)
			j = (j + 1) & (g->capslots - 1);
		g->slots[j] = (uint32_t)(i + 1);
	}
}

/* The node of a commit, read on first sight: its time and parents. */
static int graph_node(graph *g, const store_oid *oid, size_t *out, store_err *err)
{
	size_t j;
	store_obj *o;
	store_commit c;
	gnode *nd;
	int r;

	if (2 * (g->n + 1) > g->capslots)
		graph_rehash(g);
	for (j = (size_t)store_oid_hash(oid) & (g->capslots - 1); g->slots[j] != 0;
		j = (j + 1) & (g->capslots - 1)) {
		if (store_oid_equal(&g->v[g->slots[j] - 1].oid, oid)) {
			*out = g->slots[j] - 1;
			return STORE_OK;
		}
	}
	r = store_read_commit(g->s, oid, &o, &c, err);
	if (r == STORE_NOTFOUND) {
		char hex[STORE_OID_HEXSZ + 1];

		store_oid_fmt(hex, oid);
		return store_err_set(err, "XX001", "commit %s is missing from the repository", hex);
	}
	if (r != STORE_OK)
		return r;
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 64;
		g->v = realloc(g->v, g->cap * sizeof(*g->v));
		if (g->v == NULL)
			abort();
	}
	nd = &g->v[g->n];
	memset(nd, 0, sizeof(*nd));
	nd->oid = *oid;
	nd->time = c.committer.time;
	nd->nparents = c.nparents < STORE_MAX_PARENTS ? c.nparents : STORE_MAX_PARENTS;
	memcpy(nd->parents, c.parents, (size_t)nd->nparents * sizeof(store_oid));
	store_obj_unref(o);
	g->slots[j] = (uint32_t)(g->n + 1);
	*out = g->n++;
	return STORE_OK;
}

static int heap_before(const graph *g, uint32_t a, uint32_t b)
{
	return g->v[a].time > g->v[b].time;
}

static void heap_push(graph *g, uint32_t i)
{
	size_t k;

	if (g->nheap == g->capheap) {
		g->capheap = g->capheap ? 2 * g->capheap : 64;
		g->heap = realloc(g->heap, g->capheap * sizeof(*g->heap));
		if (g->heap == NULL)
			abort();
	}
	k = g->nheap++;
	g->heap[k] = i;
	while (k > 0 && heap_before(g, g->heap[k], g->heap[(k - 1) / 2])) {
		uint32_t t = g->heap[k];

		g->heap[k] = g->heap[(k - 1) / 2];
		g->heap[(k - 1) / 2] = t;
		k = (k - 1) / 2;
	}
}

static uint32_t heap_pop(graph *g)
{
	uint32_t top = g->heap[0];
	size_t k = 0;

	g->heap[0] = g->heap[--g->nheap];
	for (;;) {
		size_t l = 2 * k + 1, r = l + 1, m = k;
		uint32_t t;

		if (l < g->nheap && heap_before(g, g->heap[l], g->heap[m]))
			m = l;
		if (r < g->nheap && heap_before(g, g->heap[r], g->heap[m]))
			m = r;
		if (m == k)
			break;
		t = g->heap[k];
		g->heap[k] = g->heap[m];
		g->heap[m] = t;
		k = m;
	}
	return top;
}

static int heap_has_nonstale(const graph *g)
{
	for (size_t i = 0; i < g->nheap; i++) {
		if (!(g->v[g->heap[i]].flags & F_STALE))
			return 1;
	}
	return 0;
}

/* Paint from a and b; every common ancestor not below another lands in *res (malloc'd). */
static int paint_down(store *s, const store_oid *a, const store_oid *b, store_oid **res,
	size_t *nres, store_err *err)
{
	graph g = {.s = s};
	size_t ia, ib, cap = 0;
	int r;

	*res = NULL;
	*nres = 0;
	if ((r = graph_node(&g, a, &ia, err)) != STORE_OK ||
		(r = graph_node(&g, b, &ib, err)) != STORE_OK)
		goto out;
	g.v[ia].flags |= F_OURS;
	g.v[ib].flags |= F_THEIRS;
	heap_push(&g, (uint32_t)ia);
	if (ib != ia)
		heap_push(&g, (uint32_t)ib);
	while (heap_has_nonstale(&g)) {
		uint32_t i = heap_pop(&g);
		unsigned flags = g.v[i].flags & (F_OURS | F_THEIRS | F_STALE);

		if (flags == (F_OURS | F_THEIRS)) {
			if (!(g.v[i].flags & F_RESULT)) {
				g.v[i].flags |= F_RESULT;
				if (*nres == cap) {
					cap = cap ? 2 * cap : 4;
					*res = realloc(*res, cap * sizeof(**res));
					if (*res == NULL)
						abort();
				}
				(*res)[(*nres)++] = g.v[i].oid;
			}
			flags |= F_STALE;
		}
		for (int k = 0; k < g.v[i].nparents; k++) {
			store_oid p = g.v[i].parents[k];
			size_t j;

			if ((r = graph_node(&g, &p, &j, err)) != STORE_OK)
				goto out;
			if ((g.v[j].flags & flags) == flags)
				continue;
			g.v[j].flags |= flags;
			heap_push(&g, (uint32_t)j);
		}
	}
	r = STORE_OK;
out:
	if (r != STORE_OK) {
		free(*res);
		*res = NULL;
		*nres = 0;
	}
	graph_free(&g);
	return r;
}

/* 1 when commit anc is reachable from desc (or is desc). */
static int is_ancestor(
	store *s, const store_oid *anc, const store_oid *desc, int *yes, store_err *err)
{
	store_oid *res;
	size_t n;
	int r = paint_down(s, anc, desc, &res, &n, err);

	*yes = 0;
	for (size_t i = 0; r == STORE_OK && i < n; i++)
		*yes |= store_oid_equal(&res[i], anc);
	free(res);
	return r;
}

/*
 * The best common ancestor of a and b: *found 0 when they share none.
 * Bases that are ancestors of another base are dropped, as git's
 * remove_redundant does; of the rest the newest is taken.
 * XXX: git's recursive strategy merges several bases (criss-cross
 * histories) into a virtual one; taking one can report conflicts, or
 * repeat changes, that the virtual base would not.  Such histories need
 * merges in both directions between two branches at once, which
 * ChronDB's merges make only when asked to.
 */
static int merge_base(store *s, const store_oid *a, const store_oid *b, store_oid *base, int *found,
	store_err *err)
{
	store_oid *res;
	size_t n, best = 0;
	int r = paint_down(s, a, b, &res, &n, err);
	int64_t best_time = -1;

	*found = 0;
	for (size_t i = 0; r == STORE_OK && i < n; i++) {
		int redundant = 0;
		store_obj *o;
		store_commit c;

		for (size_t j = 0; r == STORE_OK && j < n && !redundant; j++) {
			if (j != i)
				r = is_ancestor(s, &res[i], &res[j], &redundant, err);
		}
		if (r != STORE_OK || redundant)
			continue;
		if ((r = store_read_commit(s, &res[i], &o, &c, err)) != STORE_OK)
			break;
		if (c.committer.time > best_time) {
			best_time = c.committer.time;
			best = i;
		}
		store_obj_unref(o);
		*found = 1;
	}
	if (r == STORE_OK && *found)
		*base = res[best];
	free(res);
	return r;
}

/* ---- What each side changed ---- */

typedef struct pchange {
	char *path;
	size_t len;
	store_op op;
	store_oid old, new; /* zero where absent */
} pchange;

typedef struct side {
	pchange *v;
	size_t n, cap;
	uint32_t *slots; /* open addressing by path: index + 1 */
	size_t capslots;
} side;

static void side_free(side *sd)
{
	for (size_t i = 0; i < sd->n; i++)
		free(sd->v[i].path);
	free(sd->v);
	free(sd->slots);
}

static size_t side_home(const side *sd, const char *path, size_t len)
{
	return (size_t)store_hash_bytes(path, len) & (sd->capslots - 1);
}

static void side_rehash(side *sd)
{
	free(sd->slots);
	sd->capslots = sd->capslots ? 2 * sd->capslots : 64;
	sd->slots = calloc(sd->capslots, sizeof(*sd->slots));
	if (sd->slots == NULL)
		abort();
	for (size_t i = 0; i < sd->n; i++) {
		size_t j = side_home(sd, sd->v[i].path, sd->v[i].len);

		while (sd->slots[j] != 0)
			j = (j + 1) & (sd->capslots - 1);
		sd->slots[j] = (uint32_t)(i + 1);
	}
}

static const pchange *side_find(const side *sd, const char *path, size_t len)
{
	if (sd->capslots == 0)
		return NULL;
	for (size_t j = side_home(sd, path, len); sd->slots[j] != 0;
		j = (j + 1) & (sd->capslots - 1)) {
		const pchange *c = &sd->v[sd->slots[j] - 1];

		if (c->len == len && memcmp(c->path, path, len) == 0)
			return c;
	}
	return NULL;
}

/* store_tree_diff's callback: one changed path of a side. */
static int side_add(void *arg, const char *path, size_t len, store_op op, const store_oid *old,
	const store_oid *new, store_err *err)
{
	side *sd = arg;
	pchange *c;
	size_t j;

	(void)err;
	if (2 * (sd->n + 1) > sd->capslots)
		side_rehash(sd);
	if (sd->n == sd->cap) {
		sd->cap = sd->cap ? 2 * sd->cap : 64;
		sd->v = realloc(sd->v, sd->cap * sizeof(*sd->v));
		if (sd->v == NULL)
			abort();
	}
	c = &sd->v[sd->n];
	memset(c, 0, sizeof(*c));
	c->path = strndup(path, len);
	if (c->path == NULL)
		abort();
	c->len = len;
	c->op = op;
	if (old != NULL)
		c->old = *old;
	if (new != NULL)
		c->new = *new;
	for (j = side_home(sd, path, len); sd->slots[j] != 0; j = (j + 1) & (sd->capslots - 1))
		;
	sd->slots[j] = (uint32_t)(++sd->n);
	return STORE_OK;
}

/* ---- Paths ---- */

/* The catalog's kinds of entries, by directory, and what conflicts call them. */
static const struct {
	const char *dir;
	const char *what;
} entry_kinds[] = {
	{"tables", "table"},
	{"sequences", "sequence"},
	{"views", "view"},
	{"validation", "validation"},
	{"schemas", "schema"},
};

typedef struct pathinfo {
	char kind;                      /* STORE_CONFLICT_ROW, _ENTRY or _FILE */
	const char *what;               /* an entry's kind ("table", ...) */
	char name[STORE_TABLE_MAX + 1]; /* a row's table, an entry's name */
	store_buf key;                  /* a row's encoded key */
} pathinfo;

static void classify(const char *path, size_t len, pathinfo *pi)
{
	pi->kind = STORE_CONFLICT_FILE;
	pi->what = NULL;
	pi->name[0] = '\0';
	if (store_path_row(path, len, pi->name, &pi->key)) {
		pi->kind = STORE_CONFLICT_ROW;
		return;
	}
	if (len <= 9 + 5 || memcmp(path, ".chrondb/", 9) != 0 ||
		memcmp(path + len - 5, ".json", 5) != 0)
		return;
	for (size_t k = 0; k < sizeof(entry_kinds) / sizeof(entry_kinds[0]); k++) {
		size_t dl = strlen(entry_kinds[k].dir), pre = 9 + dl + 1;

		if (len > pre + 5 && memcmp(path + 9, entry_kinds[k].dir, dl) == 0 &&
			path[pre - 1] == '/' && memchr(path + pre, '/', len - pre) == NULL) {
			size_t n = store_table_decode(pi->name, path + pre, len - pre - 5);

			if (n == (size_t)-1)
				return;
			pi->name[n] = '\0';
			pi->kind = STORE_CONFLICT_ENTRY;
			pi->what = entry_kinds[k].what;
			return;
		}
	}
}

/* ---- One merge ---- */

typedef struct mctx {
	store *s;
	const char *label;  /* the source as the caller named it */
	const char *target; /* the branch merged into */
	store_merge_strategy strategy;
	store_oid source;

	/* Set by prepare, under the target's commit lock. */
	store_merge_outcome outcome;
	store_oid head, base;
	store_oid base_tree, ours_tree, theirs_tree;
	side ours, theirs;
	store_tx *tx;
	size_t nchanged;
	int drops; /* conflicts that no strategy resolves */

	/* The tables whose definitions the merge wrote: the blob written (zero: removed). */
	struct defwrite {
		char table[STORE_TABLE_MAX + 1];
		store_oid blob;
	} * defs;
	size_t ndefs;

	store_conflict *conf;
	size_t nconf, capconf;
	int64_t now;

	/*
	 * The target's head lock_rows saw and its merge base with the source
	 * (when has_locked), whose changes to the source are locked: prepare
	 * takes the base from here when the head has not moved, and checks
	 * it otherwise.
	 */
	store_oid locked_head, locked_base;
	int has_locked, locked_found;
	int relock; /* prepare found another base: lock again and retry */
} mctx;

static void conflict_free(store_conflict *c)
{
	free(c->what);
	free(c->table);
	free(c->key);
	for (size_t i = 0; i < c->ncolumns; i++)
		free(c->columns[i]);
	free(c->columns);
}

void store_conflicts_free(store_conflict *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		conflict_free(&c[i]);
	free(c);
}

static char *dup_or_null(const char *p)
{
	char *d;

	if (p == NULL)
		return NULL;
	d = strdup(p);
	if (d == NULL)
		abort();
	return d;
}

/*
 * Record a conflict of the merge at hand at path: what each side did (o
 * ours, t theirs; NULL where that side left the path alone) and the
 * three versions.  The caller adds the columns of a row's conflict.
 */
static store_conflict *conflict_add(mctx *m, const pathinfo *pi, const char *path, size_t len,
	const pchange *o, const pchange *t)
{
	static const store_oid zero;
	store_conflict *c;

	if (m->nconf == m->capconf) {
		m->capconf = m->capconf ? 2 * m->capconf : 16;
		m->conf = realloc(m->conf, m->capconf * sizeof(*m->conf));
		if (m->conf == NULL)
			abort();
	}
	c = &m->conf[m->nconf++];
	memset(c, 0, sizeof(*c));
	snprintf(c->source, sizeof(c->source), "%s", m->label);
	snprintf(c->target, sizeof(c->target), "%s", m->target);
	c->kind = (store_conflict_kind)pi->kind;
	c->what = dup_or_null(pi->what);
	if (pi->kind == STORE_CONFLICT_ROW) {
		char *key = malloc(pi->key.len + 1);
		size_t n;

		if (key == NULL)
			abort();
		n = store_key_decode(key, (const char *)pi->key.data, pi->key.len);
		if (n == (size_t)-1)
			n = 0;
		key[n] = '\0';
		c->key = key;
	} else if (pi->kind == STORE_CONFLICT_FILE) {
		c->key = strndup(path, len);
		if (c->key == NULL)
			abort();
	}
	if (pi->kind != STORE_CONFLICT_FILE)
		c->table = dup_or_null(pi->name);
	c->ours = o != NULL ? o->op : 0;
	c->theirs = t != NULL ? t->op : 0;
	c->base_blob = t != NULL ? t->old : o != NULL ? o->old : zero;
	c->ours_blob = o != NULL ? o->new : c->base_blob;
	c->theirs_blob = t != NULL ? t->new : c->base_blob;
	c->base = m->base;
	c->ours_commit = m->head;
	c->theirs_commit = m->source;
	c->time_us = m->now;
	return c;
}

/* Buffer a write of the merge: blob (zero: removal) at path. */
static int put_path(mctx *m, const char *path, size_t len, const store_oid *blob,
	const pathinfo *pi, store_err *err)
{
	char *data = NULL;
	size_t dlen = 0;
	const char *table = NULL, *key = NULL;
	size_t keylen = 0;

	if (!store_oid_is_zero(blob) && store_blob(m->s, blob, &data, &dlen, err) != STORE_OK)
		return STORE_ERROR;
	if (pi->kind == STORE_CONFLICT_ROW) {
		table = pi->name;
		key = (const char *)pi->key.data;
		keylen = pi->key.len;
	}
	store_tx_write_path(m->tx, path, len, data, dlen, table, key, keylen);
	m->nchanged++;
	if (pi->kind == STORE_CONFLICT_ENTRY && strcmp(pi->what, "table") == 0) {
		m->defs = realloc(m->defs, (m->ndefs + 1) * sizeof(*m->defs));
		if (m->defs == NULL)
			abort();
		snprintf(m->defs[m->ndefs].table, sizeof(m->defs[0].table), "%s", pi->name);
		m->defs[m->ndefs++].blob = *blob;
	}
	return STORE_OK;
}

/* ---- Members ---- */

typedef struct member {
	char *name; /* unescaped, NUL-terminated */
	size_t namelen;
	char *qname; /* canonical, quoted */
	size_t qnamelen;
	char *value; /* canonical */
	size_t valuelen;
} member;

typedef struct doc {
	member *v; /* sorted by name */
	size_t n, cap;
} doc;

static void doc_free(doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].name);
		free(d->v[i].qname);
		free(d->v[i].value);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

static int doc_member(void *arg, const store_json_member *jm)
{
	doc *d = arg;
	member *m;

	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 16;
		d->v = realloc(d->v, d->cap * sizeof(*d->v));
		if (d->v == NULL)
			abort();
	}
	m = &d->v[d->n++];
	m->name = strndup(jm->name, jm->namelen);
	m->qname = strndup(jm->qname, jm->qnamelen);
	m->value = strndup(jm->value, jm->valuelen);
	if (m->name == NULL || m->qname == NULL || m->value == NULL)
		abort();
	m->namelen = jm->namelen;
	m->qnamelen = jm->qnamelen;
	m->valuelen = jm->valuelen;
	return STORE_OK;
}

/* A blob's members (zero blob: none); STORE_NOTFOUND when it is no JSON object. */
static int doc_read(store *s, const store_oid *blob, doc *d, store_err *err)
{
	char *text;
	size_t len;
	store_err ignored;
	int r;

	memset(d, 0, sizeof(*d));
	if (store_oid_is_zero(blob))
		return STORE_OK;
	if (store_blob(s, blob, &text, &len, err) != STORE_OK)
		return STORE_ERROR;
	store_err_clear(&ignored);
	r = store_json_members(text, len, doc_member, d, &ignored);
	free(text);
	if (r != STORE_OK) {
		doc_free(d);
		return STORE_NOTFOUND;
	}
	return STORE_OK;
}

static const member *doc_get(const doc *d, const char *name, size_t len)
{
	size_t lo = 0, hi = d->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const member *m = &d->v[mid];
		size_t n = m->namelen < len ? m->namelen : len;
		int c = memcmp(m->name, name, n);

		if (c == 0)
			c = m->namelen < len ? -1 : m->namelen > len;
		if (c == 0)
			return m;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int member_eq(const member *a, const member *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return a->valuelen == b->valuelen && memcmp(a->value, b->value, a->valuelen) == 0;
}

/* For a sequence's entry: the further of two recorded counters, by the merged increment. */
static const member *seq_further(const member *o, const member *t, const doc *od)
{
	const member *inc = doc_get(od, "increment", 9);
	int down = inc != NULL && inc->valuelen > 0 && inc->value[0] == '-';
	long long a, b;

	if (o == NULL || t == NULL)
		return o != NULL ? o : t;
	a = strtoll(o->value, NULL, 10);
	b = strtoll(t->value, NULL, 10);
	return (down ? b < a : b > a) ? t : o;
}

/*
 * Merge the members of three versions of a document into canonical
 * text (*out, malloc'd; order: the table's columns).  Each member both
 * sides set to different values lands in *cols (malloc'd names): it
 * takes the strategy's side, ours when there is none (the caller then
 * drops the result).  seq: a sequence's entry (seq_further's rule).
 */
static int merge_members(const doc *b, const doc *o, const doc *t, int seq,
	store_merge_strategy strategy, const char *const *order, int norder, char **out,
	size_t *outlen, char ***cols, size_t *ncols, store_err *err)
{
	store_buf text = STORE_BUF_INIT;
	const doc *all[2] = {o, t};
	size_t cap = 0;
	int r, first = 1;

	*cols = NULL;
	*ncols = 0;
	store_buf_putc(&text, '{');
	for (int which = 0; which < 2; which++) {
		for (size_t i = 0; i < all[which]->n; i++) {
			const member *x = &all[which]->v[i];
			const member *bm = doc_get(b, x->name, x->namelen);
			const member *om = doc_get(o, x->name, x->namelen);
			const member *tm = doc_get(t, x->name, x->namelen);
			const member *v;

			if (which == 1 && om != NULL)
				continue; /* merged with ours' members already */
			if (member_eq(om, tm))
				v = om;
			else if (member_eq(om, bm))
				v = tm;
			else if (member_eq(tm, bm))
				v = om;
			else if (seq && strcmp(x->name, "last_value") == 0)
				v = seq_further(om, tm, o);
			else if (seq && strcmp(x->name, "is_called") == 0)
				v = om != NULL && strcmp(om->value, "true") == 0 ? om : tm;
			else {
				if (*ncols == cap) {
					cap = cap ? 2 * cap : 4;
					*cols = realloc(*cols, cap * sizeof(**cols));
					if (*cols == NULL)
						abort();
				}
				(*cols)[(*ncols)++] = strdup(x->name);
				if ((*cols)[*ncols - 1] == NULL)
					abort();
				v = strategy == STORE_MERGE_THEIRS ? tm : om;
			}
			if (v == NULL)
				continue; /* removed on the side that changed it */
			if (!first)
				store_buf_putc(&text, ',');
			first = 0;
			store_buf_put(&text, v->qname, v->qnamelen);
			store_buf_putc(&text, ':');
			store_buf_put(&text, v->value, v->valuelen);
		}
	}
	store_buf_putc(&text, '}');
	r = store_json_canonical(
		(const char *)text.data, text.len, order, norder, out, outlen, err);
	store_buf_free(&text);
	return r;
}

/* ---- Table definitions ---- */

/* The blob of table's definition in the merge's result (zero: none). */
static int def_blob(mctx *m, const char *table, store_oid *blob, store_err *err)
{
	char path[STORE_NAME_PATH_SIZE];
	int n, r;

	for (size_t i = 0; i < m->ndefs; i++) {
		if (strcmp(m->defs[i].table, table) == 0) {
			*blob = m->defs[i].blob;
			return STORE_OK;
		}
	}
	memset(blob, 0, sizeof(*blob));
	n = store_entry_path(path, "tables", table, err);
	if (n < 0)
		return STORE_ERROR;
	r = store_tree_walk(m->s, &m->ours_tree, path, (size_t)n, blob, NULL, err);
	return r == STORE_NOTFOUND ? STORE_OK : r;
}

/* The column names of table in the merge's result (for canonical rows); *names malloc'd. */
static int table_order(mctx *m, const char *table, char ***names, int *n, store_err *err)
{
	store_oid blob;
	char *text;
	size_t len;
	json_t *cat, *cols, *c;
	size_t i;

	*names = NULL;
	*n = 0;
	if (def_blob(m, table, &blob, err) != STORE_OK)
		return STORE_ERROR;
	if (store_oid_is_zero(&blob))
		return STORE_OK;
	if (store_blob(m->s, &blob, &text, &len, err) != STORE_OK)
		return STORE_ERROR;
	cat = json_loadb(text, len, 0, NULL);
	free(text);
	cols = json_object_get(cat, "columns");
	*names = calloc(json_array_size(cols) + 1, sizeof(**names));
	if (*names == NULL)
		abort();
	json_array_foreach(cols, i, c)
	{
		const char *name = json_string_value(json_object_get(c, "name"));

		if (name != NULL && ((*names)[(*n)++] = strdup(name)) == NULL)
			abort();
	}
	json_decref(cat);
	return STORE_OK;
}

static void names_free(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* ---- Paths changed on both sides ---- */

/* A conflict the strategy settles on one side's version (or lists). */
static int settle(mctx *m, const pathinfo *pi, const char *path, size_t len, const pchange *o,
	const pchange *t, store_err *err)
{
	conflict_add(m, pi, path, len, o, t);
	if (m->strategy == STORE_MERGE_THEIRS)
		return put_path(m, path, len, &t->new, pi, err);
	return STORE_OK; /* ours, or none: the target keeps its version */
}

/* A row or a sequence's entry that both sides changed differently: member by member. */
static int merge_doc(mctx *m, const pathinfo *pi, const char *path, size_t len, const pchange *o,
	const pchange *t, store_err *err)
{
	doc bd, od, td;
	char **cols = NULL, **order = NULL, *text = NULL;
	size_t ncols = 0, tlen = 0;
	int norder = 0, seq = pi->kind == STORE_CONFLICT_ENTRY, r;

	/* A removal against a change: no member to merge. */
	if (o->op == STORE_OP_DELETE || t->op == STORE_OP_DELETE)
		return settle(m, pi, path, len, o, t, err);

	r = doc_read(m->s, &t->old, &bd, err);
	if (r == STORE_OK)
		r = doc_read(m->s, &o->new, &od, err);
	else
		memset(&od, 0, sizeof(od));
	if (r == STORE_OK)
		r = doc_read(m->s, &t->new, &td, err);
	else
		memset(&td, 0, sizeof(td));
	if (r == STORE_NOTFOUND) {
		/* Not a JSON object on some side: the whole document conflicts. */
		r = settle(m, pi, path, len, o, t, err);
		goto out;
	}
	if (r != STORE_OK)
		goto out;
	if (pi->kind == STORE_CONFLICT_ROW &&
		table_order(m, pi->name, &order, &norder, err) != STORE_OK) {
		r = STORE_ERROR;
		goto out;
	}
	r = merge_members(&bd, &od, &td, seq, m->strategy, (const char *const *)order, norder,
		&text, &tlen, &cols, &ncols, err);
	if (r != STORE_OK)
		goto out;
	if (ncols > 0) {
		store_conflict *c = conflict_add(m, pi, path, len, o, t);

		c->columns = cols;
		c->ncolumns = ncols;
		cols = NULL;
		ncols = 0;
		if (m->strategy == STORE_MERGE_FAIL)
			goto out;
	}
	{
		const char *table = pi->kind == STORE_CONFLICT_ROW ? pi->name : NULL;

		store_tx_write_path(m->tx, path, len, text, tlen, table, (const char *)pi->key.data,
			pi->key.len);
		text = NULL;
		m->nchanged++;
	}
out:
	free(text);
	names_free(cols, (int)ncols);
	names_free(order, norder);
	doc_free(&bd);
	doc_free(&od);
	doc_free(&td);
	return r;
}

/* ---- Dropped tables ---- */

/* Whether a side added or changed a row of table (a removal agrees with a drop). */
static int side_touches(const side *sd, const char *table)
{
	char name[STORE_TABLE_MAX + 1];
	store_buf key = STORE_BUF_INIT;
	int hit = 0;

	for (size_t i = 0; i < sd->n && !hit; i++) {
		if (sd->v[i].op != STORE_OP_DELETE &&
			store_path_row(sd->v[i].path, sd->v[i].len, name, &key) &&
			strcmp(name, table) == 0)
			hit = 1;
	}
	store_buf_free(&key);
	return hit;
}

/*
 * Tables dropped on one side whose rows or definition the other side
 * changed: one conflict each; their rows are left out of the merge.
 * *dropped receives the names (malloc'd, NULL-terminated).
 */
static int find_drops(mctx *m, char ***dropped, store_err *err)
{
	size_t nd = 0;
	pathinfo pi;

	(void)err;
	*dropped = calloc(1, sizeof(**dropped));
	if (*dropped == NULL)
		abort();
	memset(&pi, 0, sizeof(pi));
	for (int s = 0; s < 2; s++) {
		side *dropper = s == 0 ? &m->ours : &m->theirs;
		side *other = s == 0 ? &m->theirs : &m->ours;

		for (size_t i = 0; i < dropper->n; i++) {
			const pchange *d = &dropper->v[i];
			const pchange *oc;
			store_conflict *c;

			if (d->op != STORE_OP_DELETE)
				continue;
			classify(d->path, d->len, &pi);
			if (pi.kind != STORE_CONFLICT_ENTRY || strcmp(pi.what, "table") != 0)
				continue;
			oc = side_find(other, d->path, d->len);
			if ((oc == NULL || oc->op == STORE_OP_DELETE) &&
				!side_touches(other, pi.name))
				continue;
			pi.kind = STORE_CONFLICT_DROP;
			c = conflict_add(m, &pi, d->path, d->len, s == 0 ? d : oc, s == 0 ? oc : d);
			/* The side that kept the table changed it, if only in its rows. */
			if (c->ours == 0)
				c->ours = STORE_OP_UPDATE;
			if (c->theirs == 0)
				c->theirs = STORE_OP_UPDATE;
			m->drops++;
			*dropped = realloc(*dropped, (nd + 2) * sizeof(**dropped));
			if (*dropped == NULL)
				abort();
			(*dropped)[nd] = strdup(pi.name);
			if ((*dropped)[nd] == NULL)
				abort();
			(*dropped)[++nd] = NULL;
		}
	}
	store_buf_free(&pi.key);
	return STORE_OK;
}

static int in_list(char **list, const char *name)
{
	for (size_t i = 0; list[i] != NULL; i++) {
		if (strcmp(list[i], name) == 0)
			return 1;
	}
	return 0;
}

/* ---- The three-way merge of the trees ---- */

static int merge_trees(mctx *m, store_err *err)
{
	char **dropped = NULL;
	pathinfo pi;
	int r;

	memset(&pi, 0, sizeof(pi));
	if ((r = store_tree_diff(m->s, &m->base_tree, &m->ours_tree, side_add, &m->ours, err)) !=
			STORE_OK ||
		(r = store_tree_diff(m->s, &m->base_tree, &m->theirs_tree, side_add, &m->theirs,
			 err)) != STORE_OK)
		return r;
	if ((r = find_drops(m, &dropped, err)) != STORE_OK)
		goto out;

	/*
	 * The source's changes, catalog entries first (the rows after them
	 * are written in their merged definition's column order).
	 */
	for (int pass = 0; pass < 2 && r == STORE_OK; pass++) {
		for (size_t i = 0; i < m->theirs.n && r == STORE_OK; i++) {
			const pchange *t = &m->theirs.v[i];
			const pchange *o;
			int entry = t->len > 9 && memcmp(t->path, ".chrondb/", 9) == 0;

			if (entry != (pass == 0))
				continue;
			classify(t->path, t->len, &pi);
			if ((pi.kind == STORE_CONFLICT_ROW ||
				    (pi.kind == STORE_CONFLICT_ENTRY &&
					    strcmp(pi.what, "table") == 0)) &&
				in_list(dropped, pi.name))
				continue;
			o = side_find(&m->ours, t->path, t->len);
			if (o == NULL) {
				r = put_path(m, t->path, t->len, &t->new, &pi, err);
				continue;
			}
			if (store_oid_equal(&o->new, &t->new))
				continue; /* the same change on both sides */
			if (pi.kind == STORE_CONFLICT_ROW ||
				(pi.kind == STORE_CONFLICT_ENTRY &&
					strcmp(pi.what, "sequence") == 0))
				r = merge_doc(m, &pi, t->path, t->len, o, t, err);
			else
				r = settle(m, &pi, t->path, t->len, o, t, err);
		}
	}
out:
	for (size_t i = 0; dropped != NULL && dropped[i] != NULL; i++)
		free(dropped[i]);
	free(dropped);
	store_buf_free(&pi.key);
	return r;
}

/* The tree of a commit. */
static int commit_tree(store *s, const store_oid *commit, store_oid *tree, store_err *err)
{
	store_obj *o;
	store_commit c;
	int r = store_read_commit(s, commit, &o, &c, err);

	if (r == STORE_NOTFOUND)
		return store_err_set(err, "XX001", "a commit is missing from the repository");
	if (r != STORE_OK)
		return r;
	*tree = c.tree;
	store_obj_unref(o);
	return STORE_OK;
}

/* txn.c's hook, under the target's commit lock (store_tx_merge). */
static int merge_prepare(void *arg, store_tx *tx, const store_oid *head, store_oid *second,
	store_oid *ff, store_err *err)
{
	mctx *m = arg;
	int found, r;

	m->tx = tx;
	m->head = *head;
	m->now = store_now_us();
	if (store_oid_is_zero(head) || store_oid_equal(head, &m->source)) {
		/* An empty branch takes the source as it is; the same commit is nothing to do. */
		m->outcome =
			store_oid_is_zero(head) ? STORE_MERGE_FAST_FORWARD : STORE_MERGE_UP_TO_DATE;
		*ff = m->source;
		return store_oid_is_zero(head) ? STORE_OK : STORE_NOTFOUND;
	}
	if (m->has_locked && store_oid_equal(head, &m->locked_head)) {
		m->base = m->locked_base;
		found = m->locked_found;
	} else if ((r = merge_base(m->s, head, &m->source, &m->base, &found, err)) != STORE_OK) {
		return r;
	}
	if (!found) {
		store_err_set(err, "55000", "cannot merge \"%s\" into \"%s\": unrelated histories",
			m->label, m->target);
		store_err_detail(err, "The two have no commit in common.");
		return STORE_ERROR;
	}
	if (!store_oid_equal(&m->base, &m->locked_base) && !store_oid_equal(&m->base, &m->source)) {
		/* The target moved to another base since its rows were locked. */
		m->relock = 1;
		return STORE_NOTFOUND;
	}
	if (store_oid_equal(&m->base, &m->source)) {
		m->outcome = STORE_MERGE_UP_TO_DATE;
		return STORE_NOTFOUND;
	}
	if (store_oid_equal(&m->base, head)) {
		m->outcome = STORE_MERGE_FAST_FORWARD;
		*ff = m->source;
		return STORE_OK;
	}

	if ((r = commit_tree(m->s, &m->base, &m->base_tree, err)) != STORE_OK ||
		(r = commit_tree(m->s, head, &m->ours_tree, err)) != STORE_OK ||
		(r = commit_tree(m->s, &m->source, &m->theirs_tree, err)) != STORE_OK ||
		(r = merge_trees(m, err)) != STORE_OK)
		return r;
	if (m->nconf > 0 && m->strategy == STORE_MERGE_FAIL) {
		m->outcome = STORE_MERGE_CONFLICTED;
		return STORE_NOTFOUND;
	}
	if (m->drops > 0) {
		const store_conflict *c = NULL;

		for (size_t i = 0; i < m->nconf && c == NULL; i++)
			if (m->conf[i].kind == STORE_CONFLICT_DROP)
				c = &m->conf[i];
		store_err_set(err, "0A000",
			"cannot merge table \"%s\": it was dropped on one side and changed on the other",
			c->table);
		store_err_hint(err, "Drop it on both branches, or create it again where it was "
				    "dropped, then merge.");
		return STORE_ERROR;
	}
	m->outcome = STORE_MERGE_MERGED;
	*second = m->source;
	return STORE_OK;
}

static const char *const strategy_names[] = {"none", "ours", "theirs"};

const char *store_merge_strategy_name(store_merge_strategy strategy)
{
	return (size_t)strategy < sizeof(strategy_names) / sizeof(strategy_names[0])
		       ? strategy_names[strategy]
		       : "none";
}

int store_merge_strategy_named(const char *name, store_merge_strategy *out)
{
	for (size_t i = 0; i < sizeof(strategy_names) / sizeof(strategy_names[0]); i++) {
		if (strcmp(strategy_names[i], name) == 0) {
			*out = (store_merge_strategy)i;
			return STORE_OK;
		}
	}
	return STORE_NOTFOUND;
}

/* ---- The registry of conflicts ---- */

static void conflicts_path(store *s, char *out, size_t size)
{
	snprintf(out, size, "%s/conflicts", s->private_dir);
}

static json_t *oid_json(const store_oid *oid)
{
	char hex[STORE_OID_HEXSZ + 1];

	if (store_oid_is_zero(oid))
		return json_null();
	store_oid_fmt(hex, oid);
	return json_string(hex);
}

static void json_oid(json_t *o, const char *name, store_oid *out)
{
	const char *hex = json_string_value(json_object_get(o, name));

	memset(out, 0, sizeof(*out));
	if (hex != NULL && strlen(hex) == STORE_OID_HEXSZ)
		store_oid_parse(out, hex, STORE_OID_HEXSZ);
}

static json_t *str_json(const char *p)
{
	return p != NULL ? json_string(p) : json_null();
}

/* A member of o that should be a string, "" when it is not one. */
static const char *str_of(json_t *o, const char *name)
{
	const char *v = json_string_value(json_object_get(o, name));

	return v != NULL ? v : "";
}

/* Write the list to DATA/chrondb/conflicts (temporary file, fsync, rename); caller holds the lock. */
static void conflicts_save(store *s)
{
	char path[4096], tmp[4200];
	json_t *all = json_array();
	char *text;
	int fd, ok;

	for (size_t i = 0; i < s->nconflicts; i++) {
		const store_conflict *c = &s->conflicts[i];
		json_t *o = json_object(), *cols = json_array();
		char kind[2] = {(char)c->kind, '\0'};
		char ops[3] = {
			c->ours ? (char)c->ours : '-', c->theirs ? (char)c->theirs : '-', '\0'};

		for (size_t k = 0; k < c->ncolumns; k++)
			json_array_append_new(cols, json_string(c->columns[k]));
		json_object_set_new(o, "source", json_string(c->source));
		json_object_set_new(o, "target", json_string(c->target));
		json_object_set_new(o, "kind", json_string(kind));
		json_object_set_new(o, "what", str_json(c->what));
		json_object_set_new(o, "table", str_json(c->table));
		json_object_set_new(o, "key", str_json(c->key));
		json_object_set_new(o, "ops", json_string(ops));
		json_object_set_new(o, "columns", cols);
		json_object_set_new(o, "base_blob", oid_json(&c->base_blob));
		json_object_set_new(o, "ours_blob", oid_json(&c->ours_blob));
		json_object_set_new(o, "theirs_blob", oid_json(&c->theirs_blob));
		json_object_set_new(o, "base", oid_json(&c->base));
		json_object_set_new(o, "ours_commit", oid_json(&c->ours_commit));
		json_object_set_new(o, "theirs_commit", oid_json(&c->theirs_commit));
		json_object_set_new(o, "time_us", json_integer(c->time_us));
		json_array_append_new(all, o);
	}
	text = json_dumps(all, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(all);
	if (text == NULL)
		abort();
	conflicts_path(s, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text) && fsync(fd) == 0;
	if (fd >= 0)
		close(fd);
	if (ok && rename(tmp, path) == 0)
		store_fsync_dir(s->private_dir);
	else {
		store_log_event(s, STORE_LOG_WARNING,
			"could not save the list of merge conflicts to \"%s\": %s", path,
			strerror(errno));
		unlink(tmp);
	}
	free(text);
}

void store_conflicts_load(store *s)
{
	char path[4096];
	json_error_t jerr;
	json_t *all, *o;
	size_t i;

	conflicts_path(s, path, sizeof(path));
	if (access(path, F_OK) != 0)
		return;
	all = json_load_file(path, 0, &jerr);
	if (!json_is_array(all)) {
		store_log_event(s, STORE_LOG_WARNING,
			"the list of merge conflicts in \"%s\" is unreadable and was dropped: %s",
			path, jerr.text);
		json_decref(all);
		return;
	}
	s->conflicts = calloc(json_array_size(all) + 1, sizeof(*s->conflicts));
	if (s->conflicts == NULL)
		abort();
	json_array_foreach(all, i, o)
	{
		store_conflict *c = &s->conflicts[s->nconflicts];
		const char *kind = json_string_value(json_object_get(o, "kind"));
		const char *ops = json_string_value(json_object_get(o, "ops"));
		json_t *cols = json_object_get(o, "columns"), *col;
		size_t k;

		if (kind == NULL || ops == NULL || strlen(ops) != 2)
			continue;
		memset(c, 0, sizeof(*c));
		snprintf(c->source, sizeof(c->source), "%s", str_of(o, "source"));
		snprintf(c->target, sizeof(c->target), "%s", str_of(o, "target"));
		c->kind = (store_conflict_kind)kind[0];
		c->what = dup_or_null(json_string_value(json_object_get(o, "what")));
		c->table = dup_or_null(json_string_value(json_object_get(o, "table")));
		c->key = dup_or_null(json_string_value(json_object_get(o, "key")));
		c->ours = ops[0] == '-' ? 0 : (store_op)ops[0];
		c->theirs = ops[1] == '-' ? 0 : (store_op)ops[1];
		c->columns = calloc(json_array_size(cols) + 1, sizeof(*c->columns));
		if (c->columns == NULL)
			abort();
		json_array_foreach(cols, k, col)
		{
			if (json_is_string(col))
				c->columns[c->ncolumns++] = dup_or_null(json_string_value(col));
		}
		json_oid(o, "base_blob", &c->base_blob);
		json_oid(o, "ours_blob", &c->ours_blob);
		json_oid(o, "theirs_blob", &c->theirs_blob);
		json_oid(o, "base", &c->base);
		json_oid(o, "ours_commit", &c->ours_commit);
		json_oid(o, "theirs_commit", &c->theirs_commit);
		c->time_us = json_integer_value(json_object_get(o, "time_us"));
		s->nconflicts++;
	}
	json_decref(all);
}

void store_conflicts_clear(store *s)
{
	store_conflicts_free(s->conflicts, s->nconflicts);
	s->conflicts = NULL;
	s->nconflicts = 0;
}

void store_conflicts_forget(store *s, const char *bname)
{
	size_t keep = 0, before;

	pthread_mutex_lock(&s->conflicts_lock);
	before = s->nconflicts;
	for (size_t i = 0; i < s->nconflicts; i++) {
		store_conflict *c = &s->conflicts[i];

		if (strcmp(c->source, bname) == 0 || strcmp(c->target, bname) == 0)
			conflict_free(c);
		else
			s->conflicts[keep++] = *c;
	}
	s->nconflicts = keep;
	if (keep != before)
		conflicts_save(s);
	pthread_mutex_unlock(&s->conflicts_lock);
}

static int cmp_conflict(const void *pa, const void *pb)
{
	const store_conflict *a = pa, *b = pb;
	int c = strcmp(a->target, b->target);

	if (c == 0)
		c = strcmp(a->source, b->source);
	if (c == 0)
		c = strcmp(a->table ? a->table : "", b->table ? b->table : "");
	if (c == 0)
		c = strcmp(a->key ? a->key : "", b->key ? b->key : "");
	return c;
}

/* The pair's listed conflicts become conf (n of them, taken over; none: cleared). */
static void conflicts_replace(
	store *s, const char *source, const char *target, store_conflict *conf, size_t n)
{
	size_t keep = 0, before;

	pthread_mutex_lock(&s->conflicts_lock);
	before = s->nconflicts;
	for (size_t i = 0; i < s->nconflicts; i++) {
		store_conflict *c = &s->conflicts[i];

		if (strcmp(c->source, source) == 0 && strcmp(c->target, target) == 0)
			conflict_free(c);
		else
			s->conflicts[keep++] = *c;
	}
	s->nconflicts = keep;
	if (n > 0) {
		s->conflicts = realloc(s->conflicts, (keep + n) * sizeof(*s->conflicts));
		if (s->conflicts == NULL)
			abort();
		memcpy(s->conflicts + keep, conf, n * sizeof(*conf));
		s->nconflicts += n;
		qsort(s->conflicts, s->nconflicts, sizeof(*s->conflicts), cmp_conflict);
	}
	if (n > 0 || keep != before)
		conflicts_save(s);
	pthread_mutex_unlock(&s->conflicts_lock);
	free(conf);
}

int store_conflicts(store *s, store_conflict **out, size_t *n, store_err *err)
{
	(void)err;
	pthread_mutex_lock(&s->conflicts_lock);
	*out = calloc(s->nconflicts + 1, sizeof(**out));
	if (*out == NULL)
		abort();
	for (size_t i = 0; i < s->nconflicts; i++) {
		const store_conflict *c = &s->conflicts[i];
		store_conflict *d = &(*out)[i];

		*d = *c;
		d->what = dup_or_null(c->what);
		d->table = dup_or_null(c->table);
		d->key = dup_or_null(c->key);
		d->columns = calloc(c->ncolumns + 1, sizeof(*d->columns));
		if (d->columns == NULL)
			abort();
		for (size_t k = 0; k < c->ncolumns; k++)
			d->columns[k] = dup_or_null(c->columns[k]);
	}
	*n = s->nconflicts;
	pthread_mutex_unlock(&s->conflicts_lock);
	return STORE_OK;
}

/* ---- Entry points ---- */

static int cmp_pchange(const void *a, const void *b)
{
	const pchange *x = a, *y = b;
	int c = memcmp(x->path, y->path, x->len < y->len ? x->len : y->len);

	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

/*
 * Lock on the target, as UPDATE does, every row that the source changed
 * since its merge base with the target's head as it is now: the rows the
 * merge may write.  A writer holding one commits (or rolls back) before
 * the merge takes the commit lock and reads the head; one that comes
 * later waits for the merge's commit and then reads the merged row.
 * Without these locks a transaction that read a row before the merge
 * would write its version over the merged one.  prepare checks that the
 * base it merges from is the one locked here (m->relock otherwise).
 */
static int lock_rows(mctx *m, store_tx *tx, int background, int lock_wait_ms, store_err *err)
{
	store_lockreq req = {STORE_ROW_UPDATE, background ? STORE_LOCK_NOWAIT : STORE_LOCK_WAIT,
		lock_wait_ms, 0, STORE_ROW_WRITE, 0};
	store_oid head, base_tree, source_tree;
	store_snap *snap;
	side changed = {0};
	pathinfo pi;
	int found, r;

	memset(&m->locked_base, 0, sizeof(m->locked_base));
	m->has_locked = 0;
	if (store_snap_branch(m->s, m->target, &snap, err) != STORE_OK)
		return STORE_ERROR;
	head = snap->commit;
	store_snap_free(snap);
	if (store_oid_is_zero(&head) || store_oid_equal(&head, &m->source))
		return STORE_OK; /* nothing on the target to write over, or nothing to do */
	if ((r = merge_base(m->s, &head, &m->source, &m->locked_base, &found, err)) != STORE_OK)
		return r;
	m->locked_head = head;
	m->locked_found = found;
	m->has_locked = 1;
	if (!found || store_oid_equal(&m->locked_base, &m->source))
		return STORE_OK; /* prepare says so */

	if ((r = commit_tree(m->s, &m->locked_base, &base_tree, err)) != STORE_OK ||
		(r = commit_tree(m->s, &m->source, &source_tree, err)) != STORE_OK ||
		(r = store_tree_diff(m->s, &base_tree, &source_tree, side_add, &changed, err)) !=
			STORE_OK) {
		side_free(&changed);
		return r;
	}
	/* In path order: merges of one source lock rows in one order. */
	qsort(changed.v, changed.n, sizeof(*changed.v), cmp_pchange);
	memset(&pi, 0, sizeof(pi));
	for (size_t i = 0; i < changed.n && r == STORE_OK; i++) {
		classify(changed.v[i].path, changed.v[i].len, &pi);
		if (pi.kind == STORE_CONFLICT_ROW)
			r = store_tx_lock_row_req(
				tx, pi.name, (const char *)pi.key.data, pi.key.len, &req, err);
	}
	store_buf_free(&pi.key);
	side_free(&changed);
	return r == STORE_OK ? STORE_OK : STORE_ERROR;
}

int store_merge_commit(store *s, const store_oid *source, const char *label, const char *target,
	store_merge_strategy strategy, const store_txmeta *meta, int background, int lock_wait_ms,
	const atomic_int *interrupt, store_merge_result *res, store_err *err)
{
	mctx m;
	store_tx_merge hook;
	store_txmeta mm;
	store_tx *tx;
	const char *flags[66];
	size_t nfl = 0;
	char msg[2 * STORE_BRANCH_NAME_SIZE + 64], hex[STORE_OID_HEXSZ + 1];
	char *metadata = NULL;
	store_oid head;
	int r;

	memset(&head, 0, sizeof(head));
	memset(res, 0, sizeof(*res));
	memset(&m, 0, sizeof(m));
	m.s = s;
	m.label = label;
	m.target = target;
	m.strategy = strategy;
	m.source = *source;
	res->source = *source;

	/* The merge commit's message, operation, flags and note metadata. */
	memset(&mm, 0, sizeof(mm));
	if (meta != NULL)
		mm = *meta;
	if (mm.message == NULL) {
		snprintf(msg, sizeof(msg), "Merge branch '%s' into %s", label, target);
		mm.message = msg;
	}
	if (mm.operation == NULL)
		mm.operation = "merge";
	for (size_t i = 0;
		meta != NULL && meta->flags != NULL && meta->flags[i] != NULL && nfl < 64; i++)
		flags[nfl++] = meta->flags[i];
	flags[nfl++] = "merge";
	flags[nfl] = NULL;
	mm.flags = flags;
	if (mm.metadata_json == NULL) {
		json_t *md = json_object();

		store_oid_fmt(hex, source);
		json_object_set_new(md, "source", json_string(label));
		json_object_set_new(md, "source_commit", json_string(hex));
		json_object_set_new(
			md, "strategy", json_string(store_merge_strategy_name(strategy)));
		metadata = json_dumps(md, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(md);
		if (metadata == NULL)
			abort();
		mm.metadata_json = metadata;
	}

	/*
	 * The rows to write locked, then the commit; again when the target
	 * moved to another merge base meanwhile (another merge of the source).
	 */
	hook.prepare = merge_prepare;
	hook.arg = &m;
	hook.no_throttle = background;
	for (int attempt = 0;; attempt++) {
		if (attempt == 20) {
			r = store_err_set(err, "40001",
				"could not merge \"%s\" into \"%s\": the target kept moving", label,
				target);
			break;
		}
		if (store_tx_begin(s, target, STORE_READ_COMMITTED, &tx, err) != STORE_OK) {
			r = STORE_ERROR;
			break;
		}
		if (interrupt != NULL)
			store_tx_set_interrupt(tx, interrupt);
		store_tx_set_merge(tx, &hook);
		if (lock_rows(&m, tx, background, lock_wait_ms, err) != STORE_OK) {
			store_tx_rollback(tx);
			r = STORE_ERROR;
			if (strcmp(err->sqlstate, "40P01") != 0)
				break;
			/*
			 * A deadlock with writers locking the rows in another
			 * order: the merge gives way (its locks go with the
			 * rollback) and tries again a moment later.
			 */
			store_err_clear(err);
			usleep((useconds_t)(1000 + (attempt * 997) % 9000));
			continue;
		}
		m.relock = 0;
		r = store_tx_commit(tx, &mm, &head, err);
		if (r != STORE_OK || !m.relock)
			break;
	}
	free(metadata);
	res->outcome = m.outcome;
	res->base = m.base;
	res->nconflicts = m.nconf;
	res->nchanged = m.nchanged;
	if (r == STORE_OK &&
		(m.outcome == STORE_MERGE_MERGED || m.outcome == STORE_MERGE_FAST_FORWARD))
		res->head = head;
	else if (r == STORE_OK && m.outcome == STORE_MERGE_UP_TO_DATE)
		res->head = m.head;

	/* What the pair lists now: this merge's conflicts when it failed on them, else none. */
	if (r == STORE_OK) {
		if (m.outcome == STORE_MERGE_CONFLICTED) {
			conflicts_replace(s, label, target, m.conf, m.nconf);
			m.conf = NULL;
			m.nconf = 0;
		} else {
			conflicts_replace(s, label, target, NULL, 0);
		}
		if (m.outcome == STORE_MERGE_MERGED || m.outcome == STORE_MERGE_FAST_FORWARD)
			store_seqs_recheck(s, target);
	}
	store_conflicts_free(m.conf, m.nconf);
	side_free(&m.ours);
	side_free(&m.theirs);
	free(m.defs);
	return r;
}

int store_merge(store *s, const char *source, const char *target, store_merge_strategy strategy,
	const store_txmeta *meta, int lock_wait_ms, const atomic_int *interrupt,
	store_merge_result *res, store_err *err)
{
	store_snap *snap;
	store_oid src;
	int r;

	memset(res, 0, sizeof(*res));
	if (strlen(source) >= STORE_BRANCH_NAME_SIZE)
		return store_err_set(err, "42704", "revision \"%s\" does not exist", source);
	if (store_branch_find(s, target) == NULL)
		return store_err_set(err, "42704", "branch \"%s\" does not exist", target);
	if (store_snap_open(s, source, &snap, err) != STORE_OK)
		return STORE_ERROR;
	src = snap->commit;
	store_snap_free(snap);
	if (store_oid_is_zero(&src))
		return store_err_set(err, "55000", "\"%s\" has no commits to merge", source);
	r = store_merge_commit(
		s, &src, source, target, strategy, meta, 0, lock_wait_ms, interrupt, res, err);
	if (r == STORE_OK) {
		static const char *const what[] = {
			"", "already up to date", "fast-forwarded", "merged", "conflicted"};
		char hex[STORE_OID_HEXSZ + 1] = "-";

		if (!store_oid_is_zero(&res->head))
			store_oid_fmt(hex, &res->head);
		store_log_event(s, STORE_LOG_INFO,
			"merge of \"%s\" into \"%s\": %s (%zu conflict%s), head %.12s", source,
			target, what[res->outcome], res->nconflicts,
			res->nconflicts == 1 ? "" : "s", hex);
	}
	return r;
}
