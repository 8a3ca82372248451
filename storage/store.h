/*
 * store.h - the Git document store: the only storage API the executor
 * and the tools use.
 *
 * The data directory is a bare Git repository.  Tables are directories of
 * canonical JSON rows; the catalog lives in .chrondb/tables/<table>.json;
 * every transaction is one commit with a JSON note on refs/notes/chrondb
 * (DESIGN.md sections 3-5).  Server-private state (WAL, indexes, lock)
 * lives in DATA/chrondb/ and is never needed to read the data with git.
 *
 * Threads: a store is shared by all threads.  Snapshots are immutable
 * and can be read from any thread; a transaction belongs to one thread at
 * a time.  Reads never wait for writers.
 *
 * Keys: rows are addressed by their encoded key name (keycodec.h): the
 * primary key percent-encoded, composite parts joined with ','.
 *
 * Names: tables, sequences, views and validation schemas are named by
 * any PostgreSQL identifier, 1 to 63 bytes of UTF-8 (42602 otherwise),
 * always the real name here: storage encodes it into tree paths
 * (keycodec.h, store_table_encode) and decodes the paths it lists.
 *
 * Errors: every function returns STORE_OK, STORE_NOTFOUND (an expected
 * miss, err untouched) or STORE_ERROR (err set with a SQLSTATE).
 */
#ifndef CHRONDB_STORAGE_STORE_H
#define CHRONDB_STORAGE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <stdatomic.h>

#include "error.h"
#include "oid.h"

typedef struct store store;
typedef struct store_snap store_snap;
typedef struct store_tx store_tx;

/* ---- Opening ---- */

typedef struct store_opts {
	const char *default_branch;  /* "main" */
	const char *committer_name;  /* "ChronDB" */
	const char *committer_email; /* "chrondb@localhost" */
	int sync;                    /* fsync the WAL on commit (default 1) */
	size_t checkpoint_bytes;     /* checkpoint after this much new object data (64 MiB) */
	int checkpoint_interval_ms;  /* and at least this often when there is work (5000) */
	size_t cache_bytes;          /* read cache for objects from disk (256 MiB) */
	size_t memory_limit;         /* commits wait while memory holds more objects than this
	                                (0: 4 x checkpoint_bytes); background checkpoints only */
	int background;              /* run the checkpointer thread (default 1) */
	int ref_poll_ms; /* with background: look this often for branch refs that git moved
	                    (store_refs_poll; default 1000, 0: never) */

	/*
	 * Where the store's log lines go (a checkpoint that failed, a ref
	 * that git moved and what became of it): one event per call, without
	 * a newline, level one of store_log_level.  NULL: warnings and
	 * errors on standard error.  Called from any thread.
	 */
	void (*log)(int level, const char *msg);
} store_opts;

typedef enum store_log_level {
	STORE_LOG_DEBUG,
	STORE_LOG_INFO,
	STORE_LOG_WARNING,
	STORE_LOG_ERROR,
} store_log_level;

/* Defaults as documented in store_opts. */
void store_opts_init(store_opts *o);

/*
 * Open the data directory, creating a bare repository (HEAD ->
 * refs/heads/<default branch>) when it does not exist.  Takes an
 * exclusive lock on DATA/chrondb/lock: a second process gets 55006
 * naming the holder's pid.  Replays the WAL and picks up commits made
 * with plain git while the store was closed; it writes a commit only
 * when such commits diverged from commits of the WAL not yet in the
 * refs, which it then merges (store_refs_poll).  opts may be NULL for
 * the defaults.
 */
int store_open(store **out, const char *dir, const store_opts *opts, store_err *err);

/* Checkpoint, stop the background thread, release the lock and free. */
void store_close(store *s);

/*
 * Write every committed object into a pack and the branch heads into
 * on-disk refs, then trim the WAL.  Safe at any time; the background
 * thread calls it on its own.
 */
int store_checkpoint(store *s, store_err *err);

/*
 * Consolidate all packs into one (with delta compression) and drop the
 * old ones: what VACUUM does.  Runs a checkpoint first.
 */
int store_repack(store *s, store_err *err);

/* Name of the default branch. */
const char *store_default_branch(const store *s);

/*
 * State a layer above keeps per store (the executor's index cache): the
 * first call makes it with make(), every call returns it; free_fn runs
 * at store_close.  Thread-safe.  One layer uses it.
 */
void *store_ext(store *s, void *(*make)(void), void (*free_fn)(void *ext));

/* ---- Snapshots ---- */

/*
 * Open a snapshot from a specification:
 *   a branch name ("main"), "HEAD", a tag, a full or abbreviated commit id
 *   (4+ hex digits), any of those followed by ~N or ^N suffixes
 *   ("main~3", "HEAD^", "v1^2"), or "@<time>" with an ISO 8601 timestamp
 *   or a number of seconds since the epoch (latest commit of the default
 *   branch at or before it; "branch@<time>" for another branch).
 * Unknown refs: 42704.  A time before the first commit: 22008.  First-
 * parent steps from a branch's commit cost O(1) (its commit index).
 */
int store_snap_open(store *s, const char *spec, store_snap **out, store_err *err);

