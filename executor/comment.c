/*
 * comment.c - COMMENT ON and the descriptions it leaves: the statement
 * (tables, views, sequences, indexes, columns and schemas), where each
 * comment is kept, and pg_description's rows with the lookups
 * obj_description and col_description make (syscat_int.h).
 *
 * A comment is part of the catalog entry of what it describes, so it is
 * written in the statement's transaction, committed to Git with it and
 * versioned like the rest of the definition: a table's and its
 * columns' and indexes' in the table's entry (catalog.h), a view's and
 * its columns' in the view's entry ("comment", "column_comments"), a
 * sequence's in the sequence's.  A schema is a branch, which has no
 * entry of its own: its comment is an entry .chrondb/schemas/<name>.json
 * of the session's branch, {"name": ..., "comment": ...}, where a null
 * comment removes a built-in one (public's "standard public schema").
 * As in PostgreSQL, '' removes a comment as NULL does.
 *
 * The built-in objects' descriptions are PostgreSQL's (pgdesc.c).
 *
 * Not here: COMMENT ON of other objects (functions, constraints,
 * databases, roles...): the grammar has none of them (42601).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "stmt.h"
#include "syscat_int.h"

/* pg_class, pg_namespace: the catalogs comments describe objects of. */
enum { CLASS_PG_CLASS = 1259, CLASS_PG_NAMESPACE = 2615 };

static const char *builtin(uint32_t classoid, uint32_t objoid);
static const char *schema_note(const sc_image *im, uint32_t oid, bool *noted);

/* ---- COMMENT ON ---- */

/* The relation a comment's name gives, with its kind ('t', 'v', 'S', 0), or an error. */
static int comment_target(exec_stmt *st, store_tx *tx, const sql_list *names, int nnames,
	const char **name, char *kind)
{
	sql_list *rel = NULL;

	for (int i = 0; i < nnames; i++)
		rel = sql_list_append(st->a, rel, sql_list_nth(names, i));
	if (nnames > 3 || (nnames == 3 && strcmp(sql_list_str(names, 0), st->ss->database) != 0))
		return store_err_set(st->err, "0A000",
			"cross-database references are not implemented: %s",
			sql_list_str(names, nnames - 1));
	if (exec_systable_find(nnames >= 2 ? sql_list_str(names, nnames - 2) : NULL,
		    sql_list_str(names, nnames - 1)) != NULL)
		return store_err_set(st->err, "42501",
			"permission denied: \"%s\" is a system catalog",
			sql_list_str(names, nnames - 1));
	if (exec_target_name(st, rel, -1, name) != EXEC_OK ||
		exec_relkind(st, tx, *name, kind) != EXEC_OK)
		return EXEC_ERROR;
	return EXEC_OK;
}

/* The table with an index of this name, as the transaction sees it (NULL: none). */
static int index_table(exec_stmt *st, store_tx *tx, const char *index, cat_table **out)
{
	char **names = NULL;
	size_t n = 0;
	int r = EXEC_OK;

	*out = NULL;
	if (store_tx_tables(tx, st->snap, &names, &n, st->err) != STORE_OK)
		return EXEC_ERROR;
	for (size_t i = 0; i < n && *out == NULL && r == EXEC_OK; i++) {
		cat_table *t;

		r = exec_table_load(st, tx, names[i], &t);
		if (r == EXEC_OK && t != NULL && cat_index_exists(t, index))
			*out = t;
	}
	free(names);
	return r;
}

/* Set (text) or remove (NULL) the note of this name in a table's list. */
static void note_set(exec_stmt *st, cat_note **notes, int *n, const char *name, const char *text)
{
	cat_note *grown;
	int k = 0;

	while (k < *n && strcmp((*notes)[k].name, name) != 0)
		k++;
	if (k < *n) {
		if (text != NULL)
			(*notes)[k].text = text;
		else
			(*notes)[k] = (*notes)[--*n];
		return;
	}
	if (text == NULL)
		return;
	grown = sql_arena_alloc(st->a, (size_t)(*n + 1) * sizeof(*grown));
	if (*n > 0)
		memcpy(grown, *notes, (size_t)*n * sizeof(*grown));
	grown[*n].name = name;
	grown[(*n)++].text = text;
	*notes = grown;
}

