/*
 * subplan.c - subqueries inside expressions (EXPR_SUBPLAN): EXISTS,
 * scalar subqueries, ARRAY(...), and op ANY/ALL (subquery), with IN
 * (subquery) being = ANY.
 *
 * A correlated subquery runs again for each row that evaluates it: its
 * plan's iterators see the evaluating row as their outer context.  One
 * that reads no enclosing row runs once per statement execution: its
 * answer (or, for ANY/ALL, its column of values, with a hash set when
 * the comparison is a hashable equality) is kept in the statement's run
 * (exec_run), so `x IN (SELECT ...)` over n outer rows costs one run of
 * the subquery and n probes.
 *
 * Results handed back are copied into the evaluating context's arena,
 * cached ones into the run's arena.
 *
 * The run also holds the LATERAL slots: the columns of the FROM items
 * to the left of a LATERAL one, which the nested loop joining it sets
 * for each left row (exec_run_lateral_set) and EXPR_LATERAL reads
 * (exec_lateral_eval).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "array.h"
#include "exec_int.h"

typedef struct subcache {
	bool valid;
	exec_value value; /* EXISTS, scalar and ARRAY answers */
	exec_value *vals; /* ANY/ALL: the column's values */
	size_t nvals, capvals;
	bool has_null;
	size_t *buckets; /* hashable ANY: positions + 1 in vals, open addressing */
	size_t nbuckets;
} subcache;

struct exec_run {
	sql_arena *arena;
	subcache *slots;
	int nslots;
	exec_value *lateral; /* LATERAL slots: values borrowed from the nested loop filling them */
	int nlateral;

	/* Interrupts (exec_run_set_interrupts). */
	const atomic_int *cancel;
	int64_t deadline_us;
	unsigned ticks;

	/* The view kept plans read (exec_run_set_view). */
	bool view_set;
	store_snap *view_snap;
	store_tx *view_tx;
	void *syscat; /* the system catalog's image of the run (syscat.c), in arena */
};

exec_run *exec_run_new(void)
{
	exec_run *run = calloc(1, sizeof(*run));

	if (run != NULL)
		run->arena = sql_arena_new(0);
	return run;
}

sql_arena *exec_run_arena(exec_run *run)
{
	return run->arena;
}

void **exec_run_syscat(exec_run *run)
{
	return &run->syscat;
}

void exec_run_free(exec_run *run)
{
	if (run == NULL)
		return;
	for (int i = 0; i < run->nslots; i++) {
		free(run->slots[i].vals);
		free(run->slots[i].buckets);
	}
	free(run->slots);
	free(run->lateral);
	sql_arena_free(run->arena);
	free(run);
}

void exec_run_set_interrupts(exec_run *run, const atomic_int *cancel, int64_t deadline_us)
{
	run->cancel = cancel;
	run->deadline_us = deadline_us;
	run->ticks = 0;
}

void exec_run_set_view(exec_run *run, store_snap *snap, store_tx *tx)
{
	run->view_set = true;
	run->view_snap = snap;
	run->view_tx = tx;
}

bool exec_run_view(const exec_run *run, store_snap **snap, store_tx **tx)
{
	if (run == NULL || !run->view_set)
		return false;
	*snap = run->view_snap;
	*tx = run->view_tx;
	return true;
}

int64_t exec_monotonic_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Both checks, the clock's every every'th call (1: each). */
static int run_check(exec_run *run, unsigned every, store_err *err)
{
	if (run->cancel != NULL && atomic_load_explicit(run->cancel, memory_order_relaxed) != 0)
		return store_err_set(err, "57014", "canceling statement due to user request");
	if (run->deadline_us != 0 && (++run->ticks % every) == 0 &&
		exec_monotonic_us() >= run->deadline_us)
		return store_err_set(err, "57014", "canceling statement due to statement timeout");
	return EXEC_OK;
}

int exec_run_check(exec_run *run, store_err *err)
{
	return run_check(run, 1024, err);
}

int exec_run_check_now(exec_run *run, store_err *err)
{
	return run_check(run, 1, err);
}

int exec_run_lateral_set(exec_run *run, int slot, const exec_value *v, store_err *err)
{
	if (run == NULL)
		return store_err_set(err, "XX000", "a LATERAL join runs outside a statement");
	if (slot >= run->nlateral) {
		int n = slot + 16;
		exec_value *g = realloc(run->lateral, (size_t)n * sizeof(*g));

		if (g == NULL)
			return store_err_set(err, "53200", "out of memory");
		for (int i = run->nlateral; i < n; i++)
			g[i] = exec_null(EXEC_OID_UNKNOWN);
		run->lateral = g;
		run->nlateral = n;
	}
	run->lateral[slot] = *v;
	return EXEC_OK;
}

