/*
 * binfmt.h - the receive side of the types' binary formats, for the
 * executor's own use: Bind's binary parameters (portal.c) and, later,
 * COPY ... (FORMAT binary).  The send side is portal.h's
 * exec_type_has_binary and exec_value_send, which the front end calls.
 *
 * The formats are PostgreSQL 15's send and receive functions byte for
 * byte (network byte order): bool one byte; int2, int4, int8 and the
 * oid types (oid, regclass, regtype, regproc) as integers of their
 * width; float4 and float8 as IEEE bits; text, varchar, bpchar, name,
 * "char", json and bytea as their bytes; date int32 days and time,
 * timestamp and timestamptz int64 microseconds (from 2000-01-01);
 * timetz the time and an int32 zone (seconds west); interval int64
 * microseconds, int32 days, int32 months; numeric int16 ndigits, int16
 * weight, uint16 sign, uint16 dscale and the base-10000 digits; uuid 16
 * bytes; jsonb a version byte (1) then the text; one-dimensional arrays
 * as array_send lays them out (int32 ndim, int32 has-null flag, element
 * type OID, then per dimension its length and lower bound, then each
 * element as an int32 length, -1 for NULL, and its bytes); record as
 * record_send (int32 field count, then per field its type OID, an int32
 * length, -1 for NULL, and its bytes).
 */
#ifndef CHRONDB_EXECUTOR_BINFMT_H
#define CHRONDB_EXECUTOR_BINFMT_H

#include "value.h"

/*
 * The value of type `type` whose binary form is data[0..len), with typmod
 * applied as an assignment applies it (EXEC_TYPMOD_NONE: none; Bind
 * passes none, as PostgreSQL does): varchar(n) and char(n) refuse a
 * value too long (22001) unless the excess is spaces, numeric(p,s)
 * rounds to s places (22003 past p), time, timestamp and interval
 * precisions round.  Variable-size parts of *out (text, digits, jsonb
 * trees, array elements) live in arena a; text is copied, so data may
 * go once this returns.
 *
 * param is the 1-based number of the Bind parameter being read, which
 * the message for bytes left over names as PostgreSQL does ("incorrect
 * binary data format in bind parameter 2"); 0 elsewhere ("incorrect
 * binary data format", COPY's wording).
 *
 * Errors are PostgreSQL's: 08P01 "insufficient data left in message"
 * when the data ends early (an int4 of 2 bytes), 22P03 for bytes left
 * over (an int4 of 8 bytes) and for malformed fields (a numeric's sign,
 * digit or scale, array flags, an array element's length), 22008 a
 * date, time or timestamp out of range, 22009 a time zone displacement
 * out of range, 22021 text that is not UTF-8, 42622 a name of 64 bytes
 * or more, 42804 an array whose element type is not the one expected,
 * 0A000 an array of more than one dimension (the executor's arrays have
 * one), 42883 a type without a binary format (exec_type_has_binary),
 * and the types' own input errors for json and jsonb text.
 */
int exec_value_recv(exec_oid type, int32_t typmod, const char *data, size_t len, int param,
	sql_arena *a, exec_value *out, store_err *err);

#endif
