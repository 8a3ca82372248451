/*
 * lock.c - the lock manager: row and table locks with PostgreSQL's modes
 * and conflict tables, held by lockers (one per session), released at
 * the end of a transaction or by a rollback to a savepoint, with waits
 * in line, timeouts, interrupts and deadlock detection, and the listing
 * pg_locks shows.  The manager knows names and modes, never what a lock
 * protects: the executor decides what to lock, and when.
 *
 * A lock is a tag (a kind byte, then the branch, the table and for rows
 * the key, NUL-separated; for an advisory lock its three numbers) and,
 * while anyone holds or awaits it, an
 * entry in the store's table: its holds (one per locker, a bit per mode
 * held) and its line of waiters, oldest first.  A request is granted
 * when no other locker holds a conflicting mode and, unless its locker
 * holds the lock already, no waiter ahead asks for a conflicting one:
 * so a stream of readers cannot starve a LOCK TABLE, and a locker that
 * holds a lock never queues behind one waiting for it (PostgreSQL puts
 * such a request ahead too).
 *
 * Fast path.  Every statement takes a weak table lock (ACCESS SHARE,
 * ROW SHARE, ROW EXCLUSIVE) on each table it reads or writes, and those
 * never conflict with one another.  As in PostgreSQL, a locker records
 * them in slots of its own, under its own mutex, while no strong lock
 * (SHARE and up) is held or awaited on a table hashing to the same
 * counter; a strong request first raises the counter, then moves every
 * locker's slots for that table into the shared table, where it can
 * see and wait for them.  The hot path costs an uncontended mutex and
 * an atomic read.
 *
 * Transaction scope and savepoints.  Each locker logs every mode bit it
 * gains, in order; a savepoint is a position in the log, and rolling
 * back to it clears the bits gained since, which gives back the weaker
 * mode a row had before an upgrade and releases what was new.  The end
 * of the transaction releases everything.
 *
 * Deadlocks: a request that must wait first follows the graph of waits
 * (a waiter waits for the holders of conflicting modes and for the
 * conflicting waiters ahead of it) and fails with 40P01 when the graph
 * leads back to itself; it looks again each time it wakes.  Every new
 * edge starts at a locker that begins or resumes waiting, so a cycle is
 * found by the request that closes it.  The message names the waits as
 * PostgreSQL's does: a row wait is a wait for the holder's transaction.
 */
#include "store_int.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Tag kinds. */
#define KIND_TABLE    'r'
#define KIND_ROW      't'
#define KIND_ADVISORY 'a'

/* An advisory lock's modes, as PostgreSQL's (table lock modes, the conflict table of tables). */
#define ADV_SHARE     STORE_LOCK_SHARE
#define ADV_EXCLUSIVE STORE_LOCK_EXCLUSIVE

/* Fast-path slots per locker, and the strong-lock counters per store. */
#define FP_SLOTS  16
#define FP_STRONG 1024
#define LOCK_HASH 4096

/*
 * A row hold's extra bit: the holder changes the row (STORE_ROW_WRITE).
 * It conflicts with nothing; an insert's probe looks for it.
 */
#define ROW_WRITER 5

/* A wait looks at its locker's interrupt flag this often. */
#define WAIT_SLICE_NS 50000000L

/* The waits a deadlock's DETAIL names, at most. */
#define DEADLOCK_EDGES 8

#define BIT(m) ((uint16_t)(1u << (m)))

/* PostgreSQL's conflict tables: which modes each mode conflicts with. */
static const uint16_t table_conflicts[9] = {
	0, BIT(8),                                                    /* ACCESS SHARE */
	BIT(7) | BIT(8),                                              /* ROW SHARE */
	BIT(5) | BIT(6) | BIT(7) | BIT(8),                            /* ROW EXCLUSIVE */
	BIT(4) | BIT(5) | BIT(6) | BIT(7) | BIT(8),                   /* SHARE UPDATE EXCLUSIVE */
	BIT(3) | BIT(4) | BIT(6) | BIT(7) | BIT(8),                   /* SHARE */
	BIT(3) | BIT(4) | BIT(5) | BIT(6) | BIT(7) | BIT(8),          /* SHARE ROW EXCLUSIVE */
	BIT(2) | BIT(3) | BIT(4) | BIT(5) | BIT(6) | BIT(7) | BIT(8), /* EXCLUSIVE */
	BIT(1) | BIT(2) | BIT(3) | BIT(4) | BIT(5) | BIT(6) | BIT(7) | BIT(8), /* ACCESS EXCL */
};
static const uint16_t row_conflicts[6] = {
	0, BIT(4),                         /* FOR KEY SHARE */
	BIT(3) | BIT(4),                   /* FOR SHARE */
	BIT(2) | BIT(3) | BIT(4),          /* FOR NO KEY UPDATE */
	BIT(1) | BIT(2) | BIT(3) | BIT(4), /* FOR UPDATE */
	0,                                 /* ROW_WRITER */
};

static const char *const table_mode_names[9] = {"", "AccessShareLock", "RowShareLock",
	"RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock",
	"ExclusiveLock", "AccessExclusiveLock"};

typedef struct lockobj lockobj;
typedef struct lockhold lockhold;

/* A lock someone holds or awaits (guarded by the manager's mutex). */
struct lockobj {
	uint64_t hash;
	char *tag;
	size_t taglen;
	uint32_t relid;
	lockhold *holds;
	store_locker *qhead, *qtail; /* waiters, oldest first */
	pthread_cond_t cond;         /* broadcast when a hold or a waiter goes */
	lockobj *next;               /* hash chain */
};

