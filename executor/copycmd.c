/*
 * copycmd.c - the COPY statement: its options, COPY ... TO (a table or a
 * query's rows out as text or CSV) and COPY ... FROM (rows in, written
 * through INSERT's path), to and from the client or a server file.
 *
 * The data formats are copyio.c's; this file maps fields to columns and
 * values, and moves the bytes.  With the client (STDIN, STDOUT) they go
 * through the session's sink (session.h), a call per protocol message;
 * the executor pulls COPY FROM's chunks as it needs them, so a front end
 * only relays its CopyData, CopyDone and CopyFail.
 *
 * PostgreSQL 15 is followed in what a client can see: the SQLSTATEs,
 * messages and error positions of every option and column check, and
 * their order (a check made after CopyInResponse lets psql send the
 * data, one made before does not); CONTEXT lines as CopyFrom's error
 * callback writes them ("COPY t, line 3, column a: \"x\"" for a value,
 * "COPY t, line 2: \"...\"" for a row, "COPY t, line 2" for a unique
 * key, none for a foreign key, which PostgreSQL checks at the end); and
 * its batching: rows are converted, filtered by WHERE and checked for
 * NOT NULL and CHECK as they come, then written 1000 rows or 64 kB of
 * lines at a time, so that a duplicate key is reported when its batch is
 * written, after a bad value later in the batch, as PostgreSQL does.
 * A failed COPY writes nothing: it is one statement of its transaction.
 *
 * Server files: PostgreSQL lets superusers (and pg_read_server_files /
 * pg_write_server_files members) COPY to and from files.  ChronDB has no
 * roles, so a session may do it only when its front end says its user
 * already has the process's rights (exec_session_opts.server_files: the
 * embedded runner); others get PostgreSQL's 42501.  Programs are never
 * run (0A000): a SQL statement that runs shell commands is the hole
 * PostgreSQL guards with a role of its own, and psql's \copy ... program
 * does the same job on the client's side.
 *
 * XXX: FORMAT binary is refused (0A000): it needs each type's binary
 * send and receive functions, which the wire protocol's binary results
 * will bring.  XXX: PostgreSQL writes row by row, and so reports a
 * duplicate key with its line's text, when WHERE or a default of a
 * column not copied is volatile (other than nextval); ChronDB always
 * batches, for want of volatility analysis.  XXX: FREEZE is accepted
 * and does nothing (commits make rows visible at once); PostgreSQL
 * refuses it unless the table was created or truncated in the same
 * transaction.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "copyio.h"
#include "sql.h"
#include "stmt.h"

/* PostgreSQL's multi-insert batch (copyfrom.c): a flush after this many rows or bytes of lines. */
#define BATCH_ROWS  1000
#define BATCH_BYTES 65535

/* How much of a line or value a CONTEXT shows (PostgreSQL's MAX_COPY_DATA_DISPLAY). */
#define CONTEXT_BYTES 100

/* One COPY statement being run. */
typedef struct copy_state {
	exec_stmt *st;
	an_ctx c;
	sql_copy *n;
	exec_copy_opts o;
	bool freeze;
	const char *relname; /* for CONTEXT: the table's name */

	/* The target or source table (NULL for COPY (query) TO) and the COPY's columns. */
	const cat_table *t;
	store_snap *snap;
	bool is_view;
	int ncols;
	int *cols; /* indexes in t */

	/* FORCE_* lists as given (SQL_LIST of names, SQL_STAR, or NULL) and per COPY column. */
	const sql_defelem *force_quote_opt, *force_not_null_opt, *force_null_opt;
	bool *force_quote, *force_not_null, *force_null;

	/* COPY ... FROM: the WHERE condition over a whole row of t. */
	exec_expr *where;

	/* The server file, when it is one. */
	FILE *file;
	const char *path;
} copy_state;

/* ---- Options ---- */

/* An option's value as text (PostgreSQL's defGetString); 42601 when it has none. */
static const char *opt_string(copy_state *cs, const sql_defelem *d)
{
	const sql_node *arg = d->arg;

	if (arg == NULL) {
		store_err_set(cs->st->err, "42601", "%s requires a parameter", d->name);
		return NULL;
	}
	if (arg->kind == SQL_STAR)
		return "*";
	if (arg->kind == SQL_LIST) {
		/* A name list, dotted, as NameListToString prints it. */
		const sql_list *l = (const sql_list *)arg;
		store_buf b = STORE_BUF_INIT;
		const char *out;

		for (int i = 0; i < sql_list_len(l); i++) {
			const sql_node *item = sql_list_nth(l, i);
			const char *s = item->kind == SQL_STR
						? sql_as_str((sql_node *)item)->s
						: sql_as_const((sql_node *)item)->text;

			store_buf_printf(&b, "%s%s", i ? "." : "", s ? s : "");
		}
		out = sql_arena_strndup(cs->st->a, b.data ? (const char *)b.data : "", b.len);
		store_buf_free(&b);
		return out;
	}
	return sql_defelem_text(d) ? sql_defelem_text(d) : "";
}

/* An integer constant's value, when the option's value is one. */
static bool opt_integer(const sql_defelem *d, int64_t *v)
{
	const sql_const *k;

	if (d->arg == NULL || d->arg->kind != SQL_CONST)
		return false;
	k = sql_as_const(d->arg);
	if (k->ckind != SQL_CONST_INTEGER)
		return false;
	*v = k->ival;
	return true;
}

/*
 * Whether an option's value reads as a Boolean (defGetBoolean): none
 * (true), 0, 1, true, false, on, off; *out is the value when it does.
 */
static bool opt_is_bool(copy_state *cs, const sql_defelem *d, bool *out)
{
	int64_t i;
	const char *s;

	if (d->arg == NULL) {
		*out = true;
		return true;
	}
	if (opt_integer(d, &i)) {
		*out = i == 1;
		return i == 0 || i == 1;
	}
	s = opt_string(cs, d); /* not NULL: there is an argument */
	if (strcasecmp(s, "true") == 0 || strcasecmp(s, "on") == 0)
		*out = true;
	else if (strcasecmp(s, "false") == 0 || strcasecmp(s, "off") == 0)
		*out = false;
	else
		return false;
	return true;
}

