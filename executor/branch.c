/*
 * branch.c - ChronDB's branch functions and the system tables
 * chrondb.branches and chrondb.conflicts (branch.h).
 *
 * Everything here is a thin layer over storage: store_branch_create,
 * store_branch_delete, store_merge and store_conflicts do the work, and
 * the session's branch changes through exec_session_set, exactly as
 * SET chrondb.branch changes it.  What this file adds is SQL's face:
 * argument forms (a ref or a timestamptz to branch from, a strategy by
 * name), the checks only sessions can make (the branch a live session
 * is on is not deleted), result rows, and the conflicts' versions read
 * back as jsonb.
 *
 * A branch is no row of any table, so creating, deleting and merging
 * cannot roll back: they refuse to run in a transaction block (25001),
 * as CREATE SCHEMA does, rather than survive its ROLLBACK.  Checking
 * out follows SET: it cannot happen once the block's transaction has
 * begun, which a SELECT does.
 */
#include "branch.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "basic.h"
#include "datetime.h"
#include "stmt.h"

/* ---- Result columns, each list written once ---- */

#define COL_NAME(name, type) name,
#define COL_TYPE(name, type) type,
#define COL_SYS(name, type)  {name, type},

#define BRANCH_COLS(X)                                                                             \
	X("branch_name", EXEC_OID_TEXT)                                                            \
	X("is_default", EXEC_OID_TEXT)                                                             \
	X("is_current", EXEC_OID_TEXT)                                                             \
	X("head", EXEC_OID_TEXT)                                                                   \
	X("head_time", EXEC_OID_TIMESTAMPTZ)                                                       \
	X("head_author", EXEC_OID_TEXT)                                                            \
	X("head_message", EXEC_OID_TEXT)

#define CONFLICT_COLS(X)                                                                           \
	X("source", EXEC_OID_TEXT)                                                                 \
	X("target", EXEC_OID_TEXT)                                                                 \
	X("kind", EXEC_OID_TEXT)                                                                   \
	X("table_name", EXEC_OID_TEXT)                                                             \
	X("key", EXEC_OID_TEXT)                                                                    \
	X("our_change", EXEC_OID_TEXT)                                                             \
	X("their_change", EXEC_OID_TEXT)                                                           \
	X("columns", EXEC_OID_TEXT_ARRAY)                                                          \
	X("base", EXEC_OID_JSONB)                                                                  \
	X("ours", EXEC_OID_JSONB)                                                                  \
	X("theirs", EXEC_OID_JSONB)                                                                \
	X("base_commit", EXEC_OID_TEXT)                                                            \
	X("our_commit", EXEC_OID_TEXT)                                                             \
	X("their_commit", EXEC_OID_TEXT)                                                           \
	X("merged_at", EXEC_OID_TIMESTAMPTZ)

const exec_syscol exec_branch_cols[7] = {BRANCH_COLS(COL_SYS)};
const exec_syscol exec_conflict_cols[15] = {CONFLICT_COLS(COL_SYS)};

/* ---- Helpers ---- */

static exec_value text_value(exec_ctx *cx, const char *s)
{
	return s != NULL ? exec_text_dup(cx, EXEC_OID_TEXT, s, strlen(s))
			 : exec_null(EXEC_OID_TEXT);
}

static const char *text_arg(exec_ctx *cx, const exec_value *v)
{
	return sql_arena_strndup(cx->arena, v->v.s.p, v->v.s.len);
}

/* A commit id as text, NULL for none. */
static exec_value oid_value(exec_ctx *cx, const store_oid *oid)
{
	char hex[STORE_OID_HEXSZ + 1];

	if (store_oid_is_zero(oid))
		return exec_null(EXEC_OID_TEXT);
	store_oid_fmt(hex, oid);
	return text_value(cx, hex);
}

