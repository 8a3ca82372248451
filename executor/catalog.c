/*
 * catalog.c - table definitions and their JSON (see catalog.h).
 *
 * Parsing goes through jansson: definitions are small, read once per
 * statement that names the table, and their numbers are plain integers.
 */
#include "catalog.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "array.h"

/* ---- Types ---- */

void cat_format_type(exec_oid type, int32_t typmod, char *out, size_t outsz)
{
	const exec_type *t = exec_type_by_oid(type);
	exec_oid elem = exec_array_elem_of(type);

	/* int2vector and oidvector have elements but print as themselves, as in PostgreSQL. */
	if (elem != 0 && type != EXEC_OID_INT2VECTOR && type != EXEC_OID_OIDVECTOR) {
		char inner[128];

		cat_format_type(elem, typmod, inner, sizeof(inner));
		snprintf(out, outsz, "%s[]", inner);
		return;
	}
	if (t == NULL) {
		snprintf(out, outsz, "???");
		return;
	}
	if (typmod < 0) {
		snprintf(out, outsz, "%s", t->sql_name);
		return;
	}
	switch (type) {
	case EXEC_OID_VARCHAR:
		snprintf(out, outsz, "character varying(%d)", typmod - 4);
		break;
	case EXEC_OID_BPCHAR:
		snprintf(out, outsz, "character(%d)", typmod - 4);
		break;
	case EXEC_OID_NUMERIC:
		snprintf(out, outsz, "numeric(%d,%d)", ((typmod - 4) >> 16) & 0xffff,
			(typmod - 4) & 0xffff);
		break;
	case EXEC_OID_TIMESTAMP:
		snprintf(out, outsz, "timestamp(%d) without time zone", typmod);
		break;
	case EXEC_OID_TIMESTAMPTZ:
		snprintf(out, outsz, "timestamp(%d) with time zone", typmod);
		break;
	case EXEC_OID_TIME:
		snprintf(out, outsz, "time(%d) without time zone", typmod);
		break;
	case EXEC_OID_TIMETZ:
		snprintf(out, outsz, "time(%d) with time zone", typmod);
		break;
	case EXEC_OID_INTERVAL:
		if (typmod <= 6) {
			snprintf(out, outsz, "interval(%d)", typmod);
		} else {
			/* Fields in the high half (PostgreSQL's intervaltypmodout), precision in the low. */
			static const struct {
				int32_t range;
				const char *words;
			} fields[] = {{1 << 2, " year"}, {1 << 1, " month"}, {1 << 3, " day"},
				{1 << 10, " hour"}, {1 << 11, " minute"}, {1 << 12, " second"},
				{3 << 1, " year to month"}, {1 << 3 | 1 << 10, " day to hour"},
				{1 << 3 | 3 << 10, " day to minute"},
				{1 << 3 | 7 << 10, " day to second"}, {3 << 10, " hour to minute"},
				{7 << 10, " hour to second"}, {3 << 11, " minute to second"}};
			int32_t range = (typmod >> 16) & 0x7FFF, precision = typmod & 0xFFFF;
			const char *words = "";

			for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
				if (fields[i].range == range)
					words = fields[i].words;
			if (precision != 0xFFFF)
				snprintf(out, outsz, "interval%s(%d)", words, precision);
			else
				snprintf(out, outsz, "interval%s", words);
		}
		break;
	default:
		snprintf(out, outsz, "%s", t->sql_name);
	}
}

/*
 * A type from its written form, as older entries have it: a name in any
 * case with an optional "(n)" or "(p,s)" typmod.
 */
static int type_from_text(const char *text, exec_oid *type, int32_t *typmod)
{
	char name[128];
	const char *paren = strchr(text, '(');
	size_t n = paren ? (size_t)(paren - text) : strlen(text);
	const exec_type *t;
	int a = -1, b = -1;

	if (n >= sizeof(name))
		return -1;
	for (size_t i = 0; i < n; i++)
		name[i] = (char)tolower((unsigned char)text[i]);
	while (n > 0 && name[n - 1] == ' ')
		n--;
	name[n] = '\0';
	if (paren != NULL && sscanf(paren, "(%d,%d)", &a, &b) < 1)
		a = -1;
	t = exec_type_by_name(name);
	if (t == NULL)
		return -1;
	*type = t->oid;
	*typmod = EXEC_TYPMOD_NONE;
	if (a >= 0) {
		if (t->oid == EXEC_OID_VARCHAR || t->oid == EXEC_OID_BPCHAR)
			*typmod = a + 4;
		else if (t->oid == EXEC_OID_NUMERIC)
			*typmod = ((a << 16) | (b >= 0 ? b : 0)) + 4;
		else
			*typmod = a;
	}
	return 0;
}

