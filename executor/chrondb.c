/*
 * chrondb.c - ChronDB's own statements (inventory sections 4.3 and 5.8):
 * SHOW TABLES, SHOW SCHEMAS / SHOW DATABASES, DESCRIBE / SHOW COLUMNS,
 * the JSON Schema validation rules (CREATE / DROP / SHOW VALIDATION
 * SCHEMA), and the check each row write makes against its table's rule.
 *
 * Listings are result sets of text columns named as ChronDB named them,
 * read at the statement's snapshot as the session's transaction sees it
 * (the tables and rules it created show).  A schema is a branch, and
 * "public" is the session's own one (DESIGN.md section 6).
 *
 * A validation rule is a catalog entry of kind "validation"
 * (.chrondb/validation/<namespace>.json on the branch), the document of
 * inventory section 5.8: {"namespace", "version", "mode", "schema",
 * "created_at", "created_by"}.  The namespace is a table's name as SQL
 * folded it; version counts from 1 and grows by one on each
 * replacement.  Rules are written through the statement's transaction,
 * so creating one is part of that transaction's commit and governs the
 * rows it writes afterwards.  Compiled schemas are kept in a small
 * process-wide cache keyed by the entry's stored text, which names the
 * rule's version and contents exactly, whatever the branch.
 *
 * Not here: the JSON Schema validator (jsonschema.c) and the writes
 * themselves (dml.c calls exec_validate_row).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jsonschema.h"
#include "sql.h"
#include "stmt.h"
#include "syscat.h"

/* ---- Result sets ---- */

/* A listing: text columns, rows counted for the "SELECT n" tag drivers read. */
typedef struct listing {
	exec_textres res;
	uint64_t nrows;
} listing;

static int listing_begin(listing *l, exec_stmt *st, int ncols, const char *const *names)
{
	l->nrows = 0;
	return exec_textres_begin(&l->res, st, ncols, names);
}

static int listing_row(listing *l, const char *const *vals)
{
	l->nrows++;
	return exec_textres_row(&l->res, vals);
}

static void listing_end(listing *l)
{
	snprintf(l->res.st->tag, sizeof(l->res.st->tag), "SELECT %llu",
		(unsigned long long)l->nrows);
}

/* ---- Schemas ---- */

/* Whether a schema name means the session's own branch. */
static bool own_schema(const exec_stmt *st, const char *schema)
{
	return schema == NULL || strcmp(schema, "public") == 0 ||
	       strcmp(schema, st->ss->branch) == 0;
}

/*
 * Where a schema's tables are read: the statement's snapshot with the
 * session's transaction for its own branch, another branch's head
 * otherwise (*opened set: the caller frees it).  3F000 when no branch
 * has the name.
 */
static int schema_snap(
	exec_stmt *st, const char *schema, int loc, store_snap **snap, store_tx **tx, bool *opened)
{
	*opened = false;
	if (own_schema(st, schema)) {
		*snap = st->snap;
		*tx = st->ss->tx;
		return EXEC_OK;
	}
	*tx = NULL;
	if (exec_syscat_schema(schema))
		return store_err_set(st->err, "0A000",
			"the system catalog schema \"%s\" is not available yet", schema);
	if (store_snap_branch(st->ss->s, schema, snap, st->err) != STORE_OK) {
		store_err_clear(st->err);
		store_err_set(st->err, "3F000", "schema \"%s\" does not exist", schema);
		if (loc >= 0)
			st->err->position = sql_char_position(st->sql, st->sqllen, loc);
		return EXEC_ERROR;
	}
	*opened = true;
	return EXEC_OK;
}

/* A table's catalog entry at snap as tx sees it (malloc'd), or 42P01. */
static int read_catalog(
	store_tx *tx, store_snap *snap, const char *table, char **json, store_err *err)
{
	return tx != NULL ? store_tx_catalog(tx, snap, table, json, err)
			  : store_catalog(snap, table, json, err);
}

/* ---- SHOW TABLES ---- */

/*
 * has_schema: whether the table has a catalog entry of its own, rather
 * than being a ChronDB data/<table>/ directory that storage describes
 * on the fly (its entry then has no oid).
 */
static int has_entry(exec_stmt *st, store_tx *tx, store_snap *snap, const char *table, bool *out)
{
	char *json = NULL;
	cat_table *t;
	int r;

	if (read_catalog(tx, snap, table, &json, st->err) != STORE_OK)
		return EXEC_ERROR;
	r = cat_table_parse(st->a, json, strlen(json), &t, st->err);
	free(json);
	if (r != EXEC_OK)
		return EXEC_ERROR;
	*out = !t->chrondb_layout || t->oid != 0;
	return EXEC_OK;
}

