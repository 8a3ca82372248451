/*
 * jsonschema.c - tests for JSON Schema validation (executor/jsonschema.h):
 * every supported keyword with a document that passes and one that does
 * not, the exact path, keyword and message of each violation, the three
 * drafts, references and their depth limit, and schemas refused at
 * compile time.
 *
 * Messages are networknt json-schema-validator 1.0.87's wording, the
 * library the original ChronDB ran, except where jsonschema.h lists a
 * deviation.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonschema.h"

/* ---- Context ----------------------------------------------------------- */

static jsv_schema *schema;
static jsv_violation *found;
static size_t nfound;

static void setup(void)
{
	schema = NULL;
	found = NULL;
	nfound = 0;
}

static void drop_found(void)
{
	jsv_violations_free(found, nfound);
	found = NULL;
	nfound = 0;
}

static void teardown(void)
{
	drop_found();
	jsv_free(schema);
}

TestSuite(jsonschema, .init = setup, .fini = teardown);

static json_t *parse(const char *text)
{
	json_error_t jerr;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &jerr);

	cr_assert_not_null(v, "bad JSON in the test: %s: %s", text, jerr.text);
	return v;
}

/* Compile the schema the following checks use. */
static void use(const char *text)
{
	json_t *v = parse(text);
	store_err err;

	store_err_clear(&err);
	jsv_free(schema);
	schema = jsv_compile(v, &err);
	json_decref(v);
	cr_assert_not_null(schema, "schema refused: %s: %s (%s)", text, err.message, err.detail);
}

/* Validate a document; the violations stay in found/nfound. */
static size_t check(const char *text)
{
	json_t *doc = parse(text);
	int rc;

	drop_found();
	rc = jsv_validate(schema, doc, &found, &nfound);
	json_decref(doc);
	cr_assert_eq(rc, nfound > 0 ? 1 : 0);
	cr_assert_eq(found == NULL, nfound == 0);
	return nfound;
}

static void ok(const char *doc)
{
	size_t n = check(doc);

	cr_assert_eq(n, 0, "%s: expected valid, got %zu violations, first %s", doc, n,
		n ? found[0].message : "");
}

/* The i-th violation has this path, keyword and (when not NULL) message. */
static void is(size_t i, const char *path, const char *keyword, const char *message)
{
	cr_assert_lt(i, nfound, "only %zu violations", nfound);
	cr_assert_str_eq(found[i].path, path);
	cr_assert_str_eq(found[i].keyword, keyword);
	if (message != NULL)
		cr_assert_str_eq(found[i].message, message);
}

/* Exactly one violation, as given. */
static void bad(const char *doc, const char *path, const char *keyword, const char *message)
{
	size_t n = check(doc);

	cr_assert_eq(n, 1, "%s: expected one violation, got %zu%s%s", doc, n, n ? ", first " : "",
		n ? found[0].message : "");
	is(0, path, keyword, message);
}

/* A schema refused with 22023 and a detail containing detail_part. */
static void refused(const char *text, const char *detail_part)
{
	json_t *v = parse(text);
	store_err err;
	jsv_schema *s;

	store_err_clear(&err);
	s = jsv_compile(v, &err);
	json_decref(v);
	cr_assert_null(s, "schema accepted: %s", text);
	cr_assert_str_eq(err.sqlstate, "22023");
	cr_assert_str_eq(err.message, "invalid JSON Schema");
	cr_assert(strstr(err.detail, detail_part) != NULL, "detail \"%s\" lacks \"%s\"", err.detail,
		detail_part);
}

/* ---- Types ------------------------------------------------------------- */

Test(jsonschema, type_single)
{
	use("{\"type\":\"string\"}");
	ok("\"x\"");
	bad("5", "$", "type", "$: integer found, string expected");
	bad("1.5", "$", "type", "$: number found, string expected");
	bad("null", "$", "type", "$: null found, string expected");
	bad("{}", "$", "type", "$: object found, string expected");
	bad("[]", "$", "type", "$: array found, string expected");
	bad("true", "$", "type", "$: boolean found, string expected");
}

Test(jsonschema, type_integer_accepts_whole_reals)
{
	use("{\"type\":\"integer\"}");
	ok("3");
	ok("-7");
	ok("1.0");
	bad("1.5", "$", "type", "$: number found, integer expected");
	bad("\"1\"", "$", "type", "$: string found, integer expected");
}

