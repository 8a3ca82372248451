/*
 * store.c - opening a data directory, branches, snapshots and reads.
 *
 * Owns: the repository's life cycle (create, lock, open, close), the
 * in-memory branch table, snapshot resolution (refs, ids, ~N/^N, times)
 * and every read of rows, tables and the catalog; the log lines of the
 * store.  The commit path lives in txn.c, indexes in history.c,
 * checkpoints in checkpoint.c, merges in merge.c, refs on disk in refs.c.
 *
 * Reads walk trees through the object database without taking any lock
 * that a writer holds for longer than a hash probe (DESIGN.md section 4).
 */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "keycodec.h"

static pthread_once_t git_once = PTHREAD_ONCE_INIT;

/* libgit2 never reads the user's global or system config on our behalf. */
static void git_setup(void)
{
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_PROGRAMDATA, "");
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
}

static int git_fail(store_err *err, const char *what)
{
	const git_error *e = git_error_last();

	return store_err_set(
		err, "58030", "%s: %s", what, e && e->message ? e->message : "unknown");
}

void store_opts_init(store_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->default_branch = "main";
	o->committer_name = "ChronDB";
	o->committer_email = "chrondb@localhost";
	o->sync = 1;
	o->checkpoint_bytes = 64u << 20;
	o->checkpoint_interval_ms = 5000;
	o->cache_bytes = 256u << 20;
	o->memory_limit = 0;
	o->background = 1;
	o->ref_poll_ms = 1000;
}

void store_log_event(store *s, store_log_level level, const char *fmt, ...)
{
	static const char *const names[] = {"DEBUG", "INFO", "WARNING", "ERROR"};
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (s->opts.log != NULL)
		s->opts.log((int)level, msg);
	else if (level >= STORE_LOG_WARNING)
		fprintf(stderr, "chrondb: %s:  %s\n", names[level], msg);
}

int64_t store_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int store_fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	int r;

	if (fd < 0)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

/* ---- Times ---- */

static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

static int digits(const char *p, const char *end, int n, int *out)
{
	int v = 0;

	if (end - p < n)
		return -1;
	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return 0;
}

/*
 * Parse an ISO 8601 time ("2026-12-03", "2026-12-03T20:16:56",
 * fractions, "Z" or "+01:00", a space for "T") or a plain number of
 * seconds since the epoch.  Returns microseconds; *ok = 0 when malformed.
 */
int64_t store_parse_iso_time(const char *str, size_t len, int *ok)
{
	const char *p = str, *end = str + len;
	int y, mo, d, h = 0, mi = 0, sec = 0;
	int64_t frac = 0, t;
	int tz = 0;

	*ok = 0;
	while (p < end && *p == ' ')
		p++;
	while (end > p && end[-1] == ' ')
		end--;
	if (p == end)
		return 0;

	/* All digits: seconds since the epoch. */
	if (memchr(p, '-', (size_t)(end - p)) == NULL) {
		int64_t v = 0;

		for (const char *q = p; q < end; q++) {
			if (*q < '0' || *q > '9' || v > INT64_MAX / 100)
				return 0;
			v = v * 10 + (*q - '0');
		}
		*ok = 1;
		return v * 1000000;
	}

	if (digits(p, end, 4, &y) || p[4] != '-' || digits(p + 5, end, 2, &mo) || p[7] != '-' ||
		digits(p + 8, end, 2, &d))
		return 0;
	p += 10;
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return 0;
	if (p < end && (*p == 'T' || *p == 't' || *p == ' ')) {
		p++;
		if (digits(p, end, 2, &h) || p[2] != ':' || digits(p + 3, end, 2, &mi))
			return 0;
		p += 5;
		if (p < end && *p == ':') {
			if (digits(p + 1, end, 2, &sec))
				return 0;
			p += 3;
			if (p < end && (*p == '.' || *p == ',')) {
				int n = 0;

				p++;
				while (p < end && *p >= '0' && *p <= '9') {
					if (n < 6) {
						frac = frac * 10 + (*p - '0');
						n++;
					}
					p++;
				}
				while (n++ < 6)
					frac *= 10;
			}
		}
		if (h > 23 || mi > 59 || sec > 60)
			return 0;
	}
	if (p < end && (*p == 'Z' || *p == 'z')) {
		p++;
	} else if (p < end && (*p == '+' || *p == '-')) {
		int th, tm = 0, sign = *p == '-' ? -1 : 1;

		p++;
		if (digits(p, end, 2, &th))
			return 0;
		p += 2;
		if (p < end && *p == ':')
			p++;
		if (p < end && digits(p, end, 2, &tm) == 0)
			p += 2;
		tz = sign * (th * 60 + tm);
	}
	if (p != end)
		return 0;
	t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - tz * 60;
	*ok = 1;
	return t * 1000000 + frac;
}

void store_fmt_iso_time(char out[40], int64_t t_us)
{
	time_t secs = (time_t)(t_us / 1000000);
	long us = (long)(t_us % 1000000);
	struct tm tm;

	if (us < 0) {
		us += 1000000;
		secs--;
	}
	gmtime_r(&secs, &tm);
	snprintf(out, 40, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", (tm.tm_year + 1900) % 10000,
		(tm.tm_mon + 1) % 100, tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100,
		tm.tm_sec % 100, (int)us % 1000000);
}

/* ---- Branches ---- */

int store_branch_name_validate(const char *name, store_err *err)
{
	size_t len = strlen(name);

	/* git check-ref-format's rules, restricted to what a branch needs. */
	if (len == 0 || len > STORE_BRANCH_MAX || name[0] == '-' || name[0] == '/' ||
		name[len - 1] == '/' || name[len - 1] == '.' || strstr(name, "..") ||
		strstr(name, "//") || strstr(name, "@{") || strstr(name, "/.") || name[0] == '.' ||
		(len >= 5 && strcmp(name + len - 5, ".lock") == 0) || strcmp(name, "HEAD") == 0 ||
		strcmp(name, "@") == 0)
		goto bad;
	for (const char *p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c < 0x20 || c == 0x7f || strchr(" ~^:?*[\\", c))
			goto bad;
	}
	return STORE_OK;
bad:
	store_err_set(err, "42602", "invalid branch name \"%s\"", name);
	store_err_hint(err,
		"Branch names follow git's rules: no spaces, \"..\", \"~\", \"^\", \":\" or a leading \"-\".");
	return STORE_ERROR;
}

branch *store_branch_find(store *s, const char *name)
{
	branch *b;

	pthread_mutex_lock(&s->branches_lock);
	for (b = s->branches; b != NULL; b = b->next) {
		if (!b->deleted && strcmp(b->name, name) == 0)
			break;
	}
	pthread_mutex_unlock(&s->branches_lock);
	return b;
}

/* Branch structs are never freed before store_close; a deleted one is revived. */
branch *store_branch_get_or_create(store *s, const char *name)
{
	branch *b;

	pthread_mutex_lock(&s->branches_lock);
	for (b = s->branches; b != NULL; b = b->next) {
		if (strcmp(b->name, name) == 0)
			break;
	}
	if (b == NULL) {
		b = calloc(1, sizeof(*b));
		if (b == NULL)
			abort();
		snprintf(b->name, sizeof(b->name), "%s", name);
		pthread_mutex_init(&b->commit_lock, NULL);
		pthread_mutex_init(&b->build_lock, NULL);
		pthread_mutex_init(&b->state_lock, NULL);
		b->next = s->branches;
		s->branches = b;
		b->deleted = 1;
	}
	if (b->deleted) {
		b->deleted = 0;
		memset(&b->pending, 0, sizeof(b->pending));
		memset(&b->visible, 0, sizeof(b->visible));
		b->pending_time_us = 0;
		if (b->idx != NULL) {
			bidx_free(b->idx);
			b->idx = NULL;
		}
		store_seqmarks_clear(b);
	}
	pthread_mutex_unlock(&s->branches_lock);
	return b;
}

