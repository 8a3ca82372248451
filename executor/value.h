/*
 * value.h - SQL values and the types they have: the contract between
 * the type implementations (numeric.c, datetime.c, json.c, ...) and the
 * rest of the executor.
 *
 * A value is a small struct passed by value: a type OID, a null flag and
 * a union.  Fixed-size data lives in the union; variable-size data
 * (text, bytea, numeric digits, jsonb trees, arrays) lives elsewhere,
 * normally in the statement's arena (parser/arena.h), and the value
 * points at it.  Nothing in a value is freed on its own: the arena goes
 * at the end of the statement.  A value that must outlive its statement
 * is copied with exec_value_copy into a longer-lived arena.
 *
 * Type OIDs are PostgreSQL's, so that what a client sees in a
 * RowDescription, in pg_type and in its driver's type map is the truth.
 * Internal representations follow PostgreSQL's where its binary wire
 * format depends on them (dates and times counted from 2000-01-01,
 * numeric in base-10000 digits), so that binary send and receive are
 * copies.
 *
 * Errors: functions that can fail return EXEC_OK or EXEC_ERROR and fill
 * a caller-owned store_err (storage/error.h) with PostgreSQL's SQLSTATE
 * and message, e.g. 22P02 'invalid input syntax for type integer: "x"',
 * 22003 'value "99999" is out of range for type smallint', 22012
 * 'division by zero'.
 */
#ifndef CHRONDB_EXECUTOR_VALUE_H
#define CHRONDB_EXECUTOR_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "error.h"

enum {
	EXEC_OK = 0,
	EXEC_ERROR = -1, /* details in the store_err */
};

typedef uint32_t exec_oid;

/* PostgreSQL's OIDs for the types the executor implements (pg_type.oid). */
enum {
	EXEC_OID_INVALID = 0,
	EXEC_OID_BOOL = 16,
	EXEC_OID_BYTEA = 17,
	EXEC_OID_CHAR = 18, /* "char": one byte */
	EXEC_OID_NAME = 19,
	EXEC_OID_INT8 = 20,
	EXEC_OID_INT2 = 21,
	EXEC_OID_INT4 = 23,
	EXEC_OID_REGPROC = 24,
	EXEC_OID_TEXT = 25,
	EXEC_OID_OID = 26,
	EXEC_OID_JSON = 114,
	EXEC_OID_FLOAT4 = 700,
	EXEC_OID_FLOAT8 = 701,
	EXEC_OID_UNKNOWN = 705, /* an untyped literal before analysis settles it */
	EXEC_OID_BPCHAR = 1042,
	EXEC_OID_VARCHAR = 1043,
	EXEC_OID_DATE = 1082,
	EXEC_OID_TIME = 1083,
	EXEC_OID_TIMESTAMP = 1114,
	EXEC_OID_TIMESTAMPTZ = 1184,
	EXEC_OID_INTERVAL = 1186,
	EXEC_OID_TIMETZ = 1266,
	EXEC_OID_NUMERIC = 1700,
	EXEC_OID_REGCLASS = 2205,
	EXEC_OID_REGTYPE = 2206,
	EXEC_OID_UUID = 2950,
	EXEC_OID_JSONB = 3802,
	EXEC_OID_RECORD = 2249, /* an anonymous row: ROW(...), a whole-row reference */
	EXEC_OID_VOID = 2278, /* what a function that returns nothing returns (pg_advisory_lock) */

