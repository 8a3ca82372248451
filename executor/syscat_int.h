/*
 * syscat_int.h - what syscat.c (the relations) and syscatfn.c (the
 * functions and types) share: the catalog image of a run and the
 * lookups over it; activity.c's pg_stat_activity reads its OIDs.  Not
 * for other files (they use syscat.h).
 */
#ifndef CHRONDB_EXECUTOR_SYSCAT_INT_H
#define CHRONDB_EXECUTOR_SYSCAT_INT_H

#include "index.h"
#include "seq.h"
#include "syscat.h"

#define REG_PROC_MAXARGS         6
#define EXEC_SYSCAT_DATABASE_OID 16384 /* the session's database (PostgreSQL's first user OID) */

/* A relation of pg_class. */
typedef struct sc_rel {
	char kind; /* 'r' table, 'i' index, 'v' view, 'S' sequence */
	const char *name;
	uint32_t oid;
	uint32_t nsp;
	const exec_systable *sys; /* a system relation's entry, else NULL */
	const cat_table *t;       /* 'r': the table; 'i': the indexed table */
	int nidx;                 /* 'r': how many indexes follow it */
	const exec_idx_def *idx;  /* 'i' */
	int table_rel;            /* 'i': the table's position in the image */
	const exec_seq *seq;      /* 'S' */
	const char *query;        /* 'v' (a user's view): its SELECT */
	const char *pretty; /* 'v': pg_get_viewdef's pretty form when query is its plain one */
	bool as_written;    /* 'v': query is the text as written, never deparsed (ddl.c) */
	int nvcols;
	const char **vcols;
	exec_oid *vtypes; /* 'v': the columns' types once analyzed (view_types), else NULL */
	int32_t *vtypmods;
	bool sized;    /* bytes is known (relsize.c measures on first need) */
	int64_t bytes; /* the relation's data, as pg_relation_size counts it */
	const char *comment;     /* 'v' (a user's view): COMMENT ON VIEW, or NULL */
	const char **vcomments;  /* 'v': COMMENT ON COLUMN of each column, or NULLs */
} sc_rel;

/* A constraint of pg_constraint. */
typedef struct sc_con {
	char type; /* 'p', 'u', 'c', 'f' */
	const char *name;
	int table_rel;
	int ncols;
	const int *cols;    /* the table's column indexes */
	uint32_t index_oid; /* 'p', 'u': its index */
	const cat_check *check;
	const cat_fkey *fk;
} sc_con;

/* What the statement's run sees of the catalog, built on first use (syscat.c). */
typedef struct sc_image {
	sql_arena *a;
	exec_session *ss;
	sc_rel *rels;
	int nrels, caprels;
	sc_con *cons;
	int ncons, capcons;
	const char **branches; /* the other branches, schemas of their own */
	int nbranches;
	cat_note *nsp_notes; /* COMMENT ON SCHEMA, by schema name (text NULL: removed) */
	int nnsp_notes;
} sc_image;

/* A built-in object's description (pgdesc.c), sorted by classoid, objoid. */
typedef struct sc_description {
	uint32_t classoid, objoid;
	const char *text;
} sc_description;

extern const sc_description exec_pg_descriptions[];
extern const size_t exec_pg_ndescriptions;

/* One row of pg_description (comment.c's iterator gives them). */
typedef int (*sc_description_fn)(
	void *arg, uint32_t classoid, uint32_t objoid, int32_t subid, const char *text);

/*
 * Every row of pg_description as the run sees it: the built-in
 * objects', then the comments of the image's schemas and relations
 * (tables, their columns and indexes, views and their columns,
 * sequences).  fn for each until it returns non-zero (returned).
 */
int exec_syscat_descriptions(sc_image *im, sc_description_fn fn, void *arg);

/* The description of an object (subid: a column's number, else 0), or NULL. */
const char *exec_syscat_description(
	sc_image *im, uint32_t classoid, uint32_t objoid, int32_t subid);

extern const exec_systable exec_systables[];
extern const size_t exec_nsystables;

/* The run's image (55000 without a session's running statement). */
int exec_syscat_image(exec_ctx *cx, sc_image **out);

/* Relations by OID, by name in a namespace (0: any), a table's OID by name (0: none). */
const sc_rel *exec_syscat_rel(const sc_image *im, uint32_t oid);
const sc_rel *exec_syscat_rel_named(const sc_image *im, uint32_t nsp, const char *name);
uint32_t exec_syscat_table_oid(const sc_image *im, const char *name);
uint32_t exec_syscat_con_oid(const sc_image *im, const sc_con *k);
int exec_syscat_natts(const sc_rel *r);

/* A user object's stable OID from its kind and names (syscat.h). */
uint32_t exec_syscat_user_oid(char kind, const char *a, const char *b);

