/*
 * pgwire.c - the PostgreSQL server through libpq: a server started
 * in-process on a free port over a fresh data directory (the SIGTERM
 * case runs the built binary), driven as clients drive it: start-up and
 * its errors, simple and extended queries, COPY, errors and notices,
 * cancel, limits, bad bytes on a raw socket, clients that vanish.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "auth.h"
#include "config.h"
#include "metrics.h"
#include "process.h"
#include "store.h"
#include "testutil.h"

static char *dir;
static store *st;
static srv_config cfg;
static srv_server *srv;
static pthread_t runner;

static void *run_server(void *arg)
{
	srv_server_run(arg);
	return NULL;
}

/* A server over a fresh directory; tweak changes the config first. */
static void start_with(void (*tweak)(srv_config *))
{
	store_err err;

	store_err_clear(&err);
	dir = tu_tmpdir("pgwire");
	srv_config_init(&cfg);
	cfg.port = 0;
	if (tweak != NULL)
		tweak(&cfg);
	cr_assert_eq(srv_config_finish(&cfg, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(store_open(&st, dir, NULL, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(srv_server_new(&cfg, st, &srv, &err), STORE_OK, "%s", err.message);
	cr_assert_eq(pthread_create(&runner, NULL, run_server, srv), 0);
}

static void start(void)
{
	start_with(NULL);
}

static void stop(void)
{
	srv_server_stop(srv, 0);
	pthread_join(runner, NULL);
	srv_server_free(srv);
	store_close(st);
	srv_config_free(&cfg);
	tu_rmtree(dir);
	free(dir);
}

static PGconn *try_connect(const char *extra)
{
	char *info = tu_fmt("host=127.0.0.1 port=%d user=chrondb dbname=chrondb sslmode=disable %s",
		srv_server_port(srv), extra != NULL ? extra : "");
	PGconn *c = PQconnectdb(info);

	free(info);
	return c;
}

static PGconn *connect_ok(void)
{
	PGconn *c = try_connect(NULL);

	cr_assert_eq(PQstatus(c), CONNECTION_OK, "%s", PQerrorMessage(c));
	return c;
}

/* Run sql and expect status; the result is cleared unless kept. */
static PGresult *exec_expect(PGconn *c, const char *sql, ExecStatusType status)
{
	PGresult *r = PQexec(c, sql);

	cr_assert_eq(PQresultStatus(r), status, "%s: %s %s", sql, PQresStatus(PQresultStatus(r)),
		PQresultErrorMessage(r));
	return r;
}

static void exec_ok(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType s = PQresultStatus(r);

	cr_assert(s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK, "%s: %s", sql,
		PQresultErrorMessage(r));
	PQclear(r);
}

static void expect_sqlstate(PGconn *c, const char *sql, const char *sqlstate)
{
	PGresult *r = PQexec(c, sql);
	const char *got = PQresultErrorField(r, PG_DIAG_SQLSTATE);

	cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR, "%s succeeded", sql);
	cr_assert_str_eq(got != NULL ? got : "", sqlstate, "%s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
}

static char *value(PGconn *c, const char *sql)
{
	PGresult *r = exec_expect(c, sql, PGRES_TUPLES_OK);
	char *v;

	cr_assert_eq(PQntuples(r), 1, "%s", sql);
	v = strdup(PQgetisnull(r, 0, 0) ? "(null)" : PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

static void expect_value(PGconn *c, const char *sql, const char *want)
{
	char *v = value(c, sql);

	cr_assert_str_eq(v, want, "%s: got \"%s\", want \"%s\"", sql, v, want);
	free(v);
}

/* sql on c fails because the server ended the session: FATAL 57P01. */
static void expect_terminated(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType s = PQresultStatus(r);

	cr_assert(s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK, "%s succeeded", sql);
	cr_assert_not_null(
		strstr(PQerrorMessage(c), "terminating connection due to administrator command"),
		"%s", PQerrorMessage(c));
	PQclear(r);
}

/* A raw TCP connection to the server. */
static int raw_connect(void)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)srv_server_port(srv));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	return fd;
}

/* Read what the server sends until it closes; returns the bytes (malloc'd). */
static char *raw_drain(int fd, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	ssize_t got;

	while ((got = recv(fd, buf + n, cap - n - 1, 0)) > 0) {
		n += (size_t)got;
		if (cap - n < 2)
			buf = realloc(buf, cap *= 2);
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* A StartupMessage for chrondb on chrondb, as raw bytes. */
static void raw_startup(int fd)
{
	static const char startup[] = "\x00\x00\x00\x27\x00\x03\x00\x00user\0chrondb\0"
				      "database\0chrondb\0\0";

	cr_assert_eq(send(fd, startup, sizeof(startup) - 1, 0), (ssize_t)sizeof(startup) - 1);
}

/* Whether the bytes hold a FATAL ErrorResponse with this SQLSTATE. */
static bool has_fatal(const char *buf, size_t len, const char *sqlstate)
{
	char want[8];

	snprintf(want, sizeof(want), "C%s", sqlstate);
	return memmem(buf, len, "SFATAL", 7) != NULL &&
	       memmem(buf, len, want, strlen(want) + 1) != NULL;
}

TestSuite(pgwire, .timeout = 120);

/* ---- Start-up ---- */

Test(pgwire, pgwire__startup_parameters, .init = start, .fini = stop)
{
	PGconn *c = connect_ok();
	const char *v = PQparameterStatus(c, "server_version");

	cr_assert_not_null(v);
	cr_assert(strncmp(v, "16.", 3) == 0, "server_version %s", v);
	cr_assert_str_eq(PQparameterStatus(c, "server_encoding"), "UTF8");
	cr_assert_str_eq(PQparameterStatus(c, "client_encoding"), "UTF8");
	cr_assert_str_eq(PQparameterStatus(c, "integer_datetimes"), "on");
	cr_assert_str_eq(PQparameterStatus(c, "standard_conforming_strings"), "on");
	cr_assert_not_null(PQparameterStatus(c, "DateStyle"));
	cr_assert_not_null(PQparameterStatus(c, "TimeZone"));
	cr_assert_not_null(PQparameterStatus(c, "IntervalStyle"));
	cr_assert_not_null(PQparameterStatus(c, "is_superuser"));
	cr_assert_not_null(PQparameterStatus(c, "session_authorization"));
	cr_assert_neq(PQbackendPID(c), 0);
	cr_assert_eq(PQprotocolVersion(c), 3);
	cr_assert_eq(PQtransactionStatus(c), PQTRANS_IDLE);
	PQfinish(c);

	/* Settings from the startup packet and from options, and their reports. */
	c = try_connect("application_name=tester options='-c extra_float_digits=1 "
			"--search-path=public'");
	cr_assert_eq(PQstatus(c), CONNECTION_OK, "%s", PQerrorMessage(c));
	cr_assert_str_eq(PQparameterStatus(c, "application_name"), "tester");
	expect_value(c, "SHOW extra_float_digits", "1");
	expect_value(c, "SHOW search_path", "public");
	exec_ok(c, "SET application_name = 'other'");
	cr_assert_str_eq(PQparameterStatus(c, "application_name"), "other");
	PQfinish(c);
}

Test(pgwire, pgwire__startup_errors, .init = start, .fini = stop)
{
	PGconn *c = try_connect("user=nobody");

	cr_assert_neq(PQstatus(c), CONNECTION_OK);
	cr_assert_not_null(strstr(PQerrorMessage(c), "role \"nobody\" does not exist"), "%s",
		PQerrorMessage(c));
	PQfinish(c);

	c = try_connect("dbname=nosuch");
	cr_assert_neq(PQstatus(c), CONNECTION_OK);
	cr_assert_not_null(strstr(PQerrorMessage(c), "database \"nosuch\" does not exist"), "%s",
		PQerrorMessage(c));
	PQfinish(c);

	c = try_connect("dbname=chrondb/nobranch");
	cr_assert_neq(PQstatus(c), CONNECTION_OK);
	cr_assert_not_null(strstr(PQerrorMessage(c), "does not exist"), "%s", PQerrorMessage(c));
	PQfinish(c);

	c = try_connect("options='-c no_such_setting=1'");
	cr_assert_neq(PQstatus(c), CONNECTION_OK);
	cr_assert_not_null(strstr(PQerrorMessage(c), "no_such_setting"), "%s", PQerrorMessage(c));
	PQfinish(c);

	/* A branch as database/branch. */
	c = connect_ok();
	exec_ok(c, "CREATE TABLE t (id int PRIMARY KEY)");
	PQfinish(c);
}

Test(pgwire, pgwire__ssl_refused_then_plain, .init = start, .fini = stop)
{
	PGconn *c = try_connect("sslmode=prefer");

	/* No certificate: SSLRequest gets 'N' and libpq goes on in the clear. */
	cr_assert_eq(PQstatus(c), CONNECTION_OK, "%s", PQerrorMessage(c));
	cr_assert_eq(PQsslInUse(c), 0);
	PQfinish(c);
	c = try_connect("sslmode=require");
	cr_assert_neq(PQstatus(c), CONNECTION_OK);
	PQfinish(c);
}

/* alice proves a SCRAM password, bob a cleartext one; everyone else is trusted. */
static void with_passwords(srv_config *c)
{
	char verifier[PG_AUTH_VERIFIER_SIZE];
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(pg_auth_scram_verifier("wonderland", verifier, sizeof(verifier), &err),
		STORE_OK, "%s", err.message);
	cr_assert_eq(srv_config_set(c, "user.alice", verifier, "test", &err), STORE_OK);
	cr_assert_eq(srv_config_set(c, "user.bob", "builder", "test", &err), STORE_OK);
	cr_assert_eq(srv_config_set(c, "auth", "all alice scram-sha-256", "test", &err), STORE_OK,
		"%s", err.message);
	cr_assert_eq(srv_config_set(c, "auth", "all bob password", "test", &err), STORE_OK);
	cr_assert_eq(srv_config_set(c, "auth", "all all trust", "test", &err), STORE_OK);
}

static void start_with_passwords(void)
{
	start_with(with_passwords);
}

Test(pgwire, pgwire__passwords, .init = start_with_passwords, .fini = stop)
{
	PGconn *c = try_connect("user=alice password=wonderland");

	cr_assert_eq(PQstatus(c), CONNECTION_OK, "%s", PQerrorMessage(c));
	expect_value(c, "SELECT current_user", "alice");
	PQfinish(c);
	c = try_connect("user=bob password=builder");
	cr_assert_eq(PQstatus(c), CONNECTION_OK, "%s", PQerrorMessage(c));
	PQfinish(c);

	/* A wrong password: 28P01, the connection closed, the server fine. */
	c = try_connect("user=alice password=nope");
	cr_assert_neq(PQstatus(c), CONNECTION_OK);
	cr_assert_not_null(
		strstr(PQerrorMessage(c), "password authentication failed for user \"alice\""),
		"%s", PQerrorMessage(c));
	PQfinish(c);
	c = try_connect("user=bob password=nope");
	cr_assert_neq(PQstatus(c), CONNECTION_OK);
	PQfinish(c);
	c = connect_ok();
	PQfinish(c);
}

/* A self-signed certificate in the test's directory. */
static void with_tls(srv_config *c)
{
	char *cert = tu_fmt("%s/server.crt", dir), *key = tu_fmt("%s/server.key", dir);
	store_err err;

	cr_assert_eq(
		tu_sh(NULL,
			"openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
			"-keyout '%s' -out '%s' 2>/dev/null",
			key, cert),
		0);
	store_err_clear(&err);
	cr_assert_eq(srv_config_set(c, "ssl_cert_file", cert, "test", &err), STORE_OK);
	cr_assert_eq(srv_config_set(c, "ssl_key_file", key, "test", &err), STORE_OK);
	free(cert);
	free(key);
}

static void start_with_tls(void)
{
	start_with(with_tls);
}

Test(pgwire, pgwire__tls, .init = start_with_tls, .fini = stop)
{
	PGconn *c = try_connect(NULL);

	cr_assert_eq(PQstatus(c), CONNECTION_OK, "%s", PQerrorMessage(c));
	cr_assert_eq(PQsslInUse(c), 0);

	/* sslmode=require: SSLRequest answered 'S', then everything over TLS. */
	PQfinish(c);
	c = try_connect("sslmode=require");
	cr_assert_eq(PQstatus(c), CONNECTION_OK, "%s", PQerrorMessage(c));
	cr_assert_eq(PQsslInUse(c), 1);
	expect_value(c, "SELECT repeat('x', 100000) = repeat('x', 100000)", "t");
	PQclear(exec_expect(c, "SELECT g FROM generate_series(1, 20000) g", PGRES_TUPLES_OK));
	PQfinish(c);
}

/* ---- Simple query ---- */

Test(pgwire, pgwire__simple_query, .init = start, .fini = stop)
{
	PGconn *c = connect_ok();
	PGresult *r;
	int n = 0;

	exec_ok(c, "CREATE TABLE t (id int PRIMARY KEY, name text, score numeric(6,2))");
	r = exec_expect(c, "INSERT INTO t VALUES (1, 'a', 1.5), (2, NULL, 2)", PGRES_COMMAND_OK);
	cr_assert_str_eq(PQcmdTuples(r), "2");
	PQclear(r);

	/* Columns: true type OIDs, typmods, the table and the column number. */
	r = exec_expect(
		c, "SELECT id, name, score, id + 1 AS next FROM t ORDER BY id", PGRES_TUPLES_OK);
	cr_assert_eq(PQntuples(r), 2);
	cr_assert_eq(PQnfields(r), 4);
	cr_assert_str_eq(PQfname(r, 3), "next");
	cr_assert_eq(PQftype(r, 0), 23);
	cr_assert_eq(PQftype(r, 1), 25);
	cr_assert_eq(PQftype(r, 2), 1700);
	cr_assert_eq(PQfmod(r, 2), ((6 << 16) | 2) + 4);
	cr_assert_eq(PQfsize(r, 0), 4);
	cr_assert_eq(PQfsize(r, 1), -1);
	cr_assert_neq(PQftable(r, 0), 0);
	cr_assert_eq(PQftablecol(r, 1), 2);
	cr_assert_eq(PQftable(r, 3), 0);
	cr_assert_str_eq(PQgetvalue(r, 0, 2), "1.50");
	cr_assert(PQgetisnull(r, 1, 1));
	PQclear(r);

	/* Several statements in one message: a result each, the last one kept by PQexec. */
	cr_assert(PQsendQuery(c, "SELECT 1; SELECT 2, 3; UPDATE t SET name = 'b' WHERE id = 2"));
	while ((r = PQgetResult(c)) != NULL) {
		ExecStatusType s = PQresultStatus(r);

		cr_assert(s == (n < 2 ? PGRES_TUPLES_OK : PGRES_COMMAND_OK), "result %d: %s", n,
			PQresultErrorMessage(r));
		if (n == 1)
			cr_assert_eq(PQnfields(r), 2);
		if (n == 2)
			cr_assert_str_eq(PQcmdStatus(r), "UPDATE 1");
		n++;
		PQclear(r);
	}
	cr_assert_eq(n, 3);

	/* An empty query. */
	PQclear(exec_expect(c, "", PGRES_EMPTY_QUERY));
	PQclear(exec_expect(c, "  -- nothing\n", PGRES_EMPTY_QUERY));
	PQfinish(c);
}

Test(pgwire, pgwire__errors_and_transactions, .init = start, .fini = stop)
{
	PGconn *c = connect_ok();
	PGresult *r;

	expect_sqlstate(c, "SELECT 1/0", "22012");

	/* The position and hint fields. */
	r = PQexec(c, "SELECT nosuch FROM (SELECT 1 AS a) s");
	cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
	cr_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42703");
	cr_assert_str_eq(PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION), "8");
	cr_assert_str_eq(PQresultErrorField(r, PG_DIAG_SEVERITY), "ERROR");
	cr_assert_str_eq(PQresultErrorField(r, PG_DIAG_SEVERITY_NONLOCALIZED), "ERROR");
	PQclear(r);
	r = PQexec(c, "SELEC 1");
	cr_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42601");
	cr_assert_str_eq(PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION), "1");
	PQclear(r);

	/* ReadyForQuery's status: idle, in a block, in a failed block. */
	exec_ok(c, "CREATE TABLE t (id int PRIMARY KEY)");
	exec_ok(c, "BEGIN");
	cr_assert_eq(PQtransactionStatus(c), PQTRANS_INTRANS);
	exec_ok(c, "INSERT INTO t VALUES (1)");
	expect_sqlstate(c, "INSERT INTO t VALUES (1)", "23505");
	cr_assert_eq(PQtransactionStatus(c), PQTRANS_INERROR);
	expect_sqlstate(c, "SELECT 1", "25P02");
	exec_ok(c, "ROLLBACK");
	cr_assert_eq(PQtransactionStatus(c), PQTRANS_IDLE);
	expect_value(c, "SELECT count(*) FROM t", "0");

	/* An error in the middle of a multi-statement message stops it there. */
	r = PQexec(c, "INSERT INTO t VALUES (5); SELECT 1/0; INSERT INTO t VALUES (6)");
	cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
	PQclear(r);
	expect_value(c, "SELECT count(*) FROM t", "0");
	PQfinish(c);
}

static void on_notice(void *arg, const PGresult *r)
{
	char *seen = arg;
	const char *sev = PQresultErrorField(r, PG_DIAG_SEVERITY);
	const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);

	snprintf(seen, 256, "%s: %s", sev ? sev : "?", msg ? msg : "?");
}

Test(pgwire, pgwire__notices, .init = start, .fini = stop)
{
	PGconn *c = connect_ok();
	char seen[256] = "";

	PQsetNoticeReceiver(c, on_notice, seen);
	exec_ok(c, "DROP TABLE IF EXISTS nosuch");
	cr_assert_not_null(strstr(seen, "NOTICE: "), "%s", seen);
	cr_assert_not_null(strstr(seen, "nosuch"), "%s", seen);
	PQfinish(c);
}

/* ---- COPY ---- */

Test(pgwire, pgwire__copy_in_and_out, .init = start, .fini = stop)
{
	PGconn *c = connect_ok();
	PGresult *r;
	char *line = NULL;
	int n, rows = 0;
	static const char data[] = "1\tone\n2\t\\N\n3\tthree\n";

	exec_ok(c, "CREATE TABLE t (id int PRIMARY KEY, name text)");

	/* In, split into odd pieces. */
	r = exec_expect(c, "COPY t FROM STDIN", PGRES_COPY_IN);
	PQclear(r);
	for (size_t i = 0; i < sizeof(data) - 1; i += 5)
		cr_assert_eq(PQputCopyData(c, data + i,
				     (int)(sizeof(data) - 1 - i < 5 ? sizeof(data) - 1 - i : 5)),
			1);
	cr_assert_eq(PQputCopyEnd(c, NULL), 1);
	r = PQgetResult(c);
	cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
	cr_assert_str_eq(PQcmdStatus(r), "COPY 3");
	PQclear(r);
	cr_assert_null(PQgetResult(c));

	/* Out, CSV with a header. */
	r = exec_expect(c, "COPY t TO STDOUT (FORMAT csv, HEADER)", PGRES_COPY_OUT);
	PQclear(r);
	while ((n = PQgetCopyData(c, &line, 0)) > 0) {
		if (rows == 0)
			cr_assert_eq(strncmp(line, "id,name\n", (size_t)n), 0);
		if (rows == 2)
			cr_assert_eq(strncmp(line, "2,\n", (size_t)n), 0);
		rows++;
		PQfreemem(line);
	}
	cr_assert_eq(n, -1);
	cr_assert_eq(rows, 4);
	r = PQgetResult(c);
	cr_assert_str_eq(PQcmdStatus(r), "COPY 3");
	PQclear(r);
	cr_assert_null(PQgetResult(c));

	/* Bad data: an error, the rest of the client's data discarded, the session fine. */
	PQclear(exec_expect(c, "COPY t FROM STDIN", PGRES_COPY_IN));
	cr_assert_eq(PQputCopyData(c, "x\ty\n", 4), 1);
	cr_assert_eq(PQputCopyData(c, "9\tnine\n", 7), 1);
	cr_assert_eq(PQputCopyEnd(c, NULL), 1);
	r = PQgetResult(c);
	cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
	cr_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "22P02");
	PQclear(r);
	cr_assert_null(PQgetResult(c));

	/* CopyFail from the client. */
	PQclear(exec_expect(c, "COPY t FROM STDIN", PGRES_COPY_IN));
	cr_assert_eq(PQputCopyData(c, "10\tten\n", 7), 1);
	cr_assert_eq(PQputCopyEnd(c, "changed my mind"), 1);
	r = PQgetResult(c);
	cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
	cr_assert_not_null(strstr(PQresultErrorMessage(r), "changed my mind"));
	PQclear(r);
	cr_assert_null(PQgetResult(c));
	expect_value(c, "SELECT count(*) FROM t", "3");
	PQfinish(c);
}

/* ---- Extended query ---- */

Test(pgwire, pgwire__extended_query, .init = start, .fini = stop)
{
	PGconn *c = connect_ok();
	PGresult *r;
	const char *vals[3] = {"7", "seven", NULL};
	Oid types[3] = {23, 25, 0};
	uint32_t bin;
	const char *bvals[1];
	int lens[1], fmts[1];

	exec_ok(c, "CREATE TABLE t (id int PRIMARY KEY, name text, note text)");

	/* Text parameters, one given as NULL, one of inferred type. */
	r = PQexecParams(c, "INSERT INTO t VALUES ($1, $2, $3)", 3, types, vals, NULL, NULL, 0);
	cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
	cr_assert_str_eq(PQcmdTuples(r), "1");
	PQclear(r);

	/* Prepared, described, executed twice. */
	r = PQprepare(c, "q", "SELECT id, name FROM t WHERE id = $1", 1, NULL);
	cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
	PQclear(r);
	r = PQdescribePrepared(c, "q");
	cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
	cr_assert_eq(PQnparams(r), 1);
	cr_assert_eq(PQparamtype(r, 0), 23);
	cr_assert_eq(PQnfields(r), 2);
	cr_assert_eq(PQftype(r, 1), 25);
	PQclear(r);
	vals[0] = "7";
	r = PQexecPrepared(c, "q", 1, vals, NULL, NULL, 0);
	cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
	cr_assert_eq(PQntuples(r), 1);
	cr_assert_str_eq(PQgetvalue(r, 0, 1), "seven");
	PQclear(r);

	/* A binary parameter and binary results. */
	bin = htonl(7);
	bvals[0] = (const char *)&bin;
	lens[0] = 4;
	fmts[0] = 1;
	r = PQexecParams(c, "SELECT id, name FROM t WHERE id = $1", 1, types, bvals, lens, fmts, 1);
	cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
	cr_assert_eq(PQntuples(r), 1);
	cr_assert_eq(PQfformat(r, 0), 1);
	cr_assert_eq(PQgetlength(r, 0, 0), 4);
	cr_assert_eq(ntohl(*(const uint32_t *)PQgetvalue(r, 0, 0)), 7u);
	cr_assert_eq(memcmp(PQgetvalue(r, 0, 1), "seven", 5), 0);
	PQclear(r);

	/* Errors: the rest up to Sync skipped, the session fine after. */
	r = PQexecPrepared(c, "nosuch", 0, NULL, NULL, NULL, 0);
	cr_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "26000");
	PQclear(r);
	r = PQexecParams(c, "SELECT 1/$1::int", 1, NULL, (const char *[]){"0"}, NULL, NULL, 0);
	cr_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "22012");
	PQclear(r);
	r = PQexecParams(c, "SELECT $1::int", 1, NULL, (const char *[]){"x"}, NULL, NULL, 0);
	cr_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "22P02");
	PQclear(r);
	expect_value(c, "SELECT count(*) FROM t", "1");
	PQfinish(c);
}

