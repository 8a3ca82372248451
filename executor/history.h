/*
 * history.h - ChronDB's history in SQL (prefix exec_hist_): the
 * functions chrondb_history, chrondb_at and chrondb_diff, the relations
 * of the chrondb schema that read Git (chrondb.log, chrondb.diff,
 * chrondb.history, chrondb.blame, chrondb.tags), and the writes
 * chrondb_restore and chrondb_revert (DESIGN.md section 6, the
 * inventory's section 4.4 for ChronDB's names and columns).
 *
 * Everything reads committed history at the statement's snapshot of the
 * session's branch (or of the branch a schema-qualified table names):
 * what a transaction has not committed is not history yet.  A ref is
 * any revision storage resolves (a branch, a tag, a full or abbreviated
 * commit id, `main~3`, `v1^2`, `@<time>`), else a time (a timestamptz
 * value, or text that reads as one in the session's TimeZone): the
 * branch's latest commit at or before it.  Unknown refs are 42704,
 * malformed ones 22P02, a time before the branch's first commit 22008.
 *
 * The functions and the relations read Git a row at a time (srf.h's
 * cursors), so that `LIMIT 1` over the log of a long branch reads one
 * commit.  Costs: a row's history is O(its versions) through storage's
 * row-history index; a diff is O(the rows that changed) through
 * store_table_diff; the log is O(the commits read); blame is O(rows),
 * one index probe each; a table's history without a key is O(commits
 * read), a first-parent diff of each.
 *
 * The relations take their parameters from WHERE: a condition
 * `column = value` (a constant or a parameter) on a parameter column is
 * handed to the row function (select.c, unit_quals), which then makes
 * only those rows; without one the parameter takes its default.  The
 * condition stays and is checked on every row, so other forms (IN, OR)
 * are correct filters of the default's rows.
 */
#ifndef CHRONDB_EXECUTOR_HISTORY_H
#define CHRONDB_EXECUTOR_HISTORY_H

#include "analyze.h"
#include "srf.h"
#include "syscat.h"

/* chrondb_history, chrondb_at, chrondb_diff (srf.c's lookup lists them). */
extern const exec_srf exec_hist_srfs[];
extern const size_t exec_hist_nsrfs;

/* Their cursors and the chrondb relations' (srf.c finds them by fn). */
extern const exec_srf_cursor exec_hist_cursors[];
extern const size_t exec_hist_ncursors;

/*
 * The chrondb relations' columns, parameters and row functions, for
 * syscat.c's table of system relations (the *_NCOLS give the arrays'
 * lengths there).
 */
#define EXEC_HIST_LOG_NCOLS     18
#define EXEC_HIST_DIFF_NCOLS    10
#define EXEC_HIST_HISTORY_NCOLS 9
#define EXEC_HIST_BLAME_NCOLS   8
#define EXEC_HIST_TAGS_NCOLS    6

extern const exec_syscol exec_hist_log_cols[EXEC_HIST_LOG_NCOLS];
extern const exec_syscol exec_hist_diff_cols[EXEC_HIST_DIFF_NCOLS];
extern const exec_syscol exec_hist_history_cols[EXEC_HIST_HISTORY_NCOLS];
extern const exec_syscol exec_hist_blame_cols[EXEC_HIST_BLAME_NCOLS];
extern const exec_syscol exec_hist_tags_cols[EXEC_HIST_TAGS_NCOLS];

extern const char *const exec_hist_log_params[];
extern const char *const exec_hist_diff_params[];
extern const char *const exec_hist_history_params[];
extern const char *const exec_hist_blame_params[];

int exec_hist_log_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg);
int exec_hist_diff_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg);
int exec_hist_history_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg);
int exec_hist_blame_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg);
int exec_hist_tags_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg);

/*
 * The columns of a function in FROM whose columns its arguments decide
 * (an exec_srf with ncols 0: chrondb_at gives the columns of the table
 * its first argument names, which must be a constant): *desc filled in
 * c's arena.  0A000 for an argument that is not constant, 42P01 for an
 * unknown table.
 */
int exec_hist_columns(an_ctx *c, const exec_srf *srf, exec_expr *const *args, int nargs, int loc,
	exec_tupdesc *desc);

#endif
