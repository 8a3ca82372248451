/*
 * store.c - tests for the public store API (storage/store.h), checked
 * against the repository with plain git wherever git can see the result.
 * The fixture and the helpers are storetest.h's.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <jansson.h>

#include "buf.h"
#include "keycodec.h"
#include "store.h"
#include "storetest.h"
#include "testutil.h"

/* ---- 1. the repository ---------------------------------------------- */

Test(store, open_fresh_creates_bare_repo_without_commit, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_snap *snap;
	store_err err;
	char *out = NULL, *ls, **names;
	size_t n;
	store_branch_info *br;

	cr_assert_str_eq(store_default_branch(s), "main");
	out = chomp(sh_ok("git -C '%s' symbolic-ref HEAD", datadir));
	cr_assert_str_eq(out, "refs/heads/main");
	free(out);
	out = chomp(sh_ok("git -C '%s' rev-parse --is-bare-repository", datadir));
	cr_assert_str_eq(out, "true");
	free(out);
	cr_assert_neq(sh(NULL, "git -C '%s' rev-parse -q --verify main >/dev/null 2>&1", datadir),
		0, "a fresh store has a commit on main");

	/* The empty default branch: a snapshot with no tables. */
	snap = snap_branch(s, "main");
	cr_assert(store_snap_is_empty(snap));
	cr_assert(store_oid_is_zero(store_snap_id(snap)));
	cr_assert_eq(store_tables(snap, &names, &n, &err), STORE_OK);
	cr_assert_eq(n, 0);
	free(names);
	store_err_clear(&err);
	expect_err(store_get(snap, "t", "a", 1, &out, NULL, NULL, &err), &err, "42P01",
		"get on an empty branch");
	store_snap_free(snap);
	store_err_clear(&err);
	expect_err(store_snap_open(s, "HEAD", &snap, &err), &err, "42704", "HEAD with no commit");
	cr_assert_eq(store_branch_list(s, &br, &n, &err), STORE_OK);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(br[0].name, "main");
	cr_assert(store_oid_is_zero(&br[0].head));
	free(br);

	/* An empty transaction commits nothing, even on an empty branch. */
	{
		store_tx *tx = begin(s, NULL, STORE_READ_COMMITTED);
		store_oid id = commit(tx);

		cr_assert(store_oid_is_zero(&id));
	}
	store_close(s);
	cr_assert_neq(sh(NULL, "git -C '%s' rev-parse -q --verify main >/dev/null 2>&1", datadir),
		0, "opening and closing wrote a commit");

	/* Opening again changes nothing either. */
	s = open_store();
	store_close(s);
	cr_assert_neq(sh(NULL, "git -C '%s' rev-parse -q --verify main >/dev/null 2>&1", datadir),
		0, "reopening wrote a commit");

	/* Nothing was written to $HOME (no ~/.gitconfig, no XDG git config). */
	ls = sh_ok("ls -A '%s'", homedir);
	cr_assert_str_eq(ls, "", "the store wrote into $HOME: %s", ls);
	free(ls);
}

Test(store, open_fresh_with_commit_leaves_home_alone, .init = setup, .fini = teardown)
{
	store *s = open_store();
	char *ls, *cfg;

	make_t(s);
	store_close(s);
	ls = sh_ok("ls -A '%s'", homedir);
	cr_assert_str_eq(ls, "", "the store wrote into $HOME: %s", ls);
	free(ls);
	/* The repository config is a plain bare one: no gpg or user changes. */
	cfg = sh_ok("git -C '%s' config --local --list", datadir);
	cr_assert(strstr(cfg, "core.bare=true") != NULL, "%s", cfg);
	cr_assert(strstr(cfg, "gpg") == NULL, "%s", cfg);
	free(cfg);
}

/* In a child: try to open DATA and report the error through fd. */
static void child_open(int fd)
{
	store *s = NULL;
	store_err err;
	char msg[1200];
	int rc, n;

	store_err_clear(&err);
	rc = store_open(&s, datadir, NULL, &err);
	n = snprintf(msg, sizeof(msg), "%d|%s|%s|%s", rc, err.sqlstate, err.message, err.detail);
	if (write(fd, msg, (size_t)n) != n)
		_exit(3);
	if (rc == STORE_OK)
		store_close(s);
	_exit(rc == STORE_OK ? 0 : 1);
}

/* Fork, open DATA in the child; returns the child's report (malloc'd). */
static char *open_in_child(int *status)
{
	int p[2];
	pid_t pid;
	char buf[1300];
	ssize_t n, len = 0;

	cr_assert_eq(pipe(p), 0);
	fflush(NULL);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		close(p[0]);
		child_open(p[1]);
	}
	close(p[1]);
	while ((n = read(p[0], buf + len, sizeof(buf) - 1 - (size_t)len)) > 0)
		len += n;
	buf[len] = '\0';
	close(p[0]);
	cr_assert_eq(waitpid(pid, status, 0), pid);
	cr_assert(WIFEXITED(*status), "child crashed");
	*status = WEXITSTATUS(*status);
	return strdup(buf);
}

Test(store, second_process_gets_55006_naming_holder, .init = setup, .fini = teardown)
{
	store *s = open_store();
	char *rep, pidtext[32];
	int status;

	make_t(s);
	rep = open_in_child(&status);
	cr_log_info("second open: %s", rep);
	cr_assert_eq(status, 1, "the second open did not fail: %s", rep);
	cr_assert(strncmp(rep, "-1|55006|", 9) == 0, "wanted 55006: %s", rep);
	snprintf(pidtext, sizeof(pidtext), "%ld", (long)getpid());
	cr_assert(strstr(rep, pidtext) != NULL, "the error does not name pid %s: %s", pidtext, rep);
	free(rep);

	/* The holder is unharmed, and after it closes the next process gets in. */
	{
		store_snap *snap = snap_branch(s, "main");

		cr_assert_eq(get_v(snap, "t", "a"), 1);
		store_snap_free(snap);
	}
	store_close(s);
	rep = open_in_child(&status);
	cr_assert_eq(status, 0, "open after close failed: %s", rep);
	free(rep);
}

Test(store, open_rejects_a_regular_file, .init = setup, .fini = teardown)
{
	char *file;
	store *s = NULL;
	store_err err;
	int rc;

	cr_assert(asprintf(&file, "%s/plain", tmpdir) > 0);
	free(sh_ok("printf 'not a repository' > '%s'", file));
	store_err_clear(&err);
	rc = store_open(&s, file, NULL, &err);
	cr_log_info("open on a file: [%s] %s (%s)", err.sqlstate, err.message, err.detail);
	cr_assert_eq(rc, STORE_ERROR, "store_open accepted a regular file");
	cr_assert_neq(err.sqlstate[0], '\0');
	cr_assert(strstr(err.message, "not a directory") != NULL, "unclear error: %s", err.message);
	free(file);
}

Test(store, open_rejects_garbage_repository, .init = setup, .fini = teardown)
{
	store *s = NULL;
	store_err err;
	int rc;

	/* HEAD and objects/ exist but hold garbage. */
	free(sh_ok("mkdir -p '%s/objects/ab' '%s/refs' && printf 'garbage\\n' > '%s/HEAD' && "
		   "printf 'junk' > '%s/objects/ab/cdef' && printf 'x' > '%s/config'",
		datadir, datadir, datadir, datadir, datadir));
	store_err_clear(&err);
	rc = store_open(&s, datadir, NULL, &err);
	cr_log_info(
		"open on garbage: rc %d [%s] %s (%s)", rc, err.sqlstate, err.message, err.detail);
	cr_assert_eq(rc, STORE_ERROR, "store_open accepted a repository with a garbage HEAD");
	cr_assert_neq(err.message[0], '\0');
}

Test(store, unreadable_objects_give_errors_not_crashes, .init = setup, .fini = teardown)
{
	store *s = NULL;
	store_snap *snap;
	store_err err;
	char *objs, *line, *json = NULL;
	int rc;

	/* A real repository with one commit made by git, then every object smashed. */
	free(sh_ok("git init -q --bare '%s' && git -C '%s' symbolic-ref HEAD refs/heads/main && "
		   "git clone -q '%s' '%s/wt' && mkdir -p '%s/wt/data/users' && "
		   "printf '{\"id\":\"1\"}' > '%s/wt/data/users/1.json' && "
		   "git -C '%s/wt' add -A && git -C '%s/wt' commit -qm c && "
		   "git -C '%s/wt' push -q origin HEAD:main",
		datadir, datadir, datadir, tmpdir, tmpdir, tmpdir, tmpdir, tmpdir, tmpdir));
	objs = sh_ok("cd '%s/objects' && find . -type f -path './[0-9a-f][0-9a-f]/*'", datadir);
	cr_assert_gt(count_lines(objs), 0);
	for (line = strtok(objs, "\n"); line != NULL; line = strtok(NULL, "\n"))
		free(sh_ok("chmod u+w '%s/objects/%s' && printf 'garbage' > '%s/objects/%s'",
			datadir, line, datadir, line));
	free(objs);

	store_err_clear(&err);
	rc = store_open(&s, datadir, NULL, &err);
	if (rc != STORE_OK) {
		cr_log_info("open: [%s] %s (%s)", err.sqlstate, err.message, err.detail);
		cr_assert_neq(err.message[0], '\0');
		return;
	}
	store_err_clear(&err);
	rc = store_snap_branch(s, "main", &snap, &err);
	if (rc == STORE_OK) {
		store_err_clear(&err);
		rc = store_get(snap, "users", "1", 1, &json, NULL, NULL, &err);
		store_snap_free(snap);
	}
	cr_log_info("read from smashed objects: rc %d [%s] %s (%s)", rc, err.sqlstate, err.message,
		err.detail);
	cr_assert_eq(rc, STORE_ERROR, "reading through corrupt objects did not fail");
	cr_assert_neq(err.message[0], '\0');
	free(json);
	store_close(s);
}

/* ---- 2. tables and rows --------------------------------------------- */

Test(store, tables_rows_catalog_and_paths, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx;
	store_snap *snap;
	store_err err;
	store_oid c1, blob;
	const char raw[] = "hello world/\xc3\xbc:1,x";
	char *enc = encode_key(raw, sizeof(raw) - 1), *out, *path, *path2, *json, hex[41];
	json_t *cat, *cols;
	size_t len;

	cr_assert_str_eq(enc, "hello%20world%2F%C3%BC%3A1%2Cx");
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	create_table(tx, "t", T_DEF);
	put(tx, "t", "a", "{ \"v\" : 1 , \"id\" : \"a\" }");
	put(tx, "t", enc,
		"{\"id\": \"hello world/\\u00fc:1,x\", \"v\": 2, \"nested\": {\"z\": [1, 2.50, \"\\/\"], \"a\": null}}");
	/* Reading its own writes, canonical already. */
	store_err_clear(&err);
	cr_assert_eq(store_tx_get(tx, "t", "a", 1, &json, &len, NULL, &err), STORE_OK);
	cr_assert_str_eq(json, "{\n  \"id\": \"a\",\n  \"v\": 1\n}\n");
	free(json);
	c1 = commit(tx);
	cr_assert(!store_oid_is_zero(&c1));
	checkpoint(s);

	/* The catalog entry, read with git. */
	out = sh_ok("git -C '%s' show main:.chrondb/tables/t.json", datadir);
	cat = parse_json(out);
	cr_assert_str_eq(jstr(cat, "name"), "t");
	cr_assert(json_is_integer(json_object_get(cat, "oid")), "%s", out);
	cr_assert_geq(json_integer_value(json_object_get(cat, "oid")), 16384);
	cols = json_object_get(cat, "columns");
	cr_assert(json_is_array(cols) && json_array_size(cols) == 2, "%s", out);
	cr_assert_str_eq(jstr(json_array_get(cols, 0), "name"), "id");
	cr_assert_str_eq(jstr(json_array_get(cols, 1), "type"), "integer");
	cr_assert(json_is_array(json_object_get(cat, "primary_key")));
	cr_assert_str_eq(
		json_string_value(json_array_get(json_object_get(cat, "primary_key"), 0)), "id");
	cr_assert_str_eq(jstr(cat, "layout"), "fanout4");
	json_decref(cat);
	free(out);

	/* Rows at their fan-out paths, canonical. */
	out = sh_ok("git -C '%s' ls-tree -r --name-only main", datadir);
	path = row_path("t", "a");
	path2 = row_path("t", enc);
	cr_assert(has_line(out, ".chrondb/tables/t.json"), "%s", out);
	cr_assert(has_line(out, path), "no %s in\n%s", path, out);
	cr_assert(has_line(out, path2), "no %s in\n%s", path2, out);
	cr_assert_eq(count_lines(out), 3, "%s", out);
	free(out);
	out = sh_ok("git -C '%s' show 'main:%s'", datadir, path);
	cr_assert_str_eq(out, "{\n  \"id\": \"a\",\n  \"v\": 1\n}\n");
	free(out);
	out = sh_ok("git -C '%s' show 'main:%s'", datadir, path2);
	/* Columns in table order, then other members by name; nested values compact. */
	cr_assert_str_eq(out, "{\n  \"id\": \"hello world/\xc3\xbc:1,x\",\n  \"v\": 2,\n  "
			      "\"nested\": {\"z\":[1,2.50,\"/\"],\"a\":null}\n}\n");

	/* store_get agrees with git, blob id included. */
	snap = snap_branch(s, "main");
	cr_assert(store_oid_equal(store_snap_id(snap), &c1));
	store_err_clear(&err);
	cr_assert_eq(store_get(snap, "t", enc, strlen(enc), &json, &len, &blob, &err), STORE_OK);
	cr_assert_str_eq(json, out);
	free(json);
	free(out);
	hex_of(hex, &blob);
	out = chomp(sh_ok("git -C '%s' rev-parse 'main:%s'", datadir, path2));
	cr_assert_str_eq(hex, out);
	free(out);
	cr_assert_eq(count(snap, "t"), 2);
	out = tables(snap);
	cr_assert_str_eq(out, "t");
	free(out);
	store_err_clear(&err);
	cr_assert_eq(store_catalog(snap, "t", &json, &err), STORE_OK);
	cat = parse_json(json);
	cr_assert_str_eq(jstr(cat, "name"), "t");
	json_decref(cat);
	free(json);
	expect_scan(snap, "t", "a hello%20world%2F%C3%BC%3A1%2Cx");

	/* Misses and errors on reads. */
	cr_assert_null(get(snap, "t", "zz"));
	store_err_clear(&err);
	expect_err(store_get(snap, "nope", "a", 1, &json, NULL, NULL, &err), &err, "42P01",
		"get from an unknown table");
	store_err_clear(&err);
	expect_err(store_count(snap, "nope", &(uint64_t){0}, &err), &err, "42P01", "count unknown");
	store_err_clear(&err);
	expect_err(store_catalog(snap, "nope", &json, &err), &err, "42P01", "catalog unknown");
	store_err_clear(&err);
	cr_assert_eq(store_get(snap, "t", "a b", 3, &json, NULL, NULL, &err), STORE_ERROR,
		"an unencoded key was accepted");
	cr_assert_neq(err.message[0], '\0');
	store_snap_free(snap);

	/* Errors on writes. */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	store_err_clear(&err);
	expect_err(store_tx_put(tx, "t", "c", 1, "{\"id\":", 6, &err), &err, "22P02",
		"malformed JSON");
	store_err_clear(&err);
	expect_err(store_tx_put(tx, "t", "c", 1, "[1,2]", 5, &err), &err, "22P02", "not an object");
	store_err_clear(&err);
	expect_err(store_tx_put(tx, "t", "c", 1, "{\"a\":1,\"a\":2}", 13, &err), &err, "22P02",
		"duplicate member");
	store_err_clear(&err);
	expect_err(store_tx_put(tx, "nope", "c", 1, "{}", 2, &err), &err, "42P01", "unknown table");
	store_err_clear(&err);
	expect_err(store_tx_delete(tx, "nope", "c", 1, &err), &err, "42P01", "delete unknown");
	store_err_clear(&err);
	expect_err(store_tx_put(tx, "t", "%41", 3, "{}", 2, &err), &err, "22023",
		"needless escape in key");
	store_err_clear(&err);
	expect_err(store_tx_put(tx, "t", "a/b", 3, "{}", 2, &err), &err, "22023", "slash in key");
	store_err_clear(&err);
	expect_err(store_tx_put(tx, "t", "", 0, "{}", 2, &err), &err, "22023", "empty key");
	store_err_clear(&err);
	expect_err(store_tx_put(tx, "t", "..", 2, "{}", 2, &err), &err, "22023", "dot-dot key");
	store_err_clear(&err);
	expect_err(store_tx_create_table(tx, "t", T_DEF, &err), &err, "42P07", "create existing");
	store_err_clear(&err);
	expect_err(store_tx_create_table(tx, "bad\xff", T_DEF, &err), &err, "42602",
		"table name not UTF-8");
	store_err_clear(&err);
	expect_err(store_tx_create_table(tx, "", T_DEF, &err), &err, "42602", "empty table name");
	store_err_clear(&err);
	expect_err(store_tx_create_table(tx, "u", "{\"columns\": 3}", &err), &err, "22P02",
		"bad definition");
	store_err_clear(&err);
	expect_err(store_tx_drop_table(tx, "nope", &err), &err, "42P01", "drop unknown");
	/* None of that changed anything: the transaction commits nothing. */
	{
		store_oid id = commit(tx);

		cr_assert(store_oid_is_zero(&id), "failed writes produced a commit");
	}

	/* A delete removes the file; dropping the table removes the rest. */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	del(tx, "t", "a");
	commit(tx);
	checkpoint(s);
	out = sh_ok("git -C '%s' ls-tree -r --name-only main", datadir);
	cr_assert(!has_line(out, path), "%s still in\n%s", path, out);
	cr_assert(has_line(out, path2));
	free(out);
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	store_err_clear(&err);
	cr_assert_eq(store_tx_drop_table(tx, "t", &err), STORE_OK, "%s", err.message);
	commit(tx);
	checkpoint(s);
	out = sh_ok("git -C '%s' ls-tree -r --name-only main", datadir);
	cr_assert_str_eq(out, "");
	free(out);
	snap = snap_branch(s, "main");
	store_err_clear(&err);
	expect_err(store_get(snap, "t", enc, strlen(enc), &json, NULL, NULL, &err), &err, "42P01",
		"get from a dropped table");
	store_snap_free(snap);

	free(path);
	free(path2);
	free(enc);
	store_close(s);
	expect_fsck_clean();
}

Test(store, rows_follow_column_order, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx = begin(s, NULL, STORE_READ_COMMITTED);
	store_snap *snap;

	/* DESIGN.md section 3: "columns in table order", then other members sorted. */
	create_table(tx, "p",
		"{\"columns\": [{\"name\": \"name\", \"type\": \"text\"}, "
		"{\"name\": \"age\", \"type\": \"integer\"}], \"primary_key\": [\"name\"]}");
	put(tx, "p", "x", "{\"zz\": true, \"age\": 3, \"extra\": 1, \"name\": \"x\"}");
	commit(tx);
	snap = snap_branch(s, "main");
	expect_row(snap, "p", "x",
		"{\n  \"name\": \"x\",\n  \"age\": 3,\n  \"extra\": 1,\n  \"zz\": true\n}\n");
	store_snap_free(snap);
	store_close(s);
}

