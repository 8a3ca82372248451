/*
 * wal.c - the write-ahead log: segment files, group commit, recovery.
 *
 * This file owns everything in the WAL directory (the segment files and
 * the checkpoint file) and the in-memory buffer of records not yet
 * written.  It does not know what a record means, the store builds and
 * replays them, and it does not decide when to checkpoint.  wal.h has the
 * contract; this comment gives the design.
 *
 * Records.  On disk a record is an 8-byte header, the payload length and
 * zlib's CRC-32 of the length bytes and the payload, both little endian,
 * then the payload.  Records are packed without padding.  A record's LSN
 * is the position just past its end, and a record never spans segments.
 *
 * Segments.  DIR/<start LSN in 16 hex digits>.wal.  The first record
 * appended once a segment holds 64 MiB begins a new one, and so does the
 * first record after wal_rotate.  A segment is fsynced before its
 * successor is created, so every segment but the last is complete: its
 * records run exactly up to the start of the next.  Like PostgreSQL's, the
 * files are zero-filled ahead of the records (in steps of 1 MiB rather
 * than a whole segment, to keep the stall short), so that a commit's
 * fdatasync seldom has to change the file size as well.  A header of
 * zeros fails its CRC, so the zero tail needs no special case: the log
 * ends at the first record that is cut short or fails its CRC.
 *
 * Recovery.  wal_open reads every record from the checkpoint LSN on.  In
 * the last segment the first invalid record ends the log: a crash in the
 * middle of a write leaves a torn record, and the pages of one write reach
 * the disk in any order, so nothing after it was acknowledged.  The file
 * is cut there.  An invalid record in an earlier segment is corruption
 * (XX001), since acknowledged records follow it.
 *
 * Group commit.  wal_append frames a record into the pending batch under
 * the mutex and returns its LSN.  wal_flush waits until that LSN is
 * durable; the waiter that finds no flush running becomes the leader: it
 * swaps the pending batch for the empty spare, drops the mutex, writes the
 * batch and calls fdatasync once, then retakes the mutex, advances the
 * durable LSN and wakes every waiter.  Appends go on into the new pending
 * batch meanwhile, so the next fdatasync covers all that arrived during
 * this one.  Only the leader touches the segment being written.  The
 * durable LSN is also published in an atomic, and waiters sleep on a
 * futex that each flush bumps: a waiter the flush covered leaves without
 * taking the mutex, so a flush that covers eight commits does not hand
 * the mutex from one to the next eight times.
 *
 * Failure.  When a write fails the leader cuts the segment back to the
 * durable size and fsyncs the cut, so that a discarded record cannot come
 * back after a crash.  It then discards the pending batch too, rewinds the
 * LSN counter to the durable LSN and marks the log broken, which fails
 * every waiter past the durable LSN with the saved error.  wal_resume
 * first waits for those waiters to leave, because the LSNs they wait for
 * are about to be handed out again.  A failed fdatasync breaks the log
 * for good (see wal.h); its segment is cut back all the same.
 */
#include "wal.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <time.h>
#include <linux/futex.h>
#include <unistd.h>
#include <zlib.h>

#define WAL_HDR_BYTES   8
#define WAL_SEG_BYTES   (64u << 20) /* a segment this full takes no more records */
#define WAL_ZERO_STEP   (1u << 20)  /* segment files grow in zero-filled steps */
#define WAL_BUF_KEEP    (4u << 20)  /* an idle buffer larger than this is freed */
#define WAL_SEG_NAMELEN 21          /* 16 hex digits, ".wal" and a NUL */

#define WAL_CKPT_FILE "checkpoint"
#define WAL_CKPT_TEMP "checkpoint.tmp"

/* Framed records on their way to disk, and where new segments begin. */
struct batch {
	unsigned char *data;
	size_t len, cap;
	wal_lsn start; /* LSN of data[0] */
	uint64_t nrec;
	wal_lsn *cuts; /* LSNs that begin a new segment, ascending */
	size_t ncuts, capcuts;
};

/* A list of segment start LSNs, ascending. */
struct seglist {
	wal_lsn *v;
	size_t n, cap;
};

enum wal_state {
	WAL_OPEN,
	WAL_BROKEN, /* a write failed; wal_resume reopens */
	WAL_DEAD,   /* an fdatasync failed; only a restart helps */
};

/* What a leader's flush did, to be published under the mutex. */
struct flush_result {
	wal_lsn done;     /* durable up to here, after a failure too */
	uint64_t syncs;   /* fdatasync calls made */
	uint64_t sync_ns; /* time they took */
	int fatal;        /* the failure leaves the log dead */
	store_err err;    /* why it failed */
};

struct wal {
	char *dir;
	int dirfd;

	pthread_mutex_t mu;
	pthread_cond_t cond;     /* durable moved, a flush failed, a flusher left */
	pthread_cond_t gathered; /* the gathering leader's batch is full */

	/* Protected by mu. */
	struct batch bufs[2];
	struct batch *pending; /* appended, not yet handed to a leader */
	wal_lsn seg_open;      /* start of the segment the next record joins */
	wal_lsn seg_last;      /* start of the newest segment file on disk */
	wal_lsn durable;
	wal_lsn ckpt;
	int flushing;       /* a leader is gathering or writing */
	int gathering;      /* the leader waits for the pending batch to fill */
	atomic_int flushers; /* threads waiting for a flush (wal_flush, flush_wait) */
	atomic_int announced; /* records announced and not appended yet (wal_announce) */
	uint64_t last_nrec; /* records in the last batch written */
	uint64_t sync_ns;   /* moving average of an fdatasync's duration */
	enum wal_state state;
	store_err fail; /* why the log is broken */
	wal_fault fault;
	int fault_after;
	wal_stats stats;