/*
 * One locker's modes of one lock (guarded by the manager's mutex).  An
 * advisory lock counts its takes per mode (0: share, 1: exclusive), at
 * session and at transaction level; its mode bit stays while either is.
 */
struct lockhold {
	lockobj *lock;
	store_locker *who;
	uint16_t modes;
	uint32_t nsession[2], nxact[2];
	lockhold *lnext;         /* the lock's holds */
	lockhold *wnext, *wprev; /* the locker's holds */
};

/* A weak table lock held without the shared table (the locker's fp_mutex). */
typedef struct fpslot {
	uint64_t hash;
	char *tag;
	size_t taglen, tagcap;
	uint32_t relid;
	uint16_t modes;
	uint16_t moved; /* bits moved to the shared table this transaction */
} fpslot;

/* One mode bit a locker gained, for savepoints (owner thread only). */
typedef struct logent {
	lockobj *lock; /* shared table; NULL: fast-path slot */
	int slot;      /* fast path: the slot; advisory: which count (0 share, 1 exclusive) */
	uint16_t bit;
	int adv; /* one transaction-level take of an advisory lock */
} logent;

struct store_locker {
	store *s;
	int32_t pid;
	uint32_t dboid;
	int backend;
	const atomic_int *interrupt;
	atomic_uint lxid; /* the transaction's local number, for its virtual id */
	int used_shared;  /* owner only: went to the shared table in this transaction */

	/* Guarded by the manager's mutex. */
	lockhold *holds;
	uint32_t xid;   /* assigned with the transaction's first row lock; 0 none */
	int in_xact;    /* took something through the shared table in this transaction */
	lockobj *wlock; /* what it waits for, or NULL */
	int wmode;
	int wbypass; /* it holds wlock already: the line ahead does not count */
	store_locker *wnext;
	int64_t wstart_us;
	uint64_t visit;              /* deadlock search */
	store_locker *rnext, *rprev; /* the manager's lockers */

	/* The fast path, guarded by fp_mutex. */
	pthread_mutex_t fp_mutex;
	fpslot fp[FP_SLOTS];

	/* The owner's log of bits gained in this transaction. */
	logent *log;
	size_t nlog, caplog;
};

typedef struct lockmgr {
	pthread_mutex_t mu;
	lockobj **hash;
	store_locker *lockers;
	atomic_uint strong[FP_STRONG];
	uint32_t next_xid;
	int next_backend;
	uint64_t visit;
} lockmgr;

/* ---- Small things ---- */

static const uint16_t *conflicts_of(char kind)
{
	return kind == KIND_ROW ? row_conflicts : table_conflicts;
}

/* An advisory tag's key: three 32-bit numbers after the kind. */
static void adv_key_of(const char *tag, uint32_t k[3])
{
	memcpy(k, tag + 1, sizeof(uint32_t) * 3);
}

static int64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/*
 * The tag of a table or row: kind, branch, table, each ending in a NUL
 * (so that messages can print the table), and the key for a row.
 */
static void make_tag(store_buf *b, char kind, const char *bname, const char *table,
	const char *key, size_t keylen)
{
	store_buf_putc(b, kind);
	store_buf_puts(b, bname);
	store_buf_putc(b, '\0');
	store_buf_puts(b, table);
	store_buf_putc(b, '\0');
	if (kind == KIND_ROW)
		store_buf_put(b, key, keylen);
}

/* The table name inside a tag (for messages). */
static const char *tag_table(const char *tag)
{
	return tag + 1 + strlen(tag + 1) + 1;
}

static int weak(int mode)
{
	return mode < STORE_LOCK_SHARE_UPDATE_EXCLUSIVE;
}

static int strong(int mode)
{
	return mode > STORE_LOCK_SHARE_UPDATE_EXCLUSIVE;
}

/* ---- The manager ---- */

void store_locks_init(store *s)
{
	lockmgr *m = calloc(1, sizeof(*m));

	if (m == NULL)
		abort();
	pthread_mutex_init(&m->mu, NULL);
	m->hash = calloc(LOCK_HASH, sizeof(*m->hash));
	if (m->hash == NULL)
		abort();
	for (size_t i = 0; i < FP_STRONG; i++)
		atomic_init(&m->strong[i], 0);
	m->next_xid = 1000; /* clear of PostgreSQL's reserved and bootstrap ids */
	s->locks = m;
}

void store_locks_destroy(store *s)
{
	lockmgr *m = s->locks;

	if (m == NULL)
		return;
	/* Every session is gone by now: the entries left are empty. */
	for (size_t i = 0; i < LOCK_HASH; i++) {
		lockobj *l = m->hash[i], *next;

		for (; l != NULL; l = next) {
			next = l->next;
			pthread_cond_destroy(&l->cond);
			free(l->tag);
			free(l);
		}
	}
	free(m->hash);
	pthread_mutex_destroy(&m->mu);
	free(m);
	s->locks = NULL;
}

static lockobj **bucket(lockmgr *m, uint64_t hash)
{
	return &m->hash[hash % LOCK_HASH];
}

static lockobj *lock_find(lockmgr *m, const char *tag, size_t len, uint64_t hash)
{
	for (lockobj *l = *bucket(m, hash); l != NULL; l = l->next)
		if (l->hash == hash && l->taglen == len && memcmp(l->tag, tag, len) == 0)
			return l;
	return NULL;
}

