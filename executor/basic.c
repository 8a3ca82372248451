/*
 * basic.c - the fixed-size types every other module builds on: boolean,
 * smallint, integer, bigint, real, double precision, oid, "char", and
 * regclass and regtype as plain OIDs; their text forms, arithmetic,
 * comparisons, casts and the mathematical functions of float8.
 *
 * It does not own numeric (numeric.c: its casts to and from these types
 * are there), the string types (string.c: name is there, being a
 * string), nor the names regclass stands for: regclass reads and prints
 * them through the system catalog (syscat.h).  regtype reads a number or a type
 * the registry knows and prints format_type's name of a type the
 * registry knows, else the number; pg_typeof gives one.
 *
 * Every behaviour follows PostgreSQL 15 (int.c, int8.c, float.c, bool.c,
 * char.c, oid.c): messages, SQLSTATEs, the pg_operator, pg_proc and
 * pg_cast rows with their OIDs and contexts.  Integers of every width
 * sit in exec_value.v.i and floats in v.f (a real rounded to float on
 * every store), so most operators are one function for every pair of
 * widths, the result type chosen as PostgreSQL's operator table says:
 * the wider operand's for + - * / of integers, float8 when either side
 * is float8.  Shifts of int2 and int4 count modulo 32, of int8 modulo
 * 64, as PostgreSQL's C shifts do on x86.
 *
 * Floats print as PostgreSQL 12+ does with extra_float_digits >= 1: the
 * shortest digits that read back to the same value and lie strictly
 * inside its rounding interval (Ryu without STRICTLY_SHORTEST, which is
 * why 1e23 prints as 9.999999999999999e+22), fixed notation for decimal
 * exponents -4 to 14 (float4: to 5), else d.ddde+XX.  This file finds
 * those digits with the C library (correctly rounded printf and strtod)
 * instead of Ryu's tables.
 */
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "basic.h"
#include "syscat.h"
#include "func.h"

/* Array types without a name in value.h. */
enum {
	OID_CHAR_ARRAY = 1002,
	OID_REGCLASS_ARRAY = 2210,
	OID_REGTYPE_ARRAY = 2211,
};

#define RADIANS_PER_DEGREE 0.0174532925199432957692

/* ---- Hashes (basic.h) ---- */

uint64_t exec_hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ n;

	/* Eight bytes at a time, then the tail with its length. */
	for (; n >= 8; s += 8, n -= 8) {
		uint64_t w;

		memcpy(&w, s, 8);
		h = exec_hash_u64(h ^ w);
	}
	if (n > 0) {
		uint64_t w = 0;

		memcpy(&w, s, n);
		h = exec_hash_u64(h ^ w ^ ((uint64_t)n << 56));
	}
	return h;
}

uint64_t exec_hash_double(double d)
{
	uint64_t bits;

	if (d == 0)
		d = 0; /* -0 hashes as 0 */
	if (isnan(d))
		d = NAN;
	memcpy(&bits, &d, sizeof(bits));
	return exec_hash_u64(bits);
}

/* ---- Shared helpers ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int exec_err_syntax(exec_ctx *cx, const char *tname, const char *text, size_t len)
{
	return store_err_set(cx->err, "22P02", "invalid input syntax for type %s: \"%.*s\"", tname,
		(int)len, text);
}

static exec_value float_value(exec_oid type, double d)
{
	exec_value v;

	v.type = type;
	v.isnull = false;
	v.v.f = type == EXEC_OID_FLOAT4 ? (double)(float)d : d;
	return v;
}

/* ---- Integers ---- */

/* Each integer type's range and the name its messages use. */
typedef struct int_kind {
	exec_oid oid;
	int64_t min, max;
	const char *sql_name;
	int rank; /* the result of a mixed operation is the wider operand's type */
} int_kind;

static const int_kind int_kinds[] = {
	{EXEC_OID_INT2, INT16_MIN, INT16_MAX, "smallint", 0},
	{EXEC_OID_INT4, INT32_MIN, INT32_MAX, "integer", 1},
	{EXEC_OID_INT8, INT64_MIN, INT64_MAX, "bigint", 2},
};

static const int_kind *int_kind_of(exec_oid oid)
{
	for (size_t i = 0; i < sizeof(int_kinds) / sizeof(int_kinds[0]); i++)
		if (int_kinds[i].oid == oid)
			return &int_kinds[i];
	return &int_kinds[1]; /* oid, "char", regclass: compared as integers only */
}

static int int_out_of_range(exec_ctx *cx, const int_kind *k)
{
	return store_err_set(cx->err, "22003", "%s out of range", k->sql_name);
}

/* Store r as type k, or 22003 when it does not fit (or overflowed computing it). */
static int int_result(exec_ctx *cx, const int_kind *k, int64_t r, bool overflow, exec_value *out)
{
	if (overflow || r < k->min || r > k->max)
		return int_out_of_range(cx, k);
	*out = exec_int(k->oid, r);
	return EXEC_OK;
}

static const int_kind *int_wider(const exec_value *args)
{
	const int_kind *a = int_kind_of(args[0].type), *b = int_kind_of(args[1].type);

	return a->rank >= b->rank ? a : b;
}

/*
 * pg_strtoint16/32/64: white space, a sign, decimal digits, white space.
 * Too many digits is out of range even when a bad character follows.
 */
static int int_parse(exec_ctx *cx, const char *s, size_t len, const int_kind *k, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	uint64_t acc = 0, limit;

	while (i < len && is_space(s[i]))
		i++;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	if (i >= len || !is_digit(s[i]))
		return exec_err_syntax(cx, k->sql_name, s, len);
	limit = neg ? (uint64_t)(-(k->min + 1)) + 1 : (uint64_t)k->max;
	for (; i < len && is_digit(s[i]); i++) {
		unsigned d = (unsigned)(s[i] - '0');

		if (acc > (limit - d) / 10)
			return store_err_set(cx->err, "22003",
				"value \"%.*s\" is out of range for type %s", (int)len, s,
				k->sql_name);
		acc = acc * 10 + d;
	}
	while (i < len && is_space(s[i]))
		i++;
	if (i != len)
		return exec_err_syntax(cx, k->sql_name, s, len);
	*out = !neg ? (int64_t)acc : acc == 0 ? 0 : -(int64_t)(acc - 1) - 1;
	return EXEC_OK;
}

static int int_in(
	exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_oid oid, exec_value *out)
{
	int64_t i;

	if (int_parse(cx, text, len, int_kind_of(oid), &i) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_int(oid, i);
	return EXEC_OK;
}

static int int2_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	return int_in(cx, text, len, typmod, EXEC_OID_INT2, out);
}

static int int4_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	return int_in(cx, text, len, typmod, EXEC_OID_INT4, out);
}

static int int8_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	return int_in(cx, text, len, typmod, EXEC_OID_INT8, out);
}

static int int_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	store_buf_printf(buf, "%" PRId64, v->v.i);
	return EXEC_OK;
}

static int int_cmp(const exec_value *a, const exec_value *b)
{
	return a->v.i < b->v.i ? -1 : a->v.i > b->v.i;
}

static uint64_t int_hash(const exec_value *v)
{
	return exec_hash_u64((uint64_t)v->v.i);
}

/* + - * of any two widths: computed in 64 bits, then fitted to the wider type. */
static int int_pl(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t r;
	bool o = __builtin_add_overflow(args[0].v.i, args[1].v.i, &r);

	return int_result(cx, int_wider(args), r, o, out);
}

static int int_mi(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t r;
	bool o = __builtin_sub_overflow(args[0].v.i, args[1].v.i, &r);

	return int_result(cx, int_wider(args), r, o, out);
}

static int int_mul(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t r;
	bool o = __builtin_mul_overflow(args[0].v.i, args[1].v.i, &r);

	return int_result(cx, int_wider(args), r, o, out);
}

static int division_by_zero(exec_ctx *cx)
{
	return store_err_set(cx->err, "22012", "division by zero");
}

/* Truncating division; the minimum divided by -1 is out of range. */
static int int_div(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t a = args[0].v.i, b = args[1].v.i;

	if (b == 0)
		return division_by_zero(cx);
	if (b == -1)
		return int_result(
			cx, int_wider(args), a == INT64_MIN ? 0 : -a, a == INT64_MIN, out);
	return int_result(cx, int_wider(args), a / b, false, out);
}

/* The remainder has the dividend's sign; anything % -1 is 0. */
static int int_mod(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t a = args[0].v.i, b = args[1].v.i;

	if (b == 0)
		return division_by_zero(cx);
	return int_result(cx, int_wider(args), b == -1 ? 0 : a % b, false, out);
}

static int int_um(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t a = args[0].v.i;

	return int_result(
		cx, int_kind_of(args[0].type), a == INT64_MIN ? 0 : -a, a == INT64_MIN, out);
}

static int int_abs(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t a = args[0].v.i;

	return int_result(cx, int_kind_of(args[0].type), a < 0 ? (a == INT64_MIN ? 0 : -a) : a,
		a == INT64_MIN, out);
}

/* Unary plus of any number: the value itself. */
static int num_up(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = args[0];
	return EXEC_OK;
}

static int int_and(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_int(args[0].type, args[0].v.i & args[1].v.i);
	return EXEC_OK;
}

static int int_or(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_int(args[0].type, args[0].v.i | args[1].v.i);
	return EXEC_OK;
}

static int int_xor(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_int(args[0].type, args[0].v.i ^ args[1].v.i);
	return EXEC_OK;
}

