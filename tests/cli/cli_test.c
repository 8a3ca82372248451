/*
 * cli_test.c - the chrondb command-line tool (server/main.c), run as a
 * user runs it: the built binary, one process per command, against a
 * fresh data directory per test.
 *
 * Each case checks exit status, stdout and stderr separately (errors go to
 * stderr only, output to stdout only), and checks the repository with
 * plain git afterwards: fsck --strict is clean and every commit carries a
 * note on refs/notes/chrondb.  The lock case opens the store in this
 * process through store.h and expects the tool to name this pid.
 *
 * CHRONDB_BIN (a compile definition, tests/cli/CMakeLists.txt) is the
 * binary; the environment variable CHRONDB_CLI overrides it.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "store.h"
#include "testutil.h"

#ifndef CHRONDB_BIN
#define CHRONDB_BIN "chrondb"
#endif

#define MAXARGV 32

static char *tmpdir;  /* fresh per test */
static char *datadir; /* tmpdir/data */

/* What one run of the tool gave. */
typedef struct run {
	int status; /* exit status, or -1 when killed by a signal */
	char *out;  /* stdout, NUL-terminated */
	char *err;  /* stderr, NUL-terminated */
} run;

static void setup(void)
{
	tmpdir = tu_tmpdir("cli");
	cr_assert(asprintf(&datadir, "%s/data", tmpdir) > 0);
}

static void teardown(void)
{
	tu_rmtree(tmpdir);
	free(datadir);
	free(tmpdir);
}

TestSuite(cli, .init = setup, .fini = teardown, .timeout = 120);

static const char *cli_bin(void)
{
	const char *b = getenv("CHRONDB_CLI");

	return b != NULL && *b != '\0' ? b : CHRONDB_BIN;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 4096, len = 0, n;
	char *buf;

	cr_assert_not_null(f, "cannot open %s", path);
	buf = malloc(cap);
	cr_assert_not_null(buf);
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 2) {
			buf = realloc(buf, cap *= 2);
			cr_assert_not_null(buf);
		}
	}
	buf[len] = '\0';
	fclose(f);
	return buf;
}

/*
 * Run chrondb --data-dir DATADIR ARGS... with stdin from the text given
 * (or /dev/null when NULL); stdout and stderr go to files in tmpdir.  The
 * argument list ends with NULL.  A sanitizer report in stderr fails the
 * test whatever the exit status.
 */
