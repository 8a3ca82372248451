/*
 * store_bench.c - what the storage layer costs: durable commits, point
 * reads, row history and disk space (README.md in this folder lists the
 * figures and how to read them).
 *
 * Usage: store_bench [--dir DIR] [--rows N] [--seconds S] [--quick]
 *
 * Prints one line per figure on stdout, "name value unit"; progress goes
 * to stderr.  Without --dir the stores live in a temporary directory that
 * is removed at the end; with it they are kept in DIR/small and DIR/big,
 * which must not exist yet.
 *
 * Phases, each on a store opened with the defaults (fsync on commit,
 * background checkpointer):
 *
 *   small: 1,000 rows; 8 threads commit one-row updates for S seconds;
 *          then 10,000 commits to one row and store_row_history of it;
 *          then the disk bytes that 10,000 one-row commits add, measured
 *          after store_repack on both sides;
 *   big:   N rows (1,000,000) loaded in 10,000-row transactions and
 *          checkpointed; 8 threads commit for S seconds; then point
 *          reads at the head.
 */
#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store.h"

#define NTHREADS   8
#define TABLE      "bench"
#define BATCH_ROWS 10000
#define SMALL_ROWS 1000
#define HIST_KEY   "900000000000" /* the history row: outside every preload */
#define TABLE_DEF                                                                                  \
	"{\"columns\": [{\"name\": \"id\", \"type\": \"bigint\"}, {\"name\": \"v\", \"type\": "    \
	"\"bigint\"}, {\"name\": \"payload\", \"type\": \"text\"}], \"primary_key\": [\"id\"]}"

typedef struct bench_cfg {
	const char *dir;
	uint64_t rows;  /* big table */
	double seconds; /* each commit-rate run */
	uint64_t hist;  /* versions of the history row */
	uint64_t disk;  /* commits of the disk-space run */
	uint64_t reads; /* point reads */
	int quick;
} bench_cfg;

/* A commit-rate run shared by its threads. */
typedef struct commit_run {
	store *s;
	uint64_t rows;      /* keys are 0..rows-1 */
	uint64_t key;       /* when rows == 0: every commit writes this key */
	atomic_int stop;    /* timed run: set by the main thread */
	atomic_ullong left; /* counted run: commits still to claim */
	int counted;
	atomic_ullong row_bytes; /* JSON bytes handed to store_tx_put */
	uint64_t *lat[NTHREADS]; /* commit latencies in ns, per thread */
	size_t nlat[NTHREADS], caplat[NTHREADS];
} commit_run;

typedef struct commit_arg {
	commit_run *run;
	int id;
} commit_arg;

static void die(const char *what, const store_err *err)
{
	fprintf(stderr, "store_bench: %s: [%s] %s %s\n", what, err->sqlstate, err->message,
		err->detail);
	exit(1);
}

