/*
 * srf.c - the set-returning function lookup and generate_series (see
 * srf.h).
 *
 * generate_series(start, stop [, step]) counts from start to stop
 * inclusive by step (1 when absent), upwards or downwards by the step's
 * sign; a zero step is 22023.  Integer series stop at the end of their
 * type's range instead of overflowing, as PostgreSQL's do.  Numeric and
 * date-time series add the step with the type's own "+" operator from
 * the registry, so they share its arithmetic and its errors.
 */
#include <stdio.h>
#include <string.h>

#include "branch.h"
#include "history.h"
#include "json.h"
#include "numeric.h"
#include "notify.h"
#include "srf.h"
#include "syscat.h"
#include "sysfunc.h"

/* ---- generate_series ---- */

static int series_int(exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit,
	void *arg, exec_oid type, int64_t min, int64_t max)
{
	int64_t cur = args[0].v.i, stop = args[1].v.i, step = nargs > 2 ? args[2].v.i : 1;

	if (step == 0)
		return store_err_set(cx->err, "22023", "step size cannot equal zero");
	(void)min;
	(void)max;
	while (step > 0 ? cur <= stop : cur >= stop) {
		exec_value v = exec_int(type, cur);

		if (emit(arg, &v, 1) != EXEC_OK)
			return EXEC_ERROR;
		/* The next value would leave the type's range: the series is over. */
		if (step > 0 ? cur > max - step : cur < min - step)
			break;
		cur += step;
	}
	return EXEC_OK;
}

static int series_int4(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	return series_int(cx, args, nargs, emit, arg, EXEC_OID_INT4, INT32_MIN, INT32_MAX);
}

static int series_int8(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	return series_int(cx, args, nargs, emit, arg, EXEC_OID_INT8, INT64_MIN, INT64_MAX);
}

/* A series of any type with "+" (value, step) and an order: numeric, timestamps. */
static int series_add(exec_ctx *cx, const exec_value *args, exec_value step, exec_srf_emit emit,
	void *arg, int dir)
{
	exec_oid cl = 0, cr = 0;
	const exec_oper *plus = exec_oper_resolve("+", args[0].type, step.type, &cl, &cr, cx->err);
	exec_value cur = args[0], pair[2];

	if (plus == NULL)
		return EXEC_ERROR;
	for (;;) {
		int c = exec_value_cmp(&cur, &args[1]);

		if (dir > 0 ? c > 0 : c < 0)
			return EXEC_OK;
		if (emit(arg, &cur, 1) != EXEC_OK)
			return EXEC_ERROR;
		pair[0] = cur;
		pair[1] = step;
		if (plus->fn(cx, pair, 2, &cur) != EXEC_OK)
			return EXEC_ERROR;
		cur.type = args[0].type;
	}
}

static int series_numeric(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	exec_value step =
		nargs > 2 ? args[2] : exec_numeric_value(exec_numeric_from_int64(cx->arena, 1));
	const exec_numeric *zero = exec_numeric_from_int64(cx->arena, 0);
	int dir;

	for (int i = 0; i < nargs; i++) {
		if (args[i].v.num->sign == EXEC_NUMERIC_NAN)
			return store_err_set(cx->err, "22023", "%s value cannot be NaN",
				i == 0   ? "start"
				: i == 1 ? "stop"
					 : "step size");
		if (args[i].v.num->sign == EXEC_NUMERIC_PINF ||
			args[i].v.num->sign == EXEC_NUMERIC_NINF)
			return store_err_set(cx->err, "22023", "%s value cannot be infinity",
				i == 0   ? "start"
				: i == 1 ? "stop"
					 : "step size");
	}
	dir = exec_numeric_cmp(step.v.num, zero);
	if (dir == 0)
		return store_err_set(cx->err, "22023", "step size cannot equal zero");
	return series_add(cx, args, step, emit, arg, dir);
}

static int series_time(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	exec_value zero;
	int dir;

	(void)nargs;
	zero.type = EXEC_OID_INTERVAL;
	zero.isnull = false;
	memset(&zero.v, 0, sizeof(zero.v));
	dir = exec_value_cmp(&args[2], &zero);
	if (dir == 0)
		return store_err_set(cx->err, "22023", "step size cannot equal zero");
	return series_add(cx, args, args[2], emit, arg, dir);
}

#define I4  EXEC_OID_INT4
#define I8  EXEC_OID_INT8
#define NUM EXEC_OID_NUMERIC
#define TS  EXEC_OID_TIMESTAMP
#define TZ  EXEC_OID_TIMESTAMPTZ
#define IV  EXEC_OID_INTERVAL

const exec_srf exec_series_srfs[] = {
	{"generate_series", 2, {I4, I4}, 1, {NULL}, {I4}, true, series_int4, 1067},
	{"generate_series", 3, {I4, I4, I4}, 1, {NULL}, {I4}, true, series_int4, 1066},
	{"generate_series", 2, {I8, I8}, 1, {NULL}, {I8}, true, series_int8, 1069},
	{"generate_series", 3, {I8, I8, I8}, 1, {NULL}, {I8}, true, series_int8, 1068},
	{"generate_series", 2, {NUM, NUM}, 1, {NULL}, {NUM}, true, series_numeric, 3260},
	{"generate_series", 3, {NUM, NUM, NUM}, 1, {NULL}, {NUM}, true, series_numeric, 3259},
	{"generate_series", 3, {TS, TS, IV}, 1, {NULL}, {TS}, true, series_time, 938},
	{"generate_series", 3, {TZ, TZ, IV}, 1, {NULL}, {TZ}, true, series_time, 939},
};
const size_t exec_series_nsrfs = sizeof(exec_series_srfs) / sizeof(exec_series_srfs[0]);

