/*
 * extended.c - the extended query protocol on a connection: Parse,
 * Bind, Describe, Execute, Close, Sync and Flush, each one call of
 * executor/portal.h, and the rule that after an error every message up
 * to Sync is skipped (conn.c's loop does the skipping; skip_sync is set
 * here).  Parameter and format arrays are read into buffers the
 * connection keeps, so a pipelined Bind/Execute allocates nothing once
 * they have grown.
 */
#include <assert.h>
#include <string.h>

#include "conn_int.h"
#include "log.h"
#include "portal.h"

/* An error of the message: ErrorResponse now, then skip to Sync. */
static int ext_failed(pg_conn *c, store_err *err)
{
	if (pg_conn_failed(c, err) != 0)
		return -1;
	c->skip_sync = true;
	return 0;
}

/* A malformed message ends the connection, as in PostgreSQL. */
static int ext_bad(pg_conn *c)
{
	pg_conn_fatal(c, &c->err);
	return -1;
}

static int ext_parse(pg_conn *c, pg_msg_scan *s)
{
	const char *name, *sql;
	int16_t n;
	exec_oid *types;
	store_err err;

	if (pg_msg_string(s, &name, &c->err) != STORE_OK ||
		pg_msg_string(s, &sql, &c->err) != STORE_OK ||
		pg_msg_int16(s, &n, &c->err) != STORE_OK)
		return ext_bad(c);
	if (n < 0) {
		store_err_set(&c->err, "08P01", "invalid number of parameter types: %d", n);
		return ext_bad(c);
	}
	c->scratch.len = 0;
	store_buf_grow(&c->scratch, (size_t)n * sizeof(exec_oid) + 1);
	types = (exec_oid *)c->scratch.data;
	for (int i = 0; i < n; i++) {
		int32_t oid;

		if (pg_msg_int32(s, &oid, &c->err) != STORE_OK)
			return ext_bad(c);
		types[i] = (exec_oid)oid;
	}
	if (pg_msg_end(s, &c->err) != STORE_OK)
		return ext_bad(c);

	store_err_clear(&err);
	SRV_LOG(SRV_LOG_DEBUG, "pgwire", "connection %d: parse \"%s\": %s", c->sc->pid, name, sql);
	if (exec_prep_parse(c->ss, name, sql, strlen(sql), types, n, &err) != EXEC_OK)
		return ext_failed(c, &err);
	pg_conn_put_empty(c, '1');
	return 0;
}

/* An int16 array of n entries into buf (reused), n read first. */
static int ext_int16s(pg_conn *c, pg_msg_scan *s, store_buf *buf, int16_t *n)
{
	int16_t *v;

	if (pg_msg_int16(s, n, &c->err) != STORE_OK)
		return -1;
	if (*n < 0)
		return store_err_set(&c->err, "08P01", "invalid array length in Bind: %d", *n);
	buf->len = 0;
	store_buf_grow(buf, (size_t)*n * sizeof(int16_t) + 1);
	v = (int16_t *)buf->data;
	for (int i = 0; i < *n; i++)
		if (pg_msg_int16(s, &v[i], &c->err) != STORE_OK)
			return -1;
	return 0;
}

static int ext_bind(pg_conn *c, pg_msg_scan *s)
{
	const char *portal, *stmt;
	int16_t nfmt, nparams, nres;
	const int16_t *fmts;
	exec_param *params;
	store_err err;

	if (pg_msg_string(s, &portal, &c->err) != STORE_OK ||
		pg_msg_string(s, &stmt, &c->err) != STORE_OK ||
		ext_int16s(c, s, &c->scratch, &nfmt) != 0 ||
		pg_msg_int16(s, &nparams, &c->err) != STORE_OK)
		return ext_bad(c);
	fmts = (const int16_t *)c->scratch.data;
	if (nparams < 0 || (nfmt > 1 && nfmt != nparams)) {
		store_err_set(&c->err, "08P01",
			"bind message has %d parameter formats but %d parameters", nfmt, nparams);
		return ext_bad(c);
	}

	/* The values, pointing into the message. */
	c->params.len = 0;
	store_buf_grow(&c->params, (size_t)nparams * sizeof(exec_param) + 1);
	params = (exec_param *)c->params.data;
	for (int i = 0; i < nparams; i++) {
		int32_t len;
		int16_t f = nfmt == 0 ? 0 : fmts[nfmt == 1 ? 0 : i];

		if (pg_msg_int32(s, &len, &c->err) != STORE_OK)
			return ext_bad(c);
		if (f != 0 && f != 1) {
			store_err_set(&c->err, "08P01", "unsupported format code: %d", f);
			return ext_bad(c);
		}
		params[i].binary = f == 1;
		params[i].len = len < 0 ? 0 : (size_t)len;
		params[i].data = NULL;
		if (len >= 0 && pg_msg_bytes(s, (size_t)len, &params[i].data, &c->err) != STORE_OK)
			return ext_bad(c);
		if (len < -1) {
			store_err_set(&c->err, "08P01", "invalid parameter length %d", len);
			return ext_bad(c);
		}
	}
	if (ext_int16s(c, s, &c->formats, &nres) != 0 || pg_msg_end(s, &c->err) != STORE_OK)
		return ext_bad(c);

	store_err_clear(&err);
	if (exec_portal_bind(c->ss, portal, stmt, params, nparams, (const int16_t *)c->formats.data,
		    nres, &err) != EXEC_OK)
		return ext_failed(c, &err);
	pg_conn_put_empty(c, '2');
	return 0;
}