static lockobj *lock_get(lockmgr *m, const char *tag, size_t len, uint64_t hash, uint32_t relid)
{
	lockobj *l = lock_find(m, tag, len, hash), **b;

	if (l != NULL) {
		if (l->relid == 0)
			l->relid = relid;
		return l;
	}
	l = calloc(1, sizeof(*l));
	if (l == NULL || (l->tag = malloc(len)) == NULL)
		abort();
	memcpy(l->tag, tag, len);
	l->taglen = len;
	l->hash = hash;
	l->relid = relid;
	pthread_cond_init(&l->cond, NULL);
	b = bucket(m, hash);
	l->next = *b;
	*b = l;
	return l;
}

/* Free an entry nobody holds or awaits. */
static void lock_gc(lockmgr *m, lockobj *l)
{
	lockobj **pp;

	if (l->holds != NULL || l->qhead != NULL)
		return;
	for (pp = bucket(m, l->hash); *pp != l; pp = &(*pp)->next)
		;
	*pp = l->next;
	pthread_cond_destroy(&l->cond);
	free(l->tag);
	free(l);
}

static lockhold *hold_of(lockobj *l, const store_locker *lk)
{
	for (lockhold *h = l->holds; h != NULL; h = h->lnext)
		if (h->who == lk)
			return h;
	return NULL;
}

static lockhold *hold_get(lockobj *l, store_locker *lk)
{
	lockhold *h = hold_of(l, lk);

	if (h != NULL)
		return h;
	h = calloc(1, sizeof(*h));
	if (h == NULL)
		abort();
	h->lock = l;
	h->who = lk;
	h->lnext = l->holds;
	l->holds = h;
	h->wnext = lk->holds;
	if (lk->holds != NULL)
		lk->holds->wprev = h;
	lk->holds = h;
	return h;
}

static void hold_unlink(lockhold *h)
{
	lockobj *l = h->lock;
	store_locker *lk = h->who;
	lockhold **pp;

	for (pp = &l->holds; *pp != h; pp = &(*pp)->lnext)
		;
	*pp = h->lnext;
	if (h->wprev != NULL)
		h->wprev->wnext = h->wnext;
	else
		lk->holds = h->wnext;
	if (h->wnext != NULL)
		h->wnext->wprev = h->wprev;
	free(h);
}

/*
 * Clear bits of a hold (the manager's mutex held): a strong table mode
 * lowers its counter, waiters are woken, and an empty entry goes.
 */
static void hold_clear(lockmgr *m, lockhold *h, uint16_t bits)
{
	lockobj *l = h->lock;

	bits &= h->modes;
	if (bits == 0)
		return;
	if (l->tag[0] == KIND_TABLE)
		for (int mode = STORE_LOCK_SHARE; mode <= STORE_LOCK_ACCESS_EXCLUSIVE; mode++)
			if (bits & BIT(mode))
				atomic_fetch_sub(&m->strong[l->hash % FP_STRONG], 1);
	h->modes &= (uint16_t)~bits;
	if (l->qhead != NULL)
		pthread_cond_broadcast(&l->cond);
	if (h->modes == 0) {
		hold_unlink(h);
		lock_gc(m, l);
	}
}

/*
 * Move every locker's fast-path bits for a table into the shared table
 * (the manager's mutex held), so that a strong request sees them.
 */
static void fp_transfer(lockmgr *m, const char *tag, size_t len, uint64_t hash, uint32_t relid)
{
	for (store_locker *lk = m->lockers; lk != NULL; lk = lk->rnext) {
		pthread_mutex_lock(&lk->fp_mutex);
		for (int i = 0; i < FP_SLOTS; i++) {
			fpslot *f = &lk->fp[i];

			if (f->modes == 0 || f->hash != hash || f->taglen != len ||
				memcmp(f->tag, tag, len) != 0)
				continue;
			hold_get(lock_get(m, tag, len, hash, f->relid ? f->relid : relid), lk)
				->modes |= f->modes;
			f->moved |= f->modes;
			f->modes = 0;
		}
		pthread_mutex_unlock(&lk->fp_mutex);
	}
}

/* ---- Lockers ---- */

int store_locker_new(store *s, int32_t pid, uint32_t dboid, const atomic_int *interrupt,
	store_locker **out, store_err *err)
{
	lockmgr *m = s->locks;
	store_locker *lk = calloc(1, sizeof(*lk));

	if (lk == NULL)
		return store_err_set(err, "53200", "out of memory");
	lk->s = s;
	lk->pid = pid;
	lk->dboid = dboid;
	lk->interrupt = interrupt;
	atomic_init(&lk->lxid, 1);
	pthread_mutex_init(&lk->fp_mutex, NULL);
	pthread_mutex_lock(&m->mu);
	lk->backend = ++m->next_backend;
	lk->rnext = m->lockers;
	if (m->lockers != NULL)
		m->lockers->rprev = lk;
	m->lockers = lk;
	pthread_mutex_unlock(&m->mu);
	*out = lk;
	return STORE_OK;
}

static void release(store_locker *lk, int all);

void store_locker_free(store_locker *lk)
{
	lockmgr *m;

	if (lk == NULL)
		return;
	m = lk->s->locks;
	release(lk, 1);
	pthread_mutex_lock(&m->mu);
	if (lk->rprev != NULL)
		lk->rprev->rnext = lk->rnext;
	else
		m->lockers = lk->rnext;
	if (lk->rnext != NULL)
		lk->rnext->rprev = lk->rprev;
	pthread_mutex_unlock(&m->mu);
	for (int i = 0; i < FP_SLOTS; i++)
		free(lk->fp[i].tag);
	pthread_mutex_destroy(&lk->fp_mutex);
	free(lk->log);
	free(lk);
}

void store_locker_set_interrupt(store_locker *lk, const atomic_int *flag)
{
	lk->interrupt = flag;
}

/*
 * Release what the locker holds: at a transaction's end everything but
 * session-level advisory locks, at the session's (all) those too.
 */
