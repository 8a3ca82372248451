/*
 * deparse.c - stored expressions printed back as PostgreSQL 15 prints
 * what it stored (its ruleutils.c): pg_get_constraintdef's CHECK
 * conditions, pg_get_expr's column defaults, and so psql's \d.
 *
 * ChronDB keeps CHECK conditions and defaults as the SQL text the user
 * wrote (catalog.h).  PostgreSQL keeps the analyzed tree and prints it
 * with its own rules: every operator, boolean combination and test in
 * parentheses; a constant bare only when the bare literal reads back as
 * its type (a non-negative integer, a numeric with a point, a boolean),
 * else quoted with a cast ('x'::text, '-1'::integer); implicit casts
 * shown inside operators and calls ((0)::numeric); BETWEEN, IN and LIKE
 * in their rewritten forms.  So the text is analyzed here against the
 * table, with casts of typed constants kept as nodes (an_ctx.keep_casts:
 * PostgreSQL's tree has them), and the result printed by those rules.
 * The pretty form (PRETTYFLAG_PAREN) parenthesizes a node only where
 * its parent's precedence needs it; both forms lay CASE out on lines
 * (PRETTYFLAG_INDENT, which both functions set).
 *
 * A node this printer does not know (subqueries, rows, subscripts,
 * parameters) makes the whole expression fail, and the caller prints
 * the text as written: never wrong SQL, at worst PostgreSQL's framing
 * around the user's spelling.
 *
 * XXX: the analyzer rewrites a few forms whose spelling PostgreSQL's
 * tree keeps, so they print differently: CURRENT_USER and the other session values
 * are constants (an expression holding a name constant prints as
 * written instead); POSITION, SUBSTRING ... FROM, TRIM and OVERLAY print
 * as function calls (EXTRACT is recognized by its name); every cast is printed as a cast function (simple
 * for the pretty form) where PostgreSQL, for a binary-coercible relabel
 * (varchar to text), looks at its operand.  Fixing them needs the
 * analyzer to record the written form in the nodes it builds.
 */
#include "deparse.h"

#include <ctype.h>
#include <string.h>

#include "array.h"

#define DP_INDENT 4 /* PostgreSQL's PRETTYINDENT_VAR */

typedef struct dp_ctx {
	exec_ctx *cx;
	sql_arena *a;
	store_buf *b;
	const cat_table *t;
	bool pretty;
	int indent;
	bool failed;
} dp_ctx;

/* How a node takes part in precedence: PostgreSQL's node families in isSimpleNode. */
typedef enum dp_class {
	DP_WORD, /* a column, a constant: never parenthesized */
	DP_FUNC, /* name(...), ARRAY[...], CASE ... END: their own brackets */
	DP_CAST, /* a cast: function-like, but its operand is parenthesized */
	DP_OP,   /* an operator */
	DP_TEST, /* IS [NOT] NULL, IS [NOT] TRUE..., IS DISTINCT FROM, op ANY/ALL */
	DP_BOOL, /* AND, OR, NOT */
	DP_SAOP, /* op ANY/ALL (array): never simple */
} dp_class;

static void rule_expr(dp_ctx *d, const exec_expr *e, bool showimplicit);

static bool is_func_name(const char *name)
{
	return name != NULL && (isalpha((unsigned char)name[0]) || name[0] == '_');
}

static dp_class node_class(const exec_expr *e)
{
	switch (e->kind) {
	case EXPR_CONST:
	case EXPR_VAR:
		return DP_WORD;
	case EXPR_CALL:
		return is_func_name(e->name) ? DP_FUNC : DP_OP;
	case EXPR_CAST:
		return DP_CAST;
	case EXPR_AND:
	case EXPR_OR:
	case EXPR_NOT:
		return DP_BOOL;
	case EXPR_DISTINCT:
		return e->negated ? DP_BOOL : DP_TEST; /* NOT (a IS DISTINCT FROM b) */
	case EXPR_NULLTEST:
	case EXPR_BOOLTEST:
		return DP_TEST;
	case EXPR_SCALAR_ARRAY:
		return DP_SAOP;
	default:
		return DP_FUNC; /* CASE, COALESCE, NULLIF, GREATEST, ARRAY */
	}
}

/* A binary operator's rank: 1 for + -, 2 for * / %, 0 for any other (->> too). */
static int arith_prio(const exec_expr *e)
{
	if (e->kind != EXPR_CALL || e->nargs != 2 || is_func_name(e->name) || e->name[1] != '\0')
		return 0;
	if (strchr("+-", e->name[0]) != NULL)
		return 1;
	return strchr("*/%", e->name[0]) != NULL ? 2 : 0;
}

