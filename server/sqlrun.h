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
	bool echo;          /* echo script lines (psql -a); scripts only */
} srv_sql_opts;

/*
 * Run a script read from in, output to out.  Returns 0 when every
 * statement succeeded, 1 when some failed, -1 when the session could not
 * start (err set).
 */
int srv_sql_script(store *s, const srv_sql_opts *o, FILE *in, FILE *out, store_err *err);

/*
 * Run one command string (psql -c); same results as srv_sql_script.
 * COPY FROM STDIN reads its data from in, as psql -c reads its standard
 * input.
 */
int srv_sql_command(
	store *s, const srv_sql_opts *o, const char *sql, FILE *in, FILE *out, store_err *err);

#endif