static int int_not(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_int(args[0].type, ~args[0].v.i);
	return EXEC_OK;
}

/* A shift's result wrapped to the operand's width, as C's conversion does in PostgreSQL. */
static int64_t int_wrap(exec_oid type, uint64_t bits)
{
	if (type == EXEC_OID_INT2)
		return (int16_t)(uint16_t)bits;
	if (type == EXEC_OID_INT4)
		return (int32_t)(uint32_t)bits;
	return (int64_t)bits;
}

static int int_shl(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_oid t = args[0].type;
	unsigned n = (unsigned)args[1].v.i & (t == EXEC_OID_INT8 ? 63 : 31);

	*out = exec_int(t, int_wrap(t, (uint64_t)args[0].v.i << n));
	return EXEC_OK;
}

static int int_shr(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_oid t = args[0].type;
	unsigned n = (unsigned)args[1].v.i & (t == EXEC_OID_INT8 ? 63 : 31);
	int64_t a = args[0].v.i;

	/* An arithmetic shift, written so that it is defined for negative a. */
	*out = exec_int(t, a >= 0 ? a >> n : ~(~a >> n));
	return EXEC_OK;
}

/* gcd and lcm on magnitudes, so that the minimum of a type needs no special case. */
static uint64_t magnitude(int64_t a)
{
	return a < 0 ? 0 - (uint64_t)a : (uint64_t)a;
}

static uint64_t gcd_u64(uint64_t a, uint64_t b)
{
	while (b != 0) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static int int_gcd(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const int_kind *k = int_kind_of(args[0].type);
	uint64_t g = gcd_u64(magnitude(args[0].v.i), magnitude(args[1].v.i));

	return int_result(cx, k, (int64_t)g, g > (uint64_t)k->max, out);
}

static int int_lcm(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const int_kind *k = int_kind_of(args[0].type);
	uint64_t a = magnitude(args[0].v.i), b = magnitude(args[1].v.i), r;
	bool o;

	if (a == 0 || b == 0)
		return int_result(cx, k, 0, false, out);
	o = __builtin_mul_overflow(a / gcd_u64(a, b), b, &r);
	return int_result(cx, k, (int64_t)r, o || r > (uint64_t)k->max, out);
}

/* ---- Comparisons: integers (and oid, "char"), floats, booleans ---- */

static int float_cmp(const exec_value *a, const exec_value *b);
static int bool_cmp(const exec_value *a, const exec_value *b);

EXEC_CMP_OPERATORS(int, int_cmp)
EXEC_CMP_OPERATORS(float, float_cmp)
EXEC_CMP_OPERATORS(bool, bool_cmp)

/* ---- Floats ---- */

/* NaN equals NaN and sorts above every other value; -0 equals 0. */
static int float_cmp(const exec_value *a, const exec_value *b)
{
	double x = a->v.f, y = b->v.f;

	if (isnan(x))
		return isnan(y) ? 0 : 1;
	if (isnan(y))
		return -1;
	return x < y ? -1 : x > y;
}

static uint64_t float_hash(const exec_value *v)
{
	return exec_hash_double(v->v.f);
}

static int float_overflow(exec_ctx *cx)
{
	return store_err_set(cx->err, "22003", "value out of range: overflow");
}

static int float_underflow(exec_ctx *cx)
{
	return store_err_set(cx->err, "22003", "value out of range: underflow");
}

/*
 * check_float8_val: r as type, rounded to float for a real, unless it
 * became infinite or zero where the operands say it may not.
 */
static int float_result(
	exec_ctx *cx, exec_oid type, double r, bool inf_ok, bool zero_ok, exec_value *out)
{
	*out = float_value(type, r);
	if (isinf(out->v.f) && !inf_ok)
		return float_overflow(cx);
	if (out->v.f == 0 && !zero_ok)
		return float_underflow(cx);
	return EXEC_OK;
}

/* float4 op float4 is float4; float8 on either side makes float8. */
static exec_oid float_wider(const exec_value *args)
{
	return args[0].type == EXEC_OID_FLOAT8 || args[1].type == EXEC_OID_FLOAT8 ? EXEC_OID_FLOAT8
										  : EXEC_OID_FLOAT4;
}

static int float_pl(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	double a = args[0].v.f, b = args[1].v.f;

	return float_result(cx, float_wider(args), a + b, isinf(a) || isinf(b), true, out);
}

static int float_mi(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	double a = args[0].v.f, b = args[1].v.f;

	return float_result(cx, float_wider(args), a - b, isinf(a) || isinf(b), true, out);
}

static int float_mul(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	double a = args[0].v.f, b = args[1].v.f;

	return float_result(
		cx, float_wider(args), a * b, isinf(a) || isinf(b), a == 0 || b == 0, out);
}

static int float_div(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	double a = args[0].v.f, b = args[1].v.f;

	if (b == 0 && !isnan(a))
		return division_by_zero(cx);
	return float_result(cx, float_wider(args), a / b, isinf(a), a == 0 || isinf(b), out);
}

static int float_um(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = float_value(args[0].type, -args[0].v.f);
	return EXEC_OK;
}

static int float_abs(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = float_value(args[0].type, fabs(args[0].v.f));
	return EXEC_OK;
}

static int power_error(exec_ctx *cx, const char *msg)
{
	return store_err_set(cx->err, "2201F", "%s", msg);
}

/* dpow: POSIX's answers for NaN and infinities, PostgreSQL's errors for the rest. */
static int float_pow(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	double x = args[0].v.f, y = args[1].v.f, r;

	if (isnan(x) || isnan(y)) {
		bool one = (isnan(x) && !isnan(y) && y == 0) || (isnan(y) && x == 1);

		*out = float_value(EXEC_OID_FLOAT8, one ? 1.0 : NAN);
		return EXEC_OK;
	}
	if (x == 0 && y < 0)
		return power_error(cx, "zero raised to a negative power is undefined");
	if (x < 0 && floor(y) != y)
		return power_error(cx,
			"a negative number raised to a non-integer power yields a complex result");
	if (isinf(y)) {
		double ax = fabs(x);

		r = ax == 1 ? 1.0 : (y > 0) == (ax > 1) ? INFINITY : 0.0;
	} else if (isinf(x)) {
		bool odd = floor(y / 2) != y / 2;

		if (y == 0)
			r = 1.0;
		else if (x > 0)
			r = y > 0 ? x : 0.0;
		else if (y > 0)
			r = odd ? x : -x;
		else
			r = odd ? -0.0 : 0.0;
	} else {
		errno = 0;
		r = pow(x, y);
		if (errno == ERANGE && r != 0)
			return float_overflow(cx);
		if (errno == ERANGE || (r == 0 && x != 0))
			return float_underflow(cx);
		if (isinf(r))
			return float_overflow(cx);
	}
	*out = float_value(EXEC_OID_FLOAT8, r);
	return EXEC_OK;
}

static int float_sqrt(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	double x = args[0].v.f;

	if (x < 0)
		return power_error(cx, "cannot take square root of a negative number");
	return float_result(cx, EXEC_OID_FLOAT8, sqrt(x), isinf(x), x == 0, out);
}

static int float_cbrt(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	double x = args[0].v.f;

	return float_result(cx, EXEC_OID_FLOAT8, cbrt(x), isinf(x), x == 0, out);
}

static int float_exp(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	double x = args[0].v.f, r;

	if (isnan(x) || isinf(x)) {
		*out = float_value(EXEC_OID_FLOAT8, isinf(x) && x < 0 ? 0.0 : x);
		return EXEC_OK;
	}
	errno = 0;
	r = exp(x);
	if ((errno == ERANGE && r != 0) || isinf(r))
		return float_overflow(cx);
	if (errno == ERANGE || r == 0)
		return float_underflow(cx);
	*out = float_value(EXEC_OID_FLOAT8, r);
	return EXEC_OK;
}

/* ln and log10: logarithms of positive numbers only (2201E). */
static int float_log_base(
	exec_ctx *cx, const exec_value *args, double (*fn)(double), exec_value *out)
{
	double x = args[0].v.f;

	if (x == 0)
		return store_err_set(cx->err, "2201E", "cannot take logarithm of zero");
	if (x < 0)
		return store_err_set(
			cx->err, "2201E", "cannot take logarithm of a negative number");
	return float_result(cx, EXEC_OID_FLOAT8, fn(x), isinf(x), x == 1, out);
}

static int float_ln(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return float_log_base(cx, args, log, out);
}

static int float_log10(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return float_log_base(cx, args, log10, out);
}

static int float_ceil(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = float_value(EXEC_OID_FLOAT8, ceil(args[0].v.f));
	return EXEC_OK;
}

static int float_floor(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = float_value(EXEC_OID_FLOAT8, floor(args[0].v.f));
	return EXEC_OK;
}

static int float_round(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = float_value(EXEC_OID_FLOAT8, rint(args[0].v.f));
	return EXEC_OK;
}

static int float_trunc(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	double x = args[0].v.f;

	*out = float_value(EXEC_OID_FLOAT8, x >= 0 ? floor(x) : -floor(-x));
	return EXEC_OK;
}

static int float_sign(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	double x = args[0].v.f;

	*out = float_value(EXEC_OID_FLOAT8, x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0);
	return EXEC_OK;
}

static int float_pi(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = float_value(EXEC_OID_FLOAT8, M_PI);
	return EXEC_OK;
}

static int float_degrees(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_value a[2] = {args[0], float_value(EXEC_OID_FLOAT8, RADIANS_PER_DEGREE)};

	return float_div(cx, a, 2, out);
}

static int float_radians(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_value a[2] = {args[0], float_value(EXEC_OID_FLOAT8, RADIANS_PER_DEGREE)};

	return float_mul(cx, a, 2, out);
}

/*
 * The trigonometric functions, as one table: the C function, the domain
 * PostgreSQL checks ("input is out of range", 22003) and whether an
 * infinite result is an overflow.
 */
typedef enum trig_domain { TRIG_ANY, TRIG_FINITE, TRIG_UNIT } trig_domain;

static int trig(exec_ctx *cx, double x, double (*fn)(double), trig_domain dom, bool inf_is_error,
	exec_value *out)
{
	double r;

	if (isnan(x)) {
		*out = float_value(EXEC_OID_FLOAT8, NAN);
		return EXEC_OK;
	}
	if ((dom == TRIG_FINITE && isinf(x)) || (dom == TRIG_UNIT && (x < -1 || x > 1)))
		return store_err_set(cx->err, "22003", "input is out of range");
	r = fn(x);
	if (inf_is_error && isinf(r))
		return float_overflow(cx);
	*out = float_value(EXEC_OID_FLOAT8, r);
	return EXEC_OK;
}

static double cot(double x)
{
	return 1.0 / tan(x);
}

#define TRIG_FUNCTION(name, fn, dom, inf_is_error)                                                 \
	static int float_##name(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)  \
	{                                                                                          \
		return trig(cx, args[0].v.f, fn, dom, inf_is_error, out);                          \
	}

TRIG_FUNCTION(sin, sin, TRIG_FINITE, true)
TRIG_FUNCTION(cos, cos, TRIG_FINITE, true)
TRIG_FUNCTION(tan, tan, TRIG_FINITE, false)
TRIG_FUNCTION(cot, cot, TRIG_FINITE, false)
TRIG_FUNCTION(asin, asin, TRIG_UNIT, false)
TRIG_FUNCTION(acos, acos, TRIG_UNIT, false)
TRIG_FUNCTION(atan, atan, TRIG_ANY, false)
TRIG_FUNCTION(sinh, sinh, TRIG_ANY, false)
TRIG_FUNCTION(tanh, tanh, TRIG_ANY, true)

static int float_cosh(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	double r = cosh(args[0].v.f);

	if (r == 0)
		return float_underflow(cx);
	*out = float_value(EXEC_OID_FLOAT8, r);
	return EXEC_OK;
}

static int float_atan2(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = float_value(EXEC_OID_FLOAT8, atan2(args[0].v.f, args[1].v.f));
	return EXEC_OK;
}

/* random(): 52 random bits as a fraction in [0, 1), as PostgreSQL's pg_prng_double. */
static int float_random(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	uint64_t bits;

	if (getrandom(&bits, sizeof(bits), 0) != (ssize_t)sizeof(bits))
		return store_err_set(
			cx->err, "58000", "could not generate random values: %s", strerror(errno));
	*out = float_value(EXEC_OID_FLOAT8, ldexp((double)(bits >> 12), -52));
	return EXEC_OK;
}

/* float8in and float4in: strtod's syntax and names for NaN and infinities. */
static int float_in(exec_ctx *cx, const char *text, size_t len, exec_oid type, exec_value *out)
{
	const char *tname = type == EXEC_OID_FLOAT4 ? "real" : "double precision";
	char *s = sql_arena_strndup(cx->arena, text, len), *num = s, *end;
	double d;

	while (is_space(*num))
		num++;
	if (*num == '\0' || strlen(s) != len)
		return exec_err_syntax(cx, tname, text, len);
	errno = 0;
	d = type == EXEC_OID_FLOAT4 ? (double)strtof(num, &end) : strtod(num, &end);
	if (end == num)
		return exec_err_syntax(cx, tname, text, len);

	/* Too large, or so small it became zero (a denormal is fine). */
	if (errno == ERANGE && (d == 0 || isinf(d)))
		return store_err_set(cx->err, "22003", "\"%.*s\" is out of range for type %s",
			(int)(end - num), num, tname);
	while (is_space(*end))
		end++;
	if (*end != '\0')
		return exec_err_syntax(cx, tname, text, len);
	*out = float_value(type, d);
	return EXEC_OK;
}

static int float4_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	return float_in(cx, text, len, EXEC_OID_FLOAT4, out);
}