/*
 * Whether node needs no parentheses under parent in the pretty form, as
 * PostgreSQL's isSimpleNode decides: words and function-like nodes never
 * do; an operator under an arithmetic operator only when it binds
 * tighter (or is the left one of equal rank); tests and operators under
 * boolean combinations and inside function-like brackets do not; AND
 * under AND or OR, OR under OR do not.
 */
static bool is_simple(const exec_expr *node, const exec_expr *parent)
{
	dp_class c = node_class(node), pc = node_class(parent);

	switch (c) {
	case DP_WORD:
	case DP_FUNC:
	case DP_CAST:
		return true;
	case DP_OP:
		if (pc == DP_OP) {
			int p = arith_prio(node), pp = arith_prio(parent);

			if (p == 0 || pp == 0)
				return false;
			if (p != pp)
				return p > pp;
			return parent->args[0] == node;
		}
		/* fall through */
	case DP_TEST:
		return pc == DP_BOOL || pc == DP_FUNC;
	case DP_BOOL:
		if (parent->kind == EXPR_AND || parent->kind == EXPR_OR)
			return node->kind != EXPR_OR || parent->kind == EXPR_OR;
		return pc == DP_FUNC;
	case DP_SAOP:
		return false;
	}
	return false;
}

static void rule_expr_paren(
	dp_ctx *d, const exec_expr *e, bool showimplicit, const exec_expr *parent)
{
	bool paren = d->pretty && !is_simple(e, parent);

	if (paren)
		store_buf_putc(d->b, '(');
	rule_expr(d, e, showimplicit);
	if (paren)
		store_buf_putc(d->b, ')');
}

static void open_paren(dp_ctx *d)
{
	if (!d->pretty)
		store_buf_putc(d->b, '(');
}

static void close_paren(dp_ctx *d)
{
	if (!d->pretty)
		store_buf_putc(d->b, ')');
}

/* A keyword on a line of its own, indented (PostgreSQL's appendContextKeyword). */
static void keyword_line(dp_ctx *d, const char *kw, int before, int after)
{
	d->indent += before;
	while (d->b->len > 0 && d->b->data[d->b->len - 1] == ' ')
		d->b->len--;
	store_buf_putc(d->b, '\n');
	for (int i = 0; i < (d->indent > 0 ? d->indent : 0); i++)
		store_buf_putc(d->b, ' ');
	store_buf_puts(d->b, kw);
	d->indent += after;
	if (d->indent < 0)
		d->indent = 0;
}

static void type_label(dp_ctx *d, exec_oid type, int32_t typmod)
{
	char name[160];

	cat_format_type(type, typmod, name, sizeof(name));
	store_buf_printf(d->b, "::%s", name);
}

static void quote_literal(dp_ctx *d, const char *s, size_t n)
{
	store_buf_putc(d->b, '\'');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\'')
			store_buf_putc(d->b, '\'');
		store_buf_putc(d->b, s[i]);
	}
	store_buf_putc(d->b, '\'');
}

/*
 * A constant as PostgreSQL's get_const_expr prints it: showtype -1 never
 * labels it (the cast above it will), 0 labels it unless the bare
 * literal would read back as the same type.
 */
static void const_expr(dp_ctx *d, const exec_expr *e, int showtype)
{
	store_buf out = STORE_BUF_INIT;
	bool label = true;
	const char *s;

	if (e->value.isnull) {
		store_buf_puts(d->b, "NULL");
		if (showtype >= 0)
			type_label(d, e->type, e->typmod);
		return;
	}
	if (e->type == EXEC_OID_NAME || exec_value_out(d->cx, &e->value, &out) != EXEC_OK) {
		d->failed = true; /* a session value (CURRENT_USER): see the XXX above */
		store_buf_free(&out);
		return;
	}
	store_buf_putc(&out, '\0');
	s = (const char *)out.data;
	switch (e->type) {
	case EXEC_OID_INT4:
		if (s[0] != '-') {
			store_buf_puts(d->b, s);
			label = false;
		} else {
			quote_literal(d, s, strlen(s));
		}
		break;
	case EXEC_OID_NUMERIC:
		if (isdigit((unsigned char)s[0]) && strpbrk(s, "eE.") != NULL) {
			store_buf_puts(d->b, s);
			label = e->typmod >= 0;
		} else {
			quote_literal(d, s, strlen(s));
		}
		break;
	case EXEC_OID_BOOL:
		store_buf_puts(d->b, strcmp(s, "t") == 0 ? "true" : "false");
		label = false;
		break;
	default:
		quote_literal(d, s, strlen(s));
		label = e->type != EXEC_OID_UNKNOWN;
		break;
	}
	store_buf_free(&out);
	if (label && showtype >= 0)
		type_label(d, e->type, e->typmod);
}

