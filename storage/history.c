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
 * The index lives in memory, kept current by the commit path, and on disk
 * in DATA/chrondb/index/<branch>.hist, an append-only file of one record
 * per commit: at each checkpoint the commits whose ref just reached the
 * disk are appended.  Loading reads the file, then walks first parents
 * from the branch head back to the file's last commit and diffs only the
 * commits after it, so commits made with plain git while the store was
 * closed are covered too.  When the file's last commit is not on the
 * branch (a force push, a branch deleted and made again) or the file is
 * damaged, the index is rebuilt from Git: a diff of every commit against
 * its first parent.  The file is a cache and never fsynced: whatever a
 * crash loses is caught up from Git.  All access happens under the
 * branch's commit lock.
 *
 * Rows are keyed by the table's real name, decoded from the tree path
 * (store_table_decode, store_table_from_chrondb), and the encoded key.
 * Each table also has the list of commits that changed any of its rows,
 * so that the versions of a table's rows in a time range cost the
 * commits that touched it there (versions.c), not every commit.
 *
 * File: "CHRONDB-HIST 2\n" (16 bytes with the NUL), then records: u32
 * payload length, u32 CRC-32 of the payload, both little endian, and the
 * payload: commit id (20), time in us (i64), u32 number of changes, and
 * per change the op byte, blob id (20), u32 length and "table\0key".
 * Version 1 keyed ChronDB-layout tables by their directory name; its
 * files are rebuilt.
 */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

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

/* A table's commits that changed a row of it: ascending, each once. */
typedef struct tabent {
	char *name; /* owned; NULL for a free slot */
	uint32_t *seq;
	uint32_t n, cap;
} tabent;

/* A change not yet in the index file (key points into its rowent). */
typedef struct jent {
	uint32_t seq;
	uint8_t op;
	store_oid blob;
	const char *key; /* table \0 key */
	size_t keylen;
} jent;

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

	/* table -> commits that changed its rows, open addressing; lasttab: the last one found. */
	tabent *tabs;
	size_t ntabs, captabs;
	tabent *lasttab;

	/* Commits [0, saved) are in the file; jrn holds the changes of the rest. */
	size_t saved;
	jent *jrn;
	size_t njrn, capjrn;
	int loading; /* records read from the file are not journaled */
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

static tabent *tab_slot(tabent *tabs, size_t cap, const char *name)
{
	size_t mask = cap - 1;
	size_t i = (size_t)hash_key(name, strlen(name)) & mask;

	while (tabs[i].name != NULL && strcmp(tabs[i].name, name) != 0)
		i = (i + 1) & mask;
	return &tabs[i];
}

static tabent *tab_find(bidx *x, const char *name)
{
	tabent *e;

	if (x->lasttab != NULL && strcmp(x->lasttab->name, name) == 0)
		return x->lasttab;
	if (x->captabs == 0)
		return NULL;
	e = tab_slot(x->tabs, x->captabs, name);
	return e->name != NULL ? e : NULL;
}

/*
 * Record that commit seq changed a row of table.  Commits come in order
 * but for bidx_copy, which sorts the lists afterwards (tabs_sort).
 */
static void tab_touch(bidx *x, const char *table, uint32_t seq)
{
	tabent *e = tab_find(x, table);

	if (e == NULL) {
		if ((x->ntabs + 1) * 2 > x->captabs) {
			size_t cap = x->captabs ? x->captabs * 2 : 64;
			tabent *grown = calloc(cap, sizeof(*grown));

			if (grown == NULL)
				abort();
			for (size_t i = 0; i < x->captabs; i++)
				if (x->tabs[i].name != NULL)
					*tab_slot(grown, cap, x->tabs[i].name) = x->tabs[i];
			free(x->tabs);
			x->tabs = grown;
			x->captabs = cap;
		}
		e = tab_slot(x->tabs, x->captabs, table);
		e->name = strdup(table);
		if (e->name == NULL)
			abort();
		x->ntabs++;
	}
	x->lasttab = e;
	if (e->n > 0 && e->seq[e->n - 1] == seq)
		return;
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 16;
		e->seq = realloc(e->seq, e->cap * sizeof(*e->seq));
		if (e->seq == NULL)
			abort();
	}
	e->seq[e->n++] = seq;
}

