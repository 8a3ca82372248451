/*
 * privfn.c - the access privilege inquiry functions: the
 * has_*_privilege family in all their forms (an object by name or by
 * OID, with or without a user, by name or by OID) and pg_has_role; the
 * module exec_mod_priv.
 *
 * ChronDB has no GRANT: every session's user is the superuser, who
 * holds every privilege on every object.  The other roles the catalog
 * lists hold what PostgreSQL grants them in a fresh cluster: PUBLIC's
 * defaults (CONNECT and TEMPORARY on the database, USAGE on the
 * schemas, EXECUTE on functions, USAGE on languages and on types), and
 * pg_database_owner its ownership of schema public.  The
 * user "public" names PUBLIC, as in PostgreSQL.
 *
 * What is checked, in PostgreSQL's order: the user (42704 for an
 * unknown role), the object (by name: PostgreSQL's error for an unknown
 * one, 42P01, 3F000, 42883, ...; by OID: a NULL result), then the
 * privilege list (22023 for an unknown privilege; "WITH GRANT OPTION"
 * after any of them).  A list holds when any privilege in it does.
 *
 * Not here: the objects themselves (syscat.c's image and tables,
 * syscatfn.c's name lookups).
 */
#include <string.h>
#include <strings.h>

#include "basic.h"
#include "syscat_int.h"

/* ---- Privileges ---- */

/* The roles a user argument can name: the superuser, another role, or PUBLIC. */
typedef enum priv_role {
	ROLE_SUPER,
	ROLE_DB_OWNER, /* pg_database_owner: PUBLIC's privileges and schema public's owner's */
	ROLE_PUBLIC,
} priv_role;

/* A kind of object: the privileges it has and what PUBLIC holds of them. */
typedef struct priv_kind {
	const char *const *privs;
	const char *const *public_privs;
} priv_kind;

static const char *const table_privs[] = {
	"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", NULL};
static const char *const column_privs[] = {"SELECT", "INSERT", "UPDATE", "REFERENCES", NULL};
static const char *const sequence_privs[] = {"USAGE", "SELECT", "UPDATE", NULL};
static const char *const schema_privs[] = {"CREATE", "USAGE", NULL};
static const char *const database_privs[] = {"CREATE", "CONNECT", "TEMPORARY", "TEMP", NULL};
static const char *const connect_temp[] = {"CONNECT", "TEMPORARY", "TEMP", NULL};
static const char *const execute_privs[] = {"EXECUTE", NULL};
static const char *const usage_privs[] = {"USAGE", NULL};
static const char *const create_privs[] = {"CREATE", NULL};
static const char *const role_privs[] = {"MEMBER", "USAGE", "SET", NULL};
static const char *const no_privs[] = {NULL};

static const priv_kind k_table = {table_privs, no_privs};
static const priv_kind k_column = {column_privs, no_privs};
static const priv_kind k_sequence = {sequence_privs, no_privs};
static const priv_kind k_schema = {schema_privs, usage_privs};
static const priv_kind k_database = {database_privs, connect_temp};
static const priv_kind k_function = {execute_privs, execute_privs};
static const priv_kind k_language = {usage_privs, usage_privs};
static const priv_kind k_tablespace = {create_privs, no_privs};
static const priv_kind k_type = {usage_privs, usage_privs};

static bool listed(const char *const *list, const char *w)
{
	for (int i = 0; list[i] != NULL; i++)
		if (strcasecmp(w, list[i]) == 0)
			return true;
	return false;
}

/*
 * Read a privilege list ("SELECT, INSERT WITH GRANT OPTION"): 22023 for
 * a word the kind does not have; *held whether role holds any of them:
 * the superuser all, another role those in granted, never with a grant
 * option.
 */
