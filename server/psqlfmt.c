/*
 * psqlfmt.c - psql's aligned output and its statement splitting (see
 * psqlfmt.h).
 *
 * The layout rules, read off psql's output (border 1, the default):
 * every line starts with one space; columns are separated by " | ";
 * the header line centres each name in its column and pads the last
 * one too; the rule under it is dashes, width + 2 per column, joined
 * by '+'; data cells are padded to the column width except the last
 * column's when it aligns left; a cell with more lines ends each but
 * its last with '+' in place of the space before the separator; tabs
 * expand to the next multiple of 8; control characters show as "\r",
 * "\x08" or "\u0085"; widths count display columns (wide characters
 * two, combining marks none).
 */
#include "psqlfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* ---- Display width ---- */

/*
 * Decode one UTF-8 character at p (n bytes left); *cp receives it, the
 * return value its length.  Invalid bytes count as one character each.
 */
static size_t utf8_next(const unsigned char *p, size_t n, unsigned *cp)
{
	unsigned c = p[0];
	size_t len = c < 0x80             ? 1
		     : (c & 0xe0) == 0xc0 ? 2
		     : (c & 0xf0) == 0xe0 ? 3
		     : (c & 0xf8) == 0xf0 ? 4
					  : 1;

	if (len > n || len == 1) {
		*cp = c;
		return 1;
	}
	*cp = c & (0xff >> (len + 1));
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*cp = c;
			return 1;
		}
		*cp = (*cp << 6) | (p[i] & 0x3f);
	}
	return len;
}

/*
 * Display columns of one character, as psql's own table counts them
 * (independent of the process's locale): control characters 0,
 * combining marks 0, East Asian wide and fullwidth characters 2.
 */
static int char_width(unsigned cp)
{
	static const struct {
		unsigned lo, hi;
	} zero[] = {{0x0300, 0x036f}, {0x0483, 0x0489}, {0x0591, 0x05bd}, {0x0610, 0x061a},
		{0x064b, 0x065f}, {0x0e31, 0x0e31}, {0x0e34, 0x0e3a}, {0x200b, 0x200f},
		{0x20d0, 0x20ff}, {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f}},
	  wide[] = {{0x1100, 0x115f}, {0x231a, 0x231b}, {0x2329, 0x232a}, {0x23e9, 0x23ec},
		  {0x2e80, 0x303e}, {0x3041, 0x33ff}, {0x3400, 0x4dbf}, {0x4e00, 0x9fff},
		  {0xa000, 0xa4cf}, {0xa960, 0xa97f}, {0xac00, 0xd7a3}, {0xf900, 0xfaff},
		  {0xfe10, 0xfe19}, {0xfe30, 0xfe6f}, {0xff00, 0xff60}, {0xffe0, 0xffe6},
		  {0x1f300, 0x1f64f}, {0x1f900, 0x1f9ff}, {0x20000, 0x2fffd}, {0x30000, 0x3fffd}};

	if (cp < 0x20 || cp == 0x7f)
		return 0;
	if (cp < 0x300)
		return 1;
	for (size_t i = 0; i < sizeof(zero) / sizeof(zero[0]); i++)
		if (cp >= zero[i].lo && cp <= zero[i].hi)
			return 0;
	for (size_t i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (cp >= wide[i].lo && cp <= wide[i].hi)
			return 2;
	return 1;
}

/*
 * How psql shows a control character (its pg_wcsformat): "\r" for a
 * carriage return, "\x1F" for another one-byte one (DEL included),
 * "\u0085" for one of the C1 range written in two bytes.  The text goes
 * to buf; 0 when the character is no control character.
 */
static size_t control_text(unsigned cp, size_t bytes, char buf[8])
{
	if (cp == '\r')
		return (size_t)snprintf(buf, 8, "\\r");
	if (bytes == 1 && ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7f))
		return (size_t)snprintf(buf, 8, "\\x%02X", cp);
	if (bytes > 1 && cp >= 0x80 && cp < 0xa0)
		return (size_t)snprintf(buf, 8, "\\u%04X", cp);
	return 0;
}

