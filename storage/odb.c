/*
 * odb.c - the store's object database (see odb.h).
 *
 * Memory generations and the read cache are open-addressing hash tables
 * split into shards with a mutex each.  Pack lists are immutable arrays
 * published with an atomic pointer; a list or pack that is replaced is
 * freed only after a grace period far longer than any lookup, which keeps
 * the read path free of reference counting on packs.
 */
#include "odb.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "object.h"
#include "pack.h"

#define NSHARDS       64
#define GRACE_SECONDS 10

void store_obj_unref(store_obj *o)
{
	if (o != NULL && atomic_fetch_sub_explicit(&o->refs, 1, memory_order_acq_rel) == 1)
		free(o);
}

static store_obj *obj_new(store_objtype type, const store_oid *oid, const void *data, size_t len)
{
	store_obj *o = malloc(sizeof(*o) + len + 1);

	if (o == NULL)
		abort();
	atomic_init(&o->refs, 1);
	o->type = type;
	o->oid = *oid;
	o->seq = 0;
	memset(&o->newer, 0, sizeof(o->newer));
	o->len = len;
	if (len)
		memcpy(o->data, data, len);
	o->data[len] = '\0';
	return o;
}

/* ---- A sharded hash table of objects ---- */

typedef struct shard {
	pthread_mutex_t lock;
	store_obj **slots; /* open addressing, linear probing; NULL is empty */
	uint16_t *tags;    /* a slot's oid_tag: a probe passes others without a cache miss */
	size_t cap;        /* power of two */
	size_t count;
	size_t bytes;
	uint64_t clock; /* cache only: next slot the evictor looks at */
} shard;

typedef struct objtab {
	shard shards[NSHARDS];
} objtab;

static void objtab_init(objtab *t)
{
	for (int i = 0; i < NSHARDS; i++) {
		pthread_mutex_init(&t->shards[i].lock, NULL);
		t->shards[i].slots = NULL;
		t->shards[i].tags = NULL;
		t->shards[i].cap = t->shards[i].count = t->shards[i].bytes = 0;
		t->shards[i].clock = 0;
	}
}

static void objtab_destroy(objtab *t)
{
	for (int i = 0; i < NSHARDS; i++) {
		shard *s = &t->shards[i];

		for (size_t j = 0; j < s->cap; j++)
			store_obj_unref(s->slots[j]);
		free(s->slots);
		free(s->tags);
		pthread_mutex_destroy(&s->lock);
	}
}

static inline shard *shard_of(objtab *t, const store_oid *oid)
{
	return &t->shards[oid->id[19] % NSHARDS];
}

/* Bits of an oid's hash that its slot index does not use. */
static inline uint16_t oid_tag(const store_oid *oid)
{
	return (uint16_t)(store_oid_hash(oid) >> 48);
}

/* Probe for oid; returns the slot index holding it or the empty slot to use. */
static size_t shard_probe(const shard *s, const store_oid *oid)
{
	size_t mask = s->cap - 1;
	uint64_t h = store_oid_hash(oid);
	size_t i = (size_t)(h >> 6) & mask;
	uint16_t tag = (uint16_t)(h >> 48);

	while (s->slots[i] != NULL &&
		(s->tags[i] != tag || !store_oid_equal(&s->slots[i]->oid, oid)))
		i = (i + 1) & mask;
	return i;
}

/* Put o (which may be NULL: empty) in slot i. */
static inline void slot_set(shard *s, size_t i, store_obj *o)
{
	s->slots[i] = o;
	s->tags[i] = o != NULL ? oid_tag(&o->oid) : 0;
}

static void shard_grow(shard *s)
{
	size_t oldcap = s->cap;
	store_obj **old = s->slots;

	s->cap = oldcap ? oldcap * 2 : 256;
	s->slots = calloc(s->cap, sizeof(*s->slots));
	free(s->tags);
	s->tags = calloc(s->cap, sizeof(*s->tags));
	if (s->slots == NULL || s->tags == NULL)
		abort();
	for (size_t j = 0; j < oldcap; j++) {
		if (old[j] != NULL)
			slot_set(s, shard_probe(s, &old[j]->oid), old[j]);
	}
	free(old);
}

/* Find and take a reference; NULL when absent. */
static store_obj *objtab_get(objtab *t, const store_oid *oid)
{
	shard *s = shard_of(t, oid);
	store_obj *o = NULL;

	pthread_mutex_lock(&s->lock);
	if (s->cap) {
		o = s->slots[shard_probe(s, oid)];
		if (o != NULL)
			store_obj_ref(o);
	}
	pthread_mutex_unlock(&s->lock);
	return o;
}

/* Insert o (taking over the caller's reference) unless present; 1 if inserted. */
static int objtab_put(objtab *t, store_obj *o)
{
	shard *s = shard_of(t, &o->oid);
	size_t i;

	pthread_mutex_lock(&s->lock);
	if (s->count * 2 >= s->cap)
		shard_grow(s);
	i = shard_probe(s, &o->oid);
	if (s->slots[i] != NULL) {
		pthread_mutex_unlock(&s->lock);
		store_obj_unref(o);
		return 0;
	}
	slot_set(s, i, o);
	s->count++;
	s->bytes += o->len;
	pthread_mutex_unlock(&s->lock);
	return 1;
}

/*
 * Remove the entry at slot i, re-inserting the probe chain after it so
 * lookups stay correct (no tombstones).  Caller holds the lock.
 */