/* Table names, real and as tree paths: PostgreSQL identifiers, encoded. */
static const struct {
	const char *name;
	const char *dir;
} any_names[] = {
	{"MixedCase", "MixedCase"},
	{"mixedcase", "mixedcase"},
	{"My Table", "My%20Table"},
	{"100%", "100%25"},
	{"a/b", "a%2Fb"},
	{"x,y", "x%2Cy"},
	{"caf\xc3\xa9", "caf%C3%A9"},
	{".hidden", "%2Ehidden"},
	{"..", "%2E."},
	{".chrondb", "%2Echrondb"},
};
#define N_ANY_NAMES ((int)(sizeof(any_names) / sizeof(any_names[0])))

/* Is name among the n names? */
static int has_name(char **names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i], name) == 0)
			return 1;
	}
	return 0;
}

/* The versions a row's history holds at the branch head. */
static size_t history_len(store *s, const char *table, const char *key)
{
	store_snap *snap = snap_branch(s, "main");
	store_version *v = NULL;
	store_err err;
	size_t n = 0;

	store_err_clear(&err);
	cr_assert_eq(store_row_history(snap, table, key, strlen(key), 0, &v, &n, &err), STORE_OK,
		"history of %s: [%s] %s", table, err.sqlstate, err.message);
	free(v);
	store_snap_free(snap);
	return n;
}

Test(store, table_names_are_any_identifier, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx;
	store_snap *snap;
	store_logentry *log;
	store_err err;
	char **names, *out, *json, *path, *rm;
	size_t n;
	json_t *cat;

	tx = begin(s, NULL, STORE_READ_COMMITTED);
	for (int i = 0; i < N_ANY_NAMES; i++) {
		create_table(tx, any_names[i].name, T_DEF);
		put_v(tx, any_names[i].name, "k", i);
	}
	store_err_clear(&err);
	cr_assert_eq(store_tx_meta_put(tx, "sequences", "My Seq", "{}", 2, &err), STORE_OK, "%s",
		err.message);
	cr_assert_eq(store_tx_meta_put(tx, "views", ".v", "{}", 2, &err), STORE_OK);

	/* The transaction sees its own tables and entries by their real names. */
	cr_assert_eq(store_tx_tables(tx, store_tx_base(tx), &names, &n, &err), STORE_OK);
	cr_assert_eq(n, (size_t)N_ANY_NAMES);
	for (int i = 0; i < N_ANY_NAMES; i++)
		cr_assert(has_name(names, n, any_names[i].name), "%s", any_names[i].name);
	free(names);
	cr_assert_eq(
		store_tx_meta_list(tx, store_tx_base(tx), "sequences", &names, &n, &err), STORE_OK);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(names[0], "My Seq");
	free(names);
	commit(tx);
	checkpoint(s);

	/* git sees the encoded paths, and nothing it would refuse. */
	out = sh_ok("git -C '%s' ls-tree -r --name-only main", datadir);
	for (int i = 0; i < N_ANY_NAMES; i++) {
		char *entry;

		cr_assert(asprintf(&entry, ".chrondb/tables/%s.json", any_names[i].dir) > 0);
		cr_assert(has_line(out, entry), "no %s in\n%s", entry, out);
		free(entry);
		path = row_path(any_names[i].dir, "k");
		cr_assert(has_line(out, path), "no %s in\n%s", path, out);
		free(path);
	}
	cr_assert(has_line(out, ".chrondb/sequences/My%20Seq.json"), "%s", out);
	cr_assert(has_line(out, ".chrondb/views/%2Ev.json"), "%s", out);
	cr_assert_eq(count_lines(out), 2 * N_ANY_NAMES + 2, "%s", out);
	free(out);
	expect_fsck_clean();

	/* Reads by the real name; names that differ only by case are two tables. */
	snap = snap_branch(s, "main");
	cr_assert_eq(store_tables(snap, &names, &n, &err), STORE_OK);
	cr_assert_eq(n, (size_t)N_ANY_NAMES);
	for (size_t i = 1; i < n; i++)
		cr_assert_lt(strcmp(names[i - 1], names[i]), 0, "not sorted: %s", names[i]);
	for (int i = 0; i < N_ANY_NAMES; i++) {
		const char *name = any_names[i].name;

		cr_assert(has_name(names, n, name), "%s", name);
		cr_assert_eq(get_v(snap, name, "k"), i, "%s", name);
		cr_assert_eq(count(snap, name), 1, "%s", name);
		expect_scan(snap, name, "k");
		cr_assert_eq(store_catalog(snap, name, &json, &err), STORE_OK, "%s", err.message);
		cat = parse_json(json);
		cr_assert_str_eq(jstr(cat, "name"), name);
		json_decref(cat);
		free(json);
		cr_assert_eq(history_len(s, name, "k"), 1, "%s", name);
	}
	free(names);
	cr_assert_eq(store_tx_meta_list(NULL, snap, "views", &names, &n, &err), STORE_OK);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(names[0], ".v");
	free(names);
	expect_err(store_catalog(snap, "MIXEDCASE", &json, &err), &err, "42P01", "other case");
	store_snap_free(snap);

	/* Commit messages quote what SQL would quote. */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "My Table", "j", 1);
	commit(tx);
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	store_err_clear(&err);
	cr_assert_eq(store_tx_drop_table(tx, "a/b", &err), STORE_OK, "%s", err.message);
	commit(tx);
	snap = snap_branch(s, "main");
	cr_assert_eq(store_log(snap, 2, &log, &n, &err), STORE_OK);
	cr_assert_str_eq(log[0].message, "drop table \"a/b\"\n");
	cr_assert_str_eq(log[1].message, "insert 1 row in \"My Table\"\n");
	store_log_free(log, n);
	expect_err(store_catalog(snap, "a/b", &json, &err), &err, "42P01", "dropped");
	store_snap_free(snap);
	store_close(s);
	out = sh_ok("git -C '%s' ls-tree -r --name-only main", datadir);
	cr_assert_null(strstr(out, "a%2Fb"), "%s", out);
	free(out);

	/* The history index, rebuilt from Git, keys rows by the real names too. */
	cr_assert(asprintf(&rm, "rm -rf '%s/chrondb/index'", datadir) > 0);
	free(sh_ok("%s", rm));
	free(rm);
	s = open_store();
	cr_assert_eq(history_len(s, "My Table", "k"), 1);
	cr_assert_eq(history_len(s, "My Table", "j"), 1);
	cr_assert_eq(history_len(s, "MixedCase", "k"), 1);
	cr_assert_eq(history_len(s, "a/b", "k"), 2);
	store_close(s);
	expect_fsck_clean();
}

/* ---- 3. ChronDB's flat layout ------------------------------------------ */

Test(store, reads_and_writes_chrondb_flat_layout, .init = setup, .fini = teardown)
{
	store *s;
	store_snap *snap;
	store_tx *tx;
	store_err err;
	char *out, *json, *key;
	json_t *cat;

	free(sh_ok(
		"git init -q --bare '%s' && git -C '%s' symbolic-ref HEAD refs/heads/main && "
		"git clone -q '%s' '%s/wt' 2>/dev/null && "
		"mkdir -p '%s/wt/data/users' '%s/wt/data/user' && "
		"printf '{\"id\":\"1\",\"name\":\"Ann\",\"_table\":\"users\"}' > '%s/wt/data/users/1.json' && "
		"printf '{\"id\":\"2\",\"name\":\"Bob\"}' > '%s/wt/data/users/2.json' && "
		"printf '{\"id\":\"10\",\"name\":\"Ten\"}' > '%s/wt/data/users/10.json' && "
		"printf '{\"id\":\"user:1\",\"name\":\"Colon\"}' > '%s/wt/data/user/user_COLON_1.json' && "
		"printf '{\"id\":\"a b@c\"}' > '%s/wt/data/user/a_SPACE_b_AT_c.json' && "
		"git -C '%s/wt' add -A && git -C '%s/wt' commit -qm 'Save document' && "
		"git -C '%s/wt' push -q origin HEAD:main",
		datadir, datadir, datadir, tmpdir, tmpdir, tmpdir, tmpdir, tmpdir, tmpdir, tmpdir,
		tmpdir, tmpdir, tmpdir, tmpdir));

	s = open_store();
	snap = snap_branch(s, "main");
	out = tables(snap);
	cr_assert_str_eq(out, "user users");
	free(out);
	expect_row(snap, "users", "1", "{\"id\":\"1\",\"name\":\"Ann\",\"_table\":\"users\"}");
	expect_row(snap, "users", "2", "{\"id\":\"2\",\"name\":\"Bob\"}");
	key = encode_key("user:1", 6);
	cr_assert_str_eq(key, "user%3A1");
	expect_row(snap, "user", key, "{\"id\":\"user:1\",\"name\":\"Colon\"}");
	free(key);
	expect_row(snap, "user", "a%20b%40c", "{\"id\":\"a b@c\"}");
	cr_assert_null(get(snap, "users", "3"));
	/* Raw byte order: ChronDB ids are text. */
	expect_scan(snap, "users", "1 10 2");
	expect_scan(snap, "user", "a%20b%40c user%3A1");
	cr_assert_eq(count(snap, "users"), 3);
	cr_assert_eq(count(snap, "user"), 2);
	store_err_clear(&err);
	cr_assert_eq(store_catalog(snap, "users", &json, &err), STORE_OK, "%s", err.message);
	cat = parse_json(json);
	cr_assert_str_eq(jstr(cat, "layout"), "chrondb");
	cr_assert_str_eq(jstr(cat, "name"), "users");
	json_decref(cat);
	free(json);
	store_snap_free(snap);

	/* Writes to a ChronDB table keep its layout and escapes. */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put(tx, "users", "3", "{\"id\":\"3\",\"name\":\"Cy\"}");
	put(tx, "user", "user%3A2", "{\"id\":\"user:2\"}");
	del(tx, "users", "2");
	commit(tx);
	store_close(s);
	out = sh_ok("git -C '%s' ls-tree -r --name-only main", datadir);
	cr_assert(has_line(out, "data/users/3.json"), "%s", out);
	cr_assert(has_line(out, "data/user/user_COLON_2.json"), "%s", out);
	cr_assert(!has_line(out, "data/users/2.json"), "%s", out);
	cr_assert(has_line(out, "data/users/1.json"), "%s", out);
	cr_assert_eq(count_lines(out), 6, "%s", out);
	free(out);
	expect_fsck_clean();

	s = open_store();
	snap = snap_branch(s, "main");
	expect_row(snap, "user", "user%3A2", "{\n  \"id\": \"user:2\"\n}\n");
	expect_scan(snap, "users", "1 10 3");
	store_snap_free(snap);
	store_close(s);
}

Test(store, chrondb_table_names_use_its_escapes, .init = setup, .fini = teardown)
{
	store *s;
	store_snap *snap;
	store_tx *tx;
	store_err err;
	char *out, *json;

	/* ChronDB named data/<table>/ with its escapes; a raw ':' is none of its names. */
	free(sh_ok("git init -q --bare '%s' && git -C '%s' symbolic-ref HEAD refs/heads/main && "
		   "git clone -q '%s' '%s/wt' 2>/dev/null && "
		   "mkdir -p '%s/wt/data/My_SPACE_Table' '%s/wt/data/a:b' && "
		   "printf '{\"id\":\"1\"}' > '%s/wt/data/My_SPACE_Table/1.json' && "
		   "printf '{\"id\":\"2\"}' > '%s/wt/data/a:b/2.json' && "
		   "git -C '%s/wt' add -A && git -C '%s/wt' commit -qm 'Save document' && "
		   "git -C '%s/wt' push -q origin HEAD:main",
		datadir, datadir, datadir, tmpdir, tmpdir, tmpdir, tmpdir, tmpdir, tmpdir, tmpdir,
		tmpdir));

	s = open_store();
	snap = snap_branch(s, "main");
	out = tables(snap);
	cr_assert_str_eq(out, "My Table");
	free(out);
	expect_row(snap, "My Table", "1", "{\"id\":\"1\"}");
	cr_assert_eq(store_catalog(snap, "My Table", &json, &err), STORE_OK);
	cr_assert(strstr(json, "\"name\": \"My Table\"") != NULL, "%s", json);
	free(json);
	expect_err(store_catalog(snap, "My_SPACE_Table", &json, &err), &err, "42P01",
		"the escaped spelling is no name");
	store_snap_free(snap);

	/* Writes go where ChronDB would put them; history follows the real name. */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put(tx, "My Table", "a%20b", "{\"id\":\"a b\"}");
	commit(tx);
	cr_assert_eq(history_len(s, "My Table", "a%20b"), 1);
	cr_assert_eq(history_len(s, "My Table", "1"), 1);

	/* A table of ours named "data" would empty ChronDB's directory. */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	store_err_clear(&err);
	expect_err(store_tx_create_table(tx, "data", T_DEF, &err), &err, "42939", "data/");
	store_tx_rollback(tx);
	store_close(s);
	out = sh_ok("git -C '%s' ls-tree -r --name-only main", datadir);
	cr_assert(has_line(out, "data/My_SPACE_Table/a_SPACE_b.json"), "%s", out);
	free(out);
	expect_fsck_clean();
}

Test(store, table_named_data_without_chrondb_tables, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx;
	store_snap *snap;
	char *out;

	/* Without ChronDB's data/, "data" is a name like any other... */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	create_table(tx, "data", T_DEF);
	for (int i = 0; i < 20; i++) {
		char key[8];

		snprintf(key, sizeof(key), "k%d", i);
		put_v(tx, "data", key, i);
	}
	commit(tx);

	/* ...and its fan-out directories are not ChronDB tables. */
	snap = snap_branch(s, "main");
	out = tables(snap);
	cr_assert_str_eq(out, "data");
	free(out);
	cr_assert_eq(count(snap, "data"), 20);
	{
		store_err err;
		char *json;

		store_err_clear(&err);
		expect_err(store_catalog(snap, "a", &json, &err), &err, "42P01", "a fan-out dir");
	}
	store_snap_free(snap);
	store_close(s);
}

/* ---- 4. snapshots ------------------------------------------------------- */

Test(store, snapshots_by_spec_time_and_tag, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx;
	store_snap *snap, *s1, *s2, *s3;
	store_err err;
	store_oid c1, c2, c3;
	char h1[41], h2[41], h3[41], abbrev[8], spec[64], *out, *json;
	int64_t t1, t2, t3;

	/* c1: table t (integer key) with 1 and 2. */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	create_table(tx, "t", INT_DEF);
	put_v(tx, "t", "1", 100);
	put_v(tx, "t", "2", 200);
	c1 = commit(tx);
	tick();
	/* c2: table u; update 1, insert 10. */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	create_table(tx, "u", T_DEF);
	put_v(tx, "u", "x", 1);
	put_v(tx, "t", "1", 101);
	put_v(tx, "t", "10", 1000);
	c2 = commit(tx);
	tick();
	/* c3: delete 2, insert 9 and -3; alter t. */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	del(tx, "t", "2");
	put_v(tx, "t", "9", 900);
	put_v(tx, "t", "-3", -300);
	store_err_clear(&err);
	cr_assert_eq(
		store_tx_alter_table(tx, "t",
			"{\"columns\": [{\"name\": \"id\", \"type\": \"integer\"}, "
			"{\"name\": \"v\", \"type\": \"integer\"}, {\"name\": \"w\", \"type\": "
			"\"text\"}], \"primary_key\": [\"id\"]}",
			&err),
		STORE_OK, "alter: %s", err.message);
	c3 = commit(tx);
	hex_of(h1, &c1);
	hex_of(h2, &c2);
	hex_of(h3, &c3);

	s1 = snap_commit(s, &c1);
	s2 = snap_commit(s, &c2);
	s3 = snap_branch(s, "main");
	cr_assert(store_oid_equal(store_snap_id(s3), &c3));
	cr_assert_str_eq(store_snap_branch_name(s3), "main");
	t1 = store_snap_time(s1);
	t2 = store_snap_time(s2);
	t3 = store_snap_time(s3);
	cr_assert(
		t1 > 0 && t1 < t2 && t2 < t3, "times %" PRId64 " %" PRId64 " %" PRId64, t1, t2, t3);

	/* Reads at each snapshot see that snapshot's data. */
	cr_assert_eq(get_v(s1, "t", "1"), 100);
	cr_assert_eq(get_v(s2, "t", "1"), 101);
	cr_assert_eq(get_v(s3, "t", "1"), 101);
	cr_assert_eq(get_v(s1, "t", "10"), -1);
	cr_assert_eq(get_v(s2, "t", "2"), 200);
	cr_assert_eq(get_v(s3, "t", "2"), -1);
	expect_scan(s1, "t", "1 2");
	expect_scan(s2, "t", "1 2 10");
	expect_scan(s3, "t", "-3 1 9 10");
	cr_assert_eq(count(s1, "t"), 2);
	cr_assert_eq(count(s2, "t"), 3);
	cr_assert_eq(count(s3, "t"), 4);
	out = tables(s1);
	cr_assert_str_eq(out, "t");
	free(out);
	out = tables(s2);
	cr_assert_str_eq(out, "t u");
	free(out);
	store_err_clear(&err);
	expect_err(store_catalog(s1, "u", &json, &err), &err, "42P01", "catalog of u at c1");
	store_err_clear(&err);
	expect_err(store_scan_open(s1, "u", &(store_scan *){NULL}, &err), &err, "42P01",
		"scan of u at c1");
	store_err_clear(&err);
	cr_assert_eq(store_catalog(s2, "t", &json, &err), STORE_OK);
	cr_assert(strstr(json, "\"w\"") == NULL, "c2's catalog has the later column: %s", json);
	free(json);
	cr_assert_eq(store_catalog(s3, "t", &json, &err), STORE_OK);
	cr_assert(strstr(json, "\"w\"") != NULL, "c3's catalog lacks the new column: %s", json);
	free(json);

	/* Revision specs. */
	snap = snap_spec(s, "main");
	cr_assert(store_oid_equal(store_snap_id(snap), &c3));
	store_snap_free(snap);
	snap = snap_spec(s, "refs/heads/main");
	cr_assert(store_oid_equal(store_snap_id(snap), &c3));
	store_snap_free(snap);
	snap = snap_spec(s, h1);
	cr_assert(store_oid_equal(store_snap_id(snap), &c1));
	cr_assert_eq(get_v(snap, "t", "1"), 100);
	store_snap_free(snap);
	snprintf(abbrev, sizeof(abbrev), "%.7s", h2);
	snap = snap_spec(s, abbrev);
	cr_assert(store_oid_equal(store_snap_id(snap), &c2), "abbreviated %s", abbrev);
	store_snap_free(snap);
	snprintf(spec, sizeof(spec), "%.4s", h2);
	/* Four digits may be ambiguous in principle; here there are few objects. */
	store_err_clear(&err);
	if (store_snap_open(s, spec, &snap, &err) == STORE_OK) {
		cr_assert(store_oid_equal(store_snap_id(snap), &c2));
		store_snap_free(snap);
	}
	snap = snap_spec(s, "main~1");
	cr_assert(store_oid_equal(store_snap_id(snap), &c2));
	cr_assert_eq(get_v(snap, "t", "1"), 101);
	store_snap_free(snap);
	snap = snap_spec(s, "HEAD^");
	cr_assert(store_oid_equal(store_snap_id(snap), &c2));
	store_snap_free(snap);
	snap = snap_spec(s, "HEAD~2");
	cr_assert(store_oid_equal(store_snap_id(snap), &c1));
	store_snap_free(snap);
	snap = snap_spec(s, "main^^");
	cr_assert(store_oid_equal(store_snap_id(snap), &c1));
	store_snap_free(snap);
	snprintf(spec, sizeof(spec), "%s~1", h3);
	snap = snap_spec(s, spec);
	cr_assert(store_oid_equal(store_snap_id(snap), &c2));
	store_snap_free(snap);
	store_err_clear(&err);
	expect_err(store_snap_open(s, "main~3", &snap, &err), &err, "42704", "main~3");
	store_err_clear(&err);
	expect_err(store_snap_open(s, "HEAD^2", &snap, &err), &err, "42704", "HEAD^2");
	store_err_clear(&err);
	expect_err(store_snap_open(s, "nosuchbranch", &snap, &err), &err, "42704", "unknown ref");
	store_err_clear(&err);
	expect_err(store_snap_open(s, "deadbeef", &snap, &err), &err, "42704", "unknown id");
	store_err_clear(&err);
	expect_err(
		store_snap_branch(s, "nosuchbranch", &snap, &err), &err, "42704", "unknown branch");

	/* Time: the latest commit at or before t. */
	store_err_clear(&err);
	cr_assert_eq(store_snap_at_time(s, "main", t2, &snap, &err), STORE_OK, "%s", err.message);
	cr_assert(store_oid_equal(store_snap_id(snap), &c2));
	store_snap_free(snap);
	cr_assert_eq(store_snap_at_time(s, "main", t2 - 1, &snap, &err), STORE_OK);
	cr_assert(store_oid_equal(store_snap_id(snap), &c1));
	cr_assert_eq(get_v(snap, "t", "1"), 100);
	store_snap_free(snap);
	cr_assert_eq(store_snap_at_time(s, NULL, t3 + 3600000000LL, &snap, &err), STORE_OK);
	cr_assert(store_oid_equal(store_snap_id(snap), &c3));
	store_snap_free(snap);
	store_err_clear(&err);
	expect_err(store_snap_at_time(s, "main", t1 - 1, &snap, &err), &err, "22008",
		"before the first commit");
	store_err_clear(&err);
	expect_err(store_snap_open(s, "@1000", &snap, &err), &err, "22008", "@1000");
	snprintf(spec, sizeof(spec), "main@%" PRId64, t3 / 1000000 + 3600);
	snap = snap_spec(s, spec);
	cr_assert(store_oid_equal(store_snap_id(snap), &c3));
	store_snap_free(snap);
	snap = snap_spec(s, "@2999-01-01T00:00:00Z");
	cr_assert(store_oid_equal(store_snap_id(snap), &c3));
	store_snap_free(snap);
	store_err_clear(&err);
	expect_err(store_snap_open(s, "@yesterday-ish", &snap, &err), &err, "22007", "bad time");

	store_snap_free(s1);
	store_snap_free(s2);
	store_snap_free(s3);
	store_close(s);

	/* Tags made with git while the store is closed. */
	free(sh_ok("git -C '%s' tag v1 %s && git -C '%s' tag -a -m 'release two' v2 %s", datadir,
		h1, datadir, h2));
	s = open_store();
	snap = snap_spec(s, "v1");
	cr_assert(store_oid_equal(store_snap_id(snap), &c1));
	cr_assert_eq(get_v(snap, "t", "1"), 100);
	store_snap_free(snap);
	snap = snap_spec(s, "v2");
	cr_assert(store_oid_equal(store_snap_id(snap), &c2), "annotated tag not peeled");
	store_snap_free(snap);
	snap = snap_spec(s, "v2~1");
	cr_assert(store_oid_equal(store_snap_id(snap), &c1));
	store_snap_free(snap);
	snap = snap_spec(s, "refs/tags/v1");
	cr_assert(store_oid_equal(store_snap_id(snap), &c1));
	store_snap_free(snap);
	/* The time index after a restart. */
	store_err_clear(&err);
	cr_assert_eq(
		store_snap_at_time(s, "main", t2 - 1, &snap, &err), STORE_OK, "%s", err.message);
	cr_assert(store_oid_equal(store_snap_id(snap), &c1));
	store_snap_free(snap);
	store_close(s);
}

