/*
 * copycmd.c - tests for the COPY statement (executor/copycmd.c) through
 * a session and its sink, as a wire-protocol front end drives it: the
 * calls COPY makes (copy_out_begin before the data, one copy_out_data
 * per row, copy_in_begin, then copy_in_read until the data ends), data
 * in chunks of any size, the client's CopyFail (57014 with the line the
 * data stopped in), the data after "\." read up to CopyDone, front ends
 * without COPY, a lost connection, one commit per autocommit COPY,
 * nothing written by a failed one, JSON Schema validation on its rows,
 * and server files, allowed or not.
 *
 * The golden test tests/regress/sql/copy.sql covers the formats,
 * options and error messages against PostgreSQL's own output; this file
 * covers what psql cannot show.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "session.h"
#include "testutil.h"

static char *tmpdir;
static store *st;

static void setup(void)
{
	store_opts o;
	store_err err;

	tmpdir = tu_tmpdir("copycmd");
	store_opts_init(&o);
	o.sync = 0;
	o.background = 0;
	store_err_clear(&err);
	cr_assert_eq(store_open(&st, tmpdir, &o, &err), STORE_OK, "%s", err.message);
}

static void teardown(void)
{
	store_close(st);
	tu_rmtree(tmpdir);
	free(tmpdir);
}

TestSuite(copycmd, .init = setup, .fini = teardown, .timeout = 120);

/* What a front end saw: a transcript of the sink's calls, and the data to send. */
typedef struct client {
	store_buf log;             /* one line per call */
	const char *const *chunks; /* COPY FROM's pieces; NULL ends them (CopyDone) */
	const char *fail;          /* after the chunks: CopyFail with this message instead */
	bool lose;                 /* after the chunks: the connection is lost */
	int next;
	int reads;
} client;

static int c_describe(void *arg, const exec_tupdesc *desc)
{
	client *c = arg;

	store_buf_printf(&c->log, "describe %d\n", desc->ncols);
	return 0;
}

static int c_row(void *arg, const exec_tupdesc *desc, const exec_value *vals)
{
	client *c = arg;

	store_buf_puts(&c->log, "row");
	for (int i = 0; i < desc->ncols; i++) {
		if (vals[i].isnull)
			store_buf_puts(&c->log, " NULL");
		else if (vals[i].type == EXEC_OID_TEXT)
			store_buf_printf(&c->log, " %.*s", (int)vals[i].v.s.len, vals[i].v.s.p);
		else
			store_buf_printf(&c->log, " %lld", (long long)vals[i].v.i);
	}
	store_buf_putc(&c->log, '\n');
	return 0;
}

static int c_complete(void *arg, const char *tag)
{
	client *c = arg;

	store_buf_printf(&c->log, "complete %s\n", tag);
	return 0;
}

static void c_notice(void *arg, const char *severity, const char *sqlstate, const char *message)
{
	client *c = arg;

	store_buf_printf(&c->log, "%s %s %s\n", severity, sqlstate, message);
}

static int c_out_begin(void *arg, const exec_copy_info *info)
{
	client *c = arg;

	store_buf_printf(
		&c->log, "copy_out_begin %s %d\n", info->binary ? "binary" : "text", info->ncols);
	return 0;
}

static int c_out_data(void *arg, const char *data, size_t len)
{
	client *c = arg;

	store_buf_puts(&c->log, "data ");
	store_buf_put(&c->log, data, len);
	return 0;
}

static int c_in_begin(void *arg, const exec_copy_info *info)
{
	client *c = arg;

	store_buf_printf(
		&c->log, "copy_in_begin %s %d\n", info->binary ? "binary" : "text", info->ncols);
	return 0;
}

