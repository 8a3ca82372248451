/*
 * guc.c - run-time settings (see guc.h).
 *
 * Owns the table of built-in settings (PostgreSQL's names, kinds and
 * defaults, the ones clients and drivers read or write) and a session's
 * values over them.  It does not apply a setting's effect: the session
 * and the executor read the values they need (TimeZone, extra_float_digits,
 * chrondb.branch...).
 *
 * Each setting has a session value, optionally a SET LOCAL value that
 * hides it until the transaction ends, and the session value as it was
 * when the transaction first changed it, to put back if the
 * transaction aborts.  That is PostgreSQL's behaviour for the common
 * cases (SET, SET LOCAL, SET then SET LOCAL, SET LOCAL then SET) without
 * its full stack of nested save levels, which only savepoints need.
 *
 * XXX: a ROLLBACK TO SAVEPOINT does not undo SETs made after the
 * savepoint (PostgreSQL does).  The executor would have to record the
 * settings at each savepoint; until then such SETs last until the
 * transaction ends.
 *
 * XXX: TimeZone is taken as given, not checked against the zone database
 * nor spelt as the database does ("utc" stays "utc", PostgreSQL shows
 * "UTC"): that needs datetime.c's zone lookup, which comes with it.
 * client_encoding accepts UTF8 only, where PostgreSQL converts to others.
 */
#include "guc.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum guc_kind {
	K_BOOL,
	K_INT,
	K_REAL,
	K_STRING,
	K_ENUM,
} guc_kind;

/* Units an integer setting is counted in. */
typedef enum guc_unit {
	U_NONE,
	U_MS, /* milliseconds */
	U_KB, /* kilobytes */
} guc_unit;

typedef struct guc_def {
	const char *name;
	guc_kind kind;
	const char *boot;
	unsigned flags;
	const char *const *enums; /* canonical spellings, NULL-terminated */
	long long min, max;       /* for K_INT */
	guc_unit unit;
	const char *category;
	const char *desc;
	/*
	 * Extra check and canonical form for strings; NULL: taken as given.
	 * cur is the setting's value now (DateStyle keeps what a new value
	 * does not name); a rejection may say why in detail.
	 */
	int (*check)(const char *in, const char *cur, char *out, size_t outsz, char *detail,
		size_t detailsz);
} guc_def;

static const char *const bool_enum[] = {"on", "off", NULL};
static const char *const isolation_enum[] = {
	"serializable", "repeatable read", "read committed", "read uncommitted", NULL};
static const char *const intervalstyle_enum[] = {"postgres", NULL};
static const char *const bytea_enum[] = {"hex", "escape", NULL};
static const char *const messages_enum[] = {"debug5", "debug4", "debug3", "debug2", "debug1", "log",
	"notice", "warning", "error", NULL};
static const char *const sync_enum[] = {"local", "remote_write", "remote_apply", "on", "off", NULL};
static const char *const xmloption_enum[] = {"content", "document", NULL};

int exec_split_identifiers(char *s, char sep, bool fold, char **words, int max)
{
	int n = 0;
	char *in = s;

	while (isspace((unsigned char)*in))
		in++;
	if (*in == '\0')
		return 0;
	for (;;) {
		char *w = s, *start = s;

		if (*in == '"') {
			/* Quoted: as written, "" standing for a quote. */
			for (in++;; in++) {
				if (*in == '\0')
					return -1;
				if (*in == '"' && in[1] != '"')
					break;
				if (*in == '"')
					in++;
				*w++ = *in;
			}
			in++;
		} else {
			for (; *in != '\0' && *in != sep && !isspace((unsigned char)*in); in++)
				*w++ = fold && *in >= 'A' && *in <= 'Z' ? (char)(*in + ('a' - 'A'))
									: *in;
			if (w == start)
				return -1;
		}
		while (isspace((unsigned char)*in))
			in++;
		if (*in != '\0' && *in != sep)
			return -1;

		/* The word is in place at the front of s; cut it on a character boundary. */
		if (w - start > 63) {
			w = start + 63;
			while (w > start && ((unsigned char)*w & 0xC0) == 0x80)
				w--;
		}
		s = w + 1;
		if (n < max)
			words[n] = start;
		n++;
		if (*in == '\0') {
			*w = '\0';
			return n;
		}
		*w = '\0';
		for (in++; isspace((unsigned char)*in);)
			in++;
	}
}

/* DateStyle's default, both halves of it: what DEFAULT in a DateStyle list names. */
#define DATESTYLE_BOOT_STYLE "ISO"
#define DATESTYLE_BOOT_ORDER "MDY"