/* ---- Parsing ---- */

static const char *jstr(sql_arena *a, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? sql_arena_strndup(a, s, strlen(s)) : NULL;
}

/* Column indexes of a JSON array of names; -1 with err when one is unknown. */
static int name_list(
	sql_arena *a, const cat_table *t, json_t *arr, int **cols, int *n, store_err *err)
{
	size_t i;
	json_t *v;

	*n = (int)json_array_size(arr);
	*cols = sql_arena_alloc(a, (size_t)(*n ? *n : 1) * sizeof(int));
	json_array_foreach(arr, i, v)
	{
		const char *name = json_string_value(v);
		int k = name ? cat_column_index(t, name) : -1;

		if (k < 0) {
			store_err_set(err, "XX001",
				"the catalog entry of table \"%s\" names no column \"%s\"", t->name,
				name ? name : "?");
			return -1;
		}
		(*cols)[i] = k;
	}
	return 0;
}

static const char **str_list(sql_arena *a, json_t *arr, int *n)
{
	size_t i;
	json_t *v;
	const char **out;

	*n = (int)json_array_size(arr);
	out = sql_arena_alloc(a, (size_t)(*n ? *n : 1) * sizeof(*out));
	json_array_foreach(arr, i, v)
	{
		const char *s = json_string_value(v);

		out[i] = sql_arena_strndup(a, s ? s : "", s ? strlen(s) : 0);
	}
	return out;
}

static char fk_action(const char *s)
{
	static const struct {
		const char *name;
		char code;
	} actions[] = {{"no action", CAT_FK_NO_ACTION}, {"restrict", CAT_FK_RESTRICT},
		{"cascade", CAT_FK_CASCADE}, {"set null", CAT_FK_SET_NULL},
		{"set default", CAT_FK_SET_DEFAULT}};

	for (size_t i = 0; s != NULL && i < sizeof(actions) / sizeof(actions[0]); i++) {
		if (strcasecmp(s, actions[i].name) == 0)
			return actions[i].code;
	}
	return CAT_FK_NO_ACTION;
}

static const char *fk_action_name(char c)
{
	switch (c) {
	case CAT_FK_RESTRICT:
		return "restrict";
	case CAT_FK_CASCADE:
		return "cascade";
	case CAT_FK_SET_NULL:
		return "set null";
	case CAT_FK_SET_DEFAULT:
		return "set default";
	default:
		return "no action";
	}
}

