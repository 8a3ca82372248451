/*
 * plan.h - physical plans: what the planner builds from an analyzed
 * query, what front ends that do not speak SQL build directly (REST,
 * RESP: DESIGN.md section 2), and what the executor runs.
 *
 * A plan is a tree of nodes; each produces rows of a fixed shape, its
 * tuple descriptor.  Running a node opens an iterator over its rows:
 * pull-based (next() returns one row at a time), rows valid until the
 * next call.  Expressions in a node see the node's input rows: a scan
 * or filter its own row, a join the left row's columns followed by the
 * right's, a projection or aggregate its input's (expr.h, EXPR_VAR).
 *
 * Memory: a plan lives in its statement's arena.  Iterators keep what
 * must outlive a row (sorted rows, hash tables, groups) in arenas of
 * their own, released when they close.
 */
#ifndef CHRONDB_EXECUTOR_PLAN_H
#define CHRONDB_EXECUTOR_PLAN_H

#include <stdatomic.h>

#include "expr.h"
#include "store.h"

/* One output column: what a RowDescription says of it. */
typedef struct exec_column {
	const char *name;
	exec_oid type;
	int32_t typmod;
	uint32_t table_oid;           /* the table it comes from, 0 for an expression */
	int16_t attnum;               /* its position there (1-based), 0 for an expression */
	const struct exec_srf *shape; /* a record column's fields when known: the set-returning
	                                 function whose row it is (its OUT columns), else NULL */
} exec_column;

typedef struct exec_tupdesc {
	int ncols;
	exec_column *cols;
} exec_tupdesc;

typedef enum plan_kind {
	PLAN_RESULT,     /* one row of exprs, no input (SELECT without FROM) */
	PLAN_VALUES,     /* rows of exprs (VALUES lists) */
	PLAN_SCAN,       /* every row of a table, in key order */
	PLAN_KEY,        /* the rows of a table whose primary key is among keys */
	PLAN_INDEX,      /* the rows of a table an index finds (index.h), in its order */
	PLAN_FILTER,     /* the input's rows for which qual is true */
	PLAN_PROJECT,    /* exprs over the input's rows */
	PLAN_NESTLOOP,   /* join: every pair, with qual */
	PLAN_HASHJOIN,   /* join: pairs with equal keys, then qual */
	PLAN_AGG,        /* groups by keys (hashed), aggregates per group */
	PLAN_SORT,       /* the input in key order; with limit, only the first rows (top-N) */
	PLAN_LIMIT,      /* offset then count rows */
	PLAN_DISTINCT,   /* the input's first row of each distinct key set */
	PLAN_SETOP,      /* UNION / INTERSECT / EXCEPT [ALL] of two inputs */
	PLAN_MATERIAL,   /* the input kept, for rescans (a join's inner side, a CTE) */
	PLAN_FUNCTION,   /* the rows of a set-returning function */
	PLAN_PROJECTSET, /* exprs over each input row, set-returning calls among them run in
	                    lockstep: as many rows as the longest, the others padded with NULLs */
	PLAN_WINDOW,     /* the input's rows (sorted by partition, then order keys) and one
	                    column per window function over them */
	PLAN_LOCKROWS,   /* the input's rows with their tables' rows locked (locks.h) */
	PLAN_VERSIONS,   /* every version of a table's rows current in a system-time range
	                    (FOR SYSTEM_TIME BETWEEN, FROM ... TO, ALL), with system columns */
} plan_kind;

/*
 * The system columns of a VERSIONS node, after the table's columns
 * (scan.c fills them; executor/README.md says why these names): the
 * version's validity interval in system time, [_system_from,
 * _system_to), _system_to NULL while the version is current; the commit
 * that wrote it (40 hex digits) and that commit's author; the commit
 * that replaced or deleted it (NULL while current).  A query finds them
 * by name only: `*` and whole-row references leave them out.
 */
enum {
	PLAN_SYS_FROM,
	PLAN_SYS_TO,
	PLAN_SYS_COMMIT,
	PLAN_SYS_AUTHOR,
	PLAN_SYS_END_COMMIT,
	PLAN_NSYSCOLS
};
extern const exec_column plan_syscols[PLAN_NSYSCOLS];

/* The window functions a WINDOW node computes (ranking functions: bigint results). */
typedef enum plan_winfn {
	WIN_ROW_NUMBER,
	WIN_RANK,
	WIN_DENSE_RANK,
	WIN_AGG, /* an aggregate over the frame (winframe), the next of the node's aggs */
} plan_winfn;

/* The frames aggregates are computed over (ranking functions have none). */
typedef enum plan_winframe {
	WIN_FRAME_PEERS, /* the default: the partition up to the current row's last peer */
	WIN_FRAME_ROWS,  /* ROWS ... UNBOUNDED PRECEDING AND CURRENT ROW: up to the row */
	WIN_FRAME_ALL,   /* ... UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING: the partition */
} plan_winframe;

