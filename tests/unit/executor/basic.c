/*
 * basic.c - tests for the basic types (executor/basic.c): text input and
 * output of bool, int2, int4, int8, float4, float8, oid, "char",
 * regclass and regtype; pg_typeof; arithmetic, comparison and bitwise
 * operators, the float8 functions, casts and their contexts, hashing and order.
 *
 * Every expected string is what PostgreSQL 15 printed for the same
 * SELECT (psql, extra_float_digits 1), errors as SQLSTATE and message;
 * calls go through the registry as the analyzer will make them
 * (callutil.h).  Where ChronDB differs on purpose the row says what
 * PostgreSQL prints.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "basic.h"
#include "callutil.h"

/* SELECT 'text'::type */
static const cu_in_case in_cases[] = {
	{"int2", -1, "99999", "ERROR 22003: value \"99999\" is out of range for type smallint"},
	{"int2", -1, " 12 ", "12"},
	{"int2", -1, "-32768", "-32768"},
	{"int2", -1, "32768", "ERROR 22003: value \"32768\" is out of range for type smallint"},
	{"int2", -1, "+0", "0"},
	{"int4", -1, "x", "ERROR 22P02: invalid input syntax for type integer: \"x\""},
	{"int4", -1, "", "ERROR 22P02: invalid input syntax for type integer: \"\""},
	{"int4", -1, "  ", "ERROR 22P02: invalid input syntax for type integer: \"  \""},
	{"int4", -1, "2147483647", "2147483647"},
	{"int4", -1, "2147483648",
		"ERROR 22003: value \"2147483648\" is out of range for type integer"},
	{"int4", -1, "-2147483648", "-2147483648"},
	{"int4", -1, "-2147483649",
		"ERROR 22003: value \"-2147483649\" is out of range for type integer"},
	{"int4", -1, "99999999999x",
		"ERROR 22003: value \"99999999999x\" is out of range for type integer"},
	{"int4", -1, "1.5", "ERROR 22P02: invalid input syntax for type integer: \"1.5\""},
	{"int4", -1, "+5", "5"},
	{"int4", -1, "- 5", "ERROR 22P02: invalid input syntax for type integer: \"- 5\""},
	{"int4", -1, "0x10", "ERROR 22P02: invalid input syntax for type integer: \"0x10\""},
	{"int4", -1, "1_000", "ERROR 22P02: invalid input syntax for type integer: \"1_000\""},
	{"int4", -1, "\t7\n", "7"},
	{"int4", -1, "007", "7"},
	{"int8", -1, "9223372036854775807", "9223372036854775807"},
	{"int8", -1, "9223372036854775808",
		"ERROR 22003: value \"9223372036854775808\" is out of range for type bigint"},
	{"int8", -1, "-9223372036854775808", "-9223372036854775808"},
	{"int8", -1, "-9223372036854775809",
		"ERROR 22003: value \"-9223372036854775809\" is out of range for type bigint"},
	{"int8", -1, "x", "ERROR 22P02: invalid input syntax for type bigint: \"x\""},
	{"int8", -1, "1e3", "ERROR 22P02: invalid input syntax for type bigint: \"1e3\""},
	{"int8", -1, "00000000000000000000001", "1"},
	{"oid", -1, "-1", "4294967295"},
	{"oid", -1, "4294967295", "4294967295"},
	{"oid", -1, "4294967296", "ERROR 22003: value \"4294967296\" is out of range for type oid"},
	{"oid", -1, " 5 ", "5"},
	{"oid", -1, "x", "ERROR 22P02: invalid input syntax for type oid: \"x\""},
	{"oid", -1, "", "ERROR 22P02: invalid input syntax for type oid: \"\""},
	{"oid", -1, "-2147483648", "2147483648"},
	{"oid", -1, "-2147483649",
		"ERROR 22003: value \"-2147483649\" is out of range for type oid"},
	{"bool", -1, "t", "t"},
	{"bool", -1, "TRUE", "t"},
	{"bool", -1, "tr", "t"},
	{"bool", -1, "y", "t"},
	{"bool", -1, "ye", "t"},
	{"bool", -1, "yes", "t"},
	{"bool", -1, "no", "f"},
	{"bool", -1, "n", "f"},
	{"bool", -1, "of", "f"},
	{"bool", -1, "off", "f"},
	{"bool", -1, "on", "t"},
	{"bool", -1, "ON", "t"},
	{"bool", -1, "1", "t"},
	{"bool", -1, "0", "f"},
	{"bool", -1, "  true  ", "t"},
	{"bool", -1, "f", "f"},
	{"bool", -1, "fa", "f"},
	{"bool", -1, "FALSE", "f"},
	{"bool", -1, "o", "ERROR 22P02: invalid input syntax for type boolean: \"o\""},
	{"bool", -1, "truex", "ERROR 22P02: invalid input syntax for type boolean: \"truex\""},
	{"bool", -1, "11", "ERROR 22P02: invalid input syntax for type boolean: \"11\""},
	{"bool", -1, "", "ERROR 22P02: invalid input syntax for type boolean: \"\""},
	{"bool", -1, "yess", "ERROR 22P02: invalid input syntax for type boolean: \"yess\""},
	{"bool", -1, "of f", "ERROR 22P02: invalid input syntax for type boolean: \"of f\""},
	{"float8", -1, "0.1", "0.1"},
	{"float8", -1, "1e14", "100000000000000"},
	{"float8", -1, "1e15", "1e+15"},
	{"float8", -1, "1.5e15", "1.5e+15"},
	{"float8", -1, "123456789012345.6", "123456789012345.6"},
	{"float8", -1, "1e16", "1e+16"},
	{"float8", -1, "0.0001", "0.0001"},
	{"float8", -1, "0.00001", "1e-05"},
	{"float8", -1, "0.000123", "0.000123"},
	{"float8", -1, "1e100", "1e+100"},
	{"float8", -1, "1e-100", "1e-100"},
	{"float8", -1, "12345678901234567890", "1.2345678901234567e+19"},
	{"float8", -1, "-0", "-0"},
	{"float8", -1, "inf", "Infinity"},
	{"float8", -1, "-inf", "-Infinity"},
	{"float8", -1, "Infinity", "Infinity"},
	{"float8", -1, "+infinity", "Infinity"},
	{"float8", -1, "nan", "NaN"},
	{"float8", -1, "  NaN  ", "NaN"},
	{"float8", -1, "NAN", "NaN"},
	{"float8", -1, "5e-324", "5e-324"},
	{"float8", -1, "2e-323", "2e-323"},
	{"float8", -1, "1.7976931348623157e308", "1.7976931348623157e+308"},
	{"float8", -1, "100", "100"},
	{"float8", -1, "1e22", "1e+22"},
	{"float8", -1, "1e23", "9.999999999999999e+22"},
	{"float8", -1, "9007199254740993", "9.007199254740992e+15"},
	{"float8", -1, "9007199254740992", "9.007199254740992e+15"},
	{"float8", -1, "1e21", "1e+21"},
	{"float8", -1, "123e18", "1.23e+20"},
	{"float8", -1, "2.5e-5", "2.5e-05"},
	{"float8", -1, " 1.5 ", "1.5"},
	{"float8", -1, "1.5x",
		"ERROR 22P02: invalid input syntax for type double precision: \"1.5x\""},
	{"float8", -1, "1e400", "ERROR 22003: \"1e400\" is out of range for type double precision"},
	{"float8", -1, " 1e-400 ",
		"ERROR 22003: \"1e-400\" is out of range for type double precision"},
	{"float8", -1, "-1e400",
		"ERROR 22003: \"-1e400\" is out of range for type double precision"},
	{"float8", -1, "", "ERROR 22P02: invalid input syntax for type double precision: \"\""},
	{"float8", -1, ".5", "0.5"},
	{"float8", -1, "5.", "5"},
	{"float8", -1, "0.3", "0.3"},
	{"float8", -1, "2.2250738585072014e-308", "2.2250738585072014e-308"},
	{"float8", -1, "4.9406564584124654e-324", "5e-324"},
	{"float8", -1, "3.141592653589793", "3.141592653589793"},
	{"float8", -1, "1e-5", "1e-05"},
	{"float8", -1, "0.001", "0.001"},
	{"float8", -1, "123456", "123456"},
	{"float8", -1, "1234567.125", "1234567.125"},
	{"float8", -1, "100000000000000000000000", "9.999999999999999e+22"},
	{"float8", -1, "8.41e21", "8.409999999999999e+21"},
	{"float8", -1, "5e-310", "5e-310"},
	{"float8", -1, "1.1", "1.1"},
	{"float8", -1, "2.675", "2.675"},
	{"float8", -1, "-123.456e-7", "-1.23456e-05"},
	{"float8", -1, "72057594037927945", "7.205759403792795e+16"},
	{"float8", -1, "1e300", "1e+300"},
	{"float8", -1, "3e-5", "3e-05"},
	{"float4", -1, "1e5", "100000"},
	{"float4", -1, "1e6", "1e+06"},
	{"float4", -1, "123456", "123456"},
	{"float4", -1, "1234567", "1.234567e+06"},
	{"float4", -1, "0.0001", "0.0001"},
	{"float4", -1, "0.00001", "1e-05"},
	{"float4", -1, "0.1", "0.1"},
	{"float4", -1, "1.1", "1.1"},
	{"float4", -1, "3.4028235e38", "3.4028235e+38"},
	{"float4", -1, "1e-45", "1e-45"},
	{"float4", -1, "-0", "-0"},
	{"float4", -1, "16777217", "1.6777216e+07"},
	{"float4", -1, "1e10", "1e+10"},
	{"float4", -1, "1e39", "ERROR 22003: \"1e39\" is out of range for type real"},
	{"float4", -1, "1e-46", "ERROR 22003: \"1e-46\" is out of range for type real"},
	{"float4", -1, "1e-40", "1e-40"},
	{"float4", -1, "infinity", "Infinity"},
	{"float4", -1, "nan", "NaN"},
	{"float4", -1, "x", "ERROR 22P02: invalid input syntax for type real: \"x\""},
	{"float4", -1, "3.14159265", "3.1415927"},
	{"float4", -1, "7e22", "7e+22"},
	{"float4", -1, "1.17549435e-38", "1.1754944e-38"},
	{"float4", -1, "0.3", "0.3"},
	{"float4", -1, "99999.99", "99999.99"},
	{"float4", -1, "1e-4", "0.0001"},
	{"float4", -1, "8388609", "8.388609e+06"},
	{"float4", -1, "33554432", "3.3554432e+07"},
	{"float4", -1, "2.5e-44", "2.5e-44"},
	{"\"char\"", -1, "ab", "a"},
	{"\"char\"", -1, "", ""},
	{"\"char\"", -1, "\\101", "A"},
	{"\"char\"", -1, "é", "\\303"},
	{"\"char\"", -1, "\\377", "\\377"},
	{"\"char\"", -1, "\\1", "\\"},
	{"regclass", -1, "1259", "1259"}, /* PostgreSQL: pg_class */
	{"regclass", -1, "x", "ERROR 42P01: relation \"x\" does not exist"},
	{"regtype", -1, "x", "ERROR 42704: type \"x\" does not exist"},
	{"regtype", -1, "23", "integer"},
	{"regtype", -1, "1007", "integer[]"},
	{"regtype", -1, "double precision", "double precision"},
	{"regtype", -1, "99999", "99999"},
};

