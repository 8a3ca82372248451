/*
 * portal.h - the extended query protocol's objects in a session:
 * prepared statements and portals (prefixes exec_prep_, exec_portal_).
 *
 * PostgreSQL's model, which the wire protocol's Parse, Bind, Describe,
 * Execute, Close and Sync map onto one call each:
 *
 * - A prepared statement is one SQL statement, parsed and analyzed once
 *   so that its parameters' types and its result columns are known
 *   before it runs.  It has a name ("" is the unnamed one, which a new
 *   Parse replaces); SQL's PREPARE and EXECUTE use the same namespace,
 *   as they do in PostgreSQL.  Parameter types the client leaves at 0
 *   are inferred from how the statement uses them; one no use decides
 *   is text.
 * - A portal is a prepared statement bound to parameter values, ready to
 *   run, possibly part way through (Execute with a row limit stops with
 *   the portal suspended; the next Execute goes on).  SQL's DECLARE
 *   CURSOR, FETCH, MOVE and CLOSE use the same namespace.  Portals that
 *   are not WITH HOLD end with their transaction.
 * - Outside a transaction block, the statements executed between two
 *   Syncs are one implicit transaction, committed (one Git commit) at
 *   Sync.  An error outside a block rolls that transaction back; inside
 *   one it puts the block in the aborted state (25P02), as a failed
 *   query string does.  The front end skips messages up to Sync after
 *   an error; the session does not need to know.
 *
 * Every call works at the session's current state and leaves the
 * session usable after an error.  Errors carry PostgreSQL's SQLSTATEs:
 * 26000 no such prepared statement, 42P05 it exists already, 34000 no
 * such portal, 42P03 it exists already, 08P01 a malformed Bind (wrong
 * number of parameters or formats), 22P02 and the types' own errors for
 * a parameter's value, 42P18 a parameter whose type cannot be decided.
 */
#ifndef CHRONDB_EXECUTOR_PORTAL_H
#define CHRONDB_EXECUTOR_PORTAL_H

#include "session.h"

typedef struct exec_prep exec_prep;
typedef struct exec_portal exec_portal;

/*
 * Parse: prepare one statement of sql under name ("" the unnamed one,
 * replaced if it exists).  types gives ntypes parameter types (0:
 * infer); the statement may use more parameters than that.  An empty
 * statement (only blanks and comments) is allowed and runs as
 * EmptyQueryResponse.  Several statements are 42601 ("cannot insert
 * multiple commands into a prepared statement").  A Parse in an aborted
 * block is 25P02.
 */
int exec_prep_parse(exec_session *ss, const char *name, const char *sql, size_t len,
	const exec_oid *types, int ntypes, store_err *err);

/* A prepared statement by name, or NULL. */
exec_prep *exec_prep_find(exec_session *ss, const char *name);

/* Its parameters' types (ParameterDescription), valid while it lives. */
int exec_prep_nparams(const exec_prep *p);
const exec_oid *exec_prep_param_types(const exec_prep *p);

/* The columns it returns (RowDescription), or NULL (NoData). */
const exec_tupdesc *exec_prep_result(const exec_prep *p);

/* Close a prepared statement; closing one that does not exist is no error. */
void exec_prep_close(exec_session *ss, const char *name);

/* A parameter's value as Bind carries it. */
typedef struct exec_param {
	const char *data; /* NULL: SQL NULL */
	size_t len;
	bool binary; /* the type's binary (send/recv) format, else text */
} exec_param;

/*
 * Bind: a portal named portal ("" the unnamed one, replaced if it
 * exists) over prepared statement stmt with nparams values, which must
 * be as many as the statement has (08P01 otherwise).  formats are the
 * result columns' format codes as Bind gives them (0 text, 1 binary;
 * none: all text, one: all columns, else one per column, 08P01 when
 * the count is wrong); the portal keeps them for the front end.
 */
int exec_portal_bind(exec_session *ss, const char *portal, const char *stmt,
	const exec_param *params, int nparams, const int16_t *formats, int nformats,
	store_err *err);

/* A portal by name, or NULL. */
exec_portal *exec_portal_find(exec_session *ss, const char *name);

/* Its result columns (RowDescription), or NULL (NoData). */
const exec_tupdesc *exec_portal_result(const exec_portal *po);

/* The format code of result column i (0 text, 1 binary). */
int exec_portal_format(const exec_portal *po, int i);

/* Whether it is an empty statement (Execute answers EmptyQueryResponse). */
bool exec_portal_empty(const exec_portal *po);

/*
 * Execute: run the portal, or go on where it stopped, sending at most
 * max_rows rows (0: all) to sink's row().  describe() is not called (the
 * front end described the portal when asked to).  When the limit
 * stopped it, *suspended is set and no tag is sent (PortalSuspended);
 * otherwise complete() gets the statement's tag.  A statement that is
 * not a query runs to its end at the first Execute; its RETURNING rows
 * are then handed out max_rows at a time.  Executing a finished portal
 * sends no rows and the tag again with a count of 0.
 */
int exec_portal_execute(exec_session *ss, const char *name, uint64_t max_rows,
	const exec_sink *sink, bool *suspended, store_err *err);

/* Close a portal; closing one that does not exist is no error. */
void exec_portal_close(exec_session *ss, const char *name);

/*
 * Sync: the end of an implicit transaction.  Commits what the
 * statements executed since the last Sync wrote outside a block (one
 * Git commit), and drops the unnamed portal.  In a block it does
 * nothing: the block goes on.
 */
int exec_session_sync(exec_session *ss, store_err *err);

/*
 * Cancel the statement the session is running, from any thread
 * (CancelRequest): it fails with 57014 "canceling statement due to user
 * request" at its next check.  A cancel that arrives between statements
 * is forgotten when the next one starts.
 */
void exec_session_cancel(exec_session *ss);

/*
 * Binary formats (the types' send and receive functions): a value's
 * binary form appended to out; 42883 "no binary output function
 * available for type x" for a type without one, as PostgreSQL words it
 * (the front end then should have refused the format at Bind with that
 * error: exec_type_has_binary).
 */
bool exec_type_has_binary(exec_oid type);
int exec_value_send(
	exec_session *ss, exec_oid type, const exec_value *v, store_buf *out, store_err *err);

#endif
