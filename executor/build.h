/*
 * build.h - the plan builder: reads and writes for front ends that do
 * not speak SQL (REST, RESP: DESIGN.md section 2), planned and run as
 * their SQL forms are after analysis (prefix plan_).
 *
 * A builder is one statement of a session (session.h), with the
 * session's transaction rules: outside a transaction block its writes
 * are one transaction, committed as one Git commit by plan_end (none
 * when nothing changed) or rolled back when a call failed; inside a
 * block (BEGIN run as SQL on the same session) they are part of the
 * block, and a failed builder puts the block in the aborted state, as a
 * failed statement does (25P02 until ROLLBACK or ROLLBACK TO).  Reads
 * see the session's branch as the statement's snapshot has it (READ
 * COMMITTED: the head when plan_begin ran; REPEATABLE READ: the
 * transaction's start), plus the transaction's own writes, or a
 * revision of the caller's choice (plan_opts.at).
 *
 *   plan_builder *b;
 *   plan_node *p;
 *
 *   plan_begin(ss, &opts, &b, &err);
 *   p = plan_scan(b, "users", 0);
 *   p = plan_where(b, p, plan_cmp(b, p, "age", ">=", plan_text(b, "18", 2)));
 *   p = plan_order(b, p, 1, &(plan_order_by){.expr = plan_col(b, p, "name")});
 *   p = plan_limit(b, p, 10, 20);
 *   plan_run(b, p, &nrows);          (rows to opts.sink)
 *   plan_put(b, "users", "{\"id\": 7, \"name\": \"ann\"}", len, PLAN_UPSERT, NULL, NULL);
 *   if (plan_end(b) != EXEC_OK) ... err has SQLSTATE, message, detail, hint
 *
 * Errors.  The builder takes the caller's store_err at plan_begin.  The
 * first call that fails sets it with PostgreSQL's SQLSTATE and message
 * (42P01 unknown table, 42703 unknown column, 42883 no such operator,
 * 22P02 bad input for a type, 23502/23505/23514/23503 constraints) and
 * returns NULL or EXEC_ERROR; from then on every call fails at once,
 * keeping that first error, so calls can be nested without checking
 * each (an argument that is NULL after a failure makes the call fail).
 * An error from exec_next on an iterator counts the same.  Errors have
 * no position (there is no SQL text).
 *
 * Expressions and plans are executor objects (expr.h, plan.h), built
 * here as the analyzer builds them: operators and functions resolved by
 * name and argument types through the registry (func.h), untyped text
 * read by the type the operator wants, conditions on a table scan
 * turned into a primary-key lookup when they pin the key.  A column
 * expression reads the row of the node it was made from: build
 * conditions on a scan from that scan, sort keys from the node sorted.
 *
 * Memory: everything a builder makes (expressions, plans, names) lives
 * in its statement's arena until plan_end.  Strings given to it are
 * copied unless said otherwise; plan_opts' strings are borrowed until
 * plan_end.  Rows from plan_run and iterators are valid until the next
 * row.
 *
 * Threads: a builder belongs to its session's thread; while one is open
 * the session runs nothing else (no exec_session_query).
 */
#ifndef CHRONDB_EXECUTOR_BUILD_H
#define CHRONDB_EXECUTOR_BUILD_H

#include "session.h"

typedef struct plan_builder plan_builder;

typedef struct plan_opts {
	/* Rows and descriptors of plan_run, the tag of each call that completes ("SELECT
	 * 3", "INSERT 0 1", "DELETE 1"), notices (a validation schema's warnings); or NULL. */
	const exec_sink *sink;
	/* Read at this revision instead of the session's branch: a branch, a commit, a
	 * tag, "main~2", "@2024-01-31T12:00:00Z" (store_snap_open's forms).  Such a
	 * builder writes nothing (0A000).  NULL: the session's branch. */
	const char *at;
	/* The note of the commit plan_end makes outside a block: its origin ("rest",
	 * "redis"; NULL: "api"), flags (NULL-terminated, or NULL) and metadata (a JSON
	 * object, or NULL).  The user is the session's. */
	const char *origin;
	const char *const *flags;
	const char *metadata_json;
} plan_opts;

