/*
 * stmt.h - what the statement implementations share inside the
 * executor: the session's state (session.c), the statement being run,
 * and the entry points of dml.c, ddl.c and chrondb.c.  Not for other
 * layers (they use session.h).
 */
#ifndef CHRONDB_EXECUTOR_STMT_H
#define CHRONDB_EXECUTOR_STMT_H

#include "activity.h"
#include "analyze.h"
#include "rowjson.h"
#include "session.h"
#include "sql.h"

typedef struct exec_savepoint {
	char *name;
	uint64_t mark;
	exec_guc_snapshot *gucs; /* the settings when it was taken */
	uint64_t notify_mark;    /* the notifications and LISTENs made before it (notify.h) */
	size_t note_mark;        /* the note's additions made before it (note.h) */
} exec_savepoint;

struct exec_session {
	store *s;
	char *user;
	char *branch; /* malloc'd; follows chrondb.branch */
	char *application_name;
	char *database;      /* current_database() */
	int32_t backend_pid; /* pg_backend_pid() */
	exec_gucs *gucs;
	bool server_files; /* COPY may use the server's files (exec_session_opts) */

	/*
	 * chrondb.as_of (session.c): the commit the session reads instead of
	 * its branch's head while the setting is not empty, resolved from the
	 * setting's text on the session's branch; pin_text and pin_branch
	 * are what it was resolved from, and either changing resolves it
	 * again at the next statement.  NULL when not pinned.
	 */
	store_snap *pin;
	char *pin_text, *pin_branch;

	/* The transaction, when one is open (a block, or the current query string's). */
	store_tx *tx;
	store_locker *locker; /* the session's row and table locks (store.h) */
	bool block;     /* BEGIN was given */
	bool failed;    /* the block is aborted: 25P02 until it ends */
	bool read_only; /* BEGIN READ ONLY / SET TRANSACTION READ ONLY */
	store_isolation iso;
	int64_t tx_start_us; /* now(): microseconds since 2000-01-01 UTC */
	exec_savepoint *sps;
	int nsps, capsps;

	/* Sequences' last values in this session (currval, lastval). */
	struct seqval {
		char *name;
		int64_t value;
	} * seqvals;
	int nseqvals, capseqvals;
	char *last_seq;

	/* The sequence entry read last (seq.c): its text, and what it parsed to. */
	struct seq_memo {
		char *text;
		sql_arena *a; /* q and its strings */
		struct exec_seq *q;
	} seq_memo;

	struct exec_stmt *cur; /* the statement running, for functions that need it (nextval) */

	/* The extended protocol's objects (portal.c), and CancelRequest's flag. */
	struct exec_prep *preps;
	struct exec_portal *portals;
	struct exec_portal *active; /* the portal being executed, kept when its transaction ends */
	atomic_int cancel;

	bool superuser;

	/* What pg_stat_activity shows of it (activity.c), and the server's other sessions. */
	exec_activity act;
	const exec_backends *backends; /* NULL: the session is alone (activity.h) */
	exec_guc_report_fn report;      /* the front end's ParameterStatus (exec_session_opts) */
	void *report_arg;

	/* LISTEN/NOTIFY (notify.c): NULL until the session first uses them. */
	struct exec_notify *notify;
	void (*notify_wake)(void *arg); /* exec_session_opts.notify_wake */
	void *notify_arg;

	/* The transaction's id once it asked for one (txid_current), else 0. */
	uint64_t xid;

	/* What the transaction's functions add to its commit's note (note.h). */
	struct exec_note_add *note_adds;
	size_t nnote_adds, capnote_adds;

	/* The connection's ends (inet_client_addr...): NULL addresses without one. */
	char *client_addr, *server_addr;
	int client_port, server_port;
};

/* One statement being run. */
typedef struct exec_stmt {
	exec_session *ss;
	sql_arena *a;    /* the statement's */
	const char *sql; /* the whole query string, for error positions */
	size_t sqllen;
	store_err *err;
	const exec_sink *sink;
	exec_ctx cx; /* with the run and the session */
	exec_run *run;
	store_snap *snap; /* the statement's snapshot of the session's branch */
	bool own_snap;    /* snap was opened for the statement (freed with it) */
	const exec_value *params;
	int nparams;
	an_params ptypes; /* the parameters' types, shared with every analysis of the statement */
	int64_t deadline_us;   /* statement_timeout's, on exec_monotonic_us's clock; 0: none */

	/*
	 * A table lock waited for during analysis may make the statement
	 * start again with a newer snapshot (locks.h): allowed while nothing
	 * has run yet (may_restart), asked for by restart.
	 */
	bool may_restart;
	bool restart;
	bool lock_by_deadline; /* the last lock wait was cut to the deadline, not lock_timeout */
	char tag[64];          /* the command tag */

	/*
	 * Describe only (Parse): analyze, record the result columns at the
	 * point where they are known (exec_stmt_described), run nothing.
	 */
	bool describe;
	bool described;
	const exec_tupdesc *result; /* what was described: NULL, no rows */
} exec_stmt;

