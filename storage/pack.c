/*
 * pack.c - Git packfiles and loose objects (see pack.h).
 *
 * Owns the on-disk encodings only: the pack v2 stream, the .idx v2 table
 * and the loose object file.  It keeps no cache and no list of packs; the
 * object database above chooses which packs to open and caches what it
 * reads.  The formats are git's (Documentation/gitformat-pack.txt); the
 * reasons for not using libgit2 here are in pack.h and DESIGN.md section 9.
 *
 * Writer: entries are deflated at the level the caller picks, or at level
 * 0 written as zlib's stored blocks without zlib (packw_store says why),
 * into a buffer that is flushed to a temporary file behind a 12-byte hole, because the object
 * count in the header is known only at the end.  Finishing fills the hole
 * and computes the trailer SHA-1 by reading the file back from the page
 * cache: cheaper than holding the compressed pack in memory or copying it
 * through a second file.  The .idx is built in memory (28 bytes an object)
 * and written in one go.
 *
 * Reader: both files are mapped read-only and validated once at open
 * (sizes, fan-out, sorted ids, matching checksums); after that every read
 * works on immutable memory with its own zlib stream, so any number of
 * threads may share a store_pack.  Every length and offset taken from the
 * files is checked before use: corruption is an XX001 error, never a
 * crash or an absurd allocation.
 */
#include "pack.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define ZLIB_CONST
#include <zlib.h>

#include "delta.h"

#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>

#define PACK_HDR_SZ        12
#define PACK_OBJ_OFS_DELTA 6
#define PACK_OBJ_REF_DELTA 7
#define IDX_HDR_SZ         (8 + 256 * 4) /* magic, version, fan-out */
#define IDX_ENTRY_SZ       (STORE_OID_RAWSZ + 4 + 4)
#define IDX_LARGE_OFFSET   0x80000000u
#define WRITE_BUF_SZ       (256 * 1024)
#define SMALL_OBJECT       8192 /* bytes: below, objects deflate with SMALL_MEMLEVEL */
#define SMALL_MEMLEVEL     2    /* a 1 KB hash table instead of 64 KB */
#define LOOSE_HDR_MAX      32

/*
 * pack-objects caps --depth at 4095; other writers are looser.  The limit
 * only has to stop a REF_DELTA loop in a corrupt pack.
 */
#define MAX_DELTA_DEPTH 10000

/*
 * deflate cannot do better than about 1032:1, so a declared size beyond
 * that many times the compressed bytes left is corruption; checking it
 * first keeps a flipped bit from turning into a huge allocation.
 */
#define MAX_DEFLATE_RATIO 1032

static const unsigned char idx_magic[4] = {0xff, 't', 'O', 'c'};

/* ---- Helpers ---- */

