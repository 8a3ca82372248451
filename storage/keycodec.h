/*
 * keycodec.h - row keys, tree paths and canonical JSON documents.
 *
 * A row lives at <table>/<a>/<b>/<c>/<d>/<name>.json (DESIGN.md section 3)
 * where <name> is the primary key percent-encoded: every byte outside
 * A-Za-z0-9 . _ - becomes %XX (upper-case hex), which is reversible and
 * unambiguous.  A composite key joins its encoded parts with ','.  The
 * fan-out directories a..d are the first four hex digits of the SHA-1 of
 * <name>, one digit per level, so anyone can find a row with
 * `printf %s NAME | sha1sum | cut -c1-4`.
 *
 * ChronDB (Clojure) wrote flat paths data/<table>/<id>.json with its own
 * `_COLON_`-style escapes (inventory section 1.5); store_key_from_chrondb
 * turns such a file name into our key.
 *
 * Documents are canonical JSON so that `git log -p` shows readable diffs
 * and equal rows are byte-identical blobs: the top-level object has one
 * member per line, indented two spaces, in a given column order, then any
 * other members sorted by name; nested values are compact; number tokens
 * are kept exactly as written (numeric keeps its digits); strings are
 * re-escaped minimally (only '"', '\\' and control characters, as \n, \t
 * ... or \u00XX), UTF-8 kept as is; one trailing newline.
 */
#ifndef CHRONDB_STORAGE_KEYCODEC_H
#define CHRONDB_STORAGE_KEYCODEC_H

#include <stddef.h>

#include "error.h"

/* Longest encoded key accepted, in bytes (Git paths are fine far beyond). */
#define STORE_KEY_MAX 1024
/* Longest table name accepted. */
#define STORE_TABLE_MAX 63

/*
 * Percent-encode raw bytes.  Writes at most outsz bytes including a NUL;
 * returns the length the full encoding needs (without NUL), so a caller
 * can retry with a bigger buffer, as snprintf does.
 */
size_t store_key_encode(char *out, size_t outsz, const char *raw, size_t len);

/*
 * Encode several key parts and join them with ','.  Returns the needed
 * length as store_key_encode does.
 */
size_t store_key_encode_parts(
	char *out, size_t outsz, const char *const *parts, const size_t *lens, int nparts);

/*
 * Check that name is a valid encoded key: 1..STORE_KEY_MAX bytes of
 * A-Za-z0-9 . _ - , and %XX with upper-case hex digits that were
 * necessary (an encoding of a byte that needs none, such as %41, is
 * refused, so one key has exactly one name), not "." or "..".  Returns
 * STORE_OK or sets err (SQLSTATE 22023, "invalid row key ...").
 */
int store_key_validate(const char *name, size_t len, store_err *err);

/*
 * Decode one part (no ',' handling) into out; returns the decoded length,
 * or (size_t)-1 on a malformed escape.  out must hold len bytes.
 */
size_t store_key_decode(char *out, const char *name, size_t len);

/*
 * Split a composite name at ',' and decode each part.  Calls cb once per
 * part with the decoded bytes.  Returns STORE_OK or STORE_ERROR.
 */
int store_key_decode_parts(const char *name, size_t len,
	void (*cb)(void *arg, int index, const char *part, size_t plen), void *arg);

/*
 * Check a table name: 1..STORE_TABLE_MAX bytes, [a-z_][a-z0-9_]*, and not
 * one the store reserves (starting with ".").  Sets err (42602) otherwise.
 */
int store_table_validate(const char *name, size_t len, store_err *err);

/* The four fan-out hex digits of an encoded key, as "a/b/c/d" (8 bytes + NUL). */
void store_key_fanout(char out[8], const char *name, size_t len);

/*
 * Turn a ChronDB flat file name (without ".json", with _COLON_, _SLASH_,
 * ... tokens, inventory section 1.5) into raw id bytes in out (at least
 * len + 1 bytes).  Returns the raw length.
 */
size_t store_key_from_chrondb(char *out, const char *file, size_t len);

/*
 * Canonicalize a JSON document.
 *
 * json/len: the input text; it must be one JSON object (RFC 8259, UTF-8,
 * no duplicate top-level members, nesting at most 128 deep).
 * order/norder: column names that come first, in that order; members not
 * listed follow sorted by byte order.  norder may be 0.
 * On success *out is a malloc'd NUL-terminated string the caller frees and
 * *outlen its length.  On bad input sets err with SQLSTATE 22P02 and a
 * message naming the byte offset of the problem, e.g.
 * "invalid input syntax for type json" with detail
 * "Token \"x\" is invalid at byte 12.".
 */
int store_json_canonical(const char *json, size_t len, const char *const *order, int norder,
	char **out, size_t *outlen, store_err *err);

#endif
