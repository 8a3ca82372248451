/*
 * index.h - secondary indexes (prefix exec_idx_): those of CREATE
 * INDEX, the implicit ones of UNIQUE constraints and of the primary key,
 * kept beside Git and derived from it (DESIGN.md section 4).
 *
 * An index maps the values of its columns to the rows holding them.  Its
 * entries are byte strings: each column's value in an order-preserving
 * encoding (memcmp order is the type's btree order; NULL after every
 * value, as PostgreSQL sorts it by default), then the row's key.  They
 * live in persistent B+ trees (idxtree.h).
 *
 * Versions.  Rows are content-addressed, so the index of a table at a
 * snapshot is a function of the table's tree id: a version is keyed by
 * that id and never goes stale.  The first use of an index reads the
 * table once and builds a version; every later snapshot's version is
 * derived from the most recently used one of the same index by a diff
 * of the two trees (store_table_diff), at the cost of the rows that
 * differ, whichever snapshot it is: a branch head after a commit, an
 * old commit, another branch.  Versions share the nodes they have in
 * common.  The cache is per store, shared by its sessions (threads),
 * and bounded in bytes and in versions per index; what it evicts is
 * derived again when needed.  Nothing is written to disk: after a
 * restart an index is built again on its first use.
 *
 * A transaction's own writes.  A transaction reading at a snapshot also
 * sees the rows it wrote, which no committed tree holds.  Each reader
 * of an index within a transaction keeps an overlay: the entries of
 * every version of a row the transaction wrote (storage's row log),
 * brought up to date when a scan opens.  A scan merges the snapshot's
 * version and the overlay, so its candidates are a superset of the
 * matching rows; the caller reads each candidate as the transaction
 * sees it and keeps it only if its entry is the one the row has now
 * (exec_idx_row_key), which drops stale and doubled candidates.
 */
#ifndef CHRONDB_EXECUTOR_INDEX_H
#define CHRONDB_EXECUTOR_INDEX_H

#include "catalog.h"
#include "store.h"

#define EXEC_IDX_MAXCOLS 16

/* An index of a table as the planner and the executor use it. */
typedef struct exec_idx_def {
	const char *name; /* the index's; a UNIQUE constraint's own; "<table>_pkey" */
	int ncols;
	int cols[EXEC_IDX_MAXCOLS]; /* the table's columns, leading first */
	bool unique;
	bool primary; /* the primary key's */
} exec_idx_def;

/*
 * The indexes of t, in arena a: its CREATE INDEX ones, then its UNIQUE
 * constraints', then the primary key's.  An index with a column whose
 * type has no key encoding is left out.  Returns how many.
 */
int exec_idx_list(sql_arena *a, const cat_table *t, exec_idx_def **out);

/* Whether values of type have a key encoding (can be indexed). */
bool exec_idx_type_ok(exec_oid type);

/*
 * Whether an index on a column of type col can be searched for values
 * of type val: the same type, or two of one family whose comparisons
 * agree with the encoding (the integers, the floats, the strings).
 */
bool exec_idx_comparable(exec_oid col, exec_oid val);

/*
 * One value's part of a key (NULL too), appended to out; EXEC_ERROR
 * with 0A000 for a type without an encoding.  A value encodes as its own
 * type does, so an int4 and an int8 of equal value give equal parts.
 */
int exec_idx_key_part(exec_ctx *cx, const exec_value *v, store_buf *out);

/* The key of a row of the table (its columns' values) under def, appended to out. */
int exec_idx_row_key(exec_ctx *cx, const exec_idx_def *def, const exec_value *row, store_buf *out);

/*
 * The smallest byte string greater than every string that starts with
 * prefix, written over prefix (*len shortened): false when there is none
 * (the prefix is all 0xff).
 */
bool exec_idx_successor(unsigned char *prefix, size_t *len);

/* ---- Reading ---- */

typedef struct exec_idx_reader exec_idx_reader;

/*
 * Open index def of table t as tx sees it at snap (tx NULL: the
 * snapshot alone).  Builds or derives the snapshot's version when the
 * cache has none, and brings the transaction's overlay up to date.
 * Errors: reading rows (a document that does not decode), 42P01.
 */
int exec_idx_open(exec_ctx *cx, store_snap *snap, store_tx *tx, const cat_table *t,
	const exec_idx_def *def, exec_idx_reader **out);

/*
 * Position on the entries in [start, end) (NULL: from the first, to the
 * last), ascending or, backward, descending.
 */
void exec_idx_range(exec_idx_reader *r, const unsigned char *start, size_t startlen,
	const unsigned char *end, size_t endlen, bool backward);

/*
 * The next candidate of the range: 1 with its row key and its entry's
 * key part (valid until the next call), 0 at the end.  *blob is the
 * row's blob at the snapshot when the candidate came from the
 * snapshot's version and the transaction wrote no row under its key
 * (read it with store_blob); NULL when the row must be read as the
 * transaction sees it (store_tx_read).
 */
int exec_idx_next(exec_idx_reader *r, const char **key, size_t *keylen, const unsigned char **ik,
	size_t *iklen, const store_oid **blob);

/*
 * A candidate's row: through its blob when exec_idx_next gave one, else
 * as tx sees it at snap (tx NULL: the snapshot's).  As store_get: *json
 * malloc'd (the caller frees), STORE_NOTFOUND when there is none now.
 */
int exec_idx_row(store_snap *snap, store_tx *tx, const char *table, const char *key, size_t keylen,
	const store_oid *blob, char **json, size_t *len, store_err *err);

void exec_idx_close(exec_idx_reader *r);

/*
 * How many rows of t, as tx sees them at snap, have index key `key`
 * under def (all its columns' parts): counted up to limit.  The
 * candidates are checked as a scan checks them.
 */
int exec_idx_count(exec_ctx *cx, store_snap *snap, store_tx *tx, const cat_table *t,
	const exec_idx_def *def, const unsigned char *key, size_t keylen, int limit, int *count);

/* ---- The cache ---- */

typedef struct exec_idx_stats {
	uint64_t builds;    /* versions built by reading a whole table */
	uint64_t derives;   /* versions derived from another by a diff */
	uint64_t hits;      /* opens that found their version cached */
	uint64_t rows_read; /* documents decoded for builds and derivations */
	size_t bytes;       /* what the cached versions hold */
	size_t versions;    /* versions cached */
} exec_idx_stats;

void exec_idx_get_stats(store *s, exec_idx_stats *out);

/* Bound the cache of s to bytes (default EXEC_IDX_CACHE_BYTES); evicts now if over. */
void exec_idx_set_limit(store *s, size_t bytes);

#define EXEC_IDX_CACHE_BYTES ((size_t)512 << 20)

#endif
