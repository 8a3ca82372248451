/*
 * resp.c - the Redis protocol's codec (resp.h): the request reader's
 * states, Redis's inline splitting and integers, and the reply writer.
 *
 * The reader follows what Redis 7's server accepts, with two differences
 * made on purpose.  A line too long is refused by its length alone (an
 * inline command, or a `*N` or `$len` line with no CR, past 64kB),
 * whereas Redis decides on what one read brought in: Redis reads a
 * socket 16kB at a time, so over a socket both refuse the same lines,
 * and here the answer does not depend on where the input was split.
 * And a NUL is a byte like any other, where Redis's C string functions
 * stop at it.
 */
#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resp.h"

void resp_reader_init(resp_reader *r)
{
	memset(r, 0, sizeof(*r));
	r->max_bulk = RESP_MAX_BULK_DEFAULT;
	r->max_count = RESP_MAX_COUNT_DEFAULT;
}

void resp_reader_free(resp_reader *r)
{
	store_buf_free(&r->in);
	free(r->spans);
	free(r->argv);
	memset(r, 0, sizeof(*r));
}

unsigned char *resp_reader_space(resp_reader *r, size_t n)
{
	assert(r->state != RESP_S_DONE && r->state != RESP_S_ERROR);

	/*
	 * Drop the requests already read.  The caller drained the input, so
	 * what moves is one unfinished request, once: from then on start
	 * stays 0 until it is whole.
	 */
	if (r->start > 0) {
		memmove(r->in.data, r->in.data + r->start, r->in.len - r->start);
		r->in.len -= r->start;
		r->pos -= r->start;
		r->scanned -= r->start;
		r->start = 0;
	}

	/* One byte more than asked, for the NUL that store_buf keeps after the data. */
	if (r->in.cap - r->in.len < n + 1)
		store_buf_grow(&r->in, n + 1);
	return r->in.data + r->in.len;
}

void resp_reader_wrote(resp_reader *r, size_t n)
{
	assert(r->in.len + n < r->in.cap);
	r->in.len += n;
	r->in.data[r->in.len] = '\0';
}

void resp_reader_feed(resp_reader *r, const void *data, size_t len)
{
	unsigned char *p = resp_reader_space(r, len);

	if (len > 0)
		memcpy(p, data, len);
	resp_reader_wrote(r, len);
}

/* ---- Reading ---- */

/* A protocol error: Redis's message, and the reader stops. */
static int reader_fail(resp_reader *r, store_err *err, const char *what)
{
	r->state = RESP_S_ERROR;
	store_err_set(err, "08P01", "Protocol error: %s", what);
	return RESP_ERROR;
}

/* Room for one argument more. */
static void reader_grow(resp_reader *r)
{
	if (r->argc < r->cap)
		return;
	r->cap = r->cap ? r->cap * 2 : 8;
	r->spans = realloc(r->spans, r->cap * sizeof(*r->spans));
	r->argv = realloc(r->argv, r->cap * sizeof(*r->argv));
	if (r->spans == NULL || r->argv == NULL)
		abort(); /* as store_buf does: see buf.h */
}

static void reader_add(resp_reader *r, size_t off, size_t len)
{
	reader_grow(r);
	r->spans[r->argc].off = off;
	r->spans[r->argc].len = len;
	r->argc++;
}

/*
 * A decimal integer as Redis's string2ll takes it: an optional '-', no
 * '+', no blank, no leading zero ("0" alone is zero), at most 20
 * characters, within long long.
 */