Test(jsonschema, type_number_takes_both)
{
	use("{\"type\":\"number\"}");
	ok("3");
	ok("3.25");
	bad("\"3\"", "$", "type", NULL);
}

Test(jsonschema, type_array_of_types)
{
	use("{\"type\":[\"string\",\"null\"]}");
	ok("\"a\"");
	ok("null");
	bad("1", "$", "type", "$: integer found, but [\"string\",\"null\"] is required");
}

Test(jsonschema, type_on_nested_member)
{
	use("{\"properties\":{\"a\":{\"properties\":{\"b\":{\"type\":\"boolean\"}}}}}");
	ok("{\"a\":{\"b\":false}}");
	ok("{\"a\":{}}");
	bad("{\"a\":{\"b\":0}}", "$.a.b", "type", "$.a.b: integer found, boolean expected");
}

/* ---- enum and const ---------------------------------------------------- */

Test(jsonschema, enum_values)
{
	use("{\"enum\":[\"red\",1,null,{\"a\":[1]}]}");
	ok("\"red\"");
	ok("1");
	ok("1.0");
	ok("null");
	ok("{\"a\":[1.0]}");
	bad("\"blue\"", "$", "enum",
		"$: does not have a value in the enumeration [\"red\",1,null,{\"a\":[1]}]");
	bad("{\"a\":[2]}", "$", "enum", NULL);
}

Test(jsonschema, const_value)
{
	use("{\"properties\":{\"kind\":{\"const\":\"user\"}}}");
	ok("{\"kind\":\"user\"}");
	bad("{\"kind\":\"admin\"}", "$.kind", "const", "$.kind: must be a constant value \"user\"");
}

/* ---- Objects ----------------------------------------------------------- */

Test(jsonschema, required_members)
{
	use("{\"type\":\"object\",\"required\":[\"id\",\"email\"]}");
	ok("{\"id\":1,\"email\":\"a@b.cd\"}");
	ok("{\"id\":null,\"email\":null,\"x\":1}");
	bad("{\"id\":1}", "$", "required", "$.email: is missing but it is required");
	cr_assert_eq(check("{}"), 2);
	is(0, "$", "required", "$.id: is missing but it is required");
	is(1, "$", "required", "$.email: is missing but it is required");
	use("{\"required\":[\"id\"]}");
	ok("[]"); /* required applies to objects only */
}

Test(jsonschema, required_nested_path)
{
	use("{\"properties\":{\"user\":{\"required\":[\"name\"]}}}");
	ok("{\"user\":{\"name\":\"n\"}}");
	bad("{\"user\":{}}", "$.user", "required", "$.user.name: is missing but it is required");
}

Test(jsonschema, properties_all_reported)
{
	use("{\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"integer\"}}}");
	ok("{\"a\":\"x\",\"b\":2,\"c\":[]}");
	cr_assert_eq(check("{\"a\":1,\"b\":\"y\"}"), 2);
	is(0, "$.a", "type", "$.a: integer found, string expected");
	is(1, "$.b", "type", "$.b: string found, integer expected");
}

Test(jsonschema, additional_properties_false)
{
	use("{\"properties\":{\"id\":{},\"_table\":{}},\"additionalProperties\":false}");
	ok("{\"id\":\"u:1\",\"_table\":\"u\"}");
	bad("{\"id\":\"u:1\",\"extra\":1}", "$", "additionalProperties",
		"$.extra: is not defined in the schema and the schema does not allow additional properties");
}

Test(jsonschema, additional_properties_schema)
{
	use("{\"properties\":{\"id\":{}},\"additionalProperties\":{\"type\":\"number\"}}");
	ok("{\"id\":\"x\",\"a\":1,\"b\":2.5}");
	bad("{\"id\":\"x\",\"a\":\"1\"}", "$.a", "type", "$.a: string found, number expected");
}

Test(jsonschema, pattern_properties)
{
	use("{\"patternProperties\":{\"^x-\":{\"type\":\"string\"},\"^n_\\\\d+$\":{\"type\":\"integer\"}},"
	    "\"additionalProperties\":false}");
	ok("{\"x-a\":\"s\",\"n_12\":3}");
	bad("{\"x-a\":1}", "$.x-a", "type", "$.x-a: integer found, string expected");
	bad("{\"n_1\":\"s\"}", "$.n_1", "type", NULL);
	bad("{\"n_a\":1}", "$", "additionalProperties", NULL);
}

