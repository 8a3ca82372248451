/*
 * deparse.c - stored expressions and view queries printed back as
 * PostgreSQL 15 prints what it stored (its ruleutils.c):
 * pg_get_constraintdef's CHECK conditions, pg_get_expr's column
 * defaults, pg_get_viewdef's queries, and so psql's \d, \d+ and \sv.
 *
 * Expressions.  ChronDB keeps CHECK conditions and defaults as the SQL
 * text the user wrote (catalog.h).  PostgreSQL keeps the analyzed tree
 * and prints it with its own rules: every operator, boolean combination
 * and test in parentheses; a constant bare only when the bare literal
 * reads back as its type (a non-negative integer, a numeric with a
 * point, a boolean), else quoted with a cast ('x'::text, '-1'::integer);
 * implicit casts shown inside operators and calls ((0)::numeric);
 * BETWEEN, IN and LIKE in their rewritten forms.  So the text is
 * analyzed here against the table, with casts of typed constants kept
 * as nodes (an_ctx.keep_casts: PostgreSQL's tree has them), and the
 * result printed by those rules.  The pretty form (PRETTYFLAG_PAREN)
 * parenthesizes a node only where its parent's precedence needs it;
 * both forms lay CASE out on lines (PRETTYFLAG_INDENT, which every
 * caller sets).
 *
 * Queries.  A view's query is analyzed with each level's analysis kept
 * (an_level, select.c) and printed as get_query_def prints a Query: the
 * layout of PRETTYFLAG_INDENT (a clause keyword per line, the select
 * list wrapped at wrap columns), every column qualified by its FROM
 * item's name, those names made unique across the levels as
 * set_rtable_names makes them (t, t_1), `*` expanded, AS shown where a
 * column's name is not the one its expression gives.  What the analyzer
 * drops and PostgreSQL's tree keeps (the spelling of SUBSTRING, OVER w,
 * a subquery's text, a jsonb subscript) is read from the parser's nodes
 * at the analyzed node's position (ast_at).
 *
 * A node this printer does not know (parameters, a VALUES renamed by
 * the view, a slice mixed with plain subscripts...) makes the whole
 * print fail, and the caller shows the text as written: never wrong
 * SQL, never PostgreSQL's layout around something else.
 *
 * XXX: in expressions (CHECK, defaults) the analyzer's rewrites of
 * CURRENT_USER and the other session values (constants: an expression
 * holding a name constant prints as written instead), POSITION,
 * SUBSTRING ... FROM, TRIM and OVERLAY (function calls) are printed as
 * the calls they became; views have the parser's nodes and print them
 * as PostgreSQL does.  Fixing expressions needs the analyzer to record
 * the written form in the nodes it builds.
 */
#include "deparse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "basic.h"
#include "seq.h"
#include "srf.h"
#include "syscat.h"

#define DP_INDENT_STD   8  /* PostgreSQL's PRETTYINDENT_STD: a clause */
#define DP_INDENT_JOIN  4  /* PRETTYINDENT_JOIN */
#define DP_INDENT       4  /* PRETTYINDENT_VAR: CASE, a wrapped list item */
#define DP_INDENT_LIMIT 40 /* PRETTYINDENT_LIMIT: past it, indentation grows slower */

typedef struct dp_ns dp_ns;

typedef struct dp_ctx {
	exec_ctx *cx;
	sql_arena *a;
	store_buf *b;
	const cat_table *t; /* an expression's table (CHECK, default) */
	bool pretty;
	int indent;
	bool failed;

	/* Queries. */
	const an_ctx *c;      /* the analysis: its levels and its text */
	int wrap;             /* select and FROM lists break past this column (0: always) */
	dp_ns *ns;            /* the levels being printed, innermost first */
	const sql_node **ast; /* the query's parser nodes, by position */
	int nast;
	bool colnames_visible; /* output names matter (not in a sublink or a set operation's right) */
} dp_ctx;

/* One query level being printed: PostgreSQL's deparse_namespace. */
struct dp_ns {
	const an_level *lv;
	const char **refnames; /* the name of each of lv->sc's FROM items, NULL for none */
	bool view;             /* the view's own level, whose rules reserve old and new */
	const sql_join *join;  /* the innermost join being printed (its right side, its ON) */
	dp_ns *up;
};

/* What a query's output columns are called and typed, when its caller says. */
typedef struct dp_out {
	const char *const *cols; /* the view's column names */
	int ncols;
	const exec_oid *types; /* a set operation's column types, for its leaves' literals */
} dp_out;

/* How a node takes part in precedence: PostgreSQL's node families in isSimpleNode. */
typedef enum dp_class {
	DP_WORD,   /* a column, a constant: never parenthesized */
	DP_FUNC,   /* name(...), ARRAY[...], CASE ... END: their own brackets */
	DP_CAST,   /* a cast function, a SQL-syntax call: function-like, operands parenthesized */
	DP_RECAST, /* a relabel or I/O conversion: as simple as its operand */
	DP_OP,     /* an operator */
	DP_TEST,   /* IS [NOT] NULL, IS [NOT] TRUE..., IS DISTINCT FROM, a sublink */
	DP_BOOL,   /* AND, OR, NOT */
	DP_SAOP,   /* op ANY/ALL (array): never simple */
} dp_class;

static void rule_expr(dp_ctx *d, const exec_expr *e, bool showimplicit);
static void query_def(dp_ctx *d, const sql_select *q, int indent, bool visible, const dp_out *out);

/* ---- The parser's nodes, found by position ---- */

static int node_cmp(const void *x, const void *y)
{
	const sql_node *a = *(const sql_node *const *)x, *b = *(const sql_node *const *)y;

	return (a->loc > b->loc) - (a->loc < b->loc);
}

typedef struct ast_collect {
	dp_ctx *d;
	int cap;
} ast_collect;

static sql_walk_result ast_add(sql_node *n, int depth, void *arg)
{
	ast_collect *ac = arg;
	dp_ctx *d = ac->d;

	(void)depth;
	if (n->loc < 0 || n->kind == SQL_LIST)
		return SQL_WALK_CONTINUE;
	if (d->nast == ac->cap) {
		int cap = ac->cap ? 2 * ac->cap : 64;
		const sql_node **g = sql_arena_alloc(d->a, (size_t)cap * sizeof(*g));

		if (d->nast > 0)
			memcpy(g, d->ast, (size_t)d->nast * sizeof(*g));
		d->ast = g;
		ac->cap = cap;
	}
	d->ast[d->nast++] = n;
	return SQL_WALK_CONTINUE;
}

/* Index the nodes of root by position, for ast_at. */
static void ast_index(dp_ctx *d, const sql_node *root)
{
	ast_collect ac = {d, 0};

	sql_walk((sql_node *)root, ast_add, &ac);
	if (d->nast > 1)
		qsort(d->ast, (size_t)d->nast, sizeof(*d->ast), node_cmp);
}

/*
 * The parser's node of kind that starts at byte loc, NULL when none:
 * the written form of an analyzed node (which keeps its node's loc).
 */
static const sql_node *ast_at(const dp_ctx *d, int loc, sql_node_kind kind)
{
	int lo = 0, hi = d->nast;

	if (loc < 0)
		return NULL;
	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (d->ast[mid]->loc < loc)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < d->nast && d->ast[lo]->loc == loc; lo++)
		if (d->ast[lo]->kind == kind)
			return d->ast[lo];
	return NULL;
}

/*
 * The subscripts or field selections written after the operand at loc
 * (x[1], (x)[1:2]): the analyzed node sits where its operand starts,
 * which a parenthesized operand does not share with the indirection.
 */
static const sql_indirection *indirection_at(const dp_ctx *d, int loc)
{
	const sql_node *n = ast_at(d, loc, SQL_INDIRECTION);

	for (int i = 0; n == NULL && loc >= 0 && i < d->nast; i++)
		if (d->ast[i]->kind == SQL_INDIRECTION &&
			sql_as_indirection((sql_node *)d->ast[i])->arg->loc == loc)
			n = d->ast[i];
	return n != NULL ? sql_as_indirection((sql_node *)n) : NULL;
}

/* A call written in one of SQL's special syntaxes (SUBSTRING(x FROM 1)...), or NULL. */
static const sql_funccall *sql_syntax_call(const dp_ctx *d, const exec_expr *e)
{
	const sql_node *n = ast_at(d, e->loc, SQL_FUNCCALL);

	if (n == NULL || sql_as_funccall((sql_node *)n)->syntax != SQL_FUNC_SQL_SYNTAX)
		return NULL;
	return sql_as_funccall((sql_node *)n);
}

/* ---- Precedence ---- */

static bool is_func_name(const char *name)
{
	return name != NULL && (isalpha((unsigned char)name[0]) || name[0] == '_');
}

/*
 * How PostgreSQL converts the cast's operand: a function ('f', and every
 * length coercion), or a relabel or I/O conversion ('b', 'i'), which
 * isSimpleNode sees through.
 */
static char cast_method(const exec_expr *e)
{
	if (e->typmod >= 0)
		return 'f';
	return exec_syscat_cast_method(e->args[0]->type, e->type);
}

/* Whether e reads a column of its own level (contain_vars_of_level(e, 0)). */
static bool has_var(const exec_expr *e)
{
	if (e->kind == EXPR_VAR && e->up == 0)
		return true;
	for (int i = 0; i < e->nargs; i++)
		if (has_var(e->args[i]))
			return true;
	return false;
}

/*
 * x IS [NOT] DISTINCT FROM NULL, with NULL written bare, as the
 * IS [NOT] NULL test PostgreSQL makes of it (transformAExprDistinct);
 * NULL for any other form.
 */
static const exec_expr *null_test(const dp_ctx *d, const exec_expr *e)
{
	exec_expr *t;
	int k;

	if (e->kind != EXPR_DISTINCT || d->c == NULL)
		return NULL;
	for (k = 0; k < 2; k++) {
		const exec_expr *a = e->args[k];
		const sql_node *lit = a->kind == EXPR_CONST && a->value.isnull
					      ? ast_at(d, a->loc, SQL_CONST)
					      : NULL;

		if (lit != NULL && sql_as_const((sql_node *)lit)->ckind == SQL_CONST_NULL)
			break;
	}
	if (k == 2)
		return NULL;
	t = exec_expr_new(d->a, EXPR_NULLTEST, EXEC_OID_BOOL, EXEC_TYPMOD_NONE);
	exec_expr_set_args(d->a, t, 1, &e->args[1 - k]);
	t->negated = !e->negated;
	return t;
}

