/*
 * versions.c - every version of a table's rows in a time range: what
 * SQL's FOR SYSTEM_TIME BETWEEN, FROM ... TO and ALL read (store.h,
 * store_table_versions).
 *
 * A version is current from the commit that wrote it to the commit that
 * replaced or deleted it.  Along a branch's first-parent chain, with the
 * range's ends resolved to commits by the commit-time index (lo: the
 * last commit at or before the start, hi: the last at or before the
 * end), the versions in the range are the rows of the table at lo, then
 * each row that a commit in (lo, hi] wrote.  The table's rows at lo come
 * from its tree (a walk that reads no row); the commits that changed the
 * table after lo come from the index's per-table change lists, each
 * diffed against the one before with skipped equal subtrees
 * (store_snap_diff_table), so the work follows the versions and the
 * commits that touched the table, never the table's size times the
 * commits.  What is outside the walk, when the rows at lo were written
 * and when the rows still current at hi ended, the row-history index
 * answers per row (bidx_row_around).
 *
 * Locks: the index is read under the branch's commit lock, which
 * writers need, so it is taken in short spells (the range and the
 * change list; then lookups in batches), never around tree reads.
 * Between spells the index may have grown (commits only append) or
 * been rebuilt from Git (the same chain gives the same numbers); the
 * snapshot's commit keeping its number is checked each time.
 *
 * Not here: what a version's JSON means (the executor decodes rows) or
 * any history other than first parents (a merge's other side shows as
 * the merge commit's changes, as in the row-history index).
 */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Lookups made per spell of the commit lock: about a millisecond of writers' wait. */
#define LOOKUPS_PER_SPELL 4096

/* A version while it is found: its key in the walk's buffer, commit sequence numbers. */
typedef struct vrow {
	size_t keyoff, keylen;
	const char *key; /* its bytes in the result, once the walk is over (for sorting) */
	store_oid blob;
	long from; /* -2: written at or before lo, to look up */
	long to;   /* -1: still current after hi */
} vrow;

typedef struct vwalk {
	store *s;
	store_buf keys;
	vrow *v;
	size_t n, cap;
	size_t *latest; /* key -> index + 1 of its newest version, open addressing */
	size_t caplatest, nlatest;
	long seq; /* the commit whose changes are being applied */
} vwalk;

static size_t *latest_slot(vwalk *w, const char *key, size_t keylen)
{
	size_t mask = w->caplatest - 1;
	size_t i = (size_t)store_hash_bytes(key, keylen) & mask;

	while (w->latest[i] != 0) {
		const vrow *r = &w->v[w->latest[i] - 1];

		if (r->keylen == keylen && memcmp(w->keys.data + r->keyoff, key, keylen) == 0)
			break;
		i = (i + 1) & mask;
	}
	return &w->latest[i];
}

static void latest_grow(vwalk *w)
{
	size_t *old = w->latest, oldcap = w->caplatest;

	w->caplatest = oldcap ? oldcap * 2 : 1024;
	w->latest = calloc(w->caplatest, sizeof(*w->latest));
	if (w->latest == NULL)
		abort();
	for (size_t i = 0; i < oldcap; i++) {
		if (old[i] != 0) {
			const vrow *r = &w->v[old[i] - 1];

			*latest_slot(w, (const char *)w->keys.data + r->keyoff, r->keylen) = old[i];
		}
	}
	free(old);
}

/* A row changed at commit w->seq (or, with seq -2, is there at lo): end and begin versions. */
static int row_change(void *arg, const store_rowdiff *d, store_err *err)
{
	vwalk *w = arg;
	size_t *slot;
	vrow *r;

	(void)err;
	if ((w->nlatest + 1) * 2 > w->caplatest)
		latest_grow(w);
	slot = latest_slot(w, d->key, d->keylen);
	if (*slot != 0 && w->v[*slot - 1].to == -1)
		w->v[*slot - 1].to = w->seq;
	if (d->op == STORE_OP_DELETE)
		return STORE_OK;
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 256;
		w->v = realloc(w->v, w->cap * sizeof(*w->v));
		if (w->v == NULL)
			abort();
	}
	r = &w->v[w->n++];
	if (*slot != 0) {
		r->keyoff = w->v[*slot - 1].keyoff;
	} else {
		r->keyoff = w->keys.len;
		store_buf_put(&w->keys, d->key, d->keylen);
		w->nlatest++;
	}
	r->keylen = d->keylen;
	r->blob = d->new_blob;
	r->from = w->seq;
	r->to = -1;
	*slot = w->n;
	return STORE_OK;
}

