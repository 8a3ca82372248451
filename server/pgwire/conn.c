/*
 * conn.c - one PostgreSQL connection (conn.h): socket I/O with buffered
 * output, the start-up exchange, the message loop, simple query, the
 * sink that turns results into messages, and COPY's data.
 *
 * Output is buffered and written when the connection would otherwise
 * wait for the client (before every blocking read, so after
 * ReadyForQuery, at Sync and Flush, before COPY data is awaited), when
 * it grows past PG_FLUSH_AT, and before the connection closes: one write
 * per batch of replies, which pipelining clients (pgbench) depend on.
 * Errors that the protocol cannot carry on from are FATAL: the message
 * goes out, then the connection closes.  The session is freed when the
 * connection ends, which rolls back an open transaction.
 *
 * A session that listens (LISTEN) gets its notifications before each
 * ReadyForQuery outside a transaction, and while it waits idle for the
 * client: a notifying commit in another session writes to this
 * connection's eventfd, which the wait polls beside the socket.  A
 * session that does not listen waits in recv alone, as before.
 * ParameterStatus goes out before ReadyForQuery for each reported
 * setting whose value differs from the one last sent, as PostgreSQL
 * 14 and later send it: a SET undone by a rollback in the same query
 * string sends nothing.  Each CommandComplete counts its statement and
 * latency in the metrics (metrics.h; conn_int.h says from when).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "auth.h"
#include "conn_int.h"
#include "func.h"
#include "log.h"
#include "metrics.h"
#include "notify.h"
#include "portal.h"

/* ---- I/O ---- */

