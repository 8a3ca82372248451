/*
 * tests/unit/storage/pack.c - packfiles and loose objects, checked against
 * real git.
 *
 * Packs we write must satisfy git verify-pack, index-pack (byte-identical
 * .idx), cat-file and fsck --strict; packs and loose objects git writes,
 * with OFS_DELTA and REF_DELTA chains, must read back byte for byte.
 * Corrupt files are hand-made or mutated copies: they must give XX001
 * errors, never crashes (run under ASan/UBSan to make that mean
 * something).  git runs with a private HOME and no system configuration.
 */
#include <criterion/criterion.h>

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>

#include "pack.h"
#include "testutil.h"

static char *root; /* this test's scratch directory, also git's HOME */

static void setup(void)
{
	root = tu_tmpdir("pack");
}

static void teardown(void)
{
	tu_rmtree(root);
	free(root);
}

TestSuite(pack, .init = setup, .fini = teardown);

/* ---- Helpers ---- */

/* The shell command that runs git on repo with an empty, private configuration. */
static char *git_cmd(const char *repo, const char *fmt, va_list ap)
{
	char *args, *cmd;

	cr_assert_geq(vasprintf(&args, fmt, ap), 0);
	cmd = tu_fmt("unset GIT_DIR GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES; "
		     "GIT_CONFIG_NOSYSTEM=1 HOME='%s' XDG_CONFIG_HOME='%s' "
		     "git -c user.name=t -c user.email=t@x --git-dir='%s' %s",
		root, root, repo, args);
	free(args);
	return cmd;
}

