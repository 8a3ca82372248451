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
	int nvcols;
	const char **vcols;
	exec_oid *vtypes; /* 'v': the columns' types once analyzed (view_types), else NULL */
	int32_t *vtypmods;
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
} sc_image;

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
