/*
 * activity.c - what every session of the process is doing, for
 * pg_stat_activity (syscat.c's rows): a register of the live sessions,
 * each with PostgreSQL's fields (who, from where, since when, its state
 * and its current or last query).
 *
 * A session registers when it starts and leaves when it ends
 * (session.c); a query string or an Execute marks it active with its
 * text, and idle again (in a transaction, aborted or not) when it ends.
 * Another session reads the records while they change: each record has
 * its own lock, taken for the few stores of a change and for a read's
 * copy, and the register's lock keeps records from going while they
 * are read.  Sessions of other stores are other databases: they are
 * listed with their own store only.
 *
 * Not here: cancelling or ending other sessions (the server's
 * CancelRequest); wait events (no row lock or advisory lock wait is
 * recorded yet: wait_event_type is NULL).
 */
#include "activity.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "stmt.h"

struct exec_activity {
	pthread_mutex_t mu;
	const exec_session *ss;
	const store *s;
	int64_t backend_start, xact_start, query_start, state_change;
	exec_activity_state state;
	char app[EXEC_ACT_NAME_MAX];
	char query[EXEC_ACT_QUERY_MAX];
	struct exec_activity *next;
};

static struct {
	pthread_mutex_t mu;
	exec_activity *head;
} reg = {PTHREAD_MUTEX_INITIALIZER, NULL};

exec_activity *exec_activity_add(exec_session *ss)
{
	exec_activity *a = calloc(1, sizeof(*a));

	if (a == NULL)
		return NULL;
	pthread_mutex_init(&a->mu, NULL);
	a->ss = ss;
	a->s = ss->s;
	a->backend_start = a->state_change = exec_clock_now();
	a->state = EXEC_ACT_IDLE;
	pthread_mutex_lock(&reg.mu);
	a->next = reg.head;
	reg.head = a;
	pthread_mutex_unlock(&reg.mu);
	return a;
}

void exec_activity_remove(exec_activity *a)
{
	if (a == NULL)
		return;
	pthread_mutex_lock(&reg.mu);
	for (exec_activity **p = &reg.head; *p != NULL; p = &(*p)->next)
		if (*p == a) {
			*p = a->next;
			break;
		}
	pthread_mutex_unlock(&reg.mu);
	pthread_mutex_destroy(&a->mu);
	free(a);
}

void exec_activity_begin(exec_session *ss, const char *sql, size_t len)
{
	exec_activity *a = ss->act;
	const char *app = exec_guc_get(ss->gucs, "application_name", NULL);
	int64_t now = exec_clock_now();

	if (a == NULL)
		return;
	if (len >= EXEC_ACT_QUERY_MAX)
		len = EXEC_ACT_QUERY_MAX - 1;
	pthread_mutex_lock(&a->mu);
	memcpy(a->query, sql, len);
	a->query[len] = '\0';
	snprintf(a->app, sizeof(a->app), "%s", app != NULL ? app : "");
	a->query_start = a->state_change = now;
	if (a->xact_start == 0)
		a->xact_start = now;
	a->state = EXEC_ACT_ACTIVE;
	pthread_mutex_unlock(&a->mu);
}

void exec_activity_end(exec_session *ss)
{
	exec_activity *a = ss->act;

	if (a == NULL)
		return;
	pthread_mutex_lock(&a->mu);
	a->state = ss->failed  ? EXEC_ACT_IDLE_ABORTED
		   : ss->block ? EXEC_ACT_IDLE_IN_TX
			       : EXEC_ACT_IDLE;
	if (!ss->block)
		a->xact_start = 0;
	a->state_change = exec_clock_now();
	pthread_mutex_unlock(&a->mu);
}

int exec_activity_each(const store *s, exec_activity_fn fn, void *arg)
{
	exec_activity_row *rows = NULL;
	size_t n = 0, cap = 0;
	int r = 0;

	/* Copies first: fn runs a query's operators, which must not run under the lock. */
	pthread_mutex_lock(&reg.mu);
	for (exec_activity *a = reg.head; a != NULL; a = a->next) {
		exec_activity_row *row;
		const exec_session *ss = a->ss;

		if (a->s != s)
			continue;
		if (n == cap) {
			exec_activity_row *grown;

			cap = cap ? 2 * cap : 16;
			grown = realloc(rows, cap * sizeof(*rows));
			if (grown == NULL) {
				r = -1;
				break;
			}
			rows = grown;
		}
		row = &rows[n++];
		memset(row, 0, sizeof(*row));
		row->pid = ss->backend_pid;
		snprintf(row->user, sizeof(row->user), "%s", ss->user);
		snprintf(row->database, sizeof(row->database), "%s", ss->database);
		if (ss->client_addr != NULL) {
			snprintf(row->client_addr, sizeof(row->client_addr), "%s", ss->client_addr);
			row->client_port = ss->client_port;
		}
		pthread_mutex_lock(&a->mu);
		row->backend_start = a->backend_start;
		row->xact_start = a->xact_start;
		row->query_start = a->query_start;
		row->state_change = a->state_change;
		row->state = a->state;
		memcpy(row->application_name, a->app, sizeof(row->application_name));
		memcpy(row->query, a->query, sizeof(row->query));
		pthread_mutex_unlock(&a->mu);
	}
	pthread_mutex_unlock(&reg.mu);
	for (size_t i = 0; i < n && r == 0; i++)
		r = fn(arg, &rows[i]);
	free(rows);
	return r;
}
