/*
 * delta.c - tests for git's binary delta format (storage/delta.h):
 * store_delta_make and store_delta_apply.
 *
 * Every delta made here is applied twice: by store_delta_apply and by a
 * small decoder written in this file from gitformat-pack.txt, which also
 * checks the instructions themselves (a copy stays inside the base and is
 * at most 24 bits long, an insert carries 1..127 bytes) and measures them,
 * so a case can say that it exercised copies longer than 0x10000, offsets
 * wider than 16 or 24 bits, or split copies.  An encoder and decoder that
 * agreed on a wrong format would pass the round trips, so a last case has
 * real git read a pack holding our deltas.  Malformed deltas must be
 * refused with a reason and without allocating (ASan's leak check runs
 * over this file in the sanitizer build).
 */
#include <criterion/criterion.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "delta.h"
#include "pack.h"
#include "testutil.h"

static char *root; /* this test's scratch directory, also git's HOME */

static void setup(void)
{
	root = tu_tmpdir("delta");
	setenv("HOME", root, 1);
	setenv("XDG_CONFIG_HOME", root, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_OBJECT_DIRECTORY");
	unsetenv("GIT_ALTERNATE_OBJECT_DIRECTORIES");
}

static void teardown(void)
{
	tu_rmtree(root);
	free(root);
}

TestSuite(delta, .init = setup, .fini = teardown);

/* ---- Helpers ---- */

/* xorshift64: fixed seeds, so a failure reproduces. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void fill_random(unsigned char *buf, size_t len, uint64_t seed)
{
	uint64_t s = seed * 0x9e3779b97f4a7c15ull + 1;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t v = rng_next(&s);

		memcpy(buf + i, &v, 8);
	}
	for (; i < len; i++)
		buf[i] = (unsigned char)(rng_next(&s) >> 32);
}

static unsigned char *random_bytes(size_t len, uint64_t seed)
{
	unsigned char *p = malloc(len ? len : 1);

	cr_assert_not_null(p);
	fill_random(p, len, seed);
	return p;
}

/* What a delta's instructions did, as the reference decoder saw them. */
typedef struct dstats {
	size_t copies, inserts;
	uint64_t max_copy;     /* longest single copy */
	uint64_t max_off;      /* largest copy offset */
	uint64_t insert_bytes; /* bytes carried in the delta */
} dstats;

static int ref_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	int shift = 0;

	*v = 0;
	for (;;) {
		if (*p == end || shift > 63)
			return -1;
		*v |= (uint64_t)(**p & 0x7f) << shift;
		shift += 7;
		if ((*(*p)++ & 0x80) == 0)
			return 0;
	}
}

/*
 * The reference decoder (gitformat-pack.txt, "Deltified representation"):
 * applies delta to base and checks every instruction.  Returns the result
 * (malloc'd, *len bytes) or fails the test.
 */
static unsigned char *ref_apply(const unsigned char *base, size_t base_len,
	const unsigned char *delta, size_t delta_len, size_t *len, dstats *st)
{
	const unsigned char *p = delta, *end = delta + delta_len;
	uint64_t src, dst, pos = 0;
	unsigned char *out;

	memset(st, 0, sizeof(*st));
	cr_assert_eq(ref_varint(&p, end, &src), 0, "delta header: base size");
	cr_assert_eq(ref_varint(&p, end, &dst), 0, "delta header: result size");
	cr_assert_eq(src, base_len, "delta expects a base of %llu bytes, not %zu",
		(unsigned long long)src, base_len);
	out = malloc(dst + 1);
	cr_assert_not_null(out);
	while (p < end) {
		unsigned op = *p++;

		if (op & 0x80) {
			uint64_t off = 0, n = 0;

			for (int i = 0; i < 4; i++) {
				if (op & (1u << i)) {
					cr_assert_lt(p, end, "copy cut short");
					off |= (uint64_t)*p++ << (8 * i);
				}
			}
			for (int i = 0; i < 3; i++) {
				if (op & (0x10u << i)) {
					cr_assert_lt(p, end, "copy cut short");
					n |= (uint64_t)*p++ << (8 * i);
				}
			}
			if (n == 0)
				n = 0x10000;
			cr_assert_leq(off + n, base_len, "copy of %llu at %llu past a base of %zu",
				(unsigned long long)n, (unsigned long long)off, base_len);
			cr_assert_leq(pos + n, dst, "copy past the declared size");
			memcpy(out + pos, base + off, n);
			pos += n;
			st->copies++;
			if (n > st->max_copy)
				st->max_copy = n;
			if (off > st->max_off)
				st->max_off = off;
		} else {
			cr_assert_neq(op, 0, "reserved instruction 0 in a delta we made");
			cr_assert_leq(op, (size_t)(end - p), "insert past the end of the delta");
			cr_assert_leq(pos + op, dst, "insert past the declared size");
			memcpy(out + pos, p, op);
			p += op;
			pos += op;
			st->inserts++;
			st->insert_bytes += op;
		}
	}
	cr_assert_eq(pos, dst, "delta makes %llu bytes, declares %llu", (unsigned long long)pos,
		(unsigned long long)dst);
	*len = (size_t)dst;
	return out;
}

