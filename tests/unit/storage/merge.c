/*
 * merge.c - tests for merges (storage/merge.c through store.h's
 * store_merge and store_conflicts): merge bases, fast-forwards, the
 * three-way merge of rows and of their columns, catalog entries,
 * strategies, the conflicts listed and how they are settled, the merge
 * commit as git sees it, its replay from the WAL, and merges while
 * writers commit to both branches.  The fixture is storetest.h's.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>

#include "storetest.h"

/* A table of four columns; rows are written as the caller gives them. */
static const char *const W_DEF =
	"{\"columns\": [{\"name\": \"id\", \"type\": \"integer\"}, {\"name\": \"a\", \"type\": "
	"\"text\"}, {\"name\": \"b\", \"type\": \"text\"}, {\"name\": \"n\", \"type\": "
	"\"numeric\"}], \"primary_key\": [\"id\"]}";

static void branch_at(store *s, const char *name, const char *from)
{
	store_snap *at = snap_spec(s, from);
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_branch_create(s, name, at, &err), STORE_OK, "branch %s: [%s] %s", name,
		err.sqlstate, err.message);
	store_snap_free(at);
}

static store_merge_result merge(
	store *s, const char *source, const char *target, store_merge_strategy strategy)
{
	store_merge_result res;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_merge(s, source, target, strategy, NULL, -1, NULL, &res, &err), STORE_OK,
		"merge %s into %s: [%s] %s (%s)", source, target, err.sqlstate, err.message,
		err.detail);
	return res;
}

/* The head commit of a branch. */
static store_oid head_of(store *s, const char *branch)
{
	store_snap *snap = snap_branch(s, branch);
	store_oid id = *store_snap_id(snap);

	store_snap_free(snap);
	return id;
}

/* Whether the branch's head is oid. */
static int is_head(store *s, const char *branch, const store_oid *oid)
{
	store_oid h = head_of(s, branch);

	return store_oid_equal(&h, oid);
}

static int same_heads(store *s, const char *a, const char *b)
{
	store_oid h = head_of(s, b);

	return is_head(s, a, &h);
}

/* One row of w written on a branch in a commit of its own. */
static store_oid write_w(store *s, const char *branch, const char *key, const char *json)
{
	store_tx *tx = begin(s, branch, STORE_READ_COMMITTED);

	if (json != NULL)
		put(tx, "w", key, json);
	else
		del(tx, "w", key);
	return commit(tx);
}

/* main holds w with rows 1..4; feature starts there. */
static void make_w(store *s)
{
	store_tx *tx = begin(s, NULL, STORE_READ_COMMITTED);

	create_table(tx, "w", W_DEF);
	put(tx, "w", "1", "{\"id\":1,\"a\":\"a1\",\"b\":\"b1\",\"n\":1.10}");
	put(tx, "w", "2", "{\"id\":2,\"a\":\"a2\",\"b\":\"b2\",\"n\":2}");
	put(tx, "w", "3", "{\"id\":3,\"a\":\"a3\",\"b\":\"b3\",\"n\":3}");
	put(tx, "w", "4", "{\"id\":4,\"a\":\"a4\",\"b\":\"b4\",\"n\":4}");
	commit(tx);
	branch_at(s, "feature", "main");
}

/* The listed conflicts of a pair (malloc'd array; count in *n). */
static store_conflict *conflicts_of(store *s, const char *source, const char *target, size_t *n)
{
	store_conflict *all, *out;
	size_t na, k = 0;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_conflicts(s, &all, &na, &err), STORE_OK);
	out = calloc(na + 1, sizeof(*out));
	cr_assert_not_null(out);
	for (size_t i = 0; i < na; i++) {
		if (strcmp(all[i].source, source) == 0 && strcmp(all[i].target, target) == 0) {
			out[k++] = all[i];
			memset(&all[i], 0, sizeof(all[i]));
		}
	}
	store_conflicts_free(all, na);
	*n = k;
	return out;
}

static char *blob_text(store *s, const store_oid *blob)
{
	char *text;
	size_t len;
	store_err err;

	if (store_oid_is_zero(blob))
		return NULL;
	store_err_clear(&err);
	cr_assert_eq(store_blob(s, blob, &text, &len, &err), STORE_OK);
	return text;
}

/* ---- Fast-forwards and nothing to do ---- */