static void release(store_locker *lk, int all)
{
	lockmgr *m = lk->s->locks;
	int shared = 0;
	lockhold *h, *next;

	/* The fast path first: most transactions hold nothing else. */
	pthread_mutex_lock(&lk->fp_mutex);
	for (int i = 0; i < FP_SLOTS; i++) {
		shared |= lk->fp[i].moved != 0;
		lk->fp[i].modes = lk->fp[i].moved = 0;
	}
	pthread_mutex_unlock(&lk->fp_mutex);
	lk->nlog = 0;
	atomic_fetch_add(&lk->lxid, 1);
	if (!shared && !lk->used_shared)
		return;
	pthread_mutex_lock(&m->mu);
	for (h = lk->holds; h != NULL; h = next) {
		uint16_t bits = h->modes;

		next = h->wnext;
		if (h->lock->tag[0] == KIND_ADVISORY && !all) {
			h->nxact[0] = h->nxact[1] = 0;
			bits = (uint16_t)((h->nsession[0] ? 0 : BIT(ADV_SHARE)) |
					  (h->nsession[1] ? 0 : BIT(ADV_EXCLUSIVE)));
		}
		hold_clear(m, h, bits);
	}
	lk->used_shared = lk->holds != NULL;
	lk->xid = 0;
	lk->in_xact = 0;
	pthread_mutex_unlock(&m->mu);
}

void store_locker_release(store_locker *lk)
{
	release(lk, 0);
}

size_t store_locker_mark(const store_locker *lk)
{
	return lk->nlog;
}

static void log_add(store_locker *lk, lockobj *l, int slot, uint16_t bit)
{
	if (lk->nlog == lk->caplog) {
		lk->caplog = lk->caplog ? 2 * lk->caplog : 32;
		lk->log = realloc(lk->log, lk->caplog * sizeof(*lk->log));
		if (lk->log == NULL)
			abort();
	}
	lk->log[lk->nlog++] = (logent){l, slot, bit, 0};
}

void store_locker_rollback(store_locker *lk, size_t mark)
{
	lockmgr *m = lk->s->locks;

	while (lk->nlog > mark) {
		logent *e = &lk->log[--lk->nlog];
		lockobj *l = e->lock;

		if (l == NULL) {
			fpslot *f = &lk->fp[e->slot];
			int moved;

			pthread_mutex_lock(&lk->fp_mutex);
			moved = (f->moved & e->bit) != 0;
			f->modes &= (uint16_t)~e->bit;
			f->moved &= (uint16_t)~e->bit;
			pthread_mutex_unlock(&lk->fp_mutex);
			if (!moved)
				continue;

			/* Moved by a strong request: the bit is in the shared table now. */
			pthread_mutex_lock(&m->mu);
			l = lock_find(m, f->tag, f->taglen, f->hash);
			if (l != NULL && hold_of(l, lk) != NULL)
				hold_clear(m, hold_of(l, lk), e->bit);
			pthread_mutex_unlock(&m->mu);
			continue;
		}
		pthread_mutex_lock(&m->mu);
		if (e->adv) {
			lockhold *h = hold_of(l, lk);

			/* One transaction-level take of an advisory lock undone. */
			if (h != NULL && h->nxact[e->slot] > 0 && --h->nxact[e->slot] == 0 &&
				h->nsession[e->slot] == 0)
				hold_clear(m, h, e->bit);
		} else if (hold_of(l, lk) != NULL) {
			hold_clear(m, hold_of(l, lk), e->bit);
		}
		pthread_mutex_unlock(&m->mu);
	}
}

/* ---- Waiting ---- */

/* Whether a's modes conflict with mode on a lock of this kind. */
static int clash(char kind, uint16_t held, int mode)
{
	return (conflicts_of(kind)[mode] & held) != 0;
}

/* The first locker lk must wait for on l to take mode, or NULL: holders first, then the line. */
static store_locker *blocker(
	const lockobj *l, const store_locker *lk, int mode, int bypass, int *holder)
{
	char kind = l->tag[0];

	for (const lockhold *h = l->holds; h != NULL; h = h->lnext)
		if (h->who != lk && clash(kind, h->modes, mode)) {
			*holder = 1;
			return h->who;
		}
	*holder = 0;
	if (bypass)
		return NULL;
	for (store_locker *w = l->qhead; w != NULL && w != lk; w = w->wnext)
		if (clash(kind, BIT(w->wmode), mode))
			return w;
	return NULL;
}

/* Whether some holder blocking lk from mode changes the row (an insert's probe waits for it). */
static int writer_blocks(const lockobj *l, const store_locker *lk, int mode)
{
	for (const lockhold *h = l->holds; h != NULL; h = h->lnext)
		if (h->who != lk && clash(l->tag[0], h->modes, mode) &&
			(h->modes & BIT(ROW_WRITER)))
			return 1;
	return 0;
}

/* One wait of a cycle, for the message. */
typedef struct edge {
	const store_locker *waiter, *holder;
	const lockobj *lock;
	int mode;
} edge;

typedef struct cycle {
	edge e[DEADLOCK_EDGES];
	size_t n;
} cycle;

/*
 * Whether the waits starting at w lead back to target (the manager's
 * mutex held); the path goes into c from position depth.
 */
