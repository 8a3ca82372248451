/*
 * conn.h - one PostgreSQL protocol v3 connection (prefix pg_conn_): the
 * start-up (SSLRequest, GSSENCRequest, CancelRequest, StartupMessage,
 * authentication, ParameterStatus, BackendKeyData), then simple and
 * extended queries and COPY over an executor session until the client
 * says Terminate, goes away, breaks the protocol or the server stops.
 */
#ifndef CHRONDB_SERVER_PGWIRE_CONN_H
#define CHRONDB_SERVER_PGWIRE_CONN_H

#include "process.h"

/* Serve the accepted connection c until it ends; the caller closes the socket. */
void pg_conn_run(srv_conn *c);

#endif
