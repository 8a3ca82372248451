/*
 * index.c - tests for secondary indexes (executor/index.h): keys that
 * sort as their types compare, versions built once and derived across
 * commits, branches and old snapshots, a transaction's own writes and
 * savepoints, NULLs, ranges, the cache's bound, and sessions on other
 * threads reading while commits go on.
 *
 * Lookups read each candidate as the transaction sees it and keep it
 * when its key is the row's key now, as the index scan does (scan.c).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <criterion/criterion.h>

#include "callutil.h"
#include "catalog.h"
#include "index.h"
#include "rowjson.h"
#include "testutil.h"

/* ---- Keys ---- */

static int sign(int c)
{
	return (c > 0) - (c < 0);
}

/* Values of one type, in any order: every pair must compare by key as by the type. */
static const struct {
	const char *type;
	const char *texts[12];
} samples[] = {
	{"bool", {"false", "true"}},
	{"int2", {"-32768", "-1", "0", "1", "32767"}},
	{"int4", {"-2147483648", "-7", "0", "3", "2147483647"}},
	{"int8", {"-9223372036854775808", "-1", "0", "1", "9223372036854775807"}},
	{"float8", {"-Infinity", "-1e300", "-1.5", "-0", "0", "1e-300", "2.5", "Infinity", "NaN"}},
	{"float4", {"-Infinity", "-3.5", "0", "0.25", "1e30", "NaN"}},
	{"numeric", {"-Infinity", "-123456789.123", "-1.5", "-1", "-0.0001", "0", "0.00", "0.0001",
			    "1", "1.0", "1.5", "NaN"}},
	{"numeric", {"-10000", "-9999.9999", "-1.00010001", "1.0001", "9999", "10000", "10000.5",
			    "123456789012345678901234567890", "Infinity"}},
	{"text", {"", "a", "a b", "ab", "abc", "b", "\xc3\xa9", "~"}},
	{"bytea", {"\\x", "\\x00", "\\x0000", "\\x0001", "\\x00ff", "\\x01", "\\xff", "\\xff00"}},
	{"bpchar", {"", "a", "a  ", "ab", "b"}},
	{"uuid", {"00000000-0000-0000-0000-000000000000", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
			 "ffffffff-ffff-ffff-ffff-ffffffffffff"}},
	{"date", {"-infinity", "4713-01-01 BC", "1999-12-31", "2000-01-01", "2024-02-29",
			 "infinity"}},
	{"timestamp", {"1900-01-01 00:00", "2000-01-01 00:00:00.000001", "2024-01-01 12:00"}},
	{"timestamptz", {"2024-01-01 12:00+00", "2024-01-01 12:00+05", "2024-01-01 13:00+00"}},
	{"time", {"00:00", "12:00:00.5", "23:59:59.999999"}},
	{"timetz", {"12:00+00", "12:00+01", "11:00+00", "13:00-01"}},
	{"interval",
		{"-1 year", "0", "1 day", "24 hours", "30 days", "1 mon", "1 mon 1 sec", "1 year"}},
};

static const char *key_of(cu_env *e, const exec_value *v, size_t *len)
{
	store_buf b = STORE_BUF_INIT;
	char *out;

	cr_assert_eq(exec_idx_key_part(&e->cx, v, &b), EXEC_OK, "%s", e->err.message);
	*len = b.len;
	out = sql_arena_alloc(e->arena, b.len + 1);
	memcpy(out, b.data, b.len);
	store_buf_free(&b);
	return out;
}

static int key_cmp(const char *a, size_t al, const char *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);

	return c != 0 ? c : (al > bl) - (al < bl);
}

Test(index, keys_sort_as_their_types_compare)
{
	cu_env e;

	cu_init(&e);
	for (size_t s = 0; s < sizeof(samples) / sizeof(samples[0]); s++) {
		exec_value v[13];
		const char *k[13];
		size_t kl[13];
		int n = 0;

		for (; n < 12 && samples[s].texts[n] != NULL; n++) {
			cu_arg a = {samples[s].type, samples[s].texts[n]};

			cr_assert(cu_value(&e, &a, EXEC_TYPMOD_NONE, &v[n]), "%s '%s': %s",
				samples[s].type, a.text, e.err.message);
			cr_assert(exec_idx_type_ok(v[n].type));
			k[n] = key_of(&e, &v[n], &kl[n]);
		}

		/* NULL after every value. */
		v[n] = exec_null(v[0].type);
		k[n] = key_of(&e, &v[n], &kl[n]);
		for (int i = 0; i <= n; i++)
			for (int j = 0; j <= n; j++) {
				int want = i == n || j == n ? sign((i == n) - (j == n))
							    : sign(exec_value_cmp(&v[i], &v[j]));

				cr_assert_eq(sign(key_cmp(k[i], kl[i], k[j], kl[j])), want,
					"%s: '%s' vs '%s'", samples[s].type,
					i < n ? samples[s].texts[i] : "NULL",
					j < n ? samples[s].texts[j] : "NULL");
			}
	}
	cu_done(&e);
}

