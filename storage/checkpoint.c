/*
 * checkpoint.c - moving committed objects from memory into Git.
 *
 * A checkpoint first folds the notes of the commits since the last one
 * into one notes commit (store_notes_fold).  Then, under the global
 * commit-order lock for a moment: rotate the WAL (every record below the
 * boundary is then durable), fold the notes that came meanwhile, seal
 * the object generation, and note every branch head and the notes head.
 * Outside the lock: write the sealed objects into one pack, write the
 * refs (each a file fsynced and renamed into place), record in the WAL
 * that everything below the boundary is in the repository, and let the
 * generation go.  Packs are written before refs, so a ref on disk only
 * ever names objects on disk, and `git` can read, clone and push at any
 * moment (DESIGN.md sections 5 and 9).  A ref is written only while it
 * holds what its branch took in (refs.c): one git moved stays, and the
 * WAL is trimmed only once every ref is written.
 *
 * A background thread runs checkpoints when memory holds more than
 * checkpoint_bytes of new objects, and every checkpoint_interval_ms when
 * there is anything to write; after each, a second thread at a lower
 * priority merges small packs (odb.h, store_odb_merge).  store_repack
 * (VACUUM) merges everything into one.
 */
#include "store_int.h"

#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "pack.h"

/* Nice value of the pack merger thread where SCHED_IDLE is refused. */
#define MERGE_NICE 19

/*
 * Remove a ref (loose and packed) through libgit2, if it still holds
 * *expect: STORE_NOTFOUND, nothing removed, when it holds another value
 * (git moved it; the poll takes that in).  libgit2 removes it only while
 * it holds what the lookup found.
 */
static int delete_ref(store *s, const char *refname, const store_oid *expect, store_err *err)
{
	git_reference *ref;
	int r;

	pthread_mutex_lock(&s->repo_lock);
	r = git_reference_lookup(&ref, s->repo, refname);
	if (r == 0) {
		const git_oid *t = git_reference_target(ref);

		if (t != NULL && memcmp(t->id, expect->id, STORE_OID_RAWSZ) != 0) {
			git_reference_free(ref);
			pthread_mutex_unlock(&s->repo_lock);
			return STORE_NOTFOUND;
		}
		r = git_reference_delete(ref);
		git_reference_free(ref);
	} else if (r == GIT_ENOTFOUND) {
		r = 0;
	}
	pthread_mutex_unlock(&s->repo_lock);
	if (r < 0) {
		const git_error *e = git_error_last();

		return store_err_set(err, "58030", "could not delete ref \"%s\": %s", refname,
			e ? e->message : "unknown");
	}
	return STORE_OK;
}

typedef struct headcopy {
	branch *b;
	store_oid head;
	int deleted;
	int moved; /* git moved the ref: not written */
} headcopy;

