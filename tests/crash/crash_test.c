/*
 * crash_test.c - kill a writing process at random moments and check that
 * every acknowledged transaction survived whole.
 *
 * Each round starts crash_writer (crash.h says what it writes) on the same
 * data directory, reads its "ack <n> <commit>" lines, and sends SIGKILL
 * after a random delay: most rounds 50-400 ms after the writer is ready,
 * every fifth round 0-150 ms after exec, while the store is still
 * recovering.  The writer checkpoints every 1 MiB or 200 ms, so kills land
 * during checkpoints too.  Then the test reopens the store itself and
 * checks (DESIGN.md section 5):
 *
 *   - every row is exactly what the writer wrote for its number;
 *   - for each writer thread, its numbers present form an unbroken run up
 *     to its counter row, which covers every acknowledged number (no lost
 *     transaction, none applied by halves);
 *   - each acknowledged commit is on main's first-parent chain between
 *     the previous round's head and the new head, has its note, and holds
 *     exactly its transaction; at most one unacknowledged commit per
 *     thread came on top;
 *   - after store_checkpoint and store_close, `git fsck --strict` is clean,
 *     refs/heads/main is the head the store reported, and git reads the
 *     same bytes for a row as the store did.
 *
 * The rounds come in epochs of CRASH_EPOCH kills on one data directory,
 * each epoch on a fresh one: restarts pile up on each other within an
 * epoch, while git fsck, which reads the whole repository, stays cheap
 * (one growing directory made the run quadratic: 7 minutes for 25 kills).
 *
 * Environment: CHRONDB_TEST_BIN is the build directory (the writer is
 * $CHRONDB_TEST_BIN/tests/crash/crash_writer); CHRONDB_CRASH_ROUNDS
 * (default 25) and CHRONDB_CRASH_SEED (default from the clock, printed)
 * reproduce or stretch a run.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "crash.h"
#include "keycodec.h"
#include "store.h"
#include "testutil.h"

/* Kills on one data directory before the next starts afresh. */
#define CRASH_EPOCH 5

/* One acknowledged transaction of the current round. */
typedef struct ack {
	uint64_t n;
	store_oid commit;
} ack;

/* What the rounds carry over. */
typedef struct crash_state {
	char *dir;                         /* the data directory */
	store_oid head;                    /* main after the previous round (zero at first) */
	uint64_t acked_max[CRASH_THREADS]; /* highest acknowledged n per thread */
	int acked_any[CRASH_THREADS];      /* whether acked_max is set */
	uint64_t total_acks;
	ack *acks; /* this round's acknowledgements */
	size_t nacks, capacks;
} crash_state;

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int env_int(const char *name, int dflt)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? atoi(v) : dflt;
}

/* 1 when json is exactly the row the writer puts for n. */
static int row_ok(const char *json, size_t len, uint64_t n)
{
	char id[24], pad[CRASH_PAD_MAX + 1];
	json_t *doc = json_loadb(json, len, 0, NULL);
	json_t *jid, *jv, *jpad;
	int ok;

	if (doc == NULL)
		return 0;
	snprintf(id, sizeof(id), "%" PRIu64, n);
	crash_pad(pad, n);
	jid = json_object_get(doc, "id");
	jv = json_object_get(doc, "v");
	jpad = json_object_get(doc, "pad");
	ok = json_is_object(doc) && json_object_size(doc) == 3 && json_is_string(jid) &&
	     strcmp(json_string_value(jid), id) == 0 && json_is_integer(jv) &&
	     (uint64_t)json_integer_value(jv) == n && json_is_string(jpad) &&
	     strcmp(json_string_value(jpad), pad) == 0;
	json_decref(doc);
	return ok;
}

/* 1 when json is a counter row {"id": key, "last": <n>}; sets *last. */
static int counter_ok(const char *json, size_t len, const char *key, uint64_t *last)
{
	json_t *doc = json_loadb(json, len, 0, NULL);
	json_t *jid, *jlast;
	int ok;

	if (doc == NULL)
		return 0;
	jid = json_object_get(doc, "id");
	jlast = json_object_get(doc, "last");
	ok = json_is_object(doc) && json_object_size(doc) == 2 && json_is_string(jid) &&
	     strcmp(json_string_value(jid), key) == 0 && json_is_integer(jlast) &&
	     json_integer_value(jlast) >= 0;
	if (ok)
		*last = (uint64_t)json_integer_value(jlast);
	json_decref(doc);
	return ok;
}

