/*
 * tls.c - tests for TLS (server/pgwire/tls.h): a self-signed certificate
 * made here with OpenSSL, the server side over one end of a socketpair
 * and an OpenSSL client in a thread on the other, bytes both ways, the
 * version floor, a client that does not speak TLS, and bad files.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "pgwire/tls.h"
#include "testutil.h"

static char *dir, *cert, *key, *other_key;

/* A fresh P-256 key, written to path. */
static EVP_PKEY *make_key(const char *path)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");
	FILE *f = fopen(path, "w");

	cr_assert_not_null(k);
	cr_assert_not_null(f);
	cr_assert_eq(PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL), 1);
	fclose(f);
	return k;
}

/* A self-signed certificate for CN=localhost with key k, written to path. */
static void make_cert(const char *path, EVP_PKEY *k)
{
	X509 *x = X509_new();
	X509_NAME *name;
	FILE *f;

	cr_assert_not_null(x);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), -60);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	X509_set_pubkey(x, k);
	name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(
		name, "CN", MBSTRING_ASC, (const unsigned char *)"localhost", -1, -1, 0);
	X509_set_issuer_name(x, name);
	cr_assert_gt(X509_sign(x, k, EVP_sha256()), 0);
	cr_assert_not_null(f = fopen(path, "w"));
	cr_assert_eq(PEM_write_X509(f, x), 1);
	fclose(f);
	X509_free(x);
}

static void setup(void)
{
	EVP_PKEY *k;

	/* A peer gone before our close_notify: EPIPE, as the server process has it. */
	signal(SIGPIPE, SIG_IGN);

	dir = tu_tmpdir("tls");
	cert = tu_fmt("%s/server.crt", dir);
	key = tu_fmt("%s/server.key", dir);
	other_key = tu_fmt("%s/other.key", dir);
	k = make_key(key);
	make_cert(cert, k);
	EVP_PKEY_free(k);
	EVP_PKEY_free(make_key(other_key));
}

static void teardown(void)
{
	tu_rmtree(dir);
	free(dir);
	free(cert);
	free(key);
	free(other_key);
}

TestSuite(tls, .init = setup, .fini = teardown);

/* ---- the client thread ---- */

typedef enum client_mode {
	CLIENT_ECHO,    /* handshake, send, read the reply, close_notify */
	CLIENT_ABRUPT,  /* handshake, then close the socket without close_notify */
	CLIENT_OLD,     /* offer TLS 1.1 at most */
	CLIENT_GARBAGE, /* not TLS at all */
	CLIENT_SILENT,  /* connects and says nothing until the server hangs up */
} client_mode;

#define BIG (256 * 1024)

typedef struct client {
	int fd;
	client_mode mode;
	bool handshake_ok, verified, reply_ok, saw_end;
	int version;
} client;

