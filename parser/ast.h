/*
 * ast.h - the abstract syntax tree that the parser hands to the executor.
 *
 * Owns: the node structs, their kinds, the generic list, the node
 * descriptor table (every field of every node, by name, type and offset)
 * and the walker built on it.  Does not own: parsing (sql.h), printing
 * (sql_node_dump in dump.c), or any meaning beyond syntax: names are not
 * resolved, types are not checked (DESIGN.md section 6; STYLE.md rule 8).
 *
 * Conventions, shared by every node:
 *
 * - Every node starts with sql_node: its kind, `loc`, the byte offset in
 *   the source of its first token, and `end`, the byte offset just past its
 *   last token; both are -1 for a node the parser made up (a default
 *   operand, the 1 of FETCH FIRST ROWS ONLY).  A node's source text is
 *   text[loc, end): a view's query, a column default or a CHECK expression
 *   can be stored as written.  Operators and casts also record `op_loc`,
 *   the token PostgreSQL points its error cursor at ("operator does not
 *   exist" points at the operator, not the left operand).
 * - A statement is any node whose kind is in [SQL_STMT_FIRST,
 *   SQL_STMT_LAST]; its loc and end bound it in multi-statement input.
 * - Lists are sql_list nodes of node pointers (never NULL items).  A list
 *   field is NULL when the clause is absent or empty; sql_list_len(NULL)
 *   is 0.  Lists of lists exist (VALUES rows, DROP object names).
 * - Identifiers are folded to lower case unless they were double-quoted,
 *   and truncated to 63 bytes, as PostgreSQL does.  A qualified name is a
 *   list of SQL_STR parts, outermost first: [schema, table] or [table];
 *   for ChronDB the schema part may name a Git branch.
 * - Strings are NUL-terminated: the parser rejects NUL bytes, in the
 *   input and in escapes alike, as PostgreSQL does.
 * - Special SQL syntax maps to PostgreSQL's function names, with the
 *   arguments in PostgreSQL's order and syntax = SQL_FUNC_SQL_SYNTAX:
 *   EXTRACT(f FROM x) is pg_catalog.extract('f', x), POSITION(a IN b) is
 *   pg_catalog.position(b, a), SUBSTRING(x FROM a FOR b) is
 *   pg_catalog.substring(x, a, b), TRIM([BOTH] c FROM x) is
 *   pg_catalog.btrim(x, c) (LEADING: ltrim, TRAILING: rtrim), OVERLAY(a
 *   PLACING b FROM c FOR d) is pg_catalog.overlay(a, b, c, d) and x AT
 *   TIME ZONE z is pg_catalog.timezone(z, x).
 * - SQL-standard type names map to PostgreSQL's internal names qualified
 *   with pg_catalog (INTEGER is pg_catalog.int4, DOUBLE PRECISION
 *   pg_catalog.float8, TIMESTAMP WITH TIME ZONE pg_catalog.timestamptz,
 *   CHARACTER VARYING(n) pg_catalog.varchar with typmod n, CHAR alone
 *   pg_catalog.bpchar with typmod 1); other names (text, jsonb, serial,
 *   date) are kept as written, unqualified, for the catalog to resolve.
 * - No tree is deeper than SQL_MAX_DEPTH nodes (lists do not count), so
 *   a recursive walk of a parsed statement is bounded.
 *
 * Memory: every node, list and string lives in the statement's arena
 * (arena.h) and goes with it; nothing here is freed on its own.
 */
#ifndef CHRONDB_PARSER_AST_H
#define CHRONDB_PARSER_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* The deepest tree sql_parse accepts; deeper input is error 54001. */
#define SQL_MAX_DEPTH 1000

/* Longest identifier, in bytes, as PostgreSQL's NAMEDATALEN - 1. */
#define SQL_MAX_IDENT 63

/*
 * Every node kind, in one table: X(KIND, name).  KIND gives the enum
 * value SQL_<KIND>, name the node's struct (sql_<name>), its printed name
 * and the checked cast sql_as_<name>().  Statements are kept together
 * between SELECT and SHOW_VALIDATION (SQL_STMT_FIRST..SQL_STMT_LAST).
 */
#define SQL_NODE_KINDS(X)                                                                          \
	/* support */                                                                              \
	X(LIST, list)                                                                              \
	X(STR, str)                                                                                \
	X(STAR, star)                                                                              \
	X(STMT_LIST, stmt_list)                                                                    \
	/* expressions */                                                                          \
	X(CONST, const)                                                                            \
	X(PARAM, param)                                                                            \
	X(COLREF, colref)                                                                          \
	X(OP, op)                                                                                  \
	X(ANY_ALL, any_all)                                                                        \
	X(BOOLEXPR, boolexpr)                                                                      \
	X(NULLTEST, nulltest)                                                                      \
	X(BOOLTEST, booltest)                                                                      \
	X(DISTINCT, distinct)                                                                      \
	X(LIKE, like)                                                                              \
	X(BETWEEN, between)                                                                        \
	X(IN_LIST, in_list)                                                                        \
	X(SUBLINK, sublink)                                                                        \
	X(CASE, case)                                                                              \
	X(CASE_WHEN, case_when)                                                                    \
	X(COALESCE, coalesce)                                                                      \
	X(MINMAX, minmax)                                                                          \
	X(NULLIF, nullif)                                                                          \
	X(CAST, cast)                                                                              \
	X(TYPENAME, typename)                                                                      \
	X(FUNCCALL, funccall)                                                                      \
	X(NAMED_ARG, named_arg)                                                                    \
	X(VALUE_FUNC, value_func)                                                                  \
	X(ARRAY, array)                                                                            \
	X(ROW, row)                                                                                \
	X(INDIRECTION, indirection)                                                                \
	X(SUBSCRIPT, subscript)                                                                    \
	X(COLLATE, collate)                                                                        \
	X(DEFAULT, default)                                                                        \
	X(WINDOW_DEF, window_def)                                                                  \
	X(SORTBY, sortby)                                                                          \
	/* query pieces */                                                                         \
	X(TARGET, target)                                                                          \
	X(RANGE_VAR, range_var)                                                                    \
	X(ALIAS, alias)                                                                            \
	X(TIME_TRAVEL, time_travel)                                                                \
	X(RANGE_SUBSELECT, range_subselect)                                                        \
	X(RANGE_FUNCTION, range_function)                                                          \
	X(JOIN, join)                                                                              \
	X(WITH, with)                                                                              \
	X(CTE, cte)                                                                                \
	X(LOCKING, locking)                                                                        \
	X(ASSIGN, assign)                                                                          \
	X(ON_CONFLICT, on_conflict)                                                                \
	X(COLUMN_DEF, column_def)                                                                  \
	X(CONSTRAINT, constraint)                                                                  \
	X(ALTER_CMD, alter_cmd)                                                                    \
	X(INDEX_ELEM, index_elem)                                                                  \
	X(DEFELEM, defelem)                                                                        \
	X(VACUUM_REL, vacuum_rel)                                                                  \
	/* statements */                                                                           \
	X(SELECT, select)                                                                          \
	X(INSERT, insert)                                                                          \
	X(UPDATE, update)                                                                          \
	X(DELETE, delete)                                                                          \
	X(TRUNCATE, truncate)                                                                      \
	X(LOCK, lock)                                                                              \
	X(CREATE_TABLE, create_table)                                                              \
	X(CREATE_TABLE_AS, create_table_as)                                                        \
	X(DROP, drop)                                                                              \
	X(ALTER_TABLE, alter_table)                                                                \
	X(CREATE_INDEX, create_index)                                                              \
	X(CREATE_SEQUENCE, create_sequence)                                                        \
	X(ALTER_SEQUENCE, alter_sequence)                                                          \
	X(CREATE_VIEW, create_view)                                                                \
	X(CREATE_SCHEMA, create_schema)                                                            \
	X(TRANSACTION, transaction)                                                                \
	X(SET, set)                                                                                \
	X(SHOW, show)                                                                              \
	X(EXPLAIN, explain)                                                                        \
	X(VACUUM, vacuum)                                                                          \
	X(COPY, copy)                                                                              \
	X(DISCARD, discard)                                                                        \
	X(DEALLOCATE, deallocate)                                                                  \
	X(PREPARE, prepare)                                                                        \
	X(EXECUTE, execute)                                                                        \
	X(DECLARE_CURSOR, declare_cursor)                                                          \
	X(FETCH, fetch)                                                                            \
	X(CLOSE_PORTAL, close_portal)                                                              \
	X(NOTIFY, notify)                                                                          \
	X(CHECKPOINT, checkpoint)                                                                  \
	X(COMMENT, comment)                                                                        \
	X(SHOW_TABLES, show_tables)                                                                \
	X(SHOW_SCHEMAS, show_schemas)                                                              \
	X(DESCRIBE, describe)                                                                      \
	X(CREATE_VALIDATION, create_validation)                                                    \
	X(DROP_VALIDATION, drop_validation)                                                        \
	X(SHOW_VALIDATION, show_validation)