Test(merge, fast_forward_and_up_to_date, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_merge_result res;
	store_oid f1, f2;

	make_w(s);
	f1 = write_w(s, "feature", "5", "{\"id\":5,\"a\":\"a5\"}");
	f2 = write_w(s, "feature", "6", "{\"id\":6,\"a\":\"a6\"}");

	res = merge(s, "feature", "main", STORE_MERGE_FAIL);
	cr_assert_eq(res.outcome, STORE_MERGE_FAST_FORWARD);
	cr_assert(store_oid_equal(&res.head, &f2));
	cr_assert(is_head(s, "main", &f2), "main did not move to feature");

	/* Either way round, and with an older commit of the source: nothing to do. */
	cr_assert_eq(merge(s, "feature", "main", STORE_MERGE_FAIL).outcome, STORE_MERGE_UP_TO_DATE);
	cr_assert_eq(merge(s, "main", "feature", STORE_MERGE_FAIL).outcome, STORE_MERGE_UP_TO_DATE);
	cr_assert_eq(
		merge(s, "feature~1", "main", STORE_MERGE_FAIL).outcome, STORE_MERGE_UP_TO_DATE);
	(void)f1;

	/* The history index follows the fast-forward, and the ref once checkpointed. */
	{
		store_snap *snap = snap_branch(s, "main");
		store_version *v;
		size_t n;
		store_err err;

		store_err_clear(&err);
		cr_assert_eq(store_row_history(snap, "w", "6", 1, 0, &v, &n, &err), STORE_OK);
		cr_assert_eq(n, 1);
		cr_assert(store_oid_equal(&v[0].commit, &f2));
		free(v);
		store_snap_free(snap);
	}
	checkpoint(s);
	{
		char hex[STORE_OID_HEXSZ + 1], *out;

		hex_of(hex, &f2);
		out = chomp(sh_ok("git -C '%s' rev-parse main", datadir));
		cr_assert_str_eq(out, hex);
		free(out);
	}
	store_close(s);
	expect_fsck_clean();
}

/* ---- Row and column level ---- */

Test(merge, different_columns_and_rows_merge_cleanly, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_merge_result res;
	store_snap *snap;
	store_oid ours, theirs;
	char hex[STORE_OID_HEXSZ + 1], hex2[STORE_OID_HEXSZ + 1], *out, *note;
	store_err err;

	make_w(s);
	/* main: column a of row 1, row 3 removed, row 7 added. */
	write_w(s, "main", "1", "{\"id\":1,\"a\":\"A1\",\"b\":\"b1\",\"n\":1.10}");
	write_w(s, "main", "3", NULL);
	ours = write_w(s, "main", "7", "{\"id\":7,\"a\":\"a7\"}");
	/* feature: column b and the exact numeric n of row 1, row 2 changed, row 8 added. */
	write_w(s, "feature", "1",
		"{\"id\":1,\"a\":\"a1\",\"b\":\"B1\",\"n\":123456789012345678901234567890.000001}");
	write_w(s, "feature", "2", "{\"id\":2,\"a\":\"a2\",\"b\":\"B2\",\"n\":2}");
	theirs = write_w(s, "feature", "8", "{\"n\":8,\"id\":8}");

	res = merge(s, "feature", "main", STORE_MERGE_FAIL);
	cr_assert_eq(res.outcome, STORE_MERGE_MERGED);
	cr_assert_eq(res.nconflicts, 0);
	cr_assert_eq(res.nchanged, 3, "changed %zu paths", res.nchanged);
	cr_assert(store_oid_equal(&res.source, &theirs));

	snap = snap_branch(s, "main");
	cr_assert(store_oid_equal(store_snap_id(snap), &res.head));
	/* Both columns, in the table's order, the numeric's digits exactly as written. */
	expect_row(snap, "w", "1",
		"{\n  \"id\": 1,\n  \"a\": \"A1\",\n  \"b\": \"B1\",\n"
		"  \"n\": 123456789012345678901234567890.000001\n}\n");
	expect_row(snap, "w", "3", NULL);
	expect_row(snap, "w", "8", "{\n  \"id\": 8,\n  \"n\": 8\n}\n");
	expect_exists(snap, "w", "7");
	expect_scan(snap, "w", "1 2 4 7 8");
	cr_assert_eq(count(snap, "w"), 5);
	store_snap_free(snap);

	/* Two parents, ChronDB's message, a note flagged "merge". */
	store_err_clear(&err);
	cr_assert_eq(store_note(s, &res.head, &note, &err), STORE_OK);
	{
		json_t *j = parse_json(note), *flags = json_object_get(j, "flags");

		cr_assert_str_eq(jstr(j, "operation"), "merge");
		cr_assert_str_eq(jstr(j, "branch"), "main");
		/* "merge", beside what the merge did to the target ("update", "delete"). */
		{
			size_t i, n = json_array_size(flags);

			for (i = 0; i < n; i++)
				if (strcmp(json_string_value(json_array_get(flags, i)), "merge") ==
					0)
					break;
			cr_assert_lt(i, n, "no \"merge\" among the note's flags: %s", note);
		}
		cr_assert_str_eq(jstr(json_object_get(j, "metadata"), "source"), "feature");
		json_decref(j);
	}
	free(note);
	checkpoint(s);
	hex_of(hex, &ours);
	hex_of(hex2, &theirs);
	out = sh_ok("git -C '%s' log -1 --format='%%P|%%s' main", datadir);
	{
		char *want;

		cr_assert(
			asprintf(&want, "%s %s|Merge branch 'feature' into main\n", hex, hex2) > 0);
		cr_assert_str_eq(out, want);
		free(want);
	}
	free(out);
	/* The same change again is no conflict, and nothing new to merge. */
	cr_assert_eq(merge(s, "feature", "main", STORE_MERGE_FAIL).outcome, STORE_MERGE_UP_TO_DATE);
	store_close(s);
	expect_fsck_clean();
}

