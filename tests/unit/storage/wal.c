/*
 * wal.c - tests for the write-ahead log (storage/wal.c): records survive a
 * reopen byte for byte, torn tails are cut and corruption is not, segments
 * rotate and checkpoints delete them, group commit shares fsyncs, and every
 * injected fault fails exactly the records that are not durable.
 */
#include "wal.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HDR 8 /* bytes of framing before each record on disk */

static char *dir;

static void setup(void)
{
	dir = tu_tmpdir("wal");
}

static void teardown(void)
{
	tu_rmtree(dir);
	free(dir);
}

TestSuite(wal, .init = setup, .fini = teardown);

/*
 * Helpers.
 */

/* Deterministic contents for record number seed. */
static void rec_fill(unsigned char *buf, size_t len, uint32_t seed)
{
	uint32_t x = seed * 2654435761u + 1;

	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (unsigned char)x;
	}
}

/* Varying sizes: empty, small, a few KiB, and now and then 100 KiB. */
static size_t rec_len(uint32_t i)
{
	if (i % 97 == 0)
		return 100 * 1024;
	if (i % 13 == 0)
		return 0;
	return (i * 7919u) % 4000;
}

static char *path_of(const char *name)
{
	char *path;

	cr_assert(asprintf(&path, "%s/%s", dir, name) >= 0);
	return path;
}

static char *seg_path(wal_lsn start)
{
	char name[32];

	snprintf(name, sizeof(name), "%016llx.wal", (unsigned long long)start);
	return path_of(name);
}

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static long long file_size(const char *path)
{
	struct stat st;

	cr_assert_eq(stat(path, &st), 0, "stat %s", path);
	return (long long)st.st_size;
}

/* Number of segment files in dir. */
static int seg_count(void)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	cr_assert_not_null(d);
	while ((de = readdir(d)) != NULL)
		n += strlen(de->d_name) == 20 && strcmp(de->d_name + 16, ".wal") == 0;
	closedir(d);
	return n;
}

static void open_ok(wal **w)
{
	store_err err = {0};

	cr_assert_eq(
		wal_open(w, dir, &err), STORE_OK, "wal_open: %s (%s)", err.message, err.detail);
}

static wal_lsn append_ok(wal *w, const void *rec, size_t len)
{
	store_err err = {0};
	wal_lsn lsn = 0;

	cr_assert_eq(wal_append(w, rec, len, &lsn, &err), STORE_OK, "wal_append: %s", err.message);
	return lsn;
}

/* Append record number i with its test contents. */
static wal_lsn append_nth(wal *w, uint32_t i)
{
	size_t len = rec_len(i);
	unsigned char *buf = malloc(len + 1);
	wal_lsn lsn;

	rec_fill(buf, len, i);
	lsn = append_ok(w, buf, len);
	free(buf);
	return lsn;
}

static void flush_ok(wal *w, wal_lsn lsn)
{
	store_err err = {0};

	cr_assert_eq(
		wal_flush(w, lsn, &err), STORE_OK, "wal_flush: %s (%s)", err.message, err.detail);
}

/* What a replay delivered. */
struct got {
	size_t n, cap;
	struct {
		wal_lsn lsn;
		size_t len;
		unsigned char *data;
	} * v;
};

static int collect(void *arg, wal_lsn lsn, const void *rec, size_t len)
{
	struct got *g = arg;

	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 64;
		g->v = realloc(g->v, g->cap * sizeof(*g->v));
	}
	g->v[g->n].lsn = lsn;
	g->v[g->n].len = len;
	g->v[g->n].data = malloc(len + 1);
	if (len > 0)
		memcpy(g->v[g->n].data, rec, len);
	g->n++;
	return 0;
}

static void got_free(struct got *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->v[i].data);
	free(g->v);
	memset(g, 0, sizeof(*g));
}

static void replay_ok(wal *w, struct got *g)
{
	store_err err = {0};

	cr_assert_eq(wal_replay(w, collect, g, &err), STORE_OK, "wal_replay: %s (%s)", err.message,
		err.detail);
}

/* Close w, reopen the log and replay it into g; the log stays open in *w. */
static void reopen_replay(wal **w, struct got *g)
{
	wal_close(*w);
	open_ok(w);
	replay_ok(*w, g);
}

