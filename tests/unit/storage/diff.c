/*
 * diff.c - tests for the changes between trees of a table
 * (store_table_tree, store_table_diff, store_snap_diff_table): rows
 * added, changed and removed between commits, branches and layouts, with
 * the blob ids store_get gives on either side.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <criterion/criterion.h>

#include "buf.h"
#include "store.h"
#include "testutil.h"

static char *tmpdir, *datadir;

static void setup(void)
{
	char *home;

	tmpdir = tu_tmpdir("diff");
	datadir = tu_fmt("%s/data", tmpdir);
	home = tu_fmt("%s/home", tmpdir);
	cr_assert_eq(mkdir(home, 0700), 0);
	setenv("HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	free(home);
}

static void teardown(void)
{
	tu_rmtree(tmpdir);
	free(tmpdir);
	free(datadir);
}

static store *open_store(void)
{
	store_opts o;
	store *s = NULL;
	store_err err;

	store_opts_init(&o);
	o.background = 0;
	store_err_clear(&err);
	cr_assert_eq(store_open(&s, datadir, &o, &err), STORE_OK, "%s", err.message);
	return s;
}

static const char *const DEF = "{\"columns\": [{\"name\": \"id\", \"type\": \"text\"}, "
			       "{\"name\": \"v\", \"type\": \"integer\"}], "
			       "\"primary_key\": [\"id\"]}";

static store_tx *begin(store *s, const char *branch)
{
	store_tx *tx = NULL;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_tx_begin(s, branch, STORE_READ_COMMITTED, &tx, &err), STORE_OK, "%s",
		err.message);
	return tx;
}

static void put(store_tx *tx, const char *table, const char *key, int v)
{
	char json[128];
	store_err err;

	snprintf(json, sizeof(json), "{\"id\": \"%s\", \"v\": %d}", key, v);
	store_err_clear(&err);
	cr_assert_eq(store_tx_put(tx, table, key, strlen(key), json, strlen(json), &err), STORE_OK,
		"%s", err.message);
}

static void del(store_tx *tx, const char *table, const char *key)
{
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_tx_delete(tx, table, key, strlen(key), &err), STORE_OK);
}

static void create(store_tx *tx, const char *table)
{
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_tx_create_table(tx, table, DEF, &err), STORE_OK, "%s", err.message);
}

static void commit(store_tx *tx)
{
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_tx_commit(tx, NULL, NULL, &err), STORE_OK, "%s", err.message);
}

static store_snap *head(store *s, const char *branch)
{
	store_snap *snap = NULL;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_snap_branch(s, branch, &snap, &err), STORE_OK, "%s", err.message);
	return snap;
}

static store_oid table_tree(store_snap *snap, const char *table)
{
	store_oid tree;
	int chrondb;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(
		store_table_tree(snap, table, &tree, &chrondb, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(chrondb, 0);
	return tree;
}

/* What a diff reported, checked against the snapshots it was taken between. */
typedef struct seen {
	store_snap *from, *to;
	const char *table;
	char keys[64][32];
	char ops[64];
	int n;
	int stop_after; /* 0: never */
} seen;

/* The blob store_get gives for a row at snap (zero when absent). */
static store_oid blob_at(store_snap *snap, const char *table, const char *key, size_t keylen)
{
	store_oid blob;
	char *json = NULL;
	size_t len;
	store_err err;
	int r;

	memset(&blob, 0, sizeof(blob));
	store_err_clear(&err);
	r = store_get(snap, table, key, keylen, &json, &len, &blob, &err);
	cr_assert(r == STORE_OK || r == STORE_NOTFOUND || strcmp(err.sqlstate, "42P01") == 0, "%s",
		err.message);
	free(json);
	return blob;
}

