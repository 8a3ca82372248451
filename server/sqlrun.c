/*
 * sqlrun.c - the embedded SQL runner: a session, psql's echo and
 * psql's aligned output (see sqlrun.h).
 *
 * The executor hands results to a sink statement by statement; this
 * file's sink collects a result set's rows as text in a psqlfmt table
 * and prints it when the statement completes, then the command tag where
 * psql prints one.  Types psql aligns to the right (numbers) are known by
 * their OIDs, as psql knows them.
 *
 * COPY as psql does it: COPY ... TO STDOUT prints its data lines as they
 * come and no tag; COPY ... FROM STDIN reads the lines that follow the
 * statement in the input (the script, or standard input with -c), not
 * echoed, up to a line "\." or the end of input, and sends them on,
 * that line included, as psql sends them.  When the statement fails
 * before it has read them all, the rest up to "\." is read and dropped,
 * as psql goes on sending them to a server that ignores them.
 */
#include <stdlib.h>
#include <string.h>

#include "notify.h"
#include "psqlfmt.h"
#include "session.h"
#include "sqlrun.h"

struct srv_sql_runner {
	exec_session *ss;
	FILE *in; /* where COPY FROM STDIN's data comes from */
	FILE *out;
	store_buf buf;    /* output waiting to be written */
	srv_table *table; /* the result set being collected */
	int ncols;
	const char *query; /* the query string running, for error positions */
	size_t querylen;
	store_err err; /* a formatting error inside the sink */
	bool sink_failed;
	bool copy_out;     /* COPY TO STDOUT is printing: no tag after it */
	bool copy_in;      /* COPY FROM STDIN began ... */
	bool copy_in_done; /* ... and its data was read to "\." or the end of input */
	char *copy_line;   /* the data line last read */
	size_t copy_cap;
};

typedef struct srv_sql_runner runner;

/* psql's column_type_alignment: these print on the right. */
static bool align_right(exec_oid t)
{
	switch (t) {
	case EXEC_OID_INT2:
	case EXEC_OID_INT4:
	case EXEC_OID_INT8:
	case EXEC_OID_FLOAT4:
	case EXEC_OID_FLOAT8:
	case EXEC_OID_NUMERIC:
	case EXEC_OID_OID:
		return true;
	default:
		return false;
	}
}

static void flush_out(runner *r)
{
	if (r->buf.len > 0) {
		fwrite(r->buf.data, 1, r->buf.len, r->out);
		r->buf.len = 0;
	}
	fflush(r->out);
}

static int sink_describe(void *arg, const exec_tupdesc *desc)
{
	runner *r = arg;
	const char **names = malloc(sizeof(*names) * (size_t)(desc->ncols ? desc->ncols : 1));
	bool *right = malloc(sizeof(*right) * (size_t)(desc->ncols ? desc->ncols : 1));

	if (names == NULL || right == NULL) {
		free(names);
		free(right);
		return store_err_set(&r->err, "53200", "out of memory");
	}
	for (int i = 0; i < desc->ncols; i++) {
		names[i] = desc->cols[i].name;
		right[i] = align_right(desc->cols[i].type);
	}
	srv_table_free(r->table);
	r->table = srv_table_new(desc->ncols, names, right);
	r->ncols = desc->ncols;
	free(names);
	free(right);
	return r->table != NULL ? 0 : store_err_set(&r->err, "53200", "out of memory");
}