/* A boolean option: 42601 for any other value. */
static int opt_bool(copy_state *cs, const sql_defelem *d, bool *out)
{
	if (opt_is_bool(cs, d, out))
		return EXEC_OK;
	return store_err_set(cs->st->err, "42601", "%s requires a Boolean value", d->name);
}

/* HEADER's value (defGetCopyHeaderChoice): a boolean, or MATCH for COPY FROM. */
static int opt_header(copy_state *cs, const sql_defelem *d, exec_copy_header *out)
{
	const char *s;
	bool on;

	if (opt_is_bool(cs, d, &on)) {
		*out = on ? EXEC_COPY_HEADER_ON : EXEC_COPY_HEADER_NONE;
		return EXEC_OK;
	}
	s = opt_integer(d, &(int64_t){0}) ? NULL : opt_string(cs, d);
	if (s != NULL && strcasecmp(s, "match") == 0) {
		if (!cs->n->is_from)
			return store_err_set(cs->st->err, "0A000",
				"cannot use \"%s\" with HEADER in COPY TO", s);
		*out = EXEC_COPY_HEADER_MATCH;
		return EXEC_OK;
	}
	return store_err_set(
		cs->st->err, "42601", "%s requires a Boolean value or \"match\"", d->name);
}

/* The options PostgreSQL 15's COPY knows, in the order its checks need them. */
enum {
	OPT_FORMAT,
	OPT_FREEZE,
	OPT_DELIMITER,
	OPT_NULL,
	OPT_HEADER,
	OPT_QUOTE,
	OPT_ESCAPE,
	OPT_FORCE_QUOTE,
	OPT_FORCE_NOT_NULL,
	OPT_FORCE_NULL,
	OPT_CONVERT_SELECTIVELY,
	OPT_ENCODING,
	OPT_COUNT
};

static const char *const opt_names[OPT_COUNT] = {"format", "freeze", "delimiter", "null", "header",
	"quote", "escape", "force_quote", "force_not_null", "force_null", "convert_selectively",
	"encoding"};

/* A column-list option: ( names ), or * for FORCE_QUOTE only. */
static int opt_column_list(copy_state *cs, const sql_defelem *d, bool star_ok)
{
	if (d->arg != NULL && (d->arg->kind == SQL_LIST || (star_ok && d->arg->kind == SQL_STAR)))
		return EXEC_OK;
	return an_error(&cs->c, d->n.loc, "22023",
		"argument to option \"%s\" must be a list of column names", d->name);
}

