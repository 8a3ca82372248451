/*
 * search.h - search queries as ChronDB's front ends send them, parsed
 * into one tree (prefix exec_search_): Lucene's classic query syntax
 * (REST `?q=`, Redis SEARCH and FT.SEARCH, SQL's FTS_MATCH and
 * `@@ to_tsquery`) and its JSON form (REST `?query=`), and the tree
 * printed back as a canonical query string.
 *
 * This module owns the syntax only.  It does not analyse text (no
 * lower-casing, no tokenizing of phrases), does not know tables or
 * columns, and does not run a query: ftindex.h does, and the callers
 * are later work (executor/README.md, "Search queries").  A field is a
 * name as written; a clause naming none gets opts.default_field, or NULL
 * for the caller to decide (ChronDB searched `content`).
 *
 * Lucene syntax (what Lucene's classic QueryParser reads, less boosts
 * `^`, fuzzy and proximity `~` and regular expressions `/.../`, which
 * are errors):
 *   ann  name:ann          a term, on the default field or a named one
 *   name:"ann lee"         a phrase
 *   na*  a?n               wildcards: `*` any characters, `?` one
 *   age:[1 TO 5]  {1 TO 5}  [1 TO 5}  [1 TO *]
 *                          ranges, inclusive, exclusive, mixed, open
 *   a AND b  a && b  a OR b  a || b  NOT a  !a  +a  -a
 *   (a OR b)  name:(a OR b)  *:*
 *   \( \: \  ...           a backslash makes any character literal
 * NOT, `!`, `-` and `+` apply to the clause after them, AND binds
 * tighter than OR, and clauses side by side are joined by the default
 * operator (OR, as in Lucene, unless opts say AND) at its precedence.
 * Operators are upper case; `and` is a term.  Inside a term `-` and `+`
 * are literal (`ann-lee` is one term), as in Lucene.
 *
 * The tree: leaves are terms, phrases, wildcards, ranges and match-all;
 * a BOOL node holds clauses, each MUST, SHOULD or MUST_NOT (Lucene's
 * BooleanClause.Occur).  `a OR b` is a bool of SHOULDs, `a AND NOT b`
 * one of MUST a and MUST_NOT b, `a -b` (default OR) SHOULD a and
 * MUST_NOT b, as Lucene builds them.  Parentheses keep their structure:
 * `(a OR b) OR c` is a bool inside a bool; a group of one clause that
 * is SHOULD or MUST is that clause's node.  A bool whose clauses are all
 * MUST_NOT is meant to match every document not excluded, for whoever
 * runs the tree (Lucene's pure negative query matches nothing; users of
 * `NOT a` mean the other).
 *
 * JSON form: a clause is an object with ChronDB's "type" and keys
 * (inventory 5.5), kebab-case as ChronDB's:
 *   {"type": "term", "field": "status", "value": "active"}
 *   {"type": "phrase", "field": "name", "value": "ann lee"}
 *   {"type": "wildcard", "field": "name", "value": "na*"}
 *   {"type": "prefix", "field": "name", "value": "na"}    (wildcard na*)
 *   {"type": "range", "field": "age", "lower": 1, "upper": null,
 *    "include-lower": true, "include-upper": false}
 *   {"type": "match-all"}
 *   {"type": "boolean", "must": [...], "should": [...], "must-not": [...]}
 * "field" may be left out (the default field).  A range's bounds are
 * strings or numbers (their JSON text), null or absent for an open end;
 * "include-lower"/"include-upper" (also ChronDB's "include-lower?")
 * default to true.  A wildcard's value is a pattern: `*`, `?`, and `\`
 * before a character to take it literally.  The whole query is a clause
 * or ChronDB's wrapper {"clauses": [...]}, whose clauses must all match;
 * the wrapper's other keys (sort, limit, offset, branch, after, hints)
 * are the caller's and skipped here.  Unknown types and keys are errors;
 * so are ChronDB's "filter" (use "must": there is no scoring yet),
 * "fts", "exists", "missing" and typed ranges, which have no Lucene
 * form.  The JSON form gives the tree the same query text gives, so the
 * printer serves both.
 *
 * Errors: 42601 with a message and the 1-based byte position of the
 * offending token in store_err.position (from 1 to the query's length
 * plus one, "at the end"); 54001 past EXEC_SEARCH_MAX_DEPTH.  In the
 * JSON form only a JSON syntax error has a position; an error in the
 * clauses names the member in its detail (`At $.must[1].`).
 *
 * Memory: trees live in the caller's arena (parser/arena.h) and are
 * freed with it; every string in them is NUL-terminated, and a NUL byte
 * in a query is an error.
 *
 * Design note: DESIGN.md section 7 (REST, RESP); inventory 2.4, 3.2,
 * 4.6 and 5.5 for what ChronDB accepted.
 */
