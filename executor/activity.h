/*
 * activity.h - what a session is doing, as other sessions see it
 * (prefix exec_activity_), and the server's sessions as SQL reaches
 * them (exec_backends): pg_stat_activity, pg_cancel_backend and
 * pg_terminate_backend.
 *
 * The executor knows its sessions one at a time; the server knows
 * them all, with their connections.  A front end that has several
 * sessions hands each one its registry (exec_session_opts.backends): a
 * table of two callbacks through which the executor lists the
 * server's sessions and signals one, so that executor/ never includes
 * a server/ header.  Without a registry (the embedded runner) the
 * session is its only backend.
 *
 * Each session keeps its activity under a mutex of its own: the state
 * PostgreSQL reports (active, idle, idle in transaction, idle in
 * transaction (aborted)), the text of its current or last query (its
 * first EXEC_ACTIVITY_QUERY_MAX - 1 bytes, as track_activity_query_size
 * keeps), and the times of its start, transaction, query and last
 * state change.  The query paths update it at the points PostgreSQL
 * does: a query string, Parse, Bind and Execute make it active, the
 * end of a query string and Sync make it idle.
 */
#ifndef CHRONDB_EXECUTOR_ACTIVITY_H
#define CHRONDB_EXECUTOR_ACTIVITY_H

#include <pthread.h>

#include "syscat.h"

#define EXEC_ACTIVITY_QUERY_MAX 1024 /* PostgreSQL's track_activity_query_size */
#define EXEC_ACTIVITY_NAME_MAX  64   /* NAMEDATALEN: application_name as pg_stat_activity shows it */
#define EXEC_ACTIVITY_BRANCH_MAX 256  /* a branch name and its NUL (store.h) */

typedef struct exec_session exec_session;

/* A session's activity (a field of the session, stmt.h). */
typedef struct exec_activity {
	pthread_mutex_t mu;
	char state; /* 'a' active; idle as exec_session_status: 'I', 'T', 'E' */
	int64_t start_us, xact_us, query_us, change_us; /* since 2000-01-01 UTC; 0: none */
	char query[EXEC_ACTIVITY_QUERY_MAX];
	char appname[EXEC_ACTIVITY_NAME_MAX];
	char branch[EXEC_ACTIVITY_BRANCH_MAX]; /* the session's branch (chrondb.branch) */
} exec_activity;

/* ---- The server's registry ---- */

/* One session of the server, as the registry hands it out. */
typedef struct exec_backend {
	int32_t pid;
	exec_session *ss;         /* alive for the call */
	const char *client_addr;  /* "127.0.0.1"; NULL: no TCP/IP client */
	int client_port;          /* with client_addr */
	int64_t backend_start_us; /* when the client connected (since 2000-01-01 UTC); 0: unknown */
} exec_backend;

typedef void (*exec_backend_fn)(void *arg, const exec_backend *b);

typedef struct exec_backends {
	void *arg;
	/*
	 * fn once for each session that has finished its start-up, under
	 * the registry's lock: fn copies what it needs and calls nothing
	 * that could take the lock again.
	 */
	void (*each)(void *arg, exec_backend_fn fn, void *fnarg);
	/*
	 * Cancel the running statement of the session pid (terminate
	 * false), or end the session: its statement cancelled, its client
	 * told FATAL 57P01, its transaction rolled back.  by is the asking
	 * session's pid, for the log.  false when there is no such session
	 * (any more).  Permissions are the executor's business.
	 */
	bool (*signal)(void *arg, int32_t pid, bool terminate, int32_t by);
} exec_backends;

/* ---- For session.c and portal.c ---- */

void exec_activity_init(exec_activity *act, const char *appname);
void exec_activity_destroy(exec_activity *act);

/* A query string, Parse, Bind or Execute starts: active, running sql (len bytes). */
void exec_activity_begin(exec_session *ss, const char *sql, size_t len);

/* The session waits for its client again: idle, in a block or not. */
void exec_activity_end(exec_session *ss);

/* application_name changed (SET, RESET, the end of a transaction). */
void exec_activity_appname(exec_session *ss, const char *appname);

/* The session's branch changed (its start, SET chrondb.branch, a rollback of that). */
void exec_activity_branch(exec_session *ss);

/*
 * Whether a branch may be deleted as far as sessions go: 55006 when
 * this session or another live one is on it (chrondb_branch_delete,
 * DROP SCHEMA).  A session that checks the branch out right after the
 * check finds it gone at its next statement.
 */
int exec_activity_branch_check(exec_session *me, const char *branch, store_err *err);

/* ---- pg_stat_activity (syscat.c lists it) ---- */

extern const exec_syscol exec_stat_activity_cols[22];
int exec_stat_activity_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg);

#endif