Test(index, keys_agree_across_widths_and_families)
{
	cu_env e;
	exec_value a = exec_int(EXEC_OID_INT2, 5), b = exec_int(EXEC_OID_INT8, 5), f4, f8, t, vc;
	const char *ka, *kb;
	size_t la, lb;
	unsigned char p[4] = {0x01, 0x7f, 0xff, 0xff};
	size_t pl = 4;

	cu_init(&e);
	ka = key_of(&e, &a, &la);
	kb = key_of(&e, &b, &lb);
	cr_assert(la == lb && memcmp(ka, kb, la) == 0, "int2 5 and int8 5");
	f4 = (exec_value){.type = EXEC_OID_FLOAT4, .v.f = 0.25};
	f8 = (exec_value){.type = EXEC_OID_FLOAT8, .v.f = 0.25};
	ka = key_of(&e, &f4, &la);
	kb = key_of(&e, &f8, &lb);
	cr_assert(la == lb && memcmp(ka, kb, la) == 0, "float4 and float8 0.25");
	t = exec_text(EXEC_OID_TEXT, "ab", 2);
	vc = exec_text(EXEC_OID_BPCHAR, "ab  ", 4);
	ka = key_of(&e, &t, &la);
	kb = key_of(&e, &vc, &lb);
	cr_assert(la == lb && memcmp(ka, kb, la) == 0, "text 'ab' and char(4) 'ab'");

	cr_assert(exec_idx_comparable(EXEC_OID_INT4, EXEC_OID_INT8));
	cr_assert(exec_idx_comparable(EXEC_OID_VARCHAR, EXEC_OID_TEXT));
	cr_assert(exec_idx_comparable(EXEC_OID_FLOAT4, EXEC_OID_FLOAT8));
	cr_assert(!exec_idx_comparable(EXEC_OID_INT4, EXEC_OID_NUMERIC));
	cr_assert(!exec_idx_comparable(EXEC_OID_DATE, EXEC_OID_TIMESTAMP));
	cr_assert(!exec_idx_comparable(EXEC_OID_JSONB, EXEC_OID_JSONB));
	cr_assert(!exec_idx_type_ok(EXEC_OID_JSON));

	/* The successor of a prefix drops trailing 0xff bytes and counts up; all 0xff has none. */
	cr_assert(exec_idx_successor(p, &pl));
	cr_assert_eq(pl, 2);
	cr_assert_eq(p[1], 0x80);
	p[0] = p[1] = 0xff;
	cr_assert(!exec_idx_successor(p, &pl));
	cu_done(&e);
}

/* ---- A store ---- */

static char *tmpdir;
static store *st;
static cu_env env;

static void setup(void)
{
	store_opts o;
	char *data, *home;

	tmpdir = tu_tmpdir("index");
	data = tu_fmt("%s/data", tmpdir);
	home = tu_fmt("%s/home", tmpdir);
	cr_assert_eq(mkdir(home, 0700), 0);
	setenv("HOME", home, 1);
	store_opts_init(&o);
	o.background = 0;
	store_err_clear(&env.err);
	cr_assert_eq(store_open(&st, data, &o, &env.err), STORE_OK, "%s", env.err.message);
	free(data);
	free(home);
	cu_init(&env);
}

static void teardown(void)
{
	store_close(st);
	cu_done(&env);
	tu_rmtree(tmpdir);
	free(tmpdir);
}

TestSuite(index, .init = setup, .fini = teardown);

/* t (id int primary key, v int, name text) with an index on v. */
static const char *const DEF =
	"{\"columns\": [{\"name\": \"id\", \"type\": \"integer\"}, {\"name\": \"v\", \"type\": "
	"\"integer\"}, {\"name\": \"name\", \"type\": \"text\"}], \"primary_key\": [\"id\"], "
	"\"indexes\": [{\"name\": \"t_v_idx\", \"columns\": [\"v\"], \"unique\": false}]}";