/* Parse a decimal row key; 0 when it is not one. */
static int parse_n(const char *key, size_t len, uint64_t *n)
{
	size_t i;

	if (len == 0 || len > 19 || (key[0] == '0' && len > 1))
		return 0;
	*n = 0;
	for (i = 0; i < len; i++) {
		if (key[i] < '0' || key[i] > '9')
			return 0;
		*n = *n * 10 + (uint64_t)(key[i] - '0');
	}
	return 1;
}

static void ack_add(crash_state *st, uint64_t n, const store_oid *commit)
{
	int t = (int)(n % CRASH_THREADS);

	if (st->nacks == st->capacks) {
		st->capacks = st->capacks ? st->capacks * 2 : 1024;
		st->acks = realloc(st->acks, st->capacks * sizeof(*st->acks));
		cr_assert_not_null(st->acks);
	}
	st->acks[st->nacks].n = n;
	st->acks[st->nacks].commit = *commit;
	st->nacks++;
	if (!st->acked_any[t] || n > st->acked_max[t])
		st->acked_max[t] = n;
	st->acked_any[t] = 1;
	st->total_acks++;
}

/* Take the complete lines out of buf (len bytes); keeps a partial tail. */
static void parse_lines(crash_state *st, char *buf, size_t *len, int *ready)
{
	char *line = buf, *nl;

	while ((nl = memchr(line, '\n', *len - (size_t)(line - buf))) != NULL) {
		uint64_t n;
		char hex[STORE_OID_HEXSZ + 1];
		store_oid commit;

		*nl = '\0';
		if (strcmp(line, "ready") == 0) {
			*ready = 1;
		} else if (sscanf(line, "ack %" SCNu64 " %40s", &n, hex) == 2 &&
			   store_oid_parse(&commit, hex, strlen(hex)) == 0) {
			ack_add(st, n, &commit);
		} else {
			cr_assert_fail("unexpected line from the writer: \"%s\"", line);
		}
		line = nl + 1;
	}
	*len -= (size_t)(line - buf);
	memmove(buf, line, *len);
}

/*
 * Run the writer and kill it: after delay_ms from exec when early, else
 * after delay_ms from its "ready" line.  Collects its acknowledgements.
 */
static void run_writer(crash_state *st, const char *writer, int early, int delay_ms)
{
	int fds[2], status, ready = 0, killed = 0;
	char buf[8192];
	size_t len = 0;
	int64_t start, deadline;
	pid_t pid;

	cr_assert_eq(pipe(fds), 0);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execl(writer, writer, st->dir, (char *)NULL);
		fprintf(stderr, "exec %s: %s\n", writer, strerror(errno));
		_exit(127);
	}
	close(fds[1]);

	/* Read until the kill is due, then kill and read what is left. */
	start = now_ms();
	deadline = early ? start + delay_ms : start + 60000;
	for (;;) {
		struct pollfd pfd = {.fd = fds[0], .events = POLLIN};
		int64_t left = deadline - now_ms();
		ssize_t r;

		if (!killed && left <= 0) {
			kill(pid, SIGKILL);
			killed = 1;
		}
		if (!killed && poll(&pfd, 1, (int)left) <= 0)
			continue;
		r = read(fds[0], buf + len, sizeof(buf) - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
		if (!ready) {
			parse_lines(st, buf, &len, &ready);
			if (ready && !early)
				deadline = now_ms() + delay_ms;
		} else {
			parse_lines(st, buf, &len, &ready);
		}
	}
	close(fds[0]);
	if (!killed)
		kill(pid, SIGKILL);
	cr_assert_eq(waitpid(pid, &status, 0), pid);

	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
		"the writer ended on its own (status 0x%x) before the kill", status);
	cr_assert(early || ready, "the writer was not ready within 60 s");
	cr_assert_eq(len, 0, "the writer's output ends in a partial line");
}

/*
 * The commits on main's first-parent chain from head back to stop (not
 * included; stop zero: to the root).  Fails when stop is not on it.
 * Returns a malloc'd array of *n ids, newest first.
 */
