/*
 * replay.c - runs fuzz inputs without libFuzzer: every file named on the
 * command line, and every regular file of every directory named, in name
 * order, through LLVMFuzzerTestOneInput (parser.c, copyio.c, binfmt.c,
 * search.c, pgmsg.c or resp.c, whichever it is linked with).  This is how ctest
 * replays the seed corpus and the inputs that once crashed, in builds
 * made with any compiler.
 *
 * A broken check or a sanitizer report aborts; the name of the input is
 * printed before it runs, so the last name on stdout is the culprit.
 * Exit status: 0 when every input ran, 1 when one could not be read or
 * nothing was given to run.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Read path whole and run it; -1 when it cannot be read. */
static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return -1;
	}

	/* Grow the buffer as the file is read: inputs are small, and a FIFO has no size. */
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			data = realloc(data, cap);
			if (data == NULL)
				abort();
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	if (ferror(f)) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		fclose(f);
		free(data);
		return -1;
	}
	fclose(f);

	printf("%s\n", path);
	fflush(stdout);
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run every regular file of dir in name order; the number run, or -1. */
static int replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t count = 0, cap = 0;
	int ran = 0;

	if (d == NULL) {
		fprintf(stderr, "replay: cannot open directory %s\n", dir);
		return -1;
	}

	/* Collect the names first, so that the order does not depend on the file system. */
	while ((e = readdir(d)) != NULL) {
		char *path;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		if (asprintf(&path, "%s/%s", dir, e->d_name) < 0)
			abort();
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (count == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof(*names));
			if (names == NULL)
				abort();
		}
		names[count++] = path;
	}
	closedir(d);
	qsort(names, count, sizeof(*names), by_name);

	/* Run them. */
	for (size_t i = 0; i < count; i++) {
		if (ran >= 0 && replay_file(names[i]) == 0)
			ran++;
		else
			ran = -1;
		free(names[i]);
	}
	free(names);
	return ran;
}

int main(int argc, char **argv)
{
	int total = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		int n;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			n = replay_dir(argv[i]);
		else
			n = replay_file(argv[i]) == 0 ? 1 : -1;
		if (n < 0)
			return 1;
		total += n;
	}
	if (total == 0) {
		fprintf(stderr, "usage: %s file-or-directory...  (no input was run)\n", argv[0]);
		return 1;
	}
	printf("replayed %d inputs\n", total);
	return 0;
}