Test(pgwire, pgwire__single_row_mode, .init = start, .fini = stop)
{
	PGconn *c = connect_ok();
	PGresult *r;
	int rows = 0;

	cr_assert(PQsendQueryParams(
		c, "SELECT g FROM generate_series(1, 100) g", 0, NULL, NULL, NULL, NULL, 0));
	cr_assert(PQsetSingleRowMode(c));
	while ((r = PQgetResult(c)) != NULL) {
		if (PQresultStatus(r) == PGRES_SINGLE_TUPLE)
			rows++;
		else
			cr_assert_eq(
				PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
		PQclear(r);
	}
	cr_assert_eq(rows, 100);
	PQfinish(c);
}

/* ---- Cancel ---- */

Test(pgwire, pgwire__cancel, .init = start, .fini = stop)
{
	PGconn *c = connect_ok();
	PGcancel *cancel = PQgetCancel(c);
	PGresult *r;
	char errbuf[256];

	cr_assert(PQsendQuery(c, "SELECT count(*) FROM generate_series(1, 100000000)"));
	usleep(300 * 1000);
	cr_assert(PQcancel(cancel, errbuf, sizeof(errbuf)), "%s", errbuf);
	r = PQgetResult(c);
	cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR, "%s", PQresStatus(PQresultStatus(r)));
	cr_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "57014");
	PQclear(r);
	cr_assert_null(PQgetResult(c));
	expect_value(c, "SELECT 1", "1");
	PQfreeCancel(cancel);
	PQfinish(c);
}

