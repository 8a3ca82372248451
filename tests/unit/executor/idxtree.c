/*
 * idxtree.c - tests for the persistent B+ tree (executor/idxtree.h):
 * random puts and deletes against a sorted reference, cursors both ways
 * from any key, versions that stay whole while later ones are edited,
 * bulk builds, readers on other threads, and the byte count going back
 * to zero when every version is released.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "idxtree.h"

/* Entries "k%08u" with a tail of len % 7 bytes, so that lengths differ. */
static size_t entry(char *out, unsigned k)
{
	int n = snprintf(out, 32, "k%08u", k);

	for (unsigned i = 0; i < k % 7; i++)
		out[n++] = (char)('a' + (int)i);
	return (size_t)n;
}

/* Every entry of t, in order, checked against present[] (k present or not) and the count. */
static void expect_exactly(const exec_itree *t, const bool *present, unsigned max)
{
	exec_itree_cursor c;
	const unsigned char *e;
	size_t len;
	unsigned k = 0, n = 0;
	char want[32];

	exec_itree_seek(&c, t, NULL, 0);
	while (exec_itree_entry(&c, &e, &len)) {
		while (k < max && !present[k])
			k++;
		cr_assert_lt(k, max, "an entry past the last one present");
		cr_assert_eq(len, entry(want, k));
		cr_assert_eq(memcmp(e, want, len), 0, "entry %u", k);
		k++;
		n++;
		exec_itree_next(&c);
	}
	while (k < max && !present[k])
		k++;
	cr_assert_eq(k, max, "entry %u missing", k);
	cr_assert_eq(t->count, n);

	/* Backward gives the same in reverse. */
	exec_itree_seek_before(&c, t, NULL, 0);
	k = max;
	while (exec_itree_entry(&c, &e, &len)) {
		do
			k--;
		while (!present[k]);
		cr_assert_eq(len, entry(want, k));
		cr_assert_eq(memcmp(e, want, len), 0, "entry %u backward", k);
		exec_itree_prev(&c);
	}
}

Test(idxtree, puts_and_deletes_keep_order)
{
	enum { MAX = 20000 };
	static bool present[MAX];
	atomic_size_t bytes = 0;
	exec_itree_edit e;
	exec_itree t = {0};
	char buf[32];
	unsigned seed = 7;

	memset(present, 0, sizeof(present));
	exec_itree_edit_begin(&e, NULL, &bytes);
	for (int i = 0; i < 60000; i++) {
		unsigned k = (seed = seed * 1103515245u + 12345u) % MAX;
		size_t len = entry(buf, k);

		if (i % 3 == 2) {
			cr_assert_eq(exec_itree_del(&e, buf, len), present[k] ? 1 : 0);
			present[k] = false;
		} else {
			cr_assert_eq(exec_itree_put(&e, buf, len), present[k] ? 0 : 1);
			present[k] = true;
		}
	}
	exec_itree_edit_end(&e, &t);
	expect_exactly(&t, present, MAX);
	cr_assert_leq(exec_itree_depth(&t), 4);
	for (unsigned k = 0; k < MAX; k += 97)
		cr_assert_eq(exec_itree_has(&t, buf, entry(buf, k)), present[k]);

	/* Everything out: an empty tree, and every byte given back. */
	exec_itree_edit_begin(&e, &t, &bytes);
	for (unsigned k = 0; k < MAX; k++)
		if (present[k])
			cr_assert_eq(exec_itree_del(&e, buf, entry(buf, k)), 1);
	exec_itree_release(&t);
	exec_itree_edit_end(&e, &t);
	cr_assert_null(t.root);
	cr_assert_eq(t.count, 0);
	cr_assert_eq(atomic_load(&bytes), 0);
}

