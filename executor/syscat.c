/*
 * syscat.c - the system catalog's relations (syscat.h): the catalog
 * image a run reads once, the table of system relations, the rows of
 * the base catalogs and the SQL of the system views.
 *
 * Not here: the catalog functions and the types regproc, regnamespace,
 * xid and pg_node_tree (syscatfn.c), name resolution (select.c asks
 * exec_systable_find before the session's branch).
 *
 * What each base catalog shows of ChronDB:
 *  - pg_class: the system relations, then the session's tables ('r'),
 *    their indexes ('i': CREATE INDEX ones, UNIQUE constraints', the
 *    primary key's "<table>_pkey"), views ('v') and sequences ('S');
 *  - pg_attribute: the columns of tables and system relations, and of
 *    indexes (their key columns); no system columns (ctid, xmin: no
 *    ChronDB row has them);
 *  - pg_constraint: primary keys, UNIQUE, CHECK and FOREIGN KEY
 *    constraints (NOT NULL is pg_attribute's, as in PostgreSQL 15);
 *  - pg_type: every type of the registry, pseudo-types included;
 *  - pg_proc: every function, aggregate and set-returning function of
 *    the registry;
 *  - pg_authid, pg_database: the session's user as the superuser (OID
 *    10) and the session's database;
 *  - pg_settings: the session's settings.
 * Catalogs of features ChronDB lacks (pg_inherits, pg_enum, pg_range,
 * pg_description without COMMENT ON) are real and empty.
 *
 * The system schemas are a table too (exec_sysschemas): pg_catalog,
 * information_schema and chrondb, whose relations read Git (history.h:
 * chrondb.log, diff, history, blame, tags; more are rows of
 * exec_systables made with CHRONDB()).  They are pg_class's tables
 * ('r'), their parameters given by WHERE (exec_systable.params).
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "activity.h"
#include "basic.h"
#include "branch.h"
#include "guc.h"
#include "history.h"
#include "index.h"
#include "locks.h"
#include "seq.h"
#include "sql.h"
#include "srf.h"
#include "syscat_int.h"
#include "sysfunc.h"

/* ---- Stable OIDs ---- */

uint32_t exec_syscat_user_oid(char kind, const char *a, const char *b)
{
	/* FNV-1a over kind, a, b: the same on every machine and at every start. */
	uint32_t h = 2166136261u;
	const char *parts[2] = {a, b};

	h = (h ^ (unsigned char)kind) * 16777619u;
	for (int i = 0; i < 2; i++) {
		for (const char *p = parts[i]; p != NULL && *p != '\0'; p++)
			h = (h ^ (unsigned char)*p) * 16777619u;
		h = (h ^ 0u) * 16777619u;
	}
	return 16384u + h % (0x7fffffffu - 16384u);
}

/*
 * A system catalog's columns as PostgreSQL's bootstrap declares them:
 * NOT NULL while every column up to it has a fixed width (int2vector and
 * oidvector count as such there), and the variable-width ones forced so;
 * text-like columns in the C collation.  PostgreSQL's system views
 * (OIDs from 10000, pg_settings) have neither.
 */
static bool sys_catalog(const exec_systable *t)
{
	return t->srf.fn != NULL && t->oid < 10000;
}

/* ---- The image ---- */

static void image_add(sc_image *im, const sc_rel *r)
{
	if (im->nrels == im->caprels) {
		int cap = im->caprels ? 2 * im->caprels : 64;
		sc_rel *grown = sql_arena_alloc(im->a, (size_t)cap * sizeof(*grown));

		if (im->nrels > 0)
			memcpy(grown, im->rels, (size_t)im->nrels * sizeof(*grown));
		im->rels = grown;
		im->caprels = cap;
	}
	im->rels[im->nrels++] = *r;
}

static void con_add(sc_image *im, const sc_con *k)
{
	if (im->ncons == im->capcons) {
		int cap = im->capcons ? 2 * im->capcons : 32;
		sc_con *grown = sql_arena_alloc(im->a, (size_t)cap * sizeof(*grown));

		if (im->ncons > 0)
			memcpy(grown, im->cons, (size_t)im->ncons * sizeof(*grown));
		im->cons = grown;
		im->capcons = cap;
	}
	im->cons[im->ncons++] = *k;
}

/* A table's indexes as relations, and its constraints. */
static void image_table(sc_image *im, const cat_table *t, int rel)
{
	exec_idx_def *idx;
	int n = exec_idx_list(im->a, t, &idx);

	im->rels[rel].nidx = n;
	for (int i = 0; i < n; i++) {
		sc_rel r = {0};

		r.kind = 'i';
		r.name = idx[i].name;
		r.oid = exec_syscat_user_oid('i', idx[i].name, NULL);
		r.nsp = EXEC_NSP_PUBLIC;
		r.t = t;
		r.idx = &idx[i];
		r.table_rel = rel;
		image_add(im, &r);
	}

	/* Constraints: the primary key, UNIQUE, CHECK, FOREIGN KEY. */
	if (t->npk > 0) {
		sc_con k = {0};

		k.type = 'p';
		k.name = sql_arena_printf(im->a, "%.*s_pkey", 58, t->name);
		k.table_rel = rel;
		k.ncols = t->npk;
		k.cols = t->pk;
		k.index_oid = exec_syscat_user_oid('i', k.name, NULL);
		con_add(im, &k);
	}
	for (int i = 0; i < t->nuniq; i++) {
		sc_con k = {0};

		k.type = 'u';
		k.name = t->uniq[i].name;
		k.table_rel = rel;
		k.ncols = t->uniq[i].ncols;
		k.cols = t->uniq[i].cols;
		k.index_oid = exec_syscat_user_oid('i', k.name, NULL);
		con_add(im, &k);
	}
	for (int i = 0; i < t->nchecks; i++) {
		sc_con k = {0};

		k.type = 'c';
		k.name = t->checks[i].name;
		k.table_rel = rel;
		k.check = &t->checks[i];
		con_add(im, &k);
	}
	for (int i = 0; i < t->nfkeys; i++) {
		sc_con k = {0};

		k.type = 'f';
		k.name = t->fkeys[i].name;
		k.table_rel = rel;
		k.ncols = t->fkeys[i].ncols;
		k.cols = t->fkeys[i].cols;
		k.fk = &t->fkeys[i];
		con_add(im, &k);
	}
}

/* The arena's copy of a string member of o, or NULL. */
static const char *json_note_dup(sql_arena *a, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? sql_arena_strndup(a, s, strlen(s)) : NULL;
}

/* The columns a view's entry names (its query is not analyzed here), and its comments. */
static void view_columns(sc_image *im, sc_rel *r, const char *json)
{
	json_t *root = json_loads(json, 0, NULL), *cols;
	const char *q = json_string_value(json_object_get(root, "query"));

	r->query = q != NULL ? sql_arena_strndup(im->a, q, strlen(q)) : "";
	r->as_written = json_is_false(json_object_get(root, "deparsed"));
	q = json_string_value(json_object_get(root, "pretty"));
	r->pretty = q != NULL ? sql_arena_strndup(im->a, q, strlen(q)) : NULL;
	cols = json_object_get(root, "columns");
	r->nvcols = json_is_array(cols) ? (int)json_array_size(cols) : 0;
	r->vcols = sql_arena_alloc(im->a, (size_t)(r->nvcols + 1) * sizeof(*r->vcols));
	for (int i = 0; i < r->nvcols; i++) {
		const char *cn = json_string_value(json_array_get(cols, (size_t)i));

		r->vcols[i] = sql_arena_strndup(
			im->a, cn ? cn : "?column?", strlen(cn ? cn : "?column?"));
	}
	r->comment = json_note_dup(im->a, root, "comment");
	r->vcomments = sql_arena_zalloc(im->a, (size_t)(r->nvcols + 1) * sizeof(*r->vcomments));
	for (int i = 0; i < r->nvcols; i++)
		r->vcomments[i] = json_note_dup(
			im->a, json_object_get(root, "column_comments"), r->vcols[i]);
	json_decref(root);
}

/* The comments on schemas (comment.c), from the branch's .chrondb/schemas/. */
static int schema_notes(exec_ctx *cx, sc_image *im, store_tx *tx, store_snap *snap)
{
	char **names = NULL;
	size_t n = 0;

	if (store_tx_meta_list(tx, snap, "schemas", &names, &n, cx->err) != STORE_OK)
		return EXEC_ERROR;
	im->nsp_notes = sql_arena_zalloc(im->a, (n + 1) * sizeof(*im->nsp_notes));
	for (size_t i = 0; i < n; i++) {
		char *json = NULL;
		json_t *o;

		if (store_tx_meta_get(tx, snap, "schemas", names[i], &json, cx->err) != STORE_OK) {
			free(names);
			return EXEC_ERROR;
		}
		o = json_loads(json, 0, NULL);
		free(json);
		im->nsp_notes[im->nnsp_notes].name =
			sql_arena_strndup(im->a, names[i], strlen(names[i]));
		im->nsp_notes[im->nnsp_notes++].text = json_note_dup(im->a, o, "comment");
		json_decref(o);
	}
	free(names);
	return EXEC_OK;
}

static int image_build(exec_ctx *cx, sc_image *im)
{
	exec_session *ss = cx->session;
	exec_stmt *st = ss->cur;
	store_tx *tx = ss->tx;
	char **names = NULL;
	size_t n = 0;
	int r;

	im->ss = ss;

	/* The system relations first: they are found first, as in PostgreSQL. */
	for (size_t i = 0; i < exec_nsystables; i++) {
		sc_rel rel = {0};
		const exec_sysschema *nsp = exec_sysschema_named(exec_systables[i].schema);

		/* ChronDB's relations over Git are tables to clients (psql's \dt chrondb.*). */
		bool git_table = nsp->oid == EXEC_NSP_CHRONDB && exec_systables[i].srf.fn != NULL;

		rel.kind = sys_catalog(&exec_systables[i]) || git_table ? 'r' : 'v';
		rel.name = exec_systables[i].name;
		rel.oid = exec_systables[i].oid;
		rel.nsp = nsp->oid;
		rel.sys = &exec_systables[i];
		image_add(im, &rel);
	}

	/* Tables, each followed by its indexes. */
	r = tx != NULL ? store_tx_tables(tx, st->snap, &names, &n, cx->err)
		       : store_tables(st->snap, &names, &n, cx->err);
	if (r != STORE_OK)
		return EXEC_ERROR;
	for (size_t i = 0; i < n; i++) {
		char *json = NULL;
		cat_table *t;
		sc_rel rel = {0};

		r = tx != NULL ? store_tx_catalog(tx, st->snap, names[i], &json, cx->err)
			       : store_catalog(st->snap, names[i], &json, cx->err);
		if (r != STORE_OK) {
			free(names);
			return EXEC_ERROR;
		}
		r = cat_table_parse(im->a, json, strlen(json), &t, cx->err);
		free(json);
		if (r != EXEC_OK) {
			free(names);
			return EXEC_ERROR;
		}
		if (t->name == NULL || strcmp(t->name, names[i]) != 0)
			t->name = sql_arena_strndup(im->a, names[i], strlen(names[i]));
		rel.kind = 'r';
		rel.name = t->name;
		rel.oid = t->oid;
		rel.nsp = EXEC_NSP_PUBLIC;
		rel.t = t;
		image_add(im, &rel);
		image_table(im, t, im->nrels - 1);
	}
	free(names);

	/* Views. */
	names = NULL;
	n = 0;
	if (store_tx_meta_list(tx, st->snap, "views", &names, &n, cx->err) != STORE_OK)
		return EXEC_ERROR;
	for (size_t i = 0; i < n; i++) {
		char *json = NULL;
		sc_rel rel = {0};

		if (store_tx_meta_get(tx, st->snap, "views", names[i], &json, cx->err) !=
			STORE_OK) {
			free(names);
			return EXEC_ERROR;
		}
		rel.kind = 'v';
		rel.name = sql_arena_strndup(im->a, names[i], strlen(names[i]));
		rel.oid = exec_syscat_user_oid('v', names[i], NULL);
		rel.nsp = EXEC_NSP_PUBLIC;
		view_columns(im, &rel, json);
		free(json);
		image_add(im, &rel);
	}
	free(names);

	/* Sequences. */
	names = NULL;
	n = 0;
	if (store_tx_meta_list(tx, st->snap, "sequences", &names, &n, cx->err) != STORE_OK)
		return EXEC_ERROR;
	for (size_t i = 0; i < n; i++) {
		exec_seq *q = sql_arena_zalloc(im->a, sizeof(*q));
		bool found = false;
		sc_rel rel = {0};

		if (exec_seq_get(st, names[i], q, &found) != EXEC_OK) {
			free(names);
			return EXEC_ERROR;
		}
		if (!found)
			continue;
		rel.kind = 'S';
		rel.name = sql_arena_strndup(im->a, names[i], strlen(names[i]));
		rel.oid = exec_syscat_user_oid('S', names[i], NULL);
		rel.nsp = EXEC_NSP_PUBLIC;
		rel.seq = q;
		image_add(im, &rel);
	}
	free(names);

	if (schema_notes(cx, im, tx, st->snap) != EXEC_OK)
		return EXEC_ERROR;

	/* Other branches are schemas of their own. */
	{
		store_branch_info *branches = NULL;
		size_t nb = 0;

		if (store_branch_list(ss->s, &branches, &nb, cx->err) != STORE_OK)
			return EXEC_ERROR;
		im->branches = sql_arena_alloc(im->a, (nb + 1) * sizeof(*im->branches));
		/* A branch named like a system schema is reached as a branch only by SET. */
		for (size_t i = 0; i < nb; i++)
			if ((ss->branch == NULL || strcmp(branches[i].name, ss->branch) != 0) &&
				exec_sysschema_named(branches[i].name) == NULL)
				im->branches[im->nbranches++] = sql_arena_strndup(
					im->a, branches[i].name, strlen(branches[i].name));
		free(branches);
	}
	return EXEC_OK;
}

int exec_syscat_image(exec_ctx *cx, sc_image **out)
{
	exec_session *ss = cx->session;
	void **slot = cx->run != NULL ? exec_run_syscat(cx->run) : NULL;
	sc_image *im;

	if (ss == NULL || ss->cur == NULL)
		return store_err_set(cx->err, "55000", "the system catalog needs a session");
	if (slot != NULL && *slot != NULL) {
		*out = *slot;
		return EXEC_OK;
	}
	{
		sql_arena *a = cx->run != NULL ? exec_run_arena(cx->run) : cx->arena;

		im = sql_arena_zalloc(a, sizeof(*im));
		im->a = a;
	}
	if (image_build(cx, im) != EXEC_OK)
		return EXEC_ERROR;
	if (slot != NULL)
		*slot = im;
	*out = im;
	return EXEC_OK;
}