/*
 * DateStyle, as PostgreSQL's check_datestyle reads it: a list naming an
 * output style (ISO, SQL, Postgres, German), a field order (YMD; DMY or
 * Euro...; MDY, US or NonEuro...), both, or DEFAULT.  What the list does
 * not name is kept from the current value.  German and DEFAULT also set
 * the parts not named explicitly (German the order DMY), softly: a later
 * word overrides them without conflict.  Canonical form "Style, ORDER".
 */
static int check_datestyle(
	const char *in, const char *cur, char *out, size_t outsz, char *detail, size_t detailsz)
{
	static const struct {
		const char *word;
		size_t prefix; /* 0: the whole word must match; n: its first n letters */
		const char *style, *order;
	} words[] = {
		{"ISO", 0, "ISO", NULL},
		{"SQL", 0, "SQL", NULL},
		{"POSTGRES", 8, "Postgres", NULL},
		{"GERMAN", 0, "German", NULL},
		{"YMD", 0, NULL, "YMD"},
		{"DMY", 0, NULL, "DMY"},
		{"EURO", 4, NULL, "DMY"},
		{"MDY", 0, NULL, "MDY"},
		{"US", 0, NULL, "MDY"},
		{"NONEURO", 7, NULL, "MDY"},
	};
	char copy[256], *list[8], style[16] = DATESTYLE_BOOT_STYLE,
				  order[16] = DATESTYLE_BOOT_ORDER;
	bool have_style = false, have_order = false, conflict = false;
	int n;

	snprintf(copy, sizeof(copy), "%s", in);
	n = exec_split_identifiers(copy, ',', true, list, 8);
	if (n < 0 || n > 8) {
		snprintf(detail, detailsz, "List syntax is invalid.");
		return -1;
	}
	if (cur != NULL)
		sscanf(cur, "%15[^,], %15s", style, order);
	for (int i = 0; i < n; i++) {
		const char *tok = list[i];
		size_t k;

		if (strcasecmp(tok, "DEFAULT") == 0) {
			if (!have_style)
				strcpy(style, DATESTYLE_BOOT_STYLE);
			if (!have_order)
				strcpy(order, DATESTYLE_BOOT_ORDER);
			continue;
		}
		for (k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
			if (words[k].prefix ? strncasecmp(tok, words[k].word, words[k].prefix) == 0
					    : strcasecmp(tok, words[k].word) == 0)
				break;
		}
		if (k == sizeof(words) / sizeof(words[0])) {
			snprintf(detail, detailsz, "Unrecognized key word: \"%s\".", tok);
			return -1;
		}
		if (words[k].style != NULL) {
			conflict |= have_style && strcmp(style, words[k].style) != 0;
			strcpy(style, words[k].style);
			have_style = true;
			if (strcmp(style, "German") == 0 && !have_order)
				strcpy(order, "DMY");
		} else {
			conflict |= have_order && strcmp(order, words[k].order) != 0;
			strcpy(order, words[k].order);
			have_order = true;
		}
	}
	if (conflict) {
		snprintf(detail, detailsz, "Conflicting \"datestyle\" specifications.");
		return -1;
	}
	snprintf(out, outsz, "%s, %s", style, order);
	return 0;
}

/* client_encoding: UTF8 only, under any of its names. */
static int check_encoding(
	const char *in, const char *cur, char *out, size_t outsz, char *detail, size_t detailsz)
{
	(void)cur;
	(void)detail;
	(void)detailsz;
	if (strcasecmp(in, "UTF8") != 0 && strcasecmp(in, "UTF-8") != 0 &&
		strcasecmp(in, "UNICODE") != 0)
		return -1;
	snprintf(out, outsz, "UTF8");
	return 0;
}

/* standard_conforming_strings can be "on" only: the scanner knows no other way. */
static int check_on_only(
	const char *in, const char *cur, char *out, size_t outsz, char *detail, size_t detailsz)
{
	(void)cur;
	(void)detail;
	(void)detailsz;
	if (strcasecmp(in, "on") != 0 && strcasecmp(in, "true") != 0 && strcmp(in, "1") != 0 &&
		strcasecmp(in, "yes") != 0)
		return -1;
	snprintf(out, outsz, "on");
	return 0;
}

