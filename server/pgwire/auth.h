/*
 * auth.h - who may connect and how they prove it (prefix pg_auth_):
 * users and their secrets, rules that choose a method by client address
 * and user, and the exchanges of PostgreSQL's methods (trust, password,
 * md5, SCRAM-SHA-256) over whatever carries the messages.
 *
 * The protocol layer (pgwire) owns the socket and the message framing;
 * this module owns only what goes inside AuthenticationXXX and
 * PasswordMessage/SASLInitialResponse/SASLResponse, through pg_auth_io.
 * It never logs secrets.  SCRAM-SHA-256 follows RFC 5802/7677 as
 * PostgreSQL implements it (no channel binding: "n,," or "y,,", a client
 * that demands it with "p=" gets 08P01; the user name in the
 * client-first message is ignored, the startup user counts).
 */
#ifndef CHRONDB_SERVER_PGWIRE_AUTH_H
#define CHRONDB_SERVER_PGWIRE_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "error.h"

typedef enum pg_auth_method {
	PG_AUTH_REJECT, /* no rule matched, or a "reject" rule: 28000 */
	PG_AUTH_TRUST,
	PG_AUTH_PASSWORD, /* cleartext PasswordMessage */
	PG_AUTH_MD5,
	PG_AUTH_SCRAM, /* SCRAM-SHA-256 */
} pg_auth_method;

/*
 * A user's secret as the config file gives it: a SCRAM verifier
 * ("SCRAM-SHA-256$<iter>:<salt b64>$<StoredKey b64>:<ServerKey b64>",
 * what `chrondb passwd` prints and pg_authid.rolpassword holds), an md5
 * hash ("md5" + 32 hex of md5(password || user)), or a plain password
 * (anything else).  None at all: the user can log in only by trust.
 */
typedef struct pg_auth_user {
	char *name;
	char *secret; /* NULL: none */
	bool superuser;
} pg_auth_user;

/*
 * A rule, as one `auth = '...'` line of the config: "ADDRESS USER
 * METHOD", ADDRESS a CIDR ("127.0.0.1/32", "::1/128", "0.0.0.0/0", "all")
 * or "local" (a Unix socket), USER a name or "all", METHOD one of trust,
 * password, md5, scram-sha-256, reject.  The first rule that matches the
 * client's address and user decides, as pg_hba.conf.
 */
typedef struct pg_auth_rule {
	int family;             /* AF_INET, AF_INET6, AF_UNIX ("local"), 0 ("all") */
	unsigned char addr[16]; /* network byte order */
	int prefix;             /* bits */
	char *user;             /* NULL: all */
	pg_auth_method method;
} pg_auth_rule;

/* Parse one rule's text; 22023 with the reason on bad input.  Free with pg_auth_rule_clear. */
int pg_auth_rule_parse(const char *text, pg_auth_rule *out, store_err *err);
void pg_auth_rule_clear(pg_auth_rule *r);

/*
 * The rules in force when the config gives none: trust on loopback
 * (127.0.0.0/8 and ::1), SCRAM-SHA-256 from anywhere else.  *out is
 * malloc'd (free each with pg_auth_rule_clear, then the array).
 */
int pg_auth_default_rules(pg_auth_rule **out, int *n, store_err *err);

/* The method for a client at addr (NULL: a Unix socket) logging in as user. */
pg_auth_method pg_auth_choose(
	const pg_auth_rule *rules, int nrules, const struct sockaddr *addr, const char *user);

/*
 * How the exchange talks to the client: send one Authentication message
 * (type 'R': the int32 code and its data, framing done by the caller),
 * and read the client's next message, which must be of type 'p' (the
 * caller checks the type and the size limit; *data is valid until the
 * next call).  Non-zero from either: the connection is gone.
 */
typedef struct pg_auth_io {
	void *arg;
	int (*send)(void *arg, int32_t code, const void *data, size_t len);
	int (*recv)(void *arg, const char **data, size_t *len);
} pg_auth_io;

/*
 * Authenticate user (NULL u: no such user; the exchange still runs where
 * the method asks for a password, so a client cannot tell unknown users
 * from wrong passwords) by method.  Returns 0 and sends nothing more
 * when the client proved it (the caller sends AuthenticationOk), else
 * sets err: 28P01 'password authentication failed for user "x"', 28000
 * for reject, 08P01 for a malformed message, 08006 for a lost
 * connection.
 */
int pg_auth_run(const pg_auth_io *io, pg_auth_method method, const char *user,
	const pg_auth_user *u, store_err *err);

/*
 * A SCRAM-SHA-256 verifier for password with a fresh random salt and
 * 4096 iterations, as PostgreSQL's password_encryption writes it, into
 * out (at least PG_AUTH_VERIFIER_SIZE bytes).
 */
#define PG_AUTH_VERIFIER_SIZE 256
int pg_auth_scram_verifier(const char *password, char *out, size_t outsz, store_err *err);

#endif
