/*
 * search.c - search queries (see search.h): the Lucene syntax's scanner
 * and recursive-descent parser, the JSON form's reader, the canonical
 * printer and tree equality.
 *
 * The scanner hands the parser one token at a time with one token of
 * look-ahead; a range (`[a TO b}`) is one token, read by a small scanner
 * of its own, as Lucene's grammar reads it in a lexical state of its
 * own.  The parser has one function per precedence level: OR (and the
 * default operator when it is OR) over AND (and the default operator
 * when it is AND) over the prefix modifiers over a primary (a group, a
 * field's value, a leaf).  Each level returns its node with the
 * modifier of a lone clause, so that the level above decides the
 * clause's occur as Lucene would.
 *
 * Recursion is bounded twice: parentheses may nest EXEC_SEARCH_MAX_DEPTH
 * deep while parsing (the stack), and the finished tree, whether from
 * text or JSON, may be that deep in bools (so that its printed form,
 * one pair of parentheses per bool, parses again).
 *
 * Design note: search.h; Lucene's classic query syntax as its
 * QueryParser documents it.
 */
#include "search.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

void exec_search_opts_init(exec_search_opts *o)
{
	o->default_op = EXEC_SEARCH_OP_OR;
	o->default_field = NULL;
}

/* ---- Characters ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Characters with a meaning in the syntax, which a term must escape. */
static bool is_special(char c)
{
	return c != '\0' && strchr("+-&|!(){}[]^\"~*?:\\/", c) != NULL;
}

/* Whether c may start a term (it may also be escaped, or be `*` or `?`). */
static bool is_term_start(char c)
{
	return c != '\0' && !is_space(c) && strchr("+-!():^[]\"{}~\\/", c) == NULL;
}

/* Inside a term `-` and `+` are literal, as Lucene reads them. */
static bool is_term_char(char c)
{
	return is_term_start(c) || c == '-' || c == '+';
}

/* ---- Errors ---- */

/* 42601 at byte offset at (0-based) of the query. */
static int syntax_error(store_err *err, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int syntax_error(store_err *err, size_t at, const char *fmt, ...)
{
	char msg[sizeof(err->message)];
	va_list ap;
	bool was_set = store_err_isset(err);

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	store_err_set(err, "42601", "%s", msg);
	if (!was_set && err != NULL)
		err->position = (int)at + 1;
	return EXEC_ERROR;
}

static int too_deep(store_err *err, int position)
{
	bool was_set = store_err_isset(err);

	store_err_set(err, "54001", "stack depth limit exceeded");
	if (!was_set && err != NULL) {
		err->position = position;
		store_err_hint(err, "Search queries may nest at most %d levels deep.",
			EXEC_SEARCH_MAX_DEPTH);
	}
	return EXEC_ERROR;
}

/* ---- Nodes ---- */

static exec_search_node *node_new(sql_arena *a, exec_search_kind kind, int position)
{
	exec_search_node *n = sql_arena_zalloc(a, sizeof(*n));

	n->kind = kind;
	n->position = position;
	return n;
}

/* A growing list of clauses in the arena (the old arrays are left to it). */
typedef struct clause_list {
	exec_search_clause *v;
	int n, cap;
} clause_list;

static void clause_push(sql_arena *a, clause_list *l, exec_search_occur occur, exec_search_node *n)
{
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 4;
		exec_search_clause *v = sql_arena_alloc(a, (size_t)cap * sizeof(*v));

		if (l->n > 0)
			memcpy(v, l->v, (size_t)l->n * sizeof(*v));
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].occur = occur;
	l->v[l->n].node = n;
	l->n++;
}

/*
 * The node of a group of clauses: a lone SHOULD or MUST clause is its
 * own node (the same documents match), anything else a bool.  Both
 * readers build through here, so that text and JSON give equal trees.
 */
static exec_search_node *bool_finish(sql_arena *a, clause_list *l, int position)
{
	exec_search_node *n;

	if (l->n == 1 && l->v[0].occur != EXEC_SEARCH_MUST_NOT)
		return l->v[0].node;
	n = node_new(a, EXEC_SEARCH_BOOL, position);
	n->u.bool_.n = l->n;
	n->u.bool_.clauses = l->v;
	return n;
}

/* 54001 when bools nest deeper than the limit below n (n at depth level). */
static int check_depth(const exec_search_node *n, int level, store_err *err)
{
	if (n->kind != EXEC_SEARCH_BOOL)
		return EXEC_OK;
	if (level > EXEC_SEARCH_MAX_DEPTH)
		return too_deep(err, n->position);
	for (int i = 0; i < n->u.bool_.n; i++)
		if (check_depth(n->u.bool_.clauses[i].node, level + 1, err) != EXEC_OK)
			return EXEC_ERROR;
	return EXEC_OK;
}

/* ---- Scanner ---- */

typedef enum tok_kind {
	T_END,
	T_TERM,   /* text; pattern when it has an unescaped wildcard */
	T_PHRASE, /* text */
	T_RANGE,  /* lower, upper, incl_lower, incl_upper */
	T_LPAREN,
	T_RPAREN,
	T_COLON,
	T_AND,
	T_OR,
	T_NOT,
	T_PLUS,
	T_MINUS,
} tok_kind;

typedef struct token {
	tok_kind kind;
	size_t start, end; /* its bytes in the query */
	const char *text;
	const char *pattern;
	const char *lower, *upper;
	bool incl_lower, incl_upper;
} token;

typedef struct parser {
	sql_arena *a;
	const char *q;
	size_t len, pos;
	exec_search_op default_op;
	const char *default_field; /* the arena's copy */
	store_err *err;
	token tok; /* the look-ahead, when have_tok */
	bool have_tok;
	int depth;     /* open parentheses */
	char near[64]; /* near_text's */
} parser;

