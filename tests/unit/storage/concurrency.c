/*
 * concurrency.c - eight writers and eight readers on one branch.
 *
 * Writers move money between accounts; each transfer is one transaction
 * that rewrites two account rows.  Every account row also counts, per
 * writer, the transfers that touched it ("n<w>"), so that an update lost
 * to a race shows twice: the balances stop adding up to the total, and
 * the counters stop matching the transfers the writers saw commit.
 *
 * READ COMMITTED writers lock both rows in key order, read the newest
 * versions and write (DESIGN.md section 5: a second writer waits, then
 * applies to the newest version; no lost update, no abort).  REPEATABLE
 * READ writers read their base snapshot without locks and must get 40001
 * when a row changed under them; they retry until the transfer commits.
 *
 * Readers open the branch head again and again and read every account,
 * by scan and by point reads in turn: each snapshot must show whole
 * transactions only (the total holds, each writer's counters sum to an
 * even number) and never go back in time.  At the end the head, the log
 * and each row's history must agree with the transfers counted.
 *
 * CHRONDB_CONC_SECONDS (default 3) sets how long each case runs.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "store.h"
#include "testutil.h"

#define NWRITERS 8
#define NREADERS 8
#define OPENING  1000 /* each account's opening balance */
#define TABLE    "acct"
#define MAXACCTS 32

typedef struct account {
	int64_t balance;
	int64_t n[NWRITERS]; /* transfers by each writer that touched this row */
} account;

typedef struct conc {
	store *s;
	store_isolation iso;
	int naccts;
	atomic_int stop;

	/* Results, each slot written by its own thread only. */
	uint64_t ok[NWRITERS];        /* committed transfers */
	uint64_t conflicts[NWRITERS]; /* 40001 failures (REPEATABLE READ) */
	uint64_t retried[NWRITERS];   /* transfers committed after a conflict */
	uint64_t snaps[NREADERS];     /* snapshots checked */

	pthread_mutex_t mu;
	char failure[1024]; /* the first failure; threads never call cr_assert */
} conc;

typedef struct worker {
	conc *c;
	int id;
} worker;

static char *tmpdir;
static char *datadir;

static void setup(void)
{
	tmpdir = tu_tmpdir("conc");
	cr_assert(asprintf(&datadir, "%s/data", tmpdir) > 0);
}

static void teardown(void)
{
	tu_rmtree(tmpdir);
	free(tmpdir);
	free(datadir);
}

