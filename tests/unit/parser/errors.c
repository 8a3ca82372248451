/*
 * errors.c - tests for error reports (parser/sql.h): SQLSTATE, the message
 * in PostgreSQL's words, hints, and the cursor as PostgreSQL computes it
 * (a 1-based character position, UTF-8 aware) plus the byte offset.  The
 * expected values were taken from PostgreSQL 15 and 16 for the same input.
 */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "sql.h"

typedef struct error_case {
	const char *sql;
	const char *sqlstate;
	const char *message;
	int position; /* 0: no cursor */
} error_case;

static void expect_errors(const error_case *cases, size_t n)
{
	sql_arena *arena = sql_arena_new(0);

	for (size_t i = 0; i < n; i++) {
		const error_case *c = &cases[i];
		sql_stmt_list *list = (sql_stmt_list *)1;
		sql_error err;

		cr_assert_eq(sql_parse(c->sql, strlen(c->sql), arena, &list, &err), -1, "%s parsed",
			c->sql);
		cr_expect_null(list, "%s", c->sql);
		cr_expect_str_eq(err.sqlstate, c->sqlstate, "%s", c->sql);
		cr_expect_str_eq(err.message, c->message, "%s", c->sql);
		cr_expect_eq(err.position, c->position, "%s: position %d", c->sql, err.position);
		sql_arena_reset(arena);
	}
	sql_arena_free(arena);
}