/* Whether the token's bytes are exactly s (so it has no escape). */
static bool tok_is(const parser *p, const token *t, const char *s)
{
	size_t n = strlen(s);

	return t->end - t->start == n && memcmp(p->q + t->start, s, n) == 0;
}

/*
 * The bytes q[start, end) for a message, in p->near: at most 40 of
 * them, whole UTF-8 characters only, any other byte as '?', so that a
 * message is UTF-8 whatever the query.
 */
static const char *near_text(parser *p, size_t start, size_t end)
{
	size_t n = 0;

	while (start < end && n + 4 < sizeof(p->near) && n < 40) {
		size_t k = sql_utf8_char_len(p->q + start, end - start);

		if (k == 0) {
			p->near[n++] = '?';
			start++;
			continue;
		}
		memcpy(p->near + n, p->q + start, k);
		n += k;
		start += k;
	}
	p->near[n] = '\0';
	return p->near;
}

static const char *tok_text(parser *p, const token *t)
{
	return near_text(p, t->start, t->end);
}

/*
 * A quoted string starting at the quote at p->q[at]: its text with the
 * escapes removed into *text, the offset after the closing quote into
 * *end.  An unterminated one is an error at its opening quote.
 */
static int scan_quoted(parser *p, size_t at, const char *what, char **text, size_t *end)
{
	store_buf b = STORE_BUF_INIT;
	size_t i = at + 1;

	for (;;) {
		if (i >= p->len || (p->q[i] == '\\' && i + 1 >= p->len)) {
			store_buf_free(&b);
			return syntax_error(p->err, at, "unterminated quoted %s", what);
		}
		if (p->q[i] == '"')
			break;
		if (p->q[i] == '\\')
			i++;
		store_buf_putc(&b, p->q[i]);
		i++;
	}
	*text = sql_arena_strndup(p->a, b.len ? (const char *)b.data : "", b.len);
	*end = i + 1;
	store_buf_free(&b);
	return EXEC_OK;
}

/*
 * One bound of a range at p->q[at] (not a space): a quoted string, or
 * the bytes up to a space, `]` or `}` with backslash escapes.  A bare
 * `*` is an open end (*text NULL).  *bare is set when the bound was
 * written without quotes or escapes, so that `TO` can be told apart.
 */
static int scan_bound(parser *p, size_t at, char **text, size_t *end, bool *bare)
{
	store_buf b = STORE_BUF_INIT;
	size_t i = at;

	*bare = false;
	if (p->q[at] == '"')
		return scan_quoted(p, at, "range bound", text, end);
	*bare = true;
	while (i < p->len && !is_space(p->q[i]) && p->q[i] != ']' && p->q[i] != '}') {
		if (p->q[i] == '\\') {
			if (i + 1 >= p->len) {
				store_buf_free(&b);
				return syntax_error(
					p->err, i, "escape character at end of search query");
			}
			*bare = false;
			i++;
		}
		store_buf_putc(&b, p->q[i]);
		i++;
	}
	*end = i;
	if (*bare && b.len == 1 && b.data[0] == '*')
		*text = NULL;
	else
		*text = sql_arena_strndup(p->a, b.len ? (const char *)b.data : "", b.len);
	store_buf_free(&b);
	return EXEC_OK;
}

static size_t skip_space(const parser *p, size_t i)
{
	while (i < p->len && is_space(p->q[i]))
		i++;
	return i;
}

/* A range from its opening bracket at t->start: `[`/`{` lower TO upper `]`/`}`. */
static int scan_range(parser *p, token *t)
{
	size_t at = t->start, i, end;
	char *lower, *upper, *to;
	bool bare;

	t->kind = T_RANGE;
	t->incl_lower = p->q[at] == '[';

	/* The lower bound; a bare TO there means it was left out. */
	i = skip_space(p, at + 1);
	if (i >= p->len)
		return syntax_error(p->err, at, "unterminated range");
	if (p->q[i] == ']' || p->q[i] == '}')
		return syntax_error(p->err, i, "range has no lower bound");
	if (scan_bound(p, i, &lower, &end, &bare) != EXEC_OK)
		return EXEC_ERROR;
	if (bare && lower != NULL && strcmp(lower, "TO") == 0)
		return syntax_error(p->err, i, "range has no lower bound");

	/* TO. */
	i = skip_space(p, end);
	if (i >= p->len)
		return syntax_error(p->err, at, "unterminated range");
	if (p->q[i] == ']' || p->q[i] == '}')
		return syntax_error(p->err, i, "range without TO");
	if (scan_bound(p, i, &to, &end, &bare) != EXEC_OK)
		return EXEC_ERROR;
	if (!bare || to == NULL || strcmp(to, "TO") != 0)
		return syntax_error(p->err, i, "range without TO");

	/* The upper bound. */
	i = skip_space(p, end);
	if (i >= p->len)
		return syntax_error(p->err, at, "unterminated range");
	if (p->q[i] == ']' || p->q[i] == '}')
		return syntax_error(p->err, i, "range has no upper bound");
	if (scan_bound(p, i, &upper, &end, &bare) != EXEC_OK)
		return EXEC_ERROR;

	/* The closing bracket. */
	i = skip_space(p, end);
	if (i >= p->len)
		return syntax_error(p->err, at, "unterminated range");
	if (p->q[i] != ']' && p->q[i] != '}') {
		size_t e = i;

		while (e < p->len && !is_space(p->q[e]) && p->q[e] != ']' && p->q[e] != '}')
			e++;
		syntax_error(
			p->err, i, "syntax error in range at or near \"%s\"", near_text(p, i, e));
		store_err_hint(
			p->err, "A range is written [lower TO upper], with * for an open end.");
		return EXEC_ERROR;
	}
	t->incl_upper = p->q[i] == ']';
	t->lower = lower;
	t->upper = upper;
	t->end = i + 1;
	return EXEC_OK;
}

/*
 * A term from t->start: term characters and escapes.  Its text has the
 * escapes removed; when an unescaped `*` or `?` is in it, its pattern
 * keeps those and a backslash before each literal `*`, `?` and `\`.
 */
