/*
 * branch.h - ChronDB's branch functions and the system tables of
 * branches and merge conflicts (prefix exec_branch_): what SQL sees of
 * storage's branches and merges (store.h, "Branches" and "Merges").
 *
 *   chrondb_branch_list()                      one row per branch
 *   chrondb_branch_create(name [, from])       from a ref or a time
 *   chrondb_branch_delete(name)                not the default, not one in use
 *   chrondb_branch_checkout(name)              the session's branch
 *   chrondb_branch_merge(source, target [, strategy])
 *   chrondb.branches, chrondb.conflicts        system tables (syscat.c lists them)
 *
 * The functions keep ChronDB's names and result columns (success and
 * message as text, current_branch, branch_name and is_default as 'YES'
 * or 'NO') and add what ChronDB lacked; errors are SQL errors with
 * their SQLSTATE, a merge that conflicts is a row saying so.  Creating,
 * deleting and merging are not transactional (a branch is no row): they
 * refuse to run inside a transaction block, as CREATE SCHEMA does.
 */
#ifndef CHRONDB_EXECUTOR_BRANCH_H
#define CHRONDB_EXECUTOR_BRANCH_H

#include "syscat.h"

/* The functions, for srf.c's lookup. */
extern const exec_srf exec_branch_srfs[];
extern const size_t exec_branch_nsrfs;

/* chrondb.branches: chrondb_branch_list()'s rows as a system table. */
extern const exec_syscol exec_branch_cols[7];
int exec_branch_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg);

/* chrondb.conflicts: the conflicts the last failed merge of each pair listed. */
extern const exec_syscol exec_conflict_cols[15];
int exec_conflict_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg);

#endif
