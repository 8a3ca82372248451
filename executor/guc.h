/*
 * guc.h - run-time settings: what SET, SHOW, RESET, set_config() and
 * current_setting() read and write, and what pg_settings lists.
 *
 * The settings are a table (guc.c) of PostgreSQL's names, defaults and
 * kinds; a session holds its own values over the defaults.  Semantics as
 * PostgreSQL's: names are case-insensitive, SHOW prints the canonical
 * value; SET inside a transaction that rolls back is undone; SET LOCAL
 * lasts until the end of the transaction; custom names with a dot
 * ("myapp.flag", "chrondb.branch") are accepted; anything else unknown
 * is 42704 'unrecognized configuration parameter "x"'.  Settings marked
 * to report go to the client as ParameterStatus when they change.
 */
#ifndef CHRONDB_EXECUTOR_GUC_H
#define CHRONDB_EXECUTOR_GUC_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef struct exec_gucs exec_gucs;

/* Flags of a setting. */
enum {
	EXEC_GUC_REPORT = 1,   /* sent as ParameterStatus at start-up and when it changes */
	EXEC_GUC_READONLY = 2, /* SET fails: 55P02 'parameter "x" cannot be changed' */
};

/* A setting as pg_settings shows it (the definition and the session's value). */
typedef struct exec_guc_info {
	const char *name;    /* canonical spelling: "TimeZone" */
	const char *setting; /* the session's value */
	const char *boot;    /* the default */
	const char *vartype; /* "bool", "integer", "real", "string", "enum" */
	const char *unit;    /* NULL, "ms", "kB" */
	const char *category;
	const char *short_desc;
	const char *const *enumvals; /* NULL-terminated, for enums */
	unsigned flags;
} exec_guc_info;

/* Called when a reported setting changes (name, new value). */
typedef void (*exec_guc_report_fn)(void *arg, const char *name, const char *value);

/* A session's settings, all at their defaults; report may be NULL. */
exec_gucs *exec_gucs_new(exec_guc_report_fn report, void *arg);
void exec_gucs_free(exec_gucs *g);

/*
 * SET name = value (value NULL: DEFAULT), for the session or, with
 * local, for the transaction.  in_tx says whether a transaction is
 * open: a session SET made in one is undone if it rolls back (SQL's
 * SET always runs in one, a block or a query string's implicit
 * transaction), and SET LOCAL outside a block only warns (PostgreSQL:
 * it has no effect).
 * Values are checked and made canonical ("on" -> "on", "ISO" ->
 * "ISO, MDY", 2 -> "2"); bad ones are 22023 'invalid value for parameter
 * "x": "y"'.  *warning, when not NULL, receives a message for a WARNING
 * the caller shows (or "" for none).
 */
int exec_guc_set(exec_gucs *g, const char *name, const char *value, bool local, bool in_tx,
	char *warning, size_t warnsz, store_err *err);

/* The current value of a setting (SHOW, current_setting), borrowed until the next SET. */
const char *exec_guc_get(exec_gucs *g, const char *name, store_err *err);

/*
 * The same for a built-in setting by its slot, which exec_guc_slot finds
 * once by name (-1: no built-in of that name): for the paths that read a
 * setting per value sent (TimeZone, DateStyle), without a name look-up.
 */
int exec_guc_slot(const char *name);
const char *exec_guc_get_slot(exec_gucs *g, int slot);

/*
 * An integer setting's value in its base unit (milliseconds for times,
 * kB for sizes): 0 when the name is no integer setting.
 */
long long exec_guc_get_int(exec_gucs *g, const char *name);

/* The canonical spelling of a known name ("timezone" -> "TimeZone"), NULL if unknown. */
const char *exec_guc_name(const char *name);

/*
 * A read-only setting's value for this session, given when it starts
 * (is_superuser, session_authorization): no check, no report (the
 * start-up's ParameterStatus reads it), and RESET leaves it.
 */
void exec_guc_init(exec_gucs *g, const char *name, const char *value);

/* RESET name / RESET ALL: back to the default (session scope). */
int exec_guc_reset(exec_gucs *g, const char *name, bool in_tx, store_err *err);
void exec_guc_reset_all(exec_gucs *g, bool in_tx);

/*
 * Transaction boundaries: drop SET LOCAL values; on abort, undo the
 * transaction's SETs.  Returns whether the transaction had set anything
 * (false costs one test: a transaction without SET).
 */
bool exec_guc_tx_end(exec_gucs *g, bool commit);

/*
 * Savepoints: the settings as they are (SAVEPOINT), put back by ROLLBACK
 * TO, as PostgreSQL undoes the SETs made after a savepoint.
 */
typedef struct exec_guc_snapshot exec_guc_snapshot;

exec_guc_snapshot *exec_guc_snapshot_take(exec_gucs *g);
void exec_guc_snapshot_restore(exec_gucs *g, const exec_guc_snapshot *sn);
void exec_guc_snapshot_free(exec_guc_snapshot *sn);

/*
 * Split s in place as PostgreSQL's SplitIdentifierString does, for list
 * settings and names written in strings ('public.s'): words separated by
 * sep, blanks around them ignored, a word in double quotes kept as
 * written ("" standing for a quote), any other folded to lower case
 * (ASCII) when fold, each cut to 63 bytes.  The first max words go to
 * words[], pointing into s.  Returns how many words there are (0 for
 * blank input), or -1 when the syntax is invalid: an empty word, an
 * unclosed quote, anything but sep after a word.
 */
int exec_split_identifiers(char *s, char sep, bool fold, char **words, int max);

/* Every built-in setting, in name order, for SHOW ALL and pg_settings: fn for each. */
void exec_guc_each(exec_gucs *g, void (*fn)(void *arg, const exec_guc_info *info), void *arg);

#endif
