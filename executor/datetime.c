/*
 * datetime.c - the date/time family: date, time, timetz, timestamp,
 * timestamptz and interval (datetime.h gives their representation), their
 * text forms, typmods, casts, operators and functions, to_char and its
 * inverses, and sum/avg of interval.
 *
 * What it does not do: time zone files and POSIX rules (tz.c), numbers
 * (numeric.c builds extract's results), and min/max (agg.c).
 *
 * Design.  Input follows PostgreSQL's two stages: a tokenizer splits the
 * text into typed fields (numbers, words, dates, times, signed offsets),
 * then a decoder settles what each field is from what came before and
 * from DateStyle's field order.  Output follows DateStyle's style (ISO,
 * SQL, Postgres, German) and field order, and IntervalStyle postgres.
 * Calendar arithmetic goes through broken-down fields (dt_tm) with
 * astronomical years, and month arithmetic clamps to the month's end, as
 * PostgreSQL does.  Every zone question goes to tz.c with the session's
 * TimeZone, read on each call from exec_ctx (tz.c caches the files).
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "datetime.h"
#include "numeric.h"

#define USECS_PER_DAY    EXEC_USECS_PER_DAY
#define USECS_PER_HOUR   INT64_C(3600000000)
#define USECS_PER_MINUTE INT64_C(60000000)
#define USECS_PER_SEC    EXEC_USECS_PER_SEC
#define SECS_PER_DAY     86400
#define DAYS_PER_MONTH   30
#define MONTHS_PER_YEAR  12

/* PostgreSQL's ranges: Julian day 0 (4714-11-24 BC) to the end dates below. */
#define POSTGRES_EPOCH_JDATE 2451545 /* Julian day of 2000-01-01 */
#define UNIX_EPOCH_JDATE     2440588
#define DATE_END_JULIAN      2147483494 /* 5874898-01-01 */
#define TIMESTAMP_END_JULIAN 109203528  /* 294277-01-01 */
#define MIN_TIMESTAMP        INT64_C(-211813488000000000)
#define END_TIMESTAMP        INT64_C(9223371331200000000) /* 294277-01-01 */
#define UNIX_EPOCH_USECS     (INT64_C(-10957) * USECS_PER_DAY)

#define TS_FINITE(t)   ((t) != EXEC_TS_NOBEGIN && (t) != EXEC_TS_NOEND)
#define DATE_FINITE(d) ((d) != EXEC_DATE_NOBEGIN && (d) != EXEC_DATE_NOEND)

/* ---- the calendar ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* Days from 2000-01-01, by Hinnant's days-from-civil on 400-year eras. */
int64_t exec_date_from_ymd(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468 - EXEC_EPOCH_DAYS;
}

void exec_date_to_ymd(int64_t days, int64_t *y, int *m, int *d)
{
	int64_t z = days + EXEC_EPOCH_DAYS + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return mdays[m - 1] + (m == 2 && is_leap(y));
}

/* PostgreSQL's IS_VALID_JULIAN: from 4714-11-01 BC up to 5874898-06-01. */
static bool julian_ok(int64_t y, int m)
{
	return (y > -4713 || (y == -4713 && m >= 11)) && (y < 5874898 || (y == 5874898 && m < 6));
}

static bool date_ok(int64_t d)
{
	return d >= -POSTGRES_EPOCH_JDATE && d < DATE_END_JULIAN - POSTGRES_EPOCH_JDATE;
}

static bool ts_ok(int64_t t)
{
	return t >= MIN_TIMESTAMP && t < END_TIMESTAMP;
}

bool exec_date_valid(int64_t d)
{
	return d == EXEC_DATE_NOBEGIN || d == EXEC_DATE_NOEND || date_ok(d);
}

bool exec_timestamp_valid(int64_t t)
{
	return t == EXEC_TS_NOBEGIN || t == EXEC_TS_NOEND || ts_ok(t);
}

/* 0 = Sunday. */
static int day_of_week(int64_t days)
{
	return (int)(((days + 6) % 7 + 7) % 7);
}

/* Broken-down time: astronomical year, 1-based month and day. */
typedef struct dt_tm {
	int64_t year;
	int mon, mday;
	int64_t hour; /* an interval's hours may pass 24 */
	int min, sec;
	int64_t usec;
} dt_tm;

/* Wall-clock microseconds since 2000-01-01 of tm (no range check). */
static int64_t tm_to_local(const dt_tm *tm)
{
	int64_t days = exec_date_from_ymd(tm->year, tm->mon, tm->mday);

	return days * USECS_PER_DAY + ((tm->hour * 60 + tm->min) * 60 + tm->sec) * USECS_PER_SEC +
	       tm->usec;
}

static void local_to_tm(int64_t t, dt_tm *tm)
{
	int64_t days = floor_div(t, USECS_PER_DAY);
	int64_t rest = t - days * USECS_PER_DAY;

	exec_date_to_ymd(days, &tm->year, &tm->mon, &tm->mday);
	tm->hour = rest / USECS_PER_HOUR;
	rest -= tm->hour * USECS_PER_HOUR;
	tm->min = (int)(rest / USECS_PER_MINUTE);
	rest -= tm->min * USECS_PER_MINUTE;
	tm->sec = (int)(rest / USECS_PER_SEC);
	tm->usec = rest - tm->sec * USECS_PER_SEC;
}

/* ISO 8601 week-numbering: the Monday starting week 1 of the ISO year y. */
static int64_t iso_year_start(int64_t y)
{
	int64_t jan4 = exec_date_from_ymd(y, 1, 4);
	int wd = (day_of_week(jan4) + 6) % 7; /* Monday 0 */

	return jan4 - wd;
}

static void iso_week(int64_t days, int64_t *iso_year, int *week)
{
	int64_t y, start;
	int m, d;

	exec_date_to_ymd(days, &y, &m, &d);
	start = iso_year_start(y + 1);
	if (days >= start) {
		y++;
	} else {
		start = iso_year_start(y);
		if (days < start) {
			y--;
			start = iso_year_start(y);
		}
	}
	*iso_year = y;
	*week = (int)((days - start) / 7 + 1);
}

/* ---- zones ---- */

static int64_t unix_secs(int64_t t)
{
	return floor_div(t, USECS_PER_SEC) + (int64_t)EXEC_EPOCH_DAYS * SECS_PER_DAY;
}

/*
 * The session's TimeZone as PostgreSQL reads it: a plain number is hours
 * east of UTC (SET TIME ZONE -8), anything else a zone name or POSIX
 * specification for tz.c.
 */
bool exec_timezone_setting(const char *setting, exec_tz *out)
{
	char *end;
	double hours;

	if (setting == NULL || setting[0] == '\0')
		return false;
	errno = 0;
	hours = strtod(setting, &end);
	if (end != setting && *end == '\0' && errno == 0 && isdigit((unsigned char)end[-1])) {
		int32_t east = (int32_t)lrint(hours * 3600), a = east < 0 ? -east : east;
		char *ab = out->rule.std_abbr;
		size_t absz = sizeof(out->rule.std_abbr);

		if (fabs(hours) > 15 * 24)
			return false;
		exec_tz_fixed(east, out);

		/* Abbreviated as PostgreSQL's pg_tzset_offset names it: "+05", "-03:30". */
		snprintf(ab, absz, "%c%02d", east >= 0 ? '+' : '-', (int)(a / 3600));
		if (a % 3600 != 0)
			snprintf(ab + strlen(ab), absz - strlen(ab), ":%02d", (int)(a % 3600 / 60));
		if (a % 60 != 0)
			snprintf(ab + strlen(ab), absz - strlen(ab), ":%02d", (int)(a % 60));
		return true;
	}
	return exec_tz_lookup(setting, strlen(setting), out);
}

/* The session's zone; UTC when the setting names none (SET validates it first). */
static void session_zone(const exec_ctx *cx, exec_tz *tz)
{
	if (!exec_timezone_setting(cx->timezone != NULL ? cx->timezone : "UTC", tz))
		exec_tz_fixed(0, tz);
}

/* Offset east of UTC at instant t (microseconds since 2000 UTC). */
static int32_t zone_at(const exec_tz *tz, int64_t t, const char **abbrev)
{
	return exec_tz_offset_at(tz, unix_secs(t), NULL, abbrev);
}

/* Offset east to subtract from wall-clock time t to reach UTC (PostgreSQL's DST choices). */
static int32_t zone_local(const exec_tz *tz, int64_t t)
{
	return exec_tz_offset_local(tz, unix_secs(t));
}

/* ---- errors ---- */

/* What the decoder reports; the caller turns it into PostgreSQL's message for its type. */
enum {
	DTERR_BAD_FORMAT = -1,
	DTERR_FIELD_OVERFLOW = -2,
	DTERR_MD_FIELD_OVERFLOW = -3, /* with the DateStyle hint */
	DTERR_INTERVAL_OVERFLOW = -4,
	DTERR_TZDISP_OVERFLOW = -5,
	DTERR_BAD_ZONE = -6,
};

static int parse_error(exec_ctx *cx, int dterr, const char *s, size_t len, const char *type)
{
	int n = (int)len;

	switch (dterr) {
	case DTERR_FIELD_OVERFLOW:
		return store_err_set(
			cx->err, "22008", "date/time field value out of range: \"%.*s\"", n, s);
	case DTERR_MD_FIELD_OVERFLOW:
		store_err_set(
			cx->err, "22008", "date/time field value out of range: \"%.*s\"", n, s);
		store_err_hint(cx->err, "Perhaps you need a different \"datestyle\" setting.");
		return EXEC_ERROR;
	case DTERR_INTERVAL_OVERFLOW:
		return store_err_set(
			cx->err, "22015", "interval field value out of range: \"%.*s\"", n, s);
	case DTERR_TZDISP_OVERFLOW:
		return store_err_set(
			cx->err, "22009", "time zone displacement out of range: \"%.*s\"", n, s);
	case DTERR_BAD_ZONE:
		return EXEC_ERROR; /* already set: 'time zone "x" not recognized' */
	default:
		return store_err_set(
			cx->err, "22007", "invalid input syntax for type %s: \"%.*s\"", type, n, s);
	}
}

static int range_error(exec_ctx *cx, const char *what)
{
	return store_err_set(cx->err, "22008", "%s out of range", what);
}

static int zone_unknown(exec_ctx *cx, const char *name, size_t len)
{
	return store_err_set(cx->err, "22023", "time zone \"%.*s\" not recognized", (int)len, name);
}

/* ---- tokenizing ---- */

enum { FT_NUMBER, FT_STRING, FT_DATE, FT_TIME, FT_TZ, FT_SPECIAL };

enum { MAX_FIELDS = 25, MAX_DATE_LEN = 128 };

typedef struct dt_fields {
	int n;
	int type[MAX_FIELDS];
	char *text[MAX_FIELDS];
	char buf[MAX_DATE_LEN + MAX_FIELDS];
} dt_fields;

/* The core keywords that are not zone names, so that a following digit does not make a zone. */
static bool core_keyword(const char *w);

/*
 * Split s into fields as PostgreSQL's ParseDateTime does: digits that
 * run into ':' are a time, into '-', '/' or '.' a date (a '.' once only is
 * a number with a fraction), a sign with digits a zone offset (or a signed
 * number), words are lower-cased and run on into a date or zone name when
 * followed by punctuation or digits; spaces and other punctuation only
 * separate.
 */