static int c_in_read(void *arg, exec_copy_chunk *chunk)
{
	client *c = arg;

	c->reads++;
	if (c->chunks != NULL && c->chunks[c->next] != NULL) {
		chunk->kind = EXEC_COPY_IN_DATA;
		chunk->data = c->chunks[c->next];
		chunk->len = strlen(c->chunks[c->next]);
		c->next++;
		return 0;
	}
	if (c->lose)
		return -1;
	chunk->kind = c->fail != NULL ? EXEC_COPY_IN_FAIL : EXEC_COPY_IN_DONE;
	chunk->data = c->fail;
	chunk->len = 0;
	return 0;
}

static const exec_sink full_sink = {NULL, c_describe, c_row, c_complete, c_notice, c_out_begin,
	c_out_data, c_in_begin, c_in_read};

/* A session of the given kind (server files or not). */
static exec_session *session(bool server_files)
{
	exec_session_opts o;
	exec_session *ss;
	store_err err;

	memset(&o, 0, sizeof(o));
	o.server_files = server_files;
	store_err_clear(&err);
	cr_assert_eq(exec_session_new(st, &o, &ss, &err), EXEC_OK, "%s", err.message);
	return ss;
}

/*
 * Run sql with a client: the transcript, then "ERROR <sqlstate> <message>"
 * and "CONTEXT <context>" lines when it failed (caller frees).
 */
static char *run(exec_session *ss, client *c, const exec_sink *base, const char *sql)
{
	exec_sink sink = *base;
	store_err err;

	sink.arg = c;
	store_err_clear(&err);
	c->log.len = 0;
	if (exec_session_query(ss, sql, strlen(sql), &sink, &err) != EXEC_OK) {
		store_buf_printf(&c->log, "ERROR %s %s\n", err.sqlstate, err.message);
		if (err.context[0] != '\0')
			store_buf_printf(&c->log, "CONTEXT %s\n", err.context);
		if (err.hint[0] != '\0')
			store_buf_printf(&c->log, "HINT %s\n", err.hint);
	}
	store_buf_putc(&c->log, '\0');
	return strdup((const char *)c->log.data);
}

/* Run sql that must succeed, without COPY data. */
static void ok(exec_session *ss, const char *sql)
{
	client c = {0};
	char *out = run(ss, &c, &full_sink, sql);

	cr_assert(strstr(out, "ERROR") == NULL, "%s: %s", sql, out);
	free(out);
	store_buf_free(&c.log);
}

/* The rows of a query, as the transcript shows them (caller frees). */
static char *query(exec_session *ss, const char *sql)
{
	client c = {0};
	char *out = run(ss, &c, &full_sink, sql);

	store_buf_free(&c.log);
	return out;
}

/* Commits on the session's branch. */
static size_t commits(void)
{
	store_snap *snap;
	store_logentry *e;
	size_t n;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_snap_branch(st, store_default_branch(st), &snap, &err), STORE_OK);
	cr_assert_eq(store_log(snap, 0, &e, &n, &err), STORE_OK, "%s", err.message);
	store_log_free(e, n);
	store_snap_free(snap);
	return n;
}

Test(copycmd, copy_in_in_chunks_is_one_commit)
{
	exec_session *ss = session(false);
	static const char *const chunks[] = {"1\tone\n2\tt", "wo\n", "3\t\\N\n\\", ".\n", NULL};
	client c = {.chunks = chunks};
	size_t before;
	char *out;

	ok(ss, "CREATE TABLE t (a int PRIMARY KEY, b text)");
	before = commits();
	out = run(ss, &c, &full_sink, "COPY t FROM STDIN");
	cr_assert_str_eq(out, "copy_in_begin text 2\ncomplete COPY 3\n");
	free(out);
	cr_assert_eq(c.reads, 5, "read up to CopyDone: %d reads", c.reads);
	cr_assert_eq(commits(), before + 1);
	out = query(ss, "SELECT a, b FROM t ORDER BY a");
	cr_assert_str_eq(out, "describe 2\nrow 1 one\nrow 2 two\nrow 3 NULL\ncomplete SELECT 3\n");
	free(out);
	store_buf_free(&c.log);
	exec_session_free(ss);
}

