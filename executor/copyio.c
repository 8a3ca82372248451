/*
 * copyio.c - COPY's text and CSV formats (see copyio.h): encodings, the
 * writer, and the incremental reader.
 *
 * The reader keeps the data not yet consumed in one buffer, decoded to
 * UTF-8 as it arrives.  A record is found by scanning that buffer from
 * where the last scan stopped, with the state that must survive a chunk
 * boundary (inside a CSV quote, after an escape); a decision that needs
 * bytes not yet received (is this "\r" followed by "\n"? is this "\."
 * the end marker?) returns "more" before any state changes, so the scan
 * resumes at the same byte once they come.  A complete record is then
 * split into fields in a second pass over its bytes, as PostgreSQL's
 * CopyReadLine and CopyReadAttributes* do.  Encoding errors are found as
 * data arrives but reported when the scan reaches them, with the line
 * number of the record they are in, which is when PostgreSQL reports
 * them too.
 *
 * Design note: DESIGN.md section 7 (COPY in and out); the formats are
 * those of PostgreSQL's COPY reference page.
 */
#include "copyio.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sql.h"
#include "value.h"

/* ---- Encodings ---- */

/*
 * PostgreSQL's encodings: its canonical name, the names it also accepts
 * (compared as pg_char_to_encoding compares them: letters and digits
 * only, case-folded), iconv's name for it (NULL: no conversion, the
 * data is UTF-8), whether a character may take several bytes (which
 * decides how a bad byte is reported), and its number in PostgreSQL's
 * pg_enc (pg_encoding_to_char, pg_database.encoding).
 */
static const struct encoding {
	const char *name;
	const char *aliases; /* space-separated, already cleaned */
	const char *iconv;
	bool multibyte;
	int id;
} encodings[] = {
	{"BIG5", "big5 win950 windows950", "BIG5", true, 36},
	{"EUC_CN", "euccn", "EUC-CN", true, 2},
	{"EUC_JIS_2004", "eucjis2004", "EUC-JISX0213", true, 5},
	{"EUC_JP", "eucjp", "EUC-JP", true, 1},
	{"EUC_KR", "euckr", "EUC-KR", true, 3},
	{"EUC_TW", "euctw", "EUC-TW", true, 4},
	{"GB18030", "gb18030", "GB18030", true, 39},
	{"GBK", "gbk win936 windows936", "GBK", true, 37},
	{"ISO_8859_5", "iso88595", "ISO-8859-5", false, 25},
	{"ISO_8859_6", "iso88596", "ISO-8859-6", false, 26},
	{"ISO_8859_7", "iso88597", "ISO-8859-7", false, 27},
	{"ISO_8859_8", "iso88598", "ISO-8859-8", false, 28},
	{"JOHAB", "johab", "JOHAB", true, 40},
	{"KOI8R", "koi8 koi8r", "KOI8-R", false, 22},
	{"KOI8U", "koi8u", "KOI8-U", false, 34},
	{"LATIN1", "latin1 iso88591", "ISO-8859-1", false, 8},
	{"LATIN2", "latin2 iso88592", "ISO-8859-2", false, 9},
	{"LATIN3", "latin3 iso88593", "ISO-8859-3", false, 10},
	{"LATIN4", "latin4 iso88594", "ISO-8859-4", false, 11},
	{"LATIN5", "latin5 iso88599", "ISO-8859-9", false, 12},
	{"LATIN6", "latin6 iso885910", "ISO-8859-10", false, 13},
	{"LATIN7", "latin7 iso885913", "ISO-8859-13", false, 14},
	{"LATIN8", "latin8 iso885914", "ISO-8859-14", false, 15},
	{"LATIN9", "latin9 iso885915", "ISO-8859-15", false, 16},
	{"LATIN10", "latin10 iso885916", "ISO-8859-16", false, 17},
	{"MULE_INTERNAL", "muleinternal", "", true, 7}, /* "": iconv has no such encoding */
	{"SHIFT_JIS_2004", "shiftjis2004", "SHIFT_JISX0213", true, 41},
	{"SJIS", "sjis shiftjis mskanji win932 windows932", "CP932", true, 35},
	{"SQL_ASCII", "sqlascii", NULL, false, 0},
	{"UHC", "uhc win949 windows949", "CP949", true, 38},
	{"UTF8", "utf8 unicode", NULL, true, 6},
	{"WIN866", "win866 alt windows866", "CP866", false, 20},
	{"WIN874", "win874 windows874", "CP874", false, 21},
	{"WIN1250", "win1250 windows1250", "CP1250", false, 29},
	{"WIN1251", "win1251 win windows1251", "CP1251", false, 23},
	{"WIN1252", "win1252 windows1252", "CP1252", false, 24},
	{"WIN1253", "win1253 windows1253", "CP1253", false, 30},
	{"WIN1254", "win1254 windows1254", "CP1254", false, 31},
	{"WIN1255", "win1255 windows1255", "CP1255", false, 32},
	{"WIN1256", "win1256 windows1256", "CP1256", false, 18},
	{"WIN1257", "win1257 windows1257", "CP1257", false, 33},
	{"WIN1258", "win1258 abc tcvn tcvn5712 vscii windows1258", "CP1258", false, 19},
};

