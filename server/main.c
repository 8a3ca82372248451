/*
 * main.c - the chrondb executable: the server (no command, or
 * `chrondb server`), and a command-line tool over the document store.
 *
 * Each command opens the data directory (a bare Git repository, DESIGN.md
 * sections 3-5), does one thing through storage/store.h and closes it,
 * which checkpoints: after any command the repository is a plain Git
 * repository.  This file owns argument parsing (a table of commands and a
 * table of options), turning raw keys into encoded key names, printing
 * rows, history and logs as tab-separated lines that grep and cut can
 * take apart, and reporting errors as PostgreSQL does.
 *
 * The server (DESIGN.md section 8) reads its settings (config.h: the
 * defaults, then --config FILE, then the flags), opens the store, serves
 * PostgreSQL's protocol (process.h, pgwire/) until SIGTERM or SIGINT and
 * closes the store, which checkpoints.  `chrondb passwd USER` prints a
 * SCRAM verifier for the config file.  The front ends never include
 * storage headers; this tool is the one place that may, as an operator's
 * tool over the store.
 *
 * Exit status: 0 on success, 1 on an error from the store (or a missing
 * row), 2 on a usage error (a bad config file too).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "auth.h"
#include "config.h"
#include "keycodec.h"
#include "log.h"
#include "process.h"
#include "sqlrun.h"
#include "store.h"

#ifndef CHRONDB_VERSION
#define CHRONDB_VERSION "unknown"
#endif

enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_ERROR = 1,
	CLI_EXIT_USAGE = 2,
	CLI_EXIT_SQL = 3, /* sql: some statement failed (reported already) */
};

/* Command options, as bits: a command lists the ones it accepts. */
enum {
	CLI_O_AT = 1 << 0,
	CLI_O_LIMIT = 1 << 1,
	CLI_O_PK = 1 << 2,
	CLI_O_COLUMNS = 1 << 3,
	CLI_O_SQL = 1 << 4,
	CLI_O_SERVER = 1 << 5,
};

/* How a command needs the store. */
enum {
	CLI_NOSTORE = 0, /* help: no data directory at all */
	CLI_EXISTING,    /* the data directory must exist */
	CLI_CREATE,      /* init: create it when missing */
};

#define CLI_MAXARGS   8
#define CLI_MAXSQL    32 /* sql: -c and -f options */
#define CLI_TIME_SIZE 64

typedef struct cli {
	/* Global options. */
	const char *data_dir;
	const char *user;
	const char *branch;

	/* Command options; NULL when not given. */
	const char *at;
	const char *limit_arg;
	const char *pk;
	const char *columns;
	const char *command; /* sql -c (the last one; sql[] has them all) */
	const char *file;    /* sql -f (likewise) */

	/* The server's options: each sets a setting of config.h over the file. */
	const char *config;
	const char *host, *pg_port, *redis_port, *http_port, *log_level;
	const char *disable_sql, *disable_redis, *disable_rest; /* "off" when given */
	struct cli_sql {
		char kind; /* 'c' or 'f' */
		const char *text;
	} sql[CLI_MAXSQL]; /* sql's -c and -f options, in the order given */
	int nsql;
	size_t limit; /* --limit parsed; 0 means all */

	/* Positional arguments after the command name. */
	const char *args[CLI_MAXARGS];
	int nargs;

	store *s;
	store_err err;
} cli;

typedef struct cli_cmd {
	const char *name;
	int (*run)(cli *c);
	int min_args;
	int max_args;
	unsigned opts; /* CLI_O_* bits accepted */
	int needs;     /* CLI_NOSTORE, CLI_EXISTING or CLI_CREATE */
	const char *usage;
	const char *summary;
} cli_cmd;

typedef struct cli_optdef {
	const char *name;
	unsigned bit;     /* 0: a global option, accepted everywhere */
	size_t field;     /* offsetof the const char * in struct cli */
	const char *flag; /* a flag without a value: what the field is set to; NULL: takes one */
} cli_optdef;

static const cli_optdef cli_opts[] = {
	{"data-dir", 0, offsetof(cli, data_dir), NULL},
	{"user", 0, offsetof(cli, user), NULL},
	{"branch", 0, offsetof(cli, branch), NULL},
	{"at", CLI_O_AT, offsetof(cli, at), NULL},
	{"limit", CLI_O_LIMIT, offsetof(cli, limit_arg), NULL},
	{"pk", CLI_O_PK, offsetof(cli, pk), NULL},
	{"columns", CLI_O_COLUMNS, offsetof(cli, columns), NULL},
	{"command", CLI_O_SQL, offsetof(cli, command), NULL},
	{"file", CLI_O_SQL, offsetof(cli, file), NULL},
	{"config", CLI_O_SERVER, offsetof(cli, config), NULL},
	{"host", CLI_O_SERVER, offsetof(cli, host), NULL},
	{"pg-port", CLI_O_SERVER, offsetof(cli, pg_port), NULL},
	{"redis-port", CLI_O_SERVER, offsetof(cli, redis_port), NULL},
	{"http-port", CLI_O_SERVER, offsetof(cli, http_port), NULL},
	{"log-level", CLI_O_SERVER, offsetof(cli, log_level), NULL},
	{"disable-sql", CLI_O_SERVER, offsetof(cli, disable_sql), "off"},
	{"disable-redis", CLI_O_SERVER, offsetof(cli, disable_redis), "off"},
	{"disable-rest", CLI_O_SERVER, offsetof(cli, disable_rest), "off"},
};

/* Which setting of the config each server option sets. */
static const struct {
	size_t field;
	const char *setting;
	const char *flag;
} cli_server_opts[] = {
	{offsetof(cli, data_dir), "data_dir", "--data-dir"},
	{offsetof(cli, host), "listen_addresses", "--host"},
	{offsetof(cli, pg_port), "port", "--pg-port"},
	{offsetof(cli, redis_port), "redis_port", "--redis-port"},
	{offsetof(cli, http_port), "http_port", "--http-port"},
	{offsetof(cli, log_level), "log_level", "--log-level"},
	{offsetof(cli, disable_sql), "enable_sql", "--disable-sql"},
	{offsetof(cli, disable_redis), "enable_redis", "--disable-redis"},
	{offsetof(cli, disable_rest), "enable_rest", "--disable-rest"},
};

