/*
 * copyio.c - tests for COPY's text and CSV formats (executor/copyio.h):
 * the reader's records and errors as PostgreSQL 15 gives them (the
 * expected fields and line numbers were read off a PostgreSQL 15 server
 * fed the same bytes), the same records whatever the chunks the data
 * comes in (every split point of each sample, and one byte at a time),
 * and the writer's escaping and quoting.
 *
 * A reader's whole output is rendered as one string, so that a split
 * that changes anything (a field, a NULL, a line number, an error) fails
 * with both renderings shown: each record as "L<line>[H]:" and its
 * fields joined by '|' (NULL as "<null>"), then "END" or
 * "ERROR <sqlstate> <message> @<line>".
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "copyio.h"

static exec_copy_opts text_opts(void)
{
	exec_copy_opts o;

	exec_copy_opts_init(&o, EXEC_COPY_TEXT);
	return o;
}

static exec_copy_opts csv_opts(void)
{
	exec_copy_opts o;

	exec_copy_opts_init(&o, EXEC_COPY_CSV);
	return o;
}

/* Render one record or the outcome into out. */
static void render_record(const exec_copy_record *rec, store_buf *out)
{
	store_buf_printf(out, "L%llu%s:", (unsigned long long)rec->lineno, rec->header ? "H" : "");
	for (int i = 0; i < rec->nfields; i++) {
		if (i > 0)
			store_buf_putc(out, '|');
		if (rec->fields[i] == NULL)
			store_buf_puts(out, "<null>");
		else
			store_buf_put(out, rec->fields[i], rec->lens[i]);
	}
	store_buf_putc(out, '\n');
}

/*
 * Read data given as chunks that end at the offsets in cuts (ascending,
 * ncuts of them; the last chunk runs to the end), then finish; the
 * rendering is returned (caller frees).  max_record 0: the default.
 */
static char *read_cuts(const exec_copy_opts *o, const char *data, size_t len, const size_t *cuts,
	int ncuts, size_t max_record)
{
	store_err err;
	exec_copy_reader *r;
	store_buf out = STORE_BUF_INIT;
	size_t at = 0;
	int next_cut = 0;
	bool finished = false;

	store_err_clear(&err);
	r = exec_copy_reader_new(o, max_record, &err);
	cr_assert_not_null(r, "%s", err.message);
	for (;;) {
		exec_copy_record rec;
		int s = exec_copy_reader_next(r, &rec, &err);

		if (s == EXEC_COPY_RECORD) {
			render_record(&rec, &out);
			continue;
		}
		if (s == EXEC_COPY_END) {
			store_buf_puts(&out, "END\n");
			break;
		}
		if (s == EXEC_ERROR) {
			store_buf_printf(&out, "ERROR %s %s @%llu\n", err.sqlstate, err.message,
				(unsigned long long)rec.lineno);
			break;
		}
		cr_assert_eq(s, EXEC_COPY_MORE);
		cr_assert(!finished, "the reader wants more after finish");
		if (at >= len) {
			exec_copy_reader_finish(r);
			finished = true;
			continue;
		}
		{
			size_t end = next_cut < ncuts ? cuts[next_cut++] : len;

			exec_copy_reader_feed(r, data + at, end - at);
			at = end;
		}
	}
	exec_copy_reader_free(r);
	store_buf_putc(&out, '\0');
	return (char *)store_buf_detach(&out);
}

static char *read_all(const exec_copy_opts *o, const char *data)
{
	return read_cuts(o, data, strlen(data), NULL, 0, 0);
}

/*
 * The data read whole, then split at every byte position, at every pair
 * of positions, and one byte at a time: all must render the same.  The
 * whole reading is returned for the caller's own check (caller frees).
 */
