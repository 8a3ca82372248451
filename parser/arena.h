/*
 * arena.h - bump allocation for one statement's memory.
 *
 * The parser's nodes and the executor's per-statement values come from
 * an arena that is released in one go when the statement ends (STYLE.md
 * rule 6): no node is freed on its own, so no error path can leak one.
 * Allocation is a pointer bump in a chain of blocks; a request larger
 * than the block size gets a block of its own.
 *
 * Out of memory aborts, as the storage layer does: a size a user
 * controls (a string repeated a billion times) must be checked against a
 * limit before it is asked for, and reported as an error there.
 *
 * An arena belongs to one thread at a time.
 */
#ifndef CHRONDB_PARSER_ARENA_H
#define CHRONDB_PARSER_ARENA_H

#include <stddef.h>

typedef struct sql_arena sql_arena;

/* A new arena whose blocks hold block_size bytes (0: 8 KiB). */
sql_arena *sql_arena_new(size_t block_size);

/* Release every block; NULL is fine. */
void sql_arena_free(sql_arena *a);

/* Forget everything allocated, keeping the first block for reuse. */
void sql_arena_reset(sql_arena *a);

/* n bytes aligned for any type, uninitialised; n may be 0. */
void *sql_arena_alloc(sql_arena *a, size_t n);

/* n zeroed bytes. */
void *sql_arena_zalloc(sql_arena *a, size_t n);

/* A copy of s[0..n) with a NUL after it. */
char *sql_arena_strndup(sql_arena *a, const char *s, size_t n);

/* Bytes handed out since the arena was made or reset. */
/* printf into the arena. */
char *sql_arena_printf(sql_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

size_t sql_arena_used(const sql_arena *a);

#endif
