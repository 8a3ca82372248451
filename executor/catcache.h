/*
 * catcache.h - parsed table definitions shared by every session of the
 * process (prefix cat_cache_).
 *
 * A table's definition is parsed from its catalog text once and then
 * found by that text: the same text always gives the same definition, so
 * the cache is never stale, whatever branch, snapshot or transaction the
 * text came from.  A definition handed out is immutable and stays valid
 * until its reference is released.
 */
#ifndef CHRONDB_EXECUTOR_CATCACHE_H
#define CHRONDB_EXECUTOR_CATCACHE_H

#include "catalog.h"

typedef struct cat_cached cat_cached;

/*
 * The definition of table name whose catalog entry is json[0..len):
 * *ref is the reference to release (cat_cache_release) once the caller
 * is done with it.  NULL with err set when the text does not parse.
 */
const cat_table *cat_cache_get(
	const char *json, size_t len, const char *name, cat_cached **ref, store_err *err);

/* Whether ref is the definition of the catalog text json[0..len) (NULL ref: no). */
bool cat_cache_is(const cat_cached *ref, const char *json, size_t len);

/* Drop a reference cat_cache_get gave; NULL is fine. */
void cat_cache_release(cat_cached *ref);

/*
 * What users derive from a definition once and keep with it, one slot
 * per column (dml.c keeps each column's analyzed DEFAULT): memo gives
 * slot i's value and whether one is kept; memo_keep keeps copy(a, v),
 * made in the definition's memory, unless a value is kept already, and
 * gives the one kept.  copy may return NULL: "nothing to keep" is kept
 * too, so the slot is not tried again.  Both are safe from any thread.
 */
const void *cat_cache_memo(cat_cached *ref, int i, bool *kept);
const void *cat_cache_memo_keep(cat_cached *ref, int i,
	void *(*copy)(sql_arena *a, const void *v), const void *v);

#endif
