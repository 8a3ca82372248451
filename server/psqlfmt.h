/*
 * psqlfmt.h - output as psql prints it, and input split as psql splits it.
 *
 * The embedded runner (`chrondb sql`) prints what psql's default
 * "aligned" format prints, byte for byte, so that a script's output can
 * be compared with PostgreSQL's: the golden tests in tests/regress/ are
 * checked that way.  This module knows nothing of the executor: it takes
 * rows as text.
 *
 * Owns: the aligned table layout (centred headers, numbers on the right,
 * multi-line cells with '+' markers, tabs expanded, UTF-8 display
 * widths), the "(N rows)" footer, error reports with psql's "LINE n:" and
 * caret, and a statement splitter that ends statements at semicolons
 * outside quotes, dollar quotes, comments and parentheses, as psql's own
 * lexer does.
 */
#ifndef CHRONDB_SERVER_PSQLFMT_H
#define CHRONDB_SERVER_PSQLFMT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "error.h"

/* ---- Tables ---- */

typedef struct srv_table srv_table;

/* A result to print: column names and whether each aligns right (numbers). */
srv_table *srv_table_new(int ncols, const char *const *names, const bool *right);
void srv_table_free(srv_table *t);

/* Add a row of ncols cells; NULL cells print empty.  The texts are copied. */
void srv_table_add_row(srv_table *t, const char *const *cells, const size_t *lens);

/* Append the table as psql's aligned format prints it, footer and blank line included. */
void srv_table_print(const srv_table *t, store_buf *out);

/* ---- Messages ---- */

/*
 * Append an error or notice as psql shows it: "ERROR:  message", then,
 * when err->position is set, "LINE n:" with the query's line and a caret
 * under the character (a window of the line with "..." when it is long),
 * then DETAIL, HINT and CONTEXT lines.  severity is "ERROR", "NOTICE", ...
 */
void srv_print_message(store_buf *out, const char *severity, const store_err *err,
	const char *query, size_t querylen);

/* ---- Splitting input ---- */

typedef struct srv_splitter {
	store_buf pending; /* text of the statement being read */
	int paren;         /* parentheses open */
	char quote;        /* '\'' or '"' while inside one, 0 otherwise */
	bool escape;       /* the quote is an E'...' string: backslashes escape */
	int comment;       /* depth of nested block comments */
	char *dollar;      /* the tag of the dollar quote we are in ("$tag$"), or NULL */
} srv_splitter;

void srv_splitter_init(srv_splitter *sp);
void srv_splitter_free(srv_splitter *sp);

/* True inside a quoted string or dollar quote: an empty line is part of it. */
bool srv_splitter_in_quote(const srv_splitter *sp);

/*
 * Feed one input line (without its newline).  As psql does: lines join
 * with newlines; whitespace and "--" comments are dropped while no
 * statement text has started, and kept once one has; an empty line
 * outside quotes is skipped.  For each statement a semicolon ends
 * (outside quotes, comments and parentheses) fn gets its text, the
 * semicolon included; fn returning non-zero stops and is returned.
 */
int srv_splitter_line(srv_splitter *sp, const char *line, size_t len,
	int (*fn)(void *arg, const char *stmt, size_t len), void *arg);

/* At end of input: a last statement without its semicolon, if any text is pending. */
int srv_splitter_finish(
	srv_splitter *sp, int (*fn)(void *arg, const char *stmt, size_t len), void *arg);

#endif