const sc_rel *exec_syscat_rel(const sc_image *im, uint32_t oid)
{
	for (int i = 0; i < im->nrels; i++)
		if (im->rels[i].oid == oid)
			return &im->rels[i];
	return NULL;
}

const sc_rel *exec_syscat_rel_named(const sc_image *im, uint32_t nsp, const char *name)
{
	for (int i = 0; i < im->nrels; i++)
		if ((nsp == 0 || im->rels[i].nsp == nsp) && strcmp(im->rels[i].name, name) == 0)
			return &im->rels[i];
	return NULL;
}

uint32_t exec_syscat_table_oid(const sc_image *im, const char *name)
{
	const sc_rel *r = exec_syscat_rel_named(im, EXEC_NSP_PUBLIC, name);

	return r != NULL && r->kind == 'r' ? r->oid : 0;
}

uint32_t exec_syscat_con_oid(const sc_image *im, const sc_con *k)
{
	return exec_syscat_user_oid('c', im->rels[k->table_rel].name, k->name);
}

/* ---- Rows ---- */

#define SC_MAXCOLS 40

/* A row being built: each value gets the type of its column. */
typedef struct sc_row {
	const exec_systable *t;
	exec_value v[SC_MAXCOLS];
	int n;
	sql_arena *a;
} sc_row;

static exec_oid col_type(const sc_row *r)
{
	assert(r->n < r->t->ncols);
	return r->t->cols[r->n].type;
}

static void p_int(sc_row *r, int64_t i)
{
	r->v[r->n] = exec_int(col_type(r), i);
	r->n++;
}

static void p_bool(sc_row *r, bool b)
{
	assert(col_type(r) == EXEC_OID_BOOL);
	r->v[r->n++] = exec_bool(b);
}

static void p_f4(sc_row *r, double f)
{
	exec_value v = exec_null(col_type(r));

	v.isnull = false;
	v.v.f = (float)f;
	r->v[r->n++] = v;
}

static void p_null(sc_row *r)
{
	r->v[r->n] = exec_null(col_type(r));
	r->n++;
}

static void p_str(sc_row *r, const char *s)
{
	if (s == NULL) {
		p_null(r);
		return;
	}
	r->v[r->n] = exec_text(col_type(r), s, strlen(s));
	r->n++;
}

/* An int2vector or oidvector (counted from 0), or an int2[] or oid[] (from 1). */
static void p_ints(sc_row *r, const int64_t *vals, int n, int lbound)
{
	exec_oid at = col_type(r), et = exec_array_elem_of(at);
	exec_array *arr = sql_arena_zalloc(r->a, sizeof(*arr));
	exec_value *elems = sql_arena_alloc(r->a, (size_t)(n ? n : 1) * sizeof(*elems));

	for (int i = 0; i < n; i++)
		elems[i] = exec_int(et, vals[i]);
	arr->elemtype = et;
	arr->lbound = n > 0 ? lbound : 1;
	arr->count = (uint32_t)n;
	arr->elems = elems;
	r->v[r->n++] = exec_array_value(at, arr);
}

/* A text[] of n strings. */
static void p_strs(sc_row *r, const char *const *strs, int n)
{
	exec_value *elems = sql_arena_alloc(r->a, (size_t)(n ? n : 1) * sizeof(*elems));

	for (int i = 0; i < n; i++)
		elems[i] = exec_text(EXEC_OID_TEXT, strs[i], strlen(strs[i]));
	r->v[r->n++] = exec_array_value(
		EXEC_OID_TEXT_ARRAY, exec_array_new(r->a, EXEC_OID_TEXT, elems, (uint32_t)n));
}

static int row_emit(sc_row *r, exec_srf_emit emit, void *arg)
{
	int rc;

	assert(r->n == r->t->ncols);
	rc = emit(arg, r->v, r->n);
	r->n = 0;
	return rc;
}

/*
 * What a base catalog's row function passes through an iterator of
 * other modules (exec_syscat_procs, exec_syscat_descriptions...): the row
 * being built, the image, and where rows go.
 */
typedef struct sc_walk {
	sc_row *row;
	sc_image *im;
	exec_srf_emit emit;
	void *arg;
} sc_walk;

static const exec_systable *sys(const char *schema, const char *name)
{
	const exec_systable *t = exec_systable_find(schema, name);

	assert(t != NULL);
	return t;
}

/* The start of a base catalog's row function: its table, the image, the row. */
#define ROWS_BEGIN(schema, table)                                                                  \
	sc_image *im;                                                                              \
	sc_row row = {0};                                                                          \
	(void)args;                                                                                \
	(void)nargs;                                                                               \
	row.t = sys(schema, table);                                                                \
	row.a = cx->arena;                                                                         \
	if (exec_syscat_image(cx, &im) != EXEC_OK)                                                 \
		return EXEC_ERROR;

#define EMIT()                                                                                     \
	do {                                                                                       \
		if (row_emit(&row, emit, arg) != EXEC_OK)                                          \
			return EXEC_ERROR;                                                         \
	} while (0)

/* ---- Type facts pg_type and pg_attribute share ---- */

static bool type_byval(const exec_type *ty)
{
	return ty->len == 1 || ty->len == 2 || ty->len == 4 || ty->len == 8;
}

static char type_align(const exec_type *ty)
{
	switch (ty->len) {
	case 1:
	case -2:
		return 'c';
	case 2:
		return 's';
	case 8:
		return 'd';
	case -1: {
		const exec_type *e = ty->elem ? exec_type_by_oid(ty->elem) : NULL;

		return e != NULL && e->len == 8 ? 'd' : 'i';
	}
	default:
		return ty->len > 8 ? 'c' : 'i';
	}
}

static char type_storage(const exec_type *ty)
{
	if (ty->len != -1)
		return 'p';
	return ty->oid == EXEC_OID_NUMERIC ? 'm' : 'x';
}

uint32_t exec_syscat_type_collation(exec_oid type)
{
	const exec_type *ty;

	if (exec_array_elem_of(type) != 0)
		type = exec_array_elem_of(type); /* an array collates as its elements */
	ty = exec_type_by_oid(type);

	if (type == EXEC_OID_NAME)
		return 950; /* C */
	return ty != NULL && (ty->category == 'S' || type == EXEC_OID_PG_NODE_TREE) ? 100 : 0;
}

/* ---- pg_namespace, pg_class, pg_attribute ---- */

static int pg_namespace_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	ROWS_BEGIN("pg_catalog", "pg_namespace");

	/*
	 * The built-in schemas' grants, as initdb makes them: the owner's
	 * USAGE and CREATE, and USAGE for PUBLIC (what privfn.c answers).
	 */
	for (size_t i = 0; i < exec_nsysschemas; i++) {
		const exec_sysschema *n = &exec_sysschemas[i];
		const char *owner = exec_syscat_role_name(im, n->owner);
		const char *acl[2] = {sql_arena_printf(row.a, "%s=UC/%s", owner, owner),
			sql_arena_printf(row.a, "=U/%s", owner)};

		p_int(&row, n->oid);
		p_str(&row, n->name);
		p_int(&row, n->owner);
		p_strs(&row, acl, 2);
		EMIT();
	}
	for (int i = 0; i < im->nbranches; i++) {
		p_int(&row, exec_syscat_user_oid('n', im->branches[i], NULL));
		p_str(&row, im->branches[i]);
		p_int(&row, EXEC_ROLE_SUPERUSER);
		p_null(&row);
		EMIT();
	}
	return EXEC_OK;
}

int exec_syscat_natts(const sc_rel *r)
{
	switch (r->kind) {
	case 'i':
		return r->idx->ncols;
	case 'v':
		return r->sys != NULL ? r->sys->ncols : r->nvcols;
	case 'S':
		return 3;
	default:
		return r->sys != NULL ? r->sys->ncols : r->t->ncols;
	}
}

/* A sequence's columns, as PostgreSQL's sequence relations have them. */
static const char *const seqcols[] = {"last_value", "log_cnt", "is_called"};
static const exec_oid seqtypes[] = {EXEC_OID_INT8, EXEC_OID_INT8, EXEC_OID_BOOL};

const char *exec_syscat_attname(sc_image *im, const sc_rel *r, int attnum)
{
	(void)im;
	if (attnum < 1 || attnum > exec_syscat_natts(r))
		return NULL;
	if (r->sys != NULL)
		return r->sys->cols[attnum - 1].name;
	switch (r->kind) {
	case 'i':
		return r->t->cols[r->idx->cols[attnum - 1]].name;
	case 'v':
		return r->vcols[attnum - 1];
	case 'S':
		return seqcols[attnum - 1];
	default:
		return r->t->cols[attnum - 1].name;
	}
}

/*
 * Whether PostgreSQL would show triggers on a table: its foreign keys,
 * and those that reference it, are triggers there (psql's \d lists a
 * table's "Referenced by" only then).
 */
static bool has_fk_triggers(const sc_image *im, const sc_rel *r)
{
	if (r->kind != 'r' || r->t == NULL)
		return false;
	if (r->t->nfkeys > 0)
		return true;
	for (int i = 0; i < im->nrels; i++) {
		const sc_rel *o = &im->rels[i];

		if (o->kind != 'r' || o->t == NULL)
			continue;
		for (int k = 0; k < o->t->nfkeys; k++)
			if (strcmp(o->t->fkeys[k].ref_table, r->name) == 0)
				return true;
	}
	return false;
}

static int pg_class_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	ROWS_BEGIN("pg_catalog", "pg_class");
	for (int i = 0; i < im->nrels; i++) {
		const sc_rel *r = &im->rels[i];
		bool storage = r->kind == 'r' || r->kind == 'i' || r->kind == 'S';

		p_int(&row, r->oid);
		p_str(&row, r->name);
		p_int(&row, r->nsp);
		p_int(&row, 0); /* reltype: ChronDB has no row types of tables */
		p_int(&row, 0);
		p_int(&row, EXEC_ROLE_SUPERUSER);
		p_int(&row, r->kind == 'r' ? 2 : r->kind == 'i' ? 403 : 0); /* heap, btree */
		p_int(&row, storage ? r->oid : 0);
		p_int(&row, 0);
		p_int(&row, 0);
		p_f4(&row, r->kind == 'S' ? 1 : -1);
		p_int(&row, 0);
		p_int(&row, 0);
		p_bool(&row, r->kind == 'r' && r->nidx > 0);
		p_bool(&row, false);
		p_int(&row, 'p');
		p_int(&row, r->kind);
		p_int(&row, exec_syscat_natts(r));
		p_int(&row, r->kind == 'r' && r->t != NULL ? r->t->nchecks : 0);
		p_bool(&row, r->kind == 'v');
		p_bool(&row, has_fk_triggers(im, r));
		p_bool(&row, false);
		p_bool(&row, false);
		p_bool(&row, false);
		p_bool(&row, true);
		p_int(&row, r->kind == 'r' ? 'd' : 'n');
		p_bool(&row, false);
		p_int(&row, 0);
		p_int(&row, r->kind == 'r' ? 731 : 0);
		p_int(&row, r->kind == 'r' ? 1 : 0);
		p_null(&row);
		p_null(&row);
		p_null(&row);
		EMIT();
	}
	return EXEC_OK;
}

static bool sys_fixed(exec_oid type)
{
	const exec_type *ty = exec_type_by_oid(type);

	return ty != NULL &&
	       (ty->len > 0 || type == EXEC_OID_INT2VECTOR || type == EXEC_OID_OIDVECTOR);
}

static bool sys_notnull(const exec_systable *t, int k)
{
	static const char *const forced[] = {"pg_proc.prosrc", "pg_database.datcollate",
		"pg_database.datctype", "pg_shdescription.description", "pg_attrdef.adbin",
		"pg_description.description", "pg_rewrite.ev_qual", "pg_rewrite.ev_action",
		"pg_trigger.tgargs", "pg_extension.extversion", "pg_policy.polroles",
		"pg_statistic_ext.stxkind", "pg_subscription.subconninfo",
		"pg_subscription.subsynccommit", "pg_subscription.subpublications"};
	char name[128];

	if (!sys_catalog(t))
		return false;
	snprintf(name, sizeof(name), "%s.%s", t->name, t->cols[k].name);
	for (size_t f = 0; f < EXEC_NELEM(forced); f++)
		if (strcmp(forced[f], name) == 0)
			return true;
	for (int i = 0; i <= k; i++)
		if (!sys_fixed(t->cols[i].type))
			return false;
	return true;
}

static uint32_t sys_collation(const exec_systable *t, int k)
{
	uint32_t coll = exec_syscat_type_collation(t->cols[k].type);
	size_t n = strlen(t->cols[k].name);

	/* The aclitem[] columns (text[] here: T_ACL) collate nothing. */
	if (n >= 3 && strcmp(t->cols[k].name + n - 3, "acl") == 0)
		return 0;
	return coll != 0 && sys_catalog(t) ? 950 : coll;
}

/* One pg_attribute row. */
static int attribute_row(sc_row *row, uint32_t rel, const char *name, exec_oid type, int32_t typmod,
	int attnum, bool notnull, bool hasdef, char identity, uint32_t coll, exec_srf_emit emit,
	void *arg)
{
	const exec_type *ty = exec_type_by_oid(type);

	p_int(row, rel);
	p_str(row, name);
	p_int(row, type);
	p_int(row, -1);
	p_int(row, ty != NULL ? ty->len : -1);
	p_int(row, attnum);
	p_int(row, exec_array_elem_of(type) != 0 ? 1 : 0);
	p_int(row, -1);
	p_int(row, typmod);
	p_bool(row, ty != NULL && type_byval(ty));
	p_int(row, ty != NULL ? type_align(ty) : 'i');
	p_int(row, ty != NULL ? type_storage(ty) : 'x');
	p_int(row, 0);
	p_bool(row, notnull);
	p_bool(row, hasdef);
	p_bool(row, false);
	p_int(row, identity);
	p_int(row, 0);
	p_bool(row, false);
	p_bool(row, true);
	p_int(row, 0);
	p_int(row, coll);
	p_null(row);
	p_null(row);
	p_null(row);
	p_null(row);
	return row_emit(row, emit, arg);
}