static int scan_term(parser *p, token *t)
{
	store_buf text = STORE_BUF_INIT, pat = STORE_BUF_INIT;
	size_t i = t->start;
	bool wild = false;

	t->kind = T_TERM;
	while (i < p->len) {
		char c = p->q[i];

		if (c == '\\') {
			if (i + 1 >= p->len) {
				store_buf_free(&text);
				store_buf_free(&pat);
				return syntax_error(
					p->err, i, "escape character at end of search query");
			}
			c = p->q[i + 1];
			store_buf_putc(&text, c);
			if (c == '*' || c == '?' || c == '\\')
				store_buf_putc(&pat, '\\');
			store_buf_putc(&pat, c);
			i += 2;
			continue;
		}
		if (c != '*' && c != '?' && !(i == t->start ? is_term_start(c) : is_term_char(c)))
			break;
		wild |= c == '*' || c == '?';
		store_buf_putc(&text, c);
		store_buf_putc(&pat, c);
		i++;
	}
	t->end = i;
	t->text = sql_arena_strndup(p->a, (const char *)text.data, text.len);
	t->pattern = wild ? sql_arena_strndup(p->a, (const char *)pat.data, pat.len) : NULL;
	store_buf_free(&text);
	store_buf_free(&pat);

	/* The operators are terms written in capitals without escapes. */
	if (tok_is(p, t, "AND"))
		t->kind = T_AND;
	else if (tok_is(p, t, "OR"))
		t->kind = T_OR;
	else if (tok_is(p, t, "NOT"))
		t->kind = T_NOT;
	return EXEC_OK;
}

/* Scan the token at p->pos into t and move past it. */
static int scan(parser *p, token *t)
{
	size_t i = skip_space(p, p->pos);
	char c;

	memset(t, 0, sizeof(*t));
	t->start = t->end = i;
	if (i >= p->len) {
		t->kind = T_END;
		return EXEC_OK;
	}
	c = p->q[i];
	t->end = i + 1;
	if (c == '&' && i + 1 < p->len && p->q[i + 1] == '&') {
		t->kind = T_AND;
		t->end = i + 2;
	} else if (c == '|' && i + 1 < p->len && p->q[i + 1] == '|') {
		t->kind = T_OR;
		t->end = i + 2;
	} else if (c == '(') {
		t->kind = T_LPAREN;
	} else if (c == ')') {
		t->kind = T_RPAREN;
	} else if (c == ':') {
		t->kind = T_COLON;
	} else if (c == '!') {
		t->kind = T_NOT;
	} else if (c == '+') {
		t->kind = T_PLUS;
	} else if (c == '-') {
		t->kind = T_MINUS;
	} else if (c == '"') {
		char *text;

		t->kind = T_PHRASE;
		if (scan_quoted(p, i, "phrase", &text, &t->end) != EXEC_OK)
			return EXEC_ERROR;
		t->text = text;
	} else if (c == '[' || c == '{') {
		if (scan_range(p, t) != EXEC_OK)
			return EXEC_ERROR;
	} else if (c == '^' || c == '~' || c == '/') {
		syntax_error(p->err, i, "syntax error at or near \"%c\"", c);
		store_err_hint(p->err,
			"Boosts (^), fuzzy and proximity searches (~) and regular expressions (/) are not supported; write \\%c to search for the character.",
			c);
		return EXEC_ERROR;
	} else if (c == ']' || c == '}') {
		return syntax_error(p->err, i, "syntax error at or near \"%c\"", c);
	} else if (scan_term(p, t) != EXEC_OK) {
		return EXEC_ERROR;
	}
	p->pos = t->end;
	return EXEC_OK;
}

/* The next token, left in place; *t points at it. */
static int peek(parser *p, token **t)
{
	if (!p->have_tok) {
		if (scan(p, &p->tok) != EXEC_OK)
			return EXEC_ERROR;
		p->have_tok = true;
	}
	*t = &p->tok;
	return EXEC_OK;
}

/* Consume the token peek gave. */
static void advance(parser *p)
{
	p->have_tok = false;
}

static bool starts_primary(tok_kind k)
{
	return k == T_TERM || k == T_PHRASE || k == T_RANGE || k == T_LPAREN;
}

static bool starts_clause(tok_kind k)
{
	return starts_primary(k) || k == T_PLUS || k == T_MINUS || k == T_NOT;
}

/* ---- Parser ---- */

/* What a lone clause was prefixed with. */
typedef enum modifier {
	MOD_NONE,
	MOD_MUST, /* + */
	MOD_NOT,  /* -, NOT, ! */
} modifier;

static int parse_or(parser *p, const char *field, exec_search_node **out);

/* The leaf of a term, phrase or range token on field. */
static exec_search_node *leaf(parser *p, const token *t, const char *field)
{
	exec_search_node *n;

	if (t->kind == T_RANGE) {
		n = node_new(p->a, EXEC_SEARCH_RANGE, (int)t->start + 1);
		n->u.range.lower = t->lower;
		n->u.range.upper = t->upper;
		n->u.range.include_lower = t->incl_lower;
		n->u.range.include_upper = t->incl_upper;
	} else if (t->kind == T_PHRASE) {
		n = node_new(p->a, EXEC_SEARCH_PHRASE, (int)t->start + 1);
		n->u.text = t->text;
	} else if (t->pattern != NULL) {
		n = node_new(p->a, EXEC_SEARCH_WILDCARD, (int)t->start + 1);
		n->u.text = t->pattern;
	} else {
		n = node_new(p->a, EXEC_SEARCH_TERM, (int)t->start + 1);
		n->u.text = t->text;
	}
	n->field = field;
	return n;
}