int exec_lateral_eval(exec_ectx *ec, const exec_expr *e, exec_value *out)
{
	exec_run *run = ec->cx->run;

	if (run == NULL || e->index < 0 || e->index >= run->nlateral)
		return store_err_set(ec->cx->err, "XX000",
			"LATERAL reference %d is read before its join set it", e->index);
	*out = run->lateral[e->index];
	if (out->isnull)
		out->type = e->type;
	return EXEC_OK;
}

static subcache *slot(exec_run *run, int id, store_err *err)
{
	if (id >= run->nslots) {
		int n = id + 8;
		subcache *g = realloc(run->slots, (size_t)n * sizeof(*g));

		if (g == NULL) {
			store_err_set(err, "53200", "out of memory");
			return NULL;
		}
		memset(g + run->nslots, 0, (size_t)(n - run->nslots) * sizeof(*g));
		run->slots = g;
		run->nslots = n;
	}
	return &run->slots[id];
}

/* Open the subquery with ec as its outer context. */
static int sub_open(exec_ectx *ec, const exec_subplan *sp, exec_iter **it)
{
	exec_ectx sub;

	memset(&sub, 0, sizeof(sub));
	sub.cx = ec->cx;
	sub.outer = ec;
	sub.params = ec->params;
	sub.nparams = ec->nparams;
	return exec_open(&sub, sp->plan, it);
}

/* The answer of an EXISTS, scalar or ARRAY subquery, in arena a. */
static int run_value(exec_ectx *ec, const exec_expr *e, sql_arena *a, exec_value *out)
{
	const exec_subplan *sp = e->subplan;
	exec_iter *it;
	const exec_value *row;
	exec_value *vals = NULL;
	size_t n = 0, cap = 0;
	int r;

	if (sub_open(ec, sp, &it) != EXEC_OK)
		return EXEC_ERROR;
	switch (e->sublink) {
	case EXEC_SUB_EXISTS:
		r = exec_next(it, &row);
		if (r >= 0)
			*out = exec_bool(r == 1);
		break;
	case EXEC_SUB_SCALAR:
		r = exec_next(it, &row);
		if (r == 0) {
			*out = exec_null(e->type);
		} else if (r == 1) {
			*out = exec_value_copy(a, &row[0]);
			r = exec_next(it, &row);
			if (r == 1)
				r = store_err_set(ec->cx->err, "21000",
					"more than one row returned by a subquery used as an expression");
		}
		break;
	case EXEC_SUB_ARRAY:
		while ((r = exec_next(it, &row)) == 1) {
			if (n == cap) {
				size_t nc = cap ? 2 * cap : 16;
				exec_value *g = realloc(vals, nc * sizeof(*g));

				if (g == NULL) {
					r = store_err_set(ec->cx->err, "53200", "out of memory");
					break;
				}
				vals = g;
				cap = nc;
			}
			vals[n++] = exec_value_copy(a, &row[0]);
		}
		if (r == 0)
			*out = exec_array_value(e->type,
				exec_array_new(a, exec_array_elem_of(e->type), vals, (uint32_t)n));
		free(vals);
		break;
	default:
		r = store_err_set(ec->cx->err, "XX000", "subquery kind %d has no single value",
			(int)e->sublink);
		break;
	}
	exec_close(it);
	return r < 0 ? EXEC_ERROR : EXEC_OK;
}

/* One comparison of ANY/ALL: 1 true, 0 false, -1 NULL; EXEC_ERROR as -2. */
static int compare(exec_ectx *ec, const exec_expr *e, const exec_value *test, const exec_value *v)
{
	exec_value args[2], res;

	if (test->isnull || v->isnull)
		return -1;
	args[0] = *test;
	args[1] = *v;
	if (e->fn(ec->cx, args, 2, &res) != EXEC_OK)
		return -2;
	return res.isnull ? -1 : res.v.b ? 1 : 0;
}

/* Fold one comparison into an ANY/ALL answer: true when it decides the result. */
static bool fold(const exec_expr *e, int c, bool *sawnull)
{
	if (c < 0) {
		*sawnull = true;
		return false;
	}
	return e->all ? c == 0 : c == 1;
}

static exec_value any_all_result(const exec_expr *e, bool decided, bool sawnull)
{
	if (decided)
		return exec_bool(!e->all);
	if (sawnull)
		return exec_null(EXEC_OID_BOOL);
	return exec_bool(e->all);
}

/* A correlated ANY/ALL: the subquery runs for this row. */
static int run_any_all(exec_ectx *ec, const exec_expr *e, const exec_value *test, exec_value *out)
{
	exec_iter *it;
	const exec_value *row;
	bool decided = false, sawnull = false;
	int r;

	if (sub_open(ec, e->subplan, &it) != EXEC_OK)
		return EXEC_ERROR;
	while (!decided && (r = exec_next(it, &row)) == 1) {
		int c = compare(ec, e, test, &row[0]);

		if (c == -2) {
			r = EXEC_ERROR;
			break;
		}
		decided = fold(e, c, &sawnull);
	}
	if (decided)
		r = 0;
	exec_close(it);
	if (r < 0)
		return EXEC_ERROR;
	*out = any_all_result(e, decided, sawnull);
	return EXEC_OK;
}

