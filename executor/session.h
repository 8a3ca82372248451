/*
 * session.h - a SQL session: what the embedded runner and the wire
 * protocol drive (prefix exec_session_).
 *
 * A session runs query strings against a store as one user on one
 * branch, with PostgreSQL's transaction rules:
 *
 * - Outside a transaction block each query string is one transaction
 *   (autocommit): committed as one Git commit when it ends without
 *   error, with the note's origin "sql"; rolled back on the first error.
 *   A query that reads only opens no transaction at all.
 * - BEGIN opens a block; COMMIT commits it (one Git commit however many
 *   statements wrote), ROLLBACK throws it away.  A failed statement in a
 *   block puts it in the aborted state: every statement but ROLLBACK
 *   (and COMMIT, which then rolls back) is 25P02 until it ends.
 *   SAVEPOINT, RELEASE and ROLLBACK TO map to storage's savepoints;
 *   ROLLBACK TO leaves the aborted state.
 * - READ COMMITTED (the default) reads each statement at the branch head
 *   as it is when the statement starts; REPEATABLE READ and SERIALIZABLE
 *   read every statement at the transaction's start, and a commit whose
 *   writes met a concurrent change fails 40001.
 *
 * Results go to a sink, statement by statement: describe (the columns of
 * a result set), row, complete (the command tag, "SELECT 3", "INSERT 0
 * 1"), and notices.  COPY ... TO STDOUT and COPY ... FROM STDIN move
 * their data through the sink too, in the order of PostgreSQL's
 * protocol messages, so that a front end maps each call to one message.
 * Errors are returned as store_err with PostgreSQL's SQLSTATE, message,
 * detail, hint, context and position; the session stays usable after
 * any error.
 *
 * A session is used by one thread at a time; sessions on one store run
 * in parallel.
 */
#ifndef CHRONDB_EXECUTOR_SESSION_H
#define CHRONDB_EXECUTOR_SESSION_H

#include "activity.h"
#include "guc.h"
#include "plan.h"


/* What COPY announces before its data (CopyInResponse, CopyOutResponse). */
typedef struct exec_copy_info {
	bool binary; /* the format: false for text and CSV; every column has it */
	int ncols;   /* columns of a row */
} exec_copy_info;

/* A piece of COPY FROM STDIN's data, as the client sent it. */
typedef enum exec_copy_in_kind {
	EXEC_COPY_IN_DATA, /* CopyData: bytes, split anywhere */
	EXEC_COPY_IN_DONE, /* CopyDone: the end of the data */
	EXEC_COPY_IN_FAIL, /* CopyFail: the client gave up, with a message */
} exec_copy_in_kind;

typedef struct exec_copy_chunk {
	exec_copy_in_kind kind;
	const char *data; /* DATA: the bytes; FAIL: the message (NUL-terminated) */
	size_t len;       /* DATA: how many */
} exec_copy_chunk;

typedef struct exec_sink {
	void *arg;
	/* A result set begins (SELECT, RETURNING, SHOW, EXPLAIN). */
	int (*describe)(void *arg, const exec_tupdesc *desc);
	/* One row of it: desc->ncols values, valid during the call. */
	int (*row)(void *arg, const exec_tupdesc *desc, const exec_value *vals);
	/* A statement finished: its command tag. */
	int (*complete)(void *arg, const char *tag);
	/* A NOTICE or WARNING (severity is "NOTICE", "WARNING", ...). */
	void (*notice)(void *arg, const char *severity, const char *sqlstate, const char *message);

	/*
	 * COPY ... TO STDOUT: copy_out_begin announces the data
	 * (CopyOutResponse), copy_out_data sends one row, its line end
	 * included (CopyData), and complete() gives "COPY n" after the last
	 * (CopyDone, then CommandComplete).  An error after copy_out_begin
	 * ends the data (PostgreSQL sends ErrorResponse without CopyDone).
	 * NULL: the front end cannot take COPY data (0A000).
	 */
	int (*copy_out_begin)(void *arg, const exec_copy_info *info);
	int (*copy_out_data)(void *arg, const char *data, size_t len);

	/*
	 * COPY ... FROM STDIN: copy_in_begin asks for data (CopyInResponse);
	 * then copy_in_read fills *chunk with the next piece until one is
	 * DONE or FAIL (data and message stay valid until the next call).
	 * On success the executor has read up to DONE.  On an error it stops
	 * reading at once, and the front end discards what the client still
	 * sends up to its CopyDone or CopyFail, as PostgreSQL does.  A
	 * non-zero return is a lost connection.  NULL: no COPY (0A000).
	 */
	int (*copy_in_begin)(void *arg, const exec_copy_info *info);
	int (*copy_in_read)(void *arg, exec_copy_chunk *chunk);
} exec_sink;

typedef struct exec_session_opts {
	const char *user;             /* NULL: "chrondb" */
	const char *branch;           /* NULL: the store's default branch */
	const char *application_name; /* NULL: "" */
	const char *database;         /* NULL: "chrondb" (current_database()) */
	int32_t backend_pid;          /* pg_backend_pid(); 0: the process id */
	bool superuser;               /* the user is a superuser (is_superuser, COPY files) */
	exec_guc_report_fn report;    /* ParameterStatus changes, or NULL */
	void *report_arg;
	/*
	 * COPY may read and write files of the server's file system (never
	 * run programs).  PostgreSQL allows it to superusers only; ChronDB has
	 * no roles yet, so only a front end whose user already has the
	 * process's own rights sets it: the embedded runner (`chrondb sql`).
	 */
	bool server_files;
	/* The server's sessions, for pg_stat_activity and pg_cancel_backend (activity.h); NULL: none. */
	const exec_backends *backends;
	/*
	 * LISTEN's wake-up (notify.h): called from another session's thread,
	 * under the notification queue's lock, when a notification this
	 * session listens for was queued, so that the front end delivers it
	 * if the session waits idle for its client.  It must not block nor
	 * call the executor.  NULL: the session only looks between queries.
	 */
	void (*notify_wake)(void *arg);
	void *notify_arg;
	/* The connection's ends (inet_client_addr, inet_server_addr); NULL: none. */
	const char *client_addr;
	int client_port;
	const char *server_addr;
	int server_port;
} exec_session_opts;

int exec_session_new(store *s, const exec_session_opts *opts, exec_session **out, store_err *err);
void exec_session_free(exec_session *ss);

/*
 * Run a query string: its statements in order, results to sink.  On the
 * first error the rest is skipped and EXEC_ERROR returned with err set
 * (err->position is the 1-based character position in sql, 0 for none).
 */
int exec_session_query(
	exec_session *ss, const char *sql, size_t len, const exec_sink *sink, store_err *err);

/* 'I' idle, 'T' in a transaction block, 'E' in a failed one (ReadyForQuery's byte). */
char exec_session_status(const exec_session *ss);

/* The session's settings (for ParameterStatus at start-up, pg_settings). */
exec_gucs *exec_session_gucs(exec_session *ss);

/*
 * A value as text, the way PostgreSQL's output function prints it under
 * the session's settings (TimeZone, extra_float_digits), appended to out.
 */
int exec_session_format(exec_session *ss, const exec_value *v, store_buf *out, store_err *err);

/* The branch the session reads and writes now (chrondb.branch). */
const char *exec_session_branch(const exec_session *ss);

#endif