/*
 * Make a delta from base to target (no size limit), apply it both ways,
 * compare with target.  Returns the delta's length; *st (may be NULL)
 * gets its instructions measured.
 */
static size_t roundtrip(const unsigned char *base, size_t base_len, const unsigned char *target,
	size_t target_len, dstats *st)
{
	store_buf d = STORE_BUF_INIT;
	unsigned char *got = NULL, *ref;
	size_t got_len = 0, ref_len, dlen;
	const char *why;
	dstats local;

	cr_assert_eq(store_delta_make(base, base_len, target, target_len, SIZE_MAX, &d), 1,
		"no delta from %zu to %zu bytes", base_len, target_len);
	why = store_delta_apply(base, base_len, d.data, d.len, &got, &got_len);
	cr_assert_null(
		why, "our own delta (%zu -> %zu bytes) is refused: %s", base_len, target_len, why);
	cr_assert_eq(got_len, target_len);
	cr_assert(memcmp(got, target, target_len) == 0, "apply gives other bytes (%zu -> %zu)",
		base_len, target_len);
	cr_assert_eq(got[got_len], '\0', "no NUL past the result");

	ref = ref_apply(base, base_len, d.data, d.len, &ref_len, st ? st : &local);
	cr_assert_eq(ref_len, target_len);
	cr_assert(memcmp(ref, target, target_len) == 0, "the reference decoder gives other bytes");
	dlen = d.len;
	free(ref);
	free(got);
	store_buf_free(&d);
	return dlen;
}

/* A serialized git tree of n blob entries "row%05d.json" with ids made from seed. */
static void tree_of(store_buf *t, int n, int skip, int insert_after, int replace, uint64_t seed)
{
	t->len = 0;
	for (int i = 0; i < n; i++) {
		unsigned char id[20];

		if (i != skip) {
			store_buf_printf(t, "100644 row%05d.json", i);
			store_buf_putc(t, '\0');
			fill_random(
				id, sizeof(id), seed + (uint64_t)i + (i == replace ? 1000000 : 0));
			store_buf_put(t, id, sizeof(id));
		}
		if (i == insert_after) {
			store_buf_printf(t, "100644 row%05da.json", i);
			store_buf_putc(t, '\0');
			fill_random(id, sizeof(id), seed + 2000000);
			store_buf_put(t, id, sizeof(id));
		}
	}
}

/* ---- Round trips ---- */

Test(delta, random_edits_round_trip)
{
	/* Random bases with random edits: replaced, inserted and deleted runs, moved blocks. */
	for (uint64_t seed = 1; seed <= 300; seed++) {
		uint64_t s = seed;
		size_t base_len = (size_t)(rng_next(&s) % 6000);
		unsigned char *base = random_bytes(base_len, seed);
		store_buf t = STORE_BUF_INIT;
		size_t pos = 0;
		int nedits = (int)(rng_next(&s) % 6);

		/* Walk the base, copying spans and making an edit between them. */
		for (int e = 0; e <= nedits; e++) {
			size_t span =
				base_len ? (size_t)(rng_next(&s) % (base_len / (nedits + 1) + 1))
					 : 0;
			size_t n = span < base_len - pos ? span : base_len - pos;
			unsigned char junk[64];
			size_t jl = (size_t)(rng_next(&s) % sizeof(junk));

			store_buf_put(&t, base + pos, n);
			pos += n;
			switch (rng_next(&s) % 4) {
			case 0: /* replace */
				fill_random(junk, jl, rng_next(&s));
				store_buf_put(&t, junk, jl);
				pos += jl < base_len - pos ? jl : base_len - pos;
				break;
			case 1: /* insert */
				fill_random(junk, jl, rng_next(&s));
				store_buf_put(&t, junk, jl);
				break;
			case 2: /* delete */
				pos += jl < base_len - pos ? jl : base_len - pos;
				break;
			default: /* a block from elsewhere in the base */
				if (base_len > 0) {
					size_t from = (size_t)(rng_next(&s) % base_len);
					size_t k = base_len - from < 200 ? base_len - from : 200;

					store_buf_put(&t, base + from, k);
				}
			}
		}
		store_buf_put(&t, base + pos, base_len - pos);
		roundtrip(base, base_len, t.data ? t.data : base, t.len, NULL);
		store_buf_free(&t);
		free(base);
	}
}