/*
 * A user view's column types: its query analyzed as the statement sees
 * the catalog, on first need.  A query that no longer analyzes (a table
 * it reads is gone) leaves the view without columns here, as it reads
 * nothing either.
 */
static void view_types(sc_image *im, sc_rel *r)
{
	exec_session *ss = im->ss;
	store_err err;
	sql_error perr;
	sql_stmt_list *stmts = NULL;
	plan_node *p = NULL;
	an_ctx c;

	if (r->vtypes != NULL)
		return;
	r->vtypes = sql_arena_zalloc(im->a, (size_t)(r->nvcols + 1) * sizeof(*r->vtypes));
	r->vtypmods = sql_arena_zalloc(im->a, (size_t)(r->nvcols + 1) * sizeof(*r->vtypmods));
	exec_stmt_analyzer(ss->cur, &c);
	store_err_clear(&err);
	c.err = &err;
	c.cx.err = &err;
	c.sql = r->query;
	c.sqllen = strlen(r->query);
	memset(&perr, 0, sizeof(perr));
	if (sql_parse(r->query, strlen(r->query), c.a, &stmts, &perr) == 0 && stmts != NULL &&
		sql_list_len(stmts->stmts) == 1 &&
		sql_list_nth(stmts->stmts, 0)->kind == SQL_SELECT)
		p = an_query(&c, NULL, sql_as_select(sql_list_nth(stmts->stmts, 0)));
	for (int i = 0; p != NULL && i < r->nvcols && i < p->desc.ncols; i++) {
		r->vtypes[i] = p->desc.cols[i].type;
		r->vtypmods[i] = p->desc.cols[i].typmod;
	}
	an_ctx_release(&c);
}

static int pg_attribute_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	ROWS_BEGIN("pg_catalog", "pg_attribute");
	for (int i = 0; i < im->nrels; i++) {
		const sc_rel *r = &im->rels[i];
		int rc = EXEC_OK;

		if (r->sys != NULL) {
			for (int k = 0; k < r->sys->ncols && rc == EXEC_OK; k++)
				rc = attribute_row(&row, r->oid, r->sys->cols[k].name,
					r->sys->cols[k].type, -1, k + 1, sys_notnull(r->sys, k),
					false, 0, sys_collation(r->sys, k), emit, arg);
		} else if (r->kind == 'r') {
			for (int k = 0; k < r->t->ncols && rc == EXEC_OK; k++) {
				const cat_column *c = &r->t->cols[k];

				rc = attribute_row(&row, r->oid, c->name, c->type, c->typmod, k + 1,
					c->not_null, exec_syscat_has_default(c), c->identity, 
					exec_syscat_type_collation(c->type), emit, arg);
			}
		} else if (r->kind == 'i') {
			for (int k = 0; k < r->idx->ncols && rc == EXEC_OK; k++) {
				const cat_column *c = &r->t->cols[r->idx->cols[k]];

				rc = attribute_row(&row, r->oid, c->name, c->type, c->typmod, k + 1,
					false, false, 0, exec_syscat_type_collation(c->type), emit,
					arg);
			}
		} else if (r->kind == 'S') {
			for (int k = 0; k < 3 && rc == EXEC_OK; k++)
				rc = attribute_row(&row, r->oid, seqcols[k], seqtypes[k], -1, k + 1,
					true, false, 0, 0, emit, arg);
		} else if (r->kind == 'v') {
			view_types(im, &im->rels[i]);
			for (int k = 0; k < r->nvcols && r->vtypes[k] != 0 && rc == EXEC_OK; k++)
				rc = attribute_row(&row, r->oid, r->vcols[k], r->vtypes[k],
					r->vtypmods[k], k + 1, false, false, 0,
					exec_syscat_type_collation(r->vtypes[k]), emit, arg);
		}
		if (rc != EXEC_OK)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}

static int pg_attrdef_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	ROWS_BEGIN("pg_catalog", "pg_attrdef");
	for (int i = 0; i < im->nrels; i++) {
		const sc_rel *r = &im->rels[i];

		if (r->kind != 'r' || r->t == NULL)
			continue;
		for (int k = 0; k < r->t->ncols; k++) {
			const cat_column *c = &r->t->cols[k];

			if (!exec_syscat_has_default(c))
				continue;
			p_int(&row, exec_syscat_user_oid('d', r->name, c->name));
			p_int(&row, r->oid);
			p_int(&row, k + 1);
			p_str(&row, exec_syscat_default_expr(row.a, c));
			EMIT();
		}
	}
	return EXEC_OK;
}

static int pg_index_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	ROWS_BEGIN("pg_catalog", "pg_index");
	for (int i = 0; i < im->nrels; i++) {
		const sc_rel *r = &im->rels[i];
		int64_t keys[EXEC_IDX_MAXCOLS], colls[EXEC_IDX_MAXCOLS], zeros[EXEC_IDX_MAXCOLS];

		if (r->kind != 'i')
			continue;
		for (int k = 0; k < r->idx->ncols; k++) {
			keys[k] = r->idx->cols[k] + 1;
			colls[k] = exec_syscat_type_collation(r->t->cols[r->idx->cols[k]].type);
			zeros[k] = 0;
		}
		p_int(&row, r->oid);
		p_int(&row, im->rels[r->table_rel].oid);
		p_int(&row, r->idx->ncols);
		p_int(&row, r->idx->ncols);
		p_bool(&row, r->idx->unique);
		p_bool(&row, false);
		p_bool(&row, r->idx->primary);
		p_bool(&row, false);
		p_bool(&row, true);
		p_bool(&row, false);
		p_bool(&row, true);
		p_bool(&row, false);
		p_bool(&row, true);
		p_bool(&row, true);
		p_bool(&row, false);
		p_ints(&row, keys, r->idx->ncols, 0);
		p_ints(&row, colls, r->idx->ncols, 0);
		p_ints(&row, zeros, r->idx->ncols, 0);
		p_ints(&row, zeros, r->idx->ncols, 0);
		p_null(&row);
		p_null(&row);
		EMIT();
	}
	return EXEC_OK;
}

/* The attnums of a foreign key's referenced columns, and the table's relation. */
static const sc_rel *fk_target(const sc_image *im, const cat_fkey *fk, int64_t *refcols)
{
	const sc_rel *ref = exec_syscat_rel_named(im, EXEC_NSP_PUBLIC, fk->ref_table);

	if (ref == NULL || ref->kind != 'r')
		return NULL;
	for (int k = 0; k < fk->ncols; k++)
		refcols[k] = cat_column_index(ref->t, fk->ref_cols[k]) + 1;
	return ref;
}

/* The index a foreign key's referenced columns use: the primary key's or a unique one. */
static uint32_t fk_index(const sc_image *im, const sc_rel *ref, const int64_t *refcols, int n)
{
	for (int i = 0; i < im->ncons; i++) {
		const sc_con *k = &im->cons[i];
		bool same = k->ncols == n;

		if (&im->rels[k->table_rel] != ref || (k->type != 'p' && k->type != 'u'))
			continue;
		for (int c = 0; same && c < n; c++) {
			bool in = false;

			for (int d = 0; d < n; d++)
				in = in || k->cols[d] + 1 == refcols[c];
			same = in;
		}
		if (same)
			return k->index_oid;
	}
	return 0;
}

static int pg_constraint_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	ROWS_BEGIN("pg_catalog", "pg_constraint");
	for (int i = 0; i < im->ncons; i++) {
		const sc_con *k = &im->cons[i];
		const sc_rel *t = &im->rels[k->table_rel], *ref = NULL;
		int64_t cols[EXEC_IDX_MAXCOLS * 4], refcols[EXEC_IDX_MAXCOLS * 4];
		int n = k->ncols < EXEC_IDX_MAXCOLS * 4 ? k->ncols : EXEC_IDX_MAXCOLS * 4;

		for (int c = 0; c < n; c++)
			cols[c] = k->cols[c] + 1;
		if (k->fk != NULL)
			ref = fk_target(im, k->fk, refcols);
		p_int(&row, exec_syscat_con_oid(im, k));
		p_str(&row, k->name);
		p_int(&row, EXEC_NSP_PUBLIC);
		p_int(&row, k->type);
		p_bool(&row, false);
		p_bool(&row, false);
		p_bool(&row, true);
		p_int(&row, t->oid);
		p_int(&row, 0);
		p_int(&row,
			k->type == 'f' ? (ref ? fk_index(im, ref, refcols, n) : 0) : k->index_oid);
		p_int(&row, 0);
		p_int(&row, ref != NULL ? ref->oid : 0);
		p_int(&row, k->fk != NULL ? k->fk->on_update : ' ');
		p_int(&row, k->fk != NULL ? k->fk->on_delete : ' ');
		p_int(&row, k->fk != NULL ? 's' : ' ');
		p_bool(&row, true);
		p_int(&row, 0);
		p_bool(&row, false);
		if (k->type == 'c')
			p_null(&row);
		else
			p_ints(&row, cols, n, 1);
		if (ref != NULL)
			p_ints(&row, refcols, n, 1);
		else
			p_null(&row);
		p_null(&row);
		p_null(&row);
		p_null(&row);
		p_null(&row);
		p_null(&row);
		p_str(&row, k->check != NULL ? k->check->sql : NULL);
		EMIT();
	}
	return EXEC_OK;
}

/* ---- pg_type, pg_proc ---- */

/* The name of a type's input, output, receive or send function (which = 0..3). */
const char *exec_syscat_type_io(sql_arena *a, const exec_type *ty, int which)
{
	static const char *const array_io[] = {"array_in", "array_out", "array_recv", "array_send"};
	static const char *const plain[] = {"in", "out", "recv", "send"};
	static const char *const underscored[] = {"date", "time", "timetz", "timestamp",
		"timestamptz", "interval", "numeric", "json", "jsonb", "uuid", "record", "any",
		"anyarray", "anyelement", "anynonarray", "anycompatible", "anycompatiblearray"};

	if (ty->elem != 0 && ty->name[0] == '_') /* int2vector and oidvector have their own */
		return array_io[which];
	for (size_t i = 0; i < EXEC_NELEM(underscored); i++)
		if (strcmp(ty->name, underscored[i]) == 0)
			return sql_arena_printf(a, "%s_%s", ty->name, plain[which]);
	return sql_arena_printf(a, "%s%s", ty->name, plain[which]);
}

static int pg_type_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	size_t nmods;
	const exec_module *const *mods = exec_registry_modules(&nmods);

	ROWS_BEGIN("pg_catalog", "pg_type");
	(void)im;
	for (size_t m = 0; m < nmods; m++) {
		for (size_t i = 0; i < mods[m]->ntypes; i++) {
			const exec_type *ty = &mods[m]->types[i];
			bool pseudo = ty->category == 'P' || ty->oid == EXEC_OID_RECORD ||
				      ty->oid == EXEC_OID_UNKNOWN;

			p_int(&row, ty->oid);
			p_str(&row, ty->name);
			p_int(&row, EXEC_NSP_PG_CATALOG);
			p_int(&row, EXEC_ROLE_SUPERUSER);
			p_int(&row, ty->len);
			p_bool(&row, type_byval(ty));
			p_int(&row, pseudo ? 'p' : 'b');
			p_int(&row, ty->category);
			p_bool(&row, ty->preferred);
			p_bool(&row, true);
			p_int(&row, ',');
			p_int(&row, 0);
			p_int(&row, exec_syscat_proc_oid(ty->elem != 0 ? "array_subscript_handler"
							 : ty->oid == EXEC_OID_JSONB
								 ? "jsonb_subscript_handler"
								 : NULL));
			p_int(&row, ty->elem);
			p_int(&row, ty->array);
			for (int w = 0; w < 4; w++)
				p_int(&row,
					exec_syscat_proc_oid(exec_syscat_type_io(row.a, ty, w)));
			p_int(&row, 0);
			p_int(&row, 0);
			p_int(&row, 0);
			p_int(&row, type_align(ty));
			p_int(&row, type_storage(ty));
			p_bool(&row, false);
			p_int(&row, 0);
			p_int(&row, -1);
			p_int(&row, 0);
			p_int(&row, exec_syscat_type_collation(ty->oid));
			p_null(&row);
			p_null(&row);
			p_null(&row);
			EMIT();
		}
	}
	return EXEC_OK;
}

/*
 * One pg_proc row.  A set-returning function of several columns lists
 * them as OUT parameters (proallargtypes, proargmodes, proargnames),
 * as PostgreSQL declares its own.
 */
static int proc_row(sc_row *row, const sc_proc *p, exec_srf_emit emit, void *arg)
{
	int n = p->nargs < REG_PROC_MAXARGS ? p->nargs : REG_PROC_MAXARGS;
	int nout = p->srf != NULL && p->srf->ncols > 1 ? p->srf->ncols : 0;
	int64_t a[REG_PROC_MAXARGS + EXEC_SRF_MAXCOLS];
	const char *modes[REG_PROC_MAXARGS + EXEC_SRF_MAXCOLS],
		*names[REG_PROC_MAXARGS + EXEC_SRF_MAXCOLS];

	for (int i = 0; i < n; i++) {
		a[i] = exec_syscat_proc_argtype(p, i);
		modes[i] = p->variadic && i == n - 1 ? "v" : "i";
		names[i] = "";
	}
	p_int(row, p->oid);
	p_str(row, p->name);
	p_int(row, EXEC_NSP_PG_CATALOG);
	p_int(row, EXEC_ROLE_SUPERUSER);
	p_int(row, 12); /* internal */
	p_f4(row, 1);
	p_f4(row, p->retset ? 1000 : 0);
	p_int(row, p->variadic && n > 0 ? p->args[n - 1] : 0);
	p_int(row, 0);
	p_int(row, p->kind);
	p_bool(row, false);
	p_bool(row, false);
	p_bool(row, p->strict);
	p_bool(row, p->retset);
	p_int(row, p->volatility);
	p_int(row, 's');
	p_int(row, n);
	p_int(row, 0);
	p_int(row, p->result);
	p_ints(row, a, n, 0);
	if (nout > 0) {
		for (int i = 0; i < nout; i++) {
			a[n + i] = p->srf->coltypes[i];
			modes[n + i] = "o";
			names[n + i] = p->srf->colnames[i];
		}
		p_ints(row, a, n + nout, 1);
		p_strs(row, modes, n + nout);
		p_strs(row, names, n + nout);
	} else {
		p_null(row);
		p_null(row);
		p_null(row);
	}
	p_null(row);
	p_null(row);
	p_str(row, p->name);
	p_null(row);
	p_null(row);
	p_null(row);
	p_null(row);
	return row_emit(row, emit, arg);
}