/* The snapshot of a commit, enough for tree reads (no time, no branch): on the stack. */
static int snap_at(store *s, const store_oid *commit, store_snap *out, store_err *err)
{
	store_obj *o;
	store_commit c;
	int r;

	memset(out, 0, sizeof(*out));
	out->s = s;
	r = store_read_commit(s, commit, &o, &c, err);
	if (r == STORE_NOTFOUND)
		return store_err_set(err, "XX001", "a commit of the history is missing");
	if (r != STORE_OK)
		return r;
	out->commit = *commit;
	out->tree = c.tree;
	store_obj_unref(o);
	return STORE_OK;
}

/*
 * Take the branch's commit lock with its index built, and check that the
 * snapshot's commit is still number end (-1 when it is not yet known:
 * then set).  Returns with the lock held on success only.
 */
static int index_lock(store *s, branch *b, const store_oid *commit, long *end, store_err *err)
{
	long seq;

	pthread_mutex_lock(&b->commit_lock);
	if (bidx_ensure(s, b, err) != STORE_OK) {
		pthread_mutex_unlock(&b->commit_lock);
		return STORE_ERROR;
	}
	seq = bidx_seq(b->idx, commit);
	if (seq < 0 || (*end >= 0 && seq != *end)) {
		pthread_mutex_unlock(&b->commit_lock);
		if (*end >= 0)
			return store_err_set(err, "40001",
				"the history of branch \"%s\" changed while it was read", b->name);
		store_err_set(err, "42704", "commit is not on branch \"%s\"", b->name);
		store_err_hint(err, "Ask for the history on the branch the commit belongs to.");
		return STORE_ERROR;
	}
	*end = seq;
	return STORE_OK;
}

/* Sequence numbers referenced by versions, and their place among the result's commits. */
static int long_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

static int32_t commit_index(const long *seqs, size_t n, long seq)
{
	const long *p;

	if (seq < 0)
		return -1;
	p = bsearch(&seq, seqs, n, sizeof(*seqs), long_cmp);
	return p != NULL ? (int32_t)(p - seqs) : -1;
}

/* Versions by key bytes, then in commit order. */
static int vrow_cmp(const void *a, const void *b)
{
	const vrow *x = a, *y = b;
	int c = memcmp(x->key, y->key, x->keylen < y->keylen ? x->keylen : y->keylen);

	if (c != 0)
		return c;
	if (x->keylen != y->keylen)
		return x->keylen < y->keylen ? -1 : 1;
	return x->from < y->from ? -1 : x->from > y->from;
}

/* The rows, the commits they name and their keys, as one result. */
static store_versions *result_make(
	vwalk *w, const long *seqs, const store_oid *oids, const int64_t *times, size_t nseqs)
{
	store_versions *out = calloc(1, sizeof(*out));

	if (out == NULL)
		abort();
	out->rows = calloc(w->n ? w->n : 1, sizeof(*out->rows));
	out->commits = calloc(nseqs ? nseqs : 1, sizeof(*out->commits));
	out->keys = malloc(w->keys.len ? w->keys.len : 1);
	if (out->rows == NULL || out->commits == NULL || out->keys == NULL)
		abort();
	if (w->keys.len > 0)
		memcpy(out->keys, w->keys.data, w->keys.len);
	for (size_t i = 0; i < w->n; i++)
		w->v[i].key = out->keys + w->v[i].keyoff;
	if (w->n > 1)
		qsort(w->v, w->n, sizeof(*w->v), vrow_cmp);
	for (size_t i = 0; i < w->n; i++) {
		store_rowver *r = &out->rows[i];

		r->key = w->v[i].key;
		r->keylen = w->v[i].keylen;
		r->blob = w->v[i].blob;
		r->from = commit_index(seqs, nseqs, w->v[i].from);
		r->to = commit_index(seqs, nseqs, w->v[i].to);
	}
	out->nrows = w->n;
	for (size_t i = 0; i < nseqs; i++) {
		out->commits[i].id = oids[i];
		out->commits[i].time_us = times[i];
	}
	out->ncommits = nseqs;
	return out;
}