typedef enum plan_join {
	JOIN_INNER,
	JOIN_LEFT,
	JOIN_RIGHT,
	JOIN_FULL,
	JOIN_SEMI, /* left rows with a match (EXISTS, IN) */
	JOIN_ANTI, /* left rows without one (NOT EXISTS) */
} plan_join;

typedef enum plan_setop {
	SETOP_UNION,
	SETOP_INTERSECT,
	SETOP_EXCEPT,
} plan_setop;

/* A sort key: an expression over the input, its order and where NULLs go. */
typedef struct plan_sortkey {
	exec_expr *expr;
	bool desc;
	bool nulls_first;
} plan_sortkey;

/* An aggregate call in an AGG node: its function, arguments, DISTINCT, FILTER. */
typedef struct plan_aggcall {
	const exec_agg *agg; /* NULL for count(*) */
	int nargs;
	exec_expr **args;
	exec_oid result;
	bool distinct;
	exec_expr *filter;
	int norder; /* ORDER BY inside the call (string_agg(x, ',' ORDER BY y)) */
	plan_sortkey *order;
} plan_aggcall;

/* Where a scan reads: a table of a snapshot, as a transaction sees it (tx may be NULL). */
typedef struct plan_source {
	const char *table;
	store_snap *snap; /* borrowed: the statement's snapshot for the table */
	store_tx *tx;     /* borrowed: the transaction whose own writes show, or NULL */
	int ncols;        /* the table's columns, in catalog order */
	const char **colnames;
	const exec_oid *coltypes;
	const int32_t *coltypmods;
	bool key_is_id;                  /* ChronDB layout: the row key is the "id" member */
	const struct cat_table *catalog; /* the table's definition (catalog.h), or NULL */
	bool with_key;  /* SCAN, INDEX: one more column after the table's, the row's storage key
	                  (bytea), for UPDATE and DELETE of tables without a primary key */
	bool with_doc;  /* SCAN, KEY, INDEX: one more column after those, the stored document as
	                  it is (json), members that are no column included (build.h) */
	bool stmt_view; /* snap and tx are the planning statement's own view: a plan kept for
	                   later executions (portal.c) reads the view of the run executing it
	                   (exec_run_set_view) instead */
} plan_source;

/*
 * A leading column of an INDEX node's index pinned to values: one
 * (`col = v`), several (`col IN (...)`), or none for `col IS NULL`.
 */
typedef struct plan_ikey {
	int nvals;
	exec_expr **vals;
} plan_ikey;

typedef struct plan_node plan_node;

struct plan_node {
	plan_kind kind;
	exec_tupdesc desc; /* the rows it produces */
	plan_node *left;   /* input; a join's outer side */
	plan_node *right;  /* a join's inner side, a set operation's second input */
	double rows;       /* estimated rows, for EXPLAIN and choices */
	bool lateral;      /* reads LATERAL slots set outside it: its rows may change from
	                      one rescan to the next, so a rescan computes them again */

	/* RESULT, VALUES, PROJECT, PROJECTSET: one row of exprs (VALUES: nrows of them) */
	int nrows;
	exec_expr ***rowexprs; /* VALUES: rowexprs[row][col]; RESULT/PROJECT use exprs */
	exec_expr **exprs;     /* RESULT, PROJECT: desc.ncols expressions */

	/* FILTER, SCAN (pushed down), NESTLOOP, HASHJOIN (after the keys) */
	exec_expr *qual;

	/* SCAN, KEY, INDEX */
	plan_source src;
	int nkeys;     /* KEY: how many keys to read */
	int nkeyparts; /* KEY: the primary key's columns */
	exec_expr *
		*keyexprs; /* KEY: nkeys * nkeyparts values, key by key (constants, parameters) */

	/*
	 * INDEX: the index (index.h's exec_idx_def), its first nikeys columns
	 * pinned, then a range on the next one (ilo, ihi: NULL when open);
	 * the rows come in the index's order, or backward in the reverse.
	 * indexqual is the conditions the bounds stand for (EXPLAIN's Index
	 * Cond), checked again on every row read; qual is the rest.
	 */
	const struct exec_idx_def *index;
	int nikeys;
	plan_ikey *ikeys;
	exec_expr *ilo, *ihi;
	bool ilo_incl, ihi_incl;
	bool backward;
	exec_expr *indexqual;

	/* NESTLOOP, HASHJOIN */
	plan_join join;
	int nhash; /* HASHJOIN: pairs of keys, left over the left row, right over the right */
	exec_expr **lkeys;
	exec_expr **rkeys;
	exec_fn *hash_eq; /* the equality of each pair */