static char *check_splits(const exec_copy_opts *o, const char *data, size_t len)
{
	char *whole = read_cuts(o, data, len, NULL, 0, 0);
	size_t *bytes = malloc(sizeof(*bytes) * (len ? len : 1));

	for (size_t i = 1; i < len; i++) {
		size_t cut[1] = {i};
		char *got = read_cuts(o, data, len, cut, 1, 0);

		cr_assert_str_eq(got, whole, "split at %zu", i);
		free(got);
	}
	for (size_t i = 1; i < len && len <= 200; i++)
		for (size_t j = i + 1; j < len; j++) {
			size_t cut[2] = {i, j};
			char *got = read_cuts(o, data, len, cut, 2, 0);

			cr_assert_str_eq(got, whole, "split at %zu and %zu", i, j);
			free(got);
		}
	for (size_t i = 0; i < len; i++)
		bytes[i] = i + 1;
	{
		char *got = read_cuts(o, data, len, bytes, (int)len, 0);

		cr_assert_str_eq(got, whole, "one byte at a time");
		free(got);
	}
	free(bytes);
	return whole;
}

Test(copyio, text_escapes_and_nulls)
{
	exec_copy_opts o = text_opts();
	char *got = read_all(&o, "1\ta\\tb\\nc\\\\d\\101\\x41\\x4g\\8\t\\N\n"
				 "2\t\\N\\N\tx\\y\\z\n"
				 "3\t\\\\N\t\\r\\b\\f\\v\n"
				 "4\t\\x\t\\01\n"
				 "5\t\\0101\\1010\n"
				 "6\ta\\\nb\tend\n"
				 "\\.\n"
				 "not read\n");

	cr_assert_str_eq(got, "L1:1|a\tb\nc\\dAA\x04g8|<null>\n"
			      "L2:2|NN|xyz\n"
			      "L3:3|\\N|\r\b\f\v\n"
			      "L4:4|x|\x01\n"
			      "L5:5|\x08"
			      "1A0\n"
			      "L6:6|a\nb|end\n"
			      "END\n");
	free(got);
}

Test(copyio, text_end_marker_and_line_ends)
{
	exec_copy_opts o = text_opts();
	char *got;

	/* "\." may end a line that has data: the data is the last record. */
	got = read_all(&o, "1\tx\n7\tab\\.\nignored\n");
	cr_assert_str_eq(got, "L1:1|x\nL2:7|ab\nEND\n");
	free(got);

	/* The end of input ends the data too, with or without a last line end. */
	got = read_all(&o, "1\tx\n2\ty");
	cr_assert_str_eq(got, "L1:1|x\nL2:2|y\nEND\n");
	free(got);
	got = read_all(&o, "1\tend\\");
	cr_assert_str_eq(got, "L1:1|end\nEND\n");
	free(got);
	got = read_all(&o, "");
	cr_assert_str_eq(got, "END\n");
	free(got);
	got = read_all(&o, "\n");
	cr_assert_str_eq(got, "L1:\nEND\n");
	free(got);

	/* \r\n lines, the marker in the same style. */
	got = read_all(&o, "1\ta\r\n2\tb\r\n\\.\r\n");
	cr_assert_str_eq(got, "L1:1|a\nL2:2|b\nEND\n");
	free(got);
	got = read_all(&o, "1\ta\r2\tb\r\\.\r");
	cr_assert_str_eq(got, "L1:1|a\nL2:2|b\nEND\n");
	free(got);

	/* What PostgreSQL refuses, with the line it names. */
	got = read_all(&o, "1\tx\n9\t\\.x\n");
	cr_assert_str_eq(got, "L1:1|x\nERROR 22P04 end-of-copy marker corrupt @2\n");
	free(got);
	got = read_all(&o, "1\tx\n2\ty\\.");
	cr_assert_str_eq(got, "L1:1|x\nERROR 22P04 end-of-copy marker corrupt @2\n");
	free(got);
	got = read_all(&o, "1\tx\r\n\\.\n");
	cr_assert_str_eq(got,
		"L1:1|x\nERROR 22P04 end-of-copy marker does not match previous newline style @2\n");
	free(got);
	got = read_all(&o, "1\tx\r\n2\ty\n");
	cr_assert_str_eq(got, "L1:1|x\nERROR 22P04 literal newline found in data @2\n");
	free(got);
	got = read_all(&o, "1\tx\n2\ty\r\n");
	cr_assert_str_eq(got, "L1:1|x\nERROR 22P04 literal carriage return found in data @2\n");
	free(got);
}