Test(store, scan_orders_by_decoded_key, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx = begin(s, NULL, STORE_READ_COMMITTED);
	store_snap *snap;

	create_table(tx, "t", T_DEF);
	/* Encoded "a%7E" sorts before "aa", decoded "a~" after it. */
	put_v(tx, "t", "b", 1);
	put_v(tx, "t", "aa", 2);
	put_v(tx, "t", "a%7E", 3);
	put_v(tx, "t", "A", 4);
	put_v(tx, "t", "a", 5);
	put_v(tx, "t", "10", 6);
	put_v(tx, "t", "9", 7);
	commit(tx);
	snap = snap_branch(s, "main");
	expect_scan(snap, "t", "10 9 A a aa a%7E b");
	store_snap_free(snap);

	/* A single integer key: numeric order, negatives first. */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	create_table(tx, "n", INT_DEF);
	put_v(tx, "n", "20", 1);
	put_v(tx, "n", "3", 1);
	put_v(tx, "n", "100", 1);
	put_v(tx, "n", "-1", 1);
	commit(tx);
	snap = snap_branch(s, "main");
	expect_scan(snap, "n", "-1 3 20 100");
	store_snap_free(snap);
	store_close(s);
}

/* Counts are cached by tree id: each snapshot keeps its own, exact after every commit. */
Test(store, count_stays_exact_across_commits, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx = begin(s, NULL, STORE_READ_COMMITTED);
	store_snap *snaps[6];
	char key[16];

	create_table(tx, "t", T_DEF);
	for (int i = 0; i < 300; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		put_v(tx, "t", key, i);
	}
	commit(tx);
	snaps[0] = snap_branch(s, "main");
	cr_assert_eq(count(snaps[0], "t"), 300);

	/* Inserts, updates (no change in count) and deletes, one commit each. */
	for (int c = 1; c < 6; c++) {
		tx = begin(s, NULL, STORE_READ_COMMITTED);
		snprintf(key, sizeof(key), "new%d", c);
		put_v(tx, "t", key, c);
		put_v(tx, "t", "k1", 1000 + c);
		snprintf(key, sizeof(key), "k%d", 100 + c);
		del(tx, "t", key);
		snprintf(key, sizeof(key), "k%d", 200 + c);
		del(tx, "t", key);
		commit(tx);
		snaps[c] = snap_branch(s, "main");
		cr_assert_eq(count(snaps[c], "t"), (uint64_t)(300 - c), "after commit %d", c);
	}
	for (int c = 0; c < 6; c++) {
		cr_assert_eq(count(snaps[c], "t"), (uint64_t)(300 - c), "snapshot %d again", c);
		store_snap_free(snaps[c]);
	}
	store_close(s);
}

/* ---- 5. transactions -------------------------------------------------- */

/* Is every line of text a notes fan-out path ab/cd/<36 hex>? Returns the count. */
static int check_note_paths(const char *text)
{
	int n = 0;
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		cr_assert_eq(len, 42, "note path %.*s", (int)len, p);
		cr_assert(p[2] == '/' && p[5] == '/', "note path %.*s is not ab/cd/rest", (int)len,
			p);
		for (size_t i = 0; i < len; i++) {
			if (i == 2 || i == 5)
				continue;
			cr_assert(isxdigit((unsigned char)p[i]) && !isupper((unsigned char)p[i]),
				"note path %.*s", (int)len, p);
		}
		n++;
		p += len + (nl != NULL);
	}
	return n;
}

Test(store, commit_author_committer_message_and_note, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx;
	store_oid c0, c1;
	char h0[41], h1[41], *out, *note;
	const char *flags[] = {"manual-edit", "bulk-load", "manual-edit", NULL};
	store_txmeta meta = {
		.user = "alice",
		.origin = "sql",
		.message = "INSERT 1 row into t",
		.flags = flags,
		.metadata_json = "{\"request-id\": \"r1\", \"n\": 2}",
	};
	json_t *j, *fl;
	store_err err;

	c0 = make_t(s);
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "c", 3);
	c1 = commit_meta(tx, &meta);
	hex_of(h0, &c0);
	hex_of(h1, &c1);

	/* store_note works before any checkpoint. */
	store_err_clear(&err);
	cr_assert_eq(store_note(s, &c1, &note, &err), STORE_OK, "%s", err.message);
	j = parse_json(note);
	cr_assert_str_eq(jstr(j, "commit_id"), h1);
	json_decref(j);
	free(note);

	checkpoint(s);
	out = chomp(sh_ok("git -C '%s' rev-list --count main", datadir));
	cr_assert_str_eq(out, "2", "one commit per transaction");
	free(out);
	out = chomp(sh_ok("git -C '%s' rev-parse main", datadir));
	cr_assert_str_eq(out, h1);
	free(out);
	out = sh_ok("git -C '%s' log -1 --format='%%an|%%ae|%%cn|%%ce|%%B' %s", datadir, h1);
	cr_assert_str_eq(
		out, "alice|alice@chrondb|ChronDB|chrondb@localhost|INSERT 1 row into t\n\n");
	free(out);
	/* Derived message and the default user. */
	out = sh_ok("git -C '%s' log -1 --format='%%an|%%ae|%%cn|%%s|%%P' %s", datadir, h0);
	cr_assert_str_eq(
		out, "chrondb|chrondb@chrondb|ChronDB|create table t; insert 2 rows in t|\n");
	free(out);

	/* The note, read with git. */
	note = sh_ok("git -C '%s' notes --ref=chrondb show %s", datadir, h1);
	j = parse_json(note);
	cr_assert_eq(strlen(jstr(j, "tx_id")), 36, "%s", note);
	cr_assert_str_eq(jstr(j, "origin"), "sql");
	cr_assert_str_eq(jstr(j, "user"), "alice");
	cr_assert_str_eq(jstr(j, "branch"), "main");
	cr_assert_str_eq(jstr(j, "operation"), "insert");
	cr_assert_str_eq(jstr(j, "commit_id"), h1);
	cr_assert(strncmp(jstr(j, "timestamp"), "20", 2) == 0 &&
			  jstr(j, "timestamp")[strlen(jstr(j, "timestamp")) - 1] == 'Z',
		"timestamp %s", jstr(j, "timestamp"));
	fl = json_object_get(j, "flags");
	cr_assert(json_is_array(fl) && json_array_size(fl) == 2, "flags in %s", note);
	cr_assert_str_eq(json_string_value(json_array_get(fl, 0)), "bulk-load");
	cr_assert_str_eq(json_string_value(json_array_get(fl, 1)), "manual-edit");
	cr_assert(json_is_object(json_object_get(j, "metadata")), "%s", note);
	cr_assert_str_eq(jstr(json_object_get(j, "metadata"), "request-id"), "r1");
	json_decref(j);
	free(note);
	note = sh_ok("git -C '%s' notes --ref=chrondb show %s", datadir, h0);
	j = parse_json(note);
	cr_assert_str_eq(jstr(j, "origin"), "unknown");
	cr_assert_str_eq(jstr(j, "user"), "chrondb");
	cr_assert_str_eq(jstr(j, "operation"), "ddl");
	cr_assert_str_eq(jstr(j, "commit_id"), h0);
	cr_assert(json_is_array(json_object_get(j, "flags")));
	cr_assert(json_is_object(json_object_get(j, "metadata")));
	json_decref(j);
	free(note);

	/* The notes tree fans out. */
	out = sh_ok("git -C '%s' ls-tree -r --name-only refs/notes/chrondb", datadir);
	cr_assert_eq(check_note_paths(out), 2, "%s", out);
	free(out);

	/* Bad metadata fails the commit and commits nothing. */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "d", 4);
	meta.metadata_json = "[1]";
	store_err_clear(&err);
	expect_err(store_tx_commit(tx, &meta, NULL, &err), &err, "22P02", "array metadata");
	store_close(s);
	out = chomp(sh_ok("git -C '%s' rev-list --count main", datadir));
	cr_assert_str_eq(out, "2");
	free(out);
	out = chomp(sh_ok("git -C '%s' log -1 --notes=chrondb --format=%%N main", datadir));
	cr_assert(strstr(out, h1) != NULL, "git log --notes=chrondb: %s", out);
	free(out);
	expect_fsck_clean();
}

/*
 * Notes reach refs/notes/chrondb one notes commit per checkpoint: before
 * it a note is read from the pending list, after it from the notes tree,
 * with the same text; strings that need escapes come back as written.
 */
Test(store, notes_fold_into_one_notes_commit_per_checkpoint, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_oid c[5];
	char *before[5], *out;
	const char *flags[] = {"b\"q", "a\\z", "b\"q", NULL};
	store_txmeta meta = {.user = "o'hara \"x\"", .origin = "sql",
		.message = "line one\n\ttab\x01ctl \"quoted\" caf\xc3\xa9", .flags = flags,
		.metadata_json = "{\"k\": [1, \"two\"]}"};
	store_err err;

	c[0] = make_t(s);
	for (int i = 1; i < 5; i++) {
		store_tx *tx = begin(s, NULL, STORE_READ_COMMITTED);

		put_v(tx, "t", "a", 100 + i);
		c[i] = i == 1 ? commit_meta(tx, &meta) : commit(tx);
	}

	/* Pending: each note reads back, and its timestamp gives the snapshot time. */
	for (int i = 0; i < 5; i++) {
		store_err_clear(&err);
		cr_assert_eq(store_note(s, &c[i], &before[i], &err), STORE_OK, "note %d: %s", i,
			err.message);
	}
	{
		json_t *j = parse_json(before[1]), *fl = json_object_get(j, "flags");

		cr_assert_str_eq(jstr(j, "user"), "o'hara \"x\"");
		cr_assert_str_eq(jstr(j, "commit_message"),
			"line one\n\ttab\x01ctl \"quoted\" caf\xc3\xa9\n");
		/* The caller's flags, and ChronDB's "update" for the row it changed. */
		cr_assert(json_is_array(fl) && json_array_size(fl) == 3, "%s", before[1]);
		cr_assert_str_eq(json_string_value(json_array_get(fl, 0)), "a\\z");
		cr_assert_str_eq(json_string_value(json_array_get(fl, 1)), "b\"q");
		cr_assert_str_eq(json_string_value(json_array_get(fl, 2)), "update");
		cr_assert_eq(json_integer_value(json_array_get(
				     json_object_get(json_object_get(j, "metadata"), "k"), 0)),
			1);
		json_decref(j);
	}

	/* One checkpoint: one notes commit with all five, the same text read from the tree. */
	checkpoint(s);
	out = chomp(sh_ok("git -C '%s' rev-list --count refs/notes/chrondb", datadir));
	cr_assert_str_eq(out, "1");
	free(out);
	for (int i = 0; i < 5; i++) {
		char hex[STORE_OID_HEXSZ + 1], *after;

		store_err_clear(&err);
		cr_assert_eq(store_note(s, &c[i], &after, &err), STORE_OK, "note %d: %s", i,
			err.message);
		cr_assert_str_eq(after, before[i]);
		hex_of(hex, &c[i]);
		out = sh_ok("git -C '%s' notes --ref=chrondb show %s", datadir, hex);
		cr_assert_str_eq(out, before[i]);
		free(out);
		free(after);
		free(before[i]);
	}

	/* The next checkpoint with commits adds one more; one without adds none. */
	{
		store_tx *tx = begin(s, NULL, STORE_READ_COMMITTED);

		put_v(tx, "t", "b", 9);
		commit(tx);
	}
	checkpoint(s);
	checkpoint(s);
	out = chomp(sh_ok("git -C '%s' rev-list --count refs/notes/chrondb", datadir));
	cr_assert_str_eq(out, "2");
	free(out);
	out = sh_ok("git -C '%s' ls-tree -r --name-only refs/notes/chrondb", datadir);
	cr_assert_eq(check_note_paths(out), 6, "%s", out);
	free(out);
	store_close(s);
	expect_fsck_clean();
}

/*
 * Counts carried through commits (the commit path derives a table's new
 * count from its old one) agree with counting the trees afresh.
 */
Test(store, counts_carried_through_commits_match_a_recount, .init = setup, .fini = teardown)
{
	store *s = open_store();
	uint64_t want = 0;
	store_snap *snap;
	char key[32];

	make_t(s);
	snap = snap_branch(s, "main");
	want = count(snap, "t");
	store_snap_free(snap);
	for (int round = 0; round < 40; round++) {
		store_tx *tx = begin(s, NULL, STORE_READ_COMMITTED);

		/* Each round inserts 20 rows, updates 3 and deletes 7 of an earlier round's. */
		for (int i = 0; i < 20; i++) {
			snprintf(key, sizeof(key), "r%d-%d", round, i);
			put_v(tx, "t", key, i);
		}
		want += 20;
		if (round > 0) {
			for (int i = 0; i < 3; i++) {
				snprintf(key, sizeof(key), "r%d-%d", round - 1, i);
				put_v(tx, "t", key, 1000 + i);
			}
			for (int i = 10; i < 17; i++) {
				snprintf(key, sizeof(key), "r%d-%d", round - 1, i);
				del(tx, "t", key);
			}
			want -= 7;
		}
		del(tx, "t", "no-such-row");
		commit(tx);
		snap = snap_branch(s, "main");
		cr_assert_eq(count(snap, "t"), want, "round %d", round);
		store_snap_free(snap);
	}
	store_close(s);

	/* A fresh store counts every tree. */
	s = open_store();
	snap = snap_branch(s, "main");
	cr_assert_eq(count(snap, "t"), want);
	store_snap_free(snap);
	store_close(s);
}

Test(store, rollback_and_empty_transactions_leave_no_trace, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx;
	store_snap *snap;
	store_oid c0, id;
	char *canon = NULL, *out, *blobhex, *file;
	size_t clen;
	const char *marker = "{\"id\": \"r\", \"v\": 424242, \"m\": \"rollback-marker-7f3e\"}";
	store_err err;

	c0 = make_t(s);
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put(tx, "t", "r", marker);
	del(tx, "t", "a");
	store_tx_rollback(tx);

	snap = snap_branch(s, "main");
	cr_assert(store_oid_equal(store_snap_id(snap), &c0));
	cr_assert_null(get(snap, "t", "r"));
	cr_assert_eq(get_v(snap, "t", "a"), 1);
	store_snap_free(snap);

	/* Empty transactions: nothing written, no change, deleting an absent row. */
	tx = begin(s, NULL, STORE_REPEATABLE_READ);
	id = commit(tx);
	cr_assert(store_oid_is_zero(&id));
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put(tx, "t", "a", "{\"id\":\"a\",\"v\":1}");
	id = commit(tx);
	cr_assert(store_oid_is_zero(&id), "rewriting a row with the same content made a commit");
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	del(tx, "t", "nobody");
	id = commit(tx);
	cr_assert(store_oid_is_zero(&id), "deleting an absent row made a commit");
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "q", 5);
	del(tx, "t", "q");
	id = commit(tx);
	cr_assert(store_oid_is_zero(&id), "insert then delete made a commit");
	snap = snap_branch(s, "main");
	cr_assert(store_oid_equal(store_snap_id(snap), &c0));
	store_snap_free(snap);
	store_close(s);

	out = chomp(sh_ok("git -C '%s' rev-list --count main", datadir));
	cr_assert_str_eq(out, "1");
	free(out);
	out = chomp(sh_ok("git -C '%s' rev-list --count refs/notes/chrondb", datadir));
	cr_assert_str_eq(out, "1");
	free(out);

	/* The rolled-back row's blob was never written. */
	store_err_clear(&err);
	cr_assert_eq(store_json_canonical(marker, strlen(marker), NULL, 0, &canon, &clen, &err),
		STORE_OK);
	cr_assert(asprintf(&file, "%s/marker.json", tmpdir) > 0);
	{
		FILE *f = fopen(file, "w");

		cr_assert_not_null(f);
		cr_assert_eq(fwrite(canon, 1, clen, f), clen);
		fclose(f);
	}
	blobhex = chomp(sh_ok("git hash-object '%s'", file));
	cr_assert_neq(sh(NULL, "git -C '%s' cat-file -e %s 2>/dev/null", datadir, blobhex), 0,
		"the rolled-back row's blob %s is in the repository", blobhex);
	out = sh_ok("git -C '%s' fsck --unreachable --no-reflogs 2>&1", datadir);
	cr_assert(strstr(out, "unreachable") == NULL, "unreachable objects:\n%s", out);
	free(out);
	expect_fsck_clean();
	free(blobhex);
	free(file);
	free(canon);
}