/* Head of a branch as of now (only durable commits are visible). */
int store_snap_branch(store *s, const char *branch, store_snap **out, store_err *err);

/*
 * Latest commit of branch at or before t (microseconds since the epoch),
 * by binary search of the branch's commit-time index.  A commit stamped
 * at or before t that is still waiting for its WAL flush is waited for,
 * so that a time gives the same commit every time it is asked.
 */
int store_snap_at_time(
	store *s, const char *branch, int64_t t_us, store_snap **out, store_err *err);

/* A snapshot at a known commit. */
int store_snap_commit(store *s, const store_oid *commit, store_snap **out, store_err *err);

void store_snap_free(store_snap *snap);

/* A second snapshot of the same commit, branch and time, freed on its own. */
store_snap *store_snap_copy(const store_snap *snap);

/* The commit a snapshot reads; the branch it came from (NULL if none). */
const store_oid *store_snap_id(const store_snap *snap);
const char *store_snap_branch_name(const store_snap *snap);

/* Commit time of the snapshot in microseconds (the note's time when present). */
int64_t store_snap_time(const store_snap *snap);

/* An empty branch (no commit yet) gives a snapshot with a zero id and no tables. */
int store_snap_is_empty(const store_snap *snap);

/* The store a snapshot reads. */
store *store_snap_store(const store_snap *snap);

/* ---- Reading rows ---- */

/*
 * Read a row.  *json is malloc'd (NUL-terminated, canonical), the caller
 * frees it; blob (may be NULL) receives the row's blob id, which serves as
 * its version.  Unknown table: 42P01.  Absent row: STORE_NOTFOUND.
 */
int store_get(store_snap *snap, const char *table, const char *key, size_t keylen, char **json,
	size_t *len, store_oid *blob, store_err *err);

typedef struct store_scan store_scan;

/* Scan a table in key order (decoded key bytes; numeric order for a single integer key). */
int store_scan_open(store_snap *snap, const char *table, store_scan **out, store_err *err);

/*
 * Next row: returns 1 with key and json borrowed until the next call, 0 at
 * the end, STORE_ERROR on failure.
 */
int store_scan_next(store_scan *sc, const char **key, size_t *keylen, const char **json,
	size_t *len, store_err *err);
void store_scan_close(store_scan *sc);

/* Number of rows in a table (cheap: counts leaf entries, reads no rows). */
int store_count(store_snap *snap, const char *table, uint64_t *count, store_err *err);

/*
 * Table names in the snapshot, sorted: catalog tables and ChronDB-layout
 * (data/<table>/) directories, decoded from their paths.  *names is one malloc'd block the caller
 * frees; (*names)[i] point into it.
 */
int store_tables(store_snap *snap, char ***names, size_t *n, store_err *err);

/*
 * The catalog entry of a table as JSON text (malloc'd): {"name", "oid",
 * "columns": [{"name","type","not_null","default"...}], "primary_key":
 * [...], "layout": "fanout4" | "chrondb", ...}.  For a ChronDB table with
 * no entry, one is synthesized.  Unknown table: 42P01.
 */
int store_catalog(store_snap *snap, const char *table, char **json, store_err *err);

/* ---- Transactions ---- */

typedef enum store_isolation {
	STORE_READ_COMMITTED = 0, /* writes apply to the newest row versions */
	STORE_REPEATABLE_READ,    /* commit fails 40001 if a written row changed after the base */
	STORE_SERIALIZABLE,       /* treated as REPEATABLE READ for writes */
} store_isolation;

/*
 * Begin a transaction on a branch (NULL: the default branch).  The base
 * snapshot is the branch head now; writing to a branch with no commits
 * creates it.
 */
int store_tx_begin(
	store *s, const char *branch, store_isolation iso, store_tx **out, store_err *err);

/* The snapshot the transaction started from (borrowed). */
store_snap *store_tx_base(store_tx *tx);

/*
 * The statement's snapshot (borrowed until the next call or the end of
 * the transaction; NULL: the base): what table existence is judged by
 * for the writes that follow.  Under READ COMMITTED each statement sets
 * the branch head it reads; under REPEATABLE READ the base stays.
 */
void store_tx_set_view(store_tx *tx, store_snap *snap);

/*
 * Buffer a row write.  json must be one JSON object; it is validated and
 * canonicalized (22P02 when malformed).  The table must exist (42P01).
 */
int store_tx_put(store_tx *tx, const char *table, const char *key, size_t keylen, const char *json,
	size_t len, store_err *err);

/* Buffer a row delete (a delete of an absent row changes nothing). */
int store_tx_delete(
	store_tx *tx, const char *table, const char *key, size_t keylen, store_err *err);

/*
 * Read a row as this transaction sees it: its own writes first, then the
 * newest committed version (READ COMMITTED) or the base snapshot.
 */
int store_tx_get(store_tx *tx, const char *table, const char *key, size_t keylen, char **json,
	size_t *len, store_oid *blob, store_err *err);

/*
 * Create a table from a catalog definition (JSON text with at least
 * "columns"; "primary_key" defaults to none, giving generated row ids;
 * "layout" defaults to "fanout4").  The store fills in "name" and a stable
 * "oid".  Exists already: 42P07.
 */