static int git(char **out, const char *repo, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int git(char **out, const char *repo, const char *fmt, ...)
{
	va_list ap;
	char *cmd;
	int rc;

	va_start(ap, fmt);
	cmd = git_cmd(repo, fmt, ap);
	va_end(ap);
	rc = tu_sh(out, "%s", cmd);
	free(cmd);
	return rc;
}

/* A fresh bare repository root/<name>; returns its path. */
static char *init_repo(const char *name)
{
	char *repo = tu_fmt("%s/%s", root, name);

	cr_assert_eq(git(NULL, repo, "init -q --bare -b main"), 0);
	return repo;
}

/* The base name of the only pack in dir. */
static char *only_pack(const char *dir)
{
	char *out;

	cr_assert_eq(tu_sh(&out, "cd '%s' && ls pack-*.idx", dir), 0);
	cr_assert_eq(strlen(out), 5 + 40 + 5, "expected one pack, got: %s", out);
	out[45] = '\0';
	return out;
}

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void fill_random(unsigned char *buf, size_t len, uint64_t seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (unsigned char)(rng_next(&seed) >> 32);
}

/* An object as git reads it. */
typedef struct gobj {
	store_oid oid;
	store_objtype type;
	unsigned char *data;
	size_t len;
} gobj;

/* Every object of repo through git cat-file --batch, sorted by id. */
static gobj *git_objects(const char *repo, size_t *n)
{
	char *path = tu_fmt("%s/all.batch", root);
	unsigned char *buf, *p, *end;
	size_t len, cap = 64;
	gobj *objs = malloc(cap * sizeof(*objs));

	cr_assert_eq(git(NULL, repo, "cat-file --batch-all-objects --batch > '%s'", path), 0);
	buf = tu_read_file(path, &len);
	*n = 0;
	for (p = buf, end = buf + len; p < end;) {
		char hex[41], type[16];
		size_t size;
		gobj *o;

		cr_assert_eq(sscanf((char *)p, "%40s %15s %zu", hex, type, &size), 3);
		if (*n == cap)
			objs = realloc(objs, (cap *= 2) * sizeof(*objs));
		o = &objs[(*n)++];
		cr_assert_eq(store_oid_parse(&o->oid, hex, 40), 0);
		o->type = store_objtype_parse(type, strlen(type));
		o->len = size;
		p = memchr(p, '\n', (size_t)(end - p)) + 1;
		o->data = malloc(size + 1);
		memcpy(o->data, p, size);
		p += size + 1;
	}
	free(buf);
	free(path);
	return objs;
}

static void free_objects(gobj *objs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(objs[i].data);
	free(objs);
}

/* Check the result of a read against what git gave, and free it. */
static void expect_object(int rc, const store_err *err, store_objtype type, unsigned char *data,
	size_t len, const gobj *want)
{
	char hex[41];

	store_oid_fmt(hex, &want->oid);
	cr_assert_eq(rc, STORE_OK, "%s: rc %d: %s (%s)", hex, rc, err->message, err->detail);
	cr_assert_eq(type, want->type, "%s: type %d, want %d", hex, type, want->type);
	cr_assert_eq(len, want->len, "%s: %zu bytes, want %zu", hex, len, want->len);
	cr_assert(memcmp(data, want->data, len) == 0, "%s: content differs", hex);
	cr_assert_eq(data[len], '\0');
	free(data);
}

/* Read every object of git's repo from pack p and compare. */
static void expect_pack_matches_git(const store_pack *p, const char *repo)
{
	size_t n;
	gobj *objs = git_objects(repo, &n);

	cr_assert_eq(store_pack_count(p), n);
	for (size_t i = 0; i < n; i++) {
		store_err err = {0};
		store_objtype type = STORE_OBJ_NONE;
		unsigned char *data = NULL;
		size_t len = 0;
		store_oid oid;
		int rc;

		store_pack_oid_at(p, (uint32_t)i, &oid);
		cr_assert(store_oid_equal(&oid, &objs[i].oid));
		cr_assert(store_pack_has(p, &oid));
		rc = store_pack_read(p, &oid, &type, &data, &len, &err);
		expect_object(rc, &err, type, data, len, &objs[i]);
	}
	free_objects(objs, n);
}

/* Count the entries of a pack by type, at the offsets git show-index lists. */
static void count_entry_types(const char *repo, const char *dir, const char *name, size_t counts[8])
{
	char *pack_path = tu_fmt("%s/%s.pack", dir, name), *out, *line;
	size_t len;
	unsigned char *pack = tu_read_file(pack_path, &len);

	memset(counts, 0, 8 * sizeof(counts[0]));
	cr_assert_eq(git(&out, repo, "show-index < '%s/%s.idx'", dir, name), 0);
	for (line = out; *line != '\0'; line = strchr(line, '\n') + 1) {
		unsigned long long off = strtoull(line, NULL, 10);

		cr_assert_lt(off, len);
		counts[pack[off] >> 4 & 7]++;
	}
	free(out);
	free(pack);
	free(pack_path);
}

/* The longest delta chain verify-pack reports. */
static int max_chain(const char *repo, const char *idx_path)
{
	char *out, *s;
	int max = 0, depth, count;

	cr_assert_eq(git(&out, repo, "verify-pack -v '%s'", idx_path), 0);
	for (s = out; (s = strstr(s, "chain length = ")) != NULL; s++) {
		cr_assert_eq(sscanf(s, "chain length = %d: %d object", &depth, &count), 2);
		if (depth > max)
			max = depth;
	}
	free(out);
	return max;
}

/*
 * A history with many similar blobs and trees, through git fast-import:
 * files edited a line at a time, a 150 KB file (deltas with copies over
 * 64 KB) and a 100-entry tree changed by every commit.
 */
static void make_history(const char *repo, int ncommits)
{
	char *cmd;
	FILE *fi;

	cmd = tu_fmt(
		"unset GIT_DIR; GIT_CONFIG_NOSYSTEM=1 HOME='%s' git --git-dir='%s' fast-import --quiet",
		root, repo);
	fi = popen(cmd, "w");
	cr_assert_not_null(fi);
	for (int c = 0; c < ncommits; c++) {
		fprintf(fi,
			"commit refs/heads/main\ncommitter t <t@x> %d +0000\ndata <<EOM\ncommit %d\nEOM\n",
			1700000000 + 60 * c, c);
		for (int f = 0; f < 100; f++) {
			if (c > 0 && f != c % 100 && f != (c * 7) % 100)
				continue;
			fprintf(fi, "M 100644 inline many/f%03d.txt\ndata <<EOD\n", f);
			for (int line = 0; line < 60; line++)
				fprintf(fi, "file %d line %d: %s\n", f, line,
					line == c % 60
						? "edited in this commit"
						: "the quick brown fox jumps over the lazy dog");
			fprintf(fi, "EOD\n");
		}
		if (c % 3 == 0) {
			fprintf(fi, "M 100644 inline big.txt\ndata <<EOD\n");
			for (int line = 0; line < 3000; line++)
				fprintf(fi, "%05d %s\n", line,
					line == 100 * c % 3000
						? "CHANGED LINE CHANGED LINE CHANGED LINE"
						: "lorem ipsum dolor sit amet consectetur adipiscing elit");
			fprintf(fi, "EOD\n");
		}
		fprintf(fi, "\n");
	}
	cr_assert_eq(pclose(fi), 0);
	free(cmd);
}

/* make_history, then repack with deep delta search; returns the pack directory. */
static char *make_delta_repo(const char *repo, int ncommits)
{
	make_history(repo, ncommits);
	cr_assert_eq(git(NULL, repo, "repack -adfq --depth=50 --window=250"), 0);
	return tu_fmt("%s/objects/pack", repo);
}

/* Append one tree entry ("<mode> <name>\0<raw id>"); entries come in git's order. */
static size_t tree_add(
	unsigned char *tree, size_t len, const char *mode, const char *name, const store_oid *oid)
{
	len += (size_t)sprintf((char *)tree + len, "%s %s", mode, name) + 1;
	memcpy(tree + len, oid->id, STORE_OID_RAWSZ);
	return len + STORE_OID_RAWSZ;
}

/* ---- Writer ---- */

typedef struct wobj {
	store_objtype type;
	unsigned char *data;
	size_t len;
	store_oid oid;
} wobj;

static void wobj_set(wobj *o, store_objtype type, const void *data, size_t len)
{
	o->type = type;
	o->data = malloc(len + 1);
	memcpy(o->data, data, len);
	o->len = len;
	store_oid_hash_object(&o->oid, type, data, len);
}

Test(pack, writer_output_passes_git_checks)
{
	char *repo = init_repo("repo.git");
	char *dir = tu_fmt("%s/objects/pack", repo), name[64], hex[41], *out, *s;
	wobj o[16];
	size_t n = 0, nblobs, len, theirs_len;
	unsigned char *big = malloc(300000), tree[1024], *mine, *theirs;
	char text[2048], bin[256];
	store_err err = {0};
	store_packw *w;
	store_pack *p;
	struct stat st;

	/* Blobs around the size-varint boundaries, binary, and one bigger than the write buffer. */
	for (size_t i = 0; i < sizeof(text); i++)
		text[i] = "abcdefghij\n"[i % 11];
	for (int i = 0; i < 256; i++)
		bin[i] = (char)i;
	fill_random(big, 300000, 42);
	wobj_set(&o[n++], STORE_OBJ_BLOB, "", 0);
	wobj_set(&o[n++], STORE_OBJ_BLOB, "hello\n", 6);
	wobj_set(&o[n++], STORE_OBJ_BLOB, "#!/bin/sh\nexit\n", 15);
	wobj_set(&o[n++], STORE_OBJ_BLOB, "sixteen bytes!!\n", 16);
	wobj_set(&o[n++], STORE_OBJ_BLOB, text, sizeof(text));
	wobj_set(&o[n++], STORE_OBJ_BLOB, bin, sizeof(bin));
	wobj_set(&o[n++], STORE_OBJ_BLOB, big, 300000);
	nblobs = n;

	/* sub/{big.bin,bin.dat}; root {README,empty,run.sh,sub}; then a second root. */
	len = tree_add(tree, 0, "100644", "big.bin", &o[6].oid);
	len = tree_add(tree, len, "100644", "bin.dat", &o[5].oid);
	wobj_set(&o[n++], STORE_OBJ_TREE, tree, len);
	len = tree_add(tree, 0, "100644", "README", &o[1].oid);
	len = tree_add(tree, len, "100644", "empty", &o[0].oid);
	len = tree_add(tree, len, "100755", "run.sh", &o[2].oid);
	len = tree_add(tree, len, "40000", "sub", &o[7].oid);
	wobj_set(&o[n++], STORE_OBJ_TREE, tree, len);
	len = tree_add(tree, len, "100644", "two.txt", &o[3].oid);
	len = tree_add(tree, len, "100644", "z2k", &o[4].oid);
	wobj_set(&o[n++], STORE_OBJ_TREE, tree, len);

	/* Two commits and an annotated tag. */
	store_oid_fmt(hex, &o[8].oid);
	len = (size_t)snprintf(text, sizeof(text),
		"tree %s\nauthor t <t@x> 1700000000 +0000\ncommitter t <t@x> 1700000000 +0000\n\nfirst\n",
		hex);
	wobj_set(&o[n++], STORE_OBJ_COMMIT, text, len);
	store_oid_fmt(hex, &o[9].oid);
	len = (size_t)snprintf(text, sizeof(text), "tree %s\nparent ", hex);
	store_oid_fmt(text + len, &o[10].oid);
	len += 40;
	len += (size_t)snprintf(text + len, sizeof(text) - len,
		"\nauthor t <t@x> 1700000100 +0100\ncommitter t <t@x> 1700000100 +0100\n\nsecond\n\nwith a body\n");
	wobj_set(&o[n++], STORE_OBJ_COMMIT, text, len);
	store_oid_fmt(hex, &o[11].oid);
	len = (size_t)snprintf(text, sizeof(text),
		"object %s\ntype commit\ntag v1\ntagger t <t@x> 1700000200 +0000\n\nrelease\n",
		hex);
	wobj_set(&o[n++], STORE_OBJ_TAG, text, len);

	/* Write them, each twice: duplicates are stored once. */
	w = store_packw_open(dir, 1, &err);
	cr_assert_not_null(w, "%s", err.message);
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < n; i++)
			cr_assert_eq(
				store_packw_add(w, o[i].type, o[i].data, o[i].len, &o[i].oid, &err),
				STORE_OK, "%s", err.message);
		cr_assert_eq(store_packw_count(w), n);
	}
	cr_assert_eq(store_packw_finish(w, name, sizeof(name), &err), STORE_OK, "%s: %s",
		err.message, err.detail);

	/* Named after the checksum, read-only, no temporary files left. */
	cr_assert_eq(strlen(name), 45);
	cr_assert(strncmp(name, "pack-", 5) == 0);
	s = tu_fmt("%s/%s.pack", dir, name);
	cr_assert_eq(stat(s, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0444);
	free(s);
	s = tu_fmt("%s/%s.idx", dir, name);
	cr_assert_eq(stat(s, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0444);
	cr_assert_eq(tu_sh(&out, "ls '%s'", dir), 0);
	cr_assert_null(strstr(out, "tmp_"), "left over: %s", out);
	free(out);

	/* git verify-pack accepts it, and index-pack rebuilds the very same .idx. */
	cr_assert_eq(git(&out, repo, "verify-pack -v '%s'", s), 0, "%s", out);
	for (size_t i = 0; i < n; i++) {
		store_oid_fmt(hex, &o[i].oid);
		cr_assert_not_null(strstr(out, hex), "verify-pack does not list %s", hex);
	}
	free(out);
	cr_assert_eq(
		git(NULL, repo, "index-pack -o '%s/check.idx' '%s/%s.pack'", root, dir, name), 0);
	mine = tu_read_file(s, &len);
	free(s);
	s = tu_fmt("%s/check.idx", root);
	theirs = tu_read_file(s, &theirs_len);
	cr_assert_eq(theirs_len, len);
	cr_assert(memcmp(mine, theirs, len) == 0, "our .idx differs from git index-pack's");
	free(mine);
	free(theirs);
	free(s);

	/* cat-file gives back every object; -p too for blobs and commits. */
	s = tu_fmt("%s/expect", root);
	for (size_t i = 0; i < n; i++) {
		const char *type = store_objtype_name(o[i].type);

		store_oid_fmt(hex, &o[i].oid);
		tu_write_file(s, o[i].data, o[i].len);
		cr_assert_eq(git(NULL, repo, "cat-file %s %s | cmp -s - '%s'", type, hex, s), 0,
			"cat-file %s %s", type, hex);
		if (o[i].type == STORE_OBJ_BLOB || o[i].type == STORE_OBJ_COMMIT)
			cr_assert_eq(git(NULL, repo, "cat-file -p %s | cmp -s - '%s'", hex, s), 0,
				"cat-file -p %s", hex);
	}
	free(s);

	/* With refs on the commit and the tag, fsck --strict finds nothing to say. */
	store_oid_fmt(hex, &o[11].oid);
	cr_assert_eq(git(NULL, repo, "update-ref refs/heads/main %s", hex), 0);
	store_oid_fmt(hex, &o[12].oid);
	cr_assert_eq(git(NULL, repo, "update-ref refs/tags/v1 %s", hex), 0);
	cr_assert_eq(
		git(&out, repo, "fsck --strict --no-dangling --no-progress 2>&1"), 0, "%s", out);
	cr_assert_str_empty(out);
	free(out);
	cr_assert_eq(git(&out, repo, "count-objects -v"), 0);
	cr_assert_not_null(strstr(out, "in-pack: 13\n"), "%s", out);
	free(out);

	/* Our reader agrees with git, and misses cleanly. */
	p = store_pack_open(dir, name, &err);
	cr_assert_not_null(p, "%s: %s", err.message, err.detail);
	cr_assert_str_eq(store_pack_name(p), name);
	expect_pack_matches_git(p, repo);
	{
		store_oid absent;
		store_objtype type;
		unsigned char *data = NULL;

		store_oid_hash_object(&absent, STORE_OBJ_BLOB, "absent", 6);
		cr_assert_not(store_pack_has(p, &absent));
		cr_assert_eq(store_pack_read(p, &absent, &type, &data, &len, &err), STORE_NOTFOUND);
		cr_assert_not(store_err_isset(&err));
		cr_assert_null(data);
	}
	store_pack_close(p);

	cr_assert_eq(nblobs, 7);
	for (size_t i = 0; i < n; i++)
		free(o[i].data);
	free(big);
	free(dir);
	free(repo);
}

/* A pack of many objects (ids sorted by bucket, not by qsort) indexes as git's index-pack does. */
Test(pack, big_pack_index_matches_git)
{
	char *repo = init_repo("many.git");
	char *dir = tu_fmt("%s/objects/pack", repo), name[64], *s, *out;
	unsigned char *mine, *theirs;
	size_t len, theirs_len;
	store_err err = {0};
	store_packw *w = store_packw_open(dir, 1, &err);

	cr_assert_not_null(w, "%s", err.message);
	for (int i = 0; i < 20000; i++) {
		char text[32];
		int n = snprintf(text, sizeof(text), "row %d\n", i);
		store_oid oid;

		store_oid_hash_object(&oid, STORE_OBJ_BLOB, text, (size_t)n);
		cr_assert_eq(store_packw_add(w, STORE_OBJ_BLOB, text, (size_t)n, &oid, &err), STORE_OK,
			"%s", err.message);
	}
	cr_assert_eq(store_packw_finish(w, name, sizeof(name), &err), STORE_OK, "%s", err.message);
	s = tu_fmt("%s/%s.idx", dir, name);
	cr_assert_eq(git(&out, repo, "verify-pack '%s'", s), 0, "%s", out);
	free(out);
	cr_assert_eq(
		git(NULL, repo, "index-pack -o '%s/many-check.idx' '%s/%s.pack'", root, dir, name), 0);
	mine = tu_read_file(s, &len);
	free(s);
	s = tu_fmt("%s/many-check.idx", root);
	theirs = tu_read_file(s, &theirs_len);
	cr_assert_eq(theirs_len, len);
	cr_assert(memcmp(mine, theirs, len) == 0, "our .idx differs from git index-pack's");
	free(mine);
	free(theirs);
	free(s);
	free(dir);
	free(repo);
}

Test(pack, writer_empty_abort_and_dedup)
{
	char *dir = tu_fmt("%s/packs", root), name[64] = "x", *out;
	store_err err = {0};
	store_packw *w;
	store_oid oid;

	cr_assert_eq(mkdir(dir, 0700), 0);

	/* An empty pack writes nothing. */
	w = store_packw_open(dir, 1, &err);
	cr_assert_not_null(w);
	cr_assert_eq(store_packw_finish(w, name, sizeof(name), &err), STORE_OK);
	cr_assert_str_empty(name);

	/* Abort removes the temporary file; duplicates count once. */
	w = store_packw_open(dir, 1, &err);
	store_oid_hash_object(&oid, STORE_OBJ_BLOB, "a", 1);
	cr_assert_eq(store_packw_add(w, STORE_OBJ_BLOB, "a", 1, &oid, &err), STORE_OK);
	cr_assert_eq(store_packw_add(w, STORE_OBJ_BLOB, "a", 1, &oid, &err), STORE_OK);
	cr_assert_eq(store_packw_count(w), 1);
	store_packw_abort(w);
	cr_assert_eq(tu_sh(&out, "ls -A '%s'", dir), 0);
	cr_assert_str_empty(out, "left over: %s", out);
	free(out);

	/* A missing directory is an error with the errno's SQLSTATE. */
	cr_assert_null(store_packw_open("/nonexistent/chrondb", 1, &err));
	cr_assert_str_eq(err.sqlstate, "58P01");
	free(dir);
}

/* ---- Reading what git wrote ---- */

Test(pack, reads_ofs_deltas_from_git_repack)
{
	char *repo = init_repo("repo.git"), *dir = make_delta_repo(repo, 60);
	char *name = only_pack(dir), *idx = tu_fmt("%s/%s.idx", dir, name);
	store_err err = {0};
	size_t counts[8];
	store_pack *p;

	/* The repack really made deep OFS_DELTA chains. */
	count_entry_types(repo, dir, name, counts);
	cr_assert_gt(counts[6], 100, "only %zu OFS_DELTA entries", counts[6]);
	cr_assert_eq(counts[7], 0);
	cr_assert_geq(max_chain(repo, idx), 10);

	p = store_pack_open(dir, name, &err);
	cr_assert_not_null(p, "%s: %s", err.message, err.detail);
	expect_pack_matches_git(p, repo);
	store_pack_close(p);
	free(idx);
	free(name);
	free(dir);
	free(repo);
}

Test(pack, reads_ref_deltas_from_pack_objects)
{
	char *repo = init_repo("repo.git"), *dir = make_delta_repo(repo, 40);
	char *refdir = tu_fmt("%s/refpack", root), *out, *name;
	store_err err = {0};
	size_t counts[8];
	store_pack *p;

	/* A second pack of everything, with deltas naming their bases by id. */
	cr_assert_eq(mkdir(refdir, 0700), 0);
	cr_assert_eq(
		git(&out, repo,
			"pack-objects -q --all --no-delta-base-offset --no-reuse-delta --depth=50 --window=250 '%s/ref' < /dev/null",
			refdir),
		0);
	out[40] = '\0';
	name = tu_fmt("ref-%s", out);
	free(out);
	count_entry_types(repo, refdir, name, counts);
	cr_assert_gt(counts[7], 100, "only %zu REF_DELTA entries", counts[7]);
	cr_assert_eq(counts[6], 0);

	p = store_pack_open(refdir, name, &err);
	cr_assert_not_null(p, "%s: %s", err.message, err.detail);
	expect_pack_matches_git(p, repo);
	store_pack_close(p);
	free(name);
	free(refdir);
	free(dir);
	free(repo);
}

Test(pack, reads_git_loose_objects)
{
	char *repo = init_repo("repo.git"), *objects = tu_fmt("%s/objects", repo);
	char *f = tu_fmt("%s/f", root), *out, *tree;
	unsigned char big[200000];
	size_t n, len;
	gobj *objs;
	store_oid absent;
	store_err err = {0};
	store_objtype type;
	unsigned char *data = NULL;

	/* Blobs (big, empty, binary, text), a tree, a commit and a tag, all loose. */
	fill_random(big, sizeof(big), 7);
	tu_write_file(f, big, sizeof(big));
	cr_assert_eq(git(NULL, repo, "hash-object -w '%s' /dev/null > /dev/null", f), 0);
	tu_write_file(f, "a\0b\n", 4);
	cr_assert_eq(git(NULL, repo, "hash-object -w --stdin < '%s' > /dev/null", f), 0);
	cr_assert_eq(git(&out, repo, "hash-object -w --stdin <<'EOF'\nhello\nEOF"), 0);
	tree = tu_fmt("100644 blob %.40s\tf\n", out);
	free(out);
	tu_write_file(f, tree, strlen(tree));
	free(tree);
	cr_assert_eq(git(&out, repo, "mktree < '%s'", f), 0);
	cr_assert_eq(git(&tree, repo, "commit-tree -m msg %.40s", out), 0);
	free(out);
	cr_assert_eq(git(NULL, repo, "update-ref refs/heads/main %.40s", tree), 0);
	free(tree);
	cr_assert_eq(git(NULL, repo, "tag -a -m release v1 main"), 0);
	cr_assert_eq(git(&out, repo, "count-objects"), 0);
	cr_assert(strncmp(out, "7 objects", 9) == 0, "%s", out);
	free(out);

	/* Each reads back as git reads it. */
	objs = git_objects(repo, &n);
	cr_assert_eq(n, 7);
	for (size_t i = 0; i < n; i++) {
		int rc = store_loose_read(objects, &objs[i].oid, &type, &data, &len, &err);

		expect_object(rc, &err, type, data, len, &objs[i]);
	}
	free_objects(objs, n);

	/* An absent object is a plain miss. */
	store_oid_hash_object(&absent, STORE_OBJ_BLOB, "absent", 6);
	cr_assert_eq(store_loose_read(objects, &absent, &type, &data, &len, &err), STORE_NOTFOUND);
	cr_assert_not(store_err_isset(&err));
	free(f);
	free(objects);
	free(repo);
}

Test(pack, corrupt_loose_objects_are_errors)
{
	static const struct {
		const char *raw;
		size_t len;
		int trailing; /* bytes of garbage after the zlib stream */
		int cut;      /* bytes cut off the end of the zlib stream */
		int ok;
	} cases[] = {
		{"blob 3\0abc", 10, 0, 0, 1},
		{"blob 0\0", 7, 0, 0, 1},
		{"blob 10\0abc", 11, 0, 0, 0},
		{"blob 3\0abcdef", 13, 0, 0, 0},
		{"blub 3\0abc", 10, 0, 0, 0},
		{"blob 03\0abc", 11, 0, 0, 0},
		{"blob -3\0abc", 11, 0, 0, 0},
		{"blob 3abc", 9, 0, 0, 0},
		{"blob\0abc", 8, 0, 0, 0},
		{"blob 99999999999999999999999\0", 29, 0, 0, 0},
		{"blob 1000000\0x", 14, 0, 0, 0},
		{"blob 3\0abc", 10, 3, 0, 0},
		{"blob 3\0abc", 10, 0, 4, 0},
		{"blob 3\0abc", 10, 0, 10, 0},
	};
	char *objects = tu_fmt("%s/objects", root), *sub = tu_fmt("%s/ab", objects);
	char *path = tu_fmt("%s/%038d", sub, 0);
	store_oid oid;

	cr_assert_eq(mkdir(objects, 0700), 0);
	cr_assert_eq(mkdir(sub, 0700), 0);
	cr_assert_eq(store_oid_parse(&oid, "ab00000000000000000000000000000000000000", 40), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned char z[256];
		uLongf zlen = sizeof(z);
		store_err err = {0};
		store_objtype type;
		unsigned char *data = NULL;
		size_t len;
		int rc;

		cr_assert_eq(
			compress2(z, &zlen, (const Bytef *)cases[i].raw, cases[i].len, 9), Z_OK);
		memcpy(z + zlen, "xyz", 3);
		tu_write_file(path, z, zlen + (size_t)cases[i].trailing - (size_t)cases[i].cut);
		rc = store_loose_read(objects, &oid, &type, &data, &len, &err);
		if (cases[i].ok) {
			cr_assert_eq(rc, STORE_OK, "case %zu: %s (%s)", i, err.message, err.detail);
			cr_assert_eq(type, STORE_OBJ_BLOB);
			cr_assert_eq(data[len], '\0');
			free(data);
		} else {
			cr_assert_eq(rc, STORE_ERROR, "case %zu read fine", i);
			cr_assert_str_eq(err.sqlstate, "XX001", "case %zu: %s", i, err.message);
			cr_assert_not_null(strstr(err.message, "is corrupt"));
			cr_assert_str_not_empty(err.detail);
		}
	}

	/* Not zlib at all, and an empty file. */
	for (int i = 0; i < 2; i++) {
		store_err err = {0};
		store_objtype type;
		unsigned char *data;
		size_t len;

		tu_write_file(path, "not zlib", i == 0 ? 8 : 0);
		cr_assert_eq(
			store_loose_read(objects, &oid, &type, &data, &len, &err), STORE_ERROR);
		cr_assert_str_eq(err.sqlstate, "XX001");
	}
	free(path);
	free(sub);
	free(objects);
}

/* ---- Prefix lookup ---- */

typedef void (*find_fn)(
	const void *where, const store_oid *prefix, size_t nhex, store_oid *out, int *nfound);

static void find_in_pack(
	const void *where, const store_oid *prefix, size_t nhex, store_oid *out, int *nfound)
{
	store_pack_find_prefix(where, prefix, nhex, out, nfound);
}

static void find_loose(
	const void *where, const store_oid *prefix, size_t nhex, store_oid *out, int *nfound)
{
	store_loose_find_prefix(where, prefix, nhex, out, nfound);
}

static int oid_cmp(const void *a, const void *b)
{
	return store_oid_cmp(a, b);
}

/* One lookup against a linear scan of the sorted ids. */
static void expect_prefix(find_fn find, const void *where, const store_oid *ids, size_t n,
	const store_oid *prefix, size_t nhex)
{
	int want = 0, got = -1;
	store_oid first, out;
	char hex[41];

	for (size_t i = 0; i < n; i++) {
		if (store_oid_prefix_match(&ids[i], prefix, nhex)) {
			if (want++ == 0)
				first = ids[i];
		}
	}
	find(where, prefix, nhex, &out, &got);
	store_oid_fmt(hex, prefix);
	cr_assert_eq(got, want > 2 ? 2 : want, "prefix %.*s: found %d, want %d", (int)nhex, hex,
		got, want);
	if (want > 0)
		cr_assert(store_oid_equal(&out, &first), "prefix %.*s: wrong first match",
			(int)nhex, hex);
}

/* Every prefix length of every id (with junk past the prefix), and random prefixes. */
static void expect_prefixes(find_fn find, const void *where, store_oid *ids, size_t n)
{
	uint64_t seed = 99;

	qsort(ids, n, sizeof(*ids), oid_cmp);
	for (size_t i = 0; i < n; i++) {
		for (size_t nhex = 1; nhex <= 8; nhex++) {
			store_oid prefix = ids[i];

			if (nhex % 2)
				prefix.id[nhex / 2] ^= 0x05;
			expect_prefix(find, where, ids, n, &prefix, nhex);
		}
		expect_prefix(find, where, ids, n, &ids[i], STORE_OID_HEXSZ);
	}
	for (int i = 0; i < 2000; i++) {
		store_oid prefix;

		fill_random(prefix.id, sizeof(prefix.id), rng_next(&seed));
		expect_prefix(find, where, ids, n, &prefix, 1 + rng_next(&seed) % 6);
	}
}

Test(pack, find_prefix_in_pack)
{
	char *repo = init_repo("repo.git"), *dir = tu_fmt("%s/objects/pack", repo), name[64], *out;
	size_t n = 3000;
	store_oid *ids = malloc(n * sizeof(*ids));
	store_err err = {0};
	store_packw *w = store_packw_open(dir, 1, &err);
	store_pack *p;

	for (size_t i = 0; i < n; i++) {
		char text[32];
		int len = snprintf(text, sizeof(text), "blob number %zu\n", i);

		store_oid_hash_object(&ids[i], STORE_OBJ_BLOB, text, (size_t)len);
		cr_assert_eq(store_packw_add(w, STORE_OBJ_BLOB, text, (size_t)len, &ids[i], &err),
			STORE_OK);
	}
	cr_assert_eq(store_packw_finish(w, name, sizeof(name), &err), STORE_OK);
	p = store_pack_open(dir, name, &err);
	cr_assert_not_null(p, "%s", err.message);
	expect_prefixes(find_in_pack, p, ids, n);

	/* git agrees on which short ids are ambiguous. */
	for (size_t i = 0; i < 50; i++) {
		char hex[41];
		store_oid first;
		int nfound;

		store_oid_fmt(hex, &ids[i * 37]);
		store_pack_find_prefix(p, &ids[i * 37], 4, &first, &nfound);
		cr_assert_eq(git(&out, repo, "rev-parse --disambiguate=%.4s", hex), 0);
		cr_assert_eq(nfound, strlen(out) > 41 ? 2 : 1, "prefix %.4s: %s", hex, out);
		free(out);
	}
	store_pack_close(p);
	free(ids);
	free(dir);
	free(repo);
}

Test(pack, find_prefix_in_loose)
{
	char *repo = init_repo("repo.git"), *objects = tu_fmt("%s/objects", repo);
	size_t n;
	gobj *objs;
	store_oid *ids;

	/* 400 loose blobs from one git run. */
	cr_assert_eq(
		tu_sh(NULL,
			"cd '%s' && mkdir f && for i in $(seq 400); do echo \"loose $i\" > f/$i; done",
			root),
		0);
	cr_assert_eq(git(NULL, repo, "hash-object -w '%s'/f/* > /dev/null", root), 0);
	objs = git_objects(repo, &n);
	cr_assert_eq(n, 400);
	ids = malloc(n * sizeof(*ids));
	for (size_t i = 0; i < n; i++)
		ids[i] = objs[i].oid;
	free_objects(objs, n);
	expect_prefixes(find_loose, objects, ids, n);
	free(ids);
	free(objects);
	free(repo);
}

/* ---- Corruption ---- */

/* Open dir/name and expect the XX001 error. */
static void expect_open_corrupt(const char *dir, const char *name, const char *what)
{
	store_err err = {0};
	store_pack *p = store_pack_open(dir, name, &err);

	cr_assert_null(p, "%s: opened", what);
	cr_assert_str_eq(err.sqlstate, "XX001", "%s: %s", what, err.message);
	cr_assert_not_null(strstr(err.message, "is corrupt"), "%s: %s", what, err.message);
	cr_assert_str_not_empty(err.detail);
}

Test(pack, truncated_files_are_corrupt)
{
	char *repo = init_repo("repo.git"), *dir = make_delta_repo(repo, 10),
	     *name = only_pack(dir);
	char *bad = tu_fmt("%s/bad", root), *s;
	unsigned char *pack, *idx;
	size_t pack_len, idx_len;

	cr_assert_eq(mkdir(bad, 0700), 0);
	s = tu_fmt("%s/%s.pack", dir, name);
	pack = tu_read_file(s, &pack_len);
	free(s);
	s = tu_fmt("%s/%s.idx", dir, name);
	idx = tu_read_file(s, &idx_len);
	free(s);

	for (int which = 0; which < 2; which++) {
		size_t full = which ? idx_len : pack_len;
		size_t cuts[] = {0, 1, 4, 8, 11, 12, 31, 32, 1000, 1071, 1072, full / 2, full - 41,
			full - 21, full - 20, full - 1};

		for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
			char what[64];

			snprintf(what, sizeof(what), "%s cut to %zu", which ? "idx" : "pack",
				cuts[i]);
			s = tu_fmt("%s/t.pack", bad);
			tu_write_file(s, pack, which ? pack_len : cuts[i]);
			free(s);
			s = tu_fmt("%s/t.idx", bad);
			tu_write_file(s, idx, which ? cuts[i] : idx_len);
			free(s);
			expect_open_corrupt(bad, "t", what);
		}
	}

	/* The intact copy opens: the cuts above were the only problem. */
	s = tu_fmt("%s/t.pack", bad);
	tu_write_file(s, pack, pack_len);
	free(s);
	s = tu_fmt("%s/t.idx", bad);
	tu_write_file(s, idx, idx_len);
	free(s);
	{
		store_err err = {0};
		store_pack *p = store_pack_open(bad, "t", &err);

		cr_assert_not_null(p, "%s: %s", err.message, err.detail);
		store_pack_close(p);
	}
	free(pack);
	free(idx);
	free(bad);
	free(name);
	free(dir);
	free(repo);
}