Test(copycmd, every_split_of_the_data_writes_the_same_rows)
{
	exec_session *ss = session(false);
	const char *data = "1,\"x,y\",\"multi\nline\"\n2,,\"\xc3\xa9\"\n\\.\n";
	size_t len = strlen(data);
	char *want = NULL;

	for (size_t cut = 0; cut < len; cut++) {
		char *a = strndup(data, cut), *b = strdup(data + cut);
		const char *const chunks[] = {a, b, NULL};
		client c = {.chunks = cut == 0 ? chunks + 1 : chunks};
		char sql[128], *out;

		snprintf(sql, sizeof(sql), "CREATE TABLE s%zu (a int, b text, c text)", cut);
		ok(ss, sql);
		snprintf(sql, sizeof(sql), "COPY s%zu FROM STDIN (FORMAT csv)", cut);
		out = run(ss, &c, &full_sink, sql);
		cr_assert_str_eq(out, "copy_in_begin text 3\ncomplete COPY 2\n", "cut at %zu", cut);
		free(out);
		snprintf(sql, sizeof(sql), "SELECT a, b, c FROM s%zu ORDER BY a", cut);
		out = query(ss, sql);
		if (want == NULL)
			want = out;
		else {
			cr_assert_str_eq(out, want, "cut at %zu", cut);
			free(out);
		}
		store_buf_free(&c.log);
		free(a);
		free(b);
	}
	cr_assert_str_eq(want,
		"describe 3\nrow 1 x,y multi\nline\nrow 2 NULL \xc3\xa9\ncomplete SELECT 2\n");
	free(want);
	exec_session_free(ss);
}

Test(copycmd, copy_out_calls)
{
	exec_session *ss = session(false);
	client c = {0};
	char *out;

	ok(ss, "CREATE TABLE t (a int PRIMARY KEY, b text)");
	ok(ss, "INSERT INTO t VALUES (1, 'x'), (2, NULL)");
	out = run(ss, &c, &full_sink, "COPY t TO STDOUT (FORMAT csv, HEADER)");
	cr_assert_str_eq(
		out, "copy_out_begin text 2\ndata a,b\ndata 1,x\ndata 2,\ncomplete COPY 2\n");
	free(out);

	/* A query's rows; an error after some rows ends the data there. */
	out = run(ss, &c, &full_sink, "COPY (SELECT a, 10 / (a - 2) FROM t) TO STDOUT");
	cr_assert_str_eq(out, "copy_out_begin text 2\ndata 1\t-10\nERROR 22012 division by zero\n");
	free(out);
	store_buf_free(&c.log);
	exec_session_free(ss);
}

Test(copycmd, copy_fail_and_lost_connection)
{
	exec_session *ss = session(false);
	static const char *const chunks[] = {"1\tone\n2\ttwo\n", NULL};
	static const char *const ended[] = {"1\tone\n\\.\nignored\n", NULL};
	client fail = {.chunks = chunks, .fail = "client gave up"};
	client late = {.chunks = ended, .fail = "after the marker"};
	client lost = {.chunks = chunks, .lose = true};
	char *out;

	ok(ss, "CREATE TABLE t (a int PRIMARY KEY, b text)");

	/* CopyFail: the line the data stopped in, and nothing written. */
	out = run(ss, &fail, &full_sink, "COPY t FROM STDIN");
	cr_assert_str_eq(out, "copy_in_begin text 2\n"
			      "ERROR 57014 COPY from stdin failed: client gave up\n"
			      "CONTEXT COPY t, line 3\n");
	free(out);

	/* After "\." the data is read to its end, and a CopyFail there still fails. */
	out = run(ss, &late, &full_sink, "COPY t FROM STDIN");
	cr_assert_str_eq(out, "copy_in_begin text 2\n"
			      "ERROR 57014 COPY from stdin failed: after the marker\n"
			      "CONTEXT COPY t, line 2\n");
	free(out);

	out = run(ss, &lost, &full_sink, "COPY t FROM STDIN");
	cr_assert_str_eq(out,
		"copy_in_begin text 2\n"
		"ERROR 08P01 unexpected EOF on client connection with an open transaction\n");
	free(out);

	out = query(ss, "SELECT count(*) FROM t");
	cr_assert_str_eq(out, "describe 1\nrow 0\ncomplete SELECT 1\n");
	free(out);
	store_buf_free(&fail.log);
	store_buf_free(&late.log);
	store_buf_free(&lost.log);
	exec_session_free(ss);
}