static store_tx *begin(const char *branch)
{
	store_tx *tx;

	cr_assert_eq(store_tx_begin(st, branch, STORE_READ_COMMITTED, &tx, &env.err), STORE_OK);
	return tx;
}

static void put(store_tx *tx, int id, const char *v)
{
	char key[16], json[128];

	snprintf(key, sizeof(key), "%d", id);
	snprintf(json, sizeof(json), "{\"id\": %d, \"v\": %s, \"name\": \"n%d\"}", id, v, id);
	cr_assert_eq(store_tx_put(tx, "t", key, strlen(key), json, strlen(json), &env.err),
		STORE_OK, "%s", env.err.message);
}

static void put_i(store_tx *tx, int id, int v)
{
	char text[16];

	snprintf(text, sizeof(text), "%d", v);
	put(tx, id, text);
}

static void del(store_tx *tx, int id)
{
	char key[16];

	snprintf(key, sizeof(key), "%d", id);
	cr_assert_eq(store_tx_delete(tx, "t", key, strlen(key), &env.err), STORE_OK);
}

static void commit(store_tx *tx)
{
	cr_assert_eq(store_tx_commit(tx, NULL, NULL, &env.err), STORE_OK, "%s", env.err.message);
}

static store_snap *head(const char *branch)
{
	store_snap *s;

	cr_assert_eq(store_snap_branch(st, branch, &s, &env.err), STORE_OK);
	return s;
}

/* The table's definition at snap and its index on v. */
static const cat_table *table_at(store_snap *snap, store_tx *tx, const exec_idx_def **def)
{
	char *json;
	cat_table *t;
	exec_idx_def *defs;
	int n;

	if (tx != NULL)
		cr_assert_eq(store_tx_catalog(tx, snap, "t", &json, &env.err), STORE_OK);
	else
		cr_assert_eq(store_catalog(snap, "t", &json, &env.err), STORE_OK);
	cr_assert_eq(cat_table_parse(env.arena, json, strlen(json), &t, &env.err), EXEC_OK);
	free(json);
	t->name = "t";
	n = exec_idx_list(env.arena, t, &defs);
	cr_assert_eq(n, 2, "the index on v and the primary key's");
	cr_assert_str_eq(defs[0].name, "t_v_idx");
	cr_assert_str_eq(defs[1].name, "t_pkey");
	cr_assert(defs[1].primary && defs[1].unique);
	*def = &defs[0];
	return t;
}

/* The key prefix of v = x (NULL: v IS NULL). */
static size_t prefix(const char *x, unsigned char *out)
{
	exec_value v = x ? exec_int(EXEC_OID_INT4, atoi(x)) : exec_null(EXEC_OID_INT4);
	store_buf b = STORE_BUF_INIT;
	size_t n;

	cr_assert_eq(exec_idx_key_part(&env.cx, &v, &b), EXEC_OK);
	memcpy(out, b.data, b.len);
	n = b.len;
	store_buf_free(&b);
	return n;
}

/*
 * The ids of the rows in [start, end) of the index on v, as tx sees them at snap,
 * space separated in index order (backward: descending).
 */
static const char *scan(store_snap *snap, store_tx *tx, const unsigned char *start, size_t sl,
	const unsigned char *end, size_t el, bool backward)
{
	const exec_idx_def *def;
	const cat_table *t = table_at(snap, tx, &def);
	exec_idx_reader *r;
	exec_rowcol cols[3];
	exec_rowdesc rd;
	const char *key;
	const unsigned char *ik;
	const store_oid *blob;
	size_t keylen, iklen;
	store_buf out = STORE_BUF_INIT, rk = STORE_BUF_INIT;
	char *s;
	int got;

	for (int i = 0; i < 3; i++)
		cols[i] = (exec_rowcol){t->cols[i].name, t->cols[i].type, t->cols[i].typmod};
	exec_rowdesc_init(env.arena, cols, 3, &rd);
	cr_assert_eq(exec_idx_open(&env.cx, snap, tx, t, def, &r), EXEC_OK, "%s", env.err.message);
	exec_idx_range(r, start, sl, end, el, backward);
	while ((got = exec_idx_next(r, &key, &keylen, &ik, &iklen, &blob)) == 1) {
		char *json = NULL;
		size_t len;
		exec_value row[3];
		int rc = exec_idx_row(snap, tx, "t", key, keylen, blob, &json, &len, &env.err);

		/* Outside a transaction every candidate comes with its blob. */
		cr_assert(tx != NULL || blob != NULL);

		if (rc == STORE_NOTFOUND)
			continue;
		cr_assert_eq(rc, STORE_OK);
		cr_assert_eq(exec_row_decode(&env.cx, &rd, json, len, row, NULL, NULL), EXEC_OK);
		free(json);
		rk.len = 0;
		cr_assert_eq(exec_idx_row_key(&env.cx, def, row, &rk), EXEC_OK);
		if (rk.len != iklen || memcmp(rk.data, ik, iklen) != 0)
			continue; /* a stale candidate */
		store_buf_printf(&out, "%s%.*s", out.len ? " " : "", (int)keylen, key);
	}
	exec_idx_close(r);
	store_buf_putc(&out, '\0');
	s = sql_arena_strndup(env.arena, (const char *)out.data, out.len);
	store_buf_free(&out);
	store_buf_free(&rk);
	return s;
}