Test(merge, identical_changes_are_no_conflict, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_merge_result res;
	store_snap *snap;

	make_w(s);
	write_w(s, "main", "1", "{\"id\":1,\"a\":\"same\",\"b\":\"b1\",\"n\":1.10}");
	write_w(s, "main", "4", NULL);
	write_w(s, "main", "9", "{\"id\":9,\"a\":\"both\"}");
	/*
	 * The same values, written another way (members compare as JSON),
	 * after a change of its own: the same commits on both branches would
	 * be one commit (same tree, parent, author and second).
	 */
	write_w(s, "feature", "2", "{\"id\":2,\"a\":\"theirs\",\"b\":\"b2\",\"n\":2}");
	write_w(s, "feature", "1", "{ \"b\" : \"b1\", \"id\": 1, \"n\": 1.10, \"a\": \"same\" }");
	write_w(s, "feature", "4", NULL);
	write_w(s, "feature", "9", "{\"a\":\"both\",\"id\":9}");

	res = merge(s, "feature", "main", STORE_MERGE_FAIL);
	cr_assert_eq(res.outcome, STORE_MERGE_MERGED);
	cr_assert_eq(res.nconflicts, 0);
	snap = snap_branch(s, "main");
	expect_row(snap, "w", "2",
		"{\n  \"id\": 2,\n  \"a\": \"theirs\",\n  \"b\": \"b2\",\n  \"n\": 2\n}\n");
	expect_scan(snap, "w", "1 2 3 9");
	store_snap_free(snap);
	store_close(s);
}

