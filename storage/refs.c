/*
 * refs.c - branch refs on disk: reading them as git stores them (loose
 * files under refs/heads/, then packed-refs), writing them as git does
 * (a "<ref>.lock" file taken exclusively, the old value checked under
 * it), and taking in what another process, git itself, changed there
 * (store_refs_poll).
 *
 * The store keeps branch heads in memory and writes refs at checkpoints
 * (storage/README.md).  Meanwhile anyone may push to the repository: git
 * receive-pack writes the objects (loose, or a pack it keeps), then moves
 * the ref under its lock.  Each branch remembers the ref value it has
 * taken in (branch.on_disk); a checkpoint writes a ref only while the
 * disk still holds that value, so a push is never overwritten, and the
 * poll, every ref_poll_ms in the checkpointer's thread (and at open,
 * when the WAL's commits left from a ref that has moved since), merges
 * what git brought into the branch as a branch merge would (merge.c):
 * nothing is lost on either side.  A push that conflicts is kept as the
 * branch "<name>.pushed", with its conflicts listed.
 *
 * Not here: the checkpoint's order of writes (checkpoint.c), the merge
 * itself (merge.c).
 */
#include "store_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- Reading ---- */

/* "<40 hex>" at the start of a line: 1 with *out set. */
static int parse_hex_line(const char *p, size_t len, store_oid *out)
{
	return len >= STORE_OID_HEXSZ &&
	       (len == STORE_OID_HEXSZ || p[STORE_OID_HEXSZ] == '\n' || p[STORE_OID_HEXSZ] == ' ' ||
		       p[STORE_OID_HEXSZ] == '\r') &&
	       store_oid_parse(out, p, STORE_OID_HEXSZ) == 0;
}

/* A whole small file, malloc'd and NUL-terminated; NULL when absent. */
static char *read_small(const char *path, size_t *len, int *missing)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t cap = 0;

	*len = 0;
	*missing = f == NULL && errno == ENOENT;
	if (f == NULL)
		return NULL;
	for (;;) {
		size_t got;

		if (*len + 4096 + 1 > cap) {
			cap = cap ? 2 * cap : 8192;
			buf = realloc(buf, cap);
			if (buf == NULL)
				abort();
		}
		got = fread(buf + *len, 1, cap - *len - 1, f);
		*len += got;
		if (got == 0)
			break;
	}
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

/* Walk packed-refs: fn for each "<hex> <refname>" line (peeled "^" lines skipped). */
static int packed_each(store *s,
	int (*fn)(void *arg, const char *name, size_t len, const store_oid *oid), void *arg,
	store_err *err)
{
	char path[4096], *text, *p;
	size_t len;
	int missing, r = 0;

	snprintf(path, sizeof(path), "%s/packed-refs", s->dir);
	text = read_small(path, &len, &missing);
	if (text == NULL)
		return missing ? STORE_OK
			       : store_err_set(err, "58030", "could not read \"%s\": %s", path,
					 strerror(errno));
	for (p = text; r == 0 && p < text + len;) {
		char *nl = memchr(p, '\n', (size_t)(text + len - p));
		size_t ll = nl ? (size_t)(nl - p) : (size_t)(text + len - p);
		store_oid oid;

		if (ll > STORE_OID_HEXSZ + 1 && p[0] != '#' && p[0] != '^' &&
			parse_hex_line(p, ll, &oid)) {
			const char *name = p + STORE_OID_HEXSZ + 1;
			size_t nlen = ll - STORE_OID_HEXSZ - 1;

			if (nlen > 0 && name[nlen - 1] == '\r')
				nlen--;
			r = fn(arg, name, nlen, &oid);
		}
		p += ll + 1;
	}
	free(text);
	return r;
}

typedef struct findref {
	const char *name;
	store_oid *out;
	int found;
} findref;

static int find_packed(void *arg, const char *name, size_t len, const store_oid *oid)
{
	findref *f = arg;

	if (strlen(f->name) == len && memcmp(f->name, name, len) == 0) {
		*f->out = *oid;
		f->found = 1;
		return 1;
	}
	return 0;
}