/* Microseconds since the Unix epoch as timestamptz (0: NULL). */
static exec_value time_value(int64_t unix_us)
{
	if (unix_us == 0)
		return exec_null(EXEC_OID_TIMESTAMPTZ);
	return exec_int(EXEC_OID_TIMESTAMPTZ, unix_us - EXEC_EPOCH_DAYS * EXEC_USECS_PER_DAY);
}

static exec_session *session_of(exec_ctx *cx)
{
	return cx->session;
}

/* The functions that change branches refuse a transaction block (see the file's comment). */
static int not_in_block(exec_ctx *cx, const char *fn)
{
	if (!session_of(cx)->block)
		return EXEC_OK;
	store_err_set(cx->err, "25001", "%s cannot run inside a transaction block", fn);
	store_err_hint(cx->err, "A branch is not part of a transaction: run it outside BEGIN ... "
				"COMMIT.");
	return EXEC_ERROR;
}

/* ---- chrondb_branch_list(), chrondb.branches ---- */

int exec_branch_rows(exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	exec_session *ss = session_of(cx);
	store *s = ss->s;
	store_branch_info *b = NULL;
	size_t n = 0;
	int r = EXEC_OK;

	(void)args;
	(void)nargs;
	if (store_branch_list(s, &b, &n, cx->err) != STORE_OK)
		return EXEC_ERROR;
	for (size_t i = 0; i < n && r == EXEC_OK; i++) {
		exec_value row[7];
		store_logentry *e = NULL;
		size_t ne = 0;
		store_snap *snap = NULL;

		row[0] = text_value(cx, b[i].name);
		row[1] = text_value(
			cx, strcmp(b[i].name, store_default_branch(s)) == 0 ? "YES" : "NO");
		row[2] = text_value(cx, strcmp(b[i].name, ss->branch) == 0 ? "YES" : "NO");
		row[3] = oid_value(cx, &b[i].head);
		row[4] = exec_null(EXEC_OID_TIMESTAMPTZ);
		row[5] = row[6] = exec_null(EXEC_OID_TEXT);

		/* The head's time, author and subject line, as `git branch -v` shows it. */
		if (!store_oid_is_zero(&b[i].head)) {
			if (store_snap_commit(s, &b[i].head, &snap, cx->err) != STORE_OK ||
				store_log(snap, 1, &e, &ne, cx->err) != STORE_OK) {
				store_snap_free(snap);
				r = EXEC_ERROR;
				break;
			}
			row[4] = time_value(store_snap_time(snap));
			if (ne > 0) {
				size_t len = strcspn(e[0].message, "\n");

				row[5] = text_value(cx, e[0].author);
				row[6] = exec_text_dup(cx, EXEC_OID_TEXT, e[0].message, len);
			}
			store_log_free(e, ne);
			store_snap_free(snap);
		}
		r = emit(arg, row, 7);
	}
	free(b);
	return r;
}

/* ---- chrondb_branch_create(name [, from]) ---- */

/* success and message, ChronDB's two columns. */
static int emit_ok(exec_ctx *cx, exec_srf_emit emit, void *arg, const char *msg)
{
	exec_value row[2];

	row[0] = text_value(cx, "true");
	row[1] = text_value(cx, msg);
	return emit(arg, row, 2);
}

/*
 * Where a branch starts: the session's branch by default, a ref
 * (branch, tag, commit id, main~3, branch@time), or a text that reads
 * only as a time (the session's branch then).
 */
static int create_from(exec_ctx *cx, const char *from, store_snap **snap)
{
	exec_session *ss = session_of(cx);
	store_err again;

	if (from == NULL)
		return store_snap_branch(ss->s, ss->branch, snap, cx->err) == STORE_OK ? EXEC_OK
										       : EXEC_ERROR;
	if (store_snap_open(ss->s, from, snap, cx->err) == STORE_OK)
		return EXEC_OK;
	if (strcmp(cx->err->sqlstate, "42704") != 0 || strchr(from, '@') != NULL)
		return EXEC_ERROR;
	store_err_clear(&again);
	if (store_snap_open(ss->s, sql_arena_printf(cx->arena, "%s@%s", ss->branch, from), snap,
		    &again) == STORE_OK) {
		store_err_clear(cx->err);
		return EXEC_OK;
	}
	/* A time with no commit at or before it says so; what is no time keeps the ref's error. */
	if (strcmp(again.sqlstate, "22007") != 0)
		*cx->err = again;
	return EXEC_ERROR;
}