/* SELECT a op b */
static const cu_call_case op_cases[] = {
	{"+", {{"int2", "32767"}, {"int2", "1"}}, "ERROR 22003: smallint out of range"},
	{"+", {{"int4", "2147483647"}, {"int4", "1"}}, "ERROR 22003: integer out of range"},
	{"+", {{"int8", "9223372036854775807"}, {"int8", "1"}}, "ERROR 22003: bigint out of range"},
	{"+", {{"int2", "1"}, {"int4", "2"}}, "3"},
	{"+", {{"int2", "32767"}, {"int4", "1"}}, "32768"},
	{"+", {{"int4", "2147483647"}, {"int8", "1"}}, "2147483648"},
	{"+", {{"int8", "1"}, {"int2", "2"}}, "3"},
	{"+", {{"int4", "1"}, {"unknown", "2"}}, "3"},
	{"-", {{"int2", "-32768"}, {"int2", "1"}}, "ERROR 22003: smallint out of range"},
	{"-", {{"int4", "-2147483648"}, {"int4", "1"}}, "ERROR 22003: integer out of range"},
	{"-", {{"int8", "-9223372036854775808"}, {"int8", "1"}},
		"ERROR 22003: bigint out of range"},
	{"-", {{"int4", "5"}, {"int8", "7"}}, "-2"},
	{"*", {{"int2", "200"}, {"int2", "200"}}, "ERROR 22003: smallint out of range"},
	{"*", {{"int4", "65536"}, {"int4", "32768"}}, "ERROR 22003: integer out of range"},
	{"*", {{"int8", "4294967296"}, {"int8", "2147483648"}}, "ERROR 22003: bigint out of range"},
	{"*", {{"int2", "200"}, {"int4", "200"}}, "40000"},
	{"*", {{"int4", "-3"}, {"int8", "7"}}, "-21"},
	{"/", {{"int4", "7"}, {"int4", "2"}}, "3"},
	{"/", {{"int4", "-7"}, {"int4", "2"}}, "-3"},
	{"/", {{"int4", "1"}, {"int4", "0"}}, "ERROR 22012: division by zero"},
	{"/", {{"int4", "-2147483648"}, {"int4", "-1"}}, "ERROR 22003: integer out of range"},
	{"/", {{"int8", "-9223372036854775808"}, {"int8", "-1"}},
		"ERROR 22003: bigint out of range"},
	{"/", {{"int2", "-32768"}, {"int2", "-1"}}, "ERROR 22003: smallint out of range"},
	{"/", {{"int2", "-32768"}, {"int4", "-1"}}, "32768"},
	{"/", {{"int8", "7"}, {"int2", "0"}}, "ERROR 22012: division by zero"},
	{"%", {{"int4", "7"}, {"int4", "-3"}}, "1"},
	{"%", {{"int4", "-7"}, {"int4", "3"}}, "-1"},
	{"%", {{"int4", "1"}, {"int4", "0"}}, "ERROR 22012: division by zero"},
	{"%", {{"int4", "-2147483648"}, {"int4", "-1"}}, "0"},
	{"%", {{"int8", "-9223372036854775808"}, {"int8", "-1"}}, "0"},
	{"%", {{"int2", "7"}, {"int4", "3"}}, "1"},
	{"&", {{"int4", "5"}, {"int4", "3"}}, "1"},
	{"|", {{"int4", "5"}, {"int4", "3"}}, "7"},
	{"#", {{"int4", "5"}, {"int4", "3"}}, "6"},
	{"&", {{"int2", "-1"}, {"int2", "255"}}, "255"},
	{"#", {{"int8", "-1"}, {"int8", "1"}}, "-2"},
	{"<<", {{"int4", "1"}, {"int4", "32"}}, "1"},
	{"<<", {{"int4", "1"}, {"int4", "31"}}, "-2147483648"},
	{"<<", {{"int4", "1"}, {"int4", "-1"}}, "-2147483648"},
	{">>", {{"int4", "-8"}, {"int4", "1"}}, "-4"},
	{"<<", {{"int2", "1"}, {"int4", "16"}}, "0"},
	{"<<", {{"int2", "1"}, {"int4", "15"}}, "-32768"},
	{"<<", {{"int8", "1"}, {"int4", "64"}}, "1"},
	{"<<", {{"int8", "1"}, {"int4", "63"}}, "-9223372036854775808"},
	{">>", {{"int4", "5"}, {"int4", "33"}}, "2"},
	{">>", {{"int8", "-1"}, {"int4", "70"}}, "-1"},
	{">>", {{"int2", "-32768"}, {"int4", "20"}}, "-1"},
	{"<<", {{"int2", "3"}, {"int4", "33"}}, "6"},
	{"=", {{"int4", "1"}, {"int8", "1"}}, "t"},
	{"<", {{"int2", "1"}, {"int8", "2"}}, "t"},
	{">=", {{"int8", "3"}, {"int4", "3"}}, "t"},
	{"<>", {{"int2", "1"}, {"int2", "1"}}, "f"},
	{"<=", {{"int4", "2"}, {"int2", "1"}}, "f"},
	{">", {{"unknown", "5"}, {"int8", "4"}}, "t"},
	{"=", {{"int4", "1"}, {"text", "1"}},
		"ERROR 42883: operator does not exist: integer = text"},
	{"+", {{"bool", "t"}, {"int4", "1"}},
		"ERROR 42883: operator does not exist: boolean + integer"},
	{"=", {{"oid", "1"}, {"int4", "1"}}, "t"},
	{"=", {{"int4", "1"}, {"float8", "1.0"}}, "t"},
	{"<", {{"int8", "9007199254740993"}, {"float8", "9007199254740992"}}, "f"},
	{"+", {{"float8", "1.5"}, {"float4", "1.25"}}, "2.75"},
	{"+", {{"float4", "1.5"}, {"int4", "1"}}, "2.5"},
	{"+", {{"float4", "0.1"}, {"float4", "0.2"}}, "0.3"},
	{"+", {{"float8", "0.1"}, {"float8", "0.2"}}, "0.30000000000000004"},
	{"*", {{"float8", "1e308"}, {"float8", "10"}}, "ERROR 22003: value out of range: overflow"},
	{"*", {{"float8", "1e-308"}, {"float8", "1e-308"}},
		"ERROR 22003: value out of range: underflow"},
	{"/", {{"float8", "nan"}, {"float8", "0"}}, "NaN"},
	{"/", {{"float8", "0"}, {"float8", "0"}}, "ERROR 22012: division by zero"},
	{"/", {{"float8", "1"}, {"float8", "0"}}, "ERROR 22012: division by zero"},
	{"*", {{"float4", "1e38"}, {"float4", "10"}}, "ERROR 22003: value out of range: overflow"},
	{"*", {{"float4", "1e-38"}, {"float4", "1e-38"}},
		"ERROR 22003: value out of range: underflow"},
	{"/", {{"float4", "1"}, {"float4", "0"}}, "ERROR 22012: division by zero"},
	{"-", {{"float8", "inf"}, {"float8", "inf"}}, "NaN"},
	{"+", {{"float8", "inf"}, {"float8", "1"}}, "Infinity"},
	{"/", {{"float8", "1"}, {"float8", "inf"}}, "0"},
	{"/", {{"float8", "1e-300"}, {"float8", "1e300"}},
		"ERROR 22003: value out of range: underflow"},
	{"*", {{"float4", "3.4e38"}, {"float8", "10"}}, "3.399999952144364e+39"},
	{"/", {{"float8", "1"}, {"float8", "3"}}, "0.3333333333333333"},
	{"/", {{"float4", "1"}, {"float4", "3"}}, "0.33333334"},
	{"/", {{"float8", "10"}, {"int4", "4"}}, "2.5"},
	{"*", {{"float8", "inf"}, {"float8", "0"}}, "NaN"},
	{"^", {{"float8", "2"}, {"float8", "10"}}, "1024"},
	{"^", {{"float8", "2"}, {"float8", "0.5"}}, "1.4142135623730951"},
	{"^", {{"float8", "-8"}, {"float8", "0.3333"}},
		"ERROR 2201F: a negative number raised to a non-integer power yields a complex result"},
	{"^", {{"float8", "0"}, {"float8", "-1"}},
		"ERROR 2201F: zero raised to a negative power is undefined"},
	{"^", {{"float8", "1e300"}, {"float8", "10"}}, "ERROR 22003: value out of range: overflow"},
	{"^", {{"float8", "10"}, {"float8", "-400"}}, "ERROR 22003: value out of range: underflow"},
	{"^", {{"float8", "nan"}, {"float8", "0"}}, "1"},
	{"^", {{"float8", "1"}, {"float8", "nan"}}, "1"},
	{"^", {{"float8", "nan"}, {"float8", "1"}}, "NaN"},
	{"^", {{"float8", "inf"}, {"float8", "2"}}, "Infinity"},
	{"^", {{"float8", "-inf"}, {"float8", "3"}}, "-Infinity"},
	{"^", {{"float8", "-inf"}, {"float8", "-3"}}, "-0"},
	{"^", {{"float8", "0.5"}, {"float8", "inf"}}, "0"},
	{"^", {{"float8", "2"}, {"float8", "-inf"}}, "0"},
	{"^", {{"float8", "-1"}, {"float8", "inf"}}, "1"},
	{"^", {{"float8", "-inf"}, {"float8", "2"}}, "Infinity"},
	{"^", {{"float8", "0"}, {"float8", "0"}}, "1"},
	{"^", {{"float8", "-2"}, {"float8", "3"}}, "-8"},
	{"^", {{"int4", "2"}, {"int4", "3"}}, "8"},
	{"=", {{"float8", "nan"}, {"float8", "nan"}}, "t"},
	{"<", {{"float8", "1"}, {"float8", "nan"}}, "t"},
	{">", {{"float8", "nan"}, {"float8", "inf"}}, "t"},
	{"=", {{"float8", "-0"}, {"float8", "0"}}, "t"},
	{"=", {{"float4", "0.1"}, {"float8", "0.1"}}, "f"},
	{"<", {{"float4", "0.1"}, {"float8", "0.1"}}, "f"},
	{"=", {{"bool", "t"}, {"bool", "true"}}, "t"},
	{"<", {{"bool", "f"}, {"bool", "t"}}, "t"},
	{">", {{"bool", "f"}, {"bool", "t"}}, "f"},
	{"=", {{"bool", "t"}, {"unknown", "yes"}}, "t"},
	{"=", {{"\"char\"", "a"}, {"unknown", "a"}}, "t"},
	{">", {{"\"char\"", "b"}, {"\"char\"", "a"}}, "t"},
	{"<", {{"\"char\"", "\\200"}, {"\"char\"", "a"}}, "f"},
	{"<", {{"oid", "4294967295"}, {"oid", "1"}}, "f"},
	{"=", {{"regclass", "5"}, {"oid", "5"}}, "t"},
	{"+", {{"regclass", "1"}, {"int4", "1"}},
		"ERROR 42883: operator does not exist: regclass + integer"},
	{"||", {{"\"char\"", "a"}, {"unknown", "b"}},
		"ERROR 42725: operator is not unique: \"char\" || unknown"},
};

