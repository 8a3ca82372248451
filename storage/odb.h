/*
 * odb.h - the store's object database: memory, packs, loose objects.
 *
 * New objects are hashed and kept in memory (a "generation") until the
 * checkpointer writes them into a pack; objects on disk are read from
 * packs with our own reader (pack.h) and from loose files that plain git
 * may have written.  Lookups go: the open generation, generations being
 * checkpointed, the cache, the packs, loose files.
 *
 * Concurrency: any number of threads read and write at once.  Memory
 * tables and the cache are split into shards, each with a mutex held for
 * a hash probe and a reference-count increment, never across I/O or
 * decompression; the pack list is an immutable array swapped atomically.
 * Readers never wait for a writer's commit or for a checkpoint.
 *
 * Objects are reference-counted; a reader keeps one alive after the
 * generation or cache entry that held it goes away.
 */
#ifndef CHRONDB_STORAGE_ODB_H
#define CHRONDB_STORAGE_ODB_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "oid.h"

typedef struct store_obj {
	atomic_int refs;
	store_objtype type;
	store_oid oid;
	uint64_t seq;    /* in a generation: order of creation */
	store_oid newer; /* in a generation: what replaced it at its path (zero: nothing) */
	size_t len;
	unsigned char data[]; /* len bytes plus a NUL */
} store_obj;

/* Drop a reference; frees the object at zero.  NULL is fine. */
void store_obj_unref(store_obj *o);

static inline store_obj *store_obj_ref(store_obj *o)
{
	atomic_fetch_add_explicit(&o->refs, 1, memory_order_relaxed);
	return o;
}

typedef struct store_odb store_odb;

/*
 * Open the objects directory (DATA/objects), loading every pack in
 * objects/pack.  cache_bytes bounds the cache of objects read from disk.
 */
int store_odb_open(store_odb **out, const char *objects_dir, size_t cache_bytes, store_err *err);
void store_odb_close(store_odb *db);

/*
 * Look an object up.  On success *out holds a reference the caller drops
 * with store_obj_unref.  STORE_NOTFOUND when absent, STORE_ERROR on a
 * read error or corruption (err set).
 */
int store_odb_read(store_odb *db, const store_oid *oid, store_obj **out, store_err *err);

/* Like store_odb_read, but also checks the type (mismatch: XX001). */
int store_odb_read_type(
	store_odb *db, const store_oid *oid, store_objtype type, store_obj **out, store_err *err);

/* 1 when the object exists anywhere, 0 otherwise. */
int store_odb_exists(store_odb *db, const store_oid *oid);

/*
 * Hash an object and add it to the open generation (a no-op if it
 * exists in memory already).  *oid receives its id.
 */
void store_odb_write(
	store_odb *db, store_objtype type, const void *data, size_t len, store_oid *oid);

/*
 * Record that the object newer replaced old at the same path (the next
 * version of a tree or a row).  When both are in the open generation,
 * its pack stores old as a delta against newer: the newest version stays
 * whole, the older ones become small.  A hint that cannot be used is
 * dropped.
 */
void store_odb_supersede(store_odb *db, const store_oid *old, const store_oid *newer);

/*
 * Resolve a hex prefix (4..40 digits) to an object id anywhere.
 * STORE_NOTFOUND when nothing matches; STORE_ERROR with SQLSTATE 42704 and
 * "ambiguous" in the message when several do.
 */
int store_odb_find_prefix(
	store_odb *db, const char *hex, size_t nhex, store_oid *out, store_err *err);

/* ---- Checkpoint support ---- */

typedef struct store_odb_gen store_odb_gen;

/*
 * Close the open generation and start a new one for later writes.  The
 * sealed generation stays readable until store_odb_retire.  Returns once
 * no write into the sealed generation is still under way.
 */
store_odb_gen *store_odb_seal(store_odb *db);

/* Number of objects and bytes in a sealed generation. */
size_t store_odb_gen_count(const store_odb_gen *g);
size_t store_odb_gen_bytes(const store_odb_gen *g);

/*
 * Write every object of a sealed generation into one new pack and make
 * that pack readable, newest first, each older version of a path as a
 * delta against the next (store_odb_supersede).  The generation stays in
 * memory.
 */
int store_odb_gen_pack(store_odb *db, store_odb_gen *g, store_err *err);

/* Drop a packed generation from memory. */
void store_odb_retire(store_odb *db, store_odb_gen *g);

/* Bytes held by every generation not yet retired: what memory holds. */
size_t store_odb_mem_bytes(store_odb *db);

/* Bytes held by the open generation (for checkpoint scheduling). */
size_t store_odb_open_bytes(store_odb *db);

/*
 * Rescan objects/pack: open new packs, drop packs whose files are gone
 * (after a repack).  Readers in flight keep the old mapping alive.
 */
int store_odb_rescan(store_odb *db, store_err *err);

/*
 * Merge the small packs that break a twofold progression of sizes
 * (git's geometric repack) into one new pack, entries copied as stored,
 * then remove them: run after each checkpoint, this keeps the number of
 * packs logarithmic.  Packs with a .keep file are left alone.  *merged
 * receives how many packs were replaced, 0 when there was nothing to do.
 * Readers go on reading the old packs until they are done with them.
 */
int store_odb_merge(store_odb *db, size_t *merged, store_err *err);

/*
 * VACUUM: rewrite every object into one pack.  First what the roots
 * reach (refs: commits, tags, trees), walking commits newest first and
 * storing each tree and blob as a delta against the next newer version
 * at the same path, as git's repack finds by searching; then every other
 * object of the old packs and loose files, so that nothing a running
 * transaction might still reuse disappears.  Entries are deflated at
 * level.  The old packs (not .keep ones) and loose files are removed.
 */
int store_odb_repack(
	store_odb *db, const store_oid *roots, size_t nroots, int level, store_err *err);

/* Number of packs currently open. */
size_t store_odb_pack_count(store_odb *db);

#endif