void store_versions_free(store_versions *v)
{
	if (v == NULL)
		return;
	free(v->rows);
	free(v->commits);
	free(v->keys);
	free(v);
}

/* The table's rows at lo's snapshot: versions whose start is looked up later. */
static int rows_at(vwalk *w, const store_snap *at, const char *table, store_err *err)
{
	static const store_oid zero;
	store_oid tree;
	int chrondb = 0, r;

	r = store_table_tree((store_snap *)at, table, &tree, &chrondb, err);
	if (r != STORE_OK) {
		if (strcmp(err->sqlstate, "42P01") != 0)
			return STORE_ERROR;
		store_err_clear(err);
		return STORE_OK; /* no table then: no rows */
	}
	w->seq = -2;
	return store_table_diff(w->s, &zero, &tree, chrondb, row_change, w, err);
}

/*
 * Start commits of the versions at lo and ends of the versions current
 * at hi, from the row-history index, in spells of the commit lock.
 */
static int lookups(store *s, branch *b, const store_oid *commit, long *end, const char *table,
	vwalk *w, long lo, long hi, store_err *err)
{
	size_t i = 0;

	while (i < w->n) {
		if (index_lock(s, b, commit, end, err) != STORE_OK)
			return STORE_ERROR;
		for (size_t k = 0; i < w->n && k < LOOKUPS_PER_SPELL; i++) {
			vrow *r = &w->v[i];
			const char *key = (const char *)w->keys.data + r->keyoff;
			long prev, next;

			if (r->from == -2) {
				bidx_row_around(
					b->idx, table, key, r->keylen, lo, lo, &prev, &next);
				r->from = prev;
				k++;
			}
			if (r->to == -1 && hi < *end) {
				bidx_row_around(
					b->idx, table, key, r->keylen, hi, *end, &prev, &next);
				r->to = next;
				k++;
			}
		}
		pthread_mutex_unlock(&b->commit_lock);
	}
	return STORE_OK;
}

/* The commits named by the versions: their ids and times from the index, in order. */
static int commits_named(store *s, branch *b, const store_oid *commit, long *end, vwalk *w,
	long **seqs, store_oid **oids, int64_t **times, size_t *n, store_err *err)
{
	long *v = malloc((2 * w->n + 1) * sizeof(*v));
	size_t k = 0, u = 0;

	if (v == NULL)
		abort();
	for (size_t i = 0; i < w->n; i++) {
		if (w->v[i].from >= 0)
			v[k++] = w->v[i].from;
		if (w->v[i].to >= 0)
			v[k++] = w->v[i].to;
	}
	if (k > 1)
		qsort(v, k, sizeof(*v), long_cmp);
	for (size_t i = 0; i < k; i++)
		if (u == 0 || v[u - 1] != v[i])
			v[u++] = v[i];
	*oids = malloc((u ? u : 1) * sizeof(**oids));
	*times = malloc((u ? u : 1) * sizeof(**times));
	if (*oids == NULL || *times == NULL)
		abort();
	for (size_t i = 0; i < u;) {
		if (index_lock(s, b, commit, end, err) != STORE_OK) {
			free(v);
			free(*oids);
			free(*times);
			return STORE_ERROR;
		}
		for (size_t spell = 0; i < u && spell < LOOKUPS_PER_SPELL; i++, spell++) {
			(*oids)[i] = *bidx_oid(b->idx, v[i]);
			(*times)[i] = bidx_time(b->idx, v[i]);
		}
		pthread_mutex_unlock(&b->commit_lock);
	}
	*seqs = v;
	*n = u;
	return STORE_OK;
}