/* Width of one line of text (no newlines), tabs expanded from column 0. */
static size_t line_width(const char *s, size_t n)
{
	size_t w = 0, i = 0;

	while (i < n) {
		unsigned cp;
		size_t k = utf8_next((const unsigned char *)s + i, n - i, &cp), c;
		char ctl[8];

		if (cp == '\t')
			w = (w / 8 + 1) * 8;
		else if ((c = control_text(cp, k, ctl)) > 0)
			w += c;
		else
			w += (size_t)char_width(cp);
		i += k;
	}
	return w;
}

/* Append one line of a cell with its tabs expanded and control characters shown. */
static void put_line(store_buf *out, const char *s, size_t n)
{
	size_t w = 0, i = 0;

	while (i < n) {
		unsigned cp;
		size_t k = utf8_next((const unsigned char *)s + i, n - i, &cp), c;
		char ctl[8];

		if (cp == '\t') {
			size_t next = (w / 8 + 1) * 8;

			for (; w < next; w++)
				store_buf_putc(out, ' ');
		} else if ((c = control_text(cp, k, ctl)) > 0) {
			store_buf_put(out, ctl, c);
			w += c;
		} else {
			store_buf_put(out, s + i, k);
			w += (size_t)char_width(cp);
		}
		i += k;
	}
}

static void pad(store_buf *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_buf_putc(out, ' ');
}

/* ---- Tables ---- */

typedef struct cell {
	char *text; /* NULL for a NULL value */
	size_t len;
} cell;

struct srv_table {
	int ncols;
	char **names;
	bool *right;
	cell *cells; /* nrows * ncols */
	size_t nrows, caprows;
};

srv_table *srv_table_new(int ncols, const char *const *names, const bool *right)
{
	srv_table *t = calloc(1, sizeof(*t));

	if (t == NULL)
		abort();
	t->ncols = ncols;
	t->names = calloc((size_t)(ncols ? ncols : 1), sizeof(*t->names));
	t->right = calloc((size_t)(ncols ? ncols : 1), sizeof(*t->right));
	if (t->names == NULL || t->right == NULL)
		abort();
	for (int i = 0; i < ncols; i++) {
		t->names[i] = strdup(names[i]);
		if (t->names[i] == NULL)
			abort();
		t->right[i] = right != NULL && right[i];
	}
	return t;
}

void srv_table_free(srv_table *t)
{
	if (t == NULL)
		return;
	for (int i = 0; i < t->ncols; i++)
		free(t->names[i]);
	for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
		free(t->cells[i].text);
	free(t->names);
	free(t->right);
	free(t->cells);
	free(t);
}

void srv_table_add_row(srv_table *t, const char *const *cells, const size_t *lens)
{
	if (t->nrows == t->caprows) {
		t->caprows = t->caprows ? 2 * t->caprows : 64;
		t->cells = realloc(
			t->cells, t->caprows * (size_t)(t->ncols ? t->ncols : 1) * sizeof(cell));
		if (t->cells == NULL)
			abort();
	}
	for (int i = 0; i < t->ncols; i++) {
		cell *c = &t->cells[t->nrows * (size_t)t->ncols + (size_t)i];

		c->text = NULL;
		c->len = 0;
		if (cells[i] != NULL) {
			c->len = lens[i];
			c->text = malloc(c->len + 1);
			if (c->text == NULL)
				abort();
			memcpy(c->text, cells[i], c->len);
			c->text[c->len] = '\0';
		}
	}
	t->nrows++;
}

/* The k-th line of text (0-based): *start and *n; returns 0 when there is none. */
static int nth_line(const char *s, size_t len, int k, const char **start, size_t *n)
{
	const char *p = s, *end = s + len;

	for (; k > 0; k--) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (nl == NULL)
			return 0;
		p = nl + 1;
	}
	{
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		*start = p;
		*n = nl ? (size_t)(nl - p) : (size_t)(end - p);
	}
	return 1;
}

static int count_lines(const char *s, size_t len)
{
	int n = 1;

	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	return n;
}

/* Width of the widest line of a text. */
static size_t text_width(const char *s, size_t len)
{
	size_t w = 0, n;
	const char *start;

	for (int k = 0; nth_line(s, len, k, &start, &n); k++) {
		size_t lw = line_width(start, n);

		if (lw > w)
			w = lw;
	}
	return w;
}

/*
 * Print one row of texts (the header when header is set): line by line,
 * each cell padded or aligned, '+' after a cell line that has a
 * successor.
 */
