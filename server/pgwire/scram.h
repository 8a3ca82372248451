/*
 * scram.h - SCRAM-SHA-256 inside the authentication module (prefix
 * pg_scram_): secrets, the server side of the exchange, and the two
 * message helpers auth.c and scram.c share.  Internal to server/pgwire/
 * (auth.h is the contract pgwire uses); tests include it to run RFC
 * 7677's example with its fixed server nonce.
 */
#ifndef CHRONDB_SERVER_PGWIRE_SCRAM_H
#define CHRONDB_SERVER_PGWIRE_SCRAM_H

#include <stdbool.h>
#include <stddef.h>

#include "auth.h"

#define PG_SCRAM_KEY_LEN  32 /* SHA-256 */
#define PG_SCRAM_SALT_MAX 64 /* longest salt a verifier may carry */

/* A verifier in binary: what pg_authid.rolpassword's text encodes. */
typedef struct pg_scram_secret {
	int iterations;
	size_t saltlen;
	unsigned char salt[PG_SCRAM_SALT_MAX];
	unsigned char stored_key[PG_SCRAM_KEY_LEN];
	unsigned char server_key[PG_SCRAM_KEY_LEN];
} pg_scram_secret;

/* Read "SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>"; false when text is not one. */
bool pg_scram_secret_parse(const char *text, pg_scram_secret *out);

/* The secret for password with the given salt and iterations; XX000 if OpenSSL fails. */
int pg_scram_secret_derive(const char *password, const unsigned char *salt, size_t saltlen,
	int iterations, pg_scram_secret *out, store_err *err);

/* The secret for password with a fresh random salt and PostgreSQL's 4096 iterations. */
int pg_scram_secret_new(const char *password, pg_scram_secret *out, store_err *err);

/*
 * A secret for a user that has none usable: its salt is the same for
 * the same user name throughout the process (a keyed hash of the name),
 * so that repeated attempts cannot tell a missing user by a changing
 * salt, and its keys match no password.
 */
int pg_scram_secret_mock(const char *user, pg_scram_secret *out, store_err *err);

/*
 * Whether password is the one s was made from: 1 yes, 0 no, -1 with err
 * set when OpenSSL fails.  The keys are compared in constant time.
 */
int pg_scram_password_matches(const pg_scram_secret *s, const char *password, store_err *err);

/*
 * The server side of SCRAM-SHA-256 from AuthenticationSASL to
 * AuthenticationSASLFinal, against s.  doomed: run it to the end but
 * fail (no user, or no SCRAM secret).  server_nonce: NULL for a fresh
 * random one (tests pass RFC 7677's).  Returns 0 when the client proved
 * it knows the password (SASLFinal sent), 1 when it did not (nothing
 * more sent; the caller reports 28P01), -1 with err set on a malformed
 * message (08P01) or a lost connection (08006).
 */
int pg_scram_exchange(const pg_auth_io *io, const pg_scram_secret *s, bool doomed,
	const char *server_nonce, store_err *err);

/* io->send and io->recv with the lost connection reported as 08006. */
int pg_auth_send(const pg_auth_io *io, int32_t code, const void *data, size_t len, store_err *err);
int pg_auth_recv(const pg_auth_io *io, const char **data, size_t *len, store_err *err);

#endif