static int cmd_help(cli *c);

/* ---- Errors ---- */

/* Set a usage error; returns CLI_EXIT_USAGE. */
static int cli_usage(cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int cli_usage(cli *c, const char *fmt, ...)
{
	char msg[sizeof(c->err.message)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	store_err_set(&c->err, "42601", "%s", msg);
	return CLI_EXIT_USAGE;
}

/* Print an error as psql does: the primary message, then DETAIL, HINT and CONTEXT. */
static void cli_report(const store_err *err)
{
	fprintf(stderr, "chrondb: ERROR:  %s\n", err->message[0] ? err->message : "unknown error");
	if (err->detail[0] != '\0')
		fprintf(stderr, "DETAIL:  %s\n", err->detail);
	if (err->hint[0] != '\0')
		fprintf(stderr, "HINT:  %s\n", err->hint);
	if (err->context[0] != '\0')
		fprintf(stderr, "CONTEXT:  %s\n", err->context);
}

/* ---- Formatting ---- */

/* ISO 8601 in UTC with microseconds: "2024-05-01T12:34:56.123456Z". */
static void cli_fmt_time(char out[CLI_TIME_SIZE], int64_t t_us)
{
	time_t secs = (time_t)(t_us / 1000000);
	long us = (long)(t_us % 1000000);
	struct tm tm;
	size_t n;

	if (us < 0) {
		us += 1000000;
		secs--;
	}
	gmtime_r(&secs, &tm);
	n = strftime(out, CLI_TIME_SIZE, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, CLI_TIME_SIZE - n, ".%06ldZ", us);
}

/*
 * Write JSON text on one line: whitespace outside strings dropped, every
 * token kept byte for byte (numbers keep their digits).
 */
static void cli_put_compact(const char *json, size_t len, FILE *out)
{
	int in_string = 0, escaped = 0;

	for (size_t i = 0; i < len; i++) {
		char ch = json[i];

		if (in_string) {
			if (escaped)
				escaped = 0;
			else if (ch == '\\')
				escaped = 1;
			else if (ch == '"')
				in_string = 0;
		} else if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			continue;
		} else if (ch == '"') {
			in_string = 1;
		}
		putc(ch, out);
	}
}

static const char *cli_op_name(store_op op)
{
	switch (op) {
	case STORE_OP_INSERT:
		return "insert";
	case STORE_OP_UPDATE:
		return "update";
	case STORE_OP_DELETE:
		return "delete";
	}
	return "unknown";
}

/* ---- Store access ---- */

/* The branch this command works on: --branch or the store's default. */
static const char *cli_branch(const cli *c)
{
	return c->branch != NULL ? c->branch : store_default_branch(c->s);
}

/* Snapshot from a spec, or the head of the working branch when spec is NULL. */
static int cli_snap(cli *c, const char *spec, store_snap **out)
{
	if (spec != NULL)
		return store_snap_open(c->s, spec, out, &c->err);
	return store_snap_branch(c->s, cli_branch(c), out, &c->err);
}

/* Number of primary key columns in the table's catalog entry (1 when unknown). */
static int cli_pk_columns(store_snap *snap, const char *table)
{
	store_err ignored;
	char *def = NULL;
	json_t *root, *pk;
	int n = 1;

	/* An unknown table is reported by the store when the key is used. */
	store_err_clear(&ignored);
	if (store_catalog(snap, table, &def, &ignored) != STORE_OK)
		return 1;
	root = json_loads(def, 0, NULL);
	free(def);
	pk = root != NULL ? json_object_get(root, "primary_key") : NULL;
	if (json_is_array(pk) && json_array_size(pk) > 1)
		n = (int)json_array_size(pk);
	json_decref(root);
	return n;
}

/*
 * Encode a raw key given on the command line into the table's key name.
 * A composite primary key takes its parts separated by ',' (so a part
 * cannot itself hold a ',': XXX: there is no escape for it yet; a
 * --key-part option repeated per column would lift that).  *out is
 * malloc'd; the caller frees it.
 */
static int cli_key(
	cli *c, store_snap *snap, const char *table, const char *raw, char **out, size_t *outlen)
{
	int nparts = cli_pk_columns(snap, table);
	const char *parts[64];
	size_t lens[64];
	int n = 0;
	size_t need;
	const char *p = raw;

	/* Split a composite key at ','; one part otherwise. */
	if (nparts > 1) {
		for (;;) {
			const char *comma = strchr(p, ',');

			if (n == (int)(sizeof(parts) / sizeof(parts[0])))
				break;
			parts[n] = p;
			lens[n] = comma != NULL ? (size_t)(comma - p) : strlen(p);
			n++;
			if (comma == NULL)
				break;
			p = comma + 1;
		}
		if (n != nparts) {
			store_err_set(&c->err, "22023",
				"wrong number of key parts for table \"%s\"", table);
			store_err_detail(&c->err,
				"The primary key has %d columns; \"%s\" gives %d.", nparts, raw, n);
			store_err_hint(
				&c->err, "Separate the parts of a composite key with \",\".");
			return STORE_ERROR;
		}
	} else {
		parts[0] = raw;
		lens[0] = strlen(raw);
		n = 1;
	}

	/* Encode, sizing the buffer from a first pass. */
	need = store_key_encode_parts(NULL, 0, parts, lens, n);
	*out = malloc(need + 1);
	if (*out == NULL)
		return store_err_set(&c->err, "53200", "out of memory");
	store_key_encode_parts(*out, need + 1, parts, lens, n);
	*outlen = need;
	return STORE_OK;
}

/* Metadata for the commits this tool writes. */
static void cli_meta(const cli *c, store_txmeta *meta)
{
	memset(meta, 0, sizeof(*meta));
	meta->user = c->user;
	meta->origin = "cli";
}

/* Commit and print the new commit id, or a notice when nothing changed. */
static int cli_commit(cli *c, store_tx *tx)
{
	store_txmeta meta;
	store_oid commit;
	char hex[STORE_OID_HEXSZ + 1];

	memset(&commit, 0, sizeof(commit));
	cli_meta(c, &meta);
	if (store_tx_commit(tx, &meta, &commit, &c->err) != STORE_OK)
		return CLI_EXIT_ERROR;
	if (store_oid_is_zero(&commit)) {
		fprintf(stderr, "chrondb: NOTICE:  nothing changed, no commit written\n");
		return CLI_EXIT_OK;
	}
	store_oid_fmt(hex, &commit);
	printf("%s\n", hex);
	return CLI_EXIT_OK;
}

static int cli_begin(cli *c, store_tx **tx)
{
	return store_tx_begin(c->s, c->branch, STORE_READ_COMMITTED, tx, &c->err);
}

/* Read all of stdin into a malloc'd, NUL-terminated buffer. */
static char *cli_read_stdin(size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);

	while (buf != NULL) {
		size_t got;

		if (cap - n < 2) {
			char *bigger = realloc(buf, cap * 2);

			if (bigger == NULL)
				break;
			buf = bigger;
			cap *= 2;
		}
		got = fread(buf + n, 1, cap - n - 1, stdin);
		n += got;
		if (got == 0) {
			if (ferror(stdin))
				break;
			buf[n] = '\0';
			*len = n;
			return buf;
		}
	}
	free(buf);
	return NULL;
}