int cat_table_parse(sql_arena *a, const char *json, size_t len, cat_table **out, store_err *err)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len, 0, &jerr), *cols, *c, *v;
	cat_table *t;
	size_t i;
	int r = EXEC_ERROR;

	if (!json_is_object(root)) {
		json_decref(root);
		store_err_set(err, "XX001", "a table's catalog entry is not a JSON object");
		store_err_detail(err, "%s", jerr.text);
		return EXEC_ERROR;
	}
	t = sql_arena_zalloc(a, sizeof(*t));
	t->name = jstr(a, root, "name");
	if (t->name == NULL)
		t->name = "";
	t->oid = (uint32_t)json_integer_value(json_object_get(root, "oid"));
	v = json_object_get(root, "layout");
	t->chrondb_layout = json_is_string(v) && strcmp(json_string_value(v), "chrondb") == 0;

	/* Columns. */
	cols = json_object_get(root, "columns");
	t->ncols = (int)json_array_size(cols);
	t->cols = sql_arena_zalloc(a, (size_t)(t->ncols ? t->ncols : 1) * sizeof(*t->cols));
	json_array_foreach(cols, i, c)
	{
		cat_column *col = &t->cols[i];
		json_t *oid = json_object_get(c, "type_oid");
		const char *ident = json_string_value(json_object_get(c, "identity"));

		col->name = jstr(a, c, "name");
		if (col->name == NULL) {
			store_err_set(
				err, "XX001", "a column of table \"%s\" has no name", t->name);
			goto out;
		}
		col->typmod = EXEC_TYPMOD_NONE;
		if (json_is_integer(oid)) {
			col->type = (exec_oid)json_integer_value(oid);
			if (json_is_integer(json_object_get(c, "typmod")))
				col->typmod =
					(int32_t)json_integer_value(json_object_get(c, "typmod"));
		} else {
			const char *ty = json_string_value(json_object_get(c, "type"));

			/* An entry written without OIDs; no type at all is text, as ChronDB's were. */
			if (ty == NULL || type_from_text(ty, &col->type, &col->typmod) < 0)
				col->type = EXEC_OID_TEXT;
		}
		col->not_null = json_is_true(json_object_get(c, "not_null")) ||
				json_is_false(json_object_get(c, "nullable"));
		col->default_sql = jstr(a, c, "default");
		col->identity = ident == NULL ? 0 : strcmp(ident, "always") == 0 ? 'a' : 'd';
		col->sequence = jstr(a, c, "sequence");
		col->comment = jstr(a, c, "comment");
	}

	/* Keys and constraints, which name columns. */
	if (name_list(a, t, json_object_get(root, "primary_key"), &t->pk, &t->npk, err) < 0)
		goto out;
	for (int k = 0; k < t->npk; k++)
		t->cols[t->pk[k]].not_null = true;
	v = json_object_get(root, "unique");
	t->nuniq = (int)json_array_size(v);
	t->uniq = sql_arena_zalloc(a, (size_t)(t->nuniq ? t->nuniq : 1) * sizeof(*t->uniq));
	json_array_foreach(v, i, c)
	{
		t->uniq[i].name = jstr(a, c, "name");
		if (name_list(a, t, json_object_get(c, "columns"), &t->uniq[i].cols,
			    &t->uniq[i].ncols, err) < 0)
			goto out;
	}
	v = json_object_get(root, "checks");
	t->nchecks = (int)json_array_size(v);
	t->checks = sql_arena_zalloc(a, (size_t)(t->nchecks ? t->nchecks : 1) * sizeof(*t->checks));
	json_array_foreach(v, i, c)
	{
		t->checks[i].name = jstr(a, c, "name");
		t->checks[i].sql = jstr(a, c, "expr");
	}
	v = json_object_get(root, "foreign_keys");
	t->nfkeys = (int)json_array_size(v);
	t->fkeys = sql_arena_zalloc(a, (size_t)(t->nfkeys ? t->nfkeys : 1) * sizeof(*t->fkeys));
	json_array_foreach(v, i, c)
	{
		cat_fkey *fk = &t->fkeys[i];
		int nref;

		fk->name = jstr(a, c, "name");
		if (name_list(a, t, json_object_get(c, "columns"), &fk->cols, &fk->ncols, err) < 0)
			goto out;
		fk->ref_table = jstr(a, c, "references");
		fk->ref_cols = str_list(a, json_object_get(c, "ref_columns"), &nref);
		fk->on_delete = fk_action(json_string_value(json_object_get(c, "on_delete")));
		fk->on_update = fk_action(json_string_value(json_object_get(c, "on_update")));
	}
	v = json_object_get(root, "indexes");
	t->nindexes = (int)json_array_size(v);
	t->indexes =
		sql_arena_zalloc(a, (size_t)(t->nindexes ? t->nindexes : 1) * sizeof(*t->indexes));
	json_array_foreach(v, i, c)
	{
		t->indexes[i].name = jstr(a, c, "name");
		t->indexes[i].cols =
			str_list(a, json_object_get(c, "columns"), &t->indexes[i].ncols);
		t->indexes[i].unique = json_is_true(json_object_get(c, "unique"));
	}
	t->comment = jstr(a, root, "comment");
	v = json_object_get(root, "index_comments");
	t->idx_comments = sql_arena_zalloc(a, (json_object_size(v) + 1) * sizeof(*t->idx_comments));
	{
		const char *key;
		json_t *text;

		json_object_foreach(v, key, text)
		{
			if (!json_is_string(text))
				continue;
			t->idx_comments[t->nidx_comments].name = sql_arena_strndup(a, key, strlen(key));
			t->idx_comments[t->nidx_comments++].text = sql_arena_strndup(
				a, json_string_value(text), json_string_length(text));
		}
	}
	v = json_object_get(root, "options");
	if (json_is_object(v)) {
		char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);

		t->options_json = sql_arena_strndup(a, s, strlen(s));
		free(s);
	}
	*out = t;
	r = EXEC_OK;
out:
	json_decref(root);
	return r;
}

bool cat_index_exists(const cat_table *t, const char *name)
{
	char pkey[128];

	for (int i = 0; i < t->nindexes; i++)
		if (strcmp(t->indexes[i].name, name) == 0)
			return true;
	for (int i = 0; i < t->nuniq; i++)
		if (strcmp(t->uniq[i].name, name) == 0)
			return true;
	snprintf(pkey, sizeof(pkey), "%.*s_pkey", 58, t->name);
	return t->npk > 0 && strcmp(pkey, name) == 0;
}

int cat_column_index(const cat_table *t, const char *name)
{
	for (int i = 0; i < t->ncols; i++) {
		if (strcmp(t->cols[i].name, name) == 0)
			return i;
	}
	return -1;
}

/* ---- Writing ---- */

static json_t *names_json(const cat_table *t, const int *cols, int n)
{
	json_t *arr = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_string(t->cols[cols[i]].name));
	return arr;
}

static json_t *strs_json(const char *const *s, int n)
{
	json_t *arr = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_string(s[i]));
	return arr;
}

