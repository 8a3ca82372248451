/*
 * numeric.c - the numeric type: exact decimal arithmetic in base 10000,
 * its text form, typmod, casts to and from the integer and float types,
 * its operators and functions, and the sum and avg aggregates of every
 * numeric type (int2, int4, int8, numeric, float4, float8).
 *
 * What it does not do: the integer and float types themselves (basic.c)
 * and min/max (agg.c).  It does to_char of every number type (numeric,
 * int4, int8, float4, float8), whose templates are about decimal text.
 *
 * Design.  Results follow PostgreSQL digit for digit, so the rules that
 * choose a result's scale (division, sqrt, exp, ln, log, power) are
 * PostgreSQL's; where PostgreSQL computes with guard digits and rounds,
 * this code does the same within its own algorithms.  Arithmetic works on
 * `nvar`, a scratch form with malloc'd digits that is freed as soon as it
 * is used, so that long computations (ln of a thousand digits, a sum over
 * a million rows) leave only their result in the statement's arena.
 * Special values (NaN, +-Infinity) are settled by each SQL function before
 * any nvar is built, as PostgreSQL does; an nvar is always finite.
 *
 * The aggregates keep their running state in a bytea value whose bytes
 * are this module's accumulator struct (PostgreSQL's "internal" states):
 * the bytes are self-contained, so a copied state stays valid, and step
 * updates them in place, growing them only when a sum needs more digits.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "numeric.h"
#include "sql.h"

#define NBASE      EXEC_NUMERIC_NBASE
#define HALF_NBASE (NBASE / 2)
#define DEC_DIGITS EXEC_NUMERIC_DEC_DIGITS

#define POS  EXEC_NUMERIC_POS
#define NEG  EXEC_NUMERIC_NEG
#define NAN_ EXEC_NUMERIC_NAN
#define PINF EXEC_NUMERIC_PINF
#define NINF EXEC_NUMERIC_NINF

/* PostgreSQL's limits and the constants of its scale rules. */
enum {
	MIN_SIG_DIGITS = 16,      /* significant digits a computed result has at least */
	MAX_DISPLAY_SCALE = 1000, /* the largest scale a computed result gets */
	MAX_RESULT_SCALE = 2000,  /* the bound exp() and power() test against */
	WEIGHT_MAX = 32767,
	DSCALE_MAX = 16383,
};

static const int pow10_tab[DEC_DIGITS + 1] = {1, 10, 100, 1000, 10000};

static int imax(int a, int b)
{
	return a > b ? a : b;
}

static int imin(int a, int b)
{
	return a < b ? a : b;
}

/* malloc that aborts, as store_buf and the arena do: scratch sizes are bounded by the limits. */
static void *xalloc(size_t n)
{
	void *p = malloc(n > 0 ? n : 1);

	if (p == NULL)
		abort();
	return p;
}

/* ---- nvar: scratch numbers ---- */

/*
 * A finite number being computed.  digits point into buf (owned, with a
 * spare slot in front for a carry) or, for a view of an exec_numeric,
 * into the numeric itself with buf NULL: views are only ever read.  Every
 * function leaves its result stripped (no leading or trailing zero
 * digits; zero has none and sign POS).
 */
typedef struct nvar {
	int ndigits;
	int weight;
	int sign; /* POS or NEG */
	int dscale;
	int16_t *buf;
	int16_t *digits;
} nvar;

#define NVAR_INIT                                                                                  \
	{                                                                                          \
		0, 0, POS, 0, NULL, NULL                                                           \
	}

static void nv_free(nvar *v)
{
	free(v->buf);
	v->buf = NULL;
	v->digits = NULL;
	v->ndigits = 0;
}

/* Room for n digits (contents undefined); what v held is gone. */
static void nv_alloc(nvar *v, int n)
{
	free(v->buf);
	v->buf = xalloc(sizeof(int16_t) * (size_t)(n + 1));
	v->buf[0] = 0;
	v->digits = v->buf + 1;
	v->ndigits = n;
}

static void nv_zero(nvar *v, int dscale)
{
	nv_free(v);
	v->weight = 0;
	v->sign = POS;
	v->dscale = imax(dscale, 0);
}

/* dst takes src's value and storage; src is left empty.  dst may have held anything. */
static void nv_move(nvar *dst, nvar *src)
{
	if (dst == src)
		return;
	free(dst->buf);
	*dst = *src;
	src->buf = NULL;
	src->digits = NULL;
	src->ndigits = 0;
}

/* dst = src as an owned copy (dst != src). */
static void nv_copy(nvar *dst, const nvar *src)
{
	nvar r = *src;

	r.buf = NULL;
	nv_alloc(&r, src->ndigits);
	if (src->ndigits > 0)
		memcpy(r.digits, src->digits, sizeof(int16_t) * (size_t)src->ndigits);
	nv_move(dst, &r);
}

/* Make v's digits writable, with the spare slot in front still free. */
static void nv_own(nvar *v)
{
	if (v->buf == NULL || v->digits == v->buf) {
		nvar tmp = *v;

		v->buf = NULL;
		nv_copy(v, &tmp);
	}
}

static void nv_strip(nvar *v)
{
	while (v->ndigits > 0 && v->digits[0] == 0) {
		v->digits++;
		v->ndigits--;
		v->weight--;
	}
	while (v->ndigits > 0 && v->digits[v->ndigits - 1] == 0)
		v->ndigits--;
	if (v->ndigits == 0) {
		v->weight = 0;
		v->sign = POS;
	}
}

/* A read-only view of a finite numeric. */
static void nv_view(const exec_numeric *n, nvar *v)
{
	assert(n->sign == POS || n->sign == NEG);
	v->ndigits = n->ndigits;
	v->weight = n->weight;
	v->sign = n->sign;
	v->dscale = n->dscale;
	v->buf = NULL;
	v->digits = (int16_t *)n->digits; /* never written: see nvar */
}

/* i exactly, scale 0.  A 128-bit magnitude covers int64 and the int8 sum accumulator. */
static void nv_from_i128(__int128 i, nvar *v)
{
	unsigned __int128 m =
		i < 0 ? (unsigned __int128)0 - (unsigned __int128)i : (unsigned __int128)i;
	int16_t tmp[12];
	int n = 0;

	while (m > 0) {
		tmp[n++] = (int16_t)(m % NBASE);
		m /= NBASE;
	}
	nv_alloc(v, n);
	for (int k = 0; k < n; k++)
		v->digits[k] = tmp[n - 1 - k];
	v->weight = n - 1;
	v->sign = i < 0 ? NEG : POS;
	v->dscale = 0;
	nv_strip(v);
}

static void nv_from_int(int64_t i, nvar *v)
{
	nv_from_i128(i, v);
}

/* The digit of weight w (0 outside the digits). */
static int nv_digit(const nvar *v, int w)
{
	int k = v->weight - w;

	return k >= 0 && k < v->ndigits ? v->digits[k] : 0;
}

/* ---- comparison, addition, subtraction ---- */

static int nv_cmp_abs(const nvar *a, const nvar *b)
{
	int n;

	if (a->ndigits == 0 || b->ndigits == 0)
		return (a->ndigits > 0) - (b->ndigits > 0);
	if (a->weight != b->weight)
		return a->weight > b->weight ? 1 : -1;
	n = imin(a->ndigits, b->ndigits);
	for (int k = 0; k < n; k++)
		if (a->digits[k] != b->digits[k])
			return a->digits[k] > b->digits[k] ? 1 : -1;
	return (a->ndigits > n) - (b->ndigits > n);
}

static int nv_cmp(const nvar *a, const nvar *b)
{
	int sa = a->ndigits == 0 ? 0 : a->sign == NEG ? -1 : 1;
	int sb = b->ndigits == 0 ? 0 : b->sign == NEG ? -1 : 1;

	if (sa != sb)
		return sa < sb ? -1 : 1;
	return sa >= 0 ? nv_cmp_abs(a, b) : -nv_cmp_abs(a, b);
}

/* Lowest weight that has a digit (weight for zero). */
static int nv_low(const nvar *v)
{
	return v->weight - v->ndigits + 1;
}

/* res = |a| + |b|, positive, dscale the larger. */
static void nv_add_abs(const nvar *a, const nvar *b, nvar *res)
{
	int hi = imax(a->weight, b->weight) + 1;
	int lo = imin(nv_low(a), nv_low(b));
	nvar r = NVAR_INIT;
	int carry = 0;

	nv_alloc(&r, hi - lo + 1);
	for (int w = lo; w <= hi; w++) {
		int d = nv_digit(a, w) + nv_digit(b, w) + carry;

		carry = d >= NBASE;
		r.digits[hi - w] = (int16_t)(carry ? d - NBASE : d);
	}
	r.weight = hi;
	r.sign = POS;
	r.dscale = imax(a->dscale, b->dscale);
	nv_strip(&r);
	nv_move(res, &r);
}

/* res = |a| - |b| for |a| >= |b|, positive, dscale the larger. */
static void nv_sub_abs(const nvar *a, const nvar *b, nvar *res)
{
	int hi = a->weight;
	int lo = imin(nv_low(a), nv_low(b));
	nvar r = NVAR_INIT;
	int borrow = 0;

	nv_alloc(&r, hi - lo + 1);
	for (int w = lo; w <= hi; w++) {
		int d = nv_digit(a, w) - nv_digit(b, w) - borrow;

		borrow = d < 0;
		r.digits[hi - w] = (int16_t)(borrow ? d + NBASE : d);
	}
	assert(borrow == 0);
	r.weight = hi;
	r.sign = POS;
	r.dscale = imax(a->dscale, b->dscale);
	nv_strip(&r);
	nv_move(res, &r);
}

/* res = a + b, with b's sign taken as bsign (so that subtraction is addition). */
static void nv_add_signed(const nvar *a, const nvar *b, int bsign, nvar *res)
{
	int asign = a->sign;
	int c;

	if (b->ndigits == 0)
		bsign = POS;
	if (a->ndigits == 0)
		asign = POS;
	if (asign == bsign || a->ndigits == 0 || b->ndigits == 0) {
		int sign = a->ndigits > 0 ? asign : bsign;

		nv_add_abs(a, b, res);
		if (res->ndigits > 0)
			res->sign = sign;
		return;
	}
	c = nv_cmp_abs(a, b);
	if (c == 0) {
		nv_zero(res, imax(a->dscale, b->dscale));
	} else if (c > 0) {
		nv_sub_abs(a, b, res);
		res->sign = asign;
	} else {
		nv_sub_abs(b, a, res);
		res->sign = bsign;
	}
}

static void nv_add(const nvar *a, const nvar *b, nvar *res)
{
	nv_add_signed(a, b, b->sign, res);
}

static void nv_sub(const nvar *a, const nvar *b, nvar *res)
{
	nv_add_signed(a, b, b->sign == NEG ? POS : NEG, res);
}

/* ---- rounding ---- */

/* Ceiling of n / DEC_DIGITS for any sign. */
static int ceil_div_dec(int n)
{
	return n >= 0 ? (n + DEC_DIGITS - 1) / DEC_DIGITS : -(-n / DEC_DIGITS);
}

/*
 * Round v (owned or not) half away from zero to rscale decimal places;
 * rscale may be negative (round to tens, hundreds...).  dscale becomes
 * max(rscale, 0).
 */
static void nv_round(nvar *v, int rscale)
{
	/* decimal digits kept, counted from the top of digit 0 */
	int keep = (v->weight + 1) * DEC_DIGITS + rscale;
	int nkeep, drop, k;
	bool carry = false;

	v->dscale = imax(rscale, 0);
	if (keep < 0) {
		nv_zero(v, rscale);
		return;
	}
	nkeep = ceil_div_dec(keep);
	drop = nkeep * DEC_DIGITS - keep; /* decimal digits cleared in digit nkeep-1 */
	if (nkeep > v->ndigits || (nkeep == v->ndigits && drop == 0))
		return; /* nothing below the kept digits */
	nv_own(v);

	/* Decide on the carry and cut the digits. */
	if (drop == 0) {
		carry = v->digits[nkeep] >= HALF_NBASE;
	} else {
		int p = pow10_tab[drop];
		int rem = v->digits[nkeep - 1] % p;

		v->digits[nkeep - 1] = (int16_t)(v->digits[nkeep - 1] - rem);
		if (rem * 2 >= p)
			v->digits[nkeep - 1] = (int16_t)(v->digits[nkeep - 1] + p);
	}
	v->ndigits = nkeep;

	/* Propagate, into the spare digit in front if need be. */
	k = nkeep - 1;
	if (carry) {
		if (k < 0) {
			v->digits[-1] = 0;
			v->digits--;
			v->ndigits++;
			v->weight++;
			k = 0;
		}
		v->digits[k]++;
	}
	while (k >= 0 && v->digits[k] >= NBASE) {
		v->digits[k] = (int16_t)(v->digits[k] - NBASE);
		if (k == 0) {
			v->digits[-1] = 0;
			v->digits--;
			v->ndigits++;
			v->weight++;
			k = 1;
		}
		v->digits[--k]++;
	}
	nv_strip(v);
}

/* Truncate v toward zero to rscale decimal places (any sign); dscale max(rscale, 0). */
static void nv_trunc(nvar *v, int rscale)
{
	int keep = (v->weight + 1) * DEC_DIGITS + rscale;
	int nkeep, drop;

	v->dscale = imax(rscale, 0);
	if (keep <= 0) {
		nv_zero(v, rscale);
		return;
	}
	nkeep = ceil_div_dec(keep);
	drop = nkeep * DEC_DIGITS - keep;
	if (nkeep > v->ndigits || (nkeep == v->ndigits && drop == 0))
		return;
	nv_own(v);
	v->ndigits = nkeep;
	if (drop > 0)
		v->digits[nkeep - 1] =
			(int16_t)(v->digits[nkeep - 1] - v->digits[nkeep - 1] % pow10_tab[drop]);
	nv_strip(v);
}

/* ---- multiplication and division ---- */

/* res = a * b rounded to rscale (exact when rscale >= a.dscale + b.dscale). */
static void nv_mul(const nvar *a, const nvar *b, nvar *res, int rscale)
{
	nvar r = NVAR_INIT;
	int64_t *acc;
	int n;

	if (a->ndigits == 0 || b->ndigits == 0) {
		nv_zero(res, rscale);
		return;
	}
	n = a->ndigits + b->ndigits;
	acc = calloc((size_t)n, sizeof(*acc));
	if (acc == NULL)
		abort();

	/* Column sums first, carries once at the end: 10^8 per product fits many times in 63 bits. */
	for (int i = 0; i < a->ndigits; i++) {
		int64_t ai = a->digits[i];

		if (ai == 0)
			continue;
		for (int j = 0; j < b->ndigits; j++)
			acc[i + j + 1] += ai * b->digits[j];
	}
	nv_alloc(&r, n);
	for (int k = n - 1; k > 0; k--) {
		acc[k - 1] += acc[k] / NBASE;
		r.digits[k] = (int16_t)(acc[k] % NBASE);
	}
	r.digits[0] = (int16_t)acc[0];
	free(acc);
	r.weight = a->weight + b->weight + 1;
	r.sign = a->sign == b->sign ? POS : NEG;
	r.dscale = a->dscale + b->dscale;
	nv_strip(&r);
	nv_round(&r, rscale);
	nv_move(res, &r);
}

/*
 * res = a / b (b not zero) to rscale decimal places, rounded half away
 * from zero when round, else truncated.  Long division (Knuth's
 * algorithm D) of integers made from the digits: the quotient is exact up
 * to the last digit computed, and one base digit more than rscale needs
 * is computed when rounding, so rounding sees the true next digit.
 */
static void nv_div(const nvar *a, const nvar *b, nvar *res, int rscale, bool round)
{
	int qweight, nq, qlow, shift, na, nb;
	int32_t *u, *v, *q;
	nvar r = NVAR_INIT;

	assert(b->ndigits > 0);
	if (a->ndigits == 0) {
		nv_zero(res, rscale);
		return;
	}
	qweight = a->weight - b->weight;
	nq = qweight + 1 + ceil_div_dec(rscale) + (round ? 1 : 0);
	if (nq <= 0) {
		nv_zero(res, rscale);
		return;
	}
	qlow = qweight - nq + 1;
	nb = b->ndigits;
	shift = qlow + b->weight - nb + 1; /* weight of the dividend's unit digit */
	na = a->weight - shift + 1;        /* = nq + nb - 1 */

	/* u[0] is room for the normalisation's carry; u[1..na] the dividend. */
	u = calloc((size_t)na + 1, sizeof(*u));
	v = calloc((size_t)nb, sizeof(*v));
	q = calloc((size_t)nq, sizeof(*q));
	if (u == NULL || v == NULL || q == NULL)
		abort();
	for (int k = 0; k < na && k < a->ndigits; k++)
		u[1 + k] = a->digits[k];
	for (int k = 0; k < nb; k++)
		v[k] = b->digits[k];

	if (nb == 1) {
		int32_t rem = 0;

		for (int k = 0; k < na; k++) {
			int32_t cur = rem * NBASE + u[1 + k];

			q[k] = cur / v[0];
			rem = cur % v[0];
		}
	} else {
		/* Normalise so that the divisor's top digit is at least NBASE / 2. */
		int32_t d = NBASE / (v[0] + 1);
		int32_t carry = 0;

		for (int k = nb - 1; k >= 0; k--) {
			int32_t t = v[k] * d + carry;

			v[k] = t % NBASE;
			carry = t / NBASE;
		}
		carry = 0;
		for (int k = na; k >= 0; k--) {
			int32_t t = u[k] * d + carry;

			u[k] = t % NBASE;
			carry = t / NBASE;
		}

		for (int j = 0; j < nq; j++) {
			int32_t num = u[j] * NBASE + u[j + 1];
			int32_t qhat = num / v[0];
			int32_t rhat = num % v[0];
			int32_t top;

			/* Estimate from the top two digits; too large by one at most afterwards. */
			while (qhat >= NBASE || qhat * v[1] > rhat * NBASE + u[j + 2]) {
				qhat--;
				rhat += v[0];
				if (rhat >= NBASE)
					break;
			}

			/* u[j..j+nb] -= qhat * v */
			carry = 0;
			for (int k = nb - 1; k >= 0; k--) {
				int32_t t = u[j + 1 + k] - qhat * v[k] - carry;

				carry = 0;
				if (t < 0) {
					carry = (-t + NBASE - 1) / NBASE;
					t += carry * NBASE;
				}
				u[j + 1 + k] = t;
			}
			top = u[j] - carry;

			/* Went negative: qhat was one too large, add v back. */
			if (top < 0) {
				int32_t c = 0;

				qhat--;
				for (int k = nb - 1; k >= 0; k--) {
					int32_t t = u[j + 1 + k] + v[k] + c;

					c = t >= NBASE;
					u[j + 1 + k] = c ? t - NBASE : t;
				}
				top += c;
			}
			assert(top == 0);
			u[j] = top;
			q[j] = qhat;
		}
	}

	nv_alloc(&r, nq);
	for (int k = 0; k < nq; k++)
		r.digits[k] = (int16_t)q[k];
	free(u);
	free(v);
	free(q);
	r.weight = qweight;
	r.sign = a->sign == b->sign ? POS : NEG;
	r.dscale = rscale;
	nv_strip(&r);
	if (round)
		nv_round(&r, rscale);
	else
		nv_trunc(&r, rscale);
	nv_move(res, &r);
}

