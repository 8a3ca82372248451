/*
 * notify.h - LISTEN, UNLISTEN, NOTIFY and pg_notify (prefix
 * exec_notify_): PostgreSQL's asynchronous notifications between the
 * sessions of one store, with PostgreSQL 15's semantics.
 *
 * - A transaction's notifications go out when it commits, in the order
 *   it made them, a repeat of the same channel and payload dropped; a
 *   rollback (or ROLLBACK TO a savepoint taken before them) drops them.
 *   Notifying transactions reach the queue in their commit order: each
 *   holds the queue's commit lock from before its store commit until its
 *   notifications are queued.  Transactions that notify nothing never
 *   touch it: their commit path pays one test of a session field.
 * - LISTEN and UNLISTEN take effect when their transaction commits; a
 *   session receives what is committed while it listens (itself
 *   included) on the channels it listens on when it reads them: a
 *   session that listened on nothing starts after what was committed
 *   before its LISTEN; one that listened already may still read, on
 *   its new channel, what was committed while its transaction ran.
 * - A session reads its notifications only between transactions: its
 *   front end calls exec_notify_deliver before ReadyForQuery and, when
 *   woken (exec_session_opts.notify_wake), while it waits idle for the
 *   client.
 *
 * The queue is memory only, as PostgreSQL's is in effect (its pg_notify
 * files are not kept across a restart): nothing of it is written to Git
 * or the WAL, and a restart loses what listeners had not read.  It is
 * bounded (EXEC_NOTIFY_QUEUE_MAX): a commit whose notifications do not
 * fit fails with 54000 "too many notifications in the NOTIFY queue".
 */
#ifndef CHRONDB_EXECUTOR_NOTIFY_H
#define CHRONDB_EXECUTOR_NOTIFY_H

#include "array.h"
#include "session.h"

/* PostgreSQL's limit: a payload of 8000 bytes or more is 22023. */
#define EXEC_NOTIFY_PAYLOAD_MAX 8000

/* What the queue may hold, in bytes (PostgreSQL's default is 8 GB of disk pages). */
#define EXEC_NOTIFY_QUEUE_MAX ((size_t)1 << 30)

/* One notification handed to the front end (NotificationResponse); strings borrowed for the call. */
typedef void (*exec_notify_fn)(void *arg, int32_t pid, const char *channel, const char *payload);

/*
 * Hand the session's notifications to fn, oldest first, when it is
 * between transactions (no block, no transaction open); returns how
 * many.  fn runs under the queue's lock: it must only copy them out.
 */
int exec_notify_deliver(exec_session *ss, exec_notify_fn fn, void *arg);

/* Whether the session listens on some channel (its front end then waits for wake-ups). */
bool exec_notify_listening(const exec_session *ss);

/* pg_listening_channels() (srf.c lists it). */
extern const exec_srf exec_notify_srfs[];
extern const size_t exec_notify_nsrfs;

/* ---- For session.c ---- */

struct exec_stmt;
struct sql_notify;

/* LISTEN, UNLISTEN, NOTIFY as statements. */
int exec_notify_stmt(struct exec_stmt *st, const struct sql_notify *n);

/* DISCARD ALL's part: UNLISTEN *. */
int exec_notify_unlisten_all(exec_session *ss, store_err *err);

/* Whether the open transaction has notifications or LISTEN/UNLISTEN to commit. */
bool exec_notify_pending(const exec_session *ss);

/*
 * Around the store commit of a transaction with something pending:
 * exec_notify_precommit takes the commit lock and checks that the
 * notifications fit in the queue (54000, the lock released, when they
 * do not); exec_notify_commit queues them and applies LISTEN/UNLISTEN
 * when committed is true, forgets them when not, and releases the lock.
 */
int exec_notify_precommit(exec_session *ss, store_err *err);
void exec_notify_commit(exec_session *ss, bool committed);

/* The transaction ended (after exec_notify_commit, or by a rollback): nothing stays pending. */
void exec_notify_tx_end(exec_session *ss);

/* A savepoint's mark, and ROLLBACK TO it: what was made after it goes. */
uint64_t exec_notify_mark(const exec_session *ss);
void exec_notify_rollback_to(exec_session *ss, uint64_t mark);

/* The session ends: it stops listening; its state is freed. */
void exec_notify_session_end(exec_session *ss);

#endif