int store_read_ref(store *s, const char *refname, store_oid *out, store_err *err)
{
	char path[4096], *text;
	size_t len;
	int missing;
	findref f = {refname, out, 0};

	memset(out, 0, sizeof(*out));
	snprintf(path, sizeof(path), "%s/%s", s->dir, refname);
	text = read_small(path, &len, &missing);
	if (text != NULL) {
		int ok = parse_hex_line(text, len, out);

		free(text);
		/* A symbolic ref (ref: ...) is no branch head of ours. */
		return ok ? STORE_OK : STORE_NOTFOUND;
	}
	if (!missing && errno != EISDIR)
		return store_err_set(
			err, "58030", "could not read ref \"%s\": %s", refname, strerror(errno));
	if (packed_each(s, find_packed, &f, err) < 0)
		return STORE_ERROR;
	return f.found ? STORE_OK : STORE_NOTFOUND;
}

/* A branch ref found on disk. */
typedef struct diskref {
	char name[STORE_BRANCH_NAME_SIZE];
	store_oid oid;
} diskref;

typedef struct reflist {
	diskref *v;
	size_t n, cap;
} reflist;

static diskref *reflist_find(reflist *l, const char *name, size_t len)
{
	for (size_t i = 0; i < l->n; i++) {
		if (strlen(l->v[i].name) == len && memcmp(l->v[i].name, name, len) == 0)
			return &l->v[i];
	}
	return NULL;
}

static void reflist_add(reflist *l, const char *name, size_t len, const store_oid *oid)
{
	if (len >= STORE_BRANCH_NAME_SIZE || reflist_find(l, name, len) != NULL)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (l->v == NULL)
			abort();
	}
	memcpy(l->v[l->n].name, name, len);
	l->v[l->n].name[len] = '\0';
	l->v[l->n].oid = *oid;
	l->n++;
}

/* Loose refs below dir (rel: their names so far, "" at refs/heads). */
static void loose_walk(store *s, reflist *l, const char *dir, const char *rel)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d != NULL && (de = readdir(d)) != NULL) {
		char path[4096], name[STORE_BRANCH_NAME_SIZE + 8], *text;
		size_t len, nl = strlen(de->d_name);
		struct stat st;
		store_oid oid;
		int missing;

		if (de->d_name[0] == '.' || (nl > 5 && strcmp(de->d_name + nl - 5, ".lock") == 0))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if ((size_t)snprintf(name, sizeof(name), "%s%s", rel, de->d_name) >= sizeof(name) ||
			lstat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			char sub[STORE_BRANCH_NAME_SIZE + 8];

			snprintf(sub, sizeof(sub), "%s/", name);
			loose_walk(s, l, path, sub);
			continue;
		}
		text = read_small(path, &len, &missing);
		if (text != NULL && parse_hex_line(text, len, &oid))
			reflist_add(l, name, strlen(name), &oid);
		free(text);
	}
	if (d != NULL)
		closedir(d);
}

static int add_packed_head(void *arg, const char *name, size_t len, const store_oid *oid)
{
	reflist *l = arg;

	if (len > 11 && memcmp(name, "refs/heads/", 11) == 0)
		reflist_add(l, name + 11, len - 11, oid);
	return 0;
}

/* Every branch ref on disk: loose ones first, which shadow packed ones. */
static int disk_heads(store *s, reflist *l, store_err *err)
{
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s/refs/heads", s->dir);
	loose_walk(s, l, dir, "");
	return packed_each(s, add_packed_head, l, err) < 0 ? STORE_ERROR : STORE_OK;
}

/* ---- Writing ---- */