static void print_row(const srv_table *t, const size_t *width, const char *const *texts,
	const size_t *lens, bool header, store_buf *out)
{
	int nlines = 1;

	for (int j = 0; j < t->ncols; j++) {
		int n = texts[j] ? count_lines(texts[j], lens[j]) : 1;

		if (n > nlines)
			nlines = n;
	}
	for (int k = 0; k < nlines; k++) {
		store_buf_putc(out, ' ');
		for (int j = 0; j < t->ncols; j++) {
			const char *s = "";
			size_t n = 0, w;
			bool more = texts[j] && nth_line(texts[j], lens[j], k + 1, &s, &n);
			bool last = j == t->ncols - 1, past = false;

			if (!texts[j] || !nth_line(texts[j], lens[j], k, &s, &n)) {
				s = "";
				n = 0;
				past = k >
				       0; /* the cell's lines are over (a NULL has one, empty) */
			}
			w = line_width(s, n);
			if (header) {
				size_t left = (width[j] - w) / 2;

				pad(out, left);
				put_line(out, s, n);
				pad(out, width[j] - w - left);
			} else if (t->right[j]) {
				/* psql pads a cell past its lines only when a column follows. */
				if (!(last && past))
					pad(out, width[j] - w);
				put_line(out, s, n);
			} else {
				put_line(out, s, n);
				if (!last || more)
					pad(out, width[j] - w);
			}
			if (more)
				store_buf_putc(out, '+');
			else if (!last || header)
				store_buf_putc(out, ' ');
			if (!last)
				store_buf_puts(out, "| ");
		}
		store_buf_putc(out, '\n');
	}
}

void srv_table_print(const srv_table *t, store_buf *out)
{
	size_t *width = calloc((size_t)(t->ncols ? t->ncols : 1), sizeof(*width));
	size_t *lens = calloc((size_t)(t->ncols ? t->ncols : 1), sizeof(*lens));
	const char **texts = calloc((size_t)(t->ncols ? t->ncols : 1), sizeof(*texts));

	if (width == NULL || lens == NULL || texts == NULL)
		abort();

	/* Widths: the widest line of the name and of every cell. */
	for (int j = 0; j < t->ncols; j++) {
		width[j] = text_width(t->names[j], strlen(t->names[j]));
		for (size_t i = 0; i < t->nrows; i++) {
			const cell *c = &t->cells[i * (size_t)t->ncols + (size_t)j];
			size_t w = c->text ? text_width(c->text, c->len) : 0;

			if (w > width[j])
				width[j] = w;
		}
	}

	/* Header, rule, rows. */
	if (t->ncols > 0) {
		for (int j = 0; j < t->ncols; j++) {
			texts[j] = t->names[j];
			lens[j] = strlen(t->names[j]);
		}
		print_row(t, width, texts, lens, true, out);
	}
	for (int j = 0; j < t->ncols; j++) {
		if (j > 0)
			store_buf_putc(out, '+');
		for (size_t k = 0; k < width[j] + 2; k++)
			store_buf_putc(out, '-');
	}
	if (t->ncols == 0)
		store_buf_puts(out, "--");
	store_buf_putc(out, '\n');
	for (size_t i = 0; i < t->nrows; i++) {
		for (int j = 0; j < t->ncols; j++) {
			const cell *c = &t->cells[i * (size_t)t->ncols + (size_t)j];

			texts[j] = c->text;
			lens[j] = c->len;
		}
		if (t->ncols > 0)
			print_row(t, width, texts, lens, false, out);
	}
	store_buf_printf(out, "(%zu %s)\n\n", t->nrows, t->nrows == 1 ? "row" : "rows");
	free(width);
	free(lens);
	free(texts);
}

/* ---- Messages ---- */

/* Widest part of a line psql shows around the cursor, and how much it keeps to the right. */
#define DISPLAY_SIZE  60
#define MIN_RIGHT_CUT 10

/*
 * The "LINE n:" report: the line of the query holding the 1-based
 * character position, cut to a window with "..." where it is long, and a
 * caret under the character.
 */
