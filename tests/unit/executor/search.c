/*
 * search.c - tests for search queries (executor/search.h): every form
 * of Lucene's classic syntax, precedence, escapes, each error with its
 * byte position, the JSON form, and round trips.
 *
 * A parse is checked through its canonical print, which spells the
 * whole tree out (every bool in parentheses, its clauses' occurs as
 * operators), or as "ERROR <sqlstate> <message> @<position>".  Every
 * tree that parses is also printed and parsed again, with both default
 * operators, and must come back equal and print the same.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"

/* Parse the printed form of n again under op; it must give n back. */
static void check_round_trip(const exec_search_node *n, const char *printed, exec_search_op op)
{
	sql_arena *a = sql_arena_new(0);
	exec_search_opts o;
	exec_search_node *again;
	store_buf out = STORE_BUF_INIT;
	store_err err;

	exec_search_opts_init(&o);
	o.default_op = op;
	store_err_clear(&err);
	cr_assert_eq(exec_search_parse(a, printed, strlen(printed), &o, &again, &err), EXEC_OK,
		"reparse of %s: %s", printed, err.message);
	cr_assert(exec_search_equal(n, again), "reparse of %s differs", printed);
	exec_search_print(again, &out);
	cr_assert_str_eq((char *)out.data, printed);
	store_buf_free(&out);
	sql_arena_free(a);
}

/* The outcome of a parse as one string (caller frees), round trips checked. */
static char *outcome(int rc, const exec_search_node *n, const store_err *err)
{
	store_buf out = STORE_BUF_INIT;

	if (rc != EXEC_OK) {
		cr_assert_null(n);
		store_buf_printf(
			&out, "ERROR %s %s @%d", err->sqlstate, err->message, err->position);
		return (char *)store_buf_detach(&out);
	}
	exec_search_print(n, &out);
	check_round_trip(n, (char *)out.data, EXEC_SEARCH_OP_OR);
	check_round_trip(n, (char *)out.data, EXEC_SEARCH_OP_AND);
	return (char *)store_buf_detach(&out);
}

static char *parse_with(const char *q, size_t len, exec_search_op op, const char *field)
{
	sql_arena *a = sql_arena_new(0);
	exec_search_opts o;
	exec_search_node *n;
	store_err err;
	char *s;
	int rc;

	exec_search_opts_init(&o);
	o.default_op = op;
	o.default_field = field;
	store_err_clear(&err);
	rc = exec_search_parse(a, q, len, &o, &n, &err);
	s = outcome(rc, n, &err);
	sql_arena_free(a);
	return s;
}

#define expect_with(q, op, field, want)                                                            \
	do {                                                                                       \
		char *got_ = parse_with(q, strlen(q), op, field);                                  \
		cr_expect_str_eq(got_, want, "query: %s\n got: %s", q, got_);                      \
		free(got_);                                                                        \
	} while (0)

/* Parse q with Lucene's defaults (OR, no default field). */
#define expect(q, want) expect_with(q, EXEC_SEARCH_OP_OR, NULL, want)
/* The same with AND as the default operator. */
#define expect_and(q, want) expect_with(q, EXEC_SEARCH_OP_AND, NULL, want)

static char *parse_json(const char *j, store_err *err)
{
	sql_arena *a = sql_arena_new(0);
	exec_search_node *n;
	char *s;
	int rc;

	store_err_clear(err);
	rc = exec_search_parse_json(a, j, strlen(j), &n, err);
	s = outcome(rc, n, err);
	sql_arena_free(a);
	return s;
}

#define expect_json(j, want)                                                                       \
	do {                                                                                       \
		store_err err_;                                                                    \
		char *got_ = parse_json(j, &err_);                                                 \
		cr_expect_str_eq(got_, want, "json: %s\n got: %s", j, got_);                       \
		free(got_);                                                                        \
	} while (0)

/* The kind of the tree q parses to (which must parse). */
static exec_search_kind kind_of(const char *q)
{
	sql_arena *a = sql_arena_new(0);
	exec_search_node *n;
	store_err err;
	exec_search_kind k;

	store_err_clear(&err);
	cr_assert_eq(
		exec_search_parse(a, q, strlen(q), NULL, &n, &err), EXEC_OK, "%s", err.message);
	k = n->kind;
	sql_arena_free(a);
	return k;
}

