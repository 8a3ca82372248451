/*
 * sysfunc.h - the session functions wire clients call at connect time
 * (version(), current_database(), pg_backend_pid(), ...) and advisory
 * locks: what session.c calls at the boundaries the locks depend on.
 * The functions themselves are the module exec_mod_sys (func.h).
 *
 * Advisory locks are PostgreSQL's: a 64-bit key (or two 32-bit keys,
 * a separate space), shared or exclusive, held by a session until it
 * unlocks them or ends (pg_advisory_lock) or until its transaction
 * ends (pg_advisory_xact_lock).  They are taken again as often as
 * asked and need as many unlocks.  Sessions of one store see each
 * other's locks; sessions of different stores never meet.  A blocked
 * pg_advisory_lock waits until the lock is free; it fails 40P01 when
 * the wait would close a cycle of waiting sessions, 55P03 past
 * lock_timeout and 57014 past statement_timeout.
 */
#ifndef CHRONDB_EXECUTOR_SYSFUNC_H
#define CHRONDB_EXECUTOR_SYSFUNC_H

#include "session.h"

/*
 * The transaction of ss ended (commit, rollback, or the end of an
 * implicit one, which Sync is for the extended protocol): its
 * transaction-level locks go, and sessions waiting for them wake.
 */
void exec_advisory_xact_end(exec_session *ss);

/* The session ends: every lock it holds goes. */
void exec_advisory_session_end(exec_session *ss);

/*
 * Every advisory lock held and awaited by the sessions of store s, for
 * pg_locks: fn gets the session, the key's halves and space (1: one
 * bigint, 2: two integers), whether it is exclusive, and whether it is
 * held (false: awaited).  Runs under the advisory locks' mutex: fn must
 * not take them.
 */
typedef void (*exec_advisory_fn)(void *arg, const exec_session *ss, uint32_t hi, uint32_t lo,
	int space, bool exclusive, bool granted);
void exec_advisory_each(const store *s, exec_advisory_fn fn, void *arg);

/*
 * Wake every session waiting for an advisory lock so that it looks
 * again: exec_session_cancel calls it, and a waiter whose session was
 * cancelled fails 57014.
 */
void exec_advisory_wake(void);

#endif
