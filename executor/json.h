/*
 * json.h - JSON documents in the executor: the json (114) and jsonb
 * (3802) types, and the parser every stored row goes through.
 *
 * One representation serves both types and the row decoder: a tree of
 * exec_jsonb nodes in an arena.  The parser builds it in one pass over
 * the text, with no allocation per node (children are gathered on a
 * scratch stack and copied once, contiguously, when their container
 * closes), strings unescaped into one arena block sized from the input,
 * numbers kept as their decimal text.
 *
 * The two types differ in what the tree means:
 *
 *   jsonb   what PostgreSQL's jsonb holds: object keys unique (the last
 *           duplicate wins) and sorted by length, then bytes; numbers in
 *           numeric's canonical text ("1e3" is "1000", "1.50" stays);
 *           "\u0000" refused (22P05).  A jsonb value (exec_value.v.jb)
 *           always points at such a tree.
 *   json    the input text, kept as given (exec_value.v.s) and only
 *           checked; operators parse it again "raw": members in input
 *           order with duplicates, numbers as written, and with
 *           EXEC_JSON_SPANS each node's place in the text, so that
 *           json -> 'k' returns the member's text byte for byte.
 *
 * Errors are PostgreSQL's: 22P02 "invalid input syntax for type json"
 * with its detail lines ('Token "x" is invalid.', 'The input string
 * ended unexpectedly.', 'Expected ":", but found "1".'), 22P05 for
 * "\u0000" in jsonb, 22021 for bytes that are not UTF-8, 54001 "stack
 * depth limit exceeded" past EXEC_JSON_MAX_DEPTH, 22003 for numbers past
 * numeric's limits in jsonb.
 *
 * Not here: the row encoding (rowjson.h) and the array type (array.h).
 * json.c also holds the module table (exec_mod_json): the operators,
 * functions, aggregates and casts of both types.
 */
#ifndef CHRONDB_EXECUTOR_JSON_H
#define CHRONDB_EXECUTOR_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "array.h"
#include "func.h"

/*
 * Deepest nesting of arrays and objects accepted.  PostgreSQL's limit
 * comes from max_stack_depth (about 7,000 levels with the default 2 MB);
 * ours is fixed so that the recursive walks (compare, write, contain)
 * fit in a small thread stack.  Storage accepts 127 levels inside a row.
 */
#define EXEC_JSON_MAX_DEPTH 1000

/* Node kinds, in PostgreSQL's jsonb sort order of types. */
typedef enum exec_jsonb_kind {
	EXEC_JSONB_NULL = 0,
	EXEC_JSONB_STRING = 1,
	EXEC_JSONB_NUMBER = 2,
	EXEC_JSONB_BOOL = 3,
	EXEC_JSONB_ARRAY = 4,
	EXEC_JSONB_OBJECT = 5,
} exec_jsonb_kind;

typedef struct exec_jsonb_pair exec_jsonb_pair;

/* One JSON value.  Nodes are immutable once built; trees share subtrees freely. */
struct exec_jsonb {
	uint8_t kind; /* exec_jsonb_kind */
	bool b;       /* BOOL: the value */
	uint32_t len; /* STRING, NUMBER: bytes; ARRAY: elements; OBJECT: members */
	uint32_t src; /* with EXEC_JSON_SPANS: the value's offset and length in the input */
	uint32_t srclen;
	union {
		const char *str;              /* STRING: UTF-8, NUL after it; NUMBER: its text */
		const exec_jsonb *elems;      /* ARRAY */
		const exec_jsonb_pair *pairs; /* OBJECT */
	} u;
};

struct exec_jsonb_pair {
	const char *key; /* unescaped UTF-8, NUL after it */
	uint32_t keylen;
	exec_jsonb val;
};

/* Parse flags. */
enum {
	EXEC_JSON_JSONB = 1, /* jsonb semantics (see above) */
	EXEC_JSON_SPANS = 2, /* record src/srclen in every node */
	EXEC_JSON_CHECK = 4, /* validate only: no tree, *out untouched (json input) */
};

/*
 * Parse text[0..len) into a tree in arena a.  *out points at the root
 * (in a).  Returns EXEC_OK, or EXEC_ERROR with err set.  With
 * EXEC_JSON_CHECK escapes are only checked for form, as PostgreSQL's
 * json input does ("\ud800" alone passes); building a tree decodes them
 * and refuses unpaired surrogates.
 */
int exec_json_parse(sql_arena *a, const char *text, size_t len, unsigned flags,
	const exec_jsonb **out, store_err *err);

/*
 * Parse a document that must be one object, calling fn for each member
 * in input order (duplicates included) with its value, which lives in
 * a; the node itself is only valid during the call (copy it to keep
 * it).  fn returns EXEC_OK to go on, or EXEC_ERROR (with err set) to
 * stop.  A document that is not an object is 22P02 with detail "The
 * document is not a JSON object.".  This is the row decoder's entry: no
 * pair array is built for the top level.
 */