typedef enum sql_node_kind {
#define SQL_KIND_ENUM(K, n) SQL_##K,
	SQL_NODE_KINDS(SQL_KIND_ENUM)
#undef SQL_KIND_ENUM
		SQL_NODE_KIND_COUNT
} sql_node_kind;

#define SQL_STMT_FIRST SQL_SELECT
#define SQL_STMT_LAST  SQL_SHOW_VALIDATION

/* The header of every node. */
typedef struct sql_node {
	sql_node_kind kind;
	int loc; /* byte offset of the first token; -1 when synthetic */
	int end; /* byte offset just past the last token; -1 when synthetic */
} sql_node;

/* ---------------------------------------------------------------- support */

/* A growable list of node pointers; loc/end span its items. */
typedef struct sql_list {
	sql_node n;
	int len;
	int cap;
	sql_node **items;
} sql_list;

/* A string in a list: an identifier part, a column name, an option word. */
typedef struct sql_str {
	sql_node n;
	char *s;
} sql_str;

/* `*` as the last part of a column reference (t.*) or an indirection. */
typedef struct sql_star {
	sql_node n;
} sql_star;

/* What sql_parse returns: the statements in order; `;` alone adds none. */
typedef struct sql_stmt_list {
	sql_node n;
	sql_list *stmts;
} sql_stmt_list;

/* ------------------------------------------------------------ expressions */

typedef enum sql_const_kind {
	SQL_CONST_NULL,
	SQL_CONST_BOOL,
	SQL_CONST_INTEGER,   /* fits int8: ival; fits_int4 says whether it is int4 */
	SQL_CONST_NUMERIC,   /* text is the exact decimal: the executor parses it */
	SQL_CONST_STRING,    /* text is the value, escapes resolved; type unknown */
	SQL_CONST_BITSTRING, /* text is 'b' or 'x' and the digits, as PostgreSQL's */
} sql_const_kind;

/*
 * A literal.  text is always set except for NULL: for numbers a plain
 * decimal spelling (underscores removed, 0x/0o/0b converted, a minus sign
 * folded in as PostgreSQL's grammar does: -5 is one constant), for
 * booleans "true" or "false".
 */
typedef struct sql_const {
	sql_node n;
	sql_const_kind ckind;
	bool bval;      /* BOOL */
	bool fits_int4; /* INTEGER within int4's range (PostgreSQL types it int4) */
	int64_t ival;   /* INTEGER */
	char *text;
} sql_const;

/* $n. */
typedef struct sql_param {
	sql_node n;
	int number;
} sql_param;

/* A column reference: fields are SQL_STR parts; the last may be SQL_STAR. */
typedef struct sql_colref {
	sql_node n;
	sql_list *fields;
} sql_colref;

/*
 * An operator: infix (both operands) or prefix (left NULL).  name is the
 * operator's spelling ("=", "<>" for both <> and !=, "~~", "->>"); schema
 * is set for OPERATOR(schema.op).
 */
typedef struct sql_op {
	sql_node n;
	char *name;
	char *schema;
	sql_node *left;
	sql_node *right;
	int op_loc;
} sql_op;

/* left op ANY (array) / op ALL (array); a subquery operand is a SUBLINK. */
typedef struct sql_any_all {
	sql_node n;
	char *name;
	char *schema;
	bool all;
	sql_node *left;
	sql_node *right;
	int op_loc;
} sql_any_all;

typedef enum sql_bool_op { SQL_AND, SQL_OR, SQL_NOT } sql_bool_op;

/* AND/OR with two or more args (chains are flattened), NOT with one. */
typedef struct sql_boolexpr {
	sql_node n;
	sql_bool_op op;
	sql_list *args;
} sql_boolexpr;

/* arg IS [NOT] NULL, arg ISNULL, arg NOTNULL. */
typedef struct sql_nulltest {
	sql_node n;
	sql_node *arg;
	bool negated;
} sql_nulltest;

typedef enum sql_booltest_kind {
	SQL_IS_TRUE,
	SQL_IS_NOT_TRUE,
	SQL_IS_FALSE,
	SQL_IS_NOT_FALSE,
	SQL_IS_UNKNOWN,
	SQL_IS_NOT_UNKNOWN,
} sql_booltest_kind;

/* arg IS [NOT] TRUE / FALSE / UNKNOWN. */
typedef struct sql_booltest {
	sql_node n;
	sql_booltest_kind test;
	sql_node *arg;
} sql_booltest;

/* left IS DISTINCT FROM right; negated: IS NOT DISTINCT FROM. */
typedef struct sql_distinct {
	sql_node n;
	bool negated;
	sql_node *left;
	sql_node *right;
	int op_loc;
} sql_distinct;

typedef enum sql_like_kind { SQL_LIKE_LIKE, SQL_LIKE_ILIKE, SQL_LIKE_SIMILAR } sql_like_kind;

/* arg [NOT] LIKE / ILIKE / SIMILAR TO pattern [ESCAPE escape]. */
typedef struct sql_like {
	sql_node n;
	sql_like_kind op;
	bool negated;
	sql_node *arg;
	sql_node *pattern;
	sql_node *escape; /* NULL: the default, backslash */
	int op_loc;
} sql_like;

/* arg [NOT] BETWEEN [SYMMETRIC] low AND high. */
typedef struct sql_between {
	sql_node n;
	bool negated;
	bool symmetric;
	sql_node *arg;
	sql_node *low;
	sql_node *high;
	int op_loc;
} sql_between;

/* arg [NOT] IN (items...); IN (subquery) is a SUBLINK. */
typedef struct sql_in_list {
	sql_node n;
	bool negated;
	sql_node *arg;
	sql_list *items;
	int op_loc;
} sql_in_list;

