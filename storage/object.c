/*
 * object.c - Git tree and commit encoding (see object.h).
 *
 * A tree is a sequence of "<octal mode> <name>\0<20-byte id>" entries.
 * Git sorts entries by name, comparing a directory as if its name had a
 * trailing '/'; fsck --strict checks the order, so patching must keep it.
 */
#include "object.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int store_tree_next(const unsigned char *tree, size_t len, size_t *pos, store_tree_entry *e)
{
	size_t p = *pos;
	uint32_t mode = 0;
	const unsigned char *nul;

	if (p >= len)
		return 0;

	/* Octal mode, then one space. */
	while (p < len && tree[p] >= '0' && tree[p] <= '7')
		mode = mode * 8 + (uint32_t)(tree[p++] - '0');
	if (p >= len || tree[p] != ' ' || p == *pos)
		return -1;
	p++;

	/* Name up to the NUL, then the raw id. */
	nul = memchr(tree + p, '\0', len - p);
	if (nul == NULL || nul == tree + p)
		return -1;
	e->name = (const char *)tree + p;
	e->namelen = (size_t)(nul - (tree + p));
	p = (size_t)(nul - tree) + 1;
	if (len - p < STORE_OID_RAWSZ)
		return -1;
	memcpy(e->oid.id, tree + p, STORE_OID_RAWSZ);
	e->mode = mode;
	*pos = p + STORE_OID_RAWSZ;
	return 1;
}

/*
 * Compare two names in git's tree order.  A directory compares as if its
 * name ended in '/'.
 */
int store_tree_name_cmp(const char *a, size_t alen, int adir, const char *b, size_t blen, int bdir)
{
	size_t n = alen < blen ? alen : blen;
	int c = memcmp(a, b, n);
	unsigned char ca, cb;

	if (c != 0)
		return c;
	ca = n < alen ? (unsigned char)a[n] : (adir ? '/' : '\0');
	cb = n < blen ? (unsigned char)b[n] : (bdir ? '/' : '\0');
	return (int)ca - (int)cb;
}

int store_tree_find(const unsigned char *tree, size_t len, const char *name, size_t namelen,
	store_tree_entry *e)
{
	size_t pos = 0;
	int r;

	while ((r = store_tree_next(tree, len, &pos, e)) == 1) {
		if (e->namelen == namelen && memcmp(e->name, name, namelen) == 0)
			return 1;

		/* Past where the name sorts as a directory: it is not here. */
		if (store_tree_name_cmp(
			    e->name, e->namelen, e->mode == STORE_MODE_TREE, name, namelen, 1) > 0)
			return 0;
	}
	return r;
}

static void put_entry(
	store_buf *out, uint32_t mode, const char *name, size_t namelen, const store_oid *oid)
{
	char m[16];
	size_t n = sizeof(m);

	/* The mode in octal without leading zeros, as git writes it, then a space. */
	m[--n] = ' ';
	do {
		m[--n] = (char)('0' + (mode & 7));
		mode >>= 3;
	} while (mode != 0);
	store_buf_grow(out, sizeof(m) - n + namelen + 1 + STORE_OID_RAWSZ);
	store_buf_put(out, m + n, sizeof(m) - n);
	store_buf_put(out, name, namelen);
	store_buf_putc(out, '\0');
	store_buf_put(out, oid->id, STORE_OID_RAWSZ);
}

int store_tree_patch(const unsigned char *tree, size_t len, const char *name, size_t namelen,
	uint32_t mode, const store_oid *oid, store_buf *out)
{
	size_t pos = 0, start, run;
	store_tree_entry e;
	int isdir = mode == STORE_MODE_TREE;
	int r;

	out->len = 0;
	store_buf_grow(out, len + namelen + 32);

	/*
	 * Copy entries that sort before the new one, replace or skip an entry
	 * with the same name, insert, then copy the rest.  An entry with the
	 * same name may sort differently when it changes between file and
	 * directory, so same-name entries are dropped wherever seen.  Runs of
	 * entries kept are copied in one go.
	 */
	for (run = 0;;) {
		start = pos;
		r = store_tree_next(tree, len, &pos, &e);
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		if (e.namelen == namelen && memcmp(e.name, name, namelen) == 0) {
			store_buf_put(out, tree + run, start - run);
			run = pos;
			continue;
		}
		if (store_tree_name_cmp(e.name, e.namelen, e.mode == STORE_MODE_TREE, name, namelen,
			    isdir) > 0) {
			pos = start;
			break;
		}
	}
	store_buf_put(out, tree + run, pos - run);
	if (oid != NULL)
		put_entry(out, mode, name, namelen, oid);

	/*
	 * The rest, skipping a same-name entry that sorts after (a file
	 * becoming a directory sorts as "name/"); past that place nothing
	 * can have the name, and the remainder is copied unparsed.
	 */
	for (run = pos; pos < len;) {
		start = pos;
		r = store_tree_next(tree, len, &pos, &e);
		if (r < 0)
			return -1;
		if (e.namelen == namelen && memcmp(e.name, name, namelen) == 0) {
			store_buf_put(out, tree + run, start - run);
			run = pos;
		} else if (store_tree_name_cmp(e.name, e.namelen, e.mode == STORE_MODE_TREE, name,
				   namelen, 1) > 0) {
			break;
		}
	}
	store_buf_put(out, tree + run, len - run);
	return 0;
}