/* A parenthesized group at the `(` just consumed (t), on field. */
static int parse_group(parser *p, const token *lparen, const char *field, exec_search_node **out)
{
	size_t at = lparen->start;
	token *t;

	if (p->depth >= EXEC_SEARCH_MAX_DEPTH)
		return too_deep(p->err, (int)at + 1);
	if (peek(p, &t) != EXEC_OK)
		return EXEC_ERROR;
	if (t->kind == T_RPAREN)
		return syntax_error(p->err, at, "empty parentheses");
	if (t->kind == T_END)
		return syntax_error(p->err, at, "unbalanced parenthesis");
	p->depth++;
	if (parse_or(p, field, out) != EXEC_OK)
		return EXEC_ERROR;
	p->depth--;
	if (peek(p, &t) != EXEC_OK)
		return EXEC_ERROR;
	if (t->kind == T_END)
		return syntax_error(p->err, at, "unbalanced parenthesis");
	if (t->kind != T_RPAREN)
		return syntax_error(
			p->err, t->start, "syntax error at or near \"%s\"", tok_text(p, t));
	advance(p);
	return EXEC_OK;
}

/* `field:value`, the field's term just consumed (name) and the colon next. */
static int parse_field(parser *p, const token *name, exec_search_node **out)
{
	bool star = tok_is(p, name, "*");
	token *t;

	advance(p); /* the colon */
	if (name->pattern != NULL && !star)
		return syntax_error(
			p->err, name->start, "invalid field name \"%s\"", tok_text(p, name));
	if (peek(p, &t) != EXEC_OK)
		return EXEC_ERROR;

	/* *:* matches everything; "*" names no other field. */
	if (star) {
		if (t->kind != T_TERM || !tok_is(p, t, "*")) {
			syntax_error(p->err, name->start, "invalid field name \"*\"");
			store_err_hint(p->err,
				"Only *:* may use * as its field; write \\* for a field named *.");
			return EXEC_ERROR;
		}
		advance(p);
		*out = node_new(p->a, EXEC_SEARCH_MATCH_ALL, (int)name->start + 1);
		return EXEC_OK;
	}
	if (t->kind == T_LPAREN) {
		token lparen = *t;

		advance(p);
		return parse_group(p, &lparen, name->text, out);
	}
	if (t->kind == T_TERM || t->kind == T_PHRASE || t->kind == T_RANGE) {
		*out = leaf(p, t, name->text);
		advance(p);
		return EXEC_OK;
	}
	return syntax_error(p->err, name->start, "field \"%s\" has no value", tok_text(p, name));
}

/* A group, a field's value or a leaf. */
static int parse_primary(parser *p, const char *field, exec_search_node **out)
{
	token *t, cur;

	if (peek(p, &t) != EXEC_OK)
		return EXEC_ERROR;
	cur = *t;
	switch (cur.kind) {
	case T_LPAREN:
		advance(p);
		return parse_group(p, &cur, field, out);
	case T_TERM:
		advance(p);
		if (peek(p, &t) != EXEC_OK)
			return EXEC_ERROR;
		if (t->kind == T_COLON)
			return parse_field(p, &cur, out);
		*out = leaf(p, &cur, field);
		return EXEC_OK;
	case T_PHRASE:
	case T_RANGE:
		advance(p);
		*out = leaf(p, &cur, field);
		return EXEC_OK;
	case T_AND:
	case T_OR:
		return syntax_error(p->err, cur.start, "operator \"%s\" has no left operand",
			tok_text(p, &cur));
	case T_RPAREN:
		return syntax_error(p->err, cur.start, "unbalanced parenthesis");
	case T_END:
		return syntax_error(p->err, p->len, "syntax error at end of search query");
	default:
		return syntax_error(
			p->err, cur.start, "syntax error at or near \"%s\"", tok_text(p, &cur));
	}
}

/* A clause with its modifier, if any: `+a`, `-a`, `NOT a`, `!a`, `a`. */
static int parse_unary(parser *p, const char *field, exec_search_node **out, modifier *mod)
{
	token *t, op;

	if (peek(p, &t) != EXEC_OK)
		return EXEC_ERROR;
	*mod = MOD_NONE;
	if (t->kind != T_PLUS && t->kind != T_MINUS && t->kind != T_NOT)
		return parse_primary(p, field, out);
	op = *t;
	*mod = op.kind == T_PLUS ? MOD_MUST : MOD_NOT;
	advance(p);
	if (peek(p, &t) != EXEC_OK)
		return EXEC_ERROR;
	if (t->kind == T_END || t->kind == T_RPAREN || t->kind == T_AND || t->kind == T_OR)
		return syntax_error(
			p->err, op.start, "operator \"%s\" has no operand", tok_text(p, &op));
	if (!starts_primary(t->kind))
		return syntax_error(
			p->err, t->start, "syntax error at or near \"%s\"", tok_text(p, t));
	return parse_primary(p, field, out);
}

/*
 * After a binary operator (op) or between clauses side by side: whether
 * the next token starts a clause.  Called with op NULL for side by
 * side, where not starting one just ends the list.
 */
static int operand_follows(parser *p, const token *op, bool *yes)
{
	token *t;

	if (peek(p, &t) != EXEC_OK)
		return EXEC_ERROR;
	*yes = starts_clause(t->kind);
	if (!*yes && op != NULL)
		return syntax_error(
			p->err, op->start, "operator \"%s\" has no right operand", tok_text(p, op));
	return EXEC_OK;
}

/*
 * After a clause at the AND or OR level: whether another one follows,
 * joined by the level's operator (op, consumed) or side by side when
 * the default operator is the level's.  An operator with no clause after
 * it is an error.
 */
static int another_clause(parser *p, tok_kind op, exec_search_op level, bool *more)
{
	token *t;

	if (peek(p, &t) != EXEC_OK)
		return EXEC_ERROR;
	if (t->kind == op) {
		token tok = *t;

		advance(p);
		return operand_follows(p, &tok, more);
	}
	if (p->default_op == level)
		return operand_follows(p, NULL, more);
	*more = false;
	return EXEC_OK;
}