/* PostgreSQL's ProcessCopyOptions: read, default and cross-check the options. */
static int parse_options(copy_state *cs)
{
	const sql_defelem *seen[OPT_COUNT] = {0};
	const char *delim = NULL, *null_str = NULL, *quote = NULL, *escape = NULL;
	exec_copy_opts *o = &cs->o;
	exec_copy_format format = EXEC_COPY_TEXT;
	exec_copy_header header = EXEC_COPY_HEADER_NONE;
	const char *encoding = "UTF8";
	bool is_from = cs->n->is_from;
	store_err *err = cs->st->err;

	for (int i = 0; i < sql_list_len(cs->n->options); i++) {
		const sql_defelem *d = sql_as_defelem(sql_list_nth(cs->n->options, i));
		int k = 0;

		while (k < OPT_COUNT && strcmp(d->name, opt_names[k]) != 0)
			k++;
		if (k == OPT_COUNT)
			return an_error(
				&cs->c, d->n.loc, "42601", "option \"%s\" not recognized", d->name);
		if (seen[k] != NULL)
			return an_error(
				&cs->c, d->n.loc, "42601", "conflicting or redundant options");
		seen[k] = d;
		switch (k) {
		case OPT_FORMAT: {
			const char *f = opt_string(cs, d);

			if (f == NULL)
				return EXEC_ERROR;
			if (strcmp(f, "text") == 0)
				format = EXEC_COPY_TEXT;
			else if (strcmp(f, "csv") == 0)
				format = EXEC_COPY_CSV;
			else if (strcmp(f, "binary") == 0)
				format = EXEC_COPY_BINARY;
			else
				return an_error(&cs->c, d->n.loc, "22023",
					"COPY format \"%s\" not recognized", f);
			break;
		}
		case OPT_FREEZE:
			if (opt_bool(cs, d, &cs->freeze) != EXEC_OK)
				return EXEC_ERROR;
			break;
		case OPT_DELIMITER:
			if ((delim = opt_string(cs, d)) == NULL)
				return EXEC_ERROR;
			break;
		case OPT_NULL:
			if ((null_str = opt_string(cs, d)) == NULL)
				return EXEC_ERROR;
			break;
		case OPT_HEADER:
			if (opt_header(cs, d, &header) != EXEC_OK)
				return EXEC_ERROR;
			break;
		case OPT_QUOTE:
			if ((quote = opt_string(cs, d)) == NULL)
				return EXEC_ERROR;
			break;
		case OPT_ESCAPE:
			if ((escape = opt_string(cs, d)) == NULL)
				return EXEC_ERROR;
			break;
		case OPT_FORCE_QUOTE:
			if (opt_column_list(cs, d, true) != EXEC_OK)
				return EXEC_ERROR;
			cs->force_quote_opt = d;
			break;
		case OPT_FORCE_NOT_NULL:
			if (opt_column_list(cs, d, false) != EXEC_OK)
				return EXEC_ERROR;
			cs->force_not_null_opt = d;
			break;
		case OPT_FORCE_NULL:
			if (opt_column_list(cs, d, false) != EXEC_OK)
				return EXEC_ERROR;
			cs->force_null_opt = d;
			break;
		case OPT_CONVERT_SELECTIVELY:
			/* file_fdw's: which columns to convert; every one is, which is also right. */
			if (opt_column_list(cs, d, false) != EXEC_OK)
				return EXEC_ERROR;
			break;
		case OPT_ENCODING: {
			const char *name =
				d->arg != NULL && d->arg->kind == SQL_CONST &&
						sql_as_const(d->arg)->ckind == SQL_CONST_STRING
					? sql_defelem_text(d)
					: NULL;

			encoding = name != NULL ? exec_copy_encoding_name(name) : NULL;
			if (encoding == NULL)
				return an_error(&cs->c, d->n.loc, "22023",
					"argument to option \"%s\" must be a valid encoding name",
					d->name);
			break;
		}
		}
	}

	/* Defaults, then the checks between options, in PostgreSQL's order. */
	if (format == EXEC_COPY_BINARY && delim != NULL)
		return store_err_set(err, "42601", "cannot specify DELIMITER in BINARY mode");
	if (format == EXEC_COPY_BINARY && null_str != NULL)
		return store_err_set(err, "42601", "cannot specify NULL in BINARY mode");
	exec_copy_opts_init(o, format == EXEC_COPY_BINARY ? EXEC_COPY_TEXT : format);
	o->format = format;
	o->header = header;
	o->encoding = encoding;
	if (delim == NULL)
		delim = format == EXEC_COPY_CSV ? "," : "\t";
	if (null_str == NULL)
		null_str = o->null_str;
	if (format == EXEC_COPY_CSV) {
		if (quote == NULL)
			quote = "\"";
		if (escape == NULL)
			escape = quote;
	}
	if (strlen(delim) != 1)
		return store_err_set(
			err, "0A000", "COPY delimiter must be a single one-byte character");
	if (delim[0] == '\r' || delim[0] == '\n')
		return store_err_set(
			err, "22023", "COPY delimiter cannot be newline or carriage return");
	if (strchr(null_str, '\r') != NULL || strchr(null_str, '\n') != NULL)
		return store_err_set(err, "22023",
			"COPY null representation cannot use newline or carriage return");
	/* In text, a delimiter that is a backslash, a dot, a letter or a digit would read as an escape. */
	if (format != EXEC_COPY_CSV &&
		strchr("\\.abcdefghijklmnopqrstuvwxyz0123456789", delim[0]) != NULL)
		return store_err_set(err, "22023", "COPY delimiter cannot be \"%s\"", delim);
	if (format == EXEC_COPY_BINARY && header != EXEC_COPY_HEADER_NONE)
		return store_err_set(err, "0A000", "cannot specify HEADER in BINARY mode");
	if (format != EXEC_COPY_CSV && quote != NULL)
		return store_err_set(err, "0A000", "COPY quote available only in CSV mode");
	if (format == EXEC_COPY_CSV && strlen(quote) != 1)
		return store_err_set(
			err, "0A000", "COPY quote must be a single one-byte character");
	if (format == EXEC_COPY_CSV && delim[0] == quote[0])
		return store_err_set(err, "22023", "COPY delimiter and quote must be different");
	if (format != EXEC_COPY_CSV && escape != NULL)
		return store_err_set(err, "0A000", "COPY escape available only in CSV mode");
	if (format == EXEC_COPY_CSV && strlen(escape) != 1)
		return store_err_set(
			err, "0A000", "COPY escape must be a single one-byte character");
	if (format != EXEC_COPY_CSV && cs->force_quote_opt != NULL)
		return store_err_set(err, "0A000", "COPY force quote available only in CSV mode");
	if (cs->force_quote_opt != NULL && is_from)
		return store_err_set(err, "0A000", "COPY force quote only available using COPY TO");
	if (format != EXEC_COPY_CSV && cs->force_not_null_opt != NULL)
		return store_err_set(
			err, "0A000", "COPY force not null available only in CSV mode");
	if (cs->force_not_null_opt != NULL && !is_from)
		return store_err_set(
			err, "0A000", "COPY force not null only available using COPY FROM");
	if (format != EXEC_COPY_CSV && cs->force_null_opt != NULL)
		return store_err_set(err, "0A000", "COPY force null available only in CSV mode");
	if (cs->force_null_opt != NULL && !is_from)
		return store_err_set(
			err, "0A000", "COPY force null only available using COPY FROM");
	if (strchr(null_str, delim[0]) != NULL)
		return store_err_set(
			err, "0A000", "COPY delimiter must not appear in the NULL specification");
	if (format == EXEC_COPY_CSV && strchr(null_str, quote[0]) != NULL)
		return store_err_set(err, "0A000",
			"CSV quote character must not appear in the NULL specification");
	o->delim = delim[0];
	o->null_str = null_str;
	if (format == EXEC_COPY_CSV) {
		o->quote = quote[0];
		o->escape = escape[0];
	}
	if (format == EXEC_COPY_BINARY)
		return store_err_set(err, "0A000", "COPY format \"binary\" is not supported");
	return exec_copy_encoding_check(o->encoding, err);
}

/* ---- Columns ---- */

/*
 * Names to column indexes (PostgreSQL's CopyGetAttnums): of the table,
 * or of a query's result (desc) when there is no table.
 */
static int column_indexes(
	copy_state *cs, const sql_list *names, const exec_tupdesc *desc, int **out, int *nout)
{
	int n = sql_list_len(names);
	int *idx = sql_arena_alloc(cs->st->a, sizeof(int) * (size_t)(n ? n : 1));

	for (int i = 0; i < n; i++) {
		const sql_node *item = sql_list_nth(names, i);
		const char *name = item->kind == SQL_STR ? sql_as_str((sql_node *)item)->s
							 : sql_as_const((sql_node *)item)->text;
		int k = -1;

		if (cs->t != NULL) {
			k = cat_column_index(cs->t, name);
		} else {
			for (int j = 0; j < desc->ncols && k < 0; j++)
				if (strcmp(desc->cols[j].name, name) == 0)
					k = j;
		}
		if (k < 0 && cs->t != NULL)
			return store_err_set(cs->st->err, "42703",
				"column \"%s\" of relation \"%s\" does not exist", name,
				cs->t->name);
		if (k < 0)
			return store_err_set(
				cs->st->err, "42703", "column \"%s\" does not exist", name);
		for (int j = 0; j < i; j++)
			if (idx[j] == k)
				return store_err_set(cs->st->err, "42701",
					"column \"%s\" specified more than once", name);
		idx[i] = k;
	}
	*out = idx;
	*nout = n;
	return EXEC_OK;
}