/* A cast shown: (arg)::type, or a constant of the type labelled once (get_coercion_expr). */
static void coercion_expr(dp_ctx *d, const exec_expr *e)
{
	const exec_expr *arg = e->args[0];

	if (arg->kind == EXPR_CONST && arg->type == e->type && arg->typmod < 0) {
		const_expr(d, arg, -1);
	} else {
		open_paren(d);
		rule_expr_paren(d, arg, false, e);
		close_paren(d);
	}
	type_label(d, e->type, e->typmod);
}

/* Arguments separated by commas, implicit casts shown. */
static void arg_list(dp_ctx *d, exec_expr *const *args, int n)
{
	for (int i = 0; i < n; i++) {
		if (i > 0)
			store_buf_puts(d->b, ", ");
		rule_expr(d, args[i], true);
	}
}

/* CURRENT_DATE and friends, EXTRACT: the SQL syntax PostgreSQL keeps them in. */
static const char *const value_funcs[] = {
	"current_date", "current_time", "current_timestamp", "localtime", "localtimestamp", NULL};

static void call_expr(dp_ctx *d, const exec_expr *e)
{
	for (int i = 0; value_funcs[i] != NULL; i++) {
		if (strcmp(e->name, value_funcs[i]) != 0)
			continue;
		for (const char *p = e->name; *p; p++)
			store_buf_putc(d->b, toupper((unsigned char)*p));
		if (e->nargs == 1) {
			store_buf_putc(d->b, '(');
			rule_expr(d, e->args[0], false);
			store_buf_putc(d->b, ')');
		}
		return;
	}
	if (strcmp(e->name, "extract") == 0 && e->nargs == 2 && e->args[0]->kind == EXPR_CONST &&
		e->args[0]->type == EXEC_OID_TEXT && !e->args[0]->value.isnull) {
		/* EXTRACT(field FROM x), the syntax PostgreSQL keeps it in. */
		store_buf_puts(d->b, "EXTRACT(");
		store_buf_put(d->b, e->args[0]->value.v.s.p, e->args[0]->value.v.s.len);
		store_buf_puts(d->b, " FROM ");
		rule_expr(d, e->args[1], false);
		store_buf_putc(d->b, ')');
		return;
	}
	store_buf_printf(d->b, "%s(", exec_quote_ident(d->a, e->name));
	arg_list(d, e->args, e->nargs);
	store_buf_putc(d->b, ')');
}

static void op_expr(dp_ctx *d, const exec_expr *e)
{
	open_paren(d);
	if (e->nargs == 2) {
		rule_expr_paren(d, e->args[0], true, e);
		store_buf_printf(d->b, " %s ", e->name);
		rule_expr_paren(d, e->args[1], true, e);
	} else {
		store_buf_printf(d->b, "%s ", e->name);
		rule_expr_paren(d, e->args[0], true, e);
	}
	close_paren(d);
}

static exec_expr *new_node(dp_ctx *d, exec_expr_kind kind, exec_oid type)
{
	return exec_expr_new(d->a, kind, type, EXEC_TYPMOD_NONE);
}

static bool has_var(const exec_expr *e)
{
	if (e->kind == EXPR_VAR)
		return true;
	for (int i = 0; i < e->nargs; i++)
		if (has_var(e->args[i]))
			return true;
	return false;
}

/*
 * x [NOT] IN (items) as PostgreSQL's transformAExprIn builds it: the
 * items without columns, when more than one, become x = ANY (ARRAY[...])
 * (x <> ALL for NOT IN); every other item its own x = item (x <> item);
 * all of them ORed (ANDed).
 */
