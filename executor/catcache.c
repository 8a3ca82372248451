/*
 * catcache.c - parsed table definitions shared by every session of the
 * process, found by their catalog text (catcache.h).
 *
 * Analysis needs a table's definition for every statement that names
 * it, and parsing the catalog JSON was a fifth of a point select's time.
 * A definition is a function of its text, so the text is the key: a
 * changed table has a new text and misses, and nothing can go stale.
 * Entries are immutable once made and referenced by the analyses that
 * use them (released with their an_ctx); when the cache is past its size
 * the least recently used entries nobody references are dropped.
 */
#include "catcache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_BUCKETS 256
#define CACHE_MAX     512 /* entries kept; more are dropped oldest first once unused */

struct cat_cached {
	struct cat_cached *next; /* in its bucket */
	uint64_t hash;
	char *json; /* the key: the catalog text and the name it was read under */
	size_t len;
	char *name;
	sql_arena *a; /* the definition's memory */
	cat_table *t;
	int refs;
	uint64_t used; /* the clock at the last lookup */

	/* cat_cache_memo's slots, one per column, made on first use; guarded by memo_mu. */
	pthread_mutex_t memo_mu;
	const void **memo;
	bool *memo_kept;
};

static struct {
	pthread_mutex_t mu;
	cat_cached *buckets[CACHE_BUCKETS];
	int n;
	uint64_t clock;
} cache = {PTHREAD_MUTEX_INITIALIZER, {NULL}, 0, 0};

/* FNV-1a over the text and the name. */
static uint64_t key_hash(const char *json, size_t len, const char *name)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)json[i]) * 1099511628211ULL;
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return h;
}

static cat_cached *find(uint64_t h, const char *json, size_t len, const char *name)
{
	for (cat_cached *e = cache.buckets[h % CACHE_BUCKETS]; e != NULL; e = e->next)
		if (e->hash == h && e->len == len && memcmp(e->json, json, len) == 0 &&
			strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

static void entry_free(cat_cached *e)
{
	pthread_mutex_destroy(&e->memo_mu);
	sql_arena_free(e->a);
	free(e->json);
	free(e->name);
	free(e);
}

/* Drop unreferenced entries, least recently used first, until the cache is back in size. */
static void shrink(void)
{
	while (cache.n > CACHE_MAX) {
		cat_cached **victim = NULL;

		for (int b = 0; b < CACHE_BUCKETS; b++)
			for (cat_cached **pp = &cache.buckets[b]; *pp != NULL; pp = &(*pp)->next)
				if ((*pp)->refs == 0 &&
					(victim == NULL || (*pp)->used < (*victim)->used))
					victim = pp;
		if (victim == NULL)
			return; /* everything is in use: the cache grows for now */
		{
			cat_cached *e = *victim;

			*victim = e->next;
			entry_free(e);
			cache.n--;
		}
	}
}

const cat_table *cat_cache_get(
	const char *json, size_t len, const char *name, cat_cached **ref, store_err *err)
{
	uint64_t h = key_hash(json, len, name);
	cat_cached *e, *mine;

	pthread_mutex_lock(&cache.mu);
	e = find(h, json, len, name);
	if (e != NULL) {
		e->refs++;
		e->used = ++cache.clock;
		pthread_mutex_unlock(&cache.mu);
		*ref = e;
		return e->t;
	}
	pthread_mutex_unlock(&cache.mu);

	/* Parse outside the lock; a thread that made the same entry meanwhile wins. */
	mine = calloc(1, sizeof(*mine));
	if (mine == NULL) {
		store_err_set(err, "53200", "out of memory");
		return NULL;
	}
	pthread_mutex_init(&mine->memo_mu, NULL);
	mine->a = sql_arena_new(0);
	mine->json = malloc(len + 1);
	mine->name = strdup(name);
	if (mine->json == NULL || mine->name == NULL) {
		entry_free(mine);
		store_err_set(err, "53200", "out of memory");
		return NULL;
	}
	memcpy(mine->json, json, len);
	mine->json[len] = '\0';
	mine->len = len;
	mine->hash = h;
	if (cat_table_parse(mine->a, json, len, &mine->t, err) != EXEC_OK) {
		entry_free(mine);
		return NULL;
	}
	if (mine->t->name == NULL || strcmp(mine->t->name, name) != 0)
		mine->t->name = sql_arena_strndup(mine->a, name, strlen(name));

	pthread_mutex_lock(&cache.mu);
	e = find(h, json, len, name);
	if (e != NULL) {
		entry_free(mine);
	} else {
		e = mine;
		e->next = cache.buckets[h % CACHE_BUCKETS];
		cache.buckets[h % CACHE_BUCKETS] = e;
		cache.n++;
	}
	e->refs++;
	e->used = ++cache.clock;
	shrink();
	pthread_mutex_unlock(&cache.mu);
	*ref = e;
	return e->t;
}

bool cat_cache_is(const cat_cached *ref, const char *json, size_t len)
{
	/* The key is immutable while referenced: no lock needed to read it. */
	return ref != NULL && ref->len == len && memcmp(ref->json, json, len) == 0;
}

void cat_cache_release(cat_cached *ref)
{
	if (ref == NULL)
		return;
	pthread_mutex_lock(&cache.mu);
	ref->refs--;
	pthread_mutex_unlock(&cache.mu);
}

const void *cat_cache_memo(cat_cached *ref, int i, bool *kept)
{
	const void *v = NULL;

	*kept = false;
	if (ref == NULL || i < 0 || i >= ref->t->ncols)
		return NULL;
	pthread_mutex_lock(&ref->memo_mu);
	if (ref->memo != NULL && ref->memo_kept[i]) {
		*kept = true;
		v = ref->memo[i];
	}
	pthread_mutex_unlock(&ref->memo_mu);
	return v;
}

const void *cat_cache_memo_keep(cat_cached *ref, int i,
	void *(*copy)(sql_arena *a, const void *v), const void *v)
{
	const void *out;

	if (ref == NULL || i < 0 || i >= ref->t->ncols)
		return NULL;
	pthread_mutex_lock(&ref->memo_mu);
	if (ref->memo == NULL) {
		ref->memo = sql_arena_zalloc(ref->a, sizeof(*ref->memo) * (size_t)ref->t->ncols);
		ref->memo_kept =
			sql_arena_zalloc(ref->a, sizeof(*ref->memo_kept) * (size_t)ref->t->ncols);
	}
	if (!ref->memo_kept[i]) {
		ref->memo[i] = copy(ref->a, v);
		ref->memo_kept[i] = true;
	}
	out = ref->memo[i];
	pthread_mutex_unlock(&ref->memo_mu);
	return out;
}