/* ann and ben: users who are no superuser; everyone is trusted. */
static void with_users(srv_config *c)
{
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(srv_config_set(c, "user.ann", "a", "test", &err), STORE_OK, "%s", err.message);
	cr_assert_eq(srv_config_set(c, "user.ben", "b", "test", &err), STORE_OK, "%s", err.message);
	cr_assert_eq(srv_config_set(c, "auth", "all all trust", "test", &err), STORE_OK);
}

static void start_with_users(void)
{
	start_with(with_users);
}

/* What sql, run on c, gives (sql from a format with one pid). */
static void expect_pid_value(PGconn *c, const char *fmt, PGconn *target, const char *want)
{
	char *sql = tu_fmt(fmt, PQbackendPID(target));

	expect_value(c, sql, want);
	free(sql);
}

static void expect_pid_sqlstate(PGconn *c, const char *fmt, PGconn *target, const char *sqlstate)
{
	char *sql = tu_fmt(fmt, PQbackendPID(target));

	expect_sqlstate(c, sql, sqlstate);
	free(sql);
}

/* The SQL over the registry: who may see and signal whom, as PostgreSQL's rules say. */
Test(pgwire, pgwire__sessions_and_roles, .init = start_with_users, .fini = stop)
{
	static const char who[] = "SELECT usename || ' ' || application_name || ' ' || "
				  "coalesce(state, '-') || ' ' || query || ' ' || (client_addr IS NULL) "
				  "FROM pg_stat_activity WHERE pid = %d";
	PGconn *su = connect_ok();
	PGconn *ann = try_connect("user=ann application_name=ann-app");
	PGconn *ann2 = try_connect("user=ann");
	PGconn *ben = try_connect("user=ben");
	char *sql;

	cr_assert_eq(PQstatus(ann), CONNECTION_OK, "%s", PQerrorMessage(ann));
	cr_assert_eq(PQstatus(ann2), CONNECTION_OK, "%s", PQerrorMessage(ann2));
	cr_assert_eq(PQstatus(ben), CONNECTION_OK, "%s", PQerrorMessage(ben));
	cr_assert_str_eq(PQparameterStatus(su, "is_superuser"), "on");
	cr_assert_str_eq(PQparameterStatus(ann, "is_superuser"), "off");
	cr_assert_str_eq(PQparameterStatus(ann, "session_authorization"), "ann");
	expect_sqlstate(ann, "CHECKPOINT", "42501");
	exec_ok(su, "CHECKPOINT");

	/* ann sees her own session whole (running this query), the superuser's without what it runs. */
	exec_ok(su, "SELECT 'secret query'");
	sql = tu_fmt(who, PQbackendPID(ann));
	for (int i = 0; i < 2; i++) {
		char *want = tu_fmt("ann ann-app %s %s false", i == 0 ? "active" : "idle", sql);

		expect_value(i == 0 ? ann : su, sql, want);
		free(want);
	}
	free(sql);
	expect_pid_value(ann, who, su, "chrondb  - <insufficient privilege> true");
	expect_value(su, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'",
		"4");

	/* Only a superuser signals a superuser; others only their own user's sessions. */
	expect_pid_sqlstate(ann, "SELECT pg_cancel_backend(%d)", su, "42501");
	expect_pid_sqlstate(ann, "SELECT pg_terminate_backend(%d)", su, "42501");
	expect_pid_sqlstate(ann, "SELECT pg_cancel_backend(%d)", ben, "42501");
	expect_pid_value(ann, "SELECT pg_cancel_backend(%d)", ann2, "t");
	expect_value(ann2, "SELECT 'an idle session is not hurt by a cancel'",
		"an idle session is not hurt by a cancel");

	/* The superuser ends ben's session: FATAL 57P01, its transaction rolled back. */
	exec_ok(ben, "BEGIN");
	exec_ok(ben, "CREATE TABLE ben_t (id int PRIMARY KEY)");
	expect_pid_value(su, "SELECT pg_terminate_backend(%d, 5000)", ben, "t");
	expect_terminated(ben, "COMMIT");
	cr_assert_eq(PQstatus(ben), CONNECTION_BAD);
	expect_value(su, "SELECT count(*) FROM pg_class WHERE relname = 'ben_t'", "0");
	PQfinish(ben);
	PQfinish(ann2);
	PQfinish(ann);
	PQfinish(su);
}