typedef int (*exec_json_member_fn)(
	void *arg, const char *key, size_t keylen, const exec_jsonb *val, store_err *err);
int exec_json_parse_members(sql_arena *a, const char *text, size_t len, unsigned flags,
	exec_json_member_fn fn, void *arg, store_err *err);

/* Output styles. */
typedef enum exec_json_style {
	EXEC_JSON_COMPACT, /* {"a":1,"b":[1,2]}: storage's nested form */
	EXEC_JSON_TEXT,    /* {"a": 1, "b": [1, 2]}: jsonb's output */
	EXEC_JSON_PRETTY,  /* jsonb_pretty: four spaces a level */
} exec_json_style;

/* Append j as JSON text. */
void exec_jsonb_write(store_buf *b, const exec_jsonb *j, exec_json_style style);

/*
 * Append s[0..len) as a JSON string: quotes, and PostgreSQL's escapes
 * (\" \\ \b \f \n \r \t, other controls as \u00xx), UTF-8 as it is.
 * Storage's canonical form escapes exactly the same way.
 */
void exec_json_write_string(store_buf *b, const char *s, size_t len);

/*
 * Order of two jsonb trees as PostgreSQL's jsonb btree opclass sorts:
 * object > array > boolean > number > string > null; containers by
 * their member count first, then members in storage order (keys
 * byte-wise, then values); numbers by value; strings byte-wise (the C
 * collation); at the top level an empty array sorts below every scalar.
 */
int exec_jsonb_cmp(const exec_jsonb *a, const exec_jsonb *b);
bool exec_jsonb_eq(const exec_jsonb *a, const exec_jsonb *b);

/* A hash equal trees share (1.0 and 1 alike). */
uint64_t exec_jsonb_hash(const exec_jsonb *j);

/*
 * Exact comparison of two JSON number texts (RFC 8259 grammar, any
 * exponent) by value: -1, 0 or 1.  "1.0" equals "1", "1e2" equals "100".
 */
int exec_json_number_cmp(const char *a, size_t alen, const char *b, size_t blen);

/* True when s[0..len) is a JSON number (PostgreSQL's IsValidJsonNumber). */
bool exec_json_number_valid(const char *s, size_t len);

/*
 * The numeric text of a JSON number, as jsonb keeps it: exponent folded
 * in, no leading zeros, the display scale PostgreSQL's numeric input
 * gives ("1.5e-3" -> "0.0015", "-0" -> "0").  *out is s itself when it
 * is already canonical, else arena text.  22003 "value overflows numeric
 * format" past numeric's limits.
 */
int exec_json_number_canon(
	sql_arena *a, const char *s, size_t len, const char **out, size_t *outlen, store_err *err);

/*
 * A tree with jsonb's semantics from a raw one (keys sorted and unique,
 * numbers canonical, no "\u0000"); *out is in itself when nothing had
 * to change, so normalising a stored jsonb column costs one walk.
 */
int exec_jsonb_normalize(
	sql_arena *a, const exec_jsonb *in, const exec_jsonb **out, store_err *err);

/*
 * A deep copy of a tree in arena a: the nodes, their strings and number
 * texts (exec_value_copy's work for jsonb, and the way a value outlives
 * its statement).  Spans are kept; they refer to the original text.
 */
const exec_jsonb *exec_jsonb_copy(sql_arena *a, const exec_jsonb *j);

/* A jsonb value for a tree (borrowed). */
static inline exec_value exec_jsonb_value(const exec_jsonb *j)
{
	exec_value v;

	v.type = EXEC_OID_JSONB;
	v.isnull = false;
	v.v.jb = j;
	return v;
}

/*
 * to_jsonb(v): the jsonb tree of any value (NULL gives a JSON null).
 * Numbers stay numbers (NaN and the infinities become strings), bool
 * stays bool, json is parsed, arrays become arrays, date and time types
 * take to_json's ISO form ("2024-01-31T12:34:56.789+00:00"), everything
 * else the string of its text output.
 */
int exec_jsonb_from_value(exec_ctx *cx, const exec_value *v, const exec_jsonb **out);

/* to_json(v): the same conversion as json text, appended to b (arrays compact: [1,2]). */
int exec_json_from_value(exec_ctx *cx, const exec_value *v, store_buf *b);

/*
 * The executor's set-returning functions of the json family:
 * jsonb_each, jsonb_each_text, json_each, json_each_text,
 * jsonb_object_keys, json_object_keys, jsonb_array_elements,
 * jsonb_array_elements_text, json_array_elements,
 * json_array_elements_text (exec_srf: array.h).
 */
extern const exec_srf exec_json_srfs[];
extern const size_t exec_json_nsrfs;

#endif
