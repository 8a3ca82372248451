/*
 * search.c - the fuzz target of search queries (executor/search.h): any
 * bytes parsed as Lucene syntax, under each default operator, and as
 * the JSON form, then the parser's contract checked.
 *
 * Owns the checks only; replay.c and libFuzzer drive it (README.md).
 *
 * What is checked: an error is 42601 (54001 past the depth limit) with
 * a message, at a byte position inside the input (1 to its length plus
 * one, "at the end"; a JSON form's error about its clauses has none);
 * a tree prints, and its print parses again, under either default
 * operator, to an equal tree that prints the same text.  Each input's
 * trees live in one arena freed after it, so leaks show under the
 * sanitizers.
 */
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "search.h"

/* An error's contract; json: the JSON form, whose clause errors have no position. */
static void check_error(const store_err *err, size_t size, bool json)
{
	CHECK(strcmp(err->sqlstate, "42601") == 0 || strcmp(err->sqlstate, "54001") == 0);
	CHECK(err->message[0] != '\0');
	CHECK(err->position <= (int)size + 1);
	CHECK(err->position >= 1 || (json && err->position == 0));
}

/* n printed, then its print parsed again under op: the same tree, the same text. */
static void check_round_trip(sql_arena *a, const exec_search_node *n, exec_search_op op)
{
	store_buf first = STORE_BUF_INIT, second = STORE_BUF_INIT;
	exec_search_opts o;
	exec_search_node *again;
	store_err err;

	exec_search_print(n, &first);
	CHECK(first.len > 0);
	exec_search_opts_init(&o);
	o.default_op = op;
	store_err_clear(&err);
	if (exec_search_parse(a, (const char *)first.data, first.len, &o, &again, &err) !=
		EXEC_OK) {
		fprintf(stderr, "printed: %s\nerror: %s at %d\n", (const char *)first.data,
			err.message, err.position);
		CHECK(!"the printed query parses");
	}
	CHECK(exec_search_equal(n, again));
	exec_search_print(again, &second);
	CHECK(first.len == second.len && memcmp(first.data, second.data, first.len) == 0);
	store_buf_free(&first);
	store_buf_free(&second);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *q = (const char *)data;
	sql_arena *a = sql_arena_new(0);
	exec_search_opts o;
	exec_search_node *n;
	store_err err;

	/* Lucene syntax, under each default operator. */
	for (int op = EXEC_SEARCH_OP_OR; op <= EXEC_SEARCH_OP_AND; op++) {
		exec_search_opts_init(&o);
		o.default_op = (exec_search_op)op;
		store_err_clear(&err);
		if (exec_search_parse(a, q, size, &o, &n, &err) == EXEC_OK) {
			CHECK(n != NULL && !store_err_isset(&err));
			check_round_trip(a, n, EXEC_SEARCH_OP_OR);
			check_round_trip(a, n, EXEC_SEARCH_OP_AND);
		} else {
			CHECK(n == NULL);
			check_error(&err, size, false);
		}
	}

	/* The JSON form: its tree prints as Lucene syntax too. */
	store_err_clear(&err);
	if (exec_search_parse_json(a, q, size, &n, &err) == EXEC_OK) {
		CHECK(n != NULL);
		check_round_trip(a, n, EXEC_SEARCH_OP_OR);
		check_round_trip(a, n, EXEC_SEARCH_OP_AND);
	} else {
		CHECK(n == NULL);
		check_error(&err, size, true);
	}
	sql_arena_free(a);
	return 0;
}
