/*
 * auth.c - tests for authentication (server/pgwire/auth.h, scram.h):
 * rule parsing and matching, and each method's exchange run against a
 * scripted client through pg_auth_io.  The clients compute what libpq
 * would with OpenSSL here, independently of the server's code; RFC
 * 7677's example checks SCRAM byte for byte.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "pgwire/auth.h"
#include "pgwire/scram.h"

TestSuite(auth);

/* ---- the scripted client ---- */

#define MAX_MSGS 8

typedef struct client client;

struct client {
	/* What the server sent, in order. */
	int nsent;
	int32_t code[MAX_MSGS];
	char sent[MAX_MSGS][512];
	size_t sentlen[MAX_MSGS];

	/* The client's next message from what it has seen; false: it hangs up. */
	bool (*next)(client *c, int step, char *out, size_t *len);
	int step;
	char msg[1024];

	/* Fixed messages (for next = fixed_next). */
	int nfixed;
	const char *fixed[MAX_MSGS];
	size_t fixedlen[MAX_MSGS];

	/* What a real client knows. */
	const char *user, *password;
	bool says_y; /* gs2 header "y,," rather than "n,," */
	char client_first_bare[128];
	unsigned char server_key[32]; /* the client's ServerKey, to check SASLFinal */
	char auth_message[1024];
};

static int c_send(void *arg, int32_t code, const void *data, size_t len)
{
	client *c = arg;

	cr_assert_lt(c->nsent, MAX_MSGS);
	cr_assert_lt(len, sizeof(c->sent[0]));
	cr_assert(len == 0 || data != NULL);
	c->code[c->nsent] = code;
	if (len > 0)
		memcpy(c->sent[c->nsent], data, len);
	c->sent[c->nsent][len] = '\0';
	c->sentlen[c->nsent++] = len;
	return 0;
}

static int c_recv(void *arg, const char **data, size_t *len)
{
	client *c = arg;

	if (!c->next(c, c->step++, c->msg, len))
		return -1;
	*data = c->msg;
	return 0;
}

static pg_auth_io io_of(client *c)
{
	return (pg_auth_io){.arg = c, .send = c_send, .recv = c_recv};
}

static bool fixed_next(client *c, int step, char *out, size_t *len)
{
	if (step >= c->nfixed)
		return false;
	memcpy(out, c->fixed[step], c->fixedlen[step]);
	*len = c->fixedlen[step];
	return true;
}

/* Add a fixed message of len bytes (len 0: a C string). */
static void add_fixed(client *c, const char *data, size_t len)
{
	c->fixed[c->nfixed] = data;
	c->fixedlen[c->nfixed++] = len != 0 ? len : strlen(data);
	c->next = fixed_next;
}

/* SASLInitialResponse for SCRAM-SHA-256 carrying first (a malloc'd message the test frees). */
static char *initial_response(const char *mech, const char *first, size_t *len)
{
	size_t ml = strlen(mech) + 1, fl = strlen(first);
	uint32_t n = htonl((uint32_t)fl);
	char *m = malloc(ml + 4 + fl);

	memcpy(m, mech, ml);
	memcpy(m + ml, &n, 4);
	memcpy(m + ml + 4, first, fl);
	*len = ml + 4 + fl;
	return m;
}

static void b64(const unsigned char *in, size_t n, char *out)
{
	EVP_EncodeBlock((unsigned char *)out, in, (int)n);
}

/* Decode base64 s into out (room for max bytes): the byte count. */
static size_t unb64(const char *s, unsigned char *out, size_t max)
{
	unsigned char raw[128];
	size_t len = strlen(s);
	int n;

	cr_assert_leq(len / 4 * 3, sizeof(raw));
	n = EVP_DecodeBlock(raw, (const unsigned char *)s, (int)len);
	cr_assert_geq(n, 0);
	n -= (len > 0 && s[len - 1] == '=') + (len > 1 && s[len - 2] == '=');
	cr_assert_leq((size_t)n, max);
	memcpy(out, raw, (size_t)n);
	return (size_t)n;
}

static void hmac256(const unsigned char *key, const void *msg, size_t len, unsigned char *out)
{
	cr_assert_not_null(HMAC(EVP_sha256(), key, 32, msg, len, out, NULL));
}