/* Record the first failure and stop every thread. */
static void fail(conc *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(conc *c, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&c->mu);
	if (c->failure[0] == '\0') {
		va_start(ap, fmt);
		vsnprintf(c->failure, sizeof(c->failure), fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&c->mu);
	atomic_store(&c->stop, 1);
}

static int key_of(char *out, int i)
{
	return snprintf(out, 16, "a%02d", i);
}

static int acct_parse(const char *json, size_t len, account *a)
{
	json_t *doc = json_loadb(json, len, 0, NULL);
	json_t *v;
	char name[8];
	int w, ok = 0;

	if (doc == NULL)
		return 0;
	v = json_object_get(doc, "balance");
	if (!json_is_integer(v))
		goto out;
	a->balance = json_integer_value(v);
	for (w = 0; w < NWRITERS; w++) {
		snprintf(name, sizeof(name), "n%d", w);
		v = json_object_get(doc, name);
		if (!json_is_integer(v))
			goto out;
		a->n[w] = json_integer_value(v);
	}
	ok = 1;
out:
	json_decref(doc);
	return ok;
}

static int acct_format(char *out, size_t size, const char *key, const account *a)
{
	size_t len;
	int w;

	len = (size_t)snprintf(out, size, "{\"id\":\"%s\",\"balance\":%" PRId64, key, a->balance);
	for (w = 0; w < NWRITERS; w++)
		len += (size_t)snprintf(out + len, size - len, ",\"n%d\":%" PRId64, w, a->n[w]);
	len += (size_t)snprintf(out + len, size - len, "}");
	return (int)len;
}

/* Open the store and create the accounts in one commit; returns that commit. */
static void open_bank(conc *c, store_isolation iso, int naccts, store_oid *setup_commit)
{
	store_opts opts;
	store_err err;
	store_tx *tx;
	char def[1024], row[512], key[16];
	size_t len;
	int i, w;

	memset(c, 0, sizeof(*c));
	pthread_mutex_init(&c->mu, NULL);
	c->iso = iso;
	c->naccts = naccts;

	/* Checkpoint often, so that readers also meet checkpoints. */
	store_opts_init(&opts);
	opts.checkpoint_interval_ms = 300;
	store_err_clear(&err);
	cr_assert_eq(store_open(&c->s, datadir, &opts, &err), STORE_OK, "open: %s", err.message);

	len = (size_t)snprintf(def, sizeof(def),
		"{\"columns\": [{\"name\": \"id\", \"type\": \"text\"}, "
		"{\"name\": \"balance\", \"type\": \"bigint\"}");
	for (w = 0; w < NWRITERS; w++)
		len += (size_t)snprintf(def + len, sizeof(def) - len,
			", {\"name\": \"n%d\", \"type\": \"bigint\"}", w);
	snprintf(def + len, sizeof(def) - len, "], \"primary_key\": [\"id\"]}");

	cr_assert_eq(store_tx_begin(c->s, NULL, STORE_READ_COMMITTED, &tx, &err), STORE_OK);
	cr_assert_eq(
		store_tx_create_table(tx, TABLE, def, &err), STORE_OK, "create: %s", err.message);
	for (i = 0; i < naccts; i++) {
		account a = {.balance = OPENING};
		int klen = key_of(key, i);
		int rlen = acct_format(row, sizeof(row), key, &a);

		cr_assert_eq(store_tx_put(tx, TABLE, key, (size_t)klen, row, (size_t)rlen, &err),
			STORE_OK, "put: %s", err.message);
	}
	cr_assert_eq(
		store_tx_commit(tx, NULL, setup_commit, &err), STORE_OK, "commit: %s", err.message);
}

/* Read one account in tx, newest version (READ COMMITTED) or as the tx sees it. */
static int tx_read(conc *c, store_tx *tx, int i, account *a, store_err *err)
{
	char key[16], *json;
	size_t len;
	int klen = key_of(key, i), rc, ok;

	if (c->iso == STORE_READ_COMMITTED)
		rc = store_tx_get_latest(tx, TABLE, key, (size_t)klen, &json, &len, NULL, err);
	else
		rc = store_tx_get(tx, TABLE, key, (size_t)klen, &json, &len, NULL, err);
	if (rc != STORE_OK) {
		if (rc == STORE_NOTFOUND)
			store_err_set(err, "XX000", "account %s not found", key);
		return STORE_ERROR;
	}
	ok = acct_parse(json, len, a);
	if (!ok)
		store_err_set(err, "XX000", "account %s unreadable: %s", key, json);
	free(json);
	return ok ? STORE_OK : STORE_ERROR;
}

static int tx_write(store_tx *tx, int i, const account *a, store_err *err)
{
	char key[16], row[512];
	int klen = key_of(key, i);
	int rlen = acct_format(row, sizeof(row), key, a);

	return store_tx_put(tx, TABLE, key, (size_t)klen, row, (size_t)rlen, err);
}

/*
 * One attempt at moving amount from account from to account to.  Returns
 * STORE_OK when committed; on failure err says why (40001: try again).
 */
static int transfer(conc *c, int w, int from, int to, int64_t amount, store_err *err)
{
	store_tx *tx;
	account a, b;
	char key[16];
	int lo = from < to ? from : to, hi = from < to ? to : from;

	if (store_tx_begin(c->s, NULL, c->iso, &tx, err) != STORE_OK)
		return STORE_ERROR;

	/* READ COMMITTED: lock both rows in key order, so writers never deadlock. */
	if (c->iso == STORE_READ_COMMITTED) {
		int klo = key_of(key, lo);

		if (store_tx_lock_row(tx, TABLE, key, (size_t)klo, 30000, err) != STORE_OK)
			goto fail;
		klo = key_of(key, hi);
		if (store_tx_lock_row(tx, TABLE, key, (size_t)klo, 30000, err) != STORE_OK)
			goto fail;
	}

	if (tx_read(c, tx, from, &a, err) != STORE_OK || tx_read(c, tx, to, &b, err) != STORE_OK)
		goto fail;
	a.balance -= amount;
	b.balance += amount;
	a.n[w]++;
	b.n[w]++;
	if (tx_write(tx, from, &a, err) != STORE_OK || tx_write(tx, to, &b, err) != STORE_OK)
		goto fail;
	return store_tx_commit(tx, NULL, NULL, err);

fail:
	store_tx_rollback(tx);
	return STORE_ERROR;
}

static void *writer_main(void *arg)
{
	worker *wk = arg;
	conc *c = wk->c;
	int w = wk->id;
	unsigned rng = 0x5eed00u + (unsigned)w;

	while (!atomic_load(&c->stop)) {
		int from = rand_r(&rng) % c->naccts;
		int to = rand_r(&rng) % (c->naccts - 1);
		int64_t amount = 1 + rand_r(&rng) % 50;
		int conflicted = 0;

		if (to >= from)
			to++;
		for (;;) {
			store_err err;

			store_err_clear(&err);
			if (transfer(c, w, from, to, amount, &err) == STORE_OK)
				break;
			if (c->iso != STORE_READ_COMMITTED && strcmp(err.sqlstate, "40001") == 0) {
				c->conflicts[w]++;
				conflicted = 1;
				if (atomic_load(&c->stop))
					return NULL;
				continue;
			}
			fail(c, "writer %d: transfer a%02d -> a%02d failed: [%s] %s %s", w, from,
				to, err.sqlstate, err.message, err.detail);
			return NULL;
		}
		c->ok[w]++;
		c->retried[w] += (uint64_t)conflicted;
	}
	return NULL;
}

/*
 * Read every account of snap, by scan or by point reads.  Returns 0 and
 * fills accts, or -1 after recording a failure.
 */
static int read_all(conc *c, store_snap *snap, int by_scan, account *accts)
{
	store_err err;
	int i;

	store_err_clear(&err);
	if (by_scan) {
		store_scan *sc;
		const char *key, *json;
		size_t keylen, len;
		int r;

		if (store_scan_open(snap, TABLE, &sc, &err) != STORE_OK) {
			fail(c, "scan_open: [%s] %s", err.sqlstate, err.message);
			return -1;
		}
		for (i = 0; (r = store_scan_next(sc, &key, &keylen, &json, &len, &err)) == 1; i++) {
			char want[16];
			int wlen = key_of(want, i);

			if (i >= c->naccts || keylen != (size_t)wlen ||
				memcmp(key, want, keylen) != 0 ||
				!acct_parse(json, len, &accts[i])) {
				fail(c, "scan: row %d is \"%.*s\" = %.*s", i, (int)keylen, key,
					(int)len, json);
				store_scan_close(sc);
				return -1;
			}
		}
		store_scan_close(sc);
		if (r != 0 || i != c->naccts) {
			fail(c, "scan: %d rows, ended with %d: [%s] %s", i, r, err.sqlstate,
				err.message);
			return -1;
		}
		return 0;
	}

	for (i = 0; i < c->naccts; i++) {
		char key[16], *json;
		size_t len;
		int klen = key_of(key, i), ok;

		if (store_get(snap, TABLE, key, (size_t)klen, &json, &len, NULL, &err) !=
			STORE_OK) {
			fail(c, "get %s: [%s] %s", key, err.sqlstate, err.message);
			return -1;
		}
		ok = acct_parse(json, len, &accts[i]);
		free(json);
		if (!ok) {
			fail(c, "get %s: unreadable row", key);
			return -1;
		}
	}
	return 0;
}

/*
 * Check one snapshot's accounts: the total holds and every writer's
 * counters sum to twice its transfers.  Returns the transfers the
 * snapshot holds, or -1 after recording a failure.
 */
static int64_t check_accounts(conc *c, const account *accts, const char *where)
{
	int64_t sum = 0, transfers = 0;
	int i, w;

	for (i = 0; i < c->naccts; i++)
		sum += accts[i].balance;
	if (sum != (int64_t)c->naccts * OPENING) {
		fail(c, "%s: balances sum to %" PRId64 ", not %" PRId64, where, sum,
			(int64_t)c->naccts * OPENING);
		return -1;
	}
	for (w = 0; w < NWRITERS; w++) {
		int64_t nw = 0;

		for (i = 0; i < c->naccts; i++)
			nw += accts[i].n[w];
		if (nw % 2 != 0) {
			fail(c,
				"%s: writer %d's counters sum to %" PRId64
				", odd: half a transfer is visible",
				where, w, nw);
			return -1;
		}
		transfers += nw / 2;
	}
	return transfers;
}

static void *reader_main(void *arg)
{
	worker *wk = arg;
	conc *c = wk->c;
	int64_t seen = 0;
	account accts[MAXACCTS];

	while (!atomic_load(&c->stop)) {
		store_snap *snap;
		store_err err;
		int64_t transfers;
		char where[96];

		store_err_clear(&err);
		if (store_snap_branch(c->s, "main", &snap, &err) != STORE_OK) {
			fail(c, "reader %d: snap_branch: [%s] %s", wk->id, err.sqlstate,
				err.message);
			return NULL;
		}
		snprintf(where, sizeof(where), "reader %d, snapshot %" PRIu64 " (%s)", wk->id,
			c->snaps[wk->id],
			(c->snaps[wk->id] + (uint64_t)wk->id) % 2 ? "scan" : "get");
		if (read_all(c, snap, (c->snaps[wk->id] + (uint64_t)wk->id) % 2, accts) != 0) {
			store_snap_free(snap);
			return NULL;
		}
		store_snap_free(snap);
		transfers = check_accounts(c, accts, where);
		if (transfers < 0)
			return NULL;
		if (transfers < seen) {
			fail(c,
				"%s: %" PRId64 " transfers after %" PRId64
				" in an earlier snapshot: the head went back",
				where, transfers, seen);
			return NULL;
		}
		seen = transfers;
		c->snaps[wk->id]++;
	}
	return NULL;
}

/* Run writers and readers for the configured time, then check the end state. */
static void run_bank(store_isolation iso, int naccts)
{
	const char *env = getenv("CHRONDB_CONC_SECONDS");
	int seconds = env != NULL && atoi(env) > 0 ? atoi(env) : 3;
	conc *c = calloc(1, sizeof(*c));
	worker wk[NWRITERS + NREADERS];
	pthread_t th[NWRITERS + NREADERS];
	store_oid setup_commit;
	store_snap *head;
	store_logentry *log;
	store_err err;
	account accts[MAXACCTS];
	uint64_t total_ok = 0, total_conflicts = 0, total_retried = 0, total_snaps = 0;
	size_t nlog, i;
	int t, w;

	cr_assert_not_null(c);
	cr_assert(naccts >= 2 && naccts <= MAXACCTS);
	open_bank(c, iso, naccts, &setup_commit);

	for (t = 0; t < NWRITERS + NREADERS; t++) {
		wk[t].c = c;
		wk[t].id = t < NWRITERS ? t : t - NWRITERS;
		cr_assert_eq(pthread_create(&th[t], NULL, t < NWRITERS ? writer_main : reader_main,
				     &wk[t]),
			0);
	}
	for (i = 0; i < (size_t)seconds * 10 && !atomic_load(&c->stop); i++)
		usleep(100 * 1000);
	atomic_store(&c->stop, 1);
	for (t = 0; t < NWRITERS + NREADERS; t++)
		pthread_join(th[t], NULL);
	cr_assert_eq(c->failure[0], '\0', "%s", c->failure);

	for (w = 0; w < NWRITERS; w++) {
		total_ok += c->ok[w];
		total_conflicts += c->conflicts[w];
		total_retried += c->retried[w];
	}
	for (t = 0; t < NREADERS; t++)
		total_snaps += c->snaps[t];
	fprintf(stderr,
		"concurrency (%s, %d accounts, %d s): %" PRIu64 " transfers, %" PRIu64
		" conflicts, %" PRIu64 " committed after a retry, %" PRIu64 " snapshots read\n",
		iso == STORE_READ_COMMITTED ? "read committed" : "repeatable read", naccts, seconds,
		total_ok, total_conflicts, total_retried, total_snaps);
	cr_assert_gt(total_ok, 0, "no transfer committed");
	cr_assert_gt(total_snaps, 0, "no snapshot was read");

	/* The head: whole, and each writer's counters match what it committed. */
	store_err_clear(&err);
	cr_assert_eq(store_snap_branch(c->s, "main", &head, &err), STORE_OK);
	cr_assert_eq(read_all(c, head, 1, accts), 0, "%s", c->failure);
	cr_assert_geq(check_accounts(c, accts, "head"), 0, "%s", c->failure);
	for (w = 0; w < NWRITERS; w++) {
		int64_t nw = 0;

		for (i = 0; i < (size_t)naccts; i++)
			nw += accts[i].n[w];
		cr_assert_eq(nw, 2 * (int64_t)c->ok[w],
			"writer %d committed %" PRIu64 " transfers, the rows count %" PRId64
			" (lost updates)",
			w, c->ok[w], nw / 2);
	}

	/* One commit per transfer since the setup commit. */
	cr_assert_eq(store_log(head, 0, &log, &nlog, &err), STORE_OK, "log: %s", err.message);
	for (i = 0; i < nlog; i++)
		if (store_oid_equal(&log[i].commit, &setup_commit))
			break;
	cr_assert_lt(i, nlog, "the setup commit is not on main");
	cr_assert_eq(
		i, total_ok, "%zu commits since the setup for %" PRIu64 " transfers", i, total_ok);
	store_log_free(log, nlog);

	/* Each row's history: its insert plus one version per transfer that touched it. */
	for (i = 0; i < (size_t)naccts; i++) {
		store_version *v;
		size_t nv;
		char key[16];
		int klen = key_of(key, (int)i);
		int64_t touched = 0;

		for (w = 0; w < NWRITERS; w++)
			touched += accts[i].n[w];
		cr_assert_eq(store_row_history(head, TABLE, key, (size_t)klen, 0, &v, &nv, &err),
			STORE_OK, "history %s: %s", key, err.message);
		cr_assert_eq((int64_t)nv, touched + 1,
			"row %s has %zu versions for %" PRId64 " transfers", key, nv, touched);
		cr_assert_eq(v[nv - 1].op, STORE_OP_INSERT,
			"row %s: oldest version is not an insert", key);
		free(v);
	}
	store_snap_free(head);

	if (iso != STORE_READ_COMMITTED) {
		cr_expect_gt(
			total_conflicts, 0, "no transfer ever conflicted: the case proves little");
		cr_expect_gt(total_retried, 0, "no transfer committed after a conflict");
	}
	store_close(c->s);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

Test(concurrency, read_committed_transfers, .init = setup, .fini = teardown, .timeout = 300)
{
	run_bank(STORE_READ_COMMITTED, 16);
}

Test(concurrency, repeatable_read_retries, .init = setup, .fini = teardown, .timeout = 300)
{
	run_bank(STORE_REPEATABLE_READ, 6);
}
