/*
 * func.h - types, casts, operators, functions and aggregates as tables:
 * the contract between the modules that implement them (one per family
 * of types: numeric.c, datetime.c, json.c, array.c, and the rest) and
 * the analyzer and executor that use them (STYLE.md rule 10).
 *
 * Each module exports const tables of the entries below; the registry
 * (types.c) gathers them at start-up and answers lookups.  Nothing here
 * holds per-session state: what a function needs of the session (time
 * zone, the transaction's start time, the arena) comes in exec_ctx.
 *
 * Resolution follows PostgreSQL (the "Type Conversion" chapter of its
 * manual): an exact match first, then candidates reachable by implicit
 * casts, preferring the most exact matches, then preferred types of each
 * category, then unknown literals resolved by category; still several
 * candidates is 42725 (ambiguous), none 42883 with PostgreSQL's hint
 * "No operator matches the given name and argument types. You might need
 * to add explicit type casts."
 */
#ifndef CHRONDB_EXECUTOR_FUNC_H
#define CHRONDB_EXECUTOR_FUNC_H

#include "value.h"

/* Pseudo-types for polymorphic entries (pg_type OIDs). */
enum {
	EXEC_OID_ANY = 2276,
	EXEC_OID_ANYARRAY = 2277,
	EXEC_OID_ANYELEMENT = 2283,
	EXEC_OID_ANYNONARRAY = 2776,
	EXEC_OID_ANYCOMPATIBLE = 5077,
	EXEC_OID_ANYCOMPATIBLEARRAY = 5078,
};

/*
 * The session's DateStyle, its two halves: how dates print, and the order
 * in which input reads day, month and year when it cannot tell.  Zero is
 * PostgreSQL's default, "ISO, MDY" (datetime.h reads the setting).
 */
typedef enum exec_date_style {
	EXEC_DATES_ISO,
	EXEC_DATES_SQL,
	EXEC_DATES_POSTGRES,
	EXEC_DATES_GERMAN,
} exec_date_style;

typedef enum exec_date_order {
	EXEC_DATEORDER_MDY,
	EXEC_DATEORDER_DMY,
	EXEC_DATEORDER_YMD,
} exec_date_order;

/* What a function may use of the statement and the session. */
typedef struct exec_ctx {
	sql_arena *arena;           /* where results live: the statement's */
	store_err *err;             /* where errors go */
	int64_t stmt_start_us;      /* statement_timestamp(), microseconds since 2000-01-01 UTC */
	int64_t tx_start_us;        /* now(), current_timestamp: the transaction's start */
	const char *timezone;       /* the session's TimeZone setting, "UTC" by default */
	int extra_float_digits;     /* the session's setting: 1 gives shortest exact output */
	exec_date_style date_style; /* DateStyle's output style */
	exec_date_order date_order; /* DateStyle's field order */
	struct exec_run *run;       /* the running statement's state (plan.h), or NULL */
	void *session; /* the session (session.h) for nextval() and settings, or NULL */
} exec_ctx;

/*
 * A function or operator implementation: args[0..nargs) already cast to
 * the entry's argument types (and not NULL when the entry is strict),
 * the result in *out (its type set by the callee).  Returns EXEC_OK or
 * EXEC_ERROR with cx->err set.
 */
typedef int (*exec_fn)(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out);

/* A type: pg_type's row for it and its behaviour. */
typedef struct exec_type {
	exec_oid oid;
	const char *name; /* pg_type.typname: "int4", "_int4", "timestamptz" */
	const char *
		sql_name; /* format_type's spelling: "integer", "integer[]", "timestamp with time zone" */
	char category; /* pg_type.typcategory: 'B' bool, 'N' numeric, 'S' string, 'D' date/time, 'T' timespan, 'U' user, 'A' array, 'X' unknown, 'P' pseudo */
	bool preferred; /* pg_type.typispreferred */
	int16_t len;    /* pg_type.typlen: bytes, or -1 for variable length */
	exec_oid elem;  /* element type of an array type, else 0 */
	exec_oid array; /* the array type of this type, else 0 */

	/* Text input (with the column's typmod) and PostgreSQL's text output. */
	int (*in)(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out);
	int (*out)(exec_ctx *cx, const exec_value *v, store_buf *buf);

	/* Total order as PostgreSQL's default btree opclass sorts, and a hash equal values share. */
	int (*cmp)(const exec_value *a, const exec_value *b);
	uint64_t (*hash)(const exec_value *v);

	/* Enforce a typmod on a value of the type (varchar(n): 22001; numeric(p,s): 22003). */
	int (*coerce_typmod)(exec_ctx *cx, const exec_value *in, int32_t typmod, bool explicit_cast,
		exec_value *out);
} exec_type;

