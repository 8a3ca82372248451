/*
 * sqlrun.h - the embedded SQL runner behind `chrondb sql` (prefix srv_sql_).
 *
 * Runs SQL in-process against an open store through one executor
 * session and prints what psql prints for the same input:
 *
 * - A script (a file or standard input) is read line by line and echoed
 *   as `psql -X -a` echoes it; each statement a semicolon ends is run as
 *   its own query string, as psql sends it, and its results printed in
 *   psql's aligned format: the table, "(N rows)", and the command tag
 *   for statements that return no rows ("INSERT 0 1", "CREATE TABLE").
 * - A command string (-c) is one query string: all its statements run in
 *   one implicit transaction unless it holds BEGIN/COMMIT, as with
 *   `psql -c`; each result is printed.
 * - COPY ... FROM STDIN takes the lines after it in the script (with -c:
 *   standard input) up to "\.", and COPY ... TO STDOUT prints its data
 *   lines in place, as psql does.  COPY may read and write the files the
 *   process can (exec_session_opts.server_files).
 *
 * Errors print as psql prints them ("ERROR:  ...", DETAIL, HINT, "LINE n:"
 * and a caret); the script goes on after an error, as psql does without
 * ON_ERROR_STOP, and the runner's result says whether any statement
 * failed.
 */
#ifndef CHRONDB_SERVER_SQLRUN_H
#define CHRONDB_SERVER_SQLRUN_H

#include <stdbool.h>
#include <stdio.h>

#include "store.h"

typedef struct srv_sql_opts {
	const char *user;   /* NULL: "chrondb" */
	const char *branch; /* NULL: the default branch */
} srv_sql_opts;

/*
 * One session whose results print to out, for any sequence of command
 * strings and scripts (psql's -c and -f, run in the order given, share
 * one session).  Returns 0, or -1 when the session could not start (err
 * set).  Close with srv_sql_close.
 */
typedef struct srv_sql_runner srv_sql_runner;

int srv_sql_open(store *s, const srv_sql_opts *o, FILE *out, srv_sql_runner **r, store_err *err);
void srv_sql_close(srv_sql_runner *r);

/*
 * Run a script read from in, each line echoed first when echo is set
 * (psql -a).  COPY FROM STDIN reads its data from in too.  Returns 0
 * when every statement succeeded, 1 when some failed.
 */
int srv_sql_script(srv_sql_runner *r, FILE *in, bool echo);

/*
 * Run one command string (psql -c); COPY FROM STDIN reads its data from
 * in, as psql -c reads its standard input.  Returns as srv_sql_script.
 */
int srv_sql_command(srv_sql_runner *r, const char *sql, FILE *in);

#endif