static int ext_describe(pg_conn *c, pg_msg_scan *s)
{
	const char *name;
	const exec_tupdesc *d;
	char kind;
	store_err err;

	if (pg_msg_bytes(s, 1, &name, &c->err) != STORE_OK)
		return ext_bad(c);
	kind = name[0];
	if (pg_msg_string(s, &name, &c->err) != STORE_OK || pg_msg_end(s, &c->err) != STORE_OK)
		return ext_bad(c);
	store_err_clear(&err);

	if (kind == 'S') {
		exec_prep *p = exec_prep_find(c->ss, name);
		const exec_oid *types;
		size_t at;
		int n;

		if (p == NULL) {
			store_err_set(
				&err, "26000", "prepared statement \"%s\" does not exist", name);
			return ext_failed(c, &err);
		}
		n = exec_prep_nparams(p);
		types = exec_prep_param_types(p);
		at = pg_msg_begin(&c->out, 't');
		pg_msg_put16(&c->out, (int16_t)n);
		for (int i = 0; i < n; i++)
			pg_msg_put32(&c->out, (int32_t)types[i]);
		pg_msg_finish(&c->out, at);
		d = exec_prep_result(p);
		c->portal = NULL;
	} else if (kind == 'P') {
		exec_portal *po = exec_portal_find(c->ss, name);

		if (po == NULL) {
			store_err_set(&err, "34000", "portal \"%s\" does not exist", name);
			return ext_failed(c, &err);
		}
		d = exec_portal_result(po);
		c->portal = po;
	} else {
		store_err_set(&c->err, "08P01", "invalid DESCRIBE message subtype %d", kind);
		return ext_bad(c);
	}
	if (d == NULL)
		pg_conn_put_empty(c, 'n');
	else
		pg_conn_describe(c, d);
	c->portal = NULL;
	return 0;
}

static int ext_execute(pg_conn *c, pg_msg_scan *s)
{
	const char *name;
	int32_t max;
	exec_portal *po;
	exec_sink sink = pg_conn_sink;
	bool suspended = false;
	store_err err;
	int rc;

	if (pg_msg_string(s, &name, &c->err) != STORE_OK ||
		pg_msg_int32(s, &max, &c->err) != STORE_OK || pg_msg_end(s, &c->err) != STORE_OK)
		return ext_bad(c);
	store_err_clear(&err);
	if ((po = exec_portal_find(c->ss, name)) == NULL) {
		store_err_set(&err, "34000", "portal \"%s\" does not exist", name);
		return ext_failed(c, &err);
	}
	if (exec_portal_empty(po)) {
		pg_conn_put_empty(c, 'I');
		return 0;
	}

	/* The rows in the portal's formats. */
	sink.arg = c;
	c->portal = po;
	c->stmt_start_us = exec_monotonic_us();
	rc = exec_portal_execute(c->ss, name, max > 0 ? (uint64_t)max : 0, &sink, &suspended, &err);
	c->portal = NULL;
	if (rc != EXEC_OK)
		return ext_failed(c, &err);
	if (c->broken)
		return -1;
	if (suspended)
		pg_conn_put_empty(c, 's');
	return 0;
}

static int ext_close(pg_conn *c, pg_msg_scan *s)
{
	const char *name;
	char kind;

	if (pg_msg_bytes(s, 1, &name, &c->err) != STORE_OK)
		return ext_bad(c);
	kind = name[0];
	if (pg_msg_string(s, &name, &c->err) != STORE_OK || pg_msg_end(s, &c->err) != STORE_OK)
		return ext_bad(c);
	if (kind == 'S') {
		exec_prep_close(c->ss, name);
	} else if (kind == 'P') {
		exec_portal_close(c->ss, name);
	} else {
		store_err_set(&c->err, "08P01", "invalid CLOSE message subtype %d", kind);
		return ext_bad(c);
	}
	pg_conn_put_empty(c, '3');
	return 0;
}

static int ext_sync(pg_conn *c)
{
	store_err err;

	c->skip_sync = false;
	store_err_clear(&err);
	if (exec_session_sync(c->ss, &err) != EXEC_OK && pg_conn_failed(c, &err) != 0)
		return -1;
	pg_conn_ready(c);
	return pg_conn_flush(c);
}

int pg_ext_message(pg_conn *c, char type)
{
	pg_msg_scan s;

	pg_msg_scan_init(&s, &c->rd);
	switch (type) {
	case 'P':
		return ext_parse(c, &s);
	case 'B':
		return ext_bind(c, &s);
	case 'D':
		return ext_describe(c, &s);
	case 'E':
		return ext_execute(c, &s);
	case 'C':
		return ext_close(c, &s);
	case 'S':
		return ext_sync(c);
	default:
		assert(type == 'H');
		return pg_conn_flush(c);
	}
}
