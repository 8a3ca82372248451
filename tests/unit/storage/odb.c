/*
 * odb.c - tests for the object database (storage/odb.h): memory
 * generations, the packs a checkpoint writes from them with deltas
 * between versions of a path, and merging packs in the background and
 * for VACUUM.
 *
 * Every test works on DIR/objects of a bare repository made with
 * `git init --bare`, so that git checks what the odb writes: git fsck,
 * verify-pack (delta chains and their depth), cat-file.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <criterion/criterion.h>

#include "odb.h"
#include "pack.h"
#include "testutil.h"

static char *tmpdir, *repo, *objects;

static void setup(void)
{
	char *home;

	tmpdir = tu_tmpdir("odb");
	cr_assert(asprintf(&repo, "%s/repo.git", tmpdir) > 0);
	cr_assert(asprintf(&objects, "%s/objects", repo) > 0);
	cr_assert(asprintf(&home, "%s/home", tmpdir) > 0);
	cr_assert_eq(mkdir(home, 0700), 0);
	setenv("HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	free(home);
	cr_assert_eq(tu_sh(NULL, "git init -q --bare '%s'", repo), 0);
}

static void teardown(void)
{
	tu_rmtree(tmpdir);
	free(tmpdir);
	free(repo);
	free(objects);
}

static store_odb *odb_open(void)
{
	store_odb *db;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_odb_open(&db, objects, 1 << 20, &err), STORE_OK, "%s", err.message);
	return db;
}

/* Seal the open generation, pack it and let it go: one checkpoint's objects. */
static void checkpoint(store_odb *db)
{
	store_odb_gen *g = store_odb_seal(db);
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_odb_gen_pack(db, g, &err), STORE_OK, "%s", err.message);
	store_odb_retire(db, g);
}

/* Number of .idx files in objects/pack, as git counts packs. */
static int packs_on_disk(void)
{
	char *out;
	int n;

	cr_assert_eq(tu_sh(&out, "ls '%s/pack' | grep -c '\\.idx$'", objects) <= 1, 1);
	n = atoi(out);
	free(out);
	return n;
}

/* A blob with content "<tag> <n>" padded to a size that varies with n. */
static void make_blob(store_odb *db, const char *tag, int n, store_oid *oid, char *buf)
{
	int len = sprintf(buf, "%s %d ", tag, n);

	for (int i = 0; i < 200 + n % 50; i++)
		buf[len++] = (char)('a' + (i + n) % 26);
	buf[len] = '\0';
	store_odb_write(db, STORE_OBJ_BLOB, buf, (size_t)len, oid);
}

