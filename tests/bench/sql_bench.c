/*
 * sql_bench.c - what the SQL engine costs, in-process: the queries of
 * issue 3's benchmark over a 5-column table (point select by key, a
 * filtered scan, GROUP BY with 1,000 groups, a hash join of 100k x 100k
 * rows, ORDER BY ... LIMIT 10) plus secondary indexes and loads, run
 * through exec_session exactly as `chrondb sql` and the wire protocol run
 * them, with a sink that only counts rows.
 *
 * The workload is one table of steps (below), so that the same SQL can
 * be written out for PostgreSQL: with --pg DIR the program writes one
 * file per step, DIR/NN[-figure].sql, and runs nothing;
 * tests/bench/sql_vs_pg replays them against a PostgreSQL server beside
 * this program's own run.
 *
 * Output: one line per figure, `name value unit`, on stdout; progress
 * on stderr.  A query figure is the median of --runs executions; a keyed
 * figure (point selects) the mean over 2,000 random keys.
 *
 *   sql_bench [--rows N] [--dir DIR] [--runs R] [--quick] [--pg DIR]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "session.h"
#include "store.h"

/* ---- The workload ---- */

typedef enum step_kind {
	STEP_SQL,   /* run once, untimed (DDL, warming) */
	STEP_LOAD,  /* INSERT ... SELECT over generate_series in 50,000-row chunks: rows/s */
	STEP_QUERY, /* the median of runs executions: ms */
	STEP_KEYED, /* 2,000 executions with a random key in [1, rows] for %ld: us */
	STEP_FIRST, /* one execution, the first after the step before: ms */
} step_kind;

typedef struct step {
	step_kind kind;
	const char *name; /* figure name; "<rows>" inside is the row count */
	const char *sql;  /* LOAD: %ld, %ld are a chunk's bounds; KEYED: %ld is the key */
	long want;        /* rows the query returns, -1: any, -2: the table's row count */
	const char *pg;   /* PostgreSQL's statement when its equivalent differs, else NULL */
} step;

#define ITEMS_LOAD                                                                                 \
	"INSERT INTO items SELECT g, g % 1000, 'item ' || g, (g % 997) * 1.25, "                   \
	"date '2024-01-01' + (g % 365) FROM generate_series(%ld, %ld) g"

static const step workload[] = {
	{STEP_SQL, NULL,
		"CREATE TABLE items (id bigint PRIMARY KEY, grp int NOT NULL, name text, "
		"price numeric(10,2), created date)",
		-1, NULL},
	{STEP_LOAD, "load_rows_per_s", ITEMS_LOAD, -1, NULL},
	{STEP_KEYED, "point_select_<rows>_rows", "SELECT * FROM items WHERE id = %ld", 1, NULL},
	{STEP_QUERY, "scan_filter_<rows>_rows",
		"SELECT id, name FROM items WHERE grp = 7 AND price > 10", -1, NULL},
	{STEP_QUERY, "group_by_1000_groups_<rows>_rows",
		"SELECT grp, count(*), sum(price), avg(price) FROM items GROUP BY grp", 1000, NULL},
	{STEP_QUERY, "order_by_limit_10_<rows>_rows",
		"SELECT id, price FROM items ORDER BY price DESC, id LIMIT 10", 10, NULL},

	/*
	 * A secondary index on grp.  ChronDB builds it on its first use (the
	 * figure is that first query); PostgreSQL at CREATE INDEX.
	 */
	{STEP_SQL, NULL, "CREATE INDEX items_grp_idx ON items (grp)", -1, NULL},
	{STEP_FIRST, "index_build_<rows>_rows", "SELECT count(*) FROM items WHERE grp = 7", 1,
		"CREATE INDEX items_grp_idx2 ON items (grp)"},
	{STEP_QUERY, "index_filter_<rows>_rows",
		"SELECT id, name FROM items WHERE grp = 7 AND price > 10", -1, NULL},
	{STEP_SQL, NULL, "CREATE INDEX items_name_idx ON items (name)", -1, NULL},
	{STEP_SQL, NULL, "SELECT count(*) FROM items WHERE name = 'item 1'", -1, NULL},
	{STEP_KEYED, "index_point_select_<rows>_rows",
		"SELECT * FROM items WHERE name = 'item %ld'", 1, NULL},

	/* A table with a UNIQUE column: every row checked through the constraint's index. */
	{STEP_SQL, NULL, "CREATE TABLE accounts (id bigint PRIMARY KEY, email text UNIQUE, n int)",
		-1, NULL},
	{STEP_LOAD, "unique_load_rows_per_s",
		"INSERT INTO accounts SELECT g, 'user' || g || '@example.com', g % 100 "
		"FROM generate_series(%ld, %ld) g",
		-1, NULL},

	/* The hash join: two tables of min(rows, 100,000) rows, equal on their keys. */
	{STEP_SQL, NULL, "CREATE TABLE left_side (id bigint PRIMARY KEY, v int)", -1, NULL},
	{STEP_SQL, NULL, "CREATE TABLE right_side (id bigint PRIMARY KEY, w int)", -1, NULL},
	{STEP_SQL, NULL,
		"INSERT INTO left_side SELECT g, g % 100 FROM generate_series(1, <join>) g", -1,
		NULL},
	{STEP_SQL, NULL, "INSERT INTO right_side SELECT g, g % 7 FROM generate_series(1, <join>) g",
		-1, NULL},
	{STEP_QUERY, "hash_join_<join>x<join>",
		"SELECT count(*) FROM left_side l JOIN right_side r ON l.id = r.id", 1, NULL},
};

