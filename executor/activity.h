/*
 * activity.h - the register of the process's sessions and what each is
 * doing (prefix exec_activity_): what pg_stat_activity lists.
 * session.c and portal.c report; syscat.c reads.
 */
#ifndef CHRONDB_EXECUTOR_ACTIVITY_H
#define CHRONDB_EXECUTOR_ACTIVITY_H

#include "session.h"

/* Bytes of a query kept (PostgreSQL's track_activity_query_size), and of a name. */
#define EXEC_ACT_QUERY_MAX 1024
#define EXEC_ACT_NAME_MAX  64

typedef struct exec_activity exec_activity;

typedef enum exec_activity_state {
	EXEC_ACT_IDLE,         /* "idle" */
	EXEC_ACT_ACTIVE,       /* "active": running a query */
	EXEC_ACT_IDLE_IN_TX,   /* "idle in transaction" */
	EXEC_ACT_IDLE_ABORTED, /* "idle in transaction (aborted)" */
} exec_activity_state;

/* A copy of one session's record. Times: microseconds since 2000-01-01, 0 for none. */
typedef struct exec_activity_row {
	int32_t pid;
	char user[EXEC_ACT_NAME_MAX], database[EXEC_ACT_NAME_MAX];
	char application_name[EXEC_ACT_NAME_MAX];
	char client_addr[EXEC_ACT_NAME_MAX]; /* "" without a network connection */
	int client_port;
	int64_t backend_start, xact_start, query_start, state_change;
	exec_activity_state state;
	char query[EXEC_ACT_QUERY_MAX];
} exec_activity_row;

/* A session's record, registered until exec_activity_remove (NULL when out of memory). */
exec_activity *exec_activity_add(exec_session *ss);
void exec_activity_remove(exec_activity *a);

/* The session starts running sql (a query string, an Execute's statement), and is done. */
void exec_activity_begin(exec_session *ss, const char *sql, size_t len);
void exec_activity_end(exec_session *ss);

/*
 * A copy of the record of every session of store s, fn called for
 * each (outside any lock) until it returns non-zero, which is returned.
 */
typedef int (*exec_activity_fn)(void *arg, const exec_activity_row *row);
int exec_activity_each(const store *s, exec_activity_fn fn, void *arg);

#endif