int store_checkpoint(store *s, store_err *err)
{
	headcopy *heads = NULL;
	size_t nheads = 0, folded;
	struct pnote *v;
	store_oid notes;
	wal_lsn boundary;
	store_odb_gen *g;
	branch *b;
	int r = STORE_OK, moved = 0;

	pthread_mutex_lock(&s->ckpt_lock);

	/*
	 * The notes of the commits so far, folded into one notes commit
	 * while commits go on (only checkpoints drop notes from the head of
	 * the list).
	 */
	pthread_mutex_lock(&s->notes_state_lock);
	folded = s->npnotes;
	notes = s->notes_head;
	v = malloc((folded ? folded : 1) * sizeof(*v));
	if (v == NULL)
		abort();
	if (folded > 0)
		memcpy(v, s->pnotes, folded * sizeof(*v));
	pthread_mutex_unlock(&s->notes_state_lock);
	r = store_notes_fold(s, v, folded, &notes, &notes, err);
	free(v);
	if (r != STORE_OK) {
		pthread_mutex_unlock(&s->ckpt_lock);
		return r;
	}

	/*
	 * A consistent cut: no commit is between writing its objects and
	 * appending its record while we hold the commit-order lock.  The
	 * notes of the commits that came meanwhile go on top, so that the
	 * notes commit holds every note below the boundary.
	 */
	pthread_mutex_lock(&s->notes_lock);
	r = wal_rotate(s->wal, &boundary, err);
	if (r == STORE_OK && s->npnotes < folded) {
		/* A failed WAL write took commits back meanwhile: fold again. */
		notes = s->notes_head;
		folded = 0;
	}
	if (r == STORE_OK)
		r = store_notes_fold(
			s, s->npnotes > folded ? s->pnotes + folded : NULL, s->npnotes - folded,
			&notes, &notes, err);
	if (r != STORE_OK) {
		pthread_mutex_unlock(&s->notes_lock);
		pthread_mutex_unlock(&s->ckpt_lock);
		return r;
	}
	store_notes_cut(s, s->npnotes, &notes);
	g = store_odb_seal(s->odb);
	s->sealed = realloc(s->sealed, (s->nsealed + 1) * sizeof(*s->sealed));
	if (s->sealed == NULL)
		abort();
	s->sealed[s->nsealed++] = g;
	pthread_mutex_lock(&s->branches_lock);
	for (b = s->branches; b != NULL; b = b->next)
		nheads++;
	heads = calloc(nheads ? nheads : 1, sizeof(*heads));
	if (heads == NULL)
		abort();
	nheads = 0;
	for (b = s->branches; b != NULL; b = b->next) {
		heads[nheads].b = b;
		heads[nheads].head = b->pending;
		heads[nheads].deleted = b->deleted;
		nheads++;
	}
	pthread_mutex_unlock(&s->branches_lock);
	pthread_mutex_unlock(&s->notes_lock);

	/* The records below the boundary are durable: their commits are visible. */
	for (size_t i = 0; i < nheads; i++) {
		pthread_mutex_lock(&heads[i].b->state_lock);
		if (heads[i].b->nqueue > 0) {
			size_t k = 0;

			while (k < heads[i].b->nqueue && heads[i].b->queue[k].lsn <= boundary)
				k++;
			if (k > 0) {
				heads[i].b->visible = heads[i].b->queue[k - 1].oid;
				heads[i].b->visible_time_us = heads[i].b->queue[k - 1].time_us;
				memmove(heads[i].b->queue, heads[i].b->queue + k,
					(heads[i].b->nqueue - k) * sizeof(headq));
				heads[i].b->nqueue -= k;
			}
		}
		pthread_mutex_unlock(&heads[i].b->state_lock);
	}

	/* Objects first: every sealed generation not yet packed. */
	if (atomic_load(&s->fault) == STORE_FAULT_PACK_ENOSPC ||
		atomic_load(&s->fault) == STORE_FAULT_PACK_FULL) {
		int once = STORE_FAULT_PACK_ENOSPC;

		atomic_compare_exchange_strong(&s->fault, &once, STORE_FAULT_NONE);
		r = store_err_set(err, "53100", "could not write pack file: %s", strerror(ENOSPC));
		goto out;
	}
	for (size_t i = 0; i < s->nsealed; i++) {
		if ((r = store_odb_gen_pack(s->odb, s->sealed[i], err)) != STORE_OK)
			goto out;
	}

	/*
	 * Then the refs that moved, each only where the disk still holds
	 * what the branch took in: a ref git moved meanwhile is left for the
	 * poll to merge (refs.c), and the WAL keeps this checkpoint's records
	 * until a later checkpoint writes the ref.
	 */
	for (size_t i = 0; i < nheads && r == STORE_OK; i++) {
		char ref[STORE_BRANCH_MAX + 16];
		branch *hb = heads[i].b;

		snprintf(ref, sizeof(ref), "refs/heads/%s", hb->name);
		if (heads[i].deleted) {
			if (!store_oid_is_zero(&hb->on_disk)) {
				r = delete_ref(s, ref, &hb->on_disk, err);
				if (r == STORE_OK)
					memset(&hb->on_disk, 0, sizeof(hb->on_disk));
			}
		} else if (!store_oid_is_zero(&heads[i].head) &&
			   !store_oid_equal(&heads[i].head, &hb->on_disk)) {
			r = store_write_ref(s, ref, &heads[i].head, &hb->on_disk, err);
			if (r == STORE_OK)
				hb->on_disk = heads[i].head;
		}
		if (r == STORE_NOTFOUND) {
			heads[i].moved = 1;
			moved = 1;
			r = STORE_OK;
		}
	}
	/* XXX: a notes ref pushed with git is overwritten: notes are not merged. */
	if (r == STORE_OK && !store_oid_is_zero(&notes) &&
		!store_oid_equal(&notes, &s->notes_on_disk)) {
		r = store_write_ref(s, "refs/notes/chrondb", &notes, NULL, err);
		if (r == STORE_OK)
			s->notes_on_disk = notes;
	}
	/* The history indexes, up to the heads now on disk. */
	for (size_t i = 0; i < nheads && r == STORE_OK; i++) {
		if (!heads[i].moved && (heads[i].deleted || !store_oid_is_zero(&heads[i].head)))
			bidx_persist(s, heads[i].b, &heads[i].head);
	}
	/* Now the WAL below the boundary is no longer needed, nor the memory. */
	if (r == STORE_OK && !moved)
		r = wal_checkpoint_done(s->wal, boundary, err);
	if (r == STORE_OK) {
		for (size_t i = 0; i < s->nsealed; i++)
			store_odb_retire(s->odb, s->sealed[i]);
		s->nsealed = 0;
		atomic_fetch_add(&s->stat_checkpoints, 1);
	}
out:
	free(heads);
	pthread_mutex_unlock(&s->ckpt_lock);
	return r;
}