static uint32_t get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t get_be64(const unsigned char *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void put_be64(unsigned char *p, uint64_t v)
{
	put_be32(p, (uint32_t)(v >> 32));
	put_be32(p + 4, (uint32_t)v);
}

/* Report errno for an operation on a file, with PostgreSQL's SQLSTATE for it. */
static int file_error(store_err *err, const char *verb, const char *path)
{
	int e = errno;
	const char *state;

	switch (e) {
	case ENOENT:
		state = "58P01";
		break;
	case EACCES:
	case EPERM:
		state = "42501";
		break;
	case ENOSPC:
	case EDQUOT:
		state = "53100";
		break;
	case ENOMEM:
		state = "53200";
		break;
	default:
		state = "58030";
	}
	return store_err_set(err, state, "could not %s file \"%s\": %s", verb, path, strerror(e));
}

static int out_of_memory(store_err *err, uint64_t size)
{
	store_err_set(err, "53200", "out of memory");
	store_err_detail(err, "Failed on request of size %llu.", (unsigned long long)size);
	return STORE_ERROR;
}

/* Set the XX001 error "<what> "<path>" is corrupt" with a detail sentence. */
static int corrupt(store_err *err, const char *what, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int corrupt(store_err *err, const char *what, const char *path, const char *fmt, ...)
{
	char detail[sizeof(err->detail)];
	va_list ap;

	if (store_err_isset(err))
		return STORE_ERROR;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	store_err_set(err, "XX001", "%s \"%s\" is corrupt", what, path);
	store_err_detail(err, "%s", detail);
	return STORE_ERROR;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_all(int fd, void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len > 0) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			errno = EIO; /* the file shrank under us */
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Inflate from zs->next_in (*in_left bytes available) into out[0..room).
 * Returns 1 at the end of the stream, 0 when out filled up first, -1 when
 * the stream is broken (*why says how) and -2 when zlib ran out of memory.
 * *produced counts the bytes written.  Lengths beyond zlib's 32-bit
 * counters are fed in slices.
 */
static int inflate_run(z_stream *zs, size_t *in_left, unsigned char *out, size_t room,
	size_t *produced, const char **why)
{
	size_t done = 0;

	for (;;) {
		uInt ain = *in_left > UINT_MAX ? UINT_MAX : (uInt)*in_left;
		uInt aout = room - done > UINT_MAX ? UINT_MAX : (uInt)(room - done);
		int ret;

		zs->avail_in = ain;
		zs->next_out = out + done;
		zs->avail_out = aout;
		ret = inflate(zs, Z_NO_FLUSH);
		*in_left -= ain - zs->avail_in;
		done += aout - zs->avail_out;
		*produced = done;

		if (ret == Z_STREAM_END)
			return 1;
		if (ret == Z_MEM_ERROR)
			return -2;
		if (ret != Z_OK && ret != Z_BUF_ERROR) {
			*why = zs->msg != NULL ? zs->msg : "invalid compressed data";
			return -1;
		}
		if (done == room)
			return 0;
		if (ret == Z_BUF_ERROR) {
			*why = "the compressed data ends early";
			return -1;
		}
	}
}

/* ---- Writer ---- */

typedef struct packw_entry {
	store_oid oid;
	uint32_t crc;   /* CRC-32 of the entry as stored, for the .idx */
	uint16_t depth; /* deltas between it and a whole object */
	uint64_t offset;
} packw_entry;

struct store_packw {
	char *dir;
	char *tmp_pack; /* set while the temporary file exists */
	char *tmp_idx;
	int fd;
	int broken;  /* a write failed: the file no longer matches ents */
	int level;   /* zlib level; 0 stores entries uncompressed */
	z_stream zs; /* objects under SMALL_OBJECT bytes */
	int zs_ready;
	z_stream zs_big; /* larger ones, set up on first use */
	int zs_big_ready;
	uLong crc;       /* of the entry being written */
	store_buf delta; /* scratch for store_packw_add_against */

	unsigned char *buf; /* WRITE_BUF_SZ bytes, not yet in the file */
	size_t buf_len;
	uint64_t flushed; /* bytes already in the file */

	packw_entry *ents; /* in the order written */
	size_t nents, ents_cap;
	uint32_t *slots; /* open addressing over ents: index + 1, 0 = free */
	size_t slots_mask;
};

void store_pack_clean_tmp(const char *pack_dir)
{
	DIR *d = opendir(pack_dir);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char path[4096];

		if (strncmp(de->d_name, STORE_PACK_TMP_PREFIX, strlen(STORE_PACK_TMP_PREFIX)) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", pack_dir, de->d_name);
		unlink(path);
	}
	closedir(d);
}

store_packw *store_packw_open(const char *pack_dir, int level, store_err *err)
{
	store_packw *w = calloc(1, sizeof(*w));
	char *tmpl = NULL;
	int fd;

	if (w == NULL) {
		out_of_memory(err, sizeof(*w));
		return NULL;
	}
	w->fd = -1;
	w->slots_mask = 1023;
	w->dir = strdup(pack_dir);
	w->buf = malloc(WRITE_BUF_SZ);
	w->slots = calloc(w->slots_mask + 1, sizeof(*w->slots));
	if (w->dir == NULL || w->buf == NULL || w->slots == NULL ||
		asprintf(&tmpl, "%s/" STORE_PACK_TMP_PREFIX "pack_XXXXXX", pack_dir) < 0) {
		out_of_memory(err, WRITE_BUF_SZ);
		goto fail;
	}
	w->level = level < 0 ? 0 : level > 9 ? 9 : level;
	if (deflateInit2(&w->zs, w->level, Z_DEFLATED, 15, SMALL_MEMLEVEL, Z_DEFAULT_STRATEGY) !=
		Z_OK) {
		out_of_memory(err, sizeof(w->zs));
		goto fail;
	}
	w->zs_ready = 1;

	/* The temporary file lives beside its final name so rename is atomic. */
	fd = mkostemp(tmpl, O_CLOEXEC);
	if (fd < 0) {
		file_error(err, "create", tmpl);
		free(tmpl);
		goto fail;
	}
	w->fd = fd;
	w->tmp_pack = tmpl;

	/* Leave the hole for the header; finish fills it. */
	memset(w->buf, 0, PACK_HDR_SZ);
	w->buf_len = PACK_HDR_SZ;
	return w;

fail:
	store_packw_abort(w);
	return NULL;
}

size_t store_packw_count(const store_packw *w)
{
	return w->nents;
}

/* The slot holding oid, or the free slot where it belongs. */
static uint32_t *packw_slot(const store_packw *w, const store_oid *oid)
{
	size_t i = store_oid_hash(oid) & w->slots_mask;

	while (w->slots[i] != 0 && !store_oid_equal(&w->ents[w->slots[i] - 1].oid, oid))
		i = (i + 1) & w->slots_mask;
	return &w->slots[i];
}

/* Make room for one more entry, so that a failed allocation changes nothing. */
static int packw_reserve(store_packw *w, store_err *err)
{
	if (w->nents == w->ents_cap) {
		size_t cap = w->ents_cap ? 2 * w->ents_cap : 1024;
		packw_entry *ents = realloc(w->ents, cap * sizeof(*ents));

		if (ents == NULL)
			return out_of_memory(err, cap * sizeof(*ents));
		w->ents = ents;
		w->ents_cap = cap;
	}

	/* Keep the table at most half full. */
	if (2 * (w->nents + 1) > w->slots_mask + 1) {
		size_t nslots = 2 * (w->slots_mask + 1);
		uint32_t *old = w->slots;

		w->slots = calloc(nslots, sizeof(*w->slots));
		if (w->slots == NULL) {
			w->slots = old;
			return out_of_memory(err, nslots * sizeof(*w->slots));
		}
		w->slots_mask = nslots - 1;
		for (size_t i = 0; i < w->nents; i++)
			*packw_slot(w, &w->ents[i].oid) = (uint32_t)(i + 1);
		free(old);
	}
	return STORE_OK;
}

static int packw_flush(store_packw *w, store_err *err)
{
	if (write_all(w->fd, w->buf, w->buf_len) < 0) {
		w->broken = 1;
		return file_error(err, "write to", w->tmp_pack);
	}
	w->flushed += w->buf_len;
	w->buf_len = 0;
	return STORE_OK;
}

/* Encode the type and inflated size of an entry; returns its length (at most 10). */
static size_t entry_header(unsigned char *out, int type, uint64_t size)
{
	unsigned char c = (unsigned char)(type << 4 | (size & 15));
	size_t n = 0;

	for (size >>= 4; size != 0; size >>= 7) {
		out[n++] = c | 0x80;
		c = size & 0x7f;
	}
	out[n++] = c;
	return n;
}

/* Append raw bytes to the pack, folding them into the running CRC-32. */
static int packw_put(store_packw *w, const unsigned char *p, size_t n, store_err *err)
{
	while (n > 0) {
		size_t room = WRITE_BUF_SZ - w->buf_len, k = n < room ? n : room;

		if (k == 0) {
			if (packw_flush(w, err) != STORE_OK)
				return STORE_ERROR;
			continue;
		}
		memcpy(w->buf + w->buf_len, p, k);
		w->crc = crc32(w->crc, p, (uInt)k);
		w->buf_len += k;
		p += k;
		n -= k;
	}
	return STORE_OK;
}

/*
 * Deflate data into the pack after the entry header, folding it into the
 * CRC.  Small objects go through a stream with a small hash table:
 * deflateReset clears the table, and zlib's default one (64 KB) costs
 * more to clear than a commit or a row costs to compress.
 */
static int packw_deflate(store_packw *w, const unsigned char *data, size_t len, store_err *err)
{
	size_t in_left = len;
	z_stream *zs = &w->zs;
	int ret;

	if (len >= SMALL_OBJECT) {
		if (!w->zs_big_ready) {
			if (deflateInit(&w->zs_big, w->level) != Z_OK)
				return out_of_memory(err, sizeof(w->zs_big));
			w->zs_big_ready = 1;
		}
		zs = &w->zs_big;
	}
	if (deflateReset(zs) != Z_OK)
		return store_err_set(err, "XX000", "could not reset the zlib stream");
	zs->next_in = data;
	do {
		uInt ain = in_left > UINT_MAX ? UINT_MAX : (uInt)in_left;
		uInt aout;
		unsigned char *at;

		if (w->buf_len == WRITE_BUF_SZ && packw_flush(w, err) != STORE_OK)
			return STORE_ERROR;
		at = w->buf + w->buf_len;
		aout = (uInt)(WRITE_BUF_SZ - w->buf_len);
		zs->avail_in = ain;
		zs->next_out = at;
		zs->avail_out = aout;
		ret = deflate(zs, ain == in_left ? Z_FINISH : Z_NO_FLUSH);
		in_left -= ain - zs->avail_in;
		w->buf_len += aout - zs->avail_out;
		w->crc = crc32(w->crc, at, aout - zs->avail_out);
	} while (ret == Z_OK || ret == Z_BUF_ERROR);
	if (ret != Z_STREAM_END) {
		w->broken = 1;
		return store_err_set(
			err, "XX000", "could not compress an object: zlib error %d", ret);
	}
	return STORE_OK;
}

/*
 * Append data as a zlib stream of stored (uncompressed) blocks: what
 * deflate at level 0 writes, without its per-stream set-up.  For the
 * small objects of a commit that set-up (a hash table to clear, Huffman
 * trees to build) costs more than the compression gains: 10-20 us for a
 * 300-byte commit that shrinks by 80 bytes.
 */
static int packw_store(store_packw *w, const unsigned char *data, size_t len, store_err *err)
{
	static const unsigned char zhdr[2] = {0x78, 0x01}; /* deflate, 32K window, level 0 */
	uLong adler = adler32_z(1, data, len);
	unsigned char trailer[4];

	if (packw_put(w, zhdr, 2, err) != STORE_OK)
		return STORE_ERROR;
	do {
		size_t n = len < 0xffff ? len : 0xffff;
		unsigned char blk[5];

		blk[0] = n == len; /* BFINAL on the last block; BTYPE 00, stored */
		blk[1] = (unsigned char)n;
		blk[2] = (unsigned char)(n >> 8);
		blk[3] = (unsigned char)~n;
		blk[4] = (unsigned char)(~n >> 8);
		if (packw_put(w, blk, 5, err) != STORE_OK || packw_put(w, data, n, err) != STORE_OK)
			return STORE_ERROR;
		data += n;
		len -= n;
	} while (len > 0);
	put_be32(trailer, (uint32_t)adler);
	return packw_put(w, trailer, 4, err);
}

/* The data of an entry: deflated when the writer compresses, else stored. */
static int packw_data(store_packw *w, const unsigned char *data, size_t len, store_err *err)
{
	if (w->level == 0)
		return packw_store(w, data, len, err);
	return packw_deflate(w, data, len, err);
}

/* git's offset varint for an OFS_DELTA: 7 bits a byte, each further byte adding one. */
static size_t ofs_encode(unsigned char out[10], uint64_t rel)
{
	unsigned char tmp[10];
	size_t pos = sizeof(tmp) - 1, n;

	tmp[pos] = rel & 0x7f;
	while (rel >>= 7)
		tmp[--pos] = (unsigned char)(0x80 | (--rel & 0x7f));
	n = sizeof(tmp) - pos;
	memcpy(out, tmp + pos, n);
	return n;
}

/*
 * Start an entry for oid: check the writer can take it and reserve its
 * slot.  Returns 1 when it may be written, 0 when the pack has it already.
 */
static int packw_begin(store_packw *w, const store_oid *oid, store_err *err)
{
	/* An id names one content: the first copy is the one stored. */
	if (*packw_slot(w, oid) != 0)
		return 0;
	if (w->broken)
		return store_err_set(err, "58030",
			"pack file \"%s\" is unusable after an earlier write error", w->tmp_pack);
	if (w->nents == UINT32_MAX)
		return store_err_set(err, "54000", "too many objects for one pack file");
	if (packw_reserve(w, err) != STORE_OK)
		return STORE_ERROR;
	w->ents[w->nents].oid = *oid;
	w->ents[w->nents].offset = w->flushed + w->buf_len;
	w->crc = crc32(0, NULL, 0);
	return 1;
}

/* Record the entry begun last: a failure before this leaves it out. */
static void packw_end(store_packw *w, int depth)
{
	packw_entry *e = &w->ents[w->nents++];

	e->crc = (uint32_t)w->crc;
	e->depth = (uint16_t)depth;
	*packw_slot(w, &e->oid) = (uint32_t)w->nents;
}

int store_packw_add(store_packw *w, store_objtype type, const void *data, size_t len,
	const store_oid *oid, store_err *err)
{
	unsigned char hdr[16];
	size_t hlen;
	int r;

	assert(type >= STORE_OBJ_COMMIT && type <= STORE_OBJ_TAG);
	if ((r = packw_begin(w, oid, err)) <= 0)
		return r == 0 ? STORE_OK : STORE_ERROR;
	hlen = entry_header(hdr, type, len);
	if (packw_put(w, hdr, hlen, err) != STORE_OK || packw_data(w, data, len, err) != STORE_OK)
		return STORE_ERROR;
	packw_end(w, 0);
	return STORE_OK;
}

int store_packw_add_against(store_packw *w, store_objtype type, const void *data, size_t len,
	const store_oid *oid, const store_oid *base, const void *base_data, size_t base_len,
	store_err *err)
{
	uint32_t slot = base != NULL ? *packw_slot(w, base) : 0;
	unsigned char hdr[32];
	size_t hlen;
	int r, depth;

	/* Whole when there is no base here, its chain is long, or the object is tiny. */
	if (slot == 0 || w->ents[slot - 1].depth >= STORE_PACK_MAX_DEPTH || len < 64)
		return store_packw_add(w, type, data, len, oid, err);
	if ((r = packw_begin(w, oid, err)) <= 0)
		return r == 0 ? STORE_OK : STORE_ERROR;

	/* Worth it only at half the object's size or less. */
	w->delta.len = 0;
	if (!store_delta_make(base_data, base_len, data, len, len / 2, &w->delta)) {
		hlen = entry_header(hdr, type, len);
		if (packw_put(w, hdr, hlen, err) != STORE_OK ||
			packw_data(w, data, len, err) != STORE_OK)
			return STORE_ERROR;
		packw_end(w, 0);
		return STORE_OK;
	}
	depth = w->ents[slot - 1].depth + 1;
	hlen = entry_header(hdr, PACK_OBJ_OFS_DELTA, w->delta.len);
	hlen += ofs_encode(hdr + hlen, w->ents[w->nents].offset - w->ents[slot - 1].offset);
	if (packw_put(w, hdr, hlen, err) != STORE_OK ||
		packw_data(w, w->delta.data, w->delta.len, err) != STORE_OK)
		return STORE_ERROR;
	packw_end(w, depth);
	return STORE_OK;
}

/* Fill the header hole, then append the SHA-1 of the whole file. */
static int packw_trailer(store_packw *w, store_oid *sum, store_err *err)
{
	unsigned char hdr[PACK_HDR_SZ];
	SHA_CTX ctx;

	memcpy(hdr, "PACK", 4);
	put_be32(hdr + 4, 2);
	put_be32(hdr + 8, (uint32_t)w->nents);
	if (pwrite(w->fd, hdr, sizeof(hdr), 0) != (ssize_t)sizeof(hdr))
		return file_error(err, "write to", w->tmp_pack);

	/* Hash it back from the page cache, through the write buffer. */
	SHA1_Init(&ctx);
	for (uint64_t off = 0; off < w->flushed;) {
		size_t want = w->flushed - off < WRITE_BUF_SZ ? w->flushed - off : WRITE_BUF_SZ;
		ssize_t n = pread(w->fd, w->buf, want, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return file_error(err, "read", w->tmp_pack);
		}
		SHA1_Update(&ctx, w->buf, (size_t)n);
		off += (uint64_t)n;
	}
	SHA1_Final(sum->id, &ctx);

	if (write_all(w->fd, sum->id, STORE_OID_RAWSZ) < 0)
		return file_error(err, "write to", w->tmp_pack);
	return STORE_OK;
}

static int entry_cmp(const void *a, const void *b)
{
	return store_oid_cmp(&((const packw_entry *)a)->oid, &((const packw_entry *)b)->oid);
}

/*
 * Sort the entries by id.  Ids are SHA-1 hashes, spread evenly, so one
 * counting pass on their first two bytes leaves buckets of a few entries
 * that insertion sort finishes: linear, where a comparison sort of the
 * million ids a merge of big packs holds spent most of the merge's time
 * in memcmp.  Small sets, and memory trouble, take qsort.
 */
static void sort_entries(packw_entry *e, size_t n)
{
	enum { BUCKETS = 65536 };
	packw_entry *tmp;
	size_t *start;

	if (n < 4096 || (tmp = malloc(n * sizeof(*tmp))) == NULL) {
		qsort(e, n, sizeof(*e), entry_cmp);
		return;
	}
	start = calloc(BUCKETS + 1, sizeof(*start));
	if (start == NULL) {
		free(tmp);
		qsort(e, n, sizeof(*e), entry_cmp);
		return;
	}
	for (size_t i = 0; i < n; i++)
		start[((size_t)e[i].oid.id[0] << 8 | e[i].oid.id[1]) + 1]++;
	for (size_t b = 0; b < BUCKETS; b++)
		start[b + 1] += start[b];
	for (size_t i = 0; i < n; i++)
		tmp[start[(size_t)e[i].oid.id[0] << 8 | e[i].oid.id[1]]++] = e[i];

	/* start[b] is now the end of bucket b: sort each in place, back into e. */
	for (size_t b = 0, lo = 0; b < BUCKETS; lo = start[b++]) {
		for (size_t i = lo + 1; i < start[b]; i++) {
			packw_entry x = tmp[i];
			size_t j = i;

			for (; j > lo && store_oid_cmp(&tmp[j - 1].oid, &x.oid) > 0; j--)
				tmp[j] = tmp[j - 1];
			tmp[j] = x;
		}
	}
	memcpy(e, tmp, n * sizeof(*e));
	free(start);
	free(tmp);
}

/* Build the version 2 index in memory; *out is malloc'd. */
static int packw_build_idx(store_packw *w, const store_oid *pack_sum, unsigned char **out,
	size_t *out_len, store_err *err)
{
	size_t n = w->nents, nlarge = 0, size;
	uint32_t counts[256] = {0}, sum = 0;
	unsigned char *idx, *p, *offs, *large;

	sort_entries(w->ents, n);
	for (size_t i = 0; i < n; i++) {
		counts[w->ents[i].oid.id[0]]++;
		if (w->ents[i].offset >= IDX_LARGE_OFFSET)
			nlarge++;
	}
	size = IDX_HDR_SZ + n * IDX_ENTRY_SZ + nlarge * 8 + 2 * STORE_OID_RAWSZ;
	idx = malloc(size);
	if (idx == NULL)
		return out_of_memory(err, size);

	/* Header and fan-out: objects whose first byte is <= i. */
	memcpy(idx, idx_magic, 4);
	put_be32(idx + 4, 2);
	for (int i = 0; i < 256; i++) {
		sum += counts[i];
		put_be32(idx + 8 + 4 * i, sum);
	}

	/* Ids, CRCs, then offsets: 31 bits, or an index into the 64-bit table. */
	p = idx + IDX_HDR_SZ;
	for (size_t i = 0; i < n; i++, p += STORE_OID_RAWSZ)
		memcpy(p, w->ents[i].oid.id, STORE_OID_RAWSZ);
	for (size_t i = 0; i < n; i++, p += 4)
		put_be32(p, w->ents[i].crc);
	offs = p;
	large = offs + 4 * n;
	nlarge = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t off = w->ents[i].offset;

		if (off < IDX_LARGE_OFFSET) {
			put_be32(offs + 4 * i, (uint32_t)off);
		} else {
			put_be32(offs + 4 * i, IDX_LARGE_OFFSET | (uint32_t)nlarge);
			put_be64(large + 8 * nlarge++, off);
		}
	}

	/* The pack's checksum, then the index's own. */
	p = large + 8 * nlarge;
	memcpy(p, pack_sum->id, STORE_OID_RAWSZ);
	SHA1(idx, size - STORE_OID_RAWSZ, p + STORE_OID_RAWSZ);
	*out = idx;
	*out_len = size;
	return STORE_OK;
}

/* Write the index to a temporary file, read-only and fsynced. */
static int packw_write_idx(store_packw *w, const unsigned char *idx, size_t len, store_err *err)
{
	char *tmpl;
	int fd, ret = STORE_OK;

	if (asprintf(&tmpl, "%s/" STORE_PACK_TMP_PREFIX "idx_XXXXXX", w->dir) < 0)
		return out_of_memory(err, strlen(w->dir) + 16);
	fd = mkostemp(tmpl, O_CLOEXEC);
	if (fd < 0) {
		file_error(err, "create", tmpl);
		free(tmpl);
		return STORE_ERROR;
	}
	w->tmp_idx = tmpl;
	if (write_all(fd, idx, len) < 0)
		ret = file_error(err, "write to", tmpl);
	else if (fchmod(fd, 0444) < 0)
		ret = file_error(err, "change the mode of", tmpl);
	else if (fsync(fd) < 0)
		ret = file_error(err, "fsync", tmpl);
	close(fd);
	return ret;
}

static int fsync_dir(const char *dir, store_err *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret = STORE_OK;

	if (fd < 0)
		return file_error(err, "open", dir);
	if (fsync(fd) < 0)
		ret = file_error(err, "fsync", dir);
	close(fd);
	return ret;
}

/* Rename a temporary file to dir/name+suffix; on success the temporary name is gone. */
static int packw_rename(
	store_packw *w, char **tmp, const char *name, const char *suffix, store_err *err)
{
	char *path;

	if (asprintf(&path, "%s/%s%s", w->dir, name, suffix) < 0)
		return out_of_memory(err, strlen(w->dir) + 64);
	if (rename(*tmp, path) < 0) {
		file_error(err, "rename", *tmp);
		store_err_detail(err, "The target was \"%s\".", path);
		free(path);
		return STORE_ERROR;
	}
	free(path);
	free(*tmp);
	*tmp = NULL;
	return STORE_OK;
}

int store_packw_finish(store_packw *w, char *name_out, size_t name_sz, store_err *err)
{
	char name[5 + STORE_OID_HEXSZ + 1];
	store_oid sum;
	unsigned char *idx = NULL;
	size_t idx_len;

	assert(name_sz >= sizeof(name));
	name_out[0] = '\0';
	if (w->broken) {
		store_err_set(err, "58030",
			"pack file \"%s\" is unusable after an earlier write error", w->tmp_pack);
		goto fail;
	}
	if (w->nents == 0) {
		store_packw_abort(w);
		return STORE_OK;
	}

	/* Complete the pack and make it read-only and durable. */
	if (packw_flush(w, err) != STORE_OK || packw_trailer(w, &sum, err) != STORE_OK)
		goto fail;
	if (fchmod(w->fd, 0444) < 0) {
		file_error(err, "change the mode of", w->tmp_pack);
		goto fail;
	}
	if (fsync(w->fd) < 0) {
		file_error(err, "fsync", w->tmp_pack);
		goto fail;
	}

	/* The index, durable before either file gets its name. */
	if (packw_build_idx(w, &sum, &idx, &idx_len, err) != STORE_OK ||
		packw_write_idx(w, idx, idx_len, err) != STORE_OK)
		goto fail;

	/*
	 * Like git, name the pack after its checksum and publish the .idx
	 * last: readers discover packs by their index.
	 */
	memcpy(name, "pack-", 5);
	store_oid_fmt(name + 5, &sum);
	if (packw_rename(w, &w->tmp_pack, name, ".pack", err) != STORE_OK ||
		packw_rename(w, &w->tmp_idx, name, ".idx", err) != STORE_OK ||
		fsync_dir(w->dir, err) != STORE_OK)
		goto fail;

	free(idx);
	memcpy(name_out, name, sizeof(name));
	store_packw_abort(w);
	return STORE_OK;

fail:
	/*
	 * XXX: when the .idx rename fails after the .pack one succeeded, the
	 * .pack stays under its final name without an index.  Readers ignore
	 * it, and removing it could delete an identical pack written earlier
	 * under the same name; git gc clears such files.
	 */
	free(idx);
	store_packw_abort(w);
	return STORE_ERROR;
}

void store_packw_abort(store_packw *w)
{
	if (w == NULL)
		return;
	if (w->fd >= 0)
		close(w->fd);
	if (w->tmp_pack != NULL)
		unlink(w->tmp_pack);
	if (w->tmp_idx != NULL)
		unlink(w->tmp_idx);
	if (w->zs_ready)
		deflateEnd(&w->zs);
	if (w->zs_big_ready)
		deflateEnd(&w->zs_big);
	free(w->tmp_pack);
	free(w->tmp_idx);
	free(w->dir);
	free(w->buf);
	free(w->ents);
	free(w->slots);
	store_buf_free(&w->delta);
	free(w);
}

/* ---- Reader ---- */

struct store_pack {
	char *pack_path; /* "<dir>/<name>.pack", for messages */
	char *idx_path;
	char *name;

	const unsigned char *pack; /* the whole .pack, mapped read-only */
	size_t pack_size;
	const unsigned char *idx; /* the whole .idx */
	size_t idx_size;

	uint32_t count;
	const unsigned char *fanout; /* 256 big-endian cumulative counts */
	const unsigned char *oids;   /* count sorted ids */
	const unsigned char *offs;   /* count 32-bit offsets */
	const unsigned char *large;  /* nlarge 64-bit offsets */
	uint32_t nlarge;
};

/* One entry of the pack, as its header describes it. */
typedef struct pack_entry {
	uint64_t off;  /* where the entry starts */
	int type;      /* STORE_OBJ_*, PACK_OBJ_OFS_DELTA or PACK_OBJ_REF_DELTA */
	uint64_t size; /* inflated size: of the object, or of the delta */
	uint64_t data; /* where the zlib stream starts */
	uint64_t base; /* for a delta, where the base entry starts */
} pack_entry;

#define PACK_CORRUPT(p, err, ...) corrupt(err, "pack file", (p)->pack_path, __VA_ARGS__)
#define IDX_CORRUPT(p, err, ...)  corrupt(err, "pack file", (p)->idx_path, __VA_ARGS__)

/* Map a whole file read-only; an empty file maps to NULL with size 0. */
static int map_file(const char *path, const unsigned char **out, size_t *size, store_err *err)
{
	struct stat st;
	void *m;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return file_error(err, "open", path);
	if (fstat(fd, &st) < 0) {
		file_error(err, "stat", path);
		close(fd);
		return STORE_ERROR;
	}
	*size = (size_t)st.st_size;
	*out = NULL;
	if (st.st_size == 0) {
		close(fd);
		return STORE_OK;
	}
	m = mmap(NULL, *size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return file_error(err, "map", path);
	*out = m;
	return STORE_OK;
}

static uint32_t fanout_at(const store_pack *p, int byte)
{
	return byte < 0 ? 0 : get_be32(p->fanout + 4 * byte);
}

static const unsigned char *oid_ptr(const store_pack *p, uint32_t i)
{
	return p->oids + (size_t)i * STORE_OID_RAWSZ;
}

/*
 * Check the index layout, including that the ids are sorted and agree
 * with the fan-out: one pass over them at open buys a binary search that
 * can trust its table.
 */
static int check_idx(store_pack *p, store_err *err)
{
	uint64_t min, extra;
	uint32_t n, prev = 0;

	if (p->idx_size < IDX_HDR_SZ + 2 * STORE_OID_RAWSZ)
		return IDX_CORRUPT(p, err, "The index is %zu bytes long, too short for its header.",
			p->idx_size);
	if (memcmp(p->idx, idx_magic, 4) != 0 || get_be32(p->idx + 4) != 2)
		return IDX_CORRUPT(p, err, "The index does not start with a version 2 header.");
	p->fanout = p->idx + 8;
	for (int i = 0; i < 256; i++) {
		uint32_t v = fanout_at(p, i);

		if (v < prev)
			return IDX_CORRUPT(
				p, err, "The fan-out table of the index decreases at entry %d.", i);
		prev = v;
	}
	n = prev;

	/* The 64-bit offset table holds at most one entry per object. */
	min = IDX_HDR_SZ + (uint64_t)n * IDX_ENTRY_SZ + 2 * STORE_OID_RAWSZ;
	extra = p->idx_size - min;
	if (p->idx_size < min || extra % 8 != 0 || extra / 8 > n)
		return IDX_CORRUPT(p, err, "The index lists %u objects but is %zu bytes long.", n,
			p->idx_size);
	p->count = n;
	p->nlarge = (uint32_t)(extra / 8);
	p->oids = p->idx + IDX_HDR_SZ;
	p->offs = p->oids + (size_t)n * (STORE_OID_RAWSZ + 4);
	p->large = p->offs + (size_t)n * 4;

	for (uint32_t i = 0; i < n; i++) {
		const unsigned char *id = oid_ptr(p, i);

		if (i > 0 && memcmp(id - STORE_OID_RAWSZ, id, STORE_OID_RAWSZ) >= 0)
			return IDX_CORRUPT(p, err,
				"The object ids in the index are not sorted at entry %u.", i);
		if (i < fanout_at(p, id[0] - 1) || i >= fanout_at(p, id[0]))
			return IDX_CORRUPT(p, err,
				"The fan-out table of the index disagrees with entry %u.", i);
	}
	return STORE_OK;
}

static int check_pack(const store_pack *p, store_err *err)
{
	uint32_t version;

	if (p->pack_size < PACK_HDR_SZ + STORE_OID_RAWSZ)
		return PACK_CORRUPT(p, err,
			"The pack is %zu bytes long, too short for its header and checksum.",
			p->pack_size);
	version = get_be32(p->pack + 4);
	if (memcmp(p->pack, "PACK", 4) != 0 || (version != 2 && version != 3))
		return PACK_CORRUPT(p, err, "The pack does not start with a version 2 header.");
	if (get_be32(p->pack + 8) != p->count)
		return PACK_CORRUPT(p, err, "The pack holds %u objects but its index lists %u.",
			get_be32(p->pack + 8), p->count);

	/* Catches a pack truncated, extended or replaced under its index. */
	if (memcmp(p->pack + p->pack_size - STORE_OID_RAWSZ,
		    p->idx + p->idx_size - 2 * STORE_OID_RAWSZ, STORE_OID_RAWSZ) != 0)
		return PACK_CORRUPT(p, err,
			"The checksum at the end of the pack differs from the one in its index.");
	return STORE_OK;
}

store_pack *store_pack_open(const char *pack_dir, const char *name, store_err *err)
{
	store_pack *p = calloc(1, sizeof(*p));

	if (p == NULL) {
		out_of_memory(err, sizeof(*p));
		return NULL;
	}
	if (asprintf(&p->pack_path, "%s/%s.pack", pack_dir, name) < 0 ||
		asprintf(&p->idx_path, "%s/%s.idx", pack_dir, name) < 0 ||
		(p->name = strdup(name)) == NULL) {
		out_of_memory(err, strlen(pack_dir) + strlen(name) + 8);
		goto fail;
	}
	if (map_file(p->idx_path, &p->idx, &p->idx_size, err) != STORE_OK ||
		map_file(p->pack_path, &p->pack, &p->pack_size, err) != STORE_OK ||
		check_idx(p, err) != STORE_OK || check_pack(p, err) != STORE_OK)
		goto fail;
	return p;

fail:
	store_pack_close(p);
	return NULL;
}

void store_pack_close(store_pack *p)
{
	if (p == NULL)
		return;
	if (p->pack != NULL)
		munmap((void *)p->pack, p->pack_size);
	if (p->idx != NULL)
		munmap((void *)p->idx, p->idx_size);
	free(p->pack_path);
	free(p->idx_path);
	free(p->name);
	free(p);
}

const char *store_pack_name(const store_pack *p)
{
	return p->name;
}

uint32_t store_pack_count(const store_pack *p)
{
	return p->count;
}

void store_pack_oid_at(const store_pack *p, uint32_t i, store_oid *out)
{
	assert(i < p->count);
	memcpy(out->id, oid_ptr(p, i), STORE_OID_RAWSZ);
}

/* First position in [lo, hi) whose id is >= key. */
static uint32_t lower_bound(const store_pack *p, const store_oid *key, uint32_t lo, uint32_t hi)
{
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (memcmp(oid_ptr(p, mid), key->id, STORE_OID_RAWSZ) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Position of oid in the index, or -1. */
static int64_t pack_find(const store_pack *p, const store_oid *oid)
{
	uint32_t hi = fanout_at(p, oid->id[0]);
	uint32_t i = lower_bound(p, oid, fanout_at(p, oid->id[0] - 1), hi);

	if (i < hi && memcmp(oid_ptr(p, i), oid->id, STORE_OID_RAWSZ) == 0)
		return i;
	return -1;
}

int store_pack_has(const store_pack *p, const store_oid *oid)
{
	return pack_find(p, oid) >= 0;
}

/* Offset of the i-th object, checked to fall inside the pack's entries. */
static int pack_offset(const store_pack *p, uint32_t i, uint64_t *off, store_err *err)
{
	uint32_t v = get_be32(p->offs + 4 * (size_t)i);
	const char *why = NULL;

	*off = v;
	if (v & IDX_LARGE_OFFSET) {
		v &= ~IDX_LARGE_OFFSET;
		if (v < p->nlarge)
			*off = get_be64(p->large + 8 * (size_t)v);
		else
			why = "an entry missing from the 64-bit offset table";
	}
	if (why == NULL && (*off < PACK_HDR_SZ || *off >= p->pack_size - STORE_OID_RAWSZ))
		why = "an offset outside the pack";
	if (why != NULL) {
		char hex[STORE_OID_HEXSZ + 1];
		store_oid oid;

		store_pack_oid_at(p, i, &oid);
		store_oid_fmt(hex, &oid);
		return IDX_CORRUPT(p, err, "Object %s has %s.", hex, why);
	}
	return STORE_OK;
}

/* Decode the header of the entry at off (known to lie inside the pack). */
static int pack_entry_parse(const store_pack *p, uint64_t off, pack_entry *e, store_err *err)
{
	const unsigned char *pk = p->pack;
	uint64_t end = p->pack_size - STORE_OID_RAWSZ;
	uint64_t pos = off;
	unsigned c = pk[pos++];
	unsigned shift = 4;

	/* Type and size: 3 + 4 bits, then 7 bits a byte while the top bit is set. */
	e->off = off;
	e->type = c >> 4 & 7;
	e->size = c & 15;
	while (c & 0x80) {
		if (pos >= end || shift > 57)
			return PACK_CORRUPT(p, err,
				"The header of the entry at offset %llu is malformed.",
				(unsigned long long)off);
		c = pk[pos++];
		e->size |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	}

	switch (e->type) {
	case STORE_OBJ_COMMIT:
	case STORE_OBJ_TREE:
	case STORE_OBJ_BLOB:
	case STORE_OBJ_TAG:
		break;

	case PACK_OBJ_OFS_DELTA: {
		/* A distance back to the base, in git's offset varint (+1 a byte). */
		uint64_t rel;

		if (pos >= end)
			return PACK_CORRUPT(p, err, "The delta at offset %llu is truncated.",
				(unsigned long long)off);
		c = pk[pos++];
		rel = c & 0x7f;
		while (c & 0x80) {
			if (pos >= end || rel >= (UINT64_C(1) << 56))
				return PACK_CORRUPT(p, err,
					"The base offset of the delta at offset %llu is malformed.",
					(unsigned long long)off);
			c = pk[pos++];
			rel = (rel + 1) << 7 | (c & 0x7f);
		}
		if (rel == 0 || rel > off - PACK_HDR_SZ)
			return PACK_CORRUPT(p, err,
				"The delta at offset %llu has its base outside the pack.",
				(unsigned long long)off);
		e->base = off - rel;
		break;
	}

	case PACK_OBJ_REF_DELTA: {
		/* The base by id; this reader takes it from the same pack only. */
		store_oid base;
		int64_t i;
		char hex[STORE_OID_HEXSZ + 1];

		if (end - pos < STORE_OID_RAWSZ)
			return PACK_CORRUPT(p, err, "The delta at offset %llu is truncated.",
				(unsigned long long)off);
		memcpy(base.id, pk + pos, STORE_OID_RAWSZ);
		pos += STORE_OID_RAWSZ;
		i = pack_find(p, &base);
		if (i < 0) {
			store_oid_fmt(hex, &base);
			return PACK_CORRUPT(p, err,
				"The base %s of the delta at offset %llu is not in the pack.", hex,
				(unsigned long long)off);
		}
		if (pack_offset(p, (uint32_t)i, &e->base, err) != STORE_OK)
			return STORE_ERROR;
		break;
	}

	default:
		return PACK_CORRUPT(p, err, "The entry at offset %llu has the invalid type %d.",
			(unsigned long long)off, e->type);
	}

	if (pos >= end)
		return PACK_CORRUPT(
			p, err, "The entry at offset %llu is truncated.", (unsigned long long)off);
	e->data = pos;
	return STORE_OK;
}

/* Inflate the data of an entry into a malloc'd buffer of e->size + 1 bytes. */
static int pack_inflate(
	const store_pack *p, z_stream *zs, const pack_entry *e, unsigned char **out, store_err *err)
{
	size_t in_left = p->pack_size - STORE_OID_RAWSZ - e->data;
	size_t got = 0;
	const char *why = NULL;
	unsigned char *buf;
	int ret;

	if (e->size >= SIZE_MAX || e->size / MAX_DEFLATE_RATIO > in_left)
		return PACK_CORRUPT(p, err,
			"The entry at offset %llu claims %llu bytes, more than the rest of the pack can hold.",
			(unsigned long long)e->off, (unsigned long long)e->size);
	buf = malloc(e->size + 1);
	if (buf == NULL)
		return out_of_memory(err, e->size + 1);
	if (inflateReset(zs) != Z_OK) {
		free(buf);
		return store_err_set(err, "XX000", "could not reset the zlib stream");
	}
	zs->next_in = p->pack + e->data;

	/* One byte of room past the size tells "too long" from "exact". */
	ret = inflate_run(zs, &in_left, buf, e->size + 1, &got, &why);
	if (ret == 1 && got == e->size) {
		buf[got] = '\0';
		*out = buf;
		return STORE_OK;
	}
	free(buf);
	if (ret == -2)
		return out_of_memory(err, 32768);
	if (ret < 0)
		return PACK_CORRUPT(p, err, "The entry at offset %llu has bad compressed data: %s.",
			(unsigned long long)e->off, why);
	return PACK_CORRUPT(p, err,
		"The entry at offset %llu inflates to %s than the %llu bytes it declares.",
		(unsigned long long)e->off, ret == 0 ? "more" : "fewer",
		(unsigned long long)e->size);
}

/* Apply one delta entry's data to base; *out is malloc'd with a NUL past *out_len. */
static int delta_apply(const store_pack *p, const pack_entry *e, const unsigned char *base,
	size_t base_len, const unsigned char *delta, unsigned char **out, size_t *out_len,
	store_err *err)
{
	const char *why = store_delta_apply(base, base_len, delta, e->size, out, out_len);

	if (why != NULL && strcmp(why, STORE_DELTA_NOMEM) == 0)
		return out_of_memory(err, base_len);
	if (why != NULL)
		return PACK_CORRUPT(p, err, "The delta at offset %llu cannot be applied: %s.",
			(unsigned long long)e->off, why);
	return STORE_OK;
}

/* Read the object whose entry starts at off, following its delta chain. */
static int pack_read_at(const store_pack *p, uint64_t off, store_objtype *type,
	unsigned char **data, size_t *len, store_err *err)
{
	pack_entry chain_small[16], *chain = chain_small, e;
	size_t depth = 0, cap = sizeof(chain_small) / sizeof(chain_small[0]);
	z_stream zs;
	unsigned char *buf = NULL;
	size_t buf_len;
	int ret = STORE_ERROR;

	/* Walk down to the entry that is not a delta, remembering the way. */
	for (;;) {
		if (pack_entry_parse(p, off, &e, err) != STORE_OK)
			goto out;
		if (e.type != PACK_OBJ_OFS_DELTA && e.type != PACK_OBJ_REF_DELTA)
			break;
		if (depth == MAX_DELTA_DEPTH) {
			PACK_CORRUPT(p, err,
				"The delta chain at offset %llu is longer than %d entries.",
				(unsigned long long)chain[0].off, MAX_DELTA_DEPTH);
			goto out;
		}
		if (depth == cap) {
			pack_entry *grown = malloc(2 * cap * sizeof(*grown));

			if (grown == NULL) {
				out_of_memory(err, 2 * cap * sizeof(*grown));
				goto out;
			}
			memcpy(grown, chain, depth * sizeof(*chain));
			if (chain != chain_small)
				free(chain);
			chain = grown;
			cap *= 2;
		}
		chain[depth++] = e;
		off = e.base;
	}

	/* Inflate the base, then apply the deltas from the innermost out. */
	memset(&zs, 0, sizeof(zs));
	if (inflateInit(&zs) != Z_OK) {
		out_of_memory(err, sizeof(zs));
		goto out;
	}
	if (pack_inflate(p, &zs, &e, &buf, err) != STORE_OK)
		goto out_zs;
	buf_len = e.size;
	while (depth > 0) {
		const pack_entry *d = &chain[--depth];
		unsigned char *delta, *next = NULL;
		int r;

		if (pack_inflate(p, &zs, d, &delta, err) != STORE_OK)
			goto out_zs;
		r = delta_apply(p, d, buf, buf_len, delta, &next, &buf_len, err);
		free(delta);
		if (r != STORE_OK)
			goto out_zs;
		free(buf);
		buf = next;
	}
	*type = (store_objtype)e.type;
	*data = buf;
	*len = buf_len;
	buf = NULL;
	ret = STORE_OK;

out_zs:
	inflateEnd(&zs);
out:
	free(buf);
	if (chain != chain_small)
		free(chain);
	return ret;
}

int store_pack_read(const store_pack *p, const store_oid *oid, store_objtype *type,
	unsigned char **data, size_t *len, store_err *err)
{
	int64_t i = pack_find(p, oid);
	uint64_t off;

	if (i < 0)
		return STORE_NOTFOUND;
	if (pack_offset(p, (uint32_t)i, &off, err) != STORE_OK)
		return STORE_ERROR;
	return pack_read_at(p, off, type, data, len, err);
}

uint64_t store_pack_size(const store_pack *p)
{
	return p->pack_size;
}

/* ---- Merging ---- */

typedef struct ordent {
	uint64_t off;
	uint32_t pos; /* in the index */
} ordent;

static int ordent_cmp(const void *a, const void *b)
{
	const ordent *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* Position in ord (sorted by offset) of the entry at off, or -1. */
static int64_t ord_find(const ordent *ord, size_t n, uint64_t off)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ord[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && ord[lo].off == off ? (int64_t)lo : -1;
}

/* Write an object whole (depth 0): for a delta whose chain would grow too long. */
static int packw_put_whole(store_packw *w, const store_pack *src, uint64_t off, store_err *err)
{
	store_objtype type;
	unsigned char *data, hdr[16];
	size_t len, hlen;
	int r = pack_read_at(src, off, &type, &data, &len, err);

	if (r != STORE_OK)
		return r;
	hlen = entry_header(hdr, type, len);
	r = packw_put(w, hdr, hlen, err);
	if (r == STORE_OK)
		r = packw_data(w, data, len, err);
	free(data);
	return r;
}

int store_packw_add_pack(store_packw *w, const store_pack *src, int recompress, store_err *err)
{
	size_t n = src->count;
	const unsigned char *crcs = src->oids + n * STORE_OID_RAWSZ;
	ordent *ord = malloc((n ? n : 1) * sizeof(*ord));
	uint32_t *newent = malloc((n ? n : 1) * sizeof(*newent));
	z_stream zs;
	int zs_ready = 0, r = STORE_OK;

	if (ord == NULL || newent == NULL) {
		free(ord);
		free(newent);
		return out_of_memory(err, n * (sizeof(*ord) + sizeof(*newent)));
	}

	/* Entries in the order they are stored: a delta comes after its OFS base. */
	for (size_t i = 0; i < n && r == STORE_OK; i++) {
		ord[i].pos = (uint32_t)i;
		r = pack_offset(src, (uint32_t)i, &ord[i].off, err);
	}
	if (r == STORE_OK)
		qsort(ord, n, sizeof(*ord), ordent_cmp);

	for (size_t k = 0; k < n && r == STORE_OK; k++) {
		uint64_t end = k + 1 < n ? ord[k + 1].off : src->pack_size - STORE_OID_RAWSZ;
		const unsigned char *raw = src->pack + ord[k].off;
		int depth = 0, whole = 0;
		uint32_t slot, base = UINT32_MAX;
		unsigned char hdr[32];
		size_t hlen;
		store_oid oid;
		pack_entry e;

		/* A copy of an object the pack has already stands for it. */
		store_pack_oid_at(src, ord[k].pos, &oid);
		slot = *packw_slot(w, &oid);
		if (slot != 0) {
			newent[k] = slot - 1;
			continue;
		}

		/* The bytes must be what the index vouches for before they get a new checksum. */
		if (crc32_z(0, raw, (z_size_t)(end - ord[k].off)) !=
			get_be32(crcs + 4 * (size_t)ord[k].pos)) {
			char hex[STORE_OID_HEXSZ + 1];

			store_oid_fmt(hex, &oid);
			r = PACK_CORRUPT(src, err,
				"The entry of %s at offset %llu does not match its CRC.", hex,
				(unsigned long long)ord[k].off);
			break;
		}
		if ((r = pack_entry_parse(src, ord[k].off, &e, err)) != STORE_OK)
			break;

		/*
		 * Where a delta's base now is, and how deep its chain gets: the
		 * copy standing for a duplicate may sit deeper than the base it
		 * replaces, so chains grow across merges unless cut here.  A
		 * REF_DELTA whose base comes later counts as deep.
		 */
		if (e.type == PACK_OBJ_OFS_DELTA) {
			int64_t b = ord_find(ord, k, e.base);

			if (b < 0) {
				r = PACK_CORRUPT(src, err,
					"The delta at offset %llu has no entry at its base offset.",
					(unsigned long long)e.off);
				break;
			}
			base = newent[b];
			depth = w->ents[base].depth + 1;
		} else if (e.type == PACK_OBJ_REF_DELTA) {
			store_oid boid;

			memcpy(boid.id, raw + (e.data - ord[k].off) - STORE_OID_RAWSZ,
				STORE_OID_RAWSZ);
			slot = *packw_slot(w, &boid);
			depth = slot != 0 ? w->ents[slot - 1].depth + 1 : STORE_PACK_MAX_DEPTH;
		}
		whole = depth > STORE_PACK_MAX_DEPTH;

		if ((r = packw_begin(w, &oid, err)) <= 0) {
			r = STORE_ERROR;
			break;
		}
		newent[k] = (uint32_t)w->nents;
		if (whole) {
			r = packw_put_whole(w, src, ord[k].off, err);
			if (r == STORE_OK)
				packw_end(w, 0);
			continue;
		}
		if (e.type == PACK_OBJ_OFS_DELTA) {
			/* Same entry, with the distance to where its base now is. */
			hlen = entry_header(hdr, PACK_OBJ_OFS_DELTA, e.size);
			hlen += ofs_encode(
				hdr + hlen, w->ents[w->nents].offset - w->ents[base].offset);
			r = packw_put(w, hdr, hlen, err);
		} else {
			r = packw_put(w, raw, e.data - ord[k].off, err);
		}

		/* The data as stored, or inflated and deflated again at the writer's level. */
		if (r == STORE_OK && !recompress) {
			r = packw_put(w, src->pack + e.data, end - e.data, err);
		} else if (r == STORE_OK) {
			unsigned char *data;

			if (zs_ready == 0) {
				memset(&zs, 0, sizeof(zs));
				if (inflateInit(&zs) != Z_OK) {
					r = out_of_memory(err, sizeof(zs));
					break;
				}
				zs_ready = 1;
			}
			r = pack_inflate(src, &zs, &e, &data, err);
			if (r == STORE_OK) {
				r = packw_data(w, data, e.size, err);
				free(data);
			}
		}
		if (r == STORE_OK)
			packw_end(w, depth);
	}
	if (zs_ready)
		inflateEnd(&zs);
	free(ord);
	free(newent);
	return r;
}

/*
 * The prefix with every digit past nhex cleared, and the range of first
 * bytes it allows: one byte, or sixteen when only one digit is given.
 */
static void prefix_range(
	const store_oid *prefix, size_t nhex, store_oid *key, int *first, int *last)
{
	assert(nhex >= 1 && nhex <= STORE_OID_HEXSZ);
	memset(key, 0, sizeof(*key));
	memcpy(key->id, prefix->id, (nhex + 1) / 2);
	if (nhex % 2)
		key->id[nhex / 2] &= 0xf0;
	*first = key->id[0];
	*last = nhex == 1 ? *first | 0x0f : *first;
}

void store_pack_find_prefix(
	const store_pack *p, const store_oid *prefix, size_t nhex, store_oid *out, int *nfound)
{
	store_oid key;
	int first, last;
	uint32_t hi, i;

	prefix_range(prefix, nhex, &key, &first, &last);
	hi = fanout_at(p, last);
	i = lower_bound(p, &key, fanout_at(p, first - 1), hi);

	/* Matches are contiguous from the lower bound; two settle ambiguity. */
	*nfound = 0;
	memset(out, 0, sizeof(*out));
	for (; i < hi && *nfound < 2; i++) {
		store_oid id;

		memcpy(id.id, oid_ptr(p, i), STORE_OID_RAWSZ);
		if (!store_oid_prefix_match(&id, &key, nhex))
			break;
		if (*nfound == 0)
			*out = id;
		(*nfound)++;
	}
}

/* ---- Loose objects ---- */

#define LOOSE_CORRUPT(path, err, ...) corrupt(err, "loose object", path, __VA_ARGS__)

/* Parse "<type> <size>" (no leading zeros, as git insists); -1 when malformed. */
static int loose_header(const unsigned char *hdr, size_t len, store_objtype *type, uint64_t *size)
{
	const unsigned char *sp = memchr(hdr, ' ', len);
	const unsigned char *p, *end = hdr + len;

	if (sp == NULL)
		return -1;
	*type = store_objtype_parse((const char *)hdr, (size_t)(sp - hdr));
	p = sp + 1;
	if (*type == STORE_OBJ_NONE || p == end || (*p == '0' && p + 1 != end))
		return -1;
	*size = 0;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9' || *size > (UINT64_MAX - 9) / 10)
			return -1;
		*size = *size * 10 + (uint64_t)(*p - '0');
	}
	return 0;
}

/* Inflate and check a loose object file held in raw[0..raw_len). */
static int loose_inflate(const char *path, const unsigned char *raw, size_t raw_len,
	store_objtype *type, unsigned char **data, size_t *len, store_err *err)
{
	unsigned char hdr[LOOSE_HDR_MAX], *buf = NULL, *nul;
	size_t in_left = raw_len, got = 0, hlen, have;
	uint64_t size;
	const char *why = NULL;
	z_stream zs;
	int ret;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit(&zs) != Z_OK)
		return out_of_memory(err, sizeof(zs));
	zs.next_in = raw;

	/* The header comes first; what follows it in hdr is data. */
	ret = inflate_run(&zs, &in_left, hdr, sizeof(hdr), &got, &why);
	if (ret < 0)
		goto bad_stream;
	nul = memchr(hdr, '\0', got);
	if (nul == NULL || loose_header(hdr, (size_t)(nul - hdr), type, &size) < 0) {
		LOOSE_CORRUPT(path, err,
			"The object does not start with a valid \"<type> <size>\" header.");
		goto out;
	}
	hlen = (size_t)(nul - hdr) + 1;
	have = got - hlen;
	if (size >= SIZE_MAX || size / MAX_DEFLATE_RATIO > raw_len || have > size) {
		LOOSE_CORRUPT(path, err,
			"The header declares %llu bytes, which the file cannot hold.",
			(unsigned long long)size);
		goto out;
	}
	buf = malloc(size + 1);
	if (buf == NULL) {
		out_of_memory(err, size + 1);
		goto out;
	}
	memcpy(buf, hdr + hlen, have);

	/* The rest of the data, with one byte of room to notice excess. */
	if (ret == 0) {
		ret = inflate_run(&zs, &in_left, buf + have, size + 1 - have, &got, &why);
		if (ret < 0)
			goto bad_stream;
		have += got;
	}
	if (ret == 0 || have != size) {
		LOOSE_CORRUPT(path, err,
			"The object inflates to %s than the %llu bytes its header declares.",
			ret == 0 ? "more" : "fewer", (unsigned long long)size);
		goto out;
	}
	if (in_left != 0) {
		LOOSE_CORRUPT(path, err,
			"The file has %zu bytes of garbage after the compressed object.", in_left);
		goto out;
	}
	buf[size] = '\0';
	*data = buf;
	*len = size;
	buf = NULL;
	inflateEnd(&zs);
	return STORE_OK;

bad_stream:
	if (ret == -2)
		out_of_memory(err, 32768);
	else
		LOOSE_CORRUPT(path, err, "The compressed data is bad: %s.", why);
out:
	free(buf);
	inflateEnd(&zs);
	return STORE_ERROR;
}

int store_loose_read(const char *objects_dir, const store_oid *oid, store_objtype *type,
	unsigned char **data, size_t *len, store_err *err)
{
	char hex[STORE_OID_HEXSZ + 1], *path;
	unsigned char *raw;
	struct stat st;
	int fd, ret;

	store_oid_fmt(hex, oid);
	if (asprintf(&path, "%s/%.2s/%s", objects_dir, hex, hex + 2) < 0)
		return out_of_memory(err, strlen(objects_dir) + sizeof(hex) + 2);

	/* Absent is the common answer when packs are searched first. */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = errno == ENOENT ? STORE_NOTFOUND : file_error(err, "open", path);
		free(path);
		return ret;
	}
	if (fstat(fd, &st) < 0) {
		ret = file_error(err, "stat", path);
		goto out;
	}

	/* Loose objects are small: read the file whole. */
	raw = malloc(st.st_size > 0 ? (size_t)st.st_size : 1);
	if (raw == NULL) {
		ret = out_of_memory(err, (uint64_t)st.st_size);
		goto out;
	}
	if (read_all(fd, raw, (size_t)st.st_size) < 0)
		ret = file_error(err, "read", path);
	else
		ret = loose_inflate(path, raw, (size_t)st.st_size, type, data, len, err);
	free(raw);
out:
	close(fd);
	free(path);
	return ret;
}

/*
 * Call fn for every loose object whose first byte is in [first, last]:
 * files objects_dir/xx/<38 hex digits>.  fn returns 0 to go on; anything
 * else stops the scan and is returned.
 */
static int loose_scan(const char *objects_dir, int first, int last,
	int (*fn)(void *arg, const store_oid *id), void *arg)
{
	static const char digits[] = "0123456789abcdef";
	int r = 0;

	for (int b = first; b <= last && r == 0; b++) {
		char dir[4096];
		DIR *d;
		struct dirent *de;

		snprintf(dir, sizeof(dir), "%s/%02x", objects_dir, b);
		d = opendir(dir);
		if (d == NULL)
			continue;
		while (r == 0 && (de = readdir(d)) != NULL) {
			char hex[STORE_OID_HEXSZ];
			store_oid id;

			if (strlen(de->d_name) != STORE_OID_HEXSZ - 2)
				continue;
			hex[0] = digits[b >> 4];
			hex[1] = digits[b & 15];
			memcpy(hex + 2, de->d_name, STORE_OID_HEXSZ - 2);
			if (store_oid_parse(&id, hex, STORE_OID_HEXSZ) == 0)
				r = fn(arg, &id);
		}
		closedir(d);
	}
	return r;
}

typedef struct prefix_search {
	store_oid key, *out;
	size_t nhex;
	int *nfound;
} prefix_search;

static int prefix_visit(void *arg, const store_oid *id)
{
	prefix_search *ps = arg;

	/* Keep the smallest match, the "first match" a pack would give. */
	if (!store_oid_prefix_match(id, &ps->key, ps->nhex))
		return 0;
	if (*ps->nfound == 0 || store_oid_cmp(id, ps->out) < 0)
		*ps->out = *id;
	if (*ps->nfound < 2)
		(*ps->nfound)++;
	return 0;
}

void store_loose_find_prefix(
	const char *objects_dir, const store_oid *prefix, size_t nhex, store_oid *out, int *nfound)
{
	prefix_search ps = {.out = out, .nhex = nhex, .nfound = nfound};
	int first, last;

	prefix_range(prefix, nhex, &ps.key, &first, &last);
	*nfound = 0;
	memset(out, 0, sizeof(*out));
	loose_scan(objects_dir, first, last, prefix_visit, &ps);
}

typedef struct id_list {
	store_oid *v;
	size_t n, cap;
} id_list;

static int list_visit(void *arg, const store_oid *id)
{
	id_list *l = arg;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		store_oid *grown = realloc(l->v, cap * sizeof(*grown));

		if (grown == NULL)
			return -1;
		l->v = grown;
		l->cap = cap;
	}
	l->v[l->n++] = *id;
	return 0;
}

int store_loose_list(const char *objects_dir, store_oid **out, size_t *n, store_err *err)
{
	id_list l = {NULL, 0, 0};

	if (loose_scan(objects_dir, 0, 255, list_visit, &l) != 0) {
		free(l.v);
		*out = NULL;
		*n = 0;
		return out_of_memory(err, 2 * l.cap * sizeof(*l.v));
	}
	*out = l.v;
	*n = l.n;
	return STORE_OK;
}