Test(copyio, csv_quoting)
{
	exec_copy_opts o = csv_opts();
	char *got = read_all(&o, "16,\"a\"\"b\",c\"d\"e\n"
				 "17,  x  ,\" y \"\n"
				 "18,,\"\"\n"
				 "19,\"multi\nline\",\\.\n"
				 "\\.x,\"\\.\"\n"
				 "\\.\n");

	cr_assert_str_eq(got, "L1:16|a\"b|cde\n"
			      "L2:17|  x  | y \n"
			      "L3:18|<null>|\n"
			      "L5:19|multi\nline|\\.\n"
			      "L6:\\.x|\\.\n"
			      "END\n");
	free(got);

	/* QUOTE and ESCAPE of one's own, and a NULL string. */
	exec_copy_opts_init(&o, EXEC_COPY_CSV);
	o.quote = '\'';
	o.escape = '\\';
	o.null_str = "NULL";
	got = read_all(&o, "14,'it\\'s','a\\\\b\\c'\n15,NULL,'NULL'\n");
	cr_assert_str_eq(got, "L1:14|it's|a\\b\\c\nL2:15|<null>|NULL\nEND\n");
	free(got);
}

Test(copyio, csv_line_numbers)
{
	exec_copy_opts o = csv_opts();
	char *got;

	/*
	 * A newline inside quotes counts as a line only once the first line
	 * end has fixed the style: PostgreSQL reports line 2 here, not 3 ...
	 */
	got = read_all(&o, "1,\"p\nq\",r\nx,y,z\n");
	cr_assert_str_eq(got, "L1:1|p\nq|r\nL2:x|y|z\nEND\n");
	free(got);

	/* ... and line 4 for an unterminated field that started on line 2. */
	got = read_all(&o, "1,\"x\ny\",z\n2,\"bad\n\\.\n");
	cr_assert_str_eq(got, "L1:1|x\ny|z\nERROR 22P04 unterminated CSV quoted field @4\n");
	free(got);

	got = read_all(&o, "20,cr,x\r\n21,cr,x\n");
	cr_assert_str_eq(got, "L1:20|cr|x\nERROR 22P04 unquoted newline found in data @2\n");
	free(got);
	got = read_all(&o, "22,cr,x\n23,cr,x\r\n");
	cr_assert_str_eq(
		got, "L1:22|cr|x\nERROR 22P04 unquoted carriage return found in data @2\n");
	free(got);
}

Test(copyio, header)
{
	exec_copy_opts o = csv_opts();
	char *got;

	/* HEADER skips the first line without reading its fields (an open quote included). */
	o.header = EXEC_COPY_HEADER_ON;
	got = read_all(&o, "a,\"b\n1,2\n");
	cr_assert_str_eq(got, "END\n");
	free(got);
	got = read_all(&o, "a,b\n1,2\n");
	cr_assert_str_eq(got, "L2:1|2\nEND\n");
	free(got);

	/* HEADER MATCH hands the header over for the caller to compare. */
	o.header = EXEC_COPY_HEADER_MATCH;
	got = read_all(&o, "a,,c\n1,2,3\n");
	cr_assert_str_eq(got, "L1H:a|<null>|c\nL2:1|2|3\nEND\n");
	free(got);
}

