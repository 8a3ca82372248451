/*
 * catalog.h - table definitions as the executor works with them, and
 * their form in Git (prefix cat_).
 *
 * A table's entry is the JSON document storage keeps at
 * .chrondb/tables/<table>.json.  Its columns, primary key, unique and
 * check constraints, foreign keys and indexes are written here, readable
 * by people in `git log -p`:
 *
 *   {"name": "users", "oid": 23456, "layout": "fanout4",
 *    "columns": [{"name": "id", "type": "integer", "type_oid": 23,
 *                 "not_null": true, "default": "nextval('users_id_seq')",
 *                 "sequence": "users_id_seq"}, ...],
 *    "primary_key": ["id"],
 *    "unique": [{"name": "users_email_key", "columns": ["email"]}],
 *    "checks": [{"name": "users_age_check", "expr": "age > 0"}],
 *    "foreign_keys": [{"name": "...", "columns": [...], "references": "t",
 *                      "ref_columns": [...], "on_delete": "cascade",
 *                      "on_update": "no action"}],
 *    "indexes": [{"name": "users_name_idx", "columns": ["name"], "unique": false}],
 *    "comment": "who may log in", "index_comments": {"users_pkey": "..."}}
 *
 * Comments (COMMENT ON) sit beside what they describe: the table's and
 * each column's ("comment" in the column's object) in their own
 * objects, an index's in "index_comments" by name, kept while the
 * index exists (the primary key's, a UNIQUE constraint's or a CREATE
 * INDEX one).
 *
 * "type" is format_type's spelling ("character varying(20)"); "type_oid"
 * and "typmod" are what the executor reads.  Entries written by ChronDB
 * (Clojure) or by hand, with only "type" (any case: "TEXT", "INTEGER"),
 * are read through the type names.  A table of ChronDB's layout
 * (data/<table>/) without an entry gets the synthesized one storage
 * gives: an "id" text key.
 *
 * Memory: a parsed definition lives in the arena given to cat_table_parse.
 */
#ifndef CHRONDB_EXECUTOR_CATALOG_H
#define CHRONDB_EXECUTOR_CATALOG_H

#include "func.h"

typedef struct cat_column {
	const char *name;
	exec_oid type;
	int32_t typmod;
	bool not_null;
	const char *default_sql; /* the DEFAULT expression's SQL, NULL when none */
	char identity;           /* 0, 'a' (GENERATED ALWAYS), 'd' (BY DEFAULT) */
	const char *sequence;    /* the sequence of a serial or identity column, or NULL */
	const char *comment;     /* COMMENT ON COLUMN, or NULL */
} cat_column;

/* A unique constraint (the primary key is kept apart). */
typedef struct cat_unique {
	const char *name;
	int ncols;
	int *cols; /* column indexes */
} cat_unique;

typedef struct cat_check {
	const char *name;
	const char *sql; /* the condition, as written */
} cat_check;

/* ON DELETE / ON UPDATE actions, as pg_constraint's letters. */
enum {
	CAT_FK_NO_ACTION = 'a',
	CAT_FK_RESTRICT = 'r',
	CAT_FK_CASCADE = 'c',
	CAT_FK_SET_NULL = 'n',
	CAT_FK_SET_DEFAULT = 'd',
};

typedef struct cat_fkey {
	const char *name;
	int ncols;
	int *cols;
	const char *ref_table;
	const char **ref_cols; /* ncols names */
	char on_delete, on_update;
} cat_fkey;

typedef struct cat_index {
	const char *name;
	int ncols;
	const char **cols;
	bool unique;
} cat_index;

/* A comment on something named: an index's (COMMENT ON INDEX). */
typedef struct cat_note {
	const char *name;
	const char *text;
} cat_note;

typedef struct cat_table {
	const char *name;
	uint32_t oid;
	bool chrondb_layout; /* data/<table>/<id>.json: the key is the "id" member */
	int ncols;
	cat_column *cols;
	int npk;
	int *pk; /* column indexes of the primary key; none: generated row ids */
	int nuniq;
	cat_unique *uniq;
	int nchecks;
	cat_check *checks;
	int nfkeys;
	cat_fkey *fkeys;
	int nindexes;
	cat_index *indexes;
	const char *options_json; /* WITH (...) as a JSON object, or NULL */
	const char *comment;      /* COMMENT ON TABLE, or NULL */
	int nidx_comments;
	cat_note *idx_comments; /* COMMENT ON INDEX of the table's indexes */
} cat_table;

/* Parse a catalog entry (storage's text) into *out, in arena a. */
int cat_table_parse(sql_arena *a, const char *json, size_t len, cat_table **out, store_err *err);

/* The entry's JSON (what store_tx_create_table / alter_table take), appended to out. */
void cat_table_json(const cat_table *t, store_buf *out);

/*
 * Whether the table has an index of this name: a CREATE INDEX one, a
 * UNIQUE constraint's, or its primary key's ("<table>_pkey").
 */
bool cat_index_exists(const cat_table *t, const char *name);

/* The index of a column by name, -1 when none. */
int cat_column_index(const cat_table *t, const char *name);

/*
 * format_type's spelling of a type with its typmod: "integer",
 * "character varying(20)", "numeric(10,2)", "timestamp(3) with time
 * zone", "text[]".
 */
void cat_format_type(exec_oid type, int32_t typmod, char *out, size_t outsz);

#endif