static void shard_remove_at(shard *s, size_t i)
{
	size_t mask = s->cap - 1;

	s->bytes -= s->slots[i]->len;
	store_obj_unref(s->slots[i]);
	slot_set(s, i, NULL);
	s->count--;
	for (size_t j = (i + 1) & mask; s->slots[j] != NULL; j = (j + 1) & mask) {
		store_obj *o = s->slots[j];

		slot_set(s, j, NULL);
		slot_set(s, shard_probe(s, &o->oid), o);
	}
}

/* ---- The database ---- */

struct store_odb_gen {
	objtab tab;
	atomic_size_t bytes;
	atomic_size_t count;
	atomic_uint_fast64_t seq;      /* creation counter */
	atomic_int writers;            /* store_odb_write and _supersede calls inside it */
	_Atomic(store_odb_gen *) next; /* older sealed generations */
	time_t retired_at;
};

typedef struct packlist {
	size_t n;
	store_pack *packs[];
} packlist;

typedef struct retired {
	struct retired *next;
	time_t at;
	packlist *list;    /* freed */
	store_pack **gone; /* closed */
	size_t ngone;
	store_odb_gen *gen; /* destroyed */
} retired;

struct store_odb {
	char *objects_dir;
	char *pack_dir;

	/* Generations: the open one first, then sealed ones being packed. */
	_Atomic(store_odb_gen *) gens;
	pthread_mutex_t gens_lock; /* writers of the list only */

	/* Cache of objects read from disk. */
	objtab cache;
	size_t cache_bytes_per_shard;

	_Atomic(packlist *) packs;
	pthread_mutex_t packs_lock; /* writers of the list only */

	pthread_mutex_t retire_lock;
	retired *retired;

	/* One merge at a time; nothing retired is freed while one reads packs. */
	pthread_mutex_t merge_lock;
	atomic_int merging;
};

static store_odb_gen *gen_new(void)
{
	store_odb_gen *g = calloc(1, sizeof(*g));

	if (g == NULL)
		abort();
	objtab_init(&g->tab);
	return g;
}

static void gen_free(store_odb_gen *g)
{
	objtab_destroy(&g->tab);
	free(g);
}

static void retire_add(store_odb *db, retired *r)
{
	r->at = time(NULL);
	pthread_mutex_lock(&db->retire_lock);
	r->next = db->retired;
	db->retired = r;
	pthread_mutex_unlock(&db->retire_lock);
}

static void retired_free(retired *r)
{
	free(r->list);
	for (size_t i = 0; i < r->ngone; i++)
		store_pack_close(r->gone[i]);
	free(r->gone);
	if (r->gen != NULL)
		gen_free(r->gen);
	free(r);
}

/* Free what was retired more than GRACE_SECONDS ago (all of it when force). */
static void retire_collect(store_odb *db, int force)
{
	time_t now = time(NULL);
	retired **pp, *r;

	if (!force && atomic_load(&db->merging) > 0)
		return;
	pthread_mutex_lock(&db->retire_lock);
	pp = &db->retired;
	while ((r = *pp) != NULL) {
		if (force || now - r->at > GRACE_SECONDS) {
			*pp = r->next;
			retired_free(r);
		} else {
			pp = &r->next;
		}
	}
	pthread_mutex_unlock(&db->retire_lock);
}

static int name_in_list(const packlist *l, const char *name)
{
	for (size_t i = 0; l != NULL && i < l->n; i++) {
		if (strcmp(store_pack_name(l->packs[i]), name) == 0)
			return 1;
	}
	return 0;
}

