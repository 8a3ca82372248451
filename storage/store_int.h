/*
 * store_int.h - what the files of the store share; not for other layers.
 *
 * store.c       opening, branches, snapshots, reads
 * txn.c         transactions, the commit path, WAL records and replay
 * lock.c        the lock manager: row and table locks, waits, deadlocks
 * history.c     per-branch commit-time and row-history indexes
 * versions.c    every version of a table's rows in a time range
 * checkpoint.c  packing memory objects, writing refs, trimming the WAL
 * merge.c       merge bases, three-way merges of trees and rows, conflicts
 * refs.c        branch refs on disk: reading, polling for what git moved
 */
#ifndef CHRONDB_STORAGE_STORE_INT_H
#define CHRONDB_STORAGE_STORE_INT_H

#include <git2.h>
#include <pthread.h>
#include <stdatomic.h>

#include "buf.h"
#include "keycodec.h"
#include "object.h"
#include "odb.h"
#include "store.h"
#include "wal.h"

#define STORE_BRANCH_MAX     255
#define STORE_COLORDER_SLOTS 64
#define STORE_COUNT_SLOTS    65536
#define STORE_COUNT_WAYS     4

typedef struct bidx bidx;         /* history.c */
typedef struct seqctr seqctr;     /* seq.c */
typedef struct colorder colorder; /* txn.c */

/* A commit waiting for its WAL record to become durable. */
typedef struct headq {
	wal_lsn lsn;
	store_oid oid;
	int64_t time_us;
} headq;

typedef struct branch {
	char name[STORE_BRANCH_MAX + 1];

	/* Serializes commits on this branch; guards `pending` and `idx` updates. */
	pthread_mutex_t commit_lock;
	pthread_mutex_t build_lock; /* one history index build at a time (history.c) */

	/* Head including commits whose WAL record is not yet durable. */
	store_oid pending;
	int64_t pending_time_us;

	/*
	 * Head readers see: the newest durable commit.  Guarded by state_lock,
	 * with the queue of commits waiting for their WAL flush.
	 */
	pthread_mutex_t state_lock;
	store_oid visible;
	int64_t visible_time_us;
	struct headq *queue;
	size_t nqueue, capqueue;

	/*
	 * The value of refs/heads/<name> on disk that the branch has taken
	 * in: what the store loaded or last wrote there, or what git put
	 * there and store_refs_poll merged.  Zero: no ref, or one not taken
	 * in yet (a replay that found the ref moved).  A checkpoint writes
	 * the ref only while the disk still holds this value; guarded by the
	 * store's ckpt_lock once the store is open.
	 */
	store_oid on_disk;
	int replayed; /* a WAL record of this open moved the branch (txn.c's replay) */

	int deleted; /* guarded by the store's branches_lock */
	bidx *idx;   /* built on first use; guarded by commit_lock */

	/*
	 * The counter each sequence's entry last recorded in a commit of this
	 * process (store_tx_seq_record), by path; guarded by commit_lock.
	 * Empty after a restart: the first record then always lands.
	 */
	struct seqmark {
		char *path;
		int64_t mark;
	} *seqmarks;
	size_t nseqmarks, capseqmarks;
	struct branch *next;
} branch;

/* Forget the counters a branch's commits recorded (txn.c). */
void store_seqmarks_clear(branch *b);

struct store {
	char *dir;         /* the bare repository */
	char *objects_dir; /* dir/objects */
	char *private_dir; /* dir/chrondb */
	store_opts opts;
	char default_branch[STORE_BRANCH_MAX + 1];
	char committer_name[128];
	char committer_email[128];

	int lock_fd;
	store_odb *odb;
	wal *wal;

	git_repository *repo; /* refs and repack only; guarded by repo_lock */
	pthread_mutex_t repo_lock;

	pthread_mutex_t branches_lock;
	branch *branches;

	/*
	 * The commit-order lock: every commit appends its WAL record under
	 * it, so a checkpoint that holds it sees no commit half-way between
	 * its objects and its record.
	 */
	pthread_mutex_t notes_lock;