Test(merge, conflicts_leave_the_target_unchanged_and_are_listed, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_merge_result res;
	store_conflict *c;
	store_oid before;
	size_t n;
	char *t;

	make_w(s);
	/* Row 1: both set column a; also a column each that merges. */
	write_w(s, "main", "1", "{\"id\":1,\"a\":\"ours\",\"b\":\"b1\",\"n\":1.10}");
	write_w(s, "feature", "1", "{\"id\":1,\"a\":\"theirs\",\"b\":\"b1\",\"n\":9}");
	/* Row 2 removed on main, changed on feature; row 3 the other way round. */
	write_w(s, "main", "2", NULL);
	write_w(s, "feature", "2", "{\"id\":2,\"a\":\"a2\",\"b\":\"changed\",\"n\":2}");
	write_w(s, "main", "3", "{\"id\":3,\"a\":\"changed\",\"b\":\"b3\",\"n\":3}");
	write_w(s, "feature", "3", NULL);
	/* Row 5 added on both with different contents. */
	write_w(s, "main", "5", "{\"id\":5,\"a\":\"mine\"}");
	write_w(s, "feature", "5", "{\"id\":5,\"a\":\"yours\"}");
	/* Row 6 added on feature only: merges. */
	write_w(s, "feature", "6", "{\"id\":6}");
	before = head_of(s, "main");

	res = merge(s, "feature", "main", STORE_MERGE_FAIL);
	cr_assert_eq(res.outcome, STORE_MERGE_CONFLICTED);
	cr_assert_eq(res.nconflicts, 4);
	cr_assert(store_oid_is_zero(&res.head));
	cr_assert(is_head(s, "main", &before), "a failed merge moved main");

	c = conflicts_of(s, "feature", "main", &n);
	cr_assert_eq(n, 4);
	/* Ordered by key: 1, 2, 3, 5. */
	cr_assert_eq(c[0].kind, STORE_CONFLICT_ROW);
	cr_assert_str_eq(c[0].table, "w");
	cr_assert_str_eq(c[0].key, "1");
	cr_assert_eq(c[0].ours, STORE_OP_UPDATE);
	cr_assert_eq(c[0].theirs, STORE_OP_UPDATE);
	cr_assert_eq(c[0].ncolumns, 1, "columns: %zu", c[0].ncolumns);
	cr_assert_str_eq(c[0].columns[0], "a");
	t = blob_text(s, &c[0].base_blob);
	cr_assert(strstr(t, "\"a1\"") != NULL, "%s", t);
	free(t);
	t = blob_text(s, &c[0].ours_blob);
	cr_assert(strstr(t, "\"ours\"") != NULL, "%s", t);
	free(t);
	t = blob_text(s, &c[0].theirs_blob);
	cr_assert(strstr(t, "\"theirs\"") != NULL, "%s", t);
	free(t);
	cr_assert(store_oid_equal(&c[0].ours_commit, &before));
	cr_assert(store_oid_equal(&c[0].theirs_commit, &res.source));

	cr_assert_str_eq(c[1].key, "2");
	cr_assert_eq(c[1].ours, STORE_OP_DELETE);
	cr_assert_eq(c[1].theirs, STORE_OP_UPDATE);
	cr_assert(store_oid_is_zero(&c[1].ours_blob));
	cr_assert_eq(c[1].ncolumns, 0);
	cr_assert_str_eq(c[2].key, "3");
	cr_assert_eq(c[2].ours, STORE_OP_UPDATE);
	cr_assert_eq(c[2].theirs, STORE_OP_DELETE);
	cr_assert_str_eq(c[3].key, "5");
	cr_assert_eq(c[3].ours, STORE_OP_INSERT);
	cr_assert_eq(c[3].theirs, STORE_OP_INSERT);
	cr_assert(store_oid_is_zero(&c[3].base_blob));
	cr_assert_eq(c[3].ncolumns, 1);
	store_conflicts_free(c, n);

	/* Another pair's conflicts go with a branch deleted. */
	branch_at(s, "other", "feature");
	write_w(s, "other", "1", "{\"id\":1,\"a\":\"other\"}");
	cr_assert_eq(merge(s, "other", "main", STORE_MERGE_FAIL).outcome, STORE_MERGE_CONFLICTED);
	{
		store_err err;

		store_err_clear(&err);
		cr_assert_eq(store_branch_delete(s, "other", &err), STORE_OK);
	}
	c = conflicts_of(s, "other", "main", &n);
	cr_assert_eq(n, 0, "conflicts of a deleted branch are still listed");
	free(c);

	/* The list survives a restart; a merge that goes through clears it. */
	store_close(s);
	s = open_store();
	c = conflicts_of(s, "feature", "main", &n);
	cr_assert_eq(n, 4, "after a restart: %zu conflicts", n);
	store_conflicts_free(c, n);

	res = merge(s, "feature", "main", STORE_MERGE_OURS);
	cr_assert_eq(res.outcome, STORE_MERGE_MERGED);
	cr_assert_eq(res.nconflicts, 4);
	{
		store_snap *snap = snap_branch(s, "main");

		/* Ours for the conflicting column a, theirs for n, which only feature set. */
		expect_row(snap, "w", "1",
			"{\n  \"id\": 1,\n  \"a\": \"ours\",\n  \"b\": \"b1\",\n  \"n\": 9\n}\n");
		expect_row(snap, "w", "2", NULL);
		expect_exists(snap, "w", "3");
		expect_row(snap, "w", "5", "{\n  \"id\": 5,\n  \"a\": \"mine\"\n}\n");
		expect_exists(snap, "w", "6");
		store_snap_free(snap);
	}
	c = conflicts_of(s, "feature", "main", &n);
	cr_assert_eq(n, 0);
	free(c);
	store_close(s);
	expect_fsck_clean();
}

Test(merge, strategy_theirs_takes_the_source, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_merge_result res;
	store_snap *snap;

	make_w(s);
	write_w(s, "main", "1", "{\"id\":1,\"a\":\"ours\",\"b\":\"B\",\"n\":1.10}");
	write_w(s, "feature", "1", "{\"id\":1,\"a\":\"theirs\",\"b\":\"b1\",\"n\":1.10}");
	write_w(s, "main", "2", NULL);
	write_w(s, "feature", "2", "{\"id\":2,\"a\":\"back\"}");
	write_w(s, "main", "3", "{\"id\":3,\"a\":\"kept?\"}");
	write_w(s, "feature", "3", NULL);

	res = merge(s, "feature", "main", STORE_MERGE_THEIRS);
	cr_assert_eq(res.outcome, STORE_MERGE_MERGED);
	cr_assert_eq(res.nconflicts, 3);
	snap = snap_branch(s, "main");
	/* a from feature; b, which only main changed, stays main's. */
	expect_row(snap, "w", "1",
		"{\n  \"id\": 1,\n  \"a\": \"theirs\",\n  \"b\": \"B\",\n  \"n\": 1.10\n}\n");
	expect_exists(snap, "w", "2");
	expect_row(snap, "w", "3", NULL);
	store_snap_free(snap);
	store_close(s);
}

