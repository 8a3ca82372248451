/*
 * numeric.h - the numeric type (OID 1700): arbitrary precision decimal
 * numbers as PostgreSQL stores and prints them, and the helpers other
 * type modules use to build, convert, compare and print them.
 *
 * Representation.  A numeric is PostgreSQL's: a sign word, a weight, a
 * display scale and base-10000 digits, most significant first.  The value
 * is
 *
 *     sum(digits[i] * 10000^(weight - i))   for i in [0, ndigits)
 *
 * negated when sign is EXEC_NUMERIC_NEG.  digits[] has no leading or
 * trailing zero digit, and zero has no digits at all (and sign POS), so
 * equal values have equal digits whatever their scale: 1.0 and 1.00
 * differ only in dscale, the number of decimal digits printed after the
 * point.  The special values NaN, +Infinity and -Infinity carry no
 * digits; their sign words are PostgreSQL's wire values, so the binary
 * format (int16 ndigits, int16 weight, uint16 sign, uint16 dscale, then
 * the digits) is a field-by-field copy.
 *
 * A numeric is built once, in an arena (the statement's, normally), and
 * never changed afterwards: values share them freely.
 *
 * Limits are PostgreSQL's: up to 131072 digits before the decimal point
 * (weight <= 32767) and 16383 after it (dscale <= 16383); a result past
 * them is 22003 "value overflows numeric format".
 */
#ifndef CHRONDB_EXECUTOR_NUMERIC_H
#define CHRONDB_EXECUTOR_NUMERIC_H

#include <stdint.h>

#include "func.h"

/* Sign words, as PostgreSQL sends them in the binary format. */
enum {
	EXEC_NUMERIC_POS = 0x0000,
	EXEC_NUMERIC_NEG = 0x4000,
	EXEC_NUMERIC_NAN = 0xC000,
	EXEC_NUMERIC_PINF = 0xD000,
	EXEC_NUMERIC_NINF = 0xF000,
};

#define EXEC_NUMERIC_NBASE      10000
#define EXEC_NUMERIC_DEC_DIGITS 4 /* decimal digits per base-10000 digit */

struct exec_numeric {
	uint16_t sign;    /* EXEC_NUMERIC_POS, _NEG, _NAN, _PINF or _NINF */
	int16_t weight;   /* weight of digits[0] in base 10000 */
	uint16_t dscale;  /* decimal digits shown after the point */
	uint16_t ndigits; /* 0 for zero and the special values */
	int16_t digits[]; /* each in [0, 9999] */
};

/* A numeric value wrapping n (borrowed: n must live as long as the value). */
static inline exec_value exec_numeric_value(const exec_numeric *n)
{
	exec_value v;

	v.type = EXEC_OID_NUMERIC;
	v.isnull = false;
	v.v.num = n;
	return v;
}

/* i exactly, scale 0, in arena a. */
const exec_numeric *exec_numeric_from_int64(sql_arena *a, int64_t i);

/* i / 10^scale exactly with display scale `scale` (0..16383): 1234, 2 -> 12.34. */
const exec_numeric *exec_numeric_from_int64_scaled(sql_arena *a, int64_t i, int scale);

/*
 * The numeric of PostgreSQL's binary fields, as numeric_recv builds it:
 * sign one of the sign words (a special one ignores the rest), digits
 * each in [0, 9999], those past dscale (at most 16383) truncated away,
 * zeros at either end stripped; 22003 past the limits.
 */
int exec_numeric_from_digits(sql_arena *a, uint16_t sign, int16_t weight, uint16_t dscale,
	const int16_t *digits, int ndigits, const exec_numeric **out, store_err *err);

/*
 * d as PostgreSQL's float8 -> numeric cast gives it: rounded to 15
 * significant digits (6 when as_float4), NaN and the infinities kept.
 */
const exec_numeric *exec_numeric_from_double(sql_arena *a, double d, bool as_float4);

/*
 * Parse PostgreSQL's text form of a numeric (spaces around, sign, digits
 * with an optional point, exponent, NaN, [+-]Infinity, [+-]inf).  22P02 on
 * bad syntax, 22003 when the value is past the limits.
 */
int exec_numeric_parse(
	sql_arena *a, const char *s, size_t len, const exec_numeric **out, store_err *err);

/*
 * n rounded half away from zero to an integer in [min, max]; 0A000 for NaN
 * and the infinities, 22003 "<type_name> out of range" past the bounds.
 * type_name is how PostgreSQL names the target: "smallint", "integer",
 * "bigint".
 */
int exec_numeric_to_int64(const exec_numeric *n, int64_t min, int64_t max, const char *type_name,
	int64_t *out, store_err *err);

/* The nearest double (by way of the decimal text, as PostgreSQL does; +-HUGE_VAL past range). */
double exec_numeric_to_double(const exec_numeric *n);

/* Total order: -Infinity < finite values < +Infinity < NaN; NaN = NaN. */
int exec_numeric_cmp(const exec_numeric *a, const exec_numeric *b);

/* a + b, a * b (exact; scale the sum of the scales), a / b (PostgreSQL's result scale). */
int exec_numeric_add(
	exec_ctx *cx, const exec_numeric *a, const exec_numeric *b, const exec_numeric **out);
int exec_numeric_mul(
	exec_ctx *cx, const exec_numeric *a, const exec_numeric *b, const exec_numeric **out);
int exec_numeric_div(
	exec_ctx *cx, const exec_numeric *a, const exec_numeric *b, const exec_numeric **out);

/* PostgreSQL's text output: all dscale digits, no exponent ("1.50", "-0.001", "NaN"). */
void exec_numeric_out(const exec_numeric *n, store_buf *buf);

#endif