Test(copycmd, front_end_without_copy)
{
	exec_session *ss = session(false);
	static const exec_sink plain = {
		NULL, c_describe, c_row, c_complete, c_notice, NULL, NULL, NULL, NULL};
	client c = {0};
	char *out;

	ok(ss, "CREATE TABLE t (a int)");
	out = run(ss, &c, &plain, "COPY t TO STDOUT");
	cr_assert_str_eq(out, "ERROR 0A000 COPY TO STDOUT is not supported by this client\n");
	free(out);
	out = run(ss, &c, &plain, "COPY t FROM STDIN");
	cr_assert_str_eq(out, "ERROR 0A000 COPY FROM STDIN is not supported by this client\n");
	free(out);
	store_buf_free(&c.log);
	exec_session_free(ss);
}

Test(copycmd, rows_meet_the_validation_schema)
{
	exec_session *ss = session(false);
	static const char *const chunks[] = {"1\tann\n2\tx\n", NULL};
	client c = {.chunks = chunks};
	char *out;

	ok(ss, "CREATE TABLE p (id int PRIMARY KEY, name text)");
	ok(ss, "CREATE VALIDATION SCHEMA FOR p AS '{\"type\": \"object\", \"properties\": "
	       "{\"name\": {\"type\": \"string\", \"minLength\": 2}}}'");
	out = run(ss, &c, &full_sink, "COPY p FROM STDIN");
	cr_assert(strstr(out, "ERROR 23514 new row for relation \"p\" violates validation schema\n"
			      "CONTEXT COPY p, line 2\n") != NULL,
		"%s", out);
	free(out);
	out = query(ss, "SELECT count(*) FROM p");
	cr_assert_str_eq(out, "describe 1\nrow 0\ncomplete SELECT 1\n");
	free(out);
	store_buf_free(&c.log);
	exec_session_free(ss);
}

Test(copycmd, copy_in_a_transaction_block)
{
	exec_session *ss = session(false);
	static const char *const chunks[] = {"1\n2\n", NULL};
	client c = {.chunks = chunks};
	char *out;

	ok(ss, "CREATE TABLE t (a int PRIMARY KEY)");
	ok(ss, "BEGIN");
	out = run(ss, &c, &full_sink, "COPY t FROM STDIN");
	cr_assert_str_eq(out, "copy_in_begin text 1\ncomplete COPY 2\n");
	free(out);
	out = query(ss, "SELECT count(*) FROM t");
	cr_assert_str_eq(out, "describe 1\nrow 2\ncomplete SELECT 1\n");
	free(out);
	cr_assert_eq(exec_session_status(ss), 'T');
	ok(ss, "ROLLBACK");
	out = query(ss, "SELECT count(*) FROM t");
	cr_assert_str_eq(out, "describe 1\nrow 0\ncomplete SELECT 1\n");
	free(out);
	store_buf_free(&c.log);
	exec_session_free(ss);
}