Test(merge, conflicts_settled_by_writing_the_wanted_rows, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_merge_result res;
	store_conflict *c;
	store_snap *snap;
	size_t n;

	make_w(s);
	write_w(s, "main", "1", "{\"id\":1,\"a\":\"ours\",\"b\":\"b1\",\"n\":1.10}");
	write_w(s, "feature", "1", "{\"id\":1,\"a\":\"theirs\",\"b\":\"b1\",\"n\":1.10}");
	write_w(s, "main", "2", "{\"id\":2,\"a\":\"ours\",\"b\":\"b2\",\"n\":2}");
	write_w(s, "feature", "2", "{\"id\":2,\"a\":\"theirs\",\"b\":\"b2\",\"n\":2}");
	cr_assert_eq(merge(s, "feature", "main", STORE_MERGE_FAIL).outcome, STORE_MERGE_CONFLICTED);

	/* Row 1: the target takes the source's version; row 2 a value of its own. */
	write_w(s, "main", "1", "{\"id\":1,\"a\":\"theirs\",\"b\":\"b1\",\"n\":1.10}");
	write_w(s, "main", "2", "{\"id\":2,\"a\":\"agreed\",\"b\":\"b2\",\"n\":2}");
	res = merge(s, "feature", "main", STORE_MERGE_FAIL);
	cr_assert_eq(res.outcome, STORE_MERGE_CONFLICTED, "row 2 still differs");
	cr_assert_eq(res.nconflicts, 1);
	c = conflicts_of(s, "feature", "main", &n);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(c[0].key, "2");
	store_conflicts_free(c, n);

	/* Ours for what is left: the target's row as written. */
	res = merge(s, "feature", "main", STORE_MERGE_OURS);
	cr_assert_eq(res.outcome, STORE_MERGE_MERGED);
	snap = snap_branch(s, "main");
	expect_row(snap, "w", "1",
		"{\n  \"id\": 1,\n  \"a\": \"theirs\",\n  \"b\": \"b1\",\n  \"n\": 1.10\n}\n");
	expect_row(snap, "w", "2",
		"{\n  \"id\": 2,\n  \"a\": \"agreed\",\n  \"b\": \"b2\",\n  \"n\": 2\n}\n");
	store_snap_free(snap);
	c = conflicts_of(s, "feature", "main", &n);
	cr_assert_eq(n, 0);
	free(c);
	store_close(s);
}

/* ---- Catalog entries ---- */

Test(merge, tables_created_and_altered_on_one_side, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_merge_result res;
	store_snap *snap;
	store_tx *tx;
	char *def, *names;

	make_w(s);
	/* feature: a new table with rows, and a column added to w (rows rewritten). */
	tx = begin(s, "feature", STORE_READ_COMMITTED);
	create_table(tx, "z", T_DEF);
	put_v(tx, "z", "k", 1);
	commit(tx);
	tx = begin(s, "feature", STORE_READ_COMMITTED);
	{
		store_err err;

		store_err_clear(&err);
		cr_assert_eq(store_tx_alter_table(tx, "w",
				     "{\"columns\": [{\"name\": \"id\", \"type\": \"integer\"}, "
				     "{\"name\": \"c\", \"type\": \"text\"}, {\"name\": \"a\", "
				     "\"type\": \"text\"}, {\"name\": \"b\", \"type\": \"text\"}, "
				     "{\"name\": \"n\", \"type\": \"numeric\"}], \"primary_key\": "
				     "[\"id\"]}",
				     &err),
			STORE_OK, "%s", err.message);
	}
	put(tx, "w", "2", "{\"id\":2,\"c\":\"new\",\"a\":\"a2\",\"b\":\"b2\",\"n\":2}");
	commit(tx);
	/* main: a column of row 2. */
	write_w(s, "main", "2", "{\"id\":2,\"a\":\"A2\",\"b\":\"b2\",\"n\":2}");

	res = merge(s, "feature", "main", STORE_MERGE_FAIL);
	cr_assert_eq(res.outcome, STORE_MERGE_MERGED, "outcome %d, %zu conflicts", res.outcome,
		res.nconflicts);
	snap = snap_branch(s, "main");
	names = tables(snap);
	cr_assert_str_eq(names, "w z");
	free(names);
	cr_assert_eq(get_v(snap, "z", "k"), 1);
	/* The merged row follows the merged definition's order: c comes second. */
	expect_row(snap, "w", "2",
		"{\n  \"id\": 2,\n  \"c\": \"new\",\n  \"a\": \"A2\",\n  \"b\": \"b2\",\n  \"n\": 2\n}\n");
	{
		store_err err;

		store_err_clear(&err);
		cr_assert_eq(store_catalog(snap, "w", &def, &err), STORE_OK);
		cr_assert(strstr(def, "\"c\"") != NULL, "%s", def);
		free(def);
	}
	store_snap_free(snap);
	store_close(s);
	expect_fsck_clean();
}

