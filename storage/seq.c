/*
 * seq.c - sequence counters (see store.h, "Sequences").
 *
 * A sequence's definition is a catalog entry in Git
 * (.chrondb/sequences/<name>.json, the executor's), which also records
 * the counter's logged mark as of the commit that saw it move
 * (store_tx_seq_record, about once per 32 values).  Counting itself is not
 * transactional, as in PostgreSQL: nextval hands out a value whatever
 * becomes of the transaction, and two sessions never get the same one.
 * So the counters live here, in memory, and are logged ahead to
 * DATA/chrondb/sequences: before a value past the logged mark is handed
 * out, the mark moves 32 or more steps further (seq_steps) and the file
 * is rewritten and fsynced.  After a crash counting resumes at the mark, skipping what
 * was logged but not used, as PostgreSQL's sequences do.  A copy of the
 * repository without the private directory resumes past the mark the
 * catalog recorded, which is at least every value a commit stored.
 *
 * Counters are keyed by branch and the sequence's uuid (made when it is
 * created), so a branch counts on its own and a sequence dropped and
 * made again starts afresh.
 *
 * File: one line per counter, "<branch>\t<uuid>\t<logged value>\n".
 */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Values logged ahead of the last one handed out: PostgreSQL's
 * SEQ_LOG_VALS at first, doubled each time the mark moves again within a
 * second, up to LOG_AHEAD_MAX, and halved back after a quiet spell.  A
 * busy counter (an insert-heavy serial column) then rewrites the file a
 * few times a second instead of once per 32 values.  A save ahead starts
 * with up to half the steps still unused, so the mark stays at most one
 * and a half times LOG_AHEAD_MAX ahead: what a crash may skip.
 */
#define LOG_AHEAD          32
#define LOG_AHEAD_MAX      1024
#define LOG_AHEAD_BUSY_US  1000000
#define LOG_AHEAD_QUIET_US 10000000

struct seqctr {
	char *branch;
	char *uuid;
	int64_t last;   /* last value handed out or set */
	int is_called;  /* last has been handed out (else the next call returns it) */
	int64_t logged; /* the file says no value past this was handed out */
	int has_logged;
	int checked;    /* compared with the catalog since the file was loaded */
	int merged;     /* a merge brought the catalog of another branch: compare again */
	uint64_t epoch; /* setvals so far: a save ahead started before one is void */
	int64_t steps;    /* values logged ahead now: LOG_AHEAD .. LOG_AHEAD_MAX */
	int64_t saved_us; /* when the mark last moved (0: not in this process) */
	struct seqctr *next;
};

/*
 * How far ahead the next save logs, and note that it happens now: further
 * when the last one was less than a second ago, less after ten quiet
 * seconds.  Caller holds seq_lock.
 */
static int64_t seq_steps(seqctr *c)
{
	int64_t now = store_now_us();

	if (c->steps == 0)
		c->steps = LOG_AHEAD;
	if (c->saved_us != 0 && now - c->saved_us < LOG_AHEAD_BUSY_US && c->steps < LOG_AHEAD_MAX)
		c->steps *= 2;
	else if (c->saved_us != 0 && now - c->saved_us > LOG_AHEAD_QUIET_US && c->steps > LOG_AHEAD)
		c->steps /= 2;
	c->saved_us = now;
	return c->steps;
}

/* Load the file into the list; missing is fine (a new or copied repository). */
static void seq_load(store *s)
{
	char path[4096], line[1024];
	FILE *f;

	s->seq_loaded = 1;
	snprintf(path, sizeof(path), "%s/sequences", s->private_dir);
	f = fopen(path, "r");
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *tab1 = strchr(line, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
		seqctr *c;

		if (tab2 == NULL)
			continue;
		*tab1 = *tab2 = '\0';
		c = calloc(1, sizeof(*c));
		if (c == NULL)
			abort();
		c->branch = strdup(line);
		c->uuid = strdup(tab1 + 1);
		if (c->branch == NULL || c->uuid == NULL)
			abort();
		c->logged = strtoll(tab2 + 1, NULL, 10);
		c->has_logged = 1;
		c->last = c->logged;
		c->is_called = 1;
		c->next = s->seqs;
		s->seqs = c;
	}
	fclose(f);
}

/* The file's text: every logged mark, c's as target (c may be NULL).  Caller holds seq_lock. */
static char *seq_text(store *s, const seqctr *c, int64_t target)
{
	store_buf b = STORE_BUF_INIT;

	for (seqctr *k = s->seqs; k != NULL; k = k->next) {
		if (k->has_logged || k == c)
			store_buf_printf(&b, "%s\t%s\t%" PRId64 "\n", k->branch, k->uuid,
				k == c ? target : k->logged);
	}
	store_buf_putc(&b, '\0');
	return (char *)b.data;
}