/* A function as pg_proc lists it: the registry's functions, aggregates and SRFs. */
typedef struct sc_proc {
	const char *name;
	uint32_t oid; /* PostgreSQL's, else derived from the name and argument types */
	char kind;    /* 'f', 'a' */
	bool strict, retset;
	char volatility;
	exec_oid result;
	int nargs;
	const exec_oid *args;
	bool variadic;
	const exec_func *func; /* a plain function's entry, else NULL */
	const exec_srf *srf;   /* a set-returning function's, else NULL */
} sc_proc;

/* An operator as pg_operator lists it: the registry's entry and its OID. */
typedef struct sc_oper {
	const exec_oper *op;
	uint32_t oid; /* PostgreSQL's, else derived from the name and operand types */
} sc_oper;

/* Every operator of the registry: fn for each until it returns non-zero (returned). */
int exec_syscat_opers(int (*fn)(void *arg, const sc_oper *o), void *arg);

/* The operator of an OID; false when there is none. */
bool exec_syscat_oper(uint32_t oid, sc_oper *out);

/* The OID of the registry function that runs an operator (oprcode), 0 when none does. */
uint32_t exec_syscat_oper_code(const exec_oper *op);

/*
 * A cast as pg_cast lists it: the registry's declared cast, PostgreSQL's
 * OID, method ('f' function, 'b' binary coercible, 'i' through text)
 * and function for the same pair (derived for a pair PostgreSQL lacks).
 */
typedef struct sc_cast {
	const exec_cast *cast;
	uint32_t oid;
	char method;
	uint32_t func;         /* 0 unless method is 'f' */
	const char *funcname; /* pg_proc's name of func: the target type's, as PostgreSQL's */
} sc_cast;

/* Every declared cast of the registry: fn for each until it returns non-zero (returned). */
int exec_syscat_casts(int (*fn)(void *arg, const sc_cast *c), void *arg);

/* A function by 'name(type, ...)' (regprocedure's input): 42883 when none, 42704, 22P02. */
int exec_syscat_procedure_in(exec_ctx *cx, const char *text, size_t len, exec_oid *oid);

/* Schemas: the OID of a name (0: none) and the name of an OID (NULL: none). */
uint32_t exec_syscat_nsp_oid(const sc_image *im, const char *name);
const char *exec_syscat_nsp_name(const sc_image *im, uint32_t oid);

/* Roles of pg_authid: the OID of a name (0: none), the name of an OID (NULL: none). */
uint32_t exec_syscat_role_oid(const sc_image *im, const char *name);
const char *exec_syscat_role_name(const sc_image *im, uint32_t oid);

/* The OID of a view's "_RETURN" rule (pg_rewrite). */
uint32_t exec_syscat_rule_oid(const sc_rel *view);

/* The name of a relation's column attnum (1-based), NULL past the last. */
const char *exec_syscat_attname(sc_image *im, const sc_rel *r, int attnum);

/* A tablespace of pg_tablespace: by OID, or by name when oid is 0 (NULL: none). */
typedef struct sc_fixed {
	uint32_t oid;
	const char *name;
} sc_fixed;
const sc_fixed *exec_syscat_tablespace(uint32_t oid, const char *name);

/* A language of pg_language: by OID, or by name when oid is 0 (NULL: none). */
typedef struct sc_language {
	uint32_t oid;
	const char *name;
	bool ispl, trusted; /* trusted: PUBLIC may use it */
	uint32_t handler, inline_handler, validator;
} sc_language;
const sc_language *exec_syscat_language(uint32_t oid, const char *name);

/* The type pg_proc shows for argument i: a variadic one's array type ("any" stays). */
exec_oid exec_syscat_proc_argtype(const sc_proc *p, int i);

/* Every function of pg_proc in its order: fn for each until it returns non-zero (returned). */
int exec_syscat_procs(int (*fn)(void *arg, const sc_proc *p), void *arg);

/* The function of an OID; false when there is none. */
bool exec_syscat_proc(uint32_t oid, sc_proc *out);

/* A function's OID by name: the registry's, PostgreSQL's for I/O functions, else derived. */
uint32_t exec_syscat_proc_oid(const char *name);

/* The name of a type's in/out/recv/send function (which 0..3). */
const char *exec_syscat_type_io(sql_arena *a, const exec_type *ty, int which);

/* The collation of a type's values: 100 (default) for strings, 950 (C) for name, else 0. */
uint32_t exec_syscat_type_collation(exec_oid type);

/* The session's user and database names. */
const char *exec_syscat_user(const sc_image *im);
const char *exec_syscat_database(const sc_image *im);

/* Whether a column has a pg_attrdef row: PostgreSQL stores none for DEFAULT NULL. */
bool exec_syscat_has_default(const cat_column *c);

/* A column default as pg_get_expr deparses it (nextval('s'::regclass) for a serial). */
const char *exec_syscat_default_expr(sql_arena *a, const cat_column *c);

#endif