int store_tx_create_table(store_tx *tx, const char *table, const char *def_json, store_err *err);

/* Replace a table's catalog entry (ALTER TABLE); the oid is kept. */
int store_tx_alter_table(store_tx *tx, const char *table, const char *def_json, store_err *err);

/* Drop a table and all its rows.  Unknown: 42P01. */
int store_tx_drop_table(store_tx *tx, const char *table, store_err *err);

/* ---- Locks (lock.c) ----
 *
 * One lock manager per store for rows, tables and advisory keys, with
 * PostgreSQL's modes and conflicts.  Locks are held by a locker, one
 * per session: a transaction's row locks and the table locks of its
 * statements are its locker's until the transaction ends (or a rollback
 * to a savepoint taken before them).  A conflicting request waits in
 * line, up to a timeout, until its locker's interrupt flag turns
 * non-zero (57014), or fails at once with 40P01 when waiting would
 * close a cycle of waits (storage/README.md has the design).
 */
typedef struct store_locker store_locker;

/* Table lock modes: PostgreSQL's eight, weakest first (its numbering). */
typedef enum store_lockmode {
	STORE_LOCK_ACCESS_SHARE = 1,
	STORE_LOCK_ROW_SHARE,
	STORE_LOCK_ROW_EXCLUSIVE,
	STORE_LOCK_SHARE_UPDATE_EXCLUSIVE,
	STORE_LOCK_SHARE,
	STORE_LOCK_SHARE_ROW_EXCLUSIVE,
	STORE_LOCK_EXCLUSIVE,
	STORE_LOCK_ACCESS_EXCLUSIVE,
} store_lockmode;

/* Row lock modes: SELECT's FOR KEY SHARE, FOR SHARE, FOR NO KEY UPDATE, FOR UPDATE. */
typedef enum store_rowmode {
	STORE_ROW_KEY_SHARE = 1,
	STORE_ROW_SHARE,
	STORE_ROW_NO_KEY_UPDATE,
	STORE_ROW_UPDATE,
} store_rowmode;

/* What a request does when another locker holds a conflicting lock. */
typedef enum store_lockwait {
	STORE_LOCK_WAIT,   /* wait, up to timeout_ms (negative: for ever) */
	STORE_LOCK_NOWAIT, /* 55P03 "could not obtain lock on ..." at once */
	STORE_LOCK_SKIP,   /* STORE_NOTFOUND at once, nothing taken (SKIP LOCKED) */
} store_lockwait;

/* store_lockreq.flags for rows. */
enum {
	/* The transaction is about to change the row: an insert of the key waits for it. */
	STORE_ROW_WRITE = 1,
	/*
	 * An insert of the key: lockers that only locked the row (no
	 * STORE_ROW_WRITE) do not make it wait; STORE_NOTFOUND then, nothing
	 * taken, and the caller finds the row there (a duplicate key).
	 */
	STORE_ROW_INSERT = 2,
};

typedef struct store_lockreq {
	int mode; /* a store_rowmode for rows, a store_lockmode for tables */
	store_lockwait wait;
	int timeout_ms; /* STORE_LOCK_WAIT's limit; negative: none */
	uint32_t relid; /* the table's OID, for pg_locks and messages; 0: unknown */
	unsigned flags; /* rows: STORE_ROW_WRITE, STORE_ROW_INSERT */
	int waited;     /* out: the request waited for another locker */
} store_lockreq;

/*
 * A session's locker: pid is what pg_locks and deadlock reports call
 * it, dboid the database OID they name; interrupt (borrowed, may be
 * NULL) cuts its waits short.  Free releases whatever it still holds.
 */
int store_locker_new(store *s, int32_t pid, uint32_t dboid, const atomic_int *interrupt,
	store_locker **out, store_err *err);
void store_locker_free(store_locker *lk);

/*
 * End of a transaction that had no store_tx (an autocommit read): its
 * locks go.  store_tx_commit and store_tx_rollback do the same for
 * their transaction's locker.
 */
void store_locker_release(store_locker *lk);

/*
 * The locker a transaction's locks belong to (borrowed; set before its
 * first lock).  Without one the transaction makes a private locker.
 */
void store_tx_set_locker(store_tx *tx, store_locker *lk);

/*
 * A flag that interrupts the transaction's lock waits when it turns
 * non-zero (set from any thread: a cancel); NULL for none.  Borrowed.
 * Only for a transaction with a private locker; a session's locker has
 * its own.
 */
void store_tx_set_interrupt(store_tx *tx, const atomic_int *flag);

/*
 * Lock a table of a branch.  STORE_OK taken (or held already),
 * STORE_NOTFOUND skipped, STORE_ERROR: 55P03 (NOWAIT: could not obtain
 * lock on relation; timeout: canceling statement due to lock timeout),
 * 40P01, 57014.  Held until the locker's transaction ends.
 */
int store_lock_table(store_locker *lk, const char *branch, const char *table, store_lockreq *req,
	store_err *err);