static run cli_v(const char *input, const char *arg, va_list ap)
{
	char *argv[MAXARGV];
	char inpath[4096], outpath[4096], errpath[4096];
	int argc = 0, status;
	pid_t pid;
	run r;

	argv[argc++] = (char *)cli_bin();
	argv[argc++] = "--data-dir";
	argv[argc++] = datadir;
	for (; arg != NULL; arg = va_arg(ap, const char *)) {
		cr_assert_lt(argc, MAXARGV - 1);
		argv[argc++] = (char *)arg;
	}
	argv[argc] = NULL;

	snprintf(inpath, sizeof(inpath), "%s/stdin", tmpdir);
	snprintf(outpath, sizeof(outpath), "%s/stdout", tmpdir);
	snprintf(errpath, sizeof(errpath), "%s/stderr", tmpdir);
	if (input != NULL) {
		FILE *f = fopen(inpath, "wb");

		cr_assert_not_null(f);
		cr_assert_eq(fwrite(input, 1, strlen(input), f), strlen(input));
		cr_assert_eq(fclose(f), 0);
	}

	fflush(NULL);
	pid = fork();
	cr_assert_geq(pid, 0, "fork failed");
	if (pid == 0) {
		int in = open(input != NULL ? inpath : "/dev/null", O_RDONLY);
		int out = open(outpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int err = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
			dup2(err, 2) < 0)
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	r.out = slurp(outpath);
	r.err = slurp(errpath);
	cr_assert_neq(r.status, 127, "could not run %s", argv[0]);
	if (strstr(r.err, "Sanitizer") != NULL || strstr(r.err, "runtime error") != NULL) {
		cr_log_error(
			"chrondb %s: sanitizer report:\n%s", argv[3] ? argv[3] : "(status)", r.err);
		free(r.out);
		free(r.err);
		cr_assert_fail("sanitizer report from chrondb %s", argv[3] ? argv[3] : "(status)");
	}
	return r;
}

static run cli(const char *arg, ...) __attribute__((sentinel));
static run cli(const char *arg, ...)
{
	va_list ap;
	run r;

	va_start(ap, arg);
	r = cli_v(NULL, arg, ap);
	va_end(ap);
	return r;
}

static run cli_stdin(const char *input, const char *arg, ...) __attribute__((sentinel));
static run cli_stdin(const char *input, const char *arg, ...)
{
	va_list ap;
	run r;

	va_start(ap, arg);
	r = cli_v(input, arg, ap);
	va_end(ap);
	return r;
}

/* The status of the data directory (no command at all is the server). */
static run cli_status(void)
{
	return cli("status", NULL);
}

static void run_free(run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

/* The command succeeded: exit 0 and nothing on stderr. */
#define expect_ok(r)                                                                               \
	do {                                                                                       \
		cr_assert_eq((r).status, 0, "exit %d, stderr:\n%s", (r).status, (r).err);          \
		cr_assert_str_empty((r).err, "unexpected stderr:\n%s", (r).err);                   \
	} while (0)

/* The command failed with this exit status: nothing on stdout, an ERROR on stderr. */
#define expect_fail(r, code)                                                                       \
	do {                                                                                       \
		cr_assert_eq((r).status, (code), "exit %d (want %d), stdout:\n%s\nstderr:\n%s",    \
			(r).status, (code), (r).out, (r).err);                                     \
		cr_assert_str_empty((r).out, "stdout on failure:\n%s", (r).out);                   \
		cr_assert_not_null(strstr((r).err, "ERROR:"), "no ERROR on stderr:\n%s", (r).err); \
	} while (0)

#define expect_err_has(r, text)                                                                    \
	cr_assert_not_null(strstr((r).err, (text)), "stderr lacks \"%s\":\n%s", (text), (r).err)

/* Output is exactly one commit id and a newline; returns it (malloc'd). */
static char *commit_id(const run *r)
{
	cr_assert_eq(strlen(r->out), 41, "not a commit id line: \"%s\"", r->out);
	cr_assert_eq(r->out[40], '\n');
	for (int i = 0; i < 40; i++)
		cr_assert(strchr("0123456789abcdef", r->out[i]) != NULL, "not hex: \"%s\"", r->out);
	return strndup(r->out, 40);
}

/* A command that writes one commit: exit 0, prints the id; returns it. */
static char *write_cmd(run r)
{
	char *id;

	expect_ok(r);
	id = commit_id(&r);
	run_free(&r);
	return id;
}

/* git's idea of a revision in the data directory (malloc'd, no newline). */
static char *git_rev(const char *rev)
{
	char *out = NULL;
	int rc = tu_sh(&out, "git -C '%s' rev-parse --verify -q '%s'", datadir, rev);

	cr_assert_eq(rc, 0, "git rev-parse %s failed", rev);
	out[strcspn(out, "\n")] = '\0';
	return out;
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static int count_str(const char *s, const char *what)
{
	int n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

/* Split a line (modified in place) at tabs; returns the number of fields. */
static int split_tabs(char *line, char **fields, int max)
{
	int n = 0;

	for (;;) {
		char *tab = strchr(line, '\t');

		cr_assert_lt(n, max, "too many fields");
		fields[n++] = line;
		if (tab == NULL)
			return n;
		*tab = '\0';
		line = tab + 1;
	}
}

/* The next line of *p (modified in place), or NULL at the end. */
static char *next_line(char **p)
{
	char *line = *p, *nl;

	if (line == NULL || *line == '\0')
		return NULL;
	nl = strchr(line, '\n');
	cr_assert_not_null(nl, "unterminated line \"%s\"", line);
	*nl = '\0';
	*p = nl + 1;
	return line;
}

/* A timestamp as the tool prints it: 2024-05-01T12:34:56.123456Z. */
static void expect_time(const char *t)
{
	cr_assert_eq(strlen(t), 27, "bad time \"%s\"", t);
	cr_assert(t[4] == '-' && t[7] == '-' && t[10] == 'T' && t[13] == ':' && t[16] == ':' &&
			  t[19] == '.' && t[26] == 'Z',
		"bad time \"%s\"", t);
}

/* Parse JSON text, failing the test when it is not valid JSON. */
static json_t *parse(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &jerr);

	cr_assert_not_null(j, "not JSON (%s): %s", jerr.text, text);
	return j;
}

/*
 * The repository is plain Git: fsck --strict is clean, and every commit
 * on the default branch carries a chrondb note (commits of them all).
 */
static void expect_git_clean(int commits)
{
	char *out = NULL;
	int rc;

	rc = tu_sh(&out, "git -C '%s' fsck --strict 2>&1", datadir);
	cr_assert_eq(rc, 0, "git fsck --strict failed:\n%s", out);
	cr_assert_null(strstr(out, "error"), "git fsck:\n%s", out);
	cr_assert_null(strstr(out, "warning"), "git fsck:\n%s", out);
	free(out);
	if (commits == 0)
		return;
	rc = tu_sh(&out, "git -C '%s' log --notes=chrondb main", datadir);
	cr_assert_eq(rc, 0, "git log failed");
	cr_assert_eq(count_str(out, "\ncommit ") + (strncmp(out, "commit ", 7) == 0), commits,
		"want %d commits in git log:\n%s", commits, out);
	cr_assert_eq(count_str(out, "Notes (chrondb):"), commits,
		"want a chrondb note on each of %d commits:\n%s", commits, out);
	free(out);
}

static void init_dir(void)
{
	run r = cli("init", NULL);

	expect_ok(r);
	cr_assert_str_empty(r.out);
	run_free(&r);
}

/* init, then create-table TABLE with extra arguments; returns the commit id. */
static char *init_table(const char *table)
{
	init_dir();
	return write_cmd(cli("create-table", table, NULL));
}

/* ---- init and status ---- */

Test(cli, init_creates_a_bare_repository)
{
	struct stat st;
	char *out = NULL;
	run r;

	/* Any other command refuses a missing directory and does not create it. */
	r = cli("tables", NULL);
	expect_fail(r, 1);
	expect_err_has(r, "does not exist");
	expect_err_has(r, "init");
	run_free(&r);
	cr_assert_neq(stat(datadir, &st), 0, "tables created %s", datadir);

	init_dir();
	cr_assert_eq(stat(datadir, &st), 0);
	cr_assert_eq(tu_sh(&out, "git -C '%s' rev-parse --is-bare-repository", datadir), 0);
	cr_assert_str_eq(out, "true\n");
	free(out);
	cr_assert_eq(tu_sh(&out, "git -C '%s' symbolic-ref HEAD", datadir), 0);
	cr_assert_str_eq(out, "refs/heads/main\n");
	free(out);
	/* init writes no commit. */
	cr_assert_neq(tu_sh(NULL, "git -C '%s' rev-parse -q --verify main", datadir), 0);

	/* Again: nothing to do, still fine. */
	init_dir();

	/* The status. */
	r = cli_status();
	expect_ok(r);
	cr_assert_not_null(strstr(r.out, "data directory: "), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "main\t(no commits)\tdefault"), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "tables on main: none"), "%s", r.out);
	run_free(&r);

	expect_git_clean(0);

	/* A directory that is not a repository is not taken for one. */
	cr_assert_eq(tu_sh(NULL, "rm -rf '%s' && mkdir '%s'", datadir, datadir), 0);
	r = cli("tables", NULL);
	expect_fail(r, 1);
	expect_err_has(r, "is not a ChronDB data directory");
	run_free(&r);
}

/* ---- tables ---- */

Test(cli, create_table)
{
	char *c1, *c2, *head, *out = NULL;
	json_t *def;
	run r;

	c1 = init_table("people");
	head = git_rev("main");
	cr_assert_str_eq(c1, head, "create-table printed %s, main is %s", c1, head);
	free(head);

	/* The catalog entry is in the tree, readable with git. */
	cr_assert_eq(tu_sh(&out, "git -C '%s' show main:.chrondb/tables/people.json", datadir), 0);
	def = parse(out);
	free(out);
	cr_assert_str_eq(json_string_value(json_object_get(def, "name")), "people");
	cr_assert_str_eq(
		json_string_value(json_array_get(json_object_get(def, "primary_key"), 0)), "id");
	json_decref(def);

	c2 = write_cmd(cli("create-table", "orders", "--pk", "region,num", NULL));
	cr_assert_str_neq(c1, c2);

	r = cli("tables", NULL);
	expect_ok(r);
	cr_assert_str_eq(r.out, "orders\npeople\n");
	run_free(&r);

	/* As of the first commit only people existed. */
	r = cli("tables", c1, NULL);
	expect_ok(r);
	cr_assert_str_eq(r.out, "people\n");
	run_free(&r);

	/* Again: 42P07, and no commit. */
	r = cli("create-table", "people", NULL);
	expect_fail(r, 1);
	expect_err_has(r, "\"people\" already exists");
	run_free(&r);
	head = git_rev("main");
	cr_assert_str_eq(head, c2);
	free(head);

	/* Bad --columns is a usage error. */
	r = cli("create-table", "x", "--columns", "{not json", NULL);
	expect_fail(r, 2);
	expect_err_has(r, "--columns");
	run_free(&r);

	r = cli_status();
	expect_ok(r);
	cr_assert_not_null(strstr(r.out, "  orders\t0 rows\n"), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "  people\t0 rows\n"), "%s", r.out);
	run_free(&r);

	/* drop-table removes it from the head, not from history. */
	free(write_cmd(cli("drop-table", "orders", NULL)));
	r = cli("tables", NULL);
	expect_ok(r);
	cr_assert_str_eq(r.out, "people\n");
	run_free(&r);
	r = cli("tables", c2, NULL);
	expect_ok(r);
	cr_assert_str_eq(r.out, "orders\npeople\n");
	run_free(&r);

	free(c1);
	free(c2);
	expect_git_clean(3);
}

