/*
 * history.c - ChronDB's history in SQL (see history.h): its functions,
 * the chrondb schema's relations over Git, restore and revert.
 *
 * Not here: the table of system relations and the chrondb schema itself
 * (syscat.c), handing WHERE's `param = value` to a relation (select.c),
 * reading functions a row at a time (srf.c, scan.c), the note of the
 * commit a restore or revert makes (note.c), storage's indexes and
 * diffs (storage/history.c, storage/diff.c).
 *
 * Rows as jsonb.  A stored version is decoded with the table's columns
 * as the statement's snapshot defines them (rowjson.h) and shown as
 * to_jsonb of that row would be: the members the document has, each
 * with its column's to_jsonb form, and its members that are no column
 * as stored.  A version the current columns cannot read (a column's
 * type changed since) is shown as its stored JSON.
 *
 * Keys.  A row is named by its primary key's value as text ('42',
 * 'alice'), read with the key column's type; a composite key by its
 * parts joined by ',' with ',' and '%' inside a part written %2C and
 * %25 (storage's key encoding); a table without a primary key by its
 * generated row id.  Keys are shown the same way.
 */
#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basic.h"
#include "catalog.h"
#include "guc.h"
#include "json.h"
#include "keycodec.h"
#include "note.h"
#include "rowjson.h"
#include "stmt.h"

/* ---- The session, snapshots, tables, keys ---- */

/* What every function reads: the session, its running statement, the store. */
typedef struct hist_env {
	exec_session *ss;
	exec_stmt *st;
	store *s;
	store_snap *snap; /* the statement's snapshot of the session's branch */
} hist_env;

static int env_get(exec_ctx *cx, hist_env *e)
{
	exec_session *ss = cx->session;

	if (ss == NULL || ss->cur == NULL || ss->cur->snap == NULL)
		return store_err_set(cx->err, "55000", "ChronDB's history needs a session");
	e->ss = ss;
	e->st = ss->cur;
	e->s = ss->s;
	e->snap = ss->cur->snap;
	return EXEC_OK;
}

/* Snapshots a function opened, freed together. */
typedef struct hist_snaps {
	store_snap **v;
	int n, cap;
} hist_snaps;

static store_snap *snaps_keep(hist_snaps *k, store_snap *snap)
{
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 4;
		k->v = realloc(k->v, (size_t)k->cap * sizeof(*k->v));
		if (k->v == NULL)
			abort();
	}
	k->v[k->n++] = snap;
	return snap;
}

static void snaps_free(hist_snaps *k)
{
	for (int i = 0; i < k->n; i++)
		store_snap_free(k->v[i]);
	free(k->v);
	memset(k, 0, sizeof(*k));
}

/* A value's text (its output function; strings as they are), in cx's arena. */
static const char *value_text(exec_ctx *cx, const exec_value *v, size_t *len)
{
	store_buf b = STORE_BUF_INIT;
	char *out;

	if (v->type == EXEC_OID_TEXT || v->type == EXEC_OID_VARCHAR ||
		v->type == EXEC_OID_UNKNOWN || v->type == EXEC_OID_NAME ||
		v->type == EXEC_OID_BPCHAR) {
		*len = v->v.s.len;
		return sql_arena_strndup(cx->arena, v->v.s.p, v->v.s.len);
	}
	if (exec_value_out(cx, v, &b) != EXEC_OK) {
		store_buf_free(&b);
		return NULL;
	}
	out = sql_arena_strndup(cx->arena, (const char *)b.data, b.len);
	*len = b.len;
	store_buf_free(&b);
	return out;
}

/* Microseconds since the Unix epoch from PostgreSQL's (since 2000-01-01), and back. */
static int64_t unix_us(int64_t pg_us)
{
	return pg_us + (int64_t)EXEC_EPOCH_DAYS * 86400 * 1000000;
}

static exec_value time_value(int64_t unix_time_us)
{
	return exec_int(
		EXEC_OID_TIMESTAMPTZ, unix_time_us - (int64_t)EXEC_EPOCH_DAYS * 86400 * 1000000);
}

static exec_value text_value(sql_arena *a, const char *s)
{
	if (s == NULL)
		return exec_null(EXEC_OID_TEXT);
	return exec_text(EXEC_OID_TEXT, sql_arena_strndup(a, s, strlen(s)), strlen(s));
}

static exec_value oid_value(sql_arena *a, const store_oid *oid)
{
	char hex[STORE_OID_HEXSZ + 1];

	store_oid_fmt(hex, oid);
	return text_value(a, hex);
}

/* A commit message without the line end git keeps after it. */
static exec_value message_value(sql_arena *a, const char *msg)
{
	size_t n = strlen(msg);

	while (n > 0 && msg[n - 1] == '\n')
		n--;
	return exec_text(EXEC_OID_TEXT, sql_arena_strndup(a, msg, n), n);
}

static const char *op_name(store_op op)
{
	return op == STORE_OP_INSERT ? "insert" : op == STORE_OP_UPDATE ? "update" : "delete";
}

/*
 * The snapshot a ref names (see history.h): a revision first, a time
 * otherwise, on branch (NULL: the default one) for a time.  The
 * snapshot is kept in k.  *name gets the ref's text.
 */
static int ref_snap(exec_ctx *cx, hist_env *e, hist_snaps *k, const exec_value *v,
	const char *branch, store_snap **out, const char **name)
{
	const exec_type *tz = exec_type_by_oid(EXEC_OID_TIMESTAMPTZ);
	store_snap *snap = NULL;
	exec_value t;
	store_err saved;
	const char *text;
	size_t len;

	if (v->type == EXEC_OID_TIMESTAMPTZ) {
		t = *v;
		*name = value_text(cx, v, &len);
	} else {
		text = value_text(cx, v, &len);
		if (text == NULL)
			return EXEC_ERROR;
		*name = text;
		if (len == 0)
			return store_err_set(cx->err, "22023", "a ref cannot be empty");
		if (store_snap_open(e->s, text, &snap, cx->err) == STORE_OK) {
			*out = snaps_keep(k, snap);
			return EXEC_OK;
		}

		/* Not a revision: a time, else the revision's error stands. */
		if (strcmp(cx->err->sqlstate, "42704") != 0 &&
			strcmp(cx->err->sqlstate, "22P02") != 0)
			return EXEC_ERROR;
		saved = *cx->err;
		store_err_clear(cx->err);
		if (tz->in(cx, text, len, EXEC_TYPMOD_NONE, &t) != EXEC_OK) {
			*cx->err = saved;
			return EXEC_ERROR;
		}
	}
	if (store_snap_at_time(e->s, branch, unix_us(t.v.i), &snap, cx->err) != STORE_OK)
		return EXEC_ERROR;
	*out = snaps_keep(k, snap);
	return EXEC_OK;
}

/*
 * The table a text names ('t', '"My T"', 'branch.t'), as PostgreSQL
 * reads relation names, and the snapshot it is read at: the statement's
 * for the session's branch (or public), that branch's head for another
 * schema (kept in k); *branch the branch (NULL: the statement's).
 */
static int table_arg(exec_ctx *cx, hist_env *e, hist_snaps *k, const exec_value *v,
	const char **name, store_snap **snap, const char **branch)
{
	size_t len;
	const char *text = value_text(cx, v, &len);
	char *copy, *parts[3];
	int n;

	if (text == NULL)
		return EXEC_ERROR;
	copy = sql_arena_strndup(cx->arena, text, len);
	n = exec_split_identifiers(copy, '.', true, parts, 3);
	if (n <= 0 || parts[n - 1][0] == '\0')
		return store_err_set(cx->err, "42602", "invalid name syntax");
	if (n > 2)
		return store_err_set(cx->err, "42601",
			"improper relation name (too many dotted names): %s", text);
	*name = parts[n - 1];
	*snap = e->snap;
	*branch = e->ss->branch;
	if (n == 2 && strcmp(parts[0], "public") != 0 && strcmp(parts[0], e->ss->branch) != 0) {
		store_snap *s = NULL;

		if (exec_syscat_schema(parts[0]) ||
			store_snap_branch(e->s, parts[0], &s, cx->err) != STORE_OK) {
			store_err_clear(cx->err);
			return store_err_set(
				cx->err, "3F000", "schema \"%s\" does not exist", parts[0]);
		}
		*snap = snaps_keep(k, s);
		*branch = parts[0];
	}
	return EXEC_OK;
}

/* A table's definition and its columns for decoding, as some snapshot has it. */
typedef struct hist_table {
	const char *name;
	cat_table *t;
	exec_rowdesc rd;
} hist_table;

/*
 * The definition of table name at the first of snaps[0..n) that has
 * it, in arena a: STORE_NOTFOUND when none has (err untouched).
 */
static int table_find(exec_ctx *cx, sql_arena *a, store_snap *const *snaps, int n, const char *name,
	hist_table *out)
{
	memset(out, 0, sizeof(*out));
	out->name = sql_arena_strndup(a, name, strlen(name));
	for (int i = 0; i < n; i++) {
		char *json = NULL;
		exec_rowcol *cols;
		int r;

		if (snaps[i] == NULL || store_snap_is_empty(snaps[i]))
			continue;
		r = store_catalog(snaps[i], name, &json, cx->err);
		if (r == STORE_ERROR && strcmp(cx->err->sqlstate, "42P01") == 0) {
			store_err_clear(cx->err);
			continue;
		}
		if (r != STORE_OK)
			return EXEC_ERROR;
		r = cat_table_parse(a, json, strlen(json), &out->t, cx->err);
		free(json);
		if (r != EXEC_OK)
			return EXEC_ERROR;
		cols = sql_arena_alloc(
			a, (size_t)(out->t->ncols ? out->t->ncols : 1) * sizeof(*cols));
		for (int c = 0; c < out->t->ncols; c++) {
			cols[c].name = out->t->cols[c].name;
			cols[c].type = out->t->cols[c].type;
			cols[c].typmod = out->t->cols[c].typmod;
		}
		exec_rowdesc_init(a, cols, out->t->ncols, &out->rd);
		return EXEC_OK;
	}
	return STORE_NOTFOUND;
}

