/*
 * sql.h - the parser's public entry: SQL text in, statement list out.
 *
 * Owns the parse call and its error report.  The tree itself is described
 * in ast.h; the parser touches no storage and no session state, and
 * depends on no other layer (DESIGN.md section 6, STYLE.md rules 4 and 8):
 * the executor turns sql_error into its own error value.
 *
 * The dialect is PostgreSQL 16's, with ChronDB's additions: time travel
 * after a table in FROM (FOR SYSTEM_TIME ..., AS OF ...) and the SHOW
 * TABLES / DESCRIBE / VALIDATION SCHEMA statements.
 */
#ifndef CHRONDB_PARSER_SQL_H
#define CHRONDB_PARSER_SQL_H

#include <stddef.h>

#include "arena.h"
#include "ast.h"

/*
 * An error as PostgreSQL reports it: SQLSTATE, message in PostgreSQL's
 * words ("syntax error at or near \"FORM\""), optional detail and hint
 * (empty strings when none), and the error cursor: position is the
 * 1-based character position (UTF-8 characters, not bytes) PostgreSQL
 * would send in its ErrorResponse, 0 when it sends none; offset is the
 * same place as a byte offset, -1 when none.
 */
typedef struct sql_error {
	char sqlstate[6];
	char message[256];
	char detail[256];
	char hint[256];
	int position;
	int offset;
} sql_error;

/*
 * Parse text[0..len) (no NUL needed at the end; a NUL inside is an
 * error) into *out, allocated from arena.  Returns 0, or -1 with *err
 * filled and *out NULL.  Empty input or only `;` gives an empty list.
 * The arena owns the tree: it lives until the caller resets or frees it;
 * nothing else needs freeing, on success or on error.
 *
 * SQLSTATEs: 42601 syntax errors, unterminated literals and comments;
 * 54001 nesting deeper than SQL_MAX_DEPTH; 54000 input over
 * SQL_MAX_INPUT bytes; 22021 bytes that are not UTF-8 (and NUL); 22025
 * and 42601 bad escapes, 22P02 bad bit-string digits, as PostgreSQL.
 */
int sql_parse(const char *text, size_t len, sql_arena *arena, sql_stmt_list **out, sql_error *err);

/*
 * A NOTICE raised while parsing: PostgreSQL's scanner raises 42622
 * "identifier \"...\" will be truncated to \"...\"" for an identifier
 * longer than SQL_MAX_IDENT bytes.  message lives in the parse's arena.
 */
typedef struct sql_notice {
	char sqlstate[6];
	char *message;
	struct sql_notice *next;
} sql_notice;

/*
 * sql_parse, handing back in *notices (NULL when none) the notices the
 * input raised, in input order, whether the parse succeeds or not:
 * PostgreSQL sends them before running any of the statements, and before
 * the error of a parse that fails further on.
 */
int sql_parse_notices(const char *text, size_t len, sql_arena *arena, sql_stmt_list **out,
	sql_notice **notices, sql_error *err);

/* The longest input accepted, in bytes (PostgreSQL's limit is 1 GB too). */
#define SQL_MAX_INPUT ((size_t)1 << 30)

/*
 * The 1-based character position of byte offset `offset` in text, as
 * PostgreSQL counts for its error cursor (offset == len is the end of
 * input); for the executor, which reports errors at node locations.
 * The text must be valid UTF-8, as every parsed text is.
 */
int sql_char_position(const char *text, size_t len, int offset);

/*
 * Parse text and print the statement list as sql_node_dump does (flags:
 * SQL_DUMP_*): a malloc'd string the caller frees, or NULL with *err
 * filled.  For tests and debugging; the tree itself is not kept.
 */
char *sql_parse_dump(const char *text, size_t len, unsigned flags, sql_error *err);

/*
 * Fill err: sqlstate, a printf-style message, and the cursor at byte
 * offset (-1: none) of text (NULL when there is no text).  Clears detail
 * and hint.  Shared by the scanner and the grammar.
 */
void sql_error_set(sql_error *err, const char *sqlstate, const char *text, size_t len, int offset,
	const char *fmt, ...) __attribute__((format(printf, 6, 7)));

#endif
