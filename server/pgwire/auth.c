/*
 * auth.c - who may connect and how they prove it (see auth.h): the rules
 * that choose a method, and the exchanges of trust, password and md5;
 * SCRAM-SHA-256's is scram.c's.
 *
 * Not here: the socket, message framing and the user table's source
 * (the config and pgwire own those).  As PostgreSQL's auth.c and
 * crypt.c: a client that names no user, names a user without a secret,
 * or holds a secret the method cannot use still goes through the whole
 * exchange and fails at its end with the message a wrong password gets;
 * md5 with a SCRAM verifier stored runs SCRAM instead; secrets are
 * compared in constant time and never logged.
 */
#include "auth.h"

#include <arpa/inet.h>
#include <assert.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "scram.h"

enum {
	AUTH_CLEARTEXT = 3, /* AuthenticationCleartextPassword */
	AUTH_MD5 = 5,       /* AuthenticationMD5Password, with a 4-byte salt */
};

#define MD5_SECRET_LEN 35 /* "md5" and 32 hex digits */

static const struct {
	const char *name;
	pg_auth_method method;
} auth_methods[] = {
	{"trust", PG_AUTH_TRUST},
	{"password", PG_AUTH_PASSWORD},
	{"md5", PG_AUTH_MD5},
	{"scram-sha-256", PG_AUTH_SCRAM},
	{"reject", PG_AUTH_REJECT},
};

/* The rules without a config: the machine itself trusted, everyone else with SCRAM. */
static const char *const default_rules[] = {
	"local all trust",
	"127.0.0.0/8 all trust",
	"::1/128 all trust",
	"all all scram-sha-256",
};

/* What a stored secret is (pg_auth_user.secret), as PostgreSQL's get_password_type. */
typedef enum secret_kind {
	SECRET_NONE,
	SECRET_PLAIN,
	SECRET_MD5,
	SECRET_SCRAM,
} secret_kind;

int pg_auth_send(const pg_auth_io *io, int32_t code, const void *data, size_t len, store_err *err)
{
	if (io->send(io->arg, code, data, len) != 0)
		return store_err_set(err, "08006", "connection lost during authentication");
	return 0;
}

int pg_auth_recv(const pg_auth_io *io, const char **data, size_t *len, store_err *err)
{
	if (io->recv(io->arg, data, len) != 0)
		return store_err_set(err, "08006", "connection lost during authentication");
	return 0;
}

/* ADDRESS: "all", "local", or an IPv4 or IPv6 address with an optional /bits. */
static int parse_address(const char *text, pg_auth_rule *r, store_err *err)
{
	char host[INET6_ADDRSTRLEN + 1], *end;
	const char *slash = strchr(text, '/');
	size_t hostlen = slash != NULL ? (size_t)(slash - text) : strlen(text);
	int max;
	long bits;

	if (strcasecmp(text, "all") == 0 || strcasecmp(text, "local") == 0) {
		r->family = strcasecmp(text, "all") == 0 ? 0 : AF_UNIX;
		return 0;
	}
	if (hostlen >= sizeof(host))
		return store_err_set(err, "22023", "invalid IP address \"%s\"", text);
	memcpy(host, text, hostlen);
	host[hostlen] = '\0';
	if (inet_pton(AF_INET, host, r->addr) == 1) {
		r->family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, host, r->addr) == 1) {
		r->family = AF_INET6;
		max = 128;
	} else {
		return store_err_set(err, "22023", "invalid IP address \"%s\"", text);
	}

	/* No mask: this one host. */
	r->prefix = max;
	if (slash == NULL)
		return 0;
	bits = strtol(slash + 1, &end, 10);
	if (end == slash + 1 || *end != '\0' || bits < 0 || bits > max)
		return store_err_set(err, "22023", "invalid CIDR mask in address \"%s\"", text);
	r->prefix = (int)bits;
	return 0;
}

