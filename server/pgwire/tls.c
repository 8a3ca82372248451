/*
 * tls.c - TLS for PostgreSQL connections through OpenSSL's libssl (see
 * tls.h): the server context and one connection over a blocking socket.
 *
 * Not here: SSLRequest and the choice of 'S' or 'N' (pgwire), where the
 * files come from (the config).  As PostgreSQL's be-secure-openssl.c:
 * TLS 1.2 or newer, no compression, no renegotiation, no session cache or tickets,
 * the server's cipher order; the key must match the certificate.
 * Client certificates are not asked for.  A peer that closes the
 * socket without close_notify reads as a clean end: the protocol's own
 * framing tells a cut message from a finished one.  Writes go through
 * write(2), so the process must ignore SIGPIPE, as for plain sockets.
 */
#include "tls.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

struct pg_tls_ctx {
	SSL_CTX *ssl;
};

struct pg_tls_conn {
	SSL *ssl;
	bool broken; /* a fatal error: no close_notify may follow */
};

/* OpenSSL's reason for the last failure, or the fallback. */
static const char *tls_reason(const char *fallback)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e != 0 ? ERR_reason_error_string(e) : NULL;

	return r != NULL ? r : fallback;
}

/* 58P01 when path cannot be opened (OpenSSL's errors would say less). */
static int check_file(const char *what, const char *path, store_err *err)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return store_err_set(err, "58P01", "could not open %s file \"%s\": %m", what, path);
	return 0;
}

int pg_tls_ctx_new(const char *cert_file, const char *key_file, pg_tls_ctx **out, store_err *err)
{
	pg_tls_ctx *ctx;
	SSL_CTX *ssl;

	if (check_file("certificate", cert_file, err) != 0 ||
		check_file("private key", key_file, err) != 0)
		return STORE_ERROR;

	/* The context and the protocol settings. */
	ERR_clear_error();
	if ((ssl = SSL_CTX_new(TLS_server_method())) == NULL)
		return store_err_set(err, "F0000", "could not create SSL context: %s",
			tls_reason("unknown error"));
	SSL_CTX_set_min_proto_version(ssl, TLS1_2_VERSION);
	SSL_CTX_set_options(ssl, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
					 SSL_OP_NO_TICKET | SSL_OP_CIPHER_SERVER_PREFERENCE |
					 SSL_OP_IGNORE_UNEXPECTED_EOF);
	SSL_CTX_set_session_cache_mode(ssl, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_num_tickets(ssl, 0);

	/*
	 * The certificate (and its chain), then the key, which OpenSSL
	 * checks against the certificate already loaded.
	 */
	if (SSL_CTX_use_certificate_chain_file(ssl, cert_file) != 1) {
		store_err_set(err, "F0000", "could not load server certificate file \"%s\": %s",
			cert_file, tls_reason("no certificate"));
		SSL_CTX_free(ssl);
		return STORE_ERROR;
	}
	if (SSL_CTX_use_PrivateKey_file(ssl, key_file, SSL_FILETYPE_PEM) != 1) {
		store_err_set(err, "F0000", "could not load private key file \"%s\": %s", key_file,
			tls_reason("no key"));
		SSL_CTX_free(ssl);
		return STORE_ERROR;
	}
	if ((ctx = malloc(sizeof(*ctx))) == NULL) {
		SSL_CTX_free(ssl);
		return store_err_set(err, "53200", "out of memory");
	}
	ctx->ssl = ssl;
	*out = ctx;
	return 0;
}

void pg_tls_ctx_free(pg_tls_ctx *ctx)
{
	if (ctx == NULL)
		return;
	SSL_CTX_free(ctx->ssl);
	free(ctx);
}

int pg_tls_accept(pg_tls_ctx *ctx, int fd, pg_tls_conn **out, store_err *err)
{
	pg_tls_conn *c = calloc(1, sizeof(*c));
	int rc, e;

	if (c == NULL)
		return store_err_set(err, "53200", "out of memory");
	ERR_clear_error();
	if ((c->ssl = SSL_new(ctx->ssl)) == NULL || SSL_set_fd(c->ssl, fd) != 1) {
		store_err_set(err, "08P01", "could not initialize SSL connection: %s",
			tls_reason("unknown error"));
		SSL_free(c->ssl);
		free(c);
		return STORE_ERROR;
	}

	/* The handshake: done, failed, or out of time (the socket's SO_RCVTIMEO). */
	if ((rc = SSL_accept(c->ssl)) != 1) {
		e = SSL_get_error(c->ssl, rc);
		if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
			store_err_set(err, "08P01", "could not accept SSL connection: timed out");
		else if (e == SSL_ERROR_SYSCALL && errno != 0)
			store_err_set(err, "08P01", "could not accept SSL connection: %m");
		else if (e == SSL_ERROR_SYSCALL || e == SSL_ERROR_ZERO_RETURN ||
			 ERR_peek_last_error() == 0)
			store_err_set(
				err, "08P01", "could not accept SSL connection: EOF detected");
		else
			store_err_set(err, "08P01", "could not accept SSL connection: %s",
				tls_reason("unknown error"));
		SSL_free(c->ssl);
		free(c);
		return STORE_ERROR;
	}
	*out = c;
	return 0;
}

/*
 * The result of SSL_read or SSL_write as read(2)'s: a fatal error
 * breaks the connection (errno EIO unless the socket's own is known),
 * a wait (a socket timeout) is EAGAIN.
 */
static ssize_t tls_result(pg_tls_conn *c, int rc)
{
	int e = SSL_get_error(c->ssl, rc);

	switch (e) {
	case SSL_ERROR_NONE:
		return rc;
	case SSL_ERROR_ZERO_RETURN:
		return 0;
	case SSL_ERROR_WANT_READ:
	case SSL_ERROR_WANT_WRITE:
		errno = EAGAIN;
		return -1;
	case SSL_ERROR_SYSCALL:
		c->broken = true;
		if (errno == 0)
			errno = EIO;
		return -1;
	default:
		c->broken = true;
		errno = EIO;
		return -1;
	}
}

ssize_t pg_tls_read(pg_tls_conn *c, void *buf, size_t len)
{
	if (len == 0)
		return 0;
	ERR_clear_error();
	errno = 0;
	return tls_result(c, SSL_read(c->ssl, buf, len > INT_MAX ? INT_MAX : (int)len));
}

ssize_t pg_tls_write(pg_tls_conn *c, const void *buf, size_t len)
{
	if (len == 0)
		return 0;
	ERR_clear_error();
	errno = 0;
	return tls_result(c, SSL_write(c->ssl, buf, len > INT_MAX ? INT_MAX : (int)len));
}

int pg_tls_pending(pg_tls_conn *c)
{
	return SSL_pending(c->ssl) > 0;
}

void pg_tls_close(pg_tls_conn *c)
{
	if (c == NULL)
		return;
	if (!c->broken) {
		ERR_clear_error();
		SSL_shutdown(c->ssl);
	}
	SSL_free(c->ssl);
	ERR_clear_error();
	free(c);
}