/* ---- rows ---- */

Test(cli, put_get_delete)
{
	char *c0, *c1, *c2, *c3, *head;
	json_t *doc;
	run r;

	c0 = init_table("t");

	c1 = write_cmd(
		cli("put", "t", "k1", "{\"id\": \"k1\", \"n\": 1, \"s\": \"caf\\u00e9\"}", NULL));
	head = git_rev("main");
	cr_assert_str_eq(c1, head);
	free(head);
	cr_assert_str_neq(c0, c1);

	r = cli("get", "t", "k1", NULL);
	expect_ok(r);
	cr_assert_eq(r.out[strlen(r.out) - 1], '\n');
	doc = parse(r.out);
	cr_assert_str_eq(json_string_value(json_object_get(doc, "id")), "k1");
	cr_assert_eq(json_integer_value(json_object_get(doc, "n")), 1);
	cr_assert_str_eq(json_string_value(json_object_get(doc, "s")), "caf\xc3\xa9");
	json_decref(doc);
	run_free(&r);

	/* Replace, with the document from stdin. */
	c2 = write_cmd(cli_stdin("{\"id\":\"k1\",\"n\":2}\n", "put", "t", "k1", "-", NULL));
	r = cli("get", "t", "k1", NULL);
	expect_ok(r);
	doc = parse(r.out);
	cr_assert_eq(json_integer_value(json_object_get(doc, "n")), 2);
	cr_assert_null(json_object_get(doc, "s"), "the put replaced the row: %s", r.out);
	json_decref(doc);
	run_free(&r);

	/* The old version is still there, by commit id and by ~N. */
	r = cli("get", "t", "k1", "--at", c1, NULL);
	expect_ok(r);
	doc = parse(r.out);
	cr_assert_eq(json_integer_value(json_object_get(doc, "n")), 1);
	json_decref(doc);
	run_free(&r);
	r = cli("get", "t", "k1", "--at", "main~1", NULL);
	expect_ok(r);
	doc = parse(r.out);
	cr_assert_eq(json_integer_value(json_object_get(doc, "n")), 1);
	json_decref(doc);
	run_free(&r);

	/* A key that needs percent-encoding round-trips. */
	free(write_cmd(cli("put", "t", "a b/c%", "{\"id\":\"a b/c%\"}", NULL)));
	r = cli("get", "t", "a b/c%", NULL);
	expect_ok(r);
	doc = parse(r.out);
	cr_assert_str_eq(json_string_value(json_object_get(doc, "id")), "a b/c%");
	json_decref(doc);
	run_free(&r);

	c3 = write_cmd(cli("delete", "t", "k1", NULL));
	head = git_rev("main");
	cr_assert_str_eq(c3, head);
	free(head);
	r = cli("get", "t", "k1", NULL);
	expect_fail(r, 1);
	run_free(&r);
	/* Still readable before the delete. */
	r = cli("get", "t", "k1", "--at", c2, NULL);
	expect_ok(r);
	run_free(&r);

	/* Deleting an absent row changes nothing: a notice, no commit. */
	r = cli("delete", "t", "k1", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_empty(r.out, "printed a commit: %s", r.out);
	cr_assert_not_null(strstr(r.err, "NOTICE:"), "%s", r.err);
	run_free(&r);
	head = git_rev("main");
	cr_assert_str_eq(c3, head, "a no-op delete moved main");
	free(head);

	free(c0);
	free(c1);
	free(c2);
	free(c3);
	expect_git_clean(5);
}

Test(cli, composite_key)
{
	json_t *doc;
	run r;

	init_dir();
	free(write_cmd(cli("create-table", "o", "--pk", "region,num", NULL)));
	free(write_cmd(
		cli("put", "o", "eu,7", "{\"v\":true,\"num\":\"7\",\"region\":\"eu\"}", NULL)));
	r = cli("get", "o", "eu,7", NULL);
	expect_ok(r);
	doc = parse(r.out);
	cr_assert(json_is_true(json_object_get(doc, "v")));
	json_decref(doc);
	run_free(&r);

	/* Columns in table order (the pk), then the rest. */
	r = cli("scan", "o", NULL);
	expect_ok(r);
	cr_assert_str_eq(r.out, "eu,7\t{\"region\":\"eu\",\"num\":\"7\",\"v\":true}\n");
	run_free(&r);

	r = cli("get", "o", "eu", NULL);
	expect_fail(r, 1);
	expect_err_has(r, "wrong number of key parts");
	run_free(&r);
	expect_git_clean(2);
}

Test(cli, get_missing_row)
{
	run r;

	free(init_table("t"));
	free(write_cmd(cli("put", "t", "here", "{\"id\":\"here\"}", NULL)));

	r = cli("get", "t", "absent", NULL);
	expect_fail(r, 1);
	expect_err_has(r, "\"absent\" not found");
	expect_err_has(r, "\"t\"");
	run_free(&r);

	/* A row that exists later is missing before it was written. */
	r = cli("get", "t", "here", "--at", "main~1", NULL);
	expect_fail(r, 1);
	expect_err_has(r, "not found");
	run_free(&r);

	/* An unknown revision is an error too. */
	r = cli("get", "t", "here", "--at", "nosuchbranch", NULL);
	expect_fail(r, 1);
	expect_err_has(r, "nosuchbranch");
	run_free(&r);
	expect_git_clean(2);
}

/* ---- history and log ---- */

Test(cli, history_newest_first)
{
	char *ins, *upd, *del, *other, *line, *p, *f[8];
	char prev_time[64];
	const char *want_commit[3], *want_op[3] = {"delete", "update", "insert"};
	run r;

	free(init_table("t"));
	ins = write_cmd(cli("--user", "alice", "put", "t", "r", "{\"id\":\"r\",\"v\":1}", NULL));
	/* A write to another row is not in r's history. */
	other = write_cmd(cli("put", "t", "s", "{\"id\":\"s\"}", NULL));
	upd = write_cmd(cli("--user", "bob", "put", "t", "r", "{\"id\":\"r\",\"v\":2}", NULL));
	del = write_cmd(cli("--user", "carol", "delete", "t", "r", NULL));
	want_commit[0] = del;
	want_commit[1] = upd;
	want_commit[2] = ins;

	r = cli("history", "t", "r", NULL);
	expect_ok(r);
	cr_assert_eq(count_lines(r.out), 3, "want 3 versions:\n%s", r.out);
	p = r.out;
	prev_time[0] = '\0';
	for (int i = 0; (line = next_line(&p)) != NULL; i++) {
		cr_assert_eq(split_tabs(line, f, 8), 4, "want commit, time, author, op");
		cr_assert_str_eq(f[0], want_commit[i], "version %d", i);
		expect_time(f[1]);
		/* Newest first: times do not increase going down. */
		if (prev_time[0] != '\0')
			cr_assert_leq(strcmp(f[1], prev_time), 0, "%s after %s", f[1], prev_time);
		snprintf(prev_time, sizeof(prev_time), "%s", f[1]);
		cr_assert_str_eq(f[2], i == 0 ? "carol" : i == 1 ? "bob" : "alice");
		cr_assert_str_eq(f[3], want_op[i], "version %d", i);
	}
	run_free(&r);

	r = cli("history", "t", "r", "--limit", "1", NULL);
	expect_ok(r);
	cr_assert_eq(count_lines(r.out), 1, "%s", r.out);
	cr_assert_eq(strncmp(r.out, del, 40), 0, "%s", r.out);
	run_free(&r);

	/* As of the update: two versions. */
	r = cli("history", "t", "r", "--at", upd, NULL);
	expect_ok(r);
	cr_assert_eq(count_lines(r.out), 2, "%s", r.out);
	cr_assert_eq(strncmp(r.out, upd, 40), 0, "%s", r.out);
	run_free(&r);

	r = cli("history", "t", "s", NULL);
	expect_ok(r);
	cr_assert_eq(count_lines(r.out), 1, "%s", r.out);
	cr_assert_eq(strncmp(r.out, other, 40), 0, "%s", r.out);
	cr_assert_not_null(strstr(r.out, "\tinsert\n"), "%s", r.out);
	run_free(&r);

	r = cli("history", "t", "r", "--limit", "many", NULL);
	expect_fail(r, 2);
	run_free(&r);

	free(ins);
	free(upd);
	free(del);
	free(other);
	expect_git_clean(5);
}

Test(cli, log_with_notes)
{
	char *ct, *c1, *c2, *c3, *line, *p, *f[8], *out = NULL;
	const char *want_op[4] = {"delete", "update", "insert", "ddl"};
	const char *want_user[4] = {"dave", "bob", "alice", "chrondb"};
	const char *commits[4];
	int i;
	run r;

	ct = init_table("t");
	c1 = write_cmd(cli("--user", "alice", "put", "t", "a", "{\"id\":\"a\"}", NULL));
	c2 = write_cmd(cli("--user", "bob", "put", "t", "a", "{\"id\":\"a\",\"x\":1}", NULL));
	c3 = write_cmd(cli("--user", "dave", "delete", "t", "a", NULL));
	commits[0] = c3;
	commits[1] = c2;
	commits[2] = c1;
	commits[3] = ct;

	r = cli("log", NULL);
	expect_ok(r);
	cr_assert_eq(count_lines(r.out), 4, "%s", r.out);
	p = r.out;
	for (i = 0; (line = next_line(&p)) != NULL; i++) {
		json_t *note;

		cr_assert_eq(split_tabs(line, f, 8), 5, "want commit, time, author, message, note");
		cr_assert_str_eq(f[0], commits[i], "entry %d", i);
		expect_time(f[1]);
		cr_assert_str_eq(f[2], want_user[i]);
		cr_assert_str_not_empty(f[3]);
		note = parse(f[4]);
		cr_assert(json_is_object(note), "note %d: %s", i, f[4]);
		cr_assert_str_eq(json_string_value(json_object_get(note, "origin")), "cli");
		cr_assert_str_eq(json_string_value(json_object_get(note, "user")), want_user[i]);
		cr_assert_str_eq(json_string_value(json_object_get(note, "operation")), want_op[i]);
		cr_assert_str_eq(json_string_value(json_object_get(note, "branch")), "main");
		cr_assert_str_eq(json_string_value(json_object_get(note, "commit_id")), commits[i]);
		cr_assert_str_eq(json_string_value(json_object_get(note, "timestamp")), f[1],
			"the note's time is the log's time");
		cr_assert(json_is_string(json_object_get(note, "tx_id")));
		json_decref(note);
	}
	cr_assert_eq(i, 4);
	run_free(&r);

	/* --limit and a starting revision. */
	r = cli("log", "--limit", "2", NULL);
	expect_ok(r);
	cr_assert_eq(count_lines(r.out), 2, "%s", r.out);
	run_free(&r);
	r = cli("log", c1, NULL);
	expect_ok(r);
	cr_assert_eq(count_lines(r.out), 2, "%s", r.out);
	cr_assert_eq(strncmp(r.out, c1, 40), 0, "%s", r.out);
	run_free(&r);

	/* git sees the same notes, and the author --user named. */
	cr_assert_eq(tu_sh(&out, "git -C '%s' notes --ref=chrondb show %s", datadir, c2), 0);
	cr_assert_not_null(strstr(out, "\"user\":\"bob\""), "%s", out);
	free(out);
	cr_assert_eq(tu_sh(&out, "git -C '%s' log -1 --format=%%an %s", datadir, c2), 0);
	cr_assert_str_eq(out, "bob\n");
	free(out);

	free(ct);
	free(c1);
	free(c2);
	free(c3);
	expect_git_clean(4);
}

/* ---- scan ---- */

/* Rows come back in key order, one line each, columns in table order then the rest sorted. */

Test(cli, scan_in_key_order)
{
	char *c_before;
	run r;

	free(init_table("t"));
	free(write_cmd(cli("put", "t", "b", "{\"id\":\"b\",\"n\":2}", NULL)));
	c_before = write_cmd(cli("put", "t", "a", "{ \"id\" : \"a\",\n \"s\" : \"x y\" }", NULL));
	free(write_cmd(cli(
		"put", "t", "c", "{\"zz\":0,\"big\":12345678901234567890123,\"id\":\"c\"}", NULL)));

	r = cli("scan", "t", NULL);
	expect_ok(r);
	cr_assert_str_eq(r.out, "a\t{\"id\":\"a\",\"s\":\"x y\"}\n"
				"b\t{\"id\":\"b\",\"n\":2}\n"
				"c\t{\"id\":\"c\",\"big\":12345678901234567890123,\"zz\":0}\n");
	run_free(&r);

	r = cli("scan", "t", "--limit", "2", NULL);
	expect_ok(r);
	cr_assert_eq(count_lines(r.out), 2, "%s", r.out);
	cr_assert_eq(strncmp(r.out, "a\t", 2), 0, "%s", r.out);
	run_free(&r);

	r = cli("scan", "t", "--at", c_before, NULL);
	expect_ok(r);
	cr_assert_eq(count_lines(r.out), 2, "%s", r.out);
	cr_assert_null(strstr(r.out, "\"c\""), "%s", r.out);
	run_free(&r);

	/* A single integer key scans in numeric order. */
	free(write_cmd(cli("create-table", "n", "--columns",
		"[{\"name\":\"id\",\"type\":\"integer\"}]", NULL)));
	free(write_cmd(cli("put", "n", "10", "{\"id\":10}", NULL)));
	free(write_cmd(cli("put", "n", "9", "{\"id\":9}", NULL)));
	free(write_cmd(cli("put", "n", "100", "{\"id\":100}", NULL)));
	r = cli("scan", "n", NULL);
	expect_ok(r);
	cr_assert_str_eq(r.out, "9\t{\"id\":9}\n10\t{\"id\":10}\n100\t{\"id\":100}\n");
	run_free(&r);

	/* An empty table scans to nothing. */
	free(write_cmd(cli("create-table", "empty", NULL)));
	r = cli("scan", "empty", NULL);
	expect_ok(r);
	cr_assert_str_empty(r.out);
	run_free(&r);

	free(c_before);
	expect_git_clean(9);
}

/* ---- errors ---- */

Test(cli, bad_json)
{
	static const char *bad[] = {"{\"id\":", "{bad}", "[1,2]", "42", "", "{\"a\":1} trailing"};
	char *head, *now;
	run r;

	free(init_table("t"));
	free(write_cmd(cli("put", "t", "ok", "{\"id\":\"ok\"}", NULL)));
	head = git_rev("main");

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = cli("put", "t", "x", bad[i], NULL);
		expect_fail(r, 1);
		cr_assert_not_null(strstr(r.err, "invalid input syntax for type json"),
			"document '%s': %s", bad[i], r.err);
		/* The tool prints no SQLSTATE; when it does, it must be 22P02. */
		if (strstr(r.err, "SQLSTATE") != NULL)
			expect_err_has(r, "22P02");
		run_free(&r);
	}
	/* From stdin too. */
	r = cli_stdin("{\"id\": nope}", "put", "t", "x", "-", NULL);
	expect_fail(r, 1);
	expect_err_has(r, "json");
	run_free(&r);

	/* Nothing was written. */
	now = git_rev("main");
	cr_assert_str_eq(now, head, "a rejected put moved main");
	free(now);
	free(head);
	r = cli("get", "t", "x", NULL);
	expect_fail(r, 1);
	run_free(&r);
	expect_git_clean(2);
}

