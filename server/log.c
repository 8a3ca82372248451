/*
 * log.c - the server's log lines (log.h): the prefix, the message, one
 * write per line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

#define LOG_LINE_MAX 2048

srv_log_level srv_log_min = SRV_LOG_INFO;

/* The level names as lines show them, padded to one width; the table parse reads. */
static const char *const log_names[] = {
	[SRV_LOG_DEBUG] = "DEBUG",
	[SRV_LOG_INFO] = "INFO ",
	[SRV_LOG_WARNING] = "WARN ",
	[SRV_LOG_ERROR] = "ERROR",
};

static const struct {
	const char *name;
	srv_log_level level;
} log_levels[] = {
	{"debug", SRV_LOG_DEBUG},
	{"info", SRV_LOG_INFO},
	{"warning", SRV_LOG_WARNING},
	{"error", SRV_LOG_ERROR},
};

int srv_log_level_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(log_levels) / sizeof(log_levels[0]); i++)
		if (strcasecmp(log_levels[i].name, name) == 0)
			return (int)log_levels[i].level;
	return -1;
}

void srv_log_write(srv_log_level level, const char *subsys, const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	struct timeval tv;
	struct tm tm;
	va_list ap;
	size_t n;
	int m;

	/* The prefix: time to the millisecond in UTC, pid, level, subsystem. */
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	n = strftime(line, sizeof(line), "%Y-%m-%d %H:%M:%S", &tm);
	m = snprintf(line + n, sizeof(line) - n,
		".%03ld UTC [%ld] %s %s: ", (long)(tv.tv_usec / 1000), (long)getpid(),
		log_names[level], subsys);
	n += (size_t)m;

	/* The message, cut to the line's room, and the newline. */
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	n = m < 0 ? n : n + (size_t)m > sizeof(line) - 2 ? sizeof(line) - 2 : n + (size_t)m;
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, n) < 0)
		return; /* nowhere left to say it */
}