int store_odb_rescan(store_odb *db, store_err *err)
{
	DIR *d;
	struct dirent *de;
	packlist *old, *nl;
	size_t cap = 16;
	retired *r;

	pthread_mutex_lock(&db->packs_lock);
	old = atomic_load(&db->packs);
	nl = malloc(sizeof(*nl) + cap * sizeof(store_pack *));
	if (nl == NULL)
		abort();
	nl->n = 0;

	/* Keep open packs whose files still exist; open new ones. */
	d = opendir(db->pack_dir);
	while (d != NULL && (de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		char name[256];
		store_pack *p = NULL;

		if (len < 5 || len >= sizeof(name) || strcmp(de->d_name + len - 4, ".idx") != 0 ||
			strncmp(de->d_name, "pack-", 5) != 0)
			continue;
		memcpy(name, de->d_name, len - 4);
		name[len - 4] = '\0';
		for (size_t i = 0; old != NULL && i < old->n; i++) {
			if (strcmp(store_pack_name(old->packs[i]), name) == 0)
				p = old->packs[i];
		}
		if (p == NULL) {
			store_err perr;

			store_err_clear(&perr);
			p = store_pack_open(db->pack_dir, name, &perr);
			if (p == NULL) {
				/* A pack being written by git right now has no .pack yet. */
				continue;
			}
		}
		if (nl->n == cap) {
			cap *= 2;
			nl = realloc(nl, sizeof(*nl) + cap * sizeof(store_pack *));
			if (nl == NULL)
				abort();
		}
		nl->packs[nl->n++] = p;
	}
	if (d != NULL)
		closedir(d);

	/* Publish, then retire the old list and the packs that vanished. */
	atomic_store(&db->packs, nl);
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		abort();
	r->list = old;
	for (size_t i = 0; old != NULL && i < old->n; i++) {
		if (!name_in_list(nl, store_pack_name(old->packs[i]))) {
			r->gone = realloc(r->gone, (r->ngone + 1) * sizeof(*r->gone));
			r->gone[r->ngone++] = old->packs[i];
		}
	}
	pthread_mutex_unlock(&db->packs_lock);
	retire_add(db, r);
	retire_collect(db, 0);
	(void)err;
	return STORE_OK;
}

int store_odb_open(store_odb **out, const char *objects_dir, size_t cache_bytes, store_err *err)
{
	store_odb *db = calloc(1, sizeof(*db));

	if (db == NULL)
		abort();
	if (asprintf(&db->objects_dir, "%s", objects_dir) < 0 ||
		asprintf(&db->pack_dir, "%s/pack", objects_dir) < 0)
		abort();
	atomic_init(&db->gens, gen_new());
	pthread_mutex_init(&db->gens_lock, NULL);
	objtab_init(&db->cache);
	db->cache_bytes_per_shard = cache_bytes / NSHARDS;
	atomic_init(&db->packs, NULL);
	pthread_mutex_init(&db->packs_lock, NULL);
	pthread_mutex_init(&db->retire_lock, NULL);
	pthread_mutex_init(&db->merge_lock, NULL);
	if (store_odb_rescan(db, err) != STORE_OK) {
		store_odb_close(db);
		return STORE_ERROR;
	}
	*out = db;
	return STORE_OK;
}

void store_odb_close(store_odb *db)
{
	packlist *l;
	store_odb_gen *g, *next;

	if (db == NULL)
		return;
	retire_collect(db, 1);
	l = atomic_load(&db->packs);
	for (size_t i = 0; l != NULL && i < l->n; i++)
		store_pack_close(l->packs[i]);
	free(l);
	for (g = atomic_load(&db->gens); g != NULL; g = next) {
		next = atomic_load(&g->next);
		gen_free(g);
	}
	objtab_destroy(&db->cache);
	pthread_mutex_destroy(&db->gens_lock);
	pthread_mutex_destroy(&db->packs_lock);
	pthread_mutex_destroy(&db->retire_lock);
	pthread_mutex_destroy(&db->merge_lock);
	free(db->objects_dir);
	free(db->pack_dir);
	free(db);
}

/*
 * Cache an object read from disk, evicting others from its shard when
 * the shard is over budget.  Takes a reference of its own.
 */
static void cache_put(store_odb *db, store_obj *o)
{
	shard *s = shard_of(&db->cache, &o->oid);
	size_t i;

	if (db->cache_bytes_per_shard == 0 || o->len > db->cache_bytes_per_shard / 4)
		return;
	pthread_mutex_lock(&s->lock);
	while (s->bytes + o->len > db->cache_bytes_per_shard && s->count > 0) {
		size_t j = (size_t)(s->clock++ & (s->cap - 1));

		if (s->slots[j] != NULL)
			shard_remove_at(s, j);
	}
	if (s->count * 2 >= s->cap)
		shard_grow(s);
	i = shard_probe(s, &o->oid);
	if (s->slots[i] == NULL) {
		slot_set(s, i, store_obj_ref(o));
		s->count++;
		s->bytes += o->len;
	}
	pthread_mutex_unlock(&s->lock);
}

int store_odb_read(store_odb *db, const store_oid *oid, store_obj **out, store_err *err)
{
	store_obj *o;
	packlist *l;
	store_objtype type;
	unsigned char *data;
	size_t len;
	int r;

	/* Memory generations, newest first. */
	for (store_odb_gen *g = atomic_load(&db->gens); g != NULL; g = atomic_load(&g->next)) {
		if ((o = objtab_get(&g->tab, oid)) != NULL) {
			*out = o;
			return STORE_OK;
		}
	}

	/* The cache of disk objects. */
	if ((o = objtab_get(&db->cache, oid)) != NULL) {
		*out = o;
		return STORE_OK;
	}

	/* Packs, then loose files. */
	r = STORE_NOTFOUND;
	l = atomic_load(&db->packs);
	for (size_t i = 0; l != NULL && i < l->n && r == STORE_NOTFOUND; i++)
		r = store_pack_read(l->packs[i], oid, &type, &data, &len, err);
	if (r == STORE_NOTFOUND)
		r = store_loose_read(db->objects_dir, oid, &type, &data, &len, err);
	if (r != STORE_OK)
		return r;
	o = malloc(sizeof(*o) + len + 1);
	if (o == NULL)
		abort();
	atomic_init(&o->refs, 1);
	o->type = type;
	o->oid = *oid;
	o->seq = 0;
	memset(&o->newer, 0, sizeof(o->newer));
	o->len = len;
	memcpy(o->data, data, len + 1);
	free(data);
	cache_put(db, o);
	*out = o;
	return STORE_OK;
}

int store_odb_read_type(
	store_odb *db, const store_oid *oid, store_objtype type, store_obj **out, store_err *err)
{
	int r = store_odb_read(db, oid, out, err);
	char hex[STORE_OID_HEXSZ + 1];

	if (r != STORE_OK)
		return r;
	if ((*out)->type != type) {
		store_oid_fmt(hex, oid);
		store_err_set(err, "XX001", "object %s is a %s, not a %s", hex,
			store_objtype_name((*out)->type), store_objtype_name(type));
		store_obj_unref(*out);
		*out = NULL;
		return STORE_ERROR;
	}
	return STORE_OK;
}

int store_odb_exists(store_odb *db, const store_oid *oid)
{
	store_obj *o;
	store_err err;

	store_err_clear(&err);
	if (store_odb_read(db, oid, &o, &err) != STORE_OK)
		return 0;
	store_obj_unref(o);
	return 1;
}

/*
 * Enter the open generation as a writer.  A writer counts itself in,
 * then checks the generation is still the open one: either it sees a
 * seal that happened meanwhile and tries the new generation, or the
 * sealer sees it and waits for it to leave (store_odb_seal).
 */
static store_odb_gen *gen_enter(store_odb *db)
{
	for (;;) {
		store_odb_gen *g = atomic_load(&db->gens);

		atomic_fetch_add(&g->writers, 1);
		if (atomic_load(&db->gens) == g)
			return g;
		atomic_fetch_sub(&g->writers, 1);
	}
}

static void gen_leave(store_odb_gen *g)
{
	atomic_fetch_sub(&g->writers, 1);
}

void store_odb_write(
	store_odb *db, store_objtype type, const void *data, size_t len, store_oid *oid)
{
	store_odb_gen *g;
	store_obj *o;

	store_oid_hash_object(oid, type, data, len);

	/* Already in memory (an unchanged tree, a row written twice)? */
	g = gen_enter(db);
	for (store_odb_gen *h = g; h != NULL; h = atomic_load(&h->next)) {
		if ((o = objtab_get(&h->tab, oid)) != NULL) {
			store_obj_unref(o);
			gen_leave(g);
			return;
		}
	}
	o = obj_new(type, oid, data, len);
	o->seq = atomic_fetch_add(&g->seq, 1);
	if (objtab_put(&g->tab, o)) {
		atomic_fetch_add(&g->bytes, len);
		atomic_fetch_add(&g->count, 1);
	}
	gen_leave(g);
}

void store_odb_supersede(store_odb *db, const store_oid *old, const store_oid *newer)
{
	store_odb_gen *g;
	shard *s;

	if (store_oid_equal(old, newer) || store_oid_is_zero(old))
		return;
	g = gen_enter(db);
	s = shard_of(&g->tab, old);
	pthread_mutex_lock(&s->lock);
	if (s->cap) {
		store_obj *o = s->slots[shard_probe(s, old)];

		if (o != NULL && store_oid_is_zero(&o->newer))
			o->newer = *newer;
	}
	pthread_mutex_unlock(&s->lock);
	gen_leave(g);
}

/* Collect prefix matches in one table into *found / out. */
static void objtab_prefix(
	objtab *t, const store_oid *prefix, size_t nhex, store_oid *out, int *nfound)
{
	for (int i = 0; i < NSHARDS && *nfound < 2; i++) {
		shard *s = &t->shards[i];

		pthread_mutex_lock(&s->lock);
		for (size_t j = 0; j < s->cap && *nfound < 2; j++) {
			if (s->slots[j] != NULL &&
				store_oid_prefix_match(&s->slots[j]->oid, prefix, nhex)) {
				if (*nfound == 0 || !store_oid_equal(out, &s->slots[j]->oid)) {
					if (*nfound == 0)
						*out = s->slots[j]->oid;
					(*nfound)++;
				}
			}
		}
		pthread_mutex_unlock(&s->lock);
	}
}

int store_odb_find_prefix(
	store_odb *db, const char *hex, size_t nhex, store_oid *out, store_err *err)
{
	store_oid prefix, cand;
	int nfound = 0, n;
	packlist *l;

	if (nhex < 4 || nhex > STORE_OID_HEXSZ || store_oid_parse_prefix(&prefix, hex, nhex) < 0)
		return STORE_NOTFOUND;
	if (nhex == STORE_OID_HEXSZ) {
		if (!store_odb_exists(db, &prefix))
			return STORE_NOTFOUND;
		*out = prefix;
		return STORE_OK;
	}

	/* Each source reports 0, 1 or "2+" matches; merge them by identity. */
	for (store_odb_gen *g = atomic_load(&db->gens); g != NULL && nfound < 2;
		g = atomic_load(&g->next)) {
		n = 0;
		objtab_prefix(&g->tab, &prefix, nhex, &cand, &n);
		if (n >= 2 || (n == 1 && nfound == 1 && !store_oid_equal(out, &cand)))
			nfound = 2;
		else if (n == 1 && nfound == 0) {
			*out = cand;
			nfound = 1;
		}
	}
	l = atomic_load(&db->packs);
	for (size_t i = 0; l != NULL && i < l->n && nfound < 2; i++) {
		n = 0;
		store_pack_find_prefix(l->packs[i], &prefix, nhex, &cand, &n);
		if (n >= 2 || (n == 1 && nfound == 1 && !store_oid_equal(out, &cand)))
			nfound = 2;
		else if (n == 1 && nfound == 0) {
			*out = cand;
			nfound = 1;
		}
	}
	if (nfound < 2) {
		n = 0;
		store_loose_find_prefix(db->objects_dir, &prefix, nhex, &cand, &n);
		if (n >= 2 || (n == 1 && nfound == 1 && !store_oid_equal(out, &cand)))
			nfound = 2;
		else if (n == 1 && nfound == 0) {
			*out = cand;
			nfound = 1;
		}
	}
	if (nfound == 0)
		return STORE_NOTFOUND;
	if (nfound > 1)
		return store_err_set(
			err, "42704", "object id prefix \"%.*s\" is ambiguous", (int)nhex, hex);
	return STORE_OK;
}

store_odb_gen *store_odb_seal(store_odb *db)
{
	store_odb_gen *cur, *fresh = gen_new();

	pthread_mutex_lock(&db->gens_lock);
	cur = atomic_load(&db->gens);
	atomic_init(&fresh->next, cur);
	atomic_store(&db->gens, fresh);
	pthread_mutex_unlock(&db->gens_lock);

	/* Writers that entered before the swap finish in a few microseconds. */
	while (atomic_load(&cur->writers) > 0)
		sched_yield();
	return cur;
}

size_t store_odb_gen_count(const store_odb_gen *g)
{
	return atomic_load(&g->count);
}

size_t store_odb_gen_bytes(const store_odb_gen *g)
{
	return atomic_load(&g->bytes);
}

size_t store_odb_mem_bytes(store_odb *db)
{
	size_t n = 0;

	for (store_odb_gen *g = atomic_load(&db->gens); g != NULL; g = atomic_load(&g->next))
		n += atomic_load(&g->bytes);
	return n;
}

size_t store_odb_open_bytes(store_odb *db)
{
	return atomic_load(&atomic_load(&db->gens)->bytes);
}

static int obj_newest_first(const void *a, const void *b)
{
	const store_obj *x = *(store_obj *const *)a, *y = *(store_obj *const *)b;

	return x->seq < y->seq ? 1 : x->seq > y->seq ? -1 : 0;
}

int store_odb_gen_pack(store_odb *db, store_odb_gen *g, store_err *err)
{
	size_t n = 0, cap = store_odb_gen_count(g);
	store_obj **v;
	store_packw *w;
	char name[128];
	int r = STORE_OK;

	if (cap == 0)
		return STORE_OK;

	/* The generation is sealed: nobody inserts any more, only readers probe. */
	v = malloc(cap * sizeof(*v));
	if (v == NULL)
		return store_err_set(err, "53200", "out of memory");
	for (int i = 0; i < NSHARDS; i++) {
		shard *s = &g->tab.shards[i];

		for (size_t j = 0; j < s->cap && n < cap; j++) {
			if (s->slots[j] != NULL)
				v[n++] = s->slots[j];
		}
	}

	/*
	 * Newest first, so that the version an older one is a delta against
	 * is in the pack before it, and the newest version of each path,
	 * which the next commits read, is stored whole.
	 */
	qsort(v, n, sizeof(*v), obj_newest_first);
	w = store_packw_open(db->pack_dir, 0, err);
	if (w == NULL) {
		free(v);
		return STORE_ERROR;
	}
	for (size_t i = 0; i < n && r == STORE_OK; i++) {
		store_obj *o = v[i], *base = NULL;

		if (!store_oid_is_zero(&o->newer))
			base = objtab_get(&g->tab, &o->newer);
		if (base != NULL && base->type == o->type)
			r = store_packw_add_against(w, o->type, o->data, o->len, &o->oid,
				&base->oid, base->data, base->len, err);
		else
			r = store_packw_add(w, o->type, o->data, o->len, &o->oid, err);
		store_obj_unref(base);
	}
	free(v);
	if (r != STORE_OK) {
		store_packw_abort(w);
		return STORE_ERROR;
	}
	if (store_packw_finish(w, name, sizeof(name), err) != STORE_OK)
		return STORE_ERROR;
	return store_odb_rescan(db, err);
}

void store_odb_retire(store_odb *db, store_odb_gen *g)
{
	store_odb_gen *h;
	retired *r;

	/* Unlink g from the list; readers already past it finish safely. */
	pthread_mutex_lock(&db->gens_lock);
	for (h = atomic_load(&db->gens); h != NULL && atomic_load(&h->next) != g;
		h = atomic_load(&h->next))
		;
	if (h != NULL)
		atomic_store(&h->next, atomic_load(&g->next));
	pthread_mutex_unlock(&db->gens_lock);

	r = calloc(1, sizeof(*r));
	if (r == NULL)
		abort();
	r->gen = g;
	retire_add(db, r);
	retire_collect(db, 0);
}

size_t store_odb_pack_count(store_odb *db)
{
	packlist *l = atomic_load(&db->packs);

	return l == NULL ? 0 : l->n;
}

/* ---- Merging packs ---- */

typedef struct sized_pack {
	store_pack *p;
	uint64_t size;
} sized_pack;

static int sized_cmp(const void *a, const void *b)
{
	const sized_pack *x = a, *y = b;

	return x->size < y->size ? -1 : x->size > y->size;
}

/* 1 when objects/pack/<name>.keep exists: git's mark for a pack not to repack. */
static int pack_kept(store_odb *db, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s.keep", db->pack_dir, name);
	return access(path, F_OK) == 0;
}

/*
 * How many of the packs (sorted by size, smallest first) to merge so
 * that the rest, with the merged one, grow at least twofold from one to
 * the next: git's geometric repack.  A new pack then joins a merge only
 * when the small ones add up to half of the next, so each byte is copied
 * O(log n) times and the number of packs stays logarithmic.
 */
static size_t geometric_split(const sized_pack *v, size_t n)
{
	size_t split, i;
	uint64_t total = 0;

	/* The largest packs already in progression stay. */
	for (split = n - 1; split > 0; split--) {
		if (v[split].size < 2 * v[split - 1].size)
			break;
	}
	if (split == 0)
		return 0;

	/* The merged pack must itself be no more than half of the next. */
	for (i = 0; i <= split; i++)
		total += v[i].size;
	while (split + 1 < n && v[split + 1].size < 2 * total) {
		total += v[++split].size;
	}
	return split + 1;
}

/* Remove a pack's files, index first so that nobody discovers it half-gone. */
static void pack_unlink(store_odb *db, const char *name)
{
	static const char *const ext[] = {".idx", ".pack", ".rev", ".bitmap", ".mtimes"};
	char path[4096];

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s%s", db->pack_dir, name, ext[i]);
		unlink(path);
	}
}