static int dt_tokenize(const char *s, size_t len, dt_fields *f)
{
	const char *p = s, *end = s + len;
	char *b = f->buf, *bend = f->buf + sizeof(f->buf) - 1;

#define PUT(c)                                                                                     \
	do {                                                                                       \
		if (b >= bend)                                                                     \
			return DTERR_BAD_FORMAT;                                                   \
		*b++ = (char)(c);                                                                  \
	} while (0)
#define LOW(c) tolower((unsigned char)(c))

	f->n = 0;
	while (p < end) {
		int type;

		if (isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		if (f->n >= MAX_FIELDS)
			return DTERR_BAD_FORMAT;
		f->text[f->n] = b;

		if (isdigit((unsigned char)*p)) {
			while (p < end && isdigit((unsigned char)*p))
				PUT(*p++);
			if (p < end && *p == ':') {
				type = FT_TIME;
				while (p < end &&
					(isdigit((unsigned char)*p) || *p == ':' || *p == '.'))
					PUT(*p++);
			} else if (p < end && (*p == '-' || *p == '/' || *p == '.')) {
				char delim = *p;

				PUT(*p++);
				if (p < end && isdigit((unsigned char)*p)) {
					type = delim == '.' ? FT_NUMBER : FT_DATE;
					while (p < end && isdigit((unsigned char)*p))
						PUT(*p++);
					if (p < end && *p == delim) {
						type = FT_DATE;
						PUT(*p++);
						while (p < end &&
							(isdigit((unsigned char)*p) || *p == delim))
							PUT(*p++);
					}
				} else {
					type = FT_DATE;
					while (p < end &&
						(isalnum((unsigned char)*p) || *p == delim))
						PUT(LOW(*p++));
				}
			} else {
				type = FT_NUMBER;
			}
		} else if (*p == '.') {
			PUT(*p++);
			while (p < end && isdigit((unsigned char)*p))
				PUT(*p++);
			type = FT_NUMBER;
		} else if (isalpha((unsigned char)*p)) {
			bool is_date = false;

			type = FT_STRING;
			while (p < end && isalpha((unsigned char)*p))
				PUT(LOW(*p++));
			if (p < end && (*p == '-' || *p == '/' || *p == '.')) {
				is_date = true;
			} else if (p < end && (*p == '+' || isdigit((unsigned char)*p))) {
				*b = '\0';
				is_date = !core_keyword(f->text[f->n]);
			}
			if (is_date) {
				type = FT_DATE;
				do {
					PUT(LOW(*p++));
				} while (p < end && (*p == '+' || *p == '-' || *p == '/' ||
							    *p == '_' || *p == '.' || *p == ':' ||
							    isalnum((unsigned char)*p)));
			}
		} else if (*p == '+' || *p == '-') {
			PUT(*p++);
			while (p < end && isspace((unsigned char)*p))
				p++;
			if (p < end && isdigit((unsigned char)*p)) {
				type = FT_TZ;
				while (p < end && (isdigit((unsigned char)*p) || *p == ':' ||
							  *p == '.' || *p == '-'))
					PUT(*p++);
			} else if (p < end && isalpha((unsigned char)*p)) {
				type = FT_SPECIAL;
				while (p < end && isalpha((unsigned char)*p))
					PUT(LOW(*p++));
			} else {
				return DTERR_BAD_FORMAT;
			}
		} else if (ispunct((unsigned char)*p)) {
			p++;
			continue;
		} else {
			return DTERR_BAD_FORMAT;
		}
		PUT('\0');
		f->type[f->n++] = type;
	}
	return 0;
#undef PUT
#undef LOW
}

/* ---- keywords ---- */

enum {
	K_RESERV = 1, /* val: R_* */
	K_MONTH,      /* val: 1-12 */
	K_DOW,        /* val: 0-6 */
	K_AMPM,       /* val: 0 AM, 1 PM */
	K_ADBC,       /* val: 0 AD, 1 BC */
	K_ISOTIME,    /* "t": the time follows */
	K_IGNORE,     /* "at", "on" */
	K_TZ,         /* val: seconds east */
	K_UNITS,      /* val: U_* (interval and extract units) */
	K_AGO,
};

enum { R_EPOCH = 1, R_LATE, R_EARLY, R_NOW, R_TODAY, R_TOMORROW, R_YESTERDAY, R_ZULU };

/* Units, ordered from the smallest (date_trunc relies on the order). */
enum {
	U_MICROSEC = 1,
	U_MILLISEC,
	U_SECOND,
	U_MINUTE,
	U_HOUR,
	U_DAY,
	U_WEEK,
	U_MONTH,
	U_QUARTER,
	U_YEAR,
	U_DECADE,
	U_CENTURY,
	U_MILLENNIUM,
	U_TZ,
	U_TZ_HOUR,
	U_TZ_MINUTE,
	U_DOW,
	U_ISODOW,
	U_DOY,
	U_ISOYEAR,
	U_JULIAN,
	U_EPOCH,
};

typedef struct dt_token {
	const char *word; /* lower case, compared on its first 10 characters as PostgreSQL */
	char kind;
	int val;
} dt_token;

/* Words of date/time input (PostgreSQL's datetktbl, with the zone abbreviations it knows by default). */
static const dt_token date_words[] = {
	{"-infinity", K_RESERV, R_EARLY},
	{"acdt", K_TZ, 37800},
	{"acst", K_TZ, 34200},
	{"ad", K_ADBC, 0},
	{"adt", K_TZ, -10800},
	{"aedt", K_TZ, 39600},
	{"aest", K_TZ, 36000},
	{"akdt", K_TZ, -28800},
	{"akst", K_TZ, -32400},
	{"allballs", K_RESERV, R_ZULU},
	{"am", K_AMPM, 0},
	{"apr", K_MONTH, 4},
	{"april", K_MONTH, 4},
	{"ast", K_TZ, -14400},
	{"at", K_IGNORE, 0},
	{"aug", K_MONTH, 8},
	{"august", K_MONTH, 8},
	{"awst", K_TZ, 28800},
	{"bc", K_ADBC, 1},
	{"bst", K_TZ, 3600},
	{"cdt", K_TZ, -18000},
	{"cest", K_TZ, 7200},
	{"cet", K_TZ, 3600},
	{"cst", K_TZ, -21600},
	{"d", K_UNITS, U_DAY},
	{"dec", K_MONTH, 12},
	{"december", K_MONTH, 12},
	{"dow", K_UNITS, U_DOW},
	{"doy", K_UNITS, U_DOY},
	{"edt", K_TZ, -14400},
	{"eest", K_TZ, 10800},
	{"eet", K_TZ, 7200},
	{"epoch", K_RESERV, R_EPOCH},
	{"est", K_TZ, -18000},
	{"feb", K_MONTH, 2},
	{"february", K_MONTH, 2},
	{"fri", K_DOW, 5},
	{"friday", K_DOW, 5},
	{"gmt", K_TZ, 0},
	{"h", K_UNITS, U_HOUR},
	{"hkt", K_TZ, 28800},
	{"hst", K_TZ, -36000},
	{"infinity", K_RESERV, R_LATE},
	{"isodow", K_UNITS, U_ISODOW},
	{"isoyear", K_UNITS, U_ISOYEAR},
	{"ist", K_TZ, 7200},
	{"j", K_UNITS, U_JULIAN},
	{"jan", K_MONTH, 1},
	{"january", K_MONTH, 1},
	{"jd", K_UNITS, U_JULIAN},
	{"jst", K_TZ, 32400},
	{"jul", K_MONTH, 7},
	{"julian", K_UNITS, U_JULIAN},
	{"july", K_MONTH, 7},
	{"jun", K_MONTH, 6},
	{"june", K_MONTH, 6},
	{"kst", K_TZ, 32400},
	{"m", K_UNITS, U_MONTH},
	{"mar", K_MONTH, 3},
	{"march", K_MONTH, 3},
	{"may", K_MONTH, 5},
	{"mdt", K_TZ, -21600},
	{"mest", K_TZ, 7200},
	{"met", K_TZ, 3600},
	{"mm", K_UNITS, U_MINUTE},
	{"mon", K_DOW, 1},
	{"monday", K_DOW, 1},
	{"msk", K_TZ, 10800},
	{"mst", K_TZ, -25200},
	{"ndt", K_TZ, -9000},
	{"nov", K_MONTH, 11},
	{"november", K_MONTH, 11},
	{"now", K_RESERV, R_NOW},
	{"nst", K_TZ, -12600},
	{"nzdt", K_TZ, 46800},
	{"nzst", K_TZ, 43200},
	{"oct", K_MONTH, 10},
	{"october", K_MONTH, 10},
	{"on", K_IGNORE, 0},
	{"pdt", K_TZ, -25200},
	{"pm", K_AMPM, 1},
	{"pst", K_TZ, -28800},
	{"s", K_UNITS, U_SECOND},
	{"sat", K_DOW, 6},
	{"saturday", K_DOW, 6},
	{"sep", K_MONTH, 9},
	{"sept", K_MONTH, 9},
	{"september", K_MONTH, 9},
	{"sgt", K_TZ, 28800},
	{"sun", K_DOW, 0},
	{"sunday", K_DOW, 0},
	{"t", K_ISOTIME, 0},
	{"thu", K_DOW, 4},
	{"thur", K_DOW, 4},
	{"thurs", K_DOW, 4},
	{"thursday", K_DOW, 4},
	{"today", K_RESERV, R_TODAY},
	{"tomorrow", K_RESERV, R_TOMORROW},
	{"tue", K_DOW, 2},
	{"tues", K_DOW, 2},
	{"tuesday", K_DOW, 2},
	{"ut", K_TZ, 0},
	{"utc", K_TZ, 0},
	{"wed", K_DOW, 3},
	{"wednesday", K_DOW, 3},
	{"weds", K_DOW, 3},
	{"west", K_TZ, 3600},
	{"wet", K_TZ, 0},
	{"y", K_UNITS, U_YEAR},
	{"yesterday", K_RESERV, R_YESTERDAY},
	{"z", K_TZ, 0},
	{"zulu", K_TZ, 0},
};

/* Units of interval input and of date_part/date_trunc (PostgreSQL's deltatktbl). */
static const dt_token unit_words[] = {
	{"@", K_IGNORE, 0},
	{"ago", K_AGO, 0},
	{"c", K_UNITS, U_CENTURY},
	{"cent", K_UNITS, U_CENTURY},
	{"centuries", K_UNITS, U_CENTURY},
	{"century", K_UNITS, U_CENTURY},
	{"d", K_UNITS, U_DAY},
	{"day", K_UNITS, U_DAY},
	{"days", K_UNITS, U_DAY},
	{"dec", K_UNITS, U_DECADE},
	{"decade", K_UNITS, U_DECADE},
	{"decades", K_UNITS, U_DECADE},
	{"decs", K_UNITS, U_DECADE},
	{"h", K_UNITS, U_HOUR},
	{"hour", K_UNITS, U_HOUR},
	{"hours", K_UNITS, U_HOUR},
	{"hr", K_UNITS, U_HOUR},
	{"hrs", K_UNITS, U_HOUR},
	{"m", K_UNITS, U_MINUTE},
	{"microsecon", K_UNITS, U_MICROSEC},
	{"mil", K_UNITS, U_MILLENNIUM},
	{"millennia", K_UNITS, U_MILLENNIUM},
	{"millennium", K_UNITS, U_MILLENNIUM},
	{"millisecon", K_UNITS, U_MILLISEC},
	{"mils", K_UNITS, U_MILLENNIUM},
	{"min", K_UNITS, U_MINUTE},
	{"mins", K_UNITS, U_MINUTE},
	{"minute", K_UNITS, U_MINUTE},
	{"minutes", K_UNITS, U_MINUTE},
	{"mon", K_UNITS, U_MONTH},
	{"mons", K_UNITS, U_MONTH},
	{"month", K_UNITS, U_MONTH},
	{"months", K_UNITS, U_MONTH},
	{"ms", K_UNITS, U_MILLISEC},
	{"msec", K_UNITS, U_MILLISEC},
	{"msecond", K_UNITS, U_MILLISEC},
	{"mseconds", K_UNITS, U_MILLISEC},
	{"msecs", K_UNITS, U_MILLISEC},
	{"qtr", K_UNITS, U_QUARTER},
	{"quarter", K_UNITS, U_QUARTER},
	{"s", K_UNITS, U_SECOND},
	{"sec", K_UNITS, U_SECOND},
	{"second", K_UNITS, U_SECOND},
	{"seconds", K_UNITS, U_SECOND},
	{"secs", K_UNITS, U_SECOND},
	{"timezone", K_UNITS, U_TZ},
	{"timezone_h", K_UNITS, U_TZ_HOUR},
	{"timezone_m", K_UNITS, U_TZ_MINUTE},
	{"us", K_UNITS, U_MICROSEC},
	{"usec", K_UNITS, U_MICROSEC},
	{"usecond", K_UNITS, U_MICROSEC},
	{"useconds", K_UNITS, U_MICROSEC},
	{"usecs", K_UNITS, U_MICROSEC},
	{"w", K_UNITS, U_WEEK},
	{"week", K_UNITS, U_WEEK},
	{"weeks", K_UNITS, U_WEEK},
	{"y", K_UNITS, U_YEAR},
	{"year", K_UNITS, U_YEAR},
	{"years", K_UNITS, U_YEAR},
	{"yr", K_UNITS, U_YEAR},
	{"yrs", K_UNITS, U_YEAR},
};

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

static int token_cmp(const void *key, const void *elem)
{
	return strncmp((const char *)key, ((const dt_token *)elem)->word, 10);
}

static const dt_token *token_find(const dt_token *table, size_t n, const char *word)
{
	return bsearch(word, table, n, sizeof(*table), token_cmp);
}

static bool core_keyword(const char *w)
{
	const dt_token *t = token_find(date_words, COUNT(date_words), w);

	return t != NULL && t->kind != K_TZ;
}

/* A unit name for date_part/date_trunc/extract: the interval units, then the date words. */
static const dt_token *unit_find(const char *word)
{
	const dt_token *t = token_find(unit_words, COUNT(unit_words), word);

	if (t == NULL || t->kind != K_UNITS)
		t = token_find(date_words, COUNT(date_words), word);
	return t;
}

/* ---- decoding dates and times ---- */

/* Which fields the input has given (PostgreSQL's fmask). */
enum {
	M_YEAR = 1 << 0,
	M_MONTH = 1 << 1,
	M_DAY = 1 << 2,
	M_HOUR = 1 << 3,
	M_MINUTE = 1 << 4,
	M_SECOND = 1 << 5,
	M_TZ = 1 << 6,
	M_DOW = 1 << 7,
	M_AMPM = 1 << 8,
	M_ADBC = 1 << 9,
	M_DOY = 1 << 10,
	M_RESERV = 1 << 11,
};
#define M_DATE (M_YEAR | M_MONTH | M_DAY)
#define M_TIME (M_HOUR | M_MINUTE | M_SECOND)

typedef struct dt_parse {
	dt_tm tm;
	unsigned fmask;
	bool is2digits, bc, text_month, julian;
	int mer;      /* -1: 24-hour clock, 0 AM, 1 PM */
	int special;  /* R_EPOCH, R_LATE, R_EARLY, or 0 */
	bool now;     /* the whole value is the transaction's start */
	bool have_tz; /* tz holds an offset or abbreviation's offset */
	int32_t tz;   /* seconds east */
	bool named;   /* zone holds a named zone, applied once the date is known */
	exec_tz zone;
	int ptype; /* K_ISOTIME or U_JULIAN: how to read the next field */
	int doy;
	exec_date_order order; /* DateStyle's: how to read 01/02/03 */
} dt_parse;

/* "0.789" into microseconds; the whole string must be the fraction. */
static int parse_fraction(const char *s, int64_t *usec)
{
	char *end;
	double frac = strtod(s, &end);

	if (*end != '\0' || end == s)
		return DTERR_BAD_FORMAT;
	*usec = (int64_t)rint(frac * 1000000);
	return 0;
}

/* A run of digits (with an optional fraction) as a date or time: yyyymmdd, yymmdd, hhmmss, hhmm. */
static int decode_number_field(dt_parse *d, char *str, unsigned fmask, unsigned *tmask)
{
	char *dot = strchr(str, '.');
	size_t len;

	if (dot != NULL) {
		int rc = parse_fraction(dot, &d->tm.usec);

		if (rc != 0)
			return rc;
		*dot = '\0';
	} else if ((fmask & M_DATE) != M_DATE && strlen(str) >= 6) {
		len = strlen(str);
		*tmask = M_DATE;
		d->tm.mday = atoi(str + len - 2);
		str[len - 2] = '\0';
		d->tm.mon = atoi(str + len - 4);
		str[len - 4] = '\0';
		d->tm.year = atoll(str);
		if (len - 4 == 2)
			d->is2digits = true;
		return 0;
	}
	len = strlen(str);
	if ((fmask & M_TIME) != M_TIME && (len == 6 || len == 4)) {
		*tmask = M_TIME;
		d->tm.sec = len == 6 ? atoi(str + 4) : 0;
		str[4] = '\0';
		d->tm.min = atoi(str + 2);
		str[2] = '\0';
		d->tm.hour = atoi(str);
		return 0;
	}
	return DTERR_BAD_FORMAT;
}

/*
 * One number of a date: which field it is depends on what is known
 * already, on its length and on DateStyle's field order (PostgreSQL's
 * DecodeNumber): a first number of one or two digits is the month in MDY
 * order, the day in DMY, the year in YMD; three digits or more are a
 * year in any order.
 */
static int decode_number(dt_parse *d, char *str, bool text_month, unsigned fmask, unsigned *tmask)
{
	size_t flen = strlen(str);
	char *cp;
	long val;

	errno = 0;
	val = strtol(str, &cp, 10);
	if (errno == ERANGE || val > INT32_MAX)
		return DTERR_FIELD_OVERFLOW;
	if (cp == str)
		return DTERR_BAD_FORMAT;
	if (*cp == '.') {
		/* more than two digits before the point: a run-together date or time */
		if (cp - str > 2)
			return decode_number_field(d, str, fmask | M_DATE, tmask);
		if (parse_fraction(cp, &d->tm.usec) != 0)
			return DTERR_BAD_FORMAT;
	} else if (*cp != '\0') {
		return DTERR_BAD_FORMAT;
	}

	/* a day of the year after a year */
	if (flen == 3 && (fmask & M_DATE) == M_YEAR && val >= 1 && val <= 366) {
		*tmask = M_DOY | M_MONTH | M_DAY;
		d->doy = (int)val;
		return 0;
	}
	switch (fmask & M_DATE) {
	case 0:
		*tmask = flen >= 3 || d->order == EXEC_DATEORDER_YMD ? M_YEAR
			 : d->order == EXEC_DATEORDER_DMY            ? M_DAY
								     : M_MONTH;
		break;
	case M_YEAR:
		*tmask = M_MONTH;
		break;
	case M_MONTH:
		/* after a month name: MON-DD-YYYY, DD-MON-YYYY, YYYY-MON-DD (YY-MON-DD in YMD) */
		*tmask = text_month && (flen >= 3 || d->order == EXEC_DATEORDER_YMD) ? M_YEAR
										     : M_DAY;
		break;
	case M_YEAR | M_MONTH:
		*tmask = M_DAY;
		if (text_month && flen >= 3 && d->is2digits) {
			/* DD-MON-YYYY: the first number was the day after all */
			d->tm.mday = (int)d->tm.year;
			d->tm.year = val;
			d->is2digits = false;
			return 0;
		}
		break;
	case M_DAY:
		*tmask = M_MONTH;
		break;
	case M_MONTH | M_DAY:
		*tmask = M_YEAR;
		break;
	case M_DATE:
		return decode_number_field(d, str, fmask, tmask);
	default:
		return DTERR_BAD_FORMAT;
	}
	if (*tmask == M_YEAR) {
		d->tm.year = val;
		d->is2digits = flen <= 2;
	} else if (*tmask == M_MONTH) {
		d->tm.mon = (int)val;
	} else {
		d->tm.mday = (int)val;
	}
	return 0;
}

/* A date field: numbers and month names split by punctuation (PostgreSQL's DecodeDate). */
static int decode_date(dt_parse *d, char *str, unsigned *tmask)
{
	char *part[MAX_FIELDS];
	int n = 0;
	unsigned fmask = d->fmask;
	bool text_month = false;

	while (*str != '\0' && n < MAX_FIELDS) {
		while (*str != '\0' && !isalnum((unsigned char)*str))
			str++;
		if (*str == '\0')
			return DTERR_BAD_FORMAT;
		part[n++] = str;
		if (isdigit((unsigned char)*str))
			while (isdigit((unsigned char)*str))
				str++;
		else
			while (isalpha((unsigned char)*str))
				str++;
		if (*str != '\0')
			*str++ = '\0';
	}

	/* Month names first: they are unambiguous. */
	for (int i = 0; i < n; i++) {
		const dt_token *t;

		if (!isalpha((unsigned char)*part[i]))
			continue;
		t = token_find(date_words, COUNT(date_words), part[i]);
		if (t != NULL && t->kind == K_IGNORE) {
			part[i] = NULL;
			continue;
		}
		if (t == NULL || t->kind != K_MONTH || (fmask & M_MONTH))
			return DTERR_BAD_FORMAT;
		d->tm.mon = t->val;
		text_month = true;
		fmask |= M_MONTH;
		*tmask |= M_MONTH;
		part[i] = NULL;
	}
	for (int i = 0; i < n; i++) {
		unsigned dmask = 0;
		int rc;

		if (part[i] == NULL)
			continue;
		rc = decode_number(d, part[i], text_month, fmask, &dmask);
		if (rc != 0)
			return rc;
		if (fmask & dmask)
			return DTERR_BAD_FORMAT;
		fmask |= dmask;
		*tmask |= dmask;
	}
	/* the field must complete the date, with no time before it (as PostgreSQL) */
	if ((fmask & ~(M_DOY | M_TZ)) != M_DATE)
		return DTERR_BAD_FORMAT;
	return 0;
}

/* hh:mm[:ss[.frac]], or mm:ss.frac (PostgreSQL's DecodeTime). */
static int decode_time(dt_parse *d, const char *str, unsigned *tmask)
{
	char *cp;
	long hour, min, sec = 0;

	*tmask = M_TIME;
	d->tm.usec = 0;
	errno = 0;
	hour = strtol(str, &cp, 10);
	if (errno == ERANGE || hour > INT32_MAX)
		return DTERR_FIELD_OVERFLOW;
	if (*cp != ':')
		return DTERR_BAD_FORMAT;
	min = strtol(cp + 1, &cp, 10);
	if (*cp == '.') {
		if (parse_fraction(cp, &d->tm.usec) != 0)
			return DTERR_BAD_FORMAT;
		sec = min;
		min = hour;
		hour = 0;
	} else if (*cp == ':') {
		sec = strtol(cp + 1, &cp, 10);
		if (*cp == '.') {
			if (parse_fraction(cp, &d->tm.usec) != 0)
				return DTERR_BAD_FORMAT;
		} else if (*cp != '\0') {
			return DTERR_BAD_FORMAT;
		}
	} else if (*cp != '\0') {
		return DTERR_BAD_FORMAT;
	}
	if (hour < 0 || min < 0 || min > 59 || sec < 0 || sec > 60 || d->tm.usec < 0 ||
		d->tm.usec > USECS_PER_SEC)
		return DTERR_FIELD_OVERFLOW;
	d->tm.hour = hour;
	d->tm.min = (int)min;
	d->tm.sec = (int)sec;
	return 0;
}

/* Past 24:00:00, field by field and in total (60 seconds and 24:00:00 are allowed). */
static bool time_overflows(int64_t hour, int min, int sec, int64_t usec)
{
	if (hour < 0 || hour > 24 || min < 0 || min >= 60 || sec < 0 || sec > 60 || usec < 0 ||
		usec > USECS_PER_SEC)
		return true;
	return ((hour * 60 + min) * 60 + sec) * USECS_PER_SEC + usec > USECS_PER_DAY;
}

/* [+-]hh[:mm[:ss]] or [+-]hhmm, in seconds east (PostgreSQL's DecodeTimezone). */
static int decode_tz(const char *str, int32_t *east)
{
	long hr, min = 0, sec = 0;
	char *cp;

	if (*str != '+' && *str != '-')
		return DTERR_BAD_FORMAT;
	errno = 0;
	hr = strtol(str + 1, &cp, 10);
	if (errno == ERANGE)
		return DTERR_TZDISP_OVERFLOW;
	if (*cp == ':') {
		min = strtol(cp + 1, &cp, 10);
		if (*cp == ':')
			sec = strtol(cp + 1, &cp, 10);
	} else if (*cp == '\0' && strlen(str) > 3) {
		min = hr % 100;
		hr /= 100;
	}
	if (hr < 0 || hr > 15 || min < 0 || min >= 60 || sec < 0 || sec >= 60)
		return DTERR_TZDISP_OVERFLOW;
	*east = (int32_t)((hr * 60 + min) * 60 + sec);
	if (*str == '-')
		*east = -*east;
	if (*cp != '\0')
		return DTERR_BAD_FORMAT;
	return 0;
}

/* The wall-clock time of the transaction's start in the session's zone. */
static int64_t now_local(exec_ctx *cx)
{
	exec_tz tz;

	session_zone(cx, &tz);
	return cx->tx_start_us + (int64_t)zone_at(&tz, cx->tx_start_us, NULL) * USECS_PER_SEC;
}

/* A word of date/time input: keyword, zone abbreviation or zone name. */
static int decode_word(
	exec_ctx *cx, dt_parse *d, dt_fields *f, int i, bool time_only, unsigned *tmask)
{
	const char *w = f->text[i];
	const dt_token *t = token_find(date_words, COUNT(date_words), w);
	dt_tm today;

	if (t == NULL) {
		/* an all-letters zone name ("Japan", "UTC") */
		if (!exec_tz_lookup(w, strlen(w), &d->zone))
			return DTERR_BAD_FORMAT;
		d->named = true;
		*tmask = M_TZ;
		return 0;
	}
	switch (t->kind) {
	case K_IGNORE:
		return 0;
	case K_RESERV:
		*tmask = M_RESERV;
		switch (t->val) {
		case R_NOW:
			*tmask = time_only ? M_TIME : M_DATE | M_TIME | M_TZ;
			d->now = true;
			local_to_tm(now_local(cx), &d->tm);
			return 0;
		case R_ZULU:
			*tmask = M_TIME | M_TZ;
			d->tm.hour = d->tm.min = d->tm.sec = 0;
			d->tm.usec = 0;
			d->have_tz = true;
			d->tz = 0;
			return 0;
		case R_TODAY:
		case R_TOMORROW:
		case R_YESTERDAY:
			if (time_only)
				return DTERR_BAD_FORMAT;
			*tmask = M_DATE;
			local_to_tm(now_local(cx) + (t->val == R_TOMORROW           ? USECS_PER_DAY
							    : t->val == R_YESTERDAY ? -USECS_PER_DAY
										    : 0),
				&today);
			d->tm.year = today.year;
			d->tm.mon = today.mon;
			d->tm.mday = today.mday;
			d->julian = true; /* a year already astronomical */
			return 0;
		default:
			if (time_only)
				return DTERR_BAD_FORMAT;
			d->special = t->val;
			return 0;
		}
	case K_MONTH:
		*tmask = M_MONTH;
		/* a numeric month already? it was the day */
		if ((d->fmask & M_MONTH) && !d->text_month && !(d->fmask & M_DAY) &&
			d->tm.mon >= 1 && d->tm.mon <= 31) {
			d->tm.mday = d->tm.mon;
			*tmask = M_DAY;
		}
		d->text_month = true;
		d->tm.mon = t->val;
		return 0;
	case K_DOW:
		*tmask = M_DOW;
		return 0;
	case K_AMPM:
		*tmask = M_AMPM;
		d->mer = t->val;
		return 0;
	case K_ADBC:
		*tmask = M_ADBC;
		d->bc = t->val == 1;
		return 0;
	case K_TZ:
		*tmask = M_TZ;
		d->have_tz = true;
		d->tz = t->val;
		return 0;
	case K_ISOTIME:
		/* "t" between a date and its time */
		if ((!time_only && (d->fmask & M_DATE) != M_DATE) || i + 1 >= f->n ||
			(f->type[i + 1] != FT_NUMBER && f->type[i + 1] != FT_TIME &&
				f->type[i + 1] != FT_DATE))
			return DTERR_BAD_FORMAT;
		d->ptype = K_ISOTIME;
		return 0;
	case K_UNITS:
		if (t->val != U_JULIAN || d->ptype != 0)
			return DTERR_BAD_FORMAT;
		d->ptype = U_JULIAN;
		return 0;
	}
	return DTERR_BAD_FORMAT;
}

/* A number of a timestamp or date (PostgreSQL's DecodeDateTime, DTK_NUMBER). */
static int decode_dt_number(dt_parse *d, char *str, unsigned *tmask)
{
	size_t flen = strlen(str);
	char *dot = strchr(str, '.');

	if (dot != NULL && !(d->fmask & M_DATE))
		return decode_date(d, str, tmask);
	if (dot != NULL && (size_t)(dot - str) > 2)
		return decode_number_field(d, str, d->fmask, tmask);
	if (flen >= 6 && (!(d->fmask & M_DATE) || !(d->fmask & M_TIME)))
		return decode_number_field(d, str, d->fmask, tmask);
	return decode_number(d, str, d->text_month, d->fmask, tmask);
}

/* A number of a time (PostgreSQL's DecodeTimeOnly, DTK_NUMBER). */
static int decode_time_number(dt_parse *d, dt_fields *f, int i, unsigned *tmask)
{
	char *str = f->text[i];
	char *dot = strchr(str, '.');
	size_t flen = strlen(str);

	if (dot != NULL) {
		if (i == 0 && f->n >= 2 && f->type[f->n - 1] == FT_DATE)
			return decode_date(d, str, tmask);
		if ((size_t)(dot - str) > 2)
			return decode_number_field(d, str, d->fmask | M_DATE, tmask);
		return DTERR_BAD_FORMAT;
	}
	if (flen > 4)
		return decode_number_field(d, str, d->fmask | M_DATE, tmask);
	return decode_number(d, str, false, d->fmask | M_DATE, tmask);
}

/* The number after "t" or "j". */
static int decode_pending(dt_parse *d, char *str, unsigned *tmask)
{
	int ptype = d->ptype;

	d->ptype = 0;
	if (ptype == U_JULIAN) {
		char *cp;
		long j;
		int64_t y;

		errno = 0;
		j = strtol(str, &cp, 10);
		if (errno == ERANGE || j < 0 || j > INT32_MAX)
			return DTERR_FIELD_OVERFLOW;
		exec_date_to_ymd(j - POSTGRES_EPOCH_JDATE, &y, &d->tm.mon, &d->tm.mday);
		d->tm.year = y;
		d->julian = true;
		*tmask = M_DATE;
		if (*cp == '.') {
			double frac = strtod(cp, NULL) * SECS_PER_DAY;

			d->tm.hour = (int64_t)(frac / 3600);
			frac -= (double)d->tm.hour * 3600;
			d->tm.min = (int)(frac / 60);
			frac -= d->tm.min * 60;
			d->tm.sec = (int)frac;
			d->tm.usec = (int64_t)rint((frac - d->tm.sec) * 1000000);
			*tmask |= M_TIME;
		} else if (*cp != '\0') {
			return DTERR_BAD_FORMAT;
		}
		return 0;
	}
	if (decode_number_field(d, str, d->fmask | M_DATE, tmask) != 0 || *tmask != M_TIME)
		return DTERR_BAD_FORMAT;
	return 0;
}

/* hhmmss-zz, a run-together time and zone. */
static int decode_run_together(dt_parse *d, char *str, unsigned *tmask)
{
	char *cp = strchr(str, '-');
	int rc;

	if (cp == NULL)
		cp = strchr(str, '+');
	if (cp == NULL)
		return DTERR_BAD_FORMAT;
	rc = decode_tz(cp, &d->tz);
	if (rc != 0)
		return rc;
	*cp = '\0';
	rc = decode_number_field(d, str, d->fmask, tmask);
	if (rc != 0)
		return rc;
	d->have_tz = true;
	*tmask |= M_TZ;
	return 0;
}

/*
 * Check and settle the year, month and day: BC, two-digit years
 * (1970-2069), day of year, and the day within its month (PostgreSQL's
 * ValidateDate).
 */
static int validate_date(dt_parse *d)
{
	dt_tm *tm = &d->tm;

	if (d->fmask & M_YEAR) {
		if (d->julian) {
			/* already astronomical */
		} else if (d->bc) {
			if (tm->year <= 0)
				return DTERR_FIELD_OVERFLOW;
			tm->year = -(tm->year - 1);
		} else if (d->is2digits) {
			if (tm->year < 0)
				return DTERR_FIELD_OVERFLOW;
			tm->year += tm->year < 70 ? 2000 : tm->year < 100 ? 1900 : 0;
		} else if (tm->year <= 0) {
			return DTERR_FIELD_OVERFLOW;
		}
	}
	if (d->fmask & M_DOY) {
		int64_t days = exec_date_from_ymd(tm->year, 1, 1) + d->doy - 1;

		exec_date_to_ymd(days, &tm->year, &tm->mon, &tm->mday);
	}
	if ((d->fmask & M_MONTH) && (tm->mon < 1 || tm->mon > 12))
		return DTERR_MD_FIELD_OVERFLOW;
	if ((d->fmask & M_DAY) && (tm->mday < 1 || tm->mday > 31))
		return DTERR_MD_FIELD_OVERFLOW;
	if ((d->fmask & M_DATE) == M_DATE && tm->mday > days_in_month(tm->year, tm->mon))
		return DTERR_FIELD_OVERFLOW;
	return 0;
}

/*
 * Decode date/time text into d: a timestamp or date (time_only false) or
 * a time, as PostgreSQL's DecodeDateTime and DecodeTimeOnly.  A zone name
 * that is not found sets the error itself (DTERR_BAD_ZONE).
 */
static int dt_decode(exec_ctx *cx, const char *s, size_t len, bool time_only, dt_parse *d)
{
	dt_fields f;
	int rc = dt_tokenize(s, len, &f);

	memset(d, 0, sizeof(*d));
	d->order = cx->date_order;
	d->mer = -1;
	d->tm.year = 1; /* PostgreSQL's time-only inputs count from year 1 */
	d->tm.mon = 1;
	d->tm.mday = 1;
	if (rc != 0)
		return rc;
	for (int i = 0; i < f.n; i++) {
		char *fld = f.text[i];
		unsigned tmask = 0;

		switch (f.type[i]) {
		case FT_DATE:
			if (d->ptype == U_JULIAN) {
				return DTERR_BAD_FORMAT;
			} else if (time_only ? !(i == 0 && f.n >= 2 &&
						       (f.type[f.n - 1] == FT_DATE ||
							       f.type[1] == FT_TIME))
					     : d->ptype != 0 || (d->fmask & (M_MONTH | M_DAY)) ==
									(M_MONTH | M_DAY)) {
				/* after a date: a zone name, or hhmmss-zz */
				d->ptype = 0;
				if (isdigit((unsigned char)*fld)) {
					rc = decode_run_together(d, fld, &tmask);
				} else if (exec_tz_lookup(fld, strlen(fld), &d->zone)) {
					d->named = true;
					tmask = M_TZ;
				} else {
					zone_unknown(cx, fld, strlen(fld));
					return DTERR_BAD_ZONE;
				}
			} else {
				rc = decode_date(d, fld, &tmask);
			}
			break;
		case FT_TIME:
			if (d->ptype != 0) {
				if (d->ptype != K_ISOTIME)
					return DTERR_BAD_FORMAT;
				d->ptype = 0;
			}
			rc = decode_time(d, fld, &tmask);
			if (rc == 0 && time_overflows(d->tm.hour, d->tm.min, d->tm.sec, d->tm.usec))
				rc = DTERR_FIELD_OVERFLOW;
			break;
		case FT_TZ:
			rc = decode_tz(fld, &d->tz);
			d->have_tz = true;
			tmask = M_TZ;
			break;
		case FT_NUMBER:
			if (d->ptype != 0)
				rc = decode_pending(d, fld, &tmask);
			else if (time_only)
				rc = decode_time_number(d, &f, i, &tmask);
			else
				rc = decode_dt_number(d, fld, &tmask);
			break;
		default:
			rc = decode_word(cx, d, &f, i, time_only, &tmask);
			break;
		}
		if (rc != 0)
			return rc;
		if (tmask & d->fmask)
			return DTERR_BAD_FORMAT;
		d->fmask |= tmask;
	}
	if (d->ptype != 0)
		return DTERR_BAD_FORMAT;

	rc = validate_date(d);
	if (rc != 0)
		return rc;
	if (d->mer != -1 && d->tm.hour > 12)
		return DTERR_FIELD_OVERFLOW;
	if (d->mer == 0 && d->tm.hour == 12)
		d->tm.hour = 0;
	else if (d->mer == 1 && d->tm.hour != 12)
		d->tm.hour += 12;
	if (time_only) {
		if (time_overflows(d->tm.hour, d->tm.min, d->tm.sec, d->tm.usec))
			return DTERR_FIELD_OVERFLOW;
		/* a zone name means nothing without the date it is read on */
		if ((d->fmask & M_TIME) != M_TIME || (d->named && (d->fmask & M_DATE) != M_DATE))
			return DTERR_BAD_FORMAT;
	} else if (d->special == 0 && (d->fmask & M_DATE) != M_DATE) {
		return DTERR_BAD_FORMAT;
	}
	return 0;
}

/* ---- decoding intervals ---- */

/* Interval typmods: PostgreSQL's INTERVAL_TYPMOD(precision, range), or the precision alone. */
enum {
	IM_MONTH = 1 << 1,
	IM_YEAR = 1 << 2,
	IM_DAY = 1 << 3,
	IM_HOUR = 1 << 10,
	IM_MINUTE = 1 << 11,
	IM_SECOND = 1 << 12,
	IM_FULL_RANGE = 0x7FFF,
	IM_FULL_PRECISION = 0xFFFF,
};

static void interval_typmod(int32_t typmod, int *range, int *precision)
{
	*range = IM_FULL_RANGE;
	*precision = IM_FULL_PRECISION;
	if (typmod < 0)
		return;
	if (typmod <= 6) {
		*precision = typmod;
		return;
	}
	*range = (typmod >> 16) & 0x7FFF;
	*precision = typmod & 0xFFFF;
}

/* An interval being read: PostgreSQL's pg_itm_in. */
typedef struct dt_itm {
	int64_t usec;
	int64_t mday, mon, year;
} dt_itm;

static bool add_usec(dt_itm *it, int64_t v, int64_t scale)
{
	int64_t p;

	return !__builtin_mul_overflow(v, scale, &p) &&
	       !__builtin_add_overflow(it->usec, p, &it->usec);
}

/* frac * scale microseconds, rounded to the microsecond. */
static bool add_frac_usec(dt_itm *it, double frac, int64_t scale)
{
	int64_t usec;

	if (frac == 0)
		return true;
	frac *= (double)scale;
	usec = (int64_t)frac;
	frac -= (double)usec;
	if (frac > 0.5)
		usec++;
	else if (frac < -0.5)
		usec--;
	return !__builtin_add_overflow(it->usec, usec, &it->usec);
}

static bool add_frac_days(dt_itm *it, double frac, int scale)
{
	int extra;

	if (frac == 0)
		return true;
	frac *= scale;
	extra = (int)frac;
	it->mday += extra;
	return add_frac_usec(it, frac - extra, USECS_PER_DAY);
}

static bool add_frac_years(dt_itm *it, double frac, int scale)
{
	it->mon += (int64_t)rint(frac * scale * MONTHS_PER_YEAR);
	return true;
}

/* it->field += val * scale, within int32 as PostgreSQL keeps its fields. */
static bool add_i32(int64_t *field, int64_t val, int64_t scale)
{
	int64_t p;

	if (val < INT32_MIN || val > INT32_MAX || __builtin_mul_overflow(val, scale, &p) ||
		__builtin_add_overflow(*field, p, field))
		return false;
	return *field >= INT32_MIN && *field <= INT32_MAX;
}

/* val and fraction fval of a unit into it (PostgreSQL's Adjust* family). */
static bool add_unit(dt_itm *it, int unit, int64_t val, double fval)
{
	switch (unit) {
	case U_MICROSEC:
		return add_usec(it, val, 1) && add_frac_usec(it, fval, 1);
	case U_MILLISEC:
		return add_usec(it, val, 1000) && add_frac_usec(it, fval, 1000);
	case U_SECOND:
		return add_usec(it, val, USECS_PER_SEC) && add_frac_usec(it, fval, USECS_PER_SEC);
	case U_MINUTE:
		return add_usec(it, val, USECS_PER_MINUTE) &&
		       add_frac_usec(it, fval, USECS_PER_MINUTE);
	case U_HOUR:
		return add_usec(it, val, USECS_PER_HOUR) && add_frac_usec(it, fval, USECS_PER_HOUR);
	case U_DAY:
		return add_i32(&it->mday, val, 1) && add_frac_usec(it, fval, USECS_PER_DAY);
	case U_WEEK:
		return add_i32(&it->mday, val, 7) && add_frac_days(it, fval, 7);
	case U_MONTH:
		return add_i32(&it->mon, val, 1) && add_frac_days(it, fval, DAYS_PER_MONTH);
	case U_YEAR:
		return add_i32(&it->year, val, 1) && add_frac_years(it, fval, 1);
	case U_DECADE:
		return add_i32(&it->year, val, 10) && add_frac_years(it, fval, 10);
	case U_CENTURY:
		return add_i32(&it->year, val, 100) && add_frac_years(it, fval, 100);
	case U_MILLENNIUM:
		return add_i32(&it->year, val, 1000) && add_frac_years(it, fval, 1000);
	}
	return false;
}

/* Each unit may be given once; a time field (hh:mm:ss) takes the hour, minute and second. */
static unsigned unit_mask(int unit)
{
	switch (unit) {
	case U_SECOND:
		return M_SECOND;
	case U_MINUTE:
		return M_MINUTE;
	case U_HOUR:
		return M_HOUR;
	default:
		return 1u << (16 + unit);
	}
}

/* hh:mm[:ss[.frac]] (hours unbounded) or mm:ss.frac, into microseconds. */
static int decode_interval_time(const char *str, int range, int64_t *usec)
{
	char *cp;
	long long hour;
	long min, sec = 0;
	int64_t frac = 0, t;

	errno = 0;
	hour = strtoll(str, &cp, 10);
	if (errno == ERANGE)
		return DTERR_FIELD_OVERFLOW;
	if (*cp != ':')
		return DTERR_BAD_FORMAT;
	min = strtol(cp + 1, &cp, 10);
	if (*cp == '\0') {
		if (range == (IM_MINUTE | IM_SECOND)) {
			sec = min;
			min = (long)hour;
			hour = 0;
		}
	} else if (*cp == '.') {
		if (parse_fraction(cp, &frac) != 0)
			return DTERR_BAD_FORMAT;
		sec = min;
		min = (long)hour;
		hour = 0;
	} else if (*cp == ':') {
		sec = strtol(cp + 1, &cp, 10);
		if (*cp == '.') {
			if (parse_fraction(cp, &frac) != 0)
				return DTERR_BAD_FORMAT;
		} else if (*cp != '\0') {
			return DTERR_BAD_FORMAT;
		}
	} else {
		return DTERR_BAD_FORMAT;
	}
	if (hour < 0 || min < 0 || min > 59 || sec < 0 || sec > 60 || frac < 0 ||
		frac > USECS_PER_SEC)
		return DTERR_FIELD_OVERFLOW;
	if (__builtin_mul_overflow((int64_t)hour, USECS_PER_HOUR, &t) ||
		__builtin_add_overflow(t, min * USECS_PER_MINUTE + sec * USECS_PER_SEC + frac, &t))
		return DTERR_FIELD_OVERFLOW;
	*usec = t;
	return 0;
}

/* The unit a bare number stands for under an interval typmod's range. */
static int default_unit(int range)
{
	switch (range) {
	case IM_YEAR:
		return U_YEAR;
	case IM_MONTH:
	case IM_YEAR | IM_MONTH:
		return U_MONTH;
	case IM_DAY:
		return U_DAY;
	case IM_HOUR:
	case IM_DAY | IM_HOUR:
		return U_HOUR;
	case IM_MINUTE:
	case IM_HOUR | IM_MINUTE:
	case IM_DAY | IM_HOUR | IM_MINUTE:
		return U_MINUTE;
	default:
		return U_SECOND;
	}
}

/*
 * PostgreSQL's verbose interval syntax: "number unit" pairs read from the
 * right (so a unit applies to the number before it), times hh:mm:ss with
 * an optional sign ("-1 days +02:03"), years-months "1-2", "@" and "ago".
 */
static int decode_interval(dt_fields *f, int range, dt_itm *it)
{
	unsigned fmask = 0;
	bool is_before = false, pending_unit = false;
	int type = 0; /* the unit of the number to the left; 0: from the range */

	memset(it, 0, sizeof(*it));
	for (int i = f->n - 1; i >= 0; i--) {
		char *fld = f->text[i];
		unsigned tmask = 0;
		int rc;

		switch (f->type[i]) {
		case FT_TZ:
			/* signed hh:mm[:ss]: a time; otherwise a signed number */
			if (strchr(fld + 1, ':') != NULL &&
				decode_interval_time(fld + 1, range, &it->usec) == 0) {
				if (*fld == '-')
					it->usec = -it->usec;
				tmask = M_TIME;
				type = U_DAY;
				pending_unit = false;
				break;
			}
			/* fall through */
		case FT_DATE:
		case FT_NUMBER: {
			char *cp;
			long long val;
			double fval = 0;
			int unit = type != 0 ? type : default_unit(range);

			/* units that interval input does not take */
			if (unit == U_QUARTER || unit > U_MILLENNIUM)
				return DTERR_BAD_FORMAT;

			errno = 0;
			val = strtoll(fld, &cp, 10);
			if (errno == ERANGE)
				return DTERR_FIELD_OVERFLOW;
			if (*cp == '-') {
				/* SQL years-months */
				long months = strtol(cp + 1, &cp, 10);

				if (months < 0 || months >= 12)
					return DTERR_FIELD_OVERFLOW;
				if (*cp != '\0')
					return DTERR_BAD_FORMAT;
				if (*fld == '-')
					months = -months;
				if (__builtin_mul_overflow(val, 12, &val) ||
					__builtin_add_overflow(val, months, &val))
					return DTERR_FIELD_OVERFLOW;
				unit = U_MONTH;
			} else if (*cp == '.') {
				if (cp[1] != '\0') {
					char *end;

					fval = strtod(cp, &end);
					if (*end != '\0')
						return DTERR_BAD_FORMAT;
				}
				if (*fld == '-')
					fval = -fval;
			} else if (*cp != '\0' || cp == fld) {
				return DTERR_BAD_FORMAT;
			}
			if (!add_unit(it, unit, val, fval))
				return DTERR_FIELD_OVERFLOW;
			tmask = unit_mask(unit);
			if (unit == U_HOUR)
				type = U_DAY;
			pending_unit = false;
			break;
		}
		case FT_TIME:
			rc = decode_interval_time(fld, range, &it->usec);
			if (rc != 0)
				return rc;
			tmask = M_TIME;
			type = U_DAY;
			pending_unit = false;
			break;
		default: {
			const dt_token *t;

			if (pending_unit)
				return DTERR_BAD_FORMAT;
			t = token_find(unit_words, COUNT(unit_words), fld);
			if (t == NULL)
				return DTERR_BAD_FORMAT;
			if (t->kind == K_IGNORE)
				continue;
			if (t->kind == K_AGO) {
				is_before = true;
				break;
			}
			type = t->val;
			pending_unit = true;
			break;
		}
		}
		if (tmask & fmask)
			return DTERR_BAD_FORMAT;
		fmask |= tmask;
	}
	if (fmask == 0 || pending_unit)
		return DTERR_BAD_FORMAT;
	if (is_before) {
		it->usec = -it->usec;
		it->mday = -it->mday;
		it->mon = -it->mon;
		it->year = -it->year;
	}
	return 0;
}

/* A number of an ISO 8601 interval: [-]digits[.digits], at least one digit somewhere. */
static int iso_number(const char **pp, int64_t *ipart, double *fpart)
{
	const char *p = *pp, *start;
	int sign = 1;

	*ipart = 0;
	*fpart = 0;
	if (!(isdigit((unsigned char)*p) || *p == '-' || *p == '.'))
		return DTERR_BAD_FORMAT;
	if (*p == '-') {
		sign = -1;
		p++;
	}
	start = p;
	if (isdigit((unsigned char)*p)) {
		char *end;

		errno = 0;
		*ipart = strtoll(p, &end, 10);
		if (errno == ERANGE)
			return DTERR_FIELD_OVERFLOW;
		p = end;
	}
	if (*p == '.') {
		if (isdigit((unsigned char)p[1])) {
			char *end;

			*fpart = strtod(p, &end) * sign;
			p = end;
		} else {
			p++;
			start++;
		}
	}
	if (p == start)
		return DTERR_BAD_FORMAT;
	*ipart *= sign;
	*pp = p;
	return 0;
}

static int iso_width(const char *p)
{
	int n = 0;

	if (*p == '-')
		p++;
	while (isdigit((unsigned char)p[n]))
		n++;
	return n;
}

/*
 * ISO 8601 intervals: PnYnMnWnDTnHnMnS with fractions on any field, and
 * the alternative forms P0001-02-03T04:05:06 and P00010203T040506
 * (PostgreSQL's DecodeISO8601Interval).
 */
static int decode_iso_interval(const char *s, size_t len, dt_itm *it)
{
	char buf[MAX_DATE_LEN + 1];
	const char *p;
	bool datepart = true, havefield = false;

	memset(it, 0, sizeof(*it));
	while (len > 0 && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if (len < 2 || len > MAX_DATE_LEN || s[0] != 'P')
		return DTERR_BAD_FORMAT;
	memcpy(buf, s + 1, len - 1);
	buf[len - 1] = '\0';
	p = buf;
	while (*p != '\0') {
		const char *fieldstart = p;
		int64_t val;
		double fval;
		char unit;
		int rc;

		if (*p == 'T') {
			datepart = false;
			havefield = false;
			p++;
			continue;
		}
		rc = iso_number(&p, &val, &fval);
		if (rc != 0)
			return rc;
		unit = *p;
		if (unit != '\0')
			p++;
		if (datepart) {
			switch (unit) {
			case 'Y':
				if (!add_unit(it, U_YEAR, val, fval))
					return DTERR_FIELD_OVERFLOW;
				break;
			case 'M':
				if (!add_unit(it, U_MONTH, val, fval))
					return DTERR_FIELD_OVERFLOW;
				break;
			case 'W':
				if (!add_unit(it, U_WEEK, val, fval))
					return DTERR_FIELD_OVERFLOW;
				break;
			case 'D':
				if (!add_unit(it, U_DAY, val, fval))
					return DTERR_FIELD_OVERFLOW;
				break;
			case 'T':
			case '\0':
				if (iso_width(fieldstart) == 8 && !havefield) {
					it->year += val / 10000;
					it->mon += (val / 100) % 100;
					it->mday += val % 100;
					if (!add_frac_usec(it, fval, USECS_PER_DAY))
						return DTERR_FIELD_OVERFLOW;
					if (unit == '\0')
						return 0;
					datepart = false;
					havefield = false;
					continue;
				}
				/* fall through */
			case '-':
				/* the extended alternative form: yyyy-mm-dd */
				if (havefield || !add_unit(it, U_YEAR, val, fval))
					return DTERR_BAD_FORMAT;
				if (unit == '\0')
					return 0;
				if (unit == 'T') {
					datepart = false;
					havefield = false;
					continue;
				}
				rc = iso_number(&p, &val, &fval);
				if (rc != 0 || !add_unit(it, U_MONTH, val, fval))
					return rc != 0 ? rc : DTERR_FIELD_OVERFLOW;
				if (*p == '\0')
					return 0;
				if (*p == 'T') {
					datepart = false;
					havefield = false;
					p++;
					continue;
				}
				if (*p != '-')
					return DTERR_BAD_FORMAT;
				p++;
				rc = iso_number(&p, &val, &fval);
				if (rc != 0 || !add_unit(it, U_DAY, val, fval))
					return rc != 0 ? rc : DTERR_FIELD_OVERFLOW;
				if (*p == '\0')
					return 0;
				if (*p == 'T') {
					datepart = false;
					havefield = false;
					p++;
					continue;
				}
				return DTERR_BAD_FORMAT;
			default:
				return DTERR_BAD_FORMAT;
			}
		} else {
			switch (unit) {
			case 'H':
				if (!add_unit(it, U_HOUR, val, fval))
					return DTERR_FIELD_OVERFLOW;
				break;
			case 'M':
				if (!add_unit(it, U_MINUTE, val, fval))
					return DTERR_FIELD_OVERFLOW;
				break;
			case 'S':
				if (!add_unit(it, U_SECOND, val, fval))
					return DTERR_FIELD_OVERFLOW;
				break;
			case '\0':
				if (iso_width(fieldstart) == 6 && !havefield) {
					if (!add_unit(it, U_HOUR, val / 10000, 0) ||
						!add_unit(it, U_MINUTE, (val / 100) % 100, 0) ||
						!add_unit(it, U_SECOND, val % 100, 0) ||
						!add_frac_usec(it, fval, 1))
						return DTERR_FIELD_OVERFLOW;
					return 0;
				}
				/* fall through */
			case ':':
				/* the extended alternative form: hh:mm:ss */
				if (havefield || !add_unit(it, U_HOUR, val, fval))
					return DTERR_BAD_FORMAT;
				if (unit == '\0')
					return 0;
				rc = iso_number(&p, &val, &fval);
				if (rc != 0 || !add_unit(it, U_MINUTE, val, fval))
					return rc != 0 ? rc : DTERR_FIELD_OVERFLOW;
				if (*p == '\0')
					return 0;
				if (*p != ':')
					return DTERR_BAD_FORMAT;
				p++;
				rc = iso_number(&p, &val, &fval);
				if (rc != 0 || !add_unit(it, U_SECOND, val, fval))
					return rc != 0 ? rc : DTERR_FIELD_OVERFLOW;
				if (*p == '\0')
					return 0;
				return DTERR_BAD_FORMAT;
			default:
				return DTERR_BAD_FORMAT;
			}
		}
		havefield = true;
	}
	return 0;
}

/* ---- conversions between fields and values ---- */

/*
 * tm as a timestamp (wall clock, microseconds since 2000), minus off
 * seconds east; false past PostgreSQL's range (its tm2timestamp).
 */
static bool tm_to_ts(const dt_tm *tm, int32_t off, int64_t *out)
{
	int64_t days, time, t;

	if (!julian_ok(tm->year, tm->mon))
		return false;
	days = exec_date_from_ymd(tm->year, tm->mon, tm->mday);
	time = ((tm->hour * 60 + tm->min) * 60 + tm->sec) * USECS_PER_SEC + tm->usec;
	if (__builtin_mul_overflow(days, USECS_PER_DAY, &t) || __builtin_add_overflow(t, time, &t))
		return false;
	t -= (int64_t)off * USECS_PER_SEC;
	if (!ts_ok(t))
		return false;
	*out = t;
	return true;
}

/* The wall-clock timestamp of UTC instant t in zone tz, and the offset used. */
static int64_t ts_to_local(const exec_tz *tz, int64_t t, int32_t *off, const char **abbrev)
{
	int32_t o = zone_at(tz, t, abbrev);

	if (off != NULL)
		*off = o;
	return t + (int64_t)o * USECS_PER_SEC;
}

/* A wall-clock time in zone tz as a UTC instant; false past the range. */
static bool local_to_utc(const exec_tz *tz, int64_t local, int64_t *out)
{
	int64_t t = local - (int64_t)zone_local(tz, local) * USECS_PER_SEC;

	if (!ts_ok(t))
		return false;
	*out = t;
	return true;
}

static int64_t tm_time(const dt_tm *tm)
{
	return ((tm->hour * 60 + tm->min) * 60 + tm->sec) * USECS_PER_SEC + tm->usec;
}

/* ---- text output ---- */

/* English names, for DateStyle Postgres and to_char (which abbreviates them to three letters). */
static const char *const month_names[12] = {"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"};
static const char *const day_names[7] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

static void put_ymd(store_buf *b, int64_t y, int m, int d)
{
	store_buf_printf(b, "%04lld-%02d-%02d", (long long)(y > 0 ? y : 1 - y), m, d);
}

/*
 * A date's day, month and year in a DateStyle other than ISO (PostgreSQL's
 * EncodeDateOnly): SQL "mm/dd/yyyy" ("dd/mm/yyyy" in DMY order), German
 * "dd.mm.yyyy", Postgres "mm-dd-yyyy" ("dd-mm-yyyy" in DMY order).
 */
static void put_dmy(store_buf *b, const exec_ctx *cx, int64_t y, int m, int d)
{
	char sep = cx->date_style == EXEC_DATES_SQL      ? '/'
		   : cx->date_style == EXEC_DATES_GERMAN ? '.'
							 : '-';
	bool dmy = cx->date_style == EXEC_DATES_GERMAN || cx->date_order == EXEC_DATEORDER_DMY;

	store_buf_printf(b, "%02d%c%02d%c%04lld", dmy ? d : m, sep, dmy ? m : d, sep,
		(long long)(y > 0 ? y : 1 - y));
}

/* Seconds with their fraction, trailing zeros dropped (PostgreSQL's AppendSeconds). */
static void put_seconds(store_buf *b, int sec, int64_t usec)
{
	store_buf_printf(b, "%02d", sec);
	if (usec != 0) {
		char frac[24];
		int n;

		snprintf(frac, sizeof(frac), "%06lld", (long long)(usec < 0 ? -usec : usec));
		for (n = 6; n > 0 && frac[n - 1] == '0'; n--)
			;
		store_buf_putc(b, '.');
		store_buf_put(b, frac, (size_t)n);
	}
}

static void put_hms(store_buf *b, int64_t hour, int min, int sec, int64_t usec)
{
	store_buf_printf(b, "%02lld:%02d:", (long long)hour, min);
	put_seconds(b, sec, usec);
}

/* +hh, +hh:mm or +hh:mm:ss for an offset east of UTC. */
static void put_offset(store_buf *b, int32_t east)
{
	int32_t a = east < 0 ? -east : east;

	store_buf_printf(b, "%c%02d", east >= 0 ? '+' : '-', a / 3600);
	if (a % 60 != 0)
		store_buf_printf(b, ":%02d:%02d", a / 60 % 60, a % 60);
	else if (a % 3600 != 0)
		store_buf_printf(b, ":%02d", a / 60 % 60);
}

static void put_date(store_buf *b, int64_t days)
{
	int64_t y;
	int m, d;

	if (days == EXEC_DATE_NOBEGIN || days == EXEC_DATE_NOEND) {
		store_buf_puts(b, days == EXEC_DATE_NOEND ? "infinity" : "-infinity");
		return;
	}
	exec_date_to_ymd(days, &y, &m, &d);
	put_ymd(b, y, m, d);
	if (y <= 0)
		store_buf_puts(b, " BC");
}

/*
 * A timestamp's fields in a DateStyle other than ISO (PostgreSQL's
 * EncodeDateTime): SQL and German put the date as put_dmy does, then the
 * time, then the zone's abbreviation; Postgres "Thu Feb 01 10:20:30 2024
 * UTC" (the day before the month in DMY order).  abbrev NULL: no zone.
 */
static void put_timestamp_styled(
	store_buf *b, const exec_ctx *cx, const dt_tm *tm, const char *abbrev)
{
	if (cx->date_style == EXEC_DATES_POSTGRES) {
		int wday = day_of_week(exec_date_from_ymd(tm->year, tm->mon, tm->mday));

		if (cx->date_order == EXEC_DATEORDER_DMY)
			store_buf_printf(b, "%.3s %02d %.3s ", day_names[wday], tm->mday,
				month_names[tm->mon - 1]);
		else
			store_buf_printf(b, "%.3s %.3s %02d ", day_names[wday],
				month_names[tm->mon - 1], tm->mday);
		put_hms(b, tm->hour, tm->min, tm->sec, tm->usec);
		store_buf_printf(b, " %04lld", (long long)(tm->year > 0 ? tm->year : 1 - tm->year));
	} else {
		put_dmy(b, cx, tm->year, tm->mon, tm->mday);
		store_buf_putc(b, ' ');
		put_hms(b, tm->hour, tm->min, tm->sec, tm->usec);
	}
	if (abbrev != NULL)
		store_buf_printf(b, " %s", abbrev);
	if (tm->year <= 0)
		store_buf_puts(b, " BC");
}

void exec_datestyle_read(const char *setting, exec_ctx *cx)
{
	static const struct {
		const char *word;
		exec_date_style style;
	} styles[] = {{"SQL,", EXEC_DATES_SQL}, {"Postgres,", EXEC_DATES_POSTGRES},
		{"German,", EXEC_DATES_GERMAN}};

	cx->date_style = EXEC_DATES_ISO;
	cx->date_order = EXEC_DATEORDER_MDY;
	if (setting == NULL)
		return;
	for (size_t i = 0; i < COUNT(styles); i++)
		if (strncmp(setting, styles[i].word, strlen(styles[i].word)) == 0)
			cx->date_style = styles[i].style;
	if (strstr(setting, "DMY") != NULL)
		cx->date_order = EXEC_DATEORDER_DMY;
	else if (strstr(setting, "YMD") != NULL)
		cx->date_order = EXEC_DATEORDER_YMD;
}

void exec_timestamp_out(int64_t ts, bool with_tz, const exec_tz *tz, store_buf *buf)
{
	int32_t off = 0;
	dt_tm tm;

	if (!TS_FINITE(ts)) {
		store_buf_puts(buf, ts == EXEC_TS_NOEND ? "infinity" : "-infinity");
		return;
	}
	local_to_tm(with_tz ? ts_to_local(tz, ts, &off, NULL) : ts, &tm);
	put_ymd(buf, tm.year, tm.mon, tm.mday);
	store_buf_putc(buf, ' ');
	put_hms(buf, tm.hour, tm.min, tm.sec, tm.usec);
	if (with_tz)
		put_offset(buf, off);
	if (tm.year <= 0)
		store_buf_puts(buf, " BC");
}

/* An interval's fields as PostgreSQL shows them (interval2itm). */
static void interval_to_tm(const exec_interval *iv, dt_tm *tm)
{
	int64_t t = iv->usecs;

	tm->year = iv->months / MONTHS_PER_YEAR;
	tm->mon = iv->months % MONTHS_PER_YEAR;
	tm->mday = iv->days;
	tm->hour = t / USECS_PER_HOUR;
	t -= tm->hour * USECS_PER_HOUR;
	tm->min = (int)(t / USECS_PER_MINUTE);
	t -= tm->min * USECS_PER_MINUTE;
	tm->sec = (int)(t / USECS_PER_SEC);
	tm->usec = t - tm->sec * USECS_PER_SEC;
}

/* One "n unit" part of an interval; each non-zero part signs the next when negative. */
static void put_interval_part(
	store_buf *b, int64_t v, const char *unit, bool *is_zero, bool *is_before)
{
	if (v == 0)
		return;
	store_buf_printf(b, "%s%s%lld %s%s", *is_zero ? "" : " ", *is_before && v > 0 ? "+" : "",
		(long long)v, unit, v != 1 ? "s" : "");
	*is_before = v < 0;
	*is_zero = false;
}

/* IntervalStyle postgres: "1 year 2 mons 3 days 04:05:06", "-1 days +02:00:00". */
static void put_interval(store_buf *b, const exec_interval *iv)
{
	bool is_zero = true, is_before = false;
	dt_tm tm;

	interval_to_tm(iv, &tm);
	put_interval_part(b, tm.year, "year", &is_zero, &is_before);
	put_interval_part(b, tm.mon, "mon", &is_zero, &is_before);
	put_interval_part(b, tm.mday, "day", &is_zero, &is_before);
	if (is_zero || tm.hour != 0 || tm.min != 0 || tm.sec != 0 || tm.usec != 0) {
		bool minus = tm.hour < 0 || tm.min < 0 || tm.sec < 0 || tm.usec < 0;

		store_buf_printf(b, "%s%s%02lld:%02d:", is_zero ? "" : " ",
			minus       ? "-"
			: is_before ? "+"
				    : "",
			(long long)llabs((long long)tm.hour), abs(tm.min));
		put_seconds(b, abs(tm.sec), tm.usec);
	}
}

/* ---- precision typmods ---- */

/* Round t to precision p (0-6) fractional digits, half away from zero. */
static int64_t round_usecs(int64_t t, int p)
{
	static const int64_t scales[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};
	int64_t s = scales[p];

	return t >= 0 ? (t + s / 2) / s * s : -((-t + s / 2) / s * s);
}

/* Enforce time(p)/timestamp(p) on a finite value; 6 or none leaves it. */
static int64_t apply_precision(int64_t t, int32_t typmod)
{
	if (typmod < 0 || typmod >= 6)
		return t;
	return round_usecs(t, typmod);
}

static int ts_precision(exec_ctx *cx, int64_t *t, int32_t typmod)
{
	if (!TS_FINITE(*t))
		return EXEC_OK;
	*t = apply_precision(*t, typmod);
	if (!ts_ok(*t))
		return range_error(cx, "timestamp");
	return EXEC_OK;
}

/* interval(fields, p): drop the fields below the range, round the seconds. */
static void interval_apply_typmod(exec_interval *iv, int32_t typmod)
{
	int range, precision;

	interval_typmod(typmod, &range, &precision);
	if (range == IM_YEAR) {
		iv->months = iv->months / MONTHS_PER_YEAR * MONTHS_PER_YEAR;
		iv->days = 0;
		iv->usecs = 0;
	} else if (range == IM_MONTH || range == (IM_YEAR | IM_MONTH)) {
		iv->days = 0;
		iv->usecs = 0;
	} else if (range == IM_DAY) {
		iv->usecs = 0;
	} else if (range == IM_HOUR || range == (IM_DAY | IM_HOUR)) {
		iv->usecs = iv->usecs / USECS_PER_HOUR * USECS_PER_HOUR;
	} else if (range == IM_MINUTE || range == (IM_DAY | IM_HOUR | IM_MINUTE) ||
		   range == (IM_HOUR | IM_MINUTE)) {
		iv->usecs = iv->usecs / USECS_PER_MINUTE * USECS_PER_MINUTE;
	}
	if (precision >= 0 && precision < 6)
		iv->usecs = round_usecs(iv->usecs, precision);
}

/* ---- the types' text input ---- */

static exec_value ts_value(exec_oid type, int64_t t)
{
	return exec_int(type, t);
}

static int date_in(exec_ctx *cx, const char *s, size_t len, int32_t typmod, exec_value *out)
{
	dt_parse d;
	int rc = dt_decode(cx, s, len, false, &d);
	int64_t days;

	if (rc != 0)
		return parse_error(cx, rc, s, len, "date");
	if (d.special != 0) {
		days = d.special == R_EPOCH  ? -EXEC_EPOCH_DAYS
		       : d.special == R_LATE ? EXEC_DATE_NOEND
					     : EXEC_DATE_NOBEGIN;
	} else {
		if (!julian_ok(d.tm.year, d.tm.mon))
			return store_err_set(
				cx->err, "22008", "date out of range: \"%.*s\"", (int)len, s);
		days = exec_date_from_ymd(d.tm.year, d.tm.mon, d.tm.mday);
		if (!date_ok(days))
			return store_err_set(
				cx->err, "22008", "date out of range: \"%.*s\"", (int)len, s);
	}
	*out = exec_int(EXEC_OID_DATE, days);
	return EXEC_OK;
}

/* timestamp and timestamptz input: with_tz reads the zone (else ignores it). */
static int ts_in(
	exec_ctx *cx, const char *s, size_t len, int32_t typmod, bool with_tz, exec_value *out)
{
	exec_oid type = with_tz ? EXEC_OID_TIMESTAMPTZ : EXEC_OID_TIMESTAMP;
	dt_parse d;
	int rc = dt_decode(cx, s, len, false, &d);
	int64_t t = 0;

	if (rc != 0)
		return parse_error(
			cx, rc, s, len, with_tz ? "timestamp with time zone" : "timestamp");
	if (d.special != 0) {
		t = d.special == R_EPOCH  ? UNIX_EPOCH_USECS
		    : d.special == R_LATE ? EXEC_TS_NOEND
					  : EXEC_TS_NOBEGIN;
	} else if (d.now) {
		t = with_tz ? cx->tx_start_us : now_local(cx);
	} else {
		int64_t local;
		int32_t off = 0;

		if (!tm_to_ts(&d.tm, 0, &local))
			return store_err_set(
				cx->err, "22008", "timestamp out of range: \"%.*s\"", (int)len, s);
		if (with_tz) {
			exec_tz tz;

			if (d.named) {
				off = zone_local(&d.zone, local);
			} else if (d.have_tz) {
				off = d.tz;
			} else {
				session_zone(cx, &tz);
				off = zone_local(&tz, local);
			}
		}
		if (!tm_to_ts(&d.tm, off, &t))
			return store_err_set(
				cx->err, "22008", "timestamp out of range: \"%.*s\"", (int)len, s);
	}
	if (ts_precision(cx, &t, typmod) != EXEC_OK)
		return EXEC_ERROR;
	*out = ts_value(type, t);
	return EXEC_OK;
}

static int timestamp_in(exec_ctx *cx, const char *s, size_t len, int32_t typmod, exec_value *out)
{
	return ts_in(cx, s, len, typmod, false, out);
}

static int timestamptz_in(exec_ctx *cx, const char *s, size_t len, int32_t typmod, exec_value *out)
{
	return ts_in(cx, s, len, typmod, true, out);
}

/* time and timetz input: with_tz keeps the zone (else ignores it). */
static int time_in_common(
	exec_ctx *cx, const char *s, size_t len, int32_t typmod, bool with_tz, exec_value *out)
{
	dt_parse d;
	int rc = dt_decode(cx, s, len, true, &d);
	int64_t t = 0;

	if (rc != 0)
		return parse_error(cx, rc, s, len, with_tz ? "time with time zone" : "time");
	t = apply_precision(tm_time(&d.tm), typmod);
	if (!with_tz) {
		*out = exec_int(EXEC_OID_TIME, t);
		return EXEC_OK;
	}
	out->type = EXEC_OID_TIMETZ;
	out->isnull = false;
	out->v.timetz.usecs = t;
	if (d.have_tz && !d.named) {
		out->v.timetz.zone = -d.tz;
	} else {
		/* a zone name or the session's: its offset on the date given, else today */
		exec_tz tz;
		dt_tm day = d.tm;
		int64_t local;

		if (d.named)
			tz = d.zone;
		else
			session_zone(cx, &tz);
		if ((d.fmask & M_DATE) != M_DATE) {
			local_to_tm(now_local(cx), &day);
			day.hour = d.tm.hour;
			day.min = d.tm.min;
			day.sec = d.tm.sec;
			day.usec = d.tm.usec;
		}
		local = tm_to_local(&day);
		out->v.timetz.zone = -zone_local(&tz, local);
	}
	return EXEC_OK;
}

static int time_in(exec_ctx *cx, const char *s, size_t len, int32_t typmod, exec_value *out)
{
	return time_in_common(cx, s, len, typmod, false, out);
}

static int timetz_in(exec_ctx *cx, const char *s, size_t len, int32_t typmod, exec_value *out)
{
	return time_in_common(cx, s, len, typmod, true, out);
}

/* The interval's fields, checked for int32 months and days. */
static bool itm_to_interval(const dt_itm *it, exec_interval *iv)
{
	int64_t months;

	if (__builtin_mul_overflow(it->year, MONTHS_PER_YEAR, &months) ||
		__builtin_add_overflow(months, it->mon, &months) || months > INT32_MAX ||
		months < INT32_MIN || it->mday > INT32_MAX || it->mday < INT32_MIN)
		return false;
	iv->months = (int32_t)months;
	iv->days = (int32_t)it->mday;
	iv->usecs = it->usec;
	return true;
}

static int interval_in(exec_ctx *cx, const char *s, size_t len, int32_t typmod, exec_value *out)
{
	dt_fields f;
	dt_itm it;
	int range, precision;
	int rc = dt_tokenize(s, len, &f);

	interval_typmod(typmod, &range, &precision);
	if (rc == 0)
		rc = decode_interval(&f, range, &it);
	if (rc == DTERR_BAD_FORMAT)
		rc = decode_iso_interval(s, len, &it);
	if (rc != 0)
		return parse_error(cx, rc == DTERR_FIELD_OVERFLOW ? DTERR_INTERVAL_OVERFLOW : rc, s,
			len, "interval");
	out->type = EXEC_OID_INTERVAL;
	out->isnull = false;
	if (!itm_to_interval(&it, &out->v.iv))
		return range_error(cx, "interval");
	interval_apply_typmod(&out->v.iv, typmod);
	return EXEC_OK;
}

/* ---- the types' text output ---- */

static int date_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	int64_t y;
	int m, d;

	if (cx->date_style == EXEC_DATES_ISO || v->v.i == EXEC_DATE_NOBEGIN ||
		v->v.i == EXEC_DATE_NOEND) {
		put_date(buf, v->v.i);
		return EXEC_OK;
	}
	exec_date_to_ymd(v->v.i, &y, &m, &d);
	put_dmy(buf, cx, y, m, d);
	if (y <= 0)
		store_buf_puts(buf, " BC");
	return EXEC_OK;
}

static int time_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	dt_tm tm;

	local_to_tm(v->v.i, &tm);
	put_hms(buf, v->v.i == USECS_PER_DAY ? 24 : tm.hour, tm.min, tm.sec, tm.usec);
	return EXEC_OK;
}

