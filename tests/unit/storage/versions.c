/*
 * versions.c - tests for store_table_versions (storage/versions.c): every
 * version of a table's rows current at some time in a range, with the
 * commits that began and ended it.
 *
 * The oracle reads the table at every commit of the branch (store_log's
 * chain, a scan and store_get per commit) and cuts each row's life into
 * versions: a run of commits in which it had the same blob.  A version
 * is in a range [from, to] when it began at or before `to` and ended
 * after `from` (or not at all).  Random writes over two tables (updates,
 * deletes, rows coming back, a dropped and recreated table, commits that
 * touch only the other table) are compared with the function for ranges
 * between every pair of commit times, one microsecond either side, open
 * ends, a snapshot before the head, after a restart (the index read
 * from its file), and a table large enough that the row lookups take
 * several spells of the commit lock.
 */
#include <inttypes.h>
#include <stdint.h>

#include "storetest.h"

TestSuite(versions, .init = setup, .fini = teardown);

/* A commit by user, the next one a later microsecond. */
static void commit_later(store_tx *tx, const char *user)
{
	commit_as(tx, user);
	usleep(1500);
}

/* ---- The oracle ---- */

#define MAXC 64
#define MAXK 16

/* The branch's chain, oldest first: ids, times, authors, and each key's blob per commit. */
typedef struct chain {
	int n;
	store_oid id[MAXC];
	int64_t t[MAXC];
	char author[MAXC][128];
	store_oid blob[MAXC][MAXK]; /* zero: no row */
} chain;

static const char *key_name(int k)
{
	static char names[MAXK][8];

	snprintf(names[k], sizeof(names[k]), "k%02d", k);
	return names[k];
}

static void chain_read(store *s, store_snap *head, const char *table, int nkeys, chain *ch)
{
	store_logentry *log = NULL;
	size_t n = 0;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_log(head, 0, &log, &n, &err), STORE_OK, "%s", err.message);
	cr_assert_leq(n, MAXC);
	ch->n = (int)n;
	for (size_t i = 0; i < n; i++) {
		int at = (int)(n - 1 - i);
		store_snap *snap = NULL;

		ch->id[at] = log[i].commit;
		ch->t[at] = log[i].time_us;
		snprintf(ch->author[at], sizeof(ch->author[at]), "%s", log[i].author);
		cr_assert_eq(store_snap_commit(s, &log[i].commit, &snap, &err), STORE_OK);
		for (int k = 0; k < nkeys; k++) {
			char *json = NULL;
			size_t len;
			int r = store_get(
				snap, table, key_name(k), 3, &json, &len, &ch->blob[at][k], &err);

			if (r != STORE_OK) {
				memset(&ch->blob[at][k], 0, sizeof(store_oid));
				store_err_clear(&err);
			}
			free(json);
		}
		store_snap_free(snap);
	}
	store_log_free(log, n);
}

/* One expected version: key, blob, the commits (chain positions) that began and ended it. */
typedef struct want {
	int key;
	store_oid blob;
	int from, to; /* to -1: current at the snapshot (position end) */
} want;

static int wants(const chain *ch, int end, int nkeys, int64_t from, int64_t to, want *out)
{
	int n = 0;

	if (from > to)
		return 0; /* an empty range */

	for (int k = 0; k < nkeys; k++) {
		for (int i = 0; i <= end; i++) {
			int j;

			if (store_oid_is_zero(&ch->blob[i][k]) ||
				(i > 0 && store_oid_equal(&ch->blob[i][k], &ch->blob[i - 1][k])))
				continue;
			for (j = i + 1;
				j <= end && store_oid_equal(&ch->blob[j][k], &ch->blob[i][k]); j++)
				;
			if (ch->t[i] > to || (j <= end && ch->t[j] <= from))
				continue;
			out[n++] = (want){k, ch->blob[i][k], i, j <= end ? j : -1};
		}
	}
	return n;
}