/*
 * Lock a row of the transaction's branch in req->mode, as
 * store_lock_table; NOWAIT's message is PostgreSQL's "could not obtain
 * lock on row in relation".  Held until the transaction ends or rolls
 * back to a savepoint taken before.
 */
int store_tx_lock_row_req(store_tx *tx, const char *table, const char *key, size_t keylen,
	store_lockreq *req, store_err *err);

/*
 * A position in what the transaction's locker gained, and the release
 * of what it gained since (a row locked, then found gone).
 */
size_t store_tx_lock_mark(store_tx *tx);
void store_tx_lock_undo(store_tx *tx, size_t mark);

/*
 * The write lock UPDATE, DELETE and INSERT take: FOR UPDATE strength
 * with STORE_ROW_WRITE, waiting up to timeout_ms (0: not at all).
 */
int store_tx_lock_row(store_tx *tx, const char *table, const char *key, size_t keylen,
	int timeout_ms, store_err *err);

/*
 * Advisory locks (pg_advisory_lock and friends): a key of two 32-bit
 * halves in a space (1: one bigint, 2: two integers), ShareLock or
 * ExclusiveLock, taken at session level (until unlocked or the locker
 * goes) or at transaction level (until the transaction ends or rolls
 * back to a savepoint taken before), as often as asked, each take
 * counted.  A locker never conflicts with itself.  store_lock_advisory
 * waits as req says (req->mode is set here); store_unlock_advisory undoes
 * one session-level take (0 when there is none), store_unlock_advisory_all
 * every one.  Deadlocks with row and table locks are found as theirs.
 */
typedef struct store_advkey {
	uint32_t hi, lo;
	int space;
} store_advkey;

int store_lock_advisory(store_locker *lk, const store_advkey *key, int exclusive, int xact,
	store_lockreq *req, store_err *err);
int store_unlock_advisory(store_locker *lk, const store_advkey *key, int exclusive);
void store_unlock_advisory_all(store_locker *lk);

/* What pg_locks shows of one lock held or awaited (store_locks_list). */
typedef struct store_lockinfo {
	char kind;    /* 'r' table, 'a' advisory, 'x' transaction id, 'v' virtual transaction */
	char *branch; /* 'r': the table's branch and name */
	char *table;
	uint32_t relid;  /* 'r' */
	uint32_t xid;    /* 'x': the transaction waited for or held */
	uint32_t adv[3]; /* 'a': the key's halves and space */
	int mode;        /* 'r': store_lockmode; 'a', 'x', 'v': STORE_LOCK_SHARE or _EXCLUSIVE */
	int granted;
	int fastpath;
	int32_t pid;
	uint32_t dboid;
	int backend; /* the holder's virtual transaction: backend/lxid */
	uint32_t lxid;
	int64_t waitstart_us; /* since the Unix epoch; 0 when granted */
} store_lockinfo;

/* The virtual transaction a locker is in (pg_locks' "backend/lxid"). */
void store_locker_vxid(const store_locker *lk, int *backend, uint32_t *lxid);

/* Every lock held and awaited now; free with store_locks_free. */
int store_locks_list(store *s, store_lockinfo **out, size_t *n, store_err *err);
void store_locks_free(store_lockinfo *l, size_t n);

/*
 * The pids of the sessions that hold or wait ahead for a lock that the
 * session pid waits for (pg_blocking_pids); *pids malloc'd, caller frees.
 */
int store_locks_blocking(store *s, int32_t pid, int32_t **pids, size_t *n, store_err *err);

/*
 * The transaction's view at a snapshot: its own writes over snap, which
 * is the statement's snapshot (the branch head now under READ
 * COMMITTED, the transaction's base under REPEATABLE READ).  A table the
 * transaction dropped is 42P01; one it created shows only its own rows.
 * They behave as store_get, store_catalog, store_scan_open and
 * store_tables otherwise.
 */
int store_tx_read(store_tx *tx, store_snap *snap, const char *table, const char *key, size_t keylen,
	char **json, size_t *len, store_oid *blob, store_err *err);
int store_tx_catalog(
	store_tx *tx, store_snap *snap, const char *table, char **json, store_err *err);
int store_tx_scan_open(
	store_tx *tx, store_snap *snap, const char *table, store_scan **out, store_err *err);
int store_tx_tables(store_tx *tx, store_snap *snap, char ***names, size_t *n, store_err *err);

/*
 * A version of every table definition tx sees at snap: the id of the
 * catalog's tables tree (zero when there is none), so that what is
 * derived from all definitions can be kept by it.  STORE_NOTFOUND when
 * the transaction has written outside rows (definitions, a dropped
 * table): no id names what it sees then.
 */
int store_tx_catalog_version(store_tx *tx, store_snap *snap, store_oid *out, store_err *err);

/*
 * Other catalog entries, JSON documents at .chrondb/<kind>/<name>.json
 * beside the tables': kind is "sequences", "views", "validation" or
 * "schemas" (a schema's comment).
 * meta_put canonicalizes and buffers one; meta_get reads one as the
 * transaction sees it at snap (tx may be NULL: the snapshot alone;
 * STORE_NOTFOUND when absent); meta_list gives the names, sorted, in one
 * malloc'd block as store_tables does.
 */