/* Create the parent directories of path (below the repository). */
static int make_parents(char *path)
{
	for (char *p = strchr(path + 1, '/'); p != NULL; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

int store_write_ref(store *s, const char *refname, const store_oid *oid, const store_oid *expect,
	store_err *err)
{
	char path[4096], tmp[4160], hex[STORE_OID_HEXSZ + 2];
	char *slash;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", s->dir, refname);
	snprintf(tmp, sizeof(tmp), "%s.lock", path);
	if (make_parents(path) < 0)
		return store_err_set(err, "58030", "could not create directory for \"%s\": %s",
			refname, strerror(errno));
	store_oid_fmt(hex, oid);
	hex[STORE_OID_HEXSZ] = '\n';
	hex[STORE_OID_HEXSZ + 1] = '\0';
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 && errno == EEXIST) {
		store_err_set(err, "55P03", "could not lock ref \"%s\"", refname);
		store_err_detail(err, "\"%s\" exists: another process is updating the ref.", tmp);
		return STORE_ERROR;
	}
	if (fd < 0)
		return store_err_set(
			err, "58030", "could not write ref \"%s\": %s", refname, strerror(errno));

	/* Under the lock, git cannot move the ref: compare what it holds. */
	if (expect != NULL) {
		store_oid cur;
		int r = store_read_ref(s, refname, &cur, err);

		if (r == STORE_ERROR || (r == STORE_OK) != !store_oid_is_zero(expect) ||
			(r == STORE_OK && !store_oid_equal(&cur, expect))) {
			close(fd);
			unlink(tmp);
			return r == STORE_ERROR ? STORE_ERROR : STORE_NOTFOUND;
		}
	}
	if (write(fd, hex, STORE_OID_HEXSZ + 1) != STORE_OID_HEXSZ + 1 || fsync(fd) < 0) {
		int e = errno;

		close(fd);
		unlink(tmp);
		return store_err_set(
			err, "58030", "could not write ref \"%s\": %s", refname, strerror(e));
	}
	close(fd);
	if (rename(tmp, path) < 0) {
		int e = errno;

		unlink(tmp);
		return store_err_set(
			err, "58030", "could not write ref \"%s\": %s", refname, strerror(e));
	}
	slash = strrchr(path, '/');
	*slash = '\0';
	store_fsync_dir(path);
	return STORE_OK;
}

/* ---- Taking in what git changed ---- */

/* A branch as the poll found it (read under the locks that guard each field). */
typedef struct known {
	branch *b;
	store_oid on_disk;
	int deleted;
} known;

/* Author of a commit, for the merge commit of what it brought. */
static void commit_author(
	store *s, const store_oid *oid, char *name, size_t nsize, char *email, size_t esize)
{
	store_obj *o;
	store_commit c;
	store_err ignored;

	snprintf(name, nsize, "git");
	snprintf(email, esize, "git@chrondb");
	store_err_clear(&ignored);
	if (store_read_commit(s, oid, &o, &c, &ignored) != STORE_OK)
		return;
	snprintf(name, nsize, "%.*s", (int)c.author.namelen, c.author.name);
	snprintf(email, esize, "%.*s", (int)c.author.emaillen, c.author.email);
	store_obj_unref(o);
}

/*
 * The branch that keeps a conflicting push: "<name>.pushed", or, when
 * that exists on another line of history, "<name>.pushed-<12 hex>".
 */
static void pushed_name(store *s, const char *name, const store_oid *oid, char *out)
{
	char hex[STORE_OID_HEXSZ + 1];

	snprintf(out, STORE_BRANCH_NAME_SIZE, "%.200s.pushed", name);
	if (store_branch_find(s, out) == NULL)
		return;
	store_oid_fmt(hex, oid);
	snprintf(out, STORE_BRANCH_NAME_SIZE, "%.200s.pushed-%.12s", name, hex);
}

/* Keep oid on the branch cname: created there, or moved there when it exists. */
static int keep_pushed(store *s, const char *cname, const store_oid *oid, store_err *err)
{
	store_merge_result res;

	if (store_branch_find(s, cname) == NULL)
		return store_branch_record(s, 1, cname, oid, err);
	return store_merge_commit(
		s, oid, cname, cname, STORE_MERGE_FAIL, NULL, 1, 0, NULL, &res, err);
}

/* A ref that moved on disk to oid: merge it into its branch. */
static int take_in_moved(store *s, branch *b, const store_oid *oid, store_err *err)
{
	char hex[STORE_OID_HEXSZ + 1], head[STORE_OID_HEXSZ + 1] = "-";
	char cname[STORE_BRANCH_NAME_SIZE], msg[STORE_BRANCH_NAME_SIZE + 96];
	char author[128], email[128];
	const char *flags[] = {"git", NULL};
	store_merge_result res;
	store_txmeta meta;
	store_err merr;
	int r;

	store_oid_fmt(hex, oid);
	commit_author(s, oid, author, sizeof(author), email, sizeof(email));
	pushed_name(s, b->name, oid, cname);
	snprintf(msg, sizeof(msg), "Merge commits pushed to %s with git (%.12s)", b->name, hex);
	memset(&meta, 0, sizeof(meta));
	meta.user = author;
	meta.user_email = email;
	meta.origin = "git";
	meta.message = msg;
	meta.flags = flags;
	store_err_clear(&merr);
	r = store_merge_commit(
		s, oid, cname, b->name, STORE_MERGE_FAIL, &meta, 1, 0, NULL, &res, &merr);
	if (r != STORE_OK &&
		(strcmp(merr.sqlstate, "55000") == 0 || strcmp(merr.sqlstate, "0A000") == 0)) {
		/* Histories that cannot merge: the push is kept on a branch of its own. */
		if (keep_pushed(s, cname, oid, err) != STORE_OK)
			return STORE_ERROR;
		store_log_event(s, STORE_LOG_WARNING,
			"ref of branch \"%s\" moved on disk to %.12s, which cannot be merged: %s; "
			"kept as branch \"%s\"",
			b->name, hex, merr.message, cname);
		return STORE_OK;
	}
	if (r != STORE_OK) {
		*err = merr;
		return STORE_ERROR;
	}
	if (!store_oid_is_zero(&res.head))
		store_oid_fmt(head, &res.head);
	switch (res.outcome) {
	case STORE_MERGE_UP_TO_DATE:
		store_log_event(s, STORE_LOG_INFO,
			"ref of branch \"%s\" moved on disk to %.12s, which the branch holds already",
			b->name, hex);
		break;
	case STORE_MERGE_FAST_FORWARD:
		store_log_event(s, STORE_LOG_INFO,
			"branch \"%s\" fast-forwarded to %.12s, written with git", b->name, hex);
		break;
	case STORE_MERGE_MERGED:
		store_log_event(s, STORE_LOG_INFO,
			"commits written to branch \"%s\" with git (%.12s) merged with the server's as %.12s",
			b->name, hex, head);
		break;
	case STORE_MERGE_CONFLICTED:
		if (keep_pushed(s, cname, oid, err) != STORE_OK)
			return STORE_ERROR;
		store_log_event(s, STORE_LOG_WARNING,
			"commits written to branch \"%s\" with git (%.12s) conflict with the server's "
			"(%zu conflict%s); kept as branch \"%s\", conflicts listed in chrondb.conflicts",
			b->name, hex, res.nconflicts, res.nconflicts == 1 ? "" : "s", cname);
		break;
	}
	return STORE_OK;
}

/* A ref that appeared on disk: a new branch. */
static int take_in_new(store *s, const char *name, const store_oid *oid, store_err *err)
{
	char hex[STORE_OID_HEXSZ + 1];
	store_obj *o;
	store_commit c;
	store_err verr;
	branch *b;
	int r;

	store_err_clear(&verr);
	if (store_branch_name_validate(name, &verr) != STORE_OK)
		return STORE_NOTFOUND; /* git's rules allow names ours refuse: left alone */
	r = store_read_commit(s, oid, &o, &c, err);
	if (r != STORE_OK)
		return r == STORE_NOTFOUND ? store_err_set(err, "XX001",
						     "commit of ref \"%s\" is missing", name)
					   : r;
	store_obj_unref(o);
	if (store_branch_record(s, 1, name, oid, err) != STORE_OK)
		return STORE_ERROR;
	b = store_branch_find(s, name);
	if (b != NULL)
		b->on_disk = *oid;
	store_oid_fmt(hex, oid);
	store_log_event(s, STORE_LOG_INFO, "branch \"%s\" created with git at %.12s", name, hex);
	return STORE_OK;
}

/* A ref removed from disk: the branch goes with it, unless it has commits not yet written. */
static int take_in_removed(store *s, branch *b, store_err *err)
{
	int unwritten;

	pthread_mutex_lock(&b->commit_lock);
	unwritten = !store_oid_equal(&b->pending, &b->on_disk);
	pthread_mutex_unlock(&b->commit_lock);
	if (strcmp(b->name, s->default_branch) == 0 || unwritten) {
		store_log_event(s, STORE_LOG_WARNING,
			"ref of branch \"%s\" was removed from disk; it is written again (%s)",
			b->name,
			unwritten ? "the branch has commits not yet written"
				  : "the default branch");
		memset(&b->on_disk, 0, sizeof(b->on_disk));
		return STORE_OK;
	}
	if (store_branch_record(s, 0, b->name, NULL, err) != STORE_OK)
		return STORE_ERROR;
	memset(&b->on_disk, 0, sizeof(b->on_disk));
	store_log_event(s, STORE_LOG_INFO, "branch \"%s\" deleted with git", b->name);
	return STORE_OK;
}

int store_refs_poll(store *s, store_err *err)
{
	reflist disk = {0};
	known *kv = NULL;
	size_t nk = 0;
	int rescanned = 0, r;

	pthread_mutex_lock(&s->ckpt_lock);
	r = disk_heads(s, &disk, err);
	if (r != STORE_OK)
		goto out;

	/* The branches and the values they took in, then what differs. */
	pthread_mutex_lock(&s->branches_lock);
	for (branch *b = s->branches; b != NULL; b = b->next)
		nk++;
	kv = calloc(nk ? nk : 1, sizeof(*kv));
	if (kv == NULL)
		abort();
	nk = 0;
	for (branch *b = s->branches; b != NULL; b = b->next) {
		kv[nk].b = b;
		kv[nk].on_disk = b->on_disk;
		kv[nk].deleted = b->deleted;
		nk++;
	}
	pthread_mutex_unlock(&s->branches_lock);

	for (size_t i = 0; i < disk.n; i++) {
		const diskref *d = &disk.v[i];
		known *k = NULL;
		store_err e;
		int rr;

		for (size_t j = 0; j < nk && k == NULL; j++)
			if (strcmp(kv[j].b->name, d->name) == 0)
				k = &kv[j];
		if (k != NULL && store_oid_equal(&k->on_disk, &d->oid))
			continue; /* taken in (or a deletion of ours not yet written) */

		/* Objects git brought may sit in packs the store has not opened. */
		if (!rescanned && store_odb_rescan(s->odb, err) != STORE_OK) {
			r = STORE_ERROR;
			goto out;
		}
		rescanned = 1;
		store_err_clear(&e);
		if (k == NULL || k->deleted)
			rr = take_in_new(s, d->name, &d->oid, &e);
		else
			rr = take_in_moved(s, k->b, &d->oid, &e);
		if (rr == STORE_OK && k != NULL && !k->deleted)
			k->b->on_disk = d->oid;
		if (rr == STORE_ERROR)
			store_log_event(s, STORE_LOG_WARNING,
				"ref of branch \"%s\" moved on disk; taking it in failed, tried again "
				"later: %s",
				d->name, e.message);
	}

	/* Refs of ours that are gone. */
	for (size_t j = 0; j < nk; j++) {
		store_err e;

		if (kv[j].deleted || store_oid_is_zero(&kv[j].on_disk) ||
			reflist_find(&disk, kv[j].b->name, strlen(kv[j].b->name)) != NULL)
			continue;
		store_err_clear(&e);
		if (take_in_removed(s, kv[j].b, &e) != STORE_OK)
			store_log_event(s, STORE_LOG_WARNING,
				"ref of branch \"%s\" was removed: %s", kv[j].b->name, e.message);
	}
	r = STORE_OK;
out:
	pthread_mutex_unlock(&s->ckpt_lock);
	free(disk.v);
	free(kv);
	return r;
}