#ifndef CHRONDB_EXECUTOR_SEARCH_H
#define CHRONDB_EXECUTOR_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "value.h"

/* The deepest tree accepted (nested groups and bools); deeper is 54001. */
#define EXEC_SEARCH_MAX_DEPTH 100

typedef enum exec_search_op {
	EXEC_SEARCH_OP_OR, /* Lucene's default */
	EXEC_SEARCH_OP_AND,
} exec_search_op;

typedef struct exec_search_opts {
	exec_search_op default_op; /* between clauses side by side */
	const char *default_field; /* of clauses naming none; NULL leaves them NULL */
} exec_search_opts;

/* Lucene's defaults: OR, no default field. */
void exec_search_opts_init(exec_search_opts *o);

typedef enum exec_search_kind {
	EXEC_SEARCH_MATCH_ALL, /* *:* */
	EXEC_SEARCH_TERM,      /* text: the value, escapes removed */
	EXEC_SEARCH_PHRASE,    /* text: the words between the quotes, escapes removed */
	EXEC_SEARCH_WILDCARD,  /* text: the pattern (see above) */
	EXEC_SEARCH_RANGE,
	EXEC_SEARCH_BOOL,
} exec_search_kind;

typedef enum exec_search_occur {
	EXEC_SEARCH_MUST,
	EXEC_SEARCH_SHOULD,
	EXEC_SEARCH_MUST_NOT,
} exec_search_occur;

typedef struct exec_search_node exec_search_node;

typedef struct exec_search_clause {
	exec_search_occur occur;
	exec_search_node *node;
} exec_search_clause;

struct exec_search_node {
	exec_search_kind kind;
	int position;      /* 1-based byte position in the query text; 0 from JSON */
	const char *field; /* leaves but match-all; NULL: the default field */
	union {
		const char *text; /* TERM, PHRASE, WILDCARD */
		struct {
			const char *lower, *upper; /* NULL: open */
			bool include_lower, include_upper;
		} range;
		struct {
			int n; /* at least 1 */
			exec_search_clause *clauses;
		} bool_;
	} u;
};

/*
 * Parse len bytes of Lucene query syntax under opts (NULL: the
 * defaults) into *out, allocated in a.  EXEC_OK, or EXEC_ERROR with err
 * set (42601, 54001) and *out NULL.
 */
int exec_search_parse(sql_arena *a, const char *q, size_t len, const exec_search_opts *opts,
	exec_search_node **out, store_err *err);

/*
 * Parse the JSON form (see above) of len bytes into *out, allocated in
 * a.  EXEC_OK, or EXEC_ERROR with err set (42601, 54001).
 */
int exec_search_parse_json(
	sql_arena *a, const char *json, size_t len, exec_search_node **out, store_err *err);

/*
 * Append the canonical query text of n to out: every bool in
 * parentheses with its operators spelt out (`(a OR +b OR NOT c)`,
 * `(a AND NOT b)`), fields on every leaf, special characters escaped.
 * Parsing it again, with either default operator, gives a tree equal
 * to n (a default field would fill the leaves that print none).
 */
void exec_search_print(const exec_search_node *n, store_buf *out);

/* Whether two trees are the same query (positions aside). */
bool exec_search_equal(const exec_search_node *a, const exec_search_node *b);

#endif