/* PostgreSQL's scale for a / b: 16 significant digits, no fewer than either input shows. */
static int select_div_scale(const nvar *a, const nvar *b)
{
	int w1 = a->ndigits > 0 ? a->weight : 0, w2 = b->ndigits > 0 ? b->weight : 0;
	int f1 = a->ndigits > 0 ? a->digits[0] : 0, f2 = b->ndigits > 0 ? b->digits[0] : 0;
	int qweight = w1 - w2;
	int rscale;

	if (f1 <= f2)
		qweight--;
	rscale = MIN_SIG_DIGITS - qweight * DEC_DIGITS;
	rscale = imax(rscale, a->dscale);
	rscale = imax(rscale, b->dscale);
	return imin(rscale, MAX_DISPLAY_SCALE);
}

/* res = a - trunc(a / b) * b; dscale the larger of the inputs'. */
static void nv_mod(const nvar *a, const nvar *b, nvar *res)
{
	nvar t = NVAR_INIT;

	nv_div(a, b, &t, 0, false);
	nv_mul(b, &t, &t, b->dscale);
	nv_sub(a, &t, res);
	nv_free(&t);
}

/* res = a * 10^k exactly (k of any sign). */
static void nv_shift10(const nvar *a, int k, nvar *res)
{
	int q = k >= 0 ? k / DEC_DIGITS : -ceil_div_dec(-k);
	int m = pow10_tab[k - q * DEC_DIGITS];
	int dscale = imax(a->dscale - k, 0);
	nvar r = NVAR_INIT;
	int carry = 0;

	nv_alloc(&r, a->ndigits + 1);
	for (int i = a->ndigits - 1; i >= 0; i--) {
		int t = a->digits[i] * m + carry;

		r.digits[i + 1] = (int16_t)(t % NBASE);
		carry = t / NBASE;
	}
	r.digits[0] = (int16_t)carry;
	r.weight = a->weight + 1 + q;
	r.sign = a->sign;
	r.dscale = dscale;
	nv_strip(&r);
	nv_move(res, &r);
}

/* ---- text ---- */

/* Append v's decimal text with dscale digits after the point. */
static void nv_out(const nvar *v, store_buf *buf)
{
	char tmp[8];

	if (v->sign == NEG && v->ndigits > 0)
		store_buf_putc(buf, '-');
	if (v->weight < 0 || v->ndigits == 0) {
		store_buf_putc(buf, '0');
	} else {
		for (int w = v->weight; w >= 0; w--) {
			int n = snprintf(
				tmp, sizeof(tmp), w == v->weight ? "%d" : "%04d", nv_digit(v, w));

			store_buf_put(buf, tmp, (size_t)n);
		}
	}
	if (v->dscale > 0) {
		int left = v->dscale;

		store_buf_putc(buf, '.');
		for (int w = -1; left > 0; w--) {
			int n = imin(left, DEC_DIGITS);

			snprintf(tmp, sizeof(tmp), "%04d", nv_digit(v, w));
			store_buf_put(buf, tmp, (size_t)n);
			left -= n;
		}
	}
}

/* The nearest double to v, through its text as PostgreSQL converts (HUGE_VAL past range). */
static double nv_to_double(const nvar *v)
{
	store_buf b = STORE_BUF_INIT;
	double d;

	nv_out(v, &b);
	d = strtod((const char *)b.data, NULL);
	store_buf_free(&b);
	return d;
}

static int num_overflow(store_err *err)
{
	return store_err_set(err, "22003", "value overflows numeric format");
}

/* Build the immutable numeric for v in arena a; 22003 past the limits.  v is freed. */
static int nv_make(sql_arena *a, nvar *v, const exec_numeric **out, store_err *err)
{
	exec_numeric *n;

	nv_strip(v);
	if ((v->ndigits > 0 && (v->weight > WEIGHT_MAX || v->weight < -WEIGHT_MAX - 1)) ||
		v->dscale > DSCALE_MAX) {
		nv_free(v);
		return num_overflow(err);
	}
	n = sql_arena_alloc(a, sizeof(*n) + sizeof(int16_t) * (size_t)v->ndigits);
	n->sign = (uint16_t)(v->ndigits > 0 ? v->sign : POS);
	n->weight = (int16_t)v->weight;
	n->dscale = (uint16_t)v->dscale;
	n->ndigits = (uint16_t)v->ndigits;
	if (v->ndigits > 0)
		memcpy(n->digits, v->digits, sizeof(int16_t) * (size_t)v->ndigits);
	nv_free(v);
	*out = n;
	return EXEC_OK;
}

static int bad_syntax(store_err *err, const char *s, size_t len)
{
	return store_err_set(
		err, "22P02", "invalid input syntax for type numeric: \"%.*s\"", (int)len, s);
}

/* The special spellings numeric input accepts, as PostgreSQL's float input does. */
static const struct {
	const char *word;
	uint16_t sign;
} special_words[] = {
	{"NaN", NAN_},
	{"Infinity", PINF},
	{"+Infinity", PINF},
	{"-Infinity", NINF},
	{"inf", PINF},
	{"+inf", PINF},
	{"-inf", NINF},
};

static const exec_numeric const_nan = {NAN_, 0, 0, 0};
static const exec_numeric const_pinf = {PINF, 0, 0, 0};
static const exec_numeric const_ninf = {NINF, 0, 0, 0};
static const exec_numeric const_zero = {POS, 0, 0, 0};

static const exec_numeric *special_numeric(uint16_t sign)
{
	return sign == NAN_ ? &const_nan : sign == PINF ? &const_pinf : &const_ninf;
}

/*
 * Parse s[0..len) into v, or settle a special value into *special (0 when
 * finite).  Errors are PostgreSQL's: 22P02 for syntax, 22003 for an
 * exponent far past any representable value.
 */
static int nv_parse(const char *s, size_t len, nvar *v, uint16_t *special, store_err *err)
{
	const char *p = s, *end = s + len;
	char *dd; /* the decimal digits, without the point */
	int ndd = 0, nbefore = 0, dscale = 0, sign = POS;
	bool seen_point = false, any = false;
	long exponent = 0;
	int dweight, weight, lead, ndig;

	*special = 0;
	while (p < end && isspace((unsigned char)*p))
		p++;

	/* NaN and the infinities, then only spaces. */
	for (size_t k = 0; k < sizeof(special_words) / sizeof(special_words[0]); k++) {
		size_t wl = strlen(special_words[k].word);

		if ((size_t)(end - p) >= wl && strncasecmp(p, special_words[k].word, wl) == 0) {
			const char *q = p + wl;

			while (q < end && isspace((unsigned char)*q))
				q++;
			if (q != end)
				return bad_syntax(err, s, len);
			*special = special_words[k].sign;
			return EXEC_OK;
		}
	}

	if (p < end && (*p == '+' || *p == '-')) {
		sign = *p == '-' ? NEG : POS;
		p++;
	}
	dd = xalloc((size_t)(end - p) + 1);
	for (; p < end; p++) {
		if (isdigit((unsigned char)*p)) {
			/* leading zeros carry no digit but still count after the point */
			if (ndd > 0 || *p != '0')
				dd[ndd++] = (char)(*p - '0');
			if (seen_point)
				dscale++;
			else if (ndd > 0)
				nbefore++;
			any = true;
		} else if (*p == '.' && !seen_point) {
			seen_point = true;
		} else {
			break;
		}
	}
	if (!any) {
		free(dd);
		return bad_syntax(err, s, len);
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		bool eneg = false, edigits = false;

		p++;
		if (p < end && (*p == '+' || *p == '-')) {
			eneg = *p == '-';
			p++;
		}
		for (; p < end && isdigit((unsigned char)*p); p++) {
			edigits = true;
			if (exponent < INT_MAX / 2)
				exponent = exponent * 10 + (*p - '0');
		}
		if (!edigits) {
			free(dd);
			return bad_syntax(err, s, len);
		}
		if (exponent >= INT_MAX / 2) {
			free(dd);
			return num_overflow(err);
		}
		if (eneg)
			exponent = -exponent;
	}
	while (p < end && isspace((unsigned char)*p))
		p++;
	if (p != end) {
		free(dd);
		return bad_syntax(err, s, len);
	}

	/*
	 * dd[0] sits at decimal weight dweight.  With leading zeros after the
	 * point dropped, that is minus the zeros it follows.
	 */
	if (ndd == 0) {
		free(dd);
		nv_zero(v, imax(dscale - (int)exponent, 0));
		return EXEC_OK;
	}
	dweight = nbefore > 0 ? nbefore - 1 : -(dscale - ndd) - 1;
	dweight += (int)exponent;
	dscale = imax(dscale - (int)exponent, 0);

	/* Group into base-10000 digits aligned on the decimal weight. */
	weight = dweight >= 0 ? dweight / DEC_DIGITS : -ceil_div_dec(-dweight);
	lead = DEC_DIGITS - 1 - (dweight - weight * DEC_DIGITS); /* zeros padding digit 0 */
	ndig = (lead + ndd + DEC_DIGITS - 1) / DEC_DIGITS;
	nv_alloc(v, ndig);
	for (int k = 0; k < ndig; k++) {
		int d = 0;

		for (int j = 0; j < DEC_DIGITS; j++) {
			int idx = k * DEC_DIGITS + j - lead;

			d = d * 10 + (idx >= 0 && idx < ndd ? dd[idx] : 0);
		}
		v->digits[k] = (int16_t)d;
	}
	free(dd);
	v->weight = weight;
	v->sign = sign;
	v->dscale = dscale;
	nv_strip(v);
	return EXEC_OK;
}

/* ---- integers ---- */

/* v rounded to an integer, if it fits an int64. */
static bool nv_to_int64(const nvar *v, int64_t *out)
{
	nvar r = NVAR_INIT;
	__int128 acc = 0;
	bool ok = true;

	nv_copy(&r, v);
	nv_round(&r, 0);
	if (r.ndigits > 0 && r.weight > 4)
		ok = false; /* 10000^5 is past 2^63 */
	for (int w = r.weight; ok && w >= 0; w--)
		acc = acc * NBASE + nv_digit(&r, w);
	if (r.sign == NEG)
		acc = -acc;
	if (acc > INT64_MAX || acc < INT64_MIN)
		ok = false;
	if (ok && r.ndigits > 0)
		*out = (int64_t)acc;
	else if (ok)
		*out = 0;
	nv_free(&r);
	return ok;
}

/* An integer value exactly (no digits after the point). */
static bool nv_is_integral(const nvar *v)
{
	return v->ndigits == 0 || v->ndigits <= v->weight + 1;
}

/* ---- square root, exp, ln ---- */

/* A constant from its decimal text (which must be valid). */
static void nv_const_str(const char *s, nvar *v)
{
	uint16_t special;

	(void)nv_parse(s, strlen(s), v, &special, NULL);
}

/* res = floor(sqrt(n)) for an integer n >= 0, by Newton's iteration from above. */
static void nv_isqrt(const nvar *n, nvar *res)
{
	nvar x = NVAR_INIT, y = NVAR_INIT, t = NVAR_INIT, two = NVAR_INIT;
	double f = 0;
	int k, e;

	if (n->ndigits == 0) {
		nv_zero(res, 0);
		return;
	}

	/* Start above the root: the top digits give it within a unit of their last one. */
	k = imin(2, n->weight + 1);
	for (int i = 0; i < k; i++)
		f = f * NBASE + nv_digit(n, n->weight - i);
	e = n->weight - k + 1;
	if (e % 2 != 0) {
		f *= NBASE;
		e--;
	}
	nv_from_int((int64_t)ceil(sqrt(f)) + 1, &x);
	x.weight += e / 2;
	nv_from_int(2, &two);

	for (;;) {
		nv_div(n, &x, &t, 0, false);
		nv_add(&x, &t, &y);
		nv_div(&y, &two, &y, 0, false);
		if (nv_cmp(&y, &x) >= 0)
			break;
		nv_move(&x, &y);
	}
	x.dscale = 0;
	nv_move(res, &x);
	nv_free(&y);
	nv_free(&t);
	nv_free(&two);
}

/* res = sqrt(a) (a >= 0) rounded to rscale, which may be negative. */
static void nv_sqrt(const nvar *a, nvar *res, int rscale)
{
	nvar n = NVAR_INIT;

	if (a->ndigits == 0) {
		nv_zero(res, rscale);
		return;
	}

	/* floor(sqrt(a) * 10^(rscale+1)) is isqrt(floor(a * 10^(2 rscale + 2))). */
	nv_shift10(a, 2 * (rscale + 1), &n);
	nv_trunc(&n, 0);
	nv_isqrt(&n, &n);
	nv_shift10(&n, -(rscale + 1), &n);
	n.dscale = imax(rscale + 1, 0);
	nv_round(&n, rscale);
	nv_move(res, &n);
}

/* PostgreSQL's scale for sqrt: 16 significant digits, no fewer than the input shows. */
static int sqrt_scale(const nvar *a)
{
	int sweight = (a->weight + 1) * DEC_DIGITS / 2 - 1;
	int rscale = MIN_SIG_DIGITS - sweight;

	rscale = imax(rscale, a->dscale);
	rscale = imax(rscale, 0);
	return imin(rscale, MAX_DISPLAY_SCALE);
}

/*
 * res = e^x rounded to rscale.  x is halved until it is small, the Taylor
 * series summed with guard digits, and the result squared back.  Fails
 * (22003) when the result cannot be represented; tiny results are zero.
 */
static int nv_exp(const nvar *x, nvar *res, int rscale, store_err *err)
{
	nvar xr = NVAR_INIT, term = NVAR_INIT, sum = NVAR_INIT, nv = NVAR_INIT;
	double val = nv_to_double(x);
	int ndiv2 = 0, dweight, sig, local;

	if (fabs(val) >= MAX_RESULT_SCALE * 3) {
		if (val > 0)
			return num_overflow(err);
		nv_zero(res, rscale);
		return EXEC_OK;
	}
	dweight = (int)(val * 0.434294481903252); /* decimal weight of the result */

	/* Range reduction: x / 2^ndiv2 within about 0.01. */
	nv_copy(&xr, x);
	while (fabs(val) > 0.01) {
		ndiv2++;
		val /= 2;
	}
	sig = 1 + dweight + rscale + (int)(ndiv2 * 0.301029995663981);
	sig = imax(sig, 0) + 8;
	local = sig - 1;
	if (ndiv2 > 0) {
		nvar d = NVAR_INIT;

		/* exact: a division by 2^n needs n more places */
		nv_from_int(INT64_C(1) << ndiv2, &d);
		nv_div(&xr, &d, &xr, x->dscale + ndiv2, true);
		nv_free(&d);
	}

	/* 1 + x + x^2/2! + ... until the terms vanish at the working scale. */
	nv_from_int(1, &sum);
	nv_add(&sum, &xr, &sum);
	nv_copy(&term, &xr);
	for (int i = 2;; i++) {
		nv_mul(&term, &xr, &term, local);
		nv_from_int(i, &nv);
		nv_div(&term, &nv, &term, local, true);
		if (term.ndigits == 0)
			break;
		nv_add(&sum, &term, &sum);
	}

	/* Square back; the result's weight doubles each time, so fewer places are needed. */
	while (ndiv2-- > 0) {
		local = imax(sig - sum.weight * 2 * DEC_DIGITS, 0);
		nv_mul(&sum, &sum, &sum, local);
	}
	nv_round(&sum, rscale);
	nv_move(res, &sum);
	nv_free(&xr);
	nv_free(&term);
	nv_free(&nv);
	return EXEC_OK;
}