/* Wait up to ms for a notification on c; NULL if none came. */
static PGnotify *wait_notify(PGconn *c, int ms)
{
	struct pollfd p = {.fd = PQsocket(c), .events = POLLIN};
	PGnotify *n;

	cr_assert(PQconsumeInput(c), "%s", PQerrorMessage(c));
	while ((n = PQnotifies(c)) == NULL && poll(&p, 1, ms) > 0)
		cr_assert(PQconsumeInput(c), "%s", PQerrorMessage(c));
	return n;
}

/* NotificationResponse through libpq: at commit, to an idle listener, in order, not twice. */
Test(pgwire, pgwire__notifications, .init = start, .fini = stop)
{
	PGconn *lis = connect_ok(), *nfy = connect_ok();
	PGnotify *n;

	exec_ok(lis, "LISTEN pgwire_c");
	exec_ok(nfy, "BEGIN");
	exec_ok(nfy, "NOTIFY pgwire_c, 'one'");
	cr_assert_null(wait_notify(lis, 200), "delivered before the commit");
	exec_ok(nfy, "SELECT pg_notify('pgwire_c', 'two'), pg_notify('pgwire_c', 'one')");
	exec_ok(nfy, "COMMIT");

	/* The listener sends nothing: the server pushes both while it is idle. */
	n = wait_notify(lis, 5000);
	cr_assert_not_null(n, "no notification");
	cr_assert_str_eq(n->relname, "pgwire_c");
	cr_assert_str_eq(n->extra, "one");
	cr_assert_eq(n->be_pid, PQbackendPID(nfy));
	PQfreemem(n);
	n = wait_notify(lis, 5000);
	cr_assert_not_null(n, "the second notification");
	cr_assert_str_eq(n->extra, "two");
	PQfreemem(n);
	cr_assert_null(wait_notify(lis, 200), "a duplicate was sent");

	/* A notification on a channel the listener dropped is not sent. */
	exec_ok(lis, "UNLISTEN pgwire_c");
	exec_ok(nfy, "NOTIFY pgwire_c, 'unheard'");
	cr_assert_null(wait_notify(lis, 200));
	expect_value(nfy, "SELECT pg_notification_queue_usage()", "0");

	/* The server stops with a listener waiting: it ends like any idle session. */
	exec_ok(lis, "LISTEN pgwire_c");
	PQfinish(nfy);
	PQfinish(lis);
}