#define NSTEPS    (sizeof(workload) / sizeof(workload[0]))
#define KEYED_N   2000
#define LOAD_STEP 50000L

/* ---- Running it here ---- */

typedef struct counter {
	uint64_t rows;
} counter;

static int c_describe(void *arg, const exec_tupdesc *d)
{
	(void)arg;
	(void)d;
	return 0;
}

static int c_row(void *arg, const exec_tupdesc *d, const exec_value *v)
{
	(void)d;
	(void)v;
	((counter *)arg)->rows++;
	return 0;
}

static int c_complete(void *arg, const char *tag)
{
	(void)arg;
	(void)tag;
	return 0;
}

static void c_notice(void *arg, const char *sev, const char *state, const char *msg)
{
	(void)arg;
	fprintf(stderr, "%s: %s (%s)\n", sev, msg, state);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static exec_session *ss;
static long nrows = 1000000, njoin = 100000;

/* Run sql, its rows counted in *rows; exits on error.  Returns the time in ms. */
static double run(const char *sql, uint64_t *rows)
{
	counter c = {0};
	exec_sink sink = {.arg = &c,
		.describe = c_describe,
		.row = c_row,
		.complete = c_complete,
		.notice = c_notice};
	store_err err;
	double t0 = now_ms();

	store_err_clear(&err);
	if (exec_session_query(ss, sql, strlen(sql), &sink, &err) != EXEC_OK) {
		fprintf(stderr, "sql_bench: %s: ERROR %s: %s\n", sql, err.sqlstate, err.message);
		exit(1);
	}
	if (rows != NULL)
		*rows = c.rows;
	return now_ms() - t0;
}

/* Check a query's row count against the step's expectation; exits when it differs. */
static void check_rows(const step *s, const char *sql, uint64_t got)
{
	long want = s->want == -2 ? nrows : s->want;

	if (want >= 0 && got != (uint64_t)want) {
		fprintf(stderr, "sql_bench: %s: %llu rows, expected %ld\n", sql,
			(unsigned long long)got, want);
		exit(1);
	}
}

/* text with "<rows>" and "<join>" replaced by the sizes (static buffer). */
static const char *expand(const char *text)
{
	static char out[1024];
	size_t o = 0;

	while (*text != '\0' && o + 24 < sizeof(out)) {
		if (strncmp(text, "<rows>", 6) == 0) {
			o += (size_t)snprintf(out + o, sizeof(out) - o, "%ld", nrows);
			text += 6;
		} else if (strncmp(text, "<join>", 6) == 0) {
			o += (size_t)snprintf(out + o, sizeof(out) - o, "%ld", njoin);
			text += 6;
		} else {
			out[o++] = *text++;
		}
	}
	out[o] = '\0';
	return out;
}

/* The key of execution i of a keyed figure: spread over [1, rows] without repeats nearby. */
static long key_of(int i)
{
	return 1 + (long)(((unsigned long)i * 104729u) % (unsigned long)nrows);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void run_step(const step *s, int runs)
{
	char sql[1024], name[256];
	double t = 0, times[32];
	uint64_t got = 0;

	snprintf(name, sizeof(name), "%s", s->name ? expand(s->name) : "");
	switch (s->kind) {
	case STEP_SQL:
		run(expand(s->sql), NULL);
		return;
	case STEP_LOAD:
		for (long at = 1; at <= nrows; at += LOAD_STEP) {
			long last = at + LOAD_STEP - 1 < nrows ? at + LOAD_STEP - 1 : nrows;

			snprintf(sql, sizeof(sql), s->sql, at, last);
			t += run(sql, NULL);
			fprintf(stderr, "%s: %ld rows\n", name, last);
		}
		printf("%s %.0f rows/s\n", name, (double)nrows / (t / 1000.0));
		return;
	case STEP_KEYED:
		for (int i = 0; i < KEYED_N; i++) {
			snprintf(sql, sizeof(sql), s->sql, key_of(i));
			t += run(sql, &got);
			check_rows(s, sql, got);
		}
		printf("%s %.1f us\n", name, t / KEYED_N * 1000.0);
		return;
	case STEP_FIRST:
		t = run(s->sql, &got);
		check_rows(s, s->sql, got);
		printf("%s %.1f ms\n", name, t);
		return;
	case STEP_QUERY:
		if (runs > 32)
			runs = 32;
		for (int i = 0; i < runs; i++) {
			times[i] = run(s->sql, &got);
			check_rows(s, s->sql, got);
		}
		qsort(times, (size_t)runs, sizeof(double), cmp_double);
		printf("%s %.1f ms\n", name, times[runs / 2]);
		return;
	}
}

/* ---- Writing it for PostgreSQL ---- */

static FILE *open_out(const char *dir, int n, const char *name)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%02d%s%s.sql", dir, n, name ? "-" : "", name ? name : "");
	if ((f = fopen(path, "w")) == NULL) {
		perror(path);
		exit(1);
	}
	return f;
}

/* A keyed statement with pgbench's variable :k where the key goes. */
static void put_keyed(FILE *f, const char *sql)
{
	const char *at = strstr(sql, "%ld");

	fprintf(f, "%.*s:k%s;\n", (int)(at - sql), sql, at + 3);
}

/*
 * DIR/NN[-figure].sql, one per step, NN the step's place: its first line
 * says what it is ("-- sql", "-- load", "-- keyed N", "-- first",
 * "-- query"), the rest is the SQL PostgreSQL runs for it (a keyed one
 * as a pgbench script whose key is :k).  Replayed in name order, they
 * are the workload.
 */
static void write_pg(const char *dir)
{
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		perror(dir);
		exit(1);
	}
	for (size_t i = 0; i < NSTEPS; i++) {
		const step *s = &workload[i];
		FILE *f;

		switch (s->kind) {
		case STEP_SQL:
			f = open_out(dir, (int)i, NULL);
			fprintf(f, "-- sql\n%s;\n", expand(s->sql));
			break;
		case STEP_LOAD:
			f = open_out(dir, (int)i, expand(s->name));
			fprintf(f, "-- load\n");
			for (long at = 1; at <= nrows; at += LOAD_STEP) {
				long last = at + LOAD_STEP - 1 < nrows ? at + LOAD_STEP - 1 : nrows;

				fprintf(f, s->sql, at, last);
				fprintf(f, ";\n");
			}
			break;
		case STEP_KEYED:
			f = open_out(dir, (int)i, expand(s->name));
			fprintf(f, "-- keyed %d\n\\set k random(1, %ld)\n", KEYED_N, nrows);
			put_keyed(f, s->sql);
			break;
		case STEP_FIRST:
			f = open_out(dir, (int)i, expand(s->name));
			fprintf(f, "-- first\n%s;\n", s->pg ? s->pg : s->sql);
			break;
		case STEP_QUERY:
			f = open_out(dir, (int)i, expand(s->name));
			fprintf(f, "-- query\n%s;\n", expand(s->sql));
			break;
		default:
			continue;
		}
		fclose(f);
	}
}