void cat_table_json(const cat_table *t, store_buf *out)
{
	json_t *root = json_object(), *cols = json_array();
	char *text;

	json_object_set_new(root, "name", json_string(t->name));
	if (t->oid != 0)
		json_object_set_new(root, "oid", json_integer(t->oid));
	for (int i = 0; i < t->ncols; i++) {
		const cat_column *c = &t->cols[i];
		json_t *o = json_object();
		char type[160];

		cat_format_type(c->type, c->typmod, type, sizeof(type));
		json_object_set_new(o, "name", json_string(c->name));
		json_object_set_new(o, "type", json_string(type));
		json_object_set_new(o, "type_oid", json_integer(c->type));
		if (c->typmod >= 0)
			json_object_set_new(o, "typmod", json_integer(c->typmod));
		if (c->not_null)
			json_object_set_new(o, "not_null", json_true());
		if (c->default_sql != NULL)
			json_object_set_new(o, "default", json_string(c->default_sql));
		if (c->identity != 0)
			json_object_set_new(o, "identity",
				json_string(c->identity == 'a' ? "always" : "by default"));
		if (c->sequence != NULL)
			json_object_set_new(o, "sequence", json_string(c->sequence));
		if (c->comment != NULL)
			json_object_set_new(o, "comment", json_string(c->comment));
		json_array_append_new(cols, o);
	}
	json_object_set_new(root, "columns", cols);
	json_object_set_new(root, "primary_key", names_json(t, t->pk, t->npk));
	if (t->chrondb_layout)
		json_object_set_new(root, "layout", json_string("chrondb"));
	if (t->nuniq > 0) {
		json_t *arr = json_array();

		for (int i = 0; i < t->nuniq; i++) {
			json_t *o = json_object();

			json_object_set_new(o, "name", json_string(t->uniq[i].name));
			json_object_set_new(
				o, "columns", names_json(t, t->uniq[i].cols, t->uniq[i].ncols));
			json_array_append_new(arr, o);
		}
		json_object_set_new(root, "unique", arr);
	}
	if (t->nchecks > 0) {
		json_t *arr = json_array();

		for (int i = 0; i < t->nchecks; i++) {
			json_t *o = json_object();

			json_object_set_new(o, "name", json_string(t->checks[i].name));
			json_object_set_new(o, "expr", json_string(t->checks[i].sql));
			json_array_append_new(arr, o);
		}
		json_object_set_new(root, "checks", arr);
	}
	if (t->nfkeys > 0) {
		json_t *arr = json_array();

		for (int i = 0; i < t->nfkeys; i++) {
			const cat_fkey *fk = &t->fkeys[i];
			json_t *o = json_object();

			json_object_set_new(o, "name", json_string(fk->name));
			json_object_set_new(o, "columns", names_json(t, fk->cols, fk->ncols));
			json_object_set_new(o, "references", json_string(fk->ref_table));
			json_object_set_new(o, "ref_columns", strs_json(fk->ref_cols, fk->ncols));
			json_object_set_new(
				o, "on_delete", json_string(fk_action_name(fk->on_delete)));
			json_object_set_new(
				o, "on_update", json_string(fk_action_name(fk->on_update)));
			json_array_append_new(arr, o);
		}
		json_object_set_new(root, "foreign_keys", arr);
	}
	if (t->nindexes > 0) {
		json_t *arr = json_array();

		for (int i = 0; i < t->nindexes; i++) {
			json_t *o = json_object();

			json_object_set_new(o, "name", json_string(t->indexes[i].name));
			json_object_set_new(
				o, "columns", strs_json(t->indexes[i].cols, t->indexes[i].ncols));
			json_object_set_new(o, "unique", json_boolean(t->indexes[i].unique));
			json_array_append_new(arr, o);
		}
		json_object_set_new(root, "indexes", arr);
	}
	if (t->options_json != NULL) {
		json_t *opts = json_loads(t->options_json, 0, NULL);

		if (opts != NULL)
			json_object_set_new(root, "options", opts);
	}
	if (t->comment != NULL)
		json_object_set_new(root, "comment", json_string(t->comment));
	{
		/* An index's comment goes with the index (DROP INDEX, DROP CONSTRAINT). */
		json_t *notes = json_object();

		for (int i = 0; i < t->nidx_comments; i++)
			if (cat_index_exists(t, t->idx_comments[i].name))
				json_object_set_new(notes, t->idx_comments[i].name,
					json_string(t->idx_comments[i].text));
		if (json_object_size(notes) > 0)
			json_object_set_new(root, "index_comments", notes);
		else
			json_decref(notes);
	}
	text = json_dumps(root, JSON_COMPACT);
	store_buf_puts(out, text);
	free(text);
	json_decref(root);
}