/* res = ln(x) for x > 0, rounded to rscale. */
static void nv_ln(const nvar *x, nvar *res, int rscale)
{
	nvar v = NVAR_INIT, z = NVAR_INIT, zz = NVAR_INIT, pw = NVAR_INIT, term = NVAR_INIT;
	nvar sum = NVAR_INIT, t = NVAR_INIT, lo = NVAR_INIT, hi = NVAR_INIT, one = NVAR_INIT;
	int nsqrt = 0, local;

	nv_from_int(1, &one);
	nv_const_str("0.9", &lo);
	nv_const_str("1.1", &hi);

	/* Bring x into (0.9, 1.1) by square roots, keeping enough digits for the end result. */
	nv_copy(&v, x);
	while (nv_cmp(&v, &lo) <= 0 || nv_cmp(&v, &hi) >= 0) {
		local = rscale - v.weight * DEC_DIGITS / 2 + 8;
		nv_sqrt(&v, &v, local);
		nsqrt++;
	}

	/* ln(v) = 2 (z + z^3/3 + z^5/5 + ...), z = (v - 1) / (v + 1). */
	local = rscale + (int)((nsqrt + 1) * 0.301029995663981) + 8;
	nv_sub(&v, &one, &t);
	nv_add(&v, &one, &z);
	nv_div(&t, &z, &z, local, true);
	nv_copy(&sum, &z);
	nv_copy(&pw, &z);
	nv_mul(&z, &z, &zz, local);
	for (int64_t i = 3;; i += 2) {
		nv_mul(&pw, &zz, &pw, local);
		nv_from_int(i, &t);
		nv_div(&pw, &t, &term, local, true);
		if (term.ndigits == 0)
			break;
		nv_add(&sum, &term, &sum);
	}

	/* Undo the square roots: times 2^(nsqrt + 1) (weights within +-32768 need about 20). */
	assert(nsqrt + 1 < 63);
	nv_from_int(INT64_C(1) << (nsqrt + 1), &t);
	nv_mul(&sum, &t, &sum, rscale);
	nv_move(res, &sum);
	nv_free(&v);
	nv_free(&z);
	nv_free(&zz);
	nv_free(&pw);
	nv_free(&term);
	nv_free(&t);
	nv_free(&lo);
	nv_free(&hi);
	nv_free(&one);
}

/* PostgreSQL's estimate of the decimal weight of ln(x), which its scale rules use. */
static int estimate_ln_dweight(const nvar *x)
{
	nvar lo = NVAR_INIT, hi = NVAR_INIT, d = NVAR_INIT, one = NVAR_INIT;
	int r = 0;

	if (x->sign == NEG || x->ndigits == 0)
		return 0;
	nv_from_int(1, &one);
	nv_const_str("0.9", &lo);
	nv_const_str("1.1", &hi);
	if (nv_cmp(x, &lo) >= 0 && nv_cmp(x, &hi) <= 0) {
		/* near 1, ln(1 + e) is about e */
		nv_sub(x, &one, &d);
		if (d.ndigits > 0)
			r = d.weight * DEC_DIGITS + (int)log10(d.digits[0]);
	} else {
		/* x is digits * 10^dweight, ln(x) is ln(digits) + dweight ln(10) */
		int digits = x->digits[0];
		int dweight = x->weight * DEC_DIGITS;
		double lnx;

		if (x->ndigits > 1) {
			digits = digits * NBASE + x->digits[1];
			dweight -= DEC_DIGITS;
		}
		lnx = log((double)digits) + dweight * 2.302585092994046;
		r = (int)log10(fabs(lnx));
	}
	nv_free(&lo);
	nv_free(&hi);
	nv_free(&d);
	nv_free(&one);
	return r;
}

static int ln_scale(const nvar *x)
{
	int rscale = MIN_SIG_DIGITS - estimate_ln_dweight(x);

	rscale = imax(rscale, x->dscale);
	rscale = imax(rscale, 0);
	return imin(rscale, MAX_DISPLAY_SCALE);
}

/* res = log base b of x (both > 0), at PostgreSQL's scale; 22012 when ln(b) is 0. */
static int nv_log(const nvar *b, const nvar *x, nvar *res, store_err *err)
{
	nvar lb = NVAR_INIT, lx = NVAR_INIT;
	int bdw = estimate_ln_dweight(b), xdw = estimate_ln_dweight(x);
	int rdw = xdw - bdw;
	int rscale = MIN_SIG_DIGITS - rdw;

	rscale = imax(rscale, b->dscale);
	rscale = imax(rscale, x->dscale);
	rscale = imax(rscale, 0);
	rscale = imin(rscale, MAX_DISPLAY_SCALE);
	nv_ln(b, &lb, imax(rscale + rdw - bdw + 8, 0));
	nv_ln(x, &lx, imax(rscale + rdw - xdw + 8, 0));
	if (lb.ndigits == 0) {
		nv_free(&lx);
		return store_err_set(err, "22012", "division by zero");
	}
	nv_div(&lx, &lb, res, rscale, true);
	nv_free(&lb);
	nv_free(&lx);
	return EXEC_OK;
}

/*
 * res = base^exp for an int32 exponent by repeated squaring, rounded to
 * rscale.  The products keep as many digits as the result's significant
 * digits need, plus what the squarings can lose; a negative exponent is
 * the reciprocal of the positive power.
 */
static int nv_power_int(const nvar *base, int exp, int rscale, nvar *res, store_err *err)
{
	nvar prod = NVAR_INIT, r = NVAR_INIT, one = NVAR_INIT;
	double f, digits;
	int p, sig, local;
	unsigned mask;
	bool neg = exp < 0;

	if (exp == 0) {
		nv_from_int(1, res);
		res->dscale = rscale;
		return EXEC_OK;
	}

	/* log10 of the result, roughly, from the base's top digits */
	if (base->ndigits > 0) {
		digits = base->digits[0];
		p = base->weight * DEC_DIGITS;
		for (int i = 1; i < base->ndigits && i * DEC_DIGITS < 16; i++) {
			digits = digits * NBASE + base->digits[i];
			p -= DEC_DIGITS;
		}
		f = exp * (log10(digits) + p);
	} else {
		f = 0;
	}
	if (f > 3 * (double)SHRT_MAX * DEC_DIGITS)
		return num_overflow(err);
	if (f + 1 < -rscale || f + 1 < -MAX_DISPLAY_SCALE) {
		nv_zero(res, rscale);
		return EXEC_OK;
	}
	sig = 1 + rscale + (int)f;
	sig += (int)log(fabs((double)exp)) + 8;

	mask = exp < 0 ? (unsigned)0 - (unsigned)exp : (unsigned)exp;
	nv_copy(&prod, base);
	if (mask & 1)
		nv_copy(&r, base);
	else
		nv_from_int(1, &r);
	while ((mask >>= 1) > 0) {
		local = sig - 2 * prod.weight * DEC_DIGITS;
		local = imax(imin(local, 2 * prod.dscale), 0);
		nv_mul(&prod, &prod, &prod, local);
		if (mask & 1) {
			local = sig - (prod.weight + r.weight) * DEC_DIGITS;
			local = imax(imin(local, prod.dscale + r.dscale), 0);
			nv_mul(&prod, &r, &r, local);
		}
		if (prod.weight > SHRT_MAX || r.weight > SHRT_MAX) {
			nv_free(&prod);
			nv_free(&r);
			if (!neg)
				return num_overflow(err);
			nv_zero(res, rscale);
			return EXEC_OK;
		}
	}
	nv_free(&prod);
	if (neg) {
		nv_from_int(1, &one);
		nv_div(&one, &r, &r, rscale, true);
		nv_free(&one);
	} else {
		nv_round(&r, rscale);
	}
	nv_move(res, &r);
	return EXEC_OK;
}

static int power_error(store_err *err, const char *msg)
{
	return store_err_set(err, "2201F", "%s", msg);
}

/* res = base^exp for finite operands, at PostgreSQL's result scale. */
static int nv_power(const nvar *base, const nvar *exp, nvar *res, store_err *err)
{
	nvar abs_base = NVAR_INIT, ln_base = NVAR_INIT, ln_num = NVAR_INIT;
	int res_sign = POS, ln_dweight, rscale, local, sig, rc;
	int64_t e64;
	double val;

	if (base->ndigits == 0 && exp->sign == NEG && exp->ndigits > 0)
		return power_error(err, "zero raised to a negative power is undefined");

	/* An int32 exponent: exact repeated multiplication. */
	if (nv_is_integral(exp) && nv_to_int64(exp, &e64) && e64 >= INT32_MIN && e64 <= INT32_MAX) {
		rscale = imax(MIN_SIG_DIGITS, base->dscale);
		rscale = imin(rscale, MAX_DISPLAY_SCALE);
		return nv_power_int(base, (int)e64, rscale, res, err);
	}
	if (base->ndigits == 0) {
		nv_zero(res, MIN_SIG_DIGITS);
		return EXEC_OK;
	}

	/* A negative base needs an integral exponent; its parity gives the sign. */
	nv_copy(&abs_base, base);
	if (base->sign == NEG) {
		if (!nv_is_integral(exp)) {
			nv_free(&abs_base);
			return power_error(err, "a negative number raised to a non-integer power "
						"yields a complex result");
		}
		if (exp->ndigits > 0 && exp->ndigits == exp->weight + 1 &&
			(exp->digits[exp->ndigits - 1] & 1))
			res_sign = NEG;
		abs_base.sign = POS;
	}

	/* A low-precision exp * ln(base) tells the result's weight, hence the scales. */
	ln_dweight = estimate_ln_dweight(&abs_base);
	local = imax(8 - ln_dweight, 0);
	nv_ln(&abs_base, &ln_base, local);
	nv_mul(&ln_base, exp, &ln_num, local);
	val = nv_to_double(&ln_num);
	if (fabs(val) > MAX_RESULT_SCALE * 3.01) {
		nv_free(&abs_base);
		nv_free(&ln_base);
		nv_free(&ln_num);
		if (val > 0)
			return num_overflow(err);
		nv_zero(res, MAX_DISPLAY_SCALE);
		return EXEC_OK;
	}
	val *= 0.434294481903252;
	rscale = MIN_SIG_DIGITS - (int)val;
	rscale = imax(rscale, base->dscale);
	rscale = imax(rscale, exp->dscale);
	rscale = imax(rscale, 0);
	rscale = imin(rscale, MAX_DISPLAY_SCALE);
	sig = imax(rscale + (int)val, 0);
	local = imax(sig - ln_dweight + 8, 0);

	/* The real computation. */
	nv_ln(&abs_base, &ln_base, local);
	nv_mul(&ln_base, exp, &ln_num, local);
	rc = nv_exp(&ln_num, res, rscale, err);
	if (rc == EXEC_OK && res_sign == NEG && res->ndigits > 0)
		res->sign = NEG;
	nv_free(&abs_base);
	nv_free(&ln_base);
	nv_free(&ln_num);
	return rc;
}

/* ---- public helpers ---- */

static bool is_special(const exec_numeric *n)
{
	return n->sign != POS && n->sign != NEG;
}

const exec_numeric *exec_numeric_from_int64(sql_arena *a, int64_t i)
{
	nvar v = NVAR_INIT;
	const exec_numeric *n;

	nv_from_int(i, &v);
	(void)nv_make(a, &v, &n, NULL); /* an int64 is always within range */
	return n;
}

const exec_numeric *exec_numeric_from_int64_scaled(sql_arena *a, int64_t i, int scale)
{
	nvar v = NVAR_INIT;
	const exec_numeric *n;

	assert(scale >= 0 && scale <= DSCALE_MAX);
	nv_from_int(i, &v);
	nv_shift10(&v, -scale, &v);
	v.dscale = scale;
	(void)nv_make(a, &v, &n, NULL);
	return n;
}

int exec_numeric_from_digits(sql_arena *a, uint16_t sign, int16_t weight, uint16_t dscale,
	const int16_t *digits, int ndigits, const exec_numeric **out, store_err *err)
{
	nvar v = NVAR_INIT;

	assert(dscale <= DSCALE_MAX);
	if (sign != POS && sign != NEG) {
		*out = special_numeric(sign);
		return EXEC_OK;
	}
	nv_alloc(&v, ndigits);
	if (ndigits > 0)
		memcpy(v.digits, digits, sizeof(int16_t) * (size_t)ndigits);
	v.sign = sign;
	v.weight = weight;
	nv_trunc(&v, dscale);
	return nv_make(a, &v, out, err);
}

const exec_numeric *exec_numeric_from_double(sql_arena *a, double d, bool as_float4)
{
	char buf[64];
	nvar v = NVAR_INIT;
	uint16_t special;
	const exec_numeric *n;

	if (isnan(d))
		return &const_nan;
	if (isinf(d))
		return d > 0 ? &const_pinf : &const_ninf;
	snprintf(buf, sizeof(buf), "%.*g", as_float4 ? FLT_DIG : DBL_DIG, d);
	(void)nv_parse(buf, strlen(buf), &v, &special, NULL);
	(void)nv_make(a, &v, &n, NULL); /* a double is far within range */
	return n;
}

int exec_numeric_parse(
	sql_arena *a, const char *s, size_t len, const exec_numeric **out, store_err *err)
{
	nvar v = NVAR_INIT;
	uint16_t special;

	if (nv_parse(s, len, &v, &special, err) != EXEC_OK)
		return EXEC_ERROR;
	if (special != 0) {
		*out = special_numeric(special);
		return EXEC_OK;
	}
	return nv_make(a, &v, out, err);
}

int exec_numeric_to_int64(const exec_numeric *n, int64_t min, int64_t max, const char *type_name,
	int64_t *out, store_err *err)
{
	nvar v;
	int64_t i;

	if (n->sign == NAN_)
		return store_err_set(err, "0A000", "cannot convert NaN to %s", type_name);
	if (is_special(n))
		return store_err_set(err, "0A000", "cannot convert infinity to %s", type_name);
	nv_view(n, &v);
	if (!nv_to_int64(&v, &i) || i < min || i > max)
		return store_err_set(err, "22003", "%s out of range", type_name);
	*out = i;
	return EXEC_OK;
}

double exec_numeric_to_double(const exec_numeric *n)
{
	nvar v;

	if (n->sign == NAN_)
		return NAN;
	if (n->sign == PINF)
		return HUGE_VAL;
	if (n->sign == NINF)
		return -HUGE_VAL;
	nv_view(n, &v);
	return nv_to_double(&v);
}

int exec_numeric_cmp(const exec_numeric *a, const exec_numeric *b)
{
	/* rank: -Infinity 0, finite 1, +Infinity 2, NaN 3 */
	int ra = a->sign == NINF ? 0 : a->sign == PINF ? 2 : a->sign == NAN_ ? 3 : 1;
	int rb = b->sign == NINF ? 0 : b->sign == PINF ? 2 : b->sign == NAN_ ? 3 : 1;
	nvar va, vb;

	if (ra != rb || ra != 1)
		return (ra > rb) - (ra < rb);
	nv_view(a, &va);
	nv_view(b, &vb);
	return nv_cmp(&va, &vb);
}

void exec_numeric_out(const exec_numeric *n, store_buf *buf)
{
	nvar v;

	if (is_special(n)) {
		store_buf_puts(buf, n->sign == NAN_   ? "NaN"
				    : n->sign == PINF ? "Infinity"
						      : "-Infinity");
		return;
	}
	nv_view(n, &v);
	nv_out(&v, buf);
}

/* The sign of a numeric as -1, 0, 1 (NaN: 0; callers test NaN first). */
static int num_sign(const exec_numeric *n)
{
	if (n->sign == PINF)
		return 1;
	if (n->sign == NINF)
		return -1;
	if (n->ndigits == 0 || n->sign == NAN_)
		return 0;
	return n->sign == NEG ? -1 : 1;
}

static const exec_numeric *inf_of_sign(int s)
{
	return s > 0 ? &const_pinf : &const_ninf;
}

/*
 * a + b with PostgreSQL's rules for the special values; negate_b makes it
 * a - b.
 */
static int num_addsub(exec_ctx *cx, const exec_numeric *a, const exec_numeric *b, bool negate_b,
	const exec_numeric **out)
{
	nvar va, vb, r = NVAR_INIT;

	if (is_special(a) || is_special(b)) {
		int sa = num_sign(a), sb = negate_b ? -num_sign(b) : num_sign(b);

		if (a->sign == NAN_ || b->sign == NAN_)
			*out = &const_nan;
		else if (is_special(a) && is_special(b))
			*out = sa == sb ? inf_of_sign(sa) : &const_nan;
		else
			*out = is_special(a) ? inf_of_sign(sa) : inf_of_sign(sb);
		return EXEC_OK;
	}
	nv_view(a, &va);
	nv_view(b, &vb);
	if (negate_b)
		nv_sub(&va, &vb, &r);
	else
		nv_add(&va, &vb, &r);
	return nv_make(cx->arena, &r, out, cx->err);
}

int exec_numeric_add(
	exec_ctx *cx, const exec_numeric *a, const exec_numeric *b, const exec_numeric **out)
{
	return num_addsub(cx, a, b, false, out);
}

int exec_numeric_mul(
	exec_ctx *cx, const exec_numeric *a, const exec_numeric *b, const exec_numeric **out)
{
	nvar va, vb, r = NVAR_INIT;

	if (is_special(a) || is_special(b)) {
		int s = num_sign(a) * num_sign(b);

		*out = a->sign == NAN_ || b->sign == NAN_ || s == 0 ? &const_nan : inf_of_sign(s);
		return EXEC_OK;
	}
	nv_view(a, &va);
	nv_view(b, &vb);
	nv_mul(&va, &vb, &r, va.dscale + vb.dscale);
	return nv_make(cx->arena, &r, out, cx->err);
}