static bool ssl_write_all(SSL *s, const unsigned char *p, size_t n)
{
	while (n > 0) {
		int w = SSL_write(s, p, (int)n);

		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static void *client_main(void *arg)
{
	client *c = arg;
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	SSL *s = NULL;
	unsigned char *buf = malloc(BIG);
	size_t got = 0;
	int r;

	if (c->mode == CLIENT_SILENT) {
		while (read(c->fd, buf, BIG) > 0)
			;
		goto out;
	}
	if (c->mode == CLIENT_GARBAGE) {
		static const char junk[] = "GET / HTTP/1.0\r\n\r\n";

		if (write(c->fd, junk, sizeof(junk) - 1) < 0)
			perror("write");
		shutdown(c->fd, SHUT_WR);
		goto out;
	}

	/* Trust the test's certificate, and only it. */
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	SSL_CTX_load_verify_locations(ctx, cert, NULL);
	if (c->mode == CLIENT_OLD) {
		SSL_CTX_set_security_level(ctx, 0);
		SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
		SSL_CTX_set_max_proto_version(ctx, TLS1_1_VERSION);
	}
	s = SSL_new(ctx);
	SSL_set_fd(s, c->fd);
	SSL_set_tlsext_host_name(s, "localhost");
	if (SSL_connect(s) != 1)
		goto out;
	c->handshake_ok = true;
	c->verified = SSL_get_verify_result(s) == X509_V_OK;
	c->version = SSL_version(s);
	if (c->mode == CLIENT_ABRUPT)
		goto out;

	/* 10 bytes in one record, then BIG bytes; the server answers with BIG bytes of ~x. */
	for (size_t i = 0; i < BIG; i++)
		buf[i] = (unsigned char)(i * 7);
	if (!ssl_write_all(s, (const unsigned char *)"0123456789", 10) ||
		!ssl_write_all(s, buf, BIG))
		goto out;
	while (got < BIG && (r = SSL_read(s, buf + got, (int)(BIG - got))) > 0)
		got += (size_t)r;
	c->reply_ok = got == BIG;
	for (size_t i = 0; i < got; i++)
		if (buf[i] != (unsigned char)~(i * 7))
			c->reply_ok = false;

	/* Our close_notify, then the server's. */
	SSL_shutdown(s);
	c->saw_end = SSL_read(s, buf, 1) <= 0 && SSL_get_error(s, 0) != SSL_ERROR_SSL;
out:
	SSL_free(s);
	SSL_CTX_free(ctx);
	free(buf);
	close(c->fd);
	return NULL;
}

/* A socketpair with the client on one end: the server's end in *fd. */
static pthread_t start_client(client *c, client_mode mode, int *fd)
{
	int sv[2];
	pthread_t t;

	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	c->fd = sv[1];
	c->mode = mode;
	*fd = sv[0];
	cr_assert_eq(pthread_create(&t, NULL, client_main, c), 0);
	return t;
}

/* Read exactly n bytes. */
static void read_all(pg_tls_conn *c, unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t r = pg_tls_read(c, p, n);

		cr_assert_gt(r, 0);
		p += r;
		n -= (size_t)r;
	}
}

Test(tls, handshake_and_bytes_both_ways)
{
	pg_tls_ctx *ctx;
	pg_tls_conn *conn;
	store_err err = {0};
	client c = {0};
	unsigned char small[10], *big = malloc(BIG);
	int fd;
	pthread_t t;
	size_t done = 0;

	cr_assert_eq(pg_tls_ctx_new(cert, key, &ctx, &err), 0, "%s", err.message);
	t = start_client(&c, CLIENT_ECHO, &fd);
	cr_assert_eq(pg_tls_accept(ctx, fd, &conn, &err), 0, "%s", err.message);

	/* Part of a record read: the rest is pending without touching the socket. */
	read_all(conn, small, 4);
	cr_assert_eq(pg_tls_pending(conn), 1);
	read_all(conn, small + 4, 6);
	cr_assert(memcmp(small, "0123456789", 10) == 0);
	cr_assert_eq(pg_tls_pending(conn), 0);

	/* The big message, and its complement back. */
	read_all(conn, big, BIG);
	for (size_t i = 0; i < BIG; i++) {
		if (big[i] != (unsigned char)(i * 7))
			cr_assert_fail("byte %zu is %d", i, big[i]);
		big[i] = (unsigned char)~big[i];
	}
	while (done < BIG) {
		ssize_t w = pg_tls_write(conn, big + done, BIG - done);

		cr_assert_gt(w, 0);
		done += (size_t)w;
	}

	/* The client's close_notify reads as the end; ours goes back. */
	cr_assert_eq(pg_tls_read(conn, small, 1), 0);
	pg_tls_close(conn);
	pthread_join(t, NULL);
	close(fd);
	cr_assert(c.handshake_ok);
	cr_assert(c.verified);
	cr_assert_geq(c.version, TLS1_2_VERSION);
	cr_assert(c.reply_ok);
	cr_assert(c.saw_end);
	pg_tls_ctx_free(ctx);
	free(big);
}

Test(tls, abrupt_close_reads_as_the_end)
{
	pg_tls_ctx *ctx;
	pg_tls_conn *conn;
	store_err err = {0};
	client c = {0};
	unsigned char b[4];
	int fd;
	pthread_t t;

	cr_assert_eq(pg_tls_ctx_new(cert, key, &ctx, &err), 0, "%s", err.message);
	t = start_client(&c, CLIENT_ABRUPT, &fd);
	cr_assert_eq(pg_tls_accept(ctx, fd, &conn, &err), 0, "%s", err.message);
	pthread_join(t, NULL);
	cr_assert_eq(pg_tls_read(conn, b, sizeof(b)), 0);
	pg_tls_close(conn);
	close(fd);
	pg_tls_ctx_free(ctx);
}

/* Run a handshake against a client in mode; the server's error. */
static store_err failed_handshake(client_mode mode)
{
	struct timeval tv = {.tv_usec = 200 * 1000};
	pg_tls_ctx *ctx;
	pg_tls_conn *conn = NULL;
	store_err err = {0};
	client c = {0};
	int fd;
	pthread_t t;

	cr_assert_eq(pg_tls_ctx_new(cert, key, &ctx, &err), 0, "%s", err.message);
	t = start_client(&c, mode, &fd);
	cr_assert_eq(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
	cr_assert_eq(pg_tls_accept(ctx, fd, &conn, &err), STORE_ERROR);
	cr_assert_null(conn);
	close(fd);
	pthread_join(t, NULL);
	cr_assert(!c.handshake_ok);
	pg_tls_ctx_free(ctx);
	return err;
}

Test(tls, tls_1_1_is_refused)
{
	store_err err = failed_handshake(CLIENT_OLD);

	cr_assert_str_eq(err.sqlstate, "08P01");
	cr_assert(strncmp(err.message, "could not accept SSL connection: ", 33) == 0, "%s",
		err.message);
}

Test(tls, a_client_without_tls)
{
	store_err err = failed_handshake(CLIENT_GARBAGE);

	cr_assert_str_eq(err.sqlstate, "08P01");
	cr_assert(strncmp(err.message, "could not accept SSL connection: ", 33) == 0, "%s",
		err.message);
}

Test(tls, a_silent_client_times_out)
{
	store_err err = failed_handshake(CLIENT_SILENT);

	cr_assert_str_eq(err.sqlstate, "08P01");
	cr_assert_str_eq(err.message, "could not accept SSL connection: timed out");
}

Test(tls, bad_files)
{
	char *junk = tu_fmt("%s/junk.pem", dir), *missing = tu_fmt("%s/missing.pem", dir);
	pg_tls_ctx *ctx = NULL;
	store_err err = {0};

	tu_write_file(junk, "not a certificate\n", 18);

	cr_assert_eq(pg_tls_ctx_new(missing, key, &ctx, &err), STORE_ERROR);
	cr_assert_str_eq(err.sqlstate, "58P01");
	cr_assert(
		strstr(err.message, "could not open certificate file") != NULL, "%s", err.message);

	store_err_clear(&err);
	cr_assert_eq(pg_tls_ctx_new(junk, key, &ctx, &err), STORE_ERROR);
	cr_assert_str_eq(err.sqlstate, "F0000");
	cr_assert(strstr(err.message, "could not load server certificate file") != NULL, "%s",
		err.message);

	store_err_clear(&err);
	cr_assert_eq(pg_tls_ctx_new(cert, junk, &ctx, &err), STORE_ERROR);
	cr_assert_str_eq(err.sqlstate, "F0000");
	cr_assert(
		strstr(err.message, "could not load private key file") != NULL, "%s", err.message);

	store_err_clear(&err);
	cr_assert_eq(pg_tls_ctx_new(cert, other_key, &ctx, &err), STORE_ERROR);
	cr_assert_str_eq(err.sqlstate, "F0000");
	cr_assert(strstr(err.message, "mismatch") != NULL, "%s", err.message);
	cr_assert_null(ctx);
	free(junk);
	free(missing);
}
