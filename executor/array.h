/*
 * array.h - one-dimensional arrays of any element type: the value, its
 * text form, order and hash, the element <-> array type map, ANY/ALL,
 * and the set-returning-function hook shared with json.h.
 *
 * An array is PostgreSQL's one-dimensional array: a lower bound (1
 * unless written '[2:3]={...}'), a count and the element values, any
 * of which may be NULL.  An empty array has no dimensions at all, as
 * in PostgreSQL ('{}': array_length NULL, cardinality 0).  Arrays of
 * more than one dimension are refused at input with 0A000 "multidimensional
 * arrays are not supported" (PostgreSQL accepts them; nothing here
 * stores or operates on them yet).
 *
 * Text input and output follow PostgreSQL's array_in and array_out
 * exactly: quoting of empty strings, spaces, commas, braces, quotes,
 * backslashes and the word NULL; 22P02 'malformed array literal: "x"'
 * with its detail lines.  Elements go through their type's text input
 * and output (the registry), so arrays work for every element type
 * the registry knows.
 *
 * Not here: array subscripts and slices (the expression evaluator's),
 * casts between array types (exec_array_cast below does the work; the
 * analyzer decides when).
 */
#ifndef CHRONDB_EXECUTOR_ARRAY_H
#define CHRONDB_EXECUTOR_ARRAY_H

#include <stdbool.h>
#include <stdint.h>

#include "func.h"

struct exec_array {
	exec_oid elemtype;       /* the elements' type (never an array type) */
	int32_t lbound;          /* index of elems[0]: 1 unless given; 1 for an empty array */
	uint32_t count;          /* 0: the empty array, which has no dimensions */
	const exec_value *elems; /* count values of elemtype; isnull for NULL elements */
};

/* An array value (borrowed). */
static inline exec_value exec_array_value(exec_oid arraytype, const exec_array *a)
{
	exec_value v;

	v.type = arraytype;
	v.isnull = false;
	v.v.arr = a;
	return v;
}

/*
 * The array type of an element type (EXEC_OID_INT4 -> EXEC_OID_INT4_ARRAY)
 * and back; 0 when there is none.  The same pairs fill the type table's
 * elem and array fields.
 */
exec_oid exec_array_type_of(exec_oid elemtype);
exec_oid exec_array_elem_of(exec_oid arraytype);

/* A new array in arena a with count elements copied from elems (lower bound 1). */
const exec_array *exec_array_new(
	sql_arena *a, exec_oid elemtype, const exec_value *elems, uint32_t count);

/*
 * Text input of an array of elemtype; typmod applies to each element
 * (varchar(3)[] truncates or rejects as varchar(3) does).  *out is an
 * array value of the matching array type.
 */
int exec_array_in(exec_ctx *cx, exec_oid elemtype, const char *text, size_t len, int32_t typmod,
	exec_value *out);

/* array_out: '{1,2,3}', '{"a b",NULL}', '[2:3]={1,2}'. */
int exec_array_out(exec_ctx *cx, const exec_array *a, store_buf *buf);

/*
 * Order as PostgreSQL's btarraycmp: element by element (NULL after any
 * value, NULLs equal), then the shorter first, then the lower bound.
 * Elements compare with their type's order (exec_value_cmp).
 */
int exec_array_cmp(const exec_array *a, const exec_array *b);
uint64_t exec_array_hash(const exec_array *a);

/*
 * Cast every element of an array value to the element type of the
 * array type `to` (with typmod, in context cc): int4[] -> int8[],
 * text[] -> int4[], varchar[] -> varchar(3)[].
 */
int exec_array_cast(exec_ctx *cx, const exec_value *in, exec_oid to, int32_t typmod,
	exec_cast_context cc, exec_value *out);

/*
 * scalar op ANY (array) and scalar op ALL (array), with SQL's
 * three-valued logic: op is called as fn(cx, {scalar, element}, 2,
 * &result) for each element and must give a bool.  ANY is true when
 * some comparison is true, else NULL when the scalar, an element or a
 * comparison was NULL, else false; ALL is false when some comparison is
 * false, else NULL when any was NULL, else true.  An empty array gives
 * false for ANY and true for ALL, even with a NULL scalar.  A strict op
 * (every operator here) is not called with a NULL; pass strict = false
 * to hand NULLs to fn.  A NULL array gives NULL.  *out is a bool value.
 */
int exec_array_any_all(exec_ctx *cx, exec_fn fn, bool strict, const exec_value *scalar,
	const exec_value *array, bool all, exec_value *out);

/*
 * A set-returning function (PostgreSQL's proretset): the executor calls
 * fn once per call site with the arguments; fn calls emit once per row
 * with ncols values (emit returns EXEC_OK, or EXEC_ERROR to stop with
 * the error set in cx->err, which fn then returns).  A result column of
 * type EXEC_OID_ANYELEMENT takes the element type of the anyarray
 * argument (unnest).  Strict entries are not called when an argument is
 * NULL: they return no rows.
 *
 * XXX: func.h has no entry for set-returning functions yet; this hook
 * lives here until the executor's function scans bring one, when it
 * moves to func.h unchanged.
 */
typedef int (*exec_srf_emit)(void *arg, const exec_value *cols, int ncols);

#define EXEC_SRF_MAXCOLS 7 /* chrondb_history's and chrondb_branch_list's seven */

typedef struct exec_srf {
	const char *name;
	int nargs;
	exec_oid args[4];
	int ncols; /* 0: the arguments decide the columns (history.h's exec_hist_columns) */
	const char *colnames[EXEC_SRF_MAXCOLS]; /* the OUT parameters; one column: its name */
	exec_oid coltypes[EXEC_SRF_MAXCOLS];
	bool strict;
	int (*fn)(exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg);
	uint32_t oid; /* pg_proc.oid */
} exec_srf;

/* unnest(anyarray): one row per element, NULLs included. */
extern const exec_srf exec_array_srfs[];
extern const size_t exec_array_nsrfs;

#endif
