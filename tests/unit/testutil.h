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

/* asprintf that aborts on failure: a malloc'd string the caller frees. */
char *tu_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A whole file, malloc'd with a NUL past *len (the caller frees); aborts
 * the test when it cannot be read.
 */
unsigned char *tu_read_file(const char *path, size_t *len);

/* Create or replace a file with exactly len bytes; aborts the test on failure. */
void tu_write_file(const char *path, const void *data, size_t len);

/* 1 when path exists (any kind of file). */
int tu_file_exists(const char *path);

#endif
