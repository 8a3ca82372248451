/*
 * guc.c - tests for run-time settings (executor/guc.h): SET, SHOW, RESET
 * and SET LOCAL with PostgreSQL's transaction semantics, checks,
 * canonical values and ParameterStatus reports.  Expected values are
 * what PostgreSQL 15 shows for the same commands.
 */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "guc.h"

static exec_gucs *g;
static char reported[256];

static void report(void *arg, const char *name, const char *value)
{
	(void)arg;
	snprintf(reported, sizeof(reported), "%s=%s", name, value);
}

static void setup(void)
{
	g = exec_gucs_new(report, NULL);
	reported[0] = '\0';
}

static void teardown(void)
{
	exec_gucs_free(g);
}

TestSuite(guc, .init = setup, .fini = teardown);

static const char *show(const char *name)
{
	store_err err;
	const char *v;

	store_err_clear(&err);
	v = exec_guc_get(g, name, &err);
	cr_assert_not_null(v, "SHOW %s: [%s] %s", name, err.sqlstate, err.message);
	return v;
}

static void set_ok(const char *name, const char *value, bool local, bool in_tx)
{
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(exec_guc_set(g, name, value, local, in_tx, NULL, 0, &err), 0,
		"SET %s = %s: [%s] %s", name, value ? value : "DEFAULT", err.sqlstate, err.message);
}

static void set_fails(const char *name, const char *value, const char *sqlstate, const char *msg)
{
	store_err err;

	store_err_clear(&err);
	cr_assert_eq(exec_guc_set(g, name, value, false, false, NULL, 0, &err), -1);
	cr_assert_str_eq(err.sqlstate, sqlstate);
	cr_assert_str_eq(err.message, msg);
}

Test(guc, defaults_as_postgresql_reports_them)
{
	cr_assert_eq(strncmp(show("server_version"), "16.4 (ChronDB ", 14), 0, "%s",
		show("server_version"));
	cr_assert_str_eq(show("server_version_num"), "160004");
	cr_assert_str_eq(show("DateStyle"), "ISO, MDY");
	cr_assert_str_eq(show("datestyle"), "ISO, MDY");
	cr_assert_str_eq(show("timezone"), "UTC");
	cr_assert_str_eq(show("time zone"), "UTC");
	cr_assert_str_eq(show("transaction isolation level"), "read committed");
	cr_assert_str_eq(show("standard_conforming_strings"), "on");
	cr_assert_str_eq(show("max_identifier_length"), "63");
	cr_assert_str_eq(show("search_path"), "\"$user\", public");
	cr_assert_str_eq(show("work_mem"), "4MB");
	cr_assert_str_eq(show("statement_timeout"), "0");
	cr_assert_str_eq(show("chrondb.branch"), "main");
	cr_assert_str_eq(exec_guc_name("timezone"), "TimeZone");
	cr_assert_null(exec_guc_name("no_such_thing"));
}

Test(guc, values_are_checked_and_made_canonical)
{
	set_ok("DateStyle", "iso", false, false);
	cr_assert_str_eq(show("DateStyle"), "ISO, MDY");
	set_ok("DateStyle", "ISO, DMY", false, false);
	cr_assert_str_eq(show("DateStyle"), "ISO, DMY");
	set_ok("extra_float_digits", "3", false, false);
	cr_assert_str_eq(show("extra_float_digits"), "3");
	set_ok("statement_timeout", "5000", false, false);
	cr_assert_str_eq(show("statement_timeout"), "5s");
	set_ok("statement_timeout", "90s", false, false);
	cr_assert_str_eq(show("statement_timeout"), "90s");
	set_ok("statement_timeout", "120s", false, false);
	cr_assert_str_eq(show("statement_timeout"), "2min");
	set_ok("work_mem", "65536", false, false);
	cr_assert_str_eq(show("work_mem"), "64MB");
	set_ok("default_transaction_isolation", "SERIALIZABLE", false, false);
	cr_assert_str_eq(show("default_transaction_isolation"), "serializable");
	set_ok("client_encoding", "utf-8", false, false);
	cr_assert_str_eq(show("client_encoding"), "UTF8");
	set_ok("default_transaction_read_only", "true", false, false);
	cr_assert_str_eq(show("default_transaction_read_only"), "on");

	set_fails("extra_float_digits", "4", "22023",
		"4 is outside the valid range for parameter \"extra_float_digits\" (-15 .. 3)");
	set_fails("extra_float_digits", "abc", "22023",
		"invalid value for parameter \"extra_float_digits\": \"abc\"");
	set_fails("default_transaction_isolation", "sometimes", "22023",
		"invalid value for parameter \"default_transaction_isolation\": \"sometimes\"");
	{
		store_err err;

		store_err_clear(&err);
		exec_guc_set(g, "default_transaction_isolation", "x", false, false, NULL, 0, &err);
		cr_assert_str_eq(err.hint, "Available values: serializable, repeatable read, read "
					   "committed, read uncommitted.");
	}
	set_fails("no_such_setting", "1", "42704",
		"unrecognized configuration parameter \"no_such_setting\"");
	set_fails("server_version", "1", "55P02", "parameter \"server_version\" cannot be changed");
	set_fails("client_encoding", "LATIN1", "22023",
		"invalid value for parameter \"client_encoding\": \"LATIN1\"");
}