static int seq_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Every table's list in order, each commit once (after adds out of order). */
static void tabs_sort(bidx *x)
{
	for (size_t i = 0; i < x->captabs; i++) {
		tabent *e = &x->tabs[i];
		uint32_t k = 0;

		if (e->name == NULL || e->n < 2)
			continue;
		qsort(e->seq, e->n, sizeof(*e->seq), seq_cmp);
		for (uint32_t j = 0; j < e->n; j++)
			if (k == 0 || e->seq[k - 1] != e->seq[j])
				e->seq[k++] = e->seq[j];
		e->n = k;
	}
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
	tab_touch(x, table, seq);
	if (!x->loading) {
		if (x->njrn == x->capjrn) {
			x->capjrn = x->capjrn ? x->capjrn * 2 : 256;
			x->jrn = realloc(x->jrn, x->capjrn * sizeof(*x->jrn));
			if (x->jrn == NULL)
				abort();
		}
		x->jrn[x->njrn++] =
			(jent){seq, (uint8_t)op, e->v[e->n - 1].blob, e->key, e->keylen};
	}
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
	for (size_t i = 0; i < x->captabs; i++) {
		free(x->tabs[i].name);
		free(x->tabs[i].seq);
	}
	free(x->tabs);
	free(x->oids);
	free(x->times);
	free(x->byoid);
	free(x->jrn);
	free(x);
}

void bidx_add_commit(
	branch *b, const store_oid *commit, int64_t time_us, const bidx_change *changes, size_t n)
{
	bidx *x = b->idx;

	if (x == NULL)
		return;
	commit_add(x, commit, time_us);
	for (size_t i = 0; i < n; i++)
		row_add(x, changes[i].table, changes[i].key, changes[i].keylen,
			(uint32_t)(x->n - 1), changes[i].op, &changes[i].blob);
}

void bidx_truncate_to(branch *b, const store_oid *keep)
{
	bidx *x = b->idx;
	long seq = store_oid_is_zero(keep) ? -1 : bidx_seq(x, keep);

	if (x == NULL)
		return;
	if ((seq < 0 && !store_oid_is_zero(keep)) || (size_t)(seq + 1) < x->saved) {
		/*
		 * Not on the chain, or the file already holds later commits: start
		 * over from Git at the next use (the file fails its check then).
		 */
		bidx_free(x);
		b->idx = NULL;
		return;
	}
	x->n = (size_t)(seq + 1);
	while (x->njrn > 0 && (long)x->jrn[x->njrn - 1].seq > seq)
		x->njrn--;
	for (size_t i = 0; i < x->caprows; i++) {
		rowent *e = &x->rows[i];

		while (e->n > 0 && (long)e->v[e->n - 1].seq > seq)
			e->n--;
	}
	for (size_t i = 0; i < x->captabs; i++) {
		tabent *e = &x->tabs[i];

		while (e->name != NULL && e->n > 0 && (long)e->seq[e->n - 1] > seq)
			e->n--;
	}
	oid_index_rebuild(x);
}

static int jent_cmp(const void *a, const void *b)
{
	const jent *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
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

			row_add(c, e->key, e->key + tl + 1, e->keylen - tl - 1, e->v[k].seq,
				e->v[k].op, &e->v[k].blob);
		}
	}
	/* The copy is saved whole into a file of its own: its journal in commit order. */
	if (c->njrn > 1)
		qsort(c->jrn, c->njrn, sizeof(*c->jrn), jent_cmp);
	tabs_sort(c);
	return c;
}

/* ---- Building from Git ---- */

typedef struct diffctx {
	store *s;
	bidx *x;
	uint32_t seq;
	store_buf key; /* the row's key, for note_row */
} diffctx;

/* A blob changed at path (store_tree_diff's walk from the root); record it when it is a row. */
static int note_row(void *arg, const char *path, size_t len, store_op op, const store_oid *old,
	const store_oid *new, store_err *err)
{
	diffctx *d = arg;
	char table[STORE_TABLE_MAX + 1];

	(void)old;
	(void)err;
	if (store_path_row(path, len, table, &d->key))
		row_add(d->x, table, (const char *)d->key.data, d->key.len, d->seq, op, new);
	return STORE_OK;
}

/* Record the rows that differ between trees a and b (zero: none). */
static int diff_trees(diffctx *d, const store_oid *a, const store_oid *b, store_err *err)
{
	return store_tree_diff(d->s, a, b, note_row, d, err);
}