/* Every ref's target, as the roots of a repack (*out malloc'd). */
static int ref_targets(store *s, store_oid **out, size_t *n, store_err *err)
{
	git_strarray refs = {0};
	int r;

	*out = NULL;
	*n = 0;
	pthread_mutex_lock(&s->repo_lock);
	r = git_reference_list(&refs, s->repo);
	if (r == 0) {
		*out = calloc(refs.count ? refs.count : 1, sizeof(**out));
		if (*out == NULL)
			abort();
	}
	for (size_t i = 0; r == 0 && i < refs.count; i++) {
		git_oid oid;

		/* Symbolic refs (HEAD) resolve to a ref that is in the list already. */
		if (git_reference_name_to_id(&oid, s->repo, refs.strings[i]) == 0)
			memcpy((*out)[(*n)++].id, oid.id, STORE_OID_RAWSZ);
	}
	pthread_mutex_unlock(&s->repo_lock);
	git_strarray_dispose(&refs);
	if (r < 0) {
		const git_error *e = git_error_last();

		return store_err_set(
			err, "58030", "could not list refs: %s", e ? e->message : "unknown");
	}
	return STORE_OK;
}

int store_repack(store *s, store_err *err)
{
	store_oid *roots;
	size_t nroots;
	int r;

	/*
	 * Everything committed goes to disk first; then every object goes
	 * into one pack, recompressed as tightly as zlib can, each tree and
	 * row as a delta against its next version found by walking history
	 * from the refs now on disk.  Commits go on meanwhile; their
	 * checkpoints write packs of their own.
	 */
	if (store_checkpoint(s, err) != STORE_OK)
		return STORE_ERROR;
	if (ref_targets(s, &roots, &nroots, err) != STORE_OK)
		return STORE_ERROR;
	r = store_odb_repack(s->odb, roots, nroots, 9, err);
	free(roots);
	return r;
}

/* ---- The background checkpointer ---- */

/* Milliseconds on the monotonic clock. */
static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The checkpointer: a checkpoint when kicked, and every
 * checkpoint_interval_ms when there is something to write; in between,
 * every ref_poll_ms, a look at the refs git may have moved (refs.c),
 * before the checkpoint that would otherwise find them moved.
 */