typedef enum sql_sublink_kind {
	SQL_SUBLINK_EXISTS, /* EXISTS (q) */
	SQL_SUBLINK_EXPR,   /* (q) as a scalar */
	SQL_SUBLINK_ARRAY,  /* ARRAY(q) */
	SQL_SUBLINK_ANY,    /* test op ANY (q); test IN (q) is ANY with "=" */
	SQL_SUBLINK_ALL,    /* test op ALL (q) */
} sql_sublink_kind;

/*
 * A subquery in an expression.  test, op_name and op_schema are set for
 * ANY and ALL only; NOT IN (q) is NOT over an ANY "=" sublink, as in
 * PostgreSQL.  subquery is a SELECT.
 */
typedef struct sql_sublink {
	sql_node n;
	sql_sublink_kind sublink;
	sql_node *test;
	char *op_name;
	char *op_schema;
	sql_node *subquery;
	int op_loc;
} sql_sublink;

/* CASE [arg] WHEN ... [ELSE else_result] END; arg NULL: a searched CASE. */
typedef struct sql_case {
	sql_node n;
	sql_node *arg;
	sql_list *whens; /* SQL_CASE_WHEN */
	sql_node *else_result;
} sql_case;

/* WHEN cond THEN result (cond is the value to compare in a simple CASE). */
typedef struct sql_case_when {
	sql_node n;
	sql_node *cond;
	sql_node *result;
} sql_case_when;

/* COALESCE(args...). */
typedef struct sql_coalesce {
	sql_node n;
	sql_list *args;
} sql_coalesce;

typedef enum sql_minmax_op { SQL_GREATEST, SQL_LEAST } sql_minmax_op;

/* GREATEST(args...) / LEAST(args...). */
typedef struct sql_minmax {
	sql_node n;
	sql_minmax_op op;
	sql_list *args;
} sql_minmax;

/* NULLIF(left, right). */
typedef struct sql_nullif {
	sql_node n;
	sql_node *left;
	sql_node *right;
} sql_nullif;

typedef enum sql_cast_syntax {
	SQL_CAST_FUNC,    /* CAST(arg AS type) */
	SQL_CAST_OP,      /* arg::type; op_loc is the :: */
	SQL_CAST_LITERAL, /* type 'string', e.g. DATE '2024-01-01' */
} sql_cast_syntax;

typedef struct sql_typename sql_typename;

/* A conversion to a type. */
typedef struct sql_cast {
	sql_node n;
	sql_cast_syntax syntax;
	sql_node *arg;
	sql_typename *type;
	int op_loc;
} sql_cast;

/* INTERVAL field masks, combinable: DAY TO SECOND is DAY|HOUR|MINUTE|SECOND. */
enum {
	SQL_INTERVAL_YEAR = 1 << 0,
	SQL_INTERVAL_MONTH = 1 << 1,
	SQL_INTERVAL_DAY = 1 << 2,
	SQL_INTERVAL_HOUR = 1 << 3,
	SQL_INTERVAL_MINUTE = 1 << 4,
	SQL_INTERVAL_SECOND = 1 << 5,
};

/*
 * A type name.  names: the qualified name (see the file comment for the
 * standard types); typmods: expressions, usually integer constants
 * (varchar(10), numeric(10, 2), timestamp(3)); array_bounds: one integer
 * constant per [] (-1 when no bound was written), for int[] or
 * int ARRAY[3]; interval_fields: SQL_INTERVAL_* bits of INTERVAL ... DAY
 * TO SECOND, 0 when none were given.
 */
struct sql_typename {
	sql_node n;
	sql_list *names;
	sql_list *typmods;
	sql_list *array_bounds;
	int interval_fields;
};

typedef enum sql_func_syntax {
	SQL_FUNC_NORMAL,     /* name(args) */
	SQL_FUNC_SQL_SYNTAX, /* EXTRACT, POSITION, SUBSTRING, TRIM, OVERLAY, AT TIME ZONE */
} sql_func_syntax;

typedef struct sql_window_def sql_window_def;

/*
 * A function or aggregate call.  args may hold SQL_NAMED_ARG items.
 * count(*) has agg_star and no args; agg_order is ORDER BY inside the
 * parentheses, or WITHIN GROUP (ORDER BY ...) when agg_within_group;
 * variadic: the last argument was written VARIADIC.  over is the OVER
 * clause of a window call.
 */
typedef struct sql_funccall {
	sql_node n;
	sql_list *name;
	sql_list *args;
	sql_list *agg_order;
	sql_node *agg_filter;
	sql_window_def *over;
	bool agg_star;
	bool agg_distinct;
	bool agg_within_group;
	bool variadic;
	sql_func_syntax syntax;
} sql_funccall;

/* name => arg (or name := arg) in a call. */
typedef struct sql_named_arg {
	sql_node n;
	char *name;
	sql_node *arg;
} sql_named_arg;

typedef enum sql_value_func_op {
	SQL_CURRENT_DATE,
	SQL_CURRENT_TIME,
	SQL_CURRENT_TIMESTAMP,
	SQL_LOCALTIME,
	SQL_LOCALTIMESTAMP,
	SQL_CURRENT_ROLE,
	SQL_CURRENT_USER,
	SQL_SESSION_USER,
	SQL_USER,
	SQL_CURRENT_CATALOG,
	SQL_CURRENT_SCHEMA,
} sql_value_func_op;

/* The SQL value functions written without parentheses; precision -1: none. */
typedef struct sql_value_func {
	sql_node n;
	sql_value_func_op op;
	int precision;
} sql_value_func;

/* ARRAY[elements...]; a nested [..] inside one is an SQL_ARRAY too. */
typedef struct sql_array {
	sql_node n;
	sql_list *elements;
} sql_array;

/* A row constructor: ROW(args...) (explicit_row) or (a, b, ...). */
typedef struct sql_row {
	sql_node n;
	sql_list *args;
	bool explicit_row;
} sql_row;

/*
 * arg followed by subscripts and field selections, applied in order:
 * steps are SQL_SUBSCRIPT, SQL_STR (.field) or SQL_STAR (.*).  Dotted
 * names directly on a column are part of its colref instead: a.b[1].c is
 * an indirection over colref [a, b] with steps [1] and "c".
 */
typedef struct sql_indirection {
	sql_node n;
	sql_node *arg;
	sql_list *steps;
} sql_indirection;

/* [lower] (slice false) or [lower:upper] (slice true; either may be NULL). */
typedef struct sql_subscript {
	sql_node n;
	bool slice;
	sql_node *lower;
	sql_node *upper;
} sql_subscript;

/* arg COLLATE collation. */
typedef struct sql_collate {
	sql_node n;
	sql_node *arg;
	sql_list *collation;
} sql_collate;

/* DEFAULT as a value: only in a VALUES row of INSERT or an UPDATE SET. */
typedef struct sql_default {
	sql_node n;
} sql_default;

typedef enum sql_frame_mode {
	SQL_FRAME_DEFAULT, /* no frame clause */
	SQL_FRAME_RANGE,
	SQL_FRAME_ROWS,
	SQL_FRAME_GROUPS,
} sql_frame_mode;

