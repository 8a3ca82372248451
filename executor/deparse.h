/*
 * deparse.h - CHECK conditions and column defaults printed as PostgreSQL
 * prints the expressions it stores (deparse.c): what pg_get_constraintdef
 * and pg_get_expr return, and so what psql's \d shows.
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

#endif