/* Load refs/heads/ and the notes ref as libgit2 sees them on disk. */
static int load_refs(store *s, store_err *err)
{
	git_reference_iterator *it;
	git_reference *ref;
	git_oid oid;
	int r;

	if (git_reference_iterator_glob_new(&it, s->repo, "refs/heads/*") < 0)
		return git_fail(err, "could not list branches");
	while ((r = git_reference_next(&ref, it)) == 0) {
		const char *name = git_reference_name(ref) + strlen("refs/heads/");
		git_reference *res = NULL;

		if (git_reference_resolve(&res, ref) == 0) {
			branch *b = store_branch_get_or_create(s, name);

			memcpy(b->pending.id, git_reference_target(res)->id, STORE_OID_RAWSZ);
			b->visible = b->on_disk = b->pending;
			git_reference_free(res);
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	if (r != GIT_ITEROVER)
		return git_fail(err, "could not list branches");

	/* The default branch exists even before its first commit. */
	store_branch_get_or_create(s, s->default_branch);

	if (git_reference_name_to_id(&oid, s->repo, "refs/notes/chrondb") == 0) {
		memcpy(s->notes_head.id, oid.id, STORE_OID_RAWSZ);
		s->notes_on_disk = s->notes_head;
	}
	return STORE_OK;
}

/* Take DATA/chrondb/lock; a second process learns who holds it. */
static int take_lock(store *s, store_err *err)
{
	char path[4096], pidbuf[32];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/lock", s->private_dir);
	s->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (s->lock_fd < 0)
		return store_err_set(
			err, "58030", "could not open lock file \"%s\": %s", path, strerror(errno));
	if (flock(s->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		long pid = 0;

		n = pread(s->lock_fd, pidbuf, sizeof(pidbuf) - 1, 0);
		if (n > 0) {
			pidbuf[n] = '\0';
			pid = strtol(pidbuf, NULL, 10);
		}
		close(s->lock_fd);
		s->lock_fd = -1;
		store_err_set(err, "55006", "data directory \"%s\" is in use by process %ld",
			s->dir, pid);
		store_err_detail(err, "Another chrondb process (pid %ld) holds %s.", pid, path);
		store_err_hint(err, "Stop that process or use another data directory.");
		return STORE_ERROR;
	}
	n = snprintf(pidbuf, sizeof(pidbuf), "%ld\n", (long)getpid());
	if (ftruncate(s->lock_fd, 0) < 0 || pwrite(s->lock_fd, pidbuf, (size_t)n, 0) != n)
		return store_err_set(err, "58030", "could not write lock file \"%s\": %s", path,
			strerror(errno));
	return STORE_OK;
}

static int mkdir_p(const char *path, mode_t mode)
{
	char tmp[4096];

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			if (mkdir(tmp, mode) < 0 && errno != EEXIST)
				return -1;
			*p = '/';
		}
	}
	if (mkdir(tmp, mode) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* Create the bare repository when the directory holds none. */
static int ensure_repo(store *s, store_err *err)
{
	char head[4096];
	struct stat st;
	git_repository_init_options io;
	char initial[STORE_BRANCH_MAX + 16];

	snprintf(head, sizeof(head), "%s/HEAD", s->dir);
	if (stat(head, &st) == 0) {
		git_reference *ref = NULL;

		/* libgit2 opens a directory whose HEAD is garbage; git does not. */
		if (git_repository_open_bare(&s->repo, s->dir) < 0 ||
			git_reference_lookup(&ref, s->repo, "HEAD") < 0) {
			git_fail(err, "could not open repository");
			store_err_detail(err,
				"\"%s\" has a HEAD file but is not a readable Git repository.",
				s->dir);
			return STORE_ERROR;
		}
		git_reference_free(ref);
		return STORE_OK;
	}
	if (mkdir_p(s->dir, 0700) < 0)
		return store_err_set(err, "58030", "could not create data directory \"%s\": %s",
			s->dir, strerror(errno));
	if (stat(s->dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return store_err_set(
			err, "58030", "data directory \"%s\" is not a directory", s->dir);
	snprintf(initial, sizeof(initial), "%s", s->default_branch);
	git_repository_init_options_init(&io, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	io.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH;
	io.mode = GIT_REPOSITORY_INIT_SHARED_UMASK;
	io.initial_head = initial;
	if (git_repository_init_ext(&s->repo, s->dir, &io) < 0)
		return git_fail(err, "could not create repository");
	chmod(s->dir, 0700);

	/*
	 * The store packs what it writes and merges packs itself; a `git gc`
	 * that a push would start could repack under it.
	 */
	{
		git_config *cfg = NULL;

		if (git_repository_config(&cfg, s->repo) < 0 ||
			git_config_set_bool(cfg, "receive.autogc", 0) < 0) {
			git_config_free(cfg);
			return git_fail(err, "could not configure repository");
		}
		git_config_free(cfg);
	}
	return STORE_OK;
}

int store_open(store **out, const char *dir, const store_opts *opts, store_err *err)
{
	store *s;
	store_opts defaults;
	char path[4096];

	pthread_once(&git_once, git_setup);
	if (opts == NULL) {
		store_opts_init(&defaults);
		opts = &defaults;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		abort();
	s->opts = *opts;
	s->lock_fd = -1;
	snprintf(s->default_branch, sizeof(s->default_branch), "%s",
		opts->default_branch ? opts->default_branch : "main");
	snprintf(s->committer_name, sizeof(s->committer_name), "%s",
		opts->committer_name ? opts->committer_name : "ChronDB");
	snprintf(s->committer_email, sizeof(s->committer_email), "%s",
		opts->committer_email ? opts->committer_email : "chrondb@localhost");
	pthread_mutex_init(&s->repo_lock, NULL);
	pthread_mutex_init(&s->branches_lock, NULL);
	pthread_mutex_init(&s->notes_lock, NULL);
	pthread_mutex_init(&s->notes_state_lock, NULL);
	store_locks_init(s);
	pthread_mutex_init(&s->colorder_lock, NULL);
	pthread_mutex_init(&s->count_lock, NULL);
	pthread_mutex_init(&s->ext_lock, NULL);
	pthread_mutex_init(&s->conflicts_lock, NULL);
	s->counts = calloc(STORE_COUNT_SLOTS, sizeof(*s->counts));
	if (s->counts == NULL)
		abort();
	pthread_mutex_init(&s->seq_lock, NULL);
	pthread_cond_init(&s->seq_saved, NULL);
	pthread_mutex_init(&s->ckpt_lock, NULL);
	pthread_mutex_init(&s->ckpt_mutex, NULL);
	pthread_cond_init(&s->ckpt_cond, NULL);
	pthread_cond_init(&s->mem_cond, NULL);
	pthread_cond_init(&s->merge_cond, NULL);
	if (asprintf(&s->dir, "%s", dir) < 0 || asprintf(&s->objects_dir, "%s/objects", dir) < 0 ||
		asprintf(&s->private_dir, "%s/chrondb", dir) < 0)
		abort();

	if (store_branch_name_validate(s->default_branch, err) != STORE_OK)
		goto fail;

	/* The repository, then our private directory and its lock. */
	if (ensure_repo(s, err) != STORE_OK)
		goto fail;
	if (mkdir_p(s->private_dir, 0700) < 0) {
		store_err_set(err, "58030", "could not create \"%s\": %s", s->private_dir,
			strerror(errno));
		goto fail;
	}
	if (take_lock(s, err) != STORE_OK)
		goto fail;
	store_clean_stale_locks(s);

	/* Objects, refs, then whatever the WAL holds past the last checkpoint. */
	if (store_odb_open(&s->odb, s->objects_dir, opts->cache_bytes, err) != STORE_OK)
		goto fail;
	if (load_refs(s, err) != STORE_OK)
		goto fail;
	snprintf(path, sizeof(path), "%s/wal", s->private_dir);
	if (wal_open(&s->wal, path, err) != STORE_OK)
		goto fail;
	if (wal_replay(s->wal, store_wal_apply, s, err) != STORE_OK)
		goto fail;
	store_conflicts_load(s);

	/* Refs git moved since the log was written: taken in before anyone reads. */
	if (s->refs_moved && store_refs_poll(s, err) != STORE_OK)
		goto fail;

	if (opts->background && store_ckpt_start(s, err) != STORE_OK)
		goto fail;
	*out = s;
	return STORE_OK;

fail:
	store_close(s);
	return STORE_ERROR;
}

void store_close(store *s)
{
	branch *b, *next;
	store_err err;

	if (s == NULL)
		return;
	store_ckpt_stop(s);
	if (s->ext != NULL)
		s->ext_free(s->ext);
	if (s->wal != NULL && s->odb != NULL && s->repo != NULL && !wal_is_broken(s->wal)) {
		store_err_clear(&err);
		store_checkpoint(s, &err);
	}
	if (s->wal != NULL)
		wal_close(s->wal);
	store_odb_close(s->odb);
	free(s->sealed);
	if (s->repo != NULL)
		git_repository_free(s->repo);
	for (b = s->branches; b != NULL; b = next) {
		next = b->next;
		bidx_free(b->idx);
		store_seqmarks_clear(b);
		free(b->queue);
		pthread_mutex_destroy(&b->commit_lock);
		pthread_mutex_destroy(&b->build_lock);
		pthread_mutex_destroy(&b->state_lock);
		free(b);
	}
	store_locks_destroy(s);
	store_colorders_free(s);
	store_conflicts_clear(s);
	free(s->counts);
	if (s->private_dir != NULL && s->lock_fd >= 0)
		store_seqs_close(s);
	store_seqs_free(s);
	free(s->pnotes);
	free(s->pnote_slots);
	if (s->lock_fd >= 0)
		close(s->lock_fd); /* releases the flock */
	free(s->dir);
	free(s->objects_dir);
	free(s->private_dir);
	free(s);
}

const char *store_default_branch(const store *s)
{
	return s->default_branch;
}

void *store_ext(store *s, void *(*make)(void), void (*free_fn)(void *ext))
{
	void *ext;

	pthread_mutex_lock(&s->ext_lock);
	if (s->ext == NULL) {
		s->ext = make();
		s->ext_free = free_fn;
	}
	ext = s->ext;
	pthread_mutex_unlock(&s->ext_lock);
	return ext;
}

/* ---- Trees and paths ---- */

int store_read_commit(
	store *s, const store_oid *oid, store_obj **obj, store_commit *c, store_err *err)
{
	char hex[STORE_OID_HEXSZ + 1];
	int r = store_odb_read_type(s->odb, oid, STORE_OBJ_COMMIT, obj, err);

	if (r != STORE_OK)
		return r;
	if (store_commit_parse((*obj)->data, (*obj)->len, c) < 0) {
		store_oid_fmt(hex, oid);
		store_obj_unref(*obj);
		*obj = NULL;
		return store_err_set(err, "XX001", "commit %s is malformed", hex);
	}
	return STORE_OK;
}

int store_tree_walk(store *s, const store_oid *tree, const char *path, size_t len, store_oid *oid,
	uint32_t *mode, store_err *err)
{
	store_oid cur = *tree;
	uint32_t curmode = STORE_MODE_TREE;
	const char *p = path, *end = path + len;

	while (p < end) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		size_t n = slash ? (size_t)(slash - p) : (size_t)(end - p);
		store_obj *o;
		store_tree_entry e;
		int r;

		if (curmode != STORE_MODE_TREE)
			return STORE_NOTFOUND;
		r = store_odb_read_type(s->odb, &cur, STORE_OBJ_TREE, &o, err);
		if (r != STORE_OK) {
			if (r == STORE_NOTFOUND) {
				char hex[STORE_OID_HEXSZ + 1];

				store_oid_fmt(hex, &cur);
				return store_err_set(err, "XX001",
					"tree %s is missing from the repository", hex);
			}
			return r;
		}
		r = store_tree_find(o->data, o->len, p, n, &e);
		if (r == 1) {
			cur = e.oid;
			curmode = e.mode;
		}
		store_obj_unref(o);
		if (r < 0)
			return store_err_set(
				err, "XX001", "a tree on path \"%.*s\" is corrupt", (int)len, path);
		if (r == 0)
			return STORE_NOTFOUND;
		p = slash ? slash + 1 : end;
	}
	*oid = cur;
	if (mode != NULL)
		*mode = curmode;
	return STORE_OK;
}

int store_table_dir(char *out, int kind, const char *table, store_err *err)
{
	size_t len = strlen(table), n;

	if (store_table_validate(table, len, err) != STORE_OK)
		return -1;
	if (kind == 2) {
		memcpy(out, "data/", 5);
		n = 5 + store_chrondb_escape(out + 5, STORE_NAME_PATH_SIZE - 5, table, len);
	} else {
		n = store_table_encode(out, STORE_NAME_PATH_SIZE, table, len);
	}
	return (int)n;
}

int store_entry_path(char *out, const char *kind, const char *name, store_err *err)
{
	size_t len = strlen(name);
	int n;

	if (store_table_validate(name, len, err) != STORE_OK)
		return -1;
	n = snprintf(out, STORE_NAME_PATH_SIZE, ".chrondb/%s/", kind);
	n += (int)store_table_encode(out + n, STORE_NAME_PATH_SIZE - (size_t)n, name, len);
	memcpy(out + n, ".json", 6);
	return n + 5;
}

/*
 * Whether data/ is ChronDB's directory of tables (STORE_OK) rather than
 * the rows of a table of ours named "data" (STORE_NOTFOUND): the two
 * layouts share that one name.
 */
static int data_is_chrondb(store *s, const store_oid *root, store_err *err)
{
	store_oid oid;
	int r = store_tree_walk(s, root, ".chrondb/tables/data.json", 25, &oid, NULL, err);

	if (r == STORE_OK)
		return STORE_NOTFOUND;
	return r == STORE_NOTFOUND ? STORE_OK : r;
}

/*
 * Whether table is a ChronDB-layout table in root: its directory under
 * data/ exists, data/ is ChronDB's, and the directory's name decodes to
 * table itself (ChronDB leaves '_' alone, so "a_SPACE_b" would reach the
 * directory of "a b" too: one table, one name, the one listed).
 * STORE_OK, STORE_NOTFOUND or STORE_ERROR.
 */
static int chrondb_table(store *s, const store_oid *root, const char *table, store_err *err)
{
	char path[STORE_NAME_PATH_SIZE], name[STORE_TABLE_MAX + 1];
	store_oid oid;
	int n = store_table_dir(path, 2, table, err), r;

	if (n < 0)
		return STORE_ERROR;
	if (store_table_from_chrondb(name, path + 5, (size_t)n - 5) == (size_t)-1 ||
		strcmp(name, table) != 0)
		return STORE_NOTFOUND;
	r = store_tree_walk(s, root, path, (size_t)n, &oid, NULL, err);
	return r == STORE_OK ? data_is_chrondb(s, root, err) : r;
}

int store_table_kind(store *s, const store_oid *root, const char *table, store_err *err)
{
	store_oid oid;
	char path[STORE_NAME_PATH_SIZE];
	int n, r;

	n = store_entry_path(path, "tables", table, err);
	if (n < 0)
		return -1;
	r = store_tree_walk(s, root, path, (size_t)n, &oid, NULL, err);
	if (r == STORE_OK)
		return 1;
	if (r == STORE_ERROR)
		return -1;
	r = chrondb_table(s, root, table, err);
	if (r == STORE_OK)
		return 2;
	return r == STORE_ERROR ? -1 : 0;
}

static int no_table(store_err *err, const char *table)
{
	return store_err_set(err, "42P01", "relation \"%s\" does not exist", table);
}

int store_row_path(store *s, const store_oid *root, const char *table, const char *key,
	size_t keylen, store_buf *path, store_err *err)
{
	int kind;

	if (store_table_validate(table, strlen(table), err) != STORE_OK)
		return STORE_ERROR;
	kind = store_table_kind(s, root, table, err);
	if (kind < 0)
		return STORE_ERROR;
	if (kind == 0)
		return no_table(err, table);
	return store_row_path_kind(kind, table, key, keylen, path, err);
}

int store_row_path_kind(int kind, const char *table, const char *key, size_t keylen,
	store_buf *path, store_err *err)
{
	char dir[STORE_NAME_PATH_SIZE], fan[8];
	int n;

	if (store_key_validate(key, keylen, err) != STORE_OK)
		return STORE_ERROR;
	n = store_table_dir(dir, kind, table, err);
	if (n < 0)
		return STORE_ERROR;
	path->len = 0;
	store_buf_put(path, dir, (size_t)n);
	store_buf_putc(path, '/');
	if (kind == 2) {
		/* ChronDB layout: data/<table>/<escaped raw id>.json. */
		char *raw = malloc(keylen + 1);
		size_t rawlen = store_key_decode(raw, key, keylen), need;

		if (rawlen == (size_t)-1) {
			free(raw);
			return store_err_set(
				err, "22023", "invalid row key \"%.*s\"", (int)keylen, key);
		}
		need = store_chrondb_escape(NULL, 0, raw, rawlen);
		store_buf_grow(path, need + 1);
		store_chrondb_escape((char *)path->data + path->len, need + 1, raw, rawlen);
		path->len += need;
		store_buf_puts(path, ".json");
		free(raw);
		return STORE_OK;
	}
	store_key_fanout(fan, key, keylen);
	store_buf_printf(path, "%s/", fan);
	store_buf_put(path, key, keylen);
	store_buf_puts(path, ".json");
	return STORE_OK;
}

/* ---- Snapshots ---- */

/* Read the "timestamp" of a commit's note, in microseconds; 0 when none. */
/* The "timestamp" of a note's text (microseconds since the epoch), 0 when it has none. */
static int64_t note_text_time(const char *json)
{
	const char *p = strstr(json, "\"timestamp\""), *q;
	int64_t t;
	int ok;

	/* The note is ours and compact; a full parse is not needed for one key. */
	if (p == NULL || (p = strchr(p + 11, '"')) == NULL || (q = strchr(p + 1, '"')) == NULL)
		return 0;
	t = store_parse_iso_time(p + 1, (size_t)(q - p - 1), &ok);
	return ok ? t : 0;
}

int64_t store_note_time(store *s, const store_oid *commit)
{
	const struct pnote *pn;
	char *json = NULL;
	store_err err;
	int64_t t = 0;

	/* A note not folded yet carries its time. */
	pthread_mutex_lock(&s->notes_state_lock);
	pn = store_pnote_find(s, commit);
	if (pn != NULL)
		t = pn->time_us;
	pthread_mutex_unlock(&s->notes_state_lock);
	if (t != 0)
		return t;

	store_err_clear(&err);
	if (store_note(s, commit, &json, &err) != STORE_OK)
		return 0;
	t = note_text_time(json);
	free(json);
	return t;
}

/* Make a snapshot whose time is already known (0: read it from the note). */
static int snap_make_timed(store *s, const store_oid *commit, const char *branch_name,
	int64_t time_us, store_snap **out, store_err *err);

int store_snap_make(store *s, const store_oid *commit, const char *branch_name, store_snap **out,
	store_err *err)
{
	return snap_make_timed(s, commit, branch_name, 0, out, err);
}

static int snap_make_timed(store *s, const store_oid *commit, const char *branch_name,
	int64_t time_us, store_snap **out, store_err *err)
{
	store_snap *snap = calloc(1, sizeof(*snap));
	store_obj *o;
	store_commit c;

	if (snap == NULL)
		abort();
	snap->s = s;
	snprintf(snap->branch, sizeof(snap->branch), "%s", branch_name ? branch_name : "");
	if (!store_oid_is_zero(commit)) {
		int r = store_read_commit(s, commit, &o, &c, err);

		if (r != STORE_OK) {
			free(snap);
			if (r == STORE_NOTFOUND) {
				char hex[STORE_OID_HEXSZ + 1];

				store_oid_fmt(hex, commit);
				return store_err_set(err, "42704", "commit %s does not exist", hex);
			}
			return r;
		}
		snap->commit = *commit;
		snap->tree = c.tree;
		snap->time_us = c.committer.time * 1000000;
		store_obj_unref(o);
		if (time_us != 0) {
			snap->time_us = time_us;
		} else {
			int64_t nt = store_note_time(s, commit);

			if (nt != 0)
				snap->time_us = nt;
		}
	}
	*out = snap;
	return STORE_OK;
}

int store_snap_branch(store *s, const char *name, store_snap **out, store_err *err)
{
	branch *b;
	store_oid head;
	int64_t t;

	if (name == NULL)
		name = s->default_branch;
	b = store_branch_find(s, name);
	if (b == NULL)
		return store_err_set(err, "42704", "branch \"%s\" does not exist", name);
	pthread_mutex_lock(&b->state_lock);
	head = b->visible;
	t = b->visible_time_us;
	pthread_mutex_unlock(&b->state_lock);
	return snap_make_timed(s, &head, name, t, out, err);
}

int store_snap_commit(store *s, const store_oid *commit, store_snap **out, store_err *err)
{
	return store_snap_make(s, commit, NULL, out, err);
}

/* How long a reader waits for a commit stamped before its time to reach the disk. */
#define AT_TIME_WAIT_US (5 * 1000000)
#define AT_TIME_POLL_US 100

/* Whether commit is still waiting for its WAL flush (in the branch's queue). */
static int awaiting_flush(branch *b, const store_oid *commit)
{
	int found = 0;

	pthread_mutex_lock(&b->state_lock);
	for (size_t i = 0; i < b->nqueue && !found; i++)
		found = store_oid_equal(&b->queue[i].oid, commit);
	pthread_mutex_unlock(&b->state_lock);
	return found;
}

/*
 * A commit gets its time before its WAL record is flushed and becomes
 * visible after, so the answer for a time t can be a commit still on its
 * way to disk.  Answering with the visible head would change the past
 * once that commit lands (a second reading of t would see it), so the
 * reader waits for it, a group commit's fsync at most, and asks again.
 * A commit that never lands (a failed WAL write) leaves the index and
 * the answer moves back.  After AT_TIME_WAIT_US the visible answer
 * stands: a stuck disk stalls writers, not the readers of the past.
 */
int store_snap_at_time(store *s, const char *name, int64_t t_us, store_snap **out, store_err *err)
{
	branch *b;
	store_oid head, at, waiting;
	int64_t waited = 0;
	long seq, pseq, ans;
	int r;

	if (name == NULL)
		name = s->default_branch;
	b = store_branch_find(s, name);
	if (b == NULL)
		return store_err_set(err, "42704", "branch \"%s\" does not exist", name);

	for (;;) {
		int wait = 0;

		/* The index is built under the commit lock; queries only read it after. */
		pthread_mutex_lock(&b->commit_lock);
		r = bidx_ensure(s, b, err);
		if (r == STORE_OK) {
			pthread_mutex_lock(&b->state_lock);
			head = b->visible;
			pthread_mutex_unlock(&b->state_lock);
			seq = store_oid_is_zero(&head) ? -1 : bidx_seq(b->idx, &head);
			pseq = store_oid_is_zero(&b->pending) ? -1 : bidx_seq(b->idx, &b->pending);
			ans = bidx_seq_at_time(
				b->idx, pseq > seq && waited < AT_TIME_WAIT_US ? pseq : seq, t_us);
			if (ans > seq) {
				waiting = *bidx_oid(b->idx, ans);
				wait = 1;
			} else if (ans >= 0) {
				at = *bidx_oid(b->idx, ans);
			} else {
				r = STORE_NOTFOUND;
			}
		}
		pthread_mutex_unlock(&b->commit_lock);
		if (!wait)
			break;
		while (awaiting_flush(b, &waiting) && waited < AT_TIME_WAIT_US) {
			struct timespec ts = {0, AT_TIME_POLL_US * 1000};

			nanosleep(&ts, NULL);
			waited += AT_TIME_POLL_US;
		}
	}
	if (r == STORE_ERROR)
		return r;
	if (r == STORE_NOTFOUND) {
		char when[40];

		store_fmt_iso_time(when, t_us);
		store_err_set(
			err, "22008", "no commit on branch \"%s\" at or before %s", name, when);
		store_err_detail(err, "The branch's history starts after that time.");
		return STORE_ERROR;
	}

	/* The commit is on the branch: history asked of the snapshot reads that branch's. */
	return store_snap_make(s, &at, name, out, err);
}

void store_snap_free(store_snap *snap)
{
	free(snap);
}

store_snap *store_snap_copy(const store_snap *snap)
{
	store_snap *c = malloc(sizeof(*c));

	if (c == NULL)
		abort();
	*c = *snap;
	return c;
}

const store_oid *store_snap_id(const store_snap *snap)
{
	return &snap->commit;
}

const char *store_snap_branch_name(const store_snap *snap)
{
	return snap->branch[0] ? snap->branch : NULL;
}

int64_t store_snap_time(const store_snap *snap)
{
	return snap->time_us;
}

int store_snap_is_empty(const store_snap *snap)
{
	return store_oid_is_zero(&snap->commit);
}

/* Peel a tag object chain to what it points at. */
static int peel_tags(store *s, store_oid *oid, store_err *err)
{
	for (int depth = 0; depth < 16; depth++) {
		store_obj *o;
		int r = store_odb_read(s->odb, oid, &o, err);

		if (r != STORE_OK)
			return r;
		if (o->type != STORE_OBJ_TAG) {
			store_obj_unref(o);
			return STORE_OK;
		}
		if (o->len < 47 || memcmp(o->data, "object ", 7) != 0 ||
			store_oid_parse(oid, (const char *)o->data + 7, 40) < 0) {
			store_obj_unref(o);
			return store_err_set(err, "XX001", "tag object is malformed");
		}
		store_obj_unref(o);
	}
	return store_err_set(err, "XX001", "tag chain is too long");
}

/* Resolve the base of a revision expression (no ~ ^ suffixes). */
static int resolve_base(
	store *s, const char *name, size_t len, store_oid *out, char *branch_out, store_err *err)
{
	char buf[STORE_BRANCH_MAX + 32];
	branch *b;
	git_oid goid;
	int r;

	if (len == 0 || len > STORE_BRANCH_MAX)
		return STORE_NOTFOUND;
	memcpy(buf, name, len);
	buf[len] = '\0';

	/*
	 * A full commit id is the object whatever refs say, as git takes it
	 * (with a warning when a ref has that name): no ref lookup, which
	 * reads the disk.
	 */
	if (len == STORE_OID_HEXSZ && strspn(buf, "0123456789abcdefABCDEF") == len &&
		store_oid_parse(out, buf, len) == 0 && store_odb_exists(s->odb, out))
		return STORE_OK;

	/* HEAD, then branches (short or full name). */
	if (strcmp(buf, "HEAD") == 0 || strcmp(buf, "@") == 0)
		snprintf(buf, sizeof(buf), "%s", s->default_branch);
	b = store_branch_find(s, strncmp(buf, "refs/heads/", 11) == 0 ? buf + 11 : buf);
	if (b != NULL) {
		pthread_mutex_lock(&b->state_lock);
		*out = b->visible;
		pthread_mutex_unlock(&b->state_lock);
		if (store_oid_is_zero(out))
			return store_err_set(
				err, "42704", "branch \"%s\" has no commits yet", b->name);
		snprintf(branch_out, STORE_BRANCH_MAX + 1, "%s", b->name);
		return STORE_OK;
	}

	/* Tags and other refs on disk. */
	pthread_mutex_lock(&s->repo_lock);
	{
		char full[sizeof(buf) + 16];

		snprintf(full, sizeof(full), "refs/tags/%s", buf);
		r = git_reference_name_to_id(&goid, s->repo, full);
		if (r < 0 && strncmp(buf, "refs/", 5) == 0)
			r = git_reference_name_to_id(&goid, s->repo, buf);
	}
	pthread_mutex_unlock(&s->repo_lock);
	if (r == 0) {
		memcpy(out->id, goid.id, STORE_OID_RAWSZ);
		return peel_tags(s, out, err);
	}

	/* A full or abbreviated commit id. */
	if (len >= 4 && len <= STORE_OID_HEXSZ && strspn(buf, "0123456789abcdefABCDEF") == len) {
		r = store_odb_find_prefix(s->odb, buf, len, out, err);
		if (r != STORE_NOTFOUND)
			return r;
	}
	return STORE_NOTFOUND;
}

/*
 * A revision's suffix of first-parent steps only (~N, ^ and ^1) from
 * base, answered by a branch's commit index in O(1) instead of reading
 * N commits: branch's index when the base named a branch, else the
 * default branch's.  STORE_NOTFOUND when the suffix has other steps or
 * the base is on no such chain: the caller walks the parents.
 */
static int first_parent_steps(store *s, const char *bname, const store_oid *base, const char *spec,
	const char *suffix, store_snap **out, store_err *err)
{
	branch *b = store_branch_find(s, bname != NULL ? bname : s->default_branch);
	long steps = 0, seq;
	store_oid at;
	int64_t t = 0;
	int r;

	if (*suffix == '\0' || b == NULL)
		return STORE_NOTFOUND;
	for (const char *p = suffix; *p;) {
		char op = *p++;
		long n = 1;

		if (op != '~' && op != '^')
			return STORE_NOTFOUND; /* the caller's walk gives the error */
		if (*p >= '0' && *p <= '9')
			n = strtol(p, (char **)&p, 10);
		if (op == '^' && n > 1)
			return STORE_NOTFOUND;
		if (op == '~' || n == 1)
			steps += n;
		if (steps < 0 || steps > LONG_MAX / 2)
			return STORE_NOTFOUND;
	}
	pthread_mutex_lock(&b->commit_lock);
	r = bidx_ensure(s, b, err);
	seq = r == STORE_OK ? bidx_seq(b->idx, base) : -1;
	if (seq >= steps) {
		at = *bidx_oid(b->idx, seq - steps);
		t = bidx_time(b->idx, seq - steps);
	}
	pthread_mutex_unlock(&b->commit_lock);
	if (r != STORE_OK)
		return r;
	if (seq < 0)
		return STORE_NOTFOUND;
	if (seq < steps) {
		/* The chain from the branch's root: git's answer too. */
		store_err_set(err, "42704", "revision \"%s\" does not exist", spec);
		store_err_detail(
			err, "The history is not that long, or the commit has fewer parents.");
		return STORE_ERROR;
	}
	return snap_make_timed(s, &at, NULL, t, out, err);
}

int store_snap_open(store *s, const char *spec, store_snap **out, store_err *err)
{
	const char *at, *p;
	size_t baselen;
	store_oid oid;
	char bname[STORE_BRANCH_MAX + 1] = "";
	int r;

	if (spec == NULL || *spec == '\0')
		return store_snap_branch(s, NULL, out, err);

	/* "<branch>@<time>" or "@<time>". */
	at = strchr(spec, '@');
	if (at != NULL && at[1] != '{' && at[1] != '\0') {
		char name[STORE_BRANCH_MAX + 1];
		int ok;
		int64_t t = store_parse_iso_time(at + 1, strlen(at + 1), &ok);

		if (!ok) {
			store_err_set(err, "22007",
				"invalid input syntax for type timestamp: \"%s\"", at + 1);
			store_err_hint(err,
				"Use ISO 8601, such as 2026-12-03T10:00:00Z, or seconds since the epoch.");
			return STORE_ERROR;
		}
		if ((size_t)(at - spec) > STORE_BRANCH_MAX)
			return store_err_set(err, "42704", "branch \"%s\" does not exist", spec);
		memcpy(name, spec, (size_t)(at - spec));
		name[at - spec] = '\0';
		return store_snap_at_time(s, name[0] ? name : NULL, t, out, err);
	}

	/* The base name, then ~N and ^N steps along parents. */
	baselen = strcspn(spec, "~^");
	r = resolve_base(s, spec, baselen, &oid, bname, err);
	if (r == STORE_NOTFOUND) {
		store_err_set(err, "42704", "revision \"%.*s\" does not exist", (int)baselen, spec);
		store_err_hint(err,
			"Give a branch, a tag, a commit id of at least 4 hex digits, or @ and a time.");
		return STORE_ERROR;
	}
	if (r != STORE_OK)
		return r;
	if ((r = peel_tags(s, &oid, err)) != STORE_OK)
		return r;
	r = first_parent_steps(s, bname[0] ? bname : NULL, &oid, spec, spec + baselen, out, err);
	if (r != STORE_NOTFOUND)
		return r;
	for (p = spec + baselen; *p;) {
		char op = *p++;
		long n = 1;
		store_obj *o;
		store_commit c;

		if (op != '~' && op != '^') {
			store_err_set(err, "22P02", "invalid revision \"%s\"", spec);
			store_err_hint(err,
				"A revision is a branch, tag or commit id followed by ~N or ^N steps, "
				"or @ and a time.");
			return STORE_ERROR;
		}
		if (*p >= '0' && *p <= '9') {
			n = strtol(p, (char **)&p, 10);
		}
		if (op == '^' && n == 0)
			continue;

		for (long i = 0; i < (op == '~' ? n : 1); i++) {
			int idx = op == '~' ? 0 : (int)n - 1;

			r = store_read_commit(s, &oid, &o, &c, err);
			if (r != STORE_OK)
				return r == STORE_NOTFOUND
					       ? store_err_set(err, "42704",
							 "revision \"%s\" does not exist", spec)
					       : r;
			if (idx >= c.nparents || idx >= STORE_MAX_PARENTS) {
				store_obj_unref(o);
				store_err_set(err, "42704", "revision \"%s\" does not exist", spec);
				store_err_detail(err,
					"The history is not that long, or the commit has fewer parents.");
				return STORE_ERROR;
			}
			oid = c.parents[idx];
			store_obj_unref(o);
		}
		bname[0] = '\0';
	}
	return store_snap_make(s, &oid, bname[0] ? bname : NULL, out, err);
}

/* ---- Reading rows ---- */

static int read_blob_text(store *s, const store_oid *oid, char **json, size_t *len, store_err *err)
{
	store_obj *o;
	int r = store_odb_read_type(s->odb, oid, STORE_OBJ_BLOB, &o, err);

	if (r == STORE_NOTFOUND) {
		char hex[STORE_OID_HEXSZ + 1];

		store_oid_fmt(hex, oid);
		return store_err_set(err, "XX001", "blob %s is missing from the repository", hex);
	}
	if (r != STORE_OK)
		return r;
	*json = malloc(o->len + 1);
	if (*json == NULL)
		abort();
	memcpy(*json, o->data, o->len + 1);
	if (len != NULL)
		*len = o->len;
	store_obj_unref(o);
	return STORE_OK;
}

int store_blob(store *s, const store_oid *blob, char **data, size_t *len, store_err *err)
{
	return read_blob_text(s, blob, data, len, err);
}

int store_get(store_snap *snap, const char *table, const char *key, size_t keylen, char **json,
	size_t *len, store_oid *blob, store_err *err)
{
	store *s = snap->s;
	store_buf path = STORE_BUF_INIT;
	store_oid oid;
	uint32_t mode;
	int r;

	if (store_oid_is_zero(&snap->commit)) {
		if (store_table_validate(table, strlen(table), err) != STORE_OK)
			return STORE_ERROR;
		return no_table(err, table);
	}

	/*
	 * Fast path: our own layout needs no catalog read.  Only when the
	 * row is not where it would be do we ask which kind the table is.
	 */
	if (store_table_validate(table, strlen(table), err) != STORE_OK ||
		store_row_path_kind(1, table, key, keylen, &path, err) != STORE_OK) {
		store_buf_free(&path);
		return STORE_ERROR;
	}
	r = store_tree_walk(s, &snap->tree, (const char *)path.data, path.len, &oid, &mode, err);
	if (r == STORE_NOTFOUND) {
		r = store_row_path(s, &snap->tree, table, key, keylen, &path, err);
		if (r == STORE_OK)
			r = store_tree_walk(s, &snap->tree, (const char *)path.data, path.len, &oid,
				&mode, err);
	}
	store_buf_free(&path);
	if (r != STORE_OK)
		return r;
	if (mode == STORE_MODE_TREE)
		return STORE_NOTFOUND;
	if (blob != NULL)
		*blob = oid;
	return read_blob_text(s, &oid, json, len, err);
}

/* ---- Scans ---- */

/*
 * A scan first gathers (key, blob) pairs from the table's trees, then
 * orders them by decoded key and reads each blob as the caller asks for
 * it.  Keys live in the scan's own chunks (two small strings per row,
 * allocated a chunk at a time, freed together), and the order is a
 * permutation sorted apart from the rows: a radix sort of the integer
 * key when the table has one, a comparison sort of the decoded bytes
 * otherwise.  A row's blob is borrowed from the object database for as
 * long as it is the current row, never copied.
 */

typedef struct scan_row {
	const char *key; /* encoded name, NUL-terminated, in the scan's chunks */
	const char *raw; /* decoded key bytes, for ordering, likewise */
	uint32_t keylen, rawlen;
	store_oid blob;
	char *inline_json; /* a transaction's own write (malloc'd), instead of the blob */
	size_t inline_len;
} scan_row;

typedef struct scan_chunk {
	struct scan_chunk *next;
	size_t used, cap;
	char data[];
} scan_chunk;

struct store_scan {
	store *s;
	scan_row *rows;
	size_t n, cap, pos;
	uint32_t *order; /* row indexes in key order (store_scan_finish) */
	scan_chunk *chunks;
	store_obj *cur; /* the current row's blob, borrowed until the next call */
};

/* n bytes from the scan's chunks, valid until the scan closes. */
static char *scan_alloc(store_scan *sc, size_t n)
{
	scan_chunk *c = sc->chunks;

	if (c == NULL || c->cap - c->used < n) {
		size_t cap = n > 60000 ? n : 60000;

		c = malloc(sizeof(*c) + cap);
		if (c == NULL)
			abort();
		c->next = sc->chunks;
		c->used = 0;
		c->cap = cap;
		sc->chunks = c;
	}
	c->used += n;
	return c->data + c->used - n;
}

static scan_row *scan_push(store_scan *sc)
{
	if (sc->n == sc->cap) {
		sc->cap = sc->cap ? sc->cap * 2 : 64;
		sc->rows = realloc(sc->rows, sc->cap * sizeof(*sc->rows));
		if (sc->rows == NULL)
			abort();
	}
	return &sc->rows[sc->n++];
}

static void scan_add(
	store_scan *sc, const char *name, size_t namelen, const store_oid *blob, int chrondb)
{
	char *raw = scan_alloc(sc, namelen + 1), *key;
	size_t rawlen, keylen = namelen;
	scan_row *r;

	if (chrondb) {
		/* File names are ChronDB-escaped raw ids; our key is the percent-encoding. */
		rawlen = store_key_from_chrondb(raw, name, namelen);
		keylen = store_key_encode(NULL, 0, raw, rawlen);
		key = scan_alloc(sc, keylen + 1);
		store_key_encode(key, keylen + 1, raw, rawlen);
	} else {
		rawlen = store_key_decode(raw, name, namelen);
		if (rawlen == (size_t)-1)
			return; /* not one of our rows: skip (its bytes stay in the chunk) */
		key = scan_alloc(sc, namelen + 1);
		memcpy(key, name, namelen);
		key[namelen] = '\0';
	}
	raw[rawlen] = '\0';
	r = scan_push(sc);
	r->key = key;
	r->keylen = (uint32_t)keylen;
	r->raw = raw;
	r->rawlen = (uint32_t)rawlen;
	r->blob = *blob;
	r->inline_json = NULL;
	r->inline_len = 0;
}

/* Collect every "*.json" blob under tree, depth levels of fan-out below. */
static int scan_collect(
	store_scan *sc, const store_oid *tree, int depth, int chrondb, store_err *err)
{
	store_obj *o;
	store_tree_entry e;
	size_t pos = 0;
	int r = store_odb_read_type(sc->s->odb, tree, STORE_OBJ_TREE, &o, err);

	if (r != STORE_OK)
		return r == STORE_NOTFOUND
			       ? store_err_set(err, "XX001", "tree missing from the repository")
			       : r;
	while ((r = store_tree_next(o->data, o->len, &pos, &e)) == 1) {
		if (e.mode == STORE_MODE_TREE) {
			if (depth > 0 &&
				scan_collect(sc, &e.oid, depth - 1, chrondb, err) != STORE_OK) {
				store_obj_unref(o);
				return STORE_ERROR;
			}
		} else if (e.namelen > 5 && memcmp(e.name + e.namelen - 5, ".json", 5) == 0) {
			scan_add(sc, e.name, e.namelen - 5, &e.oid, chrondb);
		}
	}
	store_obj_unref(o);
	if (r < 0)
		return store_err_set(err, "XX001", "corrupt tree in a table");
	return STORE_OK;
}

/* Rows whose order qsort decides (no context argument: the rows are global to it). */
static _Thread_local const scan_row *cmp_rows;

static int cmp_raw(const void *a, const void *b)
{
	const scan_row *x = &cmp_rows[*(const uint32_t *)a], *y = &cmp_rows[*(const uint32_t *)b];
	size_t n = x->rawlen < y->rawlen ? x->rawlen : y->rawlen;
	int c = memcmp(x->raw, y->raw, n);

	if (c != 0)
		return c;
	return x->rawlen < y->rawlen ? -1 : x->rawlen > y->rawlen;
}

/* A signed key as an unsigned one of the same order. */
static uint64_t order_bits(int64_t v)
{
	return (uint64_t)v ^ (UINT64_C(1) << 63);
}

/*
 * Sort idx[0..n) by keys[idx[i]], least significant 11 bits first (a
 * stable LSD radix sort); a pass whose digit is the same in every key is
 * skipped, so keys below 2^22 cost two passes.  tmp has room for n.
 */
static void radix_sort(const uint64_t *keys, uint32_t *idx, uint32_t *tmp, size_t n)
{
	enum { BITS = 11, DIGITS = 1 << BITS };
	size_t count[DIGITS];
	uint32_t *from = idx, *to = tmp, *t;

	for (int shift = 0; shift < 64; shift += BITS) {
		size_t sum = 0;

		memset(count, 0, sizeof(count));
		for (size_t i = 0; i < n; i++)
			count[(keys[from[i]] >> shift) & (DIGITS - 1)]++;
		if (count[(keys[from[0]] >> shift) & (DIGITS - 1)] == n)
			continue;
		for (size_t d = 0; d < DIGITS; d++) {
			size_t c = count[d];

			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			to[count[(keys[from[i]] >> shift) & (DIGITS - 1)]++] = from[i];
		t = from;
		from = to;
		to = t;
	}
	if (from != idx)
		memcpy(idx, from, n * sizeof(*idx));
}

/* Does the catalog declare a single integer primary key? */
static int catalog_int_key(const char *catalog)
{
	json_t *root = json_loads(catalog, 0, NULL);
	json_t *pk, *cols, *col;
	const char *pkname, *type;
	size_t i;
	int yes = 0;

	if (root == NULL)
		return 0;
	pk = json_object_get(root, "primary_key");
	cols = json_object_get(root, "columns");
	if (json_is_array(pk) && json_array_size(pk) == 1 &&
		(pkname = json_string_value(json_array_get(pk, 0))) != NULL) {
		json_array_foreach(cols, i, col)
		{
			const char *name = json_string_value(json_object_get(col, "name"));

			type = json_string_value(json_object_get(col, "type"));
			if (name && type && strcmp(name, pkname) == 0 &&
				(strcmp(type, "integer") == 0 || strcmp(type, "bigint") == 0 ||
					strcmp(type, "smallint") == 0 || strcmp(type, "int") == 0 ||
					strcmp(type, "int4") == 0 || strcmp(type, "int8") == 0 ||
					strcmp(type, "int2") == 0 || strcmp(type, "serial") == 0 ||
					strcmp(type, "bigserial") == 0))
				yes = 1;
		}
	}
	json_decref(root);
	return yes;
}

store_scan *store_scan_new(store *s)
{
	store_scan *sc = calloc(1, sizeof(*sc));

	if (sc == NULL)
		abort();
	sc->s = s;
	return sc;
}

int store_scan_collect(store_snap *snap, const char *table, store_scan *sc, store_err *err)
{
	store *s = snap->s;
	store_oid oid;
	char path[STORE_NAME_PATH_SIZE];
	int kind, n, r;

	if (store_oid_is_zero(&snap->commit))
		return STORE_NOTFOUND;
	kind = store_table_kind(s, &snap->tree, table, err);
	if (kind < 0)
		return STORE_ERROR;
	if (kind == 0)
		return STORE_NOTFOUND;

	/* Gather (key, blob) pairs: reading rows comes later. */
	n = store_table_dir(path, kind, table, err);
	r = store_tree_walk(s, &snap->tree, path, (size_t)n, &oid, NULL, err);
	if (r == STORE_OK)
		r = scan_collect(sc, &oid, kind == 2 ? 0 : 4, kind == 2, err);
	else if (r == STORE_NOTFOUND)
		r = STORE_OK; /* an empty table has no directory */
	return r;
}

void store_scan_put_inline(
	store_scan *sc, const char *key, size_t keylen, const char *json, size_t len)
{
	char *raw = scan_alloc(sc, keylen + 1), *k;
	size_t rawlen = store_key_decode(raw, key, keylen);
	scan_row *r;

	if (rawlen == (size_t)-1)
		return;
	raw[rawlen] = '\0';
	k = scan_alloc(sc, keylen + 1);
	memcpy(k, key, keylen);
	k[keylen] = '\0';
	r = scan_push(sc);
	memset(r, 0, sizeof(*r));
	r->raw = raw;
	r->rawlen = (uint32_t)rawlen;
	r->key = k;
	r->keylen = (uint32_t)keylen;
	r->inline_json = malloc(len + 1);
	if (r->inline_json == NULL)
		abort();
	memcpy(r->inline_json, json, len);
	r->inline_json[len] = '\0';
	r->inline_len = len;
}

void store_scan_filter(
	store_scan *sc, int (*drop)(void *arg, const char *key, size_t keylen), void *arg)
{
	size_t j = 0;

	for (size_t i = 0; i < sc->n; i++) {
		scan_row *r = &sc->rows[i];

		if (drop(arg, r->key, r->keylen))
			free(r->inline_json); /* its key bytes stay in the chunks */
		else
			sc->rows[j++] = *r;
	}
	sc->n = j;
}

void store_scan_finish(store_scan *sc, const char *catalog)
{
	int int_order = catalog != NULL && catalog_int_key(catalog);
	uint64_t *keys = NULL;

	sc->order = malloc((sc->n ? sc->n : 1) * sizeof(*sc->order));
	if (sc->order == NULL)
		abort();
	for (size_t i = 0; i < sc->n; i++)
		sc->order[i] = (uint32_t)i;
	if (sc->n < 2)
		return;

	/* One integer key: numeric order, when every key reads as a number. */
	if (int_order) {
		keys = malloc(sc->n * sizeof(*keys));
		if (keys == NULL)
			abort();
		for (size_t i = 0; i < sc->n && int_order; i++) {
			char *end;
			long long v;

			errno = 0;
			v = strtoll(sc->rows[i].raw, &end, 10);
			int_order = *end == '\0' && errno == 0 && end != sc->rows[i].raw;
			keys[i] = order_bits(v);
		}
	}
	if (int_order) {
		uint32_t *tmp = malloc(sc->n * sizeof(*tmp));

		if (tmp == NULL)
			abort();
		radix_sort(keys, sc->order, tmp, sc->n);
		free(tmp);
	} else {
		cmp_rows = sc->rows;
		qsort(sc->order, sc->n, sizeof(*sc->order), cmp_raw);
		cmp_rows = NULL;
	}
	free(keys);
}

int store_scan_open(store_snap *snap, const char *table, store_scan **out, store_err *err)
{
	store_scan *sc;
	char *catalog = NULL;
	int r;

	if (store_table_validate(table, strlen(table), err) != STORE_OK)
		return STORE_ERROR;
	sc = store_scan_new(snap->s);
	r = store_scan_collect(snap, table, sc, err);
	if (r != STORE_OK) {
		store_scan_close(sc);
		return r == STORE_NOTFOUND ? no_table(err, table) : STORE_ERROR;
	}
	if (store_table_kind(snap->s, &snap->tree, table, err) == 1 &&
		store_catalog(snap, table, &catalog, err) != STORE_OK)
		catalog = NULL;
	store_err_clear(err);
	store_scan_finish(sc, catalog);
	free(catalog);
	*out = sc;
	return STORE_OK;
}

int store_scan_next(store_scan *sc, const char **key, size_t *keylen, const char **json,
	size_t *len, store_err *err)
{
	scan_row *r;
	int rc;

	store_obj_unref(sc->cur);
	sc->cur = NULL;
	if (sc->pos >= sc->n)
		return 0;
	r = &sc->rows[sc->order[sc->pos++]];
	*key = r->key;
	*keylen = r->keylen;
	if (r->inline_json != NULL) {
		*json = r->inline_json;
		*len = r->inline_len;
		return 1;
	}
	rc = store_odb_read_type(sc->s->odb, &r->blob, STORE_OBJ_BLOB, &sc->cur, err);
	if (rc == STORE_NOTFOUND) {
		char hex[STORE_OID_HEXSZ + 1];

		store_oid_fmt(hex, &r->blob);
		return store_err_set(err, "XX001", "blob %s is missing from the repository", hex);
	}
	if (rc != STORE_OK)
		return STORE_ERROR;
	*json = (const char *)sc->cur->data; /* NUL-terminated, as every object */
	*len = sc->cur->len;
	return 1;
}

void store_scan_close(store_scan *sc)
{
	scan_chunk *c, *next;

	if (sc == NULL)
		return;
	for (size_t i = 0; i < sc->n; i++)
		free(sc->rows[i].inline_json);
	for (c = sc->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	store_obj_unref(sc->cur);
	free(sc->rows);
	free(sc->order);
	free(sc);
}

/*
 * Count "*.json" entries below a tree, depth levels of subtrees deep.
 * Counts of subtrees come from the store's cache when it has them and go
 * into it when computed (a zero id in a slot means empty: no tree hashes
 * to zero).
 */
/*
 * The count cache: sets of STORE_COUNT_WAYS slots, found by tree id; a
 * new count replaces the one its set took in longest ago.  Each commit
 * makes new versions of the trees near a table's root, and a statement
 * reads the count of a version a few commits old: a direct-mapped cache
 * lost those to the newer ones within a second.  Caller holds count_lock.
 */
static struct treecount *count_find(store *s, const store_oid *tree, int depth)
{
	struct treecount *set =
		&s->counts[(store_oid_hash(tree) % (STORE_COUNT_SLOTS / STORE_COUNT_WAYS)) *
			   STORE_COUNT_WAYS];

	for (int w = 0; w < STORE_COUNT_WAYS; w++)
		if (set[w].depth == depth && store_oid_equal(&set[w].tree, tree))
			return &set[w];
	return NULL;
}

static void count_put(store *s, const store_oid *tree, int depth, uint64_t rows)
{
	struct treecount *set =
		&s->counts[(store_oid_hash(tree) % (STORE_COUNT_SLOTS / STORE_COUNT_WAYS)) *
			   STORE_COUNT_WAYS];
	struct treecount *victim = &set[0];

	for (int w = 0; w < STORE_COUNT_WAYS; w++) {
		if (set[w].depth == depth && store_oid_equal(&set[w].tree, tree)) {
			victim = &set[w];
			break;
		}
		if (set[w].age < victim->age)
			victim = &set[w];
	}
	victim->tree = *tree;
	victim->depth = depth;
	victim->rows = rows;
	victim->age = ++s->count_age;
}

static int count_rows(store *s, const store_oid *tree, int depth, uint64_t *count, store_err *err)
{
	struct treecount *hit;
	uint64_t here = 0;
	store_obj *o;
	store_tree_entry e;
	size_t pos = 0;
	int r;

	pthread_mutex_lock(&s->count_lock);
	if ((hit = count_find(s, tree, depth)) != NULL) {
		*count += hit->rows;
		pthread_mutex_unlock(&s->count_lock);
		return STORE_OK;
	}
	pthread_mutex_unlock(&s->count_lock);

	r = store_odb_read_type(s->odb, tree, STORE_OBJ_TREE, &o, err);
	if (r != STORE_OK)
		return r == STORE_NOTFOUND
			       ? store_err_set(err, "XX001", "tree missing from the repository")
			       : r;
	while ((r = store_tree_next(o->data, o->len, &pos, &e)) == 1) {
		if (e.mode == STORE_MODE_TREE) {
			if (depth > 0 && count_rows(s, &e.oid, depth - 1, &here, err) != STORE_OK) {
				store_obj_unref(o);
				return STORE_ERROR;
			}
		} else if (e.namelen > 5 && memcmp(e.name + e.namelen - 5, ".json", 5) == 0) {
			here++;
		}
	}
	store_obj_unref(o);
	if (r < 0)
		return store_err_set(err, "XX001", "corrupt tree in a table");

	pthread_mutex_lock(&s->count_lock);
	count_put(s, tree, depth, here);
	pthread_mutex_unlock(&s->count_lock);
	*count += here;
	return STORE_OK;
}

void store_count_carry(
	store *s, const store_oid *old, const store_oid *tree, int depth, int64_t delta)
{
	struct treecount *from;

	pthread_mutex_lock(&s->count_lock);
	from = count_find(s, old, depth);
	if (from != NULL && (delta >= 0 || from->rows >= (uint64_t)-delta))
		count_put(s, tree, depth, from->rows + (uint64_t)delta);
	pthread_mutex_unlock(&s->count_lock);
}

int store_count(store_snap *snap, const char *table, uint64_t *count, store_err *err)
{
	store_oid oid;
	char path[STORE_NAME_PATH_SIZE];
	int kind, n, r;

	*count = 0;
	if (store_table_validate(table, strlen(table), err) != STORE_OK)
		return STORE_ERROR;
	if (store_oid_is_zero(&snap->commit))
		return no_table(err, table);
	kind = store_table_kind(snap->s, &snap->tree, table, err);
	if (kind <= 0)
		return kind < 0 ? STORE_ERROR : no_table(err, table);
	n = store_table_dir(path, kind, table, err);
	r = store_tree_walk(snap->s, &snap->tree, path, (size_t)n, &oid, NULL, err);
	if (r == STORE_NOTFOUND)
		return STORE_OK;
	if (r != STORE_OK)
		return r;
	return count_rows(snap->s, &oid, kind == 2 ? 0 : 4, count, err);
}

/* ---- Tables and the catalog ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Append to list the names that the entries under path stand for:
 * "<encoded>.json" catalog entries (want_json), or subtrees of ChronDB's
 * data/ named with its escapes.  An entry that is no name's spelling
 * (store_table_decode, store_table_from_chrondb) is no table: listing it
 * would name something that cannot be opened.
 */
static int list_names(store *s, const store_oid *root, const char *path, int want_json,
	char ***list, size_t *n, size_t *cap, store_err *err)
{
	store_oid oid;
	store_obj *o;
	store_tree_entry e;
	size_t pos = 0;
	int r = store_tree_walk(s, root, path, strlen(path), &oid, NULL, err);

	if (r == STORE_NOTFOUND)
		return STORE_OK;
	if (r != STORE_OK)
		return r;
	r = store_odb_read_type(s->odb, &oid, STORE_OBJ_TREE, &o, err);
	if (r != STORE_OK)
		return r == STORE_NOTFOUND ? STORE_OK : r;
	while (store_tree_next(o->data, o->len, &pos, &e) == 1) {
		char name[STORE_TABLE_MAX + 1];
		size_t len = e.namelen;

		if (want_json) {
			if (e.mode == STORE_MODE_TREE || len <= 5 ||
				memcmp(e.name + len - 5, ".json", 5) != 0)
				continue;
			len = store_table_decode(name, e.name, len - 5);
		} else if (e.mode == STORE_MODE_TREE) {
			len = store_table_from_chrondb(name, e.name, len);
		} else {
			continue;
		}
		if (len == (size_t)-1)
			continue;
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			*list = realloc(*list, *cap * sizeof(char *));
			if (*list == NULL)
				abort();
		}
		(*list)[*n] = strndup(name, len);
		if ((*list)[*n] == NULL)
			abort();
		(*n)++;
	}
	store_obj_unref(o);
	return STORE_OK;
}

int store_meta_read(store_snap *snap, const char *path, char **json, store_err *err)
{
	store_oid oid;
	int r;

	if (store_oid_is_zero(&snap->commit))
		return STORE_NOTFOUND;
	r = store_tree_walk(snap->s, &snap->tree, path, strlen(path), &oid, NULL, err);
	if (r != STORE_OK)
		return r;
	return read_blob_text(snap->s, &oid, json, NULL, err);
}

int store_meta_names(
	store_snap *snap, const char *kind, char ***list, size_t *n, size_t *cap, store_err *err)
{
	char path[64];

	if (store_oid_is_zero(&snap->commit))
		return STORE_OK;
	snprintf(path, sizeof(path), ".chrondb/%s", kind);
	return list_names(snap->s, &snap->tree, path, 1, list, n, cap, err);
}

int store_tables(store_snap *snap, char ***names, size_t *n, store_err *err)
{
	char **list = NULL, **block;
	size_t cnt = 0, cap = 0, bytes = 0, uniq = 0;
	char *p;
	int r = STORE_OK;

	*names = NULL;
	*n = 0;
	if (!store_oid_is_zero(&snap->commit) &&
		(list_names(snap->s, &snap->tree, ".chrondb/tables", 1, &list, &cnt, &cap, err) !=
				STORE_OK ||
			((r = data_is_chrondb(snap->s, &snap->tree, err)) == STORE_OK &&
				list_names(snap->s, &snap->tree, "data", 0, &list, &cnt, &cap,
					err) != STORE_OK) ||
			r == STORE_ERROR)) {
		for (size_t i = 0; i < cnt; i++)
			free(list[i]);
		free(list);
		return STORE_ERROR;
	}

	/* Sort, drop duplicates, pack into one block the caller frees at once. */
	if (cnt)
		qsort(list, cnt, sizeof(*list), cmp_str);
	for (size_t i = 0; i < cnt; i++)
		bytes += strlen(list[i]) + 1;
	block = malloc((cnt + 1) * sizeof(char *) + bytes);
	if (block == NULL)
		abort();
	p = (char *)(block + cnt + 1);
	for (size_t i = 0; i < cnt; i++) {
		if (uniq > 0 && strcmp(block[uniq - 1], list[i]) == 0) {
			free(list[i]);
			continue;
		}
		strcpy(p, list[i]);
		block[uniq++] = p;
		p += strlen(list[i]) + 1;
		free(list[i]);
	}
	block[uniq] = NULL;
	free(list);
	*names = block;
	*n = uniq;
	return STORE_OK;
}

int store_catalog(store_snap *snap, const char *table, char **json, store_err *err)
{
	store *s = snap->s;
	char path[STORE_NAME_PATH_SIZE];
	store_oid oid;
	json_t *name;
	char *quoted;
	int n, r;

	n = store_entry_path(path, "tables", table, err);
	if (n < 0)
		return STORE_ERROR;
	if (store_oid_is_zero(&snap->commit))
		return no_table(err, table);
	r = store_tree_walk(s, &snap->tree, path, (size_t)n, &oid, NULL, err);
	if (r == STORE_OK)
		return read_blob_text(s, &oid, json, NULL, err);
	if (r != STORE_NOTFOUND)
		return r;

	/* A ChronDB table: documents keyed by "id", columns unknown. */
	r = chrondb_table(s, &snap->tree, table, err);
	if (r == STORE_NOTFOUND)
		return no_table(err, table);
	if (r != STORE_OK)
		return r;
	name = json_string(table);
	quoted = name != NULL ? json_dumps(name, JSON_ENCODE_ANY) : NULL;
	if (quoted == NULL ||
		asprintf(json,
			"{\n  \"name\": %s,\n  \"columns\": [{\"name\":\"id\",\"type\":\"text\"}],\n"
			"  \"primary_key\": [\"id\"],\n  \"layout\": \"chrondb\"\n}\n",
			quoted) < 0)
		abort();
	free(quoted);
	json_decref(name);
	return STORE_OK;
}

/* ---- Branches ---- */

int store_branch_create(store *s, const char *name, store_snap *at, store_err *err)
{
	if (store_branch_name_validate(name, err) != STORE_OK)
		return STORE_ERROR;
	if (store_branch_find(s, name) != NULL)
		return store_err_set(err, "42710", "branch \"%s\" already exists", name);
	if (at == NULL || store_oid_is_zero(&at->commit))
		return store_err_set(
			err, "55000", "cannot create branch \"%s\" from an empty history", name);
	return store_branch_record(s, 1, name, &at->commit, err);
}

int store_branch_delete(store *s, const char *name, store_err *err)
{
	if (strcmp(name, s->default_branch) == 0) {
		store_err_set(err, "55006", "cannot delete the default branch \"%s\"", name);
		return STORE_ERROR;
	}
	if (store_branch_find(s, name) == NULL)
		return store_err_set(err, "42704", "branch \"%s\" does not exist", name);
	return store_branch_record(s, 0, name, NULL, err);
}

static int cmp_branch(const void *a, const void *b)
{
	return strcmp(((const store_branch_info *)a)->name, ((const store_branch_info *)b)->name);
}

int store_branch_list(store *s, store_branch_info **out, size_t *n, store_err *err)
{
	size_t cnt = 0, i = 0;
	branch *b;

	pthread_mutex_lock(&s->branches_lock);
	for (b = s->branches; b != NULL; b = b->next)
		cnt += !b->deleted;
	*out = calloc(cnt ? cnt : 1, sizeof(**out));
	if (*out == NULL)
		abort();
	for (b = s->branches; b != NULL; b = b->next) {
		if (b->deleted)
			continue;
		snprintf((*out)[i].name, sizeof((*out)[i].name), "%s", b->name);
		pthread_mutex_lock(&b->state_lock);
		(*out)[i].head = b->visible;
		pthread_mutex_unlock(&b->state_lock);
		i++;
	}
	pthread_mutex_unlock(&s->branches_lock);
	qsort(*out, cnt, sizeof(**out), cmp_branch);
	*n = cnt;
	(void)err;
	return STORE_OK;
}

/* ---- Tags ---- */

/*
 * What an annotated tag object says: its tagger's name and time and its
 * message ("object <id>\ntype commit\ntag <name>\ntagger N <e> T Z\n\n
 * message").  A tag that does not parse keeps what was found.
 */
static void tag_object_info(store *s, const store_oid *tag, store_taginfo *t)
{
	store_obj *o;
	store_err err;
	const char *p, *end, *nl;

	store_err_clear(&err);
	if (store_odb_read(s->odb, tag, &o, &err) != STORE_OK)
		return;
	if (o->type != STORE_OBJ_TAG) {
		store_obj_unref(o);
		return;
	}
	t->annotated = 1;
	p = (const char *)o->data;
	end = p + o->len;
	while (p < end && *p != '\n') {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if ((size_t)(nl - p) > 7 && memcmp(p, "tagger ", 7) == 0) {
			const char *lt = memchr(p, '<', (size_t)(nl - p));
			const char *gt = lt ? memchr(lt, '>', (size_t)(nl - lt)) : NULL;

			if (lt != NULL && gt != NULL) {
				size_t nlen = (size_t)(lt - p - 7);

				while (nlen > 0 && p[7 + nlen - 1] == ' ')
					nlen--;
				snprintf(t->tagger, sizeof(t->tagger), "%.*s", (int)nlen, p + 7);
				t->time_us = strtoll(gt + 1, NULL, 10) * 1000000;
			}
		}
		p = nl + 1;
	}
	if (p < end) {
		p++; /* the blank line before the message */
		t->message = strndup(p, (size_t)(end - p));
		if (t->message == NULL)
			abort();
	}
	store_obj_unref(o);
}

static int cmp_tag(const void *a, const void *b)
{
	return strcmp(((const store_taginfo *)a)->name, ((const store_taginfo *)b)->name);
}

int store_tag_list(store *s, store_taginfo **out, size_t *n, store_err *err)
{
	git_reference_iterator *it;
	git_reference *ref;
	store_taginfo *v = NULL;
	size_t cnt = 0, cap = 0;
	int r;

	*out = NULL;
	*n = 0;

	/* The refs under refs/tags/, as git wrote them (loose or packed). */
	pthread_mutex_lock(&s->repo_lock);
	if (git_reference_iterator_glob_new(&it, s->repo, "refs/tags/*") < 0) {
		pthread_mutex_unlock(&s->repo_lock);
		return git_fail(err, "could not list tags");
	}
	while ((r = git_reference_next(&ref, it)) == 0) {
		git_reference *res = NULL;

		if (git_reference_resolve(&res, ref) == 0) {
			store_taginfo *t;

			if (cnt == cap) {
				cap = cap ? cap * 2 : 16;
				v = realloc(v, cap * sizeof(*v));
				if (v == NULL)
					abort();
			}
			t = &v[cnt++];
			memset(t, 0, sizeof(*t));
			snprintf(t->name, sizeof(t->name), "%s",
				git_reference_name(ref) + strlen("refs/tags/"));
			memcpy(t->target.id, git_reference_target(res)->id, STORE_OID_RAWSZ);
			git_reference_free(res);
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	pthread_mutex_unlock(&s->repo_lock);
	if (r != GIT_ITEROVER) {
		store_tag_list_free(v, cnt);
		return git_fail(err, "could not list tags");
	}

	/* Annotated tags: what the tag object says, and the commit it names. */
	for (size_t i = 0; i < cnt; i++) {
		store_taginfo *t = &v[i];
		store_oid obj = t->target;

		tag_object_info(s, &obj, t);
		if (t->annotated && peel_tags(s, &t->target, err) != STORE_OK) {
			store_tag_list_free(v, cnt);
			return STORE_ERROR;
		}
	}
	if (cnt > 1)
		qsort(v, cnt, sizeof(*v), cmp_tag);
	*out = v;
	*n = cnt;
	return STORE_OK;
}

void store_tag_list_free(store_taginfo *tags, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(tags[i].message);
	free(tags);
}

/* ---- History, log, notes ---- */

int store_commit_author(store *s, const store_oid *commit, const char *bname, char *out,
	size_t size, store_err *err)
{
	store_obj *o;
	store_commit c;
	int r = store_read_commit(s, commit, &o, &c, err);

	if (r == STORE_NOTFOUND)
		return store_err_set(err, "XX001", "a commit of branch \"%s\" is missing", bname);
	if (r != STORE_OK)
		return r;
	snprintf(out, size, "%.*s", (int)c.author.namelen, c.author.name);
	store_obj_unref(o);
	return STORE_OK;
}

int store_row_history(store_snap *snap, const char *table, const char *key, size_t keylen,
	size_t limit, store_version **out, size_t *n, store_err *err)
{
	store *s = snap->s;
	const char *bname = snap->branch[0] ? snap->branch : s->default_branch;
	branch *b = store_branch_find(s, bname);
	long seq;
	int r;

	*out = NULL;
	*n = 0;
	if (store_table_validate(table, strlen(table), err) != STORE_OK ||
		store_key_validate(key, keylen, err) != STORE_OK)
		return STORE_ERROR;
	if (store_oid_is_zero(&snap->commit))
		return STORE_OK;
	if (b == NULL)
		return store_err_set(err, "42704", "branch \"%s\" does not exist", bname);
	pthread_mutex_lock(&b->commit_lock);
	r = bidx_ensure(s, b, err);
	if (r == STORE_OK) {
		seq = bidx_seq(b->idx, &snap->commit);
		if (seq < 0) {
			r = store_err_set(err, "42704", "commit is not on branch \"%s\"", bname);
			store_err_hint(
				err, "Ask for the history on the branch the commit belongs to.");
		} else {
			r = bidx_history(b->idx, seq, table, key, keylen, limit, out, n);
		}
	}
	pthread_mutex_unlock(&b->commit_lock);

	/* Authors from the commits, without holding up the branch's writers. */
	for (size_t i = 0; r == STORE_OK && i < *n; i++) {
		store_version *v = &(*out)[i];

		r = store_commit_author(s, &v->commit, bname, v->author, sizeof(v->author), err);
	}
	if (r != STORE_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return r;
}

int store_note(store *s, const store_oid *commit, char **json, store_err *err)
{
	store_oid notes, commit_oid, tree, blob;
	const struct pnote *pn;
	store_obj *o;
	store_commit c;
	char hex[STORE_OID_HEXSZ + 1], path[STORE_OID_HEXSZ + 3];
	int r;

	/* Not folded into a notes commit yet, or in the notes tree. */
	pthread_mutex_lock(&s->notes_state_lock);
	pn = store_pnote_find(s, commit);
	if (pn != NULL)
		blob = pn->blob;
	notes = s->notes_head;
	pthread_mutex_unlock(&s->notes_state_lock);
	if (pn != NULL)
		return read_blob_text(s, &blob, json, NULL, err);
	if (store_oid_is_zero(&notes))
		return STORE_NOTFOUND;
	commit_oid = notes;
	r = store_read_commit(s, &commit_oid, &o, &c, err);
	if (r != STORE_OK)
		return r == STORE_NOTFOUND ? store_err_set(err, "XX001", "notes commit is missing")
					   : r;
	tree = c.tree;
	store_obj_unref(o);

	/* Our notes fan out as ab/cd/<36>; git itself may have written ab/<38> or flat. */
	store_oid_fmt(hex, commit);
	snprintf(path, sizeof(path), "%.2s/%.2s/%s", hex, hex + 2, hex + 4);
	r = store_tree_walk(s, &tree, path, strlen(path), &blob, NULL, err);
	if (r == STORE_NOTFOUND) {
		snprintf(path, sizeof(path), "%.2s/%s", hex, hex + 2);
		r = store_tree_walk(s, &tree, path, strlen(path), &blob, NULL, err);
	}
	if (r == STORE_NOTFOUND)
		r = store_tree_walk(s, &tree, hex, STORE_OID_HEXSZ, &blob, NULL, err);
	if (r != STORE_OK)
		return r;
	return read_blob_text(s, &blob, json, NULL, err);
}

int store_commit_entry(store *s, const store_oid *commit, store_logentry *e, store_err *err)
{
	store_obj *o;
	store_commit c;
	int r = store_read_commit(s, commit, &o, &c, err);

	memset(e, 0, sizeof(*e));
	if (r != STORE_OK)
		return r == STORE_NOTFOUND
			       ? store_err_set(err, "XX001", "commit missing from the repository")
			       : r;
	e->commit = *commit;
	e->nparents = c.nparents;
	for (int i = 0; i < c.nparents && i < 2; i++)
		e->parents[i] = c.parents[i];
	e->time_us = c.committer.time * 1000000;
	snprintf(e->author, sizeof(e->author), "%.*s", (int)c.author.namelen, c.author.name);
	snprintf(e->author_email, sizeof(e->author_email), "%.*s", (int)c.author.emaillen,
		c.author.email);
	snprintf(e->committer, sizeof(e->committer), "%.*s", (int)c.committer.namelen,
		c.committer.name);
	snprintf(e->committer_email, sizeof(e->committer_email), "%.*s", (int)c.committer.emaillen,
		c.committer.email);
	e->message = strndup(c.message, c.msglen);
	store_obj_unref(o);
	if (e->message == NULL)
		abort();
	return STORE_OK;
}

int store_log_entry(store *s, const store_oid *commit, store_logentry *e, store_err *err)
{
	int r = store_commit_entry(s, commit, e, err);

	if (r != STORE_OK)
		return r;

	/* The note's time is the transaction's, to the microsecond. */
	r = store_note(s, commit, &e->note, err);
	if (r == STORE_ERROR) {
		store_logentry_clear(e);
		return r;
	}
	if (e->note != NULL) {
		int64_t t = note_text_time(e->note);

		if (t != 0)
			e->time_us = t;
	}
	return STORE_OK;
}

void store_logentry_clear(store_logentry *e)
{
	free(e->message);
	free(e->note);
	e->message = e->note = NULL;
}

int store_log(store_snap *snap, size_t limit, store_logentry **out, size_t *n, store_err *err)
{
	store *s = snap->s;
	store_oid cur = snap->commit;
	store_logentry *v = NULL;
	size_t cnt = 0, cap = 0;

	*out = NULL;
	*n = 0;
	while (!store_oid_is_zero(&cur) && (limit == 0 || cnt < limit)) {
		store_logentry *e;

		if (cnt == cap) {
			cap = cap ? cap * 2 : 32;
			v = realloc(v, cap * sizeof(*v));
			if (v == NULL)
				abort();
		}
		e = &v[cnt];
		if (store_log_entry(s, &cur, e, err) != STORE_OK) {
			store_log_free(v, cnt);
			return STORE_ERROR;
		}
		cnt++;
		cur = e->nparents > 0 ? e->parents[0] : (store_oid){{0}};
	}
	*out = v;
	*n = cnt;
	return STORE_OK;
}

void store_log_free(store_logentry *entries, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_logentry_clear(&entries[i]);
	free(entries);
}

void store_get_stats(store *s, store_stats *out)
{
	wal_stats ws;

	memset(out, 0, sizeof(*out));
	wal_get_stats(s->wal, &ws);
	out->commits = atomic_load(&s->stat_commits);
	out->wal_flushes = ws.flushes;
	out->checkpoints = atomic_load(&s->stat_checkpoints);
	out->packs = store_odb_pack_count(s->odb);
	out->mem_bytes = store_odb_mem_bytes(s->odb);
}

void store_inject(store *s, store_fault fault)
{
	switch (fault) {
	case STORE_FAULT_WAL_ENOSPC:
		wal_inject(s->wal, WAL_FAULT_WRITE_ENOSPC, 0);
		break;
	case STORE_FAULT_WAL_EIO:
		wal_inject(s->wal, WAL_FAULT_FSYNC_EIO, 0);
		break;
	default:
		atomic_store(&s->fault, (int)fault);
		break;
	}
}
