/*
 * arena.c - bump allocation for one statement's memory (see arena.h).
 */
#include "arena.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_BLOCK 8192
#define ALIGN         alignof(max_align_t)

typedef struct block {
	struct block *next;
	size_t size; /* bytes in data[] */
	alignas(max_align_t) unsigned char data[];
} block;

struct sql_arena {
	block *first;  /* the block made with the arena, kept by reset */
	block *head;   /* the block being filled; older ones follow */
	size_t used;   /* bytes used in head */
	size_t bsize;  /* size of an ordinary block */
	size_t handed; /* bytes handed out since new or reset */
};

/*
 * Each thread keeps a few free blocks of the default size: a statement
 * makes and drops a dozen arenas (its own, its run's, three per
 * iterator), and 8 KiB blocks are past malloc's per-thread caches, so
 * without this every one costs a trip through malloc's bins.  What a
 * thread keeps is freed when it exits.
 */
#define SPARE_MAX 64

typedef struct spares {
	block *list[SPARE_MAX];
	int n;
} spares;

static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void spares_free(void *arg)
{
	spares *sp = arg;

	for (int i = 0; i < sp->n; i++)
		free(sp->list[i]);
	free(sp);
}

static void spare_key_make(void)
{
	if (pthread_key_create(&spare_key, spares_free) != 0)
		abort();
}

/* The calling thread's spare blocks, NULL when it has none yet and make is false. */
static spares *spares_get(bool make)
{
	spares *sp;

	pthread_once(&spare_once, spare_key_make);
	sp = pthread_getspecific(spare_key);
	if (sp == NULL && make) {
		sp = calloc(1, sizeof(*sp));
		if (sp == NULL || pthread_setspecific(spare_key, sp) != 0) {
			free(sp);
			return NULL;
		}
	}
	return sp;
}

static block *block_new(size_t size)
{
	block *b;

	if (size == DEFAULT_BLOCK) {
		spares *sp = spares_get(false);

		if (sp != NULL && sp->n > 0) {
			b = sp->list[--sp->n];
			b->next = NULL;
			return b;
		}
	}
	b = malloc(sizeof(*b) + size);
	if (b == NULL)
		abort();
	b->next = NULL;
	b->size = size;
	return b;
}

static void block_free(block *b)
{
	if (b->size == DEFAULT_BLOCK) {
		spares *sp = spares_get(true);

		if (sp != NULL && sp->n < SPARE_MAX) {
			sp->list[sp->n++] = b;
			return;
		}
	}
	free(b);
}

sql_arena *sql_arena_new(size_t block_size)
{
	sql_arena *a = calloc(1, sizeof(*a));

	if (a == NULL)
		abort();
	a->bsize = block_size ? block_size : DEFAULT_BLOCK;
	a->first = a->head = block_new(a->bsize);
	return a;
}

void sql_arena_free(sql_arena *a)
{
	block *b, *next;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		block_free(b);
	}
	free(a);
}

void sql_arena_reset(sql_arena *a)
{
	block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		if (b != a->first)
			block_free(b);
	}
	a->head = a->first;
	a->first->next = NULL;
	a->used = 0;
	a->handed = 0;
}

void *sql_arena_alloc(sql_arena *a, size_t n)
{
	size_t at = (a->used + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	block *b;

	if (n > SIZE_MAX - ALIGN - sizeof(block))
		abort();
	a->handed += n;
	if (at <= a->head->size && n <= a->head->size - at) {
		a->used = at + n;
		return a->head->data + at;
	}

	/*
	 * A large request gets a block of its own, linked behind the head so
	 * that the head keeps filling; an ordinary one starts a new head.
	 */
	if (n > a->bsize / 4) {
		b = block_new(n);
		b->next = a->head->next;
		a->head->next = b;
		return b->data;
	}
	b = block_new(a->bsize);
	b->next = a->head;
	a->head = b;
	a->used = n;
	return b->data;
}

void *sql_arena_zalloc(sql_arena *a, size_t n)
{
	void *p = sql_arena_alloc(a, n);

	memset(p, 0, n);
	return p;
}

char *sql_arena_strndup(sql_arena *a, const char *s, size_t n)
{
	char *p = sql_arena_alloc(a, n + 1);

	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *sql_arena_printf(sql_arena *a, const char *fmt, ...)
{
	va_list ap, ap2;
	int n;
	char *p;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	p = sql_arena_alloc(a, (size_t)(n > 0 ? n : 0) + 1);
	vsnprintf(p, (size_t)(n > 0 ? n : 0) + 1, fmt, ap2);
	va_end(ap2);
	return p;
}

size_t sql_arena_used(const sql_arena *a)
{
	return a->handed;
}
