/*
 * crash_writer.c - the process the crash test kills.
 *
 * Usage: crash_writer DIR
 *
 * Opens the store in DIR with the background checkpointer on and small
 * thresholds (1 MiB, 200 ms), so that a kill lands as often during a
 * checkpoint as during a commit.  Creates table CRASH_TABLE when missing,
 * prints "ready", then runs CRASH_THREADS threads that commit forever the
 * transactions crash.h describes, each thread carrying on from its
 * counter row.  After store_tx_commit returns, a thread prints
 * "ack <n> <commit id>" with one write(2), which a pipe never interleaves
 * with another thread's line.
 *
 * It never stops on its own: any error is printed to stderr and ends the
 * process with status 3, which the test reports as a failure.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "crash.h"
#include "store.h"

static store *g_store;

static void die(const char *what, const store_err *err)
{
	fprintf(stderr, "crash_writer: %s: [%s] %s %s\n", what, err->sqlstate, err->message,
		err->detail);
	_exit(3);
}

/* Write a whole line to stdout; short lines (< PIPE_BUF) go in one write. */
static void say(const char *line, size_t len)
{
	while (len > 0) {
		ssize_t w = write(STDOUT_FILENO, line, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(4);
		line += w;
		len -= (size_t)w;
	}
}

/* Create CRASH_TABLE unless the head already has it. */
static void ensure_table(void)
{
	store_err err;
	store_snap *snap;
	store_tx *tx;
	store_oid commit;
	char *def;
	int rc;

	store_err_clear(&err);
	if (store_snap_branch(g_store, store_default_branch(g_store), &snap, &err) != STORE_OK)
		die("snap_branch", &err);
	rc = store_catalog(snap, CRASH_TABLE, &def, &err);
	store_snap_free(snap);
	if (rc == STORE_OK) {
		free(def);
		return;
	}
	if (strcmp(err.sqlstate, "42P01") != 0)
		die("catalog", &err);

	store_err_clear(&err);
	if (store_tx_begin(g_store, NULL, STORE_READ_COMMITTED, &tx, &err) != STORE_OK)
		die("tx_begin", &err);
	if (store_tx_create_table(tx, CRASH_TABLE, CRASH_TABLE_DEF, &err) != STORE_OK)
		die("create_table", &err);
	if (store_tx_commit(tx, NULL, &commit, &err) != STORE_OK)
		die("commit create table", &err);
}

/* The first number thread t commits: one step past its counter row. */
static uint64_t first_number(int t)
{
	store_err err;
	store_snap *snap;
	char key[16];
	char *json;
	size_t len;
	json_t *doc;
	json_int_t last;
	int klen, rc;

	store_err_clear(&err);
	if (store_snap_branch(g_store, store_default_branch(g_store), &snap, &err) != STORE_OK)
		die("snap_branch", &err);
	klen = snprintf(key, sizeof(key), "c%d", t);
	rc = store_get(snap, CRASH_TABLE, key, (size_t)klen, &json, &len, NULL, &err);
	store_snap_free(snap);
	if (rc == STORE_NOTFOUND)
		return (uint64_t)t;
	if (rc != STORE_OK)
		die("get counter", &err);
	doc = json_loadb(json, len, 0, NULL);
	if (doc == NULL || !json_is_integer(json_object_get(doc, "last"))) {
		fprintf(stderr, "crash_writer: bad counter row %s: %s\n", key, json);
		_exit(3);
	}
	last = json_integer_value(json_object_get(doc, "last"));
	json_decref(doc);
	free(json);
	return (uint64_t)last + CRASH_THREADS;
}

static void *writer_main(void *arg)
{
	int t = (int)(intptr_t)arg;
	static const store_txmeta meta = {.user = "crash_writer", .origin = "cli"};
	uint64_t n;

	for (n = first_number(t);; n += CRASH_THREADS) {
		char key[24], ckey[16], pad[CRASH_PAD_MAX + 1], hex[STORE_OID_HEXSZ + 1];
		char row[CRASH_PAD_MAX + 128], ctr[96], line[96];
		int klen, cklen, rlen, clen, llen;
		store_err err;
		store_tx *tx;
		store_oid commit;

		klen = snprintf(key, sizeof(key), "%" PRIu64, n);
		cklen = snprintf(ckey, sizeof(ckey), "c%d", t);
		crash_pad(pad, n);
		rlen = snprintf(row, sizeof(row),
			"{\"id\":\"%s\",\"v\":%" PRIu64 ",\"pad\":\"%s\"}", key, n, pad);
		clen = snprintf(ctr, sizeof(ctr), "{\"id\":\"%s\",\"last\":%" PRIu64 "}", ckey, n);

		store_err_clear(&err);
		if (store_tx_begin(g_store, NULL, STORE_READ_COMMITTED, &tx, &err) != STORE_OK)
			die("tx_begin", &err);
		if (store_tx_put(tx, CRASH_TABLE, key, (size_t)klen, row, (size_t)rlen, &err) !=
			STORE_OK)
			die("put row", &err);
		if (store_tx_put(tx, CRASH_TABLE, ckey, (size_t)cklen, ctr, (size_t)clen, &err) !=
			STORE_OK)
			die("put counter", &err);
		if (store_tx_commit(tx, &meta, &commit, &err) != STORE_OK)
			die("commit", &err);
		if (store_oid_is_zero(&commit)) {
			fprintf(stderr, "crash_writer: commit of %s returned no commit id\n", key);
			_exit(3);
		}

		store_oid_fmt(hex, &commit);
		llen = snprintf(line, sizeof(line), "ack %" PRIu64 " %s\n", n, hex);
		say(line, (size_t)llen);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	store_opts opts;
	store_err err;
	pthread_t th[CRASH_THREADS];
	int t;

	if (argc != 2) {
		fprintf(stderr, "usage: crash_writer DIR\n");
		return 2;
	}

	store_opts_init(&opts);
	opts.checkpoint_bytes = 1024 * 1024;
	opts.checkpoint_interval_ms = 200;
	opts.background = 1;
	opts.sync = 1;
	store_err_clear(&err);
	if (store_open(&g_store, argv[1], &opts, &err) != STORE_OK)
		die("open", &err);
	ensure_table();
	say("ready\n", 6);

	for (t = 0; t < CRASH_THREADS; t++)
		if (pthread_create(&th[t], NULL, writer_main, (void *)(intptr_t)t) != 0) {
			perror("crash_writer: pthread_create");
			return 3;
		}
	for (t = 0; t < CRASH_THREADS; t++)
		pthread_join(th[t], NULL);
	return 0;
}