/*
 * Start a builder on the session (opts may be NULL); *out is ended and
 * freed by plan_end.  Fails with *out NULL: 25P02 in an aborted
 * transaction block, 42704 when opts->at names no revision (which, as a
 * failed statement, aborts a block).
 */
int plan_begin(exec_session *ss, const plan_opts *opts, plan_builder **out, store_err *err);

/*
 * End the builder and free it: commit its implicit transaction (one Git
 * commit) when every call succeeded, roll it back or abort the block
 * otherwise.  Returns EXEC_OK, or EXEC_ERROR with the first error (or
 * the commit's: 40001 for a serialization failure) in the store_err.
 * Iterators of the builder must be closed before.
 */
int plan_end(plan_builder *b);

/* The tag of the last call that completed: "SELECT 2", "INSERT 0 1", "DELETE 0". */
const char *plan_tag(const plan_builder *b);

/* The names of the tables the builder sees, sorted (in its arena): *names, *n. */
int plan_tables(plan_builder *b, const char *const **names, int *n);

/* ---- Expressions ---- */

/* A column of in's rows by name (42703 'column "x" does not exist'). */
exec_expr *plan_col(plan_builder *b, const plan_node *in, const char *name);

/*
 * A constant: a typed value (copied; exec_null(EXEC_OID_UNKNOWN) is an
 * untyped NULL), or text as an untyped literal ('42' in SQL), which the
 * operator or column it meets reads with its type's input.
 */
exec_expr *plan_value(plan_builder *b, exec_value v);
exec_expr *plan_text(plan_builder *b, const char *text, size_t len);

/*
 * An operator by name over two operands, resolved as SQL resolves it
 * (42883 "operator does not exist: integer ~~ integer" when no operator
 * takes the operands' types).  PostgreSQL's names ("=", "<>", "<=", "~~",
 * "@>", "->>", "?"), and the spellings "!=", "like", "not like", "ilike"
 * and "not ilike" (any case).
 */
exec_expr *plan_op(plan_builder *b, const char *op, exec_expr *l, exec_expr *r);

/* A filter triple: column `op` value, the column one of in's. */
exec_expr *plan_cmp(
	plan_builder *b, const plan_node *in, const char *column, const char *op, exec_expr *value);

/* A function call by name (lower, length, jsonb_extract_path_text, ...); 42883 when none. */
exec_expr *plan_call(plan_builder *b, const char *func, int nargs, exec_expr *const *args);

/* Boolean forms; their operands must be boolean (42804 otherwise). */
exec_expr *plan_and(plan_builder *b, exec_expr *l, exec_expr *r);
exec_expr *plan_or(plan_builder *b, exec_expr *l, exec_expr *r);
exec_expr *plan_not(plan_builder *b, exec_expr *e);

/* e IS NULL, or with is_not e IS NOT NULL. */
exec_expr *plan_is_null(plan_builder *b, exec_expr *e, bool is_not);

/* e IN (items...), of one common type. */
exec_expr *plan_in(plan_builder *b, exec_expr *e, int n, exec_expr *const *items);

/* ---- Plans ---- */

/* plan_scan and the lookups: also show the stored document, members that are no column
 * included, as a last column "_doc" of type json (what a REST GET returns). */
#define PLAN_WITH_DOC 1u

/* Every row of a table, in key order (42P01 for an unknown table). */
plan_node *plan_scan(plan_builder *b, const char *table, unsigned flags);

/*
 * in's rows for which cond is true.  On a scan the condition goes into
 * it, and becomes a primary-key lookup when it pins every key column
 * (pk = value, or pk IN (...) for a one-column key), as WHERE does.
 */
plan_node *plan_where(plan_builder *b, plan_node *in, exec_expr *cond);

/*
 * The row of a table with primary-key values key[0..n) (n the key's
 * columns; typed values or text, compared as pk = value), as a key
 * lookup: zero or one row.
 */