/* ---- Commands ---- */

static int cmd_init(cli *c)
{
	/* Opening created the repository; it writes no commit. */
	return CLI_EXIT_OK;
}

/*
 * Build {"columns":[...],"primary_key":[...]} from --columns (a JSON array
 * of column objects, or of names meaning text columns) and --pk.
 * Defaults: the pk columns as text, or a single text column "id"; the
 * primary key defaults to "id" when there is such a column, else the first.
 */
static int cmd_create_table(cli *c)
{
	const char *table = c->args[0];
	json_t *def = json_object(), *cols, *pk = json_array();
	json_error_t jerr;
	store_tx *tx;
	char *text;
	int rc;

	/* Columns: given, or made from --pk, or just "id". */
	if (c->columns != NULL) {
		json_t *given = json_loads(c->columns, JSON_DECODE_ANY, &jerr);
		size_t i;
		json_t *col;

		if (!json_is_array(given) || json_array_size(given) == 0) {
			json_decref(given);
			json_decref(def);
			json_decref(pk);
			store_err_set(&c->err, "22P02", "invalid value for --columns");
			store_err_detail(&c->err, "%s",
				given == NULL ? jerr.text : "It is not a non-empty JSON array.");
			store_err_hint(&c->err,
				"Give a JSON array such as '[{\"name\":\"id\",\"type\":\"text\"},{\"name\":\"n\",\"type\":\"integer\"}]' or '[\"id\",\"name\"]'.");
			return CLI_EXIT_USAGE;
		}
		cols = json_array();
		json_array_foreach(given, i, col)
		{
			if (json_is_string(col))
				json_array_append_new(
					cols, json_pack("{s:O,s:s}", "name", col, "type", "text"));
			else
				json_array_append(cols, col);
		}
		json_decref(given);
	} else {
		cols = json_array();
		if (c->pk == NULL) {
			json_array_append_new(
				cols, json_pack("{s:s,s:s}", "name", "id", "type", "text"));
		}
	}

	/* Primary key: --pk, else "id" or the first column. */
	if (c->pk != NULL) {
		const char *p = c->pk;

		for (;;) {
			const char *comma = strchr(p, ',');
			size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);
			json_t *name = json_stringn(p, n);

			json_array_append_new(pk, name);
			if (c->columns == NULL)
				json_array_append_new(
					cols, json_pack("{s:O,s:s}", "name", name, "type", "text"));
			if (comma == NULL)
				break;
			p = comma + 1;
		}
	} else {
		size_t i;
		json_t *col, *first = NULL;

		json_array_foreach(cols, i, col)
		{
			json_t *name = json_object_get(col, "name");

			if (first == NULL)
				first = name;
			if (json_is_string(name) && strcmp(json_string_value(name), "id") == 0)
				first = name;
		}
		if (json_is_string(first))
			json_array_append(pk, first);
	}
	json_object_set_new(def, "columns", cols);
	json_object_set_new(def, "primary_key", pk);
	text = json_dumps(def, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(def);
	if (text == NULL) {
		store_err_set(&c->err, "53200", "out of memory");
		return CLI_EXIT_ERROR;
	}

	/* One commit that adds the catalog entry. */
	if (cli_begin(c, &tx) != STORE_OK) {
		free(text);
		return CLI_EXIT_ERROR;
	}
	rc = store_tx_create_table(tx, table, text, &c->err);
	free(text);
	if (rc != STORE_OK) {
		store_tx_rollback(tx);
		return CLI_EXIT_ERROR;
	}
	return cli_commit(c, tx);
}

static int cmd_drop_table(cli *c)
{
	store_tx *tx;

	if (cli_begin(c, &tx) != STORE_OK)
		return CLI_EXIT_ERROR;
	if (store_tx_drop_table(tx, c->args[0], &c->err) != STORE_OK) {
		store_tx_rollback(tx);
		return CLI_EXIT_ERROR;
	}
	return cli_commit(c, tx);
}

static int cmd_tables(cli *c)
{
	store_snap *snap;
	char **names = NULL;
	size_t n = 0;
	int rc;

	if (cli_snap(c, c->nargs > 0 ? c->args[0] : NULL, &snap) != STORE_OK)
		return CLI_EXIT_ERROR;
	rc = store_tables(snap, &names, &n, &c->err);
	store_snap_free(snap);
	if (rc != STORE_OK)
		return CLI_EXIT_ERROR;
	for (size_t i = 0; i < n; i++)
		printf("%s\n", names[i]);
	free(names);
	return CLI_EXIT_OK;
}

static int cmd_put(cli *c)
{
	const char *table = c->args[0], *json = c->args[2];
	char *key = NULL, *input = NULL;
	size_t keylen, len;
	store_tx *tx;
	int rc;

	/* The document: the argument, or stdin for "-". */
	if (strcmp(json, "-") == 0) {
		input = cli_read_stdin(&len);
		if (input == NULL) {
			store_err_set(&c->err, "58030", "could not read standard input: %s",
				strerror(errno));
			return CLI_EXIT_ERROR;
		}
		json = input;
	} else {
		len = strlen(json);
	}

	if (cli_begin(c, &tx) != STORE_OK) {
		free(input);
		return CLI_EXIT_ERROR;
	}
	rc = cli_key(c, store_tx_base(tx), table, c->args[1], &key, &keylen);
	if (rc == STORE_OK)
		rc = store_tx_put(tx, table, key, keylen, json, len, &c->err);
	free(key);
	free(input);
	if (rc != STORE_OK) {
		store_tx_rollback(tx);
		return CLI_EXIT_ERROR;
	}
	return cli_commit(c, tx);
}