static void *ckpt_main(void *arg)
{
	store *s = arg;
	int64_t last_ckpt = mono_ms(), last_poll = mono_ms();

	pthread_mutex_lock(&s->ckpt_mutex);
	while (!s->ckpt_stop) {
		store_err err;
		struct timespec next;
		int64_t now = mono_ms(), wait_ms = s->opts.checkpoint_interval_ms;
		int due, failed;

		if (s->opts.ref_poll_ms > 0 && s->opts.ref_poll_ms < wait_ms)
			wait_ms = s->opts.ref_poll_ms;
		clock_gettime(CLOCK_REALTIME, &next);
		next.tv_sec += wait_ms / 1000;
		next.tv_nsec += (long)(wait_ms % 1000) * 1000000;
		if (next.tv_nsec >= 1000000000) {
			next.tv_sec++;
			next.tv_nsec -= 1000000000;
		}
		/* A kick while the last checkpoint ran is not lost. */
		if (!s->ckpt_kicked)
			pthread_cond_timedwait(&s->ckpt_cond, &s->ckpt_mutex, &next);
		if (s->ckpt_stop)
			break;
		now = mono_ms();
		if (s->opts.ref_poll_ms > 0 && now - last_poll >= s->opts.ref_poll_ms &&
			!wal_is_broken(s->wal)) {
			pthread_mutex_unlock(&s->ckpt_mutex);
			store_err_clear(&err);
			if (store_refs_poll(s, &err) != STORE_OK)
				store_log_event(s, STORE_LOG_WARNING,
					"looking at refs on disk failed: %s", err.message);
			last_poll = mono_ms();
			pthread_mutex_lock(&s->ckpt_mutex);
		}
		if (!s->ckpt_kicked && now - last_ckpt < s->opts.checkpoint_interval_ms)
			continue;
		s->ckpt_kicked = 0;
		last_ckpt = now;
		due = store_odb_open_bytes(s->odb) > 0 || wal_pending_bytes(s->wal) > 0;
		if (!due || wal_is_broken(s->wal))
			continue;
		pthread_mutex_unlock(&s->ckpt_mutex);
		store_err_clear(&err);
		failed = store_checkpoint(s, &err) != STORE_OK;
		if (failed)
			store_log_event(s, STORE_LOG_WARNING, "checkpoint failed: %s", err.message);

		/* Commits waiting for memory learn how it went. */
		pthread_mutex_lock(&s->ckpt_mutex);
		s->ckpt_failed = failed;
		s->ckpt_runs++;
		if (failed)
			s->ckpt_err = err;
		pthread_cond_broadcast(&s->mem_cond);
		pthread_mutex_unlock(&s->ckpt_mutex);

		/* A new pack: the merger may have work. */
		pthread_mutex_lock(&s->ckpt_mutex);
		if (!failed) {
			s->merge_wanted = 1;
			pthread_cond_signal(&s->merge_cond);
		}
	}
	pthread_mutex_unlock(&s->ckpt_mutex);
	return NULL;
}

/*
 * The merger keeps the number of packs, which every read probes,
 * logarithmic (store_odb_merge).  Merging copies whole packs, up to the
 * size of the repository, so it runs in a thread of its own that the
 * kernel schedules only on an otherwise idle CPU (SCHED_IDLE): the
 * writers and the checkpointer, which bound memory, come first, and the
 * merge uses what CPU they leave.  At nice 10 it still took a fifth of a
 * busy two-core machine from the sessions; packs wait instead while the
 * machine is saturated, which costs reads a few more index probes.
 */
static void *merge_main(void *arg)
{
	store *s = arg;
	struct sched_param idle = {.sched_priority = 0};

	/* Per-thread on Linux: this thread only. */
	if (pthread_setschedparam(pthread_self(), SCHED_IDLE, &idle) != 0)
		setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), MERGE_NICE);
	pthread_mutex_lock(&s->ckpt_mutex);
	while (!s->ckpt_stop) {
		store_err err;
		size_t merged;

		if (!s->merge_wanted) {
			pthread_cond_wait(&s->merge_cond, &s->ckpt_mutex);
			continue;
		}
		s->merge_wanted = 0;
		pthread_mutex_unlock(&s->ckpt_mutex);
		store_err_clear(&err);
		if (store_odb_merge(s->odb, &merged, &err) != STORE_OK)
			store_log_event(
				s, STORE_LOG_WARNING, "merging packs failed: %s", err.message);
		pthread_mutex_lock(&s->ckpt_mutex);
	}
	pthread_mutex_unlock(&s->ckpt_mutex);
	return NULL;
}

