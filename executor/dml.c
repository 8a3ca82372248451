/*
 * dml.c - INSERT, UPDATE, DELETE and TRUNCATE over the store.
 *
 * Each statement writes through the session's transaction, so it is one
 * Git commit with whatever else the transaction does.  Rows are the
 * table's columns encoded as a JSON document (rowjson.h) under the row
 * key of their primary key (exec_row_key); a table without one gets
 * time-ordered generated keys, so a scan returns rows in insertion order
 * as a heap usually does.
 *
 * UPDATE and DELETE run in two phases: first the statement's plan (its
 * FROM and WHERE, at the statement's snapshot) collects the target rows;
 * then each is locked (store_tx_lock_row), read again as the newest
 * committed version, and written.  Under READ COMMITTED a row changed
 * by a transaction that committed meanwhile is re-checked against WHERE
 * on its new version (single-table statements) and updated from it, as
 * PostgreSQL's EvalPlanQual does; one deleted meanwhile is skipped.
 * Under REPEATABLE READ a changed row fails 40001.  Members of a stored
 * document that are no column (written by another front end) are kept.
 *
 * Constraints, with PostgreSQL's SQLSTATEs and messages: NOT NULL
 * (23502) and CHECK (23514) per row with the failing row in DETAIL; the
 * primary key (23505) by key lookup; UNIQUE constraints and unique
 * indexes (23505) through their index (index.h) for each written row
 * after the statement's writes, so that a statement may move values
 * between rows; foreign keys (23503) both ways, with CASCADE and SET
 * NULL / SET DEFAULT run as internal statements.  Foreign-key checks
 * are internal queries, which the planner answers
 * from the referenced table's primary key or unique index and, for the
 * referencing side, from an index on its columns when there is one.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catcache.h"
#include "index.h"
#include "locks.h"
#include "sql.h"
#include "seq.h"

/* ---- The target table ---- */

typedef struct target {
	const cat_table *t;
	store_tx *tx;
	exec_rowdesc rd;
	an_ctx *c;
	exec_expr **defaults; /* per column, NULL when none (parsed on first use) */
	bool *defaults_done;
	exec_expr **checks; /* over a row of the table's columns */
} target;

/* Take a row's write lock, waiting no longer than lock_timeout and statement_timeout allow. */
static int lock_row(exec_stmt *st, store_tx *tx, const char *table, const char *key, size_t len)
{
	if (store_tx_lock_row(tx, table, key, len, exec_stmt_lock_wait_ms(st), st->err) != STORE_OK)
		return exec_stmt_lock_error(st);
	return EXEC_OK;
}

/*
 * The same in a mode of PostgreSQL's (an UPDATE that keeps the row's
 * key takes FOR NO KEY UPDATE's, so that foreign-key checks holding FOR
 * KEY SHARE do not stop it); flags add STORE_ROW_INSERT's probe, which
 * sets *taken false when only lockers of the row stand in the way.
 */
static int lock_row_mode(exec_stmt *st, store_tx *tx, const cat_table *t, const char *key,
	size_t len, store_rowmode mode, unsigned flags, bool *taken)
{
	store_lockreq req = {mode, STORE_LOCK_WAIT, exec_stmt_lock_wait_ms(st), t->oid,
		STORE_ROW_WRITE | flags, 0};
	int g = store_tx_lock_row_req(tx, t->name, key, len, &req, st->err);

	if (g == STORE_ERROR)
		return exec_stmt_lock_error(st);
	if (taken != NULL)
		*taken = g == STORE_OK;
	return EXEC_OK;
}

/* Whether column i is a key column: of the primary key, a unique constraint or a unique index. */
static bool key_column(const cat_table *t, int i)
{
	for (int k = 0; k < t->npk; k++)
		if (t->pk[k] == i)
			return true;
	for (int u = 0; u < t->nuniq; u++)
		for (int k = 0; k < t->uniq[u].ncols; k++)
			if (t->uniq[u].cols[k] == i)
				return true;
	for (int x = 0; x < t->nindexes; x++)
		for (int k = 0; t->indexes[x].unique && k < t->indexes[x].ncols; k++)
			if (strcmp(t->indexes[x].cols[k], t->cols[i].name) == 0)
				return true;
	return false;
}

/* Whether an UPDATE from old to nv changes a key column's value (PostgreSQL compares values). */
static bool key_changed(const cat_table *t, const exec_value *old, const exec_value *nv)
{
	for (int i = 0; i < t->ncols; i++) {
		const exec_type *ty;

		if (!key_column(t, i) || (old[i].isnull && nv[i].isnull))
			continue;
		if (old[i].isnull != nv[i].isnull || old[i].type != nv[i].type)
			return true;
		ty = exec_type_by_oid(old[i].type);
		if (ty == NULL || ty->cmp == NULL || ty->cmp(&old[i], &nv[i]) != 0)
			return true;
	}
	return false;
}

