/*
 * notify.c - asynchronous notifications (notify.h): the process's
 * queue, each session's pending notifications and LISTEN/UNLISTEN, the
 * statements, and pg_notify, pg_listening_channels and
 * pg_notification_queue_usage (the module exec_mod_notify and one
 * set-returning function).
 *
 * The queue is one list for the process, as PostgreSQL's is one for the
 * cluster: entries in commit order, numbered, each tagged with its store
 * (PostgreSQL's database) and its sender's pid.  A listener keeps the
 * number of the next entry it has to read; entries that every listener
 * has read are freed at once, so with no listener the queue is empty.
 * A commit queues its notifications when its store has some listener,
 * and wakes every listener of the store, as PostgreSQL signals every
 * listening backend of the database: each reads up to the end and keeps
 * what is on the channels it listens on when it reads (a LISTEN that
 * committed in between included, an UNLISTEN excluded), as PostgreSQL's
 * do.  A session that starts listening starts at the end of the queue,
 * past what was committed before.
 *
 * Everything a commit needs memory for (the entries, the channel list
 * after its LISTEN and UNLISTEN) is allocated before the store commit,
 * in exec_notify_precommit, so that nothing can fail after it.
 *
 * Locks: commit_mu orders notifying commits and is held across a store
 * commit, so it is never taken under mu; mu guards the list, the
 * listeners and their channel lists, which only their own session
 * changes (under mu) and reads (without it).
 */
#include "notify.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "basic.h"
#include "stmt.h"

/* NAMEDATALEN: a channel is a name, shorter than 64 bytes. */
#define NT_CHANNEL_MAX 64

/* Past this many notifications a transaction finds its duplicates through a hash. */
#define NT_HASH_FROM 16

/* A queued notification; its channel and payload follow it. */
typedef struct nq_entry {
	struct nq_entry *next;
	uint64_t seq;
	const store *s;
	int32_t pid;
	size_t size; /* what it counts against EXEC_NOTIFY_QUEUE_MAX */
	const char *payload;
	char channel[];
} nq_entry;

/* A notification of the open transaction. */
typedef struct nt_note {
	char *channel;
	char *payload;
	uint64_t hash;
} nt_note;

typedef enum nt_kind {
	NT_LISTEN,
	NT_UNLISTEN,
	NT_UNLISTEN_ALL,
} nt_kind;

/* A LISTEN or UNLISTEN of the open transaction. */
typedef struct nt_action {
	nt_kind kind;
	char *channel; /* NULL for UNLISTEN * */
} nt_action;

/* A session's state, made at its first LISTEN, UNLISTEN or notification. */
struct exec_notify {
	exec_session *ss;

	/* The open transaction's notifications, in order, no two alike. */
	nt_note *notes;
	size_t nnotes, capnotes;
	uint32_t *slots; /* past NT_HASH_FROM: index + 1 into notes, 0 free; a power of two */
	size_t nslots;

	/* Its LISTEN and UNLISTEN, in order. */
	nt_action *acts;
	size_t nacts, capacts;

	/* Staged by exec_notify_precommit for exec_notify_commit. */
	bool locked;        /* holds commit_mu */
	nq_entry *staged;   /* one entry per note, linked */
	char **newchans;    /* the channel list after the actions, or NULL: unchanged */
	size_t nnewchans;

	/* The session as a listener: linked in nq.listeners while it has channels. */
	bool listening;
	struct exec_notify *prev, *next;
	uint64_t pos; /* the number of the next entry to read */
	char **channels;
	size_t nchannels;
};

typedef struct exec_notify exec_notify;

static struct {
	pthread_mutex_t commit_mu;
	pthread_mutex_t mu;
	nq_entry *first, *last;
	uint64_t next_seq;
	size_t bytes;
	exec_notify *listeners;
} nq = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, NULL, NULL, 1, 0, NULL};

/* ---- Small things ---- */

static void free_chans(char **chans, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(chans[i]);
	free(chans);
}