/* The same, 42P01 when no snapshot has the table. */
static int table_get(exec_ctx *cx, sql_arena *a, store_snap *const *snaps, int n, const char *name,
	hist_table *out)
{
	int r = table_find(cx, a, snaps, n, name, out);

	if (r == STORE_NOTFOUND)
		return store_err_set(cx->err, "42P01", "relation \"%s\" does not exist", name);
	return r;
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The names of the entries of a kind ("views", "validation"; NULL:
 * tables) at either of two snapshots (NULL or empty ones have none),
 * sorted and each once, in arena a.
 */
static int names_of_both(exec_ctx *cx, sql_arena *a, store_snap *x, store_snap *y, const char *kind,
	char ***names, size_t *n)
{
	store_snap *sides[2] = {x, y};
	char **all = NULL;
	size_t cnt = 0;

	*names = NULL;
	*n = 0;
	for (int s = 0; s < 2; s++) {
		char **nm = NULL;
		size_t k = 0;
		int r;

		if (sides[s] == NULL || store_snap_is_empty(sides[s]))
			continue;
		r = kind == NULL ? store_tables(sides[s], &nm, &k, cx->err)
				 : store_tx_meta_list(NULL, sides[s], kind, &nm, &k, cx->err);
		if (r != STORE_OK) {
			free(all);
			return EXEC_ERROR;
		}
		all = realloc(all, (cnt + k + 1) * sizeof(*all));
		if (all == NULL)
			abort();
		for (size_t i = 0; i < k; i++)
			all[cnt++] = sql_arena_strndup(a, nm[i], strlen(nm[i]));
		free(nm);
	}
	if (cnt > 1)
		qsort(all, cnt, sizeof(*all), cmp_cstr);
	*names = sql_arena_alloc(a, (cnt ? cnt : 1) * sizeof(**names));
	for (size_t i = 0; i < cnt; i++)
		if (*n == 0 || strcmp((*names)[*n - 1], all[i]) != 0)
			(*names)[(*n)++] = all[i];
	free(all);
	return EXEC_OK;
}

/* One part of a composite key, decoded (store_key_decode_parts' callback). */
typedef struct key_parts {
	exec_ctx *cx;
	const cat_table *t;
	exec_value *vals;
	int n;
	int r;
} key_parts;

static void key_part(void *arg, int index, const char *part, size_t plen)
{
	key_parts *kp = arg;
	const cat_column *col;
	const exec_type *ty;

	if (kp->r != EXEC_OK || index >= kp->t->npk) {
		kp->n = index + 1;
		return;
	}
	col = &kp->t->cols[kp->t->pk[index]];
	ty = exec_type_by_oid(col->type);
	kp->n = index + 1;
	if (ty == NULL || ty->in(kp->cx, part, plen, col->typmod, &kp->vals[index]) != EXEC_OK)
		kp->r = EXEC_ERROR;
}

/*
 * The storage key of the row a value names (see the file comment),
 * appended to key.  22P02 when a part does not read as its column's
 * type, 22023 for the wrong number of parts.
 */
static int key_of(exec_ctx *cx, const hist_table *ht, const exec_value *v, store_buf *key)
{
	const cat_table *t = ht->t;
	size_t len;
	const char *text = value_text(cx, v, &len);
	exec_value vals[16];
	key_parts kp = {cx, t, vals, 0, EXEC_OK};

	if (text == NULL)
		return EXEC_ERROR;
	if (t->npk == 0) {
		store_buf_put(key, text, len);
		return EXEC_OK;
	}
	if (t->npk == 1) {
		const cat_column *col = &t->cols[t->pk[0]];
		const exec_type *ty = exec_type_by_oid(col->type);

		if (v->type == col->type)
			vals[0] = *v;
		else if (ty == NULL || ty->in(cx, text, len, col->typmod, &vals[0]) != EXEC_OK)
			return EXEC_ERROR;
		return exec_row_key(cx, vals, 1, key);
	}
	if (store_key_decode_parts(text, len, key_part, &kp) != STORE_OK || kp.n != t->npk) {
		store_err_clear(cx->err);
		store_err_set(cx->err, "22023",
			"the primary key of table \"%s\" has %d columns, not %d", t->name, t->npk,
			kp.n);
		store_err_hint(cx->err,
			"Join the key's parts with commas, writing a comma inside a part as %%2C.");
		return EXEC_ERROR;
	}
	if (kp.r != EXEC_OK)
		return EXEC_ERROR;
	return exec_row_key(cx, vals, t->npk, key);
}

/* A storage key as the history shows it: a one-column key's value, else as stored. */
static exec_value key_value(sql_arena *a, const cat_table *t, const char *key, size_t keylen)
{
	if (t != NULL && t->npk == 1) {
		char *out = sql_arena_alloc(a, keylen + 1);
		size_t n = store_key_decode(out, key, keylen);

		if (n != (size_t)-1)
			return exec_text(EXEC_OID_TEXT, out, n);
	}
	return exec_text(EXEC_OID_TEXT, sql_arena_strndup(a, key, keylen), keylen);
}

/*
 * The rows of table that differ from side from (NULL: nothing) to side
 * to, each passed to fn: O(the rows that changed).
 */
static int diff_table(store *s, store_snap *from, store_snap *to, const char *table,
	store_rowdiff_fn fn, void *arg, store_err *err)
{
	store_oid tree;
	int chrondb, r;

	if (from != NULL && !store_snap_is_empty(from)) {
		r = store_snap_diff_table(from, to, table, fn, arg, err);
	} else {
		r = store_table_tree(to, table, &tree, &chrondb, err);
		if (r == STORE_OK)
			r = store_table_diff(s, &(store_oid){{0}}, &tree, chrondb, fn, arg, err);
	}
	if (r == STORE_ERROR && strcmp(err->sqlstate, "42P01") == 0) {
		store_err_clear(err);
		r = STORE_OK; /* neither side has it */
	}
	return r;
}

/* ---- Rows as jsonb ---- */

typedef struct row_members {
	sql_arena *a;
	exec_jsonb_pair *v;
	int n, cap;
} row_members;

static void members_add(row_members *m, const char *key, size_t keylen, const exec_jsonb *val)
{
	if (m->n == m->cap) {
		int cap = m->cap ? 2 * m->cap : 16;
		exec_jsonb_pair *g = sql_arena_alloc(m->a, (size_t)cap * sizeof(*g));

		if (m->n > 0)
			memcpy(g, m->v, (size_t)m->n * sizeof(*g));
		m->v = g;
		m->cap = cap;
	}
	m->v[m->n].key = key;
	m->v[m->n].keylen = (uint32_t)keylen;
	m->v[m->n].val = *val;
	m->n++;
}

/*
 * The object of members m, in jsonb's order, in m's arena (normalizing
 * may return the node it is given: it must outlive the call).
 */
static int members_object(exec_ctx *cx, row_members *m, const exec_jsonb **out)
{
	exec_jsonb *obj = sql_arena_zalloc(m->a, sizeof(*obj));

	obj->kind = EXEC_JSONB_OBJECT;
	obj->len = (uint32_t)m->n;
	obj->u.pairs = m->v;
	return exec_jsonb_normalize(m->a, obj, out, cx->err);
}

static int extra_member(void *arg, const exec_row_member *m, store_err *err)
{
	row_members *rm = arg;

	(void)err;
	members_add(rm, sql_arena_strndup(rm->a, m->name, m->namelen), m->namelen, m->val);
	return EXEC_OK;
}

/*
 * A stored version as jsonb (the file comment says how), in cx's arena.
 * ht may have no definition (t NULL): the stored JSON then.
 */
static int row_jsonb(
	exec_ctx *cx, const hist_table *ht, const char *doc, size_t len, const exec_jsonb **out)
{
	row_members m = {cx->arena, NULL, 0, 0};

	if (ht->t != NULL) {
		int n = ht->t->ncols ? ht->t->ncols : 1;
		exec_value *vals = sql_arena_alloc(cx->arena, (size_t)n * sizeof(*vals));
		bool *given = sql_arena_zalloc(cx->arena, (size_t)n * sizeof(*given));

		if (exec_row_decode_given(cx, &ht->rd, doc, len, vals, given, extra_member, &m) ==
			EXEC_OK) {
			for (int i = 0; i < ht->t->ncols; i++) {
				const exec_jsonb *j;

				if (!given[i])
					continue;
				if (exec_jsonb_from_value(cx, &vals[i], &j) != EXEC_OK)
					return EXEC_ERROR;
				members_add(
					&m, ht->t->cols[i].name, strlen(ht->t->cols[i].name), j);
			}
			return members_object(cx, &m, out);
		}

		/* The current columns cannot read this version: as stored. */
		store_err_clear(cx->err);
	}
	return exec_json_parse(cx->arena, doc, len, EXEC_JSON_JSONB, out, cx->err);
}

/* A row version (a blob) as jsonb; a NULL value for a zero blob (a delete). */
static int blob_jsonb(
	exec_ctx *cx, hist_env *e, const hist_table *ht, const store_oid *blob, exec_value *out)
{
	const exec_jsonb *j;
	char *doc = NULL;
	size_t len = 0;
	int r;

	if (store_oid_is_zero(blob)) {
		*out = exec_null(EXEC_OID_JSONB);
		return EXEC_OK;
	}
	if (store_blob(e->s, blob, &doc, &len, cx->err) != STORE_OK)
		return EXEC_ERROR;
	r = row_jsonb(cx, ht, doc, len, &j);
	free(doc);
	if (r != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_jsonb_value(j);
	return EXEC_OK;
}

/* The member key of an object, or NULL (objects of jsonb are sorted: a search). */
static const exec_jsonb *member(const exec_jsonb *obj, const char *key, size_t keylen)
{
	if (obj == NULL || obj->kind != EXEC_JSONB_OBJECT)
		return NULL;
	for (uint32_t i = 0; i < obj->len; i++)
		if (obj->u.pairs[i].keylen == keylen &&
			memcmp(obj->u.pairs[i].key, key, keylen) == 0)
			return &obj->u.pairs[i].val;
	return NULL;
}

/* Whether member key differs between two rows (absent on one side counts). */
static bool member_changed(const exec_jsonb *a, const exec_jsonb *b, const char *key, size_t keylen)
{
	const exec_jsonb *x = member(a, key, keylen), *y = member(b, key, keylen);

	if (x == NULL || y == NULL)
		return x != y;
	return !exec_jsonb_eq(x, y);
}

/*
 * The members that differ between two versions (either may be NULL:
 * every member of the other), the table's columns in their order first,
 * then the others in jsonb's order: a text[] value.
 */
static exec_value changed_columns(
	sql_arena *a, const cat_table *t, const exec_jsonb *before, const exec_jsonb *after)
{
	const exec_jsonb *sides[2] = {before, after};
	exec_value *names;
	int n = 0, max = 0;

	for (int s = 0; s < 2; s++)
		max += sides[s] != NULL ? (int)sides[s]->len : 0;
	names = sql_arena_alloc(a, (size_t)(max ? max : 1) * sizeof(*names));
	for (int i = 0; t != NULL && i < t->ncols; i++) {
		const char *c = t->cols[i].name;

		if (member_changed(before, after, c, strlen(c)))
			names[n++] = exec_text(EXEC_OID_TEXT, c, strlen(c));
	}
	for (int s = 0; s < 2; s++) {
		for (uint32_t i = 0; sides[s] != NULL && i < sides[s]->len; i++) {
			const exec_jsonb_pair *p = &sides[s]->u.pairs[i];
			bool seen = t != NULL && cat_column_index(t, p->key) >= 0;

			/* A member of both sides is listed from the first. */
			if (s == 1 && member(before, p->key, p->keylen) != NULL)
				seen = true;
			if (!seen && member_changed(before, after, p->key, p->keylen))
				names[n++] = exec_text(EXEC_OID_TEXT, p->key, p->keylen);
		}
	}
	return exec_array_value(
		EXEC_OID_TEXT_ARRAY, exec_array_new(a, EXEC_OID_TEXT, names, (uint32_t)n));
}

/* ---- Cursors' common parts ---- */

/* The row being made: columns set by position, all NULL to begin with. */
static exec_value *row_new(exec_ctx *cx, const exec_syscol *cols, int ncols)
{
	exec_value *v = sql_arena_alloc(cx->arena, (size_t)ncols * sizeof(*v));

	for (int i = 0; i < ncols; i++)
		v[i] = exec_null(cols[i].type);
	return v;
}

/* An argument that is NULL or absent. */
static bool arg_null(const exec_value *args, int nargs, int i)
{
	return i >= nargs || args[i].isnull;
}

/* An argument's text kept in arena a (NULL when NULL). */
static const char *arg_keep(exec_ctx *cx, sql_arena *a, const exec_value *args, int nargs, int i)
{
	const char *t;
	size_t len;

	if (arg_null(args, nargs, i))
		return NULL;
	t = value_text(cx, &args[i], &len);
	return t != NULL ? sql_arena_strndup(a, t, len) : NULL;
}

/* ---- chrondb_history(table, id) and chrondb.history ---- */

/*
 * The versions of rows, newest first: of one row through the
 * row-history index, or, without a key, of every row of one table or
 * of all, a commit at a time along the first parents (a diff of each
 * commit against its parent).
 */
typedef struct hist_cur {
	hist_env e;
	hist_snaps snaps;
	sql_arena *a;
	bool relation; /* chrondb.history's columns, else chrondb_history's */
	const char *branch, *table_arg, *key_arg;
	store_snap *at;

	/* Versions of one row, or of one commit's changes. */
	struct hist_ver {
		const char *table; /* in a */
		char *key;         /* malloc'd */
		size_t keylen;
		store_version v;
	} * vers;
	size_t nvers, capvers, pos;

	/* Without a key: the commit to read next (zero: done). */
	bool walk;
	store_oid next;
	const char *only_table; /* the walk's table, or NULL for all */

	/* Table definitions met, by name. */
	hist_table *tabs;
	int ntabs, captabs;
} hist_cur;

static void vers_clear(hist_cur *h)
{
	for (size_t i = 0; i < h->nvers; i++)
		free(h->vers[i].key);
	h->nvers = h->pos = 0;
}

static void vers_add(
	hist_cur *h, const char *table, const char *key, size_t keylen, const store_version *v)
{
	struct hist_ver *x;

	if (h->nvers == h->capvers) {
		h->capvers = h->capvers ? 2 * h->capvers : 64;
		h->vers = realloc(h->vers, h->capvers * sizeof(*h->vers));
		if (h->vers == NULL)
			abort();
	}
	x = &h->vers[h->nvers++];
	x->table = table;
	x->key = malloc(keylen ? keylen : 1);
	if (x->key == NULL)
		abort();
	memcpy(x->key, key, keylen);
	x->keylen = keylen;
	x->v = *v;
}

/* The definition of a table the history met (at the statement's snapshot, else as stored). */
static const hist_table *hist_table_of(exec_ctx *cx, hist_cur *h, const char *name)
{
	store_snap *at[1] = {h->at};
	hist_table *t;

	for (int i = 0; i < h->ntabs; i++)
		if (strcmp(h->tabs[i].name, name) == 0)
			return &h->tabs[i];
	if (h->ntabs == h->captabs) {
		int cap = h->captabs ? 2 * h->captabs : 8;
		hist_table *g = sql_arena_alloc(h->a, (size_t)cap * sizeof(*g));

		if (h->ntabs > 0)
			memcpy(g, h->tabs, (size_t)h->ntabs * sizeof(*g));
		h->tabs = g;
		h->captabs = cap;
	}
	t = &h->tabs[h->ntabs];
	if (table_find(cx, h->a, at, 1, name, t) == EXEC_ERROR)
		return NULL;
	h->ntabs++;
	return t;
}

static void hist_close(void *state)
{
	hist_cur *h = state;

	vers_clear(h);
	free(h->vers);
	snaps_free(&h->snaps);
}

/* Versions of one row of a table through the index. */
static int hist_one_row(exec_ctx *cx, hist_cur *h, const hist_table *ht, const exec_value *id)
{
	store_buf key = STORE_BUF_INIT;
	store_version *v = NULL;
	size_t n = 0;
	int r = key_of(cx, ht, id, &key);

	if (r == EXEC_OK && store_row_history(h->at, ht->name, (const char *)key.data, key.len, 0,
				    &v, &n, cx->err) != STORE_OK)
		r = EXEC_ERROR;
	for (size_t i = 0; r == EXEC_OK && i < n; i++)
		vers_add(h, ht->name, (const char *)key.data, key.len, &v[i]);
	free(v);
	store_buf_free(&key);
	return r;
}

/* The changes of one commit against its first parent, for the walk. */
typedef struct walk_add {
	hist_cur *h;
	const char *table;
	const store_oid *commit;
	int64_t time_us;
} walk_add;

static int walk_row(void *arg, const store_rowdiff *d, store_err *err)
{
	walk_add *w = arg;
	store_version v;

	(void)err;
	memset(&v, 0, sizeof(v));
	v.commit = *w->commit;
	v.blob = d->new_blob;
	v.time_us = w->time_us;
	v.op = d->op;
	vers_add(w->h, w->table, d->key, d->keylen, &v);
	return 0;
}

static int cmp_ver(const void *a, const void *b)
{
	const struct hist_ver *x = a, *y = b;
	int c = strcmp(x->table, y->table);
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;

	if (c != 0)
		return c;
	c = memcmp(x->key, y->key, n);
	return c != 0 ? c : (x->keylen > y->keylen) - (x->keylen < y->keylen);
}

/* Read commits along the walk until one changed rows it shows (or the root). */
static int hist_walk_step(exec_ctx *cx, hist_cur *h)
{
	while (h->nvers == 0 && !store_oid_is_zero(&h->next)) {
		store_logentry le;
		store_snap *cur = NULL, *par = NULL;
		char *only = (char *)h->only_table, **names = &only;
		size_t nn = 1;
		int r;

		if (store_log_entry(h->e.s, &h->next, &le, cx->err) != STORE_OK)
			return EXEC_ERROR;
		r = store_snap_commit(h->e.s, &h->next, &cur, cx->err);
		if (r == STORE_OK && le.nparents > 0)
			r = store_snap_commit(h->e.s, &le.parents[0], &par, cx->err);

		/* The tables: the one asked for, or those of either side. */
		if (r == STORE_OK && only == NULL &&
			names_of_both(cx, cx->arena, cur, par, NULL, &names, &nn) != EXEC_OK)
			r = STORE_ERROR;
		for (size_t i = 0; r == STORE_OK && i < nn; i++) {
			const hist_table *ht = hist_table_of(cx, h, names[i]);
			walk_add w = {h, ht != NULL ? ht->name : NULL, &h->next, le.time_us};

			r = ht == NULL
				    ? STORE_ERROR
				    : diff_table(h->e.s, par, cur, names[i], walk_row, &w, cx->err);
		}
		if (r == STORE_OK) {
			/* Authors are the commit's. */
			for (size_t i = 0; i < h->nvers; i++)
				snprintf(h->vers[i].v.author, sizeof(h->vers[i].v.author), "%s",
					le.author);
			if (h->nvers > 1)
				qsort(h->vers, h->nvers, sizeof(*h->vers), cmp_ver);
			h->next = le.nparents > 0 ? le.parents[0] : (store_oid){{0}};
		}
		store_logentry_clear(&le);
		store_snap_free(cur);
		store_snap_free(par);
		if (r != STORE_OK)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}

/*
 * Open: chrondb_history(table, id) (relation false) or chrondb.history
 * (table_name, key, branch; each may be NULL).
 */
static int hist_open_common(exec_ctx *cx, sql_arena *a, bool relation, const exec_value *table,
	const exec_value *id, const exec_value *branch, void **state)
{
	hist_cur *h = sql_arena_zalloc(a, sizeof(*h));
	const hist_table *ht = NULL;

	*state = h;
	h->a = a;
	h->relation = relation;
	if (env_get(cx, &h->e) != EXEC_OK)
		return EXEC_ERROR;
	h->at = h->e.snap;
	h->branch = h->e.ss->branch;

	/* chrondb.history's branch, else the one a schema-qualified table names. */
	if (branch != NULL && !branch->isnull) {
		size_t len;
		const char *b = value_text(cx, branch, &len);
		store_snap *s = NULL;

		if (b == NULL)
			return EXEC_ERROR;
		if (strcmp(b, h->e.ss->branch) != 0) {
			if (store_snap_branch(h->e.s, b, &s, cx->err) != STORE_OK)
				return EXEC_ERROR;
			h->at = snaps_keep(&h->snaps, s);
		}
		h->branch = sql_arena_strndup(a, b, len);
	}
	if (table != NULL && !table->isnull) {
		const char *name, *tb;
		store_snap *ts;

		if (table_arg(cx, &h->e, &h->snaps, table, &name, &ts, &tb) != EXEC_OK)
			return EXEC_ERROR;
		if (ts != h->e.snap) {
			h->at = ts;
			h->branch = sql_arena_strndup(a, tb, strlen(tb));
		}
		h->table_arg = sql_arena_strndup(a, name, strlen(name));
		ht = hist_table_of(cx, h, h->table_arg);
		if (ht == NULL)
			return EXEC_ERROR;
		if (ht->t == NULL)
			return store_err_set(
				cx->err, "42P01", "relation \"%s\" does not exist", h->table_arg);
	}
	if (store_snap_is_empty(h->at))
		return EXEC_OK;

	/* One row: its versions from the index. */
	if (id != NULL && !id->isnull && ht != NULL) {
		size_t len;

		h->key_arg = value_text(cx, id, &len);
		h->key_arg = sql_arena_strndup(a, h->key_arg, len);
		return hist_one_row(cx, h, ht, id);
	}

	/* A key without a table: that key in every table of the snapshot. */
	if (id != NULL && !id->isnull) {
		char **names = NULL;
		size_t n = 0;
		int r = EXEC_OK;

		if (store_tables(h->at, &names, &n, cx->err) != STORE_OK)
			return EXEC_ERROR;
		for (size_t i = 0; r == EXEC_OK && i < n; i++) {
			const char *nm = sql_arena_strndup(a, names[i], strlen(names[i]));

			ht = hist_table_of(cx, h, nm);
			if (ht == NULL || ht->t == NULL)
				continue;
			r = hist_one_row(cx, h, ht, id);
			if (r != EXEC_OK && (strcmp(cx->err->sqlstate, "22P02") == 0 ||
						    strcmp(cx->err->sqlstate, "22023") == 0)) {
				store_err_clear(cx->err); /* no row of this table has such a key */
				r = EXEC_OK;
			}
		}
		free(names);
		if (r != EXEC_OK)
			return EXEC_ERROR;

		/* Newest first across the tables. */
		for (size_t i = 1; i < h->nvers; i++) {
			struct hist_ver x = h->vers[i];
			size_t j = i;

			while (j > 0 && h->vers[j - 1].v.time_us < x.v.time_us) {
				h->vers[j] = h->vers[j - 1];
				j--;
			}
			h->vers[j] = x;
		}
		return EXEC_OK;
	}

	/* Every row: the walk. */
	h->walk = true;
	h->next = *store_snap_id(h->at);
	h->only_table = h->table_arg;
	return EXEC_OK;
}

static int hist_next(void *state, exec_ctx *cx, const exec_value **cols, int *ncols)
{
	hist_cur *h = state;
	struct hist_ver *x;
	const hist_table *ht;
	store_logentry le;
	exec_value *row;

	if (h->pos >= h->nvers && h->walk) {
		vers_clear(h);
		if (hist_walk_step(cx, h) != EXEC_OK)
			return EXEC_ERROR;
	}
	if (h->pos >= h->nvers)
		return 0;
	x = &h->vers[h->pos++];
	ht = hist_table_of(cx, h, x->table);
	if (ht == NULL)
		return EXEC_ERROR;

	/* The commit's message and committer (its note is not needed: the version has its time). */
	if (store_commit_entry(h->e.s, &x->v.commit, &le, cx->err) != STORE_OK)
		return EXEC_ERROR;
	if (h->relation) {
		row = row_new(cx, exec_hist_history_cols, EXEC_HIST_HISTORY_NCOLS);
		row[0] = text_value(cx->arena, x->table);
		row[1] = key_value(cx->arena, ht->t, x->key, x->keylen);
		row[2] = oid_value(cx->arena, &x->v.commit);
		row[3] = time_value(x->v.time_us);
		row[4] = text_value(cx->arena, le.author);
		row[5] = text_value(cx->arena, op_name(x->v.op));
		if (blob_jsonb(cx, &h->e, ht, &x->v.blob, &row[6]) != EXEC_OK) {
			store_logentry_clear(&le);
			return EXEC_ERROR;
		}
		row[7] = message_value(cx->arena, le.message);
		row[8] = text_value(cx->arena, h->branch);
		*ncols = EXEC_HIST_HISTORY_NCOLS;
	} else {
		row = sql_arena_alloc(cx->arena, 7 * sizeof(*row));
		row[0] = oid_value(cx->arena, &x->v.commit);
		row[1] = time_value(x->v.time_us);
		row[2] = text_value(cx->arena, le.committer);
		if (blob_jsonb(cx, &h->e, ht, &x->v.blob, &row[3]) != EXEC_OK) {
			store_logentry_clear(&le);
			return EXEC_ERROR;
		}
		row[4] = text_value(cx->arena, op_name(x->v.op));
		row[5] = text_value(cx->arena, le.author);
		row[6] = message_value(cx->arena, le.message);
		*ncols = 7;
	}
	store_logentry_clear(&le);
	*cols = row;
	return 1;
}

static int fn_history_open(
	exec_ctx *cx, sql_arena *a, const exec_value *args, int nargs, void **state)
{
	(void)nargs;
	return hist_open_common(cx, a, false, &args[0], &args[1], NULL, state);
}

const exec_syscol exec_hist_history_cols[EXEC_HIST_HISTORY_NCOLS] = {
	{"table_name", EXEC_OID_TEXT},
	{"key", EXEC_OID_TEXT},
	{"commit_id", EXEC_OID_TEXT},
	{"commit_time", EXEC_OID_TIMESTAMPTZ},
	{"author", EXEC_OID_TEXT},
	{"operation", EXEC_OID_TEXT},
	{"data", EXEC_OID_JSONB},
	{"message", EXEC_OID_TEXT},
	{"branch", EXEC_OID_TEXT},
};

/* chrondb.history's parameters: the table, the row's key, the branch (each: all, the session's). */
const char *const exec_hist_history_params[] = {"table_name", "key", "branch", NULL};

static int rel_history_open(
	exec_ctx *cx, sql_arena *a, const exec_value *args, int nargs, void **state)
{
	return hist_open_common(cx, a, true, nargs > 0 ? &args[0] : NULL,
		nargs > 1 ? &args[1] : NULL, nargs > 2 ? &args[2] : NULL, state);
}

/* ---- chrondb_at(table, id, ref) ---- */

/* The row, decoded when next asks for it. */
typedef struct at_cur {
	hist_table ht;
	char *doc; /* in the cursor's arena; NULL: no row */
	size_t len;
	bool done;
} at_cur;

static int at_open(exec_ctx *cx, sql_arena *a, const exec_value *args, int nargs, void **state)
{
	at_cur *c = sql_arena_zalloc(a, sizeof(*c));
	hist_env e = {0};
	hist_snaps k = {0};
	const char *name, *branch, *refname;
	store_snap *snap, *at;
	store_buf key = STORE_BUF_INIT;
	char *doc = NULL;
	size_t len = 0;
	int r;

	(void)nargs;
	*state = c;
	c->done = true;
	if (env_get(cx, &e) != EXEC_OK ||
		table_arg(cx, &e, &k, &args[0], &name, &snap, &branch) != EXEC_OK ||
		table_get(cx, a, &snap, 1, name, &c->ht) != EXEC_OK ||
		key_of(cx, &c->ht, &args[1], &key) != EXEC_OK ||
		ref_snap(cx, &e, &k, &args[2], branch, &at, &refname) != EXEC_OK) {
		store_buf_free(&key);
		snaps_free(&k);
		return EXEC_ERROR;
	}

	/* The row as the ref has it: none when the table or the row was not there. */
	r = store_get(at, name, (const char *)key.data, key.len, &doc, &len, NULL, cx->err);
	if (r == STORE_ERROR && strcmp(cx->err->sqlstate, "42P01") == 0) {
		store_err_clear(cx->err);
		r = STORE_NOTFOUND;
	}
	store_buf_free(&key);
	snaps_free(&k);
	if (r == STORE_ERROR)
		return EXEC_ERROR;
	if (r == STORE_OK) {
		c->doc = sql_arena_strndup(a, doc, len);
		c->len = len;
		c->done = false;
	}
	free(doc);
	return EXEC_OK;
}

static int at_next(void *state, exec_ctx *cx, const exec_value **cols, int *ncols)
{
	at_cur *c = state;
	exec_value *vals;

	if (c->done)
		return 0;
	c->done = true;
	vals = sql_arena_alloc(
		cx->arena, (size_t)(c->ht.t->ncols ? c->ht.t->ncols : 1) * sizeof(*vals));
	if (exec_row_decode(cx, &c->ht.rd, c->doc, c->len, vals, NULL, NULL) != EXEC_OK)
		return EXEC_ERROR;
	*cols = vals;
	*ncols = c->ht.t->ncols;
	return 1;
}

static void nothing_to_close(void *state)
{
	(void)state;
}

int exec_hist_columns(an_ctx *c, const exec_srf *srf, exec_expr *const *args, int nargs, int loc,
	exec_tupdesc *desc)
{
	exec_value v;
	char *copy, *parts[3];
	store_snap *snap = c->snap, *other = NULL;
	char *json = NULL;
	cat_table *t;
	int n, r;

	(void)srf;
	(void)nargs;
	if (args[0]->kind != EXPR_CONST) {
		an_error(c, loc, "0A000", "the table of %s must be a constant", srf->name);
		store_err_hint(c->err, "Its columns are the table's, known before the query runs.");
		return EXEC_ERROR;
	}
	if (an_eval_const(c, args[0], &v) != EXEC_OK)
		return EXEC_ERROR;
	if (v.isnull) {
		an_error(c, loc, "22004", "the table of %s cannot be null", srf->name);
		return EXEC_ERROR;
	}
	copy = sql_arena_strndup(c->a, v.v.s.p, v.v.s.len);
	n = exec_split_identifiers(copy, '.', true, parts, 3);
	if (n <= 0 || n > 2 || parts[n - 1][0] == '\0') {
		an_error(c, loc, "42602", "invalid name syntax");
		return EXEC_ERROR;
	}

	/* Another branch's table: its head's definition, as the function will read it. */
	if (n == 2 && strcmp(parts[0], "public") != 0 &&
		(c->branch == NULL || strcmp(parts[0], c->branch) != 0)) {
		if (exec_syscat_schema(parts[0]) ||
			store_snap_branch(c->s, parts[0], &other, c->err) != STORE_OK) {
			store_err_clear(c->err);
			an_error(c, loc, "3F000", "schema \"%s\" does not exist", parts[0]);
			return EXEC_ERROR;
		}
		snap = other;
	}
	r = store_snap_is_empty(snap) ? STORE_NOTFOUND
				      : store_catalog(snap, parts[n - 1], &json, c->err);
	store_snap_free(other);
	if (r == STORE_NOTFOUND || (r == STORE_ERROR && strcmp(c->err->sqlstate, "42P01") == 0)) {
		store_err_clear(c->err);
		an_error(c, loc, "42P01", "relation \"%s\" does not exist", parts[n - 1]);
		return EXEC_ERROR;
	}
	if (r != STORE_OK)
		return EXEC_ERROR;
	r = cat_table_parse(c->a, json, strlen(json), &t, c->err);
	free(json);
	if (r != EXEC_OK)
		return EXEC_ERROR;
	desc->ncols = t->ncols;
	desc->cols =
		sql_arena_zalloc(c->a, (size_t)(t->ncols ? t->ncols : 1) * sizeof(exec_column));
	for (int i = 0; i < t->ncols; i++) {
		desc->cols[i].name = t->cols[i].name;
		desc->cols[i].type = t->cols[i].type;
		desc->cols[i].typmod = t->cols[i].typmod;
	}
	return EXEC_OK;
}

/* ---- chrondb_diff(table, id, from, to) ---- */

typedef struct cdiff_cur {
	exec_value row[6];
	bool done;
} cdiff_cur;

/* The object of members m as a jsonb value. */
static int object_of(exec_ctx *cx, row_members *m, exec_value *out)
{
	const exec_jsonb *j;

	if (members_object(cx, m, &j) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_jsonb_value(j);
	return EXEC_OK;
}

/* A version of the row at snap as jsonb, or NULL when the table or row is absent there. */
static int version_at(exec_ctx *cx, store_snap *snap, const hist_table *ht, const store_buf *key,
	const exec_jsonb **out)
{
	char *doc = NULL;
	size_t len = 0;
	int r = store_get(
		snap, ht->name, (const char *)key->data, key->len, &doc, &len, NULL, cx->err);

	*out = NULL;
	if (r == STORE_ERROR && strcmp(cx->err->sqlstate, "42P01") == 0) {
		store_err_clear(cx->err);
		return EXEC_OK;
	}
	if (r == STORE_NOTFOUND)
		return EXEC_OK;
	if (r != STORE_OK)
		return EXEC_ERROR;
	r = row_jsonb(cx, ht, doc, len, out);
	free(doc);
	return r;
}

static int cdiff_open(exec_ctx *cx, sql_arena *a, const exec_value *args, int nargs, void **state)
{
	cdiff_cur *c = sql_arena_zalloc(a, sizeof(*c));
	hist_env e = {0};
	hist_snaps k = {0};
	const char *name, *branch, *n1, *n2;
	store_snap *snap, *from, *to;
	store_buf key = STORE_BUF_INIT;
	hist_table ht;
	const exec_jsonb *before = NULL, *after = NULL;
	row_members added = {a, NULL, 0, 0}, removed = {a, NULL, 0, 0}, changed = {a, NULL, 0, 0};
	exec_ctx kx = *cx;
	int r = EXEC_ERROR;

	(void)nargs;
	*state = c;
	c->done = true;
	kx.arena = a; /* what the row keeps lives as long as the cursor */
	if (env_get(&kx, &e) != EXEC_OK ||
		table_arg(&kx, &e, &k, &args[0], &name, &snap, &branch) != EXEC_OK ||
		ref_snap(&kx, &e, &k, &args[2], branch, &from, &n1) != EXEC_OK ||
		ref_snap(&kx, &e, &k, &args[3], branch, &to, &n2) != EXEC_OK)
		goto out;
	{
		store_snap *where[3] = {snap, to, from};

		if (table_get(&kx, a, where, 3, name, &ht) != EXEC_OK)
			goto out;
	}
	if (key_of(&kx, &ht, &args[1], &key) != EXEC_OK ||
		version_at(&kx, from, &ht, &key, &before) != EXEC_OK ||
		version_at(&kx, to, &ht, &key, &after) != EXEC_OK)
		goto out;

	/* Top-level members: added, removed, changed ({"old": ..., "new": ...}). */
	if (before != NULL || after != NULL) {
		const exec_jsonb *sides[2] = {before, after};

		for (int s = 0; s < 2; s++) {
			const exec_jsonb *o = sides[s], *other = sides[1 - s];

			for (uint32_t i = 0; o != NULL && i < o->len; i++) {
				const exec_jsonb_pair *p = &o->u.pairs[i];
				const exec_jsonb *x = member(other, p->key, p->keylen);

				if (x == NULL) {
					members_add(s == 0 ? &removed : &added, p->key, p->keylen,
						&p->val);
				} else if (s == 0 && !exec_jsonb_eq(&p->val, x)) {
					row_members pair = {a, NULL, 0, 0};
					exec_value v;

					members_add(&pair, "old", 3, &p->val);
					members_add(&pair, "new", 3, x);
					if (object_of(&kx, &pair, &v) != EXEC_OK)
						goto out;
					members_add(&changed, p->key, p->keylen, v.v.jb);
				}
			}
		}
		c->row[0] = key_value(a, ht.t, (const char *)key.data, key.len);
		c->row[1] = oid_value(a, store_snap_id(from));
		c->row[2] = oid_value(a, store_snap_id(to));
		if (object_of(&kx, &added, &c->row[3]) != EXEC_OK ||
			object_of(&kx, &removed, &c->row[4]) != EXEC_OK ||
			object_of(&kx, &changed, &c->row[5]) != EXEC_OK)
			goto out;
		c->done = false;
	}
	r = EXEC_OK;
out:
	store_buf_free(&key);
	snaps_free(&k);
	return r;
}

static int cdiff_next(void *state, exec_ctx *cx, const exec_value **cols, int *ncols)
{
	cdiff_cur *c = state;

	(void)cx;
	if (c->done)
		return 0;
	c->done = true;
	*cols = c->row;
	*ncols = 6;
	return 1;
}

/* ---- chrondb.log ---- */

const exec_syscol exec_hist_log_cols[EXEC_HIST_LOG_NCOLS] = {
	{"branch", EXEC_OID_TEXT},
	{"commit_id", EXEC_OID_TEXT},
	{"parents", EXEC_OID_TEXT_ARRAY},
	{"author", EXEC_OID_TEXT},
	{"author_email", EXEC_OID_TEXT},
	{"committer", EXEC_OID_TEXT},
	{"committer_email", EXEC_OID_TEXT},
	{"commit_time", EXEC_OID_TIMESTAMPTZ},
	{"message", EXEC_OID_TEXT},
	{"tx_id", EXEC_OID_TEXT},
	{"origin", EXEC_OID_TEXT},
	{"user_name", EXEC_OID_TEXT},
	{"application_name", EXEC_OID_TEXT},
	{"client_addr", EXEC_OID_TEXT},
	{"flags", EXEC_OID_TEXT_ARRAY},
	{"request_id", EXEC_OID_TEXT},
	{"operation", EXEC_OID_TEXT},
	{"note", EXEC_OID_JSONB},
};

/* chrondb.log's parameter: the branch (any ref); the session's branch without one. */
const char *const exec_hist_log_params[] = {"branch", NULL};

/*
 * chrondb.log walks the commits reachable from the branch's head as
 * `git log` does: the newest (by its time) of the commits waiting is
 * the next row, then its parents wait too, each commit once.  On a
 * linear history that is the first-parent chain; after merges the
 * commits merged in are listed among the branch's own by their times.
 * The commits waiting are few (one per line of history open at that
 * point), each read once, so the first row costs one commit read and
 * the walk O(commits log lines).
 */
typedef struct log_wait {
	store_logentry e;
	uint64_t order; /* insertion order: ties by time go to the first queued */
} log_wait;

typedef struct log_cur {
	hist_env e;
	const char *branch;
	store_snap *snap; /* owned when not the statement's */
	log_wait *heap;   /* the commits waiting, newest on top */
	size_t n, cap;
	store_oid *seen; /* every commit queued: open addressing, zero empty */
	size_t nseen, capseen;
	uint64_t order;
} log_cur;

static int log_before(const log_wait *a, const log_wait *b)
{
	return a->e.time_us != b->e.time_us ? a->e.time_us > b->e.time_us : a->order < b->order;
}

/* Whether commit was queued before; marks it queued. */
static bool log_seen(log_cur *l, const store_oid *commit)
{
	size_t mask, i;

	if (2 * (l->nseen + 1) > l->capseen) {
		size_t cap = l->capseen ? 2 * l->capseen : 64;
		store_oid *t = calloc(cap, sizeof(*t));

		if (t == NULL)
			abort();
		for (size_t j = 0; j < l->capseen; j++) {
			if (store_oid_is_zero(&l->seen[j]))
				continue;
			for (i = store_oid_hash(&l->seen[j]) & (cap - 1); !store_oid_is_zero(&t[i]);
				i = (i + 1) & (cap - 1))
				;
			t[i] = l->seen[j];
		}
		free(l->seen);
		l->seen = t;
		l->capseen = cap;
	}
	mask = l->capseen - 1;
	for (i = store_oid_hash(commit) & mask; !store_oid_is_zero(&l->seen[i]); i = (i + 1) & mask)
		if (store_oid_equal(&l->seen[i], commit))
			return true;
	l->seen[i] = *commit;
	l->nseen++;
	return false;
}

/* Read commit and queue it, unless it was queued before. */
static int log_push(log_cur *l, const store_oid *commit, store_err *err)
{
	log_wait w;
	size_t i;

	if (store_oid_is_zero(commit) || log_seen(l, commit))
		return EXEC_OK;
	memset(&w, 0, sizeof(w));
	if (store_log_entry(l->e.s, commit, &w.e, err) != STORE_OK)
		return EXEC_ERROR;
	w.order = l->order++;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->heap = realloc(l->heap, l->cap * sizeof(*l->heap));
		if (l->heap == NULL)
			abort();
	}
	for (i = l->n++; i > 0 && log_before(&w, &l->heap[(i - 1) / 2]); i = (i - 1) / 2)
		l->heap[i] = l->heap[(i - 1) / 2];
	l->heap[i] = w;
	return EXEC_OK;
}

/* The newest commit waiting, out of the queue (the caller clears it). */
static log_wait log_pop(log_cur *l)
{
	log_wait top = l->heap[0], last = l->heap[--l->n];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= l->n)
			break;
		if (c + 1 < l->n && log_before(&l->heap[c + 1], &l->heap[c]))
			c++;
		if (!log_before(&l->heap[c], &last))
			break;
		l->heap[i] = l->heap[c];
		i = c;
	}
	if (l->n > 0)
		l->heap[i] = last;
	return top;
}

static int log_open(exec_ctx *cx, sql_arena *a, const exec_value *args, int nargs, void **state)
{
	log_cur *l = sql_arena_zalloc(a, sizeof(*l));

	*state = l;
	if (env_get(cx, &l->e) != EXEC_OK)
		return EXEC_ERROR;
	l->branch = arg_keep(cx, a, args, nargs, 0);
	if (l->branch == NULL) {
		l->branch = sql_arena_strndup(a, l->e.ss->branch, strlen(l->e.ss->branch));
		return log_push(l, store_snap_id(l->e.snap), cx->err);
	}
	if (store_snap_open(l->e.s, l->branch, &l->snap, cx->err) != STORE_OK)
		return EXEC_ERROR;
	return log_push(l, store_snap_id(l->snap), cx->err);
}

static void log_close(void *state)
{
	log_cur *l = state;

	for (size_t i = 0; i < l->n; i++)
		store_logentry_clear(&l->heap[i].e);
	free(l->heap);
	free(l->seen);
	store_snap_free(l->snap);
}

/* A string member of a note's object, or NULL. */
static const char *note_str(const exec_jsonb *obj, const char *key)
{
	const exec_jsonb *v = member(obj, key, strlen(key));

	return v != NULL && v->kind == EXEC_JSONB_STRING ? v->u.str : NULL;
}

static int log_next(void *state, exec_ctx *cx, const exec_value **cols, int *ncols)
{
	log_cur *l = state;
	store_logentry le;
	exec_value *row, parents[2];

	if (l->n == 0)
		return 0;
	le = log_pop(l).e;
	for (int i = 0; i < le.nparents && i < 2; i++) {
		if (log_push(l, &le.parents[i], cx->err) != EXEC_OK) {
			store_logentry_clear(&le);
			return EXEC_ERROR;
		}
	}
	row = row_new(cx, exec_hist_log_cols, EXEC_HIST_LOG_NCOLS);
	row[0] = text_value(cx->arena, l->branch);
	row[1] = oid_value(cx->arena, &le.commit);
	for (int i = 0; i < le.nparents && i < 2; i++)
		parents[i] = oid_value(cx->arena, &le.parents[i]);
	row[2] = exec_array_value(
		EXEC_OID_TEXT_ARRAY, exec_array_new(cx->arena, EXEC_OID_TEXT, parents,
					     (uint32_t)(le.nparents < 2 ? le.nparents : 2)));
	row[3] = text_value(cx->arena, le.author);
	row[4] = text_value(cx->arena, le.author_email);
	row[5] = text_value(cx->arena, le.committer);
	row[6] = text_value(cx->arena, le.committer_email);
	row[7] = time_value(le.time_us);
	row[8] = message_value(cx->arena, le.message);

	/* The note's fields (ChronDB's keys; metadata's in kebab-case). */
	if (le.note != NULL) {
		const exec_jsonb *note, *meta, *flags;

		if (exec_json_parse(cx->arena, le.note, strlen(le.note), EXEC_JSON_JSONB, &note,
			    cx->err) != EXEC_OK) {
			store_logentry_clear(&le);
			return EXEC_ERROR;
		}
		meta = member(note, "metadata", 8);
		row[9] = text_value(cx->arena, note_str(note, "tx_id"));
		row[10] = text_value(cx->arena, note_str(note, "origin"));
		row[11] = text_value(cx->arena, note_str(note, "user"));
		row[12] = text_value(cx->arena, note_str(meta, "application-name"));
		row[13] = text_value(cx->arena, note_str(meta, "remote-addr"));
		flags = member(note, "flags", 5);
		if (flags != NULL && flags->kind == EXEC_JSONB_ARRAY) {
			exec_value *fv = sql_arena_alloc(
				cx->arena, (size_t)(flags->len ? flags->len : 1) * sizeof(*fv));
			uint32_t nf = 0;

			for (uint32_t i = 0; i < flags->len; i++)
				if (flags->u.elems[i].kind == EXEC_JSONB_STRING)
					fv[nf++] = exec_text(EXEC_OID_TEXT, flags->u.elems[i].u.str,
						flags->u.elems[i].len);
			row[14] = exec_array_value(EXEC_OID_TEXT_ARRAY,
				exec_array_new(cx->arena, EXEC_OID_TEXT, fv, nf));
		}
		row[15] = text_value(cx->arena, note_str(meta, "request-id"));
		row[16] = text_value(cx->arena, note_str(note, "operation"));
		row[17] = exec_jsonb_value(note);
	}
	store_logentry_clear(&le);
	*cols = row;
	*ncols = EXEC_HIST_LOG_NCOLS;
	return 1;
}

/* ---- chrondb.diff ---- */

const exec_syscol exec_hist_diff_cols[EXEC_HIST_DIFF_NCOLS] = {
	{"table_name", EXEC_OID_TEXT},
	{"key", EXEC_OID_TEXT},
	{"diff_type", EXEC_OID_TEXT},
	{"changed_columns", EXEC_OID_TEXT_ARRAY},
	{"before", EXEC_OID_JSONB},
	{"after", EXEC_OID_JSONB},
	{"from_ref", EXEC_OID_TEXT},
	{"to_ref", EXEC_OID_TEXT},
	{"from_commit", EXEC_OID_TEXT},
	{"to_commit", EXEC_OID_TEXT},
};

/*
 * chrondb.diff's parameters: the table (all without one), and the refs
 * from and to (to: the session's branch at the statement's snapshot;
 * from: to's first parent, nothing for a root commit).
 */
const char *const exec_hist_diff_params[] = {"table_name", "from_ref", "to_ref", NULL};

typedef struct rdiff_cur {
	hist_env e;
	hist_snaps snaps;
	sql_arena *a;
	store_snap *from, *to; /* from NULL: the empty tree */
	const char *from_ref, *to_ref;
	char **tables; /* sorted, distinct; in a */
	size_t ntables, ti;
	hist_table ht; /* the table being read */

	/* The current table's changed rows, by key. */
	struct rdiff_row {
		char *key; /* malloc'd */
		size_t keylen;
		store_op op;
		store_oid old_blob, new_blob;
	} * rows;
	size_t nrows, caprows, pos;
} rdiff_cur;

static void rdiff_rows_clear(rdiff_cur *d)
{
	for (size_t i = 0; i < d->nrows; i++)
		free(d->rows[i].key);
	d->nrows = d->pos = 0;
}

static void rdiff_close(void *state)
{
	rdiff_cur *d = state;

	rdiff_rows_clear(d);
	free(d->rows);
	snaps_free(&d->snaps);
}

static int rdiff_collect(void *arg, const store_rowdiff *x, store_err *err)
{
	rdiff_cur *d = arg;
	struct rdiff_row *r;

	(void)err;
	if (d->nrows == d->caprows) {
		d->caprows = d->caprows ? 2 * d->caprows : 64;
		d->rows = realloc(d->rows, d->caprows * sizeof(*d->rows));
		if (d->rows == NULL)
			abort();
	}
	r = &d->rows[d->nrows++];
	r->key = malloc(x->keylen ? x->keylen : 1);
	if (r->key == NULL)
		abort();
	memcpy(r->key, x->key, x->keylen);
	r->keylen = x->keylen;
	r->op = x->op;
	r->old_blob = x->old_blob;
	r->new_blob = x->new_blob;
	return 0;
}

static int cmp_rdiff(const void *a, const void *b)
{
	const struct rdiff_row *x = a, *y = b;
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int c = memcmp(x->key, y->key, n);

	return c != 0 ? c : (x->keylen > y->keylen) - (x->keylen < y->keylen);
}

static int rdiff_open(exec_ctx *cx, sql_arena *a, const exec_value *args, int nargs, void **state)
{
	rdiff_cur *d = sql_arena_zalloc(a, sizeof(*d));
	const char *table = NULL, *branch;
	store_snap *tsnap;

	*state = d;
	d->a = a;
	if (env_get(cx, &d->e) != EXEC_OK)
		return EXEC_ERROR;
	branch = d->e.ss->branch;
	if (!arg_null(args, nargs, 0) &&
		table_arg(cx, &d->e, &d->snaps, &args[0], &table, &tsnap, &branch) != EXEC_OK)
		return EXEC_ERROR;

	/* to, then from: to's first parent unless given. */
	if (arg_null(args, nargs, 2)) {
		d->to = d->e.snap;
		d->to_ref = sql_arena_strndup(a, branch, strlen(branch));
	} else if (ref_snap(cx, &d->e, &d->snaps, &args[2], branch, &d->to, &d->to_ref) !=
		   EXEC_OK) {
		return EXEC_ERROR;
	}
	d->to_ref = sql_arena_strndup(a, d->to_ref, strlen(d->to_ref));
	if (!arg_null(args, nargs, 1)) {
		if (ref_snap(cx, &d->e, &d->snaps, &args[1], branch, &d->from, &d->from_ref) !=
			EXEC_OK)
			return EXEC_ERROR;
	} else {
		store_logentry le;

		d->from_ref = sql_arena_printf(a, "%s~1", d->to_ref);
		if (!store_snap_is_empty(d->to)) {
			if (store_commit_entry(d->e.s, store_snap_id(d->to), &le, cx->err) !=
				STORE_OK)
				return EXEC_ERROR;
			if (le.nparents > 0 && store_snap_commit(d->e.s, &le.parents[0], &d->from,
						       cx->err) != STORE_OK) {
				store_logentry_clear(&le);
				return EXEC_ERROR;
			}
			if (d->from != NULL)
				snaps_keep(&d->snaps, d->from);
			store_logentry_clear(&le);
		}
	}
	d->from_ref = sql_arena_strndup(a, d->from_ref, strlen(d->from_ref));
	if (store_snap_is_empty(d->to))
		return EXEC_OK;

	/* The tables: the one asked for (which one side must have), or all of both sides. */
	if (table != NULL) {
		store_snap *where[2] = {d->to, d->from};
		hist_table ht;

		if (table_get(cx, a, where, 2, table, &ht) != EXEC_OK)
			return EXEC_ERROR;
		d->tables = sql_arena_alloc(a, sizeof(*d->tables));
		d->tables[0] = (char *)ht.name;
		d->ntables = 1;
		return EXEC_OK;
	}
	return names_of_both(cx, a, d->to, d->from, NULL, &d->tables, &d->ntables);
}

static int rdiff_next(void *state, exec_ctx *cx, const exec_value **cols, int *ncols)
{
	rdiff_cur *d = state;
	struct rdiff_row *x;
	const exec_jsonb *sides[2] = {NULL, NULL};
	exec_value *row;

	/* The next table with changes, its rows in key order. */
	while (d->pos >= d->nrows) {
		store_snap *where[2] = {d->to, d->from};
		const char *name;

		rdiff_rows_clear(d);
		if (d->ti >= d->ntables)
			return 0;
		name = d->tables[d->ti++];
		if (table_find(cx, d->a, where, 2, name, &d->ht) == EXEC_ERROR ||
			diff_table(d->e.s, d->from, d->to, name, rdiff_collect, d, cx->err) !=
				STORE_OK)
			return EXEC_ERROR;
		if (d->nrows > 1)
			qsort(d->rows, d->nrows, sizeof(*d->rows), cmp_rdiff);
	}
	x = &d->rows[d->pos++];
	row = row_new(cx, exec_hist_diff_cols, EXEC_HIST_DIFF_NCOLS);
	row[0] = text_value(cx->arena, d->ht.name);
	row[1] = key_value(cx->arena, d->ht.t, x->key, x->keylen);
	row[2] = text_value(cx->arena, x->op == STORE_OP_INSERT   ? "added"
				       : x->op == STORE_OP_DELETE ? "removed"
								  : "modified");
	if (blob_jsonb(cx, &d->e, &d->ht, &x->old_blob, &row[4]) != EXEC_OK ||
		blob_jsonb(cx, &d->e, &d->ht, &x->new_blob, &row[5]) != EXEC_OK)
		return EXEC_ERROR;
	sides[0] = row[4].isnull ? NULL : row[4].v.jb;
	sides[1] = row[5].isnull ? NULL : row[5].v.jb;
	row[3] = changed_columns(cx->arena, d->ht.t, sides[0], sides[1]);
	row[6] = text_value(cx->arena, d->from_ref);
	row[7] = text_value(cx->arena, d->to_ref);
	if (d->from != NULL)
		row[8] = oid_value(cx->arena, store_snap_id(d->from));
	row[9] = oid_value(cx->arena, store_snap_id(d->to));
	*cols = row;
	*ncols = EXEC_HIST_DIFF_NCOLS;
	return 1;
}

/* ---- chrondb.blame ---- */

const exec_syscol exec_hist_blame_cols[EXEC_HIST_BLAME_NCOLS] = {
	{"table_name", EXEC_OID_TEXT},
	{"key", EXEC_OID_TEXT},
	{"commit_id", EXEC_OID_TEXT},
	{"commit_time", EXEC_OID_TIMESTAMPTZ},
	{"author", EXEC_OID_TEXT},
	{"operation", EXEC_OID_TEXT},
	{"message", EXEC_OID_TEXT},
	{"branch", EXEC_OID_TEXT},
};

/* chrondb.blame's parameters: the table (all without one), the branch (the session's). */
const char *const exec_hist_blame_params[] = {"table_name", "branch", NULL};

typedef struct blame_cur {
	hist_env e;
	hist_snaps snaps;
	sql_arena *a;
	store_snap *at;
	const char *branch;
	char **tables;
	size_t ntables, ti;
	hist_table ht;
	store_scan *scan;    /* over the current table */
	store_logentry last; /* the commit read last (rows of one commit share it) */
	bool have_last;
} blame_cur;

static void blame_close(void *state)
{
	blame_cur *b = state;

	if (b->scan != NULL)
		store_scan_close(b->scan);
	if (b->have_last)
		store_logentry_clear(&b->last);
	snaps_free(&b->snaps);
}

static int blame_open(exec_ctx *cx, sql_arena *a, const exec_value *args, int nargs, void **state)
{
	blame_cur *b = sql_arena_zalloc(a, sizeof(*b));
	const char *table = NULL, *branch;
	store_snap *tsnap;
	char **names = NULL;
	size_t n = 0;

	*state = b;
	b->a = a;
	if (env_get(cx, &b->e) != EXEC_OK)
		return EXEC_ERROR;
	b->at = b->e.snap;
	branch = b->e.ss->branch;
	if (!arg_null(args, nargs, 1)) {
		store_snap *s = NULL;

		branch = arg_keep(cx, a, args, nargs, 1);
		if (strcmp(branch, b->e.ss->branch) != 0) {
			if (store_snap_branch(b->e.s, branch, &s, cx->err) != STORE_OK)
				return EXEC_ERROR;
			b->at = snaps_keep(&b->snaps, s);
		}
	}
	if (!arg_null(args, nargs, 0)) {
		const char *tb;

		if (table_arg(cx, &b->e, &b->snaps, &args[0], &table, &tsnap, &tb) != EXEC_OK)
			return EXEC_ERROR;
		if (tsnap != b->e.snap) {
			b->at = tsnap;
			branch = tb;
		}
	}
	b->branch = sql_arena_strndup(a, branch, strlen(branch));
	if (store_snap_is_empty(b->at))
		return EXEC_OK;
	if (table != NULL) {
		hist_table ht;

		if (table_get(cx, a, &b->at, 1, table, &ht) != EXEC_OK)
			return EXEC_ERROR;
		b->tables = sql_arena_alloc(a, sizeof(*b->tables));
		b->tables[0] = (char *)ht.name;
		b->ntables = 1;
		return EXEC_OK;
	}
	if (store_tables(b->at, &names, &n, cx->err) != STORE_OK)
		return EXEC_ERROR;
	b->tables = sql_arena_alloc(a, (n ? n : 1) * sizeof(*b->tables));
	for (size_t i = 0; i < n; i++)
		b->tables[b->ntables++] = sql_arena_strndup(a, names[i], strlen(names[i]));
	free(names);
	return EXEC_OK;
}

static int blame_next(void *state, exec_ctx *cx, const exec_value **cols, int *ncols)
{
	blame_cur *b = state;
	const char *key, *json;
	size_t keylen, len;
	store_version *v = NULL;
	size_t nv = 0;
	exec_value *row;
	int r;

	/* The next row of the table being read, or the next table's first. */
	for (;;) {
		if (b->scan == NULL) {
			if (b->ti >= b->ntables)
				return 0;
			if (table_find(cx, b->a, &b->at, 1, b->tables[b->ti], &b->ht) ==
					EXEC_ERROR ||
				store_scan_open(b->at, b->tables[b->ti], &b->scan, cx->err) !=
					STORE_OK)
				return EXEC_ERROR;
			b->ti++;
		}
		r = store_scan_next(b->scan, &key, &keylen, &json, &len, cx->err);
		if (r == 1)
			break;
		store_scan_close(b->scan);
		b->scan = NULL;
		if (r != 0)
			return EXEC_ERROR;
	}

	/* Its newest version as of the snapshot: one probe of the row-history index. */
	if (store_row_history(b->at, b->ht.name, key, keylen, 1, &v, &nv, cx->err) != STORE_OK)
		return EXEC_ERROR;
	row = row_new(cx, exec_hist_blame_cols, EXEC_HIST_BLAME_NCOLS);
	row[0] = text_value(cx->arena, b->ht.name);
	row[1] = key_value(cx->arena, b->ht.t, key, keylen);
	row[7] = text_value(cx->arena, b->branch);
	if (nv > 0) {
		if (!b->have_last || !store_oid_equal(&b->last.commit, &v[0].commit)) {
			if (b->have_last)
				store_logentry_clear(&b->last);
			b->have_last = false;
			if (store_commit_entry(b->e.s, &v[0].commit, &b->last, cx->err) !=
				STORE_OK) {
				free(v);
				return EXEC_ERROR;
			}
			b->have_last = true;
		}
		row[2] = oid_value(cx->arena, &v[0].commit);
		row[3] = time_value(v[0].time_us);
		row[4] = text_value(cx->arena, v[0].author);
		row[5] = text_value(cx->arena, op_name(v[0].op));
		row[6] = message_value(cx->arena, b->last.message);
	}
	free(v);
	*cols = row;
	*ncols = EXEC_HIST_BLAME_NCOLS;
	return 1;
}

/* ---- chrondb.tags ---- */

const exec_syscol exec_hist_tags_cols[EXEC_HIST_TAGS_NCOLS] = {
	{"name", EXEC_OID_TEXT},
	{"commit_id", EXEC_OID_TEXT},
	{"annotated", EXEC_OID_BOOL},
	{"tagger", EXEC_OID_TEXT},
	{"tag_time", EXEC_OID_TIMESTAMPTZ},
	{"message", EXEC_OID_TEXT},
};

typedef struct tags_cur {
	store_taginfo *tags;
	size_t n, pos;
} tags_cur;

static int tags_open(exec_ctx *cx, sql_arena *a, const exec_value *args, int nargs, void **state)
{
	tags_cur *t = sql_arena_zalloc(a, sizeof(*t));
	hist_env e = {0};

	(void)args;
	(void)nargs;
	*state = t;
	if (env_get(cx, &e) != EXEC_OK || store_tag_list(e.s, &t->tags, &t->n, cx->err) != STORE_OK)
		return EXEC_ERROR;
	return EXEC_OK;
}

static int tags_next(void *state, exec_ctx *cx, const exec_value **cols, int *ncols)
{
	tags_cur *t = state;
	const store_taginfo *g;
	exec_value *row;

	if (t->pos >= t->n)
		return 0;
	g = &t->tags[t->pos++];
	row = row_new(cx, exec_hist_tags_cols, EXEC_HIST_TAGS_NCOLS);
	row[0] = text_value(cx->arena, g->name);
	row[1] = oid_value(cx->arena, &g->target);
	row[2] = exec_bool(g->annotated != 0);
	if (g->annotated) {
		row[3] = text_value(cx->arena, g->tagger);
		row[4] = time_value(g->time_us);
		row[5] = text_value(cx->arena, g->message);
	}
	*cols = row;
	*ncols = EXEC_HIST_TAGS_NCOLS;
	return 1;
}

static void tags_close(void *state)
{
	tags_cur *t = state;

	store_tag_list_free(t->tags, t->n);
}

/* ---- chrondb_restore(table, id, ref), chrondb_revert(commit) ---- */

/* The transaction a write function writes through: 25006 in a read-only one. */
static int write_tx(exec_ctx *cx, hist_env *e, const char *fn, store_tx **tx)
{
	if (e->ss->read_only)
		return store_err_set(
			cx->err, "25006", "cannot execute %s() in a read-only transaction", fn);
	return exec_stmt_need_tx(e->st, tx);
}

/* A table's definition as the transaction sees it (its writes go through it). */
static int table_for_write(
	exec_ctx *cx, hist_env *e, store_tx *tx, const char *name, const char *fn, hist_table *ht)
{
	char *json = NULL;
	exec_rowcol *cols;
	int r;

	memset(ht, 0, sizeof(*ht));
	ht->name = name;
	if (store_tx_catalog(tx, e->st->snap, name, &json, cx->err) != STORE_OK)
		return EXEC_ERROR;
	r = cat_table_parse(cx->arena, json, strlen(json), &ht->t, cx->err);
	free(json);
	if (r != EXEC_OK)
		return EXEC_ERROR;
	if (ht->t->npk == 0) {
		store_err_set(cx->err, "0A000",
			"%s() cannot write table \"%s\": it has no primary key", fn, name);
		store_err_hint(cx->err, "A row is written back by its primary key.");
		return EXEC_ERROR;
	}
	cols = sql_arena_alloc(cx->arena, (size_t)ht->t->ncols * sizeof(*cols));
	for (int c = 0; c < ht->t->ncols; c++) {
		cols[c].name = ht->t->cols[c].name;
		cols[c].type = ht->t->cols[c].type;
		cols[c].typmod = ht->t->cols[c].typmod;
	}
	exec_rowdesc_init(cx->arena, cols, ht->t->ncols, &ht->rd);
	return EXEC_OK;
}

/* The parts of a key, for the WHERE of a DELETE (store_key_decode_parts' callback). */
typedef struct key_sql {
	store_buf *b;
	const cat_table *t;
	sql_arena *a;
} key_sql;

static void key_sql_part(void *arg, int index, const char *part, size_t plen)
{
	key_sql *k = arg;
	const cat_column *col;
	char type[128];

	if (index >= k->t->npk)
		return;
	col = &k->t->cols[k->t->pk[index]];
	cat_format_type(col->type, EXEC_TYPMOD_NONE, type, sizeof(type));
	store_buf_printf(k->b, "%s%s = '", index ? " AND " : "", exec_quote_ident(k->a, col->name));
	for (size_t i = 0; i < plen; i++) {
		if (part[i] == '\'')
			store_buf_putc(k->b, '\'');
		store_buf_putc(k->b, part[i]);
	}
	store_buf_printf(k->b, "'::%s", type);
}

/* Delete a row through DELETE (its locks, foreign keys and their actions). */
static int delete_row(exec_stmt *st, const cat_table *t, const char *key, size_t keylen)
{
	store_buf b = STORE_BUF_INIT;
	key_sql k = {&b, t, st->a};
	int r;

	store_buf_printf(&b, "DELETE FROM %s WHERE ", exec_quote_ident(st->a, t->name));
	if (t->npk == 1) {
		char *raw = sql_arena_alloc(st->a, keylen + 1);
		size_t n = store_key_decode(raw, key, keylen);

		key_sql_part(&k, 0, raw, n == (size_t)-1 ? 0 : n);
	} else if (store_key_decode_parts(key, keylen, key_sql_part, &k) != STORE_OK) {
		store_buf_free(&b);
		return store_err_set(
			st->err, "XX000", "row key \"%.*s\" does not decode", (int)keylen, key);
	}
	store_buf_putc(&b, '\0');
	r = exec_run_internal(st, (const char *)b.data);
	store_buf_free(&b);
	return r;
}

/* Write a stored version back as the row: INSERT ... ON CONFLICT DO UPDATE of every column. */
static int write_row(exec_stmt *st, const cat_table *t, const char *doc, size_t len)
{
	exec_stmt sub = *st; /* the statement keeps its own tag */
	uint64_t count, updated;

	return exec_write_doc(&sub, t, doc, len, NULL, EXEC_WRITE_REPLACE, &count, &updated);
}

/* A row's document as the transaction sees it now (NULL: absent), malloc'd. */
static int current_doc(exec_ctx *cx, hist_env *e, store_tx *tx, const char *table, const char *key,
	size_t keylen, char **doc, size_t *len)
{
	int r = store_tx_read(tx, e->st->snap, table, key, keylen, doc, len, NULL, cx->err);

	if (r == STORE_NOTFOUND) {
		*doc = NULL;
		*len = 0;
		return EXEC_OK;
	}
	return r == STORE_OK ? EXEC_OK : EXEC_ERROR;
}

/* Every argument must be given (a write of NULL's meaning would be a guess). */
static int args_given(
	exec_ctx *cx, const char *fn, const exec_value *args, int nargs, const char *const *names)
{
	for (int i = 0; i < nargs; i++)
		if (args[i].isnull)
			return store_err_set(
				cx->err, "22004", "the %s of %s() cannot be null", names[i], fn);
	return EXEC_OK;
}

static int fn_restore(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	static const char *const names[] = {"table", "id", "ref"};
	hist_env e = {0};
	hist_snaps k = {0};
	hist_table ht;
	store_tx *tx;
	store_snap *snap, *at;
	const char *name, *branch, *refname, *idtext;
	store_buf key = STORE_BUF_INIT;
	char *old = NULL, *cur = NULL, hex[STORE_OID_HEXSZ + 1];
	size_t oldlen = 0, curlen = 0, idlen;
	int r = EXEC_ERROR, g;

	if (args_given(cx, "chrondb_restore", args, nargs, names) != EXEC_OK ||
		env_get(cx, &e) != EXEC_OK || write_tx(cx, &e, "chrondb_restore", &tx) != EXEC_OK ||
		table_arg(cx, &e, &k, &args[0], &name, &snap, &branch) != EXEC_OK)
		goto out;
	if (snap != e.snap) {
		store_err_set(cx->err, "0A000",
			"chrondb_restore() writes the session's branch, not \"%s\"", branch);
		store_err_hint(cx->err, "SET chrondb.branch first.");
		goto out;
	}
	if (table_for_write(cx, &e, tx, name, "chrondb_restore", &ht) != EXEC_OK ||
		key_of(cx, &ht, &args[1], &key) != EXEC_OK ||
		ref_snap(cx, &e, &k, &args[2], branch, &at, &refname) != EXEC_OK)
		goto out;

	/* The version at the ref, and the row now: one of them must be there. */
	g = store_get(at, name, (const char *)key.data, key.len, &old, &oldlen, NULL, cx->err);
	if (g == STORE_ERROR && strcmp(cx->err->sqlstate, "42P01") == 0) {
		store_err_clear(cx->err);
		g = STORE_NOTFOUND;
	}
	if (g == STORE_ERROR || current_doc(cx, &e, tx, name, (const char *)key.data, key.len, &cur,
					&curlen) != EXEC_OK)
		goto out;
	idtext = value_text(cx, &args[1], &idlen);
	if (old == NULL && cur == NULL) {
		store_err_set(cx->err, "42704",
			"row \"%s\" of table \"%s\" exists neither at \"%s\" nor now", idtext, name,
			refname);
		goto out;
	}

	/* Back as it was: written again, or deleted when the ref did not have it. */
	if ((old != NULL ? write_row(e.st, ht.t, old, oldlen)
			 : delete_row(e.st, ht.t, (const char *)key.data, key.len)) != EXEC_OK)
		goto out;
	store_oid_fmt(hex, store_snap_id(at));
	exec_note_add(e.ss, EXEC_NOTE_FLAG, NULL, "rollback");
	exec_note_add(e.ss, EXEC_NOTE_META, "source-commit", hex);
	exec_note_add(e.ss, EXEC_NOTE_BODY, NULL,
		sql_arena_printf(
			cx->arena, "Restore document %s:%s to version %s", name, idtext, hex));
	if (old == NULL) {
		*out = exec_null(EXEC_OID_JSONB);
	} else {
		const exec_jsonb *j;

		if (row_jsonb(cx, &ht, old, oldlen, &j) != EXEC_OK)
			goto out;
		*out = exec_jsonb_value(j);
	}
	r = EXEC_OK;
out:
	free(old);
	free(cur);
	store_buf_free(&key);
	snaps_free(&k);
	return r;
}

/* One row a commit changed, and what it changed it from and to. */
typedef struct rev_change {
	const char *table;
	char *key; /* malloc'd */
	size_t keylen;
	store_oid old_blob, new_blob;
} rev_change;

typedef struct rev_collect {
	rev_change *v;
	size_t n, cap;
	const char *table;
} rev_collect;

static int rev_add(void *arg, const store_rowdiff *d, store_err *err)
{
	rev_collect *c = arg;
	rev_change *x;

	(void)err;
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->v = realloc(c->v, c->cap * sizeof(*c->v));
		if (c->v == NULL)
			abort();
	}
	x = &c->v[c->n++];
	x->table = c->table;
	x->key = malloc(d->keylen ? d->keylen : 1);
	if (x->key == NULL)
		abort();
	memcpy(x->key, d->key, d->keylen);
	x->keylen = d->keylen;
	x->old_blob = d->old_blob;
	x->new_blob = d->new_blob;
	return 0;
}