static void print_position(store_buf *out, const char *q, size_t qlen, int position)
{
	size_t i = 0, line_start = 0, cursor_byte = qlen;
	int line = 1, ch = 1;
	size_t line_end, scr_cursor, scr_start = 0, scr_end, lw, k;
	char label[32];

	/* Find the byte of the character, and the line it is on. */
	while (i < qlen && ch < position) {
		unsigned cp;

		i += utf8_next((const unsigned char *)q + i, qlen - i, &cp);
		ch++;
		if (cp == '\n') {
			line++;
			line_start = i;
		}
	}
	cursor_byte = i;
	line_end = line_start;
	while (line_end < qlen && q[line_end] != '\n' && q[line_end] != '\r')
		line_end++;

	/* Screen columns: where the cursor falls, and the window around it. */
	scr_cursor = line_width(q + line_start, cursor_byte - line_start);
	lw = line_width(q + line_start, line_end - line_start);
	scr_end = lw;
	{
		bool beg_trunc = false, end_trunc = false;
		size_t b = line_start, e = line_end;

		if (lw > DISPLAY_SIZE) {
			/* Cut the end first, keeping MIN_RIGHT_CUT columns after the cursor. */
			if (scr_cursor + MIN_RIGHT_CUT < lw &&
				scr_cursor + MIN_RIGHT_CUT >= DISPLAY_SIZE) {
				scr_end = scr_cursor + MIN_RIGHT_CUT;
				end_trunc = true;
			} else if (scr_cursor + MIN_RIGHT_CUT < DISPLAY_SIZE) {
				scr_end = DISPLAY_SIZE;
				end_trunc = true;
			}
			if (scr_end > DISPLAY_SIZE) {
				scr_start = scr_end - DISPLAY_SIZE;
				beg_trunc = true;
			}
		}

		/* Bytes of the window [scr_start, scr_end). */
		for (k = line_start; k < line_end;) {
			unsigned cp;
			size_t n = utf8_next((const unsigned char *)q + k, line_end - k, &cp);

			if (line_width(q + line_start, k - line_start) >= scr_start)
				break;
			k += n;
		}
		b = k;
		for (k = b; k < line_end;) {
			unsigned cp;
			size_t n = utf8_next((const unsigned char *)q + k, line_end - k, &cp);

			if (line_width(q + line_start, k + n - line_start) > scr_end)
				break;
			k += n;
		}
		e = k;

		snprintf(label, sizeof(label), "LINE %d: ", line);
		store_buf_puts(out, label);
		if (beg_trunc)
			store_buf_puts(out, "...");
		put_line(out, q + b, e - b);
		if (end_trunc)
			store_buf_puts(out, "...");
		store_buf_putc(out, '\n');

		/* The caret, under the cursor in the window. */
		pad(out, strlen(label) + (beg_trunc ? 3 : 0) + (scr_cursor - scr_start));
		store_buf_puts(out, "^\n");
	}
}

void srv_print_message(store_buf *out, const char *severity, const store_err *err,
	const char *query, size_t querylen)
{
	/* psql's order: the message, where it happened, then DETAIL, HINT and CONTEXT. */
	store_buf_printf(out, "%s:  %s\n", severity, err->message);
	if (err->position > 0 && query != NULL)
		print_position(out, query, querylen, err->position);
	if (err->detail[0] != '\0')
		store_buf_printf(out, "DETAIL:  %s\n", err->detail);
	if (err->hint[0] != '\0')
		store_buf_printf(out, "HINT:  %s\n", err->hint);
	if (err->context[0] != '\0')
		store_buf_printf(out, "CONTEXT:  %s\n", err->context);
}

/* ---- Splitting input ---- */

void srv_splitter_init(srv_splitter *sp)
{
	memset(sp, 0, sizeof(*sp));
}

void srv_splitter_free(srv_splitter *sp)
{
	store_buf_free(&sp->pending);
	free(sp->dollar);
	sp->dollar = NULL;
}

bool srv_splitter_in_quote(const srv_splitter *sp)
{
	return sp->quote != 0 || sp->dollar != NULL;
}

static bool ident_start(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80;
}

/*
 * A dollar-quote tag starting at s[0] == '$' ("$$" or "$tag$"); its length,
 * or 0 when the dollar starts no tag ($1 is a parameter).
 */
static size_t dollar_tag(const char *s, size_t n)
{
	size_t i = 1;

	if (i < n && s[i] == '$')
		return 2;
	if (i >= n || !ident_start((unsigned char)s[i]))
		return 0;
	while (i < n && (ident_start((unsigned char)s[i]) || (s[i] >= '0' && s[i] <= '9')))
		i++;
	return i < n && s[i] == '$' ? i + 1 : 0;
}