/* Remove loose objects now packed, and the fan-out directories they leave empty. */
static void loose_unlink(store_odb *db, const store_oid *ids, size_t n)
{
	char hex[STORE_OID_HEXSZ + 1], path[4096];

	for (size_t i = 0; i < n; i++) {
		store_oid_fmt(hex, &ids[i]);
		snprintf(path, sizeof(path), "%s/%.2s/%s", db->objects_dir, hex, hex + 2);
		unlink(path);
	}
	for (int b = 0; b < 256; b++) {
		snprintf(path, sizeof(path), "%s/%02x", db->objects_dir, b);
		rmdir(path); /* fails, as it should, when the directory is not empty */
	}
}

int store_odb_merge(store_odb *db, size_t *merged, store_err *err)
{
	packlist *l;
	sized_pack *v;
	size_t n = 0, take;
	store_packw *w = NULL;
	char name[128];
	int r = STORE_OK;

	*merged = 0;
	pthread_mutex_lock(&db->merge_lock);
	atomic_fetch_add(&db->merging, 1);

	/* The candidates: every pack not marked .keep, smallest first. */
	l = atomic_load(&db->packs);
	v = malloc((l != NULL && l->n ? l->n : 1) * sizeof(*v));
	if (v == NULL) {
		r = store_err_set(err, "53200", "out of memory");
		goto out;
	}
	for (size_t i = 0; l != NULL && i < l->n; i++) {
		if (pack_kept(db, store_pack_name(l->packs[i])))
			continue;
		v[n].p = l->packs[i];
		v[n].size = store_pack_size(l->packs[i]);
		n++;
	}
	qsort(v, n, sizeof(*v), sized_cmp);
	take = n > 1 ? geometric_split(v, n) : 0;
	if (take < 2)
		goto out;

	/* One new pack with all their objects, entries as stored, published before any goes. */
	w = store_packw_open(db->pack_dir, 0, err);
	if (w == NULL) {
		r = STORE_ERROR;
		goto out;
	}
	for (size_t i = 0; i < take && r == STORE_OK; i++)
		r = store_packw_add_pack(w, v[i].p, 0, err);
	if (r != STORE_OK) {
		store_packw_abort(w);
		goto out;
	}
	if ((r = store_packw_finish(w, name, sizeof(name), err)) != STORE_OK)
		goto out;
	for (size_t i = 0; i < take; i++) {
		if (strcmp(store_pack_name(v[i].p), name) != 0)
			pack_unlink(db, store_pack_name(v[i].p));
	}
	*merged = take;
	r = store_odb_rescan(db, err);

out:
	free(v);
	atomic_fetch_sub(&db->merging, 1);
	pthread_mutex_unlock(&db->merge_lock);
	return r;
}

