/*
 * exec_int.h - what the executor's files share about running plans; not
 * for other layers (they use plan.h).
 *
 * exec.c holds the operators that transform rows; scan.c the ones that
 * produce them from storage and set-returning functions.
 */
#ifndef CHRONDB_EXECUTOR_EXEC_INT_H
#define CHRONDB_EXECUTOR_EXEC_INT_H

#include "plan.h"

struct exec_iter {
	const plan_node *plan;
	exec_ectx ec;    /* this node's context: row = its input's row */
	exec_ctx cx;     /* the caller's, with the row arena */
	sql_arena *row;  /* reset at each next(): the returned row's values */
	sql_arena *keep; /* what outlives a row; an operator may reset it when it starts over */
	sql_arena *base; /* what lives as long as the iterator: its state, its output row */
	exec_value *out; /* desc.ncols values */
	exec_iter *left, *right;
	int (*next)(exec_iter *it, const exec_value **row);
	int (*rescan)(exec_iter *it);
	void (*close)(exec_iter *it);
	void *st; /* the operator's state */
};

/*
 * Set up a SCAN, KEY, INDEX or FUNCTION node's iterator (scan.c): next,
 * rescan, close, and the state, allocated in it->base (or the size in *stsize
 * for exec_open to allocate).
 */
int exec_open_source(exec_iter *it, size_t *stsize);

/* Set up a LOCKROWS node's iterator (locks.c), as exec_open_source does. */
int exec_open_lockrows(exec_iter *it, size_t *stsize);

/* Set LATERAL slot `slot` of the run to v (borrowed until set again) (subplan.c). */
int exec_run_lateral_set(exec_run *run, int slot, const exec_value *v, store_err *err);

#endif