	/*
	 * Notes.  A commit's note blob is written with the commit; the notes
	 * tree and commit that make it reachable from refs/notes/chrondb are
	 * built once per checkpoint for every commit since the last one
	 * (store_notes_fold), not once per commit: patching the notes tree's
	 * two 256-entry levels cost more than the rest of a one-row commit.
	 * Until then the note is found through the pending list.  The list is
	 * in WAL order; appended under notes_lock and notes_state_lock, cut
	 * by checkpoints (ckpt_lock) and WAL-failure recovery; read under
	 * notes_state_lock, or under notes_lock alone by a cutter.
	 */
	pthread_mutex_t notes_state_lock;
	store_oid notes_head; /* the newest notes commit; guarded by notes_state_lock */
	struct pnote {
		store_oid commit;
		store_oid blob;
		wal_lsn lsn;
		int64_t time_us;
	} *pnotes;
	size_t npnotes, cappnotes;
	uint32_t *pnote_slots; /* open addressing over pnotes: index + 1, 0 empty */
	size_t pnote_cap;      /* a power of two, at least twice npnotes */
	pthread_mutex_t recover_lock; /* one WAL-failure recovery at a time */
	store_oid notes_on_disk;

	/* Column orders of catalog entries, direct-mapped by blob id (txn.c). */
	pthread_mutex_t colorder_lock;
	colorder *colorders[STORE_COLORDER_SLOTS];

	/*
	 * Row counts of table trees, cached by tree id (store.c,
	 * store_count): a tree's count never changes, and after a commit only
	 * the trees on the written rows' paths are new, so counting a table
	 * reads a handful of trees instead of every one; commits carry the
	 * counts of the trees they make (store_count_carry).
	 */
	pthread_mutex_t count_lock;
	struct treecount {
		store_oid tree;
		int depth; /* the levels of subtrees counted */
		uint64_t rows;
		uint64_t age; /* count_age when stored: sets replace their oldest */
	} * counts; /* STORE_COUNT_SLOTS, allocated at open */
	uint64_t count_age;

	/* Sequence counters (seq.c). */
	pthread_mutex_t seq_lock;
	pthread_cond_t seq_saved; /* a save outside the lock ended (seq.c) */
	int seq_saving;           /* such a save is running; guarded by seq_lock */
	seqctr *seqs;
	int seq_loaded;

	/* The lock manager (lock.c). */
	struct lockmgr *locks;

	/* Checkpointer (checkpoint.c). */
	pthread_mutex_t ckpt_lock; /* one checkpoint at a time */
	pthread_mutex_t ckpt_mutex;
	pthread_cond_t ckpt_cond;
	int ckpt_stop;
	int ckpt_running; /* threads started: 0, 1 (checkpointer) or 2 (and the merger) */
	pthread_t ckpt_thread;
	pthread_t merge_thread;
	pthread_cond_t merge_cond; /* with ckpt_mutex */
	int merge_wanted;          /* a checkpoint wrote a pack since the last merge */
	store_odb_gen **sealed;    /* sealed but not yet packed */
	size_t nsealed;
	pthread_cond_t mem_cond; /* with ckpt_mutex: memory was freed, or a checkpoint failed */
	int ckpt_failed;         /* the last background checkpoint failed; guarded by ckpt_mutex */
	int ckpt_kicked;         /* a checkpoint is wanted now; guarded by ckpt_mutex */
	uint64_t ckpt_runs;      /* background checkpoints attempted; guarded by ckpt_mutex */
	store_err ckpt_err;      /* why */

	/*
	 * The listed merge conflicts (merge.c), saved to DATA/chrondb/conflicts
	 * whenever they change; guarded by conflicts_lock.
	 */
	pthread_mutex_t conflicts_lock;
	store_conflict *conflicts;
	size_t nconflicts;

	int refs_moved; /* replay found refs moved on disk: poll them at the end of the open */

	/* What a layer above keeps per store (store_ext); freed at close. */
	pthread_mutex_t ext_lock;
	void *ext;
	void (*ext_free)(void *ext);

	atomic_int fault;
	atomic_uint_fast64_t stat_commits;
	atomic_uint_fast64_t stat_checkpoints;
};

struct store_snap {
	store *s;
	store_oid commit; /* zero for an empty branch */
	store_oid tree;
	int64_t time_us;
	char branch[STORE_BRANCH_MAX + 1]; /* "" when not taken from a branch */
};

/* ---- store.c ---- */

branch *store_branch_find(store *s, const char *name);
branch *store_branch_get_or_create(store *s, const char *name);
int store_branch_name_validate(const char *name, store_err *err);
int store_read_commit(
	store *s, const store_oid *oid, store_obj **obj, store_commit *c, store_err *err);
int store_snap_make(
	store *s, const store_oid *commit, const char *branch, store_snap **out, store_err *err);

/*
 * The author's name of a commit of branch bname (named in the error when the
 * commit is missing: XX001) into out, size bytes.
 */
int store_commit_author(store *s, const store_oid *commit, const char *bname, char *out,
	size_t size, store_err *err);