Test(search, terms_and_fields)
{
	expect("ann", "ann");
	expect("name:ann", "name:ann");
	expect("name : ann", "name:ann");
	expect("ann-lee", "ann\\-lee");
	expect("a+b", "a\\+b");
	expect("ANDROID", "ANDROID");
	expect("café", "café");
	expect("age:30", "age:30");
	cr_expect_eq(kind_of("ann"), EXEC_SEARCH_TERM);
}

Test(search, phrases)
{
	expect("\"ann lee\"", "\"ann lee\"");
	expect("name:\"ann lee\"", "name:\"ann lee\"");
	expect("\"say \\\"hi\\\" \\\\ now\"", "\"say \\\"hi\\\" \\\\ now\"");
	expect("\"a:b (c) *\"", "\"a:b (c) *\"");
	expect("\"\"", "\"\"");
	cr_expect_eq(kind_of("\"ann\""), EXEC_SEARCH_PHRASE);
}

Test(search, wildcards)
{
	expect("na*", "na*");
	expect("a?n", "a?n");
	expect("*", "*");
	expect("name:*", "name:*");
	expect("*nn", "*nn");
	expect("name:a*b?c", "name:a*b?c");
	cr_expect_eq(kind_of("na*"), EXEC_SEARCH_WILDCARD);

	/* An escaped wildcard is a literal character: a term, or a literal inside a pattern. */
	expect("a\\*b", "a\\*b");
	cr_expect_eq(kind_of("a\\*b"), EXEC_SEARCH_TERM);
	expect("a\\*b*", "a\\*b*");
	expect("a\\\\b*", "a\\\\b*");
	cr_expect_eq(kind_of("a\\*b*"), EXEC_SEARCH_WILDCARD);
}

Test(search, match_all)
{
	expect("*:*", "*:*");
	expect("*:* -deleted:true", "(*:* OR NOT deleted:true)");
	cr_expect_eq(kind_of("*:*"), EXEC_SEARCH_MATCH_ALL);
	/* A field named * is written escaped. */
	expect("\\*:x", "\\*:x");
	expect("\\*:*", "\\*:*");
	cr_expect_eq(kind_of("\\*:*"), EXEC_SEARCH_WILDCARD);
}

Test(search, ranges)
{
	expect("age:[1 TO 5]", "age:[1 TO 5]");
	expect("age:{1 TO 5}", "age:{1 TO 5}");
	expect("age:[1 TO 5}", "age:[1 TO 5}");
	expect("age:{1 TO 5]", "age:{1 TO 5]");
	expect("age:[* TO 5]", "age:[* TO 5]");
	expect("age:[1 TO *}", "age:[1 TO *}");
	expect("age:[* TO *]", "age:[* TO *]");
	expect("[a TO b]", "[a TO b]");
	expect("age:[  1   TO\t5  ]", "age:[1 TO 5]");
	expect("name:[\"ann lee\" TO \"*\"]", "name:[\"ann lee\" TO \"*\"]");
	expect("name:[\"TO\" TO TO]", "name:[\"TO\" TO \"TO\"]");
	expect("d:[2024-01-01T00:00:00 TO 2024-12-31]", "d:[2024-01-01T00:00:00 TO 2024-12-31]");
	expect("n:[-5 TO a\\ b]", "n:[-5 TO \"a b\"]");
	expect("n:[\\* TO 1]", "n:[\"*\" TO 1]");
	cr_expect_eq(kind_of("age:[1 TO 5]"), EXEC_SEARCH_RANGE);
}