static int proc_walk_row(void *arg, const sc_proc *p)
{
	sc_walk *w = arg;

	return proc_row(w->row, p, w->emit, w->arg) != EXEC_OK;
}

static int pg_proc_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	sc_walk w;

	ROWS_BEGIN("pg_catalog", "pg_proc");
	w = (sc_walk){&row, im, emit, arg};
	return exec_syscat_procs(proc_walk_row, &w) != 0 ? EXEC_ERROR : EXEC_OK;
}

/* ---- Fixed catalogs: pg_am, pg_collation, pg_tablespace, pg_extension, ... ---- */

static int pg_am_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	static const struct {
		uint32_t oid;
		const char *name, *handler;
		char type;
	} ams[] = {{2, "heap", "heap_tableam_handler", 't'}, {403, "btree", "bthandler", 'i'}};

	ROWS_BEGIN("pg_catalog", "pg_am");
	(void)im;
	for (size_t i = 0; i < EXEC_NELEM(ams); i++) {
		p_int(&row, ams[i].oid);
		p_str(&row, ams[i].name);
		p_int(&row, exec_syscat_proc_oid(ams[i].handler));
		p_int(&row, ams[i].type);
		EMIT();
	}
	return EXEC_OK;
}

static int pg_collation_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	static const struct {
		uint32_t oid;
		const char *name;
		char provider;
		const char *collate;
	} colls[] = {
		{100, "default", 'd', NULL}, {950, "C", 'c', "C"}, {951, "POSIX", 'c', "POSIX"}};

	ROWS_BEGIN("pg_catalog", "pg_collation");
	(void)im;
	for (size_t i = 0; i < EXEC_NELEM(colls); i++) {
		p_int(&row, colls[i].oid);
		p_str(&row, colls[i].name);
		p_int(&row, EXEC_NSP_PG_CATALOG);
		p_int(&row, EXEC_ROLE_SUPERUSER);
		p_int(&row, colls[i].provider);
		p_bool(&row, true);
		p_int(&row, -1);
		p_str(&row, colls[i].collate);
		p_str(&row, colls[i].collate);
		p_null(&row);
		p_null(&row);
		EMIT();
	}
	return EXEC_OK;
}

/* The tablespaces: PostgreSQL's two, pg_global for the shared catalogs. */
static const sc_fixed spcs[] = {{1663, "pg_default"}, {1664, "pg_global"}};

const sc_fixed *exec_syscat_tablespace(uint32_t oid, const char *name)
{
	for (size_t i = 0; i < EXEC_NELEM(spcs); i++)
		if (name != NULL ? strcmp(spcs[i].name, name) == 0 : spcs[i].oid == oid)
			return &spcs[i];
	return NULL;
}

static int pg_tablespace_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	ROWS_BEGIN("pg_catalog", "pg_tablespace");
	(void)im;
	for (size_t i = 0; i < EXEC_NELEM(spcs); i++) {
		p_int(&row, spcs[i].oid);
		p_str(&row, spcs[i].name);
		p_int(&row, EXEC_ROLE_SUPERUSER);
		p_null(&row);
		p_null(&row);
		EMIT();
	}
	return EXEC_OK;
}

/*
 * The languages, as in a fresh PostgreSQL cluster: every registry
 * function is "internal"; sql and plpgsql are there because the plpgsql
 * extension is (pg_extension), though ChronDB runs neither.
 * XXX: CREATE FUNCTION and DO would bring them to life.
 */
static const sc_language languages[] = {
	{12, "internal", false, false, 0, 0, 2246},
	{13, "c", false, false, 0, 0, 2247},
	{14, "sql", false, true, 0, 0, 2248},
	{13563, "plpgsql", true, true, 13560, 13561, 13562},
};

const sc_language *exec_syscat_language(uint32_t oid, const char *name)
{
	for (size_t i = 0; i < EXEC_NELEM(languages); i++)
		if (name != NULL ? strcmp(languages[i].name, name) == 0 : languages[i].oid == oid)
			return &languages[i];
	return NULL;
}

static int pg_language_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	ROWS_BEGIN("pg_catalog", "pg_language");
	(void)im;
	for (size_t i = 0; i < EXEC_NELEM(languages); i++) {
		p_int(&row, languages[i].oid);
		p_str(&row, languages[i].name);
		p_int(&row, EXEC_ROLE_SUPERUSER);
		p_bool(&row, languages[i].ispl);
		p_bool(&row, languages[i].trusted);
		p_int(&row, languages[i].handler);
		p_int(&row, languages[i].inline_handler);
		p_int(&row, languages[i].validator);
		p_null(&row);
		EMIT();
	}
	return EXEC_OK;
}

/* The OID of an operator's negator: the operator of that name on the same operands. */
typedef struct negator_want {
	const exec_oper *op;
	uint32_t oid;
} negator_want;

static int negator_match(void *arg, const sc_oper *o)
{
	negator_want *w = arg;

	if (strcmp(o->op->name, w->op->negator) != 0 || o->op->left != w->op->left ||
		o->op->right != w->op->right)
		return 0;
	w->oid = o->oid;
	return 1;
}

/*
 * pg_operator: the registry's operators.  oprcode is the function that
 * shares the operator's implementation when the registry has one (else
 * 0); equalities that hash can merge too; no commutators are declared,
 * and no selectivity estimators exist (oprrest, oprjoin 0).
 */
static int oper_walk_row(void *arg, const sc_oper *o)
{
	sc_walk *w = arg;
	sc_row *row = w->row;
	negator_want neg = {o->op, 0};

	if (o->op->negator != NULL)
		exec_syscat_opers(negator_match, &neg);
	p_int(row, o->oid);
	p_str(row, o->op->name);
	p_int(row, EXEC_NSP_PG_CATALOG);
	p_int(row, EXEC_ROLE_SUPERUSER);
	p_int(row, o->op->left != 0 ? 'b' : 'l');
	p_bool(row, o->op->hashable && strcmp(o->op->name, "=") == 0);
	p_bool(row, o->op->hashable);
	p_int(row, o->op->left);
	p_int(row, o->op->right);
	p_int(row, o->op->result);
	p_int(row, 0);
	p_int(row, neg.oid);
	p_int(row, exec_syscat_oper_code(o->op));
	p_int(row, 0);
	p_int(row, 0);
	return row_emit(row, w->emit, w->arg) != EXEC_OK;
}

static int pg_operator_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	sc_walk w;

	ROWS_BEGIN("pg_catalog", "pg_operator");
	w = (sc_walk){&row, im, emit, arg};
	return exec_syscat_opers(oper_walk_row, &w) != 0 ? EXEC_ERROR : EXEC_OK;
}

/* What pg_cast_rows passes through exec_syscat_casts. */
static int cast_walk_row(void *arg, const sc_cast *c)
{
	sc_walk *w = arg;
	sc_row *row = w->row;

	p_int(row, c->oid);
	p_int(row, c->cast->from);
	p_int(row, c->cast->to);
	p_int(row, c->func);
	p_int(row, c->cast->context);
	p_int(row, c->method);
	return row_emit(row, w->emit, w->arg) != EXEC_OK;
}

static int pg_cast_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	sc_walk w;

	ROWS_BEGIN("pg_catalog", "pg_cast");
	w = (sc_walk){&row, im, emit, arg};
	return exec_syscat_casts(cast_walk_row, &w) != 0 ? EXEC_ERROR : EXEC_OK;
}

uint32_t exec_syscat_rule_oid(const sc_rel *view)
{
	return exec_syscat_user_oid('R', view->name, view->sys != NULL ? "sys" : NULL);
}

/*
 * pg_rewrite: a view's "_RETURN" rule, as PostgreSQL keeps a view's
 * query; ev_action is the query's text (ChronDB stores views as SQL).
 */
static int pg_rewrite_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	ROWS_BEGIN("pg_catalog", "pg_rewrite");
	for (int i = 0; i < im->nrels; i++) {
		const sc_rel *r = &im->rels[i];

		if (r->kind != 'v' || (r->sys != NULL && r->sys->query == NULL))
			continue;
		p_int(&row, exec_syscat_rule_oid(r));
		p_str(&row, "_RETURN");
		p_int(&row, r->oid);
		p_int(&row, '1');
		p_int(&row, 'O');
		p_bool(&row, true);
		p_str(&row, "<>");
		p_str(&row, r->sys != NULL ? r->sys->query : r->query);
		EMIT();
	}
	return EXEC_OK;
}

static int pg_extension_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	ROWS_BEGIN("pg_catalog", "pg_extension");
	(void)im;
	p_int(&row, 13559);
	p_str(&row, "plpgsql");
	p_int(&row, EXEC_ROLE_SUPERUSER);
	p_int(&row, EXEC_NSP_PG_CATALOG);
	p_bool(&row, false);
	p_str(&row, "1.0");
	p_null(&row);
	p_null(&row);
	EMIT();
	return EXEC_OK;
}

/* The session's user: the superuser every ChronDB session is for now. */
static int pg_authid_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	ROWS_BEGIN("pg_catalog", "pg_authid");
	p_int(&row, EXEC_ROLE_SUPERUSER);
	p_str(&row, exec_syscat_user(im));
	for (int i = 0; i < 7; i++)
		p_bool(&row, true);
	p_int(&row, -1);
	p_null(&row);
	p_null(&row);
	EMIT();

	/* The role that owns public, as in PostgreSQL 15: whoever owns the database. */
	p_int(&row, EXEC_ROLE_DATABASE_OWNER);
	p_str(&row, "pg_database_owner");
	p_bool(&row, false);
	p_bool(&row, true);
	for (int i = 0; i < 5; i++)
		p_bool(&row, false);
	p_int(&row, -1);
	p_null(&row);
	p_null(&row);
	EMIT();
	return EXEC_OK;
}

static int pg_database_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	ROWS_BEGIN("pg_catalog", "pg_database");
	p_int(&row, EXEC_SYSCAT_DATABASE_OID);
	p_str(&row, exec_syscat_database(im));
	p_int(&row, EXEC_ROLE_SUPERUSER);
	p_int(&row, 6); /* UTF8 */
	p_int(&row, 'c');
	p_bool(&row, false);
	p_bool(&row, true);
	p_int(&row, -1);
	p_int(&row, 716);
	p_int(&row, 1);
	p_int(&row, 1663);
	p_str(&row, "C.UTF-8");
	p_str(&row, "C.UTF-8");
	p_null(&row);
	p_null(&row);
	p_null(&row);
	EMIT();
	return EXEC_OK;
}

static int pg_sequence_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	ROWS_BEGIN("pg_catalog", "pg_sequence");
	for (int i = 0; i < im->nrels; i++) {
		const sc_rel *r = &im->rels[i];

		if (r->kind != 'S')
			continue;
		p_int(&row, r->oid);
		p_int(&row, r->seq->type);
		p_int(&row, r->seq->start);
		p_int(&row, r->seq->increment);
		p_int(&row, r->seq->max);
		p_int(&row, r->seq->min);
		p_int(&row, r->seq->cache);
		p_bool(&row, r->seq->cycle);
		EMIT();
	}
	return EXEC_OK;
}

/* pg_depend: what clients look for, a sequence owned by its column ('a', 'i' for identity). */
static int pg_depend_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	ROWS_BEGIN("pg_catalog", "pg_depend");
	for (int i = 0; i < im->nrels; i++) {
		const sc_rel *r = &im->rels[i];

		if (r->kind != 'r' || r->t == NULL)
			continue;
		for (int k = 0; k < r->t->ncols; k++) {
			const cat_column *c = &r->t->cols[k];
			const sc_rel *s;

			if (c->sequence == NULL || (s = exec_syscat_rel_named(im, EXEC_NSP_PUBLIC,
							    c->sequence)) == NULL)
				continue;
			p_int(&row, 1259);
			p_int(&row, s->oid);
			p_int(&row, 0);
			p_int(&row, 1259);
			p_int(&row, r->oid);
			p_int(&row, k + 1);
			p_int(&row, c->identity ? 'i' : 'a');
			EMIT();
		}
	}
	return EXEC_OK;
}

typedef struct settings_walk {
	sc_row *row;
	exec_srf_emit emit;
	void *arg;
	int rc;
} settings_walk;

static void setting_row(void *arg, const exec_guc_info *g)
{
	settings_walk *w = arg;
	sc_row *row = w->row;
	const char *vartype = g->vartype;

	if (w->rc != EXEC_OK)
		return;
	p_str(row, g->name);
	p_str(row, g->setting);
	p_str(row, g->unit);
	p_str(row, g->category);
	p_str(row, g->short_desc);
	p_null(row);
	p_str(row, (g->flags & EXEC_GUC_READONLY) ? "internal" : "user");
	p_str(row, vartype);
	p_str(row, strcmp(g->setting ? g->setting : "", g->boot ? g->boot : "") == 0 ? "default"
										     : "session");
	p_null(row);
	p_null(row);
	if (g->enumvals != NULL) {
		int n = 0;

		while (g->enumvals[n] != NULL)
			n++;
		p_strs(row, g->enumvals, n);
	} else {
		p_null(row);
	}
	p_str(row, g->boot);
	p_str(row, g->boot);
	p_null(row);
	p_null(row);
	p_bool(row, false);
	w->rc = row_emit(row, w->emit, w->arg);
}

static int pg_settings_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	settings_walk w;

	ROWS_BEGIN("pg_catalog", "pg_settings");
	w.row = &row;
	w.emit = emit;
	w.arg = arg;
	w.rc = EXEC_OK;
	exec_guc_each(im->ss->gucs, setting_row, &w);
	return w.rc;
}

static int desc_walk_row(
	void *arg, uint32_t classoid, uint32_t objoid, int32_t subid, const char *text)
{
	sc_walk *w = arg;

	p_int(w->row, objoid);
	p_int(w->row, classoid);
	p_int(w->row, subid);
	p_str(w->row, text);
	return row_emit(w->row, w->emit, w->arg) != EXEC_OK;
}

/* pg_description: the built-in objects' (PostgreSQL's texts) and COMMENT ON's. */
static int pg_description_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	sc_walk w;

	ROWS_BEGIN("pg_catalog", "pg_description");
	w = (sc_walk){&row, im, emit, arg};
	return exec_syscat_descriptions(im, desc_walk_row, &w) != 0 ? EXEC_ERROR : EXEC_OK;
}

