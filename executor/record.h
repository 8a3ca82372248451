/*
 * record.h - anonymous rows: the record type (OID 2249), what ROW(...),
 * a whole-row reference (`SELECT t FROM t`, `to_jsonb(t)`) and a
 * multi-column set-returning function in a select list evaluate to.
 *
 * A record is a count, the field values (each with its own type, NULL
 * fields included) and the field names, which to_jsonb and row_to_json
 * print and field selection ((r).name) resolves at analysis.  Text
 * output is PostgreSQL's record_out: `(1,x,)`, a field quoted when it is
 * empty or holds a quote, backslash, parenthesis, comma or white space,
 * with quotes and backslashes doubled inside.  Input is refused as
 * PostgreSQL refuses it for anonymous records (0A000).
 *
 * Order and equality are PostgreSQL's record_cmp and record_eq, the
 * ones btree and hash use (ORDER BY, DISTINCT, `t1 = t2`): field by
 * field, two NULLs equal and NULL after any value, then the shorter
 * record first.  ROW(a, b) = ROW(c, d) written with row constructors is
 * not this: the analyzer compares such rows field by field with SQL's
 * NULL semantics, as PostgreSQL's RowCompareExpr does.
 *
 * XXX: a whole-row reference is typed record, not the table's own row
 * type as in PostgreSQL (there are no composite types in the registry):
 * RowDescription says 2249 where PostgreSQL gives the table's type, and
 * messages name the type "record" where PostgreSQL names the table.
 */
#ifndef CHRONDB_EXECUTOR_RECORD_H
#define CHRONDB_EXECUTOR_RECORD_H

#include "func.h"

struct exec_record {
	int ncols;
	const char *const *names; /* ncols field names */
	const exec_value *vals;   /* ncols values, NULLs typed */
};

/* A record value (borrowed). */
static inline exec_value exec_record_value(const exec_record *r)
{
	exec_value v;

	v.type = EXEC_OID_RECORD;
	v.isnull = false;
	v.v.rec = r;
	return v;
}

/* A new record in arena a, names and values copied (the names' strings are shared). */
const exec_record *exec_record_new(
	sql_arena *a, int ncols, const char *const *names, const exec_value *vals);

/* record_out: "(1,x,)", '(1,"a b","{1,2}")'. */
int exec_record_out(exec_ctx *cx, const exec_record *r, store_buf *buf);

/* record_cmp, without errors: fields whose types differ or have no order compare equal. */
int exec_record_cmp(const exec_record *a, const exec_record *b);
uint64_t exec_record_hash(const exec_record *r);

/* Whether every field is NULL (IS NULL of a row), or none is (IS NOT NULL). */
bool exec_record_all_null(const exec_record *r, bool want_null);

#endif