static int cmd_get(cli *c)
{
	const char *table = c->args[0];
	store_snap *snap;
	char *key = NULL, *json = NULL;
	size_t keylen, len = 0;
	int rc;

	if (cli_snap(c, c->at, &snap) != STORE_OK)
		return CLI_EXIT_ERROR;
	rc = cli_key(c, snap, table, c->args[1], &key, &keylen);
	if (rc == STORE_OK)
		rc = store_get(snap, table, key, keylen, &json, &len, NULL, &c->err);
	store_snap_free(snap);
	free(key);
	if (rc == STORE_NOTFOUND) {
		store_err_set(&c->err, "P0002", "row \"%s\" not found in table \"%s\"", c->args[1],
			table);
		return CLI_EXIT_ERROR;
	}
	if (rc != STORE_OK)
		return CLI_EXIT_ERROR;
	fwrite(json, 1, len, stdout);
	if (len == 0 || json[len - 1] != '\n')
		putchar('\n');
	free(json);
	return CLI_EXIT_OK;
}

static int cmd_delete(cli *c)
{
	const char *table = c->args[0];
	char *key = NULL;
	size_t keylen;
	store_tx *tx;
	int rc;

	if (cli_begin(c, &tx) != STORE_OK)
		return CLI_EXIT_ERROR;
	rc = cli_key(c, store_tx_base(tx), table, c->args[1], &key, &keylen);
	if (rc == STORE_OK)
		rc = store_tx_delete(tx, table, key, keylen, &c->err);
	free(key);
	if (rc != STORE_OK) {
		store_tx_rollback(tx);
		return CLI_EXIT_ERROR;
	}
	return cli_commit(c, tx);
}

/* One line per row: the key name, a tab, the row as one line of JSON. */
static int cmd_scan(cli *c)
{
	store_snap *snap;
	store_scan *sc;
	size_t rows = 0;
	int rc = 0;

	if (cli_snap(c, c->at, &snap) != STORE_OK)
		return CLI_EXIT_ERROR;
	if (store_scan_open(snap, c->args[0], &sc, &c->err) != STORE_OK) {
		store_snap_free(snap);
		return CLI_EXIT_ERROR;
	}
	while (c->limit == 0 || rows < c->limit) {
		const char *key, *json;
		size_t keylen, len;

		rc = store_scan_next(sc, &key, &keylen, &json, &len, &c->err);
		if (rc != 1)
			break;
		fwrite(key, 1, keylen, stdout);
		putchar('\t');
		cli_put_compact(json, len, stdout);
		putchar('\n');
		rows++;
		rc = 0;
	}
	store_scan_close(sc);
	store_snap_free(snap);
	return rc == STORE_ERROR ? CLI_EXIT_ERROR : CLI_EXIT_OK;
}

/* One line per version, newest first: commit, time, author, operation. */
static int cmd_history(cli *c)
{
	const char *table = c->args[0];
	store_snap *snap;
	store_version *v = NULL;
	char *key = NULL;
	size_t keylen, n = 0;
	int rc;

	if (cli_snap(c, c->at, &snap) != STORE_OK)
		return CLI_EXIT_ERROR;
	rc = cli_key(c, snap, table, c->args[1], &key, &keylen);
	if (rc == STORE_OK)
		rc = store_row_history(snap, table, key, keylen, c->limit, &v, &n, &c->err);
	store_snap_free(snap);
	free(key);
	if (rc != STORE_OK)
		return CLI_EXIT_ERROR;
	for (size_t i = 0; i < n; i++) {
		char hex[STORE_OID_HEXSZ + 1], when[CLI_TIME_SIZE];

		store_oid_fmt(hex, &v[i].commit);
		cli_fmt_time(when, v[i].time_us);
		printf("%s\t%s\t%s\t%s\n", hex, when, v[i].author, cli_op_name(v[i].op));
	}
	free(v);
	return CLI_EXIT_OK;
}

/* One line per commit: id, time, author, first line of the message, note. */
static int cmd_log(cli *c)
{
	store_snap *snap;
	store_logentry *e = NULL;
	size_t n = 0;
	int rc;

	if (cli_snap(c, c->nargs > 0 ? c->args[0] : NULL, &snap) != STORE_OK)
		return CLI_EXIT_ERROR;
	rc = store_log(snap, c->limit, &e, &n, &c->err);
	store_snap_free(snap);
	if (rc != STORE_OK)
		return CLI_EXIT_ERROR;
	for (size_t i = 0; i < n; i++) {
		char hex[STORE_OID_HEXSZ + 1], when[CLI_TIME_SIZE];
		const char *msg = e[i].message != NULL ? e[i].message : "";

		store_oid_fmt(hex, &e[i].commit);
		cli_fmt_time(when, e[i].time_us);
		printf("%s\t%s\t%s\t%.*s\t", hex, when, e[i].author, (int)strcspn(msg, "\n"), msg);
		if (e[i].note != NULL)
			cli_put_compact(e[i].note, strlen(e[i].note), stdout);
		else
			fputs("null", stdout);
		putchar('\n');
	}
	store_log_free(e, n);
	return CLI_EXIT_OK;
}

static int cmd_branch_list(cli *c)
{
	store_branch_info *b = NULL;
	size_t n = 0;

	if (store_branch_list(c->s, &b, &n, &c->err) != STORE_OK)
		return CLI_EXIT_ERROR;
	for (size_t i = 0; i < n; i++) {
		char hex[STORE_OID_HEXSZ + 1];
		int is_default = strcmp(b[i].name, store_default_branch(c->s)) == 0;

		if (store_oid_is_zero(&b[i].head))
			snprintf(hex, sizeof(hex), "-");
		else
			store_oid_fmt(hex, &b[i].head);
		printf("%s\t%s%s\n", b[i].name, hex, is_default ? "\tdefault" : "");
	}
	free(b);
	return CLI_EXIT_OK;
}

