/*
 * srf.h - set-returning functions, in FROM and in select lists: the
 * lookup over every module's table (array.h's exec_srf) and the series
 * generators, which belong to no one type family.
 *
 * Resolution is the function rules of func.h reduced to what these need:
 * the name, the argument count, then exact types before implicit casts,
 * in table order; unknown literals fit any argument.  A polymorphic
 * argument (anyarray) fixes the result (its element type).
 */
#ifndef CHRONDB_EXECUTOR_SRF_H
#define CHRONDB_EXECUTOR_SRF_H

#include "array.h"

/* regexp_matches, regexp_split_to_table (string.c). */
extern const exec_srf exec_string_srfs[];
extern const size_t exec_string_nsrfs;

/* generate_series over int4, int8, numeric, timestamp and timestamptz. */
extern const exec_srf exec_series_srfs[];
extern const size_t exec_series_nsrfs;

/*
 * The function name(types) resolves to; *result is the type of its only
 * column when it has one (polymorphism resolved).  NULL with 42883 (and
 * PostgreSQL's hint) when none fits.
 */
const exec_srf *exec_srf_resolve(
	const char *name, const exec_oid *types, int nargs, exec_oid *result, store_err *err);

/* The i-th set-returning function in lookup order (pg_proc lists them), NULL past the last. */
const exec_srf *exec_srf_nth(size_t i);

/* Whether some set-returning function has this name (a call of it is then an SRF call). */
bool exec_srf_named(const char *name);

/* The type argument i must be cast to for f (types: the arguments' own). */
exec_oid exec_srf_arg_type(const exec_srf *f, int i, const exec_oid *types, int nargs);

/*
 * A set-returning function read a row at a time: those that read Git
 * history (history.h), whose reading a LIMIT, or a client that wants
 * the first row only, should cut short.  A function in FROM is read
 * through its cursor when it has one; elsewhere (a select list) its fn
 * drains the cursor (exec_srf_cursor_drain), as every function's fn
 * emits all its rows.
 *
 * open makes the state for the arguments (a NULL argument is passed to
 * a non-strict function only): in arena a, which lives until after
 * close, or malloc'd and freed by close; arguments it keeps are copied,
 * they go at the next row.  next gives one row, *ncols values in
 * cx->arena (valid until the next call): 1, 0 after the last,
 * EXEC_ERROR with cx->err set.  close runs once, whatever happened,
 * even after a failed open (which sets *state first, so that close
 * finds what it has to free).
 */
typedef struct exec_srf_cursor {
	int (*fn)(exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit,
		void *arg); /* the fn of the function this cursor reads */
	int (*open)(exec_ctx *cx, sql_arena *a, const exec_value *args, int nargs, void **state);
	int (*next)(void *state, exec_ctx *cx, const exec_value **cols, int *ncols);
	void (*close)(void *state);
} exec_srf_cursor;

/* The cursor of f, or NULL when f only emits. */
const exec_srf_cursor *exec_srf_cursor_of(const exec_srf *f);

/* All of a cursor's rows through emit: what its function's fn does. */
int exec_srf_cursor_drain(const exec_srf_cursor *cur, exec_ctx *cx, const exec_value *args,
	int nargs, exec_srf_emit emit, void *arg);

#endif