/* Check that replayed record k is test record number i at lsn. */
static void expect_nth(const struct got *g, size_t k, uint32_t i, wal_lsn lsn)
{
	size_t len = rec_len(i);
	unsigned char *buf = malloc(len + 1);

	cr_assert_lt(k, g->n, "record %zu missing (replayed %zu)", k, g->n);
	rec_fill(buf, len, i);
	cr_assert_eq(g->v[k].lsn, lsn, "record %zu: lsn %llu, expected %llu", k,
		(unsigned long long)g->v[k].lsn, (unsigned long long)lsn);
	cr_assert_eq(g->v[k].len, len, "record %zu: %zu bytes, expected %zu", k, g->v[k].len, len);
	cr_assert_eq(memcmp(g->v[k].data, buf, len), 0, "record %zu: contents differ", k);
	free(buf);
}

/* Overwrite bytes of a file at off. */
static void poke(const char *path, long long off, const void *bytes, size_t n)
{
	int fd = open(path, O_WRONLY);

	cr_assert_geq(fd, 0);
	cr_assert_eq(pwrite(fd, bytes, n, off), (ssize_t)n);
	close(fd);
}

static void expect_error(const store_err *err, const char *sqlstate, const char *message)
{
	cr_assert_str_eq(err->sqlstate, sqlstate, "sqlstate %s (%s: %s)", err->sqlstate,
		err->message, err->detail);
	cr_assert(strstr(err->message, message) != NULL, "message \"%s\" lacks \"%s\"",
		err->message, message);
}

/*
 * Records and recovery.
 */

Test(wal, round_trip)
{
	enum { N = 1000 };
	wal_lsn lsn[N];
	struct got g = {0};
	wal *w;

	open_ok(&w);
	for (uint32_t i = 0; i < N; i++) {
		lsn[i] = append_nth(w, i);
		if (i % 10 == 9)
			flush_ok(w, lsn[i]);
	}
	flush_ok(w, lsn[N - 1]);
	cr_assert_eq(wal_durable_lsn(w), lsn[N - 1]);

	reopen_replay(&w, &g);
	cr_assert_eq(g.n, N, "replayed %zu of %d records", g.n, N);
	for (uint32_t i = 0; i < N; i++)
		expect_nth(&g, i, i, lsn[i]);

	/* Appends go on where the log ended. */
	cr_assert_eq(wal_end_lsn(w), lsn[N - 1]);
	cr_assert_eq(wal_durable_lsn(w), lsn[N - 1]);
	cr_assert_eq(append_ok(w, "x", 1), lsn[N - 1] + HDR + 1);
	got_free(&g);
	wal_close(w);
}

Test(wal, lsn_monotonic)
{
	wal_lsn prev = 0, lsn, mid = 0;
	wal *w;

	open_ok(&w);
	cr_assert_eq(wal_end_lsn(w), 0);
	for (uint32_t i = 0; i < 200; i++) {
		lsn = append_nth(w, i);
		cr_assert_eq(lsn, prev + HDR + rec_len(i), "record %u", i);
		cr_assert_eq(wal_end_lsn(w), lsn);
		if (i == 100)
			mid = lsn;
		prev = lsn;
	}
	cr_assert_eq(wal_durable_lsn(w), 0);
	flush_ok(w, 0);
	flush_ok(w, mid);
	cr_assert_geq(wal_durable_lsn(w), mid);
	flush_ok(w, prev);
	cr_assert_eq(wal_durable_lsn(w), prev);
	wal_close(w);
}

/* Replay callback that counts records and asks to stop (with 7) at the fourth. */
static int stop_at_fourth(void *arg, wal_lsn l, const void *rec, size_t len)
{
	(void)l;
	(void)rec;
	(void)len;
	return ++*(int *)arg == 4 ? 7 : 0;
}

Test(wal, replay_stops_when_callback_says_so)
{
	struct got g = {0};
	store_err err = {0};
	wal_lsn lsn = 0;
	wal *w;
	int calls = 0;

	open_ok(&w);
	for (uint32_t i = 0; i < 10; i++)
		lsn = append_nth(w, i);
	flush_ok(w, lsn);
	wal_close(w);

	open_ok(&w);
	cr_assert_eq(wal_replay(w, stop_at_fourth, &calls, &err), 7);
	cr_assert_eq(calls, 4);
	got_free(&g);
	wal_close(w);
}