Test(cli, unknown_table)
{
	static const char *cmds[][4] = {
		{"get", "nope", "k", NULL},
		{"put", "nope", "k", "{\"id\":\"k\"}"},
		{"delete", "nope", "k", NULL},
		{"scan", "nope", NULL, NULL},
		{"drop-table", "nope", NULL, NULL},
	};
	char *head, *now;
	run r;

	free(init_table("t"));
	head = git_rev("main");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		r = cli(cmds[i][0], cmds[i][1], cmds[i][2], cmds[i][3], NULL);
		expect_fail(r, 1);
		cr_assert_not_null(strstr(r.err, "relation \"nope\" does not exist"), "%s: %s",
			cmds[i][0], r.err);
		run_free(&r);
	}
	now = git_rev("main");
	cr_assert_str_eq(now, head);
	free(now);
	free(head);
	expect_git_clean(1);
}

Test(cli, usage_errors)
{
	run r;

	init_dir();

	r = cli("frobnicate", NULL);
	expect_fail(r, 2);
	expect_err_has(r, "unknown command \"frobnicate\"");
	expect_err_has(r, "help");
	run_free(&r);

	r = cli("get", "t", NULL);
	expect_fail(r, 2);
	expect_err_has(r, "wrong number of arguments");
	expect_err_has(r, "Usage: chrondb get");
	run_free(&r);

	r = cli("put", "t", "k", "{}", "extra", NULL);
	expect_fail(r, 2);
	run_free(&r);

	r = cli("--bogus", "tables", NULL);
	expect_fail(r, 2);
	expect_err_has(r, "unknown option \"--bogus\"");
	run_free(&r);

	r = cli("put", "--at", "HEAD", "t", "k", "{}", NULL);
	expect_fail(r, 2);
	expect_err_has(r, "does not apply to put");
	run_free(&r);

	r = cli("scan", "t", "--limit", NULL);
	expect_fail(r, 2);
	expect_err_has(r, "needs a value");
	run_free(&r);

	r = cli("branch", "rename", "x", NULL);
	expect_fail(r, 2);
	run_free(&r);

	r = cli("help", "nosuch", NULL);
	expect_fail(r, 2);
	run_free(&r);

	/* Help and version go to stdout with exit 0. */
	r = cli("--help", NULL);
	expect_ok(r);
	cr_assert_eq(strncmp(r.out, "usage: chrondb", 14), 0, "%s", r.out);
	cr_assert_not_null(strstr(r.out, "history TABLE KEY"), "%s", r.out);
	run_free(&r);
	r = cli("help", "scan", NULL);
	expect_ok(r);
	cr_assert_eq(strncmp(r.out, "usage: chrondb scan", 19), 0, "%s", r.out);
	run_free(&r);
	r = cli("--version", NULL);
	expect_ok(r);
	cr_assert_eq(strncmp(r.out, "chrondb ", 8), 0, "%s", r.out);
	run_free(&r);

	/* Usage errors wrote nothing. */
	cr_assert_neq(tu_sh(NULL, "git -C '%s' rev-parse -q --verify main", datadir), 0);
	expect_git_clean(0);
}