/* A SCRAM client as libpq's: "n,,n=,r=<nonce>", then the proof from server-first. */
static bool scram_next(client *c, int step, char *out, size_t *len)
{
	if (step == 0) {
		char *m;

		cr_assert_eq(c->code[c->nsent - 1], 10);
		snprintf(c->client_first_bare, sizeof(c->client_first_bare),
			"n=,r=fyko+d2lbbFgONRv9qkxdawL");
		snprintf(out, 200, "%s%s", c->says_y ? "y,," : "n,,", c->client_first_bare);
		m = initial_response("SCRAM-SHA-256", out, len);
		memcpy(out, m, *len);
		free(m);
		return true;
	}
	if (step == 1) {
		const char *sf = c->sent[c->nsent - 1];
		char nonce[128], salt64[128], without[256], proof64[64];
		unsigned char salt[64], salted[32], ck[32], sk[32], sig[32], proof[32];
		int iter;

		cr_assert_eq(c->code[c->nsent - 1], 11);
		cr_assert_eq(sscanf(sf, "r=%127[^,],s=%127[^,],i=%d", nonce, salt64, &iter), 3);
		cr_assert(strncmp(nonce, "fyko+d2lbbFgONRv9qkxdawL", 24) == 0);
		size_t saltlen = unb64(salt64, salt, sizeof(salt));

		/* RFC 5802: SaltedPassword, ClientKey, StoredKey, the proof. */
		cr_assert_eq(PKCS5_PBKDF2_HMAC(c->password, (int)strlen(c->password), salt,
				     (int)saltlen, iter, EVP_sha256(), 32, salted),
			1);
		hmac256(salted, "Client Key", 10, ck);
		SHA256(ck, 32, sk);
		hmac256(salted, "Server Key", 10, c->server_key);
		snprintf(without, sizeof(without), "c=%s,r=%s", c->says_y ? "eSws" : "biws", nonce);
		snprintf(c->auth_message, sizeof(c->auth_message), "%s,%s,%s", c->client_first_bare,
			sf, without);
		hmac256(sk, c->auth_message, strlen(c->auth_message), sig);
		for (int i = 0; i < 32; i++)
			proof[i] = ck[i] ^ sig[i];
		b64(proof, 32, proof64);
		*len = (size_t)snprintf(out, 1024, "%s,p=%s", without, proof64);
		return true;
	}
	return false;
}

/* Whether the last message is a SASLFinal whose signature the client's ServerKey gives. */
static bool server_signature_ok(const client *c)
{
	unsigned char sig[32];
	char want[64];

	hmac256(c->server_key, c->auth_message, strlen(c->auth_message), sig);
	memcpy(want, "v=", 2);
	b64(sig, 32, want + 2);
	return c->code[c->nsent - 1] == 12 && strcmp(c->sent[c->nsent - 1], want) == 0;
}

