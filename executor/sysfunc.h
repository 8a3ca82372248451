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

#include "array.h"
#include "session.h"

/*
 * The transaction of ss ended (commit, rollback, or the end of an
 * implicit one, which Sync is for the extended protocol): its
 * transaction-level locks go, and sessions waiting for them wake.
 */
void exec_advisory_xact_end(exec_session *ss);

/*
 * The advisory locks of the sessions of store s, held and waited for,
 * as pg_locks lists them: fn for each (on a copy, outside the lock
 * table's lock) until it returns non-zero, which is returned.
 */
typedef struct exec_advisory_lock {
	uint32_t hi, lo; /* the key: a bigint's halves, or the two integers */
	int space;       /* 1: one bigint key; 2: two integer keys (pg_locks.objsubid) */
	int32_t pid;
	const char *mode; /* "ExclusiveLock", "ShareLock" */
	bool granted;
} exec_advisory_lock;

typedef int (*exec_advisory_fn)(void *arg, const exec_advisory_lock *lock);
int exec_advisory_each(const store *s, exec_advisory_fn fn, void *arg);

/* pg_get_keywords(): the parser's keyword table. */
extern const exec_srf exec_sys_srfs[];
extern const size_t exec_sys_nsrfs;

/* The session ends: every lock it holds goes. */
void exec_advisory_session_end(exec_session *ss);

/*
 * Wake every session waiting for an advisory lock so that it looks
 * again: exec_session_cancel calls it, and a waiter whose session was
 * cancelled fails 57014.
 */
void exec_advisory_wake(void);

#endif