int exec_show_tables(exec_stmt *st, sql_show_tables *n)
{
	static const char *const cols[] = {"table_name", "has_schema"};
	store_snap *snap;
	store_tx *tx;
	bool opened;
	char **names = NULL;
	size_t count = 0;
	listing l;
	int r;

	if (schema_snap(st, n->schema, -1, &snap, &tx, &opened) != EXEC_OK)
		return EXEC_ERROR;
	r = tx != NULL ? store_tx_tables(tx, snap, &names, &count, st->err)
		       : store_tables(snap, &names, &count, st->err);
	r = r == STORE_OK ? listing_begin(&l, st, 2, cols) : EXEC_ERROR;
	for (size_t i = 0; i < count && r == EXEC_OK; i++) {
		const char *vals[2] = {names[i], NULL};
		bool entry = false;

		r = has_entry(st, tx, snap, names[i], &entry);
		vals[1] = entry ? "YES" : "NO";
		if (r == EXEC_OK)
			r = listing_row(&l, vals);
	}
	free(names);
	if (opened)
		store_snap_free(snap);
	if (r == EXEC_OK)
		listing_end(&l);
	return r;
}

/* ---- SHOW SCHEMAS ---- */

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int exec_show_schemas(exec_stmt *st, sql_show_schemas *n)
{
	static const char *const cols[] = {"schema_name"};
	const char *def = store_default_branch(st->ss->s);
	store_branch_info *branches = NULL;
	const char **names;
	size_t count = 0;
	listing l;
	int r = EXEC_OK;

	(void)n;
	if (store_branch_list(st->ss->s, &branches, &count, st->err) != STORE_OK)
		return EXEC_ERROR;

	/* Every branch, the default one as "public", sorted as shown. */
	names = sql_arena_alloc(st->a, (count ? count : 1) * sizeof(*names));
	for (size_t i = 0; i < count; i++) {
		const char *b = branches[i].name;

		names[i] = strcmp(b, def) == 0 ? "public" : sql_arena_strndup(st->a, b, strlen(b));
	}
	free(branches);
	qsort(names, count, sizeof(*names), cmp_names);
	r = listing_begin(&l, st, 1, cols);
	for (size_t i = 0; i < count && r == EXEC_OK; i++)
		r = listing_row(&l, &names[i]);
	if (r == EXEC_OK)
		listing_end(&l);
	return r;
}

/* ---- DESCRIBE ---- */

static const char *const describe_cols[] = {"Field", "Type", "Null", "Key", "Default"};

/*
 * Key, as ChronDB (and MySQL) show it: PRI for the primary key, UNI for
 * a one-column unique constraint, MUL for an index's first column.
 */
static const char *column_key(const cat_table *t, int col)
{
	for (int i = 0; i < t->npk; i++) {
		if (t->pk[i] == col)
			return "PRI";
	}
	for (int i = 0; i < t->nuniq; i++) {
		if (t->uniq[i].ncols == 1 && t->uniq[i].cols[0] == col)
			return "UNI";
	}
	for (int i = 0; i < t->nindexes; i++) {
		if (t->indexes[i].ncols > 0 &&
			strcmp(t->indexes[i].cols[0], t->cols[col].name) == 0)
			return t->indexes[i].unique && t->indexes[i].ncols == 1 ? "UNI" : "MUL";
	}
	return "";
}

static int describe_table(exec_stmt *st, const cat_table *t)
{
	listing l;
	int r = listing_begin(&l, st, 5, describe_cols);

	for (int i = 0; i < t->ncols && r == EXEC_OK; i++) {
		const cat_column *c = &t->cols[i];
		const char *key = column_key(t, i);
		char type[128];
		const char *vals[5];

		cat_format_type(c->type, c->typmod, type, sizeof(type));
		vals[0] = c->name;
		vals[1] = type;
		vals[2] = c->not_null || strcmp(key, "PRI") == 0 ? "NO" : "YES";
		vals[3] = key;
		vals[4] = c->identity == 'a'   ? "generated always as identity"
			  : c->identity == 'd' ? "generated by default as identity"
					       : c->default_sql;
		r = listing_row(&l, vals);
	}
	if (r == EXEC_OK)
		listing_end(&l);
	return r;
}

