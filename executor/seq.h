/*
 * seq.h - sequences: their catalog entries and the functions nextval,
 * currval, setval and lastval (prefix exec_seq_).
 *
 * A sequence's definition is a catalog entry of kind "sequences"
 * (storage's .chrondb/sequences/<name>.json):
 *
 *   {"name": "users_id_seq", "uuid": "...", "type": "bigint",
 *    "start": 1, "increment": 1, "min": 1, "max": 9223372036854775807,
 *    "cycle": false, "cache": 1, "owned_by": "users.id",
 *    "last_value": 41, "is_called": true}
 *
 * The counter itself lives in storage (store_seq_next), durable and
 * never handing a value out twice whatever becomes of the transaction,
 * as in PostgreSQL.  "last_value" records how far it is logged (no value
 * past it was handed out), rewritten by the commit that sees the mark
 * move, about once per 32 values (setval records where it set the
 * counter): a copy of the repository resumes past it.
 */
#ifndef CHRONDB_EXECUTOR_SEQ_H
#define CHRONDB_EXECUTOR_SEQ_H

#include "stmt.h"

typedef struct exec_seq {
	const char *name;
	const char *uuid;
	exec_oid type; /* int2, int4 or int8 */
	int64_t start, increment, min, max, cache;
	bool cycle;
	const char *owned_by; /* "table.column", or NULL */
	bool has_last;
	int64_t last_value;
	bool is_called;
	const char *comment; /* COMMENT ON SEQUENCE, or NULL */
} exec_seq;

/* The defaults of CREATE SEQUENCE for a type (int8 when 0). */
void exec_seq_defaults(exec_seq *q, exec_oid type);

/*
 * Apply CREATE / ALTER SEQUENCE options (and an identity column's) to q.
 * create: CREATE (RESTART is refused); checks the bounds as PostgreSQL
 * does (22023).
 */
int exec_seq_options(exec_stmt *st, const sql_list *opts, exec_seq *q, bool create, bool *restart,
	int64_t *restart_value);

/* Read a sequence's entry as the statement sees it; *found false when there is none. */
int exec_seq_get(exec_stmt *st, const char *name, exec_seq *q, bool *found);

/* Forget the session's parsed sequence entry (exec_seq_get's). */
void exec_seq_memo_free(exec_session *ss);

/* Write a sequence's entry through tx. */
int exec_seq_put(exec_stmt *st, store_tx *tx, const exec_seq *q);

/* The storage definition of q. */
void exec_seq_storedef(const exec_seq *q, store_seqdef *d);

/*
 * The default of a column that counts with sequence name, as SQL text in
 * a: nextval('<name>'), the name quoted when it needs to be
 * (nextval('"My Table_id_seq"')), as nextval reads it back.
 */
const char *exec_seq_nextval_sql(sql_arena *a, const char *name);

/*
 * A relation named in a string, as PostgreSQL's regclass input reads it
 * ('s', 'public.s', '"S"'): the parts folded to lower case unless
 * quoted, a schema being the session's branch ("public" or its name).
 * *name receives the relation's name (in cx's arena), *kind what it is
 * ('t' table, 'v' view, 'S' sequence).  Errors are PostgreSQL's: 42P01
 * (naming the schema when one was written), 42602 invalid name syntax,
 * 42601 too many dotted names, 0A000 cross-database references, 3F000 a
 * schema that does not exist.  Needs the session's running statement.
 */
int exec_regclass_lookup(exec_ctx *cx, const char *text, size_t len, const char **name, char *kind);

/*
 * Whether argument arg of f names a relation, as PostgreSQL's regclass
 * parameters do (nextval's, currval's, setval's first): the analyzer
 * looks a literal there up at once, so that a missing relation is
 * reported at the literal, as PostgreSQL's regclass input reports it.
 */
bool exec_func_regclass_arg(const exec_func *f, int arg);

/* A new random identity for a sequence's counter (36-character UUID text). */
const char *exec_seq_uuid(sql_arena *a);

#endif