static const struct encoding *encoding_find(const char *canonical)
{
	for (size_t i = 0; i < sizeof(encodings) / sizeof(encodings[0]); i++)
		if (strcmp(encodings[i].name, canonical) == 0)
			return &encodings[i];
	return NULL;
}

/* The encoding any of its names names, as pg_char_to_encoding reads them; NULL when none. */
static const struct encoding *encoding_by_alias(const char *name)
{
	char clean[64];
	size_t n = 0;

	/* pg_char_to_encoding's comparison: letters and digits, lower case. */
	for (const char *p = name; *p != '\0'; p++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			continue;
		if (n + 1 >= sizeof(clean))
			return NULL;
		clean[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	clean[n] = '\0';
	for (size_t i = 0; i < sizeof(encodings) / sizeof(encodings[0]); i++) {
		const char *a = encodings[i].aliases;

		while (*a != '\0') {
			size_t len = strcspn(a, " ");

			if (len == n && strncmp(a, clean, n) == 0)
				return &encodings[i];
			a += len;
			a += *a == ' ';
		}
	}
	return NULL;
}

const char *exec_copy_encoding_name(const char *name)
{
	const struct encoding *e = encoding_by_alias(name);

	return e != NULL ? e->name : NULL;
}

int exec_encoding_id(const char *name)
{
	const struct encoding *e = encoding_by_alias(name);

	return e != NULL ? e->id : -1;
}

const char *exec_encoding_by_id(int id)
{
	for (size_t i = 0; i < sizeof(encodings) / sizeof(encodings[0]); i++)
		if (encodings[i].id == id)
			return encodings[i].name;
	return NULL;
}

int exec_copy_encoding_check(const char *encoding, store_err *err)
{
	const struct encoding *e = encoding_find(encoding);

	if (e == NULL || (e->iconv != NULL && e->iconv[0] == '\0'))
		return store_err_set(
			err, "0A000", "COPY encoding \"%s\" is not supported", encoding);
	return EXEC_OK;
}

/* An iconv descriptor from -> to, or (iconv_t)-1 with 0A000 in err. */
static iconv_t open_iconv(const char *to, const char *from, const char *encoding, store_err *err)
{
	iconv_t cd = iconv_open(to, from);

	if (cd == (iconv_t)-1)
		store_err_set(err, "0A000", "COPY encoding \"%s\" is not supported", encoding);
	return cd;
}

/* "0xe6 0x97 0xa5": n bytes as PostgreSQL's encoding messages show them. */
static void hex_bytes(const unsigned char *p, size_t n, char *out, size_t outsz)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && used + 6 < outsz; i++)
		used += (size_t)snprintf(out + used, outsz - used, "%s0x%02x", i ? " " : "", p[i]);
}