/*
 * Clauses joined by AND (and by the default operator when it is AND):
 * each is MUST, or MUST_NOT with a NOT.  A lone clause comes back as it
 * is with its modifier in *mod.
 */
static int parse_and(parser *p, const char *field, exec_search_node **out, modifier *mod)
{
	clause_list l = {0};
	exec_search_node *n;
	int position;
	token *t;
	bool more;

	if (peek(p, &t) != EXEC_OK)
		return EXEC_ERROR;
	position = (int)t->start + 1;
	do {
		if (parse_unary(p, field, &n, mod) != EXEC_OK)
			return EXEC_ERROR;
		clause_push(p->a, &l, *mod == MOD_NOT ? EXEC_SEARCH_MUST_NOT : EXEC_SEARCH_MUST, n);
		if (another_clause(p, T_AND, EXEC_SEARCH_OP_AND, &more) != EXEC_OK)
			return EXEC_ERROR;
	} while (more);
	if (l.n == 1) {
		*out = n;
		return EXEC_OK;
	}
	*mod = MOD_NONE;
	*out = bool_finish(p->a, &l, position);
	return EXEC_OK;
}

/*
 * Clauses joined by OR (and by the default operator when it is OR):
 * each SHOULD, or MUST or MUST_NOT as its modifier says.
 */
static int parse_or(parser *p, const char *field, exec_search_node **out)
{
	clause_list l = {0};
	exec_search_node *n;
	int position;
	token *t;
	modifier m;
	bool more;

	if (peek(p, &t) != EXEC_OK)
		return EXEC_ERROR;
	position = (int)t->start + 1;
	do {
		if (parse_and(p, field, &n, &m) != EXEC_OK)
			return EXEC_ERROR;
		clause_push(p->a, &l,
			m == MOD_NOT    ? EXEC_SEARCH_MUST_NOT
			: m == MOD_MUST ? EXEC_SEARCH_MUST
					: EXEC_SEARCH_SHOULD,
			n);
		if (another_clause(p, T_OR, EXEC_SEARCH_OP_OR, &more) != EXEC_OK)
			return EXEC_ERROR;
	} while (more);
	*out = bool_finish(p->a, &l, position);
	return EXEC_OK;
}

int exec_search_parse(sql_arena *a, const char *q, size_t len, const exec_search_opts *opts,
	exec_search_node **out, store_err *err)
{
	parser p = {0};
	exec_search_opts defaults;
	token *t;

	*out = NULL;
	if (opts == NULL) {
		exec_search_opts_init(&defaults);
		opts = &defaults;
	}
	p.a = a;
	p.q = q;
	p.len = len;
	p.err = err;
	p.default_op = opts->default_op;
	if (opts->default_field != NULL)
		p.default_field =
			sql_arena_strndup(a, opts->default_field, strlen(opts->default_field));

	/* A NUL would cut the strings of the tree short. */
	if (len > 0 && memchr(q, '\0', len) != NULL)
		return syntax_error(err, (size_t)((const char *)memchr(q, '\0', len) - q),
			"search query contains a zero byte");

	/* Nothing but spaces is no query. */
	if (peek(&p, &t) != EXEC_OK)
		return EXEC_ERROR;
	if (t->kind == T_END)
		return syntax_error(err, 0, "empty search query");

	/* The clauses, then nothing: a `)` or `:` left over is an error. */
	if (parse_or(&p, p.default_field, out) != EXEC_OK)
		goto fail;
	if (peek(&p, &t) != EXEC_OK)
		goto fail;
	if (t->kind == T_RPAREN) {
		syntax_error(err, t->start, "unbalanced parenthesis");
		goto fail;
	}
	if (t->kind != T_END) {
		syntax_error(err, t->start, "syntax error at or near \"%s\"", tok_text(&p, t));
		goto fail;
	}
	if (check_depth(*out, 1, err) != EXEC_OK)
		goto fail;
	return EXEC_OK;

fail:
	*out = NULL;
	return EXEC_ERROR;
}

/* ---- The JSON form ---- */

typedef struct jreader {
	sql_arena *a;
	store_err *err;
	char path[256]; /* the member being read, for errors: $.must[1] */
	size_t pathlen;
} jreader;

/* 42601 about the member being read. */
static int json_error(jreader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int json_error(jreader *r, const char *fmt, ...)
{
	char msg[sizeof(r->err->message)];
	bool was_set = store_err_isset(r->err);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	store_err_set(r->err, "42601", "%s", msg);
	if (!was_set)
		store_err_detail(r->err, "At %s.", r->path);
	return EXEC_ERROR;
}

/* Append to the path; returns the length to restore. */
static size_t path_push(jreader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static size_t path_push(jreader *r, const char *fmt, ...)
{
	size_t old = r->pathlen;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(r->path + old, sizeof(r->path) - old, fmt, ap);
	va_end(ap);
	if (n > 0)
		r->pathlen =
			old + (size_t)n < sizeof(r->path) ? old + (size_t)n : sizeof(r->path) - 1;
	return old;
}

static void path_pop(jreader *r, size_t old)
{
	r->pathlen = old;
	r->path[old] = '\0';
}

/*
 * How much of s (UTF-8: jansson checked it) a message shows: at most 40
 * bytes, never part of a character.
 */
static int utf8_prefix(const char *s)
{
	size_t n = strlen(s);

	if (n <= 40)
		return (int)n;
	n = 40;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return (int)n;
}

/* Whether key is one of the space-separated names in keys. */
static bool key_in(const char *key, const char *keys)
{
	size_t n = strlen(key);

	while (*keys != '\0') {
		size_t len = strcspn(keys, " ");

		if (len == n && strncmp(keys, key, n) == 0)
			return true;
		keys += len;
		keys += *keys == ' ';
	}
	return false;
}

/* Every key of obj must be in keys. */
static int json_keys(jreader *r, const json_t *obj, const char *type, const char *keys)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)obj, key, v)
	{
		(void)v;
		if (!key_in(key, keys))
			return json_error(r, "unknown key \"%.*s\" in %.*s clause",
				utf8_prefix(key), key, utf8_prefix(type), type);
	}
	return EXEC_OK;
}