/* The object reads back from db with exactly this content. */
static void expect_object(store_odb *db, const store_oid *oid, const char *content)
{
	store_obj *o;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_odb_read(db, oid, &o, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(o->len, strlen(content));
	cr_assert_eq(memcmp(o->data, content, o->len), 0);
	store_obj_unref(o);
}

/* Longest delta chain git sees in the packs; -1 when verify-pack fails. */
static int git_max_depth(void)
{
	char *out;
	int rc = tu_sh(&out,
		"for i in '%s'/pack/*.idx; do git verify-pack -v \"$i\" || exit 1; done | "
		"awk '$2 ~ /^(blob|tree|commit)$/ && NF > 5 { if ($6 > m) m = $6 } END { print m + 0 }'",
		objects);
	int d = rc == 0 ? atoi(out) : -1;

	free(out);
	return d;
}

Test(odb, versions_pack_as_reverse_deltas, .init = setup, .fini = teardown)
{
	store_odb *db = odb_open();
	store_oid v[120];
	char buf[120][512], *out;
	int deltas;

	/*
	 * 120 versions of one row, each superseding the one before: in the
	 * pack the newest is whole, the older ones deltas against their
	 * successors, and no chain is longer than git's default depth.
	 */
	for (int i = 0; i < 120; i++) {
		make_blob(db, "row", i, &v[i], buf[i]);
		if (i > 0)
			store_odb_supersede(db, &v[i - 1], &v[i]);
	}
	checkpoint(db);
	for (int i = 0; i < 120; i++)
		expect_object(db, &v[i], buf[i]);

	cr_assert_eq(
		tu_sh(&out, "git verify-pack -v '%s'/pack/*.idx | awk 'NF > 5' | wc -l", objects),
		0);
	deltas = atoi(out);
	free(out);
	cr_assert_geq(deltas, 100, "only %d of 120 versions are deltas", deltas);
	cr_assert_leq(git_max_depth(), STORE_PACK_MAX_DEPTH);

	/* The newest is the one stored whole. */
	{
		char hex[STORE_OID_HEXSZ + 1];

		store_oid_fmt(hex, &v[119]);
		cr_assert_eq(
			tu_sh(&out,
				"git verify-pack -v '%s'/pack/*.idx | grep '^%s' | awk '{print NF}'",
				objects, hex),
			0);
		cr_assert_eq(atoi(out), 5, "the newest version is a delta: %s", out);
		free(out);
	}
	cr_assert_eq(
		tu_sh(NULL, "git --git-dir='%s' fsck --strict 2>/dev/null >/dev/null", repo), 0);
	store_odb_close(db);
}

Test(odb, hints_that_would_loop_are_ignored, .init = setup, .fini = teardown)
{
	store_odb *db = odb_open();
	store_oid a, b;
	char ba[512], bb[512];

	/*
	 * A row set back to an earlier value: a -> b -> a.  Each claims the
	 * other as its successor; only one can be a delta or the pair would
	 * have no base.
	 */
	make_blob(db, "loop", 1, &a, ba);
	make_blob(db, "loop", 2, &b, bb);
	store_odb_supersede(db, &a, &b);
	store_odb_supersede(db, &b, &a);
	checkpoint(db);
	expect_object(db, &a, ba);
	expect_object(db, &b, bb);
	cr_assert_geq(git_max_depth(), 0, "git cannot read the pack");
	store_odb_close(db);
}

Test(odb, background_merges_keep_packs_logarithmic, .init = setup, .fini = teardown)
{
	store_odb *db = odb_open();
	store_oid ids[64];
	char bufs[64][512];
	size_t merged, total = 0;
	store_err err;

	/*
	 * 64 checkpoints of one object each, a merge after each as the
	 * checkpointer does: never more than about log2 of them on disk.
	 */
	for (int i = 0; i < 64; i++) {
		make_blob(db, "ckpt", i, &ids[i], bufs[i]);
		checkpoint(db);
		store_err_clear(&err);
		cr_assert_eq(store_odb_merge(db, &merged, &err), STORE_OK, "%s", err.message);
		total += merged;
		cr_assert_leq(packs_on_disk(), 8, "after %d checkpoints: %d packs", i + 1,
			packs_on_disk());
		cr_assert_eq((size_t)packs_on_disk(), store_odb_pack_count(db));
	}
	cr_assert_gt(total, 0);
	for (int i = 0; i < 64; i++)
		expect_object(db, &ids[i], bufs[i]);

	/* A pack marked .keep is never merged away. */
	{
		char *keep;

		cr_assert_eq(
			tu_sh(&keep, "ls '%s'/pack/*.idx | head -n 1 | sed 's/\\.idx$//'", objects),
			0);
		keep[strcspn(keep, "\n")] = '\0';
		cr_assert_eq(tu_sh(NULL, "touch '%s.keep'", keep), 0);
		store_err_clear(&err);
		cr_assert_eq(store_odb_repack(db, NULL, 0, 6, &err), STORE_OK, "%s", err.message);
		cr_assert_eq(tu_sh(NULL, "test -f '%s.pack' && test -f '%s.idx'", keep, keep), 0);
		free(keep);
	}
	cr_assert_leq(packs_on_disk(), 2);
	for (int i = 0; i < 64; i++)
		expect_object(db, &ids[i], bufs[i]);
	cr_assert_eq(tu_sh(NULL, "git --git-dir='%s' fsck --strict >/dev/null 2>&1", repo), 0);
	store_odb_close(db);
}

Test(odb, merging_duplicates_never_deepens_chains, .init = setup, .fini = teardown)
{
	store_odb *db = odb_open();
	store_oid v[80], y[45], again;
	char buf[80][512], ybuf[45][512];
	store_err err;

	/*
	 * Pack A: 80 versions of a row, v78 one delta below the whole v79,
	 * v77 below it and so on.  Pack B (smaller, so copied first) holds
	 * v78 again, as a WAL replay rewrites objects already packed, but
	 * 45 deltas deep below versions of its own.  The merge keeps B's
	 * copy; A's deltas then hang below it, 45 levels lower than they
	 * were, and exceed the depth limit unless some are stored whole.
	 */
	for (int i = 0; i < 80; i++) {
		make_blob(db, "dup", i, &v[i], buf[i]);
		if (i > 0)
			store_odb_supersede(db, &v[i - 1], &v[i]);
	}
	checkpoint(db);
	store_odb_write(db, STORE_OBJ_BLOB, buf[78], strlen(buf[78]), &again);
	cr_assert(store_oid_equal(&again, &v[78]));
	for (int i = 0; i < 45; i++)
		make_blob(db, "other", i, &y[i], ybuf[i]);
	store_odb_supersede(db, &v[78], &y[0]);
	for (int i = 0; i < 44; i++)
		store_odb_supersede(db, &y[i], &y[i + 1]);
	checkpoint(db);
	cr_assert_eq(packs_on_disk(), 2);
	cr_assert_leq(git_max_depth(), STORE_PACK_MAX_DEPTH);

	store_err_clear(&err);
	cr_assert_eq(store_odb_repack(db, NULL, 0, 0, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(packs_on_disk(), 1);
	cr_assert_geq(git_max_depth(), 0, "git cannot read the merged pack");
	cr_assert_leq(git_max_depth(), STORE_PACK_MAX_DEPTH);
	for (int i = 0; i < 80; i++)
		expect_object(db, &v[i], buf[i]);
	for (int i = 0; i < 45; i++)
		expect_object(db, &y[i], ybuf[i]);
	cr_assert_eq(tu_sh(NULL, "git --git-dir='%s' fsck --strict >/dev/null 2>&1", repo), 0);
	store_odb_close(db);
}

Test(odb, vacuum_packs_loose_objects_and_recompresses, .init = setup, .fini = teardown)
{
	store_odb *db;
	store_oid mine;
	char buf[512], *out, *loose;
	uint64_t before, after;
	store_err err;

	/* A loose object written by git, and a stored (uncompressed) pack of ours. */
	cr_assert_eq(
		tu_sh(&loose,
			"printf 'written by git\\n' | git --git-dir='%s' hash-object -w --stdin",
			repo),
		0);
	loose[strcspn(loose, "\n")] = '\0';
	db = odb_open();
	make_blob(db, "compressible", 7, &mine, buf);
	checkpoint(db);
	cr_assert_eq(tu_sh(&out, "du -b '%s'/pack/*.pack | cut -f1", objects), 0);
	before = strtoull(out, NULL, 10);
	free(out);

	store_err_clear(&err);
	cr_assert_eq(store_odb_repack(db, NULL, 0, 9, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(packs_on_disk(), 1);
	cr_assert_eq(tu_sh(&out, "du -b '%s'/pack/*.pack | cut -f1", objects), 0);
	after = strtoull(out, NULL, 10);
	free(out);
	cr_assert_lt(after, before,
		"recompressing did not shrink the pack: %" PRIu64 " -> %" PRIu64, before, after);

	/* The loose file is gone; git and the odb find the object in the pack. */
	cr_assert_eq(tu_sh(NULL, "test -e '%s/%.2s/%s'", objects, loose, loose + 2) != 0, 1);
	cr_assert_eq(tu_sh(&out, "git --git-dir='%s' cat-file -p %s", repo, loose), 0);
	cr_assert_str_eq(out, "written by git\n");
	free(out);
	{
		store_oid id;

		cr_assert_eq(store_oid_parse(&id, loose, STORE_OID_HEXSZ), 0);
		expect_object(db, &id, "written by git\n");
	}
	expect_object(db, &mine, buf);
	cr_assert_eq(tu_sh(NULL, "git --git-dir='%s' fsck --strict >/dev/null 2>&1", repo), 0);
	free(loose);
	store_odb_close(db);
}

/* Writers for the seal test: each writes its share of the objects. */
enum { SEAL_THREADS = 4, SEAL_PER_THREAD = 1500 };

typedef struct sealer_arg {
	store_odb *db;
	int t;
	store_oid ids[SEAL_PER_THREAD];
	char bufs[SEAL_PER_THREAD][512];
} sealer_arg;

static void *seal_writer(void *p)
{
	sealer_arg *a = p;

	for (int i = 0; i < SEAL_PER_THREAD; i++)
		make_blob(a->db, "seal", a->t * SEAL_PER_THREAD + i, &a->ids[i], a->bufs[i]);
	return NULL;
}

Test(odb, writes_during_seal_land_in_a_pack, .init = setup, .fini = teardown)
{
	store_odb *db = odb_open();
	sealer_arg *args = calloc(SEAL_THREADS, sizeof(*args));
	pthread_t th[SEAL_THREADS];

	/*
	 * Writers race the checkpoints: every object must end in a pack,
	 * none in a generation packed before the write finished
	 * (store_odb_seal waits for the writers inside the old generation).
	 */
	for (int t = 0; t < SEAL_THREADS; t++) {
		args[t].db = db;
		args[t].t = t;
		cr_assert_eq(pthread_create(&th[t], NULL, seal_writer, &args[t]), 0);
	}
	for (int k = 0; k < 40; k++)
		checkpoint(db);
	for (int t = 0; t < SEAL_THREADS; t++)
		pthread_join(th[t], NULL);
	checkpoint(db);
	store_odb_close(db);

	/* Only what is on disk now: a fresh odb has no memory generations. */
	db = odb_open();
	for (int t = 0; t < SEAL_THREADS; t++)
		for (int i = 0; i < SEAL_PER_THREAD; i++)
			expect_object(db, &args[t].ids[i], args[t].bufs[i]);
	store_odb_close(db);
	free(args);
}