/* The built-in settings, sorted by name (case-insensitively), as pg_settings lists them. */
static const guc_def defs[] = {
	{"application_name", K_STRING, "", EXEC_GUC_REPORT, NULL, 0, 0, U_NONE,
		"Reporting and Logging / What to Log",
		"Sets the application name to be reported in statistics and logs.", NULL},
	{"block_size", K_INT, "8192", EXEC_GUC_READONLY, NULL, 8192, 8192, U_NONE, "Preset Options",
		"Shows the size of a disk block.", NULL},
	{"bytea_output", K_ENUM, "hex", 0, bytea_enum, 0, 0, U_NONE,
		"Client Connection Defaults / Statement Behavior",
		"Sets the output format for bytea.", NULL},
	{"chrondb.as_of", K_STRING, "", 0, NULL, 0, 0, U_NONE, "ChronDB",
		"Sets the commit, ref or time every read of the session is made as of; "
		"empty: the present.",
		NULL},
	{"chrondb.branch", K_STRING, "main", EXEC_GUC_REPORT, NULL, 0, 0, U_NONE, "ChronDB",
		"Sets the Git branch the session reads and writes.", NULL},
	{"chrondb.flags", K_STRING, "", 0, NULL, 0, 0, U_NONE, "ChronDB",
		"Sets the flags recorded in the notes of the session's commits (a comma-separated "
		"list).",
		NULL},
	{"chrondb.request_id", K_STRING, "", 0, NULL, 0, 0, U_NONE, "ChronDB",
		"Sets the request id recorded in the notes of the session's commits.", NULL},
	{"client_encoding", K_STRING, "UTF8", EXEC_GUC_REPORT, NULL, 0, 0, U_NONE,
		"Client Connection Defaults / Locale and Formatting",
		"Sets the client's character set encoding.", check_encoding},
	{"client_min_messages", K_ENUM, "notice", 0, messages_enum, 0, 0, U_NONE,
		"Client Connection Defaults / Statement Behavior",
		"Sets the message levels that are sent to the client.", NULL},
	{"DateStyle", K_STRING, DATESTYLE_BOOT_STYLE ", " DATESTYLE_BOOT_ORDER, EXEC_GUC_REPORT,
		NULL, 0, 0, U_NONE, "Client Connection Defaults / Locale and Formatting",
		"Sets the display format for date and time values.", check_datestyle},
	{"default_transaction_isolation", K_ENUM, "read committed", 0, isolation_enum, 0, 0, U_NONE,
		"Client Connection Defaults / Statement Behavior",
		"Sets the transaction isolation level of each new transaction.", NULL},
	{"default_transaction_read_only", K_BOOL, "off", EXEC_GUC_REPORT, bool_enum, 0, 0, U_NONE,
		"Client Connection Defaults / Statement Behavior",
		"Sets the default read-only status of new transactions.", NULL},
	{"enable_indexscan", K_BOOL, "on", 0, bool_enum, 0, 0, U_NONE,
		"Query Tuning / Planner Method Configuration",
		"Enables the planner's use of index-scan plans.", NULL},
	{"extra_float_digits", K_INT, "1", 0, NULL, -15, 3, U_NONE,
		"Client Connection Defaults / Locale and Formatting",
		"Sets the number of digits displayed for floating-point values.", NULL},
	{"idle_in_transaction_session_timeout", K_INT, "0", 0, NULL, 0, 2147483647, U_MS,
		"Client Connection Defaults / Statement Behavior",
		"Sets the maximum allowed idle time between queries, when in a transaction.", NULL},
	{"in_hot_standby", K_BOOL, "off", EXEC_GUC_REPORT | EXEC_GUC_READONLY, bool_enum, 0, 0,
		U_NONE, "Preset Options", "Shows whether hot standby is currently active.", NULL},
	{"integer_datetimes", K_BOOL, "on", EXEC_GUC_REPORT | EXEC_GUC_READONLY, bool_enum, 0, 0,
		U_NONE, "Preset Options", "Shows whether datetimes are integer based.", NULL},
	{"IntervalStyle", K_ENUM, "postgres", EXEC_GUC_REPORT, intervalstyle_enum, 0, 0, U_NONE,
		"Client Connection Defaults / Locale and Formatting",
		"Sets the display format for interval values.", NULL},
	{"is_superuser", K_BOOL, "on", EXEC_GUC_REPORT | EXEC_GUC_READONLY, bool_enum, 0, 0, U_NONE,
		"Preset Options", "Shows whether the current user is a superuser.", NULL},
	{"lc_collate", K_STRING, "C", EXEC_GUC_READONLY, NULL, 0, 0, U_NONE, "Preset Options",
		"Shows the collation order locale.", NULL},
	{"lc_ctype", K_STRING, "C.UTF-8", EXEC_GUC_READONLY, NULL, 0, 0, U_NONE, "Preset Options",
		"Shows the character classification and case conversion locale.", NULL},
	{"lock_timeout", K_INT, "0", 0, NULL, 0, 2147483647, U_MS,
		"Client Connection Defaults / Statement Behavior",
		"Sets the maximum allowed duration of any wait for a lock.", NULL},
	{"max_connections", K_INT, "100", EXEC_GUC_READONLY, NULL, 1, 262143, U_NONE,
		"Connections and Authentication / Connection Settings",
		"Sets the maximum number of concurrent connections.", NULL},
	{"max_identifier_length", K_INT, "63", EXEC_GUC_READONLY, NULL, 63, 63, U_NONE,
		"Preset Options", "Shows the maximum identifier length.", NULL},
	{"scram_iterations", K_INT, "4096", EXEC_GUC_REPORT, NULL, 1, 2147483647, U_NONE,
		"Connections and Authentication / Authentication",
		"Sets the iteration count for SCRAM secret generation.", NULL},
	{"search_path", K_STRING, "\"$user\", public", 0, NULL, 0, 0, U_NONE,
		"Client Connection Defaults / Statement Behavior",
		"Sets the schema search order for names that are not schema-qualified.", NULL},
	{"server_encoding", K_STRING, "UTF8", EXEC_GUC_REPORT | EXEC_GUC_READONLY, NULL, 0, 0,
		U_NONE, "Preset Options", "Shows the server (database) character set encoding.",
		NULL},
	{"server_version", K_STRING, "16.4 (ChronDB " CHRONDB_VERSION ")",
		EXEC_GUC_REPORT | EXEC_GUC_READONLY, NULL, 0, 0, U_NONE, "Preset Options",
		"Shows the server version.", NULL},
	{"server_version_num", K_INT, "160004", EXEC_GUC_READONLY, NULL, 160004, 160004, U_NONE,
		"Preset Options", "Shows the server version as an integer.", NULL},
	{"session_authorization", K_STRING, "chrondb", EXEC_GUC_REPORT | EXEC_GUC_READONLY, NULL, 0,
		0, U_NONE, "Preset Options", "Sets the session user name.", NULL},
	{"standard_conforming_strings", K_STRING, "on", EXEC_GUC_REPORT, NULL, 0, 0, U_NONE,
		"Version and Platform Compatibility / Previous PostgreSQL Versions",
		"Causes '...' strings to treat backslashes literally.", check_on_only},
	{"statement_timeout", K_INT, "0", 0, NULL, 0, 2147483647, U_MS,
		"Client Connection Defaults / Statement Behavior",
		"Sets the maximum allowed duration of any statement.", NULL},
	{"synchronous_commit", K_ENUM, "on", 0, sync_enum, 0, 0, U_NONE,
		"Write-Ahead Log / Settings",
		"Sets the current transaction's synchronization level.", NULL},
	{"TimeZone", K_STRING, "UTC", EXEC_GUC_REPORT, NULL, 0, 0, U_NONE,
		"Client Connection Defaults / Locale and Formatting",
		"Sets the time zone for displaying and interpreting time stamps.", NULL},
	{"transaction_isolation", K_ENUM, "read committed", 0, isolation_enum, 0, 0, U_NONE,
		"Client Connection Defaults / Statement Behavior",
		"Sets the current transaction's isolation level.", NULL},
	{"transaction_read_only", K_BOOL, "off", 0, bool_enum, 0, 0, U_NONE,
		"Client Connection Defaults / Statement Behavior",
		"Sets the current transaction's read-only status.", NULL},
	{"work_mem", K_INT, "4MB", 0, NULL, 64, 2147483647, U_KB, "Resource Usage / Memory",
		"Sets the maximum memory to be used for query workspaces.", NULL},
	{"xmloption", K_ENUM, "content", 0, xmloption_enum, 0, 0, U_NONE,
		"Client Connection Defaults / Statement Behavior",
		"Sets whether XML data in implicit parsing and serialization operations is to be "
		"considered as documents or content fragments.",
		NULL},
};

