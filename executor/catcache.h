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

#endif
