/*
 * storetest.h - what the storage layer's tests of the public API share
 * (store.c, merge.c, refs.c, versions.c): a fresh data directory per test with a
 * private $HOME, shell commands (git) against it, and short forms of
 * the store's calls that fail the test on any error.  Each test file
 * includes it once; the helpers are static inline, so a file pays for
 * what it uses only.
 *
 * Each test gets a fresh temporary directory holding the data directory
 * (DATA = <tmp>/data), a private $HOME (so that nothing the store or git
 * does can reach the user's configuration) and, where a test needs one, a
 * work tree cloned from DATA.  Tests open the store without the background
 * checkpointer unless they say otherwise: store_checkpoint and store_close
 * are what put objects and refs where git finds them.
 */
#ifndef CHRONDB_TESTS_STORETEST_H
#define CHRONDB_TESTS_STORETEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "keycodec.h"
#include "store.h"
#include "testutil.h"

static char *tmpdir;  /* the test's directory */
static char *datadir; /* <tmp>/data: the store */
static char *homedir; /* <tmp>/home: $HOME for the store and git */

static inline void setup(void)
{
	tmpdir = tu_tmpdir("store");
	cr_assert(asprintf(&datadir, "%s/data", tmpdir) > 0);
	cr_assert(asprintf(&homedir, "%s/home", tmpdir) > 0);
	cr_assert_eq(mkdir(homedir, 0700), 0);
	setenv("HOME", homedir, 1);
	setenv("XDG_CONFIG_HOME", homedir, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_AUTHOR_NAME", "Outside Editor", 1);
	setenv("GIT_AUTHOR_EMAIL", "outside@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "Outside Editor", 1);
	setenv("GIT_COMMITTER_EMAIL", "outside@example.com", 1);
	setenv("TZ", "UTC", 1);
}

static inline void teardown(void)
{
	tu_rmtree(tmpdir);
	free(tmpdir);
	free(datadir);
	free(homedir);
}

/* ---- helpers ------------------------------------------------------------ */

/* Run a shell command; returns its exit status, *out (may be NULL) its stdout. */
static inline int sh(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline int sh(char **out, const char *fmt, ...)
{
	char *cmd;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	cr_assert(vasprintf(&cmd, fmt, ap) >= 0);
	va_end(ap);
	rc = tu_sh(out, "%s", cmd);
	free(cmd);
	return rc;
}

/* Run a shell command that must succeed; returns its stdout (caller frees). */
static inline char *sh_ok(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline char *sh_ok(const char *fmt, ...)
{
	char *cmd, *out = NULL;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	cr_assert(vasprintf(&cmd, fmt, ap) >= 0);
	va_end(ap);
	rc = tu_sh(&out, "%s 2>&1", cmd);
	cr_assert_eq(rc, 0, "command failed (%d): %s\n%s", rc, cmd, out ? out : "");
	free(cmd);
	return out;
}

/* Drop trailing newlines in place. */
static inline char *chomp(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* Does the line list text (one per line) hold exactly this line? */
static inline int has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; p != NULL && *p;
		p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (strncmp(p, line, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
			return 1;
	}
	return 0;
}

static inline int count_lines(const char *text)
{
	int n = 0;

	for (const char *p = text; *p; p++)
		n += *p == '\n';
	return n;
}

static inline store *open_opts(const store_opts *o)
{
	store *s = NULL;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_open(&s, datadir, o, &err), STORE_OK, "store_open: [%s] %s (%s)",
		err.sqlstate, err.message, err.detail);
	cr_assert_not_null(s);
	return s;
}

/* Open DATA with the defaults, but no background checkpointer. */
static inline store *open_store(void)
{
	store_opts o;

	store_opts_init(&o);
	o.background = 0;
	return open_opts(&o);
}

static inline void expect_err(int rc, const store_err *err, const char *sqlstate, const char *what)
{
	cr_assert_eq(rc, STORE_ERROR, "%s: returned %d, wanted an error %s", what, rc, sqlstate);
	cr_assert_str_eq(err->sqlstate, sqlstate, "%s: [%s] %s (%s)", what, err->sqlstate,
		err->message, err->detail);
	cr_assert_neq(err->message[0], '\0', "%s: no message", what);
}

static inline store_tx *begin(store *s, const char *branch, store_isolation iso)
{
	store_tx *tx = NULL;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_tx_begin(s, branch, iso, &tx, &err), STORE_OK, "begin: [%s] %s",
		err.sqlstate, err.message);
	return tx;
}

static inline void put(store_tx *tx, const char *table, const char *key, const char *json)
{
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_tx_put(tx, table, key, strlen(key), json, strlen(json), &err), STORE_OK,
		"put %s/%s: [%s] %s (%s)", table, key, err.sqlstate, err.message, err.detail);
}

static inline void del(store_tx *tx, const char *table, const char *key)
{
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_tx_delete(tx, table, key, strlen(key), &err), STORE_OK,
		"delete %s/%s: [%s] %s", table, key, err.sqlstate, err.message);
}

static inline void create_table(store_tx *tx, const char *table, const char *def)
{
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_tx_create_table(tx, table, def, &err), STORE_OK,
		"create %s: [%s] %s (%s)", table, err.sqlstate, err.message, err.detail);
}