static int div_by_zero(store_err *err)
{
	return store_err_set(err, "22012", "division by zero");
}

/*
 * The special cases of a / b and div(a, b): NaN in, NaN out (even over
 * zero); Infinity over a finite non-zero value is a signed Infinity, over
 * zero an error, over Infinity NaN; a finite value over Infinity is zero.
 * Returns 1 when *out is settled, 0 to go on, EXEC_ERROR.
 */
static int div_special(
	exec_ctx *cx, const exec_numeric *a, const exec_numeric *b, const exec_numeric **out)
{

	if (!is_special(a) && !is_special(b)) {
		if (b->ndigits == 0)
			return div_by_zero(cx->err);
		return 0;
	}
	if (a->sign == NAN_ || b->sign == NAN_) {
		*out = &const_nan;
	} else if (is_special(a)) {
		if (is_special(b))
			*out = &const_nan;
		else if (num_sign(b) == 0)
			return div_by_zero(cx->err);
		else
			*out = inf_of_sign(num_sign(a) * num_sign(b));
	} else {
		*out = &const_zero;
	}
	return 1;
}

int exec_numeric_div(
	exec_ctx *cx, const exec_numeric *a, const exec_numeric *b, const exec_numeric **out)
{
	nvar va, vb, r = NVAR_INIT;
	int rc = div_special(cx, a, b, out);

	if (rc != 0)
		return rc < 0 ? EXEC_ERROR : EXEC_OK;
	nv_view(a, &va);
	nv_view(b, &vb);
	nv_div(&va, &vb, &r, select_div_scale(&va, &vb), true);
	return nv_make(cx->arena, &r, out, cx->err);
}

/* ---- SQL functions and operators ---- */

#define NUM(i) (args[i].v.num)

static int put(exec_ctx *cx, const exec_numeric *n, exec_value *out)
{
	*out = exec_numeric_value(n);
	return EXEC_OK;
}

/* Store an nvar result (freeing it) as the function's value. */
static int put_nv(exec_ctx *cx, nvar *v, exec_value *out)
{
	const exec_numeric *n;

	if (nv_make(cx->arena, v, &n, cx->err) != EXEC_OK)
		return EXEC_ERROR;
	return put(cx, n, out);
}

static int fn_add(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_numeric *n;

	if (num_addsub(cx, NUM(0), NUM(1), false, &n) != EXEC_OK)
		return EXEC_ERROR;
	return put(cx, n, out);
}

static int fn_sub(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_numeric *n;

	if (num_addsub(cx, NUM(0), NUM(1), true, &n) != EXEC_OK)
		return EXEC_ERROR;
	return put(cx, n, out);
}

static int fn_mul(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_numeric *n;

	if (exec_numeric_mul(cx, NUM(0), NUM(1), &n) != EXEC_OK)
		return EXEC_ERROR;
	return put(cx, n, out);
}

static int fn_div(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_numeric *n;

	if (exec_numeric_div(cx, NUM(0), NUM(1), &n) != EXEC_OK)
		return EXEC_ERROR;
	return put(cx, n, out);
}

/* div(a, b): the quotient truncated toward zero. */
static int fn_div_trunc(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	nvar va, vb, r = NVAR_INIT;
	const exec_numeric *n;
	int rc = div_special(cx, NUM(0), NUM(1), &n);

	if (rc != 0)
		return rc < 0 ? EXEC_ERROR : put(cx, n, out);
	nv_view(NUM(0), &va);
	nv_view(NUM(1), &vb);
	nv_div(&va, &vb, &r, 0, false);
	return put_nv(cx, &r, out);
}

/* a % b and mod(a, b): Infinity % x is NaN, x % Infinity is x. */
static int fn_mod(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_numeric *a = NUM(0), *b = NUM(1);
	nvar va, vb, r = NVAR_INIT;

	if (a->sign == NAN_ || b->sign == NAN_)
		return put(cx, &const_nan, out);
	if (is_special(a)) {
		if (num_sign(b) == 0)
			return div_by_zero(cx->err);
		return put(cx, &const_nan, out);
	}
	if (is_special(b))
		return put(cx, a, out);
	if (b->ndigits == 0)
		return div_by_zero(cx->err);
	nv_view(a, &va);
	nv_view(b, &vb);
	nv_mod(&va, &vb, &r);
	return put_nv(cx, &r, out);
}

static int fn_neg(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_numeric *a = NUM(0);
	exec_numeric *n;
	size_t size;

	if (a->sign == NAN_)
		return put(cx, a, out);
	if (is_special(a))
		return put(cx, a->sign == PINF ? &const_ninf : &const_pinf, out);
	if (a->ndigits == 0)
		return put(cx, a, out);
	size = sizeof(*a) + sizeof(int16_t) * a->ndigits;
	n = sql_arena_alloc(cx->arena, size);
	memcpy(n, a, size);
	n->sign = a->sign == NEG ? POS : NEG;
	return put(cx, n, out);
}

static int fn_uplus(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return put(cx, NUM(0), out);
}

static int fn_abs(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_numeric *a = NUM(0);

	if (a->sign == NEG || a->sign == NINF)
		return fn_neg(cx, args, nargs, out);
	return put(cx, a, out);
}

static int fn_sign(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	if (NUM(0)->sign == NAN_)
		return put(cx, &const_nan, out);
	return put(cx, exec_numeric_from_int64(cx->arena, num_sign(NUM(0))), out);
}

/* Round (or truncate) to s places; NaN and the infinities pass through. */
static int round_common(exec_ctx *cx, const exec_numeric *a, int64_t s, bool trunc, exec_value *out)
{
	nvar v = NVAR_INIT, view;

	if (is_special(a))
		return put(cx, a, out);
	s = s < -MAX_RESULT_SCALE ? -MAX_RESULT_SCALE : s > MAX_RESULT_SCALE ? MAX_RESULT_SCALE : s;
	nv_view(a, &view);
	nv_copy(&v, &view);
	if (trunc)
		nv_trunc(&v, (int)s);
	else
		nv_round(&v, (int)s);
	return put_nv(cx, &v, out);
}

static int fn_round(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return round_common(cx, NUM(0), nargs > 1 ? args[1].v.i : 0, false, out);
}

static int fn_trunc(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return round_common(cx, NUM(0), nargs > 1 ? args[1].v.i : 0, true, out);
}

/* ceil (up) and floor (!up): the integer next to a in that direction. */
static int ceil_floor(exec_ctx *cx, const exec_numeric *a, bool up, exec_value *out)
{
	nvar view, v = NVAR_INIT, one = NVAR_INIT;

	if (is_special(a))
		return put(cx, a, out);
	nv_view(a, &view);
	nv_copy(&v, &view);
	nv_trunc(&v, 0);
	if (nv_cmp(&view, &v) != 0 && (view.sign == POS) == up) {
		nv_from_int(up ? 1 : -1, &one);
		nv_add(&v, &one, &v);
		nv_free(&one);
	}
	v.dscale = 0;
	return put_nv(cx, &v, out);
}

static int fn_ceil(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return ceil_floor(cx, NUM(0), true, out);
}

static int fn_floor(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return ceil_floor(cx, NUM(0), false, out);
}

static int fn_sqrt(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_numeric *a = NUM(0);
	nvar v, r = NVAR_INIT;

	if (a->sign == NEG || a->sign == NINF)
		return store_err_set(
			cx->err, "2201F", "cannot take square root of a negative number");
	if (is_special(a))
		return put(cx, a, out);
	nv_view(a, &v);
	nv_sqrt(&v, &r, sqrt_scale(&v));
	return put_nv(cx, &r, out);
}

static int fn_exp(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_numeric *a = NUM(0);
	nvar v, r = NVAR_INIT;
	double val;
	int rscale;

	if (a->sign == NINF)
		return put(cx, &const_zero, out);
	if (is_special(a))
		return put(cx, a, out);
	nv_view(a, &v);

	/* 16 significant digits: the result's decimal weight is x log10(e) */
	val = nv_to_double(&v) * 0.434294481903252;
	val = val < -MAX_RESULT_SCALE  ? -MAX_RESULT_SCALE
	      : val > MAX_RESULT_SCALE ? MAX_RESULT_SCALE
				       : val;
	rscale = MIN_SIG_DIGITS - (int)val;
	rscale = imin(imax(imax(rscale, v.dscale), 0), MAX_DISPLAY_SCALE);
	if (nv_exp(&v, &r, rscale, cx->err) != EXEC_OK)
		return EXEC_ERROR;
	return put_nv(cx, &r, out);
}

/* The errors of a logarithm's argument (zero, negative), or 0. */
static int ln_arg_check(exec_ctx *cx, const exec_numeric *a)
{
	if (a->sign == NINF || (a->sign == NEG && a->ndigits > 0))
		return store_err_set(
			cx->err, "2201E", "cannot take logarithm of a negative number");
	if (!is_special(a) && a->ndigits == 0)
		return store_err_set(cx->err, "2201E", "cannot take logarithm of zero");
	return 0;
}

static int fn_ln(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_numeric *a = NUM(0);
	nvar v, r = NVAR_INIT;

	if (a->sign == NAN_)
		return put(cx, a, out);
	if (ln_arg_check(cx, a) != 0)
		return EXEC_ERROR;
	if (a->sign == PINF)
		return put(cx, a, out);
	nv_view(a, &v);
	nv_ln(&v, &r, ln_scale(&v));
	return put_nv(cx, &r, out);
}

/* log(b, x); log(x) and log10(x) are log(10, x). */
static int log_common(exec_ctx *cx, const exec_numeric *b, const exec_numeric *x, exec_value *out)
{
	nvar vb, vx, r = NVAR_INIT;

	if (b->sign == NAN_ || x->sign == NAN_)
		return put(cx, &const_nan, out);
	if (ln_arg_check(cx, b) != 0 || ln_arg_check(cx, x) != 0)
		return EXEC_ERROR;
	if (is_special(b) || is_special(x)) {
		/* log(Inf, Inf) is NaN, log(Inf, x) zero, log(b, Inf) Infinity */
		if (is_special(b) && is_special(x))
			return put(cx, &const_nan, out);
		return put(cx, is_special(b) ? &const_zero : &const_pinf, out);
	}
	nv_view(b, &vb);
	nv_view(x, &vx);
	if (nv_log(&vb, &vx, &r, cx->err) != EXEC_OK)
		return EXEC_ERROR;
	return put_nv(cx, &r, out);
}

static int fn_log2(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return log_common(cx, NUM(0), NUM(1), out);
}

static int fn_log10(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return log_common(cx, exec_numeric_from_int64(cx->arena, 10), NUM(0), out);
}

/* An integral numeric (for power's special cases); the infinities count as integral. */
static bool num_is_integral(const exec_numeric *n)
{
	nvar v;

	if (n->sign == NAN_)
		return false;
	if (is_special(n))
		return true;
	nv_view(n, &v);
	return nv_is_integral(&v);
}

/* The special cases of power, as PostgreSQL follows POSIX pow(3). */
static int power_special(
	exec_ctx *cx, const exec_numeric *x, const exec_numeric *y, exec_value *out)
{
	const exec_numeric *one = exec_numeric_from_int64(cx->arena, 1);
	const exec_numeric *minus_one = exec_numeric_from_int64(cx->arena, -1);
	int sx, sy;

	if (x->sign == NAN_)
		return put(cx,
			y->sign != NAN_ && !is_special(y) && y->ndigits == 0 ? one : &const_nan,
			out);
	if (y->sign == NAN_)
		return put(cx, !is_special(x) && exec_numeric_cmp(x, one) == 0 ? one : &const_nan,
			out);
	sx = num_sign(x);
	sy = num_sign(y);
	if (sx == 0 && sy < 0)
		return power_error(cx->err, "zero raised to a negative power is undefined");
	if (sx < 0 && !num_is_integral(y))
		return power_error(cx->err,
			"a negative number raised to a non-integer power yields a complex result");
	if (!is_special(x) && exec_numeric_cmp(x, one) == 0)
		return put(cx, one, out);
	if (sy == 0)
		return put(cx, one, out);
	if (sx == 0 && sy > 0)
		return put(cx, &const_zero, out);
	if (is_special(y)) {
		bool gt_one;

		if (is_special(x)) {
			gt_one = true;
		} else {
			nvar v, o = NVAR_INIT;

			if (exec_numeric_cmp(x, minus_one) == 0)
				return put(cx, one, out);
			nv_view(x, &v);
			v.sign = POS;
			nv_from_int(1, &o);
			gt_one = nv_cmp(&v, &o) > 0;
			nv_free(&o);
		}
		return put(cx, gt_one == (sy > 0) ? &const_pinf : &const_zero, out);
	}
	if (x->sign == PINF)
		return put(cx, sy > 0 ? &const_pinf : &const_zero, out);
	/* x is -Infinity */
	if (sy < 0)
		return put(cx, &const_zero, out);
	return put(cx,
		y->ndigits == y->weight + 1 && (y->digits[y->ndigits - 1] & 1) ? &const_ninf
									       : &const_pinf,
		out);
}

static int fn_power(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	nvar vx, vy, r = NVAR_INIT;

	if (is_special(NUM(0)) || is_special(NUM(1)))
		return power_special(cx, NUM(0), NUM(1), out);
	nv_view(NUM(0), &vx);
	nv_view(NUM(1), &vy);
	if (nv_power(&vx, &vy, &r, cx->err) != EXEC_OK)
		return EXEC_ERROR;
	return put_nv(cx, &r, out);
}

static int fn_scale(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	if (is_special(NUM(0)))
		*out = exec_null(EXEC_OID_INT4);
	else
		*out = exec_int(EXEC_OID_INT4, NUM(0)->dscale);
	return EXEC_OK;
}

/* The fewest places that show the value exactly. */
static int min_scale_of(const exec_numeric *n)
{
	int last, ms;

	if (n->ndigits == 0)
		return 0;
	last = n->digits[n->ndigits - 1];
	ms = (n->ndigits - 1 - n->weight) * DEC_DIGITS;
	if (ms <= 0)
		return 0;
	while (last % 10 == 0) {
		ms--;
		last /= 10;
	}
	return ms;
}

static int fn_min_scale(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	if (is_special(NUM(0)))
		*out = exec_null(EXEC_OID_INT4);
	else
		*out = exec_int(EXEC_OID_INT4, min_scale_of(NUM(0)));
	return EXEC_OK;
}

static int fn_trim_scale(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_numeric *a = NUM(0);
	exec_numeric *n;
	size_t size;

	if (is_special(a))
		return put(cx, a, out);
	size = sizeof(*a) + sizeof(int16_t) * a->ndigits;
	n = sql_arena_alloc(cx->arena, size);
	memcpy(n, a, size);
	n->dscale = (uint16_t)min_scale_of(a);
	return put(cx, n, out);
}

/* factorial(int8): exact; PostgreSQL's bound keeps the result within range. */
static int fn_factorial(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t n = args[0].v.i;
	nvar r = NVAR_INIT, k = NVAR_INIT;

	if (n < 0)
		return store_err_set(
			cx->err, "22003", "factorial of a negative number is undefined");
	if (n > 32177)
		return num_overflow(cx->err);
	nv_from_int(1, &r);
	for (int64_t i = 2; i <= n; i++) {
		nv_from_int(i, &k);
		nv_mul(&r, &k, &r, 0);
	}
	nv_free(&k);
	return put_nv(cx, &r, out);
}

/* width_bucket(x, lo, hi, count): which of count equal buckets between lo and hi holds x. */
static int fn_width_bucket(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_numeric *x = NUM(0), *lo = NUM(1), *hi = NUM(2);
	int64_t count = args[3].v.i, bucket;
	nvar vx, vl, vh, num = NVAR_INIT, den = NVAR_INIT, c = NVAR_INIT;
	bool asc;

	if (count <= 0)
		return store_err_set(cx->err, "2201G", "count must be greater than zero");
	if (x->sign == NAN_ || lo->sign == NAN_ || hi->sign == NAN_)
		return store_err_set(
			cx->err, "2201G", "operand, lower bound, and upper bound cannot be NaN");
	if (is_special(lo) || is_special(hi))
		return store_err_set(cx->err, "2201G", "lower and upper bounds must be finite");
	if (exec_numeric_cmp(lo, hi) == 0)
		return store_err_set(cx->err, "2201G", "lower bound cannot equal upper bound");
	asc = exec_numeric_cmp(lo, hi) < 0;

	/* Outside the bounds: 0 below, count + 1 above (in the bounds' direction). */
	if (asc ? exec_numeric_cmp(x, lo) < 0 : exec_numeric_cmp(x, lo) > 0) {
		*out = exec_int(EXEC_OID_INT4, 0);
		return EXEC_OK;
	}
	if (asc ? exec_numeric_cmp(x, hi) >= 0 : exec_numeric_cmp(x, hi) <= 0) {
		if (count >= INT32_MAX)
			return store_err_set(cx->err, "22003", "integer out of range");
		*out = exec_int(EXEC_OID_INT4, count + 1);
		return EXEC_OK;
	}

	/* floor((x - lo) * count / (hi - lo)) + 1, exactly */
	nv_view(x, &vx);
	nv_view(lo, &vl);
	nv_view(hi, &vh);
	nv_sub(&vx, &vl, &num);
	nv_sub(&vh, &vl, &den);
	nv_from_int(count, &c);
	nv_mul(&num, &c, &num, num.dscale);
	nv_div(&num, &den, &num, 0, false);
	(void)nv_to_int64(&num, &bucket);
	nv_free(&num);
	nv_free(&den);
	nv_free(&c);
	*out = exec_int(EXEC_OID_INT4, bucket + 1);
	return EXEC_OK;
}

