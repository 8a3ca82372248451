/*
 * deparse.h - CHECK conditions, column defaults and view queries printed
 * as PostgreSQL prints what it stores (deparse.c): what
 * pg_get_constraintdef, pg_get_expr and pg_get_viewdef return, and so
 * what psql's \d, \d+ and \sv show.
 */
#ifndef CHRONDB_EXECUTOR_DEPARSE_H
#define CHRONDB_EXECUTOR_DEPARSE_H

#include "stmt.h"

/*
 * The stored expression sql of table t (NULL: an expression over no
 * table) as PostgreSQL 15 deparses its analyzed form; col, when given,
 * is the column whose default it is (coerced to its type as a stored
 * default is).  pretty is PostgreSQL's PRETTYFLAG_PAREN (the second
 * argument of pg_get_constraintdef and the third of pg_get_expr).
 * Analysis runs in statement st; the text lives in arena a.  NULL when
 * the text does not analyze or holds a node this printer cannot print:
 * the caller then shows the text as written.  Sets no error.
 */
const char *exec_deparse(exec_stmt *st, const cat_table *t, const cat_column *col, const char *sql,
	bool pretty, sql_arena *a);

/*
 * Query q, analyzed in c with c->keep_levels and c->keep_casts set, as
 * PostgreSQL 15's pg_get_viewdef prints a view of it, without the
 * final ';': its output columns named cols (ncols of them, the view's
 * names; they may be fewer than the columns), pretty PostgreSQL's
 * PRETTYFLAG_PAREN, wrap the column past which select and FROM lists
 * go on new lines (0: every item on a line of its own, as
 * pg_get_viewdef does by default; -1: never).  The text lives in arena
 * a.  NULL when q holds a form this printer cannot print exactly.
 */
const char *exec_deparse_view(an_ctx *c, const sql_select *q, const char *const *cols, int ncols,
	bool pretty, int wrap, sql_arena *a);

/*
 * The same for a view's stored query text sql, parsed and analyzed in
 * statement st (at its snapshot, with its transaction's changes).  NULL
 * when the text does not parse or analyze, or cannot be printed
 * exactly; sets no error.
 */
const char *exec_deparse_view_text(exec_stmt *st, const char *sql, const char *const *cols,
	int ncols, bool pretty, int wrap, sql_arena *a);

#endif