/* The ids with v = x, ascending by id. */
static const char *lookup(store_snap *snap, store_tx *tx, const char *x)
{
	unsigned char lo[32], hi[32];
	size_t ll = prefix(x, lo), hl = prefix(x, hi);
	bool has_end = exec_idx_successor(hi, &hl);

	return scan(snap, tx, lo, ll, has_end ? hi : NULL, hl, false);
}

static exec_idx_stats stats(void)
{
	exec_idx_stats s;

	exec_idx_get_stats(st, &s);
	return s;
}

/* 100 rows, id 1..100, v = id % 10, created with the index. */
static store_snap *make_t(void)
{
	store_tx *tx = begin(NULL);

	cr_assert_eq(
		store_tx_create_table(tx, "t", DEF, &env.err), STORE_OK, "%s", env.err.message);
	for (int i = 1; i <= 100; i++)
		put_i(tx, i, i % 10);
	commit(tx);
	return head("main");
}

Test(index, built_once_then_derived_across_commits)
{
	store_snap *a = make_t(), *b;
	store_tx *tx;
	exec_idx_stats s;

	cr_assert_str_eq(lookup(a, NULL, "3"), "13 23 3 33 43 53 63 73 83 93");
	s = stats();
	cr_assert_eq(s.builds, 1);
	cr_assert_eq(s.rows_read, 100);
	cr_assert_str_eq(lookup(a, NULL, "7"), "17 27 37 47 57 67 7 77 87 97");
	cr_assert_eq(stats().hits, 1);
	cr_assert_str_eq(lookup(a, NULL, "10"), "");

	/* One row moves from 3 to 10, one goes, one comes: three rows read to derive. */
	tx = begin(NULL);
	put_i(tx, 13, 10);
	del(tx, 23);
	put_i(tx, 200, 3);
	commit(tx);
	b = head("main");
	cr_assert_str_eq(lookup(b, NULL, "3"), "200 3 33 43 53 63 73 83 93");
	s = stats();
	cr_assert_eq(s.builds, 1);
	cr_assert_eq(s.derives, 1);
	cr_assert_eq(s.rows_read, 100 + 4, "an update reads both versions: %lu",
		(unsigned long)s.rows_read);
	cr_assert_str_eq(lookup(b, NULL, "10"), "13");

	/* The old snapshot still has its own version. */
	cr_assert_str_eq(lookup(a, NULL, "3"), "13 23 3 33 43 53 63 73 83 93");
	cr_assert_eq(stats().derives, 1);
	cr_assert_eq(stats().versions, 2);
	store_snap_free(a);
	store_snap_free(b);
}

Test(index, branches_and_old_commits)
{
	store_snap *a = make_t(), *dev, *main2, *again;
	store_tx *tx;

	cr_assert_eq(store_branch_create(st, "dev", a, &env.err), STORE_OK);
	tx = begin("dev");
	put_i(tx, 3, 4);
	commit(tx);
	tx = begin(NULL);
	put_i(tx, 13, 4);
	commit(tx);
	dev = head("dev");
	main2 = head("main");
	cr_assert_str_eq(lookup(dev, NULL, "4"), "14 24 3 34 4 44 54 64 74 84 94");
	cr_assert_str_eq(lookup(main2, NULL, "4"), "13 14 24 34 4 44 54 64 74 84 94");
	cr_assert_str_eq(lookup(a, NULL, "4"), "14 24 34 4 44 54 64 74 84 94");
	cr_assert_eq(stats().builds, 1, "one build; the other snapshots were derived");
	cr_assert_eq(stats().derives, 2);

	/* A snapshot of an old commit has the same table tree: found, not made. */
	cr_assert_eq(store_snap_commit(st, store_snap_id(a), &again, &env.err), STORE_OK);
	cr_assert_str_eq(lookup(again, NULL, "4"), "14 24 34 4 44 54 64 74 84 94");
	cr_assert_eq(stats().derives, 2);
	store_snap_free(again);
	store_snap_free(a);
	store_snap_free(dev);
	store_snap_free(main2);
}