/* SELECT op a */
static const cu_call_case prefix_cases[] = {
	{"-", {{"int2", "-32768"}}, "ERROR 22003: smallint out of range"},
	{"-", {{"int4", "-2147483648"}}, "ERROR 22003: integer out of range"},
	{"-", {{"int8", "-9223372036854775808"}}, "ERROR 22003: bigint out of range"},
	{"-", {{"int4", "5"}}, "-5"},
	{"+", {{"int4", "5"}}, "5"},
	{"-", {{"float8", "0"}}, "-0"},
	{"-", {{"float4", "1.5"}}, "-1.5"},
	{"+", {{"float8", "-2.5"}}, "-2.5"},
	{"@", {{"int4", "-2147483648"}}, "ERROR 22003: integer out of range"},
	{"@", {{"int2", "-5"}}, "5"},
	{"@", {{"float8", "-0.5"}}, "0.5"},
	{"@", {{"unknown", "-1"}}, "1"},
	{"~", {{"int4", "5"}}, "-6"},
	{"~", {{"int2", "5"}}, "-6"},
	{"~", {{"int8", "5"}}, "-6"},
	{"|/", {{"float8", "16"}}, "4"},
	{"||/", {{"float8", "27"}}, "3.0000000000000004"},
	{"|/", {{"float8", "-1"}}, "ERROR 2201F: cannot take square root of a negative number"},
	{"|/", {{"int4", "2"}}, "1.4142135623730951"},
	{"-", {{"bool", "t"}}, "ERROR 42883: operator does not exist: - boolean"},
	{"~", {{"unknown", "1"}}, "ERROR 42725: operator is not unique: ~ unknown"},
	{"||/", {{"float8", "-8"}}, "-2"},
};

