/*
 * analyze.h - what the analyzer's files share: turning the parser's
 * nodes into executor expressions and plans (analyze.c: expressions;
 * select.c: queries; dml.c and ddl.c: the statements that change data
 * and definitions; session.c drives them).
 *
 * Names resolve against scopes.  A scope is one query level: the FROM
 * items it sees (range entries), each a set of named columns laid side
 * by side in the row its FROM clause produces; a column reference
 * becomes EXPR_VAR(up, index), `up` counting the query levels out (a
 * correlated subquery's reference to its enclosing query has up 1).
 *
 * Errors carry PostgreSQL's SQLSTATE and the character position of the
 * node that caused them (an_error).
 */
#ifndef CHRONDB_EXECUTOR_ANALYZE_H
#define CHRONDB_EXECUTOR_ANALYZE_H

#include "ast.h"
#include "catalog.h"
#include "plan.h"

typedef struct an_rte an_rte;
typedef struct an_scope an_scope;
typedef struct an_ctx an_ctx;

/* A FROM item as names see it. */
struct an_rte {
	const char *alias; /* what it is called here; NULL for an unnamed subquery or join */
	int ncols;
	int nsys; /* system columns after the ncols (a FOR SYSTEM_TIME range's: plan.h):
	             found by name only, never by `*`, a whole-row reference or USING */
	const char **colnames; /* ncols + nsys names, types and typmods */
	exec_oid *types;
	int32_t *typmods;
	int offset;         /* where its columns start in the FROM row */
	uint32_t table_oid; /* a table's, for RowDescription; 0 otherwise */
	const cat_table *table;
	bool hidden;          /* not reachable by its name (the inputs of an aliased join) */
	bool no_cols;         /* its columns are not found unqualified (a join's inputs: the
	                          join's own entry has them) */
	exec_expr **colexprs; /* a join's columns as expressions over the FROM row; NULL:
	                          column i is the row's offset + i */
	bool no_lateral;      /* the left side of a RIGHT or FULL join, while its right side
	                          is analyzed: a LATERAL reference to it is 42P10 */
	bool dml_target;      /* the table UPDATE or DELETE changes: its FROM / USING items
	                          may not read it laterally (42P10) */
	const struct exec_srf **shapes; /* record columns' fields (exec_column.shape), or NULL */
	const sql_node *src;            /* the FROM item it was analyzed from (select.c) */
	const plan_node *plan;          /* a subquery's, view's, WITH query's or function's plan */
	const exec_expr *on;            /* a join's ON condition as analyzed */
	bool scalar_fn;                 /* a function of one value in FROM: `f` is that value */
};

/* A window of a query level: its partition and order keys. */
typedef struct an_windef {
	int npart;
	exec_expr **part;
	int norder;
	plan_sortkey *order;
	plan_winframe frame;
} an_windef;

/* One query level. */
struct an_scope {
	an_scope *parent;
	an_rte **rtes;
	int nrtes, caprtes;
	int width; /* columns of the FROM row */

	/* Aggregates met while analyzing this level's expressions (grouping). */
	bool in_agg_arg; /* inside an aggregate's arguments: no nested aggregates */
	bool no_aggs;    /* WHERE, ON, GROUP BY: aggregates are not allowed (42803) */
	const char *no_aggs_where;
	int naggs, capaggs;
	plan_aggcall *aggs;
	exec_expr **aggrefs; /* the EXPR_AGGREF standing for each */

	bool outer_refs; /* some name here resolved to an enclosing level: correlated */

	/*
	 * Window functions: allowed in the targets and ORDER BY (win_ok),
	 * recorded here (call k uses window winof[k], an aggregate call its
	 * winaggs[winagg[k]]) and stood for by EXPR_WINREF k.
	 */
	bool win_ok;
	bool in_windef;          /* analyzing a window's keys: no window functions there */
	const sql_list *windows; /* the level's WINDOW clause (SQL_WINDOW_DEF with name) */
	int nwins, capwins;
	plan_winfn *wins;
	exec_oid *wintypes; /* each call's result type */
	int *winof;
	int *winagg;
	int nwinaggs, capwinaggs;
	plan_aggcall *winaggs;
	int nwindefs, capwindefs;
	an_windef *windefs;