/* pg_locks: what the lock manager and the advisory locks hold and await now (locks.h). */
static int pg_locks_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	exec_lockrow *v;
	size_t n;

	ROWS_BEGIN("pg_catalog", "pg_locks");
	if (exec_locks_rows(cx, im->ss, &v, &n) != EXEC_OK)
		return EXEC_ERROR;
	for (size_t i = 0; i < n; i++) {
		const exec_lockrow *l = &v[i];

		row.n = 0;
		p_str(&row, l->locktype);
		if (l->database)
			p_int(&row, l->database);
		else
			p_null(&row);
		if (l->relation)
			p_int(&row, l->relation);
		else
			p_null(&row);
		p_null(&row); /* page and tuple: rows have no place in a page here */
		p_null(&row);
		p_str(&row, l->virtualxid);
		if (l->transactionid)
			p_int(&row, l->transactionid);
		else
			p_null(&row);
		if (l->objsubid) {
			p_int(&row, l->classid);
			p_int(&row, l->objid);
			p_int(&row, l->objsubid);
		} else {
			p_null(&row);
			p_null(&row);
			p_null(&row);
		}
		p_str(&row, l->virtualtransaction);
		p_int(&row, l->pid);
		p_str(&row, l->mode);
		p_bool(&row, l->granted);
		p_bool(&row, l->fastpath);
		if (l->waitstart_us)
			p_int(&row, l->waitstart_us);
		else
			p_null(&row);
		EMIT();
	}
	return EXEC_OK;
}

/* A catalog of a feature ChronDB does not have: real, and empty. */
static int empty_rows(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	(void)cx;
	(void)args;
	(void)nargs;
	(void)emit;
	(void)arg;
	return EXEC_OK;
}

/* ---- The table of system relations ---- */

#define T_OID    EXEC_OID_OID
#define T_NAME   EXEC_OID_NAME
#define T_TEXT   EXEC_OID_TEXT
#define T_BOOL   EXEC_OID_BOOL
#define T_CHAR   EXEC_OID_CHAR
#define T_INT2   EXEC_OID_INT2
#define T_INT4   EXEC_OID_INT4
#define T_INT8   EXEC_OID_INT8
#define T_REAL   EXEC_OID_FLOAT4
#define T_PROC   EXEC_OID_REGPROC
#define T_XID    EXEC_OID_XID
#define T_NODE   EXEC_OID_PG_NODE_TREE
#define T_TEXTS  EXEC_OID_TEXT_ARRAY
#define T_OIDS   EXEC_OID_OID_ARRAY
#define T_INT2S  EXEC_OID_INT2_ARRAY
#define T_I2VEC  EXEC_OID_INT2VECTOR
#define T_OIDVEC EXEC_OID_OIDVECTOR
/*
 * XXX: aclitem[] columns are text[] of aclitem's text form, and NULL
 * (the owner's default rights) but for the built-in schemas' grants:
 * ChronDB has no GRANT (every session is its superuser); an aclitem
 * type comes with roles.
 */
#define T_ACL  EXEC_OID_TEXT_ARRAY
#define T_TSTZ EXEC_OID_TIMESTAMPTZ

static const exec_syscol cols_namespace[] = {
	{"oid", T_OID}, {"nspname", T_NAME}, {"nspowner", T_OID}, {"nspacl", T_ACL}};

static const exec_syscol cols_class[] = {{"oid", T_OID}, {"relname", T_NAME},
	{"relnamespace", T_OID}, {"reltype", T_OID}, {"reloftype", T_OID}, {"relowner", T_OID},
	{"relam", T_OID}, {"relfilenode", T_OID}, {"reltablespace", T_OID}, {"relpages", T_INT4},
	{"reltuples", T_REAL}, {"relallvisible", T_INT4}, {"reltoastrelid", T_OID},
	{"relhasindex", T_BOOL}, {"relisshared", T_BOOL}, {"relpersistence", T_CHAR},
	{"relkind", T_CHAR}, {"relnatts", T_INT2}, {"relchecks", T_INT2}, {"relhasrules", T_BOOL},
	{"relhastriggers", T_BOOL}, {"relhassubclass", T_BOOL}, {"relrowsecurity", T_BOOL},
	{"relforcerowsecurity", T_BOOL}, {"relispopulated", T_BOOL}, {"relreplident", T_CHAR},
	{"relispartition", T_BOOL}, {"relrewrite", T_OID}, {"relfrozenxid", T_XID},
	{"relminmxid", T_XID}, {"relacl", T_ACL}, {"reloptions", T_TEXTS},
	{"relpartbound", T_NODE}};

static const exec_syscol cols_attribute[] = {{"attrelid", T_OID}, {"attname", T_NAME},
	{"atttypid", T_OID}, {"attstattarget", T_INT4}, {"attlen", T_INT2}, {"attnum", T_INT2},
	{"attndims", T_INT4}, {"attcacheoff", T_INT4}, {"atttypmod", T_INT4}, {"attbyval", T_BOOL},
	{"attalign", T_CHAR}, {"attstorage", T_CHAR}, {"attcompression", T_CHAR},
	{"attnotnull", T_BOOL}, {"atthasdef", T_BOOL}, {"atthasmissing", T_BOOL},
	{"attidentity", T_CHAR}, {"attgenerated", T_CHAR}, {"attisdropped", T_BOOL},
	{"attislocal", T_BOOL}, {"attinhcount", T_INT4}, {"attcollation", T_OID}, {"attacl", T_ACL},
	{"attoptions", T_TEXTS}, {"attfdwoptions", T_TEXTS},
	{"attmissingval", EXEC_OID_TEXT_ARRAY}};

static const exec_syscol cols_attrdef[] = {
	{"oid", T_OID}, {"adrelid", T_OID}, {"adnum", T_INT2}, {"adbin", T_NODE}};

static const exec_syscol cols_index[] = {{"indexrelid", T_OID}, {"indrelid", T_OID},
	{"indnatts", T_INT2}, {"indnkeyatts", T_INT2}, {"indisunique", T_BOOL},
	{"indnullsnotdistinct", T_BOOL}, {"indisprimary", T_BOOL}, {"indisexclusion", T_BOOL},
	{"indimmediate", T_BOOL}, {"indisclustered", T_BOOL}, {"indisvalid", T_BOOL},
	{"indcheckxmin", T_BOOL}, {"indisready", T_BOOL}, {"indislive", T_BOOL},
	{"indisreplident", T_BOOL}, {"indkey", T_I2VEC}, {"indcollation", T_OIDVEC},
	{"indclass", T_OIDVEC}, {"indoption", T_I2VEC}, {"indexprs", T_NODE}, {"indpred", T_NODE}};

static const exec_syscol cols_constraint[] = {{"oid", T_OID}, {"conname", T_NAME},
	{"connamespace", T_OID}, {"contype", T_CHAR}, {"condeferrable", T_BOOL},
	{"condeferred", T_BOOL}, {"convalidated", T_BOOL}, {"conrelid", T_OID}, {"contypid", T_OID},
	{"conindid", T_OID}, {"conparentid", T_OID}, {"confrelid", T_OID}, {"confupdtype", T_CHAR},
	{"confdeltype", T_CHAR}, {"confmatchtype", T_CHAR}, {"conislocal", T_BOOL},
	{"coninhcount", T_INT4}, {"connoinherit", T_BOOL}, {"conkey", T_INT2S},
	{"confkey", T_INT2S}, {"conpfeqop", T_OIDS}, {"conppeqop", T_OIDS}, {"conffeqop", T_OIDS},
	{"confdelsetcols", T_INT2S}, {"conexclop", T_OIDS}, {"conbin", T_NODE}};

static const exec_syscol cols_type[] = {{"oid", T_OID}, {"typname", T_NAME},
	{"typnamespace", T_OID}, {"typowner", T_OID}, {"typlen", T_INT2}, {"typbyval", T_BOOL},
	{"typtype", T_CHAR}, {"typcategory", T_CHAR}, {"typispreferred", T_BOOL},
	{"typisdefined", T_BOOL}, {"typdelim", T_CHAR}, {"typrelid", T_OID},
	{"typsubscript", T_PROC}, {"typelem", T_OID}, {"typarray", T_OID}, {"typinput", T_PROC},
	{"typoutput", T_PROC}, {"typreceive", T_PROC}, {"typsend", T_PROC}, {"typmodin", T_PROC},
	{"typmodout", T_PROC}, {"typanalyze", T_PROC}, {"typalign", T_CHAR}, {"typstorage", T_CHAR},
	{"typnotnull", T_BOOL}, {"typbasetype", T_OID}, {"typtypmod", T_INT4}, {"typndims", T_INT4},
	{"typcollation", T_OID}, {"typdefaultbin", T_NODE}, {"typdefault", T_TEXT},
	{"typacl", T_ACL}};

static const exec_syscol cols_proc[] = {{"oid", T_OID}, {"proname", T_NAME},
	{"pronamespace", T_OID}, {"proowner", T_OID}, {"prolang", T_OID}, {"procost", T_REAL},
	{"prorows", T_REAL}, {"provariadic", T_OID}, {"prosupport", T_PROC}, {"prokind", T_CHAR},
	{"prosecdef", T_BOOL}, {"proleakproof", T_BOOL}, {"proisstrict", T_BOOL},
	{"proretset", T_BOOL}, {"provolatile", T_CHAR}, {"proparallel", T_CHAR},
	{"pronargs", T_INT2}, {"pronargdefaults", T_INT2}, {"prorettype", T_OID},
	{"proargtypes", T_OIDVEC}, {"proallargtypes", T_OIDS}, {"proargmodes", T_TEXTS},
	{"proargnames", T_TEXTS}, {"proargdefaults", T_NODE}, {"protrftypes", T_OIDS},
	{"prosrc", T_TEXT}, {"probin", T_TEXT}, {"prosqlbody", T_NODE}, {"proconfig", T_TEXTS},
	{"proacl", T_ACL}};

static const exec_syscol cols_am[] = {
	{"oid", T_OID}, {"amname", T_NAME}, {"amhandler", T_PROC}, {"amtype", T_CHAR}};

static const exec_syscol cols_collation[] = {{"oid", T_OID}, {"collname", T_NAME},
	{"collnamespace", T_OID}, {"collowner", T_OID}, {"collprovider", T_CHAR},
	{"collisdeterministic", T_BOOL}, {"collencoding", T_INT4}, {"collcollate", T_TEXT},
	{"collctype", T_TEXT}, {"colliculocale", T_TEXT}, {"collversion", T_TEXT}};

static const exec_syscol cols_tablespace[] = {{"oid", T_OID}, {"spcname", T_NAME},
	{"spcowner", T_OID}, {"spcacl", T_ACL}, {"spcoptions", T_TEXTS}};

static const exec_syscol cols_extension[] = {{"oid", T_OID}, {"extname", T_NAME},
	{"extowner", T_OID}, {"extnamespace", T_OID}, {"extrelocatable", T_BOOL},
	{"extversion", T_TEXT}, {"extconfig", T_OIDS}, {"extcondition", T_TEXTS}};

static const exec_syscol cols_authid[] = {{"oid", T_OID}, {"rolname", T_NAME}, {"rolsuper", T_BOOL},
	{"rolinherit", T_BOOL}, {"rolcreaterole", T_BOOL}, {"rolcreatedb", T_BOOL},
	{"rolcanlogin", T_BOOL}, {"rolreplication", T_BOOL}, {"rolbypassrls", T_BOOL},
	{"rolconnlimit", T_INT4}, {"rolpassword", T_TEXT}, {"rolvaliduntil", T_TSTZ}};

static const exec_syscol cols_database[] = {{"oid", T_OID}, {"datname", T_NAME}, {"datdba", T_OID},
	{"encoding", T_INT4}, {"datlocprovider", T_CHAR}, {"datistemplate", T_BOOL},
	{"datallowconn", T_BOOL}, {"datconnlimit", T_INT4}, {"datfrozenxid", T_XID},
	{"datminmxid", T_XID}, {"dattablespace", T_OID}, {"datcollate", T_TEXT},
	{"datctype", T_TEXT}, {"daticulocale", T_TEXT}, {"datcollversion", T_TEXT},
	{"datacl", T_ACL}};

static const exec_syscol cols_sequence[] = {{"seqrelid", T_OID}, {"seqtypid", T_OID},
	{"seqstart", T_INT8}, {"seqincrement", T_INT8}, {"seqmax", T_INT8}, {"seqmin", T_INT8},
	{"seqcache", T_INT8}, {"seqcycle", T_BOOL}};

static const exec_syscol cols_depend[] = {{"classid", T_OID}, {"objid", T_OID},
	{"objsubid", T_INT4}, {"refclassid", T_OID}, {"refobjid", T_OID}, {"refobjsubid", T_INT4},
	{"deptype", T_CHAR}};

static const exec_syscol cols_description[] = {
	{"objoid", T_OID}, {"classoid", T_OID}, {"objsubid", T_INT4}, {"description", T_TEXT}};

static const exec_syscol cols_shdescription[] = {
	{"objoid", T_OID}, {"classoid", T_OID}, {"description", T_TEXT}};

static const exec_syscol cols_inherits[] = {{"inhrelid", T_OID}, {"inhparent", T_OID},
	{"inhseqno", T_INT4}, {"inhdetachpending", T_BOOL}};

static const exec_syscol cols_enum[] = {
	{"oid", T_OID}, {"enumtypid", T_OID}, {"enumsortorder", T_REAL}, {"enumlabel", T_NAME}};

static const exec_syscol cols_range[] = {{"rngtypid", T_OID}, {"rngsubtype", T_OID},
	{"rngmultitypid", T_OID}, {"rngcollation", T_OID}, {"rngsubopc", T_OID},
	{"rngcanonical", T_PROC}, {"rngsubdiff", T_PROC}};

static const exec_syscol cols_trigger[] = {{"oid", T_OID}, {"tgrelid", T_OID},
	{"tgparentid", T_OID}, {"tgname", T_NAME}, {"tgfoid", T_OID}, {"tgtype", T_INT2},
	{"tgenabled", T_CHAR}, {"tgisinternal", T_BOOL}, {"tgconstrrelid", T_OID},
	{"tgconstrindid", T_OID}, {"tgconstraint", T_OID}, {"tgdeferrable", T_BOOL},
	{"tginitdeferred", T_BOOL}, {"tgnargs", T_INT2}, {"tgattr", T_I2VEC},
	{"tgargs", EXEC_OID_BYTEA}, {"tgqual", T_NODE}, {"tgoldtable", T_NAME},
	{"tgnewtable", T_NAME}};