/* ---- VACUUM: one pack, deltas found by walking history ---- */

/* An open-addressing set of object ids. */
typedef struct oidset {
	store_oid *v;
	unsigned char *used;
	size_t cap, n;
} oidset;

/* Insert; returns 1 when oid was new. */
static int oidset_add(oidset *s, const store_oid *oid)
{
	size_t i;

	if (2 * (s->n + 1) > s->cap) {
		oidset big = {NULL, NULL, s->cap ? 2 * s->cap : 4096, 0};

		big.v = malloc(big.cap * sizeof(*big.v));
		big.used = calloc(big.cap, 1);
		if (big.v == NULL || big.used == NULL)
			abort();
		for (size_t k = 0; k < s->cap; k++)
			if (s->used[k])
				oidset_add(&big, &s->v[k]);
		free(s->v);
		free(s->used);
		*s = big;
	}
	for (i = store_oid_hash(oid) & (s->cap - 1); s->used[i]; i = (i + 1) & (s->cap - 1)) {
		if (store_oid_equal(&s->v[i], oid))
			return 0;
	}
	s->used[i] = 1;
	s->v[i] = *oid;
	s->n++;
	return 1;
}

/* Path hash -> the newest object seen at that path. */
typedef struct pathmap {
	uint64_t *key; /* 0 = empty; hashes are forced odd */
	store_oid *val;
	size_t cap, n;
} pathmap;