/* Whether an entry (a table's definition, a view, a rule) differs between two snapshots. */
static int entry_changed(exec_ctx *cx, store_snap *a, store_snap *b, const char *kind,
	const char *name, bool *changed)
{
	char *x = NULL, *y = NULL;
	store_snap *sides[2] = {a, b};
	char **out[2] = {&x, &y};

	for (int s = 0; s < 2; s++) {
		int r;

		if (sides[s] == NULL || store_snap_is_empty(sides[s]))
			continue;
		r = kind == NULL ? store_catalog(sides[s], name, out[s], cx->err)
				 : store_tx_meta_get(NULL, sides[s], kind, name, out[s], cx->err);
		if (r == STORE_ERROR && strcmp(cx->err->sqlstate, "42P01") == 0) {
			store_err_clear(cx->err);
			r = STORE_NOTFOUND;
		}
		if (r == STORE_ERROR) {
			free(x);
			free(y);
			return EXEC_ERROR;
		}
	}
	*changed = (x == NULL) != (y == NULL) || (x != NULL && strcmp(x, y) != 0);
	free(x);
	free(y);
	return EXEC_OK;
}

/*
 * What commit c changed against its first parent p (NULL for a root
 * commit), rows only: 0A000 when it changed a table's definition, a
 * view or a validation schema (sequences' bookkeeping is left as it is,
 * as a rollback leaves a sequence).
 */