typedef enum sql_frame_bound {
	SQL_BOUND_DEFAULT, /* not written (the end of a frame without BETWEEN) */
	SQL_BOUND_UNBOUNDED_PRECEDING,
	SQL_BOUND_PRECEDING, /* offset PRECEDING */
	SQL_BOUND_CURRENT_ROW,
	SQL_BOUND_FOLLOWING, /* offset FOLLOWING */
	SQL_BOUND_UNBOUNDED_FOLLOWING,
} sql_frame_bound;

typedef enum sql_frame_exclusion {
	SQL_EXCLUDE_NO_OTHERS, /* the default */
	SQL_EXCLUDE_CURRENT_ROW,
	SQL_EXCLUDE_GROUP,
	SQL_EXCLUDE_TIES,
} sql_frame_exclusion;

/*
 * A window: OVER (...), OVER name, or an entry of SELECT's WINDOW clause
 * (name is the name it defines).  refname is the window it copies
 * (OVER w, or OVER (w ORDER BY x)).
 */
struct sql_window_def {
	sql_node n;
	char *name;
	char *refname;
	sql_list *partition_by;
	sql_list *order_by; /* SQL_SORTBY */
	sql_frame_mode frame_mode;
	sql_frame_bound start_bound;
	sql_frame_bound end_bound;
	sql_node *start_offset;
	sql_node *end_offset;
	sql_frame_exclusion exclusion;
};

typedef enum sql_sort_dir {
	SQL_SORT_DEFAULT,
	SQL_SORT_ASC,
	SQL_SORT_DESC,
	SQL_SORT_USING
} sql_sort_dir;
typedef enum sql_sort_nulls { SQL_NULLS_DEFAULT, SQL_NULLS_FIRST, SQL_NULLS_LAST } sql_sort_nulls;

/* ORDER BY item; an integer constant expr is an output column ordinal. */
typedef struct sql_sortby {
	sql_node n;
	sql_node *expr;
	sql_sort_dir dir;
	sql_sort_nulls nulls;
	char *using_op; /* USING op */
} sql_sortby;

/* ------------------------------------------------------------ query pieces */

/*
 * An output column (SELECT list, RETURNING): expr [AS name].  `*` and
 * `t.*` are colrefs ending in SQL_STAR; name is NULL without an alias.
 */
typedef struct sql_target {
	sql_node n;
	sql_node *expr;
	char *name;
} sql_target;

/* AS name (columns...) after a FROM item or a DML target. */
typedef struct sql_alias {
	sql_node n;
	char *name;
	sql_list *columns; /* SQL_STR */
} sql_alias;

typedef enum sql_time_travel_kind {
	SQL_TT_AS_OF,          /* AS OF at: a commit, branch, ref ('main~3') or timestamp */
	SQL_TT_SYSTEM_AS_OF,   /* FOR SYSTEM_TIME AS OF at */
	SQL_TT_SYSTEM_BETWEEN, /* FOR SYSTEM_TIME BETWEEN start AND stop */
	SQL_TT_SYSTEM_FROM_TO, /* FOR SYSTEM_TIME FROM start TO stop */
	SQL_TT_SYSTEM_ALL,     /* FOR SYSTEM_TIME ALL */
} sql_time_travel_kind;

/* ChronDB's time travel on a table (DESIGN.md section 6). */
typedef struct sql_time_travel {
	sql_node n;
	sql_time_travel_kind tt;
	sql_node *at;
	sql_node *start;
	sql_node *stop;
} sql_time_travel;

/*
 * A table named in FROM, DML or DDL: names is [table], [schema, table] or
 * [catalog, schema, table].  only: ONLY t.  time_travel is set only in
 * FROM.
 */
typedef struct sql_range_var {
	sql_node n;
	sql_list *names;
	bool only;
	sql_alias *alias;
	sql_time_travel *time_travel;
} sql_range_var;

/* (SELECT ...) [AS] alias in FROM; alias may be NULL (PostgreSQL 16). */
typedef struct sql_range_subselect {
	sql_node n;
	bool lateral;
	sql_node *subquery;
	sql_alias *alias;
} sql_range_subselect;

/* A function in FROM: generate_series(1, 3), chrondb_history('t', 'id'). */
typedef struct sql_range_function {
	sql_node n;
	bool lateral;
	bool ordinality; /* WITH ORDINALITY */
	sql_node *func;  /* SQL_FUNCCALL, or a special form (COALESCE...) */
	sql_alias *alias;
} sql_range_function;

typedef enum sql_join_type {
	SQL_JOIN_INNER,
	SQL_JOIN_LEFT,
	SQL_JOIN_RIGHT,
	SQL_JOIN_FULL,
	SQL_JOIN_CROSS, /* CROSS JOIN; a comma between FROM items is not a join node */
} sql_join_type;

/* left JOIN right ON quals / USING (using_cols) / NATURAL. */
typedef struct sql_join {
	sql_node n;
	sql_join_type jointype;
	bool natural;
	sql_node *left;
	sql_node *right;
	sql_node *quals;
	sql_list *using_cols; /* SQL_STR */
	sql_alias *alias;     /* (a JOIN b ...) AS j */
} sql_join;

/* WITH [RECURSIVE] ctes. */
typedef struct sql_with {
	sql_node n;
	bool recursive;
	sql_list *ctes; /* SQL_CTE */
} sql_with;

typedef enum sql_cte_materialize {
	SQL_CTE_MATERIALIZE_DEFAULT,
	SQL_CTE_MATERIALIZED,
	SQL_CTE_NOT_MATERIALIZED,
} sql_cte_materialize;

/* name [(columns)] AS [NOT] [MATERIALIZED] (query); query: SELECT/INSERT/UPDATE/DELETE. */
typedef struct sql_cte {
	sql_node n;
	char *name;
	sql_list *columns;
	sql_cte_materialize materialized;
	sql_node *query;
} sql_cte;

typedef enum sql_lock_strength {
	SQL_LOCK_UPDATE,
	SQL_LOCK_NO_KEY_UPDATE,
	SQL_LOCK_SHARE,
	SQL_LOCK_KEY_SHARE,
} sql_lock_strength;

typedef enum sql_lock_wait {
	SQL_LOCK_WAIT_BLOCK,
	SQL_LOCK_NOWAIT,
	SQL_LOCK_SKIP_LOCKED
} sql_lock_wait;

/* FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE [OF tables] [NOWAIT | SKIP LOCKED]. */
typedef struct sql_locking {
	sql_node n;
	sql_lock_strength strength;
	sql_list *tables; /* SQL_RANGE_VAR; NULL: every table */
	sql_lock_wait wait;
} sql_locking;

/*
 * A SET item of UPDATE or ON CONFLICT DO UPDATE: columns = value.  One
 * column for a = e; several for (a, b) = (e1, e2), where value is an
 * SQL_ROW, or (a, b) = (SELECT ...), where it is an EXPR sublink.  value
 * may be SQL_DEFAULT.  A column assigned in part (a[2] = e, a.f = e) is
 * an SQL_INDIRECTION whose arg is the column's SQL_STR.
 */
typedef struct sql_assign {
	sql_node n;
	sql_list *columns; /* SQL_STR, or SQL_INDIRECTION over one */
	sql_node *value;
} sql_assign;

typedef enum sql_conflict_action { SQL_CONFLICT_NOTHING, SQL_CONFLICT_UPDATE } sql_conflict_action;

/*
 * ON CONFLICT [(target) [WHERE target_where] | ON CONSTRAINT constraint]
 * DO NOTHING | DO UPDATE SET set [WHERE where]; the proposed row is the
 * pseudo-table "excluded" (a plain name to the parser).
 */