/*
 * A member that is text: a string, or a number as JSON writes it.  *out
 * NULL when absent or null (allowed only when optional).
 */
static int json_text(
	jreader *r, const json_t *obj, const char *key, bool optional, const char **out)
{
	const json_t *v = json_object_get(obj, key);
	size_t old;
	int rc = EXEC_OK;

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (optional)
			return EXEC_OK;
		return json_error(r, "search clause has no \"%s\"", key);
	}
	old = path_push(r, ".%s", key);
	if (json_is_string(v)) {
		*out = sql_arena_strndup(r->a, json_string_value(v), json_string_length(v));
	} else if (json_is_integer(v)) {
		*out = sql_arena_printf(r->a, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	} else if (json_is_real(v)) {
		/* The shortest digits that read back as the same double: 0.1, not 0.1000000000000000055. */
		double d = json_real_value(v);
		char buf[32];

		for (int digits = 1; digits <= 17; digits++) {
			snprintf(buf, sizeof(buf), "%.*g", digits, d);
			if (strtod(buf, NULL) == d)
				break;
		}
		*out = sql_arena_strndup(r->a, buf, strlen(buf));
	} else {
		rc = json_error(r, "\"%s\" must be a string or a number", key);
	}
	path_pop(r, old);
	return rc;
}

/* A boolean member, def when absent. */
static int json_flag(jreader *r, const json_t *obj, const char *key, bool def, bool *out)
{
	const json_t *v = json_object_get(obj, key);

	*out = def;
	if (v == NULL)
		return EXEC_OK;
	if (!json_is_boolean(v))
		return json_error(r, "\"%s\" must be true or false", key);
	*out = json_is_true(v);
	return EXEC_OK;
}

/*
 * A wildcard pattern as written in JSON into the tree's form: a
 * backslash kept only before `*`, `?` and `\`.  *wild says whether an
 * unescaped wildcard is in it; *literal gets the text without escapes.
 */
static int json_pattern(
	jreader *r, const char *s, const char **pattern, const char **literal, bool *wild)
{
	store_buf pat = STORE_BUF_INIT, lit = STORE_BUF_INIT;

	*wild = false;
	for (; *s != '\0'; s++) {
		char c = *s;

		if (c == '\\') {
			if (s[1] == '\0') {
				store_buf_free(&pat);
				store_buf_free(&lit);
				return json_error(
					r, "wildcard pattern ends with an escape character");
			}
			c = *++s;
			if (c == '*' || c == '?' || c == '\\')
				store_buf_putc(&pat, '\\');
		} else if (c == '*' || c == '?') {
			*wild = true;
		}
		store_buf_putc(&pat, c);
		store_buf_putc(&lit, c);
	}
	*pattern = sql_arena_strndup(r->a, pat.len ? (const char *)pat.data : "", pat.len);
	*literal = sql_arena_strndup(r->a, lit.len ? (const char *)lit.data : "", lit.len);
	store_buf_free(&pat);
	store_buf_free(&lit);
	return EXEC_OK;
}

static int json_clause(jreader *r, const json_t *v, int depth, exec_search_node **out);

/* The clauses of array member key of obj (absent: none), each with occur. */
static int json_clauses(jreader *r, const json_t *obj, const char *key, exec_search_occur occur,
	int depth, clause_list *l)
{
	const json_t *arr = json_object_get(obj, key);
	size_t i, old;
	json_t *c;

	if (arr == NULL)
		return EXEC_OK;
	if (!json_is_array(arr))
		return json_error(r, "\"%s\" must be an array of search clauses", key);
	json_array_foreach(arr, i, c)
	{
		exec_search_node *n;

		old = path_push(r, ".%s[%zu]", key, i);
		if (json_clause(r, c, depth + 1, &n) != EXEC_OK)
			return EXEC_ERROR;
		path_pop(r, old);
		clause_push(r->a, l, occur, n);
	}
	return EXEC_OK;
}

/*
 * A leaf's "field": absent or null for the default field, else a name.
 * (Strings never hold a NUL: jansson refuses \u0000 unless asked.)
 */
static int json_field(jreader *r, const json_t *obj, const char **field)
{
	const json_t *v = json_object_get(obj, "field");

	*field = NULL;
	if (v == NULL || json_is_null(v))
		return EXEC_OK;
	if (!json_is_string(v))
		return json_error(r, "\"field\" must be a string");
	if (json_string_length(v) == 0)
		return json_error(r, "field name is empty");
	*field = sql_arena_strndup(r->a, json_string_value(v), json_string_length(v));
	return EXEC_OK;
}

/* {"type": "match-all"} */
static int read_match_all(
	jreader *r, const json_t *v, const char *type, int depth, exec_search_node **out)
{
	(void)v, (void)type, (void)depth;
	*out = node_new(r->a, EXEC_SEARCH_MATCH_ALL, 0);
	return EXEC_OK;
}

/* {"type": "boolean", "must": [...], "should": [...], "must-not": [...]} */
static int read_boolean(
	jreader *r, const json_t *v, const char *type, int depth, exec_search_node **out)
{
	clause_list l = {0};

	(void)type;

	/* Bools as deep as a tree may be; the leaves below them are fine. */
	if (depth > EXEC_SEARCH_MAX_DEPTH) {
		too_deep(r->err, 0);
		store_err_detail(r->err, "At %s.", r->path);
		return EXEC_ERROR;
	}
	if (json_clauses(r, v, "must", EXEC_SEARCH_MUST, depth, &l) != EXEC_OK ||
		json_clauses(r, v, "should", EXEC_SEARCH_SHOULD, depth, &l) != EXEC_OK ||
		json_clauses(r, v, "must-not", EXEC_SEARCH_MUST_NOT, depth, &l) != EXEC_OK)
		return EXEC_ERROR;
	if (l.n == 0)
		return json_error(r, "boolean clause has no clauses");
	*out = bool_finish(r->a, &l, 0);
	return EXEC_OK;
}

