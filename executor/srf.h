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

#endif
