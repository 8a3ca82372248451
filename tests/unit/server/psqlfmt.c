/*
 * psqlfmt.c - tests for psql's output layout and statement splitting
 * (server/psqlfmt.h).  Every expected text here is what psql 15 printed
 * for the same result (`psql -X -a` reading the script from stdin).
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "psqlfmt.h"

static void init(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
}

TestSuite(psqlfmt, .init = init);

/* Print a table of nrows x ncols cells given row-major ("\1" marks NULL). */
static char *table(
	int ncols, const char *const *names, const bool *right, int nrows, const char *const *cells)
{
	srv_table *t = srv_table_new(ncols, names, right);
	store_buf out = STORE_BUF_INIT;

	for (int i = 0; i < nrows; i++) {
		const char *row[8];
		size_t lens[8];

		for (int j = 0; j < ncols; j++) {
			const char *c = cells[i * ncols + j];

			row[j] = strcmp(c, "\1") == 0 ? NULL : c;
			lens[j] = row[j] ? strlen(row[j]) : 0;
		}
		srv_table_add_row(t, row, lens);
	}
	srv_table_print(t, &out);
	srv_table_free(t);
	return (char *)store_buf_detach(&out);
}

Test(psqlfmt, simple_rows)
{
	static const char *names[] = {"a", "b"};
	static const bool right[] = {true, false};
	static const char *cells[] = {"1", "x"};
	char *s = table(2, names, right, 1, cells);

	cr_assert_str_eq(s, " a | b \n---+---\n 1 | x\n(1 row)\n\n");
	free(s);
}

Test(psqlfmt, nulls_numbers_and_centred_headers)
{
	static const char *names[] = {"num", "t", "n", "b"};
	static const bool right[] = {true, false, true, false};
	static const char *cells[] = {"1.5", "hello", "\1", "t"};
	char *s = table(4, names, right, 1, cells);

	cr_assert_str_eq(s, " num |   t   | n | b \n"
			    "-----+-------+---+---\n"
			    " 1.5 | hello |   | t\n"
			    "(1 row)\n\n");
	free(s);
}

Test(psqlfmt, no_rows_and_many_rows)
{
	static const char *names[] = {"id", "name"};
	static const bool right[] = {true, false};
	static const char *cells[] = {"1", "alice", "2", "bob"};
	char *s = table(2, names, right, 0, cells);

	cr_assert_str_eq(s, " id | name \n----+------\n(0 rows)\n\n");
	free(s);
	s = table(2, names, right, 2, cells);
	cr_assert_str_eq(s, " id | name  \n----+-------\n  1 | alice\n  2 | bob\n(2 rows)\n\n");
	free(s);
}

Test(psqlfmt, multi_line_cells_and_headers)
{
	static const char *names[] = {"x", "y"};
	static const bool right[] = {false, false};
	static const char *cells[] = {"a\nb", "long text here"};
	static const char *names2[] = {"a\nb"};
	static const char *cells2[] = {"xxx"};
	char *s = table(2, names, right, 1, cells);

	cr_assert_str_eq(s, " x |       y        \n"
			    "---+----------------\n"
			    " a+| long text here\n"
			    " b | \n"
			    "(1 row)\n\n");
	free(s);
	s = table(1, names2, right, 1, cells2);
	cr_assert_str_eq(s, "  a +\n  b  \n-----\n xxx\n(1 row)\n\n");
	free(s);
}

Test(psqlfmt, tabs_wide_characters_and_empty_cells)
{
	static const char *names[] = {"p", "n", "tab"};
	static const bool right[] = {false, true, false};
	static const char *cells[] = {"a|b", "1.0", "x\ty"};
	static const char *names2[] = {"\xc3\xbcn\xc3\xaf", "w"};
	static const char *cells2[] = {"\xc3\xa9", "wide \xe6\x97\xa5\xe6\x9c\xac"};
	static const char *names3[] = {"a", "b"};
	static const char *cells3[] = {"x", "abcdef", "yyyy", "\1"};
	char *s = table(3, names, right, 1, cells);

	cr_assert_str_eq(s, "  p  |  n  |    tab    \n"
			    "-----+-----+-----------\n"
			    " a|b | 1.0 | x       y\n"
			    "(1 row)\n\n");
	free(s);
	s = table(2, names2, right, 1, cells2);
	cr_assert_str_eq(s, " \xc3\xbcn\xc3\xaf |     w     \n"
			    "-----+-----------\n"
			    " \xc3\xa9   | wide \xe6\x97\xa5\xe6\x9c\xac\n"
			    "(1 row)\n\n");
	free(s);
	s = table(2, names3, NULL, 2, cells3);
	cr_assert_str_eq(s, "  a   |   b    \n"
			    "------+--------\n"
			    " x    | abcdef\n"
			    " yyyy | \n"
			    "(2 rows)\n\n");
	free(s);
}

Test(psqlfmt, no_columns)
{
	srv_table *t = srv_table_new(0, NULL, NULL);
	store_buf out = STORE_BUF_INIT;

	srv_table_add_row(t, NULL, NULL);
	srv_table_print(t, &out);
	cr_assert_str_eq((char *)out.data, "--\n(1 row)\n\n");
	store_buf_free(&out);
	srv_table_free(t);
}