/* A name in double quotes, quotes inside doubled. */
static void put_quoted(store_buf *b, const char *name)
{
	store_buf_putc(b, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			store_buf_putc(b, '"');
		store_buf_putc(b, *p);
	}
	store_buf_putc(b, '"');
}

/* A view's columns: what `SELECT * FROM view` gives, analyzed as the query would be. */
static int describe_view(exec_stmt *st, const char *schema, const char *name)
{
	store_buf q = STORE_BUF_INIT;
	sql_stmt_list *list = NULL;
	sql_error perr;
	an_ctx c;
	plan_node *p;
	listing l;
	int r;

	store_buf_puts(&q, "SELECT * FROM ");
	if (schema != NULL) {
		put_quoted(&q, schema);
		store_buf_putc(&q, '.');
	}
	put_quoted(&q, name);
	memset(&perr, 0, sizeof(perr));
	r = sql_parse((const char *)q.data, q.len, st->a, &list, &perr);
	if (r != 0 || sql_list_len(list->stmts) != 1) {
		store_buf_free(&q);
		return store_err_set(
			st->err, "XX000", "cannot read the columns of view \"%s\"", name);
	}
	exec_stmt_analyzer(st, &c);
	c.sql = sql_arena_strndup(st->a, (const char *)q.data, q.len);
	c.sqllen = q.len;
	store_buf_free(&q);
	p = an_query(&c, NULL, sql_as_select(sql_list_nth(list->stmts, 0)));
	if (p == NULL) {
		an_ctx_release(&c);
		st->err->position = 0;
		return EXEC_ERROR;
	}
	r = listing_begin(&l, st, 5, describe_cols);
	for (int i = 0; i < p->desc.ncols && r == EXEC_OK; i++) {
		char type[128];
		const char *vals[5] = {p->desc.cols[i].name, type, "YES", "", NULL};

		cat_format_type(p->desc.cols[i].type, p->desc.cols[i].typmod, type, sizeof(type));
		r = listing_row(&l, vals);
	}
	an_ctx_release(&c);
	if (r == EXEC_OK)
		listing_end(&l);
	return r;
}

int exec_describe(exec_stmt *st, sql_describe *n)
{
	const sql_range_var *rv = n->relation;
	int nn = sql_list_len(rv->names);
	const char *schema = nn >= 2 ? sql_list_str(rv->names, nn - 2) : NULL;
	const char *name = sql_list_str(rv->names, nn - 1);
	store_snap *snap;
	store_tx *tx;
	bool opened;
	char *json = NULL;
	cat_table *t;
	int r;

	if (nn > 3 || (nn == 3 && strcmp(sql_list_str(rv->names, 0), "chrondb") != 0))
		return store_err_set(
			st->err, "0A000", "cross-database references are not implemented");
	if (schema_snap(st, schema, rv->n.loc, &snap, &tx, &opened) != EXEC_OK)
		return EXEC_ERROR;
	r = read_catalog(tx, snap, name, &json, st->err);
	if (r != STORE_OK && strcmp(st->err->sqlstate, "42P01") == 0) {
		/* Not a table: a view, or nothing. */
		char *view = NULL;

		store_err_clear(st->err);
		r = store_tx_meta_get(tx, snap, "views", name, &view, st->err);
		free(view);
		if (opened)
			store_snap_free(snap);
		if (r == STORE_OK)
			return describe_view(st, schema, name);
		if (r == STORE_NOTFOUND) {
			store_err_set(st->err, "42P01", "relation \"%s\" does not exist", name);
			st->err->position = sql_char_position(st->sql, st->sqllen, rv->n.loc);
		}
		return EXEC_ERROR;
	}
	if (opened)
		store_snap_free(snap);
	if (r != STORE_OK)
		return EXEC_ERROR;
	r = cat_table_parse(st->a, json, strlen(json), &t, st->err);
	free(json);
	if (r != EXEC_OK)
		return EXEC_ERROR;
	return describe_table(st, t);
}

/* ---- Validation rules ---- */

static const char *const mode_names[] = {
	[SQL_VALIDATION_MODE_DEFAULT] = "strict",
	[SQL_VALIDATION_STRICT] = "strict",
	[SQL_VALIDATION_WARNING] = "warning",
	[SQL_VALIDATION_DISABLED] = "disabled",
};

