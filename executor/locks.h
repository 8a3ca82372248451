/*
 * locks.h - row and table locks as statements take them (prefix
 * exec_lock): the table locks every statement takes implicitly, LOCK
 * TABLE, SELECT's locking clauses (FOR UPDATE, FOR NO KEY UPDATE, FOR
 * SHARE, FOR KEY SHARE, with OF, NOWAIT and SKIP LOCKED) and the
 * LockRows operator that applies them, pg_locks and pg_blocking_pids.
 * The locks themselves are storage's lock manager (store.h, lock.c);
 * this file decides what to lock, in which mode, and what a wait may
 * cost (lock_timeout, statement_timeout, cancel).
 *
 * Locking clauses follow PostgreSQL 15.  Analysis (select.c) finds the
 * FROM items a query level locks: its tables by their keys, and the
 * tables of views and subqueries in FROM through them (an enclosing
 * query's clause applies to every table of a subquery; a subquery that
 * sorts or limits locks its own rows, as PostgreSQL's planner does
 * when it cannot pull it up).  The level's rows then carry, after its
 * output columns, its whole FROM row: a LockRows node, above the sort
 * and below LIMIT, locks each row's tables, and under READ COMMITTED
 * a row another transaction changed meanwhile is read again at its
 * newest version, checked against the level's WHERE and inner join
 * conditions, and returned with its new values, or skipped when it no
 * longer qualifies or is gone (PostgreSQL's EvalPlanQual).  Under
 * REPEATABLE READ and SERIALIZABLE such a row is 40001.
 */
#ifndef CHRONDB_EXECUTOR_LOCKS_H
#define CHRONDB_EXECUTOR_LOCKS_H

#include "stmt.h"

/* The session's locker (store.h), made with the session. */
int exec_locks_session_init(exec_session *ss, store_err *err);

/*
 * The table lock a statement takes on a relation it reads or writes, as
 * analysis meets it (PostgreSQL takes them at parse analysis too): name
 * of the branch snap reads (a snapshot of the past takes none).  A wait
 * that the statement could have avoided by reading a newer snapshot
 * makes it start again with one (exec_stmt.restart).
 */
int exec_lock_relation(
	an_ctx *c, store_snap *snap, const char *name, uint32_t relid, store_lockmode mode);

/*
 * The same for a statement that analyzes no name (DDL, the plan
 * builder's writes): t of the session's branch, never restarting.
 */
int exec_lock_table_of(exec_stmt *st, const cat_table *t, store_lockmode mode);

/* The same for a view of the session's branch, by name. */
int exec_lock_view_of(exec_stmt *st, const char *name, store_lockmode mode);

/* The same for a view, by name. */
int exec_lock_view(an_ctx *c, store_snap *snap, const char *name, store_lockmode mode);

/*
 * A kept plan's tables locked again before it runs (ACCESS SHARE: kept
 * plans only read); *waited when a lock had to be waited for, after
 * which the statement wants a newer snapshot.
 */
int exec_lock_kept(exec_stmt *st, const an_tabcache *tables, bool *waited);

/* LOCK [TABLE] ... [IN mode MODE] [NOWAIT]. */
int exec_lock_stmt(exec_stmt *st, sql_lock *n);

/* ---- SELECT ... FOR UPDATE ---- */

/* PostgreSQL's words for a strength: "FOR UPDATE", "FOR KEY SHARE", ... */
const char *exec_lock_strength_name(sql_lock_strength s);

/*
 * The transaction a level that locks rows needs (an implicit one in
 * autocommit); 25006 "cannot execute SELECT FOR UPDATE in a read-only
 * transaction", named after the level's first strength.  Sets c->tx.
 */
int exec_lock_need_tx(an_ctx *c, sql_lock_strength s);

/* A strength as storage's row lock mode. */
store_rowmode exec_lock_rowmode(sql_lock_strength s);

/* A FROM item whose rows a query level locks. */
typedef struct exec_lockitem {
	int off;            /* its columns' place in the level's FROM row */
	const cat_table *t; /* a table, locked by its key; NULL: a subquery (sub) */
	int keycol;         /* t without a primary key: its storage key in the FROM row; -1 */
	store_rowmode mode;
	store_lockwait wait;
	exec_rowdesc rd;                  /* t's columns, to read its rows again */
	const struct exec_locklevel *sub; /* a view or subquery locked through: its level */
	int nvisible;                     /* sub: its output columns; its FROM row follows them */
} exec_lockitem;

/*
 * A query level's locking: its rows are ntargets output values (visible
 * columns and ORDER BY's hidden ones) followed by its FROM row.
 */
typedef struct exec_locklevel {
	int width;       /* the FROM row's columns */
	exec_expr *qual; /* WHERE and inner joins' conditions over the FROM row; NULL: none */
	int ntargets;
	exec_expr **targets; /* over the FROM row */
	int nitems;
	exec_lockitem *items;
} exec_locklevel;

/*
 * The LockRows operator (PLAN_LOCKROWS, plan_node.lockrows): its input
 * is the level's rows, its output the same rows locked, with new values
 * where a row changed; exec_open_lockrows (exec_int.h) starts it.
 */

/* ---- pg_locks ---- */

/* One row of pg_locks, its columns as PostgreSQL 15's (0 and NULL pointers for SQL NULL). */
typedef struct exec_lockrow {
	const char *locktype; /* relation, transactionid, virtualxid, advisory */
	uint32_t database;
	uint32_t relation;
	const char *virtualxid;
	uint32_t transactionid;
	uint32_t classid, objid;
	int objsubid; /* advisory: 1 or 2; 0 otherwise */
	const char *virtualtransaction;
	int32_t pid;
	const char *mode;
	bool granted;
	bool fastpath;
	int64_t waitstart_us; /* the executor's clock; 0: NULL */
} exec_lockrow;

/*
 * The locks of the session's store held and awaited now, advisory ones
 * included, in cx's arena (syscat.c's pg_locks).
 */
int exec_locks_rows(exec_ctx *cx, exec_session *ss, exec_lockrow **out, size_t *n);

#endif
