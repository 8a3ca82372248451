/*
 * scan.c - tests for the scanner (parser/scan.l) and the token filter:
 * identifiers (folding, quoting, truncation), string literals and their
 * escapes, numbers, operators, comments and parameters, seen through the
 * constants and names they become.
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include <criterion/criterion.h>

#include "sql.h"

static sql_arena *arena;

static void setup(void)
{
	arena = sql_arena_new(0);
}

static void teardown(void)
{
	sql_arena_free(arena);
}

TestSuite(scan, .init = setup, .fini = teardown);

/* The expression of the first output column of "SELECT <expr>". */
static sql_node *select_expr(const char *expr)
{
	char sql[4096];
	sql_stmt_list *list;
	sql_error err;
	sql_select *sel;

	snprintf(sql, sizeof(sql), "SELECT %s", expr);
	cr_assert_eq(
		sql_parse(sql, strlen(sql), arena, &list, &err), 0, "%s: %s", sql, err.message);
	sel = sql_as_select(sql_list_nth(list->stmts, 0));
	return sql_as_target(sql_list_nth(sel->targets, 0))->expr;
}

static sql_const *select_const(const char *expr)
{
	sql_node *n = select_expr(expr);

	cr_assert_eq(n->kind, SQL_CONST, "%s is a %s", expr, sql_node_kind_name(n->kind));
	return sql_as_const(n);
}

static void expect_string(const char *literal, const char *value)
{
	sql_const *c = select_const(literal);

	cr_assert_eq(c->ckind, SQL_CONST_STRING, "%s", literal);
	cr_expect_str_eq(c->text, value, "%s", literal);
}

/* The name a column reference "SELECT <ref>" resolves to, first part. */
static const char *colref_name(const char *ref)
{
	sql_node *n = select_expr(ref);

	cr_assert_eq(n->kind, SQL_COLREF, "%s", ref);
	return sql_list_str(sql_as_colref(n)->fields, 0);
}

Test(scan, identifiers_fold_unless_quoted)
{
	cr_expect_str_eq(colref_name("Abc"), "abc");
	cr_expect_str_eq(colref_name("\"Abc\""), "Abc");
	cr_expect_str_eq(colref_name("\"a\"\"b\""), "a\"b");
	cr_expect_str_eq(colref_name("_x$1"), "_x$1");

	/* Only ASCII folds, as PostgreSQL does in a UTF-8 database. */
	cr_expect_str_eq(colref_name("ÉtÉ"), "ÉtÉ");
	cr_expect_str_eq(colref_name("Ab\xc3\x89"), "ab\xc3\x89");
}

Test(scan, identifiers_truncate_to_63_bytes)
{
	char longname[200], quoted[210];
	const char *got;

	memset(longname, 'A', 100);
	longname[100] = '\0';
	got = colref_name(longname);
	cr_expect_eq(strlen(got), 63);
	cr_expect_eq(got[0], 'a');

	/* Truncation never splits a UTF-8 character: 62 bytes and a 2-byte é. */
	memset(longname, 'b', 62);
	strcpy(longname + 62, "\xc3\xa9tail");
	snprintf(quoted, sizeof(quoted), "\"%s\"", longname);
	got = colref_name(quoted);
	cr_expect_eq(strlen(got), 62);
}

/* Each truncation raises PostgreSQL's NOTICE, quoting the folded name, even before an error. */
Test(scan, truncated_identifiers_raise_notices)
{
	char sql[512], want[512], name[80];
	sql_stmt_list *list;
	sql_notice *nt;
	sql_error err;

	memset(name, 'X', 70);
	name[70] = '\0';
	snprintf(sql, sizeof(sql), "SELECT 1 AS %s, \"%s\"; SELECT U&\"%s\", short", name, name,
		name);
	cr_assert_eq(
		sql_parse_notices(sql, strlen(sql), arena, &list, &nt, &err), 0, "%s", err.message);

	memset(name, 'x', 70);
	snprintf(
		want, sizeof(want), "identifier \"%s\" will be truncated to \"%.63s\"", name, name);
	cr_assert_not_null(nt);
	cr_expect_str_eq(nt->sqlstate, "42622");
	cr_expect_str_eq(nt->message, want);
	memset(name, 'X', 70);
	snprintf(
		want, sizeof(want), "identifier \"%s\" will be truncated to \"%.63s\"", name, name);
	cr_assert_not_null(nt->next);
	cr_expect_str_eq(nt->next->message, want);
	cr_assert_not_null(nt->next->next);
	cr_expect_str_eq(nt->next->next->message, want);
	cr_expect_null(nt->next->next->next);

	/* A 2-byte character across byte 63 is cut whole, and the notice says so. */
	memset(name, 'b', 62);
	strcpy(name + 62, "\xc3\xa9");
	snprintf(sql, sizeof(sql), "SELECT %s FORM t", name);
	cr_assert_eq(sql_parse_notices(sql, strlen(sql), arena, &list, &nt, &err), -1);
	cr_expect_str_eq(err.message, "syntax error at or near \"t\"");
	snprintf(
		want, sizeof(want), "identifier \"%s\" will be truncated to \"%.62s\"", name, name);
	cr_assert_not_null(nt);
	cr_expect_str_eq(nt->message, want);

	/* 63 bytes exactly: no notice. */
	name[63] = '\0';
	memset(name, 'c', 63);
	snprintf(sql, sizeof(sql), "SELECT %s", name);
	cr_assert_eq(sql_parse_notices(sql, strlen(sql), arena, &list, &nt, &err), 0);
	cr_expect_null(nt);
}