/* Comparison operators, through the total order. */
#define CMP_FN(name, test)                                                                         \
	static int name(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)          \
	{                                                                                          \
		int c = exec_numeric_cmp(NUM(0), NUM(1));                                          \
		*out = exec_bool(test);                                                            \
		return EXEC_OK;                                                                    \
	}
CMP_FN(fn_eq, c == 0)
CMP_FN(fn_ne, c != 0)
CMP_FN(fn_lt, c < 0)
CMP_FN(fn_le, c <= 0)
CMP_FN(fn_gt, c > 0)
CMP_FN(fn_ge, c >= 0)

/* ---- the type ---- */

/* numeric(p, s) typmods: ((p << 16) | (s & 0x7ff)) + 4, s from -1000 to 1000. */
static void typmod_decode(int32_t typmod, int *precision, int *scale)
{
	int32_t t = typmod - 4;

	*precision = (t >> 16) & 0xffff;
	*scale = ((t & 0x7ff) ^ 1024) - 1024;
}

/* Enforce numeric(p, s): round to s places, then the digits before the point must fit p - s. */
static int apply_typmod(
	exec_ctx *cx, const exec_numeric *in, int32_t typmod, const exec_numeric **out)
{
	int precision, scale, maxdigits, ddigits;
	nvar view, v = NVAR_INIT;

	if (typmod < (int32_t)4) {
		*out = in;
		return EXEC_OK;
	}
	typmod_decode(typmod, &precision, &scale);
	if (in->sign == NAN_) {
		*out = in;
		return EXEC_OK;
	}
	if (is_special(in)) {
		store_err_set(cx->err, "22003", "numeric field overflow");
		store_err_detail(cx->err,
			"A field with precision %d, scale %d cannot hold an infinite value.",
			precision, scale);
		return EXEC_ERROR;
	}
	nv_view(in, &view);
	nv_copy(&v, &view);
	nv_round(&v, scale);
	maxdigits = precision - scale;
	if (v.ndigits > 0) {
		int top = v.digits[0];

		ddigits = (v.weight + 1) * DEC_DIGITS;
		ddigits -= top < 10 ? 3 : top < 100 ? 2 : top < 1000 ? 1 : 0;
		if (ddigits > maxdigits) {
			nv_free(&v);
			store_err_set(cx->err, "22003", "numeric field overflow");
			store_err_detail(cx->err,
				"A field with precision %d, scale %d must round to an absolute value less than %s%d.",
				precision, scale, maxdigits ? "10^" : "",
				maxdigits ? maxdigits : 1);
			return EXEC_ERROR;
		}
	}
	return nv_make(cx->arena, &v, out, cx->err);
}

static int type_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	const exec_numeric *n;

	if (exec_numeric_parse(cx->arena, text, len, &n, cx->err) != EXEC_OK ||
		apply_typmod(cx, n, typmod, &n) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_numeric_value(n);
	return EXEC_OK;
}

static int type_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	exec_numeric_out(v->v.num, buf);
	return EXEC_OK;
}

static int type_cmp(const exec_value *a, const exec_value *b)
{
	return exec_numeric_cmp(a->v.num, b->v.num);
}

/* FNV-1a over the digits and weight: scale plays no part, so 1.0 and 1.00 hash alike. */
static uint64_t type_hash(const exec_value *v)
{
	const exec_numeric *n = v->v.num;
	uint64_t h = UINT64_C(14695981039346656037);

	h = (h ^ n->sign) * UINT64_C(1099511628211);
	if (n->ndigits == 0)
		return h;
	h = (h ^ (uint16_t)n->weight) * UINT64_C(1099511628211);
	for (int k = 0; k < n->ndigits; k++)
		h = (h ^ (uint16_t)n->digits[k]) * UINT64_C(1099511628211);
	return h;
}

static int type_coerce(
	exec_ctx *cx, const exec_value *in, int32_t typmod, bool explicit_cast, exec_value *out)
{
	const exec_numeric *n;

	if (apply_typmod(cx, in->v.num, typmod, &n) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_numeric_value(n);
	return EXEC_OK;
}

/* ---- casts ---- */

static int cast_from_int(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return put(cx, exec_numeric_from_int64(cx->arena, args[0].v.i), out);
}

static int cast_from_float4(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return put(cx, exec_numeric_from_double(cx->arena, args[0].v.f, true), out);
}

static int cast_from_float8(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return put(cx, exec_numeric_from_double(cx->arena, args[0].v.f, false), out);
}

/* numeric -> an integer type: bounds and the name its errors give. */
static const struct {
	exec_oid type;
	int64_t min, max;
	const char *name;
} int_targets[] = {
	{EXEC_OID_INT2, INT16_MIN, INT16_MAX, "smallint"},
	{EXEC_OID_INT4, INT32_MIN, INT32_MAX, "integer"},
	{EXEC_OID_INT8, INT64_MIN, INT64_MAX, "bigint"},
};

static int cast_to_int(exec_ctx *cx, const exec_value *arg, int target, exec_value *out)
{
	int64_t i;

	if (exec_numeric_to_int64(arg->v.num, int_targets[target].min, int_targets[target].max,
		    int_targets[target].name, &i, cx->err) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_int(int_targets[target].type, i);
	return EXEC_OK;
}

static int cast_to_int2(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return cast_to_int(cx, &args[0], 0, out);
}

static int cast_to_int4(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return cast_to_int(cx, &args[0], 1, out);
}

static int cast_to_int8(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return cast_to_int(cx, &args[0], 2, out);
}

/*
 * numeric -> float4/float8 through the decimal text, as PostgreSQL does:
 * past the type's range is 22003 naming the number, as float input does.
 */
static int cast_to_float(exec_ctx *cx, const exec_numeric *n, bool as_float4, exec_value *out)
{
	store_buf b = STORE_BUF_INIT;
	double d;
	bool range;

	out->type = as_float4 ? EXEC_OID_FLOAT4 : EXEC_OID_FLOAT8;
	out->isnull = false;
	if (is_special(n)) {
		out->v.f = exec_numeric_to_double(n);
		return EXEC_OK;
	}
	exec_numeric_out(n, &b);
	errno = 0;
	if (as_float4) {
		float f = strtof((const char *)b.data, NULL);

		range = errno == ERANGE && (f == 0 || isinf(f));
		d = f;
	} else {
		d = strtod((const char *)b.data, NULL);
		range = errno == ERANGE && (d == 0 || isinf(d));
	}
	if (range) {
		store_err_set(cx->err, "22003", "\"%s\" is out of range for type %s",
			(const char *)b.data, as_float4 ? "real" : "double precision");
		store_buf_free(&b);
		return EXEC_ERROR;
	}
	store_buf_free(&b);
	out->v.f = d;
	return EXEC_OK;
}

static int cast_to_float4(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return cast_to_float(cx, NUM(0), true, out);
}

static int cast_to_float8(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return cast_to_float(cx, NUM(0), false, out);
}

/* ---- aggregates ---- */

/*
 * The accumulators live in a bytea state (see the header comment).
 * int_acc serves sum(int8) and avg of every integer type: 128 bits cannot
 * overflow for any count of int64 inputs a table can hold.
 */
typedef struct int_acc {
	int64_t count;
	__int128 sum;
} int_acc;

typedef struct float_acc {
	double count, sum;
} float_acc;

/*
 * A numeric sum: signed base-10000 digits whose carries are settled only
 * every CARRY_EVERY additions, so a step is a few additions.  d[0] is a
 * spare digit kept zero between steps so that carries have room.
 */
typedef struct num_acc {
	int64_t count, nan, pinf, ninf;
	int32_t dscale; /* the largest input scale, the sum's */
	int32_t weight; /* of d[0] */
	int32_t ndigits;
	int32_t pending;
	int32_t d[];
} num_acc;

enum { CARRY_EVERY = 100000 };

/* A fresh zeroed state of n bytes. */
static void *state_new(exec_ctx *cx, exec_value *state, size_t n)
{
	void *p = sql_arena_zalloc(cx->arena, n);

	*state = exec_text(EXEC_OID_BYTEA, p, n);
	return p;
}

/* The state's bytes, which this module owns and updates in place. */
static void *state_bytes(const exec_value *state)
{
	return (void *)state->v.s.p;
}

/* sum(int2), sum(int4): an int8 running sum, the first value its start. */
static int agg_sum_int_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	int64_t r;

	if (state->isnull) {
		*state = exec_int(EXEC_OID_INT8, args[0].v.i);
		return EXEC_OK;
	}
	if (__builtin_add_overflow(state->v.i, args[0].v.i, &r))
		return store_err_set(cx->err, "22003", "bigint out of range");
	state->v.i = r;
	return EXEC_OK;
}

static int agg_int_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	int_acc acc;

	if (state->isnull)
		state_new(cx, state, sizeof(int_acc));
	memcpy(&acc, state_bytes(state), sizeof(acc));
	acc.count++;
	acc.sum += args[0].v.i;
	memcpy(state_bytes(state), &acc, sizeof(acc));
	return EXEC_OK;
}

static int agg_int_sum_final(exec_ctx *cx, const exec_value *state, exec_value *out)
{
	int_acc acc;
	nvar v = NVAR_INIT;

	if (state->isnull) {
		*out = exec_null(EXEC_OID_NUMERIC);
		return EXEC_OK;
	}
	memcpy(&acc, state_bytes(state), sizeof(acc));
	nv_from_i128(acc.sum, &v);
	return put_nv(cx, &v, out);
}

/* avg: sum / count by numeric division, PostgreSQL's scale included. */
static int avg_of(exec_ctx *cx, nvar *sum, int64_t count, exec_value *out)
{
	nvar n = NVAR_INIT;

	nv_from_int(count, &n);
	nv_div(sum, &n, sum, select_div_scale(sum, &n), true);
	nv_free(&n);
	return put_nv(cx, sum, out);
}

static int agg_int_avg_final(exec_ctx *cx, const exec_value *state, exec_value *out)
{
	int_acc acc;
	nvar v = NVAR_INIT;

	if (state->isnull) {
		*out = exec_null(EXEC_OID_NUMERIC);
		return EXEC_OK;
	}
	memcpy(&acc, state_bytes(state), sizeof(acc));
	nv_from_i128(acc.sum, &v);
	return avg_of(cx, &v, acc.count, out);
}

/* sum(float4), sum(float8): the state is the running sum, rounded to the type each step. */
static int float_add(exec_ctx *cx, double a, double b, bool as_float4, double *r)
{
	double s = as_float4 ? (double)(float)(a + b) : a + b;

	if (isinf(s) && !isinf(a) && !isinf(b))
		return store_err_set(cx->err, "22003", "value out of range: overflow");
	*r = s;
	return EXEC_OK;
}

static int agg_sum_float_step(
	exec_ctx *cx, exec_value *state, const exec_value *args, bool as_float4)
{
	if (state->isnull) {
		state->type = as_float4 ? EXEC_OID_FLOAT4 : EXEC_OID_FLOAT8;
		state->isnull = false;
		state->v.f = args[0].v.f;
		return EXEC_OK;
	}
	return float_add(cx, state->v.f, args[0].v.f, as_float4, &state->v.f);
}

static int agg_sum_float4_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	return agg_sum_float_step(cx, state, args, true);
}

static int agg_sum_float8_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	return agg_sum_float_step(cx, state, args, false);
}

static int agg_avg_float_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	float_acc acc;

	if (state->isnull)
		state_new(cx, state, sizeof(float_acc));
	memcpy(&acc, state_bytes(state), sizeof(acc));
	acc.count += 1;
	if (float_add(cx, acc.sum, args[0].v.f, false, &acc.sum) != EXEC_OK)
		return EXEC_ERROR;
	memcpy(state_bytes(state), &acc, sizeof(acc));
	return EXEC_OK;
}

static int agg_avg_float_final(exec_ctx *cx, const exec_value *state, exec_value *out)
{
	float_acc acc;

	if (state->isnull) {
		*out = exec_null(EXEC_OID_FLOAT8);
		return EXEC_OK;
	}
	memcpy(&acc, state_bytes(state), sizeof(acc));
	out->type = EXEC_OID_FLOAT8;
	out->isnull = false;
	out->v.f = acc.sum / acc.count;
	return EXEC_OK;
}

/* Settle the accumulator's carries: every digit but d[0] back in [0, NBASE). */
static void acc_carry(num_acc *acc)
{
	for (int k = acc->ndigits - 1; k > 0; k--) {
		int32_t c =
			acc->d[k] >= 0 ? acc->d[k] / NBASE : -((-acc->d[k] + NBASE - 1) / NBASE);

		acc->d[k] -= c * NBASE;
		acc->d[k - 1] += c;
	}
	acc->pending = 0;
}

/* Make room for digits of weights [lo, hi], plus two spare digits on top. */
static num_acc *acc_fit(exec_ctx *cx, exec_value *state, int hi, int lo)
{
	num_acc *acc = state_bytes(state);
	int top = imax(acc->weight, hi + 2);
	int low = acc->ndigits > 0 ? imin(acc->weight - acc->ndigits + 1, lo) : lo;
	num_acc *grown;
	int n;

	if (acc->ndigits > 0 && acc->d[0] != 0)
		top = imax(top, acc->weight + 1);
	if (acc->ndigits > 0 && top == acc->weight && low == acc->weight - acc->ndigits + 1)
		return acc;
	n = top - low + 1;
	grown = state_new(cx, state, sizeof(num_acc) + sizeof(int32_t) * (size_t)n);
	*grown = *acc;
	grown->weight = top;
	grown->ndigits = n;
	for (int k = 0; k < acc->ndigits; k++)
		grown->d[top - acc->weight + k] = acc->d[k];
	return grown;
}

/* Add a finite value (as an nvar) to the accumulator in state, counting it. */
static void acc_add(exec_ctx *cx, exec_value *state, const nvar *x)
{
	num_acc *acc;
	int sign;

	if (state->isnull)
		state_new(cx, state, sizeof(num_acc));
	acc = state_bytes(state);
	acc->count++;
	acc->dscale = imax(acc->dscale, x->dscale);
	if (x->ndigits == 0)
		return;
	acc = acc_fit(cx, state, x->weight, x->weight - x->ndigits + 1);
	sign = x->sign == NEG ? -1 : 1;
	for (int k = 0; k < x->ndigits; k++)
		acc->d[acc->weight - x->weight + k] += sign * x->digits[k];
	if (++acc->pending >= CARRY_EVERY)
		acc_carry(acc);
}

static int agg_num_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	const exec_numeric *x = NUM(0);
	num_acc *acc;
	nvar v;

	if (is_special(x)) {
		if (state->isnull)
			state_new(cx, state, sizeof(num_acc));
		acc = state_bytes(state);
		acc->count++;
		acc->nan += x->sign == NAN_;
		acc->pinf += x->sign == PINF;
		acc->ninf += x->sign == NINF;
		return EXEC_OK;
	}
	nv_view(x, &v);
	acc_add(cx, state, &v);
	return EXEC_OK;
}

/* The accumulator's sum as an nvar; the special values are the caller's. */
static void acc_value(const num_acc *acc, nvar *v)
{
	int n = acc->ndigits + 2;
	int64_t *d = calloc((size_t)n, sizeof(*d));
	bool neg;

	if (d == NULL)
		abort();
	for (int k = 0; k < acc->ndigits; k++)
		d[k + 2] = acc->d[k];

	/*
	 * Carries with a floor division leave every digit but the first in
	 * [0, NBASE); a negative first digit means a negative sum, whose
	 * magnitude a second pass over the negated digits gives.
	 */
	neg = false;
	for (int pass = 0; pass < 2; pass++) {
		for (int k = n - 1; k > 0; k--) {
			int64_t c = d[k] >= 0 ? d[k] / NBASE : -((-d[k] + NBASE - 1) / NBASE);

			d[k] -= c * NBASE;
			d[k - 1] += c;
		}
		if (pass == 1 || d[0] >= 0)
			break;
		neg = true;
		for (int k = 0; k < n; k++)
			d[k] = -d[k];
	}
	nv_alloc(v, n);
	for (int k = 0; k < n; k++)
		v->digits[k] = (int16_t)d[k];
	free(d);
	v->weight = acc->weight + 2;
	v->sign = neg ? NEG : POS;
	v->dscale = acc->dscale;
	nv_strip(v);
}

/* sum's and avg's answer when special values were seen (1), else 0. */
static int acc_special(exec_ctx *cx, const num_acc *acc, exec_value *out)
{
	if (acc->nan > 0 || (acc->pinf > 0 && acc->ninf > 0))
		*out = exec_numeric_value(&const_nan);
	else if (acc->pinf > 0 || acc->ninf > 0)
		*out = exec_numeric_value(acc->pinf > 0 ? &const_pinf : &const_ninf);
	else
		return 0;
	return 1;
}

static int agg_num_sum_final(exec_ctx *cx, const exec_value *state, exec_value *out)
{
	const num_acc *acc;
	nvar v = NVAR_INIT;

	if (state->isnull) {
		*out = exec_null(EXEC_OID_NUMERIC);
		return EXEC_OK;
	}
	acc = state_bytes(state);
	if (acc_special(cx, acc, out))
		return EXEC_OK;
	acc_value(acc, &v);
	return put_nv(cx, &v, out);
}

static int agg_num_avg_final(exec_ctx *cx, const exec_value *state, exec_value *out)
{
	const num_acc *acc;
	nvar v = NVAR_INIT;

	if (state->isnull) {
		*out = exec_null(EXEC_OID_NUMERIC);
		return EXEC_OK;
	}
	acc = state_bytes(state);
	if (acc_special(cx, acc, out))
		return EXEC_OK;
	acc_value(acc, &v);
	return avg_of(cx, &v, acc->count, out);
}

