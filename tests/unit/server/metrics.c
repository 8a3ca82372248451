/*
 * metrics.c - the metrics registry (server/metrics.h): counters, gauges
 * and histograms with their labels, cumulative buckets and _sum in
 * seconds, exact sums under concurrent updates, the text format byte
 * for byte for a small table and line by line against the format's
 * grammar for ChronDB's.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "testutil.h"

#define MS 1000000LL /* nanoseconds */

static const double small_bounds[] = {0.005, 0.5, 1};

/* A small table: a labelled counter with values to escape, a gauge, a labelled histogram. */
static const srv_metric_def small_defs[] = {
	{"t_requests_total", SRV_COUNTER, "Requests, \"all\" of them\\n", "proto",
		{"a", "b\"c\\\n", NULL}, NULL, 0},
	{"t_open", SRV_GAUGE, "Open things\nsecond line", NULL, {NULL}, NULL, 0},
	{"t_latency_seconds", SRV_HISTOGRAM, "Latency", "proto", {"a", NULL}, small_bounds, 3},
};
enum { T_REQUESTS, T_OPEN, T_LATENCY };

static srv_metrics *small_new(void)
{
	srv_metrics *m = srv_metrics_new(small_defs, 3);

	cr_assert_not_null(m);
	return m;
}

/* The registry's text; caller frees. */
static char *text_of(const srv_metrics *m)
{
	store_buf b = STORE_BUF_INIT;

	srv_metrics_write(m, &b);
	return (char *)store_buf_detach(&b);
}

/* The value of the sample line that starts with series (name and labels), or NAN. */
static double sample(const char *text, const char *series)
{
	size_t n = strlen(series);

	for (const char *p = text; *p != '\0'; p = strchr(p, '\n') + 1) {
		if (strncmp(p, series, n) == 0 && p[n] == ' ')
			return strtod(p + n + 1, NULL);
		if (strchr(p, '\n') == NULL)
			break;
	}
	return NAN;
}

Test(metrics, metrics__counter)
{
	srv_metrics *m = small_new();

	cr_assert_eq(srv_metrics_get(m, T_REQUESTS, 0), 0);
	srv_metrics_add(m, T_REQUESTS, 0, 1);
	srv_metrics_add(m, T_REQUESTS, 0, 41);
	srv_metrics_add(m, T_REQUESTS, 1, 0);
	cr_assert_eq(srv_metrics_get(m, T_REQUESTS, 0), 42);
	cr_assert_eq(srv_metrics_get(m, T_REQUESTS, 1), 0);
	srv_metrics_free(m);
}

Test(metrics, metrics__gauge)
{
	srv_metrics *m = small_new();
	char *text;

	srv_metrics_add(m, T_OPEN, 0, 3);
	srv_metrics_add(m, T_OPEN, 0, -5);
	cr_assert_eq(srv_metrics_get(m, T_OPEN, 0), -2);
	text = text_of(m);
	cr_assert(strstr(text, "\nt_open -2\n") != NULL, "%s", text);
	free(text);

	srv_metrics_set(m, T_OPEN, 0, 7);
	cr_assert_eq(srv_metrics_get(m, T_OPEN, 0), 7);
	srv_metrics_set(m, T_OPEN, 0, INT64_MIN);
	text = text_of(m);
	cr_assert(strstr(text, "\nt_open -9223372036854775808\n") != NULL, "%s", text);
	free(text);
	srv_metrics_free(m);
}

