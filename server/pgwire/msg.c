/*
 * msg.c - the protocol's framing (msg.h): the reader's states, the
 * field scanner, error and notice messages.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "msg.h"

void pg_msg_reader_init(pg_msg_reader *r, bool startup, size_t max)
{
	memset(r, 0, sizeof(*r));
	r->startup = startup;
	r->max = max;
}

void pg_msg_reader_expect(pg_msg_reader *r, bool startup, size_t max)
{
	assert(r->state != PG_MSG_S_BODY && (r->state != PG_MSG_S_HEAD || r->nhead == 0));
	r->state = PG_MSG_S_HEAD;
	r->nhead = 0;
	r->startup = startup;
	r->max = max;
}

void pg_msg_reader_free(pg_msg_reader *r)
{
	store_buf_free(&r->body);
}

static uint32_t msg_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The head is in: check the length, then make room for the body. */
static int msg_head_done(pg_msg_reader *r, store_err *err)
{
	uint32_t len = msg_be32(r->startup ? r->head : r->head + 1);

	r->type = r->startup ? 0 : (char)r->head[0];
	if (len < 4 || (r->startup && len < 8))
		return store_err_set(err, "08P01", "invalid length of %s message: %u",
			r->startup ? "startup" : "client", len);
	if (r->startup && len > PG_STARTUP_MAX)
		return store_err_set(err, "08P01", "invalid length of startup packet");
	if (!r->startup && len - 4 > r->max) {
		store_err_set(err, "08P01", "message of type '%c' is too large: %u bytes",
			r->type >= 32 && r->type < 127 ? r->type : '?', len - 4);
		store_err_detail(err, "The limit is max_message_size, %zu bytes.", r->max);
		return STORE_ERROR;
	}
	r->need = len - 4;
	r->body.len = 0;
	store_buf_grow(&r->body, r->need);
	return STORE_OK;
}

int pg_msg_feed(
	pg_msg_reader *r, const unsigned char *data, size_t len, size_t *used, store_err *err)
{
	size_t headsz, take, at = 0;

	/* A new message after a complete one. */
	if (r->state == PG_MSG_S_COMPLETE) {
		r->state = PG_MSG_S_HEAD;
		r->nhead = 0;
		r->startup = false;
	}

	/* The head: the type (not at start-up) and the length. */
	if (r->state == PG_MSG_S_HEAD) {
		headsz = r->startup ? 4 : 5;
		while (r->nhead < headsz && at < len)
			r->head[r->nhead++] = data[at++];
		*used = at;
		if (r->nhead < headsz)
			return PG_MSG_MORE;
		if (msg_head_done(r, err) != STORE_OK)
			return PG_MSG_ERROR;
		r->state = PG_MSG_S_BODY;
	}

	/* The body, as much as arrived. */
	take = r->need - r->body.len;
	if (take > len - at)
		take = len - at;
	if (take > 0)
		memcpy(r->body.data + r->body.len, data + at, take);
	r->body.len += take;
	*used = at + take;
	if (r->body.len < r->need)
		return PG_MSG_MORE;
	r->state = PG_MSG_S_COMPLETE;
	return PG_MSG_COMPLETE;
}

/* ---- Scanning ---- */

void pg_msg_scan_init(pg_msg_scan *s, const pg_msg_reader *r)
{
	s->p = r->body.data;
	s->end = r->body.data + r->body.len;
	s->type = r->type;
}

static int scan_short(pg_msg_scan *s, store_err *err)
{
	if (s->type == 0)
		return store_err_set(err, "08P01", "invalid startup packet layout");
	return store_err_set(err, "08P01", "invalid message format");
}

int pg_msg_int32(pg_msg_scan *s, int32_t *out, store_err *err)
{
	if (s->end - s->p < 4)
		return scan_short(s, err);
	*out = (int32_t)msg_be32(s->p);
	s->p += 4;
	return STORE_OK;
}

int pg_msg_int16(pg_msg_scan *s, int16_t *out, store_err *err)
{
	if (s->end - s->p < 2)
		return scan_short(s, err);
	*out = (int16_t)((uint16_t)s->p[0] << 8 | s->p[1]);
	s->p += 2;
	return STORE_OK;
}

int pg_msg_string(pg_msg_scan *s, const char **out, store_err *err)
{
	const unsigned char *nul =
		s->p < s->end ? memchr(s->p, '\0', (size_t)(s->end - s->p)) : NULL;

	if (nul == NULL)
		return scan_short(s, err);
	*out = (const char *)s->p;
	s->p = nul + 1;
	return STORE_OK;
}

int pg_msg_bytes(pg_msg_scan *s, size_t n, const char **out, store_err *err)
{
	if ((size_t)(s->end - s->p) < n)
		return scan_short(s, err);
	*out = (const char *)s->p;
	s->p += n;
	return STORE_OK;
}

int pg_msg_end(pg_msg_scan *s, store_err *err)
{
	return s->p == s->end ? STORE_OK : scan_short(s, err);
}

/* ---- Errors and notices ---- */

static void msg_field(store_buf *out, char code, const char *value)
{
	if (value[0] == '\0')
		return;
	store_buf_putc(out, code);
	pg_msg_putstr(out, value);
}

void pg_msg_error(store_buf *out, char type, const char *severity, const store_err *err)
{
	size_t at = pg_msg_begin(out, type);
	char pos[16];

	msg_field(out, 'S', severity);
	msg_field(out, 'V', severity);
	msg_field(out, 'C', err->sqlstate[0] ? err->sqlstate : "XX000");
	msg_field(out, 'M', err->message[0] ? err->message : "unknown error");
	msg_field(out, 'D', err->detail);
	msg_field(out, 'H', err->hint);
	if (err->position > 0) {
		snprintf(pos, sizeof(pos), "%d", err->position);
		msg_field(out, 'P', pos);
	}
	msg_field(out, 'W', err->context);
	msg_field(out, 's', err->schema);
	msg_field(out, 't', err->table);
	msg_field(out, 'c', err->column);
	msg_field(out, 'n', err->constraint);
	store_buf_putc(out, '\0');
	pg_msg_finish(out, at);
}