static bool reader_integer(const unsigned char *p, size_t n, long long *out)
{
	unsigned long long v = 0;
	size_t i = 0;
	bool neg = false;

	if (n == 0 || n > 20)
		return false;
	if (n == 1 && p[0] == '0') {
		*out = 0;
		return true;
	}
	if (p[0] == '-') {
		neg = true;
		if (++i == n)
			return false;
	}
	if (p[i] < '1' || p[i] > '9')
		return false;
	for (; i < n; i++) {
		unsigned d = (unsigned)(p[i] - '0');

		if (p[i] < '0' || p[i] > '9')
			return false;
		if (v > (ULLONG_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	if (neg) {
		if (v > (unsigned long long)LLONG_MAX + 1)
			return false;
		*out = v == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)v;
	} else {
		if (v > (unsigned long long)LLONG_MAX)
			return false;
		*out = (long long)v;
	}
	return true;
}

/*
 * Find the CR that ends the `*N` or `$len` line begun at pos, and the
 * byte after it (Redis skips it without looking).  RESP_COMPLETE with
 * *cr set; RESP_MORE; or RESP_ERROR with too_big when the line has gone
 * past 64kB without one.
 */
static int reader_line(resp_reader *r, size_t *cr, store_err *err, const char *too_big)
{
	const unsigned char *p = r->in.data, *hit;

	hit = r->scanned < r->in.len ? memchr(p + r->scanned, '\r', r->in.len - r->scanned) : NULL;
	if (hit == NULL) {
		r->scanned = r->in.len;
		if (r->in.len - r->pos > RESP_INLINE_MAX)
			return reader_fail(r, err, too_big);
		return RESP_MORE;
	}
	*cr = (size_t)(hit - p);
	r->scanned = *cr;
	if (*cr - r->pos > RESP_INLINE_MAX)
		return reader_fail(r, err, too_big);
	if (*cr + 1 >= r->in.len)
		return RESP_MORE;
	return RESP_COMPLETE;
}

static bool is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/*
 * Split the inline line [from, to) into arguments as Redis's sdssplitargs
 * does, in place: an argument's bytes, unescaped, are written from where
 * it starts, never past what was read, and a NUL after them.  Blanks
 * separate arguments; "..." takes \n \r \t \b \a \xHH and \ before any
 * other byte; '...' takes \' only; a closing quote must be followed by a
 * blank or the end.  False on unbalanced quotes.
 */
static bool reader_split(resp_reader *r, size_t from, size_t to)
{
	unsigned char *p = r->in.data;
	size_t i = from;

	for (;;) {
		size_t out, begin;
		bool dq = false, sq = false, done = false;

		/* Blanks between arguments. */
		while (i < to && is_blank(p[i]))
			i++;
		if (i == to)
			return true;

		/* One argument, quoted in parts or not at all. */
		begin = out = i;
		while (!done) {
			unsigned char c = i < to ? p[i] : '\0';
			bool end = i == to;

			if (dq || sq) {
				if (end)
					return false;
				if (dq && c == '\\' && i + 3 < to && p[i + 1] == 'x' &&
					store_hexval(p[i + 2]) >= 0 && store_hexval(p[i + 3]) >= 0) {
					p[out++] = (unsigned char)(store_hexval(p[i + 2]) * 16 +
								   store_hexval(p[i + 3]));
					i += 3;
				} else if (dq && c == '\\' && i + 1 < to) {
					static const char from_esc[] = "nrtba",
							  to_esc[] = "\n\r\t\b\a";
					const char *e = memchr(from_esc, p[++i], 5);

					p[out++] = e ? (unsigned char)to_esc[e - from_esc] : p[i];
				} else if (sq && c == '\\' && i + 1 < to && p[i + 1] == '\'') {
					p[out++] = '\'';
					i++;
				} else if (c == (dq ? '"' : '\'')) {
					/* The closing quote: a blank or the end must follow. */
					if (i + 1 < to && !is_blank(p[i + 1]))
						return false;
					done = true;
				} else {
					p[out++] = c;
				}
			} else if (end || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
				done = true;
			} else if (c == '"') {
				dq = true;
			} else if (c == '\'') {
				sq = true;
			} else {
				p[out++] = c;
			}
			if (!end)
				i++;
		}

		/* The NUL may land on the separator just read: it is behind us. */
		reader_add(r, begin - r->start, out - begin);
		p[out] = '\0';
	}
}

/* The line of an inline command: RESP_COMPLETE with its arguments (none for a blank line). */
static int reader_inline(resp_reader *r, store_err *err)
{
	const unsigned char *p = r->in.data, *hit;
	size_t nl, end;

	hit = r->scanned < r->in.len ? memchr(p + r->scanned, '\n', r->in.len - r->scanned) : NULL;
	nl = hit ? (size_t)(hit - p) : r->in.len;
	r->scanned = nl;
	if (nl - r->pos > RESP_INLINE_MAX)
		return reader_fail(r, err, "too big inline request");
	if (hit == NULL)
		return RESP_MORE;

	/* The line without its LF or CRLF, split. */
	end = nl > r->pos && p[nl - 1] == '\r' ? nl - 1 : nl;
	if (!reader_split(r, r->pos, end))
		return reader_fail(r, err, "unbalanced quotes in request");
	r->pos = nl + 1;
	return RESP_COMPLETE;
}

/* The `*N` line: how many bulk arguments follow. */
static int reader_count(resp_reader *r, store_err *err)
{
	size_t cr;
	long long n;
	int rc = reader_line(r, &cr, err, "too big mbulk count string");

	if (rc != RESP_COMPLETE)
		return rc;
	if (!reader_integer(r->in.data + r->pos + 1, cr - r->pos - 1, &n) || n > r->max_count)
		return reader_fail(r, err, "invalid multibulk length");
	if (r->unauthenticated && n > RESP_UNAUTH_MAX_COUNT)
		return reader_fail(r, err, "unauthenticated multibulk length");
	r->pos = r->scanned = cr + 2;
	r->left = n;
	return RESP_COMPLETE;
}

/* A `$len` line: the next argument's length. */
static int reader_bulklen(resp_reader *r, store_err *err)
{
	size_t cr;
	long long n;
	unsigned char c;
	char what[64];
	int rc = reader_line(r, &cr, err, "too big bulk count string");

	if (rc != RESP_COMPLETE)
		return rc;

	/* Redis prints the byte as it is; CR and LF become spaces in its error line, and so NUL here. */
	c = r->in.data[r->pos];
	if (c != '$') {
		snprintf(what, sizeof(what), "expected '$', got '%c'",
			c == '\r' || c == '\n' || c == '\0' ? ' ' : c);
		return reader_fail(r, err, what);
	}
	if (!reader_integer(r->in.data + r->pos + 1, cr - r->pos - 1, &n) || n < 0 ||
		(unsigned long long)n > r->max_bulk)
		return reader_fail(r, err, "invalid bulk length");
	if (r->unauthenticated && n > RESP_UNAUTH_MAX_BULK)
		return reader_fail(r, err, "unauthenticated bulk length");
	r->pos = r->scanned = cr + 2;
	r->bulk = (unsigned long long)n;
	return RESP_COMPLETE;
}

int resp_reader_next(resp_reader *r, resp_request *req, store_err *err)
{
	int rc;

	assert(r->state != RESP_S_ERROR);

	/* The request handed out last time is done with. */
	if (r->state == RESP_S_DONE) {
		r->start = r->scanned = r->pos;
		r->argc = 0;
		r->state = RESP_S_START;
	}

	for (;;) {
		switch (r->state) {
		case RESP_S_START:
			/* The first byte says which form comes. */
			if (r->pos == r->in.len)
				return RESP_MORE;
			r->start = r->scanned = r->pos;
			r->argc = 0;
			r->state = r->in.data[r->pos] == '*' ? RESP_S_COUNT : RESP_S_INLINE;
			break;

		case RESP_S_INLINE:
			if ((rc = reader_inline(r, err)) != RESP_COMPLETE)
				return rc;
			if (r->argc == 0) {
				r->state = RESP_S_START;
				break;
			}
			goto complete;

		case RESP_S_COUNT:
			if ((rc = reader_count(r, err)) != RESP_COMPLETE)
				return rc;
			r->state = r->left > 0 ? RESP_S_BULKLEN : RESP_S_START;
			break;

		case RESP_S_BULKLEN:
			if ((rc = reader_bulklen(r, err)) != RESP_COMPLETE)
				return rc;
			r->state = RESP_S_BULK;
			break;

		case RESP_S_BULK:
			/* The bytes and the two after them, which Redis skips unchecked. */
			if (r->in.len - r->pos < r->bulk + 2)
				return RESP_MORE;
			reader_add(r, r->pos - r->start, (size_t)r->bulk);
			r->pos += (size_t)r->bulk;
			r->in.data[r->pos] = '\0';
			r->pos += 2;
			r->scanned = r->pos;
			if (--r->left > 0) {
				r->state = RESP_S_BULKLEN;
				break;
			}
			goto complete;

		case RESP_S_DONE:
		case RESP_S_ERROR:
			assert(!"unreachable");
			return RESP_ERROR;
		}
	}

complete:
	/* The offsets become pointers now that the buffer stays put until the next call. */
	for (size_t i = 0; i < r->argc; i++) {
		r->argv[i].data = (const char *)r->in.data + r->start + r->spans[i].off;
		r->argv[i].len = r->spans[i].len;
	}
	req->inline_form = r->state == RESP_S_INLINE;
	req->argc = (int)r->argc;
	req->argv = r->argv;
	r->state = RESP_S_DONE;
	return RESP_COMPLETE;
}

/* ---- Writing ---- */

void resp_writer_init(resp_writer *w, int proto)
{
	assert(proto == 2 || proto == 3);
	memset(w, 0, sizeof(*w));
	w->proto = proto;
}

void resp_writer_free(resp_writer *w)
{
	store_buf_free(&w->out);
}

/* A type byte, a number and CRLF: the head of most replies. */
static void reply_head(resp_writer *w, char type, long long n)
{
	char head[32];
	int len = snprintf(head, sizeof(head), "%c%lld\r\n", type, n);

	store_buf_put(&w->out, head, (size_t)len);
}

/* A one-line reply: type, s with CR and LF made spaces, CRLF. */
static void reply_line(resp_writer *w, char type, const char *s, size_t len)
{
	size_t at;

	store_buf_putc(&w->out, type);
	at = w->out.len;
	store_buf_put(&w->out, s, len);
	for (size_t i = at; i < w->out.len; i++)
		if (w->out.data[i] == '\r' || w->out.data[i] == '\n')
			w->out.data[i] = ' ';
	store_buf_put(&w->out, "\r\n", 2);
}

void resp_reply_simple(resp_writer *w, const char *s)
{
	reply_line(w, '+', s, strlen(s));
}

void resp_reply_error(resp_writer *w, const char *s)
{
	reply_line(w, '-', s, strlen(s));
}

void resp_reply_errorf(resp_writer *w, const char *fmt, ...)
{
	store_buf line = STORE_BUF_INIT;
	va_list ap;
	char first[256];
	int len;

	/* Most errors are short: format on the stack, and on the heap when it did not fit. */
	va_start(ap, fmt);
	len = vsnprintf(first, sizeof(first), fmt, ap);
	va_end(ap);
	if (len < 0)
		len = 0;
	if ((size_t)len < sizeof(first)) {
		reply_line(w, '-', first, (size_t)len);
		return;
	}
	store_buf_grow(&line, (size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf((char *)line.data, (size_t)len + 1, fmt, ap);
	va_end(ap);
	reply_line(w, '-', (const char *)line.data, (size_t)len);
	store_buf_free(&line);
}

void resp_reply_int(resp_writer *w, long long v)
{
	reply_head(w, ':', v);
}

void resp_reply_bulk(resp_writer *w, const void *data, size_t len)
{
	char head[32];
	int n = snprintf(head, sizeof(head), "$%zu\r\n", len);

	store_buf_grow(&w->out, (size_t)n + len + 3);
	store_buf_put(&w->out, head, (size_t)n);
	store_buf_put(&w->out, data, len);
	store_buf_put(&w->out, "\r\n", 2);
}

void resp_reply_bulk_str(resp_writer *w, const char *s)
{
	resp_reply_bulk(w, s, strlen(s));
}

void resp_reply_null(resp_writer *w)
{
	store_buf_puts(&w->out, w->proto == 3 ? "_\r\n" : "$-1\r\n");
}

void resp_reply_null_array(resp_writer *w)
{
	store_buf_puts(&w->out, w->proto == 3 ? "_\r\n" : "*-1\r\n");
}

/* Aggregates: RESP3's own type, or RESP2's array of as many elements. */
static void reply_aggregate(resp_writer *w, char type3, size_t elements3, size_t elements2)
{
	if (w->proto == 3)
		reply_head(w, type3, (long long)elements3);
	else
		reply_head(w, '*', (long long)elements2);
}

void resp_reply_array(resp_writer *w, size_t n)
{
	reply_head(w, '*', (long long)n);
}

void resp_reply_map(resp_writer *w, size_t n)
{
	reply_aggregate(w, '%', n, 2 * n);
}

void resp_reply_set(resp_writer *w, size_t n)
{
	reply_aggregate(w, '~', n, n);
}

void resp_reply_push(resp_writer *w, size_t n)
{
	reply_aggregate(w, '>', n, n);
}

/*
 * The fewest significant digits that read back to d (d finite, not 0):
 * digits without point or sign, and the decimal exponent of the first.
 *
 * XXX: Redis takes its digits from Grisu2, which in rare cases gives one
 * more digit than the fewest; there ours is shorter, and both read back
 * to the same double.  Tolerated because clients read the number, not
 * its spelling; Grisu2 written here would make every case
 * byte-identical.
 */
static int double_shortest(double d, char *digits, int *exp10)
{
	char tmp[40], *e;
	int n = 0;

	for (int prec = 0; prec < 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}

	/* tmp is [-]D[.DDD]e[+-]X: keep the digits, drop trailing zeros. */
	e = strchr(tmp, 'e');
	*exp10 = atoi(e + 1);
	for (const char *p = tmp; p < e; p++)
		if (*p >= '0' && *p <= '9')
			digits[n++] = *p;
	while (n > 1 && digits[n - 1] == '0')
		n--;
	return n;
}

int resp_double_format(char *buf, double d)
{
	char digits[24];
	int n, exp10, k, len = 0;

	/* Redis's spellings of the special values, whatever libc prints. */
	if (isnan(d))
		return snprintf(buf, RESP_DOUBLE_MAX, "nan");
	if (isinf(d))
		return snprintf(buf, RESP_DOUBLE_MAX, d < 0 ? "-inf" : "inf");
	if (d == 0)
		return snprintf(buf, RESP_DOUBLE_MAX, signbit(d) ? "-0" : "0");

	/* Integers within +-2^62 print as integers. */
	if (d >= -4611686018427387904.0 && d <= 4611686018427387904.0 && d == (double)(long long)d)
		return snprintf(buf, RESP_DOUBLE_MAX, "%lld", (long long)d);

	/*
	 * Otherwise the shortest digits, laid out as Redis's fpconv_dtoa
	 * lays them out: d = digits * 10^k.
	 */
	n = double_shortest(d, digits, &exp10);
	k = exp10 - (n - 1);
	if (d < 0)
		buf[len++] = '-';
	if (k >= 0 && abs(exp10) < n + 7) {
		/* An integer: the digits and k zeros. */
		memcpy(buf + len, digits, (size_t)n);
		memset(buf + len + n, '0', (size_t)k);
		len += n + k;
	} else if (k < 0 && (k > -7 || abs(exp10) < 4)) {
		/* A decimal fraction: 0.000ddd or ddd.ddd. */
		int point = n + k;

		if (point <= 0) {
			memcpy(buf + len, "0.", 2);
			memset(buf + len + 2, '0', (size_t)-point);
			memcpy(buf + len + 2 - point, digits, (size_t)n);
			len += 2 - point + n;
		} else {
			memcpy(buf + len, digits, (size_t)point);
			buf[len + point] = '.';
			memcpy(buf + len + point + 1, digits + point, (size_t)(n - point));
			len += n + 1;
		}
	} else {
		/* Scientific: d.ddde+X, the exponent without leading zeros. */
		buf[len++] = digits[0];
		if (n > 1) {
			buf[len++] = '.';
			memcpy(buf + len, digits + 1, (size_t)(n - 1));
			len += n - 1;
		}
		len += snprintf(buf + len, RESP_DOUBLE_MAX - (size_t)len, "e%c%d",
			exp10 < 0 ? '-' : '+', abs(exp10));
	}
	buf[len] = '\0';
	return len;
}

void resp_reply_double(resp_writer *w, double d)
{
	char num[RESP_DOUBLE_MAX];
	int len = resp_double_format(num, d);

	if (w->proto == 2) {
		resp_reply_bulk(w, num, (size_t)len);
		return;
	}
	store_buf_putc(&w->out, ',');
	store_buf_put(&w->out, num, (size_t)len);
	store_buf_put(&w->out, "\r\n", 2);
}

void resp_reply_bool(resp_writer *w, bool b)
{
	if (w->proto == 3)
		store_buf_puts(&w->out, b ? "#t\r\n" : "#f\r\n");
	else
		resp_reply_int(w, b ? 1 : 0);
}

void resp_reply_verbatim(resp_writer *w, const char *fmt, const void *data, size_t len)
{
	assert(strlen(fmt) == 3);
	if (w->proto == 2) {
		resp_reply_bulk(w, data, len);
		return;
	}
	reply_head(w, '=', (long long)(len + 4));
	store_buf_put(&w->out, fmt, 3);
	store_buf_putc(&w->out, ':');
	store_buf_put(&w->out, data, len);
	store_buf_put(&w->out, "\r\n", 2);
}

void resp_reply_bignum(resp_writer *w, const char *digits)
{
	if (w->proto == 2) {
		resp_reply_bulk_str(w, digits);
		return;
	}
	reply_line(w, '(', digits, strlen(digits));
}