/*
 * Walk a path "a/b/c" from a tree; oid and mode receive the entry.
 * STORE_NOTFOUND when a component is missing.
 */
int store_tree_walk(store *s, const store_oid *tree, const char *path, size_t len, store_oid *oid,
	uint32_t *mode, store_err *err);

/*
 * Tree paths built from a table's (or catalog entry's) real name, which
 * they check first (store_table_validate, 42602) and encode (keycodec.h):
 * the directory of a table's rows, "<encoded>" in our layout (kind 1) or
 * "data/<ChronDB-escaped>" (kind 2), and a catalog entry,
 * ".chrondb/<kind>/<encoded>.json" (kind "tables", "sequences", ...).
 * Each writes the NUL-terminated path into out, STORE_NAME_PATH_SIZE
 * bytes, and returns its length, or -1 with err set.
 */
#define STORE_NAME_PATH_SIZE (STORE_TABLE_CHRONDBMAX + 64)
int store_table_dir(char *out, int kind, const char *table, store_err *err);
int store_entry_path(char *out, const char *kind, const char *name, store_err *err);

/* Tree path of a row: "<table>/a/b/c/d/<key>.json" or "data/<table>/<id>.json". */
int store_row_path(store *s, const store_oid *root, const char *table, const char *key,
	size_t keylen, store_buf *path, store_err *err);

/* The same for a table of known kind (1 ours, 2 ChronDB layout). */
int store_row_path_kind(int kind, const char *table, const char *key, size_t keylen,
	store_buf *path, store_err *err);

/* Whether the table exists in a tree: 1 ours, 2 ChronDB layout, 0 not at all. */
int store_table_kind(store *s, const store_oid *root, const char *table, store_err *err);

/*
 * A tree made from old by writes whose rows all sit depth levels below
 * it, delta rows more in all: when old's row count is known, tree's is
 * too (store.c's count cache), so counting a table after a commit reads
 * no tree.
 */
void store_count_carry(
	store *s, const store_oid *old, const store_oid *tree, int depth, int64_t delta);