static int reaches(lockmgr *m, store_locker *w, const store_locker *target, size_t depth, cycle *c)
{
	const lockobj *l = w->wlock;
	char kind;

	if (l == NULL)
		return 0;
	kind = l->tag[0];
	for (int pass = 0; pass < 2; pass++) {
		store_locker *next = NULL;
		const lockhold *h = pass == 0 ? l->holds : NULL;
		store_locker *q = pass == 1 && !w->wbypass ? l->qhead : NULL;

		for (;;) {
			if (pass == 0) {
				if (h == NULL)
					break;
				next = h->who != w && clash(kind, h->modes, w->wmode) ? h->who
										      : NULL;
				h = h->lnext;
			} else {
				if (q == NULL || q == w)
					break;
				next = clash(kind, BIT(q->wmode), w->wmode) ? q : NULL;
				q = q->wnext;
			}
			if (next == NULL)
				continue;
			if (depth < DEADLOCK_EDGES)
				c->e[depth] = (edge){w, next, l, w->wmode};
			c->n = depth + 1;
			if (next == target)
				return 1;
			if (next->visit == m->visit)
				continue;
			next->visit = m->visit;
			if (reaches(m, next, target, depth + 1, c))
				return 1;
		}
	}
	return 0;
}

/* What a lock is, in a deadlock message. */
static void describe_wait(store_buf *b, const edge *e)
{
	const lockobj *l = e->lock;

	if (l->tag[0] == KIND_ROW) {
		store_buf_printf(b, "ShareLock on transaction %u", e->holder->xid);
	} else if (l->tag[0] == KIND_ADVISORY) {
		uint32_t k[3];

		adv_key_of(l->tag, k);
		store_buf_printf(b, "%s on advisory lock [%u,%u,%u,%u]", table_mode_names[e->mode],
			e->waiter->dboid, k[0], k[1], k[2]);
	} else
		store_buf_printf(b, "%s on relation %u of database %u", table_mode_names[e->mode],
			l->relid, e->waiter->dboid);
}

static int deadlock_error(const cycle *c, store_err *err)
{
	store_buf b = STORE_BUF_INIT;

	for (size_t i = 0; i < c->n && i < DEADLOCK_EDGES; i++) {
		store_buf_printf(
			&b, "%sProcess %d waits for ", i ? "\n" : "", (int)c->e[i].waiter->pid);
		describe_wait(&b, &c->e[i]);
		store_buf_printf(&b, "; blocked by process %d.", (int)c->e[i].holder->pid);
	}
	store_err_set(err, "40P01", "deadlock detected");
	store_err_detail(err, "%.*s", (int)b.len, b.data != NULL ? (const char *)b.data : "");
	store_err_hint(err, "See server log for query details.");
	store_buf_free(&b);
	return STORE_ERROR;
}

static void queue_remove(lockobj *l, store_locker *lk)
{
	store_locker **pp = &l->qhead, *prev = NULL;

	while (*pp != lk) {
		prev = *pp;
		pp = &(*pp)->wnext;
	}
	*pp = lk->wnext;
	if (l->qtail == lk)
		l->qtail = prev;
	lk->wnext = NULL;
	lk->wlock = NULL;
}

static void deadline_of(int timeout_ms, struct timespec *at)
{
	clock_gettime(CLOCK_REALTIME, at);
	at->tv_sec += timeout_ms / 1000;
	at->tv_nsec += (long)(timeout_ms % 1000) * 1000000;
	if (at->tv_nsec >= 1000000000) {
		at->tv_sec++;
		at->tv_nsec -= 1000000000;
	}
}

static int ts_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/*
 * Take mode on the shared entry of a tag (the manager's mutex held),
 * waiting as req says.  counted: a strong table mode already raised its
 * counter, which a failure lowers again.
 */
/* An advisory take: counted at session or transaction level (acquire's adv). */
typedef struct advtake {
	int xact;
} advtake;

/* Count one advisory take in its hold; a transaction-level one goes into the log. */
static void adv_count(store_locker *lk, lockhold *h, int mode, const advtake *adv)
{
	int k = mode == ADV_EXCLUSIVE;

	if (adv->xact) {
		h->nxact[k]++;
		log_add(lk, h->lock, k, BIT(mode));
		lk->log[lk->nlog - 1].adv = 1;
	} else {
		h->nsession[k]++;
	}
}