/* Read every object of a damaged pack; any answer but a crash or a non-XX001 error is fine. */
static void read_all_tolerantly(
	const char *dir, const char *name, const store_oid *ids, size_t n, size_t *errors)
{
	store_err err = {0};
	store_pack *p = store_pack_open(dir, name, &err);

	if (p == NULL) {
		cr_assert_str_eq(err.sqlstate, "XX001", "%s", err.message);
		(*errors)++;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		store_objtype type;
		unsigned char *data = NULL;
		size_t len;
		int rc;

		store_err_clear(&err);
		rc = store_pack_read(p, &ids[i], &type, &data, &len, &err);
		if (rc == STORE_OK) {
			cr_assert_eq(data[len], '\0');
			free(data);
		} else if (rc == STORE_ERROR) {
			cr_assert_str_eq(err.sqlstate, "XX001", "%s: %s", err.message, err.detail);
			(*errors)++;
		}
	}
	store_pack_close(p);
}

Test(pack, damaged_bytes_never_crash)
{
	char *repo = init_repo("repo.git"), *dir = make_delta_repo(repo, 15),
	     *name = only_pack(dir);
	char *bad = tu_fmt("%s/bad", root), *pack_path = tu_fmt("%s/t.pack", bad);
	char *idx_path = tu_fmt("%s/t.idx", bad), *s;
	unsigned char *pack, *idx;
	size_t pack_len, idx_len, n, errors = 0;
	gobj *objs = git_objects(repo, &n);
	store_oid *ids = malloc(n * sizeof(*ids));

	for (size_t i = 0; i < n; i++)
		ids[i] = objs[i].oid;
	free_objects(objs, n);
	cr_assert_eq(mkdir(bad, 0700), 0);
	s = tu_fmt("%s/%s.pack", dir, name);
	pack = tu_read_file(s, &pack_len);
	free(s);
	s = tu_fmt("%s/%s.idx", dir, name);
	idx = tu_read_file(s, &idx_len);
	free(s);

	/* Damage the body of the pack (its checksum stays valid for the index). */
	tu_write_file(idx_path, idx, idx_len);
	for (size_t pos = 12; pos < pack_len - 20; pos += pack_len / 300) {
		pack[pos] ^= 0x5a;
		tu_write_file(pack_path, pack, pack_len);
		pack[pos] ^= 0x5a;
		read_all_tolerantly(bad, "t", ids, n, &errors);
	}
	cr_assert_gt(errors, 100, "the damage went unnoticed: %zu errors", errors);

	/* Damage the index: fan-out, ids, offsets. */
	errors = 0;
	tu_write_file(pack_path, pack, pack_len);
	for (size_t pos = 8; pos < idx_len - 40; pos += idx_len / 300) {
		idx[pos] ^= 0xa5;
		tu_write_file(idx_path, idx, idx_len);
		idx[pos] ^= 0xa5;
		read_all_tolerantly(bad, "t", ids, n, &errors);
	}
	cr_assert_gt(errors, 50, "the damage went unnoticed: %zu errors", errors);

	free(ids);
	free(pack);
	free(idx);
	free(pack_path);
	free(idx_path);
	free(bad);
	free(name);
	free(dir);
	free(repo);
}