Test(jsonschema, property_names)
{
	use("{\"propertyNames\":{\"pattern\":\"^[a-z]+$\",\"maxLength\":5}}");
	ok("{\"abc\":1}");
	bad("{\"Abc\":1}", "$.Abc", "propertyNames",
		"Property name $.Abc is not valid for validation: does not match the regex pattern ^[a-z]+$");
	bad("{\"abcdefg\":1}", "$.abcdefg", "propertyNames",
		"Property name $.abcdefg is not valid for validation: may only be 5 characters long");
}

Test(jsonschema, min_max_properties)
{
	use("{\"minProperties\":1,\"maxProperties\":2}");
	ok("{\"a\":1}");
	ok("{\"a\":1,\"b\":2}");
	bad("{}", "$", "minProperties", "$: should have a minimum of 1 properties");
	bad("{\"a\":1,\"b\":2,\"c\":3}", "$", "maxProperties",
		"$: may only have a maximum of 2 properties");
}

Test(jsonschema, dependencies_names_and_schema)
{
	use("{\"dependencies\":{\"card\":[\"billing\"],\"vip\":{\"required\":[\"level\"]}}}");
	ok("{}");
	ok("{\"card\":1,\"billing\":2}");
	ok("{\"vip\":true,\"level\":3}");
	bad("{\"card\":1}", "$", "dependencies",
		"$: has a missing property \"billing\" which is dependent required by \"card\"");
	bad("{\"vip\":true}", "$", "required", "$.level: is missing but it is required");
}

Test(jsonschema, dependent_required_and_schemas_2019)
{
	use("{\"$schema\":\"https://json-schema.org/draft/2019-09/schema\","
	    "\"dependentRequired\":{\"a\":[\"b\"]},"
	    "\"dependentSchemas\":{\"c\":{\"properties\":{\"d\":{\"type\":\"string\"}}}}}");
	cr_assert_eq(jsv_draft(schema), JSV_DRAFT_2019_09);
	ok("{\"a\":1,\"b\":1}");
	ok("{\"c\":1,\"d\":\"x\"}");
	ok("{\"d\":1}");
	bad("{\"a\":1}", "$", "dependentRequired",
		"$: has a missing property \"b\" which is dependent required by \"a\"");
	bad("{\"c\":1,\"d\":1}", "$.d", "type", NULL);
}

Test(jsonschema, dependent_required_ignored_in_draft7)
{
	use("{\"dependentRequired\":{\"a\":[\"b\"]}}");
	ok("{\"a\":1}");
}

/* ---- Arrays ------------------------------------------------------------ */

Test(jsonschema, items_schema)
{
	use("{\"items\":{\"type\":\"integer\"}}");
	ok("[]");
	ok("[1,2,3]");
	cr_assert_eq(check("[1,\"a\",true]"), 2);
	is(0, "$[1]", "type", "$[1]: string found, integer expected");
	is(1, "$[2]", "type", "$[2]: boolean found, integer expected");
}

Test(jsonschema, items_tuple_draft7)
{
	use("{\"items\":[{\"type\":\"string\"},{\"type\":\"integer\"}],\"additionalItems\":false}");
	ok("[\"a\"]");
	ok("[\"a\",1]");
	bad("[1,1]", "$[0]", "type", NULL);
	bad("[\"a\",1,2]", "$", "additionalItems", "$[2]: no validator found at this index");
}

Test(jsonschema, additional_items_schema)
{
	use("{\"items\":[{}],\"additionalItems\":{\"type\":\"string\"}}");
	ok("[1,\"a\",\"b\"]");
	bad("[1,\"a\",2]", "$[2]", "type", "$[2]: integer found, string expected");
}

Test(jsonschema, additional_items_ignored_without_tuple)
{
	use("{\"items\":{},\"additionalItems\":false}");
	ok("[1,2,3]");
}

Test(jsonschema, prefix_items_2020)
{
	use("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
	    "\"prefixItems\":[{\"type\":\"string\"}],\"items\":{\"type\":\"integer\"}}");
	cr_assert_eq(jsv_draft(schema), JSV_DRAFT_2020_12);
	ok("[\"a\",1,2]");
	bad("[1]", "$[0]", "type", "$[0]: integer found, string expected");
	bad("[\"a\",1,\"b\"]", "$[2]", "type", "$[2]: string found, integer expected");
}