/* Swap in oid as the newest at path; *prev receives what was there (zero if none). */
static void pathmap_swap(pathmap *m, uint64_t key, const store_oid *oid, store_oid *prev)
{
	size_t i;

	key |= 1;
	if (2 * (m->n + 1) > m->cap) {
		pathmap big = {NULL, NULL, m->cap ? 2 * m->cap : 4096, 0};
		store_oid ignored;

		big.key = calloc(big.cap, sizeof(*big.key));
		big.val = malloc(big.cap * sizeof(*big.val));
		if (big.key == NULL || big.val == NULL)
			abort();
		for (size_t k = 0; k < m->cap; k++)
			if (m->key[k])
				pathmap_swap(&big, m->key[k], &m->val[k], &ignored);
		free(m->key);
		free(m->val);
		*m = big;
	}
	for (i = key & (m->cap - 1); m->key[i] && m->key[i] != key; i = (i + 1) & (m->cap - 1))
		;
	if (m->key[i] == 0) {
		m->key[i] = key;
		m->n++;
		memset(prev, 0, sizeof(*prev));
	} else {
		*prev = m->val[i];
	}
	m->val[i] = *oid;
}

static uint64_t path_hash(uint64_t parent, const char *name, size_t len)
{
	uint64_t h = parent ^ 0x9e3779b97f4a7c15ull;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 0x100000001b3ull;
	return h * 0xff51afd7ed558ccdull;
}