/* The bytes a UTF-8 lead byte announces, as PostgreSQL's pg_utf_mblen counts them. */
static size_t utf8_announced(unsigned char c)
{
	return (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 1;
}

/* 22021 for the bad UTF-8 at p (avail bytes from there on). */
static int utf8_error(const unsigned char *p, size_t avail, store_err *err)
{
	size_t want = utf8_announced(p[0]);
	char bytes[64];

	hex_bytes(p, want < avail ? want : avail, bytes, sizeof(bytes));
	return store_err_set(
		err, "22021", "invalid byte sequence for encoding \"UTF8\": %s", bytes);
}

/*
 * The length of the valid UTF-8 prefix of p[0..n); *incomplete is set
 * when the rest is shorter than its first byte announces: more data may
 * complete it, and if it is wrong, the error names the bytes announced
 * whatever the chunks were (so it waits for them too).
 */
static size_t utf8_valid_prefix(const unsigned char *p, size_t n, bool *incomplete)
{
	size_t i = 0;

	*incomplete = false;
	while (i < n) {
		size_t len;

		if (p[i] >= 0x01 && p[i] < 0x80) {
			i++;
			continue;
		}
		len = sql_utf8_char_len((const char *)p + i, n - i);
		if (len == 0) {
			*incomplete = i + utf8_announced(p[i]) > n;
			return i;
		}
		i += len;
	}
	return i;
}

int exec_utf8_verify(const char *p, size_t n, store_err *err)
{
	bool incomplete;
	size_t ok = utf8_valid_prefix((const unsigned char *)p, n, &incomplete);

	return ok < n ? utf8_error((const unsigned char *)p + ok, n - ok, err) : EXEC_OK;
}

/* ---- Defaults ---- */

void exec_copy_opts_init(exec_copy_opts *o, exec_copy_format format)
{
	memset(o, 0, sizeof(*o));
	o->format = format;
	o->delim = format == EXEC_COPY_CSV ? ',' : '\t';
	o->null_str = format == EXEC_COPY_CSV ? "" : "\\N";
	o->quote = '"';
	o->escape = '"';
	o->header = EXEC_COPY_HEADER_NONE;
	o->encoding = "UTF8";
}

/* ---- Writing ---- */

struct exec_copy_writer {
	exec_copy_opts o;
	iconv_t cd;     /* UTF-8 to the data's encoding; (iconv_t)-1: none needed */
	store_buf line; /* the line being built, in UTF-8 */
};

exec_copy_writer *exec_copy_writer_new(const exec_copy_opts *o, store_err *err)
{
	const struct encoding *e = encoding_find(o->encoding);
	exec_copy_writer *w;

	if (exec_copy_encoding_check(o->encoding, err) != EXEC_OK)
		return NULL;
	w = calloc(1, sizeof(*w));
	if (w == NULL) {
		store_err_set(err, "53200", "out of memory");
		return NULL;
	}
	w->o = *o;
	w->cd = (iconv_t)-1;
	if (e->iconv != NULL &&
		(w->cd = open_iconv(e->iconv, "UTF-8", o->encoding, err)) == (iconv_t)-1) {
		free(w);
		return NULL;
	}
	return w;
}

void exec_copy_writer_free(exec_copy_writer *w)
{
	if (w == NULL)
		return;
	if (w->cd != (iconv_t)-1)
		iconv_close(w->cd);
	store_buf_free(&w->line);
	free(w);
}

/* A value in the text format: backslash before itself and the delimiter, control characters as \n etc. */
static void put_text(const exec_copy_opts *o, const char *v, size_t n, store_buf *out)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		char esc = 0;

		switch (c) {
		case '\b':
			esc = 'b';
			break;
		case '\f':
			esc = 'f';
			break;
		case '\n':
			esc = 'n';
			break;
		case '\r':
			esc = 'r';
			break;
		case '\t':
			esc = 't';
			break;
		case '\v':
			esc = 'v';
			break;
		case '\\':
			esc = '\\';
			break;
		default:
			if (c == (unsigned char)o->delim)
				esc = (char)c;
			break;
		}
		if (esc == 0)
			continue;
		store_buf_put(out, v + run, i - run);
		store_buf_putc(out, '\\');
		store_buf_putc(out, esc);
		run = i + 1;
	}
	store_buf_put(out, v + run, n - run);
}

/*
 * A value in CSV: quoted when forced, when it equals the NULL string
 * (so that it reads back as a value), when it holds the delimiter, the
 * quote or a line end, and when it is "\." alone on its line (the end
 * marker otherwise); inside quotes the quote and the escape are
 * preceded by the escape.  An escape alone does not call for quotes:
 * outside them it is an ordinary character.
 */
static void put_csv(
	const exec_copy_opts *o, const char *v, size_t n, bool force, bool alone, store_buf *out)
{
	bool quote = force;

	if (!quote && n == strlen(o->null_str) && memcmp(v, o->null_str, n) == 0)
		quote = true;
	if (!quote && alone && n == 2 && v[0] == '\\' && v[1] == '.')
		quote = true;
	for (size_t i = 0; !quote && i < n; i++)
		quote = v[i] == o->delim || v[i] == o->quote || v[i] == '\n' || v[i] == '\r';
	if (!quote) {
		store_buf_put(out, v, n);
		return;
	}
	store_buf_putc(out, o->quote);
	for (size_t i = 0; i < n; i++) {
		if (v[i] == o->quote || v[i] == o->escape)
			store_buf_putc(out, o->escape);
		store_buf_putc(out, v[i]);
	}
	store_buf_putc(out, o->quote);
}

/* Convert UTF-8 text to the writer's encoding, appended to out; 22P05 for a character it lacks. */
static int encode_out(
	exec_copy_writer *w, const unsigned char *p, size_t n, store_buf *out, store_err *err)
{
	char *in = (char *)p;
	size_t inleft = n;

	iconv(w->cd, NULL, NULL, NULL, NULL);
	while (inleft > 0) {
		char *o;
		size_t oleft, r;

		store_buf_grow(out, inleft * 4 + 16);
		o = (char *)out->data + out->len;
		oleft = out->cap - out->len - 1;
		r = iconv(w->cd, &in, &inleft, &o, &oleft);
		out->len = (size_t)((unsigned char *)o - out->data);
		out->data[out->len] = '\0';
		if (r == (size_t)-1 && errno != E2BIG) {
			const unsigned char *bad = (const unsigned char *)in;
			size_t len = sql_utf8_char_len((const char *)bad, inleft);
			char bytes[64];

			hex_bytes(bad, len ? len : 1, bytes, sizeof(bytes));
			return store_err_set(err, "22P05",
				"character with byte sequence %s in encoding \"UTF8\" has no equivalent in encoding \"%s\"",
				bytes, w->o.encoding);
		}
	}
	return EXEC_OK;
}