int pg_auth_rule_parse(const char *text, pg_auth_rule *out, store_err *err)
{
	static const char space[] = " \t\r\n";
	char *copy, *tok[4], *save = NULL;
	int n = 0;
	size_t i;

	/* Three words: ADDRESS USER METHOD. */
	memset(out, 0, sizeof(*out));
	if ((copy = strdup(text)) == NULL)
		return store_err_set(err, "53200", "out of memory");
	for (char *t = strtok_r(copy, space, &save); t != NULL && n < 4;
		t = strtok_r(NULL, space, &save))
		tok[n++] = t;
	if (n != 3) {
		free(copy);
		store_err_set(err, "22023", "invalid authentication rule \"%s\"", text);
		store_err_detail(err, "A rule is three words: an address, a user and a method.");
		store_err_hint(err, "For example \"127.0.0.1/32 all scram-sha-256\".");
		return STORE_ERROR;
	}

	/* METHOD from the table. */
	for (i = 0; i < sizeof(auth_methods) / sizeof(auth_methods[0]); i++)
		if (strcasecmp(tok[2], auth_methods[i].name) == 0)
			break;
	if (i == sizeof(auth_methods) / sizeof(auth_methods[0])) {
		store_err_set(err, "22023", "invalid authentication method \"%s\"", tok[2]);
		store_err_hint(
			err, "The methods are trust, password, md5, scram-sha-256 and reject.");
		free(copy);
		return STORE_ERROR;
	}
	out->method = auth_methods[i].method;

	/* ADDRESS and USER ("all": anyone). */
	if (parse_address(tok[0], out, err) != 0) {
		free(copy);
		return STORE_ERROR;
	}
	if (strcmp(tok[1], "all") != 0 && (out->user = strdup(tok[1])) == NULL) {
		free(copy);
		return store_err_set(err, "53200", "out of memory");
	}
	free(copy);
	return 0;
}

void pg_auth_rule_clear(pg_auth_rule *r)
{
	free(r->user);
	memset(r, 0, sizeof(*r));
}

int pg_auth_default_rules(pg_auth_rule **out, int *n, store_err *err)
{
	int count = (int)(sizeof(default_rules) / sizeof(default_rules[0]));
	pg_auth_rule *rules = calloc((size_t)count, sizeof(*rules));

	if (rules == NULL)
		return store_err_set(err, "53200", "out of memory");
	for (int i = 0; i < count; i++) {
		if (pg_auth_rule_parse(default_rules[i], &rules[i], err) != 0) {
			for (int j = 0; j < i; j++)
				pg_auth_rule_clear(&rules[j]);
			free(rules);
			return STORE_ERROR;
		}
	}
	*out = rules;
	*n = count;
	return 0;
}

/* Whether the first bits of a and b agree. */
static bool prefix_equal(const unsigned char *a, const unsigned char *b, int bits)
{
	int whole = bits / 8, rest = bits % 8;

	if (memcmp(a, b, (size_t)whole) != 0)
		return false;
	return rest == 0 || ((a[whole] ^ b[whole]) & (0xff << (8 - rest)) & 0xff) == 0;
}

/*
 * Whether a rule's address covers the client's: "all" every client,
 * "local" Unix sockets, an IPv4 network its own family and IPv6's
 * IPv4-mapped addresses (::ffff:a.b.c.d, what a dual-stack listener
 * sees), an IPv6 network IPv6 clients.
 */
static bool address_matches(const pg_auth_rule *r, const struct sockaddr *addr)
{
	const unsigned char *v6;

	if (r->family == 0)
		return true;
	if (addr == NULL || addr->sa_family == AF_UNIX)
		return r->family == AF_UNIX;
	if (addr->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)addr;

		return r->family == AF_INET &&
		       prefix_equal((const unsigned char *)&in->sin_addr, r->addr, r->prefix);
	}
	if (addr->sa_family != AF_INET6)
		return false;
	v6 = ((const struct sockaddr_in6 *)addr)->sin6_addr.s6_addr;
	if (r->family == AF_INET6)
		return prefix_equal(v6, r->addr, r->prefix);
	return r->family == AF_INET && IN6_IS_ADDR_V4MAPPED((const struct in6_addr *)v6) &&
	       prefix_equal(v6 + 12, r->addr, r->prefix);
}