static store_oid *commits_since(store_snap *head, const store_oid *stop, size_t *n)
{
	size_t limit = store_oid_is_zero(stop) ? 0 : 256;

	for (;;) {
		store_logentry *log;
		store_oid *ids;
		size_t nlog, i;
		store_err err;

		store_err_clear(&err);
		cr_assert_eq(store_log(head, limit, &log, &nlog, &err), STORE_OK, "store_log: %s",
			err.message);
		for (i = 0; i < nlog; i++)
			if (store_oid_equal(&log[i].commit, stop))
				break;
		if (i == nlog && limit != 0 && nlog == limit) {
			store_log_free(log, nlog);
			limit *= 2;
			continue;
		}
		cr_assert(i < nlog || store_oid_is_zero(stop),
			"the previous head is no longer on main's first-parent chain");
		ids = malloc((i + 1) * sizeof(*ids));
		cr_assert_not_null(ids);
		for (*n = 0; *n < i; (*n)++)
			ids[*n] = log[*n].commit;
		store_log_free(log, nlog);
		return ids;
	}
}

static int oid_cmp(const void *a, const void *b)
{
	return store_oid_cmp(a, b);
}

/*
 * Check that the acknowledged commit c holds exactly transaction n: row n
 * as written, the thread's counter at n, and a note.
 */
static void check_commit(store *s, const ack *a)
{
	char key[24], ckey[16], hex[STORE_OID_HEXSZ + 1];
	store_snap *snap;
	store_err err;
	char *json;
	size_t len;
	uint64_t last;
	int klen, cklen;

	store_oid_fmt(hex, &a->commit);
	klen = snprintf(key, sizeof(key), "%" PRIu64, a->n);
	cklen = snprintf(ckey, sizeof(ckey), "c%d", (int)(a->n % CRASH_THREADS));
	store_err_clear(&err);
	cr_assert_eq(store_snap_commit(s, &a->commit, &snap, &err), STORE_OK,
		"acknowledged commit %s of n=%" PRIu64 " cannot be read: %s", hex, a->n,
		err.message);
	cr_assert(store_oid_equal(store_snap_id(snap), &a->commit));

	cr_assert_eq(store_get(snap, CRASH_TABLE, key, (size_t)klen, &json, &len, NULL, &err),
		STORE_OK, "commit %s has no row %s: %s", hex, key, err.message);
	cr_assert(row_ok(json, len, a->n), "commit %s: row %s is wrong: %s", hex, key, json);
	free(json);

	cr_assert_eq(store_get(snap, CRASH_TABLE, ckey, (size_t)cklen, &json, &len, NULL, &err),
		STORE_OK, "commit %s has no counter %s: %s", hex, ckey, err.message);
	cr_assert(counter_ok(json, len, ckey, &last) && last == a->n,
		"commit %s of n=%" PRIu64 ": counter %s is %s", hex, a->n, ckey, json);
	free(json);
	store_snap_free(snap);

	cr_assert_eq(store_note(s, &a->commit, &json, &err), STORE_OK, "commit %s has no note: %s",
		hex, err.message);
	cr_assert(json[0] == '{', "note of %s is not a JSON object: %s", hex, json);
	free(json);
}

/*
 * Check the head's rows: exact contents, one unbroken run per thread up
 * to its counter, covering every acknowledgement.  Returns the number of
 * rows; *probe receives one row number present (for the git check) or
 * UINT64_MAX.
 */