int exec_copy_writer_row(exec_copy_writer *w, int n, const char *const *vals, const size_t *lens,
	const bool *force_quote, store_buf *out, store_err *err)
{
	const exec_copy_opts *o = &w->o;
	store_buf *line = w->cd == (iconv_t)-1 ? out : &w->line;

	/* The line in UTF-8, straight into out when no conversion follows. */
	w->line.len = 0;
	for (int i = 0; i < n; i++) {
		if (i > 0)
			store_buf_putc(line, o->delim);
		if (vals[i] == NULL)
			store_buf_puts(line, o->null_str);
		else if (o->format == EXEC_COPY_CSV)
			put_csv(o, vals[i], lens[i], force_quote != NULL && force_quote[i], n == 1,
				line);
		else
			put_text(o, vals[i], lens[i], line);
	}
	store_buf_putc(line, '\n');
	if (line == out)
		return EXEC_OK;
	return encode_out(w, w->line.data, w->line.len, out, err);
}

/* ---- Reading ---- */

/* The line end style, fixed by the first line (PostgreSQL's EolType). */
enum { EOL_UNKNOWN, EOL_NL, EOL_CR, EOL_CRNL };

struct exec_copy_reader {
	exec_copy_opts o;
	size_t max_record;

	/* Decoding: raw bytes to the UTF-8 in `in`. */
	const struct encoding *enc;
	iconv_t cd;             /* (iconv_t)-1 for UTF-8 data, checked in place */
	unsigned char pend[16]; /* a character cut short by the end of a chunk */
	size_t npend;
	bool finished; /* no more data will come */
	bool bad;      /* an encoding error waits at `usable` */
	store_err bad_err;

	/* The data: [start, usable) is decoded and checked, not yet consumed. */
	store_buf in;
	size_t start;  /* where the record being read begins */
	size_t usable; /* UTF-8 data: the end of the checked prefix; else in.len */

	/* The scan of the record being read. */
	size_t pos;
	bool scanning; /* the record's line number is counted */
	bool in_quote, last_was_esc;
	int eol;
	uint64_t lineno;
	bool header_pending;
	bool ended; /* "\." or the end of input: no more records */

	/* The last record's fields. */
	store_buf fieldbuf;
	size_t *offs;
	const char **fields;
	size_t *lens;
	int cap;
};

exec_copy_reader *exec_copy_reader_new(const exec_copy_opts *o, size_t max_record, store_err *err)
{
	exec_copy_reader *r;

	if (exec_copy_encoding_check(o->encoding, err) != EXEC_OK)
		return NULL;
	r = calloc(1, sizeof(*r));
	if (r == NULL) {
		store_err_set(err, "53200", "out of memory");
		return NULL;
	}
	r->o = *o;
	r->max_record = max_record ? max_record : EXEC_COPY_MAX_RECORD;
	r->enc = encoding_find(o->encoding);
	r->cd = (iconv_t)-1;
	r->header_pending = o->header != EXEC_COPY_HEADER_NONE;
	if (r->enc->iconv != NULL &&
		(r->cd = open_iconv("UTF-8", r->enc->iconv, o->encoding, err)) == (iconv_t)-1) {
		free(r);
		return NULL;
	}
	return r;
}

void exec_copy_reader_free(exec_copy_reader *r)
{
	if (r == NULL)
		return;
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	store_buf_free(&r->in);
	store_buf_free(&r->fieldbuf);
	free(r->offs);
	free(r->fields);
	free(r->lens);
	free(r);
}

uint64_t exec_copy_reader_lineno(const exec_copy_reader *r)
{
	return r->lineno;
}

bool exec_copy_reader_ended(const exec_copy_reader *r)
{
	return r->ended;
}

/* Remember an encoding error at the end of the decoded data; the scan reports it there. */
static void decode_failed(
	exec_copy_reader *r, const char *sqlstate, const char *fmt, const char *a, const char *b)
{
	r->bad = true;
	store_err_set(&r->bad_err, sqlstate, fmt, a, b);
}

/* 22021 or 22P05 for the bytes at p in the data's encoding, which iconv refused. */
static void iconv_failed(exec_copy_reader *r, const unsigned char *p, size_t avail)
{
	char bytes[64];

	if (!r->enc->multibyte) {
		hex_bytes(p, 1, bytes, sizeof(bytes));
		decode_failed(r, "22P05",
			"character with byte sequence %s in encoding \"%s\" has no equivalent in encoding \"UTF8\"",
			bytes, r->o.encoding);
		return;
	}
	/* XXX: PostgreSQL shows the bytes the character's first byte announces; iconv
	 * does not say how many that is, so up to two are shown. */
	hex_bytes(p, avail < 2 ? avail : 2, bytes, sizeof(bytes));
	decode_failed(
		r, "22021", "invalid byte sequence for encoding \"%s\": %s", r->o.encoding, bytes);
}

