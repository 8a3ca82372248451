/*
 * resp.h - the Redis protocol's codec (prefix resp_): the incremental
 * reader of what a client sends, and the writer of replies in RESP2 or
 * RESP3.
 *
 * The reader is a state machine over an input buffer it owns (STYLE.md
 * rule 9): the connection appends the bytes it received, then asks for
 * requests one at a time; each answer is need more, a complete request
 * or a protocol error.  It reads what Redis's server reads: multibulk
 * requests (`*N\r\n$len\r\n...\r\n`, arguments of any bytes) and inline
 * commands (a line split on blanks, with Redis's quoting rules), several
 * in one buffer and split anywhere.  Limits are Redis's and are checked
 * before anything is allocated for them; the errors are Redis's lines
 * ("Protocol error: invalid bulk length"), after which the connection is
 * to be closed, as Redis closes it.
 *
 * The writer appends replies to a growable buffer in the connection's
 * protocol (2, or 3 after HELLO 3): a type RESP2 lacks is written as
 * Redis writes it for a RESP2 client.  Aggregates are written by
 * announcing their count, then writing that many elements.
 *
 * Owns no socket and knows no command: the connection (a later issue)
 * reads, writes and dispatches.  DESIGN.md section 2, resp/.
 */
#ifndef CHRONDB_SERVER_RESP_RESP_H
#define CHRONDB_SERVER_RESP_RESP_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "error.h"

enum {
	RESP_MORE = 0,     /* no whole request yet: feed more bytes */
	RESP_COMPLETE = 1, /* req holds one request */
	RESP_ERROR = -1,   /* err says why (08P01); reply it and close the connection */
};

/* Redis's defaults: proto-max-bulk-len, the multibulk count, PROTO_INLINE_MAX_SIZE. */
#define RESP_MAX_BULK_DEFAULT  (512ull * 1024 * 1024)
#define RESP_MAX_COUNT_DEFAULT INT_MAX
#define RESP_INLINE_MAX        (64 * 1024)

/* Before AUTH, Redis accepts no more than this many arguments, and no longer ones. */
#define RESP_UNAUTH_MAX_COUNT 10
#define RESP_UNAUTH_MAX_BULK  16384

/* One argument: len bytes at data, followed by a NUL that is not counted. */
typedef struct resp_arg {
	const char *data;
	size_t len;
} resp_arg;

/*
 * A request, borrowed from the reader: valid until the next call of
 * resp_reader_next, resp_reader_space or resp_reader_feed.  argc >= 1.
 */
typedef struct resp_request {
	int argc;
	const resp_arg *argv;
	bool inline_form; /* read as an inline command, not a multibulk */
} resp_request;

/* Where the reader stands in the request being read. */
typedef enum resp_state {
	RESP_S_START,   /* between requests */
	RESP_S_INLINE,  /* in an inline command's line */
	RESP_S_COUNT,   /* in the `*N` line */
	RESP_S_BULKLEN, /* in a `$len` line */
	RESP_S_BULK,    /* in a bulk argument's bytes */
	RESP_S_DONE,    /* a request was returned; the next call drops it */
	RESP_S_ERROR,   /* a protocol error was returned */
} resp_state;

/* An argument of the request being read, by offset from its start (the buffer may move). */
typedef struct resp_span {
	size_t off;
	size_t len;
} resp_span;

typedef struct resp_reader {
	/* Limits, set by resp_reader_init; the caller may change them between requests. */
	unsigned long long max_bulk; /* the longest bulk argument (proto-max-bulk-len) */
	long long max_count;         /* the most arguments of a multibulk */
	bool unauthenticated;        /* Redis's tighter limits before AUTH apply */

	/* The input: bytes fed and not yet dropped; in.data[start] begins the request being read. */
	store_buf in;
	size_t start;
	size_t pos;     /* how far the request is read */
	size_t scanned; /* how far the current line was searched for its end */

	resp_state state;
	long long left;          /* multibulk: arguments still to come */
	unsigned long long bulk; /* the current bulk argument's length */

	/* The arguments read so far, and the array handed out with a request. */
	resp_span *spans;
	resp_arg *argv;
	size_t argc, cap;
} resp_reader;