int store_tx_meta_put(store_tx *tx, const char *kind, const char *name, const char *json,
	size_t len, store_err *err);

/*
 * A sequence's entry rewritten only to record how far its counter is
 * logged (mark, see store_seq_logged; up: the sequence counts upwards).
 * Commit messages leave such a write out, and a commit leaves it out
 * altogether when its branch has meanwhile committed a record at or
 * past mark, so the counter a branch records never goes back whatever
 * order the transactions that counted commit in; reset (setval) always
 * lands, and later records compare with it.  A full meta_put of the same
 * entry in the transaction stays a full write.
 */
int store_tx_seq_record(store_tx *tx, const char *name, const char *json, size_t len, int64_t mark,
	int up, int reset, store_err *err);
int store_tx_meta_delete(store_tx *tx, const char *kind, const char *name, store_err *err);
int store_tx_meta_get(store_tx *tx, store_snap *snap, const char *kind, const char *name,
	char **json, store_err *err);
int store_tx_meta_list(
	store_tx *tx, store_snap *snap, const char *kind, char ***names, size_t *n, store_err *err);

/*
 * The transaction's row writes to a table, as a log: fn is called for
 * each one logged from *pos on (start at 0), then *pos is set past the
 * last, so a reader can keep up with a transaction by calling again.
 * Puts and deletes are logged, and every row a rollback to a savepoint
 * restores; a key may come several times.  fn gets what the write set
 * holds for the row now: its JSON, or NULL when the write set has no
 * row under the key (deleted, or back to the snapshot's version).  A
 * non-zero return from fn stops the walk and is returned.
 */
typedef int (*store_tx_row_fn)(
	void *arg, const char *key, size_t keylen, const char *json, size_t len, store_err *err);
int store_tx_row_log(store_tx *tx, const char *table, uint64_t *pos, store_tx_row_fn fn, void *arg,
	store_err *err);

/* Whether the transaction dropped or created table: no committed row of it shows then. */
int store_tx_table_is_new(store_tx *tx, const char *table);

/*
 * What the executor keeps with a transaction (its index overlays):
 * free_fn runs when the transaction ends (commit or rollback), or when
 * another value replaces it.  One layer uses it.
 */
void store_tx_set_ext(store_tx *tx, void *ext, void (*free_fn)(void *ext));
void *store_tx_ext(store_tx *tx);

/* Latest committed version of a row on the transaction's branch (as store_get). */
int store_tx_get_latest(store_tx *tx, const char *table, const char *key, size_t keylen,
	char **json, size_t *len, store_oid *blob, store_err *err);

/* *changed = 1 when the row differs between the base snapshot and the branch head. */
int store_tx_row_changed(store_tx *tx, const char *table, const char *key, size_t keylen,
	int *changed, store_err *err);

/* Transaction metadata, written to the commit's note. */
typedef struct store_txmeta {
	const char *user;          /* commit author and note "user"; NULL: "chrondb" */
	const char *user_email;    /* NULL: "<user>@chrondb" */
	const char *origin;        /* "sql", "rest", "redis", "cli"; NULL: "unknown" */
	const char *operation;     /* note "operation"; NULL: derived from the writes */
	const char *message;       /* commit message; NULL: derived from the writes */
	const char *message_body;  /* a paragraph after the message (restore, revert), or NULL */
	const char *const *flags;  /* NULL-terminated; with ChronDB's "update", "delete" and
	                              "ddl" for what the writes did, sorted and made distinct */
	const char *metadata_json; /* a JSON object or NULL */
} store_txmeta;

/*
 * Commit: one Git commit plus its note, durable when this returns.
 * commit_out (may be NULL) receives the commit id; a transaction with no
 * effective change commits nothing and leaves commit_out zero.  The
 * transaction is freed in every case.
 */
int store_tx_commit(store_tx *tx, const store_txmeta *meta, store_oid *commit_out, store_err *err);

/* Throw the transaction away; nothing of it remains. */
void store_tx_rollback(store_tx *tx);

/*
 * Savepoints.  store_tx_savepoint marks the write set as it is and
 * returns the mark; store_tx_rollback_to undoes every write made since
 * and releases the locks taken since, or gives back the weaker mode a
 * lock had (the mark stays, marks made after it go; the base snapshot
 * stays), as PostgreSQL's subtransactions do; and
 * store_tx_release forgets a mark and those after it, their writes
 * staying.  Taking a savepoint costs nothing; the first change of an
 * entry after one keeps its before-image.
 */
uint64_t store_tx_savepoint(store_tx *tx);
void store_tx_rollback_to(store_tx *tx, uint64_t mark);
void store_tx_release(store_tx *tx, uint64_t mark);
int store_tx_has_savepoint(const store_tx *tx, uint64_t mark);

/* ---- Sequences ---- */

/*
 * What the store needs of a sequence's definition (the executor keeps the
 * definition itself as a catalog entry, store_tx_meta_put "sequences").
 */
