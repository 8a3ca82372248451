/*
 * explain.c - EXPLAIN: the plan tree as text.  (Being written.)
 */
#include "stmt.h"

int exec_explain(exec_stmt *st, sql_explain *n)
{
	(void)n;
	return store_err_set(st->err, "0A000", "explain is not implemented yet");
}
