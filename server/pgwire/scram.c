/*
 * scram.c - SCRAM-SHA-256 (RFC 5802 and 7677) as PostgreSQL's server
 * speaks it: verifiers in pg_authid.rolpassword's text form, the mock
 * secret for users without one, and the server side of the exchange.
 *
 * Not here: choosing the method, the other methods and the user table
 * (auth.c), the message framing (pgwire).  The cryptography is
 * OpenSSL's libcrypto (PBKDF2, HMAC, SHA-256, RAND_bytes, base64,
 * CRYPTO_memcmp); nothing here logs, and secrets are wiped after use.
 *
 * The exchange follows PostgreSQL's auth-scram.c message by message,
 * with its SQLSTATEs and texts: no channel binding (the client may say
 * "n" or "y", never "p"), no authorization identity, no extensions, the
 * user name of client-first-message ignored.  A doomed exchange (no such
 * user, or a secret that is not SCRAM's) runs to the last message and
 * fails there, so that the client learns nothing from where it stops.
 */
#include "scram.h"

#include <arpa/inet.h>
#include <assert.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#define SCRAM_PREFIX     "SCRAM-SHA-256$"
#define SCRAM_ITERATIONS 4096 /* PostgreSQL's scram_iterations default */
#define SCRAM_SALT_LEN   16
#define SCRAM_NONCE_LEN  18 /* raw bytes of the server's nonce */

/* Base64 of n bytes needs this many characters and a NUL. */
#define B64_SIZE(n) (((n) + 2) / 3 * 4 + 1)

enum {
	SASL_CODE = 10, /* AuthenticationSASL: the mechanisms */
	SASL_CONTINUE = 11,
	SASL_FINAL = 12,
};

/* Base64 of in[0..n) into out (B64_SIZE(n) bytes), NUL-terminated. */
static void b64_encode(const unsigned char *in, size_t n, char *out)
{
	EVP_EncodeBlock((unsigned char *)out, in, (int)n);
}

/*
 * Decode s, padded base64 and nothing else, into out (outmax bytes):
 * the byte count, or -1 when s is not base64 or does not fit.
 */
static int b64_decode(const char *s, unsigned char *out, size_t outmax)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char raw[96];
	size_t len = strlen(s), pad = 0;
	int n;

	/* OpenSSL skips white space and pads with zero bytes; allow neither. */
	if (len == 0 || len % 4 != 0 || len / 4 * 3 > sizeof(raw))
		return -1;
	while (pad < 2 && s[len - 1 - pad] == '=')
		pad++;
	if (strspn(s, alphabet) != len - pad)
		return -1;
	n = EVP_DecodeBlock(raw, (const unsigned char *)s, (int)len);
	if (n < 0 || (size_t)n - pad > outmax)
		return -1;
	n -= (int)pad;
	memcpy(out, raw, (size_t)n);
	OPENSSL_cleanse(raw, sizeof(raw));
	return n;
}

static bool hmac(const unsigned char *key, size_t keylen, const void *msg, size_t len,
	unsigned char out[PG_SCRAM_KEY_LEN])
{
	return HMAC(EVP_sha256(), key, (int)keylen, msg, len, out, NULL) != NULL;
}

bool pg_scram_secret_parse(const char *text, pg_scram_secret *out)
{
	char buf[PG_AUTH_VERIFIER_SIZE], *iter, *salt, *stored, *server, *end;
	long n;

	/* SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey> */
	if (strncmp(text, SCRAM_PREFIX, strlen(SCRAM_PREFIX)) != 0 || strlen(text) >= sizeof(buf))
		return false;
	strcpy(buf, text + strlen(SCRAM_PREFIX));
	iter = buf;
	if ((salt = strchr(iter, ':')) == NULL)
		return false;
	*salt++ = '\0';
	if ((stored = strchr(salt, '$')) == NULL)
		return false;
	*stored++ = '\0';
	if ((server = strchr(stored, ':')) == NULL)
		return false;
	*server++ = '\0';

	/* Each part well formed, the keys of SHA-256's length. */
	n = strtol(iter, &end, 10);
	if (end == iter || *end != '\0' || n <= 0 || n > INT32_MAX)
		return false;
	out->iterations = (int)n;
	n = b64_decode(salt, out->salt, sizeof(out->salt));
	if (n <= 0)
		return false;
	out->saltlen = (size_t)n;
	return b64_decode(stored, out->stored_key, PG_SCRAM_KEY_LEN) == PG_SCRAM_KEY_LEN &&
	       b64_decode(server, out->server_key, PG_SCRAM_KEY_LEN) == PG_SCRAM_KEY_LEN;
}