Test(jsonschema, prefix_items_closed_2020)
{
	use("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
	    "\"prefixItems\":[{},{}],\"items\":false}");
	ok("[1,2]");
	bad("[1,2,3]", "$", "items", "$[2]: no validator found at this index");
}

Test(jsonschema, contains)
{
	use("{\"contains\":{\"type\":\"string\"}}");
	ok("[1,\"a\"]");
	ok("{}");
	bad("[1,2]", "$", "contains",
		"$: does not contain an element that passes these validations: {\"type\":\"string\"}");
	bad("[]", "$", "contains", NULL);
}

Test(jsonschema, min_max_items)
{
	use("{\"minItems\":1,\"maxItems\":2}");
	ok("[1]");
	ok("[1,2]");
	bad("[]", "$", "minItems", "$: there must be a minimum of 1 items in the array");
	bad("[1,2,3]", "$", "maxItems", "$: there must be a maximum of 2 items in the array");
}

Test(jsonschema, unique_items)
{
	use("{\"uniqueItems\":true}");
	ok("[1,2,\"1\",{\"a\":1},{\"a\":2}]");
	bad("[1,2,1.0]", "$", "uniqueItems", "$: the items in the array must be unique");
	bad("[{\"a\":1,\"b\":2},{\"b\":2,\"a\":1}]", "$", "uniqueItems", NULL);
	use("{\"uniqueItems\":false}");
	ok("[1,1]");
}

/* ---- Strings ----------------------------------------------------------- */

Test(jsonschema, length_counts_code_points)
{
	use("{\"minLength\":2,\"maxLength\":3}");
	ok("\"ab\"");
	ok("\"\\u00e9t\\u00e9\""); /* "été": three code points, five bytes */
	ok("\"\\ud83d\\ude00x\""); /* an emoji (four bytes) and one letter */
	bad("\"a\"", "$", "minLength", "$: must be at least 2 characters long");
	bad("\"abcd\"", "$", "maxLength", "$: may only be 3 characters long");
	ok("12345"); /* not a string */
}

Test(jsonschema, pattern_posix)
{
	use("{\"properties\":{\"zip\":{\"pattern\":\"^[0-9]{5}(-[0-9]{4})?$\"}}}");
	ok("{\"zip\":\"12345\"}");
	ok("{\"zip\":\"12345-6789\"}");
	bad("{\"zip\":\"1234\"}", "$.zip", "pattern",
		"$.zip: does not match the regex pattern ^[0-9]{5}(-[0-9]{4})?$");
}

Test(jsonschema, pattern_is_a_search)
{
	use("{\"pattern\":\"b+\"}");
	ok("\"abbbc\"");
	bad("\"ac\"", "$", "pattern", NULL);
}

Test(jsonschema, pattern_ecma_escapes)
{
	use("{\"pattern\":\"^\\\\d{3}-\\\\w+\\\\s?[\\\\d.]*$\"}");
	ok("\"123-ab_9 1.5\"");
	ok("\"123-x\"");
	bad("\"12-x\"", "$", "pattern", NULL);
	bad("\"123-x y\"", "$", "pattern", NULL);
	use("{\"pattern\":\"^(?:ab)+\\\\.[\\\\-\\\\]]$\"}");
	ok("\"abab.-\"");
	ok("\"ab.]\"");
	bad("\"ab.x\"", "$", "pattern", NULL);
}

Test(jsonschema, format_date_time)
{
	use("{\"format\":\"date-time\"}");
	ok("\"2024-02-29T12:30:00Z\"");
	ok("\"2024-01-01T00:00:00.123+05:30\"");
	ok("\"2024-01-01t23:59:60z\"");
	ok("7"); /* formats only concern strings */
	bad("\"2023-02-29T12:30:00Z\"", "$", "format",
		"$: 2023-02-29T12:30:00Z is an invalid date-time");
	bad("\"2024-01-01 12:30:00Z\"", "$", "format", NULL);
	bad("\"2024-01-01T12:30:00\"", "$", "format", NULL);
	bad("\"2024-01-01T24:00:00Z\"", "$", "format", NULL);
}