static int acquire(lockmgr *m, store_locker *lk, const char *tag, size_t len, uint64_t hash,
	store_lockreq *req, int counted, const advtake *adv, store_err *err)
{
	lockobj *l = lock_get(m, tag, len, hash, req->relid);
	lockhold *h = hold_of(l, lk);
	int mode = req->mode, holder, r = STORE_OK;
	int bypass = h != NULL && h->modes != 0;
	struct timespec deadline;
	uint16_t gained;

	lk->used_shared = 1;

	if (h != NULL && (h->modes & BIT(mode))) {
		if (counted)
			atomic_fetch_sub(&m->strong[hash % FP_STRONG], 1);
		if (req->flags & STORE_ROW_WRITE && !(h->modes & BIT(ROW_WRITER))) {
			h->modes |= BIT(ROW_WRITER);
			log_add(lk, l, 0, BIT(ROW_WRITER));
		}
		if (adv != NULL)
			adv_count(lk, h, mode, adv);
		return STORE_OK;
	}
	if (req->wait == STORE_LOCK_WAIT && req->timeout_ms >= 0)
		deadline_of(req->timeout_ms, &deadline);

	if (blocker(l, lk, mode, bypass, &holder) != NULL) {
		if ((req->flags & STORE_ROW_INSERT) && !writer_blocks(l, lk, mode)) {
			r = STORE_NOTFOUND;
		} else if (req->wait == STORE_LOCK_SKIP) {
			r = STORE_NOTFOUND;
		} else if (req->wait == STORE_LOCK_NOWAIT || req->timeout_ms == 0) {
			if (l->tag[0] == KIND_ROW && req->wait == STORE_LOCK_NOWAIT)
				r = store_err_set(err, "55P03",
					"could not obtain lock on row in relation \"%s\"",
					tag_table(l->tag));
			else if (req->wait == STORE_LOCK_NOWAIT && l->tag[0] == KIND_TABLE)
				r = store_err_set(err, "55P03",
					"could not obtain lock on relation \"%s\"",
					tag_table(l->tag));
			else
				r = store_err_set(
					err, "55P03", "canceling statement due to lock timeout");
		} else {
			/* In line, until nothing stands in the way. */
			req->waited = 1;
			lk->wlock = l;
			lk->wmode = mode;
			lk->wbypass = bypass;
			lk->wstart_us = now_us();
			if (l->qtail != NULL)
				l->qtail->wnext = lk;
			else
				l->qhead = lk;
			l->qtail = lk;
			while (blocker(l, lk, mode, bypass, &holder) != NULL) {
				struct timespec until;
				cycle c = {.n = 0};

				if ((req->flags & STORE_ROW_INSERT) &&
					!writer_blocks(l, lk, mode)) {
					r = STORE_NOTFOUND;
					break;
				}
				m->visit++;
				lk->visit = m->visit;
				if (reaches(m, lk, lk, 0, &c)) {
					r = deadlock_error(&c, err);
					break;
				}
				clock_gettime(CLOCK_REALTIME, &until);
				until.tv_nsec += WAIT_SLICE_NS;
				if (until.tv_nsec >= 1000000000) {
					until.tv_sec++;
					until.tv_nsec -= 1000000000;
				}
				if (req->timeout_ms >= 0 && ts_before(&deadline, &until))
					until = deadline;
				pthread_cond_timedwait(&l->cond, &m->mu, &until);
				if (blocker(l, lk, mode, bypass, &holder) == NULL)
					break;
				if (lk->interrupt != NULL && atomic_load(lk->interrupt) != 0) {
					r = store_err_set(err, "57014",
						"canceling statement due to user request");
					break;
				}
				if (req->timeout_ms >= 0) {
					struct timespec now;

					clock_gettime(CLOCK_REALTIME, &now);
					if (!ts_before(&now, &deadline)) {
						r = store_err_set(err, "55P03",
							"canceling statement due to lock timeout");
						break;
					}
				}
			}
			queue_remove(l, lk);
			/* Who waited behind this one may go now. */
			if (l->qhead != NULL)
				pthread_cond_broadcast(&l->cond);
		}
	}
	if (r != STORE_OK) {
		if (counted)
			atomic_fetch_sub(&m->strong[hash % FP_STRONG], 1);
		lock_gc(m, l);
		return r;
	}

	/* Granted: the bits gained go into the log (an advisory take counts instead). */
	h = hold_get(l, lk);
	lk->in_xact = 1;
	if (adv != NULL) {
		h->modes |= BIT(mode);
		adv_count(lk, h, mode, adv);
		return STORE_OK;
	}
	gained = (uint16_t)(BIT(mode) & ~h->modes);
	if (req->flags & STORE_ROW_WRITE)
		gained |= (uint16_t)(BIT(ROW_WRITER) & ~h->modes);
	h->modes |= gained;
	for (int b = 0; b < 16; b++)
		if (gained & BIT(b))
			log_add(lk, l, 0, BIT(b));
	return STORE_OK;
}

/* ---- Requests ---- */

int store_lock_table(
	store_locker *lk, const char *bname, const char *table, store_lockreq *req, store_err *err)
{
	lockmgr *m = lk->s->locks;
	char local[192];
	store_buf tb = STORE_BUF_INIT;
	const char *tag;
	size_t len, blen = strlen(bname), tlen = strlen(table);
	uint64_t hash;
	atomic_uint *counter;
	int r;

	assert(req->mode >= STORE_LOCK_ACCESS_SHARE && req->mode <= STORE_LOCK_ACCESS_EXCLUSIVE);
	req->waited = 0;

	/* The tag, on the stack when it fits (it nearly always does). */
	if (blen + tlen + 3 <= sizeof(local)) {
		local[0] = KIND_TABLE;
		memcpy(local + 1, bname, blen + 1);
		memcpy(local + 2 + blen, table, tlen + 1);
		tag = local;
		len = blen + tlen + 3;
	} else {
		make_tag(&tb, KIND_TABLE, bname, table, NULL, 0);
		tag = (const char *)tb.data;
		len = tb.len;
	}
	hash = store_hash_bytes(tag, len);
	counter = &m->strong[hash % FP_STRONG];

	/* Held already, or weak with no strong lock about: the locker's own slots. */
	pthread_mutex_lock(&lk->fp_mutex);
	{
		int slot = -1, free_slot = -1;

		for (int i = 0; i < FP_SLOTS; i++) {
			fpslot *f = &lk->fp[i];

			if (f->hash == hash && f->taglen == len && f->tag != NULL &&
				memcmp(f->tag, tag, len) == 0) {
				slot = i;
				break;
			}
			if (free_slot < 0 && f->modes == 0 && f->moved == 0)
				free_slot = i;
		}
		/* A bit a strong request moved to the shared table is held there. */
		if (slot >= 0 && ((lk->fp[slot].modes | lk->fp[slot].moved) & BIT(req->mode))) {
			pthread_mutex_unlock(&lk->fp_mutex);
			store_buf_free(&tb);
			return STORE_OK;
		}
		if (weak(req->mode) && atomic_load(counter) == 0 && (slot >= 0 || free_slot >= 0)) {
			fpslot *f;

			if (slot < 0) {
				slot = free_slot;
				f = &lk->fp[slot];
				if (f->tagcap < len) {
					free(f->tag);
					f->tagcap = len < 64 ? 64 : len;
					f->tag = malloc(f->tagcap);
					if (f->tag == NULL)
						abort();
				}
				memcpy(f->tag, tag, len);
				f->taglen = len;
				f->hash = hash;
			}
			f = &lk->fp[slot];
			f->relid = req->relid;
			f->modes |= BIT(req->mode);
			pthread_mutex_unlock(&lk->fp_mutex);
			log_add(lk, NULL, slot, BIT(req->mode));
			store_buf_free(&tb);
			return STORE_OK;
		}
	}
	pthread_mutex_unlock(&lk->fp_mutex);

	/* The shared table: a strong request makes every holder visible there first. */
	pthread_mutex_lock(&m->mu);
	if (strong(req->mode)) {
		atomic_fetch_add(counter, 1);
		fp_transfer(m, tag, len, hash, req->relid);
	}
	r = acquire(m, lk, tag, len, hash, req, strong(req->mode), NULL, err);
	pthread_mutex_unlock(&m->mu);
	store_buf_free(&tb);
	return r;
}