int store_table_versions(store_snap *snap, const char *branch_name, const char *table,
	int64_t from_us, int64_t to_us, store_versions **out, store_err *err)
{
	store *s = snap->s;
	const char *bname = branch_name != NULL ? branch_name
			    : snap->branch[0]   ? snap->branch
						: s->default_branch;
	branch *b = store_branch_find(s, bname);
	vwalk w;
	long end = -1, lo, hi, *seqs = NULL;
	uint32_t *changes = NULL;
	store_oid *change_oids = NULL, lo_oid = {{0}}, *oids = NULL;
	int64_t *times = NULL;
	size_t nchanges = 0, nseqs = 0;
	int r = STORE_OK;

	*out = NULL;
	if (store_table_validate(table, strlen(table), err) != STORE_OK)
		return STORE_ERROR;
	if (b == NULL)
		return store_err_set(err, "42704", "branch \"%s\" does not exist", bname);
	memset(&w, 0, sizeof(w));
	w.s = s;
	if (store_oid_is_zero(&snap->commit) || from_us > to_us) {
		*out = result_make(&w, NULL, NULL, NULL, 0);
		return STORE_OK;
	}

	/* The range as commits, and the commits in it that changed the table. */
	if (index_lock(s, b, &snap->commit, &end, err) != STORE_OK)
		return STORE_ERROR;
	hi = bidx_seq_at_time(b->idx, end, to_us);
	lo = hi < 0 ? -1 : bidx_seq_at_time(b->idx, hi, from_us);
	if (hi >= 0) {
		const uint32_t *seq;

		nchanges = bidx_table_changes(b->idx, table, lo, hi, &seq);
		changes = malloc((nchanges ? nchanges : 1) * sizeof(*changes));
		change_oids = malloc((nchanges ? nchanges : 1) * sizeof(*change_oids));
		if (changes == NULL || change_oids == NULL)
			abort();
		for (size_t i = 0; i < nchanges; i++) {
			changes[i] = seq[i];
			change_oids[i] = *bidx_oid(b->idx, seq[i]);
		}
		if (lo >= 0)
			lo_oid = *bidx_oid(b->idx, lo);
	}
	pthread_mutex_unlock(&b->commit_lock);
	if (hi < 0) {
		char when[40];

		store_fmt_iso_time(when, to_us);
		store_err_set(
			err, "22008", "no commit on branch \"%s\" at or before %s", bname, when);
		store_err_detail(err, "The range ends before the branch's history begins.");
		return STORE_ERROR;
	}

	/* The rows at lo, then each change after it: tree reads, no lock held. */
	{
		store_snap prev, cur;

		memset(&prev, 0, sizeof(prev));
		prev.s = s;
		if (lo >= 0) {
			r = snap_at(s, &lo_oid, &prev, err);
			if (r == STORE_OK)
				r = rows_at(&w, &prev, table, err);
		}
		for (size_t i = 0; r == STORE_OK && i < nchanges; i++) {
			r = snap_at(s, &change_oids[i], &cur, err);
			w.seq = (long)changes[i];
			if (r == STORE_OK)
				r = store_snap_diff_table(&prev, &cur, table, row_change, &w, err);
			if (r != STORE_OK && strcmp(err->sqlstate, "42P01") == 0) {
				/* Neither side has the table: a change the walk cannot see. */
				store_err_clear(err);
				r = STORE_OK;
			}
			prev = cur;
		}
	}

	/* What the walk cannot see: when the rows at lo began, when the current ones ended. */
	if (r == STORE_OK)
		r = lookups(s, b, &snap->commit, &end, table, &w, lo, hi, err);
	if (r == STORE_OK)
		r = commits_named(s, b, &snap->commit, &end, &w, &seqs, &oids, &times, &nseqs, err);
	if (r == STORE_OK)
		*out = result_make(&w, seqs, oids, times, nseqs);

	/* Authors from the commits, without holding up the branch's writers. */
	for (size_t i = 0; r == STORE_OK && i < (*out)->ncommits; i++) {
		store_vcommit *vc = &(*out)->commits[i];

		r = store_commit_author(s, &vc->id, bname, vc->author, sizeof(vc->author), err);
	}
	if (r != STORE_OK) {
		store_versions_free(*out);
		*out = NULL;
	}
	free(changes);
	free(change_oids);
	free(seqs);
	free(oids);
	free(times);
	free(w.v);
	free(w.latest);
	store_buf_free(&w.keys);
	return r;
}