/*
 * A hand-made pack entry: type, declared size, base (an entry index for
 * deltas, -1 for none, -2 for an id absent from the pack), and data that
 * is deflated unless raw is set.
 */
typedef struct fixture {
	int type;
	uint64_t size;
	int base;
	uint64_t rel; /* OFS_DELTA: this distance instead of the base's */
	const char *data;
	size_t len;
	int raw;
	const char *want; /* content expected, NULL when the read must fail */
} fixture;

#define FX(type, base, data, want)                                                                 \
	{                                                                                          \
		type, sizeof(data) - 1, base, 0, data, sizeof(data) - 1, 0, want                   \
	}

static void fixture_oid(store_oid *oid, int i)
{
	memset(oid->id, 0xab, sizeof(oid->id));
	oid->id[0] = (unsigned char)(i < 0 ? 0xee : i + 1);
}

/*
 * Write fx as dir/fx.pack and dir/fx.idx.  Entry i gets the id
 * (i+1, ab, ab, ...); every offset goes through the 64-bit table, which
 * exercises it without a 2 GiB file.
 */
static void write_fixture(const char *dir, const fixture *fx, size_t n)
{
	size_t cap = 65536, len = 12, idx_len = 8 + 1024 + n * 36 + 40;
	unsigned char *pack = malloc(cap), *idx = malloc(idx_len), *p;
	uint64_t *offs = malloc(n * sizeof(*offs));
	char *s;

	memcpy(pack, "PACK\0\0\0\2", 8);
	pack[8] = 0;
	pack[9] = 0;
	pack[10] = (unsigned char)(n >> 8);
	pack[11] = (unsigned char)n;
	for (size_t i = 0; i < n; i++) {
		uint64_t size = fx[i].size;
		unsigned char c = (unsigned char)(fx[i].type << 4 | (size & 15));
		uLongf zlen = cap - len - 64;

		offs[i] = len;
		for (size >>= 4; size; size >>= 7) {
			pack[len++] = c | 0x80;
			c = size & 0x7f;
		}
		pack[len++] = c;
		if (fx[i].type == 6) {
			uint64_t rel = fx[i].rel ? fx[i].rel : offs[i] - offs[fx[i].base];
			unsigned char tmp[16];
			int k = 15;

			tmp[k] = rel & 127;
			while (rel >>= 7)
				tmp[--k] = 128 | (--rel & 127);
			memcpy(pack + len, tmp + k, (size_t)(16 - k));
			len += (size_t)(16 - k);
		} else if (fx[i].type == 7) {
			store_oid base;

			fixture_oid(&base, fx[i].base);
			memcpy(pack + len, base.id, 20);
			len += 20;
		}
		if (fx[i].raw) {
			memcpy(pack + len, fx[i].data, fx[i].len);
			zlen = fx[i].len;
		} else {
			cr_assert_eq(compress2(pack + len, &zlen, (const Bytef *)fx[i].data,
					     fx[i].len, 9),
				Z_OK);
		}
		len += zlen;
	}
	SHA1(pack, len, pack + len);
	len += 20;

	/* Ids are increasing by construction, one per first byte. */
	memcpy(idx, "\377tOc\0\0\0\2", 8);
	for (int b = 0; b < 256; b++) {
		uint32_t count = b < 1 ? 0 : (uint32_t)((size_t)b < n ? (size_t)b : n);

		p = idx + 8 + 4 * b;
		p[0] = (unsigned char)(count >> 24);
		p[1] = (unsigned char)(count >> 16);
		p[2] = (unsigned char)(count >> 8);
		p[3] = (unsigned char)count;
	}
	p = idx + 1032;
	for (size_t i = 0; i < n; i++, p += 20) {
		store_oid oid;

		fixture_oid(&oid, (int)i);
		memcpy(p, oid.id, 20);
	}
	memset(p, 0, 4 * n); /* CRCs: readers do not check them */
	p += 4 * n;
	for (size_t i = 0; i < n; i++, p += 4) {
		p[0] = 0x80;
		p[1] = 0;
		p[2] = (unsigned char)(i >> 8);
		p[3] = (unsigned char)i;
	}
	for (size_t i = 0; i < n; i++, p += 8) {
		for (int k = 0; k < 8; k++)
			p[k] = (unsigned char)(offs[i] >> (56 - 8 * k));
	}
	memcpy(p, pack + len - 20, 20);
	SHA1(idx, idx_len - 20, idx + idx_len - 20);

	s = tu_fmt("%s/fx.pack", dir);
	tu_write_file(s, pack, len);
	free(s);
	s = tu_fmt("%s/fx.idx", dir);
	tu_write_file(s, idx, idx_len);
	free(s);
	free(offs);
	free(pack);
	free(idx);
}