static int sink_row(void *arg, const exec_tupdesc *desc, const exec_value *vals)
{
	runner *r = arg;
	store_buf text = {0};
	const char **cells;
	size_t *lens, *offs;
	int rc = 0;

	cells = calloc((size_t)(desc->ncols ? desc->ncols : 1), sizeof(*cells));
	lens = calloc((size_t)(desc->ncols ? desc->ncols : 1), sizeof(*lens));
	offs = calloc((size_t)(desc->ncols ? desc->ncols : 1), sizeof(*offs));
	if (cells == NULL || lens == NULL || offs == NULL) {
		rc = store_err_set(&r->err, "53200", "out of memory");
		goto out;
	}
	for (int i = 0; i < desc->ncols && rc == 0; i++) {
		offs[i] = text.len;
		if (!vals[i].isnull &&
			exec_session_format(r->ss, &vals[i], &text, &r->err) != EXEC_OK)
			rc = -1;
		lens[i] = text.len - offs[i];
	}
	if (rc == 0) {
		for (int i = 0; i < desc->ncols; i++)
			cells[i] = vals[i].isnull
					   ? NULL
					   : (text.data ? (const char *)text.data + offs[i] : "");
		srv_table_add_row(r->table, cells, lens);
	}
out:
	if (rc != 0)
		r->sink_failed = true;
	store_buf_free(&text);
	free(cells);
	free(lens);
	free(offs);
	return rc;
}

static int sink_complete(void *arg, const char *tag)
{
	runner *r = arg;

	if (r->copy_out) {
		/* psql prints no tag after data it printed itself. */
		r->copy_out = false;
	} else if (r->table != NULL) {
		srv_table_print(r->table, &r->buf);
		srv_table_free(r->table);
		r->table = NULL;
		/* psql shows the tag of a result set only for DML's RETURNING. */
		if (strncmp(tag, "INSERT", 6) == 0 || strncmp(tag, "UPDATE", 6) == 0 ||
			strncmp(tag, "DELETE", 6) == 0)
			store_buf_printf(&r->buf, "%s\n", tag);
	} else if (tag[0] != '\0') {
		store_buf_printf(&r->buf, "%s\n", tag);
	}
	flush_out(r);
	return 0;
}

static void sink_notice(void *arg, const char *severity, const char *sqlstate, const char *message)
{
	runner *r = arg;
	store_err e;

	store_err_clear(&e);
	store_err_set(&e, sqlstate ? sqlstate : "00000", "%s", message);
	srv_print_message(&r->buf, severity, &e, NULL, 0);
	flush_out(r);
}

static int sink_copy_out_begin(void *arg, const exec_copy_info *info)
{
	runner *r = arg;

	(void)info;
	r->copy_out = true;
	return 0;
}

static int sink_copy_out_data(void *arg, const char *data, size_t len)
{
	runner *r = arg;

	store_buf_put(&r->buf, data, len);
	if (r->buf.len >= 65536)
		flush_out(r);
	return 0;
}

static int sink_copy_in_begin(void *arg, const exec_copy_info *info)
{
	runner *r = arg;

	(void)info;
	flush_out(r);
	r->copy_in = true;
	r->copy_in_done = false;
	return 0;
}

/* A line of data, then, after "\." or at the end of input, CopyDone. */
static int read_copy_line(runner *r, exec_copy_chunk *chunk)
{
	ssize_t n;

	chunk->kind = EXEC_COPY_IN_DONE;
	if (r->copy_in_done || (n = getline(&r->copy_line, &r->copy_cap, r->in)) < 0) {
		r->copy_in_done = true;
		return 0;
	}
	/* psql's end test: "\." alone on a line, with its line end. */
	if ((n == 3 && memcmp(r->copy_line, "\\.\n", 3) == 0) ||
		(n == 4 && memcmp(r->copy_line, "\\.\r\n", 4) == 0))
		r->copy_in_done = true;
	chunk->kind = EXEC_COPY_IN_DATA;
	chunk->data = r->copy_line;
	chunk->len = (size_t)n;
	return 0;
}

static int sink_copy_in_read(void *arg, exec_copy_chunk *chunk)
{
	return read_copy_line(arg, chunk);
}

static const exec_sink runner_sink = {
	NULL,
	sink_describe,
	sink_row,
	sink_complete,
	sink_notice,
	sink_copy_out_begin,
	sink_copy_out_data,
	sink_copy_in_begin,
	sink_copy_in_read,
};