/* Convert p[0..n) from the data's encoding, appending UTF-8 to `in`; stops at an error. */
static void decode_iconv(exec_copy_reader *r, const unsigned char *p, size_t n)
{
	const unsigned char *nul = memchr(p, '\0', n);
	size_t take = nul != NULL ? (size_t)(nul - p) : n;
	char *inp = (char *)p;
	size_t inleft = take;

	while (inleft > 0) {
		char *o;
		size_t oleft, k;

		store_buf_grow(&r->in, inleft * 4 + 16);
		o = (char *)r->in.data + r->in.len;
		oleft = r->in.cap - r->in.len - 1;
		k = iconv(r->cd, &inp, &inleft, &o, &oleft);
		r->in.len = (size_t)((unsigned char *)o - r->in.data);
		r->in.data[r->in.len] = '\0';
		if (k != (size_t)-1 || errno == E2BIG)
			continue;
		/*
		 * A character cut short, or a bad one whose second byte (which the
		 * error shows) is still to come: keep its bytes for the next chunk.
		 */
		if ((errno == EINVAL && nul == NULL) ||
			(errno == EILSEQ && r->enc->multibyte && inleft + (n - take) < 2)) {
			if (inleft <= sizeof(r->pend)) {
				memcpy(r->pend, inp, inleft);
				r->npend = inleft;
				return;
			}
		}
		iconv_failed(r, (const unsigned char *)inp, inleft + (size_t)(n - take));
		return;
	}
	if (nul != NULL) {
		char bytes[8];

		hex_bytes(nul, 1, bytes, sizeof(bytes));
		decode_failed(r, "22021", "invalid byte sequence for encoding \"%s\": %s",
			r->o.encoding, bytes);
	}
}

/* Bring new raw bytes into `in`, decoded and checked as far as they can be. */
static void decode(exec_copy_reader *r, const unsigned char *p, size_t n)
{
	if (r->bad)
		return;
	if (r->cd == (iconv_t)-1) {
		/* UTF-8 (or SQL_ASCII, read as UTF-8): check in place. */
		bool incomplete;
		size_t ok;

		store_buf_put(&r->in, p, n);
		ok = utf8_valid_prefix(r->in.data + r->usable, r->in.len - r->usable, &incomplete);
		r->usable += ok;
		if (r->usable < r->in.len && (!incomplete || r->finished)) {
			r->bad = true;
			utf8_error(r->in.data + r->usable, r->in.len - r->usable, &r->bad_err);
		}
		return;
	}

	/* Another encoding: a character cut short last time comes first. */
	if (r->npend > 0) {
		size_t total = r->npend + n;
		unsigned char *joined = malloc(total);

		if (joined == NULL)
			abort(); /* as store_buf does */
		memcpy(joined, r->pend, r->npend);
		memcpy(joined + r->npend, p, n);
		r->npend = 0;
		decode_iconv(r, joined, total);
		free(joined);
	} else {
		decode_iconv(r, p, n);
	}
	r->usable = r->in.len;
}

void exec_copy_reader_feed(exec_copy_reader *r, const char *data, size_t len)
{
	if (r->ended || r->finished || len == 0)
		return;

	/* Drop what earlier records used once it is most of the buffer. */
	if (r->start > 0 && r->start >= r->in.len - r->start) {
		size_t keep = r->in.len - r->start;

		memmove(r->in.data, r->in.data + r->start, keep);
		r->in.len = keep;
		r->in.data[keep] = '\0';
		r->usable -= r->start;
		r->pos -= r->start;
		r->start = 0;
	}
	decode(r, (const unsigned char *)data, len);
}

void exec_copy_reader_finish(exec_copy_reader *r)
{
	if (r->finished)
		return;
	r->finished = true;
	if (r->bad)
		return;
	if (r->cd == (iconv_t)-1) {
		if (r->usable < r->in.len) {
			r->bad = true;
			utf8_error(r->in.data + r->usable, r->in.len - r->usable, &r->bad_err);
		}
		return;
	}
	if (r->npend > 0) {
		char bytes[64];

		hex_bytes(r->pend, r->npend, bytes, sizeof(bytes));
		decode_failed(r, "22021", "invalid byte sequence for encoding \"%s\": %s",
			r->o.encoding, bytes);
		return;
	}
	/* A stateful encoding may hold a last character back. */
	{
		char *o;
		size_t oleft;

		store_buf_grow(&r->in, 16);
		o = (char *)r->in.data + r->in.len;
		oleft = r->in.cap - r->in.len - 1;
		iconv(r->cd, NULL, NULL, &o, &oleft);
		r->in.len = (size_t)((unsigned char *)o - r->in.data);
		r->in.data[r->in.len] = '\0';
		r->usable = r->in.len;
	}
}

/* What the scan of a record found. */
enum { SCAN_MORE, SCAN_RECORD, SCAN_END, SCAN_ERROR };