/* Write catalog entry kind/name as o's JSON (o is consumed). */
static int meta_write(exec_stmt *st, store_tx *tx, const char *kind, const char *name, json_t *o)
{
	char *json = json_dumps(o, JSON_COMPACT);
	int r;

	json_decref(o);
	if (json == NULL)
		return store_err_set(st->err, "53200", "out of memory");
	r = store_tx_meta_put(tx, kind, name, json, strlen(json), st->err);
	free(json);
	return r == STORE_OK ? EXEC_OK : EXEC_ERROR;
}

/* Set or remove key in object o (text NULL removes it). */
static void json_note(json_t *o, const char *key, const char *text)
{
	if (text != NULL)
		json_object_set_new(o, key, json_string(text));
	else
		json_object_del(o, key);
}

/* A view's entry with its comment, or a column's, changed. */
static int comment_view(
	exec_stmt *st, store_tx *tx, const char *view, const char *column, const char *text)
{
	char *json = NULL;
	json_t *o, *cols;
	bool found = column == NULL;
	size_t i;

	if (store_tx_meta_get(tx, st->snap, "views", view, &json, st->err) != STORE_OK)
		return EXEC_ERROR;
	o = json_loads(json, 0, NULL);
	free(json);
	if (!json_is_object(o)) {
		json_decref(o);
		return store_err_set(st->err, "XX001",
			"the catalog entry of view \"%s\" is not a JSON object", view);
	}
	json_array_foreach(json_object_get(o, "columns"), i, cols) found =
		found || (json_is_string(cols) && strcmp(json_string_value(cols), column) == 0);
	if (!found) {
		json_decref(o);
		return store_err_set(st->err, "42703",
			"column \"%s\" of relation \"%s\" does not exist", column, view);
	}
	if (column == NULL) {
		json_note(o, "comment", text);
	} else {
		cols = json_object_get(o, "column_comments");
		if (!json_is_object(cols)) {
			cols = json_object();
			json_object_set_new(o, "column_comments", cols);
		}
		json_note(cols, column, text);
		if (json_object_size(cols) == 0)
			json_object_del(o, "column_comments");
	}
	return meta_write(st, tx, "views", view, o);
}

/* COMMENT ON COLUMN [schema.]relation.column: a table's or a view's. */
static int comment_column(exec_stmt *st, store_tx *tx, const sql_comment *n, const char *text)
{
	int nnames = sql_list_len(n->name);
	const char *rel, *column;
	cat_table *t;
	char kind;
	int k;

	if (nnames < 2)
		return store_err_set(st->err, "42601", "column name must be qualified");
	column = sql_list_str(n->name, nnames - 1);
	if (comment_target(st, tx, n->name, nnames - 1, &rel, &kind) != EXEC_OK)
		return EXEC_ERROR;
	if (kind == 'v')
		return comment_view(st, tx, rel, column, text);
	if (kind == 'S') {
		store_err_set(st->err, "42809", "cannot set comment on relation \"%s\"", rel);
		store_err_detail(st->err, "This operation is not supported for sequences.");
		return EXEC_ERROR;
	}
	if (kind == 0)
		return store_err_set(st->err, "42P01", "relation \"%s\" does not exist", rel);
	if (exec_table_load(st, tx, rel, &t) != EXEC_OK)
		return EXEC_ERROR;
	k = cat_column_index(t, column);
	if (k < 0)
		return store_err_set(st->err, "42703",
			"column \"%s\" of relation \"%s\" does not exist", column, rel);
	t->cols[k].comment = text;
	return exec_table_save(st, tx, t);
}

/* What an object kind's name is called in "is not a ..." messages. */
static const char *const kind_words[] = {
	[SQL_COMMENT_TABLE] = "a table",
	[SQL_COMMENT_VIEW] = "a view",
	[SQL_COMMENT_SEQUENCE] = "a sequence",
	[SQL_COMMENT_INDEX] = "an index",
};