	/*
	 * Set-returning functions: allowed in a SELECT's targets and ORDER BY
	 * (srf_ok, a ProjectSet runs them), else 0A000 "set-returning
	 * functions are not allowed in <srf_where>", with the LATERAL hint
	 * when srf_hint (CASE, COALESCE).
	 */
	bool srf_ok;
	const char *srf_where;
	bool srf_hint;

	/*
	 * LATERAL.  A LATERAL item (a function in FROM, a LATERAL subquery)
	 * is analyzed in a scope whose `lateral` is the FROM scope of its
	 * query level: the items to its left are found there after the
	 * item's own level and before the enclosing query's.  Their columns
	 * become EXPR_LATERAL slots (latslot, by position in the FROM row),
	 * which the nested loop joining the item fills for each row of the
	 * left side; lat_lo..lat_hi are the positions the item being
	 * analyzed read that way.  A non-LATERAL subquery's scope keeps the
	 * FROM scope it cannot see in `hidden`, for PostgreSQL's hints.
	 */
	an_scope *lateral;
	an_scope *hidden;
	int *latslot;
	int nlatslot;
	int lat_lo, lat_hi;

	/*
	 * Locking clauses (FOR UPDATE ...) that apply to this level's FROM
	 * items (select.c), or NULL; nullable counts the outer joins whose
	 * nullable side is being analyzed, which no clause may lock.
	 */
	struct an_lock *lock;
	int nullable;
};

/* A WITH query in scope: visible to the queries after it (prev: the ones before). */
typedef struct an_cte {
	const char *name;
	const sql_list *columns;
	sql_select *query;
	int loc; /* the WITH item, for errors about it */
	struct an_cte *prev;
} an_cte;

/* Table definitions the statement has read, by snapshot. */
typedef struct an_tabcache {
	store_snap *snap;
	store_tx *tx;
	const cat_table *table;
	struct cat_cached
		*ref; /* the process's cache entry (catcache.h), released with the context */
	struct an_tabcache *next;
} an_tabcache;

/*
 * A statement's $n parameters as analysis sees them: types[0..n), and
 * with fixed set (a prepared statement being run) no more than n may
 * appear.  values (n of them, or NULL) are there when the statement
 * runs, for what analysis evaluates (LIMIT, keys).
 */
typedef struct an_params {
	exec_oid *types;
	int n, cap;
	bool fixed;
	const exec_value *values;
} an_params;

/* The statement being analyzed. */
struct an_ctx {
	sql_arena *a; /* the statement's */
	store_err *err;
	const char *sql; /* the whole query text, for error positions */
	size_t sqllen;
	exec_ctx cx; /* for constant folding and casts at analysis time */

	/* Where tables come from. */
	store *s;
	store_tx *tx;     /* NULL: no transaction (a read against a snapshot) */
	store_snap *snap; /* the statement's snapshot */
	const char *branch;
	bool pinned;         /* snap is the session's chrondb.as_of: other branches read as of
	                        its time too */
	const char *user;    /* current_user; NULL reads as "chrondb" */
	bool no_index_scans; /* enable_indexscan is off: scans read whole tables */
	bool uncacheable;    /* the plan reads what a kept plan could not check (a view) */

	/*
	 * $n parameters: their types (unknown until a use decides, then fixed)
	 * and, when the statement runs, their values.  params is the
	 * statement's (exec_stmt_analyzer shares it, so that a prepared
	 * statement learns the types its analysis decided), else own_params.
	 */
	an_params *params;
	an_params own_params;

	an_cte *ctes;        /* WITH queries in scope */
	an_tabcache *tables; /* definitions read so far */
	store_snap **snaps;  /* snapshots opened for AS OF and other branches */
	int nsnaps, capsnaps;
	int nsubplans;          /* subqueries numbered so far (their cache slots) */
	int nlatslots;          /* LATERAL slots numbered so far (exec_run's) */
	an_scope *lateral_next; /* the FROM scope the next query planned sees LATERAL (select.c) */
	an_scope *hidden_next;  /* or the one it cannot see (a subquery in FROM without LATERAL) */

