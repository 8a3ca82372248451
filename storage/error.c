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
	va_list ap;

	if (err == NULL || err->context[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(err->context, sizeof(err->context), fmt, ap);
	va_end(ap);
}
