/*
 * build.c - tests for the plan builder (executor/build.h): reads and
 * writes made without SQL text, checked against SQL run through the same
 * session (written by one, read by the other), its errors, and its
 * place in the session's transactions (one Git commit per autocommitted
 * builder or per block, nothing after ROLLBACK, 25P02 in an aborted
 * block).
 *
 * Each test gets a fresh data directory, a store without the background
 * checkpointer and one session on it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "build.h"
#include "store.h"
#include "testutil.h"

static char *tmpdir;
static store *s;
static exec_session *ss;

/* What a sink heard: rows as "a|b" lines, tags, notices. */
static struct {
	char rows[8192];
	char tags[1024];
	char notices[1024];
	char cols[256];
} heard;

static void setup(void)
{
	char *data;
	store_opts o;
	store_err err;

	tmpdir = tu_tmpdir("build");
	data = tu_fmt("%s/data", tmpdir);
	setenv("TZ", "UTC", 1);
	setenv("HOME", tmpdir, 1); /* git run by a test reads no user's configuration */
	setenv("XDG_CONFIG_HOME", tmpdir, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	store_opts_init(&o);
	o.background = 0;
	store_err_clear(&err);
	cr_assert_eq(store_open(&s, data, &o, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(exec_session_new(s, NULL, &ss, &err), EXEC_OK, "%s", err.message);
	free(data);
	memset(&heard, 0, sizeof(heard));
}

static void teardown(void)
{
	exec_session_free(ss);
	store_close(s);
	tu_rmtree(tmpdir);
	free(tmpdir);
}

TestSuite(build, .init = setup, .fini = teardown);

/* ---- A sink that writes down what it hears ---- */

static void put_text(char *buf, size_t sz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void put_text(char *buf, size_t sz, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + n, sz - n, fmt, ap);
	va_end(ap);
}

static int on_describe(void *arg, const exec_tupdesc *desc)
{
	(void)arg;
	heard.cols[0] = '\0';
	for (int i = 0; i < desc->ncols; i++)
		put_text(heard.cols, sizeof(heard.cols), "%s%s", i ? "|" : "", desc->cols[i].name);
	return EXEC_OK;
}

/* A row as text: values as PostgreSQL prints them, "null" for NULL, joined by '|'. */
static void row_text(char *buf, size_t sz, int ncols, const exec_value *vals)
{
	for (int i = 0; i < ncols; i++) {
		store_buf b = STORE_BUF_INIT;
		store_err err;

		store_err_clear(&err);
		if (vals[i].isnull)
			store_buf_puts(&b, "null");
		else
			cr_assert_eq(exec_session_format(ss, &vals[i], &b, &err), EXEC_OK, "%s",
				err.message);
		put_text(buf, sz, "%s%.*s", i ? "|" : "", (int)b.len, (const char *)b.data);
		store_buf_free(&b);
	}
	put_text(buf, sz, "\n");
}

static int on_row(void *arg, const exec_tupdesc *desc, const exec_value *vals)
{
	(void)arg;
	row_text(heard.rows, sizeof(heard.rows), desc->ncols, vals);
	return EXEC_OK;
}

static int on_complete(void *arg, const char *tag)
{
	(void)arg;
	put_text(heard.tags, sizeof(heard.tags), "%s;", tag);
	return EXEC_OK;
}

static void on_notice(void *arg, const char *severity, const char *sqlstate, const char *message)
{
	(void)arg;
	put_text(heard.notices, sizeof(heard.notices), "%s %s %s;", severity, sqlstate, message);
}

static const exec_sink sink = {
	.describe = on_describe, .row = on_row, .complete = on_complete, .notice = on_notice};

/* ---- SQL through the same session ---- */

static void sql(const char *q)
{
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(exec_session_query(ss, q, strlen(q), NULL, &err), EXEC_OK, "%s: [%s] %s %s", q,
		err.sqlstate, err.message, err.detail);
}

static void sql_fails(const char *q, const char *sqlstate)
{
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(exec_session_query(ss, q, strlen(q), NULL, &err), EXEC_ERROR, "%s", q);
	cr_assert_str_eq(err.sqlstate, sqlstate, "%s: %s", q, err.message);
}

/* A query's rows as text (into a static buffer). */
static const char *sql_rows(const char *q)
{
	static char out[8192];
	store_err err;

	memset(&heard, 0, sizeof(heard));
	store_err_clear(&err);
	cr_assert_eq(exec_session_query(ss, q, strlen(q), &sink, &err), EXEC_OK, "%s: [%s] %s", q,
		err.sqlstate, err.message);
	snprintf(out, sizeof(out), "%s", heard.rows);
	return out;
}

/* Commits on the session's branch, through the store's log. */
static size_t commits(void)
{
	store_snap *snap;
	store_logentry *log;
	size_t n = 0;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(store_snap_branch(s, "main", &snap, &err), STORE_OK, "%s", err.message);
	if (!store_snap_is_empty(snap)) {
		cr_assert_eq(store_log(snap, 0, &log, &n, &err), STORE_OK, "%s", err.message);
		store_log_free(log, n);
	}
	store_snap_free(snap);
	return n;
}

static void users(void)
{
	sql("CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL, age int CHECK (age >= 0),"
	    " email text UNIQUE);"
	    "INSERT INTO users VALUES (1, 'ann', 31, 'ann@x'), (2, 'bob', 25, NULL),"
	    " (3, 'cid', NULL, 'cid@x'), (4, 'dee', 47, 'dee@x')");
}

/* ---- Builders ---- */

static store_err berr;

static plan_builder *begin(const plan_opts *opts)
{
	plan_builder *b;

	cr_assert_eq(
		plan_begin(ss, opts, &b, &berr), EXEC_OK, "[%s] %s", berr.sqlstate, berr.message);
	return b;
}

static void end_ok(plan_builder *b)
{
	cr_assert_eq(plan_end(b), EXEC_OK, "[%s] %s %s", berr.sqlstate, berr.message, berr.detail);
}

/* End a builder that failed with sqlstate (no position: there is no SQL text). */
static void end_fails(plan_builder *b, const char *sqlstate)
{
	cr_assert_eq(plan_end(b), EXEC_ERROR);
	cr_assert_str_eq(berr.sqlstate, sqlstate, "%s", berr.message);
	cr_assert_eq(berr.position, 0, "%s at %d", berr.message, berr.position);
}

/* A plan's rows pulled through an iterator, as text. */
static const char *pull(plan_builder *b, const plan_node *p)
{
	static char out[8192];
	exec_iter *it;
	const exec_value *row;
	int r;

	out[0] = '\0';
	cr_assert_not_null(p, "[%s] %s", berr.sqlstate, berr.message);
	cr_assert_eq(plan_open(b, p, &it), EXEC_OK, "[%s] %s", berr.sqlstate, berr.message);
	while ((r = exec_next(it, &row)) == 1)
		row_text(out, sizeof(out), p->desc.ncols, row);
	exec_close(it);
	cr_assert_eq(r, 0, "[%s] %s", berr.sqlstate, berr.message);
	return out;
}

static exec_expr *text(plan_builder *b, const char *t)
{
	return plan_text(b, t, strlen(t));
}

static int put(plan_builder *b, const char *table, const char *json, plan_write how)
{
	return plan_put(b, table, json, strlen(json), how, NULL, NULL);
}

/* ---- Reading ---- */

Test(build, get_by_key)
{
	plan_builder *b;
	plan_node *p;
	exec_expr *k;

	users();
	b = begin(&(plan_opts){.sink = &sink});

	/* A typed key (bigint against an integer key) and one given as text: both key lookups. */
	k = plan_value(b, exec_int(EXEC_OID_INT8, 2));
	p = plan_get(b, "users", 0, 1, &k);
	cr_assert_eq(p->kind, PLAN_KEY);
	cr_assert_str_eq(pull(b, p), "2|bob|25|null\n");
	k = text(b, "4");
	p = plan_get(b, "users", 0, 1, &k);
	cr_assert_eq(p->kind, PLAN_KEY);
	cr_assert_eq(p->desc.ncols, 4);
	cr_assert_str_eq(p->desc.cols[1].name, "name");
	cr_assert_eq(p->desc.cols[2].type, EXEC_OID_INT4);
	cr_assert_str_eq(pull(b, p), "4|dee|47|dee@x\n");

	/* Through the sink: descriptor, rows, tag. */
	k = text(b, "1");
	cr_assert_eq(plan_run(b, plan_get(b, "users", 0, 1, &k), NULL), EXEC_OK);
	cr_assert_str_eq(heard.cols, "id|name|age|email");
	cr_assert_str_eq(heard.rows, "1|ann|31|ann@x\n");
	cr_assert_str_eq(plan_tag(b), "SELECT 1");

	/* No such row: no rows, no error. */
	k = text(b, "99");
	cr_assert_str_eq(pull(b, plan_get(b, "users", 0, 1, &k)), "");
	end_ok(b);
}

Test(build, get_by_document_id)
{
	plan_builder *b;
	plan_node *p;

	users();
	sql("CREATE TABLE tags (name varchar(10) PRIMARY KEY, n int)");
	sql("INSERT INTO tags VALUES ('x:y', 1)");
	b = begin(NULL);
	p = plan_get_doc(b, "users:3", 0);
	cr_assert_eq(p->kind, PLAN_KEY);
	cr_assert_str_eq(pull(b, p), "3|cid|null|cid@x\n");

	/* The key is what follows the first ':' and may hold more. */
	cr_assert_str_eq(pull(b, plan_get_doc(b, "tags:x:y", 0)), "x:y|1\n");
	cr_assert_str_eq(pull(b, plan_get_doc(b, "users:5", 0)), "");

	/* The stored document as the last column. */
	p = plan_get_doc(b, "users:2", PLAN_WITH_DOC);
	cr_assert_eq(p->desc.ncols, 5);
	cr_assert_str_eq(p->desc.cols[4].name, "_doc");
	cr_assert_eq(p->desc.cols[4].type, EXEC_OID_JSON);
	cr_assert_str_eq(pull(b, p),
		"2|bob|25|null|{\n  \"id\": 2,\n  \"name\": \"bob\",\n  \"age\": 25,\n"
		"  \"email\": null\n}\n\n");
	end_ok(b);
}

/* Close the store, run a shell command on its data directory (DATA), open it again. */
static void reopen(const char *between)
{
	char *data = tu_fmt("%s/data", tmpdir);
	store_opts o;
	store_err err;

	exec_session_free(ss);
	store_close(s);
	cr_assert_eq(
		tu_sh(NULL, "cd '%s' && DATA='%s' && %s", tmpdir, data, between), 0, "%s", between);
	store_opts_init(&o);
	o.background = 0;
	store_err_clear(&err);
	cr_assert_eq(store_open(&s, data, &o, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(exec_session_new(s, NULL, &ss, &err), EXEC_OK, "%s", err.message);
	free(data);
}

Test(build, chrondb_layout_documents)
{
	plan_builder *b;
	uint64_t ins = 0, upd = 0;
	const char *doc = "{\"name\": \"ann\", \"age\": 31}";

	/* A table as ChronDB (Clojure) wrote it with git: data/<table>/<id>.json, whole ids. */
	sql("CREATE TABLE t (a int)");
	reopen("git clone -q \"$DATA\" work && mkdir -p work/data/user && "
	       "printf '{\"id\":\"user:0\",\"name\":\"zoe\"}' > work/data/user/user_COLON_0.json && "
	       "cd work && git add -A && git -c user.name=t -c user.email=t@x commit -qm chrondb && "
	       "git push -q origin HEAD:main");

	b = begin(NULL);
	cr_assert_str_eq(pull(b, plan_get_doc(b, "user:0", PLAN_WITH_DOC)),
		"user:0|{\"id\":\"user:0\",\"name\":\"zoe\"}\n");
	cr_assert_eq(plan_put_doc(b, "user:1", doc, strlen(doc), PLAN_UPSERT, &ins, &upd), EXEC_OK,
		"[%s] %s", berr.sqlstate, berr.message);
	cr_assert_eq(ins, 1);
	cr_assert_eq(upd, 0);
	cr_assert_str_eq(pull(b, plan_get_doc(b, "user:1", PLAN_WITH_DOC)),
		"user:1|{\n  \"id\": \"user:1\",\n  \"age\": 31,\n  \"name\": \"ann\"\n}\n\n");
	end_ok(b);
	cr_assert_str_eq(sql_rows("SELECT id FROM \"user\" ORDER BY id"), "user:0\nuser:1\n");

	/* Where ChronDB puts it, for ChronDB to read. */
	reopen("git --git-dir=\"$DATA\" cat-file -e main:data/user/user_COLON_1.json");
}

Test(build, scan_with_filter_order_limit_columns)
{
	plan_builder *b;
	plan_node *p;
	exec_expr *f;
	const char *names[] = {"name", "age"};
	const char *expect;

	users();
	sql("INSERT INTO users VALUES (5, 'eve', 60, 'eve@x'), (6, 'fin', 19, 'fin@x')");
	expect = sql_rows("SELECT name, age FROM users WHERE age >= 25 AND "
			  "(name LIKE '%e%' OR email IS NULL) ORDER BY age DESC LIMIT 2 OFFSET 1");
	cr_assert_str_eq(expect, "dee|47\nbob|25\n");

	b = begin(NULL);
	p = plan_scan(b, "users", 0);
	f = plan_and(b, plan_cmp(b, p, "age", ">=", text(b, "25")),
		plan_or(b, plan_cmp(b, p, "name", "LIKE", text(b, "%e%")),
			plan_is_null(b, plan_col(b, p, "email"), false)));
	p = plan_where(b, p, f);
	cr_assert_eq(p->kind, PLAN_SCAN); /* the condition went into the scan */
	cr_assert_not_null(p->qual);
	p = plan_order(b, p, 1, &(plan_order_by){.expr = plan_col(b, p, "age"), .desc = true});
	p = plan_limit(b, p, 2, 1);
	p = plan_columns(b, p, 2, names);
	cr_assert_str_eq(p->desc.cols[0].name, "name");
	cr_assert_str_eq(pull(b, p), expect);
	end_ok(b);
}

Test(build, filters_as_sql_has_them)
{
	plan_builder *b;
	plan_node *p;
	exec_expr *items[2];

	users();
	b = begin(NULL);

	/* NOT, IS NOT NULL, != and the registry's functions. */
	p = plan_scan(b, "users", 0);
	p = plan_where(b, p,
		plan_and(b, plan_not(b, plan_cmp(b, p, "name", "=", text(b, "ann"))),
			plan_and(b, plan_is_null(b, plan_col(b, p, "age"), true),
				plan_op(b, "!=",
					plan_call(b, "upper", 1,
						(exec_expr *[]){plan_col(b, p, "name")}),
					text(b, "DEE")))));
	cr_assert_str_eq(pull(b, p), sql_rows("SELECT * FROM users WHERE NOT name = 'ann' AND "
					      "age IS NOT NULL AND upper(name) <> 'DEE'"));

	/* A primary key pinned by the filter: the planner's key lookup, the rest applied. */
	p = plan_scan(b, "users", 0);
	p = plan_where(b, p,
		plan_and(b, plan_cmp(b, p, "id", "=", text(b, "4")),
			plan_cmp(b, p, "age", ">", plan_value(b, exec_int(EXEC_OID_INT4, 40)))));
	cr_assert_eq(p->kind, PLAN_KEY);
	cr_assert_not_null(p->qual);
	cr_assert_str_eq(pull(b, p), "4|dee|47|dee@x\n");

	/* Conditions added one at a time are planned together: the second pins the key. */
	p = plan_scan(b, "users", 0);
	p = plan_where(b, p, plan_cmp(b, p, "age", ">", text(b, "40")));
	cr_assert_eq(p->kind, PLAN_SCAN);
	p = plan_where(b, p, plan_cmp(b, p, "id", "=", text(b, "1")));
	cr_assert_eq(p->kind, PLAN_KEY);
	cr_assert_str_eq(pull(b, p), "");
	p = plan_get_doc(b, "users:4", 0);
	p = plan_where(b, p, plan_cmp(b, p, "age", ">", text(b, "40")));
	cr_assert_eq(p->kind, PLAN_KEY);
	cr_assert_str_eq(pull(b, p), "4|dee|47|dee@x\n");

	/* pk IN (...): a lookup of each key. */
	p = plan_scan(b, "users", 0);
	items[0] = text(b, "3");
	items[1] = plan_value(b, exec_int(EXEC_OID_INT4, 1));
	p = plan_where(b, p, plan_in(b, plan_col(b, p, "id"), 2, items));
	cr_assert_eq(p->kind, PLAN_KEY);
	cr_assert_eq(p->nkeys, 2);
	cr_assert_str_eq(pull(b, p), "3|cid|null|cid@x\n1|ann|31|ann@x\n");

	/* A member of the stored document, through json's ->> operator. */
	p = plan_scan(b, "users", PLAN_WITH_DOC);
	p = plan_where(b, p,
		plan_op(b, "=", plan_op(b, "->>", plan_col(b, p, "_doc"), text(b, "name")),
			text(b, "bob")));
	cr_assert_str_eq(pull(b, plan_columns(b, p, 1, (const char *[]){"id"})), "2\n");
	end_ok(b);
}

Test(build, count_and_tables)
{
	plan_builder *b;
	plan_node *p;
	const char *const *names;
	int n;

	users();
	sql("CREATE TABLE empty (a int)");
	b = begin(NULL);
	p = plan_count(b, plan_scan(b, "users", 0));
	cr_assert_eq(p->desc.ncols, 1);
	cr_assert_str_eq(p->desc.cols[0].name, "count");
	cr_assert_eq(p->desc.cols[0].type, EXEC_OID_INT8);
	cr_assert_str_eq(pull(b, p), "4\n");
	p = plan_scan(b, "users", 0);
	cr_assert_str_eq(
		pull(b, plan_count(b, plan_where(b, p, plan_cmp(b, p, "age", "<", text(b, "40"))))),
		"2\n");
	cr_assert_str_eq(pull(b, plan_count(b, plan_scan(b, "empty", 0))), "0\n");
	cr_assert_eq(plan_tables(b, &names, &n), EXEC_OK);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(names[0], "empty");
	cr_assert_str_eq(names[1], "users");
	end_ok(b);
}

/* ---- Writing ---- */

Test(build, put_then_sql_reads)
{
	plan_builder *b;
	uint64_t ins = 9, upd = 9;
	const char *doc =
		"{\"id\": 7, \"nick\": \"x\", \"name\": \"gus\", \"age\": \"33\", \"nick\": \"g\"}";

	users();
	b = begin(&(plan_opts){.sink = &sink});
	cr_assert_eq(plan_put(b, "users", doc, strlen(doc), PLAN_INSERT, &ins, &upd), EXEC_OK,
		"[%s] %s", berr.sqlstate, berr.message);
	cr_assert_eq(ins, 1);
	cr_assert_eq(upd, 0);
	cr_assert_str_eq(plan_tag(b), "INSERT 0 1");
	cr_assert_str_eq(heard.tags, "INSERT 0 1;");

	/* The builder sees its own write before the commit. */
	cr_assert_str_eq(pull(b, plan_get_doc(b, "users:7", 0)), "7|gus|33|null\n");
	end_ok(b);

	/*
	 * The string "33" went through int's input; "nick" is no column and stays in the
	 * document, with its last value, as a column given twice would have.
	 */
	cr_assert_str_eq(sql_rows("SELECT * FROM users WHERE id = 7"), "7|gus|33|null\n");
	b = begin(NULL);
	cr_assert_str_eq(pull(b, plan_columns(b, plan_get_doc(b, "users:7", PLAN_WITH_DOC), 1,
					 (const char *[]){"_doc"})),
		"{\n  \"id\": 7,\n  \"name\": \"gus\",\n  \"age\": 33,\n  \"email\": null,\n"
		"  \"nick\": \"g\"\n}\n\n");
	end_ok(b);

	/* SQL's UPDATE and ON CONFLICT DO UPDATE keep the member as well. */
	sql("UPDATE users SET age = 34 WHERE id = 7");
	sql("INSERT INTO users VALUES (7, 'gus', 35) ON CONFLICT (id) DO UPDATE SET age = "
	    "excluded.age");
	b = begin(NULL);
	cr_assert_str_eq(pull(b, plan_columns(b, plan_get_doc(b, "users:7", PLAN_WITH_DOC), 2,
					 (const char *[]){"age", "_doc"})),
		"35|{\n  \"id\": 7,\n  \"name\": \"gus\",\n  \"age\": 35,\n  \"email\": null,\n"
		"  \"nick\": \"g\"\n}\n\n");
	end_ok(b);
}

Test(build, upsert_replace_merge_if_absent)
{
	plan_builder *b;
	uint64_t ins, upd;
	const char *rep = "{\"id\": 1, \"name\": \"ANN\", \"x\": 1}";
	const char *mrg = "{\"id\": 1, \"age\": 40, \"y\": 2}";
	const char *mrg_new = "{\"id\": 8, \"name\": \"hal\"}";
	const char *absent = "{\"id\": 2, \"name\": \"BOB\"}";

	users();
	sql("ALTER TABLE users ADD COLUMN score int DEFAULT 5");
	b = begin(NULL);

	/* An upsert replaces: columns left out take their defaults, as EXCLUDED has them. */
	cr_assert_eq(plan_put(b, "users", rep, strlen(rep), PLAN_UPSERT, &ins, &upd), EXEC_OK,
		"[%s] %s", berr.sqlstate, berr.message);
	cr_assert_eq(ins, 0);
	cr_assert_eq(upd, 1);
	cr_assert_str_eq(plan_tag(b), "INSERT 0 1");

	/* A merge sets what the document has over the row; its members join the row's. */
	cr_assert_eq(plan_put(b, "users", mrg, strlen(mrg), PLAN_MERGE, &ins, &upd), EXEC_OK,
		"[%s] %s", berr.sqlstate, berr.message);
	cr_assert_eq(upd, 1);
	cr_assert_eq(plan_put(b, "users", mrg_new, strlen(mrg_new), PLAN_MERGE, &ins, &upd),
		EXEC_OK, "[%s] %s", berr.sqlstate, berr.message);
	cr_assert_eq(ins, 1);
	cr_assert_eq(upd, 0);

	/* If absent: nothing for a taken key. */
	cr_assert_eq(
		plan_put(b, "users", absent, strlen(absent), PLAN_INSERT_IF_ABSENT, &ins, &upd),
		EXEC_OK);
	cr_assert_eq(ins + upd, 0);
	cr_assert_str_eq(plan_tag(b), "INSERT 0 0");
	end_ok(b);

	cr_assert_str_eq(sql_rows("SELECT * FROM users WHERE id IN (1, 2, 8) ORDER BY id"),
		"1|ANN|40|null|5\n2|bob|25|null|5\n8|hal|null|null|5\n");
	b = begin(NULL);
	cr_assert_str_eq(pull(b, plan_columns(b, plan_get_doc(b, "users:1", PLAN_WITH_DOC), 1,
					 (const char *[]){"_doc"})),
		"{\n  \"id\": 1,\n  \"name\": \"ANN\",\n  \"age\": 40,\n  \"email\": null,\n"
		"  \"score\": 5,\n  \"x\": 1,\n  \"y\": 2\n}\n\n");

	/* A replace keeps only the new document's members. */
	cr_assert_eq(put(b, "users", "{\"id\": 1, \"name\": \"ann\"}", PLAN_UPSERT), EXEC_OK);
	cr_assert_str_eq(pull(b, plan_columns(b, plan_get_doc(b, "users:1", PLAN_WITH_DOC), 1,
					 (const char *[]){"_doc"})),
		"{\n  \"id\": 1,\n  \"name\": \"ann\",\n  \"age\": null,\n  \"email\": null,\n"
		"  \"score\": 5\n}\n\n");
	end_ok(b);
}

Test(build, defaults_and_sequences)
{
	plan_builder *b;

	sql("CREATE TABLE notes (id serial PRIMARY KEY, body text, n int DEFAULT 7)");
	b = begin(NULL);
	cr_assert_eq(put(b, "notes", "{\"body\": \"a\"}", PLAN_INSERT), EXEC_OK, "[%s] %s",
		berr.sqlstate, berr.message);
	cr_assert_eq(put(b, "notes", "{\"body\": \"b\", \"n\": null}", PLAN_UPSERT), EXEC_OK);
	end_ok(b);
	sql("INSERT INTO notes (body) VALUES ('c')");
	cr_assert_str_eq(sql_rows("SELECT * FROM notes ORDER BY id"), "1|a|7\n2|b|null\n3|c|7\n");
}

Test(build, put_by_document_id)
{
	plan_builder *b;
	const char *doc = "{\"id\": 1000, \"name\": \"ivy\"}";
	uint64_t ins;

	users();
	b = begin(NULL);

	/* The id's key wins over the document's key member. */
	cr_assert_eq(plan_put_doc(b, "users:9", doc, strlen(doc), PLAN_UPSERT, &ins, NULL), EXEC_OK,
		"[%s] %s", berr.sqlstate, berr.message);
	cr_assert_eq(ins, 1);
	end_ok(b);
	cr_assert_str_eq(sql_rows("SELECT id, name FROM users WHERE id > 4"), "9|ivy\n");

	b = begin(NULL);
	cr_assert_eq(plan_put_doc(b, "users:nine", doc, strlen(doc), PLAN_UPSERT, NULL, NULL),
		EXEC_ERROR);
	end_fails(b, "22P02");
	cr_assert_str_eq(berr.message, "invalid input syntax for type integer: \"nine\"");
}

Test(build, delete_by_key_and_filter)
{
	plan_builder *b;
	plan_node *p;
	uint64_t n = 9;
	exec_expr *k;

	users();
	sql("CREATE TABLE log (msg text, level int)");
	sql("INSERT INTO log VALUES ('a', 1), ('b', 2), ('c', 3)");
	b = begin(&(plan_opts){.sink = &sink});
	cr_assert_eq(plan_delete(b, plan_get_doc(b, "users:2", 0), &n), EXEC_OK, "[%s] %s",
		berr.sqlstate, berr.message);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(plan_tag(b), "DELETE 1");
	k = text(b, "2");
	cr_assert_eq(plan_delete(b, plan_get(b, "users", 0, 1, &k), &n), EXEC_OK);
	cr_assert_eq(n, 0);
	cr_assert_str_eq(plan_tag(b), "DELETE 0");

	/* A lookup with a condition that the row fails. */
	p = plan_get_doc(b, "users:3", 0);
	cr_assert_eq(
		plan_delete(b, plan_where(b, p, plan_cmp(b, p, "name", "=", text(b, "x"))), &n),
		EXEC_OK);
	cr_assert_eq(n, 0);

	/* By a filter, on a table without a primary key too (rows found by their storage key). */
	p = plan_scan(b, "users", 0);
	cr_assert_eq(
		plan_delete(b, plan_where(b, p, plan_cmp(b, p, "age", ">", text(b, "40"))), &n),
		EXEC_OK);
	cr_assert_eq(n, 1);
	p = plan_scan(b, "log", PLAN_WITH_DOC);
	p = plan_where(b, p,
		plan_op(b, "<>", plan_op(b, "->>", plan_col(b, p, "_doc"), text(b, "msg")),
			text(b, "b")));
	cr_assert_eq(plan_delete(b, p, &n), EXEC_OK, "[%s] %s", berr.sqlstate, berr.message);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(heard.tags, "DELETE 1;DELETE 0;DELETE 0;DELETE 1;DELETE 2;");

	/* Only a table's rows can be deleted. */
	cr_assert_eq(plan_delete(b, plan_count(b, plan_scan(b, "log", 0)), &n), EXEC_ERROR);
	end_fails(b, "0A000");

	/* The failed builder took its deletes with it. */
	cr_assert_str_eq(sql_rows("SELECT count(*) FROM users"), "4\n");
	b = begin(NULL);
	cr_assert_eq(plan_delete(b, plan_get_doc(b, "users:2", 0), &n), EXEC_OK);
	p = plan_scan(b, "log", 0);
	cr_assert_eq(
		plan_delete(b, plan_where(b, p, plan_cmp(b, p, "level", "<>", text(b, "2"))), &n),
		EXEC_OK);
	end_ok(b);
	cr_assert_str_eq(sql_rows("SELECT id FROM users ORDER BY id"), "1\n3\n4\n");
	cr_assert_str_eq(sql_rows("SELECT * FROM log"), "b|2\n");
}

Test(build, reads_and_deletes_through_an_index)
{
	plan_builder *b;
	plan_node *p;
	uint64_t n;

	users();
	sql("CREATE TABLE log (msg text, level int)");
	sql("CREATE INDEX log_level_idx ON log (level)");
	sql("INSERT INTO log VALUES ('a', 1), ('b', 2), ('c', 2), ('d', 3)");
	b = begin(NULL);

	/* The UNIQUE constraint's index finds a user; a second condition filters what it found. */
	p = plan_scan(b, "users", 0);
	p = plan_where(b, p, plan_cmp(b, p, "email", "=", text(b, "dee@x")));
	cr_assert_eq(p->kind, PLAN_INDEX);
	cr_assert_str_eq(pull(b, p), "4|dee|47|dee@x\n");
	p = plan_where(b, p, plan_cmp(b, p, "age", "<", text(b, "40")));
	cr_assert_str_eq(pull(b, p), "");

	/* A table without a primary key, its documents shown: its rows deleted through the index. */
	p = plan_scan(b, "log", PLAN_WITH_DOC);
	p = plan_where(b, p, plan_cmp(b, p, "level", "=", text(b, "2")));
	cr_assert_eq(p->kind, PLAN_INDEX);
	cr_assert_str_eq(pull(b, plan_count(b, p)), "2\n");
	cr_assert_eq(plan_delete(b, p, &n), EXEC_OK, "[%s] %s", berr.sqlstate, berr.message);
	cr_assert_eq(n, 2);
	end_ok(b);
	cr_assert_str_eq(sql_rows("SELECT msg FROM log ORDER BY msg"), "a\nd\n");
}

Test(build, foreign_keys)
{
	plan_builder *b;
	uint64_t n;

	users();
	sql("CREATE TABLE orders (id int PRIMARY KEY, uid int REFERENCES users ON DELETE CASCADE)");
	sql("INSERT INTO orders VALUES (10, 1), (11, 1), (12, 2)");
	b = begin(NULL);
	cr_assert_eq(put(b, "orders", "{\"id\": 13, \"uid\": 99}", PLAN_INSERT), EXEC_ERROR);
	end_fails(b, "23503");
	cr_assert_str_eq(berr.message,
		"insert or update on table \"orders\" violates foreign key constraint "
		"\"orders_uid_fkey\"");

	/* Deleting a user deletes the orders, as ON DELETE CASCADE says. */
	b = begin(NULL);
	cr_assert_eq(plan_delete(b, plan_get_doc(b, "users:1", 0), &n), EXEC_OK, "[%s] %s",
		berr.sqlstate, berr.message);
	end_ok(b);
	cr_assert_str_eq(sql_rows("SELECT * FROM orders"), "12|2\n");
}

/* ---- Errors ---- */

/* A builder whose one call fails with sqlstate and message. */
#define FAILS(call, sqlstate, msg)                                                                 \
	do {                                                                                       \
		plan_builder *b = begin(NULL);                                                     \
		(void)(call);                                                                      \
		end_fails(b, sqlstate);                                                            \
		if ((msg) != NULL)                                                                 \
			cr_assert_str_eq(berr.message, (const char *)(msg));                       \
	} while (0)

Test(build, errors)
{
	users();
	FAILS(plan_scan(b, "nope", 0), "42P01", "relation \"nope\" does not exist");
	FAILS(put(b, "nope", "{}", PLAN_INSERT), "42P01", "relation \"nope\" does not exist");
	FAILS(plan_get_doc(b, "nope:1", 0), "42P01", NULL);
	FAILS(plan_col(b, plan_scan(b, "users", 0), "nick"), "42703",
		"column \"nick\" does not exist");
	FAILS(plan_cmp(b, plan_scan(b, "users", 0), "age", "~~", plan_value(b, exec_int(23, 1))),
		"42883", "operator does not exist: integer ~~ integer");
	FAILS(plan_cmp(b, plan_scan(b, "users", 0), "age", "<=>", text(b, "1")), "42883", NULL);
	FAILS(plan_call(b, "nofunc", 0, NULL), "42883", NULL);
	FAILS(plan_cmp(b, plan_scan(b, "users", 0), "age", "=", text(b, "x")), "22P02",
		"invalid input syntax for type integer: \"x\"");
	FAILS(plan_get(b, "users", 0, 1, (exec_expr *[]){text(b, "x")}), "22P02", NULL);
	FAILS(plan_get(b, "users", 0, 2, (exec_expr *[]){text(b, "1"), text(b, "2")}), "22023",
		NULL);
	FAILS(put(b, "users", "{\"id\": 5, \"name\": \"e\", \"age\": \"old\"}", PLAN_INSERT),
		"22P02", NULL);
	FAILS(put(b, "users", "[1, 2]", PLAN_INSERT), "22P02", NULL);
	FAILS(plan_where(b, plan_scan(b, "users", 0), plan_col(b, plan_scan(b, "users", 0), "age")),
		"42804", "argument of WHERE must be type boolean, not type integer");
	FAILS(plan_and(b, text(b, "t"), plan_value(b, exec_int(EXEC_OID_INT4, 1))), "42804",
		"argument of AND must be type boolean, not type integer");
	FAILS(plan_limit(b, plan_scan(b, "users", 0), -2, 0), "2201W",
		"LIMIT must not be negative");
	FAILS(plan_limit(b, plan_scan(b, "users", 0), 1, -1), "2201X",
		"OFFSET must not be negative");
	FAILS(plan_order(b, plan_scan(b, "users", 0), 1,
		      &(plan_order_by){.expr = plan_value(b, exec_text(EXEC_OID_JSON, "1", 1))}),
		"42883", "could not identify an ordering operator for type json");

	/* Constraints, with PostgreSQL's messages and details. */
	FAILS(put(b, "users", "{\"id\": 1, \"name\": \"dup\"}", PLAN_INSERT), "23505",
		"duplicate key value violates unique constraint \"users_pkey\"");
	cr_assert_str_eq(berr.detail, "Key (id)=(1) already exists.");
	FAILS(put(b, "users", "{\"id\": 5, \"name\": \"e\", \"email\": \"ann@x\"}", PLAN_UPSERT),
		"23505", "duplicate key value violates unique constraint \"users_email_key\"");
	FAILS(put(b, "users", "{\"id\": 5, \"age\": 3}", PLAN_INSERT), "23502",
		"null value in column \"name\" of relation \"users\" violates not-null constraint");
	cr_assert_str_eq(berr.detail, "Failing row contains (5, null, 3, null).");
	FAILS(put(b, "users", "{\"id\": 1, \"age\": 3}", PLAN_UPSERT), "23502", NULL);
	FAILS(put(b, "users", "{\"id\": 1, \"age\": -3}", PLAN_MERGE), "23514",
		"new row for relation \"users\" violates check constraint \"users_age_check\"");
	cr_assert_str_eq(berr.detail, "Failing row contains (1, ann, -3, ann@x).");
	FAILS(put(b, "users", "{\"id\": 20, \"age\": 3}", PLAN_MERGE), "23502", NULL);
	FAILS(put(b, "users", "{\"name\": \"x\"}", PLAN_MERGE), "23502",
		"null value in column \"id\" of relation \"users\" violates not-null constraint");

	/* Nothing of it was written. */
	cr_assert_str_eq(sql_rows("SELECT count(*), sum(age) FROM users"), "4|103\n");
}

Test(build, validation_schema)
{
	plan_builder *w;

	users();
	sql("CREATE VALIDATION SCHEMA FOR users AS "
	    "'{\"properties\": {\"age\": {\"maximum\": 100}, \"nick\": {\"type\": \"string\"}}}'");
	FAILS(put(b, "users", "{\"id\": 5, \"name\": \"e\", \"age\": 120}", PLAN_INSERT), "23514",
		"new row for relation \"users\" violates validation schema");
	cr_assert_str_eq(berr.detail, "$.age: must have a maximum value of 100.");

	/* Members that are no column are validated too: they are in the stored document. */
	FAILS(put(b, "users", "{\"id\": 5, \"name\": \"e\", \"nick\": 7}", PLAN_INSERT), "23514",
		NULL);
	FAILS(put(b, "users", "{\"id\": 1, \"nick\": 7}", PLAN_MERGE), "23514", NULL);

	/* Warning mode: written, with the warning sent as a notice. */
	sql("CREATE VALIDATION SCHEMA FOR users AS '{\"properties\": {\"age\": {\"maximum\": 100}}}'"
	    " MODE warning");
	w = begin(&(plan_opts){.sink = &sink});
	cr_assert_eq(put(w, "users", "{\"id\": 5, \"name\": \"e\", \"age\": 120}", PLAN_INSERT),
		EXEC_OK);
	end_ok(w);
	cr_assert(strstr(heard.notices, "WARNING") != NULL, "%s", heard.notices);
	cr_assert(strstr(heard.notices, "violates validation schema") != NULL, "%s", heard.notices);
}

Test(build, first_error_is_kept)
{
	plan_builder *b;
	plan_node *p;

	users();
	b = begin(NULL);
	cr_assert_eq(put(b, "users", "{\"id\": 5, \"name\": \"eve\"}", PLAN_INSERT), EXEC_OK);
	p = plan_scan(b, "nope", 0);
	cr_assert_null(p);

	/* Later calls fail at once, whatever they are given, and keep the first error. */
	cr_assert_null(plan_col(b, p, "x"));
	cr_assert_null(plan_scan(b, "users", 0));
	cr_assert_eq(put(b, "users", "{\"id\": 6, \"name\": \"fay\"}", PLAN_INSERT), EXEC_ERROR);
	cr_assert_str_eq(berr.sqlstate, "42P01");
	end_fails(b, "42P01");
	cr_assert_str_eq(berr.message, "relation \"nope\" does not exist");

	/* And the autocommit rolled back the write before it. */
	cr_assert_str_eq(sql_rows("SELECT count(*) FROM users"), "4\n");
}

/* ---- Transactions ---- */

Test(build, autocommit_is_one_commit)
{
	plan_builder *b;
	size_t before;
	store_snap *head;
	store_err err;
	char *note = NULL;
	const char *flags[] = {"bulk-load", NULL};

	users();
	before = commits();
	b = begin(&(plan_opts){
		.origin = "rest", .flags = flags, .metadata_json = "{\"request-id\": \"r1\"}"});
	cr_assert_eq(put(b, "users", "{\"id\": 5, \"name\": \"eve\"}", PLAN_INSERT), EXEC_OK);
	cr_assert_eq(put(b, "users", "{\"id\": 6, \"name\": \"fay\"}", PLAN_INSERT), EXEC_OK);
	cr_assert_eq(plan_delete(b, plan_get_doc(b, "users:1", 0), NULL), EXEC_OK);
	end_ok(b);
	cr_assert_eq(commits(), before + 1);

	/* The note says who wrote it and how. */
	store_err_clear(&err);
	cr_assert_eq(store_snap_branch(s, "main", &head, &err), STORE_OK);
	cr_assert_eq(store_note(s, store_snap_id(head), &note, &err), STORE_OK, "%s", err.message);
	store_snap_free(head);
	cr_assert(
		strstr(note, "\"origin\": \"rest\"") != NULL || strstr(note, "\"origin\":\"rest\""),
		"%s", note);
	cr_assert(strstr(note, "bulk-load") != NULL, "%s", note);
	cr_assert(strstr(note, "r1") != NULL, "%s", note);
	free(note);

	/* Reads alone commit nothing. */
	b = begin(NULL);
	cr_assert_str_eq(pull(b, plan_count(b, plan_scan(b, "users", 0))), "5\n");
	end_ok(b);
	cr_assert_eq(commits(), before + 1);
}

/*
 * The note of a builder's commit has the builder's origin, flags and
 * metadata and the session's audit fields (note.h): its flags beside the
 * builder's and ChronDB's, its application_name; a member both give is
 * the builder's.
 */
Test(build, note_merges_builder_and_session)
{
	plan_builder *b;
	store_snap *head;
	store_err err;
	char *note = NULL;
	const char *flags[] = {"bulk-load", NULL};
	json_t *j, *meta, *fl;

	users();
	sql("SET application_name = 'shop-api'");
	sql("SET chrondb.flags = 'audited'");
	sql("SET chrondb.request_id = 'from-session'");
	b = begin(&(plan_opts){.origin = "rest",
		.flags = flags,
		.metadata_json = "{\"request-id\": \"from-api\", \"endpoint\": \"/save\"}"});
	cr_assert_eq(plan_delete(b, plan_get_doc(b, "users:1", 0), NULL), EXEC_OK);
	end_ok(b);

	store_err_clear(&err);
	cr_assert_eq(store_snap_branch(s, "main", &head, &err), STORE_OK);
	cr_assert_eq(store_note(s, store_snap_id(head), &note, &err), STORE_OK, "%s", err.message);
	store_snap_free(head);
	j = json_loads(note, 0, NULL);
	cr_assert_not_null(j, "%s", note);
	cr_assert_str_eq(json_string_value(json_object_get(j, "origin")), "rest");
	fl = json_object_get(j, "flags");
	cr_assert_eq(json_array_size(fl), 3, "%s", note);
	cr_assert_str_eq(json_string_value(json_array_get(fl, 0)), "audited");
	cr_assert_str_eq(json_string_value(json_array_get(fl, 1)), "bulk-load");
	cr_assert_str_eq(json_string_value(json_array_get(fl, 2)), "delete");
	meta = json_object_get(j, "metadata");
	cr_assert_str_eq(json_string_value(json_object_get(meta, "request-id")), "from-api");
	cr_assert_str_eq(json_string_value(json_object_get(meta, "endpoint")), "/save");
	cr_assert_str_eq(json_string_value(json_object_get(meta, "application-name")), "shop-api");
	cr_assert_null(json_object_get(meta, "remote-addr"), "%s", note);
	json_decref(j);
	free(note);

	/* Metadata that is no JSON object fails the commit, and nothing is written. */
	b = begin(&(plan_opts){.metadata_json = "[1]"});
	cr_assert_eq(plan_delete(b, plan_get_doc(b, "users:2", 0), NULL), EXEC_OK);
	end_fails(b, "22P02");
	cr_assert_str_eq(sql_rows("SELECT count(*) FROM users WHERE id = 2"), "1\n");
}

Test(build, inside_a_sql_block)
{
	plan_builder *b;
	size_t before;

	users();
	before = commits();
	sql("BEGIN");
	b = begin(NULL);
	cr_assert_eq(put(b, "users", "{\"id\": 5, \"name\": \"eve\"}", PLAN_INSERT), EXEC_OK);
	end_ok(b);

	/* The block sees the builder's write, the builder the block's. */
	cr_assert_str_eq(sql_rows("SELECT name FROM users WHERE id = 5"), "eve\n");
	sql("INSERT INTO users VALUES (6, 'fay')");
	b = begin(NULL);
	cr_assert_str_eq(pull(b, plan_columns(b, plan_get_doc(b, "users:6", 0), 1,
					 (const char *[]){"name"})),
		"fay\n");
	cr_assert_eq(plan_delete(b, plan_get_doc(b, "users:1", 0), NULL), EXEC_OK);
	end_ok(b);
	cr_assert_eq(commits(), before);
	sql("COMMIT");

	/* Builders and SQL of the block: one Git commit. */
	cr_assert_eq(commits(), before + 1);
	cr_assert_str_eq(sql_rows("SELECT id FROM users ORDER BY id"), "2\n3\n4\n5\n6\n");
}

Test(build, rollback_leaves_nothing)
{
	plan_builder *b;
	size_t before;

	users();
	before = commits();
	sql("BEGIN");
	b = begin(NULL);
	cr_assert_eq(put(b, "users", "{\"id\": 5, \"name\": \"eve\"}", PLAN_INSERT), EXEC_OK);
	cr_assert_eq(plan_delete(b, plan_scan(b, "users", 0), NULL), EXEC_OK);
	end_ok(b);
	cr_assert_str_eq(sql_rows("SELECT count(*) FROM users"), "0\n");
	sql("ROLLBACK");
	cr_assert_eq(commits(), before);
	cr_assert_str_eq(sql_rows("SELECT count(*) FROM users"), "4\n");
}

Test(build, failure_aborts_the_block)
{
	plan_builder *b;
	size_t before;

	users();
	before = commits();
	sql("BEGIN");
	sql("INSERT INTO users VALUES (5, 'eve')");
	sql("SAVEPOINT s1");
	b = begin(NULL);
	cr_assert_eq(put(b, "users", "{\"id\": 6, \"name\": \"fay\"}", PLAN_INSERT), EXEC_OK);
	cr_assert_eq(put(b, "users", "{\"id\": 1, \"name\": \"dup\"}", PLAN_INSERT), EXEC_ERROR);
	end_fails(b, "23505");
	cr_assert_eq(exec_session_status(ss), 'E');

	/* Aborted: SQL and builders alike get 25P02. */
	sql_fails("SELECT 1", "25P02");
	cr_assert_eq(plan_begin(ss, NULL, &b, &berr), EXEC_ERROR);
	cr_assert_null(b);
	cr_assert_str_eq(berr.sqlstate, "25P02");

	/* ROLLBACK TO leaves it: the block goes on without the builder's writes. */
	sql("ROLLBACK TO s1");
	b = begin(NULL);
	cr_assert_eq(put(b, "users", "{\"id\": 7, \"name\": \"gus\"}", PLAN_INSERT), EXEC_OK);
	end_ok(b);
	sql("COMMIT");
	cr_assert_eq(commits(), before + 1);
	cr_assert_str_eq(sql_rows("SELECT id FROM users WHERE id > 4 ORDER BY id"), "5\n7\n");
}

Test(build, read_only_and_repeatable_read)
{
	plan_builder *b;

	users();
	sql("BEGIN READ ONLY");
	b = begin(NULL);
	cr_assert_eq(put(b, "users", "{\"id\": 5, \"name\": \"eve\"}", PLAN_INSERT), EXEC_ERROR);
	end_fails(b, "25006");
	cr_assert_str_eq(berr.message, "cannot execute INSERT in a read-only transaction");
	sql("ROLLBACK");

	/* REPEATABLE READ: the builder reads the block's snapshot, not a later commit. */
	sql("BEGIN ISOLATION LEVEL REPEATABLE READ");
	cr_assert_str_eq(sql_rows("SELECT count(*) FROM users"), "4\n");
	{
		exec_session *other;
		store_err err;
		const char *q = "INSERT INTO users VALUES (9, 'zed')";

		store_err_clear(&err);
		cr_assert_eq(exec_session_new(s, NULL, &other, &err), EXEC_OK);
		cr_assert_eq(exec_session_query(other, q, strlen(q), NULL, &err), EXEC_OK, "%s",
			err.message);
		exec_session_free(other);
	}
	b = begin(NULL);
	cr_assert_str_eq(pull(b, plan_count(b, plan_scan(b, "users", 0))), "4\n");
	end_ok(b);
	sql("COMMIT");
	b = begin(NULL);
	cr_assert_str_eq(pull(b, plan_count(b, plan_scan(b, "users", 0))), "5\n");
	end_ok(b);
}

Test(build, reads_at_a_revision)
{
	plan_builder *b;
	store_snap *head;
	store_err err;
	char id[STORE_OID_HEXSZ + 1];

	users();
	store_err_clear(&err);
	cr_assert_eq(store_snap_branch(s, "main", &head, &err), STORE_OK);
	store_oid_fmt(id, store_snap_id(head));
	store_snap_free(head);
	sql("DELETE FROM users WHERE id > 1");

	/* At the commit before the delete: every row; writes there are refused. */
	b = begin(&(plan_opts){.at = id});
	cr_assert_str_eq(pull(b, plan_count(b, plan_scan(b, "users", 0))), "4\n");
	cr_assert_str_eq(pull(b, plan_columns(b, plan_get_doc(b, "users:3", 0), 1,
					 (const char *[]){"name"})),
		"cid\n");
	cr_assert_eq(put(b, "users", "{\"id\": 5, \"name\": \"eve\"}", PLAN_INSERT), EXEC_ERROR);
	end_fails(b, "0A000");

	b = begin(&(plan_opts){.at = "main"});
	cr_assert_str_eq(pull(b, plan_count(b, plan_scan(b, "users", 0))), "1\n");
	end_ok(b);
	cr_assert_eq(plan_begin(ss, &(plan_opts){.at = "no-such-branch"}, &b, &berr), EXEC_ERROR);
	cr_assert_null(b);
	cr_assert_str_eq(berr.sqlstate, "42704");
}
