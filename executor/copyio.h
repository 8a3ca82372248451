/*
 * copyio.h - COPY's data formats: PostgreSQL's text and CSV formats,
 * written a row at a time and read incrementally from chunks of data
 * (prefix exec_copy_).
 *
 * This module knows bytes and fields, not tables: the writer takes a
 * row's values already as text (the types' output functions), the
 * reader gives a record's fields as text for the types' input functions.
 * The COPY statement (copycmd.c) parses the options, maps fields to
 * columns and sends or receives the data through the session's sink.
 *
 * The reader is an incremental state machine (STYLE.md rule 9): chunks
 * come as the client sends them (a CopyData message each, or a line of a
 * psql script), so a line, a quoted CSV field or a character may be split
 * anywhere; exec_copy_reader_next says "more data", "a record", "the end"
 * or "error", and the records are the same whatever the split.  It
 * follows PostgreSQL 15's COPY FROM (copyfromparse.c) in every
 * observable way: the line end style fixed by the first line ("\n",
 * "\r" or "\r\n"; a different one later is 22P04), "\." ending the data
 * (anywhere in a text line, alone on a line in CSV), backslash escapes
 * in text (\b \f \n \r \t \v, octal \ooo, hex \xhh, any other character
 * as itself), CSV quoting with QUOTE and ESCAPE, the NULL string
 * compared with the raw field, and its line numbers, including the
 * quirk that newlines inside quotes count only once the line end style
 * is known.  Data in another encoding (ENCODING) is converted to UTF-8
 * with iconv before parsing; UTF-8 data is checked (22021).
 *
 * Memory: readers and writers are malloc'd and freed by their owner; a
 * record's fields are the reader's until its next call.
 */
#ifndef CHRONDB_EXECUTOR_COPYIO_H
#define CHRONDB_EXECUTOR_COPYIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "value.h"

typedef enum exec_copy_format {
	EXEC_COPY_TEXT,
	EXEC_COPY_CSV,
	EXEC_COPY_BINARY, /* accepted by the options, refused by the statement */
} exec_copy_format;

typedef enum exec_copy_header {
	EXEC_COPY_HEADER_NONE,
	EXEC_COPY_HEADER_ON,    /* TO: write the names; FROM: skip the first line */
	EXEC_COPY_HEADER_MATCH, /* FROM: the first line's fields must be the column names */
} exec_copy_header;

/* The options that shape the data, with PostgreSQL's defaults filled in. */
typedef struct exec_copy_opts {
	exec_copy_format format;
	char delim;           /* tab in text, ',' in CSV */
	const char *null_str; /* "\N" in text, "" in CSV; NUL-terminated */
	char quote, escape;   /* CSV: '"' and the quote */
	exec_copy_header header;
	const char *encoding; /* the data's, PostgreSQL's canonical name ("UTF8", "LATIN1") */
} exec_copy_opts;

/* The defaults of a format: what COPY ... (FORMAT f) means with no other option. */
void exec_copy_opts_init(exec_copy_opts *o, exec_copy_format format);

/*
 * PostgreSQL's canonical name of an encoding given under any of its
 * names ("utf-8", "Latin1", "ISO_8859_1", "win1252"), as pg_char_to_encoding
 * reads them; NULL when it names none.
 */
const char *exec_copy_encoding_name(const char *name);

/*
 * PostgreSQL's number of an encoding given under any of its names
 * (pg_char_to_encoding: -1 when it names none), and the canonical name
 * of a number (pg_encoding_to_char: NULL when none has it).
 */
int exec_encoding_id(const char *name);
const char *exec_encoding_by_id(int id);

/*
 * Whether data in the encoding can be converted (UTF8 and SQL_ASCII need
 * none; the others go through iconv).  0A000 in err when it cannot.
 */
int exec_copy_encoding_check(const char *encoding, store_err *err);