Test(search, boolean_operators)
{
	expect("a AND b", "(a AND b)");
	expect("a && b", "(a AND b)");
	expect("a OR b", "(a OR b)");
	expect("a || b", "(a OR b)");
	expect("a b", "(a OR b)");
	expect("a b c", "(a OR b OR c)");
	expect("NOT a", "(NOT a)");
	expect("!a", "(NOT a)");
	expect("-a", "(NOT a)");
	expect("+a", "a");
	expect("a -b", "(a OR NOT b)");
	expect("+a b", "(+a OR b)");
	expect("+a -b", "(a AND NOT b)");
	expect("a AND NOT b", "(a AND NOT b)");
	expect("a AND !b", "(a AND NOT b)");
	expect("a AND -b", "(a AND NOT b)");
	expect("a && +b", "(a AND b)");
	expect("a OR NOT b", "(a OR NOT b)");
	expect("+name:ann -name:lee age:[1 TO 5]", "(+name:ann OR NOT name:lee OR age:[1 TO 5])");

	/* Operators are upper case; the lower-case words are terms. */
	expect("a and b", "(a OR and OR b)");
	expect("a or not b", "(a OR or OR not OR b)");
}

Test(search, precedence)
{
	/* AND binds tighter than OR, either way round. */
	expect("a OR b AND c", "(a OR (b AND c))");
	expect("a AND b OR c", "((a AND b) OR c)");
	expect("a AND b OR c AND d", "((a AND b) OR (c AND d))");
	expect("a b AND c", "(a OR (b AND c))");
	expect("NOT a AND b", "(NOT a AND b)");
	expect("a OR NOT b AND c", "(a OR (NOT b AND c))");
	expect("a AND b AND c OR d", "((a AND b AND c) OR d)");

	/* Parentheses win, and keep their structure. */
	expect("(a OR b) AND c", "((a OR b) AND c)");
	expect("a AND (b OR c)", "(a AND (b OR c))");
	expect("(a OR b) OR c", "((a OR b) OR c)");
	expect("-(a b)", "(NOT (a OR b))");
	expect("+(a b) c", "(+(a OR b) OR c)");

	/* A group of one clause is that clause. */
	expect("(a)", "a");
	expect("((a))", "a");
	expect("(+a)", "a");
	expect("(-a)", "(NOT a)");
	expect("-(-a)", "(NOT (NOT a))");
}

Test(search, default_operator_and)
{
	expect_and("a b", "(a AND b)");
	expect_and("a -b", "(a AND NOT b)");
	expect_and("a b OR c", "((a AND b) OR c)");
	expect_and("a OR b c", "(a OR (b AND c))");
	expect_and("a AND b", "(a AND b)");
	expect_and("a", "a");
	expect_and("name:(a b)", "(name:a AND name:b)");
}

Test(search, field_groups)
{
	expect("name:(ann OR lee)", "(name:ann OR name:lee)");
	expect("name:(ann lee)", "(name:ann OR name:lee)");
	expect("name:(+ann -lee)", "(name:ann AND NOT name:lee)");
	expect("name:(ann other:x)", "(name:ann OR other:x)");
	expect("name:(a (b AND \"c d\"))", "(name:a OR (name:b AND name:\"c d\"))");
	expect("name:(a*) age:([1 TO 2])", "(name:a* OR age:[1 TO 2])");
	expect("name:(*:*)", "*:*");
}

Test(search, default_field)
{
	expect_with("ann name:x", EXEC_SEARCH_OP_OR, "content", "(content:ann OR name:x)");
	expect_with("\"a b\" [1 TO 2] c*", EXEC_SEARCH_OP_OR, "content",
		"(content:\"a b\" OR content:[1 TO 2] OR content:c*)");
	expect_with("name:(a b)", EXEC_SEARCH_OP_OR, "content", "(name:a OR name:b)");
}

Test(search, escapes)
{
	expect("\\(1\\+1\\)\\:2", "\\(1\\+1\\)\\:2");
	expect("first\\ name:ann", "first\\ name:ann");
	expect("\\AND", "\\AND");
	expect("a AND \\OR", "(a AND \\OR)");
	expect("\\NOT:x", "\\NOT:x");
	expect("a\\\\b", "a\\\\b");
	expect("\\-a", "\\-a");
	expect("\\a\\b", "ab");
	expect("a\\&&b", "a\\&\\&b");
	expect("a\\^2 b\\~ c\\/d", "(a\\^2 OR b\\~ OR c\\/d)");
	expect("\\!x \\[y\\] \\{z\\}", "(\\!x OR \\[y\\] OR \\{z\\})");
}

/* Ten and nine é, for messages that cut long tokens. */
#define E9  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
#define E10 E9 "\xc3\xa9"