int bidx_add_commit_diff(store *s, branch *b, const store_oid *commit, int64_t time_us,
	const store_oid *old_tree, const store_oid *new_tree, store_err *err)
{
	bidx *x = b->idx;
	diffctx d;
	int r;

	if (x == NULL)
		return STORE_OK;
	commit_add(x, commit, time_us);
	memset(&d, 0, sizeof(d));
	d.s = s;
	d.x = x;
	d.seq = (uint32_t)(x->n - 1);
	r = diff_trees(&d, old_tree, new_tree, err);
	store_buf_free(&d.key);
	if (r == STORE_OK)
		return STORE_OK;

	/* Half a commit in the index would be wrong for good: build it again later. */
	bidx_free(x);
	b->idx = NULL;
	return STORE_ERROR;
}

/* ---- The index file ---- */

#define HIST_MAGIC     "CHRONDB-HIST 2\n"
#define HIST_MAGIC_LEN 16

/* DATA/chrondb/index/<branch>.hist, '/' and '%' in the name percent-encoded. */
static void hist_path(store *s, const branch *b, char *out, size_t size)
{
	size_t n = (size_t)snprintf(out, size, "%s/index/", s->private_dir);

	for (const char *p = b->name; *p != '\0' && n + 4 < size; p++) {
		if (*p == '/' || *p == '%')
			n += (size_t)snprintf(out + n, size - n, "%%%02X", (unsigned char)*p);
		else
			out[n++] = *p;
	}
	snprintf(out + n, size - n, ".hist");
}

static void put32(store_buf *bf, uint32_t v)
{
	unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
		(unsigned char)(v >> 24)};

	store_buf_put(bf, b, 4);
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * Read the file into x (records in commit order).  Stops at the first
 * record that is cut short or fails its CRC, and cuts the file there.
 * Returns 0 when nothing usable was read.
 */
static int hist_load(store *s, branch *b, bidx *x)
{
	char path[4096];
	struct stat st;
	unsigned char *data;
	size_t off = HIST_MAGIC_LEN, good;
	int fd;

	hist_path(s, b, path, sizeof(path));
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) != 0 || st.st_size < HIST_MAGIC_LEN) {
		close(fd);
		return 0;
	}
	data = malloc((size_t)st.st_size);
	if (data == NULL || pread(fd, data, (size_t)st.st_size, 0) != st.st_size ||
		memcmp(data, HIST_MAGIC, HIST_MAGIC_LEN) != 0) {
		free(data);
		close(fd);
		return 0;
	}
	x->loading = 1;
	while (off + 8 <= (size_t)st.st_size) {
		uint32_t len = get32(data + off), nch;
		const unsigned char *p = data + off + 8, *end = p + len;
		store_oid commit;
		int64_t t;

		if (len < 32 || len > (size_t)st.st_size - off - 8 ||
			crc32(0, p, len) != get32(data + off + 4))
			break;
		memcpy(commit.id, p, 20);
		memcpy(&t, p + 20, 8);
		nch = get32(p + 28);
		p += 32;
		commit_add(x, &commit, t);
		for (uint32_t i = 0; i < nch && p + 25 <= end; i++) {
			uint8_t op = p[0];
			store_oid blob;
			uint32_t kl;
			const char *k;
			size_t tl;

			memcpy(blob.id, p + 1, 20);
			kl = get32(p + 21);
			p += 25;
			if (kl > (size_t)(end - p))
				break;
			k = (const char *)p;
			tl = strnlen(k, kl);
			if (tl < kl)
				row_add(x, k, k + tl + 1, kl - tl - 1, (uint32_t)(x->n - 1),
					(store_op)op, &blob);
			p += kl;
		}
		off += 8 + len;
	}
	x->loading = 0;
	good = off;
	if (good < (size_t)st.st_size && ftruncate(fd, (off_t)good) != 0)
		x->n = 0; /* cannot cut the tail: rebuild rather than append after it */
	x->saved = x->n;
	free(data);
	close(fd);
	return x->n > 0;
}

/*
 * Append the commits up to and including seq to the file (the whole index
 * when the file does not exist yet), then forget their journal entries.
 */