/* The function's answer against the oracle's for one range. */
static void check_range(store_snap *snap, const chain *ch, int end, int nkeys, const char *table,
	int64_t from, int64_t to)
{
	want w[MAXC * MAXK];
	int nw = wants(ch, end, nkeys, from, to, w);
	store_versions *v = NULL;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_table_versions(snap, NULL, table, from, to, &v, &err), STORE_OK,
		"versions [%" PRId64 ", %" PRId64 "]: [%s] %s", from, to, err.sqlstate,
		err.message);
	cr_assert_eq((int)v->nrows, nw, "[%" PRId64 ", %" PRId64 "]: %zu versions, want %d", from,
		to, v->nrows, nw);

	/* Both are by key, then in commit order. */
	for (int i = 0; i < nw; i++) {
		const store_rowver *r = &v->rows[i];

		cr_assert_eq(r->keylen, 3);
		cr_assert_eq(memcmp(r->key, key_name(w[i].key), 3), 0, "version %d: key %.3s", i,
			r->key);
		cr_assert(store_oid_equal(&r->blob, &w[i].blob), "version %d of %s: blob", i,
			key_name(w[i].key));
		cr_assert_geq(r->from, 0, "version %d: no start", i);
		cr_assert(store_oid_equal(&v->commits[r->from].id, &ch->id[w[i].from]),
			"version %d of %s: started by another commit", i, key_name(w[i].key));
		cr_assert_eq(v->commits[r->from].time_us, ch->t[w[i].from]);
		cr_assert_str_eq(v->commits[r->from].author, ch->author[w[i].from]);
		if (w[i].to < 0) {
			cr_assert_eq(r->to, -1, "version %d of %s: ended, want current", i,
				key_name(w[i].key));
		} else {
			cr_assert_geq(r->to, 0, "version %d of %s: current, want ended", i,
				key_name(w[i].key));
			cr_assert(store_oid_equal(&v->commits[r->to].id, &ch->id[w[i].to]),
				"version %d of %s: ended by another commit", i, key_name(w[i].key));
		}
	}
	for (size_t i = 1; i < v->ncommits; i++)
		cr_assert_lt(v->commits[i - 1].time_us, v->commits[i].time_us);
	store_versions_free(v);
}

/* Every pair of commit times (and a microsecond either side), and open ends. */
static void check_all_ranges(
	store_snap *snap, const chain *ch, int end, int nkeys, const char *table)
{
	int64_t d[3] = {-1, 0, 1};

	check_range(snap, ch, end, nkeys, table, INT64_MIN, INT64_MAX);
	for (int i = 0; i <= end; i++)
		for (int j = i; j <= end; j += 1 + (j - i) / 3)
			for (int a = 0; a < 3; a++)
				for (int b = 0; b < 3; b++) {
					int64_t from = ch->t[i] + d[a], to = ch->t[j] + d[b];

					if (j == 0 && b == 0)
						continue; /* before the first commit: an error */
					check_range(snap, ch, end, nkeys, table, from, to);
				}
	for (int i = 0; i <= end; i++)
		check_range(snap, ch, end, nkeys, table, ch->t[i], INT64_MAX);
}

/* ---- Cases ---- */

Test(versions, every_range_matches_the_rows_at_each_commit)
{
	store *s = open_store();
	store_tx *tx;
	store_snap *head, *mid;
	chain ch;
	unsigned seed = 20261204;
	int nkeys = 10;

	tx = begin(s, NULL, STORE_READ_COMMITTED);
	create_table(tx, "t", T_DEF);
	create_table(tx, "u", T_DEF);
	commit_later(tx, "root");
	for (int c = 0; c < 36; c++) {
		tx = begin(s, NULL, STORE_READ_COMMITTED);
		if (c % 7 == 3) {
			/* A commit that changes another table only. */
			put_v(tx, "u", "x", c);
		} else if (c == 20) {
			/* The table dropped and made again: every row ends, one comes back. */
			store_err err;

			store_err_clear(&err);
			cr_assert_eq(
				store_tx_drop_table(tx, "t", &err), STORE_OK, "%s", err.message);
			commit_later(tx, "dropper");
			tx = begin(s, NULL, STORE_READ_COMMITTED);
			create_table(tx, "t", T_DEF);
			put_v(tx, "t", key_name(2), 1000);
		} else {
			for (int w = 0; w < 3; w++) {
				int k = (int)(rand_r(&seed) % (unsigned)nkeys);

				if (rand_r(&seed) % 4 == 0)
					del(tx, "t", key_name(k));
				else
					put_v(tx, "t", key_name(k), (long long)(rand_r(&seed) % 3));
			}
		}
		commit_later(tx, c % 2 ? "alice" : "bob");
	}
	head = snap_branch(s, NULL);
	chain_read(s, head, "t", nkeys, &ch);
	check_all_ranges(head, &ch, ch.n - 1, nkeys, "t");

	/* A snapshot before the head: versions current then are current, whatever came later. */
	{
		store_err err;

		store_err_clear(&err);
		cr_assert_eq(store_snap_commit(s, &ch.id[25], &mid, &err), STORE_OK);
		check_all_ranges(mid, &ch, 25, nkeys, "t");
		store_snap_free(mid);
	}
	store_snap_free(head);

	/* After a restart the index comes from its file: the same answers. */
	store_close(s);
	s = open_store();
	head = snap_branch(s, NULL);
	check_all_ranges(head, &ch, ch.n - 1, nkeys, "t");
	store_snap_free(head);
	store_close(s);
}

