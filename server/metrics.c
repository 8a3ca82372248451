/*
 * metrics.c - the metrics registry (metrics.h): ChronDB's table of
 * metrics, the atomic values behind it, and Prometheus's text format.
 *
 * Every metric has room for SRV_METRICS_MAX_VALUES series of
 * SRV_METRICS_MAX_BOUNDS + 2 atomic 64-bit cells: a counter or gauge
 * uses the first (a gauge's int64_t kept in two's complement); a
 * histogram uses one per bucket, +Inf's included, and one for its sum
 * in nanoseconds.  The fixed size lets the process's registry be a
 * static object, ready before main and never freed, and an update
 * index straight into it.  Updates are relaxed: a metric orders nothing.
 */
#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

typedef struct metric_series {
	/* A counter's or gauge's value in [0]; a histogram's buckets, not cumulated. */
	atomic_uint_least64_t cell[SRV_METRICS_MAX_BOUNDS + 1];
	atomic_uint_least64_t sum_ns; /* a histogram's sum */
} metric_series;

typedef struct metric_state {
	metric_series series[SRV_METRICS_MAX_VALUES];
} metric_state;

struct srv_metrics {
	const srv_metric_def *defs;
	int ndefs;
	metric_state *st;
};

/* ---- ChronDB's metrics ---- */

/* ChronDB's latency buckets, in seconds. */
static const double latency_bounds[] = {
	0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};
#define LATENCY_BOUNDS latency_bounds, (int)(sizeof(latency_bounds) / sizeof(latency_bounds[0]))

/* The protocol label: srv_protocol's values, in its order. */
#define PROTOCOL_VALUES "postgresql", "redis", "http", NULL

/* ChronDB's names, types and help texts (inventory section 2.6), in srv_metric_id's order. */
static const srv_metric_def server_defs[SRV_METRIC_COUNT] = {
	[SRV_METRIC_WRITE_LATENCY] = {"chrondb_write_latency_seconds", SRV_HISTOGRAM,
		"Write operation latency in seconds", NULL, {NULL}, LATENCY_BOUNDS},
	[SRV_METRIC_READ_LATENCY] = {"chrondb_read_latency_seconds", SRV_HISTOGRAM,
		"Read operation latency in seconds", NULL, {NULL}, LATENCY_BOUNDS},
	[SRV_METRIC_QUERY_LATENCY] = {"chrondb_query_latency_seconds", SRV_HISTOGRAM,
		"Query execution latency in seconds", "protocol", {PROTOCOL_VALUES},
		LATENCY_BOUNDS},
	[SRV_METRIC_DOCUMENTS_SAVED] = {"chrondb_documents_saved_total", SRV_COUNTER,
		"Total number of documents saved", NULL, {NULL}, NULL, 0},
	[SRV_METRIC_DOCUMENTS_DELETED] = {"chrondb_documents_deleted_total", SRV_COUNTER,
		"Total number of documents deleted", NULL, {NULL}, NULL, 0},
	[SRV_METRIC_DOCUMENTS_READ] = {"chrondb_documents_read_total", SRV_COUNTER,
		"Total number of documents read", NULL, {NULL}, NULL, 0},
	[SRV_METRIC_QUERIES_EXECUTED] = {"chrondb_queries_executed_total", SRV_COUNTER,
		"Total number of queries executed", "protocol", {PROTOCOL_VALUES}, NULL, 0},
	[SRV_METRIC_ACTIVE_CONNECTIONS] = {"chrondb_active_connections", SRV_GAUGE,
		"Number of active connections", "protocol", {PROTOCOL_VALUES}, NULL, 0},
	[SRV_METRIC_CONNECTIONS] = {"chrondb_connections_total", SRV_COUNTER,
		"Total number of connections accepted", "protocol", {PROTOCOL_VALUES}, NULL, 0},
	[SRV_METRIC_INDEX_DOCUMENTS] = {"chrondb_index_documents", SRV_GAUGE,
		"Number of documents in the index", NULL, {NULL}, NULL, 0},
	[SRV_METRIC_WAL_PENDING] = {"chrondb_wal_pending_entries", SRV_GAUGE,
		"Number of pending WAL entries", NULL, {NULL}, NULL, 0},
	[SRV_METRIC_OCC_CONFLICTS] = {"chrondb_occ_conflicts_total", SRV_COUNTER,
		"Total number of OCC conflicts", NULL, {NULL}, NULL, 0},
	[SRV_METRIC_OCC_RETRIES] = {"chrondb_occ_retries_total", SRV_COUNTER,
		"Total number of OCC retries", NULL, {NULL}, NULL, 0},
};

