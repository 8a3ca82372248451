/*
 * history.c - tests for the row-history and commit-time indexes
 * (storage/history.c), through the public API of storage/store.h:
 * store_row_history, store_snap_at_time and store_log.
 *
 * The index is a cache of what Git says, so git is the oracle: a row's
 * versions must be the commits `git log --first-parent -- <row path>`
 * lists, with the same status (A, M, D), author and blob.  The index file
 * DATA/chrondb/index/<branch>.hist is read here with a decoder of its own,
 * written from the format in history.c's file comment; after every close
 * it must hold one valid record per commit of the branch's first-parent
 * chain.  The cases change the repository behind the store's back (plain
 * git commits, force pushes) and damage the file, and the answers after a
 * reopen must still be Git's.
 *
 * Each test gets a fresh directory: DATA = <tmp>/data, a private $HOME,
 * and work trees cloned from DATA where git commits are made.  Stores run
 * without the background checkpointer, so the file is written when a test
 * calls store_checkpoint or store_close.
 */
#include <criterion/criterion.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "keycodec.h"
#include "store.h"
#include "testutil.h"

static char *tmpdir;  /* the test's directory */
static char *datadir; /* <tmp>/data: the store */

static void setup(void)
{
	char *home;

	tmpdir = tu_tmpdir("history");
	cr_assert_geq(asprintf(&datadir, "%s/data", tmpdir), 0);
	cr_assert_geq(asprintf(&home, "%s/home", tmpdir), 0);
	cr_assert_eq(mkdir(home, 0700), 0);
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_AUTHOR_NAME", "Outside Editor", 1);
	setenv("GIT_AUTHOR_EMAIL", "outside@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "Outside Editor", 1);
	setenv("GIT_COMMITTER_EMAIL", "outside@example.com", 1);
	setenv("TZ", "UTC", 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	free(home);
}

static void teardown(void)
{
	tu_rmtree(tmpdir);
	free(tmpdir);
	free(datadir);
}

TestSuite(history, .init = setup, .fini = teardown);

/* ---- Helpers: the store ---- */

static const char *const T_DEF = "{\"columns\": [{\"name\": \"id\", \"type\": \"text\"}, "
				 "{\"name\": \"v\", \"type\": \"integer\"}], "
				 "\"primary_key\": [\"id\"]}";

static store *open_store(void)
{
	store_opts o;
	store *s = NULL;
	store_err err;

	store_opts_init(&o);
	o.background = 0;
	store_err_clear(&err);
	cr_assert_eq(store_open(&s, datadir, &o, &err), STORE_OK, "store_open: [%s] %s (%s)",
		err.sqlstate, err.message, err.detail);
	return s;
}

static void checkpoint(store *s)
{
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_checkpoint(s, &err), STORE_OK, "checkpoint: [%s] %s", err.sqlstate,
		err.message);
}

static store_tx *begin(store *s, const char *branch)
{
	store_tx *tx = NULL;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_tx_begin(s, branch, STORE_READ_COMMITTED, &tx, &err), STORE_OK,
		"begin: [%s] %s", err.sqlstate, err.message);
	return tx;
}

/* Write row key of table t as {"id": key, "v": v}. */
static void put_v(store_tx *tx, const char *table, const char *key, long long v)
{
	char json[256];
	store_err err;

	snprintf(json, sizeof(json), "{\"id\": \"%s\", \"v\": %lld}", key, v);
	store_err_clear(&err);
	cr_assert_eq(store_tx_put(tx, table, key, strlen(key), json, strlen(json), &err), STORE_OK,
		"put %s/%s: [%s] %s", table, key, err.sqlstate, err.message);
}

static void del(store_tx *tx, const char *table, const char *key)
{
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_tx_delete(tx, table, key, strlen(key), &err), STORE_OK,
		"delete %s/%s: [%s] %s", table, key, err.sqlstate, err.message);
}

static void create_table(store_tx *tx, const char *table)
{
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_tx_create_table(tx, table, T_DEF, &err), STORE_OK, "create %s: %s",
		table, err.message);
}

static int64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Commit as user; the id (zero when nothing changed). */
static store_oid commit_as(store_tx *tx, const char *user)
{
	store_txmeta m = {.user = user};
	store_oid id;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_tx_commit(tx, &m, &id, &err), STORE_OK, "commit: [%s] %s (%s)",
		err.sqlstate, err.message, err.detail);
	usleep(2000); /* the next commit gets a later time */
	return id;
}

static store_snap *snap_branch(store *s, const char *branch)
{
	store_snap *snap = NULL;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_snap_branch(s, branch, &snap, &err), STORE_OK, "snap %s: %s", branch,
		err.message);
	return snap;
}

static store_snap *snap_commit(store *s, const store_oid *id)
{
	store_snap *snap = NULL;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(
		store_snap_commit(s, id, &snap, &err), STORE_OK, "snap_commit: %s", err.message);
	return snap;
}

/* The time the store gives a commit (its note's, or the commit's). */
static int64_t commit_time(store *s, const store_oid *id)
{
	store_snap *snap = snap_commit(s, id);
	int64_t t = store_snap_time(snap);

	store_snap_free(snap);
	return t;
}

/* Versions of a row on a branch's head (caller frees). */
static store_version *history(
	store *s, const char *branch, const char *table, const char *key, size_t limit, size_t *n)
{
	store_snap *snap = snap_branch(s, branch);
	store_version *v = NULL;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_row_history(snap, table, key, strlen(key), limit, &v, n, &err), STORE_OK,
		"history of %s/%s on %s: [%s] %s", table, key, branch, err.sqlstate, err.message);
	store_snap_free(snap);
	return v;
}

/*
 * The commit store_snap_at_time picks on branch at t: STORE_OK and *id,
 * or the SQLSTATE of the error in state.
 */
static int at_time(store *s, const char *branch, int64_t t, store_oid *id, char state[6])
{
	store_snap *snap = NULL;
	store_err err;
	int r;

	store_err_clear(&err);
	r = store_snap_at_time(s, branch, t, &snap, &err);
	if (r != STORE_OK) {
		cr_assert_eq(r, STORE_ERROR, "store_snap_at_time returned %d", r);
		cr_assert_neq(err.message[0], '\0', "an error without a message");
		snprintf(state, 6, "%s", err.sqlstate);
		return r;
	}
	*id = *store_snap_id(snap);
	cr_assert_leq(store_snap_time(snap), t, "the snapshot at %lld is later", (long long)t);
	store_snap_free(snap);
	return r;
}