int store_lock_row_of(store_locker *lk, const char *bname, const char *table, const char *key,
	size_t keylen, store_lockreq *req, store_err *err)
{
	lockmgr *m = lk->s->locks;
	store_buf tb = STORE_BUF_INIT;
	int r;

	assert(req->mode >= STORE_ROW_KEY_SHARE && req->mode <= STORE_ROW_UPDATE);
	req->waited = 0;
	make_tag(&tb, KIND_ROW, bname, table, key, keylen);
	pthread_mutex_lock(&m->mu);
	if (lk->xid == 0)
		lk->xid = m->next_xid++;
	r = acquire(m, lk, (const char *)tb.data, tb.len, store_hash_bytes((const char *)tb.data, tb.len),
		req, 0, NULL, err);
	pthread_mutex_unlock(&m->mu);
	store_buf_free(&tb);
	return r;
}

/* An advisory key's tag. */
static size_t adv_tag(char *tag, const store_advkey *key)
{
	uint32_t k[3] = {key->hi, key->lo, (uint32_t)key->space};

	tag[0] = KIND_ADVISORY;
	memcpy(tag + 1, k, sizeof(k));
	return 1 + sizeof(k);
}

int store_lock_advisory(store_locker *lk, const store_advkey *key, int exclusive, int xact,
	store_lockreq *req, store_err *err)
{
	lockmgr *m = lk->s->locks;
	char tag[16];
	size_t len = adv_tag(tag, key);
	advtake adv = {xact};
	int r;

	req->mode = exclusive ? ADV_EXCLUSIVE : ADV_SHARE;
	req->waited = 0;
	pthread_mutex_lock(&m->mu);
	r = acquire(m, lk, tag, len, store_hash_bytes(tag, len), req, 0, &adv, err);
	pthread_mutex_unlock(&m->mu);
	return r;
}

int store_unlock_advisory(store_locker *lk, const store_advkey *key, int exclusive)
{
	lockmgr *m = lk->s->locks;
	char tag[16];
	size_t len = adv_tag(tag, key);
	int k = exclusive != 0, held = 0;
	lockobj *l;
	lockhold *h;

	pthread_mutex_lock(&m->mu);
	l = lock_find(m, tag, len, store_hash_bytes(tag, len));
	h = l != NULL ? hold_of(l, lk) : NULL;
	if (h != NULL && h->nsession[k] > 0) {
		held = 1;
		if (--h->nsession[k] == 0 && h->nxact[k] == 0)
			hold_clear(m, h, BIT(exclusive ? ADV_EXCLUSIVE : ADV_SHARE));
	}
	pthread_mutex_unlock(&m->mu);
	return held;
}

void store_unlock_advisory_all(store_locker *lk)
{
	lockmgr *m = lk->s->locks;
	lockhold *h, *next;

	pthread_mutex_lock(&m->mu);
	for (h = lk->holds; h != NULL; h = next) {
		uint16_t bits = 0;

		next = h->wnext;
		if (h->lock->tag[0] != KIND_ADVISORY)
			continue;
		h->nsession[0] = h->nsession[1] = 0;
		bits = (uint16_t)((h->nxact[0] ? 0 : BIT(ADV_SHARE)) |
				  (h->nxact[1] ? 0 : BIT(ADV_EXCLUSIVE)));
		hold_clear(m, h, bits);
	}
	pthread_mutex_unlock(&m->mu);
}

/* ---- What pg_locks shows ---- */

void store_locker_vxid(const store_locker *lk, int *backend, uint32_t *lxid)
{
	*backend = lk->backend;
	*lxid = atomic_load(&lk->lxid);
}

static store_lockinfo *info_add(store_lockinfo **v, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 32;
		*v = realloc(*v, *cap * sizeof(**v));
		if (*v == NULL)
			abort();
	}
	memset(&(*v)[*n], 0, sizeof(**v));
	return &(*v)[(*n)++];
}

static void info_locker(store_lockinfo *i, const store_locker *lk)
{
	i->pid = lk->pid;
	i->dboid = lk->dboid;
	i->backend = lk->backend;
	i->lxid = atomic_load(&lk->lxid);
}

static void info_table(store_lockinfo *i, const char *tag, size_t len)
{
	const char *t = tag_table(tag);

	i->kind = 'r';
	i->branch = strdup(tag + 1);
	i->table = strndup(t, len - (size_t)(t - tag));
	if (i->branch == NULL || i->table == NULL)
		abort();
}