Test(scan, keywords_as_names_where_postgresql_allows)
{
	sql_stmt_list *list;
	sql_error err;
	const char *sql =
		"SELECT name, key, value, text, data, comment, position, year, type FROM t";
	sql_select *sel;

	cr_assert_eq(sql_parse(sql, strlen(sql), arena, &list, &err), 0, "%s", err.message);
	sel = sql_as_select(sql_list_nth(list->stmts, 0));
	cr_assert_eq(sql_list_len(sel->targets), 9);
	cr_expect_str_eq(
		sql_list_str(sql_as_colref(sql_as_target(sel->targets->items[6])->expr)->fields, 0),
		"position");

	/* Upper-case keywords used as names are folded like identifiers. */
	cr_expect_str_eq(colref_name("VALUE"), "value");
}

Test(scan, standard_strings_and_continuation)
{
	expect_string("'it''s'", "it's");
	expect_string("'back\\slash'", "back\\slash");
	expect_string("''", "");
	expect_string("'a'\n'b'", "ab");
	expect_string("'a' -- note\n  'b'", "ab");
	expect_string("'multi\nline'", "multi\nline");
	expect_string("'é'", "é");
}

Test(scan, extended_strings_resolve_escapes)
{
	expect_string("E'a\\nb\\tc\\\\'", "a\nb\tc\\");
	expect_string("E'\\x41\\101\\'q'", "AA'q");
	expect_string("e'\\b\\f\\r\\v\\z'", "\b\f\r\vz");
	expect_string("E'\\u00e9\\U0001F600'", "é\xf0\x9f\x98\x80");
	expect_string("E'\\uD83D\\uDE00'", "\xf0\x9f\x98\x80");
	expect_string("E'\\xc3\\xa9'", "é");
}

Test(scan, dollar_quoted_strings)
{
	expect_string("$$a'b$$", "a'b");
	expect_string("$tag$x $$ y$tag$", "x $$ y");
	expect_string("$a$1$b$2$a$", "1$b$2");
	expect_string("$$$$", "");
}

Test(scan, unicode_strings_and_identifiers)
{
	expect_string("U&'d\\0061t\\+000061'", "data");
	expect_string("U&'d!0061t' UESCAPE '!'", "dat");
	expect_string("U&'\\D83D\\DE00'", "\xf0\x9f\x98\x80");
	expect_string("U&'\\D83D\\+00DE00'", "\xf0\x9f\x98\x80");
	expect_string("u&'a\\\\b'", "a\\b");
	cr_expect_str_eq(colref_name("U&\"d\\0061t\""), "dat");
}

Test(scan, bit_strings_and_national_strings)
{
	sql_const *c = select_const("B'1010'");
	sql_node *n;

	cr_expect_eq(c->ckind, SQL_CONST_BITSTRING);
	cr_expect_str_eq(c->text, "b1010");
	c = select_const("x'1F'");
	cr_expect_str_eq(c->text, "x1F");

	/* N'...' is a bpchar literal. */
	n = select_expr("N'abc'");
	cr_assert_eq(n->kind, SQL_CAST);
	cr_expect_str_eq(sql_list_str(sql_as_cast(n)->type->names, 1), "bpchar");
	cr_expect_null(sql_as_cast(n)->type->typmods);
}