	/* A set operation's leaf (or INSERT's SELECT) is being planned: its untyped
	 * literals stay unknown, for the set operation to type them from the other
	 * side (the INSERT from its columns), as PostgreSQL does. */
	bool setop_leaf;
	bool keep_unknown;

	/* Casts of typed constants stay cast nodes instead of being folded into
	 * constants: the tree PostgreSQL stores, for deparsing it (deparse.c). */
	bool keep_casts;

	/* Scalar subqueries analyzed so far with their first column's name (an_expr_name). */
	struct an_subname *subnames;

	/*
	 * Table locks (locks.h).  relmode: the mode the next table analysis
	 * loads is locked in (0: ACCESS SHARE; -1: none, the caller locks);
	 * push_lock: an enclosing level's locking clause for the next query
	 * level planned (a view or subquery in FROM), which leaves in
	 * pushed_level what its rows carry for the enclosing level to lock
	 * (NULL: nothing).
	 */
	int relmode;
	const struct an_lockpush *push_lock;
	const struct exec_locklevel *pushed_level;

	/* The error set has no position and keeps none (a locking clause's, as PostgreSQL's). */
	bool err_unplaced;

	/* Each query level's analysis is kept in levels (an_level), for deparsing it. */
	bool keep_levels;
	struct an_level *levels;
};

/*
 * A query level as analysis left it, before planning rewrote it: what
 * deparse.c prints a view's query from, as PostgreSQL prints its Query.
 * select.c records one per SELECT, VALUES and set operation it analyzes
 * when an_ctx.keep_levels is set; every expression is over the level's
 * FROM row (sc), the arrays are the level's own copies.
 */
typedef struct an_level {
	const sql_select *q;
	an_scope *sc; /* the FROM items; NULL for VALUES and set operations */
	int ntargets; /* the select list, then ORDER BY's hidden columns */
	int nvisible;
	exec_expr **targets;
	const char **names;
	exec_expr *where;
	int ngroup; /* GROUP BY, duplicates removed */
	exec_expr **group;
	exec_expr *having;
	int nsort; /* ORDER BY: positions among the targets, directions */
	int *sortpos;
	plan_sortkey *sort; /* expr unused */
	int non;            /* DISTINCT ON: positions among the targets */
	int *on;
	exec_expr *limit, *offset;
	int nwindefs; /* the windows and window aggregates as analyzed (planning maps them) */
	an_windef *windefs;
	int nwinaggs;
	plan_aggcall *winaggs;
	int nrows; /* VALUES: nrows rows of ntargets expressions */
	exec_expr ***rows;
	struct an_level *next;
} an_level;

/* A scalar subquery's output name, as its analysis found it. */
typedef struct an_subname {
	const sql_node *sublink;
	const char *name;
	struct an_subname *next;
} an_subname;

/* Free what analysis opened that outlives the arena (snapshots); after the statement ran. */
void an_ctx_release(an_ctx *c);