/* ---- the lock ---- */

Test(cli, second_process_names_the_lock_holder)
{
	char pidtext[64];
	store_opts opts;
	store_err err;
	store *s = NULL;
	run r;

	free(init_table("t"));

	/* This process holds the store open, as a running server would. */
	store_opts_init(&opts);
	opts.background = 0;
	store_err_clear(&err);
	cr_assert_eq(store_open(&s, datadir, &opts, &err), STORE_OK, "store_open: %s", err.message);

	snprintf(pidtext, sizeof(pidtext), "in use by process %ld", (long)getpid());
	r = cli("get", "t", "k", NULL);
	expect_fail(r, 1);
	expect_err_has(r, pidtext);
	run_free(&r);
	r = cli("put", "t", "k", "{\"id\":\"k\"}", NULL);
	expect_fail(r, 1);
	expect_err_has(r, pidtext);
	run_free(&r);
	/* Even init of the existing directory waits its turn. */
	r = cli("init", NULL);
	expect_fail(r, 1);
	expect_err_has(r, pidtext);
	run_free(&r);

	store_close(s);

	/* Released: the tool works again and nothing was written meanwhile. */
	free(write_cmd(cli("put", "t", "k", "{\"id\":\"k\"}", NULL)));
	r = cli("get", "t", "k", NULL);
	expect_ok(r);
	run_free(&r);
	expect_git_clean(2);
}

