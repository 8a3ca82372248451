/*
 * tz.c - time zones: a reader for TZif files (RFC 8536, versions 1 to 4),
 * POSIX TZ rules, and the cache that keeps each zone file parsed once
 * (tz.h says what it answers and why it is thread-safe).
 *
 * What it does not do: leap seconds (PostgreSQL ignores them too: the
 * "right/" zones' leap records are skipped), and the 400-year
 * extrapolation tzcode applies before a file's first transition: times
 * before it use the file's first type, as RFC 8536 says.
 */
#include <ctype.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "datetime.h"
#include "tz.h"

typedef struct tz_type {
	int32_t off; /* seconds east of UTC */
	bool isdst;
	uint8_t abbr; /* index into abbrs */
} tz_type;

struct tz_file {
	char *key; /* the name looked up, lower-cased */
	int ntrans, ntypes;
	int64_t *trans;      /* UTC seconds since 1970, ascending */
	uint8_t *trans_type; /* the type in effect from trans[i] on */
	tz_type *types;
	char *abbrs; /* NUL-separated abbreviations */
	size_t nabbrs;
	bool has_rule; /* the footer: the rule after the last transition */
	exec_tz_rule rule;
	tz_file *next; /* in the cache's bucket */
};

enum {
	MAX_ZONE_FILE = 1 << 20, /* larger is not a zone file */
	MAX_NAME = 255,
	CACHE_BUCKETS = 64,
	MISS_SLOTS =
		128, /* names recently found to be no file, so that a POSIX zone costs no I/O */
	SECS_PER_DAY = 86400,
};

/* ---- POSIX TZ rules ---- */

/* An abbreviation: <...> quoted, or letters; may be empty. */
static const char *parse_abbr(const char *p, const char *end, char *abbr, size_t cap)
{
	size_t n = 0;

	if (p < end && *p == '<') {
		const char *q = ++p;

		while (q < end && *q != '>')
			q++;
		if (q == end)
			return NULL;
		for (; p < q; p++)
			if (n + 1 < cap)
				abbr[n++] = *p;
		p = q + 1;
	} else {
		for (; p < end && isalpha((unsigned char)*p); p++)
			if (n + 1 < cap)
				abbr[n++] = *p;
	}
	abbr[n] = '\0';
	return p;
}

/* hh[:mm[:ss]] with hours up to 167, as newer tzdata allows. */
static const char *parse_hms(const char *p, const char *end, int32_t *secs)
{
	int part[3] = {0, 0, 0};
	const int max[3] = {167, 59, 60};

	for (int k = 0; k < 3; k++) {
		int digits = 0;

		if (k > 0) {
			if (p >= end || *p != ':')
				break;
			p++;
		}
		while (p < end && isdigit((unsigned char)*p) && digits < 3) {
			part[k] = part[k] * 10 + (*p++ - '0');
			digits++;
		}
		if (digits == 0 || part[k] > max[k])
			return NULL;
	}
	*secs = part[0] * 3600 + part[1] * 60 + part[2];
	return p;
}