/* Commits waiting to be walked, newest first (a binary max-heap on time). */
typedef struct cheap {
	struct centry {
		int64_t time;
		store_oid oid;
		uint64_t line; /* the history it belongs to: paths are told apart by it */
	} * v;
	size_t n, cap;
} cheap;

static void cheap_push(cheap *h, int64_t time, const store_oid *oid, uint64_t line)
{
	size_t i;

	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 256;
		h->v = realloc(h->v, h->cap * sizeof(*h->v));
		if (h->v == NULL)
			abort();
	}
	for (i = h->n++; i > 0 && h->v[(i - 1) / 2].time < time; i = (i - 1) / 2)
		h->v[i] = h->v[(i - 1) / 2];
	h->v[i].time = time;
	h->v[i].oid = *oid;
	h->v[i].line = line;
}

static struct centry cheap_pop(cheap *h)
{
	struct centry top = h->v[0];
	struct centry last = h->v[--h->n];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->v[c + 1].time > h->v[c].time)
			c++;
		if (h->v[c].time <= last.time)
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->n > 0)
		h->v[i] = last;
	return top;
}

typedef struct repack {
	store_odb *db;
	store_packw *w;
	oidset seen;
	pathmap newest;
	cheap queue;
	store_err *err;
} repack;

/*
 * Write one object: as a delta against the next newer version at its
 * path (prev) when that is in the pack, whole otherwise.
 */
static int repack_emit(repack *rp, const store_obj *o, const store_oid *prev)
{
	store_obj *base = NULL;
	int r;

	if (!store_oid_is_zero(prev) && store_odb_read(rp->db, prev, &base, rp->err) != STORE_OK)
		return STORE_ERROR;
	if (base != NULL && base->type == o->type)
		r = store_packw_add_against(rp->w, o->type, o->data, o->len, &o->oid, &base->oid,
			base->data, base->len, rp->err);
	else
		r = store_packw_add(rp->w, o->type, o->data, o->len, &o->oid, rp->err);
	store_obj_unref(base);
	return r;
}

/* Write a tree and, below it, every tree and blob not written yet. */
static int repack_tree(repack *rp, const store_oid *tree, uint64_t path, const store_oid *prev)
{
	store_obj *o;
	store_tree_entry e;
	size_t pos = 0;
	int r;

	if ((r = store_odb_read_type(rp->db, tree, STORE_OBJ_TREE, &o, rp->err)) != STORE_OK)
		return r;
	r = repack_emit(rp, o, prev);
	while (r == STORE_OK && (r = store_tree_next(o->data, o->len, &pos, &e)) == 1) {
		uint64_t child = path_hash(path, e.name, e.namelen);
		store_oid older;
		store_obj *b;

		r = STORE_OK;
		if (e.mode == 0160000u || !oidset_add(&rp->seen, &e.oid))
			continue; /* a submodule's commit, or written already */
		pathmap_swap(&rp->newest, child, &e.oid, &older);
		if (e.mode == STORE_MODE_TREE) {
			r = repack_tree(rp, &e.oid, child, &older);
		} else if ((r = store_odb_read(rp->db, &e.oid, &b, rp->err)) == STORE_OK) {
			r = repack_emit(rp, b, &older);
			store_obj_unref(b);
		}
	}
	if (r < 0 && !store_err_isset(rp->err)) {
		char hex[STORE_OID_HEXSZ + 1];

		store_oid_fmt(hex, tree);
		store_err_set(rp->err, "XX001", "tree %s is malformed", hex);
	}
	store_obj_unref(o);
	return r < 0 ? STORE_ERROR : STORE_OK;
}

/*
 * Queue a root: a commit by its time, a tag's target, a tree or blob at
 * once.  Each root starts a line of history (its index): the trees of
 * refs/notes/chrondb and of a branch live at the same paths, and a tree
 * is a good base only for the next version of its own line.
 */
static int repack_root(repack *rp, const store_oid *oid, uint64_t line)
{
	store_obj *o;
	store_commit c;
	int r;

	if (!oidset_add(&rp->seen, oid))
		return STORE_OK;
	if ((r = store_odb_read(rp->db, oid, &o, rp->err)) != STORE_OK)
		return r;
	switch (o->type) {
	case STORE_OBJ_COMMIT:
		if (store_commit_parse(o->data, o->len, &c) < 0) {
			r = store_err_set(rp->err, "XX001", "a commit is malformed");
			break;
		}
		cheap_push(&rp->queue, c.committer.time, oid, line);
		break;
	case STORE_OBJ_TAG: {
		/* "object <hex>\n" first: the tagged object is a root too. */
		store_oid target;

		r = store_packw_add(rp->w, o->type, o->data, o->len, oid, rp->err);
		if (r == STORE_OK && o->len > 7 + STORE_OID_HEXSZ &&
			memcmp(o->data, "object ", 7) == 0 &&
			store_oid_parse(&target, (const char *)o->data + 7, STORE_OID_HEXSZ) == 0)
			r = repack_root(rp, &target, line);
		break;
	}
	case STORE_OBJ_TREE: {
		store_oid none = {{0}};

		r = repack_tree(rp, oid, path_hash(line, "", 0), &none);
		break;
	}
	default:
		r = store_packw_add(rp->w, o->type, o->data, o->len, oid, rp->err);
	}
	store_obj_unref(o);
	return r;
}