int store_locks_list(store *s, store_lockinfo **out, size_t *n, store_err *err)
{
	lockmgr *m = s->locks;
	store_lockinfo *v = NULL, *i;
	size_t cap = 0;

	(void)err;
	*n = 0;
	pthread_mutex_lock(&m->mu);
	for (store_locker *lk = m->lockers; lk != NULL; lk = lk->rnext) {
		/* In a transaction: it took something there (session-level advisory locks aside). */
		int any = lk->in_xact;

		/* Fast-path table locks. */
		pthread_mutex_lock(&lk->fp_mutex);
		for (int k = 0; k < FP_SLOTS; k++) {
			const fpslot *f = &lk->fp[k];

			for (int mode = 1; mode <= STORE_LOCK_ACCESS_EXCLUSIVE; mode++) {
				if (!(f->modes & BIT(mode)))
					continue;
				i = info_add(&v, n, &cap);
				info_table(i, f->tag, f->taglen);
				info_locker(i, lk);
				i->relid = f->relid;
				i->mode = mode;
				i->granted = i->fastpath = 1;
				any = 1;
			}
		}
		pthread_mutex_unlock(&lk->fp_mutex);

		/* Shared-table table locks; row locks are not listed, as PostgreSQL's are not. */
		for (const lockhold *h = lk->holds; h != NULL; h = h->wnext) {
			any = any || h->lock->tag[0] != KIND_ADVISORY || h->nxact[0] || h->nxact[1];
			if (h->lock->tag[0] == KIND_ADVISORY) {
				for (int mode = ADV_SHARE; mode <= ADV_EXCLUSIVE; mode += 2) {
					if (!(h->modes & BIT(mode)))
						continue;
					i = info_add(&v, n, &cap);
					info_locker(i, lk);
					i->kind = 'a';
					adv_key_of(h->lock->tag, i->adv);
					i->mode = mode;
					i->granted = 1;
				}
				continue;
			}
			if (h->lock->tag[0] != KIND_TABLE)
				continue;
			for (int mode = 1; mode <= STORE_LOCK_ACCESS_EXCLUSIVE; mode++) {
				if (!(h->modes & BIT(mode)))
					continue;
				i = info_add(&v, n, &cap);
				info_table(i, h->lock->tag, h->lock->taglen);
				info_locker(i, lk);
				i->relid = h->lock->relid;
				i->mode = mode;
				i->granted = 1;
			}
		}

		/* What it waits for: a table, or (for a row) the holder's transaction. */
		if (lk->wlock != NULL) {
			const lockobj *l = lk->wlock;
			int holder;
			const store_locker *b = blocker(l, lk, lk->wmode, lk->wbypass, &holder);

			i = info_add(&v, n, &cap);
			info_locker(i, lk);
			i->waitstart_us = lk->wstart_us;
			if (l->tag[0] == KIND_TABLE) {
				info_table(i, l->tag, l->taglen);
				i->relid = l->relid;
				i->mode = lk->wmode;
			} else if (l->tag[0] == KIND_ADVISORY) {
				i->kind = 'a';
				adv_key_of(l->tag, i->adv);
				i->mode = lk->wmode;
			} else {
				i->kind = 'x';
				i->xid = b != NULL ? b->xid : 0;
				i->mode = STORE_LOCK_SHARE;
			}
		}

		/* Each transaction holds its own ids. */
		if (any || lk->wlock != NULL) {
			i = info_add(&v, n, &cap);
			info_locker(i, lk);
			i->kind = 'v';
			i->mode = STORE_LOCK_EXCLUSIVE;
			i->granted = i->fastpath = 1;
		}
		if (lk->xid != 0) {
			i = info_add(&v, n, &cap);
			info_locker(i, lk);
			i->kind = 'x';
			i->xid = lk->xid;
			i->mode = STORE_LOCK_EXCLUSIVE;
			i->granted = 1;
		}
	}
	pthread_mutex_unlock(&m->mu);
	*out = v;
	return STORE_OK;
}

void store_locks_free(store_lockinfo *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(l[i].branch);
		free(l[i].table);
	}
	free(l);
}

int store_locks_blocking(store *s, int32_t pid, int32_t **pids, size_t *n, store_err *err)
{
	lockmgr *m = s->locks;
	int32_t *v = NULL;
	size_t cap = 0;

	(void)err;
	*n = 0;
	pthread_mutex_lock(&m->mu);
	for (store_locker *lk = m->lockers; lk != NULL; lk = lk->rnext) {
		const lockobj *l = lk->wlock;
		char kind;

		if (lk->pid != pid || l == NULL)
			continue;
		kind = l->tag[0];
		for (int pass = 0; pass < 2; pass++) {
			const lockhold *h = pass == 0 ? l->holds : NULL;
			const store_locker *q = pass == 1 && !lk->wbypass ? l->qhead : NULL;

			for (;;) {
				int32_t who;
				size_t k;

				if (pass == 0) {
					if (h == NULL)
						break;
					who = h->who != lk && clash(kind, h->modes, lk->wmode)
						      ? h->who->pid
						      : 0;
					h = h->lnext;
				} else {
					if (q == NULL || q == lk)
						break;
					who = clash(kind, BIT(q->wmode), lk->wmode) ? q->pid : 0;
					q = q->wnext;
				}
				for (k = 0; k < *n && v[k] != who; k++)
					;
				if (who == 0 || k < *n)
					continue;
				if (*n == cap) {
					cap = cap ? 2 * cap : 8;
					v = realloc(v, cap * sizeof(*v));
					if (v == NULL)
						abort();
				}
				v[(*n)++] = who;
			}
		}
	}
	pthread_mutex_unlock(&m->mu);
	*pids = v;
	return STORE_OK;
}