pg_auth_method pg_auth_choose(
	const pg_auth_rule *rules, int nrules, const struct sockaddr *addr, const char *user)
{
	for (int i = 0; i < nrules; i++)
		if (address_matches(&rules[i], addr) &&
			(rules[i].user == NULL || strcmp(rules[i].user, user) == 0))
			return rules[i].method;
	return PG_AUTH_REJECT;
}

static secret_kind secret_kind_of(const char *secret, pg_scram_secret *scram)
{
	if (secret == NULL || secret[0] == '\0')
		return SECRET_NONE;
	if (pg_scram_secret_parse(secret, scram))
		return SECRET_SCRAM;
	if (strncmp(secret, "md5", 3) == 0 && strlen(secret) == MD5_SECRET_LEN &&
		strspn(secret + 3, "0123456789abcdef") == MD5_SECRET_LEN - 3)
		return SECRET_MD5;
	return SECRET_PLAIN;
}

/* "md5" and the hex of md5(a || b) into out (MD5_SECRET_LEN + 1 bytes). */
static int md5_hex(const void *a, size_t alen, const void *b, size_t blen,
	char out[MD5_SECRET_LEN + 1], store_err *err)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char d[16];
	bool ok;

	ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_md5(), NULL) == 1 &&
	     EVP_DigestUpdate(ctx, a, alen) == 1 && EVP_DigestUpdate(ctx, b, blen) == 1 &&
	     EVP_DigestFinal_ex(ctx, d, NULL) == 1;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return store_err_set(err, "XX000", "could not compute MD5 hash");
	memcpy(out, "md5", 3);
	for (int i = 0; i < 16; i++)
		snprintf(out + 3 + 2 * i, 3, "%02x", d[i]);
	return 0;
}

/* Equal strings, in time that depends on neither (their SHA-256s compared). */
static bool same_text(const char *a, const char *b)
{
	unsigned char ha[SHA256_DIGEST_LENGTH], hb[SHA256_DIGEST_LENGTH];

	SHA256((const unsigned char *)a, strlen(a), ha);
	SHA256((const unsigned char *)b, strlen(b), hb);
	return CRYPTO_memcmp(ha, hb, sizeof(ha)) == 0;
}

/*
 * PasswordMessage: one NUL-terminated string filling the message,
 * copied into a malloc'd *out.
 */
static int read_password(const pg_auth_io *io, char **out, store_err *err)
{
	const char *data;
	size_t len;

	if (pg_auth_recv(io, &data, &len, err) != 0)
		return STORE_ERROR;
	if (len == 0 || memchr(data, '\0', len) != data + len - 1)
		return store_err_set(err, "08P01", "invalid password packet size");
	if ((*out = strdup(data)) == NULL)
		return store_err_set(err, "53200", "out of memory");
	return 0;
}

/* The cleartext exchange: 0 proved, 1 not, -1 on error. */
static int run_password(const pg_auth_io *io, const char *user, const char *secret,
	secret_kind kind, const pg_scram_secret *scram, store_err *err)
{
	char *pw, hash[MD5_SECRET_LEN + 1];
	int ok = 0;

	if (pg_auth_send(io, AUTH_CLEARTEXT, "", 0, err) != 0 || read_password(io, &pw, err) != 0)
		return STORE_ERROR;

	/* Check it against whatever form the secret has; an empty one never passes. */
	if (pw[0] == '\0' || kind == SECRET_NONE) {
		ok = 0;
	} else if (kind == SECRET_PLAIN) {
		ok = same_text(pw, secret);
	} else if (kind == SECRET_MD5) {
		if (md5_hex(pw, strlen(pw), user, strlen(user), hash, err) != 0)
			ok = -1;
		else
			ok = CRYPTO_memcmp(hash, secret, MD5_SECRET_LEN) == 0;
	} else {
		ok = pg_scram_password_matches(scram, pw, err);
	}
	OPENSSL_cleanse(pw, strlen(pw));
	free(pw);
	return ok < 0 ? STORE_ERROR : !ok;
}

