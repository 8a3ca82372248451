/*
 * ftindex.h - an in-memory inverted index of JSON documents and the
 * evaluation of search trees (search.h) against it (prefix exec_fti_).
 *
 * This module owns text analysis, the index's structures and query
 * evaluation.  It does not know Git, branches, tables or snapshots: the
 * caller feeds it documents by key (one put per document added or
 * changed by a commit, one remove per document deleted), and keeps one
 * index per branch head (issue 6, with the REST, Redis and SQL callers).
 * Nothing is persisted; an index is rebuilt from the documents.
 *
 * The analyzer.  Text is UTF-8; a byte that does not start or continue
 * a well-formed sequence is a separator.  A word is a run of word
 * characters:
 *   - ASCII letters and digits;
 *   - Latin-1 letters: U+00AA, U+00B5, U+00BA, U+00C0-U+00FF but
 *     U+00D7 and U+00F7;
 *   - Latin Extended-A and -B, U+0100-U+024F;
 *   - every code point from U+0250 up (IPA, combining marks, Greek,
 *     Cyrillic, CJK, ...) but these blocks of punctuation and symbols:
 *     U+2000-U+2BFF, U+2E00-U+2E7F, U+3000-U+303F, U+FE10-U+FE1F,
 *     U+FE30-U+FE6F, U+FF00-U+FF0F, U+FFF0-U+FFFF, U+1F000-U+1FAFF.
 * Everything else (ASCII punctuation and spaces, U+0080-U+00BF but the
 * three letters above, the blocks listed) separates words.  Words are
 * lower-cased: ASCII, Latin-1 (U+00C0-U+00DE to U+00E0-U+00FE), Latin
 * Extended-A's pairs (U+0178 to U+00FF, U+0130 to i), basic Greek
 * (U+0391-U+03AB) and Cyrillic (U+0400-U+042F); other letters are kept
 * as they are.  Accents are kept (`café` is not `cafe`), a word longer
 * than 255 code points is cut into words of 255, and each word takes the
 * next position, for phrases.  There are no stop words.
 *
 * Where that differs from Lucene's StandardAnalyzer (ChronDB's): Lucene
 * splits words by Unicode's word boundaries (UAX #29), which keep
 * `3.14`, `1,000`, `don't` and `u.s.a` as one word each and make every
 * CJK ideograph a word of its own; here they are `3` `14`, `don` `t`,
 * runs of ideographs, and so on.  Lucene lower-cases every script; here
 * only the ranges above.  Both keep accents and have no stop words; a
 * query's terms go through the same analyzer, so a query finds what its
 * words find in the documents.
 *
 * Documents.  A document is a key and a JSON object.  Every string,
 * number and boolean member is indexed under its field name, members of
 * nested objects under dotted names (`address.city`), array elements
 * under the array's name, one value each; nulls are skipped.  A number
 * is indexed as its text (integers as written, reals in their shortest
 * round-trip form), a boolean as `true` or `false`.  When the index has
 * a catch-all field (ChronDB searched `content`), every value is also
 * indexed there, in document order; a member with the catch-all's own
 * name goes there once.  The values of one field take consecutive
 * positions with a gap of EXEC_FTI_POSITION_GAP between two values, so
 * that a phrase does not run from one value into the next (a phrase
 * longer than the gap could).  The key itself is not indexed.
 *
 * Structures: per field, a term dictionary sorted bytewise, each term
 * with its postings (document number and positions) sorted by document
 * number; and the field's values for ranges, sorted: numbers (JSON
 * numbers and strings that read as a finite number in JSON's grammar,
 * `-1.5e3`, a `+` allowed) compared numerically as doubles (integers
 * past 2^53 round), strings and booleans compared bytewise as stored,
 * without analysis.  Every structure is sorted when a call returns, so searches
 * only read: any number of them may share an index under a read lock,
 * while put and remove need it exclusively.
 *
 * Evaluation (exec_fti_search):
 *   term, phrase  the text analysed; its words must stand at consecutive
 *                 positions in one value of the field (one word: the
 *                 term's postings).  A term that analyses to several
 *                 words (`3.14`, `ann-lee`) is a phrase, where Lucene's
 *                 parser would OR the words.  No words: matches nothing
 *                 (Lucene drops the clause).
 *   wildcard      the pattern lower-cased as the analyzer does;
 *                 `*` any code points, `?` one, `\` takes the next one
 *                 literally; matched against the field's terms, the
 *                 literal prefix before the first wildcard being a range
 *                 scan of the sorted dictionary.
 *   range         numeric when every bound given reads as a number,
 *                 over the field's numbers; else bytewise over its
 *                 strings; bounds inclusive or exclusive as written.
 *                 `[* TO *]`: every document with a value in the field.
 *   match-all     every document.
 *   bool          MUST clauses intersected; without MUST, the SHOULD
 *                 clauses united (one must match); MUST_NOT clauses
 *                 subtracted; only MUST_NOT clauses: every document but
 *                 those (as search.h asks).  With MUST clauses, SHOULD
 *                 ones change nothing, as there is no scoring.
 * A leaf without a field uses opts->default_field, else the catch-all;
 * with neither it is an error.  There is no scoring: the result is the
 * matching keys in bytewise key order, then offset and limit.
 *
 * Memory: out of memory aborts, as store_buf does.  The index takes a
 * reference to every document it is given and reads it again on
 * remove, so a document must not be changed once put.
 *
 * Design note: DESIGN.md section 4 (indexes beside Git, rebuilt from
 * it); inventory 2.4, 4.6 and 5.5 for ChronDB's Lucene index.
 */
