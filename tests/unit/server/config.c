/*
 * config.c - the server's settings (server/config.h): a config file in
 * PostgreSQL's style with units, quotes and comments, the flags over it,
 * and the errors that name file:line.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "testutil.h"

static char *dir;

static void setup(void)
{
	dir = tu_tmpdir("config");
}

static void teardown(void)
{
	tu_rmtree(dir);
	free(dir);
}

TestSuite(config, .init = setup, .fini = teardown);

/* Load text as a config file into c; the status, with err set on failure. */
static int load(srv_config *c, const char *text, store_err *err)
{
	char *path = tu_fmt("%s/chrondb.conf", dir);
	int rc;

	tu_write_file(path, text, strlen(text));
	store_err_clear(err);
	rc = srv_config_load(c, path, err);
	free(path);
	return rc;
}

Test(config, config__file)
{
	srv_config c;
	store_err err;

	srv_config_init(&c);
	cr_assert_eq(load(&c,
			     "# a comment\n"
			     "\n"
			     "data_dir = '/var/lib/chrondb'   # trailing comment\n"
			     "listen_addresses = '127.0.0.1, ::1'\n"
			     "port 6543\n"
			     "max_connections = 20\n"
			     "max_message_size = 16MB\n"
			     "statement_timeout = 30s\n"
			     "lock_timeout = 1500\n"
			     "idle_in_transaction_session_timeout = '2min'\n"
			     "enable_redis = off\n"
			     "log_level = warning\n"
			     "superuser = 'admin'\n"
			     "database = 'app'\n"
			     "user.alice = 'it''s secret'\n"
			     "user.bob = 'md5abc'\n",
			     &err),
		STORE_OK, "%s", err.message);
	cr_assert_str_eq(c.data_dir, "/var/lib/chrondb");
	cr_assert_eq(c.nlisten, 2);
	cr_assert_str_eq(c.listen[0], "127.0.0.1");
	cr_assert_str_eq(c.listen[1], "::1");
	cr_assert_eq(c.port, 6543);
	cr_assert_eq(c.max_connections, 20);
	cr_assert_eq(c.max_message_size, 16u * 1024 * 1024);
	cr_assert_eq(c.statement_timeout, 30000);
	cr_assert_eq(c.lock_timeout, 1500);
	cr_assert_eq(c.idle_in_transaction_timeout, 120000);
	cr_assert(!c.enable_redis);
	cr_assert(c.enable_sql);
	cr_assert_eq(c.log_level, SRV_LOG_WARNING);

	/* The flags go over the file; the superuser exists without a line. */
	cr_assert_eq(srv_config_set(&c, "port", "7000", "--pg-port", &err), STORE_OK);
	cr_assert_eq(c.port, 7000);
	cr_assert_eq(srv_config_finish(&c, &err), STORE_OK, "%s", err.message);
	cr_assert_str_eq(srv_config_user(&c, "alice")->secret, "it's secret");
	cr_assert(!srv_config_user(&c, "alice")->superuser);
	cr_assert_not_null(srv_config_user(&c, "admin"));
	cr_assert(srv_config_user(&c, "admin")->superuser);
	cr_assert_null(srv_config_user(&c, "admin")->secret);
	cr_assert_null(srv_config_user(&c, "chrondb"));
	cr_assert_gt(c.nrules, 0);
	srv_config_free(&c);
}

Test(config, config__errors)
{
	static const struct {
		const char *text;
		const char *sqlstate;
		const char *where;
	} cases[] = {
		{"port = 5432\nno_such_key = 1\n", "42704",
			":2: unrecognized configuration parameter"},
		{"port = 70000\n", "22023", ":1: invalid value for parameter \"port\""},
		{"port = five\n", "22023", ":1: invalid value"},
		{"max_message_size = 12XB\n", "22023", ":1: invalid value"},
		{"statement_timeout = '5 fortnights'\n", "22023", ":1: invalid value"},
		{"enable_sql = maybe\n", "22023", ":1: invalid value"},
		{"log_level = loud\n", "22023", ":1: invalid value"},
		{"\n\ndata_dir = 'unterminated\n", "42601", ":3: syntax error"},
		{"port = 1 2\n", "42601", ":1: syntax error"},
		{"= 3\n", "42601", ":1: syntax error"},
		{"listen_addresses = ' , '\n", "22023", ":1: invalid value"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		srv_config c;
		store_err err;

		srv_config_init(&c);
		cr_assert_eq(load(&c, cases[i].text, &err), STORE_ERROR, "%s", cases[i].text);
		cr_assert_str_eq(
			err.sqlstate, cases[i].sqlstate, "%s: %s", cases[i].text, err.message);
		cr_assert_not_null(
			strstr(err.message, cases[i].where), "%s: %s", cases[i].text, err.message);
		cr_assert_not_null(strstr(err.message, "chrondb.conf"), "%s", err.message);
		srv_config_free(&c);
	}
}

Test(config, config__missing_file)
{
	srv_config c;
	store_err err;

	srv_config_init(&c);
	store_err_clear(&err);
	cr_assert_eq(srv_config_load(&c, "/nonexistent/chrondb.conf", &err), STORE_ERROR);
	cr_assert_str_eq(err.sqlstate, "F0000");
	srv_config_free(&c);
}
