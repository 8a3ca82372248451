/*
 * msg.h - PostgreSQL protocol v3 framing (prefix pg_msg_): the
 * incremental reader of the client's messages, the field scanner over
 * one message's body, and the writer of the server's messages into an
 * output buffer.
 *
 * The reader is a state machine fed whatever bytes arrived (STYLE.md
 * rule 9): it answers need more, complete or error, keeps no more than
 * one message, and checks the length against the limit before it
 * allocates room for the body.  The first message of a connection has no
 * type byte (StartupMessage, SSLRequest, GSSENCRequest, CancelRequest);
 * pg_msg_reader_init says which kind comes.  It owns no socket: the
 * connection (conn.c) reads and writes.
 */
#ifndef CHRONDB_SERVER_PGWIRE_MSG_H
#define CHRONDB_SERVER_PGWIRE_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "error.h"

enum {
	PG_MSG_MORE = 0,     /* the message is not whole yet */
	PG_MSG_COMPLETE = 1, /* r->type and r->body hold one message */
	PG_MSG_ERROR = -1,   /* err says why (08P01); the connection must close */
};

/* Startup packet codes (the int32 after the length). */
#define PG_PROTO_V3    196608   /* 3.0 */
#define PG_SSL_REQUEST 80877103 /* 1234.5679 */
#define PG_GSSENC_REQ  80877104 /* 1234.5680 */
#define PG_CANCEL_REQ  80877102 /* 1234.5678 */
#define PG_STARTUP_MAX 10000    /* PostgreSQL's MAX_STARTUP_PACKET_LENGTH */

typedef struct pg_msg_reader {
	bool startup; /* the next message has no type byte */
	size_t max;   /* the largest body accepted */
	enum { PG_MSG_S_HEAD, PG_MSG_S_BODY, PG_MSG_S_COMPLETE } state;
	unsigned char head[5];
	size_t nhead;   /* bytes of head read */
	size_t need;    /* the body's length, once the head is in */
	char type;      /* the message's type; 0 for a startup packet */
	store_buf body; /* the body read so far, reused from message to message */
} pg_msg_reader;

void pg_msg_reader_init(pg_msg_reader *r, bool startup, size_t max);

/* What the next message is (a startup packet or a typed one) and its limit. */
void pg_msg_reader_expect(pg_msg_reader *r, bool startup, size_t max);
void pg_msg_reader_free(pg_msg_reader *r);

/*
 * Feed len bytes at data; *used says how many were taken (the rest
 * belongs to the next message).  On COMPLETE the message stays valid
 * until the next call, which starts the next one; a message read after
 * COMPLETE is a typed one (the startup flag drops unless set again).
 */
int pg_msg_feed(
	pg_msg_reader *r, const unsigned char *data, size_t len, size_t *used, store_err *err);

/* Fields of one message body, read in order; a read past the end fails with 08P01. */
typedef struct pg_msg_scan {
	const unsigned char *p, *end;
	char type; /* for the error message */
} pg_msg_scan;

void pg_msg_scan_init(pg_msg_scan *s, const pg_msg_reader *r);
int pg_msg_int32(pg_msg_scan *s, int32_t *out, store_err *err);
int pg_msg_int16(pg_msg_scan *s, int16_t *out, store_err *err);
/* A NUL-terminated string inside the body, borrowed. */
int pg_msg_string(pg_msg_scan *s, const char **out, store_err *err);
/* n bytes, borrowed. */
int pg_msg_bytes(pg_msg_scan *s, size_t n, const char **out, store_err *err);
/* The message must end here. */
int pg_msg_end(pg_msg_scan *s, store_err *err);

/* ---- Writing ---- */

/* Begin a message of type in out; returns where its length goes, for pg_msg_finish. */
static inline size_t pg_msg_begin(store_buf *out, char type)
{
	size_t at;

	store_buf_grow(out, 5);
	out->data[out->len++] = (unsigned char)type;
	at = out->len;
	out->len += 4;
	return at;
}

static inline void pg_msg_put32(store_buf *out, int32_t v)
{
	unsigned char b[4] = {(unsigned char)((uint32_t)v >> 24),
		(unsigned char)((uint32_t)v >> 16), (unsigned char)((uint32_t)v >> 8),
		(unsigned char)v};

	store_buf_put(out, b, 4);
}

static inline void pg_msg_put16(store_buf *out, int16_t v)
{
	unsigned char b[2] = {(unsigned char)((uint16_t)v >> 8), (unsigned char)v};

	store_buf_put(out, b, 2);
}

/* A string with its NUL. */
static inline void pg_msg_putstr(store_buf *out, const char *s)
{
	store_buf_put(out, s, strlen(s) + 1);
}

/* Write v over the four bytes at at (a length put there as a placeholder). */
static inline void pg_msg_patch32(store_buf *out, size_t at, uint32_t v)
{
	out->data[at] = (unsigned char)(v >> 24);
	out->data[at + 1] = (unsigned char)(v >> 16);
	out->data[at + 2] = (unsigned char)(v >> 8);
	out->data[at + 3] = (unsigned char)v;
}

/* Fill in the length of the message begun at at. */
static inline void pg_msg_finish(store_buf *out, size_t at)
{
	pg_msg_patch32(out, at, (uint32_t)(out->len - at));
}

/*
 * ErrorResponse ('E') or NoticeResponse ('N') from err: S and V the
 * severity, C, M, and D, H, P, W when set.
 */
void pg_msg_error(store_buf *out, char type, const char *severity, const store_err *err);

#endif