Test(delta, tree_with_one_entry_changed_round_trips_small)
{
	/*
	 * What the store writes most: a tree that differs from its previous
	 * version in one entry.  Whatever the tree's size, the delta is a
	 * copy, a short insert and a copy.
	 */
	static const int sizes[] = {3, 100, 1000, 5000};

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		int n = sizes[k], mid = n / 2;
		store_buf base = STORE_BUF_INIT, t = STORE_BUF_INIT;
		size_t dl;

		tree_of(&base, n, -1, -1, -1, 7);

		tree_of(&t, n, -1, -1, mid, 7); /* replaced */
		cr_assert_neq(memcmp(base.data, t.data, base.len), 0);
		dl = roundtrip(base.data, base.len, t.data, t.len, NULL);
		cr_assert_leq(dl, 48, "%d entries, one replaced: %zu-byte delta", n, dl);

		tree_of(&t, n, -1, mid, -1, 7); /* inserted */
		cr_assert_eq(t.len, base.len + 42);
		dl = roundtrip(base.data, base.len, t.data, t.len, NULL);
		cr_assert_leq(dl, 64, "%d entries, one inserted: %zu-byte delta", n, dl);

		tree_of(&t, n, mid, -1, -1, 7); /* deleted */
		cr_assert_eq(t.len, base.len - 41);
		dl = roundtrip(base.data, base.len, t.data, t.len, NULL);
		cr_assert_leq(dl, 24, "%d entries, one deleted: %zu-byte delta", n, dl);

		/* First and last entries: the common prefix or suffix is empty. */
		tree_of(&t, n, -1, -1, 0, 7);
		dl = roundtrip(base.data, base.len, t.data, t.len, NULL);
		cr_assert_leq(dl, 48, "%d entries, first replaced: %zu-byte delta", n, dl);
		tree_of(&t, n, -1, -1, n - 1, 7);
		dl = roundtrip(base.data, base.len, t.data, t.len, NULL);
		cr_assert_leq(dl, 48, "%d entries, last replaced: %zu-byte delta", n, dl);
		store_buf_free(&base);
		store_buf_free(&t);
	}
}

Test(delta, json_row_with_a_field_changed_round_trips_small)
{
	store_buf a = STORE_BUF_INIT, b = STORE_BUF_INIT;
	size_t dl;

	/* A canonical row (one member per line), then the same with one value changed. */
	for (int pass = 0; pass < 3; pass++) {
		store_buf *r = pass == 0 ? &a : &b;

		r->len = 0;
		store_buf_puts(r, "{\n  \"id\": 4711,\n");
		for (int i = 0; i < 40; i++) {
			if (i == 20 && pass == 1)
				store_buf_printf(
					r, "  \"c%02d\": \"value number %d, edited\",\n", i, i);
			else if (i == 20 && pass == 2)
				store_buf_printf(r, "  \"c%02d\": null,\n", i);
			else
				store_buf_printf(r, "  \"c%02d\": \"value number %d\",\n", i, i);
		}
		store_buf_puts(r, "  \"v\": 1\n}\n");
		if (pass == 0)
			continue;
		dl = roundtrip(a.data, a.len, b.data, b.len, NULL);
		cr_assert_leq(
			dl, 32, "pass %d: %zu-byte delta for a %zu-byte row", pass, dl, b.len);
		dl = roundtrip(b.data, b.len, a.data, a.len, NULL);
		cr_assert_leq(dl, 48, "pass %d, back: %zu-byte delta", pass, dl);
	}
	store_buf_free(&a);
	store_buf_free(&b);
}