static int float8_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	return float_in(cx, text, len, EXEC_OID_FLOAT8, out);
}

/* Does the decimal m * 10^e read back as d (a float when single)? */
static bool reads_back(uint64_t m, int e, double d, bool single)
{
	char s[48];

	snprintf(s, sizeof(s), "%" PRIu64 "e%d", m, e);
	return single ? strtof(s, NULL) == (float)d : strtod(s, NULL) == d;
}

/*
 * Is m * 10^e exactly halfway between two adjacent floats of `bits`
 * significant bits (53 for double, 24 for float)?  Ryu, as PostgreSQL
 * builds it, never prints such a number even where strtod would round
 * it back: its odd part then has exactly bits + 1 bits.
 */
static bool is_midpoint(uint64_t m, int e, int bits)
{
	uint64_t top = UINT64_C(1) << (bits + 1);

	if (m == 0)
		return false;
	while ((m & 1) == 0)
		m >>= 1;
	for (; e > 0; e--) {
		if (m >= top / 5)
			return false;
		m *= 5;
	}
	for (; e < 0; e++) {
		if (m % 5 != 0)
			return false;
		m /= 5;
	}
	return m >= top / 2 && m < top;
}

/*
 * Some decimal of p significant digits that stands for d: the correctly
 * rounded one or its neighbour in the last digit (the rounding interval
 * of a power of two is lopsided).  Digits in *m, exponent of the last
 * digit in *e; false when there is none.
 */
static bool digits_of_length(double d, int p, bool single, uint64_t *m, int *e)
{
	char s[48], *dot, *exp;
	uint64_t r = 0, lo = 1;
	int x;

	snprintf(s, sizeof(s), "%.*e", p - 1, d);
	exp = strchr(s, 'e');
	dot = strchr(s, '.');
	for (char *c = s; c < exp; c++)
		if (c != dot)
			r = r * 10 + (uint64_t)(*c - '0');
	x = atoi(exp + 1) - (p - 1);
	for (int i = 1; i < p; i++)
		lo *= 10;

	/* The correctly rounded digits, then the ones below and above. */
	{
		uint64_t cand[3] = {r, r - 1, r + 1};
		int ce[3] = {x, x, x};

		if (cand[1] < lo) {
			cand[1] = lo * 10 - 1;
			ce[1] = x - 1;
		}
		if (cand[2] == lo * 10) {
			cand[2] = lo;
			ce[2] = x + 1;
		}
		for (int i = 0; i < 3; i++) {
			if (reads_back(cand[i], ce[i], d, single) &&
				!is_midpoint(cand[i], ce[i], single ? 24 : 53)) {
				*m = cand[i];
				*e = ce[i];
				return true;
			}
		}
	}
	return false;
}

/* The shortest such decimal of a finite, non-zero, positive d: digits into buf. */
static int shortest_digits(double d, bool single, char *buf, int *exp10)
{
	int lo = 1, hi = single ? 9 : 17, e = 0, n;
	uint64_t m = 0;

	/* Having a decimal of p digits implies one of p + 1: search for the least p. */
	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (digits_of_length(d, mid, single, &m, &e))
			hi = mid;
		else
			lo = mid + 1;
	}
	digits_of_length(d, lo, single, &m, &e);
	while (m % 10 == 0) {
		m /= 10;
		e++;
	}
	n = snprintf(buf, 24, "%" PRIu64, m);
	*exp10 = e + n - 1; /* the exponent of the first digit */
	return n;
}

/* float8out and float4out for the session's extra_float_digits. */
static int float_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	bool single = v->type == EXEC_OID_FLOAT4;
	double d = single ? (double)(float)v->v.f : v->v.f;
	int efd = cx != NULL ? cx->extra_float_digits : 1;
	char digits[24];
	int n, x;

	if (isnan(d)) {
		store_buf_puts(buf, "NaN");
		return EXEC_OK;
	}
	if (isinf(d)) {
		store_buf_puts(buf, d > 0 ? "Infinity" : "-Infinity");
		return EXEC_OK;
	}

	/* extra_float_digits <= 0: printf's %g with fewer digits, as PostgreSQL before 12. */
	if (efd <= 0) {
		int ndig = (single ? FLT_DIG : DBL_DIG) + efd;

		store_buf_printf(buf, "%.*g", ndig < 1 ? 1 : ndig, d);
		return EXEC_OK;
	}
	if (signbit(d))
		store_buf_putc(buf, '-');
	if (d == 0) {
		store_buf_putc(buf, '0');
		return EXEC_OK;
	}
	n = shortest_digits(fabs(d), single, digits, &x);

	/* Fixed notation for exponents -4 to 14 (float4: 5), as %g would choose. */
	if (x >= -4 && x < (single ? 6 : 15)) {
		if (x < 0) {
			store_buf_puts(buf, "0.");
			for (int i = -1; i > x; i--)
				store_buf_putc(buf, '0');
			store_buf_put(buf, digits, (size_t)n);
		} else if (n <= x + 1) {
			store_buf_put(buf, digits, (size_t)n);
			for (int i = n; i <= x; i++)
				store_buf_putc(buf, '0');
		} else {
			store_buf_put(buf, digits, (size_t)x + 1);
			store_buf_putc(buf, '.');
			store_buf_put(buf, digits + x + 1, (size_t)(n - x - 1));
		}
		return EXEC_OK;
	}
	store_buf_putc(buf, digits[0]);
	if (n > 1) {
		store_buf_putc(buf, '.');
		store_buf_put(buf, digits + 1, (size_t)n - 1);
	}
	store_buf_printf(buf, "e%c%02d", x < 0 ? '-' : '+', x < 0 ? -x : x);
	return EXEC_OK;
}