Test(copyio, encodings)
{
	exec_copy_opts o = text_opts();
	char *got;

	/* UTF-8 is checked as it arrives, and reported at the line it is in. */
	got = read_all(&o, "5\t\xc3\xa9\xe6\x97\xa5\n6\t\xff\tx\n");
	cr_assert_str_eq(got, "L1:5|\xc3\xa9\xe6\x97\xa5\n"
			      "ERROR 22021 invalid byte sequence for encoding \"UTF8\": 0xff @2\n");
	free(got);
	got = read_all(&o, "10\tok\tx\n11\t\xc3\tx\n");
	cr_assert_str_eq(got,
		"L1:10|ok|x\n"
		"ERROR 22021 invalid byte sequence for encoding \"UTF8\": 0xc3 0x09 @2\n");
	free(got);
	got = read_all(&o, "1\tx\xe6\x97");
	cr_assert_str_eq(
		got, "ERROR 22021 invalid byte sequence for encoding \"UTF8\": 0xe6 0x97 @1\n");
	free(got);

	/* Escapes must make valid UTF-8 too (\0 is a NUL, which UTF8 refuses). */
	got = read_all(&o, "5\t\\xc3\\xa9\n6\t\\0\n");
	cr_assert_str_eq(got, "L1:5|\xc3\xa9\n"
			      "ERROR 22021 invalid byte sequence for encoding \"UTF8\": 0x00 @2\n");
	free(got);

	/* Another encoding is converted first: LATIN1's 0xe9 is é. */
	o.encoding = "LATIN1";
	got = read_all(&o, "caf\xe9\t\\N\n");
	cr_assert_str_eq(got, "L1:caf\xc3\xa9|<null>\nEND\n");
	free(got);
	o.encoding = "WIN1252";
	got = read_all(&o, "\x80\n\x81\n");
	cr_assert_str_eq(got,
		"L1:\xe2\x82\xac\n"
		"ERROR 22P05 character with byte sequence 0x81 in encoding \"WIN1252\" has no equivalent in encoding \"UTF8\" @2\n");
	free(got);

	/* Names as PostgreSQL reads them. */
	cr_assert_str_eq(exec_copy_encoding_name("utf-8"), "UTF8");
	cr_assert_str_eq(exec_copy_encoding_name("Unicode"), "UTF8");
	cr_assert_str_eq(exec_copy_encoding_name("ISO_8859_1"), "LATIN1");
	cr_assert_str_eq(exec_copy_encoding_name("iso-8859-15"), "LATIN9");
	cr_assert_str_eq(exec_copy_encoding_name("windows-1252"), "WIN1252");
	cr_assert_str_eq(exec_copy_encoding_name("sql_ascii"), "SQL_ASCII");
	cr_assert_null(exec_copy_encoding_name("foo"));
	cr_assert_null(exec_copy_encoding_name("1"));
}

Test(copyio, every_split_gives_the_same_records)
{
	static const struct {
		exec_copy_format format;
		const char *encoding;
		const char *data;
	} samples[] = {
		{EXEC_COPY_TEXT, "UTF8",
			"1\tone\t\\N\n2\tt\\two\\\\\t\xc3\xa9\xe6\x97\xa5\n3\ta\\\nb\t\\x41\\101\n\\.\nafter\n"},
		{EXEC_COPY_TEXT, "UTF8", "1\ta\r\n2\tb\r\n\\.\r\n"},
		{EXEC_COPY_TEXT, "UTF8", "1\ta\r2\tb\r\\.\rx"},
		{EXEC_COPY_TEXT, "UTF8", "1\ta\n2\tb\\"},
		{EXEC_COPY_TEXT, "UTF8", "1\ta\r\n2\t\xe6\x97\xa5\xff\r\n"},
		{EXEC_COPY_CSV, "UTF8",
			"1,\"x,y\",\"a\"\"b\"\n2,\"multi\r\nline\",\xe6\x97\xa5\n\\.x,\"\\.\"\n\\.\nafter\n"},
		{EXEC_COPY_CSV, "UTF8", "a,b\r\n\"c\r\nd\",e\r\n\\.\r\n"},
		{EXEC_COPY_CSV, "UTF8", "1,\"open\n\\.\n"},
		{EXEC_COPY_TEXT, "LATIN1", "caf\xe9\t\xff\n\\.\n"},
		{EXEC_COPY_TEXT, "SJIS", "\x93\xfa\x96\x7b\t\\\\\n"},
	};

	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		exec_copy_opts o;
		char *whole;

		exec_copy_opts_init(&o, samples[i].format);
		o.encoding = samples[i].encoding;
		whole = check_splits(&o, samples[i].data, strlen(samples[i].data));
		cr_assert(strstr(whole, "L1") != NULL || strstr(whole, "ERROR") != NULL,
			"sample %zu read nothing: %s", i, whole);
		free(whole);
	}

	/* The fields of the first sample, so that a split-invariant wrong answer fails too. */
	{
		exec_copy_opts o = text_opts();
		char *whole = read_all(&o, samples[0].data);

		cr_assert_str_eq(whole, "L1:1|one|<null>\n"
					"L2:2|t\two\\|\xc3\xa9\xe6\x97\xa5\n"
					"L3:3|a\nb|AA\n"
					"END\n");
		free(whole);
		o.encoding = "SJIS";
		whole = read_all(&o, samples[9].data);
		cr_assert_str_eq(whole, "L1:\xe6\x97\xa5\xe6\x9c\xac|\\\nEND\n");
		free(whole);
	}
}