static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("store_bench: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void figure(const char *name, double value, const char *unit)
{
	printf("%s %.*f %s\n", name, value < 100 ? 2 : 0, value, unit);
	fflush(stdout);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* A random number below n, from a rand_r state (31 bits are not enough for every n). */
static uint64_t rand_below(unsigned *state, uint64_t n)
{
	uint64_t r = (uint64_t)rand_r(state) << 31 | (uint64_t)rand_r(state);

	return r % n;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The q-quantile of n sorted values. */
static uint64_t quantile(const uint64_t *v, size_t n, double q)
{
	return n == 0 ? 0 : v[(size_t)(q * (double)(n - 1) + 0.5)];
}

/* A row of about 150 bytes; returns its length. */
static int row_json(char *out, size_t size, const char *key, uint64_t v)
{
	return snprintf(out, size,
		"{\"id\":%s,\"v\":%" PRIu64 ",\"payload\":\"the quick brown fox jumps over the "
		"lazy dog %016" PRIx64 " and keeps running\"}",
		key, v, (uint64_t)(v * 0x9e3779b97f4a7c15ull));
}

static store *bench_open(const char *dir)
{
	store_opts opts;
	store_err err;
	store *s;

	store_opts_init(&opts);
	store_err_clear(&err);
	if (store_open(&s, dir, &opts, &err) != STORE_OK)
		die("open", &err);
	return s;
}

/* Create the table and load rows 0..rows-1 in BATCH_ROWS transactions, then checkpoint. */
static void preload(store *s, uint64_t rows, const char *label)
{
	store_err err;
	store_tx *tx;
	uint64_t k = 0, t0 = now_ns();
	double secs;
	char name[96];

	store_err_clear(&err);
	if (store_tx_begin(s, NULL, STORE_READ_COMMITTED, &tx, &err) != STORE_OK)
		die("begin", &err);
	if (store_tx_create_table(tx, TABLE, TABLE_DEF, &err) != STORE_OK)
		die("create table", &err);
	if (store_tx_commit(tx, NULL, NULL, &err) != STORE_OK)
		die("commit create table", &err);

	while (k < rows) {
		uint64_t end = k + BATCH_ROWS < rows ? k + BATCH_ROWS : rows;

		if (store_tx_begin(s, NULL, STORE_READ_COMMITTED, &tx, &err) != STORE_OK)
			die("begin", &err);
		for (; k < end; k++) {
			char key[24], row[256];
			int klen = snprintf(key, sizeof(key), "%" PRIu64, k);
			int rlen = row_json(row, sizeof(row), key, k);

			if (store_tx_put(tx, TABLE, key, (size_t)klen, row, (size_t)rlen, &err) !=
				STORE_OK)
				die("preload put", &err);
		}
		if (store_tx_commit(tx, NULL, NULL, &err) != STORE_OK)
			die("preload commit", &err);
		if (k % 100000 == 0)
			note("loaded %" PRIu64 " rows", k);
	}
	if (store_checkpoint(s, &err) != STORE_OK)
		die("checkpoint", &err);
	secs = (double)(now_ns() - t0) / 1e9;
	note("loaded %" PRIu64 " rows in %.1f s (checkpoint included)", rows, secs);
	snprintf(name, sizeof(name), "preload_rate_%s", label);
	figure(name, (double)rows / secs, "rows/s");
}

static void *commit_main(void *p)
{
	commit_arg *a = p;
	commit_run *run = a->run;
	uint64_t seq = 0;
	unsigned rng = 0xbe9c00u + (unsigned)a->id;

	for (;;) {
		char key[24], row[256];
		int klen, rlen;
		uint64_t v, t0;
		store_err err;
		store_tx *tx;

		if (run->counted) {
			unsigned long long left = atomic_load(&run->left);

			do {
				if (left == 0)
					return NULL;
			} while (!atomic_compare_exchange_weak(&run->left, &left, left - 1));
		} else if (atomic_load(&run->stop)) {
			return NULL;
		}

		if (run->rows > 0)
			klen = snprintf(key, sizeof(key), "%" PRIu64, rand_below(&rng, run->rows));
		else
			klen = snprintf(key, sizeof(key), "%" PRIu64, run->key);
		v = ((uint64_t)(a->id + 1) << 40) | ++seq;
		rlen = row_json(row, sizeof(row), key, v);
		atomic_fetch_add(&run->row_bytes, (unsigned long long)rlen);

		t0 = now_ns();
		store_err_clear(&err);
		if (store_tx_begin(run->s, NULL, STORE_READ_COMMITTED, &tx, &err) != STORE_OK)
			die("begin", &err);
		if (store_tx_put(tx, TABLE, key, (size_t)klen, row, (size_t)rlen, &err) != STORE_OK)
			die("put", &err);
		if (store_tx_commit(tx, NULL, NULL, &err) != STORE_OK)
			die("commit", &err);

		if (run->nlat[a->id] == run->caplat[a->id]) {
			run->caplat[a->id] = run->caplat[a->id] ? 2 * run->caplat[a->id] : 4096;
			run->lat[a->id] =
				realloc(run->lat[a->id], run->caplat[a->id] * sizeof(uint64_t));
			if (run->lat[a->id] == NULL)
				abort();
		}
		run->lat[a->id][run->nlat[a->id]++] = now_ns() - t0;
	}
}

/*
 * Run NTHREADS committing threads, for seconds (count 0) or until count
 * commits are done.  Returns the elapsed seconds; *lat and *nlat receive
 * all latencies sorted (caller frees), *row_bytes the JSON bytes written.
 */
static double run_commits(store *s, uint64_t rows, uint64_t key, double seconds, uint64_t count,
	uint64_t **lat, size_t *nlat, uint64_t *row_bytes)
{
	commit_run *run = calloc(1, sizeof(*run));
	commit_arg args[NTHREADS];
	pthread_t th[NTHREADS];
	uint64_t t0, elapsed;
	size_t n = 0;
	int t;

	if (run == NULL)
		abort();
	run->s = s;
	run->rows = rows;
	run->key = key;
	run->counted = count > 0;
	atomic_store(&run->left, count);

	t0 = now_ns();
	for (t = 0; t < NTHREADS; t++) {
		args[t].run = run;
		args[t].id = t;
		if (pthread_create(&th[t], NULL, commit_main, &args[t]) != 0)
			abort();
	}
	if (!run->counted) {
		struct timespec ts = {
			(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};

		nanosleep(&ts, NULL);
		atomic_store(&run->stop, 1);
	}
	for (t = 0; t < NTHREADS; t++)
		pthread_join(th[t], NULL);
	elapsed = now_ns() - t0;

	for (t = 0; t < NTHREADS; t++)
		n += run->nlat[t];
	*lat = malloc((n + 1) * sizeof(uint64_t));
	if (*lat == NULL)
		abort();
	for (n = 0, t = 0; t < NTHREADS; t++) {
		memcpy(*lat + n, run->lat[t], run->nlat[t] * sizeof(uint64_t));
		n += run->nlat[t];
		free(run->lat[t]);
	}
	qsort(*lat, n, sizeof(uint64_t), cmp_u64);
	*nlat = n;
	*row_bytes = atomic_load(&run->row_bytes);
	free(run);
	return (double)elapsed / 1e9;
}

/* Commits per second with NTHREADS writers on a table of rows rows. */
static void bench_commit_rate(store *s, uint64_t rows, double seconds, const char *label)
{
	store_stats before, after;
	uint64_t *lat, bytes;
	size_t n;
	double secs;
	char name[96];

	store_get_stats(s, &before);
	secs = run_commits(s, rows, 0, seconds, 0, &lat, &n, &bytes);
	store_get_stats(s, &after);
	note("%zu commits in %.2f s, %" PRIu64 " WAL flushes", n, secs,
		after.wal_flushes - before.wal_flushes);

	snprintf(name, sizeof(name), "commit_rate_%s", label);
	figure(name, (double)n / secs, "commits/s");
	snprintf(name, sizeof(name), "commit_p50_%s", label);
	figure(name, (double)quantile(lat, n, 0.50) / 1e3, "us");
	snprintf(name, sizeof(name), "commit_p99_%s", label);
	figure(name, (double)quantile(lat, n, 0.99) / 1e3, "us");
	if (after.wal_flushes > before.wal_flushes) {
		snprintf(name, sizeof(name), "commits_per_wal_flush_%s", label);
		figure(name, (double)n / (double)(after.wal_flushes - before.wal_flushes),
			"commits");
	}
	free(lat);
}

/* Point reads of random keys at the head, one snapshot for all. */
static void bench_point_reads(store *s, uint64_t rows, uint64_t reads, const char *label)
{
	uint64_t *lat = malloc(reads * sizeof(uint64_t)), i;
	unsigned rng = 0x7ead;
	store_snap *snap;
	store_err err;
	char name[96];

	if (lat == NULL)
		abort();
	store_err_clear(&err);
	if (store_snap_branch(s, store_default_branch(s), &snap, &err) != STORE_OK)
		die("snap_branch", &err);
	for (i = 0; i < reads; i++) {
		char key[24], *json;
		size_t len;
		int klen = snprintf(key, sizeof(key), "%" PRIu64, rand_below(&rng, rows));
		uint64_t t0 = now_ns();

		if (store_get(snap, TABLE, key, (size_t)klen, &json, &len, NULL, &err) != STORE_OK)
			die("get", &err);
		lat[i] = now_ns() - t0;
		free(json);
	}
	store_snap_free(snap);
	qsort(lat, reads, sizeof(uint64_t), cmp_u64);

	snprintf(name, sizeof(name), "point_read_p50_%s", label);
	figure(name, (double)quantile(lat, reads, 0.50) / 1e3, "us");
	snprintf(name, sizeof(name), "point_read_p99_%s", label);
	figure(name, (double)quantile(lat, reads, 0.99) / 1e3, "us");
	free(lat);
}

/* Commit versions updates to one row, then time its history. */
static void bench_history(store *s, uint64_t versions)
{
	uint64_t *lat, bytes, times[5];
	size_t n, i;
	store_snap *snap;
	store_err err;
	char name[96];
	double secs;

	secs = run_commits(s, 0, strtoull(HIST_KEY, NULL, 10), 0, versions, &lat, &n, &bytes);
	free(lat);
	note("%" PRIu64 " updates of one row in %.1f s", versions, secs);

	store_err_clear(&err);
	if (store_snap_branch(s, store_default_branch(s), &snap, &err) != STORE_OK)
		die("snap_branch", &err);
	for (i = 0; i < 5; i++) {
		store_version *v;
		size_t nv;
		uint64_t t0 = now_ns();

		if (store_row_history(snap, TABLE, HIST_KEY, strlen(HIST_KEY), 0, &v, &nv, &err) !=
			STORE_OK)
			die("row_history", &err);
		times[i] = now_ns() - t0;
		free(v);
		if (nv != versions) {
			fprintf(stderr,
				"store_bench: row history has %zu versions, expected %" PRIu64 "\n",
				nv, versions);
			exit(1);
		}
	}
	store_snap_free(snap);

	snprintf(name, sizeof(name), "row_history_%" PRIu64 "_versions_first", versions);
	figure(name, (double)times[0] / 1e6, "ms");
	qsort(times, 5, sizeof(uint64_t), cmp_u64);
	snprintf(name, sizeof(name), "row_history_%" PRIu64 "_versions", versions);
	figure(name, (double)times[2] / 1e6, "ms");
}

/* Apparent bytes under the directory du_root, and under its chrondb/ part. */
static uint64_t du_total, du_private;
static size_t du_rootlen;

static int du_visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	if (flag == FTW_F) {
		du_total += (uint64_t)st->st_size;
		if (strncmp(path + du_rootlen, "/chrondb/", 9) == 0)
			du_private += (uint64_t)st->st_size;
	}
	return 0;
}

static void du(const char *dir, uint64_t *total, uint64_t *git)
{
	du_total = du_private = 0;
	du_rootlen = strlen(dir);
	if (nftw(dir, du_visit, 32, FTW_PHYS) != 0) {
		perror("store_bench: nftw");
		exit(1);
	}
	*total = du_total;
	*git = du_total - du_private;
}

/*
 * Disk bytes that commits one-row commits add: as checkpointed, and with
 * both sides after store_repack.
 */
static void bench_disk(store *s, const char *dir, uint64_t commits)
{
	uint64_t total0, git0, total1, git1, *lat, rows;
	size_t n;
	store_err err;

	store_err_clear(&err);
	if (store_repack(s, &err) != STORE_OK)
		die("repack", &err);
	du(dir, &total0, &git0);
	run_commits(s, SMALL_ROWS, 0, 0, commits, &lat, &n, &rows);
	free(lat);

	/* As the checkpoints left it (packs merged in the background), then after VACUUM. */
	if (store_checkpoint(s, &err) != STORE_OK)
		die("checkpoint", &err);
	du(dir, &total1, &git1);
	figure("disk_git_bytes_per_commit_net_before_repack",
		((double)git1 - (double)git0 - (double)rows) / (double)commits, "bytes/commit");
	if (store_repack(s, &err) != STORE_OK)
		die("repack", &err);
	du(dir, &total1, &git1);
	note("data dir %" PRIu64 " -> %" PRIu64 " bytes (git part %" PRIu64 " -> %" PRIu64
	     "), %" PRIu64 " row bytes",
		total0, total1, git0, git1, rows);

	figure("disk_bytes_per_commit", ((double)total1 - (double)total0) / (double)commits,
		"bytes/commit");
	figure("disk_bytes_per_commit_net",
		((double)total1 - (double)total0 - (double)rows) / (double)commits, "bytes/commit");
	figure("disk_git_bytes_per_commit_net",
		((double)git1 - (double)git0 - (double)rows) / (double)commits, "bytes/commit");
}

static int rm_visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path) == 0 ? 0 : -1;
}

static void usage(void)
{
	fprintf(stderr, "usage: store_bench [--dir DIR] [--rows N] [--seconds S] [--quick]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	bench_cfg cfg = {
		.rows = 1000000, .seconds = 5, .hist = 10000, .disk = 10000, .reads = 200000};
	char *tmp = NULL, *small, *big, label[64];
	int rows_set = 0, seconds_set = 0, i;
	store *s;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
			cfg.dir = argv[++i];
		} else if (strcmp(argv[i], "--rows") == 0 && i + 1 < argc) {
			cfg.rows = strtoull(argv[++i], NULL, 10);
			rows_set = 1;
		} else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
			cfg.seconds = strtod(argv[++i], NULL);
			seconds_set = 1;
		} else if (strcmp(argv[i], "--quick") == 0) {
			cfg.quick = 1;
		} else {
			usage();
		}
	}
	if (cfg.quick) {
		cfg.rows = rows_set ? cfg.rows : 20000;
		cfg.seconds = seconds_set ? cfg.seconds : 1;
		cfg.hist = 300;
		cfg.disk = 300;
		cfg.reads = 20000;
	}
	if (cfg.rows == 0 || cfg.seconds <= 0)
		usage();

	/* Where the stores live. */
	if (cfg.dir == NULL) {
		const char *base = getenv("TMPDIR");

		if (asprintf(&tmp, "%s/store-bench-XXXXXX", base && *base ? base : "/tmp") < 0 ||
			mkdtemp(tmp) == NULL) {
			perror("store_bench: mkdtemp");
			return 1;
		}
		cfg.dir = tmp;
	} else if (mkdir(cfg.dir, 0755) != 0 && errno != EEXIST) {
		perror("store_bench: mkdir");
		return 1;
	}
	if (asprintf(&small, "%s/small", cfg.dir) < 0 || asprintf(&big, "%s/big", cfg.dir) < 0)
		return 1;
	if (access(small, F_OK) == 0 || access(big, F_OK) == 0) {
		fprintf(stderr, "store_bench: %s/small or %s/big exists already\n", cfg.dir,
			cfg.dir);
		return 1;
	}
	note("stores in %s; %" PRIu64 " rows, %.1f s per rate", cfg.dir, cfg.rows, cfg.seconds);

	/* Small table: commit rate, history, disk space. */
	s = bench_open(small);
	snprintf(label, sizeof(label), "%d_rows", SMALL_ROWS);
	preload(s, SMALL_ROWS, label);
	bench_commit_rate(s, SMALL_ROWS, cfg.seconds, label);
	bench_history(s, cfg.hist);
	bench_disk(s, small, cfg.disk);
	store_close(s);

	/* Big table: commit rate and point reads. */
	s = bench_open(big);
	snprintf(label, sizeof(label), "%" PRIu64 "_rows", cfg.rows);
	preload(s, cfg.rows, label);
	bench_commit_rate(s, cfg.rows, cfg.seconds, label);
	bench_point_reads(s, cfg.rows, cfg.reads, label);
	store_close(s);

	if (tmp != NULL && nftw(tmp, rm_visit, 32, FTW_DEPTH | FTW_PHYS) != 0)
		perror("store_bench: removing the temporary directory");
	free(small);
	free(big);
	free(tmp);
	return 0;
}