/* A notification as psql prints it after a query (its payload only when there is one). */
static void print_notification(void *arg, int32_t pid, const char *channel, const char *payload)
{
	runner *r = arg;
	char end[96];
	const char *parts[4] = {"Asynchronous notification \"", channel,
		payload[0] != '\0' ? "\" with payload \"" : "", payload};

	for (int i = 0; i < 4; i++)
		store_buf_put(&r->buf, parts[i], strlen(parts[i]));
	snprintf(end, sizeof(end), "\" received from server process with PID %d.\n", (int)pid);
	store_buf_put(&r->buf, end, strlen(end));
}

/* Run one query string and print its results or its error; 0 or 1. */
static int run_query(runner *r, const char *sql, size_t len)
{
	exec_sink sink = runner_sink;
	store_err err;
	int rc;

	sink.arg = r;
	store_err_clear(&err);
	store_err_clear(&r->err);
	r->sink_failed = false;
	r->query = sql;
	r->querylen = len;
	r->copy_out = false;
	r->copy_in = false;
	rc = exec_session_query(r->ss, sql, len, &sink, &err);
	srv_table_free(r->table);
	r->table = NULL;

	/* COPY FROM STDIN stopped early: its remaining data lines are not SQL. */
	while (r->copy_in && !r->copy_in_done) {
		exec_copy_chunk chunk;

		read_copy_line(r, &chunk);
	}
	if (rc != EXEC_OK)
		srv_print_message(&r->buf, "ERROR", r->sink_failed ? &r->err : &err, sql, len);

	/* The session's own notifications (it is alone), after the results, as psql prints them. */
	exec_notify_deliver(r->ss, print_notification, r);
	flush_out(r);
	return rc != EXEC_OK;
}

int srv_sql_open(store *s, const srv_sql_opts *o, FILE *out, srv_sql_runner **rp, store_err *err)
{
	exec_session_opts so;
	runner *r = calloc(1, sizeof(*r));

	if (r == NULL)
		abort();
	memset(&so, 0, sizeof(so));
	r->out = out;
	so.user = o ? o->user : NULL;
	so.branch = o ? o->branch : NULL;
	so.application_name = "chrondb sql";
	/*
	 * The runner's user is the process's: COPY may use the files it can,
	 * and it is the superuser (CHECKPOINT), as whoever can open the data
	 * directory is.
	 */
	so.server_files = true;
	so.superuser = true;
	if (exec_session_new(s, &so, &r->ss, err) != EXEC_OK) {
		free(r);
		return -1;
	}
	*rp = r;
	return 0;
}

void srv_sql_close(srv_sql_runner *r)
{
	if (r == NULL)
		return;
	srv_table_free(r->table);
	exec_session_free(r->ss);
	store_buf_free(&r->buf);
	free(r->copy_line);
	free(r);
}

struct script_state {
	runner *r;
	int failed;
};

static int script_stmt(void *arg, const char *stmt, size_t len)
{
	struct script_state *st = arg;

	st->failed |= run_query(st->r, stmt, len);
	return 0;
}

int srv_sql_script(srv_sql_runner *r, FILE *in, bool echo)
{
	struct script_state st;
	srv_splitter sp;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	r->in = in;
	st.r = r;
	st.failed = 0;
	srv_splitter_init(&sp);
	while ((n = getline(&line, &cap, in)) >= 0) {
		size_t len = (size_t)n;

		if (len > 0 && line[len - 1] == '\n')
			len--;
		/* psql echoes every line but an empty one outside quotes, which it skips unread. */
		if (echo && (len > 0 || srv_splitter_in_quote(&sp))) {
			fwrite(line, 1, len, r->out);
			fputc('\n', r->out);
			fflush(r->out);
		}
		srv_splitter_line(&sp, line, len, script_stmt, &st);
	}
	srv_splitter_finish(&sp, script_stmt, &st);
	srv_splitter_free(&sp);
	free(line);
	return st.failed;
}

int srv_sql_command(srv_sql_runner *r, const char *sql, FILE *in)
{
	r->in = in;
	return run_query(r, sql, strlen(sql));
}