static int timetz_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	exec_value t = exec_int(EXEC_OID_TIME, v->v.timetz.usecs);

	time_out(cx, &t, buf);
	put_offset(buf, -v->v.timetz.zone);
	return EXEC_OK;
}

static int timestamp_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	dt_tm tm;

	if (cx->date_style == EXEC_DATES_ISO || !TS_FINITE(v->v.i)) {
		exec_timestamp_out(v->v.i, false, NULL, buf);
		return EXEC_OK;
	}
	local_to_tm(v->v.i, &tm);
	put_timestamp_styled(buf, cx, &tm, NULL);
	return EXEC_OK;
}

/* Other styles than ISO name the zone by its abbreviation ("UTC", "-03"), not its offset. */
static int timestamptz_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	const char *abbrev = NULL;
	exec_tz tz;
	dt_tm tm;

	session_zone(cx, &tz);
	if (cx->date_style == EXEC_DATES_ISO || !TS_FINITE(v->v.i)) {
		exec_timestamp_out(v->v.i, true, &tz, buf);
		return EXEC_OK;
	}
	local_to_tm(ts_to_local(&tz, v->v.i, NULL, &abbrev), &tm);
	put_timestamp_styled(buf, cx, &tm, abbrev != NULL ? abbrev : "");
	return EXEC_OK;
}