/* ---- Booleans ---- */

/* parse_bool_with_len: prefixes of true/false/yes/no, on/off (two letters at least), 1/0. */
static int bool_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	static const struct {
		const char *word;
		size_t min; /* the shortest prefix accepted */
		bool value;
	} words[] = {
		{"true", 1, true},
		{"false", 1, false},
		{"yes", 1, true},
		{"no", 1, false},
		{"on", 2, true},
		{"off", 2, false},
		{"1", 1, true},
		{"0", 1, false},
	};
	const char *s = text;
	size_t n = len;

	while (n > 0 && is_space(*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_space(s[n - 1]))
		n--;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (n >= words[i].min && n <= strlen(words[i].word) &&
			strncasecmp(s, words[i].word, n) == 0) {
			*out = exec_bool(words[i].value);
			return EXEC_OK;
		}
	}
	return exec_err_syntax(cx, "boolean", text, len);
}

static int bool_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	store_buf_putc(buf, v->v.b ? 't' : 'f');
	return EXEC_OK;
}

static int bool_cmp(const exec_value *a, const exec_value *b)
{
	return (int)a->v.b - (int)b->v.b;
}

static uint64_t bool_hash(const exec_value *v)
{
	return exec_hash_u64(v->v.b);
}

/* ---- oid, regclass, regtype, "char" ---- */

/* oidin: an unsigned 32-bit number; a minus sign wraps, as strtoul does. */
static int oid_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	static const int_kind oid_kind = {EXEC_OID_OID, INT32_MIN, UINT32_MAX, "oid", 0};
	int64_t i;

	if (int_parse(cx, text, len, &oid_kind, &i) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_int(EXEC_OID_OID, (int64_t)(uint32_t)i);
	return EXEC_OK;
}

/* A regclass or regtype given as digits, else named: regtype by the registry. */
static int reg_in(exec_ctx *cx, const char *text, size_t len, exec_oid type, exec_value *out)
{
	const exec_type *t;
	char *name;

	if (len > 0 && is_digit(text[0])) {
		if (oid_in(cx, text, len, EXEC_TYPMOD_NONE, out) != EXEC_OK)
			return EXEC_ERROR;
		out->type = type;
		return EXEC_OK;
	}

	/* '-' is no object (OID 0), as regclassin and regtypein read it. */
	if (len == 1 && text[0] == '-') {
		*out = exec_int(type, 0);
		return EXEC_OK;
	}
	if (type == EXEC_OID_REGCLASS) {
		exec_oid oid;

		if (exec_syscat_regclass_in(cx, text, len, &oid) != EXEC_OK)
			return EXEC_ERROR;
		*out = exec_int(EXEC_OID_REGCLASS, oid);
		return EXEC_OK;
	}
	name = sql_arena_strndup(cx->arena, text, len);

	/* Every type is pg_catalog's: a name qualified with it is the type's. */
	if ((t = exec_type_by_name(name)) == NULL && strncmp(name, "pg_catalog.", 11) == 0)
		t = exec_type_by_name(name + 11);
	if (t == NULL)
		return store_err_set(cx->err, "42704", "type \"%s\" does not exist", name);
	*out = exec_int(EXEC_OID_REGTYPE, t->oid);
	return EXEC_OK;
}

static int regclass_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	return reg_in(cx, text, len, EXEC_OID_REGCLASS, out);
}

static int regtype_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	return reg_in(cx, text, len, EXEC_OID_REGTYPE, out);
}

/* regclassout: the relation's name (the system catalog's), the number when none. */
static int regclass_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	return exec_syscat_regclass_out(cx, (exec_oid)v->v.i, buf);
}

/* regtypeout: format_type's spelling ("integer", "text[]"), the number when unknown. */
static int regtype_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	const exec_type *t = exec_type_by_oid((exec_oid)v->v.i);

	if (v->v.i == 0) {
		store_buf_puts(buf, "-");
		return EXEC_OK;
	}
	if (t == NULL)
		return int_out(cx, v, buf);
	store_buf_puts(buf, t->sql_name);
	return EXEC_OK;
}

/*
 * pg_typeof("any"): the type of the argument as the analyzer settled it,
 * which the value carries even when NULL.  An untyped literal reaches it
 * as text (value.h keeps unknown out of evaluated expressions), where
 * PostgreSQL says unknown; a NULL literal keeps unknown.
 */
static int pg_typeof_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_int(EXEC_OID_REGTYPE, args[0].type);
	return EXEC_OK;
}

/* num_nulls and num_nonnulls(VARIADIC "any"): how many arguments are NULL, or are not. */
static int num_nulls_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int n = 0;

	(void)cx;
	for (int i = 0; i < nargs; i++)
		n += args[i].isnull;
	*out = exec_int(EXEC_OID_INT4, n);
	return EXEC_OK;
}

static int num_nonnulls_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	if (num_nulls_fn(cx, args, nargs, out) != EXEC_OK)
		return EXEC_ERROR;
	out->v.i = nargs - out->v.i;
	return EXEC_OK;
}

/* charin: the first byte, or \ooo in octal. */
static int char_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	unsigned char c = len > 0 ? (unsigned char)text[0] : 0;

	if (len == 4 && text[0] == '\\' && text[1] >= '0' && text[1] <= '7' && text[2] >= '0' &&
		text[2] <= '7' && text[3] >= '0' && text[3] <= '7')
		c = (unsigned char)(((text[1] - '0') << 6) + ((text[2] - '0') << 3) +
				    (text[3] - '0'));
	*out = exec_int(EXEC_OID_CHAR, c);
	return EXEC_OK;
}

/* charout: the byte, \ooo when its high bit is set, nothing for \0. */
static int char_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	unsigned c = (unsigned)v->v.i;

	if (c >= 0x80)
		store_buf_printf(buf, "\\%03o", c);
	else if (c != 0)
		store_buf_putc(buf, (int)c);
	return EXEC_OK;
}

/* ---- Casts ---- */

static int to_int(exec_ctx *cx, const exec_value *in, exec_oid type, exec_value *out)
{
	return int_result(cx, int_kind_of(type), in->v.i, false, out);
}

/* ftoi: rounded half to even first, so that just-out-of-range values that round in pass. */
static int float_to_int(exec_ctx *cx, const exec_value *in, exec_oid type, exec_value *out)
{
	const int_kind *k = int_kind_of(type);
	double r = rint(in->v.f);

	if (isnan(r) || r < (double)k->min || r >= -(double)k->min)
		return int_out_of_range(cx, k);
	*out = exec_int(type, (int64_t)r);
	return EXEC_OK;
}

#define CAST_TO(name, target, how)                                                                 \
	static int name(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)          \
	{                                                                                          \
		return how(cx, &args[0], target, out);                                             \
	}

CAST_TO(cast_to_int2, EXEC_OID_INT2, to_int)
CAST_TO(cast_to_int4, EXEC_OID_INT4, to_int)
CAST_TO(cast_to_int8, EXEC_OID_INT8, to_int)
CAST_TO(cast_float_to_int2, EXEC_OID_INT2, float_to_int)
CAST_TO(cast_float_to_int4, EXEC_OID_INT4, float_to_int)
CAST_TO(cast_float_to_int8, EXEC_OID_INT8, float_to_int)

static int int_to_float(exec_ctx *cx, const exec_value *in, exec_oid type, exec_value *out)
{
	*out = float_value(
		type, type == EXEC_OID_FLOAT4 ? (double)(float)in->v.i : (double)in->v.i);
	return EXEC_OK;
}

CAST_TO(cast_int_to_float4, EXEC_OID_FLOAT4, int_to_float)
CAST_TO(cast_int_to_float8, EXEC_OID_FLOAT8, int_to_float)

static int float4_to_float8(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = float_value(EXEC_OID_FLOAT8, args[0].v.f);
	return EXEC_OK;
}

static int float8_to_float4(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	double d = args[0].v.f;

	return float_result(cx, EXEC_OID_FLOAT4, d, isinf(d), d == 0, out);
}

/* int2 and int4 become oids by their bits (-1 is 4294967295); int8 must fit. */
static int int4_to_oid_bits(exec_ctx *cx, const exec_value *in, exec_oid type, exec_value *out)
{
	*out = exec_int(type, (int64_t)(uint32_t)in->v.i);
	return EXEC_OK;
}

static int int8_to_oid_range(exec_ctx *cx, const exec_value *in, exec_oid type, exec_value *out)
{
	if (in->v.i < 0 || in->v.i > (int64_t)UINT32_MAX)
		return store_err_set(cx->err, "22003", "OID out of range");
	*out = exec_int(type, in->v.i);
	return EXEC_OK;
}

/* oid, regclass, regtype to int4 by their bits; to int8 and to each other by value. */
static int oid_to_int4_bits(exec_ctx *cx, const exec_value *in, exec_oid type, exec_value *out)
{
	*out = exec_int(type, (int32_t)(uint32_t)in->v.i);
	return EXEC_OK;
}

static int relabel_int(exec_ctx *cx, const exec_value *in, exec_oid type, exec_value *out)
{
	*out = exec_int(type, in->v.i);
	return EXEC_OK;
}