Test(index, ranges_backward_and_nulls)
{
	store_snap *a = make_t(), *b;
	store_tx *tx;
	unsigned char lo[32], hi[32], nul[32];
	size_t ll, hl, nl;

	tx = begin(NULL);
	put(tx, 5, "null");
	put(tx, 15, "null");
	commit(tx);
	b = head("main");

	/* 7 <= v < 9, then the same descending. */
	ll = prefix("7", lo);
	hl = prefix("9", hi);
	cr_assert_str_eq(scan(b, NULL, lo, ll, hi, hl, false),
		"17 27 37 47 57 67 7 77 87 97 18 28 38 48 58 68 78 8 88 98");
	cr_assert_str_eq(scan(b, NULL, lo, ll, hi, hl, true),
		"98 88 8 78 68 58 48 38 28 18 97 87 77 7 67 57 47 37 27 17");

	/* NULLs come last: v > 8 takes 9 but stops before the NULL tag; IS NULL is its own key. */
	ll = prefix("8", lo);
	exec_idx_successor(lo, &ll);
	nl = prefix(NULL, nul);
	cr_assert_str_eq(scan(b, NULL, lo, ll, nul, nl, false), "19 29 39 49 59 69 79 89 9 99");
	cr_assert_str_eq(lookup(b, NULL, NULL), "15 5");
	cr_assert_str_eq(scan(b, NULL, nul, nl, NULL, 0, false), "15 5");
	cr_assert_str_eq(lookup(b, NULL, "5"), "25 35 45 55 65 75 85 95");
	store_snap_free(a);
	store_snap_free(b);
}

Test(index, a_transaction_sees_its_writes_and_savepoints)
{
	store_snap *a = make_t();
	store_tx *tx = begin(NULL);
	uint64_t sp;

	/* Its inserts, updates and deletes, over the snapshot. */
	put_i(tx, 101, 3);
	put_i(tx, 3, 4);
	del(tx, 13);
	cr_assert_str_eq(lookup(a, tx, "3"), "101 23 33 43 53 63 73 83 93");
	cr_assert_str_eq(lookup(a, tx, "4"), "14 24 3 34 4 44 54 64 74 84 94");
	cr_assert_str_eq(
		lookup(a, NULL, "3"), "13 23 3 33 43 53 63 73 83 93", "others do not see them");

	/* A row changed twice shows once, under its last value. */
	put_i(tx, 3, 5);
	cr_assert_str_eq(lookup(a, tx, "4"), "14 24 34 4 44 54 64 74 84 94");
	cr_assert_str_eq(lookup(a, tx, "5"), "15 25 3 35 45 5 55 65 75 85 95");

	/* ROLLBACK TO brings back values the overlay saw before, and the snapshot's. */
	sp = store_tx_savepoint(tx);
	put_i(tx, 3, 6);
	put_i(tx, 101, 6);
	put_i(tx, 33, 6);
	cr_assert_str_eq(lookup(a, tx, "6"), "101 16 26 3 33 36 46 56 6 66 76 86 96");
	store_tx_rollback_to(tx, sp);
	cr_assert_str_eq(lookup(a, tx, "6"), "16 26 36 46 56 6 66 76 86 96");
	cr_assert_str_eq(lookup(a, tx, "5"), "15 25 3 35 45 5 55 65 75 85 95");
	cr_assert_str_eq(lookup(a, tx, "3"), "101 23 33 43 53 63 73 83 93");

	/* A table dropped and made again shows only the new rows. */
	sp = store_tx_savepoint(tx);
	cr_assert_eq(store_tx_drop_table(tx, "t", &env.err), STORE_OK);
	cr_assert_eq(store_tx_create_table(tx, "t", DEF, &env.err), STORE_OK);
	put_i(tx, 7, 3);
	cr_assert_str_eq(lookup(a, tx, "3"), "7");
	store_tx_rollback_to(tx, sp);
	cr_assert_str_eq(lookup(a, tx, "3"), "101 23 33 43 53 63 73 83 93");
	store_tx_rollback(tx);
	store_snap_free(a);
}