static int interval_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	put_interval(buf, &v->v.iv);
	return EXEC_OK;
}

/* ---- order and hashing ---- */

static int cmp_i64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

static uint64_t mix64(uint64_t h)
{
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return h;
}

static int scalar_cmp(const exec_value *a, const exec_value *b)
{
	return cmp_i64(a->v.i, b->v.i);
}

static uint64_t scalar_hash(const exec_value *v)
{
	return mix64((uint64_t)v->v.i);
}

/* timetz: by the UTC instant, then by zone, so that only equal time and zone are equal. */
static int timetz_cmp(const exec_value *a, const exec_value *b)
{
	int64_t ta = a->v.timetz.usecs + (int64_t)a->v.timetz.zone * USECS_PER_SEC;
	int64_t tb = b->v.timetz.usecs + (int64_t)b->v.timetz.zone * USECS_PER_SEC;
	int c = cmp_i64(ta, tb);

	return c != 0 ? c : cmp_i64(a->v.timetz.zone, b->v.timetz.zone);
}

static uint64_t timetz_hash(const exec_value *v)
{
	return mix64((uint64_t)v->v.timetz.usecs ^ mix64((uint64_t)(uint32_t)v->v.timetz.zone));
}

/* An interval's length with a month as 30 days, as PostgreSQL orders (and equates) them. */
static __int128 interval_span(const exec_interval *iv)
{
	return (__int128)iv->usecs +
	       ((__int128)iv->months * DAYS_PER_MONTH + iv->days) * USECS_PER_DAY;
}

static int interval_cmp(const exec_value *a, const exec_value *b)
{
	__int128 x = interval_span(&a->v.iv), y = interval_span(&b->v.iv);

	return (x > y) - (x < y);
}

/* '1 mon', '30 days' and '720:00:00' are equal, so they hash alike. */
static uint64_t interval_hash(const exec_value *v)
{
	__int128 s = interval_span(&v->v.iv);

	return mix64((uint64_t)s ^ mix64((uint64_t)(s >> 64)));
}

/* ---- typmod coercion (the self-casts time(p), timestamp(p), interval(...)) ---- */

static int time_coerce(
	exec_ctx *cx, const exec_value *in, int32_t typmod, bool explicit_cast, exec_value *out)
{
	*out = *in;
	if (in->type == EXEC_OID_TIMETZ)
		out->v.timetz.usecs = apply_precision(in->v.timetz.usecs, typmod);
	else
		out->v.i = apply_precision(in->v.i, typmod);
	return EXEC_OK;
}

static int ts_coerce(
	exec_ctx *cx, const exec_value *in, int32_t typmod, bool explicit_cast, exec_value *out)
{
	*out = *in;
	return ts_precision(cx, &out->v.i, typmod);
}

static int interval_coerce(
	exec_ctx *cx, const exec_value *in, int32_t typmod, bool explicit_cast, exec_value *out)
{
	*out = *in;
	interval_apply_typmod(&out->v.iv, typmod);
	return EXEC_OK;
}

/* ---- calendar arithmetic ---- */

static exec_value interval_value(exec_interval iv)
{
	exec_value v;

	v.type = EXEC_OID_INTERVAL;
	v.isnull = false;
	v.v.iv = iv;
	return v;
}

/* Move tm by months, the day clamped to the new month's end (Jan 31 + 1 month = Feb 29). */
static void tm_add_months(dt_tm *tm, int64_t months)
{
	int64_t total = tm->year * MONTHS_PER_YEAR + (tm->mon - 1) + months;

	tm->year = floor_div(total, MONTHS_PER_YEAR);
	tm->mon = (int)(total - tm->year * MONTHS_PER_YEAR) + 1;
	if (tm->mday > days_in_month(tm->year, tm->mon))
		tm->mday = days_in_month(tm->year, tm->mon);
}

/*
 * t + iv: months, then days, on the wall clock (of zone tz for a
 * timestamptz, so that a day is a calendar day across a DST change), then
 * the microseconds (PostgreSQL's timestamp[tz]_pl_interval).
 */
static int ts_add_interval(
	exec_ctx *cx, int64_t t, const exec_interval *iv, const exec_tz *tz, int64_t *out)
{
	dt_tm tm;
	int64_t local;

	if (!TS_FINITE(t)) {
		*out = t;
		return EXEC_OK;
	}
	for (int step = 0; step < 2; step++) {
		int32_t n = step == 0 ? iv->months : iv->days;

		if (n == 0)
			continue;
		local_to_tm(tz != NULL ? ts_to_local(tz, t, NULL, NULL) : t, &tm);
		if (step == 0) {
			tm_add_months(&tm, n);
		} else {
			int64_t y;

			exec_date_to_ymd(exec_date_from_ymd(tm.year, tm.mon, tm.mday) + n, &y,
				&tm.mon, &tm.mday);
			tm.year = y;
		}
		if (!tm_to_ts(&tm, 0, &local))
			return range_error(cx, "timestamp");
		if (tz == NULL)
			t = local;
		else if (!local_to_utc(tz, local, &t))
			return range_error(cx, "timestamp");
	}
	if (__builtin_add_overflow(t, iv->usecs, &t) || !ts_ok(t))
		return range_error(cx, "timestamp");
	*out = t;
	return EXEC_OK;
}

/*
 * -iv for timestamp - interval: the fields wrap at their minimum as
 * PostgreSQL's do (the sum then falls out of range and says so).
 */
static exec_interval interval_neg(const exec_interval *iv)
{
	exec_interval r = {(int64_t)(0 - (uint64_t)iv->usecs), (int32_t)(0 - (uint32_t)iv->days),
		(int32_t)(0 - (uint32_t)iv->months)};

	return r;
}

/* Whole days out of the time part (PostgreSQL's justify_hours). */
static int justify_hours(exec_ctx *cx, exec_interval *iv)
{
	int64_t whole = iv->usecs / USECS_PER_DAY;
	int32_t days;

	iv->usecs -= whole * USECS_PER_DAY;
	if (whole > INT32_MAX || whole < INT32_MIN ||
		__builtin_add_overflow(iv->days, (int32_t)whole, &days))
		return range_error(cx, "interval");
	iv->days = days;
	if (iv->days > 0 && iv->usecs < 0) {
		iv->usecs += USECS_PER_DAY;
		iv->days--;
	} else if (iv->days < 0 && iv->usecs > 0) {
		iv->usecs -= USECS_PER_DAY;
		iv->days++;
	}
	return EXEC_OK;
}

/* Whole 30-day months out of the days (PostgreSQL's justify_days). */
static int justify_days(exec_ctx *cx, exec_interval *iv)
{
	int32_t whole = iv->days / DAYS_PER_MONTH;

	iv->days -= whole * DAYS_PER_MONTH;
	if (__builtin_add_overflow(iv->months, whole, &iv->months))
		return range_error(cx, "interval");
	if (iv->months > 0 && iv->days < 0) {
		iv->days += DAYS_PER_MONTH;
		iv->months--;
	} else if (iv->months < 0 && iv->days > 0) {
		iv->days -= DAYS_PER_MONTH;
		iv->months++;
	}
	return EXEC_OK;
}

/* Both, with the signs made consistent (PostgreSQL's justify_interval). */
static int justify_interval(exec_ctx *cx, exec_interval *iv)
{
	int64_t whole;
	int32_t wm;

	if ((iv->days > 0 && iv->usecs > 0) || (iv->days < 0 && iv->usecs < 0)) {
		wm = iv->days / DAYS_PER_MONTH;
		iv->days -= wm * DAYS_PER_MONTH;
		if (__builtin_add_overflow(iv->months, wm, &iv->months))
			return range_error(cx, "interval");
	}
	whole = iv->usecs / USECS_PER_DAY;
	iv->usecs -= whole * USECS_PER_DAY;
	iv->days += (int32_t)whole;
	wm = iv->days / DAYS_PER_MONTH;
	iv->days -= wm * DAYS_PER_MONTH;
	if (__builtin_add_overflow(iv->months, wm, &iv->months))
		return range_error(cx, "interval");
	if (iv->months > 0 && (iv->days < 0 || (iv->days == 0 && iv->usecs < 0))) {
		iv->days += DAYS_PER_MONTH;
		iv->months--;
	} else if (iv->months < 0 && (iv->days > 0 || (iv->days == 0 && iv->usecs > 0))) {
		iv->days -= DAYS_PER_MONTH;
		iv->months++;
	}
	if (iv->days > 0 && iv->usecs < 0) {
		iv->usecs += USECS_PER_DAY;
		iv->days--;
	} else if (iv->days < 0 && iv->usecs > 0) {
		iv->usecs -= USECS_PER_DAY;
		iv->days++;
	}
	return EXEC_OK;
}

static int interval_add(
	exec_ctx *cx, const exec_interval *a, const exec_interval *b, exec_interval *r)
{
	if (__builtin_add_overflow(a->months, b->months, &r->months) ||
		__builtin_add_overflow(a->days, b->days, &r->days) ||
		__builtin_add_overflow(a->usecs, b->usecs, &r->usecs))
		return range_error(cx, "interval");
	return EXEC_OK;
}

/* Round to the microsecond as PostgreSQL's TSROUND. */
static double tsround(double x)
{
	return rint(x * 1000000.0) / 1000000.0;
}

/*
 * iv * factor: months and days scaled and truncated, their fractions
 * carried down to days and time (PostgreSQL's interval_mul); a divisor
 * comes in as its reciprocal only when dividing is not asked for.
 */
static int interval_scale(
	exec_ctx *cx, const exec_interval *iv, double factor, bool divide, exec_interval *r)
{
	double m = divide ? iv->months / factor : iv->months * factor;
	double d = divide ? iv->days / factor : iv->days * factor;
	double t, mrem, srem;

	if (isnan(factor) || isnan(m) || m > INT32_MAX || m < INT32_MIN || d > INT32_MAX ||
		d < INT32_MIN)
		return range_error(cx, "interval");
	r->months = (int32_t)m;
	r->days = (int32_t)d;
	mrem = tsround((m - r->months) * DAYS_PER_MONTH);
	srem = tsround((d - r->days + mrem - (int)mrem) * SECS_PER_DAY);
	if (fabs(srem) >= SECS_PER_DAY) {
		if (__builtin_add_overflow(r->days, (int)(srem / SECS_PER_DAY), &r->days))
			return range_error(cx, "interval");
		srem -= (int)(srem / SECS_PER_DAY) * SECS_PER_DAY;
	}
	if (__builtin_add_overflow(r->days, (int32_t)mrem, &r->days))
		return range_error(cx, "interval");
	t = rint((divide ? iv->usecs / factor : iv->usecs * factor) + srem * USECS_PER_SEC);
	if (isnan(t) || t >= 9223372036854775808.0 || t < -9223372036854775808.0)
		return range_error(cx, "interval");
	r->usecs = (int64_t)t;
	return EXEC_OK;
}

/* date -> timestamp: midnight, or 22008 past the timestamp range. */
static int date_to_ts(exec_ctx *cx, int64_t days, int64_t *out)
{
	if (days == EXEC_DATE_NOBEGIN || days == EXEC_DATE_NOEND) {
		*out = days == EXEC_DATE_NOEND ? EXEC_TS_NOEND : EXEC_TS_NOBEGIN;
		return EXEC_OK;
	}
	if (days >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE)
		return store_err_set(cx->err, "22008", "date out of range for timestamp");
	*out = days * USECS_PER_DAY;
	return EXEC_OK;
}

static int64_t ts_to_date(int64_t t)
{
	if (!TS_FINITE(t))
		return t == EXEC_TS_NOEND ? EXEC_DATE_NOEND : EXEC_DATE_NOBEGIN;
	return floor_div(t, USECS_PER_DAY);
}

static int64_t time_of_day(int64_t local)
{
	return local - floor_div(local, USECS_PER_DAY) * USECS_PER_DAY;
}

/* ---- casts ---- */

#define ARG_I(k)  (args[k].v.i)
#define ARG_IV(k) (&args[k].v.iv)

static int cast_date_ts(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t t = 0;

	if (date_to_ts(cx, ARG_I(0), &t) != EXEC_OK)
		return EXEC_ERROR;
	*out = ts_value(EXEC_OID_TIMESTAMP, t);
	return EXEC_OK;
}

/* A wall-clock timestamp in the session's zone as timestamptz. */
static int local_ts_to_tz(exec_ctx *cx, int64_t local, int64_t *out)
{
	exec_tz tz;

	if (!TS_FINITE(local)) {
		*out = local;
		return EXEC_OK;
	}
	session_zone(cx, &tz);
	if (!local_to_utc(&tz, local, out))
		return range_error(cx, "timestamp");
	return EXEC_OK;
}

static int cast_date_tstz(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t t = 0;

	if (date_to_ts(cx, ARG_I(0), &t) != EXEC_OK || local_ts_to_tz(cx, t, &t) != EXEC_OK)
		return EXEC_ERROR;
	*out = ts_value(EXEC_OID_TIMESTAMPTZ, t);
	return EXEC_OK;
}

static int cast_ts_tstz(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t t = 0;

	if (local_ts_to_tz(cx, ARG_I(0), &t) != EXEC_OK)
		return EXEC_ERROR;
	*out = ts_value(EXEC_OID_TIMESTAMPTZ, t);
	return EXEC_OK;
}

/* timestamptz -> the session's wall clock (infinities kept). */
static int64_t tstz_local(exec_ctx *cx, int64_t t, int32_t *off)
{
	exec_tz tz;

	if (!TS_FINITE(t))
		return t;
	session_zone(cx, &tz);
	return ts_to_local(&tz, t, off, NULL);
}

static int cast_tstz_ts(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t t = tstz_local(cx, ARG_I(0), NULL);

	if (TS_FINITE(t) && !ts_ok(t))
		return range_error(cx, "timestamp");
	*out = ts_value(EXEC_OID_TIMESTAMP, t);
	return EXEC_OK;
}

static int cast_ts_date(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_int(EXEC_OID_DATE, ts_to_date(ARG_I(0)));
	return EXEC_OK;
}

static int cast_tstz_date(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_int(EXEC_OID_DATE, ts_to_date(tstz_local(cx, ARG_I(0), NULL)));
	return EXEC_OK;
}

/* The time of day; an infinite timestamp has none (NULL, as PostgreSQL). */
static int cast_ts_time(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = TS_FINITE(ARG_I(0)) ? exec_int(EXEC_OID_TIME, time_of_day(ARG_I(0)))
				   : exec_null(EXEC_OID_TIME);
	return EXEC_OK;
}

static int cast_tstz_time(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t t = tstz_local(cx, ARG_I(0), NULL);

	*out = TS_FINITE(t) ? exec_int(EXEC_OID_TIME, time_of_day(t)) : exec_null(EXEC_OID_TIME);
	return EXEC_OK;
}

static exec_value timetz_value(int64_t usecs, int32_t zone_west)
{
	exec_value v;

	v.type = EXEC_OID_TIMETZ;
	v.isnull = false;
	v.v.timetz.usecs = usecs;
	v.v.timetz.zone = zone_west;
	return v;
}

static int cast_tstz_timetz(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int32_t off = 0;
	int64_t t = tstz_local(cx, ARG_I(0), &off);

	*out = TS_FINITE(t) ? timetz_value(time_of_day(t), -off) : exec_null(EXEC_OID_TIMETZ);
	return EXEC_OK;
}

/* time -> timetz: the session zone's offset today. */
static int cast_time_timetz(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_tz tz;
	int64_t local = floor_div(now_local(cx), USECS_PER_DAY) * USECS_PER_DAY + ARG_I(0);

	session_zone(cx, &tz);
	*out = timetz_value(ARG_I(0), -zone_local(&tz, local));
	return EXEC_OK;
}

static int cast_timetz_time(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_int(EXEC_OID_TIME, args[0].v.timetz.usecs);
	return EXEC_OK;
}

static int cast_time_interval(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_interval iv = {ARG_I(0), 0, 0};

	*out = interval_value(iv);
	return EXEC_OK;
}

/* interval -> time: the time part modulo a day. */
static int cast_interval_time(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t t = ARG_IV(0)->usecs;

	*out = exec_int(EXEC_OID_TIME, t - floor_div(t, USECS_PER_DAY) * USECS_PER_DAY);
	return EXEC_OK;
}

/* ---- operators ---- */

#define CMP_OPS(prefix, cmpfn)                                                                     \
	static int prefix##_eq(exec_ctx *cx, const exec_value *a, int n, exec_value *o)            \
	{                                                                                          \
		*o = exec_bool(cmpfn(&a[0], &a[1]) == 0);                                          \
		return EXEC_OK;                                                                    \
	}                                                                                          \
	static int prefix##_ne(exec_ctx *cx, const exec_value *a, int n, exec_value *o)            \
	{                                                                                          \
		*o = exec_bool(cmpfn(&a[0], &a[1]) != 0);                                          \
		return EXEC_OK;                                                                    \
	}                                                                                          \
	static int prefix##_lt(exec_ctx *cx, const exec_value *a, int n, exec_value *o)            \
	{                                                                                          \
		*o = exec_bool(cmpfn(&a[0], &a[1]) < 0);                                           \
		return EXEC_OK;                                                                    \
	}                                                                                          \
	static int prefix##_le(exec_ctx *cx, const exec_value *a, int n, exec_value *o)            \
	{                                                                                          \
		*o = exec_bool(cmpfn(&a[0], &a[1]) <= 0);                                          \
		return EXEC_OK;                                                                    \
	}                                                                                          \
	static int prefix##_gt(exec_ctx *cx, const exec_value *a, int n, exec_value *o)            \
	{                                                                                          \
		*o = exec_bool(cmpfn(&a[0], &a[1]) > 0);                                           \
		return EXEC_OK;                                                                    \
	}                                                                                          \
	static int prefix##_ge(exec_ctx *cx, const exec_value *a, int n, exec_value *o)            \
	{                                                                                          \
		*o = exec_bool(cmpfn(&a[0], &a[1]) >= 0);                                          \
		return EXEC_OK;                                                                    \
	}

