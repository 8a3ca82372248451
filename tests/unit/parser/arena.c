/*
 * arena.c - tests for the statement arena (parser/arena.h): alignment,
 * large requests, reset and reuse.  Run under ASan, these also prove that
 * nothing is handed out twice or freed early.
 */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <criterion/criterion.h>

#include "arena.h"

Test(arena, allocations_are_aligned_and_distinct)
{
	sql_arena *a = sql_arena_new(256);
	unsigned char *prev = NULL;

	for (size_t n = 0; n < 200; n++) {
		unsigned char *p = sql_arena_alloc(a, n % 37);

		cr_assert_eq(
			(uintptr_t)p % alignof(max_align_t), 0, "allocation %zu misaligned", n);
		memset(p, (int)n, n % 37);

		/* Zero-byte allocations may share an address; others never do. */
		if (prev != NULL && n % 37 != 0)
			cr_assert_neq(p, prev);
		if (n % 37 != 0)
			prev = p;
	}
	{
		size_t want = 0;

		for (size_t n = 0; n < 200; n++)
			want += n % 37;
		cr_assert_eq(sql_arena_used(a), want);
	}
	sql_arena_free(a);
}

Test(arena, large_requests_and_contents_survive)
{
	sql_arena *a = sql_arena_new(1024);
	char *small = sql_arena_strndup(a, "hello", 5);
	unsigned char *big = sql_arena_alloc(a, 100000);
	char *after = sql_arena_strndup(a, "world, and more", 5);
	unsigned char *z = sql_arena_zalloc(a, 64);

	memset(big, 0xab, 100000);
	cr_assert_str_eq(small, "hello");
	cr_assert_str_eq(after, "world");
	for (int i = 0; i < 64; i++)
		cr_assert_eq(z[i], 0);
	cr_assert_eq(big[0], 0xab);
	cr_assert_eq(big[99999], 0xab);
	cr_assert_geq(sql_arena_used(a), 100000 + 5 + 5 + 2 + 64);
	sql_arena_free(a);
}

Test(arena, reset_keeps_the_arena_usable)
{
	sql_arena *a = sql_arena_new(128);

	for (int round = 0; round < 50; round++) {
		for (int i = 0; i < 100; i++) {
			char *s = sql_arena_strndup(a, "abcdefghijklmnop", (size_t)(i % 16));

			cr_assert_eq(strlen(s), (size_t)(i % 16));
		}
		sql_arena_alloc(a, 4096); /* a block of its own, dropped by the reset */
		sql_arena_reset(a);
		cr_assert_eq(sql_arena_used(a), 0);
	}
	sql_arena_free(a);
	sql_arena_free(NULL);
}
