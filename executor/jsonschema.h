/*
 * jsonschema.h - JSON Schema validation of documents, the check ChronDB
 * runs on every save into a namespace that has a validation schema.
 *
 * The original server used networknt json-schema-validator 1.0.87; this
 * module reproduces the subset of it that schemas written for ChronDB
 * use, over jansson values.  It owns compiling a schema (checking it and
 * preparing its regular expressions and local references) and listing a
 * document's violations.  It does not own where schemas are stored, the
 * strict / warning / disabled modes or the per-protocol error formats:
 * those belong to the caller (inventory section 5.8).
 *
 * Draft: picked from the root's "$schema" as ChronDB does: a value
 * containing "draft-07" is draft 7, "draft/2019-09" is 2019-09,
 * "draft/2020-12" is 2020-12, anything else (or none) is draft 7.  The
 * drafts differ here only in the array keywords: draft 7 and 2019-09
 * take "items" as a schema or a tuple with "additionalItems"; 2020-12
 * takes "prefixItems" plus "items" for the rest.
 *
 * Keywords: type (with "integer" and arrays of types), enum, const,
 * properties, required, additionalProperties, patternProperties,
 * propertyNames, minProperties, maxProperties, items, prefixItems,
 * additionalItems, contains, minItems, maxItems, uniqueItems,
 * minLength, maxLength, pattern, minimum, maximum, exclusiveMinimum,
 * exclusiveMaximum, multipleOf, allOf, anyOf, oneOf, not, if / then /
 * else, dependencies, dependentRequired, dependentSchemas, format
 * (asserted for date-time, date, email, uuid and ipv4; other formats are
 * annotations), $ref to "#" or any local JSON Pointer ("#/definitions/x",
 * "#/$defs/x"), and the boolean schemas true and false.  Any other
 * keyword is ignored, as the specification asks.
 *
 * Violations read like networknt 1.0.87's ValidationMessage:
 *
 *   path     the instance location in the library's legacy form, "$",
 *            "$.address.zip", "$.tags[2]"; names are appended after a
 *            dot as they are, never quoted.  For "required",
 *            "additionalProperties" and the tuple forms of "items" the
 *            path is the containing object or array, as the library's
 *            getPath() gives it, and the member is named in the message.
 *   message  the library's wording, which starts with the path:
 *            "$.email: is missing but it is required",
 *            "$.age: string found, integer expected".  (ChronDB's docs
 *            quote "required property 'email' not found", the wording
 *            of later library versions; 1.0.87 is what the server ran.)
 *   keyword  the schema keyword that failed: "required", "type", ...
 *
 * Deviations from networknt 1.0.87, each deliberate:
 *
 *   - "pattern" and "patternProperties" use POSIX extended regular
 *     expressions (regcomp with REG_EXTENDED), not ECMA-262.  The
 *     escapes \d \D \w \W \s \S are rewritten to bracket expressions
 *     first, so most everyday patterns behave the same; lookaround,
 *     lazy quantifiers and back-references do not exist, and "." matches
 *     one byte rather than one character outside ASCII.  A pattern POSIX
 *     cannot compile makes the schema invalid (22023).
 *   - "integer" accepts a real with no fraction (1.0), as draft 6 and
 *     later define it and the library does for those drafts.  Numbers
 *     compare as doubles unless both are integers, so integers past
 *     2^53 compared against reals may round; "multipleOf" on reals uses
 *     a relative tolerance of 1e-9 where the library used BigDecimal.
 *   - "anyOf" that no branch satisfies, "oneOf" with no or several
 *     matching branches and "not" each give one violation of their own
 *     keyword; "allOf", "if" / "then" / "else" and "dependentSchemas"
 *     pass on the violations of the failing subschema.
 *   - "dependencies" and "dependentRequired" give one violation per
 *     missing member, naming it and the member that needs it.
 *   - Keywords beside "$ref" are evaluated in every draft (the library
 *     does the same, draft 7 says to ignore them).
 *   - Only local references; "$id", "$anchor", "$dynamicRef",
 *     "unevaluated*", "minContains" / "maxContains" are not supported
 *     (a non-local "$ref" is an invalid schema, the others are ignored).
 *   - The walk stops at JSV_MAX_DEPTH nested subschemas (a "$ref" loop
 *     that consumes no input, or a very deep document) with a violation
 *     of keyword "$ref", and lists at most JSV_MAX_VIOLATIONS entries.
 *
 * Violations come in a fixed order: per subschema, keywords in the
 * order of the table in jsonschema.c; within a keyword, members and
 * items in document order.
 */
#ifndef CHRONDB_EXECUTOR_JSONSCHEMA_H
#define CHRONDB_EXECUTOR_JSONSCHEMA_H

#include <stddef.h>

#include <jansson.h>

#include "error.h"

/* Deepest nesting of subschema evaluations (and of the schema itself). */
#define JSV_MAX_DEPTH 512

/* Most violations listed for one document; validation stops there. */
#define JSV_MAX_VIOLATIONS 100

/* Drafts, as jsv_draft() reports them. */
typedef enum jsv_draft_id {
	JSV_DRAFT_7 = 7,
	JSV_DRAFT_2019_09 = 201909,
	JSV_DRAFT_2020_12 = 202012,
} jsv_draft_id;

typedef struct jsv_schema jsv_schema;

/* One failed check, as described above. */
typedef struct jsv_violation {
	char *path;          /* "$.address.zip" */
	char *message;       /* "$.address.zip: must be at least 5 characters long" */
	const char *keyword; /* static: "minLength" */
} jsv_violation;

/*
 * Check a schema and prepare it for validation.  The schema is copied:
 * the caller keeps ownership of its value and may change or free it.
 * A schema that is not an object or boolean, a keyword whose value has
 * the wrong form, a pattern POSIX cannot compile or a "$ref" that does
 * not resolve inside the document is 22023 "invalid JSON Schema" with a
 * detail naming the keyword and its location ("#/properties/age").
 * Returns NULL with err set on failure; the caller frees the result
 * with jsv_free.
 */
jsv_schema *jsv_compile(const json_t *schema, store_err *err);

/* The draft the schema was compiled for. */
jsv_draft_id jsv_draft(const jsv_schema *s);

void jsv_free(jsv_schema *s);

/*
 * Validate doc against s.  Returns 0 when it is valid and 1 when not;
 * *out receives the violations (NULL when there are none) and *n their
 * number.  The caller frees the list with jsv_violations_free.  Memory
 * exhaustion aborts, as storage's buffers do.  s is only read, so one
 * compiled schema may serve several threads at once (jansson 2.13 and
 * later dump values without marking them).
 */
int jsv_validate(const jsv_schema *s, const json_t *doc, jsv_violation **out, size_t *n);

void jsv_violations_free(jsv_violation *v, size_t n);

#endif