Test(delta, identical_inputs_are_copies_only)
{
	static const size_t sizes[] = {1, 15, 16, 17, 1000, 0x10000, 0x10001, 200000};
	unsigned char *p = random_bytes(200000, 3);

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		dstats st;
		size_t dl = roundtrip(p, sizes[k], p, sizes[k], &st);

		cr_assert_eq(st.inserts, 0, "%zu identical bytes need %zu inserts", sizes[k],
			st.inserts);
		cr_assert_eq(st.copies, 1, "%zu identical bytes: %zu copies", sizes[k], st.copies);
		cr_assert_leq(dl, 14, "%zu identical bytes: %zu-byte delta", sizes[k], dl);
	}
	free(p);
}

Test(delta, empty_base_or_target)
{
	unsigned char *p = random_bytes(5000, 4);
	static const unsigned char empty[1] = {0};
	store_buf d = STORE_BUF_INIT;
	unsigned char *out = NULL;
	size_t out_len = 99;
	dstats st;

	/* Both empty: the header alone, which applies to an empty result. */
	cr_assert_eq(store_delta_make(empty, 0, empty, 0, SIZE_MAX, &d), 1);
	cr_assert_eq(d.len, 2);
	cr_assert(memcmp(d.data, "\0\0", 2) == 0);
	cr_assert_null(store_delta_apply(empty, 0, d.data, d.len, &out, &out_len));
	cr_assert_eq(out_len, 0);
	cr_assert_not_null(out, "an empty result is still a buffer with its NUL");
	cr_assert_eq(out[0], '\0');
	free(out);
	store_buf_free(&d);

	/* Empty base: inserts only, each at most 127 bytes. */
	for (size_t n = 1; n <= 5000; n = n * 3 + 1) {
		size_t dl = roundtrip(empty, 0, p, n, &st);

		cr_assert_eq(st.copies, 0);
		cr_assert_eq(st.insert_bytes, n);
		cr_assert_eq(
			st.inserts, (n + 126) / 127, "%zu bytes in %zu inserts", n, st.inserts);
		cr_assert_leq(dl, n + st.inserts + 4);
	}

	/* Empty target: the header alone. */
	for (size_t n = 1; n <= 5000; n = n * 3 + 1) {
		size_t dl = roundtrip(p, n, empty, 0, &st);

		cr_assert_eq(st.copies + st.inserts, 0);
		cr_assert_leq(dl, 3);
	}
	free(p);
}

Test(delta, entirely_different_target)
{
	size_t n = 10000;
	unsigned char *a = random_bytes(n, 5), *b = random_bytes(n, 6), *c = malloc(n);
	store_buf d = STORE_BUF_INIT;
	dstats st;
	size_t dl;

	/* Nothing in common, not even a first or last byte: inserts, with little overhead. */
	b[0] = (unsigned char)(a[0] + 1);
	b[n - 1] = (unsigned char)(a[n - 1] + 1);
	dl = roundtrip(a, n, b, n, &st);
	cr_assert_eq(st.copies, 0, "%zu copies between unrelated random buffers", st.copies);
	cr_assert_eq(st.insert_bytes, n);
	cr_assert_leq(dl, n + n / 127 + 1 + 8);

	/* Not worth storing: more than half the target's size. */
	cr_assert_eq(store_delta_make(a, n, b, n, n / 2, &d), 0);
	cr_assert_eq(d.len, 0);

	/* A run of one byte against a run of another; a short base against a long target. */
	memset(c, 'x', n);
	memset(b, 'y', n);
	roundtrip(c, n, b, n, &st);
	cr_assert_eq(st.copies, 0);
	roundtrip(a, 10, b, n, NULL);
	roundtrip(b, n, a, 10, NULL);
	free(a);
	free(b);
	free(c);
	store_buf_free(&d);
}