Test(pack, bad_deltas_and_entries_are_corrupt)
{
	/* Deltas are: base size, result size, then copy (0x80|...) and insert (1..127) instructions. */
	static const fixture fx[] = {
		FX(3, -1, "hello world", "hello world"),
		FX(6, 0, "\x0b\x07\x90\x05\x02!!", "hello!!"),
		FX(7, 0, "\x0b\x07\x90\x05\x02!!", "hello!!"),
		FX(6, 1, "\x07\x09\x90\x07\x02??", "hello!!??"),
		FX(6, 0, "\x0b\x05\x91\x08\x05", NULL), /* copy past the base */
		FX(6, 0,
			"\x0b\x0a\x0a"
			"abc",
			NULL),                                     /* insert past the delta */
		FX(6, 0, "\x0b\x14\x90\x0b", NULL),                /* makes 11 bytes, not 20 */
		FX(6, 0, "\x0c\x05\x90\x05", NULL),                /* base size 12, not 11 */
		FX(6, 0, "\x0b\x01\x00", NULL),                    /* reserved instruction */
		FX(6, 0, "\x0b\x05\x91\x08", NULL),                /* copy cut short */
		FX(6, 0, "\x8b", NULL),                            /* header cut short */
		{6, 4, 0, 100000, "\x0b\x05\x90\x05", 4, 0, NULL}, /* base before the pack */
		FX(7, -2, "\x0b\x05\x90\x05", NULL),               /* base not in the pack */
		FX(7, 14, "\x0b\x05\x90\x05", NULL),               /* a loop of two deltas */
		FX(7, 13, "\x0b\x05\x90\x05", NULL),
		FX(5, -1, "abc", NULL),                         /* type 5 does not exist */
		{3, 100, -1, 0, "hello world", 11, 0, NULL},    /* inflates short */
		{3, 5, -1, 0, "hello world", 11, 0, NULL},      /* inflates long */
		{3, 5, -1, 0, "not zlib", 8, 1, NULL},          /* not deflated */
		{3, UINT64_C(1) << 45, -1, 0, "x", 1, 0, NULL}, /* absurd size */
		FX(6, 7, "\x05\x05\x90\x05", NULL),             /* its base is broken */
		FX(1, -1, "x", "x"),
	};
	size_t n = sizeof(fx) / sizeof(fx[0]);
	char *dir = tu_fmt("%s/fx", root), *s;
	store_err err = {0};
	store_pack *p;

	cr_assert_eq(mkdir(dir, 0700), 0);
	write_fixture(dir, fx, n);
	p = store_pack_open(dir, "fx", &err);
	cr_assert_not_null(p, "%s: %s", err.message, err.detail);
	for (size_t i = 0; i < n; i++) {
		store_oid oid;
		store_objtype type;
		unsigned char *data = NULL;
		size_t len;
		int rc;

		store_err_clear(&err);
		fixture_oid(&oid, (int)i);
		rc = store_pack_read(p, &oid, &type, &data, &len, &err);
		if (fx[i].want != NULL) {
			cr_assert_eq(
				rc, STORE_OK, "entry %zu: %s (%s)", i, err.message, err.detail);
			cr_assert_eq(len, strlen(fx[i].want));
			cr_assert_str_eq((char *)data, fx[i].want);
			free(data);
		} else {
			cr_assert_eq(rc, STORE_ERROR, "entry %zu read fine", i);
			cr_assert_str_eq(err.sqlstate, "XX001", "entry %zu: %s", i, err.message);
			cr_assert_str_not_empty(err.detail);
		}
	}
	store_pack_close(p);

	/* An index entry pointing past the 64-bit table, or past the pack. */
	for (int k = 0; k < 2; k++) {
		size_t idx_len;
		unsigned char *idx;
		store_oid oid;
		store_objtype type;
		unsigned char *data;
		size_t len;

		s = tu_fmt("%s/fx.idx", dir);
		idx = tu_read_file(s, &idx_len);
		if (k == 0)
			idx[1032 + 24 * n + 3] = 0xff; /* entry 0 -> 64-bit slot 255 */
		else
			idx[1032 + 28 * n + 3] = 0x7f; /* entry 0's 64-bit offset */
		tu_write_file(s, idx, idx_len);
		free(idx);
		free(s);
		store_err_clear(&err);
		p = store_pack_open(dir, "fx", &err);
		cr_assert_not_null(p);
		fixture_oid(&oid, 0);
		cr_assert_eq(store_pack_read(p, &oid, &type, &data, &len, &err), STORE_ERROR);
		cr_assert_str_eq(err.sqlstate, "XX001");
		store_pack_close(p);
		write_fixture(dir, fx, n);
	}
	free(dir);
}