/* portal.c: a transaction ended; its portals (but WITH HOLD ones at commit) go. */
void exec_portals_tx_end(exec_session *ss, bool commit);

/* portal.c: free every prepared statement and portal (the session ends). */
void exec_portals_free(exec_session *ss);

/* portal.c: DECLARE, FETCH / MOVE, CLOSE, PREPARE, EXECUTE, DEALLOCATE. */
int exec_declare(exec_stmt *st, sql_node *n);
int exec_fetch(exec_stmt *st, sql_node *n);
int exec_close_cursor(exec_stmt *st, sql_node *n);
int exec_prepare_stmt(exec_stmt *st, sql_prepare *n);
int exec_execute_stmt(exec_stmt *st, sql_execute *n);
int exec_deallocate(exec_stmt *st, sql_deallocate *n);

/*
 * A statement being described (st->describe) calls this where its
 * result columns are known (desc; NULL: it returns no rows), before it
 * reads or writes any row, and returns what this returns: EXEC_ERROR
 * with no error set, so that it stops there and unwinds; the caller
 * (portal.c) knows from st->described that it went well.
 */
int exec_stmt_described(exec_stmt *st, const exec_tupdesc *desc);

/*
 * A statement that comes from no query string (the plan builder,
 * build.c), run in the session under the rules of one that reads or
 * writes.  exec_stmt_start fails 25P02 in an aborted block, begins the
 * block's transaction when it has not begun, takes the statement's
 * snapshot and sets up st (its arena, run and settings; sink gets its
 * notices).  exec_stmt_end ends it with its outcome r: an error puts a
 * block in the aborted state or rolls the implicit transaction back;
 * success commits an implicit transaction (autocommit) as one Git
 * commit, with meta's origin, flags and metadata (meta may be NULL; the
 * user is the session's).  Returns r, or the commit's error.
 */
int exec_stmt_start(exec_session *ss, exec_stmt *st, const exec_sink *sink, store_err *err);
int exec_stmt_end(exec_stmt *st, int r, const store_txmeta *meta);

/* An analysis context for the statement (tx may be NULL: reading only). */
void exec_stmt_analyzer(exec_stmt *st, an_ctx *c);

/*
 * The transaction the statement writes through: the open one, or a new
 * implicit one (autocommit).  25006 in a READ ONLY transaction and
 * while chrondb.as_of pins the session (exec_session_writable).
 */
int exec_stmt_need_tx(exec_stmt *st, store_tx **tx);

/*
 * Whether the session may write now: 25006 "cannot execute <what> in a
 * read-only transaction" (BEGIN READ ONLY), or "... while chrondb.as_of
 * is set" when the session reads the past.  For writes that need no
 * transaction too (nextval, CREATE SCHEMA).
 */
int exec_session_writable(exec_session *ss, const char *what, store_err *err);

/*
 * How long a row lock may be waited for (store_tx_lock_row's timeout):
 * lock_timeout, or less when the statement's deadline comes first; -1
 * for ever.  exec_stmt_lock_error turns the 55P03 of a wait that the
 * deadline cut short into statement_timeout's 57014.
 */
int exec_stmt_lock_wait_ms(exec_stmt *st);
int exec_stmt_lock_error(exec_stmt *st);

/* Run a plan, sending its rows to the sink (describe first); *nrows counts them. */
int exec_stmt_send(exec_stmt *st, const plan_node *p, uint64_t *nrows);

/*
 * set_config(name, value, local): SET or SET LOCAL (value NULL: DEFAULT)
 * in the statement's transaction, the implicit one too: the value goes
 * back if it aborts, and a local one ends with it.  The session follows
 * chrondb.branch as SET makes it.
 */
int exec_session_set(exec_stmt *st, const char *name, const char *value, bool local);

/* A notice to the client. */
void exec_stmt_notice(exec_stmt *st, const char *severity, const char *sqlstate, const char *fmt,
	...) __attribute__((format(printf, 4, 5)));

/* dml.c */
int exec_insert(exec_stmt *st, sql_insert *n);
int exec_update(exec_stmt *st, sql_update *n);
int exec_delete(exec_stmt *st, sql_delete *n);
int exec_truncate(exec_stmt *st, sql_truncate *n);