static const exec_syscol cols_policy[] = {{"oid", T_OID}, {"polname", T_NAME}, {"polrelid", T_OID},
	{"polcmd", T_CHAR}, {"polpermissive", T_BOOL}, {"polroles", T_OIDS}, {"polqual", T_NODE},
	{"polwithcheck", T_NODE}};

static const exec_syscol cols_statistic_ext[] = {{"oid", T_OID}, {"stxrelid", T_OID},
	{"stxname", T_NAME}, {"stxnamespace", T_OID}, {"stxowner", T_OID},
	{"stxstattarget", T_INT4}, {"stxkeys", T_I2VEC}, {"stxkind", T_TEXTS},
	{"stxexprs", T_NODE}};

static const exec_syscol cols_publication[] = {{"oid", T_OID}, {"pubname", T_NAME},
	{"pubowner", T_OID}, {"puballtables", T_BOOL}, {"pubinsert", T_BOOL}, {"pubupdate", T_BOOL},
	{"pubdelete", T_BOOL}, {"pubtruncate", T_BOOL}, {"pubviaroot", T_BOOL}};

static const exec_syscol cols_publication_namespace[] = {
	{"oid", T_OID}, {"pnpubid", T_OID}, {"pnnspid", T_OID}};

static const exec_syscol cols_publication_rel[] = {{"oid", T_OID}, {"prpubid", T_OID},
	{"prrelid", T_OID}, {"prqual", T_NODE}, {"prattrs", T_I2VEC}};

static const exec_syscol cols_rewrite[] = {{"oid", T_OID}, {"rulename", T_NAME},
	{"ev_class", T_OID}, {"ev_type", T_CHAR}, {"ev_enabled", T_CHAR}, {"is_instead", T_BOOL},
	{"ev_qual", T_NODE}, {"ev_action", T_NODE}};

/* PostgreSQL 16's: an OID and the inherit and set options of a membership. */
static const exec_syscol cols_auth_members[] = {{"oid", T_OID}, {"roleid", T_OID},
	{"member", T_OID}, {"grantor", T_OID}, {"admin_option", T_BOOL},
	{"inherit_option", T_BOOL}, {"set_option", T_BOOL}};

static const exec_syscol cols_cast[] = {{"oid", T_OID}, {"castsource", T_OID},
	{"casttarget", T_OID}, {"castfunc", T_OID}, {"castcontext", T_CHAR},
	{"castmethod", T_CHAR}};

static const exec_syscol cols_operator[] = {{"oid", T_OID}, {"oprname", T_NAME},
	{"oprnamespace", T_OID}, {"oprowner", T_OID}, {"oprkind", T_CHAR},
	{"oprcanmerge", T_BOOL}, {"oprcanhash", T_BOOL}, {"oprleft", T_OID}, {"oprright", T_OID},
	{"oprresult", T_OID}, {"oprcom", T_OID}, {"oprnegate", T_OID}, {"oprcode", T_PROC},
	{"oprrest", T_PROC}, {"oprjoin", T_PROC}};

static const exec_syscol cols_language[] = {{"oid", T_OID}, {"lanname", T_NAME},
	{"lanowner", T_OID}, {"lanispl", T_BOOL}, {"lanpltrusted", T_BOOL},
	{"lanplcallfoid", T_OID}, {"laninline", T_OID}, {"lanvalidator", T_OID},
	{"lanacl", T_ACL}};

static const exec_syscol cols_conversion[] = {{"oid", T_OID}, {"conname", T_NAME},
	{"connamespace", T_OID}, {"conowner", T_OID}, {"conforencoding", T_INT4},
	{"contoencoding", T_INT4}, {"conproc", T_PROC}, {"condefault", T_BOOL}};

static const exec_syscol cols_event_trigger[] = {{"oid", T_OID}, {"evtname", T_NAME},
	{"evtevent", T_NAME}, {"evtowner", T_OID}, {"evtfoid", T_OID}, {"evtenabled", T_CHAR},
	{"evttags", T_TEXTS}};

static const exec_syscol cols_foreign_data_wrapper[] = {{"oid", T_OID}, {"fdwname", T_NAME},
	{"fdwowner", T_OID}, {"fdwhandler", T_OID}, {"fdwvalidator", T_OID}, {"fdwacl", T_ACL},
	{"fdwoptions", T_TEXTS}};

static const exec_syscol cols_foreign_server[] = {{"oid", T_OID}, {"srvname", T_NAME},
	{"srvowner", T_OID}, {"srvfdw", T_OID}, {"srvtype", T_TEXT}, {"srvversion", T_TEXT},
	{"srvacl", T_ACL}, {"srvoptions", T_TEXTS}};

static const exec_syscol cols_foreign_table[] = {
	{"ftrelid", T_OID}, {"ftserver", T_OID}, {"ftoptions", T_TEXTS}};

static const exec_syscol cols_user_mapping[] = {
	{"oid", T_OID}, {"umuser", T_OID}, {"umserver", T_OID}, {"umoptions", T_TEXTS}};

static const exec_syscol cols_db_role_setting[] = {
	{"setdatabase", T_OID}, {"setrole", T_OID}, {"setconfig", T_TEXTS}};

static const exec_syscol cols_ts_config[] = {{"oid", T_OID}, {"cfgname", T_NAME},
	{"cfgnamespace", T_OID}, {"cfgowner", T_OID}, {"cfgparser", T_OID}};

static const exec_syscol cols_ts_config_map[] = {{"mapcfg", T_OID}, {"maptokentype", T_INT4},
	{"mapseqno", T_INT4}, {"mapdict", T_OID}};

static const exec_syscol cols_ts_dict[] = {{"oid", T_OID}, {"dictname", T_NAME},
	{"dictnamespace", T_OID}, {"dictowner", T_OID}, {"dicttemplate", T_OID},
	{"dictinitoption", T_TEXT}};

static const exec_syscol cols_ts_parser[] = {{"oid", T_OID}, {"prsname", T_NAME},
	{"prsnamespace", T_OID}, {"prsstart", T_PROC}, {"prstoken", T_PROC}, {"prsend", T_PROC},
	{"prsheadline", T_PROC}, {"prslextype", T_PROC}};

static const exec_syscol cols_ts_template[] = {{"oid", T_OID}, {"tmplname", T_NAME},
	{"tmplnamespace", T_OID}, {"tmplinit", T_PROC}, {"tmpllexize", T_PROC}};

static const exec_syscol cols_opclass[] = {{"oid", T_OID}, {"opcmethod", T_OID},
	{"opcname", T_NAME}, {"opcnamespace", T_OID}, {"opcowner", T_OID}, {"opcfamily", T_OID},
	{"opcintype", T_OID}, {"opcdefault", T_BOOL}, {"opckeytype", T_OID}};

static const exec_syscol cols_opfamily[] = {{"oid", T_OID}, {"opfmethod", T_OID},
	{"opfname", T_NAME}, {"opfnamespace", T_OID}, {"opfowner", T_OID}};

/* PostgreSQL 16's. */
static const exec_syscol cols_subscription[] = {{"oid", T_OID}, {"subdbid", T_OID},
	{"subskiplsn", EXEC_OID_PG_LSN}, {"subname", T_NAME}, {"subowner", T_OID},
	{"subenabled", T_BOOL}, {"subbinary", T_BOOL}, {"substream", T_CHAR},
	{"subtwophasestate", T_CHAR}, {"subdisableonerr", T_BOOL},
	{"subpasswordrequired", T_BOOL}, {"subrunasowner", T_BOOL}, {"subconninfo", T_TEXT},
	{"subslotname", T_NAME}, {"subsynccommit", T_TEXT}, {"subpublications", T_TEXTS},
	{"suborigin", T_TEXT}};

static const exec_syscol cols_settings[] = {{"name", T_TEXT}, {"setting", T_TEXT}, {"unit", T_TEXT},
	{"category", T_TEXT}, {"short_desc", T_TEXT}, {"extra_desc", T_TEXT}, {"context", T_TEXT},
	{"vartype", T_TEXT}, {"source", T_TEXT}, {"min_val", T_TEXT}, {"max_val", T_TEXT},
	{"enumvals", T_TEXTS}, {"boot_val", T_TEXT}, {"reset_val", T_TEXT}, {"sourcefile", T_TEXT},
	{"sourceline", T_INT4}, {"pending_restart", T_BOOL}};

static const exec_syscol cols_locks[] = {{"locktype", T_TEXT}, {"database", T_OID},
	{"relation", T_OID}, {"page", T_INT4}, {"tuple", T_INT2}, {"virtualxid", T_TEXT},
	{"transactionid", T_XID}, {"classid", T_OID}, {"objid", T_OID}, {"objsubid", T_INT2},
	{"virtualtransaction", T_TEXT}, {"pid", T_INT4}, {"mode", T_TEXT}, {"granted", T_BOOL},
	{"fastpath", T_BOOL}, {"waitstart", T_TSTZ}};

/* The views' columns (their types are their queries'; the names here are for pg_attribute). */
static const exec_syscol cols_roles[] = {{"rolname", T_NAME}, {"rolsuper", T_BOOL},
	{"rolinherit", T_BOOL}, {"rolcreaterole", T_BOOL}, {"rolcreatedb", T_BOOL},
	{"rolcanlogin", T_BOOL}, {"rolreplication", T_BOOL}, {"rolconnlimit", T_INT4},
	{"rolpassword", T_TEXT}, {"rolvaliduntil", T_TSTZ}, {"rolbypassrls", T_BOOL},
	{"rolconfig", T_TEXTS}, {"oid", T_OID}};

static const exec_syscol cols_user[] = {{"usename", T_NAME}, {"usesysid", T_OID},
	{"usecreatedb", T_BOOL}, {"usesuper", T_BOOL}, {"userepl", T_BOOL},
	{"usebypassrls", T_BOOL}, {"passwd", T_TEXT}, {"valuntil", T_TSTZ}, {"useconfig", T_TEXTS}};

static const exec_syscol cols_tables[] = {{"schemaname", T_NAME}, {"tablename", T_NAME},
	{"tableowner", T_NAME}, {"tablespace", T_NAME}, {"hasindexes", T_BOOL},
	{"hasrules", T_BOOL}, {"hastriggers", T_BOOL}, {"rowsecurity", T_BOOL}};

static const exec_syscol cols_views[] = {{"schemaname", T_NAME}, {"viewname", T_NAME},
	{"viewowner", T_NAME}, {"definition", T_TEXT}};

static const exec_syscol cols_indexes[] = {{"schemaname", T_NAME}, {"tablename", T_NAME},
	{"indexname", T_NAME}, {"tablespace", T_NAME}, {"indexdef", T_TEXT}};

static const exec_syscol cols_sequences[] = {{"schemaname", T_NAME}, {"sequencename", T_NAME},
	{"sequenceowner", T_NAME}, {"data_type", EXEC_OID_REGTYPE}, {"start_value", T_INT8},
	{"min_value", T_INT8}, {"max_value", T_INT8}, {"increment_by", T_INT8}, {"cycle", T_BOOL},
	{"cache_size", T_INT8}, {"last_value", T_INT8}};

#define V_SQLID T_NAME           /* information_schema.sql_identifier */
#define V_CHARS T_TEXT           /* information_schema.character_data */
#define V_CARD  T_INT4           /* information_schema.cardinal_number */
#define V_YESNO EXEC_OID_VARCHAR /* information_schema.yes_or_no */

static const exec_syscol cols_is_schemata[] = {{"catalog_name", V_SQLID}, {"schema_name", V_SQLID},
	{"schema_owner", V_SQLID}, {"default_character_set_catalog", V_SQLID},
	{"default_character_set_schema", V_SQLID}, {"default_character_set_name", V_SQLID},
	{"sql_path", V_CHARS}};

static const exec_syscol cols_is_tables[] = {{"table_catalog", V_SQLID}, {"table_schema", V_SQLID},
	{"table_name", V_SQLID}, {"table_type", V_CHARS}, {"self_referencing_column_name", V_SQLID},
	{"reference_generation", V_CHARS}, {"user_defined_type_catalog", V_SQLID},
	{"user_defined_type_schema", V_SQLID}, {"user_defined_type_name", V_SQLID},
	{"is_insertable_into", V_YESNO}, {"is_typed", V_YESNO}, {"commit_action", V_CHARS}};

static const exec_syscol cols_is_columns[] = {{"table_catalog", V_SQLID}, {"table_schema", V_SQLID},
	{"table_name", V_SQLID}, {"column_name", V_SQLID}, {"ordinal_position", V_CARD},
	{"column_default", V_CHARS}, {"is_nullable", V_YESNO}, {"data_type", V_CHARS},
	{"character_maximum_length", V_CARD}, {"character_octet_length", V_CARD},
	{"numeric_precision", V_CARD}, {"numeric_precision_radix", V_CARD},
	{"numeric_scale", V_CARD}, {"datetime_precision", V_CARD}, {"interval_type", V_CHARS},
	{"interval_precision", V_CARD}, {"character_set_catalog", V_SQLID},
	{"character_set_schema", V_SQLID}, {"character_set_name", V_SQLID},
	{"collation_catalog", V_SQLID}, {"collation_schema", V_SQLID}, {"collation_name", V_SQLID},
	{"domain_catalog", V_SQLID}, {"domain_schema", V_SQLID}, {"domain_name", V_SQLID},
	{"udt_catalog", V_SQLID}, {"udt_schema", V_SQLID}, {"udt_name", V_SQLID},
	{"scope_catalog", V_SQLID}, {"scope_schema", V_SQLID}, {"scope_name", V_SQLID},
	{"maximum_cardinality", V_CARD}, {"dtd_identifier", V_SQLID},
	{"is_self_referencing", V_YESNO}, {"is_identity", V_YESNO},
	{"identity_generation", V_CHARS}, {"identity_start", V_CHARS},
	{"identity_increment", V_CHARS}, {"identity_maximum", V_CHARS},
	{"identity_minimum", V_CHARS}, {"identity_cycle", V_YESNO}, {"is_generated", V_CHARS},
	{"generation_expression", V_CHARS}, {"is_updatable", V_YESNO}};

