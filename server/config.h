/*
 * config.h - the server's settings (prefix srv_config_): defaults, the
 * config file in PostgreSQL's `key = value` style, and the command-line
 * flags over it.
 *
 * One table (config.c) names every setting, its kind and where it goes;
 * the file and the flags both set them through srv_config_set, so a
 * value reads the same wherever it comes from.  Besides the table:
 * repeated `auth = 'ADDRESS USER METHOD'` lines (pgwire/auth.h's rules,
 * in order) and `user.NAME = 'secret'` lines (a SCRAM verifier, an md5
 * hash or a plain password).  The superuser exists whether or not it has
 * a line.  Unknown keys and bad values are errors naming file:line.
 * The file format is documented, with an example, in server/README.md.
 */
#ifndef CHRONDB_SERVER_CONFIG_H
#define CHRONDB_SERVER_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "pgwire/auth.h"

#define SRV_MAX_LISTEN 16

typedef struct srv_config {
	char *data_dir;
	char *listen[SRV_MAX_LISTEN]; /* listen_addresses, split at commas */
	int nlisten;
	int port, redis_port, http_port;
	bool enable_sql, enable_redis, enable_rest;
	int log_level; /* srv_log_level */
	int max_connections;
	size_t max_message_size;         /* bytes */
	int statement_timeout;           /* ms, 0: none */
	int lock_timeout;                /* ms, 0: none */
	int idle_in_transaction_timeout; /* ms, 0: none */
	int git_poll_interval;           /* ms between looks at refs git moved, 0: never */
	char *superuser, *database;
	char *ssl_cert_file, *ssl_key_file; /* NULL: no TLS */

	pg_auth_rule *rules; /* the auth lines in order; none: pg_auth_default_rules */
	int nrules;
	pg_auth_user *users; /* the user lines, then the superuser (srv_config_finish) */
	int nusers;
} srv_config;

/* The defaults: ./data, 127.0.0.1:5432, the other ports 6379 and 3000, info. */
void srv_config_init(srv_config *c);
void srv_config_free(srv_config *c);

/*
 * Set one setting by name from its text (where names the source for
 * messages: "file:line" or "--flag").  22023 for a bad value, 42704 for
 * an unknown name.
 */
int srv_config_set(
	srv_config *c, const char *name, const char *value, const char *where, store_err *err);

/* Read a config file; errors name file:line.  F0000 when it cannot be read. */
int srv_config_load(srv_config *c, const char *path, store_err *err);

/* After the file and the flags: default rules when none, the superuser among the users. */
int srv_config_finish(srv_config *c, store_err *err);

/* A user by name, or NULL. */
const pg_auth_user *srv_config_user(const srv_config *c, const char *name);

#endif