/* ---- Lookup ---- */

static const struct {
	const exec_srf *tab;
	const size_t *n;
} tables[] = {
	{exec_series_srfs, &exec_series_nsrfs},
	{exec_array_srfs, &exec_array_nsrfs},
	{exec_json_srfs, &exec_json_nsrfs},
	{exec_syscat_srfs, &exec_syscat_nsrfs},
	{exec_notify_srfs, &exec_notify_nsrfs},
	{exec_sys_srfs, &exec_sys_nsrfs},
	{exec_string_srfs, &exec_string_nsrfs},
	{exec_hist_srfs, &exec_hist_nsrfs},
	{exec_branch_srfs, &exec_branch_nsrfs},
};

/* The functions read a row at a time (exec_srf_cursor), by their fn. */
static const struct {
	const exec_srf_cursor *tab;
	const size_t *n;
} cursor_tables[] = {
	{exec_hist_cursors, &exec_hist_ncursors},
};

const exec_srf *exec_srf_nth(size_t i)
{
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		if (i < *tables[t].n)
			return &tables[t].tab[i];
		i -= *tables[t].n;
	}
	return NULL;
}

bool exec_srf_named(const char *name)
{
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		for (size_t i = 0; i < *tables[t].n; i++) {
			if (strcmp(tables[t].tab[i].name, name) == 0)
				return true;
		}
	}
	return false;
}

/* How well types fit f: -1 not at all, else the number of exact matches. */
static int fit(const exec_srf *f, const exec_oid *types, int nargs)
{
	int exact = 0;

	if (f->nargs != nargs)
		return -1;
	for (int i = 0; i < nargs; i++) {
		exec_oid want = f->args[i], have = types[i];

		if (have == want) {
			exact++;
		} else if (have == EXEC_OID_UNKNOWN) {
			continue;
		} else if (want == EXEC_OID_ANYARRAY) {
			if (exec_array_elem_of(have) == 0)
				return -1;
		} else if (want == EXEC_OID_ANYELEMENT || want == EXEC_OID_ANY) {
			continue;
		} else if (exec_cast_find(have, want, EXEC_CAST_IMPLICIT) == NULL) {
			return -1;
		}
	}
	return exact;
}

const exec_srf *exec_srf_resolve(
	const char *name, const exec_oid *types, int nargs, exec_oid *result, store_err *err)
{
	const exec_srf *best = NULL;
	bool named = false;
	int bestfit = -1;

	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		for (size_t i = 0; i < *tables[t].n; i++) {
			const exec_srf *f = &tables[t].tab[i];
			int k;

			if (strcmp(f->name, name) != 0)
				continue;
			named = true;
			k = fit(f, types, nargs);
			if (k > bestfit) {
				best = f;
				bestfit = k;
			}
		}
	}
	if (best == NULL) {
		char sig[256];
		size_t len = 0;

		for (int i = 0; i < nargs && len < sizeof(sig) - 64; i++) {
			const exec_type *ty = exec_type_by_oid(types[i]);

			len += (size_t)snprintf(sig + len, sizeof(sig) - len, "%s%s", i ? ", " : "",
				types[i] == EXEC_OID_UNKNOWN ? "unknown"
				: ty                         ? ty->sql_name
							     : "???");
		}
		sig[len] = '\0';
		store_err_set(err, "42883", "function %s(%s) does not exist", name, sig);
		(void)named;
		store_err_hint(err, "No function matches the given name and argument types. You "
				    "might need to add explicit type casts.");
		return NULL;
	}
	*result = best->ncols == 1 ? best->coltypes[0] : 0;
	if (*result == EXEC_OID_ANYELEMENT) {
		for (int i = 0; i < nargs; i++) {
			if (best->args[i] == EXEC_OID_ANYARRAY)
				*result = exec_array_elem_of(types[i]);
		}
	}
	return best;
}

exec_oid exec_srf_arg_type(const exec_srf *f, int i, const exec_oid *types, int nargs)
{
	exec_oid want = f->args[i];

	(void)nargs;
	if (want == EXEC_OID_ANYARRAY || want == EXEC_OID_ANYELEMENT || want == EXEC_OID_ANY)
		return types[i] == EXEC_OID_UNKNOWN ? EXEC_OID_TEXT : types[i];
	return want;
}

/* ---- Cursors ---- */

const exec_srf_cursor *exec_srf_cursor_of(const exec_srf *f)
{
	for (size_t t = 0; t < sizeof(cursor_tables) / sizeof(cursor_tables[0]); t++)
		for (size_t i = 0; i < *cursor_tables[t].n; i++)
			if (cursor_tables[t].tab[i].fn == f->fn)
				return &cursor_tables[t].tab[i];
	return NULL;
}

int exec_srf_cursor_drain(const exec_srf_cursor *cur, exec_ctx *cx, const exec_value *args,
	int nargs, exec_srf_emit emit, void *arg)
{
	void *state = NULL;
	const exec_value *cols;
	int ncols, r;

	if (cur->open(cx, cx->arena, args, nargs, &state) != EXEC_OK) {
		cur->close(state);
		return EXEC_ERROR;
	}
	while ((r = cur->next(state, cx, &cols, &ncols)) == 1)
		if (emit(arg, cols, ncols) != EXEC_OK) {
			r = EXEC_ERROR;
			break;
		}
	cur->close(state);
	return r == 0 ? EXEC_OK : EXEC_ERROR;
}