Test(search, errors)
{
	expect("", "ERROR 42601 empty search query @1");
	expect("   ", "ERROR 42601 empty search query @1");

	/* Parentheses and quotes. */
	expect("(a", "ERROR 42601 unbalanced parenthesis @1");
	expect("((a)", "ERROR 42601 unbalanced parenthesis @1");
	expect("a)", "ERROR 42601 unbalanced parenthesis @2");
	expect("(a))", "ERROR 42601 unbalanced parenthesis @4");
	expect("a AND (b OR c", "ERROR 42601 unbalanced parenthesis @7");
	expect("()", "ERROR 42601 empty parentheses @1");
	expect("\"ann", "ERROR 42601 unterminated quoted phrase @1");
	expect("name:\"ann lee", "ERROR 42601 unterminated quoted phrase @6");
	expect("\"ann\\\"", "ERROR 42601 unterminated quoted phrase @1");

	/* Ranges. */
	expect("age:[1 5]", "ERROR 42601 range without TO @8");
	expect("age:[1]", "ERROR 42601 range without TO @7");
	expect("age:[1 to 5]", "ERROR 42601 range without TO @8");
	expect("age:[1 TO 5", "ERROR 42601 unterminated range @5");
	expect("age:[1 TO", "ERROR 42601 unterminated range @5");
	expect("age:[1 TO ]", "ERROR 42601 range has no upper bound @11");
	expect("age:[TO 5]", "ERROR 42601 range has no lower bound @6");
	expect("age:[]", "ERROR 42601 range has no lower bound @6");
	expect("age:[1 TO 5 6]", "ERROR 42601 syntax error in range at or near \"6\" @13");
	expect("age:[\"1 TO 5]", "ERROR 42601 unterminated quoted range bound @6");

	/* Dangling operators. */
	expect("a AND", "ERROR 42601 operator \"AND\" has no right operand @3");
	expect("a &&", "ERROR 42601 operator \"&&\" has no right operand @3");
	expect("a OR", "ERROR 42601 operator \"OR\" has no right operand @3");
	expect("a ||  ", "ERROR 42601 operator \"||\" has no right operand @3");
	expect("a AND OR b", "ERROR 42601 operator \"AND\" has no right operand @3");
	expect("(a AND) b", "ERROR 42601 operator \"AND\" has no right operand @4");
	expect("AND a", "ERROR 42601 operator \"AND\" has no left operand @1");
	expect("OR", "ERROR 42601 operator \"OR\" has no left operand @1");
	expect("NOT", "ERROR 42601 operator \"NOT\" has no operand @1");
	expect("a -", "ERROR 42601 operator \"-\" has no operand @3");
	expect("a + OR b", "ERROR 42601 operator \"+\" has no operand @3");
	expect("!", "ERROR 42601 operator \"!\" has no operand @1");
	expect("NOT -a", "ERROR 42601 syntax error at or near \"-\" @5");

	/* Fields. */
	expect("name:", "ERROR 42601 field \"name\" has no value @1");
	expect("a name: AND b", "ERROR 42601 field \"name\" has no value @3");
	expect("(name:)", "ERROR 42601 field \"name\" has no value @2");
	expect(":a", "ERROR 42601 syntax error at or near \":\" @1");
	expect("a:b:c", "ERROR 42601 syntax error at or near \":\" @4");
	expect("*:a", "ERROR 42601 invalid field name \"*\" @1");
	expect("na*:x", "ERROR 42601 invalid field name \"na*\" @1");

	/* Escapes and what Lucene has and we do not. */
	expect("a\\", "ERROR 42601 escape character at end of search query @2");
	expect("a^2", "ERROR 42601 syntax error at or near \"^\" @2");
	expect("ann~", "ERROR 42601 syntax error at or near \"~\" @4");
	expect("\"a b\"~2", "ERROR 42601 syntax error at or near \"~\" @6");
	expect("/a.*/", "ERROR 42601 syntax error at or near \"/\" @1");
	expect("a]", "ERROR 42601 syntax error at or near \"]\" @2");

	/* Messages quote whole UTF-8 characters only, and at most 40 bytes of a token. */
	expect("age:[1 TO 5 \xff\xc3\xa9]",
		"ERROR 42601 syntax error in range at or near \"?\xc3\xa9\" @13");
	expect("OR" E10 E10 ":", "ERROR 42601 field \"OR" E10 E9 "\" has no value @1");
}