static int emit(srv_splitter *sp, int (*fn)(void *, const char *, size_t), void *arg)
{
	int r = fn(arg, (const char *)sp->pending.data, sp->pending.len);

	sp->pending.len = 0;
	if (sp->pending.data != NULL)
		sp->pending.data[0] = '\0';
	return r;
}

int srv_splitter_line(srv_splitter *sp, const char *line, size_t len,
	int (*fn)(void *arg, const char *stmt, size_t len), void *arg)
{
	size_t i = 0;

	/* An empty line outside quotes is skipped; otherwise lines join with a newline. */
	if (len == 0 && !srv_splitter_in_quote(sp))
		return 0;
	if (sp->pending.len > 0)
		store_buf_putc(&sp->pending, '\n');

	while (i < len) {
		char c = line[i];
		bool started = sp->pending.len > 0;

		/* Inside a quote or comment, everything up to its end is text. */
		if (sp->dollar != NULL) {
			size_t tl = strlen(sp->dollar);

			if (len - i >= tl && memcmp(line + i, sp->dollar, tl) == 0) {
				store_buf_put(&sp->pending, line + i, tl);
				i += tl;
				free(sp->dollar);
				sp->dollar = NULL;
			} else {
				store_buf_putc(&sp->pending, c);
				i++;
			}
			continue;
		}
		if (sp->quote != 0) {
			store_buf_putc(&sp->pending, c);
			i++;
			if (sp->escape && c == '\\' && i < len) {
				store_buf_putc(&sp->pending, line[i++]);
			} else if (c == sp->quote) {
				if (i < len && line[i] == sp->quote)
					store_buf_putc(&sp->pending,
						line[i++]); /* doubled: still inside */
				else
					sp->quote = 0;
			}
			continue;
		}
		if (sp->comment > 0) {
			if (c == '*' && i + 1 < len && line[i + 1] == '/') {
				store_buf_put(&sp->pending, "*/", 2);
				i += 2;
				sp->comment--;
			} else if (c == '/' && i + 1 < len && line[i + 1] == '*') {
				store_buf_put(&sp->pending, "/*", 2);
				i += 2;
				sp->comment++;
			} else {
				store_buf_putc(&sp->pending, c);
				i++;
			}
			continue;
		}

		/* Outside: whitespace and line comments before any text are dropped. */
		if (c == '-' && i + 1 < len && line[i + 1] == '-') {
			if (started)
				store_buf_put(&sp->pending, line + i, len - i);
			break;
		}
		if ((c == ' ' || c == '\t' || c == '\r' || c == '\f') && !started) {
			i++;
			continue;
		}
		if (c == '/' && i + 1 < len && line[i + 1] == '*') {
			store_buf_put(&sp->pending, "/*", 2);
			i += 2;
			sp->comment = 1;
			continue;
		}
		if (c == '\'' || c == '"') {
			/* E'...' (or e'...') escapes with backslashes, unless part of a longer word. */
			sp->escape = c == '\'' && i > 0 &&
				     (line[i - 1] == 'E' || line[i - 1] == 'e') &&
				     (i < 2 || !ident_start((unsigned char)line[i - 2]));
			sp->quote = c;
			store_buf_putc(&sp->pending, c);
			i++;
			continue;
		}
		if (c == '$') {
			size_t tl = dollar_tag(line + i, len - i);

			if (tl > 0 && (i == 0 || !ident_start((unsigned char)line[i - 1]))) {
				sp->dollar = strndup(line + i, tl);
				if (sp->dollar == NULL)
					abort();
				store_buf_put(&sp->pending, line + i, tl);
				i += tl;
				continue;
			}
		}
		if (c == '(')
			sp->paren++;
		else if (c == ')' && sp->paren > 0)
			sp->paren--;
		store_buf_putc(&sp->pending, c);
		i++;
		if (c == ';' && sp->paren == 0) {
			int r = emit(sp, fn, arg);

			if (r != 0)
				return r;
		}
	}
	return 0;
}

int srv_splitter_finish(
	srv_splitter *sp, int (*fn)(void *arg, const char *stmt, size_t len), void *arg)
{
	size_t i;

	for (i = 0; i < sp->pending.len; i++) {
		char c = (char)sp->pending.data[i];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
	}
	if (i == sp->pending.len) {
		sp->pending.len = 0;
		return 0;
	}
	return emit(sp, fn, arg);
}