typedef struct locker {
	store *s;
	const char *key;
	int timeout_ms;
	atomic_int *first_committed; /* set by the first writer just before it commits */
	int saw_committed;           /* first_committed when the lock was granted */
	int rc;
	store_err err;
	store_tx *tx; /* when set, lock in this transaction */
	long long v;  /* value read after the lock */
} locker;

static void *lock_then_write(void *arg)
{
	locker *l = arg;
	store_tx *tx = l->tx;
	char *json = NULL;
	json_t *doc;

	store_err_clear(&l->err);
	if (tx == NULL &&
		store_tx_begin(l->s, NULL, STORE_READ_COMMITTED, &tx, &l->err) != STORE_OK) {
		l->rc = STORE_ERROR;
		return NULL;
	}
	l->rc = store_tx_lock_row(tx, "t", l->key, strlen(l->key), l->timeout_ms, &l->err);
	if (l->first_committed != NULL)
		l->saw_committed = atomic_load(l->first_committed);
	if (l->rc != STORE_OK) {
		store_tx_rollback(tx);
		return NULL;
	}
	/* The newest version, then add one to it. */
	l->rc = store_tx_get_latest(tx, "t", l->key, strlen(l->key), &json, NULL, NULL, &l->err);
	if (l->rc != STORE_OK) {
		store_tx_rollback(tx);
		return NULL;
	}
	doc = json_loads(json, 0, NULL);
	l->v = json_integer_value(json_object_get(doc, "v"));
	json_decref(doc);
	free(json);
	{
		char buf[128];

		snprintf(buf, sizeof(buf), "{\"id\":\"%s\",\"v\":%lld}", l->key, l->v + 1);
		l->rc = store_tx_put(tx, "t", l->key, strlen(l->key), buf, strlen(buf), &l->err);
	}
	if (l->rc != STORE_OK) {
		store_tx_rollback(tx);
		return NULL;
	}
	l->rc = store_tx_commit(tx, NULL, NULL, &l->err);
	return NULL;
}

Test(store, row_lock_waits_for_the_holder, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx1;
	store_err err;
	pthread_t th;
	atomic_int committed = 0;
	locker l = {.s = s, .key = "a", .timeout_ms = 30000, .first_committed = &committed};
	store_snap *snap;

	make_t(s);
	tx1 = begin(s, NULL, STORE_READ_COMMITTED);
	store_err_clear(&err);
	cr_assert_eq(store_tx_lock_row(tx1, "t", "a", 1, 1000, &err), STORE_OK, "%s", err.message);
	/* Locking again in the same transaction is a no-op. */
	cr_assert_eq(store_tx_lock_row(tx1, "t", "a", 1, 0, &err), STORE_OK);
	cr_assert_eq(pthread_create(&th, NULL, lock_then_write, &l), 0);
	usleep(100 * 1000);
	put_v(tx1, "t", "a", 10);
	atomic_store(&committed, 1);
	commit(tx1);
	pthread_join(th, NULL);
	cr_assert_eq(l.rc, STORE_OK, "second writer: [%s] %s", l.err.sqlstate, l.err.message);
	cr_assert_eq(l.saw_committed, 1,
		"the second transaction got the lock before the first committed");
	cr_assert_eq(l.v, 10, "the second writer did not see the first one's write");
	snap = snap_branch(s, "main");
	cr_assert_eq(get_v(snap, "t", "a"), 11, "lost update");
	store_snap_free(snap);
	store_close(s);
}