/* Bounds are inclusive (le), buckets cumulative, +Inf and _count all observations. */
Test(metrics, metrics__histogram_buckets)
{
	srv_metrics *m = small_new();
	char *text;

	srv_metrics_observe(m, T_LATENCY, 0, 0);
	srv_metrics_observe(m, T_LATENCY, 0, 5 * MS);     /* exactly 0.005: le="0.005" */
	srv_metrics_observe(m, T_LATENCY, 0, 5 * MS + 1); /* just past it */
	srv_metrics_observe(m, T_LATENCY, 0, 1000 * MS);  /* exactly 1 */
	srv_metrics_observe(m, T_LATENCY, 0, 20000 * MS); /* past the last bound */
	srv_metrics_observe(m, T_LATENCY, 0, -7);         /* a clock step back: 0 */
	text = text_of(m);
	cr_assert_eq(
		sample(text, "t_latency_seconds_bucket{proto=\"a\",le=\"0.005\"}"), 3, "%s", text);
	cr_assert_eq(
		sample(text, "t_latency_seconds_bucket{proto=\"a\",le=\"0.5\"}"), 4, "%s", text);
	cr_assert_eq(sample(text, "t_latency_seconds_bucket{proto=\"a\",le=\"1\"}"), 5, "%s", text);
	cr_assert_eq(
		sample(text, "t_latency_seconds_bucket{proto=\"a\",le=\"+Inf\"}"), 6, "%s", text);
	cr_assert_eq(sample(text, "t_latency_seconds_count{proto=\"a\"}"), 6, "%s", text);
	cr_assert_eq(srv_metrics_get(m, T_LATENCY, 0), 6);
	free(text);
	srv_metrics_free(m);
}

/* _sum is in seconds (ChronDB wrote microseconds), as a float that reads back exactly. */
Test(metrics, metrics__sum_in_seconds)
{
	srv_metrics *m = small_new();
	char *text;

	srv_metrics_observe(m, T_LATENCY, 0, 1500000); /* 1.5 ms */
	srv_metrics_observe(m, T_LATENCY, 0, 250 * MS);
	srv_metrics_observe(m, T_LATENCY, 0, 1);
	text = text_of(m);
	cr_assert(strstr(text, "\nt_latency_seconds_sum{proto=\"a\"} 0.251500001\n") != NULL, "%s",
		text);
	free(text);
	srv_metrics_free(m);
}