/* DateStyle keeps the half a value does not name; PostgreSQL 15's answers, in sequence. */
Test(guc, datestyle_halves_and_conflicts)
{
	static const struct {
		const char *in, *shown;
	} steps[] = {
		{"DMY", "ISO, DMY"},
		{"SQL", "SQL, DMY"},
		{"Postgres", "Postgres, DMY"},
		{"US", "Postgres, MDY"},
		{"German", "German, DMY"},
		{"German, MDY", "German, MDY"},
		{"MDY, German", "German, MDY"},
		{"European", "German, DMY"},
		{"euro, iso", "ISO, DMY"},
		{"nonEuropean", "ISO, MDY"},
		{"default, DMY", "ISO, DMY"},
		{"SQL, default", "SQL, MDY"},
		{" YMD ,\"postgres\"", "Postgres, YMD"},
		{"postgresql", "Postgres, YMD"},
		{"", "Postgres, YMD"},
	};
	store_err err;

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		set_ok("DateStyle", steps[i].in, false, false);
		cr_assert_str_eq(show("DateStyle"), steps[i].shown, "after %s", steps[i].in);
	}

	set_fails("DateStyle", "ISO, SQL", "22023",
		"invalid value for parameter \"DateStyle\": \"ISO, SQL\"");
	store_err_clear(&err);
	exec_guc_set(g, "DateStyle", "DMY, MDY", false, false, NULL, 0, &err);
	cr_assert_str_eq(err.detail, "Conflicting \"datestyle\" specifications.");
	store_err_clear(&err);
	exec_guc_set(g, "DateStyle", "ISO DMY", false, false, NULL, 0, &err);
	cr_assert_str_eq(err.detail, "List syntax is invalid.");
	store_err_clear(&err);
	exec_guc_set(g, "DateStyle", "ISO,", false, false, NULL, 0, &err);
	cr_assert_str_eq(err.detail, "List syntax is invalid.");
	store_err_clear(&err);
	exec_guc_set(g, "DateStyle", "iso, Foo", false, false, NULL, 0, &err);
	cr_assert_str_eq(err.detail, "Unrecognized key word: \"foo\".");
	store_err_clear(&err);
	exec_guc_set(g, "DateStyle", "\"Foo\"", false, false, NULL, 0, &err);
	cr_assert_str_eq(err.detail, "Unrecognized key word: \"Foo\".");
	cr_assert_str_eq(show("DateStyle"), "Postgres, YMD");
}

Test(guc, custom_names_need_a_dot)
{
	store_err err;

	set_ok("myapp.flag", "yes please", false, false);
	cr_assert_str_eq(show("MyApp.Flag"), "yes please");
	store_err_clear(&err);
	cr_assert_null(exec_guc_get(g, "other.unset", &err));
	cr_assert_str_eq(err.sqlstate, "42704");
}

Test(guc, transactions_undo_and_scope_settings)
{
	char warning[128];
	store_err err;

	/* SET LOCAL lasts until the transaction ends, whatever the outcome. */
	set_ok("TimeZone", "Europe/Paris", true, true);
	cr_assert_str_eq(show("TimeZone"), "Europe/Paris");
	cr_assert_str_eq(reported, "TimeZone=Europe/Paris");
	exec_guc_tx_end(g, true);
	cr_assert_str_eq(show("TimeZone"), "UTC");
	cr_assert_str_eq(reported, "TimeZone=UTC");

	/* A SET in a transaction that aborts is undone; one that commits stays. */
	set_ok("application_name", "one", false, true);
	exec_guc_tx_end(g, false);
	cr_assert_str_eq(show("application_name"), "");
	set_ok("application_name", "two", false, true);
	exec_guc_tx_end(g, true);
	cr_assert_str_eq(show("application_name"), "two");

	/* SET LOCAL then SET: the SET wins and stays after commit. */
	set_ok("extra_float_digits", "2", true, true);
	set_ok("extra_float_digits", "3", false, true);
	exec_guc_tx_end(g, true);
	cr_assert_str_eq(show("extra_float_digits"), "3");

	/* SET LOCAL outside a transaction block only warns. */
	store_err_clear(&err);
	cr_assert_eq(exec_guc_set(g, "extra_float_digits", "0", true, false, warning,
			     sizeof(warning), &err),
		0);
	cr_assert_str_eq(warning, "SET LOCAL can only be used in transaction blocks");
	cr_assert_str_eq(show("extra_float_digits"), "3");

	/* RESET and RESET ALL go back to the defaults. */
	cr_assert_eq(exec_guc_reset(g, "extra_float_digits", false, &err), 0);
	cr_assert_str_eq(show("extra_float_digits"), "1");
	exec_guc_reset_all(g, false);
	cr_assert_str_eq(show("application_name"), "");
}

static void count_each(void *arg, const exec_guc_info *info)
{
	int *n = arg;

	cr_assert_not_null(info->name);
	cr_assert_not_null(info->setting);
	(*n)++;
}

Test(guc, every_setting_is_listed)
{
	int n = 0;

	exec_guc_each(g, count_each, &n);
	cr_assert_geq(n, 30);
}