static int rev_changes(
	exec_ctx *cx, hist_env *e, store_snap *p, store_snap *c, const char *spec, rev_collect *out)
{
	static const char *const kinds[] = {NULL, "views", "validation"};
	static const char *const what[] = {"table", "view", "validation schema"};

	for (size_t kd = 0; kd < EXEC_NELEM(kinds); kd++) {
		char **names;
		size_t n;

		if (names_of_both(cx, cx->arena, p, c, kinds[kd], &names, &n) != EXEC_OK)
			return EXEC_ERROR;
		for (size_t i = 0; i < n; i++) {
			bool changed;

			if (entry_changed(cx, p, c, kinds[kd], names[i], &changed) != EXEC_OK)
				return EXEC_ERROR;
			if (changed) {
				store_err_set(cx->err, "0A000",
					"cannot revert commit \"%s\": it changes the definition of %s "
					"\"%s\"",
					spec, what[kd], names[i]);
				store_err_hint(cx->err,
					"Only commits that change rows can be reverted; restore "
					"rows one by one with chrondb_restore().");
				return EXEC_ERROR;
			}
			out->table = names[i];
			if (kinds[kd] == NULL &&
				diff_table(e->s, p, c, names[i], rev_add, out, cx->err) != STORE_OK)
				return EXEC_ERROR;
		}
	}
	return EXEC_OK;
}