	/* Outside the mutex: the durable LSN and whether the log is open. */
	_Atomic wal_lsn durable_pub;
	atomic_int broken_pub;
	atomic_uint flush_gen; /* futex word: bumped when a flush ends */

	/* The newest segment: owned by the leader, or by open and close. */
	int fd;
	wal_lsn fd_start;
	uint64_t fd_size; /* bytes in the file, zero tail included */

	pthread_mutex_t ckpt_mu; /* serialises wal_checkpoint_done */
};

typedef int (*wal_replay_cb)(void *arg, wal_lsn lsn, const void *rec, size_t len);

static const unsigned char zeros[64 * 1024];

/*
 * Errors.
 */

static int oom_error(store_err *err)
{
	return store_err_set(err, "53200", "out of memory");
}

/*
 * Report a failed system call: msg is the primary message, the detail
 * names the call, the file (name in dir, or dir itself when name is NULL)
 * and the errno text.
 */
static int io_error(store_err *err, const char *msg, const char *call, const char *dir,
	const char *name, int errnum)
{
	char text[128];

	store_err_set(err, "58030", "%s", msg);
	store_err_detail(err, "%s(\"%s%s%s\") failed: %s.", call, dir, name != NULL ? "/" : "",
		name != NULL ? name : "", strerror_r(errnum, text, sizeof(text)));
	return STORE_ERROR;
}

static int corrupt_error(store_err *err, const wal *w, const char *file, uint64_t off, wal_lsn lsn)
{
	store_err_set(err, "XX001", "wal segment \"%s\" is corrupt at offset %" PRIu64, file, off);
	store_err_detail(err,
		"The record at LSN %" PRIu64
		" in \"%s\" is damaged or cut short, and the log goes on in later segments, so it is not a torn write.",
		lsn, w->dir);
	return STORE_ERROR;
}

/* Hand the saved failure to a caller; keeps an error already set. */
static int fail_copy(const wal *w, store_err *err)
{
	if (err != NULL && !store_err_isset(err))
		*err = w->fail;
	return STORE_ERROR;
}

/*
 * Record framing.
 */