/* COMMENT ON TABLE, VIEW, SEQUENCE or INDEX. */
static int comment_relation(exec_stmt *st, store_tx *tx, const sql_comment *n, const char *text)
{
	static const char wanted[] = {[SQL_COMMENT_TABLE] = 't', [SQL_COMMENT_VIEW] = 'v',
		[SQL_COMMENT_SEQUENCE] = 'S', [SQL_COMMENT_INDEX] = 0}; /* an index is no relkind here */
	const char *rel;
	cat_table *t;
	char kind;

	if (comment_target(st, tx, n->name, sql_list_len(n->name), &rel, &kind) != EXEC_OK)
		return EXEC_ERROR;
	if (n->object == SQL_COMMENT_INDEX) {
		if (index_table(st, tx, rel, &t) != EXEC_OK)
			return EXEC_ERROR;
		if (t != NULL) {
			note_set(st, &t->idx_comments, &t->nidx_comments, rel, text);
			return exec_table_save(st, tx, t);
		}
	}
	if (kind == 0)
		return store_err_set(st->err, "42P01", "relation \"%s\" does not exist", rel);
	if (kind != wanted[n->object])
		return store_err_set(
			st->err, "42809", "\"%s\" is not %s", rel, kind_words[n->object]);
	switch (kind) {
	case 't':
		if (exec_table_load(st, tx, rel, &t) != EXEC_OK)
			return EXEC_ERROR;
		t->comment = text;
		return exec_table_save(st, tx, t);
	case 'v':
		return comment_view(st, tx, rel, NULL, text);
	default: {
		exec_seq q;
		bool found;

		if (exec_seq_get(st, rel, &q, &found) != EXEC_OK)
			return EXEC_ERROR;
		q.comment = text;
		return exec_seq_put(st, tx, &q);
	}
	}
}

/* COMMENT ON SCHEMA: the session's branch is public; a null comment hides a built-in one. */
static int comment_schema(exec_stmt *st, store_tx *tx, const sql_comment *n, const char *text)
{
	const char *name = sql_list_str(n->name, 0), *canon;
	sc_image *im;
	uint32_t oid;
	json_t *o;

	if (exec_syscat_image(&st->cx, &im) != EXEC_OK)
		return EXEC_ERROR;
	oid = exec_syscat_nsp_oid(im, name);
	if (oid == 0)
		return store_err_set(st->err, "3F000", "schema \"%s\" does not exist", name);
	canon = exec_syscat_nsp_name(im, oid);

	/* Without a built-in description to hide, removing one removes the entry. */
	if (text == NULL && builtin(CLASS_PG_NAMESPACE, oid) == NULL) {
		bool noted;

		schema_note(im, oid, &noted);
		if (noted && store_tx_meta_delete(tx, "schemas", canon, st->err) != STORE_OK)
			return EXEC_ERROR;
		return EXEC_OK;
	}
	o = json_object();
	json_object_set_new(o, "name", json_string(canon));
	json_object_set_new(o, "comment", text != NULL ? json_string(text) : json_null());
	return meta_write(st, tx, "schemas", canon, o);
}

int exec_comment(exec_stmt *st, sql_comment *n)
{
	const char *text = n->text != NULL && n->text[0] != '\0' ? n->text : NULL;
	store_tx *tx;

	strcpy(st->tag, "COMMENT");
	if (exec_stmt_need_tx(st, &tx) != EXEC_OK)
		return EXEC_ERROR;
	switch (n->object) {
	case SQL_COMMENT_COLUMN:
		return comment_column(st, tx, n, text);
	case SQL_COMMENT_SCHEMA:
		return comment_schema(st, tx, n, text);
	default:
		return comment_relation(st, tx, n, text);
	}
}

int exec_comment_keep(exec_stmt *st, store_tx *tx, const char *view, struct json_t *entry)
{
	static const char *const keys[] = {"comment", "column_comments"};
	char *json = NULL;
	json_t *old;

	if (store_tx_meta_get(tx, st->snap, "views", view, &json, st->err) != STORE_OK) {
		store_err_clear(st->err);
		return EXEC_OK;
	}
	old = json_loads(json, 0, NULL);
	free(json);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_t *v = json_object_get(old, keys[i]);

		if (v != NULL)
			json_object_set(entry, keys[i], v);
	}
	json_decref(old);
	return EXEC_OK;
}