	/* NESTLOOP with a LATERAL right side: before each rescan of it, left column
	 * latcols[i] of the current row goes to slot latslots[i] */
	int nlatparams;
	int *latcols;
	int *latslots;

	/* AGG: group keys over the input, aggregate calls; output is keys then aggregates,
	 * then having (over that output) */
	int ngroup;
	exec_expr **group;
	int naggs;
	plan_aggcall *aggs;
	exec_expr *having;

	/* SORT, DISTINCT (keys), LIMIT */
	int nsort;
	plan_sortkey *sort;
	exec_expr *limit;  /* NULL: all */
	exec_expr *offset; /* NULL: none */

	/* SETOP */
	plan_setop setop;
	bool all;

	/* WINDOW: a new partition where a partition key changes; peers share the order keys;
	   the calls' results are columns after the input's (aggs: the WIN_AGG calls') */
	int nwinpart;
	exec_expr **winpart;
	int nwinorder;
	plan_sortkey *winorder;
	int nwins;
	plan_winfn *wins;
	plan_winframe winframe;

	/* FUNCTION */
	const void *srf; /* exec_srf (array.h) */
	int nfargs;
	exec_expr **fargs;
	bool ordinality;   /* WITH ORDINALITY: a last column counting the rows from 1 (int8) */
	const char *alias; /* the name it has in FROM, for EXPLAIN */

	/* LOCKROWS: what its rows carry and which of their tables it locks (locks.h) */
	const struct exec_locklevel *lockrows;

	/*
	 * VERSIONS: src's table's versions on branch vbranch up to src.snap
	 * (its first-parent chain) current at some time in [vfrom, vto],
	 * microseconds since the Unix epoch (INT64_MIN, INT64_MAX: open);
	 * store_table_versions has the rules.  src.tx is NULL: history holds
	 * committed versions only.
	 */
	const char *vbranch;
	int64_t vfrom, vto;
};

/* A subquery inside an expression (EXPR_SUBPLAN). */
struct exec_subplan {
	plan_node *plan;
	int id;          /* its slot in the run's cache (exec_run) */
	bool correlated; /* reads enclosing rows: run again for each */
	bool hashable;   /* ANY with a hashable "=" of one type: probed through a hash set */
};

/*
 * The row key of primary-key values (one per key column), as storage
 * names rows: each value's text output percent-encoded, the parts
 * joined by ','.  22004 for a NULL part.  Appended to out.
 */
int exec_row_key(exec_ctx *cx, const exec_value *parts, int nparts, store_buf *out);

/* ---- Running ---- */

/*
 * A statement's run: what lives from its first row to its last, such as
 * the results of subqueries that read no enclosing row (computed once).
 * The caller makes one per execution and points exec_ctx.run at it.
 */
typedef struct exec_run exec_run;

exec_run *exec_run_new(void);
void exec_run_free(exec_run *run);

/*
 * What interrupts a run: *cancel turning non-zero (the session's flag,
 * set from another thread: CancelRequest, shutdown) and the statement's
 * deadline (CLOCK_MONOTONIC microseconds, 0: none: statement_timeout).
 * exec_next checks both, the clock every 1024 rows, and fails with
 * 57014 once either fired.
 */
void exec_run_set_interrupts(exec_run *run, const atomic_int *cancel, int64_t deadline_us);
int exec_run_check(exec_run *run, store_err *err);

/* The same, reading the clock now (a wait that checks between slices: pg_sleep). */
int exec_run_check_now(exec_run *run, store_err *err);

/*
 * The view a kept plan reads (plan_source.stmt_view): the executing
 * statement's snapshot and transaction (tx may be NULL), borrowed for the
 * run.  Unset, scans read the view their plan was made with.
 */
void exec_run_set_view(exec_run *run, store_snap *snap, store_tx *tx);
bool exec_run_view(const exec_run *run, store_snap **snap, store_tx **tx);

/* Microseconds of CLOCK_MONOTONIC, the clock deadlines are set in. */
int64_t exec_monotonic_us(void);

/*
 * What lives as long as the run: its arena, and the slot where the
 * system catalog keeps the image it builds once per run (syscat.h).
 */
sql_arena *exec_run_arena(exec_run *run);
void **exec_run_syscat(exec_run *run);

typedef struct exec_iter exec_iter;

/*
 * Start running a plan.  ec supplies the context: the arena and error,
 * parameters, and the outer rows for a correlated subplan.  *out is an
 * iterator the caller closes.
 */
int exec_open(exec_ectx *ec, const plan_node *plan, exec_iter **out);

/* The next row: 1 with *row set (desc.ncols values, valid until the next call), 0 at the end, EXEC_ERROR. */
int exec_next(exec_iter *it, const exec_value **row);

/* Start again from the first row, with the outer rows as they are now (correlated subplans). */
int exec_rescan(exec_iter *it);

void exec_close(exec_iter *it);

#endif
