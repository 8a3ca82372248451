/*
 * delta.c - git's binary delta format (see delta.h).
 *
 * Owns the encoding only: which two objects to diff, and where a delta
 * is stored, are the pack writer's business (pack.c).
 *
 * The encoder emits, in order: a copy of the common prefix, the middle
 * of the target as copies of 16-byte-aligned base blocks found through a
 * small hash table (each match extended both ways byte by byte) and
 * inserts for what matches nothing, then a copy of the common suffix.  A
 * tree with one entry replaced comes out as copy, insert of the entry,
 * copy: about 40 bytes whatever the tree's size.
 */
#include "delta.h"

#include <stdlib.h>
#include <string.h>

#define BLOCK      16       /* bytes a base block covers */
#define MAX_INSERT 127      /* an insert instruction carries 1..127 bytes */
#define MAX_COPY   0xffffff /* the size field of a copy holds 24 bits */

/* ---- Encoding ---- */

static void put_varint(store_buf *out, uint64_t v)
{
	while (v >= 0x80) {
		store_buf_putc(out, (int)(v & 0x7f) | 0x80);
		v >>= 7;
	}
	store_buf_putc(out, (int)v);
}

/* Copy n bytes of the base from off, in as many instructions as it takes. */
static void put_copy(store_buf *out, uint64_t off, uint64_t n)
{
	while (n > 0) {
		uint64_t len = n < MAX_COPY ? n : MAX_COPY;
		unsigned char ins[8];
		size_t k = 1;

		ins[0] = 0x80;
		for (int i = 0; i < 4; i++) {
			if ((off >> 8 * i) & 0xff) {
				ins[0] |= (unsigned char)(1u << i);
				ins[k++] = (unsigned char)(off >> 8 * i);
			}
		}
		for (int i = 0; i < 3; i++) {
			if ((len >> 8 * i) & 0xff) {
				ins[0] |= (unsigned char)(0x10u << i);
				ins[k++] = (unsigned char)(len >> 8 * i);
			}
		}
		store_buf_put(out, ins, k);
		off += len;
		n -= len;
	}
}

/* Insert n bytes carried in the delta. */
static void put_insert(store_buf *out, const unsigned char *p, size_t n)
{
	while (n > 0) {
		size_t len = n < MAX_INSERT ? n : MAX_INSERT;

		store_buf_putc(out, (int)len);
		store_buf_put(out, p, len);
		p += len;
		n -= len;
	}
}

static inline uint32_t block_hash(const unsigned char *p)
{
	uint64_t a, b;

	memcpy(&a, p, 8);
	memcpy(&b, p + 8, 8);
	a = (a ^ (b * 0x9e3779b97f4a7c15ull)) * 0xff51afd7ed558ccdull;
	return (uint32_t)(a >> 32);
}

/*
 * Encode target[lo, hi) against base[blo, bhi): copies of matching base
 * blocks, inserts for the rest.
 */
static void encode_middle(const unsigned char *base, size_t blo, size_t bhi,
	const unsigned char *target, size_t lo, size_t hi, store_buf *out)
{
	size_t nblocks = (bhi - blo) / BLOCK, mask, lit = lo, i = lo;
	uint32_t *tab;

	if (nblocks == 0 || hi - lo < BLOCK) {
		put_insert(out, target + lo, hi - lo);
		return;
	}
	for (mask = 1; mask < 2 * nblocks; mask <<= 1)
		;
	tab = malloc(mask * sizeof(*tab));
	if (tab == NULL) {
		put_insert(out, target + lo, hi - lo);
		return;
	}
	mask--;

	/* Base blocks by hash; 0 marks an empty slot, so offsets are stored + 1. */
	memset(tab, 0, (mask + 1) * sizeof(*tab));
	for (size_t k = 0; k < nblocks; k++) {
		size_t off = blo + k * BLOCK;

		tab[block_hash(base + off) & mask] = (uint32_t)(off + 1);
	}

	/* Slide over the target; at a match, extend it both ways and copy. */
	while (i + BLOCK <= hi) {
		uint32_t slot = tab[block_hash(target + i) & mask];
		size_t b, len;

		if (slot == 0 || memcmp(base + slot - 1, target + i, BLOCK) != 0) {
			i++;
			continue;
		}
		b = slot - 1;
		len = BLOCK;
		while (i + len < hi && b + len < bhi && base[b + len] == target[i + len])
			len++;
		while (i > lit && b > blo && base[b - 1] == target[i - 1]) {
			i--;
			b--;
			len++;
		}
		put_insert(out, target + lit, i - lit);
		put_copy(out, b, len);
		i += len;
		lit = i;
	}
	put_insert(out, target + lit, hi - lit);
	free(tab);
}