static int cmd_branch_create(cli *c)
{
	store_snap *from;
	int rc;

	if (cli_snap(c, c->nargs > 2 ? c->args[2] : NULL, &from) != STORE_OK)
		return CLI_EXIT_ERROR;
	rc = store_branch_create(c->s, c->args[1], from, &c->err);
	store_snap_free(from);
	return rc == STORE_OK ? CLI_EXIT_OK : CLI_EXIT_ERROR;
}

static int cmd_branch_delete(cli *c)
{
	if (store_branch_delete(c->s, c->args[1], &c->err) != STORE_OK)
		return CLI_EXIT_ERROR;
	return CLI_EXIT_OK;
}

/* merge SOURCE TARGET [STRATEGY]: store_merge, one line: the outcome, the head, the conflicts. */
static int cmd_branch_merge(cli *c)
{
	static const char *const outcomes[] = {
		"", "up-to-date", "fast-forward", "merged", "conflicts"};
	store_merge_strategy strategy = STORE_MERGE_FAIL;
	store_merge_result res;
	char hex[STORE_OID_HEXSZ + 1] = "-";

	if (c->nargs > 3 && store_merge_strategy_named(c->args[3], &strategy) != STORE_OK) {
		store_err_set(&c->err, "22023", "invalid merge strategy \"%s\"", c->args[3]);
		store_err_hint(&c->err, "The strategies are ours and theirs.");
		return CLI_EXIT_ERROR;
	}
	if (store_merge(c->s, c->args[1], c->args[2], strategy, NULL, -1, NULL, &res, &c->err) !=
		STORE_OK)
		return CLI_EXIT_ERROR;
	if (!store_oid_is_zero(&res.head))
		store_oid_fmt(hex, &res.head);
	printf("%s\t%s\t%zu\n", outcomes[res.outcome], hex, res.nconflicts);
	return res.outcome == STORE_MERGE_CONFLICTED ? CLI_EXIT_ERROR : CLI_EXIT_OK;
}

/* "branch" subcommands; the argument counts include the subcommand. */
static const cli_cmd cli_branch_cmds[] = {
	{"list", cmd_branch_list, 1, 1, 0, CLI_EXISTING, "", "list branches: name, head, default"},
	{"create", cmd_branch_create, 2, 3, 0, CLI_EXISTING, "NAME [FROM]",
		"create a branch at FROM (a snapshot spec; default: the working branch)"},
	{"delete", cmd_branch_delete, 2, 2, 0, CLI_EXISTING, "NAME",
		"delete a branch (never the default one)"},
	{"merge", cmd_branch_merge, 3, 4, 0, CLI_EXISTING, "SOURCE TARGET [ours|theirs]",
		"merge SOURCE (a branch or any ref) into the branch TARGET: outcome, head, conflicts"},
};

static int cmd_branch(cli *c)
{
	const char *sub = c->nargs > 0 ? c->args[0] : "list";
	int have = c->nargs > 0 ? c->nargs : 1;

	for (size_t i = 0; i < sizeof(cli_branch_cmds) / sizeof(cli_branch_cmds[0]); i++) {
		const cli_cmd *b = &cli_branch_cmds[i];

		if (strcmp(b->name, sub) != 0)
			continue;
		if (have < b->min_args || have > b->max_args) {
			cli_usage(c, "wrong number of arguments for \"branch %s\"", sub);
			store_err_hint(&c->err, "Usage: chrondb branch %s %s", b->name, b->usage);
			return CLI_EXIT_USAGE;
		}
		return b->run(c);
	}
	cli_usage(c, "unknown branch command \"%s\"", sub);
	store_err_hint(&c->err,
		"Use \"branch list\", \"branch create NAME [FROM]\", \"branch delete NAME\" or "
		"\"branch merge SOURCE TARGET [STRATEGY]\".");
	return CLI_EXIT_USAGE;
}

static int cmd_checkpoint(cli *c)
{
	return store_checkpoint(c->s, &c->err) == STORE_OK ? CLI_EXIT_OK : CLI_EXIT_ERROR;
}

static int cmd_repack(cli *c)
{
	return store_repack(c->s, &c->err) == STORE_OK ? CLI_EXIT_OK : CLI_EXIT_ERROR;
}

/* status: the branches with their heads, then the tables with row counts. */
static int cmd_status(cli *c)
{
	store_branch_info *b = NULL;
	store_snap *snap;
	char **names = NULL;
	size_t nb = 0, nt = 0;

	if (store_branch_list(c->s, &b, &nb, &c->err) != STORE_OK)
		return CLI_EXIT_ERROR;
	printf("data directory: %s\n", c->data_dir);
	printf("branches:\n");
	for (size_t i = 0; i < nb; i++) {
		char hex[STORE_OID_HEXSZ + 1];

		if (store_oid_is_zero(&b[i].head))
			snprintf(hex, sizeof(hex), "(no commits)");
		else
			store_oid_fmt(hex, &b[i].head);
		printf("  %s\t%s%s\n", b[i].name, hex,
			strcmp(b[i].name, store_default_branch(c->s)) == 0 ? "\tdefault" : "");
	}
	free(b);

	if (cli_snap(c, NULL, &snap) != STORE_OK)
		return CLI_EXIT_ERROR;
	if (store_tables(snap, &names, &nt, &c->err) != STORE_OK) {
		store_snap_free(snap);
		return CLI_EXIT_ERROR;
	}
	printf("tables on %s:%s\n", cli_branch(c), nt == 0 ? " none" : "");
	for (size_t i = 0; i < nt; i++) {
		uint64_t rows = 0;

		if (store_count(snap, names[i], &rows, &c->err) != STORE_OK)
			break;
		printf("  %s\t%llu rows\n", names[i], (unsigned long long)rows);
	}
	free(names);
	store_snap_free(snap);
	if (store_err_isset(&c->err))
		return CLI_EXIT_ERROR;
	printf("Run \"chrondb help\" for the commands.\n");
	return CLI_EXIT_OK;
}

/*
 * sql: the embedded runner.  Its -c and -f options run in the order
 * given, in one session, as psql's do; a script (-f) is echoed as psql
 * -a echoes it, so that its output compares with PostgreSQL's; with
 * neither, standard input is the script.  Exit status 3 when any
 * statement failed.
 */