/* ddl.c */
/*
 * What kind of relation a name is as the statement sees it through tx
 * (NULL: its snapshot alone): 't' table, 'v' view, 'S' sequence, 0 none.
 */
int exec_relkind(exec_stmt *st, store_tx *tx, const char *name, char *kind);

int exec_create_table(exec_stmt *st, sql_create_table *n);
int exec_create_table_as(exec_stmt *st, sql_create_table_as *n);
int exec_drop(exec_stmt *st, sql_drop *n);
int exec_alter_table(exec_stmt *st, sql_alter_table *n);
int exec_create_index(exec_stmt *st, sql_create_index *n);
int exec_create_sequence(exec_stmt *st, sql_create_sequence *n);
int exec_alter_sequence(exec_stmt *st, sql_alter_sequence *n);
int exec_create_view(exec_stmt *st, sql_create_view *n);

/* chrondb.c: SHOW TABLES, SHOW SCHEMAS, DESCRIBE, validation schemas */
int exec_show_tables(exec_stmt *st, sql_show_tables *n);
int exec_show_schemas(exec_stmt *st, sql_show_schemas *n);
int exec_describe(exec_stmt *st, sql_describe *n);
int exec_create_validation(exec_stmt *st, sql_create_validation *n);
int exec_drop_validation(exec_stmt *st, sql_drop_validation *n);
int exec_show_validation(exec_stmt *st, sql_show_validation *n);

/*
 * Check a row about to be written to table against the table's
 * validation schema, if it has one: strict mode fails (SQLSTATE 23514
 * with the violations in DETAIL), warning mode sends a WARNING and
 * passes, disabled passes.  json is the row's stored document.
 */
int exec_validate_row(exec_stmt *st, store_tx *tx, const char *table, const char *json, size_t len);

/* ddl.c: shared with dml.c and chrondb.c */

/* A scope of one FROM item: the table's columns (alias NULL: the table's name). */
an_scope *exec_table_scope(an_ctx *c, const cat_table *t, const char *alias);

/* An identifier as SQL text, quoted when it needs to be (quote_ident). */
const char *exec_quote_ident(sql_arena *a, const char *name);

/*
 * Run an internal SELECT at the statement's view (its transaction's own
 * writes included): *found when it returns a row, *first (may be NULL)
 * that row's first value, copied into the statement's arena.
 */
int exec_probe(exec_stmt *st, const char *sql, bool *found, exec_value *first);

/* The same, with the whole first row (*row, *ncols values) when found. */
int exec_probe_row(exec_stmt *st, const char *sql, bool *found, exec_value **row, int *ncols);

/* dml.c: shared with ddl.c */

/* Insert the rows of a plan into t (CREATE TABLE AS), with every check INSERT makes. */
int exec_insert_rows(
	exec_stmt *st, store_tx *tx, const cat_table *t, const plan_node *p, uint64_t *count);

/* Re-key every row of t after its primary key changed (ALTER TABLE ADD PRIMARY KEY). */
int exec_rekey_table(exec_stmt *st, store_tx *tx, const cat_table *t);

/* dml.c: the plan builder's writes (build.c) */

/* What a write does when the row's primary key is taken. */
typedef enum exec_write {
	EXEC_WRITE_INSERT,    /* INSERT: 23505 */
	EXEC_WRITE_IF_ABSENT, /* INSERT ... ON CONFLICT DO NOTHING: nothing */
	EXEC_WRITE_REPLACE,   /* ... ON CONFLICT (pk) DO UPDATE SET every column = excluded's */
	EXEC_WRITE_MERGE,     /* UPDATE of the given columns; INSERT when there is no such row */
} exec_write;

/*
 * Write the JSON document doc as a row of t through INSERT's path (its
 * checks, defaults, validation, unique and foreign keys): the members
 * named like columns are read as the columns' types (rowjson.h), the
 * columns it has no member for take their defaults, and the other
 * members are stored after the columns (a replace stores them alone,
 * the other writes set them over the existing row's).  key (t->npk
 * values of the key columns' types, or NULL) overrides the document's
 * key members.  *count is the rows written (0 or 1), *updated those of
 * them that existed.  The tag is INSERT's.
 */
int exec_write_doc(exec_stmt *st, const cat_table *t, const char *doc, size_t len,
	const exec_value *key, exec_write mode, uint64_t *count, uint64_t *updated);

/*
 * Delete the rows of t that plan rows finds (a scan or key lookup of t,
 * with the storage key column when t has no primary key) through
 * DELETE's path: each locked and read again, recheck (over t's row, or
 * NULL) tested again on a row changed meanwhile, foreign keys enforced
 * and followed.  The tag is DELETE's.
 */