int store_ckpt_start(store *s, store_err *err)
{
	if (s->opts.checkpoint_interval_ms <= 0)
		s->opts.checkpoint_interval_ms = 5000;
	if (pthread_create(&s->ckpt_thread, NULL, ckpt_main, s) != 0)
		return store_err_set(err, "58000", "could not start the checkpointer thread");
	s->ckpt_running = 1;
	if (pthread_create(&s->merge_thread, NULL, merge_main, s) != 0) {
		store_ckpt_stop(s);
		return store_err_set(err, "58000", "could not start the pack merger thread");
	}
	s->ckpt_running = 2;
	return STORE_OK;
}

void store_ckpt_stop(store *s)
{
	pthread_mutex_lock(&s->ckpt_mutex);
	s->ckpt_stop = 1;
	pthread_cond_signal(&s->ckpt_cond);
	pthread_cond_signal(&s->merge_cond);
	pthread_mutex_unlock(&s->ckpt_mutex);
	if (s->ckpt_running >= 1)
		pthread_join(s->ckpt_thread, NULL);
	if (s->ckpt_running >= 2)
		pthread_join(s->merge_thread, NULL);
	s->ckpt_running = 0;
}

void store_ckpt_kick(store *s)
{
	if (!s->ckpt_running)
		return;
	pthread_mutex_lock(&s->ckpt_mutex);
	s->ckpt_kicked = 1;
	pthread_cond_signal(&s->ckpt_cond);
	pthread_mutex_unlock(&s->ckpt_mutex);
}

/* Remove "*.lock" files below dir (a ref directory), recursively. */
static void remove_locks(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char path[4096];
		size_t len = strlen(de->d_name);
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			remove_locks(path);
		else if (len > 5 && strcmp(de->d_name + len - 5, ".lock") == 0)
			unlink(path);
	}
	closedir(d);
}

void store_clean_stale_locks(store *s)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/refs/heads", s->dir);
	remove_locks(path);
	snprintf(path, sizeof(path), "%s/refs/notes/chrondb.lock", s->dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/packed-refs.lock", s->dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/objects/pack", s->dir);
	store_pack_clean_tmp(path);
}

/* The memory limit in force: the option, or four checkpoints' worth. */
static size_t memory_limit(const store *s)
{
	if (s->opts.memory_limit > 0)
		return s->opts.memory_limit;
	return 4 * (s->opts.checkpoint_bytes > 0 ? s->opts.checkpoint_bytes : (size_t)64 << 20);
}

int store_ckpt_throttle(store *s, store_err *err)
{
	size_t limit = memory_limit(s);
	uint64_t retry_from = UINT64_MAX; /* checkpoint count when we saw one fail */
	int r = STORE_OK;

	/* Without the background thread, whoever checkpoints bounds memory. */
	if (!s->ckpt_running || store_odb_mem_bytes(s->odb) <= limit)
		return STORE_OK;
	/*
	 * Kick the checkpointer and wait for it.  After a failed checkpoint,
	 * wait for one more attempt: when that fails too, the commit fails
	 * rather than wait for a disk that may never have room.
	 */
	pthread_mutex_lock(&s->ckpt_mutex);
	while (store_odb_mem_bytes(s->odb) > limit && !s->ckpt_stop) {
		struct timespec until;

		if (s->ckpt_failed && retry_from != UINT64_MAX && s->ckpt_runs != retry_from) {
			r = store_err_set(err, "53200",
				"could not commit: committed objects are not reaching disk");
			store_err_detail(err,
				"Memory holds %zu bytes of new objects, more than the limit of %zu, and checkpoints fail: %s",
				store_odb_mem_bytes(s->odb), limit, s->ckpt_err.message);
			store_err_hint(err,
				"Free disk space or fix the data directory; commits resume once a checkpoint succeeds.");
			break;
		}
		if (s->ckpt_failed && retry_from == UINT64_MAX)
			retry_from = s->ckpt_runs;
		s->ckpt_kicked = 1;
		pthread_cond_signal(&s->ckpt_cond);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 50 * 1000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&s->mem_cond, &s->ckpt_mutex, &until);
	}
	pthread_mutex_unlock(&s->ckpt_mutex);
	return r;
}