/* md5 client: "md5" + md5hex(md5hex(password || user) || salt). */
static void md5hex(const void *a, size_t alen, const void *b, size_t blen, char *out)
{
	unsigned char d[16];
	EVP_MD_CTX *x = EVP_MD_CTX_new();

	EVP_DigestInit_ex(x, EVP_md5(), NULL);
	EVP_DigestUpdate(x, a, alen);
	EVP_DigestUpdate(x, b, blen);
	EVP_DigestFinal_ex(x, d, NULL);
	EVP_MD_CTX_free(x);
	for (int i = 0; i < 16; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static bool md5_next(client *c, int step, char *out, size_t *len)
{
	char inner[33];

	if (step != 0)
		return false;
	cr_assert_eq(c->code[0], 5);
	cr_assert_eq(c->sentlen[0], 4);
	md5hex(c->password, strlen(c->password), c->user, strlen(c->user), inner);
	memcpy(out, "md5", 3);
	md5hex(inner, 32, c->sent[0], 4, out + 3);
	*len = 36;
	return true;
}

static bool password_next(client *c, int step, char *out, size_t *len)
{
	if (step != 0)
		return false;
	cr_assert_eq(c->code[0], 3);
	cr_assert_eq(c->sentlen[0], 0);
	*len = strlen(c->password) + 1;
	memcpy(out, c->password, *len);
	return true;
}

/* Run method for user (secret: NULL for no such user) with client c. */
static int run(
	client *c, pg_auth_method method, const char *user, const char *secret, store_err *err)
{
	pg_auth_user u = {.name = (char *)user, .secret = (char *)secret};
	pg_auth_io io = io_of(c);

	c->user = user;
	store_err_clear(err);
	return pg_auth_run(&io, method, user, secret != NULL ? &u : NULL, err);
}

static void assert_failed_for(const store_err *err, const char *user)
{
	char want[128];

	snprintf(want, sizeof(want), "password authentication failed for user \"%s\"", user);
	cr_assert_str_eq(err->sqlstate, "28P01");
	cr_assert_str_eq(err->message, want);
}

/* ---- SCRAM-SHA-256 ---- */

Test(auth, scram_rfc7677_example)
{
	/* Criterion formats the stringized expression: no % in literals in asserts. */
	static const char first[] = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
	static const char server_first[] = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
					   "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
	static const char server_nonce[] = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
	static const char final[] = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
				    "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
	static const char bad[] = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
				  "p=eHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
	unsigned char salt[16];
	pg_scram_secret s;
	store_err err = {0};
	size_t len;
	char *init = initial_response("SCRAM-SHA-256", first, &len);
	client c = {0}, d = {0};
	pg_auth_io io = io_of(&c), io2 = io_of(&d);

	/* The secret as PostgreSQL would store it for "pencil" with the RFC's salt. */
	cr_assert_eq(unb64("W22ZaJ0SNY7soEsUEjb6gQ==", salt, sizeof(salt)), 16);
	cr_assert_eq(pg_scram_secret_derive("pencil", salt, 16, 4096, &s, &err), 0);

	/* The RFC's messages, with its server nonce. */
	add_fixed(&c, init, len);
	add_fixed(&c, final, 0);
	cr_assert_eq(pg_scram_exchange(&io, &s, false, server_nonce, &err), 0, "%s: %s",
		err.message, err.detail);
	cr_assert_eq(c.nsent, 3);
	cr_assert_eq(c.code[0], 10);
	cr_assert_eq(c.sentlen[0], 15);
	cr_assert(memcmp(c.sent[0], "SCRAM-SHA-256\0\0", 15) == 0);
	cr_assert_eq(c.code[1], 11);
	cr_assert_str_eq(c.sent[1], server_first);
	cr_assert_eq(c.code[2], 12);
	cr_assert_str_eq(c.sent[2], "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");

	/* One bit of the proof changed: not proved, no SASLFinal. */
	add_fixed(&d, init, len);
	add_fixed(&d, bad, 0);
	cr_assert_eq(pg_scram_exchange(&io2, &s, false, server_nonce, &err), 1);
	cr_assert_eq(d.nsent, 2);

	/* The right proof in a doomed exchange fails too. */
	memset(&d, 0, sizeof(d));
	add_fixed(&d, init, len);
	add_fixed(&d, final, 0);
	cr_assert_eq(pg_scram_exchange(&io2, &s, true, server_nonce, &err), 1);
	cr_assert_eq(d.nsent, 2);
	free(init);
}

/* Check verifier's parts against a client's computation from password. */
static void check_verifier(const char *v, const char *password)
{
	char salt64[64], stored64[64], server64[64], want[64];
	unsigned char salt[64], salted[32], ck[32], sk[32], svk[32];
	int iter;

	cr_assert_eq(sscanf(v, "SCRAM-SHA-256$%d:%63[^$]$%63[^:]:%63s", &iter, salt64, stored64,
			     server64),
		4, "%s", v);
	cr_assert_eq(iter, 4096);
	cr_assert_eq(unb64(salt64, salt, sizeof(salt)), 16);
	cr_assert_eq(PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, 16, iter,
			     EVP_sha256(), 32, salted),
		1);
	hmac256(salted, "Client Key", 10, ck);
	SHA256(ck, 32, sk);
	hmac256(salted, "Server Key", 10, svk);
	b64(sk, 32, want);
	cr_assert_str_eq(stored64, want);
	b64(svk, 32, want);
	cr_assert_str_eq(server64, want);
}

Test(auth, scram_verifier_matches_client_and_logs_in)
{
	char v[PG_AUTH_VERIFIER_SIZE], w[PG_AUTH_VERIFIER_SIZE];
	store_err err = {0};
	client c = {.next = scram_next, .password = "correct horse"};
	client d = {.next = scram_next, .password = "wrong horse"};

	cr_assert_eq(pg_auth_scram_verifier("correct horse", v, sizeof(v), &err), 0);
	check_verifier(v, "correct horse");

	/* A fresh salt each time. */
	cr_assert_eq(pg_auth_scram_verifier("correct horse", w, sizeof(w), &err), 0);
	cr_assert_str_neq(v, w);

	/* The exchange: SASL, SASLContinue, SASLFinal with the signature the client expects. */
	cr_assert_eq(
		run(&c, PG_AUTH_SCRAM, "alice", v, &err), 0, "%s: %s", err.message, err.detail);
	cr_assert_eq(c.nsent, 3);
	cr_assert(server_signature_ok(&c));

	/* A client that could bind channels but thinks we cannot ("y,,") is fine. */
	client y = {.next = scram_next, .password = "correct horse", .says_y = true};
	cr_assert_eq(
		run(&y, PG_AUTH_SCRAM, "alice", v, &err), 0, "%s: %s", err.message, err.detail);
	cr_assert(server_signature_ok(&y));

	/* The wrong password: 28P01 after the client's last message, no SASLFinal. */
	cr_assert_eq(run(&d, PG_AUTH_SCRAM, "alice", v, &err), STORE_ERROR);
	assert_failed_for(&err, "alice");
	cr_assert_eq(d.nsent, 2);
	cr_assert_eq(d.step, 2);
}

Test(auth, scram_plain_secret_and_md5_method_with_verifier)
{
	char v[PG_AUTH_VERIFIER_SIZE];
	store_err err = {0};
	client c = {.next = scram_next, .password = "pw1"};
	client d = {.next = scram_next, .password = "pw1"};

	/* A plain secret: a verifier made on the fly. */
	cr_assert_eq(
		run(&c, PG_AUTH_SCRAM, "bob", "pw1", &err), 0, "%s: %s", err.message, err.detail);
	cr_assert(server_signature_ok(&c));

	/* md5 asked, a SCRAM verifier stored: SCRAM, as PostgreSQL does. */
	cr_assert_eq(pg_auth_scram_verifier("pw1", v, sizeof(v), &err), 0);
	cr_assert_eq(run(&d, PG_AUTH_MD5, "bob", v, &err), 0, "%s: %s", err.message, err.detail);
	cr_assert_eq(d.code[0], 10);
	cr_assert(server_signature_ok(&d));
}

Test(auth, scram_unknown_user_and_md5_secret_fail_at_the_end)
{
	char salt1[128], salt2[128], md5secret[40];
	store_err err = {0};
	client c = {.next = scram_next, .password = "x"};
	client d = {.next = scram_next, .password = "x"};
	client e = {.next = scram_next, .password = "x"};

	/* No such user: the whole exchange, then 28P01. */
	cr_assert_eq(run(&c, PG_AUTH_SCRAM, "ghost", NULL, &err), STORE_ERROR);
	assert_failed_for(&err, "ghost");
	cr_assert_eq(c.step, 2);
	cr_assert_eq(c.nsent, 2);

	/* The same salt again for the same name, so repeated tries reveal nothing. */
	cr_assert_eq(run(&d, PG_AUTH_SCRAM, "ghost", NULL, &err), STORE_ERROR);
	cr_assert_eq(sscanf(strstr(c.sent[1], ",s="), ",s=%127[^,]", salt1), 1);
	cr_assert_eq(sscanf(strstr(d.sent[1], ",s="), ",s=%127[^,]", salt2), 1);
	cr_assert_str_eq(salt1, salt2);

	/* An md5 secret cannot do SCRAM, even with the right password. */
	memcpy(md5secret, "md5", 3);
	md5hex("x", 1, "carol", 5, md5secret + 3);
	cr_assert_eq(run(&e, PG_AUTH_SCRAM, "carol", md5secret, &err), STORE_ERROR);
	assert_failed_for(&err, "carol");
	cr_assert_eq(e.step, 2);
}

/* What PostgreSQL 15 stored for CREATE ROLE ... PASSWORD 'pencil' (z: SCRAM, w: md5). */
static const char pg_verifier[] =
	"SCRAM-SHA-256$4096:lmhx5d1CNdfMj0uhMuL5/w==$bt2lYCS8OzJsAR/lgzUCkVbUrnRP0VL7vt2FzdG9M+A="
	":cTmDGLAo6Ywp1X06FMmKQtXqGKUGIOoHCKreK7utDvk=";
static const char pg_md5[] = "md51d7527fae2eca5fbe008cba79ebb33c8";

Test(auth, secrets_made_by_postgresql)
{
	store_err err = {0};
	client c = {.next = scram_next, .password = "pencil"};
	client d = {.next = password_next, .password = "pencil"};
	client e = {.next = md5_next, .password = "pencil"};
	client f = {.next = password_next, .password = "pencil"};

	check_verifier(pg_verifier, "pencil");
	cr_assert_eq(run(&c, PG_AUTH_SCRAM, "z", pg_verifier, &err), 0, "%s", err.message);
	cr_assert(server_signature_ok(&c));
	cr_assert_eq(run(&d, PG_AUTH_PASSWORD, "z", pg_verifier, &err), 0, "%s", err.message);
	cr_assert_eq(run(&e, PG_AUTH_MD5, "w", pg_md5, &err), 0, "%s", err.message);
	cr_assert_eq(run(&f, PG_AUTH_PASSWORD, "w", pg_md5, &err), 0, "%s", err.message);
}

/* A SCRAM exchange with client-first first and client-final final; the error it ends with. */
static store_err scram_with(const char *mech, const char *first, const char *final)
{
	store_err err = {0};
	client c = {0};
	pg_scram_secret s;
	pg_auth_io io = io_of(&c);
	size_t len;
	char *init = initial_response(mech, first, &len);

	cr_assert_eq(pg_scram_secret_mock("u", &s, &err), 0);
	add_fixed(&c, init, len);
	if (final != NULL)
		add_fixed(&c, final, 0);
	cr_assert_eq(pg_scram_exchange(&io, &s, false, "SNONCE", &err), STORE_ERROR);
	free(init);
	return err;
}

Test(auth, scram_malformed_messages)
{
	static const struct {
		const char *mech, *first, *final, *sqlstate, *message, *detail;
	} cases[] = {
		{"SCRAM-SHA-1", "n,,n=,r=abc", NULL, "08P01",
			"client selected an invalid SASL authentication mechanism", ""},
		{"SCRAM-SHA-256", "p=tls-server-end-point,,n=,r=abc", NULL, "08P01",
			"malformed SCRAM message",
			"The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding data."},
		{"SCRAM-SHA-256", "x,,n=,r=abc", NULL, "08P01", "malformed SCRAM message",
			"Unexpected channel-binding flag \"x\"."},
		{"SCRAM-SHA-256", "n,a=admin,n=,r=abc", NULL, "0A000",
			"client uses authorization identity, but it is not supported", ""},
		{"SCRAM-SHA-256", "n,,n=", NULL, "08P01", "malformed SCRAM message",
			"Expected attribute \"r\" but found end of string."},
		{"SCRAM-SHA-256", "n,,n=,x=abc", NULL, "08P01", "malformed SCRAM message",
			"Expected attribute \"r\" but found \"x\"."},
		{"SCRAM-SHA-256", "n,,m=ext,n=,r=abc", NULL, "0A000",
			"client requires an unsupported SCRAM extension", ""},
		{"SCRAM-SHA-256", "n,,n=,r=a\tb", NULL, "08P01",
			"non-printable characters in SCRAM nonce", ""},
		{"SCRAM-SHA-256", "", NULL, "08P01", "malformed SCRAM message",
			"The message is empty."},
		{"SCRAM-SHA-256", "n,,n=,r=abc", "c=biws,r=abcWRONG,p=AAAA", "08P01",
			"invalid SCRAM response", "Nonce does not match."},
		{"SCRAM-SHA-256", "n,,n=,r=abc", "c=eSws,r=abcSNONCE,p=AAAA", "08P01",
			"unexpected SCRAM channel-binding attribute in client-final-message", ""},
		{"SCRAM-SHA-256", "n,,n=,r=abc", "c=biws,r=abcSNONCE,p=AAAA", "08P01",
			"malformed SCRAM message", "Malformed proof in client-final-message."},
		{"SCRAM-SHA-256", "n,,n=,r=abc", "c=biws,r=abcSNONCE", "08P01",
			"malformed SCRAM message", "Attribute expected, but found end of string."},
		{"SCRAM-SHA-256", "n,,n=,r=abc",
			"c=biws,r=abcSNONCE,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=,x=1",
			"08P01", "malformed SCRAM message",
			"Garbage found at the end of client-final-message."},
		{"SCRAM-SHA-256", "n,,n=,r=abc", "", "08P01", "malformed SCRAM message",
			"The message is empty."},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		store_err err = scram_with(cases[i].mech, cases[i].first, cases[i].final);

		cr_expect_str_eq(err.sqlstate, cases[i].sqlstate, "case %zu", i);
		cr_expect_str_eq(err.message, cases[i].message, "case %zu", i);
		cr_expect_str_eq(err.detail, cases[i].detail, "case %zu", i);
	}
}

Test(auth, scram_framing_and_lost_connection)
{
	static const char no_nul[] = "SCRAM-SHA-256";
	static const char short_len[] = "SCRAM-SHA-256\0\0\0";
	static const char too_long[] = "SCRAM-SHA-256\0\0\0\0\x20n,,n=,r=abc";
	static const char too_short[] = "SCRAM-SHA-256\0\0\0\0\x02n,,n=,r=abc";
	static const char none[] = "SCRAM-SHA-256\0\xff\xff\xff\xff";
	static const struct {
		const char *data;
		size_t len;
		const char *message;
	} cases[] = {
		{no_nul, sizeof(no_nul) - 1, "invalid string in message"},
		{short_len, sizeof(short_len) - 1, "insufficient data left in message"},
		{too_long, sizeof(too_long) - 1, "insufficient data left in message"},
		{too_short, sizeof(too_short) - 1, "invalid message format"},
		{none, sizeof(none) - 1, "malformed SCRAM message"},
	};
	pg_scram_secret s;
	store_err err = {0};

	cr_assert_eq(pg_scram_secret_mock("u", &s, &err), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		client c = {0};
		pg_auth_io io = io_of(&c);

		store_err_clear(&err);
		add_fixed(&c, cases[i].data, cases[i].len);
		cr_expect_eq(pg_scram_exchange(&io, &s, false, NULL, &err), STORE_ERROR);
		cr_expect_str_eq(err.sqlstate, "08P01", "case %zu", i);
		cr_expect_str_eq(err.message, cases[i].message, "case %zu", i);
	}

	/* The client hangs up after AuthenticationSASL. */
	client c = {0};
	pg_auth_io io = io_of(&c);

	store_err_clear(&err);
	c.next = fixed_next;
	cr_assert_eq(pg_scram_exchange(&io, &s, false, NULL, &err), STORE_ERROR);
	cr_assert_str_eq(err.sqlstate, "08006");
}

/* ---- md5, password, trust, reject ---- */

Test(auth, md5_method)
{
	char secret[40];
	store_err err = {0};
	client ok1 = {.next = md5_next, .password = "s3cret"};
	client ok2 = {.next = md5_next, .password = "s3cret"};
	client bad = {.next = md5_next, .password = "s3cre"};
	client ghost = {.next = md5_next, .password = "s3cret"};
	client fixed = {0};

	/* An md5 secret: md5(password || user). */
	memcpy(secret, "md5", 3);
	md5hex("s3cret", 6, "dave", 4, secret + 3);
	cr_assert_eq(run(&ok1, PG_AUTH_MD5, "dave", secret, &err), 0, "%s", err.message);
	cr_assert_eq(ok1.nsent, 1);

	/* A plain secret works too; the salt differs each time. */
	cr_assert_eq(run(&ok2, PG_AUTH_MD5, "dave", "s3cret", &err), 0, "%s", err.message);
	cr_assert(memcmp(ok1.sent[0], ok2.sent[0], 4) != 0);

	cr_assert_eq(run(&bad, PG_AUTH_MD5, "dave", secret, &err), STORE_ERROR);
	assert_failed_for(&err, "dave");

	/* No such user: asked for the hash all the same. */
	cr_assert_eq(run(&ghost, PG_AUTH_MD5, "nobody", NULL, &err), STORE_ERROR);
	assert_failed_for(&err, "nobody");
	cr_assert_eq(ghost.step, 1);

	/* Not NUL-terminated. */
	add_fixed(&fixed, "md5abc", 6);
	cr_assert_eq(run(&fixed, PG_AUTH_MD5, "dave", secret, &err), STORE_ERROR);
	cr_assert_str_eq(err.sqlstate, "08P01");
	cr_assert_str_eq(err.message, "invalid password packet size");
}

Test(auth, password_method)
{
	char v[PG_AUTH_VERIFIER_SIZE], md5secret[40];
	store_err err = {0};
	static const char extra[] = "pw\0more";
	const struct {
		const char *secret, *password;
		bool ok;
	} cases[] = {
		{"pw", "pw", true},
		{"pw", "pwx", false},
		{"pw", "p", false},
		{md5secret, "pw", true},
		{md5secret, "px", false},
		{v, "pw", true},
		{v, "wp", false},
		{"", "", false},
	};

	memcpy(md5secret, "md5", 3);
	md5hex("pw", 2, "erin", 4, md5secret + 3);
	cr_assert_eq(pg_auth_scram_verifier("pw", v, sizeof(v), &err), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		client c = {.next = password_next, .password = cases[i].password};
		int rc = run(&c, PG_AUTH_PASSWORD, "erin", cases[i].secret, &err);

		cr_expect_eq(rc, cases[i].ok ? 0 : STORE_ERROR, "case %zu", i);
		if (!cases[i].ok)
			assert_failed_for(&err, "erin");
	}

	/* Bytes after the password's NUL. */
	client c = {0};

	add_fixed(&c, extra, sizeof(extra));
	cr_assert_eq(run(&c, PG_AUTH_PASSWORD, "erin", "pw", &err), STORE_ERROR);
	cr_assert_str_eq(err.sqlstate, "08P01");

	/* No such user, and a user without a secret: the same failure. */
	client g = {.next = password_next, .password = "pw"};
	cr_assert_eq(run(&g, PG_AUTH_PASSWORD, "ghost", NULL, &err), STORE_ERROR);
	assert_failed_for(&err, "ghost");
	pg_auth_user u = {.name = "nopw"};
	client h = {.next = password_next, .password = "pw"};
	pg_auth_io io = io_of(&h);
	store_err_clear(&err);
	cr_assert_eq(pg_auth_run(&io, PG_AUTH_PASSWORD, "nopw", &u, &err), STORE_ERROR);
	assert_failed_for(&err, "nopw");
	cr_assert_eq(h.step, 1);
}

Test(auth, trust_and_reject)
{
	store_err err = {0};
	client c = {0};

	cr_assert_eq(run(&c, PG_AUTH_TRUST, "frank", "whatever", &err), 0);
	cr_assert_eq(c.nsent, 0);
	cr_assert_eq(run(&c, PG_AUTH_TRUST, "ghost", NULL, &err), STORE_ERROR);
	cr_assert_str_eq(err.sqlstate, "28000");
	cr_assert_str_eq(err.message, "role \"ghost\" does not exist");
	cr_assert_eq(run(&c, PG_AUTH_REJECT, "frank", "whatever", &err), STORE_ERROR);
	cr_assert_str_eq(err.sqlstate, "28000");
	cr_assert_eq(c.nsent, 0);
}

/* ---- rules ---- */

static struct sockaddr_storage ip(const char *text)
{
	struct sockaddr_storage ss = {0};
	struct sockaddr_in *in = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

	if (inet_pton(AF_INET, text, &in->sin_addr) == 1)
		in->sin_family = AF_INET;
	else if (inet_pton(AF_INET6, text, &in6->sin6_addr) == 1)
		in6->sin6_family = AF_INET6;
	else
		cr_assert_fail("bad address %s", text);
	return ss;
}

Test(auth, rule_parse)
{
	static const struct {
		const char *text, *message;
	} bad[] = {
		{"127.0.0.1/32 all", "invalid authentication rule \"127.0.0.1/32 all\""},
		{"127.0.0.1/32 all trust extra",
			"invalid authentication rule \"127.0.0.1/32 all trust extra\""},
		{"", "invalid authentication rule \"\""},
		{"127.0.0.1/32 all ident", "invalid authentication method \"ident\""},
		{"127.0.0.1/33 all trust", "invalid CIDR mask in address \"127.0.0.1/33\""},
		{"::1/129 all trust", "invalid CIDR mask in address \"::1/129\""},
		{"10.0.0.0/ all trust", "invalid CIDR mask in address \"10.0.0.0/\""},
		{"10.0.0.0/8x all trust", "invalid CIDR mask in address \"10.0.0.0/8x\""},
		{"10.0.0.256/32 all trust", "invalid IP address \"10.0.0.256/32\""},
		{"example.com all trust", "invalid IP address \"example.com\""},
	};
	pg_auth_rule r;
	store_err err = {0};

	cr_assert_eq(pg_auth_rule_parse("  10.1.0.0/16\tbob   md5 ", &r, &err), 0);
	cr_assert_eq(r.family, AF_INET);
	cr_assert_eq(r.prefix, 16);
	cr_assert_eq(r.addr[0], 10);
	cr_assert_eq(r.addr[1], 1);
	cr_assert_str_eq(r.user, "bob");
	cr_assert_eq(r.method, PG_AUTH_MD5);
	pg_auth_rule_clear(&r);

	cr_assert_eq(pg_auth_rule_parse("fe80::/10 all scram-sha-256", &r, &err), 0);
	cr_assert_eq(r.family, AF_INET6);
	cr_assert_eq(r.prefix, 10);
	cr_assert_eq(r.addr[0], 0xfe);
	cr_assert_null(r.user);
	cr_assert_eq(r.method, PG_AUTH_SCRAM);
	pg_auth_rule_clear(&r);

	cr_assert_eq(pg_auth_rule_parse("local all password", &r, &err), 0);
	cr_assert_eq(r.family, AF_UNIX);
	cr_assert_eq(r.method, PG_AUTH_PASSWORD);
	pg_auth_rule_clear(&r);

	cr_assert_eq(pg_auth_rule_parse("192.168.1.7 all reject", &r, &err), 0);
	cr_assert_eq(r.prefix, 32);
	cr_assert_eq(r.method, PG_AUTH_REJECT);
	pg_auth_rule_clear(&r);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		store_err_clear(&err);
		cr_expect_eq(
			pg_auth_rule_parse(bad[i].text, &r, &err), STORE_ERROR, "%s", bad[i].text);
		cr_expect_str_eq(err.sqlstate, "22023");
		cr_expect_str_eq(err.message, bad[i].message);
		pg_auth_rule_clear(&r);
	}
}