Test(search, error_hints)
{
	sql_arena *a = sql_arena_new(0);
	exec_search_node *n;
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(exec_search_parse(a, "a^2", 3, NULL, &n, &err), EXEC_ERROR);
	cr_expect(strstr(err.hint, "\\^") != NULL, "%s", err.hint);
	store_err_clear(&err);
	cr_assert_eq(exec_search_parse(a, "*:a", 3, NULL, &n, &err), EXEC_ERROR);
	cr_expect(strstr(err.hint, "*:*") != NULL, "%s", err.hint);
	sql_arena_free(a);
}

Test(search, zero_byte)
{
	char *got = parse_with("a\0b", 3, EXEC_SEARCH_OP_OR, NULL);

	cr_expect_str_eq(got, "ERROR 42601 search query contains a zero byte @2");
	free(got);
}

/* x OR (x OR (... (x OR y))): levels parentheses, levels + 1 nested bools. */
static char *nested_or(int levels)
{
	store_buf b = STORE_BUF_INIT;

	for (int i = 0; i < levels; i++)
		store_buf_puts(&b, "x OR (");
	store_buf_puts(&b, "x OR y");
	for (int i = 0; i < levels; i++)
		store_buf_putc(&b, ')');
	return (char *)store_buf_detach(&b);
}

Test(search, depth_limit)
{
	store_buf b = STORE_BUF_INIT;
	char want[64], *q, *got;

	/* Parentheses: as deep as the limit, then 54001 at the one too many. */
	for (int i = 0; i < EXEC_SEARCH_MAX_DEPTH; i++)
		store_buf_putc(&b, '(');
	store_buf_putc(&b, 'a');
	for (int i = 0; i < EXEC_SEARCH_MAX_DEPTH; i++)
		store_buf_putc(&b, ')');
	expect((char *)b.data, "a");
	b.len = 0;
	for (int i = 0; i < 100000; i++)
		store_buf_putc(&b, '(');
	snprintf(want, sizeof(want), "ERROR 54001 stack depth limit exceeded @%d",
		EXEC_SEARCH_MAX_DEPTH + 1);
	expect((char *)b.data, want);
	b.len = 0;
	for (int i = 0; i < 100000; i++)
		store_buf_puts(&b, "-(");
	snprintf(want, sizeof(want), "ERROR 54001 stack depth limit exceeded @%d",
		2 * EXEC_SEARCH_MAX_DEPTH + 2);
	expect((char *)b.data, want);
	store_buf_free(&b);

	/* Bools: as deep as the limit (and its print parses again), then one more. */
	q = nested_or(EXEC_SEARCH_MAX_DEPTH - 1);
	got = parse_with(q, strlen(q), EXEC_SEARCH_OP_OR, NULL);
	cr_expect(got[0] == '(' && strncmp(got + 1, q, strlen(q)) == 0 &&
			  strlen(got) == strlen(q) + 2,
		"the canonical form is the query in parentheses: %s", got);
	free(got);
	free(q);
	q = nested_or(EXEC_SEARCH_MAX_DEPTH);
	snprintf(want, sizeof(want), "ERROR 54001 stack depth limit exceeded @%d",
		(int)(strrchr(q, '(') - q) + 2);
	expect(q, want);
	free(q);
}