/* Redis's limits; unauthenticated off.  Free with resp_reader_free. */
void resp_reader_init(resp_reader *r);
void resp_reader_free(resp_reader *r);

/*
 * Room for at least n more bytes of input: receive into the pointer
 * returned, then say how many arrived with resp_reader_wrote.  Call it
 * only after resp_reader_next said RESP_MORE, so that the buffer holds
 * at most one unfinished request; it drops what was read.
 */
unsigned char *resp_reader_space(resp_reader *r, size_t n);
void resp_reader_wrote(resp_reader *r, size_t n);

/* Copy len bytes in: resp_reader_space, memcpy and resp_reader_wrote. */
void resp_reader_feed(resp_reader *r, const void *data, size_t len);

/*
 * The next request of the input.  RESP_COMPLETE fills req (borrowed, see
 * resp_request); RESP_MORE means the input ends inside a request (or
 * between two); RESP_ERROR sets err to 08P01 with Redis's message,
 * "Protocol error: ...", which goes to the client as "-ERR " and the
 * message before the connection closes.  No call may follow an error.
 * Empty inline lines, `*0` and negative counts are skipped, as Redis
 * skips them.
 */
int resp_reader_next(resp_reader *r, resp_request *req, store_err *err);

/* ---- Replies ---- */

/*
 * Replies go to out, in protocol 2 or 3.  The caller sends out's bytes
 * and empties it (out.len = 0) as it likes; free with resp_writer_free.
 */
typedef struct resp_writer {
	store_buf out;
	int proto; /* 2 or 3; HELLO changes it */
} resp_writer;

void resp_writer_init(resp_writer *w, int proto);
void resp_writer_free(resp_writer *w);

/*
 * Simple string (`+OK`) and error: s is the whole line without the
 * leading '+' or '-' ("ERR unknown command 'x'", "WRONGTYPE Operation
 * against a key holding the wrong kind of value").  A CR or LF in it
 * becomes a space, as Redis makes it, so that the line stays one line.
 */
void resp_reply_simple(resp_writer *w, const char *s);
void resp_reply_error(resp_writer *w, const char *s);
void resp_reply_errorf(resp_writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void resp_reply_int(resp_writer *w, long long v);

/* A bulk string of len bytes, any bytes; resp_reply_bulk_str for a C string. */
void resp_reply_bulk(resp_writer *w, const void *data, size_t len);
void resp_reply_bulk_str(resp_writer *w, const char *s);

/* The null bulk (`$-1` in RESP2) and the null array (`*-1`); both `_` in RESP3. */
void resp_reply_null(resp_writer *w);
void resp_reply_null_array(resp_writer *w);

/*
 * Aggregates: announce n elements, then write them.  A map's n is its
 * number of pairs (2n elements follow: key, value, ...).  RESP2 has
 * arrays only: a map is a flat array of 2n, a set and a push an array.
 */
void resp_reply_array(resp_writer *w, size_t n);
void resp_reply_map(resp_writer *w, size_t n);
void resp_reply_set(resp_writer *w, size_t n);
void resp_reply_push(resp_writer *w, size_t n);

/*
 * A double as Redis 7.2 prints it (resp_double_format): `,1.5` in RESP3,
 * the bulk string "1.5" in RESP2.
 */
void resp_reply_double(resp_writer *w, double d);

/* `#t`/`#f` in RESP3, the integers 1 and 0 in RESP2. */
void resp_reply_bool(resp_writer *w, bool b);

/* A verbatim string of format fmt (three characters: "txt", "mkd"); a bulk string in RESP2. */
void resp_reply_verbatim(resp_writer *w, const char *fmt, const void *data, size_t len);

/* A big number given as its decimal digits (and sign); a bulk string in RESP2. */
void resp_reply_bignum(resp_writer *w, const char *digits);

/*
 * d as Redis prints a double (its d2string): "inf", "-inf", "nan", "0",
 * "-0"; an integral value within +-2^62 as an integer; otherwise the
 * fewest digits that read back to d, plain when the exponent is small,
 * else as 1.5e+300.  buf has room for RESP_DOUBLE_MAX; returns the length.
 */
#define RESP_DOUBLE_MAX 32
int resp_double_format(char *buf, double d);

#endif
