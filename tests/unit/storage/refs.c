/*
 * refs.c - tests for refs moved by git while the store is open
 * (storage/refs.c): pushes that fast-forward a branch, that diverge from
 * commits not yet written and are merged, that conflict and are kept on
 * a branch of their own; new and deleted refs; checkpoints that never
 * overwrite a push; the background poll; objects that arrive in packs;
 * and a push the WAL's commits diverged from, found at open.  Pushes are
 * made with the git command line from a clone of DATA.  The fixture is
 * storetest.h's.
 */
#include <time.h>

#include "storetest.h"

/* Clone DATA into <tmp>/wt (once). */
static void clone_wt(void)
{
	free(sh_ok("rm -rf '%s/wt' && git clone -q '%s' '%s/wt'", tmpdir, datadir, tmpdir));
}

/* In the clone: write a row file (JSON as given) of table t, commit with msg, push to main. */
static char *push_row(const char *key, const char *json, const char *msg)
{
	char *path = row_path("t", key), *out;

	free(sh_ok("cd '%s/wt' && git pull -q --ff-only origin main 2>/dev/null; "
		   "mkdir -p \"$(dirname '%s')\" && printf '%%s\\n' '%s' > '%s' && git add -A && "
		   "git commit -qm '%s' && git push -q origin HEAD:main",
		tmpdir, path, json, path, msg));
	free(path);
	out = chomp(sh_ok("git -C '%s/wt' rev-parse HEAD", tmpdir));
	return out;
}

static void poll_refs(store *s)
{
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(
		store_refs_poll(s, &err), STORE_OK, "poll: [%s] %s", err.sqlstate, err.message);
}

static char *head_hex(store *s, const char *branch)
{
	store_snap *snap = snap_branch(s, branch);
	char *hex = malloc(STORE_OID_HEXSZ + 1);

	cr_assert_not_null(hex);
	hex_of(hex, store_snap_id(snap));
	store_snap_free(snap);
	return hex;
}

static char *disk_ref(const char *ref)
{
	return chomp(sh_ok("git -C '%s' rev-parse '%s'", datadir, ref));
}

static int has_branch(store *s, const char *name)
{
	store_branch_info *b;
	size_t n;
	store_err err;
	int found = 0;

	store_err_clear(&err);
	cr_assert_eq(store_branch_list(s, &b, &n, &err), STORE_OK);
	for (size_t i = 0; i < n; i++)
		found |= strcmp(b[i].name, name) == 0;
	free(b);
	return found;
}

Test(refs, push_that_fast_forwards_is_taken_in, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_snap *snap;
	store_version *v;
	store_logentry *log;
	store_err err;
	store_oid c;
	char *pushed, *h, *out, hex[STORE_OID_HEXSZ + 1];
	size_t n;
	store_tx *tx;

	make_t(s);
	checkpoint(s);
	clone_wt();
	pushed = push_row("a", "{\"id\":\"a\",\"v\":99}", "edit by hand");

	/* Not seen before the poll; the branch is the pushed commit after it. */
	expect_row(snap = snap_branch(s, "main"), "t", "a", "{\n  \"id\": \"a\",\n  \"v\": 1\n}\n");
	store_snap_free(snap);
	poll_refs(s);
	h = head_hex(s, "main");
	cr_assert_str_eq(h, pushed);
	free(h);
	snap = snap_branch(s, "main");
	expect_row(snap, "t", "a", "{\"id\":\"a\",\"v\":99}\n");
	store_err_clear(&err);
	cr_assert_eq(store_row_history(snap, "t", "a", 1, 0, &v, &n, &err), STORE_OK);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(v[0].author, "Outside Editor");
	free(v);
	cr_assert_eq(store_log(snap, 1, &log, &n, &err), STORE_OK);
	cr_assert_str_eq(log[0].message, "edit by hand\n");
	store_log_free(log, n);
	store_snap_free(snap);

	/* The store commits on top; the checkpoint writes the ref over the pushed one. */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "b", 20);
	c = commit(tx);
	checkpoint(s);
	hex_of(hex, &c);
	out = disk_ref("main");
	cr_assert_str_eq(out, hex);
	free(out);
	out = chomp(sh_ok("git -C '%s' rev-parse main^", datadir));
	cr_assert_str_eq(out, pushed);
	free(out);
	free(pushed);
	store_close(s);
	expect_fsck_clean();
}