/* The namespace a statement names: a table name of the session's branch. */
static const char *rule_namespace(exec_stmt *st, const sql_list *ns)
{
	int n = sql_list_len(ns);
	const char *schema = n >= 2 ? sql_list_str(ns, n - 2) : NULL;

	if (n > 2 || !own_schema(st, schema)) {
		store_err_set(st->err, "0A000",
			"validation schemas of another branch cannot be used from this session");
		store_err_hint(st->err, "SET chrondb.branch to that branch first.");
		return NULL;
	}
	return sql_list_str(ns, n - 1);
}

/* The rule of a namespace as parsed JSON (the caller decrefs), or NULL when there is none. */
static int rule_read(exec_stmt *st, store_tx *tx, const char *ns, json_t **out)
{
	char *text = NULL;
	json_error_t je;
	int r = store_tx_meta_get(tx, st->snap, "validation", ns, &text, st->err);

	*out = NULL;
	if (r == STORE_NOTFOUND)
		return EXEC_OK;
	if (r != STORE_OK)
		return EXEC_ERROR;
	*out = json_loads(text, 0, &je);
	free(text);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return store_err_set(
			st->err, "XX001", "the validation schema for \"%s\" is damaged", ns);
	}
	return EXEC_OK;
}

/* The statement's start as ISO 8601 in UTC, with milliseconds: "2025-01-31T12:00:00.123Z". */
static void iso_time(int64_t us_since_2000, char *out, size_t outsz)
{
	int64_t us = us_since_2000 + (int64_t)EXEC_EPOCH_DAYS * 86400 * 1000000;
	time_t secs = (time_t)(us / 1000000);
	struct tm tm;
	char date[32];

	gmtime_r(&secs, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, outsz, "%s.%03dZ", date, (int)(us % 1000000 / 1000));
}