/*
 * Check that p[0..n) is UTF-8 without NUL, as PostgreSQL checks text
 * arriving in the server's encoding: 22021 'invalid byte sequence for
 * encoding "UTF8": 0xc3 0x28' naming the bytes the bad character
 * announces.
 */
int exec_utf8_verify(const char *p, size_t n, store_err *err);

/* ---- Writing ---- */

typedef struct exec_copy_writer exec_copy_writer;

/* A writer for the options (copied; null_str must outlive it); NULL with err set. */
exec_copy_writer *exec_copy_writer_new(const exec_copy_opts *o, store_err *err);
void exec_copy_writer_free(exec_copy_writer *w);

/*
 * Append one line to out: n fields, vals[i] NULL for SQL NULL, each
 * escaped (text) or quoted where needed (CSV: force_quote[i] when not
 * NULL forces quotes on a non-NULL value), then "\n", converted to the
 * options' encoding.  The header line is a row of the column names.
 * 22P05 when a character has no equivalent in the encoding.
 */
int exec_copy_writer_row(exec_copy_writer *w, int n, const char *const *vals, const size_t *lens,
	const bool *force_quote, store_buf *out, store_err *err);

/* ---- Reading ---- */

typedef struct exec_copy_reader exec_copy_reader;

/* What exec_copy_reader_next found. */
enum {
	EXEC_COPY_MORE = 1, /* feed more data, or finish */
	EXEC_COPY_RECORD,   /* *rec holds a record */
	EXEC_COPY_END,      /* the end of the data ("\." or the end of input) */
};

typedef struct exec_copy_record {
	uint64_t lineno;  /* its line: the last one of a record spanning several */
	const char *line; /* the record as read, for an error's CONTEXT; NULL when not known */
	size_t linelen;
	bool header; /* the header line (HEADER MATCH only: others are skipped) */
	int nfields;
	const char **fields; /* NUL-terminated; NULL for the NULL string */
	const size_t *lens;
} exec_copy_record;

/* The longest record the reader holds by default (PostgreSQL's 1 GB limit). */
#define EXEC_COPY_MAX_RECORD ((size_t)0x3fffffff)

/*
 * A reader for the options (copied; null_str must outlive it), records
 * up to max_record bytes (0: EXEC_COPY_MAX_RECORD); NULL with err set.
 */
exec_copy_reader *exec_copy_reader_new(const exec_copy_opts *o, size_t max_record, store_err *err);
void exec_copy_reader_free(exec_copy_reader *r);

/*
 * Give the reader the next chunk of data (copied), when next() asked for
 * more: the reader then holds at most the record being read (limited to
 * max_record, 54000 from next()) and this chunk.  After the end marker
 * data is ignored, as PostgreSQL ignores what follows "\." up to the
 * client's CopyDone.
 */
void exec_copy_reader_feed(exec_copy_reader *r, const char *data, size_t len);

/* No more data will come (CopyDone): a last line without its line end is a record. */
void exec_copy_reader_finish(exec_copy_reader *r);

/*
 * The next record: EXEC_COPY_RECORD (*rec filled, valid until the next
 * call), EXEC_COPY_MORE, EXEC_COPY_END, or EXEC_ERROR with err set and
 * rec->lineno and rec->line saying where (22P04 for the format, 22021 and
 * 22P05 for the encoding).
 */
int exec_copy_reader_next(exec_copy_reader *r, exec_copy_record *rec, store_err *err);

/* The line being read (for a CopyFail's CONTEXT: the line the data stopped in). */
uint64_t exec_copy_reader_lineno(const exec_copy_reader *r);

/*
 * Whether the end marker or the end of input was read.  After "\." the
 * rest of the client's data is to be discarded up to its CopyDone or
 * CopyFail; PostgreSQL does that as soon as it reads the marker, before
 * it stores the record the marker's line may end, and so should callers.
 */
bool exec_copy_reader_ended(const exec_copy_reader *r);

#endif