/* ---- branches ---- */

Test(cli, branches)
{
	char *base, *line;
	run r;

	base = init_table("t");
	r = cli("branch", "create", "dev", NULL);
	expect_ok(r);
	run_free(&r);
	free(write_cmd(cli("--branch", "dev", "put", "t", "d", "{\"id\":\"d\"}", NULL)));

	/* The write is on dev only. */
	r = cli("get", "t", "d", NULL);
	expect_fail(r, 1);
	run_free(&r);
	r = cli("--branch", "dev", "get", "t", "d", NULL);
	expect_ok(r);
	run_free(&r);
	r = cli("get", "t", "d", "--at", "dev", NULL);
	expect_ok(r);
	run_free(&r);

	r = cli("branch", NULL);
	expect_ok(r);
	line = strstr(r.out, "main\t");
	cr_assert_not_null(line, "%s", r.out);
	cr_assert_eq(strncmp(line + 5, base, 40), 0, "%s", r.out);
	cr_assert_not_null(strstr(r.out, "\tdefault\n"), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "dev\t"), "%s", r.out);
	run_free(&r);

	r = cli("branch", "delete", "main", NULL);
	expect_fail(r, 1);
	run_free(&r);
	r = cli("branch", "delete", "dev", NULL);
	expect_ok(r);
	run_free(&r);
	cr_assert_neq(tu_sh(NULL, "git -C '%s' rev-parse -q --verify dev", datadir), 0);

	free(base);
	expect_git_clean(1);
}

/* ---- sql: COPY as psql runs it ---- */