/* A range: its bounds, open when null or absent, inclusive unless said otherwise. */
static int read_range(
	jreader *r, const json_t *v, const char *type, int depth, exec_search_node **out)
{
	exec_search_node *n = node_new(r->a, EXEC_SEARCH_RANGE, 0);
	bool il, iu, il2, iu2;

	(void)type, (void)depth;
	if (json_field(r, v, &n->field) != EXEC_OK ||
		json_text(r, v, "lower", true, &n->u.range.lower) != EXEC_OK ||
		json_text(r, v, "upper", true, &n->u.range.upper) != EXEC_OK ||
		json_flag(r, v, "include-lower", true, &il) != EXEC_OK ||
		json_flag(r, v, "include-lower?", true, &il2) != EXEC_OK ||
		json_flag(r, v, "include-upper", true, &iu) != EXEC_OK ||
		json_flag(r, v, "include-upper?", true, &iu2) != EXEC_OK)
		return EXEC_ERROR;
	n->u.range.include_lower = il && il2;
	n->u.range.include_upper = iu && iu2;
	*out = n;
	return EXEC_OK;
}

/* The leaves with a value: term, phrase, wildcard, prefix. */
static int read_leaf(
	jreader *r, const json_t *v, const char *type, int depth, exec_search_node **out)
{
	const char *field, *value, *pattern = NULL, *literal = NULL;
	exec_search_node *n;
	bool wild;

	(void)depth;
	if (json_field(r, v, &field) != EXEC_OK ||
		json_text(r, v, "value", false, &value) != EXEC_OK)
		return EXEC_ERROR;
	if (strcmp(type, "phrase") == 0) {
		n = node_new(r->a, EXEC_SEARCH_PHRASE, 0);
		n->u.text = value;
	} else if (strcmp(type, "term") == 0) {
		if (value[0] == '\0')
			return json_error(r, "term value is empty");
		n = node_new(r->a, EXEC_SEARCH_TERM, 0);
		n->u.text = value;
	} else {
		/* A prefix is a pattern of its value, escaped, then `*`. */
		if (strcmp(type, "prefix") == 0) {
			store_buf b = STORE_BUF_INIT;

			for (const char *s = value; *s != '\0'; s++) {
				if (*s == '*' || *s == '?' || *s == '\\')
					store_buf_putc(&b, '\\');
				store_buf_putc(&b, *s);
			}
			store_buf_putc(&b, '*');
			value = sql_arena_strndup(r->a, (const char *)b.data, b.len);
			store_buf_free(&b);
		}
		if (json_pattern(r, value, &pattern, &literal, &wild) != EXEC_OK)
			return EXEC_ERROR;
		if (literal[0] == '\0')
			return json_error(r, "wildcard pattern is empty");

		/* Without a wildcard it is a term, as the same text would be. */
		n = node_new(r->a, wild ? EXEC_SEARCH_WILDCARD : EXEC_SEARCH_TERM, 0);
		n->u.text = wild ? pattern : literal;
	}
	n->field = field;
	*out = n;
	return EXEC_OK;
}

/* The clause types: their keys and readers. */
static const struct clause_type {
	const char *type;
	const char *keys; /* space-separated */
	int (*read)(
		jreader *r, const json_t *v, const char *type, int depth, exec_search_node **out);
} clause_types[] = {
	{"term", "type field value", read_leaf},
	{"phrase", "type field value", read_leaf},
	{"wildcard", "type field value", read_leaf},
	{"prefix", "type field value", read_leaf},
	{"range",
		"type field lower upper include-lower include-upper include-lower? include-upper?",
		read_range},
	{"match-all", "type", read_match_all},
	{"boolean", "type must should must-not", read_boolean},
};

/* One clause object, at depth (the wrapper's clauses and the root are at 1). */
static int json_clause(jreader *r, const json_t *v, int depth, exec_search_node **out)
{
	const char *type;

	if (!json_is_object(v))
		return json_error(r, "search clause must be a JSON object");
	if (!json_is_string(json_object_get(v, "type")))
		return json_error(r, "search clause has no \"type\" string");
	type = json_string_value(json_object_get(v, "type"));
	for (size_t i = 0; i < sizeof(clause_types) / sizeof(clause_types[0]); i++) {
		const struct clause_type *ct = &clause_types[i];

		if (strcmp(type, ct->type) != 0)
			continue;
		if (json_keys(r, v, type, ct->keys) != EXEC_OK)
			return EXEC_ERROR;
		return ct->read(r, v, type, depth, out);
	}
	json_error(r, "unknown search clause type \"%.*s\"", utf8_prefix(type), type);
	store_err_hint(r->err,
		"The types are term, phrase, wildcard, prefix, range, match-all and boolean.");
	return EXEC_ERROR;
}