/* ---- Threads ---- */

typedef struct reader_arg {
	const store_pack *p;
	size_t start;
	size_t failures;
} reader_arg;

/* Read every object a few times, checking each against its id. */
static void *reader_main(void *arg)
{
	reader_arg *a = arg;
	uint32_t n = store_pack_count(a->p);

	for (int round = 0; round < 4; round++) {
		for (uint32_t k = 0; k < n; k++) {
			uint32_t i = (uint32_t)((a->start + k) % n);
			store_err err = {0};
			store_objtype type;
			unsigned char *data;
			size_t len;
			store_oid oid, check, first;
			int nfound;

			store_pack_oid_at(a->p, i, &oid);
			store_pack_find_prefix(a->p, &oid, 12, &first, &nfound);
			if (store_pack_read(a->p, &oid, &type, &data, &len, &err) != STORE_OK) {
				a->failures++;
				continue;
			}
			store_oid_hash_object(&check, type, data, len);
			if (!store_oid_equal(&oid, &check) || nfound != 1 ||
				!store_oid_equal(&oid, &first))
				a->failures++;
			free(data);
		}
	}
	return NULL;
}

Test(pack, concurrent_reads)
{
	char *repo = init_repo("repo.git"), *dir = make_delta_repo(repo, 30),
	     *name = only_pack(dir);
	store_err err = {0};
	store_pack *p = store_pack_open(dir, name, &err);
	pthread_t threads[8];
	reader_arg args[8];

	cr_assert_not_null(p, "%s", err.message);
	for (int t = 0; t < 8; t++) {
		args[t] = (reader_arg){p, (size_t)t * 97, 0};
		cr_assert_eq(pthread_create(&threads[t], NULL, reader_main, &args[t]), 0);
	}
	for (int t = 0; t < 8; t++) {
		cr_assert_eq(pthread_join(threads[t], NULL), 0);
		cr_assert_eq(args[t].failures, 0, "thread %d: %zu bad reads", t, args[t].failures);
	}
	store_pack_close(p);
	free(name);
	free(dir);
	free(repo);
}