static int on_row(void *arg, const store_rowdiff *d, store_err *err)
{
	seen *s = arg;
	store_oid before, after;

	(void)err;
	cr_assert_lt(s->n, 64);
	cr_assert_lt(d->keylen, 32);
	memcpy(s->keys[s->n], d->key, d->keylen);
	s->keys[s->n][d->keylen] = '\0';
	s->ops[s->n] = (char)d->op;
	s->n++;
	if (s->from != NULL) {
		before = blob_at(s->from, s->table, d->key, d->keylen);
		after = blob_at(s->to, s->table, d->key, d->keylen);
		cr_assert(store_oid_equal(&before, &d->old_blob), "old blob of %s",
			s->keys[s->n - 1]);
		cr_assert(
			store_oid_equal(&after, &d->new_blob), "new blob of %s", s->keys[s->n - 1]);
		cr_assert_eq(d->op == STORE_OP_INSERT, store_oid_is_zero(&before));
		cr_assert_eq(d->op == STORE_OP_DELETE, store_oid_is_zero(&after));
	}
	return s->stop_after > 0 && s->n == s->stop_after ? 7 : STORE_OK;
}

/* "key:op" pairs sorted, space separated (static buffer). */
static const char *summary(seen *s)
{
	static char out[2048];
	char *items[64];
	size_t at = 0;

	for (int i = 0; i < s->n; i++)
		items[i] = tu_fmt("%s:%c", s->keys[i], s->ops[i]);
	for (int i = 1; i < s->n; i++)
		for (int k = i; k > 0 && strcmp(items[k - 1], items[k]) > 0; k--) {
			char *t = items[k];

			items[k] = items[k - 1];
			items[k - 1] = t;
		}
	out[0] = '\0';
	for (int i = 0; i < s->n; i++) {
		at += (size_t)snprintf(out + at, sizeof(out) - at, "%s%s", i ? " " : "", items[i]);
		free(items[i]);
	}
	return out;
}

static const char *snap_diff(store_snap *a, store_snap *b, const char *table)
{
	seen s = {.from = a, .to = b, .table = table};
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(
		store_snap_diff_table(a, b, table, on_row, &s, &err), STORE_OK, "%s", err.message);
	return summary(&s);
}

Test(diff, rows_between_two_commits, .init = setup, .fini = teardown)
{
	store *s;
	store_tx *tx;
	store_snap *a, *b;
	store_oid ta, tb, tb2;
	seen all = {0};
	store_err err;
	uint64_t n;

	s = open_store();
	tx = begin(s, NULL);
	create(tx, "t");
	create(tx, "other");
	for (int i = 0; i < 40; i++) {
		char key[16];

		snprintf(key, sizeof(key), "k%02d", i);
		put(tx, "t", key, i);
	}
	commit(tx);
	a = head(s, "main");

	/* One row changed, one removed, one added; a write to another table. */
	tx = begin(s, NULL);
	put(tx, "t", "k05", 500);
	del(tx, "t", "k07");
	put(tx, "t", "new", 1);
	put(tx, "t", "k09", 9); /* the same document: no change */
	put(tx, "other", "x", 1);
	commit(tx);
	b = head(s, "main");
	cr_assert_str_eq(snap_diff(a, b, "t"), "k05:u k07:d new:i");
	cr_assert_str_eq(snap_diff(b, a, "t"), "k05:u k07:i new:d");
	cr_assert_str_eq(snap_diff(a, a, "t"), "");

	/* Trees name contents: a change elsewhere leaves the table's tree as it was. */
	ta = table_tree(a, "t");
	tb = table_tree(b, "t");
	cr_assert(!store_oid_equal(&ta, &tb));
	tx = begin(s, NULL);
	put(tx, "other", "y", 2);
	commit(tx);
	store_snap_free(b);
	b = head(s, "main");
	tb2 = table_tree(b, "t");
	cr_assert(store_oid_equal(&tb, &tb2));

	/* From no tree: every row, as inserts, as many as store_count counts. */
	store_err_clear(&err);
	cr_assert_eq(store_table_diff(s, &(store_oid){{0}}, &tb, 0, on_row, &all, &err), STORE_OK);
	cr_assert_eq(store_count(b, "t", &n, &err), STORE_OK);
	cr_assert_eq((uint64_t)all.n, n);
	for (int i = 0; i < all.n; i++)
		cr_assert_eq(all.ops[i], STORE_OP_INSERT);

	/* A non-zero return from the callback stops the diff and is returned. */
	memset(&all, 0, sizeof(all));
	all.stop_after = 3;
	cr_assert_eq(store_table_diff(s, &tb, &(store_oid){{0}}, 0, on_row, &all, &err), 7);
	cr_assert_eq(all.n, 3);

	store_snap_free(a);
	store_snap_free(b);
	store_close(s);
}