static int check_privs(exec_ctx *cx, const exec_value *v, const priv_kind *k, priv_role role,
	const char *const *granted, bool *held)
{
	char *s = sql_arena_strndup(cx->arena, v->v.s.p, v->v.s.len), *save = NULL;

	*held = false;
	for (char *w = strtok_r(s, ",", &save); w != NULL; w = strtok_r(NULL, ",", &save)) {
		static const char grant[] = " WITH GRANT OPTION", admin[] = " WITH ADMIN OPTION";
		size_t n;
		bool option = false;

		while (*w == ' ' || *w == '\t' || *w == '\n')
			w++;
		n = strlen(w);
		while (n > 0 && (w[n - 1] == ' ' || w[n - 1] == '\t' || w[n - 1] == '\n'))
			w[--n] = '\0';
		if (n > sizeof(grant) - 1 &&
			(strcasecmp(w + n - (sizeof(grant) - 1), grant) == 0 ||
				(k->privs == role_privs &&
					strcasecmp(w + n - (sizeof(admin) - 1), admin) == 0))) {
			w[n - (sizeof(grant) - 1)] = '\0';
			option = true;
		}
		if (!listed(k->privs, w))
			return store_err_set(
				cx->err, "22023", "unrecognized privilege type: \"%s\"", w);
		if (role == ROLE_SUPER || (!option && listed(granted, w)))
			*held = true;
	}
	return EXEC_OK;
}

/* The user argument: the session's user, another role of the catalog, or "public". */
static int user_arg(exec_ctx *cx, const sc_image *im, const exec_value *v, bool public_ok,
	uint32_t *oid, priv_role *role)
{
	if (v->type == EXEC_OID_OID) {
		*oid = (uint32_t)v->v.i;
		if (exec_syscat_role_name(im, *oid) == NULL)
			return store_err_set(cx->err, "42704", "role with OID %u does not exist",
				(unsigned)*oid);
	} else {
		char *name = sql_arena_strndup(cx->arena, v->v.s.p, v->v.s.len);

		*oid = exec_syscat_role_oid(im, name);
		if (*oid == 0 && public_ok && strcmp(name, "public") == 0) {
			*role = ROLE_PUBLIC;
			return EXEC_OK;
		}
		if (*oid == 0)
			return store_err_set(cx->err, "42704", "role \"%s\" does not exist", name);
	}
	*role = *oid == EXEC_ROLE_SUPERUSER ? ROLE_SUPER : ROLE_DB_OWNER;
	return EXEC_OK;
}

/*
 * An object argument: 1 when it exists, 0 when an OID names nothing (a
 * NULL result), EXEC_ERROR for a name that names nothing.  obj points
 * at the object's arguments (two for a column: table and column).
 */
typedef int (*priv_find)(exec_ctx *cx, sc_image *im, const exec_value *obj);

/*
 * The body of every form: nobj object arguments, after a user argument
 * when there are nobj + 2 arguments in all; the privilege list last.
 * A role other than the superuser holds what the kind grants PUBLIC.
 */
static int privilege(exec_ctx *cx, const exec_value *args, int nargs, int nobj, const priv_kind *k,
	priv_find find, exec_value *out)
{
	sc_image *im;
	priv_role role = ROLE_SUPER;
	uint32_t user = EXEC_ROLE_SUPERUSER;
	bool held;
	int found;

	if (exec_syscat_image(cx, &im) != EXEC_OK)
		return EXEC_ERROR;
	if (nargs == nobj + 2 && user_arg(cx, im, &args[0], true, &user, &role) != EXEC_OK)
		return EXEC_ERROR;
	found = find(cx, im, &args[nargs - 1 - nobj]);
	if (found < 0 ||
		check_privs(cx, &args[nargs - 1], k, role, k->public_privs, &held) != EXEC_OK)
		return EXEC_ERROR;
	*out = found ? exec_bool(held) : exec_null(EXEC_OID_BOOL);
	return EXEC_OK;
}

/* ---- Objects ---- */

/* A relation by name (42P01) or OID. */
static int find_rel(exec_ctx *cx, sc_image *im, const exec_value *v, const sc_rel **r)
{
	exec_oid oid;

	if (v->type != EXEC_OID_OID) {
		if (exec_syscat_regclass_in(cx, v->v.s.p, v->v.s.len, &oid) != EXEC_OK)
			return EXEC_ERROR;
	} else {
		oid = (exec_oid)v->v.i;
	}
	*r = exec_syscat_rel(im, oid);
	return *r != NULL;
}

static int find_table(exec_ctx *cx, sc_image *im, const exec_value *obj)
{
	const sc_rel *r;

	return find_rel(cx, im, obj, &r);
}