plan_node *plan_get(
	plan_builder *b, const char *table, unsigned flags, int n, exec_expr *const *key);

/*
 * The row a document id names, ChronDB's "table:id": the table before
 * the first ':' ("default" without one), the row whose one-column
 * primary key is the text after it, read by the key's type.  A table of
 * ChronDB's layout keeps whole ids ("user:1") in its "id" key.
 */
plan_node *plan_get_doc(plan_builder *b, const char *docid, unsigned flags);

/* A sort key over a node's rows (made by plan_col on that node). */
enum { PLAN_NULLS_DEFAULT, PLAN_NULLS_FIRST, PLAN_NULLS_LAST };

typedef struct plan_order_by {
	exec_expr *expr;
	bool desc;
	int nulls; /* PLAN_NULLS_*: the default puts NULLs last ascending, first descending */
} plan_order_by;

/* in's rows sorted by keys[0..n), as ORDER BY. */
plan_node *plan_order(plan_builder *b, plan_node *in, int n, const plan_order_by *keys);

/* After skipping offset rows, at most count (PLAN_NO_LIMIT: all); negative is 2201W/2201X. */
#define PLAN_NO_LIMIT (-1)
plan_node *plan_limit(plan_builder *b, plan_node *in, int64_t count, int64_t offset);

/* Chosen columns of in's rows, by name, in the order given. */
plan_node *plan_columns(plan_builder *b, plan_node *in, int n, const char *const *names);

/* One row, one column "count" (bigint): how many rows in has, as count(*). */
plan_node *plan_count(plan_builder *b, plan_node *in);

/* ---- Running ---- */

/* Send p's rows to the sink (describe, rows, then complete "SELECT n"); *nrows counts them. */
int plan_run(plan_builder *b, const plan_node *p, uint64_t *nrows);

/*
 * Or pull them: an iterator over p (plan.h: exec_next, exec_close),
 * closed by the caller before plan_end; p->desc describes its rows.
 */
int plan_open(plan_builder *b, const plan_node *p, exec_iter **out);

/* ---- Writing ---- */

typedef enum plan_write {
	PLAN_INSERT,           /* a new row; its key taken: 23505 */
	PLAN_INSERT_IF_ABSENT, /* a new row, or nothing when its key is taken (SETNX) */
	PLAN_UPSERT,           /* a new row, or the document replaces the row with its key */
	PLAN_MERGE,            /* the document's members set over the row with its key, or
	                          a new row (HSET, PATCH) */
} plan_write;

/*
 * Write a JSON object as a row of table, through INSERT's path with its
 * checks (NOT NULL, CHECK, primary key and UNIQUE, foreign keys, the
 * table's validation schema) and defaults.  Members named like columns
 * are read as their types (a JSON string through the type's input, as
 * ChronDB wrote numbers; 22P02 when it does not fit); columns without a
 * member take their defaults (a replace too: PLAN_UPSERT is INSERT ...
 * ON CONFLICT (pk) DO UPDATE SET every column = EXCLUDED's); members
 * that are no column are kept in the stored document (a replace keeps
 * the new document's alone, a merge sets them over the row's).
 * *inserted and *updated (either may be NULL) count the row written.
 * The tag is "INSERT 0 n".
 */
int plan_put(plan_builder *b, const char *table, const char *json, size_t len, plan_write how,
	uint64_t *inserted, uint64_t *updated);

/* The same into the row a document id names (plan_get_doc): its key is the id's. */
int plan_put_doc(plan_builder *b, const char *docid, const char *json, size_t len, plan_write how,
	uint64_t *inserted, uint64_t *updated);

/*
 * Delete the rows rows finds: a plan_scan, plan_where over one or a
 * lookup (anything else is 0A000), through DELETE's path (row locks,
 * foreign keys and their actions).  *deleted (may be NULL) counts them;
 * the tag is "DELETE n".
 */
int plan_delete(plan_builder *b, const plan_node *rows, uint64_t *deleted);

#endif