/*
 * variance, var_samp, var_pop, stddev, stddev_samp, stddev_pop.
 *
 * Of integers and numerics: the count and the exact sums of x and x²,
 * as PostgreSQL's numeric_accum keeps them, and its final arithmetic:
 * (N·Σx² − (Σx)²) / (N·(N−1)) (or N·N for the population), at the
 * division's scale, its square root at the same scale; a numerator
 * that rounding made negative is 0, a NaN or infinity among the inputs
 * gives NaN.  int2 and int4 inputs sum exactly in 128 bits; int8 and
 * numeric ones in two numeric accumulators.
 *
 * Of floats: PostgreSQL's float8_accum (Youngs and Cramer): N, Σx and
 * Sxx = Σ(x − mean)² updated at each row, so that results match its
 * to the last bit.
 */
typedef struct var_int_acc {
	int64_t count;
	__int128 sum, sumsq;
} var_int_acc;

typedef struct var_num_acc {
	exec_value sum, sumsq; /* num_acc states */
} var_num_acc;

typedef struct var_float_acc {
	double n, sx, sxx;
} var_float_acc;

/* Which statistic a final function computes. */
typedef enum var_kind {
	VAR_SAMP,
	VAR_POP,
	STDDEV_SAMP,
	STDDEV_POP,
} var_kind;

static int agg_var_int_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	var_int_acc acc;

	if (state->isnull)
		state_new(cx, state, sizeof(acc));
	memcpy(&acc, state_bytes(state), sizeof(acc));
	acc.count++;
	acc.sum += args[0].v.i;
	acc.sumsq += (__int128)args[0].v.i * args[0].v.i;
	memcpy(state_bytes(state), &acc, sizeof(acc));
	return EXEC_OK;
}

/* x and x² into the two accumulators (a special value counts in the first only). */
static int var_num_add(exec_ctx *cx, exec_value *state, const exec_numeric *x, const nvar *v)
{
	var_num_acc *acc;
	nvar sq = NVAR_INIT;
	exec_value arg = exec_numeric_value(x);

	if (state->isnull) {
		acc = state_new(cx, state, sizeof(*acc));
		acc->sum = exec_null(EXEC_OID_BYTEA);
		acc->sumsq = exec_null(EXEC_OID_BYTEA);
	}
	acc = state_bytes(state);
	if (x != NULL)
		return agg_num_step(cx, &acc->sum, &arg, 1);
	acc_add(cx, &acc->sum, v);
	nv_mul(v, v, &sq, v->dscale * 2);
	acc_add(cx, &acc->sumsq, &sq);
	nv_free(&sq);
	return EXEC_OK;
}

static int agg_var_num_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	nvar v;

	if (is_special(NUM(0)))
		return var_num_add(cx, state, NUM(0), NULL);
	nv_view(NUM(0), &v);
	return var_num_add(cx, state, NULL, &v);
}

static int agg_var_int8_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	nvar v = NVAR_INIT;
	int r;

	nv_from_int(args[0].v.i, &v);
	r = var_num_add(cx, state, NULL, &v);
	nv_free(&v);
	return r;
}

/* PostgreSQL's numeric_stddev_internal over N, Σx and Σx² (freed here). */
static int var_num_result(
	exec_ctx *cx, int64_t count, nvar *sum, nvar *sumsq, var_kind kind, exec_value *out)
{
	bool sample = kind == VAR_SAMP || kind == STDDEV_SAMP;
	nvar n = NVAR_INIT, d = NVAR_INIT, t = NVAR_INIT, r = NVAR_INIT, zero = NVAR_INIT;
	int rscale = sum->dscale * 2, rc;

	if (count == 0 || (sample && count <= 1)) {
		nv_free(sum);
		nv_free(sumsq);
		*out = exec_null(EXEC_OID_NUMERIC);
		return EXEC_OK;
	}
	nv_from_int(count, &n);
	nv_mul(sum, sum, &t, rscale);   /* (Σx)² */
	nv_mul(&n, sumsq, &r, rscale);  /* N·Σx² */
	nv_sub(&r, &t, &r);             /* the numerator */
	if (nv_cmp(&r, &zero) <= 0) {
		nv_zero(&r, 0);
	} else {
		nv_from_int(sample ? count - 1 : count, &d);
		nv_mul(&n, &d, &d, 0);
		rscale = select_div_scale(&r, &d);
		nv_div(&r, &d, &t, rscale, true);
		if (kind == STDDEV_SAMP || kind == STDDEV_POP)
			nv_sqrt(&t, &r, rscale);
		else
			nv_move(&r, &t);
	}
	rc = put_nv(cx, &r, out);
	nv_free(&n);
	nv_free(&d);
	nv_free(&t);
	nv_free(sum);
	nv_free(sumsq);
	return rc;
}

static int var_int_final(exec_ctx *cx, const exec_value *state, var_kind kind, exec_value *out)
{
	var_int_acc acc;
	nvar sum = NVAR_INIT, sumsq = NVAR_INIT;

	if (state->isnull) {
		*out = exec_null(EXEC_OID_NUMERIC);
		return EXEC_OK;
	}
	memcpy(&acc, state_bytes(state), sizeof(acc));
	nv_from_i128(acc.sum, &sum);
	nv_from_i128(acc.sumsq, &sumsq);
	return var_num_result(cx, acc.count, &sum, &sumsq, kind, out);
}

static int var_num_final(exec_ctx *cx, const exec_value *state, var_kind kind, exec_value *out)
{
	const var_num_acc *acc;
	const num_acc *sx;
	nvar sum = NVAR_INIT, sumsq = NVAR_INIT;

	if (state->isnull) {
		*out = exec_null(EXEC_OID_NUMERIC);
		return EXEC_OK;
	}
	acc = state_bytes(state);
	sx = state_bytes(&acc->sum);
	if ((sx->count == 0 || ((kind == VAR_SAMP || kind == STDDEV_SAMP) && sx->count <= 1))) {
		*out = exec_null(EXEC_OID_NUMERIC);
		return EXEC_OK;
	}
	if (sx->nan + sx->pinf + sx->ninf > 0) {
		*out = exec_numeric_value(&const_nan);
		return EXEC_OK;
	}
	acc_value(sx, &sum);
	if (acc->sumsq.isnull)
		nv_zero(&sumsq, 0);
	else
		acc_value(state_bytes(&acc->sumsq), &sumsq);
	return var_num_result(cx, sx->count, &sum, &sumsq, kind, out);
}

static int agg_var_float_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	var_float_acc acc;
	double x = args[0].v.f, n0, sx0;

	if (state->isnull)
		state_new(cx, state, sizeof(acc));
	memcpy(&acc, state_bytes(state), sizeof(acc));
	n0 = acc.n;
	sx0 = acc.sx;
	acc.n += 1.0;
	acc.sx += x;
	if (n0 > 0.0) {
		double tmp = x * acc.n - acc.sx;

		acc.sxx += tmp * tmp / (acc.n * n0);
		if (isinf(acc.sx) || isinf(acc.sxx)) {
			if (!isinf(sx0) && !isinf(x))
				return store_err_set(cx->err, "22003", "value out of range: overflow");
			acc.sxx = NAN;
		}
	} else if (isnan(x) || isinf(x)) {
		acc.sxx = NAN;
	}
	memcpy(state_bytes(state), &acc, sizeof(acc));
	return EXEC_OK;
}

static int var_float_final(exec_ctx *cx, const exec_value *state, var_kind kind, exec_value *out)
{
	bool sample = kind == VAR_SAMP || kind == STDDEV_SAMP;
	var_float_acc acc;
	double r;

	(void)cx;
	*out = exec_null(EXEC_OID_FLOAT8);
	if (state->isnull)
		return EXEC_OK;
	memcpy(&acc, state_bytes(state), sizeof(acc));
	if (acc.n == 0.0 || (sample && acc.n <= 1.0))
		return EXEC_OK;
	r = acc.sxx / (sample ? acc.n - 1.0 : acc.n);
	if (kind == STDDEV_SAMP || kind == STDDEV_POP)
		r = sqrt(r);
	out->isnull = false;
	out->v.f = r;
	return EXEC_OK;
}

/* The final functions: each statistic of each state. */
#define VAR_FINAL(fname, final, kind)                                                              \
	static int fname(exec_ctx *cx, const exec_value *state, exec_value *out)                   \
	{                                                                                          \
		return final(cx, state, kind, out);                                                \
	}
VAR_FINAL(var_samp_int, var_int_final, VAR_SAMP)
VAR_FINAL(var_pop_int, var_int_final, VAR_POP)
VAR_FINAL(stddev_samp_int, var_int_final, STDDEV_SAMP)
VAR_FINAL(stddev_pop_int, var_int_final, STDDEV_POP)
VAR_FINAL(var_samp_num, var_num_final, VAR_SAMP)
VAR_FINAL(var_pop_num, var_num_final, VAR_POP)
VAR_FINAL(stddev_samp_num, var_num_final, STDDEV_SAMP)
VAR_FINAL(stddev_pop_num, var_num_final, STDDEV_POP)
VAR_FINAL(var_samp_float, var_float_final, VAR_SAMP)
VAR_FINAL(var_pop_float, var_float_final, VAR_POP)
VAR_FINAL(stddev_samp_float, var_float_final, STDDEV_SAMP)
VAR_FINAL(stddev_pop_float, var_float_final, STDDEV_POP)

/* ---- to_char of a number ---- */

/*
 * A template (PostgreSQL's "Template Patterns for Numeric Formatting")
 * is read into items and a summary, then the number's decimal text is
 * laid over it.  The layout rules are PostgreSQL's to the character: 9
 * is a digit or a blank, 0 a digit or a zero, the sign goes just in front
 * of the first character the number itself fills (or where S, MI, PL,
 * SG or PR put it), a number too wide for the template prints as #s, FM
 * drops the padding and the insignificant zeros after the point.  The
 * separators and the currency are the C locale's: ".", "," and " ".
 */

typedef enum nf_kind {
	NF_TEXT,   /* a literal character */
	NF_DIGIT,  /* 9 */
	NF_ZERO,   /* 0 */
	NF_POINT,  /* . and D */
	NF_COMMA,  /* , */
	NF_GROUP,  /* G */
	NF_MI,     /* minus sign here when negative */
	NF_PL,     /* plus sign here when not negative */
	NF_SG,     /* the sign here */
	NF_CURR,   /* L */
	NF_ROMAN,  /* RN; rn is lower case */
	NF_ORD,    /* TH; th is lower case */
	NF_IGNORE, /* S, PR, FM, V, B, C, SP, EEEE: effect through the summary */
} nf_kind;

typedef struct nf_item {
	nf_kind kind;
	char ch;    /* NF_TEXT */
	bool lower; /* rn, th */
} nf_item;

/* Where S puts the sign. */
enum { NF_LSIGN_NONE, NF_LSIGN_PRE, NF_LSIGN_POST };

typedef struct nf_format {
	nf_item *items;
	int nitems;
	int pre, post;  /* digit positions before and after the point */
	int zero_start; /* with zero: the 0-based position of the first 0 */
	int zero_end;   /* the digit positions up to the last 0, 0 when none */
	int multi;      /* 9s after V: the power of ten to multiply by */
	int lsign;      /* NF_LSIGN_* */
	int pre_lsign;  /* digits before a leading S */
	bool zero, point, fill, bracket, minus, plus, roman, eeee, vmul, blank;
} nf_format;

/* The template keywords, longest first where they share a start. */
static const struct {
	const char *kw;
	nf_kind kind;
	char id; /* what the summary records: the keyword's letter */
	bool lower;
} nf_keywords[] = {
	{",", NF_COMMA, ',', false},
	{".", NF_POINT, '.', false},
	{"0", NF_ZERO, '0', false},
	{"9", NF_DIGIT, '9', false},
	{"B", NF_IGNORE, 'B', false},
	{"C", NF_IGNORE, 'C', false},
	{"D", NF_POINT, 'D', false},
	{"EEEE", NF_IGNORE, 'E', false},
	{"FM", NF_IGNORE, 'F', false},
	{"G", NF_GROUP, 'G', false},
	{"L", NF_CURR, 'L', false},
	{"MI", NF_MI, 'M', false},
	{"PL", NF_PL, 'P', false},
	{"PR", NF_IGNORE, 'R', false},
	{"RN", NF_ROMAN, 'N', false},
	{"SG", NF_SG, 'G', false},
	{"SP", NF_IGNORE, 'C', false},
	{"S", NF_IGNORE, 'S', false},
	{"TH", NF_ORD, 'T', false},
	{"V", NF_IGNORE, 'V', false},
	{"b", NF_IGNORE, 'B', true},
	{"c", NF_IGNORE, 'C', true},
	{"d", NF_POINT, 'D', true},
	{"eeee", NF_IGNORE, 'E', true},
	{"fm", NF_IGNORE, 'F', true},
	{"g", NF_GROUP, 'G', true},
	{"l", NF_CURR, 'L', true},
	{"mi", NF_MI, 'M', true},
	{"pl", NF_PL, 'P', true},
	{"pr", NF_IGNORE, 'R', true},
	{"rn", NF_ROMAN, 'N', true},
	{"sg", NF_SG, 'G', true},
	{"sp", NF_IGNORE, 'C', true},
	{"s", NF_IGNORE, 'S', true},
	{"th", NF_ORD, 'T', true},
	{"v", NF_IGNORE, 'V', true},
};

#define NF_NKEYWORDS (sizeof(nf_keywords) / sizeof(nf_keywords[0]))

static int nf_syntax(store_err *err, const char *msg)
{
	return store_err_set(err, "42601", "%s", msg);
}

/* Record keyword k (at the template's current position) in the summary; 42601 on a conflict. */
static int nf_note(nf_format *f, size_t k, store_err *err)
{
	const char *kw = nf_keywords[k].kw;
	bool sg = strcmp(kw, "SG") == 0 || strcmp(kw, "sg") == 0;
	bool sp = strcmp(kw, "SP") == 0 || strcmp(kw, "sp") == 0;
	char id = sg ? 'g' : sp ? 'c' : nf_keywords[k].id;

	if (f->eeee && id != 'E')
		return nf_syntax(err, "\"EEEE\" must be the last pattern used");
	switch (id) {
	case '9':
	case '0':
		if (f->bracket)
			return nf_syntax(err, id == '9' ? "\"9\" must be ahead of \"PR\""
							: "\"0\" must be ahead of \"PR\"");
		if (id == '9' && f->vmul) {
			f->multi++;
			break;
		}
		if (id == '0' && !f->zero && !f->point) {
			f->zero = true;
			f->zero_start = f->pre;
		}
		if (f->point)
			f->post++;
		else
			f->pre++;
		if (id == '0')
			f->zero_end = f->pre + f->post;
		break;
	case '.':
	case 'D':
		if (f->point)
			return nf_syntax(err, "multiple decimal points");
		if (f->vmul)
			return nf_syntax(err, "cannot use \"V\" and decimal point together");
		f->point = true;
		break;
	case 'F':
		f->fill = true;
		break;
	case 'B':
		f->blank = true;
		break;
	case 'S':
		if (f->lsign != NF_LSIGN_NONE)
			return nf_syntax(err, "cannot use \"S\" twice");
		if (f->plus || f->minus || f->bracket)
			return nf_syntax(
				err, "cannot use \"S\" and \"PL\"/\"MI\"/\"SG\"/\"PR\" together");
		f->lsign = f->point ? NF_LSIGN_POST : NF_LSIGN_PRE;
		f->pre_lsign = f->pre;
		break;
	case 'M':
	case 'P':
	case 'g':
		if (f->lsign != NF_LSIGN_NONE)
			return nf_syntax(err, id == 'M'   ? "cannot use \"S\" and \"MI\" together"
					      : id == 'P' ? "cannot use \"S\" and \"PL\" together"
							  : "cannot use \"S\" and \"SG\" together");
		f->minus |= id != 'P';
		f->plus |= id != 'M';
		break;
	case 'R':
		if (f->lsign != NF_LSIGN_NONE || f->plus || f->minus)
			return nf_syntax(
				err, "cannot use \"PR\" and \"S\"/\"PL\"/\"MI\"/\"SG\" together");
		f->bracket = true;
		break;
	case 'N':
		if (f->roman)
			return nf_syntax(err, "cannot use \"RN\" twice");
		f->roman = true;
		break;
	case 'V':
		if (f->point)
			return nf_syntax(err, "cannot use \"V\" and decimal point together");
		f->vmul = true;
		break;
	case 'E':
		if (f->eeee)
			return nf_syntax(err, "cannot use \"EEEE\" twice");
		if (f->blank || f->fill || f->lsign != NF_LSIGN_NONE || f->bracket || f->minus ||
			f->plus || f->roman || f->vmul) {
			nf_syntax(err, "\"EEEE\" is incompatible with other formats");
			store_err_detail(err,
				"\"EEEE\" may only be used together with digit and decimal point patterns.");
			return EXEC_ERROR;
		}
		f->eeee = true;
		break;
	default: /* , G L TH C SP: nothing to record */
		break;
	}
	return EXEC_OK;
}