/*
 * A commit as people name it: "<branch>~N" when it is N first parents
 * back from the session's branch head (within 10,000), else its id.
 */
static const char *commit_name(exec_ctx *cx, hist_env *e, const store_oid *commit)
{
	store_oid cur = *store_snap_id(e->snap);
	char hex[STORE_OID_HEXSZ + 1];

	for (int n = 0; n < 10000 && !store_oid_is_zero(&cur); n++) {
		store_logentry le;
		store_err ignored;

		if (store_oid_equal(&cur, commit))
			return n == 0 ? e->ss->branch
				      : sql_arena_printf(cx->arena, "%s~%d", e->ss->branch, n);
		store_err_clear(&ignored);
		if (store_commit_entry(e->s, &cur, &le, &ignored) != STORE_OK)
			break;
		cur = le.nparents > 0 ? le.parents[0] : (store_oid){{0}};
		store_logentry_clear(&le);
	}
	store_oid_fmt(hex, commit);
	return sql_arena_strndup(cx->arena, hex, STORE_OID_HEXSZ);
}

static int fn_revert(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	static const char *const names[] = {"commit"};
	hist_env e = {0};
	store_tx *tx;
	store_snap *c = NULL, *p = NULL;
	store_logentry le;
	rev_collect ch = {0};
	const char *spec;
	char hex[STORE_OID_HEXSZ + 1];
	size_t len;
	hist_table *defs;
	int r = EXEC_ERROR;

	memset(&le, 0, sizeof(le));
	if (args_given(cx, "chrondb_revert", args, nargs, names) != EXEC_OK ||
		env_get(cx, &e) != EXEC_OK || write_tx(cx, &e, "chrondb_revert", &tx) != EXEC_OK)
		return EXEC_ERROR;
	spec = value_text(cx, &args[0], &len);
	if (spec == NULL || store_snap_open(e.s, spec, &c, cx->err) != STORE_OK)
		return EXEC_ERROR;
	if (store_commit_entry(e.s, store_snap_id(c), &le, cx->err) != STORE_OK ||
		(le.nparents > 0 &&
			store_snap_commit(e.s, &le.parents[0], &p, cx->err) != STORE_OK))
		goto out;
	store_oid_fmt(hex, store_snap_id(c));
	if (rev_changes(cx, &e, p, c, spec, &ch) != EXEC_OK)
		goto out;

	/* Every row must still be as the commit left it; nothing is written otherwise. */
	defs = sql_arena_zalloc(cx->arena, (ch.n ? ch.n : 1) * sizeof(*defs));
	for (size_t i = 0; i < ch.n; i++) {
		rev_change *x = &ch.v[i];
		char *now = NULL, *then = NULL;
		size_t nowlen = 0, thenlen = 0;
		bool same;

		if (table_for_write(cx, &e, tx, x->table, "chrondb_revert", &defs[i]) != EXEC_OK ||
			current_doc(cx, &e, tx, x->table, x->key, x->keylen, &now, &nowlen) !=
				EXEC_OK ||
			(!store_oid_is_zero(&x->new_blob) &&
				store_blob(e.s, &x->new_blob, &then, &thenlen, cx->err) !=
					STORE_OK)) {
			free(now);
			goto out;
		}
		same = (now == NULL) == (then == NULL) &&
		       (now == NULL || (nowlen == thenlen && memcmp(now, then, nowlen) == 0));
		free(now);
		free(then);
		if (!same) {
			store_version *v = NULL;
			size_t nv = 0;
			exec_value k = key_value(cx->arena, defs[i].t, x->key, x->keylen);

			store_err_set(cx->err, "55000",
				"cannot revert commit \"%s\": row \"%.*s\" of table \"%s\" changed "
				"since",
				spec, (int)k.v.s.len, k.v.s.p, x->table);

			/* Who changed it: a commit after it, named from the branch head, or us. */
			if (store_row_history(e.st->snap, x->table, x->key, x->keylen, 1, &v, &nv,
				    cx->err) == STORE_OK &&
				nv > 0 && !store_oid_equal(&v[0].commit, store_snap_id(c))) {
				store_err_detail(cx->err, "Commit %s changed it after.",
					commit_name(cx, &e, &v[0].commit));
			} else {
				store_err_clear(cx->err);
				store_err_set(cx->err, "55000",
					"cannot revert commit \"%s\": row \"%.*s\" of table \"%s\" "
					"changed since",
					spec, (int)k.v.s.len, k.v.s.p, x->table);
				store_err_detail(cx->err, "This transaction changed it.");
			}
			free(v);
			store_err_hint(cx->err,
				"Revert the later commits first, or restore the row with "
				"chrondb_restore().");
			goto out;
		}
	}

	/* The inverse: each row back as it was before the commit. */
	for (size_t i = 0; i < ch.n; i++) {
		rev_change *x = &ch.v[i];
		char *doc = NULL;
		size_t dlen = 0;

		if (store_oid_is_zero(&x->old_blob)) {
			if (delete_row(e.st, defs[i].t, x->key, x->keylen) != EXEC_OK)
				goto out;
			continue;
		}
		int w;

		if (store_blob(e.s, &x->old_blob, &doc, &dlen, cx->err) != STORE_OK)
			goto out;
		w = write_row(e.st, defs[i].t, doc, dlen);
		free(doc);
		if (w != EXEC_OK)
			goto out;
	}
	exec_note_add(e.ss, EXEC_NOTE_FLAG, NULL, "revert");
	exec_note_add(e.ss, EXEC_NOTE_META, "reverted-commit", hex);
	exec_note_add(e.ss, EXEC_NOTE_BODY, NULL,
		sql_arena_printf(cx->arena, "This reverts commit %s.", hex));
	*out = exec_int(EXEC_OID_INT8, (int64_t)ch.n);
	r = EXEC_OK;
out:
	for (size_t i = 0; i < ch.n; i++)
		free(ch.v[i].key);
	free(ch.v);
	store_logentry_clear(&le);
	store_snap_free(c);
	store_snap_free(p);
	return r;
}