static int fn_create(exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	exec_session *ss = session_of(cx);
	const char *name = text_arg(cx, &args[0]);
	store_snap *snap = NULL;
	int r;

	if (not_in_block(cx, "chrondb_branch_create") != EXEC_OK)
		return EXEC_ERROR;
	if (nargs > 1 && args[1].type == EXEC_OID_TIMESTAMPTZ)
		r = store_snap_at_time(ss->s, ss->branch,
			    args[1].v.i + EXEC_EPOCH_DAYS * EXEC_USECS_PER_DAY, &snap,
			    cx->err) == STORE_OK
			    ? EXEC_OK
			    : EXEC_ERROR;
	else
		r = create_from(cx, nargs > 1 ? text_arg(cx, &args[1]) : NULL, &snap);
	if (r != EXEC_OK)
		return EXEC_ERROR;
	r = store_branch_create(ss->s, name, snap, cx->err);
	store_snap_free(snap);
	if (r != STORE_OK)
		return EXEC_ERROR;
	return emit_ok(cx, emit, arg, sql_arena_printf(cx->arena, "Branch %s created", name));
}

/* ---- chrondb_branch_delete(name) ---- */

static int fn_delete(exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	exec_session *ss = session_of(cx);
	const char *name = text_arg(cx, &args[0]);

	(void)nargs;
	if (not_in_block(cx, "chrondb_branch_delete") != EXEC_OK)
		return EXEC_ERROR;
	if (strcmp(name, store_default_branch(ss->s)) != 0 &&
		exec_activity_branch_check(ss, name, cx->err) != EXEC_OK)
		return EXEC_ERROR;
	if (store_branch_delete(ss->s, name, cx->err) != STORE_OK)
		return EXEC_ERROR;
	return emit_ok(cx, emit, arg, sql_arena_printf(cx->arena, "Branch %s deleted", name));
}

/* ---- chrondb_branch_checkout(name) ---- */

static int fn_checkout(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	exec_session *ss = session_of(cx);
	const char *name = text_arg(cx, &args[0]);
	exec_value row[3];

	(void)nargs;
	if (ss->cur == NULL)
		return store_err_set(cx->err, "55000", "chrondb_branch_checkout needs a session");
	if (exec_session_set(ss->cur, "chrondb.branch", name, false) != EXEC_OK)
		return EXEC_ERROR;
	row[0] = text_value(cx, "true");
	row[1] = text_value(cx, sql_arena_printf(cx->arena, "Switched to branch %s", name));
	row[2] = text_value(cx, ss->branch);
	return emit(arg, row, 3);
}

/* ---- chrondb_branch_merge(source, target [, strategy]) ---- */