/* Fill a cache slot with an uncorrelated ANY/ALL subquery's column. */
static int fill_values(exec_ectx *ec, const exec_expr *e, exec_run *run, subcache *sc)
{
	exec_iter *it;
	const exec_value *row;
	int r;

	if (sub_open(ec, e->subplan, &it) != EXEC_OK)
		return EXEC_ERROR;
	while ((r = exec_next(it, &row)) == 1) {
		if (row[0].isnull) {
			sc->has_null = true;
			continue;
		}
		if (sc->nvals == sc->capvals) {
			size_t nc = sc->capvals ? 2 * sc->capvals : 64;
			exec_value *g = realloc(sc->vals, nc * sizeof(*g));

			if (g == NULL) {
				r = store_err_set(ec->cx->err, "53200", "out of memory");
				break;
			}
			sc->vals = g;
			sc->capvals = nc;
		}
		sc->vals[sc->nvals++] = exec_value_copy(run->arena, &row[0]);
	}
	exec_close(it);
	if (r < 0)
		return EXEC_ERROR;
	if (e->subplan->hashable && !e->all && sc->nvals > 8) {
		size_t nb = 16;

		while (nb < 2 * sc->nvals)
			nb *= 2;
		sc->buckets = calloc(nb, sizeof(*sc->buckets));
		if (sc->buckets == NULL)
			return store_err_set(ec->cx->err, "53200", "out of memory");
		sc->nbuckets = nb;
		for (size_t i = 0; i < sc->nvals; i++) {
			size_t b = (size_t)exec_value_hash(&sc->vals[i]) & (nb - 1);

			while (sc->buckets[b] != 0)
				b = (b + 1) & (nb - 1);
			sc->buckets[b] = i + 1;
		}
	}
	sc->valid = true;
	return EXEC_OK;
}

/* ANY/ALL against a cached column. */
static int cached_any_all(exec_ectx *ec, const exec_expr *e, const subcache *sc,
	const exec_value *test, exec_value *out)
{
	bool decided = false, sawnull = sc->has_null;

	if (sc->nvals == 0 && !sc->has_null) {
		*out = exec_bool(e->all); /* no rows: ANY is false, ALL true, whatever the test */
		return EXEC_OK;
	}
	if (test->isnull) {
		*out = exec_null(EXEC_OID_BOOL);
		return EXEC_OK;
	}
	if (sc->buckets != NULL) {
		size_t b = (size_t)exec_value_hash(test) & (sc->nbuckets - 1);

		for (; sc->buckets[b] != 0; b = (b + 1) & (sc->nbuckets - 1)) {
			if (exec_value_cmp(&sc->vals[sc->buckets[b] - 1], test) == 0) {
				decided = true;
				break;
			}
		}
		*out = any_all_result(e, decided, sawnull);
		return EXEC_OK;
	}
	for (size_t i = 0; i < sc->nvals && !decided; i++) {
		int c = compare(ec, e, test, &sc->vals[i]);

		if (c == -2)
			return EXEC_ERROR;
		decided = fold(e, c, &sawnull);
	}
	*out = any_all_result(e, decided, sawnull);
	return EXEC_OK;
}

int exec_subplan_eval(exec_ectx *ec, const exec_expr *e, exec_value *out)
{
	const exec_subplan *sp = e->subplan;
	exec_run *run = ec->cx->run;
	exec_value test;
	subcache *sc;

	if (e->sublink == EXEC_SUB_ANY || e->sublink == EXEC_SUB_ALL) {
		if (exec_eval(ec, e->args[0], &test) != EXEC_OK)
			return EXEC_ERROR;
		if (sp->correlated || run == NULL)
			return run_any_all(ec, e, &test, out);
		sc = slot(run, sp->id, ec->cx->err);
		if (sc == NULL)
			return EXEC_ERROR;
		if (!sc->valid && fill_values(ec, e, run, sc) != EXEC_OK)
			return EXEC_ERROR;
		return cached_any_all(ec, e, sc, &test, out);
	}
	if (sp->correlated || run == NULL)
		return run_value(ec, e, ec->cx->arena, out);
	sc = slot(run, sp->id, ec->cx->err);
	if (sc == NULL)
		return EXEC_ERROR;
	if (!sc->valid) {
		if (run_value(ec, e, run->arena, &sc->value) != EXEC_OK)
			return EXEC_ERROR;
		sc->valid = true;
	}
	*out = sc->value;
	return EXEC_OK;
}