Test(jsonschema, format_date)
{
	use("{\"format\":\"date\"}");
	ok("\"2000-02-29\"");
	bad("\"1900-02-29\"", "$", "format", "$: 1900-02-29 is an invalid date");
	bad("\"2024-13-01\"", "$", "format", NULL);
	bad("\"2024-1-01\"", "$", "format", NULL);
}

Test(jsonschema, format_email)
{
	use("{\"properties\":{\"email\":{\"type\":\"string\",\"format\":\"email\"}}}");
	ok("{\"email\":\"first.last+tag@example.co.uk\"}");
	bad("{\"email\":\"nobody\"}", "$.email", "format", "$.email: nobody is an invalid email");
	bad("{\"email\":\"a..b@example.com\"}", "$.email", "format", NULL);
	bad("{\"email\":\"a@-example.com\"}", "$.email", "format", NULL);
	bad("{\"email\":\"a@example\"}", "$.email", "format", NULL);
	bad("{\"email\":\"a b@example.com\"}", "$.email", "format", NULL);
}

Test(jsonschema, format_uuid_and_ipv4)
{
	use("{\"properties\":{\"u\":{\"format\":\"uuid\"},\"ip\":{\"format\":\"ipv4\"}}}");
	ok("{\"u\":\"123e4567-E89B-12d3-a456-426614174000\",\"ip\":\"192.168.0.255\"}");
	bad("{\"u\":\"123e4567e89b12d3a456426614174000\"}", "$.u", "format",
		"$.u: 123e4567e89b12d3a456426614174000 is an invalid uuid");
	bad("{\"ip\":\"256.1.1.1\"}", "$.ip", "format", "$.ip: 256.1.1.1 is an invalid ipv4");
	bad("{\"ip\":\"01.1.1.1\"}", "$.ip", "format", NULL);
	bad("{\"ip\":\"1.1.1\"}", "$.ip", "format", NULL);
}

Test(jsonschema, unknown_format_is_an_annotation)
{
	use("{\"format\":\"hostname-of-the-future\"}");
	ok("\"anything at all\"");
}

/* ---- Numbers ----------------------------------------------------------- */

Test(jsonschema, minimum_maximum)
{
	use("{\"minimum\":0,\"maximum\":10.5}");
	ok("0");
	ok("10.5");
	ok("\"not a number\"");
	bad("-1", "$", "minimum", "$: must have a minimum value of 0");
	bad("10.6", "$", "maximum", "$: must have a maximum value of 10.5");
}

Test(jsonschema, exclusive_bounds_numeric_form)
{
	use("{\"exclusiveMinimum\":0,\"exclusiveMaximum\":1}");
	ok("0.5");
	bad("0", "$", "exclusiveMinimum", "$: must have an exclusive minimum value of 0");
	bad("1.0", "$", "exclusiveMaximum", "$: must have an exclusive maximum value of 1");
}

Test(jsonschema, large_integers_compare_exactly)
{
	use("{\"maximum\":9007199254740993}");
	ok("9007199254740993");
	bad("9007199254740994", "$", "maximum", NULL);
}

Test(jsonschema, multiple_of)
{
	use("{\"multipleOf\":3}");
	ok("9");
	ok("-6");
	ok("9.0");
	bad("10", "$", "multipleOf", "$: must be multiple of 3");
	use("{\"multipleOf\":0.1}");
	ok("0.3");
	ok("12.7");
	bad("0.35", "$", "multipleOf", "$: must be multiple of 0.1");
}

/* ---- Combinations ------------------------------------------------------ */

Test(jsonschema, all_of_passes_on_violations)
{
	use("{\"allOf\":[{\"type\":\"object\"},{\"required\":[\"a\"]},{\"required\":[\"b\"]}]}");
	ok("{\"a\":1,\"b\":2}");
	cr_assert_eq(check("{}"), 2);
	is(0, "$", "required", "$.a: is missing but it is required");
	is(1, "$", "required", "$.b: is missing but it is required");
}

Test(jsonschema, any_of)
{
	use("{\"anyOf\":[{\"type\":\"string\"},{\"minimum\":5}]}");
	ok("\"a\"");
	ok("7");
	bad("3", "$", "anyOf",
		"$: should be valid to any of the schemas [{\"type\":\"string\"},{\"minimum\":5}]");
}