/* ---- Bad clients ---- */

Test(pgwire, pgwire__garbage_then_good_client, .init = start, .fini = stop)
{
	static const unsigned char garbage[] = "\x00\x00\x00\x08GARBAGE!garbage garbage";
	static const unsigned char huge[] = {'Q', 0x7f, 0xff, 0xff, 0xff};
	PGconn *c = connect_ok();
	size_t len;
	char *got;
	int fd;

	/* Garbage as a startup packet. */
	fd = raw_connect();
	cr_assert_eq(send(fd, garbage, sizeof(garbage) - 1, 0), (ssize_t)sizeof(garbage) - 1);
	shutdown(fd, SHUT_WR);
	got = raw_drain(fd, &len);
	cr_assert(has_fatal(got, len, "0A000"), "an unknown protocol version: got %zu bytes", len);
	free(got);
	close(fd);

	/* A message past max_message_size after a good start: FATAL before any allocation. */
	fd = raw_connect();
	raw_startup(fd);
	cr_assert_eq(send(fd, huge, sizeof(huge), 0), (ssize_t)sizeof(huge));
	got = raw_drain(fd, &len);
	cr_assert(has_fatal(got, len, "08P01"), "got %zu bytes", len);
	cr_assert_not_null(memmem(got, len, "too large", 9));
	free(got);
	close(fd);

	/* A truncated message, then the client goes. */
	fd = raw_connect();
	cr_assert_eq(send(fd, "\x00\x00\x00\x50\x00\x03", 6, 0), 6);
	close(fd);

	/* An unknown message type. */
	fd = raw_connect();
	raw_startup(fd);
	cr_assert_eq(send(fd, "\x01\x00\x00\x00\x04", 5, 0), 5);
	shutdown(fd, SHUT_WR);
	got = raw_drain(fd, &len);
	cr_assert(memmem(got, len, "invalid frontend message type 1", 31) != NULL, "%zu", len);
	free(got);
	close(fd);

	/* The first client and a new one are served. */
	expect_value(c, "SELECT 41 + 1", "42");
	PQfinish(c);
	c = connect_ok();
	expect_value(c, "SELECT 'still here'", "still here");
	PQfinish(c);
}