Test(wal, torn_tail_is_cut_and_appends_continue)
{
	wal_lsn lsn[10];
	struct got g = {0};
	char *seg = seg_path(0);
	wal *w;

	open_ok(&w);
	for (uint32_t i = 0; i < 10; i++)
		lsn[i] = append_nth(w, i + 1);
	flush_ok(w, lsn[9]);
	wal_close(w);

	/* A crash in the middle of the last record's payload. */
	cr_assert_gt(rec_len(10), 2);
	cr_assert_eq(truncate(seg, (off_t)(lsn[8] + HDR + rec_len(10) / 2)), 0);
	open_ok(&w);
	replay_ok(w, &g);
	cr_assert_eq(g.n, 9);
	for (uint32_t i = 0; i < 9; i++)
		expect_nth(&g, i, i + 1, lsn[i]);
	cr_assert_eq(wal_durable_lsn(w), lsn[8]);
	cr_assert_eq(file_size(seg), (long long)lsn[8], "the torn record was not cut off");
	got_free(&g);

	/* The next record takes the torn one's place. */
	cr_assert_eq(append_nth(w, 100), lsn[8] + HDR + rec_len(100));
	flush_ok(w, lsn[8] + HDR + rec_len(100));
	reopen_replay(&w, &g);
	cr_assert_eq(g.n, 10);
	expect_nth(&g, 8, 9, lsn[8]);
	expect_nth(&g, 9, 100, lsn[8] + HDR + rec_len(100));
	got_free(&g);
	wal_close(w);
	free(seg);
}

Test(wal, torn_header_and_garbage_are_cut)
{
	static const unsigned char garbage[] = "\x17\x00\x00\x00garbage that is no record";
	struct got g = {0};
	char *seg = seg_path(0);
	wal_lsn a, b;
	wal *w;

	open_ok(&w);
	a = append_ok(w, "first", 5);
	b = append_ok(w, "second", 6);
	flush_ok(w, b);
	wal_close(w);

	/* Half a header after the last record, then garbage past the zero tail. */
	cr_assert_eq(truncate(seg, (off_t)(b + 4)), 0);
	poke(seg, (long long)b + 4096, garbage, sizeof(garbage));
	open_ok(&w);
	replay_ok(w, &g);
	cr_assert_eq(g.n, 2);
	cr_assert_eq(g.v[1].lsn, b);
	cr_assert_eq(memcmp(g.v[1].data, "second", 6), 0);
	cr_assert_eq(file_size(seg), (long long)b);
	got_free(&g);

	/* Garbage right where the next record goes. */
	cr_assert_eq(append_ok(w, "third", 5), b + HDR + 5);
	flush_ok(w, b + HDR + 5);
	wal_close(w);
	poke(seg, (long long)(b + HDR + 5), garbage, sizeof(garbage));
	open_ok(&w);
	replay_ok(w, &g);
	cr_assert_eq(g.n, 3);
	cr_assert_eq(g.v[0].lsn, a);
	cr_assert_eq(memcmp(g.v[2].data, "third", 5), 0);
	cr_assert_eq(wal_end_lsn(w), b + HDR + 5);
	got_free(&g);
	wal_close(w);
	free(seg);
}

Test(wal, damage_in_last_segment_ends_the_log)
{
	struct got g = {0};
	wal_lsn lsn[6];
	char *seg = seg_path(0);
	wal *w;

	open_ok(&w);
	for (uint32_t i = 0; i < 6; i++)
		lsn[i] = append_nth(w, i + 1);
	flush_ok(w, lsn[5]);
	wal_close(w);

	/*
	 * A bad record in the last segment is where the log ends: the pages
	 * of one write reach the disk in any order.
	 */
	cr_assert_gt(rec_len(4), 0);
	poke(seg, (long long)lsn[2] + HDR, "\xff", 1);
	open_ok(&w);
	replay_ok(w, &g);
	cr_assert_eq(g.n, 3);
	cr_assert_eq(wal_end_lsn(w), lsn[2]);
	got_free(&g);
	wal_close(w);
	free(seg);
}