int exec_create_validation(exec_stmt *st, sql_create_validation *n)
{
	const char *ns = rule_namespace(st, n->ns);
	const sql_const *k = sql_as_const(n->schema);
	json_t *schema, *prev = NULL, *doc;
	json_error_t je;
	jsv_schema *compiled;
	store_tx *tx;
	json_int_t version = 1;
	char created[40], *text;
	int r;

	strcpy(st->tag, "CREATE VALIDATION SCHEMA");
	if (ns == NULL)
		return EXEC_ERROR;

	/* The schema must be JSON, and a JSON Schema the validator accepts. */
	schema = json_loads(k->text ? k->text : "", JSON_DECODE_ANY, &je);
	if (schema == NULL) {
		store_err_set(st->err, "22P02", "invalid input syntax for type json");
		store_err_detail(st->err, "%s at line %d, column %d.", je.text, je.line, je.column);
		st->err->position = sql_char_position(st->sql, st->sqllen, n->schema->loc);
		return EXEC_ERROR;
	}
	compiled = jsv_compile(schema, st->err);
	if (compiled == NULL) {
		json_decref(schema);
		return EXEC_ERROR;
	}
	jsv_free(compiled);

	/* A replacement is the next version. */
	if (exec_stmt_need_tx(st, &tx) != EXEC_OK || rule_read(st, tx, ns, &prev) != EXEC_OK) {
		json_decref(schema);
		return EXEC_ERROR;
	}
	if (prev != NULL && json_is_integer(json_object_get(prev, "version")))
		version = json_integer_value(json_object_get(prev, "version")) + 1;
	json_decref(prev);

	iso_time(st->cx.stmt_start_us, created, sizeof(created));
	doc = json_pack("{s:s, s:I, s:s, s:o, s:s, s:s}", "namespace", ns, "version", version,
		"mode", mode_names[n->mode], "schema", schema, "created_at", created, "created_by",
		st->ss->user);
	if (doc == NULL)
		return store_err_set(st->err, "53200", "out of memory");
	text = json_dumps(doc, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	json_decref(doc);
	if (text == NULL)
		return store_err_set(st->err, "53200", "out of memory");
	r = store_tx_meta_put(tx, "validation", ns, text, strlen(text), st->err);
	free(text);
	return r == STORE_OK ? EXEC_OK : EXEC_ERROR;
}

int exec_drop_validation(exec_stmt *st, sql_drop_validation *n)
{
	const char *ns = rule_namespace(st, n->ns);
	store_tx *tx;
	json_t *prev;

	strcpy(st->tag, "DROP VALIDATION SCHEMA");
	if (ns == NULL)
		return EXEC_ERROR;
	if (exec_stmt_need_tx(st, &tx) != EXEC_OK || rule_read(st, tx, ns, &prev) != EXEC_OK)
		return EXEC_ERROR;
	if (prev == NULL) {
		if (n->missing_ok) {
			exec_stmt_notice(st, "NOTICE", "00000",
				"validation schema for \"%s\" does not exist, skipping", ns);
			return EXEC_OK;
		}
		return store_err_set(
			st->err, "42704", "validation schema for \"%s\" does not exist", ns);
	}
	json_decref(prev);
	return store_tx_meta_delete(tx, "validation", ns, st->err) == STORE_OK ? EXEC_OK
									       : EXEC_ERROR;
}

/* A member of a rule as text: strings as they are, other values as compact JSON. */
static const char *member_text(exec_stmt *st, const json_t *rule, const char *key)
{
	const json_t *v = json_object_get(rule, key);
	char *dump;
	const char *s;

	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return json_string_value(v);
	dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
	if (dump == NULL)
		return NULL;
	s = sql_arena_strndup(st->a, dump, strlen(dump));
	free(dump);
	return s;
}

int exec_show_validation(exec_stmt *st, sql_show_validation *n)
{
	static const char *const one_cols[] = {
		"namespace", "version", "mode", "schema", "created_at", "created_by"};
	static const char *const all_cols[] = {"namespace", "version", "mode", "created_at"};
	store_tx *tx = st->ss->tx;
	json_t *rule;
	char **names = NULL;
	size_t count = 0;
	listing l;
	int r;

	if (n->ns != NULL) {
		const char *ns = rule_namespace(st, n->ns);

		if (ns == NULL || rule_read(st, tx, ns, &rule) != EXEC_OK)
			return EXEC_ERROR;
		if (rule == NULL)
			return store_err_set(st->err, "42704",
				"validation schema for \"%s\" does not exist", ns);
		r = listing_begin(&l, st, 6, one_cols);
		if (r == EXEC_OK) {
			const char *vals[6];

			for (int i = 0; i < 6; i++)
				vals[i] = member_text(st, rule, one_cols[i]);
			r = listing_row(&l, vals);
		}
		json_decref(rule);
		if (r == EXEC_OK)
			listing_end(&l);
		return r;
	}

	/* Every rule of the branch, by namespace. */
	if (store_tx_meta_list(tx, st->snap, "validation", &names, &count, st->err) != STORE_OK)
		return EXEC_ERROR;
	r = listing_begin(&l, st, 4, all_cols);
	for (size_t i = 0; i < count && r == EXEC_OK; i++) {
		const char *vals[4];

		r = rule_read(st, tx, names[i], &rule);
		if (r != EXEC_OK || rule == NULL)
			continue;
		for (int c = 0; c < 4; c++)
			vals[c] = member_text(st, rule, all_cols[c]);
		r = listing_row(&l, vals);
		json_decref(rule);
	}
	free(names);
	if (r == EXEC_OK)
		listing_end(&l);
	return r;
}

/* ---- Checking rows ---- */

typedef enum rule_mode {
	RULE_STRICT,
	RULE_WARNING,
	RULE_DISABLED,
} rule_mode;

/* A compiled rule, shared by the sessions that check rows against it. */
typedef struct rule {
	char *text; /* the catalog entry as stored: the cache's key */
	rule_mode mode;
	jsv_schema *schema; /* NULL when disabled */
	int refs;           /* the cache's own reference, and one per user */
	struct rule *next;
} rule;

/* Most compiled rules kept; the least recently used goes first. */
#define RULE_CACHE_MAX 64

static pthread_mutex_t rule_lock = PTHREAD_MUTEX_INITIALIZER;
static rule *rule_cache; /* most recently used first */

static void rule_free(rule *r)
{
	jsv_free(r->schema);
	free(r->text);
	free(r);
}

static void rule_release(rule *r)
{
	bool last;

	pthread_mutex_lock(&rule_lock);
	last = --r->refs == 0;
	pthread_mutex_unlock(&rule_lock);
	if (last)
		rule_free(r);
}

/* Compile a rule from its catalog text; NULL with err set when it is damaged. */
static rule *rule_compile(const char *text, const char *table, store_err *err)
{
	json_error_t je;
	json_t *doc = json_loads(text, 0, &je);
	const char *mode = json_string_value(json_object_get(doc, "mode"));
	rule *r = calloc(1, sizeof(*r));

	if (r == NULL || (r->text = strdup(text)) == NULL)
		abort();
	if (doc == NULL || mode == NULL) {
		json_decref(doc);
		rule_free(r);
		store_err_set(err, "XX001", "the validation schema for \"%s\" is damaged", table);
		return NULL;
	}
	r->mode = strcmp(mode, "warning") == 0    ? RULE_WARNING
		  : strcmp(mode, "disabled") == 0 ? RULE_DISABLED
						  : RULE_STRICT;
	if (r->mode != RULE_DISABLED) {
		r->schema = jsv_compile(json_object_get(doc, "schema"), err);
		if (r->schema == NULL) {
			json_decref(doc);
			rule_free(r);
			return NULL;
		}
	}
	json_decref(doc);
	return r;
}

/* The compiled rule for a catalog text, from the cache or compiled now; release it after use. */
static rule *rule_acquire(const char *text, const char *table, store_err *err)
{
	rule *r, **pp, *made, *evict = NULL;
	int n = 0;

	/* Found: move it to the front. */
	pthread_mutex_lock(&rule_lock);
	for (pp = &rule_cache; (r = *pp) != NULL; pp = &r->next) {
		if (strcmp(r->text, text) == 0) {
			*pp = r->next;
			r->next = rule_cache;
			rule_cache = r;
			r->refs++;
			pthread_mutex_unlock(&rule_lock);
			return r;
		}
	}
	pthread_mutex_unlock(&rule_lock);

	/* Compiled without the lock; another thread may have done the same meanwhile. */
	made = rule_compile(text, table, err);
	if (made == NULL)
		return NULL;
	pthread_mutex_lock(&rule_lock);
	for (r = rule_cache; r != NULL; r = r->next) {
		if (strcmp(r->text, text) == 0)
			break;
	}
	if (r != NULL) {
		r->refs++;
		pthread_mutex_unlock(&rule_lock);
		rule_free(made);
		return r;
	}
	made->refs = 2;
	made->next = rule_cache;
	rule_cache = made;
	for (pp = &rule_cache; *pp != NULL; pp = &(*pp)->next) {
		if (++n > RULE_CACHE_MAX) {
			evict = *pp;
			*pp = NULL;
			break;
		}
	}
	pthread_mutex_unlock(&rule_lock);
	while (evict != NULL) {
		rule *next = evict->next;

		rule_release(evict);
		evict = next;
	}
	return made;
}

/* The violations, one sentence a line, as much as a detail holds. */
static void violations_text(const jsv_violation *v, size_t n, const char *sep, store_buf *b)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			store_buf_puts(b, sep);
		store_buf_puts(b, v[i].message);
		store_buf_putc(b, '.');
	}
	store_buf_putc(b, '\0');
}

