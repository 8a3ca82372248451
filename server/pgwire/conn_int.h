/*
 * conn_int.h - what conn.c (start-up, I/O, simple query, COPY) and
 * extended.c (Parse, Bind, Describe, Execute, Close, Sync, Flush)
 * share about a connection.  Not for other modules.
 */
#ifndef CHRONDB_SERVER_PGWIRE_CONN_INT_H
#define CHRONDB_SERVER_PGWIRE_CONN_INT_H

#include "conn.h"
#include "msg.h"
#include "tls.h"

#define PG_IN_SIZE  16384 /* bytes read from the socket at once */
#define PG_FLUSH_AT 65536 /* output buffered past this is written out */
#define PG_NAME_MAX 64

typedef struct pg_conn {
	srv_conn *sc;
	srv_server *srv;
	const srv_config *cfg;
	pg_tls_conn *tls; /* NULL: plain */

	/* Input: the socket's bytes and the message being read from them. */
	unsigned char in[PG_IN_SIZE];
	size_t inpos, inlen;
	pg_msg_reader rd;

	/* Output: messages waiting for the next flush. */
	store_buf out;
	bool broken; /* a write failed: the client is gone */

	exec_session *ss;
	char user[PG_NAME_MAX];
	bool started;   /* ParameterStatus changes go out from now on */
	bool ready;     /* ReadyForQuery went out and no message came since: idle */
	bool copy_in;   /* COPY FROM STDIN asked for data and the client has not ended it */
	bool skip_sync; /* an extended-query error: skip messages up to Sync */
	bool terminate; /* end the connection after this message */

	/* The portal whose formats the sink follows (extended query), NULL: all text. */
	struct exec_portal *portal;

	/*
	 * When the running statement began (exec_monotonic_us): its Query
	 * or Execute message, or the end of the one before it in the same
	 * query string.  CommandComplete counts the statement and its
	 * latency (chrondb_queries_executed_total and
	 * chrondb_query_latency_seconds); a failed statement is in neither.
	 * XXX: a portal run in several Executes (a row limit) is timed from
	 * its last Execute only: the executor reports no statement start,
	 * and keeping the first Execute's time would need the portal's
	 * suspended state here.
	 */
	int64_t stmt_start_us;

	/*
	 * Reported settings: the value each had in the last ParameterStatus;
	 * report_pending says one may have changed since (conn_report).
	 */
	struct pg_reported {
		const char *name; /* guc.c's, static */
		char *value;
	} * reported;
	int nreported, capreported;
	bool report_pending;

	/* LISTEN: an eventfd other sessions' commits write to (notify.h's wake-up), or -1. */
	int wake_fd;

	/* Extended query's arrays, reused from message to message. */
	store_buf scratch, params, formats;

	store_err err;
} pg_conn;

/* Write out what is buffered; non-zero when the client is gone. */
int pg_conn_flush(pg_conn *c);

/* Flush when the buffer has grown past PG_FLUSH_AT. */
int pg_conn_maybe_flush(pg_conn *c);

/* Queue ErrorResponse at severity ERROR from err (and clear it). */
void pg_conn_error(pg_conn *c, store_err *err);

/* A FATAL error: sent at once; the caller ends the connection. */
void pg_conn_fatal(pg_conn *c, store_err *err);

/*
 * A statement's error: the connection's own (a lost client, a broken
 * protocol) ends it; the stop turns a canceled statement into 57P01;
 * anything else is an ErrorResponse.  Non-zero: end the connection.
 */
int pg_conn_failed(pg_conn *c, store_err *err);

/* RowDescription of d, with the format codes of c->portal (none: text). */
void pg_conn_describe(pg_conn *c, const exec_tupdesc *d);

/* The sink that turns the session's results into messages. */
extern const exec_sink pg_conn_sink;

/* A message without a body (ParseComplete, BindComplete, NoData, ...). */
void pg_conn_put_empty(pg_conn *c, char type);

/*
 * ReadyForQuery with the session's status, after what PostgreSQL sends
 * before it: outside a transaction the notifications that came
 * (NotificationResponse), then the reported settings whose value
 * changed since they were last sent (ParameterStatus).
 */
void pg_conn_ready(pg_conn *c);

/*
 * Extended query messages (extended.c): one handler per type, each
 * reading its message from c->rd; an error is queued as ErrorResponse
 * and sets skip_sync.  0, or non-zero for an error that ends the
 * connection (c->err set, FATAL).
 */
int pg_ext_message(pg_conn *c, char type);

#endif