/* The COPY's columns: the list given, or all of the table's. */
static int copy_columns(copy_state *cs)
{
	if (sql_list_len(cs->n->columns) > 0)
		return column_indexes(cs, cs->n->columns, NULL, &cs->cols, &cs->ncols);
	cs->ncols = cs->t->ncols;
	cs->cols = sql_arena_alloc(cs->st->a, sizeof(int) * (size_t)(cs->ncols ? cs->ncols : 1));
	for (int i = 0; i < cs->ncols; i++)
		cs->cols[i] = i;
	return EXEC_OK;
}

/*
 * A FORCE_* option's flags per COPY column: every one for *, else the
 * names', each of which must be a COPY column (42P10).  desc: the
 * query's result when there is no table.
 */
static int force_flags(copy_state *cs, const sql_defelem *d, const char *what,
	const exec_tupdesc *desc, bool **out)
{
	bool *flags =
		sql_arena_zalloc(cs->st->a, sizeof(bool) * (size_t)(cs->ncols ? cs->ncols : 1));
	int *idx, n;

	*out = flags;
	if (d == NULL)
		return EXEC_OK;
	if (d->arg->kind == SQL_STAR) {
		for (int i = 0; i < cs->ncols; i++)
			flags[i] = true;
		return EXEC_OK;
	}
	if (column_indexes(cs, (const sql_list *)d->arg, desc, &idx, &n) != EXEC_OK)
		return EXEC_ERROR;
	for (int i = 0; i < n; i++) {
		int j = 0;

		while (j < cs->ncols && cs->cols[j] != idx[i])
			j++;
		if (j == cs->ncols)
			return store_err_set(cs->st->err, "42P10",
				"%s column \"%s\" not referenced by COPY", what,
				cs->t != NULL ? cs->t->cols[idx[i]].name : desc->cols[idx[i]].name);
		flags[j] = true;
	}
	return EXEC_OK;
}

/* ---- Server files ---- */

/* COPY with a file or a program: PostgreSQL's privilege check, then ours. */
static int check_file_use(copy_state *cs)
{
	static const char hint[] =
		"Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone.";
	const sql_copy *n = cs->n;
	store_err *err = cs->st->err;

	if (n->filename == NULL)
		return EXEC_OK;
	if (!cs->st->ss->server_files) {
		if (n->is_program)
			store_err_set(err, "42501",
				"must be superuser or have privileges of the pg_execute_server_program role to COPY to or from an external program");
		else if (n->is_from)
			store_err_set(err, "42501",
				"must be superuser or have privileges of the pg_read_server_files role to COPY from a file");
		else
			store_err_set(err, "42501",
				"must be superuser or have privileges of the pg_write_server_files role to COPY to a file");
		store_err_hint(err, "%s", hint);
		return EXEC_ERROR;
	}
	if (n->is_program) {
		store_err_set(err, "0A000", "COPY to or from an external program is not supported");
		store_err_hint(err,
			"Use COPY ... FROM STDIN or COPY ... TO STDOUT, or psql's \\copy ... program.");
		return EXEC_ERROR;
	}
	return EXEC_OK;
}

/* PostgreSQL's errcode_for_file_access. */
static const char *file_sqlstate(int e)
{
	switch (e) {
	case ENOENT:
	case ENOTDIR:
		return "58P01";
	case EACCES:
	case EPERM:
	case EROFS:
		return "42501";
	case EEXIST:
		return "58P02";
	case ENOSPC:
		return "53100";
	default:
		return "58030";
	}
}

static int open_file(copy_state *cs)
{
	const char *path = cs->n->filename;
	store_err *err = cs->st->err;
	struct stat sb;
	int e, fd;

	cs->path = path;
	if (cs->n->is_from) {
		/* A relative path is the process's working directory's (PostgreSQL's: its data directory). */
		cs->file = fopen(path, "rb");
		if (cs->file == NULL) {
			e = errno;
			store_err_set(err, file_sqlstate(e),
				"could not open file \"%s\" for reading: %s", path, strerror(e));
			if (e == ENOENT || e == EACCES)
				store_err_hint(err,
					"COPY FROM instructs the PostgreSQL server process to read a file. You may want a client-side facility such as psql's \\copy.");
			return EXEC_ERROR;
		}
		if (fstat(fileno(cs->file), &sb) == 0 && S_ISDIR(sb.st_mode))
			return store_err_set(err, "42809", "\"%s\" is a directory", path);
		return EXEC_OK;
	}
	if (path[0] != '/')
		return store_err_set(err, "42602", "relative path not allowed for COPY to file");
	/* Not writable by group or others, as PostgreSQL's umask for it makes them. */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || (cs->file = fdopen(fd, "wb")) == NULL) {
		e = errno;
		if (fd >= 0)
			close(fd);
		store_err_set(err, file_sqlstate(e), "could not open file \"%s\" for writing: %s",
			path, strerror(e));
		if (e == ENOENT || e == EACCES)
			store_err_hint(err,
				"COPY TO instructs the PostgreSQL server process to write a file. You may want a client-side facility such as psql's \\copy.");
		return EXEC_ERROR;
	}
	return EXEC_OK;
}

static int close_file(copy_state *cs)
{
	FILE *f = cs->file;

	cs->file = NULL;
	if (f != NULL && fclose(f) != 0 && !cs->n->is_from)
		return store_err_set(cs->st->err, file_sqlstate(errno),
			"could not close file \"%s\": %s", cs->path, strerror(errno));
	return EXEC_OK;
}

/* ---- COPY ... TO ---- */

/* The rows out: a sink that formats each row of a result and sends it on. */
typedef struct copy_out {
	copy_state *cs;
	const exec_sink *client;
	exec_copy_writer *w;
	sql_arena *row; /* the row's text, reset for each */
	store_buf line;
	store_buf text;
	uint64_t nrows;
	bool begun;
} copy_out;

/* One line to the client or the file. */
static int out_line(copy_out *co)
{
	copy_state *cs = co->cs;

	if (cs->file != NULL) {
		if (fwrite(co->line.data, 1, co->line.len, cs->file) != co->line.len)
			return store_err_set(cs->st->err, file_sqlstate(errno),
				"could not write to COPY file: %s", strerror(errno));
		return EXEC_OK;
	}
	if (co->client->copy_out_data(
		    (void *)co->client->arg, (const char *)co->line.data, co->line.len) != EXEC_OK)
		return store_err_set(
			cs->st->err, "08006", "could not send COPY data to the client");
	return EXEC_OK;
}

