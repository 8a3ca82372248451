/*
 * parser.c - the parser's fuzz target: any bytes through sql_parse, then
 * the contract of sql.h and ast.h checked on what comes back.
 *
 * Owns the checks only.  libFuzzer calls LLVMFuzzerTestOneInput when this
 * file is built with -fsanitize=fuzzer; replay.c calls the same function
 * for every file of a corpus, so that ctest replays the corpus in every
 * build (README.md says how to run either).  A broken contract aborts,
 * which both drivers report as a crash with the input that caused it.
 *
 * What is checked: sql_parse returns 0 or -1 and nothing else; a success
 * leaves the error clear and gives a tree whose every node lies within
 * the input and which sql_node_dump prints; a failure gives a SQLSTATE
 * of five characters, a message in well-formed UTF-8 (it goes to the
 * client as is) and a cursor that agrees with its byte offset.  Memory
 * errors and leaks are the sanitizers' to find: the arena is freed after
 * each input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sql.h"

/* 1 when s is well-formed UTF-8 (no overlong forms, surrogates or bytes past U+10FFFF). */
static int utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		uint32_t c;
		int n;

		if (p[0] < 0x80) {
			p++;
			continue;
		}
		if (p[0] >= 0xC2 && p[0] <= 0xDF)
			n = 1, c = p[0] & 0x1F;
		else if (p[0] >= 0xE0 && p[0] <= 0xEF)
			n = 2, c = p[0] & 0x0F;
		else if (p[0] >= 0xF0 && p[0] <= 0xF4)
			n = 3, c = p[0] & 0x07;
		else
			return 0;
		for (int i = 1; i <= n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return 0;
			c = (c << 6) | (p[i] & 0x3F);
		}
		if ((n == 2 && c < 0x800) || (n == 3 && c < 0x10000) || c > 0x10FFFF ||
			(c >= 0xD800 && c <= 0xDFFF))
			return 0;
		p += n + 1;
	}
	return 1;
}

/* Every node's [loc, end) is inside the input, or both are -1 (a made-up node). */
static sql_walk_result check_node(sql_node *n, int depth, void *arg)
{
	size_t len = *(const size_t *)arg;

	(void)depth;
	if (n->loc == -1) {
		CHECK(n->end == -1);
		return SQL_WALK_CONTINUE;
	}
	CHECK(n->loc >= 0 && (size_t)n->loc <= len);
	CHECK(n->end == -1 || (n->end >= n->loc && (size_t)n->end <= len));
	return SQL_WALK_CONTINUE;
}

static void check_error(const char *text, size_t len, const sql_error *err)
{
	CHECK(strlen(err->sqlstate) == 5);
	CHECK(strcmp(err->sqlstate, "XX000") != 0); /* the parser lost track of an error */
	CHECK(err->message[0] != '\0');
	CHECK(utf8_valid(err->message));
	CHECK(utf8_valid(err->detail));
	CHECK(utf8_valid(err->hint));

	/* The cursor is the offset in characters; none means both are unset. */
	CHECK(err->offset >= -1 && (err->offset == -1 || (size_t)err->offset <= len));
	if (err->offset == -1)
		CHECK(err->position == 0);
	else
		CHECK(err->position == sql_char_position(text, len, err->offset));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	sql_arena *arena = sql_arena_new(0);
	sql_stmt_list *list = NULL;
	sql_error err;
	int rc;

	rc = sql_parse(text, size, arena, &list, &err);
	CHECK(rc == 0 || rc == -1);

	/* A failure: no tree, and an error report the front ends can send as is. */
	if (rc != 0) {
		CHECK(list == NULL);
		check_error(text, size, &err);
		sql_arena_free(arena);
		return 0;
	}

	/* A success: a clear error, nodes within the input, a tree the printer walks whole. */
	CHECK(list != NULL);
	CHECK(err.sqlstate[0] == '\0' && err.offset == -1);
	sql_walk(&list->n, check_node, &size);
	free(sql_node_dump(&list->n, SQL_DUMP_LOCATIONS));
	sql_arena_free(arena);
	return 0;
}