int store_delta_make(const unsigned char *base, size_t base_len, const unsigned char *target,
	size_t target_len, size_t max, store_buf *out)
{
	size_t start = out->len, pre = 0, suf = 0, common;

	/* Offsets are 32 bits wide in a copy instruction. */
	if (base_len > UINT32_MAX - 1)
		return 0;

	/* What the two share at both ends, without letting the ends overlap; 8 bytes a step. */
	common = base_len < target_len ? base_len : target_len;
	while (pre + 8 <= common && memcmp(base + pre, target + pre, 8) == 0)
		pre += 8;
	while (pre < common && base[pre] == target[pre])
		pre++;
	while (suf + 8 <= common - pre &&
		memcmp(base + base_len - suf - 8, target + target_len - suf - 8, 8) == 0)
		suf += 8;
	while (suf < common - pre && base[base_len - 1 - suf] == target[target_len - 1 - suf])
		suf++;

	put_varint(out, base_len);
	put_varint(out, target_len);
	put_copy(out, 0, pre);
	encode_middle(base, pre, base_len - suf, target, pre, target_len - suf, out);
	put_copy(out, base_len - suf, suf);

	if (out->len - start > max) {
		out->len = start;
		return 0;
	}
	return 1;
}

/* ---- Applying ---- */

/* A delta header varint: 7 bits a byte, least significant first. */
static int get_varint(const unsigned char **d, const unsigned char *end, uint64_t *out)
{
	unsigned shift = 0;
	unsigned c;

	*out = 0;
	do {
		if (*d == end || shift > 57)
			return -1;
		c = *(*d)++;
		*out |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	return 0;
}

/*
 * Run the instructions d..end over base.  With out NULL it only checks
 * them and measures the result into *len; with out it writes the *len
 * bytes measured before.
 */
static const char *run(const unsigned char *base, size_t base_len, const unsigned char *d,
	const unsigned char *end, unsigned char *out, uint64_t *len)
{
	uint64_t pos = 0;

	while (d < end) {
		unsigned cmd = *d++;

		if (cmd & 0x80) {
			uint64_t off = 0, n = 0;

			for (int i = 0; i < 4; i++) {
				if (cmd & 1u << i) {
					if (d == end)
						return "a copy instruction is cut short";
					off |= (uint64_t)*d++ << 8 * i;
				}
			}
			for (int i = 0; i < 3; i++) {
				if (cmd & 0x10u << i) {
					if (d == end)
						return "a copy instruction is cut short";
					n |= (uint64_t)*d++ << 8 * i;
				}
			}
			if (n == 0)
				n = 0x10000;
			if (off > base_len || n > base_len - off)
				return "a copy reaches past the end of the base";
			if (out != NULL)
				memcpy(out + pos, base + off, n);
			pos += n;
		} else if (cmd != 0) {
			if (cmd > (size_t)(end - d))
				return "an insert reaches past the end of the delta";
			if (out != NULL)
				memcpy(out + pos, d, cmd);
			d += cmd;
			pos += cmd;
		} else {
			return "it uses the reserved instruction 0";
		}
	}
	*len = pos;
	return NULL;
}

const char *store_delta_apply(const unsigned char *base, size_t base_len,
	const unsigned char *delta, size_t delta_len, unsigned char **out, size_t *out_len)
{
	const unsigned char *d = delta, *end = delta + delta_len;
	uint64_t src_size, dst_size, len = 0;
	const char *why;
	unsigned char *buf;

	/* Header, then a dry run that measures before anything is allocated. */
	if (get_varint(&d, end, &src_size) < 0 || get_varint(&d, end, &dst_size) < 0)
		return "its header is malformed";
	if (src_size != base_len)
		return "it expects a base of another size";
	if ((why = run(base, base_len, d, end, NULL, &len)) != NULL)
		return why;
	if (len != dst_size)
		return "it does not produce the size it declares";
	if (len >= SIZE_MAX || (buf = malloc((size_t)len + 1)) == NULL)
		return STORE_DELTA_NOMEM;
	run(base, base_len, d, end, buf, &len);
	buf[len] = '\0';
	*out = buf;
	*out_len = (size_t)len;
	return NULL;
}
