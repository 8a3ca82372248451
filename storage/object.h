/*
 * object.h - encoding and decoding Git trees and commits.
 *
 * The write path never goes through libgit2's tree builder: a new tree is
 * the old serialized tree with one entry replaced, inserted or removed, in
 * git's order, which gives byte-identical trees several times faster
 * (DESIGN.md section 9).  Commit encoding is deterministic, so replaying a
 * WAL record rebuilds the very commit ids clients were given.
 */
#ifndef CHRONDB_STORAGE_OBJECT_H
#define CHRONDB_STORAGE_OBJECT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "oid.h"

#define STORE_MODE_TREE 0040000u
#define STORE_MODE_BLOB 0100644u
#define STORE_MODE_EXEC 0100755u

typedef struct store_tree_entry {
	const char *name; /* not NUL-terminated; borrowed from the tree bytes */
	size_t namelen;
	uint32_t mode;
	store_oid oid;
} store_tree_entry;

/*
 * Iterate a serialized tree: *pos starts at 0.  Returns 1 with *e filled,
 * 0 at the end, -1 when the bytes are not a valid tree.
 */
int store_tree_next(const unsigned char *tree, size_t len, size_t *pos, store_tree_entry *e);

/* Compare names in git's tree order (a directory sorts as if it ended in '/'). */
int store_tree_name_cmp(const char *a, size_t alen, int adir, const char *b, size_t blen, int bdir);

/* Find an entry by name: 1 found, 0 absent, -1 corrupt tree. */
int store_tree_find(const unsigned char *tree, size_t len, const char *name, size_t namelen,
	store_tree_entry *e);

/*
 * Write into out a copy of tree with the entry `name` set to (mode, oid),
 * or removed when oid is NULL.  Entries stay in git's order (names
 * compared bytewise, a directory as if its name ended in '/').  Returns 0,
 * or -1 when tree is corrupt.  Removing an absent entry copies the tree.
 */
int store_tree_patch(const unsigned char *tree, size_t len, const char *name, size_t namelen,
	uint32_t mode, const store_oid *oid, store_buf *out);

/* A person and a moment, as in "author" and "committer" lines. */
typedef struct store_sig {
	const char *name;
	size_t namelen;
	const char *email;
	size_t emaillen;
	int64_t time;   /* seconds since the epoch */
	int tz_minutes; /* offset east of UTC */
} store_sig;

#define STORE_MAX_PARENTS 8

/* Encode a commit object (without the "commit <len>\0" header). */
void store_commit_encode(store_buf *out, const store_oid *tree, const store_oid *parents,
	int nparents, const store_sig *author, const store_sig *committer, const char *message,
	size_t msglen);

/* A parsed commit; strings borrow from the commit bytes. */
typedef struct store_commit {
	store_oid tree;
	store_oid parents[STORE_MAX_PARENTS];
	int nparents; /* may exceed STORE_MAX_PARENTS; only the first ones are kept */
	store_sig author;
	store_sig committer;
	const char *message;
	size_t msglen;
} store_commit;

/* Parse commit bytes; 0 on success, -1 when malformed. */
int store_commit_parse(const unsigned char *data, size_t len, store_commit *c);

#endif
