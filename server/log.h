/*
 * log.h - the server's log (prefix srv_log): one line per event on
 * standard error, as
 *
 *     2026-12-04 09:14:38.123 UTC [4711] INFO  pgwire: connection received
 *
 * with the time in UTC, the process id, the level and the subsystem.
 * SRV_LOG checks the level before it formats anything, so a debug line
 * costs one comparison when debug is off.  Lines are written with one
 * write(2) each, whole even when threads log at once.  Never log document
 * contents, query text or secrets at info or above (DESIGN.md section 8).
 */
#ifndef CHRONDB_SERVER_LOG_H
#define CHRONDB_SERVER_LOG_H

typedef enum srv_log_level {
	SRV_LOG_DEBUG,
	SRV_LOG_INFO,
	SRV_LOG_WARNING,
	SRV_LOG_ERROR,
} srv_log_level;

/* The level at and above which lines are written (default info). */
extern srv_log_level srv_log_min;

/* A level from its name (debug, info, warning, error); -1 for another. */
int srv_log_level_parse(const char *name);

void srv_log_write(srv_log_level level, const char *subsys, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define SRV_LOG(level, subsys, ...)                                                                \
	do {                                                                                       \
		if ((level) >= srv_log_min)                                                        \
			srv_log_write((level), (subsys), __VA_ARGS__);                             \
	} while (0)

#endif