static int hist_save(store *s, branch *b, bidx *x, long seq)
{
	char path[4096], dir[4096];
	store_buf bf = {0};
	size_t j = 0, keep;
	int fd, flags = O_WRONLY | O_CREAT | O_CLOEXEC;

	if (seq < 0 || (size_t)seq + 1 <= x->saved)
		return 0;
	snprintf(dir, sizeof(dir), "%s/index", s->private_dir);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return -1;
	if (x->saved == 0) {
		flags |= O_TRUNC;
		store_buf_put(&bf, HIST_MAGIC, HIST_MAGIC_LEN);
	} else {
		flags |= O_APPEND;
	}
	for (size_t c = x->saved; c <= (size_t)seq; c++) {
		size_t at, nch, start;

		while (j < x->njrn && x->jrn[j].seq < c)
			j++; /* cannot happen: entries older than saved were dropped */
		start = j;
		while (j < x->njrn && x->jrn[j].seq == c)
			j++;
		nch = j - start;
		at = bf.len;
		put32(&bf, 0);
		put32(&bf, 0);
		store_buf_put(&bf, x->oids[c].id, 20);
		store_buf_put(&bf, &x->times[c], 8);
		put32(&bf, (uint32_t)nch);
		for (size_t i = start; i < j; i++) {
			store_buf_put(&bf, &x->jrn[i].op, 1);
			store_buf_put(&bf, x->jrn[i].blob.id, 20);
			put32(&bf, (uint32_t)x->jrn[i].keylen);
			store_buf_put(&bf, x->jrn[i].key, x->jrn[i].keylen);
		}
		{
			uint32_t len = (uint32_t)(bf.len - at - 8);
			uint32_t crc = (uint32_t)crc32(0, (unsigned char *)bf.data + at + 8, len);
			unsigned char *h = (unsigned char *)bf.data + at;

			for (int k = 0; k < 4; k++) {
				h[k] = (unsigned char)(len >> (8 * k));
				h[4 + k] = (unsigned char)(crc >> (8 * k));
			}
		}
	}
	hist_path(s, b, path, sizeof(path));
	fd = open(path, flags, 0600);
	if (fd < 0) {
		store_buf_free(&bf);
		return -1;
	}
	if (write(fd, bf.data, bf.len) != (ssize_t)bf.len) {
		/* A torn tail is cut at the next load; start the file over next time. */
		close(fd);
		unlink(path);
		store_buf_free(&bf);
		x->saved = 0;
		return -1;
	}
	close(fd);
	store_buf_free(&bf);
	x->saved = (size_t)seq + 1;
	keep = x->njrn - j;
	if (keep > 0)
		memmove(x->jrn, x->jrn + j, keep * sizeof(*x->jrn));
	x->njrn = keep;
	return 0;
}

void bidx_persist(store *s, branch *b, const store_oid *upto)
{
	char path[4096];

	store_err err;

	pthread_mutex_lock(&b->commit_lock);
	if (b->deleted) {
		hist_path(s, b, path, sizeof(path));
		unlink(path);
		pthread_mutex_unlock(&b->commit_lock);
		return;
	}
	/* Build it now if no query did: then the commit path keeps it current. */
	store_err_clear(&err);
	if (b->idx == NULL && bidx_ensure(s, b, &err) != STORE_OK) {
		fprintf(stderr,
			"chrondb: WARNING:  could not build history index of branch \"%s\": %s\n",
			b->name, err.message);
	} else if (hist_save(s, b, b->idx, bidx_seq(b->idx, upto)) != 0) {
		fprintf(stderr,
			"chrondb: WARNING:  could not write history index of branch \"%s\": %s\n",
			b->name, strerror(errno));
	}
	pthread_mutex_unlock(&b->commit_lock);
}

/* ---- Building from Git ---- */

/*
 * First parents from start back to stop (exclusive) or to the root:
 * *chain newest first.  *found says whether stop was met.
 */
static int walk_back(store *s, branch *b, const store_oid *start, const store_oid *stop,
	store_oid **chain, size_t *n, int *found, store_err *err)
{
	store_oid cur = *start;
	size_t cap = 0;

	*chain = NULL;
	*n = 0;
	*found = 0;
	while (!store_oid_is_zero(&cur)) {
		store_obj *o;
		store_commit c;
		int r;

		if (stop != NULL && store_oid_equal(&cur, stop)) {
			*found = 1;
			return STORE_OK;
		}
		r = store_read_commit(s, &cur, &o, &c, err);
		if (r != STORE_OK) {
			free(*chain);
			*chain = NULL;
			return r == STORE_NOTFOUND
				       ? store_err_set(err, "XX001",
						 "a commit of branch \"%s\" is missing", b->name)
				       : r;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 1024;
			*chain = realloc(*chain, cap * sizeof(**chain));
			if (*chain == NULL)
				abort();
		}
		(*chain)[(*n)++] = cur;
		cur = c.nparents > 0 ? c.parents[0] : (store_oid){{0}};
		store_obj_unref(o);
	}
	return STORE_OK;
}