Test(metrics, metrics__put_double)
{
	static const struct {
		double v;
		const char *text;
	} cases[] = {
		{0, "0"},
		{1, "1"},
		{2.5, "2.5"},
		{0.1, "0.1"},
		{1e-05, "1e-05"},
		{1.0 / 3, "0.3333333333333333"},
		{0.1 + 0.2, "0.30000000000000004"},
		{-42, "-42"},
		{1e21, "1e+21"},
		{INFINITY, "+Inf"},
		{-INFINITY, "-Inf"},
		{NAN, "NaN"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		store_buf b = STORE_BUF_INIT;

		srv_metrics_put_double(&b, cases[i].v);
		cr_assert_str_eq((char *)b.data, cases[i].text);
		if (isfinite(cases[i].v))
			cr_assert_eq(strtod((char *)b.data, NULL), cases[i].v);
		store_buf_free(&b);
	}
}

/* The whole text of the small table, byte for byte: escapes, label order, every series. */
Test(metrics, metrics__text_exact)
{
	static const char expected[] = "# HELP t_requests_total Requests, \"all\" of them\\\\n\n"
				       "# TYPE t_requests_total counter\n"
				       "t_requests_total{proto=\"a\"} 3\n"
				       "t_requests_total{proto=\"b\\\"c\\\\\\n\"} 1\n"
				       "# HELP t_open Open things\\nsecond line\n"
				       "# TYPE t_open gauge\n"
				       "t_open -2\n"
				       "# HELP t_latency_seconds Latency\n"
				       "# TYPE t_latency_seconds histogram\n"
				       "t_latency_seconds_bucket{proto=\"a\",le=\"0.005\"} 2\n"
				       "t_latency_seconds_bucket{proto=\"a\",le=\"0.5\"} 2\n"
				       "t_latency_seconds_bucket{proto=\"a\",le=\"1\"} 3\n"
				       "t_latency_seconds_bucket{proto=\"a\",le=\"+Inf\"} 4\n"
				       "t_latency_seconds_sum{proto=\"a\"} 3.757\n"
				       "t_latency_seconds_count{proto=\"a\"} 4\n";
	srv_metrics *m = small_new();
	char *text;

	srv_metrics_add(m, T_REQUESTS, 0, 3);
	srv_metrics_add(m, T_REQUESTS, 1, 1);
	srv_metrics_set(m, T_OPEN, 0, -2);
	srv_metrics_observe(m, T_LATENCY, 0, 5 * MS);
	srv_metrics_observe(m, T_LATENCY, 0, 2 * MS);
	srv_metrics_observe(m, T_LATENCY, 0, 750 * MS);
	srv_metrics_observe(m, T_LATENCY, 0, 3000 * MS);
	text = text_of(m);
	cr_assert_str_eq(text, expected);
	free(text);
	srv_metrics_free(m);
}

/* ---- Concurrency ---- */

#define NTHREADS 4
#define NUPDATES 200000

static void *hammer(void *arg)
{
	srv_metrics *m = arg;

	for (int i = 0; i < NUPDATES; i++) {
		srv_metrics_add(m, T_REQUESTS, 0, 1);
		srv_metrics_add(m, T_REQUESTS, 1, 3);
		srv_metrics_add(m, T_OPEN, 0, 1);
		srv_metrics_add(m, T_OPEN, 0, i % 2 == 0 ? -2 : 0);
		srv_metrics_observe(m, T_LATENCY, 0, (int64_t)(i % 1000) * 1000); /* 0-999 us */
	}
	return NULL;
}

/* Updates from several threads at once add up exactly: no increment is lost. */
Test(metrics, metrics__concurrent)
{
	srv_metrics *m = small_new();
	pthread_t th[NTHREADS];
	int64_t sum_us = 0;
	char *text, *want;

	for (int i = 0; i < NTHREADS; i++)
		cr_assert_eq(pthread_create(&th[i], NULL, hammer, m), 0);
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);

	for (int i = 0; i < NUPDATES; i++)
		sum_us += i % 1000;
	cr_assert_eq(srv_metrics_get(m, T_REQUESTS, 0), (int64_t)NTHREADS * NUPDATES);
	cr_assert_eq(srv_metrics_get(m, T_REQUESTS, 1), (int64_t)NTHREADS * NUPDATES * 3);
	cr_assert_eq(srv_metrics_get(m, T_OPEN, 0), 0);
	cr_assert_eq(srv_metrics_get(m, T_LATENCY, 0), (int64_t)NTHREADS * NUPDATES);

	/* Every observation is under 1 ms: all in le="0.005"; the sum to the microsecond. */
	text = text_of(m);
	cr_assert_eq(sample(text, "t_latency_seconds_bucket{proto=\"a\",le=\"0.005\"}"),
		(double)NTHREADS * NUPDATES, "%s", text);
	want = tu_fmt(
		"\nt_latency_seconds_sum{proto=\"a\"} %g\n", (double)(sum_us * NTHREADS) / 1e6);
	cr_assert(strstr(text, want) != NULL, "%s\nwanted%s", text, want);
	free(want);
	free(text);
	srv_metrics_free(m);
}

/* ---- ChronDB's table against the format's grammar ---- */

#define NAME  "[a-zA-Z_:][a-zA-Z0-9_:]*"
#define LABEL "[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\n]|\\\\[\\\\\"n])*\""
#define VALUE "([-+]?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?|\\+Inf|-Inf|NaN)"

static regex_t re_help, re_type, re_sample;

static void grammar_init(void)
{
	cr_assert_eq(
		regcomp(&re_help, "^# HELP (" NAME ") ([^\\\\\n]|\\\\[\\\\n])*$", REG_EXTENDED), 0);
	cr_assert_eq(
		regcomp(&re_type, "^# TYPE (" NAME ") (counter|gauge|histogram)$", REG_EXTENDED),
		0);
	cr_assert_eq(regcomp(&re_sample, "^(" NAME ")(\\{" LABEL "(," LABEL ")*\\})? " VALUE "$",
			     REG_EXTENDED),
		0);
}