static exec_expr *in_list_tree(dp_ctx *d, const exec_expr *e)
{
	const char *op = e->negated ? "<>" : "=";
	exec_expr **terms = sql_arena_alloc(d->a, (size_t)e->nargs * sizeof(*terms));
	exec_expr **consts = sql_arena_alloc(d->a, (size_t)e->nargs * sizeof(*consts));
	int nterms = 0, nconsts = 0;
	exec_expr *top;

	for (int i = 1; i < e->nargs; i++)
		if (!has_var(e->args[i]))
			consts[nconsts++] = e->args[i];
	if (nconsts > 1) {
		exec_expr *arr = new_node(d, EXPR_ARRAY, exec_array_type_of(e->args[0]->type));
		exec_expr *saop = new_node(d, EXPR_SCALAR_ARRAY, EXEC_OID_BOOL), *args[2];

		exec_expr_set_args(d->a, arr, nconsts, consts);
		args[0] = e->args[0];
		args[1] = arr;
		exec_expr_set_args(d->a, saop, 2, args);
		saop->name = op;
		saop->all = e->negated;
		terms[nterms++] = saop;
	}
	for (int i = 1; i < e->nargs; i++) {
		exec_expr *args[2];

		if (nconsts > 1 && !has_var(e->args[i]))
			continue;
		args[0] = e->args[0];
		args[1] = e->args[i];
		terms[nterms] = exec_expr_call(d->a, NULL, op, true, EXEC_OID_BOOL, 2, args);
		nterms++;
	}
	if (nterms == 1)
		return terms[0];
	top = new_node(d, e->negated ? EXPR_AND : EXPR_OR, EXEC_OID_BOOL);
	exec_expr_set_args(d->a, top, nterms, terms);
	return top;
}

static void case_expr(dp_ctx *d, const exec_expr *e)
{
	int nwhen = e->nargs / 2;

	keyword_line(d, "CASE", 0, DP_INDENT);
	if (e->case_arg != NULL) {
		store_buf_putc(d->b, ' ');
		rule_expr(d, e->case_arg, true);
	}
	for (int i = 0; i < nwhen; i++) {
		const exec_expr *w = e->args[2 * i];

		/* A simple CASE's condition case_arg = v shows only v. */
		if (e->case_arg != NULL && w->kind == EXPR_CALL && w->nargs == 2)
			w = w->args[1];
		keyword_line(d, "WHEN ", 0, 0);
		rule_expr(d, w, false);
		store_buf_puts(d->b, " THEN ");
		rule_expr(d, e->args[2 * i + 1], true);
	}
	keyword_line(d, "ELSE ", 0, 0);
	if (e->nargs % 2 == 1) {
		rule_expr(d, e->args[e->nargs - 1], true);
	} else {
		/* No ELSE: PostgreSQL stores a NULL of the CASE's type. */
		store_buf_puts(d->b, "NULL");
		type_label(d, e->type, e->typmod);
	}
	keyword_line(d, "END", -DP_INDENT, 0);
}

static void bool_expr(dp_ctx *d, const exec_expr *e)
{
	const char *sep = e->kind == EXPR_AND ? " AND " : " OR ";

	open_paren(d);
	if (e->kind == EXPR_NOT) {
		store_buf_puts(d->b, "NOT ");
		rule_expr_paren(d, e->args[0], false, e);
	} else {
		for (int i = 0; i < e->nargs; i++) {
			if (i > 0)
				store_buf_puts(d->b, sep);
			rule_expr_paren(d, e->args[i], false, e);
		}
	}
	close_paren(d);
}

static void test_expr(dp_ctx *d, const exec_expr *e)
{
	static const char *const booltests[] = {[SQL_IS_TRUE] = " IS TRUE",
		[SQL_IS_NOT_TRUE] = " IS NOT TRUE",
		[SQL_IS_FALSE] = " IS FALSE",
		[SQL_IS_NOT_FALSE] = " IS NOT FALSE",
		[SQL_IS_UNKNOWN] = " IS UNKNOWN",
		[SQL_IS_NOT_UNKNOWN] = " IS NOT UNKNOWN"};

	open_paren(d);
	rule_expr_paren(d, e->args[0], e->kind != EXPR_BOOLTEST, e);
	if (e->kind == EXPR_NULLTEST) {
		store_buf_puts(d->b, e->negated ? " IS NOT NULL" : " IS NULL");
	} else if (e->kind == EXPR_BOOLTEST) {
		store_buf_puts(d->b, booltests[e->test]);
	} else {
		store_buf_puts(d->b, " IS DISTINCT FROM ");
		rule_expr_paren(d, e->args[1], true, e);
	}
	close_paren(d);
}

