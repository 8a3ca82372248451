/*
 * tls.h - TLS for PostgreSQL connections through OpenSSL (prefix
 * pg_tls_): the server context from a certificate and key, and one
 * connection's handshake, reads and writes.
 *
 * The protocol layer answers SSLRequest with 'S' when a context exists
 * (else 'N'), then calls pg_tls_accept on the socket and does all its
 * I/O through pg_tls_read and pg_tls_write.  TLS 1.2 or newer.  Writes
 * go through write(2): the process ignores SIGPIPE, as for plain sockets.
 */
#ifndef CHRONDB_SERVER_PGWIRE_TLS_H
#define CHRONDB_SERVER_PGWIRE_TLS_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"

typedef struct pg_tls_ctx pg_tls_ctx;
typedef struct pg_tls_conn pg_tls_conn;

/* A server context from PEM files (key unencrypted); 58P01/F0000 with OpenSSL's reason. */
int pg_tls_ctx_new(const char *cert_file, const char *key_file, pg_tls_ctx **out, store_err *err);
void pg_tls_ctx_free(pg_tls_ctx *ctx);

/*
 * The server side of the handshake on fd (blocking); 08P01 with the
 * reason on failure.  The connection does not own fd.
 */
int pg_tls_accept(pg_tls_ctx *ctx, int fd, pg_tls_conn **out, store_err *err);

/* As read(2) and write(2): bytes moved, 0 at a clean end (read), -1 on an error. */
ssize_t pg_tls_read(pg_tls_conn *c, void *buf, size_t len);
ssize_t pg_tls_write(pg_tls_conn *c, const void *buf, size_t len);

/* Whether buffered plaintext is ready to read without touching the socket (poll loops). */
int pg_tls_pending(pg_tls_conn *c);

/* Send close_notify (best effort) and free. */
void pg_tls_close(pg_tls_conn *c);

#endif