#define NDEFS (sizeof(defs) / sizeof(defs[0]))

/* One setting's state in a session (built-in, or a custom dotted name). */
typedef struct gval {
	char *name;     /* custom names only; built-ins use defs[] */
	char *session;  /* NULL: the default */
	char *local;    /* SET LOCAL value, until the transaction ends */
	char *saved;    /* session value before the transaction changed it */
	bool has_saved; /* saved is meaningful (it may be NULL: the default) */
} gval;

struct exec_gucs {
	gval builtin[NDEFS];
	gval *custom;
	size_t ncustom, capcustom;
	exec_guc_report_fn report;
	void *arg;
	bool tx_work; /* some value has a saved or SET LOCAL state: the transaction's end has work */
};

static char *xstrdup(const char *s)
{
	char *p = s ? strdup(s) : NULL;

	if (s != NULL && p == NULL)
		abort();
	return p;
}

/*
 * defs[] by name, case-insensitively: a hash of the lower-cased name
 * into a table of indexes + 1, built once.  Every text value a session
 * sends reads TimeZone, DateStyle and extra_float_digits, so a walk of
 * defs[] with strcasecmp cost a fifth of a query returning many rows.
 */
#define DEF_SLOTS 512 /* a power of two, over twice NDEFS */

static uint16_t def_slots[DEF_SLOTS];
static pthread_once_t def_slots_once = PTHREAD_ONCE_INIT;