/*
 * The byte k places after pos in *c: SCAN_RECORD when it is there (0 at
 * the end of input, as PostgreSQL's padded buffer reads there),
 * SCAN_MORE when it has not come yet (the scan must wait), SCAN_ERROR
 * when an encoding error stands in the way.
 */
static int peek(exec_copy_reader *r, size_t k, store_err *err, int *c)
{
	if (r->pos + k < r->usable) {
		*c = r->in.data[r->pos + k];
		return SCAN_RECORD;
	}
	if (r->bad) {
		store_err_set(err, r->bad_err.sqlstate, "%s", r->bad_err.message);
		return SCAN_ERROR;
	}
	if (!r->finished)
		return SCAN_MORE;
	*c = 0;
	return SCAN_RECORD;
}

static int format_error(store_err *err, const char *msg, const char *hint)
{
	store_err_set(err, "22P04", "%s", msg);
	if (hint != NULL)
		store_err_hint(err, "%s", hint);
	return SCAN_ERROR;
}

/*
 * Look for the "\." end marker whose backslash is at pos: SCAN_END when
 * it is one, SCAN_RECORD when it is data after all (CSV only), or an
 * error (text: a backslash-dot not followed by the line end).
 */
static int end_marker(exec_copy_reader *r, store_err *err)
{
	bool csv = r->o.format == EXEC_COPY_CSV;
	size_t k = 2;
	int c, s;

	if (r->eol == EOL_CRNL) {
		if ((s = peek(r, k++, err, &c)) != SCAN_RECORD)
			return s;
		if (c == '\n')
			return csv ? SCAN_RECORD
				   : format_error(err,
					     "end-of-copy marker does not match previous newline style",
					     NULL);
		if (c != '\r')
			return csv ? SCAN_RECORD
				   : format_error(err, "end-of-copy marker corrupt", NULL);
	}
	if ((s = peek(r, k, err, &c)) != SCAN_RECORD)
		return s;
	if (c != '\r' && c != '\n')
		return csv ? SCAN_RECORD : format_error(err, "end-of-copy marker corrupt", NULL);
	if ((r->eol == EOL_NL && c != '\n') || (r->eol == EOL_CRNL && c != '\n') ||
		(r->eol == EOL_CR && c != '\r'))
		return format_error(
			err, "end-of-copy marker does not match previous newline style", NULL);
	return SCAN_END;
}

/*
 * Scan for the end of the record that starts at r->start: *end is where
 * its bytes end, *next where the next record starts.  SCAN_END means
 * the data ended: *end > r->start when a last record precedes the
 * marker (it is returned first).
 */
static int scan(exec_copy_reader *r, size_t *end, size_t *next, store_err *err)
{
	bool csv = r->o.format == EXEC_COPY_CSV;
	/* An escape that is the quote needs no tracking: the quote just toggles. */
	char quote = r->o.quote, escape = r->o.escape == quote ? '\0' : r->o.escape;

	for (;;) {
		int c, c2 = 0, s;

		if (r->pos - r->start > r->max_record) {
			store_err_set(err, "54000", "out of memory");
			store_err_detail(err,
				"Cannot enlarge string buffer containing %zu bytes by %zu more bytes.",
				r->pos - r->start, r->in.len - r->pos);
			return SCAN_ERROR;
		}
		if ((s = peek(r, 0, err, &c)) != SCAN_RECORD)
			return s;
		if (r->pos >= r->usable) {
			/* The end of input: what was read is the last record. */
			*end = *next = r->pos;
			return r->pos > r->start ? SCAN_RECORD : SCAN_END;
		}

		/* Decisions below that look ahead wait for their bytes before changing state. */
		if (c == '\\' || c == '\r') {
			if ((s = peek(r, 1, err, &c2)) != SCAN_RECORD)
				return s;
		}
		if (c == '\\' && (!csv || r->pos == r->start) && c2 == '.') {
			int k = r->eol == EOL_CRNL ? 3 : 2;

			for (int i = 2; i <= k; i++) {
				int ignored;

				if ((s = peek(r, (size_t)i, err, &ignored)) != SCAN_RECORD)
					return s;
			}
		}

		/* CSV: quotes and escapes, and PostgreSQL's count of quoted line ends. */
		if (csv) {
			if (r->in_quote && c == escape)
				r->last_was_esc = !r->last_was_esc;
			if (c == quote && !r->last_was_esc)
				r->in_quote = !r->in_quote;
			if (c != escape)
				r->last_was_esc = false;
			if (r->in_quote && c == (r->eol == EOL_NL ? '\n' : '\r'))
				r->lineno++;
		}

		/* A carriage return ends the line, alone or before a newline. */
		if (c == '\r' && (!csv || !r->in_quote)) {
			if (r->eol == EOL_UNKNOWN || r->eol == EOL_CRNL) {
				if (c2 == '\n') {
					r->eol = EOL_CRNL;
					*end = r->pos;
					*next = r->pos + 2;
					return SCAN_RECORD;
				}
				if (r->eol == EOL_CRNL)
					return format_error(err,
						csv ? "unquoted carriage return found in data"
						    : "literal carriage return found in data",
						csv ? "Use quoted CSV field to represent carriage return."
						    : "Use \"\\r\" to represent carriage return.");
				r->eol = EOL_CR;
			} else if (r->eol == EOL_NL) {
				return format_error(err,
					csv ? "unquoted carriage return found in data"
					    : "literal carriage return found in data",
					csv ? "Use quoted CSV field to represent carriage return."
					    : "Use \"\\r\" to represent carriage return.");
			}
			*end = r->pos;
			*next = r->pos + 1;
			return SCAN_RECORD;
		}

		/* A newline ends it. */
		if (c == '\n' && (!csv || !r->in_quote)) {
			if (r->eol == EOL_CR || r->eol == EOL_CRNL)
				return format_error(err,
					csv ? "unquoted newline found in data"
					    : "literal newline found in data",
					csv ? "Use quoted CSV field to represent newline."
					    : "Use \"\\n\" to represent newline.");
			r->eol = EOL_NL;
			*end = r->pos;
			*next = r->pos + 1;
			return SCAN_RECORD;
		}

		/* "\." ends the data (in CSV only at a record's start); in text a backslash escapes the next byte. */
		if (c == '\\' && (!csv || r->pos == r->start)) {
			if (c2 == 0 && r->pos + 1 >= r->usable) {
				/* A backslash at the very end: data, and the end of input. */
				r->pos++;
				continue;
			}
			if (c2 == '.') {
				s = end_marker(r, err);
				if (s == SCAN_END) {
					r->ended = true;
					*end = r->pos;
					*next = r->pos;
					return SCAN_END;
				}
				if (s != SCAN_RECORD)
					return s;
				/* CSV: a backslash-dot that is data; go on after the backslash. */
			} else if (!csv) {
				r->pos++;
			}
		}
		r->pos++;
	}
}

