/*
 * dml.c - INSERT, UPDATE, DELETE, TRUNCATE.  (Being written.)
 */
#include "stmt.h"

int exec_insert(exec_stmt *st, sql_insert *n)
{
	(void)n;
	return store_err_set(st->err, "0A000", "insert is not implemented yet");
}

int exec_update(exec_stmt *st, sql_update *n)
{
	(void)n;
	return store_err_set(st->err, "0A000", "update is not implemented yet");
}

int exec_delete(exec_stmt *st, sql_delete *n)
{
	(void)n;
	return store_err_set(st->err, "0A000", "delete is not implemented yet");
}

int exec_truncate(exec_stmt *st, sql_truncate *n)
{
	(void)n;
	return store_err_set(st->err, "0A000", "truncate is not implemented yet");
}

int exec_insert_rows(exec_stmt *st, store_tx *tx, const cat_table *t, const plan_node *p,
	uint64_t *count)
{
	(void)tx;
	(void)t;
	(void)p;
	*count = 0;
	return store_err_set(st->err, "0A000", "insert rows is not implemented yet");
}

int exec_rekey_table(exec_stmt *st, store_tx *tx, const cat_table *t)
{
	(void)tx;
	(void)t;
	return store_err_set(st->err, "0A000", "rekey is not implemented yet");
}