	/* One-dimensional arrays of the above (pg_type.typarray). */
	EXEC_OID_BOOL_ARRAY = 1000,
	EXEC_OID_BYTEA_ARRAY = 1001,
	EXEC_OID_NAME_ARRAY = 1003,
	EXEC_OID_INT2_ARRAY = 1005,
	EXEC_OID_INT4_ARRAY = 1007,
	EXEC_OID_TEXT_ARRAY = 1009,
	EXEC_OID_BPCHAR_ARRAY = 1014,
	EXEC_OID_VARCHAR_ARRAY = 1015,
	EXEC_OID_INT8_ARRAY = 1016,
	EXEC_OID_FLOAT4_ARRAY = 1021,
	EXEC_OID_FLOAT8_ARRAY = 1022,
	EXEC_OID_OID_ARRAY = 1028,
	EXEC_OID_TIMESTAMP_ARRAY = 1115,
	EXEC_OID_DATE_ARRAY = 1182,
	EXEC_OID_TIME_ARRAY = 1183,
	EXEC_OID_TIMESTAMPTZ_ARRAY = 1185,
	EXEC_OID_INTERVAL_ARRAY = 1187,
	EXEC_OID_NUMERIC_ARRAY = 1231,
	EXEC_OID_UUID_ARRAY = 2951,
	EXEC_OID_JSON_ARRAY = 199,
	EXEC_OID_JSONB_ARRAY = 3807,
	EXEC_OID_RECORD_ARRAY = 2287,
	EXEC_OID_INT2VECTOR = 22, /* int2[] counted from 0, printed "1 2" (pg_index.indkey) */
	EXEC_OID_OIDVECTOR = 30,  /* oid[] the same way (pg_proc.proargtypes) */
};

/*
 * typmod: as PostgreSQL encodes it (-1 for none).  varchar(n) and
 * char(n): n + 4; numeric(p, s): ((p << 16) | s) + 4; time, timestamp,
 * interval precision: the precision.
 */
#define EXEC_TYPMOD_NONE (-1)

/* Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for dates and times. */
#define EXEC_EPOCH_DAYS    10957
#define EXEC_USECS_PER_DAY INT64_C(86400000000)

typedef struct exec_numeric exec_numeric; /* numeric.h */
typedef struct exec_jsonb exec_jsonb;     /* json.h */
typedef struct exec_array exec_array;     /* array.h */
typedef struct exec_record exec_record;   /* record.h */

typedef struct exec_interval {
	int64_t usecs; /* the time part */
	int32_t days;
	int32_t months;
} exec_interval;

typedef struct exec_value {
	exec_oid type; /* after analysis never EXEC_OID_UNKNOWN, except for a NULL literal */
	bool isnull;   /* when set, the union is meaningless */
	union {
		bool b;    /* bool */
		int64_t i; /* int2, int4, int8, oid, "char", regclass, regtype;
		              date: days since 2000-01-01; time: microseconds since
		              midnight; timestamp, timestamptz: microseconds since
		              2000-01-01 00:00:00 (UTC for timestamptz) */
		double f;  /* float4 (rounded to float on every store), float8 */
		struct {
			const char *p; /* not NUL-terminated; may be NULL when len is 0 */
			size_t len;
		} s; /* text, varchar, bpchar, name, bytea (raw bytes),
		                    json (its text, as given), unknown (the literal) */
		struct {
			int64_t usecs; /* since midnight */
			int32_t zone;  /* seconds west of UTC, as PostgreSQL stores it */
		} timetz;
		exec_interval iv;        /* interval */
		const exec_numeric *num; /* numeric */
		const exec_jsonb *jb;    /* jsonb */
		const exec_array *arr;   /* any array type */
		const exec_record *rec;  /* record */
		unsigned char uuid[16];  /* uuid */
	} v;
} exec_value;

/* A NULL of a type. */
static inline exec_value exec_null(exec_oid type)
{
	exec_value v;

	v.type = type;
	v.isnull = true;
	v.v.i = 0;
	return v;
}

static inline exec_value exec_int(exec_oid type, int64_t i)
{
	exec_value v;

	v.type = type;
	v.isnull = false;
	v.v.i = i;
	return v;
}

static inline exec_value exec_bool(bool b)
{
	exec_value v;

	v.type = EXEC_OID_BOOL;
	v.isnull = false;
	v.v.i = 0;
	v.v.b = b;
	return v;
}

/*
 * A deep copy of v whose variable part (text, digits, a jsonb tree, an
 * array's elements) lives in arena a (copy.c).
 */
exec_value exec_value_copy(sql_arena *a, const exec_value *v);

static inline exec_value exec_text(exec_oid type, const char *p, size_t len)
{
	exec_value v;

	v.type = type;
	v.isnull = false;
	v.v.s.p = p;
	v.v.s.len = len;
	return v;
}

#endif