/* ---- pg_description ---- */

/* A built-in object's description (pgdesc.c), by halves. */
static const char *builtin(uint32_t classoid, uint32_t objoid)
{
	size_t lo = 0, hi = exec_pg_ndescriptions;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const sc_description *d = &exec_pg_descriptions[mid];

		if (d->classoid == classoid && d->objoid == objoid)
			return d->text;
		if (d->classoid < classoid || (d->classoid == classoid && d->objoid < objoid))
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The comment on a schema of the image; *noted whether it has one (NULL: removed). */
static const char *schema_note(const sc_image *im, uint32_t oid, bool *noted)
{
	for (int i = 0; i < im->nnsp_notes; i++)
		if (exec_syscat_nsp_oid(im, im->nsp_notes[i].name) == oid) {
			*noted = true;
			return im->nsp_notes[i].text;
		}
	*noted = false;
	return NULL;
}

/* An index's comment: in its table's entry. */
static const char *index_note(const sc_rel *r)
{
	for (int i = 0; i < r->t->nidx_comments; i++)
		if (strcmp(r->t->idx_comments[i].name, r->name) == 0)
			return r->t->idx_comments[i].text;
	return NULL;
}

/* A relation's comment (subid 0) or its column's (subid > 0). */
static const char *rel_note(const sc_rel *r, int32_t subid)
{
	if (r->sys != NULL)
		return NULL;
	switch (r->kind) {
	case 'r':
		if (subid == 0)
			return r->t->comment;
		return subid <= r->t->ncols ? r->t->cols[subid - 1].comment : NULL;
	case 'i':
		return subid == 0 ? index_note(r) : NULL;
	case 'v':
		if (subid == 0)
			return r->comment;
		return subid <= r->nvcols ? r->vcomments[subid - 1] : NULL;
	case 'S':
		return subid == 0 ? r->seq->comment : NULL;
	default:
		return NULL;
	}
}

const char *exec_syscat_description(sc_image *im, uint32_t classoid, uint32_t objoid, int32_t subid)
{
	const sc_rel *r;
	const char *text;
	bool noted;

	if (classoid == CLASS_PG_CLASS)
		return (r = exec_syscat_rel(im, objoid)) != NULL && subid >= 0 ? rel_note(r, subid)
									       : NULL;
	if (classoid == CLASS_PG_NAMESPACE) {
		text = schema_note(im, objoid, &noted);
		if (noted)
			return text;
	}
	return subid == 0 ? builtin(classoid, objoid) : NULL;
}

int exec_syscat_descriptions(sc_image *im, sc_description_fn fn, void *arg)
{
	int r;
	bool noted;

	/* The built-in objects', but a schema's the user commented on. */
	for (size_t i = 0; i < exec_pg_ndescriptions; i++) {
		const sc_description *d = &exec_pg_descriptions[i];

		if (d->classoid == CLASS_PG_NAMESPACE &&
			(schema_note(im, d->objoid, &noted), noted))
			continue;
		if ((r = fn(arg, d->classoid, d->objoid, 0, d->text)) != 0)
			return r;
	}
	for (int i = 0; i < im->nnsp_notes; i++) {
		uint32_t oid = exec_syscat_nsp_oid(im, im->nsp_notes[i].name);

		if (oid != 0 && im->nsp_notes[i].text != NULL &&
			(r = fn(arg, CLASS_PG_NAMESPACE, oid, 0, im->nsp_notes[i].text)) != 0)
			return r;
	}

	/* The relations' and their columns'. */
	for (int i = 0; i < im->nrels; i++) {
		const sc_rel *rel = &im->rels[i];
		int natts = rel->sys == NULL && rel->kind != 'i' && rel->kind != 'S'
				    ? exec_syscat_natts(rel)
				    : 0;

		for (int k = 0; k <= natts; k++) {
			const char *text = rel_note(rel, k);

			if (text != NULL && (r = fn(arg, CLASS_PG_CLASS, rel->oid, k, text)) != 0)
				return r;
		}
	}
	return 0;
}
