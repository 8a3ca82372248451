/*
 * ddl.c - CREATE, ALTER and DROP of tables, sequences, views and
 * indexes.
 *
 * Every definition is a catalog entry in the repository, written through
 * the statement's transaction, so DDL is transactional as PostgreSQL's
 * is: a CREATE TABLE rolled back leaves nothing, and one committed is a
 * Git commit whose diff shows the entry.  Tables' entries are built as
 * cat_table values and written with cat_table_json; sequences' through
 * seq.c; views are {"query", "pretty", "columns", "deparsed"} entries of
 * kind "views", their query kept as PostgreSQL deparses it (deparse.c;
 * executor/README.md says why).
 *
 * Constraint names follow PostgreSQL's choices (t_pkey, t_a_key,
 * t_a_check, t_a_fkey, t_a_seq, t_a_idx).  Defaults and CHECK conditions
 * are kept as the SQL text written, and analyzed here once so that a
 * wrong one fails at CREATE rather than at the first INSERT.
 *
 * ALTER TABLE changes that touch rows (DROP and RENAME COLUMN, ADD
 * COLUMN with a default, ADD PRIMARY KEY, RENAME TO) rewrite them in the
 * same transaction; added constraints are checked against the existing
 * rows with internal queries (exec_probe).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "deparse.h"
#include "keywords.h"
#include "locks.h"
#include "sql.h"
#include "seq.h"

/* ---- Shared helpers ---- */

an_scope *exec_table_scope(an_ctx *c, const cat_table *t, const char *alias)
{
	an_scope *sc = an_scope_new(c, NULL);
	const char **names =
		sql_arena_alloc(c->a, (size_t)(t->ncols ? t->ncols : 1) * sizeof(*names));
	exec_oid *types = sql_arena_alloc(c->a, (size_t)(t->ncols ? t->ncols : 1) * sizeof(*types));
	int32_t *mods = sql_arena_alloc(c->a, (size_t)(t->ncols ? t->ncols : 1) * sizeof(*mods));
	an_rte *r;

	for (int i = 0; i < t->ncols; i++) {
		names[i] = t->cols[i].name;
		types[i] = t->cols[i].type;
		mods[i] = t->cols[i].typmod;
	}
	r = an_scope_add(c, sc, alias ? alias : t->name, t->ncols, names, types, mods);
	r->table = t;
	r->table_oid = t->oid;
	return sc;
}