/* Set err with a SQLSTATE and message, and the position of node loc (byte offset, -1 none). */
int an_error(an_ctx *c, int loc, const char *sqlstate, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* ---- Scopes ---- */

an_scope *an_scope_new(an_ctx *c, an_scope *parent);

/* Add a FROM item's columns at the end of the scope's row; returns it. */
an_rte *an_scope_add(an_ctx *c, an_scope *sc, const char *alias, int ncols,
	const char *const *colnames, const exec_oid *types, const int32_t *typmods);

/* ---- Expressions (analyze.c) ---- */

/* An expression over the scope's row (NULL with err set on failure). */
exec_expr *an_expr(an_ctx *c, an_scope *sc, sql_node *n);

/* A condition: an expression coerced to bool (42804 when it cannot be). */
exec_expr *an_qual(an_ctx *c, an_scope *sc, sql_node *n, const char *clause);

/*
 * e converted to type/typmod in context cc: untyped literals are read
 * as the type at once, others get a cast node; 42804 or 42846 when no
 * cast exists (`what` names the place in the message).
 */
exec_expr *an_coerce(an_ctx *c, exec_expr *e, exec_oid type, int32_t typmod, exec_cast_context cc,
	const char *what);

/*
 * The type a set of expressions (CASE results, VALUES columns, UNION
 * inputs) shares, as PostgreSQL's select_common_type picks it; 42804
 * "<what> types integer and text cannot be matched" when none.
 */
exec_oid an_common_type(an_ctx *c, exec_expr **exprs, int n, const char *what);

/* A type name to its OID and typmod (42704 for an unknown type). */
int an_typename(an_ctx *c, const sql_typename *tn, exec_oid *type, int32_t *typmod, bool *serial);

/*
 * The fields of a record expression whose fields analysis knows (a ROW,
 * a whole-row reference, a multi-column set-returning call): their
 * expressions and names, n returned; -1 with 42809 otherwise.
 */
int an_row_expand(an_ctx *c, exec_expr *rec, int loc, exec_expr ***fields, const char ***names);

/* t.* or (x).* written where a list of values goes (ROW(...), a select list): its fields. */
int an_star_expand(an_ctx *c, an_scope *sc, sql_node *n, exec_expr ***fields, const char ***names);

/*
 * An assignment target of UPDATE SET or an INSERT column list: the
 * column's name, written alone (an SQL_STR) or with subscripts after it
 * (an SQL_INDIRECTION over one).
 */
const char *an_assign_column(const sql_node *target);

/*
 * Column col after the assignment target = value, where target has
 * subscripts (a[2], a[1:3]): base (its value before, a NULL constant for
 * INSERT, or an earlier assignment to other parts of it) with that part
 * replaced, as PostgreSQL's array_set_element and array_set_slice do.
 * value is coerced to the element type (the array type for a slice).
 * Errors as PostgreSQL's: 42804 for a field selection or a type without
 * subscripts, or a value of another type.
 */
exec_expr *an_assign_part(an_ctx *c, an_scope *sc, const sql_node *target, const char *colname,
	exec_oid coltype, int32_t coltypmod, exec_expr *base, exec_expr *value);

/* Structural equality of two analyzed expressions (GROUP BY matching). */
bool an_expr_equal(const exec_expr *a, const exec_expr *b);

/* The name an expression gets as an output column when it has no alias. */
const char *an_expr_name(an_ctx *c, const sql_node *n);

/* The first subquery in an expression's tree, or NULL: for where PostgreSQL allows none. */
const sql_node *an_find_sublink(sql_node *n);

/* Evaluate an expression with no row (constants, parameters): for LIMIT, DEFAULT, keys. */
int an_eval_const(an_ctx *c, const exec_expr *e, exec_value *out);

/* The statement's parameters (the shared ones, or the context's own). */
an_params *an_ctx_params(an_ctx *c);

/* A parameter expression coerced to a type: the parameter keeps it, if no use had decided. */
void an_param_settle(an_ctx *c, const exec_expr *e);

/*
 * Operator name applied to analyzed operands (l NULL: prefix), resolved
 * through the registry as an operator written in SQL is: untyped
 * literals take the types the operator wants, 42883 when none matches.
 * loc is the operator's byte position (-1: none).
 */
exec_expr *an_op(an_ctx *c, const char *name, exec_expr *l, exec_expr *r, int loc);

/* A function called by name over analyzed arguments (no aggregates): 42883 when none matches. */
exec_expr *an_call(an_ctx *c, const char *name, exec_expr **args, int nargs, int loc);

/* x [NOT] IN (items): the operands brought to their common type, compared with its "=". */
exec_expr *an_in(
	an_ctx *c, exec_expr *x, exec_expr *const *items, int n, bool negated, int op_loc, int loc);

/* ---- Queries (select.c) ---- */

/*
 * Plan a query (SELECT, VALUES, set operations) at scope parent (NULL at
 * the top): its output columns are the plan's descriptor.
 */
plan_node *an_query(an_ctx *c, an_scope *parent, sql_select *q);

/*
 * Output column col of a query planned with its untyped literals kept (a
 * set operation's leaf, INSERT's SELECT): the literal it projects read as
 * type and typmod in context cc, in place, its input errors pointing at
 * the literal as PostgreSQL's coerce_type does.  A column that is not
 * unknown is left alone.
 */
int an_type_literal(
	an_ctx *c, plan_node *p, int col, exec_oid type, int32_t typmod, exec_cast_context cc);

/*
 * Where output column col of a query with ncols columns is written, as
 * PostgreSQL's exprLocation of its target: the expression's byte offset
 * in the leftmost leaf of a set operation (the first row of VALUES; the
 * `*` for a column it expands to), else the leaf's own.
 */
int an_target_loc(const sql_select *q, int ncols, int col);

/* Bring a WITH clause's queries into scope (c->ctes; the caller restores it after). */
int an_with(an_ctx *c, const sql_with *w);

/* EXISTS, IN, ANY/ALL, ARRAY(...) and scalar subqueries as subplan expressions. */
exec_expr *an_sublink(an_ctx *c, an_scope *sc, sql_sublink *sl);

/*
 * UPDATE's and DELETE's rows: the target table first in the FROM row
 * (offset 0, its rte in sc), then the FROM / USING items, filtered by
 * WHERE; the plan's rows are the whole FROM row.
 */
plan_node *an_dml_from(an_ctx *c, an_scope *sc, const sql_range_var *target, const cat_table *t,
	store_snap *snap, const sql_list *from, sql_node *where);

/* A RETURNING list over scope sc: its columns and expressions. */
int an_returning(
	an_ctx *c, an_scope *sc, const sql_list *list, exec_tupdesc *desc, exec_expr ***exprs);

/* A table by qualified name (a view is 42809 here), and the snapshot to read it at. */
int an_table(an_ctx *c, const sql_list *names, int loc, const cat_table **out, store_snap **snap);

/* A table by its name at a snapshot, as a transaction (or NULL) sees it: 42P01, 42809. */
/* The process cache entry (catcache.h) t was read from by this context; NULL when none. */
struct cat_cached *an_table_ref(const an_ctx *c, const cat_table *t);

int an_table_at(an_ctx *c, const char *name, int loc, store_snap *snap, store_tx *tx,
	const cat_table **out);

/*
 * Time travel's snapshots (select.c), for AS OF and the session's
 * chrondb.as_of.  an_as_of_time: the latest commit of branch (NULL: the
 * default one) at or before ts, a timestamptz (an infinity allowed);
 * 22008 when the branch's history starts later.  an_as_of_text: what a
 * text names: a commit id, branch, tag or ref with ~n / ^n steps
 * (42704 when unknown), else a timestamptz read with cx's TimeZone and
 * DateStyle (22007 or 22008 when it looks like one and does not read).
 * *out is the caller's to free.
 */
int an_as_of_time(store *s, const char *branch, int64_t ts, store_snap **out, store_err *err);
int an_as_of_text(exec_ctx *cx, store *s, const char *branch, const char *text, store_snap **out,
	store_err *err);

/*
 * Plan pieces the plan builder (build.c) shares with queries, so that a
 * request that speaks no SQL is planned as its SQL form would be:
 * a node with ncols zeroed columns; a table's scan with its columns
 * described; conditions on a node (into a scan, a primary-key lookup
 * when they pin the key, as select.c plans WHERE; a filter over
 * anything else); a projection of exprs named by cols.
 */
plan_node *an_plan_new(an_ctx *c, plan_kind kind, int ncols);
plan_node *an_plan_scan(an_ctx *c, const cat_table *t, store_snap *snap, store_tx *tx);
plan_node *an_plan_where(an_ctx *c, plan_node *p, exec_expr *qual);
plan_node *an_plan_project(
	an_ctx *c, plan_node *in, int n, exec_expr **exprs, const exec_column *cols);

#endif