#ifndef CHRONDB_EXECUTOR_FTINDEX_H
#define CHRONDB_EXECUTOR_FTINDEX_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "search.h"

/* Longest word, in code points; longer runs are cut (Lucene's default). */
#define EXEC_FTI_MAX_WORD 255

/* Positions left empty between two values of one field. */
#define EXEC_FTI_POSITION_GAP 100

/* A limit that returns every match. */
#define EXEC_FTI_NO_LIMIT SIZE_MAX

/*
 * Called once per word: the lower-cased word (len bytes of UTF-8, not
 * NUL-terminated, valid for the call only) and its position.
 */
typedef void (*exec_fti_word_fn)(void *arg, const char *word, size_t len, uint32_t position);

/*
 * Analyse len bytes of text, numbering words from position on; returns
 * the position after the last word (position itself when there is none).
 */
uint32_t exec_fti_analyze(
	const char *text, size_t len, uint32_t position, exec_fti_word_fn fn, void *arg);

typedef struct exec_fti exec_fti;

/*
 * A new empty index whose catch-all field is named catch_all (copied;
 * NULL: none).  Caller frees with exec_fti_free.
 */
exec_fti *exec_fti_new(const char *catch_all);

void exec_fti_free(exec_fti *ix);

/*
 * Index doc, a JSON object, under key (copied), replacing the document
 * the key had.  The index keeps a reference to doc (see above).
 */
void exec_fti_put(exec_fti *ix, const char *key, json_t *doc);

/* Take key's document out of the index; false when it had none. */
bool exec_fti_remove(exec_fti *ix, const char *key);

/* The number of documents. */
size_t exec_fti_count(const exec_fti *ix);

typedef struct exec_fti_opts {
	const char *default_field; /* of leaves naming none; NULL: the catch-all */
	size_t offset;             /* matches skipped, in key order */
	size_t limit;              /* keys returned at most; EXEC_FTI_NO_LIMIT */
} exec_fti_opts;

/* No default field, offset 0, no limit. */
void exec_fti_opts_init(exec_fti_opts *o);

typedef struct exec_fti_result {
	size_t total; /* documents matching, before offset and limit */
	size_t n;     /* keys returned */
	char **keys;  /* n keys in bytewise order; freed by exec_fti_result_free */
} exec_fti_result;

/*
 * Run the tree q against ix under opts (NULL: the defaults) into *out.
 * EXEC_OK, or EXEC_ERROR with err set (42601 at the leaf's position for
 * a leaf with no field when there is no default field and no
 * catch-all) and *out empty.
 */
int exec_fti_search(const exec_fti *ix, const exec_search_node *q, const exec_fti_opts *opts,
	exec_fti_result *out, store_err *err);

void exec_fti_result_free(exec_fti_result *r);

#endif