Test(cli, sql_copy)
{
	char *path = tu_fmt("%s/items.csv", tmpdir), *sql;
	unsigned char *data;
	size_t len;
	run r;

	r = cli("sql", "-c", "CREATE TABLE t (a int PRIMARY KEY, b text)", NULL);
	expect_ok(r);
	cr_assert_str_eq(r.out, "CREATE TABLE\n");
	run_free(&r);

	/* -c: the data comes from standard input up to "\.", as with psql -c. */
	r = cli_stdin("1\tx\n2\t\\N\n\\.\nnot data\n", "sql", "-c", "COPY t FROM STDIN", NULL);
	expect_ok(r);
	cr_assert_str_eq(r.out, "COPY 2\n");
	run_free(&r);
	r = cli("sql", "-c", "COPY t TO STDOUT", NULL);
	expect_ok(r);
	cr_assert_str_eq(r.out, "1\tx\n2\t\\N\n");
	run_free(&r);

	/* A script: the lines after the statement, to "\."; then the script goes on. */
	r = cli_stdin("COPY t FROM STDIN;\n3\ty\n\\.\nSELECT count(*) FROM t;\n", "sql", NULL);
	expect_ok(r);
	cr_assert_str_eq(r.out, "COPY 1\n count \n-------\n     3\n(1 row)\n\n");
	run_free(&r);

	/* A failed COPY: its CONTEXT, exit status 3, the rest of its data skipped. */
	r = cli_stdin(
		"COPY t FROM STDIN;\nx\ty\n4\tz\n\\.\nSELECT count(*) FROM t;\n", "sql", NULL);
	cr_assert_eq(r.status, 3, "%s%s", r.out, r.err);
	cr_assert_str_eq(r.out, "ERROR:  invalid input syntax for type integer: \"x\"\n"
				"CONTEXT:  COPY t, line 1, column a: \"x\"\n"
				" count \n-------\n     3\n(1 row)\n\n");
	run_free(&r);

	/* Server files: the runner's user is the process's. */
	sql = tu_fmt("COPY t TO '%s' (FORMAT csv, HEADER)", path);
	r = cli("sql", "-c", sql, NULL);
	expect_ok(r);
	cr_assert_str_eq(r.out, "COPY 3\n");
	run_free(&r);
	free(sql);
	data = tu_read_file(path, &len);
	cr_assert_str_eq((const char *)data, "a,b\n1,x\n2,\n3,y\n");
	free(data);
	r = cli("sql", "-c", "COPY t TO 'relative.csv'", NULL);
	cr_assert_eq(r.status, 3);
	cr_assert_str_eq(r.out, "ERROR:  relative path not allowed for COPY to file\n");
	run_free(&r);
	r = cli("sql", "-c", "COPY t TO PROGRAM 'cat'", NULL);
	cr_assert_eq(r.status, 3);
	cr_assert(strstr(r.out, "ERROR:  COPY to or from an external program is not supported\n") ==
			  r.out,
		"%s", r.out);
	run_free(&r);
	free(path);
	expect_git_clean(3);
}

/*
 * ---- passwd: a verifier the server accepts ----
 *
 * `chrondb passwd USER` reads a password and prints a config line; a
 * server whose config has it and a SCRAM rule for the user lets psql in
 * with that password and refuses another (28P01: tests/unit/server).
 */
Test(cli, passwd_verifier_authenticates, .timeout = 60)
{
	char *conf = tu_fmt("%s/chrondb.conf", tmpdir), *script, *out = NULL;
	run r, r2;
	size_t n;

	r = cli_stdin("s3cret pass\n", "passwd", "alice", NULL);
	expect_ok(r);
	cr_assert(strncmp(r.out, "user.alice = 'SCRAM-SHA-256$4096:", 33) == 0, "%s", r.out);
	n = strlen(r.out);
	cr_assert(n > 2 && r.out[n - 1] == '\n' && r.out[n - 2] == '\'', "%s", r.out);

	/* A fresh salt each time. */
	r2 = cli_stdin("s3cret pass\n", "passwd", "alice", NULL);
	expect_ok(r2);
	cr_assert_str_neq(r.out, r2.out);
	run_free(&r2);

	script = tu_fmt("%sauth = '127.0.0.1/32 alice scram-sha-256'\n"
			"auth = '127.0.0.1/32 all trust'\n",
		r.out);
	tu_write_file(conf, script, strlen(script));
	free(script);
	run_free(&r);

	/* The server on a free port; psql with the right and a wrong password. */
	cr_assert_eq(tu_sh(&out,
			     "port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); "
			     "s.bind((\"127.0.0.1\", 0)); print(s.getsockname()[1])'); "
			     "'%s' server --data-dir '%s' --config '%s' --host 127.0.0.1 "
			     "--pg-port $port >'%s/server.log' 2>&1 & pid=$!; "
			     "for i in $(seq 100); do pg_isready -q -h 127.0.0.1 -p $port && break; "
			     "sleep 0.1; done; "
			     "PGPASSWORD='s3cret pass' psql -X -A -t -h 127.0.0.1 -p $port -U alice "
			     "-d chrondb -c 'SELECT current_user' 2>&1; "
			     "PGPASSWORD=wrong psql -X -h 127.0.0.1 -p $port -U alice -d chrondb "
			     "-c 'SELECT 1' 2>&1; "
			     "psql -X -A -t -h 127.0.0.1 -p $port -U chrondb -d chrondb "
			     "-c 'SELECT 2' 2>&1; kill $pid; wait $pid",
			     cli_bin(), datadir, conf, tmpdir),
		0, "%s", out);
	cr_assert(strstr(out, "alice\n") != NULL, "%s", out);
	cr_assert(strstr(out, "FATAL:  password authentication failed for user \"alice\"") != NULL,
		"%s", out);
	cr_assert(strstr(out, "2\n") != NULL, "trust for the others: %s", out);
	free(out);
	free(conf);
}

/*
 * ---- sql: a serial column's counter, as Git records it ----
 *
 * Inserts are "insert" in their notes (the counter's record is not DDL);
 * the sequence's entry is rewritten only when the logged mark moves, once
 * per 32 values or more (storage/seq.c logs further ahead while counting
 * goes fast); and a copy of the repository without DATA/chrondb
 * resumes counting past the recorded mark, handing out no id twice.
 */
