/*
 * process.h - the server process (prefix srv_): listening sockets on
 * every configured address, one thread per connection (blocking I/O),
 * the registry of connections that CancelRequest, shutdown and SQL's
 * pg_stat_activity, pg_cancel_backend and pg_terminate_backend read
 * (the executor reaches it through the exec_backends hook of
 * activity.h), the max_connections limit, and the orderly stop
 * (DESIGN.md section 8).
 *
 * The protocols own what happens on a connection (pgwire/conn.c); this
 * module only accepts, counts, finds and stops.  srv_server_stop is
 * async-signal-safe: main.c's SIGTERM and SIGINT handlers call it.
 */
#ifndef CHRONDB_SERVER_PROCESS_H
#define CHRONDB_SERVER_PROCESS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "config.h"
#include "pgwire/tls.h"
#include "session.h"

typedef struct srv_server srv_server;

/* One accepted connection, owned by its thread; the registry links it. */
typedef struct srv_conn {
	srv_server *srv;
	int fd;
	struct sockaddr_storage addr;
	socklen_t addrlen;
	char peer[64];    /* "127.0.0.1:53012", for the log */
	char host[48];    /* the peer's address alone, and its port (pg_stat_activity) */
	int port;
	int64_t start_us; /* when it was accepted: microseconds since 2000-01-01 UTC */
	int32_t pid;      /* BackendKeyData's process id: a number per connection */
	int32_t key;      /* its secret key, random */
	bool admitted;    /* counted against max_connections */
	exec_session *ss; /* set while a session runs, under the server's lock */
	atomic_int terminating; /* pg_terminate_backend asked it to end (FATAL 57P01) */
	struct srv_conn *prev, *next;
} srv_conn;

/*
 * Open the listening sockets (port 0 picks a free one: srv_server_port)
 * over an open store, and the TLS context when the config names a
 * certificate.  cfg and s are borrowed until srv_server_free.  The
 * process ignores SIGPIPE from then on (TLS writes through write(2)).
 */
int srv_server_new(const srv_config *cfg, store *s, srv_server **out, store_err *err);

/* The port the first socket listens on. */
int srv_server_port(const srv_server *srv);

/*
 * Accept connections until srv_server_stop; then stop accepting, cancel
 * running statements, end every session (each connection sends FATAL
 * 57P01 and rolls back) and return once all connection threads are gone.
 */
void srv_server_run(srv_server *srv);

/* Ask srv_server_run to stop; from a signal handler or any thread; signo for the log (0: none). */
void srv_server_stop(srv_server *srv, int signo);

/* Close the sockets and free (after srv_server_run returned, or without it). */
void srv_server_free(srv_server *srv);

/* ---- For the protocols ---- */

const srv_config *srv_server_config(const srv_server *srv);
store *srv_server_store(const srv_server *srv);
pg_tls_ctx *srv_server_tls(const srv_server *srv);

/* Whether the server is stopping (sessions end at their next chance). */
bool srv_stopping(const srv_server *srv);

/* The registry as the executor's sessions reach it (exec_session_opts.backends). */
const exec_backends *srv_server_backends(const srv_server *srv);

/* Whether the connection is to end now: the server stops, or pg_terminate_backend asked. */
bool srv_conn_ending(srv_conn *c);

/* Take a place among max_connections; false when all are taken (53300). */
bool srv_conn_admit(srv_conn *c);

/*
 * An IPv4 or IPv6 socket address as its host's text and its port;
 * false for another family (host "?", port 0).
 */
bool srv_addr_split(const struct sockaddr_storage *a, char *host, size_t hostsz, int *port);

/* The session a cancel or shutdown reaches (NULL: none now). */
void srv_conn_set_session(srv_conn *c, exec_session *ss);

/* CancelRequest: cancel the statement of the connection with pid and key; false if none. */
bool srv_cancel(srv_server *srv, int32_t pid, int32_t key);

#endif