static const exec_syscol cols_is_table_constraints[] = {{"constraint_catalog", V_SQLID},
	{"constraint_schema", V_SQLID}, {"constraint_name", V_SQLID}, {"table_catalog", V_SQLID},
	{"table_schema", V_SQLID}, {"table_name", V_SQLID}, {"constraint_type", V_CHARS},
	{"is_deferrable", V_YESNO}, {"initially_deferred", V_YESNO}, {"enforced", V_YESNO},
	{"nulls_distinct", V_YESNO}};

static const exec_syscol cols_is_key_column_usage[] = {{"constraint_catalog", V_SQLID},
	{"constraint_schema", V_SQLID}, {"constraint_name", V_SQLID}, {"table_catalog", V_SQLID},
	{"table_schema", V_SQLID}, {"table_name", V_SQLID}, {"column_name", V_SQLID},
	{"ordinal_position", V_CARD}, {"position_in_unique_constraint", V_CARD}};

static const exec_syscol cols_is_referential_constraints[] = {{"constraint_catalog", V_SQLID},
	{"constraint_schema", V_SQLID}, {"constraint_name", V_SQLID},
	{"unique_constraint_catalog", V_SQLID}, {"unique_constraint_schema", V_SQLID},
	{"unique_constraint_name", V_SQLID}, {"match_option", V_CHARS}, {"update_rule", V_CHARS},
	{"delete_rule", V_CHARS}};

static const exec_syscol cols_is_views[] = {{"table_catalog", V_SQLID}, {"table_schema", V_SQLID},
	{"table_name", V_SQLID}, {"view_definition", V_CHARS}, {"check_option", V_CHARS},
	{"is_updatable", V_YESNO}, {"is_insertable_into", V_YESNO},
	{"is_trigger_updatable", V_YESNO}, {"is_trigger_deletable", V_YESNO},
	{"is_trigger_insertable_into", V_YESNO}};

static const exec_syscol cols_is_sequences[] = {{"sequence_catalog", V_SQLID},
	{"sequence_schema", V_SQLID}, {"sequence_name", V_SQLID}, {"data_type", V_CHARS},
	{"numeric_precision", V_CARD}, {"numeric_precision_radix", V_CARD},
	{"numeric_scale", V_CARD}, {"start_value", V_CHARS}, {"minimum_value", V_CHARS},
	{"maximum_value", V_CHARS}, {"increment", V_CHARS}, {"cycle_option", V_YESNO}};

/* The views' definitions, over the base catalogs as PostgreSQL's system_views.sql has them. */
#define SQL_ROLES                                                                                  \
	"SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, "          \
	"rolreplication, rolconnlimit, '********'::text AS rolpassword, rolvaliduntil, "           \
	"rolbypassrls, NULL::text[] AS rolconfig, oid FROM pg_catalog.pg_authid"

#define SQL_USER                                                                                   \
	"SELECT rolname AS usename, oid AS usesysid, rolcreatedb AS usecreatedb, "                 \
	"rolsuper AS usesuper, rolreplication AS userepl, rolbypassrls AS usebypassrls, "          \
	"'********'::text AS passwd, rolvaliduntil AS valuntil, NULL::text[] AS useconfig "        \
	"FROM pg_catalog.pg_authid WHERE rolcanlogin"

#define SQL_TABLES                                                                                  \
	"SELECT n.nspname AS schemaname, c.relname AS tablename, "                                  \
	"pg_catalog.pg_get_userbyid(c.relowner) AS tableowner, t.spcname AS tablespace, "           \
	"c.relhasindex AS hasindexes, c.relhasrules AS hasrules, "                                  \
	"c.relhastriggers AS hastriggers, c.relrowsecurity AS rowsecurity "                         \
	"FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " \
	"LEFT JOIN pg_catalog.pg_tablespace t ON t.oid = c.reltablespace "                          \
	"WHERE c.relkind IN ('r', 'p')"

#define SQL_VIEWS                                                                                   \
	"SELECT n.nspname AS schemaname, c.relname AS viewname, "                                   \
	"pg_catalog.pg_get_userbyid(c.relowner) AS viewowner, "                                     \
	"pg_catalog.pg_get_viewdef(c.oid) AS definition "                                           \
	"FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " \
	"WHERE c.relkind = 'v'"

#define SQL_INDEXES                                                                                \
	"SELECT n.nspname AS schemaname, c.relname AS tablename, i.relname AS indexname, "         \
	"t.spcname AS tablespace, pg_catalog.pg_get_indexdef(i.oid) AS indexdef "                  \
	"FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class c ON c.oid = x.indrelid "             \
	"JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid "                                      \
	"LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "                           \
	"LEFT JOIN pg_catalog.pg_tablespace t ON t.oid = i.reltablespace "                         \
	"WHERE c.relkind IN ('r', 'm', 'p') AND i.relkind IN ('i', 'I')"

#define SQL_SEQUENCES                                                                              \
	"SELECT n.nspname AS schemaname, c.relname AS sequencename, "                              \
	"pg_catalog.pg_get_userbyid(c.relowner) AS sequenceowner, "                                \
	"s.seqtypid::regtype AS data_type, s.seqstart AS start_value, s.seqmin AS min_value, "     \
	"s.seqmax AS max_value, s.seqincrement AS increment_by, s.seqcycle AS cycle, "             \
	"s.seqcache AS cache_size, NULL::bigint AS last_value "                                    \
	"FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid "          \
	"LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'S'"

#define SQL_IS_SCHEMATA                                                                             \
	"SELECT current_catalog AS catalog_name, n.nspname AS schema_name, "                        \
	"pg_catalog.pg_get_userbyid(n.nspowner) AS schema_owner, "                                  \
	"NULL::name AS default_character_set_catalog, NULL::name AS default_character_set_schema, " \
	"NULL::name AS default_character_set_name, NULL::text AS sql_path "                         \
	"FROM pg_catalog.pg_namespace n"

#define SQL_IS_TABLES                                                                              \
	"SELECT current_catalog AS table_catalog, nc.nspname AS table_schema, "                    \
	"c.relname AS table_name, "                                                                \
	"CASE WHEN nc.nspname LIKE 'pg!_temp%' ESCAPE '!' THEN 'LOCAL TEMPORARY' "                 \
	"WHEN c.relkind IN ('r', 'p') THEN 'BASE TABLE' WHEN c.relkind = 'v' THEN 'VIEW' "         \
	"WHEN c.relkind = 'f' THEN 'FOREIGN' ELSE NULL END::text AS table_type, "                  \
	"NULL::name AS self_referencing_column_name, NULL::text AS reference_generation, "         \
	"NULL::name AS user_defined_type_catalog, NULL::name AS user_defined_type_schema, "        \
	"NULL::name AS user_defined_type_name, "                                                   \
	"CASE WHEN c.relkind IN ('r', 'p') THEN 'YES' ELSE 'NO' END::varchar(3) "                  \
	"AS is_insertable_into, 'NO'::varchar(3) AS is_typed, NULL::text AS commit_action "        \
	"FROM pg_catalog.pg_namespace nc JOIN pg_catalog.pg_class c ON nc.oid = c.relnamespace "   \
	"WHERE c.relkind IN ('r', 'v', 'f', 'p')"

/*
 * information_schema.columns: data_type is format_type's name without
 * the typmod ("character varying", "timestamp with time zone"), ARRAY
 * for arrays; the lengths, precisions and scales from the typmod as
 * PostgreSQL's _pg_char_max_length and friends compute them.
 */
#define SQL_IS_COLUMNS                                                                               \
	"SELECT current_catalog AS table_catalog, nc.nspname AS table_schema, "                      \
	"c.relname AS table_name, a.attname AS column_name, a.attnum::int4 AS ordinal_position, "    \
	"pg_catalog.pg_get_expr(ad.adbin, ad.adrelid)::text AS column_default, "                     \
	"CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END::varchar(3) AS is_nullable, "               \
	"CASE WHEN t.typcategory = 'A' THEN 'ARRAY' "                                                \
	"ELSE pg_catalog.format_type(a.atttypid, NULL) END::text AS data_type, "                     \
	"CASE WHEN a.atttypid IN (1042, 1043) AND a.atttypmod >= 0 THEN a.atttypmod - 4 "            \
	"ELSE NULL END::int4 AS character_maximum_length, "                                          \
	"CASE WHEN a.atttypid IN (1042, 1043) AND a.atttypmod >= 0 THEN (a.atttypmod - 4) * 4 "      \
	"WHEN a.atttypid IN (25, 1042, 1043) THEN 1073741824 ELSE NULL END::int4 "                   \
	"AS character_octet_length, "                                                                \
	"CASE a.atttypid WHEN 21 THEN 16 WHEN 23 THEN 32 WHEN 20 THEN 64 WHEN 700 THEN 24 "          \
	"WHEN 701 THEN 53 WHEN 1700 THEN CASE WHEN a.atttypmod = -1 THEN NULL "                      \
	"ELSE ((a.atttypmod - 4) >> 16) & 65535 END ELSE NULL END::int4 AS numeric_precision, "      \
	"CASE WHEN a.atttypid IN (21, 23, 20, 700, 701) THEN 2 WHEN a.atttypid = 1700 THEN 10 "      \
	"ELSE NULL END::int4 AS numeric_precision_radix, "                                           \
	"CASE WHEN a.atttypid IN (21, 23, 20) THEN 0 WHEN a.atttypid = 1700 THEN "                   \
	"CASE WHEN a.atttypmod = -1 THEN NULL ELSE (a.atttypmod - 4) & 65535 END "                   \
	"ELSE NULL END::int4 AS numeric_scale, "                                                     \
	"CASE WHEN a.atttypid IN (1082) THEN 0 "                                                     \
	"WHEN a.atttypid IN (1083, 1114, 1184, 1266) THEN CASE WHEN a.atttypmod < 0 THEN 6 "         \
	"ELSE a.atttypmod END WHEN a.atttypid = 1186 THEN CASE WHEN a.atttypmod < 0 THEN 6 "         \
	"ELSE a.atttypmod & 65535 END ELSE NULL END::int4 AS datetime_precision, "                   \
	"NULL::text AS interval_type, NULL::int4 AS interval_precision, "                            \
	"NULL::name AS character_set_catalog, NULL::name AS character_set_schema, "                  \
	"NULL::name AS character_set_name, "                                                         \
	"CASE WHEN a.attcollation = 0 OR a.attcollation = 100 THEN NULL "                            \
	"ELSE current_catalog END AS collation_catalog, "                                            \
	"CASE WHEN a.attcollation = 0 OR a.attcollation = 100 THEN NULL "                            \
	"ELSE 'pg_catalog'::name END AS collation_schema, "                                          \
	"co.collname AS collation_name, NULL::name AS domain_catalog, NULL::name AS domain_schema, " \
	"NULL::name AS domain_name, current_catalog AS udt_catalog, "                                \
	"'pg_catalog'::name AS udt_schema, t.typname AS udt_name, NULL::name AS scope_catalog, "     \
	"NULL::name AS scope_schema, NULL::name AS scope_name, NULL::int4 AS maximum_cardinality, "  \
	"a.attnum::text::name AS dtd_identifier, 'NO'::varchar(3) AS is_self_referencing, "          \
	"CASE WHEN a.attidentity IN ('a', 'd') THEN 'YES' ELSE 'NO' END::varchar(3) "                \
	"AS is_identity, CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' "      \
	"ELSE NULL END::text AS identity_generation, "                                               \
	"CASE WHEN a.attidentity IN ('a', 'd') THEN s.seqstart::text END AS identity_start, "        \
	"CASE WHEN a.attidentity IN ('a', 'd') THEN s.seqincrement::text END "                       \
	"AS identity_increment, CASE WHEN a.attidentity IN ('a', 'd') THEN s.seqmax::text END "      \
	"AS identity_maximum, CASE WHEN a.attidentity IN ('a', 'd') THEN s.seqmin::text END "        \
	"AS identity_minimum, CASE WHEN a.attidentity IN ('a', 'd') THEN "                           \
	"CASE WHEN s.seqcycle THEN 'YES' ELSE 'NO' END END::varchar(3) AS identity_cycle, "          \
	"'NEVER'::text AS is_generated, NULL::text AS generation_expression, "                       \
	"CASE WHEN c.relkind IN ('r', 'p') THEN 'YES' ELSE 'NO' END::varchar(3) AS is_updatable "    \
	"FROM pg_catalog.pg_attribute a "                                                            \
	"LEFT JOIN pg_catalog.pg_attrdef ad ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum "     \
	"JOIN pg_catalog.pg_class c ON a.attrelid = c.oid "                                          \
	"JOIN pg_catalog.pg_namespace nc ON c.relnamespace = nc.oid "                                \
	"JOIN pg_catalog.pg_type t ON a.atttypid = t.oid "                                           \
	"LEFT JOIN pg_catalog.pg_collation co ON a.attcollation = co.oid "                           \
	"LEFT JOIN pg_catalog.pg_depend dep ON dep.refobjid = c.oid "                                \
	"AND dep.refobjsubid = a.attnum AND dep.deptype = 'i' "                                      \
	"LEFT JOIN pg_catalog.pg_sequence s ON s.seqrelid = dep.objid "                              \
	"WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'f', 'p')"

#define SQL_IS_TABLE_CONSTRAINTS                                                                   \
	"SELECT current_catalog AS constraint_catalog, "                                           \
	"nc.nspname AS constraint_schema, c.conname AS constraint_name, "                          \
	"current_catalog AS table_catalog, nr.nspname AS table_schema, "                           \
	"r.relname AS table_name, CASE c.contype WHEN 'c' THEN 'CHECK' WHEN 'f' THEN "             \
	"'FOREIGN KEY' WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE' END::text "              \
	"AS constraint_type, CASE WHEN c.condeferrable THEN 'YES' ELSE 'NO' END::varchar(3) "      \
	"AS is_deferrable, CASE WHEN c.condeferred THEN 'YES' ELSE 'NO' END::varchar(3) "          \
	"AS initially_deferred, 'YES'::varchar(3) AS enforced, "                                   \
	"CASE WHEN c.contype = 'u' THEN 'YES' END::varchar(3) AS nulls_distinct "                  \
	"FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_class r ON c.conrelid = r.oid "        \
	"JOIN pg_catalog.pg_namespace nc ON c.connamespace = nc.oid "                              \
	"JOIN pg_catalog.pg_namespace nr ON r.relnamespace = nr.oid "                              \
	"WHERE c.contype IN ('c', 'f', 'p', 'u') AND r.relkind IN ('r', 'p')"