typedef struct store_seqdef {
	const char *uuid; /* made at CREATE SEQUENCE: the counter's identity */
	int64_t start, increment, min, max;
	int cycle;
	int has_last;       /* the catalog recorded a value: */
	int64_t last_value; /* the last value as of the last commit that used it */
	int is_called;      /* and whether it had been handed out */
} store_seqdef;

/*
 * nextval: the next value of the branch's counter for this sequence,
 * never handed out twice, crash or not, whatever becomes of the
 * caller's transaction (PostgreSQL's semantics; a crash may skip some
 * values).  2200H at the bound of a sequence without CYCLE.
 */
int store_seq_next(store *s, const char *branch, const char *name, const store_seqdef *def,
	int64_t *out, store_err *err);

/* setval: the counter's value and whether it was handed out; 22003 out of bounds. */
int store_seq_set(store *s, const char *branch, const char *name, const store_seqdef *def,
	int64_t value, int is_called, store_err *err);

/* Where the counter stands. */
void store_seq_peek(
	store *s, const char *branch, const store_seqdef *def, int64_t *last, int *is_called);

/*
 * How far the counter is logged: no value past *mark has been handed
 * out, nor will be before the mark moves on (every 32 to 1024 values), so a
 * catalog that records the mark lets a copy of the repository resume
 * without handing out a value twice.
 */
void store_seq_logged(store *s, const char *branch, const store_seqdef *def, int64_t *mark);

/* ---- Branches ---- */

/* Create branch name at the commit of snap (42710 if it exists, 42602 bad name). */
int store_branch_create(store *s, const char *name, store_snap *at, store_err *err);

/* Delete a branch (never the default one: 55006; unknown: 42704). */
int store_branch_delete(store *s, const char *name, store_err *err);

#define STORE_BRANCH_NAME_SIZE 256 /* a branch name and its NUL */

typedef struct store_branch_info {
	char name[STORE_BRANCH_NAME_SIZE];
	store_oid head; /* zero for a branch with no commit yet */
} store_branch_info;

/* All branches sorted by name; *out is malloc'd, caller frees. */
int store_branch_list(store *s, store_branch_info **out, size_t *n, store_err *err);

/* ---- Tags ---- */

typedef struct store_taginfo {
	char name[256];   /* without refs/tags/ */
	store_oid target; /* the commit it names (an annotated tag peeled) */
	int annotated;    /* a tag object, with: */
	char tagger[128];
	int64_t time_us; /* the tagger's time, 0 for a lightweight tag */
	char *message;   /* malloc'd, or NULL */
} store_taginfo;

/*
 * The tags of the repository (refs/tags/, written with git: the store
 * makes none), sorted by name; free with store_tag_list_free.
 */
int store_tag_list(store *s, store_taginfo **out, size_t *n, store_err *err);
void store_tag_list_free(store_taginfo *tags, size_t n);

/* ---- History ---- */

typedef enum store_op {
	STORE_OP_INSERT = 'i',
	STORE_OP_UPDATE = 'u',
	STORE_OP_DELETE = 'd',
} store_op;

typedef struct store_version {
	store_oid commit;
	store_oid blob;  /* zero for a delete */
	int64_t time_us; /* note time, or commit time */
	store_op op;
	char author[128];
} store_version;

/*
 * Every version of a row on a branch as of snap (branch head when snap is
 * a branch snapshot), newest first, from the row-history index: cost is
 * O(versions).  *out is malloc'd; caller frees.  limit 0 means all.
 */
int store_row_history(store_snap *snap, const char *table, const char *key, size_t keylen,
	size_t limit, store_version **out, size_t *n, store_err *err);

/* A commit that began or ended row versions (store_table_versions). */
typedef struct store_vcommit {
	store_oid id;
	int64_t time_us; /* as the commit-time index has it: the note's time, else the commit's */
	char author[128];
} store_vcommit;

/* One version of a row: its content and the commits that began and ended it. */
typedef struct store_rowver {
	const char *key; /* its encoded key, in the result's memory */
	size_t keylen;
	store_oid blob;
	int32_t from; /* commits[from] wrote it; -1: unknown (the index has no such change) */
	int32_t to;   /* commits[to] replaced or deleted it; -1: current as of the snapshot */
} store_rowver;

typedef struct store_versions {
	store_rowver *rows; /* by key, then in commit order */
	size_t nrows;
	store_vcommit *commits; /* in commit order */
	size_t ncommits;
	char *keys; /* the bytes rows[].key point into */
} store_versions;

/*
 * Every version of table's rows on a branch's first-parent chain, up to
 * snap's commit, that was current at some instant t with from_us <= t
 * <= to_us (microseconds since the Unix epoch; INT64_MIN and INT64_MAX
 * for open ends): SQL:2011's system-time period, a version being current
 * from the commit that wrote it until the commit that replaced or
 * deleted it (excluded).  branch NULL: snap's branch, else the default
 * one; snap's commit must be on it (42704).  A range that ends before
 * the branch's first commit is 22008; one that starts after it ends
 * (from_us > to_us) has no versions.  The cost follows the versions in
 * the range and the commits that changed the table there (history.c's
 * indexes and tree diffs), not the table's size times the commits.
 * *out is the caller's, freed with store_versions_free.
 */
