/*
 * pack.h - Git packfiles and loose objects, read and written without libgit2.
 *
 * Why not libgit2's object database: its git_odb_read() holds one mutex per
 * repository for the whole read, decompression included, so concurrent
 * readers queue behind each other; and its pack backend rescans the pack
 * directory on misses.  The store needs lock-free reads from many threads
 * and a streaming writer for checkpoints (DESIGN.md sections 4 and 9).
 *
 * Writer: collects objects and writes pack-<sha>.pack plus a version 2
 * .idx, without delta search (a later repack adds deltas), fsyncs both,
 * renames them into place idx last, and fsyncs the directory.
 *
 * Reader: maps one .pack/.idx pair read-only.  All lookups are pure reads
 * of immutable memory, safe from any number of threads without locks.
 * OFS_DELTA and REF_DELTA (base in the same pack) are resolved.
 *
 * Loose objects: zlib-deflated "<type> <len>\0<data>" files under
 * objects/xx/yyyy..., as plain git writes them.
 */
#ifndef CHRONDB_STORAGE_PACK_H
#define CHRONDB_STORAGE_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "oid.h"

/* ---- Writer ---- */

typedef struct store_packw store_packw;

/*
 * Temporary files of a pack being written start with this, in git's
 * "tmp_" namespace but told apart from git's own, so that the store can
 * remove those a killed process left behind (store_pack_clean_tmp).
 */
#define STORE_PACK_TMP_PREFIX "tmp_chrondb_"

/*
 * Remove the temporary files of packs that were being written when a
 * process died.  Only for the store's lock holder: a pack being written
 * by a live writer would lose its file.
 */
void store_pack_clean_tmp(const char *pack_dir);

/*
 * Start a pack to be placed in pack_dir (objects/pack).  Temporary files
 * are created there with STORE_PACK_TMP_PREFIX.  level is zlib's, 0 to 9: 0
 * stores entries uncompressed, the cheapest to write (checkpoints), 9 the
 * smallest (repack).  NULL on error.  Caller ends it with
 * store_packw_finish or store_packw_abort.
 */
store_packw *store_packw_open(const char *pack_dir, int level, store_err *err);

/*
 * Append one object.  data is copied or compressed at once; the caller
 * keeps ownership.  oid must be the object's id (the caller computed it).
 * Adding the same oid twice is allowed and stores it once.
 */
int store_packw_add(store_packw *w, store_objtype type, const void *data, size_t len,
	const store_oid *oid, store_err *err);

/*
 * Longest delta chain store_packw_add_against builds, as git's default
 * --depth: reading an object applies at most this many deltas.
 */
#define STORE_PACK_MAX_DEPTH 50

/*
 * Append one object as a delta against base (an object already added to
 * this pack, whose content base_data/base_len is), when base's chain is
 * shorter than STORE_PACK_MAX_DEPTH and the delta takes at most half the
 * object's size; whole otherwise, as store_packw_add.  base may be NULL.
 */
int store_packw_add_against(store_packw *w, store_objtype type, const void *data, size_t len,
	const store_oid *oid, const store_oid *base, const void *base_data, size_t base_len,
	store_err *err);

/* Number of objects added so far. */
size_t store_packw_count(const store_packw *w);

/*
 * Finish: write the trailer and the .idx, fsync, rename to
 * pack-<hex>.pack / pack-<hex>.idx (.idx last), fsync the directory.
 * On success the base name "pack-<hex>" is copied to name_out (at least
 * 46 bytes).  Frees w in every case.  An empty pack writes nothing and
 * sets name_out to "".
 */
int store_packw_finish(store_packw *w, char *name_out, size_t name_sz, store_err *err);

/* Drop the pack being written, removing its temporary files. */
void store_packw_abort(store_packw *w);

/* ---- Reader ---- */

typedef struct store_pack store_pack;

/* Map pack_dir/<name>.pack and .idx ("pack-<hex>").  NULL on error. */
store_pack *store_pack_open(const char *pack_dir, const char *name, store_err *err);
void store_pack_close(store_pack *p);

/* Base name ("pack-<hex>"). */
const char *store_pack_name(const store_pack *p);

/* Number of objects in the pack. */
uint32_t store_pack_count(const store_pack *p);

/* The i-th object id in sorted order (0 <= i < count). */
void store_pack_oid_at(const store_pack *p, uint32_t i, store_oid *out);

/* 1 when the object is in the pack, 0 otherwise. */
int store_pack_has(const store_pack *p, const store_oid *oid);

/*
 * Read and inflate one object, resolving deltas.  On success *data is a
 * malloc'd buffer the caller frees (one extra NUL byte is appended past
 * *len for convenience).  STORE_NOTFOUND when absent, STORE_ERROR on
 * corruption (with err set).
 */
int store_pack_read(const store_pack *p, const store_oid *oid, store_objtype *type,
	unsigned char **data, size_t *len, store_err *err);

/*
 * Find objects whose hex id starts with the nhex-digit prefix.  Sets
 * *nfound to 0, 1 or 2 (2 means "two or more": ambiguous) and out to the
 * first match.
 */
void store_pack_find_prefix(
	const store_pack *p, const store_oid *prefix, size_t nhex, store_oid *out, int *nfound);

/* Size of the .pack file in bytes. */
uint64_t store_pack_size(const store_pack *p);

/*
 * Add every object of src to w, entry by entry: deltas stay deltas
 * against the same bases (their offsets rewritten), and an object w
 * holds already is skipped.  Each entry's data is copied as stored, or
 * with recompress inflated and deflated again at w's level.  Entries are
 * checked against the CRC in src's index first.  Packs merge by adding
 * each to one writer; a REF_DELTA's base must come from the same pack.
 */
int store_packw_add_pack(store_packw *w, const store_pack *src, int recompress, store_err *err);

/* ---- Loose objects ---- */

/* Same contract as store_pack_read, for objects_dir/xx/yyyy.... */
int store_loose_read(const char *objects_dir, const store_oid *oid, store_objtype *type,
	unsigned char **data, size_t *len, store_err *err);

/* Every loose object's id under objects_dir (*out malloc'd, caller frees). */
int store_loose_list(const char *objects_dir, store_oid **out, size_t *n, store_err *err);

/* Same contract as store_pack_find_prefix, scanning objects_dir/xx/. */
void store_loose_find_prefix(
	const char *objects_dir, const store_oid *prefix, size_t nhex, store_oid *out, int *nfound);

#endif