/* A log line through store_opts.log (standard error without one). */
void store_log_event(store *s, store_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Note time in microseconds for a commit (0 when there is no note or no time). */
int64_t store_note_time(store *s, const store_oid *commit);
int64_t store_parse_iso_time(const char *str, size_t len, int *ok);
void store_fmt_iso_time(char out[40], int64_t t_us);
int64_t store_now_us(void);
int store_fsync_dir(const char *path);

/* Scans assembled piece by piece, for a transaction's view (txn.c). */
store_scan *store_scan_new(store *s);

/* Add the snapshot's rows of table; STORE_NOTFOUND when the table is not there. */
int store_scan_collect(store_snap *snap, const char *table, store_scan *sc, store_err *err);

/* Add a row whose JSON is given (a transaction's own write). */
void store_scan_put_inline(
	store_scan *sc, const char *key, size_t keylen, const char *json, size_t len);

/* Drop the rows drop() says to. */
void store_scan_filter(
	store_scan *sc, int (*drop)(void *arg, const char *key, size_t keylen), void *arg);

/* Order the rows for reading: numerically when the catalog has one integer key. */
void store_scan_finish(store_scan *sc, const char *catalog);

/* A catalog entry's text at a snapshot (path ".chrondb/<kind>/<name>.json"); STORE_NOTFOUND if none. */
int store_meta_read(store_snap *snap, const char *path, char **json, store_err *err);

/* Append the names of a kind's entries at a snapshot to *list (malloc'd strings). */
int store_meta_names(
	store_snap *snap, const char *kind, char ***list, size_t *n, size_t *cap, store_err *err);

/* ---- diff.c ---- */

/*
 * Called for each blob that differs between two trees: its path below
 * them, the operation, and its old and new ids (NULL on the side where
 * it is absent).  A non-zero return stops the walk.
 */
typedef int (*store_tree_diff_fn)(void *arg, const char *path, size_t len, store_op op,
	const store_oid *old_blob, const store_oid *new_blob, store_err *err);

/*
 * Walk the blobs that differ between trees a and b (either may be zero:
 * no tree), skipping equal subtrees unread.  Returns STORE_OK, a tree
 * read's error, or fn's non-zero return.
 */
int store_tree_diff(store *s, const store_oid *a, const store_oid *b, store_tree_diff_fn fn,
	void *arg, store_err *err);

/* Our encoded key for a ChronDB flat file name (without ".json"), appended to out. */
int store_chrondb_key(const char *name, size_t len, store_buf *out);

/*
 * Whether a path from the root names a row: "<table>/a/b/c/d/<key>.json"
 * in our layout or "data/<table>/<id>.json" in ChronDB's.  On 1, table
 * (STORE_TABLE_MAX + 1 bytes) receives the table's real name and key
 * (emptied first) its encoded key; 0 for any other path.
 */
int store_path_row(const char *path, size_t len, char *table, store_buf *key);

/* ---- txn.c ---- */

int store_wal_apply(void *arg, wal_lsn lsn, const void *rec, size_t len);

/*
 * A transaction that commits a merge (merge.c).  store_tx_commit calls
 * prepare under the branch's commit lock with the branch's newest head
 * (zero: none): it fills the write set against that head
 * (store_tx_write_path) and returns STORE_OK with *second set, for a
 * merge commit whose second parent that is (made even when its tree
 * equals the head's), or with *ff set, for a fast-forward of the branch
 * to that commit; STORE_NOTFOUND when there is nothing to commit; or
 * STORE_ERROR.
 */
typedef struct store_tx_merge {
	int (*prepare)(void *arg, store_tx *tx, const store_oid *head, store_oid *second,
		store_oid *ff, store_err *err);
	void *arg;
	int no_throttle; /* never wait for memory: the checkpointer itself merges */
} store_tx_merge;

void store_tx_set_merge(store_tx *tx, const store_tx_merge *m);

/*
 * Buffer a write at a path from the root: data (malloc'd, taken over)
 * put there, or, with data NULL, the entry removed (a whole directory
 * when the path names one).  table and key (may be NULL) say which row
 * the path is, for the commit's history.
 */
void store_tx_write_path(store_tx *tx, const char *path, size_t len, char *data, size_t datalen,
	const char *table, const char *key, size_t keylen);

/* The branch a transaction writes. */
const char *store_tx_branch(const store_tx *tx);

/* FNV-1a over n bytes: the hash of the write set's paths and of lock tags. */
static inline uint64_t store_hash_bytes(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
	return h;
}

/* ---- lock.c ---- */

/* The lock manager of a store (lock.c): made at open, freed at close. */
void store_locks_init(store *s);
void store_locks_destroy(store *s);

/*
 * lock.c for txn.c: a row lock of branch's table taken for a locker; a
 * locker's position in its log of locks gained (a savepoint), and the
 * rollback to one; a private locker's interrupt flag.
 */
int store_lock_row_of(store_locker *lk, const char *bname, const char *table, const char *key,
	size_t keylen, store_lockreq *req, store_err *err);
size_t store_locker_mark(const store_locker *lk);
void store_locker_rollback(store_locker *lk, size_t mark);
void store_locker_set_interrupt(store_locker *lk, const atomic_int *flag);
void store_colorders_free(store *s);

/* ---- seq.c ---- */

/*
 * A merge gave the branch catalog entries of other branches: its
 * counters compare with the sequences' recorded values again at their
 * next use, and jump past what the other branch handed out.
 */
void store_seqs_recheck(store *s, const char *bname);

/* At a clean close: log each counter where it stands, then free them. */
void store_seqs_close(store *s);
void store_seqs_free(store *s);
int store_branch_record(
	store *s, int create, const char *name, const store_oid *target, store_err *err);

/* ---- history.c ---- */

/*
 * Build the branch's index if it has none.  Called with b->commit_lock
 * held, returns with it held, but releases it while building (see
 * history.c): the caller must re-read what the lock guards.
 */
int bidx_ensure(store *s, branch *b, store_err *err);
void bidx_free(bidx *x);

/* A change applied by a commit, as the index records it. */
typedef struct bidx_change {
	const char *table;
	const char *key;
	size_t keylen;
	store_op op;
	store_oid blob;
} bidx_change;

/* Append a commit (caller holds b->commit_lock; no-op when the index is not built). */
void bidx_add_commit(
	branch *b, const store_oid *commit, int64_t time_us, const bidx_change *changes, size_t n);

/*
 * Append a commit whose row changes are found by diffing new_tree
 * against old_tree (its parent's): for a commit that removes whole
 * directories (a dropped table), whose rows its write set does not list.
 * Caller holds b->commit_lock; a failure drops the index for a rebuild.
 */
int bidx_add_commit_diff(store *s, branch *b, const store_oid *commit, int64_t time_us,
	const store_oid *old_tree, const store_oid *new_tree, store_err *err);

/*
 * Append the index up to commit upto (whose ref is on disk) to the
 * branch's index file, building the index first if no query did; for a
 * deleted branch, remove the file.  Takes b->commit_lock.
 */
void bidx_persist(store *s, branch *b, const store_oid *upto);

/* Drop index entries past the commit `keep` (after a failed WAL write). */
void bidx_truncate_to(branch *b, const store_oid *keep);

/* Sequence number of a commit on the branch's first-parent chain; -1 if absent. */
long bidx_seq(bidx *x, const store_oid *commit);

/* Copy of the index up to and including seq, for a new branch. */
bidx *bidx_copy(bidx *x, long seq);

int bidx_at_time(bidx *x, long max_seq, int64_t t_us, store_oid *out, int64_t *time_out);

/* The last commit up to max_seq at or before t_us: its sequence number, -1 when none. */
long bidx_seq_at_time(bidx *x, long max_seq, int64_t t_us);

/* The id of commit seq (NULL past the end); borrowed while the commit lock is held. */
const store_oid *bidx_oid(bidx *x, long seq);

/*
 * The commits in (after, upto] that changed a row of table, ascending:
 * *seqs (borrowed while the commit lock is held) and the count.
 */
size_t bidx_table_changes(bidx *x, const char *table, long after, long upto, const uint32_t **seqs);

/*
 * Around commit seq, a row's changes: *prev the last at or before seq,
 * *next the first after it up to max_seq (-1 for none).
 */
void bidx_row_around(bidx *x, const char *table, const char *key, size_t keylen, long seq,
	long max_seq, long *prev, long *next);
/*
 * The versions of a row up to max_seq, newest first, without authors:
 * those come from the commits, read after the commit lock is released.
 */
int bidx_history(bidx *x, long max_seq, const char *table, const char *key, size_t keylen,
	size_t limit, store_version **out, size_t *n);
int64_t bidx_time(bidx *x, long seq);

/* ---- Pending notes (txn.c) ---- */

/* The pending note of commit, NULL when none; caller holds notes_state_lock. */
const struct pnote *store_pnote_find(const store *s, const store_oid *commit);

/*
 * The notes commit that adds the n notes of v to the notes commit base
 * (zero: none yet), in *out; its objects go into the open generation.
 */
int store_notes_fold(store *s, const struct pnote *v, size_t n, const store_oid *base,
	store_oid *out, store_err *err);

/*
 * Make head, which holds the first n pending notes, the notes head and
 * drop those from the list.  Caller holds notes_lock.
 */
void store_notes_cut(store *s, size_t n, const store_oid *head);

/* ---- checkpoint.c ---- */

int store_ckpt_start(store *s, store_err *err);
void store_ckpt_stop(store *s);
void store_ckpt_kick(store *s);

/*
 * Wait while memory holds more new objects than the limit and the
 * background checkpointer is writing them out; fails (53200) when it
 * cannot.  Called before a commit starts.
 */
int store_ckpt_throttle(store *s, store_err *err);

/* ---- refs.c ---- */

/*
 * Write a ref as git does (refs.c), if the disk still holds *expect (zero:
 * no such ref; NULL: whatever it holds): "<ref>.lock" created
 * exclusively (git holds it while it updates the ref: 55P03), the value
 * on disk compared under it, then written, fsynced and renamed.
 * STORE_NOTFOUND, nothing written, when the disk holds another value.
 */
int store_write_ref(store *s, const char *refname, const store_oid *oid, const store_oid *expect,
	store_err *err);

/* The value of a ref on disk, loose or packed: STORE_NOTFOUND when there is none. */
int store_read_ref(store *s, const char *refname, store_oid *out, store_err *err);

/*
 * merge.c's work for a source commit, for store_merge and for the merges
 * the checkpointer runs (refs.c's poll: background, which neither waits
 * for memory nor for the rows the merge writes: 55P03 when a writer
 * holds one, and the poll tries again later).  lock_wait_ms and
 * interrupt bound the wait for those rows' locks otherwise.
 */
int store_merge_commit(store *s, const store_oid *source, const char *label, const char *target,
	store_merge_strategy strategy, const store_txmeta *meta, int background, int lock_wait_ms,
	const atomic_int *interrupt, store_merge_result *res, store_err *err);

/* Conflicts at open and close (merge.c). */
void store_conflicts_load(store *s);
void store_conflicts_clear(store *s);

/* A branch was deleted: the conflicts of merges from or into it go too. */
void store_conflicts_forget(store *s, const char *bname);

/*
 * Remove what a killed process of ours left behind: ref lock files
 * below refs/heads, refs/notes/chrondb's and packed-refs', and the
 * temporary files of packs.  Called at open, under the store's lock.
 */
void store_clean_stale_locks(store *s);

#endif