CMP_OPS(sc, scalar_cmp)
CMP_OPS(ttz, timetz_cmp)
CMP_OPS(iv, interval_cmp)

static int date_add_days(exec_ctx *cx, int64_t d, int64_t n, exec_value *out)
{
	int64_t r = d + n;

	if (!DATE_FINITE(d)) {
		*out = exec_int(EXEC_OID_DATE, d);
		return EXEC_OK;
	}
	if (!date_ok(r))
		return range_error(cx, "date");
	*out = exec_int(EXEC_OID_DATE, r);
	return EXEC_OK;
}

static int op_date_pl_int(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return date_add_days(cx, ARG_I(0), ARG_I(1), out);
}

static int op_int_pl_date(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return date_add_days(cx, ARG_I(1), ARG_I(0), out);
}

static int op_date_mi_int(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return date_add_days(cx, ARG_I(0), -ARG_I(1), out);
}

static int op_date_mi_date(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	if (!DATE_FINITE(ARG_I(0)) || !DATE_FINITE(ARG_I(1)))
		return store_err_set(cx->err, "22008", "cannot subtract infinite dates");
	*out = exec_int(EXEC_OID_INT4, ARG_I(0) - ARG_I(1));
	return EXEC_OK;
}

/* timestamp (tz NULL) or timestamptz (session zone) +/- interval. */
static int ts_pl_common(
	exec_ctx *cx, exec_oid type, int64_t t, exec_interval iv, bool minus, exec_value *out)
{
	exec_tz tz;
	int64_t r = 0;

	if (minus)
		iv = interval_neg(&iv);
	if (type == EXEC_OID_TIMESTAMPTZ)
		session_zone(cx, &tz);
	if (ts_add_interval(cx, t, &iv, type == EXEC_OID_TIMESTAMPTZ ? &tz : NULL, &r) != EXEC_OK)
		return EXEC_ERROR;
	*out = ts_value(type, r);
	return EXEC_OK;
}

static int op_ts_pl_iv(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return ts_pl_common(cx, args[0].type, ARG_I(0), *ARG_IV(1), false, out);
}

static int op_iv_pl_ts(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return ts_pl_common(cx, args[1].type, ARG_I(1), *ARG_IV(0), false, out);
}

static int op_ts_mi_iv(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return ts_pl_common(cx, args[0].type, ARG_I(0), *ARG_IV(1), true, out);
}

static int date_pl_common(
	exec_ctx *cx, int64_t d, const exec_interval *iv, bool minus, exec_value *out)
{
	int64_t t = 0;

	if (date_to_ts(cx, d, &t) != EXEC_OK)
		return EXEC_ERROR;
	return ts_pl_common(cx, EXEC_OID_TIMESTAMP, t, *iv, minus, out);
}

static int op_date_pl_iv(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return date_pl_common(cx, ARG_I(0), ARG_IV(1), false, out);
}

static int op_iv_pl_date(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return date_pl_common(cx, ARG_I(1), ARG_IV(0), false, out);
}

static int op_date_mi_iv(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return date_pl_common(cx, ARG_I(0), ARG_IV(1), true, out);
}

/* date + time: the timestamp at that time of that day. */
static int date_time_common(exec_ctx *cx, int64_t d, int64_t time, exec_value *out)
{
	int64_t t = 0;

	if (date_to_ts(cx, d, &t) != EXEC_OK)
		return EXEC_ERROR;
	if (TS_FINITE(t)) {
		t += time;
		if (!ts_ok(t))
			return range_error(cx, "timestamp");
	}
	*out = ts_value(EXEC_OID_TIMESTAMP, t);
	return EXEC_OK;
}

static int op_date_pl_time(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return date_time_common(cx, ARG_I(0), ARG_I(1), out);
}

static int op_time_pl_date(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return date_time_common(cx, ARG_I(1), ARG_I(0), out);
}

/* timestamp - timestamp: the difference in days and time (justify_hours applied, as PostgreSQL). */
static int op_ts_mi_ts(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_interval iv = {0, 0, 0};

	if (!TS_FINITE(ARG_I(0)) || !TS_FINITE(ARG_I(1)))
		return store_err_set(cx->err, "22008", "cannot subtract infinite timestamps");
	if (__builtin_sub_overflow(ARG_I(0), ARG_I(1), &iv.usecs))
		return range_error(cx, "interval");
	if (justify_hours(cx, &iv) != EXEC_OK)
		return EXEC_ERROR;
	*out = interval_value(iv);
	return EXEC_OK;
}

/* time +/- interval wraps around midnight. */
static int time_pl_common(const exec_value *t, const exec_interval *iv, bool minus, exec_value *out)
{
	int64_t base = t->type == EXEC_OID_TIMETZ ? t->v.timetz.usecs : t->v.i;
	int64_t r = (base + (minus ? -iv->usecs % USECS_PER_DAY : iv->usecs % USECS_PER_DAY)) %
		    USECS_PER_DAY;

	if (r < 0)
		r += USECS_PER_DAY;
	if (t->type == EXEC_OID_TIMETZ)
		*out = timetz_value(r, t->v.timetz.zone);
	else
		*out = exec_int(EXEC_OID_TIME, r);
	return EXEC_OK;
}

static int op_time_pl_iv(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return time_pl_common(&args[0], ARG_IV(1), false, out);
}

static int op_iv_pl_time(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return time_pl_common(&args[1], ARG_IV(0), false, out);
}

static int op_time_mi_iv(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	return time_pl_common(&args[0], ARG_IV(1), true, out);
}

static int op_time_mi_time(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_interval iv = {ARG_I(0) - ARG_I(1), 0, 0};

	*out = interval_value(iv);
	return EXEC_OK;
}

static int op_iv_pl_iv(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_interval r = {0, 0, 0};

	if (interval_add(cx, ARG_IV(0), ARG_IV(1), &r) != EXEC_OK)
		return EXEC_ERROR;
	*out = interval_value(r);
	return EXEC_OK;
}

static int op_iv_mi_iv(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_interval r = {0, 0, 0};

	if (__builtin_sub_overflow(ARG_IV(0)->months, ARG_IV(1)->months, &r.months) ||
		__builtin_sub_overflow(ARG_IV(0)->days, ARG_IV(1)->days, &r.days) ||
		__builtin_sub_overflow(ARG_IV(0)->usecs, ARG_IV(1)->usecs, &r.usecs))
		return range_error(cx, "interval");
	*out = interval_value(r);
	return EXEC_OK;
}

static int op_iv_neg(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_interval *iv = ARG_IV(0);

	if (iv->usecs == INT64_MIN || iv->days == INT32_MIN || iv->months == INT32_MIN)
		return range_error(cx, "interval");
	*out = interval_value(interval_neg(iv));
	return EXEC_OK;
}

static int op_iv_mul(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_interval r = {0, 0, 0};
	bool iv_first = args[0].type == EXEC_OID_INTERVAL;

	if (interval_scale(cx, iv_first ? ARG_IV(0) : ARG_IV(1), args[iv_first ? 1 : 0].v.f, false,
		    &r) != EXEC_OK)
		return EXEC_ERROR;
	*out = interval_value(r);
	return EXEC_OK;
}

static int op_iv_div(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_interval r = {0, 0, 0};

	if (args[1].v.f == 0)
		return store_err_set(cx->err, "22012", "division by zero");
	if (interval_scale(cx, ARG_IV(0), args[1].v.f, true, &r) != EXEC_OK)
		return EXEC_ERROR;
	*out = interval_value(r);
	return EXEC_OK;
}

/* ---- current time ---- */

int64_t exec_clock_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((int64_t)ts.tv_sec - (int64_t)EXEC_EPOCH_DAYS * SECS_PER_DAY) * USECS_PER_SEC +
	       ts.tv_nsec / 1000;
}

/* The precision argument of CURRENT_TIME(p) and the like, when given. */
static int32_t precision_arg(const exec_value *args, int nargs)
{
	return nargs > 0 ? (int32_t)args[0].v.i : EXEC_TYPMOD_NONE;
}

static int fn_now(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t t = cx->tx_start_us;

	*out = ts_value(EXEC_OID_TIMESTAMPTZ, apply_precision(t, precision_arg(args, nargs)));
	return EXEC_OK;
}

static int fn_statement_timestamp(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = ts_value(EXEC_OID_TIMESTAMPTZ, cx->stmt_start_us);
	return EXEC_OK;
}

static int fn_clock_timestamp(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = ts_value(EXEC_OID_TIMESTAMPTZ, exec_clock_now());
	return EXEC_OK;
}

static int fn_current_date(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_int(EXEC_OID_DATE, floor_div(now_local(cx), USECS_PER_DAY));
	return EXEC_OK;
}

static int fn_current_time(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_tz tz;
	int32_t off;
	int64_t local;

	session_zone(cx, &tz);
	local = ts_to_local(&tz, cx->tx_start_us, &off, NULL);
	*out = timetz_value(apply_precision(time_of_day(local), precision_arg(args, nargs)), -off);
	return EXEC_OK;
}

static int fn_localtime(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = exec_int(EXEC_OID_TIME,
		apply_precision(time_of_day(now_local(cx)), precision_arg(args, nargs)));
	return EXEC_OK;
}

static int fn_localtimestamp(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	*out = ts_value(
		EXEC_OID_TIMESTAMP, apply_precision(now_local(cx), precision_arg(args, nargs)));
	return EXEC_OK;
}

/* ---- units: date_part, extract, date_trunc ---- */

static const char *type_sql_name(exec_oid t)
{
	switch (t) {
	case EXEC_OID_DATE:
		return "date";
	case EXEC_OID_TIME:
		return "time without time zone";
	case EXEC_OID_TIMETZ:
		return "time with time zone";
	case EXEC_OID_TIMESTAMP:
		return "timestamp without time zone";
	case EXEC_OID_TIMESTAMPTZ:
		return "timestamp with time zone";
	default:
		return "interval";
	}
}

/* The unit text of a call, lower-cased into buf. */
static const char *unit_text(const exec_value *v, char *buf, size_t cap)
{
	size_t n = v->v.s.len < cap - 1 ? v->v.s.len : cap - 1;

	for (size_t k = 0; k < n; k++)
		buf[k] = (char)tolower((unsigned char)v->v.s.p[k]);
	buf[n] = '\0';
	return buf;
}

static int unit_not_recognized(exec_ctx *cx, const char *unit, exec_oid type)
{
	return store_err_set(cx->err, "22023", "unit \"%s\" not recognized for type %s", unit,
		type_sql_name(type));
}

static int unit_not_supported(exec_ctx *cx, const char *unit, exec_oid type)
{
	return store_err_set(cx->err, "0A000", "unit \"%s\" not supported for type %s", unit,
		type_sql_name(type));
}

/*
 * A field's value: an integer v / 10^scale exact for extract, and f the
 * float8 date_part gives (computed as PostgreSQL computes it); num when
 * the exact value needs a division (julian of a timestamp).  NULL and the
 * infinities for infinite inputs.
 */
typedef struct part_val {
	enum { PV_NULL, PV_VALUE, PV_NUM, PV_PINF, PV_NINF } kind;
	int64_t v;
	int scale;
	double f;
	const exec_numeric *num;
} part_val;

static void pv_int(part_val *p, int64_t v)
{
	p->kind = PV_VALUE;
	p->v = v;
	p->scale = 0;
	p->f = (double)v;
}

static void pv_scaled(part_val *p, int64_t v, int scale, double f)
{
	p->kind = PV_VALUE;
	p->v = v;
	p->scale = scale;
	p->f = f;
}

/* Years the way extract counts them: no year 0, decades and centuries as PostgreSQL. */
static int64_t year_part(int unit, int64_t y)
{
	switch (unit) {
	case U_YEAR:
		return y > 0 ? y : y - 1;
	case U_DECADE:
		return y >= 0 ? y / 10 : -((8 - (y - 1)) / 10);
	case U_CENTURY:
		return y > 0 ? (y + 99) / 100 : -((99 - (y - 1)) / 100);
	default: /* U_MILLENNIUM */
		return y > 0 ? (y + 999) / 1000 : -((999 - (y - 1)) / 1000);
	}
}

/* The calendar units of a day: true when unit is one. */
static bool date_unit_part(int unit, int64_t days, part_val *p)
{
	int64_t y, iy;
	int m, d, w;

	exec_date_to_ymd(days, &y, &m, &d);
	switch (unit) {
	case U_DAY:
		pv_int(p, d);
		return true;
	case U_MONTH:
		pv_int(p, m);
		return true;
	case U_QUARTER:
		pv_int(p, (m - 1) / 3 + 1);
		return true;
	case U_WEEK:
		iso_week(days, &iy, &w);
		pv_int(p, w);
		return true;
	case U_YEAR:
	case U_DECADE:
	case U_CENTURY:
	case U_MILLENNIUM:
		pv_int(p, year_part(unit, y));
		return true;
	case U_ISOYEAR:
		iso_week(days, &iy, &w);
		pv_int(p, iy <= 0 ? iy - 1 : iy);
		return true;
	case U_DOW:
	case U_ISODOW:
		w = day_of_week(days);
		pv_int(p, unit == U_ISODOW && w == 0 ? 7 : w);
		return true;
	case U_DOY:
		pv_int(p, days - exec_date_from_ymd(y, 1, 1) + 1);
		return true;
	}
	return false;
}

/* The clock units of a time of day (microseconds): true when unit is one. */
static bool time_unit_part(int unit, int64_t hour, int min, int sec, int64_t usec, part_val *p)
{
	switch (unit) {
	case U_MICROSEC:
		pv_int(p, sec * USECS_PER_SEC + usec);
		return true;
	case U_MILLISEC:
		pv_scaled(p, sec * USECS_PER_SEC + usec, 3, sec * 1000.0 + usec / 1000.0);
		return true;
	case U_SECOND:
		pv_scaled(p, sec * USECS_PER_SEC + usec, 6, sec + usec / 1000000.0);
		return true;
	case U_MINUTE:
		pv_int(p, min);
		return true;
	case U_HOUR:
		pv_int(p, hour);
		return true;
	}
	return false;
}

/* Infinite timestamps and dates: ever-growing units are infinite, the others NULL. */
static int infinite_part(
	exec_ctx *cx, const char *name, exec_oid type, int unit, bool negative, part_val *p)
{
	switch (unit) {
	case U_YEAR:
	case U_DECADE:
	case U_CENTURY:
	case U_MILLENNIUM:
	case U_JULIAN:
	case U_ISOYEAR:
	case U_EPOCH:
		p->kind = negative ? PV_NINF : PV_PINF;
		p->f = negative ? -HUGE_VAL : HUGE_VAL;
		return EXEC_OK;
	case U_MICROSEC:
	case U_MILLISEC:
	case U_SECOND:
	case U_MINUTE:
	case U_HOUR:
		if (type == EXEC_OID_DATE)
			break;
		p->kind = PV_NULL;
		return EXEC_OK;
	case U_DAY:
	case U_MONTH:
	case U_QUARTER:
	case U_WEEK:
	case U_DOW:
	case U_ISODOW:
	case U_DOY:
		p->kind = PV_NULL;
		return EXEC_OK;
	case U_TZ:
	case U_TZ_HOUR:
	case U_TZ_MINUTE:
		if (type != EXEC_OID_DATE) {
			p->kind = PV_NULL;
			return EXEC_OK;
		}
	}
	return unit_not_supported(cx, name, type);
}

/* A field of x: the work of extract and date_part (PostgreSQL's *_part_common). */
static int value_part(exec_ctx *cx, const exec_value *unitv, const exec_value *x, part_val *p)
{
	char name[64];
	const dt_token *t = unit_find(unit_text(unitv, name, sizeof(name)));
	int unit;

	memset(p, 0, sizeof(*p));
	if (t == NULL || (t->kind != K_UNITS && !(t->kind == K_RESERV && t->val == R_EPOCH)))
		return unit_not_recognized(cx, name, x->type);
	unit = t->kind == K_RESERV ? U_EPOCH : t->val;

	switch (x->type) {
	case EXEC_OID_DATE: {
		int64_t d = x->v.i;

		if (!DATE_FINITE(d))
			return infinite_part(cx, name, x->type, unit, d == EXEC_DATE_NOBEGIN, p);
		if (date_unit_part(unit, d, p))
			return EXEC_OK;
		if (unit == U_JULIAN) {
			pv_int(p, d + POSTGRES_EPOCH_JDATE);
			return EXEC_OK;
		}
		if (unit == U_EPOCH) {
			pv_int(p, (d + EXEC_EPOCH_DAYS) * SECS_PER_DAY);
			return EXEC_OK;
		}
		return unit_not_supported(cx, name, x->type);
	}
	case EXEC_OID_TIME:
	case EXEC_OID_TIMETZ: {
		int64_t usecs = x->type == EXEC_OID_TIME ? x->v.i : x->v.timetz.usecs;
		int32_t east = x->type == EXEC_OID_TIMETZ ? -x->v.timetz.zone : 0;
		dt_tm tm;

		local_to_tm(usecs, &tm);
		if (usecs == USECS_PER_DAY)
			tm.hour = 24;
		if (time_unit_part(unit, tm.hour, tm.min, tm.sec, tm.usec, p))
			return EXEC_OK;
		if (unit == U_EPOCH) {
			int64_t v = usecs - (int64_t)east * USECS_PER_SEC;

			pv_scaled(p, v, 6, v / 1000000.0);
			return EXEC_OK;
		}
		if (x->type == EXEC_OID_TIMETZ &&
			(unit == U_TZ || unit == U_TZ_HOUR || unit == U_TZ_MINUTE)) {
			pv_int(p, unit == U_TZ        ? east
				  : unit == U_TZ_HOUR ? east / 3600
						      : east / 60 % 60);
			return EXEC_OK;
		}
		return unit_not_supported(cx, name, x->type);
	}
	case EXEC_OID_TIMESTAMP:
	case EXEC_OID_TIMESTAMPTZ: {
		int64_t ts = x->v.i, local;
		int32_t east = 0;
		dt_tm tm;

		if (!TS_FINITE(ts))
			return infinite_part(cx, name, x->type, unit, ts == EXEC_TS_NOBEGIN, p);
		local = x->type == EXEC_OID_TIMESTAMPTZ ? tstz_local(cx, ts, &east) : ts;
		local_to_tm(local, &tm);
		if (time_unit_part(unit, tm.hour, tm.min, tm.sec, tm.usec, p) ||
			date_unit_part(unit, floor_div(local, USECS_PER_DAY), p))
			return EXEC_OK;
		if (unit == U_EPOCH) {
			int64_t v = ts - UNIX_EPOCH_USECS;

			pv_scaled(p, v, 6, v / 1000000.0);
			return EXEC_OK;
		}
		if (unit == U_JULIAN) {
			int64_t day = floor_div(local, USECS_PER_DAY) + POSTGRES_EPOCH_JDATE;
			int64_t tod = tm_time(&tm);
			const exec_numeric *q;

			p->f = day + ((tm.hour * 60 + tm.min) * 60 + tm.sec + tm.usec / 1000000.0) /
					     (double)SECS_PER_DAY;
			if (exec_numeric_div(cx, exec_numeric_from_int64(cx->arena, tod),
				    exec_numeric_from_int64(cx->arena, USECS_PER_DAY),
				    &q) != EXEC_OK ||
				exec_numeric_add(cx, exec_numeric_from_int64(cx->arena, day), q,
					&p->num) != EXEC_OK)
				return EXEC_ERROR;
			p->kind = PV_NUM;
			return EXEC_OK;
		}
		if (x->type == EXEC_OID_TIMESTAMPTZ &&
			(unit == U_TZ || unit == U_TZ_HOUR || unit == U_TZ_MINUTE)) {
			pv_int(p, unit == U_TZ        ? east
				  : unit == U_TZ_HOUR ? east / 3600
						      : east / 60 % 60);
			return EXEC_OK;
		}
		return unit_not_supported(cx, name, x->type);
	}
	default: {
		const exec_interval *iv = &x->v.iv;
		dt_tm tm;

		interval_to_tm(iv, &tm);
		if (time_unit_part(unit, tm.hour, tm.min, tm.sec, tm.usec, p))
			return EXEC_OK;
		switch (unit) {
		case U_DAY:
			pv_int(p, tm.mday);
			return EXEC_OK;
		case U_MONTH:
			pv_int(p, tm.mon);
			return EXEC_OK;
		case U_QUARTER:
			pv_int(p, tm.mon / 3 + 1);
			return EXEC_OK;
		case U_YEAR:
			pv_int(p, tm.year);
			return EXEC_OK;
		case U_DECADE:
			pv_int(p, tm.year / 10);
			return EXEC_OK;
		case U_CENTURY:
			pv_int(p, tm.year / 100);
			return EXEC_OK;
		case U_MILLENNIUM:
			pv_int(p, tm.year / 1000);
			return EXEC_OK;
		case U_EPOCH: {
			/* a year is 365.25 days, a month 30 */
			int64_t secs = ((int64_t)(4 * 365.25) * (iv->months / MONTHS_PER_YEAR) +
					       (int64_t)4 * DAYS_PER_MONTH *
						       (iv->months % MONTHS_PER_YEAR) +
					       (int64_t)4 * iv->days) *
				       (SECS_PER_DAY / 4);
			int64_t v;

			p->f = iv->usecs / 1000000.0 +
			       365.25 * SECS_PER_DAY * (iv->months / MONTHS_PER_YEAR) +
			       (double)DAYS_PER_MONTH * SECS_PER_DAY *
				       (iv->months % MONTHS_PER_YEAR) +
			       (double)SECS_PER_DAY * iv->days;
			if (__builtin_mul_overflow(secs, USECS_PER_SEC, &v) ||
				__builtin_add_overflow(v, iv->usecs, &v)) {
				if (exec_numeric_add(cx,
					    exec_numeric_from_int64_scaled(cx->arena, iv->usecs, 6),
					    exec_numeric_from_int64(cx->arena, secs),
					    &p->num) != EXEC_OK)
					return EXEC_ERROR;
				p->kind = PV_NUM;
				return EXEC_OK;
			}
			pv_scaled(p, v, 6, p->f);
			return EXEC_OK;
		}
		}
		return unit_not_supported(cx, name, x->type);
	}
	}
}

/* date_part: float8; of a date, of the timestamp at its midnight (as PostgreSQL's SQL function). */
static int fn_date_part(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_value x = args[1];
	part_val p;

	if (x.type == EXEC_OID_DATE) {
		if (date_to_ts(cx, args[1].v.i, &x.v.i) != EXEC_OK)
			return EXEC_ERROR;
		x.type = EXEC_OID_TIMESTAMP;
	}
	if (value_part(cx, &args[0], &x, &p) != EXEC_OK)
		return EXEC_ERROR;
	if (p.kind == PV_NULL) {
		*out = exec_null(EXEC_OID_FLOAT8);
		return EXEC_OK;
	}
	out->type = EXEC_OID_FLOAT8;
	out->isnull = false;
	out->v.f = p.f;
	return EXEC_OK;
}

static int fn_extract(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	part_val p;
	const exec_numeric *n;

	if (value_part(cx, &args[0], &args[1], &p) != EXEC_OK)
		return EXEC_ERROR;
	switch (p.kind) {
	case PV_NULL:
		*out = exec_null(EXEC_OID_NUMERIC);
		return EXEC_OK;
	case PV_PINF:
	case PV_NINF:
		n = exec_numeric_from_double(cx->arena, p.f, false);
		break;
	case PV_NUM:
		n = p.num;
		break;
	default:
		n = exec_numeric_from_int64_scaled(cx->arena, p.v, p.scale);
	}
	*out = exec_numeric_value(n);
	return EXEC_OK;
}

/*
 * Truncate tm to a unit (PostgreSQL's timestamp_trunc); false when the
 * unit does not apply.  The U_* units are ordered from the smallest, so
 * each clears the fields below it.
 */
static bool trunc_tm(dt_tm *tm, int unit)
{
	if (unit == U_WEEK) {
		/* the Monday of the ISO week */
		int64_t days = exec_date_from_ymd(tm->year, tm->mon, tm->mday);

		exec_date_to_ymd(
			days - (day_of_week(days) + 6) % 7, &tm->year, &tm->mon, &tm->mday);
		tm->hour = tm->min = tm->sec = 0;
		tm->usec = 0;
		return true;
	}
	if (unit < U_MICROSEC || unit > U_MILLENNIUM)
		return false;

	/* the first year of a millennium, century or decade (there is no year 0) */
	if (unit == U_MILLENNIUM)
		tm->year = tm->year > 0 ? (tm->year + 999) / 1000 * 1000 - 999
					: -((999 - (tm->year - 1)) / 1000) * 1000 + 1;
	else if (unit == U_CENTURY)
		tm->year = tm->year > 0 ? (tm->year + 99) / 100 * 100 - 99
					: -((99 - (tm->year - 1)) / 100) * 100 + 1;
	else if (unit == U_DECADE)
		tm->year = tm->year > 0 ? tm->year / 10 * 10 : -((8 - (tm->year - 1)) / 10) * 10;
	if (unit >= U_YEAR)
		tm->mon = 1;
	else if (unit == U_QUARTER)
		tm->mon = 3 * ((tm->mon - 1) / 3) + 1;
	if (unit >= U_MONTH)
		tm->mday = 1;
	if (unit >= U_DAY)
		tm->hour = 0;
	if (unit >= U_HOUR)
		tm->min = 0;
	if (unit >= U_MINUTE)
		tm->sec = 0;
	if (unit >= U_SECOND)
		tm->usec = 0;
	else if (unit == U_MILLISEC)
		tm->usec = tm->usec / 1000 * 1000;
	return true;
}