static void expect_at(store *s, const char *branch, int64_t t, const store_oid *want)
{
	store_oid got;
	char state[6] = "", gh[41], wh[41];

	cr_assert_eq(at_time(s, branch, t, &got, state), STORE_OK, "%s at %lld: error %s", branch,
		(long long)t, state);
	store_oid_fmt(gh, &got);
	store_oid_fmt(wh, want);
	cr_assert_str_eq(gh, wh, "%s at %lld", branch, (long long)t);
}

static void expect_at_error(store *s, const char *branch, int64_t t, const char *sqlstate)
{
	store_oid got;
	char state[6] = "";

	cr_assert_eq(at_time(s, branch, t, &got, state), STORE_ERROR,
		"%s at %lld: a commit, want error %s", branch, (long long)t, sqlstate);
	cr_assert_str_eq(state, sqlstate, "%s at %lld", branch, (long long)t);
}

/* ---- Helpers: git ---- */

static char *sh_ok(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Run a shell command that must succeed; its output (caller frees). */
static char *sh_ok(const char *fmt, ...)
{
	char *cmd, *out = NULL;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	cr_assert_geq(vasprintf(&cmd, fmt, ap), 0);
	va_end(ap);
	rc = tu_sh(&out, "%s 2>&1", cmd);
	cr_assert_eq(rc, 0, "command failed (%d): %s\n%s", rc, cmd, out ? out : "");
	free(cmd);
	return out;
}

static void oid_of_hex(store_oid *oid, const char *hex)
{
	cr_assert_eq(store_oid_parse(oid, hex, 40), 0, "not an id: \"%.40s\"", hex);
}

/* A row's path in Git: <table>/<a>/<b>/<c>/<d>/<key>.json. */
static char *row_path(const char *table, const char *key)
{
	char fan[8], *path;

	store_key_fanout(fan, key, strlen(key));
	cr_assert_geq(asprintf(&path, "%s/%s/%s.json", table, fan, key), 0);
	return path;
}

/* Clone DATA into <tmp>/<name>; returns the work tree's path. */
static char *clone(const char *name)
{
	char *wt;

	cr_assert_geq(asprintf(&wt, "%s/%s", tmpdir, name), 0);
	free(sh_ok("git clone -q '%s' '%s'", datadir, wt));
	return wt;
}

/* Commit everything in work tree wt with committer and author date t (seconds). */
static store_oid git_commit(const char *wt, const char *msg, long long t)
{
	char *out;
	store_oid id;

	free(sh_ok("cd '%s' && git add -A && GIT_AUTHOR_DATE='@%lld +0000' "
		   "GIT_COMMITTER_DATE='@%lld +0000' git commit -qm '%s'",
		wt, t, t, msg));
	out = sh_ok("git -C '%s' rev-parse HEAD", wt);
	oid_of_hex(&id, out);
	free(out);
	return id;
}

/* Write a row file in work tree wt, at its fan-out path. */
static void git_put(const char *wt, const char *table, const char *key, long long v)
{
	char *path = row_path(table, key);

	free(sh_ok("cd '%s' && mkdir -p \"$(dirname '%s')\" && "
		   "printf '{\"id\": \"%s\", \"v\": %lld}\\n' > '%s'",
		wt, path, key, v, path));
	free(path);
}

static void git_rm(const char *wt, const char *table, const char *key)
{
	char *path = row_path(table, key);

	free(sh_ok("cd '%s' && git rm -q '%s'", wt, path));
	free(path);
}

/* One version as git log reports it. */
typedef struct gver {
	char hex[41];
	char status; /* A, M or D */
	char author[128];
} gver;

/*
 * The oracle: the commits of branch's first-parent chain that changed
 * the row's file, newest first, from git log.
 */
static size_t git_versions(
	const char *branch, const char *table, const char *key, gver *out, size_t max)
{
	char *path = row_path(table, key), *text, *line;
	size_t n = 0;

	text = sh_ok("git --git-dir='%s' log --first-parent --no-renames --format='>%%H %%an' "
		     "--name-status '%s' -- '%s'",
		datadir, branch, path);
	for (line = text; *line != '\0'; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : "") {
		if (line[0] == '>') {
			cr_assert_lt(n, max);
			memcpy(out[n].hex, line + 1, 40);
			out[n].hex[40] = '\0';
			snprintf(out[n].author, sizeof(out[n].author), "%.*s",
				(int)strcspn(line + 42, "\n"), line + 42);
			out[n].status = '?';
			n++;
		} else if (n > 0 && (line[0] == 'A' || line[0] == 'M' || line[0] == 'D') &&
			   line[1] == '\t') {
			out[n - 1].status = line[0];
		}
	}
	free(text);
	free(path);
	return n;
}

/*
 * store_row_history on the branch must be what git log says: same
 * commits in the same order, op A/M/D = insert/update/delete, the
 * author, the blob at that commit (zero for a delete), and the time the
 * store gives the commit.  Returns the number of versions.
 */
static size_t expect_history_is_git(
	store *s, const char *branch, const char *table, const char *key)
{
	gver g[64];
	size_t ng = git_versions(branch, table, key, g, 64), n;
	store_version *v = history(s, branch, table, key, 0, &n);
	char *path = row_path(table, key);

	cr_assert_eq(
		n, ng, "%s/%s on %s: %zu versions, git log lists %zu", table, key, branch, n, ng);
	for (size_t i = 0; i < n; i++) {
		char hex[41], bh[41], *blob;
		store_op want = g[i].status == 'A'   ? STORE_OP_INSERT
				: g[i].status == 'M' ? STORE_OP_UPDATE
						     : STORE_OP_DELETE;

		store_oid_fmt(hex, &v[i].commit);
		cr_assert_str_eq(hex, g[i].hex, "%s/%s version %zu", table, key, i);
		cr_assert_eq(v[i].op, want, "%s/%s version %zu: op %c, git says %c", table, key, i,
			v[i].op, g[i].status);
		cr_assert_str_eq(v[i].author, g[i].author, "%s/%s version %zu", table, key, i);
		cr_assert_eq(v[i].time_us, commit_time(s, &v[i].commit), "%s/%s version %zu: time",
			table, key, i);
		if (want == STORE_OP_DELETE) {
			cr_assert(store_oid_is_zero(&v[i].blob), "a delete with a blob");
			continue;
		}
		blob = sh_ok("git --git-dir='%s' rev-parse %s:%s", datadir, hex, path);
		store_oid_fmt(bh, &v[i].blob);
		cr_assert(strncmp(blob, bh, 40) == 0, "%s/%s version %zu: blob %s, git says %.40s",
			table, key, i, bh, blob);
		free(blob);
	}
	free(v);
	free(path);
	return n;
}

/* The first-parent chain of a branch from git, oldest first. */
static size_t git_chain(const char *branch, store_oid *out, size_t max)
{
	char *text =
		sh_ok("git --git-dir='%s' rev-list --first-parent --reverse '%s'", datadir, branch);
	size_t n = 0;

	for (char *p = text; *p != '\0'; p += 41) {
		cr_assert_lt(n, max);
		oid_of_hex(&out[n++], p);
	}
	free(text);
	return n;
}

/* ---- Helpers: the index file ---- */

#define HIST_MAGIC     "CHRONDB-HIST 2\n"
#define HIST_MAGIC_LEN 16

typedef struct hchange {
	char op;
	store_oid blob;
	char table[64];
	char key[64];
} hchange;

typedef struct hrec {
	size_t off; /* where the record starts in the file */
	store_oid commit;
	int64_t time_us;
	uint32_t nch;
	hchange ch[8];
} hrec;

static char *hist_path(const char *file)
{
	char *p;

	cr_assert_geq(asprintf(&p, "%s/chrondb/index/%s.hist", datadir, file), 0);
	return p;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/*
 * Decode an index file (the format in history.c's file comment) into
 * recs; fails the test unless every byte of it is a valid record.
 */
static size_t hist_decode(const unsigned char *data, size_t len, hrec *recs, size_t max)
{
	size_t off = HIST_MAGIC_LEN, n = 0;

	cr_assert_geq(len, HIST_MAGIC_LEN, "the index file is %zu bytes", len);
	cr_assert(memcmp(data, HIST_MAGIC, HIST_MAGIC_LEN) == 0, "bad magic");
	while (off < len) {
		uint32_t plen, crc;
		const unsigned char *p, *end;
		hrec *r;

		cr_assert_leq(off + 8, len, "record %zu: header cut short", n);
		plen = le32(data + off);
		crc = le32(data + off + 4);
		cr_assert_leq(plen, len - off - 8, "record %zu: payload cut short", n);
		cr_assert_geq(plen, 32, "record %zu: %u-byte payload", n, plen);
		p = data + off + 8;
		end = p + plen;
		cr_assert_eq(crc32(0, p, plen), crc, "record %zu: CRC mismatch", n);
		cr_assert_lt(n, max);
		r = &recs[n];
		r->off = off;
		memcpy(r->commit.id, p, 20);
		r->time_us = 0;
		for (int i = 7; i >= 0; i--)
			r->time_us = r->time_us << 8 | p[20 + i];
		r->nch = le32(p + 28);
		p += 32;
		for (uint32_t i = 0; i < r->nch; i++) {
			uint32_t kl;
			size_t tl;

			cr_assert_leq(p + 25, end, "record %zu: change %u cut short", n, i);
			kl = le32(p + 21);
			cr_assert_leq(
				kl, (size_t)(end - p - 25), "record %zu: change %u key", n, i);
			if (i < 8) {
				r->ch[i].op = (char)p[0];
				memcpy(r->ch[i].blob.id, p + 1, 20);
				tl = strnlen((const char *)p + 25, kl);
				cr_assert_lt(
					tl, kl, "record %zu: change %u has no table\\0key", n, i);
				snprintf(r->ch[i].table, sizeof(r->ch[i].table), "%.*s", (int)tl,
					p + 25);
				snprintf(r->ch[i].key, sizeof(r->ch[i].key), "%.*s",
					(int)(kl - tl - 1), p + 25 + tl + 1);
			}
			p += 25 + kl;
		}
		cr_assert_eq(
			p, end, "record %zu: %zu bytes after its changes", n, (size_t)(end - p));
		off += 8 + plen;
		n++;
	}
	return n;
}

/*
 * The branch's index file must be whole and describe exactly the
 * branch's first-parent chain as git has it, with the store's times.
 */
static size_t expect_hist_complete(store *s, const char *file, const char *branch)
{
	char *path = hist_path(file);
	size_t len, n, nc;
	unsigned char *data;
	hrec recs[64];
	store_oid chain[64];

	cr_assert(tu_file_exists(path), "%s does not exist", path);
	data = tu_read_file(path, &len);
	n = hist_decode(data, len, recs, 64);
	nc = git_chain(branch, chain, 64);
	cr_assert_eq(n, nc, "%s: %zu records for %zu commits", file, n, nc);
	for (size_t i = 0; i < n; i++) {
		cr_assert(store_oid_equal(&recs[i].commit, &chain[i]),
			"%s: record %zu is another commit", file, i);
		if (s != NULL)
			cr_assert_eq(recs[i].time_us, commit_time(s, &chain[i]),
				"%s: record %zu's time", file, i);
	}
	free(data);
	free(path);
	return n;
}

/* ---- The history of a row ---- */

Test(history, versions_newest_first_with_ops_authors_times_and_limit)
{
	store *s = open_store();
	store_tx *tx;
	store_oid c[7], none;
	int64_t before[7], after[7];
	store_version *v;
	store_logentry *log;
	store_snap *snap;
	store_err err;
	size_t n;
	char *json;
	static const char *const users[] = {"alice", "bob", "carol", "dave", "eve", "frank"};
	static const int seq[] = {5, 4, 3, 1, 0}; /* the commits that changed t/a, newest first */

	/*
	 * c0 a+ b+ (alice), c1 a~ (bob), c2 b- c+ (carol), c3 a~ c~ and u/a+
	 * (dave), c4 a- (eve), c5 a+ again (frank).
	 */
	for (int i = 0; i < 6; i++) {
		tx = begin(s, NULL);
		switch (i) {
		case 0:
			create_table(tx, "t");
			create_table(tx, "u");
			put_v(tx, "t", "a", 1);
			put_v(tx, "t", "b", 1);
			break;
		case 1:
			put_v(tx, "t", "a", 2);
			break;
		case 2:
			del(tx, "t", "b");
			put_v(tx, "t", "c", 1);
			break;
		case 3:
			put_v(tx, "t", "a", 3);
			put_v(tx, "t", "c", 2);
			put_v(tx, "u", "a", 1);
			break;
		case 4:
			del(tx, "t", "a");
			break;
		default:
			put_v(tx, "t", "a", 5);
		}
		before[i] = now_us();
		c[i] = commit_as(tx, users[i]);
		after[i] = now_us();
	}

	/* Writing what is there already commits nothing and adds no version. */
	tx = begin(s, NULL);
	put_v(tx, "t", "a", 5);
	none = commit_as(tx, "nobody");
	cr_assert(store_oid_is_zero(&none), "an unchanged row made a commit");

	v = history(s, "main", "t", "a", 0, &n);
	cr_assert_eq(n, 5, "t/a: %zu versions", n);
	{
		static const store_op ops[] = {STORE_OP_INSERT, STORE_OP_DELETE, STORE_OP_UPDATE,
			STORE_OP_UPDATE, STORE_OP_INSERT};
		static const int vals[] = {5, 0, 3, 2, 1};

		for (size_t i = 0; i < n; i++) {
			int k = seq[i];
			char want[64];

			cr_assert(store_oid_equal(&v[i].commit, &c[k]), "version %zu is not c%d", i,
				k);
			cr_assert_eq(v[i].op, ops[i], "version %zu: op %c", i, v[i].op);
			cr_assert_str_eq(v[i].author, users[k]);
			cr_assert_geq(
				v[i].time_us, before[k], "version %zu: time before its commit", i);
			cr_assert_leq(
				v[i].time_us, after[k], "version %zu: time after its commit", i);
			if (ops[i] == STORE_OP_DELETE) {
				cr_assert(store_oid_is_zero(&v[i].blob));
				continue;
			}
			store_err_clear(&err);
			cr_assert_eq(store_blob(s, &v[i].blob, &json, NULL, &err), STORE_OK, "%s",
				err.message);
			snprintf(want, sizeof(want), "{\n  \"id\": \"a\",\n  \"v\": %d\n}\n",
				vals[i]);
			cr_assert_str_eq(json, want, "version %zu's blob", i);
			free(json);
		}
	}
	free(v);

	/* Other rows; the same key in another table is another row. */
	v = history(s, "main", "t", "b", 0, &n);
	cr_assert_eq(n, 2);
	cr_assert(store_oid_equal(&v[0].commit, &c[2]) && v[0].op == STORE_OP_DELETE);
	cr_assert(store_oid_equal(&v[1].commit, &c[0]) && v[1].op == STORE_OP_INSERT);
	free(v);
	v = history(s, "main", "t", "c", 0, &n);
	cr_assert_eq(n, 2);
	cr_assert(store_oid_equal(&v[0].commit, &c[3]) && v[0].op == STORE_OP_UPDATE);
	cr_assert(store_oid_equal(&v[1].commit, &c[2]) && v[1].op == STORE_OP_INSERT);
	free(v);
	v = history(s, "main", "u", "a", 0, &n);
	cr_assert_eq(n, 1);
	cr_assert(store_oid_equal(&v[0].commit, &c[3]) && v[0].op == STORE_OP_INSERT);
	free(v);
	v = history(s, "main", "t", "never", 0, &n);
	cr_assert_eq(n, 0);
	free(v);

	/* A limit keeps the newest. */
	for (size_t limit = 1; limit <= 6; limit++) {
		v = history(s, "main", "t", "a", limit, &n);
		cr_assert_eq(n, limit < 5 ? limit : 5, "limit %zu: %zu versions", limit, n);
		for (size_t i = 0; i < n; i++)
			cr_assert(store_oid_equal(&v[i].commit, &c[seq[i]]),
				"limit %zu: version %zu", limit, i);
		free(v);
	}

	/* As of an older commit: versions after it are left out. */
	snap = snap_commit(s, &c[3]);
	store_err_clear(&err);
	cr_assert_eq(
		store_row_history(snap, "t", "a", 1, 0, &v, &n, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(n, 3);
	cr_assert(store_oid_equal(&v[0].commit, &c[3]));
	cr_assert(store_oid_equal(&v[2].commit, &c[0]));
	free(v);
	store_snap_free(snap);

	/* The log has the same commits and times, newest first. */
	snap = snap_branch(s, "main");
	store_err_clear(&err);
	cr_assert_eq(store_log(snap, 0, &log, &n, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(n, 6);
	for (size_t i = 0; i < n; i++) {
		cr_assert(store_oid_equal(&log[i].commit, &c[5 - i]), "log entry %zu", i);
		cr_assert_eq(log[i].time_us, commit_time(s, &c[5 - i]));
		cr_assert_str_eq(log[i].author, users[5 - i]);
	}
	store_log_free(log, n);
	store_snap_free(snap);

	/* And git agrees, once the refs are on disk. */
	checkpoint(s);
	cr_assert_eq(expect_history_is_git(s, "main", "t", "a"), 5);
	cr_assert_eq(expect_history_is_git(s, "main", "t", "b"), 2);
	cr_assert_eq(expect_history_is_git(s, "main", "t", "c"), 2);
	cr_assert_eq(expect_history_is_git(s, "main", "u", "a"), 1);
	store_close(s);
}

Test(history, dropped_table_deletes_its_rows)
{
	store *s = open_store();
	store_tx *tx;
	store_oid c[3];
	store_version *v;
	size_t n;

	/*
	 * Dropping a table removes every row of it: each row's history ends
	 * with a delete at that commit, as git log shows, and the same
	 * before and after a restart.  A table made again with the same name
	 * starts its rows over with inserts.
	 */
	tx = begin(s, NULL);
	create_table(tx, "t");
	put_v(tx, "t", "a", 1);
	put_v(tx, "t", "b", 1);
	c[0] = commit_as(tx, "alice");
	free(history(s, "main", "t", "a", 0, &n));
	tx = begin(s, NULL);
	{
		store_err err;

		store_err_clear(&err);
		cr_assert_eq(store_tx_drop_table(tx, "t", &err), STORE_OK, "%s", err.message);
	}
	c[1] = commit_as(tx, "bob");
	tx = begin(s, NULL);
	create_table(tx, "t");
	put_v(tx, "t", "b", 2);
	c[2] = commit_as(tx, "carol");

	checkpoint(s);
	v = history(s, "main", "t", "a", 0, &n);
	cr_assert_eq(n, 2, "t/a: %zu versions after its table was dropped", n);
	cr_assert(store_oid_equal(&v[0].commit, &c[1]));
	cr_assert_eq(v[0].op, STORE_OP_DELETE);
	free(v);
	v = history(s, "main", "t", "b", 0, &n);
	cr_assert_eq(n, 3, "t/b: %zu versions", n);
	cr_assert(store_oid_equal(&v[0].commit, &c[2]));
	cr_assert_eq(v[0].op, STORE_OP_INSERT);
	cr_assert(store_oid_equal(&v[1].commit, &c[1]));
	cr_assert_eq(v[1].op, STORE_OP_DELETE);
	free(v);
	cr_assert_eq(expect_history_is_git(s, "main", "t", "a"), 2);
	cr_assert_eq(expect_history_is_git(s, "main", "t", "b"), 3);
	store_close(s);
	s = open_store();
	cr_assert_eq(expect_history_is_git(s, "main", "t", "a"), 2);
	cr_assert_eq(expect_history_is_git(s, "main", "t", "b"), 3);
	store_close(s);
}

/* ---- The index file ---- */

Test(history, file_written_at_checkpoint_and_read_after_reopen)
{
	char *path = hist_path("main");
	store *s = open_store();
	store_tx *tx;
	store_oid c[5];
	unsigned char *first, *second;
	size_t first_len, second_len, n;
	hrec recs[16];
	store_version *v;

	/* c0 a+ b+, c1 a~, c2 b-. */
	tx = begin(s, NULL);
	create_table(tx, "t");
	put_v(tx, "t", "a", 1);
	put_v(tx, "t", "b", 1);
	c[0] = commit_as(tx, "alice");
	tx = begin(s, NULL);
	put_v(tx, "t", "a", 2);
	c[1] = commit_as(tx, "bob");
	tx = begin(s, NULL);
	del(tx, "t", "b");
	c[2] = commit_as(tx, "carol");
	free(history(s, "main", "t", "a", 0, &n));
	cr_assert_eq(n, 2);
	cr_assert(!tu_file_exists(path), "the index file exists before any checkpoint");

	/* A checkpoint writes one record per commit, with its changes (rows only, no catalog). */
	checkpoint(s);
	cr_assert_eq(expect_hist_complete(s, "main", "main"), 3);
	first = tu_read_file(path, &first_len);
	n = hist_decode(first, first_len, recs, 16);
	cr_assert_eq(recs[0].nch, 2, "c0 changed %u rows", recs[0].nch);
	for (uint32_t i = 0; i < 2; i++) {
		cr_assert_eq(recs[0].ch[i].op, 'i');
		cr_assert_str_eq(recs[0].ch[i].table, "t");
		cr_assert(
			strcmp(recs[0].ch[i].key, "a") == 0 || strcmp(recs[0].ch[i].key, "b") == 0);
	}
	cr_assert_eq(recs[1].nch, 1);
	cr_assert_eq(recs[1].ch[0].op, 'u');
	cr_assert_str_eq(recs[1].ch[0].key, "a");
	cr_assert_eq(recs[2].nch, 1);
	cr_assert_eq(recs[2].ch[0].op, 'd');
	cr_assert(store_oid_is_zero(&recs[2].ch[0].blob));

	/* Later checkpoints append: what was there stays byte for byte. */
	tx = begin(s, NULL);
	put_v(tx, "t", "a", 3);
	c[3] = commit_as(tx, "dave");
	tx = begin(s, NULL);
	put_v(tx, "t", "b", 4);
	c[4] = commit_as(tx, "eve");
	checkpoint(s);
	cr_assert_eq(expect_hist_complete(s, "main", "main"), 5);
	second = tu_read_file(path, &second_len);
	cr_assert_gt(second_len, first_len);
	cr_assert(memcmp(first, second, first_len) == 0, "the records written before changed");
	store_close(s);

	/* After a reopen the history is the same, and git's. */
	s = open_store();
	cr_assert_eq(expect_history_is_git(s, "main", "t", "a"), 3);
	cr_assert_eq(expect_history_is_git(s, "main", "t", "b"), 3);
	store_close(s);
	cr_assert_eq(expect_hist_complete(NULL, "main", "main"), 5);

	/*
	 * The reopened store answers from the file, not from Git: a record
	 * edited with a valid CRC (c1's update of a claimed to be an insert)
	 * shows through.  This is what makes the file worth having; damage
	 * with a bad CRC is the next tests' business.
	 */
	{
		unsigned char *edited = malloc(second_len);
		hrec r[16];
		size_t off, plen, op_at;

		memcpy(edited, second, second_len);
		n = hist_decode(edited, second_len, r, 16);
		off = r[1].off;
		plen = le32(edited + off);
		op_at = off + 8 + 32;
		cr_assert_eq(edited[op_at], 'u');
		edited[op_at] = 'i';
		put_le32(edited + off + 4, (uint32_t)crc32(0, edited + off + 8, (uInt)plen));
		tu_write_file(path, edited, second_len);
		s = open_store();
		v = history(s, "main", "t", "a", 0, &n);
		cr_assert_eq(n, 3);
		cr_assert(store_oid_equal(&v[1].commit, &c[1]));
		cr_assert_eq(v[1].op, STORE_OP_INSERT, "the reopened store did not read the file");
		free(v);
		store_close(s);
		free(edited);
	}

	/* The true file back: the true answer. */
	tu_write_file(path, second, second_len);
	s = open_store();
	v = history(s, "main", "t", "a", 0, &n);
	cr_assert_eq(n, 3);
	cr_assert_eq(v[1].op, STORE_OP_UPDATE);
	free(v);
	store_close(s);
	free(first);
	free(second);
	free(path);
}

/* ---- Commits made with plain git ---- */

Test(history, outside_commits_appear_after_reopen)
{
	store *s = open_store();
	store_tx *tx;
	store_oid c[2], o[2];
	store_version *v;
	store_logentry *log;
	store_snap *snap;
	store_err err;
	int64_t t1 = (int64_t)time(NULL) + 1000, t2 = t1 + 100, tc0;
	char *wt;
	size_t n;

	tx = begin(s, NULL);
	create_table(tx, "t");
	put_v(tx, "t", "a", 1);
	put_v(tx, "t", "b", 1);
	c[0] = commit_as(tx, "alice");
	tx = begin(s, NULL);
	put_v(tx, "t", "a", 2);
	c[1] = commit_as(tx, "bob");
	free(history(s, "main", "t", "a", 0, &n));
	tc0 = commit_time(s, &c[0]);
	store_close(s);
	cr_assert_eq(expect_hist_complete(NULL, "main", "main"), 2);

	/* While the store is closed: a edited and c added, then b removed, with git. */
	wt = clone("wt");
	git_put(wt, "t", "a", 99);
	git_put(wt, "t", "c", 1);
	o[0] = git_commit(wt, "edit by hand", t1);
	git_rm(wt, "t", "b");
	o[1] = git_commit(wt, "remove b by hand", t2);
	free(sh_ok("git -C '%s' push -q origin HEAD:main", wt));

	s = open_store();
	v = history(s, "main", "t", "a", 0, &n);
	cr_assert_eq(n, 3, "t/a: %zu versions", n);
	cr_assert(store_oid_equal(&v[0].commit, &o[0]), "the outside commit is missing");
	cr_assert_eq(v[0].op, STORE_OP_UPDATE);
	cr_assert_str_eq(v[0].author, "Outside Editor");
	cr_assert_eq(v[0].time_us, t1 * 1000000, "an outside commit's time is its commit time");
	cr_assert(store_oid_equal(&v[1].commit, &c[1]));
	cr_assert(store_oid_equal(&v[2].commit, &c[0]));
	free(v);
	v = history(s, "main", "t", "b", 0, &n);
	cr_assert_eq(n, 2);
	cr_assert(store_oid_equal(&v[0].commit, &o[1]));
	cr_assert_eq(v[0].op, STORE_OP_DELETE);
	cr_assert_eq(v[0].time_us, t2 * 1000000);
	free(v);
	v = history(s, "main", "t", "c", 0, &n);
	cr_assert_eq(n, 1);
	cr_assert(store_oid_equal(&v[0].commit, &o[0]));
	cr_assert_eq(v[0].op, STORE_OP_INSERT);
	free(v);
	cr_assert_eq(expect_history_is_git(s, "main", "t", "a"), 3);
	cr_assert_eq(expect_history_is_git(s, "main", "t", "b"), 2);
	cr_assert_eq(expect_history_is_git(s, "main", "t", "c"), 1);

	/* Time lookups see them too. */
	expect_at(s, "main", t1 * 1000000 - 1, &c[1]);
	expect_at(s, "main", t1 * 1000000, &o[0]);
	expect_at(s, "main", t2 * 1000000 - 1, &o[0]);
	expect_at(s, "main", t2 * 1000000, &o[1]);
	expect_at(s, "main", INT64_MAX, &o[1]);
	expect_at(s, "main", tc0, &c[0]);
	expect_at_error(s, "main", tc0 - 1, "22008");

	/* And the log. */
	snap = snap_branch(s, "main");
	store_err_clear(&err);
	cr_assert_eq(store_log(snap, 0, &log, &n, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(n, 4);
	cr_assert(store_oid_equal(&log[0].commit, &o[1]));
	cr_assert(store_oid_equal(&log[1].commit, &o[0]));
	cr_assert_eq(log[1].time_us, t1 * 1000000);
	cr_assert(store_oid_equal(&log[2].commit, &c[1]));
	store_log_free(log, n);
	store_snap_free(snap);

	/* The store commits on top; the file covers everything at close. */
	tx = begin(s, NULL);
	put_v(tx, "t", "a", 100);
	commit_as(tx, "carol");
	checkpoint(s);
	cr_assert_eq(expect_history_is_git(s, "main", "t", "a"), 4);
	store_close(s);
	s = open_store();
	cr_assert_eq(expect_history_is_git(s, "main", "t", "a"), 4);
	cr_assert_eq(expect_hist_complete(s, "main", "main"), 5);
	store_close(s);
	free(wt);
}

/* ---- History rewritten outside ---- */

Test(history, rewound_branch_rebuilds_the_index)
{
	store *s = open_store();
	store_tx *tx;
	store_oid c[4], c2b;
	int64_t t[4];
	store_logentry *log;
	store_snap *snap;
	store_version *v;
	store_err err;
	char hex[41], *wt;
	size_t n;

	for (int i = 0; i < 4; i++) {
		tx = begin(s, NULL);
		if (i == 0)
			create_table(tx, "t");
		put_v(tx, "t", "a", i);
		if (i == 2)
			put_v(tx, "t", "z", i);
		c[i] = commit_as(tx, "alice");
		t[i] = commit_time(s, &c[i]);
	}
	store_close(s);
	cr_assert_eq(expect_hist_complete(NULL, "main", "main"), 4);

	/* Force-push main back to c1: the file's last commit is no longer on the branch. */
	wt = clone("wt");
	store_oid_fmt(hex, &c[1]);
	free(sh_ok("git -C '%s' push -q -f origin %s:refs/heads/main", wt, hex));

	s = open_store();
	v = history(s, "main", "t", "a", 0, &n);
	cr_assert_eq(n, 2, "t/a after the rewind: %zu versions", n);
	cr_assert(store_oid_equal(&v[0].commit, &c[1]));
	cr_assert(store_oid_equal(&v[1].commit, &c[0]));
	free(v);
	v = history(s, "main", "t", "z", 0, &n);
	cr_assert_eq(n, 0, "a row of a commit pushed away has %zu versions", n);
	free(v);
	expect_at(s, "main", t[3], &c[1]);
	expect_at(s, "main", t[1], &c[1]);
	expect_at(s, "main", t[1] - 1, &c[0]);
	snap = snap_branch(s, "main");
	store_err_clear(&err);
	cr_assert_eq(store_log(snap, 0, &log, &n, &err), STORE_OK);
	cr_assert_eq(n, 2);
	store_log_free(log, n);
	store_snap_free(snap);

	/* Committing on the rewound branch, then a reopen: c0 c1 c2'. */
	tx = begin(s, NULL);
	put_v(tx, "t", "a", 20);
	c2b = commit_as(tx, "bob");
	v = history(s, "main", "t", "a", 0, &n);
	cr_assert_eq(n, 3);
	cr_assert(store_oid_equal(&v[0].commit, &c2b));
	free(v);
	store_close(s);
	cr_assert_eq(expect_hist_complete(NULL, "main", "main"), 3);
	s = open_store();
	cr_assert_eq(expect_history_is_git(s, "main", "t", "a"), 3);
	cr_assert_eq(expect_history_is_git(s, "main", "t", "z"), 0);
	store_close(s);
	free(wt);
}

Test(history, unrelated_history_rebuilds_the_index)
{
	store *s = open_store();
	store_tx *tx;
	store_oid c[3], o[2];
	int64_t t[3], t0 = (int64_t)time(NULL) + 2000;
	store_version *v;
	char *wt;
	size_t n;

	for (int i = 0; i < 3; i++) {
		tx = begin(s, NULL);
		if (i == 0)
			create_table(tx, "t");
		put_v(tx, "t", "a", i);
		put_v(tx, "t", i == 1 ? "b" : "a2", i);
		c[i] = commit_as(tx, "alice");
		t[i] = commit_time(s, &c[i]);
	}
	store_close(s);

	/*
	 * A history with no commit in common, force-pushed over main: an
	 * orphan commit keeping the work tree (catalog and rows), a changed,
	 * d added; then a changed again.
	 */
	wt = clone("wt");
	free(sh_ok("git -C '%s' checkout -q --orphan fresh", wt));
	git_put(wt, "t", "a", 50);
	git_put(wt, "t", "d", 1);
	o[0] = git_commit(wt, "a new start", t0);
	git_put(wt, "t", "a", 51);
	o[1] = git_commit(wt, "and a change", t0 + 60);
	free(sh_ok("git -C '%s' push -q -f origin fresh:main", wt));

	s = open_store();
	v = history(s, "main", "t", "a", 0, &n);
	cr_assert_eq(n, 2, "t/a: %zu versions", n);
	cr_assert(store_oid_equal(&v[0].commit, &o[1]));
	cr_assert_eq(v[0].op, STORE_OP_UPDATE);
	cr_assert(store_oid_equal(&v[1].commit, &o[0]));
	cr_assert_eq(v[1].op, STORE_OP_INSERT, "the root commit inserts every row");
	free(v);
	cr_assert_eq(expect_history_is_git(s, "main", "t", "a"), 2);
	cr_assert_eq(expect_history_is_git(s, "main", "t", "b"), 1);
	cr_assert_eq(expect_history_is_git(s, "main", "t", "d"), 1);

	/* The old commits are gone from the time line: it starts at t0. */
	expect_at_error(s, "main", t[2], "22008");
	expect_at_error(s, "main", t0 * 1000000 - 1, "22008");
	expect_at(s, "main", t0 * 1000000, &o[0]);
	expect_at(s, "main", INT64_MAX, &o[1]);
	store_close(s);
	cr_assert_eq(expect_hist_complete(NULL, "main", "main"), 2);
	free(wt);
}

/* ---- A damaged index file ---- */

/* Everything the index answers for the rows of the damage test. */
typedef struct answers {
	store_version *v[3];
	size_t n[3];
	store_oid at[8];
	int64_t t[8];
	size_t nt;
} answers;

static const char *const DAMAGE_KEYS[] = {"a", "b", "c"};

static void answers_take(store *s, answers *a, const store_oid *c, size_t nc)
{
	for (int k = 0; k < 3; k++)
		a->v[k] = history(s, "main", "t", DAMAGE_KEYS[k], 0, &a->n[k]);
	a->nt = nc;
	for (size_t i = 0; i < nc; i++) {
		a->t[i] = commit_time(s, &c[i]);
		a->at[i] = c[i];
	}
}

static void answers_expect(store *s, const answers *a, const char *what)
{
	for (int k = 0; k < 3; k++) {
		size_t n;
		store_version *v = history(s, "main", "t", DAMAGE_KEYS[k], 0, &n);

		cr_assert_eq(n, a->n[k], "%s: t/%s has %zu versions, want %zu", what,
			DAMAGE_KEYS[k], n, a->n[k]);
		for (size_t i = 0; i < n; i++) {
			const store_version *w = &a->v[k][i];

			cr_assert(store_oid_equal(&v[i].commit, &w->commit), "%s: t/%s version %zu",
				what, DAMAGE_KEYS[k], i);
			cr_assert_eq(v[i].op, w->op, "%s: t/%s version %zu: op %c, want %c", what,
				DAMAGE_KEYS[k], i, v[i].op, w->op);
			cr_assert(store_oid_equal(&v[i].blob, &w->blob),
				"%s: t/%s version %zu: blob", what, DAMAGE_KEYS[k], i);
			cr_assert_eq(v[i].time_us, w->time_us, "%s: t/%s version %zu: time", what,
				DAMAGE_KEYS[k], i);
			cr_assert_str_eq(v[i].author, w->author);
		}
		free(v);
	}
	for (size_t i = 0; i < a->nt; i++) {
		expect_at(s, "main", a->t[i], &a->at[i]);
		if (i > 0)
			expect_at(s, "main", a->t[i] - 1, &a->at[i - 1]);
	}
	expect_at_error(s, "main", a->t[0] - 1, "22008");
}

Test(history, damaged_file_is_detected_and_answers_stay_right)
{
	char *path = hist_path("main");
	store *s = open_store();
	store_tx *tx;
	store_oid c[6];
	unsigned char *good, *bad;
	size_t len, n;
	hrec recs[16];
	answers want;

	/* Six commits over three rows, each record with changes to damage. */
	for (int i = 0; i < 6; i++) {
		tx = begin(s, NULL);
		if (i == 0)
			create_table(tx, "t");
		put_v(tx, "t", DAMAGE_KEYS[i % 3], i);
		if (i % 2 == 1)
			put_v(tx, "t", DAMAGE_KEYS[(i + 1) % 3], i);
		if (i == 4)
			del(tx, "t", "a");
		c[i] = commit_as(tx, i % 2 ? "odd" : "even");
	}
	answers_take(s, &want, c, 6);
	store_close(s);
	cr_assert_eq(expect_hist_complete(NULL, "main", "main"), 6);
	good = tu_read_file(path, &len);
	n = hist_decode(good, len, recs, 16);
	cr_assert_eq(n, 6);
	bad = malloc(len + 64);

	for (int d = 0; d < 10; d++) {
		static const char *const what[] = {
			"op and blob of a middle record flipped",
			"a byte of a middle record's CRC flipped",
			"a middle record's length made huge",
			"a middle record's length made short",
			"the last record cut short",
			"only the first record left",
			"garbage magic",
			"cut inside the magic",
			"empty",
			"garbage throughout",
		};
		size_t blen = len, mid = recs[3].off;

		memcpy(bad, good, len);
		switch (d) {
		case 0:
			/* A loader that ignored the CRC would report these. */
			bad[mid + 8 + 32] ^= 'u' ^ 'i';
			bad[mid + 8 + 33] ^= 0xff;
			bad[mid + 8 + 34] ^= 0xff;
			break;
		case 1:
			bad[mid + 5] ^= 0x10;
			break;
		case 2:
			put_le32(bad + mid, 0x7fffffff);
			break;
		case 3:
			put_le32(bad + mid, le32(bad + mid) - 21);
			break;
		case 4:
			blen = len - 10;
			break;
		case 5:
			blen = recs[1].off;
			break;
		case 6:
			memcpy(bad, "CHRONDB-HIST 9\n", 16);
			break;
		case 7:
			blen = 10;
			break;
		case 8:
			blen = 0;
			break;
		default:
			for (size_t i = 0; i < len; i++)
				bad[i] = (unsigned char)(i * 131 + 7);
		}
		tu_write_file(path, bad, blen);

		s = open_store();
		answers_expect(s, &want, what[d]);
		store_close(s);

		/* The store mended the file: whole again, every commit in it. */
		cr_assert_eq(
			expect_hist_complete(NULL, "main", "main"), 6, "%s: not mended", what[d]);
	}
	for (int k = 0; k < 3; k++)
		free(want.v[k]);
	free(good);
	free(bad);
	free(path);
}

/* ---- Branches ---- */

Test(history, branch_from_an_older_snapshot_has_history_up_to_it)
{
	store *s = open_store();
	store_tx *tx;
	store_oid c[5], ob;
	int64_t t[5];
	store_version *v;
	store_logentry *log;
	store_snap *snap, *at;
	store_err err;
	size_t n;

	for (int i = 0; i < 5; i++) {
		tx = begin(s, NULL);
		if (i == 0)
			create_table(tx, "t");
		put_v(tx, "t", "a", i);
		if (i == 3)
			put_v(tx, "t", "late", i);
		c[i] = commit_as(tx, "alice");
		t[i] = commit_time(s, &c[i]);
	}

	/* main's index is built (a query), then "old" branches off at c2. */
	free(history(s, "main", "t", "a", 0, &n));
	cr_assert_eq(n, 5);
	at = snap_commit(s, &c[2]);
	store_err_clear(&err);
	cr_assert_eq(store_branch_create(s, "old", at, &err), STORE_OK, "%s", err.message);
	store_snap_free(at);
	v = history(s, "old", "t", "a", 0, &n);
	cr_assert_eq(n, 3, "old: %zu versions of t/a", n);
	for (size_t i = 0; i < n; i++)
		cr_assert(store_oid_equal(&v[i].commit, &c[2 - i]));
	free(v);
	v = history(s, "old", "t", "late", 0, &n);
	cr_assert_eq(n, 0, "old has a row written after it branched off");
	free(v);
	expect_at(s, "old", t[4], &c[2]);
	expect_at(s, "old", t[1], &c[1]);
	expect_at_error(s, "old", t[0] - 1, "22008");
	snap = snap_branch(s, "old");
	store_err_clear(&err);
	cr_assert_eq(store_log(snap, 0, &log, &n, &err), STORE_OK);
	cr_assert_eq(n, 3);
	store_log_free(log, n);
	store_snap_free(snap);

	/* A commit on it is its own; main does not see it. */
	tx = begin(s, "old");
	put_v(tx, "t", "a", 30);
	ob = commit_as(tx, "bob");
	v = history(s, "old", "t", "a", 0, &n);
	cr_assert_eq(n, 4);
	cr_assert(store_oid_equal(&v[0].commit, &ob));
	cr_assert_str_eq(v[0].author, "bob");
	free(v);
	v = history(s, "main", "t", "a", 0, &n);
	cr_assert_eq(n, 5);
	cr_assert(store_oid_equal(&v[0].commit, &c[4]));
	free(v);
	store_close(s);

	/* In a new session, before any query, "feature/x" branches off at c1. */
	s = open_store();
	at = snap_commit(s, &c[1]);
	store_err_clear(&err);
	cr_assert_eq(store_branch_create(s, "feature/x", at, &err), STORE_OK, "%s", err.message);
	store_snap_free(at);
	v = history(s, "feature/x", "t", "a", 0, &n);
	cr_assert_eq(n, 2, "feature/x: %zu versions of t/a", n);
	cr_assert(store_oid_equal(&v[0].commit, &c[1]));
	cr_assert(store_oid_equal(&v[1].commit, &c[0]));
	free(v);
	expect_at(s, "feature/x", INT64_MAX, &c[1]);
	store_close(s);

	/* Each branch has its file ('/' percent-encoded), matching its chain. */
	cr_assert_eq(expect_hist_complete(NULL, "main", "main"), 5);
	cr_assert_eq(expect_hist_complete(NULL, "old", "old"), 4);
	cr_assert_eq(expect_hist_complete(NULL, "feature%2Fx", "feature/x"), 2);
	s = open_store();
	cr_assert_eq(expect_history_is_git(s, "old", "t", "a"), 4);
	cr_assert_eq(expect_history_is_git(s, "old", "t", "late"), 0);
	cr_assert_eq(expect_history_is_git(s, "feature/x", "t", "a"), 2);
	cr_assert_eq(expect_history_is_git(s, "main", "t", "a"), 5);
	cr_assert_eq(expect_history_is_git(s, "main", "t", "late"), 1);
	expect_at(s, "old", t[3], &c[2]);

	/* A deleted branch's file goes at the next checkpoint; the others stay. */
	{
		char *old = hist_path("old");

		store_err_clear(&err);
		cr_assert_eq(store_branch_delete(s, "old", &err), STORE_OK, "%s", err.message);
		checkpoint(s);
		cr_assert(!tu_file_exists(old), "the deleted branch's index file is still there");
		free(old);
	}
	store_close(s);
	cr_assert_eq(expect_hist_complete(NULL, "main", "main"), 5);
	cr_assert_eq(expect_hist_complete(NULL, "feature%2Fx", "feature/x"), 2);
}

/* ---- Time lookups ---- */

Test(history, snap_at_time_is_latest_commit_at_or_before)
{
	char *path = hist_path("main");
	store *s = open_store();
	store_tx *tx;
	store_oid c[5];
	int64_t t[5];

	/* No commit yet: any time is before the first. */
	expect_at_error(s, "main", INT64_MAX, "22008");
	expect_at_error(s, "nosuch", INT64_MAX, "42704");

	for (int i = 0; i < 5; i++) {
		tx = begin(s, NULL);
		if (i == 0)
			create_table(tx, "t");
		put_v(tx, "t", "a", i);
		c[i] = commit_as(tx, "alice");
		t[i] = commit_time(s, &c[i]);
		if (i > 0)
			cr_assert_gt(t[i], t[i - 1], "commit times do not increase");
	}

	for (int round = 0; round < 3; round++) {
		/* Round 0: the live index; 1: read from the file; 2: rebuilt from Git. */
		if (round > 0) {
			store_close(s);
			if (round == 2)
				cr_assert_eq(unlink(path), 0);
			s = open_store();
		}
		for (int i = 0; i < 5; i++) {
			expect_at(s, "main", t[i], &c[i]);
			expect_at(s, "main", t[i] + 1, &c[i]);
			if (i + 1 < 5)
				expect_at(s, "main", t[i + 1] - 1, &c[i]);
		}
		expect_at(s, "main", INT64_MAX, &c[4]);
		expect_at_error(s, "main", t[0] - 1, "22008");
		expect_at_error(s, "main", 0, "22008");
		expect_at_error(s, "main", -1000000, "22008");
		expect_at_error(s, "nosuch", t[4], "42704");

		/* The snapshot is the commit's, with its time. */
		{
			store_snap *snap = NULL;
			store_err err;

			store_err_clear(&err);
			cr_assert_eq(store_snap_at_time(s, NULL, t[2] + 1, &snap, &err), STORE_OK);
			cr_assert(store_oid_equal(store_snap_id(snap), &c[2]));
			cr_assert_eq(store_snap_time(snap), t[2]);
			store_snap_free(snap);
			store_err_clear(&err);
			cr_assert_eq(
				store_snap_at_time(s, "main", t[0] - 1, &snap, &err), STORE_ERROR);
			cr_assert_str_eq(err.sqlstate, "22008");
		}
	}
	store_close(s);
	cr_assert_eq(expect_hist_complete(NULL, "main", "main"), 5);
	free(path);
}
