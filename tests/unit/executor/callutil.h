/*
 * callutil.h - for the executor's unit tests: SQL calls made the way the
 * analyzer and executor will make them, through the registry (func.h),
 * so that a table row reads like the SELECT whose PostgreSQL output it
 * holds.
 *
 * A value is written as a type name and its text ({"int2", "1"}, NULL
 * text for SQL NULL, "unknown" for an untyped literal).  A call resolves
 * its operator or function for the arguments' types, casts them to the
 * types resolution chose, skips a strict function when an argument is
 * NULL and returns the result's text: the type's output, "NULL", or
 * "ERROR <sqlstate>: <message>" -- so one string compares against
 * psql's answer.
 *
 * Header-only, static functions: each test file is its own executable.
 * Everything lives in the environment's arena; cu_done frees it.
 */
#ifndef CHRONDB_TESTS_CALLUTIL_H
#define CHRONDB_TESTS_CALLUTIL_H

#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "func.h"

typedef struct cu_env {
	sql_arena *arena;
	store_err err;
	exec_ctx cx;
} cu_env;

/* A value as a table writes it: a type name (a SQL spelling) and text, NULL text for NULL. */
typedef struct cu_arg {
	const char *type;
	const char *text;
} cu_arg;

static inline void cu_init(cu_env *e)
{
	memset(e, 0, sizeof(*e));
	e->arena = sql_arena_new(0);
	e->cx.arena = e->arena;
	e->cx.err = &e->err;
	e->cx.timezone = "UTC";
	e->cx.extra_float_digits = 1;
	exec_registry_init();
}

static inline void cu_done(cu_env *e)
{
	sql_arena_free(e->arena);
}

/* The error as the tables write it; the error is then cleared for the next call. */
static inline const char *cu_error(cu_env *e)
{
	size_t n = strlen(e->err.sqlstate) + strlen(e->err.message) + 16;
	char *s = sql_arena_alloc(e->arena, n);

	snprintf(s, n, "ERROR %s: %s", e->err.sqlstate, e->err.message);
	store_err_clear(&e->err);
	return s;
}

static inline const exec_type *cu_type(const char *name)
{
	const exec_type *t = exec_type_by_name(name);

	cr_assert_not_null(t, "no type named %s", name);
	return t;
}

/* The value a table row means, or NULL (and the error in e) when its input fails. */
static inline bool cu_value(cu_env *e, const cu_arg *a, int32_t typmod, exec_value *out)
{
	const exec_type *t = cu_type(a->type);

	if (a->text == NULL) {
		*out = exec_null(t->oid);
		return true;
	}
	return exec_value_in(&e->cx, t->oid, typmod, a->text, strlen(a->text), out) == EXEC_OK;
}

/* A value's text: its type's output, "NULL", or the error. */
static inline const char *cu_out(cu_env *e, const exec_value *v)
{
	store_buf b = STORE_BUF_INIT;
	char *s;

	if (v->isnull)
		return "NULL";
	if (exec_value_out(&e->cx, v, &b) != EXEC_OK) {
		store_buf_free(&b);
		return cu_error(e);
	}
	s = sql_arena_strndup(e->arena, b.data != NULL ? (const char *)b.data : "", b.len);
	store_buf_free(&b);
	return s;
}

/* Cast each argument to the type resolution chose (implicitly, as the analyzer would). */
static inline bool cu_cast_args(cu_env *e, exec_value *v, const exec_oid *to, int n)
{
	for (int i = 0; i < n; i++)
		if (v[i].type != to[i] && exec_cast_value(&e->cx, &v[i], to[i], EXEC_TYPMOD_NONE,
						  EXEC_CAST_IMPLICIT, &v[i]) != EXEC_OK)
			return false;
	return true;
}

/* name(args...) or, with op, the operator name between (or before) the arguments. */
static inline const char *cu_call(cu_env *e, bool op, const char *name, const cu_arg *args, int n)
{
	exec_value v[8], out;
	exec_oid types[8], to[8], result = 0;
	exec_fn fn;
	bool strict = true;

	cr_assert(n <= 8);
	for (int i = 0; i < n; i++) {
		if (!cu_value(e, &args[i], EXEC_TYPMOD_NONE, &v[i]))
			return cu_error(e);
		types[i] = v[i].type;
	}
	if (op) {
		const exec_oper *o = n == 2 ? exec_oper_resolve_result(name, types[0], types[1],
						      &to[0], &to[1], &result, &e->err)
					    : exec_oper_resolve_result(name, 0, types[0], NULL,
						      &to[0], &result, &e->err);

		if (o == NULL)
			return cu_error(e);
		fn = o->fn;
		strict = exec_oper_strict(o);
	} else {
		const exec_func *f = exec_func_resolve(name, types, n, to, &result, &e->err);

		if (f == NULL)
			return cu_error(e);
		fn = f->fn;
		strict = f->strict;
	}
	if (!cu_cast_args(e, v, to, n))
		return cu_error(e);
	for (int i = 0; i < n && strict; i++)
		if (v[i].isnull)
			return "NULL";
	if (fn(&e->cx, v, n, &out) != EXEC_OK)
		return cu_error(e);
	return cu_out(e, &out);
}