Test(merge, definitions_changed_on_both_sides_conflict, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_merge_result res;
	store_conflict *c;
	store_tx *tx;
	store_err err;
	size_t n;

	make_w(s);
	tx = begin(s, "main", STORE_READ_COMMITTED);
	store_err_clear(&err);
	cr_assert_eq(store_tx_alter_table(tx, "w",
			     "{\"columns\": [{\"name\": \"id\", \"type\": \"integer\"}, {\"name\": "
			     "\"x\", \"type\": \"text\"}], \"primary_key\": [\"id\"]}",
			     &err),
		STORE_OK);
	commit(tx);
	tx = begin(s, "feature", STORE_READ_COMMITTED);
	cr_assert_eq(store_tx_alter_table(tx, "w",
			     "{\"columns\": [{\"name\": \"id\", \"type\": \"integer\"}, {\"name\": "
			     "\"y\", \"type\": \"text\"}], \"primary_key\": [\"id\"]}",
			     &err),
		STORE_OK);
	commit(tx);

	res = merge(s, "feature", "main", STORE_MERGE_FAIL);
	cr_assert_eq(res.outcome, STORE_MERGE_CONFLICTED);
	c = conflicts_of(s, "feature", "main", &n);
	cr_assert_eq(n, 1);
	cr_assert_eq(c[0].kind, STORE_CONFLICT_ENTRY);
	cr_assert_str_eq(c[0].what, "table");
	cr_assert_str_eq(c[0].table, "w");
	cr_assert_null(c[0].key);
	store_conflicts_free(c, n);

	/* A strategy picks one side's definition. */
	res = merge(s, "feature", "main", STORE_MERGE_THEIRS);
	cr_assert_eq(res.outcome, STORE_MERGE_MERGED);
	{
		store_snap *snap = snap_branch(s, "main");
		char *def;

		cr_assert_eq(store_catalog(snap, "w", &def, &err), STORE_OK);
		cr_assert(strstr(def, "\"y\"") != NULL && strstr(def, "\"x\"") == NULL, "%s", def);
		free(def);
		store_snap_free(snap);
	}
	store_close(s);
}

Test(merge, table_dropped_on_one_side_and_changed_on_the_other, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_merge_result res;
	store_conflict *c;
	store_tx *tx;
	store_err err;
	store_oid before;
	size_t n;
	int rc;

	make_w(s);
	tx = begin(s, "feature", STORE_READ_COMMITTED);
	store_err_clear(&err);
	cr_assert_eq(store_tx_drop_table(tx, "w", &err), STORE_OK);
	commit(tx);
	before = write_w(s, "main", "1", "{\"id\":1,\"a\":\"still here\"}");

	res = merge(s, "feature", "main", STORE_MERGE_FAIL);
	cr_assert_eq(res.outcome, STORE_MERGE_CONFLICTED);
	c = conflicts_of(s, "feature", "main", &n);
	cr_assert_eq(n, 1, "%zu conflicts", n);
	cr_assert_eq(c[0].kind, STORE_CONFLICT_DROP);
	cr_assert_str_eq(c[0].table, "w");
	cr_assert_eq(c[0].theirs, STORE_OP_DELETE);
	store_conflicts_free(c, n);

	/* No strategy settles it: neither side's table would come out. */
	for (int st = STORE_MERGE_OURS; st <= STORE_MERGE_THEIRS; st++) {
		store_err_clear(&err);
		rc = store_merge(
			s, "feature", "main", (store_merge_strategy)st, NULL, -1, NULL, &res, &err);
		expect_err(rc, &err, "0A000", "merge of a dropped table");
		cr_assert(strstr(err.message, "\"w\"") != NULL, "%s", err.message);
	}
	cr_assert(is_head(s, "main", &before));

	/* Dropped on both sides: merges. */
	tx = begin(s, "main", STORE_READ_COMMITTED);
	cr_assert_eq(store_tx_drop_table(tx, "w", &err), STORE_OK);
	commit(tx);
	cr_assert_eq(merge(s, "feature", "main", STORE_MERGE_FAIL).outcome, STORE_MERGE_MERGED);
	store_close(s);
}