/* A sequence: a relation of another kind is 42809. */
static int find_sequence(exec_ctx *cx, sc_image *im, const exec_value *obj)
{
	const sc_rel *r;
	int found = find_rel(cx, im, obj, &r);

	if (found > 0 && r->kind != 'S')
		return store_err_set(cx->err, "42809", "\"%s\" is not a sequence",
			obj->type == EXEC_OID_OID
				? r->name
				: sql_arena_strndup(cx->arena, obj->v.s.p, obj->v.s.len));
	return found;
}

/*
 * A table's column by name (42703 when the table has none) or number
 * (none: a NULL result).  The system columns count, as in PostgreSQL.
 */
static int find_column(exec_ctx *cx, sc_image *im, const exec_value *obj)
{
	static const char *const syscols[] = {"tableoid", "ctid", "xmin", "cmin", "xmax", "cmax"};
	const sc_rel *r;
	int found = find_rel(cx, im, &obj[0], &r), natts;
	char *name;

	if (found <= 0)
		return found;
	natts = exec_syscat_natts(r);
	if (obj[1].type == EXEC_OID_INT2)
		return obj[1].v.i > 0 ? obj[1].v.i <= natts
				      : obj[1].v.i < 0 && obj[1].v.i >= -(int)EXEC_NELEM(syscols);
	name = sql_arena_strndup(cx->arena, obj[1].v.s.p, obj[1].v.s.len);
	for (int i = 1; i <= natts; i++)
		if (strcmp(exec_syscat_attname(im, r, i), name) == 0)
			return 1;
	for (size_t i = 0; i < EXEC_NELEM(syscols); i++)
		if (strcmp(syscols[i], name) == 0)
			return 1;
	return store_err_set(
		cx->err, "42703", "column \"%s\" of relation \"%s\" does not exist", name, r->name);
}

static int find_schema(exec_ctx *cx, sc_image *im, const exec_value *obj)
{
	char *name;

	if (obj->type == EXEC_OID_OID)
		return exec_syscat_nsp_name(im, (uint32_t)obj->v.i) != NULL;
	name = sql_arena_strndup(cx->arena, obj->v.s.p, obj->v.s.len);
	if (exec_syscat_nsp_oid(im, name) == 0)
		return store_err_set(cx->err, "3F000", "schema \"%s\" does not exist", name);
	return 1;
}

static int find_database(exec_ctx *cx, sc_image *im, const exec_value *obj)
{
	const char *db = exec_syscat_database(im);

	if (obj->type == EXEC_OID_OID)
		return obj->v.i == EXEC_SYSCAT_DATABASE_OID;
	if (obj->v.s.len != strlen(db) || memcmp(obj->v.s.p, db, obj->v.s.len) != 0)
		return store_err_set(cx->err, "3D000", "database \"%.*s\" does not exist",
			(int)obj->v.s.len, obj->v.s.p);
	return 1;
}

/* A function by OID, or by name with its argument types ('lower(text)'): 42883. */
static int find_function(exec_ctx *cx, sc_image *im, const exec_value *obj)
{
	sc_proc p;
	exec_oid oid;

	(void)im;
	if (obj->type == EXEC_OID_OID)
		return exec_syscat_proc((uint32_t)obj->v.i, &p);
	return exec_syscat_procedure_in(cx, obj->v.s.p, obj->v.s.len, &oid) == EXEC_OK ? 1
										       : EXEC_ERROR;
}

/* Whether a language, a tablespace, a type has an OID (name NULL) or a name. */
static bool language_exists(uint32_t oid, const char *name)
{
	return exec_syscat_language(oid, name) != NULL;
}

static bool tablespace_exists(uint32_t oid, const char *name)
{
	return exec_syscat_tablespace(oid, name) != NULL;
}

static bool type_exists(uint32_t oid, const char *name)
{
	return name != NULL ? exec_type_by_name(name) != NULL : exec_type_by_oid(oid) != NULL;
}