Test(copyio, record_limit)
{
	exec_copy_opts o = text_opts();
	const char *data = "short\n0123456789abcdef\nshort\n";
	char *got = read_cuts(&o, data, strlen(data), NULL, 0, 10);

	cr_assert_str_eq(got, "L1:short\nERROR 54000 out of memory @2\n");
	free(got);
}

/* One row through a writer, as a string (caller frees). */
static char *write_row(const exec_copy_opts *o, int n, const char *const *vals, const bool *force)
{
	store_err err;
	exec_copy_writer *w;
	store_buf out = STORE_BUF_INIT;
	size_t lens[16];

	store_err_clear(&err);
	w = exec_copy_writer_new(o, &err);
	cr_assert_not_null(w, "%s", err.message);
	for (int i = 0; i < n; i++)
		lens[i] = vals[i] ? strlen(vals[i]) : 0;
	if (exec_copy_writer_row(w, n, vals, lens, force, &out, &err) != EXEC_OK) {
		store_buf_free(&out);
		store_buf_printf(&out, "ERROR %s %s", err.sqlstate, err.message);
	}
	exec_copy_writer_free(w);
	store_buf_putc(&out, '\0');
	return (char *)store_buf_detach(&out);
}

Test(copyio, writer_text)
{
	exec_copy_opts o = text_opts();
	const char *vals[] = {"a\\b", "tab\there", "nl\nx", "cr\rx", "q\"uote", "com,ma", "", NULL,
		"\\.", "\x01\x1f\b\f\v"};
	char *got = write_row(&o, 10, vals, NULL);

	cr_assert_str_eq(got, "a\\\\b\ttab\\there\tnl\\nx\tcr\\rx\tq\"uote\tcom,ma\t\t\\N\t\\\\.\t"
			      "\x01\x1f\\b\\f\\v\n");
	free(got);

	/* Another delimiter is escaped; a tab is still \t; the NULL string as given. */
	o.delim = '|';
	o.null_str = "NULL";
	{
		const char *v2[] = {"a|b", "t\tx", NULL};

		got = write_row(&o, 3, v2, NULL);
		cr_assert_str_eq(got, "a\\|b|t\\tx|NULL\n");
		free(got);
	}
}

Test(copyio, writer_csv)
{
	exec_copy_opts o = csv_opts();
	const char *vals[] = {
		"a\\b", "tab\there", "nl\nx", "cr\rx", "q\"uote", "com,ma", "", NULL, "\\."};
	char *got = write_row(&o, 9, vals, NULL);

	cr_assert_str_eq(
		got, "a\\b,tab\there,\"nl\nx\",\"cr\rx\",\"q\"\"uote\",\"com,ma\",\"\",,\\.\n");
	free(got);

	/* "\." alone on its line would end the data: quoted. */
	{
		const char *one[] = {"\\."};

		got = write_row(&o, 1, one, NULL);
		cr_assert_str_eq(got, "\"\\.\"\n");
		free(got);
	}

	/* FORCE_QUOTE, a NULL string of one's own, QUOTE and ESCAPE. */
	{
		const char *v[] = {"1", NULL, "1", "it's", "a\\b"};
		bool force[] = {true, true, false, false, false};

		o.null_str = "1";
		o.quote = '\'';
		o.escape = '\\';
		got = write_row(&o, 5, v, force);
		cr_assert_str_eq(got, "'1',1,'1','it\\'s',a\\b\n");
		free(got);
	}
}

Test(copyio, writer_encoding)
{
	exec_copy_opts o = text_opts();
	const char *ok[] = {"caf\xc3\xa9"}, *bad[] = {"\xe6\x97\xa5"};
	char *got;

	o.encoding = "LATIN1";
	got = write_row(&o, 1, ok, NULL);
	cr_assert_str_eq(got, "caf\xe9\n");
	free(got);
	got = write_row(&o, 1, bad, NULL);
	cr_assert_str_eq(got, "ERROR 22P05 character with byte sequence 0xe6 0x97 0xa5 in encoding "
			      "\"UTF8\" has no equivalent in encoding \"LATIN1\"");
	free(got);
}