Test(search, json_leaves)
{
	expect_json("{\"type\": \"term\", \"field\": \"status\", \"value\": \"active\"}",
		"status:active");
	expect_json("{\"type\": \"term\", \"value\": \"x y\"}", "x\\ y");
	expect_json("{\"type\": \"term\", \"field\": null, \"value\": \"AND\"}", "\\AND");
	expect_json("{\"type\": \"term\", \"field\": \"age\", \"value\": 30}", "age:30");
	expect_json("{\"type\": \"term\", \"field\": \"x\", \"value\": -1.5}", "x:\\-1.5");
	expect_json("{\"type\": \"range\", \"field\": \"x\", \"lower\": 0.1, \"upper\": 1e300}",
		"x:[0.1 TO 1e+300]");
	expect_json("{\"type\": \"phrase\", \"field\": \"name\", \"value\": \"ann lee\"}",
		"name:\"ann lee\"");
	expect_json(
		"{\"type\": \"wildcard\", \"field\": \"name\", \"value\": \"na*\"}", "name:na*");
	expect_json("{\"type\": \"wildcard\", \"field\": \"name\", \"value\": \"a\\\\*b?\"}",
		"name:a\\*b?");
	expect_json("{\"type\": \"wildcard\", \"field\": \"name\", \"value\": \"a\\\\*b\"}",
		"name:a\\*b");
	expect_json("{\"type\": \"prefix\", \"field\": \"name\", \"value\": \"na\"}", "name:na*");
	expect_json("{\"type\": \"prefix\", \"field\": \"name\", \"value\": \"a*\"}", "name:a\\**");
	expect_json("{\"type\": \"match-all\"}", "*:*");
	expect_json("{\"type\": \"range\", \"field\": \"age\", \"lower\": 1, \"upper\": null, "
		    "\"include-lower\": true, \"include-upper\": false}",
		"age:[1 TO *}");
	expect_json(
		"{\"type\": \"range\", \"field\": \"age\", \"lower\": \"a b\", \"upper\": \"z\"}",
		"age:[\"a b\" TO z]");
	expect_json(
		"{\"type\": \"range\", \"field\": \"age\", \"upper\": 9, \"include-lower?\": false, "
		"\"include-upper?\": false}",
		"age:{* TO 9}");
	expect_json("{\"type\": \"term\", \"field\": \"a b\", \"value\": \"c:d\"}", "a\\ b:c\\:d");
}

Test(search, json_boolean)
{
	expect_json("{\"type\": \"boolean\", \"must\": [{\"type\": \"term\", \"value\": \"a\"}], "
		    "\"should\": [{\"type\": \"term\", \"value\": \"b\"}], "
		    "\"must-not\": [{\"type\": \"term\", \"value\": \"c\"}]}",
		"(+a OR b OR NOT c)");
	expect_json("{\"type\": \"boolean\", \"must\": [{\"type\": \"term\", \"value\": \"a\"}, "
		    "{\"type\": \"term\", \"value\": \"b\"}]}",
		"(a AND b)");
	expect_json("{\"type\": \"boolean\", \"should\": [{\"type\": \"term\", \"value\": \"a\"}]}",
		"a");
	expect_json(
		"{\"type\": \"boolean\", \"must-not\": [{\"type\": \"match-all\"}]}", "(NOT *:*)");

	/* ChronDB's wrapper: every clause must match; the caller's keys are skipped. */
	expect_json(
		"{\"clauses\": [{\"type\": \"term\", \"field\": \"status\", \"value\": \"active\"}, "
		"{\"type\": \"range\", \"field\": \"age\", \"lower\": 18}], "
		"\"limit\": 10, \"offset\": 0, \"sort\": [], \"branch\": \"main\"}",
		"(status:active AND age:[18 TO *])");
	expect_json("{\"clauses\": [{\"type\": \"match-all\"}]}", "*:*");
}

/* The JSON form and the text give equal trees. */
Test(search, json_equals_text)
{
	sql_arena *a = sql_arena_new(0);
	exec_search_node *j, *t;
	store_err err;
	const char *json =
		"{\"type\": \"boolean\", \"should\": [{\"type\": \"term\", \"field\": "
		"\"name\", \"value\": \"ann\"}, {\"type\": \"boolean\", \"must\": "
		"[{\"type\": \"wildcard\", \"value\": \"b*\"}], \"must-not\": [{\"type\": "
		"\"range\", \"field\": \"age\", \"lower\": 1, \"upper\": 5, "
		"\"include-upper\": false}]}]}";
	const char *text = "name:ann OR (b* AND NOT age:[1 TO 5})";

	store_err_clear(&err);
	cr_assert_eq(exec_search_parse_json(a, json, strlen(json), &j, &err), EXEC_OK, "%s",
		err.message);
	cr_assert_eq(exec_search_parse(a, text, strlen(text), NULL, &t, &err), EXEC_OK, "%s",
		err.message);
	cr_expect(exec_search_equal(j, t));
	cr_expect_eq(j->position, 0);
	cr_expect_eq(t->position, 1);
	cr_expect_eq(t->u.bool_.clauses[1].node->position, 14);
	sql_arena_free(a);
}