Test(versions, errors_and_empty_ranges)
{
	store *s = open_store();
	store_tx *tx;
	store_snap *head;
	store_versions *v = NULL;
	store_err err;
	int64_t t0;

	tx = begin(s, NULL, STORE_READ_COMMITTED);
	create_table(tx, "t", T_DEF);
	put_v(tx, "t", "a", 1);
	commit_later(tx, "alice");
	head = snap_branch(s, NULL);
	t0 = store_snap_time(head);

	/* A range that ends before the first commit says so. */
	store_err_clear(&err);
	cr_assert_eq(
		store_table_versions(head, NULL, "t", INT64_MIN, t0 - 1, &v, &err), STORE_ERROR);
	cr_assert_str_eq(err.sqlstate, "22008");
	cr_assert_null(v);

	/* One that starts after it ends has no versions; no such branch is 42704. */
	store_err_clear(&err);
	cr_assert_eq(store_table_versions(head, NULL, "t", t0 + 10, t0, &v, &err), STORE_OK);
	cr_assert_eq(v->nrows, 0);
	store_versions_free(v);
	store_err_clear(&err);
	cr_assert_eq(store_table_versions(head, "nope", "t", INT64_MIN, INT64_MAX, &v, &err),
		STORE_ERROR);
	cr_assert_str_eq(err.sqlstate, "42704");

	/* A table that never existed has no versions. */
	store_err_clear(&err);
	cr_assert_eq(
		store_table_versions(head, NULL, "zz", INT64_MIN, INT64_MAX, &v, &err), STORE_OK);
	cr_assert_eq(v->nrows, 0);
	store_versions_free(v);
	store_snap_free(head);
	store_close(s);
}

Test(versions, many_rows_take_several_lock_spells)
{
	store *s = open_store();
	store_tx *tx;
	store_snap *head;
	store_versions *v = NULL;
	store_err err;
	char key[16];
	int64_t t1;

	/* 6,000 rows at the start of the range, 2,000 of them changed after its end. */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	create_table(tx, "t", T_DEF);
	for (int i = 0; i < 6000; i++) {
		snprintf(key, sizeof(key), "r%05d", i);
		put_v(tx, "t", key, i);
	}
	commit_later(tx, "loader");
	head = snap_branch(s, NULL);
	t1 = store_snap_time(head);
	store_snap_free(head);
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	for (int i = 0; i < 6000; i += 3) {
		snprintf(key, sizeof(key), "r%05d", i);
		put_v(tx, "t", key, -i - 1);
	}
	commit_later(tx, "updater");
	head = snap_branch(s, NULL);

	store_err_clear(&err);
	cr_assert_eq(store_table_versions(head, NULL, "t", t1, t1, &v, &err), STORE_OK, "%s",
		err.message);
	cr_assert_eq(v->nrows, 6000);
	cr_assert_eq(v->ncommits, 2);
	for (size_t i = 0; i < v->nrows; i++) {
		char kb[16];
		int k;

		snprintf(kb, sizeof(kb), "%.*s", (int)v->rows[i].keylen - 1, v->rows[i].key + 1);
		k = atoi(kb);

		cr_assert_eq(v->rows[i].from, 0, "row %zu", i);
		cr_assert_eq(v->rows[i].to, k % 3 == 0 ? 1 : -1, "row r%05d: to %d", k,
			(int)v->rows[i].to);
	}
	store_versions_free(v);

	/* ALL: 8,000 versions. */
	store_err_clear(&err);
	cr_assert_eq(
		store_table_versions(head, NULL, "t", INT64_MIN, INT64_MAX, &v, &err), STORE_OK);
	cr_assert_eq(v->nrows, 8000);
	store_versions_free(v);
	store_snap_free(head);
	store_close(s);
}