static bool chans_have(char *const *chans, size_t n, const char *channel)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(chans[i], channel) == 0)
			return true;
	return false;
}

/* FNV-1a over channel, a NUL, payload. */
static uint64_t note_hash(const char *channel, const char *payload)
{
	uint64_t h = 14695981039346656037u;

	for (const char *p = channel; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	h = (h ^ 0u) * 1099511628211u;
	for (const char *p = payload; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	return h;
}

/* The session's state, made when missing; NULL with 53200. */
static exec_notify *state_of(exec_session *ss, store_err *err)
{
	if (ss->notify == NULL) {
		ss->notify = calloc(1, sizeof(exec_notify));
		if (ss->notify == NULL) {
			store_err_set(err, "53200", "out of memory");
			return NULL;
		}
		ss->notify->ss = ss;
	}
	return ss->notify;
}

/* ---- The transaction's notifications ---- */

static bool note_same(const nt_note *n, const char *channel, const char *payload, uint64_t h)
{
	return n->hash == h && strcmp(n->channel, channel) == 0 && strcmp(n->payload, payload) == 0;
}

/* Put notes[i] into the hash (which has room). */
static void slot_put(exec_notify *nt, size_t i)
{
	size_t mask = nt->nslots - 1;
	size_t k = (size_t)nt->notes[i].hash & mask;

	while (nt->slots[k] != 0)
		k = (k + 1) & mask;
	nt->slots[k] = (uint32_t)(i + 1);
}

/* The hash over every note, rebuilt with room for twice as many; -1 when out of memory. */
static int slots_rebuild(exec_notify *nt)
{
	size_t n = 64;

	while (n < 2 * (nt->nnotes + 1))
		n *= 2;
	free(nt->slots);
	nt->slots = calloc(n, sizeof(*nt->slots));
	nt->nslots = nt->slots != NULL ? n : 0;
	if (nt->slots == NULL)
		return -1;
	for (size_t i = 0; i < nt->nnotes; i++)
		slot_put(nt, i);
	return 0;
}

/* Whether the transaction already has this notification. */
static bool note_known(const exec_notify *nt, const char *channel, const char *payload, uint64_t h)
{
	if (nt->slots == NULL) {
		for (size_t i = 0; i < nt->nnotes; i++)
			if (note_same(&nt->notes[i], channel, payload, h))
				return true;
		return false;
	}
	for (size_t k = (size_t)h & (nt->nslots - 1); nt->slots[k] != 0;
		k = (k + 1) & (nt->nslots - 1))
		if (note_same(&nt->notes[nt->slots[k] - 1], channel, payload, h))
			return true;
	return false;
}

/*
 * Async_Notify: check a notification as PostgreSQL does and add it to
 * the transaction, unless it has the same one already.  channel NULL
 * and payload NULL read as empty strings (pg_notify is not strict).
 */
static int note_add(exec_session *ss, const char *channel, size_t clen, const char *payload,
	size_t plen, store_err *err)
{
	exec_notify *nt;
	nt_note note;

	if (channel == NULL || clen == 0)
		return store_err_set(err, "22023", "channel name cannot be empty");
	if (clen >= NT_CHANNEL_MAX)
		return store_err_set(err, "22023", "channel name too long");
	if (plen >= EXEC_NOTIFY_PAYLOAD_MAX)
		return store_err_set(err, "22023", "payload string too long");
	if ((nt = state_of(ss, err)) == NULL)
		return EXEC_ERROR;

	note.channel = strndup(channel, clen);
	note.payload = strndup(payload != NULL ? payload : "", plen);
	if (note.channel == NULL || note.payload == NULL)
		goto oom;
	note.hash = note_hash(note.channel, note.payload);
	if (note_known(nt, note.channel, note.payload, note.hash)) {
		free(note.channel);
		free(note.payload);
		return EXEC_OK;
	}
	if (nt->nnotes == nt->capnotes) {
		size_t cap = nt->capnotes ? 2 * nt->capnotes : 8;
		nt_note *g = realloc(nt->notes, cap * sizeof(*g));

		if (g == NULL)
			goto oom;
		nt->notes = g;
		nt->capnotes = cap;
	}
	nt->notes[nt->nnotes++] = note;

	/* The hash starts past NT_HASH_FROM notes and keeps at most half its slots full. */
	if (nt->slots != NULL && 2 * nt->nnotes <= nt->nslots)
		slot_put(nt, nt->nnotes - 1);
	else if (nt->nnotes > NT_HASH_FROM && slots_rebuild(nt) != 0)
		goto oom_added;
	return EXEC_OK;

oom_added:
	nt->nnotes--;
oom:
	free(note.channel);
	free(note.payload);
	return store_err_set(err, "53200", "out of memory");
}

/* Queue LISTEN, UNLISTEN or UNLISTEN * (channel NULL) for the commit. */
static int action_add(exec_session *ss, nt_kind kind, const char *channel, store_err *err)
{
	exec_notify *nt = state_of(ss, err);
	char *copy = NULL;

	if (nt == NULL)
		return EXEC_ERROR;
	if (channel != NULL && (copy = strndup(channel, strlen(channel))) == NULL)
		return store_err_set(err, "53200", "out of memory");
	if (nt->nacts == nt->capacts) {
		size_t cap = nt->capacts ? 2 * nt->capacts : 4;
		nt_action *g = realloc(nt->acts, cap * sizeof(*g));

		if (g == NULL) {
			free(copy);
			return store_err_set(err, "53200", "out of memory");
		}
		nt->acts = g;
		nt->capacts = cap;
	}
	nt->acts[nt->nacts].kind = kind;
	nt->acts[nt->nacts].channel = copy;
	nt->nacts++;
	return EXEC_OK;
}

/* Drop the notes from n on, and the actions from a on. */
static void pending_cut(exec_notify *nt, size_t n, size_t a)
{
	bool had_hash = nt->slots != NULL;

	for (size_t i = n; i < nt->nnotes; i++) {
		free(nt->notes[i].channel);
		free(nt->notes[i].payload);
	}
	for (size_t i = a; i < nt->nacts; i++)
		free(nt->acts[i].channel);
	if (n < nt->nnotes) {
		nt->nnotes = n;
		free(nt->slots);
		nt->slots = NULL;
		nt->nslots = 0;

		/* Without memory for the hash, duplicates are found by the scan. */
		if (had_hash && nt->nnotes > NT_HASH_FROM)
			slots_rebuild(nt);
	}
	if (a < nt->nacts)
		nt->nacts = a;
}

bool exec_notify_pending(const exec_session *ss)
{
	return ss->notify != NULL && (ss->notify->nnotes > 0 || ss->notify->nacts > 0);
}

uint64_t exec_notify_mark(const exec_session *ss)
{
	if (ss->notify == NULL)
		return 0;
	return (uint64_t)ss->notify->nnotes << 32 | (uint32_t)ss->notify->nacts;
}

void exec_notify_rollback_to(exec_session *ss, uint64_t mark)
{
	if (ss->notify != NULL)
		pending_cut(ss->notify, (size_t)(mark >> 32), (size_t)(uint32_t)mark);
}

/* ---- The queue ---- */

/* Whether the listener listens on channel now. */
static bool listens(const exec_notify *l, const char *channel)
{
	return chans_have(l->channels, l->nchannels, channel);
}

/* Free the entries every listener has read (all of them when none listens).  Under mu. */
static void queue_trim(void)
{
	uint64_t min = nq.next_seq;

	for (const exec_notify *l = nq.listeners; l != NULL; l = l->next)
		if (l->pos < min)
			min = l->pos;
	while (nq.first != NULL && nq.first->seq < min) {
		nq_entry *e = nq.first;

		nq.first = e->next;
		nq.bytes -= e->size;
		free(e);
	}
	if (nq.first == NULL)
		nq.last = NULL;
}

/* Start or stop being a listener.  Under mu. */
static void listener_link(exec_notify *nt)
{
	nt->pos = nq.next_seq;
	nt->prev = NULL;
	nt->next = nq.listeners;
	if (nq.listeners != NULL)
		nq.listeners->prev = nt;
	nq.listeners = nt;
	nt->listening = true;
}

static void listener_unlink(exec_notify *nt)
{
	if (nt->prev != NULL)
		nt->prev->next = nt->next;
	else
		nq.listeners = nt->next;
	if (nt->next != NULL)
		nt->next->prev = nt->prev;
	nt->prev = nt->next = NULL;
	nt->listening = false;
	queue_trim();
}

/* The channel list after the transaction's actions, as a new array; -1 when out of memory. */
static int stage_channels(exec_notify *nt)
{
	size_t cap = nt->nchannels + nt->nacts, n = 0;
	char **chans = malloc((cap ? cap : 1) * sizeof(*chans));

	if (chans == NULL)
		return -1;
	for (size_t i = 0; i < nt->nchannels; i++)
		if ((chans[n++] = strndup(nt->channels[i], strlen(nt->channels[i]))) == NULL)
			goto oom;
	for (size_t i = 0; i < nt->nacts; i++) {
		const nt_action *a = &nt->acts[i];

		if (a->kind == NT_UNLISTEN_ALL) {
			for (size_t k = 0; k < n; k++)
				free(chans[k]);
			n = 0;
		} else if (a->kind == NT_LISTEN && !chans_have(chans, n, a->channel)) {
			if ((chans[n++] = strndup(a->channel, strlen(a->channel))) == NULL)
				goto oom;
		} else if (a->kind == NT_UNLISTEN) {
			for (size_t k = 0; k < n; k++) {
				if (strcmp(chans[k], a->channel) == 0) {
					free(chans[k]);
					memmove(&chans[k], &chans[k + 1], (n - k - 1) * sizeof(*chans));
					n--;
					break;
				}
			}
		}
	}
	nt->newchans = chans;
	nt->nnewchans = n;
	return 0;

oom:
	free_chans(chans, n);
	return -1;
}

/* An entry for every note, linked in nt->staged in order; -1 when out of memory. */
static int stage_entries(exec_notify *nt, size_t *bytes)
{
	nq_entry **tail = &nt->staged;

	*bytes = 0;
	for (size_t i = 0; i < nt->nnotes; i++) {
		size_t cl = strlen(nt->notes[i].channel), pl = strlen(nt->notes[i].payload);
		nq_entry *e = malloc(sizeof(*e) + cl + pl + 2);

		if (e == NULL)
			return -1;
		e->next = NULL;
		e->seq = 0;
		e->s = nt->ss->s;
		e->pid = nt->ss->backend_pid;
		e->size = sizeof(*e) + cl + pl + 2;
		memcpy(e->channel, nt->notes[i].channel, cl + 1);
		memcpy(e->channel + cl + 1, nt->notes[i].payload, pl + 1);
		e->payload = e->channel + cl + 1;
		*tail = e;
		tail = &e->next;
		*bytes += e->size;
	}
	return 0;
}

static void unstage(exec_notify *nt)
{
	while (nt->staged != NULL) {
		nq_entry *e = nt->staged;

		nt->staged = e->next;
		free(e);
	}
	if (nt->newchans != NULL)
		free_chans(nt->newchans, nt->nnewchans);
	nt->newchans = NULL;
	nt->nnewchans = 0;
}

int exec_notify_precommit(exec_session *ss, store_err *err)
{
	exec_notify *nt = ss->notify;
	size_t bytes = 0;
	bool full;

	assert(nt != NULL && !nt->locked);
	pthread_mutex_lock(&nq.commit_mu);
	nt->locked = true;
	if ((nt->nacts > 0 && stage_channels(nt) != 0) || stage_entries(nt, &bytes) != 0) {
		store_err_set(err, "53200", "out of memory");
		goto fail;
	}

	/* Room is checked as if every entry were kept; commits that could take it are behind us. */
	pthread_mutex_lock(&nq.mu);
	full = nq.bytes + bytes > EXEC_NOTIFY_QUEUE_MAX;
	pthread_mutex_unlock(&nq.mu);
	if (full) {
		store_err_set(err, "54000", "too many notifications in the NOTIFY queue");
		goto fail;
	}
	return EXEC_OK;

fail:
	unstage(nt);
	nt->locked = false;
	pthread_mutex_unlock(&nq.commit_mu);
	return EXEC_ERROR;
}

/* Wake every listener of store s, so that it reads what was queued.  Under mu. */
static void wake_listeners(const store *s)
{
	for (exec_notify *l = nq.listeners; l != NULL; l = l->next)
		if (l->ss->s == s && l->ss->notify_wake != NULL)
			l->ss->notify_wake(l->ss->notify_arg);
}

/* Whether store s has a listener.  Under mu. */
static bool store_listened(const store *s)
{
	for (const exec_notify *l = nq.listeners; l != NULL; l = l->next)
		if (l->ss->s == s)
			return true;
	return false;
}

void exec_notify_commit(exec_session *ss, bool committed)
{
	exec_notify *nt = ss->notify;
	bool queue;

	assert(nt != NULL && nt->locked);
	if (!committed) {
		unstage(nt);
		goto done;
	}
	pthread_mutex_lock(&nq.mu);

	/* LISTEN and UNLISTEN first: a session listening from this commit hears its own. */
	if (nt->newchans != NULL) {
		free_chans(nt->channels, nt->nchannels);
		nt->channels = nt->newchans;
		nt->nchannels = nt->nnewchans;
		nt->newchans = NULL;
		nt->nnewchans = 0;
		if (nt->nchannels > 0 && !nt->listening)
			listener_link(nt);
		else if (nt->nchannels == 0 && nt->listening)
			listener_unlink(nt);
	}

	/* Then the notifications, numbered in commit order, if anyone could read them. */
	queue = nt->staged != NULL && store_listened(ss->s);
	while (nt->staged != NULL) {
		nq_entry *e = nt->staged;

		nt->staged = e->next;
		e->next = NULL;
		if (!queue) {
			free(e);
			continue;
		}
		e->seq = nq.next_seq++;
		if (nq.last != NULL)
			nq.last->next = e;
		else
			nq.first = e;
		nq.last = e;
		nq.bytes += e->size;
	}
	if (queue)
		wake_listeners(ss->s);
	pthread_mutex_unlock(&nq.mu);

done:
	nt->locked = false;
	pthread_mutex_unlock(&nq.commit_mu);
}

void exec_notify_tx_end(exec_session *ss)
{
	if (exec_notify_pending(ss))
		pending_cut(ss->notify, 0, 0);
}

int exec_notify_deliver(exec_session *ss, exec_notify_fn fn, void *arg)
{
	exec_notify *nt = ss->notify;
	int n = 0;

	if (nt == NULL || !nt->listening || ss->block || ss->tx != NULL)
		return 0;
	pthread_mutex_lock(&nq.mu);
	for (const nq_entry *e = nq.first; e != NULL; e = e->next) {
		if (e->seq < nt->pos)
			continue;
		if (e->s == ss->s && listens(nt, e->channel)) {
			fn(arg, e->pid, e->channel, e->payload);
			n++;
		}
		nt->pos = e->seq + 1;
	}
	queue_trim();
	pthread_mutex_unlock(&nq.mu);
	return n;
}

bool exec_notify_listening(const exec_session *ss)
{
	return ss->notify != NULL && ss->notify->listening;
}

void exec_notify_session_end(exec_session *ss)
{
	exec_notify *nt = ss->notify;

	if (nt == NULL)
		return;
	assert(!nt->locked);
	if (nt->listening) {
		pthread_mutex_lock(&nq.mu);
		listener_unlink(nt);
		pthread_mutex_unlock(&nq.mu);
	}
	pending_cut(nt, 0, 0);
	free(nt->notes);
	free(nt->slots);
	free(nt->acts);
	free_chans(nt->channels, nt->nchannels);
	free(nt);
	ss->notify = NULL;
}

/* ---- Statements ---- */

int exec_notify_stmt(exec_stmt *st, const sql_notify *n)
{
	exec_session *ss = st->ss;

	switch (n->action) {
	case SQL_NOTIFY_LISTEN:
		strcpy(st->tag, "LISTEN");
		return action_add(ss, NT_LISTEN, n->channel, st->err);
	case SQL_NOTIFY_UNLISTEN:
		strcpy(st->tag, "UNLISTEN");
		return action_add(
			ss, n->channel != NULL ? NT_UNLISTEN : NT_UNLISTEN_ALL, n->channel, st->err);
	case SQL_NOTIFY_NOTIFY:
		strcpy(st->tag, "NOTIFY");
		return note_add(ss, n->channel, strlen(n->channel), n->payload,
			n->payload != NULL ? strlen(n->payload) : 0, st->err);
	}
	return store_err_set(st->err, "XX000", "unknown notification statement");
}

int exec_notify_unlisten_all(exec_session *ss, store_err *err)
{
	/* Nothing to undo for a session that never listened. */
	if (ss->notify == NULL)
		return EXEC_OK;
	return action_add(ss, NT_UNLISTEN_ALL, NULL, err);
}

/* ---- Functions ---- */

static exec_session *session_of(exec_ctx *cx)
{
	assert(cx->session != NULL);
	return cx->session;
}

/* pg_notify(channel, payload): NOTIFY with any text; NULLs read as empty strings. */
static int fn_notify(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)nargs;
	if (note_add(session_of(cx), args[0].isnull ? NULL : args[0].v.s.p,
		    args[0].isnull ? 0 : args[0].v.s.len, args[1].isnull ? NULL : args[1].v.s.p,
		    args[1].isnull ? 0 : args[1].v.s.len, cx->err) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_int(EXEC_OID_VOID, 0);
	return EXEC_OK;
}

/* pg_notification_queue_usage(): the fraction of the queue that waits for readers. */
static int fn_queue_usage(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	size_t bytes;

	(void)cx;
	(void)args;
	(void)nargs;
	pthread_mutex_lock(&nq.mu);
	bytes = nq.bytes;
	pthread_mutex_unlock(&nq.mu);
	*out = exec_null(EXEC_OID_FLOAT8);
	out->isnull = false;
	out->v.f = (double)bytes / (double)EXEC_NOTIFY_QUEUE_MAX;
	return EXEC_OK;
}

/* pg_listening_channels(): the channels the session listens on, as committed. */
static int srf_listening_channels(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	const exec_notify *nt = session_of(cx)->notify;

	(void)args;
	(void)nargs;
	for (size_t i = 0; nt != NULL && i < nt->nchannels; i++) {
		exec_value v = exec_text(EXEC_OID_TEXT, nt->channels[i], strlen(nt->channels[i]));

		if (emit(arg, &v, 1) != EXEC_OK)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}

static const exec_func notify_funcs[] = {
	{"pg_notify", EXEC_OID_VOID, 2, {EXEC_OID_TEXT, EXEC_OID_TEXT}, false, false, 'v',
		fn_notify, 3036},
	{"pg_notification_queue_usage", EXEC_OID_FLOAT8, 0, {0}, false, true, 'v',
		fn_queue_usage, 3296},
};

const exec_module exec_mod_notify = {"notify", NULL, 0, NULL, 0, NULL, 0, notify_funcs,
	EXEC_NELEM(notify_funcs), NULL, 0};

const exec_srf exec_notify_srfs[] = {
	{"pg_listening_channels", 0, {0}, 1, {NULL}, {EXEC_OID_TEXT}, true,
		srf_listening_channels, 3035},
};
const size_t exec_notify_nsrfs = EXEC_NELEM(exec_notify_srfs);
