/*
 * idxtree.h - a persistent B+ tree of byte strings, the structure the
 * secondary indexes (index.h) keep their entries in (prefix
 * exec_itree_).
 *
 * An entry is an opaque byte string; entries are ordered by memcmp (a
 * shorter string before its extensions) and a tree holds each at most
 * once.  A tree is a version: once made it never changes, so any number
 * of threads may read it while others make new versions from it.  An
 * edit starts from a version and makes a new one by path copying: the
 * nodes on the paths it changes are copied, every other node is shared
 * with the version it started from, so versions of an index at many
 * snapshots cost little more than one.  Nodes an edit made itself are
 * changed in place until the edit ends, so a batch of changes (a diff
 * between two commits) copies each path once.
 *
 * Memory: nodes are reference counted (atomically); a version owns one
 * reference to its root.  Every node counts its bytes into the counter
 * its edit was given, so a cache can bound what its trees hold.
 */
#ifndef CHRONDB_EXECUTOR_IDXTREE_H
#define CHRONDB_EXECUTOR_IDXTREE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct exec_itree_node exec_itree_node;

/* A version: its root (NULL when empty) and how many entries it holds. */
typedef struct exec_itree {
	exec_itree_node *root;
	uint64_t count;
} exec_itree;

/* Another reference to a version (released with exec_itree_release). */
exec_itree exec_itree_ref(const exec_itree *t);
void exec_itree_release(exec_itree *t);

/* ---- Making versions ---- */

typedef struct exec_itree_edit {
	exec_itree t;         /* the version being made */
	uint64_t id;          /* the nodes this edit made carry it */
	atomic_size_t *bytes; /* where new nodes count their bytes */
} exec_itree_edit;

/* Start an edit from version from (NULL: empty). */
void exec_itree_edit_begin(exec_itree_edit *e, const exec_itree *from, atomic_size_t *bytes);

/* Add an entry: 1 when added, 0 when it was there. */
int exec_itree_put(exec_itree_edit *e, const void *entry, size_t len);

/* Remove an entry: 1 when removed, 0 when it was not there. */
int exec_itree_del(exec_itree_edit *e, const void *entry, size_t len);

/* End the edit: *out receives the new version (its reference). */
void exec_itree_edit_end(exec_itree_edit *e, exec_itree *out);

/*
 * A version holding entries[0..n) (sorted by memcmp, distinct), built
 * bottom up with full nodes: what a first build of an index uses.
 */
void exec_itree_build(const unsigned char *const *entries, const size_t *lens, size_t n,
	atomic_size_t *bytes, exec_itree *out);

/* ---- Reading ---- */

#define EXEC_ITREE_MAXDEPTH 24

/*
 * A position in a version: on an entry, or off either end.  The version
 * must stay referenced while a cursor reads it.
 */
typedef struct exec_itree_cursor {
	const exec_itree_node *path[EXEC_ITREE_MAXDEPTH];
	int pos[EXEC_ITREE_MAXDEPTH];
	int depth; /* levels on path; 0: the tree is empty */
	bool valid;
} exec_itree_cursor;

/* On the first entry >= key (key NULL: the first entry). */
void exec_itree_seek(exec_itree_cursor *c, const exec_itree *t, const void *key, size_t len);

/* On the last entry < key (key NULL: the last entry). */
void exec_itree_seek_before(exec_itree_cursor *c, const exec_itree *t, const void *key, size_t len);

/* The entry under the cursor: false when it is off the ends. */
bool exec_itree_entry(const exec_itree_cursor *c, const unsigned char **entry, size_t *len);

void exec_itree_next(exec_itree_cursor *c);
void exec_itree_prev(exec_itree_cursor *c);

/* Whether the version holds entry. */
bool exec_itree_has(const exec_itree *t, const void *entry, size_t len);

/* Levels from the root to the leaves (0 for an empty tree), for tests. */
int exec_itree_depth(const exec_itree *t);

#endif
