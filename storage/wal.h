/*
 * wal.h - the write-ahead log: group commit and recovery.
 *
 * A COMMIT is durable once its record is in the WAL and fsynced; the Git
 * objects it created live in memory until a checkpoint packs them
 * (DESIGN.md section 5).  A record is an opaque byte string built by the
 * store (the write set plus the exact commit metadata, so that replay
 * rebuilds byte-identical objects).
 *
 * Files: DIR/<16 hex digits>.wal segments named by the LSN of their first
 * byte, and DIR/checkpoint holding the LSN below which every record is
 * already in the Git repository.  An LSN is a byte position in the
 * logical log; the LSN of a record is the position just past its end, so
 * "durable up to L" covers every record whose LSN is <= L.
 *
 * Concurrency: wal_append is called by many threads (each under its own
 * branch's commit lock, so records of one branch appear in commit order).
 * wal_flush implements group commit: the first waiter becomes the leader,
 * writes everything buffered with one write() and one fdatasync(), and
 * wakes every waiter whose record that covered.
 *
 * Failure: when write() fails (a full disk, say) or a fault is injected,
 * every record not yet durable is discarded, the segment is cut back to
 * its last durable size, every waiter for those records gets an error,
 * and the log refuses appends (state "broken") until wal_resume() is
 * called: the store first rolls its in-memory branch heads back to the
 * durable ones.  When fdatasync() fails the log stays broken until the
 * process restarts, as PostgreSQL does, because the kernel may have
 * dropped the dirty pages.
 */
#ifndef CHRONDB_STORAGE_WAL_H
#define CHRONDB_STORAGE_WAL_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef uint64_t wal_lsn;
typedef struct wal wal;

/* Faults that tests can inject (see wal_inject). */
typedef enum wal_fault {
	WAL_FAULT_NONE = 0,
	WAL_FAULT_WRITE_ENOSPC, /* the write() fails as with a full disk */
	WAL_FAULT_SHORT_WRITE,  /* half the bytes are written, then ENOSPC */
	WAL_FAULT_FSYNC_EIO,    /* fdatasync() fails with EIO */
} wal_fault;

/*
 * Open or create the log in dir (created 0700 with its parents if
 * missing).  A torn record at the end of the last segment (a crash during
 * write) is cut off; a damaged record anywhere else is an error, since
 * acknowledged transactions would be lost.
 */
int wal_open(wal **out, const char *dir, store_err *err);

/* Close; does not flush buffered records (callers flush first). */
void wal_close(wal *w);

/*
 * Call cb for every record at or past the checkpoint LSN, in log order.
 * lsn is the record's LSN.  cb returns 0 to go on, non-zero to stop with
 * that value returned.  Must be called after wal_open and before the
 * first wal_append.
 */
int wal_replay(wal *w, int (*cb)(void *arg, wal_lsn lsn, const void *rec, size_t len), void *arg,
	store_err *err);

/*
 * Buffer one record and return its LSN.  Fails with SQLSTATE 58030 when
 * the log is broken.  Records larger than WAL_MAX_RECORD are refused
 * (54000).
 */
#define WAL_MAX_RECORD (256u * 1024 * 1024)
int wal_append(wal *w, const void *rec, size_t len, wal_lsn *lsn, store_err *err);

/*
 * Announce a record on its way (a commit being built): a flush leader
 * waits a moment for announced records to join its batch, and for no
 * others.  Each announcement ends with the wal_append of its record
 * (announced set) or with wal_unannounce when none will come.
 */
void wal_announce(wal *w);
void wal_unannounce(wal *w);
int wal_append_announced(wal *w, const void *rec, size_t len, wal_lsn *lsn, store_err *err);

/*
 * Return once every record with LSN <= lsn is on disk, or with an error
 * (58030) if the write or fsync that should have covered it failed.
 */
int wal_flush(wal *w, wal_lsn lsn, store_err *err);

/* Highest durable LSN. */
wal_lsn wal_durable_lsn(wal *w);

/* Highest LSN handed out by wal_append. */
wal_lsn wal_end_lsn(wal *w);

/* 1 while the log refuses appends after a failure. */
int wal_is_broken(wal *w);

/*
 * After a write failure, accept appends again.  Returns STORE_ERROR (and
 * stays broken) when the failure was an fsync failure.
 */
int wal_resume(wal *w, store_err *err);

/*
 * Start a new segment for records appended from now on; *boundary is the
 * LSN where it begins.  Flushes first, so every record below the boundary
 * is durable.  Used by the checkpointer.
 */
int wal_rotate(wal *w, wal_lsn *boundary, store_err *err);

/*
 * Record durably that every record below lsn is now in the repository,
 * then delete the segments that hold only such records.
 */
int wal_checkpoint_done(wal *w, wal_lsn lsn, store_err *err);

/* Checkpoint LSN recorded on disk (0 for a new log). */
wal_lsn wal_checkpoint_lsn(wal *w);

/* Bytes of WAL on disk past the checkpoint (for metrics and scheduling). */
uint64_t wal_pending_bytes(wal *w);

/*
 * Test hook: after `after` more successful flushes, make the next flush
 * fail with the given fault (once).  WAL_FAULT_NONE clears it.
 */
void wal_inject(wal *w, wal_fault fault, int after);

/* Statistics for benchmarks and metrics. */
typedef struct wal_stats {
	uint64_t records;
	uint64_t flushes; /* fdatasync calls */
	uint64_t bytes;
} wal_stats;
void wal_get_stats(wal *w, wal_stats *out);

#endif