/* Commit; returns the commit id (zero when nothing changed). */
static inline store_oid commit_meta(store_tx *tx, const store_txmeta *meta)
{
	store_oid id;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_tx_commit(tx, meta, &id, &err), STORE_OK, "commit: [%s] %s (%s)",
		err.sqlstate, err.message, err.detail);
	return id;
}

static inline store_oid commit(store_tx *tx)
{
	return commit_meta(tx, NULL);
}

static inline store_oid commit_as(store_tx *tx, const char *user)
{
	store_txmeta m = {.user = user};

	return commit_meta(tx, &m);
}

static inline void hex_of(char out[STORE_OID_HEXSZ + 1], const store_oid *oid)
{
	store_oid_fmt(out, oid);
}

static inline store_snap *snap_branch(store *s, const char *branch)
{
	store_snap *snap = NULL;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_snap_branch(s, branch, &snap, &err), STORE_OK, "snap_branch %s: [%s] %s",
		branch ? branch : "(default)", err.sqlstate, err.message);
	return snap;
}

static inline store_snap *snap_spec(store *s, const char *spec)
{
	store_snap *snap = NULL;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_snap_open(s, spec, &snap, &err), STORE_OK,
		"snap_open \"%s\": [%s] %s (%s)", spec, err.sqlstate, err.message, err.detail);
	return snap;
}

static inline store_snap *snap_commit(store *s, const store_oid *id)
{
	store_snap *snap = NULL;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_snap_commit(s, id, &snap, &err), STORE_OK, "snap_commit: [%s] %s",
		err.sqlstate, err.message);
	return snap;
}

/* A row's text at snap, or NULL when absent (any error fails the test). */
static inline char *get(store_snap *snap, const char *table, const char *key)
{
	char *json = NULL;
	size_t len = 0;
	store_err err;
	int rc;

	store_err_clear(&err);
	rc = store_get(snap, table, key, strlen(key), &json, &len, NULL, &err);
	if (rc == STORE_NOTFOUND)
		return NULL;
	cr_assert_eq(rc, STORE_OK, "get %s/%s: [%s] %s", table, key, err.sqlstate, err.message);
	cr_assert_eq(strlen(json), len);
	return json;
}

static inline void expect_row(
	store_snap *snap, const char *table, const char *key, const char *want)
{
	char *json = get(snap, table, key);

	if (want == NULL) {
		cr_assert_null(json, "%s/%s should be absent, is %s", table, key, json);
		return;
	}
	cr_assert_not_null(json, "%s/%s is absent, wanted %s", table, key, want);
	cr_assert_str_eq(json, want, "%s/%s", table, key);
	free(json);
}

/* The row is there, whatever it holds. */
static inline void expect_exists(store_snap *snap, const char *table, const char *key)
{
	char *json = get(snap, table, key);

	cr_assert_not_null(json, "%s/%s is absent", table, key);
	free(json);
}

/* Value of integer member "v" of a row, or -1 when the row is absent. */
static inline long long get_v(store_snap *snap, const char *table, const char *key)
{
	char *json = get(snap, table, key);
	json_t *doc, *v;
	long long r;

	if (json == NULL)
		return -1;
	doc = json_loads(json, 0, NULL);
	cr_assert_not_null(doc, "row %s/%s is not JSON: %s", table, key, json);
	v = json_object_get(doc, "v");
	cr_assert(json_is_integer(v), "row %s/%s has no integer v: %s", table, key, json);
	r = json_integer_value(v);
	json_decref(doc);
	free(json);
	return r;
}

/* The keys of a scan joined with spaces (malloc'd). */
static inline char *scan_keys(store_snap *snap, const char *table)
{
	store_scan *sc = NULL;
	store_err err;
	const char *key, *json;
	size_t keylen, len, n = 0, cap = 256;
	char *out = malloc(cap);
	int r;

	cr_assert_not_null(out);
	out[0] = '\0';
	store_err_clear(&err);
	cr_assert_eq(store_scan_open(snap, table, &sc, &err), STORE_OK, "scan %s: [%s] %s", table,
		err.sqlstate, err.message);
	while ((r = store_scan_next(sc, &key, &keylen, &json, &len, &err)) == 1) {
		cr_assert_eq(strlen(json), len);
		json_t *doc = json_loadb(json, len, 0, NULL);

		cr_assert_not_null(doc, "scan row %.*s is not JSON", (int)keylen, key);
		json_decref(doc);
		while (n + keylen + 2 > cap)
			out = realloc(out, cap *= 2);
		if (n > 0)
			out[n++] = ' ';
		memcpy(out + n, key, keylen);
		n += keylen;
		out[n] = '\0';
	}
	cr_assert_eq(r, 0, "scan %s ended with %d: [%s] %s", table, r, err.sqlstate, err.message);
	store_scan_close(sc);
	return out;
}