int exec_validate_row(exec_stmt *st, store_tx *tx, const char *table, const char *json, size_t len)
{
	char *text = NULL;
	rule *ru;
	json_t *doc;
	json_error_t je;
	jsv_violation *v = NULL;
	size_t nv = 0;
	store_buf b = STORE_BUF_INIT;
	int r = store_tx_meta_get(tx, st->snap, "validation", table, &text, st->err);

	if (r == STORE_NOTFOUND)
		return EXEC_OK;
	if (r != STORE_OK)
		return EXEC_ERROR;
	ru = rule_acquire(text, table, st->err);
	free(text);
	if (ru == NULL)
		return EXEC_ERROR;
	if (ru->mode == RULE_DISABLED) {
		rule_release(ru);
		return EXEC_OK;
	}

	/* The row as the document it is stored as. */
	doc = json_loadb(json, len, 0, &je);
	if (doc == NULL) {
		rule_release(ru);
		return store_err_set(st->err, "XX000",
			"the row of \"%s\" is not a JSON document: %s", table, je.text);
	}
	jsv_validate(ru->schema, doc, &v, &nv);
	json_decref(doc);
	r = EXEC_OK;
	if (nv > 0 && ru->mode == RULE_STRICT) {
		violations_text(v, nv, "\n", &b);
		r = store_err_set(st->err, "23514",
			"new row for relation \"%s\" violates validation schema", table);
		store_err_detail(st->err, "%s", (const char *)b.data);
	} else if (nv > 0) {
		violations_text(v, nv, " ", &b);
		exec_stmt_notice(st, "WARNING", "01000",
			"new row for relation \"%s\" violates validation schema: %s", table,
			(const char *)b.data);
	}
	store_buf_free(&b);
	jsv_violations_free(v, nv);
	rule_release(ru);
	return r;
}
