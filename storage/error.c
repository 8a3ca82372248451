/*
 * error.c - filling in store_err values (see error.h).
 */
#include "error.h"

#include <stdio.h>
#include <string.h>

void store_err_clear(store_err *err)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof(*err));
}

int store_err_set(store_err *err, const char *sqlstate, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || err->message[0] != '\0')
		return STORE_ERROR;
	snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", sqlstate);
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return STORE_ERROR;
}

void store_err_detail(store_err *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || err->detail[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	va_end(ap);
}

void store_err_hint(store_err *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || err->hint[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(err->hint, sizeof(err->hint), fmt, ap);
	va_end(ap);
}

void store_err_context(store_err *err, const char *fmt, ...)
{
	size_t used;
	va_list ap;

	if (!store_err_isset(err))
		return;
	used = strlen(err->context);
	if (used > 0 && used + 1 < sizeof(err->context))
		err->context[used++] = '\n';
	if (used + 1 >= sizeof(err->context))
		return;
	va_start(ap, fmt);
	vsnprintf(err->context + used, sizeof(err->context) - used, fmt, ap);
	va_end(ap);
}

void store_err_object(store_err *err, const char *table, const char *column, const char *constraint)
{
	if (err == NULL || !store_err_isset(err))
		return;
	if (table != NULL) {
		snprintf(err->schema, sizeof(err->schema), "public");
		snprintf(err->table, sizeof(err->table), "%s", table);
	}
	if (column != NULL)
		snprintf(err->column, sizeof(err->column), "%s", column);
	if (constraint != NULL)
		snprintf(err->constraint, sizeof(err->constraint), "%s", constraint);
}