int exec_search_parse_json(
	sql_arena *a, const char *json, size_t len, exec_search_node **out, store_err *err)
{
	jreader r = {.a = a, .err = err, .path = "$", .pathlen = 1};
	json_error_t jerr;
	json_t *root;
	int rc;

	*out = NULL;
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		/* jansson counts the bytes it read, the bad one last; at the end, ours is after it. */
		size_t at = jerr.position <= 0             ? 0
			    : (size_t)jerr.position >= len ? len
							   : (size_t)jerr.position - 1;

		syntax_error(err, at, "invalid JSON in search query");
		store_err_detail(err, "%s.", jerr.text);
		return EXEC_ERROR;
	}

	/* ChronDB's wrapper: {"clauses": [...]}, every clause a MUST. */
	if (json_is_object(root) && json_object_get(root, "type") == NULL &&
		json_object_get(root, "clauses") != NULL) {
		clause_list l = {0};

		rc = json_keys(&r, root, "query", "clauses sort limit offset branch after hints");
		if (rc == EXEC_OK)
			rc = json_clauses(&r, root, "clauses", EXEC_SEARCH_MUST, 0, &l);
		if (rc == EXEC_OK && l.n == 0)
			rc = json_error(&r, "search query has no clauses");
		if (rc == EXEC_OK)
			*out = bool_finish(a, &l, 0);
	} else {
		rc = json_clause(&r, root, 1, out);
	}
	json_decref(root);
	if (rc == EXEC_OK)
		rc = check_depth(*out, 1, err);
	if (rc != EXEC_OK)
		*out = NULL;
	return rc;
}

/* ---- Printing ---- */

/* A term or field name: specials, spaces and the operators' names escaped. */
static void print_word(store_buf *out, const char *s)
{
	if (strcmp(s, "AND") == 0 || strcmp(s, "OR") == 0 || strcmp(s, "NOT") == 0)
		store_buf_putc(out, '\\');
	for (; *s != '\0'; s++) {
		if (is_special(*s) || is_space(*s))
			store_buf_putc(out, '\\');
		store_buf_putc(out, *s);
	}
}

/* A wildcard pattern: its wildcards and escapes as they are, other specials escaped. */
static void print_pattern(store_buf *out, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0') {
			store_buf_putc(out, '\\');
			store_buf_putc(out, *++s);
			continue;
		}
		if (*s != '*' && *s != '?' && (is_special(*s) || is_space(*s)))
			store_buf_putc(out, '\\');
		store_buf_putc(out, *s);
	}
}

static void print_quoted(store_buf *out, const char *s)
{
	store_buf_putc(out, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			store_buf_putc(out, '\\');
		store_buf_putc(out, *s);
	}
	store_buf_putc(out, '"');
}

/* A range bound: * when open, bare when that reads back the same, else quoted. */
static void print_bound(store_buf *out, const char *s)
{
	bool bare = s != NULL && s[0] != '\0' && s[0] != '"' && strcmp(s, "TO") != 0 &&
		    strcmp(s, "*") != 0;

	if (s == NULL) {
		store_buf_putc(out, '*');
		return;
	}
	for (const char *c = s; bare && *c != '\0'; c++)
		bare = !is_space(*c) && *c != '\\' && *c != ']' && *c != '}';
	if (bare)
		store_buf_puts(out, s);
	else
		print_quoted(out, s);
}

void exec_search_print(const exec_search_node *n, store_buf *out)
{
	bool any_should = false;

	if (n->field != NULL && n->kind != EXEC_SEARCH_BOOL && n->kind != EXEC_SEARCH_MATCH_ALL) {
		print_word(out, n->field);
		store_buf_putc(out, ':');
	}
	switch (n->kind) {
	case EXEC_SEARCH_MATCH_ALL:
		store_buf_puts(out, "*:*");
		break;
	case EXEC_SEARCH_TERM:
		print_word(out, n->u.text);
		break;
	case EXEC_SEARCH_PHRASE:
		print_quoted(out, n->u.text);
		break;
	case EXEC_SEARCH_WILDCARD:
		print_pattern(out, n->u.text);
		break;
	case EXEC_SEARCH_RANGE:
		store_buf_putc(out, n->u.range.include_lower ? '[' : '{');
		print_bound(out, n->u.range.lower);
		store_buf_puts(out, " TO ");
		print_bound(out, n->u.range.upper);
		store_buf_putc(out, n->u.range.include_upper ? ']' : '}');
		break;
	case EXEC_SEARCH_BOOL:
		/*
		 * With a SHOULD clause the clauses are joined by OR, a MUST
		 * marked +; without, by AND.  A MUST_NOT is NOT either way.
		 */
		for (int i = 0; i < n->u.bool_.n; i++)
			any_should |= n->u.bool_.clauses[i].occur == EXEC_SEARCH_SHOULD;
		store_buf_putc(out, '(');
		for (int i = 0; i < n->u.bool_.n; i++) {
			const exec_search_clause *c = &n->u.bool_.clauses[i];

			if (i > 0)
				store_buf_puts(out, any_should ? " OR " : " AND ");
			if (c->occur == EXEC_SEARCH_MUST_NOT)
				store_buf_puts(out, "NOT ");
			else if (c->occur == EXEC_SEARCH_MUST && any_should)
				store_buf_putc(out, '+');
			exec_search_print(c->node, out);
		}
		store_buf_putc(out, ')');
		break;
	}
}

static bool str_equal(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

bool exec_search_equal(const exec_search_node *a, const exec_search_node *b)
{
	if (a->kind != b->kind || !str_equal(a->field, b->field))
		return false;
	switch (a->kind) {
	case EXEC_SEARCH_MATCH_ALL:
		return true;
	case EXEC_SEARCH_TERM:
	case EXEC_SEARCH_PHRASE:
	case EXEC_SEARCH_WILDCARD:
		return strcmp(a->u.text, b->u.text) == 0;
	case EXEC_SEARCH_RANGE:
		return str_equal(a->u.range.lower, b->u.range.lower) &&
		       str_equal(a->u.range.upper, b->u.range.upper) &&
		       a->u.range.include_lower == b->u.range.include_lower &&
		       a->u.range.include_upper == b->u.range.include_upper;
	case EXEC_SEARCH_BOOL:
		if (a->u.bool_.n != b->u.bool_.n)
			return false;
		for (int i = 0; i < a->u.bool_.n; i++)
			if (a->u.bool_.clauses[i].occur != b->u.bool_.clauses[i].occur ||
				!exec_search_equal(
					a->u.bool_.clauses[i].node, b->u.bool_.clauses[i].node))
				return false;
		return true;
	}
	return false;
}