static void rule_expr(dp_ctx *d, const exec_expr *e, bool showimplicit)
{
	if (d->failed)
		return;
	switch (e->kind) {
	case EXPR_CONST:
		const_expr(d, e, 0);
		return;
	case EXPR_VAR:
		if (d->t == NULL || e->up != 0 || e->index >= d->t->ncols)
			break;
		store_buf_puts(d->b, exec_quote_ident(d->a, d->t->cols[e->index].name));
		return;
	case EXPR_CAST:
		/* An implicit cast is shown only where PostgreSQL asks to see them. */
		if (e->cast_context != EXEC_CAST_EXPLICIT && !showimplicit)
			rule_expr_paren(d, e->args[0], false, e);
		else
			coercion_expr(d, e);
		return;
	case EXPR_CALL:
		if (is_func_name(e->name))
			call_expr(d, e);
		else
			op_expr(d, e);
		return;
	case EXPR_AND:
	case EXPR_OR:
	case EXPR_NOT:
		bool_expr(d, e);
		return;
	case EXPR_DISTINCT:
		if (e->negated) {
			/* PostgreSQL keeps IS NOT DISTINCT FROM as NOT over IS DISTINCT FROM. */
			exec_expr *plain = new_node(d, EXPR_DISTINCT, EXEC_OID_BOOL);
			exec_expr *not = new_node(d, EXPR_NOT, EXEC_OID_BOOL);

			exec_expr_set_args(d->a, plain, 2, e->args);
			exec_expr_set_args(d->a, not, 1, &plain);
			bool_expr(d, not );
			return;
		}
		test_expr(d, e);
		return;
	case EXPR_NULLTEST:
	case EXPR_BOOLTEST:
		test_expr(d, e);
		return;
	case EXPR_IN_LIST:
		rule_expr(d, in_list_tree(d, e), showimplicit);
		return;
	case EXPR_SCALAR_ARRAY:
		if (e->name == NULL)
			break;
		open_paren(d);
		rule_expr_paren(d, e->args[0], true, e);
		store_buf_printf(d->b, " %s %s (", e->name, e->all ? "ALL" : "ANY");
		rule_expr_paren(d, e->args[1], true, e);
		store_buf_putc(d->b, ')');
		close_paren(d);
		return;
	case EXPR_ARRAY:
		store_buf_puts(d->b, "ARRAY[");
		arg_list(d, e->args, e->nargs);
		store_buf_putc(d->b, ']');
		return;
	case EXPR_CASE:
		case_expr(d, e);
		return;
	case EXPR_COALESCE:
	case EXPR_NULLIF:
	case EXPR_MINMAX:
		store_buf_puts(d->b, e->kind == EXPR_COALESCE ? "COALESCE("
				     : e->kind == EXPR_NULLIF ? "NULLIF("
				     : e->greatest            ? "GREATEST("
							      : "LEAST(");
		arg_list(d, e->args, e->nargs);
		store_buf_putc(d->b, ')');
		return;
	default:
		break;
	}
	d->failed = true;
}

const char *exec_deparse(exec_stmt *st, const cat_table *t, const cat_column *col, const char *sql,
	bool pretty, sql_arena *a)
{
	store_err err;
	store_buf b = STORE_BUF_INIT;
	dp_ctx d;
	an_ctx c;
	exec_expr *e;
	const char *out = NULL;

	/* Analyze the text as the executor does, keeping the casts PostgreSQL's tree has. */
	exec_stmt_analyzer(st, &c);
	store_err_clear(&err);
	c.err = &err;
	c.cx.err = &err;
	c.keep_casts = true;
	e = exec_parse_expr(&c, t != NULL ? exec_table_scope(&c, t, NULL) : an_scope_new(&c, NULL),
		sql, col != NULL ? "default" : "check constraint");
	if (e != NULL && col != NULL)
		e = an_coerce(&c, e, col->type, EXEC_TYPMOD_NONE, EXEC_CAST_ASSIGNMENT, "default");

	/* Print it; a node the printer does not know leaves the text to the caller. */
	if (e != NULL) {
		memset(&d, 0, sizeof(d));
		d.cx = &c.cx;
		d.a = a;
		d.b = &b;
		d.t = t;
		d.pretty = pretty;
		rule_expr(&d, e, false);
		if (!d.failed)
			out = sql_arena_strndup(a, b.len ? (const char *)b.data : "", b.len);
	}
	store_buf_free(&b);
	an_ctx_release(&c);
	return out;
}
