/*
 * testutil.c - helpers shared by the unit tests (see testutil.h).
 */
#include "testutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

char *tu_tmpdir(const char *tag)
{
	const char *base = getenv("TMPDIR");
	char *path;

	if (base == NULL || *base == '\0')
		base = "/tmp";
	if (asprintf(&path, "%s/chrondb-test-%s-XXXXXX", base, tag) < 0)
		abort();
	if (mkdtemp(path) == NULL) {
		perror("mkdtemp");
		abort();
	}
	return path;
}

void tu_rmtree(const char *path)
{
	if (path != NULL && strncmp(path, "/tmp/", 5) == 0)
		tu_sh(NULL, "rm -rf '%s'", path);
	else if (path != NULL && getenv("TMPDIR") != NULL)
		tu_sh(NULL, "rm -rf '%s'", path);
}

int tu_sh(char **out, const char *fmt, ...)
{
	char *cmd;
	va_list ap;
	FILE *fp;
	size_t cap = 4096, len = 0;
	char *buf;
	int status;

	va_start(ap, fmt);
	if (vasprintf(&cmd, fmt, ap) < 0)
		abort();
	va_end(ap);
	fp = popen(cmd, "r");
	free(cmd);
	if (fp == NULL)
		return -1;
	buf = malloc(cap);
	for (;;) {
		size_t n;

		if (len + 1 >= cap)
			buf = realloc(buf, cap *= 2);
		n = fread(buf + len, 1, cap - len - 1, fp);
		if (n == 0)
			break;
		len += n;
	}
	buf[len] = '\0';
	status = pclose(fp);
	if (out != NULL)
		*out = buf;
	else
		free(buf);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A failure in a helper: the test cannot go on. */
static void tu_die(const char *what, const char *path) __attribute__((noreturn));
static void tu_die(const char *what, const char *path)
{
	fprintf(stderr, "testutil: %s %s: ", what, path);
	perror(NULL);
	abort();
}

char *tu_fmt(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	return s;
}

unsigned char *tu_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n = -1;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
		fseek(f, 0, SEEK_SET) != 0)
		tu_die("cannot read", path);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
		tu_die("cannot read", path);
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

void tu_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		tu_die("cannot write", path);
}

int tu_file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}