typedef struct sql_on_conflict {
	sql_node n;
	sql_conflict_action action;
	sql_list *target; /* SQL_INDEX_ELEM */
	sql_node *target_where;
	char *constraint;
	sql_list *set; /* SQL_ASSIGN */
	sql_node *where;
} sql_on_conflict;

/* A column in CREATE TABLE or ALTER TABLE ADD COLUMN. */
typedef struct sql_column_def {
	sql_node n;
	char *name;
	sql_typename *type;
	sql_list *constraints; /* SQL_CONSTRAINT */
	sql_list *collation;   /* COLLATE name */
} sql_column_def;

typedef enum sql_constraint_type {
	SQL_CONSTR_NULL,        /* NULL */
	SQL_CONSTR_NOT_NULL,    /* NOT NULL */
	SQL_CONSTR_DEFAULT,     /* DEFAULT expr */
	SQL_CONSTR_CHECK,       /* CHECK (expr) */
	SQL_CONSTR_PRIMARY_KEY, /* PRIMARY KEY [(keys)] */
	SQL_CONSTR_UNIQUE,      /* UNIQUE [(keys)] */
	SQL_CONSTR_FOREIGN_KEY, /* [FOREIGN KEY (keys)] REFERENCES ref_table [(ref_columns)] */
	SQL_CONSTR_IDENTITY,    /* GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(seq_options)] */
	SQL_CONSTR_GENERATED,   /* GENERATED ALWAYS AS (expr) STORED */
} sql_constraint_type;

typedef enum sql_fk_action {
	SQL_FK_NO_ACTION, /* also when not written */
	SQL_FK_RESTRICT,
	SQL_FK_CASCADE,
	SQL_FK_SET_NULL,
	SQL_FK_SET_DEFAULT,
} sql_fk_action;

typedef enum sql_fk_match { SQL_MATCH_SIMPLE, SQL_MATCH_FULL, SQL_MATCH_PARTIAL } sql_fk_match;

typedef enum sql_identity_kind {
	SQL_IDENTITY_NONE,
	SQL_IDENTITY_ALWAYS,
	SQL_IDENTITY_BY_DEFAULT,
} sql_identity_kind;

/*
 * A column or table constraint.  keys is empty on a column constraint
 * (the column is implied).  DEFERRABLE / INITIALLY written after a
 * column constraint are folded into it.
 */
typedef struct sql_constraint {
	sql_node n;
	sql_constraint_type contype;
	char *name; /* CONSTRAINT name */
	sql_node *expr;
	sql_list *keys;    /* SQL_STR */
	sql_list *include; /* INCLUDE (SQL_STR...) of PRIMARY KEY / UNIQUE */
	sql_range_var *ref_table;
	sql_list *ref_columns; /* SQL_STR */
	sql_fk_match match;
	sql_fk_action on_delete;
	sql_fk_action on_update;
	sql_identity_kind identity;
	sql_list *seq_options; /* SQL_DEFELEM, as CREATE SEQUENCE's */
	bool deferrable;
	bool initially_deferred;
	bool no_inherit;
	bool nulls_not_distinct;
} sql_constraint;

typedef enum sql_alter_cmd_type {
	SQL_AT_ADD_COLUMN,       /* def: SQL_COLUMN_DEF; missing_ok: IF NOT EXISTS */
	SQL_AT_DROP_COLUMN,      /* name; missing_ok: IF EXISTS; behavior */
	SQL_AT_SET_DEFAULT,      /* name; expr */
	SQL_AT_DROP_DEFAULT,     /* name */
	SQL_AT_SET_NOT_NULL,     /* name */
	SQL_AT_DROP_NOT_NULL,    /* name */
	SQL_AT_ALTER_TYPE,       /* name; def: SQL_TYPENAME; expr: USING, or NULL */
	SQL_AT_ADD_CONSTRAINT,   /* def: SQL_CONSTRAINT */
	SQL_AT_DROP_CONSTRAINT,  /* name; missing_ok: IF EXISTS; behavior */
	SQL_AT_RENAME_COLUMN,    /* name -> new_name */
	SQL_AT_RENAME_TABLE,     /* new_name */
	SQL_AT_RENAME_CONSTRAINT /* name -> new_name */
} sql_alter_cmd_type;

typedef enum sql_drop_behavior { SQL_DROP_RESTRICT, SQL_DROP_CASCADE } sql_drop_behavior;

/* One action of ALTER TABLE (the fields each uses are listed above). */
typedef struct sql_alter_cmd {
	sql_node n;
	sql_alter_cmd_type subtype;
	char *name;
	char *new_name;
	sql_node *def;
	sql_node *expr;
	bool missing_ok;
	sql_drop_behavior behavior;
} sql_alter_cmd;

/* An index column: a column name or an (expression), with its options. */
typedef struct sql_index_elem {
	sql_node n;
	char *name;     /* NULL when expr */
	sql_node *expr; /* NULL when name */
	sql_list *collation;
	sql_list *opclass;
	sql_sort_dir ordering;
	sql_sort_nulls nulls;
} sql_index_elem;

/*
 * A named option: WITH (fillfactor = 70), EXPLAIN (ANALYZE), COPY's
 * FORMAT csv, a sequence's INCREMENT BY 2, a transaction's ISOLATION
 * LEVEL.  arg is NULL (no value), SQL_CONST (a number, a bool, or a
 * string: bare words are strings too, folded like names), SQL_TYPENAME,
 * SQL_LIST (of SQL_STR or SQL_CONST) or SQL_STAR; sql_defelem_text()
 * gives a constant's text.  Option names are folded.
 */
typedef struct sql_defelem {
	sql_node n;
	char *name;
	sql_node *arg;
} sql_defelem;

/* A table in VACUUM / ANALYZE, with optional columns. */
typedef struct sql_vacuum_rel {
	sql_node n;
	sql_range_var *relation;
	sql_list *columns;
} sql_vacuum_rel;

/* ------------------------------------------------------------- statements */

typedef enum sql_set_op {
	SQL_SETOP_NONE,
	SQL_SETOP_UNION,
	SQL_SETOP_INTERSECT,
	SQL_SETOP_EXCEPT,
} sql_set_op;

typedef enum sql_limit_kind {
	SQL_LIMIT_NONE,      /* no LIMIT or FETCH */
	SQL_LIMIT_COUNT,     /* LIMIT limit, FETCH FIRST limit ROWS ONLY */
	SQL_LIMIT_ALL,       /* LIMIT ALL (limit is NULL) */
	SQL_LIMIT_WITH_TIES, /* FETCH FIRST limit ROWS WITH TIES */
} sql_limit_kind;

typedef struct sql_select sql_select;

/*
 * A query.  Three shapes share the struct, as in PostgreSQL:
 * - a plain SELECT: distinct/distinct_on, targets, from, where, group_by,
 *   having, windows;
 * - VALUES: values is a list of rows, each a list of expressions;
 * - a set operation: set_op with larg and rarg (set_all: ALL).
 * Any shape may carry with, sort, limit/offset and locking, which apply
 * to the whole.  distinct_on implies distinct.  `TABLE t` is SELECT *
 * FROM t.  recursive/window/locking use is visible in the fields; the
 * executor decides what it supports.
 */