Test(store, row_lock_timeout_and_rollback_release, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx1, *tx2, *tx3;
	store_err err;

	make_t(s);
	tx1 = begin(s, NULL, STORE_READ_COMMITTED);
	tx2 = begin(s, NULL, STORE_READ_COMMITTED);
	store_err_clear(&err);
	cr_assert_eq(store_tx_lock_row(tx1, "t", "a", 1, 1000, &err), STORE_OK);
	store_err_clear(&err);
	expect_err(store_tx_lock_row(tx2, "t", "a", 1, 50, &err), &err, "55P03", "lock timeout");
	store_err_clear(&err);
	expect_err(store_tx_lock_row(tx2, "t", "a", 1, 0, &err), &err, "55P03", "lock nowait");
	/* Another row, or the same key on another table, is free. */
	store_err_clear(&err);
	cr_assert_eq(store_tx_lock_row(tx2, "t", "b", 1, 0, &err), STORE_OK, "%s", err.message);
	/* Rollback releases. */
	store_tx_rollback(tx1);
	store_err_clear(&err);
	cr_assert_eq(store_tx_lock_row(tx2, "t", "a", 1, 0, &err), STORE_OK, "%s", err.message);
	tx3 = begin(s, NULL, STORE_READ_COMMITTED);
	store_err_clear(&err);
	expect_err(store_tx_lock_row(tx3, "t", "b", 1, 0, &err), &err, "55P03", "b still held");
	/* Commit releases. */
	put_v(tx2, "t", "a", 7);
	commit(tx2);
	store_err_clear(&err);
	cr_assert_eq(store_tx_lock_row(tx3, "t", "b", 1, 0, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(store_tx_lock_row(tx3, "t", "a", 1, 0, &err), STORE_OK, "%s", err.message);
	store_tx_rollback(tx3);
	store_close(s);
}

typedef struct dl_arg {
	store_tx *tx;
	const char *key;
	int rc;
	store_err err;
} dl_arg;

static void *dl_lock(void *arg)
{
	dl_arg *d = arg;

	store_err_clear(&d->err);
	d->rc = store_tx_lock_row(d->tx, "t", d->key, strlen(d->key), 20000, &d->err);
	return NULL;
}

/* Table t, with tx1 holding row a's lock and tx2 row b's: half a deadlock. */
static void hold_a_and_b(store *s, store_tx **tx1, store_tx **tx2)
{
	store_err err;

	make_t(s);
	*tx1 = begin(s, NULL, STORE_READ_COMMITTED);
	*tx2 = begin(s, NULL, STORE_READ_COMMITTED);
	store_err_clear(&err);
	cr_assert_eq(store_tx_lock_row(*tx1, "t", "a", 1, 1000, &err), STORE_OK);
	cr_assert_eq(store_tx_lock_row(*tx2, "t", "b", 1, 1000, &err), STORE_OK);
}

Test(store, row_lock_deadlock_is_40P01_for_one, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx1, *tx2;
	pthread_t th;
	dl_arg d;

	hold_a_and_b(s, &tx1, &tx2);
	/* tx2 waits for a (held by tx1) in a thread; tx1 then asks for b. */
	d.tx = tx2;
	d.key = "a";
	cr_assert_eq(pthread_create(&th, NULL, dl_lock, &d), 0);
	usleep(100 * 1000);
	{
		dl_arg m = {.tx = tx1, .key = "b"};
		int main_failed;

		/*
		 * Whichever closes the cycle gets 40P01 and rolls back; the
		 * other then gets its lock.  The main thread's call may block
		 * until the thread's transaction is rolled back below.
		 */
		store_err_clear(&m.err);
		m.rc = store_tx_lock_row(tx1, "t", "b", 1, 20000, &m.err);
		main_failed = m.rc != STORE_OK;
		if (main_failed) {
			cr_assert_str_eq(
				m.err.sqlstate, "40P01", "[%s] %s", m.err.sqlstate, m.err.message);
			store_tx_rollback(tx1);
			pthread_join(th, NULL);
			cr_assert_eq(d.rc, STORE_OK, "both failed: [%s] %s", d.err.sqlstate,
				d.err.message);
			store_tx_rollback(tx2);
		} else {
			/* Cannot happen without the thread failing first and rolling back. */
			pthread_join(th, NULL);
			cr_assert_fail("the main thread got b while tx2 held it: thread [%s] %s",
				d.err.sqlstate, d.err.message);
		}
	}
	store_close(s);
}

Test(store, row_lock_deadlock_detected_by_the_waiter, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx1, *tx2;
	store_err err;
	pthread_t th;
	dl_arg d;

	hold_a_and_b(s, &tx1, &tx2);
	/* The thread waits on a for tx1, and closes no cycle yet... */
	d.tx = tx1;
	d.key = "b";
	cr_assert_eq(pthread_create(&th, NULL, dl_lock, &d), 0);
	usleep(100 * 1000);
	/* ...until tx2 asks for a: whoever sees the cycle gets 40P01. */
	store_err_clear(&err);
	if (store_tx_lock_row(tx2, "t", "a", 1, 20000, &err) != STORE_OK) {
		cr_assert_str_eq(err.sqlstate, "40P01", "[%s] %s", err.sqlstate, err.message);
		store_tx_rollback(tx2);
		pthread_join(th, NULL);
		cr_assert_eq(d.rc, STORE_OK, "[%s] %s", d.err.sqlstate, d.err.message);
		store_tx_rollback(tx1);
	} else {
		pthread_join(th, NULL);
		cr_assert_fail("tx2 got a while tx1 held it");
	}
	store_close(s);
}

Test(store, get_latest_row_changed_and_isolation, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *rc_tx, *rr_tx, *w, *rr2;
	store_err err;
	char *json;
	int changed = -1;

	make_t(s);
	rc_tx = begin(s, NULL, STORE_READ_COMMITTED);
	rr_tx = begin(s, NULL, STORE_REPEATABLE_READ);
	rr2 = begin(s, NULL, STORE_REPEATABLE_READ);
	w = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(w, "t", "a", 50);
	put_v(w, "t", "n", 60);
	commit(w);

	/* row_changed: a and the new n changed, b did not. */
	store_err_clear(&err);
	cr_assert_eq(store_tx_row_changed(rc_tx, "t", "a", 1, &changed, &err), STORE_OK);
	cr_assert_eq(changed, 1);
	cr_assert_eq(store_tx_row_changed(rc_tx, "t", "n", 1, &changed, &err), STORE_OK);
	cr_assert_eq(changed, 1);
	cr_assert_eq(store_tx_row_changed(rc_tx, "t", "b", 1, &changed, &err), STORE_OK);
	cr_assert_eq(changed, 0);
	cr_assert_eq(store_tx_row_changed(rc_tx, "t", "zz", 2, &changed, &err), STORE_OK);
	cr_assert_eq(changed, 0);

	/* get_latest sees the commit in both isolation levels; tx_get differs. */
	cr_assert_eq(store_tx_get_latest(rr_tx, "t", "a", 1, &json, NULL, NULL, &err), STORE_OK);
	cr_assert(strstr(json, "50") != NULL, "%s", json);
	free(json);
	cr_assert_eq(store_tx_get(rc_tx, "t", "a", 1, &json, NULL, NULL, &err), STORE_OK);
	cr_assert(strstr(json, "50") != NULL, "READ COMMITTED read an old version: %s", json);
	free(json);
	cr_assert_eq(store_tx_get(rr_tx, "t", "a", 1, &json, NULL, NULL, &err), STORE_OK);
	cr_assert(strstr(json, "\"v\": 1\n") != NULL, "REPEATABLE READ read past its snapshot: %s",
		json);
	free(json);
	cr_assert_eq(store_tx_get(rr_tx, "t", "n", 1, &json, NULL, NULL, &err), STORE_NOTFOUND);
	cr_assert_eq(get_v(store_tx_base(rr_tx), "t", "a"), 1);

	/* REPEATABLE READ: writing a row that changed is 40001, another row commits. */
	put_v(rr_tx, "t", "a", 99);
	store_err_clear(&err);
	expect_err(store_tx_commit(rr_tx, NULL, NULL, &err), &err, "40001", "write conflict");
	put_v(rr2, "t", "b", 22);
	commit(rr2);
	/* A row that did not exist at the snapshot but does now conflicts too. */
	rr_tx = begin(s, NULL, STORE_REPEATABLE_READ);
	w = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(w, "t", "new", 1);
	commit(w);
	put_v(rr_tx, "t", "new", 2);
	store_err_clear(&err);
	expect_err(store_tx_commit(rr_tx, NULL, NULL, &err), &err, "40001", "insert conflict");
	/* A delete under REPEATABLE READ of a row changed meanwhile conflicts. */
	rr_tx = begin(s, NULL, STORE_REPEATABLE_READ);
	w = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(w, "t", "b", 23);
	commit(w);
	del(rr_tx, "t", "b");
	store_err_clear(&err);
	expect_err(store_tx_commit(rr_tx, NULL, NULL, &err), &err, "40001", "delete conflict");

	/* READ COMMITTED applies to the newest version: no conflict. */
	put_v(rc_tx, "t", "a", 51);
	commit(rc_tx);
	{
		store_snap *snap = snap_branch(s, "main");

		cr_assert_eq(get_v(snap, "t", "a"), 51);
		cr_assert_eq(get_v(snap, "t", "b"), 23);
		cr_assert_eq(get_v(snap, "t", "n"), 60);
		cr_assert_eq(get_v(snap, "t", "new"), 1);
		store_snap_free(snap);
	}
	store_close(s);
	expect_fsck_clean();
}

/* ---- 6. branches ------------------------------------------------------ */

Test(store, branches_create_list_write_delete, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_snap *main0, *snap;
	store_branch_info *br;
	store_tx *tx;
	store_err err;
	store_oid c1, c2, cd;
	size_t n;
	char *out, h1[41];

	c1 = make_t(s);
	main0 = snap_branch(s, "main");
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "a", 5);
	c2 = commit(tx);

	store_err_clear(&err);
	cr_assert_eq(store_branch_create(s, "dev", main0, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(store_branch_create(s, "zeta", main0, &err), STORE_OK, "%s", err.message);
	snap = snap_spec(s, "main~1");
	cr_assert_eq(store_branch_create(s, "feature/x", snap, &err), STORE_OK, "%s", err.message);
	store_snap_free(snap);
	store_err_clear(&err);
	expect_err(store_branch_create(s, "dev", main0, &err), &err, "42710", "create existing");
	store_err_clear(&err);
	expect_err(store_branch_create(s, "main", main0, &err), &err, "42710", "create main");
	store_err_clear(&err);
	expect_err(store_branch_create(s, "bad..name", main0, &err), &err, "42602", "bad..name");
	store_err_clear(&err);
	expect_err(store_branch_create(s, "has space", main0, &err), &err, "42602", "space");
	store_err_clear(&err);
	expect_err(store_branch_create(s, "", main0, &err), &err, "42602", "empty name");
	store_err_clear(&err);
	expect_err(store_branch_create(s, "x.lock", main0, &err), &err, "42602", ".lock");

	store_err_clear(&err);
	cr_assert_eq(store_branch_list(s, &br, &n, &err), STORE_OK);
	cr_assert_eq(n, 4);
	cr_assert_str_eq(br[0].name, "dev");
	cr_assert_str_eq(br[1].name, "feature/x");
	cr_assert_str_eq(br[2].name, "main");
	cr_assert_str_eq(br[3].name, "zeta");
	cr_assert(store_oid_equal(&br[0].head, &c1));
	cr_assert(store_oid_equal(&br[1].head, &c1));
	cr_assert(store_oid_equal(&br[2].head, &c2));
	free(br);

	/* Writing on dev leaves main alone. */
	tx = begin(s, "dev", STORE_READ_COMMITTED);
	cr_assert(store_oid_equal(store_snap_id(store_tx_base(tx)), &c1));
	put_v(tx, "t", "a", 77);
	put_v(tx, "t", "devonly", 1);
	cd = commit(tx);
	snap = snap_branch(s, "main");
	cr_assert_eq(get_v(snap, "t", "a"), 5);
	cr_assert_eq(get_v(snap, "t", "devonly"), -1);
	store_snap_free(snap);
	snap = snap_spec(s, "dev");
	cr_assert(store_oid_equal(store_snap_id(snap), &cd));
	cr_assert_str_eq(store_snap_branch_name(snap), "dev");
	cr_assert_eq(get_v(snap, "t", "a"), 77);
	cr_assert_eq(get_v(snap, "t", "devonly"), 1);
	store_snap_free(snap);
	snap = snap_spec(s, "dev~1");
	cr_assert(store_oid_equal(store_snap_id(snap), &c1));
	store_snap_free(snap);

	checkpoint(s);
	hex_of(h1, &cd);
	out = chomp(sh_ok("git -C '%s' rev-parse refs/heads/dev", datadir));
	cr_assert_str_eq(out, h1);
	free(out);
	out = chomp(sh_ok("git -C '%s' notes --ref=chrondb show %s", datadir, h1));
	cr_assert(strstr(out, "\"branch\":\"dev\"") != NULL, "%s", out);
	free(out);

	/* Deleting. */
	store_err_clear(&err);
	expect_err(store_branch_delete(s, "main", &err), &err, "55006", "delete main");
	store_err_clear(&err);
	expect_err(store_branch_delete(s, "nope", &err), &err, "42704", "delete unknown");
	store_err_clear(&err);
	cr_assert_eq(store_branch_delete(s, "dev", &err), STORE_OK, "%s", err.message);
	store_err_clear(&err);
	expect_err(store_branch_delete(s, "dev", &err), &err, "42704", "delete twice");
	store_err_clear(&err);
	expect_err(store_snap_branch(s, "dev", &snap, &err), &err, "42704", "snapshot of deleted");
	store_err_clear(&err);
	expect_err(store_tx_begin(s, "dev", STORE_READ_COMMITTED, &tx, &err), &err, "42704",
		"begin on deleted");
	/* The commit is still there by id. */
	snap = snap_commit(s, &cd);
	cr_assert_eq(get_v(snap, "t", "a"), 77);
	store_snap_free(snap);
	cr_assert_eq(store_branch_list(s, &br, &n, &err), STORE_OK);
	cr_assert_eq(n, 3);
	cr_assert_str_eq(br[0].name, "feature/x");
	free(br);
	store_close(s);
	cr_assert_neq(
		sh(NULL, "git -C '%s' rev-parse -q --verify refs/heads/dev >/dev/null", datadir), 0,
		"refs/heads/dev survived the delete");
	out = sh_ok("git -C '%s' for-each-ref --format='%%(refname)' refs/heads", datadir);
	cr_assert_str_eq(out, "refs/heads/feature/x\nrefs/heads/main\nrefs/heads/zeta\n");
	free(out);

	/* A deleted branch's name can be used again after a restart. */
	s = open_store();
	snap = snap_branch(s, "main");
	store_err_clear(&err);
	cr_assert_eq(store_branch_create(s, "dev", snap, &err), STORE_OK, "%s", err.message);
	store_snap_free(snap);
	snap = snap_branch(s, "dev");
	cr_assert(store_oid_equal(store_snap_id(snap), &c2));
	store_snap_free(snap);
	store_snap_free(main0);
	store_close(s);
	expect_fsck_clean();
}

/* ---- 7. history --------------------------------------------------------- */

Test(store, row_history_and_log, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx;
	store_snap *snap, *dev;
	store_version *v;
	store_logentry *log;
	store_err err;
	store_oid c[5], cdev;
	size_t n;
	char *json;
	int64_t tc[5];

	tx = begin(s, NULL, STORE_READ_COMMITTED);
	create_table(tx, "t", T_DEF);
	put_v(tx, "t", "k", 1);
	c[0] = commit_as(tx, "alice");
	tick();
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "k", 2);
	c[1] = commit_as(tx, "bob");
	tick();
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "other", 1);
	c[2] = commit_as(tx, "eve");
	tick();
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	del(tx, "t", "k");
	c[3] = commit_as(tx, "carol");
	tick();
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "k", 4);
	c[4] = commit_as(tx, "dave");
	for (int i = 0; i < 5; i++) {
		snap = snap_commit(s, &c[i]);
		tc[i] = store_snap_time(snap);
		store_snap_free(snap);
	}

	snap = snap_branch(s, "main");
	store_err_clear(&err);
	cr_assert_eq(
		store_row_history(snap, "t", "k", 1, 0, &v, &n, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(n, 4, "versions of k: %zu", n);
	cr_assert_eq(v[0].op, STORE_OP_INSERT);
	cr_assert_eq(v[1].op, STORE_OP_DELETE);
	cr_assert_eq(v[2].op, STORE_OP_UPDATE);
	cr_assert_eq(v[3].op, STORE_OP_INSERT);
	cr_assert(store_oid_equal(&v[0].commit, &c[4]));
	cr_assert(store_oid_equal(&v[1].commit, &c[3]));
	cr_assert(store_oid_equal(&v[2].commit, &c[1]));
	cr_assert(store_oid_equal(&v[3].commit, &c[0]));
	cr_assert_str_eq(v[0].author, "dave");
	cr_assert_str_eq(v[1].author, "carol");
	cr_assert_str_eq(v[2].author, "bob");
	cr_assert_str_eq(v[3].author, "alice");
	cr_assert_eq(v[0].time_us, tc[4]);
	cr_assert_eq(v[1].time_us, tc[3]);
	cr_assert_eq(v[2].time_us, tc[1]);
	cr_assert_eq(v[3].time_us, tc[0]);
	cr_assert(store_oid_is_zero(&v[1].blob), "a delete has a blob");
	cr_assert_eq(store_blob(s, &v[2].blob, &json, NULL, &err), STORE_OK);
	cr_assert_str_eq(json, "{\n  \"id\": \"k\",\n  \"v\": 2\n}\n");
	free(json);
	{
		store_oid b;
		store_snap *s1 = snap_commit(s, &c[1]);

		cr_assert_eq(store_get(s1, "t", "k", 1, &json, NULL, &b, &err), STORE_OK);
		cr_assert(store_oid_equal(&b, &v[2].blob));
		free(json);
		store_snap_free(s1);
	}
	free(v);

	/* A limit keeps the newest. */
	cr_assert_eq(store_row_history(snap, "t", "k", 1, 2, &v, &n, &err), STORE_OK);
	cr_assert_eq(n, 2);
	cr_assert(store_oid_equal(&v[0].commit, &c[4]));
	cr_assert(store_oid_equal(&v[1].commit, &c[3]));
	free(v);
	/* As of an older commit. */
	{
		store_snap *old = snap_commit(s, &c[2]);

		cr_assert_eq(store_row_history(old, "t", "k", 1, 0, &v, &n, &err), STORE_OK, "%s",
			err.message);
		cr_assert_eq(n, 2);
		cr_assert(store_oid_equal(&v[0].commit, &c[1]));
		cr_assert_eq(v[0].op, STORE_OP_UPDATE);
		free(v);
		store_snap_free(old);
	}
	/* A row never written has no versions; an unknown-but-valid one neither. */
	cr_assert_eq(store_row_history(snap, "t", "never", 5, 0, &v, &n, &err), STORE_OK);
	cr_assert_eq(n, 0);
	free(v);
	cr_assert_eq(store_row_history(snap, "t", "other", 5, 0, &v, &n, &err), STORE_OK);
	cr_assert_eq(n, 1);
	cr_assert_eq(v[0].op, STORE_OP_INSERT);
	cr_assert_str_eq(v[0].author, "eve");
	free(v);

	/* On a branch: its own versions, then the shared ones. */
	{
		store_snap *at = snap_commit(s, &c[1]);

		store_err_clear(&err);
		cr_assert_eq(store_branch_create(s, "dev", at, &err), STORE_OK, "%s", err.message);
		store_snap_free(at);
	}
	tx = begin(s, "dev", STORE_READ_COMMITTED);
	put_v(tx, "t", "k", 30);
	cdev = commit_as(tx, "frank");
	dev = snap_branch(s, "dev");
	store_err_clear(&err);
	cr_assert_eq(
		store_row_history(dev, "t", "k", 1, 0, &v, &n, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(n, 3);
	cr_assert(store_oid_equal(&v[0].commit, &cdev));
	cr_assert_eq(v[0].op, STORE_OP_UPDATE);
	cr_assert_str_eq(v[0].author, "frank");
	cr_assert(store_oid_equal(&v[1].commit, &c[1]));
	cr_assert(store_oid_equal(&v[2].commit, &c[0]));
	free(v);
	/* main's history did not change. */
	cr_assert_eq(store_row_history(snap, "t", "k", 1, 0, &v, &n, &err), STORE_OK);
	cr_assert_eq(n, 4);
	free(v);
	store_err_clear(&err);
	cr_assert_eq(store_row_history(snap, "t", "a/b", 3, 0, &v, &n, &err), STORE_ERROR,
		"an invalid key was accepted");
	free(v);

	/* The log: first parent, newest first, with parsed notes. */
	store_err_clear(&err);
	cr_assert_eq(store_log(snap, 0, &log, &n, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(n, 5);
	for (size_t i = 0; i < n; i++) {
		json_t *j;
		char hex[41];

		cr_assert(store_oid_equal(&log[i].commit, &c[4 - i]));
		cr_assert_eq(log[i].time_us, tc[4 - i]);
		cr_assert_not_null(log[i].note);
		j = parse_json(log[i].note);
		hex_of(hex, &c[4 - i]);
		cr_assert_str_eq(jstr(j, "commit_id"), hex);
		cr_assert_str_eq(jstr(j, "user"), log[i].author);
		json_decref(j);
		if (i + 1 < n) {
			cr_assert_eq(log[i].nparents, 1);
			cr_assert(store_oid_equal(&log[i].parents[0], &c[3 - i]));
		}
	}
	cr_assert_eq(log[4].nparents, 0);
	cr_assert_str_eq(log[0].author, "dave");
	cr_assert_str_eq(log[0].author_email, "dave@chrondb");
	cr_assert_str_eq(log[0].message, "insert 1 row in t\n");
	cr_assert_str_eq(log[1].message, "delete 1 row in t\n");
	cr_assert_str_eq(log[3].message, "update 1 row in t\n");
	store_log_free(log, n);
	cr_assert_eq(store_log(dev, 2, &log, &n, &err), STORE_OK);
	cr_assert_eq(n, 2);
	cr_assert(store_oid_equal(&log[0].commit, &cdev));
	cr_assert(store_oid_equal(&log[1].commit, &c[1]));
	store_log_free(log, n);

	store_snap_free(dev);
	store_snap_free(snap);
	store_close(s);

	/* The same history after a restart, rebuilt from git. */
	s = open_store();
	snap = snap_branch(s, "main");
	cr_assert_eq(
		store_row_history(snap, "t", "k", 1, 0, &v, &n, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(n, 4);
	cr_assert_eq(v[1].op, STORE_OP_DELETE);
	cr_assert_str_eq(v[2].author, "bob");
	cr_assert_eq(v[2].time_us, tc[1]);
	free(v);
	store_snap_free(snap);
	store_close(s);
}

/*
 * A log read a commit at a time (store_log_entry), with both
 * signatures; ChronDB's flags for what a transaction did ("update",
 * "delete", "ddl") beside the caller's; a message body after the
 * subject; revision steps other than ~ and ^ are 22P02; `main~N` far
 * back goes through the history index and names the same commit the
 * parents do; tags written with git, lightweight and annotated.
 */
Test(store, log_entries_flags_body_revisions_and_tags, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_oid c[40];
	store_logentry e;
	store_taginfo *tags;
	size_t ntags;
	const char *flags[] = {"manual", NULL};
	store_txmeta meta = {.user = "bob",
		.origin = "sql",
		.flags = flags,
		.message_body = "Restore t row a to version 0123456."};
	char h[STORE_OID_HEXSZ + 1];
	store_snap *snap;
	store_err err;
	json_t *j, *fl;

	c[0] = make_t(s);
	{
		store_tx *tx = begin(s, NULL, STORE_READ_COMMITTED);

		put_v(tx, "t", "a", 5);
		del(tx, "t", "b");
		c[1] = commit_meta(tx, &meta);
	}
	for (int i = 2; i < 40; i++) {
		store_tx *tx = begin(s, NULL, STORE_READ_COMMITTED);

		put_v(tx, "t", "c", i);
		c[i] = commit(tx);
	}

	/* One entry: parents, both signatures, the message with its body, the note. */
	store_err_clear(&err);
	cr_assert_eq(store_log_entry(s, &c[1], &e, &err), STORE_OK, "%s", err.message);
	cr_assert(store_oid_equal(&e.commit, &c[1]));
	cr_assert_eq(e.nparents, 1);
	cr_assert(store_oid_equal(&e.parents[0], &c[0]));
	cr_assert_str_eq(e.author, "bob");
	cr_assert_str_eq(e.author_email, "bob@chrondb");
	cr_assert_str_eq(e.committer, "ChronDB");
	cr_assert_str_eq(e.committer_email, "chrondb@localhost");
	cr_assert_str_eq(e.message, "update 1 row, delete 1 row in t\n\n"
				    "Restore t row a to version 0123456.\n");
	cr_assert_not_null(e.note);
	j = parse_json(e.note);
	fl = json_object_get(j, "flags");
	cr_assert(json_is_array(fl) && json_array_size(fl) == 3, "%s", e.note);
	cr_assert_str_eq(json_string_value(json_array_get(fl, 0)), "delete");
	cr_assert_str_eq(json_string_value(json_array_get(fl, 1)), "manual");
	cr_assert_str_eq(json_string_value(json_array_get(fl, 2)), "update");
	cr_assert_gt(e.time_us, 0);
	json_decref(j);
	store_logentry_clear(&e);

	/* The table's creation is "ddl"; a row changed is "update". */
	store_err_clear(&err);
	cr_assert_eq(store_log_entry(s, &c[0], &e, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(e.nparents, 0);
	j = parse_json(e.note);
	fl = json_object_get(j, "flags");
	cr_assert(json_array_size(fl) == 1 &&
			  strcmp(json_string_value(json_array_get(fl, 0)), "ddl") == 0,
		"%s", e.note);
	json_decref(j);
	store_logentry_clear(&e);
	store_err_clear(&err);
	cr_assert_eq(store_log_entry(s, &c[3], &e, &err), STORE_OK, "%s", err.message);
	cr_assert(strstr(e.note, "\"flags\":[\"update\"]") != NULL, "%s", e.note);
	store_logentry_clear(&e);

	/* Revisions: ~N through the index (past 16 steps) and through the parents agree. */
	snap = snap_spec(s, "main~30");
	cr_assert(store_oid_equal(store_snap_id(snap), &c[9]));
	store_snap_free(snap);
	hex_of(h, &c[39]);
	h[10] = '\0';
	snap = snap_spec(s, "main~39");
	cr_assert(store_oid_equal(store_snap_id(snap), &c[0]));
	store_snap_free(snap);
	{
		char spec[64];

		snprintf(spec, sizeof(spec), "%s~20~19", h);
		snap = snap_spec(s, spec);
		cr_assert(store_oid_equal(store_snap_id(snap), &c[0]));
		store_snap_free(snap);
	}
	store_err_clear(&err);
	expect_err(store_snap_open(s, "main~40", &snap, &err), &err, "42704", "past the root");
	store_err_clear(&err);
	expect_err(store_snap_open(s, "main~400", &snap, &err), &err, "42704", "far past the root");
	store_err_clear(&err);
	expect_err(store_snap_open(s, "main~2x", &snap, &err), &err, "22P02", "main~2x");
	store_err_clear(&err);
	expect_err(store_snap_open(s, "main:1", &snap, &err), &err, "42704", "main:1");

	/* Tags, written with git once the commits are on disk. */
	store_err_clear(&err);
	cr_assert_eq(store_tag_list(s, &tags, &ntags, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(ntags, 0);
	store_tag_list_free(tags, ntags);
	checkpoint(s);
	hex_of(h, &c[1]);
	free(sh_ok("git -C '%s' tag v1 %s", datadir, h));
	hex_of(h, &c[2]);
	free(sh_ok("GIT_COMMITTER_DATE='2026-01-02T03:04:05Z' GIT_COMMITTER_NAME='Tag Maker' "
		   "git -C '%s' tag -a -m 'release two' v2 %s",
		datadir, h));
	store_err_clear(&err);
	cr_assert_eq(store_tag_list(s, &tags, &ntags, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(ntags, 2);
	cr_assert_str_eq(tags[0].name, "v1");
	cr_assert(store_oid_equal(&tags[0].target, &c[1]));
	cr_assert_eq(tags[0].annotated, 0);
	cr_assert_null(tags[0].message);
	cr_assert_str_eq(tags[1].name, "v2");
	cr_assert(store_oid_equal(&tags[1].target, &c[2]), "an annotated tag names its commit");
	cr_assert_eq(tags[1].annotated, 1);
	cr_assert_str_eq(tags[1].tagger, "Tag Maker");
	cr_assert_eq(tags[1].time_us, 1767323045LL * 1000000);
	cr_assert_str_eq(tags[1].message, "release two\n");
	store_tag_list_free(tags, ntags);

	/* A tag is a revision too, and so is its commit's parent. */
	snap = snap_spec(s, "v2~1");
	cr_assert(store_oid_equal(store_snap_id(snap), &c[1]));
	store_snap_free(snap);
	store_close(s);
}

/* ---- 8. commits made with plain git ----------------------------------- */

Test(store, outside_commits_are_picked_up, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_snap *snap;
	store_version *v;
	store_logentry *log;
	store_tx *tx;
	store_err err;
	store_oid c0, c2;
	char *pa, *pc, *out, *json, hex[41];
	size_t n;

	c0 = make_t(s);
	store_close(s);

	pa = row_path("t", "a");
	pc = row_path("t", "c");
	free(sh_ok("git clone -q '%s' '%s/wt' && cd '%s/wt' && "
		   "printf '{\"id\":\"a\",\"v\":99}' > '%s' && mkdir -p \"$(dirname '%s')\" && "
		   "printf '{\"id\": \"c\", \"v\": 3}\\n' > '%s' && git add -A && "
		   "git commit -qm 'edit by hand' && git push -q origin HEAD:main",
		datadir, tmpdir, tmpdir, pa, pc, pc));

	s = open_store();
	snap = snap_branch(s, "main");
	cr_assert(!store_oid_equal(store_snap_id(snap), &c0), "the outside commit was not seen");
	expect_row(snap, "t", "a", "{\"id\":\"a\",\"v\":99}");
	expect_row(snap, "t", "c", "{\"id\": \"c\", \"v\": 3}\n");
	cr_assert_eq(get_v(snap, "t", "b"), 2);
	cr_assert_eq(count(snap, "t"), 3);
	expect_scan(snap, "t", "a b c");

	store_err_clear(&err);
	cr_assert_eq(
		store_row_history(snap, "t", "a", 1, 0, &v, &n, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(n, 2);
	cr_assert(store_oid_equal(&v[0].commit, store_snap_id(snap)));
	cr_assert_eq(v[0].op, STORE_OP_UPDATE);
	cr_assert_str_eq(v[0].author, "Outside Editor");
	cr_assert(store_oid_equal(&v[1].commit, &c0));
	cr_assert_eq(v[1].op, STORE_OP_INSERT);
	cr_assert_gt(v[0].time_us, 0);
	free(v);
	cr_assert_eq(store_row_history(snap, "t", "c", 1, 0, &v, &n, &err), STORE_OK);
	cr_assert_eq(n, 1);
	cr_assert_eq(v[0].op, STORE_OP_INSERT);
	free(v);
	cr_assert_eq(store_log(snap, 0, &log, &n, &err), STORE_OK);
	cr_assert_eq(n, 2);
	cr_assert_null(log[0].note, "the outside commit has a note: %s", log[0].note);
	cr_assert_str_eq(log[0].message, "edit by hand\n");
	cr_assert_str_eq(log[0].author, "Outside Editor");
	cr_assert_not_null(log[1].note);
	store_log_free(log, n);
	cr_assert_eq(store_note(s, store_snap_id(snap), &json, &err), STORE_NOTFOUND);
	store_snap_free(snap);

	/* The store commits on top. */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "b", 20);
	put_v(tx, "t", "a", 100);
	c2 = commit(tx);
	snap = snap_branch(s, "main");
	cr_assert_eq(store_row_history(snap, "t", "a", 1, 0, &v, &n, &err), STORE_OK);
	cr_assert_eq(n, 3);
	cr_assert(store_oid_equal(&v[0].commit, &c2));
	free(v);
	store_snap_free(snap);
	store_close(s);

	hex_of(hex, &c2);
	out = chomp(sh_ok("git -C '%s' rev-parse main", datadir));
	cr_assert_str_eq(out, hex);
	free(out);
	out = chomp(sh_ok("git -C '%s' rev-list --count main", datadir));
	cr_assert_str_eq(out, "3");
	free(out);
	out = sh_ok("git -C '%s' show main:%s", datadir, pa);
	cr_assert_str_eq(out, "{\n  \"id\": \"a\",\n  \"v\": 100\n}\n");
	free(out);
	expect_fsck_clean();
	/* The clone can fetch the result and sees the same tree. */
	free(sh_ok("cd '%s/wt' && git pull -q --ff-only origin main", tmpdir));
	out = sh_ok("cat '%s/wt/%s'", tmpdir, pc);
	cr_assert_str_eq(out, "{\"id\": \"c\", \"v\": 3}\n");
	free(out);
	free(pa);
	free(pc);
}

/* ---- 9. durability and injected faults ---------------------------------- */

Test(store, wal_enospc_fails_one_commit, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx;
	store_snap *snap;
	store_err err;
	store_oid acked[3], head;
	char hex[41], *out;
	int rc;

	acked[0] = make_t(s);
	store_inject(s, STORE_FAULT_WAL_ENOSPC);
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "lost", 1);
	store_err_clear(&err);
	rc = store_tx_commit(tx, NULL, &head, &err);
	cr_log_info("commit with a full WAL disk: [%s] %s | %s | %s", err.sqlstate, err.message,
		err.detail, err.hint);
	cr_assert_eq(rc, STORE_ERROR, "the commit succeeded on a full disk");
	cr_assert(strcmp(err.sqlstate, "53100") == 0 || strcmp(err.sqlstate, "58030") == 0,
		"sqlstate %s", err.sqlstate);
	cr_assert(strstr(err.detail, strerror(ENOSPC)) != NULL ||
			  strstr(err.message, strerror(ENOSPC)) != NULL,
		"the error does not say the disk is full: %s / %s", err.message, err.detail);
	cr_assert(store_oid_is_zero(&head));

	snap = snap_branch(s, "main");
	cr_assert(store_oid_equal(store_snap_id(snap), &acked[0]));
	cr_assert_null(get(snap, "t", "lost"));
	store_snap_free(snap);

	/* The next commits go through, on top of the last durable one. */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "after", 2);
	acked[1] = commit(tx);
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "a", 11);
	acked[2] = commit(tx);
	snap = snap_spec(s, "main~1");
	cr_assert(store_oid_equal(store_snap_id(snap), &acked[1]));
	store_snap_free(snap);
	snap = snap_spec(s, "main~2");
	cr_assert(store_oid_equal(store_snap_id(snap), &acked[0]));
	store_snap_free(snap);

	/* Crash-like reopen: no checkpoint written by close? close checkpoints; both paths hold. */
	store_close(s);
	s = open_store();
	snap = snap_branch(s, "main");
	cr_assert(store_oid_equal(store_snap_id(snap), &acked[2]));
	cr_assert_null(get(snap, "t", "lost"));
	cr_assert_eq(get_v(snap, "t", "after"), 2);
	cr_assert_eq(get_v(snap, "t", "a"), 11);
	store_snap_free(snap);
	for (int i = 0; i < 3; i++) {
		snap = snap_commit(s, &acked[i]);
		store_snap_free(snap);
	}
	store_close(s);
	hex_of(hex, &acked[2]);
	out = chomp(sh_ok("git -C '%s' rev-parse main", datadir));
	cr_assert_str_eq(out, hex);
	free(out);
	out = chomp(sh_ok("git -C '%s' rev-list --count main", datadir));
	cr_assert_str_eq(out, "3");
	free(out);
	out = chomp(sh_ok("git -C '%s' log -1 --notes=chrondb --format=%%N main", datadir));
	cr_assert(strstr(out, hex) != NULL, "note of the head: %s", out);
	free(out);
	expect_fsck_clean();
}

Test(store, wal_eio_fails_commit_and_reopen_keeps_acked, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx;
	store_snap *snap;
	store_err err;
	store_oid acked[2], id;
	int rc;

	acked[0] = make_t(s);
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "b", 22);
	acked[1] = commit(tx);

	store_inject(s, STORE_FAULT_WAL_EIO);
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "lost", 1);
	store_err_clear(&err);
	rc = store_tx_commit(tx, NULL, &id, &err);
	cr_log_info("commit with a failing fsync: [%s] %s | %s | %s", err.sqlstate, err.message,
		err.detail, err.hint);
	cr_assert_eq(rc, STORE_ERROR, "the commit succeeded although fsync failed");
	cr_assert_neq(err.sqlstate[0], '\0');
	cr_assert(strstr(err.detail, strerror(EIO)) != NULL || strstr(err.message, "fsync") != NULL,
		"%s / %s", err.message, err.detail);
	cr_assert(store_oid_is_zero(&id));
	snap = snap_branch(s, "main");
	cr_assert(store_oid_equal(store_snap_id(snap), &acked[1]));
	cr_assert_null(get(snap, "t", "lost"));
	store_snap_free(snap);

	/* Until a restart the log takes nothing more (as PostgreSQL after a failed fsync). */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "later", 1);
	store_err_clear(&err);
	rc = store_tx_commit(tx, NULL, &id, &err);
	cr_log_info("commit after the failed fsync: rc %d [%s] %s", rc, err.sqlstate, err.message);
	cr_assert_eq(rc, STORE_ERROR, "a commit was acknowledged on a log that lost an fsync");
	store_close(s);

	s = open_store();
	snap = snap_branch(s, "main");
	cr_assert(store_oid_equal(store_snap_id(snap), &acked[1]));
	cr_assert_eq(get_v(snap, "t", "b"), 22);
	cr_assert_null(get(snap, "t", "lost"));
	cr_assert_null(get(snap, "t", "later"));
	store_snap_free(snap);
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "again", 3);
	id = commit(tx);
	cr_assert(!store_oid_is_zero(&id));
	store_close(s);
	expect_fsck_clean();
	{
		char *out = chomp(sh_ok("git -C '%s' rev-list --count main", datadir));

		cr_assert_str_eq(out, "3");
		free(out);
	}
}

Test(store, pack_enospc_during_checkpoint, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx;
	store_snap *snap;
	store_err err;
	store_oid acked[3];
	char hex[41], *out;
	int rc;

	acked[0] = make_t(s);
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "c", 3);
	acked[1] = commit(tx);

	store_inject(s, STORE_FAULT_PACK_ENOSPC);
	store_err_clear(&err);
	rc = store_checkpoint(s, &err);
	cr_log_info(
		"checkpoint with a full disk: [%s] %s | %s", err.sqlstate, err.message, err.detail);
	cr_assert_eq(rc, STORE_ERROR, "the checkpoint succeeded on a full disk");
	cr_assert_str_eq(err.sqlstate, "53100");
	cr_assert_neq(sh(NULL, "git -C '%s' rev-parse -q --verify main >/dev/null", datadir), 0,
		"a ref was written by a failed checkpoint");

	/* Everything stays readable, and writable. */
	snap = snap_branch(s, "main");
	cr_assert(store_oid_equal(store_snap_id(snap), &acked[1]));
	cr_assert_eq(get_v(snap, "t", "a"), 1);
	cr_assert_eq(get_v(snap, "t", "c"), 3);
	store_snap_free(snap);
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "d", 4);
	acked[2] = commit(tx);

	checkpoint(s);
	hex_of(hex, &acked[2]);
	out = chomp(sh_ok("git -C '%s' rev-parse main", datadir));
	cr_assert_str_eq(out, hex);
	free(out);
	expect_fsck_clean();
	snap = snap_branch(s, "main");
	cr_assert_eq(get_v(snap, "t", "d"), 4);
	store_snap_free(snap);
	store_close(s);

	s = open_store();
	for (int i = 0; i < 3; i++) {
		snap = snap_commit(s, &acked[i]);
		cr_assert_eq(get_v(snap, "t", "a"), 1);
		store_snap_free(snap);
	}
	snap = snap_branch(s, "main");
	cr_assert(store_oid_equal(store_snap_id(snap), &acked[2]));
	store_snap_free(snap);
	store_close(s);
	out = chomp(sh_ok("git -C '%s' log -1 --notes=chrondb --format=%%N main", datadir));
	cr_assert(strstr(out, hex) != NULL, "note of the head: %s", out);
	free(out);
	expect_fsck_clean();
}

/* Reopen without a checkpoint: the WAL alone brings every acknowledged commit back. */
Test(store, replay_restores_acked_commits_byte_identical, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx;
	store_snap *snap;
	store_oid acked[6];

	acked[0] = make_t(s);
	for (int i = 1; i < 6; i++) {
		tx = begin(s, NULL, STORE_READ_COMMITTED);
		put_v(tx, "t", "a", 100 + i);
		acked[i] = commit_as(tx, i % 2 ? "odd" : "even");
	}
	/*
	 * A crash: copy the data directory as it is on disk now, with no
	 * checkpoint since the store opened (no background thread), so
	 * only the WAL holds the commits.
	 */
	free(sh_ok("cp -a '%s' '%s/crashed'", datadir, tmpdir));
	store_close(s);
	free(sh_ok("rm -rf '%s' && mv '%s/crashed' '%s' && rm -f '%s/chrondb/lock'", datadir,
		tmpdir, datadir, datadir));

	s = open_store();
	snap = snap_branch(s, "main");
	cr_assert(store_oid_equal(store_snap_id(snap), &acked[5]),
		"after replay the head is not the last acknowledged commit");
	cr_assert_eq(get_v(snap, "t", "a"), 105);
	store_snap_free(snap);
	for (int i = 0; i < 6; i++) {
		char *note;
		store_err err;

		snap = snap_commit(s, &acked[i]);
		store_snap_free(snap);
		store_err_clear(&err);
		cr_assert_eq(store_note(s, &acked[i], &note, &err), STORE_OK, "note %d: %s", i,
			err.message);
		free(note);
	}
	store_close(s);
	expect_fsck_clean();
	{
		char *out = chomp(sh_ok("git -C '%s' rev-list --count main", datadir));

		cr_assert_str_eq(out, "6");
		free(out);
		/* The closing checkpoint folded the six replayed notes into one notes commit. */
		out = chomp(sh_ok("git -C '%s' rev-list --count refs/notes/chrondb", datadir));
		cr_assert_str_eq(out, "1");
		free(out);
		out = chomp(sh_ok("git -C '%s' log --notes=chrondb --format=%%N main | "
				  "grep -c '\"tx_id\"'",
			datadir));
		cr_assert_str_eq(out, "6");
		free(out);
	}
}

/* ---- 10. concurrent readers and a writer ------------------------------- */

#define NREADERS 6
#define NROWS    8
#define NCOMMITS 200

typedef struct rw {
	store *s;
	atomic_int done;
	atomic_int ncommits;         /* commits published in ids[] */
	store_oid ids[NCOMMITS + 1]; /* ids[g] holds generation g */
	pthread_mutex_t mu;
	char failure[512];
	long reads[NREADERS];
} rw;

typedef struct rw_reader {
	rw *c;
	int id;
} rw_reader;

static void rw_fail(rw *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void rw_fail(rw *c, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&c->mu);
	if (c->failure[0] == '\0') {
		va_start(ap, fmt);
		vsnprintf(c->failure, sizeof(c->failure), fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&c->mu);
	atomic_store(&c->done, 1);
}

/* Every row of snap must hold generation g in "v"; returns g or -1. */
static long long snap_gen(rw *c, store_snap *snap, int by_scan)
{
	long long g = -1;
	store_err err;
	int n = 0;

	store_err_clear(&err);
	if (by_scan) {
		store_scan *sc;
		const char *key, *json;
		size_t keylen, len;
		int r;

		if (store_scan_open(snap, "t", &sc, &err) != STORE_OK) {
			rw_fail(c, "scan_open: [%s] %s", err.sqlstate, err.message);
			return -1;
		}
		while ((r = store_scan_next(sc, &key, &keylen, &json, &len, &err)) == 1) {
			json_t *doc = json_loadb(json, len, 0, NULL);
			long long v = json_integer_value(json_object_get(doc, "v"));

			json_decref(doc);
			if (g >= 0 && v != g) {
				rw_fail(c, "scan: row %.*s has generation %lld, another %lld",
					(int)keylen, key, v, g);
				store_scan_close(sc);
				return -1;
			}
			g = v;
			n++;
		}
		store_scan_close(sc);
		if (r != 0) {
			rw_fail(c, "scan_next: [%s] %s", err.sqlstate, err.message);
			return -1;
		}
	} else {
		for (int i = 0; i < NROWS; i++) {
			char key[8], *json;
			json_t *doc;
			long long v;

			snprintf(key, sizeof(key), "r%d", i);
			if (store_get(snap, "t", key, strlen(key), &json, NULL, NULL, &err) !=
				STORE_OK) {
				rw_fail(c, "get %s: [%s] %s", key, err.sqlstate, err.message);
				return -1;
			}
			doc = json_loads(json, 0, NULL);
			v = json_integer_value(json_object_get(doc, "v"));
			json_decref(doc);
			free(json);
			if (g >= 0 && v != g) {
				rw_fail(c, "get: row %s has generation %lld, another %lld", key, v,
					g);
				return -1;
			}
			g = v;
			n++;
		}
	}
	if (n != NROWS) {
		rw_fail(c, "snapshot has %d rows", n);
		return -1;
	}
	return g;
}

static void *rw_reader_main(void *arg)
{
	rw_reader *r = arg;
	rw *c = r->c;
	long long seen = -1;
	unsigned rng = 77u + (unsigned)r->id;

	while (!atomic_load(&c->done)) {
		store_snap *snap;
		store_err err;
		long long g;
		int k = atomic_load(&c->ncommits);

		store_err_clear(&err);
		if (store_snap_branch(c->s, "main", &snap, &err) != STORE_OK) {
			rw_fail(c, "snap_branch: %s", err.message);
			return NULL;
		}
		g = snap_gen(c, snap, (int)(c->reads[r->id] % 2));
		store_snap_free(snap);
		if (g < 0)
			return NULL;
		if (g < seen || g + 1 < k) {
			rw_fail(c, "reader %d: head at generation %lld after %lld (published %d)",
				r->id, g, seen, k);
			return NULL;
		}
		seen = g;

		/* An older snapshot by commit id still reads its own generation. */
		if (k > 0) {
			int want = (int)(rand_r(&rng) % (unsigned)k);

			store_err_clear(&err);
			if (store_snap_commit(c->s, &c->ids[want], &snap, &err) != STORE_OK) {
				rw_fail(c, "snap_commit %d: %s", want, err.message);
				return NULL;
			}
			g = snap_gen(c, snap, (int)(c->reads[r->id] / 2 % 2));
			store_snap_free(snap);
			if (g < 0)
				return NULL;
			if (g != want) {
				rw_fail(c, "commit of generation %d reads generation %lld", want,
					g);
				return NULL;
			}
		}
		c->reads[r->id]++;
	}
	return NULL;
}

Test(store, readers_see_whole_commits_while_one_writes, .init = setup, .fini = teardown,
	.timeout = 300)
{
	rw *c = calloc(1, sizeof(*c));
	store_opts o;
	pthread_t th[NREADERS];
	rw_reader rd[NREADERS];
	store_tx *tx;
	store_snap *snap;
	long total = 0;

	cr_assert_not_null(c);
	pthread_mutex_init(&c->mu, NULL);
	store_opts_init(&o);
	o.checkpoint_interval_ms = 20; /* the checkpointer runs under the readers */
	o.checkpoint_bytes = 64 << 10;
	o.sync = 0;
	c->s = open_opts(&o);

	tx = begin(c->s, NULL, STORE_READ_COMMITTED);
	create_table(tx, "t", T_DEF);
	for (int i = 0; i < NROWS; i++) {
		char key[8];

		snprintf(key, sizeof(key), "r%d", i);
		put_v(tx, "t", key, 0);
	}
	c->ids[0] = commit(tx);
	atomic_store(&c->ncommits, 1);

	for (int i = 0; i < NREADERS; i++) {
		rd[i].c = c;
		rd[i].id = i;
		cr_assert_eq(pthread_create(&th[i], NULL, rw_reader_main, &rd[i]), 0);
	}
	for (int g = 1; g <= NCOMMITS && !atomic_load(&c->done); g++) {
		tx = begin(c->s, NULL, STORE_READ_COMMITTED);
		for (int i = 0; i < NROWS; i++) {
			char key[8];

			snprintf(key, sizeof(key), "r%d", i);
			put_v(tx, "t", key, g);
		}
		c->ids[g] = commit(tx);
		atomic_store(&c->ncommits, g + 1);
	}
	atomic_store(&c->done, 1);
	for (int i = 0; i < NREADERS; i++)
		pthread_join(th[i], NULL);
	cr_assert_eq(c->failure[0], '\0', "%s", c->failure);
	for (int i = 0; i < NREADERS; i++)
		total += c->reads[i];
	cr_log_info(
		"%ld snapshot checks by %d readers during %d commits", total, NREADERS, NCOMMITS);

	snap = snap_branch(c->s, "main");
	cr_assert(store_oid_equal(store_snap_id(snap), &c->ids[NCOMMITS]));
	cr_assert_eq(snap_gen(c, snap, 1), NCOMMITS);
	store_snap_free(snap);
	store_close(c->s);
	expect_fsck_clean();
	{
		char *out = chomp(sh_ok("git -C '%s' rev-list --count main", datadir));
		char want[16];

		snprintf(want, sizeof(want), "%d", NCOMMITS + 1);
		cr_assert_str_eq(out, want);
		free(out);
	}
	pthread_mutex_destroy(&c->mu);
	free(c);
}

/* ---- more edges: branches in one session, dropped tables, WAL replay of branches ---- */

Test(store, branch_delete_and_recreate_in_one_session, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_snap *snap, *at;
	store_tx *tx, *late;
	store_err err;
	store_oid c1, c2;
	char h2[41], *out;

	c1 = make_t(s);
	at = snap_branch(s, "main");
	store_err_clear(&err);
	cr_assert_eq(store_branch_create(s, "dev", at, &err), STORE_OK, "%s", err.message);
	store_snap_free(at);
	late = begin(s, "dev", STORE_READ_COMMITTED);
	put_v(late, "t", "late", 1);
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "a", 2);
	c2 = commit(tx);
	checkpoint(s);

	store_err_clear(&err);
	cr_assert_eq(store_branch_delete(s, "dev", &err), STORE_OK, "%s", err.message);
	/* A transaction begun on the branch cannot commit to a deleted branch. */
	store_err_clear(&err);
	expect_err(store_tx_commit(late, NULL, NULL, &err), &err, "42704", "commit to deleted");

	/* The same name again, at another commit, before any checkpoint. */
	at = snap_branch(s, "main");
	store_err_clear(&err);
	cr_assert_eq(store_branch_create(s, "dev", at, &err), STORE_OK,
		"recreating a deleted branch: [%s] %s", err.sqlstate, err.message);
	store_snap_free(at);
	snap = snap_branch(s, "dev");
	cr_assert(store_oid_equal(store_snap_id(snap), &c2));
	cr_assert_eq(get_v(snap, "t", "late"), -1);
	store_snap_free(snap);
	tx = begin(s, "dev", STORE_READ_COMMITTED);
	put_v(tx, "t", "d", 4);
	commit(tx);
	/* Its history starts at main's, not at the deleted branch's. */
	{
		store_version *v;
		size_t n;

		snap = snap_branch(s, "dev");
		store_err_clear(&err);
		cr_assert_eq(store_row_history(snap, "t", "a", 1, 0, &v, &n, &err), STORE_OK, "%s",
			err.message);
		cr_assert_eq(n, 2);
		cr_assert(store_oid_equal(&v[0].commit, &c2));
		cr_assert(store_oid_equal(&v[1].commit, &c1));
		free(v);
		store_snap_free(snap);
	}
	store_close(s);
	hex_of(h2, &c2);
	out = chomp(sh_ok("git -C '%s' rev-parse dev~1", datadir));
	cr_assert_str_eq(out, h2);
	free(out);
	expect_fsck_clean();
}

Test(store, drop_and_recreate_table_in_one_transaction, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx;
	store_snap *snap;
	store_err err;
	char *json, *out;

	make_t(s);
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	store_err_clear(&err);
	cr_assert_eq(store_tx_drop_table(tx, "t", &err), STORE_OK, "%s", err.message);
	store_err_clear(&err);
	expect_err(store_tx_put(tx, "t", "x", 1, "{}", 2, &err), &err, "42P01", "put after drop");
	create_table(tx, "t",
		"{\"columns\": [{\"name\": \"id\", \"type\": \"text\"}, {\"name\": \"w\", "
		"\"type\": \"text\"}], \"primary_key\": [\"id\"]}");
	/* The new table has none of the old rows, in this transaction either. */
	store_err_clear(&err);
	cr_assert_eq(store_tx_get(tx, "t", "a", 1, &json, NULL, NULL, &err), STORE_NOTFOUND);
	put(tx, "t", "z", "{\"w\": \"new\", \"id\": \"z\"}");
	commit(tx);
	snap = snap_branch(s, "main");
	expect_scan(snap, "t", "z");
	expect_row(snap, "t", "z", "{\n  \"id\": \"z\",\n  \"w\": \"new\"\n}\n");
	store_snap_free(snap);
	store_close(s);
	out = sh_ok("git -C '%s' ls-tree -r --name-only main | grep -c '^t/'", datadir);
	cr_assert_str_eq(out, "1\n");
	free(out);
	expect_fsck_clean();
}

Test(store, time_travel_on_a_branch, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx;
	store_snap *snap, *at;
	store_err err;
	store_oid cd1, cd2;
	int64_t t1;
	char spec[80];

	make_t(s);
	at = snap_branch(s, "main");
	store_err_clear(&err);
	cr_assert_eq(store_branch_create(s, "dev", at, &err), STORE_OK);
	store_snap_free(at);
	tick();
	tx = begin(s, "dev", STORE_READ_COMMITTED);
	put_v(tx, "t", "a", 10);
	cd1 = commit(tx);
	snap = snap_commit(s, &cd1);
	t1 = store_snap_time(snap);
	store_snap_free(snap);
	tick();
	tx = begin(s, "dev", STORE_READ_COMMITTED);
	put_v(tx, "t", "a", 20);
	cd2 = commit(tx);
	/* main moves on too, and must not be picked for dev. */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "a", 30);
	commit(tx);

	store_err_clear(&err);
	cr_assert_eq(store_snap_at_time(s, "dev", t1, &snap, &err), STORE_OK, "%s", err.message);
	cr_assert(store_oid_equal(store_snap_id(snap), &cd1));
	cr_assert_eq(get_v(snap, "t", "a"), 10);
	store_snap_free(snap);
	snprintf(spec, sizeof(spec), "dev@%" PRId64, t1 / 1000000 + 3600);
	snap = snap_spec(s, spec);
	cr_assert(store_oid_equal(store_snap_id(snap), &cd2));
	store_snap_free(snap);
	store_err_clear(&err);
	expect_err(store_snap_at_time(s, "nope", t1, &snap, &err), &err, "42704", "unknown branch");
	store_close(s);
}

Test(store, replay_restores_branch_records, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_snap *snap, *at;
	store_tx *tx;
	store_err err;
	store_oid cd;
	store_branch_info *br;
	size_t n;

	make_t(s);
	checkpoint(s);
	at = snap_branch(s, "main");
	store_err_clear(&err);
	cr_assert_eq(store_branch_create(s, "dev", at, &err), STORE_OK);
	cr_assert_eq(store_branch_create(s, "gone", at, &err), STORE_OK);
	store_snap_free(at);
	tx = begin(s, "dev", STORE_READ_COMMITTED);
	put_v(tx, "t", "a", 5);
	cd = commit(tx);
	cr_assert_eq(store_branch_delete(s, "gone", &err), STORE_OK);
	/* A crash: the directory as it is now, only the WAL knows about dev. */
	free(sh_ok("cp -a '%s' '%s/crashed'", datadir, tmpdir));
	store_close(s);
	free(sh_ok("rm -rf '%s' && mv '%s/crashed' '%s'", datadir, tmpdir, datadir));

	s = open_store();
	cr_assert_eq(store_branch_list(s, &br, &n, &err), STORE_OK);
	cr_assert_eq(n, 2, "branches after replay: %zu", n);
	cr_assert_str_eq(br[0].name, "dev");
	cr_assert_str_eq(br[1].name, "main");
	cr_assert(store_oid_equal(&br[0].head, &cd));
	free(br);
	snap = snap_branch(s, "dev");
	cr_assert_eq(get_v(snap, "t", "a"), 5);
	store_snap_free(snap);
	store_close(s);
	expect_fsck_clean();
	cr_assert_neq(
		sh(NULL, "git -C '%s' rev-parse -q --verify refs/heads/gone >/dev/null", datadir),
		0);
}

/* ---- Checkpoints, VACUUM and what a killed process leaves ------------------ */

Test(store, stale_locks_and_temp_packs_are_cleared_at_open, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_oid c;
	char hex[41], *out;

	make_t(s);
	store_close(s);

	/* What a process killed in the middle of a checkpoint leaves behind. */
	free(sh_ok("printf 'junk' > '%s/refs/heads/main.lock' && "
		   "printf 'junk' > '%s/refs/notes/chrondb.lock' && "
		   "printf 'half a pack' > '%s/objects/pack/tmp_chrondb_pack_AbCdEf'",
		datadir, datadir, datadir));

	s = open_store();
	{
		store_tx *tx = begin(s, NULL, STORE_READ_COMMITTED);

		put_v(tx, "t", "c", 3);
		c = commit(tx);
	}
	checkpoint(s);
	hex_of(hex, &c);
	out = chomp(sh_ok("git -C '%s' rev-parse main", datadir));
	cr_assert_str_eq(out, hex, "the ref did not move past a stale lock");
	free(out);
	cr_assert_neq(sh(NULL, "ls '%s'/objects/pack | grep -q tmp_", datadir), 0,
		"a temporary pack file survived the open");
	cr_assert_neq(sh(NULL, "test -e '%s/refs/heads/main.lock'", datadir), 0);
	expect_fsck_clean();
	store_close(s);
}

Test(store, ref_locked_by_git_fails_the_checkpoint_not_the_data, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx;
	store_oid c;
	store_err err;
	char hex[41], *out;
	int rc;

	make_t(s);
	checkpoint(s);

	/* git holds refs/heads/main.lock (it is updating the ref): we must not write it. */
	free(sh_ok("printf 'git' > '%s/refs/heads/main.lock'", datadir));
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "c", 3);
	c = commit(tx);
	store_err_clear(&err);
	rc = store_checkpoint(s, &err);
	expect_err(rc, &err, "55P03", "checkpoint with the ref locked");
	out = sh_ok("cat '%s/refs/heads/main.lock'", datadir);
	cr_assert_str_eq(out, "git", "git's lock file was overwritten");
	free(out);

	/* The commit stays readable; once git is done the checkpoint goes through. */
	{
		store_snap *snap = snap_branch(s, "main");

		cr_assert(store_oid_equal(store_snap_id(snap), &c));
		cr_assert_eq(get_v(snap, "t", "c"), 3);
		store_snap_free(snap);
	}
	free(sh_ok("rm '%s/refs/heads/main.lock'", datadir));
	checkpoint(s);
	hex_of(hex, &c);
	out = chomp(sh_ok("git -C '%s' rev-parse main", datadir));
	cr_assert_str_eq(out, hex);
	free(out);
	store_close(s);
	expect_fsck_clean();
}

Test(store, vacuum_makes_one_pack_from_packs_and_loose_objects, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_snap *snap;
	store_err err;
	char *pa, *out;

	/* Several checkpoint packs of ours ... */
	make_t(s);
	checkpoint(s);
	for (int i = 0; i < 5; i++) {
		store_tx *tx = begin(s, NULL, STORE_READ_COMMITTED);

		put_v(tx, "t", "a", 10 + i);
		commit(tx);
		checkpoint(s);
	}
	store_close(s);

	/* ... and loose objects from a push made with plain git. */
	pa = row_path("t", "a");
	free(sh_ok("git clone -q '%s' '%s/wt' && cd '%s/wt' && "
		   "printf '{\"id\":\"a\",\"v\":99}' > '%s' && git add -A && "
		   "git commit -qm 'edit by hand' && git push -q origin HEAD:main",
		datadir, tmpdir, tmpdir, pa));
	out = chomp(sh_ok("git -C '%s' count-objects | cut -d' ' -f1", datadir));
	cr_assert_neq(atoi(out), 0, "the push left no loose objects to test with");
	free(out);

	s = open_store();
	store_err_clear(&err);
	cr_assert_eq(store_repack(s, &err), STORE_OK, "repack: [%s] %s", err.sqlstate, err.message);
	out = chomp(sh_ok("ls '%s'/objects/pack/*.idx | wc -l", datadir));
	cr_assert_str_eq(out, "1");
	free(out);
	out = chomp(sh_ok("git -C '%s' count-objects | cut -d' ' -f1", datadir));
	cr_assert_str_eq(out, "0", "loose objects were left after VACUUM");
	free(out);

	/* Every version still reads, through the store and through git. */
	snap = snap_branch(s, "main");
	cr_assert_eq(get_v(snap, "t", "a"), 99);
	cr_assert_eq(get_v(snap, "t", "b"), 2);
	{
		store_version *v;
		size_t n;

		cr_assert_eq(store_row_history(snap, "t", "a", 1, 0, &v, &n, &err), STORE_OK);
		cr_assert_eq(n, 7);
		for (size_t i = 1; i < n; i++) {
			char *json;
			size_t len;

			cr_assert_eq(store_blob(s, &v[i].blob, &json, &len, &err), STORE_OK, "%s",
				err.message);
			free(json);
		}
		free(v);
	}
	store_snap_free(snap);
	store_close(s);
	out = sh_ok("git -C '%s' log --format=%%s main | wc -l", datadir);
	cr_assert_eq(atoi(out), 7);
	free(out);
	expect_fsck_clean();
	free(pa);
}

Test(store, commits_wait_for_memory_and_fail_when_checkpoints_cannot_free_it, .init = setup,
	.fini = teardown, .timeout = 60)
{
	store_opts o;
	store *s;
	store_stats st;
	store_err err;
	int failed = -1;

	/*
	 * A tiny memory limit and a checkpointer that only runs when kicked
	 * (its interval is an hour): every few commits must wait for a
	 * checkpoint, and all of them succeed.
	 */
	store_opts_init(&o);
	o.checkpoint_bytes = 1 << 30;
	o.checkpoint_interval_ms = 3600 * 1000;
	o.memory_limit = 8 * 1024;
	s = open_opts(&o);
	make_t(s);
	for (int i = 0; i < 200; i++) {
		store_tx *tx = begin(s, NULL, STORE_READ_COMMITTED);

		put_v(tx, "t", "a", i);
		commit(tx);
	}
	store_get_stats(s, &st);
	cr_assert_geq(st.checkpoints, 5, "only %llu checkpoints for 200 commits over the limit",
		(unsigned long long)st.checkpoints);

	/* The disk fills up: a commit over the limit fails with 53200, nothing is lost. */
	store_inject(s, STORE_FAULT_PACK_FULL);
	for (int i = 0; i < 200 && failed < 0; i++) {
		store_tx *tx = begin(s, NULL, STORE_READ_COMMITTED);
		char buf[64];

		store_err_clear(&err);
		row(buf, sizeof(buf), "b", 1000 + i);
		cr_assert_eq(store_tx_put(tx, "t", "b", 1, buf, strlen(buf), &err), STORE_OK);
		if (store_tx_commit(tx, NULL, NULL, &err) != STORE_OK)
			failed = i;
	}
	cr_assert_geq(failed, 0, "no commit failed while checkpoints could not write");
	cr_assert_str_eq(err.sqlstate, "53200", "[%s] %s", err.sqlstate, err.message);

	/* Room on the disk again: the next commit's kick frees memory. */
	store_inject(s, STORE_FAULT_NONE);
	{
		store_snap *snap = snap_branch(s, "main");
		int ok = 0;

		cr_assert_eq(get_v(snap, "t", "a"), 199);
		cr_assert_eq(get_v(snap, "t", "b"), failed > 0 ? 1000 + failed - 1 : 2);
		store_snap_free(snap);
		for (int i = 0; i < 100 && !ok; i++) {
			store_tx *tx = begin(s, NULL, STORE_READ_COMMITTED);

			put_v(tx, "t", "c", i);
			store_err_clear(&err);
			ok = store_tx_commit(tx, NULL, NULL, &err) == STORE_OK;
			if (!ok)
				usleep(20000);
		}
		cr_assert(ok, "commits never resumed: [%s] %s", err.sqlstate, err.message);
	}
	store_close(s);
	expect_fsck_clean();
}

Test(store, vacuum_finds_deltas_along_history, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_oid c[120];
	store_err err;
	char *out;
	int whole_before, whole_after, depth;

	/*
	 * A checkpoint after every commit: each pack holds one version of
	 * each tree on the row's path, so no checkpoint could store a delta.
	 * VACUUM walks history and finds them: every older version of a tree
	 * or of the row becomes a delta against the next, chains at most 50.
	 */
	make_t(s);
	checkpoint(s);
	for (int i = 0; i < 120; i++) {
		store_tx *tx = begin(s, NULL, STORE_READ_COMMITTED);
		char big[600];

		snprintf(big, sizeof(big), "{\"id\":\"a\",\"v\":%d,\"pad\":\"%0500d\"}", i, i);
		put(tx, "t", "a", big);
		c[i] = commit(tx);
		checkpoint(s);
	}
	/* Trees and rows of 450 bytes or more stored whole (notes, each at a path of its own, are smaller). */
	out = chomp(sh_ok("for i in '%s'/objects/pack/*.idx; do git verify-pack -v \"$i\"; done | "
			  "awk '$2 ~ /^(tree|blob)$/ && NF == 5 && $3 >= 450' | wc -l",
		datadir));
	whole_before = atoi(out);
	free(out);

	store_err_clear(&err);
	cr_assert_eq(store_repack(s, &err), STORE_OK, "repack: [%s] %s", err.sqlstate, err.message);
	out = chomp(sh_ok(
		"git verify-pack -v '%s'/objects/pack/*.idx | awk '$2 ~ /^(tree|blob)$/ && NF == 5 && $3 >= 450' | wc -l",
		datadir));
	whole_after = atoi(out);
	free(out);
	out = chomp(sh_ok(
		"git verify-pack -v '%s'/objects/pack/*.idx | awk 'NF > 5 { if ($6 > m) m = $6 } END { print m + 0 }'",
		datadir));
	depth = atoi(out);
	free(out);

	/* Left whole: the newest row and notes tree, and one in 51 where a chain stops. */
	cr_assert_geq(whole_before, 200, "only %d large objects were whole before", whole_before);
	cr_assert_leq(whole_after, 8, "%d large objects stay whole after VACUUM", whole_after);
	cr_assert_leq(depth, 50);

	/* Every version reads back as it was written. */
	for (int i = 0; i < 120; i += 7) {
		store_snap *snap = snap_commit(s, &c[i]);

		cr_assert_eq(get_v(snap, "t", "a"), i);
		store_snap_free(snap);
	}
	store_close(s);
	expect_fsck_clean();
}

/* ---- Savepoints ---- */

Test(store, savepoints_undo_writes_since_the_mark, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx;
	store_snap *snap;
	uint64_t s1, s2, s3;
	char *json;
	size_t len;
	store_err err;

	make_t(s);
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "a", 10);

	/* S1: then b appears and a changes; S2: then a goes. */
	s1 = store_tx_savepoint(tx);
	put_v(tx, "t", "b", 20);
	put_v(tx, "t", "a", 11);
	s2 = store_tx_savepoint(tx);
	del(tx, "t", "a");
	put_v(tx, "t", "c", 30);
	store_err_clear(&err);
	cr_assert_eq(store_tx_get(tx, "t", "a", 1, &json, &len, NULL, &err), STORE_NOTFOUND);

	store_tx_rollback_to(tx, s2);
	cr_assert(store_tx_has_savepoint(tx, s2), "ROLLBACK TO keeps the savepoint");
	cr_assert_eq(store_tx_get(tx, "t", "a", 1, &json, &len, NULL, &err), STORE_OK);
	cr_assert(strstr(json, "11") != NULL, "a is %s", json);
	free(json);
	cr_assert_eq(store_tx_get(tx, "t", "c", 1, &json, &len, NULL, &err), STORE_NOTFOUND);

	/* Again from S2, then back past it to S1: S2 goes with it. */
	put_v(tx, "t", "a", 12);
	store_tx_rollback_to(tx, s2);
	store_tx_rollback_to(tx, s1);
	cr_assert(!store_tx_has_savepoint(tx, s2));
	cr_assert_eq(store_tx_get(tx, "t", "a", 1, &json, &len, NULL, &err), STORE_OK);
	cr_assert(strstr(json, "10") != NULL, "a is %s", json);
	free(json);
	cr_assert_eq(store_tx_get(tx, "t", "b", 1, &json, &len, NULL, &err), STORE_OK,
		"b comes from the committed table, with its old value");
	cr_assert(strstr(json, "\"v\": 2") != NULL, "b is %s", json);
	free(json);

	/* RELEASE keeps the writes: S3's d survives. */
	s3 = store_tx_savepoint(tx);
	put_v(tx, "t", "d", 40);
	store_tx_release(tx, s3);
	cr_assert(!store_tx_has_savepoint(tx, s3));
	commit(tx);

	snap = snap_branch(s, "main");
	cr_assert_eq(get_v(snap, "t", "a"), 10);
	cr_assert_eq(get_v(snap, "t", "b"), 2);
	cr_assert_eq(get_v(snap, "t", "d"), 40);
	cr_assert_eq(count(snap, "t"), 3);
	store_snap_free(snap);
	store_close(s);
}

Test(store, savepoint_undoes_drop_and_create_table, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx;
	store_snap *snap;
	uint64_t sp;
	store_err err;
	char *def;

	make_t(s);
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(tx, "t", "c", 3);
	sp = store_tx_savepoint(tx);
	store_err_clear(&err);
	cr_assert_eq(store_tx_drop_table(tx, "t", &err), STORE_OK, "%s", err.message);
	create_table(tx, "u", T_DEF);
	put_v(tx, "u", "x", 1);

	/* The drop compacted the write set: all of it comes back. */
	store_tx_rollback_to(tx, sp);
	put_v(tx, "t", "e", 5);
	commit(tx);

	snap = snap_branch(s, "main");
	cr_assert_eq(get_v(snap, "t", "a"), 1);
	cr_assert_eq(get_v(snap, "t", "c"), 3);
	cr_assert_eq(get_v(snap, "t", "e"), 5);
	cr_assert_eq(
		store_catalog(snap, "u", &def, &err), STORE_ERROR, "table u survived the rollback");
	store_snap_free(snap);
	store_close(s);
	expect_fsck_clean();
}

/* ---- A transaction's view: its own writes over a snapshot ---- */

/* Keys of a scan as "k1 k2 ..." with each row's v, e.g. "a=1 b=2". */
static char *tx_scan(store_tx *tx, store_snap *snap, const char *table)
{
	store_scan *sc;
	store_err err;
	store_buf out = STORE_BUF_INIT;
	const char *key, *json;
	size_t keylen, len;
	int r;

	store_err_clear(&err);
	cr_assert_eq(store_tx_scan_open(tx, snap, table, &sc, &err), STORE_OK, "[%s] %s",
		err.sqlstate, err.message);
	while ((r = store_scan_next(sc, &key, &keylen, &json, &len, &err)) == 1) {
		json_t *doc = parse_json(json);

		store_buf_printf(&out, "%s%.*s=%lld", out.len ? " " : "", (int)keylen, key,
			(long long)json_integer_value(json_object_get(doc, "v")));
		json_decref(doc);
	}
	cr_assert_eq(r, 0);
	store_scan_close(sc);
	store_buf_putc(&out, '\0');
	return (char *)store_buf_detach(&out);
}

Test(store, transaction_view_overlays_its_writes, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx, *other;
	store_snap *base, *now;
	store_err err;
	char *got, *json, **names;
	size_t len, n;

	make_t(s);
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	base = store_tx_base(tx);

	/* Another transaction commits after ours began. */
	other = begin(s, NULL, STORE_READ_COMMITTED);
	put_v(other, "t", "z", 26);
	commit(other);
	now = snap_branch(s, "main");

	/* Ours deletes a, changes b, adds c. */
	del(tx, "t", "a");
	put_v(tx, "t", "b", 20);
	put_v(tx, "t", "c", 3);
	got = tx_scan(tx, base, "t");
	cr_assert_str_eq(got, "b=20 c=3");
	free(got);
	got = tx_scan(tx, now, "t");
	cr_assert_str_eq(got, "b=20 c=3 z=26", "the statement's snapshot sees z");
	free(got);
	store_err_clear(&err);
	cr_assert_eq(store_tx_read(tx, now, "t", "a", 1, &json, &len, NULL, &err), STORE_NOTFOUND);
	cr_assert_eq(store_tx_read(tx, now, "t", "z", 1, &json, &len, NULL, &err), STORE_OK);
	free(json);
	cr_assert_eq(store_tx_read(tx, base, "t", "z", 1, &json, &len, NULL, &err), STORE_NOTFOUND);

	/* A table created in the transaction has only its own rows; a dropped one is gone. */
	create_table(tx, "u", T_DEF);
	put_v(tx, "u", "x", 7);
	got = tx_scan(tx, now, "u");
	cr_assert_str_eq(got, "x=7");
	free(got);
	cr_assert_eq(store_tx_catalog(tx, now, "u", &json, &err), STORE_OK);
	cr_assert(strstr(json, "\"name\": \"u\"") != NULL, "%s", json);
	free(json);
	cr_assert_eq(store_tx_tables(tx, now, &names, &n, &err), STORE_OK);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(names[0], "t");
	cr_assert_str_eq(names[1], "u");
	free(names);

	cr_assert_eq(store_tx_drop_table(tx, "t", &err), STORE_OK);
	expect_err(store_tx_read(tx, now, "t", "b", 1, &json, &len, NULL, &err), &err, "42P01",
		"read of a dropped table");
	store_err_clear(&err);
	{
		store_scan *sc;

		expect_err(store_tx_scan_open(tx, now, "t", &sc, &err), &err, "42P01",
			"scan of a dropped table");
	}
	store_err_clear(&err);
	expect_err(store_tx_catalog(tx, now, "t", &json, &err), &err, "42P01",
		"catalog of a dropped table");
	store_err_clear(&err);
	cr_assert_eq(store_tx_tables(tx, now, &names, &n, &err), STORE_OK);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(names[0], "u");
	free(names);

	store_tx_rollback(tx);
	store_snap_free(now);
	store_close(s);
}

Test(store, transaction_view_orders_integer_keys, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx = begin(s, NULL, STORE_READ_COMMITTED);
	char *got;

	create_table(tx, "n", INT_DEF);
	put(tx, "n", "10", "{\"id\": 10, \"v\": 10}");
	put(tx, "n", "9", "{\"id\": 9, \"v\": 9}");
	commit(tx);
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	put(tx, "n", "100", "{\"id\": 100, \"v\": 100}");
	put(tx, "n", "2", "{\"id\": 2, \"v\": 2}");
	got = tx_scan(tx, store_tx_base(tx), "n");
	cr_assert_str_eq(got, "2=2 9=9 10=10 100=100");
	free(got);
	store_tx_rollback(tx);
	store_close(s);
}

/* ---- Other catalog entries and sequences ---- */

Test(store, meta_entries_are_transactional, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx = begin(s, NULL, STORE_READ_COMMITTED);
	store_snap *snap;
	store_logentry *log;
	store_err err;
	char *json, **names, *out;
	size_t n;

	store_err_clear(&err);
	cr_assert_eq(store_tx_meta_put(tx, "sequences", "s1", "{\"start\": 1}", 12, &err),
		STORE_OK, "%s", err.message);
	cr_assert_eq(store_tx_meta_put(tx, "views", "v", "{\"query\": \"select 1\"}", 21, &err),
		STORE_OK);
	cr_assert_eq(
		store_tx_meta_get(tx, store_tx_base(tx), "sequences", "s1", &json, &err), STORE_OK);
	free(json);
	cr_assert_eq(
		store_tx_meta_list(tx, store_tx_base(tx), "sequences", &names, &n, &err), STORE_OK);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(names[0], "s1");
	free(names);
	expect_err(store_tx_meta_put(tx, "tables", "x", "{}", 2, &err), &err, "XX000",
		"tables go through store_tx_create_table");
	commit(tx);

	snap = snap_branch(s, "main");
	cr_assert_eq(store_tx_meta_get(NULL, snap, "views", "v", &json, &err), STORE_OK);
	cr_assert(strstr(json, "select 1") != NULL);
	free(json);
	cr_assert_eq(store_log(snap, 1, &log, &n, &err), STORE_OK);
	cr_assert_str_eq(log[0].message, "create sequence s1; create view v\n");
	store_log_free(log, n);
	store_snap_free(snap);

	/* A counter-only rewrite is not named; a drop is. */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	cr_assert_eq(store_tx_seq_record(
			     tx, "s1", "{\"start\": 1, \"last\": 5}", 23, 5, 1, 0, &err),
		STORE_OK);
	cr_assert_eq(store_tx_meta_delete(tx, "views", "v", &err), STORE_OK);
	commit(tx);
	snap = snap_branch(s, "main");
	cr_assert_eq(store_log(snap, 1, &log, &n, &err), STORE_OK);
	cr_assert_str_eq(log[0].message, "drop view v\n");
	store_log_free(log, n);
	cr_assert_eq(store_tx_meta_get(NULL, snap, "views", "v", &json, &err), STORE_NOTFOUND);
	store_snap_free(snap);

	/*
	 * Records commit in any order but the counter never goes back: a
	 * transaction that counted first and commits last records nothing,
	 * and a transaction with nothing else to say makes no commit.
	 */
	{
		store_tx *a = begin(s, NULL, STORE_READ_COMMITTED);
		store_tx *b = begin(s, NULL, STORE_READ_COMMITTED);
		size_t before;

		cr_assert_eq(store_tx_seq_record(
				     a, "s1", "{\"start\": 1, \"last\": 37}", 24, 37, 1, 0, &err),
			STORE_OK);
		cr_assert_eq(store_tx_seq_record(
				     b, "s1", "{\"start\": 1, \"last\": 69}", 24, 69, 1, 0, &err),
			STORE_OK);
		commit(b);
		snap = snap_branch(s, "main");
		cr_assert_eq(store_log(snap, 100, &log, &n, &err), STORE_OK);
		before = n;
		store_log_free(log, n);
		store_snap_free(snap);
		commit(a);
		snap = snap_branch(s, "main");
		cr_assert_eq(store_log(snap, 100, &log, &n, &err), STORE_OK);
		cr_assert_eq(n, before, "a record behind the branch's makes no commit");
		store_log_free(log, n);
		cr_assert_eq(store_tx_meta_get(NULL, snap, "sequences", "s1", &json, &err), STORE_OK);
		cr_assert(strstr(json, "\"last\": 69") != NULL, "%s", json);
		free(json);
		store_snap_free(snap);

		/* A full write in the same transaction stays one, whatever is recorded after it. */
		a = begin(s, NULL, STORE_READ_COMMITTED);
		cr_assert_eq(store_tx_meta_put(a, "sequences", "s1", "{\"start\": 1, \"last\": 3}",
				     23, &err),
			STORE_OK);
		cr_assert_eq(store_tx_seq_record(
				     a, "s1", "{\"start\": 1, \"last\": 4}", 23, 4, 1, 0, &err),
			STORE_OK);
		commit(a);
		snap = snap_branch(s, "main");
		cr_assert_eq(store_tx_meta_get(NULL, snap, "sequences", "s1", &json, &err), STORE_OK);
		cr_assert(strstr(json, "\"last\": 4") != NULL, "%s", json);
		free(json);
		store_snap_free(snap);

		/* After a full write, the next record lands even below the last one. */
		a = begin(s, NULL, STORE_READ_COMMITTED);
		cr_assert_eq(store_tx_seq_record(
				     a, "s1", "{\"start\": 1, \"last\": 9}", 23, 9, 1, 0, &err),
			STORE_OK);
		commit(a);
	}
	store_close(s);
	out = sh_ok("git -C '%s' show main:.chrondb/sequences/s1.json", datadir);
	cr_assert(strstr(out, "\"last\": 9") != NULL, "%s", out);
	free(out);
	expect_fsck_clean();
}

static int64_t next(store *s, const char *branch, const store_seqdef *def)
{
	store_err err;
	int64_t v;

	store_err_clear(&err);
	cr_assert_eq(store_seq_next(s, branch, "s", def, &v, &err), STORE_OK, "[%s] %s",
		err.sqlstate, err.message);
	return v;
}

Test(store, sequences_count_durably_and_never_twice, .init = setup, .fini = teardown)
{
	store_seqdef def = {
		.uuid = "abc123", .start = 1, .increment = 1, .min = 1, .max = 5, .cycle = 0};
	store *s = open_store();
	store_err err;
	int64_t last, v;
	int called;
	char *copy;

	cr_assert_eq(next(s, "main", &def), 1);
	cr_assert_eq(next(s, "main", &def), 2);
	cr_assert_eq(next(s, "feature", &def), 1, "each branch counts on its own");

	/* A crash: a copy of the directory as it is now resumes past the logged mark. */
	copy = tu_fmt("%s/copy", tmpdir);
	free(sh_ok("cp -a '%s' '%s' && rm -f '%s/chrondb/lock'", datadir, copy, copy));
	{
		store *c;
		store_opts o;

		store_opts_init(&o);
		o.background = 0;
		store_err_clear(&err);
		cr_assert_eq(store_open(&c, copy, &o, &err), STORE_OK, "%s", err.message);
		cr_assert_eq(store_seq_next(c, "main", "s", &def, &v, &err), STORE_ERROR,
			"the logged mark is the bound: nothing left");
		cr_assert_str_eq(err.sqlstate, "2200H");
		store_close(c);
	}
	free(copy);

	/* The bound, then CYCLE. */
	cr_assert_eq(next(s, "main", &def), 3);
	cr_assert_eq(next(s, "main", &def), 4);
	cr_assert_eq(next(s, "main", &def), 5);
	store_err_clear(&err);
	cr_assert_eq(store_seq_next(s, "main", "s", &def, &v, &err), STORE_ERROR);
	cr_assert_str_eq(err.message, "nextval: reached maximum value of sequence \"s\" (5)");
	def.cycle = 1;
	cr_assert_eq(next(s, "main", &def), 1);

	/* setval, and a clean close that loses nothing. */
	def.max = 1000;
	store_err_clear(&err);
	cr_assert_eq(store_seq_set(s, "main", "s", &def, 100, 1, &err), STORE_OK);
	cr_assert_eq(next(s, "main", &def), 101);
	store_seq_peek(s, "main", &def, &last, &called);
	cr_assert_eq(last, 101);
	cr_assert(called);
	store_err_clear(&err);
	cr_assert_eq(store_seq_set(s, "main", "s", &def, 2000, 1, &err), STORE_ERROR);
	cr_assert_str_eq(err.sqlstate, "22003");
	store_close(s);
	s = open_store();
	cr_assert_eq(next(s, "main", &def), 102);

	/* A catalog that committed further than the file wins, on first use only. */
	store_close(s);
	s = open_store();
	def.has_last = 1;
	def.last_value = 500;
	def.is_called = 1;
	cr_assert_eq(next(s, "main", &def), 501);
	store_err_clear(&err);
	cr_assert_eq(store_seq_set(s, "main", "s", &def, 7, 1, &err), STORE_OK);
	cr_assert_eq(next(s, "main", &def), 8, "a setval that went back holds against the catalog");
	store_seq_logged(s, "main", &def, &last);
	cr_assert(last == 8 + 32 || last == 8 + 64,
		"the mark is 32 values ahead, or 64 after a save within a second: %lld",
		(long long)last);
	store_close(s);
}

/*
 * A counter used fast logs further ahead (fewer fsyncs), never more than
 * 1536 values (1024 steps, saved ahead with half of them left), and a
 * crash copy still resumes past every value handed out.
 */
Test(store, sequences_log_further_ahead_when_busy, .init = setup, .fini = teardown)
{
	store_seqdef def = {.uuid = "busy", .start = 1, .increment = 1, .min = 1, .max = INT64_MAX};
	store *s = open_store(), *c;
	store_opts o;
	store_err err;
	int64_t v = 0, mark, widest = 0;
	char *copy;

	for (int i = 0; i < 5000; i++) {
		v = next(s, "main", &def);
		store_seq_logged(s, "main", &def, &mark);
		cr_assert(mark >= v && mark - v <= 1536, "value %lld, mark %lld", (long long)v,
			(long long)mark);
		if (mark - v > widest)
			widest = mark - v;
	}
	cr_assert_geq(widest, 512, "the mark stayed within %lld values", (long long)widest);

	copy = tu_fmt("%s/copy", tmpdir);
	free(sh_ok("cp -a '%s' '%s' && rm -f '%s/chrondb/lock'", datadir, copy, copy));
	store_opts_init(&o);
	o.background = 0;
	store_err_clear(&err);
	cr_assert_eq(store_open(&c, copy, &o, &err), STORE_OK, "%s", err.message);
	cr_assert_gt(next(c, "main", &def), v);
	store_close(c);
	store_close(s);
	free(copy);
}

/* Threads counting one sequence at once, while the mark is saved ahead outside the lock. */
struct counting {
	store *s;
	const store_seqdef *def;
	int64_t got[2000];
};

static void *count_many(void *arg)
{
	struct counting *c = arg;

	for (int i = 0; i < 2000; i++)
		c->got[i] = next(c->s, "main", c->def);
	return NULL;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

Test(store, sequences_count_concurrently_never_twice, .init = setup, .fini = teardown)
{
	store_seqdef def = {.uuid = "conc", .start = 1, .increment = 1, .min = 1, .max = INT64_MAX};
	store *s = open_store();
	struct counting *c = calloc(4, sizeof(*c));
	int64_t *all = malloc(4 * 2000 * sizeof(*all)), mark;
	pthread_t th[4];
	char *text, *line;
	size_t len;

	cr_assert_not_null(c);
	for (int t = 0; t < 4; t++) {
		c[t].s = s;
		c[t].def = &def;
		cr_assert_eq(pthread_create(&th[t], NULL, count_many, &c[t]), 0);
	}
	for (int t = 0; t < 4; t++)
		pthread_join(th[t], NULL);
	for (int t = 0; t < 4; t++)
		memcpy(all + t * 2000, c[t].got, sizeof(c[t].got));
	qsort(all, 8000, sizeof(*all), cmp_i64);
	for (int i = 0; i < 8000; i++)
		cr_assert_eq(all[i], i + 1, "every value once, none skipped while running");

	/* The file, as a crash would leave it, covers every value handed out. */
	text = tu_fmt("%s/chrondb/sequences", datadir);
	line = (char *)tu_read_file(text, &len);
	cr_assert_not_null(strstr(line, "main\tconc\t"), "%s", line);
	mark = strtoll(strstr(line, "main\tconc\t") + 10, NULL, 10);
	cr_assert_geq(mark, 8000, "%s", line);
	store_seq_logged(s, "main", &def, &mark);
	cr_assert_geq(mark, 8000);
	free(line);
	free(text);
	free(all);
	free(c);
	store_close(s);
}

/* ---- 11. what a transaction wrote, and what others keep with it ------- */

/* store_tx_row_log's reader: "key=v" for a row, "key=-" without one, space separated. */
static int log_entry(
	void *arg, const char *key, size_t keylen, const char *json, size_t len, store_err *err)
{
	store_buf *b = arg;
	json_t *doc;

	(void)err;
	if (b->len > 0)
		store_buf_putc(b, ' ');
	store_buf_put(b, key, keylen);
	if (json == NULL) {
		store_buf_puts(b, "=-");
		return STORE_OK;
	}
	doc = json_loadb(json, len, 0, NULL);
	cr_assert_not_null(doc);
	store_buf_printf(b, "=%lld", (long long)json_integer_value(json_object_get(doc, "v")));
	json_decref(doc);
	return STORE_OK;
}

/* The log of table t from *pos on, as text (caller frees). */
static char *row_log(store_tx *tx, const char *table, uint64_t *pos)
{
	store_buf b = STORE_BUF_INIT;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_tx_row_log(tx, table, pos, log_entry, &b, &err), STORE_OK);
	store_buf_putc(&b, '\0');
	return (char *)b.data;
}

Test(store, row_log_follows_writes_and_savepoints, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx;
	uint64_t pos = 0, again = 0, sp;
	char *out;

	make_t(s);
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	cr_assert(!store_tx_table_is_new(tx, "t"));
	create_table(tx, "u", T_DEF);
	cr_assert(store_tx_table_is_new(tx, "u"), "a table made in the transaction is new");
	put_v(tx, "t", "a", 10);
	put_v(tx, "u", "x", 5);
	put_v(tx, "t", "c", 30);
	del(tx, "t", "b");

	/* Each write once, with what the write set holds now; other tables apart. */
	out = row_log(tx, "t", &pos);
	cr_assert_str_eq(out, "a=10 c=30 b=-");
	free(out);
	out = row_log(tx, "u", &again);
	cr_assert_str_eq(out, "x=5");
	free(out);

	/* A reader that caught up sees only what came after; a rewrite shows the row as it is now. */
	put_v(tx, "t", "a", 11);
	put_v(tx, "t", "a", 12);
	out = row_log(tx, "t", &pos);
	cr_assert_str_eq(out, "a=12 a=12");
	free(out);
	out = row_log(tx, "t", &pos);
	cr_assert_str_eq(out, "");
	free(out);

	/* A rollback to a savepoint logs the rows it restores; rows it drops read "-". */
	sp = store_tx_savepoint(tx);
	put_v(tx, "t", "a", 13);
	put_v(tx, "t", "d", 40);
	store_tx_rollback_to(tx, sp);
	out = row_log(tx, "t", &pos);
	cr_assert_str_eq(out, "a=12 d=- a=12");
	free(out);

	/* Dropping a table hides its committed rows, and a rollback past the drop restores them. */
	sp = store_tx_savepoint(tx);
	{
		store_err err;

		store_err_clear(&err);
		cr_assert_eq(store_tx_drop_table(tx, "t", &err), STORE_OK);
	}
	create_table(tx, "t", T_DEF);
	cr_assert(store_tx_table_is_new(tx, "t"));
	put_v(tx, "t", "z", 1);
	store_tx_rollback_to(tx, sp);
	cr_assert(!store_tx_table_is_new(tx, "t"));
	out = row_log(tx, "t", &pos);
	cr_assert_str_eq(out, "z=- a=12 c=30 b=-");
	free(out);
	store_tx_rollback(tx);
	store_close(s);
}

static int freed;

static void count_free(void *p)
{
	freed += *(int *)p;
	free(p);
}

static void *make_ext(void)
{
	int *p = malloc(sizeof(*p));

	cr_assert_not_null(p);
	*p = 100;
	return p;
}

Test(store, ext_slots_are_freed_with_their_owner, .init = setup, .fini = teardown)
{
	store *s = open_store();
	store_tx *tx;
	int *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	void *e1, *e2;

	freed = 0;
	*a = 1;
	*b = 10;
	make_t(s);

	/* A transaction's: replaced (the old one freed), then freed at rollback and at commit. */
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	cr_assert_null(store_tx_ext(tx));
	store_tx_set_ext(tx, a, count_free);
	store_tx_set_ext(tx, b, count_free);
	cr_assert_eq(freed, 1);
	cr_assert_eq(store_tx_ext(tx), b);
	store_tx_rollback(tx);
	cr_assert_eq(freed, 11);
	tx = begin(s, NULL, STORE_READ_COMMITTED);
	a = malloc(sizeof(*a));
	*a = 1000;
	store_tx_set_ext(tx, a, count_free);
	put_v(tx, "t", "a", 5);
	commit(tx);
	cr_assert_eq(freed, 1011);

	/* The store's: made once, freed at close. */
	e1 = store_ext(s, make_ext, count_free);
	e2 = store_ext(s, make_ext, count_free);
	cr_assert_eq(e1, e2);
	store_close(s);
	cr_assert_eq(freed, 1111);
}