Test(copycmd, server_files)
{
	exec_session *net = session(false), *local = session(true);
	client c = {0};
	char *path = tu_fmt("%s/out.csv", tmpdir), *sql, *out;
	unsigned char *data;
	size_t len;

	ok(local, "CREATE TABLE t (a int PRIMARY KEY, b text)");
	ok(local, "INSERT INTO t VALUES (1, 'x,y'), (2, NULL)");

	/* Without the right: PostgreSQL's answer to a user who is no superuser. */
	sql = tu_fmt("COPY t TO '%s'", path);
	out = run(net, &c, &full_sink, sql);
	cr_assert_str_eq(out,
		"ERROR 42501 must be superuser or have privileges of the pg_write_server_files role to COPY to a file\n"
		"HINT Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone.\n");
	free(out);
	free(sql);
	out = run(net, &c, &full_sink, "COPY t FROM '/etc/passwd'");
	cr_assert(
		strstr(out,
			"ERROR 42501 must be superuser or have privileges of the pg_read_server_files role to COPY from a file\n") ==
			out,
		"%s", out);
	free(out);
	out = run(net, &c, &full_sink, "COPY t TO PROGRAM 'cat'");
	cr_assert(
		strstr(out,
			"ERROR 42501 must be superuser or have privileges of the pg_execute_server_program role") ==
			out,
		"%s", out);
	free(out);

	/* With it: a round trip through a file, in the file's encoding. */
	sql = tu_fmt("COPY t TO '%s' (FORMAT csv, HEADER)", path);
	out = run(local, &c, &full_sink, sql);
	cr_assert_str_eq(out, "complete COPY 2\n");
	free(out);
	free(sql);
	data = tu_read_file(path, &len);
	cr_assert_str_eq((const char *)data, "a,b\n1,\"x,y\"\n2,\n");
	free(data);
	ok(local, "CREATE TABLE u (a int PRIMARY KEY, b text)");
	sql = tu_fmt("COPY u FROM '%s' (FORMAT csv, HEADER match)", path);
	out = run(local, &c, &full_sink, sql);
	cr_assert_str_eq(out, "complete COPY 2\n");
	free(out);
	free(sql);
	out = query(local, "SELECT a, b FROM u ORDER BY a");
	cr_assert_str_eq(out, "describe 2\nrow 1 x,y\nrow 2 NULL\ncomplete SELECT 2\n");
	free(out);
	tu_write_file(path, "3\tcaf\xe9\n", 7);
	sql = tu_fmt("COPY u FROM '%s' (ENCODING 'latin1')", path);
	out = run(local, &c, &full_sink, sql);
	cr_assert_str_eq(out, "complete COPY 1\n");
	free(out);
	free(sql);
	out = query(local, "SELECT b FROM u WHERE a = 3");
	cr_assert_str_eq(out, "describe 1\nrow caf\xc3\xa9\ncomplete SELECT 1\n");
	free(out);

	/* What is refused even so, as PostgreSQL refuses it, and programs. */
	out = run(local, &c, &full_sink, "COPY t TO 'relative.csv'");
	cr_assert_str_eq(out, "ERROR 42602 relative path not allowed for COPY to file\n");
	free(out);
	sql = tu_fmt("COPY t FROM '%s/missing'", tmpdir);
	out = run(local, &c, &full_sink, sql);
	cr_assert(strstr(out, "ERROR 58P01 could not open file") == out, "%s", out);
	cr_assert(
		strstr(out,
			"HINT COPY FROM instructs the PostgreSQL server process to read a file.") !=
			NULL,
		"%s", out);
	free(out);
	free(sql);
	sql = tu_fmt("COPY t FROM '%s'", tmpdir);
	out = run(local, &c, &full_sink, sql);
	cr_assert(strstr(out, "ERROR 42809 ") == out && strstr(out, "is a directory") != NULL, "%s",
		out);
	free(out);
	free(sql);
	out = run(local, &c, &full_sink, "COPY t FROM PROGRAM 'cat /etc/passwd'");
	cr_assert(
		strstr(out, "ERROR 0A000 COPY to or from an external program is not supported\n") ==
			out,
		"%s", out);
	free(out);

	free(path);
	store_buf_free(&c.log);
	exec_session_free(net);
	exec_session_free(local);
}