static inline const char *cu_op(cu_env *e, const char *name, const cu_arg *args, int n)
{
	return cu_call(e, true, name, args, n);
}

static inline const char *cu_fn(cu_env *e, const char *name, const cu_arg *args, int n)
{
	return cu_call(e, false, name, args, n);
}

/* CAST(value AS type) with a typmod, in a context. */
static inline const char *cu_cast(
	cu_env *e, const cu_arg *a, const char *type, int32_t typmod, exec_cast_context cc)
{
	exec_value v, out;

	if (!cu_value(e, a, EXEC_TYPMOD_NONE, &v))
		return cu_error(e);
	if (exec_cast_value(&e->cx, &v, cu_type(type)->oid, typmod, cc, &out) != EXEC_OK)
		return cu_error(e);
	return cu_out(e, &out);
}

/* Text input with a typmod, then output: what 'text'::type(mod) shows. */
static inline const char *cu_in(cu_env *e, const char *type, int32_t typmod, const char *text)
{
	cu_arg a = {type, text};
	exec_value v;

	if (!cu_value(e, &a, typmod, &v))
		return cu_error(e);
	return cu_out(e, &v);
}

/* The number of arguments a table row gives (the first with no type ends them). */
static inline int cu_nargs(const cu_arg *args, int max)
{
	int n = 0;

	while (n < max && args[n].type != NULL)
		n++;
	return n;
}

/* Table rows: SELECT 'text'::type(n), SELECT f(args) or a op b, SELECT CAST(a AS type(n)). */
typedef struct cu_in_case {
	const char *type;
	int32_t typmod;
	const char *text;
	const char *expect;
} cu_in_case;

typedef struct cu_call_case {
	const char *name;
	cu_arg args[6];
	const char *expect;
} cu_call_case;

typedef struct cu_cast_case {
	cu_arg from;
	const char *to;
	int32_t typmod;
	const char *expect;
} cu_cast_case;

/* 'text'::type is input; with a typmod, 'text'::type(n) is an explicit cast of the literal. */
static inline void cu_check_inputs(const cu_in_case *cases, size_t n)
{
	cu_env e;

	cu_init(&e);
	for (size_t i = 0; i < n; i++) {
		const cu_in_case *c = &cases[i];
		cu_arg lit = {"unknown", c->text};
		const char *got =
			c->typmod == EXEC_TYPMOD_NONE
				? cu_in(&e, c->type, c->typmod, c->text)
				: cu_cast(&e, &lit, c->type, c->typmod, EXEC_CAST_EXPLICIT);

		cr_expect_str_eq(
			got, c->expect, "'%s'::%s (typmod %d)", c->text, c->type, (int)c->typmod);
	}
	cu_done(&e);
}

static inline void cu_check_calls(const cu_call_case *cases, size_t n, bool op)
{
	cu_env e;

	cu_init(&e);
	for (size_t i = 0; i < n; i++) {
		const cu_call_case *c = &cases[i];
		int nargs = cu_nargs(c->args, 6);
		const char *got = cu_call(&e, op, c->name, c->args, nargs);

		cr_expect_str_eq(got, c->expect, "%s, case %zu ('%s', '%s')", c->name, i,
			nargs > 0 && c->args[0].text ? c->args[0].text : "NULL",
			nargs > 1 && c->args[1].text ? c->args[1].text : "NULL");
	}
	cu_done(&e);
}

static inline void cu_check_casts(const cu_cast_case *cases, size_t n)
{
	cu_env e;

	cu_init(&e);
	for (size_t i = 0; i < n; i++) {
		const cu_cast_case *c = &cases[i];

		cr_expect_str_eq(cu_cast(&e, &c->from, c->to, c->typmod, EXEC_CAST_EXPLICIT),
			c->expect, "'%s'::%s::%s (typmod %d)", c->from.text, c->from.type, c->to,
			(int)c->typmod);
	}
	cu_done(&e);
}

#endif
