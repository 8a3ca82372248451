/*
 * basic.h - what basic.c shares with the other type modules and the
 * registry: the hash functions every type's `hash` is built from, so
 * that values which compare equal across types (int4 = int8, float4 =
 * float8, text = name) hash alike and one hash table can serve a
 * cross-type join; and the small helpers every input function needs.
 *
 * The hashes are for memory only: they depend on the byte order of the
 * machine and are never written to disk.
 */
#ifndef CHRONDB_EXECUTOR_BASIC_H
#define CHRONDB_EXECUTOR_BASIC_H

#include <stddef.h>
#include <stdint.h>

#include "func.h"

/* A well-mixed hash of an integer (every integer type hashes its value). */
static inline uint64_t exec_hash_u64(uint64_t x)
{
	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 33;
	x *= UINT64_C(0xc4ceb9fe1a85ec53);
	x ^= x >> 33;
	return x;
}

/* A hash of n bytes (p may be NULL when n is 0). */
uint64_t exec_hash_bytes(const void *p, size_t n);

/* The hash of a double as float4 and float8 share it: -0 as 0, every NaN alike. */
uint64_t exec_hash_double(double d);

/* 22P02 'invalid input syntax for type <tname>: "<text>"'; returns EXEC_ERROR. */
int exec_err_syntax(exec_ctx *cx, const char *tname, const char *text, size_t len);

/* A string value of the type with a copy of p[0..n) in cx's arena (NUL after it). */
static inline exec_value exec_text_dup(exec_ctx *cx, exec_oid type, const char *p, size_t n)
{
	return exec_text(type, sql_arena_strndup(cx->arena, p != NULL ? p : "", n), n);
}

/*
 * Rows of func.h's tables, types named without their EXEC_OID_ prefix:
 * EXEC_OPER_ROW("+", INT4, INT4, INT4, int_pl, 551, NULL, false).  A
 * function row is strict and immutable; the argument list is one of
 * EXEC_ARGS1..4, used directly (a macro passing it on would see its
 * commas).
 */
#define EXEC_NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define EXEC_ARGS1(a)                                                                              \
	{                                                                                          \
		EXEC_OID_##a                                                                       \
	}
#define EXEC_ARGS2(a, b)                                                                           \
	{                                                                                          \
		EXEC_OID_##a, EXEC_OID_##b                                                         \
	}
#define EXEC_ARGS3(a, b, c)                                                                        \
	{                                                                                          \
		EXEC_OID_##a, EXEC_OID_##b, EXEC_OID_##c                                           \
	}
#define EXEC_ARGS4(a, b, c, d)                                                                     \
	{                                                                                          \
		EXEC_OID_##a, EXEC_OID_##b, EXEC_OID_##c, EXEC_OID_##d                             \
	}
#define EXEC_TYPE_ROW(oid, name, sql_name, cat, pref, len, array, in, out, cmp, hash, coerce)      \
	{                                                                                          \
		EXEC_OID_##oid, name, sql_name, cat, pref, len, 0, array, in, out, cmp, hash,      \
			coerce                                                                     \
	}
#define EXEC_CAST_ROW(from, to, cc, fn)                                                            \
	{                                                                                          \
		EXEC_OID_##from, EXEC_OID_##to, EXEC_CAST_##cc, fn                                 \
	}
#define EXEC_OPER_ROW(name, l, r, res, fn, oid, neg, hash)                                         \
	{                                                                                          \
		name, EXEC_OID_##l, EXEC_OID_##r, EXEC_OID_##res, fn, oid, neg, hash               \
	}
#define EXEC_FUNC_ROW(name, res, nargs, args, fn, oid)                                             \
	{                                                                                          \
		name, EXEC_OID_##res, nargs, args, false, true, 'i', fn, oid                       \
	}

/*
 * The six comparison operators of a type family (family_eq ... family_ge,
 * static exec_fn functions) from its three-way order cmp.
 */
#define EXEC_CMP_OPERATORS(family, cmp)                                                            \
	static int family##_eq(exec_ctx *cx, const exec_value *a, int n, exec_value *out)          \
	{                                                                                          \
		*out = exec_bool(cmp(&a[0], &a[1]) == 0);                                          \
		return EXEC_OK;                                                                    \
	}                                                                                          \
	static int family##_ne(exec_ctx *cx, const exec_value *a, int n, exec_value *out)          \
	{                                                                                          \
		*out = exec_bool(cmp(&a[0], &a[1]) != 0);                                          \
		return EXEC_OK;                                                                    \
	}                                                                                          \
	static int family##_lt(exec_ctx *cx, const exec_value *a, int n, exec_value *out)          \
	{                                                                                          \
		*out = exec_bool(cmp(&a[0], &a[1]) < 0);                                           \
		return EXEC_OK;                                                                    \
	}                                                                                          \
	static int family##_le(exec_ctx *cx, const exec_value *a, int n, exec_value *out)          \
	{                                                                                          \
		*out = exec_bool(cmp(&a[0], &a[1]) <= 0);                                          \
		return EXEC_OK;                                                                    \
	}                                                                                          \
	static int family##_gt(exec_ctx *cx, const exec_value *a, int n, exec_value *out)          \
	{                                                                                          \
		*out = exec_bool(cmp(&a[0], &a[1]) > 0);                                           \
		return EXEC_OK;                                                                    \
	}                                                                                          \
	static int family##_ge(exec_ctx *cx, const exec_value *a, int n, exec_value *out)          \
	{                                                                                          \
		*out = exec_bool(cmp(&a[0], &a[1]) >= 0);                                          \
		return EXEC_OK;                                                                    \
	}

#endif