Test(jsonschema, one_of)
{
	use("{\"oneOf\":[{\"type\":\"integer\"},{\"minimum\":2}]}");
	ok("1");
	ok("2.5");
	bad("3", "$", "oneOf", "$: should be valid to one and only one schema, but 2 are valid");
	bad("1.5", "$", "oneOf", "$: should be valid to one and only one schema, but 0 are valid");
}

Test(jsonschema, not_keyword)
{
	use("{\"properties\":{\"role\":{\"not\":{\"enum\":[\"root\"]}}}}");
	ok("{\"role\":\"user\"}");
	bad("{\"role\":\"root\"}", "$.role", "not",
		"$.role: should not be valid to the schema {\"enum\":[\"root\"]}");
}

Test(jsonschema, if_then_else)
{
	use("{\"if\":{\"properties\":{\"kind\":{\"const\":\"company\"}}},"
	    "\"then\":{\"required\":[\"vat\"]},\"else\":{\"required\":[\"birthday\"]}}");
	ok("{\"kind\":\"company\",\"vat\":\"x\"}");
	ok("{\"kind\":\"person\",\"birthday\":\"x\"}");
	bad("{\"kind\":\"company\"}", "$", "required", "$.vat: is missing but it is required");
	bad("{\"kind\":\"person\"}", "$", "required", "$.birthday: is missing but it is required");
}

Test(jsonschema, then_without_if_is_ignored)
{
	use("{\"then\":false,\"else\":false}");
	ok("1");
	use("{\"if\":true,\"else\":false}");
	ok("1");
}

/* ---- Boolean schemas --------------------------------------------------- */

Test(jsonschema, boolean_schemas)
{
	use("true");
	ok("{\"anything\":[1]}");
	use("false");
	bad("1", "$", "false", "$: Boolean schema false is not valid");
	use("{\"properties\":{\"secret\":false}}");
	ok("{\"public\":1}");
	bad("{\"secret\":1}", "$.secret", "false", "$.secret: Boolean schema false is not valid");
}

/* ---- References -------------------------------------------------------- */

Test(jsonschema, ref_definitions)
{
	use("{\"definitions\":{\"pos\":{\"type\":\"integer\",\"minimum\":1}},"
	    "\"properties\":{\"n\":{\"$ref\":\"#/definitions/pos\"}}}");
	ok("{\"n\":3}");
	bad("{\"n\":0}", "$.n", "minimum", "$.n: must have a minimum value of 1");
}

Test(jsonschema, ref_defs_escaped)
{
	use("{\"$defs\":{\"a/b\":{\"type\":\"string\"},\"t~x\":{\"type\":\"integer\"}},"
	    "\"items\":[{\"$ref\":\"#/$defs/a~1b\"},{\"$ref\":\"#/%24defs/t~0x\"}]}");
	ok("[\"s\",1]");
	bad("[1]", "$[0]", "type", NULL);
	bad("[\"s\",\"t\"]", "$[1]", "type", NULL);
}

Test(jsonschema, ref_root_recursive_tree)
{
	use("{\"type\":\"object\",\"required\":[\"name\"],"
	    "\"properties\":{\"name\":{\"type\":\"string\"},\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#\"}}}}");
	ok("{\"name\":\"a\",\"children\":[{\"name\":\"b\",\"children\":[{\"name\":\"c\"}]}]}");
	bad("{\"name\":\"a\",\"children\":[{\"name\":\"b\",\"children\":[{}]}]}",
		"$.children[0].children[0]", "required",
		"$.children[0].children[0].name: is missing but it is required");
}

Test(jsonschema, ref_loop_hits_the_depth_limit)
{
	use("{\"definitions\":{\"a\":{\"$ref\":\"#/definitions/b\"},\"b\":{\"$ref\":\"#/definitions/a\"}},"
	    "\"$ref\":\"#/definitions/a\"}");
	bad("1", "$", "$ref", NULL);
	cr_assert(strstr(found[0].message, "nesting exceeds") != NULL);
	use("{\"$ref\":\"#\"}");
	bad("{}", "$", "$ref", NULL);
}

Test(jsonschema, ref_into_an_unknown_keyword_is_checked)
{
	use("{\"x-shared\":{\"type\":\"string\"},\"$ref\":\"#/x-shared\"}");
	ok("\"s\"");
	bad("1", "$", "type", NULL);
	refused("{\"x-shared\":{\"minLength\":-1},\"$ref\":\"#/x-shared\"}",
		"\"#/x-shared/minLength\"");
}