struct sql_select {
	sql_node n;
	sql_with *with;
	sql_set_op set_op;
	bool set_all;
	sql_select *larg;
	sql_select *rarg;
	bool distinct;
	sql_list *distinct_on;
	sql_list *targets; /* SQL_TARGET */
	sql_list *from;    /* RANGE_VAR, RANGE_SUBSELECT, RANGE_FUNCTION, JOIN */
	sql_node *where;
	sql_list *group_by;
	sql_node *having;
	sql_list *windows; /* SQL_WINDOW_DEF with name */
	sql_list *values;  /* VALUES rows: lists */
	sql_list *sort;    /* SQL_SORTBY */
	sql_limit_kind limit_kind;
	sql_node *limit;
	sql_node *offset;
	sql_list *locking; /* SQL_LOCKING */
};

typedef enum sql_overriding {
	SQL_OVERRIDING_NONE,
	SQL_OVERRIDING_SYSTEM_VALUE,
	SQL_OVERRIDING_USER_VALUE,
} sql_overriding;

/* INSERT INTO relation [(columns)] source | DEFAULT VALUES (source NULL). */
typedef struct sql_insert {
	sql_node n;
	sql_with *with;
	sql_range_var *relation; /* alias: INSERT INTO t AS x */
	sql_list *columns;       /* SQL_STR, or SQL_INDIRECTION over one (a[1]) */
	sql_overriding overriding;
	sql_select *source; /* VALUES rows may hold SQL_DEFAULT */
	sql_on_conflict *on_conflict;
	sql_list *returning; /* SQL_TARGET */
} sql_insert;

/* UPDATE relation [AS alias] SET set [FROM from] [WHERE where] [RETURNING]. */
typedef struct sql_update {
	sql_node n;
	sql_with *with;
	sql_range_var *relation;
	sql_list *set; /* SQL_ASSIGN */
	sql_list *from;
	sql_node *where;
	sql_list *returning;
} sql_update;

/* DELETE FROM relation [AS alias] [USING using] [WHERE where] [RETURNING]. */
typedef struct sql_delete {
	sql_node n;
	sql_with *with;
	sql_range_var *relation;
	sql_list *using_list;
	sql_node *where;
	sql_list *returning;
} sql_delete;

/* TRUNCATE [TABLE] relations [RESTART | CONTINUE IDENTITY] [CASCADE | RESTRICT]. */
typedef struct sql_truncate {
	sql_node n;
	sql_list *relations; /* SQL_RANGE_VAR */
	bool restart_identity;
	sql_drop_behavior behavior;
} sql_truncate;

/* The table lock modes LOCK names, weakest first, numbered as PostgreSQL's. */
typedef enum sql_lock_mode {
	SQL_LOCKMODE_ACCESS_SHARE = 1,
	SQL_LOCKMODE_ROW_SHARE,
	SQL_LOCKMODE_ROW_EXCLUSIVE,
	SQL_LOCKMODE_SHARE_UPDATE_EXCLUSIVE,
	SQL_LOCKMODE_SHARE,
	SQL_LOCKMODE_SHARE_ROW_EXCLUSIVE,
	SQL_LOCKMODE_EXCLUSIVE,
	SQL_LOCKMODE_ACCESS_EXCLUSIVE,
} sql_lock_mode;

/* LOCK [TABLE] relations [IN mode MODE] [NOWAIT]. */
typedef struct sql_lock {
	sql_node n;
	sql_list *relations; /* SQL_RANGE_VAR */
	sql_lock_mode mode;  /* ACCESS EXCLUSIVE when none is given */
	bool nowait;
} sql_lock;

typedef enum sql_persistence {
	SQL_PERSISTENCE_PERMANENT,
	SQL_PERSISTENCE_TEMP,
	SQL_PERSISTENCE_UNLOGGED,
} sql_persistence;

/* CREATE [TEMP] TABLE [IF NOT EXISTS] relation (elements) [WITH (options)]. */
typedef struct sql_create_table {
	sql_node n;
	sql_range_var *relation;
	sql_persistence persistence;
	bool if_not_exists;
	sql_list *elements; /* SQL_COLUMN_DEF and SQL_CONSTRAINT, in order */
	sql_list *options;  /* SQL_DEFELEM */
} sql_create_table;

/* CREATE [TEMP] TABLE [IF NOT EXISTS] relation [(columns)] AS query [WITH [NO] DATA]. */
typedef struct sql_create_table_as {
	sql_node n;
	sql_range_var *relation;
	sql_persistence persistence;
	bool if_not_exists;
	sql_list *columns;
	sql_list *options;
	sql_node *query;
	bool with_no_data;
} sql_create_table_as;

typedef enum sql_object_type {
	SQL_OBJECT_TABLE,
	SQL_OBJECT_INDEX,
	SQL_OBJECT_SEQUENCE,
	SQL_OBJECT_VIEW,
	SQL_OBJECT_SCHEMA,
} sql_object_type;

/* DROP object [CONCURRENTLY] [IF EXISTS] objects [CASCADE | RESTRICT]. */
typedef struct sql_drop {
	sql_node n;
	sql_object_type object;
	sql_list *objects; /* qualified names: lists of SQL_STR */
	bool missing_ok;
	bool concurrently;
	sql_drop_behavior behavior;
} sql_drop;

/* ALTER TABLE [IF EXISTS] relation cmds (RENAME forms are one cmd). */
typedef struct sql_alter_table {
	sql_node n;
	sql_range_var *relation;
	bool missing_ok;
	sql_list *cmds; /* SQL_ALTER_CMD */
} sql_alter_table;

/* CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON relation ... */
typedef struct sql_create_index {
	sql_node n;
	char *name; /* NULL: the executor picks one */
	sql_range_var *relation;
	char *method;      /* USING method, NULL: the default */
	sql_list *params;  /* SQL_INDEX_ELEM */
	sql_list *include; /* INCLUDE (SQL_STR...) */
	sql_list *options; /* WITH (SQL_DEFELEM...) */
	sql_node *where;   /* partial index */
	bool unique;
	bool concurrently;
	bool if_not_exists;
	bool nulls_not_distinct;
} sql_create_index;

/*
 * CREATE [TEMP] SEQUENCE [IF NOT EXISTS] sequence options.  options are
 * SQL_DEFELEM named as PostgreSQL's: "as" (typename), "increment",
 * "minvalue", "maxvalue" (arg NULL for NO MINVALUE / NO MAXVALUE),
 * "start", "restart" (arg may be NULL), "cache", "cycle" (bool constant),
 * "owned_by" (a list: the qualified column, or [none]).
 */
typedef struct sql_create_sequence {
	sql_node n;
	sql_range_var *sequence;
	sql_persistence persistence;
	bool if_not_exists;
	sql_list *options;
} sql_create_sequence;

/* ALTER SEQUENCE [IF EXISTS] sequence options (as CREATE SEQUENCE's). */
typedef struct sql_alter_sequence {
	sql_node n;
	sql_range_var *sequence;
	bool missing_ok;
	sql_list *options;
} sql_alter_sequence;

typedef enum sql_view_check {
	SQL_VIEW_CHECK_NONE,
	SQL_VIEW_CHECK_LOCAL,
	SQL_VIEW_CHECK_CASCADED,
} sql_view_check;