/* SELECT f(a, ...) */
static const cu_call_case func_cases[] = {
	{"pg_typeof", {{"int4", "1"}}, "integer"},
	{"pg_typeof", {{"int8", "1"}}, "bigint"},
	{"pg_typeof", {{"float8", "1"}}, "double precision"},
	{"pg_typeof", {{"int4", NULL}}, "integer"},
	{"pg_typeof", {{"int2[]", "{1}"}}, "smallint[]"},
	{"pg_typeof", {{"unknown", "x"}}, "text"}, /* PostgreSQL: unknown */
	{"abs", {{"int4", "-2147483648"}}, "ERROR 22003: integer out of range"},
	{"abs", {{"int2", "-5"}}, "5"},
	{"abs", {{"int8", "-9223372036854775807"}}, "9223372036854775807"},
	{"abs", {{"float4", "-1.5"}}, "1.5"},
	{"abs", {{"float8", "-0"}}, "0"},
	{"abs", {{"unknown", "-3"}}, "3"},
	{"mod", {{"int4", "-7"}, {"int4", "3"}}, "-1"},
	{"mod", {{"int2", "7"}, {"int2", "0"}}, "ERROR 22012: division by zero"},
	{"mod", {{"int8", "-9223372036854775808"}, {"int8", "-1"}}, "0"},
	{"gcd", {{"int4", "-2147483648"}, {"int4", "0"}}, "ERROR 22003: integer out of range"},
	{"gcd", {{"int4", "-2147483648"}, {"int4", "-1"}}, "1"},
	{"gcd", {{"int4", "12"}, {"int4", "-18"}}, "6"},
	{"gcd", {{"int8", "-9223372036854775808"}, {"int8", "2"}}, "2"},
	{"gcd", {{"int8", "0"}, {"int8", "0"}}, "0"},
	{"gcd", {{"int8", "-9223372036854775808"}, {"int8", "-9223372036854775808"}},
		"ERROR 22003: bigint out of range"},
	{"lcm", {{"int4", "4"}, {"int4", "6"}}, "12"},
	{"lcm", {{"int4", "0"}, {"int4", "5"}}, "0"},
	{"lcm", {{"int4", "-4"}, {"int4", "6"}}, "12"},
	{"lcm", {{"int4", "2147483647"}, {"int4", "2147483646"}},
		"ERROR 22003: integer out of range"},
	{"lcm", {{"int8", "3037000499"}, {"int8", "3037000501"}},
		"ERROR 22003: bigint out of range"},
	{"lcm", {{"int4", "-2147483648"}, {"int4", "1"}}, "ERROR 22003: integer out of range"},
	{"sign", {{"float8", "nan"}}, "0"},
	{"sign", {{"float8", "-0"}}, "0"},
	{"sign", {{"float8", "-3"}}, "-1"},
	{"sign", {{"int4", "5"}}, "1"},
	{"trunc", {{"float8", "-1.5"}}, "-1"},
	{"trunc", {{"float8", "1.9"}}, "1"},
	{"round", {{"float8", "2.5"}}, "2"},
	{"round", {{"float8", "-0.5"}}, "-0"},
	{"round", {{"float8", "3.5"}}, "4"},
	{"ceil", {{"float8", "-0.5"}}, "-0"},
	{"ceiling", {{"float8", "1.2"}}, "2"},
	{"floor", {{"float8", "-0.5"}}, "-1"},
	{"round", {{"int4", "5"}}, "5"},
	{"ceil", {{"float8", "inf"}}, "Infinity"},
	{"ln", {{"float8", "0"}}, "ERROR 2201E: cannot take logarithm of zero"},
	{"ln", {{"float8", "-1"}}, "ERROR 2201E: cannot take logarithm of a negative number"},
	{"ln", {{"float8", "1"}}, "0"},
	{"ln", {{"float8", "2.718281828459045"}}, "1"},
	{"log", {{"float8", "100"}}, "2"},
	{"log10", {{"float8", "1000"}}, "3"},
	{"log10", {{"float8", "0"}}, "ERROR 2201E: cannot take logarithm of zero"},
	{"log10", {{"float8", "inf"}}, "Infinity"},
	{"exp", {{"float8", "1"}}, "2.718281828459045"},
	{"exp", {{"float8", "1000"}}, "ERROR 22003: value out of range: overflow"},
	{"exp", {{"float8", "-1000"}}, "ERROR 22003: value out of range: underflow"},
	{"exp", {{"float8", "-inf"}}, "0"},
	{"exp", {{"float8", "nan"}}, "NaN"},
	{"exp", {{"float8", "0"}}, "1"},
	{"sqrt", {{"float8", "2"}}, "1.4142135623730951"},
	{"sqrt", {{"float8", "-1"}}, "ERROR 2201F: cannot take square root of a negative number"},
	{"sqrt", {{"float8", "-0"}}, "-0"},
	{"cbrt", {{"float8", "27"}}, "3.0000000000000004"},
	{"cbrt", {{"float8", "-8"}}, "-2"},
	{"power", {{"float8", "2"}, {"float8", "0.5"}}, "1.4142135623730951"},
	{"pow", {{"int4", "2"}, {"int4", "10"}}, "1024"},
	{"power", {{"float8", "0"}, {"float8", "-2"}},
		"ERROR 2201F: zero raised to a negative power is undefined"},
	{"power", {{"float8", "-2"}, {"float8", "0.5"}},
		"ERROR 2201F: a negative number raised to a non-integer power yields a complex result"},
	{"sin", {{"float8", "inf"}}, "ERROR 22003: input is out of range"},
	{"sin", {{"float8", "1"}}, "0.8414709848078965"},
	{"cos", {{"float8", "0"}}, "1"},
	{"cos", {{"float8", "-inf"}}, "ERROR 22003: input is out of range"},
	{"tan", {{"float8", "1"}}, "1.5574077246549023"},
	{"cot", {{"float8", "0"}}, "Infinity"},
	{"cot", {{"float8", "1"}}, "0.6420926159343306"},
	{"asin", {{"float8", "2"}}, "ERROR 22003: input is out of range"},
	{"asin", {{"float8", "1"}}, "1.5707963267948966"},
	{"acos", {{"float8", "-1"}}, "3.141592653589793"},
	{"acos", {{"float8", "1.0000001"}}, "ERROR 22003: input is out of range"},
	{"atan", {{"float8", "1"}}, "0.7853981633974483"},
	{"atan", {{"float8", "inf"}}, "1.5707963267948966"},
	{"atan2", {{"float8", "1"}, {"float8", "1"}}, "0.7853981633974483"},
	{"atan2", {{"float8", "0"}, {"float8", "-1"}}, "3.141592653589793"},
	{"sin", {{"float8", "nan"}}, "NaN"},
	{"asin", {{"float8", "nan"}}, "NaN"},
	{"sinh", {{"float8", "1000"}}, "Infinity"},
	{"sinh", {{"float8", "-1000"}}, "-Infinity"},
	{"cosh", {{"float8", "1000"}}, "Infinity"},
	{"tanh", {{"float8", "1000"}}, "1"},
	{"sinh", {{"float8", "1"}}, "1.1752011936438014"},
	{"degrees", {{"float8", "3.141592653589793"}}, "180"},
	{"radians", {{"int4", "180"}}, "3.141592653589793"},
	{"degrees", {{"float8", "1e308"}}, "ERROR 22003: value out of range: overflow"},
	{"pi", {}, "3.141592653589793"},
	{"radians", {{"float8", "1e-320"}}, "1.73e-322"},
};