Test(delta, inputs_over_64_kib)
{
	size_t n = 300 * 1024, m;
	unsigned char *base = random_bytes(n, 8), *t = malloc(2 * n);
	dstats st;

	/*
	 * One byte changed at 100 KiB and a 4 KiB block of the base from
	 * 120 KiB repeated at 140 KiB: copies longer than 0x10000 bytes (three
	 * size bytes) and from offsets wider than 16 bits.
	 */
	memcpy(t, base, 140 * 1024);
	t[100 * 1024] ^= 0x55;
	memcpy(t + 140 * 1024, base + 120 * 1024, 4096);
	memcpy(t + 140 * 1024 + 4096, base + 140 * 1024, n - 140 * 1024);
	m = n + 4096;
	roundtrip(base, n, t, m, &st);
	cr_assert_gt(st.max_copy, 0x10000, "longest copy %llu", (unsigned long long)st.max_copy);
	cr_assert_gt(st.max_off, 0xffff, "largest offset %llu", (unsigned long long)st.max_off);
	cr_assert_leq(
		st.insert_bytes, 16, "%llu bytes inserted", (unsigned long long)st.insert_bytes);

	/* Its second half then its first: two long copies, nothing in common at the ends. */
	memcpy(t, base + n / 2, n - n / 2);
	memcpy(t + (n - n / 2), base, n / 2);
	t[0] = (unsigned char)(base[0] + 1);
	t[n - 1] = (unsigned char)(base[n - 1] + 1);
	roundtrip(base, n, t, n, &st);
	cr_assert_leq(
		st.insert_bytes, 32, "%llu bytes inserted", (unsigned long long)st.insert_bytes);
	cr_assert_gt(st.max_off, 0xffff);
	cr_assert_gt(st.max_copy, 0x10000);

	/* The base twice over. */
	memcpy(t, base, n);
	memcpy(t + n, base, n);
	roundtrip(base, n, t, 2 * n, &st);

	/* Exactly 0x10000 bytes, the length git's format writes as "no size bytes". */
	roundtrip(base, 0x10000, base, 0x10000, &st);
	cr_assert_eq(st.max_copy, 0x10000);
	free(base);
	free(t);
}

Test(delta, base_over_16_mib_splits_copies)
{
	size_t n = (16u << 20) + (4u << 20) + 123, cut = 18u << 20;
	unsigned char *base = random_bytes(n, 9), *t = malloc(n);
	dstats st;

	/*
	 * One byte changed at 18 MiB: the 18 MiB prefix is longer than a copy
	 * can say (24 bits), so it takes two copies; the suffix starts past
	 * 16 MiB, so its offset needs the fourth offset byte.
	 */
	memcpy(t, base, n);
	t[cut] ^= 1;
	roundtrip(base, n, t, n, &st);
	cr_assert_leq(st.max_copy, 0xffffff);
	cr_assert_geq(st.copies, 3, "18 MiB prefix and 2 MiB suffix in %zu copies", st.copies);
	cr_assert_geq(st.max_off, 0x1000000);
	cr_assert_leq(st.insert_bytes, 1);

	/* No common ends: a block from past 17 MiB found through the block table, then the start. */
	memcpy(t, base + (17u << 20), 65536);
	memcpy(t + 65536, base, 65536);
	t[0] ^= 1;
	t[2 * 65536 - 1] ^= 1;
	roundtrip(base, n, t, 2 * 65536, &st);
	cr_assert_geq(st.max_off, (size_t)17 << 20);
	cr_assert_leq(st.insert_bytes, 2 * 16);

	/* The whole base, identical: copies of at most 0xffffff bytes. */
	roundtrip(base, n, base, n, &st);
	cr_assert_eq(st.copies, 2);
	cr_assert_eq(st.inserts, 0);
	free(base);
	free(t);
}

/* ---- The size limit ---- */

Test(delta, max_is_honoured)
{
	unsigned char *a = random_bytes(4000, 10), *b = malloc(4000);
	store_buf d = STORE_BUF_INIT;
	size_t full;

	memcpy(b, a, 4000);
	memset(b + 1000, 'z', 300);

	/* The size with no limit; the delta is appended after what out holds. */
	store_buf_puts(&d, "keep");
	cr_assert_eq(store_delta_make(a, 4000, b, 4000, SIZE_MAX, &d), 1);
	full = d.len - 4;
	cr_assert_gt(full, 300);
	cr_assert(memcmp(d.data, "keep", 4) == 0);
	{
		unsigned char *out;
		size_t out_len;

		cr_assert_null(store_delta_apply(a, 4000, d.data + 4, full, &out, &out_len));
		cr_assert_eq(out_len, 4000);
		cr_assert(memcmp(out, b, 4000) == 0);
		free(out);
	}

	/* Exactly that size is allowed. */
	d.len = 4;
	cr_assert_eq(store_delta_make(a, 4000, b, 4000, full, &d), 1);
	cr_assert_eq(d.len, 4 + full);

	/* One byte less, or nothing at all: refused, out as it was. */
	d.len = 4;
	cr_assert_eq(store_delta_make(a, 4000, b, 4000, full - 1, &d), 0);
	cr_assert_eq(d.len, 4, "out grew to %zu bytes", d.len);
	cr_assert(memcmp(d.data, "keep", 4) == 0);
	cr_assert_eq(store_delta_make(a, 4000, b, 4000, 0, &d), 0);
	cr_assert_eq(d.len, 4);
	cr_assert_eq(store_delta_make(a, 4000, a, 4000, 1, &d), 0, "a limit of one byte was met");
	cr_assert_eq(d.len, 4);

	/* An empty buffer stays empty. */
	store_buf_free(&d);
	cr_assert_eq(store_delta_make(a, 4000, b, 4000, 10, &d), 0);
	cr_assert_eq(d.len, 0);
	store_buf_free(&d);
	free(a);
	free(b);
}