Test(auth, rule_choose)
{
	static const char *const texts[] = {
		"10.0.0.5/32 mallory reject",
		"10.0.0.0/8 all md5",
		"192.168.0.0/23 bob password",
		"2001:db8::/32 all password",
		"::1/128 all trust",
		"local admin trust",
		"local all scram-sha-256",
	};
	static const struct {
		const char *addr, *user;
		pg_auth_method want;
	} cases[] = {
		{"10.0.0.5", "mallory", PG_AUTH_REJECT}, /* the first match decides */
		{"10.0.0.5", "bob", PG_AUTH_MD5},
		{"10.255.1.2", "mallory", PG_AUTH_MD5},
		{"::ffff:10.0.0.5", "mallory", PG_AUTH_REJECT}, /* mapped: the IPv4 rules */
		{"::ffff:10.9.9.9", "x", PG_AUTH_MD5},
		{"192.168.1.255", "bob", PG_AUTH_PASSWORD},
		{"192.168.2.1", "bob", PG_AUTH_REJECT}, /* outside /23: no rule */
		{"192.168.1.1", "alice", PG_AUTH_REJECT},
		{"2001:db8:1::7", "x", PG_AUTH_PASSWORD},
		{"2001:db9::7", "x", PG_AUTH_REJECT},
		{"::1", "x", PG_AUTH_TRUST},
		{"::2", "x", PG_AUTH_REJECT},
		{"11.0.0.1", "x", PG_AUTH_REJECT},
	};
	pg_auth_rule rules[sizeof(texts) / sizeof(texts[0])];
	int n = (int)(sizeof(texts) / sizeof(texts[0]));
	struct sockaddr_un un = {.sun_family = AF_UNIX};
	store_err err = {0};

	for (int i = 0; i < n; i++)
		cr_assert_eq(pg_auth_rule_parse(texts[i], &rules[i], &err), 0, "%s", texts[i]);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sockaddr_storage ss = ip(cases[i].addr);

		cr_expect_eq(pg_auth_choose(rules, n, (struct sockaddr *)&ss, cases[i].user),
			cases[i].want, "%s %s", cases[i].addr, cases[i].user);
	}

	/* Unix sockets: NULL or an AF_UNIX address. */
	cr_expect_eq(pg_auth_choose(rules, n, NULL, "admin"), PG_AUTH_TRUST);
	cr_expect_eq(pg_auth_choose(rules, n, NULL, "bob"), PG_AUTH_SCRAM);
	cr_expect_eq(pg_auth_choose(rules, n, (struct sockaddr *)&un, "bob"), PG_AUTH_SCRAM);
	cr_expect_eq(pg_auth_choose(rules, 0, NULL, "bob"), PG_AUTH_REJECT);
	for (int i = 0; i < n; i++)
		pg_auth_rule_clear(&rules[i]);
}

Test(auth, default_rules)
{
	static const struct {
		const char *addr;
		pg_auth_method want;
	} cases[] = {
		{"127.0.0.1", PG_AUTH_TRUST},
		{"127.10.0.1", PG_AUTH_TRUST},
		{"::1", PG_AUTH_TRUST},
		{"::ffff:127.0.0.1", PG_AUTH_TRUST},
		{"128.0.0.1", PG_AUTH_SCRAM},
		{"192.168.1.1", PG_AUTH_SCRAM},
		{"2001:db8::1", PG_AUTH_SCRAM},
		{"::ffff:8.8.8.8", PG_AUTH_SCRAM},
	};
	pg_auth_rule *rules;
	int n;
	store_err err = {0};

	cr_assert_eq(pg_auth_default_rules(&rules, &n, &err), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sockaddr_storage ss = ip(cases[i].addr);

		cr_expect_eq(pg_auth_choose(rules, n, (struct sockaddr *)&ss, "chrondb"),
			cases[i].want, "%s", cases[i].addr);
	}
	cr_expect_eq(pg_auth_choose(rules, n, NULL, "chrondb"), PG_AUTH_TRUST);
	for (int i = 0; i < n; i++)
		pg_auth_rule_clear(&rules[i]);
	free(rules);
}