CAST_TO(cast_int4_to_oid, EXEC_OID_OID, int4_to_oid_bits)
CAST_TO(cast_int4_to_regclass, EXEC_OID_REGCLASS, int4_to_oid_bits)
CAST_TO(cast_int4_to_regtype, EXEC_OID_REGTYPE, int4_to_oid_bits)
CAST_TO(cast_int8_to_oid, EXEC_OID_OID, int8_to_oid_range)
CAST_TO(cast_int8_to_regclass, EXEC_OID_REGCLASS, int8_to_oid_range)
CAST_TO(cast_int8_to_regtype, EXEC_OID_REGTYPE, int8_to_oid_range)
CAST_TO(cast_oid_to_int4, EXEC_OID_INT4, oid_to_int4_bits)
CAST_TO(cast_oid_to_int8, EXEC_OID_INT8, relabel_int)
CAST_TO(cast_to_oid, EXEC_OID_OID, relabel_int)
CAST_TO(cast_to_regclass, EXEC_OID_REGCLASS, relabel_int)
CAST_TO(cast_to_regtype, EXEC_OID_REGTYPE, relabel_int)

static int bool_to_int4(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_int(EXEC_OID_INT4, args[0].v.b);
	return EXEC_OK;
}

static int int4_to_bool(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_bool(args[0].v.i != 0);
	return EXEC_OK;
}

/* bool to the string types: 'true' and 'false', unlike boolout's 't' and 'f'. */
static int bool_to_string(exec_ctx *cx, const exec_value *in, exec_oid type, exec_value *out)
{
	*out = in->v.b ? exec_text(type, "true", 4) : exec_text(type, "false", 5);
	return EXEC_OK;
}

CAST_TO(cast_bool_to_text, EXEC_OID_TEXT, bool_to_string)
CAST_TO(cast_bool_to_varchar, EXEC_OID_VARCHAR, bool_to_string)
CAST_TO(cast_bool_to_bpchar, EXEC_OID_BPCHAR, bool_to_string)

/* "char" to int4 as a signed byte; int4 to "char" within -128..127. */
static int char_to_int4(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_int(EXEC_OID_INT4, (int8_t)(uint8_t)args[0].v.i);
	return EXEC_OK;
}

static int int4_to_char(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	if (args[0].v.i < INT8_MIN || args[0].v.i > INT8_MAX)
		return store_err_set(cx->err, "22003", "\"char\" out of range");
	*out = exec_int(EXEC_OID_CHAR, (uint8_t)(int8_t)args[0].v.i);
	return EXEC_OK;
}

/* "char" to a string: charout's text (PostgreSQL 15 escapes a high byte there too). */
static int char_to_string(exec_ctx *cx, const exec_value *in, exec_oid type, exec_value *out)
{
	store_buf b = STORE_BUF_INIT;

	char_out(cx, in, &b);
	*out = exec_text_dup(cx, type, (const char *)b.data, b.len);
	store_buf_free(&b);
	return EXEC_OK;
}

CAST_TO(cast_char_to_text, EXEC_OID_TEXT, char_to_string)
CAST_TO(cast_char_to_varchar, EXEC_OID_VARCHAR, char_to_string)
CAST_TO(cast_char_to_bpchar, EXEC_OID_BPCHAR, char_to_string)

/* text_char: charin's rules, an empty string being \0. */
static int string_to_char(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return char_in(cx, args[0].v.s.p, args[0].v.s.len, EXEC_TYPMOD_NONE, out);
}