static int fn_merge(exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	exec_session *ss = session_of(cx);
	const char *source, *target;
	store_merge_strategy strategy = STORE_MERGE_FAIL;
	store_merge_result res;
	store_txmeta meta;
	const char *msg;
	exec_value row[5];

	/* As a strict function would: a NULL source or target merges nothing. */
	if (args[0].isnull || args[1].isnull)
		return EXEC_OK;
	source = text_arg(cx, &args[0]);
	target = text_arg(cx, &args[1]);
	if (not_in_block(cx, "chrondb_branch_merge") != EXEC_OK)
		return EXEC_ERROR;
	if (nargs > 2 && !args[2].isnull) {
		const char *name = text_arg(cx, &args[2]);

		if (store_merge_strategy_named(name, &strategy) != STORE_OK) {
			store_err_set(cx->err, "22023", "invalid merge strategy \"%s\"", name);
			store_err_hint(cx->err,
				"The strategies are ours and theirs; none, or NULL, "
				"fails on conflicts.");
			return EXEC_ERROR;
		}
	}
	memset(&meta, 0, sizeof(meta));
	meta.user = ss->user;
	meta.origin = "sql";
	/* The rows the merge writes are locked as the statement would lock them. */
	if (store_merge(ss->s, source, target, strategy, &meta,
		    ss->cur != NULL ? exec_stmt_lock_wait_ms(ss->cur) : -1, &ss->cancel, &res,
		    cx->err) != STORE_OK)
		return ss->cur != NULL ? exec_stmt_lock_error(ss->cur) : EXEC_ERROR;

	switch (res.outcome) {
	case STORE_MERGE_UP_TO_DATE:
		msg = "Already up to date";
		break;
	case STORE_MERGE_FAST_FORWARD:
		msg = sql_arena_printf(cx->arena, "Fast-forwarded %s to %s", target, source);
		break;
	case STORE_MERGE_MERGED:
		msg = res.nconflicts == 0
			      ? sql_arena_printf(cx->arena, "Merged %s into %s", source, target)
			      : sql_arena_printf(cx->arena,
					"Merged %s into %s; %zu conflict%s resolved with %s",
					source, target, res.nconflicts,
					res.nconflicts == 1 ? "" : "s",
					store_merge_strategy_name(strategy));
		break;
	default:
		msg = sql_arena_printf(cx->arena,
			"Merge failed - conflicts detected: %zu conflict%s listed in chrondb.conflicts",
			res.nconflicts, res.nconflicts == 1 ? "" : "s");
		break;
	}
	row[0] = text_value(cx, res.outcome == STORE_MERGE_CONFLICTED ? "false" : "true");
	row[1] = text_value(cx, msg);
	row[2] = oid_value(cx, &res.head);
	row[3] = exec_bool(res.outcome == STORE_MERGE_FAST_FORWARD);
	row[4] = exec_int(
		EXEC_OID_INT4, res.outcome == STORE_MERGE_CONFLICTED ? (int64_t)res.nconflicts : 0);
	return emit(arg, row, 5);
}

/* ---- chrondb.conflicts ---- */

static const char *change_name(store_op op)
{
	switch (op) {
	case STORE_OP_INSERT:
		return "added";
	case STORE_OP_UPDATE:
		return "modified";
	case STORE_OP_DELETE:
		return "removed";
	}
	return NULL;
}

/* A version of a conflicting thing as jsonb: the document, or its text as a JSON string. */
static exec_value doc_value(exec_ctx *cx, store *s, const store_oid *blob)
{
	const exec_type *jsonb = exec_type_by_oid(EXEC_OID_JSONB);
	exec_value v = exec_null(EXEC_OID_JSONB);
	store_err e, *saved = cx->err;
	char *text;
	size_t len;

	store_err_clear(&e);
	if (store_oid_is_zero(blob) || store_blob(s, blob, &text, &len, &e) != STORE_OK)
		return v;
	cx->err = &e;
	if (jsonb->in(cx, text, len, EXEC_TYPMOD_NONE, &v) != EXEC_OK) {
		json_t *str = json_stringn(text, len);
		char *quoted = str != NULL ? json_dumps(str, JSON_ENCODE_ANY) : NULL;

		store_err_clear(&e);
		v = exec_null(EXEC_OID_JSONB);
		if (quoted == NULL ||
			jsonb->in(cx, quoted, strlen(quoted), EXEC_TYPMOD_NONE, &v) != EXEC_OK)
			v = exec_null(EXEC_OID_JSONB);
		free(quoted);
		json_decref(str);
	}
	cx->err = saved;
	free(text);
	return v;
}