Test(idxtree, cursors_seek_between_entries)
{
	atomic_size_t bytes = 0;
	exec_itree_edit e;
	exec_itree t = {0}, empty = {0};
	exec_itree_cursor c;
	const unsigned char *p;
	size_t len;
	char key[16];

	/* Entries 10, 20, ..., 5000 as "%06u". */
	exec_itree_edit_begin(&e, NULL, &bytes);
	for (unsigned k = 10; k <= 5000; k += 10) {
		snprintf(key, sizeof(key), "%06u", k);
		exec_itree_put(&e, key, 6);
	}
	exec_itree_edit_end(&e, &t);
	for (unsigned k = 0; k <= 5010; k += 5) {
		snprintf(key, sizeof(key), "%06u", k);

		/* First >= k. */
		exec_itree_seek(&c, &t, key, 6);
		if (k > 5000) {
			cr_assert(!exec_itree_entry(&c, &p, &len));
		} else {
			char want[16];
			unsigned w = (k + 9) / 10 * 10;

			cr_assert(exec_itree_entry(&c, &p, &len));
			snprintf(want, sizeof(want), "%06u", w < 10 ? 10 : w);
			cr_assert_eq(memcmp(p, want, 6), 0, "seek %u gave %.6s", k, p);
		}

		/* Last < k. */
		exec_itree_seek_before(&c, &t, key, 6);
		if (k <= 10) {
			cr_assert(!exec_itree_entry(&c, &p, &len), "before %u", k);
		} else {
			char want[16];
			unsigned w = (k - 1) / 10 * 10;

			snprintf(want, sizeof(want), "%06u", w > 5000 ? 5000 : w);
			cr_assert(exec_itree_entry(&c, &p, &len));
			cr_assert_eq(memcmp(p, want, 6), 0, "before %u gave %.6s", k, p);
		}
	}

	/* A prefix of entries sorts before them; an empty tree has no entry at all. */
	exec_itree_seek(&c, &t, "00001", 5);
	cr_assert(exec_itree_entry(&c, &p, &len));
	cr_assert_eq(memcmp(p, "000010", 6), 0);
	exec_itree_seek(&c, &empty, NULL, 0);
	cr_assert(!exec_itree_entry(&c, &p, &len));
	exec_itree_seek_before(&c, &empty, "x", 1);
	cr_assert(!exec_itree_entry(&c, &p, &len));
	exec_itree_release(&t);
	cr_assert_eq(atomic_load(&bytes), 0);
}

Test(idxtree, versions_stay_whole_and_share_nodes)
{
	enum { MAX = 10000 };
	static bool v1[MAX], v2[MAX], v3[MAX];
	atomic_size_t bytes = 0;
	exec_itree_edit e;
	exec_itree t1, t2, t3;
	char buf[32];
	size_t one, after;

	/* v1: the even numbers. */
	exec_itree_edit_begin(&e, NULL, &bytes);
	for (unsigned k = 0; k < MAX; k++) {
		v1[k] = k % 2 == 0;
		if (v1[k])
			exec_itree_put(&e, buf, entry(buf, k));
	}
	exec_itree_edit_end(&e, &t1);
	one = atomic_load(&bytes);

	/* v2 from v1: a few changes copy a few paths. */
	memcpy(v2, v1, sizeof(v2));
	exec_itree_edit_begin(&e, &t1, &bytes);
	for (unsigned k = 1; k < MAX; k += 1001) {
		exec_itree_put(&e, buf, entry(buf, k));
		v2[k] = true;
		exec_itree_del(&e, buf, entry(buf, k + 1));
		v2[k + 1] = false;
	}
	exec_itree_edit_end(&e, &t2);
	after = atomic_load(&bytes);
	cr_assert_lt(after - one, one / 4, "ten changes cost %zu bytes over %zu", after - one, one);

	/* v3 from v1 too: a branch of its own. */
	memcpy(v3, v1, sizeof(v3));
	exec_itree_edit_begin(&e, &t1, &bytes);
	for (unsigned k = 0; k < MAX; k += 2) {
		if (k % 6 == 0) {
			exec_itree_del(&e, buf, entry(buf, k));
			v3[k] = false;
		}
	}
	exec_itree_edit_end(&e, &t3);
	expect_exactly(&t1, v1, MAX);
	expect_exactly(&t2, v2, MAX);
	expect_exactly(&t3, v3, MAX);

	/* Releasing the one the others came from leaves them whole. */
	exec_itree_release(&t1);
	expect_exactly(&t2, v2, MAX);
	expect_exactly(&t3, v3, MAX);
	exec_itree_release(&t2);
	exec_itree_release(&t3);
	cr_assert_eq(atomic_load(&bytes), 0);
}