/* Read a template: keywords, "quoted text" (\ escapes in it), \" and other characters as text. */
static int nf_parse(sql_arena *a, const char *s, size_t len, nf_format *f, store_err *err)
{
	size_t i = 0;

	memset(f, 0, sizeof(*f));
	f->items = sql_arena_alloc(a, (len > 0 ? len : 1) * sizeof(nf_item));
	while (i < len) {
		size_t k, n = 0;

		for (k = 0; k < NF_NKEYWORDS; k++) {
			n = strlen(nf_keywords[k].kw);
			if (n <= len - i && memcmp(s + i, nf_keywords[k].kw, n) == 0)
				break;
		}
		if (k < NF_NKEYWORDS) {
			if (nf_note(f, k, err) != EXEC_OK)
				return EXEC_ERROR;
			f->items[f->nitems++] =
				(nf_item){nf_keywords[k].kind, 0, nf_keywords[k].lower};
			i += n;
		} else if (s[i] == '"') {
			for (i++; i < len && s[i] != '"'; i++) {
				if (s[i] == '\\' && i + 1 < len)
					i++;
				f->items[f->nitems++] = (nf_item){NF_TEXT, s[i], false};
			}
			i++;
		} else {
			if (s[i] == '\\' && i + 1 < len && s[i + 1] == '"')
				i++;
			f->items[f->nitems++] = (nf_item){NF_TEXT, s[i++], false};
		}
	}
	return EXEC_OK;
}

/* The number laid over the template: the state of one to_char. */
typedef struct nf_run {
	const nf_format *f;
	const char *num;  /* digits and the point; #s when too wide */
	const char *np;   /* the next character of num to place */
	const char *last; /* with FM and a point: the last character worth printing */
	char sign;        /* '-' or '+' */
	bool sign_done;   /* the sign is placed (or needs no place) */
	bool lsign_post;  /* S after the digits */
	bool bracket;     /* PR in effect */
	int pad;          /* digit positions before the number's first digit */
	int pos;          /* digit positions placed so far */
	int count;        /* the last digit position (PostgreSQL's num_count) */
	bool digit_in;    /* the position just placed printed a digit */
	store_buf *out;
} nf_run;

/* "0.5" under "9.9" prints " .5": the integer zero is a blank. */
static bool nf_predec_space(const nf_run *r)
{
	return !r->f->zero && r->np == r->num && r->num[0] == '0' && r->f->post != 0;
}

static void nf_put_sign_before(nf_run *r)
{
	bool last_is_point = r->last != NULL && *r->last == '.';

	if (r->sign_done)
		return;
	if (!(r->pos >= r->pad || (r->f->zero && r->f->zero_start == r->pos)))
		return;
	if (nf_predec_space(r) && !last_is_point)
		return;
	if (r->f->lsign != NF_LSIGN_NONE) {
		if (!r->lsign_post) {
			store_buf_putc(r->out, r->sign);
			r->sign_done = true;
		}
	} else if (r->bracket) {
		store_buf_putc(r->out, r->sign == '+' ? ' ' : '<');
		r->sign_done = true;
	} else {
		if (r->sign == '-' || !r->f->fill)
			store_buf_putc(r->out, r->sign == '-' ? '-' : ' ');
		r->sign_done = true;
	}
}

/* One 9, 0 or point of the template. */
static void nf_put_digit(nf_run *r, nf_kind kind)
{
	const nf_format *f = r->f;
	bool last_is_point = r->last != NULL && *r->last == '.';
	int end;

	r->digit_in = false;
	if (f->roman)
		return;
	nf_put_sign_before(r);

	if (r->pos < r->pad && (!f->zero || f->zero_start > r->pos)) {
		/* Before the number, no zero fill yet: a blank. */
		if (!f->fill)
			store_buf_putc(r->out, ' ');
	} else if (f->zero && r->pos < r->pad) {
		store_buf_putc(r->out, '0');
		r->digit_in = true;
	} else {
		if (*r->np == '.') {
			if (!last_is_point || f->fill)
				store_buf_putc(r->out, '.');
		} else if (r->last != NULL && r->np > r->last && kind != NF_ZERO) {
			/* FM: an insignificant zero after the point. */
		} else if (nf_predec_space(r)) {
			if (!f->fill)
				store_buf_putc(r->out, ' ');
			else if (last_is_point)
				store_buf_putc(r->out, '0');
		} else {
			/* Past the end of the number PostgreSQL writes a NUL, which ends its text. */
			store_buf_putc(r->out, *r->np);
			r->digit_in = true;
		}
		if (*r->np != '\0')
			r->np++;
	}

	/* After the last position: the closing bracket or a trailing S. */
	end = r->count + (r->pad > 0 ? 1 : 0) + (f->point ? 1 : 0);
	if (r->last != NULL && r->last == r->np)
		end = r->pos;
	if (r->pos + 1 == end) {
		if (r->sign_done && r->bracket)
			store_buf_putc(r->out, r->sign == '+' ? ' ' : '>');
		else if (r->lsign_post)
			store_buf_putc(r->out, r->sign);
	}
	r->pos++;
}

/* English ordinal suffix of an integer's digits: 1st, 2nd, 3rd, 11th. */
static const char *nf_ordinal(const char *num, bool lower)
{
	size_t n = strlen(num);
	char last = n > 0 ? num[n - 1] : '0';

	if (n > 1 && num[n - 2] == '1')
		last = '0';
	switch (last) {
	case '1':
		return lower ? "st" : "ST";
	case '2':
		return lower ? "nd" : "ND";
	case '3':
		return lower ? "rd" : "RD";
	default:
		return lower ? "th" : "TH";
	}
}

/*
 * Lay num (digits with an optional point, or #s) with sign over the
 * template, pad positions before it, into out.  EEEE prints num alone.
 */
static void nf_render(nf_format *f, const char *num, char sign, int pad, store_buf *out)
{
	nf_run r;

	if (f->eeee) {
		store_buf_puts(out, num);
		return;
	}
	memset(&r, 0, sizeof(r));
	r.f = f;
	r.num = r.np = num;
	r.sign = sign;
	r.pad = pad;
	r.out = out;
	r.bracket = f->bracket;
	r.lsign_post =
		f->lsign == NF_LSIGN_POST || (f->lsign == NF_LSIGN_PRE && f->pre == f->pre_lsign);

	/* Whether the digits still have to place a sign. */
	if (f->plus || f->minus) {
		r.sign_done = !(f->plus && !f->minus);
	} else {
		if (sign != '-' && f->fill)
			r.bracket = false;
		r.sign_done = sign == '+' && f->fill && f->lsign == NF_LSIGN_NONE;
	}

	/* FM with a point: the last digit worth printing, kept up to the last 0. */
	if (f->fill && f->point && !f->roman) {
		const char *p = strchr(num, '.');

		if (p != NULL) {
			r.last = p;
			for (p++; *p != '\0'; p++)
				if (*p != '0')
					r.last = p;
			if (f->zero_end > pad) {
				size_t lz = strlen(num) - 1;

				if ((size_t)(f->zero_end - pad) < lz)
					lz = (size_t)(f->zero_end - pad);
				if (r.last < num + lz)
					r.last = num + lz;
			}
		}
	}
	r.count = f->post + f->pre - 1;
	if (!r.sign_done && pad == 0)
		r.count++;

	for (int i = 0; i < f->nitems; i++) {
		const nf_item *it = &f->items[i];

		switch (it->kind) {
		case NF_DIGIT:
		case NF_ZERO:
		case NF_POINT:
			nf_put_digit(&r, it->kind);
			continue;
		case NF_COMMA:
		case NF_GROUP:
			if (r.digit_in)
				store_buf_putc(out, ',');
			else if (!f->fill)
				store_buf_putc(out, ' ');
			continue;
		case NF_CURR:
			store_buf_putc(out, ' ');
			continue;
		case NF_ROMAN:
			if (!f->roman)
				continue;
			if (f->fill)
				store_buf_puts(out, num);
			else
				store_buf_printf(out, "%15s", num);
			if (it->lower)
				for (size_t k = out->len - strlen(num); k < out->len; k++)
					out->data[k] = (unsigned char)tolower(out->data[k]);
			continue;
		case NF_ORD:
			if (f->roman || num[0] == '#' || sign == '-' || f->point)
				continue;
			store_buf_puts(out, nf_ordinal(num, it->lower));
			continue;
		case NF_MI:
			if (sign == '-')
				store_buf_putc(out, '-');
			else if (!f->fill)
				store_buf_putc(out, ' ');
			continue;
		case NF_PL:
			if (sign == '+')
				store_buf_putc(out, '+');
			else if (!f->fill)
				store_buf_putc(out, ' ');
			continue;
		case NF_SG:
			store_buf_putc(out, sign);
			continue;
		case NF_TEXT:
			store_buf_putc(out, it->ch);
			continue;
		case NF_IGNORE:
			continue;
		}
	}
}