Test(errors, syntax_errors_point_at_the_token)
{
	static const error_case cases[] = {
		{"SELECT * FORM t", "42601", "syntax error at or near \"FORM\"", 10},
		{"SELECT a,, b FROM t", "42601", "syntax error at or near \",\"", 10},
		{"SELECT 1 FROM t WHERE a = 1 AND", "42601", "syntax error at end of input", 32},
		{"SELECT * FROM", "42601", "syntax error at end of input", 14},
		{"SELECT * FROM   ", "42601", "syntax error at end of input", 17},
		{"SELECT (1", "42601", "syntax error at end of input", 10},
		{"SELECT 'abc' 'def'", "42601", "syntax error at or near \"'def'\"", 14},
		{"UPDATE t SET", "42601", "syntax error at end of input", 13},
		{"DELETE t", "42601", "syntax error at or near \"t\"", 8},
		{"SELECT a FROM t1 NATURAL JOIN t2 ON true", "42601",
			"syntax error at or near \"ON\"", 34},
		{"SELECT \\", "42601", "syntax error at or near \"\\\"", 8},
	};

	expect_errors(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(errors, positions_count_characters_not_bytes)
{
	static const error_case cases[] = {
		/* FORM is a bare alias, so the error is at t. */
		{"SELECT 'é' FORM t WHERE", "42601", "syntax error at or near \"t\"", 17},
		{"SELECT 'ü', \"é\" FROM t WHERE a = 'ñ' AND", "42601",
			"syntax error at end of input", 41},
		{"SELECT '日本語' x y", "42601", "syntax error at or near \"y\"", 16},
	};

	expect_errors(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(errors, positions_are_relative_to_the_whole_input)
{
	static const error_case cases[] = {
		{"SELECT 1; SELECT * FORM t", "42601", "syntax error at or near \"FORM\"", 20},
		{"SELECT 1;\nSELECT 2;\nSELECT (", "42601", "syntax error at end of input", 29},
	};
	sql_error err;
	sql_stmt_list *list;
	sql_arena *arena = sql_arena_new(0);

	expect_errors(cases, sizeof(cases) / sizeof(cases[0]));

	/* The byte offset goes with the character position: y is byte 16, character 15. */
	cr_assert_eq(sql_parse("SELECT 'éé' x y", 17, arena, &list, &err), -1);
	cr_expect_eq(err.offset, 16);
	cr_expect_eq(err.position, 15);
	sql_arena_free(arena);
}

Test(errors, unterminated_literals_and_comments)
{
	static const error_case cases[] = {
		{"SELECT 'abc", "42601", "unterminated quoted string at or near \"'abc\"", 8},
		{"SELECT E'\\", "42601", "unterminated quoted string at or near \"E'\\\"", 8},
		{"SELECT \"abc", "42601", "unterminated quoted identifier at or near \"\"abc\"", 8},
		{"SELECT /* abc", "42601", "unterminated /* comment at or near \"/* abc\"", 8},
		{"SELECT /* a /* b */", "42601",
			"unterminated /* comment at or near \"/* a /* b */\"", 8},
		{"SELECT $$abc", "42601", "unterminated dollar-quoted string at or near \"$$abc\"",
			8},
		{"SELECT B'10", "42601", "unterminated bit string literal at or near \"B'10\"", 8},
		{"SELECT X'1F", "42601",
			"unterminated hexadecimal string literal at or near \"X'1F\"", 8},
		{"SELECT \"\"", "42601", "zero-length delimited identifier at or near \"\"\"\"", 8},
		{"SELECT U&\"\"", "42601", "zero-length delimited identifier at or near \"U&\"\"\"",
			8},
	};

	expect_errors(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(errors, bad_numbers_and_parameters)
{
	static const error_case cases[] = {
		{"SELECT 1abc", "42601", "trailing junk after numeric literal at or near \"1abc\"",
			8},
		{"SELECT 1e", "42601", "trailing junk after numeric literal at or near \"1e\"", 8},
		{"SELECT 1.e", "42601", "trailing junk after numeric literal at or near \"1.e\"",
			8},
		{"SELECT .5e", "42601", "trailing junk after numeric literal at or near \".5e\"",
			8},
		{"SELECT 100_", "42601", "trailing junk after numeric literal at or near \"100_\"",
			8},
		{"SELECT 1e+", "42601", "trailing junk after numeric literal at or near \"1e+\"",
			8},
		{"SELECT 0x", "42601", "invalid hexadecimal integer at or near \"0x\"", 8},
		{"SELECT 0b_", "42601", "invalid binary integer at or near \"0b_\"", 8},
		{"SELECT 1..2", "42601", "syntax error at or near \"..\"", 9},
		{"SELECT $1abc", "42601", "trailing junk after parameter at or near \"$1abc\"", 8},
		{"SELECT $99999999999", "42601",
			"parameter number too large at or near \"$99999999999\"", 8},
	};

	expect_errors(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(errors, bad_escapes_and_bytes)
{
	static const error_case cases[] = {
		{"SELECT E'\\u12'", "22025", "invalid Unicode escape", 10},
		{"SELECT E'\\u0000'", "42601",
			"invalid Unicode escape value at or near \"\\u0000\"", 10},
		/* A high surrogate alone: the cursor is on what follows it. */
		{"SELECT E'\\uD800x'", "42601", "invalid Unicode surrogate pair at or near \"x\"",
			16},
		{"SELECT E'\\uD800", "42601", "invalid Unicode surrogate pair at end of input", 16},
		{"SELECT E'\\uD800\\u0041'", "42601",
			"invalid Unicode surrogate pair at or near \"\\u0041\"", 16},
		{"SELECT E'\\uDC00'", "42601",
			"invalid Unicode surrogate pair at or near \"\\uDC00\"", 10},
		{"SELECT E'\\uD800\\u12'", "22025", "invalid Unicode escape", 16},
		{"SELECT E'\\0'", "22021", "invalid byte sequence for encoding \"UTF8\": 0x00", 0},
		{"SELECT E'\\xff'", "22021", "invalid byte sequence for encoding \"UTF8\": 0xff",
			0},
		{"SELECT U&'d\\00zz'", "42601", "invalid Unicode escape", 12},
		{"SELECT U&'\\D800'", "42601", "invalid Unicode surrogate pair", 16},
		{"SELECT U&'\\D800\\0041'", "42601", "invalid Unicode surrogate pair", 16},
		{"SELECT U&'\\DC00'", "42601", "invalid Unicode surrogate pair", 11},
		{"SELECT U&'\\D800\\zz'", "42601", "invalid Unicode escape", 16},
		{"SELECT U&'\\D800\\+110000'", "42601", "invalid Unicode escape value", 16},
		/* PostgreSQL counts in the body with '' collapsed: one short after a doubled quote. */
		{"SELECT U&'a''b\\D800x'", "42601", "invalid Unicode surrogate pair", 19},
		{"SELECT U&'\\0000'", "42601", "invalid Unicode escape value", 11},
		{"SELECT U&'x' UESCAPE 'ab'", "42601",
			"invalid Unicode escape character at or near \"'ab'\"", 22},
		{"SELECT U&'x' UESCAPE 1", "42601",
			"UESCAPE must be followed by a simple string literal at or near \"1\"", 22},
		{"SELECT x'1G'", "22P02", "\"G\" is not a valid hexadecimal digit", 8},
		{"SELECT b'102'", "22P02", "\"2\" is not a valid binary digit", 8},
	};
	sql_arena *arena = sql_arena_new(0);
	sql_stmt_list *list;
	sql_error err;

	expect_errors(cases, sizeof(cases) / sizeof(cases[0]));

	/* The hint PostgreSQL gives for a short \u escape. */
	cr_assert_eq(sql_parse("SELECT E'\\u1'", 13, arena, &list, &err), -1);
	cr_expect_str_eq(err.hint, "Unicode escapes must be \\uXXXX or \\UXXXXXXXX.");
	sql_arena_free(arena);
}

Test(errors, input_that_is_not_utf8)
{
	static const struct {
		const char *sql;
		size_t len;
		const char *message;
	} cases[] = {
		{"SELECT 1\0", 9, "invalid byte sequence for encoding \"UTF8\": 0x00"},
		{"SELECT '\xff'", 10, "invalid byte sequence for encoding \"UTF8\": 0xff"},
		{"SELECT '\xc3'", 10, "invalid byte sequence for encoding \"UTF8\": 0xc3 0x27"},
		{"SELECT \xe2\x82", 9, "invalid byte sequence for encoding \"UTF8\": 0xe2 0x82"},
		{"SELECT '\xed\xa0\x80'", 12,
			"invalid byte sequence for encoding \"UTF8\": 0xed 0xa0 0x80"},
		{"SELECT '\xc0\x80'", 11, "invalid byte sequence for encoding \"UTF8\": 0xc0 0x80"},
	};
	sql_arena *arena = sql_arena_new(0);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sql_stmt_list *list;
		sql_error err;

		cr_assert_eq(sql_parse(cases[i].sql, cases[i].len, arena, &list, &err), -1,
			"case %zu", i);
		cr_expect_str_eq(err.sqlstate, "22021");
		cr_expect_str_eq(err.message, cases[i].message);
		cr_expect_eq(err.position, 0);
		cr_expect_eq(err.offset, -1);
	}
	sql_arena_free(arena);
}

Test(errors, grammar_checks_with_postgresql_messages)
{
	static const error_case cases[] = {
		{"SELECT 1 LIMIT 1,2", "42601", "LIMIT #,# syntax is not supported", 10},
		{"(SELECT 1 LIMIT 1) LIMIT 2", "42601", "multiple LIMIT clauses not allowed", 26},
		{"(SELECT 1 ORDER BY 1) ORDER BY 1", "42601",
			"multiple ORDER BY clauses not allowed", 32},
		{"(SELECT 1 OFFSET 1) OFFSET 2", "42601", "multiple OFFSET clauses not allowed",
			28},
		{"WITH a AS (SELECT 1) (WITH b AS (SELECT 2) SELECT 3)", "42601",
			"multiple WITH clauses not allowed", 1},
		{"SELECT 1 FETCH FIRST 1 ROWS WITH TIES", "42601",
			"WITH TIES cannot be specified without ORDER BY clause", 0},
		{"CREATE TABLE t (a int DEFERRABLE)", "42601", "misplaced DEFERRABLE clause", 23},
		{"CREATE TABLE t (a int NOT NULL INITIALLY DEFERRED)", "42601",
			"misplaced INITIALLY DEFERRED clause", 32},
		{"CREATE TABLE t (a int, CHECK (a > 0) DEFERRABLE)", "0A000",
			"CHECK constraints cannot be marked DEFERRABLE", 0},
		{"CREATE TABLE t (a int, UNIQUE (a) DEFERRABLE NOT DEFERRABLE)", "42601",
			"conflicting constraint properties", 46},
		{"CREATE TABLE t (a int GENERATED BY DEFAULT AS (1) STORED)", "42601",
			"for a generated column, GENERATED ALWAYS must be specified", 33},
		{"SELECT a.*.b FROM t", "42601", "improper use of \"*\" at or near \"FROM\"", 14},
		{"SELECT sum(a) OVER (ROWS UNBOUNDED FOLLOWING) FROM t", "42P20",
			"frame start cannot be UNBOUNDED FOLLOWING", 26},
		{"SELECT sum(a) OVER (ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM t", "42P20",
			"frame starting from current row cannot have preceding rows", 50},
		{"SELECT f(x ORDER BY y) WITHIN GROUP (ORDER BY z) FROM t", "42601",
			"cannot use multiple ORDER BY clauses with WITHIN GROUP", 24},
		{"COPY t TO STDOUT WHERE a > 1", "42601", "WHERE clause not allowed with COPY TO",
			18},
		{"SELECT 1::float(0)", "22023", "precision for type float must be at least 1 bit",
			17},
		{"SELECT 1::float(54)", "22023",
			"precision for type float must be less than 54 bits", 17},
		{"SELECT * FROM a.b.c.d", "42601",
			"improper qualified name (too many dotted names): a.b.c.d", 15},
		{"INSERT INTO t VALUES (1) ON CONFLICT DO UPDATE SET a = 1", "42601",
			"ON CONFLICT DO UPDATE requires inference specification or constraint name",
			26},
	};

	expect_errors(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(errors, chrondb_validation_mode)
{
	static const error_case cases[] = {
		{"CREATE VALIDATION SCHEMA FOR t AS '{}' MODE bogus", "22023",
			"invalid validation mode \"bogus\"", 45},
	};

	expect_errors(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(errors, long_tokens_are_cut_on_a_character_boundary)
{
	char sql[2000];
	sql_arena *arena = sql_arena_new(0);
	sql_stmt_list *list;
	sql_error err;
	size_t n = 0;

	/* SELECT 1 'ééé...' : the quoted token does not fit the message. */
	n += (size_t)snprintf(sql, sizeof(sql), "SELECT 1 '");
	for (int i = 0; i < 400; i++) {
		sql[n++] = '\xc3';
		sql[n++] = '\xa9';
	}
	sql[n++] = '\'';
	sql[n] = '\0';
	cr_assert_eq(sql_parse(sql, n, arena, &list, &err), -1);
	cr_expect(strncmp(err.message, "syntax error at or near \"'", 26) == 0, "%s", err.message);
	cr_expect_lt(strlen(err.message), sizeof(err.message));
	cr_expect_eq(err.position, 10);

	/* The message ends in a whole character and the closing quote. */
	{
		size_t len = strlen(err.message);

		cr_expect_eq(err.message[len - 1], '"');
		cr_expect_eq((unsigned char)err.message[len - 2], 0xa9);
	}
	sql_arena_free(arena);
}

Test(errors, error_struct_on_success_is_clear)
{
	sql_arena *arena = sql_arena_new(0);
	sql_stmt_list *list;
	sql_error err;

	memset(&err, 'x', sizeof(err));
	cr_assert_eq(sql_parse("SELECT 1", 8, arena, &list, &err), 0);
	cr_expect_str_eq(err.sqlstate, "");
	cr_expect_eq(err.offset, -1);
	sql_arena_free(arena);
}