int pg_scram_secret_derive(const char *password, const unsigned char *salt, size_t saltlen,
	int iterations, pg_scram_secret *out, store_err *err)
{
	unsigned char salted[PG_SCRAM_KEY_LEN], client_key[PG_SCRAM_KEY_LEN];
	bool ok;

	assert(saltlen <= sizeof(out->salt) && iterations > 0);

	/*
	 * XXX: PostgreSQL passes a password that is valid UTF-8 and not
	 * ASCII through SASLprep (RFC 4013: NFKC normalization, mapped and
	 * prohibited characters) and uses the normalized form; here every
	 * password is used as its bytes, which agrees with PostgreSQL for
	 * ASCII, for passwords that are not UTF-8 and for those SASLprep
	 * prohibits (PostgreSQL uses their bytes too), and differs for a
	 * non-ASCII password that SASLprep would change.  A port of the
	 * SASLprep tables (or ICU's usprep) would close the gap.
	 */

	/* SaltedPassword = Hi(password, salt, i); ClientKey and ServerKey are HMACs of it. */
	ok = PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, (int)saltlen, iterations,
		     EVP_sha256(), PG_SCRAM_KEY_LEN, salted) == 1 &&
	     hmac(salted, sizeof(salted), "Client Key", 10, client_key) &&
	     hmac(salted, sizeof(salted), "Server Key", 10, out->server_key);

	/* StoredKey = H(ClientKey). */
	if (ok)
		SHA256(client_key, sizeof(client_key), out->stored_key);
	OPENSSL_cleanse(salted, sizeof(salted));
	OPENSSL_cleanse(client_key, sizeof(client_key));
	if (!ok)
		return store_err_set(err, "XX000", "could not compute SCRAM secret");
	out->iterations = iterations;
	out->saltlen = saltlen;
	memcpy(out->salt, salt, saltlen);
	return 0;
}

/* The key of the mock salts: random, drawn once per process. */
static unsigned char mock_key[32];
static bool mock_key_ok;
static pthread_once_t mock_once = PTHREAD_ONCE_INIT;

static void mock_key_init(void)
{
	mock_key_ok = RAND_bytes(mock_key, sizeof(mock_key)) == 1;
}

int pg_scram_secret_mock(const char *user, pg_scram_secret *out, store_err *err)
{
	unsigned char mac[PG_SCRAM_KEY_LEN];

	/* The salt is HMAC(process key, user); the keys, random, match nothing. */
	pthread_once(&mock_once, mock_key_init);
	if (!mock_key_ok || !hmac(mock_key, sizeof(mock_key), user, strlen(user), mac) ||
		RAND_bytes(out->stored_key, PG_SCRAM_KEY_LEN) != 1 ||
		RAND_bytes(out->server_key, PG_SCRAM_KEY_LEN) != 1)
		return store_err_set(err, "XX000", "could not generate random SCRAM secret");
	out->iterations = SCRAM_ITERATIONS;
	out->saltlen = SCRAM_SALT_LEN;
	memcpy(out->salt, mac, SCRAM_SALT_LEN);
	return 0;
}

int pg_scram_password_matches(const pg_scram_secret *s, const char *password, store_err *err)
{
	pg_scram_secret t;
	int same;

	if (pg_scram_secret_derive(password, s->salt, s->saltlen, s->iterations, &t, err) != 0)
		return -1;
	same = CRYPTO_memcmp(t.stored_key, s->stored_key, PG_SCRAM_KEY_LEN) == 0 &&
	       CRYPTO_memcmp(t.server_key, s->server_key, PG_SCRAM_KEY_LEN) == 0;
	OPENSSL_cleanse(&t, sizeof(t));
	return same;
}

/* pg_authid.rolpassword's text of s into out (PG_AUTH_VERIFIER_SIZE bytes). */
static void secret_format(const pg_scram_secret *s, char *out, size_t outsz)
{
	char salt[B64_SIZE(PG_SCRAM_SALT_MAX)], stored[B64_SIZE(PG_SCRAM_KEY_LEN)],
		server[B64_SIZE(PG_SCRAM_KEY_LEN)];
	int n;

	b64_encode(s->salt, s->saltlen, salt);
	b64_encode(s->stored_key, PG_SCRAM_KEY_LEN, stored);
	b64_encode(s->server_key, PG_SCRAM_KEY_LEN, server);
	n = snprintf(out, outsz, SCRAM_PREFIX "%d:%s$%s:%s", s->iterations, salt, stored, server);
	assert(n > 0 && (size_t)n < outsz);
	(void)n;
}

