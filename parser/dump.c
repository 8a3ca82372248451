/*
 * dump.c - the tree printer: one stable line of S-expressions per tree,
 * for golden tests and debugging (see sql_node_dump in ast.h).
 *
 * Owns the output format only; what to print comes from the descriptor
 * table in ast.c, so every field of every node is printed without code
 * per node.  Three kinds print in a short form because they are
 * everywhere: strings as "s", `*` as *, constants as (const int4 5).
 * The recursion is bounded by SQL_MAX_DEPTH for parsed trees.
 *
 * sql_parse_dump (sql.h) parses and prints in one call, for tests, the
 * fuzz target and debugging sessions.
 */
#include "ast.h"
#include "sql.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct outbuf {
	char *data;
	size_t len;
	size_t cap;
} outbuf;

static void out_reserve(outbuf *o, size_t more)
{
	if (o->len + more + 1 <= o->cap)
		return;
	while (o->len + more + 1 > o->cap)
		o->cap = o->cap ? o->cap * 2 : 256;
	o->data = realloc(o->data, o->cap);
	if (o->data == NULL)
		abort();
}

static void out_mem(outbuf *o, const char *s, size_t n)
{
	out_reserve(o, n);
	memcpy(o->data + o->len, s, n);
	o->len += n;
	o->data[o->len] = '\0';
}

static void out_str(outbuf *o, const char *s)
{
	out_mem(o, s, strlen(s));
}

static void out_fmt(outbuf *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out_fmt(outbuf *o, const char *fmt, ...)
{
	char buf[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	out_mem(o, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* A string in double quotes; quotes, backslashes and control bytes escaped. */
static void out_quoted(outbuf *o, const char *s)
{
	out_mem(o, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			char esc[2] = {'\\', (char)*p};

			out_mem(o, esc, 2);
		} else if (*p == '\n') {
			out_str(o, "\\n");
		} else if (*p == '\t') {
			out_str(o, "\\t");
		} else if (*p < 0x20 || *p == 0x7f) {
			out_fmt(o, "\\x%02x", *p);
		} else {
			out_mem(o, (const char *)p, 1);
		}
	}
	out_mem(o, "\"", 1);
}

static void dump_node(outbuf *o, const sql_node *n, unsigned flags);

static void dump_loc(outbuf *o, const sql_node *n, unsigned flags)
{
	if (flags & SQL_DUMP_LOCATIONS)
		out_fmt(o, "@%d..%d", n->loc, n->end);
}

static void dump_const(outbuf *o, const sql_const *c, unsigned flags)
{
	static const char *const tags[] = {"null", "bool", "int8", "numeric", "string", "bits"};
	const char *tag = tags[c->ckind];

	if (c->ckind == SQL_CONST_INTEGER && c->fits_int4)
		tag = "int4";
	out_str(o, "(const");
	dump_loc(o, &c->n, flags);
	out_mem(o, " ", 1);
	out_str(o, tag);
	switch (c->ckind) {
	case SQL_CONST_NULL:
		break;
	case SQL_CONST_BOOL:
		out_str(o, c->bval ? " true" : " false");
		break;
	case SQL_CONST_INTEGER:
		out_fmt(o, " %" PRId64, c->ival);
		break;
	default:
		out_mem(o, " ", 1);
		out_quoted(o, c->text);
		break;
	}
	out_mem(o, ")", 1);
}

static void dump_field(outbuf *o, const sql_node *n, const sql_field_desc *f, unsigned flags)
{
	const char *at = (const char *)n + f->offset;

	switch (f->type) {
	case SQL_FT_NODE:
	case SQL_FT_LIST: {
		const sql_node *child = *(sql_node *const *)at;

		if (child == NULL)
			return;
		out_fmt(o, " :%s ", f->name);
		dump_node(o, child, flags);
		return;
	}
	case SQL_FT_STR: {
		const char *s = *(char *const *)at;

		if (s == NULL)
			return;
		out_fmt(o, " :%s ", f->name);
		out_quoted(o, s);
		return;
	}
	case SQL_FT_BOOL:
		if (*(const bool *)at)
			out_fmt(o, " :%s true", f->name);
		return;
	case SQL_FT_INT:
		if (*(const int *)at != f->dflt)
			out_fmt(o, " :%s %d", f->name, *(const int *)at);
		return;
	case SQL_FT_I64:
		if (*(const int64_t *)at != 0)
			out_fmt(o, " :%s %" PRId64, f->name, *(const int64_t *)at);
		return;
	case SQL_FT_ENUM: {
		int v = *(const int *)at;

		if (v == f->dflt)
			return;
		if (v >= 0 && v < f->enum_count)
			out_fmt(o, " :%s %s", f->name, f->enum_names[v]);
		else
			out_fmt(o, " :%s ?%d", f->name, v);
		return;
	}
	case SQL_FT_LOC:
		if (flags & SQL_DUMP_LOCATIONS)
			out_fmt(o, " :%s %d", f->name, *(const int *)at);
		return;
	}
}

static void dump_node(outbuf *o, const sql_node *n, unsigned flags)
{
	const sql_node_desc *d;

	/* The short forms. */
	switch (n->kind) {
	case SQL_STR:
		out_quoted(o, ((const sql_str *)n)->s);
		return;
	case SQL_STAR:
		out_mem(o, "*", 1);
		return;
	case SQL_CONST:
		dump_const(o, (const sql_const *)n, flags);
		return;
	case SQL_LIST: {
		const sql_list *l = (const sql_list *)n;

		out_mem(o, "[", 1);
		for (int i = 0; i < l->len; i++) {
			if (i > 0)
				out_mem(o, " ", 1);
			dump_node(o, l->items[i], flags);
		}
		out_mem(o, "]", 1);
		return;
	}
	default:
		break;
	}

	/* The general form: (kind :field value ...). */
	d = sql_node_describe(n->kind);
	out_mem(o, "(", 1);
	out_str(o, d->name);
	dump_loc(o, n, flags);
	for (int i = 0; i < d->nfields; i++)
		dump_field(o, n, &d->fields[i], flags);
	out_mem(o, ")", 1);
}

char *sql_node_dump(const sql_node *node, unsigned flags)
{
	outbuf o = {NULL, 0, 0};

	out_reserve(&o, 0);
	o.data[0] = '\0';
	if (node == NULL)
		out_str(&o, "nil");
	else
		dump_node(&o, node, flags);
	return o.data;
}

char *sql_parse_dump(const char *text, size_t len, unsigned flags, sql_error *err)
{
	sql_arena *arena = sql_arena_new(0);
	sql_stmt_list *list;
	char *out = NULL;

	if (sql_parse(text, len, arena, &list, err) == 0)
		out = sql_node_dump(&list->n, flags);
	sql_arena_free(arena);
	return out;
}