/* Room for n fields. */
static void fields_reserve(exec_copy_reader *r, int n)
{
	if (n <= r->cap)
		return;
	r->cap = r->cap ? 2 * r->cap : 16;
	while (r->cap < n)
		r->cap *= 2;
	r->offs = realloc(r->offs, sizeof(*r->offs) * (size_t)r->cap);
	r->fields = realloc(r->fields, sizeof(*r->fields) * (size_t)r->cap);
	r->lens = realloc(r->lens, sizeof(*r->lens) * (size_t)r->cap);
	if (r->offs == NULL || r->fields == NULL || r->lens == NULL)
		abort(); /* as store_buf does: a few pointers more cannot be refused */
}

/* Close field k: its bytes in fieldbuf from offs[k], or SQL NULL. */
static void field_end(exec_copy_reader *r, int k, bool null)
{
	r->lens[k] = null ? (size_t)-1 : r->fieldbuf.len - r->offs[k];
	store_buf_putc(&r->fieldbuf, '\0');
}

/* Is raw[0..n) the NULL string? */
static bool is_null_str(const exec_copy_reader *r, const char *raw, size_t n)
{
	return n == strlen(r->o.null_str) && memcmp(raw, r->o.null_str, n) == 0;
}

static bool is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Split a text-format line into fields (PostgreSQL's CopyReadAttributesText). */
static int split_text(exec_copy_reader *r, const char *line, size_t n, int *nfields, store_err *err)
{
	size_t i = 0;
	int k = 0;

	for (;;) {
		size_t raw = i, rawend, out0;
		bool delim = false, high = false;

		fields_reserve(r, k + 1);
		out0 = r->offs[k] = r->fieldbuf.len;
		for (;;) {
			unsigned char c;

			rawend = i;
			if (i >= n)
				break;
			c = (unsigned char)line[i++];
			if (c == (unsigned char)r->o.delim) {
				delim = true;
				break;
			}
			if (c == '\\') {
				if (i >= n)
					break; /* a backslash ending the line is dropped */
				c = (unsigned char)line[i++];
				if (c >= '0' && c <= '7') {
					int v = c - '0';

					for (int d = 0;
						d < 2 && i < n && line[i] >= '0' && line[i] <= '7';
						d++)
						v = (v << 3) + (line[i++] - '0');
					c = (unsigned char)(v & 0xff);
					high = high || c == 0 || c >= 0x80;
				} else if (c == 'x') {
					if (i < n && is_hex((unsigned char)line[i])) {
						int v = store_hexval((unsigned char)line[i++]);

						if (i < n && is_hex((unsigned char)line[i]))
							v = (v << 4) +
							    store_hexval((unsigned char)line[i++]);
						c = (unsigned char)v;
						high = high || c == 0 || c >= 0x80;
					}
				} else {
					static const char from[] = "bfnrtv", to[] = "\b\f\n\r\t\v";
					const char *p = c ? strchr(from, c) : NULL;

					if (p != NULL)
						c = (unsigned char)to[p - from];
				}
			}
			store_buf_putc(&r->fieldbuf, c);
		}

		/* The NULL string is matched on the raw text; escapes must make valid UTF-8. */
		if (is_null_str(r, line + raw, rawend - raw)) {
			r->fieldbuf.len = out0;
			field_end(r, k, true);
		} else {
			if (high) {
				const unsigned char *f = r->fieldbuf.data + out0;
				size_t flen = r->fieldbuf.len - out0;
				bool incomplete;
				size_t ok = utf8_valid_prefix(f, flen, &incomplete);

				if (ok < flen)
					return utf8_error(f + ok, flen - ok, err);
			}
			field_end(r, k, false);
		}
		k++;
		if (!delim)
			break;
	}
	*nfields = k;
	return EXEC_OK;
}

/* Split a CSV record into fields (PostgreSQL's CopyReadAttributesCSV). */
static int split_csv(exec_copy_reader *r, const char *line, size_t n, int *nfields, store_err *err)
{
	char delim = r->o.delim, quote = r->o.quote, escape = r->o.escape;
	size_t i = 0;
	int k = 0;

	for (;;) {
		size_t raw = i, rawend = i;
		bool delim_found = false, saw_quote = false;

		fields_reserve(r, k + 1);
		r->offs[k] = r->fieldbuf.len;
		for (;;) {
			/* Outside quotes: up to a delimiter, the end, or a quote. */
			for (;;) {
				char c;

				rawend = i;
				if (i >= n)
					goto done;
				c = line[i++];
				if (c == delim) {
					delim_found = true;
					goto done;
				}
				if (c == quote) {
					saw_quote = true;
					break;
				}
				store_buf_putc(&r->fieldbuf, c);
			}
			/* Inside quotes: the escape protects a quote or itself. */
			for (;;) {
				char c;

				rawend = i;
				if (i >= n)
					return store_err_set(
						err, "22P04", "unterminated CSV quoted field");
				c = line[i++];
				if (c == escape && i < n &&
					(line[i] == escape || line[i] == quote)) {
					store_buf_putc(&r->fieldbuf, line[i++]);
					continue;
				}
				if (c == quote)
					break;
				store_buf_putc(&r->fieldbuf, c);
			}
		}
	done:
		field_end(r, k, !saw_quote && is_null_str(r, line + raw, rawend - raw));
		k++;
		if (!delim_found)
			break;
	}
	*nfields = k;
	return EXEC_OK;
}

int exec_copy_reader_next(exec_copy_reader *r, exec_copy_record *rec, store_err *err)
{
	for (;;) {
		size_t end, next;
		int s, nfields = 0;
		const char *line;

		memset(rec, 0, sizeof(*rec));
		if (r->ended)
			return EXEC_COPY_END;

		/* A new record: its line number (PostgreSQL counts before it reads). */
		if (!r->scanning) {
			r->scanning = true;
			r->lineno++;
			r->pos = r->start;
			r->in_quote = false;
			r->last_was_esc = false;
		}
		s = scan(r, &end, &next, err);
		rec->lineno = r->lineno;
		if (s == SCAN_MORE)
			return EXEC_COPY_MORE;
		if (s == SCAN_ERROR)
			return EXEC_ERROR;
		if (s == SCAN_END && end == r->start) {
			r->ended = true;
			return EXEC_COPY_END;
		}

		/* A record: [start, end); the scan of the next one starts after its line end. */
		line = (const char *)r->in.data + r->start;
		rec->line = line;
		rec->linelen = end - r->start;
		if (s == SCAN_END) {
			/* Data before "\." on its line: this record, then the end (same line number). */
			r->start = end;
		} else {
			r->start = r->pos = next;
			r->scanning = false;
		}

		/* The header: skipped, or (MATCH) split for the caller to compare. */
		if (r->header_pending) {
			r->header_pending = false;
			if (r->o.header != EXEC_COPY_HEADER_MATCH)
				continue;
			rec->header = true;
		}

		/* The fields. */
		r->fieldbuf.len = 0;
		s = r->o.format == EXEC_COPY_CSV ? split_csv(r, line, rec->linelen, &nfields, err)
						 : split_text(r, line, rec->linelen, &nfields, err);
		if (s != EXEC_OK)
			return EXEC_ERROR;
		for (int k = 0; k < nfields; k++)
			r->fields[k] = r->lens[k] == (size_t)-1
					       ? NULL
					       : (const char *)r->fieldbuf.data + r->offs[k];
		for (int k = 0; k < nfields; k++)
			if (r->lens[k] == (size_t)-1)
				r->lens[k] = 0;
		rec->nfields = nfields;
		rec->fields = r->fields;
		rec->lens = r->lens;
		return EXEC_COPY_RECORD;
	}
}