/* The unit of date_trunc: interval units only (so "dow" is not recognized, as PostgreSQL). */
static int trunc_unit(
	exec_ctx *cx, const exec_value *unitv, exec_oid type, char *name, size_t cap, int *unit)
{
	const dt_token *t = token_find(unit_words, COUNT(unit_words), unit_text(unitv, name, cap));

	if (t == NULL || t->kind != K_UNITS)
		return unit_not_recognized(cx, name, type);
	*unit = t->val;
	return EXEC_OK;
}

/* date_trunc of a timestamp, or of a timestamptz in zone tz (the session's or the one given). */
static int trunc_common(exec_ctx *cx, const exec_value *unitv, const exec_value *x,
	const exec_tz *tz, exec_value *out)
{
	char name[64];
	int unit;
	int64_t t = x->v.i, local;
	int32_t off = 0;
	dt_tm tm;

	/* an infinity is its own truncation, whatever the unit (PostgreSQL checks no further) */
	if (!TS_FINITE(t)) {
		*out = *x;
		return EXEC_OK;
	}
	if (trunc_unit(cx, unitv, x->type, name, sizeof(name), &unit) != EXEC_OK)
		return EXEC_ERROR;
	local = tz != NULL ? ts_to_local(tz, t, &off, NULL) : t;
	local_to_tm(local, &tm);
	if (!trunc_tm(&tm, unit))
		return unit_not_supported(cx, name, x->type);
	if (!tm_to_ts(&tm, 0, &local))
		return range_error(cx, "timestamp");
	if (tz == NULL) {
		t = local;
	} else {
		/* a new zone offset for units of a day and more; the old one below */
		bool redo = unit >= U_DAY;

		t = local - (int64_t)(redo ? zone_local(tz, local) : off) * USECS_PER_SEC;
		if (!ts_ok(t))
			return range_error(cx, "timestamp");
	}
	*out = ts_value(x->type, t);
	return EXEC_OK;
}

static int fn_date_trunc(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_tz tz;

	if (args[1].type == EXEC_OID_TIMESTAMP)
		return trunc_common(cx, &args[0], &args[1], NULL, out);
	if (nargs == 3) {
		if (!exec_tz_lookup(args[2].v.s.p, args[2].v.s.len, &tz))
			return zone_unknown(cx, args[2].v.s.p, args[2].v.s.len);
	} else {
		session_zone(cx, &tz);
	}
	return trunc_common(cx, &args[0], &args[1], &tz, out);
}

static int fn_date_trunc_interval(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	char name[64];
	int unit;
	dt_tm tm;
	exec_interval r = {0, 0, 0};

	if (trunc_unit(cx, &args[0], EXEC_OID_INTERVAL, name, sizeof(name), &unit) != EXEC_OK)
		return EXEC_ERROR;
	interval_to_tm(ARG_IV(1), &tm);
	switch (unit) {
	case U_MILLENNIUM:
		tm.year = tm.year / 1000 * 1000;
		break;
	case U_CENTURY:
		tm.year = tm.year / 100 * 100;
		break;
	case U_DECADE:
		tm.year = tm.year / 10 * 10;
		break;
	case U_YEAR:
	case U_QUARTER:
	case U_MONTH:
	case U_DAY:
	case U_HOUR:
	case U_MINUTE:
	case U_SECOND:
	case U_MILLISEC:
	case U_MICROSEC:
		break;
	default:
		unit_not_supported(cx, name, EXEC_OID_INTERVAL);
		if (unit == U_WEEK)
			store_err_detail(cx->err, "Months usually have fractional weeks.");
		return EXEC_ERROR;
	}
	if (unit == U_MILLENNIUM || unit == U_CENTURY || unit == U_DECADE || unit == U_YEAR)
		tm.mon = 0;
	if (unit == U_QUARTER)
		tm.mon = 3 * (tm.mon / 3);
	if (unit <= U_MILLENNIUM && unit >= U_MONTH)
		tm.mday = 0;
	if (unit >= U_DAY)
		tm.hour = 0;
	if (unit >= U_HOUR)
		tm.min = 0;
	if (unit >= U_MINUTE)
		tm.sec = 0;
	if (unit == U_MILLISEC)
		tm.usec = tm.usec / 1000 * 1000;
	else if (unit >= U_SECOND)
		tm.usec = 0;
	r.months = (int32_t)(tm.year * MONTHS_PER_YEAR + tm.mon);
	r.days = tm.mday;
	r.usecs = ((tm.hour * 60 + tm.min) * 60 + tm.sec) * USECS_PER_SEC + tm.usec;
	*out = interval_value(r);
	return EXEC_OK;
}

/* ---- age, make_*, to_timestamp(float8), justify_*, isfinite ---- */

/*
 * The symbolic difference of two wall-clock times in years, months, days
 * and time, borrowing from the earlier value's month lengths (PostgreSQL's
 * timestamp_age).
 */
static int age_common(exec_ctx *cx, int64_t t1, int64_t t2, exec_value *out)
{
	dt_tm a, b, r;
	bool neg = t1 < t2;
	exec_interval iv;

	if (!TS_FINITE(t1) || !TS_FINITE(t2))
		return range_error(cx, "timestamp");
	local_to_tm(t1, &a);
	local_to_tm(t2, &b);
	r.usec = a.usec - b.usec;
	r.sec = a.sec - b.sec;
	r.min = a.min - b.min;
	r.hour = a.hour - b.hour;
	r.mday = a.mday - b.mday;
	r.mon = a.mon - b.mon;
	r.year = a.year - b.year;
	if (neg) {
		r.usec = -r.usec;
		r.sec = -r.sec;
		r.min = -r.min;
		r.hour = -r.hour;
		r.mday = -r.mday;
		r.mon = -r.mon;
		r.year = -r.year;
	}
	while (r.usec < 0) {
		r.usec += USECS_PER_SEC;
		r.sec--;
	}
	while (r.sec < 0) {
		r.sec += 60;
		r.min--;
	}
	while (r.min < 0) {
		r.min += 60;
		r.hour--;
	}
	while (r.hour < 0) {
		r.hour += 24;
		r.mday--;
	}
	while (r.mday < 0) {
		const dt_tm *m = neg ? &a : &b;

		r.mday += days_in_month(m->year, m->mon);
		r.mon--;
	}
	while (r.mon < 0) {
		r.mon += MONTHS_PER_YEAR;
		r.year--;
	}
	if (neg) {
		r.usec = -r.usec;
		r.sec = -r.sec;
		r.min = -r.min;
		r.hour = -r.hour;
		r.mday = -r.mday;
		r.mon = -r.mon;
		r.year = -r.year;
	}
	if (r.year * MONTHS_PER_YEAR + r.mon > INT32_MAX ||
		r.year * MONTHS_PER_YEAR + r.mon < INT32_MIN)
		return range_error(cx, "interval");
	iv.months = (int32_t)(r.year * MONTHS_PER_YEAR + r.mon);
	iv.days = r.mday;
	iv.usecs = ((r.hour * 60 + r.min) * 60 + r.sec) * USECS_PER_SEC + r.usec;
	*out = interval_value(iv);
	return EXEC_OK;
}

static int fn_age(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	bool tz = args[0].type == EXEC_OID_TIMESTAMPTZ;
	int64_t a, b;

	if (nargs == 1) {
		/* age(x) is age(current_date at midnight, x) */
		int64_t midnight = floor_div(now_local(cx), USECS_PER_DAY) * USECS_PER_DAY;

		a = midnight;
		b = tz ? tstz_local(cx, ARG_I(0), NULL) : ARG_I(0);
		if (!TS_FINITE(ARG_I(0)))
			b = ARG_I(0);
	} else {
		a = tz ? tstz_local(cx, ARG_I(0), NULL) : ARG_I(0);
		b = tz ? tstz_local(cx, ARG_I(1), NULL) : ARG_I(1);
	}
	return age_common(cx, a, b, out);
}

/* make_date's and make_timestamp's date: negative years are BC, year 0 does not exist. */
static int make_days(exec_ctx *cx, int64_t y, int64_t m, int64_t d, int64_t *days)
{
	int64_t year = y < 0 ? y + 1 : y;

	if (y == 0 || m < 1 || m > 12 || d < 1 || d > 31 || d > days_in_month(year, (int)m))
		return store_err_set(cx->err, "22008",
			"date field value out of range: %lld-%02lld-%02lld", (long long)y,
			(long long)m, (long long)d);
	/* PostgreSQL names the year astronomically here (44 BC is -43) */
	if (!julian_ok(year, (int)m))
		return store_err_set(cx->err, "22008", "date out of range: %lld-%02lld-%02lld",
			(long long)year, (long long)m, (long long)d);
	*days = exec_date_from_ymd(year, (int)m, (int)d);
	if (!date_ok(*days))
		return store_err_set(cx->err, "22008", "date out of range: %lld-%02lld-%02lld",
			(long long)year, (long long)m, (long long)d);
	return EXEC_OK;
}

/* make_time's time: seconds as a float, rounded to the microsecond, up to 24:00:00. */
static int make_usecs(exec_ctx *cx, int64_t h, int64_t m, double sec, int64_t *t)
{
	double us = rint(sec * USECS_PER_SEC);

	if (h < 0 || h > 24 || m < 0 || m >= 60 || isnan(sec) || us < 0 ||
		us > 60.0 * USECS_PER_SEC ||
		((h * 60 + m) * 60) * USECS_PER_SEC + (int64_t)us > USECS_PER_DAY)
		return store_err_set(cx->err, "22008",
			"time field value out of range: %lld:%02lld:%02g", (long long)h,
			(long long)m, sec);
	*t = ((h * 60 + m) * 60) * USECS_PER_SEC + (int64_t)us;
	return EXEC_OK;
}