Test(wal, corruption_in_earlier_segment_is_an_error)
{
	store_err err = {0};
	wal_lsn lsn[4], boundary, last = 0;
	char *seg = seg_path(0);
	wal *w;

	open_ok(&w);
	for (uint32_t i = 0; i < 4; i++)
		lsn[i] = append_nth(w, i + 1);
	cr_assert_eq(wal_rotate(w, &boundary, &err), STORE_OK, "%s", err.message);
	for (uint32_t i = 10; i < 14; i++)
		last = append_nth(w, i);
	flush_ok(w, last);
	wal_close(w);

	/* Flip one payload byte of the third record. */
	cr_assert_gt(rec_len(3), 0);
	poke(seg, (long long)lsn[1] + HDR, "\xff", 1);
	cr_assert_eq(wal_open(&w, dir, &err), STORE_ERROR);
	cr_assert_null(w);
	expect_error(&err, "XX001", "is corrupt at");
	cr_assert(strstr(err.message, "0000000000000000.wal") != NULL, "%s", err.message);
	cr_assert(strstr(err.message, "offset 16") == NULL);
	{
		char want[64];

		snprintf(want, sizeof(want), "at offset %llu", (unsigned long long)lsn[1]);
		cr_assert(strstr(err.message, want) != NULL, "%s, wanted %s", err.message, want);
	}

	/* A complete segment that lost its end is as bad. */
	memset(&err, 0, sizeof(err));
	cr_assert_eq(truncate(seg, (off_t)lsn[2]), 0);
	cr_assert_eq(wal_open(&w, dir, &err), STORE_ERROR);
	expect_error(&err, "XX001", "is corrupt at");
	free(seg);
}

Test(wal, checkpoint_file_must_parse)
{
	store_err err = {0};
	char *ckpt = path_of("checkpoint");
	wal *w;

	open_ok(&w);
	append_ok(w, "x", 1);
	cr_assert_eq(wal_checkpoint_done(w, wal_end_lsn(w), &err), STORE_OK, "%s", err.message);
	wal_close(w);
	poke(ckpt, 0, "not a checkpoint\n", 17);
	cr_assert_eq(wal_open(&w, dir, &err), STORE_ERROR);
	expect_error(&err, "XX001", "checkpoint");
	free(ckpt);
}

Test(wal, missing_segment_is_an_error)
{
	store_err err = {0};
	wal_lsn boundary;
	char *seg = seg_path(0);
	wal *w;

	open_ok(&w);
	append_ok(w, "lost", 4);
	cr_assert_eq(wal_rotate(w, &boundary, &err), STORE_OK);
	append_ok(w, "kept", 4);
	flush_ok(w, boundary + HDR + 4);
	wal_close(w);
	cr_assert_eq(unlink(seg), 0);
	cr_assert_eq(wal_open(&w, dir, &err), STORE_ERROR);
	expect_error(&err, "XX001", "missing");
	free(seg);
}

/*
 * Segments and checkpoints.
 */