static metric_state server_state[SRV_METRIC_COUNT];
static srv_metrics server_metrics = {server_defs, SRV_METRIC_COUNT, server_state};

srv_metrics *srv_metrics_server(void)
{
	return &server_metrics;
}

/* ---- Registries ---- */

/* Whether s is a name of Prometheus's: a letter, _ or (metric names only) : first. */
static bool metrics_name_valid(const char *s, bool colon)
{
	for (const char *p = s; *p != '\0'; p++) {
		bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' ||
			  (colon && *p == ':') || (p > s && *p >= '0' && *p <= '9');

		if (!ok)
			return false;
	}
	return *s != '\0';
}

static int metrics_nvalues(const srv_metric_def *d)
{
	int n = 0;

	while (d->label != NULL && n < SRV_METRICS_MAX_VALUES && d->values[n] != NULL)
		n++;
	return n;
}

/* Whether a declared metric is well-formed (metrics.h's rules). */
static bool metrics_def_valid(const srv_metric_def *d)
{
	size_t len;

	if (d->name == NULL || !metrics_name_valid(d->name, true) || d->help == NULL)
		return false;
	len = strlen(d->name);
	if (d->kind == SRV_COUNTER && (len < 6 || strcmp(d->name + len - 6, "_total") != 0))
		return false;
	if (d->label != NULL && (!metrics_name_valid(d->label, false) || metrics_nvalues(d) == 0 ||
					strncmp(d->label, "__", 2) == 0 ||
					(d->kind == SRV_HISTOGRAM && strcmp(d->label, "le") == 0)))
		return false;
	if (d->kind != SRV_HISTOGRAM)
		return d->nbounds == 0;
	if (d->nbounds < 1 || d->nbounds > SRV_METRICS_MAX_BOUNDS)
		return false;
	for (int i = 0; i < d->nbounds; i++)
		if (!isfinite(d->bounds[i]) || (i > 0 && d->bounds[i] <= d->bounds[i - 1]))
			return false;
	return true;
}

srv_metrics *srv_metrics_new(const srv_metric_def *defs, int ndefs)
{
	srv_metrics *m;

	/* The table, checked once, so that updates need not. */
	for (int i = 0; i < ndefs; i++) {
		if (!metrics_def_valid(&defs[i])) {
			assert(!"malformed metric in the table");
			return NULL;
		}
	}

	/* Zeroed cells are zero values (static and calloc'd atomics alike). */
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	if ((m->st = calloc((size_t)(ndefs > 0 ? ndefs : 1), sizeof(*m->st))) == NULL) {
		free(m);
		return NULL;
	}
	m->defs = defs;
	m->ndefs = ndefs;
	return m;
}

void srv_metrics_free(srv_metrics *m)
{
	if (m == NULL || m == &server_metrics)
		return;
	free(m->st);
	free(m);
}

/* ---- Updates ---- */

static metric_series *metrics_series(const srv_metrics *m, int id, int label)
{
	assert(id >= 0 && id < m->ndefs);
	assert(label >= 0 &&
		label < (m->defs[id].label != NULL ? metrics_nvalues(&m->defs[id]) : 1));
	return &m->st[id].series[label];
}

void srv_metrics_add(srv_metrics *m, int id, int label, int64_t n)
{
	metric_series *s = metrics_series(m, id, label);

	assert(m->defs[id].kind == SRV_GAUGE || (m->defs[id].kind == SRV_COUNTER && n >= 0));
	atomic_fetch_add_explicit(&s->cell[0], (uint64_t)n, memory_order_relaxed);
}

void srv_metrics_set(srv_metrics *m, int id, int label, int64_t v)
{
	metric_series *s = metrics_series(m, id, label);

	assert(m->defs[id].kind == SRV_GAUGE);
	atomic_store_explicit(&s->cell[0], (uint64_t)v, memory_order_relaxed);
}

