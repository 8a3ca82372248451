/*
 * expr.h - expressions as the executor evaluates them.
 *
 * The analyzer turns the parser's expression nodes into these: names
 * resolved to column positions, operators and functions to their table
 * entries (func.h), implicit casts made explicit, constants folded into
 * values.  Evaluation is a walk of the tree with SQL's three-valued
 * logic; each node knows its result type and typmod, and the byte
 * position of its source for errors the analyzer reports.
 *
 * Columns are read from the rows of an evaluation context: the current
 * row of the operator evaluating (a scan's row, a join's pair laid side
 * by side), the rows of enclosing queries for correlated subqueries, the
 * aggregates of the current group, and the statement's parameters.
 *
 * Memory: expressions live in the statement's arena; results are made in
 * the context's arena (exec_ctx.arena), which the operator resets per
 * row when it can.
 */
#ifndef CHRONDB_EXECUTOR_EXPR_H
#define CHRONDB_EXECUTOR_EXPR_H

#include "func.h"

typedef struct exec_expr exec_expr;
typedef struct exec_ectx exec_ectx;

typedef enum exec_expr_kind {
	EXPR_CONST,    /* a value */
	EXPR_PARAM,    /* $n: params[index] */
	EXPR_VAR,      /* a column: the row `up` levels out, at index */
	EXPR_AGGREF,   /* the current group's aggregate at index */
	EXPR_WINREF,   /* window function call index of its query level (replaced by a
	                  column of the WINDOW node before the plan runs) */
	EXPR_CALL,     /* a function or operator: fn over args */
	EXPR_CAST,     /* arg converted to type (and typmod) */
	EXPR_AND,      /* args, left to right, false wins, NULL beats true */
	EXPR_OR,       /* args, true wins, NULL beats false */
	EXPR_NOT,      /* args[0] */
	EXPR_CASE,     /* searched: conds[i] -> results[i], else; simple CASE is rewritten to it */
	EXPR_COALESCE, /* the first non-NULL of args */
	EXPR_MINMAX,   /* GREATEST (greatest) or LEAST of args, NULLs ignored */
	EXPR_NULLIF,   /* args[0] unless fn(args[0], args[1]) is true */
	EXPR_NULLTEST, /* args[0] IS [NOT] NULL (negated) */
	EXPR_BOOLTEST, /* args[0] IS [NOT] TRUE/FALSE/UNKNOWN (test, as in the parser) */
	EXPR_DISTINCT, /* args[0] IS [NOT] DISTINCT FROM args[1], fn the equality */
	EXPR_IN_LIST,  /* args[0] = any of args[1..]: fn the equality; negated for NOT IN */
	EXPR_SCALAR_ARRAY, /* args[0] op ANY/ALL (args[1], an array) */
	EXPR_ARRAY,        /* ARRAY[args...] of type */
	EXPR_SUBPLAN,      /* a subquery: exists, scalar, ANY/ALL, ARRAY */
	EXPR_SUBSCRIPT,    /* args[0] subscripted: index subscripts, their bounds after it
	                   (absent bounds left out, bit 2k / 2k+1 of test set); all: a slice */
	EXPR_ROW,          /* ROW(args...): a record whose fields are named fieldnames */
	EXPR_FIELD,        /* field index of the record args[0] */
	EXPR_SRF,          /* a set-returning function over args: only a ProjectSet evaluates it */
	EXPR_LATERAL,      /* a column of a FROM item to the left of a LATERAL one: slot index */
	EXPR_SUBSCRIPT_ASSIGN, /* args[0] with a part replaced (UPDATE SET a[2] = v): bounds as
	                          EXPR_SUBSCRIPT's, the new value last */
} exec_expr_kind;

typedef enum exec_sublink {
	EXEC_SUB_EXISTS,
	EXEC_SUB_SCALAR, /* one row of one column, or NULL; 21000 for more */
	EXEC_SUB_ANY,    /* test op ANY (subquery) */
	EXEC_SUB_ALL,
	EXEC_SUB_ARRAY,
} exec_sublink;

/* Runs a subquery; the executor provides it (exec.c). */
typedef struct exec_subplan exec_subplan;

