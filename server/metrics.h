/*
 * metrics.h - the server's metrics (prefix srv_metrics_): a registry of
 * counters, gauges and histograms declared in one table, updated from
 * any thread, and written out in Prometheus's text format 0.0.4 for the
 * REST front end's /metrics (DESIGN.md section 7).
 *
 * The metrics keep ChronDB's names, types and help texts (the
 * inventory's section 2.6) and fix its quirks: a histogram's _sum is in
 * seconds, not microseconds, and the connection and query metrics are
 * counted.  A metric may have one label whose values come from a fixed
 * set declared with it (protocol="postgresql", "redis" or "http"): each
 * value is a series of its own, written out even while it is zero.
 *
 * An update is one relaxed atomic addition: no lock, no allocation.  A
 * histogram keeps a count per bucket (cumulated when written out, so
 * the +Inf bucket and _count always agree) and its sum in integer
 * nanoseconds (exact however many threads add to it).  A scrape during
 * updates may see an observation in the buckets before its sum; no
 * value is ever torn.
 *
 * This module owns the values and their text; it reads nothing from
 * the store and serves nothing: what each metric counts is decided
 * where it is updated (server/README.md lists which are live).
 */
#ifndef CHRONDB_SERVER_METRICS_H
#define CHRONDB_SERVER_METRICS_H

#include <stdint.h>

#include "buf.h"

#define SRV_METRICS_MAX_VALUES 4  /* values of a metric's label */
#define SRV_METRICS_MAX_BOUNDS 16 /* a histogram's finite bucket bounds */

typedef enum srv_metric_kind {
	SRV_COUNTER,
	SRV_GAUGE,
	SRV_HISTOGRAM,
} srv_metric_kind;

/*
 * One metric as the table declares it.  The name follows Prometheus's
 * rules ([a-zA-Z_:][a-zA-Z0-9_:]*; a counter's ends in _total); label
 * is NULL for none, else its name and values[] its values, NULL-ended.
 * A histogram's bounds (nbounds of them, at most SRV_METRICS_MAX_BOUNDS)
 * are the upper bounds of its buckets in seconds, increasing and
 * finite; the +Inf bucket is implied.
 */
typedef struct srv_metric_def {
	const char *name;
	srv_metric_kind kind;
	const char *help;
	const char *label;
	const char *values[SRV_METRICS_MAX_VALUES + 1];
	const double *bounds;
	int nbounds;
} srv_metric_def;

typedef struct srv_metrics srv_metrics;

/* ---- ChronDB's metrics: the process's registry ---- */

/* The metrics of the server, in the order of the table (and of the text). */
typedef enum srv_metric_id {
	SRV_METRIC_WRITE_LATENCY,      /* chrondb_write_latency_seconds */
	SRV_METRIC_READ_LATENCY,       /* chrondb_read_latency_seconds */
	SRV_METRIC_QUERY_LATENCY,      /* chrondb_query_latency_seconds{protocol} */
	SRV_METRIC_DOCUMENTS_SAVED,    /* chrondb_documents_saved_total */
	SRV_METRIC_DOCUMENTS_DELETED,  /* chrondb_documents_deleted_total */
	SRV_METRIC_DOCUMENTS_READ,     /* chrondb_documents_read_total */
	SRV_METRIC_QUERIES_EXECUTED,   /* chrondb_queries_executed_total{protocol} */
	SRV_METRIC_ACTIVE_CONNECTIONS, /* chrondb_active_connections{protocol} */
	SRV_METRIC_CONNECTIONS,        /* chrondb_connections_total{protocol} */
	SRV_METRIC_INDEX_DOCUMENTS,    /* chrondb_index_documents */
	SRV_METRIC_WAL_PENDING,        /* chrondb_wal_pending_entries */
	SRV_METRIC_OCC_CONFLICTS,      /* chrondb_occ_conflicts_total */
	SRV_METRIC_OCC_RETRIES,        /* chrondb_occ_retries_total */
	SRV_METRIC_COUNT
} srv_metric_id;

/* The values of the protocol label, in its declared order. */
typedef enum srv_protocol {
	SRV_PROTO_POSTGRESQL,
	SRV_PROTO_REDIS,
	SRV_PROTO_HTTP,
} srv_protocol;

/* The process's registry of ChronDB's metrics: static, never freed, zero at start. */
srv_metrics *srv_metrics_server(void);

/* ---- Any registry ---- */

/*
 * A registry of ndefs metrics, all zero; defs is borrowed for its life
 * (a static table).  A malformed table is a programming error: asserted,
 * and NULL where asserts are off.  NULL when out of memory.  Free with
 * srv_metrics_free.
 */
srv_metrics *srv_metrics_new(const srv_metric_def *defs, int ndefs);
void srv_metrics_free(srv_metrics *m);

/*
 * Updates.  id is the metric's index in the table, label the index of
 * its label's value (0 when it has none).  Counters only go up (n >= 0);
 * gauges go up, down or to a value; a histogram observes a duration in
 * nanoseconds (a negative one counts as 0).  The kind is asserted.
 */
void srv_metrics_add(srv_metrics *m, int id, int label, int64_t n);
void srv_metrics_set(srv_metrics *m, int id, int label, int64_t v);
void srv_metrics_observe(srv_metrics *m, int id, int label, int64_t ns);

/* A counter's or gauge's value now; a histogram's count of observations. */
int64_t srv_metrics_get(const srv_metrics *m, int id, int label);

/*
 * Append every metric in Prometheus's text format 0.0.4 (Content-Type
 * "text/plain; version=0.0.4; charset=utf-8"): for each, its # HELP and
 * # TYPE lines, then one sample line per series (a histogram's
 * _bucket{le} lines cumulative up to +Inf, then _sum in seconds and
 * _count).  Help text and label values are escaped as the format says.
 */
void srv_metrics_write(const srv_metrics *m, store_buf *out);

/* A float as the format spells it: shortest text that reads back, +Inf, -Inf, NaN. */
void srv_metrics_put_double(store_buf *out, double v);

#endif