static uint64_t check_rows(crash_state *st, store_snap *head, uint64_t *probe)
{
	uint64_t count[CRASH_THREADS] = {0}, max[CRASH_THREADS] = {0};
	uint64_t last[CRASH_THREADS] = {0}, rows = 0, nrows;
	int has_counter[CRASH_THREADS] = {0};
	store_scan *sc;
	store_err err;
	const char *key, *json;
	size_t keylen, len;
	int t, r;

	store_err_clear(&err);
	cr_assert_eq(store_scan_open(head, CRASH_TABLE, &sc, &err), STORE_OK, "scan_open: [%s] %s",
		err.sqlstate, err.message);
	while ((r = store_scan_next(sc, &key, &keylen, &json, &len, &err)) == 1) {
		uint64_t n;

		rows++;
		if (keylen == 2 && key[0] == 'c' && key[1] >= '0' && key[1] < '0' + CRASH_THREADS) {
			char ckey[3] = {key[0], key[1], '\0'};

			t = key[1] - '0';
			cr_assert(counter_ok(json, len, ckey, &last[t]),
				"counter %s is wrong: %.*s", ckey, (int)len, json);
			has_counter[t] = 1;
			continue;
		}
		cr_assert(parse_n(key, keylen, &n), "unexpected key \"%.*s\"", (int)keylen, key);
		cr_assert(
			row_ok(json, len, n), "row %" PRIu64 " is wrong: %.*s", n, (int)len, json);
		t = (int)(n % CRASH_THREADS);
		count[t]++;
		if (n > max[t])
			max[t] = n;
	}
	cr_assert_eq(r, 0, "scan_next: [%s] %s", err.sqlstate, err.message);
	store_scan_close(sc);

	cr_assert_eq(store_count(head, CRASH_TABLE, &nrows, &err), STORE_OK);
	cr_assert_eq(
		nrows, rows, "store_count says %" PRIu64 ", the scan saw %" PRIu64, nrows, rows);

	*probe = UINT64_MAX;
	for (t = 0; t < CRASH_THREADS; t++) {
		if (count[t] == 0) {
			cr_assert(!has_counter[t], "counter c%d without rows", t);
			cr_assert(!st->acked_any[t], "thread %d: acknowledged rows are gone", t);
			continue;
		}
		*probe = max[t];
		cr_assert(has_counter[t], "thread %d has rows but no counter", t);
		cr_assert_eq(last[t], max[t],
			"thread %d: counter says %" PRIu64 ", highest row is %" PRIu64
			" (a transaction applied by halves)",
			t, last[t], max[t]);
		cr_assert_eq(count[t], (max[t] - (uint64_t)t) / CRASH_THREADS + 1,
			"thread %d: %" PRIu64 " rows up to %" PRIu64 ": a transaction is missing",
			t, count[t], max[t]);
		cr_assert(!st->acked_any[t] || st->acked_max[t] <= max[t],
			"thread %d: acknowledged %" PRIu64 " but only %" PRIu64 " survived", t,
			st->acked_max[t], max[t]);
	}
	return rows;
}

/* Reopen the store and check it (see the file comment); updates st->head. */
static void verify(crash_state *st, int round)
{
	store *s;
	store_snap *head;
	store_opts opts;
	store_err err;
	store_oid *ids, new_head;
	size_t nids, i, extra;
	uint64_t rows, probe;
	char hex[STORE_OID_HEXSZ + 1], *out, *json = NULL;
	size_t jlen = 0;
	int rc;

	store_opts_init(&opts);
	opts.background = 0;
	store_err_clear(&err);
	cr_assert_eq(store_open(&s, st->dir, &opts, &err), STORE_OK,
		"round %d: reopen failed: [%s] %s %s", round, err.sqlstate, err.message,
		err.detail);
	cr_assert_eq(store_snap_branch(s, store_default_branch(s), &head, &err), STORE_OK,
		"snap_branch: %s", err.message);
	new_head = *store_snap_id(head);

	if (store_snap_is_empty(head)) {
		/* Killed before the table was created: nothing may have been acknowledged. */
		cr_assert_eq(st->total_acks, 0, "round %d: the branch is empty", round);
		rows = 0;
		probe = UINT64_MAX;
	} else {
		rows = check_rows(st, head, &probe);
	}

	/* This round's commits: on the chain, whole, and few unacknowledged. */
	ids = commits_since(head, &st->head, &nids);
	qsort(ids, nids, sizeof(*ids), oid_cmp);
	for (i = 0; i < st->nacks; i++) {
		store_oid_fmt(hex, &st->acks[i].commit);
		cr_assert_not_null(bsearch(&st->acks[i].commit, ids, nids, sizeof(*ids), oid_cmp),
			"round %d: acknowledged commit %s (n=%" PRIu64
			") is not on main since the last round",
			round, hex, st->acks[i].n);
		check_commit(s, &st->acks[i]);
	}
	extra = nids - st->nacks;
	cr_assert(nids >= st->nacks && extra <= CRASH_THREADS + 1,
		"round %d: %zu new commits for %zu acknowledgements", round, nids, st->nacks);
	free(ids);

	/* Keep one row as the store reads it, to compare with git's copy. */
	if (probe != UINT64_MAX) {
		char key[24];
		int klen = snprintf(key, sizeof(key), "%" PRIu64, probe);

		rc = store_get(head, CRASH_TABLE, key, (size_t)klen, &json, &jlen, NULL, &err);
		cr_assert_eq(rc, STORE_OK, "get %s: %s", key, err.message);
	}
	store_snap_free(head);

	cr_assert_eq(store_checkpoint(s, &err), STORE_OK, "round %d: checkpoint: [%s] %s", round,
		err.sqlstate, err.message);
	store_close(s);
	st->head = new_head;
	fprintf(stderr, "crash: round %d: %zu acks, %zu unacknowledged commits, %" PRIu64 " rows\n",
		round, st->nacks, extra, rows);
	st->nacks = 0;

	/* Plain git reads what the store wrote. */
	rc = tu_sh(&out, "git --git-dir='%s' fsck --strict 2>&1", st->dir);
	cr_assert_eq(rc, 0, "round %d: git fsck --strict failed:\n%s", round, out);
	free(out);
	if (store_oid_is_zero(&new_head))
		return;
	store_oid_fmt(hex, &new_head);
	rc = tu_sh(&out, "git --git-dir='%s' rev-parse refs/heads/main", st->dir);
	cr_assert(rc == 0 && strncmp(out, hex, STORE_OID_HEXSZ) == 0,
		"round %d: refs/heads/main is %s, the store said %s", round, out, hex);
	free(out);
	rc = tu_sh(NULL, "git --git-dir='%s' notes --ref=chrondb show %s >/dev/null", st->dir, hex);
	cr_assert_eq(rc, 0, "round %d: git finds no note for the head %s", round, hex);
	if (json != NULL) {
		char key[24], fan[8];
		int klen = snprintf(key, sizeof(key), "%" PRIu64, probe);

		store_key_fanout(fan, key, (size_t)klen);
		rc = tu_sh(&out, "git --git-dir='%s' cat-file blob %s:%s/%s/%s.json", st->dir, hex,
			CRASH_TABLE, fan, key);
		cr_assert(rc == 0 && strlen(out) == jlen && memcmp(out, json, jlen) == 0,
			"round %d: git reads %s/%s/%s.json as \"%s\", the store as \"%s\"", round,
			CRASH_TABLE, fan, key, out, json);
		free(out);
		free(json);
	}
}