/* An object named by OID (none: a NULL result) or by name (none: 42704 for "<what> x"). */
static int find_listed(exec_ctx *cx, const exec_value *obj,
	bool (*exists)(uint32_t oid, const char *name), const char *what)
{
	char *name;

	if (obj->type == EXEC_OID_OID)
		return exists((uint32_t)obj->v.i, NULL);
	name = sql_arena_strndup(cx->arena, obj->v.s.p, obj->v.s.len);
	if (!exists(0, name))
		return store_err_set(cx->err, "42704", "%s \"%s\" does not exist", what, name);
	return 1;
}

static int find_language(exec_ctx *cx, sc_image *im, const exec_value *obj)
{
	(void)im;
	return find_listed(cx, obj, language_exists, "language");
}

static int find_tablespace(exec_ctx *cx, sc_image *im, const exec_value *obj)
{
	(void)im;
	return find_listed(cx, obj, tablespace_exists, "tablespace");
}

static int find_type(exec_ctx *cx, sc_image *im, const exec_value *obj)
{
	(void)im;
	return find_listed(cx, obj, type_exists, "type");
}

/* ---- The functions ---- */

#define PRIV_FN(fname, nobj, kind, find)                                                           \
	static int fname(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)         \
	{                                                                                          \
		return privilege(cx, args, nargs, nobj, &kind, find, out);                         \
	}
PRIV_FN(table_priv, 1, k_table, find_table)
PRIV_FN(any_column_priv, 1, k_column, find_table)
PRIV_FN(column_priv, 2, k_column, find_column)
PRIV_FN(sequence_priv, 1, k_sequence, find_sequence)
PRIV_FN(database_priv, 1, k_database, find_database)
PRIV_FN(function_priv, 1, k_function, find_function)
PRIV_FN(language_priv, 1, k_language, find_language)
PRIV_FN(tablespace_priv, 1, k_tablespace, find_tablespace)
PRIV_FN(type_priv, 1, k_type, find_type)

/* Schemas: pg_database_owner owns public, and so holds CREATE there too. */
static int schema_priv(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	static const priv_kind k_owned = {schema_privs, schema_privs};
	sc_image *im;
	const exec_value *s = &args[nargs - 2];
	bool owned = false;

	if (nargs == 3) {
		if (exec_syscat_image(cx, &im) != EXEC_OK)
			return EXEC_ERROR;
		owned = (args[0].type == EXEC_OID_OID
					? args[0].v.i == EXEC_ROLE_DATABASE_OWNER
					: exec_syscat_role_oid(
						  im, sql_arena_strndup(cx->arena, args[0].v.s.p,
							      args[0].v.s.len)) ==
						  EXEC_ROLE_DATABASE_OWNER) &&
			(s->type == EXEC_OID_OID ? s->v.i == EXEC_NSP_PUBLIC
						 : exec_syscat_nsp_oid(im,
							   sql_arena_strndup(cx->arena, s->v.s.p,
								   s->v.s.len)) == EXEC_NSP_PUBLIC);
	}
	return privilege(cx, args, nargs, 1, owned ? &k_owned : &k_schema, find_schema, out);
}

/*
 * pg_has_role([user,] role, privilege): MEMBER, USAGE or SET.  The
 * superuser holds them for every role; another role only for itself,
 * and the database's owner (the superuser) is pg_database_owner's
 * member.  Users are roles here: "public" is 42704.
 */