static int target_init(exec_stmt *st, an_ctx *c, store_tx *tx, const cat_table *t, target *tg)
{
	exec_rowcol *cols =
		sql_arena_alloc(st->a, sizeof(*cols) * (size_t)(t->ncols ? t->ncols : 1));
	an_scope *sc;

	memset(tg, 0, sizeof(*tg));
	tg->t = t;
	tg->tx = tx;
	tg->c = c;
	for (int i = 0; i < t->ncols; i++) {
		cols[i].name = t->cols[i].name;
		cols[i].type = t->cols[i].type;
		cols[i].typmod = t->cols[i].typmod;
	}
	exec_rowdesc_init(st->a, cols, t->ncols, &tg->rd);
	tg->defaults =
		sql_arena_zalloc(st->a, sizeof(exec_expr *) * (size_t)(t->ncols ? t->ncols : 1));
	tg->defaults_done =
		sql_arena_zalloc(st->a, sizeof(bool) * (size_t)(t->ncols ? t->ncols : 1));
	tg->checks = sql_arena_zalloc(
		st->a, sizeof(exec_expr *) * (size_t)(t->nchecks ? t->nchecks : 1));
	sc = exec_table_scope(c, t, NULL);
	for (int i = 0; i < t->nchecks; i++) {
		tg->checks[i] = exec_parse_expr(c, sc, t->checks[i].sql, "check constraint");
		if (tg->checks[i] == NULL)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}

/* Column i's default, as an expression with no row (NULL: the default is NULL). */
static void *copy_default(sql_arena *a, const void *e)
{
	return exec_expr_copy_stable(a, e);
}

/*
 * Column i's default, analyzed on first use in the statement.  A default
 * that any session evaluates alike is kept with the table's cached
 * definition (catcache.h) and analyzed once per process, not once per
 * INSERT: nextval('t_id_seq') and now() are most of a single-row
 * INSERT's analysis otherwise.
 */
static int default_expr(exec_stmt *st, target *tg, int i, exec_expr **out)
{
	const cat_column *col = &tg->t->cols[i];
	struct cat_cached *ref = an_table_ref(tg->c, tg->t);

	if (!tg->defaults_done[i] && ref != NULL) {
		bool kept;
		const exec_expr *e = cat_cache_memo(ref, i, &kept);

		if (e != NULL) {
			tg->defaults_done[i] = true;
			tg->defaults[i] = (exec_expr *)e; /* evaluation never writes it */
		}
	}
	if (!tg->defaults_done[i]) {
		tg->defaults_done[i] = true;
		if (col->default_sql != NULL) {
			exec_expr *e = exec_parse_expr(
				tg->c, an_scope_new(tg->c, NULL), col->default_sql, "default");

			if (e == NULL)
				return EXEC_ERROR;
			e = an_coerce(
				tg->c, e, col->type, col->typmod, EXEC_CAST_ASSIGNMENT, "default");
			if (e == NULL)
				return EXEC_ERROR;
			tg->defaults[i] = e;
		} else if (col->identity && col->sequence != NULL) {
			const char *text = exec_seq_nextval_sql(st->a, col->sequence);
			exec_expr *e =
				exec_parse_expr(tg->c, an_scope_new(tg->c, NULL), text, "default");

			if (e == NULL)
				return EXEC_ERROR;
			tg->defaults[i] = an_coerce(
				tg->c, e, col->type, col->typmod, EXEC_CAST_ASSIGNMENT, "default");
			if (tg->defaults[i] == NULL)
				return EXEC_ERROR;
		}
		if (tg->defaults[i] != NULL && ref != NULL)
			cat_cache_memo_keep(ref, i, copy_default, tg->defaults[i]);
	}
	*out = tg->defaults[i];
	return EXEC_OK;
}

static int eval_default(exec_stmt *st, target *tg, int i, exec_value *out)
{
	exec_expr *e;
	exec_ectx ec;

	if (default_expr(st, tg, i, &e) != EXEC_OK)
		return EXEC_ERROR;
	if (e == NULL) {
		*out = exec_null(tg->t->cols[i].type);
		return EXEC_OK;
	}
	memset(&ec, 0, sizeof(ec));
	ec.cx = &st->cx;
	ec.params = st->params;
	ec.nparams = st->nparams;
	return exec_eval(&ec, e, out);
}

/* A value as a SQL literal: 'text'::type, or NULL. */
static const char *sql_literal(exec_stmt *st, const exec_value *v)
{
	store_buf b = {0}, q = {0};
	const exec_type *ty;
	const char *out;

	if (v->isnull)
		return "NULL";
	if (exec_value_out(&st->cx, v, &b) != EXEC_OK) {
		store_buf_free(&b);
		return NULL;
	}
	ty = exec_type_by_oid(v->type);
	store_buf_putc(&q, '\'');
	for (size_t i = 0; i < b.len; i++) {
		if (b.data[i] == '\'')
			store_buf_putc(&q, '\'');
		store_buf_putc(&q, b.data[i]);
	}
	store_buf_printf(&q, "'::%s", ty ? ty->sql_name : "text");
	out = sql_arena_strndup(st->a, (const char *)q.data, q.len);
	store_buf_free(&b);
	store_buf_free(&q);
	return out;
}

/* "(1, null, x)": a row as PostgreSQL's "Failing row contains" shows it. */
static const char *row_text(exec_stmt *st, const cat_table *t, const exec_value *vals)
{
	store_buf b = {0};
	const char *out;

	store_buf_putc(&b, '(');
	for (int i = 0; i < t->ncols; i++) {
		if (i)
			store_buf_puts(&b, ", ");
		if (vals[i].isnull)
			store_buf_puts(&b, "null");
		else if (exec_value_out(&st->cx, &vals[i], &b) != EXEC_OK)
			store_err_clear(st->err);
	}
	store_buf_putc(&b, ')');
	out = sql_arena_strndup(st->a, (const char *)b.data, b.len);
	store_buf_free(&b);
	return out;
}

/* "(a, b)=(1, x)" for key columns. */
static const char *key_text(
	exec_stmt *st, const cat_table *t, const int *cols, int n, const exec_value *vals)
{
	store_buf b = {0};
	const char *out;

	store_buf_putc(&b, '(');
	for (int i = 0; i < n; i++)
		store_buf_printf(&b, "%s%s", i ? ", " : "", t->cols[cols[i]].name);
	store_buf_puts(&b, ")=(");
	for (int i = 0; i < n; i++) {
		if (i)
			store_buf_puts(&b, ", ");
		if (vals[cols[i]].isnull)
			store_buf_puts(&b, "null");
		else if (exec_value_out(&st->cx, &vals[cols[i]], &b) != EXEC_OK)
			store_err_clear(st->err);
	}
	store_buf_putc(&b, ')');
	out = sql_arena_strndup(st->a, (const char *)b.data, b.len);
	store_buf_free(&b);
	return out;
}

/* NOT NULL and CHECK on a row about to be written. */
static int row_checks(exec_stmt *st, target *tg, const exec_value *vals)
{
	const cat_table *t = tg->t;
	exec_ectx ec;

	for (int i = 0; i < t->ncols; i++)
		if (t->cols[i].not_null && vals[i].isnull) {
			store_err_set(st->err, "23502",
				"null value in column \"%s\" of relation \"%s\" violates not-null constraint",
				t->cols[i].name, t->name);
			store_err_object(st->err, t->name, t->cols[i].name, NULL);
			store_err_detail(
				st->err, "Failing row contains %s.", row_text(st, t, vals));
			return EXEC_ERROR;
		}
	memset(&ec, 0, sizeof(ec));
	ec.cx = &st->cx;
	ec.row = vals;
	ec.nrow = t->ncols;
	for (int i = 0; i < t->nchecks; i++) {
		exec_value v;

		if (exec_eval(&ec, tg->checks[i], &v) != EXEC_OK)
			return EXEC_ERROR;
		if (!v.isnull && !v.v.b) {
			store_err_set(st->err, "23514",
				"new row for relation \"%s\" violates check constraint \"%s\"",
				t->name, t->checks[i].name);
			store_err_object(st->err, t->name, NULL, t->checks[i].name);
			store_err_detail(
				st->err, "Failing row contains %s.", row_text(st, t, vals));
			return EXEC_ERROR;
		}
	}
	return EXEC_OK;
}

/* The row key: the primary key's values, or a new generated id. */
static int row_key(exec_stmt *st, const cat_table *t, const exec_value *vals, store_buf *key)
{
	key->len = 0;
	if (t->npk > 0) {
		exec_value parts[16];

		if (t->npk > 16)
			return store_err_set(
				st->err, "54011", "a primary key may have at most 16 columns");
		for (int i = 0; i < t->npk; i++)
			parts[i] = vals[t->pk[i]];
		return exec_row_key(&st->cx, parts, t->npk, key);
	}
	{
		static uint64_t last;
		struct timespec ts;
		uint64_t now, id, prev;
		char text[32];
		exec_value part;

		clock_gettime(CLOCK_REALTIME, &ts);
		now = (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
		/* Strictly increasing across threads: microseconds, bumped past the last one. */
		prev = __atomic_load_n(&last, __ATOMIC_RELAXED);
		do {
			id = now > prev ? now : prev + 1;
		} while (!__atomic_compare_exchange_n(
			&last, &prev, id, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
		snprintf(text, sizeof(text), "%016" PRIx64, id);
		part = exec_text(EXEC_OID_TEXT, text, strlen(text));
		return exec_row_key(&st->cx, &part, 1, key);
	}
}

static int encode_row(exec_stmt *st, target *tg, const exec_value *vals,
	const exec_row_member *extra, int nextra, store_buf *doc)
{
	doc->len = 0;
	return exec_row_encode(&st->cx, &tg->rd, vals, extra, nextra, doc);
}

/* A foreign key of t: does the referenced row exist? */
static int fk_child_check(exec_stmt *st, const cat_table *t, const exec_value *vals)
{
	for (int k = 0; k < t->nfkeys; k++) {
		const cat_fkey *fk = &t->fkeys[k];
		store_buf q = {0};
		bool found, any_null = false;

		for (int i = 0; i < fk->ncols; i++)
			any_null = any_null || vals[fk->cols[i]].isnull;
		if (any_null)
			continue;
		store_buf_printf(
			&q, "SELECT 1 FROM %s WHERE ", exec_quote_ident(st->a, fk->ref_table));
		for (int i = 0; i < fk->ncols; i++) {
			const char *lit = sql_literal(st, &vals[fk->cols[i]]);

			if (lit == NULL) {
				store_buf_free(&q);
				return EXEC_ERROR;
			}
			store_buf_printf(&q, "%s%s = %s", i ? " AND " : "",
				exec_quote_ident(st->a, fk->ref_cols[i]), lit);
		}
		store_buf_puts(&q, " LIMIT 1");
		store_buf_putc(&q, '\0');
		if (exec_probe(st, (const char *)q.data, &found, NULL) != EXEC_OK) {
			store_buf_free(&q);
			return EXEC_ERROR;
		}
		store_buf_free(&q);
		if (!found) {
			store_err_set(st->err, "23503",
				"insert or update on table \"%s\" violates foreign key constraint \"%s\"",
				t->name, fk->name);
			store_err_object(st->err, t->name, NULL, fk->name);
			store_err_detail(st->err, "Key %s is not present in table \"%s\".",
				key_text(st, t, fk->cols, fk->ncols, vals), fk->ref_table);
			return EXEC_ERROR;
		}
	}
	return EXEC_OK;
}

/* The foreign keys of other tables (and t itself) that point at t. */
typedef struct refkey {
	const cat_table *child;
	const cat_fkey *fk;
	int *parent_cols; /* t's columns the key references */
} refkey;

/* Whether def has a foreign key that points at table. */
static bool refers_to(const cat_table *def, const char *table)
{
	for (int k = 0; k < def->nfkeys; k++)
		if (strcmp(def->fkeys[k].ref_table, table) == 0)
			return true;
	return false;
}

/*
 * Whether any table refers to a given one, by the version of all table
 * definitions it was found at (store_tx_catalog_version): most tables
 * are referred to by none, and finding that out reads every definition.
 * Shared by all sessions; direct-mapped.
 */
#define REFMEMO_SLOTS 256

static struct refmemo {
	store_oid version;
	char table[64];
	bool referenced;
	bool used;
} refmemo[REFMEMO_SLOTS];
static pthread_mutex_t refmemo_lock = PTHREAD_MUTEX_INITIALIZER;

static struct refmemo *refmemo_slot(const store_oid *version, const char *table)
{
	uint64_t h = 1469598103934665603u;

	for (const char *p = table; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	h ^= version->id[0] | (uint64_t)version->id[1] << 8 | (uint64_t)version->id[2] << 16;
	return &refmemo[h % REFMEMO_SLOTS];
}

/* Whether the memo says table is referred to at version; -1 when it does not know. */
static int refmemo_get(const store_oid *version, const char *table)
{
	struct refmemo *m = refmemo_slot(version, table);
	int r = -1;

	pthread_mutex_lock(&refmemo_lock);
	if (m->used && store_oid_equal(&m->version, version) && strcmp(m->table, table) == 0)
		r = m->referenced;
	pthread_mutex_unlock(&refmemo_lock);
	return r;
}

static void refmemo_put(const store_oid *version, const char *table, bool referenced)
{
	struct refmemo *m = refmemo_slot(version, table);

	if (strlen(table) >= sizeof(m->table))
		return;
	pthread_mutex_lock(&refmemo_lock);
	m->version = *version;
	strcpy(m->table, table);
	m->referenced = referenced;
	m->used = true;
	pthread_mutex_unlock(&refmemo_lock);
}

static int referencing_keys(exec_stmt *st, store_tx *tx, const cat_table *t, refkey **out, int *n)
{
	char **names = NULL;
	size_t nn = 0;
	store_oid version;
	bool versioned;

	*out = NULL;
	*n = 0;
	versioned = store_tx_catalog_version(tx, st->snap, &version, st->err) == STORE_OK;
	store_err_clear(st->err);
	if (versioned && refmemo_get(&version, t->name) == 0)
		return EXEC_OK;
	if (store_tx_tables(tx, st->snap, &names, &nn, st->err) != STORE_OK)
		return EXEC_ERROR;
	for (size_t i = 0; i < nn; i++) {
		char *json = NULL;
		cat_table *ct;
		cat_cached *ref = NULL;
		const cat_table *def;
		bool refers;

		if (store_tx_catalog(tx, st->snap, names[i], &json, st->err) != STORE_OK) {
			store_err_clear(st->err);
			continue;
		}

		/*
		 * The shared parse says whether the table refers to t at all
		 * (most do not); one that does is parsed into the statement's
		 * arena, which the keys found point into.
		 */
		def = cat_cache_get(json, strlen(json), names[i], &ref, st->err);
		refers = def != NULL && refers_to(def, t->name);
		cat_cache_release(ref);
		if (def == NULL) {
			free(json);
			free(names);
			return EXEC_ERROR;
		}
		if (!refers) {
			free(json);
			continue;
		}
		if (cat_table_parse(st->a, json, strlen(json), &ct, st->err) != EXEC_OK) {
			free(json);
			free(names);
			return EXEC_ERROR;
		}
		free(json);
		ct->name = sql_arena_strndup(st->a, names[i], strlen(names[i]));
		for (int k = 0; k < ct->nfkeys; k++) {
			refkey *grown;

			if (strcmp(ct->fkeys[k].ref_table, t->name) != 0)
				continue;
			grown = sql_arena_alloc(st->a, sizeof(*grown) * (size_t)(*n + 1));
			if (*n)
				memcpy(grown, *out, sizeof(*grown) * (size_t)*n);
			grown[*n].child = ct;
			grown[*n].fk = &ct->fkeys[k];
			grown[*n].parent_cols =
				sql_arena_alloc(st->a, sizeof(int) * (size_t)ct->fkeys[k].ncols);
			for (int j = 0; j < ct->fkeys[k].ncols; j++)
				grown[*n].parent_cols[j] =
					cat_column_index(t, ct->fkeys[k].ref_cols[j]);
			*out = grown;
			(*n)++;
		}
	}
	free(names);
	if (versioned)
		refmemo_put(&version, t->name, *n > 0);
	return EXEC_OK;
}

/*
 * A row of t goes away or changes its referenced key (newvals NULL:
 * deleted): referencing rows block it, or follow it (CASCADE, SET NULL,
 * SET DEFAULT).
 */
static int fk_parent_action(exec_stmt *st, const cat_table *t, const refkey *rk, int nrk,
	const exec_value *old, const exec_value *newvals)
{
	for (int k = 0; k < nrk; k++) {
		const cat_fkey *fk = rk[k].fk;
		store_buf where = {0};
		bool changed = newvals == NULL, found;
		char action = newvals == NULL ? fk->on_delete : fk->on_update;
		int r = EXEC_OK;

		for (int i = 0; i < fk->ncols && !changed; i++) {
			const exec_value *a = &old[rk[k].parent_cols[i]],
					 *b = &newvals[rk[k].parent_cols[i]];

			changed =
				a->isnull != b->isnull || (!a->isnull && exec_value_cmp(a, b) != 0);
		}
		if (!changed)
			continue;
		for (int i = 0; i < fk->ncols; i++) {
			const char *lit = sql_literal(st, &old[rk[k].parent_cols[i]]);

			if (lit == NULL || old[rk[k].parent_cols[i]].isnull) {
				store_buf_free(&where);
				goto next;
			}
			store_buf_printf(&where, "%s%s = %s", i ? " AND " : "",
				exec_quote_ident(st->a, rk[k].child->cols[fk->cols[i]].name), lit);
		}
		store_buf_putc(&where, '\0');
		switch (action) {
		case CAT_FK_CASCADE:
			if (newvals == NULL) {
				r = exec_run_internal(
					st, sql_arena_printf(st->a, "DELETE FROM %s WHERE %s",
						    exec_quote_ident(st->a, rk[k].child->name),
						    (const char *)where.data));
			} else {
				store_buf set = {0};

				for (int i = 0; i < fk->ncols; i++) {
					const char *lit =
						sql_literal(st, &newvals[rk[k].parent_cols[i]]);

					store_buf_printf(&set, "%s%s = %s", i ? ", " : "",
						exec_quote_ident(
							st->a, rk[k].child->cols[fk->cols[i]].name),
						lit ? lit : "NULL");
				}
				store_buf_putc(&set, '\0');
				r = exec_run_internal(st,
					sql_arena_printf(st->a, "UPDATE %s SET %s WHERE %s",
						exec_quote_ident(st->a, rk[k].child->name),
						(const char *)set.data, (const char *)where.data));
				store_buf_free(&set);
			}
			break;
		case CAT_FK_SET_NULL:
		case CAT_FK_SET_DEFAULT: {
			store_buf set = {0};

			for (int i = 0; i < fk->ncols; i++)
				store_buf_printf(&set, "%s%s = %s", i ? ", " : "",
					exec_quote_ident(
						st->a, rk[k].child->cols[fk->cols[i]].name),
					action == CAT_FK_SET_NULL ? "NULL" : "DEFAULT");
			store_buf_putc(&set, '\0');
			r = exec_run_internal(
				st, sql_arena_printf(st->a, "UPDATE %s SET %s WHERE %s",
					    exec_quote_ident(st->a, rk[k].child->name),
					    (const char *)set.data, (const char *)where.data));
			store_buf_free(&set);
			break;
		}
		default:
			r = exec_probe(st,
				sql_arena_printf(st->a, "SELECT 1 FROM %s WHERE %s LIMIT 1",
					exec_quote_ident(st->a, rk[k].child->name),
					(const char *)where.data),
				&found, NULL);
			if (r == EXEC_OK && found) {
				store_err_set(st->err, "23503",
					"update or delete on table \"%s\" violates foreign key constraint \"%s\" on table \"%s\"",
					t->name, fk->name, rk[k].child->name);
				store_err_object(st->err, rk[k].child->name, NULL, fk->name);
				store_err_detail(st->err,
					"Key %s is still referenced from table \"%s\".",
					key_text(st, t, rk[k].parent_cols, fk->ncols, old),
					rk[k].child->name);
				r = EXEC_ERROR;
			}
			break;
		}
		store_buf_free(&where);
		if (r != EXEC_OK)
			return EXEC_ERROR;
	next:;
	}
	return EXEC_OK;
}

/* The rows written by the statement, for the UNIQUE checks after it. */
typedef struct written {
	exec_value **rows;
	int n, cap;
} written;

static void written_add(exec_stmt *st, written *w, const cat_table *t, const exec_value *vals)
{
	exec_value *copy;

	if (t->nuniq == 0 && t->nindexes == 0)
		return;
	copy = sql_arena_alloc(st->a, sizeof(exec_value) * (size_t)(t->ncols ? t->ncols : 1));
	for (int i = 0; i < t->ncols; i++)
		copy[i] = exec_value_copy(st->a, &vals[i]);
	if (w->n == w->cap) {
		int cap = w->cap ? 2 * w->cap : 16;
		exec_value **g = sql_arena_alloc(st->a, sizeof(*g) * (size_t)cap);

		if (w->n)
			memcpy(g, w->rows, sizeof(*g) * (size_t)w->n);
		w->rows = g;
		w->cap = cap;
	}
	w->rows[w->n++] = copy;
}

/* The UNIQUE constraints and the unique indexes of t, as one list. */
static int unique_keys(exec_stmt *st, const cat_table *t, cat_unique **out)
{
	int n = t->nuniq;
	cat_unique *u = sql_arena_alloc(st->a, sizeof(*u) * (size_t)(t->nuniq + t->nindexes + 1));

	memcpy(u, t->uniq, sizeof(*u) * (size_t)t->nuniq);
	for (int i = 0; i < t->nindexes; i++) {
		const cat_index *ix = &t->indexes[i];
		bool ok = ix->unique;

		if (!ok)
			continue;
		u[n].name = ix->name;
		u[n].ncols = ix->ncols;
		u[n].cols =
			sql_arena_alloc(st->a, sizeof(int) * (size_t)(ix->ncols ? ix->ncols : 1));
		for (int k = 0; k < ix->ncols; k++)
			if ((u[n].cols[k] = cat_column_index(t, ix->cols[k])) < 0)
				ok = false;
		if (ok)
			n++;
	}
	*out = u;
	return n;
}

static int unique_violation(
	exec_stmt *st, const cat_table *t, const cat_unique *uq, const exec_value *vals)
{
	store_err_set(st->err, "23505", "duplicate key value violates unique constraint \"%s\"",
		uq->name);
	store_err_object(st->err, t->name, NULL, uq->name);
	store_err_detail(
		st->err, "Key %s already exists.", key_text(st, t, uq->cols, uq->ncols, vals));
	return EXEC_ERROR;
}

/*
 * How many rows hold vals's values of the columns of uq, up to two,
 * through its index (index.h) when its columns' types have a key
 * encoding; *counted false when they have none.
 */
static int unique_count(exec_stmt *st, const cat_table *t, const cat_unique *uq,
	const exec_value *vals, int *n, bool *counted)
{
	exec_idx_def def;
	store_buf key = STORE_BUF_INIT;
	int r = EXEC_OK;

	*counted = false;
	if (uq->ncols > EXEC_IDX_MAXCOLS)
		return EXEC_OK;
	memset(&def, 0, sizeof(def));
	def.name = uq->name;
	def.ncols = uq->ncols;
	def.unique = true;
	for (int i = 0; i < uq->ncols; i++) {
		if (!exec_idx_type_ok(t->cols[uq->cols[i]].type))
			return EXEC_OK;
		def.cols[i] = uq->cols[i];
	}
	for (int i = 0; i < uq->ncols && r == EXEC_OK; i++)
		r = exec_idx_key_part(&st->cx, &vals[uq->cols[i]], &key);
	if (r == EXEC_OK)
		r = exec_idx_count(&st->cx, st->snap, st->ss->tx, t, &def, key.data, key.len, 2, n);
	store_buf_free(&key);
	*counted = r == EXEC_OK;
	return r;
}

/* UNIQUE constraints over the rows the statement wrote: each value set must be there once. */
static int unique_checks(exec_stmt *st, const cat_table *t, const written *w)
{
	cat_unique *uniq;
	int nuniq = unique_keys(st, t, &uniq);

	for (int r = 0; r < w->n; r++) {
		const exec_value *vals = w->rows[r];

		for (int u = 0; u < nuniq; u++) {
			const cat_unique *uq = &uniq[u];
			store_buf q = {0};
			bool any_null = false, counted;
			exec_value count;
			bool found;
			int n;

			for (int i = 0; i < uq->ncols; i++)
				any_null = any_null || vals[uq->cols[i]].isnull;
			if (any_null)
				continue;
			if (unique_count(st, t, uq, vals, &n, &counted) != EXEC_OK)
				return EXEC_ERROR;
			if (counted) {
				if (n > 1)
					return unique_violation(st, t, uq, vals);
				continue;
			}

			/* Columns no index can hold: a query counts them. */
			store_buf_printf(&q, "SELECT count(*) FROM %s WHERE ",
				exec_quote_ident(st->a, t->name));
			for (int i = 0; i < uq->ncols; i++) {
				const char *lit = sql_literal(st, &vals[uq->cols[i]]);

				if (lit == NULL) {
					store_buf_free(&q);
					return EXEC_ERROR;
				}
				store_buf_printf(&q, "%s%s = %s", i ? " AND " : "",
					exec_quote_ident(st->a, t->cols[uq->cols[i]].name), lit);
			}
			store_buf_putc(&q, '\0');
			if (exec_probe(st, (const char *)q.data, &found, &count) != EXEC_OK) {
				store_buf_free(&q);
				return EXEC_ERROR;
			}
			store_buf_free(&q);
			if (found && !count.isnull && count.v.i > 1)
				return unique_violation(st, t, uq, vals);
		}
	}
	return EXEC_OK;
}

static const char *pkey_name(exec_stmt *st, const cat_table *t)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.*s_pkey", 58, t->name);
	return sql_arena_strndup(st->a, buf, strlen(buf));
}

/* ---- RETURNING ---- */

typedef struct returning {
	exec_tupdesc desc;
	exec_expr **exprs;
	bool on;
	bool described;
} returning;

static int returning_init(
	exec_stmt *st, an_ctx *c, an_scope *sc, const sql_list *list, returning *rt)
{
	memset(rt, 0, sizeof(*rt));
	if (sql_list_len(list) == 0)
		return EXEC_OK;
	rt->on = true;
	return an_returning(c, sc, list, &rt->desc, &rt->exprs);
}

/* One RETURNING row over a FROM row. */
static int returning_row(exec_stmt *st, returning *rt, const exec_value *row, int nrow)
{
	exec_value *out;
	exec_ectx ec;

	if (!rt->on)
		return EXEC_OK;
	if (!rt->described) {
		rt->described = true;
		if (st->sink && st->sink->describe &&
			st->sink->describe(st->sink->arg, &rt->desc) != EXEC_OK)
			return EXEC_ERROR;
	}
	out = sql_arena_alloc(
		st->a, sizeof(exec_value) * (size_t)(rt->desc.ncols ? rt->desc.ncols : 1));
	memset(&ec, 0, sizeof(ec));
	ec.cx = &st->cx;
	ec.row = row;
	ec.nrow = nrow;
	ec.params = st->params;
	ec.nparams = st->nparams;
	for (int i = 0; i < rt->desc.ncols; i++)
		if (exec_eval(&ec, rt->exprs[i], &out[i]) != EXEC_OK)
			return EXEC_ERROR;
	if (st->sink && st->sink->row)
		return st->sink->row(st->sink->arg, &rt->desc, out);
	return EXEC_OK;
}

/* A result set with no rows still describes itself. */
static int returning_end(exec_stmt *st, returning *rt)
{
	if (rt->on && !rt->described) {
		rt->described = true;
		if (st->sink && st->sink->describe)
			return st->sink->describe(st->sink->arg, &rt->desc);
	}
	return EXEC_OK;
}

/*
 * e stored into column col: an assignment cast, or PostgreSQL's 42804
 * "column ... is of type ... but expression is of type ..." at e.
 */
static exec_expr *assign_coerce(an_ctx *c, exec_expr *e, const cat_column *col)
{
	if (e->type != col->type && e->type != EXEC_OID_UNKNOWN &&
		exec_cast_find(e->type, col->type, EXEC_CAST_ASSIGNMENT) == NULL) {
		const exec_type *a = exec_type_by_oid(col->type), *b = exec_type_by_oid(e->type);

		an_error(c, e->loc, "42804",
			"column \"%s\" is of type %s but expression is of type %s", col->name,
			a ? a->sql_name : "?", b ? b->sql_name : "?");
		store_err_hint(c->err, "You will need to rewrite or cast the expression.");
		return NULL;
	}
	return an_coerce(c, e, col->type, col->typmod, EXEC_CAST_ASSIGNMENT, col->name);
}

/* Members of a document that are no column, kept across an UPDATE (and ON CONFLICT DO UPDATE). */
typedef struct extras {
	sql_arena *a;
	exec_row_member *m;
	int n, cap;
} extras;

static int keep_extra(void *arg, const exec_row_member *mem, store_err *err)
{
	extras *x = arg;

	(void)err;
	if (x->n == x->cap) {
		int cap = x->cap ? 2 * x->cap : 4;
		exec_row_member *g = sql_arena_alloc(x->a, sizeof(*g) * (size_t)cap);

		if (x->n)
			memcpy(g, x->m, sizeof(*g) * (size_t)x->n);
		x->m = g;
		x->cap = cap;
	}
	x->m[x->n].name = sql_arena_strndup(x->a, mem->name, mem->namelen);
	x->m[x->n].namelen = mem->namelen;
	x->m[x->n].val = mem->val;
	x->n++;
	return EXEC_OK;
}

/* Set members m over x's: one of the same name is replaced, the others are added. */
static void extras_set(extras *x, const exec_row_member *m, int n)
{
	for (int i = 0; i < n; i++) {
		int k = 0;

		while (k < x->n && !(x->m[k].namelen == m[i].namelen &&
					   memcmp(x->m[k].name, m[i].name, m[i].namelen) == 0))
			k++;
		if (k < x->n)
			x->m[k].val = m[i].val;
		else
			keep_extra(x, &m[i], NULL);
	}
}

/* A member of a document being written: given twice, its last value counts, as a column's does. */
static int set_extra(void *arg, const exec_row_member *mem, store_err *err)
{
	(void)err;
	extras_set(arg, mem, 1);
	return EXEC_OK;
}

/*
 * A SET item's value for one target of it: the whole column, or a part
 * of it (a[2] = v, over base: the column's value so far).  0A000 for
 * DEFAULT written into a part, as PostgreSQL has it.
 */
static exec_expr *set_target_value(an_ctx *c, an_scope *sc, const sql_node *tgt,
	const cat_column *col, exec_expr *base, sql_node *v)
{
	exec_expr *e;

	if (tgt->kind == SQL_INDIRECTION && v->kind == SQL_DEFAULT) {
		an_error(c, tgt->loc, "0A000", "cannot set an array element to DEFAULT");
		return NULL;
	}
	e = an_expr(c, sc, v);
	if (e == NULL)
		return NULL;
	if (tgt->kind == SQL_INDIRECTION)
		return an_assign_part(c, sc, tgt, col->name, col->type, col->typmod, base, e);
	return assign_coerce(c, e, col);
}

/* ---- INSERT ---- */

typedef struct inserter {
	exec_stmt *st;
	target tg;
	int ntarget;
	int *tcols; /* target column of each source column */
	bool overriding_system;
	int conflict; /* ON CONFLICT's action (sql_conflict_action), -1 without one */
	/* ON CONFLICT DO UPDATE */
	int nset;
	int *setcols;
	exec_expr **setexprs; /* over (existing row, excluded row) */
	exec_expr *setwhere;
	/* Members of the proposed document that are no column (the plan builder's writes):
	 * stored with a new row; DO UPDATE keeps the existing row's members and sets
	 * these over them, or with replace_extra stores these alone. */
	const exec_row_member *extra;
	int nextra;
	bool replace_extra;
	/* DO UPDATE of the given columns of an existing row, checked as UPDATE checks its
	 * rows: the proposed row is checked only when it is inserted (the plan builder's
	 * merge). */
	bool merge;
	returning rt;
	written w;
	bool prechecked; /* COPY: NOT NULL and CHECK ran before (exec_row_inserter_check) */
	uint64_t count;
	uint64_t updated; /* of count, the rows DO UPDATE changed */
	struct keyset {
		char **keys;
		size_t *lens;
		int n, cap;
	} touched;
} inserter;

static bool keyset_has(const struct keyset *k, const store_buf *key)
{
	for (int i = 0; i < k->n; i++)
		if (k->lens[i] == key->len && memcmp(k->keys[i], key->data, key->len) == 0)
			return true;
	return false;
}

static void keyset_add(exec_stmt *st, struct keyset *k, const store_buf *key)
{
	if (k->n == k->cap) {
		int cap = k->cap ? 2 * k->cap : 16;
		char **g = sql_arena_alloc(st->a, sizeof(*g) * (size_t)cap);
		size_t *l = sql_arena_alloc(st->a, sizeof(*l) * (size_t)cap);

		if (k->n) {
			memcpy(g, k->keys, sizeof(*g) * (size_t)k->n);
			memcpy(l, k->lens, sizeof(*l) * (size_t)k->n);
		}
		k->keys = g;
		k->lens = l;
		k->cap = cap;
	}
	k->keys[k->n] = sql_arena_strndup(st->a, (const char *)key->data, key->len);
	k->lens[k->n] = key->len;
	k->n++;
}

/* Write one new row (source values already in vals, defaults filled). */
static int insert_one(inserter *in, exec_value *vals)
{
	exec_stmt *st = in->st;
	const cat_table *t = in->tg.t;
	store_tx *tx = in->tg.tx;
	store_buf key = {0}, doc = {0};
	extras x = {0};
	bool null_key = false;
	int r = EXEC_ERROR;

	st->may_restart = false; /* writing now: no starting again after a lock wait */
	for (int i = 0; i < t->npk; i++)
		null_key = null_key || vals[t->pk[i]].isnull;
	if ((!in->prechecked && (!in->merge || null_key) &&
		    row_checks(st, &in->tg, vals) != EXEC_OK) ||
		row_key(st, t, vals, &key) != EXEC_OK)
		goto out;
	if (t->npk > 0) {
		char *old = NULL;
		size_t oldlen = 0;
		bool taken = true;
		int g;

		/*
		 * Wait for a transaction writing the key; one that only locked an
		 * existing row does not hold up a duplicate's 23505 or DO NOTHING,
		 * as in PostgreSQL.
		 */
		if (lock_row_mode(st, tx, t, (const char *)key.data, key.len, STORE_ROW_UPDATE,
			    STORE_ROW_INSERT, &taken) != EXEC_OK)
			goto out;
		g = store_tx_get(
			tx, t->name, (const char *)key.data, key.len, &old, &oldlen, NULL, st->err);
		if (g == STORE_ERROR)
			goto out;
		if (!taken && (g != STORE_OK || in->conflict == SQL_CONFLICT_UPDATE)) {
			/* Absent after all, or to be updated: the lock, waiting, and the row again. */
			bool set_key = false;

			for (int i = 0; i < in->nset && !set_key; i++)
				set_key = key_column(t, in->setcols[i]);
			free(old);
			old = NULL;
			if (lock_row_mode(st, tx, t, (const char *)key.data, key.len,
				    g == STORE_OK && !set_key ? STORE_ROW_NO_KEY_UPDATE
							      : STORE_ROW_UPDATE,
				    0, NULL) != EXEC_OK)
				goto out;
			g = store_tx_get(tx, t->name, (const char *)key.data, key.len, &old,
				&oldlen, NULL, st->err);
			if (g == STORE_ERROR)
				goto out;
			if (g != STORE_OK && lock_row(st, tx, t->name, (const char *)key.data,
						     key.len) != EXEC_OK)
				goto out;
		}
		if (g == STORE_OK) {
			exec_value *cur;
			exec_ectx ec;
			int ok = 1;

			if (in->conflict < 0) {
				free(old);
				store_err_set(st->err, "23505",
					"duplicate key value violates unique constraint \"%s\"",
					pkey_name(st, t));
				store_err_object(st->err, t->name, NULL, pkey_name(st, t));
				store_err_detail(st->err, "Key %s already exists.",
					key_text(st, t, t->pk, t->npk, vals));
				goto out;
			}
			if (in->conflict == SQL_CONFLICT_NOTHING) {
				free(old);
				r = EXEC_OK;
				goto out;
			}
			/* DO UPDATE: the existing row, then the proposed one (excluded). */
			if (keyset_has(&in->touched, &key)) {
				free(old);
				store_err_set(st->err, "21000",
					"ON CONFLICT DO UPDATE command cannot affect row a second time");
				store_err_hint(st->err,
					"Ensure that no rows proposed for insertion within the same command have duplicate constrained values.");
				goto out;
			}
			cur = sql_arena_alloc(
				st->a, sizeof(exec_value) * (size_t)(2 * t->ncols + 1));
			x.a = st->a;
			if (exec_row_decode(&st->cx, &in->tg.rd, old, oldlen, cur,
				    in->replace_extra ? NULL : keep_extra, &x) != EXEC_OK) {
				free(old);
				goto out;
			}
			free(old);
			extras_set(&x, in->extra, in->nextra);
			memcpy(cur + t->ncols, vals, sizeof(exec_value) * (size_t)t->ncols);
			memset(&ec, 0, sizeof(ec));
			ec.cx = &st->cx;
			ec.row = cur;
			ec.nrow = 2 * t->ncols;
			ec.params = st->params;
			ec.nparams = st->nparams;
			if (in->setwhere != NULL &&
				exec_eval_qual(&ec, in->setwhere, &ok) != EXEC_OK)
				goto out;
			if (!ok) {
				r = EXEC_OK;
				goto out;
			}
			{
				exec_value *nv = sql_arena_alloc(
					st->a, sizeof(exec_value) * (size_t)(t->ncols + 1));

				memcpy(nv, cur, sizeof(exec_value) * (size_t)t->ncols);
				for (int i = 0; i < in->nset; i++) {
					exec_value v;

					if (exec_eval(&ec, in->setexprs[i], &v) != EXEC_OK)
						goto out;
					nv[in->setcols[i]] = v;
				}
				if (row_checks(st, &in->tg, nv) != EXEC_OK)
					goto out;
				for (int i = 0; i < t->npk; i++)
					if (exec_value_cmp(&nv[t->pk[i]], &cur[t->pk[i]]) != 0) {
						store_err_set(st->err, "0A000",
							"ON CONFLICT DO UPDATE cannot change the primary key");
						goto out;
					}
				if (fk_child_check(st, t, nv) != EXEC_OK ||
					encode_row(st, &in->tg, nv, x.m, x.n, &doc) != EXEC_OK ||
					exec_validate_row(st, tx, t->name, (const char *)doc.data,
						doc.len) != EXEC_OK ||
					store_tx_put(tx, t->name, (const char *)key.data, key.len,
						(const char *)doc.data, doc.len,
						st->err) != STORE_OK)
					goto out;
				keyset_add(st, &in->touched, &key);
				written_add(st, &in->w, t, nv);
				in->count++;
				in->updated++;
				r = returning_row(st, &in->rt, nv, t->ncols);
				goto out;
			}
		}
	} else if (in->conflict == SQL_CONFLICT_UPDATE) {
		store_err_set(st->err, "42P10",
			"there is no unique or exclusion constraint matching the ON CONFLICT specification");
		goto out;
	}
	/* DO NOTHING also skips rows that conflict on a UNIQUE constraint. */
	if (in->conflict == SQL_CONFLICT_NOTHING && t->nuniq > 0) {
		for (int u = 0; u < t->nuniq; u++) {
			const cat_unique *uq = &t->uniq[u];
			store_buf q = {0};
			bool found, any_null = false;

			for (int i = 0; i < uq->ncols; i++)
				any_null = any_null || vals[uq->cols[i]].isnull;
			if (any_null)
				continue;
			store_buf_printf(
				&q, "SELECT 1 FROM %s WHERE ", exec_quote_ident(st->a, t->name));
			for (int i = 0; i < uq->ncols; i++)
				store_buf_printf(&q, "%s%s = %s", i ? " AND " : "",
					exec_quote_ident(st->a, t->cols[uq->cols[i]].name),
					sql_literal(st, &vals[uq->cols[i]]));
			store_buf_puts(&q, " LIMIT 1");
			store_buf_putc(&q, '\0');
			r = exec_probe(st, (const char *)q.data, &found, NULL);
			store_buf_free(&q);
			if (r != EXEC_OK)
				goto out;
			r = EXEC_ERROR;
			if (found) {
				r = EXEC_OK;
				goto out;
			}
		}
	}
	if ((in->merge && row_checks(st, &in->tg, vals) != EXEC_OK) ||
		fk_child_check(st, t, vals) != EXEC_OK ||
		encode_row(st, &in->tg, vals, in->extra, in->nextra, &doc) != EXEC_OK ||
		exec_validate_row(st, tx, t->name, (const char *)doc.data, doc.len) != EXEC_OK ||
		store_tx_put(tx, t->name, (const char *)key.data, key.len, (const char *)doc.data,
			doc.len, st->err) != STORE_OK)
		goto out;
	if (in->conflict >= 0)
		keyset_add(st, &in->touched, &key);
	written_add(st, &in->w, t, vals);
	in->count++;
	r = returning_row(st, &in->rt, vals, t->ncols);
out:
	store_buf_free(&key);
	store_buf_free(&doc);
	return r;
}

/* A source row (ntarget values, already of the target columns' types) to a full row. */
static int fill_row(inserter *in, const exec_value *src, const bool *is_default, exec_value *vals)
{
	exec_stmt *st = in->st;
	const cat_table *t = in->tg.t;
	bool *given = sql_arena_zalloc(st->a, sizeof(bool) * (size_t)(t->ncols ? t->ncols : 1));

	for (int i = 0; i < in->ntarget; i++) {
		int c = in->tcols[i];

		if (is_default != NULL && is_default[i])
			continue;
		if (t->cols[c].identity == 'a' && !in->overriding_system) {
			store_err_set(st->err, "428C9",
				"cannot insert a non-DEFAULT value into column \"%s\"",
				t->cols[c].name);
			store_err_detail(st->err,
				"Column \"%s\" is an identity column defined as GENERATED ALWAYS.",
				t->cols[c].name);
			store_err_hint(st->err, "Use OVERRIDING SYSTEM VALUE to override.");
			return EXEC_ERROR;
		}
		vals[c] = src[i];
		given[c] = true;
	}
	for (int c = 0; c < t->ncols; c++)
		if (!given[c] && eval_default(st, &in->tg, c, &vals[c]) != EXEC_OK)
			return EXEC_ERROR;
	return EXEC_OK;
}

static int conflict_setup(exec_stmt *st, an_ctx *c, inserter *in, const sql_insert *n)
{
	const sql_on_conflict *oc = n->on_conflict;
	const cat_table *t = in->tg.t;
	an_scope *sc;
	const char **names;
	exec_oid *types;
	int32_t *mods;

	in->conflict = oc != NULL ? (int)oc->action : -1;
	if (oc == NULL)
		return EXEC_OK;
	if (oc->constraint != NULL && strcmp(oc->constraint, pkey_name(st, t)) != 0)
		return store_err_set(st->err, "0A000",
			"ON CONFLICT ON CONSTRAINT supports the primary key only");
	if (oc->constraint != NULL) {
		/* ON CONSTRAINT t_pkey: the primary key, checked above. */
	} else if (sql_list_len(oc->target) > 0) {
		bool pk = sql_list_len(oc->target) == t->npk;

		for (int i = 0; pk && i < sql_list_len(oc->target); i++) {
			const sql_index_elem *e =
				(const sql_index_elem *)sql_list_nth(oc->target, i);
			int ci = e->name ? cat_column_index(t, e->name) : -1;
			bool in_pk = false;

			for (int j = 0; j < t->npk; j++)
				in_pk = in_pk || t->pk[j] == ci;
			pk = in_pk;
		}
		if (!pk) {
			for (int u = 0; u < t->nuniq; u++)
				if (t->uniq[u].ncols == sql_list_len(oc->target) &&
					oc->action == SQL_CONFLICT_NOTHING)
					return EXEC_OK;
			return store_err_set(st->err, "42P10",
				"there is no unique or exclusion constraint matching the ON CONFLICT specification");
		}
	} else if (oc->action == SQL_CONFLICT_UPDATE) {
		return an_error(c, oc->n.loc, "42601",
			"ON CONFLICT DO UPDATE requires inference specification or constraint name");
	}
	if (oc->action != SQL_CONFLICT_UPDATE)
		return EXEC_OK;
	/* The existing row under the table's name (or alias), the proposed one as excluded. */
	sc = exec_table_scope(c, t, n->relation->alias ? n->relation->alias->name : NULL);
	names = sql_arena_alloc(st->a, sizeof(char *) * (size_t)(t->ncols ? t->ncols : 1));
	types = sql_arena_alloc(st->a, sizeof(exec_oid) * (size_t)(t->ncols ? t->ncols : 1));
	mods = sql_arena_alloc(st->a, sizeof(int32_t) * (size_t)(t->ncols ? t->ncols : 1));
	for (int i = 0; i < t->ncols; i++) {
		names[i] = t->cols[i].name;
		types[i] = t->cols[i].type;
		mods[i] = t->cols[i].typmod;
	}
	an_scope_add(c, sc, "excluded", t->ncols, names, types, mods);
	sc->srf_where = "UPDATE";
	for (int i = 0; i < sql_list_len(oc->set); i++) {
		const sql_assign *as = (const sql_assign *)sql_list_nth(oc->set, i);

		for (int j = 0; j < sql_list_len(as->columns); j++) {
			const sql_node *tgt = sql_list_nth(as->columns, j);
			const char *cn = an_assign_column(tgt);
			int ci = cat_column_index(t, cn), prev = -1;
			sql_node *v = as->value;
			exec_expr *e;

			if (ci < 0)
				return an_error(c, as->n.loc, "42703",
					"column \"%s\" of relation \"%s\" does not exist", cn,
					t->name);
			for (int k = 0; k < in->nset; k++)
				if (in->setcols[k] == ci) {
					if (tgt->kind != SQL_INDIRECTION ||
						in->setexprs[k]->kind != EXPR_SUBSCRIPT_ASSIGN)
						return store_err_set(st->err, "42601",
							"multiple assignments to same column \"%s\"",
							cn);
					prev = k;
				}
			if (sql_list_len(as->columns) > 1) {
				if (v->kind != SQL_ROW || sql_list_len(sql_as_row(v)->args) !=
								  sql_list_len(as->columns))
					return an_error(c, v->loc, "42601",
						"number of columns does not match number of values");
				v = sql_list_nth(sql_as_row(v)->args, j);
			}
			if (v->kind == SQL_DEFAULT && tgt->kind != SQL_INDIRECTION) {
				if (default_expr(st, &in->tg, ci, &e) != EXEC_OK)
					return EXEC_ERROR;
				if (e == NULL)
					e = exec_expr_const(st->a, exec_null(t->cols[ci].type),
						t->cols[ci].typmod);
			} else {
				e = set_target_value(c, sc, tgt, &t->cols[ci],
					prev >= 0 ? in->setexprs[prev]
						  : exec_expr_var(st->a, 0, ci, t->cols[ci].type,
							    t->cols[ci].typmod),
					v);
				if (e == NULL)
					return EXEC_ERROR;
			}
			if (prev >= 0) {
				in->setexprs[prev] = e;
				continue;
			}
			{
				int *gc = sql_arena_alloc(
					st->a, sizeof(int) * (size_t)(in->nset + 1));
				exec_expr **ge = sql_arena_alloc(
					st->a, sizeof(*ge) * (size_t)(in->nset + 1));

				if (in->nset) {
					memcpy(gc, in->setcols, sizeof(int) * (size_t)in->nset);
					memcpy(ge, in->setexprs, sizeof(*ge) * (size_t)in->nset);
				}
				gc[in->nset] = ci;
				ge[in->nset] = e;
				in->setcols = gc;
				in->setexprs = ge;
				in->nset++;
			}
		}
	}
	if (oc->where != NULL && (in->setwhere = an_qual(c, sc, oc->where, "WHERE")) == NULL)
		return EXEC_ERROR;
	return EXEC_OK;
}

/*
 * What target i of an INSERT assigns a part of (a[2]): the column's value
 * from the targets before it that set other parts (exprs[j]), else NULL,
 * as PostgreSQL starts an inserted column's subscripted assignment.
 */
static exec_expr *insert_base(an_ctx *c, const inserter *in, int i, exec_expr *const *exprs)
{
	const cat_column *col = &in->tg.t->cols[in->tcols[i]];

	for (int j = i - 1; j >= 0; j--) {
		if (in->tcols[j] == in->tcols[i] && exprs[j] != NULL)
			return exprs[j];
	}
	return exec_expr_const(c->a, exec_null(col->type), col->typmod);
}

/*
 * INSERT ... SELECT with subscripted targets: the query's rows projected
 * so that each such column holds the whole new array (a later target of
 * the same column holds the earlier parts too, and wins in fill_row).
 */
static plan_node *insert_parts_plan(
	an_ctx *c, const inserter *in, const sql_list *targets, plan_node *p)
{
	int n = p->desc.ncols;
	exec_expr **exprs = sql_arena_alloc(c->a, sizeof(*exprs) * (size_t)(n ? n : 1));
	plan_node *q = sql_arena_zalloc(c->a, sizeof(*q));
	an_scope *none = an_scope_new(c, NULL);

	q->kind = PLAN_PROJECT;
	q->left = p;
	q->rows = p->rows;
	q->desc.ncols = n;
	q->desc.cols = sql_arena_zalloc(c->a, sizeof(exec_column) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		const exec_column *pc = &p->desc.cols[i];
		const sql_node *tgt = i < in->ntarget ? sql_list_nth(targets, i) : NULL;

		exprs[i] = exec_expr_var(c->a, 0, i, pc->type, pc->typmod);
		q->desc.cols[i] = *pc;
		if (tgt == NULL || tgt->kind != SQL_INDIRECTION)
			continue;
		{
			const cat_column *col = &in->tg.t->cols[in->tcols[i]];

			exprs[i] = an_assign_part(c, none, tgt, col->name, col->type, col->typmod,
				insert_base(c, in, i, exprs), exprs[i]);
			if (exprs[i] == NULL)
				return NULL;
			q->desc.cols[i].type = col->type;
			q->desc.cols[i].typmod = col->typmod;
		}
	}
	q->exprs = exprs;
	return q;
}

int exec_insert(exec_stmt *st, sql_insert *n)
{
	store_tx *tx;
	an_ctx c;
	const cat_table *t;
	store_snap *snap;
	inserter in;
	bool parts = false;
	int r = EXEC_ERROR;
	const sql_select *src = n->source;

	strcpy(st->tag, "INSERT 0 0");
	if (exec_stmt_need_tx(st, &tx) != EXEC_OK)
		return EXEC_ERROR;
	exec_stmt_analyzer(st, &c);
	if (n->with != NULL && an_with(&c, n->with) != EXEC_OK)
		goto out;
	c.relmode = STORE_LOCK_ROW_EXCLUSIVE; /* the target's table lock */
	if (an_table(&c, n->relation->names, n->relation->n.loc, &t, &snap) != EXEC_OK)
		goto out;
	c.relmode = 0;
	memset(&in, 0, sizeof(in));
	in.st = st;
	in.conflict = -1;
	in.overriding_system = n->overriding == SQL_OVERRIDING_SYSTEM_VALUE;
	if (target_init(st, &c, tx, t, &in.tg) != EXEC_OK)
		goto out;

	/* The target columns. */
	in.ntarget = sql_list_len(n->columns) > 0 ? sql_list_len(n->columns) : t->ncols;
	in.tcols = sql_arena_alloc(st->a, sizeof(int) * (size_t)(in.ntarget ? in.ntarget : 1));
	for (int i = 0; i < in.ntarget; i++) {
		if (sql_list_len(n->columns) == 0) {
			in.tcols[i] = i;
			continue;
		}
		{
			const sql_node *tgt = sql_list_nth(n->columns, i);
			const char *cn = an_assign_column(tgt);
			int ci = cat_column_index(t, cn);

			if (ci < 0) {
				an_error(&c, sql_list_nth(n->columns, i)->loc, "42703",
					"column \"%s\" of relation \"%s\" does not exist", cn,
					t->name);
				goto out;
			}

			/* A column is a target once, or part by part: (a[1], a[2]). */
			for (int j = 0; j < i; j++)
				if (in.tcols[j] == ci &&
					(tgt->kind != SQL_INDIRECTION ||
						sql_list_nth(n->columns, j)->kind !=
							SQL_INDIRECTION)) {
					an_error(&c, sql_list_nth(n->columns, i)->loc, "42701",
						"column \"%s\" specified more than once", cn);
					goto out;
				}
			in.tcols[i] = ci;
			if (tgt->kind == SQL_INDIRECTION)
				parts = true;
		}
	}
	if (conflict_setup(st, &c, &in, n) != EXEC_OK)
		goto out;
	{
		an_scope *rsc = exec_table_scope(
			&c, t, n->relation->alias ? n->relation->alias->name : NULL);

		if (returning_init(st, &c, rsc, n->returning, &in.rt) != EXEC_OK)
			goto out;
	}

	if (src == NULL) {
		/* DEFAULT VALUES */
		exec_value *vals = sql_arena_alloc(
			st->a, sizeof(exec_value) * (size_t)(t->ncols ? t->ncols : 1));

		in.ntarget = 0;
		if (st->describe) {
			r = exec_stmt_described(st, in.rt.on ? &in.rt.desc : NULL);
			goto out;
		}
		if (fill_row(&in, NULL, NULL, vals) != EXEC_OK || insert_one(&in, vals) != EXEC_OK)
			goto out;
	} else if (src->values != NULL && src->sort == NULL && src->limit == NULL &&
		   src->offset == NULL && src->with == NULL) {
		/* VALUES rows: each item coerced to its column at once, DEFAULT allowed. */
		an_scope *none = an_scope_new(&c, NULL);
		int nrows = sql_list_len(src->values);

		/* XXX: PostgreSQL runs set-returning functions of a one-row VALUES as a select list. */
		none->srf_where = "VALUES";
		exec_expr ***rows =
			sql_arena_alloc(st->a, sizeof(*rows) * (size_t)(nrows ? nrows : 1));
		bool **defs = sql_arena_alloc(st->a, sizeof(*defs) * (size_t)(nrows ? nrows : 1));

		for (int ri = 0; ri < nrows; ri++) {
			const sql_list *row = (const sql_list *)sql_list_nth(src->values, ri);

			if (sql_list_len(row) > in.ntarget) {
				an_error(&c, sql_list_nth(row, in.ntarget)->loc, "42601",
					"INSERT has more expressions than target columns");
				goto out;
			}
			if (sql_list_len(row) < in.ntarget && sql_list_len(n->columns) == 0 &&
				ri == 0 && nrows >= 1) {
				/* No column list: the values fill the first columns, the rest default. */
				bool same = true;

				for (int k = 1; k < nrows; k++)
					if (sql_list_len((const sql_list *)sql_list_nth(
						    src->values, k)) != sql_list_len(row))
						same = false;
				if (same)
					in.ntarget = sql_list_len(row);
			}
			if (sql_list_len(row) < in.ntarget) {
				an_error(&c,
					sql_list_len(n->columns) > 0
						? sql_list_nth(n->columns, sql_list_len(row))->loc
						: row->n.loc,
					"42601", "INSERT has more target columns than expressions");
				goto out;
			}
			rows[ri] = sql_arena_alloc(
				st->a, sizeof(exec_expr *) * (size_t)(in.ntarget ? in.ntarget : 1));
			defs[ri] = sql_arena_zalloc(
				st->a, sizeof(bool) * (size_t)(in.ntarget ? in.ntarget : 1));
			for (int i = 0; i < in.ntarget; i++) {
				sql_node *item = sql_list_nth(row, i);
				const cat_column *col = &t->cols[in.tcols[i]];
				exec_expr *e;

				const sql_node *tgt = parts ? sql_list_nth(n->columns, i) : NULL;

				if (item->kind == SQL_DEFAULT &&
					(tgt == NULL || tgt->kind != SQL_INDIRECTION)) {
					defs[ri][i] = true;
					continue;
				}
				if (tgt != NULL && tgt->kind == SQL_INDIRECTION) {
					e = set_target_value(&c, none, tgt, col,
						insert_base(&c, &in, i, rows[ri]), item);
				} else {
					e = an_expr(&c, none, item);
					if (e != NULL)
						e = assign_coerce(&c, e, col);
				}
				if (e == NULL)
					goto out;
				rows[ri][i] = e;
			}
		}
		if (st->describe) {
			r = exec_stmt_described(st, in.rt.on ? &in.rt.desc : NULL);
			goto out;
		}
		for (int ri = 0; ri < nrows; ri++) {
			exec_value *srcv = sql_arena_alloc(
				st->a, sizeof(exec_value) * (size_t)(in.ntarget ? in.ntarget : 1));
			exec_value *vals = sql_arena_alloc(
				st->a, sizeof(exec_value) * (size_t)(t->ncols ? t->ncols : 1));
			exec_ectx ec;

			memset(&ec, 0, sizeof(ec));
			ec.cx = &st->cx;
			ec.params = st->params;
			ec.nparams = st->nparams;
			for (int i = 0; i < in.ntarget; i++)
				if (!defs[ri][i] &&
					exec_eval(&ec, rows[ri][i], &srcv[i]) != EXEC_OK)
					goto out;
			if (fill_row(&in, srcv, defs[ri], vals) != EXEC_OK ||
				insert_one(&in, vals) != EXEC_OK)
				goto out;
		}
	} else {
		/*
		 * INSERT ... SELECT: the query's rows, cast as assignments.  Its
		 * untyped literals stay unknown, to be read as their columns'
		 * types (INSERT ... SELECT 'x' into an integer is PostgreSQL's
		 * 22P02 at the literal, not a text column's 42804).
		 */
		plan_node *p;
		exec_ectx ec;
		exec_iter *it;
		const exec_value *row;
		int k;

		c.setop_leaf = src->set_op == SQL_SETOP_NONE && src->values == NULL;
		p = an_query(&c, NULL, (sql_select *)src);
		c.setop_leaf = false;
		if (p == NULL)
			goto out;
		if (parts && (p = insert_parts_plan(&c, &in, n->columns, p)) == NULL)
			goto out;
		if (p->desc.ncols > in.ntarget) {
			an_error(&c, an_target_loc(src, p->desc.ncols, in.ntarget), "42601",
				"INSERT has more expressions than target columns");
			goto out;
		}
		if (p->desc.ncols < in.ntarget && sql_list_len(n->columns) == 0)
			in.ntarget = p->desc.ncols;
		if (p->desc.ncols < in.ntarget) {
			an_error(&c, sql_list_nth(n->columns, p->desc.ncols)->loc, "42601",
				"INSERT has more target columns than expressions");
			goto out;
		}
		for (int i = 0; i < in.ntarget; i++) {
			const cat_column *col = &t->cols[in.tcols[i]];
			exec_oid from, to = col->type;
			const exec_type *a = exec_type_by_oid(to), *b;

			if (an_type_literal(&c, p, i, to, col->typmod, EXEC_CAST_ASSIGNMENT) !=
				EXEC_OK)
				goto out;
			from = p->desc.cols[i].type;
			b = exec_type_by_oid(from);
			if (from != to && from != EXEC_OID_UNKNOWN &&
				exec_cast_find(from, to, EXEC_CAST_ASSIGNMENT) == NULL) {
				an_error(&c, an_target_loc(src, p->desc.ncols, i), "42804",
					"column \"%s\" is of type %s but expression is of type %s",
					col->name, a ? a->sql_name : "?", b ? b->sql_name : "?");
				store_err_hint(st->err,
					"You will need to rewrite or cast the expression.");
				goto out;
			}
		}
		if (st->describe) {
			r = exec_stmt_described(st, in.rt.on ? &in.rt.desc : NULL);
			goto out;
		}
		memset(&ec, 0, sizeof(ec));
		ec.cx = &st->cx;
		ec.params = st->params;
		ec.nparams = st->nparams;
		/* Collect first: the query may read the table being written. */
		{
			exec_value **rows = NULL;
			int nrows = 0, cap = 0;

			if (exec_open(&ec, p, &it) != EXEC_OK)
				goto out;
			while ((k = exec_next(it, &row)) == 1) {
				exec_value *copy = sql_arena_alloc(st->a,
					sizeof(exec_value) * (size_t)(in.ntarget ? in.ntarget : 1));

				for (int i = 0; i < in.ntarget; i++) {
					const cat_column *col = &t->cols[in.tcols[i]];
					exec_value v = row[i];

					if (v.type == EXEC_OID_UNKNOWN && !v.isnull) {
						if (exec_value_in(&st->cx, col->type, col->typmod,
							    v.v.s.p, v.v.s.len,
							    &copy[i]) != EXEC_OK) {
							k = -1;
							break;
						}
						continue;
					}
					if (v.isnull)
						copy[i] = exec_null(col->type);
					else if (exec_cast_value(&st->cx, &v, col->type,
							 col->typmod, EXEC_CAST_ASSIGNMENT,
							 &v) != EXEC_OK) {
						k = -1;
						break;
					} else
						copy[i] = exec_value_copy(st->a, &v);
				}
				if (k < 0)
					break;
				if (nrows == cap) {
					cap = cap ? 2 * cap : 64;
					exec_value **g =
						sql_arena_alloc(st->a, sizeof(*g) * (size_t)cap);

					if (nrows)
						memcpy(g, rows, sizeof(*g) * (size_t)nrows);
					rows = g;
				}
				rows[nrows++] = copy;
			}
			exec_close(it);
			if (k < 0)
				goto out;
			for (int ri = 0; ri < nrows; ri++) {
				exec_value *vals = sql_arena_alloc(st->a,
					sizeof(exec_value) * (size_t)(t->ncols ? t->ncols : 1));

				if (fill_row(&in, rows[ri], NULL, vals) != EXEC_OK ||
					insert_one(&in, vals) != EXEC_OK)
					goto out;
			}
		}
	}
	if (unique_checks(st, t, &in.w) != EXEC_OK || returning_end(st, &in.rt) != EXEC_OK)
		goto out;
	snprintf(st->tag, sizeof(st->tag), "INSERT 0 %llu", (unsigned long long)in.count);
	r = EXEC_OK;
out:
	an_ctx_release(&c);
	return r;
}

int exec_insert_rows(
	exec_stmt *st, store_tx *tx, const cat_table *t, const plan_node *p, uint64_t *count)
{
	an_ctx c;
	inserter in;
	exec_ectx ec;
	exec_iter *it;
	const exec_value *row;
	int k, r = EXEC_ERROR;

	*count = 0;
	exec_stmt_analyzer(st, &c);
	memset(&in, 0, sizeof(in));
	in.st = st;
	in.conflict = -1;
	if (target_init(st, &c, tx, t, &in.tg) != EXEC_OK)
		goto out;
	memset(&ec, 0, sizeof(ec));
	ec.cx = &st->cx;
	if (exec_open(&ec, p, &it) != EXEC_OK)
		goto out;
	while ((k = exec_next(it, &row)) == 1) {
		exec_value *vals = sql_arena_alloc(
			st->a, sizeof(exec_value) * (size_t)(t->ncols ? t->ncols : 1));

		for (int i = 0; i < t->ncols; i++) {
			vals[i] = row[i];
			if (vals[i].type == EXEC_OID_UNKNOWN && !vals[i].isnull)
				vals[i] = exec_text(EXEC_OID_TEXT, row[i].v.s.p, row[i].v.s.len);
			else if (vals[i].isnull)
				vals[i] = exec_null(t->cols[i].type);
		}
		if (insert_one(&in, vals) != EXEC_OK) {
			k = -1;
			break;
		}
	}
	exec_close(it);
	if (k < 0)
		goto out;
	*count = in.count;
	r = EXEC_OK;
out:
	an_ctx_release(&c);
	return r;
}

int exec_write_doc(exec_stmt *st, const cat_table *t, const char *doc, size_t len,
	const exec_value *key, exec_write mode, uint64_t *count, uint64_t *updated)
{
	store_tx *tx;
	an_ctx c;
	inserter in;
	extras x = {0};
	int n = t->ncols ? t->ncols : 1;
	bool *given = sql_arena_zalloc(st->a, sizeof(bool) * (size_t)n);
	bool *isdef = sql_arena_zalloc(st->a, sizeof(bool) * (size_t)n);
	exec_value *vals = sql_arena_alloc(st->a, sizeof(exec_value) * (size_t)n);
	exec_value *row = sql_arena_alloc(st->a, sizeof(exec_value) * (size_t)n);
	int r = EXEC_ERROR;

	*count = *updated = 0;
	strcpy(st->tag, "INSERT 0 0");
	if (exec_stmt_need_tx(st, &tx) != EXEC_OK ||
		exec_lock_table_of(st, t, STORE_LOCK_ROW_EXCLUSIVE) != EXEC_OK)
		return EXEC_ERROR;
	exec_stmt_analyzer(st, &c);
	memset(&in, 0, sizeof(in));
	in.st = st;
	in.conflict = mode == EXEC_WRITE_INSERT      ? -1
		      : mode == EXEC_WRITE_IF_ABSENT ? (int)SQL_CONFLICT_NOTHING
						     : (int)SQL_CONFLICT_UPDATE;
	in.replace_extra = mode == EXEC_WRITE_REPLACE;
	in.merge = mode == EXEC_WRITE_MERGE;
	if (target_init(st, &c, tx, t, &in.tg) != EXEC_OK)
		goto out;

	/* The document's members: columns (read as their types) and the others, kept. */
	x.a = st->a;
	if (exec_row_decode_given(&st->cx, &in.tg.rd, doc, len, vals, given, set_extra, &x) !=
		EXEC_OK)
		goto out;
	in.extra = x.m;
	in.nextra = x.n;
	for (int i = 0; key != NULL && i < t->npk; i++) {
		vals[t->pk[i]] = key[i];
		given[t->pk[i]] = true;
	}

	/* Every column is a target; one not given takes its default, as DEFAULT would. */
	in.ntarget = t->ncols;
	in.tcols = sql_arena_alloc(st->a, sizeof(int) * (size_t)n);
	for (int i = 0; i < t->ncols; i++) {
		in.tcols[i] = i;
		isdef[i] = !given[i];
	}

	/*
	 * DO UPDATE SET col = excluded.col: every column for a replace (but an
	 * identity column GENERATED ALWAYS, which keeps its value), the given
	 * ones for a merge.
	 */
	if (in.conflict == SQL_CONFLICT_UPDATE) {
		in.setcols = sql_arena_alloc(st->a, sizeof(int) * (size_t)n);
		in.setexprs = sql_arena_alloc(st->a, sizeof(exec_expr *) * (size_t)n);
		for (int i = 0; i < t->ncols; i++) {
			if (in.merge ? !given[i] : t->cols[i].identity == 'a')
				continue;
			in.setcols[in.nset] = i;
			in.setexprs[in.nset++] = exec_expr_var(
				st->a, 0, t->ncols + i, t->cols[i].type, t->cols[i].typmod);
		}
	}
	if (fill_row(&in, vals, isdef, row) != EXEC_OK || insert_one(&in, row) != EXEC_OK ||
		unique_checks(st, t, &in.w) != EXEC_OK)
		goto out;
	*count = in.count;
	*updated = in.updated;
	snprintf(st->tag, sizeof(st->tag), "INSERT 0 %llu", (unsigned long long)in.count);
	r = EXEC_OK;
out:
	an_ctx_release(&c);
	return r;
}

/* ---- Rows one at a time (COPY FROM) ---- */

struct exec_row_inserter {
	inserter in;
};

exec_row_inserter *exec_row_inserter_new(
	exec_stmt *st, an_ctx *c, store_tx *tx, const cat_table *t, const int *cols, int ncols)
{
	exec_row_inserter *ri = sql_arena_zalloc(st->a, sizeof(*ri));
	inserter *in = &ri->in;

	in->st = st;
	in->conflict = -1;            /* no ON CONFLICT */
	in->overriding_system = true; /* COPY stores given identity values, as PostgreSQL's does */
	in->prechecked = true;
	in->ntarget = ncols;
	in->tcols = sql_arena_alloc(st->a, sizeof(int) * (size_t)(ncols ? ncols : 1));
	memcpy(in->tcols, cols, sizeof(int) * (size_t)ncols);
	if (target_init(st, c, tx, t, &in->tg) != EXEC_OK)
		return NULL;
	return ri;
}

int exec_row_inserter_fill(exec_row_inserter *ri, const exec_value *src, exec_value *row)
{
	return fill_row(&ri->in, src, NULL, row);
}

int exec_row_inserter_check(exec_row_inserter *ri, const exec_value *row)
{
	return row_checks(ri->in.st, &ri->in.tg, row);
}

int exec_row_inserter_put(exec_row_inserter *ri, exec_value *row)
{
	inserter *in = &ri->in;

	/* The UNIQUE checks of this row alone: the list starts afresh (its memory may be gone). */
	memset(&in->w, 0, sizeof(in->w));
	if (insert_one(in, row) != EXEC_OK)
		return EXEC_ERROR;
	return unique_checks(in->st, in->tg.t, &in->w);
}

uint64_t exec_row_inserter_count(const exec_row_inserter *ri)
{
	return ri->in.count;
}

/* ---- UPDATE and DELETE ---- */

/* A target row found by the first phase. */
typedef struct found_row {
	char *key;
	size_t keylen;
	exec_value *from; /* the whole FROM row (target columns first) */
} found_row;

typedef struct modifier {
	exec_stmt *st;
	target tg;
	int width; /* of the FROM row */
	plan_node *plan;
	exec_expr *recheck; /* WHERE over the target's row alone (no FROM list), or NULL */
	found_row *rows;
	int nrows, cap;
	returning rt;
	written w;
	refkey *refs;
	int nrefs;
	uint64_t count;
	/* UPDATE: FOR NO KEY UPDATE's until a key changes; DELETE: FOR UPDATE's */
	store_rowmode lockmode;
} modifier;

/* Phase one: the rows the statement's plan finds, each target row once. */
static int collect(modifier *m)
{
	exec_stmt *st = m->st;
	const cat_table *t = m->tg.t;
	exec_ectx ec;
	exec_iter *it;
	const exec_value *row;
	struct keyset seen = {0};
	store_buf key = {0};
	int k;

	/* Everything is analyzed: a Parse stops here, and a lock wait restarts no more. */
	if (st->describe)
		return exec_stmt_described(st, m->rt.on ? &m->rt.desc : NULL);
	st->may_restart = false;

	memset(&ec, 0, sizeof(ec));
	ec.cx = &st->cx;
	ec.params = st->params;
	ec.nparams = st->nparams;
	if (exec_open(&ec, m->plan, &it) != EXEC_OK)
		return EXEC_ERROR;
	while ((k = exec_next(it, &row)) == 1) {
		found_row fr;

		if (t->npk > 0) {
			exec_value parts[16];

			for (int i = 0; i < t->npk && i < 16; i++)
				parts[i] = row[t->pk[i]];
			key.len = 0;
			if (exec_row_key(&st->cx, parts, t->npk, &key) != EXEC_OK) {
				k = -1;
				break;
			}
		} else {
			key.len = 0;
			store_buf_put(&key, row[t->ncols].v.s.p, row[t->ncols].v.s.len);
		}
		if (keyset_has(&seen, &key))
			continue; /* joined to several FROM rows: changed once, as PostgreSQL does */
		keyset_add(st, &seen, &key);
		fr.key = sql_arena_strndup(st->a, (const char *)key.data, key.len);
		fr.keylen = key.len;
		fr.from = sql_arena_alloc(
			st->a, sizeof(exec_value) * (size_t)(m->width ? m->width : 1));
		for (int i = 0; i < m->width; i++)
			fr.from[i] = exec_value_copy(st->a, &row[i]);
		if (m->nrows == m->cap) {
			int cap = m->cap ? 2 * m->cap : 64;
			found_row *g = sql_arena_alloc(st->a, sizeof(*g) * (size_t)cap);

			if (m->nrows)
				memcpy(g, m->rows, sizeof(*g) * (size_t)m->nrows);
			m->rows = g;
			m->cap = cap;
		}
		m->rows[m->nrows++] = fr;
	}
	exec_close(it);
	store_buf_free(&key);
	return k < 0 ? EXEC_ERROR : EXEC_OK;
}

/*
 * Phase two's first step for one row: lock it, read its newest version
 * and decide whether it is still the statement's.  *gone when it was
 * deleted meanwhile or (READ COMMITTED) no longer passes WHERE; the
 * current values are copied over the target part of fr->from.
 */
static int lock_and_reread(modifier *m, found_row *fr, extras *x, bool *gone)
{
	exec_stmt *st = m->st;
	const cat_table *t = m->tg.t;
	store_tx *tx = m->tg.tx;
	char *doc = NULL;
	size_t len = 0;
	int g;

	*gone = false;
	if (lock_row_mode(st, tx, t, fr->key, fr->keylen, m->lockmode, 0, NULL) != EXEC_OK)
		return EXEC_ERROR;
	if (st->ss->iso != STORE_READ_COMMITTED) {
		int changed = 0;

		if (store_tx_row_changed(tx, t->name, fr->key, fr->keylen, &changed, st->err) !=
			STORE_OK)
			return EXEC_ERROR;
		if (changed)
			return store_err_set(st->err, "40001",
				"could not serialize access due to concurrent %s",
				strncmp(st->tag, "DELETE", 6) == 0 ? "delete" : "update");
	}
	g = store_tx_get(tx, t->name, fr->key, fr->keylen, &doc, &len, NULL, st->err);
	if (g == STORE_ERROR)
		return EXEC_ERROR;
	if (g != STORE_OK) {
		store_err_clear(st->err);
		*gone = true;
		return EXEC_OK;
	}
	x->n = 0;
	x->a = st->a;
	g = exec_row_decode(&st->cx, &m->tg.rd, doc, len, fr->from, keep_extra, x);
	free(doc);
	if (g != EXEC_OK)
		return EXEC_ERROR;
	if (m->recheck != NULL) {
		exec_ectx ec;
		int ok;

		memset(&ec, 0, sizeof(ec));
		ec.cx = &st->cx;
		ec.row = fr->from;
		ec.nrow = m->width;
		ec.params = st->params;
		ec.nparams = st->nparams;
		if (exec_eval_qual(&ec, m->recheck, &ok) != EXEC_OK)
			return EXEC_ERROR;
		*gone = !ok;
	}
	return EXEC_OK;
}

/* The parts UPDATE and DELETE share before their own work. */
static int modifier_init(exec_stmt *st, an_ctx *c, modifier *m, const sql_with *with,
	const sql_range_var *rel, const sql_list *from, sql_node *where,
	const sql_list *returning_list, an_scope **scope)
{
	store_tx *tx;
	const cat_table *t;
	store_snap *snap;
	an_scope *sc;

	memset(m, 0, sizeof(*m));
	memset(c, 0, sizeof(*c)); /* released by the caller even when this fails first */
	m->st = st;
	if (exec_stmt_need_tx(st, &tx) != EXEC_OK)
		return EXEC_ERROR;
	exec_stmt_analyzer(st, c);
	if (with != NULL && an_with(c, with) != EXEC_OK)
		return EXEC_ERROR;
	m->lockmode = STORE_ROW_UPDATE;
	c->relmode = STORE_LOCK_ROW_EXCLUSIVE; /* the target's table lock */
	if (an_table(c, rel->names, rel->n.loc, &t, &snap) != EXEC_OK)
		return EXEC_ERROR;
	c->relmode = 0;
	if (target_init(st, c, tx, t, &m->tg) != EXEC_OK)
		return EXEC_ERROR;
	sc = an_scope_new(c, NULL);
	m->plan = an_dml_from(c, sc, rel, t, snap, from, where);
	if (m->plan == NULL)
		return EXEC_ERROR;
	m->width = m->plan->desc.ncols;
	if (sql_list_len(from) == 0 && where != NULL) {
		an_scope *one = an_scope_new(c, NULL);
		an_rte *r;
		const char **names =
			sql_arena_alloc(st->a, sizeof(char *) * (size_t)(t->ncols ? t->ncols : 1));
		exec_oid *types = sql_arena_alloc(
			st->a, sizeof(exec_oid) * (size_t)(t->ncols ? t->ncols : 1));
		int32_t *mods =
			sql_arena_alloc(st->a, sizeof(int32_t) * (size_t)(t->ncols ? t->ncols : 1));

		for (int i = 0; i < t->ncols; i++) {
			names[i] = t->cols[i].name;
			types[i] = t->cols[i].type;
			mods[i] = t->cols[i].typmod;
		}
		r = an_scope_add(c, one, rel->alias ? rel->alias->name : t->name, t->ncols, names,
			types, mods);
		r->table = t;
		m->recheck = an_qual(c, one, where, "WHERE");
		if (m->recheck == NULL)
			return EXEC_ERROR;
	}
	if (returning_init(st, c, sc, returning_list, &m->rt) != EXEC_OK)
		return EXEC_ERROR;
	if (referencing_keys(st, tx, t, &m->refs, &m->nrefs) != EXEC_OK)
		return EXEC_ERROR;
	*scope = sc;
	return EXEC_OK;
}

int exec_update(exec_stmt *st, sql_update *n)
{
	an_ctx c;
	an_scope *sc;
	modifier m;
	const cat_table *t;
	int nset = 0;
	int *setcols = NULL;
	exec_expr **setexprs = NULL;
	int r = EXEC_ERROR;

	strcpy(st->tag, "UPDATE 0");
	if (modifier_init(st, &c, &m, n->with, n->relation, n->from, n->where, n->returning, &sc) !=
		EXEC_OK)
		goto out;
	t = m.tg.t;

	/* SET items, analyzed over the FROM row. */
	sc->srf_ok = false;
	sc->srf_where = "UPDATE";
	for (int i = 0; i < sql_list_len(n->set); i++) {
		const sql_assign *as = (const sql_assign *)sql_list_nth(n->set, i);

		for (int j = 0; j < sql_list_len(as->columns); j++) {
			const sql_node *tgt = sql_list_nth(as->columns, j);
			const char *cn = an_assign_column(tgt);
			int ci = cat_column_index(t, cn), prev = -1;
			sql_node *v = as->value;
			exec_expr *e;

			if (ci < 0) {
				an_error(&c, as->n.loc, "42703",
					"column \"%s\" of relation \"%s\" does not exist", cn,
					t->name);
				goto out;
			}

			/* A column is set once, or part by part (a[1] = x, a[2] = y). */
			for (int k = 0; k < nset; k++)
				if (setcols[k] == ci) {
					if (tgt->kind != SQL_INDIRECTION ||
						setexprs[k]->kind != EXPR_SUBSCRIPT_ASSIGN) {
						store_err_set(st->err, "42601",
							"multiple assignments to same column \"%s\"",
							cn);
						goto out;
					}
					prev = k;
				}
			if (sql_list_len(as->columns) > 1) {
				if (v->kind != SQL_ROW || sql_list_len(sql_as_row(v)->args) !=
								  sql_list_len(as->columns)) {
					an_error(&c, v->loc, "42601",
						"number of columns does not match number of values");
					goto out;
				}
				v = sql_list_nth(sql_as_row(v)->args, j);
			}
			if (v->kind == SQL_DEFAULT && tgt->kind != SQL_INDIRECTION) {
				if (default_expr(st, &m.tg, ci, &e) != EXEC_OK)
					goto out;
				if (e == NULL)
					e = exec_expr_const(st->a, exec_null(t->cols[ci].type),
						t->cols[ci].typmod);
			} else {
				if (t->cols[ci].identity == 'a') {
					store_err_set(st->err, "428C9",
						"column \"%s\" can only be updated to DEFAULT", cn);
					store_err_detail(st->err,
						"Column \"%s\" is an identity column defined as GENERATED ALWAYS.",
						cn);
					goto out;
				}
				e = set_target_value(&c, sc, tgt, &t->cols[ci],
					prev >= 0 ? setexprs[prev]
						  : exec_expr_var(st->a, 0, ci, t->cols[ci].type,
							    t->cols[ci].typmod),
					v);
				if (e == NULL)
					goto out;
			}
			if (prev >= 0) {
				setexprs[prev] = e;
				continue;
			}
			{
				int *gc = sql_arena_alloc(st->a, sizeof(int) * (size_t)(nset + 1));
				exec_expr **ge =
					sql_arena_alloc(st->a, sizeof(*ge) * (size_t)(nset + 1));

				if (nset) {
					memcpy(gc, setcols, sizeof(int) * (size_t)nset);
					memcpy(ge, setexprs, sizeof(*ge) * (size_t)nset);
				}
				gc[nset] = ci;
				ge[nset] = e;
				setcols = gc;
				setexprs = ge;
				nset++;
			}
		}
	}

	m.lockmode = STORE_ROW_NO_KEY_UPDATE;
	if (collect(&m) != EXEC_OK)
		goto out;
	for (int ri = 0; ri < m.nrows; ri++) {
		found_row *fr = &m.rows[ri];
		extras x = {0};
		exec_value *old, *nv;
		exec_ectx ec;
		store_buf key = {0}, doc = {0};
		bool gone, rekey = false;
		int w = EXEC_ERROR;

		if (lock_and_reread(&m, fr, &x, &gone) != EXEC_OK)
			goto out;
		if (gone)
			continue;
		old = sql_arena_alloc(
			st->a, sizeof(exec_value) * (size_t)(t->ncols ? t->ncols : 1));
		memcpy(old, fr->from, sizeof(exec_value) * (size_t)t->ncols);
		nv = sql_arena_alloc(st->a, sizeof(exec_value) * (size_t)m.width);
		memcpy(nv, fr->from, sizeof(exec_value) * (size_t)m.width);
		memset(&ec, 0, sizeof(ec));
		ec.cx = &st->cx;
		ec.row = fr->from;
		ec.nrow = m.width;
		ec.params = st->params;
		ec.nparams = st->nparams;
		for (int i = 0; i < nset; i++)
			if (exec_eval(&ec, setexprs[i], &nv[setcols[i]]) != EXEC_OK)
				goto out;
		if (row_checks(st, &m.tg, nv) != EXEC_OK)
			goto out;

		/* A new key value: FOR UPDATE's strength, which waits for FOR KEY SHARE. */
		if (key_changed(t, old, nv) &&
			lock_row(st, m.tg.tx, t->name, fr->key, fr->keylen) != EXEC_OK)
			goto out;
		if (t->npk > 0) {
			if (row_key(st, t, nv, &key) != EXEC_OK)
				goto row_out;
			rekey = key.len != fr->keylen || memcmp(key.data, fr->key, key.len) != 0;
		} else {
			store_buf_put(&key, fr->key, fr->keylen);
		}
		if (rekey) {
			char *other = NULL;
			size_t olen;
			int g;

			if (lock_row(st, m.tg.tx, t->name, (const char *)key.data, key.len) !=
				EXEC_OK)
				goto row_out;
			g = store_tx_get(m.tg.tx, t->name, (const char *)key.data, key.len, &other,
				&olen, NULL, st->err);
			free(other);
			if (g == STORE_ERROR)
				goto row_out;
			if (g == STORE_OK) {
				store_err_set(st->err, "23505",
					"duplicate key value violates unique constraint \"%s\"",
					pkey_name(st, t));
				store_err_object(st->err, t->name, NULL, pkey_name(st, t));
				store_err_detail(st->err, "Key %s already exists.",
					key_text(st, t, t->pk, t->npk, nv));
				goto row_out;
			}
			store_err_clear(st->err);
		}
		{
			bool fk_changed = false;

			for (int k = 0; k < t->nfkeys && !fk_changed; k++)
				for (int i = 0; i < t->fkeys[k].ncols; i++) {
					const exec_value *a = &old[t->fkeys[k].cols[i]],
							 *b = &nv[t->fkeys[k].cols[i]];

					if (a->isnull != b->isnull ||
						(!a->isnull && exec_value_cmp(a, b) != 0))
						fk_changed = true;
				}
			if (fk_changed && fk_child_check(st, t, nv) != EXEC_OK)
				goto row_out;
		}
		if (encode_row(st, &m.tg, nv, x.m, x.n, &doc) != EXEC_OK ||
			exec_validate_row(st, m.tg.tx, t->name, (const char *)doc.data, doc.len) !=
				EXEC_OK)
			goto row_out;
		if (rekey &&
			store_tx_delete(m.tg.tx, t->name, fr->key, fr->keylen, st->err) != STORE_OK)
			goto row_out;
		if (store_tx_put(m.tg.tx, t->name, (const char *)key.data, key.len,
			    (const char *)doc.data, doc.len, st->err) != STORE_OK)
			goto row_out;
		/* Referencing rows follow (or block) once the new version is in place. */
		if (fk_parent_action(st, t, m.refs, m.nrefs, old, nv) != EXEC_OK)
			goto row_out;
		written_add(st, &m.w, t, nv);
		m.count++;
		if (returning_row(st, &m.rt, nv, m.width) != EXEC_OK)
			goto row_out;
		w = EXEC_OK;
	row_out:
		store_buf_free(&key);
		store_buf_free(&doc);
		if (w != EXEC_OK)
			goto out;
	}
	if (unique_checks(st, t, &m.w) != EXEC_OK || returning_end(st, &m.rt) != EXEC_OK)
		goto out;
	snprintf(st->tag, sizeof(st->tag), "UPDATE %llu", (unsigned long long)m.count);
	r = EXEC_OK;
out:
	an_ctx_release(&c);
	return r;
}

/* DELETE's second phase: the rows collected, each locked, re-read and deleted. */
static int delete_rows(modifier *m)
{
	exec_stmt *st = m->st;
	const cat_table *t = m->tg.t;

	if (collect(m) != EXEC_OK)
		return EXEC_ERROR;
	for (int ri = 0; ri < m->nrows; ri++) {
		found_row *fr = &m->rows[ri];
		extras x = {0};
		bool gone;

		if (lock_and_reread(m, fr, &x, &gone) != EXEC_OK)
			return EXEC_ERROR;
		if (gone)
			continue;
		if (fk_parent_action(st, t, m->refs, m->nrefs, fr->from, NULL) != EXEC_OK ||
			store_tx_delete(m->tg.tx, t->name, fr->key, fr->keylen, st->err) !=
				STORE_OK)
			return EXEC_ERROR;
		m->count++;
		if (returning_row(st, &m->rt, fr->from, m->width) != EXEC_OK)
			return EXEC_ERROR;
	}
	if (returning_end(st, &m->rt) != EXEC_OK)
		return EXEC_ERROR;
	snprintf(st->tag, sizeof(st->tag), "DELETE %llu", (unsigned long long)m->count);
	return EXEC_OK;
}

int exec_delete(exec_stmt *st, sql_delete *n)
{
	an_ctx c;
	an_scope *sc;
	modifier m;
	int r = EXEC_ERROR;

	strcpy(st->tag, "DELETE 0");
	if (modifier_init(st, &c, &m, n->with, n->relation, n->using_list, n->where, n->returning,
		    &sc) == EXEC_OK)
		r = delete_rows(&m);
	an_ctx_release(&c);
	return r;
}

int exec_delete_rows(
	exec_stmt *st, const cat_table *t, plan_node *rows, exec_expr *recheck, uint64_t *count)
{
	store_tx *tx;
	an_ctx c;
	modifier m;
	int r = EXEC_ERROR;

	*count = 0;
	strcpy(st->tag, "DELETE 0");
	if (exec_stmt_need_tx(st, &tx) != EXEC_OK ||
		exec_lock_table_of(st, t, STORE_LOCK_ROW_EXCLUSIVE) != EXEC_OK)
		return EXEC_ERROR;
	exec_stmt_analyzer(st, &c);
	memset(&m, 0, sizeof(m));
	m.st = st;
	m.lockmode = STORE_ROW_UPDATE;
	m.plan = rows;
	m.width = rows->desc.ncols;
	m.recheck = recheck;
	if (target_init(st, &c, tx, t, &m.tg) == EXEC_OK &&
		referencing_keys(st, tx, t, &m.refs, &m.nrefs) == EXEC_OK &&
		delete_rows(&m) == EXEC_OK) {
		*count = m.count;
		r = EXEC_OK;
	}
	an_ctx_release(&c);
	return r;
}

int exec_run_internal(exec_stmt *st, const char *sql)
{
	sql_stmt_list *list = NULL;
	sql_error perr;
	exec_stmt sub = *st;
	sql_node *node;
	int r;

	memset(&perr, 0, sizeof(perr));
	if (sql_parse(sql, strlen(sql), st->a, &list, &perr) != 0 || sql_list_len(list->stmts) != 1)
		return store_err_set(
			st->err, "XX000", "internal statement does not parse: %s", sql);
	sub.sql = sql;
	sub.sqllen = strlen(sql);
	sub.sink = NULL;
	node = sql_list_nth(list->stmts, 0);
	if (node->kind == SQL_DELETE)
		r = exec_delete(&sub, sql_as_delete(node));
	else
		r = exec_update(&sub, sql_as_update(node));
	if (r != EXEC_OK)
		st->err->position = 0;
	return r;
}

/* ---- TRUNCATE ---- */

static int delete_all(exec_stmt *st, store_tx *tx, const char *table)
{
	store_scan *sc;
	const char *key, *doc;
	size_t keylen, doclen;
	char **keys = NULL;
	size_t *lens = NULL, n = 0, cap = 0;
	int r;

	if (store_tx_scan_open(tx, st->snap, table, &sc, st->err) != STORE_OK)
		return EXEC_ERROR;
	while ((r = store_scan_next(sc, &key, &keylen, &doc, &doclen, st->err)) == 1) {
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			keys = realloc(keys, cap * sizeof(*keys));
			lens = realloc(lens, cap * sizeof(*lens));
		}
		keys[n] = malloc(keylen ? keylen : 1);
		memcpy(keys[n], key, keylen);
		lens[n++] = keylen;
	}
	store_scan_close(sc);
	for (size_t i = 0; i < n; i++) {
		if (r >= 0 && store_tx_delete(tx, table, keys[i], lens[i], st->err) != STORE_OK)
			r = -1;
		free(keys[i]);
	}
	free(keys);
	free(lens);
	return r < 0 ? EXEC_ERROR : EXEC_OK;
}

int exec_truncate(exec_stmt *st, sql_truncate *n)
{
	store_tx *tx;
	an_ctx c;
	const cat_table **tables;
	int nt = sql_list_len(n->relations);
	int r = EXEC_ERROR;

	strcpy(st->tag, "TRUNCATE TABLE");
	if (exec_stmt_need_tx(st, &tx) != EXEC_OK)
		return EXEC_ERROR;
	exec_stmt_analyzer(st, &c);
	tables = sql_arena_alloc(st->a, sizeof(*tables) * (size_t)(nt ? nt : 1));
	for (int i = 0; i < nt; i++) {
		const sql_range_var *rv = (const sql_range_var *)sql_list_nth(n->relations, i);
		store_snap *snap;

		c.relmode = STORE_LOCK_ACCESS_EXCLUSIVE;
		if (an_table(&c, rv->names, rv->n.loc, &tables[i], &snap) != EXEC_OK) {
			st->err->position = 0; /* PostgreSQL's TRUNCATE names no position */
			goto out;
		}
		c.relmode = 0;
	}
	for (int i = 0; i < nt; i++) {
		refkey *refs;
		int nrefs;

		if (referencing_keys(st, tx, tables[i], &refs, &nrefs) != EXEC_OK)
			goto out;
		for (int k = 0; k < nrefs; k++) {
			bool listed = false;

			for (int j = 0; j < nt; j++)
				listed =
					listed || strcmp(tables[j]->name, refs[k].child->name) == 0;
			if (listed)
				continue;
			if (n->behavior != SQL_DROP_CASCADE) {
				store_err_set(st->err, "0A000",
					"cannot truncate a table referenced in a foreign key constraint");
				store_err_detail(st->err, "Table \"%s\" references \"%s\".",
					refs[k].child->name, tables[i]->name);
				store_err_hint(st->err,
					"Truncate table \"%s\" at the same time, or use TRUNCATE ... CASCADE.",
					refs[k].child->name);
				goto out;
			}
			exec_stmt_notice(st, "NOTICE", "00000", "truncate cascades to table \"%s\"",
				refs[k].child->name);
			if (delete_all(st, tx, refs[k].child->name) != EXEC_OK)
				goto out;
		}
		if (delete_all(st, tx, tables[i]->name) != EXEC_OK)
			goto out;
		if (n->restart_identity)
			for (int col = 0; col < tables[i]->ncols; col++) {
				const char *seqname = tables[i]->cols[col].sequence;
				char *json = NULL;

				if (seqname == NULL)
					continue;
				exec_seq q;
				store_seqdef d;
				bool found;

				(void)json;
				if (exec_seq_get(st, seqname, &q, &found) != EXEC_OK)
					goto out;
				if (!found)
					continue;
				exec_seq_storedef(&q, &d);
				if (store_seq_set(st->ss->s, st->ss->branch, q.name, &d, q.start, 0,
					    st->err) != STORE_OK)
					goto out;
			}
	}
	r = EXEC_OK;
out:
	an_ctx_release(&c);
	return r;
}

/* ---- Re-keying (ALTER TABLE ADD PRIMARY KEY) ---- */

int exec_rekey_table(exec_stmt *st, store_tx *tx, const cat_table *t)
{
	store_scan *sc;
	const char *key, *doc;
	size_t keylen, doclen;
	exec_rowdesc rd;
	exec_rowcol *cols =
		sql_arena_alloc(st->a, sizeof(*cols) * (size_t)(t->ncols ? t->ncols : 1));
	exec_value *vals =
		sql_arena_alloc(st->a, sizeof(exec_value) * (size_t)(t->ncols ? t->ncols : 1));
	struct moved {
		char *oldkey, *newkey, *doc;
		size_t oldlen, newlen, doclen;
	} *mv = NULL;
	size_t n = 0, cap = 0;
	int r;

	for (int i = 0; i < t->ncols; i++) {
		cols[i].name = t->cols[i].name;
		cols[i].type = t->cols[i].type;
		cols[i].typmod = t->cols[i].typmod;
	}
	exec_rowdesc_init(st->a, cols, t->ncols, &rd);
	if (store_tx_scan_open(tx, st->snap, t->name, &sc, st->err) != STORE_OK)
		return EXEC_ERROR;
	while ((r = store_scan_next(sc, &key, &keylen, &doc, &doclen, st->err)) == 1) {
		store_buf nk = {0};

		if (exec_row_decode(&st->cx, &rd, doc, doclen, vals, NULL, NULL) != EXEC_OK ||
			row_key(st, t, vals, &nk) != EXEC_OK) {
			store_buf_free(&nk);
			r = -1;
			break;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			mv = realloc(mv, cap * sizeof(*mv));
		}
		mv[n].oldkey = malloc(keylen ? keylen : 1);
		memcpy(mv[n].oldkey, key, keylen);
		mv[n].oldlen = keylen;
		mv[n].newlen = nk.len;
		mv[n].newkey = (char *)store_buf_detach(&nk);
		mv[n].doc = malloc(doclen ? doclen : 1);
		memcpy(mv[n].doc, doc, doclen);
		mv[n].doclen = doclen;
		n++;
	}
	store_scan_close(sc);
	for (size_t i = 0; i < n; i++) {
		if (r >= 0 && (store_tx_delete(tx, t->name, mv[i].oldkey, mv[i].oldlen, st->err) !=
					      STORE_OK ||
				      store_tx_put(tx, t->name, mv[i].newkey, mv[i].newlen,
					      mv[i].doc, mv[i].doclen, st->err) != STORE_OK))
			r = -1;
		free(mv[i].oldkey);
		free(mv[i].newkey);
		free(mv[i].doc);
	}
	free(mv);
	return r < 0 ? EXEC_ERROR : EXEC_OK;
}
