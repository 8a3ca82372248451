/*
 * keywords.c - tests for the keyword table (parser/keywords.c) and its
 * agreement with the grammar: each keyword's category must be where the
 * grammar lets the word serve as a name.  A keyword added to the table
 * but not to gram.y's lists (or listed under the wrong category) fails
 * here, by parsing it in the places each category allows.
 */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "keywords.h"
#include "sql.h"

Test(keywords, table_is_sorted_lower_case_and_found)
{
	for (size_t i = 0; i < sql_keyword_count; i++) {
		const char *w = sql_keywords[i].name;

		if (i > 0)
			cr_expect_lt(strcmp(sql_keywords[i - 1].name, w), 0, "%s out of order", w);
		for (const char *p = w; *p; p++)
			cr_expect(*p == '_' || (*p >= 'a' && *p <= 'z'), "%s", w);
		cr_expect_eq(sql_keyword_lookup(w, strlen(w)), &sql_keywords[i], "%s", w);
	}
	cr_expect_null(sql_keyword_lookup("selectx", 7));
	cr_expect_null(sql_keyword_lookup("sel", 3));
	cr_expect_null(sql_keyword_lookup("", 0));
	cr_expect_null(sql_keyword_lookup("a_very_long_word_that_is_no_keyword", 35));
	cr_expect_not_null(sql_keyword_lookup("select", 6));
}

Test(keywords, postgresql_categories_of_common_words)
{
	static const struct {
		const char *word;
		sql_kw_category cat;
	} words[] = {
		{"name", SQL_KW_UNRESERVED},
		{"key", SQL_KW_UNRESERVED},
		{"value", SQL_KW_UNRESERVED},
		{"text", SQL_KW_UNRESERVED},
		{"data", SQL_KW_UNRESERVED},
		{"comment", SQL_KW_UNRESERVED},
		{"year", SQL_KW_UNRESERVED},
		{"system_time", SQL_KW_UNRESERVED},
		{"position", SQL_KW_COL_NAME},
		{"values", SQL_KW_COL_NAME},
		{"left", SQL_KW_TYPE_FUNC_NAME},
		{"verbose", SQL_KW_TYPE_FUNC_NAME},
		{"select", SQL_KW_RESERVED},
		{"analyze", SQL_KW_RESERVED},
		{"user", SQL_KW_RESERVED},
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		const sql_keyword *kw = sql_keyword_lookup(words[i].word, strlen(words[i].word));

		cr_assert_not_null(kw, "%s", words[i].word);
		cr_expect_eq(kw->category, words[i].cat, "%s", words[i].word);
	}
}

static int parses(sql_arena *arena, const char *fmt, const char *word)
{
	char sql[256];
	sql_stmt_list *list;
	sql_error err;
	int ok;

	snprintf(sql, sizeof(sql), fmt, word);
	ok = sql_parse(sql, strlen(sql), arena, &list, &err) == 0;
	sql_arena_reset(arena);
	return ok;
}

/* The alias of "SELECT 1 <word>", or NULL when the word was not taken as one. */
static int is_bare_alias(sql_arena *arena, const char *word)
{
	char sql[256];
	sql_stmt_list *list;
	sql_error err;
	int ok = 0;

	snprintf(sql, sizeof(sql), "SELECT 1 %s", word);
	if (sql_parse(sql, strlen(sql), arena, &list, &err) == 0) {
		sql_select *s = sql_as_select(sql_list_nth(list->stmts, 0));
		sql_target *t = sql_as_target(sql_list_nth(s->targets, 0));

		ok = t->name != NULL && strcmp(t->name, word) == 0;
	}
	sql_arena_reset(arena);
	return ok;
}

Test(keywords, categories_agree_with_the_grammar)
{
	sql_arena *arena = sql_arena_new(0);

	for (size_t i = 0; i < sql_keyword_count; i++) {
		const sql_keyword *kw = &sql_keywords[i];
		int colid = kw->category == SQL_KW_UNRESERVED || kw->category == SQL_KW_COL_NAME;
		int funcname =
			kw->category == SQL_KW_UNRESERVED || kw->category == SQL_KW_TYPE_FUNC_NAME;

		/* Every keyword is a label after AS. */
		cr_expect(parses(arena, "SELECT 1 AS %s", kw->name), "AS %s", kw->name);

		/* Column names: unreserved and col_name keywords only. */
		cr_expect_eq(parses(arena, "CREATE TABLE t (%s int)", kw->name), colid,
			"%s as a column name", kw->name);
		cr_expect_eq(parses(arena, "CREATE TABLE %s (a int)", kw->name), colid,
			"%s as a table name", kw->name);
		if (colid)
			cr_expect(parses(arena, "SELECT x FROM %s", kw->name), "%s in FROM",
				kw->name);

		/*
		 * Function names: unreserved and type_func_name keywords, but for
		 * operator: "operator(" starts OPERATOR(schema.op) in PostgreSQL too.
		 */
		if (funcname && strcmp(kw->name, "operator") != 0)
			cr_expect(parses(arena, "SELECT %s(1)", kw->name), "%s as a function",
				kw->name);

		/* Bare aliases: exactly the words marked so. */
		if (kw->bare_label)
			cr_expect(is_bare_alias(arena, kw->name), "%s as a bare alias", kw->name);
		else
			cr_expect_not(
				is_bare_alias(arena, kw->name), "%s is no bare alias", kw->name);
	}
	sql_arena_free(arena);
}

/*
 * Keywords that are functions without parentheses (current_date, user,
 * ...) are no table names (reserved, current_schema type_func_name), but
 * PostgreSQL takes them in FROM, as functions returning one row.
 */
Test(keywords, sql_value_functions_in_from)
{
	static const char *const words[] = {"current_catalog", "current_date", "current_role",
		"current_schema", "current_time", "current_timestamp", "current_user", "localtime",
		"localtimestamp", "session_user", "user"};
	sql_arena *arena = sql_arena_new(0);

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		const sql_keyword *kw = sql_keyword_lookup(words[i], strlen(words[i]));

		cr_assert_not_null(kw, "%s", words[i]);
		cr_expect(kw->category == SQL_KW_RESERVED || kw->category == SQL_KW_TYPE_FUNC_NAME,
			"%s", words[i]);
		cr_expect(parses(arena, "SELECT x FROM %s", words[i]), "%s in FROM", words[i]);
		cr_expect_not(parses(arena, "CREATE TABLE %s (a int)", words[i]), "%s as a table",
			words[i]);
	}
	sql_arena_free(arena);
}