/* An identifier quoted when it needs to be, as quote_ident does. */
const char *exec_quote_ident(sql_arena *a, const char *name)
{
	bool plain = name[0] != '\0' && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');

	for (const char *p = name; plain && *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			plain = false;
	if (plain) {
		const sql_keyword *kw = sql_keyword_lookup(name, strlen(name));

		if (kw == NULL || kw->category == SQL_KW_UNRESERVED)
			return name;
	}
	{
		size_t n = strlen(name), k = 0;
		char *q = sql_arena_alloc(a, 2 * n + 3);

		q[k++] = '"';
		for (const char *p = name; *p; p++) {
			if (*p == '"')
				q[k++] = '"';
			q[k++] = *p;
		}
		q[k++] = '"';
		q[k] = '\0';
		return q;
	}
}

int exec_probe_row(exec_stmt *st, const char *sql, bool *found, exec_value **row, int *ncols)
{
	sql_stmt_list *list = NULL;
	sql_error perr;
	an_ctx c;
	plan_node *p;
	exec_ectx ec;
	exec_iter *it;
	const exec_value *r0;
	int r;

	memset(&perr, 0, sizeof(perr));
	*found = false;
	if (sql_parse(sql, strlen(sql), st->a, &list, &perr) != 0 ||
		sql_list_len(list->stmts) != 1 || sql_list_nth(list->stmts, 0)->kind != SQL_SELECT)
		return store_err_set(st->err, "XX000", "internal query does not parse: %s", sql);
	exec_stmt_analyzer(st, &c);
	c.sql = sql;
	c.sqllen = strlen(sql);
	p = an_query(&c, NULL, sql_as_select(sql_list_nth(list->stmts, 0)));
	if (p == NULL) {
		an_ctx_release(&c);
		st->err->position = 0;
		return EXEC_ERROR;
	}
	memset(&ec, 0, sizeof(ec));
	ec.cx = &st->cx;
	if (exec_open(&ec, p, &it) != EXEC_OK) {
		an_ctx_release(&c);
		return EXEC_ERROR;
	}
	r = exec_next(it, &r0);
	if (r == 1) {
		*found = true;
		if (row != NULL) {
			*row = sql_arena_alloc(st->a,
				sizeof(exec_value) * (size_t)(p->desc.ncols ? p->desc.ncols : 1));
			for (int i = 0; i < p->desc.ncols; i++)
				(*row)[i] = exec_value_copy(st->a, &r0[i]);
			*ncols = p->desc.ncols;
		}
	}
	exec_close(it);
	an_ctx_release(&c);
	if (r < 0)
		st->err->position = 0;
	return r < 0 ? EXEC_ERROR : EXEC_OK;
}

int exec_probe(exec_stmt *st, const char *sql, bool *found, exec_value *first)
{
	exec_value *row;
	int n = 0;

	if (exec_probe_row(st, sql, found, first ? &row : NULL, &n) != EXEC_OK)
		return EXEC_ERROR;
	if (*found && first != NULL && n > 0)
		*first = row[0];
	return EXEC_OK;
}

/* "Key (a, b)=(1, x) is duplicated.": the values a duplicate probe found. */
static void duplicated_detail(
	exec_stmt *st, const char *const *names, int n, const exec_value *vals)
{
	store_buf b = {0};

	store_buf_puts(&b, "Key (");
	for (int i = 0; i < n; i++)
		store_buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
	store_buf_puts(&b, ")=(");
	for (int i = 0; i < n; i++) {
		if (i)
			store_buf_puts(&b, ", ");
		if (vals[i].isnull)
			store_buf_puts(&b, "null");
		else if (exec_value_out(&st->cx, &vals[i], &b) != EXEC_OK)
			store_err_clear(st->err);
	}
	store_buf_puts(&b, ") is duplicated.");
	store_buf_putc(&b, '\0');
	store_err_detail(st->err, "%s", (const char *)b.data);
	store_buf_free(&b);
}

/* A query finding one value set of cols that more than one row has (NULLs never clash). */
static const char *dup_query(exec_stmt *st, const char *table, const char *const *cols, int n)
{
	store_buf q = {0};
	const char *out;

	store_buf_puts(&q, "SELECT ");
	for (int i = 0; i < n; i++)
		store_buf_printf(&q, "%s%s", i ? ", " : "", exec_quote_ident(st->a, cols[i]));
	store_buf_printf(&q, " FROM %s WHERE ", exec_quote_ident(st->a, table));
	for (int i = 0; i < n; i++)
		store_buf_printf(
			&q, "%s%s IS NOT NULL", i ? " AND " : "", exec_quote_ident(st->a, cols[i]));
	store_buf_puts(&q, " GROUP BY ");
	for (int i = 0; i < n; i++)
		store_buf_printf(&q, "%s%s", i ? ", " : "", exec_quote_ident(st->a, cols[i]));
	store_buf_puts(&q, " HAVING count(*) > 1 LIMIT 1");
	out = sql_arena_strndup(st->a, (const char *)q.data, q.len);
	store_buf_free(&q);
	return out;
}

/* 23505 "could not create unique index" when cols hold a duplicate. */
static int check_no_duplicates(
	exec_stmt *st, const char *table, const char *index, const char *const *cols, int n)
{
	bool found;
	exec_value *row;
	int nc;

	if (exec_probe_row(st, dup_query(st, table, cols, n), &found, &row, &nc) != EXEC_OK)
		return EXEC_ERROR;
	if (!found)
		return EXEC_OK;
	store_err_set(st->err, "23505", "could not create unique index \"%s\"", index);
	duplicated_detail(st, cols, n, row);
	return EXEC_ERROR;
}

static const char **col_names(exec_stmt *st, const cat_table *t, const int *cols, int n)
{
	const char **names = sql_arena_alloc(st->a, sizeof(char *) * (size_t)(n ? n : 1));

	for (int i = 0; i < n; i++)
		names[i] = t->cols[cols[i]].name;
	return names;
}

/* The table a DDL statement names: the session's branch only ("public" or its name). */
static int target_name(exec_stmt *st, const sql_list *names, int loc, const char **out)
{
	int n = sql_list_len(names);

	if (n >= 2) {
		const char *schema = sql_list_str(names, n - 2);

		if (strcmp(schema, "public") != 0 && strcmp(schema, st->ss->branch) != 0) {
			store_err_set(st->err, "0A000",
				"changing branch \"%s\" from a session on another branch is not supported; "
				"SET chrondb.branch first",
				schema);
			(void)loc;
			return EXEC_ERROR;
		}
	}
	*out = sql_list_str(names, n - 1);
	if (strlen(*out) > 63)
		*out = sql_arena_strndup(st->a, *out, 63);
	return EXEC_OK;
}

static int pos_err(exec_stmt *st, int loc, const char *sqlstate, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int pos_err(exec_stmt *st, int loc, const char *sqlstate, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* PostgreSQL's DDL errors mostly carry no position; loc is kept for the few that will. */
	(void)loc;
	store_err_set(st->err, sqlstate, "%s", msg);
	return EXEC_ERROR;
}

/* What kind of relation a name is now: 't' table, 'v' view, 'S' sequence, 0 none (tx may be NULL). */
static int relkind(exec_stmt *st, store_tx *tx, const char *name, char *kind)
{
	char *json = NULL;
	int r;

	*kind = 0;
	r = tx != NULL ? store_tx_catalog(tx, st->snap, name, &json, st->err)
		       : store_catalog(st->snap, name, &json, st->err);
	if (r == STORE_OK) {
		free(json);
		*kind = 't';
		return EXEC_OK;
	}
	store_err_clear(st->err);
	if (store_tx_meta_get(tx, st->snap, "views", name, &json, st->err) == STORE_OK) {
		free(json);
		*kind = 'v';
		return EXEC_OK;
	}
	store_err_clear(st->err);
	if (store_tx_meta_get(tx, st->snap, "sequences", name, &json, st->err) == STORE_OK) {
		free(json);
		*kind = 'S';
		return EXEC_OK;
	}
	store_err_clear(st->err);
	return EXEC_OK;
}

int exec_relkind(exec_stmt *st, store_tx *tx, const char *name, char *kind)
{
	return relkind(st, tx, name, kind);
}

int exec_target_name(exec_stmt *st, const sql_list *names, int loc, const char **out)
{
	return target_name(st, names, loc, out);
}

/* A table's definition as the transaction sees it now (NULL and *missing when absent). */
static int load_def(exec_stmt *st, store_tx *tx, const char *name, cat_table **out)
{
	char *json = NULL;
	int r;

	*out = NULL;
	r = store_tx_catalog(tx, st->snap, name, &json, st->err);
	if (r != STORE_OK) {
		if (strcmp(st->err->sqlstate, "42P01") == 0) {
			store_err_clear(st->err);
			return EXEC_OK;
		}
		return EXEC_ERROR;
	}
	r = cat_table_parse(st->a, json, strlen(json), out, st->err);
	free(json);
	if (r == EXEC_OK && ((*out)->name == NULL || strcmp((*out)->name, name) != 0))
		(*out)->name = sql_arena_strndup(st->a, name, strlen(name));
	return r;
}

static int save_def(exec_stmt *st, store_tx *tx, const cat_table *t, bool create)
{
	store_buf b = {0};
	int r;

	cat_table_json(t, &b);
	store_buf_putc(&b, '\0');
	r = create ? store_tx_create_table(tx, t->name, (const char *)b.data, st->err)
		   : store_tx_alter_table(tx, t->name, (const char *)b.data, st->err);
	store_buf_free(&b);
	return r == STORE_OK ? EXEC_OK : EXEC_ERROR;
}

int exec_table_load(exec_stmt *st, store_tx *tx, const char *name, cat_table **out)
{
	return load_def(st, tx, name, out);
}

int exec_table_save(exec_stmt *st, store_tx *tx, const cat_table *t)
{
	return save_def(st, tx, t, false);
}

/* A name made of parts joined by '_' and a suffix, cut to 63 bytes as PostgreSQL does. */
static const char *choose_name(
	exec_stmt *st, const char *table, const char *cols, const char *suffix)
{
	char buf[256];

	if (cols != NULL && cols[0])
		snprintf(buf, sizeof(buf), "%s_%s", table, cols);
	else
		snprintf(buf, sizeof(buf), "%s", table);
	{
		size_t room = 63 - strlen(suffix) - 1;

		if (strlen(buf) > room)
			buf[room] = '\0';
	}
	return sql_arena_printf(st->a, "%s_%s", buf, suffix);
}

static const char *cols_joined(exec_stmt *st, const cat_table *t, const int *cols, int n)
{
	store_buf b = {0};
	const char *s;

	for (int i = 0; i < n; i++) {
		if (i)
			store_buf_putc(&b, '_');
		store_buf_puts(&b, t->cols[cols[i]].name);
	}
	s = sql_arena_strndup(st->a, b.data ? (const char *)b.data : "", b.len);
	store_buf_free(&b);
	return s;
}

/* Column indexes of a key list; 42703 for an unknown column. */
static int key_columns(exec_stmt *st, const cat_table *t, const sql_list *keys, int **out, int *n)
{
	*n = sql_list_len(keys);
	*out = sql_arena_alloc(st->a, (size_t)(*n ? *n : 1) * sizeof(int));
	for (int i = 0; i < *n; i++) {
		const char *k = sql_list_str(keys, i);
		int c = cat_column_index(t, k);

		if (c < 0)
			return pos_err(st, sql_list_nth(keys, i)->loc, "42703",
				"column \"%s\" named in key does not exist", k);
		for (int j = 0; j < i; j++)
			if ((*out)[j] == c)
				return pos_err(st, sql_list_nth(keys, i)->loc, "42701",
					"column \"%s\" appears twice in %s constraint", k, "a key");
		(*out)[i] = c;
	}
	return EXEC_OK;
}

/* The SQL text of a node as written. */
static const char *node_text(exec_stmt *st, const sql_node *n)
{
	if (n->loc < 0 || n->end < n->loc)
		return NULL;
	return sql_arena_strndup(st->a, st->sql + n->loc, (size_t)(n->end - n->loc));
}

/* Append to a growable arena array. */
#define ARENA_PUSH(a, arr, n, item)                                                                \
	do {                                                                                       \
		__typeof__(arr) grown_ = sql_arena_alloc((a), sizeof(*(arr)) * (size_t)((n) + 1)); \
		if ((n) > 0)                                                                       \
			memcpy(grown_, (arr), sizeof(*(arr)) * (size_t)(n));                       \
		grown_[(n)] = (item);                                                              \
		(arr) = grown_;                                                                    \
		(n)++;                                                                             \
	} while (0)

/* Check a default expression: analyzable with no columns, assignable to the column. */
static int check_default(exec_stmt *st, const cat_table *t, const cat_column *col, const char *text)
{
	an_ctx c;
	exec_expr *e;

	(void)t;
	exec_stmt_analyzer(st, &c);
	e = exec_parse_expr(&c, an_scope_new(&c, NULL), text, "default");
	if (e == NULL)
		return EXEC_ERROR;
	if (e->type != col->type && e->type != EXEC_OID_UNKNOWN &&
		exec_cast_find(e->type, col->type, EXEC_CAST_ASSIGNMENT) == NULL) {
		const exec_type *a = exec_type_by_oid(col->type), *b = exec_type_by_oid(e->type);

		store_err_set(st->err, "42804",
			"column \"%s\" is of type %s but default expression is of type %s",
			col->name, a ? a->sql_name : "?", b ? b->sql_name : "?");
		store_err_hint(st->err, "You will need to rewrite or cast the expression.");
		return EXEC_ERROR;
	}
	return EXEC_OK;
}

/* Which columns an expression reads (EXPR_VAR at level 0), as a bit per column up to 64. */
static void vars_of(const exec_expr *e, uint64_t *bits, int *count)
{
	if (e == NULL)
		return;
	if (e->kind == EXPR_VAR && e->up == 0 && e->index < 64) {
		if (!(*bits & (UINT64_C(1) << e->index)))
			(*count)++;
		*bits |= UINT64_C(1) << e->index;
	}
	for (int i = 0; i < e->nargs; i++)
		vars_of(e->args[i], bits, count);
}

/* Check a CHECK condition over the table's columns; *first_col gets the only column it reads. */
static int check_check(exec_stmt *st, const cat_table *t, const char *text, int *only_col)
{
	an_ctx c;
	an_scope *sc;
	exec_expr *e;
	uint64_t bits = 0;
	int count = 0;

	exec_stmt_analyzer(st, &c);
	sc = exec_table_scope(&c, t, NULL);
	e = exec_parse_expr(&c, sc, text, "check constraint");
	if (e == NULL)
		return EXEC_ERROR;
	if (e->type != EXEC_OID_BOOL && e->type != EXEC_OID_UNKNOWN) {
		const exec_type *ty = exec_type_by_oid(e->type);

		return store_err_set(st->err, "42804",
			"argument of CHECK must be type boolean, not type %s",
			ty ? ty->sql_name : "?");
	}
	vars_of(e, &bits, &count);
	*only_col = -1;
	if (count == 1)
		for (int i = 0; i < 64; i++)
			if (bits & (UINT64_C(1) << i))
				*only_col = i;
	return EXEC_OK;
}

/* ---- CREATE TABLE ---- */

/* What a column definition or table constraint adds to the table being built. */
typedef struct tdef {
	cat_table *t;
	store_tx *tx;
	exec_seq *seqs; /* sequences to create for serial and identity columns */
	int nseqs;
	const sql_constraint **checks; /* checked once every column is known */
	int *check_col;                /* the column of a column constraint, -1 for a table one */
	int nchecks;
	const sql_constraint **fks;
	int *fk_col;
	int nfks;
	const sql_constraint **uniqs;
	int *uniq_col;
	int nuniqs;
	const char **defaults; /* per column, checked after */
} tdef;

static int add_sequence(
	exec_stmt *st, tdef *d, cat_column *col, exec_oid type, const sql_list *opts)
{
	exec_seq q;
	bool restart;
	int64_t rv;

	exec_seq_defaults(&q, type);
	q.name = choose_name(st, d->t->name, col->name, "seq");
	q.uuid = exec_seq_uuid(st->a);
	q.owned_by = sql_arena_printf(st->a, "%s.%s", d->t->name, col->name);
	if (opts != NULL) {
		for (int i = 0; i < sql_list_len(opts); i++) {
			const sql_defelem *o = (const sql_defelem *)sql_list_nth(opts, i);

			if (strcmp(o->name, "sequence_name") == 0 && sql_defelem_text(o) != NULL)
				q.name = sql_defelem_text(o);
		}
	}
	{
		/* The options minus sequence_name, which exec_seq_options does not know. */
		sql_list *rest = NULL;

		if (opts != NULL) {
			rest = sql_arena_zalloc(st->a, sizeof(*rest));
			*rest = *opts;
			rest->items = sql_arena_alloc(
				st->a, sizeof(sql_node *) * (size_t)(opts->len ? opts->len : 1));
			rest->len = 0;
			for (int i = 0; i < opts->len; i++)
				if (strcmp(((const sql_defelem *)opts->items[i])->name,
					    "sequence_name") != 0)
					rest->items[rest->len++] = opts->items[i];
		}
		if (exec_seq_options(st, rest, &q, true, &restart, &rv) != EXEC_OK)
			return EXEC_ERROR;
	}
	col->sequence = q.name;
	ARENA_PUSH(st->a, d->seqs, d->nseqs, q);
	return EXEC_OK;
}

static int column_def(exec_stmt *st, tdef *d, const sql_column_def *cd)
{
	cat_table *t = d->t;
	cat_column col;
	bool serial = false;
	int ci;

	memset(&col, 0, sizeof(col));
	col.name = strlen(cd->name) > 63 ? sql_arena_strndup(st->a, cd->name, 63) : cd->name;
	if (cat_column_index(t, col.name) >= 0)
		return pos_err(
			st, cd->n.loc, "42701", "column \"%s\" specified more than once", col.name);
	{
		an_ctx c;

		exec_stmt_analyzer(st, &c);
		if (an_typename(&c, cd->type, &col.type, &col.typmod, &serial) != EXEC_OK)
			return EXEC_ERROR;
	}
	ci = t->ncols;
	{
		int nd = ci;

		ARENA_PUSH(st->a, t->cols, t->ncols, col);
		ARENA_PUSH(st->a, d->defaults, nd, (const char *)NULL);
	}
	if (serial) {
		cat_column *c = &t->cols[ci];

		if (add_sequence(st, d, c, c->type, NULL) != EXEC_OK)
			return EXEC_ERROR;
		c->not_null = true;
		c->default_sql = exec_seq_nextval_sql(st->a, c->sequence);
	}
	for (int i = 0; i < sql_list_len(cd->constraints); i++) {
		const sql_constraint *k = (const sql_constraint *)sql_list_nth(cd->constraints, i);
		cat_column *c = &t->cols[ci];

		switch (k->contype) {
		case SQL_CONSTR_NULL:
			c->not_null = false;
			break;
		case SQL_CONSTR_NOT_NULL:
			c->not_null = true;
			break;
		case SQL_CONSTR_DEFAULT:
			if (serial || c->identity)
				return pos_err(st, k->n.loc, "42601",
					"multiple default values specified for column \"%s\" of table \"%s\"",
					c->name, t->name);
			c->default_sql = node_text(st, k->expr);
			d->defaults[ci] = c->default_sql;
			break;
		case SQL_CONSTR_IDENTITY:
			if (c->type != EXEC_OID_INT2 && c->type != EXEC_OID_INT4 &&
				c->type != EXEC_OID_INT8)
				return pos_err(st, k->n.loc, "22023",
					"identity column type must be smallint, integer, or bigint");
			if (c->default_sql != NULL)
				return pos_err(st, k->n.loc, "42601",
					"both default and identity specified for column \"%s\" of table \"%s\"",
					c->name, t->name);
			c->identity = k->identity == SQL_IDENTITY_ALWAYS ? 'a' : 'd';
			c->not_null = true;
			if (add_sequence(st, d, c, c->type, k->seq_options) != EXEC_OK)
				return EXEC_ERROR;
			break;
		case SQL_CONSTR_PRIMARY_KEY:
			if (t->npk > 0) {
				store_err_set(st->err, "42P16",
					"multiple primary keys for table \"%s\" are not allowed",
					t->name);
				st->err->position =
					sql_char_position(st->sql, st->sqllen, k->n.loc);
				return EXEC_ERROR;
			}
			t->pk = sql_arena_alloc(st->a, sizeof(int));
			t->pk[0] = ci;
			t->npk = 1;
			c->not_null = true;
			break;
		case SQL_CONSTR_UNIQUE:
			ARENA_PUSH(st->a, d->uniqs, d->nuniqs, k);
			d->nuniqs--;
			ARENA_PUSH(st->a, d->uniq_col, d->nuniqs, ci);
			break;
		case SQL_CONSTR_CHECK:
			ARENA_PUSH(st->a, d->checks, d->nchecks, k);
			d->nchecks--;
			ARENA_PUSH(st->a, d->check_col, d->nchecks, ci);
			break;
		case SQL_CONSTR_FOREIGN_KEY:
			ARENA_PUSH(st->a, d->fks, d->nfks, k);
			d->nfks--;
			ARENA_PUSH(st->a, d->fk_col, d->nfks, ci);
			break;
		case SQL_CONSTR_GENERATED:
			return pos_err(
				st, k->n.loc, "0A000", "generated columns are not supported");
		}
	}
	return EXEC_OK;
}

static char fk_action(sql_fk_action a)
{
	switch (a) {
	case SQL_FK_RESTRICT:
		return CAT_FK_RESTRICT;
	case SQL_FK_CASCADE:
		return CAT_FK_CASCADE;
	case SQL_FK_SET_NULL:
		return CAT_FK_SET_NULL;
	case SQL_FK_SET_DEFAULT:
		return CAT_FK_SET_DEFAULT;
	default:
		return CAT_FK_NO_ACTION;
	}
}

static bool same_cols(const int *a, int na, const int *b, int nb)
{
	if (na != nb)
		return false;
	for (int i = 0; i < na; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* A UNIQUE constraint (col >= 0: a column's). */
static int add_unique(exec_stmt *st, cat_table *t, const sql_constraint *k, int col)
{
	cat_unique u;

	memset(&u, 0, sizeof(u));
	if (col >= 0) {
		u.cols = sql_arena_alloc(st->a, sizeof(int));
		u.cols[0] = col;
		u.ncols = 1;
	} else if (key_columns(st, t, k->keys, &u.cols, &u.ncols) != EXEC_OK) {
		return EXEC_ERROR;
	}
	if (t->npk > 0 && same_cols(u.cols, u.ncols, t->pk, t->npk))
		return EXEC_OK; /* PostgreSQL keeps one index for both; so do we */
	for (int i = 0; i < t->nuniq; i++)
		if (same_cols(u.cols, u.ncols, t->uniq[i].cols, t->uniq[i].ncols))
			return EXEC_OK;
	u.name = k->name ? k->name
			 : choose_name(st, t->name, cols_joined(st, t, u.cols, u.ncols), "key");
	ARENA_PUSH(st->a, t->uniq, t->nuniq, u);
	return EXEC_OK;
}

static int add_check(exec_stmt *st, cat_table *t, const sql_constraint *k, int col)
{
	cat_check ch;
	int only = -1;

	ch.sql = node_text(st, k->expr);
	if (ch.sql == NULL)
		return store_err_set(st->err, "XX000", "CHECK without its text");
	if (check_check(st, t, ch.sql, &only) != EXEC_OK)
		return EXEC_ERROR;
	if (k->name != NULL) {
		ch.name = k->name;
	} else {
		int c = col >= 0 ? col : only;

		ch.name = choose_name(st, t->name, c >= 0 ? t->cols[c].name : NULL, "check");
		/* Another check of the same name gets a number, as PostgreSQL's do. */
		for (int n = 1;; n++) {
			bool clash = false;

			for (int i = 0; i < t->nchecks; i++)
				if (strcmp(t->checks[i].name, ch.name) == 0)
					clash = true;
			if (!clash)
				break;
			ch.name = sql_arena_printf(st->a, "%s%d",
				choose_name(st, t->name, c >= 0 ? t->cols[c].name : NULL, "check"),
				n);
		}
	}
	for (int i = 0; i < t->nchecks; i++)
		if (strcmp(t->checks[i].name, ch.name) == 0)
			return store_err_set(st->err, "42710",
				"constraint \"%s\" for relation \"%s\" already exists", ch.name,
				t->name);
	ARENA_PUSH(st->a, t->checks, t->nchecks, ch);
	return EXEC_OK;
}

/* A foreign key: the referenced table and columns must exist and carry a unique key. */
static int add_fkey(exec_stmt *st, store_tx *tx, cat_table *t, const sql_constraint *k, int col)
{
	cat_fkey fk;
	cat_table *ref;
	const char *refname;
	int nref;
	int *refcols;

	memset(&fk, 0, sizeof(fk));
	if (col >= 0) {
		fk.cols = sql_arena_alloc(st->a, sizeof(int));
		fk.cols[0] = col;
		fk.ncols = 1;
	} else if (key_columns(st, t, k->keys, &fk.cols, &fk.ncols) != EXEC_OK) {
		return EXEC_ERROR;
	}
	if (target_name(st, k->ref_table->names, k->ref_table->n.loc, &refname) != EXEC_OK)
		return EXEC_ERROR;
	if (strcmp(refname, t->name) == 0) {
		ref = t;
	} else {
		if (load_def(st, tx, refname, &ref) != EXEC_OK)
			return EXEC_ERROR;
		if (ref == NULL)
			return pos_err(st, -1, "42P01", "relation \"%s\" does not exist", refname);
	}
	if (sql_list_len(k->ref_columns) == 0) {
		if (ref->npk == 0)
			return pos_err(st, -1, "42830",
				"there is no primary key for referenced table \"%s\"", refname);
		refcols = ref->pk;
		nref = ref->npk;
	} else if (key_columns(st, ref, k->ref_columns, &refcols, &nref) != EXEC_OK) {
		return EXEC_ERROR;
	}
	if (nref != fk.ncols)
		return pos_err(st, -1, "42830",
			"number of referencing and referenced columns for foreign key disagree");
	{
		bool keyed = ref->npk > 0 && same_cols(refcols, nref, ref->pk, ref->npk);

		for (int i = 0; !keyed && i < ref->nuniq; i++)
			keyed = same_cols(refcols, nref, ref->uniq[i].cols, ref->uniq[i].ncols);

		/* A unique index serves as PostgreSQL lets it: the checks read it. */
		for (int i = 0; !keyed && i < ref->nindexes; i++) {
			const cat_index *ix = &ref->indexes[i];

			keyed = ix->unique && ix->ncols == nref;
			for (int j = 0; keyed && j < nref; j++)
				keyed = cat_column_index(ref, ix->cols[j]) == refcols[j];
		}
		if (!keyed)
			return pos_err(st, -1, "42830",
				"there is no unique constraint matching given keys for referenced table \"%s\"",
				refname);
	}
	fk.ref_cols = sql_arena_alloc(st->a, sizeof(char *) * (size_t)nref);
	for (int i = 0; i < nref; i++) {
		exec_oid a = t->cols[fk.cols[i]].type, b = ref->cols[refcols[i]].type;
		const exec_type *ta = exec_type_by_oid(a), *tb = exec_type_by_oid(b);

		fk.ref_cols[i] = ref->cols[refcols[i]].name;
		if (a != b && (ta == NULL || tb == NULL || ta->category != tb->category)) {
			store_err_set(st->err, "42804",
				"foreign key constraint \"%s\" cannot be implemented",
				k->name ? k->name
					: choose_name(st, t->name,
						  cols_joined(st, t, fk.cols, fk.ncols), "fkey"));
			store_err_detail(st->err,
				"Key columns \"%s\" and \"%s\" are of incompatible types: %s and %s.",
				t->cols[fk.cols[i]].name, ref->cols[refcols[i]].name,
				ta ? ta->sql_name : "?", tb ? tb->sql_name : "?");
			return EXEC_ERROR;
		}
	}
	fk.ref_table = ref == t ? t->name : ref->name;
	fk.on_delete = fk_action(k->on_delete);
	fk.on_update = fk_action(k->on_update);
	fk.name = k->name ? k->name
			  : choose_name(st, t->name, cols_joined(st, t, fk.cols, fk.ncols), "fkey");
	ARENA_PUSH(st->a, t->fkeys, t->nfkeys, fk);
	return EXEC_OK;
}

static int table_constraint(exec_stmt *st, tdef *d, const sql_constraint *k)
{
	cat_table *t = d->t;

	switch (k->contype) {
	case SQL_CONSTR_PRIMARY_KEY:
		if (t->npk > 0)
			return pos_err(st, k->n.loc, "42P16",
				"multiple primary keys for table \"%s\" are not allowed", t->name);
		if (key_columns(st, t, k->keys, &t->pk, &t->npk) != EXEC_OK)
			return EXEC_ERROR;
		for (int i = 0; i < t->npk; i++)
			t->cols[t->pk[i]].not_null = true;
		return EXEC_OK;
	case SQL_CONSTR_UNIQUE:
		ARENA_PUSH(st->a, d->uniqs, d->nuniqs, k);
		d->nuniqs--;
		ARENA_PUSH(st->a, d->uniq_col, d->nuniqs, -1);
		return EXEC_OK;
	case SQL_CONSTR_CHECK:
		ARENA_PUSH(st->a, d->checks, d->nchecks, k);
		d->nchecks--;
		ARENA_PUSH(st->a, d->check_col, d->nchecks, -1);
		return EXEC_OK;
	case SQL_CONSTR_FOREIGN_KEY:
		ARENA_PUSH(st->a, d->fks, d->nfks, k);
		d->nfks--;
		ARENA_PUSH(st->a, d->fk_col, d->nfks, -1);
		return EXEC_OK;
	default:
		return pos_err(st, k->n.loc, "0A000", "this table constraint is not supported");
	}
}

/* WITH (...) options as a JSON object. */
static const char *options_json(exec_stmt *st, const sql_list *opts)
{
	json_t *o;
	char *text;
	const char *out;

	if (sql_list_len(opts) == 0)
		return NULL;
	o = json_object();
	for (int i = 0; i < sql_list_len(opts); i++) {
		const sql_defelem *d = (const sql_defelem *)sql_list_nth(opts, i);
		const char *v = sql_defelem_text(d);

		json_object_set_new(o, d->name, v ? json_string(v) : json_true());
	}
	text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	out = text ? sql_arena_strndup(st->a, text, strlen(text)) : NULL;
	free(text);
	return out;
}

/* Finish a table being built: constraints in PostgreSQL's order, then write it all. */
static int finish_table(exec_stmt *st, tdef *d, bool create)
{
	cat_table *t = d->t;
	char kind;

	for (int i = 0; i < t->ncols; i++)
		if (d->defaults[i] != NULL &&
			check_default(st, t, &t->cols[i], d->defaults[i]) != EXEC_OK)
			return EXEC_ERROR;
	for (int i = 0; i < d->nuniqs; i++)
		if (add_unique(st, t, d->uniqs[i], d->uniq_col[i]) != EXEC_OK)
			return EXEC_ERROR;
	for (int i = 0; i < d->nchecks; i++)
		if (add_check(st, t, d->checks[i], d->check_col[i]) != EXEC_OK)
			return EXEC_ERROR;
	for (int i = 0; i < d->nfks; i++)
		if (add_fkey(st, d->tx, t, d->fks[i], d->fk_col[i]) != EXEC_OK)
			return EXEC_ERROR;
	for (int i = 0; i < d->nseqs; i++) {
		if (relkind(st, d->tx, d->seqs[i].name, &kind) != EXEC_OK)
			return EXEC_ERROR;
		if (kind != 0)
			return store_err_set(st->err, "42P07", "relation \"%s\" already exists",
				d->seqs[i].name);
		if (exec_seq_put(st, d->tx, &d->seqs[i]) != EXEC_OK)
			return EXEC_ERROR;
	}
	return save_def(st, d->tx, t, create);
}

/* IF NOT EXISTS, or 42P07: whether a relation of that name exists. */
static int check_new_name(
	exec_stmt *st, store_tx *tx, const char *name, bool if_not_exists, int loc, bool *skip)
{
	char kind;

	*skip = false;
	if (relkind(st, tx, name, &kind) != EXEC_OK)
		return EXEC_ERROR;
	if (kind == 0)
		return EXEC_OK;
	if (if_not_exists) {
		exec_stmt_notice(
			st, "NOTICE", "42P07", "relation \"%s\" already exists, skipping", name);
		*skip = true;
		return EXEC_OK;
	}
	return pos_err(st, loc, "42P07", "relation \"%s\" already exists", name);
}

int exec_create_table(exec_stmt *st, sql_create_table *n)
{
	store_tx *tx;
	tdef d;
	bool skip;
	const char *name;

	strcpy(st->tag, "CREATE TABLE");
	if (n->persistence == SQL_PERSISTENCE_TEMP)
		return pos_err(st, n->n.loc, "0A000", "temporary tables are not supported");
	if (target_name(st, n->relation->names, n->relation->n.loc, &name) != EXEC_OK ||
		exec_stmt_need_tx(st, &tx) != EXEC_OK)
		return EXEC_ERROR;
	if (check_new_name(st, tx, name, n->if_not_exists, n->relation->n.loc, &skip) != EXEC_OK)
		return EXEC_ERROR;
	if (skip)
		return EXEC_OK;
	memset(&d, 0, sizeof(d));
	d.tx = tx;
	d.t = sql_arena_zalloc(st->a, sizeof(cat_table));
	d.t->name = name;
	d.t->options_json = options_json(st, n->options);
	for (int i = 0; i < sql_list_len(n->elements); i++) {
		sql_node *e = sql_list_nth(n->elements, i);
		int r = e->kind == SQL_COLUMN_DEF
				? column_def(st, &d, (const sql_column_def *)e)
				: table_constraint(st, &d, (const sql_constraint *)e);

		if (r != EXEC_OK)
			return EXEC_ERROR;
	}
	return finish_table(st, &d, true);
}

/* ---- CREATE TABLE AS ---- */

int exec_create_table_as(exec_stmt *st, sql_create_table_as *n)
{
	store_tx *tx;
	an_ctx c;
	plan_node *p;
	cat_table *t;
	bool skip;
	const char *name;
	uint64_t count = 0;
	int r;

	strcpy(st->tag, "SELECT 0");
	if (n->persistence == SQL_PERSISTENCE_TEMP)
		return pos_err(st, n->n.loc, "0A000", "temporary tables are not supported");
	if (n->query->kind != SQL_SELECT)
		return pos_err(st, n->query->loc, "0A000", "CREATE TABLE AS needs a query");
	if (target_name(st, n->relation->names, n->relation->n.loc, &name) != EXEC_OK ||
		exec_stmt_need_tx(st, &tx) != EXEC_OK)
		return EXEC_ERROR;
	if (check_new_name(st, tx, name, n->if_not_exists, n->relation->n.loc, &skip) != EXEC_OK)
		return EXEC_ERROR;
	if (skip) {
		strcpy(st->tag, "CREATE TABLE AS");
		return EXEC_OK;
	}
	exec_stmt_analyzer(st, &c);
	p = an_query(&c, NULL, sql_as_select(n->query));
	if (p == NULL) {
		an_ctx_release(&c);
		return EXEC_ERROR;
	}
	if (sql_list_len(n->columns) > p->desc.ncols) {
		an_ctx_release(&c);
		return store_err_set(st->err, "42601", "too many column names were specified");
	}
	t = sql_arena_zalloc(st->a, sizeof(*t));
	t->name = name;
	t->ncols = p->desc.ncols;
	t->cols = sql_arena_zalloc(st->a, sizeof(cat_column) * (size_t)(t->ncols ? t->ncols : 1));
	for (int i = 0; i < t->ncols; i++) {
		t->cols[i].name = i < sql_list_len(n->columns) ? sql_list_str(n->columns, i)
							       : p->desc.cols[i].name;
		t->cols[i].type = p->desc.cols[i].type == EXEC_OID_UNKNOWN ? EXEC_OID_TEXT
									   : p->desc.cols[i].type;
		t->cols[i].typmod = p->desc.cols[i].typmod;
		for (int j = 0; j < i; j++)
			if (strcmp(t->cols[j].name, t->cols[i].name) == 0) {
				an_ctx_release(&c);
				return store_err_set(st->err, "42701",
					"column \"%s\" specified more than once", t->cols[i].name);
			}
	}
	t->options_json = options_json(st, n->options);
	r = save_def(st, tx, t, true);
	if (r == EXEC_OK) {
		cat_table *saved;

		/* Read back for the oid storage gave it. */
		r = load_def(st, tx, name, &saved);
		if (r == EXEC_OK && !n->with_no_data)
			r = exec_insert_rows(st, tx, saved, p, &count);
	}
	an_ctx_release(&c);
	snprintf(st->tag, sizeof(st->tag), "SELECT %llu", (unsigned long long)count);
	return r;
}

/* ---- DROP ---- */

static const char *object_word(sql_object_type o)
{
	switch (o) {
	case SQL_OBJECT_TABLE:
		return "table";
	case SQL_OBJECT_INDEX:
		return "index";
	case SQL_OBJECT_SEQUENCE:
		return "sequence";
	case SQL_OBJECT_VIEW:
		return "view";
	default:
		return "schema";
	}
}

/* Tables whose foreign keys point at name (other than itself). */
static int referencing(exec_stmt *st, store_tx *tx, const char *name, cat_table ***out, int *n,
	const char ***fknames)
{
	char **names = NULL;
	size_t nn = 0;

	*n = 0;
	*out = NULL;
	*fknames = NULL;
	if (store_tx_tables(tx, st->snap, &names, &nn, st->err) != STORE_OK)
		return EXEC_ERROR;
	for (size_t i = 0; i < nn; i++) {
		cat_table *t;

		if (strcmp(names[i], name) == 0)
			continue;
		if (load_def(st, tx, names[i], &t) != EXEC_OK) {
			free(names);
			return EXEC_ERROR;
		}
		for (int k = 0; t != NULL && k < t->nfkeys; k++)
			if (strcmp(t->fkeys[k].ref_table, name) == 0) {
				ARENA_PUSH(st->a, *out, *n, t);
				(*n)--;
				ARENA_PUSH(st->a, *fknames, *n, t->fkeys[k].name);
			}
	}
	free(names);
	return EXEC_OK;
}

/* Remove foreign key fkname from t (DROP ... CASCADE). */
static int drop_fkey(exec_stmt *st, store_tx *tx, cat_table *t, const char *fkname)
{
	for (int k = 0; k < t->nfkeys; k++)
		if (strcmp(t->fkeys[k].name, fkname) == 0) {
			memmove(&t->fkeys[k], &t->fkeys[k + 1],
				sizeof(cat_fkey) * (size_t)(t->nfkeys - k - 1));
			t->nfkeys--;
			break;
		}
	return save_def(st, tx, t, false);
}

static int drop_owned_sequences(exec_stmt *st, store_tx *tx, const cat_table *t)
{
	for (int i = 0; i < t->ncols; i++)
		if (t->cols[i].sequence != NULL) {
			char *json = NULL;

			if (store_tx_meta_get(tx, st->snap, "sequences", t->cols[i].sequence, &json,
				    st->err) != STORE_OK) {
				store_err_clear(st->err);
				continue;
			}
			free(json);
			if (store_tx_meta_delete(tx, "sequences", t->cols[i].sequence, st->err) !=
				STORE_OK)
				return EXEC_ERROR;
		}
	return EXEC_OK;
}

/* The table an index belongs to (index names are global, as PostgreSQL's are). */
static int find_index(exec_stmt *st, store_tx *tx, const char *name, cat_table **table, int *which)
{
	char **names = NULL;
	size_t nn = 0;

	*table = NULL;
	if (store_tx_tables(tx, st->snap, &names, &nn, st->err) != STORE_OK)
		return EXEC_ERROR;
	for (size_t i = 0; i < nn && *table == NULL; i++) {
		cat_table *t;

		if (load_def(st, tx, names[i], &t) != EXEC_OK) {
			free(names);
			return EXEC_ERROR;
		}
		for (int k = 0; t != NULL && k < t->nindexes; k++)
			if (strcmp(t->indexes[k].name, name) == 0) {
				*table = t;
				*which = k;
			}
		/* The constraints' indexes have the constraints' names. */
		if (t != NULL && *table == NULL && t->npk > 0 &&
			strcmp(choose_name(st, t->name, NULL, "pkey"), name) == 0) {
			*table = t;
			*which = -1;
		}
		for (int k = 0; t != NULL && *table == NULL && k < t->nuniq; k++)
			if (strcmp(t->uniq[k].name, name) == 0) {
				*table = t;
				*which = -2 - k;
			}
	}
	free(names);
	return EXEC_OK;
}

/*
 * Whether a view's query text names relation rel: an identifier token
 * equal to it (quoted exactly, unquoted folded), not a function name (no
 * "(" after it) and not qualified by something other than a schema.
 * XXX: a column of the same name also counts; a parse of the view would
 * tell them apart.
 */
static bool text_names(const char *q, const char *rel)
{
	const char *p = q;

	while (*p) {
		char tok[128];
		size_t n = 0;
		bool quoted = false;

		if (*p == '\'') {
			for (p++; *p && !(*p == '\'' && p[1] != '\''); p++)
				if (*p == '\'')
					p++;
			if (*p)
				p++;
			continue;
		}
		if (*p == '"') {
			quoted = true;
			for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
				if (*p == '"')
					p++;
				if (n + 1 < sizeof(tok))
					tok[n++] = *p;
			}
			if (*p)
				p++;
		} else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_') {
			while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
				(*p >= '0' && *p <= '9') || *p == '_' || *p == '$') {
				if (n + 1 < sizeof(tok))
					tok[n++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
				p++;
			}
		} else {
			p++;
			continue;
		}
		tok[n] = '\0';
		(void)quoted;
		if (strcmp(tok, rel) == 0) {
			const char *after = p;

			while (*after == ' ' || *after == '\n' || *after == '\t')
				after++;
			if (*after != '(' && *after != '.')
				return true;
		}
	}
	return false;
}

/* Views other than self whose query names rel; their names in *out. */
static int dependent_views(exec_stmt *st, store_tx *tx, const char *rel, const char ***out, int *n)
{
	char **names = NULL;
	size_t nn = 0;

	*out = NULL;
	*n = 0;
	if (store_tx_meta_list(tx, st->snap, "views", &names, &nn, st->err) != STORE_OK)
		return EXEC_ERROR;
	for (size_t i = 0; i < nn; i++) {
		char *json = NULL;
		json_t *o;
		json_error_t je;

		if (strcmp(names[i], rel) == 0)
			continue;
		if (store_tx_meta_get(tx, st->snap, "views", names[i], &json, st->err) !=
			STORE_OK) {
			store_err_clear(st->err);
			continue;
		}
		o = json_loads(json, 0, &je);
		free(json);
		if (o != NULL && json_is_string(json_object_get(o, "query")) &&
			text_names(json_string_value(json_object_get(o, "query")), rel)) {
			const char *name = sql_arena_strndup(st->a, names[i], strlen(names[i]));

			ARENA_PUSH(st->a, *out, *n, name);
		}
		json_decref(o);
	}
	free(names);
	return EXEC_OK;
}

/*
 * A rename of rel (col NULL) or of its column col that a view reading it
 * would not survive: 0A000 naming the view.  XXX: PostgreSQL's views
 * follow the rename (they hold the objects, not their names); ours hold
 * their query's text, so the rename is refused rather than leaving the
 * view broken.  Deparsing the view again with the new names would let it
 * through.
 */
static int rename_refused_by_views(exec_stmt *st, store_tx *tx, const char *rel, const char *col)
{
	const char **deps;
	int nd;

	if (dependent_views(st, tx, rel, &deps, &nd) != EXEC_OK)
		return EXEC_ERROR;
	for (int i = 0; i < nd; i++) {
		char *json = NULL;
		json_t *o;
		json_error_t je;
		bool names = col == NULL;

		if (!names && store_tx_meta_get(tx, st->snap, "views", deps[i], &json, st->err) ==
				      STORE_OK) {
			o = json_loads(json, 0, &je);
			names = o == NULL || !json_is_string(json_object_get(o, "query")) ||
				text_names(json_string_value(json_object_get(o, "query")), col);
			json_decref(o);
			free(json);
		}
		store_err_clear(st->err);
		if (!names)
			continue;
		store_err_set(st->err, "0A000", "cannot rename %s %s because view %s depends on it",
			col != NULL ? "column" : "table", col != NULL ? col : rel, deps[i]);
		store_err_detail(st->err, "View %s reads %s by its name.", deps[i], rel);
		store_err_hint(st->err, "Drop the view, rename, and create the view again.");
		return EXEC_ERROR;
	}
	return EXEC_OK;
}

/* RESTRICT: views depending on rel fail the drop; CASCADE drops them first. */
static int drop_views_of(
	exec_stmt *st, store_tx *tx, const sql_drop *n, const char *rel, const char *kind)
{
	const char **deps;
	int nd;

	if (dependent_views(st, tx, rel, &deps, &nd) != EXEC_OK)
		return EXEC_ERROR;
	for (int i = 0; i < nd; i++) {
		bool listed = false;

		for (int j = 0; j < sql_list_len(n->objects); j++) {
			const sql_list *q = (const sql_list *)sql_list_nth(n->objects, j);

			listed = listed ||
				 strcmp(sql_list_str(q, sql_list_len(q) - 1), deps[i]) == 0;
		}
		if (listed && n->behavior != SQL_DROP_CASCADE)
			continue;
		if (n->behavior != SQL_DROP_CASCADE) {
			store_err_set(st->err, "2BP01",
				"cannot drop %s %s because other objects depend on it", kind, rel);
			store_err_detail(st->err, "view %s depends on %s %s", deps[i], kind, rel);
			store_err_hint(
				st->err, "Use DROP ... CASCADE to drop the dependent objects too.");
			return EXEC_ERROR;
		}
		exec_stmt_notice(st, "NOTICE", "00000", "drop cascades to view %s", deps[i]);
		if (drop_views_of(st, tx, n, deps[i], "view") != EXEC_OK ||
			store_tx_meta_delete(tx, "views", deps[i], st->err) != STORE_OK)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}

static int drop_one(exec_stmt *st, store_tx *tx, const sql_drop *n, const sql_list *qname)
{
	const char *name;
	char kind;
	char want = n->object == SQL_OBJECT_TABLE      ? 't'
		    : n->object == SQL_OBJECT_VIEW     ? 'v'
		    : n->object == SQL_OBJECT_SEQUENCE ? 'S'
						       : 'i';

	if (target_name(st, qname, qname->n.loc, &name) != EXEC_OK)
		return EXEC_ERROR;
	if (want == 'i') {
		cat_table *t;
		int k;

		if (find_index(st, tx, name, &t, &k) != EXEC_OK)
			return EXEC_ERROR;
		if (t == NULL) {
			if (n->missing_ok) {
				exec_stmt_notice(st, "NOTICE", "00000",
					"index \"%s\" does not exist, skipping", name);
				return EXEC_OK;
			}
			return store_err_set(st->err, "42704", "index \"%s\" does not exist", name);
		}
		if (k < 0) {
			store_err_set(st->err, "2BP01",
				"cannot drop index %s because constraint %s on table %s requires it",
				name, name, t->name);
			store_err_hint(st->err, "You can drop constraint %s on table %s instead.",
				name, t->name);
			return EXEC_ERROR;
		}
		if (exec_lock_table_of(st, t, STORE_LOCK_ACCESS_EXCLUSIVE) != EXEC_OK)
			return EXEC_ERROR;
		memmove(&t->indexes[k], &t->indexes[k + 1],
			sizeof(cat_index) * (size_t)(t->nindexes - k - 1));
		t->nindexes--;
		return save_def(st, tx, t, false);
	}
	if (relkind(st, tx, name, &kind) != EXEC_OK)
		return EXEC_ERROR;
	if (kind != want) {
		if (kind != 0) {
			store_err_set(st->err, "42809", "\"%s\" is not a %s", name,
				object_word(n->object));
			store_err_hint(st->err, "Use DROP %s to remove a %s.",
				kind == 't'   ? "TABLE"
				: kind == 'v' ? "VIEW"
					      : "SEQUENCE",
				kind == 't'   ? "table"
				: kind == 'v' ? "view"
					      : "sequence");
			return EXEC_ERROR;
		}
		if (n->missing_ok) {
			exec_stmt_notice(st, "NOTICE", "00000",
				"%s \"%s\" does not exist, skipping", object_word(n->object), name);
			return EXEC_OK;
		}
		if (want == 't' || want == 'v' || want == 'S')
			return pos_err(st, qname->n.loc, want == 'S' ? "42P01" : "42P01",
				"%s \"%s\" does not exist", object_word(n->object), name);
	}
	if (want == 'v')
		return exec_lock_view_of(st, name, STORE_LOCK_ACCESS_EXCLUSIVE) == EXEC_OK &&
				       drop_views_of(st, tx, n, name, "view") == EXEC_OK &&
				       store_tx_meta_delete(tx, "views", name, st->err) == STORE_OK
			       ? EXEC_OK
			       : EXEC_ERROR;
	if (want == 'S')
		return store_tx_meta_delete(tx, "sequences", name, st->err) == STORE_OK
			       ? EXEC_OK
			       : EXEC_ERROR;
	{
		cat_table *t, **refs;
		const char **fknames;
		int nrefs;

		if (load_def(st, tx, name, &t) != EXEC_OK ||
			(t != NULL && exec_lock_table_of(st, t, STORE_LOCK_ACCESS_EXCLUSIVE) !=
					      EXEC_OK) ||
			referencing(st, tx, name, &refs, &nrefs, &fknames) != EXEC_OK)
			return EXEC_ERROR;
		if (nrefs > 0 && n->behavior != SQL_DROP_CASCADE) {
			/* Dropped together in one statement: not a dependency that stays. */
			bool all_dropped = true;

			for (int i = 0; i < nrefs && all_dropped; i++) {
				bool here = false;

				for (int j = 0; j < sql_list_len(n->objects); j++) {
					const sql_list *q =
						(const sql_list *)sql_list_nth(n->objects, j);

					if (strcmp(sql_list_str(q, sql_list_len(q) - 1),
						    refs[i]->name) == 0)
						here = true;
				}
				all_dropped = here;
			}
			if (!all_dropped) {
				store_err_set(st->err, "2BP01",
					"cannot drop table %s because other objects depend on it",
					name);
				store_err_detail(st->err,
					"constraint %s on table %s depends on table %s", fknames[0],
					refs[0]->name, name);
				store_err_hint(st->err,
					"Use DROP ... CASCADE to drop the dependent objects too.");
				return EXEC_ERROR;
			}
		}
		for (int i = 0; i < nrefs && n->behavior == SQL_DROP_CASCADE; i++) {
			exec_stmt_notice(st, "NOTICE", "00000",
				"drop cascades to constraint %s on table %s", fknames[i],
				refs[i]->name);
			if (drop_fkey(st, tx, refs[i], fknames[i]) != EXEC_OK)
				return EXEC_ERROR;
		}
		if (drop_views_of(st, tx, n, name, "table") != EXEC_OK)
			return EXEC_ERROR;
		if (t != NULL && drop_owned_sequences(st, tx, t) != EXEC_OK)
			return EXEC_ERROR;
		return store_tx_drop_table(tx, name, st->err) == STORE_OK ? EXEC_OK : EXEC_ERROR;
	}
}

int exec_drop(exec_stmt *st, sql_drop *n)
{
	store_tx *tx;

	snprintf(st->tag, sizeof(st->tag), "DROP %s",
		n->object == SQL_OBJECT_TABLE      ? "TABLE"
		: n->object == SQL_OBJECT_INDEX    ? "INDEX"
		: n->object == SQL_OBJECT_SEQUENCE ? "SEQUENCE"
						   : "VIEW");
	if (exec_stmt_need_tx(st, &tx) != EXEC_OK)
		return EXEC_ERROR;
	for (int i = 0; i < sql_list_len(n->objects); i++)
		if (drop_one(st, tx, n, (const sql_list *)sql_list_nth(n->objects, i)) != EXEC_OK)
			return EXEC_ERROR;
	return EXEC_OK;
}

/* ---- CREATE INDEX ---- */

int exec_create_index(exec_stmt *st, sql_create_index *n)
{
	store_tx *tx;
	cat_table *t, *owner;
	cat_index ix;
	const char *name;
	int k;

	strcpy(st->tag, "CREATE INDEX");
	if (n->where != NULL)
		return pos_err(st, n->where->loc, "0A000", "partial indexes are not supported");
	if (n->method != NULL && strcmp(n->method, "btree") != 0 && strcmp(n->method, "hash") != 0)
		return store_err_set(
			st->err, "0A000", "index method \"%s\" is not supported", n->method);
	if (target_name(st, n->relation->names, n->relation->n.loc, &name) != EXEC_OK ||
		exec_stmt_need_tx(st, &tx) != EXEC_OK || load_def(st, tx, name, &t) != EXEC_OK)
		return EXEC_ERROR;
	if (t == NULL)
		return pos_err(
			st, n->relation->n.loc, "42P01", "relation \"%s\" does not exist", name);
	if (exec_lock_table_of(st, t, STORE_LOCK_SHARE) != EXEC_OK)
		return EXEC_ERROR;
	memset(&ix, 0, sizeof(ix));
	ix.unique = n->unique;
	ix.ncols = sql_list_len(n->params);
	ix.cols = sql_arena_alloc(st->a, sizeof(char *) * (size_t)(ix.ncols ? ix.ncols : 1));
	{
		int *cols = sql_arena_alloc(st->a, sizeof(int) * (size_t)(ix.ncols ? ix.ncols : 1));

		for (int i = 0; i < ix.ncols; i++) {
			const sql_index_elem *e =
				(const sql_index_elem *)sql_list_nth(n->params, i);

			if (e->name == NULL)
				return pos_err(st, e->n.loc, "0A000",
					"indexes on expressions are not supported");
			if ((cols[i] = cat_column_index(t, e->name)) < 0)
				return pos_err(st, e->n.loc, "42703",
					"column \"%s\" does not exist", e->name);
			ix.cols[i] = t->cols[cols[i]].name;
		}
		ix.name = n->name ? n->name
				  : choose_name(st, t->name, cols_joined(st, t, cols, ix.ncols),
					    ix.unique ? "key" : "idx");
		if (n->name == NULL) {
			/* An automatic name that is taken gets a number. */
			const char *base = ix.name;

			for (int num = 1;; num++) {
				if (find_index(st, tx, ix.name, &owner, &k) != EXEC_OK)
					return EXEC_ERROR;
				if (owner == NULL)
					break;
				ix.name = sql_arena_printf(st->a, "%s%d", base, num);
			}
		}
		if (find_index(st, tx, ix.name, &owner, &k) != EXEC_OK)
			return EXEC_ERROR;
		if (owner != NULL) {
			if (n->if_not_exists) {
				exec_stmt_notice(st, "NOTICE", "42P07",
					"relation \"%s\" already exists, skipping", ix.name);
				return EXEC_OK;
			}
			return store_err_set(
				st->err, "42P07", "relation \"%s\" already exists", ix.name);
		}
		/* A unique index is enforced as a unique constraint is (dml.c); it stays an index. */
		if (ix.unique &&
			check_no_duplicates(st, t->name, ix.name, ix.cols, ix.ncols) != EXEC_OK)
			return EXEC_ERROR;
	}
	ARENA_PUSH(st->a, t->indexes, t->nindexes, ix);
	return save_def(st, tx, t, false);
}

/* ---- Sequences ---- */

int exec_create_sequence(exec_stmt *st, sql_create_sequence *n)
{
	store_tx *tx;
	exec_seq q;
	bool skip, restart;
	int64_t rv;
	const char *name;

	strcpy(st->tag, "CREATE SEQUENCE");
	if (n->persistence == SQL_PERSISTENCE_TEMP)
		return pos_err(st, n->n.loc, "0A000", "temporary sequences are not supported");
	if (target_name(st, n->sequence->names, n->sequence->n.loc, &name) != EXEC_OK ||
		exec_stmt_need_tx(st, &tx) != EXEC_OK)
		return EXEC_ERROR;
	if (check_new_name(st, tx, name, n->if_not_exists, n->sequence->n.loc, &skip) != EXEC_OK)
		return EXEC_ERROR;
	if (skip)
		return EXEC_OK;
	exec_seq_defaults(&q, EXEC_OID_INT8);
	q.name = name;
	q.uuid = exec_seq_uuid(st->a);
	if (exec_seq_options(st, n->options, &q, true, &restart, &rv) != EXEC_OK)
		return EXEC_ERROR;
	return exec_seq_put(st, tx, &q);
}

int exec_alter_sequence(exec_stmt *st, sql_alter_sequence *n)
{
	store_tx *tx;
	exec_seq q;
	bool found, restart;
	int64_t rv;
	const char *name;

	strcpy(st->tag, "ALTER SEQUENCE");
	if (target_name(st, n->sequence->names, n->sequence->n.loc, &name) != EXEC_OK ||
		exec_stmt_need_tx(st, &tx) != EXEC_OK ||
		exec_seq_get(st, name, &q, &found) != EXEC_OK)
		return EXEC_ERROR;
	if (!found) {
		if (n->missing_ok) {
			exec_stmt_notice(st, "NOTICE", "00000",
				"relation \"%s\" does not exist, skipping", name);
			return EXEC_OK;
		}
		return pos_err(
			st, n->sequence->n.loc, "42P01", "relation \"%s\" does not exist", name);
	}
	if (exec_seq_options(st, n->options, &q, false, &restart, &rv) != EXEC_OK)
		return EXEC_ERROR;
	if (restart) {
		store_seqdef d;

		exec_seq_storedef(&q, &d);
		if (store_seq_set(st->ss->s, st->ss->branch, q.name, &d, rv, 0, st->err) !=
			STORE_OK)
			return EXEC_ERROR;
		q.has_last = true;
		q.last_value = rv;
		q.is_called = false;
	}
	return exec_seq_put(st, tx, &q);
}

/* ---- Views ---- */

/*
 * Whether the deparsed text of a view (PostgreSQL's plain form) is what
 * the view may keep: it analyzes back into a query whose pretty form is
 * the original's.  (The plain forms may differ where PostgreSQL's do:
 * reading `(a AND b) AND c` back flattens the ANDs that BETWEEN made.)
 */
static bool view_text_holds(
	exec_stmt *st, const char *text, const char *pretty, const char *const *cols, int ncols)
{
	const char *again = exec_deparse_view_text(st, text, cols, ncols, true, 0, st->a);

	return again != NULL && strcmp(again, pretty) == 0;
}

int exec_create_view(exec_stmt *st, sql_create_view *n)
{
	store_tx *tx;
	an_ctx c;
	plan_node *p;
	const char *name, *text, *pretty, **names;
	bool deparsed;
	char kind;
	json_t *o, *cols;
	char *json;
	int r;

	strcpy(st->tag, "CREATE VIEW");
	if (n->persistence == SQL_PERSISTENCE_TEMP)
		return pos_err(st, n->n.loc, "0A000", "temporary views are not supported");
	if (n->query->kind != SQL_SELECT)
		return pos_err(st, n->query->loc, "0A000", "a view needs a query");
	if (target_name(st, n->view->names, n->view->n.loc, &name) != EXEC_OK ||
		exec_stmt_need_tx(st, &tx) != EXEC_OK || relkind(st, tx, name, &kind) != EXEC_OK)
		return EXEC_ERROR;
	if (kind != 0 && !(kind == 'v' && n->or_replace))
		return pos_err(st, n->view->n.loc, "42P07", "relation \"%s\" already exists", name);

	/* Analyze the query, keeping what its deparse reads. */
	exec_stmt_analyzer(st, &c);
	c.keep_levels = true;
	c.keep_casts = true;
	p = an_query(&c, NULL, sql_as_select(n->query));
	if (p == NULL) {
		an_ctx_release(&c);
		return EXEC_ERROR;
	}
	if (sql_list_len(n->columns) > p->desc.ncols) {
		an_ctx_release(&c);
		return store_err_set(
			st->err, "42601", "CREATE VIEW specifies more column names than columns");
	}

	/* The view's column names: the list given, then the query's own. */
	names = sql_arena_alloc(st->a, (size_t)(p->desc.ncols + 1) * sizeof(*names));
	for (int i = 0; i < p->desc.ncols; i++) {
		names[i] = i < sql_list_len(n->columns) ? sql_list_str(n->columns, i)
							: p->desc.cols[i].name;
		for (int j = 0; j < i; j++) {
			if (strcmp(names[j], names[i]) == 0) {
				an_ctx_release(&c);
				return store_err_set(st->err, "42701",
					"column \"%s\" specified more than once", names[i]);
			}
		}
	}

	/*
	 * The text kept is PostgreSQL's deparse of the analysis, so that `*`
	 * stays the columns it named now, with the pretty form psql shows.
	 */
	text = exec_deparse_view(
		&c, sql_as_select(n->query), names, p->desc.ncols, false, 0, st->a);
	pretty = exec_deparse_view(
		&c, sql_as_select(n->query), names, p->desc.ncols, true, 0, st->a);
	an_ctx_release(&c);
	deparsed = text != NULL && pretty != NULL &&
		   view_text_holds(st, text, pretty, names, p->desc.ncols);
	if (!deparsed) {
		/* A form the deparser cannot print exactly: shown as written, and said so. */
		exec_stmt_notice(st, "NOTICE", "00000",
			"definition of view \"%s\" is kept as written", name);
		text = node_text(st, n->query);
	}

	o = json_object();
	cols = json_array();
	for (int i = 0; i < p->desc.ncols; i++)
		json_array_append_new(cols, json_string(names[i]));
	json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "query", json_string(text ? text : ""));
	json_object_set_new(o, "deparsed", json_boolean(deparsed));
	if (deparsed)
		json_object_set_new(o, "pretty", json_string(pretty));
	json_object_set_new(o, "columns", cols);
	if (kind == 'v')
		exec_comment_keep(st, tx, name, o);
	json = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (json == NULL)
		return store_err_set(st->err, "53200", "out of memory");
	r = store_tx_meta_put(tx, "views", name, json, strlen(json), st->err);
	free(json);
	return r == STORE_OK ? EXEC_OK : EXEC_ERROR;
}

/* ---- ALTER TABLE ---- */

/*
 * A stored row as rewrite_rows hands it to its callbacks: its members in
 * document order with their raw values, numbers and strings exactly as
 * stored (a JSON library would turn 1.50 into 1.5), in arena a.
 */
typedef struct row_doc {
	sql_arena *a;
	exec_row_member *m;
	int n, cap;
} row_doc;

/* Set a member, replacing one of that name (the last one given wins, as when reading). */
static void row_doc_set(row_doc *d, const char *name, size_t len, const exec_jsonb *val)
{
	for (int i = 0; i < d->n; i++) {
		if (d->m[i].namelen == len && memcmp(d->m[i].name, name, len) == 0) {
			d->m[i].val = val;
			return;
		}
	}
	if (d->n == d->cap) {
		exec_row_member *m;

		d->cap = d->cap ? 2 * d->cap : 16;
		m = sql_arena_alloc(d->a, (size_t)d->cap * sizeof(*m));
		if (d->n > 0)
			memcpy(m, d->m, (size_t)d->n * sizeof(*m));
		d->m = m;
	}
	d->m[d->n++] = (exec_row_member){name, len, val};
}

static void row_doc_del(row_doc *d, const char *name)
{
	size_t len = strlen(name);

	for (int i = 0; i < d->n; i++) {
		if (d->m[i].namelen == len && memcmp(d->m[i].name, name, len) == 0) {
			memmove(&d->m[i], &d->m[i + 1], (size_t)(d->n - i - 1) * sizeof(*d->m));
			d->n--;
			return;
		}
	}
}

static int row_doc_member(
	void *arg, const char *key, size_t keylen, const exec_jsonb *val, store_err *err)
{
	row_doc *d = arg;
	exec_jsonb *copy = sql_arena_alloc(d->a, sizeof(*copy));

	(void)err;
	*copy = *val;
	row_doc_set(d, key, keylen, copy);
	return EXEC_OK;
}

/* Rewrite every row of t with fn (its members in, changed in place). */
static int rewrite_rows(exec_stmt *st, store_tx *tx, const char *table,
	int (*fn)(exec_stmt *st, void *arg, row_doc *row), void *arg)
{
	store_scan *sc;
	const char *key, *doc;
	size_t keylen, doclen;
	int r;
	struct pending {
		char *key;
		size_t keylen;
		store_buf doc;
	} *rows = NULL;
	size_t n = 0, cap = 0;

	if (store_tx_scan_open(tx, st->snap, table, &sc, st->err) != STORE_OK)
		return EXEC_ERROR;
	/* Collect first: writing while scanning the same table would see our own writes. */
	while ((r = store_scan_next(sc, &key, &keylen, &doc, &doclen, st->err)) == 1) {
		sql_arena *a = sql_arena_new(0);
		row_doc d = {a, NULL, 0, 0};
		store_buf out = STORE_BUF_INIT;

		if (exec_json_parse_members(a, doc, doclen, 0, row_doc_member, &d, st->err) !=
				EXEC_OK ||
			fn(st, arg, &d) != EXEC_OK) {
			sql_arena_free(a);
			r = -1;
			break;
		}
		store_buf_putc(&out, '{');
		for (int i = 0; i < d.n; i++) {
			if (i > 0)
				store_buf_putc(&out, ',');
			exec_json_write_string(&out, d.m[i].name, d.m[i].namelen);
			store_buf_putc(&out, ':');
			exec_jsonb_write(&out, d.m[i].val, EXEC_JSON_COMPACT);
		}
		store_buf_putc(&out, '}');
		sql_arena_free(a);
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			rows = realloc(rows, cap * sizeof(*rows));
			if (rows == NULL)
				abort();
		}
		rows[n].key = malloc(keylen + 1);
		if (rows[n].key == NULL)
			abort();
		memcpy(rows[n].key, key, keylen);
		rows[n].keylen = keylen;
		rows[n].doc = out;
		n++;
	}
	store_scan_close(sc);
	for (size_t i = 0; i < n; i++) {
		if (r >= 0 && store_tx_put(tx, table, rows[i].key, rows[i].keylen,
				      (const char *)rows[i].doc.data, rows[i].doc.len,
				      st->err) != STORE_OK)
			r = -1;
		free(rows[i].key);
		store_buf_free(&rows[i].doc);
	}
	free(rows);
	return r < 0 ? EXEC_ERROR : EXEC_OK;
}

static int row_drop_member(exec_stmt *st, void *arg, row_doc *row)
{
	(void)st;
	row_doc_del(row, arg);
	return EXEC_OK;
}

struct rename_arg {
	const char *from, *to;
};

static int row_rename_member(exec_stmt *st, void *arg, row_doc *row)
{
	struct rename_arg *ra = arg;
	size_t fl = strlen(ra->from);

	(void)st;
	for (int i = 0; i < row->n; i++) {
		if (row->m[i].namelen == fl && memcmp(row->m[i].name, ra->from, fl) == 0) {
			const exec_jsonb *v = row->m[i].val;

			row_doc_del(row, ra->from);
			row_doc_set(row, ra->to, strlen(ra->to), v);
			break;
		}
	}
	return EXEC_OK;
}

/* ADD COLUMN with a default: each existing row gets the default's value. */
struct default_arg {
	const cat_table *t;
	int col;
	exec_expr *e;
};

static int row_set_default(exec_stmt *st, void *arg, row_doc *row)
{
	struct default_arg *da = arg;
	const cat_column *c = &da->t->cols[da->col];
	exec_ectx ec;
	exec_value v, cv;
	store_buf b = {0};
	const exec_jsonb *j;
	int r;

	memset(&ec, 0, sizeof(ec));
	ec.cx = &st->cx;
	if (exec_eval(&ec, da->e, &v) != EXEC_OK || exec_cast_value(&st->cx, &v, c->type, c->typmod,
							    EXEC_CAST_ASSIGNMENT, &cv) != EXEC_OK)
		return EXEC_ERROR;
	if (cv.isnull) {
		if (c->not_null) {
			store_err_set(st->err, "23502",
				"column \"%s\" of relation \"%s\" contains null values", c->name,
				da->t->name);
			return EXEC_ERROR;
		}
		return EXEC_OK;
	}
	r = exec_value_to_json(&st->cx, &cv, &b);
	if (r == EXEC_OK)
		r = exec_json_parse(row->a, (const char *)b.data, b.len, 0, &j, st->err);
	store_buf_free(&b);
	if (r != EXEC_OK)
		return EXEC_ERROR;
	row_doc_set(row, c->name, strlen(c->name), j);
	return EXEC_OK;
}

/* Check that no row breaks a new constraint, with a query; fail with err. */
static int probe_rows(exec_stmt *st, const char *query, const char *sqlstate, const char *fmt,
	const char *a1, const char *a2)
{
	bool found;

	if (exec_probe(st, query, &found, NULL) != EXEC_OK)
		return EXEC_ERROR;
	if (found)
		return store_err_set(st->err, sqlstate, fmt, a1, a2);
	return EXEC_OK;
}

static int alter_add_column(exec_stmt *st, store_tx *tx, cat_table *t, const sql_alter_cmd *cmd)
{
	const sql_column_def *cd = (const sql_column_def *)cmd->def;
	tdef d;
	bool has_rows;
	int ci = t->ncols;

	if (cat_column_index(t, cd->name) >= 0) {
		if (cmd->missing_ok) {
			exec_stmt_notice(st, "NOTICE", "42701",
				"column \"%s\" of relation \"%s\" already exists, skipping",
				cd->name, t->name);
			return EXEC_OK;
		}
		return store_err_set(st->err, "42701",
			"column \"%s\" of relation \"%s\" already exists", cd->name, t->name);
	}
	memset(&d, 0, sizeof(d));
	d.t = t;
	d.tx = tx;
	/* One slot per column: column_def appends the new column's. */
	d.defaults = sql_arena_zalloc(st->a, sizeof(char *) * (size_t)(t->ncols + 1));
	if (column_def(st, &d, cd) != EXEC_OK)
		return EXEC_ERROR;
	if (t->npk > 1 || (t->npk == 1 && t->pk[0] == ci))
		return store_err_set(st->err, "0A000",
			"adding a primary key with ADD COLUMN is not supported; use ADD PRIMARY KEY");
	if (exec_probe(st,
		    sql_arena_printf(
			    st->a, "SELECT 1 FROM %s LIMIT 1", exec_quote_ident(st->a, t->name)),
		    &has_rows, NULL) != EXEC_OK)
		return EXEC_ERROR;
	if (finish_table(st, &d, false) == EXEC_ERROR)
		return EXEC_ERROR;
	if (!has_rows)
		return EXEC_OK;
	/* Rows exist: the new column's value for each of them. */
	if (t->cols[ci].default_sql != NULL) {
		struct default_arg da;
		an_ctx c;

		exec_stmt_analyzer(st, &c);
		da.t = t;
		da.col = ci;
		da.e = exec_parse_expr(
			&c, an_scope_new(&c, NULL), t->cols[ci].default_sql, "default");
		if (da.e == NULL)
			return EXEC_ERROR;
		return rewrite_rows(st, tx, t->name, row_set_default, &da);
	}
	if (t->cols[ci].not_null)
		return store_err_set(st->err, "23502",
			"column \"%s\" of relation \"%s\" contains null values", t->cols[ci].name,
			t->name);
	return EXEC_OK;
}

static bool int_in(const int *a, int n, int v)
{
	for (int i = 0; i < n; i++)
		if (a[i] == v)
			return true;
	return false;
}

/* Column indexes above col move down by one after it is dropped. */
static void shift_cols(int *a, int n, int col)
{
	for (int i = 0; i < n; i++)
		if (a[i] > col)
			a[i]--;
}

static int alter_drop_column(exec_stmt *st, store_tx *tx, cat_table *t, const sql_alter_cmd *cmd)
{
	int ci = cat_column_index(t, cmd->name);

	if (ci < 0) {
		if (cmd->missing_ok) {
			exec_stmt_notice(st, "NOTICE", "00000",
				"column \"%s\" of relation \"%s\" does not exist, skipping",
				cmd->name, t->name);
			return EXEC_OK;
		}
		return store_err_set(st->err, "42703",
			"column \"%s\" of relation \"%s\" does not exist", cmd->name, t->name);
	}
	if (int_in(t->pk, t->npk, ci)) {
		if (cmd->behavior != SQL_DROP_CASCADE)
			return store_err_set(st->err, "0A000",
				"dropping a primary key column is not supported (the rows are keyed by it)");
	}
	/* Constraints on the column go with it (PostgreSQL drops them too). */
	for (int i = 0; i < t->nuniq; i++)
		if (int_in(t->uniq[i].cols, t->uniq[i].ncols, ci)) {
			memmove(&t->uniq[i], &t->uniq[i + 1],
				sizeof(cat_unique) * (size_t)(t->nuniq - i - 1));
			t->nuniq--;
			i--;
		}
	for (int i = 0; i < t->nfkeys; i++)
		if (int_in(t->fkeys[i].cols, t->fkeys[i].ncols, ci)) {
			memmove(&t->fkeys[i], &t->fkeys[i + 1],
				sizeof(cat_fkey) * (size_t)(t->nfkeys - i - 1));
			t->nfkeys--;
			i--;
		}
	for (int i = 0; i < t->nchecks; i++) {
		int only;
		cat_table probe = *t;

		if (check_check(st, &probe, t->checks[i].sql, &only) != EXEC_OK)
			return EXEC_ERROR;
		if (only == ci || strstr(t->checks[i].sql, t->cols[ci].name) != NULL) {
			memmove(&t->checks[i], &t->checks[i + 1],
				sizeof(cat_check) * (size_t)(t->nchecks - i - 1));
			t->nchecks--;
			i--;
		}
	}
	for (int i = 0; i < t->nindexes; i++)
		for (int k = 0; k < t->indexes[i].ncols; k++)
			if (strcmp(t->indexes[i].cols[k], t->cols[ci].name) == 0) {
				memmove(&t->indexes[i], &t->indexes[i + 1],
					sizeof(cat_index) * (size_t)(t->nindexes - i - 1));
				t->nindexes--;
				i--;
				break;
			}
	for (int i = 0; i < t->nuniq; i++)
		shift_cols(t->uniq[i].cols, t->uniq[i].ncols, ci);
	for (int i = 0; i < t->nfkeys; i++)
		shift_cols(t->fkeys[i].cols, t->fkeys[i].ncols, ci);
	shift_cols(t->pk, t->npk, ci);
	{
		const char *name = t->cols[ci].name;
		const char *seq = t->cols[ci].sequence;

		memmove(&t->cols[ci], &t->cols[ci + 1],
			sizeof(cat_column) * (size_t)(t->ncols - ci - 1));
		t->ncols--;
		if (seq != NULL && store_tx_meta_delete(tx, "sequences", seq, st->err) != STORE_OK)
			store_err_clear(st->err);
		if (save_def(st, tx, t, false) != EXEC_OK)
			return EXEC_ERROR;
		return rewrite_rows(st, tx, t->name, row_drop_member, (void *)name);
	}
}

static int alter_rename_column(exec_stmt *st, store_tx *tx, cat_table *t, const sql_alter_cmd *cmd)
{
	int ci = cat_column_index(t, cmd->name);
	struct rename_arg ra;

	if (ci < 0)
		return store_err_set(st->err, "42703", "column \"%s\" does not exist", cmd->name);
	if (cat_column_index(t, cmd->new_name) >= 0)
		return store_err_set(st->err, "42701",
			"column \"%s\" of relation \"%s\" already exists", cmd->new_name, t->name);
	if (rename_refused_by_views(st, tx, t->name, t->cols[ci].name) != EXEC_OK)
		return EXEC_ERROR;
	ra.from = t->cols[ci].name;
	ra.to = cmd->new_name;
	/* Checks and defaults written with the old name are rewritten as words. */
	for (int i = 0; i < t->nchecks; i++) {
		store_buf b = {0};
		const char *p = t->checks[i].sql;
		size_t fl = strlen(ra.from);

		while (*p) {
			bool word = strncmp(p, ra.from, fl) == 0 &&
				    (p == t->checks[i].sql ||
					    !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
						    (p[-1] >= '0' && p[-1] <= '9'))) &&
				    !(p[fl] == '_' || (p[fl] >= 'a' && p[fl] <= 'z') ||
					    (p[fl] >= '0' && p[fl] <= '9'));

			if (word) {
				store_buf_puts(&b, exec_quote_ident(st->a, ra.to));
				p += fl;
			} else {
				store_buf_putc(&b, *p++);
			}
		}
		t->checks[i].sql = sql_arena_strndup(st->a, (const char *)b.data, b.len);
		store_buf_free(&b);
	}
	t->cols[ci].name = cmd->new_name;
	if (save_def(st, tx, t, false) != EXEC_OK)
		return EXEC_ERROR;
	return rewrite_rows(st, tx, t->name, row_rename_member, &ra);
}

/* RENAME TO: a new table with the rows, the old one dropped (storage keys tables by name). */
static int alter_rename_table(exec_stmt *st, store_tx *tx, cat_table *t, const char *newname)
{
	char kind;
	store_scan *sc;
	const char *key, *doc;
	size_t keylen, doclen;
	const char *old = t->name;
	int r;

	if (relkind(st, tx, newname, &kind) != EXEC_OK)
		return EXEC_ERROR;
	if (kind == 0 && rename_refused_by_views(st, tx, old, NULL) != EXEC_OK)
		return EXEC_ERROR;
	if (kind != 0)
		return store_err_set(st->err, "42P07", "relation \"%s\" already exists", newname);
	t->name = newname;
	if (save_def(st, tx, t, true) != EXEC_OK)
		return EXEC_ERROR;
	if (store_tx_scan_open(tx, st->snap, old, &sc, st->err) != STORE_OK)
		return EXEC_ERROR;
	while ((r = store_scan_next(sc, &key, &keylen, &doc, &doclen, st->err)) == 1)
		if (store_tx_put(tx, newname, key, keylen, doc, doclen, st->err) != STORE_OK) {
			r = -1;
			break;
		}
	store_scan_close(sc);
	if (r < 0)
		return EXEC_ERROR;
	/* Other tables' foreign keys follow the new name. */
	{
		cat_table **refs;
		const char **fknames;
		int nrefs;

		if (referencing(st, tx, old, &refs, &nrefs, &fknames) != EXEC_OK)
			return EXEC_ERROR;
		for (int i = 0; i < nrefs; i++) {
			for (int k = 0; k < refs[i]->nfkeys; k++)
				if (strcmp(refs[i]->fkeys[k].ref_table, old) == 0)
					refs[i]->fkeys[k].ref_table = newname;
			if (save_def(st, tx, refs[i], false) != EXEC_OK)
				return EXEC_ERROR;
		}
	}
	return store_tx_drop_table(tx, old, st->err) == STORE_OK ? EXEC_OK : EXEC_ERROR;
}

static int alter_add_constraint(exec_stmt *st, store_tx *tx, cat_table *t, const sql_constraint *k)
{
	const char *tn = exec_quote_ident(st->a, t->name);

	switch (k->contype) {
	case SQL_CONSTR_PRIMARY_KEY: {
		int *cols, n;

		if (t->npk > 0)
			return store_err_set(st->err, "42P16",
				"multiple primary keys for table \"%s\" are not allowed", t->name);
		if (key_columns(st, t, k->keys, &cols, &n) != EXEC_OK)
			return EXEC_ERROR;
		for (int i = 0; i < n; i++) {
			if (probe_rows(st,
				    sql_arena_printf(st->a,
					    "SELECT 1 FROM %s WHERE %s IS NULL LIMIT 1", tn,
					    exec_quote_ident(st->a, t->cols[cols[i]].name)),
				    "23502",
				    "column \"%s\" of relation \"%s\" contains null values",
				    t->cols[cols[i]].name, t->name) != EXEC_OK)
				return EXEC_ERROR;
			t->cols[cols[i]].not_null = true;
		}
		if (check_no_duplicates(st, t->name,
			    k->name ? k->name : choose_name(st, t->name, NULL, "pkey"),
			    col_names(st, t, cols, n), n) != EXEC_OK)
			return EXEC_ERROR;
		t->pk = cols;
		t->npk = n;
		if (save_def(st, tx, t, false) != EXEC_OK)
			return EXEC_ERROR;
		return exec_rekey_table(st, tx, t);
	}
	case SQL_CONSTR_UNIQUE: {
		int before = t->nuniq;

		if (add_unique(st, t, k, -1) != EXEC_OK)
			return EXEC_ERROR;
		if (t->nuniq == before)
			return save_def(st, tx, t, false);
		if (check_no_duplicates(st, t->name, t->uniq[before].name,
			    col_names(st, t, t->uniq[before].cols, t->uniq[before].ncols),
			    t->uniq[before].ncols) != EXEC_OK)
			return EXEC_ERROR;
		return save_def(st, tx, t, false);
	}
	case SQL_CONSTR_CHECK: {
		int before = t->nchecks;

		if (add_check(st, t, k, -1) != EXEC_OK)
			return EXEC_ERROR;
		if (probe_rows(st,
			    sql_arena_printf(st->a, "SELECT 1 FROM %s WHERE NOT (%s) LIMIT 1", tn,
				    t->checks[before].sql),
			    "23514",
			    "check constraint \"%s\" of relation \"%s\" is violated by some row",
			    t->checks[before].name, t->name) != EXEC_OK)
			return EXEC_ERROR;
		return save_def(st, tx, t, false);
	}
	case SQL_CONSTR_FOREIGN_KEY: {
		int before = t->nfkeys;
		const cat_fkey *fk;
		store_buf q = {0};
		bool bad;

		if (add_fkey(st, tx, t, k, -1) != EXEC_OK)
			return EXEC_ERROR;
		fk = &t->fkeys[before];
		store_buf_printf(&q, "SELECT 1 FROM %s AS c WHERE ", tn);
		for (int i = 0; i < fk->ncols; i++)
			store_buf_printf(&q, "%sc.%s IS NOT NULL", i ? " AND " : "",
				exec_quote_ident(st->a, t->cols[fk->cols[i]].name));
		store_buf_printf(&q, " AND NOT EXISTS (SELECT 1 FROM %s AS p WHERE ",
			exec_quote_ident(st->a, fk->ref_table));
		for (int i = 0; i < fk->ncols; i++)
			store_buf_printf(&q, "%sp.%s = c.%s", i ? " AND " : "",
				exec_quote_ident(st->a, fk->ref_cols[i]),
				exec_quote_ident(st->a, t->cols[fk->cols[i]].name));
		store_buf_puts(&q, ") LIMIT 1");
		store_buf_putc(&q, '\0');
		if (exec_probe(st, (const char *)q.data, &bad, NULL) != EXEC_OK) {
			store_buf_free(&q);
			return EXEC_ERROR;
		}
		store_buf_free(&q);
		if (bad)
			return store_err_set(st->err, "23503",
				"insert or update on table \"%s\" violates foreign key constraint \"%s\"",
				t->name, fk->name);
		return save_def(st, tx, t, false);
	}
	default:
		return store_err_set(st->err, "0A000", "this constraint cannot be added");
	}
}

static int alter_drop_constraint(
	exec_stmt *st, store_tx *tx, cat_table *t, const sql_alter_cmd *cmd)
{
	const char *name = cmd->name;

	for (int i = 0; i < t->nuniq; i++)
		if (strcmp(t->uniq[i].name, name) == 0) {
			memmove(&t->uniq[i], &t->uniq[i + 1],
				sizeof(cat_unique) * (size_t)(t->nuniq - i - 1));
			t->nuniq--;
			return save_def(st, tx, t, false);
		}
	for (int i = 0; i < t->nchecks; i++)
		if (strcmp(t->checks[i].name, name) == 0) {
			memmove(&t->checks[i], &t->checks[i + 1],
				sizeof(cat_check) * (size_t)(t->nchecks - i - 1));
			t->nchecks--;
			return save_def(st, tx, t, false);
		}
	for (int i = 0; i < t->nfkeys; i++)
		if (strcmp(t->fkeys[i].name, name) == 0)
			return drop_fkey(st, tx, t, name);
	if (t->npk > 0 && strcmp(choose_name(st, t->name, NULL, "pkey"), name) == 0)
		return store_err_set(st->err, "0A000",
			"dropping the primary key is not supported (the rows are keyed by it)");
	if (cmd->missing_ok) {
		exec_stmt_notice(st, "NOTICE", "00000",
			"constraint \"%s\" of relation \"%s\" does not exist, skipping", name,
			t->name);
		return EXEC_OK;
	}
	return store_err_set(st->err, "42704",
		"constraint \"%s\" of relation \"%s\" does not exist", name, t->name);
}

static int alter_cmd(exec_stmt *st, store_tx *tx, cat_table *t, const sql_alter_cmd *cmd)
{
	int ci;

	switch (cmd->subtype) {
	case SQL_AT_ADD_COLUMN:
		return alter_add_column(st, tx, t, cmd);
	case SQL_AT_DROP_COLUMN:
		return alter_drop_column(st, tx, t, cmd);
	case SQL_AT_RENAME_COLUMN:
		return alter_rename_column(st, tx, t, cmd);
	case SQL_AT_RENAME_TABLE:
		return alter_rename_table(st, tx, t, cmd->new_name);
	case SQL_AT_ADD_CONSTRAINT:
		return alter_add_constraint(st, tx, t, (const sql_constraint *)cmd->def);
	case SQL_AT_DROP_CONSTRAINT:
		return alter_drop_constraint(st, tx, t, cmd);
	case SQL_AT_RENAME_CONSTRAINT:
		for (int i = 0; i < t->nuniq; i++)
			if (strcmp(t->uniq[i].name, cmd->name) == 0)
				t->uniq[i].name = cmd->new_name;
		for (int i = 0; i < t->nchecks; i++)
			if (strcmp(t->checks[i].name, cmd->name) == 0)
				t->checks[i].name = cmd->new_name;
		for (int i = 0; i < t->nfkeys; i++)
			if (strcmp(t->fkeys[i].name, cmd->name) == 0)
				t->fkeys[i].name = cmd->new_name;
		return save_def(st, tx, t, false);
	default:
		break;
	}
	ci = cat_column_index(t, cmd->name);
	if (ci < 0)
		return store_err_set(st->err, "42703",
			"column \"%s\" of relation \"%s\" does not exist", cmd->name, t->name);
	switch (cmd->subtype) {
	case SQL_AT_SET_DEFAULT:
		t->cols[ci].default_sql = cmd->expr ? node_text(st, cmd->expr) : NULL;
		if (t->cols[ci].default_sql != NULL &&
			check_default(st, t, &t->cols[ci], t->cols[ci].default_sql) != EXEC_OK)
			return EXEC_ERROR;
		return save_def(st, tx, t, false);
	case SQL_AT_DROP_DEFAULT:
		t->cols[ci].default_sql = NULL;
		return save_def(st, tx, t, false);
	case SQL_AT_SET_NOT_NULL:
		if (probe_rows(st,
			    sql_arena_printf(st->a, "SELECT 1 FROM %s WHERE %s IS NULL LIMIT 1",
				    exec_quote_ident(st->a, t->name),
				    exec_quote_ident(st->a, t->cols[ci].name)),
			    "23502", "column \"%s\" of relation \"%s\" contains null values",
			    t->cols[ci].name, t->name) != EXEC_OK)
			return EXEC_ERROR;
		t->cols[ci].not_null = true;
		return save_def(st, tx, t, false);
	case SQL_AT_DROP_NOT_NULL:
		if (int_in(t->pk, t->npk, ci))
			return store_err_set(st->err, "42P16", "column \"%s\" is in a primary key",
				t->cols[ci].name);
		t->cols[ci].not_null = false;
		return save_def(st, tx, t, false);
	default:
		return store_err_set(st->err, "0A000", "this form of ALTER TABLE is not supported");
	}
}

int exec_alter_table(exec_stmt *st, sql_alter_table *n)
{
	store_tx *tx;
	cat_table *t;
	const char *name;
	char kind;

	strcpy(st->tag, "ALTER TABLE");
	if (target_name(st, n->relation->names, n->relation->n.loc, &name) != EXEC_OK ||
		exec_stmt_need_tx(st, &tx) != EXEC_OK || load_def(st, tx, name, &t) != EXEC_OK)
		return EXEC_ERROR;
	if (t == NULL) {
		if (n->missing_ok) {
			exec_stmt_notice(st, "NOTICE", "00000",
				"relation \"%s\" does not exist, skipping", name);
			return EXEC_OK;
		}
		if (relkind(st, tx, name, &kind) == EXEC_OK && kind != 0)
			return pos_err(
				st, n->relation->n.loc, "42809", "\"%s\" is not a table", name);
		return pos_err(
			st, n->relation->n.loc, "42P01", "relation \"%s\" does not exist", name);
	}
	if (exec_lock_table_of(st, t, STORE_LOCK_ACCESS_EXCLUSIVE) != EXEC_OK)
		return EXEC_ERROR;
	for (int i = 0; i < sql_list_len(n->cmds); i++) {
		if (alter_cmd(st, tx, t, (const sql_alter_cmd *)sql_list_nth(n->cmds, i)) !=
			EXEC_OK)
			return EXEC_ERROR;
		/* Each command sees the definition the previous one left. */
		if (load_def(st, tx, t->name, &t) != EXEC_OK)
			return EXEC_ERROR;
		if (t == NULL)
			break;
	}
	return EXEC_OK;
}