/* [+-]hh[:mm[:ss]], signed as written. */
static const char *parse_signed_hms(const char *p, const char *end, int32_t *secs)
{
	bool neg = false;

	if (p < end && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	p = parse_hms(p, end, secs);
	if (p != NULL && neg)
		*secs = -*secs;
	return p;
}

static const char *parse_int(const char *p, const char *end, int lo, int hi, int16_t *out)
{
	int v = 0, digits = 0;

	while (p < end && isdigit((unsigned char)*p) && digits < 4) {
		v = v * 10 + (*p++ - '0');
		digits++;
	}
	if (digits == 0 || v < lo || v > hi)
		return NULL;
	*out = (int16_t)v;
	return p;
}

/* A rule date and its optional /time (02:00 by default). */
static const char *parse_when(const char *p, const char *end, exec_tz_when *w)
{
	memset(w, 0, sizeof(*w));
	if (p < end && *p == 'J') {
		w->kind = 'J';
		p = parse_int(p + 1, end, 1, 365, &w->day);
	} else if (p < end && *p == 'M') {
		w->kind = 'M';
		p = parse_int(p + 1, end, 1, 12, &w->month);
		if (p == NULL || p >= end || *p != '.')
			return NULL;
		p = parse_int(p + 1, end, 1, 5, &w->week);
		if (p == NULL || p >= end || *p != '.')
			return NULL;
		p = parse_int(p + 1, end, 0, 6, &w->day);
	} else {
		w->kind = 'D';
		p = parse_int(p, end, 0, 365, &w->day);
	}
	w->secs = 2 * 3600;
	if (p != NULL && p < end && *p == '/')
		p = parse_signed_hms(p + 1, end, &w->secs);
	return p;
}

/*
 * Parse a POSIX TZ string: std offset [dst [offset] [,start[/time],end[/time]]].
 * Offsets in the string count west of UTC; the rule keeps them east.  The
 * standard abbreviation may be empty, as PostgreSQL allows ("+05:30").
 * Without dates, daylight time follows the US rules, as tzcode's default.
 */
static bool rule_parse(const char *s, size_t len, exec_tz_rule *r)
{
	const char *p = s, *end = s + len;
	int32_t west;

	memset(r, 0, sizeof(*r));
	p = parse_abbr(p, end, r->std_abbr, sizeof(r->std_abbr));
	if (p == NULL || p == end)
		return false;
	p = parse_signed_hms(p, end, &west);
	if (p == NULL)
		return false;
	r->std_off = -west;
	if (p == end)
		return true;

	p = parse_abbr(p, end, r->dst_abbr, sizeof(r->dst_abbr));
	if (p == NULL || r->dst_abbr[0] == '\0')
		return false;
	r->has_dst = true;
	r->dst_off = r->std_off + 3600;
	if (p < end && *p != ',') {
		p = parse_signed_hms(p, end, &west);
		if (p == NULL)
			return false;
		r->dst_off = -west;
	}
	if (p == end) {
		static const char us[] = ",M3.2.0,M11.1.0";

		p = us;
		end = us + sizeof(us) - 1;
	}
	if (*p != ',')
		return false;
	p = parse_when(p + 1, end, &r->start);
	if (p == NULL || p >= end || *p != ',')
		return false;
	p = parse_when(p + 1, end, &r->end);
	return p == end;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The UTC instant of a rule date in year y, the offset before the change being off_before. */
static int64_t when_utc(const exec_tz_when *w, int64_t y, int32_t off_before)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int64_t day; /* since 1970-01-01 */

	if (w->kind == 'J') {
		day = exec_date_from_ymd(y, 1, 1) + w->day - 1 + (is_leap(y) && w->day >= 60);
	} else if (w->kind == 'D') {
		day = exec_date_from_ymd(y, 1, 1) + w->day;
	} else {
		int64_t first = exec_date_from_ymd(y, w->month, 1);
		int ndays = mdays[w->month - 1] + (w->month == 2 && is_leap(y));
		/* 2000-01-01 was a Saturday (6) */
		int wday = (int)((first % 7 + 7 + 6) % 7);
		int d = (w->day - wday + 7) % 7 + (w->week - 1) * 7;

		while (d >= ndays)
			d -= 7;
		day = first + d;
	}
	day += EXEC_EPOCH_DAYS; /* exec_date_from_ymd counts from 2000 */
	return day * SECS_PER_DAY + w->secs - off_before;
}

/* The year of a UTC instant read at an offset. */
static int64_t year_of(int64_t t, int32_t off)
{
	int64_t y;
	int m, d;

	exec_date_to_ymd(floor_div(t + off, SECS_PER_DAY) - EXEC_EPOCH_DAYS, &y, &m, &d);
	return y;
}

static int32_t rule_offset(const exec_tz_rule *r, int64_t t, bool *isdst, const char **abbrev)
{
	bool dst = false;

	if (r->has_dst) {
		int64_t y = year_of(t, r->std_off);
		int64_t start = when_utc(&r->start, y, r->std_off);
		int64_t end = when_utc(&r->end, y, r->dst_off);

		dst = start < end ? t >= start && t < end : !(t >= end && t < start);
	}
	if (isdst != NULL)
		*isdst = dst;
	if (abbrev != NULL)
		*abbrev = dst ? r->dst_abbr : r->std_abbr;
	return dst ? r->dst_off : r->std_off;
}

/* The rule's first change after t: its instant and the offsets either side. */
static bool rule_next(
	const exec_tz_rule *r, int64_t t, int64_t *when, int32_t *before, int32_t *after)
{
	int64_t y;
	bool found = false;

	if (!r->has_dst)
		return false;
	y = year_of(t, r->std_off);
	for (int64_t yy = y - 1; yy <= y + 1; yy++) {
		int64_t s = when_utc(&r->start, yy, r->std_off);
		int64_t e = when_utc(&r->end, yy, r->dst_off);

		if (s > t && (!found || s < *when)) {
			*when = s;
			*before = r->std_off;
			*after = r->dst_off;
			found = true;
		}
		if (e > t && (!found || e < *when)) {
			*when = e;
			*before = r->dst_off;
			*after = r->std_off;
			found = true;
		}
	}
	return found;
}

/* ---- TZif files ---- */

static int64_t be(const unsigned char *p, int n)
{
	uint64_t v = 0;

	for (int k = 0; k < n; k++)
		v = v << 8 | p[k];
	if (n == 4)
		return (int32_t)(uint32_t)v;
	return (int64_t)v;
}

static void file_free(tz_file *f)
{
	if (f == NULL)
		return;
	free(f->key);
	free(f->trans);
	free(f->trans_type);
	free(f->types);
	free(f->abbrs);
	free(f);
}

/*
 * Parse a TZif file's bytes.  Version 2 and later files carry a second,
 * 64-bit data block and a footer rule; version 1 files only the first.
 * Every count is checked against the bytes there are.
 */
static tz_file *tzif_parse(const unsigned char *p, size_t n)
{
	size_t isut, isstd, leap, timecnt, typecnt, charcnt, tsize = 4, need;
	const unsigned char *d;
	tz_file *f;

	if (n < 44 || memcmp(p, "TZif", 4) != 0)
		return NULL;
	for (int block = 0;; block++) {
		isut = (size_t)be(p + 20, 4);
		isstd = (size_t)be(p + 24, 4);
		leap = (size_t)be(p + 28, 4);
		timecnt = (size_t)be(p + 32, 4);
		typecnt = (size_t)be(p + 36, 4);
		charcnt = (size_t)be(p + 40, 4);
		if (timecnt > 100000 || typecnt == 0 || typecnt > 256 || charcnt > 4096 ||
			leap > 100000 || isut > 256 || isstd > 256)
			return NULL;
		need = 44 + timecnt * (tsize + 1) + typecnt * 6 + charcnt + leap * (tsize + 4) +
		       isstd + isut;
		if (need > n)
			return NULL;
		if (block == 1 || p[4] < '2')
			break;
		/* skip the 32-bit block to the 64-bit one */
		p += need;
		n -= need;
		tsize = 8;
		if (n < 44 || memcmp(p, "TZif", 4) != 0)
			return NULL;
	}

	f = calloc(1, sizeof(*f));
	if (f == NULL)
		abort();
	f->ntrans = (int)timecnt;
	f->ntypes = (int)typecnt;
	f->trans = calloc(timecnt + 1, sizeof(*f->trans));
	f->trans_type = calloc(timecnt + 1, 1);
	f->types = calloc(typecnt, sizeof(*f->types));
	f->abbrs = calloc(charcnt + 1, 1);
	if (f->trans == NULL || f->trans_type == NULL || f->types == NULL || f->abbrs == NULL)
		abort();
	d = p + 44;
	for (size_t k = 0; k < timecnt; k++, d += tsize)
		f->trans[k] = be(d, (int)tsize);
	for (size_t k = 0; k < timecnt; k++, d++) {
		if (*d >= typecnt)
			goto bad;
		f->trans_type[k] = *d;
	}
	for (size_t k = 0; k < typecnt; k++, d += 6) {
		f->types[k].off = (int32_t)be(d, 4);
		f->types[k].isdst = d[4] != 0;
		if (d[5] >= charcnt && charcnt > 0)
			goto bad;
		f->types[k].abbr = d[5];
	}
	memcpy(f->abbrs, d, charcnt);
	f->nabbrs = charcnt;
	d += charcnt + leap * (tsize + 4) + isstd + isut;

	/* The footer: "\n<rule>\n"; an empty rule means none. */
	if (tsize == 8 && d < p + n && *d == '\n') {
		const unsigned char *q = d + 1;

		while (q < p + n && *q != '\n')
			q++;
		if (q < p + n && q > d + 1)
			f->has_rule =
				rule_parse((const char *)d + 1, (size_t)(q - d - 1), &f->rule);
	}
	return f;
bad:
	file_free(f);
	return NULL;
}

/*
 * Zone names are tzdata paths: letters, digits, "_+-/", no "." component,
 * and some letter ("+05:30" is never a file).
 */
static bool name_ok(const char *name, size_t len)
{
	bool letter = false;

	if (len == 0 || len > MAX_NAME || name[0] == '/' || name[0] == '.')
		return false;
	for (size_t k = 0; k < len; k++) {
		unsigned char c = (unsigned char)name[k];

		if (!(isalnum(c) || c == '_' || c == '+' || c == '-' || c == '/'))
			return false;
		if (c == '/' && k + 1 < len && name[k + 1] == '.')
			return false;
		letter = letter || isalpha(c);
	}
	return letter;
}

/* Open dir/name, matching each path component without regard to case. */
static FILE *open_zone(const char *dir, const char *name)
{
	char path[4096];
	size_t plen;
	const char *p = name;
	FILE *fp;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return NULL;
	fp = fopen(path, "rb");
	if (fp != NULL)
		return fp;

	plen = (size_t)snprintf(path, sizeof(path), "%s", dir);
	while (*p != '\0') {
		const char *slash = strchr(p, '/');
		size_t clen = slash != NULL ? (size_t)(slash - p) : strlen(p);
		DIR *dp = opendir(path);
		struct dirent *de;
		bool found = false;

		if (dp == NULL)
			return NULL;
		while ((de = readdir(dp)) != NULL) {
			if (strlen(de->d_name) == clen && strncasecmp(de->d_name, p, clen) == 0) {
				if (plen + 1 + clen + 1 > sizeof(path))
					break;
				path[plen++] = '/';
				memcpy(path + plen, de->d_name, clen);
				plen += clen;
				path[plen] = '\0';
				found = true;
				break;
			}
		}
		closedir(dp);
		if (!found)
			return NULL;
		p += clen;
		if (*p == '/')
			p++;
	}
	return fopen(path, "rb");
}

static tz_file *file_load(const char *key)
{
	const char *dir = getenv("TZDIR");
	unsigned char *buf;
	size_t n;
	FILE *fp;
	tz_file *f;

	fp = open_zone(dir != NULL && dir[0] != '\0' ? dir : "/usr/share/zoneinfo", key);
	if (fp == NULL)
		return NULL;
	buf = malloc(MAX_ZONE_FILE);
	if (buf == NULL)
		abort();
	n = fread(buf, 1, MAX_ZONE_FILE, fp);
	fclose(fp);
	f = n < MAX_ZONE_FILE ? tzif_parse(buf, n) : NULL;
	free(buf);
	return f;
}

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static tz_file *cache[CACHE_BUCKETS]; /* guarded by cache_lock; entries never freed */

/* The last MISS_SLOTS names that are no zone file, oldest overwritten (guarded by cache_lock). */
static char misses[MISS_SLOTS][MAX_NAME + 1];
static unsigned miss_next;

static bool miss_find(const char *key)
{
	for (unsigned k = 0; k < MISS_SLOTS; k++)
		if (strcmp(misses[k], key) == 0)
			return true;
	return false;
}

static unsigned bucket_of(const char *key)
{
	unsigned h = 5381;

	for (; *key != '\0'; key++)
		h = h * 33 + (unsigned char)*key;
	return h % CACHE_BUCKETS;
}

static tz_file *cache_find(const char *key)
{
	for (tz_file *f = cache[bucket_of(key)]; f != NULL; f = f->next)
		if (strcmp(f->key, key) == 0)
			return f;
	return NULL;
}

/* The parsed file for a zone name, read at most once per name; NULL when there is none. */
static const tz_file *file_get(const char *name, size_t len)
{
	char key[MAX_NAME + 1];
	tz_file *f, *had;
	bool missed;

	if (!name_ok(name, len))
		return NULL;
	for (size_t k = 0; k < len; k++)
		key[k] = (char)tolower((unsigned char)name[k]);
	key[len] = '\0';

	pthread_mutex_lock(&cache_lock);
	f = cache_find(key);
	missed = f == NULL && miss_find(key);
	pthread_mutex_unlock(&cache_lock);
	if (f != NULL)
		return f;
	if (missed)
		return NULL;

	/* Read without the lock; a thread that loses the race to insert drops its copy. */
	f = file_load(key);
	if (f == NULL) {
		pthread_mutex_lock(&cache_lock);
		snprintf(misses[miss_next++ % MISS_SLOTS], MAX_NAME + 1, "%s", key);
		pthread_mutex_unlock(&cache_lock);
		return NULL;
	}
	f->key = strdup(key);
	if (f->key == NULL)
		abort();
	pthread_mutex_lock(&cache_lock);
	had = cache_find(key);
	if (had == NULL) {
		unsigned b = bucket_of(key);

		f->next = cache[b];
		cache[b] = f;
	}
	pthread_mutex_unlock(&cache_lock);
	if (had != NULL) {
		file_free(f);
		return had;
	}
	return f;
}

/* ---- the zone interface ---- */

void exec_tz_fixed(int32_t off, exec_tz *out)
{
	memset(out, 0, sizeof(*out));
	out->rule.std_off = off;
}

bool exec_tz_lookup(const char *name, size_t len, exec_tz *out)
{
	const tz_file *f = file_get(name, len);

	memset(out, 0, sizeof(*out));
	if (f != NULL) {
		out->file = f;
		if (f->has_rule)
			out->rule = f->rule;
		else
			out->rule.std_off =
				f->types[f->ntrans > 0 ? f->trans_type[f->ntrans - 1] : 0].off;
		return true;
	}

	/* UTC and GMT work without tzdata. */
	if ((len == 3 && (strncasecmp(name, "UTC", 3) == 0 || strncasecmp(name, "GMT", 3) == 0))) {
		memcpy(out->rule.std_abbr, name, 3);
		for (int k = 0; k < 3; k++)
			out->rule.std_abbr[k] = (char)toupper((unsigned char)out->rule.std_abbr[k]);
		return true;
	}
	/* PostgreSQL reads a specification upper-cased: its abbreviations print that way */
	if (len > MAX_NAME)
		return false;
	{
		char upper[MAX_NAME + 1];

		for (size_t k = 0; k < len; k++)
			upper[k] = (char)toupper((unsigned char)name[k]);
		return rule_parse(upper, len, &out->rule);
	}
}

static const char *type_abbr(const tz_file *f, const tz_type *t)
{
	return f->nabbrs > 0 ? f->abbrs + t->abbr : "";
}

int32_t exec_tz_offset_at(const exec_tz *tz, int64_t t, bool *isdst, const char **abbrev)
{
	const tz_file *f = tz->file;
	const tz_type *ty;
	int lo, hi;

	/* after the last transition (or with none) the footer's rule decides */
	if (f == NULL || (f->has_rule && (f->ntrans == 0 || t >= f->trans[f->ntrans - 1])))
		return rule_offset(&tz->rule, t, isdst, abbrev);
	if (f->ntrans == 0 || t < f->trans[0]) {
		ty = &f->types[0];
	} else {
		/* the last transition at or before t */
		lo = 0;
		hi = f->ntrans - 1;
		while (lo < hi) {
			int mid = (lo + hi + 1) / 2;

			if (f->trans[mid] <= t)
				lo = mid;
			else
				hi = mid - 1;
		}
		ty = &f->types[f->trans_type[lo]];
	}
	if (isdst != NULL)
		*isdst = ty->isdst;
	if (abbrev != NULL)
		*abbrev = type_abbr(f, ty);
	return ty->off;
}

/*
 * The first change of offset type after t: its instant and the offsets
 * either side.  Before a file's first transition the "before" offset is
 * its first standard type, as PostgreSQL takes it.
 */
static bool next_change(
	const exec_tz *tz, int64_t t, int64_t *when, int32_t *before, int32_t *after)
{
	const tz_file *f = tz->file;
	int lo, hi;

	if (f == NULL || f->ntrans == 0)
		return rule_next(&tz->rule, t, when, before, after);
	if (t >= f->trans[f->ntrans - 1])
		return f->has_rule && rule_next(&tz->rule, t, when, before, after);
	if (t < f->trans[0]) {
		int std = 0;

		while (std < f->ntypes && f->types[std].isdst)
			std++;
		*before = f->types[std < f->ntypes ? std : 0].off;
		*after = f->types[f->trans_type[0]].off;
		*when = f->trans[0];
		return true;
	}
	/* the first transition after t */
	lo = 1;
	hi = f->ntrans - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (t < f->trans[mid])
			hi = mid;
		else
			lo = mid + 1;
	}
	*before = f->types[f->trans_type[lo - 1]].off;
	*after = f->types[f->trans_type[lo]].off;
	*when = f->trans[lo];
	return true;
}

int32_t exec_tz_offset_local(const exec_tz *tz, int64_t local)
{
	int64_t boundary, before_t, after_t;
	int32_t before, after;

	/* The change nearest after a day before the local time decides, as in PostgreSQL. */
	if (!next_change(tz, local - SECS_PER_DAY, &boundary, &before, &after))
		return exec_tz_offset_at(tz, local - SECS_PER_DAY, NULL, NULL);
	before_t = local - before;
	after_t = local - after;
	if (before_t < boundary && after_t < boundary)
		return before;
	if (before_t >= boundary && after_t >= boundary)
		return after;
	/* skipped (spring forward): the earlier offset; repeated (fall back): the later */
	return before_t > after_t ? before : after;
}
