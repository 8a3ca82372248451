/*
 * testutil.h - helpers shared by the unit tests: fresh temporary
 * directories and running shell commands (git) against them.
 */
#ifndef CHRONDB_TESTUTIL_H
#define CHRONDB_TESTUTIL_H

#include <stddef.h>

/*
 * Create a fresh empty directory under $TMPDIR (or /tmp) named after tag
 * and return its path (static storage per call site is not assumed: the
 * string is malloc'd, the caller frees it).  Aborts the test on failure.
 */
char *tu_tmpdir(const char *tag);

/* Remove a directory tree (rm -rf). */
void tu_rmtree(const char *path);

/*
 * Run a shell command (sh -c) and capture its stdout into a malloc'd,
 * NUL-terminated string (caller frees; may be NULL when out is NULL).
 * Returns the exit status (0..255), or -1 if it could not run.
 */
int tu_sh(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