/* ---- Applying what others wrote ---- */

/* Apply a delta given as a string literal; sets why, out and out_len. */
#define HAND(base, base_len, delta)                                                                \
	(why = store_delta_apply(base, base_len, (const unsigned char *)(delta),                   \
		 sizeof(delta) - 1, &out, &out_len))

Test(delta, apply_hand_made_deltas)
{
	static const unsigned char hello[] = "hello world";
	unsigned char *big = random_bytes(0x10010, 11), *out;
	size_t out_len;
	const char *why;

	/* copy(offset 0, size 5), insert "!!": the pack test's example. */
	HAND(hello, 11, "\x0b\x07\x90\x05\x02!!");
	cr_assert_null(why, "%s", why);
	cr_assert_eq(out_len, 7);
	cr_assert_str_eq((char *)out, "hello!!");
	free(out);

	/* copy(offset 6 in byte 0, size 5), copy(offset 5, size 1), insert "again". */
	HAND(hello, 11,
		"\x0b\x0b\x91\x06\x05\x91\x05\x01\x05"
		"again");
	cr_assert_null(why, "%s", why);
	cr_assert_eq(out_len, 11);
	cr_assert_str_eq((char *)out, "world again");
	free(out);

	/* A copy without size bytes is 0x10000 long; without offset bytes it starts at 0. */
	HAND(big, 0x10010, "\x90\x80\x04\x80\x80\x04\x80");
	cr_assert_null(why, "%s", why);
	cr_assert_eq(out_len, 0x10000);
	cr_assert(memcmp(out, big, 0x10000) == 0);
	free(out);
	HAND(big, 0x10010, "\x90\x80\x04\x80\x80\x04\x81\x10");
	cr_assert_null(why, "%s", why);
	cr_assert_eq(out_len, 0x10000);
	cr_assert(memcmp(out, big + 0x10, 0x10000) == 0);
	free(out);

	/* Only offset byte 1 (offset 0x100, size 16), then only size byte 1 (size 0x100). */
	HAND(big, 0x10010, "\x90\x80\x04\x90\x02\x92\x01\x10\xa0\x01");
	cr_assert_null(why, "%s", why);
	cr_assert_eq(out_len, 16 + 0x100);
	cr_assert(memcmp(out, big + 0x100, 16) == 0);
	cr_assert(memcmp(out + 16, big, 0x100) == 0);
	free(out);
	free(big);
}

/*
 * A delta that must be refused: the reason must name the problem (a
 * word of it) and nothing may be returned or allocated.
 */
static void expect_refused(const unsigned char *base, size_t base_len, const char *delta,
	size_t delta_len, const char *word, const char *what)
{
	unsigned char sentinel, *out = &sentinel;
	size_t out_len = 12345;
	const char *why = store_delta_apply(
		base, base_len, (const unsigned char *)delta, delta_len, &out, &out_len);

	cr_assert_not_null(why, "%s: accepted", what);
	cr_assert_str_neq(why, STORE_DELTA_NOMEM, "%s: reported as out of memory", what);
	cr_assert_not_null(strstr(why, word), "%s: \"%s\" does not say \"%s\"", what, why, word);
	cr_assert_eq(out, &sentinel, "%s: *out was set", what);
	cr_assert_eq(out_len, 12345, "%s: *out_len was set", what);
}

#define REFUSED(delta, word, what) expect_refused(hello, 11, delta, sizeof(delta) - 1, word, what)