static const exec_func funcs[] = {
	{"chrondb_restore", EXEC_OID_JSONB, 3, {EXEC_OID_TEXT, EXEC_OID_ANY, EXEC_OID_ANY}, false,
		false, 'v', fn_restore, 0},
	{"chrondb_revert", EXEC_OID_INT8, 1, {EXEC_OID_TEXT}, false, false, 'v', fn_revert, 0},
};

const exec_module exec_mod_history = {
	"history", NULL, 0, NULL, 0, NULL, 0, funcs, EXEC_NELEM(funcs), NULL, 0};

/* ---- The functions' and relations' tables ---- */

static int fn_history(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg);
static int fn_at(exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg);
static int fn_diff(exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg);

const exec_srf_cursor exec_hist_cursors[] = {
	{fn_history, fn_history_open, hist_next, hist_close},
	{fn_at, at_open, at_next, nothing_to_close},
	{fn_diff, cdiff_open, cdiff_next, nothing_to_close},
	{exec_hist_log_rows, log_open, log_next, log_close},
	{exec_hist_diff_rows, rdiff_open, rdiff_next, rdiff_close},
	{exec_hist_history_rows, rel_history_open, hist_next, hist_close},
	{exec_hist_blame_rows, blame_open, blame_next, blame_close},
	{exec_hist_tags_rows, tags_open, tags_next, tags_close},
};
const size_t exec_hist_ncursors = EXEC_NELEM(exec_hist_cursors);