/*
 * The md5 exchange: a random salt; the client answers "md5" +
 * md5hex(md5hex(password || user) || salt).  0 proved, 1 not, -1 on error.
 */
static int run_md5(const pg_auth_io *io, const char *user, const char *secret, secret_kind kind,
	store_err *err)
{
	unsigned char salt[4];
	char inner[MD5_SECRET_LEN + 1], want[MD5_SECRET_LEN + 1], *got;
	int rc = 1;

	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return store_err_set(err, "XX000", "could not generate random MD5 salt");
	if (pg_auth_send(io, AUTH_MD5, salt, sizeof(salt), err) != 0 ||
		read_password(io, &got, err) != 0)
		return STORE_ERROR;

	/* md5(password || user) is what an md5 secret stores; a plain one gives it. */
	if (kind == SECRET_PLAIN &&
		md5_hex(secret, strlen(secret), user, strlen(user), inner, err) != 0) {
		rc = STORE_ERROR;
	} else if (kind == SECRET_MD5 || kind == SECRET_PLAIN) {
		if (md5_hex(kind == SECRET_MD5 ? secret + 3 : inner + 3, MD5_SECRET_LEN - 3, salt,
			    sizeof(salt), want, err) != 0)
			rc = STORE_ERROR;
		else if (strlen(got) == MD5_SECRET_LEN &&
			 CRYPTO_memcmp(got, want, MD5_SECRET_LEN) == 0)
			rc = 0;
	}
	OPENSSL_cleanse(inner, sizeof(inner));
	OPENSSL_cleanse(want, sizeof(want));
	free(got);
	return rc;
}

/*
 * SCRAM against the stored secret: a verifier as it is, a plain
 * password turned into one, anything else (no user, no secret, md5)
 * the mock secret and a doomed exchange, as PostgreSQL does.
 */
static int run_scram(const pg_auth_io *io, const char *user, const char *secret, secret_kind kind,
	pg_scram_secret *scram, store_err *err)
{
	bool doomed = kind != SECRET_SCRAM && kind != SECRET_PLAIN;
	int rc;

	if (kind == SECRET_PLAIN && pg_scram_secret_new(secret, scram, err) != 0)
		return STORE_ERROR;
	if (doomed && pg_scram_secret_mock(user, scram, err) != 0)
		return STORE_ERROR;
	rc = pg_scram_exchange(io, scram, doomed, NULL, err);
	OPENSSL_cleanse(scram, sizeof(*scram));
	return rc;
}

int pg_auth_run(const pg_auth_io *io, pg_auth_method method, const char *user,
	const pg_auth_user *u, store_err *err)
{
	const char *secret = u != NULL ? u->secret : NULL;
	pg_scram_secret scram;
	secret_kind kind = secret_kind_of(secret, &scram);
	int rc;

	assert(user != NULL);
	switch (method) {
	case PG_AUTH_REJECT:
		return store_err_set(err, "28000",
			"authentication rules reject connection for user \"%s\"", user);
	case PG_AUTH_TRUST:
		if (u == NULL)
			return store_err_set(err, "28000", "role \"%s\" does not exist", user);
		return 0;
	case PG_AUTH_PASSWORD:
		rc = run_password(io, user, secret, kind, &scram, err);
		break;
	case PG_AUTH_MD5:
		rc = kind == SECRET_SCRAM ? run_scram(io, user, secret, kind, &scram, err)
					  : run_md5(io, user, secret, kind, err);
		break;
	case PG_AUTH_SCRAM:
		rc = run_scram(io, user, secret, kind, &scram, err);
		break;
	default:
		assert(!"unknown authentication method");
		return store_err_set(err, "XX000", "unknown authentication method");
	}
	OPENSSL_cleanse(&scram, sizeof(scram));
	if (rc == 1)
		return store_err_set(
			err, "28P01", "password authentication failed for user \"%s\"", user);
	return rc;
}