Test(merge, sequences_keep_the_further_counter, .init = setup, .fini = teardown)
{
	static const char *const seq =
		"{\"name\":\"s\",\"uuid\":\"u-1\",\"start\":1,\"increment\":1,\"min\":1,"
		"\"max\":1000,\"cycle\":false,\"last_value\":%d,\"is_called\":true}";
	store *s = open_store();
	store_merge_result res;
	store_seqdef def = {.uuid = "u-1", .start = 1, .increment = 1, .min = 1, .max = 1000};
	store_snap *snap;
	store_tx *tx;
	store_err err;
	char buf[256], *json;
	int64_t v;

	make_w(s);
	snprintf(buf, sizeof(buf), seq, 32);
	tx = begin(s, "main", STORE_READ_COMMITTED);
	store_err_clear(&err);
	cr_assert_eq(store_tx_meta_put(tx, "sequences", "s", buf, strlen(buf), &err), STORE_OK);
	commit(tx);
	branch_at(s, "f2", "main");
	/* main counted to 40; f2 to 96 and recorded it. */
	for (int i = 0; i < 40; i++)
		cr_assert_eq(store_seq_next(s, "main", "s", &def, &v, &err), STORE_OK);
	snprintf(buf, sizeof(buf), seq, 64);
	tx = begin(s, "main", STORE_READ_COMMITTED);
	cr_assert_eq(store_tx_meta_put(tx, "sequences", "s", buf, strlen(buf), &err), STORE_OK);
	commit(tx);
	snprintf(buf, sizeof(buf), seq, 96);
	tx = begin(s, "f2", STORE_READ_COMMITTED);
	cr_assert_eq(store_tx_meta_put(tx, "sequences", "s", buf, strlen(buf), &err), STORE_OK);
	commit(tx);

	res = merge(s, "f2", "main", STORE_MERGE_FAIL);
	cr_assert_eq(
		res.outcome, STORE_MERGE_MERGED, "a counter is no conflict (%zu)", res.nconflicts);
	snap = snap_branch(s, "main");
	cr_assert_eq(store_tx_meta_get(NULL, snap, "sequences", "s", &json, &err), STORE_OK);
	cr_assert(strstr(json, "\"last_value\": 96") != NULL, "%s", json);
	free(json);
	store_snap_free(snap);

	/* main's counter jumps past what f2 may have handed out. */
	def.has_last = 1;
	def.last_value = 96;
	def.is_called = 1;
	cr_assert_eq(store_seq_next(s, "main", "s", &def, &v, &err), STORE_OK);
	cr_assert_gt(v, 96, "nextval gave %" PRId64, v);
	store_close(s);
}

/* ---- Errors ---- */

Test(merge, unknown_names_and_unrelated_histories, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_merge_result res;
	store_err err;
	int rc;

	make_w(s);
	store_err_clear(&err);
	rc = store_merge(s, "nope", "main", STORE_MERGE_FAIL, NULL, -1, NULL, &res, &err);
	expect_err(rc, &err, "42704", "unknown source");
	store_err_clear(&err);
	rc = store_merge(s, "feature", "nope", STORE_MERGE_FAIL, NULL, -1, NULL, &res, &err);
	expect_err(rc, &err, "42704", "unknown target");

	/* A branch made elsewhere shares no commit with main. */
	free(sh_ok("cd '%s' && git init -q orphan && cd orphan && mkdir -p .chrondb/tables && "
		   "printf '{\"columns\":[]}\\n' > .chrondb/tables/o.json && git add -A && "
		   "git commit -qm orphan && git push -q '%s' HEAD:refs/heads/orphan",
		tmpdir, datadir));
	store_close(s);
	s = open_store();
	store_err_clear(&err);
	rc = store_merge(s, "orphan", "main", STORE_MERGE_FAIL, NULL, -1, NULL, &res, &err);
	expect_err(rc, &err, "55000", "unrelated histories");
	store_close(s);
}

/* ---- Durability ---- */

Test(merge, replay_rebuilds_the_merge_commit, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_merge_result res, ff;
	store_oid after;

	make_w(s);
	checkpoint(s);
	write_w(s, "main", "1", "{\"id\":1,\"a\":\"A\"}");
	write_w(s, "feature", "2", "{\"id\":2,\"b\":\"B\"}");
	res = merge(s, "feature", "main", STORE_MERGE_FAIL);
	cr_assert_eq(res.outcome, STORE_MERGE_MERGED);
	write_w(s, "feature", "3", "{\"id\":3}");
	branch_at(s, "ff", "main");
	ff = merge(s, "main", "ff", STORE_MERGE_FAIL);
	cr_assert_eq(ff.outcome, STORE_MERGE_UP_TO_DATE);
	ff = merge(s, "feature", "ff", STORE_MERGE_FAIL);
	cr_assert_eq(ff.outcome, STORE_MERGE_MERGED);
	{
		/* ff2 starts behind feature and fast-forwards to it. */
		store_snap *at = snap_spec(s, "feature~1");
		store_err err;

		store_err_clear(&err);
		cr_assert_eq(store_branch_create(s, "ff2", at, &err), STORE_OK);
		store_snap_free(at);
	}
	cr_assert_eq(
		merge(s, "feature", "ff2", STORE_MERGE_FAIL).outcome, STORE_MERGE_FAST_FORWARD);
	after = write_w(s, "main", "4", "{\"id\":4,\"a\":\"after\"}");

	/* A crash: only the WAL holds the merge, the fast-forward and what followed. */
	free(sh_ok("cp -a '%s' '%s/crashed'", datadir, tmpdir));
	store_close(s);
	free(sh_ok("rm -rf '%s' && mv '%s/crashed' '%s' && rm -f '%s/chrondb/lock'", datadir,
		tmpdir, datadir, datadir));
	s = open_store();
	cr_assert(is_head(s, "main", &after), "main after replay");
	cr_assert(is_head(s, "ff", &ff.head), "ff after replay");
	cr_assert(same_heads(s, "ff2", "feature"), "ff2 after replay");
	{
		store_snap *snap = snap_commit(s, &res.head);

		expect_exists(snap, "w", "2");
		store_snap_free(snap);
	}
	store_close(s);
	expect_fsck_clean();
	{
		char hex[STORE_OID_HEXSZ + 1], *out;

		hex_of(hex, &res.head);
		out = chomp(sh_ok("git -C '%s' rev-list --merges main | tail -1", datadir));
		cr_assert_str_eq(out, hex);
		free(out);
	}
}