/* Roman numerals of 1..3999, else 15 #s. */
static void nf_roman(int64_t v, char *buf)
{
	static const char *const ones[] = {
		"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"};
	static const char *const tens[] = {
		"", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"};
	static const char *const hundreds[] = {
		"", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"};

	if (v < 1 || v > 3999) {
		memset(buf, '#', 15);
		buf[15] = '\0';
		return;
	}
	buf[0] = '\0';
	for (int64_t m = 0; m < v / 1000; m++)
		strcat(buf, "M");
	strcat(buf, hundreds[v / 100 % 10]);
	strcat(buf, tens[v / 10 % 10]);
	strcat(buf, ones[v % 10]);
}

/*
 * The decimal text of a number for the template: the sign split off,
 * the pad before its first digit, #s when its integer part is wider
 * than the template's.  text is NUL-terminated, in the arena.
 */
static void nf_fit(
	sql_arena *a, const nf_format *f, const char *text, char *sign, int *pad, const char **num)
{
	const char *p;
	int intlen;

	*sign = text[0] == '-' ? '-' : '+';
	if (text[0] == '-')
		text++;
	p = strchr(text, '.');
	intlen = p != NULL ? (int)(p - text) : (int)strlen(text);
	*pad = 0;
	*num = text;
	if (intlen < f->pre) {
		*pad = f->pre - intlen;
	} else if (intlen > f->pre) {
		char *h = sql_arena_alloc(a, (size_t)(f->pre + f->post) + 2);

		memset(h, '#', (size_t)(f->pre + f->post) + 1);
		h[f->pre] = '.';
		h[f->pre + f->post + 1] = '\0';
		*num = h;
	}
}

/* The result of to_char: the text up to a NUL the layout may have written. */
static int nf_result(exec_ctx *cx, store_buf *b, exec_value *out)
{
	size_t n = b->len > 0 ? strnlen((const char *)b->data, b->len) : 0;

	*out = exec_text(EXEC_OID_TEXT, sql_arena_strndup(cx->arena, (const char *)b->data, n), n);
	store_buf_free(b);
	return EXEC_OK;
}

/* EEEE of a float: printf's %e with a blank for the plus sign, #s for NaN and infinity. */
static const char *nf_sci_double(sql_arena *a, const nf_format *f, double d)
{
	char tmp[400];

	if (isnan(d) || isinf(d)) {
		char *h = sql_arena_alloc(a, (size_t)(f->pre + f->post) + 7);

		memset(h, '#', (size_t)(f->pre + f->post) + 6);
		h[0] = ' ';
		h[f->pre + 1] = '.';
		h[f->pre + f->post + 6] = '\0';
		return h;
	}
	snprintf(tmp, sizeof(tmp), "%+.*e", f->post, d);
	if (tmp[0] == '+')
		tmp[0] = ' ';
	return sql_arena_strndup(a, tmp, strlen(tmp));
}

/* EEEE of an exact number: the significand rounded to the template's decimals, a blank for plus. */
static const char *nf_sci(sql_arena *a, const nf_format *f, const nvar *x)
{
	store_buf t = STORE_BUF_INIT;
	nvar v = NVAR_INIT;
	const char *s;
	int exp10 = 0;

	if (x->ndigits > 0)
		exp10 = (x->weight + 1) * DEC_DIGITS - (DEC_DIGITS - (int)log10(x->digits[0]));
	nv_shift10(x, -exp10, &v);
	nv_round(&v, f->post);
	v.dscale = f->post;
	if (v.sign == POS)
		store_buf_putc(&t, ' ');
	nv_out(&v, &t);
	store_buf_printf(&t, "e%+03d", exp10);
	nv_free(&v);
	s = sql_arena_strndup(a, (const char *)t.data, t.len);
	store_buf_free(&t);
	return s;
}

/* to_char(numeric, text) */
static int fn_to_char(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_numeric *n = NUM(0);
	store_buf b = STORE_BUF_INIT, t = STORE_BUF_INIT;
	const char *num;
	nf_format f;
	char sign = '+';
	int pad = 0;

	if (nf_parse(cx->arena, args[1].v.s.p, args[1].v.s.len, &f, cx->err) != EXEC_OK)
		return EXEC_ERROR;
	if (f.roman) {
		char roman[32];
		int64_t i;

		if (exec_numeric_to_int64(n, INT32_MIN, INT32_MAX, "integer", &i, cx->err) !=
			EXEC_OK)
			return EXEC_ERROR;
		nf_roman(i, roman);
		num = sql_arena_strndup(cx->arena, roman, strlen(roman));
	} else if (f.eeee) {
		nvar view;

		if (is_special(n)) {
			num = nf_sci_double(cx->arena, &f, NAN);
		} else {
			nv_view(n, &view);
			num = nf_sci(cx->arena, &f, &view);
		}
	} else {
		/* V multiplies by 10^(its 9s), which then count as digits before the point. */
		if (!is_special(n)) {
			nvar v = NVAR_INIT, view;

			nv_view(n, &view);
			nv_shift10(&view, f.multi, &v);
			nv_round(&v, f.post);
			v.dscale = f.post;
			nv_out(&v, &t);
			nv_free(&v);
		} else {
			exec_numeric_out(n, &t);
		}
		f.pre += f.multi;
		nf_fit(cx->arena, &f, sql_arena_strndup(cx->arena, (const char *)t.data, t.len),
			&sign, &pad, &num);
	}
	store_buf_free(&t);
	nf_render(&f, num, sign, pad, &b);
	return nf_result(cx, &b, out);
}

/* to_char(int4, text), to_char(int8, text) */
static int fn_int_to_char(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	store_buf b = STORE_BUF_INIT;
	const char *num;
	char tmp[64];
	nf_format f;
	char sign = '+';
	int pad = 0;

	if (nf_parse(cx->arena, args[1].v.s.p, args[1].v.s.len, &f, cx->err) != EXEC_OK)
		return EXEC_ERROR;
	if (f.roman) {
		if (args[0].v.i < INT32_MIN || args[0].v.i > INT32_MAX)
			return store_err_set(cx->err, "22003", "integer out of range");
		nf_roman(args[0].v.i, tmp);
		num = sql_arena_strndup(cx->arena, tmp, strlen(tmp));
	} else if (f.eeee) {
		nvar v = NVAR_INIT;

		nv_from_int(args[0].v.i, &v);
		num = nf_sci(cx->arena, &f, &v);
		nv_free(&v);
	} else {
		store_buf t = STORE_BUF_INIT;
		nvar v = NVAR_INIT;

		/* Exact even when V pushes past 64 bits: through an nvar. */
		nv_from_int(args[0].v.i, &v);
		if (f.multi > 0) {
			nvar m = NVAR_INIT;

			nv_shift10(&v, f.multi, &m);
			nv_move(&v, &m);
		}
		v.dscale = f.post;
		nv_out(&v, &t);
		nv_free(&v);
		f.pre += f.multi;
		nf_fit(cx->arena, &f, sql_arena_strndup(cx->arena, (const char *)t.data, t.len),
			&sign, &pad, &num);
		store_buf_free(&t);
	}
	nf_render(&f, num, sign, pad, &b);
	return nf_result(cx, &b, out);
}

/* to_char(float4, text), to_char(float8, text): at most FLT_DIG or DBL_DIG digits shown. */
static int float_to_char(exec_ctx *cx, const exec_value *args, int max_digits, exec_value *out)
{
	store_buf b = STORE_BUF_INIT;
	double d = args[0].v.f;
	const char *num;
	char tmp[400];
	nf_format f;
	char sign = '+';
	int pad = 0;

	if (nf_parse(cx->arena, args[1].v.s.p, args[1].v.s.len, &f, cx->err) != EXEC_OK)
		return EXEC_ERROR;
	if (f.roman) {
		nf_roman(isnan(d) || fabs(d) > 1e9 ? 0 : (int64_t)rint(d), tmp);
		num = sql_arena_strndup(cx->arena, tmp, strlen(tmp));
	} else if (f.eeee) {
		num = nf_sci_double(cx->arena, &f, d);
	} else {
		int intlen;

		if (f.multi > 0)
			d *= pow(10, f.multi);
		f.pre += f.multi;
		intlen = snprintf(tmp, sizeof(tmp), "%.0f", fabs(d));
		if (intlen >= max_digits)
			f.post = 0;
		else if (intlen + f.post > max_digits)
			f.post = max_digits - intlen;
		snprintf(tmp, sizeof(tmp), "%.*f", f.post, d);
		nf_fit(cx->arena, &f, sql_arena_strndup(cx->arena, tmp, strlen(tmp)), &sign, &pad,
			&num);
	}
	nf_render(&f, num, sign, pad, &b);
	return nf_result(cx, &b, out);
}

static int fn_float4_to_char(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return float_to_char(cx, args, FLT_DIG, out);
}

static int fn_float8_to_char(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return float_to_char(cx, args, DBL_DIG, out);
}

/* ---- to_number ---- */

/*
 * to_number reads the text through the template as PostgreSQL's
 * NUM_processor does: each 9, 0 and decimal point takes a digit or the
 * point (a blank before it skipped, a sign before the first digit and
 * after the last taken where the template allows one), a comma or G
 * takes a comma only if there is one, L a blank (or skips a character
 * that is no number's), MI, PL and SG their sign (likewise), any other
 * template character one input character, and S, PR, FM, V nothing;
 * the input may end early.  The signs and
 * separators are the C locale's.  What was read is numeric's text:
 * nothing read is 22P02, as in PostgreSQL.
 */
typedef struct nf_in {
	const nf_format *f;
	const char *s;
	size_t len, at;
	char sign; /* ' ' until one is read */
	store_buf num;
	int read_pre, read_post;
	bool read_dec;
} nf_in;

static bool nf_in_end(const nf_in *p)
{
	return p->at >= p->len;
}

static bool nf_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

/* Past the character at p->at (a byte that starts none counts as one). */
static size_t nf_next(const nf_in *p)
{
	size_t n = sql_utf8_char_len(p->s + p->at, p->len - p->at);

	return p->at + (n > 0 ? n : 1);
}

/* PostgreSQL's NUM_eat_non_data_chars: skip up to n characters that are no number's. */
static void nf_eat(nf_in *p, int n)
{
	for (; n > 0 && !nf_in_end(p); n--) {
		if (strchr("0123456789.,+-", p->s[p->at]) != NULL)
			break;
		p->at = nf_next(p);
	}
}

/* A 9, a 0 or the decimal point of the template: PostgreSQL's NUM_numpart_from_char. */
static void nf_read_number(nf_in *p, nf_kind kind)
{
	const nf_format *f = p->f;
	bool isread = false;

	if (!nf_in_end(p) && p->s[p->at] == ' ')
		p->at++;
	if (nf_in_end(p))
		return;

	/* A sign before the number. */
	if (p->sign == ' ' && kind != NF_POINT && p->read_pre + p->read_post == 0) {
		char c = p->s[p->at];

		if (c == '-' || (f->lsign != NF_LSIGN_PRE && f->bracket && c == '<')) {
			p->sign = '-';
			p->at++;
		} else if (c == '+') {
			p->sign = '+';
			p->at++;
		}
	}
	if (nf_in_end(p))
		return;

	/* A digit, or the decimal point. */
	if (nf_isdigit(p->s[p->at])) {
		if (p->read_dec && p->read_post == f->post)
			return;
		store_buf_putc(&p->num, p->s[p->at]);
		if (p->read_dec)
			p->read_post++;
		else
			p->read_pre++;
		isread = true;
	} else if (f->point && !p->read_dec && p->s[p->at] == '.') {
		store_buf_putc(&p->num, '.');
		p->read_dec = true;
		isread = true;
	}
	if (nf_in_end(p))
		return;

	/* A sign after the last digit: S's right behind it, MI's and PL's wherever. */
	if (p->sign == ' ' && p->read_pre + p->read_post > 0) {
		if (f->lsign != NF_LSIGN_NONE && isread &&
			(p->at + 1 >= p->len || !nf_isdigit(p->s[p->at + 1]))) {
			size_t back = p->at++;

			if (!nf_in_end(p) && (p->s[p->at] == '-' || p->s[p->at] == '+'))
				p->sign = p->s[p->at];
			else
				p->at = back;
		} else if (!isread && f->lsign == NF_LSIGN_NONE && (f->plus || f->minus) &&
			   (p->s[p->at] == '-' || p->s[p->at] == '+')) {
			p->sign = p->s[p->at];
		}
	}
}

/* A sign the template places (MI, PL, SG): read when it is there, else skip a non-number. */
static bool nf_read_sign(nf_in *p, const char *signs)
{
	if (strchr(signs, p->s[p->at]) != NULL) {
		p->sign = p->s[p->at];
		return true;
	}
	nf_eat(p, 1);
	return false;
}

static int fn_to_number(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	nf_format f;
	nf_in p = {&f, args[0].v.s.p, args[0].v.s.len, 0, ' ', STORE_BUF_INIT, 0, 0, false};
	const exec_numeric *n;
	int r;

	(void)nargs;
	if (nf_parse(cx->arena, args[1].v.s.p, args[1].v.s.len, &f, cx->err) != EXEC_OK)
		return EXEC_ERROR;
	if (f.eeee || f.roman)
		return store_err_set(cx->err, "0A000", "\"%s\" not supported for input",
			f.eeee ? "EEEE" : "RN");
	store_buf_putc(&p.num, ' ');
	for (int i = 0; i < f.nitems && !nf_in_end(&p); i++) {
		const nf_item *it = &f.items[i];

		switch (it->kind) {
		case NF_DIGIT:
		case NF_ZERO:
		case NF_POINT:
			nf_read_number(&p, it->kind);
			break;
		case NF_COMMA:
		case NF_GROUP:
			if (p.s[p.at] != ',')
				continue;
			break;
		case NF_CURR:
			if (p.s[p.at] != ' ') {
				nf_eat(&p, 1);
				continue;
			}
			break;
		case NF_MI:
		case NF_PL:
		case NF_SG:
			if (!nf_read_sign(&p, it->kind == NF_MI   ? "-"
					      : it->kind == NF_PL ? "+"
								  : "-+"))
				continue;
			break;
		case NF_TEXT:
			p.at = nf_next(&p);
			continue;
		default:
			continue;
		}
		p.at++;
	}

	/* The sign first, a trailing point dropped, numeric's input on the rest. */
	if (p.sign != ' ')
		p.num.data[0] = (unsigned char)p.sign;
	if (p.num.len > 1 && p.num.data[p.num.len - 1] == '.')
		p.num.len--;
	r = exec_numeric_parse(cx->arena, (const char *)p.num.data, p.num.len, &n, cx->err);
	store_buf_free(&p.num);
	if (r != EXEC_OK)
		return EXEC_ERROR;

	/*
	 * V: the digits counted a multiple of 10^multi; PostgreSQL multiplies
	 * by power(10, -multi), which has 16 decimal digits (or multi).
	 */
	if (f.multi > 0) {
		int scale = f.multi > 16 ? f.multi : 16;
		store_buf t = STORE_BUF_INIT;
		const exec_numeric *m;

		store_buf_puts(&t, "0.");
		for (int k = 1; k <= scale; k++)
			store_buf_putc(&t, k == f.multi ? '1' : '0');
		r = exec_numeric_parse(cx->arena, (const char *)t.data, t.len, &m, cx->err);
		store_buf_free(&t);
		if (r != EXEC_OK || exec_numeric_mul(cx, n, m, &n) != EXEC_OK)
			return EXEC_ERROR;
	}
	return put(cx, n, out);
}

/* ---- the tables ---- */

static const exec_type types[] = {
	{EXEC_OID_NUMERIC, "numeric", "numeric", 'N', false, -1, 0, EXEC_OID_NUMERIC_ARRAY, type_in,
		type_out, type_cmp, type_hash, type_coerce},
};

#define CAST(f, t, c, fn)                                                                          \
	{                                                                                          \
		EXEC_OID_##f, EXEC_OID_##t, EXEC_CAST_##c, fn                                      \
	}

static const exec_cast casts[] = {
	CAST(INT2, NUMERIC, IMPLICIT, cast_from_int),
	CAST(INT4, NUMERIC, IMPLICIT, cast_from_int),
	CAST(INT8, NUMERIC, IMPLICIT, cast_from_int),
	CAST(FLOAT4, NUMERIC, ASSIGNMENT, cast_from_float4),
	CAST(FLOAT8, NUMERIC, ASSIGNMENT, cast_from_float8),
	CAST(NUMERIC, INT2, ASSIGNMENT, cast_to_int2),
	CAST(NUMERIC, INT4, ASSIGNMENT, cast_to_int4),
	CAST(NUMERIC, INT8, ASSIGNMENT, cast_to_int8),
	CAST(NUMERIC, FLOAT4, IMPLICIT, cast_to_float4),
	CAST(NUMERIC, FLOAT8, IMPLICIT, cast_to_float8),
	/* through the text forms, as PostgreSQL's I/O conversion casts */
	CAST(NUMERIC, TEXT, ASSIGNMENT, NULL),
	CAST(NUMERIC, VARCHAR, ASSIGNMENT, NULL),
	CAST(NUMERIC, BPCHAR, ASSIGNMENT, NULL),
	CAST(TEXT, NUMERIC, EXPLICIT, NULL),
	CAST(VARCHAR, NUMERIC, EXPLICIT, NULL),
	CAST(BPCHAR, NUMERIC, EXPLICIT, NULL),
};

#define N EXEC_OID_NUMERIC
#define B EXEC_OID_BOOL

static const exec_oper opers[] = {
	{"+", N, N, N, fn_add, 1758, NULL, false},
	{"-", N, N, N, fn_sub, 1759, NULL, false},
	{"*", N, N, N, fn_mul, 1760, NULL, false},
	{"/", N, N, N, fn_div, 1761, NULL, false},
	{"%", N, N, N, fn_mod, 1762, NULL, false},
	{"^", N, N, N, fn_power, 1038, NULL, false},
	{"-", 0, N, N, fn_neg, 1751, NULL, false},
	{"+", 0, N, N, fn_uplus, 1921, NULL, false},
	{"@", 0, N, N, fn_abs, 1763, NULL, false},
	{"=", N, N, B, fn_eq, 1752, "<>", true},
	{"<>", N, N, B, fn_ne, 1753, "=", false},
	{"<", N, N, B, fn_lt, 1754, ">=", false},
	{"<=", N, N, B, fn_le, 1755, ">", false},
	{">", N, N, B, fn_gt, 1756, "<=", false},
	{">=", N, N, B, fn_ge, 1757, "<", false},
};

#define FN1(name, res, a, fn, oid)                                                                 \
	{                                                                                          \
		name, res, 1, {a}, false, true, 'i', fn, oid                                       \
	}
#define FN2(name, res, a, b, fn, oid)                                                              \
	{                                                                                          \
		name, res, 2, {a, b}, false, true, 'i', fn, oid                                    \
	}
#define I4 EXEC_OID_INT4
#define I8 EXEC_OID_INT8
#define T  EXEC_OID_TEXT

static const exec_func funcs[] = {
	FN1("abs", N, N, fn_abs, 1705),
	FN1("ceil", N, N, fn_ceil, 1711),
	FN1("ceiling", N, N, fn_ceil, 2167),
	FN1("floor", N, N, fn_floor, 1712),
	FN1("sign", N, N, fn_sign, 1706),
	FN1("round", N, N, fn_round, 1708),
	FN2("round", N, N, I4, fn_round, 1707),
	FN1("trunc", N, N, fn_trunc, 1710),
	FN2("trunc", N, N, I4, fn_trunc, 1709),
	FN2("div", N, N, N, fn_div_trunc, 1973),
	FN2("mod", N, N, N, fn_mod, 1728),
	FN2("power", N, N, N, fn_power, 2169),
	FN2("pow", N, N, N, fn_power, 1738),
	FN1("sqrt", N, N, fn_sqrt, 1730),
	FN1("exp", N, N, fn_exp, 1732),
	FN1("ln", N, N, fn_ln, 1734),
	FN1("log", N, N, fn_log10, 1741),
	FN1("log10", N, N, fn_log10, 1481),
	FN2("log", N, N, N, fn_log2, 1736),
	FN1("scale", I4, N, fn_scale, 3281),
	FN1("min_scale", I4, N, fn_min_scale, 5042),
	FN1("trim_scale", N, N, fn_trim_scale, 5043),
	FN1("factorial", N, I8, fn_factorial, 1376),
	{"width_bucket", I4, 4, {N, N, N, I4}, false, true, 'i', fn_width_bucket, 2170},
	{"to_char", T, 2, {N, T}, false, true, 's', fn_to_char, 1772},
	{"to_number", N, 2, {T, T}, false, true, 's', fn_to_number, 1777},
	{"to_char", T, 2, {I4, T}, false, true, 's', fn_int_to_char, 1773},
	{"to_char", T, 2, {I8, T}, false, true, 's', fn_int_to_char, 1774},
	{"to_char", T, 2, {EXEC_OID_FLOAT4, T}, false, true, 's', fn_float4_to_char, 1775},
	{"to_char", T, 2, {EXEC_OID_FLOAT8, T}, false, true, 's', fn_float8_to_char, 1776},
};

#define AGG(name, res, arg, st, step, final, oid)                                                  \
	{                                                                                          \
		name, res, 1, {arg}, st, true, NULL, step, final, oid                              \
	}
#define BY EXEC_OID_BYTEA
#define F4 EXEC_OID_FLOAT4
#define F8 EXEC_OID_FLOAT8

static const exec_agg aggs[] = {
	AGG("sum", I8, EXEC_OID_INT2, I8, agg_sum_int_step, NULL, 2109),
	AGG("sum", I8, I4, I8, agg_sum_int_step, NULL, 2108),
	AGG("sum", N, I8, BY, agg_int_step, agg_int_sum_final, 2107),
	AGG("sum", N, N, BY, agg_num_step, agg_num_sum_final, 2114),
	AGG("sum", F4, F4, F4, agg_sum_float4_step, NULL, 2110),
	AGG("sum", F8, F8, F8, agg_sum_float8_step, NULL, 2111),
	AGG("avg", N, EXEC_OID_INT2, BY, agg_int_step, agg_int_avg_final, 2102),
	AGG("avg", N, I4, BY, agg_int_step, agg_int_avg_final, 2101),
	AGG("avg", N, I8, BY, agg_int_step, agg_int_avg_final, 2100),
	AGG("avg", N, N, BY, agg_num_step, agg_num_avg_final, 2103),
	AGG("variance", N, EXEC_OID_INT2, BY, agg_var_int_step, var_samp_int, 2150),
	AGG("variance", N, I4, BY, agg_var_int_step, var_samp_int, 2149),
	AGG("variance", N, I8, BY, agg_var_int8_step, var_samp_num, 2148),
	AGG("variance", N, N, BY, agg_var_num_step, var_samp_num, 2153),
	AGG("variance", F8, F4, BY, agg_var_float_step, var_samp_float, 2151),
	AGG("variance", F8, F8, BY, agg_var_float_step, var_samp_float, 2152),
	AGG("var_samp", N, EXEC_OID_INT2, BY, agg_var_int_step, var_samp_int, 2643),
	AGG("var_samp", N, I4, BY, agg_var_int_step, var_samp_int, 2642),
	AGG("var_samp", N, I8, BY, agg_var_int8_step, var_samp_num, 2641),
	AGG("var_samp", N, N, BY, agg_var_num_step, var_samp_num, 2646),
	AGG("var_samp", F8, F4, BY, agg_var_float_step, var_samp_float, 2644),
	AGG("var_samp", F8, F8, BY, agg_var_float_step, var_samp_float, 2645),
	AGG("var_pop", N, EXEC_OID_INT2, BY, agg_var_int_step, var_pop_int, 2720),
	AGG("var_pop", N, I4, BY, agg_var_int_step, var_pop_int, 2719),
	AGG("var_pop", N, I8, BY, agg_var_int8_step, var_pop_num, 2718),
	AGG("var_pop", N, N, BY, agg_var_num_step, var_pop_num, 2723),
	AGG("var_pop", F8, F4, BY, agg_var_float_step, var_pop_float, 2721),
	AGG("var_pop", F8, F8, BY, agg_var_float_step, var_pop_float, 2722),
	AGG("stddev", N, EXEC_OID_INT2, BY, agg_var_int_step, stddev_samp_int, 2156),
	AGG("stddev", N, I4, BY, agg_var_int_step, stddev_samp_int, 2155),
	AGG("stddev", N, I8, BY, agg_var_int8_step, stddev_samp_num, 2154),
	AGG("stddev", N, N, BY, agg_var_num_step, stddev_samp_num, 2159),
	AGG("stddev", F8, F4, BY, agg_var_float_step, stddev_samp_float, 2157),
	AGG("stddev", F8, F8, BY, agg_var_float_step, stddev_samp_float, 2158),
	AGG("stddev_samp", N, EXEC_OID_INT2, BY, agg_var_int_step, stddev_samp_int, 2714),
	AGG("stddev_samp", N, I4, BY, agg_var_int_step, stddev_samp_int, 2713),
	AGG("stddev_samp", N, I8, BY, agg_var_int8_step, stddev_samp_num, 2712),
	AGG("stddev_samp", N, N, BY, agg_var_num_step, stddev_samp_num, 2717),
	AGG("stddev_samp", F8, F4, BY, agg_var_float_step, stddev_samp_float, 2715),
	AGG("stddev_samp", F8, F8, BY, agg_var_float_step, stddev_samp_float, 2716),
	AGG("stddev_pop", N, EXEC_OID_INT2, BY, agg_var_int_step, stddev_pop_int, 2726),
	AGG("stddev_pop", N, I4, BY, agg_var_int_step, stddev_pop_int, 2725),
	AGG("stddev_pop", N, I8, BY, agg_var_int8_step, stddev_pop_num, 2724),
	AGG("stddev_pop", N, N, BY, agg_var_num_step, stddev_pop_num, 2729),
	AGG("stddev_pop", F8, F4, BY, agg_var_float_step, stddev_pop_float, 2727),
	AGG("stddev_pop", F8, F8, BY, agg_var_float_step, stddev_pop_float, 2728),
	AGG("avg", F8, F4, BY, agg_avg_float_step, agg_avg_float_final, 2104),
	AGG("avg", F8, F8, BY, agg_avg_float_step, agg_avg_float_final, 2105),
};

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

const exec_module exec_mod_numeric = {"numeric", types, COUNT(types), casts, COUNT(casts), opers,
	COUNT(opers), funcs, COUNT(funcs), aggs, COUNT(aggs)};