Test(jsonschema, ref_siblings_are_evaluated)
{
	use("{\"definitions\":{\"s\":{\"type\":\"string\"}},\"$ref\":\"#/definitions/s\",\"maxLength\":2}");
	ok("\"ab\"");
	bad("\"abc\"", "$", "maxLength", NULL);
	bad("1", "$", "type", NULL);
}

/* ---- Drafts ------------------------------------------------------------ */

Test(jsonschema, draft_from_schema_uri)
{
	use("{}");
	cr_assert_eq(jsv_draft(schema), JSV_DRAFT_7);
	use("{\"$schema\":\"http://json-schema.org/draft-07/schema#\"}");
	cr_assert_eq(jsv_draft(schema), JSV_DRAFT_7);
	use("{\"$schema\":\"https://json-schema.org/draft/2019-09/schema\"}");
	cr_assert_eq(jsv_draft(schema), JSV_DRAFT_2019_09);
	use("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\"}");
	cr_assert_eq(jsv_draft(schema), JSV_DRAFT_2020_12);
	use("{\"$schema\":\"http://json-schema.org/draft-04/schema#\"}");
	cr_assert_eq(jsv_draft(schema), JSV_DRAFT_7);
	use("true");
	cr_assert_eq(jsv_draft(schema), JSV_DRAFT_7);
}

Test(jsonschema, prefix_items_ignored_before_2020)
{
	use("{\"prefixItems\":[{\"type\":\"string\"}]}");
	ok("[1]");
}

Test(jsonschema, items_tuple_2019)
{
	use("{\"$schema\":\"https://json-schema.org/draft/2019-09/schema\","
	    "\"items\":[{\"type\":\"integer\"}],\"additionalItems\":false}");
	ok("[1]");
	bad("[1,2]", "$", "additionalItems", "$[1]: no validator found at this index");
}

/* ---- A ChronDB-style schema ------------------------------------------- */

Test(jsonschema, chrondb_user_schema)
{
	use("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
	    "\"required\":[\"id\",\"email\"],"
	    "\"properties\":{\"id\":{\"type\":\"string\"},\"_table\":{\"type\":\"string\"},"
	    "\"email\":{\"type\":\"string\",\"format\":\"email\"},"
	    "\"age\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":150},"
	    "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"uniqueItems\":true}},"
	    "\"additionalProperties\":false}");
	ok("{\"id\":\"users:1\",\"_table\":\"users\",\"email\":\"a@b.io\",\"age\":30,\"tags\":[\"x\"]}");
	bad("{\"id\":\"users:1\",\"_table\":\"users\"}", "$", "required",
		"$.email: is missing but it is required");
	cr_assert_eq(
		check("{\"id\":\"users:1\",\"email\":\"bad\",\"age\":-1,\"tags\":[\"x\",2,\"x\"],\"value\":1}"),
		5);
	is(0, "$.email", "format", "$.email: bad is an invalid email");
	is(1, "$.age", "minimum", "$.age: must have a minimum value of 0");
	is(2, "$.tags[1]", "type", "$.tags[1]: integer found, string expected");
	is(3, "$.tags", "uniqueItems", NULL);
	is(4, "$", "additionalProperties", NULL);
}

/* ---- Limits and the API ------------------------------------------------ */

Test(jsonschema, violations_are_capped)
{
	json_t *doc = json_array();
	int rc;

	use("{\"items\":{\"type\":\"string\"}}");
	for (int i = 0; i < 3 * JSV_MAX_VIOLATIONS; i++)
		json_array_append_new(doc, json_integer(i));
	rc = jsv_validate(schema, doc, &found, &nfound);
	json_decref(doc);
	cr_assert_eq(rc, 1);
	cr_assert_eq(nfound, JSV_MAX_VIOLATIONS);
	is(JSV_MAX_VIOLATIONS - 1, "$[99]", "type", "$[99]: integer found, string expected");
}

Test(jsonschema, unknown_keywords_are_ignored)
{
	use("{\"title\":\"t\",\"description\":\"d\",\"x-ui\":{\"widget\":1},\"examples\":[1],"
	    "\"minContains\":\"not checked\",\"type\":\"integer\"}");
	ok("1");
	bad("\"1\"", "$", "type", NULL);
}