Test(search, json_errors)
{
	store_err err;
	char *got;

	expect_json("{", "ERROR 42601 invalid JSON in search query @2");
	expect_json("{\"type\": x}", "ERROR 42601 invalid JSON in search query @10");
	expect_json("", "ERROR 42601 invalid JSON in search query @1");
	expect_json("[]", "ERROR 42601 search clause must be a JSON object @0");
	expect_json("{\"value\": \"a\"}", "ERROR 42601 search clause has no \"type\" string @0");
	expect_json("{\"type\": \"fts\", \"value\": \"a\"}",
		"ERROR 42601 unknown search clause type \"fts\" @0");
	expect_json("{\"type\": \"term\", \"value\": \"a\", \"boost\": 2}",
		"ERROR 42601 unknown key \"boost\" in term clause @0");
	expect_json("{\"type\": \"boolean\", \"filter\": []}",
		"ERROR 42601 unknown key \"filter\" in boolean clause @0");
	expect_json("{\"type\": \"boolean\"}", "ERROR 42601 boolean clause has no clauses @0");
	expect_json("{\"type\": \"boolean\", \"must\": {}}",
		"ERROR 42601 \"must\" must be an array of search clauses @0");
	expect_json("{\"type\": \"term\", \"field\": \"a\"}",
		"ERROR 42601 search clause has no \"value\" @0");
	expect_json("{\"type\": \"term\", \"value\": \"\"}", "ERROR 42601 term value is empty @0");
	expect_json("{\"type\": \"term\", \"value\": [1]}",
		"ERROR 42601 \"value\" must be a string or a number @0");
	expect_json("{\"type\": \"term\", \"field\": \"\", \"value\": \"a\"}",
		"ERROR 42601 field name is empty @0");
	expect_json("{\"type\": \"term\", \"field\": 1, \"value\": \"a\"}",
		"ERROR 42601 \"field\" must be a string @0");
	expect_json("{\"type\": \"wildcard\", \"value\": \"a\\\\\"}",
		"ERROR 42601 wildcard pattern ends with an escape character @0");
	expect_json("{\"type\": \"range\", \"include-lower\": 1}",
		"ERROR 42601 \"include-lower\" must be true or false @0");
	expect_json("{\"clauses\": []}", "ERROR 42601 search query has no clauses @0");
	expect_json("{\"clauses\": [], \"size\": 1}",
		"ERROR 42601 unknown key \"size\" in query clause @0");

	/* The detail names the member. */
	got = parse_json("{\"type\": \"boolean\", \"should\": [{\"type\": \"match-all\"}, "
			 "{\"type\": \"boolean\", \"must\": [{\"type\": \"term\"}]}]}",
		&err);
	cr_expect_str_eq(got, "ERROR 42601 search clause has no \"value\" @0");
	cr_expect_str_eq(err.detail, "At $.should[1].must[0].");
	free(got);
	got = parse_json("{\"clauses\": [{\"type\": \"range\", \"lower\": {}}]}", &err);
	cr_expect_str_eq(err.detail, "At $.clauses[0].lower.");
	free(got);
}

Test(search, json_depth_limit)
{
	store_buf b = STORE_BUF_INIT;
	char *got;
	store_err err;

	for (int i = 0; i < EXEC_SEARCH_MAX_DEPTH + 1; i++)
		store_buf_puts(&b, "{\"type\": \"boolean\", \"must-not\": [");
	store_buf_puts(&b, "{\"type\": \"match-all\"}");
	for (int i = 0; i < EXEC_SEARCH_MAX_DEPTH + 1; i++)
		store_buf_puts(&b, "]}");
	got = parse_json((char *)b.data, &err);
	cr_expect_str_eq(got, "ERROR 54001 stack depth limit exceeded @0");
	free(got);
	store_buf_free(&b);
}