static char *message(const char *query, int position, const char *detail, const char *hint)
{
	store_err err;
	store_buf out = STORE_BUF_INIT;

	store_err_clear(&err);
	store_err_set(&err, "42703", "column \"zzz\" does not exist");
	if (detail)
		store_err_detail(&err, "%s", detail);
	if (hint)
		store_err_hint(&err, "%s", hint);
	err.position = position;
	srv_print_message(&out, "ERROR", &err, query, strlen(query));
	return (char *)store_buf_detach(&out);
}

Test(psqlfmt, errors_with_line_and_caret)
{
	const char *q1 = "select 1 as a,\n  2 as b, zzz;";
	const char *q2 =
		"select 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"aaaaaaaaaaaaaaaa' || zzz;";
	char *s = message(q1, (int)(strstr(q1, "zzz") - q1) + 1, NULL, NULL);

	cr_assert_str_eq(s, "ERROR:  column \"zzz\" does not exist\n"
			    "LINE 2:   2 as b, zzz;\n"
			    "                  ^\n");
	free(s);
	s = message(q2, (int)(strstr(q2, "zzz") - q2) + 1, NULL, NULL);
	cr_assert_str_eq(s,
		"ERROR:  column \"zzz\" does not exist\n"
		"LINE 1: ...aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' || zzz;\n"
		"                                                                   ^\n");
	free(s);
	s = message("select 1", 0, "The detail.", "A hint.");
	cr_assert_str_eq(
		s, "ERROR:  column \"zzz\" does not exist\nDETAIL:  The detail.\nHINT:  A hint.\n");
	free(s);
}

/* CONTEXT comes last, after the position, DETAIL and HINT, as psql prints it. */
Test(psqlfmt, errors_with_context)
{
	const char *q = "SELECT '{\"a\": }'::jsonb;";
	store_err err;
	store_buf out = STORE_BUF_INIT;

	store_err_clear(&err);
	store_err_set(&err, "22P02", "invalid input syntax for type json");
	store_err_detail(&err, "Expected JSON value, but found \"}\".");
	store_err_context(&err, "JSON data, line 1: {\"a\": }");
	store_err_hint(&err, "A hint.");
	err.position = 8;
	srv_print_message(&out, "ERROR", &err, q, strlen(q));
	store_buf_putc(&out, '\0');
	cr_assert_str_eq((char *)out.data, "ERROR:  invalid input syntax for type json\n"
					   "LINE 1: SELECT '{\"a\": }'::jsonb;\n"
					   "               ^\n"
					   "DETAIL:  Expected JSON value, but found \"}\".\n"
					   "HINT:  A hint.\n"
					   "CONTEXT:  JSON data, line 1: {\"a\": }\n");
	store_buf_free(&out);
}

/* Collect split statements into one string, separated by "|". */
static int collect(void *arg, const char *stmt, size_t len)
{
	store_buf *b = arg;

	if (b->len > 0)
		store_buf_putc(b, '|');
	store_buf_put(b, stmt, len);
	return 0;
}

static char *split(const char *const *lines, size_t n)
{
	srv_splitter sp;
	store_buf out = STORE_BUF_INIT;

	srv_splitter_init(&sp);
	for (size_t i = 0; i < n; i++)
		srv_splitter_line(&sp, lines[i], strlen(lines[i]), collect, &out);
	srv_splitter_finish(&sp, collect, &out);
	srv_splitter_free(&sp);
	store_buf_putc(&out, '\0');
	return (char *)store_buf_detach(&out);
}

Test(psqlfmt, splitter_joins_lines_as_psql_does)
{
	static const char *a[] = {"-- a comment", "", "select", " zzz;", "/* block */ select",
		" yyy;", "select 1; select", " xxx;"};
	static const char *b[] = {"select 1", "", "  as a; -- trailing", "", "-- c1",
		"select 2 as b -- inline", ", 3 as c;", "select 4 as d"};
	char *s = split(a, sizeof(a) / sizeof(a[0]));

	cr_assert_str_eq(s, "select\n zzz;|/* block */ select\n yyy;|select 1;|select\n xxx;");
	free(s);
	s = split(b, sizeof(b) / sizeof(b[0]));
	cr_assert_str_eq(s, "select 1\n  as a;|select 2 as b -- inline\n, 3 as c;|select 4 as d");
	free(s);
}

Test(psqlfmt, splitter_respects_quotes_comments_and_parentheses)
{
	static const char *a[] = {"select 'a;b', \"c;d\", E'x\\';y', $$p;q$$, $t$ $$;$$ $t$;",
		"select $1;", "insert into t values (1;", "2);",
		"select /* a; /* nested; */ b; */ 1;", "select 'multi", "", "line';"};
	char *s = split(a, sizeof(a) / sizeof(a[0]));

	cr_assert_str_eq(s, "select 'a;b', \"c;d\", E'x\\';y', $$p;q$$, $t$ $$;$$ $t$;|select $1;|"
			    "insert into t values (1;\n2);|select /* a; /* nested; */ b; */ 1;|"
			    "select 'multi\n\nline';");
	free(s);
}