static uint32_t name_hash(const char *name)
{
	uint32_t h = 2166136261u;

	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ (uint32_t)tolower(*p)) * 16777619u;
	return h;
}

static void def_slots_build(void)
{
	_Static_assert(DEF_SLOTS >= 2 * NDEFS, "DEF_SLOTS too small for defs[]");
	for (size_t i = 0; i < NDEFS; i++) {
		uint32_t j = name_hash(defs[i].name) & (DEF_SLOTS - 1);

		while (def_slots[j] != 0)
			j = (j + 1) & (DEF_SLOTS - 1);
		def_slots[j] = (uint16_t)(i + 1);
	}
}

static const guc_def *def_find(const char *name, size_t *index)
{
	pthread_once(&def_slots_once, def_slots_build);
	for (uint32_t j = name_hash(name) & (DEF_SLOTS - 1); def_slots[j] != 0;
		j = (j + 1) & (DEF_SLOTS - 1)) {
		size_t i = def_slots[j] - 1u;

		if (strcasecmp(defs[i].name, name) == 0) {
			if (index != NULL)
				*index = i;
			return &defs[i];
		}
	}
	return NULL;
}

/* PostgreSQL's aliases that are not the setting's own name. */
static const char *alias(const char *name)
{
	if (strcasecmp(name, "time zone") == 0 || strcasecmp(name, "timezone") == 0)
		return "TimeZone";
	if (strcasecmp(name, "transaction isolation level") == 0)
		return "transaction_isolation";
	if (strcasecmp(name, "session authorization") == 0)
		return "session_authorization";
	if (strcasecmp(name, "names") == 0)
		return "client_encoding";
	return name;
}

const char *exec_guc_name(const char *name)
{
	const guc_def *d = def_find(alias(name), NULL);

	return d ? d->name : NULL;
}

exec_gucs *exec_gucs_new(exec_guc_report_fn report, void *arg)
{
	exec_gucs *g = calloc(1, sizeof(*g));

	if (g == NULL)
		abort();
	g->report = report;
	g->arg = arg;
	return g;
}

static void gval_clear(gval *v)
{
	free(v->name);
	free(v->session);
	free(v->local);
	free(v->saved);
	memset(v, 0, sizeof(*v));
}

void exec_gucs_free(exec_gucs *g)
{
	if (g == NULL)
		return;
	for (size_t i = 0; i < NDEFS; i++)
		gval_clear(&g->builtin[i]);
	for (size_t i = 0; i < g->ncustom; i++)
		gval_clear(&g->custom[i]);
	free(g->custom);
	free(g);
}

/* A custom setting's state, made when create is set. */
static gval *custom_find(exec_gucs *g, const char *name, bool create)
{
	for (size_t i = 0; i < g->ncustom; i++) {
		if (strcasecmp(g->custom[i].name, name) == 0)
			return &g->custom[i];
	}
	if (!create)
		return NULL;
	if (g->ncustom == g->capcustom) {
		g->capcustom = g->capcustom ? 2 * g->capcustom : 8;
		g->custom = realloc(g->custom, g->capcustom * sizeof(*g->custom));
		if (g->custom == NULL)
			abort();
	}
	memset(&g->custom[g->ncustom], 0, sizeof(gval));
	g->custom[g->ncustom].name = xstrdup(name);
	for (char *p = g->custom[g->ncustom].name; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return &g->custom[g->ncustom++];
}

static const char *effective(const gval *v, const guc_def *d)
{
	if (v->local != NULL)
		return v->local;
	if (v->session != NULL)
		return v->session;
	return d ? d->boot : "";
}

/* Integer with an optional unit, in the setting's base unit. */
static int parse_int(const guc_def *d, const char *in, long long *out)
{
	static const struct {
		const char *unit;
		guc_unit base;
		long long mult;
	} units[] = {
		{"us", U_MS, 0},
		{"ms", U_MS, 1},
		{"s", U_MS, 1000},
		{"min", U_MS, 60000},
		{"h", U_MS, 3600000},
		{"d", U_MS, 86400000},
		{"kB", U_KB, 1},
		{"MB", U_KB, 1024},
		{"GB", U_KB, 1024 * 1024},
		{"TB", U_KB, 1024LL * 1024 * 1024},
	};
	char *end;
	long long v;

	errno = 0;
	v = strtoll(in, &end, 0);
	if (end == in || errno != 0)
		return -1;
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0') {
		size_t i;

		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			if (units[i].base == d->unit && strcmp(end, units[i].unit) == 0)
				break;
		}
		if (i == sizeof(units) / sizeof(units[0]) || units[i].mult == 0)
			return -1;
		v *= units[i].mult;
	}
	*out = v;
	return 0;
}