/* ---- Large packs (opt-in: writes 2.3 GB) ---- */

Test(pack, offsets_past_2gib, .timeout = 900)
{
	char *repo, *dir, name[64], *s, *out;
	size_t chunk = 600u << 20, idx_len, check_len;
	unsigned char *buf, *idx, *check;
	store_oid oids[5];
	store_err err = {0};
	store_packw *w;
	store_pack *p;

	if (getenv("CHRONDB_TEST_LARGE") == NULL)
		cr_skip_test("set CHRONDB_TEST_LARGE=1 to write a 2.3 GB pack");

	/* Four incompressible 600 MB blobs, then a small one beyond 2 GiB. */
	repo = init_repo("repo.git");
	dir = tu_fmt("%s/objects/pack", repo);
	buf = malloc(chunk);
	fill_random(buf, chunk, 1);
	w = store_packw_open(dir, 1, &err);
	for (int i = 0; i < 4; i++) {
		memcpy(buf, &i, sizeof(i));
		store_oid_hash_object(&oids[i], STORE_OBJ_BLOB, buf, chunk);
		cr_assert_eq(store_packw_add(w, STORE_OBJ_BLOB, buf, chunk, &oids[i], &err),
			STORE_OK, "%s", err.message);
	}
	store_oid_hash_object(&oids[4], STORE_OBJ_BLOB, "tail\n", 5);
	cr_assert_eq(store_packw_add(w, STORE_OBJ_BLOB, "tail\n", 5, &oids[4], &err), STORE_OK);
	cr_assert_eq(store_packw_finish(w, name, sizeof(name), &err), STORE_OK, "%s", err.message);

	/* git's index of the pack is ours, 64-bit table included. */
	cr_assert_eq(
		git(&out, repo, "index-pack -o '%s/check.idx' '%s/%s.pack'", root, dir, name), 0);
	free(out);
	s = tu_fmt("%s/%s.idx", dir, name);
	idx = tu_read_file(s, &idx_len);
	free(s);
	s = tu_fmt("%s/check.idx", root);
	check = tu_read_file(s, &check_len);
	free(s);
	cr_assert_eq(idx_len, check_len);
	cr_assert(memcmp(idx, check, idx_len) == 0);
	cr_assert_eq(idx_len, 1072 + 5 * 28 + 2 * 8 + 40, "expected two 64-bit offsets");

	/* And we read across the boundary. */
	p = store_pack_open(dir, name, &err);
	cr_assert_not_null(p, "%s", err.message);
	for (int i = 3; i < 5; i++) {
		store_objtype type;
		unsigned char *data;
		size_t len;
		store_oid check_oid;

		cr_assert_eq(store_pack_read(p, &oids[i], &type, &data, &len, &err), STORE_OK, "%s",
			err.message);
		store_oid_hash_object(&check_oid, type, data, len);
		cr_assert(store_oid_equal(&check_oid, &oids[i]));
		free(data);
	}
	store_pack_close(p);
	free(idx);
	free(check);
	free(buf);
	free(dir);
	free(repo);
}