/* SELECT CAST(a AS type) */
static const cu_cast_case cast_cases[] = {
	{{"float8", "2.5"}, "int4", -1, "2"},
	{{"float8", "3.5"}, "int4", -1, "4"},
	{{"float8", "-2.5"}, "int4", -1, "-2"},
	{{"float8", "2147483647.4"}, "int4", -1, "2147483647"},
	{{"float8", "2147483647.5"}, "int4", -1, "ERROR 22003: integer out of range"},
	{{"float8", "-2147483648.5"}, "int4", -1, "-2147483648"},
	{{"float8", "1e10"}, "int4", -1, "ERROR 22003: integer out of range"},
	{{"float8", "nan"}, "int8", -1, "ERROR 22003: bigint out of range"},
	{{"float8", "inf"}, "int2", -1, "ERROR 22003: smallint out of range"},
	{{"float8", "9223372036854775807"}, "int8", -1, "ERROR 22003: bigint out of range"},
	{{"float8", "-9223372036854775808"}, "int8", -1, "-9223372036854775808"},
	{{"float4", "32767.5"}, "int2", -1, "ERROR 22003: smallint out of range"},
	{{"float4", "-32768.5"}, "int2", -1, "-32768"},
	{{"float4", "1.5"}, "int8", -1, "2"},
	{{"float8", "1e40"}, "float4", -1, "ERROR 22003: value out of range: overflow"},
	{{"float8", "1e-50"}, "float4", -1, "ERROR 22003: value out of range: underflow"},
	{{"float8", "inf"}, "float4", -1, "Infinity"},
	{{"float8", "0.1"}, "float4", -1, "0.1"},
	{{"float8", "1e-40"}, "float4", -1, "1e-40"},
	{{"float4", "0.1"}, "float8", -1, "0.10000000149011612"},
	{{"int8", "9223372036854775807"}, "float4", -1, "9.223372e+18"},
	{{"int4", "16777217"}, "float4", -1, "1.6777216e+07"},
	{{"int8", "9007199254740993"}, "float8", -1, "9.007199254740992e+15"},
	{{"int8", "4294967295"}, "oid", -1, "4294967295"},
	{{"int8", "-1"}, "oid", -1, "ERROR 22003: OID out of range"},
	{{"int8", "4294967296"}, "oid", -1, "ERROR 22003: OID out of range"},
	{{"int4", "-1"}, "oid", -1, "4294967295"},
	{{"oid", "4294967295"}, "int4", -1, "-1"},
	{{"oid", "4294967295"}, "int8", -1, "4294967295"},
	{{"int2", "-1"}, "oid", -1, "4294967295"},
	{{"int8", "32768"}, "int2", -1, "ERROR 22003: smallint out of range"},
	{{"int8", "-2147483649"}, "int4", -1, "ERROR 22003: integer out of range"},
	{{"int4", "-32769"}, "int2", -1, "ERROR 22003: smallint out of range"},
	{{"int2", "-5"}, "int8", -1, "-5"},
	{{"bool", "t"}, "int4", -1, "1"},
	{{"bool", "f"}, "int4", -1, "0"},
	{{"int4", "5"}, "bool", -1, "t"},
	{{"int4", "0"}, "bool", -1, "f"},
	{{"int4", "-1"}, "bool", -1, "t"},
	{{"bool", "t"}, "text", -1, "true"},
	{{"bool", "f"}, "varchar", -1, "false"},
	{{"bool", "t"}, "bpchar", 9, "true "},
	{{"bool", "f"}, "varchar", 7, "fal"},
	{{"int4", "65"}, "\"char\"", -1, "A"},
	{{"int4", "-56"}, "\"char\"", -1, "\\310"},
	{{"int4", "200"}, "\"char\"", -1, "ERROR 22003: \"char\" out of range"},
	{{"int4", "-129"}, "\"char\"", -1, "ERROR 22003: \"char\" out of range"},
	{{"\"char\"", "\\310"}, "int4", -1, "-56"},
	{{"\"char\"", "A"}, "int4", -1, "65"},
	{{"\"char\"", "a"}, "text", -1, "a"},
	{{"\"char\"", ""}, "text", -1, ""},
	{{"\"char\"", "\\310"}, "text", -1, "\\310"},
	{{"text", "abc"}, "\"char\"", -1, "a"},
	{{"text", ""}, "\"char\"", -1, ""},
	{{"text", "\\101"}, "\"char\"", -1, "A"},
	{{"varchar", "xy"}, "\"char\"", -1, "x"},
	{{"int4", "42"}, "text", -1, "42"},
	{{"float8", "0.1"}, "text", -1, "0.1"},
	{{"int4", "12345"}, "varchar", 7, "123"},
	{{"int4", "12345"}, "bpchar", 11, "12345  "},
	{{"text", " 42 "}, "int4", -1, "42"},
	{{"text", "4.5"}, "int4", -1,
		"ERROR 22P02: invalid input syntax for type integer: \"4.5\""},
	{{"text", "yes"}, "bool", -1, "t"},
	{{"varchar", "1e3"}, "float8", -1, "1000"},
	{{"oid", "26"}, "regtype", -1, "oid"},
	{{"int4", "1259"}, "regclass", -1, "1259"}, /* PostgreSQL: pg_class */
	{{"regclass", "1259"}, "int8", -1, "1259"},
	{{"regtype", "23"}, "oid", -1, "23"},
	{{"text", "1259"}, "regclass", -1, "ERROR 42P01: relation \"1259\" does not exist"},
	{{"unknown", "7"}, "int2", -1, "7"},
	{{"unknown", "x"}, "int2", -1,
		"ERROR 22P02: invalid input syntax for type smallint: \"x\""},
	{{"int4", "1"}, "float4", -1, "1"},
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

Test(basic, input_and_output)
{
	cu_check_inputs(in_cases, NELEM(in_cases));
}

Test(basic, binary_operators)
{
	cu_check_calls(op_cases, NELEM(op_cases), true);
}

Test(basic, prefix_operators)
{
	cu_check_calls(prefix_cases, NELEM(prefix_cases), true);
}

Test(basic, functions)
{
	cu_check_calls(func_cases, NELEM(func_cases), false);
}

Test(basic, explicit_casts)
{
	cu_check_casts(cast_cases, NELEM(cast_cases));
}

/* pg_cast's contexts: the weakest context each cast is allowed in ('-': none). */
static const struct {
	const char *from, *to;
	char context;
} cast_contexts[] = {
	{"bool", "int4", 'e'}, {"bool", "text", 'a'}, {"int4", "bool", 'e'}, {"int2", "int4", 'i'},
	{"int2", "int8", 'i'}, {"int4", "int8", 'i'}, {"int8", "int4", 'a'}, {"int8", "int2", 'a'},
	{"int4", "int2", 'a'}, {"int4", "float4", 'i'}, {"int8", "float8", 'i'},
	{"float8", "int4", 'a'}, {"float4", "float8", 'i'}, {"float8", "float4", 'a'},
	{"int4", "oid", 'i'}, {"oid", "int4", 'a'}, {"oid", "int8", 'a'}, {"int4", "regclass", 'i'},
	{"regclass", "oid", 'i'}, {"regtype", "int4", 'a'}, {"int4", "\"char\"", 'e'},
	{"\"char\"", "int4", 'e'}, {"\"char\"", "text", 'i'}, {"text", "\"char\"", 'a'},
	{"text", "regclass", 'i'}, {"bool", "float8", '-'}, {"float8", "bool", '-'},
	{"int4", "text", 'a'}, /* the automatic I/O conversion to a string type */
	{"text", "int4", 'e'}, /* and from one */
	{"float8", "varchar", 'a'}, {"unknown", "int4", 'i'}, {"regclass", "regtype", '-'},
	{"int4", "int4", '-'}, /* the same type needs no cast */
};

Test(basic, cast_contexts_are_pg_casts)
{
	static const exec_cast_context ccs[] = {
		EXEC_CAST_IMPLICIT, EXEC_CAST_ASSIGNMENT, EXEC_CAST_EXPLICIT};

	for (size_t i = 0; i < NELEM(cast_contexts); i++) {
		exec_oid from = cu_type(cast_contexts[i].from)->oid;
		exec_oid to = cu_type(cast_contexts[i].to)->oid;
		int weakest = cast_contexts[i].context == '-'   ? 3
			      : cast_contexts[i].context == 'i' ? 0
			      : cast_contexts[i].context == 'a' ? 1
								: 2;

		for (int k = 0; k < 3; k++)
			cr_expect_eq(exec_cast_find(from, to, ccs[k]) != NULL, k >= weakest,
				"%s -> %s in context %c", cast_contexts[i].from,
				cast_contexts[i].to, (char)ccs[k]);
	}
}

Test(basic, assignment_cast_refused_implicitly)
{
	cu_env e;
	cu_arg big = {"int8", "5"};

	cu_init(&e);
	cr_expect_str_eq(cu_cast(&e, &big, "int4", EXEC_TYPMOD_NONE, EXEC_CAST_IMPLICIT),
		"ERROR 42846: cannot cast type bigint to integer");
	cr_expect_str_eq(cu_cast(&e, &big, "int4", EXEC_TYPMOD_NONE, EXEC_CAST_ASSIGNMENT), "5");
	cu_done(&e);
}

/* extra_float_digits below 1: printf's %g with 15 (float4: 6) digits plus the setting. */
Test(basic, extra_float_digits)
{
	static const struct {
		int efd;
		const char *type, *text, *expect;
	} cases[] = {
		{0, "float8", "0.1", "0.1"},
		{0, "float8", "0.3333333333333333", "0.333333333333333"},
		{0, "float8", "1e15", "1e+15"},
		{0, "float8", "1e14", "100000000000000"},
		{0, "float4", "0.1", "0.1"},
		{0, "float4", "1e6", "1e+06"},
		{0, "float4", "1e5", "100000"},
		{0, "float4", "123456.7", "123457"},
		{0, "float8", "nan", "NaN"},
		{0, "float8", "1e-5", "1e-05"},
		{-15, "float8", "0.3333333333333333", "0.3"},
		{-15, "float8", "123.456", "1e+02"},
		{-15, "float4", "0.33333334", "0.3"},
		{3, "float8", "0.1", "0.1"},
	};
	cu_env e;

	cu_init(&e);
	for (size_t i = 0; i < NELEM(cases); i++) {
		e.cx.extra_float_digits = cases[i].efd;
		cr_expect_str_eq(cu_in(&e, cases[i].type, EXEC_TYPMOD_NONE, cases[i].text),
			cases[i].expect, "%s at extra_float_digits %d", cases[i].text,
			cases[i].efd);
	}
	cu_done(&e);
}

/* Shortest output reads back to the same bits, for doubles and floats of every magnitude. */
Test(basic, float_output_round_trips)
{
	cu_env e;
	unsigned seed = 12345;

	cu_init(&e);
	for (int i = 0; i < 20000; i++) {
		uint64_t bits = 0;
		exec_value v, back;
		const char *s;
		bool single = i % 2 == 1;

		for (int k = 0; k < 4; k++)
			bits = bits << 16 | (uint64_t)(rand_r(&seed) & 0xffff);
		memcpy(&v.v.f, &bits, sizeof(double));
		if (single) {
			uint32_t b32 = (uint32_t)bits;
			float f;

			memcpy(&f, &b32, sizeof(f));
			v.v.f = f;
		}
		if (isnan(v.v.f) || isinf(v.v.f))
			continue;
		v.type = single ? EXEC_OID_FLOAT4 : EXEC_OID_FLOAT8;
		v.isnull = false;
		s = cu_out(&e, &v);
		cr_assert_eq(exec_value_in(&e.cx, v.type, EXEC_TYPMOD_NONE, s, strlen(s), &back),
			EXEC_OK, "%s", s);
		cr_assert(memcmp(&back.v.f, &v.v.f, sizeof(double)) == 0, "%a printed as %s", v.v.f,
			s);
		if (i % 1000 == 0)
			sql_arena_reset(e.arena);
	}
	cu_done(&e);
}

/* Equal values hash alike across the integer widths and the two float types. */
Test(basic, hash_and_order)
{
	exec_value a = exec_int(EXEC_OID_INT2, -7), b = exec_int(EXEC_OID_INT8, -7);
	exec_value z = exec_int(EXEC_OID_FLOAT8, 0), nz = z, n1 = z, n2 = z, one = z;

	exec_registry_init();
	cr_expect_eq(exec_value_hash(&a), exec_value_hash(&b));
	z.v.f = 0.0;
	nz.v.f = -0.0;
	n1.v.f = NAN;
	n2.v.f = -NAN;
	one.v.f = 1.0;
	cr_expect_eq(exec_value_hash(&z), exec_value_hash(&nz));
	cr_expect_eq(exec_value_hash(&n1), exec_value_hash(&n2));
	cr_expect_eq(exec_value_cmp(&z, &nz), 0);
	cr_expect_eq(exec_value_cmp(&n1, &n2), 0);
	cr_expect_gt(exec_value_cmp(&n1, &one), 0);
	cr_expect_lt(exec_value_cmp(&one, &n1), 0);
	cr_expect_eq(exec_hash_double(1.5), exec_hash_double((double)(float)1.5));
	cr_expect_neq(exec_hash_bytes("abc", 3), exec_hash_bytes("abd", 3));
	cr_expect_eq(exec_hash_bytes(NULL, 0), exec_hash_bytes("", 0));
}

Test(basic, random_is_a_fraction)
{
	cu_env e;

	cu_init(&e);
	for (int i = 0; i < 1000; i++) {
		double d = strtod(cu_fn(&e, "random", NULL, 0), NULL);

		cr_assert(d >= 0 && d < 1, "%g", d);
	}
	cu_done(&e);
}
