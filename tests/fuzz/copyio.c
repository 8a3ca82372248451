/*
 * copyio.c - the fuzz target of COPY's reader (executor/copyio.h): any
 * bytes as COPY FROM data, under options the first two bytes choose,
 * then the reader's contract checked.
 *
 * Owns the checks only; replay.c and libFuzzer drive it (README.md).
 * Input: byte 0 picks the format, the delimiter, QUOTE and ESCAPE, the
 * header and the encoding; byte 1 the size of the chunks; the rest is
 * the data.
 *
 * What is checked: the data read whole and read in chunks give the same
 * records, line numbers and outcome (the reader is a state machine that
 * must not care where CopyData messages split it); an error has a
 * five-character SQLSTATE and a UTF-8 message; every field is UTF-8 (the
 * data was checked or converted); and the records written back with the
 * writer under the same options read back to the same fields, NULLs
 * included.  Leaks and memory errors are the sanitizers'.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "copyio.h"
#include "sql.h"

static int utf8_valid(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t k = sql_utf8_char_len(s + i, n - i);

		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

/* What a reading gave: its rendering, its data records' fields alone, and them written back. */
typedef struct reading {
	store_buf render;  /* records with line numbers, then the outcome */
	store_buf fields;  /* data records' fields only: what a rewrite must give back */
	store_buf rewrite; /* the data records written back (when a writer is given) */
	bool rewrite_ok;
} reading;

/* Read data in chunks of `step` bytes (0: whole), under o. */
static void read_data(const exec_copy_opts *o, const uint8_t *data, size_t size, size_t step,
	exec_copy_writer *w, reading *out)
{
	store_err err;
	exec_copy_reader *r;
	size_t at = 0;

	store_err_clear(&err);
	r = exec_copy_reader_new(o, 4096, &err);
	CHECK(r != NULL);
	out->rewrite_ok = w != NULL;
	for (;;) {
		exec_copy_record rec;
		int s = exec_copy_reader_next(r, &rec, &err);

		if (s == EXEC_COPY_MORE) {
			size_t n = step == 0 || step > size - at ? size - at : step;

			if (n == 0)
				exec_copy_reader_finish(r);
			else
				exec_copy_reader_feed(r, (const char *)data + at, n);
			at += n;
			continue;
		}
		if (s == EXEC_COPY_END) {
			store_buf_puts(&out->render, "END\n");
			break;
		}
		if (s == EXEC_ERROR) {
			CHECK(strlen(err.sqlstate) == 5);
			CHECK(utf8_valid(err.message, strlen(err.message)));
			CHECK(rec.lineno >= 1);
			store_buf_printf(&out->render, "ERROR %s %s @%llu\n", err.sqlstate,
				err.message, (unsigned long long)rec.lineno);
			break;
		}
		CHECK(s == EXEC_COPY_RECORD);
		CHECK(rec.lineno >= 1 && rec.nfields >= 1);
		store_buf_printf(&out->render, "L%llu%s", (unsigned long long)rec.lineno,
			rec.header ? "H" : "");
		for (int i = 0; i < rec.nfields; i++) {
			store_buf *b = &out->render;

			for (int k = 0; k < 2; k++, b = &out->fields) {
				if (k == 1 && rec.header)
					break;
				if (rec.fields[i] == NULL) {
					store_buf_puts(b, "|<null>");
					continue;
				}
				store_buf_printf(b, "|%zu:", rec.lens[i]);
				store_buf_put(b, rec.fields[i], rec.lens[i]);
			}
			if (rec.fields[i] != NULL) {
				CHECK(rec.fields[i][rec.lens[i]] == '\0');
				CHECK(utf8_valid(rec.fields[i], rec.lens[i]));
			}
		}
		store_buf_putc(&out->render, '\n');
		if (rec.header)
			continue;
		store_buf_putc(&out->fields, '\n');
		if (w != NULL && out->rewrite_ok &&
			exec_copy_writer_row(w, rec.nfields, rec.fields, rec.lens, NULL,
				&out->rewrite, &err) != EXEC_OK)
			out->rewrite_ok = false; /* a character the encoding lacks */
	}
	exec_copy_reader_free(r);
}

static void reading_free(reading *r)
{
	store_buf_free(&r->render);
	store_buf_free(&r->fields);
	store_buf_free(&r->rewrite);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const encodings[] = {"UTF8", "UTF8", "LATIN1", "SJIS"};
	exec_copy_opts o;
	store_err err;
	exec_copy_writer *w;
	reading whole = {0}, chunked = {0};
	size_t step;

	if (size < 2)
		return 0;
	exec_copy_opts_init(&o, (data[0] & 1) ? EXEC_COPY_CSV : EXEC_COPY_TEXT);
	if (data[0] & 2)
		o.delim = o.format == EXEC_COPY_CSV ? ';' : '|';
	if ((data[0] & 4) && o.format == EXEC_COPY_CSV) {
		o.quote = '\'';
		o.escape = '\\';
	}
	if ((data[0] & 8) && o.format == EXEC_COPY_CSV)
		o.null_str = "N";
	o.header = (data[0] >> 4) % 3 == 0   ? EXEC_COPY_HEADER_NONE
		   : (data[0] >> 4) % 3 == 1 ? EXEC_COPY_HEADER_ON
					     : EXEC_COPY_HEADER_MATCH;
	o.encoding = encodings[(data[0] >> 6) & 3];
	step = (size_t)(data[1] % 17);
	data += 2;
	size -= 2;

	/* Whole and in chunks: the same. */
	store_err_clear(&err);
	w = exec_copy_writer_new(&o, &err);
	CHECK(w != NULL);
	read_data(&o, data, size, 0, w, &whole);
	read_data(&o, data, size, step ? step : 1, NULL, &chunked);
	store_buf_putc(&whole.render, '\0');
	store_buf_putc(&chunked.render, '\0');
	CHECK(strcmp((const char *)whole.render.data, (const char *)chunked.render.data) == 0);

	/* Written back and read again (without the header): the same fields. */
	if (whole.rewrite_ok) {
		exec_copy_opts o2 = o;
		reading again = {0};

		o2.header = EXEC_COPY_HEADER_NONE;
		read_data(&o2, whole.rewrite.data ? whole.rewrite.data : (const uint8_t *)"",
			whole.rewrite.len, 0, NULL, &again);
		store_buf_putc(&whole.fields, '\0');
		store_buf_putc(&again.fields, '\0');
		CHECK(strcmp((const char *)whole.fields.data, (const char *)again.fields.data) ==
			0);
		reading_free(&again);
	}
	exec_copy_writer_free(w);
	reading_free(&whole);
	reading_free(&chunked);
	return 0;
}
