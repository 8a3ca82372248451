/*
 * tz.h - time zones for the date/time types: IANA zones read from the
 * system's tzdata (TZif files under /usr/share/zoneinfo, or $TZDIR), POSIX
 * TZ specifications ("UTC+3", "EST5EDT,M3.2.0,M11.1.0", "<+0330>-3:30")
 * and fixed offsets, answering the two questions the date/time code asks:
 * what is the offset from UTC at this instant, and at which instant does
 * this local time fall.
 *
 * What it does not do: the abbreviations a timestamp literal may carry
 * ("EST", "CEST"), which are datetime.c's table, nor the TimeZone
 * setting's number forms ("-8", "5.5"), which datetime.c parses.
 *
 * Thread safety: zone files are parsed by this module's own reader (no
 * setenv("TZ") or localtime) into immutable data kept for the process's
 * life in a cache behind a mutex, so lookups from any thread are safe and
 * a zone is read once.  Only names that resolve to a TZif file are
 * cached, so the cache is bounded by the tzdata installed.
 *
 * Offsets are in seconds east of UTC (Paris in winter: +3600), the ISO
 * sign; PostgreSQL's own storage of timetz zones is the opposite sign and
 * datetime.c converts.
 */
#ifndef CHRONDB_EXECUTOR_TZ_H
#define CHRONDB_EXECUTOR_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One POSIX rule date: Jn (1..365, no leap day), n (0..365) or Mm.w.d. */
typedef struct exec_tz_when {
	char kind; /* 'J', 'D' (zero-based day of year) or 'M' */
	int16_t day, week, month;
	int32_t secs; /* local time of day of the change, may be negative or past 24h */
} exec_tz_when;

/* A POSIX TZ rule: standard time, and optionally daylight time between two dates. */
typedef struct exec_tz_rule {
	int32_t std_off, dst_off; /* seconds east of UTC */
	bool has_dst;
	exec_tz_when start, end;
	char std_abbr[16], dst_abbr[16];
} exec_tz_rule;

typedef struct tz_file tz_file; /* tz.c: a parsed TZif file, cached */

/*
 * A zone, small enough to pass by value: a cached file (NULL for a zone
 * that is only a rule) and the rule that applies after the file's last
 * transition, or always when there is no file.
 */
typedef struct exec_tz {
	const tz_file *file;
	exec_tz_rule rule;
} exec_tz;

/*
 * The zone a name gives, as PostgreSQL's TimeZone setting and AT TIME
 * ZONE read it: a tzdata zone name matched without regard to case
 * ("Europe/Paris", "utc", "EST"), else a POSIX specification, whose
 * offsets count west of UTC ("UTC+3" is three hours behind UTC, "+05:30"
 * five and a half).  false when neither.
 */
bool exec_tz_lookup(const char *name, size_t len, exec_tz *out);

/* A zone that is always off seconds east of UTC (abbreviated "" ). */
void exec_tz_fixed(int32_t off, exec_tz *out);

/*
 * The offset east of UTC in effect at t (seconds since 1970-01-01 UTC);
 * *isdst and *abbrev (borrowed: from the cache or from tz itself) when
 * not NULL.
 */
int32_t exec_tz_offset_at(const exec_tz *tz, int64_t t, bool *isdst, const char **abbrev);

/*
 * The offset to subtract from a local time (seconds since 1970-01-01 as
 * read on the wall) to get UTC, with PostgreSQL's choice for a local time
 * that a transition skips (the offset before it: 02:30 on a spring-forward
 * night is read in standard time) or repeats (the offset after it: 02:30 on
 * a fall-back night is the second one).
 */
int32_t exec_tz_offset_local(const exec_tz *tz, int64_t local);

#endif