Test(pgwire, pgwire__protocol_versions, .init = start, .fini = stop)
{
	/* 3.1 with a protocol option: NegotiateProtocolVersion (3.0, the option unknown), then on. */
	static const char v31[] = "\x00\x00\x00\x34\x00\x03\x00\x01user\0chrondb\0"
				  "_pq_.frob\0on\0database\0chrondb\0\0";
	static const char v2[] = "\x00\x00\x00\x16\x00\x02\x00\x00user\0chrondb\0\0";
	size_t len;
	char *got;
	int fd = raw_connect();

	cr_assert_eq(send(fd, v31, sizeof(v31) - 1, 0), (ssize_t)sizeof(v31) - 1);
	cr_assert_eq(send(fd, "X\x00\x00\x00\x04", 5, 0), 5);
	got = raw_drain(fd, &len);
	cr_assert_gt(len, 20);
	cr_assert_eq(got[0], 'v');
	cr_assert_eq(memcmp(got + 5, "\x00\x00\x00\x00\x00\x00\x00\x01_pq_.frob", 18), 0);
	cr_assert_eq(got[23], 'R');
	free(got);
	close(fd);

	/* 2.0: FATAL. */
	fd = raw_connect();
	cr_assert_eq(send(fd, v2, sizeof(v2) - 1, 0), (ssize_t)sizeof(v2) - 1);
	got = raw_drain(fd, &len);
	cr_assert(has_fatal(got, len, "0A000"));
	cr_assert_not_null(memmem(got, len, "unsupported frontend protocol 2.0", 33));
	free(got);
	close(fd);
}