Test(refs, push_diverging_from_unwritten_commits_is_merged, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_snap *snap;
	store_tx *tx;
	store_oid ours;
	char *pushed, *out, *note, hex[STORE_OID_HEXSZ + 1];
	store_err err;

	make_t(s);
	checkpoint(s);
	clone_wt();
	/* The server commits (not written to the ref yet), then git pushes. */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "b", 20);
	ours = commit(tx);
	pushed = push_row("a", "{\"id\":\"a\",\"v\":99}", "edit by hand");

	/* A checkpoint before the poll leaves the pushed ref alone. */
	checkpoint(s);
	out = disk_ref("main");
	cr_assert_str_eq(out, pushed, "the checkpoint overwrote a push");
	free(out);

	/* A crash now: the copy finds the pushed ref and the WAL's commit, and keeps both. */
	free(sh_ok("cp -a '%s' '%s/crashed' && rm -f '%s/crashed/chrondb/lock'", datadir, tmpdir,
		tmpdir));

	poll_refs(s);
	snap = snap_branch(s, "main");
	expect_row(snap, "t", "a", "{\"id\":\"a\",\"v\":99}\n");
	cr_assert_eq(get_v(snap, "t", "b"), 20);
	store_err_clear(&err);
	cr_assert_eq(store_note(s, store_snap_id(snap), &note, &err), STORE_OK);
	cr_assert(strstr(note, "\"origin\":\"git\"") != NULL, "%s", note);
	cr_assert(strstr(note, "\"merge\"") != NULL, "%s", note);
	free(note);
	store_snap_free(snap);
	checkpoint(s);
	hex_of(hex, &ours);
	out = sh_ok("git -C '%s' log -1 --format='%%P|%%an|%%s' main", datadir);
	{
		char *want;

		cr_assert(
			asprintf(&want,
				"%s %s|Outside Editor|Merge commits pushed to main with git (%.12s)\n",
				hex, pushed, pushed) > 0);
		cr_assert_str_eq(out, want);
		free(want);
	}
	free(out);
	store_close(s);
	expect_fsck_clean();

	/* The crashed copy, opened: the same two changes on main. */
	free(sh_ok("rm -rf '%s' && mv '%s/crashed' '%s'", datadir, tmpdir, datadir));
	s = open_store();
	snap = snap_branch(s, "main");
	expect_row(snap, "t", "a", "{\"id\":\"a\",\"v\":99}\n");
	cr_assert_eq(get_v(snap, "t", "b"), 20);
	store_snap_free(snap);
	store_close(s);
	expect_fsck_clean();
	cr_assert_eq(sh(NULL, "git -C '%s' merge-base --is-ancestor %s main", datadir, pushed), 0);
	cr_assert_eq(sh(NULL, "git -C '%s' merge-base --is-ancestor %s main", datadir, hex), 0);
	free(pushed);
}

Test(refs, conflicting_push_is_kept_as_a_branch_and_listed, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_merge_result res;
	store_conflict *c;
	store_snap *snap;
	store_tx *tx;
	store_oid ours;
	store_err err;
	char *pushed, *out, hex[STORE_OID_HEXSZ + 1];
	size_t n;

	make_t(s);
	checkpoint(s);
	clone_wt();
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "a", 50);
	ours = commit(tx);
	pushed = push_row("a", "{\"id\":\"a\",\"v\":99}", "conflicting edit");
	poll_refs(s);

	/* main keeps the server's commit; the push is a branch, its conflict listed. */
	snap = snap_branch(s, "main");
	cr_assert(store_oid_equal(store_snap_id(snap), &ours));
	cr_assert_eq(get_v(snap, "t", "a"), 50);
	store_snap_free(snap);
	cr_assert(has_branch(s, "main.pushed"));
	out = head_hex(s, "main.pushed");
	cr_assert_str_eq(out, pushed);
	free(out);
	store_err_clear(&err);
	cr_assert_eq(store_conflicts(s, &c, &n, &err), STORE_OK);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(c[0].source, "main.pushed");
	cr_assert_str_eq(c[0].target, "main");
	cr_assert_str_eq(c[0].table, "t");
	cr_assert_str_eq(c[0].key, "a");
	store_conflicts_free(c, n);

	/* The checkpoint writes both refs: nothing pushed is lost. */
	checkpoint(s);
	hex_of(hex, &ours);
	out = disk_ref("main");
	cr_assert_str_eq(out, hex);
	free(out);
	out = disk_ref("main.pushed");
	cr_assert_str_eq(out, pushed);
	free(out);

	/* Settled the usual way: a merge with a strategy. */
	store_err_clear(&err);
	cr_assert_eq(store_merge(s, "main.pushed", "main", STORE_MERGE_THEIRS, NULL, -1, NULL, &res,
			     &err),
		STORE_OK);
	cr_assert_eq(res.outcome, STORE_MERGE_MERGED);
	snap = snap_branch(s, "main");
	cr_assert_eq(get_v(snap, "t", "a"), 99);
	store_snap_free(snap);
	cr_assert_eq(store_conflicts(s, &c, &n, &err), STORE_OK);
	cr_assert_eq(n, 0);
	free(c);
	free(pushed);
	store_close(s);
	expect_fsck_clean();
}