static int fn_make_date(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t d;

	if (make_days(cx, ARG_I(0), ARG_I(1), ARG_I(2), &d) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_int(EXEC_OID_DATE, d);
	return EXEC_OK;
}

static int fn_make_time(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t t = 0;

	if (make_usecs(cx, ARG_I(0), ARG_I(1), args[2].v.f, &t) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_int(EXEC_OID_TIME, t);
	return EXEC_OK;
}

/* make_timestamp, and make_timestamptz (in the session's zone or the one given). */
static int fn_make_timestamp(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t d = 0, t = 0, ts;

	if (make_days(cx, ARG_I(0), ARG_I(1), ARG_I(2), &d) != EXEC_OK ||
		make_usecs(cx, ARG_I(3), ARG_I(4), args[5].v.f, &t) != EXEC_OK)
		return EXEC_ERROR;
	if (__builtin_mul_overflow(d, USECS_PER_DAY, &ts) || __builtin_add_overflow(ts, t, &ts) ||
		!ts_ok(ts))
		return store_err_set(cx->err, "22008",
			"timestamp out of range: %lld-%02lld-%02lld %lld:%02lld:%02g",
			(long long)ARG_I(0), (long long)ARG_I(1), (long long)ARG_I(2),
			(long long)ARG_I(3), (long long)ARG_I(4), args[5].v.f);
	*out = ts_value(EXEC_OID_TIMESTAMP, ts);
	return EXEC_OK;
}

static int fn_make_timestamptz(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_tz tz;
	int64_t t = 0;

	if (fn_make_timestamp(cx, args, 6, out) != EXEC_OK)
		return EXEC_ERROR;
	if (nargs == 7) {
		if (!exec_tz_lookup(args[6].v.s.p, args[6].v.s.len, &tz))
			return zone_unknown(cx, args[6].v.s.p, args[6].v.s.len);
	} else {
		session_zone(cx, &tz);
	}
	if (!local_to_utc(&tz, out->v.i, &t))
		return range_error(cx, "timestamp");
	*out = ts_value(EXEC_OID_TIMESTAMPTZ, t);
	return EXEC_OK;
}

/* make_interval(years, months, weeks, days, hours, mins, secs), trailing arguments 0. */
static int fn_make_interval(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	int64_t v[6] = {0, 0, 0, 0, 0, 0}, months, days, t;
	double secs = nargs == 7 ? args[6].v.f : 0, us;
	exec_interval iv;

	for (int k = 0; k < nargs && k < 6; k++)
		v[k] = args[k].v.i;
	us = rint(secs * USECS_PER_SEC);
	months = v[0] * MONTHS_PER_YEAR + v[1];
	days = v[2] * 7 + v[3];
	if (isnan(secs) || isinf(secs) || months > INT32_MAX || months < INT32_MIN ||
		days > INT32_MAX || days < INT32_MIN || fabs(us) >= 9.2e18 ||
		__builtin_mul_overflow(v[4], USECS_PER_HOUR, &t) ||
		__builtin_add_overflow(t, v[5] * USECS_PER_MINUTE, &t) ||
		__builtin_add_overflow(t, (int64_t)us, &t))
		return range_error(cx, "interval");
	iv.months = (int32_t)months;
	iv.days = (int32_t)days;
	iv.usecs = t;
	*out = interval_value(iv);
	return EXEC_OK;
}

/* to_timestamp(seconds since 1970): infinities kept, NaN refused. */
static int fn_to_timestamp_float(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	double s = args[0].v.f, us;

	if (isnan(s))
		return store_err_set(cx->err, "22008", "timestamp cannot be NaN");
	if (isinf(s)) {
		*out = ts_value(EXEC_OID_TIMESTAMPTZ, s > 0 ? EXEC_TS_NOEND : EXEC_TS_NOBEGIN);
		return EXEC_OK;
	}
	if (s < (double)SECS_PER_DAY * (0 - UNIX_EPOCH_JDATE) ||
		s >= (double)SECS_PER_DAY * (TIMESTAMP_END_JULIAN - UNIX_EPOCH_JDATE))
		return store_err_set(cx->err, "22008", "timestamp out of range: \"%g\"", s);
	us = rint((s - (double)EXEC_EPOCH_DAYS * SECS_PER_DAY) * USECS_PER_SEC);
	if (!ts_ok((int64_t)us))
		return store_err_set(cx->err, "22008", "timestamp out of range: \"%g\"", s);
	*out = ts_value(EXEC_OID_TIMESTAMPTZ, (int64_t)us);
	return EXEC_OK;
}

static int fn_justify_days(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_interval iv = *ARG_IV(0);

	if (justify_days(cx, &iv) != EXEC_OK)
		return EXEC_ERROR;
	*out = interval_value(iv);
	return EXEC_OK;
}

static int fn_justify_hours(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_interval iv = *ARG_IV(0);

	if (justify_hours(cx, &iv) != EXEC_OK)
		return EXEC_ERROR;
	*out = interval_value(iv);
	return EXEC_OK;
}

static int fn_justify_interval(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_interval iv = *ARG_IV(0);

	if (justify_interval(cx, &iv) != EXEC_OK)
		return EXEC_ERROR;
	*out = interval_value(iv);
	return EXEC_OK;
}

static int fn_isfinite(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	switch (args[0].type) {
	case EXEC_OID_DATE:
		*out = exec_bool(DATE_FINITE(ARG_I(0)));
		break;
	case EXEC_OID_INTERVAL:
		*out = exec_bool(true);
		break;
	default:
		*out = exec_bool(TS_FINITE(ARG_I(0)));
	}
	return EXEC_OK;
}

/* ---- AT TIME ZONE ---- */

/*
 * The zone of AT TIME ZONE text, as PostgreSQL reads it: an abbreviation
 * of the input table first ("EST": fixed), then a zone name or POSIX
 * specification ("+05:30" counts west, as in the TimeZone setting).
 */
static int zone_arg(exec_ctx *cx, const exec_value *v, exec_tz *tz)
{
	char low[64];
	const dt_token *t;
	size_t n = v->v.s.len;

	if (n < sizeof(low)) {
		for (size_t k = 0; k < n; k++)
			low[k] = (char)tolower((unsigned char)v->v.s.p[k]);
		low[n] = '\0';
		t = token_find(date_words, COUNT(date_words), low);
		if (t != NULL && t->kind == K_TZ && strlen(low) == strlen(t->word)) {
			exec_tz_fixed(t->val, tz);
			return EXEC_OK;
		}
	}
	if (!exec_tz_lookup(v->v.s.p, n, tz))
		return zone_unknown(cx, v->v.s.p, n);
	return EXEC_OK;
}

/* The fixed zone an interval gives (no months or days allowed). */
static int zone_interval(exec_ctx *cx, const exec_interval *iv, exec_tz *tz)
{
	store_buf b = STORE_BUF_INIT;

	if (iv->months != 0 || iv->days != 0) {
		put_interval(&b, iv);
		store_err_set(cx->err, "22023",
			"interval time zone \"%s\" must not include months or days",
			(char *)b.data);
		store_buf_free(&b);
		return EXEC_ERROR;
	}
	exec_tz_fixed((int32_t)(iv->usecs / USECS_PER_SEC), tz);
	return EXEC_OK;
}

/* timezone(zone, x): timestamptz -> wall clock there; timestamp -> the instant it is there. */
static int fn_timezone(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_tz tz;
	int64_t t = ARG_I(1);
	int rc;

	/* an infinity stays one, whatever the zone (PostgreSQL does not look it up) */
	if (args[1].type != EXEC_OID_TIMETZ && !TS_FINITE(t)) {
		*out = ts_value(args[1].type == EXEC_OID_TIMESTAMP ? EXEC_OID_TIMESTAMPTZ
								   : EXEC_OID_TIMESTAMP,
			t);
		return EXEC_OK;
	}
	rc = args[0].type == EXEC_OID_INTERVAL ? zone_interval(cx, ARG_IV(0), &tz)
					       : zone_arg(cx, &args[0], &tz);
	if (rc != EXEC_OK)
		return EXEC_ERROR;
	if (args[1].type == EXEC_OID_TIMETZ) {
		/* the same instant with the zone's offset today */
		int64_t utc =
			args[1].v.timetz.usecs + (int64_t)args[1].v.timetz.zone * USECS_PER_SEC;
		int64_t day = floor_div(cx->tx_start_us, USECS_PER_DAY) * USECS_PER_DAY;
		int32_t off = zone_at(&tz, day + time_of_day(utc), NULL);

		*out = timetz_value(time_of_day(utc + (int64_t)off * USECS_PER_SEC), -off);
		return EXEC_OK;
	}
	if (args[1].type == EXEC_OID_TIMESTAMPTZ) {
		t = ts_to_local(&tz, t, NULL, NULL);
		if (!ts_ok(t))
			return range_error(cx, "timestamp");
		*out = ts_value(EXEC_OID_TIMESTAMP, t);
	} else {
		if (!local_to_utc(&tz, t, &t))
			return range_error(cx, "timestamp");
		*out = ts_value(EXEC_OID_TIMESTAMPTZ, t);
	}
	return EXEC_OK;
}

/* date_bin(stride, source, origin): the start of source's stride-long bin counted from origin. */
static int fn_date_bin(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_interval *st = ARG_IV(0);
	int64_t t = ARG_I(1), origin = ARG_I(2), stride, diff, r;

	if (!TS_FINITE(t)) {
		*out = args[1];
		return EXEC_OK;
	}
	if (!TS_FINITE(origin))
		return store_err_set(cx->err, "22008", "origin out of range");
	if (st->months != 0)
		return store_err_set(cx->err, "0A000",
			"timestamps cannot be binned into intervals containing months or years");
	if (__builtin_mul_overflow((int64_t)st->days, USECS_PER_DAY, &stride) ||
		__builtin_add_overflow(stride, st->usecs, &stride))
		return range_error(cx, "interval");
	if (stride <= 0)
		return store_err_set(cx->err, "22008", "stride must be greater than zero");
	if (__builtin_sub_overflow(t, origin, &diff))
		return range_error(cx, "interval");
	r = origin + (diff - diff % stride);
	if (diff % stride < 0 && (__builtin_sub_overflow(r, stride, &r) || !ts_ok(r)))
		return range_error(cx, "timestamp");
	*out = ts_value(args[1].type, r);
	return EXEC_OK;
}

/* ---- sum and avg of interval ---- */

static int agg_iv_sum_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	exec_interval r = {0, 0, 0};

	if (state->isnull) {
		*state = args[0];
		return EXEC_OK;
	}
	if (interval_add(cx, &state->v.iv, ARG_IV(0), &r) != EXEC_OK)
		return EXEC_ERROR;
	state->v.iv = r;
	return EXEC_OK;
}

/* avg's state: a bytea holding the running sum and count, updated in place. */
typedef struct iv_acc {
	exec_interval sum;
	int64_t count;
} iv_acc;

static int agg_iv_avg_step(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs)
{
	iv_acc acc;

	if (state->isnull) {
		char *p = sql_arena_zalloc(cx->arena, sizeof(iv_acc));

		*state = exec_text(EXEC_OID_BYTEA, p, sizeof(iv_acc));
	}
	memcpy(&acc, state->v.s.p, sizeof(acc));
	if (interval_add(cx, &acc.sum, ARG_IV(0), &acc.sum) != EXEC_OK)
		return EXEC_ERROR;
	acc.count++;
	memcpy((char *)state->v.s.p, &acc, sizeof(acc));
	return EXEC_OK;
}

static int agg_iv_avg_final(exec_ctx *cx, const exec_value *state, exec_value *out)
{
	iv_acc acc;
	exec_interval r = {0, 0, 0};

	if (state->isnull) {
		*out = exec_null(EXEC_OID_INTERVAL);
		return EXEC_OK;
	}
	memcpy(&acc, state->v.s.p, sizeof(acc));
	if (interval_scale(cx, &acc.sum, (double)acc.count, true, &r) != EXEC_OK)
		return EXEC_ERROR;
	*out = interval_value(r);
	return EXEC_OK;
}

/* ---- to_char, to_date, to_timestamp(text, text) ---- */

enum {
	F_AD_DOT = 1,
	F_AM_DOT,
	F_AD,
	F_AM,
	F_BC_DOT,
	F_BC,
	F_PM_DOT,
	F_PM,
	F_CC,
	F_DAY,
	F_DDD,
	F_DD,
	F_DY,
	F_D,
	F_FF1,
	F_FF2,
	F_FF3,
	F_FF4,
	F_FF5,
	F_FF6,
	F_FX,
	F_HH24,
	F_HH12,
	F_HH,
	F_IDDD,
	F_ID,
	F_IW,
	F_IYYY,
	F_IYY,
	F_IY,
	F_I,
	F_J,
	F_MI,
	F_MM,
	F_MONTH,
	F_MON,
	F_MS,
	F_OF,
	F_Q,
	F_RM,
	F_SSSSS,
	F_SSSS,
	F_SS,
	F_TZH,
	F_TZM,
	F_TZ,
	F_US,
	F_WW,
	F_W,
	F_Y_YYY,
	F_YYYY,
	F_YYY,
	F_YY,
	F_Y,
};

/*
 * The template patterns, as PostgreSQL's to_char knows them: case-
 * sensitive, the longest match wins.  casing: 'U' upper, 'C' capitalized,
 * 'L' lower for the patterns that print words; digit: the pattern reads
 * digits in to_date/to_timestamp; interval: allowed in to_char(interval).
 */
typedef struct fmt_key {
	const char *name;
	int id;
	char casing;
	bool digit;
	bool interval;
} fmt_key;

static const fmt_key fmt_keys[] = {
	{"A.D.", F_AD_DOT, 'U', false, false},
	{"A.M.", F_AM_DOT, 'U', false, true},
	{"AD", F_AD, 'U', false, false},
	{"AM", F_AM, 'U', false, true},
	{"B.C.", F_BC_DOT, 'U', false, false},
	{"BC", F_BC, 'U', false, false},
	{"CC", F_CC, 0, true, true},
	{"DAY", F_DAY, 'U', false, false},
	{"DDD", F_DDD, 0, true, true},
	{"DD", F_DD, 0, true, true},
	{"DY", F_DY, 'U', false, false},
	{"Day", F_DAY, 'C', false, false},
	{"Dy", F_DY, 'C', false, false},
	{"D", F_D, 0, true, false},
	{"FF1", F_FF1, 0, true, true},
	{"FF2", F_FF2, 0, true, true},
	{"FF3", F_FF3, 0, true, true},
	{"FF4", F_FF4, 0, true, true},
	{"FF5", F_FF5, 0, true, true},
	{"FF6", F_FF6, 0, true, true},
	{"FX", F_FX, 0, false, true},
	{"HH24", F_HH24, 0, true, true},
	{"HH12", F_HH12, 0, true, true},
	{"HH", F_HH, 0, true, true},
	{"IDDD", F_IDDD, 0, true, true},
	{"ID", F_ID, 0, true, false},
	{"IW", F_IW, 0, true, true},
	{"IYYY", F_IYYY, 0, true, true},
	{"IYY", F_IYY, 0, true, true},
	{"IY", F_IY, 0, true, true},
	{"I", F_I, 0, true, true},
	{"J", F_J, 0, true, true},
	{"MI", F_MI, 0, true, true},
	{"MM", F_MM, 0, true, true},
	{"MONTH", F_MONTH, 'U', false, false},
	{"MON", F_MON, 'U', false, false},
	{"MS", F_MS, 0, true, true},
	{"Month", F_MONTH, 'C', false, false},
	{"Mon", F_MON, 'C', false, false},
	{"OF", F_OF, 0, false, false},
	{"P.M.", F_PM_DOT, 'U', false, true},
	{"PM", F_PM, 'U', false, true},
	{"Q", F_Q, 0, true, true},
	{"RM", F_RM, 'U', false, true},
	{"SSSSS", F_SSSSS, 0, true, true},
	{"SSSS", F_SSSS, 0, true, true},
	{"SS", F_SS, 0, true, true},
	{"TZH", F_TZH, 0, false, false},
	{"TZM", F_TZM, 0, true, false},
	{"TZ", F_TZ, 'U', false, false},
	{"US", F_US, 0, true, true},
	{"WW", F_WW, 0, true, true},
	{"W", F_W, 0, true, true},
	{"Y,YYY", F_Y_YYY, 0, true, true},
	{"YYYY", F_YYYY, 0, true, true},
	{"YYY", F_YYY, 0, true, true},
	{"YY", F_YY, 0, true, true},
	{"Y", F_Y, 0, true, true},
	{"a.d.", F_AD_DOT, 'L', false, false},
	{"a.m.", F_AM_DOT, 'L', false, true},
	{"ad", F_AD, 'L', false, false},
	{"am", F_AM, 'L', false, true},
	{"b.c.", F_BC_DOT, 'L', false, false},
	{"bc", F_BC, 'L', false, false},
	{"cc", F_CC, 0, true, true},
	{"day", F_DAY, 'L', false, false},
	{"ddd", F_DDD, 0, true, true},
	{"dd", F_DD, 0, true, true},
	{"dy", F_DY, 'L', false, false},
	{"d", F_D, 0, true, false},
	{"ff1", F_FF1, 0, true, true},
	{"ff2", F_FF2, 0, true, true},
	{"ff3", F_FF3, 0, true, true},
	{"ff4", F_FF4, 0, true, true},
	{"ff5", F_FF5, 0, true, true},
	{"ff6", F_FF6, 0, true, true},
	{"fx", F_FX, 0, false, true},
	{"hh24", F_HH24, 0, true, true},
	{"hh12", F_HH12, 0, true, true},
	{"hh", F_HH, 0, true, true},
	{"iddd", F_IDDD, 0, true, true},
	{"id", F_ID, 0, true, false},
	{"iw", F_IW, 0, true, true},
	{"iyyy", F_IYYY, 0, true, true},
	{"iyy", F_IYY, 0, true, true},
	{"iy", F_IY, 0, true, true},
	{"i", F_I, 0, true, true},
	{"j", F_J, 0, true, true},
	{"mi", F_MI, 0, true, true},
	{"mm", F_MM, 0, true, true},
	{"month", F_MONTH, 'L', false, false},
	{"mon", F_MON, 'L', false, false},
	{"ms", F_MS, 0, true, true},
	{"of", F_OF, 0, false, false},
	{"p.m.", F_PM_DOT, 'L', false, true},
	{"pm", F_PM, 'L', false, true},
	{"q", F_Q, 0, true, true},
	{"rm", F_RM, 'L', false, true},
	{"sssss", F_SSSSS, 0, true, true},
	{"ssss", F_SSSS, 0, true, true},
	{"ss", F_SS, 0, true, true},
	{"tzh", F_TZH, 0, false, false},
	{"tzm", F_TZM, 0, true, false},
	{"tz", F_TZ, 'L', false, false},
	{"us", F_US, 0, true, true},
	{"ww", F_WW, 0, true, true},
	{"w", F_W, 0, true, true},
	{"y,yyy", F_Y_YYY, 0, true, true},
	{"yyyy", F_YYYY, 0, true, true},
	{"yyy", F_YYY, 0, true, true},
	{"yy", F_YY, 0, true, true},
	{"y", F_Y, 0, true, true},
};

enum { FN_ACTION, FN_CHAR, FN_SPACE, FN_SEPARATOR, FN_END };

/* A parsed template: a pattern with its FM/TH modifiers, or one literal character. */
typedef struct fmt_node {
	int type;
	const fmt_key *key;
	bool fm, tm, th, th_upper; /* tm: TM prefix, which prints names unpadded */
	char ch;
} fmt_node;

enum { MAX_FMT_NODES = 1024 };

static const char *const roman_months[12] = {
	"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};

/* Printable ASCII that is neither letter nor digit: a separator in a template or input. */
static bool is_separator(char c)
{
	return c > 0x20 && c < 0x7F && !isalnum((unsigned char)c);
}

static const fmt_key *fmt_match(const char *p, const char *end)
{
	const fmt_key *best = NULL;
	size_t best_len = 0;

	for (size_t k = 0; k < COUNT(fmt_keys); k++) {
		size_t n = strlen(fmt_keys[k].name);

		if (n > best_len && (size_t)(end - p) >= n && memcmp(p, fmt_keys[k].name, n) == 0) {
			best = &fmt_keys[k];
			best_len = n;
		}
	}
	return best;
}

/* Split a template into nodes (PostgreSQL's parse_format); false when it is too long. */
static bool fmt_parse(const char *p, size_t len, fmt_node *nodes, size_t cap)
{
	const char *end = p + len;
	size_t n = 0;

	while (p < end) {
		fmt_node *nd;
		bool fm = false, tm = false;
		const fmt_key *key;

		if (n + 1 >= cap)
			return false;
		nd = &nodes[n];
		memset(nd, 0, sizeof(*nd));

		/* prefixes: FM (fill mode), TM (translation: the only language is English) */
		for (;;) {
			if (end - p >= 2 && (memcmp(p, "FM", 2) == 0 || memcmp(p, "fm", 2) == 0)) {
				fm = true;
				p += 2;
			} else if (end - p >= 2 &&
				   (memcmp(p, "TM", 2) == 0 || memcmp(p, "tm", 2) == 0) &&
				   fmt_match(p + 2, end) != NULL) {
				tm = true;
				p += 2;
			} else {
				break;
			}
		}
		key = p < end ? fmt_match(p, end) : NULL;
		if (key != NULL) {
			nd->type = FN_ACTION;
			nd->key = key;
			nd->fm = fm;
			nd->tm = tm;
			p += strlen(key->name);
			if (end - p >= 2 && (memcmp(p, "TH", 2) == 0 || memcmp(p, "th", 2) == 0)) {
				nd->th = true;
				nd->th_upper = p[0] == 'T';
				p += 2;
			}
			n++;
			continue;
		}
		if (p >= end)
			break;
		if (*p == '"') {
			/* quoted text: literal characters, backslash escaping the next one */
			for (p++; p < end && *p != '"'; p++) {
				if (*p == '\\' && p + 1 < end)
					p++;
				if (n + 1 >= cap)
					return false;
				nodes[n].type = FN_CHAR;
				nodes[n].key = NULL;
				nodes[n++].ch = *p;
			}
			if (p < end)
				p++;
			continue;
		}
		if (*p == '\\' && p + 1 < end && p[1] == '"')
			p++;
		nd->ch = *p;
		nd->type = isspace((unsigned char)*p) ? FN_SPACE
			   : is_separator(*p)         ? FN_SEPARATOR
						      : FN_CHAR;
		p++;
		n++;
	}
	nodes[n].type = FN_END;
	return true;
}

/* What to_char prints from. */
typedef struct tc_in {
	dt_tm tm;     /* astronomical year; an interval's years and months */
	int64_t days; /* since 2000-01-01; an interval's as if it were a date */
	int wday, yday;
	int32_t gmtoff;  /* seconds east */
	const char *tzn; /* the zone's abbreviation, NULL for timestamp */
	bool is_interval;
	int iso_week; /* an interval's IW, by PostgreSQL's arithmetic */
} tc_in;

/*
 * PostgreSQL's Julian day arithmetic, which to_char(interval) applies to
 * an interval's fields even when they are no date (month 0, negative
 * days): it must give the same numbers, so it is the same formula.
 */
static int64_t pg_date2j(int64_t y, int64_t m, int64_t d)
{
	int64_t century;

	if (m > 2) {
		m += 1;
		y += 4800;
	} else {
		m += 13;
		y += 4799;
	}
	century = y / 100;
	return y * 365 - 32167 + y / 4 - century + century / 4 + 7834 * m / 256 + d;
}

static int64_t pg_j2day(int64_t j)
{
	int64_t d = (j + 1) % 7;

	return d < 0 ? d + 7 : d;
}

/* PostgreSQL's date2isoweek on those fields. */
static int pg_isoweek(int64_t y, int64_t m, int64_t d)
{
	int64_t dayn = pg_date2j(y, m, d), day4 = pg_date2j(y, 1, 4), day0 = pg_j2day(day4 - 1);
	int64_t r;

	if (dayn < day4 - day0) {
		day4 = pg_date2j(y - 1, 1, 4);
		day0 = pg_j2day(day4 - 1);
	}
	r = (dayn - (day4 - day0)) / 7 + 1;
	if (r >= 52) {
		day4 = pg_date2j(y + 1, 1, 4);
		day0 = pg_j2day(day4 - 1);
		if (dayn >= day4 - day0)
			r = (dayn - (day4 - day0)) / 7 + 1;
	}
	return (int)r;
}

static void put_cased(store_buf *b, const char *s, char casing, int pad)
{
	char tmp[16];
	size_t n = strlen(s);

	for (size_t k = 0; k < n && k < sizeof(tmp) - 1; k++)
		tmp[k] = casing == 'U'   ? (char)toupper((unsigned char)s[k])
			 : casing == 'L' ? (char)tolower((unsigned char)s[k])
					 : s[k];
	tmp[n < sizeof(tmp) - 1 ? n : sizeof(tmp) - 1] = '\0';
	store_buf_printf(b, "%-*s", pad, tmp);
}

/* The ordinal suffix of a number's text: 1st, 2nd, 3rd, 11th. */
static void put_th(store_buf *b, size_t start, bool upper)
{
	const char *s = (const char *)b->data + start;
	size_t n = b->len - start;
	char last = n > 0 ? s[n - 1] : '0';
	const char *suffix = "th";

	if (!(n > 1 && s[n - 2] == '1')) {
		if (last == '1')
			suffix = "st";
		else if (last == '2')
			suffix = "nd";
		else if (last == '3')
			suffix = "rd";
	}
	put_cased(b, suffix, upper ? 'U' : 'L', 0);
}

static int interval_format_error(exec_ctx *cx)
{
	store_err_set(cx->err, "22007", "invalid format specification for an interval value");
	store_err_hint(cx->err, "Intervals are not tied to specific calendar dates.");
	return EXEC_ERROR;
}

/* The year as to_char shows it: no year 0 for dates (1 BC is 1), as-is for intervals. */
static int64_t shown_year(const tc_in *in, int64_t y)
{
	return in->is_interval ? y : y <= 0 ? -(y - 1) : y;
}

/* Print one pattern. */
static void tc_action(const fmt_node *nd, const tc_in *in, store_buf *b)
{
	const dt_tm *tm = &in->tm;
	char casing = nd->key->casing;
	bool fm = nd->fm;
	int64_t y = shown_year(in, tm->year), iy = 0, iso_y = 0;
	int iw = 0, w2 = fm ? 0 : 2;

	if (nd->key->id >= F_IDDD && nd->key->id <= F_I) {
		iso_week(in->days, &iso_y, &iw);
		iy = shown_year(in, iso_y);
		if (in->is_interval)
			iw = in->iso_week;
	}
	switch (nd->key->id) {
	case F_AD_DOT:
	case F_AD:
	case F_BC_DOT:
	case F_BC: {
		bool dots = nd->key->id == F_AD_DOT || nd->key->id == F_BC_DOT;

		put_cased(b, tm->year <= 0 ? (dots ? "B.C." : "BC") : (dots ? "A.D." : "AD"),
			casing, 0);
		break;
	}
	case F_AM_DOT:
	case F_AM:
	case F_PM_DOT:
	case F_PM: {
		bool dots = nd->key->id == F_AM_DOT || nd->key->id == F_PM_DOT;

		put_cased(b, tm->hour % 24 >= 12 ? (dots ? "P.M." : "PM") : (dots ? "A.M." : "AM"),
			casing, 0);
		break;
	}
	case F_HH:
	case F_HH12:
		store_buf_printf(b, "%0*lld",
			fm              ? 0
			: tm->hour >= 0 ? 2
					: 3,
			(long long)(tm->hour % 12 == 0 ? 12 : tm->hour % 12));
		break;
	case F_HH24:
		store_buf_printf(b, "%0*lld", fm ? 0 : tm->hour >= 0 ? 2 : 3, (long long)tm->hour);
		break;
	case F_MI:
		store_buf_printf(b, "%0*d", fm ? 0 : tm->min >= 0 ? 2 : 3, tm->min);
		break;
	case F_SS:
		store_buf_printf(b, "%0*d", fm ? 0 : tm->sec >= 0 ? 2 : 3, tm->sec);
		break;
	case F_FF1:
	case F_FF2:
	case F_FF3:
	case F_FF4:
	case F_FF5:
	case F_FF6:
	case F_MS:
	case F_US: {
		int digits = nd->key->id == F_MS   ? 3
			     : nd->key->id == F_US ? 6
						   : nd->key->id - F_FF1 + 1;
		int64_t div = 1;

		for (int k = digits; k < 6; k++)
			div *= 10;
		store_buf_printf(b, "%0*lld", digits, (long long)(tm->usec / div));
		break;
	}
	case F_SSSS:
	case F_SSSSS:
		store_buf_printf(b, "%lld", (long long)(tm->hour * 3600 + tm->min * 60 + tm->sec));
		break;
	case F_TZ:
		if (in->tzn != NULL)
			put_cased(b, in->tzn, casing, 0);
		break;
	case F_TZH:
		store_buf_printf(b, "%c%02d", in->gmtoff >= 0 ? '+' : '-', abs(in->gmtoff) / 3600);
		break;
	case F_TZM:
		store_buf_printf(b, "%02d", abs(in->gmtoff) % 3600 / 60);
		break;
	case F_OF:
		store_buf_printf(
			b, "%c%0*d", in->gmtoff >= 0 ? '+' : '-', w2, abs(in->gmtoff) / 3600);
		if (abs(in->gmtoff) % 3600 != 0)
			store_buf_printf(b, ":%02d", abs(in->gmtoff) % 3600 / 60);
		break;
	case F_MONTH:
		if (tm->mon >= 1)
			put_cased(b, month_names[tm->mon - 1], casing, fm || nd->tm ? 0 : 9);
		break;
	case F_MON:
		if (tm->mon >= 1) {
			char abbr[4];

			memcpy(abbr, month_names[tm->mon - 1], 3);
			abbr[3] = '\0';
			put_cased(b, abbr, casing, 0);
		}
		break;
	case F_MM:
		store_buf_printf(b, "%0*d", fm ? 0 : tm->mon >= 0 ? 2 : 3, tm->mon);
		break;
	case F_DAY:
		put_cased(b, day_names[in->wday], casing, fm || nd->tm ? 0 : 9);
		break;
	case F_DY: {
		char abbr[4];

		memcpy(abbr, day_names[in->wday], 3);
		abbr[3] = '\0';
		put_cased(b, abbr, casing, 0);
		break;
	}
	case F_DDD:
		store_buf_printf(b, "%0*d", fm ? 0 : 3, in->yday);
		break;
	case F_IDDD:
		store_buf_printf(
			b, "%0*d", fm ? 0 : 3, (int)(in->days - iso_year_start(iso_y)) + 1);
		break;
	case F_DD:
		store_buf_printf(b, "%0*d", fm ? 0 : 2, tm->mday);
		break;
	case F_D:
		store_buf_printf(b, "%d", in->wday + 1);
		break;
	case F_ID:
		store_buf_printf(b, "%d", in->wday == 0 ? 7 : in->wday);
		break;
	case F_WW:
		store_buf_printf(b, "%0*d", fm ? 0 : 2, (in->yday - 1) / 7 + 1);
		break;
	case F_IW:
		store_buf_printf(b, "%0*d", fm ? 0 : 2, iw);
		break;
	case F_Q:
		if (tm->mon != 0)
			store_buf_printf(b, "%d", (tm->mon - 1) / 3 + 1);
		break;
	case F_CC: {
		int64_t c = in->is_interval ? tm->year / 100
			    : tm->year > 0  ? (tm->year - 1) / 100 + 1
					    : tm->year / 100 - 1;

		if (c <= 99 && c >= -99)
			store_buf_printf(b, "%0*lld", fm ? 0 : c >= 0 ? 2 : 3, (long long)c);
		else
			store_buf_printf(b, "%lld", (long long)c);
		break;
	}
	case F_Y_YYY:
		store_buf_printf(
			b, "%lld,%03lld", (long long)(y / 1000), (long long)(y - y / 1000 * 1000));
		break;
	case F_YYYY:
	case F_IYYY:
		store_buf_printf(b, "%0*lld",
			fm                                      ? 0
			: (nd->key->id == F_YYYY ? y : iy) >= 0 ? 4
								: 5,
			(long long)(nd->key->id == F_YYYY ? y : iy));
		break;
	case F_YYY:
	case F_IYY:
		store_buf_printf(b, "%0*lld",
			fm                                     ? 0
			: (nd->key->id == F_YYY ? y : iy) >= 0 ? 3
							       : 4,
			(long long)((nd->key->id == F_YYY ? y : iy) % 1000));
		break;
	case F_YY:
	case F_IY:
		store_buf_printf(b, "%0*lld",
			fm                                    ? 0
			: (nd->key->id == F_YY ? y : iy) >= 0 ? 2
							      : 3,
			(long long)((nd->key->id == F_YY ? y : iy) % 100));
		break;
	case F_Y:
	case F_I:
		store_buf_printf(b, "%1lld", (long long)((nd->key->id == F_Y ? y : iy) % 10));
		break;
	case F_RM:
		if (tm->mon >= 1)
			put_cased(b, roman_months[tm->mon - 1], casing, fm ? 0 : 4);
		break;
	case F_W:
		store_buf_printf(b, "%d", (tm->mday - 1) / 7 + 1);
		break;
	case F_J:
		store_buf_printf(b, "%lld", (long long)(in->days + POSTGRES_EPOCH_JDATE));
		break;
	}
}

/* to_char's output into a text value; NULL for an empty template. */
static int to_char_common(exec_ctx *cx, const tc_in *in, const exec_value *fmt, exec_value *out)
{
	fmt_node *nodes;
	store_buf b = STORE_BUF_INIT;
	char *res;

	if (fmt->v.s.len == 0) {
		*out = exec_null(EXEC_OID_TEXT);
		return EXEC_OK;
	}
	nodes = sql_arena_alloc(cx->arena, sizeof(fmt_node) * (fmt->v.s.len + 1));
	(void)fmt_parse(fmt->v.s.p, fmt->v.s.len, nodes, fmt->v.s.len + 1);
	for (const fmt_node *nd = nodes; nd->type != FN_END; nd++) {
		size_t start = b.len;

		if (nd->type != FN_ACTION) {
			store_buf_putc(&b, nd->ch);
			continue;
		}
		if (in->is_interval && !nd->key->interval) {
			store_buf_free(&b);
			return interval_format_error(cx);
		}
		tc_action(nd, in, &b);
		if (nd->th && nd->key->digit)
			put_th(&b, start, nd->th_upper);
	}
	res = sql_arena_strndup(cx->arena, b.len > 0 ? (const char *)b.data : "", b.len);
	*out = exec_text(EXEC_OID_TEXT, res, b.len);
	store_buf_free(&b);
	return EXEC_OK;
}

/* The fields of a wall-clock timestamp for to_char. */
static void tc_from_local(int64_t local, tc_in *in)
{
	int64_t y;
	int m, d;

	memset(in, 0, sizeof(*in));
	local_to_tm(local, &in->tm);
	in->days = floor_div(local, USECS_PER_DAY);
	in->wday = day_of_week(in->days);
	exec_date_to_ymd(in->days, &y, &m, &d);
	in->yday = (int)(in->days - exec_date_from_ymd(y, 1, 1)) + 1;
}

static int fn_to_char(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	tc_in in;
	int64_t t = ARG_I(0);

	switch (args[0].type) {
	case EXEC_OID_INTERVAL: {
		const exec_interval *iv = ARG_IV(0);

		memset(&in, 0, sizeof(in));
		interval_to_tm(iv, &in.tm);
		in.is_interval = true;
		in.yday = (int)((in.tm.year * MONTHS_PER_YEAR + in.tm.mon) * DAYS_PER_MONTH +
				in.tm.mday);
		in.days = pg_date2j(in.tm.year, in.tm.mon, in.tm.mday) - POSTGRES_EPOCH_JDATE;
		in.iso_week = pg_isoweek(in.tm.year, in.tm.mon, in.tm.mday);
		return to_char_common(cx, &in, &args[1], out);
	}
	case EXEC_OID_DATE:
		if (!DATE_FINITE(t)) {
			*out = exec_null(EXEC_OID_TEXT);
			return EXEC_OK;
		}
		tc_from_local(t * USECS_PER_DAY, &in);
		return to_char_common(cx, &in, &args[1], out);
	case EXEC_OID_TIMESTAMPTZ: {
		exec_tz tz;
		int32_t off;
		const char *abbrev = NULL;

		if (!TS_FINITE(t)) {
			*out = exec_null(EXEC_OID_TEXT);
			return EXEC_OK;
		}
		session_zone(cx, &tz);
		t = ts_to_local(&tz, t, &off, &abbrev);
		tc_from_local(t, &in);
		in.gmtoff = off;
		in.tzn = abbrev;
		return to_char_common(cx, &in, &args[1], out);
	}
	default:
		if (!TS_FINITE(t)) {
			*out = exec_null(EXEC_OID_TEXT);
			return EXEC_OK;
		}
		tc_from_local(t, &in);
		return to_char_common(cx, &in, &args[1], out);
	}
}

/* What to_date and to_timestamp read (PostgreSQL's TmFromChar); 0 means not given. */
typedef struct tp_fields {
	int64_t year;
	int yysz;
	bool bc, pm, clock12, have_tz;
	int mm, dd, ddd, hh, mi, ss, ssss, ms_len;
	int64_t ms, us, j;
	int tzsign, tzh, tzm;
} tp_fields;

static int tp_error(exec_ctx *cx, const char *state, const char *detail, const char *msg, ...)
	__attribute__((format(printf, 4, 5)));

static int tp_error(exec_ctx *cx, const char *state, const char *detail, const char *msg, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, msg);
	vsnprintf(buf, sizeof(buf), msg, ap);
	va_end(ap);
	store_err_set(cx->err, state, "%s", buf);
	if (detail != NULL)
		store_err_detail(cx->err, "%s", detail);
	return EXEC_ERROR;
}

/* Does the node after nd start something that is not a digit? */
static bool next_is_separator(const fmt_node *nd)
{
	if (nd->type == FN_ACTION && nd->th)
		return true;
	nd++;
	if (nd->type == FN_END)
		return true;
	if (nd->type == FN_ACTION)
		return !nd->key->digit;
	return !isdigit((unsigned char)nd->ch);
}

/*
 * Read an integer for a pattern: as many digits as there are in fill mode
 * or before a separator, else exactly len characters.  *used gets how many.
 */
static int tp_int(exec_ctx *cx, const char **sp, const char *end, const fmt_node *nd, int len,
	int64_t *out, int *used)
{
	const char *s = *sp;
	char buf[32];
	char *last;
	long long v;

	while (s < end && *s == ' ')
		s++;
	if (nd->fm || next_is_separator(nd)) {
		size_t n = 0;

		while (s + n < end && n < sizeof(buf) - 1 &&
			(isdigit((unsigned char)s[n]) || (n == 0 && (s[n] == '-' || s[n] == '+'))))
			n++;
		memcpy(buf, s, n);
		buf[n] = '\0';
	} else {
		if (end - s < len)
			return tp_error(cx, "22007",
				"If your source string is not fixed-width, try using the \"FM\" modifier.",
				"source string too short for \"%s\" formatting field",
				nd->key->name);
		memcpy(buf, s, (size_t)len);
		buf[len] = '\0';
	}
	errno = 0;
	v = strtoll(buf, &last, 10);
	if (last == buf)
		return tp_error(cx, "22007", "Value must be an integer.",
			"invalid value \"%.*s\" for \"%s\"", (int)(end - s < len ? end - s : len),
			s, nd->key->name);
	if (!nd->fm && !next_is_separator(nd) && last - buf < len)
		return tp_error(
			cx, "22007", NULL, "invalid value \"%s\" for \"%s\"", buf, nd->key->name);
	if (errno == ERANGE || v < INT32_MIN || v > INT32_MAX)
		return tp_error(cx, "22008",
			"Value must be in the range -2147483648 to 2147483647.",
			"value for \"%s\" in source string is out of range", nd->key->name);
	*used = (int)(last - buf);
	*sp = s + *used;
	*out = v;
	return EXEC_OK;
}

/* Match one of words (case-insensitively) at *sp; its index, or -1 with the error set. */
static int tp_word(exec_ctx *cx, const char **sp, const char *end, const fmt_node *nd,
	const char *const *words, int nwords, int chars)
{
	const char *s = *sp;

	while (s < end && *s == ' ')
		s++;
	for (int k = 0; k < nwords; k++) {
		size_t n = chars > 0 ? (size_t)chars : strlen(words[k]);

		if ((size_t)(end - s) >= n && strncasecmp(s, words[k], n) == 0) {
			*sp = s + n;
			return k;
		}
	}
	tp_error(cx, "22007",
		"The given value did not match any of the allowed values for this field.",
		"invalid value \"%.*s\" for \"%s\"", (int)(end - s < 9 ? end - s : 9), s,
		nd->key->name);
	return -1;
}

/* Parse text by a template into f (PostgreSQL's DCH_from_char, without FX mode). */
static int tp_parse(exec_ctx *cx, const exec_value *text, const exec_value *fmt, tp_fields *f)
{
	static const char *const ampm[] = {"a.m.", "p.m.", "am", "pm"};
	static const char *const adbc[] = {"a.d.", "b.c.", "ad", "bc"};
	const char *s = text->v.s.p, *end = s + text->v.s.len;
	fmt_node *nodes = sql_arena_alloc(cx->arena, sizeof(fmt_node) * (fmt->v.s.len + 1));
	int extra_skip = 0;

	memset(f, 0, sizeof(*f));
	(void)fmt_parse(fmt->v.s.p, fmt->v.s.len, nodes, fmt->v.s.len + 1);
	for (const fmt_node *nd = nodes; nd->type != FN_END && s < end; nd++) {
		int64_t v = 0;
		int used = 0, k;

		if (nd->type == FN_SPACE || nd->type == FN_SEPARATOR) {
			/* one template separator matches one input separator, or none */
			extra_skip--;
			if (isspace((unsigned char)*s) || is_separator(*s)) {
				s++;
				extra_skip++;
			}
			continue;
		}
		if (nd->type == FN_CHAR) {
			if (extra_skip > 0)
				extra_skip--;
			else
				s++;
			continue;
		}

		/* spaces before a field are skipped */
		while (s < end && isspace((unsigned char)*s)) {
			s++;
			extra_skip++;
		}
		switch (nd->key->id) {
		case F_FX:
			break;
		case F_AM_DOT:
		case F_PM_DOT:
		case F_AM:
		case F_PM:
			k = tp_word(cx, &s, end, nd, ampm, 4, 0);
			if (k < 0)
				return EXEC_ERROR;
			f->pm = k % 2 == 1;
			f->clock12 = true;
			break;
		case F_AD_DOT:
		case F_BC_DOT:
		case F_AD:
		case F_BC:
			k = tp_word(cx, &s, end, nd, adbc, 4, 0);
			if (k < 0)
				return EXEC_ERROR;
			f->bc = k % 2 == 1;
			break;
		case F_MONTH:
		case F_MON:
			k = tp_word(cx, &s, end, nd, month_names, 12, nd->key->id == F_MON ? 3 : 0);
			if (k < 0)
				return EXEC_ERROR;
			f->mm = k + 1;
			break;
		case F_DAY:
		case F_DY:
			if (tp_word(cx, &s, end, nd, day_names, 7, nd->key->id == F_DY ? 3 : 0) < 0)
				return EXEC_ERROR;
			break;
		case F_RM:
			/* longest numerals first, so that VIII is not read as V */
			{
				static const char *const rm[] = {"XII", "VIII", "III", "VII", "XI",
					"IX", "IV", "VI", "II", "X", "V", "I"};
				static const int rmv[] = {12, 8, 3, 7, 11, 9, 4, 6, 2, 10, 5, 1};

				k = tp_word(cx, &s, end, nd, rm, 12, 0);
				if (k < 0)
					return EXEC_ERROR;
				f->mm = rmv[k];
			}
			break;
		case F_TZ:
			return tp_error(cx, "0A000", NULL,
				"formatting field \"%s\" is only supported in to_char",
				nd->key->name);
		case F_TZH:
		case F_OF:
			/* a sign read as a separator just before belongs to the hours */
			if (s > text->v.s.p && s[-1] == '-' && extra_skip > 0) {
				s--;
				extra_skip--;
			}
			if (tp_int(cx, &s, end, nd, 2, &v, &used) != EXEC_OK)
				return EXEC_ERROR;
			f->tzsign = v < 0 || (used > 0 && s[-used] == '-') ? -1 : 1;
			f->tzh = (int)(v < 0 ? -v : v);
			f->have_tz = true;
			if (nd->key->id == F_OF && s < end && *s == ':') {
				s++;
				if (tp_int(cx, &s, end, nd, 2, &v, &used) != EXEC_OK)
					return EXEC_ERROR;
				f->tzm = (int)v;
			}
			break;
		case F_TZM:
			if (f->tzsign == 0)
				f->tzsign = 1;
			if (tp_int(cx, &s, end, nd, 2, &v, &used) != EXEC_OK)
				return EXEC_ERROR;
			f->tzm = (int)v;
			f->have_tz = true;
			break;
		case F_Y_YYY: {
			int mil, yrs, nch = 0;
			char buf[32];
			size_t n = (size_t)(end - s) < sizeof(buf) - 1 ? (size_t)(end - s)
								       : sizeof(buf) - 1;

			memcpy(buf, s, n);
			buf[n] = '\0';
			if (sscanf(buf, "%d,%03d%n", &mil, &yrs, &nch) < 2)
				return tp_error(
					cx, "22008", NULL, "invalid input string for \"Y,YYY\"");
			f->year = (int64_t)mil * 1000 + yrs;
			f->yysz = 4;
			s += nch;
			break;
		}
		default: {
			int id = nd->key->id;
			int len = id == F_MS                     ? 3
				  : id == F_US                   ? 6
				  : (id >= F_FF1 && id <= F_FF6) ? id - F_FF1 + 1
				  : id == F_HH24 || id == F_HH12 ? 2
				  : id == F_SSSSS                ? 5
								 : (int)strlen(nd->key->name);

			if (tp_int(cx, &s, end, nd, len, &v, &used) != EXEC_OK)
				return EXEC_ERROR;
			switch (id) {
			case F_YYYY:
			case F_IYYY:
			case F_YYY:
			case F_IYY:
			case F_YY:
			case F_IY:
			case F_Y:
			case F_I:
				f->year = v;
				f->yysz = len;
				if (len < 4 && used < 4)
					f->year = v < 70     ? v + 2000
						  : v < 100  ? v + 1900
						  : v < 520  ? v + 2000
						  : v < 1000 ? v + 1000
							     : v;
				break;
			case F_MM:
				f->mm = (int)v;
				break;
			case F_DD:
				f->dd = (int)v;
				break;
			case F_DDD:
			case F_IDDD:
				f->ddd = (int)v;
				break;
			case F_HH:
			case F_HH12:
				f->hh = (int)v;
				f->clock12 = true;
				break;
			case F_HH24:
				f->hh = (int)v;
				break;
			case F_MI:
				f->mi = (int)v;
				break;
			case F_SS:
				f->ss = (int)v;
				break;
			case F_SSSS:
			case F_SSSSS:
				f->ssss = (int)v;
				break;
			case F_MS:
				f->ms = v * (used == 1 ? 100 : used == 2 ? 10 : 1);
				break;
			case F_US:
			case F_FF1:
			case F_FF2:
			case F_FF3:
			case F_FF4:
			case F_FF5:
			case F_FF6:
				for (f->us = v; used < 6; used++)
					f->us *= 10;
				break;
			case F_J:
				f->j = v;
				break;
			default:
				break; /* CC, D, ID, Q, W, WW, IW: read and not used */
			}
		}
		}
	}
	return EXEC_OK;
}

/* Assemble what tp_parse read into fields (PostgreSQL's do_to_timestamp); year 0 when none. */
static int tp_assemble(exec_ctx *cx, const tp_fields *f, const exec_value *text, dt_tm *tm)
{
	dt_parse d;
	int rc;

	memset(&d, 0, sizeof(d));
	d.tm.year = 0;
	d.tm.mon = 1;
	d.tm.mday = 1;
	if (f->ssss != 0) {
		d.tm.hour = f->ssss / 3600;
		d.tm.min = f->ssss % 3600 / 60;
		d.tm.sec = f->ssss % 60;
	}
	if (f->ss != 0)
		d.tm.sec = f->ss;
	if (f->mi != 0)
		d.tm.min = f->mi;
	if (f->hh != 0)
		d.tm.hour = f->hh;
	if (f->clock12) {
		if (d.tm.hour < 1 || d.tm.hour > 12) {
			store_err_set(cx->err, "22007",
				"hour \"%d\" is invalid for the 12-hour clock", (int)d.tm.hour);
			store_err_hint(cx->err,
				"Use the 24-hour clock, or give an hour between 1 and 12.");
			return EXEC_ERROR;
		}
		if (f->pm && d.tm.hour < 12)
			d.tm.hour += 12;
		else if (!f->pm && d.tm.hour == 12)
			d.tm.hour = 0;
	}
	if (f->year != 0) {
		d.tm.year = f->bc ? -f->year : f->year;
		if (d.tm.year < 0)
			d.tm.year++;
		d.fmask |= M_YEAR;
	}
	if (f->j != 0) {
		exec_date_to_ymd(f->j - POSTGRES_EPOCH_JDATE, &d.tm.year, &d.tm.mon, &d.tm.mday);
		d.fmask |= M_DATE;
	}
	if (f->dd != 0) {
		d.tm.mday = f->dd;
		d.fmask |= M_DAY;
	}
	if (f->mm != 0) {
		d.tm.mon = f->mm;
		d.fmask |= M_MONTH;
	}
	if (f->ddd != 0 && (d.tm.mon <= 1 || d.tm.mday <= 1)) {
		exec_date_to_ymd(exec_date_from_ymd(d.tm.year, 1, 1) + f->ddd - 1, &d.tm.year,
			&d.tm.mon, &d.tm.mday);
		d.fmask |= M_MONTH | M_DAY;
	}
	d.tm.usec = f->ms * 1000 + f->us;
	d.julian = true; /* years are settled above */
	rc = validate_date(&d);
	if (rc != 0 || d.tm.hour < 0 || d.tm.hour >= 24 || d.tm.min < 0 || d.tm.min >= 60 ||
		d.tm.sec < 0 || d.tm.sec >= 60 || d.tm.usec < 0 || d.tm.usec >= USECS_PER_SEC)
		return parse_error(
			cx, DTERR_FIELD_OVERFLOW, text->v.s.p, text->v.s.len, "timestamp");
	*tm = d.tm;
	return EXEC_OK;
}

static int fn_to_timestamp_text(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	tp_fields f;
	dt_tm tm;
	int32_t off;
	int64_t local, t;

	if (tp_parse(cx, &args[0], &args[1], &f) != EXEC_OK ||
		tp_assemble(cx, &f, &args[0], &tm) != EXEC_OK)
		return EXEC_ERROR;
	if (!tm_to_ts(&tm, 0, &local))
		return range_error(cx, "timestamp");
	if (f.have_tz) {
		off = f.tzsign * (f.tzh * 3600 + f.tzm * 60);
	} else {
		exec_tz tz;

		session_zone(cx, &tz);
		off = zone_local(&tz, local);
	}
	if (!tm_to_ts(&tm, off, &t))
		return range_error(cx, "timestamp");
	*out = ts_value(EXEC_OID_TIMESTAMPTZ, t);
	return EXEC_OK;
}

static int fn_to_date(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	tp_fields f;
	dt_tm tm;
	int64_t days;

	if (tp_parse(cx, &args[0], &args[1], &f) != EXEC_OK ||
		tp_assemble(cx, &f, &args[0], &tm) != EXEC_OK)
		return EXEC_ERROR;
	days = exec_date_from_ymd(tm.year, tm.mon, tm.mday);
	if (!julian_ok(tm.year, tm.mon) || !date_ok(days))
		return store_err_set(cx->err, "22008", "date out of range: \"%.*s\"",
			(int)args[0].v.s.len, args[0].v.s.p);
	*out = exec_int(EXEC_OID_DATE, days);
	return EXEC_OK;
}

/* ---- the tables ---- */

#define DATE_T  EXEC_OID_DATE
#define TIME_T  EXEC_OID_TIME
#define TIMETZ  EXEC_OID_TIMETZ
#define TS      EXEC_OID_TIMESTAMP
#define TSTZ    EXEC_OID_TIMESTAMPTZ
#define IV      EXEC_OID_INTERVAL
#define TEXT    EXEC_OID_TEXT
#define BOOL    EXEC_OID_BOOL
#define I4      EXEC_OID_INT4
#define F8      EXEC_OID_FLOAT8
#define NUMERIC EXEC_OID_NUMERIC

static const exec_type types[] = {
	{DATE_T, "date", "date", 'D', false, 4, 0, EXEC_OID_DATE_ARRAY, date_in, date_out,
		scalar_cmp, scalar_hash, NULL},
	{TIME_T, "time", "time without time zone", 'D', false, 8, 0, EXEC_OID_TIME_ARRAY, time_in,
		time_out, scalar_cmp, scalar_hash, time_coerce},
	{TIMETZ, "timetz", "time with time zone", 'D', false, 12, 0, 1270, timetz_in, timetz_out,
		timetz_cmp, timetz_hash, time_coerce},
	{TS, "timestamp", "timestamp without time zone", 'D', false, 8, 0, EXEC_OID_TIMESTAMP_ARRAY,
		timestamp_in, timestamp_out, scalar_cmp, scalar_hash, ts_coerce},
	{TSTZ, "timestamptz", "timestamp with time zone", 'D', true, 8, 0,
		EXEC_OID_TIMESTAMPTZ_ARRAY, timestamptz_in, timestamptz_out, scalar_cmp,
		scalar_hash, ts_coerce},
	{IV, "interval", "interval", 'T', true, 16, 0, EXEC_OID_INTERVAL_ARRAY, interval_in,
		interval_out, interval_cmp, interval_hash, interval_coerce},
};

#define CAST(f, t, c, fn)                                                                          \
	{                                                                                          \
		f, t, EXEC_CAST_##c, fn                                                            \
	}

static const exec_cast casts[] = {
	CAST(DATE_T, TS, IMPLICIT, cast_date_ts),
	CAST(DATE_T, TSTZ, IMPLICIT, cast_date_tstz),
	CAST(TIME_T, IV, IMPLICIT, cast_time_interval),
	CAST(TIME_T, TIMETZ, IMPLICIT, cast_time_timetz),
	CAST(TS, DATE_T, ASSIGNMENT, cast_ts_date),
	CAST(TS, TIME_T, ASSIGNMENT, cast_ts_time),
	CAST(TS, TSTZ, IMPLICIT, cast_ts_tstz),
	CAST(TSTZ, DATE_T, ASSIGNMENT, cast_tstz_date),
	CAST(TSTZ, TIME_T, ASSIGNMENT, cast_tstz_time),
	CAST(TSTZ, TS, ASSIGNMENT, cast_tstz_ts),
	CAST(TSTZ, TIMETZ, ASSIGNMENT, cast_tstz_timetz),
	CAST(IV, TIME_T, ASSIGNMENT, cast_interval_time),
	CAST(TIMETZ, TIME_T, ASSIGNMENT, cast_timetz_time),
	/* through the text forms, as PostgreSQL's I/O conversion casts */
	CAST(DATE_T, TEXT, ASSIGNMENT, NULL),
	CAST(TIME_T, TEXT, ASSIGNMENT, NULL),
	CAST(TIMETZ, TEXT, ASSIGNMENT, NULL),
	CAST(TS, TEXT, ASSIGNMENT, NULL),
	CAST(TSTZ, TEXT, ASSIGNMENT, NULL),
	CAST(IV, TEXT, ASSIGNMENT, NULL),
	CAST(TEXT, DATE_T, EXPLICIT, NULL),
	CAST(TEXT, TIME_T, EXPLICIT, NULL),
	CAST(TEXT, TIMETZ, EXPLICIT, NULL),
	CAST(TEXT, TS, EXPLICIT, NULL),
	CAST(TEXT, TSTZ, EXPLICIT, NULL),
	CAST(TEXT, IV, EXPLICIT, NULL),
};

/* The six comparisons of a type: = is hashable, each has its negator. */
#define CMPS(t, prefix, o_eq, o_ne, o_lt, o_le, o_gt, o_ge)                                        \
	{"=", t, t, BOOL, prefix##_eq, o_eq, "<>", true},                                          \
		{"<>", t, t, BOOL, prefix##_ne, o_ne, "=", false},                                 \
		{"<", t, t, BOOL, prefix##_lt, o_lt, ">=", false},                                 \
		{"<=", t, t, BOOL, prefix##_le, o_le, ">", false},                                 \
		{">", t, t, BOOL, prefix##_gt, o_gt, "<=", false},                                 \
	{                                                                                          \
		">=", t, t, BOOL, prefix##_ge, o_ge, "<", false                                    \
	}

static const exec_oper opers[] = {
	CMPS(DATE_T, sc, 1093, 1094, 1095, 1096, 1097, 1098),
	CMPS(TIME_T, sc, 1108, 1109, 1110, 1111, 1112, 1113),
	CMPS(TIMETZ, ttz, 1550, 1551, 1552, 1553, 1554, 1555),
	CMPS(TS, sc, 2060, 2061, 2062, 2063, 2064, 2065),
	CMPS(TSTZ, sc, 1320, 1321, 1322, 1323, 1324, 1325),
	CMPS(IV, iv, 1330, 1331, 1332, 1333, 1334, 1335),
	{"+", DATE_T, I4, DATE_T, op_date_pl_int, 1100, NULL, false},
	{"+", I4, DATE_T, DATE_T, op_int_pl_date, 2555, NULL, false},
	{"-", DATE_T, I4, DATE_T, op_date_mi_int, 1101, NULL, false},
	{"-", DATE_T, DATE_T, I4, op_date_mi_date, 1099, NULL, false},
	{"+", DATE_T, IV, TS, op_date_pl_iv, 1076, NULL, false},
	{"+", IV, DATE_T, TS, op_iv_pl_date, 2551, NULL, false},
	{"-", DATE_T, IV, TS, op_date_mi_iv, 1077, NULL, false},
	{"+", DATE_T, TIME_T, TS, op_date_pl_time, 1360, NULL, false},
	{"+", TIME_T, DATE_T, TS, op_time_pl_date, 1363, NULL, false},
	{"+", TS, IV, TS, op_ts_pl_iv, 2066, NULL, false},
	{"+", IV, TS, TS, op_iv_pl_ts, 2553, NULL, false},
	{"-", TS, IV, TS, op_ts_mi_iv, 2068, NULL, false},
	{"-", TS, TS, IV, op_ts_mi_ts, 2067, NULL, false},
	{"+", TSTZ, IV, TSTZ, op_ts_pl_iv, 1327, NULL, false},
	{"+", IV, TSTZ, TSTZ, op_iv_pl_ts, 2554, NULL, false},
	{"-", TSTZ, IV, TSTZ, op_ts_mi_iv, 1329, NULL, false},
	{"-", TSTZ, TSTZ, IV, op_ts_mi_ts, 1328, NULL, false},
	{"+", TIME_T, IV, TIME_T, op_time_pl_iv, 1800, NULL, false},
	{"+", IV, TIME_T, TIME_T, op_iv_pl_time, 1849, NULL, false},
	{"-", TIME_T, IV, TIME_T, op_time_mi_iv, 1801, NULL, false},
	{"-", TIME_T, TIME_T, IV, op_time_mi_time, 1399, NULL, false},
	{"+", TIMETZ, IV, TIMETZ, op_time_pl_iv, 1802, NULL, false},
	{"-", TIMETZ, IV, TIMETZ, op_time_mi_iv, 1803, NULL, false},
	{"+", IV, IV, IV, op_iv_pl_iv, 1337, NULL, false},
	{"-", IV, IV, IV, op_iv_mi_iv, 1338, NULL, false},
	{"-", 0, IV, IV, op_iv_neg, 1336, NULL, false},
	{"*", IV, F8, IV, op_iv_mul, 1583, NULL, false},
	{"*", F8, IV, IV, op_iv_mul, 1584, NULL, false},
	{"/", IV, F8, IV, op_iv_div, 1585, NULL, false},
};

#define FN(name, res, n, a, vol, fn, oid)                                                          \
	{                                                                                          \
		name, res, n, a, false, true, vol, fn, oid                                         \
	}
#define A(...)                                                                                     \
	{                                                                                          \
		__VA_ARGS__                                                                        \
	}

static const exec_func funcs[] = {
	FN("now", TSTZ, 0, A(0), 's', fn_now, 1299),
	FN("transaction_timestamp", TSTZ, 0, A(0), 's', fn_now, 2647),
	FN("current_timestamp", TSTZ, 0, A(0), 's', fn_now, 0),
	FN("current_timestamp", TSTZ, 1, A(I4), 's', fn_now, 0),
	FN("statement_timestamp", TSTZ, 0, A(0), 's', fn_statement_timestamp, 2648),
	FN("clock_timestamp", TSTZ, 0, A(0), 'v', fn_clock_timestamp, 2649),
	FN("current_date", DATE_T, 0, A(0), 's', fn_current_date, 0),
	FN("current_time", TIMETZ, 0, A(0), 's', fn_current_time, 0),
	FN("current_time", TIMETZ, 1, A(I4), 's', fn_current_time, 0),
	FN("localtime", TIME_T, 0, A(0), 's', fn_localtime, 0),
	FN("localtime", TIME_T, 1, A(I4), 's', fn_localtime, 0),
	FN("localtimestamp", TS, 0, A(0), 's', fn_localtimestamp, 0),
	FN("localtimestamp", TS, 1, A(I4), 's', fn_localtimestamp, 0),
	FN("date_part", F8, 2, A(TEXT, TSTZ), 's', fn_date_part, 1171),
	FN("date_part", F8, 2, A(TEXT, IV), 'i', fn_date_part, 1172),
	FN("date_part", F8, 2, A(TEXT, TIMETZ), 'i', fn_date_part, 1273),
	FN("date_part", F8, 2, A(TEXT, DATE_T), 'i', fn_date_part, 1384),
	FN("date_part", F8, 2, A(TEXT, TIME_T), 'i', fn_date_part, 1385),
	FN("date_part", F8, 2, A(TEXT, TS), 'i', fn_date_part, 2021),
	FN("extract", NUMERIC, 2, A(TEXT, DATE_T), 'i', fn_extract, 6199),
	FN("extract", NUMERIC, 2, A(TEXT, TIME_T), 'i', fn_extract, 6200),
	FN("extract", NUMERIC, 2, A(TEXT, TIMETZ), 'i', fn_extract, 6201),
	FN("extract", NUMERIC, 2, A(TEXT, TS), 'i', fn_extract, 6202),
	FN("extract", NUMERIC, 2, A(TEXT, TSTZ), 's', fn_extract, 6203),
	FN("extract", NUMERIC, 2, A(TEXT, IV), 'i', fn_extract, 6204),
	FN("date_trunc", TS, 2, A(TEXT, TS), 'i', fn_date_trunc, 2020),
	FN("date_trunc", TSTZ, 2, A(TEXT, TSTZ), 's', fn_date_trunc, 1217),
	FN("date_trunc", TSTZ, 3, A(TEXT, TSTZ, TEXT), 's', fn_date_trunc, 1284),
	FN("date_trunc", IV, 2, A(TEXT, IV), 'i', fn_date_trunc_interval, 1218),
	FN("age", IV, 2, A(TS, TS), 'i', fn_age, 2058),
	FN("age", IV, 2, A(TSTZ, TSTZ), 'i', fn_age, 1199),
	FN("age", IV, 1, A(TS), 's', fn_age, 2059),
	FN("age", IV, 1, A(TSTZ), 's', fn_age, 1386),
	FN("make_date", DATE_T, 3, A(I4, I4, I4), 'i', fn_make_date, 3846),
	FN("make_time", TIME_T, 3, A(I4, I4, F8), 'i', fn_make_time, 3847),
	FN("make_timestamp", TS, 6, A(I4, I4, I4, I4, I4, F8), 'i', fn_make_timestamp, 3461),
	FN("make_timestamptz", TSTZ, 6, A(I4, I4, I4, I4, I4, F8), 's', fn_make_timestamptz, 3462),
	/*
	 * XXX: make_timestamptz(..., zone) and make_interval(..., secs) take 7
	 * arguments and exec_func has room for 6 (func.h); they are implemented
	 * (fn_make_timestamptz, fn_make_interval read them) and wait for args[7].
	 */
	/* make_interval's arguments all default to 0: one entry per count given */
	FN("make_interval", IV, 0, A(0), 'i', fn_make_interval, 3464),
	FN("make_interval", IV, 1, A(I4), 'i', fn_make_interval, 3464),
	FN("make_interval", IV, 2, A(I4, I4), 'i', fn_make_interval, 3464),
	FN("make_interval", IV, 3, A(I4, I4, I4), 'i', fn_make_interval, 3464),
	FN("make_interval", IV, 4, A(I4, I4, I4, I4), 'i', fn_make_interval, 3464),
	FN("make_interval", IV, 5, A(I4, I4, I4, I4, I4), 'i', fn_make_interval, 3464),
	FN("make_interval", IV, 6, A(I4, I4, I4, I4, I4, I4), 'i', fn_make_interval, 3464),
	FN("to_timestamp", TSTZ, 1, A(F8), 'i', fn_to_timestamp_float, 1158),
	FN("to_timestamp", TSTZ, 2, A(TEXT, TEXT), 's', fn_to_timestamp_text, 1778),
	FN("to_date", DATE_T, 2, A(TEXT, TEXT), 's', fn_to_date, 1780),
	FN("to_char", TEXT, 2, A(TS, TEXT), 's', fn_to_char, 2049),
	FN("to_char", TEXT, 2, A(TSTZ, TEXT), 's', fn_to_char, 1770),
	FN("to_char", TEXT, 2, A(IV, TEXT), 's', fn_to_char, 1768),
	FN("to_char", TEXT, 2, A(DATE_T, TEXT), 's', fn_to_char, 0),
	FN("justify_days", IV, 1, A(IV), 'i', fn_justify_days, 1295),
	FN("justify_hours", IV, 1, A(IV), 'i', fn_justify_hours, 1175),
	FN("justify_interval", IV, 1, A(IV), 'i', fn_justify_interval, 2711),
	FN("isfinite", BOOL, 1, A(DATE_T), 'i', fn_isfinite, 1373),
	FN("isfinite", BOOL, 1, A(TSTZ), 'i', fn_isfinite, 1389),
	FN("isfinite", BOOL, 1, A(IV), 'i', fn_isfinite, 1390),
	FN("isfinite", BOOL, 1, A(TS), 'i', fn_isfinite, 2048),
	FN("timezone", TS, 2, A(TEXT, TSTZ), 'i', fn_timezone, 1159),
	FN("timezone", TSTZ, 2, A(TEXT, TS), 'i', fn_timezone, 2069),
	FN("timezone", TS, 2, A(IV, TSTZ), 'i', fn_timezone, 1026),
	FN("timezone", TSTZ, 2, A(IV, TS), 'i', fn_timezone, 2070),
	FN("timezone", TIMETZ, 2, A(TEXT, TIMETZ), 's', fn_timezone, 2037),
	FN("timezone", TIMETZ, 2, A(IV, TIMETZ), 'i', fn_timezone, 2038),
	FN("date_bin", TS, 3, A(IV, TS, TS), 'i', fn_date_bin, 6177),
	FN("date_bin", TSTZ, 3, A(IV, TSTZ, TSTZ), 'i', fn_date_bin, 6178),
};

static const exec_agg aggs[] = {
	{"sum", IV, 1, {IV}, IV, true, NULL, agg_iv_sum_step, NULL, 2113},
	{"avg", IV, 1, {IV}, EXEC_OID_BYTEA, true, NULL, agg_iv_avg_step, agg_iv_avg_final, 2106},
};

const exec_module exec_mod_datetime = {"datetime", types, COUNT(types), casts, COUNT(casts), opers,
	COUNT(opers), funcs, COUNT(funcs), aggs, COUNT(aggs)};