/* An integer setting shown as PostgreSQL shows it: the largest unit that divides it. */
static void format_int(const guc_def *d, long long v, char *out, size_t outsz)
{
	static const struct {
		guc_unit base;
		long long mult;
		const char *unit;
	} show[] = {
		{U_MS, 86400000, "d"},
		{U_MS, 3600000, "h"},
		{U_MS, 60000, "min"},
		{U_MS, 1000, "s"},
		{U_MS, 1, "ms"},
		{U_KB, 1024LL * 1024 * 1024, "TB"},
		{U_KB, 1024 * 1024, "GB"},
		{U_KB, 1024, "MB"},
		{U_KB, 1, "kB"},
	};

	if (d->unit != U_NONE && v != 0) {
		for (size_t i = 0; i < sizeof(show) / sizeof(show[0]); i++) {
			if (show[i].base == d->unit && v % show[i].mult == 0) {
				snprintf(out, outsz, "%lld%s", v / show[i].mult, show[i].unit);
				return;
			}
		}
	}
	snprintf(out, outsz, "%lld", v);
}

/*
 * Check a value and write its canonical form; -1 when it is not
 * acceptable (detail may say why), -2 when a number is out of range.
 * cur is the setting's current value.
 */
static int canonical(const guc_def *d, const char *in, const char *cur, char *out, size_t outsz,
	char *detail, size_t detailsz)
{
	switch (d->kind) {
	case K_BOOL: {
		static const char *const yes[] = {"on", "true", "yes", "1", "t", "y", NULL};
		static const char *const no[] = {"off", "false", "no", "0", "f", "n", NULL};

		for (int i = 0; yes[i]; i++) {
			if (strcasecmp(in, yes[i]) == 0) {
				snprintf(out, outsz, "on");
				return 0;
			}
		}
		for (int i = 0; no[i]; i++) {
			if (strcasecmp(in, no[i]) == 0) {
				snprintf(out, outsz, "off");
				return 0;
			}
		}
		return -1;
	}
	case K_INT: {
		long long v;

		if (parse_int(d, in, &v) < 0)
			return -1;
		if (v < d->min || v > d->max)
			return -2; /* out of range: its own message */
		format_int(d, v, out, outsz);
		return 0;
	}
	case K_REAL: {
		char *end;
		double v = strtod(in, &end);

		if (end == in || *end != '\0')
			return -1;
		snprintf(out, outsz, "%g", v);
		return 0;
	}
	case K_ENUM:
		for (int i = 0; d->enums[i]; i++) {
			if (strcasecmp(in, d->enums[i]) == 0) {
				snprintf(out, outsz, "%s", d->enums[i]);
				return 0;
			}
		}
		return -1;
	case K_STRING:
		if (d->check != NULL)
			return d->check(in, cur, out, outsz, detail, detailsz);
		if (strlen(in) >= outsz)
			return -1;
		snprintf(out, outsz, "%s", in);
		return 0;
	}
	return -1;
}

/* Tell the client about a reported setting whose visible value changed. */
static void maybe_report(exec_gucs *g, const guc_def *d, const char *before, const gval *v)
{
	const char *after = effective(v, d);

	if (g->report != NULL && d != NULL && (d->flags & EXEC_GUC_REPORT) &&
		strcmp(before, after) != 0)
		g->report(g->arg, d->name, after);
}

/* Resolve a name to its definition and state; NULL with 42704 when unknown. */
static gval *lookup(exec_gucs *g, const char *name, const guc_def **d, bool create, store_err *err)
{
	size_t i;

	name = alias(name);
	*d = def_find(name, &i);
	if (*d != NULL)
		return &g->builtin[i];
	if (strchr(name, '.') != NULL) {
		gval *v = custom_find(g, name, create);

		if (v != NULL || !create)
			return v;
	}
	store_err_set(err, "42704", "unrecognized configuration parameter \"%s\"", name);
	return NULL;
}