/* ---- Merges while writers commit ---- */

#define WRITERS   4
#define ROUNDS_MS 1500

typedef struct race {
	store *s;
	atomic_int stop;
	int committed[WRITERS]; /* rows each writer committed */
	char failure[512];
	pthread_mutex_t mu;
} race;

typedef struct racer {
	race *r;
	int id;
} racer;

/* Writer i inserts rows 1000000 (i + 1) + n on main (even i) or feature (odd i). */
static void *race_writer(void *arg)
{
	racer *w = arg;
	race *r = w->r;
	const char *branch = w->id % 2 ? "feature" : "main";

	while (!atomic_load(&r->stop)) {
		store_tx *tx = NULL;
		store_err err;
		char key[32], json[64];

		store_err_clear(&err);
		snprintf(key, sizeof(key), "%d", 1000000 * (w->id + 1) + r->committed[w->id]);
		snprintf(json, sizeof(json), "{\"id\":%s,\"a\":\"w%d\"}", key, w->id);
		if (store_tx_begin(r->s, branch, STORE_READ_COMMITTED, &tx, &err) != STORE_OK ||
			store_tx_put(tx, "w", key, strlen(key), json, strlen(json), &err) !=
				STORE_OK ||
			store_tx_commit(tx, NULL, NULL, &err) != STORE_OK) {
			pthread_mutex_lock(&r->mu);
			snprintf(r->failure, sizeof(r->failure), "writer %d: [%s] %s", w->id,
				err.sqlstate, err.message);
			pthread_mutex_unlock(&r->mu);
			return NULL;
		}
		r->committed[w->id]++;
	}
	return NULL;
}

Test(merge, merges_while_writers_commit_lose_nothing, .init = setup, .fini = teardown,
	.timeout = 120)
{
	store *s = open_store();
	pthread_t th[WRITERS];
	racer rs[WRITERS];
	race r;
	int merges = 0, total = 0;
	store_snap *snap;
	uint64_t rows;

	make_w(s);
	memset(&r, 0, sizeof(r));
	r.s = s;
	pthread_mutex_init(&r.mu, NULL);
	for (int i = 0; i < WRITERS; i++) {
		rs[i].r = &r;
		rs[i].id = i;
		cr_assert_eq(pthread_create(&th[i], NULL, race_writer, &rs[i]), 0);
	}
	/* Merges both ways, over and over, while the writers commit. */
	{
		int64_t end = 0;
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		end = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + ROUNDS_MS;
		for (;;) {
			store_merge_result res;

			res = merge(s, merges % 2 ? "main" : "feature",
				merges % 2 ? "feature" : "main", STORE_MERGE_FAIL);
			cr_assert_neq(res.outcome, STORE_MERGE_CONFLICTED);
			merges++;
			clock_gettime(CLOCK_MONOTONIC, &ts);
			if ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 > end)
				break;
		}
	}
	atomic_store(&r.stop, 1);
	for (int i = 0; i < WRITERS; i++)
		pthread_join(th[i], NULL);
	cr_assert_eq(r.failure[0], '\0', "%s", r.failure);

	/* After a last merge each way, both branches hold every row committed. */
	merge(s, "feature", "main", STORE_MERGE_FAIL);
	merge(s, "main", "feature", STORE_MERGE_FAIL);
	for (int i = 0; i < WRITERS; i++)
		total += r.committed[i];
	cr_assert_gt(total, 0);
	cr_assert_gt(merges, 2);
	for (int b = 0; b < 2; b++) {
		snap = snap_branch(s, b ? "feature" : "main");
		rows = count(snap, "w");
		cr_assert_eq(rows, (uint64_t)total + 4, "%s has %" PRIu64 " rows, wanted %d",
			b ? "feature" : "main", rows, total + 4);
		for (int i = 0; i < WRITERS; i++) {
			for (int k = 0; k < r.committed[i]; k++) {
				char key[32], *json;

				snprintf(key, sizeof(key), "%d", 1000000 * (i + 1) + k);
				json = get(snap, "w", key);
				cr_assert_not_null(
					json, "row %s lost on %s", key, b ? "feature" : "main");
				free(json);
			}
		}
		store_snap_free(snap);
	}
	cr_assert(same_heads(s, "main", "feature"));
	checkpoint(s);
	store_close(s);
	expect_fsck_clean();
	pthread_mutex_destroy(&r.mu);
}