int main(int argc, char **argv)
{
	int runs = 5;
	const char *dir = NULL, *pg = NULL;
	char tmpl[] = "/tmp/chrondb-sqlbench.XXXXXX", path[512];
	store *s;
	store_opts opts;
	store_err err;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--rows") == 0 && i + 1 < argc)
			nrows = atol(argv[++i]);
		else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (strcmp(argv[i], "--pg") == 0 && i + 1 < argc)
			pg = argv[++i];
		else if (strcmp(argv[i], "--quick") == 0) {
			nrows = 20000;
			runs = 3;
		} else {
			fprintf(stderr,
				"usage: sql_bench [--rows N] [--dir DIR] [--runs R] [--quick] "
				"[--pg DIR]\n");
			return 2;
		}
	}
	if (nrows < 1 || runs < 1) {
		fprintf(stderr, "sql_bench: --rows and --runs must be positive\n");
		return 2;
	}
	if (njoin > nrows)
		njoin = nrows;
	if (pg != NULL) {
		write_pg(pg);
		return 0;
	}

	if (dir == NULL) {
		if (mkdtemp(tmpl) == NULL) {
			perror("mkdtemp");
			return 1;
		}
		dir = tmpl;
	}
	snprintf(path, sizeof(path), "%s/data", dir);
	store_opts_init(&opts);
	store_err_clear(&err);
	if (store_open(&s, path, &opts, &err) != STORE_OK) {
		fprintf(stderr, "sql_bench: %s\n", err.message);
		return 1;
	}
	if (exec_session_new(s, NULL, &ss, &err) != EXEC_OK) {
		fprintf(stderr, "sql_bench: %s\n", err.message);
		return 1;
	}

	for (size_t i = 0; i < NSTEPS; i++)
		run_step(&workload[i], runs);

	/* After each one-row commit, an index read at the new head: its version derived by a diff. */
	{
		char sql[256];
		double t = 0;

		for (int i = 0; i < 200; i++) {
			snprintf(sql, sizeof(sql),
				"UPDATE items SET grp = (grp + 1) %% 1000 WHERE id = %ld",
				key_of(i));
			run(sql, NULL);
			t += run("SELECT count(*) FROM items WHERE grp = 7", NULL);
		}
		printf("index_read_after_commit_%ld_rows %.1f ms\n", nrows, t / 200.0);
	}

	exec_session_free(ss);
	store_close(s);
	if (dir == tmpl) {
		snprintf(path, sizeof(path), "rm -rf '%s'", tmpl);
		if (system(path) != 0)
			fprintf(stderr, "sql_bench: could not remove %s\n", tmpl);
	}
	return 0;
}