/* The tree of a commit (zero for none). */
static int commit_tree(store *s, const store_oid *commit, store_oid *tree, store_err *err)
{
	store_obj *o;
	store_commit c;

	memset(tree, 0, sizeof(*tree));
	if (store_oid_is_zero(commit))
		return STORE_OK;
	if (store_read_commit(s, commit, &o, &c, err) != STORE_OK)
		return STORE_ERROR;
	*tree = c.tree;
	store_obj_unref(o);
	return STORE_OK;
}

/* Add chain[n-1] .. chain[0] (oldest first) to x, each diffed against its first parent. */
static int add_chain(
	store *s, bidx *x, const store_oid *chain, size_t n, store_oid prev_tree, store_err *err)
{
	diffctx d;

	memset(&d, 0, sizeof(d));
	d.s = s;
	d.x = x;
	for (size_t i = n; i-- > 0;) {
		store_obj *o;
		store_commit c;
		int64_t t;
		int r = store_read_commit(s, &chain[i], &o, &c, err);

		if (r != STORE_OK)
			return STORE_ERROR;
		t = store_note_time(s, &chain[i]);
		if (t == 0)
			t = c.committer.time * 1000000;
		/* Times along a branch never decrease: bidx_at_time searches them. */
		if (x->n > 0 && t < x->times[x->n - 1])
			t = x->times[x->n - 1];
		commit_add(x, &chain[i], t);
		d.seq = (uint32_t)(x->n - 1);
		r = diff_trees(&d, &prev_tree, &c.tree, err);
		prev_tree = c.tree;
		store_obj_unref(o);
		if (r != STORE_OK) {
			store_buf_free(&d.key);
			return STORE_ERROR;
		}
	}
	store_buf_free(&d.key);
	return STORE_OK;
}

/*
 * The index of b up to head: from the branch's file and the commits after
 * the file's last one when that commit is still on the chain, else all
 * from Git.  NULL on error.
 */
static bidx *build(store *s, branch *b, const store_oid *head, store_err *err)
{
	store_oid *chain = NULL, tree = {{0}};
	size_t n = 0;
	int found = 0, r = STORE_OK;
	bidx *x = calloc(1, sizeof(*x));

	if (x == NULL)
		abort();
	if (hist_load(s, b, x)) {
		r = walk_back(s, b, head, &x->oids[x->n - 1], &chain, &n, &found, err);
		if (r == STORE_OK && found)
			r = commit_tree(s, &x->oids[x->n - 1], &tree, err);
		if (r == STORE_OK && !found) {
			/* The file describes another history: start over, with the chain walked. */
			bidx_free(x);
			x = calloc(1, sizeof(*x));
			if (x == NULL)
				abort();
		}
	} else {
		r = walk_back(s, b, head, NULL, &chain, &n, &found, err);
	}
	if (r == STORE_OK)
		r = add_chain(s, x, chain, n, tree, err);
	free(chain);
	if (r != STORE_OK) {
		bidx_free(x);
		return NULL;
	}
	if (x->capoid == 0)
		oid_index_rebuild(x);
	return x;
}

/* Bring x, built up to `from`, up to the branch's pending head (caller holds commit_lock). */
static int catch_up(store *s, branch *b, bidx *x, const store_oid *from, store_err *err)
{
	store_oid *chain = NULL, tree;
	size_t n = 0;
	int found = 0, r;

	if (store_oid_equal(from, &b->pending))
		return STORE_OK;
	r = walk_back(s, b, &b->pending, from, &chain, &n, &found, err);
	if (r == STORE_OK && !found)
		r = STORE_NOTFOUND; /* the branch moved back or elsewhere meanwhile */
	if (r == STORE_OK)
		r = commit_tree(s, from, &tree, err);
	if (r == STORE_OK)
		r = add_chain(s, x, chain, n, tree, err);
	free(chain);
	return r;
}