/* Write the file: temporary file, fsync, rename.  One writer at a time (seq_saving or seq_lock). */
static int seq_write(store *s, const char *text, store_err *err)
{
	char path[4096], tmp[4200];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/sequences", s->private_dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL)
		return store_err_set(
			err, "58030", "could not write \"%s\": %s", tmp, strerror(errno));
	ok = fputs(text, f) >= 0;
	ok = fflush(f) == 0 && ok && fsync(fileno(f)) == 0;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		int e = errno;

		unlink(tmp);
		return store_err_set(err, e == ENOSPC ? "53100" : "58030",
			"could not write sequence state \"%s\": %s", path, strerror(e));
	}
	store_fsync_dir(s->private_dir);
	return STORE_OK;
}

/*
 * Rewrite the file with every logged mark, holding seq_lock throughout;
 * callers first wait for a save ahead to end (none runs then).
 */
static int seq_save(store *s, store_err *err)
{
	char *text;
	int r;

	text = seq_text(s, NULL, 0);
	r = seq_write(s, text, err);
	free(text);
	return r;
}

/*
 * Move c's mark seq_steps() steps on while it still has half of them to
 * hand out, writing the file without seq_lock: the others go on
 * counting below the old mark meanwhile, where a save at the mark would
 * have had every session that counts wait for its fsync.  Caller holds
 * seq_lock, and gets it back.  A failure is left for the save at the
 * mark to report.
 */
static void seq_save_ahead(store *s, seqctr *c, const store_seqdef *def)
{
	int64_t left, ahead, target;
	uint64_t epoch = c->epoch;
	store_err ignored;
	char *text;
	int r;

	if (s->seq_saving || !c->has_logged || !c->is_called)
		return;
	if (__builtin_sub_overflow(c->logged, c->last, &left) ||
		left / def->increment >= (c->steps ? c->steps : LOG_AHEAD) / 2)
		return;
	if (__builtin_mul_overflow(def->increment, seq_steps(c), &ahead) ||
		__builtin_add_overflow(c->logged, ahead, &target) ||
		(def->increment > 0 ? target > def->max : target < def->min))
		target = def->increment > 0 ? def->max : def->min;
	if (target == c->logged)
		return; /* at the bound: nothing past it to log */
	text = seq_text(s, c, target);
	s->seq_saving = 1;
	pthread_mutex_unlock(&s->seq_lock);
	store_err_clear(&ignored);
	r = seq_write(s, text, &ignored);
	free(text);
	pthread_mutex_lock(&s->seq_lock);
	s->seq_saving = 0;
	pthread_cond_broadcast(&s->seq_saved);

	/* Unless a setval moved the counter meanwhile: its own save holds. */
	if (r == STORE_OK && c->epoch == epoch &&
		(def->increment > 0 ? target > c->logged : target < c->logged))
		c->logged = target;
}

/* The counter of (branch, uuid), made from the definition on first use.  Caller holds seq_lock. */
static seqctr *seq_get(store *s, const char *bname, const store_seqdef *def)
{
	seqctr *c;

	if (!s->seq_loaded)
		seq_load(s);
	for (c = s->seqs; c != NULL; c = c->next) {
		if (strcmp(c->branch, bname) == 0 && strcmp(c->uuid, def->uuid) == 0)
			break;
	}
	if (c == NULL) {
		c = calloc(1, sizeof(*c));
		if (c == NULL)
			abort();
		c->branch = strdup(bname);
		c->uuid = strdup(def->uuid);
		if (c->branch == NULL || c->uuid == NULL)
			abort();
		c->last = def->has_last ? def->last_value : def->start;
		c->is_called = def->has_last && def->is_called;
		c->checked = 1;
		c->next = s->seqs;
		s->seqs = c;
		return c;
	}

	/*
	 * The first use since the file was loaded: a catalog that committed a
	 * mark past the file's (an older file, a copy) wins.  After a merge,
	 * a value past the counter itself wins: the other branch may have
	 * handed out every value up to it.  Otherwise the counter here is the
	 * truth, so a setval that went back holds.
	 */
	if (!c->checked || c->merged) {
		int64_t here = c->has_logged && !c->merged ? c->logged : c->last;

		c->checked = 1;
		c->merged = 0;
		if (def->has_last && def->is_called &&
			(def->increment > 0 ? def->last_value > here : def->last_value < here)) {
			c->last = def->last_value;
			c->is_called = 1;
		}
	}
	return c;
}