/* Walk commits newest first: each commit, its tree's new objects, then its parents. */
static int repack_walk(repack *rp)
{
	int r = STORE_OK;

	while (r == STORE_OK && rp->queue.n > 0) {
		struct centry ce = cheap_pop(&rp->queue);
		store_oid id = ce.oid;
		uint64_t root = path_hash(ce.line, "", 0);
		store_obj *o;
		store_commit c;

		if ((r = store_odb_read_type(rp->db, &id, STORE_OBJ_COMMIT, &o, rp->err)) !=
			STORE_OK)
			break;
		if (store_commit_parse(o->data, o->len, &c) < 0) {
			store_obj_unref(o);
			r = store_err_set(rp->err, "XX001", "a commit is malformed");
			break;
		}
		r = store_packw_add(rp->w, STORE_OBJ_COMMIT, o->data, o->len, &id, rp->err);
		if (r == STORE_OK && oidset_add(&rp->seen, &c.tree)) {
			store_oid older;

			pathmap_swap(&rp->newest, root, &c.tree, &older);
			r = repack_tree(rp, &c.tree, root, &older);
		}
		for (int i = 0; r == STORE_OK && i < c.nparents && i < STORE_MAX_PARENTS; i++) {
			store_obj *p;
			store_commit pc;

			if (!oidset_add(&rp->seen, &c.parents[i]))
				continue;
			r = store_odb_read_type(
				rp->db, &c.parents[i], STORE_OBJ_COMMIT, &p, rp->err);
			if (r == STORE_NOTFOUND)
				r = STORE_OK; /* a shallow history: nothing more to walk there */
			if (r != STORE_OK || p == NULL)
				continue;
			if (store_commit_parse(p->data, p->len, &pc) == 0)
				cheap_push(&rp->queue, pc.committer.time, &c.parents[i], ce.line);
			store_obj_unref(p);
		}
		store_obj_unref(o);
	}
	return r;
}

int store_odb_repack(
	store_odb *db, const store_oid *roots, size_t nroots, int level, store_err *err)
{
	repack rp;
	packlist *l;
	store_oid *loose = NULL;
	size_t nloose = 0;
	char name[128];
	int r = STORE_OK;

	memset(&rp, 0, sizeof(rp));
	rp.db = db;
	rp.err = err;
	pthread_mutex_lock(&db->merge_lock);
	atomic_fetch_add(&db->merging, 1);
	l = atomic_load(&db->packs);
	if ((r = store_loose_list(db->objects_dir, &loose, &nloose, err)) != STORE_OK)
		goto out;
	rp.w = store_packw_open(db->pack_dir, level, err);
	if (rp.w == NULL) {
		r = STORE_ERROR;
		goto out;
	}

	/* What history reaches, newest first, with deltas along each path. */
	for (size_t i = 0; i < nroots && r == STORE_OK; i++)
		r = repack_root(&rp, &roots[i], i);
	if (r == STORE_OK)
		r = repack_walk(&rp);

	/*
	 * Then everything else the old packs and loose files hold: objects
	 * no ref reaches keep their place until a later VACUUM sees them
	 * unreferenced still.  Nothing is lost to a commit that reuses one.
	 */
	if (l != NULL && l->n > 0) {
		sized_pack *v = malloc(l->n * sizeof(*v));

		if (v == NULL)
			abort();
		for (size_t i = 0; i < l->n; i++) {
			v[i].p = l->packs[i];
			v[i].size = store_pack_size(l->packs[i]);
		}
		qsort(v, l->n, sizeof(*v),
			sized_cmp); /* smallest first: any order works; one is fixed */
		for (size_t i = 0; i < l->n && r == STORE_OK; i++)
			r = store_packw_add_pack(rp.w, v[i].p, 1, err);
		free(v);
	}
	for (size_t i = 0; i < nloose && r == STORE_OK; i++) {
		store_objtype type;
		unsigned char *data;
		size_t len;

		r = store_loose_read(db->objects_dir, &loose[i], &type, &data, &len, err);
		if (r == STORE_NOTFOUND) {
			r = STORE_OK;
			continue;
		}
		if (r == STORE_OK) {
			r = store_packw_add(rp.w, type, data, len, &loose[i], err);
			free(data);
		}
	}
	if (r != STORE_OK) {
		store_packw_abort(rp.w);
		goto out;
	}
	if ((r = store_packw_finish(rp.w, name, sizeof(name), err)) != STORE_OK)
		goto out;

	/* The new pack is durable: the old files go (one identical to it stays). */
	for (size_t i = 0; l != NULL && i < l->n; i++) {
		if (strcmp(store_pack_name(l->packs[i]), name) != 0 &&
			!pack_kept(db, store_pack_name(l->packs[i])))
			pack_unlink(db, store_pack_name(l->packs[i]));
	}
	if (nloose > 0)
		loose_unlink(db, loose, nloose);
	r = store_odb_rescan(db, err);

out:
	free(rp.seen.v);
	free(rp.seen.used);
	free(rp.newest.key);
	free(rp.newest.val);
	free(rp.queue.v);
	free(loose);
	atomic_fetch_sub(&db->merging, 1);
	pthread_mutex_unlock(&db->merge_lock);
	return r;
}