Test(jsonschema, schema_is_copied)
{
	json_t *v = parse("{\"type\":\"string\"}");
	store_err err;

	store_err_clear(&err);
	schema = jsv_compile(v, &err);
	cr_assert_not_null(schema);
	json_object_set_new(v, "type", json_string("integer"));
	json_decref(v);
	ok("\"still a string schema\"");
}

/* ---- Bad schemas ------------------------------------------------------- */

Test(jsonschema, bad_schemas)
{
	refused("1", "The value at \"#\" must be a schema: an object or a boolean.");
	refused("{\"type\":\"text\"}", "\"#/type\" is \"text\", which is not a JSON Schema type");
	refused("{\"type\":[]}", "\"#/type\"");
	refused("{\"type\":[\"string\",1]}", "\"#/type\"");
	refused("{\"properties\":{\"a\":{\"minLength\":-1}}}",
		"The value at \"#/properties/a/minLength\" must be a non-negative integer.");
	refused("{\"maxItems\":1.5}", "\"#/maxItems\" must be a non-negative integer");
	refused("{\"required\":\"id\"}", "\"#/required\" must be an array of strings");
	refused("{\"required\":[1]}", "\"#/required\"");
	refused("{\"properties\":[]}", "\"#/properties\" must be an object of schemas");
	refused("{\"properties\":{\"a\":3}}", "\"#/properties/a\" must be a schema");
	refused("{\"allOf\":[]}", "\"#/allOf\" must be a non-empty array of schemas");
	refused("{\"anyOf\":[{},\"x\"]}", "\"#/anyOf/1\" must be a schema");
	refused("{\"pattern\":\"(unclosed\"}",
		"\"#/pattern\" is a pattern POSIX regular expressions cannot compile");
	refused("{\"patternProperties\":{\"[\":{}}}", "\"#/patternProperties/[\"");
	refused("{\"multipleOf\":0}", "\"#/multipleOf\" must be a number greater than 0");
	refused("{\"minimum\":\"1\"}", "\"#/minimum\" must be a number");
	refused("{\"exclusiveMinimum\":true}", "\"#/exclusiveMinimum\" must be a number");
	refused("{\"uniqueItems\":1}", "\"#/uniqueItems\" must be a boolean");
	refused("{\"enum\":1}", "\"#/enum\" must be an array");
	refused("{\"format\":1}", "\"#/format\" must be a string");
	refused("{\"dependencies\":{\"a\":[1]}}",
		"\"#/dependencies/a\" must be an array of strings");
	refused("{\"dependencies\":{\"a\":1}}", "\"#/dependencies/a\" must be a schema");
	refused("{\"definitions\":{\"a~b/c\":{\"not\":1}}}", "\"#/definitions/a~0b~1c/not\"");
	refused("{\"$ref\":\"#/definitions/missing\"}",
		"\"#/$ref\" is the reference \"#/definitions/missing\", which names nothing in this schema");
	refused("{\"$ref\":\"http://example.com/s.json\"}",
		"which does not point inside this schema");
	refused("{\"$ref\":\"#anchor\"}", "which names nothing");
	refused("{\"$ref\":1}", "\"#/$ref\" must be a string");
	refused("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"items\":[{}]}",
		"\"#/items\" must be a schema in draft 2020-12");
	refused("{\"then\":{\"type\":\"x\"}}", "\"#/then/type\"");
}

Test(jsonschema, bad_schema_hint_for_remote_ref)
{
	json_t *v = parse("{\"$ref\":\"other.json#/a\"}");
	store_err err;

	store_err_clear(&err);
	cr_assert_null(jsv_compile(v, &err));
	json_decref(v);
	cr_assert(strstr(err.hint, "Only local references") != NULL);
}

Test(jsonschema, deep_schema_refused)
{
	json_t *root = json_object(), *cur = root;
	store_err err;

	/* {"not":{"not":{...}}} nested past the limit. */
	for (int i = 0; i < JSV_MAX_DEPTH + 5; i++) {
		json_t *next = json_object();
		json_object_set_new(cur, "not", next);
		cur = next;
	}
	store_err_clear(&err);
	cr_assert_null(jsv_compile(root, &err));
	json_decref(root);
	cr_assert_str_eq(err.sqlstate, "22023");
	cr_assert(strstr(err.detail, "nests more than") != NULL, "%s", err.detail);
}
