/*
 * object.c - tests for Git tree and commit encoding (storage/object.h):
 * tree iteration, lookup and patching, commit encoding and parsing.
 *
 * git is the judge.  Trees git writes (git mktree, every mode) must
 * iterate as git ls-tree lists them; names sorted with
 * store_tree_name_cmp must come out in the order git sorts them; and a
 * tree patched entry by entry (insert, replace, delete, file <->
 * directory) must hash to the id git mktree gives for the same entries,
 * which holds only if the bytes and the order are git's.  Commits we
 * encode must hash to the ids git commit-tree gives, parse back field
 * for field, and pass git fsck --strict with odd but legal idents.  git
 * runs with a private HOME and no system configuration.
 */
#include <criterion/criterion.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "object.h"
#include "testutil.h"

static char *root; /* this test's scratch directory, also git's HOME */
static char *repo; /* root/repo.git, a bare repository */

static void setup(void)
{
	root = tu_tmpdir("object");
	setenv("HOME", root, 1);
	setenv("XDG_CONFIG_HOME", root, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("TZ", "UTC", 1);
	setenv("GIT_AUTHOR_NAME", "Test Author", 1);
	setenv("GIT_AUTHOR_EMAIL", "author@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "Test Committer", 1);
	setenv("GIT_COMMITTER_EMAIL", "committer@example.com", 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_OBJECT_DIRECTORY");
	unsetenv("GIT_ALTERNATE_OBJECT_DIRECTORIES");
	cr_assert_geq(asprintf(&repo, "%s/repo.git", root), 0);
	cr_assert_eq(tu_sh(NULL, "git init -q --bare '%s'", repo), 0);
}

static void teardown(void)
{
	tu_rmtree(root);
	free(root);
	free(repo);
}

TestSuite(object, .init = setup, .fini = teardown);

/* ---- Helpers ---- */

/*
 * Run a git command on the repository; it must succeed.  Returns its
 * first line of output (the id most commands print), caller frees.
 */
static char *git_ok(const char *f, ...) __attribute__((format(printf, 1, 2)));

static char *git_ok(const char *f, ...)
{
	va_list ap;
	char *args, *out = NULL;
	int rc;

	va_start(ap, f);
	cr_assert_geq(vasprintf(&args, f, ap), 0);
	va_end(ap);
	rc = tu_sh(&out, "git --git-dir='%s' %s", repo, args);
	cr_assert_eq(rc, 0, "git %s: exit %d\n%s", args, rc, out);
	out[strcspn(out, "\n")] = '\0';
	free(args);
	return out;
}

static void oid_of_hex(store_oid *oid, const char *hex)
{
	cr_assert_eq(store_oid_parse(oid, hex, strlen(hex)), 0, "not an id: \"%s\"", hex);
}

/* An id that is not the hash of anything: byte 0 = a, byte 19 = b. */
static store_oid fake_oid(int a, int b)
{
	store_oid o;

	memset(o.id, 0x5c, sizeof(o.id));
	o.id[0] = (unsigned char)a;
	o.id[19] = (unsigned char)b;
	return o;
}

/* One entry of the model a patched tree is checked against. */
typedef struct ment {
	char name[32];
	uint32_t mode;
	store_oid oid;
} ment;

static const char *type_of_mode(uint32_t mode)
{
	return mode == STORE_MODE_TREE ? "tree" : mode == 0160000 ? "commit" : "blob";
}

/* The id git mktree gives for these entries (in any order). */
static store_oid git_mktree(const ment *m, size_t n)
{
	char *in = tu_fmt("%s/mktree.in", root), *hex;
	store_buf b = STORE_BUF_INIT;
	store_oid oid;

	for (size_t i = 0; i < n; i++) {
		char h[41];

		store_oid_fmt(h, &m[i].oid);
		store_buf_printf(
			&b, "%06o %s %s\t%s", m[i].mode, type_of_mode(m[i].mode), h, m[i].name);
		store_buf_putc(&b, '\0');
	}
	tu_write_file(in, b.data ? b.data : (unsigned char *)"", b.len);
	hex = git_ok("mktree -z --missing < '%s'", in);
	oid_of_hex(&oid, hex);
	free(hex);
	free(in);
	store_buf_free(&b);
	return oid;
}

/* The tree t must be the one git makes from the model's entries. */
static void expect_tree_is_git(const store_buf *t, const ment *m, size_t n, const char *what)
{
	store_oid ours, theirs = git_mktree(m, n);
	char a[41], b[41];
	size_t pos = 0, count = 0;
	store_tree_entry e;
	int r;

	const unsigned char *data = t->data ? t->data : (const unsigned char *)"";

	while ((r = store_tree_next(data, t->len, &pos, &e)) == 1)
		count++;
	cr_assert_eq(r, 0, "%s: the patched tree does not parse", what);
	cr_assert_eq(count, n, "%s: %zu entries, want %zu", what, count, n);
	store_oid_hash_object(&ours, STORE_OBJ_TREE, data, t->len);
	store_oid_fmt(a, &ours);
	store_oid_fmt(b, &theirs);
	cr_assert_str_eq(a, b, "%s: our tree is not git's", what);
}

/* Set (or with oid NULL remove) a model entry. */
static size_t model_set(ment *m, size_t n, const char *name, uint32_t mode, const store_oid *oid)
{
	size_t i;

	for (i = 0; i < n && strcmp(m[i].name, name) != 0; i++)
		;
	if (oid == NULL) {
		if (i < n)
			m[i] = m[--n];
		return n;
	}
	snprintf(m[i].name, sizeof(m[i].name), "%s", name);
	m[i].mode = mode;
	m[i].oid = *oid;
	return i < n ? n : n + 1;
}

/* Patch t in place (through a second buffer) and assert success. */
static void patch(store_buf *t, const char *name, uint32_t mode, const store_oid *oid)
{
	store_buf out = STORE_BUF_INIT;

	cr_assert_eq(store_tree_patch(t->data ? t->data : (const unsigned char *)"", t->len, name,
			     strlen(name), mode, oid, &out),
		0, "patching \"%s\" failed", name);
	store_buf_free(t);
	*t = out;
}

/* ---- Tree iteration and lookup ---- */

Test(object, tree_next_walks_what_git_writes)
{
	static const ment in[] = {
		{"README", 0100644, {{0}}},
		{"run.sh", 0100755, {{0}}},
		{"link", 0120000, {{0}}},
		{"sub", 0160000, {{0}}},
		{"dir", 0040000, {{0}}},
		{"dir.txt", 0100644, {{0}}},
		{"d\xc3\xa9j\xc3\xa0 vu", 0100644, {{0}}},
		{"a name with spaces", 0100644, {{0}}},
	};
	ment m[8];
	size_t n = sizeof(in) / sizeof(in[0]), len, pos = 0, k = 0;
	char *path = tu_fmt("%s/tree.raw", root), *ls;
	unsigned char *raw;
	store_oid id, check;
	store_tree_entry e;
	int r;

	memcpy(m, in, sizeof(in));
	for (size_t i = 0; i < n; i++)
		m[i].oid = fake_oid((int)i + 1, 0xee);
	id = git_mktree(m, n);
	{
		char h[41];

		store_oid_fmt(h, &id);
		free(git_ok("cat-file tree %s > '%s'", h, path));
		ls = tu_fmt("%s/ls.out", root);
		free(git_ok("ls-tree -z %s > '%s'", h, ls));
	}
	raw = tu_read_file(path, &len);
	store_oid_hash_object(&check, STORE_OBJ_TREE, raw, len);
	cr_assert(store_oid_equal(&check, &id));

	/* Entry by entry as ls-tree lists them: "<mode> <type> <id>\t<name>\0". */
	{
		size_t lslen;
		unsigned char *listing = tu_read_file(ls, &lslen);
		char *p = (char *)listing, *end = p + lslen;

		while ((r = store_tree_next(raw, len, &pos, &e)) == 1) {
			char h[41], *tab;
			unsigned long mode;

			cr_assert_lt(p, end, "more entries than ls-tree lists");
			mode = strtoul(p, NULL, 8);
			tab = strchr(p, '\t');
			cr_assert_not_null(tab);
			store_oid_fmt(h, &e.oid);
			cr_assert_eq(
				e.mode, mode, "entry %zu: mode %o, git says %lo", k, e.mode, mode);
			cr_assert(tab - p > 40 && strncmp(tab - 40, h, 40) == 0,
				"entry %zu: id %s, git says %.*s", k, h, (int)(tab - p), p);
			cr_assert_eq(e.namelen, strlen(tab + 1));
			cr_assert(memcmp(e.name, tab + 1, e.namelen) == 0,
				"entry %zu: name %.*s, git says %s", k, (int)e.namelen, e.name,
				tab + 1);
			p = tab + 1 + strlen(tab + 1) + 1;
			k++;
		}
		cr_assert_eq(r, 0);
		cr_assert_eq(k, n);
		cr_assert_eq(p, end, "ls-tree lists more entries");
		free(listing);
	}

	/* Past the end it stays at the end. */
	cr_assert_eq(store_tree_next(raw, len, &pos, &e), 0);
	cr_assert_eq(pos, len);
	pos = 0;
	cr_assert_eq(store_tree_next(raw, 0, &pos, &e), 0, "an empty tree has entries");
	free(raw);
	free(ls);
	free(path);
}

/* Raw tree bytes as a string literal with NULs: length without the literal's own NUL. */
#define RAW(s) (const unsigned char *)(s), sizeof(s) - 1
#define ID19   "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13"
#define ID20   "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14"

Test(object, tree_next_refuses_corrupt_bytes)
{
	static const struct {
		const unsigned char *data;
		size_t len;
		int good; /* entries that parse before the damage */
		int end;  /* what the iteration ends with: 0 at the end, -1 at the damage */
		const char *what;
	} cases[] = {
		{RAW("100644 a\0" ID20), 1, 0, "intact"},
		{RAW("100644 a\0" ID20 "40000 b\0" ID20), 2, 0, "intact, two entries"},
		{RAW("100644 a\0\x01\x02\x03"), 0, -1, "id cut short"},
		{RAW("100644 a\0" ID19), 0, -1, "id one byte short"},
		{RAW("100644 a\0" ID20 "1"), 1, -1, "a mode alone after the first entry"},
		{RAW("100644a\0" ID20), 0, -1, "no space after the mode"},
		{RAW(" a\0" ID20), 0, -1, "no mode"},
		{RAW("10064x a\0" ID20), 0, -1, "a letter in the mode"},
		{RAW("100648 a\0" ID20), 0, -1, "an 8 in the mode"},
		{RAW("100644 \0" ID20), 0, -1, "an empty name"},
		{RAW("100644 abc"), 0, -1, "no NUL after the name"},
		{RAW("100644"), 0, -1, "a mode and nothing else"},
		{RAW("100644 a\0" ID20 "100644 b"), 1, -1, "a second entry cut short"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t pos = 0;
		int k = 0, r;
		store_tree_entry e;
		store_buf out = STORE_BUF_INIT;
		int bad = cases[i].end;

		while ((r = store_tree_next(cases[i].data, cases[i].len, &pos, &e)) == 1)
			k++;
		cr_assert_eq(k, cases[i].good, "%s: %d entries parse", cases[i].what, k);
		cr_assert_eq(r, bad, "%s: iteration ends with %d", cases[i].what, r);

		/* Lookup and patching must notice too: "zzz" sorts after every entry here. */
		cr_assert_eq(store_tree_find(cases[i].data, cases[i].len, "zzz", 3, &e), bad,
			"%s: find", cases[i].what);
		cr_assert_eq(store_tree_patch(cases[i].data, cases[i].len, "zzz", 3,
				     STORE_MODE_BLOB, NULL, &out),
			bad, "%s: patch", cases[i].what);
		store_buf_free(&out);
	}
}

Test(object, tree_find_matches_whole_names)
{
	ment m[] = {
		{"a", STORE_MODE_BLOB, {{0}}},
		{"a.b", STORE_MODE_BLOB, {{0}}},
		{"a0", STORE_MODE_EXEC, {{0}}},
		{"ab", STORE_MODE_TREE, {{0}}},
		{"b", STORE_MODE_TREE, {{0}}},
	};
	size_t n = sizeof(m) / sizeof(m[0]);
	store_buf t = STORE_BUF_INIT;
	store_tree_entry e;
	static const char *const absent[] = {"", "a.", "a.bc", "A", "b/", "ba", "aa", "0"};

	/* Built by patching, in an order that is not the tree's. */
	for (size_t i = n; i-- > 0;) {
		m[i].oid = fake_oid((int)i + 10, (int)i);
		patch(&t, m[i].name, m[i].mode, &m[i].oid);
	}
	expect_tree_is_git(&t, m, n, "five entries");
	for (size_t i = 0; i < n; i++) {
		memset(&e, 0, sizeof(e));
		cr_assert_eq(store_tree_find(t.data, t.len, m[i].name, strlen(m[i].name), &e), 1,
			"\"%s\" not found", m[i].name);
		cr_assert_eq(e.namelen, strlen(m[i].name));
		cr_assert(memcmp(e.name, m[i].name, e.namelen) == 0);
		cr_assert_eq(e.mode, m[i].mode, "\"%s\": mode %o", m[i].name, e.mode);
		cr_assert(store_oid_equal(&e.oid, &m[i].oid), "\"%s\": another id", m[i].name);
		cr_assert_geq((const unsigned char *)e.name, t.data, "the name is not borrowed");
		cr_assert_lt((const unsigned char *)e.name, t.data + t.len);
	}
	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
		cr_assert_eq(store_tree_find(t.data, t.len, absent[i], strlen(absent[i]), &e), 0,
			"\"%s\" found", absent[i]);
	cr_assert_eq(store_tree_find(t.data, 0, "a", 1, &e), 0, "found in an empty tree");
	store_buf_free(&t);
}

/* ---- Tree order ---- */

Test(object, tree_name_cmp_is_git_order)
{
	static const struct {
		const char *a;
		int adir;
		const char *b;
		int bdir;
		int sign;
	} pairs[] = {
		{"a", 0, "a", 0, 0},
		{"a", 1, "a", 1, 0},
		{"a", 0, "a", 1, -1},   /* "a" < "a/" */
		{"a", 0, "a.b", 0, -1}, /* a prefix first */
		{"a", 1, "a.b", 0, 1},  /* "a/" > "a.b": '/' > '.' */
		{"a", 1, "a-b", 0, 1},  /* '/' > '-' */
		{"a", 1, "a0", 0, -1},  /* '/' < '0' */
		{"a", 1, "a0", 1, -1},
		{"a.b", 1, "a", 1, -1}, /* "a.b/" < "a/" */
		{"ab", 0, "b", 0, -1},
		{"B", 0, "a", 0, -1},        /* bytes, not letters: 'B' < 'a' */
		{"z", 0, "\xc3\xa9", 0, -1}, /* unsigned bytes: 0xc3 > 'z' */
		{"a\x7f", 0, "a\x80", 0, -1},
	};

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		int c = store_tree_name_cmp(pairs[i].a, strlen(pairs[i].a), pairs[i].adir,
			pairs[i].b, strlen(pairs[i].b), pairs[i].bdir);
		int r = store_tree_name_cmp(pairs[i].b, strlen(pairs[i].b), pairs[i].bdir,
			pairs[i].a, strlen(pairs[i].a), pairs[i].adir);
		int sign = (c > 0) - (c < 0);

		cr_assert_eq(sign, pairs[i].sign, "cmp(%s%s, %s%s) = %d", pairs[i].a,
			pairs[i].adir ? "/" : "", pairs[i].b, pairs[i].bdir ? "/" : "", c);
		cr_assert_eq(
			(r > 0) - (r < 0), -pairs[i].sign, "not antisymmetric for pair %zu", i);
	}
}

static int ment_cmp(const void *x, const void *y)
{
	const ment *a = x, *b = y;

	return store_tree_name_cmp(a->name, strlen(a->name), a->mode == STORE_MODE_TREE, b->name,
		strlen(b->name), b->mode == STORE_MODE_TREE);
}

Test(object, tree_name_cmp_sorts_as_git_ls_tree)
{
	static const char alphabet[] = "a.-0/~\x7f\xc3";
	ment m[120];
	size_t n = 0;
	uint64_t s = 12345;
	char *ls = tu_fmt("%s/ls.out", root), h[41];
	store_oid id;
	unsigned char *listing;
	size_t lslen;
	char *p;

	/* Distinct names over a confusable alphabet ('/' stands for nothing: skipped). */
	while (n < sizeof(m) / sizeof(m[0])) {
		char name[5];
		size_t len = 0, k;

		s = s * 6364136223846793005ull + 1442695040888963407ull;
		for (int i = 0; i < 1 + (int)(s >> 60) % 4; i++) {
			char c = alphabet[(s >> (8 * i + 8)) % (sizeof(alphabet) - 1)];

			if (c != '/')
				name[len++] = c;
		}
		name[len] = '\0';
		if (strspn(name, ".") == len)
			continue; /* "", "." and ".." are not names */
		for (k = 0; k < n && strcmp(m[k].name, name) != 0; k++)
			;
		if (k < n)
			continue;
		snprintf(m[n].name, sizeof(m[n].name), "%s", name);
		m[n].mode = (s >> 40) & 1 ? STORE_MODE_TREE : STORE_MODE_BLOB;
		m[n].oid = fake_oid((int)n, 1);
		n++;
	}

	/* git sorts what mktree gets; ls-tree must list it in our order. */
	id = git_mktree(m, n);
	store_oid_fmt(h, &id);
	free(git_ok("ls-tree -z %s > '%s'", h, ls));
	qsort(m, n, sizeof(m[0]), ment_cmp);
	listing = tu_read_file(ls, &lslen);
	p = (char *)listing;
	for (size_t i = 0; i < n; i++) {
		char *tab = strchr(p, '\t');

		cr_assert_not_null(tab);
		cr_assert_str_eq(tab + 1, m[i].name, "position %zu: git has \"%s\", we \"%s\"%s", i,
			tab + 1, m[i].name, m[i].mode == STORE_MODE_TREE ? " (a directory)" : "");
		p = tab + strlen(tab) + 1;
	}
	free(listing);
	free(ls);
}

/* ---- Tree patching ---- */

Test(object, tree_patch_insert_replace_delete_as_git)
{
	ment m[16];
	size_t n = 0;
	store_buf t = STORE_BUF_INIT, copy = STORE_BUF_INIT;
	store_oid o[20];

	for (int i = 0; i < 20; i++)
		o[i] = fake_oid(0x40 + i, i);

		/* Inserts: into the empty tree, at the end, at the start, in the middle. */
#define SET(name, mode, oid, what)                                                                 \
	do {                                                                                       \
		patch(&t, name, mode, oid);                                                        \
		n = model_set(m, n, name, mode, oid);                                              \
		expect_tree_is_git(&t, m, n, what);                                                \
	} while (0)

	SET("m", STORE_MODE_BLOB, &o[0], "insert into the empty tree");
	SET("z", STORE_MODE_BLOB, &o[1], "insert at the end");
	SET("a", STORE_MODE_BLOB, &o[2], "insert at the start");
	SET("p", STORE_MODE_TREE, &o[3], "insert a directory in the middle");
	SET("a.b", STORE_MODE_BLOB, &o[4], "insert after a prefix");
	SET("a0", STORE_MODE_EXEC, &o[5], "insert an executable");
	SET("a-", STORE_MODE_BLOB, &o[6], "insert between a and a.b");
	SET("link", 0120000, &o[7], "insert a symlink");
	SET("mod", 0160000, &o[8], "insert a submodule (sorts as a file)");
	SET("mod.x", STORE_MODE_BLOB, &o[9], "insert after the submodule");

	/* Replacing: a new id, then a new mode that keeps the position. */
	SET("m", STORE_MODE_BLOB, &o[10], "replace an id");
	SET("a0", STORE_MODE_BLOB, &o[11], "executable to plain file");
	SET("p", STORE_MODE_TREE, &o[12], "replace a directory's id");

	/*
	 * File to directory and back: "a" sorts before "a-", "a.b" and "a0" as
	 * a file, between "a.b" and "a0" as a directory ("a/").
	 */
	SET("a", STORE_MODE_TREE, &o[13], "file a becomes a directory");
	SET("a", STORE_MODE_BLOB, &o[14], "directory a becomes a file");
	SET("a", STORE_MODE_TREE, &o[15], "file a becomes a directory again");
	SET("a.c", STORE_MODE_BLOB, &o[17], "insert a file that sorts before directory a/");
	SET("a1", STORE_MODE_BLOB, &o[18], "insert a file that sorts after directory a/");
	SET("a.c", STORE_MODE_TREE, &o[19], "file a.c becomes a directory, still before a/");
	SET("mod", STORE_MODE_TREE, &o[16], "submodule becomes a directory");

	/* Deleting: the moved directory (by name, whatever mode is passed), first, last, middle. */
	patch(&t, "a", STORE_MODE_BLOB, NULL);
	n = model_set(m, n, "a", 0, NULL);
	expect_tree_is_git(&t, m, n, "delete directory a by name");
	SET("a-", 0, NULL, "delete the first entry");
	SET("z", 0, NULL, "delete the last entry");
	SET("link", 0, NULL, "delete one in the middle");

	/* Deleting an absent entry copies the tree byte for byte. */
	cr_assert_eq(
		store_tree_patch(t.data, t.len, "nothere", 7, STORE_MODE_BLOB, NULL, &copy), 0);
	cr_assert_eq(copy.len, t.len);
	cr_assert(
		memcmp(copy.data, t.data, t.len) == 0, "deleting an absent entry changed the tree");
	cr_assert_eq(store_tree_patch(t.data, t.len, "a", 1, STORE_MODE_TREE, NULL, &copy), 0);
	cr_assert_eq(copy.len, t.len, "deleting the gone directory a changed the tree");

	/* Down to the empty tree, whose id git knows. */
	while (n > 0) {
		char name[32];

		snprintf(name, sizeof(name), "%s", m[0].name);
		SET(name, 0, NULL, "emptying");
	}
	cr_assert_eq(t.len, 0);
#undef SET
	store_buf_free(&t);
	store_buf_free(&copy);
}

Test(object, tree_patch_random_sequences_as_git)
{
	static const char *const pool[] = {"a", "a.b", "a-b", "a0", "ab", "a b", "b", "b.json",
		"b0", "c", "c.d.e", "c.d", "x\xc3\xa9", "x", "x.", "x~", "_", "Z", "0", "00",
		"k.json", "k", "k-", "kk"};
	size_t npool = sizeof(pool) / sizeof(pool[0]);
	static const uint32_t modes[] = {
		STORE_MODE_BLOB, STORE_MODE_TREE, STORE_MODE_EXEC, STORE_MODE_TREE, 0120000};
	ment m[32];
	size_t n = 0;
	store_buf t = STORE_BUF_INIT;
	uint64_t s = 99;

	for (int step = 1; step <= 400; step++) {
		const char *name;
		uint32_t mode;
		store_oid oid = fake_oid(step & 0xff, step >> 8);

		s = s * 6364136223846793005ull + 1442695040888963407ull;
		name = pool[(s >> 33) % npool];
		mode = modes[(s >> 20) % 5];
		if ((s >> 50) % 4 == 0) {
			patch(&t, name, mode, NULL);
			n = model_set(m, n, name, mode, NULL);
		} else {
			patch(&t, name, mode, &oid);
			n = model_set(m, n, name, mode, &oid);
		}
		if (step % 25 == 0) {
			char what[32];

			snprintf(what, sizeof(what), "after step %d", step);
			expect_tree_is_git(&t, m, n, what);
		}
	}
	store_buf_free(&t);
}

Test(object, tree_patch_takes_the_empty_tree_as_null)
{
	/*
	 * The commit path hands the empty tree over as (NULL, 0) when a table
	 * or the root has no tree yet (txn.c, tree_apply); patching it must
	 * be defined behaviour, which UBSan checks in the sanitizer build.
	 */
	store_buf out = STORE_BUF_INIT;
	store_oid o = fake_oid(1, 1), got;
	ment m = {"k.json", STORE_MODE_BLOB, {{0}}};
	store_tree_entry e;

	m.oid = o;
	cr_assert_eq(store_tree_patch(NULL, 0, "k.json", 6, STORE_MODE_BLOB, &o, &out), 0);
	store_oid_hash_object(&got, STORE_OBJ_TREE, out.data, out.len);
	{
		store_oid want = git_mktree(&m, 1);

		cr_assert(store_oid_equal(&got, &want), "one entry in the empty tree is not git's");
	}
	cr_assert_eq(store_tree_patch(NULL, 0, "k.json", 6, 0, NULL, &out), 0);
	cr_assert_eq(out.len, 0, "removing from the empty tree left %zu bytes", out.len);
	cr_assert_eq(store_tree_find(NULL, 0, "k.json", 6, &e), 0);
	store_buf_free(&out);
}

/* ---- Commits ---- */

static store_sig sig(const char *name, const char *email, int64_t time, int tz)
{
	return (store_sig){name, strlen(name), email, strlen(email), time, tz};
}

/* "+hhmm" / "-hhmm" for an offset in minutes (at most a day). */
static void tz_str(char out[16], int tz)
{
	int a = abs(tz) % (24 * 60);

	snprintf(out, 16, "%c%02d%02d", tz < 0 ? '-' : '+', a / 60, a % 60);
}

static void expect_sig_eq(const store_sig *got, const store_sig *want, const char *what)
{
	cr_assert_eq(got->namelen, want->namelen, "%s name: \"%.*s\", want \"%.*s\"", what,
		(int)got->namelen, got->name, (int)want->namelen, want->name);
	cr_assert(memcmp(got->name, want->name, want->namelen) == 0, "%s name", what);
	cr_assert_eq(got->emaillen, want->emaillen, "%s email: \"%.*s\"", what, (int)got->emaillen,
		got->email);
	cr_assert(memcmp(got->email, want->email, want->emaillen) == 0, "%s email", what);
	cr_assert_eq(got->time, want->time, "%s time: %lld, want %lld", what, (long long)got->time,
		(long long)want->time);
	cr_assert_eq(got->tz_minutes, want->tz_minutes, "%s zone: %d, want %d", what,
		got->tz_minutes, want->tz_minutes);
}

/* Parse an encoded commit and compare every field with what was encoded. */
static void expect_parses_back(const store_buf *enc, const store_oid *tree,
	const store_oid *parents, int np, const store_sig *a, const store_sig *c, const char *msg,
	size_t msglen, const char *what)
{
	store_commit pc;

	cr_assert_eq(store_commit_parse(enc->data, enc->len, &pc), 0, "%s: does not parse", what);
	cr_assert(store_oid_equal(&pc.tree, tree), "%s: tree", what);
	cr_assert_eq(pc.nparents, np, "%s: %d parents, want %d", what, pc.nparents, np);
	for (int i = 0; i < np && i < STORE_MAX_PARENTS; i++)
		cr_assert(store_oid_equal(&pc.parents[i], &parents[i]), "%s: parent %d", what, i);
	expect_sig_eq(&pc.author, a, what);
	expect_sig_eq(&pc.committer, c, what);
	cr_assert_eq(
		pc.msglen, msglen, "%s: message of %zu bytes, want %zu", what, pc.msglen, msglen);
	cr_assert(memcmp(pc.message, msg, msglen) == 0, "%s: message", what);
	cr_assert_geq(
		(const unsigned char *)pc.message, enc->data, "%s: message not borrowed", what);
}

Test(object, commit_encoding_is_git_commit_tree)
{
	static const struct {
		const char *aname, *aemail;
		int64_t atime;
		int atz;
		const char *cname, *cemail;
		int64_t ctime;
		int ctz;
		int nparents;
		const char *msg;
	} cases[] = {
		{"Alice", "alice@example.com", 1700000000, 0, "Alice", "alice@example.com",
			1700000000, 0, 0, "first\n"},
		{"J\xc3\xb6hn D\xc5\x93", "j+tag@sub.example", 1700000001, 330, "ChronDB",
			"chrondb@localhost", 1700000002, -480, 1, "subject\n\nbody line\n"},
		{"\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d", "li@example.cn", 4102444800LL, 840,
			"O'Brien, Jr (ops)", "ob@example.ie", 4102444801LL, -720, 2,
			"merge\n\nparent 0000000000000000000000000000000000000000\n"},
		{"A  B", "ab@x", 86400, -210, "c", "c@x", 86401, 45, 3, "no newline at the end"},
	};
	store_oid tree, parents[3];
	char *hex, *msgfile = tu_fmt("%s/msg", root);

	/* A real tree and three real root commits for parents. */
	hex = git_ok("mktree < /dev/null");
	oid_of_hex(&tree, hex);
	free(hex);
	for (int i = 0; i < 3; i++) {
		hex = git_ok("commit-tree %s -m 'root %d' < /dev/null",
			"4b825dc642cb6eb9a060e54bf8d69288fbee4904", i);
		oid_of_hex(&parents[i], hex);
		free(hex);
	}

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		store_sig a = sig(cases[i].aname, cases[i].aemail, cases[i].atime, cases[i].atz);
		store_sig c = sig(cases[i].cname, cases[i].cemail, cases[i].ctime, cases[i].ctz);
		store_buf enc = STORE_BUF_INIT, pargs = STORE_BUF_INIT;
		char atz[16], ctz[16], th[41], want[41], got[41], *raw = tu_fmt("%s/raw", root);
		store_oid ours;
		unsigned char *gitbytes;
		size_t gitlen;

		store_commit_encode(&enc, &tree, parents, cases[i].nparents, &a, &c, cases[i].msg,
			strlen(cases[i].msg));
		store_oid_hash_object(&ours, STORE_OBJ_COMMIT, enc.data, enc.len);

		/* The same commit through git commit-tree, identity and dates from the environment. */
		tu_write_file(msgfile, cases[i].msg, strlen(cases[i].msg));
		tz_str(atz, cases[i].atz);
		tz_str(ctz, cases[i].ctz);
		store_oid_fmt(th, &tree);
		for (int k = 0; k < cases[i].nparents; k++) {
			char ph[41];

			store_oid_fmt(ph, &parents[k]);
			store_buf_printf(&pargs, " -p %s", ph);
		}
		{
			char *cmd = tu_fmt("GIT_AUTHOR_NAME='%s' GIT_AUTHOR_EMAIL='%s' "
					   "GIT_AUTHOR_DATE='@%lld %s' GIT_COMMITTER_NAME=\"%s\" "
					   "GIT_COMMITTER_EMAIL='%s' GIT_COMMITTER_DATE='@%lld %s' "
					   "git --git-dir='%s' commit-tree %s%s -F '%s'",
				cases[i].aname, cases[i].aemail, (long long)cases[i].atime, atz,
				cases[i].cname, cases[i].cemail, (long long)cases[i].ctime, ctz,
				repo, th, pargs.data ? (char *)pargs.data : "", msgfile);
			int rc = tu_sh(&hex, "%s", cmd);

			cr_assert_eq(rc, 0, "git commit-tree failed: %s", cmd);
			free(cmd);
		}
		hex[strcspn(hex, "\n")] = '\0';
		snprintf(want, sizeof(want), "%s", hex);
		free(hex);
		store_oid_fmt(got, &ours);
		free(git_ok("cat-file commit %s > '%s'", want, raw));
		gitbytes = tu_read_file(raw, &gitlen);
		cr_assert_str_eq(got, want,
			"case %zu: our commit is not git's.\nours:\n%.*s\ngit's:\n%s", i,
			(int)enc.len, enc.data, gitbytes);

		/* And git's bytes (ours) parse back to what went in. */
		{
			store_buf gb = {gitbytes, gitlen, gitlen + 1};

			expect_parses_back(&gb, &tree, parents, cases[i].nparents, &a, &c,
				cases[i].msg, strlen(cases[i].msg), "git's commit");
		}
		free(gitbytes);
		free(raw);
		store_buf_free(&enc);
		store_buf_free(&pargs);
	}
	free(msgfile);
}

Test(object, commit_round_trips_with_odd_idents)
{
	static const struct {
		const char *name, *email;
		int64_t time;
		int tz;
	} idents[] = {
		{"", "nobody@example.com", 1700000000, 0},      /* no name at all */
		{"x", "", 1, 0},                                /* an empty email */
		{"Jane \"JJ\" Doe", "jane@example.com", 0, 60}, /* quotes; the epoch */
		{"a  b   c", "abc@x", 253402300799LL, -59},     /* inner spaces; year 9999 */
		{"D\xc3\xa9j\xc3\xa0 Vu", "dv@\xc3\xa9t\xc3\xa9.fr", 1234567890, -330}, /* UTF-8 */
		{"r\xc3\xb6\xc3\xb6t (admin)", "root@localhost", 2147483648LL, 840}, /* past 2^31 */
		{"semi;colon, comma", "s@x", 999999999, -720},
	};
#define MSG(s)                                                                                     \
	{                                                                                          \
		s, sizeof(s) - 1                                                                   \
	}
	static const struct {
		const char *text;
		size_t len;
	} messages[] = {
		MSG(""),
		MSG("one line\n"),
		MSG("no newline"),
		MSG("subject\n\nparent 1111111111111111111111111111111111111111\ntree x\n"),
		MSG("\n\nleading blank lines\n"),
		MSG("with a NUL\0inside\n"),
	};
#undef MSG
	store_oid tree = fake_oid(1, 2), parents[STORE_MAX_PARENTS];
	size_t ni = sizeof(idents) / sizeof(idents[0]);
	char *in = tu_fmt("%s/commit.in", root), h[41];

	for (int i = 0; i < STORE_MAX_PARENTS; i++)
		parents[i] = fake_oid(0x80 + i, i);

	/* Every ident as author and as committer, with 0..8 parents and every message. */
	for (size_t i = 0; i < ni; i++) {
		for (size_t k = 0; k < sizeof(messages) / sizeof(messages[0]); k++) {
			int np = (int)((i + k) % (STORE_MAX_PARENTS + 1));
			store_sig a =
				sig(idents[i].name, idents[i].email, idents[i].time, idents[i].tz);
			store_sig c = sig(idents[(i + k) % ni].name, idents[(i + k) % ni].email,
				idents[(i + k) % ni].time, idents[(i + k) % ni].tz);
			store_buf enc = STORE_BUF_INIT;
			char what[64];

			snprintf(
				what, sizeof(what), "ident %zu, message %zu, %d parents", i, k, np);
			store_commit_encode(&enc, &tree, parents, np, &a, &c, messages[k].text,
				messages[k].len);
			expect_parses_back(&enc, &tree, parents, np, &a, &c, messages[k].text,
				messages[k].len, what);
			store_buf_free(&enc);
		}
	}

	/*
	 * git agrees they are legal: written with hash-object, a branch on each,
	 * fsck --strict clean (real tree and parents this time), and git log
	 * reads the idents back.
	 */
	{
		char *hex = git_ok("mktree < /dev/null"), *root_hex;
		store_oid empty, rootc;

		oid_of_hex(&empty, hex);
		free(hex);
		root_hex = git_ok(
			"commit-tree %s -m root", "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
		oid_of_hex(&rootc, root_hex);
		free(root_hex);
		for (size_t i = 0; i < ni; i++) {
			store_sig a =
				sig(idents[i].name, idents[i].email, idents[i].time, idents[i].tz);
			store_buf enc = STORE_BUF_INIT;
			store_oid ours;
			char *out, want[256], tzs[16];

			store_commit_encode(&enc, &empty, &rootc, 1, &a, &a, "odd\n", 4);
			store_oid_hash_object(&ours, STORE_OBJ_COMMIT, enc.data, enc.len);
			store_oid_fmt(h, &ours);
			tu_write_file(in, enc.data, enc.len);
			hex = git_ok("hash-object -t commit -w '%s'", in);
			cr_assert_str_eq(hex, h, "git hashes ident %zu differently", i);
			free(hex);
			free(git_ok("update-ref refs/heads/odd%zu %s", i, h));
			out = git_ok(
				"log -1 --format='%%an|%%ae|%%at|%%ad' --date=format:%%z odd%zu",
				i);
			tz_str(tzs, idents[i].tz);
			snprintf(want, sizeof(want), "%s|%s|%lld|%s", idents[i].name,
				idents[i].email, (long long)idents[i].time, tzs);
			cr_assert_str_eq(out, want, "git reads ident %zu back differently", i);
			free(out);
			store_buf_free(&enc);
		}
		{
			char *out = NULL;
			int rc = tu_sh(
				&out, "git --git-dir='%s' fsck --strict --no-dangling 2>&1", repo);

			cr_assert_eq(rc, 0, "git fsck --strict: %s", out);
			cr_assert_null(strstr(out, "error"), "git fsck --strict: %s", out);
			cr_assert_null(strstr(out, "warning"), "git fsck --strict: %s", out);
			free(out);
		}
	}
	free(in);
}

Test(object, commit_parse_keeps_first_parents_and_counts_all)
{
	store_oid tree = fake_oid(3, 3), parents[12];
	store_sig a = sig("A", "a@x", 1, 0);
	store_buf enc = STORE_BUF_INIT;
	store_commit c;

	for (int i = 0; i < 12; i++)
		parents[i] = fake_oid(0x10 + i, 0x20 + i);
	store_commit_encode(&enc, &tree, parents, 12, &a, &a, "octopus\n", 8);
	cr_assert_eq(store_commit_parse(enc.data, enc.len, &c), 0);
	cr_assert_eq(c.nparents, 12, "%d parents counted", c.nparents);
	for (int i = 0; i < STORE_MAX_PARENTS; i++)
		cr_assert(store_oid_equal(&c.parents[i], &parents[i]), "parent %d", i);
	cr_assert_eq(c.msglen, 8);
	cr_assert(memcmp(c.message, "octopus\n", 8) == 0, "the message is not after the parents");
	cr_assert_eq(c.author.namelen, 1);
	cr_assert_eq(c.author.name[0], 'A');
	store_buf_free(&enc);
}

Test(object, commit_parse_skips_other_headers)
{
	/*
	 * What git writes for signed commits and merged tags: extra headers,
	 * some spanning lines that start with a space.  None of them may be
	 * taken for a tree, parent or ident, even one that looks like it.
	 */
	static const char text[] = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
				   "parent 1111111111111111111111111111111111111111\n"
				   "author Real Author <real@x> 1700000000 +0100\n"
				   "committer Real Committer <rc@x> 1700000001 -0100\n"
				   "encoding ISO-8859-1\n"
				   "mergetag object 2222222222222222222222222222222222222222\n"
				   " type commit\n"
				   " tag v1\n"
				   " tagger Fake Tagger <fake@x> 1 +0000\n"
				   " \n"
				   " parent 3333333333333333333333333333333333333333\n"
				   "gpgsig -----BEGIN PGP SIGNATURE-----\n"
				   " \n"
				   " author Fake <f@x> 2 +0000\n"
				   " -----END PGP SIGNATURE-----\n"
				   "\n"
				   "the message\n\nauthor Not A Header <n@x> 3 +0000\n";
	store_commit c;
	store_oid want;
	const char *msg;

	cr_assert_eq(store_commit_parse((const unsigned char *)text, sizeof(text) - 1, &c), 0);
	oid_of_hex(&want, "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
	cr_assert(store_oid_equal(&c.tree, &want));
	cr_assert_eq(c.nparents, 1, "%d parents", c.nparents);
	oid_of_hex(&want, "1111111111111111111111111111111111111111");
	cr_assert(store_oid_equal(&c.parents[0], &want));
	cr_assert_eq(c.author.namelen, 11);
	cr_assert(memcmp(c.author.name, "Real Author", 11) == 0);
	cr_assert_eq(c.author.time, 1700000000);
	cr_assert_eq(c.author.tz_minutes, 60);
	cr_assert(memcmp(c.committer.name, "Real Committer", 14) == 0);
	cr_assert_eq(c.committer.tz_minutes, -60);
	msg = "the message\n\nauthor Not A Header <n@x> 3 +0000\n";
	cr_assert_eq(c.msglen, strlen(msg));
	cr_assert(memcmp(c.message, msg, c.msglen) == 0);
}

Test(object, commit_parse_refuses_malformed)
{
	static const struct {
		const char *text;
		const char *what;
	} bad[] = {
		{"", "empty"},
		{"\n\nmessage\n", "no tree"},
		{"parent 1111111111111111111111111111111111111111\n\nm\n", "a parent but no tree"},
		{"tree 4b825dc642cb6eb9a060e54bf8d69288fbee490\n\nm\n", "39 hex digits"},
		{"tree 4b825dc642cb6eb9a060e54bf8d69288fbee490g\n\nm\n", "not hex"},
		{"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904", "header line not ended"},
		{"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
		 "parent 11111111111111111111111111111111111111zz\n\nm\n",
			"a parent that is not hex"},
		{"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
		 "author Nobody nobody@x 1 +0000\n\nm\n",
			"an author without <"},
		{"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
		 "author Nobody <nobody@x 1 +0000\n\nm\n",
			"an author without >"},
		{"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
		 "committer Nobody nobody@x 1 +0000\n\nm\n",
			"a committer without <"},
	};
	static const char good[] = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
				   "author A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\nm\n";
	store_commit c;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(store_commit_parse(
				     (const unsigned char *)bad[i].text, strlen(bad[i].text), &c),
			-1, "%s: parsed", bad[i].what);

	/* The good one parses, and every cut of it short of the header's end does not. */
	cr_assert_eq(store_commit_parse((const unsigned char *)good, sizeof(good) - 1, &c), 0);
	for (size_t cut = 0; cut < 45; cut++)
		cr_assert_eq(store_commit_parse((const unsigned char *)good, cut, &c), -1,
			"cut to %zu bytes: parsed", cut);
	for (size_t cut = 46; cut < sizeof(good) - 1; cut++) {
		const char *eol = memchr(good + cut, '\n', sizeof(good) - 1 - cut);

		/* Every cut inside a header line leaves that line unterminated. */
		if (good[cut - 1] != '\n' && eol != NULL && (size_t)(eol - good) < sizeof(good) - 4)
			cr_assert_eq(store_commit_parse((const unsigned char *)good, cut, &c), -1,
				"cut to %zu bytes inside a header: parsed", cut);
	}
}
