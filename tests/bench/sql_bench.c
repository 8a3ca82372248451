/*
 * sql_bench.c - what the SQL engine costs, in-process: the queries of
 * issue 3's benchmark over a 5-column table, run through exec_session
 * exactly as `chrondb sql` and the wire protocol run them, with a sink
 * that only counts rows.
 *
 * Output: one line per figure, `name value unit`, on stdout; progress
 * on stderr.  Each query runs several times and the median is printed.
 *
 *   sql_bench [--rows N] [--dir DIR] [--runs R] [--quick]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "session.h"
#include "store.h"

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

/* Run sql; its rows counted in *rows; exits on error. */
static double run(const char *sql, uint64_t *rows)
{
	counter c = {0};
	exec_sink sink = {.arg = &c, .describe = c_describe, .row = c_row, .complete = c_complete, .notice = c_notice};
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

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median of runs executions of sql, in ms; the row count checked. */
static double median(const char *sql, int runs, uint64_t want)
{
	double t[32];
	uint64_t rows = 0;

	if (runs > 32)
		runs = 32;
	for (int i = 0; i < runs; i++) {
		t[i] = run(sql, &rows);
		if (want != UINT64_MAX && rows != want) {
			fprintf(stderr, "sql_bench: %s: %llu rows, expected %llu\n", sql,
				(unsigned long long)rows, (unsigned long long)want);
			exit(1);
		}
	}
	qsort(t, (size_t)runs, sizeof(double), cmp_double);
	return t[runs / 2];
}

int main(int argc, char **argv)
{
	long rows = 1000000, join_rows = 100000;
	int runs = 5;
	const char *dir = NULL;
	char tmpl[] = "/tmp/chrondb-sqlbench.XXXXXX", path[512], sql[512];
	store *s;
	store_opts opts;
	store_err err;
	double t;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--rows") == 0 && i + 1 < argc)
			rows = atol(argv[++i]);
		else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (strcmp(argv[i], "--quick") == 0) {
			rows = 20000;
			runs = 3;
		} else {
			fprintf(stderr, "usage: sql_bench [--rows N] [--dir DIR] [--runs R] [--quick]\n");
			return 2;
		}
	}
	if (join_rows > rows)
		join_rows = rows;
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

	/* The 5-column table, loaded in 50,000-row INSERT ... SELECT transactions. */
	run("CREATE TABLE items (id bigint PRIMARY KEY, grp int NOT NULL, name text, price numeric(10,2), "
	    "created date)",
		NULL);
	t = now_ms();
	for (long at = 1; at <= rows; at += 50000) {
		long last = at + 49999 < rows ? at + 49999 : rows;

		snprintf(sql, sizeof(sql),
			"INSERT INTO items SELECT g, g %% 1000, 'item ' || g, (g %% 997) * 1.25, "
			"date '2024-01-01' + (g %% 365) FROM generate_series(%ld, %ld) g",
			at, last);
		run(sql, NULL);
		fprintf(stderr, "loaded %ld rows\n", last);
	}
	t = now_ms() - t;
	printf("load_rows_per_s %.0f rows/s\n", (double)rows / (t / 1000.0));

	/* Point select by key. */
	{
		double best[64];
		int n = 0;

		for (int i = 0; i < 2000; i++) {
			snprintf(sql, sizeof(sql), "SELECT * FROM items WHERE id = %ld",
				1 + (long)(((unsigned long)i * 7919u) % (unsigned long)rows));
			if (i % 40 == 0 && n < 64)
				best[n++] = run(sql, NULL);
			else
				run(sql, NULL);
		}
		t = now_ms();
		for (int i = 0; i < 2000; i++) {
			snprintf(sql, sizeof(sql), "SELECT * FROM items WHERE id = %ld",
				1 + (long)(((unsigned long)i * 104729u) % (unsigned long)rows));
			run(sql, NULL);
		}
		t = (now_ms() - t) / 2000.0;
		printf("point_select_%ld_rows %.1f us\n", rows, t * 1000.0);
		(void)best;
	}

	/* Full scan with a filter: 1 row in 1,000 passes. */
	printf("scan_filter_%ld_rows %.1f ms\n", rows,
		median("SELECT id, name FROM items WHERE grp = 7 AND price > 10", runs, UINT64_MAX));

	/*
	 * A secondary index on grp: its first use reads the table once; then
	 * the same filter reads the 1 row in 1,000 it finds.
	 */
	run("CREATE INDEX items_grp_idx ON items (grp)", NULL);
	printf("index_build_%ld_rows %.1f ms\n", rows,
		run("SELECT count(*) FROM items WHERE grp = 7", NULL));
	printf("index_filter_%ld_rows %.1f ms\n", rows,
		median("SELECT id, name FROM items WHERE grp = 7 AND price > 10", runs, UINT64_MAX));

	/* Point selects through an index on a text column. */
	run("CREATE INDEX items_name_idx ON items (name)", NULL);
	run("SELECT count(*) FROM items WHERE name = 'item 1'", NULL);
	t = now_ms();
	for (int i = 0; i < 2000; i++) {
		uint64_t n = 0;

		snprintf(sql, sizeof(sql), "SELECT * FROM items WHERE name = 'item %ld'",
			1 + (long)(((unsigned long)i * 104729u) % (unsigned long)rows));
		run(sql, &n);
		if (n != 1) {
			fprintf(stderr, "sql_bench: %s: %llu rows\n", sql, (unsigned long long)n);
			exit(1);
		}
	}
	printf("index_point_select_%ld_rows %.1f us\n", rows, (now_ms() - t) / 2000.0 * 1000.0);

	/* After each one-row commit, an index read at the new head: its version derived by a diff. */
	t = 0;
	for (int i = 0; i < 200; i++) {
		snprintf(sql, sizeof(sql), "UPDATE items SET grp = (grp + 1) %% 1000 WHERE id = %ld",
			1 + (long)(((unsigned long)i * 7919u) % (unsigned long)rows));
		run(sql, NULL);
		t += run("SELECT count(*) FROM items WHERE grp = 7", NULL);
	}
	printf("index_read_after_commit_%ld_rows %.1f ms\n", rows, t / 200.0);

	/* GROUP BY with 1,000 groups. */
	printf("group_by_1000_groups_%ld_rows %.1f ms\n", rows,
		median("SELECT grp, count(*), sum(price), avg(price) FROM items GROUP BY grp", runs,
			1000));

	/* ORDER BY ... LIMIT 10 (top-N). */
	printf("order_by_limit_10_%ld_rows %.1f ms\n", rows,
		median("SELECT id, price FROM items ORDER BY price DESC, id LIMIT 10", runs, 10));

	/* Loading a table with a UNIQUE column: each row checked through the constraint's index. */
	run("CREATE TABLE accounts (id bigint PRIMARY KEY, email text UNIQUE, n int)", NULL);
	t = now_ms();
	for (long at = 1; at <= rows; at += 50000) {
		long last = at + 49999 < rows ? at + 49999 : rows;

		snprintf(sql, sizeof(sql),
			"INSERT INTO accounts SELECT g, 'user' || g || '@example.com', g %% 100 "
			"FROM generate_series(%ld, %ld) g",
			at, last);
		run(sql, NULL);
	}
	t = now_ms() - t;
	printf("unique_load_rows_per_s %.0f rows/s\n", (double)rows / (t / 1000.0));

	/* Hash join of join_rows x join_rows. */
	run("CREATE TABLE left_side (id bigint PRIMARY KEY, v int)", NULL);
	run("CREATE TABLE right_side (id bigint PRIMARY KEY, w int)", NULL);
	snprintf(sql, sizeof(sql), "INSERT INTO left_side SELECT g, g %% 100 FROM generate_series(1, %ld) g", join_rows);
	run(sql, NULL);
	snprintf(sql, sizeof(sql), "INSERT INTO right_side SELECT g, g %% 7 FROM generate_series(1, %ld) g", join_rows);
	run(sql, NULL);
	printf("hash_join_%ldx%ld %.1f ms\n", join_rows, join_rows,
		median("SELECT count(*) FROM left_side l JOIN right_side r ON l.id = r.id",
			runs, 1));

	exec_session_free(ss);
	store_close(s);
	if (dir == tmpl) {
		snprintf(sql, sizeof(sql), "rm -rf '%s'", tmpl);
		if (system(sql) != 0)
			fprintf(stderr, "sql_bench: could not remove %s\n", tmpl);
	}
	return 0;
}