Test(refs, branches_created_and_deleted_with_git, .init = setup, .fini = teardown)
{
	store *s = open_store();
	char *out, *h;

	make_t(s);
	checkpoint(s);
	clone_wt();
	free(sh_ok("cd '%s/wt' && git push -q origin HEAD:refs/heads/topic", tmpdir));
	poll_refs(s);
	cr_assert(has_branch(s, "topic"));
	h = head_hex(s, "topic");
	out = chomp(sh_ok("git -C '%s/wt' rev-parse HEAD", tmpdir));
	cr_assert_str_eq(h, out);
	free(h);
	free(out);

	free(sh_ok("cd '%s/wt' && git push -q origin :topic", tmpdir));
	poll_refs(s);
	cr_assert(!has_branch(s, "topic"), "a branch deleted with git is still there");

	/* The default branch is never deleted: its ref is written again. */
	free(sh_ok("git -C '%s' update-ref -d refs/heads/main", datadir));
	poll_refs(s);
	cr_assert(has_branch(s, "main"));
	checkpoint(s);
	h = head_hex(s, "main");
	out = disk_ref("main");
	cr_assert_str_eq(out, h);
	free(out);
	free(h);
	store_close(s);
	expect_fsck_clean();
}

Test(refs, pushed_packs_are_read, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_snap *snap;
	char *out;

	make_t(s);
	checkpoint(s);
	clone_wt();
	/* More objects than receive.unpackLimit (100): git keeps them as a pack. */
	free(sh_ok(
		"cd '%s/wt' && for i in $(seq 1 150); do k=k$i; "
		"f=$(printf %%s $k | sha1sum | cut -c1-4 | sed 's,\\(.\\),\\1/,g'); "
		"mkdir -p t/$f && printf '{\"id\":\"%%s\",\"v\":%%d}\\n' $k $i > t/$f$k.json; "
		"done && git add -A && git commit -qm 'bulk load' && git push -q origin HEAD:main",
		tmpdir));
	out = sh_ok("ls '%s/objects/pack' | grep -c '\\.pack$'", datadir);
	cr_assert_neq(atoi(out), 0);
	free(out);
	poll_refs(s);
	snap = snap_branch(s, "main");
	cr_assert_eq(count(snap, "t"), 152);
	cr_assert_eq(get_v(snap, "t", "k150"), 150);
	store_snap_free(snap);
	store_close(s);
	expect_fsck_clean();
}

Test(refs, background_poll_takes_a_push_in_within_a_second, .init = setup, .fini = teardown)
{
	store_opts o;
	store *s;
	char *pushed, *h = NULL;
	struct timespec t0, t1;
	double waited = 0;

	store_opts_init(&o);
	o.ref_poll_ms = 100;
	o.checkpoint_interval_ms = 200;
	s = open_opts(&o);
	make_t(s);
	checkpoint(s);
	clone_wt();
	pushed = push_row("a", "{\"id\":\"a\",\"v\":7}", "pushed while running");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (waited < 5) {
		free(h);
		h = head_hex(s, "main");
		if (strcmp(h, pushed) == 0)
			break;
		usleep(20000);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	}
	cr_assert_str_eq(h, pushed, "the push was not taken in within %.1f s", waited);
	cr_assert_lt(waited, 1.0, "the push took %.2f s to be taken in", waited);
	free(h);
	free(pushed);
	store_close(s);
	expect_fsck_clean();
}