Test(pgwire, pgwire__client_dies_mid_transaction, .init = start, .fini = stop)
{
	PGconn *a = connect_ok(), *b = connect_ok();
	int fd;

	exec_ok(a, "CREATE TABLE t (id int PRIMARY KEY, n int)");
	exec_ok(a, "INSERT INTO t VALUES (1, 0)");
	exec_ok(b, "BEGIN");
	exec_ok(b, "UPDATE t SET n = 99 WHERE id = 1");
	exec_ok(b, "INSERT INTO t VALUES (2, 2)");

	/* The socket closes under libpq: no Terminate, no ROLLBACK. */
	fd = PQsocket(b);
	shutdown(fd, SHUT_RDWR);
	PQfinish(b);

	/* The row lock went with the session: the update does not wait, the insert is gone. */
	exec_ok(a, "UPDATE t SET n = n + 1 WHERE id = 1");
	expect_value(a, "SELECT n FROM t WHERE id = 1", "1");
	expect_value(a, "SELECT count(*) FROM t", "1");
	PQfinish(a);
}

static void two_connections(srv_config *c)
{
	c->max_connections = 2;
}

static void start_two_connections(void)
{
	start_with(two_connections);
}

Test(pgwire, pgwire__too_many_connections, .init = start_two_connections, .fini = stop)
{
	PGconn *a, *b, *c;

	a = connect_ok();
	b = connect_ok();
	c = try_connect(NULL);
	cr_assert_neq(PQstatus(c), CONNECTION_OK);
	cr_assert_not_null(strstr(PQerrorMessage(c), "sorry, too many clients already"), "%s",
		PQerrorMessage(c));
	PQfinish(c);

	/* A place frees when a client leaves. */
	PQfinish(a);
	usleep(100 * 1000);
	c = connect_ok();
	PQfinish(c);
	PQfinish(b);
}

static void short_idle(srv_config *c)
{
	c->idle_in_transaction_timeout = 200;
}

static void start_short_idle(void)
{
	start_with(short_idle);
}

Test(pgwire, pgwire__idle_in_transaction_timeout, .init = start_short_idle, .fini = stop)
{
	PGconn *a;
	PGresult *r;

	a = connect_ok();
	exec_ok(a, "SELECT 1");
	usleep(400 * 1000);
	exec_ok(a, "BEGIN");
	usleep(600 * 1000);
	r = PQexec(a, "SELECT 1");
	cr_assert_neq(PQresultStatus(r), PGRES_TUPLES_OK);
	cr_assert_not_null(
		strstr(PQerrorMessage(a), "idle-in-transaction timeout"), "%s", PQerrorMessage(a));
	PQclear(r);
	PQfinish(a);
}