static void le32_put(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static uint32_t le32_get(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* CRC of the length bytes at hdr and the payload. */
static uint32_t record_crc(const unsigned char *hdr, const void *rec, size_t len)
{
	uLong crc = crc32(0L, hdr, 4);

	/* zlib returns 0 for a NULL buffer, whatever the running value. */
	if (len > 0)
		crc = crc32(crc, rec, (uInt)len);
	return (uint32_t)crc;
}

/*
 * Check the record at p with avail bytes after it; its payload length goes
 * to *len.  A zero-filled header fails the CRC like any other damage.
 */
static int record_valid(const unsigned char *p, uint64_t avail, uint32_t *len)
{
	if (avail < WAL_HDR_BYTES)
		return 0;
	*len = le32_get(p);
	if (*len > WAL_MAX_RECORD || *len > avail - WAL_HDR_BYTES)
		return 0;
	return record_crc(p, p + WAL_HDR_BYTES, *len) == le32_get(p + 4);
}

/*
 * Batches.
 */

static int batch_reserve(struct batch *b, size_t more)
{
	size_t cap = b->cap != 0 ? b->cap : 64 * 1024;
	unsigned char *data;

	if (b->cap - b->len >= more)
		return 0;
	while (cap - b->len < more)
		cap *= 2;
	data = realloc(b->data, cap);
	if (data == NULL)
		return -1;
	b->data = data;
	b->cap = cap;
	return 0;
}

static int batch_cut(struct batch *b, wal_lsn lsn)
{
	if (b->ncuts == b->capcuts) {
		size_t cap = b->capcuts != 0 ? 2 * b->capcuts : 4;
		wal_lsn *cuts = realloc(b->cuts, cap * sizeof(*cuts));

		if (cuts == NULL)
			return -1;
		b->cuts = cuts;
		b->capcuts = cap;
	}
	b->cuts[b->ncuts++] = lsn;
	return 0;
}

/* Empty b so that it starts at lsn, giving back a buffer grown huge. */
static void batch_reset(struct batch *b, wal_lsn lsn)
{
	if (b->cap > WAL_BUF_KEEP) {
		free(b->data);
		b->data = NULL;
		b->cap = 0;
	}
	b->len = 0;
	b->nrec = 0;
	b->ncuts = 0;
	b->start = lsn;
}

static wal_lsn batch_end(const struct batch *b)
{
	return b->start + b->len;
}

/*
 * Files and directories.
 */

static void seg_name(char name[WAL_SEG_NAMELEN], wal_lsn start)
{
	snprintf(name, WAL_SEG_NAMELEN, "%016" PRIx64 ".wal", start);
}

/* Parse a segment file name; 0 when name is something else. */
static int seg_parse(const char *name, wal_lsn *start)
{
	if (strlen(name) != WAL_SEG_NAMELEN - 1 || strcmp(name + 16, ".wal") != 0)
		return 0;
	*start = 0;
	for (int i = 0; i < 16; i++) {
		int c = name[i];
		int digit = c >= '0' && c <= '9'   ? c - '0'
			    : c >= 'a' && c <= 'f' ? c - 'a' + 10
						   : -1;

		if (digit < 0)
			return 0;
		*start = *start << 4 | (wal_lsn)digit;
	}
	return 1;
}

static int lsn_cmp(const void *a, const void *b)
{
	wal_lsn x = *(const wal_lsn *)a, y = *(const wal_lsn *)b;

	return x < y ? -1 : x > y;
}

/* The segments in the directory, ascending; the caller frees list->v. */
static int seg_list(const wal *w, struct seglist *list, store_err *err)
{
	struct dirent *de;
	DIR *d;
	int fd;

	fd = openat(w->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || (d = fdopendir(fd)) == NULL) {
		int errnum = errno;

		if (fd >= 0)
			close(fd);
		return io_error(err, "could not read write-ahead log directory", "opendir", w->dir,
			NULL, errnum);
	}
	while ((de = readdir(d)) != NULL) {
		wal_lsn start;

		if (!seg_parse(de->d_name, &start))
			continue;
		if (list->n == list->cap) {
			size_t cap = list->cap != 0 ? 2 * list->cap : 16;
			wal_lsn *v = realloc(list->v, cap * sizeof(*v));

			if (v == NULL) {
				closedir(d);
				return oom_error(err);
			}
			list->v = v;
			list->cap = cap;
		}
		list->v[list->n++] = start;
	}
	closedir(d);
	if (list->n > 0)
		qsort(list->v, list->n, sizeof(*list->v), lsn_cmp);
	return STORE_OK;
}

/*
 * Delete the segments whose records all lie below lsn, that is those whose
 * successor starts at or below it, and drop them from list.
 */
static int seg_remove_below(const wal *w, struct seglist *list, wal_lsn lsn, store_err *err)
{
	char name[WAL_SEG_NAMELEN];
	size_t k = 0;

	while (k + 1 < list->n && list->v[k + 1] <= lsn) {
		seg_name(name, list->v[k]);
		if (unlinkat(w->dirfd, name, 0) != 0 && errno != ENOENT)
			return io_error(err, "could not remove write-ahead log segment", "unlink",
				w->dir, name, errno);
		k++;
	}
	if (k == 0)
		return STORE_OK;

	/* The unlinks must not come undone after a crash. */
	if (fsync(w->dirfd) != 0)
		return io_error(err, "could not fsync write-ahead log directory", "fsync", w->dir,
			NULL, errno);
	memmove(list->v, list->v + k, (list->n - k) * sizeof(*list->v));
	list->n -= k;
	return STORE_OK;
}

/* Make path durable in its parent directory. */
static int dir_sync_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *parent;
	int fd, rc;

	if (slash == NULL)
		parent = strdup(".");
	else
		parent = strndup(path, slash == path ? 1 : (size_t)(slash - path));
	if (parent == NULL)
		return -1;
	fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(parent);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Create dir and its missing parents, 0700, each made durable. */
static int dir_make(const wal *w, store_err *err)
{
	char *path = strdup(w->dir);
	int rc = STORE_OK;

	if (path == NULL)
		return oom_error(err);
	for (char *s = path + 1; rc == STORE_OK; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(path, 0700) == 0 ? dir_sync_parent(path) != 0 : errno != EEXIST)
			rc = io_error(err, "could not create write-ahead log directory", "mkdir",
				path, NULL, errno);
		*s = c;
		if (c == '\0')
			break;
	}
	free(path);
	return rc;
}

/* Write all n bytes at off, through short writes and signals. */
static int pwrite_all(int fd, const void *p, size_t n, uint64_t off)
{
	const unsigned char *q = p;

	while (n > 0) {
		ssize_t r = pwrite(fd, q, n, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = ENOSPC;
			return -1;
		}
		q += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

/*
 * Checkpoint file: the LSN in 16 hex digits and a newline, replaced
 * atomically.
 */

static int ckpt_read(wal *w, store_err *err)
{
	char text[32];
	ssize_t n;
	int fd;

	fd = openat(w->dirfd, WAL_CKPT_FILE, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		w->ckpt = 0;
		return STORE_OK;
	}
	if (fd < 0)
		return io_error(err, "could not read write-ahead log checkpoint", "open", w->dir,
			WAL_CKPT_FILE, errno);
	do
		n = pread(fd, text, sizeof(text) - 1, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		io_error(err, "could not read write-ahead log checkpoint", "read", w->dir,
			WAL_CKPT_FILE, errno);
		close(fd);
		return STORE_ERROR;
	}
	close(fd);

	/* Reuse the segment name parser on "<16 hex>.wal". */
	text[n] = '\0';
	if (n != 17 || text[16] != '\n')
		return store_err_set(err, "XX001", "write-ahead log checkpoint file is corrupt");
	memcpy(text + 16, ".wal", 5);
	if (!seg_parse(text, &w->ckpt))
		return store_err_set(err, "XX001", "write-ahead log checkpoint file is corrupt");
	return STORE_OK;
}

static int ckpt_write(const wal *w, wal_lsn lsn, store_err *err)
{
	static const char msg[] = "could not write write-ahead log checkpoint";
	char text[18];
	int fd;

	snprintf(text, sizeof(text), "%016" PRIx64 "\n", lsn);
	fd = openat(w->dirfd, WAL_CKPT_TEMP, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return io_error(err, msg, "open", w->dir, WAL_CKPT_TEMP, errno);
	if (pwrite_all(fd, text, 17, 0) != 0 || fsync(fd) != 0) {
		io_error(err, msg, "write", w->dir, WAL_CKPT_TEMP, errno);
		close(fd);
		return STORE_ERROR;
	}
	if (close(fd) != 0)
		return io_error(err, msg, "close", w->dir, WAL_CKPT_TEMP, errno);
	if (renameat(w->dirfd, WAL_CKPT_TEMP, w->dirfd, WAL_CKPT_FILE) != 0)
		return io_error(err, msg, "rename", w->dir, WAL_CKPT_FILE, errno);
	if (fsync(w->dirfd) != 0)
		return io_error(err, msg, "fsync", w->dir, NULL, errno);
	return STORE_OK;
}

/*
 * Reading segments.
 */

/*
 * Walk the records of the segment that starts at seg, from LSN from on,
 * until limit or the first invalid record; *end is where the valid
 * records stop.  cb, when set, gets each record (the payload is borrowed
 * until it returns) and its non-zero return value stops the walk.
 */
static int seg_walk(const wal *w, wal_lsn seg, wal_lsn from, wal_lsn limit, wal_replay_cb cb,
	void *arg, wal_lsn *end, store_err *err)
{
	char name[WAL_SEG_NAMELEN];
	const unsigned char *map = NULL;
	struct stat st;
	uint64_t pos = from - seg, size;
	uint32_t len;
	int fd, rc = 0;

	seg_name(name, seg);
	fd = openat(w->dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return io_error(err, "could not open write-ahead log", "open", w->dir, name, errno);
	if (fstat(fd, &st) != 0) {
		io_error(err, "could not open write-ahead log", "fstat", w->dir, name, errno);
		close(fd);
		return STORE_ERROR;
	}
	size = (uint64_t)st.st_size;
	if (pos > size) {
		close(fd);
		store_err_set(err, "XX001", "write-ahead log ends before its checkpoint");
		store_err_detail(err,
			"The checkpoint is at LSN %" PRIu64
			" but segment \"%s\" in \"%s\" ends at LSN %" PRIu64 ".",
			from, name, w->dir, seg + size);
		return STORE_ERROR;
	}
	if (size > 0) {
		map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			io_error(
				err, "could not read write-ahead log", "mmap", w->dir, name, errno);
			close(fd);
			return STORE_ERROR;
		}
		madvise((void *)map, size, MADV_SEQUENTIAL);
	}
	close(fd);

	/* A record that would run past limit overlaps the next segment. */
	while (seg + pos < limit && pos < size && record_valid(map + pos, size - pos, &len) &&
		seg + pos + WAL_HDR_BYTES + len <= limit) {
		wal_lsn lsn = seg + pos + WAL_HDR_BYTES + len;

		if (cb != NULL && (rc = cb(arg, lsn, map + pos + WAL_HDR_BYTES, len)) != 0)
			break;
		pos += WAL_HDR_BYTES + len;
	}
	*end = seg + pos;
	if (map != NULL)
		munmap((void *)map, size);
	return rc;
}

/*
 * Walk the log from the checkpoint through the segments in list.  Every
 * segment but the last must be valid up to the start of the next; *end is
 * where the valid records of the last one stop.
 */
static int log_walk(const wal *w, const struct seglist *list, wal_replay_cb cb, void *arg,
	wal_lsn *end, store_err *err)
{
	char name[WAL_SEG_NAMELEN];

	assert(list->n > 0 && list->v[0] <= w->ckpt);
	for (size_t i = 0; i < list->n; i++) {
		wal_lsn from = i == 0 ? w->ckpt : list->v[i];
		wal_lsn limit = i + 1 < list->n ? list->v[i + 1] : UINT64_MAX;
		int rc = seg_walk(w, list->v[i], from, limit, cb, arg, end, err);

		if (rc != 0)
			return rc;
		if (i + 1 < list->n && *end != limit) {
			seg_name(name, list->v[i]);
			return corrupt_error(err, w, name, *end - list->v[i], *end);
		}
	}
	return STORE_OK;
}

/*
 * Find the end of the log, cut what follows it off the last segment, and
 * make that segment the one appends go to.
 */
static int log_recover(wal *w, store_err *err)
{
	static const char msg[] = "could not open write-ahead log";
	char name[WAL_SEG_NAMELEN];
	struct seglist list = {0};
	struct stat st;
	wal_lsn last, end;
	int rc;

	/* Finish a checkpoint that stopped before deleting its segments. */
	rc = seg_list(w, &list, err);
	if (rc == STORE_OK)
		rc = seg_remove_below(w, &list, w->ckpt, err);
	if (rc != STORE_OK)
		goto out;

	/* A new log starts at the checkpoint, which is 0 unless the files went away. */
	if (list.n == 0) {
		seg_name(name, w->ckpt);
		w->fd = openat(w->dirfd, name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (w->fd < 0 || fsync(w->dirfd) != 0)
			rc = io_error(err, "could not create write-ahead log segment",
				w->fd < 0 ? "open" : "fsync", w->dir, name, errno);
		w->fd_start = w->durable = w->ckpt;
		goto out;
	}
	if (list.v[0] > w->ckpt) {
		store_err_set(err, "XX001", "write-ahead log is missing segments");
		store_err_detail(err,
			"The checkpoint is at LSN %" PRIu64
			" but the oldest segment in \"%s\" starts at LSN %" PRIu64 ".",
			w->ckpt, w->dir, list.v[0]);
		rc = STORE_ERROR;
		goto out;
	}
	rc = log_walk(w, &list, NULL, NULL, &end, err);
	if (rc != STORE_OK)
		goto out;

	/* Cut a torn record, and the zero tail with it, off the last segment. */
	last = list.v[list.n - 1];
	seg_name(name, last);
	w->fd = openat(w->dirfd, name, O_RDWR | O_CLOEXEC);
	if (w->fd < 0 || fstat(w->fd, &st) != 0) {
		rc = io_error(err, msg, w->fd < 0 ? "open" : "fstat", w->dir, name, errno);
		goto out;
	}
	if ((uint64_t)st.st_size > end - last &&
		(ftruncate(w->fd, (off_t)(end - last)) != 0 || fdatasync(w->fd) != 0)) {
		rc = io_error(err, msg, "ftruncate", w->dir, name, errno);
		goto out;
	}
	w->fd_start = last;
	w->fd_size = end - last;
	w->durable = end;

out:
	free(list.v);
	w->seg_open = w->seg_last = w->fd_start;
	w->pending->start = w->durable;
	atomic_store(&w->durable_pub, w->durable);
	return rc;
}

/*
 * Writing segments; only the leader calls these.
 */

/* Write n bytes at offset off of the newest segment, or fail as injected. */
static int seg_write(wal *w, const void *p, size_t n, uint64_t off, wal_fault *fault)
{
	if (*fault == WAL_FAULT_WRITE_ENOSPC || *fault == WAL_FAULT_SHORT_WRITE) {
		if (*fault == WAL_FAULT_SHORT_WRITE && pwrite_all(w->fd, p, n / 2, off) == 0 &&
			off + n / 2 > w->fd_size)
			w->fd_size = off + n / 2;
		*fault = WAL_FAULT_NONE;
		errno = ENOSPC;
		return -1;
	}
	if (pwrite_all(w->fd, p, n, off) != 0)
		return -1;
	if (off + n > w->fd_size)
		w->fd_size = off + n;
	return 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int seg_sync(wal *w, wal_fault *fault, struct flush_result *res)
{
	uint64_t t0 = now_ns();
	int rc;

	if (*fault == WAL_FAULT_FSYNC_EIO) {
		*fault = WAL_FAULT_NONE;
		errno = EIO;
		return -1;
	}
	rc = fdatasync(w->fd);
	res->syncs++;
	res->sync_ns += now_ns() - t0;
	return rc;
}

/* Keep zeros on disk past off, the end of the records. */
static int seg_zero_fill(wal *w, uint64_t off)
{
	uint64_t target = off - off % WAL_ZERO_STEP + WAL_ZERO_STEP;

	if (w->fd_size > off)
		return 0;
	while (w->fd_size < target) {
		size_t n =
			target - w->fd_size < sizeof(zeros) ? target - w->fd_size : sizeof(zeros);

		if (pwrite_all(w->fd, zeros, n, w->fd_size) != 0)
			return -1;
		w->fd_size += n;
	}
	return 0;
}

/* Create the segment that starts at start and make it the newest. */
static int seg_create(wal *w, wal_lsn start, struct flush_result *res)
{
	char name[WAL_SEG_NAMELEN];
	int fd;

	seg_name(name, start);
	fd = openat(w->dirfd, name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return io_error(&res->err, "could not write to write-ahead log", "open", w->dir,
			name, errno);
	if (fsync(w->dirfd) != 0) {
		res->fatal = 1;
		io_error(
			&res->err, "could not fsync write-ahead log", "fsync", w->dir, NULL, errno);
		close(fd);
		return STORE_ERROR;
	}
	close(w->fd);
	w->fd = fd;
	w->fd_start = start;
	w->fd_size = 0;
	return STORE_OK;
}

/*
 * Cut the newest segment back to the durable size after a failure and make
 * the cut durable; when that fails too the log can only die.
 */
static void seg_rollback(wal *w, struct flush_result *res)
{
	uint64_t off = res->done - w->fd_start;

	res->syncs++;
	if (ftruncate(w->fd, (off_t)off) != 0 || fdatasync(w->fd) != 0) {
		if (!res->fatal)
			store_err_hint(&res->err,
				"Cutting the segment back to its durable size failed as well, so the log stays broken until the server restarts.");
		res->fatal = 1;
	}
	w->fd_size = off;
}

/*
 * Write batch b and make it durable, splitting it where new segments
 * begin.  Runs without the mutex.  fault, when set, replaces the first
 * write or sync of the batch with a failure.
 */
static int batch_write(wal *w, const struct batch *b, wal_fault fault, struct flush_result *res)
{
	char name[WAL_SEG_NAMELEN];
	wal_lsn pos = b->start, end = batch_end(b);

	res->done = b->start;
	for (size_t i = 0;; i++) {
		wal_lsn stop = i < b->ncuts ? b->cuts[i] : end;

		if (stop > pos && seg_write(w, b->data + (pos - b->start), stop - pos,
					  pos - w->fd_start, &fault) != 0)
			goto write_failed;
		pos = stop;
		if (i == b->ncuts)
			break;

		/* Complete this segment on disk before its successor exists. */
		if (pos > res->done && seg_sync(w, &fault, res) != 0)
			goto sync_failed;
		res->done = pos;
		if (seg_create(w, pos, res) != STORE_OK)
			goto failed;
	}
	if (pos == res->done)
		return STORE_OK;

	/* Grow the file ahead of the records, then one sync covers both. */
	if (seg_zero_fill(w, pos - w->fd_start) != 0)
		goto write_failed;
	if (seg_sync(w, &fault, res) != 0)
		goto sync_failed;
	res->done = pos;
	return STORE_OK;

write_failed:
	seg_name(name, w->fd_start);
	io_error(&res->err, "could not write to write-ahead log", "pwrite", w->dir, name, errno);
	goto failed;
sync_failed:
	seg_name(name, w->fd_start);
	io_error(&res->err, "could not fsync write-ahead log", "fdatasync", w->dir, name, errno);
	store_err_hint(&res->err,
		"The log accepts no more records until the server restarts, because the kernel may have dropped the data it could not write.");
	res->fatal = 1;
failed:
	seg_rollback(w, res);
	return STORE_ERROR;
}

/*
 * Group commit.
 */

/*
 * Let the leader wait a moment before it takes the pending batch.  With
 * threads committing in a loop, the first one a flush releases would
 * otherwise lead the next flush alone while the others are still waking,
 * and every other fdatasync would carry a single record.  So the leader
 * waits until the batch holds as many records as the last one did, but
 * for half a typical fdatasync at most: the wait costs less than the sync
 * it saves, and the target shrinks after one short batch when fewer
 * threads commit.  It waits only while records are announced (commits
 * being built): when the other sessions wait for this flush themselves,
 * behind the row locks of the transactions in it, nothing more comes,
 * and waiting would only hold those locks longer.
 */
static void gather(wal *w)
{
	struct timespec until;
	uint64_t ns;

	if (w->pending->nrec == 0 || w->pending->nrec >= w->last_nrec ||
		atomic_load(&w->announced) == 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &until);
	ns = (uint64_t)until.tv_nsec + w->sync_ns / 2;
	until.tv_sec += (time_t)(ns / 1000000000u);
	until.tv_nsec = (long)(ns % 1000000000u);
	w->gathering = 1;
	while (w->pending->nrec < w->last_nrec && atomic_load(&w->announced) > 0 &&
		pthread_cond_timedwait(&w->gathered, &w->mu, &until) != ETIMEDOUT)
		;
	w->gathering = 0;
}

/* Wake every thread sleeping in flush_sleep. */
static void flush_ended(wal *w)
{
	atomic_fetch_add(&w->flush_gen, 1);
	syscall(SYS_futex, &w->flush_gen, FUTEX_WAKE_PRIVATE, INT32_MAX, NULL, NULL, 0);
}

/* Sleep until the flush generation moves past gen (it may have already). */
static void flush_sleep(wal *w, unsigned gen)
{
	syscall(SYS_futex, &w->flush_gen, FUTEX_WAIT_PRIVATE, gen, NULL, NULL, 0);
}

/* A flusher leaves; the last one out of a broken log lets wal_resume go on. */
static void flusher_leave(wal *w)
{
	if (atomic_fetch_sub(&w->flushers, 1) == 1 && atomic_load(&w->broken_pub)) {
		pthread_mutex_lock(&w->mu);
		pthread_cond_broadcast(&w->cond);
		pthread_mutex_unlock(&w->mu);
	}
}

/*
 * As the leader (flushing set), write the pending batch while appends go
 * on into the spare, then publish the outcome.  Called and returns with
 * mu held.
 */
static void lead(wal *w)
{
	struct batch *b = w->pending;
	struct flush_result res = {0};
	wal_fault fault = WAL_FAULT_NONE;
	int rc;

	assert(w->flushing && w->state == WAL_OPEN && (b->len > 0 || b->ncuts > 0));

	/* Take the batch; only flushes that write records count for faults. */
	w->pending = b == &w->bufs[0] ? &w->bufs[1] : &w->bufs[0];
	assert(w->pending->len == 0 && w->pending->ncuts == 0);
	w->pending->start = batch_end(b);
	if (b->len > 0 && w->fault != WAL_FAULT_NONE && w->fault_after == 0) {
		fault = w->fault;
		w->fault = WAL_FAULT_NONE;
	}
	pthread_mutex_unlock(&w->mu);

	rc = batch_write(w, b, fault, &res);

	/* Publish what is durable now, success or not. */
	pthread_mutex_lock(&w->mu);
	w->flushing = 0;
	w->durable = res.done;
	w->seg_last = w->fd_start;
	w->stats.flushes += res.syncs;
	if (res.syncs > 0)
		w->sync_ns = (7 * w->sync_ns + res.sync_ns / res.syncs) / 8;
	if (rc == STORE_OK) {
		w->last_nrec = b->nrec;
		if (b->len > 0 && w->fault != WAL_FAULT_NONE && w->fault_after > 0)
			w->fault_after--;
	} else {
		/* Discard every record that is not durable, and refuse more. */
		w->state = res.fatal ? WAL_DEAD : WAL_BROKEN;
		w->fail = res.err;
		batch_reset(w->pending, w->durable);
		w->seg_open = w->fd_start;
		atomic_store(&w->broken_pub, 1);
	}
	batch_reset(b, 0);
	atomic_store(&w->durable_pub, w->durable);
	pthread_cond_broadcast(&w->cond);
	flush_ended(w);
}

/*
 * Wait under mu until every record up to lsn is durable and, with seg
 * set, the segment starting at lsn exists; lead a flush when none runs.
 * While any thread is in here a broken log stays broken (wal_resume
 * waits), so a durable LSN past lsn always covers this caller's record.
 */
static int flush_wait(wal *w, wal_lsn lsn, int seg, store_err *err)
{
	int rc;

	atomic_fetch_add(&w->flushers, 1);
	for (;;) {
		if (w->durable >= lsn && (!seg || w->seg_last >= lsn)) {
			rc = STORE_OK;
			break;
		}
		if (w->state != WAL_OPEN) {
			rc = fail_copy(w, err);
			break;
		}
		if (w->flushing) {
			unsigned gen = atomic_load(&w->flush_gen);

			pthread_mutex_unlock(&w->mu);
			flush_sleep(w, gen);
			pthread_mutex_lock(&w->mu);
			continue;
		}
		w->flushing = 1;
		if (!seg)
			gather(w);
		lead(w);
	}
	if (atomic_fetch_sub(&w->flushers, 1) == 1 && w->state != WAL_OPEN)
		pthread_cond_broadcast(&w->cond);
	return rc;
}

/*
 * Public functions.
 */

int wal_open(wal **out, const char *dir, store_err *err)
{
	pthread_condattr_t attr;
	wal *w;

	assert(out != NULL && dir != NULL && *dir != '\0');
	*out = NULL;
	w = calloc(1, sizeof(*w));
	if (w == NULL)
		return oom_error(err);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cond, NULL);
	pthread_cond_init(&w->gathered, &attr);
	pthread_condattr_destroy(&attr);
	pthread_mutex_init(&w->ckpt_mu, NULL);
	w->pending = &w->bufs[0];
	w->dirfd = w->fd = -1;
	w->dir = strdup(dir);
	if (w->dir == NULL) {
		wal_close(w);
		return oom_error(err);
	}

	/* Find the end of the log from the last checkpoint. */
	if (dir_make(w, err) != STORE_OK)
		goto fail;
	w->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (w->dirfd < 0) {
		io_error(err, "could not open write-ahead log", "open", w->dir, NULL, errno);
		goto fail;
	}
	if (ckpt_read(w, err) != STORE_OK || log_recover(w, err) != STORE_OK)
		goto fail;
	*out = w;
	return STORE_OK;

fail:
	wal_close(w);
	return STORE_ERROR;
}

void wal_close(wal *w)
{
	if (w == NULL)
		return;
	assert(!w->flushing && atomic_load(&w->flushers) == 0);
	if (w->fd >= 0)
		close(w->fd);
	if (w->dirfd >= 0)
		close(w->dirfd);
	for (int i = 0; i < 2; i++) {
		free(w->bufs[i].data);
		free(w->bufs[i].cuts);
	}
	pthread_mutex_destroy(&w->ckpt_mu);
	pthread_cond_destroy(&w->gathered);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->mu);
	free(w->dir);
	free(w);
}

int wal_replay(wal *w, wal_replay_cb cb, void *arg, store_err *err)
{
	struct seglist list = {0};
	wal_lsn end;
	int rc;

	assert(w->stats.records == 0);
	rc = seg_list(w, &list, err);
	if (rc == STORE_OK)
		rc = log_walk(w, &list, cb, arg, &end, err);
	free(list.v);
	return rc;
}

/*
 * An announcement is an atomic count, taken without the mutex: every
 * committer makes one.  Only the last one withdrawn while a leader
 * gathers needs the mutex, to wake it.
 */
void wal_announce(wal *w)
{
	atomic_fetch_add(&w->announced, 1);
}

void wal_unannounce(wal *w)
{
	int left = atomic_fetch_sub(&w->announced, 1) - 1;

	assert(left >= 0);
	if (left == 0) {
		pthread_mutex_lock(&w->mu);
		if (w->gathering)
			pthread_cond_signal(&w->gathered);
		pthread_mutex_unlock(&w->mu);
	}
}

static int append(wal *w, const void *rec, size_t len, int announced, wal_lsn *lsn, store_err *err);

int wal_append(wal *w, const void *rec, size_t len, wal_lsn *lsn, store_err *err)
{
	return append(w, rec, len, 0, lsn, err);
}

int wal_append_announced(wal *w, const void *rec, size_t len, wal_lsn *lsn, store_err *err)
{
	return append(w, rec, len, 1, lsn, err);
}

/* Buffer a record; an announced one ends its announcement, appended or not. */
static int append(wal *w, const void *rec, size_t len, int announced, wal_lsn *lsn, store_err *err)
{
	unsigned char hdr[WAL_HDR_BYTES];
	struct batch *b;
	wal_lsn end;
	int cut, rc = STORE_OK;

	assert(rec != NULL || len == 0);
	if (len > WAL_MAX_RECORD) {
		if (announced)
			wal_unannounce(w);
		store_err_set(err, "54000", "wal record too large");
		store_err_detail(
			err, "The record has %zu bytes; the limit is %u.", len, WAL_MAX_RECORD);
		return STORE_ERROR;
	}

	/* Frame the record before taking the lock. */
	le32_put(hdr, (uint32_t)len);
	le32_put(hdr + 4, record_crc(hdr, rec, len));

	pthread_mutex_lock(&w->mu);
	if (announced) {
		int left = atomic_fetch_sub(&w->announced, 1) - 1;

		assert(left >= 0);
		(void)left;
	}
	if (w->state != WAL_OPEN) {
		rc = fail_copy(w, err);
		goto out;
	}

	/* A segment holding WAL_SEG_BYTES ends before this record. */
	b = w->pending;
	end = batch_end(b);
	cut = end - w->seg_open >= WAL_SEG_BYTES;
	if (batch_reserve(b, WAL_HDR_BYTES + len) != 0 || (cut && batch_cut(b, end) != 0)) {
		rc = oom_error(err);
		goto out;
	}
	if (cut)
		w->seg_open = end;
	memcpy(b->data + b->len, hdr, WAL_HDR_BYTES);
	if (len > 0)
		memcpy(b->data + b->len + WAL_HDR_BYTES, rec, len);
	b->len += WAL_HDR_BYTES + len;
	b->nrec++;
	*lsn = batch_end(b);
	if (w->gathering && (b->nrec >= w->last_nrec || atomic_load(&w->announced) == 0))
		pthread_cond_signal(&w->gathered);
	w->stats.records++;
	w->stats.bytes += WAL_HDR_BYTES + len;

out:
	if (announced && w->gathering && atomic_load(&w->announced) == 0)
		pthread_cond_signal(&w->gathered);
	pthread_mutex_unlock(&w->mu);
	return rc;
}

/*
 * flush_wait's loop for a record, with the mutex taken only to look at
 * the log's state or to lead: a flush that covers the record lets it go
 * through the published LSN alone.
 */
int wal_flush(wal *w, wal_lsn lsn, store_err *err)
{
	int rc;

	atomic_fetch_add(&w->flushers, 1);
	for (;;) {
		unsigned gen = atomic_load(&w->flush_gen);

		if (atomic_load(&w->durable_pub) >= lsn) {
			rc = STORE_OK;
			break;
		}
		pthread_mutex_lock(&w->mu);
		/* Past the end only when a failure cut the log back: it fails below. */
		assert(lsn <= batch_end(w->pending) || w->state != WAL_OPEN);
		if (w->durable >= lsn) {
			rc = STORE_OK;
		} else if (w->state != WAL_OPEN) {
			rc = fail_copy(w, err);
		} else if (w->flushing) {
			pthread_mutex_unlock(&w->mu);
			flush_sleep(w, gen);
			continue;
		} else {
			w->flushing = 1;
			gather(w);
			lead(w);
			pthread_mutex_unlock(&w->mu);
			continue;
		}
		pthread_mutex_unlock(&w->mu);
		break;
	}
	flusher_leave(w);
	return rc;
}

wal_lsn wal_durable_lsn(wal *w)
{
	return atomic_load(&w->durable_pub);
}

wal_lsn wal_end_lsn(wal *w)
{
	wal_lsn lsn;

	pthread_mutex_lock(&w->mu);
	lsn = batch_end(w->pending);
	pthread_mutex_unlock(&w->mu);
	return lsn;
}

int wal_is_broken(wal *w)
{
	int broken;

	pthread_mutex_lock(&w->mu);
	broken = w->state != WAL_OPEN;
	pthread_mutex_unlock(&w->mu);
	return broken;
}

int wal_resume(wal *w, store_err *err)
{
	int rc = STORE_OK;

	pthread_mutex_lock(&w->mu);
	if (w->state == WAL_DEAD) {
		rc = fail_copy(w, err);
	} else if (w->state == WAL_BROKEN) {
		/* Waiters for the discarded LSNs leave before they are reused. */
		while (atomic_load(&w->flushers) > 0)
			pthread_cond_wait(&w->cond, &w->mu);
		w->state = WAL_OPEN;
		atomic_store(&w->broken_pub, 0);
		store_err_clear(&w->fail);
	}
	pthread_mutex_unlock(&w->mu);
	return rc;
}

int wal_rotate(wal *w, wal_lsn *boundary, store_err *err)
{
	struct batch *b;
	wal_lsn end;
	int rc;

	pthread_mutex_lock(&w->mu);
	b = w->pending;
	end = batch_end(b);
	if (w->state != WAL_OPEN) {
		rc = fail_copy(w, err);
	} else if (end > w->seg_open && batch_cut(b, end) != 0) {
		rc = oom_error(err);
	} else {
		/* An empty segment already begins at the boundary. */
		w->seg_open = end;
		*boundary = end;
		rc = flush_wait(w, end, 1, err);
	}
	pthread_mutex_unlock(&w->mu);
	return rc;
}

int wal_checkpoint_done(wal *w, wal_lsn lsn, store_err *err)
{
	struct seglist list = {0};
	int rc;

	/* The checkpoint may not claim records the log could still lose. */
	if (wal_flush(w, lsn, err) != STORE_OK)
		return STORE_ERROR;

	pthread_mutex_lock(&w->ckpt_mu);
	assert(lsn >= w->ckpt);
	rc = ckpt_write(w, lsn, err);
	if (rc == STORE_OK) {
		pthread_mutex_lock(&w->mu);
		w->ckpt = lsn;
		pthread_mutex_unlock(&w->mu);
		rc = seg_list(w, &list, err);
	}
	if (rc == STORE_OK)
		rc = seg_remove_below(w, &list, lsn, err);
	pthread_mutex_unlock(&w->ckpt_mu);
	free(list.v);
	return rc;
}

wal_lsn wal_checkpoint_lsn(wal *w)
{
	wal_lsn lsn;

	pthread_mutex_lock(&w->mu);
	lsn = w->ckpt;
	pthread_mutex_unlock(&w->mu);
	return lsn;
}

uint64_t wal_pending_bytes(wal *w)
{
	uint64_t n;

	pthread_mutex_lock(&w->mu);
	n = w->durable - w->ckpt;
	pthread_mutex_unlock(&w->mu);
	return n;
}

void wal_inject(wal *w, wal_fault fault, int after)
{
	assert(after >= 0);
	pthread_mutex_lock(&w->mu);
	w->fault = fault;
	w->fault_after = after;
	pthread_mutex_unlock(&w->mu);
}

void wal_get_stats(wal *w, wal_stats *out)
{
	pthread_mutex_lock(&w->mu);
	*out = w->stats;
	pthread_mutex_unlock(&w->mu);
}