Test(delta, apply_refuses_malformed_deltas)
{
	static const unsigned char hello[] = "hello world";

	/* The header: two varints. */
	REFUSED("", "header", "empty delta");
	REFUSED("\x8b", "header", "base size cut short");
	REFUSED("\x0b", "header", "no result size");
	REFUSED("\x0b\x85", "header", "result size cut short");
	REFUSED("\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01\x05", "header", "a 71-bit base size");

	/* The base's size must be the one the delta was made for. */
	REFUSED("\x0c\x05\x90\x05", "another size", "base size 12, not 11");
	REFUSED("\x0a\x05\x90\x05", "another size", "base size 10, not 11");
	REFUSED("\x00\x00", "another size", "an empty base");

	/* Copies must stay inside the base. */
	REFUSED("\x0b\x05\x91\x08\x05", "past the end of the base", "copy 8..13 of 11");
	REFUSED("\x0b\x01\x91\x0b\x01", "past the end of the base", "copy starting at the end");
	REFUSED("\x0b\x05\x98\x01\x05", "past the end of the base", "copy at offset 2^24");
	REFUSED("\x0b\x00\x80", "past the end of the base", "a 0x10000-byte copy of 11 bytes");
	REFUSED("\x0b\x05\x91\x08", "cut short", "copy without its size byte");
	REFUSED("\x0b\x05\x9f\x01\x02", "cut short", "copy without its offset bytes");

	/* Inserts must stay inside the delta. */
	REFUSED("\x0b\x0a\x0a"
		"abc",
		"past the end of the delta", "insert of 10 with 3 bytes left");
	REFUSED("\x0b\x7f\x7f", "past the end of the delta", "insert of 127 with none left");
	REFUSED("\x0b\x04\x04"
		"abc",
		"past the end of the delta", "insert of 4 with 3 bytes left");

	/* Instruction 0 is reserved. */
	REFUSED("\x0b\x01\x00", "reserved", "instruction 0");
	REFUSED("\x0b\x06\x90\x05\x00\x01!", "reserved", "instruction 0 after a copy");

	/* The result must be the size the header declares, checked before allocating. */
	REFUSED("\x0b\x14\x90\x0b", "declares", "makes 11 bytes, declares 20");
	REFUSED("\x0b\x03\x90\x0b", "declares", "makes 11 bytes, declares 3");
	REFUSED("\x0b\x01", "declares", "no instructions, declares 1");
	REFUSED("\x0b\x80\x80\x80\x80\x80\x80\x80\x80\x01\x90\x0b", "declares",
		"declares 2^56 bytes (must not be allocated)");
}

/* ---- Interoperability ---- */

/* An object for the pack: its content, and the object it is a delta against. */
typedef struct pobj {
	store_objtype type;
	unsigned char *data;
	size_t len;
	int base; /* index of the base in the list, -1 for a whole object */
	store_oid oid;
} pobj;

/* What git cat-file prints for obj must be its content. */
static void expect_git_content(const char *repo, const pobj *o)
{
	char hex[41], *out = tu_fmt("%s/cat.out", root);
	unsigned char *got;
	size_t len;

	store_oid_fmt(hex, &o->oid);
	cr_assert_eq(
		tu_sh(NULL, "git --git-dir='%s' cat-file %s %s > '%s'", repo,
			o->type == STORE_OBJ_BLOB ? "-p" : store_objtype_name(o->type), hex, out),
		0, "git cat-file %s failed", hex);
	got = tu_read_file(out, &len);
	cr_assert_eq(len, o->len, "git reads %zu bytes of %s, want %zu", len, hex, o->len);
	cr_assert(memcmp(got, o->data, len) == 0, "git reads other bytes for %s", hex);
	free(got);
	free(out);
}

/* The line of text that starts with word, or NULL. */
static const char *line_starting(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = text; *p != '\0'; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : "") {
		if (strncmp(p, word, n) == 0)
			return p;
	}
	return NULL;
}