Test(index, the_cache_keeps_to_its_bounds)
{
	store_snap *snaps[12];
	exec_idx_stats s;

	snaps[0] = make_t();
	cr_assert_str_eq(lookup(snaps[0], NULL, "1"), "1 11 21 31 41 51 61 71 81 91");
	for (int i = 1; i < 12; i++) {
		store_tx *tx = begin(NULL);

		put_i(tx, 1000 + i, 1);
		commit(tx);
		snaps[i] = head("main");
		lookup(snaps[i], NULL, "1");
	}
	s = stats();
	cr_assert_leq(s.versions, 8, "at most eight versions of one index: %zu", s.versions);
	cr_assert_eq(s.builds, 1);

	/* Past its byte limit the cache keeps only what is in use; evicted versions come back. */
	exec_idx_set_limit(st, 1);
	cr_assert_eq(stats().versions, 0);
	cr_assert_eq(stats().bytes, 0);
	cr_assert_str_eq(lookup(snaps[0], NULL, "1"), "1 11 21 31 41 51 61 71 81 91");
	cr_assert_eq(stats().versions, 1);
	cr_assert_eq(stats().builds, 2);
	exec_idx_set_limit(st, EXEC_IDX_CACHE_BYTES);
	for (int i = 0; i < 12; i++)
		store_snap_free(snaps[i]);
}

/* A reader thread: lookups at the branch head, each must find 10 rows with v = 1. */
typedef struct reader_arg {
	int rounds;
	int bad;
} reader_arg;

static void *head_reader(void *p)
{
	reader_arg *a = p;
	cu_env e;

	cu_init(&e);
	for (int i = 0; i < a->rounds; i++) {
		store_snap *snap;
		char *json;
		cat_table *t;
		exec_idx_def *defs;
		exec_idx_reader *r;
		const char *key;
		const unsigned char *ik;
		const store_oid *blob;
		size_t keylen, iklen;
		unsigned char lo[32], hi[32];
		size_t ll, hl;
		int n = 0;
		exec_value one = exec_int(EXEC_OID_INT4, 1);
		store_buf b = STORE_BUF_INIT;

		cr_assert_eq(store_snap_branch(st, "main", &snap, &e.err), STORE_OK);
		cr_assert_eq(store_catalog(snap, "t", &json, &e.err), STORE_OK);
		cr_assert_eq(cat_table_parse(e.arena, json, strlen(json), &t, &e.err), EXEC_OK);
		free(json);
		t->name = "t";
		exec_idx_list(e.arena, t, &defs);
		exec_idx_key_part(&e.cx, &one, &b);
		memcpy(lo, b.data, b.len);
		memcpy(hi, b.data, b.len);
		ll = hl = b.len;
		store_buf_free(&b);
		exec_idx_successor(hi, &hl);
		cr_assert_eq(exec_idx_open(&e.cx, snap, NULL, t, &defs[0], &r), EXEC_OK, "%s",
			e.err.message);
		exec_idx_range(r, lo, ll, hi, hl, false);
		while (exec_idx_next(r, &key, &keylen, &ik, &iklen, &blob) == 1)
			n++;
		exec_idx_close(r);
		store_snap_free(snap);
		if (n != 10)
			a->bad++;
		sql_arena_reset(e.arena);
	}
	cu_done(&e);
	return NULL;
}

Test(index, sessions_share_the_cache_while_commits_go_on)
{
	store_snap *a = make_t();
	pthread_t th[2];
	reader_arg args[2] = {{200, 0}, {200, 0}};

	/* Each commit moves one row from 1 to 2 and one from 2 to 1: ten with v = 1 at every head. */
	lookup(a, NULL, "1");
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_create(&th[i], NULL, head_reader, &args[i]), 0);
	for (int i = 0; i < 60; i++) {
		store_tx *tx = begin(NULL);
		int row1 = 1 + 10 * (i % 10), row2 = 2 + 10 * (i % 10), back = (i / 10) % 2;

		put_i(tx, row1, back ? 1 : 2);
		put_i(tx, row2, back ? 2 : 1);
		commit(tx);
	}
	for (int i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
		cr_assert_eq(args[i].bad, 0, "reader %d saw a head without ten rows %d times", i,
			args[i].bad);
	}
	cr_assert_eq(stats().builds, 1);
	store_snap_free(a);
}