static inline void expect_scan(store_snap *snap, const char *table, const char *want)
{
	char *keys = scan_keys(snap, table);

	cr_assert_str_eq(keys, want, "scan of %s", table);
	free(keys);
}

static inline uint64_t count(store_snap *snap, const char *table)
{
	uint64_t n = 0;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_count(snap, table, &n, &err), STORE_OK, "count %s: [%s] %s", table,
		err.sqlstate, err.message);
	return n;
}

/* Table names joined with spaces (malloc'd). */
static inline char *tables(store_snap *snap)
{
	char **names = NULL, *out;
	size_t n = 0, len = 1;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_tables(snap, &names, &n, &err), STORE_OK, "tables: %s", err.message);
	for (size_t i = 0; i < n; i++)
		len += strlen(names[i]) + 1;
	out = calloc(1, len);
	cr_assert_not_null(out);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, names[i]);
	}
	free(names);
	return out;
}

/* The git path of a row in our layout, computed with sha1sum as README says. */
static inline char *row_path(const char *table, const char *key)
{
	char *fan = chomp(sh_ok("printf %%s '%s' | sha1sum | cut -c1-4", key)), *path;

	cr_assert_eq(strlen(fan), 4);
	cr_assert(asprintf(&path, "%s/%c/%c/%c/%c/%s.json", table, fan[0], fan[1], fan[2], fan[3],
			  key) > 0);
	free(fan);
	return path;
}

static inline char *encode_key(const char *raw, size_t len)
{
	size_t need = store_key_encode(NULL, 0, raw, len);
	char *out = malloc(need + 1);

	cr_assert_not_null(out);
	cr_assert_eq(store_key_encode(out, need + 1, raw, len), need);
	return out;
}

static inline void checkpoint(store *s)
{
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_checkpoint(s, &err), STORE_OK, "checkpoint: [%s] %s (%s)", err.sqlstate,
		err.message, err.detail);
}

static inline void expect_fsck_clean(void)
{
	char *out = NULL;
	int rc = sh(&out, "git -C '%s' fsck --strict --no-dangling 2>&1", datadir);

	cr_assert_eq(rc, 0, "git fsck --strict failed:\n%s", out);
	cr_assert(strstr(out, "error") == NULL && strstr(out, "warning") == NULL &&
			  strstr(out, "missing") == NULL,
		"git fsck --strict:\n%s", out);
	free(out);
}

static inline json_t *parse_json(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, 0, &jerr);

	cr_assert_not_null(j, "not JSON (%s): %s", jerr.text, text);
	return j;
}

static inline const char *jstr(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	cr_assert(json_is_string(v), "member \"%s\" is not a string", key);
	return json_string_value(v);
}

static const char *const T_DEF = "{\"columns\": [{\"name\": \"id\", \"type\": \"text\"}, "
				 "{\"name\": \"v\", \"type\": \"integer\"}], "
				 "\"primary_key\": [\"id\"]}";
static const char *const INT_DEF = "{\"columns\": [{\"name\": \"id\", \"type\": \"integer\"}, "
				   "{\"name\": \"v\", \"type\": \"integer\"}], "
				   "\"primary_key\": [\"id\"]}";

/* A row {"id": key, "v": v} as the caller would write it (not canonical). */
static inline const char *row(char *buf, size_t size, const char *key, long long v)
{
	snprintf(buf, size, "{\"v\":%lld,\"id\":\"%s\"}", v, key);
	return buf;
}

static inline void put_v(store_tx *tx, const char *table, const char *key, long long v)
{
	char buf[256];

	put(tx, table, key, row(buf, sizeof(buf), key, v));
}

/* One commit creating table t (T_DEF) with rows a=1 and b=2. */
static inline store_oid make_t(store *s)
{
	store_tx *tx = begin(s, NULL, STORE_READ_COMMITTED);

	create_table(tx, "t", T_DEF);
	put_v(tx, "t", "a", 1);
	put_v(tx, "t", "b", 2);
	return commit(tx);
}

/* Sleep long enough that the next commit gets a later microsecond time. */
static inline void tick(void)
{
	usleep(3000);
}

#endif