Test(delta, git_reads_our_deltas)
{
	char *repo = tu_fmt("%s/repo.git", root), *dir, *out, name[64], hex[41], bhex[41];
	size_t big = (16u << 20) + (1u << 20), rowlen = 200 * 1024;
	store_buf tree_a = STORE_BUF_INIT, tree_b = STORE_BUF_INIT, text = STORE_BUF_INIT;
	pobj objs[6];
	size_t nobj = 0;
	store_err err = {0};
	store_packw *w;

	cr_assert_eq(tu_sh(NULL, "git init -q --bare '%s'", repo), 0);
	dir = tu_fmt("%s/objects/pack", repo);

	/* A 200 KiB text and the same with a line changed: copies over 64 KiB. */
	for (int i = 0; i < 4000; i++)
		store_buf_printf(&text, "line %05d of a long document, padded to fifty bytes\n", i);
	cr_assert_geq(text.len, rowlen);
	objs[nobj++] = (pobj){STORE_OBJ_BLOB, malloc(text.len), text.len, -1, {{0}}};
	memcpy(objs[0].data, text.data, text.len);
	memcpy(text.data + 150000, "EDITED", 6);
	objs[nobj++] = (pobj){STORE_OBJ_BLOB, store_buf_detach(&text), objs[0].len, 0, {{0}}};

	/* A tree with one entry replaced. */
	tree_of(&tree_a, 500, -1, -1, -1, 12);
	tree_of(&tree_b, 500, -1, -1, 321, 12);
	objs[nobj].type = STORE_OBJ_TREE;
	objs[nobj].len = tree_a.len;
	objs[nobj].data = store_buf_detach(&tree_a);
	objs[nobj++].base = -1;
	objs[nobj].type = STORE_OBJ_TREE;
	objs[nobj].len = tree_b.len;
	objs[nobj].data = store_buf_detach(&tree_b);
	objs[nobj++].base = 2;

	/* Over 16 MiB with one byte changed: split copies, four offset bytes. */
	objs[nobj++] = (pobj){STORE_OBJ_BLOB, random_bytes(big, 13), big, -1, {{0}}};
	objs[nobj] = (pobj){STORE_OBJ_BLOB, malloc(big), big, 4, {{0}}};
	memcpy(objs[nobj].data, objs[4].data, big);
	objs[nobj++].data[big - 100] ^= 0x80;

	/* Write the pack as the checkpointer does. */
	w = store_packw_open(dir, 0, &err);
	cr_assert_not_null(w, "%s", err.message);
	for (size_t i = 0; i < nobj; i++) {
		pobj *o = &objs[i];
		int r;

		store_oid_hash_object(&o->oid, o->type, o->data, o->len);
		if (o->base < 0)
			r = store_packw_add(w, o->type, o->data, o->len, &o->oid, &err);
		else
			r = store_packw_add_against(w, o->type, o->data, o->len, &o->oid,
				&objs[o->base].oid, objs[o->base].data, objs[o->base].len, &err);
		cr_assert_eq(r, STORE_OK, "%s (%s)", err.message, err.detail);
	}
	cr_assert_eq(store_packw_finish(w, name, sizeof(name), &err), STORE_OK, "%s", err.message);

	/* verify-pack checks every object's id; -v shows which are deltas, and on what. */
	cr_assert_eq(tu_sh(&out, "git verify-pack -v '%s/%s.idx'", dir, name), 0,
		"git verify-pack failed");
	for (size_t i = 0; i < nobj; i++) {
		const char *line;
		char one[256], type[16], basehex[41] = "";
		size_t size, packed, off;
		int depth = 0, nf;

		store_oid_fmt(hex, &objs[i].oid);
		line = line_starting(out, hex);
		cr_assert_not_null(line, "verify-pack does not list %s:\n%s", hex, out);
		snprintf(one, sizeof(one), "%.*s", (int)strcspn(line, "\n"), line);
		nf = sscanf(one, "%*40s %15s %zu %zu %zu %d %40s", type, &size, &packed, &off,
			&depth, basehex);
		cr_assert_str_eq(type, store_objtype_name(objs[i].type));
		if (objs[i].base < 0) {
			cr_assert_eq(size, objs[i].len);
			cr_assert_eq(nf, 4, "%s is stored as a delta:\n%s", hex, out);
			continue;
		}
		cr_assert_eq(nf, 6, "object %zu (%s) is not a delta:\n%s", i, hex, out);
		cr_assert_eq(depth, 1);
		store_oid_fmt(bhex, &objs[objs[i].base].oid);
		cr_assert_str_eq(basehex, bhex, "object %zu is a delta on another base", i);
		cr_assert_lt(size, 64, "object %zu: a %zu-byte delta", i, size);
		cr_assert_lt(packed, 100, "object %zu: %zu bytes in the pack", i, packed);
	}
	free(out);

	/* And git gives back every object's content. */
	for (size_t i = 0; i < nobj; i++)
		expect_git_content(repo, &objs[i]);
	cr_assert_eq(tu_sh(&out, "git --git-dir='%s' fsck --full --strict 2>&1", repo), 0,
		"git fsck failed");
	free(out);

	for (size_t i = 0; i < nobj; i++)
		free(objs[i].data);
	free(dir);
	free(repo);
}
