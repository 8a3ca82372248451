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
 * A table's directory, and the file name of its catalog entry (and of a
 * sequence's, a view's, a validation schema's), is its name encoded the
 * same way, with a leading '.' encoded too, so that no name can be "."
 * or "..", nor collide with .chrondb/: a name made of lower-case letters,
 * digits and underscores is its own directory name.
 *
 * ChronDB (Clojure) wrote flat paths data/<table>/<id>.json with its own
 * `_COLON_`-style escapes (inventory section 1.5), for the table as for
 * the id; store_key_from_chrondb turns such a file name into our key,
 * store_chrondb_escape a name into ChronDB's.
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

#include "buf.h"
#include "error.h"

/* Longest encoded key accepted, in bytes (Git paths are fine far beyond). */
#define STORE_KEY_MAX 1024
/* Longest table name accepted, in bytes: PostgreSQL's NAMEDATALEN - 1. */
#define STORE_TABLE_MAX 63
/* Longest encoded table name: every byte as %XX. */
#define STORE_TABLE_ENCMAX (3 * STORE_TABLE_MAX)
/* Longest ChronDB directory name of a table: every byte as _BACKSLASH_. */
#define STORE_TABLE_CHRONDBMAX (11 * STORE_TABLE_MAX)

/*
 * Percent-encode raw bytes.  Writes at most outsz bytes including a NUL;
 * returns the length the full encoding needs (without NUL), so a caller
 * can retry with a bigger buffer, as snprintf does.
 */
/*
 * Length of the well-formed UTF-8 sequence that starts s (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), 0 when s does
 * not start one.  n > 0 is the number of bytes available.  (The parser
 * has its own, sql_utf8_char_len, which also refuses NUL: it depends on
 * no other layer.)
 */
size_t store_utf8_seq(const unsigned char *s, size_t n);

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
 * Check a table name (or a sequence's, a view's, a validation schema's):
 * any PostgreSQL identifier, that is 1..STORE_TABLE_MAX bytes of UTF-8
 * without a zero byte.  Sets err (42602) otherwise.
 */
int store_table_validate(const char *name, size_t len, store_err *err);

/*
 * Encode a valid table name for tree paths: bytes outside A-Za-z0-9 . _ -
 * and a leading '.' become %XX.  Writes at most outsz bytes including a
 * NUL and returns the length the encoding needs, as store_key_encode
 * does; STORE_TABLE_ENCMAX + 1 bytes always suffice.
 */
size_t store_table_encode(char *out, size_t outsz, const char *name, size_t len);

/*
 * Decode a directory or entry name back into the table name, into out
 * (STORE_TABLE_MAX + 1 bytes, NUL-terminated).  Returns the name's
 * length, or (size_t)-1 when enc is not exactly what store_table_encode
 * writes for a valid name (another spelling of an escape, a byte left
 * unescaped that needs one): such a tree entry names no table.
 */
size_t store_table_decode(char *out, const char *enc, size_t len);

/* The four fan-out hex digits of an encoded key, as "a/b/c/d" (8 bytes + NUL). */
void store_key_fanout(char out[8], const char *name, size_t len);

/*
 * Turn a ChronDB flat file name (without ".json", with _COLON_, _SLASH_,
 * ... tokens, inventory section 1.5) into raw id bytes in out (at least
 * len + 1 bytes).  Returns the raw length.
 */
size_t store_key_from_chrondb(char *out, const char *file, size_t len);

/*
 * ChronDB's escapes applied to raw bytes (the inverse of
 * store_key_from_chrondb for what ChronDB wrote): the file name of an id,
 * the directory name of a table under data/.  Writes at most outsz bytes
 * including a NUL and returns the length needed, as store_key_encode
 * does; a table name never needs more than STORE_TABLE_CHRONDBMAX.
 */
size_t store_chrondb_escape(char *out, size_t outsz, const char *raw, size_t len);

/*
 * The table name a ChronDB directory under data/ stands for, into out
 * (STORE_TABLE_MAX + 1 bytes, NUL-terminated): its length, or (size_t)-1
 * when dir is no name's escaped form (store_chrondb_escape of the name
 * must give dir back), so that every table listed can be found again.
 */
size_t store_table_from_chrondb(char *out, const char *dir, size_t len);

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

/* One top-level member of a JSON object, as store_json_members gives it. */
typedef struct store_json_member {
	const char *name; /* its name, unescaped (not NUL-terminated) */
	size_t namelen;
	const char *qname; /* the name as canonical JSON writes it, quotes included */
	size_t qnamelen;
	const char *value; /* the value's canonical text: "name": value in the output */
	size_t valuelen;
} store_json_member;

typedef int (*store_json_member_fn)(void *arg, const store_json_member *m);

/*
 * The top-level members of a JSON object that store_json_canonical
 * accepts, in byte order of their names: fn is called for each, the
 * strings borrowed for the call.  Two values are the same JSON when their
 * canonical texts are equal (numbers compare as written).  Errors as
 * store_json_canonical's; a non-zero return of fn stops the walk and is
 * returned.
 */
int store_json_members(
	const char *json, size_t len, store_json_member_fn fn, void *arg, store_err *err);

/*
 * Append s (len bytes of UTF-8) to b as a JSON string, quotes included,
 * escaped as canonical documents are: '"', '\\' and control characters
 * only.
 */
void store_json_quote(store_buf *b, const char *s, size_t len);

#endif