static int cmd_sql(cli *c)
{
	srv_sql_runner *r;
	srv_sql_opts o;
	int failed = 0;

	memset(&o, 0, sizeof(o));
	o.user = c->user;
	o.branch = c->branch;
	if (srv_sql_open(c->s, &o, stdout, &r, &c->err) != 0)
		return CLI_EXIT_ERROR;
	if (c->nsql == 0)
		failed = srv_sql_script(r, stdin, false);
	for (int i = 0; i < c->nsql; i++) {
		const char *text = c->sql[i].text;
		FILE *in = stdin;

		if (c->sql[i].kind == 'c') {
			failed |= srv_sql_command(r, text, stdin);
			continue;
		}
		if (strcmp(text, "-") != 0 && (in = fopen(text, "r")) == NULL) {
			store_err_set(&c->err, "58P01", "could not open file \"%s\": %s", text,
				strerror(errno));
			srv_sql_close(r);
			return CLI_EXIT_ERROR;
		}
		failed |= srv_sql_script(r, in, true);
		if (in != stdin)
			fclose(in);
	}
	srv_sql_close(r);

	/* Errors were printed already; the status alone says some happened. */
	return failed ? CLI_EXIT_SQL : CLI_EXIT_OK;
}

/* ---- The server ---- */

static srv_server *cli_srv; /* what the signal handlers stop */

static void cli_on_signal(int signo)
{
	if (cli_srv != NULL)
		srv_server_stop(cli_srv, signo);
}

/* The settings: defaults, the config file, the flags over it. */
static int cli_server_config(cli *c, srv_config *cfg)
{
	if (c->config != NULL && srv_config_load(cfg, c->config, &c->err) != STORE_OK)
		return CLI_EXIT_USAGE;
	for (size_t i = 0; i < sizeof(cli_server_opts) / sizeof(cli_server_opts[0]); i++) {
		const char *v = *(const char **)((const char *)c + cli_server_opts[i].field);

		if (v != NULL && srv_config_set(cfg, cli_server_opts[i].setting, v,
					 cli_server_opts[i].flag, &c->err) != STORE_OK)
			return CLI_EXIT_USAGE;
	}
	if (srv_config_finish(cfg, &c->err) != STORE_OK)
		return CLI_EXIT_USAGE;
	return CLI_EXIT_OK;
}

/* The store's log lines (a push taken in, a merge, a failed checkpoint) in the server's log. */
static void cli_store_log(int level, const char *msg)
{
	static const srv_log_level levels[] = {
		SRV_LOG_DEBUG, SRV_LOG_INFO, SRV_LOG_WARNING, SRV_LOG_ERROR};

	SRV_LOG(levels[level], "storage", "%s", msg);
}

/*
 * server: serve until SIGTERM or SIGINT, then stop accepting, end the
 * sessions (their transactions roll back), close the store
 * (checkpoint) and exit 0.
 */