Test(scan, integers_are_typed_by_size)
{
	sql_const *c = select_const("2147483647");

	cr_expect_eq(c->ckind, SQL_CONST_INTEGER);
	cr_expect(c->fits_int4);
	cr_expect_eq(c->ival, 2147483647);

	c = select_const("2147483648");
	cr_expect_eq(c->ckind, SQL_CONST_INTEGER);
	cr_expect_not(c->fits_int4);

	c = select_const("9223372036854775807");
	cr_expect_eq(c->ival, INT64_MAX);
	c = select_const("9223372036854775808");
	cr_expect_eq(c->ckind, SQL_CONST_NUMERIC);
	cr_expect_str_eq(c->text, "9223372036854775808");

	/* A minus sign folds into the constant, as PostgreSQL's grammar does. */
	c = select_const("-2147483648");
	cr_expect(c->fits_int4);
	cr_expect_eq(c->ival, INT32_MIN);
	c = select_const("-9223372036854775808");
	cr_expect_eq(c->ckind, SQL_CONST_INTEGER);
	cr_expect_eq(c->ival, INT64_MIN);
	c = select_const("- - 7");
	cr_expect_eq(c->ival, 7);
	cr_expect_str_eq(c->text, "7");
}

Test(scan, numerics_keep_their_text)
{
	cr_expect_str_eq(select_const("1.50")->text, "1.50");
	cr_expect_str_eq(select_const(".5")->text, ".5");
	cr_expect_str_eq(select_const("1.")->text, "1.");
	cr_expect_str_eq(select_const("1e10")->text, "1e10");
	cr_expect_str_eq(select_const("1.5E-3")->text, "1.5E-3");
	cr_expect_str_eq(select_const("-1.5")->text, "-1.5");
	cr_expect_eq(select_const("1.5")->ckind, SQL_CONST_NUMERIC);
}

Test(scan, postgresql16_integer_forms)
{
	cr_expect_eq(select_const("1_000_000")->ival, 1000000);
	cr_expect_eq(select_const("0x1F")->ival, 31);
	cr_expect_eq(select_const("0o17")->ival, 15);
	cr_expect_eq(select_const("0b101")->ival, 5);
	cr_expect_str_eq(select_const("1_000.5")->text, "1000.5");

	/* Past int8, a hex literal is converted to its exact decimal text. */
	cr_expect_str_eq(select_const("0xFFFFFFFFFFFFFFFFFF")->text, "4722366482869645213695");
	cr_expect_eq(select_const("0x7FFFFFFFFFFFFFFF")->ival, INT64_MAX);
}

Test(scan, parameters)
{
	sql_node *n = select_expr("$12");

	cr_assert_eq(n->kind, SQL_PARAM);
	cr_expect_eq(sql_as_param(n)->number, 12);
}

/* The operator of "SELECT a <op> b", and its right operand's kind. */
static const char *binary_op(const char *expr)
{
	sql_node *n = select_expr(expr);

	cr_assert_eq(n->kind, SQL_OP, "%s is a %s", expr, sql_node_kind_name(n->kind));
	cr_assert_not_null(sql_as_op(n)->left, "%s", expr);
	return sql_as_op(n)->name;
}

Test(scan, multi_character_operators)
{
	static const char *const ops[] = {"->", "->>", "#>", "#>>", "@>", "<@", "?", "?|", "?&",
		"||", "~~", "~~*", "!~~", "!~~*", "~", "~*", "!~", "!~*", "@@", "#-",
		"<=", ">=", "<>", "&&", "<->", "@?"};

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		char expr[64];

		snprintf(expr, sizeof(expr), "a %s b", ops[i]);
		cr_expect_str_eq(binary_op(expr), ops[i], "%s", expr);
	}

	/* != is <>, as in PostgreSQL. */
	cr_expect_str_eq(binary_op("a != b"), "<>");
}

Test(scan, operators_split_as_postgresql_does)
{
	sql_node *n;

	/* A trailing - or + is a prefix operator unless the operator has ~!@#%^&|`? */
	n = select_expr("1 *-2");
	cr_expect_str_eq(sql_as_op(n)->name, "*");
	cr_expect_eq(sql_as_op(n)->right->kind, SQL_CONST);
	cr_expect_str_eq(binary_op("a @- b"), "@-");

	/* A comment start ends an operator. */
	cr_expect_str_eq(binary_op("a +/* c */ b"), "+");
	cr_expect_str_eq(binary_op("a *-- c\n b"), "*");
}

Test(scan, comments_nest_and_vanish)
{
	cr_expect_eq(select_const("/* a /* b */ c */ 1")->ival, 1);
	cr_expect_eq(select_const("1 -- trailing")->ival, 1);
	cr_expect_eq(select_const("/**/2/***/")->ival, 2);
}

Test(scan, typecast_and_dot_tokens)
{
	sql_node *n = select_expr("a::int");

	cr_assert_eq(n->kind, SQL_CAST);
	cr_expect_eq(sql_as_cast(n)->syntax, SQL_CAST_OP);
	cr_expect_eq(sql_as_cast(n)->op_loc, 8);

	n = select_expr("s.t.c");
	cr_expect_eq(sql_list_len(sql_as_colref(n)->fields), 3);
}