int store_table_versions(store_snap *snap, const char *branch, const char *table, int64_t from_us,
	int64_t to_us, store_versions **out, store_err *err);
void store_versions_free(store_versions *v);

/* A blob's content (a row version): malloc'd, caller frees. */
int store_blob(store *s, const store_oid *blob, char **data, size_t *len, store_err *err);

typedef struct store_logentry {
	store_oid commit;
	store_oid parents[2]; /* the first two; nparents counts them all */
	int nparents;
	int64_t time_us; /* the note's time, else the committer's */
	char author[128];
	char author_email[128];
	char committer[128];
	char committer_email[128];
	char *message; /* malloc'd */
	char *note;    /* malloc'd JSON text, NULL when the commit has none */
} store_logentry;

/* First-parent log from snap's commit back, newest first; limit 0 = all. */
int store_log(store_snap *snap, size_t limit, store_logentry **out, size_t *n, store_err *err);
void store_log_free(store_logentry *entries, size_t n);

/*
 * One commit as store_log gives it, its note included: a log read a
 * commit at a time (follow parents[0]).  Free with store_logentry_clear.
 * A commit that is missing: XX001.
 */
int store_log_entry(store *s, const store_oid *commit, store_logentry *e, store_err *err);

/*
 * The same without the note (note NULL, time_us the committer's, to the
 * second): for callers that need only the commit's own fields, since
 * finding a note walks the notes tree.
 */
int store_commit_entry(store *s, const store_oid *commit, store_logentry *e, store_err *err);
void store_logentry_clear(store_logentry *e);

/* The note of a commit (JSON text, malloc'd); STORE_NOTFOUND when none. */
int store_note(store *s, const store_oid *commit, char **json, store_err *err);

/* ---- Changes between trees of a table ---- */

/*
 * The tree holding a table's rows at a snapshot: *tree its id (zero for
 * a table without rows), *chrondb 1 for ChronDB's layout (data/<table>/).
 * Trees are content-addressed: two snapshots whose table trees are
 * equal hold the same rows.  Unknown table: 42P01.
 */
int store_table_tree(
	store_snap *snap, const char *table, store_oid *tree, int *chrondb, store_err *err);

/* One row that differs between two trees of a table. */
typedef struct store_rowdiff {
	const char *key; /* its encoded key (borrowed for the call) */
	size_t keylen;
	store_op op;        /* STORE_OP_INSERT, STORE_OP_UPDATE or STORE_OP_DELETE */
	store_oid old_blob; /* the row before (zero for an insert) */
	store_oid new_blob; /* and after (zero for a delete) */
} store_rowdiff;

/* Called for each row that differs; a non-zero return stops the diff and is returned. */
typedef int (*store_rowdiff_fn)(void *arg, const store_rowdiff *d, store_err *err);

/*
 * The rows that differ between two trees of one table (store_table_tree's;
 * zero: no rows), in no particular order; chrondb gives the layout.
 * Subtrees with equal ids are skipped unread, so with the fan-out layout
 * the cost follows the rows that changed, not the table's size.
 */
int store_table_diff(store *s, const store_oid *old_tree, const store_oid *new_tree, int chrondb,
	store_rowdiff_fn fn, void *arg, store_err *err);

/*
 * The same between a table at two snapshots (any two: commits of a
 * branch, of two branches, old and new).  A snapshot without the table
 * has no rows of it; neither having it is 42P01.
 */
int store_snap_diff_table(store_snap *from, store_snap *to, const char *table, store_rowdiff_fn fn,
	void *arg, store_err *err);

/* ---- Merges (merge.c) ----
 *
 * A merge brings the commits of a source (a branch or any revision
 * store_snap_open takes) into a target branch, as git merges: nothing
 * when the source is already part of the target, a fast-forward when
 * the target is part of the source, otherwise a merge commit with the
 * target's head and the source as its two parents, whose tree is a
 * three-way merge against their best common ancestor.  Rows merge at
 * the level of their columns (JSON members): changes to different
 * columns of one row combine; a column both sides set to different
 * values, a row one side removed and the other changed, a key both
 * added with different contents, and a catalog entry both changed
 * differently are conflicts.  The merge runs under the target's commit
 * lock, against its newest head, so writers of either branch lose
 * nothing.  storage/README.md has the rules.
 */
typedef enum store_merge_strategy {
	STORE_MERGE_FAIL = 0, /* a conflict fails the merge, which changes nothing */
	STORE_MERGE_OURS,     /* conflicting rows and columns keep the target's version */
	STORE_MERGE_THEIRS,   /* conflicting rows and columns take the source's version */
} store_merge_strategy;

/* The strategies' names as SQL and the command line give them: "none", "ours", "theirs". */
const char *store_merge_strategy_name(store_merge_strategy strategy);

/* The strategy of a name: STORE_OK, or STORE_NOTFOUND for no strategy of that name. */
int store_merge_strategy_named(const char *name, store_merge_strategy *out);