typedef enum exec_cast_context {
	EXEC_CAST_IMPLICIT = 'i',   /* anywhere: int4 -> int8 in an expression */
	EXEC_CAST_ASSIGNMENT = 'a', /* storing into a column: numeric -> int4 */
	EXEC_CAST_EXPLICIT = 'e',   /* CAST(x AS t) and x::t only */
} exec_cast_context;

/* A cast (pg_cast): from one type to another, in the contexts up to `context`. */
typedef struct exec_cast {
	exec_oid from, to;
	exec_cast_context context;
	exec_fn fn; /* one argument; NULL: through text (the target's `in` on the source's `out`) */
} exec_cast;

/* An operator (pg_operator); left is 0 for a prefix operator. */
typedef struct exec_oper {
	const char *name; /* "+", "=", "||", "->>", "~~" (LIKE), "~~*" (ILIKE) */
	exec_oid left, right, result;
	exec_fn fn;
	uint32_t oid;        /* pg_operator.oid where PostgreSQL has one, else 0 */
	const char *negator; /* "<>" for "=", NULL when none */
	bool hashable;       /* an equality whose operands hash alike when equal */
} exec_oper;

/* A function (pg_proc). */
typedef struct exec_func {
	const char *name; /* lower case */
	exec_oid result;  /* may be polymorphic: resolved from the arguments */
	int nargs;        /* fixed arguments */
	exec_oid args[6];
	bool variadic;   /* the last argument repeats (args[nargs - 1] is its element type) */
	bool strict;     /* any NULL argument gives NULL without calling fn */
	char volatility; /* 'i' immutable, 's' stable, 'v' volatile */
	exec_fn fn;
	uint32_t oid; /* pg_proc.oid where PostgreSQL has one, else 0 */
} exec_func;

/*
 * An aggregate (pg_aggregate): the executor keeps one state per group,
 * starting NULL unless init is set, calls step for each row (skipping
 * rows whose arguments are NULL when strict), then final (NULL: the
 * state is the result).  DISTINCT and FILTER are the executor's.
 *
 * Memory: step runs with cx->arena set to memory that lives as long as
 * the group; the state must be allocated there.  The arguments point
 * into the current input row, which is gone at the next call: a step
 * copies (exec_value_copy) whatever it keeps of them.
 */
typedef struct exec_agg {
	const char *name;
	exec_oid result; /* may be polymorphic */
	int nargs;
	exec_oid args[2];
	exec_oid state_type;
	bool strict;
	int (*init)(exec_ctx *cx, exec_value *state);
	int (*step)(exec_ctx *cx, exec_value *state, const exec_value *args, int nargs);
	int (*final)(exec_ctx *cx, const exec_value *state, exec_value *out);
	uint32_t oid;
} exec_agg;

/* What a module contributes: any of the tables may be NULL with count 0. */
typedef struct exec_module {
	const char *name;
	const exec_type *types;
	size_t ntypes;
	const exec_cast *casts;
	size_t ncasts;
	const exec_oper *opers;
	size_t nopers;
	const exec_func *funcs;
	size_t nfuncs;
	const exec_agg *aggs;
	size_t naggs;
} exec_module;

/* The modules, one per file of the same name; types.c lists them all. */
extern const exec_module exec_mod_basic; /* bool, int2/4/8, float4/8, oid, "char", name */
extern const exec_module
	exec_mod_string; /* text, varchar, bpchar, bytea, uuid; string functions, LIKE */
