/*
 * chrondb.c - ChronDB's own statements: SHOW TABLES, SHOW SCHEMAS,
 * DESCRIBE, validation schemas.  (Being written.)
 */
#include "stmt.h"

int exec_show_tables(exec_stmt *st, sql_show_tables *n)
{
	(void)n;
	return store_err_set(st->err, "0A000", "show tables is not implemented yet");
}

int exec_show_schemas(exec_stmt *st, sql_show_schemas *n)
{
	(void)n;
	return store_err_set(st->err, "0A000", "show schemas is not implemented yet");
}

int exec_describe(exec_stmt *st, sql_describe *n)
{
	(void)n;
	return store_err_set(st->err, "0A000", "describe is not implemented yet");
}

int exec_create_validation(exec_stmt *st, sql_create_validation *n)
{
	(void)n;
	return store_err_set(st->err, "0A000", "create validation is not implemented yet");
}

int exec_drop_validation(exec_stmt *st, sql_drop_validation *n)
{
	(void)n;
	return store_err_set(st->err, "0A000", "drop validation is not implemented yet");
}

int exec_show_validation(exec_stmt *st, sql_show_validation *n)
{
	(void)n;
	return store_err_set(st->err, "0A000", "show validation is not implemented yet");
}

int exec_validate_row(exec_stmt *st, store_tx *tx, const char *table, const char *json, size_t len)
{
	(void)st;
	(void)tx;
	(void)table;
	(void)json;
	(void)len;
	return EXEC_OK;
}