static dp_class node_class(const dp_ctx *d, const exec_expr *e)
{
	switch (e->kind) {
	case EXPR_CONST:
	case EXPR_VAR:
	case EXPR_LATERAL:
	case EXPR_PARAM:
		return DP_WORD;
	case EXPR_CALL:
		if (!is_func_name(e->name))
			return DP_OP;
		return sql_syntax_call(d, e) != NULL ? DP_CAST : DP_FUNC;
	case EXPR_CAST:
		return cast_method(e) == 'f' ? DP_CAST : DP_RECAST;
	case EXPR_AND:
	case EXPR_OR:
	case EXPR_NOT:
		return DP_BOOL;
	case EXPR_DISTINCT:
		/* NOT (a IS DISTINCT FROM b), unless it is a NULL test */
		return e->negated && null_test(d, e) == NULL ? DP_BOOL : DP_TEST;
	case EXPR_NULLTEST:
	case EXPR_BOOLTEST:
	case EXPR_SUBPLAN:
		return DP_TEST;
	case EXPR_SCALAR_ARRAY:
		return DP_SAOP;
	case EXPR_IN_LIST: {
		/* As in_list_tree builds it: one = ANY, one =, or several of them ORed. */
		int consts = 0, vars = 0;

		for (int i = 1; i < e->nargs; i++) {
			if (has_var(e->args[i]))
				vars++;
			else
				consts++;
		}
		if (vars + (consts > 1 ? 1 : consts) > 1)
			return DP_BOOL;
		return consts > 1 ? DP_SAOP : DP_OP;
	}
	default:
		return DP_FUNC; /* CASE, COALESCE, NULLIF, GREATEST, ARRAY, ROW, aggregates */
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
 * do, a relabel or I/O cast when its operand does not; an operator under
 * an arithmetic operator only when it binds tighter (or is the left one
 * of equal rank); tests and operators under boolean combinations and
 * inside function-like brackets do not; AND under AND or OR, OR under
 * OR do not.
 */
static bool is_simple(const dp_ctx *d, const exec_expr *node, const exec_expr *parent)
{
	dp_class c = node_class(d, node), pc = node_class(d, parent);

	switch (c) {
	case DP_WORD:
	case DP_FUNC:
	case DP_CAST:
		return true;
	case DP_RECAST:
		return is_simple(d, node->args[0], node);
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
	bool paren = d->pretty && !is_simple(d, e, parent);

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

/*
 * A keyword on a line of its own, indented (PostgreSQL's
 * appendContextKeyword): past DP_INDENT_LIMIT the indentation grows at
 * half the rate and wraps, so deep nesting stays within a line.
 */
static void keyword_line(dp_ctx *d, const char *kw, int before, int after, int plus)
{
	int amount;

	d->indent += before;
	while (d->b->len > 0 && d->b->data[d->b->len - 1] == ' ')
		d->b->len--;
	store_buf_putc(d->b, '\n');
	if (d->indent < DP_INDENT_LIMIT) {
		amount = (d->indent > 0 ? d->indent : 0) + plus;
	} else {
		amount = DP_INDENT_LIMIT + (d->indent - DP_INDENT_LIMIT) / (DP_INDENT_STD / 2);
		amount = amount % DP_INDENT_LIMIT + plus;
	}
	for (int i = 0; i < amount; i++)
		store_buf_putc(d->b, ' ');
	store_buf_puts(d->b, kw);
	d->indent += after;
	if (d->indent < 0)
		d->indent = 0;
}

static const char *quote(dp_ctx *d, const char *name)
{
	return exec_quote_ident(d->a, name);
}

/* ---- Constants and casts ---- */

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

/* CURRENT_USER and the other values PostgreSQL keeps as SQLValueFunction. */
static const char *const value_words[] = {[SQL_CURRENT_DATE] = "CURRENT_DATE",
	[SQL_CURRENT_TIME] = "CURRENT_TIME",
	[SQL_CURRENT_TIMESTAMP] = "CURRENT_TIMESTAMP",
	[SQL_LOCALTIME] = "LOCALTIME",
	[SQL_LOCALTIMESTAMP] = "LOCALTIMESTAMP",
	[SQL_CURRENT_ROLE] = "CURRENT_ROLE",
	[SQL_CURRENT_USER] = "CURRENT_USER",
	[SQL_SESSION_USER] = "SESSION_USER",
	[SQL_USER] = "USER",
	[SQL_CURRENT_CATALOG] = "CURRENT_CATALOG",
	[SQL_CURRENT_SCHEMA] = "CURRENT_SCHEMA"};

static void const_expr(dp_ctx *d, const exec_expr *e, int showtype);

/*
 * A literal cast to a type with a length ('abc'::char(5), 1.5::numeric(5,2)),
 * which the analyzer read with the length applied: PostgreSQL reads it
 * without (only interval takes its fields at input) and keeps the
 * length coercion above it, so it prints the literal as written read as
 * the type, then the type with its length.
 */
static void typed_literal(dp_ctx *d, const exec_expr *e)
{
	const sql_node *n = ast_at(d, e->loc, SQL_CAST);
	const sql_const *k;
	exec_expr x = *e;

	if (n == NULL || sql_as_cast((sql_node *)n)->arg->kind != SQL_CONST) {
		d->failed = true;
		return;
	}
	k = sql_as_const(sql_as_cast((sql_node *)n)->arg);
	x.typmod = EXEC_TYPMOD_NONE;
	if (k->text == NULL || exec_value_in(d->cx, e->type, EXEC_TYPMOD_NONE, k->text,
				       strlen(k->text), &x.value) != EXEC_OK) {
		d->failed = true;
		return;
	}
	const_expr(d, &x, -1);
	type_label(d, e->type, e->typmod);
}

/*
 * A constant as PostgreSQL's get_const_expr prints it: showtype -1 never
 * labels it (the cast above it will), 0 labels it unless the bare
 * literal would read back as the same type, 1 always does.
 */
static void const_expr(dp_ctx *d, const exec_expr *e, int showtype)
{
	store_buf out = STORE_BUF_INIT;
	bool label = true;
	const char *s;

	if (e->type == EXEC_OID_NAME) {
		/* CURRENT_USER, CURRENT_SCHEMA...: constants here, their words in PostgreSQL. */
		const sql_node *vf = ast_at(d, e->loc, SQL_VALUE_FUNC);

		if (vf == NULL) {
			d->failed = true; /* see the XXX above */
			return;
		}
		store_buf_puts(d->b, value_words[sql_as_value_func((sql_node *)vf)->op]);
		return;
	}
	if (e->value.isnull) {
		store_buf_puts(d->b, "NULL");
		if (showtype >= 0)
			type_label(d, e->type, e->typmod);
		return;
	}
	if (d->c != NULL && e->typmod >= 0 && e->type != EXEC_OID_INTERVAL && showtype >= 0) {
		typed_literal(d, e);
		return;
	}
	if (exec_value_out(d->cx, &e->value, &out) != EXEC_OK) {
		d->failed = true;
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
	if ((label && showtype >= 0) || showtype > 0)
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

/* ---- Calls and operators ---- */

/* Arguments separated by commas, implicit casts shown. */
static void arg_list(dp_ctx *d, exec_expr *const *args, int n)
{
	for (int i = 0; i < n; i++) {
		if (i > 0)
			store_buf_puts(d->b, ", ");
		rule_expr(d, args[i], true);
	}
}

/* CURRENT_DATE and friends, the SQL syntax PostgreSQL keeps them in. */
static const char *const value_funcs[] = {
	"current_date", "current_time", "current_timestamp", "localtime", "localtimestamp", NULL};

/*
 * The calls PostgreSQL prints in SQL's own syntax (get_func_sql_syntax)
 * as templates: %n is argument n, @n the same in parentheses when not
 * simple, and [...] is printed only when the argument it holds was
 * given.  arg2 (when set) is the type the second argument must have.
 */
static const struct {
	const char *name;
	int minargs, maxargs;
	exec_oid arg2;
	const char *form;
} sql_syntaxes[] = {
	{"timezone", 2, 2, 0, "(@2 AT TIME ZONE @1)"},
	{"position", 2, 2, 0, "POSITION((%2) IN (%1))"},
	{"substring", 2, 3, EXEC_OID_INT4, "SUBSTRING(%1 FROM %2[ FOR %3])"},
	{"overlay", 3, 4, 0, "OVERLAY(%1 PLACING %2 FROM %3[ FOR %4])"},
	{"btrim", 1, 2, 0, "TRIM(BOTH[ %2] FROM %1)"},
	{"ltrim", 1, 2, 0, "TRIM(LEADING[ %2] FROM %1)"},
	{"rtrim", 1, 2, 0, "TRIM(TRAILING[ %2] FROM %1)"},
};

/*
 * A call written in one of SQL's special syntaxes (SUBSTRING(x FROM 1)),
 * printed by its template; false for one of another shape, which then
 * prints as a plain call.
 */
static bool sql_syntax_expr(dp_ctx *d, const exec_expr *e, const sql_funccall *f)
{
	const char *fname = sql_list_str(f->name, sql_list_len(f->name) - 1);

	for (size_t i = 0; i < EXEC_NELEM(sql_syntaxes); i++) {
		if (strcmp(sql_syntaxes[i].name, fname) != 0 || e->nargs < sql_syntaxes[i].minargs ||
			e->nargs > sql_syntaxes[i].maxargs ||
			(sql_syntaxes[i].arg2 != 0 && e->args[1]->type != sql_syntaxes[i].arg2))
			continue;
		for (const char *p = sql_syntaxes[i].form; *p; p++) {
			if ((*p == '%' || *p == '@') && isdigit((unsigned char)p[1])) {
				const exec_expr *arg = e->args[p[1] - '1'];

				if (*p == '@')
					rule_expr_paren(d, arg, false, e);
				else
					rule_expr(d, arg, false);
				p++;
			} else if (*p == '[') {
				/* An optional piece: skipped when its argument was not given. */
				const char *arg = strpbrk(p, "%@");

				if (arg == NULL || arg[1] - '0' > e->nargs)
					p = strchr(p, ']');
			} else if (*p != ']') {
				store_buf_putc(d->b, *p);
			}
		}
		return true;
	}
	return false;
}

/*
 * Argument i of call e when it is a string literal the registry reads
 * otherwise than PostgreSQL's tree keeps it: one passed where the
 * function takes "any" (concat, format) stays untyped in PostgreSQL,
 * so it prints without a type; a relation's name (nextval('s')) is a
 * regclass constant there.  False, printing nothing, for another
 * argument.
 */
static bool literal_arg(dp_ctx *d, const exec_expr *e, int i)
{
	exec_oid types[16], cast[16], result;
	const exec_expr *a = e->args[i];
	const exec_func *fn;
	const sql_node *lit;
	store_err err;

	if (d->c == NULL || e->nargs > 16 || a->kind != EXPR_CONST || a->type != EXEC_OID_TEXT ||
		(lit = ast_at(d, a->loc, SQL_CONST)) == NULL ||
		sql_as_const((sql_node *)lit)->ckind != SQL_CONST_STRING)
		return false;
	for (int k = 0; k < e->nargs; k++)
		types[k] = e->args[k]->type;
	store_err_clear(&err);
	fn = exec_func_resolve(e->name, types, e->nargs, cast, &result, &err);
	if (fn == NULL || fn->nargs == 0)
		return false;
	if (exec_func_regclass_arg(fn, i)) {
		const_expr(d, a, -1);
		store_buf_puts(d->b, "::regclass");
		return true;
	}
	if (fn->args[i < fn->nargs ? i : fn->nargs - 1] == EXEC_OID_ANY &&
		(i < fn->nargs || fn->variadic)) {
		const_expr(d, a, -1);
		return true;
	}
	return false;
}

static void call_expr(dp_ctx *d, const exec_expr *e)
{
	const sql_funccall *f = d->c != NULL ? sql_syntax_call(d, e) : NULL;

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
	if (f != NULL && sql_syntax_expr(d, e, f))
		return;
	store_buf_printf(d->b, "%s(", quote(d, e->name));
	for (int i = 0; i < e->nargs; i++) {
		if (i > 0)
			store_buf_puts(d->b, ", ");
		if (!literal_arg(d, e, i))
			rule_expr(d, e->args[i], true);
	}
	store_buf_putc(d->b, ')');
}

/*
 * PostgreSQL's comparisons across the date and time types (date with
 * timestamp, timestamp with timestamptz...), which the registry makes
 * through an implicit cast of one side: PostgreSQL's tree compares the
 * two as they are.
 */
static const exec_oid cross_cmps[][2] = {{EXEC_OID_DATE, EXEC_OID_TIMESTAMP},
	{EXEC_OID_DATE, EXEC_OID_TIMESTAMPTZ}, {EXEC_OID_TIMESTAMP, EXEC_OID_DATE},
	{EXEC_OID_TIMESTAMP, EXEC_OID_TIMESTAMPTZ}, {EXEC_OID_TIMESTAMPTZ, EXEC_OID_DATE},
	{EXEC_OID_TIMESTAMPTZ, EXEC_OID_TIMESTAMP}};

static const exec_expr *uncast(const exec_expr *e)
{
	return e->kind == EXPR_CAST && e->cast_context != EXEC_CAST_EXPLICIT ? e->args[0] : e;
}

/* The operands of a binary operator as PostgreSQL's tree has them. */
static void operands(const exec_expr *e, const exec_expr **l, const exec_expr **r)
{
	static const char *const cmps[] = {"=", "<>", "<", "<=", ">", ">="};

	*l = e->args[0];
	*r = e->args[1];
	for (size_t i = 0; i < EXEC_NELEM(cmps); i++) {
		if (strcmp(e->name, cmps[i]) != 0)
			continue;
		for (size_t k = 0; k < EXEC_NELEM(cross_cmps); k++) {
			if (uncast(*l)->type == cross_cmps[k][0] &&
				uncast(*r)->type == cross_cmps[k][1]) {
				*l = uncast(*l);
				*r = uncast(*r);
				return;
			}
		}
	}
}

static void op_expr(dp_ctx *d, const exec_expr *e)
{
	open_paren(d);
	if (e->nargs == 2) {
		const exec_expr *l, *r;

		operands(e, &l, &r);
		rule_expr_paren(d, l, true, e);
		store_buf_printf(d->b, " %s ", e->name);
		rule_expr_paren(d, r, true, e);
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

	keyword_line(d, "CASE", 0, DP_INDENT, 0);
	if (e->case_arg != NULL) {
		store_buf_putc(d->b, ' ');
		rule_expr(d, e->case_arg, true);
	}
	for (int i = 0; i < nwhen; i++) {
		const exec_expr *w = e->args[2 * i];

		/* A simple CASE's condition case_arg = v shows only v. */
		if (e->case_arg != NULL && w->kind == EXPR_CALL && w->nargs == 2)
			w = w->args[1];
		keyword_line(d, "WHEN ", 0, 0, 0);
		rule_expr(d, w, false);
		store_buf_puts(d->b, " THEN ");
		rule_expr(d, e->args[2 * i + 1], true);
	}
	keyword_line(d, "ELSE ", 0, 0, 0);
	if (e->nargs % 2 == 1) {
		rule_expr(d, e->args[e->nargs - 1], true);
	} else {
		/* No ELSE: PostgreSQL stores a NULL of the CASE's type. */
		store_buf_puts(d->b, "NULL");
		type_label(d, e->type, e->typmod);
	}
	keyword_line(d, "END", -DP_INDENT, 0, 0);
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

/* ---- Columns ---- */

static const dp_ns *ns_up(const dp_ctx *d, int up)
{
	const dp_ns *ns = d->ns;

	for (int i = 0; i < up && ns != NULL; i++)
		ns = ns->up;
	return ns;
}

static int rte_index(const an_scope *sc, const an_rte *r)
{
	for (int i = 0; i < sc->nrtes; i++)
		if (sc->rtes[i] == r)
			return i;
	return -1;
}

/*
 * Column col of FROM item r as PostgreSQL names it
 * (make_colname_unique): its name, with _1, _2... added when an earlier
 * column of the item has it (an aliased join of two tables with an id,
 * a subquery with two columns of one name).
 */
static const char *colname_of(dp_ctx *d, const an_rte *r, int col)
{
	const char **names = sql_arena_alloc(d->a, (size_t)(col + 1) * sizeof(*names));

	for (int i = 0; i <= col; i++) {
		bool taken;

		names[i] = r->colnames[i];
		for (int n = 1;; n++) {
			taken = false;
			for (int k = 0; k < i && !taken; k++)
				taken = strcmp(names[k], names[i]) == 0;
			if (!taken)
				break;
			names[i] = sql_arena_printf(d->a, "%s_%d", r->colnames[i], n);
		}
	}
	return names[col];
}

static const an_rte *rte_of_node(const dp_ns *ns, const sql_node *item)
{
	for (int i = 0; ns->lv->sc != NULL && i < ns->lv->sc->nrtes; i++)
		if (ns->lv->sc->rtes[i]->src == item)
			return ns->lv->sc->rtes[i];
	return NULL;
}

/*
 * The FROM item under item through which position pos of level ns's
 * FROM row is named: a table, subquery or function holding it, or an
 * aliased join whose column it is (an aliased join hides its inputs);
 * an unnamed join is looked into.  False when it is not under item.
 */
static bool column_in(const dp_ns *ns, const sql_node *item, int pos, const an_rte **rte, int *col)
{
	const an_rte *r = rte_of_node(ns, item);

	if (r == NULL)
		return false;
	if (item->kind == SQL_JOIN) {
		const sql_join *j = sql_as_join((sql_node *)item);

		if (j->alias == NULL)
			return column_in(ns, j->left, pos, rte, col) ||
			       column_in(ns, j->right, pos, rte, col);
		for (int k = 0; k < r->ncols; k++) {
			const exec_expr *x = r->colexprs[k];

			if (x->kind == EXPR_VAR && x->up == 0 && x->index == pos) {
				*rte = r;
				*col = k;
				return true;
			}
		}
		return false;
	}
	if (pos < r->offset || pos >= r->offset + r->ncols)
		return false;
	*rte = r;
	*col = pos - r->offset;
	return true;
}

/*
 * The FROM item and column a position of level ns's FROM row is read
 * through where it is printed: inside a join (its right side, its ON)
 * the join's own inputs are seen first, then the level's FROM list.
 */
static bool column_of(const dp_ns *ns, int pos, const an_rte **rte, int *col)
{
	const sql_join *j = ns->join;

	if (ns->lv->sc == NULL)
		return false;
	if (j != NULL &&
		(column_in(ns, j->left, pos, rte, col) || column_in(ns, j->right, pos, rte, col)))
		return true;
	for (int i = 0; i < sql_list_len(ns->lv->q->from); i++)
		if (column_in(ns, sql_list_nth(ns->lv->q->from, i), pos, rte, col))
			return true;
	return false;
}

/*
 * A column, qualified by its FROM item's name (get_variable: a view's
 * query has more than one range entry, so PostgreSQL always
 * qualifies); its name returned, NULL when it cannot be printed.
 */
static const char *column_expr(dp_ctx *d, const dp_ns *ns, int pos)
{
	const an_rte *r;
	const char *refname, *name;
	int col, ri;

	if (ns == NULL || !column_of(ns, pos, &r, &col)) {
		d->failed = true;
		return NULL;
	}
	ri = rte_index(ns->lv->sc, r);
	refname = ri >= 0 ? ns->refnames[ri] : NULL;
	if (refname != NULL)
		store_buf_printf(d->b, "%s.", quote(d, refname));
	name = colname_of(d, r, col);
	store_buf_puts(d->b, quote(d, name));
	return name;
}

/* The level whose FROM row a LATERAL slot reads, and the position in it. */
static const dp_ns *lateral_column(const dp_ctx *d, int slot, int *pos)
{
	for (const dp_ns *ns = d->ns; ns != NULL; ns = ns->up) {
		const an_scope *sc = ns->lv->sc;

		for (int p = 0; sc != NULL && p < sc->nlatslot; p++) {
			if (sc->latslot[p] == slot) {
				*pos = p;
				return ns;
			}
		}
	}
	return NULL;
}

/*
 * A merged column of a FULL JOIN's USING (COALESCE of both sides): the
 * join's column, which PostgreSQL prints through the join's alias, or
 * bare for an unnamed join.  False when e is no such column.
 */
static bool merged_column(const dp_ctx *d, const exec_expr *e, int *join, int *col)
{
	const an_scope *sc = d->ns != NULL ? d->ns->lv->sc : NULL;
	bool named;

	if (sc == NULL)
		return false;
	named = ast_at(d, e->loc, SQL_COLREF) != NULL;
	for (int i = 0; i < sc->nrtes; i++) {
		const an_rte *j = sc->rtes[i];

		/* `*` expands to the join's column itself, a name to a copy of it. */
		for (int k = 0; j->colexprs != NULL && k < j->ncols; k++) {
			if (j->colexprs[k]->kind == EXPR_COALESCE &&
				(j->colexprs[k] == e ||
					(named && an_expr_equal(j->colexprs[k], e)))) {
				*join = i;
				*col = k;
				return true;
			}
		}
	}
	return false;
}

/*
 * e printed as PostgreSQL prints a Var when it is one (a column, a
 * LATERAL reference, a FULL JOIN's merged column): its column name
 * returned; NULL, with nothing printed, when e is another expression.
 */
static const char *var_expr(dp_ctx *d, const exec_expr *e)
{
	const char *name;
	int pos, join;

	if (d->c == NULL)
		return NULL;
	if (e->kind == EXPR_VAR)
		return column_expr(d, ns_up(d, e->up), e->index);
	if (e->kind == EXPR_LATERAL) {
		const dp_ns *ns = lateral_column(d, e->index, &pos);

		return column_expr(d, ns, ns != NULL ? pos : -1);
	}
	if (e->kind == EXPR_COALESCE && merged_column(d, e, &join, &pos)) {
		const an_rte *j = d->ns->lv->sc->rtes[join];

		name = colname_of(d, j, pos);
		if (d->ns->refnames[join] != NULL)
			store_buf_printf(d->b, "%s.", quote(d, d->ns->refnames[join]));
		store_buf_puts(d->b, quote(d, name));
		return name;
	}
	return NULL;
}

/* ---- Subqueries, aggregates, windows ---- */

static const an_level *level_of(const dp_ctx *d, const sql_select *q)
{
	for (const an_level *lv = d->c->levels; lv != NULL; lv = lv->next)
		if (lv->q == q)
			return lv;
	return NULL;
}

/* A subquery in an expression (get_sublink_expr). */
static void sublink_expr(dp_ctx *d, const exec_expr *e)
{
	const sql_node *n = ast_at(d, e->loc, SQL_SUBLINK);
	const sql_sublink *sl;
	bool paren = true;

	if (n == NULL) {
		d->failed = true;
		return;
	}
	sl = sql_as_sublink((sql_node *)n);
	store_buf_puts(d->b, e->sublink == EXEC_SUB_ARRAY ? "ARRAY(" : "(");
	switch (e->sublink) {
	case EXEC_SUB_EXISTS:
		store_buf_puts(d->b, "EXISTS ");
		break;
	case EXEC_SUB_ANY:
	case EXEC_SUB_ALL:
		rule_expr(d, e->args[0], true);
		if (e->sublink == EXEC_SUB_ANY && strcmp(e->name, "=") == 0)
			store_buf_puts(d->b, " IN ");
		else
			store_buf_printf(d->b, " %s %s ", e->name,
				e->sublink == EXEC_SUB_ANY ? "ANY" : "ALL");
		break;
	default:
		paren = false;
		break;
	}
	if (paren)
		store_buf_putc(d->b, '(');
	query_def(d, sql_as_select(sl->subquery), d->indent, false, NULL);
	store_buf_puts(d->b, paren ? "))" : ")");
}

/*
 * An ORDER BY, GROUP BY, PARTITION BY or DISTINCT ON item
 * (get_rule_sortgroupclause): a constant always labelled, a column bare,
 * anything else parenthesized in the pretty form (function-like
 * expressions in both, lest they read as CUBE() or ROLLUP()).
 */
static void sortgroup_expr(dp_ctx *d, const exec_expr *e)
{
	bool paren;

	if (e->kind == EXPR_CONST) {
		const_expr(d, e, 1);
		return;
	}
	if (e->kind == EXPR_VAR || e->kind == EXPR_LATERAL) {
		rule_expr(d, e, true);
		return;
	}
	paren = d->pretty || e->kind == EXPR_AGGREF || e->kind == EXPR_WINREF ||
		e->kind == EXPR_SRF || (e->kind == EXPR_CALL && is_func_name(e->name)) ||
		(e->kind == EXPR_CAST && cast_method(e) == 'f');
	if (paren)
		store_buf_putc(d->b, '(');
	rule_expr(d, e, true);
	if (paren)
		store_buf_putc(d->b, ')');
}

/* An ORDER BY item's direction, as get_rule_orderby shows it. */
static void sort_direction(dp_ctx *d, bool desc, bool nulls_first)
{
	if (!desc && nulls_first)
		store_buf_puts(d->b, " NULLS FIRST");
	else if (desc)
		store_buf_puts(d->b, nulls_first ? " DESC" : " DESC NULLS LAST");
}

/*
 * An ORDER BY list of expressions (an aggregate's, a window's): an item
 * equal to an earlier one is left out, as PostgreSQL's
 * addTargetToSortList leaves it out.
 */
static void sortkeys(dp_ctx *d, const plan_sortkey *keys, int n)
{
	for (int i = 0, shown = 0; i < n; i++) {
		bool dup = false;

		for (int k = 0; k < i && !dup; k++)
			dup = an_expr_equal(keys[k].expr, keys[i].expr);
		if (dup)
			continue;
		if (shown++ > 0)
			store_buf_puts(d->b, ", ");
		sortgroup_expr(d, keys[i].expr);
		sort_direction(d, keys[i].desc, keys[i].nulls_first);
	}
}

/* An aggregate's name, arguments, DISTINCT, ORDER BY and FILTER (get_agg_expr). */
static void agg_expr(dp_ctx *d, const plan_aggcall *call)
{
	store_buf_printf(d->b, "%s(%s", quote(d, call->agg != NULL ? call->agg->name : "count"),
		call->distinct ? "DISTINCT " : "");
	if (call->agg == NULL)
		store_buf_putc(d->b, '*');
	else
		arg_list(d, call->args, call->nargs);
	if (call->norder > 0) {
		store_buf_puts(d->b, " ORDER BY ");
		sortkeys(d, call->order, call->norder);
	}
	if (call->filter != NULL) {
		store_buf_puts(d->b, ") FILTER (WHERE ");
		rule_expr(d, call->filter, false);
	}
	store_buf_putc(d->b, ')');
}

static void aggref_expr(dp_ctx *d, const exec_expr *e)
{
	const an_scope *sc = d->ns != NULL ? d->ns->lv->sc : NULL;

	if (sc == NULL || e->index >= sc->naggs) {
		d->failed = true;
		return;
	}
	agg_expr(d, &sc->aggs[e->index]);
}

/* Whether a window's written text at loc begins with '(' (OVER (w) rather than OVER w). */
static bool written_paren(const dp_ctx *d, int loc)
{
	return loc >= 0 && (size_t)loc < d->c->sqllen && d->c->sql[loc] == '(';
}

/* The frame of a window, unless it is the default (get_rule_windowspec). */
static void window_frame(dp_ctx *d, const sql_window_def *w)
{
	static const char *const modes[] = {[SQL_FRAME_RANGE] = "RANGE ",
		[SQL_FRAME_ROWS] = "ROWS ",
		[SQL_FRAME_GROUPS] = "GROUPS "};
	static const char *const bounds[] = {
		[SQL_BOUND_UNBOUNDED_PRECEDING] = "UNBOUNDED PRECEDING",
		[SQL_BOUND_CURRENT_ROW] = "CURRENT ROW",
		[SQL_BOUND_UNBOUNDED_FOLLOWING] = "UNBOUNDED FOLLOWING"};
	bool between = w->end_bound != SQL_BOUND_DEFAULT;

	if (w->frame_mode == SQL_FRAME_DEFAULT)
		return;
	/* Offsets are refused by the analyzer; their bounds would need its expressions. */
	if (w->start_bound == SQL_BOUND_PRECEDING || w->start_bound == SQL_BOUND_FOLLOWING ||
		w->end_bound == SQL_BOUND_PRECEDING || w->end_bound == SQL_BOUND_FOLLOWING ||
		w->exclusion != SQL_EXCLUDE_NO_OTHERS) {
		d->failed = true;
		return;
	}
	store_buf_puts(d->b, modes[w->frame_mode]);
	if (between)
		store_buf_puts(d->b, "BETWEEN ");
	store_buf_puts(d->b, bounds[w->start_bound]);
	if (between)
		store_buf_printf(d->b, " AND %s", bounds[w->end_bound]);
}

/*
 * A window specification (get_rule_windowspec): (refname PARTITION BY
 * ... ORDER BY ... frame), the partition and order from the analyzed
 * window wd when asked for (a call does not repeat what it takes from
 * refname), the frame as written.
 */
static void window_spec(
	dp_ctx *d, const sql_window_def *w, const an_windef *wd, bool part, bool order)
{
	bool space = false;

	store_buf_putc(d->b, '(');
	if (w->refname != NULL) {
		store_buf_puts(d->b, quote(d, w->refname));
		space = true;
	}
	if (part && wd->npart > 0) {
		store_buf_puts(d->b, space ? " PARTITION BY " : "PARTITION BY ");
		for (int i = 0; i < wd->npart; i++) {
			if (i > 0)
				store_buf_puts(d->b, ", ");
			sortgroup_expr(d, wd->part[i]);
		}
		space = true;
	}
	if (order && wd->norder > 0) {
		store_buf_puts(d->b, space ? " ORDER BY " : "ORDER BY ");
		sortkeys(d, wd->order, wd->norder);
		space = true;
	}
	if (w->frame_mode != SQL_FRAME_DEFAULT && space)
		store_buf_putc(d->b, ' ');
	window_frame(d, w);
	store_buf_putc(d->b, ')');
}

/*
 * A window function call with its OVER clause (get_windowfunc_expr):
 * OVER name for a named window used as it is, else the call's own
 * specification.
 */
static void winref_expr(dp_ctx *d, const exec_expr *e)
{
	const an_level *lv = d->ns != NULL ? d->ns->lv : NULL;
	const an_scope *sc = lv != NULL ? lv->sc : NULL;
	const sql_node *n = ast_at(d, e->loc, SQL_FUNCCALL);
	const sql_window_def *w;
	int agg;

	if (sc == NULL || n == NULL || e->index >= sc->nwins ||
		sc->winof[e->index] >= lv->nwindefs) {
		d->failed = true;
		return;
	}
	w = sql_as_funccall((sql_node *)n)->over;
	agg = sc->winagg[e->index];
	if (agg >= 0) {
		const plan_aggcall *call = &lv->winaggs[agg];

		store_buf_printf(
			d->b, "%s(", quote(d, call->agg != NULL ? call->agg->name : "count"));
		if (call->agg == NULL)
			store_buf_putc(d->b, '*');
		else
			arg_list(d, call->args, call->nargs);
		if (call->filter != NULL) {
			store_buf_puts(d->b, ") FILTER (WHERE ");
			rule_expr(d, call->filter, false);
		}
	} else {
		store_buf_printf(d->b, "%s(", quote(d, e->name));
	}
	store_buf_puts(d->b, ") OVER ");
	if (w->refname != NULL && !written_paren(d, w->n.loc))
		store_buf_puts(d->b, quote(d, w->refname));
	else
		window_spec(d, w, &lv->windefs[sc->winof[e->index]], w->refname == NULL,
			sql_list_len(w->order_by) > 0 || w->refname == NULL);
}

/* The operand of a subscript or field selection: in parentheses unless bare. */
static void operand_expr(dp_ctx *d, const exec_expr *e, bool bare)
{
	if (!bare)
		store_buf_putc(d->b, '(');
	rule_expr(d, e, true);
	if (!bare)
		store_buf_putc(d->b, ')');
}

/*
 * x[...]: an array's subscripts and slices (printSubscripts).  Among
 * slices, a plain subscript k is the slice 1:k in PostgreSQL's tree,
 * and k:k in the analyzer's: which ones were plain is read from the
 * parser's nodes.
 */
static void subscript_expr(dp_ctx *d, const exec_expr *e)
{
	const exec_expr *base = e->args[0];
	const sql_indirection *ind = indirection_at(d, e->loc);
	const sql_list *steps = ind != NULL ? ind->steps : NULL;
	int k = 1, first = 0;

	/* The run of subscripts this node stands for ends the indirection's steps. */
	if (steps != NULL)
		first = sql_list_len(steps) - e->index;
	for (int i = 0; e->all && steps != NULL && first >= 0 && i < e->index; i++)
		if (sql_list_nth(steps, first + i)->kind != SQL_SUBSCRIPT)
			first = -1;
	if (e->all && (steps == NULL || first < 0)) {
		d->failed = true;
		return;
	}
	operand_expr(d, base, base->kind == EXPR_VAR || base->kind == EXPR_FIELD);
	for (int i = 0; i < e->index; i++) {
		const sql_node *step = steps != NULL ? sql_list_nth(steps, first + i) : NULL;
		bool plain = e->all && step != NULL && step->kind == SQL_SUBSCRIPT &&
			     !sql_as_subscript((sql_node *)step)->slice;

		store_buf_putc(d->b, '[');
		if (plain)
			store_buf_puts(d->b, "1");
		else if (!(e->test & (1 << (2 * i))))
			rule_expr(d, e->args[k++], false);
		if (e->all) {
			store_buf_putc(d->b, ':');
			if (!(e->test & (1 << (2 * i + 1))))
				rule_expr(d, e->args[k++], false);
		}
		store_buf_putc(d->b, ']');
	}
}

/*
 * jsonb[...], which the analyzer made base #> ARRAY[steps]: printed as
 * the subscripts PostgreSQL keeps, each step as jsonb's subscript
 * transform types it (an integer, or text).  False when e is a #>
 * written as such.
 */
static bool jsonb_subscript_expr(dp_ctx *d, const exec_expr *e)
{
	const exec_expr *path = e->args[1];

	if (d->c == NULL || indirection_at(d, e->loc) == NULL || path->kind != EXPR_ARRAY)
		return false;
	operand_expr(d, e->args[0], e->args[0]->kind == EXPR_VAR || e->args[0]->kind == EXPR_FIELD);
	for (int i = 0; i < path->nargs; i++) {
		const exec_expr *step = path->args[i];

		/* jsonb_step's explicit cast to text stands for no node of PostgreSQL's. */
		if (step->kind == EXPR_CAST && step->cast_context == EXEC_CAST_EXPLICIT)
			step = step->args[0];
		store_buf_putc(d->b, '[');
		rule_expr(d, step, false);
		store_buf_putc(d->b, ']');
	}
	return true;
}

static void field_expr(dp_ctx *d, const exec_expr *e)
{
	const exec_expr *rec = e->args[0];
	const char *name =
		rec->srf != NULL && e->index < rec->srf->ncols     ? rec->srf->colnames[e->index]
		: rec->fieldnames != NULL && e->index < rec->nargs ? rec->fieldnames[e->index]
								   : NULL;

	if (name == NULL) {
		d->failed = true;
		return;
	}
	operand_expr(d, rec, rec->kind == EXPR_SUBSCRIPT || rec->kind == EXPR_FIELD);
	store_buf_printf(d->b, ".%s", quote(d, name));
}

/*
 * ROW(...), or a whole-row reference t.* (which the analyzer made a row
 * of t's columns).  At the top of a select list or inside ROW() and
 * VALUES PostgreSQL adds a cast to the row type, which needs the
 * table's type: not printed here.
 */
static void row_expr(dp_ctx *d, const exec_expr *e, bool toplevel)
{
	if (d->c != NULL && e->name != NULL && ast_at(d, e->loc, SQL_COLREF) != NULL) {
		if (toplevel) {
			d->failed = true;
			return;
		}
		for (const dp_ns *ns = d->ns; ns != NULL; ns = ns->up)
			for (int i = 0; ns->lv->sc != NULL && i < ns->lv->sc->nrtes; i++)
				if (ns->lv->sc->rtes[i]->alias != NULL &&
					strcmp(ns->lv->sc->rtes[i]->alias, e->name) == 0 &&
					ns->refnames[i] != NULL) {
					store_buf_printf(d->b, "%s.*", quote(d, ns->refnames[i]));
					return;
				}
		d->failed = true;
		return;
	}
	store_buf_puts(d->b, "ROW(");
	for (int i = 0; i < e->nargs; i++) {
		if (i > 0)
			store_buf_puts(d->b, ", ");
		if (e->args[i]->kind == EXPR_ROW)
			row_expr(d, e->args[i], true);
		else
			rule_expr(d, e->args[i], true);
	}
	store_buf_putc(d->b, ')');
}

/* ROW(...) or t.* inside an expression. */
static void row_item_expr(dp_ctx *d, const exec_expr *e)
{
	row_expr(d, e, false);
}

/*
 * Node kinds that rule_expr hands to a printer of their own (print), and
 * those only a query has or only a query's parser nodes let this
 * printer print as PostgreSQL does (query: a stored expression, a CHECK
 * or default, holding one shows as written).
 */
static const struct {
	void (*print)(dp_ctx *d, const exec_expr *e);
	bool query;
} node_kinds[] = {
	[EXPR_LATERAL] = {NULL, true},
	[EXPR_AGGREF] = {aggref_expr, true},
	[EXPR_WINREF] = {winref_expr, true},
	[EXPR_SUBPLAN] = {sublink_expr, true},
	[EXPR_SUBSCRIPT] = {subscript_expr, true},
	[EXPR_ROW] = {row_item_expr, true},
	[EXPR_FIELD] = {field_expr, true},
	[EXPR_SRF] = {NULL, true},
	[EXPR_SUBSCRIPT_ASSIGN] = {NULL, true},
};

static void rule_expr(dp_ctx *d, const exec_expr *e, bool showimplicit)
{
	const exec_expr *x;

	if (d->failed)
		return;
	if (d->c == NULL && node_kinds[e->kind].query) {
		d->failed = true;
		return;
	}
	switch (e->kind) {
	case EXPR_CONST:
		const_expr(d, e, 0);
		return;
	case EXPR_VAR:
	case EXPR_LATERAL:
		if (d->c != NULL) {
			var_expr(d, e);
			return;
		}
		if (d->t == NULL || e->up != 0 || e->index >= d->t->ncols)
			break;
		store_buf_puts(d->b, quote(d, d->t->cols[e->index].name));
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
		else if (!(strcmp(e->name, "#>") == 0 && jsonb_subscript_expr(d, e)))
			op_expr(d, e);
		return;
	case EXPR_SRF:
		store_buf_printf(d->b, "%s(", quote(d, e->name));
		arg_list(d, e->args, e->nargs);
		store_buf_putc(d->b, ')');
		return;
	case EXPR_AND:
	case EXPR_OR:
	case EXPR_NOT:
		bool_expr(d, e);
		return;
	case EXPR_DISTINCT:
		if ((x = null_test(d, e)) != NULL) {
			test_expr(d, x);
			return;
		}
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
		if (e->nargs == 0)
			type_label(d, e->type, EXEC_TYPMOD_NONE);
		return;
	case EXPR_CASE:
		case_expr(d, e);
		return;
	case EXPR_COALESCE:
		if (var_expr(d, e) != NULL)
			return;
		/* fall through */
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
		if (node_kinds[e->kind].print != NULL) {
			node_kinds[e->kind].print(d, e);
			return;
		}
		break;
	}
	d->failed = true;
}

/* ---- Queries ---- */

/* Whether name is taken by a FROM item of level ns (its first n) or of the levels around it. */
static bool refname_taken(const dp_ns *ns, int n, const char *name)
{
	for (const dp_ns *l = ns; l != NULL; l = l->up) {
		int k = l == ns ? n : (l->lv->sc != NULL ? l->lv->sc->nrtes : 0);

		for (int i = 0; i < k; i++)
			if (l->refnames[i] != NULL && strcmp(l->refnames[i], name) == 0)
				return true;
		if (l->view && (strcmp(name, "old") == 0 || strcmp(name, "new") == 0))
			return true;
	}
	return false;
}

/*
 * Each FROM item's name at level ns, unique among the names of every
 * level it sits in (set_rtable_names): the alias, else the relation's,
 * WITH query's or function's name, with _1, _2... added when taken.  A
 * view's rule also holds the names old and new.  Unnamed joins have
 * none.
 */
static void assign_refnames(dp_ctx *d, dp_ns *ns)
{
	const an_scope *sc = ns->lv->sc;
	int n = sc != NULL ? sc->nrtes : 0;

	ns->refnames = sql_arena_zalloc(d->a, (size_t)(n + 1) * sizeof(*ns->refnames));
	for (int i = 0; i < n; i++) {
		const char *name = sc->rtes[i]->alias;

		if (name != NULL && refname_taken(ns, i, name)) {
			for (int k = 1;; k++) {
				const char *cand = sql_arena_printf(d->a, "%s_%d", name, k);

				if (!refname_taken(ns, i, cand)) {
					name = cand;
					break;
				}
			}
		}
		ns->refnames[i] = name;
	}
}

/*
 * The column alias list after a FROM item's name, when PostgreSQL prints
 * one: always for a function, for anything else when the user wrote
 * column aliases, or when its columns go by other names than its own
 * (a table's aliased, duplicates made unique).
 */
static void column_aliases(dp_ctx *d, const an_rte *r, bool always)
{
	bool print = always;

	for (int i = 0; i < r->ncols && !print; i++)
		print = strcmp(colname_of(d, r, i), r->colnames[i]) != 0 ||
			(r->table != NULL && r->colexprs == NULL &&
				strcmp(r->colnames[i], r->table->cols[i].name) != 0);
	if (!print && r->src != NULL) {
		const sql_alias *al =
			r->src->kind == SQL_RANGE_VAR ? sql_as_range_var((sql_node *)r->src)->alias
			: r->src->kind == SQL_RANGE_SUBSELECT
				? sql_as_range_subselect((sql_node *)r->src)->alias
			: r->src->kind == SQL_JOIN ? sql_as_join((sql_node *)r->src)->alias
						   : NULL;

		print = al != NULL && sql_list_len(al->columns) > 0;
	}
	if (!print)
		return;
	store_buf_putc(d->b, '(');
	for (int i = 0; i < r->ncols; i++)
		store_buf_printf(d->b, "%s%s", i ? ", " : "", quote(d, colname_of(d, r, i)));
	store_buf_putc(d->b, ')');
}

/* Whether e reads a column of the current level (a function in FROM reading its left). */
static bool reads_level(const exec_expr *e)
{
	if (e->kind == EXPR_LATERAL)
		return true;
	for (int i = 0; i < e->nargs; i++)
		if (reads_level(e->args[i]))
			return true;
	return false;
}

static void from_item(dp_ctx *d, const sql_node *item);

/* A function in FROM: its call, WITH ORDINALITY, name and column names. */
static void from_function(dp_ctx *d, const sql_range_function *rf, const an_rte *r, int ri)
{
	const plan_node *p = r->plan;
	bool lateral = rf->lateral;

	if (p == NULL || rf->func->kind != SQL_FUNCCALL) {
		d->failed = true;
		return;
	}
	for (int i = 0; p->kind == PLAN_FUNCTION && i < p->nfargs; i++)
		lateral = lateral || reads_level(p->fargs[i]);
	if (p->kind == PLAN_RESULT)
		lateral = lateral || reads_level(p->exprs[0]);
	if (lateral)
		store_buf_puts(d->b, "LATERAL ");
	if (p->kind == PLAN_FUNCTION) {
		store_buf_printf(d->b, "%s(", quote(d, ((const exec_srf *)p->srf)->name));
		arg_list(d, p->fargs, p->nfargs);
		store_buf_putc(d->b, ')');
	} else if (p->kind == PLAN_RESULT && p->exprs[0]->kind == EXPR_CALL &&
		   is_func_name(p->exprs[0]->name)) {
		rule_expr(d, p->exprs[0], true);
	} else {
		d->failed = true;
		return;
	}
	if (rf->ordinality)
		store_buf_puts(d->b, " WITH ORDINALITY");
	store_buf_printf(d->b, " %s", quote(d, d->ns->refnames[ri]));
	column_aliases(d, r, true);
}

/* A join: its sides, its kind, USING or ON, its alias (get_from_clause_item). */
static void from_join(dp_ctx *d, const sql_join *j, const an_rte *r, int ri)
{
	static const char *const kinds[] = {[SQL_JOIN_INNER] = " JOIN ",
		[SQL_JOIN_LEFT] = " LEFT JOIN ",
		[SQL_JOIN_RIGHT] = " RIGHT JOIN ",
		[SQL_JOIN_FULL] = " FULL JOIN ",
		[SQL_JOIN_CROSS] = " CROSS JOIN "};
	bool outer_paren = !d->pretty || j->alias != NULL;
	bool right_paren =
		d->pretty && j->right->kind == SQL_JOIN && sql_as_join(j->right)->alias == NULL;
	const an_rte *lr = rte_of_node(d->ns, j->left), *rr = rte_of_node(d->ns, j->right);
	const sql_join *outer = d->ns->join;

	if (lr == NULL || rr == NULL) {
		d->failed = true;
		return;
	}
	if (outer_paren)
		store_buf_putc(d->b, '(');
	from_item(d, j->left);
	d->ns->join = j;
	keyword_line(d, kinds[j->jointype], -DP_INDENT_STD, DP_INDENT_STD, DP_INDENT_JOIN);
	if (right_paren)
		store_buf_putc(d->b, '(');
	from_item(d, j->right);
	if (right_paren)
		store_buf_putc(d->b, ')');
	if (j->natural || j->using_cols != NULL) {
		bool first = true;

		/* USING's columns as written; NATURAL's, the left side's names the right one has. */
		store_buf_puts(d->b, " USING (");
		for (int i = 0; !j->natural && i < sql_list_len(j->using_cols); i++)
			store_buf_printf(d->b, "%s%s", i ? ", " : "",
				quote(d, sql_list_str(j->using_cols, i)));
		for (int i = 0; j->natural && i < lr->ncols; i++) {
			bool used = false;

			for (int k = 0; k < rr->ncols && !used; k++)
				used = strcmp(lr->colnames[i], rr->colnames[k]) == 0;
			if (!used)
				continue;
			store_buf_printf(
				d->b, "%s%s", first ? "" : ", ", quote(d, lr->colnames[i]));
			first = false;
		}
		store_buf_putc(d->b, ')');
	} else if (r->on != NULL) {
		store_buf_puts(d->b, " ON ");
		open_paren(d);
		rule_expr(d, r->on, false);
		close_paren(d);
	} else if (j->jointype != SQL_JOIN_INNER && j->jointype != SQL_JOIN_CROSS) {
		store_buf_puts(d->b, " ON TRUE");
	}
	d->ns->join = outer;
	if (outer_paren)
		store_buf_putc(d->b, ')');
	if (j->alias != NULL) {
		store_buf_printf(d->b, " %s", quote(d, d->ns->refnames[ri]));
		column_aliases(d, r, false);
	}
}

static void from_item(dp_ctx *d, const sql_node *item)
{
	const an_rte *r = rte_of_node(d->ns, item);
	int ri = r != NULL ? rte_index(d->ns->lv->sc, r) : -1;

	if (r == NULL || d->failed) {
		d->failed = true;
		return;
	}
	switch (item->kind) {
	case SQL_RANGE_VAR: {
		const sql_range_var *rv = sql_as_range_var((sql_node *)item);
		int n = sql_list_len(rv->names);
		const char *schema = n >= 2 ? sql_list_str(rv->names, n - 2) : NULL;
		const char *name = sql_list_str(rv->names, n - 1);

		/* Tables of other branches and times are ChronDB's own: no such SQL. */
		if (rv->time_travel != NULL || n > 2 ||
			(schema != NULL && strcmp(schema, "public") != 0 &&
				strcmp(schema, "pg_catalog") != 0)) {
			d->failed = true;
			return;
		}
		store_buf_puts(d->b, quote(d, name));
		if (rv->alias != NULL || strcmp(d->ns->refnames[ri], name) != 0)
			store_buf_printf(d->b, " %s", quote(d, d->ns->refnames[ri]));
		column_aliases(d, r, false);
		return;
	}
	case SQL_RANGE_SUBSELECT: {
		const sql_range_subselect *rs = sql_as_range_subselect((sql_node *)item);

		if (rs->alias == NULL) {
			d->failed = true; /* PostgreSQL 15 requires one */
			return;
		}
		if (rs->lateral)
			store_buf_puts(d->b, "LATERAL ");
		store_buf_putc(d->b, '(');
		query_def(d, sql_as_select(rs->subquery), d->indent, true, NULL);
		store_buf_printf(d->b, ") %s", quote(d, d->ns->refnames[ri]));
		column_aliases(d, r, false);
		return;
	}
	case SQL_RANGE_FUNCTION:
		from_function(d, sql_as_range_function((sql_node *)item), r, ri);
		return;
	case SQL_JOIN:
		from_join(d, sql_as_join((sql_node *)item), r, ri);
		return;
	default:
		d->failed = true;
		return;
	}
}

/*
 * A list item printed apart (a select list's, a FROM list's) appended
 * after its separator, as get_target_list and get_from_clause wrap
 * them: an item that starts on a line of its own drops the spaces
 * before it; another goes on a new line when it would pass the wrap
 * column, or (after) when the item before it took several lines.  The
 * first item stays where it is, and nothing wraps with wrap -1.
 */
static void put_item(dp_ctx *d, const store_buf *item, bool first, bool after)
{
	if (d->wrap < 0) {
		/* Items follow each other as printed. */
	} else if (item->len > 0 && item->data[0] == '\n') {
		while (d->b->len > 0 && d->b->data[d->b->len - 1] == ' ')
			d->b->len--;
	} else {
		size_t line = 0;

		while (line < d->b->len && d->b->data[d->b->len - 1 - line] != '\n')
			line++;
		if (!first && (line + item->len > (size_t)d->wrap || after))
			keyword_line(d, "", -DP_INDENT_STD, DP_INDENT_STD, DP_INDENT);
	}
	store_buf_put(d->b, item->data, item->len);
}

/*
 * The FROM list (get_from_clause): the first item after the keyword,
 * each next one after a comma, on a line of its own when it would pass
 * the wrap column.
 */
static void from_clause(dp_ctx *d, const sql_list *from)
{
	for (int i = 0; i < sql_list_len(from) && !d->failed; i++) {
		store_buf item = STORE_BUF_INIT, *saved = d->b;

		if (i == 0) {
			keyword_line(d, " FROM ", -DP_INDENT_STD, DP_INDENT_STD, 2);
			from_item(d, sql_list_nth(from, i));
			continue;
		}
		store_buf_puts(d->b, ", ");
		d->b = &item;
		from_item(d, sql_list_nth(from, i));
		d->b = saved;
		put_item(d, &item, false, false);
		store_buf_free(&item);
	}
}

/*
 * The select list (get_target_list): a column as its qualified name, AS
 * its output name unless that is the column's own (for an expression
 * always, when output names matter); items after the first on lines of
 * their own when one would pass the wrap column or the last took
 * several lines.  out, when given, names (and types) the columns.
 */
static void target_list(dp_ctx *d, const an_level *lv, const dp_out *out)
{
	bool multiline = false;

	for (int i = 0; i < lv->nvisible && !d->failed; i++) {
		store_buf item = STORE_BUF_INIT, *saved = d->b;
		const exec_expr *e = lv->targets[i];
		const char *attname, *colname;
		size_t skip;

		store_buf_puts(d->b, i == 0 ? " " : ", ");
		d->b = &item;
		if (out != NULL && out->types != NULL && e->type == EXEC_OID_UNKNOWN &&
			e->kind == EXPR_CONST) {
			/* A set operation's untyped literal, which it typed as its column. */
			exec_expr x = *e;

			x.type = out->types[i] != EXEC_OID_UNKNOWN ? out->types[i] : EXEC_OID_TEXT;
			const_expr(d, &x, 0);
			attname = d->colnames_visible ? NULL : "?column?";
		} else if ((attname = var_expr(d, e)) == NULL) {
			if (e->kind == EXPR_ROW)
				row_expr(d, e, true);
			else
				rule_expr(d, e, true);
			attname = d->colnames_visible ? NULL : "?column?";
		}
		colname = out != NULL && out->cols != NULL && i < out->ncols ? out->cols[i]
									     : lv->names[i];
		if (colname != NULL && (attname == NULL || strcmp(attname, colname) != 0))
			store_buf_printf(&item, " AS %s", quote(d, colname));
		d->b = saved;

		put_item(d, &item, i == 0, multiline);
		skip = item.len > 0 && item.data[0] == '\n';
		multiline =
			item.len > skip && memchr(item.data + skip, '\n', item.len - skip) != NULL;
		store_buf_free(&item);
	}
}

/* VALUES (a,b), (c,d) (get_values_def: no space after a row's commas). */
static void values_def(dp_ctx *d, const an_level *lv)
{
	store_buf_puts(d->b, "VALUES ");
	for (int r = 0; r < lv->nrows; r++) {
		store_buf_puts(d->b, r ? ", (" : "(");
		for (int k = 0; k < lv->ntargets; k++) {
			if (k > 0)
				store_buf_putc(d->b, ',');
			if (lv->rows[r][k]->kind == EXPR_ROW)
				row_expr(d, lv->rows[r][k], true);
			else
				rule_expr(d, lv->rows[r][k], false);
		}
		store_buf_putc(d->b, ')');
	}
}

/*
 * The window call k of level lv stands for as analyzed, when some call
 * of the level names window `name` (OVER name, OVER (name ...)): its
 * partition and order are the named window's own.  NULL when none does.
 */
static const an_windef *named_window(
	const dp_ctx *d, const an_level *lv, const exec_expr *e, const char *name)
{
	const an_windef *wd = NULL;

	if (e == NULL)
		return NULL;
	if (e->kind == EXPR_WINREF && e->index < lv->sc->nwins) {
		const sql_node *n = ast_at(d, e->loc, SQL_FUNCCALL);
		const sql_window_def *w = n != NULL ? sql_as_funccall((sql_node *)n)->over : NULL;

		if (w != NULL && w->refname != NULL && strcmp(w->refname, name) == 0 &&
			lv->sc->winof[e->index] < lv->nwindefs)
			return &lv->windefs[lv->sc->winof[e->index]];
	}
	for (int i = 0; i < e->nargs && wd == NULL; i++)
		wd = named_window(d, lv, e->args[i], name);
	return wd;
}

/*
 * The WINDOW clause (get_rule_windowclause): each named window with the
 * keys its calls were analyzed with.  A window no call uses was never
 * analyzed: the print fails.
 */
static void window_clause(dp_ctx *d, const an_level *lv)
{
	for (int i = 0; i < sql_list_len(lv->q->windows) && !d->failed; i++) {
		const sql_window_def *w = (const sql_window_def *)sql_list_nth(lv->q->windows, i);
		const an_windef *wd = NULL;

		for (int k = 0; k < lv->ntargets && wd == NULL; k++)
			wd = named_window(d, lv, lv->targets[k], w->name);
		if (wd == NULL) {
			d->failed = true;
			return;
		}
		if (i == 0)
			keyword_line(d, " WINDOW ", -DP_INDENT_STD, DP_INDENT_STD, 1);
		else
			store_buf_puts(d->b, ", ");
		store_buf_printf(d->b, "%s AS ", quote(d, w->name));
		window_spec(d, w, wd, w->refname == NULL, sql_list_len(w->order_by) > 0);
	}
}

/*
 * A SELECT (get_basic_select_query): SELECT [DISTINCT [ON (...)]], the
 * select list, FROM, WHERE, GROUP BY, HAVING, WINDOW; or VALUES.
 */
static void basic_select(dp_ctx *d, const an_level *lv, const dp_out *out)
{
	const sql_select *q = lv->q;

	d->indent += DP_INDENT_STD;
	store_buf_putc(d->b, ' ');
	if (q->values != NULL) {
		/* A view renaming VALUES's columns shows PostgreSQL's "*VALUES*" subquery. */
		for (int i = 0; out != NULL && i < out->ncols && i < lv->ntargets; i++) {
			char name[32];

			snprintf(name, sizeof(name), "column%d", i + 1);
			if (strcmp(out->cols[i], name) != 0)
				d->failed = true;
		}
		values_def(d, lv);
		return;
	}
	store_buf_puts(d->b, "SELECT");
	if (lv->non > 0) {
		store_buf_puts(d->b, " DISTINCT ON (");
		for (int i = 0; i < lv->non; i++) {
			if (i > 0)
				store_buf_puts(d->b, ", ");
			sortgroup_expr(d, lv->targets[lv->on[i]]);
		}
		store_buf_putc(d->b, ')');
	} else if (q->distinct) {
		store_buf_puts(d->b, " DISTINCT");
	}
	target_list(d, lv, out);
	from_clause(d, q->from);
	if (lv->where != NULL) {
		keyword_line(d, " WHERE ", -DP_INDENT_STD, DP_INDENT_STD, 1);
		rule_expr(d, lv->where, false);
	}
	if (lv->ngroup > 0) {
		keyword_line(d, " GROUP BY ", -DP_INDENT_STD, DP_INDENT_STD, 1);
		for (int i = 0; i < lv->ngroup; i++) {
			if (i > 0)
				store_buf_puts(d->b, ", ");
			sortgroup_expr(d, lv->group[i]);
		}
	}
	if (lv->having != NULL) {
		keyword_line(d, " HAVING ", -DP_INDENT_STD, DP_INDENT_STD, 0);
		rule_expr(d, lv->having, false);
	}
	if (sql_list_len(q->windows) > 0)
		window_clause(d, lv);
}

/* Whether q has clauses of its own: as a set operation's input it is a query in parentheses. */
static bool own_clauses(const sql_select *q)
{
	return q->with != NULL || q->sort != NULL || q->limit != NULL || q->offset != NULL ||
	       q->limit_kind == SQL_LIMIT_ALL;
}

/*
 * UNION / INTERSECT / EXCEPT (get_setop_query): a left input that is a
 * set operation of another kind goes in parentheses on lines of its
 * own, a right one that is a set operation always; leaves (and inputs
 * with clauses of their own, in parentheses) print as queries, every
 * one with the top's output names and types.
 */
static void setop_query(dp_ctx *d, const sql_select *q, bool leaf, bool visible, const dp_out *out)
{
	static const char *const ops[] = {"", "UNION ", "INTERSECT ", "EXCEPT "};
	bool lparen, rparen;
	int sub;

	if (leaf) {
		bool paren = own_clauses(q) || q->set_op != SQL_SETOP_NONE;

		if (paren)
			store_buf_putc(d->b, '(');
		query_def(d, q, d->indent, visible, out);
		if (paren)
			store_buf_putc(d->b, ')');
		return;
	}
	lparen = q->larg->set_op != SQL_SETOP_NONE && !own_clauses(q->larg) &&
		 !(q->larg->set_op == q->set_op && q->larg->set_all == q->set_all);
	sub = lparen ? DP_INDENT_STD : 0;
	if (lparen) {
		store_buf_putc(d->b, '(');
		keyword_line(d, "", sub, 0, 0);
	}
	setop_query(d, q->larg, q->larg->set_op == SQL_SETOP_NONE || own_clauses(q->larg), visible,
		out);
	keyword_line(d, lparen ? ") " : "", -sub, 0, 0);
	store_buf_printf(d->b, "%s%s", ops[q->set_op], q->set_all ? "ALL " : "");

	/* The right input's output names do not matter. */
	rparen = q->rarg->set_op != SQL_SETOP_NONE && !own_clauses(q->rarg);
	sub = rparen ? DP_INDENT_STD : 0;
	if (rparen)
		store_buf_putc(d->b, '(');
	keyword_line(d, "", sub, 0, 0);
	setop_query(d, q->rarg, !rparen, false, out);
	d->indent -= sub;
	if (rparen)
		keyword_line(d, ")", 0, 0, 0);
}

/* WITH name [(columns)] AS [[NOT] MATERIALIZED] (query), ... (get_with_clause). */
static void with_clause(dp_ctx *d, const sql_with *w)
{
	if (w->recursive) {
		d->failed = true; /* the analyzer refuses it */
		return;
	}
	d->indent += DP_INDENT_STD;
	store_buf_putc(d->b, ' ');
	for (int i = 0; i < sql_list_len(w->ctes) && !d->failed; i++) {
		const sql_cte *cte = sql_as_cte(sql_list_nth(w->ctes, i));

		store_buf_puts(d->b, i == 0 ? "WITH " : ", ");
		store_buf_puts(d->b, quote(d, cte->name));
		if (sql_list_len(cte->columns) > 0) {
			store_buf_putc(d->b, '(');
			for (int k = 0; k < sql_list_len(cte->columns); k++)
				store_buf_printf(d->b, "%s%s", k ? ", " : "",
					quote(d, sql_list_str(cte->columns, k)));
			store_buf_putc(d->b, ')');
		}
		store_buf_puts(d->b, " AS ");
		if (cte->materialized == SQL_CTE_MATERIALIZED)
			store_buf_puts(d->b, "MATERIALIZED ");
		else if (cte->materialized == SQL_CTE_NOT_MATERIALIZED)
			store_buf_puts(d->b, "NOT MATERIALIZED ");
		store_buf_putc(d->b, '(');
		keyword_line(d, "", 0, 0, 0);
		query_def(d, sql_as_select(cte->query), d->indent, true, NULL);
		keyword_line(d, "", 0, 0, 0);
		store_buf_putc(d->b, ')');
	}
	d->indent -= DP_INDENT_STD;
	keyword_line(d, "", 0, 0, 0);
}

/*
 * Whether two aggregate calls of level lv are the same call written
 * twice (ORDER BY 2, count(*) sorts by one column in PostgreSQL, which
 * compares the calls where the analyzer numbered them apart).
 */
static bool same_aggregate(const an_level *lv, const exec_expr *a, const exec_expr *b)
{
	const plan_aggcall *x, *y;

	if (a->kind != EXPR_AGGREF || b->kind != EXPR_AGGREF || lv->sc == NULL)
		return false;
	x = &lv->sc->aggs[a->index];
	y = &lv->sc->aggs[b->index];
	if (x->agg != y->agg || x->nargs != y->nargs || x->distinct != y->distinct ||
		x->norder != y->norder || (x->filter == NULL) != (y->filter == NULL) ||
		(x->filter != NULL && !an_expr_equal(x->filter, y->filter)))
		return false;
	for (int i = 0; i < x->nargs; i++)
		if (!an_expr_equal(x->args[i], y->args[i]))
			return false;
	for (int i = 0; i < x->norder; i++)
		if (!an_expr_equal(x->order[i].expr, y->order[i].expr) ||
			x->order[i].desc != y->order[i].desc ||
			x->order[i].nulls_first != y->order[i].nulls_first)
			return false;
	return true;
}

/*
 * A query of any shape with its WITH, ORDER BY, OFFSET and LIMIT
 * (get_query_def and get_select_query_def) at indentation indent, its
 * FROM items named first; visible says whether its output names matter,
 * out (or NULL) what they are.
 */
static void query_def(dp_ctx *d, const sql_select *q, int indent, bool visible, const dp_out *out)
{
	const an_level *lv = level_of(d, q);
	bool saved_visible = d->colnames_visible;
	dp_ns ns = {0};
	int saved_indent = d->indent;
	dp_out setout = {0};

	if (lv == NULL || d->failed) {
		d->failed = true;
		return;
	}
	ns.lv = lv;
	ns.view = d->ns == NULL;
	ns.up = d->ns;
	d->ns = &ns;
	d->indent = indent;
	d->colnames_visible = visible;
	assign_refnames(d, &ns);
	if (q->with != NULL)
		with_clause(d, q->with);
	if (q->set_op != SQL_SETOP_NONE) {
		/* The leaves' untyped literals take the types the set operation gave its columns. */
		if (out != NULL)
			setout = *out;
		setout.types = sql_arena_alloc(d->a, (size_t)(lv->ntargets + 1) * sizeof(exec_oid));
		for (int i = 0; i < lv->ntargets; i++)
			((exec_oid *)setout.types)[i] = lv->targets[i]->type;
		setop_query(d, q, false, visible, &setout);
	} else {
		if (q->values != NULL && (lv->nsort > 0 || lv->limit != NULL || lv->offset != NULL))
			d->failed = true; /* PostgreSQL shows VALUES's own "*VALUES*" then */
		basic_select(d, lv, out);
	}
	if (lv->nsort > 0) {
		keyword_line(d, " ORDER BY ", -DP_INDENT_STD, DP_INDENT_STD, 1);
		for (int i = 0, shown = 0; i < lv->nsort; i++) {
			bool dup = false;

			/* A column sorted twice sorts once (addTargetToSortList). */
			for (int k = 0; k < i && !dup; k++)
				dup = lv->sortpos[k] == lv->sortpos[i] ||
				      same_aggregate(lv, lv->targets[lv->sortpos[k]],
					      lv->targets[lv->sortpos[i]]);
			if (dup)
				continue;
			if (shown++ > 0)
				store_buf_puts(d->b, ", ");
			if (q->set_op != SQL_SETOP_NONE)
				store_buf_printf(d->b, "%d", lv->sortpos[i] + 1);
			else
				sortgroup_expr(d, lv->targets[lv->sortpos[i]]);
			sort_direction(d, lv->sort[i].desc, lv->sort[i].nulls_first);
		}
	}
	if (lv->offset != NULL) {
		keyword_line(d, " OFFSET ", -DP_INDENT_STD, DP_INDENT_STD, 0);
		rule_expr(d, lv->offset, false);
	}
	if (q->limit_kind == SQL_LIMIT_ALL ||
		(lv->limit != NULL && lv->limit->kind == EXPR_CONST && lv->limit->value.isnull)) {
		keyword_line(d, " LIMIT ", -DP_INDENT_STD, DP_INDENT_STD, 0);
		store_buf_puts(d->b, "ALL");
	} else if (lv->limit != NULL) {
		keyword_line(d, " LIMIT ", -DP_INDENT_STD, DP_INDENT_STD, 0);
		rule_expr(d, lv->limit, false);
	}
	d->ns = ns.up;
	d->indent = saved_indent;
	d->colnames_visible = saved_visible;
}

/* ---- Entry points ---- */

static void dp_init(dp_ctx *d, exec_ctx *cx, sql_arena *a, store_buf *b, bool pretty)
{
	memset(d, 0, sizeof(*d));
	d->cx = cx;
	d->a = a;
	d->b = b;
	d->pretty = pretty;
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
		dp_init(&d, &c.cx, a, &b, pretty);
		d.t = t;
		rule_expr(&d, e, false);
		if (!d.failed)
			out = sql_arena_strndup(a, b.len ? (const char *)b.data : "", b.len);
	}
	store_buf_free(&b);
	an_ctx_release(&c);
	return out;
}

const char *exec_deparse_view(an_ctx *c, const sql_select *q, const char *const *cols, int ncols,
	bool pretty, int wrap, sql_arena *a)
{
	store_buf b = STORE_BUF_INIT;
	dp_out out = {cols, ncols, NULL};
	dp_ctx d;
	const char *text = NULL;

	dp_init(&d, &c->cx, a, &b, pretty);
	d.c = c;
	d.wrap = wrap;
	ast_index(&d, &q->n);
	query_def(&d, q, 0, true, &out);
	if (!d.failed)
		text = sql_arena_strndup(a, b.len ? (const char *)b.data : "", b.len);
	store_buf_free(&b);
	return text;
}

const char *exec_deparse_view_text(exec_stmt *st, const char *sql, const char *const *cols,
	int ncols, bool pretty, int wrap, sql_arena *a)
{
	sql_arena *tmp = sql_arena_new(0);
	sql_stmt_list *stmts = NULL;
	sql_error perr;
	store_err err;
	an_ctx c;
	const char *out = NULL, *text;
	sql_select *q;

	/* Parse and analyze the text in an arena of its own, keeping each level's analysis. */
	memset(&perr, 0, sizeof(perr));
	text = sql_arena_strndup(tmp, sql, strlen(sql));
	if (sql_parse(text, strlen(text), tmp, &stmts, &perr) != 0 || stmts == NULL ||
		sql_list_len(stmts->stmts) != 1 ||
		sql_list_nth(stmts->stmts, 0)->kind != SQL_SELECT) {
		sql_arena_free(tmp);
		return NULL;
	}
	q = sql_as_select(sql_list_nth(stmts->stmts, 0));
	exec_stmt_analyzer(st, &c);
	store_err_clear(&err);
	c.a = tmp;
	c.err = &err;
	c.cx.err = &err;
	c.sql = text;
	c.sqllen = strlen(text);
	c.keep_casts = true;
	c.keep_levels = true;
	if (an_query(&c, NULL, q) != NULL) {
		const char *s = exec_deparse_view(&c, q, cols, ncols, pretty, wrap, tmp);

		if (s != NULL)
			out = sql_arena_strndup(a, s, strlen(s));
	}
	an_ctx_release(&c);
	sql_arena_free(tmp);
	return out;
}