/* regclass(text): always a relation's name, never digits. */
static int string_to_regclass(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_oid oid;

	if (exec_syscat_regclass_in(cx, args[0].v.s.p, args[0].v.s.len, &oid) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_int(EXEC_OID_REGCLASS, oid);
	return EXEC_OK;
}

/* ---- The tables ---- */

static const exec_type basic_types[] = {
	EXEC_TYPE_ROW(BOOL, "bool", "boolean", 'B', true, 1, EXEC_OID_BOOL_ARRAY, bool_in, bool_out,
		bool_cmp, bool_hash, NULL),
	EXEC_TYPE_ROW(INT2, "int2", "smallint", 'N', false, 2, EXEC_OID_INT2_ARRAY, int2_in,
		int_out, int_cmp, int_hash, NULL),
	EXEC_TYPE_ROW(INT4, "int4", "integer", 'N', false, 4, EXEC_OID_INT4_ARRAY, int4_in, int_out,
		int_cmp, int_hash, NULL),
	EXEC_TYPE_ROW(INT8, "int8", "bigint", 'N', false, 8, EXEC_OID_INT8_ARRAY, int8_in, int_out,
		int_cmp, int_hash, NULL),
	EXEC_TYPE_ROW(FLOAT4, "float4", "real", 'N', false, 4, EXEC_OID_FLOAT4_ARRAY, float4_in,
		float_out, float_cmp, float_hash, NULL),
	EXEC_TYPE_ROW(FLOAT8, "float8", "double precision", 'N', true, 8, EXEC_OID_FLOAT8_ARRAY,
		float8_in, float_out, float_cmp, float_hash, NULL),
	EXEC_TYPE_ROW(OID, "oid", "oid", 'N', true, 4, EXEC_OID_OID_ARRAY, oid_in, int_out, int_cmp,
		int_hash, NULL),
	EXEC_TYPE_ROW(CHAR, "char", "\"char\"", 'Z', false, 1, OID_CHAR_ARRAY, char_in, char_out,
		int_cmp, int_hash, NULL),
	EXEC_TYPE_ROW(REGCLASS, "regclass", "regclass", 'N', false, 4, OID_REGCLASS_ARRAY,
		regclass_in, regclass_out, int_cmp, int_hash, NULL),
	EXEC_TYPE_ROW(REGTYPE, "regtype", "regtype", 'N', false, 4, OID_REGTYPE_ARRAY, regtype_in,
		regtype_out, int_cmp, int_hash, NULL),
};

/* pg_cast among these types and from them to the string types. */
static const exec_cast basic_casts[] = {
	EXEC_CAST_ROW(BOOL, INT4, EXPLICIT, bool_to_int4),
	EXEC_CAST_ROW(BOOL, TEXT, ASSIGNMENT, cast_bool_to_text),
	EXEC_CAST_ROW(BOOL, BPCHAR, ASSIGNMENT, cast_bool_to_bpchar),
	EXEC_CAST_ROW(BOOL, VARCHAR, ASSIGNMENT, cast_bool_to_varchar),
	EXEC_CAST_ROW(CHAR, INT4, EXPLICIT, char_to_int4),
	EXEC_CAST_ROW(CHAR, TEXT, IMPLICIT, cast_char_to_text),
	EXEC_CAST_ROW(CHAR, BPCHAR, ASSIGNMENT, cast_char_to_bpchar),
	EXEC_CAST_ROW(CHAR, VARCHAR, ASSIGNMENT, cast_char_to_varchar),
	EXEC_CAST_ROW(INT8, INT2, ASSIGNMENT, cast_to_int2),
	EXEC_CAST_ROW(INT8, INT4, ASSIGNMENT, cast_to_int4),
	EXEC_CAST_ROW(INT8, OID, IMPLICIT, cast_int8_to_oid),
	EXEC_CAST_ROW(INT8, FLOAT4, IMPLICIT, cast_int_to_float4),
	EXEC_CAST_ROW(INT8, FLOAT8, IMPLICIT, cast_int_to_float8),
	EXEC_CAST_ROW(INT8, REGCLASS, IMPLICIT, cast_int8_to_regclass),
	EXEC_CAST_ROW(INT8, REGTYPE, IMPLICIT, cast_int8_to_regtype),
	EXEC_CAST_ROW(INT2, INT8, IMPLICIT, cast_to_int8),
	EXEC_CAST_ROW(INT2, INT4, IMPLICIT, cast_to_int4),
	EXEC_CAST_ROW(INT2, OID, IMPLICIT, cast_int4_to_oid),
	EXEC_CAST_ROW(INT2, FLOAT4, IMPLICIT, cast_int_to_float4),
	EXEC_CAST_ROW(INT2, FLOAT8, IMPLICIT, cast_int_to_float8),
	EXEC_CAST_ROW(INT2, REGCLASS, IMPLICIT, cast_int4_to_regclass),
	EXEC_CAST_ROW(INT2, REGTYPE, IMPLICIT, cast_int4_to_regtype),
	EXEC_CAST_ROW(INT4, BOOL, EXPLICIT, int4_to_bool),
	EXEC_CAST_ROW(INT4, CHAR, EXPLICIT, int4_to_char),
	EXEC_CAST_ROW(INT4, INT8, IMPLICIT, cast_to_int8),
	EXEC_CAST_ROW(INT4, INT2, ASSIGNMENT, cast_to_int2),
	EXEC_CAST_ROW(INT4, OID, IMPLICIT, cast_int4_to_oid),
	EXEC_CAST_ROW(INT4, FLOAT4, IMPLICIT, cast_int_to_float4),
	EXEC_CAST_ROW(INT4, FLOAT8, IMPLICIT, cast_int_to_float8),
	EXEC_CAST_ROW(INT4, REGCLASS, IMPLICIT, cast_int4_to_regclass),
	EXEC_CAST_ROW(INT4, REGTYPE, IMPLICIT, cast_int4_to_regtype),
	EXEC_CAST_ROW(TEXT, CHAR, ASSIGNMENT, string_to_char),
	EXEC_CAST_ROW(TEXT, REGCLASS, IMPLICIT, string_to_regclass),
	EXEC_CAST_ROW(BPCHAR, CHAR, ASSIGNMENT, string_to_char),
	EXEC_CAST_ROW(VARCHAR, CHAR, ASSIGNMENT, string_to_char),
	EXEC_CAST_ROW(VARCHAR, REGCLASS, IMPLICIT, string_to_regclass),
	EXEC_CAST_ROW(OID, INT8, ASSIGNMENT, cast_oid_to_int8),
	EXEC_CAST_ROW(OID, INT4, ASSIGNMENT, cast_oid_to_int4),
	EXEC_CAST_ROW(OID, REGCLASS, IMPLICIT, cast_to_regclass),
	EXEC_CAST_ROW(OID, REGTYPE, IMPLICIT, cast_to_regtype),
	EXEC_CAST_ROW(FLOAT4, INT8, ASSIGNMENT, cast_float_to_int8),
	EXEC_CAST_ROW(FLOAT4, INT2, ASSIGNMENT, cast_float_to_int2),
	EXEC_CAST_ROW(FLOAT4, INT4, ASSIGNMENT, cast_float_to_int4),
	EXEC_CAST_ROW(FLOAT4, FLOAT8, IMPLICIT, float4_to_float8),
	EXEC_CAST_ROW(FLOAT8, INT8, ASSIGNMENT, cast_float_to_int8),
	EXEC_CAST_ROW(FLOAT8, INT2, ASSIGNMENT, cast_float_to_int2),
	EXEC_CAST_ROW(FLOAT8, INT4, ASSIGNMENT, cast_float_to_int4),
	EXEC_CAST_ROW(FLOAT8, FLOAT4, ASSIGNMENT, float8_to_float4),
	EXEC_CAST_ROW(REGCLASS, INT8, ASSIGNMENT, cast_oid_to_int8),
	EXEC_CAST_ROW(REGCLASS, INT4, ASSIGNMENT, cast_oid_to_int4),
	EXEC_CAST_ROW(REGCLASS, OID, IMPLICIT, cast_to_oid),
	EXEC_CAST_ROW(REGTYPE, INT8, ASSIGNMENT, cast_oid_to_int8),
	EXEC_CAST_ROW(REGTYPE, INT4, ASSIGNMENT, cast_oid_to_int4),
	EXEC_CAST_ROW(REGTYPE, OID, IMPLICIT, cast_to_oid),
};

/* pg_operator's rows for these types, in its order of name and operands. */
static const exec_oper basic_opers[] = {
	EXEC_OPER_ROW("#", INT8, INT8, INT8, int_xor, 1888, NULL, false),
	EXEC_OPER_ROW("#", INT2, INT2, INT2, int_xor, 1876, NULL, false),
	EXEC_OPER_ROW("#", INT4, INT4, INT4, int_xor, 1882, NULL, false),
	EXEC_OPER_ROW("%", INT8, INT8, INT8, int_mod, 439, NULL, false),
	EXEC_OPER_ROW("%", INT2, INT2, INT2, int_mod, 529, NULL, false),
	EXEC_OPER_ROW("%", INT4, INT4, INT4, int_mod, 530, NULL, false),
	EXEC_OPER_ROW("&", INT8, INT8, INT8, int_and, 1886, NULL, false),
	EXEC_OPER_ROW("&", INT2, INT2, INT2, int_and, 1874, NULL, false),
	EXEC_OPER_ROW("&", INT4, INT4, INT4, int_and, 1880, NULL, false),
	EXEC_OPER_ROW("*", INT8, INT8, INT8, int_mul, 686, NULL, false),
	EXEC_OPER_ROW("*", INT8, INT2, INT8, int_mul, 820, NULL, false),
	EXEC_OPER_ROW("*", INT8, INT4, INT8, int_mul, 690, NULL, false),
	EXEC_OPER_ROW("*", INT2, INT8, INT8, int_mul, 824, NULL, false),
	EXEC_OPER_ROW("*", INT2, INT2, INT2, int_mul, 526, NULL, false),
	EXEC_OPER_ROW("*", INT2, INT4, INT4, int_mul, 544, NULL, false),
	EXEC_OPER_ROW("*", INT4, INT8, INT8, int_mul, 694, NULL, false),
	EXEC_OPER_ROW("*", INT4, INT2, INT4, int_mul, 545, NULL, false),
	EXEC_OPER_ROW("*", INT4, INT4, INT4, int_mul, 514, NULL, false),
	EXEC_OPER_ROW("*", FLOAT4, FLOAT4, FLOAT4, float_mul, 589, NULL, false),
	EXEC_OPER_ROW("*", FLOAT4, FLOAT8, FLOAT8, float_mul, 1119, NULL, false),
	EXEC_OPER_ROW("*", FLOAT8, FLOAT4, FLOAT8, float_mul, 1129, NULL, false),
	EXEC_OPER_ROW("*", FLOAT8, FLOAT8, FLOAT8, float_mul, 594, NULL, false),
	EXEC_OPER_ROW("+", INVALID, INT8, INT8, num_up, 1916, NULL, false),
	EXEC_OPER_ROW("+", INVALID, INT2, INT2, num_up, 1917, NULL, false),
	EXEC_OPER_ROW("+", INVALID, INT4, INT4, num_up, 1918, NULL, false),
	EXEC_OPER_ROW("+", INVALID, FLOAT4, FLOAT4, num_up, 1919, NULL, false),
	EXEC_OPER_ROW("+", INVALID, FLOAT8, FLOAT8, num_up, 1920, NULL, false),
	EXEC_OPER_ROW("+", INT8, INT8, INT8, int_pl, 684, NULL, false),
	EXEC_OPER_ROW("+", INT8, INT2, INT8, int_pl, 818, NULL, false),
	EXEC_OPER_ROW("+", INT8, INT4, INT8, int_pl, 688, NULL, false),
	EXEC_OPER_ROW("+", INT2, INT8, INT8, int_pl, 822, NULL, false),
	EXEC_OPER_ROW("+", INT2, INT2, INT2, int_pl, 550, NULL, false),
	EXEC_OPER_ROW("+", INT2, INT4, INT4, int_pl, 552, NULL, false),
	EXEC_OPER_ROW("+", INT4, INT8, INT8, int_pl, 692, NULL, false),
	EXEC_OPER_ROW("+", INT4, INT2, INT4, int_pl, 553, NULL, false),
	EXEC_OPER_ROW("+", INT4, INT4, INT4, int_pl, 551, NULL, false),
	EXEC_OPER_ROW("+", FLOAT4, FLOAT4, FLOAT4, float_pl, 586, NULL, false),
	EXEC_OPER_ROW("+", FLOAT4, FLOAT8, FLOAT8, float_pl, 1116, NULL, false),
	EXEC_OPER_ROW("+", FLOAT8, FLOAT4, FLOAT8, float_pl, 1126, NULL, false),
	EXEC_OPER_ROW("+", FLOAT8, FLOAT8, FLOAT8, float_pl, 591, NULL, false),
	EXEC_OPER_ROW("-", INVALID, INT8, INT8, int_um, 484, NULL, false),
	EXEC_OPER_ROW("-", INVALID, INT2, INT2, int_um, 559, NULL, false),
	EXEC_OPER_ROW("-", INVALID, INT4, INT4, int_um, 558, NULL, false),
	EXEC_OPER_ROW("-", INVALID, FLOAT4, FLOAT4, float_um, 584, NULL, false),
	EXEC_OPER_ROW("-", INVALID, FLOAT8, FLOAT8, float_um, 585, NULL, false),
	EXEC_OPER_ROW("-", INT8, INT8, INT8, int_mi, 685, NULL, false),
	EXEC_OPER_ROW("-", INT8, INT2, INT8, int_mi, 819, NULL, false),
	EXEC_OPER_ROW("-", INT8, INT4, INT8, int_mi, 689, NULL, false),
	EXEC_OPER_ROW("-", INT2, INT8, INT8, int_mi, 823, NULL, false),
	EXEC_OPER_ROW("-", INT2, INT2, INT2, int_mi, 554, NULL, false),
	EXEC_OPER_ROW("-", INT2, INT4, INT4, int_mi, 556, NULL, false),
	EXEC_OPER_ROW("-", INT4, INT8, INT8, int_mi, 693, NULL, false),
	EXEC_OPER_ROW("-", INT4, INT2, INT4, int_mi, 557, NULL, false),
	EXEC_OPER_ROW("-", INT4, INT4, INT4, int_mi, 555, NULL, false),
	EXEC_OPER_ROW("-", FLOAT4, FLOAT4, FLOAT4, float_mi, 587, NULL, false),
	EXEC_OPER_ROW("-", FLOAT4, FLOAT8, FLOAT8, float_mi, 1117, NULL, false),
	EXEC_OPER_ROW("-", FLOAT8, FLOAT4, FLOAT8, float_mi, 1127, NULL, false),
	EXEC_OPER_ROW("-", FLOAT8, FLOAT8, FLOAT8, float_mi, 592, NULL, false),
	EXEC_OPER_ROW("/", INT8, INT8, INT8, int_div, 687, NULL, false),
	EXEC_OPER_ROW("/", INT8, INT2, INT8, int_div, 821, NULL, false),
	EXEC_OPER_ROW("/", INT8, INT4, INT8, int_div, 691, NULL, false),
	EXEC_OPER_ROW("/", INT2, INT8, INT8, int_div, 825, NULL, false),
	EXEC_OPER_ROW("/", INT2, INT2, INT2, int_div, 527, NULL, false),
	EXEC_OPER_ROW("/", INT2, INT4, INT4, int_div, 546, NULL, false),
	EXEC_OPER_ROW("/", INT4, INT8, INT8, int_div, 695, NULL, false),
	EXEC_OPER_ROW("/", INT4, INT2, INT4, int_div, 547, NULL, false),
	EXEC_OPER_ROW("/", INT4, INT4, INT4, int_div, 528, NULL, false),
	EXEC_OPER_ROW("/", FLOAT4, FLOAT4, FLOAT4, float_div, 588, NULL, false),
	EXEC_OPER_ROW("/", FLOAT4, FLOAT8, FLOAT8, float_div, 1118, NULL, false),
	EXEC_OPER_ROW("/", FLOAT8, FLOAT4, FLOAT8, float_div, 1128, NULL, false),
	EXEC_OPER_ROW("/", FLOAT8, FLOAT8, FLOAT8, float_div, 593, NULL, false),
	EXEC_OPER_ROW("<", BOOL, BOOL, BOOL, bool_lt, 58, ">=", false),
	EXEC_OPER_ROW("<", CHAR, CHAR, BOOL, int_lt, 631, ">=", false),
	EXEC_OPER_ROW("<", INT8, INT8, BOOL, int_lt, 412, ">=", false),
	EXEC_OPER_ROW("<", INT8, INT2, BOOL, int_lt, 1870, ">=", false),
	EXEC_OPER_ROW("<", INT8, INT4, BOOL, int_lt, 418, ">=", false),
	EXEC_OPER_ROW("<", INT2, INT8, BOOL, int_lt, 1864, ">=", false),
	EXEC_OPER_ROW("<", INT2, INT2, BOOL, int_lt, 95, ">=", false),
	EXEC_OPER_ROW("<", INT2, INT4, BOOL, int_lt, 534, ">=", false),
	EXEC_OPER_ROW("<", INT4, INT8, BOOL, int_lt, 37, ">=", false),
	EXEC_OPER_ROW("<", INT4, INT2, BOOL, int_lt, 535, ">=", false),
	EXEC_OPER_ROW("<", INT4, INT4, BOOL, int_lt, 97, ">=", false),
	EXEC_OPER_ROW("<", OID, OID, BOOL, int_lt, 609, ">=", false),
	EXEC_OPER_ROW("<", FLOAT4, FLOAT4, BOOL, float_lt, 622, ">=", false),
	EXEC_OPER_ROW("<", FLOAT4, FLOAT8, BOOL, float_lt, 1122, ">=", false),
	EXEC_OPER_ROW("<", FLOAT8, FLOAT4, BOOL, float_lt, 1132, ">=", false),
	EXEC_OPER_ROW("<", FLOAT8, FLOAT8, BOOL, float_lt, 672, ">=", false),
	EXEC_OPER_ROW("<<", INT8, INT4, INT8, int_shl, 1890, NULL, false),
	EXEC_OPER_ROW("<<", INT2, INT4, INT2, int_shl, 1878, NULL, false),
	EXEC_OPER_ROW("<<", INT4, INT4, INT4, int_shl, 1884, NULL, false),
	EXEC_OPER_ROW("<=", BOOL, BOOL, BOOL, bool_le, 1694, ">", false),
	EXEC_OPER_ROW("<=", CHAR, CHAR, BOOL, int_le, 632, ">", false),
	EXEC_OPER_ROW("<=", INT8, INT8, BOOL, int_le, 414, ">", false),
	EXEC_OPER_ROW("<=", INT8, INT2, BOOL, int_le, 1872, ">", false),
	EXEC_OPER_ROW("<=", INT8, INT4, BOOL, int_le, 420, ">", false),
	EXEC_OPER_ROW("<=", INT2, INT8, BOOL, int_le, 1866, ">", false),
	EXEC_OPER_ROW("<=", INT2, INT2, BOOL, int_le, 522, ">", false),
	EXEC_OPER_ROW("<=", INT2, INT4, BOOL, int_le, 540, ">", false),
	EXEC_OPER_ROW("<=", INT4, INT8, BOOL, int_le, 80, ">", false),
	EXEC_OPER_ROW("<=", INT4, INT2, BOOL, int_le, 541, ">", false),
	EXEC_OPER_ROW("<=", INT4, INT4, BOOL, int_le, 523, ">", false),
	EXEC_OPER_ROW("<=", OID, OID, BOOL, int_le, 611, ">", false),
	EXEC_OPER_ROW("<=", FLOAT4, FLOAT4, BOOL, float_le, 624, ">", false),
	EXEC_OPER_ROW("<=", FLOAT4, FLOAT8, BOOL, float_le, 1124, ">", false),
	EXEC_OPER_ROW("<=", FLOAT8, FLOAT4, BOOL, float_le, 1134, ">", false),
	EXEC_OPER_ROW("<=", FLOAT8, FLOAT8, BOOL, float_le, 673, ">", false),
	EXEC_OPER_ROW("<>", BOOL, BOOL, BOOL, bool_ne, 85, "=", false),
	EXEC_OPER_ROW("<>", CHAR, CHAR, BOOL, int_ne, 630, "=", false),
	EXEC_OPER_ROW("<>", INT8, INT8, BOOL, int_ne, 411, "=", false),
	EXEC_OPER_ROW("<>", INT8, INT2, BOOL, int_ne, 1869, "=", false),
	EXEC_OPER_ROW("<>", INT8, INT4, BOOL, int_ne, 417, "=", false),
	EXEC_OPER_ROW("<>", INT2, INT8, BOOL, int_ne, 1863, "=", false),
	EXEC_OPER_ROW("<>", INT2, INT2, BOOL, int_ne, 519, "=", false),
	EXEC_OPER_ROW("<>", INT2, INT4, BOOL, int_ne, 538, "=", false),
	EXEC_OPER_ROW("<>", INT4, INT8, BOOL, int_ne, 36, "=", false),
	EXEC_OPER_ROW("<>", INT4, INT2, BOOL, int_ne, 539, "=", false),
	EXEC_OPER_ROW("<>", INT4, INT4, BOOL, int_ne, 518, "=", false),
	EXEC_OPER_ROW("<>", OID, OID, BOOL, int_ne, 608, "=", false),
	EXEC_OPER_ROW("<>", FLOAT4, FLOAT4, BOOL, float_ne, 621, "=", false),
	EXEC_OPER_ROW("<>", FLOAT4, FLOAT8, BOOL, float_ne, 1121, "=", false),
	EXEC_OPER_ROW("<>", FLOAT8, FLOAT4, BOOL, float_ne, 1131, "=", false),
	EXEC_OPER_ROW("<>", FLOAT8, FLOAT8, BOOL, float_ne, 671, "=", false),
	EXEC_OPER_ROW("=", BOOL, BOOL, BOOL, bool_eq, 91, "<>", true),
	EXEC_OPER_ROW("=", CHAR, CHAR, BOOL, int_eq, 92, "<>", true),
	EXEC_OPER_ROW("=", INT8, INT8, BOOL, int_eq, 410, "<>", true),
	EXEC_OPER_ROW("=", INT8, INT2, BOOL, int_eq, 1868, "<>", true),
	EXEC_OPER_ROW("=", INT8, INT4, BOOL, int_eq, 416, "<>", true),
	EXEC_OPER_ROW("=", INT2, INT8, BOOL, int_eq, 1862, "<>", true),
	EXEC_OPER_ROW("=", INT2, INT2, BOOL, int_eq, 94, "<>", true),
	EXEC_OPER_ROW("=", INT2, INT4, BOOL, int_eq, 532, "<>", true),
	EXEC_OPER_ROW("=", INT4, INT8, BOOL, int_eq, 15, "<>", true),
	EXEC_OPER_ROW("=", INT4, INT2, BOOL, int_eq, 533, "<>", true),
	EXEC_OPER_ROW("=", INT4, INT4, BOOL, int_eq, 96, "<>", true),
	EXEC_OPER_ROW("=", OID, OID, BOOL, int_eq, 607, "<>", true),
	EXEC_OPER_ROW("=", FLOAT4, FLOAT4, BOOL, float_eq, 620, "<>", true),
	EXEC_OPER_ROW("=", FLOAT4, FLOAT8, BOOL, float_eq, 1120, "<>", true),
	EXEC_OPER_ROW("=", FLOAT8, FLOAT4, BOOL, float_eq, 1130, "<>", true),
	EXEC_OPER_ROW("=", FLOAT8, FLOAT8, BOOL, float_eq, 670, "<>", true),
	EXEC_OPER_ROW(">", BOOL, BOOL, BOOL, bool_gt, 59, "<=", false),
	EXEC_OPER_ROW(">", CHAR, CHAR, BOOL, int_gt, 633, "<=", false),
	EXEC_OPER_ROW(">", INT8, INT8, BOOL, int_gt, 413, "<=", false),
	EXEC_OPER_ROW(">", INT8, INT2, BOOL, int_gt, 1871, "<=", false),
	EXEC_OPER_ROW(">", INT8, INT4, BOOL, int_gt, 419, "<=", false),
	EXEC_OPER_ROW(">", INT2, INT8, BOOL, int_gt, 1865, "<=", false),
	EXEC_OPER_ROW(">", INT2, INT2, BOOL, int_gt, 520, "<=", false),
	EXEC_OPER_ROW(">", INT2, INT4, BOOL, int_gt, 536, "<=", false),
	EXEC_OPER_ROW(">", INT4, INT8, BOOL, int_gt, 76, "<=", false),
	EXEC_OPER_ROW(">", INT4, INT2, BOOL, int_gt, 537, "<=", false),
	EXEC_OPER_ROW(">", INT4, INT4, BOOL, int_gt, 521, "<=", false),
	EXEC_OPER_ROW(">", OID, OID, BOOL, int_gt, 610, "<=", false),
	EXEC_OPER_ROW(">", FLOAT4, FLOAT4, BOOL, float_gt, 623, "<=", false),
	EXEC_OPER_ROW(">", FLOAT4, FLOAT8, BOOL, float_gt, 1123, "<=", false),
	EXEC_OPER_ROW(">", FLOAT8, FLOAT4, BOOL, float_gt, 1133, "<=", false),
	EXEC_OPER_ROW(">", FLOAT8, FLOAT8, BOOL, float_gt, 674, "<=", false),
	EXEC_OPER_ROW(">=", BOOL, BOOL, BOOL, bool_ge, 1695, "<", false),
	EXEC_OPER_ROW(">=", CHAR, CHAR, BOOL, int_ge, 634, "<", false),
	EXEC_OPER_ROW(">=", INT8, INT8, BOOL, int_ge, 415, "<", false),
	EXEC_OPER_ROW(">=", INT8, INT2, BOOL, int_ge, 1873, "<", false),
	EXEC_OPER_ROW(">=", INT8, INT4, BOOL, int_ge, 430, "<", false),
	EXEC_OPER_ROW(">=", INT2, INT8, BOOL, int_ge, 1867, "<", false),
	EXEC_OPER_ROW(">=", INT2, INT2, BOOL, int_ge, 524, "<", false),
	EXEC_OPER_ROW(">=", INT2, INT4, BOOL, int_ge, 542, "<", false),
	EXEC_OPER_ROW(">=", INT4, INT8, BOOL, int_ge, 82, "<", false),
	EXEC_OPER_ROW(">=", INT4, INT2, BOOL, int_ge, 543, "<", false),
	EXEC_OPER_ROW(">=", INT4, INT4, BOOL, int_ge, 525, "<", false),
	EXEC_OPER_ROW(">=", OID, OID, BOOL, int_ge, 612, "<", false),
	EXEC_OPER_ROW(">=", FLOAT4, FLOAT4, BOOL, float_ge, 625, "<", false),
	EXEC_OPER_ROW(">=", FLOAT4, FLOAT8, BOOL, float_ge, 1125, "<", false),
	EXEC_OPER_ROW(">=", FLOAT8, FLOAT4, BOOL, float_ge, 1135, "<", false),
	EXEC_OPER_ROW(">=", FLOAT8, FLOAT8, BOOL, float_ge, 675, "<", false),
	EXEC_OPER_ROW(">>", INT8, INT4, INT8, int_shr, 1891, NULL, false),
	EXEC_OPER_ROW(">>", INT2, INT4, INT2, int_shr, 1879, NULL, false),
	EXEC_OPER_ROW(">>", INT4, INT4, INT4, int_shr, 1885, NULL, false),
	EXEC_OPER_ROW("@", INVALID, INT8, INT8, int_abs, 473, NULL, false),
	EXEC_OPER_ROW("@", INVALID, INT2, INT2, int_abs, 682, NULL, false),
	EXEC_OPER_ROW("@", INVALID, INT4, INT4, int_abs, 773, NULL, false),
	EXEC_OPER_ROW("@", INVALID, FLOAT4, FLOAT4, float_abs, 590, NULL, false),
	EXEC_OPER_ROW("@", INVALID, FLOAT8, FLOAT8, float_abs, 595, NULL, false),
	EXEC_OPER_ROW("^", FLOAT8, FLOAT8, FLOAT8, float_pow, 965, NULL, false),
	EXEC_OPER_ROW("|", INT8, INT8, INT8, int_or, 1887, NULL, false),
	EXEC_OPER_ROW("|", INT2, INT2, INT2, int_or, 1875, NULL, false),
	EXEC_OPER_ROW("|", INT4, INT4, INT4, int_or, 1881, NULL, false),
	EXEC_OPER_ROW("|/", INVALID, FLOAT8, FLOAT8, float_sqrt, 596, NULL, false),
	EXEC_OPER_ROW("||/", INVALID, FLOAT8, FLOAT8, float_cbrt, 597, NULL, false),
	EXEC_OPER_ROW("~", INVALID, INT8, INT8, int_not, 1889, NULL, false),
	EXEC_OPER_ROW("~", INVALID, INT2, INT2, int_not, 1877, NULL, false),
	EXEC_OPER_ROW("~", INVALID, INT4, INT4, int_not, 1883, NULL, false),
};

static const exec_func basic_funcs[] = {
	EXEC_FUNC_ROW("abs", FLOAT4, 1, EXEC_ARGS1(FLOAT4), float_abs, 1394),
	EXEC_FUNC_ROW("abs", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_abs, 1395),
	EXEC_FUNC_ROW("abs", INT8, 1, EXEC_ARGS1(INT8), int_abs, 1396),
	EXEC_FUNC_ROW("abs", INT4, 1, EXEC_ARGS1(INT4), int_abs, 1397),
	EXEC_FUNC_ROW("abs", INT2, 1, EXEC_ARGS1(INT2), int_abs, 1398),
	EXEC_FUNC_ROW("acos", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_acos, 1601),
	EXEC_FUNC_ROW("asin", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_asin, 1600),
	EXEC_FUNC_ROW("atan", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_atan, 1602),
	EXEC_FUNC_ROW("atan2", FLOAT8, 2, EXEC_ARGS2(FLOAT8, FLOAT8), float_atan2, 1603),
	EXEC_FUNC_ROW("cbrt", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_cbrt, 1345),
	EXEC_FUNC_ROW("ceil", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_ceil, 2308),
	EXEC_FUNC_ROW("ceiling", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_ceil, 2320),
	EXEC_FUNC_ROW("cos", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_cos, 1605),
	EXEC_FUNC_ROW("cosh", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_cosh, 2463),
	EXEC_FUNC_ROW("cot", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_cot, 1607),
	EXEC_FUNC_ROW("degrees", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_degrees, 1608),
	EXEC_FUNC_ROW("exp", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_exp, 1347),
	EXEC_FUNC_ROW("floor", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_floor, 2309),
	EXEC_FUNC_ROW("gcd", INT4, 2, EXEC_ARGS2(INT4, INT4), int_gcd, 5044),
	EXEC_FUNC_ROW("gcd", INT8, 2, EXEC_ARGS2(INT8, INT8), int_gcd, 5045),
	EXEC_FUNC_ROW("lcm", INT4, 2, EXEC_ARGS2(INT4, INT4), int_lcm, 5046),
	EXEC_FUNC_ROW("lcm", INT8, 2, EXEC_ARGS2(INT8, INT8), int_lcm, 5047),
	EXEC_FUNC_ROW("ln", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_ln, 1341),
	EXEC_FUNC_ROW("log", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_log10, 1340),
	EXEC_FUNC_ROW("log10", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_log10, 1194),
	EXEC_FUNC_ROW("mod", INT2, 2, EXEC_ARGS2(INT2, INT2), int_mod, 940),
	EXEC_FUNC_ROW("mod", INT4, 2, EXEC_ARGS2(INT4, INT4), int_mod, 941),
	EXEC_FUNC_ROW("mod", INT8, 2, EXEC_ARGS2(INT8, INT8), int_mod, 947),
	{"num_nonnulls", EXEC_OID_INT4, 1, {EXEC_OID_ANY}, true, false, 'i', num_nonnulls_fn, 440},
	{"num_nulls", EXEC_OID_INT4, 1, {EXEC_OID_ANY}, true, false, 'i', num_nulls_fn, 438},
	{"pg_typeof", EXEC_OID_REGTYPE, 1, {EXEC_OID_ANY}, false, false, 's', pg_typeof_fn, 1619},
	EXEC_FUNC_ROW("pi", FLOAT8, 0, EXEC_ARGS1(INVALID), float_pi, 1610),
	EXEC_FUNC_ROW("pow", FLOAT8, 2, EXEC_ARGS2(FLOAT8, FLOAT8), float_pow, 1346),
	EXEC_FUNC_ROW("power", FLOAT8, 2, EXEC_ARGS2(FLOAT8, FLOAT8), float_pow, 1368),
	EXEC_FUNC_ROW("radians", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_radians, 1609),
	{"random", EXEC_OID_FLOAT8, 0, {0}, false, true, 'v', float_random, 1598},
	EXEC_FUNC_ROW("round", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_round, 1342),
	EXEC_FUNC_ROW("sign", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_sign, 2310),
	EXEC_FUNC_ROW("sin", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_sin, 1604),
	EXEC_FUNC_ROW("sinh", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_sinh, 2462),
	EXEC_FUNC_ROW("sqrt", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_sqrt, 1344),
	EXEC_FUNC_ROW("tan", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_tan, 1606),
	EXEC_FUNC_ROW("tanh", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_tanh, 2464),
	EXEC_FUNC_ROW("trunc", FLOAT8, 1, EXEC_ARGS1(FLOAT8), float_trunc, 1343),
};

const exec_module exec_mod_basic = {"basic", basic_types, EXEC_NELEM(basic_types), basic_casts,
	EXEC_NELEM(basic_casts), basic_opers, EXEC_NELEM(basic_opers), basic_funcs,
	EXEC_NELEM(basic_funcs), NULL, 0};
