/*
 * note.h - what a session's commits say about themselves: the note on
 * refs/notes/chrondb (storage writes it, store_txmeta gives it) and the
 * author (prefix exec_note_).
 *
 * Every commit a session makes carries, beside what storage adds (tx_id,
 * timestamp, branch, operation, ChronDB's update/delete/ddl flags):
 *
 *   user                      the session's user, also the commit's author
 *   origin                    "sql", or what the plan builder's caller says
 *   flags                     SET [LOCAL] chrondb.flags (a comma-separated
 *                             list), the builder's, and those the
 *                             transaction's functions add ("rollback",
 *                             "revert")
 *   metadata.application-name application_name, when set
 *   metadata.remote-addr      the client's address, for a network session
 *   metadata.request-id       SET [LOCAL] chrondb.request_id, when set
 *   metadata.<key>            what the transaction's functions add
 *                             ("source-commit", "reverted-commit")
 *
 * The key names are ChronDB's: metadata keys in kebab-case as its REST
 * front end writes them (inventory section 1.8).  A transaction's
 * functions (chrondb_restore, chrondb_revert) add flags, metadata and a
 * paragraph for the commit message through exec_note_add; a rollback to a
 * savepoint drops what was added after it.
 */
#ifndef CHRONDB_EXECUTOR_NOTE_H
#define CHRONDB_EXECUTOR_NOTE_H

#include <stddef.h>

#include "session.h"
#include "store.h"

typedef enum exec_note_kind {
	EXEC_NOTE_FLAG, /* text is a flag */
	EXEC_NOTE_META, /* key = text, a string member of "metadata" (the last one wins) */
	EXEC_NOTE_BODY, /* text is a line of the message's body */
} exec_note_kind;

/* Add to the note of the session's open transaction (copied). */
void exec_note_add(exec_session *ss, exec_note_kind kind, const char *key, const char *text);

/* A position in what was added, and the undoing of what came after it (ROLLBACK TO). */
size_t exec_note_mark(const exec_session *ss);
void exec_note_rollback_to(exec_session *ss, size_t mark);

/* The transaction ended: what it added goes. */
void exec_note_tx_end(exec_session *ss);

/* The pieces exec_note_meta makes, freed by exec_note_meta_free. */
typedef struct exec_note_parts {
	char *flagtext;     /* the flags' texts, NUL-separated */
	const char **flags; /* NULL-terminated, into flagtext and the caller's */
	char *metadata;     /* the metadata object's text */
	char *body;         /* the message's body, or NULL */
} exec_note_parts;

/*
 * The metadata of the session's commit: how's (the plan builder's
 * origin, flags and metadata; may be NULL) with the session's settings
 * and the transaction's additions, in *out (pointing into parts and how).
 * 22P02 when how's metadata is no JSON object.
 */
int exec_note_meta(exec_session *ss, const store_txmeta *how, store_txmeta *out,
	exec_note_parts *parts, store_err *err);
void exec_note_meta_free(exec_note_parts *parts);

/* Free the session's additions for good (the session ends). */
void exec_note_free(exec_session *ss);

#endif