int store_seq_next(store *s, const char *bname, const char *name, const store_seqdef *def,
	int64_t *out, store_err *err)
{
	seqctr *c;
	int64_t v;
	int r = STORE_OK;

	pthread_mutex_lock(&s->seq_lock);
	c = seq_get(s, bname, def);
again:
	v = c->last;
	if (c->is_called) {
		/* One step, with PostgreSQL's checks at the bounds. */
		if (def->increment > 0 ? (v > def->max - def->increment)
				       : (v < def->min - def->increment)) {
			if (!def->cycle) {
				pthread_mutex_unlock(&s->seq_lock);
				return store_err_set(err, "2200H",
					"nextval: reached %s value of sequence \"%s\" (%" PRId64
					")",
					def->increment > 0 ? "maximum" : "minimum", name,
					def->increment > 0 ? def->max : def->min);
			}
			v = def->increment > 0 ? def->min : def->max;
		} else {
			v += def->increment;
		}
	}

	/*
	 * Past the logged mark: move it ahead, durably, before the value
	 * leaves; after the save ahead that is writing it, when one is.
	 */
	if (!c->has_logged || (def->increment > 0 ? v > c->logged : v < c->logged)) {
		if (s->seq_saving) {
			pthread_cond_wait(&s->seq_saved, &s->seq_lock);
			goto again;
		}
		int64_t ahead, mark;
		int64_t old = c->logged;
		int had = c->has_logged;

		/* seq_steps() steps on, or the bound when that would pass it. */
		if (__builtin_mul_overflow(def->increment, seq_steps(c), &ahead) ||
			__builtin_add_overflow(v, ahead, &mark) ||
			(def->increment > 0 ? mark > def->max : mark < def->min))
			mark = def->increment > 0 ? def->max : def->min;
		c->logged = mark;
		c->has_logged = 1;
		r = seq_save(s, err);
		if (r != STORE_OK) {
			c->logged = old;
			c->has_logged = had;
		}
	}
	if (r == STORE_OK) {
		c->last = v;
		c->is_called = 1;
		*out = v;
		seq_save_ahead(s, c, def);
	}
	pthread_mutex_unlock(&s->seq_lock);
	return r;
}

int store_seq_set(store *s, const char *bname, const char *name, const store_seqdef *def,
	int64_t value, int is_called, store_err *err)
{
	seqctr *c;
	int64_t old_last, old_logged;
	int old_called, old_has, r;

	if (value < def->min || value > def->max)
		return store_err_set(err, "22003",
			"setval: value %" PRId64 " is out of bounds for sequence \"%s\" (%" PRId64
			"..%" PRId64 ")",
			value, name, def->min, def->max);
	pthread_mutex_lock(&s->seq_lock);
	while (s->seq_saving)
		pthread_cond_wait(&s->seq_saved, &s->seq_lock);
	c = seq_get(s, bname, def);
	c->epoch++;
	old_last = c->last;
	old_called = c->is_called;
	old_logged = c->logged;
	old_has = c->has_logged;
	c->last = value;
	c->is_called = is_called;
	c->logged = value;
	c->has_logged = 1;
	r = seq_save(s, err);
	if (r != STORE_OK) {
		c->last = old_last;
		c->is_called = old_called;
		c->logged = old_logged;
		c->has_logged = old_has;
	}
	pthread_mutex_unlock(&s->seq_lock);
	return r;
}

void store_seq_peek(
	store *s, const char *bname, const store_seqdef *def, int64_t *last, int *is_called)
{
	seqctr *c;

	pthread_mutex_lock(&s->seq_lock);
	c = seq_get(s, bname, def);
	*last = c->last;
	*is_called = c->is_called;
	pthread_mutex_unlock(&s->seq_lock);
}

void store_seq_logged(store *s, const char *bname, const store_seqdef *def, int64_t *mark)
{
	seqctr *c;

	pthread_mutex_lock(&s->seq_lock);
	c = seq_get(s, bname, def);
	*mark = c->has_logged ? c->logged : c->last;
	pthread_mutex_unlock(&s->seq_lock);
}

void store_seqs_recheck(store *s, const char *bname)
{
	pthread_mutex_lock(&s->seq_lock);
	for (seqctr *c = s->seqs; c != NULL; c = c->next) {
		if (strcmp(c->branch, bname) == 0)
			c->merged = 1;
	}
	pthread_mutex_unlock(&s->seq_lock);
}

void store_seqs_close(store *s)
{
	store_err err;
	int any = 0;

	/* A clean close logs exactly where each counter is: the next open loses nothing. */
	pthread_mutex_lock(&s->seq_lock);
	while (s->seq_saving)
		pthread_cond_wait(&s->seq_saved, &s->seq_lock);
	for (seqctr *c = s->seqs; c != NULL; c = c->next) {
		if (c->has_logged && c->logged != c->last && c->is_called) {
			c->logged = c->last;
			any = 1;
		}
	}
	store_err_clear(&err);
	if (any)
		seq_save(s, &err);
	pthread_mutex_unlock(&s->seq_lock);
}

void store_seqs_free(store *s)
{
	seqctr *c, *next;

	for (c = s->seqs; c != NULL; c = next) {
		next = c->next;
		free(c->branch);
		free(c->uuid);
		free(c);
	}
	s->seqs = NULL;
}