struct exec_expr {
	exec_expr_kind kind;
	exec_oid type;  /* result type */
	int32_t typmod; /* result typmod, EXEC_TYPMOD_NONE when unknown */
	int loc;        /* byte offset in the statement, -1 when none */

	exec_value value; /* CONST */
	int index;        /* PARAM, VAR, AGGREF */
	int up;           /* VAR: 0 the current row, 1 the enclosing query's, ... */

	exec_fn fn; /* CALL; the comparison of NULLIF, DISTINCT, IN_LIST, SCALAR_ARRAY, MINMAX */
	const char *name; /* CALL: the function or operator; SCALAR_ARRAY: its operator */
	bool strict;      /* CALL: NULL in gives NULL without calling */
	bool negated;     /* NULLTEST, DISTINCT, IN_LIST */
	bool all;         /* SCALAR_ARRAY and SUBPLAN: ALL rather than ANY */
	bool greatest;    /* MINMAX */
	int test;         /* BOOLTEST: sql_booltest_kind */

	int nargs;
	exec_expr **args; /* operands; CASE: conds and results interleaved, else last when odd */

	/* CAST */
	exec_cast_context cast_context;

	/* SUBPLAN */
	exec_sublink sublink;
	exec_subplan *subplan;

	/* ROW: the name of each field (nargs of them) */
	const char *const *fieldnames;

	/* CASE: the operand of a simple CASE (each condition is case_arg = value), else
	 * NULL; only deparsing reads it */
	const exec_expr *case_arg;

	/* SRF: the function (array.h's exec_srf) */
	const struct exec_srf *srf;
};

/* What an expression is evaluated against. */
struct exec_ectx {
	exec_ctx *cx;
	const exec_value *row; /* the current row */
	int nrow;
	exec_ectx *outer; /* the enclosing query's context, for VAR with up > 0 */
	const exec_value *params;
	int nparams;
	const exec_value *aggs; /* the current group's aggregates */
	int naggs;
};

/*
 * Evaluate e into *out.  Returns EXEC_OK, or EXEC_ERROR with ec->cx->err
 * set (a function's error, 22P02 for a bad cast, 21000 for a scalar
 * subquery with more than one row).
 */
int exec_eval(exec_ectx *ec, const exec_expr *e, exec_value *out);

/*
 * Evaluate a condition: *truth is 1 for true, 0 for false or NULL (as
 * WHERE, ON and HAVING treat them).
 */
int exec_eval_qual(exec_ectx *ec, const exec_expr *e, int *truth);

/* ---- Building (the analyzer, the plan builder, tests) ---- */

exec_expr *exec_expr_new(sql_arena *a, exec_expr_kind kind, exec_oid type, int32_t typmod);
exec_expr *exec_expr_const(sql_arena *a, exec_value v, int32_t typmod);
exec_expr *exec_expr_var(sql_arena *a, int up, int index, exec_oid type, int32_t typmod);
exec_expr *exec_expr_call(sql_arena *a, exec_fn fn, const char *name, bool strict, exec_oid type,
	int nargs, exec_expr **args);
exec_expr *exec_expr_cast(
	sql_arena *a, exec_expr *arg, exec_oid type, int32_t typmod, exec_cast_context cc);

/*
 * A copy of e in a that any session may evaluate, or NULL when e is not
 * one: only constants, calls, casts and the operators over them, and no
 * constant whose value analysis may have read through a session's
 * settings (dates, times and intervals, which DateStyle, TimeZone and
 * IntervalStyle parse).  For expressions kept across statements, as
 * column defaults are (dml.c).
 */
exec_expr *exec_expr_copy_stable(sql_arena *a, const exec_expr *e);

/* Set e's operands (copied into the arena). */
void exec_expr_set_args(sql_arena *a, exec_expr *e, int nargs, exec_expr *const *args);

/*
 * The subquery hook: evaluate a subplan in ec (its rows see ec as their
 * outer context).  Defined by the executor, which owns plans.
 */
int exec_subplan_eval(exec_ectx *ec, const exec_expr *e, exec_value *out);

/*
 * The lateral hook: the value in slot e->index of the running statement,
 * which the nested loop joining the LATERAL item set for the current
 * row of the items to its left.  Defined by the executor (subplan.c).
 */
int exec_lateral_eval(exec_ectx *ec, const exec_expr *e, exec_value *out);

#endif