int pg_scram_secret_new(const char *password, pg_scram_secret *out, store_err *err)
{
	unsigned char salt[SCRAM_SALT_LEN];

	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return store_err_set(err, "XX000", "could not generate random salt");
	return pg_scram_secret_derive(password, salt, sizeof(salt), SCRAM_ITERATIONS, out, err);
}

int pg_auth_scram_verifier(const char *password, char *out, size_t outsz, store_err *err)
{
	pg_scram_secret s;

	assert(outsz >= PG_AUTH_VERIFIER_SIZE);
	if (pg_scram_secret_new(password, &s, err) != 0)
		return STORE_ERROR;
	secret_format(&s, out, outsz);
	OPENSSL_cleanse(&s, sizeof(s));
	return 0;
}

/* What one exchange keeps between its messages (all malloc'd). */
typedef struct scram_state {
	char cbind_flag;    /* 'n' or 'y' */
	char *client_first; /* client-first-message-bare */
	char *server_first; /* server-first-message */
	char *nonce;        /* client nonce + server nonce */
} scram_state;

/* 08P01 "malformed SCRAM message" with a detail sentence. */
static int malformed(store_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int malformed(store_err *err, const char *fmt, ...)
{
	char detail[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	store_err_set(err, "08P01", "malformed SCRAM message");
	store_err_detail(err, "%s", detail);
	return STORE_ERROR;
}

/* A client's byte for a message: itself when printable, else its code, as PostgreSQL shows it. */
static const char *shown(char c, char buf[8])
{
	if (c >= 0x21 && c <= 0x7e)
		snprintf(buf, 8, "%c", c);
	else
		snprintf(buf, 8, "0x%02x", (unsigned char)c);
	return buf;
}

/*
 * The value of attribute attr ("attr=value") at *p: NUL-terminated in
 * place, *p moved past it and its comma.
 */
static int read_attr(char **p, char attr, char **value, store_err *err)
{
	char *s = *p, c[8];

	if (*s == '\0')
		return malformed(err, "Expected attribute \"%c\" but found end of string.", attr);
	if (*s != attr)
		return malformed(
			err, "Expected attribute \"%c\" but found \"%s\".", attr, shown(*s, c));
	if (s[1] != '=')
		return malformed(err, "Expected character \"=\" for attribute \"%c\".", attr);
	*value = s + 2;
	s += 2 + strcspn(s + 2, ",");
	if (*s == ',')
		*s++ = '\0';
	*p = s;
	return 0;
}

/* Any attribute at *p (a letter, "=", a value): its letter in *attr, as read_attr. */
static int read_any_attr(char **p, char *attr, char **value, store_err *err)
{
	char *s = *p, c[8];

	if (*s == '\0')
		return malformed(err, "Attribute expected, but found end of string.");
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return malformed(err, "Attribute expected, but found invalid character \"%s\".",
			shown(*s, c));
	*attr = *s;
	return read_attr(p, *s, value, err);
}

/*
 * A SCRAM message as a C string (malloc'd into *out): not empty, no NUL
 * inside.
 */
static int message_text(const char *data, size_t len, char **out, store_err *err)
{
	if (len == 0)
		return malformed(err, "The message is empty.");
	if (memchr(data, '\0', len) != NULL)
		return malformed(err, "Message length does not match input length.");
	if ((*out = strndup(data, len)) == NULL)
		return store_err_set(err, "53200", "out of memory");
	return 0;
}

/* SASLInitialResponse: the mechanism, then the Int32 length and bytes of client-first-message. */
static int read_initial_response(const char *data, size_t len, char **msg, store_err *err)
{
	const char *nul = memchr(data, '\0', len);
	size_t rest;
	uint32_t n;

	if (nul == NULL)
		return store_err_set(err, "08P01", "invalid string in message");
	if (strcmp(data, "SCRAM-SHA-256") != 0)
		return store_err_set(
			err, "08P01", "client selected an invalid SASL authentication mechanism");
	rest = len - (size_t)(nul + 1 - data);
	if (rest < 4)
		return store_err_set(err, "08P01", "insufficient data left in message");
	memcpy(&n, nul + 1, 4);
	n = ntohl(n);

	/* -1 is "no initial response", which SCRAM cannot do without. */
	if (n == UINT32_MAX)
		return malformed(err, "The message is empty.");
	if (n > rest - 4)
		return store_err_set(err, "08P01", "insufficient data left in message");
	if (n < rest - 4)
		return store_err_set(err, "08P01", "invalid message format");
	return message_text(nul + 5, n, msg, err);
}

/* Nonces are printable ASCII but the comma. */
static bool nonce_printable(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s < 0x21 || *s > 0x7e || *s == ',')
			return false;
	return true;
}

/* client-first-message: gs2 header, then n= and r= (and extensions, ignored). */
static int read_client_first(char *msg, scram_state *st, const char *server_nonce, store_err *err)
{
	char *p = msg, *user, *nonce, *value, attr, c[8];

	/* The channel-binding flag: none, or "the client could but thinks the server cannot". */
	switch (*p) {
	case 'n':
	case 'y':
		st->cbind_flag = *p++;
		break;
	case 'p':
		return malformed(err,
			"The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding data.");
	default:
		return malformed(err, "Unexpected channel-binding flag \"%s\".", shown(*p, c));
	}
	if (*p != ',')
		return malformed(err, "Comma expected, but found character \"%s\".", shown(*p, c));
	p++;
	if (*p == 'a')
		return store_err_set(err, "0A000",
			"client uses authorization identity, but it is not supported");
	if (*p != ',')
		return malformed(
			err, "Unexpected attribute \"%s\" in client-first-message.", shown(*p, c));
	p++;

	/* The bare message goes into the AuthMessage as sent. */
	if ((st->client_first = strdup(p)) == NULL)
		return store_err_set(err, "53200", "out of memory");
	if (*p == 'm')
		return store_err_set(
			err, "0A000", "client requires an unsupported SCRAM extension");
	if (read_attr(&p, 'n', &user, err) != 0 || read_attr(&p, 'r', &nonce, err) != 0)
		return STORE_ERROR;
	if (!nonce_printable(nonce))
		return store_err_set(err, "08P01", "non-printable characters in SCRAM nonce");
	while (*p != '\0')
		if (read_any_attr(&p, &attr, &value, err) != 0)
			return STORE_ERROR;
	if (asprintf(&st->nonce, "%s%s", nonce, server_nonce) < 0) {
		st->nonce = NULL;
		return store_err_set(err, "53200", "out of memory");
	}
	return 0;
}

/*
 * client-final-message: c= (the gs2 header again), r= (the whole
 * nonce), extensions, p= (the proof, into proof).  *without_proof is
 * the length of the part the AuthMessage takes.
 */
static int read_client_final(char *msg, const scram_state *st,
	unsigned char proof[PG_SCRAM_KEY_LEN], size_t *without_proof, store_err *err)
{
	char *p = msg, *cbind, *nonce, *value, attr;
	size_t at;

	if (read_attr(&p, 'c', &cbind, err) != 0)
		return STORE_ERROR;
	if (strcmp(cbind, st->cbind_flag == 'n' ? "biws" : "eSws") != 0)
		return store_err_set(err, "08P01",
			"unexpected SCRAM channel-binding attribute in client-final-message");
	if (read_attr(&p, 'r', &nonce, err) != 0)
		return STORE_ERROR;
	if (strcmp(nonce, st->nonce) != 0) {
		store_err_set(err, "08P01", "invalid SCRAM response");
		store_err_detail(err, "Nonce does not match.");
		return STORE_ERROR;
	}
	do {
		at = (size_t)(p - msg);
		if (read_any_attr(&p, &attr, &value, err) != 0)
			return STORE_ERROR;
	} while (attr != 'p');
	if (b64_decode(value, proof, PG_SCRAM_KEY_LEN) != PG_SCRAM_KEY_LEN)
		return malformed(err, "Malformed proof in client-final-message.");
	if (*p != '\0')
		return malformed(err, "Garbage found at the end of client-final-message.");
	*without_proof = at - 1; /* the comma before "p=" is not part of it */
	return 0;
}

/*
 * Whether proof proves the password of s for auth_message: ClientKey =
 * proof XOR HMAC(StoredKey, AuthMessage), and H(ClientKey) must be
 * StoredKey (compared in constant time).  1 yes, 0 no, -1 on error.
 */
static int proof_ok(const pg_scram_secret *s, const char *auth_message,
	const unsigned char proof[PG_SCRAM_KEY_LEN], store_err *err)
{
	unsigned char sig[PG_SCRAM_KEY_LEN], key[PG_SCRAM_KEY_LEN], h[PG_SCRAM_KEY_LEN];

	if (!hmac(s->stored_key, PG_SCRAM_KEY_LEN, auth_message, strlen(auth_message), sig))
		return store_err_set(err, "XX000", "could not compute SCRAM signature");
	for (int i = 0; i < PG_SCRAM_KEY_LEN; i++)
		key[i] = proof[i] ^ sig[i];
	SHA256(key, sizeof(key), h);
	OPENSSL_cleanse(key, sizeof(key));
	return CRYPTO_memcmp(h, s->stored_key, PG_SCRAM_KEY_LEN) == 0;
}

int pg_scram_exchange(const pg_auth_io *io, const pg_scram_secret *s, bool doomed,
	const char *server_nonce, store_err *err)
{
	static const char mechanisms[] = "SCRAM-SHA-256\0"; /* and the list's final NUL */
	unsigned char raw[SCRAM_NONCE_LEN], proof[PG_SCRAM_KEY_LEN], sig[PG_SCRAM_KEY_LEN];
	char fresh[B64_SIZE(SCRAM_NONCE_LEN)], salt[B64_SIZE(PG_SCRAM_SALT_MAX)];
	char final[2 + B64_SIZE(PG_SCRAM_KEY_LEN)], *msg = NULL, *auth_message = NULL;
	scram_state st = {0};
	const char *data;
	size_t len, without_proof = 0;
	int rc = STORE_ERROR, ok;

	/* AuthenticationSASL, then SASLInitialResponse with client-first-message. */
	if (pg_auth_send(io, SASL_CODE, mechanisms, sizeof(mechanisms), err) != 0 ||
		pg_auth_recv(io, &data, &len, err) != 0 ||
		read_initial_response(data, len, &msg, err) != 0)
		goto out;
	if (server_nonce == NULL) {
		if (RAND_bytes(raw, sizeof(raw)) != 1) {
			store_err_set(err, "XX000", "could not generate random nonce");
			goto out;
		}
		b64_encode(raw, sizeof(raw), fresh);
		server_nonce = fresh;
	}
	if (read_client_first(msg, &st, server_nonce, err) != 0)
		goto out;

	/* server-first-message in AuthenticationSASLContinue. */
	b64_encode(s->salt, s->saltlen, salt);
	if (asprintf(&st.server_first, "r=%s,s=%s,i=%d", st.nonce, salt, s->iterations) < 0) {
		st.server_first = NULL;
		store_err_set(err, "53200", "out of memory");
		goto out;
	}
	if (pg_auth_send(io, SASL_CONTINUE, st.server_first, strlen(st.server_first), err) != 0)
		goto out;

	/* SASLResponse with client-final-message. */
	free(msg);
	msg = NULL;
	if (pg_auth_recv(io, &data, &len, err) != 0 || message_text(data, len, &msg, err) != 0)
		goto out;
	if (asprintf(&auth_message, "%s,%s,%s", st.client_first, st.server_first, msg) < 0) {
		auth_message = NULL;
		store_err_set(err, "53200", "out of memory");
		goto out;
	}
	if (read_client_final(msg, &st, proof, &without_proof, err) != 0)
		goto out;
	auth_message[strlen(st.client_first) + strlen(st.server_first) + 2 + without_proof] = '\0';

	/* The proof; a doomed exchange fails here whatever it says. */
	if ((ok = proof_ok(s, auth_message, proof, err)) < 0)
		goto out;
	if (!ok || doomed) {
		rc = 1;
		goto out;
	}

	/* AuthenticationSASLFinal: ServerSignature = HMAC(ServerKey, AuthMessage). */
	if (!hmac(s->server_key, PG_SCRAM_KEY_LEN, auth_message, strlen(auth_message), sig)) {
		store_err_set(err, "XX000", "could not compute SCRAM signature");
		goto out;
	}
	memcpy(final, "v=", 2);
	b64_encode(sig, sizeof(sig), final + 2);
	if (pg_auth_send(io, SASL_FINAL, final, strlen(final), err) == 0)
		rc = 0;
out:
	free(msg);
	free(auth_message);
	free(st.client_first);
	free(st.server_first);
	free(st.nonce);
	return rc;
}