Test(cli, serial_counter_in_git)
{
	char *out = NULL, *note, script[4096], want[64];
	size_t n = 0;
	int mark;
	run r;

	r = cli("sql", "-c", "CREATE TABLE s (id serial PRIMARY KEY, v int)", NULL);
	expect_ok(r);
	run_free(&r);
	for (int i = 1; i <= 40; i++)
		n += (size_t)snprintf(script + n, sizeof(script) - n, "INSERT INTO s (v) VALUES (%d);\n", i);
	r = cli_stdin(script, "sql", NULL);
	expect_ok(r);
	run_free(&r);

	cr_assert_eq(tu_sh(&out, "git -C '%s' log --format=%%s main -- .chrondb/sequences/s_id_seq.json",
			     datadir),
		0);
	cr_assert_eq(count_lines(out), 3,
		"create, then the marks 33 and 65, or 97 when counting went fast:\n%s", out);
	free(out);
	cr_assert_eq(tu_sh(&out, "git -C '%s' show main:.chrondb/sequences/s_id_seq.json | "
				 "sed -n 's/.*\"last_value\": \\([0-9]*\\).*/\\1/p'",
			     datadir),
		0);
	mark = atoi(out);
	cr_assert(mark == 65 || mark == 97, "recorded mark %s", out);
	free(out);
	note = NULL;
	cr_assert_eq(tu_sh(&note, "git -C '%s' notes --ref=chrondb show main", datadir), 0);
	cr_assert(strstr(note, "\"operation\":\"insert\"") != NULL, "%s", note);
	free(note);

	/* The private directory gone (a clone): counting goes on past the mark. */
	cr_assert_eq(tu_sh(NULL, "rm -rf '%s/chrondb'", datadir), 0);
	r = cli("sql", "-c", "INSERT INTO s (v) VALUES (41) RETURNING id", NULL);
	expect_ok(r);
	snprintf(want, sizeof(want), " %d\n", mark + 1);
	cr_assert(strstr(r.out, want) != NULL, "%s", r.out);
	run_free(&r);
	r = cli("sql", "-c", "SELECT count(*), count(DISTINCT id), max(id) FROM s", NULL);
	expect_ok(r);
	snprintf(want, sizeof(want), "41 |    41 |  %d", mark + 1);
	cr_assert(strstr(r.out, want) != NULL, "%s", r.out);
	run_free(&r);
}

/* ---- sql: several -c and -f, in order, in one session, as psql runs them ---- */

Test(cli, sql_commands_in_order)
{
	char *script = tu_fmt("%s/s.sql", tmpdir);
	const char *text = "INSERT INTO t VALUES (2);\nSELECT sum(a) FROM t;\n";

	run r;

	tu_write_file(script, text, strlen(text));

	/* The table the first -c creates is there for the second; a -f runs between. */
	r = cli("sql", "-c", "CREATE TABLE t (a int)", "-c", "INSERT INTO t VALUES (1)", "-f",
		script, "-c", "SELECT count(*) FROM t", NULL);
	expect_ok(r);
	cr_assert_str_eq(r.out, "CREATE TABLE\nINSERT 0 1\n"
				"INSERT INTO t VALUES (2);\nINSERT 0 1\n"
				"SELECT sum(a) FROM t;\n sum \n-----\n   3\n(1 row)\n\n"
				" count \n-------\n     2\n(1 row)\n\n");
	run_free(&r);

	/* One session: a transaction opened by one -c is still open in the next. */
	r = cli("sql", "-c", "BEGIN", "-c", "INSERT INTO t VALUES (5)", "-c", "ROLLBACK", "-c",
		"SELECT count(*) FROM t", NULL);
	expect_ok(r);
	cr_assert_str_eq(
		r.out, "BEGIN\nINSERT 0 1\nROLLBACK\n count \n-------\n     2\n(1 row)\n\n");
	run_free(&r);

	/* A failure in one does not stop the next; the status says one failed. */
	r = cli("sql", "-c", "SELECT nope", "-c", "SELECT 1 AS one", NULL);
	cr_assert_eq(r.status, 3, "%s%s", r.out, r.err);
	cr_assert_not_null(strstr(r.out, " one \n-----\n   1\n(1 row)\n"), "%s", r.out);
	run_free(&r);
	free(script);
}

/* ---- COMMENT ON: comments are catalog entries in Git ---- */

/*
 * Comments survive the process (each command is a new one), live in
 * the catalog entries' JSON, are versioned with them (a commit each,
 * the old comment in the previous one) and go with NULL.
 */
Test(cli, comments_in_git)
{
	char *out = NULL;
	run r;

	r = cli("sql", "-c", "CREATE TABLE t (id int PRIMARY KEY, name text)", "-c",
		"CREATE VIEW v AS SELECT id FROM t", "-c", "COMMENT ON TABLE t IS 'first'", "-c",
		"COMMENT ON COLUMN t.name IS 'who'", "-c", "COMMENT ON INDEX t_pkey IS 'key'", "-c",
		"COMMENT ON VIEW v IS 'a view'", "-c", "COMMENT ON SCHEMA public IS 'ours'", "-c",
		"COMMENT ON TABLE t IS 'second'", NULL);
	expect_ok(r);
	run_free(&r);

	/* Another process reads them back. */
	r = cli("sql", "-c",
		"SELECT obj_description('t'::regclass), col_description('t'::regclass, 2), "
		"obj_description('t_pkey'::regclass), obj_description('v'::regclass), "
		"obj_description(2200, 'pg_namespace')",
		NULL);
	expect_ok(r);
	cr_assert(strstr(r.out, " second          | who             | key             | a view "
				"         | ours") != NULL,
		"%s", r.out);
	run_free(&r);

	/* In the entries' JSON, each change a commit. */
	cr_assert_eq(tu_sh(&out, "git -C '%s' show main:.chrondb/tables/t.json", datadir), 0);
	cr_assert(strstr(out, "\"second\"") != NULL, "%s", out);
	cr_assert(strstr(out, "t_pkey") != NULL, "%s", out);
	free(out);
	out = NULL;
	cr_assert_eq(tu_sh(&out, "git -C '%s' show main~1:.chrondb/tables/t.json", datadir), 0);
	cr_assert(strstr(out, "first") != NULL && strstr(out, "second") == NULL, "%s", out);
	free(out);
	out = NULL;
	cr_assert_eq(tu_sh(&out, "git -C '%s' show main:.chrondb/schemas/public.json", datadir), 0);
	cr_assert(strstr(out, "ours") != NULL, "%s", out);
	free(out);

	/* IS NULL removes one; ALTER TABLE keeps the others. */
	r = cli("sql", "-c", "COMMENT ON COLUMN t.name IS NULL", "-c",
		"ALTER TABLE t ADD COLUMN extra int", NULL);
	expect_ok(r);
	run_free(&r);
	r = cli("sql", "-c",
		"SELECT obj_description('t'::regclass), col_description('t'::regclass, 2) IS NULL",
		NULL);
	expect_ok(r);
	cr_assert(strstr(r.out, " second          | t") != NULL, "%s", r.out);
	run_free(&r);
	cr_assert_eq(tu_sh(NULL, "git -C '%s' fsck --strict", datadir), 0);
}