static void put_sig(store_buf *out, const char *what, const store_sig *s)
{
	int tz = s->tz_minutes;
	char sign = tz < 0 ? '-' : '+';

	if (tz < 0)
		tz = -tz;
	store_buf_puts(out, what);
	store_buf_putc(out, ' ');
	store_buf_put(out, s->name, s->namelen);
	store_buf_puts(out, " <");
	store_buf_put(out, s->email, s->emaillen);
	store_buf_printf(out, "> %lld %c%02d%02d\n", (long long)s->time, sign, tz / 60, tz % 60);
}

void store_commit_encode(store_buf *out, const store_oid *tree, const store_oid *parents,
	int nparents, const store_sig *author, const store_sig *committer, const char *message,
	size_t msglen)
{
	char hex[STORE_OID_HEXSZ + 1];

	out->len = 0;
	store_oid_fmt(hex, tree);
	store_buf_puts(out, "tree ");
	store_buf_puts(out, hex);
	store_buf_putc(out, '\n');
	for (int i = 0; i < nparents; i++) {
		store_oid_fmt(hex, &parents[i]);
		store_buf_puts(out, "parent ");
		store_buf_puts(out, hex);
		store_buf_putc(out, '\n');
	}
	put_sig(out, "author", author);
	put_sig(out, "committer", committer);
	store_buf_putc(out, '\n');
	store_buf_put(out, message, msglen);
}

/* Parse "Name <email> 1234567890 +0100" (without the leading keyword). */
static int parse_sig(const char *p, const char *end, store_sig *s)
{
	const char *lt = memchr(p, '<', (size_t)(end - p));
	const char *gt;
	char *q;
	long tz;

	if (lt == NULL)
		return -1;
	gt = memchr(lt, '>', (size_t)(end - lt));
	if (gt == NULL)
		return -1;
	s->name = p;
	s->namelen = (size_t)(lt - p);
	while (s->namelen > 0 && s->name[s->namelen - 1] == ' ')
		s->namelen--;
	s->email = lt + 1;
	s->emaillen = (size_t)(gt - lt - 1);
	s->time = 0;
	s->tz_minutes = 0;
	p = gt + 1;
	while (p < end && *p == ' ')
		p++;
	if (p >= end)
		return 0; /* git tolerates a missing date */
	s->time = strtoll(p, &q, 10);
	p = q;
	while (p < end && *p == ' ')
		p++;
	if (p + 5 <= end && (*p == '+' || *p == '-')) {
		tz = (p[1] - '0') * 600 + (p[2] - '0') * 60 + (p[3] - '0') * 10 + (p[4] - '0');
		s->tz_minutes = (int)(*p == '-' ? -tz : tz);
	}
	return 0;
}

int store_commit_parse(const unsigned char *data, size_t len, store_commit *c)
{
	const char *p = (const char *)data, *end = p + len;
	int have_tree = 0;

	memset(c, 0, sizeof(*c));

	/* Header lines up to the first empty line. */
	while (p < end && *p != '\n') {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (eol == NULL)
			return -1;
		if ((size_t)(eol - p) == 45 && memcmp(p, "tree ", 5) == 0) {
			if (store_oid_parse(&c->tree, p + 5, 40) < 0)
				return -1;
			have_tree = 1;
		} else if ((size_t)(eol - p) == 47 && memcmp(p, "parent ", 7) == 0) {
			if (c->nparents < STORE_MAX_PARENTS &&
				store_oid_parse(&c->parents[c->nparents], p + 7, 40) < 0)
				return -1;
			c->nparents++;
		} else if (eol - p > 7 && memcmp(p, "author ", 7) == 0) {
			if (parse_sig(p + 7, eol, &c->author) < 0)
				return -1;
		} else if (eol - p > 10 && memcmp(p, "committer ", 10) == 0) {
			if (parse_sig(p + 10, eol, &c->committer) < 0)
				return -1;
		}
		p = eol + 1;
	}
	if (!have_tree)
		return -1;
	if (p < end)
		p++;
	c->message = p;
	c->msglen = (size_t)(end - p);
	return 0;
}