int exec_guc_set(exec_gucs *g, const char *name, const char *value, bool local, bool in_tx,
	char *warning, size_t warnsz, store_err *err)
{
	const guc_def *d;
	gval *v = lookup(g, name, &d, true, err);
	char canon[256], before[256], detail[128] = "";
	int rc = 0;

	if (warning != NULL && warnsz > 0)
		warning[0] = '\0';
	if (v == NULL)
		return -1;
	if (d != NULL && (d->flags & EXEC_GUC_READONLY)) {
		store_err_set(err, "55P02", "parameter \"%s\" cannot be changed", d->name);
		return -1;
	}
	if (value != NULL && d != NULL)
		rc = canonical(
			d, value, effective(v, d), canon, sizeof(canon), detail, sizeof(detail));
	if (rc == -2) {
		store_err_set(err, "22023",
			"%s is outside the valid range for parameter \"%s\" (%lld .. %lld)", value,
			d->name, (long long)d->min, (long long)d->max);
		return -1;
	}
	if (rc < 0) {
		store_err_set(
			err, "22023", "invalid value for parameter \"%s\": \"%s\"", d->name, value);
		if (detail[0] != '\0')
			store_err_detail(err, "%s", detail);
		if (d->kind == K_ENUM) {
			char list[256];
			size_t n = 0;

			list[0] = '\0';
			for (int k = 0; d->enums[k] && n < sizeof(list); k++)
				n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
					k ? ", " : "", d->enums[k]);
			store_err_hint(err, "Available values: %s.", list);
		}
		return -1;
	}
	if (value != NULL && d == NULL)
		snprintf(canon, sizeof(canon), "%s", value);
	snprintf(before, sizeof(before), "%s", effective(v, d));

	if (local) {
		/* Outside a transaction block SET LOCAL has no effect. */
		if (!in_tx) {
			if (warning != NULL)
				snprintf(warning, warnsz,
					"SET LOCAL can only be used in transaction blocks");
			return 0;
		}
		free(v->local);
		v->local = xstrdup(value ? canon : (d ? d->boot : ""));
		g->tx_work = true;
	} else {
		/* The first change inside a transaction keeps what to restore on abort. */
		if (in_tx && !v->has_saved) {
			v->saved = xstrdup(v->session);
			v->has_saved = true;
			g->tx_work = true;
		}
		free(v->session);
		v->session = value ? xstrdup(canon) : NULL;
		free(v->local);
		v->local = NULL;
	}
	maybe_report(g, d, before, v);
	return 0;
}

const char *exec_guc_get(exec_gucs *g, const char *name, store_err *err)
{
	const guc_def *d;
	gval *v = lookup(g, name, &d, false, err);

	if (v == NULL) {
		if (d == NULL && strchr(alias(name), '.') != NULL)
			store_err_set(
				err, "42704", "unrecognized configuration parameter \"%s\"", name);
		return NULL;
	}
	return effective(v, d);
}

int exec_guc_slot(const char *name)
{
	size_t i;

	return def_find(alias(name), &i) != NULL ? (int)i : -1;
}

const char *exec_guc_get_slot(exec_gucs *g, int slot)
{
	if (slot < 0 || (size_t)slot >= NDEFS)
		return NULL;
	return effective(&g->builtin[slot], &defs[slot]);
}

long long exec_guc_get_int(exec_gucs *g, const char *name)
{
	const guc_def *d;
	store_err err;
	gval *v = lookup(g, name, &d, false, &err);
	long long n;

	if (v == NULL || d == NULL || d->kind != K_INT || parse_int(d, effective(v, d), &n) != 0)
		return 0;
	return n;
}

void exec_guc_init(exec_gucs *g, const char *name, const char *value)
{
	const guc_def *d;
	gval *v = lookup(g, name, &d, false, NULL);

	assert(v != NULL && d != NULL && (d->flags & EXEC_GUC_READONLY));
	free(v->session);
	v->session = xstrdup(value);
}

int exec_guc_reset(exec_gucs *g, const char *name, bool in_tx, store_err *err)
{
	return exec_guc_set(g, name, NULL, false, in_tx, NULL, 0, err);
}

void exec_guc_reset_all(exec_gucs *g, bool in_tx)
{
	for (size_t i = 0; i < NDEFS; i++) {
		if (!(defs[i].flags & EXEC_GUC_READONLY))
			exec_guc_set(g, defs[i].name, NULL, false, in_tx, NULL, 0, NULL);
	}
	for (size_t i = 0; i < g->ncustom; i++)
		exec_guc_set(g, g->custom[i].name, NULL, false, in_tx, NULL, 0, NULL);
}