Test(crash, kill_restart, .timeout = 900)
{
	crash_state st = {0};
	const char *bin = getenv("CHRONDB_TEST_BIN");
	char *tmp, *home, *writer;
	int rounds = env_int("CHRONDB_CRASH_ROUNDS", 25);
	uint64_t seed, total = 0;
	int round;

	cr_assert(bin != NULL && *bin != '\0', "CHRONDB_TEST_BIN must name the build directory");
	cr_assert(asprintf(&writer, "%s/tests/crash/crash_writer", bin) > 0);
	cr_assert_eq(access(writer, X_OK), 0, "no writer at %s", writer);

	/* git must see neither the user's nor the system's configuration. */
	tmp = tu_tmpdir("crash");
	cr_assert(asprintf(&home, "%s/home", tmp) > 0);
	cr_assert_eq(mkdir(home, 0700), 0);
	setenv("HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);

	seed = getenv("CHRONDB_CRASH_SEED") != NULL
		       ? strtoull(getenv("CHRONDB_CRASH_SEED"), NULL, 10)
		       : (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 16);
	srandom((unsigned)(seed ^ (seed >> 32)));
	fprintf(stderr, "crash: seed %" PRIu64 " (CHRONDB_CRASH_SEED), %d rounds, data in %s\n",
		seed, rounds, tmp);

	for (round = 1; round <= rounds; round++) {
		int early = round % 5 == 0;
		int delay = early ? (int)(random() % 151) : 50 + (int)(random() % 351);

		/* A new epoch: a fresh directory and nothing acknowledged yet. */
		if ((round - 1) % CRASH_EPOCH == 0) {
			total += st.total_acks;
			free(st.dir);
			free(st.acks);
			memset(&st, 0, sizeof(st));
			cr_assert(
				asprintf(&st.dir, "%s/data%d", tmp, (round - 1) / CRASH_EPOCH) > 0);
		}
		fprintf(stderr, "crash: round %d: kill %d ms after %s\n", round, delay,
			early ? "exec" : "ready");
		run_writer(&st, writer, early, delay);
		verify(&st, round);
	}
	total += st.total_acks;
	cr_assert_gt(total, 0, "no transaction was ever acknowledged");
	fprintf(stderr, "crash: %" PRIu64 " acknowledged transactions survived %d kills\n", total,
		rounds);

	free(st.acks);
	free(st.dir);
	free(home);
	free(writer);
	tu_rmtree(tmp);
	free(tmp);
}
