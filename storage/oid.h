/*
 * oid.h - Git object ids and object hashing.
 *
 * An object id is the SHA-1 of "<type> <size>\0<content>".  New objects are
 * hashed with OpenSSL's SHA-1, several times faster than the collision
 * detecting SHA-1 inside libgit2 (DESIGN.md section 9); objects read back
 * from disk are trusted to match their names, as git's own readers do
 * unless asked to verify.
 */
#ifndef CHRONDB_STORAGE_OID_H
#define CHRONDB_STORAGE_OID_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define STORE_OID_RAWSZ 20
#define STORE_OID_HEXSZ 40

typedef struct store_oid {
	unsigned char id[STORE_OID_RAWSZ];
} store_oid;

/* Object types, numbered as in packfiles. */
typedef enum store_objtype {
	STORE_OBJ_NONE = 0,
	STORE_OBJ_COMMIT = 1,
	STORE_OBJ_TREE = 2,
	STORE_OBJ_BLOB = 3,
	STORE_OBJ_TAG = 4,
} store_objtype;

/* "commit", "tree", "blob", "tag"; NULL for anything else. */
const char *store_objtype_name(store_objtype type);

/* Parse a type name; STORE_OBJ_NONE when unknown. */
store_objtype store_objtype_parse(const char *name, size_t len);

/* Hex form, NUL-terminated, into out[41]. */
void store_oid_fmt(char out[STORE_OID_HEXSZ + 1], const store_oid *oid);

/* Parse exactly 40 hex digits (upper or lower case).  0 on success, -1 otherwise. */
int store_oid_parse(store_oid *out, const char *hex, size_t len);

/* Parse a hex prefix of 1..40 digits into out (rest zero). -1 on bad input. */
int store_oid_parse_prefix(store_oid *out, const char *hex, size_t len);

/* True when the first nhex hex digits of a and prefix agree. */
int store_oid_prefix_match(const store_oid *a, const store_oid *prefix, size_t nhex);

static inline int store_oid_cmp(const store_oid *a, const store_oid *b)
{
	return memcmp(a->id, b->id, STORE_OID_RAWSZ);
}

static inline int store_oid_equal(const store_oid *a, const store_oid *b)
{
	return memcmp(a->id, b->id, STORE_OID_RAWSZ) == 0;
}

static inline int store_oid_is_zero(const store_oid *a)
{
	static const store_oid zero;
	return memcmp(a->id, zero.id, STORE_OID_RAWSZ) == 0;
}

/* A well-mixed 64-bit hash of an oid, for hash tables (the oid is already random). */
static inline uint64_t store_oid_hash(const store_oid *a)
{
	uint64_t h;
	memcpy(&h, a->id, sizeof(h));
	return h;
}

/* Compute the id of an object of the given type and content. */
void store_oid_hash_object(store_oid *out, store_objtype type, const void *data, size_t len);

#endif
