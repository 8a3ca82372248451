/*
 * oid.c - object ids and hashing (see oid.h).
 */
#include "oid.h"
#include "buf.h"

#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>
#include <stdio.h>

static const char *const type_names[] = {
	[STORE_OBJ_COMMIT] = "commit",
	[STORE_OBJ_TREE] = "tree",
	[STORE_OBJ_BLOB] = "blob",
	[STORE_OBJ_TAG] = "tag",
};

const char *store_objtype_name(store_objtype type)
{
	if (type < STORE_OBJ_COMMIT || type > STORE_OBJ_TAG)
		return NULL;
	return type_names[type];
}

store_objtype store_objtype_parse(const char *name, size_t len)
{
	for (int t = STORE_OBJ_COMMIT; t <= STORE_OBJ_TAG; t++) {
		if (strlen(type_names[t]) == len && memcmp(type_names[t], name, len) == 0)
			return (store_objtype)t;
	}
	return STORE_OBJ_NONE;
}

void store_oid_fmt(char out[STORE_OID_HEXSZ + 1], const store_oid *oid)
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < STORE_OID_RAWSZ; i++) {
		out[2 * i] = hex[oid->id[i] >> 4];
		out[2 * i + 1] = hex[oid->id[i] & 15];
	}
	out[STORE_OID_HEXSZ] = '\0';
}

int store_oid_parse_prefix(store_oid *out, const char *hex, size_t len)
{
	if (len == 0 || len > STORE_OID_HEXSZ)
		return -1;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < len; i++) {
		int v = store_hexval(hex[i]);

		if (v < 0)
			return -1;
		out->id[i / 2] |= (unsigned char)(i % 2 ? v : v << 4);
	}
	return 0;
}

int store_oid_parse(store_oid *out, const char *hex, size_t len)
{
	if (len != STORE_OID_HEXSZ)
		return -1;
	return store_oid_parse_prefix(out, hex, len);
}

int store_oid_prefix_match(const store_oid *a, const store_oid *prefix, size_t nhex)
{
	size_t full = nhex / 2;

	if (memcmp(a->id, prefix->id, full) != 0)
		return 0;
	if (nhex % 2)
		return (a->id[full] & 0xf0) == (prefix->id[full] & 0xf0);
	return 1;
}

void store_oid_hash_object(store_oid *out, store_objtype type, const void *data, size_t len)
{
	SHA_CTX ctx;
	char hdr[32], digits[24];
	const char *name = store_objtype_name(type);
	size_t n = strlen(name), d = sizeof(digits), v = len;

	/* "<type> <decimal length>\0", the header git hashes before the content. */
	do {
		digits[--d] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	memcpy(hdr, name, n);
	hdr[n++] = ' ';
	memcpy(hdr + n, digits + d, sizeof(digits) - d);
	n += sizeof(digits) - d;
	hdr[n++] = '\0';

	SHA1_Init(&ctx);
	SHA1_Update(&ctx, hdr, n);
	SHA1_Update(&ctx, data, len);
	SHA1_Final(out->id, &ctx);
}