Test(diff, branches_and_tables_missing_on_one_side, .init = setup, .fini = teardown)
{
	store *s;
	store_tx *tx;
	store_snap *empty, *a, *br, *c;
	store_err err;
	store_oid tree;
	int chrondb;

	s = open_store();
	empty = head(s, "main");
	tx = begin(s, NULL);
	create(tx, "t");
	put(tx, "t", "a", 1);
	put(tx, "t", "b", 2);
	commit(tx);
	a = head(s, "main");
	store_err_clear(&err);
	cr_assert_eq(store_branch_create(s, "dev", a, &err), STORE_OK, "%s", err.message);

	/* Two branches that went apart. */
	tx = begin(s, "dev");
	put(tx, "t", "c", 3);
	del(tx, "t", "a");
	commit(tx);
	tx = begin(s, NULL);
	put(tx, "t", "b", 20);
	commit(tx);
	br = head(s, "dev");
	c = head(s, "main");
	cr_assert_str_eq(snap_diff(c, br, "t"), "a:d b:u c:i");

	/* A table on one side only: all its rows come or go; on neither side: 42P01. */
	cr_assert_str_eq(snap_diff(empty, a, "t"), "a:i b:i");
	cr_assert_str_eq(snap_diff(a, empty, "t"), "a:d b:d");
	store_err_clear(&err);
	cr_assert_eq(store_snap_diff_table(a, c, "nosuch", on_row, &(seen){0}, &err), STORE_ERROR);
	cr_assert_str_eq(err.sqlstate, "42P01");
	store_err_clear(&err);
	cr_assert_eq(store_table_tree(a, "nosuch", &tree, &chrondb, &err), STORE_ERROR);
	cr_assert_str_eq(err.sqlstate, "42P01");

	/* A table without rows has no tree. */
	tx = begin(s, NULL);
	del(tx, "t", "a");
	del(tx, "t", "b");
	commit(tx);
	store_snap_free(c);
	c = head(s, "main");
	tree = table_tree(c, "t");
	cr_assert(store_oid_is_zero(&tree));
	cr_assert_str_eq(snap_diff(a, c, "t"), "a:d b:d");
	cr_assert_eq(store_snap_store(c), s);

	store_snap_free(empty);
	store_snap_free(a);
	store_snap_free(br);
	store_snap_free(c);
	store_close(s);
}

Test(diff, chrondb_layout_keys_are_ours, .init = setup, .fini = teardown)
{
	store *s;
	store_snap *a, *b;
	store_tx *tx;
	store_oid tree;
	int chrondb;
	store_err err;
	seen all = {0};

	cr_assert_eq(
		tu_sh(NULL,
			"git init -q --bare '%s' && git -C '%s' symbolic-ref HEAD refs/heads/main && "
			"git clone -q '%s' '%s/wt' 2>/dev/null && mkdir -p '%s/wt/data/user' && "
			"printf '{\"id\":\"user:1\"}' > '%s/wt/data/user/user_COLON_1.json' && "
			"git -C '%s/wt' add -A && git -C '%s/wt' -c user.name=x -c user.email=x@x "
			"commit -qm one && git -C '%s/wt' push -q origin HEAD:main",
			datadir, datadir, datadir, tmpdir, tmpdir, tmpdir, tmpdir, tmpdir, tmpdir),
		0);
	s = open_store();
	a = head(s, "main");
	store_err_clear(&err);
	cr_assert_eq(
		store_table_tree(a, "user", &tree, &chrondb, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(chrondb, 1);
	cr_assert_eq(
		store_table_diff(s, &(store_oid){{0}}, &tree, 1, on_row, &all, &err), STORE_OK);
	cr_assert_str_eq(summary(&all), "user%3A1:i");

	tx = begin(s, NULL);
	put(tx, "user", "user%3A2", 2);
	commit(tx);
	b = head(s, "main");
	cr_assert_str_eq(snap_diff(a, b, "user"), "user%3A2:i");
	store_snap_free(a);
	store_snap_free(b);
	store_close(s);
}