int exec_delete_rows(
	exec_stmt *st, const cat_table *t, plan_node *rows, exec_expr *recheck, uint64_t *count);

/*
 * An internal DELETE or UPDATE (foreign-key actions, a restore's
 * delete), parsed from sql and run inside st: its tag is its own, and
 * an error has no position.
 */
int exec_run_internal(exec_stmt *st, const char *sql);

/*
 * INSERT's write path a row at a time, for COPY FROM: source rows give
 * ncols columns (cols: their indexes in t), the others get their
 * defaults; identity columns take the values given even when GENERATED
 * ALWAYS, as COPY does in PostgreSQL.  The steps are apart so that COPY
 * can filter rows (WHERE) between fill and check, and write them in
 * batches as PostgreSQL does.  Allocated in the statement's arena (NULL
 * with st->err set); each step allocates in st->a as it is when called.
 */
typedef struct exec_row_inserter exec_row_inserter;

exec_row_inserter *exec_row_inserter_new(
	exec_stmt *st, an_ctx *c, store_tx *tx, const cat_table *t, const int *cols, int ncols);

/* A source row (ncols values of the columns' types) to a whole row (t->ncols values). */
int exec_row_inserter_fill(exec_row_inserter *ri, const exec_value *src, exec_value *row);

/* NOT NULL and CHECK constraints on a whole row (23502, 23514). */
int exec_row_inserter_check(exec_row_inserter *ri, const exec_value *row);

/*
 * Write a whole row that passed the checks: its key, the primary key
 * (23505), foreign keys (23503), the validation schema, then the
 * table's UNIQUE constraints (23505).
 */
int exec_row_inserter_put(exec_row_inserter *ri, exec_value *row);

/* Rows written so far. */
uint64_t exec_row_inserter_count(const exec_row_inserter *ri);

/* comment.c */
struct json_t;

int exec_comment(exec_stmt *st, sql_comment *n);

/*
 * CREATE OR REPLACE VIEW: the comments of the view it replaces (its own
 * and its columns') copied into its new catalog entry.
 */
int exec_comment_keep(exec_stmt *st, store_tx *tx, const char *view, struct json_t *entry);

/* ddl.c, for comment.c: a relation's name in the session's branch ([public.]name). */
int exec_target_name(exec_stmt *st, const sql_list *names, int loc, const char **out);

/* ddl.c: a table's definition as the transaction sees it (NULL: none), and its writing back. */
int exec_table_load(exec_stmt *st, store_tx *tx, const char *name, cat_table **out);
int exec_table_save(exec_stmt *st, store_tx *tx, const cat_table *t);

/* explain.c */
int exec_explain(exec_stmt *st, sql_explain *n);

/* copycmd.c */
int exec_copy(exec_stmt *st, sql_copy *n);

/* session.c: run one statement of any kind (COPY runs its query through it). */
int exec_stmt_dispatch(exec_stmt *st, sql_node *n);

/*
 * session.c, for portal.c: set up a statement (its arena, run, settings,
 * interrupts and, when it touches tables, the block's transaction and
 * its snapshot), and take it down again whatever part was done.
 */
int exec_stmt_open(exec_session *ss, exec_stmt *st, bool touches, const char *sql, size_t len,
	const exec_sink *sink, store_err *err);
void exec_stmt_close(exec_stmt *st);

/* Whether a statement reads or writes tables (it then needs the block's transaction). */
bool exec_stmt_touches(const sql_node *n);

/* Whether a statement may run in an aborted block (ROLLBACK, COMMIT, ...). */
bool exec_stmt_allowed_failed(const sql_node *n);

/* A parser's error as the session's (SQLSTATE, message, detail, hint, position); EXEC_ERROR. */
int exec_parse_error(const sql_error *perr, store_err *err);

/* A statement of a query string or an Execute failed: abort the block or roll back. */
void exec_session_stmt_failed(exec_session *ss);

/* Commit an implicit transaction (autocommit), when one is open. */
int exec_session_autocommit(exec_session *ss, store_err *err);

/*
 * Parse one expression written in SQL (a column default, a CHECK) and
 * analyze it over scope sc.  NULL with st->err set on failure.
 */
exec_expr *exec_parse_expr(an_ctx *c, an_scope *sc, const char *text, const char *what);

/* A result set of text columns built in memory (SHOW, DESCRIBE): columns, then rows. */
typedef struct exec_textres {
	exec_stmt *st;
	exec_tupdesc desc;
	int ncols;
	bool described;
} exec_textres;

int exec_textres_begin(exec_textres *r, exec_stmt *st, int ncols, const char *const *names);
int exec_textres_row(exec_textres *r, const char *const *vals);

#endif
