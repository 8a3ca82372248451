/*
 * error.h - the error value every layer of ChronDB fills in.
 *
 * A function that can fail returns a status and writes the details into a
 * caller-owned store_err.  The buffers are fixed so that even an
 * out-of-memory condition can be reported without allocating.  Only the
 * front ends turn a store_err into an ErrorResponse, a RESP "-ERR" line or
 * an HTTP status; lower layers never print.
 *
 * Messages follow PostgreSQL: the primary message is short, lower-case and
 * has no full stop; detail and hint are whole sentences; the context says
 * where the error arose, as PostgreSQL's CONTEXT lines do.
 */
#ifndef CHRONDB_STORAGE_ERROR_H
#define CHRONDB_STORAGE_ERROR_H

#include <stdarg.h>
#include <stddef.h>

/* Status codes returned by storage functions. */
enum {
	STORE_OK = 0,
	STORE_ERROR = -1,    /* details in the store_err */
	STORE_NOTFOUND = -2, /* an expected miss: no such row, ref, object */
};

typedef struct store_err {
	char sqlstate[6]; /* five characters and a NUL; "" when unset */
	char message[256];
	char detail[512];
	char hint[256];
	char context[512]; /* PostgreSQL's CONTEXT: where it happened, innermost first */
	int position;      /* 1-based byte position in a query, 0 when none */

	/*
	 * The object an integrity error is about, as PostgreSQL's
	 * ErrorResponse fields s, t, c and n name it ("" when none).
	 */
	char schema[64];
	char table[64];
	char column[64];
	char constraint[64];
} store_err;

/* Reset to "no error". */
void store_err_clear(store_err *err);

/*
 * Set the SQLSTATE and primary message.  Returns STORE_ERROR so that call
 * sites can write "return store_err_set(err, ...)".  A NULL err is allowed
 * and ignored.  An error already set is never overwritten: the first cause
 * is the one the user needs to see.
 */
int store_err_set(store_err *err, const char *sqlstate, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Name the table (in schema "public"), column and constraint the error
 * already set is about; NULL leaves a name empty.
 */
void store_err_object(
	store_err *err, const char *table, const char *column, const char *constraint);

/* Add a detail or hint sentence to the error already set. */
void store_err_detail(store_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void store_err_hint(store_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Add a line of context to the error already set ("COPY t, line 3"):
 * each call appends one, so the innermost, added first, comes first, as
 * in PostgreSQL's CONTEXT field.  Nothing happens when no error is set.
 */
void store_err_context(store_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* True when an error has been set. */
static inline int store_err_isset(const store_err *err)
{
	return err != NULL && err->message[0] != '\0';
}

#endif