/* ---- The binary and SIGTERM ---- */

static int free_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	getsockname(fd, (struct sockaddr *)&a, &len);
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

static pid_t spawn_server(const char *data, const char *logpath, int port)
{
	const char *bin = getenv("CHRONDB_TEST_BIN");
	char *exe = tu_fmt("%s/server/chrondb", bin != NULL ? bin : ".");
	char portstr[16];
	pid_t pid;

	snprintf(portstr, sizeof(portstr), "%d", port);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		FILE *log = freopen(logpath, "w", stderr);

		(void)log;
		execl(exe, exe, "--data-dir", data, "--pg-port", portstr, (char *)NULL);
		_exit(127);
	}
	free(exe);
	return pid;
}

static PGconn *connect_port(int port)
{
	char *info =
		tu_fmt("host=127.0.0.1 port=%d user=chrondb dbname=chrondb sslmode=disable", port);
	PGconn *c = NULL;

	/* The binary takes a moment to listen. */
	for (int i = 0; i < 100; i++) {
		c = PQconnectdb(info);
		if (PQstatus(c) == CONNECTION_OK)
			break;
		PQfinish(c);
		c = NULL;
		usleep(50 * 1000);
	}
	free(info);
	cr_assert_not_null(c, "the server did not come up on port %d", port);
	return c;
}

Test(pgwire, pgwire__sigterm_shutdown)
{
	char *data = tu_tmpdir("pgwire-bin");
	char *logpath = tu_fmt("%s.log", data);
	int port = free_port(), status;
	pid_t pid = spawn_server(data, logpath, port);
	PGconn *a = connect_port(port), *b = connect_port(port), *c = connect_port(port);
	PGresult *r;
	unsigned char *log;
	size_t len;

	exec_ok(a, "CREATE TABLE t (id int PRIMARY KEY)");
	exec_ok(a, "INSERT INTO t VALUES (1)");
	exec_ok(b, "BEGIN");
	exec_ok(b, "INSERT INTO t VALUES (2)");
	cr_assert(PQsendQuery(c, "SELECT count(*) FROM generate_series(1, 1000000000)"));
	usleep(200 * 1000);

	/* SIGTERM: the running statement is cancelled, every session ends with 57P01, exit 0. */
	cr_assert_eq(kill(pid, SIGTERM), 0);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d", status);
	expect_terminated(a, "SELECT 1");
	r = PQgetResult(c);
	cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
	cr_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "57P01");
	PQclear(r);
	PQfinish(a);
	PQfinish(b);
	PQfinish(c);
	log = tu_read_file(logpath, &len);
	cr_assert_not_null(strstr((char *)log, "received SIGTERM"), "%s", log);
	cr_assert_not_null(strstr((char *)log, "closing the store"), "%s", log);
	cr_assert_not_null(strstr((char *)log, "shut down"), "%s", log);
	free(log);

	/* Again: the committed row is there, the open transaction's is not. */
	pid = spawn_server(data, logpath, port);
	a = connect_port(port);
	expect_value(a, "SELECT string_agg(id::text, ',') FROM t", "1");
	PQfinish(a);
	kill(pid, SIGINT);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d", status);

	unlink(logpath);
	free(logpath);
	tu_rmtree(data);
	free(data);
}

static int64_t pg_metric(int id)
{
	return srv_metrics_get(srv_metrics_server(), id, SRV_PROTO_POSTGRESQL);
}

/*
 * The metrics the front end updates (server/metrics.h): connections
 * while open and in total, completed statements, simple and extended,
 * and their latencies; a failed statement is in neither.
 */
Test(pgwire, pgwire__metrics, .init = start, .fini = stop)
{
	int64_t conns0 = pg_metric(SRV_METRIC_CONNECTIONS);
	int64_t queries0 = pg_metric(SRV_METRIC_QUERIES_EXECUTED);
	int64_t timed0 = pg_metric(SRV_METRIC_QUERY_LATENCY);
	PGconn *c = connect_ok();
	PGresult *r;

	cr_assert_eq(pg_metric(SRV_METRIC_ACTIVE_CONNECTIONS), 1);
	cr_assert_eq(pg_metric(SRV_METRIC_CONNECTIONS), conns0 + 1);

	exec_ok(c, "SELECT 1; SELECT 2");
	r = PQexecParams(c, "SELECT $1::int", 1, NULL, (const char *[]){"3"}, NULL, NULL, 0);
	cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQerrorMessage(c));
	PQclear(r);
	PQclear(exec_expect(c, "SELECT 1/0", PGRES_FATAL_ERROR));
	cr_assert_eq(pg_metric(SRV_METRIC_QUERIES_EXECUTED), queries0 + 3);
	cr_assert_eq(pg_metric(SRV_METRIC_QUERY_LATENCY), timed0 + 3);
	cr_assert_eq(
		srv_metrics_get(srv_metrics_server(), SRV_METRIC_CONNECTIONS, SRV_PROTO_REDIS), 0);

	/* The session ends: its thread takes it off the gauge soon after. */
	PQfinish(c);
	for (int i = 0; i < 500 && pg_metric(SRV_METRIC_ACTIVE_CONNECTIONS) != 0; i++)
		usleep(10000);
	cr_assert_eq(pg_metric(SRV_METRIC_ACTIVE_CONNECTIONS), 0);
	cr_assert_eq(pg_metric(SRV_METRIC_CONNECTIONS), conns0 + 1);
}