Test(wal, rotate)
{
	struct got g = {0};
	store_err err = {0};
	wal_lsn lsn[6], boundary, again;
	char *first = seg_path(0), *second;
	wal *w;

	open_ok(&w);
	for (uint32_t i = 0; i < 3; i++)
		lsn[i] = append_nth(w, i + 1);

	/* The boundary is durable and its segment exists at once. */
	cr_assert_eq(wal_rotate(w, &boundary, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(boundary, lsn[2]);
	cr_assert_eq(wal_durable_lsn(w), lsn[2]);
	second = seg_path(boundary);
	cr_assert(exists(second), "no segment %s", second);
	cr_assert_eq(file_size(second), 0);
	cr_assert_eq(seg_count(), 2);

	/* Rotating an empty segment changes nothing. */
	cr_assert_eq(wal_rotate(w, &again, &err), STORE_OK);
	cr_assert_eq(again, boundary);
	cr_assert_eq(seg_count(), 2);

	for (uint32_t i = 3; i < 6; i++)
		lsn[i] = append_nth(w, i + 1);
	flush_ok(w, lsn[5]);
	cr_assert_eq(file_size(second) >= (long long)(lsn[5] - boundary), 1);

	/*
	 * The first segment holds its records up to the boundary; any zero
	 * tail past it (left when it was flushed before the rotation) is no
	 * damage either.
	 */
	cr_assert_geq(file_size(first), (long long)boundary);
	reopen_replay(&w, &g);
	cr_assert_eq(g.n, 6);
	for (uint32_t i = 0; i < 6; i++)
		expect_nth(&g, i, i + 1, lsn[i]);
	got_free(&g);
	wal_close(w);
	free(first);
	free(second);
}

Test(wal, full_segment_starts_another)
{
	enum { N = 70, LEN = 1 << 20 };
	unsigned char *buf = malloc(LEN);
	struct got g = {0};
	wal_lsn lsn[N];
	char *second;
	wal *w;

	/* 64 records of 1 MiB fill a 64 MiB segment; the 65th starts the next. */
	open_ok(&w);
	for (uint32_t i = 0; i < N; i++) {
		memset(buf, (int)i, LEN);
		lsn[i] = append_ok(w, buf, LEN);
		flush_ok(w, lsn[i]);
	}
	cr_assert_eq(seg_count(), 2);
	second = seg_path(lsn[63]);
	cr_assert(exists(second), "no segment %s", second);

	reopen_replay(&w, &g);
	cr_assert_eq(g.n, N);
	for (uint32_t i = 0; i < N; i++) {
		cr_assert_eq(g.v[i].lsn, lsn[i]);
		cr_assert_eq(g.v[i].len, LEN);
		cr_assert_eq(g.v[i].data[0], (unsigned char)i);
		cr_assert_eq(g.v[i].data[LEN - 1], (unsigned char)i);
	}
	got_free(&g);
	wal_close(w);
	free(second);
	free(buf);
}

Test(wal, checkpoint_deletes_old_segments)
{
	struct got g = {0};
	store_err err = {0};
	wal_lsn lsn[9], b1, b2;
	char *s0 = seg_path(0), *s1, *s2, *ckpt = path_of("checkpoint");
	wal *w;

	open_ok(&w);
	cr_assert_eq(wal_checkpoint_lsn(w), 0);
	for (uint32_t i = 0; i < 9; i++) {
		lsn[i] = append_nth(w, i + 1);
		if (i == 2)
			cr_assert_eq(wal_rotate(w, &b1, &err), STORE_OK);
		if (i == 5)
			cr_assert_eq(wal_rotate(w, &b2, &err), STORE_OK);
	}
	flush_ok(w, lsn[8]);
	s1 = seg_path(b1);
	s2 = seg_path(b2);
	cr_assert_eq(seg_count(), 3);
	cr_assert_eq(wal_pending_bytes(w), lsn[8]);

	/* Everything below b1 is in the repository: the first segment goes. */
	cr_assert_eq(wal_checkpoint_done(w, b1, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(wal_checkpoint_lsn(w), b1);
	cr_assert_eq(wal_pending_bytes(w), lsn[8] - b1);
	cr_assert(!exists(s0));
	cr_assert(exists(s1) && exists(s2));
	cr_assert(exists(ckpt));

	reopen_replay(&w, &g);
	cr_assert_eq(wal_checkpoint_lsn(w), b1);
	cr_assert_eq(g.n, 6);
	for (uint32_t i = 3; i < 9; i++)
		expect_nth(&g, i - 3, i + 1, lsn[i]);
	got_free(&g);

	/* A checkpoint inside a segment keeps it and replays from there. */
	cr_assert_eq(wal_checkpoint_done(w, lsn[4], &err), STORE_OK, "%s", err.message);
	cr_assert(exists(s1));
	reopen_replay(&w, &g);
	cr_assert_eq(g.n, 4);
	for (uint32_t i = 5; i < 9; i++)
		expect_nth(&g, i - 5, i + 1, lsn[i]);
	got_free(&g);

	/* Up to the end: only the newest segment is left, and nothing replays. */
	cr_assert_eq(wal_checkpoint_done(w, lsn[8], &err), STORE_OK, "%s", err.message);
	cr_assert_eq(seg_count(), 1);
	cr_assert(exists(s2));
	cr_assert_eq(wal_pending_bytes(w), 0);
	reopen_replay(&w, &g);
	cr_assert_eq(g.n, 0);
	cr_assert_eq(append_nth(w, 50), lsn[8] + HDR + rec_len(50));
	got_free(&g);
	wal_close(w);
	free(s0);
	free(s1);
	free(s2);
	free(ckpt);
}

Test(wal, files_are_private)
{
	char *sub, *ckpt;
	struct stat st;
	store_err err = {0};
	wal_lsn lsn;
	wal *w;

	/* The directory is created with its parents. */
	cr_assert(asprintf(&sub, "%s/a/b/wal", dir) >= 0);
	cr_assert_eq(wal_open(&w, sub, &err), STORE_OK, "%s (%s)", err.message, err.detail);
	lsn = append_ok(w, "x", 1);
	cr_assert_eq(wal_checkpoint_done(w, lsn, &err), STORE_OK, "%s", err.message);
	wal_close(w);

	cr_assert_eq(stat(sub, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0700);
	*strrchr(sub, '/') = '\0';
	cr_assert_eq(stat(sub, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0700);
	free(sub);
	cr_assert(asprintf(&sub, "%s/a/b/wal/0000000000000000.wal", dir) >= 0);
	cr_assert_eq(stat(sub, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);
	cr_assert(asprintf(&ckpt, "%s/a/b/wal/checkpoint", dir) >= 0);
	cr_assert_eq(stat(ckpt, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);
	free(sub);
	free(ckpt);
}

Test(wal, record_too_large)
{
	static unsigned char small[16];
	store_err err = {0};
	wal_lsn lsn = 12345;
	wal *w;

	open_ok(&w);
	cr_assert_eq(wal_append(w, small, (size_t)WAL_MAX_RECORD + 1, &lsn, &err), STORE_ERROR);
	expect_error(&err, "54000", "too large");
	cr_assert_eq(lsn, 12345);
	cr_assert_eq(wal_end_lsn(w), 0);
	cr_assert(!wal_is_broken(w));
	cr_assert_eq(append_ok(w, small, sizeof(small)), HDR + sizeof(small));
	wal_close(w);
}

/*
 * Group commit.
 */

enum { THREADS = 8, PER_THREAD = 2000 };

struct worker {
	wal *w;
	uint32_t id;
	int count;     /* records to commit */
	int committed; /* flushes that succeeded, in order from 0 */
	store_err err; /* the first failure */
};

/* A record names its thread and sequence number, padded to 64 bytes. */
static void *commit_loop(void *arg)
{
	struct worker *k = arg;
	unsigned char rec[64];

	for (int seq = 0; seq < k->count; seq++) {
		wal_lsn lsn;

		memset(rec, (int)k->id, sizeof(rec));
		memcpy(rec, &k->id, sizeof(k->id));
		memcpy(rec + 4, &seq, sizeof(seq));
		if (wal_append(k->w, rec, sizeof(rec), &lsn, &k->err) != STORE_OK ||
			wal_flush(k->w, lsn, &k->err) != STORE_OK)
			break;
		k->committed++;
	}
	return NULL;
}

static void run_workers(wal *w, struct worker *k, int count)
{
	pthread_t t[THREADS];

	for (uint32_t i = 0; i < THREADS; i++) {
		memset(&k[i], 0, sizeof(k[i]));
		k[i].w = w;
		k[i].id = i;
		k[i].count = count;
		cr_assert_eq(pthread_create(&t[i], NULL, commit_loop, &k[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
}

/*
 * Check that the log holds exactly the committed records of every worker,
 * each once and in its thread's order.
 */
static void expect_committed(const struct got *g, const struct worker *k)
{
	int next[THREADS] = {0};
	size_t total = 0;

	for (size_t r = 0; r < g->n; r++) {
		uint32_t id;
		int seq;

		cr_assert_eq(g->v[r].len, 64);
		memcpy(&id, g->v[r].data, sizeof(id));
		memcpy(&seq, g->v[r].data + 4, sizeof(seq));
		cr_assert_lt(id, THREADS);
		cr_assert_eq(
			seq, next[id], "thread %u: record %d where %d was due", id, seq, next[id]);
		cr_assert_eq(g->v[r].data[63], (unsigned char)id);
		next[id]++;
		if (r > 0)
			cr_assert_gt(g->v[r].lsn, g->v[r - 1].lsn);
	}
	for (int i = 0; i < THREADS; i++) {
		cr_assert_eq(next[i], k[i].committed,
			"thread %d: %d records in the log, %d committed", i, next[i],
			k[i].committed);
		total += (size_t)k[i].committed;
	}
	cr_assert_eq(g->n, total);
}

Test(wal, group_commit_shares_fsyncs, .timeout = 300)
{
	struct worker k[THREADS];
	struct got g = {0};
	wal_stats st;
	wal *w;

	open_ok(&w);
	run_workers(w, k, PER_THREAD);
	for (int i = 0; i < THREADS; i++)
		cr_assert_eq(k[i].committed, PER_THREAD, "thread %d: %s", i, k[i].err.message);

	/* One fdatasync must cover several records. */
	wal_get_stats(w, &st);
	cr_assert_eq(st.records, THREADS * PER_THREAD);
	cr_assert_eq(st.bytes, THREADS * PER_THREAD * (HDR + 64));
	cr_assert_lt(st.flushes * 2, st.records, "%llu fsyncs for %llu records",
		(unsigned long long)st.flushes, (unsigned long long)st.records);

	reopen_replay(&w, &g);
	expect_committed(&g, k);
	got_free(&g);
	wal_close(w);
}

/*
 * Faults.
 */

Test(wal, enospc_fails_undurable_records_and_resumes)
{
	struct got g = {0};
	store_err err = {0};
	wal_lsn l0, l1, l2, l3, l4, l5;
	wal *w;

	open_ok(&w);
	l0 = append_ok(w, "zero", 4);
	flush_ok(w, l0);

	/* One more flush succeeds, the next fails. */
	wal_inject(w, WAL_FAULT_WRITE_ENOSPC, 1);
	l1 = append_ok(w, "one", 3);
	flush_ok(w, l1);
	l2 = append_ok(w, "two", 3);
	l3 = append_ok(w, "three", 5);
	cr_assert_eq(wal_flush(w, l3, &err), STORE_ERROR);
	expect_error(&err, "58030", "could not write to write-ahead log");
	cr_assert(strstr(err.detail, "No space left on device") != NULL, "%s", err.detail);

	/* Broken: both records are gone and appends are refused. */
	cr_assert(wal_is_broken(w));
	cr_assert_eq(wal_durable_lsn(w), l1);
	cr_assert_eq(wal_end_lsn(w), l1);
	memset(&err, 0, sizeof(err));
	cr_assert_eq(wal_flush(w, l2, &err), STORE_ERROR);
	memset(&err, 0, sizeof(err));
	cr_assert_eq(wal_append(w, "four", 4, &l4, &err), STORE_ERROR);
	expect_error(&err, "58030", "could not write to write-ahead log");
	flush_ok(w, l1);

	/* Resumed, the log goes on from the durable LSN. */
	memset(&err, 0, sizeof(err));
	cr_assert_eq(wal_resume(w, &err), STORE_OK, "%s", err.message);
	cr_assert(!wal_is_broken(w));
	l5 = append_ok(w, "five", 4);
	cr_assert_eq(l5, l1 + HDR + 4);
	flush_ok(w, l5);

	reopen_replay(&w, &g);
	cr_assert_eq(g.n, 3);
	cr_assert_eq(g.v[0].lsn, l0);
	cr_assert_eq(g.v[1].lsn, l1);
	cr_assert_eq(memcmp(g.v[1].data, "one", 3), 0);
	cr_assert_eq(g.v[2].lsn, l5);
	cr_assert_eq(memcmp(g.v[2].data, "five", 4), 0);
	got_free(&g);
	wal_close(w);
}

Test(wal, short_write_is_cut_back)
{
	static unsigned char big[1000];
	struct got g = {0};
	store_err err = {0};
	char *seg = seg_path(0);
	wal_lsn l0, l1, l2;
	wal *w;

	open_ok(&w);
	l0 = append_ok(w, "durable", 7);
	flush_ok(w, l0);

	/*
	 * Half the batch covers the small record whole: unless the segment
	 * is cut back it would come back on replay.
	 */
	wal_inject(w, WAL_FAULT_SHORT_WRITE, 0);
	l1 = append_ok(w, "lost", 4);
	l2 = append_ok(w, big, sizeof(big));
	cr_assert_lt(l1 - l0, (l2 - l0) / 2);
	cr_assert_eq(wal_flush(w, l2, &err), STORE_ERROR);
	expect_error(&err, "58030", "could not write to write-ahead log");
	cr_assert(wal_is_broken(w));
	cr_assert_eq(wal_durable_lsn(w), l0);
	cr_assert_eq(file_size(seg), (long long)l0);

	/* Without a resume; only the durable record is in the log. */
	reopen_replay(&w, &g);
	cr_assert(!wal_is_broken(w));
	cr_assert_eq(g.n, 1);
	cr_assert_eq(g.v[0].lsn, l0);
	cr_assert_eq(wal_end_lsn(w), l0);
	got_free(&g);
	wal_close(w);
	free(seg);
}

Test(wal, fsync_failure_breaks_for_good)
{
	struct got g = {0};
	store_err err = {0};
	wal_lsn l0, l1, l2;
	wal *w;

	open_ok(&w);
	l0 = append_ok(w, "durable", 7);
	flush_ok(w, l0);
	wal_inject(w, WAL_FAULT_FSYNC_EIO, 0);
	l1 = append_ok(w, "lost", 4);
	cr_assert_eq(wal_flush(w, l1, &err), STORE_ERROR);
	expect_error(&err, "58030", "could not fsync write-ahead log");
	cr_assert(strstr(err.detail, "Input/output error") != NULL, "%s", err.detail);
	cr_assert_eq(wal_durable_lsn(w), l0);

	/* No resume, no appends, no rotation; durable records still flush. */
	memset(&err, 0, sizeof(err));
	cr_assert_eq(wal_resume(w, &err), STORE_ERROR);
	expect_error(&err, "58030", "could not fsync write-ahead log");
	cr_assert(wal_is_broken(w));
	memset(&err, 0, sizeof(err));
	cr_assert_eq(wal_append(w, "more", 4, &l2, &err), STORE_ERROR);
	expect_error(&err, "58030", "");
	memset(&err, 0, sizeof(err));
	cr_assert_eq(wal_rotate(w, &l2, &err), STORE_ERROR);
	flush_ok(w, l0);

	/* The record written before the failed sync does not come back. */
	reopen_replay(&w, &g);
	cr_assert_eq(g.n, 1);
	cr_assert_eq(g.v[0].lsn, l0);
	got_free(&g);
	wal_close(w);
}

Test(wal, injected_fault_fires_once_after_count)
{
	store_err err = {0};
	wal_lsn lsn;
	wal *w;

	open_ok(&w);
	wal_inject(w, WAL_FAULT_WRITE_ENOSPC, 3);
	for (int i = 0; i < 3; i++)
		flush_ok(w, append_ok(w, "ok", 2));
	lsn = append_ok(w, "fails", 5);
	cr_assert_eq(wal_flush(w, lsn, &err), STORE_ERROR);
	cr_assert_eq(wal_resume(w, &err), STORE_OK);
	for (int i = 0; i < 3; i++)
		flush_ok(w, append_ok(w, "ok again", 8));

	/* WAL_FAULT_NONE clears a pending fault. */
	wal_inject(w, WAL_FAULT_FSYNC_EIO, 1);
	wal_inject(w, WAL_FAULT_NONE, 0);
	for (int i = 0; i < 3; i++)
		flush_ok(w, append_ok(w, "still ok", 8));
	cr_assert(!wal_is_broken(w));
	wal_close(w);
}

/*
 * Many committers meet a failure: each of them learns exactly whether its
 * record is in the log.
 */
static void concurrent_fault(wal_fault fault)
{
	struct worker k[THREADS];
	struct got g = {0};
	store_err err = {0};
	int failed = 0, committed = 0;
	wal *w;

	open_ok(&w);
	wal_inject(w, fault, 20);
	run_workers(w, k, 200);
	for (int i = 0; i < THREADS; i++) {
		committed += k[i].committed;
		if (k[i].committed < 200) {
			expect_error(&k[i].err, "58030", "could not");
			failed++;
		}
	}
	cr_assert_eq(failed, THREADS, "the fault did not reach every committer");
	cr_assert_geq(committed, 20);
	cr_assert(wal_is_broken(w));
	cr_assert_eq(wal_resume(w, &err) == STORE_OK, fault != WAL_FAULT_FSYNC_EIO);

	reopen_replay(&w, &g);
	expect_committed(&g, k);
	got_free(&g);
	wal_close(w);
}

Test(wal, concurrent_committers_see_write_failure, .timeout = 120)
{
	concurrent_fault(WAL_FAULT_SHORT_WRITE);
}

Test(wal, concurrent_committers_see_fsync_failure, .timeout = 120)
{
	concurrent_fault(WAL_FAULT_FSYNC_EIO);
}