/* CREATE [OR REPLACE] [TEMP] VIEW view [(columns)] AS query; the text is query's loc..end. */
typedef struct sql_create_view {
	sql_node n;
	sql_range_var *view;
	sql_persistence persistence;
	bool or_replace;
	sql_list *columns;
	sql_list *options;
	sql_node *query;
	sql_view_check check_option;
} sql_create_view;

/* CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION role]. */
typedef struct sql_create_schema {
	sql_node n;
	char *name;
	char *authrole;
	bool if_not_exists;
} sql_create_schema;

typedef enum sql_transaction_kind {
	SQL_TRANS_BEGIN, /* BEGIN and START TRANSACTION */
	SQL_TRANS_COMMIT,
	SQL_TRANS_ROLLBACK,
	SQL_TRANS_SAVEPOINT,
	SQL_TRANS_RELEASE,
	SQL_TRANS_ROLLBACK_TO,
} sql_transaction_kind;

/*
 * Transaction control.  options (BEGIN, and SET TRANSACTION's args) are
 * SQL_DEFELEM named as PostgreSQL's settings: "transaction_isolation"
 * (string "serializable", "repeatable read", "read committed", "read
 * uncommitted"), "transaction_read_only" and "transaction_deferrable"
 * (bool constants).  chain: AND CHAIN.
 */
typedef struct sql_transaction {
	sql_node n;
	sql_transaction_kind tkind;
	sql_list *options;
	char *savepoint;
	bool chain;
} sql_transaction;

typedef enum sql_set_kind {
	SQL_SET_VALUE,     /* SET name TO args */
	SQL_SET_DEFAULT,   /* SET name TO DEFAULT */
	SQL_SET_CURRENT,   /* SET name FROM CURRENT */
	SQL_SET_MULTI,     /* SET TRANSACTION / SESSION CHARACTERISTICS: args are defelems */
	SQL_SET_RESET,     /* RESET name */
	SQL_SET_RESET_ALL, /* RESET ALL */
} sql_set_kind;

/*
 * SET and RESET.  name is the setting, dotted parts joined ("chrondb.branch",
 * "timezone" for SET TIME ZONE, "client_encoding" for SET NAMES,
 * "search_path" for SET SCHEMA, "transaction" / "session characteristics"
 * for SQL_SET_MULTI, "transaction_isolation" for RESET TRANSACTION
 * ISOLATION LEVEL).  args are SQL_CONST: words and strings as strings,
 * numbers as numbers; SET TIME ZONE INTERVAL '...' gives an SQL_CAST.
 */
typedef struct sql_set {
	sql_node n;
	sql_set_kind skind;
	char *name;
	sql_list *args;
	bool local; /* SET LOCAL */
} sql_set;

/* SHOW name; "all", "timezone", "transaction_isolation", "session_authorization". */
typedef struct sql_show {
	sql_node n;
	char *name;
} sql_show;

/* EXPLAIN [(options) | ANALYZE VERBOSE] stmt; options are SQL_DEFELEM. */
typedef struct sql_explain {
	sql_node n;
	sql_node *stmt;
	sql_list *options;
} sql_explain;

/* VACUUM or ANALYZE (is_vacuum false); options: "full", "freeze", "verbose", "analyze", ... */
typedef struct sql_vacuum {
	sql_node n;
	bool is_vacuum;
	sql_list *options;   /* SQL_DEFELEM */
	sql_list *relations; /* SQL_VACUUM_REL; NULL: every table */
} sql_vacuum;

/*
 * COPY relation [(columns)] FROM/TO ... or COPY (query) TO ...; filename
 * NULL: STDIN / STDOUT.  Old-style options become the same SQL_DEFELEM
 * as WITH (...): "format" (string text/csv/binary), "header" (bool, or
 * a string such as "true" or "match"), "delimiter", "null", "quote",
 * "escape", "encoding" (strings), "force_quote", "force_not_null",
 * "force_null" (lists of SQL_STR, or SQL_STAR), "freeze"; accept a bool
 * wherever "true"/"false" strings may appear, as PostgreSQL does.
 */
typedef struct sql_copy {
	sql_node n;
	sql_range_var *relation;
	sql_node *query;
	sql_list *columns;
	bool is_from;
	bool is_program;
	char *filename;
	sql_list *options;
	sql_node *where;
} sql_copy;

typedef enum sql_discard_target {
	SQL_DISCARD_ALL,
	SQL_DISCARD_PLANS,
	SQL_DISCARD_SEQUENCES,
	SQL_DISCARD_TEMP,
} sql_discard_target;

typedef struct sql_discard {
	sql_node n;
	sql_discard_target target;
} sql_discard;

/* LISTEN, UNLISTEN and NOTIFY: one node, the action says which. */
typedef enum sql_notify_action {
	SQL_NOTIFY_LISTEN,
	SQL_NOTIFY_UNLISTEN,
	SQL_NOTIFY_NOTIFY,
} sql_notify_action;

/*
 * LISTEN channel, UNLISTEN channel | * (channel NULL), NOTIFY channel
 * [, 'payload'] (payload NULL without one).  The channel is an
 * identifier, folded and truncated as every name is.
 */
typedef struct sql_notify {
	sql_node n;
	sql_notify_action action;
	char *channel;
	char *payload;
} sql_notify;

/* CHECKPOINT. */
typedef struct sql_checkpoint {
	sql_node n;
} sql_checkpoint;

/* DEALLOCATE [PREPARE] name | ALL (name NULL). */
typedef struct sql_deallocate {
	sql_node n;
	char *name;
} sql_deallocate;

/* PREPARE name [(argtypes)] AS query. */
typedef struct sql_prepare {
	sql_node n;
	char *name;
	sql_list *argtypes; /* SQL_TYPENAME */
	sql_node *query;
} sql_prepare;

/* EXECUTE name [(params)]. */
typedef struct sql_execute {
	sql_node n;
	char *name;
	sql_list *params;
} sql_execute;

/* DECLARE name [BINARY] [[NO] SCROLL] CURSOR [WITH[OUT] HOLD] FOR query. */
typedef struct sql_declare_cursor {
	sql_node n;
	char *name;
	bool binary;
	bool scroll; /* SCROLL given (NO SCROLL and neither: false) */
	bool hold;   /* WITH HOLD */
	sql_node *query;
} sql_declare_cursor;

/* FETCH / MOVE: the direction, as PostgreSQL's FetchDirection. */
typedef enum sql_fetch_dir {
	SQL_FETCH_FORWARD,
	SQL_FETCH_BACKWARD,
	SQL_FETCH_ABSOLUTE,
	SQL_FETCH_RELATIVE,
} sql_fetch_dir;

/* FETCH_ALL: the count of FETCH ALL, FORWARD ALL and BACKWARD ALL. */
#define SQL_FETCH_ALL INT64_MAX

/* FETCH [direction] [FROM | IN] name, MOVE likewise. */
typedef struct sql_fetch {
	sql_node n;
	char *name;
	sql_fetch_dir direction;
	int64_t count; /* rows (FORWARD, BACKWARD) or the position (ABSOLUTE, RELATIVE) */
	bool move;
} sql_fetch;

/* CLOSE name, or CLOSE ALL (name NULL). */
typedef struct sql_close_portal {
	sql_node n;
	char *name;
} sql_close_portal;

/* What COMMENT ON names. */
typedef enum sql_comment_object {
	SQL_COMMENT_TABLE,
	SQL_COMMENT_VIEW,
	SQL_COMMENT_SEQUENCE,
	SQL_COMMENT_INDEX,
	SQL_COMMENT_COLUMN,
	SQL_COMMENT_SCHEMA,
} sql_comment_object;