/* Whether sample name belongs to the family (a histogram's has its suffixes). */
static bool in_family(const char *name, const char *family, const char *type)
{
	size_t n = strlen(family);

	if (strcmp(name, family) == 0)
		return strcmp(type, "histogram") != 0;
	return strcmp(type, "histogram") == 0 && strncmp(name, family, n) == 0 &&
	       (strcmp(name + n, "_bucket") == 0 || strcmp(name + n, "_sum") == 0 ||
		       strcmp(name + n, "_count") == 0);
}

static void check_grammar(char *text)
{
	char family[128] = "", type[16] = "";
	int nsamples = 0, nfamilies = 0;

	grammar_init();
	cr_assert(text[0] != '\0' && text[strlen(text) - 1] == '\n');
	for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
		regmatch_t g[2];
		char name[128];

		if (regexec(&re_help, line, 2, g, 0) == 0) {
			snprintf(family, sizeof(family), "%.*s", (int)(g[1].rm_eo - g[1].rm_so),
				line + g[1].rm_so);
			type[0] = '\0';
			nfamilies++;
		} else if (regexec(&re_type, line, 2, g, 0) == 0) {
			cr_assert_eq(
				strncmp(line + g[1].rm_so, family, strlen(family)), 0, "%s", line);
			snprintf(type, sizeof(type), "%s", line + g[1].rm_eo + 1);
		} else {
			cr_assert_eq(
				regexec(&re_sample, line, 2, g, 0), 0, "not a sample: %s", line);
			snprintf(name, sizeof(name), "%.*s", (int)(g[1].rm_eo - g[1].rm_so),
				line + g[1].rm_so);
			cr_assert(type[0] != '\0' && in_family(name, family, type),
				"%s after %s %s", line, family, type);
			nsamples++;
		}
	}
	cr_assert_eq(nfamilies, SRV_METRIC_COUNT);
	cr_assert_gt(nsamples, SRV_METRIC_COUNT);
	regfree(&re_help);
	regfree(&re_type);
	regfree(&re_sample);
}

/* Every line of ChronDB's metrics parses; its names, types and buckets are ChronDB's. */
Test(metrics, metrics__server_grammar)
{
	srv_metrics *m = srv_metrics_server();
	char *text;

	srv_metrics_observe(m, SRV_METRIC_WRITE_LATENCY, 0, 3 * MS);
	srv_metrics_add(m, SRV_METRIC_OCC_CONFLICTS, 0, 2);
	text = text_of(m);
	cr_assert(strstr(text, "# TYPE chrondb_write_latency_seconds histogram\n") != NULL);
	cr_assert(strstr(text, "\nchrondb_write_latency_seconds_bucket{le=\"0.001\"} 0\n"
			       "chrondb_write_latency_seconds_bucket{le=\"0.005\"} 1\n") != NULL,
		"%s", text);
	cr_assert(strstr(text, "\nchrondb_write_latency_seconds_bucket{le=\"10\"} 1\n"
			       "chrondb_write_latency_seconds_bucket{le=\"+Inf\"} 1\n"
			       "chrondb_write_latency_seconds_sum 0.003\n"
			       "chrondb_write_latency_seconds_count 1\n") != NULL,
		"%s", text);
	cr_assert(strstr(text, "# HELP chrondb_occ_conflicts_total Total number of OCC conflicts\n"
			       "# TYPE chrondb_occ_conflicts_total counter\n"
			       "chrondb_occ_conflicts_total 2\n") != NULL,
		"%s", text);
	cr_assert(strstr(text, "\nchrondb_active_connections{protocol=\"postgresql\"} 0\n"
			       "chrondb_active_connections{protocol=\"redis\"} 0\n"
			       "chrondb_active_connections{protocol=\"http\"} 0\n") != NULL,
		"%s", text);
	check_grammar(text);
	free(text);
}