int exec_conflict_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	store *s = session_of(cx)->s;
	store_conflict *c;
	size_t n;
	int r = EXEC_OK;

	(void)args;
	(void)nargs;
	if (store_conflicts(s, &c, &n, cx->err) != STORE_OK)
		return EXEC_ERROR;
	for (size_t i = 0; i < n && r == EXEC_OK; i++) {
		exec_value row[15], *cols = NULL;
		const char *kind = c[i].kind == STORE_CONFLICT_ROW     ? "row"
				   : c[i].kind == STORE_CONFLICT_DROP  ? "drop"
				   : c[i].kind == STORE_CONFLICT_ENTRY ? c[i].what
								       : "file";

		row[0] = text_value(cx, c[i].source);
		row[1] = text_value(cx, c[i].target);
		row[2] = text_value(cx, kind);
		row[3] = text_value(cx, c[i].table);
		row[4] = text_value(cx, c[i].key);
		row[5] = text_value(cx, change_name(c[i].ours));
		row[6] = text_value(cx, change_name(c[i].theirs));
		row[7] = exec_null(EXEC_OID_TEXT_ARRAY);
		if (c[i].ncolumns > 0) {
			cols = sql_arena_alloc(cx->arena, c[i].ncolumns * sizeof(*cols));
			for (size_t k = 0; k < c[i].ncolumns; k++)
				cols[k] = text_value(cx, c[i].columns[k]);
			row[7] = exec_array_value(
				EXEC_OID_TEXT_ARRAY, exec_array_new(cx->arena, EXEC_OID_TEXT, cols,
							     (uint32_t)c[i].ncolumns));
		}
		row[8] = doc_value(cx, s, &c[i].base_blob);
		row[9] = doc_value(cx, s, &c[i].ours_blob);
		row[10] = doc_value(cx, s, &c[i].theirs_blob);
		row[11] = oid_value(cx, &c[i].base);
		row[12] = oid_value(cx, &c[i].ours_commit);
		row[13] = oid_value(cx, &c[i].theirs_commit);
		row[14] = time_value(c[i].time_us);
		r = emit(arg, row, 15);
	}
	store_conflicts_free(c, n);
	return r;
}

/* ---- The table ---- */

#define T  EXEC_OID_TEXT
#define TZ EXEC_OID_TIMESTAMPTZ

const exec_srf exec_branch_srfs[] = {
	{"chrondb_branch_list", 0, {0}, 7, {BRANCH_COLS(COL_NAME)}, {BRANCH_COLS(COL_TYPE)}, false,
		exec_branch_rows, 0},
	{"chrondb_branch_create", 1, {T}, 2, {"success", "message"}, {T, T}, true, fn_create, 0},
	{"chrondb_branch_create", 2, {T, T}, 2, {"success", "message"}, {T, T}, true, fn_create, 0},
	{"chrondb_branch_create", 2, {T, TZ}, 2, {"success", "message"}, {T, T}, true, fn_create,
		0},
	{"chrondb_branch_delete", 1, {T}, 2, {"success", "message"}, {T, T}, true, fn_delete, 0},
	{"chrondb_branch_checkout", 1, {T}, 3, {"success", "message", "current_branch"}, {T, T, T},
		true, fn_checkout, 0},
	{"chrondb_branch_merge", 2, {T, T}, 5,
		{"success", "message", "commit", "fast_forward", "conflicts"},
		{T, T, T, EXEC_OID_BOOL, EXEC_OID_INT4}, true, fn_merge, 0},
	{"chrondb_branch_merge", 3, {T, T, T}, 5,
		{"success", "message", "commit", "fast_forward", "conflicts"},
		{T, T, T, EXEC_OID_BOOL, EXEC_OID_INT4}, false, fn_merge, 0},
};
const size_t exec_branch_nsrfs = EXEC_NELEM(exec_branch_srfs);