void srv_metrics_observe(srv_metrics *m, int id, int label, int64_t ns)
{
	metric_series *s = metrics_series(m, id, label);
	const srv_metric_def *d = &m->defs[id];
	double seconds;
	int b = 0;

	assert(d->kind == SRV_HISTOGRAM);
	if (ns < 0)
		ns = 0;

	/*
	 * The first bucket whose bound is not below the value: le is
	 * inclusive.  The division rounds once, so a whole 1 ms is the
	 * double 0.001 and falls in le="0.001".
	 */
	seconds = (double)ns / 1e9;
	while (b < d->nbounds && seconds > d->bounds[b])
		b++;
	atomic_fetch_add_explicit(&s->cell[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->sum_ns, (uint64_t)ns, memory_order_relaxed);
}

int64_t srv_metrics_get(const srv_metrics *m, int id, int label)
{
	metric_series *s = metrics_series(m, id, label);
	const srv_metric_def *d = &m->defs[id];
	uint64_t n = 0;

	if (d->kind != SRV_HISTOGRAM)
		return (int64_t)atomic_load_explicit(&s->cell[0], memory_order_relaxed);
	for (int b = 0; b <= d->nbounds; b++)
		n += atomic_load_explicit(&s->cell[b], memory_order_relaxed);
	return (int64_t)n;
}

/* ---- Text format 0.0.4 ---- */

void srv_metrics_put_double(store_buf *out, double v)
{
	char s[40];

	/* Go's spelling, which Prometheus reads; the shortest of 15-17 digits that reads back. */
	if (isnan(v)) {
		store_buf_puts(out, "NaN");
		return;
	}
	if (isinf(v)) {
		store_buf_puts(out, v > 0 ? "+Inf" : "-Inf");
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(s, sizeof(s), "%.*g", prec, v);
		if (strtod(s, NULL) == v)
			break;
	}
	store_buf_puts(out, s);
}

/* Text with the format's escapes: \ and newline, and " too in a label's value. */
static void metrics_put_escaped(store_buf *out, const char *s, bool quote)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			store_buf_puts(out, "\\\\");
		else if (*s == '\n')
			store_buf_puts(out, "\\n");
		else if (*s == '"' && quote)
			store_buf_puts(out, "\\\"");
		else
			store_buf_putc(out, *s);
	}
}

/* A sample's name and labels: name, suffix, {label="value",le="bound"}, a space. */
static void metrics_put_series(
	store_buf *out, const srv_metric_def *d, const char *suffix, int label, const double *le)
{
	bool any = d->label != NULL || le != NULL;

	store_buf_puts(out, d->name);
	store_buf_puts(out, suffix);
	if (any)
		store_buf_putc(out, '{');
	if (d->label != NULL) {
		store_buf_puts(out, d->label);
		store_buf_puts(out, "=\"");
		metrics_put_escaped(out, d->values[label], true);
		store_buf_putc(out, '"');
	}
	if (le != NULL) {
		store_buf_puts(out, d->label != NULL ? ",le=\"" : "le=\"");
		srv_metrics_put_double(out, *le);
		store_buf_putc(out, '"');
	}
	if (any)
		store_buf_putc(out, '}');
	store_buf_putc(out, ' ');
}

/* One histogram series: its cumulative buckets, +Inf's, _sum in seconds, _count. */
static void metrics_put_histogram(
	store_buf *out, const srv_metric_def *d, const metric_series *s, int label)
{
	static const double inf = INFINITY;
	uint64_t cum = 0;

	for (int b = 0; b <= d->nbounds; b++) {
		cum += atomic_load_explicit(&s->cell[b], memory_order_relaxed);
		metrics_put_series(out, d, "_bucket", label, b < d->nbounds ? &d->bounds[b] : &inf);
		store_buf_printf(out, "%" PRIu64 "\n", cum);
	}
	metrics_put_series(out, d, "_sum", label, NULL);
	srv_metrics_put_double(
		out, (double)atomic_load_explicit(&s->sum_ns, memory_order_relaxed) / 1e9);
	store_buf_putc(out, '\n');
	metrics_put_series(out, d, "_count", label, NULL);
	store_buf_printf(out, "%" PRIu64 "\n", cum);
}

void srv_metrics_write(const srv_metrics *m, store_buf *out)
{
	static const char *const kinds[] = {
		[SRV_COUNTER] = "counter", [SRV_GAUGE] = "gauge", [SRV_HISTOGRAM] = "histogram"};

	for (int id = 0; id < m->ndefs; id++) {
		const srv_metric_def *d = &m->defs[id];
		int nseries = d->label != NULL ? metrics_nvalues(d) : 1;

		/* The family's two comment lines. */
		store_buf_printf(out, "# HELP %s ", d->name);
		metrics_put_escaped(out, d->help, false);
		store_buf_printf(out, "\n# TYPE %s %s\n", d->name, kinds[d->kind]);

		/* Its samples, a series at a time. */
		for (int i = 0; i < nseries; i++) {
			const metric_series *s = &m->st[id].series[i];
			uint64_t v = atomic_load_explicit(&s->cell[0], memory_order_relaxed);

			if (d->kind == SRV_HISTOGRAM) {
				metrics_put_histogram(out, d, s, i);
				continue;
			}
			metrics_put_series(out, d, "", i, NULL);
			if (d->kind == SRV_GAUGE)
				store_buf_printf(out, "%" PRId64 "\n", (int64_t)v);
			else
				store_buf_printf(out, "%" PRIu64 "\n", v);
		}
	}
}
