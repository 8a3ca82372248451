/*
 * rowjson.h - rows <-> values: the JSON a stored row holds (DESIGN.md
 * section 3) and the values of a table's columns.
 *
 * A row document is one JSON object, a member per column in table
 * order, in the canonical layout storage's store_json_canonical
 * produces (keycodec.h): one member per line, nested values compact,
 * one trailing newline.  exec_row_encode writes exactly that text, so a
 * row encoded here and canonicalised there is byte-identical.
 *
 * How each type is written (exec_value_to_json):
 *
 *   NULL                       null (every column is written)
 *   bool                       true, false
 *   int2, int4, int8, oid, regclass, regtype
 *                              JSON integers
 *   float4, float8             JSON numbers, the shortest text that reads
 *                              back to the same value; "NaN", "Infinity",
 *                              "-Infinity" as strings
 *   numeric                    a JSON number with its exact digits and
 *                              scale (1.50 stays 1.50); NaN and the
 *                              infinities as strings
 *   text, varchar, name        strings
 *   bpchar                     the string as the value holds it, blank
 *                              padded to its length (as PostgreSQL holds
 *                              char(n)); reading pads again by the typmod
 *   "char"                     a string of its text output
 *   bytea                      base64 (RFC 4648, padded, one line)
 *   uuid                       "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"
 *   date                       "2024-01-31"; "0044-03-15 BC"; "infinity"
 *   timestamp                  "2024-01-31T12:34:56.789" (no zone; the
 *                              fraction without trailing zeros)
 *   timestamptz                "2024-01-31T12:34:56.789Z", in UTC
 *   time                       "12:34:56.789"
 *   timetz                     "12:34:56.789+05:30" (PostgreSQL's zone text)
 *   interval                   ISO 8601 as PostgreSQL's IntervalStyle
 *                              iso_8601 writes it: "P1Y2M3DT4H5M6.5S",
 *                              "PT0S", "P-1M", "PT-0.5S"
 *   json                       the text nested when it is already in
 *                              the nested form (compact, minimal string
 *                              escapes, one member per key: '{"a":1}'),
 *                              else escaped (below): '{"a": 1}' is
 *                              {"$json":"{\"a\": 1}"}
 *   jsonb                      the document nested ({"a":1,"b":[2]}),
 *                              escaped when it is a JSON null or would
 *                              nest deeper than storage allows
 *   arrays                     JSON arrays of the elements' forms
 *                              XXX: a lower bound other than 1 is not
 *                              kept ('[2:3]={1,2}' reads back as
 *                              '{1,2}'); nothing writes such arrays yet,
 *                              an object form would keep it
 *
 * The escape form of json and jsonb.  The nested form is what people
 * and other front ends read, so it is kept whenever it reads back as the
 * very value: every jsonb value but the JSON null, and json texts
 * already written the way the nested form writes them.  Everything else
 * is stored as an object whose one member is "$json" and whose value is
 * the value's text as a JSON string: a json text with white space, key
 * order, duplicate keys or escapes of its own, kept byte for byte as
 * PostgreSQL keeps it; a JSON null of either type ({"$json":"null"}),
 * since a nested null is the SQL NULL; a value too deep to nest; and any
 * value that is itself an object with the one member "$json", so that
 * no nested value is ever taken for an escape:
 *
 *   '{"$json": 1}'::jsonb      {"$json":"{\"$json\":1}"}
 *   'null'::jsonb              {"$json":"null"}
 *   NULL                       null
 *
 * Reading takes an object whose one member is "$json" with a string
 * that parses as the column's type as that escape; any other value is
 * read nested, which is how documents written before the escape form
 * existed, and other writers', still read.  Nulls inside a document
 * ({"a":null}, [null]) are never ambiguous and stay nested.
 *
 * Reading also accepts the looser forms ChronDB (Clojure) wrote, where
 * every value is a JSON string: a string in an int4 column goes through
 * int4's text input ("42" is 42, "x" is 22P02), a number in a text
 * column is its digits, and so on.  A value past a column's typmod is
 * coerced as an assignment would (varchar(3): 22001).  An array nesting
 * deeper than storage allows (127 levels inside a column) is 54001 when
 * writing.
 */
#ifndef CHRONDB_EXECUTOR_ROWJSON_H
#define CHRONDB_EXECUTOR_ROWJSON_H

#include "func.h"
#include "json.h"

/* A column as the catalog describes it. */
typedef struct exec_rowcol {
	const char *name; /* NUL-terminated */
	exec_oid type;
	int32_t typmod;
} exec_rowcol;

/*
 * A table's columns, prepared once for many rows (exec_rowdesc_init):
 * the names sorted for lookup.  Borrows cols; the rest is in the arena
 * given to init.
 */
typedef struct exec_rowdesc {
	const exec_rowcol *cols;
	int ncols;
	const int *byname;        /* column indexes sorted by name */
	const size_t *namelen;    /* strlen of each column's name */
	const char *const *order; /* the names in column order (store_json_canonical's order) */
} exec_rowdesc;

void exec_rowdesc_init(sql_arena *a, const exec_rowcol *cols, int ncols, exec_rowdesc *d);

/*
 * A member of a stored document that is not a column, reported while
 * decoding (so the executor can expose or keep it) and written after
 * the columns when encoding.  val is a raw tree (members in document
 * order, numbers as written) in the decode's arena.
 */
typedef struct exec_row_member {
	const char *name;
	size_t namelen;
	const exec_jsonb *val;
} exec_row_member;

/* Called for each member that is not a column; return EXEC_ERROR (err set) to stop. */
typedef int (*exec_row_extra_fn)(void *arg, const exec_row_member *m, store_err *err);

/*
 * Decode a stored document into vals[0..ncols) in column order, in one
 * pass over its members: a column missing from the document is NULL, a
 * member that is no column goes to extra (ignored when extra is NULL),
 * a member given twice takes its last value.  Values live in
 * cx->arena (strings point into the parsed tree there: the document
 * text itself may go once this returns).  Errors: the document's
 * syntax (22P02), a value that does not fit its column's type.
 */
int exec_row_decode(exec_ctx *cx, const exec_rowdesc *d, const char *doc, size_t len,
	exec_value *vals, exec_row_extra_fn extra, void *arg);

/*
 * The same, telling which columns the document has a member for
 * (given[i], ncols flags the caller provides): a document written by a
 * front end may leave columns out, which then take their defaults.
 */
int exec_row_decode_given(exec_ctx *cx, const exec_rowdesc *d, const char *doc, size_t len,
	exec_value *vals, bool *given, exec_row_extra_fn extra, void *arg);

/*
 * Encode vals[0..ncols) (each of its column's type, or NULL) and then
 * the extra members (sorted here by name; one named like a column is
 * dropped) as the canonical document, appended to out.
 */
int exec_row_encode(exec_ctx *cx, const exec_rowdesc *d, const exec_value *vals,
	const exec_row_member *extra, int nextra, store_buf *out);

/* One value in its stored form (compact JSON), appended to out. */
int exec_value_to_json(exec_ctx *cx, const exec_value *v, store_buf *out);

/*
 * A value of type/typmod from its stored form (a raw or jsonb tree
 * node), accepting the loose forms above.
 */
int exec_value_from_json(
	exec_ctx *cx, const exec_jsonb *j, exec_oid type, int32_t typmod, exec_value *out);

#endif