static int has_role(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	static const priv_kind k_role = {role_privs, role_privs};
	sc_image *im;
	priv_role urole = ROLE_SUPER, rrole;
	uint32_t user = EXEC_ROLE_SUPERUSER, role;
	bool held;

	if (exec_syscat_image(cx, &im) != EXEC_OK)
		return EXEC_ERROR;
	if (nargs == 3 && user_arg(cx, im, &args[0], false, &user, &urole) != EXEC_OK)
		return EXEC_ERROR;
	if (args[nargs - 2].type == EXEC_OID_OID) {
		role = (uint32_t)args[nargs - 2].v.i;
		if (exec_syscat_role_name(im, role) == NULL) {
			*out = exec_null(EXEC_OID_BOOL);
			return check_privs(cx, &args[nargs - 1], &k_role, urole, no_privs, &held);
		}
	} else if (user_arg(cx, im, &args[nargs - 2], false, &role, &rrole) != EXEC_OK) {
		return EXEC_ERROR;
	}
	if (check_privs(cx, &args[nargs - 1], &k_role, urole, user == role ? role_privs : no_privs,
		    &held) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_bool(held);
	return EXEC_OK;
}

/* ---- The module ---- */

#define F(name, n, args, fn, oid)                                                                  \
	{                                                                                          \
		name, EXEC_OID_BOOL, n, args, false, true, 's', fn, oid                            \
	}

/*
 * The six forms of a function over one object, with PostgreSQL's OIDs
 * from base: (name, text, text), (name, oid, text), (oid, text, text),
 * (oid, oid, text), (text, text), (oid, text).
 */
#define SIX(name, fn, base)                                                                        \
	F(name, 3, EXEC_ARGS3(NAME, TEXT, TEXT), fn, base),                                        \
		F(name, 3, EXEC_ARGS3(NAME, OID, TEXT), fn, (base) + 1),                           \
		F(name, 3, EXEC_ARGS3(OID, TEXT, TEXT), fn, (base) + 2),                           \
		F(name, 3, EXEC_ARGS3(OID, OID, TEXT), fn, (base) + 3),                            \
		F(name, 2, EXEC_ARGS2(TEXT, TEXT), fn, (base) + 4),                                \
		F(name, 2, EXEC_ARGS2(OID, TEXT), fn, (base) + 5)

static const exec_func priv_funcs[] = {
	SIX("has_table_privilege", table_priv, 1922),
	SIX("has_sequence_privilege", sequence_priv, 2181),
	SIX("has_any_column_privilege", any_column_priv, 3024),
	SIX("has_database_privilege", database_priv, 2250),
	SIX("has_function_privilege", function_priv, 2256),
	SIX("has_language_privilege", language_priv, 2262),
	SIX("has_schema_privilege", schema_priv, 2268),
	SIX("has_tablespace_privilege", tablespace_priv, 2390),
	SIX("has_type_privilege", type_priv, 3138),
	F("has_column_privilege", 4, EXEC_ARGS4(NAME, TEXT, TEXT, TEXT), column_priv, 3012),
	F("has_column_privilege", 4, EXEC_ARGS4(NAME, TEXT, INT2, TEXT), column_priv, 3013),
	F("has_column_privilege", 4, EXEC_ARGS4(NAME, OID, TEXT, TEXT), column_priv, 3014),
	F("has_column_privilege", 4, EXEC_ARGS4(NAME, OID, INT2, TEXT), column_priv, 3015),
	F("has_column_privilege", 4, EXEC_ARGS4(OID, TEXT, TEXT, TEXT), column_priv, 3016),
	F("has_column_privilege", 4, EXEC_ARGS4(OID, TEXT, INT2, TEXT), column_priv, 3017),
	F("has_column_privilege", 4, EXEC_ARGS4(OID, OID, TEXT, TEXT), column_priv, 3018),
	F("has_column_privilege", 4, EXEC_ARGS4(OID, OID, INT2, TEXT), column_priv, 3019),
	F("has_column_privilege", 3, EXEC_ARGS3(TEXT, TEXT, TEXT), column_priv, 3020),
	F("has_column_privilege", 3, EXEC_ARGS3(TEXT, INT2, TEXT), column_priv, 3021),
	F("has_column_privilege", 3, EXEC_ARGS3(OID, TEXT, TEXT), column_priv, 3022),
	F("has_column_privilege", 3, EXEC_ARGS3(OID, INT2, TEXT), column_priv, 3023),
	F("pg_has_role", 3, EXEC_ARGS3(NAME, NAME, TEXT), has_role, 2705),
	F("pg_has_role", 3, EXEC_ARGS3(NAME, OID, TEXT), has_role, 2706),
	F("pg_has_role", 3, EXEC_ARGS3(OID, NAME, TEXT), has_role, 2707),
	F("pg_has_role", 3, EXEC_ARGS3(OID, OID, TEXT), has_role, 2708),
	F("pg_has_role", 2, EXEC_ARGS2(NAME, TEXT), has_role, 2709),
	F("pg_has_role", 2, EXEC_ARGS2(OID, TEXT), has_role, 2710),
};

const exec_module exec_mod_priv = {
	"priv", NULL, 0, NULL, 0, NULL, 0, priv_funcs, EXEC_NELEM(priv_funcs), NULL, 0};
