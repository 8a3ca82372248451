/*
 * crash.h - what the crash writer writes and the crash test checks.
 *
 * The writer (crash_writer.c) runs CRASH_THREADS threads; thread t commits
 * the numbers n = t, t + CRASH_THREADS, t + 2 * CRASH_THREADS, ... in
 * order, one transaction each, into table CRASH_TABLE:
 *
 *   row "<n>"  = {"id": "<n>", "v": n, "pad": crash_pad(n)}
 *   row "c<t>" = {"id": "c<t>", "last": n}
 *
 * so a transaction applied by halves shows as a counter that disagrees
 * with the rows, and a lost transaction as a gap in a thread's numbers.
 * The test (crash_test.c) kills the writer and checks both.
 */
#ifndef CHRONDB_TESTS_CRASH_H
#define CHRONDB_TESTS_CRASH_H

#include <stddef.h>
#include <stdint.h>

#define CRASH_THREADS 4
#define CRASH_TABLE   "t"

/* Catalog definition of CRASH_TABLE. */
#define CRASH_TABLE_DEF                                                                            \
	"{\"columns\": [{\"name\": \"id\", \"type\": \"text\"}, "                                  \
	"{\"name\": \"v\", \"type\": \"bigint\"}, {\"name\": \"pad\", \"type\": \"text\"}, "       \
	"{\"name\": \"last\", \"type\": \"bigint\"}], \"primary_key\": [\"id\"]}"

/* Longest pad crash_pad writes, without the NUL. */
#define CRASH_PAD_MAX 480

/*
 * The pad of row n: 32 to CRASH_PAD_MAX - 1 copies of one letter, both
 * picked from n, so the rows vary in size and fill the checkpoint
 * threshold quickly.  out holds CRASH_PAD_MAX + 1 bytes; returns the length.
 */
static inline size_t crash_pad(char *out, uint64_t n)
{
	size_t len = 32 + (size_t)((n * 7919u) % (CRASH_PAD_MAX - 32));
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = (char)('a' + n % 26);
	out[len] = '\0';
	return len;
}

#endif