int pg_conn_flush(pg_conn *c)
{
	size_t done = 0;

	while (done < c->out.len && !c->broken) {
		ssize_t n = c->tls != NULL
				    ? pg_tls_write(c->tls, c->out.data + done, c->out.len - done)
				    : send(c->sc->fd, c->out.data + done, c->out.len - done,
					      MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			c->broken = true;
		else
			done += (size_t)n;
	}
	c->out.len = 0;
	return c->broken ? -1 : 0;
}

int pg_conn_maybe_flush(pg_conn *c)
{
	return c->out.len >= PG_FLUSH_AT ? pg_conn_flush(c) : 0;
}

enum {
	CONN_MSG = 1,      /* c->rd holds a message */
	CONN_GONE = 0,     /* the client went away (or the server stops) */
	CONN_BAD = -1,     /* a protocol violation: c->err */
	CONN_TIMEOUT = -2, /* nothing came within the timeout */
};

static void conn_notification(void *arg, int32_t pid, const char *channel, const char *payload);

/*
 * Whether the connection waits for its client between transactions
 * with notifications to watch for: it listens, ReadyForQuery went out
 * and the session is outside any transaction.
 */
static bool conn_watching(pg_conn *c)
{
	return c->ready && c->wake_fd >= 0 && exec_notify_listening(c->ss) &&
	       exec_session_status(c->ss) == 'I';
}

/* Woken by a commit: reset the eventfd, then send what came (the reset first, so nothing is missed). */
static int conn_notify_woken(pg_conn *c)
{
	uint64_t n;

	if (read(c->wake_fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
		return 0;
	exec_notify_deliver(c->ss, conn_notification, c);
	return pg_conn_flush(c);
}

/*
 * The next message, reading from the socket as needed (after flushing
 * what waits for the client).  timeout_ms > 0 bounds the wait.  While
 * idle and listening the wait also watches the wake-up eventfd and
 * sends the notifications it announces.
 */
static int conn_next(pg_conn *c, int timeout_ms)
{
	for (;;) {
		size_t used = 0;
		ssize_t n;
		int r;
		bool watch;

		/* What is buffered first. */
		r = pg_msg_feed(&c->rd, c->in + c->inpos, c->inlen - c->inpos, &used, &c->err);
		c->inpos += used;
		if (r == PG_MSG_COMPLETE)
			return CONN_MSG;
		if (r == PG_MSG_ERROR)
			return CONN_BAD;

		/* Then the socket, after the replies the client waits for. */
		if (pg_conn_flush(c) != 0)
			return CONN_GONE;
		watch = conn_watching(c);
		if ((timeout_ms > 0 || watch) && (c->tls == NULL || !pg_tls_pending(c->tls))) {
			struct pollfd p[2] = {
				{.fd = c->sc->fd, .events = POLLIN},
				{.fd = c->wake_fd, .events = POLLIN},
			};
			int pr;

			while ((pr = poll(p, watch ? 2 : 1, timeout_ms > 0 ? timeout_ms : -1)) < 0 &&
				errno == EINTR)
				;
			if (pr == 0)
				return CONN_TIMEOUT;
			if (watch && (p[1].revents & POLLIN) && !(p[0].revents & (POLLIN | POLLHUP))) {
				if (conn_notify_woken(c) != 0)
					return CONN_GONE;
				continue;
			}
		}
		do
			n = c->tls != NULL ? pg_tls_read(c->tls, c->in, sizeof(c->in))
					   : recv(c->sc->fd, c->in, sizeof(c->in), 0);
		while (n < 0 && errno == EINTR);
		if (n <= 0)
			return CONN_GONE;
		c->inpos = 0;
		c->inlen = (size_t)n;
	}
}

/* ---- Messages out ---- */

void pg_conn_put_empty(pg_conn *c, char type)
{
	pg_msg_finish(&c->out, pg_msg_begin(&c->out, type));
}

static void conn_report_changed(pg_conn *c);

void pg_conn_ready(pg_conn *c)
{
	size_t at;

	exec_notify_deliver(c->ss, conn_notification, c);
	if (c->report_pending)
		conn_report_changed(c);
	at = pg_msg_begin(&c->out, 'Z');
	store_buf_putc(&c->out, exec_session_status(c->ss));
	pg_msg_finish(&c->out, at);
	c->ready = true;
}

void pg_conn_error(pg_conn *c, store_err *err)
{
	pg_msg_error(&c->out, 'E', "ERROR", err);
	store_err_clear(err);
}

void pg_conn_fatal(pg_conn *c, store_err *err)
{
	SRV_LOG(SRV_LOG_INFO, "pgwire", "connection %s ended: FATAL %s: %s", c->sc->peer,
		err->sqlstate, err->message);
	pg_msg_error(&c->out, 'E', "FATAL", err);
	pg_conn_flush(c);
}

static void conn_fatal_shutdown(pg_conn *c)
{
	store_err e;

	store_err_clear(&e);
	store_err_set(&e, "57P01", "terminating connection due to administrator command");
	pg_conn_fatal(c, &e);
}

/* NotificationResponse: the sender's pid, the channel, the payload. */
static void conn_notification(void *arg, int32_t pid, const char *channel, const char *payload)
{
	pg_conn *c = arg;
	size_t at = pg_msg_begin(&c->out, 'A');

	pg_msg_put32(&c->out, pid);
	pg_msg_putstr(&c->out, channel);
	pg_msg_putstr(&c->out, payload);
	pg_msg_finish(&c->out, at);
}

/* LISTEN's wake-up, from a notifying session's thread: one write, never blocking. */
static void conn_wake(void *arg)
{
	pg_conn *c = arg;
	uint64_t one = 1;

	if (write(c->wake_fd, &one, sizeof(one)) < 0)
		return; /* the counter is full: a wake-up is pending already */
}

/* ParameterStatus for a reported setting whose value is not the one the client has. */
static void conn_param_status(void *arg, const exec_guc_info *info)
{
	pg_conn *c = arg;
	struct pg_reported *r = NULL;
	size_t at;

	if (!(info->flags & EXEC_GUC_REPORT))
		return;
	for (int i = 0; i < c->nreported && r == NULL; i++)
		if (c->reported[i].name == info->name)
			r = &c->reported[i];
	if (r != NULL && strcmp(r->value, info->setting) == 0)
		return;
	if (r == NULL) {
		if (c->nreported == c->capreported) {
			int cap = c->capreported ? 2 * c->capreported : 32;
			struct pg_reported *g = realloc(c->reported, (size_t)cap * sizeof(*g));

			if (g == NULL) {
				c->report_pending = true; /* tried again at the next ReadyForQuery */
				return;
			}
			c->reported = g;
			c->capreported = cap;
		}
		r = &c->reported[c->nreported++];
		r->name = info->name;
		r->value = NULL;
	}
	free(r->value);
	if ((r->value = strdup(info->setting)) == NULL) {
		*r = c->reported[--c->nreported];
		c->report_pending = true;
		return;
	}
	at = pg_msg_begin(&c->out, 'S');
	pg_msg_putstr(&c->out, info->name);
	pg_msg_putstr(&c->out, info->setting);
	pg_msg_finish(&c->out, at);
}

/* A reported setting changed (SET, RESET, a transaction's end): said before ReadyForQuery. */
static void conn_report(void *arg, const char *name, const char *value)
{
	pg_conn *c = arg;

	(void)name;
	(void)value;
	if (c->started)
		c->report_pending = true;
}

static void conn_report_changed(pg_conn *c)
{
	c->report_pending = false;
	exec_guc_each(exec_session_gucs(c->ss), conn_param_status, c);
}

/* ---- The sink ---- */

void pg_conn_describe(pg_conn *c, const exec_tupdesc *d)
{
	size_t at = pg_msg_begin(&c->out, 'T');

	pg_msg_put16(&c->out, (int16_t)d->ncols);
	for (int i = 0; i < d->ncols; i++) {
		const exec_column *col = &d->cols[i];
		const exec_type *t = exec_type_by_oid(col->type);

		pg_msg_putstr(&c->out, col->name != NULL ? col->name : "?column?");
		pg_msg_put32(&c->out, (int32_t)col->table_oid);
		pg_msg_put16(&c->out, col->attnum);
		pg_msg_put32(&c->out, (int32_t)col->type);
		pg_msg_put16(&c->out, t != NULL ? t->len : -1);
		pg_msg_put32(&c->out, col->typmod);
		pg_msg_put16(
			&c->out, c->portal != NULL ? (int16_t)exec_portal_format(c->portal, i) : 0);
	}
	pg_msg_finish(&c->out, at);
}

/*
 * A result set begins.  Under Execute (extended query) the client had
 * its RowDescription from Describe, and the protocol has no place for
 * another: only a simple query sends one here.
 */
static int sink_describe(void *arg, const exec_tupdesc *d)
{
	pg_conn *c = arg;

	if (c->portal != NULL)
		return 0;
	pg_conn_describe(c, d);
	return pg_conn_maybe_flush(c);
}

static int sink_row(void *arg, const exec_tupdesc *d, const exec_value *vals)
{
	pg_conn *c = arg;
	store_buf *out = &c->out;
	size_t at = pg_msg_begin(out, 'D');

	pg_msg_put16(out, (int16_t)d->ncols);
	for (int i = 0; i < d->ncols; i++) {
		size_t lenat, start;
		int rc;

		if (vals[i].isnull) {
			pg_msg_put32(out, -1);
			continue;
		}

		/* The value in place, then its length in front of it. */
		lenat = out->len;
		pg_msg_put32(out, 0);
		start = out->len;
		if (c->portal != NULL && exec_portal_format(c->portal, i) == 1)
			rc = exec_value_send(c->ss, d->cols[i].type, &vals[i], out, &c->err);
		else
			rc = exec_session_format(c->ss, &vals[i], out, &c->err);
		if (rc != EXEC_OK) {
			out->len = at - 1; /* the row goes, not a part of it */
			return rc;
		}
		pg_msg_patch32(out, lenat, (uint32_t)(out->len - start));
	}
	pg_msg_finish(out, at);
	return pg_conn_maybe_flush(c);
}

static int sink_complete(void *arg, const char *tag)
{
	pg_conn *c = arg;
	int64_t now;
	size_t at;

	/* An empty query string has no tag: EmptyQueryResponse. */
	if (tag[0] == '\0') {
		pg_conn_put_empty(c, 'I');
		return pg_conn_maybe_flush(c);
	}

	/* A statement completed: counted, and the next one of the string starts now. */
	now = exec_monotonic_us();
	srv_metrics_add(srv_metrics_server(), SRV_METRIC_QUERIES_EXECUTED, SRV_PROTO_POSTGRESQL, 1);
	srv_metrics_observe(srv_metrics_server(), SRV_METRIC_QUERY_LATENCY, SRV_PROTO_POSTGRESQL,
		(now - c->stmt_start_us) * 1000);
	c->stmt_start_us = now;

	/* CommandComplete. */
	at = pg_msg_begin(&c->out, 'C');
	pg_msg_putstr(&c->out, tag);
	pg_msg_finish(&c->out, at);
	return pg_conn_maybe_flush(c);
}

static void sink_notice(void *arg, const char *severity, const char *sqlstate, const char *message)
{
	pg_conn *c = arg;
	store_err e;

	store_err_clear(&e);
	store_err_set(&e, sqlstate != NULL ? sqlstate : "00000", "%s", message);
	pg_msg_error(&c->out, 'N', severity, &e);
}

/* CopyInResponse and CopyOutResponse: the format, then each column's. */
static void conn_copy_response(pg_conn *c, char type, const exec_copy_info *info)
{
	size_t at = pg_msg_begin(&c->out, type);

	store_buf_putc(&c->out, info->binary ? 1 : 0);
	pg_msg_put16(&c->out, (int16_t)info->ncols);
	for (int i = 0; i < info->ncols; i++)
		pg_msg_put16(&c->out, info->binary ? 1 : 0);
	pg_msg_finish(&c->out, at);
}

static int sink_copy_out_begin(void *arg, const exec_copy_info *info)
{
	pg_conn *c = arg;

	conn_copy_response(c, 'H', info);
	return pg_conn_maybe_flush(c);
}

static int sink_copy_out_data(void *arg, const char *data, size_t len)
{
	pg_conn *c = arg;
	size_t at = pg_msg_begin(&c->out, 'd');

	store_buf_put(&c->out, data, len);
	pg_msg_finish(&c->out, at);
	return pg_conn_maybe_flush(c);
}

static int sink_copy_in_begin(void *arg, const exec_copy_info *info)
{
	pg_conn *c = arg;

	conn_copy_response(c, 'G', info);
	c->copy_in = true;
	return pg_conn_flush(c);
}

/*
 * The next piece of COPY FROM STDIN's data.  Flush and Sync may come
 * in between (PostgreSQL ignores them there); anything else breaks the
 * protocol, and the connection ends.
 */
static int sink_copy_in_read(void *arg, exec_copy_chunk *chunk)
{
	pg_conn *c = arg;

	for (;;) {
		pg_msg_scan s;
		const char *msg;
		int r = conn_next(c, 0);

		if (r != CONN_MSG) {
			if (r == CONN_GONE)
				store_err_set(&c->err, "08006",
					"unexpected EOF on client connection with an open transaction");
			c->terminate = true;
			return -1;
		}
		switch (c->rd.type) {
		case 'd':
			chunk->kind = EXEC_COPY_IN_DATA;
			chunk->data = (const char *)c->rd.body.data;
			chunk->len = c->rd.body.len;
			return 0;
		case 'c':
			chunk->kind = EXEC_COPY_IN_DONE;
			c->copy_in = false;
			return 0;
		case 'f':
			pg_msg_scan_init(&s, &c->rd);
			if (pg_msg_string(&s, &msg, &c->err) != STORE_OK) {
				c->terminate = true;
				return -1;
			}
			chunk->kind = EXEC_COPY_IN_FAIL;
			chunk->data = msg;
			c->copy_in = false;
			return 0;
		case 'H':
		case 'S':
			continue;
		default:
			store_err_set(&c->err, "08P01",
				"unexpected message type 0x%02X during COPY from stdin",
				(unsigned char)c->rd.type);
			c->terminate = true;
			return -1;
		}
	}
}

const exec_sink pg_conn_sink = {
	.describe = sink_describe,
	.row = sink_row,
	.complete = sink_complete,
	.notice = sink_notice,
	.copy_out_begin = sink_copy_out_begin,
	.copy_out_data = sink_copy_out_data,
	.copy_in_begin = sink_copy_in_begin,
	.copy_in_read = sink_copy_in_read,
};

/* ---- Simple query ---- */

/* After an error in COPY FROM STDIN: the client's data up to its CopyDone or CopyFail. */
static int conn_copy_discard(pg_conn *c)
{
	while (c->copy_in) {
		int r = conn_next(c, 0);

		if (r != CONN_MSG)
			return r;
		if (c->rd.type == 'c' || c->rd.type == 'f')
			c->copy_in = false;
	}
	return CONN_MSG;
}

int pg_conn_failed(pg_conn *c, store_err *err)
{
	/* A stop or pg_terminate_backend is the cause, even of a read cut short (COPY's). */
	if (srv_conn_ending(c->sc) && !c->broken) {
		conn_fatal_shutdown(c);
		return -1;
	}
	if (c->terminate || c->broken) {
		if (store_err_isset(&c->err) && strcmp(c->err.sqlstate, "08006") != 0)
			pg_conn_fatal(c, &c->err);
		return -1;
	}

	/* A sink's error (a value that would not format) is the cause. */
	if (store_err_isset(&c->err))
		*err = c->err;
	store_err_clear(&c->err);
	if (c->copy_in && conn_copy_discard(c) != CONN_MSG)
		return -1;
	pg_conn_error(c, err);
	return 0;
}

static int conn_query(pg_conn *c)
{
	pg_msg_scan s;
	const char *sql;
	exec_sink sink = pg_conn_sink;
	store_err err;

	pg_msg_scan_init(&s, &c->rd);
	if (pg_msg_string(&s, &sql, &c->err) != STORE_OK || pg_msg_end(&s, &c->err) != STORE_OK) {
		pg_conn_fatal(c, &c->err);
		return -1;
	}
	sink.arg = c;
	store_err_clear(&err);
	SRV_LOG(SRV_LOG_DEBUG, "pgwire", "connection %d: simple query: %s", c->sc->pid, sql);
	c->stmt_start_us = exec_monotonic_us();
	if (exec_session_query(c->ss, sql, strlen(sql), &sink, &err) != EXEC_OK &&
		pg_conn_failed(c, &err) != 0)
		return -1;
	if (c->broken)
		return -1;
	pg_conn_ready(c);
	return 0;
}

/* ---- Start-up ---- */

#define CONN_MAX_SETTINGS 64

/* What the StartupMessage asked for; strings point into a copy of its body. */
typedef struct conn_start {
	unsigned char *body;
	const char *user, *database, *application_name;
	const char *names[CONN_MAX_SETTINGS], *values[CONN_MAX_SETTINGS];
	int nsettings;
	const char *pq_options[CONN_MAX_SETTINGS]; /* "_pq_." protocol options: none known */
	int npq;
	int minor;     /* the protocol's minor version the client asked for */
	char *options; /* a copy of "options", cut into its words */
} conn_start;

static void conn_startup_free(conn_start *st)
{
	free(st->body);
	free(st->options);
}

static int conn_setting_add(conn_start *st, const char *name, const char *value, store_err *err)
{
	if (st->nsettings == CONN_MAX_SETTINGS)
		return store_err_set(err, "08P01", "too many parameters in the startup packet");
	st->names[st->nsettings] = name;
	st->values[st->nsettings++] = value;
	return STORE_OK;
}

/*
 * The "options" parameter as PostgreSQL reads it: words split at blanks
 * (a backslash keeps the next character), "-c name=value",
 * "-cname=value" and "--name=value" set name (dashes in it read as
 * underscores).
 */
static int conn_options(conn_start *st, const char *text, store_err *err)
{
	char *words[CONN_MAX_SETTINGS], *w;
	int nwords = 0;
	size_t n = 0;

	if ((st->options = malloc(strlen(text) + 1)) == NULL)
		return store_err_set(err, "53200", "out of memory");
	for (const char *p = text; *p != '\0';) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		if (nwords == CONN_MAX_SETTINGS)
			return store_err_set(err, "08P01", "too many words in \"options\"");
		words[nwords++] = st->options + n;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
			if (*p == '\\' && p[1] != '\0')
				p++;
			st->options[n++] = *p++;
		}
		st->options[n++] = '\0';
	}

	for (int i = 0; i < nwords; i++) {
		char *eq;

		if (strcmp(words[i], "-c") == 0 && i + 1 < nwords)
			w = words[++i];
		else if (strncmp(words[i], "-c", 2) == 0 && words[i][2] != '\0')
			w = words[i] + 2;
		else if (strncmp(words[i], "--", 2) == 0 && words[i][2] != '\0')
			w = words[i] + 2;
		else
			w = NULL;
		eq = w != NULL ? strchr(w, '=') : NULL;
		if (eq == NULL || eq == w) {
			store_err_set(err, "22023",
				"invalid command-line argument for server process: %s", words[i]);
			store_err_hint(err, "Use -c name=value or --name=value in \"options\".");
			return STORE_ERROR;
		}
		*eq = '\0';
		for (char *q = w; *q != '\0'; q++)
			if (*q == '-')
				*q = '_';
		if (conn_setting_add(st, w, eq + 1, err) != STORE_OK)
			return STORE_ERROR;
	}
	return STORE_OK;
}

/* StartupMessage's parameters: name and value pairs up to an empty name. */
static int conn_startup_params(pg_conn *c, conn_start *st, store_err *err)
{
	pg_msg_scan s;
	int32_t code;

	memset(st, 0, sizeof(*st));
	if ((st->body = malloc(c->rd.body.len + 1)) == NULL)
		return store_err_set(err, "53200", "out of memory");
	memcpy(st->body, c->rd.body.data, c->rd.body.len);
	s.p = st->body;
	s.end = st->body + c->rd.body.len;
	s.type = 0;
	pg_msg_int32(&s, &code, err);
	st->minor = code & 0xffff;
	for (;;) {
		const char *name, *value;

		if (pg_msg_string(&s, &name, err) != STORE_OK)
			return STORE_ERROR;
		if (name[0] == '\0')
			break;
		if (pg_msg_string(&s, &value, err) != STORE_OK)
			return STORE_ERROR;
		if (strcmp(name, "user") == 0)
			st->user = value;
		else if (strcmp(name, "database") == 0)
			st->database = value;
		else if (strcmp(name, "application_name") == 0)
			st->application_name = value;
		else if (strcmp(name, "options") == 0) {
			if (conn_options(st, value, err) != STORE_OK)
				return STORE_ERROR;
		} else if (strcmp(name, "replication") == 0) {
			if (strcmp(value, "false") != 0 && strcmp(value, "off") != 0 &&
				strcmp(value, "0") != 0 && strcmp(value, "no") != 0)
				return store_err_set(err, "0A000", "replication is not supported");
		} else if (strncmp(name, "_pq_.", 5) == 0) {
			if (st->npq == CONN_MAX_SETTINGS)
				return store_err_set(
					err, "08P01", "too many parameters in the startup packet");
			st->pq_options[st->npq++] = name;
		} else if (conn_setting_add(st, name, value, err) != STORE_OK) {
			return STORE_ERROR;
		}
	}
	if (st->user == NULL || st->user[0] == '\0')
		return store_err_set(
			err, "28000", "no PostgreSQL user name specified in startup packet");
	if (strlen(st->user) >= PG_NAME_MAX)
		return store_err_set(err, "28000", "role \"%s\" does not exist", st->user);
	if (st->database == NULL || st->database[0] == '\0')
		st->database = st->user;
	return STORE_OK;
}

/* Authentication's messages, through the connection's framing. */
static int conn_auth_send(void *arg, int32_t code, const void *data, size_t len)
{
	pg_conn *c = arg;
	size_t at = pg_msg_begin(&c->out, 'R');

	pg_msg_put32(&c->out, code);
	store_buf_put(&c->out, data, len);
	pg_msg_finish(&c->out, at);
	return pg_conn_flush(c);
}

static int conn_auth_recv(void *arg, const char **data, size_t *len)
{
	pg_conn *c = arg;
	int r = conn_next(c, 0);

	if (r != CONN_MSG)
		return -1;
	if (c->rd.type != 'p') {
		store_err_set(&c->err, "08P01", "expected password response, got message type %d",
			c->rd.type);
		return -1;
	}
	*data = (const char *)c->rd.body.data;
	*len = c->rd.body.len;
	return 0;
}

/*
 * "database" names the configured database, alone or as
 * "database/branch" for another branch than the default; *branch
 * points into it (NULL: the default).  The session refuses a branch
 * that does not exist (exec_session_new, 3D000).
 */
static int conn_database(pg_conn *c, const char *db, const char **branch, store_err *err)
{
	const char *slash = strchr(db, '/');
	size_t n = slash != NULL ? (size_t)(slash - db) : strlen(db);

	*branch = NULL;
	if (strlen(c->cfg->database) != n || strncmp(c->cfg->database, db, n) != 0)
		return store_err_set(err, "3D000", "database \"%s\" does not exist", db);
	if (slash != NULL)
		*branch = slash + 1;
	return STORE_OK;
}

/* The session with the settings of the config, then the client's. */
static int conn_session(
	pg_conn *c, conn_start *st, const pg_auth_user *u, const char *branch, store_err *err)
{
	static const struct {
		const char *name;
		size_t field;
	} timeouts[] = {
		{"statement_timeout", offsetof(srv_config, statement_timeout)},
		{"lock_timeout", offsetof(srv_config, lock_timeout)},
		{"idle_in_transaction_session_timeout",
			offsetof(srv_config, idle_in_transaction_timeout)},
	};
	exec_session_opts o;
	exec_gucs *g;
	char warning[256], num[16], client[INET6_ADDRSTRLEN], server[INET6_ADDRSTRLEN];
	struct sockaddr_storage local;
	socklen_t locallen = sizeof(local);

	memset(&o, 0, sizeof(o));

	/* The connection's ends, for inet_client_addr() and pg_stat_activity. */
	if (srv_addr_split(&c->sc->addr, client, sizeof(client), &o.client_port))
		o.client_addr = client;
	if (getsockname(c->sc->fd, (struct sockaddr *)&local, &locallen) == 0 &&
		srv_addr_split(&local, server, sizeof(server), &o.server_port))
		o.server_addr = server;
	o.user = u->name;
	o.branch = branch;
	o.application_name = st->application_name;
	o.database = c->cfg->database;
	o.backend_pid = c->sc->pid;
	o.superuser = u->superuser;
	o.report = conn_report;
	o.report_arg = c;
	o.backends = srv_server_backends(c->srv);
	o.notify_wake = c->wake_fd >= 0 ? conn_wake : NULL;
	o.notify_arg = c;
	if (exec_session_new(srv_server_store(c->srv), &o, &c->ss, err) != EXEC_OK)
		return STORE_ERROR;
	g = exec_session_gucs(c->ss);
	for (size_t i = 0; i < sizeof(timeouts) / sizeof(timeouts[0]); i++) {
		int ms = *(const int *)((const char *)c->cfg + timeouts[i].field);

		snprintf(num, sizeof(num), "%d", ms);
		if (ms != 0 && exec_guc_set(g, timeouts[i].name, num, false, false, warning,
				       sizeof(warning), err) != EXEC_OK)
			return STORE_ERROR;
	}
	for (int i = 0; i < st->nsettings; i++)
		if (exec_guc_set(g, st->names[i], st->values[i], false, false, warning,
			    sizeof(warning), err) != EXEC_OK)
			return STORE_ERROR;
	return STORE_OK;
}

/*
 * From the first byte to ReadyForQuery: 0 when the session is ready;
 * -1 when the connection ends (a FATAL went out, or a CancelRequest
 * was served, or the client left).
 */
static int conn_startup(pg_conn *c)
{
	const srv_config *cfg = c->cfg;
	conn_start st;
	const pg_auth_user *u;
	const char *branch;
	pg_auth_io io = {c, conn_auth_send, conn_auth_recv};
	store_err err;
	pg_msg_scan s;
	int32_t code = 0, pid, key;

	store_err_clear(&err);
	memset(&st, 0, sizeof(st));

	/* SSLRequest and GSSENCRequest come before the StartupMessage, each once. */
	for (;;) {
		int r;

		pg_msg_reader_expect(&c->rd, true, PG_STARTUP_MAX);
		r = conn_next(c, 0);
		if (r == CONN_BAD)
			goto fatal_own;
		if (r != CONN_MSG)
			return -1;
		pg_msg_scan_init(&s, &c->rd);
		pg_msg_int32(&s, &code, &err);
		if (code == PG_SSL_REQUEST && c->tls == NULL) {
			bool tls = srv_server_tls(c->srv) != NULL;

			store_buf_putc(&c->out, tls ? 'S' : 'N');
			if (pg_conn_flush(c) != 0)
				return -1;
			if (!tls)
				continue;
			if (c->inpos != c->inlen) {
				store_err_set(&err, "08P01",
					"received unencrypted data after SSL request");
				goto fatal;
			}
			if (pg_tls_accept(srv_server_tls(c->srv), c->sc->fd, &c->tls, &err) !=
				STORE_OK) {
				SRV_LOG(SRV_LOG_INFO, "pgwire", "TLS handshake with %s failed: %s",
					c->sc->peer, err.message);
				return -1;
			}
			continue;
		}
		if (code == PG_GSSENC_REQ) {
			store_buf_putc(&c->out, 'N');
			if (pg_conn_flush(c) != 0)
				return -1;
			continue;
		}
		break;
	}

	/* CancelRequest: find the session, cancel, close; no reply. */
	if (code == PG_CANCEL_REQ) {
		if (pg_msg_int32(&s, &pid, &err) == STORE_OK &&
			pg_msg_int32(&s, &key, &err) == STORE_OK && srv_cancel(c->srv, pid, key))
			SRV_LOG(SRV_LOG_INFO, "pgwire", "cancel request for connection %d", pid);
		return -1;
	}
	if ((code >> 16) != 3) {
		store_err_set(&err, "0A000",
			"unsupported frontend protocol %d.%d: server supports 3.0 to 3.0",
			code >> 16, code & 0xffff);
		goto fatal;
	}
	if (conn_startup_params(c, &st, &err) != STORE_OK)
		goto fatal;

	/* A newer 3.x or protocol options: NegotiateProtocolVersion says 3.0, none known. */
	if (st.minor > 0 || st.npq > 0) {
		size_t at = pg_msg_begin(&c->out, 'v');

		pg_msg_put32(&c->out, 0);
		pg_msg_put32(&c->out, st.npq);
		for (int i = 0; i < st.npq; i++)
			pg_msg_putstr(&c->out, st.pq_options[i]);
		pg_msg_finish(&c->out, at);
	}

	/* A place among max_connections. */
	if (!srv_conn_admit(c->sc)) {
		store_err_set(&err, "53300", "sorry, too many clients already");
		goto fatal;
	}

	/* Who: the method the rules give, its exchange, then the user itself. */
	pg_msg_reader_expect(&c->rd, false, cfg->max_message_size);
	u = srv_config_user(cfg, st.user);
	if (pg_auth_run(&io,
		    pg_auth_choose(cfg->rules, cfg->nrules, (const struct sockaddr *)&c->sc->addr,
			    st.user),
		    st.user, u, &err) != STORE_OK) {
		if (store_err_isset(&c->err))
			goto fatal_own;
		goto fatal;
	}
	if (u == NULL) {
		store_err_set(&err, "28000", "role \"%s\" does not exist", st.user);
		goto fatal;
	}
	snprintf(c->user, sizeof(c->user), "%s", st.user);
	if (conn_database(c, st.database, &branch, &err) != STORE_OK)
		goto fatal;

	/* AuthenticationOk, the session, what the client should know of it. */
	conn_auth_send(c, 0, NULL, 0);
	if (conn_session(c, &st, u, branch, &err) != STORE_OK)
		goto fatal;
	exec_guc_each(exec_session_gucs(c->ss), conn_param_status, c);
	c->started = true;
	{
		size_t at = pg_msg_begin(&c->out, 'K');

		pg_msg_put32(&c->out, c->sc->pid);
		pg_msg_put32(&c->out, c->sc->key);
		pg_msg_finish(&c->out, at);
	}
	srv_conn_set_session(c->sc, c->ss);
	pg_conn_ready(c);
	SRV_LOG(SRV_LOG_INFO, "pgwire", "connection %d from %s: user=%s database=%s%s", c->sc->pid,
		c->sc->peer, st.user, st.database, c->tls != NULL ? " (TLS)" : "");
	conn_startup_free(&st);
	return 0;

fatal_own:
	err = c->err;
fatal:
	conn_startup_free(&st);
	pg_conn_fatal(c, &err);
	return -1;
}

/* ---- The message loop ---- */

/* The idle_in_transaction_session_timeout in force, in ms (0: none or idle). */
static int conn_idle_timeout(pg_conn *c)
{
	if (exec_session_status(c->ss) == 'I')
		return 0;
	return (int)exec_guc_get_int(
		exec_session_gucs(c->ss), "idle_in_transaction_session_timeout");
}

/* One message of the main loop; non-zero ends the connection. */
static int conn_message(pg_conn *c)
{
	char type = c->rd.type;

	/* A stop or termination that came while the client was sending: no new statement starts. */
	c->ready = false;
	if (srv_conn_ending(c->sc)) {
		conn_fatal_shutdown(c);
		return -1;
	}

	/* After an extended-query error, everything up to Sync is skipped. */
	if (c->skip_sync && type != 'S' && type != 'X')
		return 0;
	switch (type) {
	case 'Q':
		return conn_query(c);
	case 'P':
	case 'B':
	case 'D':
	case 'E':
	case 'C':
	case 'S':
	case 'H':
		return pg_ext_message(c, type);
	case 'X':
		return -1;
	case 'd':
	case 'c':
	case 'f':
		/* COPY's messages outside COPY: ignored, as PostgreSQL does. */
		return 0;
	case 'F':
		store_err_set(&c->err, "0A000", "the function call protocol is not supported");
		store_err_hint(&c->err, "Call the function in a query.");
		pg_conn_error(c, &c->err);
		pg_conn_ready(c);
		return 0;
	default:
		store_err_set(
			&c->err, "08P01", "invalid frontend message type %d", (unsigned char)type);
		pg_conn_fatal(c, &c->err);
		return -1;
	}
}

void pg_conn_run(srv_conn *sc)
{
	pg_conn *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return;
	c->sc = sc;
	c->srv = sc->srv;
	c->cfg = srv_server_config(sc->srv);
	c->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	store_err_clear(&c->err);
	pg_msg_reader_init(&c->rd, true, PG_STARTUP_MAX);
	SRV_LOG(SRV_LOG_DEBUG, "pgwire", "connection received from %s", sc->peer);

	if (conn_startup(c) == 0) {
		for (;;) {
			int r = conn_next(c, conn_idle_timeout(c));

			if (r == CONN_TIMEOUT) {
				store_err_set(&c->err, "25P03",
					"terminating connection due to idle-in-transaction timeout");
				pg_conn_fatal(c, &c->err);
				break;
			}
			if (r == CONN_BAD) {
				pg_conn_fatal(c, &c->err);
				break;
			}
			if (r == CONN_GONE) {
				if (srv_conn_ending(sc) && !c->broken)
					conn_fatal_shutdown(c);
				else if (exec_session_status(c->ss) != 'I')
					SRV_LOG(SRV_LOG_INFO, "pgwire",
						"connection %d: client went away in a transaction; rolling back",
						sc->pid);
				break;
			}
			if (conn_message(c) != 0)
				break;
		}
		SRV_LOG(SRV_LOG_INFO, "pgwire", "connection %d from %s closed", sc->pid, sc->peer);
	}

	/* The session goes (rolling back what it left open, no longer listening), then TLS. */
	pg_conn_flush(c);
	srv_conn_set_session(sc, NULL);
	exec_session_free(c->ss);
	if (c->wake_fd >= 0)
		close(c->wake_fd);
	for (int i = 0; i < c->nreported; i++)
		free(c->reported[i].value);
	free(c->reported);
	if (c->tls != NULL)
		pg_tls_close(c->tls);
	pg_msg_reader_free(&c->rd);
	store_buf_free(&c->out);
	store_buf_free(&c->scratch);
	store_buf_free(&c->params);
	store_buf_free(&c->formats);
	free(c);
}