/*
 * Build the index without holding the commit lock, which a build from
 * Git would hold for about 30 us a commit of the branch's history: the
 * builder holds the branch's build_lock, then catches up under the
 * commit lock with the commits made meanwhile (commits skip the index
 * while it is NULL).  Builders take build_lock before commit_lock.
 */
int bidx_ensure(store *s, branch *b, store_err *err)
{
	store_oid head;
	bidx *x = NULL;
	int r = STORE_OK;

	if (b->idx != NULL)
		return STORE_OK;
	pthread_mutex_unlock(&b->commit_lock);
	pthread_mutex_lock(&b->build_lock);

	/* Another builder may have finished while we waited. */
	pthread_mutex_lock(&b->commit_lock);
	head = b->pending;
	if (b->idx != NULL) {
		pthread_mutex_unlock(&b->build_lock);
		return STORE_OK;
	}
	pthread_mutex_unlock(&b->commit_lock);

	x = build(s, b, &head, err);

	pthread_mutex_lock(&b->commit_lock);
	if (x == NULL) {
		r = STORE_ERROR;
	} else {
		r = catch_up(s, b, x, &head, err);
		if (r == STORE_NOTFOUND) {
			/* Rare: build again from what the branch is now, lock held. */
			bidx_free(x);
			head = b->pending;
			x = build(s, b, &head, err);
			r = x != NULL ? STORE_OK : STORE_ERROR;
		}
		if (r == STORE_OK)
			b->idx = x;
		else
			bidx_free(x);
	}
	pthread_mutex_unlock(&b->build_lock);
	return r;
}

long bidx_seq_at_time(bidx *x, long max_seq, int64_t t_us)
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
	return ans;
}

const store_oid *bidx_oid(bidx *x, long seq)
{
	return seq >= 0 && (size_t)seq < x->n ? &x->oids[seq] : NULL;
}

/* The first of n ascending commit numbers past seq (n when none): a binary search. */
static size_t seq_past(const uint32_t *v, size_t n, long seq)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((long)v[mid] <= seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t bidx_table_changes(bidx *x, const char *table, long after, long upto, const uint32_t **seqs)
{
	tabent *e = tab_find(x, table);
	size_t first;

	*seqs = NULL;
	if (e == NULL || upto <= after)
		return 0;
	first = seq_past(e->seq, e->n, after);
	*seqs = e->seq + first;
	return seq_past(e->seq, e->n, upto) - first;
}

void bidx_row_around(bidx *x, const char *table, const char *key, size_t keylen, long seq,
	long max_seq, long *prev, long *next)
{
	size_t tl = strlen(table), kl = tl + 1 + keylen;
	char stackbuf[512];
	char *k = kl <= sizeof(stackbuf) ? stackbuf : malloc(kl);
	rowent *e;
	uint32_t lo = 0, hi;

	*prev = *next = -1;
	if (k == NULL)
		abort();
	memcpy(k, table, tl);
	k[tl] = '\0';
	memcpy(k + tl + 1, key, keylen);
	e = x->caprows ? row_slot(x, k, kl) : NULL;
	if (k != stackbuf)
		free(k);
	if (e == NULL || e->key == NULL)
		return;

	/* A row's versions are in commit order: the first one past seq. */
	hi = e->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if ((long)e->v[mid].seq <= seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0)
		*prev = (long)e->v[lo - 1].seq;
	if (lo < e->n && (long)e->v[lo].seq <= max_seq)
		*next = (long)e->v[lo].seq;
}

int bidx_at_time(bidx *x, long max_seq, int64_t t_us, store_oid *out, int64_t *time_out)
{
	long ans = bidx_seq_at_time(x, max_seq, t_us);

	if (ans < 0)
		return STORE_NOTFOUND;
	*out = x->oids[ans];
	if (time_out != NULL)
		*time_out = x->times[ans];
	return STORE_OK;
}

int bidx_history(bidx *x, long max_seq, const char *table, const char *key, size_t keylen,
	size_t limit, store_version **out, size_t *n)
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

		if ((long)rv->seq > max_seq)
			continue;
		v[cnt].commit = x->oids[rv->seq];
		v[cnt].blob = rv->blob;
		v[cnt].time_us = x->times[rv->seq];
		v[cnt].op = (store_op)rv->op;
		cnt++;
	}
	*out = v;
	*n = cnt;
	return STORE_OK;
}