/* COMMENT ON object name IS 'text' | NULL; a column's name ends with the column's. */
typedef struct sql_comment {
	sql_node n;
	sql_comment_object object;
	sql_list *name; /* qualified name: SQL_STR */
	char *text;     /* NULL: IS NULL, the comment goes */
} sql_comment;

/* SHOW TABLES [FROM | IN schema]. */
typedef struct sql_show_tables {
	sql_node n;
	char *schema;
} sql_show_tables;

/* SHOW SCHEMAS, or SHOW DATABASES (databases true): the branches. */
typedef struct sql_show_schemas {
	sql_node n;
	bool databases;
} sql_show_schemas;

/* DESCRIBE relation, or SHOW COLUMNS FROM relation (show_columns true). */
typedef struct sql_describe {
	sql_node n;
	sql_range_var *relation;
	bool show_columns;
} sql_describe;

typedef enum sql_validation_mode {
	SQL_VALIDATION_MODE_DEFAULT, /* MODE not written */
	SQL_VALIDATION_STRICT,
	SQL_VALIDATION_WARNING,
	SQL_VALIDATION_DISABLED,
} sql_validation_mode;

/* CREATE VALIDATION SCHEMA FOR ns AS '<json>' [MODE strict | warning | disabled]. */
typedef struct sql_create_validation {
	sql_node n;
	sql_list *ns;     /* qualified name */
	sql_node *schema; /* SQL_CONST string: the JSON Schema, unparsed */
	sql_validation_mode mode;
} sql_create_validation;

/* DROP VALIDATION SCHEMA [IF EXISTS] FOR ns. */
typedef struct sql_drop_validation {
	sql_node n;
	sql_list *ns;
	bool missing_ok;
} sql_drop_validation;

/* SHOW VALIDATION SCHEMA FOR ns, or SHOW VALIDATION SCHEMAS (ns NULL). */
typedef struct sql_show_validation {
	sql_node n;
	sql_list *ns;
} sql_show_validation;

/* ------------------------------------------------------- the functions */

/* The printed name of a kind ("select", "colref"); "?" when out of range. */
const char *sql_node_kind_name(sql_node_kind kind);

/* 1 when the node is a statement. */
static inline int sql_is_stmt(const sql_node *n)
{
	return n != NULL && n->kind >= SQL_STMT_FIRST && n->kind <= SQL_STMT_LAST;
}

/*
 * Checked casts: sql_as_select(n) is n as an sql_select, asserting its
 * kind; NULL stays NULL.
 */
const sql_node *sql_node_check(const sql_node *n, sql_node_kind kind);
#define SQL_AS_FN(K, name)                                                                         \
	static inline struct sql_##name *sql_as_##name(const sql_node *n)                          \
	{                                                                                          \
		return (struct sql_##name *)sql_node_check(n, SQL_##K);                            \
	}
SQL_NODE_KINDS(SQL_AS_FN)
#undef SQL_AS_FN

/*
 * A zeroed node of the given kind from the arena, with loc and end set;
 * pointers NULL, numbers 0, except the -1 that SQL_VALUE_FUNC's precision
 * and the op_loc fields start at.
 */
sql_node *sql_node_new(sql_arena *a, sql_node_kind kind, int loc, int end);

/* Typed form: SQL_NEW(a, select, SELECT, loc, end) is an sql_select *. */
#define SQL_NEW(a, name, K, loc, end)                                                              \
	((struct sql_##name *)sql_node_new((a), SQL_##K, (loc), (end)))

/* Lists.  append returns the list (a new one for NULL); item is never NULL. */
sql_list *sql_list_append(sql_arena *a, sql_list *list, void *item);
sql_list *sql_list_make1(sql_arena *a, void *item);
sql_list *sql_list_concat(sql_arena *a, sql_list *list, const sql_list *more);
static inline int sql_list_len(const sql_list *l)
{
	return l ? l->len : 0;
}
static inline sql_node *sql_list_nth(const sql_list *l, int i)
{
	return l->items[i];
}

/* Strings and constants. */
sql_str *sql_str_new(sql_arena *a, const char *s, int loc, int end);
/* The i-th part of a list of SQL_STR as a C string. */
const char *sql_list_str(const sql_list *l, int i);
sql_const *sql_const_new(sql_arena *a, sql_const_kind ckind, const char *text, int loc, int end);
/* An integer constant with its text; fits_int4 is derived. */
sql_const *sql_const_int(sql_arena *a, int64_t v, int loc, int end);

/*
 * The text of an option argument: a string's value, a number's digits,
 * "true" or "false" for a boolean; NULL for none, NULL or another kind.
 */
const char *sql_defelem_text(const sql_defelem *d);

/* ---------------------------------------------------------- descriptors */

typedef enum sql_field_type {
	SQL_FT_NODE, /* sql_node * (any kind, or the typed pointer named in the struct) */
	SQL_FT_LIST, /* sql_list * */
	SQL_FT_STR,  /* char * */
	SQL_FT_BOOL, /* bool */
	SQL_FT_INT,  /* int */
	SQL_FT_I64,  /* int64_t */
	SQL_FT_ENUM, /* an enum (int-sized), printed by name */
	SQL_FT_LOC,  /* int: a byte offset, -1 when synthetic */
} sql_field_type;

/* One field of a node struct. */
typedef struct sql_field_desc {
	const char *name;
	sql_field_type type;
	size_t offset;
	const char *const *enum_names; /* SQL_FT_ENUM: names by value */
	int enum_count;
	int dflt; /* INT/ENUM value not printed (the usual one) */
} sql_field_desc;

/* A node kind: its name, struct size and fields after the header, in order. */
typedef struct sql_node_desc {
	const char *name;
	size_t size;
	const sql_field_desc *fields;
	int nfields;
} sql_node_desc;

/* The descriptor of a kind (asserts the kind is valid). */
const sql_node_desc *sql_node_describe(sql_node_kind kind);

/* ---------------------------------------------------------------- walker */

typedef enum sql_walk_result {
	SQL_WALK_CONTINUE, /* visit this node's children */
	SQL_WALK_SKIP,     /* do not visit this node's children */
	SQL_WALK_STOP,     /* end the walk */
} sql_walk_result;

/* Called for each node; depth is 1 for the root; lists count as nodes here. */
typedef sql_walk_result (*sql_walk_fn)(sql_node *node, int depth, void *arg);

/*
 * Visit node and its descendants in preorder (fields in declaration
 * order, list items in order), without recursion: any tree, however
 * deep, is safe.  Returns 1 when fn stopped the walk, 0 otherwise.
 * Scratch memory for the walk comes from malloc and is released before
 * returning.
 */
int sql_walk(sql_node *node, sql_walk_fn fn, void *arg);

/* ---------------------------------------------------------------- printer */

enum {
	SQL_DUMP_LOCATIONS = 1 << 0, /* print @loc..end after each node's kind */
};

/*
 * The tree as one line of S-expressions: (kind :field value ...), lists
 * in [...], strings in "..." with \" and \\ escaped.  Fields that are
 * NULL, false, or their usual value are left out, so the form is short
 * and stable.  Returns a malloc'd string the caller frees.
 */
char *sql_node_dump(const sql_node *node, unsigned flags);

#endif