/* A result begins: its FORCE_QUOTE columns, CopyOutResponse, the header line. */
static int out_describe(void *arg, const exec_tupdesc *desc)
{
	copy_out *co = arg;
	copy_state *cs = co->cs;

	if (co->begun)
		return EXEC_OK;
	if (cs->t == NULL) {
		cs->ncols = desc->ncols;
		cs->cols = sql_arena_alloc(
			cs->st->a, sizeof(int) * (size_t)(desc->ncols ? desc->ncols : 1));
		for (int i = 0; i < desc->ncols; i++)
			cs->cols[i] = i;
	}
	if (force_flags(cs, cs->force_quote_opt, "FORCE_QUOTE", desc, &cs->force_quote) != EXEC_OK)
		return EXEC_ERROR;
	co->begun = true;
	if (cs->file == NULL) {
		exec_copy_info info = {false, desc->ncols};

		if (co->client->copy_out_begin((void *)co->client->arg, &info) != EXEC_OK)
			return store_err_set(
				cs->st->err, "08006", "could not send COPY data to the client");
	}
	if (cs->o.header == EXEC_COPY_HEADER_ON) {
		const char **names =
			sql_arena_alloc(cs->st->a, sizeof(char *) * (size_t)(desc->ncols + 1));
		size_t *lens =
			sql_arena_alloc(cs->st->a, sizeof(size_t) * (size_t)(desc->ncols + 1));

		for (int i = 0; i < desc->ncols; i++) {
			names[i] = desc->cols[i].name;
			lens[i] = strlen(names[i]);
		}
		co->line.len = 0;
		if (exec_copy_writer_row(co->w, desc->ncols, names, lens, NULL, &co->line,
			    cs->st->err) != EXEC_OK ||
			out_line(co) != EXEC_OK)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}

/* A row: each value through its type's output function, then the format. */
static int out_row(void *arg, const exec_tupdesc *desc, const exec_value *vals)
{
	copy_out *co = arg;
	exec_stmt *st = co->cs->st;
	exec_ctx cx = st->cx;
	const char **texts;
	size_t *offs, *lens;
	int r = EXEC_OK;

	sql_arena_reset(co->row);
	cx.arena = co->row;
	texts = sql_arena_alloc(co->row, sizeof(char *) * (size_t)(desc->ncols + 1));
	offs = sql_arena_alloc(co->row, sizeof(size_t) * (size_t)(desc->ncols + 1));
	lens = sql_arena_alloc(co->row, sizeof(size_t) * (size_t)(desc->ncols + 1));
	co->text.len = 0;
	for (int i = 0; i < desc->ncols && r == EXEC_OK; i++) {
		offs[i] = co->text.len;
		if (!vals[i].isnull)
			r = exec_value_out(&cx, &vals[i], &co->text);
		lens[i] = co->text.len - offs[i];
	}
	if (r != EXEC_OK)
		return EXEC_ERROR;
	for (int i = 0; i < desc->ncols; i++)
		texts[i] = vals[i].isnull  ? NULL
			   : co->text.data ? (const char *)co->text.data + offs[i]
					   : "";
	co->line.len = 0;
	if (exec_copy_writer_row(co->w, desc->ncols, texts, lens, co->cs->force_quote, &co->line,
		    st->err) != EXEC_OK ||
		out_line(co) != EXEC_OK)
		return EXEC_ERROR;
	co->nrows++;
	return EXEC_OK;
}

/* The inner statement's tag is not the client's: COPY's own comes after. */
static int out_complete(void *arg, const char *tag)
{
	(void)arg;
	(void)tag;
	return EXEC_OK;
}

static void out_notice(void *arg, const char *severity, const char *sqlstate, const char *message)
{
	copy_out *co = arg;

	if (co->client != NULL && co->client->notice != NULL)
		co->client->notice(co->client->arg, severity, sqlstate, message);
}

/* The rows of the COPY's table, its columns only. */
static int out_table(copy_out *co)
{
	copy_state *cs = co->cs;
	exec_stmt *st = cs->st;
	plan_node *p = an_dml_from(
		&cs->c, an_scope_new(&cs->c, NULL), cs->n->relation, cs->t, cs->snap, NULL, NULL);
	exec_tupdesc desc;
	exec_value *vals;
	exec_ectx ec;
	exec_iter *it;
	const exec_value *row;
	int k;

	if (p == NULL)
		return EXEC_ERROR;
	desc.ncols = cs->ncols;
	desc.cols = sql_arena_zalloc(st->a, sizeof(exec_column) * (size_t)(cs->ncols + 1));
	vals = sql_arena_alloc(st->a, sizeof(exec_value) * (size_t)(cs->ncols + 1));
	for (int i = 0; i < cs->ncols; i++) {
		const cat_column *col = &cs->t->cols[cs->cols[i]];

		desc.cols[i].name = col->name;
		desc.cols[i].type = col->type;
		desc.cols[i].typmod = col->typmod;
	}
	if (out_describe(co, &desc) != EXEC_OK)
		return EXEC_ERROR;
	memset(&ec, 0, sizeof(ec));
	ec.cx = &st->cx;
	if (exec_open(&ec, p, &it) != EXEC_OK)
		return EXEC_ERROR;
	while ((k = exec_next(it, &row)) == 1) {
		for (int i = 0; i < cs->ncols; i++)
			vals[i] = row[cs->cols[i]];
		if (out_row(co, &desc, vals) != EXEC_OK) {
			k = -1;
			break;
		}
	}
	exec_close(it);
	return k < 0 ? EXEC_ERROR : EXEC_OK;
}

/* The rows of COPY's query: the statement run with this file's sink in the client's place. */
static int out_query(copy_out *co, const exec_sink *sink)
{
	exec_stmt *st = co->cs->st;
	sql_node *q = co->cs->n->query;
	const sql_list *returning = q->kind == SQL_INSERT   ? sql_as_insert(q)->returning
				    : q->kind == SQL_UPDATE ? sql_as_update(q)->returning
				    : q->kind == SQL_DELETE ? sql_as_delete(q)->returning
							    : NULL;
	int r;

	if (q->kind != SQL_SELECT && sql_list_len(returning) == 0)
		return store_err_set(st->err, "0A000", "COPY query must have a RETURNING clause");
	st->sink = sink;
	r = exec_stmt_dispatch(st, q);
	st->sink = co->client;
	return r;
}

static int copy_to(copy_state *cs)
{
	exec_stmt *st = cs->st;
	const exec_sink *client = st->sink;
	exec_sink sink = {
		NULL, out_describe, out_row, out_complete, out_notice, NULL, NULL, NULL, NULL};
	copy_out co;
	int r;

	/* The table and its columns, then the options (the query comes after them). */
	if (cs->n->relation != NULL) {
		if (cs->is_view) {
			store_err_set(
				st->err, "42809", "cannot copy from view \"%s\"", cs->relname);
			store_err_hint(st->err, "Try the COPY (SELECT ...) TO variant.");
			return EXEC_ERROR;
		}
		if (copy_columns(cs) != EXEC_OK)
			return EXEC_ERROR;
	}
	if (parse_options(cs) != EXEC_OK)
		return EXEC_ERROR;
	if (cs->n->filename == NULL && (client == NULL || client->copy_out_begin == NULL))
		return store_err_set(
			st->err, "0A000", "COPY TO STDOUT is not supported by this client");

	memset(&co, 0, sizeof(co));
	co.cs = cs;
	co.client = client;
	co.w = exec_copy_writer_new(&cs->o, st->err);
	if (co.w == NULL)
		return EXEC_ERROR;
	co.row = sql_arena_new(0);
	r = cs->n->filename != NULL ? open_file(cs) : EXEC_OK;
	if (r == EXEC_OK) {
		sink.arg = &co;
		r = cs->n->relation != NULL ? out_table(&co) : out_query(&co, &sink);
	}
	if (close_file(cs) != EXEC_OK)
		r = EXEC_ERROR;
	exec_copy_writer_free(co.w);
	sql_arena_free(co.row);
	store_buf_free(&co.line);
	store_buf_free(&co.text);
	snprintf(st->tag, sizeof(st->tag), "COPY %llu", (unsigned long long)co.nrows);
	return r;
}

/* ---- COPY ... FROM ---- */

/* A row converted and checked, waiting for its batch to be written. */
typedef struct pending_row {
	exec_value *vals;
	uint64_t lineno;
} pending_row;

typedef struct copy_in {
	copy_state *cs;
	const exec_sink *client;
	exec_copy_reader *r;
	exec_row_inserter *ins;
	bool done; /* the client's CopyDone, or the file's end, was read */

	/* The batch: rows and the arena their values (and the work on them) live in. */
	sql_arena *batch;
	sql_arena *stmt_arena; /* st->a outside the batch's work */
	pending_row rows[BATCH_ROWS];
	int nrows;
	size_t bytes;

	exec_value *src;            /* a record's values, one per COPY column */
	unsigned char chunk[65536]; /* a file's bytes */
} copy_in;

/* Text for a CONTEXT line, cut as PostgreSQL's limit_printout_length cuts it. */
static const char *context_text(exec_stmt *st, const char *s, size_t n)
{
	size_t keep = n;
	char *out;

	if (n <= CONTEXT_BYTES)
		return sql_arena_strndup(st->a, s, n);
	keep = CONTEXT_BYTES;
	while (keep > 0 && ((unsigned char)s[keep] & 0xc0) == 0x80)
		keep--;
	out = sql_arena_alloc(st->a, keep + 4);
	memcpy(out, s, keep);
	memcpy(out + keep, "...", 4);
	return out;
}

/* CONTEXT of an error at a line: with its text when given. */
static void line_context(copy_state *cs, uint64_t lineno, const char *line, size_t len)
{
	if (line != NULL)
		store_err_context(cs->st->err, "COPY %s, line %llu: \"%s\"", cs->relname,
			(unsigned long long)lineno, context_text(cs->st, line, len));
	else
		store_err_context(
			cs->st->err, "COPY %s, line %llu", cs->relname, (unsigned long long)lineno);
}

/* The next piece of data: the client's, or the file's. */
static int in_read(copy_in *ci, exec_copy_chunk *chunk)
{
	copy_state *cs = ci->cs;

	if (cs->file != NULL) {
		size_t n = fread(ci->chunk, 1, sizeof(ci->chunk), cs->file);

		if (n == 0 && ferror(cs->file))
			return store_err_set(cs->st->err, file_sqlstate(errno),
				"could not read from COPY file: %s", strerror(errno));
		chunk->kind = n > 0 ? EXEC_COPY_IN_DATA : EXEC_COPY_IN_DONE;
		chunk->data = (const char *)ci->chunk;
		chunk->len = n;
		return EXEC_OK;
	}
	memset(chunk, 0, sizeof(*chunk));
	if (ci->client->copy_in_read((void *)ci->client->arg, chunk) != EXEC_OK)
		return store_err_set(cs->st->err, "08P01",
			"unexpected EOF on client connection with an open transaction");
	return EXEC_OK;
}

/* The client gave up (CopyFail): 57014 at the line the data stopped in. */
static int in_failed(copy_in *ci, const exec_copy_chunk *chunk)
{
	copy_state *cs = ci->cs;

	store_err_set(
		cs->st->err, "57014", "COPY from stdin failed: %s", chunk->data ? chunk->data : "");
	line_context(cs, exec_copy_reader_lineno(ci->r), NULL, 0);
	return EXEC_ERROR;
}

/* Feed the reader the next piece; CopyDone finishes it. */
static int in_more(copy_in *ci)
{
	exec_copy_chunk chunk;

	if (in_read(ci, &chunk) != EXEC_OK)
		return EXEC_ERROR;
	switch (chunk.kind) {
	case EXEC_COPY_IN_DATA:
		exec_copy_reader_feed(ci->r, chunk.data, chunk.len);
		return EXEC_OK;
	case EXEC_COPY_IN_DONE:
		ci->done = true;
		exec_copy_reader_finish(ci->r);
		return EXEC_OK;
	case EXEC_COPY_IN_FAIL:
		return in_failed(ci, &chunk);
	}
	return EXEC_ERROR;
}

/* After "\.": the client's data up to its CopyDone is read and ignored (a file's rest is not read). */
static int in_drain(copy_in *ci)
{
	while (!ci->done && ci->cs->file == NULL) {
		exec_copy_chunk chunk;

		if (in_read(ci, &chunk) != EXEC_OK)
			return EXEC_ERROR;
		if (chunk.kind == EXEC_COPY_IN_FAIL)
			return in_failed(ci, &chunk);
		ci->done = chunk.kind == EXEC_COPY_IN_DONE;
	}
	return EXEC_OK;
}

/* The batch's work runs in its arena: st->a and the context's arena point there meanwhile. */
static void batch_enter(copy_in *ci)
{
	ci->cs->st->a = ci->batch;
	ci->cs->st->cx.arena = ci->batch;
}

static void batch_leave(copy_in *ci)
{
	ci->cs->st->a = ci->stmt_arena;
	ci->cs->st->cx.arena = ci->stmt_arena;
}

/*
 * Write the batch.  A key error names the row's line without its text,
 * as PostgreSQL's, whose lines are gone by then; a foreign key has none
 * (PostgreSQL checks it after the last row).
 */
static int flush(copy_in *ci)
{
	copy_state *cs = ci->cs;

	for (int i = 0; i < ci->nrows; i++) {
		batch_enter(ci);
		if (exec_row_inserter_put(ci->ins, ci->rows[i].vals) != EXEC_OK) {
			batch_leave(ci);
			if (strcmp(cs->st->err->sqlstate, "23503") != 0)
				line_context(cs, ci->rows[i].lineno, NULL, 0);
			return EXEC_ERROR;
		}
		batch_leave(ci);
	}
	ci->nrows = 0;
	ci->bytes = 0;
	sql_arena_free(ci->batch);
	ci->batch = sql_arena_new(0);
	return EXEC_OK;
}

/* HEADER MATCH: the header's fields must be the COPY's column names. */
static int header_match(copy_in *ci, const exec_copy_record *rec)
{
	copy_state *cs = ci->cs;
	store_err *err = cs->st->err;

	if (rec->nfields != cs->ncols)
		store_err_set(err, "22P04",
			"wrong number of fields in header line: got %d, expected %d", rec->nfields,
			cs->ncols);
	for (int i = 0; i < cs->ncols && !store_err_isset(err); i++) {
		const char *want = cs->t->cols[cs->cols[i]].name;

		if (rec->fields[i] == NULL)
			store_err_set(err, "22P04",
				"column name mismatch in header line field %d: got null value (\"%s\"), expected \"%s\"",
				i + 1, cs->o.null_str, want);
		else if (strcmp(rec->fields[i], want) != 0)
			store_err_set(err, "22P04",
				"column name mismatch in header line field %d: got \"%s\", expected \"%s\"",
				i + 1, rec->fields[i], want);
	}
	if (!store_err_isset(err))
		return EXEC_OK;
	line_context(cs, rec->lineno, rec->line, rec->linelen);
	return EXEC_ERROR;
}

/*
 * One record: its fields to values through the columns' input
 * functions, the defaults, WHERE, NOT NULL and CHECK; then into the
 * batch, which is written when full.
 */
static int in_record(copy_in *ci, const exec_copy_record *rec)
{
	copy_state *cs = ci->cs;
	exec_stmt *st = cs->st;
	store_err *err = st->err;
	exec_value *row;
	bool keep = true;

	batch_enter(ci);
	if (cs->ncols == 0 ? rec->linelen != 0 : rec->nfields > cs->ncols) {
		store_err_set(err, "22P04", "extra data after last expected column");
		goto row_error;
	}
	for (int i = 0; i < cs->ncols; i++) {
		const cat_column *col = &cs->t->cols[cs->cols[i]];
		const char *f;
		size_t len;

		if (i >= rec->nfields) {
			store_err_set(err, "22P04", "missing data for column \"%s\"", col->name);
			goto row_error;
		}
		f = rec->fields[i];
		len = rec->lens[i];
		if (f == NULL && cs->force_not_null[i]) {
			f = cs->o.null_str;
			len = strlen(f);
		} else if (f != NULL && cs->force_null[i] && strcmp(f, cs->o.null_str) == 0) {
			f = NULL;
		}
		if (f == NULL) {
			ci->src[i] = exec_null(col->type);
			continue;
		}
		if (exec_value_in(&st->cx, col->type, col->typmod, f, len, &ci->src[i]) !=
			EXEC_OK) {
			batch_leave(ci);
			err->position = 0;
			store_err_context(err, "COPY %s, line %llu, column %s: \"%s\"", cs->relname,
				(unsigned long long)rec->lineno, col->name,
				context_text(st, f, len));
			return EXEC_ERROR;
		}
	}
	row = sql_arena_alloc(st->a, sizeof(exec_value) * (size_t)(cs->t->ncols + 1));
	if (exec_row_inserter_fill(ci->ins, ci->src, row) != EXEC_OK)
		goto row_error;
	if (cs->where != NULL) {
		exec_ectx ec;
		int ok = 0;

		memset(&ec, 0, sizeof(ec));
		ec.cx = &st->cx;
		ec.row = row;
		ec.nrow = cs->t->ncols;
		if (exec_eval_qual(&ec, cs->where, &ok) != EXEC_OK)
			goto row_error;
		keep = ok != 0;
	}
	if (keep && exec_row_inserter_check(ci->ins, row) != EXEC_OK)
		goto row_error;
	batch_leave(ci);
	if (!keep)
		return EXEC_OK;
	ci->rows[ci->nrows].vals = row;
	ci->rows[ci->nrows].lineno = rec->lineno;
	ci->nrows++;
	ci->bytes += rec->linelen;
	if (ci->nrows >= BATCH_ROWS || ci->bytes >= BATCH_BYTES)
		return flush(ci);
	return EXEC_OK;

row_error:
	batch_leave(ci);
	err->position = 0;
	line_context(cs, rec->lineno, rec->line, rec->linelen);
	return EXEC_ERROR;
}

/* Records until the data ends, then the last batch. */
static int in_loop(copy_in *ci)
{
	copy_state *cs = ci->cs;

	for (;;) {
		exec_copy_record rec;
		int s = exec_copy_reader_next(ci->r, &rec, cs->st->err);

		if (s == EXEC_COPY_MORE) {
			if (in_more(ci) != EXEC_OK)
				return EXEC_ERROR;
			continue;
		}
		if (s == EXEC_ERROR) {
			line_context(cs, rec.lineno, rec.line, rec.linelen);
			return EXEC_ERROR;
		}
		/* Past "\.", PostgreSQL reads the client's data to its end first. */
		if (exec_copy_reader_ended(ci->r) && in_drain(ci) != EXEC_OK)
			return EXEC_ERROR;
		if (s == EXEC_COPY_END)
			break;
		if (rec.header) {
			if (header_match(ci, &rec) != EXEC_OK)
				return EXEC_ERROR;
			continue;
		}
		if (in_record(ci, &rec) != EXEC_OK)
			return EXEC_ERROR;
	}
	return flush(ci);
}

/* COPY FROM's WHERE: a condition over the table's row, without subqueries or aggregates. */
static int analyze_where(copy_state *cs)
{
	const sql_node *sub;
	an_scope *sc;

	if (cs->n->where == NULL)
		return EXEC_OK;
	sub = an_find_sublink(cs->n->where);
	if (sub != NULL)
		return an_error(&cs->c, sub->loc, "0A000",
			"cannot use subquery in COPY FROM WHERE condition");
	sc = exec_table_scope(&cs->c, cs->t, NULL);
	sc->no_aggs = true;
	sc->no_aggs_where = "COPY FROM WHERE conditions";
	cs->where = an_qual(&cs->c, sc, cs->n->where, "WHERE");
	return cs->where != NULL ? EXEC_OK : EXEC_ERROR;
}

static int copy_from(copy_state *cs)
{
	exec_stmt *st = cs->st;
	const exec_sink *client = st->sink;
	store_tx *tx = NULL;
	copy_in *ci;
	int r;

	/* Before any data is asked for: the WHERE clause, the columns, the options. */
	if (!cs->is_view && (analyze_where(cs) != EXEC_OK || copy_columns(cs) != EXEC_OK))
		return EXEC_ERROR;
	strcpy(st->tag, "COPY FROM");
	if (exec_stmt_need_tx(st, &tx) != EXEC_OK)
		return EXEC_ERROR;
	if (parse_options(cs) != EXEC_OK)
		return EXEC_ERROR;
	if (!cs->is_view && (force_flags(cs, cs->force_not_null_opt, "FORCE_NOT_NULL", NULL,
				     &cs->force_not_null) != EXEC_OK ||
				    force_flags(cs, cs->force_null_opt, "FORCE_NULL", NULL,
					    &cs->force_null) != EXEC_OK))
		return EXEC_ERROR;
	if (cs->n->filename == NULL && (client == NULL || client->copy_in_begin == NULL))
		return store_err_set(
			st->err, "0A000", "COPY FROM STDIN is not supported by this client");

	ci = calloc(1, sizeof(*ci));
	if (ci == NULL)
		return store_err_set(st->err, "53200", "out of memory");
	ci->cs = cs;
	ci->client = client;
	ci->stmt_arena = st->a;
	ci->batch = sql_arena_new(0);
	ci->r = exec_copy_reader_new(&cs->o, 0, st->err);
	r = ci->r != NULL ? EXEC_OK : EXEC_ERROR;
	if (r == EXEC_OK && !cs->is_view) {
		ci->src = sql_arena_alloc(st->a, sizeof(exec_value) * (size_t)(cs->ncols + 1));
		ci->ins = exec_row_inserter_new(st, &cs->c, tx, cs->t, cs->cols, cs->ncols);
		r = ci->ins != NULL ? EXEC_OK : EXEC_ERROR;
	}

	/* CopyInResponse (or the file), then what PostgreSQL checks after it. */
	if (r == EXEC_OK && cs->n->filename != NULL)
		r = open_file(cs);
	else if (r == EXEC_OK) {
		exec_copy_info info = {false, cs->ncols};

		if (client->copy_in_begin((void *)client->arg, &info) != EXEC_OK)
			r = store_err_set(st->err, "08006", "could not start COPY with the client");
	}
	if (r == EXEC_OK && cs->is_view) {
		store_err_set(st->err, "42809", "cannot copy to view \"%s\"", cs->relname);
		store_err_hint(st->err,
			"To enable copying to a view, provide an INSTEAD OF INSERT trigger.");
		r = EXEC_ERROR;
	}
	if (r == EXEC_OK)
		r = in_loop(ci);
	if (close_file(cs) != EXEC_OK)
		r = EXEC_ERROR;
	snprintf(st->tag, sizeof(st->tag), "COPY %llu",
		(unsigned long long)(ci->ins != NULL ? exec_row_inserter_count(ci->ins) : 0));
	exec_copy_reader_free(ci->r);
	sql_arena_free(ci->batch);
	free(ci);
	return r;
}

/* ---- The statement ---- */

int exec_copy(exec_stmt *st, sql_copy *n)
{
	copy_state cs;
	int r = EXEC_OK;

	memset(&cs, 0, sizeof(cs));
	cs.st = st;
	cs.n = n;
	exec_stmt_analyzer(st, &cs.c);
	if (check_file_use(&cs) != EXEC_OK) {
		an_ctx_release(&cs.c);
		return EXEC_ERROR;
	}

	/* The table: a missing one is reported without a position, as PostgreSQL does. */
	if (n->relation != NULL) {
		const sql_list *names = n->relation->names;
		int found;

		cs.relname = sql_list_str(names, sql_list_len(names) - 1);
		if (n->is_from)
			cs.c.relmode = STORE_LOCK_ROW_EXCLUSIVE; /* COPY FROM writes the table */
		found = an_table(&cs.c, names, -1, &cs.t, &cs.snap);
		cs.c.relmode = 0;
		if (found != EXEC_OK) {
			if (strcmp(st->err->sqlstate, "42809") != 0) {
				an_ctx_release(&cs.c);
				return EXEC_ERROR;
			}
			/* XXX: a view's column list is not checked (PostgreSQL reports a bad
			 * name first); views have no column definitions to check it with here. */
			store_err_clear(st->err);
			cs.is_view = true;
		}
	}
	r = n->is_from ? copy_from(&cs) : copy_to(&cs);
	an_ctx_release(&cs.c);
	return r;
}