static void tx_end_one(exec_gucs *g, gval *v, const guc_def *d, bool commit)
{
	char before[256];

	if (v->local == NULL && !v->has_saved && v->saved == NULL)
		return; /* nothing the transaction set: the value stays */
	snprintf(before, sizeof(before), "%s", effective(v, d));
	free(v->local);
	v->local = NULL;
	if (v->has_saved && !commit) {
		free(v->session);
		v->session = v->saved;
		v->saved = NULL;
	}
	free(v->saved);
	v->saved = NULL;
	v->has_saved = false;
	maybe_report(g, d, before, v);
}

bool exec_guc_tx_end(exec_gucs *g, bool commit)
{
	if (!g->tx_work)
		return false;
	for (size_t i = 0; i < NDEFS; i++)
		tx_end_one(g, &g->builtin[i], &defs[i], commit);
	for (size_t i = 0; i < g->ncustom; i++)
		tx_end_one(g, &g->custom[i], NULL, commit);
	g->tx_work = false;
	return true;
}

void exec_guc_each(exec_gucs *g, void (*fn)(void *arg, const exec_guc_info *info), void *arg)
{
	static const char *const vartypes[] = {"bool", "integer", "real", "string", "enum"};
	static const char *const units[] = {NULL, "ms", "kB"};

	for (size_t i = 0; i < NDEFS; i++) {
		exec_guc_info info = {
			.name = defs[i].name,
			.setting = effective(&g->builtin[i], &defs[i]),
			.boot = defs[i].boot,
			.vartype = vartypes[defs[i].kind],
			.unit = units[defs[i].unit],
			.category = defs[i].category,
			.short_desc = defs[i].desc,
			.enumvals = defs[i].enums,
			.flags = defs[i].flags,
		};

		fn(arg, &info);
	}
}

/* ---- Savepoints ---- */

struct exec_guc_snapshot {
	size_t nbuiltin, ncustom;
	char **session, **local; /* builtins first, then customs */
	char **names;            /* the customs' names */
};

exec_guc_snapshot *exec_guc_snapshot_take(exec_gucs *g)
{
	exec_guc_snapshot *sn = calloc(1, sizeof(*sn));
	size_t n = NDEFS + g->ncustom;

	if (sn == NULL)
		abort();
	sn->nbuiltin = NDEFS;
	sn->ncustom = g->ncustom;
	sn->session = calloc(n + 1, sizeof(char *));
	sn->local = calloc(n + 1, sizeof(char *));
	sn->names = calloc(g->ncustom + 1, sizeof(char *));
	if (sn->session == NULL || sn->local == NULL || sn->names == NULL)
		abort();
	for (size_t i = 0; i < NDEFS; i++) {
		sn->session[i] = xstrdup(g->builtin[i].session);
		sn->local[i] = xstrdup(g->builtin[i].local);
	}
	for (size_t i = 0; i < g->ncustom; i++) {
		sn->names[i] = xstrdup(g->custom[i].name);
		sn->session[NDEFS + i] = xstrdup(g->custom[i].session);
		sn->local[NDEFS + i] = xstrdup(g->custom[i].local);
	}
	return sn;
}

static void put_back(gval *v, char *session, char *local)
{
	free(v->session);
	free(v->local);
	v->session = xstrdup(session);
	v->local = xstrdup(local);
}

void exec_guc_snapshot_restore(exec_gucs *g, const exec_guc_snapshot *sn)
{
	g->tx_work = true; /* SET LOCAL values may come back */
	for (size_t i = 0; i < NDEFS; i++) {
		char before[256];

		snprintf(before, sizeof(before), "%s", effective(&g->builtin[i], &defs[i]));
		put_back(&g->builtin[i], sn->session[i], sn->local[i]);
		maybe_report(g, &defs[i], before, &g->builtin[i]);
	}
	for (size_t i = 0; i < g->ncustom; i++) {
		size_t k;

		for (k = 0; k < sn->ncustom; k++)
			if (strcmp(sn->names[k], g->custom[i].name) == 0)
				break;
		if (k < sn->ncustom)
			put_back(&g->custom[i], sn->session[NDEFS + k], sn->local[NDEFS + k]);
		else
			put_back(&g->custom[i], NULL, NULL);
	}
}

void exec_guc_snapshot_free(exec_guc_snapshot *sn)
{
	if (sn == NULL)
		return;
	for (size_t i = 0; i < sn->nbuiltin + sn->ncustom; i++) {
		free(sn->session[i]);
		free(sn->local[i]);
	}
	for (size_t i = 0; i < sn->ncustom; i++)
		free(sn->names[i]);
	free(sn->session);
	free(sn->local);
	free(sn->names);
	free(sn);
}
