/*
 * delta.h - git's binary delta format: making and applying deltas.
 *
 * A delta rebuilds a target from a base: two varints (base size, target
 * size), then instructions that copy a range of the base or insert bytes
 * carried in the delta (Documentation/gitformat-pack.txt, "Deltified
 * representation").  Packs store an object as a delta against another
 * object of the same pack.
 *
 * The encoder is made for what the store writes: a tree or a row that
 * differs from its previous version in a few entries or fields.  It takes
 * the common prefix and suffix whole, then matches 16-byte blocks of the
 * base inside what is left; no sliding-window search as in git's
 * pack-objects, which the store does not need (DESIGN.md section 9).
 */
#ifndef CHRONDB_STORAGE_DELTA_H
#define CHRONDB_STORAGE_DELTA_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * Append to out a delta that turns base into target.  Returns 1 when
 * the delta came out no longer than max bytes, 0 otherwise (out is then
 * left as it was: the caller stores the target whole).
 */
int store_delta_make(const unsigned char *base, size_t base_len, const unsigned char *target,
	size_t target_len, size_t max, store_buf *out);

/*
 * Apply delta to base.  On success returns NULL and *out is a malloc'd
 * buffer of *out_len bytes plus a NUL, which the caller frees.  On bad
 * input returns what is wrong, as the end of a sentence ("its header is
 * malformed"), and allocates nothing; out of memory is reported as
 * STORE_DELTA_NOMEM.  The result size is checked against the header
 * before anything is allocated.
 */
#define STORE_DELTA_NOMEM "there is not enough memory to apply it"

const char *store_delta_apply(const unsigned char *base, size_t base_len,
	const unsigned char *delta, size_t delta_len, unsigned char **out, size_t *out_len);

#endif
