/*
 * buf.h - a growable byte buffer, the one used everywhere in storage.
 *
 * Growth aborts on out-of-memory, as Redis's allocator does: a server that
 * cannot allocate a few bytes for an object being built has no good way
 * to go on, and every caller would otherwise need an error path for it.
 */
#ifndef CHRONDB_STORAGE_BUF_H
#define CHRONDB_STORAGE_BUF_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct store_buf {
	unsigned char *data;
	size_t len;
	size_t cap;
} store_buf;

#define STORE_BUF_INIT                                                                             \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void store_buf_grow(store_buf *b, size_t extra);
void store_buf_free(store_buf *b);
void store_buf_printf(store_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The value of a hex digit of either case, -1 for any other byte. */
static inline int store_hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static inline void store_buf_put(store_buf *b, const void *p, size_t n)
{
	if (b->cap - b->len < n + 1)
		store_buf_grow(b, n + 1);
	if (n > 0) /* p may be NULL for nothing: memcpy may not be given NULL */
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void store_buf_puts(store_buf *b, const char *s)
{
	store_buf_put(b, s, strlen(s));
}

static inline void store_buf_putc(store_buf *b, int c)
{
	unsigned char ch = (unsigned char)c;
	store_buf_put(b, &ch, 1);
}

/* Little-endian fixed-width integers, for binary records. */
static inline void store_buf_u32(store_buf *b, uint32_t v)
{
	unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
		(unsigned char)(v >> 24)};
	store_buf_put(b, x, 4);
}

static inline void store_buf_u64(store_buf *b, uint64_t v)
{
	store_buf_u32(b, (uint32_t)v);
	store_buf_u32(b, (uint32_t)(v >> 32));
}

/* A length-prefixed byte string. */
static inline void store_buf_str(store_buf *b, const void *p, size_t n)
{
	store_buf_u32(b, (uint32_t)n);
	store_buf_put(b, p, n);
}

/* Take the contents; the buffer is left empty.  Caller frees the result. */
static inline unsigned char *store_buf_detach(store_buf *b)
{
	unsigned char *p = b->data;

	if (p == NULL)
		p = calloc(1, 1);
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

/* A reader over a byte range, for decoding what store_buf_u32/u64/str wrote. */
typedef struct store_rd {
	const unsigned char *p;
	size_t left;
	int bad; /* set when a read ran past the end */
} store_rd;

static inline uint32_t store_rd_u32(store_rd *r)
{
	uint32_t v;

	if (r->left < 4) {
		r->bad = 1;
		r->left = 0;
		return 0;
	}
	v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 |
	    (uint32_t)r->p[3] << 24;
	r->p += 4;
	r->left -= 4;
	return v;
}

static inline uint64_t store_rd_u64(store_rd *r)
{
	uint64_t lo = store_rd_u32(r);
	return lo | (uint64_t)store_rd_u32(r) << 32;
}

/* Borrow a length-prefixed string; NULL (and bad set) when truncated. */
static inline const unsigned char *store_rd_str(store_rd *r, size_t *n)
{
	const unsigned char *s;

	*n = store_rd_u32(r);
	if (r->bad || r->left < *n) {
		r->bad = 1;
		r->left = 0;
		*n = 0;
		return NULL;
	}
	s = r->p;
	r->p += *n;
	r->left -= *n;
	return s;
}

static inline const unsigned char *store_rd_bytes(store_rd *r, size_t n)
{
	const unsigned char *s;

	if (r->left < n) {
		r->bad = 1;
		r->left = 0;
		return NULL;
	}
	s = r->p;
	r->p += n;
	r->left -= n;
	return s;
}

#endif