typedef enum store_merge_outcome {
	STORE_MERGE_UP_TO_DATE = 1, /* the source is part of the target already */
	STORE_MERGE_FAST_FORWARD,   /* the target moved to the source's commit */
	STORE_MERGE_MERGED,         /* a merge commit with two parents */
	STORE_MERGE_CONFLICTED,     /* nothing changed; the conflicts are listed */
} store_merge_outcome;

typedef struct store_merge_result {
	store_merge_outcome outcome;
	store_oid head;    /* the target's head afterwards (zero when conflicted) */
	store_oid source;  /* the commit merged */
	store_oid base;    /* the merge base (zero: none) */
	size_t nconflicts; /* conflicts found (resolved by the strategy unless conflicted) */
	size_t nchanged;   /* paths the merge commit changed against the target's head */
} store_merge_result;

/*
 * Merge source into the branch target.  meta gives the merge commit's
 * author and note as a commit's (NULL: defaults); its message defaults
 * to ChronDB's "Merge branch '<source>' into <target>", its operation
 * to "merge", and the flag "merge" is always added.  A merge that
 * conflicts (under STORE_MERGE_FAIL) changes nothing and replaces the
 * listed conflicts of the pair (source, target) by what it found; any
 * other outcome clears them.  Errors: unknown source or target 42704,
 * histories with no common commit 55000, and under a strategy a table
 * dropped on one side and changed on the other 0A000 (without one, that
 * is a listed conflict like the others).
 *
 * The rows the source changed are locked on the target first, as an
 * UPDATE locks them (up to lock_wait_ms, negative: no limit; interrupt,
 * when not NULL, cancels the wait): a transaction writing one of them
 * finishes before the merge reads the target, and one that comes after
 * waits for the merge and reads its result, so no write on either side
 * is lost.  Lock errors are store_lock_table's (55P03, 40P01, 57014).
 */
int store_merge(store *s, const char *source, const char *target, store_merge_strategy strategy,
	const store_txmeta *meta, int lock_wait_ms, const atomic_int *interrupt,
	store_merge_result *res, store_err *err);

/* The kinds of conflicting things. */
typedef enum store_conflict_kind {
	STORE_CONFLICT_ROW = 'r',   /* a table's row */
	STORE_CONFLICT_ENTRY = 'e', /* a catalog entry: table definition, sequence, view... */
	STORE_CONFLICT_DROP = 'd',  /* a table dropped on one side, changed on the other */
	STORE_CONFLICT_FILE = 'f',  /* a file outside tables and the catalog */
} store_conflict_kind;

/* One conflict of the last merge of a pair that conflicted (store_conflicts). */
typedef struct store_conflict {
	char source[STORE_BRANCH_NAME_SIZE]; /* as the merge was given it */
	char target[STORE_BRANCH_NAME_SIZE];
	store_conflict_kind kind;
	char *what;            /* ENTRY: "table", "sequence", "view", "validation" or "schema" */
	char *table;           /* ROW, DROP: the table; ENTRY: the entry's name; FILE: NULL */
	char *key;             /* ROW: the row's key, decoded; FILE: the path; else NULL */
	store_op ours, theirs; /* what each side did since the base (0: nothing) */
	char **columns;        /* ROW: the columns both set to different values */
	size_t ncolumns;
	store_oid base_blob, ours_blob, theirs_blob; /* the versions (zero: absent) */
	store_oid base, ours_commit, theirs_commit;  /* the commits merged */
	int64_t time_us;                             /* when the merge ran */
} store_conflict;

/*
 * Every listed conflict, ordered by target, source, table and key;
 * kept across restarts in DATA/chrondb/conflicts.  Free with
 * store_conflicts_free.
 */
int store_conflicts(store *s, store_conflict **out, size_t *n, store_err *err);
void store_conflicts_free(store_conflict *c, size_t n);

/*
 * Look at the branch refs on disk now and take in what git changed
 * there (the background checkpointer does it every ref_poll_ms): a new
 * ref becomes a branch, a ref moved forward fast-forwards its branch,
 * one that diverged from the branch's commits not yet on disk is merged
 * into it (author and note say it came from git), a conflicting one is
 * kept as the branch "<name>.pushed" with its conflicts listed, a ref
 * removed deletes its branch unless it has commits of ours not yet
 * written.  Each event is one log line.  Objects git added (loose or in
 * new packs) are found first.
 */
int store_refs_poll(store *s, store_err *err);

/* ---- Statistics ---- */

typedef struct store_stats {
	uint64_t commits;
	uint64_t wal_flushes;
	uint64_t checkpoints;
	uint64_t packs;
	uint64_t mem_bytes; /* objects held in memory */
} store_stats;
void store_get_stats(store *s, store_stats *out);

/* ---- Fault injection (tests) ---- */

typedef enum store_fault {
	STORE_FAULT_NONE = 0,
	STORE_FAULT_WAL_ENOSPC,  /* next WAL write fails as with a full disk */
	STORE_FAULT_WAL_EIO,     /* next WAL fsync fails */
	STORE_FAULT_PACK_ENOSPC, /* next checkpoint's pack write fails */
	STORE_FAULT_PACK_FULL,   /* every checkpoint's pack write fails until STORE_FAULT_NONE */
} store_fault;
void store_inject(store *s, store_fault fault);

#endif