#define SQL_IS_KEY_COLUMN_USAGE                                                                    \
	"SELECT current_catalog AS constraint_catalog, "                                           \
	"nc.nspname AS constraint_schema, c.conname AS constraint_name, "                          \
	"current_catalog AS table_catalog, nr.nspname AS table_schema, "                           \
	"r.relname AS table_name, a.attname AS column_name, k.n::int4 AS ordinal_position, "       \
	"CASE WHEN c.contype = 'f' THEN k.n END::int4 AS position_in_unique_constraint "           \
	"FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_class r ON c.conrelid = r.oid "        \
	"JOIN pg_catalog.pg_namespace nc ON c.connamespace = nc.oid "                              \
	"JOIN pg_catalog.pg_namespace nr ON r.relnamespace = nr.oid "                              \
	"CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n) "                     \
	"JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum = k.attnum "            \
	"WHERE c.contype IN ('p', 'u', 'f') AND r.relkind IN ('r', 'p')"

#define SQL_IS_REFERENTIAL_CONSTRAINTS                                                             \
	"SELECT current_catalog AS constraint_catalog, "                                           \
	"ncon.nspname AS constraint_schema, con.conname AS constraint_name, "                      \
	"CASE WHEN npkc.nspname IS NULL THEN NULL "                                                \
	"ELSE current_catalog END AS unique_constraint_catalog, "                                  \
	"npkc.nspname AS unique_constraint_schema, pkc.conname AS unique_constraint_name, "        \
	"CASE con.confmatchtype WHEN 'f' THEN 'FULL' WHEN 'p' THEN 'PARTIAL' "                     \
	"WHEN 's' THEN 'NONE' END::text AS match_option, "                                         \
	"CASE con.confupdtype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' "                   \
	"WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' WHEN 'a' THEN 'NO ACTION' "          \
	"END::text AS update_rule, CASE con.confdeltype WHEN 'c' THEN 'CASCADE' "                  \
	"WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' "           \
	"WHEN 'a' THEN 'NO ACTION' END::text AS delete_rule "                                      \
	"FROM pg_catalog.pg_constraint con "                                                       \
	"JOIN pg_catalog.pg_namespace ncon ON con.connamespace = ncon.oid "                        \
	"LEFT JOIN pg_catalog.pg_constraint pkc ON pkc.conindid = con.conindid "                   \
	"AND pkc.contype IN ('p', 'u') "                                                           \
	"LEFT JOIN pg_catalog.pg_namespace npkc ON pkc.connamespace = npkc.oid "                   \
	"WHERE con.contype = 'f'"

#define SQL_IS_VIEWS                                                                                \
	"SELECT current_catalog AS table_catalog, nc.nspname AS table_schema, "                     \
	"c.relname AS table_name, pg_catalog.pg_get_viewdef(c.oid) AS view_definition, "            \
	"'NONE'::text AS check_option, 'NO'::varchar(3) AS is_updatable, "                          \
	"'NO'::varchar(3) AS is_insertable_into, 'NO'::varchar(3) AS is_trigger_updatable, "        \
	"'NO'::varchar(3) AS is_trigger_deletable, 'NO'::varchar(3) AS is_trigger_insertable_into " \
	"FROM pg_catalog.pg_namespace nc JOIN pg_catalog.pg_class c ON c.relnamespace = nc.oid "    \
	"WHERE c.relkind = 'v'"

#define SQL_IS_SEQUENCES                                                                           \
	"SELECT current_catalog AS sequence_catalog, "                                             \
	"nc.nspname AS sequence_schema, c.relname AS sequence_name, "                              \
	"pg_catalog.format_type(s.seqtypid, NULL)::text AS data_type, "                            \
	"CASE s.seqtypid WHEN 21 THEN 16 WHEN 23 THEN 32 ELSE 64 END::int4 AS numeric_precision, " \
	"2::int4 AS numeric_precision_radix, 0::int4 AS numeric_scale, "                           \
	"s.seqstart::text AS start_value, s.seqmin::text AS minimum_value, "                       \
	"s.seqmax::text AS maximum_value, s.seqincrement::text AS increment, "                     \
	"CASE WHEN s.seqcycle THEN 'YES' ELSE 'NO' END::varchar(3) AS cycle_option "               \
	"FROM pg_catalog.pg_namespace nc JOIN pg_catalog.pg_class c ON c.relnamespace = nc.oid "   \
	"JOIN pg_catalog.pg_sequence s ON c.oid = s.seqrelid WHERE c.relkind = 'S'"

#define BASE(name, oid, cols, fn)                                                                  \
	{                                                                                          \
		"pg_catalog", name, oid, (int)EXEC_NELEM(cols), cols,                              \
			{name, 0, {0}, 0, {NULL}, {0}, false, fn, 0}, NULL, NULL                   \
	}
#define VIEW(schema, name, oid, cols, sql)                                                         \
	{                                                                                          \
		schema, name, oid, (int)EXEC_NELEM(cols), cols,                                    \
			{name, 0, {0}, 0, {NULL}, {0}, false, NULL, 0}, sql, NULL                  \
	}
/*
 * A relation of the chrondb schema: ncols columns (the arrays live with
 * their row functions), rows from fn, parameters params (or NULL).
 * OIDs from 16001 up, one per relation, never reused.
 */
#define CHRONDB(name, oid, cols, ncols, fn, params)                                                \
	{                                                                                          \
		"chrondb", name, oid, ncols, cols, {name, 0, {0}, 0, {NULL}, {0}, false, fn, 0},   \
			NULL, params                                                               \
	}

/* OIDs: PostgreSQL 15's for the base catalogs; its initdb's for the views of a fresh cluster. */
const exec_systable exec_systables[] = {
	BASE("pg_type", 1247, cols_type, pg_type_rows),
	BASE("pg_attribute", 1249, cols_attribute, pg_attribute_rows),
	BASE("pg_proc", 1255, cols_proc, pg_proc_rows),
	BASE("pg_class", 1259, cols_class, pg_class_rows),
	BASE("pg_authid", 1260, cols_authid, pg_authid_rows),
	BASE("pg_database", 1262, cols_database, pg_database_rows),
	BASE("pg_tablespace", 1213, cols_tablespace, pg_tablespace_rows),
	BASE("pg_sequence", 2224, cols_sequence, pg_sequence_rows),
	BASE("pg_shdescription", 2396, cols_shdescription, empty_rows),
	BASE("pg_am", 2601, cols_am, pg_am_rows),
	BASE("pg_attrdef", 2604, cols_attrdef, pg_attrdef_rows),
	BASE("pg_constraint", 2606, cols_constraint, pg_constraint_rows),
	BASE("pg_depend", 2608, cols_depend, pg_depend_rows),
	BASE("pg_description", 2609, cols_description, pg_description_rows),
	BASE("pg_index", 2610, cols_index, pg_index_rows),
	BASE("pg_inherits", 2611, cols_inherits, empty_rows),
	BASE("pg_namespace", 2615, cols_namespace, pg_namespace_rows),
	BASE("pg_trigger", 2620, cols_trigger, empty_rows),
	BASE("pg_extension", 3079, cols_extension, pg_extension_rows),
	BASE("pg_collation", 3456, cols_collation, pg_collation_rows),
	BASE("pg_enum", 3501, cols_enum, empty_rows),
	BASE("pg_range", 3541, cols_range, empty_rows),
	BASE("pg_policy", 3256, cols_policy, empty_rows),
	BASE("pg_statistic_ext", 3381, cols_statistic_ext, empty_rows),
	BASE("pg_publication", 6104, cols_publication, empty_rows),
	BASE("pg_publication_namespace", 6237, cols_publication_namespace, empty_rows),
	BASE("pg_publication_rel", 6106, cols_publication_rel, empty_rows),
	BASE("pg_rewrite", 2618, cols_rewrite, pg_rewrite_rows),
	BASE("pg_auth_members", 1261, cols_auth_members, empty_rows),
	BASE("pg_cast", 2605, cols_cast, pg_cast_rows),
	BASE("pg_operator", 2617, cols_operator, pg_operator_rows),
	BASE("pg_language", 2612, cols_language, pg_language_rows),
	BASE("pg_conversion", 2607, cols_conversion, empty_rows),
	BASE("pg_event_trigger", 3466, cols_event_trigger, empty_rows),
	BASE("pg_foreign_data_wrapper", 2328, cols_foreign_data_wrapper, empty_rows),
	BASE("pg_foreign_server", 1417, cols_foreign_server, empty_rows),
	BASE("pg_foreign_table", 3118, cols_foreign_table, empty_rows),
	BASE("pg_user_mapping", 1418, cols_user_mapping, empty_rows),
	BASE("pg_db_role_setting", 2964, cols_db_role_setting, empty_rows),
	BASE("pg_ts_config", 3602, cols_ts_config, empty_rows),
	BASE("pg_ts_config_map", 3603, cols_ts_config_map, empty_rows),
	BASE("pg_ts_dict", 3600, cols_ts_dict, empty_rows),
	BASE("pg_ts_parser", 3601, cols_ts_parser, empty_rows),
	BASE("pg_ts_template", 3764, cols_ts_template, empty_rows),
	BASE("pg_opclass", 2616, cols_opclass, empty_rows),
	BASE("pg_opfamily", 2753, cols_opfamily, empty_rows),
	BASE("pg_subscription", 6100, cols_subscription, empty_rows),
	BASE("pg_settings", 12104, cols_settings, pg_settings_rows),
	BASE("pg_stat_activity", 12222, exec_stat_activity_cols, exec_stat_activity_rows),
	BASE("pg_locks", 12073, cols_locks, pg_locks_rows),
	VIEW("pg_catalog", "pg_roles", 12000, cols_roles, SQL_ROLES),
	VIEW("pg_catalog", "pg_user", 12014, cols_user, SQL_USER),
	VIEW("pg_catalog", "pg_tables", 12033, cols_tables, SQL_TABLES),
	VIEW("pg_catalog", "pg_views", 12029, cols_views, SQL_VIEWS),
	VIEW("pg_catalog", "pg_indexes", 12042, cols_indexes, SQL_INDEXES),
	VIEW("pg_catalog", "pg_sequences", 12047, cols_sequences, SQL_SEQUENCES),
	VIEW("information_schema", "schemata", 13355, cols_is_schemata, SQL_IS_SCHEMATA),
	VIEW("information_schema", "tables", 13381, cols_is_tables, SQL_IS_TABLES),
	VIEW("information_schema", "columns", 13296, cols_is_columns, SQL_IS_COLUMNS),
	VIEW("information_schema", "table_constraints", 13373, cols_is_table_constraints,
		SQL_IS_TABLE_CONSTRAINTS),
	VIEW("information_schema", "key_column_usage", 13316, cols_is_key_column_usage,
		SQL_IS_KEY_COLUMN_USAGE),
	VIEW("information_schema", "referential_constraints", 13340,
		cols_is_referential_constraints, SQL_IS_REFERENTIAL_CONSTRAINTS),
	VIEW("information_schema", "views", 13415, cols_is_views, SQL_IS_VIEWS),
	VIEW("information_schema", "sequences", 13360, cols_is_sequences, SQL_IS_SEQUENCES),
	CHRONDB("log", 16001, exec_hist_log_cols, EXEC_HIST_LOG_NCOLS, exec_hist_log_rows,
		exec_hist_log_params),
	CHRONDB("diff", 16002, exec_hist_diff_cols, EXEC_HIST_DIFF_NCOLS, exec_hist_diff_rows,
		exec_hist_diff_params),
	CHRONDB("history", 16003, exec_hist_history_cols, EXEC_HIST_HISTORY_NCOLS,
		exec_hist_history_rows, exec_hist_history_params),
	CHRONDB("blame", 16004, exec_hist_blame_cols, EXEC_HIST_BLAME_NCOLS, exec_hist_blame_rows,
		exec_hist_blame_params),
	CHRONDB("tags", 16005, exec_hist_tags_cols, EXEC_HIST_TAGS_NCOLS, exec_hist_tags_rows,
		NULL),
	CHRONDB("branches", 16006, exec_branch_cols, (int)EXEC_NELEM(exec_branch_cols),
		exec_branch_rows, NULL),
	CHRONDB("conflicts", 16007, exec_conflict_cols, (int)EXEC_NELEM(exec_conflict_cols),
		exec_conflict_rows, NULL),
};
const size_t exec_nsystables = EXEC_NELEM(exec_systables);

const exec_sysschema exec_sysschemas[] = {
	{"pg_catalog", EXEC_NSP_PG_CATALOG, EXEC_ROLE_SUPERUSER, true},
	{"public", EXEC_NSP_PUBLIC, EXEC_ROLE_DATABASE_OWNER, false},
	{"information_schema", EXEC_NSP_INFORMATION_SCHEMA, EXEC_ROLE_SUPERUSER, true},
	{"chrondb", EXEC_NSP_CHRONDB, EXEC_ROLE_SUPERUSER, true},
};
const size_t exec_nsysschemas = EXEC_NELEM(exec_sysschemas);

const exec_sysschema *exec_sysschema_named(const char *name)
{
	for (size_t i = 0; i < exec_nsysschemas; i++)
		if (strcmp(exec_sysschemas[i].name, name) == 0)
			return &exec_sysschemas[i];
	return NULL;
}

const exec_sysschema *exec_sysschema_of(uint32_t oid)
{
	for (size_t i = 0; i < exec_nsysschemas; i++)
		if (exec_sysschemas[i].oid == oid)
			return &exec_sysschemas[i];
	return NULL;
}

const exec_systable *exec_systable_of_srf(const void *srf)
{
	for (size_t i = 0; i < exec_nsystables; i++)
		if (&exec_systables[i].srf == srf)
			return &exec_systables[i];
	return NULL;
}

const exec_systable *exec_systable_find(const char *schema, const char *name)
{
	if (schema == NULL)
		schema = "pg_catalog";
	for (size_t i = 0; i < exec_nsystables; i++)
		if (strcmp(exec_systables[i].name, name) == 0 &&
			strcmp(exec_systables[i].schema, schema) == 0)
			return &exec_systables[i];
	return NULL;
}

bool exec_syscat_schema(const char *schema)
{
	const exec_sysschema *n = schema != NULL ? exec_sysschema_named(schema) : NULL;

	return n != NULL && n->relations;
}