static int cmd_server(cli *c)
{
	struct sigaction sa;
	srv_config cfg;
	store_opts opts;
	int rc;

	srv_config_init(&cfg);
	if ((rc = cli_server_config(c, &cfg)) != CLI_EXIT_OK) {
		srv_config_free(&cfg);
		return rc;
	}
	srv_log_min = (srv_log_level)cfg.log_level;

	/* The data directory, created when missing (as init does). */
	store_opts_init(&opts);
	opts.log = cli_store_log;
	opts.ref_poll_ms = cfg.git_poll_interval;
	if (store_open(&c->s, cfg.data_dir, &opts, &c->err) != STORE_OK) {
		srv_config_free(&cfg);
		return CLI_EXIT_ERROR;
	}
	if (srv_server_new(&cfg, c->s, &cli_srv, &c->err) != STORE_OK) {
		srv_config_free(&cfg);
		return CLI_EXIT_ERROR;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = cli_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	SRV_LOG(SRV_LOG_INFO, "server", "chrondb %s ready, data directory \"%s\"", CHRONDB_VERSION,
		cfg.data_dir);

	srv_server_run(cli_srv);
	srv_server_free(cli_srv);
	cli_srv = NULL;
	{
		store_stats st;

		store_get_stats(c->s, &st);
		SRV_LOG(SRV_LOG_INFO, "server",
			"closing the store (checkpoint) after %llu commits, %llu WAL flushes, %llu checkpoints",
			(unsigned long long)st.commits, (unsigned long long)st.wal_flushes,
			(unsigned long long)st.checkpoints);
	}
	store_close(c->s);
	c->s = NULL;
	SRV_LOG(SRV_LOG_INFO, "server", "shut down");
	srv_config_free(&cfg);
	return CLI_EXIT_OK;
}

/* One line of standard input without its line end; echo off when it is a terminal. */
static int cli_read_password(const char *prompt, bool tty, char *out, size_t outsz)
{
	struct termios old, quiet;
	size_t n;
	int ok;

	if (tty) {
		fputs(prompt, stderr);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	ok = fgets(out, (int)outsz, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!ok)
		return -1;
	n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return 0;
}

/* passwd USER: a SCRAM-SHA-256 verifier as a config line. */
static int cmd_passwd(cli *c)
{
	char pw[1024], again[1024], verifier[PG_AUTH_VERIFIER_SIZE];
	bool tty = isatty(STDIN_FILENO);
	int rc = CLI_EXIT_ERROR;

	if (cli_read_password("Enter password: ", tty, pw, sizeof(pw)) != 0 || pw[0] == '\0') {
		store_err_set(&c->err, "28P01", "no password given");
		return CLI_EXIT_ERROR;
	}
	if (tty && (cli_read_password("Enter it again: ", tty, again, sizeof(again)) != 0 ||
			   strcmp(pw, again) != 0)) {
		store_err_set(&c->err, "28P01", "passwords do not match");
	} else if (pg_auth_scram_verifier(pw, verifier, sizeof(verifier), &c->err) == STORE_OK) {
		printf("user.%s = '%s'\n", c->args[0], verifier);
		rc = CLI_EXIT_OK;
	}
	memset(pw, 0, sizeof(pw));
	memset(again, 0, sizeof(again));
	return rc;
}

static const cli_cmd cli_cmds[] = {
	{"server", cmd_server, 0, 0, CLI_O_SERVER, CLI_NOSTORE,
		"[--config FILE] [--host ADDR] [--pg-port N] [--log-level L] ...",
		"serve PostgreSQL's protocol from the data directory (the default command)"},
	{"status", cmd_status, 0, 0, 0, CLI_EXISTING, "",
		"the branches and the tables of the data directory, with row counts"},
	{"passwd", cmd_passwd, 1, 1, 0, CLI_NOSTORE, "USER",
		"read a password and print a SCRAM-SHA-256 verifier line for the config file"},
	{"init", cmd_init, 0, 0, 0, CLI_CREATE, "",
		"create the data directory (a bare Git repository) if it does not exist"},
	{"create-table", cmd_create_table, 1, 1, CLI_O_PK | CLI_O_COLUMNS, CLI_EXISTING,
		"TABLE [--pk COL[,COL...]] [--columns JSON]",
		"create a table; columns default to the --pk columns or \"id\", as text"},
	{"drop-table", cmd_drop_table, 1, 1, 0, CLI_EXISTING, "TABLE",
		"drop a table and all its rows"},
	{"tables", cmd_tables, 0, 1, 0, CLI_EXISTING, "[SPEC]", "list the tables"},
	{"put", cmd_put, 3, 3, 0, CLI_EXISTING, "TABLE KEY JSON|-",
		"insert or replace a row (JSON from the argument, or stdin for -)"},
	{"get", cmd_get, 2, 2, CLI_O_AT, CLI_EXISTING, "TABLE KEY [--at SPEC]",
		"print a row as canonical JSON"},
	{"delete", cmd_delete, 2, 2, 0, CLI_EXISTING, "TABLE KEY", "delete a row"},
	{"scan", cmd_scan, 1, 1, CLI_O_AT | CLI_O_LIMIT, CLI_EXISTING,
		"TABLE [--at SPEC] [--limit N]", "print rows in key order: key, tab, JSON"},
	{"history", cmd_history, 2, 2, CLI_O_AT | CLI_O_LIMIT, CLI_EXISTING,
		"TABLE KEY [--at SPEC] [--limit N]",
		"versions of a row, newest first: commit, time, author, operation"},
	{"log", cmd_log, 0, 1, CLI_O_LIMIT, CLI_EXISTING, "[SPEC] [--limit N]",
		"commits, newest first: commit, time, author, message, note"},
	{"branch", cmd_branch, 0, 4, 0, CLI_EXISTING,
		"list | create NAME [FROM] | delete NAME | merge SOURCE TARGET [STRATEGY]",
		"list, create, delete or merge branches"},
	{"checkpoint", cmd_checkpoint, 0, 0, 0, CLI_EXISTING, "",
		"write pending objects into a pack and the refs to disk"},
	{"repack", cmd_repack, 0, 0, 0, CLI_EXISTING, "",
		"consolidate all packs into one, with delta compression"},
	{"sql", cmd_sql, 0, 0, CLI_O_SQL, CLI_CREATE, "[-c SQL | -f FILE]...",
		"run SQL in-process: each -c and -f in order, scripts echoed (psql -a)"},
	{"help", cmd_help, 0, 1, 0, CLI_NOSTORE, "[COMMAND]", "show this help"},
};

static const size_t cli_ncmds = sizeof(cli_cmds) / sizeof(cli_cmds[0]);

static void cli_print_help(FILE *out)
{
	fprintf(out,
		"usage: chrondb [--data-dir DIR] [--user NAME] [--branch NAME] [COMMAND [ARGS]]\n"
		"\n"
		"ChronDB keeps tables as JSON documents in a bare Git repository, DIR\n"
		"(default ./data); every write is a Git commit.  Without a command, chrondb\n"
		"is the server: PostgreSQL's protocol on 127.0.0.1:5432 (`chrondb server`).\n"
		"\n"
		"commands:\n");
	for (size_t i = 0; i < cli_ncmds; i++) {
		char head[96];

		snprintf(head, sizeof(head), "%s %s", cli_cmds[i].name, cli_cmds[i].usage);
		fprintf(out, "  %s\n      %s\n", head, cli_cmds[i].summary);
	}
	fprintf(out,
		"\n"
		"options:\n"
		"  --data-dir DIR  the data directory (default ./data)\n"
		"  --user NAME     author of the commits a command writes (default chrondb)\n"
		"  --branch NAME   branch to read and write (default: the default branch)\n"
		"  --version       print the version and exit\n"
		"\n"
		"server options (over the settings of the config file, server/README.md):\n"
		"  --config FILE   read settings from FILE (key = value lines)\n"
		"  --host ADDR     listen_addresses: addresses to listen on, comma-separated\n"
		"  --pg-port N     port for PostgreSQL's protocol (default 5432)\n"
		"  --redis-port N, --http-port N\n"
		"                  ports of the RESP and REST front ends (not served yet)\n"
		"  --disable-sql, --disable-redis, --disable-rest\n"
		"                  do not serve that protocol\n"
		"  --log-level L   debug, info (default), warning or error\n"
		"\n"
		"KEY is the primary key value as text; for a composite key, the parts\n"
		"separated by \",\".  SPEC names a commit: a branch, HEAD, a tag or a commit\n"
		"id (4+ hex digits), each optionally followed by ~N or ^N, or @TIME (ISO 8601\n"
		"or seconds since the epoch; BRANCH@TIME for another branch).\n"
		"\n"
		"Output is one tab-separated line per item.  Exit status: 0 success, 1 error,\n"
		"2 usage error.\n");
}

static int cmd_help(cli *c)
{
	if (c->nargs == 0) {
		cli_print_help(stdout);
		return CLI_EXIT_OK;
	}
	for (size_t i = 0; i < cli_ncmds; i++) {
		if (strcmp(cli_cmds[i].name, c->args[0]) == 0) {
			printf("usage: chrondb %s %s\n  %s\n", cli_cmds[i].name, cli_cmds[i].usage,
				cli_cmds[i].summary);
			return CLI_EXIT_OK;
		}
	}
	return cli_usage(c, "unknown command \"%s\"", c->args[0]);
}

/* ---- Driver ---- */

static const cli_cmd *cli_find(const char *name)
{
	for (size_t i = 0; i < cli_ncmds; i++)
		if (strcmp(cli_cmds[i].name, name) == 0)
			return &cli_cmds[i];
	return NULL;
}

/*
 * Parse the command line: options (--name VALUE or --name=VALUE) may come
 * anywhere; the first other word is the command, the rest its arguments.
 * "--" ends the options.  *cmd is NULL when no command was given.
 */
static int cli_parse(cli *c, int argc, char **argv, const cli_cmd **cmd, int *version)
{
	const char *name = NULL;
	unsigned seen = 0;
	int dashdash = 0;

	*cmd = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *value, *eq;
		const cli_optdef *def = NULL;
		size_t nlen;

		if (dashdash || a[0] != '-' || strcmp(a, "-") == 0) {
			if (name == NULL)
				name = a;
			else if (c->nargs == CLI_MAXARGS)
				return cli_usage(c, "too many arguments");
			else
				c->args[c->nargs++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			dashdash = 1;
			continue;
		}
		if (strcmp(a, "--version") == 0) {
			*version = 1;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			name = "help";
			continue;
		}

		/* psql's short forms for sql's options. */
		if (strcmp(a, "-c") == 0)
			a = "--command";
		else if (strcmp(a, "-f") == 0)
			a = "--file";

		/* An option from the table, with its value. */
		eq = strchr(a, '=');
		nlen = eq != NULL ? (size_t)(eq - a) : strlen(a);
		for (size_t j = 0; a[1] == '-' && j < sizeof(cli_opts) / sizeof(cli_opts[0]); j++)
			if (strlen(cli_opts[j].name) == nlen - 2 &&
				strncmp(cli_opts[j].name, a + 2, nlen - 2) == 0)
				def = &cli_opts[j];
		if (def == NULL) {
			cli_usage(c, "unknown option \"%.*s\"", (int)nlen, a);
			store_err_hint(&c->err, "Run \"chrondb help\" for the options.");
			return CLI_EXIT_USAGE;
		}
		if (def->flag != NULL && eq != NULL)
			return cli_usage(c, "option \"--%s\" takes no value", def->name);
		if (def->flag != NULL)
			value = def->flag;
		else if (eq != NULL)
			value = eq + 1;
		else if (i + 1 < argc)
			value = argv[++i];
		else
			return cli_usage(c, "option \"--%s\" needs a value", def->name);
		*(const char **)((char *)c + def->field) = value;
		seen |= def->bit;

		/* sql runs every -c and -f in order, as psql does. */
		if (def->bit == CLI_O_SQL) {
			if (c->nsql == CLI_MAXSQL)
				return cli_usage(
					c, "too many -c and -f options (at most %d)", CLI_MAXSQL);
			c->sql[c->nsql].kind = def->name[0];
			c->sql[c->nsql++].text = value;
		}
	}

	if (*version)
		return CLI_EXIT_OK;

	/* The command, its argument count and its options. */
	if (name == NULL) {
		*cmd = cli_find("server");
	} else if ((*cmd = cli_find(name)) == NULL) {
		cli_usage(c, "unknown command \"%s\"", name);
		store_err_hint(&c->err, "Run \"chrondb help\" for the list of commands.");
		return CLI_EXIT_USAGE;
	}
	if (c->nargs < (*cmd)->min_args || c->nargs > (*cmd)->max_args) {
		cli_usage(c, "wrong number of arguments for \"%s\"", name ? name : "chrondb");
		store_err_hint(&c->err, "Usage: chrondb %s %s", (*cmd)->name, (*cmd)->usage);
		return CLI_EXIT_USAGE;
	}
	if ((seen & ~(*cmd)->opts) != 0) {
		for (size_t j = 0; j < sizeof(cli_opts) / sizeof(cli_opts[0]); j++)
			if (seen & ~(*cmd)->opts & cli_opts[j].bit)
				return cli_usage(c, "option \"--%s\" does not apply to %s",
					cli_opts[j].name, name ? name : "the status");
	}
	if (c->limit_arg != NULL) {
		char *end;

		errno = 0;
		c->limit = strtoull(c->limit_arg, &end, 10);
		if (c->limit_arg[0] < '0' || c->limit_arg[0] > '9' || *end != '\0' || errno != 0)
			return cli_usage(c, "invalid value for --limit: \"%s\"", c->limit_arg);
	}
	return CLI_EXIT_OK;
}

/*
 * Open the data directory.  Commands other than init want an existing
 * one: a mistyped --data-dir should not quietly become a new database.
 */
static int cli_open(cli *c, int needs)
{
	store_opts opts;
	struct stat st;
	char *head;

	if (needs == CLI_EXISTING) {
		if (asprintf(&head, "%s/HEAD", c->data_dir) < 0)
			return store_err_set(&c->err, "53200", "out of memory");
		if (stat(head, &st) != 0) {
			int missing = stat(c->data_dir, &st) != 0;

			free(head);
			store_err_set(&c->err, "58P01",
				missing ? "data directory \"%s\" does not exist"
					: "\"%s\" is not a ChronDB data directory",
				c->data_dir);
			store_err_hint(&c->err, "Run \"chrondb --data-dir %s init\" to create it.",
				c->data_dir);
			return STORE_ERROR;
		}
		free(head);
	}

	/* A short-lived process: no checkpointer thread, close checkpoints. */
	store_opts_init(&opts);
	opts.background = 0;
	return store_open(&c->s, c->data_dir, &opts, &c->err);
}

int main(int argc, char **argv)
{
	const cli_cmd *cmd = NULL;
	int version = 0, rc;
	cli c;

	memset(&c, 0, sizeof(c));
	store_err_clear(&c.err);
	rc = cli_parse(&c, argc, argv, &cmd, &version);
	if (rc != CLI_EXIT_OK) {
		cli_report(&c.err);
		return rc;
	}

	/* The server reads the data directory from its config unless --data-dir is given. */
	if (c.data_dir == NULL && cmd != NULL && cmd->run != cmd_server)
		c.data_dir = "./data";
	if (version) {
		printf("chrondb %s\n", CHRONDB_VERSION);
		return CLI_EXIT_OK;
	}

	if (cmd->needs != CLI_NOSTORE && cli_open(&c, cmd->needs) != STORE_OK) {
		cli_report(&c.err);
		return CLI_EXIT_ERROR;
	}
	rc = cmd->run(&c);
	if (c.s != NULL)
		store_close(c.s);
	if (rc != CLI_EXIT_OK && rc != CLI_EXIT_SQL)
		cli_report(&c.err);
	return rc;
}