Test(idxtree, bulk_build_then_edit)
{
	enum { MAX = 50000 };
	static bool present[MAX];
	static char store[MAX][32];
	static const unsigned char *ents[MAX];
	static size_t lens[MAX];
	atomic_size_t bytes = 0;
	exec_itree t, t2;
	exec_itree_edit e;
	char buf[32];

	for (unsigned k = 0; k < MAX; k++) {
		lens[k] = entry(store[k], k);
		ents[k] = (const unsigned char *)store[k];
		present[k] = true;
	}
	exec_itree_build(ents, lens, MAX, &bytes, &t);
	expect_exactly(&t, present, MAX);
	cr_assert_leq(exec_itree_depth(&t), 3);

	/* Edits after a build copy its full nodes; the build stays as it was. */
	exec_itree_edit_begin(&e, &t, &bytes);
	for (unsigned k = 0; k < MAX; k += 3) {
		exec_itree_del(&e, buf, entry(buf, k));
		present[k] = false;
	}
	exec_itree_edit_end(&e, &t2);
	expect_exactly(&t2, present, MAX);
	for (unsigned k = 0; k < MAX; k++)
		present[k] = true;
	expect_exactly(&t, present, MAX);
	exec_itree_release(&t);
	exec_itree_release(&t2);

	/* No entries: no root. */
	exec_itree_build(NULL, NULL, 0, &bytes, &t);
	cr_assert_null(t.root);
	cr_assert_eq(atomic_load(&bytes), 0);
}

/* A reader walking a version over and over while the main thread makes others from it. */
typedef struct reader_arg {
	exec_itree t;
	int rounds;
	unsigned long total;
} reader_arg;

static void *reader(void *p)
{
	reader_arg *a = p;

	for (int r = 0; r < a->rounds; r++) {
		exec_itree_cursor c;
		const unsigned char *e;
		size_t len;
		unsigned long n = 0;

		exec_itree_seek(&c, &a->t, NULL, 0);
		while (exec_itree_entry(&c, &e, &len)) {
			n++;
			exec_itree_next(&c);
		}
		a->total += n;
	}
	return NULL;
}

Test(idxtree, readers_on_other_threads_see_their_version)
{
	atomic_size_t bytes = 0;
	exec_itree_edit e;
	exec_itree t, cur;
	reader_arg a[2];
	pthread_t th[2];
	char buf[32];

	exec_itree_edit_begin(&e, NULL, &bytes);
	for (unsigned k = 0; k < 5000; k++)
		exec_itree_put(&e, buf, entry(buf, k));
	exec_itree_edit_end(&e, &t);
	for (int i = 0; i < 2; i++) {
		a[i].t = exec_itree_ref(&t);
		a[i].rounds = 50;
		a[i].total = 0;
		cr_assert_eq(pthread_create(&th[i], NULL, reader, &a[i]), 0);
	}

	/* Versions come and go meanwhile, each from the last. */
	cur = exec_itree_ref(&t);
	for (unsigned round = 0; round < 200; round++) {
		exec_itree next;

		exec_itree_edit_begin(&e, &cur, &bytes);
		exec_itree_del(&e, buf, entry(buf, round * 7 % 5000));
		exec_itree_put(&e, buf, entry(buf, 5000 + round));
		exec_itree_edit_end(&e, &next);
		exec_itree_release(&cur);
		cur = next;
	}
	exec_itree_release(&t);
	for (int i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
		cr_assert_eq(a[i].total, 50ul * 5000);
		exec_itree_release(&a[i].t);
	}
	exec_itree_release(&cur);
	cr_assert_eq(atomic_load(&bytes), 0);
}
