/*
 * datetime.h - the date and time types: date (1082), time (1083), timetz
 * (1266), timestamp (1114), timestamptz (1184) and interval (1186), and
 * the calendar helpers other modules use.
 *
 * Representation (value.h's union), as PostgreSQL's binary format:
 *
 *   date         v.i: days since 2000-01-01; EXEC_DATE_NOBEGIN/NOEND for
 *                -infinity/infinity (INT32_MIN/INT32_MAX, as PostgreSQL)
 *   time         v.i: microseconds since midnight, 0 to 24:00:00
 *   timetz       v.timetz: microseconds since midnight and the zone in
 *                seconds west of UTC (PostgreSQL's sign: +05:30 is -19800)
 *   timestamp    v.i: microseconds since 2000-01-01 00:00:00, as read on
 *                the wall; timestamptz the same instant counted in UTC;
 *                EXEC_TS_NOBEGIN/NOEND (INT64_MIN/INT64_MAX) the infinities
 *   interval     v.iv: months, days and microseconds, kept apart because
 *                a month and a day have no fixed length
 *
 * Dates are proleptic Gregorian with astronomical years (year 0 is 1 BC),
 * from 4714-11-24 BC to 5874897-12-31 for dates and to 294276-12-31 for
 * timestamps, as PostgreSQL.  Text follows the session's DateStyle
 * (exec_ctx.date_style and date_order: ISO, SQL, Postgres or German
 * output; MDY, DMY or YMD for input that does not say) and IntervalStyle
 * postgres; timestamptz is shown in the session's TimeZone
 * (exec_ctx.timezone, read with datetime.c's PostgreSQL rules: a number
 * is hours east, "+05:30" or "UTC+3" a POSIX zone counted west, or a
 * tzdata name).
 *
 * The SQL keywords CURRENT_DATE, CURRENT_TIME[(p)], CURRENT_TIMESTAMP[(p)],
 * LOCALTIME[(p)] and LOCALTIMESTAMP[(p)] are functions of this module of
 * the same names (as PostgreSQL 16's pg_proc has them): the analyzer maps
 * the keyword to the function, with the precision as an int4 argument.
 */
#ifndef CHRONDB_EXECUTOR_DATETIME_H
#define CHRONDB_EXECUTOR_DATETIME_H

#include <stdbool.h>
#include <stdint.h>

#include "func.h"
#include "tz.h"

#define EXEC_DATE_NOBEGIN INT32_MIN
#define EXEC_DATE_NOEND   INT32_MAX
#define EXEC_TS_NOBEGIN   INT64_MIN
#define EXEC_TS_NOEND     INT64_MAX

#define EXEC_USECS_PER_SEC INT64_C(1000000)

/* Now, in microseconds since 2000-01-01 UTC: the executor's clock. */
int64_t exec_clock_now(void);

/*
 * Whether a date (days since 2000-01-01) or a timestamp (microseconds)
 * is one PostgreSQL can hold: within its range, or an infinity.
 */
bool exec_date_valid(int64_t d);
bool exec_timestamp_valid(int64_t t);

/* Days since 2000-01-01 of year y (0 = 1 BC), month m (1-12), day d; any y in range. */
int64_t exec_date_from_ymd(int64_t y, int m, int d);

/* The inverse of exec_date_from_ymd. */
void exec_date_to_ymd(int64_t days, int64_t *y, int *m, int *d);

/*
 * The zone a TimeZone setting names, with PostgreSQL's reading of it (see
 * above); false when it names none, which is how SET TIME ZONE validates
 * a value (PostgreSQL: 22023 'invalid value for parameter "TimeZone"').
 */
bool exec_timezone_setting(const char *setting, exec_tz *out);

/*
 * A DateStyle setting in its canonical form ("SQL, DMY", as guc.c writes
 * it) into cx's date_style and date_order; anything else leaves the
 * default, ISO and MDY.
 */
void exec_datestyle_read(const char *setting, exec_ctx *cx);

/*
 * The text PostgreSQL shows for a timestamp (with_tz false) or a
 * timestamptz in the zone tz (ISO style, "2024-01-31 12:34:56.789+01");
 * the JSON and wire modules use this for their own formats.
 */
void exec_timestamp_out(int64_t ts, bool with_tz, const exec_tz *tz, store_buf *buf);

#endif