/* Each function's fn: its cursor, drained (select lists call fn). */
#define DRAIN(fn, i)                                                                               \
	int fn(exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)     \
	{                                                                                          \
		return exec_srf_cursor_drain(&exec_hist_cursors[i], cx, args, nargs, emit, arg);   \
	}

static DRAIN(fn_history, 0) static DRAIN(fn_at, 1) static DRAIN(fn_diff, 2)
	DRAIN(exec_hist_log_rows, 3) DRAIN(exec_hist_diff_rows, 4) DRAIN(exec_hist_history_rows, 5)
		DRAIN(exec_hist_blame_rows, 6) DRAIN(exec_hist_tags_rows, 7)

#define T   EXEC_OID_TEXT
#define ANY EXEC_OID_ANY
#define TZ  EXEC_OID_TIMESTAMPTZ
#define JB  EXEC_OID_JSONB

	/*
 * ChronDB's functions with its names and columns (inventory 4.4), typed:
 * ids as text (a key of any type), refs as any (text or a time), times
 * timestamptz, rows jsonb.  chrondb_at's columns are its table's
 * (exec_hist_columns).
 */
	const exec_srf exec_hist_srfs[] = {
		{"chrondb_history", 2, {T, ANY}, 7,
			{"commit_id", "timestamp", "committer", "data", "operation", "author",
				"message"},
			{T, TZ, T, JB, T, T, T}, true, fn_history, 0},
		{"chrondb_at", 3, {T, ANY, ANY}, 0, {NULL}, {0}, true, fn_at, 0},
		{"chrondb_diff", 4, {T, ANY, ANY, ANY}, 6,
			{"id", "commit1", "commit2", "added", "removed", "changed"},
			{T, T, T, JB, JB, JB}, true, fn_diff, 0},
};
const size_t exec_hist_nsrfs = EXEC_NELEM(exec_hist_srfs);
