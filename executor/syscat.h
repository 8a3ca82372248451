/*
 * syscat.h - the system catalog: pg_catalog and information_schema as
 * relations built from ChronDB's own catalog at the statement's
 * snapshot (DESIGN.md section 6), and the functions clients read it
 * with (prefix exec_syscat_).
 *
 * A system relation is a row of syscat.c's table: its schema, name,
 * PostgreSQL's OID and columns (names, types and order as PostgreSQL
 * 15's), and either a row function (a base catalog: pg_class,
 * pg_attribute, ...) or the SQL of a view over the others (pg_tables,
 * information_schema.columns, ...).  The analyzer plans a base catalog
 * as a function scan (plan.h's PLAN_FUNCTION) and a view as a view's
 * query, so that nothing about them is special once planned.
 *
 * Rows come from the catalog image: every table, index, constraint,
 * view and sequence the statement sees (its transaction's own DDL
 * included), read once per run (plan.h's exec_run_syscat) and shared
 * by every system relation and catalog function of the statement.
 *
 * Schemas are branches: the session's branch is "public" (OID 2200);
 * every other branch is a schema of its own name with an OID from that
 * name, listed in pg_namespace but with no relations in pg_class (their
 * tables are read as `branch.table` in FROM, not through the catalog).
 *
 * OIDs of user objects are in PostgreSQL's user range (16384 and up) and
 * stable across restarts: a table's is its catalog entry's; an index's,
 * a constraint's, a view's, a sequence's and a column default's are a
 * hash of their kind and name (and table), so that the same schema has
 * the same OIDs wherever it is read.
 */
#ifndef CHRONDB_EXECUTOR_SYSCAT_H
#define CHRONDB_EXECUTOR_SYSCAT_H

#include "array.h"

/* PostgreSQL's OIDs for the system catalog's own objects. */
enum {
	EXEC_OID_REGNAMESPACE = 4089,
	EXEC_OID_XID = 28,
	EXEC_OID_XID8 = 5069,
	EXEC_OID_PG_LSN = 3220,
	EXEC_OID_REGPROCEDURE = 2202,
	EXEC_OID_REGROLE = 4096,
	EXEC_OID_PG_NODE_TREE = 194,
	EXEC_NSP_PG_CATALOG = 11,
	EXEC_NSP_PUBLIC = 2200,
	EXEC_NSP_INFORMATION_SCHEMA = 13207,
	EXEC_NSP_CHRONDB = 16000,        /* ChronDB's system tables (below the user range) */
	EXEC_ROLE_SUPERUSER = 10,        /* the session's user, PostgreSQL's bootstrap superuser */
	EXEC_ROLE_DATABASE_OWNER = 6171, /* pg_database_owner, public's owner */
};

typedef struct exec_syscol {
	const char *name;
	exec_oid type;
} exec_syscol;

typedef struct exec_systable {
	const char *schema; /* "pg_catalog", "information_schema" or "chrondb" */
	const char *name;
	uint32_t oid;
	int ncols;
	const exec_syscol *cols;
	exec_srf srf;      /* a base catalog's rows: srf.fn emits them; NULL fn for a view */
	const char *query; /* a view's SELECT over the other system relations */
} exec_systable;

/* pg_partition_ancestors(regclass): a relation is its own only ancestor (no partitions). */
extern const exec_srf exec_syscat_srfs[];
extern const size_t exec_syscat_nsrfs;

/* The system relation schema.name (schema NULL: pg_catalog), or NULL. */
const exec_systable *exec_systable_find(const char *schema, const char *name);

/* Whether a schema name is one of the system catalog's. */
bool exec_syscat_schema(const char *schema);

/*
 * regclass input: the OID of the relation a string names, as
 * PostgreSQL's regclassin reads it ('t', 'public.t', 'pg_catalog.pg_class',
 * '"T"'); 42P01 when there is none.
 */
int exec_syscat_regclass_in(exec_ctx *cx, const char *text, size_t len, exec_oid *oid);

/* regclass output: the relation's name (schema-qualified when not visible), or the number. */
int exec_syscat_regclass_out(exec_ctx *cx, exec_oid oid, store_buf *buf);

/*
 * How PostgreSQL 15 converts a value of type from to type to
 * (pg_cast.castmethod): 'f' through a function, 'b' binary coercible (a
 * relabel), 'i' through the types' text forms, which is also how it
 * converts a pair pg_cast has no row for.
 */
char exec_syscat_cast_method(exec_oid from, exec_oid to);

#endif