extern const exec_module exec_mod_numeric;  /* numeric; sum and avg of every numeric type */
extern const exec_module exec_mod_datetime; /* date, time, timetz, timestamp(tz), interval */
extern const exec_module exec_mod_json;     /* json, jsonb and their operators and functions */
extern const exec_module exec_mod_array;    /* one-dimensional arrays, array_agg */
extern const exec_module exec_mod_agg;      /* count, min, max, string_agg, bool_and/or */
extern const exec_module exec_mod_seq;      /* nextval, currval, setval, lastval (seq.c) */
extern const exec_module exec_mod_record;   /* record: anonymous rows and their comparisons */
extern const exec_module exec_mod_sys;      /* void; version(), advisory locks (sysfunc.c) */
extern const exec_module exec_mod_notify;   /* pg_notify, pg_notification_queue_usage (notify.c) */
extern const exec_module exec_mod_activity; /* pg_cancel_backend, pg_terminate_backend */
extern const exec_module exec_mod_locks;    /* pg_blocking_pids, xid = xid (locks.c) */
extern const exec_module
	exec_mod_syscat; /* regproc, regnamespace, xid, pg_node_tree; catalog functions */
extern const exec_module exec_mod_priv;    /* has_*_privilege, pg_has_role (privfn.c) */
extern const exec_module exec_mod_relsize; /* pg_relation_size and friends (relsize.c) */
extern const exec_module exec_mod_history; /* chrondb_restore, chrondb_revert (history.c) */

/* ---- The registry (types.c) ---- */

/* The modules in registry order (pg_type and pg_proc list their entries). */
const exec_module *const *exec_registry_modules(size_t *n);

/* Build the lookup tables from every module; idempotent and thread-safe. */
void exec_registry_init(void);

const exec_type *exec_type_by_oid(exec_oid oid);

/*
 * A type by a name SQL uses: "int", "integer", "int4", "double precision",
 * "character varying", "timestamptz", "text[]"...  NULL when unknown.
 */
const exec_type *exec_type_by_name(const char *name);

/* The cast from -> to allowed in context cc, or NULL (same type: not needed). */
const exec_cast *exec_cast_find(exec_oid from, exec_oid to, exec_cast_context cc);

/* Run a cast (or the identity), then enforce typmod on the result. */
int exec_cast_value(exec_ctx *cx, const exec_value *in, exec_oid to, int32_t typmod,
	exec_cast_context cc, exec_value *out);

/*
 * Resolve an operator for argument types (left 0 for prefix; unknown for
 * untyped literals).  *cast_left and *cast_right receive the types the
 * operands must be cast to.  NULL with err set (42883, 42725) on failure.
 */
const exec_oper *exec_oper_resolve(const char *name, exec_oid left, exec_oid right,
	exec_oid *cast_left, exec_oid *cast_right, store_err *err);

/*
 * The same, with *result the operator's result type with polymorphism
 * resolved as for functions: int4[] || int8 is bigint[], not the
 * pg_operator entry's anycompatiblearray.
 */
const exec_oper *exec_oper_resolve_result(const char *name, exec_oid left, exec_oid right,
	exec_oid *cast_left, exec_oid *cast_right, exec_oid *result, store_err *err);

/*
 * Whether an operator's function is strict (NULL operands give NULL
 * without a call), as pg_proc says of its oprcode: the function entry
 * with the same implementation decides (array || element is not
 * strict, as array_append is not); one without such an entry is.
 */
bool exec_oper_strict(const exec_oper *op);

/*
 * Resolve a function call; cast_to[i] receives the type argument i must
 * be cast to, *result the result type with polymorphism resolved.
 */
const exec_func *exec_func_resolve(const char *name, const exec_oid *argtypes, int nargs,
	exec_oid *cast_to, exec_oid *result, store_err *err);

const exec_agg *exec_agg_resolve(const char *name, const exec_oid *argtypes, int nargs,
	exec_oid *cast_to, exec_oid *result, store_err *err);

/* Whether some aggregate has this name (the call is then an aggregate call). */
bool exec_agg_named(const char *name);

/* Text in and out through the type table, for any value (NULL: the caller's business). */
int exec_value_in(
	exec_ctx *cx, exec_oid type, int32_t typmod, const char *text, size_t len, exec_value *out);
int exec_value_out(exec_ctx *cx, const exec_value *v, store_buf *buf);

/* Order and hash of two non-NULL values of the same type. */
int exec_value_cmp(const exec_value *a, const exec_value *b);
uint64_t exec_value_hash(const exec_value *v);

#endif
