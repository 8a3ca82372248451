/*
 * syscatfn.c - the functions clients read the system catalog with, and
 * the catalog's own types (the module exec_mod_syscat, syscat.h).
 *
 * Types: regproc (a function by name; '-' is 0), regnamespace (a schema
 * by name), xid (a transaction number: ChronDB shows constants) and
 * pg_node_tree (an expression as stored: ChronDB stores SQL text, so
 * pg_get_expr gives it back as it is).  regclass's input and output
 * (basic.c) come here for the names.
 *
 * Functions: format_type, pg_get_expr, pg_get_indexdef,
 * pg_get_constraintdef, pg_get_viewdef, pg_get_userbyid,
 * pg_table_is_visible, pg_type_is_visible, obj_description,
 * col_description, shobj_description, pg_get_serial_sequence, the
 * has_*_privilege family (the session's user is the superuser: true for
 * objects that exist, PostgreSQL's errors for those that do not),
 * current_schema(), current_schemas(bool), to_regclass and to_regtype.
 *
 * Deparsing: ChronDB keeps CHECK conditions, defaults and view queries
 * as SQL text.  pg_get_constraintdef and pg_get_expr print CHECKs and
 * defaults as PostgreSQL deparses them (deparse.c), falling back to the
 * text in PostgreSQL's frame ("CHECK ((...))") where the deparser cannot
 * print it; pg_get_viewdef prints the view's query as written.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "basic.h"
#include "deparse.h"
#include "guc.h"
#include "syscat_int.h"

/* ---- Names ---- */

const char *exec_syscat_user(const sc_image *im)
{
	return im->ss->user != NULL ? im->ss->user : "chrondb";
}

const char *exec_syscat_database(const sc_image *im)
{
	return im->ss->database;
}

/* Whether s is one quoted string literal ('x', 'it''s'). */
static bool quoted_literal(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || s[0] != '\'' || s[n - 1] != '\'')
		return false;
	for (size_t i = 1; i < n - 1; i++)
		if (s[i] == '\'' && s[++i] != '\'')
			return false;
	return true;
}

bool exec_syscat_has_default(const cat_column *c)
{
	const char *s = c->default_sql;
	size_t n;

	if (s == NULL)
		return false;
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		n--;
	return !(n == 4 && strncasecmp(s, "null", 4) == 0);
}

const char *exec_syscat_default_expr(sql_arena *a, const cat_column *c)
{
	const exec_type *t = exec_type_by_oid(c->type);

	if (c->sequence != NULL && c->identity == 0)
		return sql_arena_printf(
			a, "nextval('%s'::regclass)", exec_quote_ident(a, c->sequence));

	/* A string literal keeps the cast to the column's type PostgreSQL stores with it
	 * ('x'::character varying); numbers and booleans are coerced constants (5, true). */
	if (c->default_sql != NULL && t != NULL && t->category != 'N' && t->category != 'B' &&
		quoted_literal(c->default_sql))
		return sql_arena_printf(a, "%s::%s", c->default_sql, t->sql_name);
	return c->default_sql;
}

static exec_value text_value(exec_ctx *cx, const char *s)
{
	return exec_text_dup(cx, EXEC_OID_TEXT, s, strlen(s));
}

static exec_value name_value(exec_ctx *cx, const char *s)
{
	return exec_text_dup(cx, EXEC_OID_NAME, s, strlen(s));
}

/* ---- Function OIDs (regproc) ---- */

/* PostgreSQL's OIDs of functions the catalog names but the registry does not run. */
static const struct {
	const char *name;
	uint32_t oid;
} known_procs[] = {
	{"array_in", 750},
	{"array_out", 751},
	{"array_recv", 2400},
	{"array_send", 2401},
	{"array_subscript_handler", 6179},
	{"jsonb_subscript_handler", 6098},
	{"heap_tableam_handler", 3},
	{"bthandler", 330},
	{"int4in", 42},
	{"int4out", 43},
	{"textin", 46},
	{"textout", 47},
	{"boolin", 1242},
	{"boolout", 1243},
	{"int8in", 460},
	{"int8out", 461},
	{"varcharin", 1046},
	{"varcharout", 1047},
};

/* Every name exec_syscat_proc_oid derives an OID for, in a fixed order; fn for each. */
static uint32_t proc_lookup(const char *name, uint32_t oid, const char **found, sql_arena *a)
{
	size_t nmods;
	const exec_module *const *mods = exec_registry_modules(&nmods);

	for (size_t i = 0; i < EXEC_NELEM(known_procs); i++)
		if ((name != NULL && strcmp(known_procs[i].name, name) == 0) ||
			(name == NULL && known_procs[i].oid == oid)) {
			*found = known_procs[i].name;
			return known_procs[i].oid;
		}
	for (size_t m = 0; m < nmods; m++) {
		for (size_t i = 0; i < mods[m]->nfuncs; i++) {
			const exec_func *f = &mods[m]->funcs[i];
			uint32_t o = f->oid ? f->oid : exec_syscat_user_oid('p', f->name, NULL);

			if ((name != NULL && strcmp(f->name, name) == 0) ||
				(name == NULL && o == oid)) {
				*found = f->name;
				return o;
			}
		}
		for (size_t i = 0; i < mods[m]->ntypes; i++)
			for (int w = 0; w < 4 && a != NULL; w++) {
				const char *io = exec_syscat_type_io(a, &mods[m]->types[i], w);
				uint32_t o = exec_syscat_user_oid('p', io, NULL);

				if ((name != NULL && strcmp(io, name) == 0) ||
					(name == NULL && o == oid)) {
					*found = io;
					return o;
				}
			}
	}
	*found = NULL;
	return 0;
}

uint32_t exec_syscat_proc_oid(const char *name)
{
	const char *found;
	uint32_t oid;

	if (name == NULL)
		return 0;
	oid = proc_lookup(name, 0, &found, NULL);
	return found != NULL ? oid : exec_syscat_user_oid('p', name, NULL);
}

static int oid_text_in(exec_ctx *cx, const char *text, size_t len, int64_t *out, bool *digits)
{
	*digits = len > 0 && text[0] >= '0' && text[0] <= '9';
	if (!*digits)
		return EXEC_OK;
	{
		exec_value v;

		if (exec_value_in(cx, EXEC_OID_OID, EXEC_TYPMOD_NONE, text, len, &v) != EXEC_OK)
			return EXEC_ERROR;
		*out = v.v.i;
	}
	return EXEC_OK;
}

static int regproc_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	char *name = sql_arena_strndup(cx->arena, text, len);
	const char *found;
	int64_t oid = 0;
	bool digits;

	(void)typmod;
	if (oid_text_in(cx, text, len, &oid, &digits) != EXEC_OK)
		return EXEC_ERROR;
	if (!digits && strcmp(name, "-") != 0) {
		char *parts[3];
		int n = exec_split_identifiers(name, '.', true, parts, 3);

		if (n < 1 || n > 2 || (n == 2 && strcmp(parts[0], "pg_catalog") != 0))
			return store_err_set(cx->err, "42883", "function \"%s\" does not exist",
				sql_arena_strndup(cx->arena, text, len));
		oid = proc_lookup(parts[n - 1], 0, &found, cx->arena);
		if (found == NULL)
			return store_err_set(cx->err, "42883", "function \"%s\" does not exist",
				sql_arena_strndup(cx->arena, text, len));
	}
	*out = exec_int(EXEC_OID_REGPROC, oid);
	return EXEC_OK;
}

static int regproc_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	const char *found;

	if (v->v.i == 0) {
		store_buf_puts(buf, "-");
		return EXEC_OK;
	}
	proc_lookup(NULL, (uint32_t)v->v.i, &found, cx->arena);
	if (found != NULL)
		store_buf_puts(buf, found);
	else
		store_buf_printf(buf, "%u", (unsigned)v->v.i);
	return EXEC_OK;
}

/* ---- Schemas (regnamespace) ---- */

static uint32_t nsp_oid(const sc_image *im, const char *name)
{
	if (strcmp(name, "pg_catalog") == 0)
		return EXEC_NSP_PG_CATALOG;
	if (strcmp(name, "public") == 0 || (im->ss->branch && strcmp(name, im->ss->branch) == 0))
		return EXEC_NSP_PUBLIC;
	if (strcmp(name, "information_schema") == 0)
		return EXEC_NSP_INFORMATION_SCHEMA;
	for (int i = 0; i < im->nbranches; i++)
		if (strcmp(im->branches[i], name) == 0)
			return exec_syscat_user_oid('n', name, NULL);
	return 0;
}

static const char *nsp_name(const sc_image *im, uint32_t oid)
{
	switch (oid) {
	case EXEC_NSP_PG_CATALOG:
		return "pg_catalog";
	case EXEC_NSP_PUBLIC:
		return "public";
	case EXEC_NSP_INFORMATION_SCHEMA:
		return "information_schema";
	default:
		for (int i = 0; i < im->nbranches; i++)
			if (exec_syscat_user_oid('n', im->branches[i], NULL) == oid)
				return im->branches[i];
		return NULL;
	}
}

static int regnamespace_in(
	exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	sc_image *im;
	int64_t oid = 0;
	bool digits;
	char *name = sql_arena_strndup(cx->arena, text, len), *parts[2];

	(void)typmod;
	if (oid_text_in(cx, text, len, &oid, &digits) != EXEC_OK)
		return EXEC_ERROR;
	if (!digits && strcmp(name, "-") != 0) {
		if (exec_split_identifiers(name, '.', true, parts, 2) != 1)
			return store_err_set(cx->err, "42602", "invalid name syntax");
		if (exec_syscat_image(cx, &im) != EXEC_OK)
			return EXEC_ERROR;
		if ((oid = nsp_oid(im, parts[0])) == 0)
			return store_err_set(
				cx->err, "3F000", "schema \"%s\" does not exist", parts[0]);
	}
	*out = exec_int(EXEC_OID_REGNAMESPACE, oid);
	return EXEC_OK;
}

static int regnamespace_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	sc_image *im;
	const char *name;

	if (v->v.i == 0) {
		store_buf_puts(buf, "-");
		return EXEC_OK;
	}
	if (exec_syscat_image(cx, &im) != EXEC_OK)
		return EXEC_ERROR;
	name = nsp_name(im, (uint32_t)v->v.i);
	if (name != NULL)
		store_buf_puts(buf, exec_quote_ident(cx->arena, name));
	else
		store_buf_printf(buf, "%u", (unsigned)v->v.i);
	return EXEC_OK;
}

/* ---- Relations (regclass) ---- */

int exec_syscat_regclass_in(exec_ctx *cx, const char *text, size_t len, exec_oid *oid)
{
	char *copy = sql_arena_strndup(cx->arena, text, len), *parts[4];
	const char *schema, *name;
	const sc_rel *r = NULL;
	sc_image *im;
	int n = exec_split_identifiers(copy, '.', true, parts, 4);

	if (n <= 0)
		return store_err_set(cx->err, "42602", "invalid name syntax");
	if (n > 3)
		return store_err_set(cx->err, "42601",
			"improper relation name (too many dotted names): %s",
			sql_arena_strndup(cx->arena, text, len));
	if (n == 3 && strcmp(parts[0], "chrondb") != 0)
		return store_err_set(cx->err, "0A000",
			"cross-database references are not implemented: \"%s.%s.%s\"", parts[0],
			parts[1], parts[2]);
	schema = n >= 2 ? parts[n - 2] : NULL;
	name = parts[n - 1];

	/* Outside a session's statement there is no catalog: no relation has the name. */
	if (cx->session == NULL || ((exec_session *)cx->session)->cur == NULL) {
		if (schema != NULL)
			return store_err_set(cx->err, "42P01", "relation \"%s.%s\" does not exist",
				schema, name);
		return store_err_set(cx->err, "42P01", "relation \"%s\" does not exist", name);
	}
	if (exec_syscat_image(cx, &im) != EXEC_OK)
		return EXEC_ERROR;
	if (schema == NULL) {
		/* pg_catalog first, then the session's branch: PostgreSQL's search path. */
		r = exec_syscat_rel_named(im, EXEC_NSP_PG_CATALOG, name);
		if (r == NULL)
			r = exec_syscat_rel_named(im, EXEC_NSP_PUBLIC, name);
		if (r == NULL)
			return store_err_set(
				cx->err, "42P01", "relation \"%s\" does not exist", name);
	} else {
		uint32_t nsp = nsp_oid(im, schema);

		if (nsp == 0)
			return store_err_set(
				cx->err, "3F000", "schema \"%s\" does not exist", schema);
		r = exec_syscat_rel_named(im, nsp, name);
		if (r == NULL)
			return store_err_set(cx->err, "42P01", "relation \"%s.%s\" does not exist",
				schema, name);
	}
	*oid = r->oid;
	return EXEC_OK;
}

int exec_syscat_regclass_out(exec_ctx *cx, exec_oid oid, store_buf *buf)
{
	sc_image *im;
	const sc_rel *r;

	if (oid == 0) {
		store_buf_puts(buf, "-");
		return EXEC_OK;
	}
	if (cx->session == NULL || exec_syscat_image(cx, &im) != EXEC_OK) {
		store_err_clear(cx->err);
		store_buf_printf(buf, "%u", (unsigned)oid);
		return EXEC_OK;
	}
	r = exec_syscat_rel(im, oid);
	if (r == NULL) {
		store_buf_printf(buf, "%u", (unsigned)oid);
		return EXEC_OK;
	}
	if (r->nsp == EXEC_NSP_INFORMATION_SCHEMA)
		store_buf_puts(buf, "information_schema.");
	store_buf_puts(buf, exec_quote_ident(cx->arena, r->name));
	return EXEC_OK;
}

/* ---- xid, pg_node_tree ---- */

static int xid_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	(void)typmod;
	if (exec_value_in(cx, EXEC_OID_OID, EXEC_TYPMOD_NONE, text, len, out) != EXEC_OK)
		return EXEC_ERROR;
	out->type = EXEC_OID_XID;
	return EXEC_OK;
}

/* xid8: a 64-bit transaction id, its bits unsigned in the value's integer. */
static int xid8_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	char buf[32], *end;
	unsigned long long v;

	(void)typmod;
	if (len == 0 || len >= sizeof(buf) || text[0] < '0' || text[0] > '9')
		return exec_err_syntax(cx, "xid8", text, len);
	memcpy(buf, text, len);
	buf[len] = '\0';
	errno = 0;
	v = strtoull(buf, &end, 10);
	if (*end != '\0' || errno != 0)
		return exec_err_syntax(cx, "xid8", text, len);
	*out = exec_int(EXEC_OID_XID8, (int64_t)v);
	return EXEC_OK;
}

static int xid8_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	(void)cx;
	store_buf_printf(buf, "%llu", (unsigned long long)(uint64_t)v->v.i);
	return EXEC_OK;
}

static int xid8_cmp(const exec_value *a, const exec_value *b)
{
	uint64_t x = (uint64_t)a->v.i, y = (uint64_t)b->v.i;

	return x < y ? -1 : x > y;
}

static int uint_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	(void)cx;
	store_buf_printf(buf, "%u", (unsigned)v->v.i);
	return EXEC_OK;
}

static int uint_cmp(const exec_value *a, const exec_value *b)
{
	return a->v.i < b->v.i ? -1 : a->v.i > b->v.i;
}

static uint64_t uint_hash(const exec_value *v)
{
	return exec_hash_u64((uint64_t)v->v.i);
}

static int node_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	(void)text;
	(void)len;
	(void)typmod;
	(void)out;
	return store_err_set(cx->err, "0A000", "cannot accept a value of type pg_node_tree");
}

static int node_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	(void)cx;
	store_buf_put(buf, v->v.s.p, v->v.s.len);
	return EXEC_OK;
}

static int node_cmp(const exec_value *a, const exec_value *b)
{
	size_t n = a->v.s.len < b->v.s.len ? a->v.s.len : b->v.s.len;
	int c = n ? memcmp(a->v.s.p, b->v.s.p, n) : 0;

	return c != 0 ? c : a->v.s.len < b->v.s.len ? -1 : a->v.s.len > b->v.s.len;
}

static uint64_t node_hash(const exec_value *v)
{
	return exec_hash_bytes(v->v.s.p, v->v.s.len);
}

/* ---- Casts ---- */

static int relabel(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out, exec_oid to)
{
	(void)cx;
	(void)nargs;
	*out = args[0];
	out->type = to;
	return EXEC_OK;
}

#define RELABEL(fname, to)                                                                         \
	static int fname(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)         \
	{                                                                                          \
		return relabel(cx, args, nargs, out, to);                                          \
	}
RELABEL(to_oid, EXEC_OID_OID)
RELABEL(to_regproc, EXEC_OID_REGPROC)
RELABEL(to_regnamespace, EXEC_OID_REGNAMESPACE)
RELABEL(to_text, EXEC_OID_TEXT)
RELABEL(to_int2_array, EXEC_OID_INT2_ARRAY)
RELABEL(to_oid_array, EXEC_OID_OID_ARRAY)

/* An integer as an OID of the type: int4's bits (-1 is 4294967295), int8 within range. */
static int int_to_reg(exec_ctx *cx, const exec_value *in, exec_oid to, exec_value *out)
{
	int64_t v = in->type == EXEC_OID_INT4 ? (int64_t)(uint32_t)in->v.i : in->v.i;

	if (v < 0 || v > UINT32_MAX)
		return store_err_set(cx->err, "22003", "OID out of range");
	*out = exec_int(to, v);
	return EXEC_OK;
}

static int int_to_regproc(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)nargs;
	return int_to_reg(cx, &args[0], EXEC_OID_REGPROC, out);
}

static int int_to_regnamespace(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)nargs;
	return int_to_reg(cx, &args[0], EXEC_OID_REGNAMESPACE, out);
}

/* ---- Functions ---- */

/* format_type(type, typmod): NULL typmod is the type's name alone ("character"). */
static int format_type_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	char buf[160];
	exec_oid t = (exec_oid)args[0].v.i;

	(void)nargs;
	if (args[0].isnull) {
		*out = exec_null(EXEC_OID_TEXT);
		return EXEC_OK;
	}
	if (exec_type_by_oid(t) == NULL && exec_array_elem_of(t) == 0) {
		*out = text_value(cx, "???");
		return EXEC_OK;
	}
	if (!args[1].isnull && args[1].v.i < 0 && t == EXEC_OID_BPCHAR) {
		*out = text_value(cx, "bpchar"); /* a typmod of -1 given: bpchar, not character */
		return EXEC_OK;
	}
	cat_format_type(
		t, args[1].isnull ? EXEC_TYPMOD_NONE : (int32_t)args[1].v.i, buf, sizeof(buf));
	*out = text_value(cx, buf);
	return EXEC_OK;
}

/* The run's image and the relation an OID argument names (NULL when none). */
static int rel_arg(exec_ctx *cx, const exec_value *arg, sc_image **im, const sc_rel **r)
{
	if (exec_syscat_image(cx, im) != EXEC_OK)
		return EXEC_ERROR;
	*r = exec_syscat_rel(*im, (uint32_t)arg->v.i);
	return EXEC_OK;
}

/*
 * pg_get_expr(tree, relation [, pretty]): the stored expression (SQL
 * text here) deparsed over the relation's columns; a column default
 * (the text of one of its pg_attrdef rows) is coerced to the column's
 * type first, as PostgreSQL stores it.  Text the deparser cannot print
 * is given back as it is.
 */
static int get_expr_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_image *im;
	const sc_rel *r;
	const cat_table *t = NULL;
	const cat_column *col = NULL;
	const char *text = sql_arena_strndup(cx->arena, args[0].v.s.p, args[0].v.s.len), *s;

	if (rel_arg(cx, &args[1], &im, &r) != EXEC_OK)
		return EXEC_ERROR;
	if (r != NULL && r->kind == 'r' && r->t != NULL)
		t = r->t;
	for (int i = 0; t != NULL && i < t->ncols && col == NULL; i++)
		if (exec_syscat_has_default(&t->cols[i]) &&
			strcmp(exec_syscat_default_expr(cx->arena, &t->cols[i]), text) == 0)
			col = &t->cols[i];
	s = exec_deparse(
		im->ss->cur, t, col, text, nargs > 2 && !args[2].isnull && args[2].v.b, cx->arena);
	*out = text_value(cx, s != NULL ? s : text);
	return EXEC_OK;
}

static const char *column_list(sql_arena *a, const cat_table *t, const int *cols, int n)
{
	store_buf b = STORE_BUF_INIT;
	const char *s;

	for (int i = 0; i < n; i++)
		store_buf_printf(
			&b, "%s%s", i ? ", " : "", exec_quote_ident(a, t->cols[cols[i]].name));
	s = sql_arena_strndup(a, b.len ? (const char *)b.data : "", b.len);
	store_buf_free(&b);
	return s;
}

/* pg_get_indexdef(index [, column, pretty]): CREATE INDEX, the table unqualified (visible). */
static int indexdef_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_image *im;
	const sc_rel *r;
	int col = nargs > 1 ? (int)args[1].v.i : 0;

	if (rel_arg(cx, &args[0], &im, &r) != EXEC_OK)
		return EXEC_ERROR;
	if (r == NULL || r->kind != 'i') {
		*out = exec_null(EXEC_OID_TEXT);
		return EXEC_OK;
	}
	if (col > 0) {
		*out = col <= r->idx->ncols
			       ? text_value(cx, exec_quote_ident(cx->arena,
							r->t->cols[r->idx->cols[col - 1]].name))
			       : text_value(cx, "");
		return EXEC_OK;
	}
	*out = text_value(
		cx, sql_arena_printf(cx->arena, "CREATE %sINDEX %s ON %s USING btree (%s)",
			    r->idx->unique ? "UNIQUE " : "", exec_quote_ident(cx->arena, r->name),
			    exec_quote_ident(cx->arena, r->t->name),
			    column_list(cx->arena, r->t, r->idx->cols, r->idx->ncols)));
	return EXEC_OK;
}

static const char *fk_action(char a)
{
	switch (a) {
	case CAT_FK_RESTRICT:
		return "RESTRICT";
	case CAT_FK_CASCADE:
		return "CASCADE";
	case CAT_FK_SET_NULL:
		return "SET NULL";
	case CAT_FK_SET_DEFAULT:
		return "SET DEFAULT";
	default:
		return NULL;
	}
}

/* pg_get_constraintdef(constraint [, pretty]). */
static int constraintdef_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_image *im;
	const sc_con *k = NULL;
	const cat_table *t;
	const char *def;

	if (exec_syscat_image(cx, &im) != EXEC_OK)
		return EXEC_ERROR;
	for (int i = 0; i < im->ncons && k == NULL; i++)
		if (exec_syscat_con_oid(im, &im->cons[i]) == (uint32_t)args[0].v.i)
			k = &im->cons[i];
	if (k == NULL) {
		*out = exec_null(EXEC_OID_TEXT);
		return EXEC_OK;
	}
	t = im->rels[k->table_rel].t;
	switch (k->type) {
	case 'p':
		def = sql_arena_printf(cx->arena, "PRIMARY KEY (%s)",
			column_list(cx->arena, t, k->cols, k->ncols));
		break;
	case 'u':
		def = sql_arena_printf(
			cx->arena, "UNIQUE (%s)", column_list(cx->arena, t, k->cols, k->ncols));
		break;
	case 'c': {
		/* pretty (a second argument true) leaves out the parentheses precedence
		 * makes redundant; text the deparser cannot print keeps PostgreSQL's frame. */
		bool pretty = nargs > 1 && !args[1].isnull && args[1].v.b;
		const char *s =
			exec_deparse(im->ss->cur, t, NULL, k->check->sql, pretty, cx->arena);

		def = s != NULL ? sql_arena_printf(cx->arena, "CHECK (%s)", s)
				: sql_arena_printf(cx->arena,
					  pretty ? "CHECK (%s)" : "CHECK ((%s))", k->check->sql);
		break;
	}
	default: {
		store_buf b = STORE_BUF_INIT;
		const char *upd = fk_action(k->fk->on_update), *del = fk_action(k->fk->on_delete);

		store_buf_printf(&b, "FOREIGN KEY (%s) REFERENCES %s(",
			column_list(cx->arena, t, k->cols, k->ncols),
			exec_quote_ident(cx->arena, k->fk->ref_table));
		for (int i = 0; i < k->fk->ncols; i++)
			store_buf_printf(&b, "%s%s", i ? ", " : "",
				exec_quote_ident(cx->arena, k->fk->ref_cols[i]));
		store_buf_puts(&b, ")");
		if (upd != NULL)
			store_buf_printf(&b, " ON UPDATE %s", upd);
		if (del != NULL)
			store_buf_printf(&b, " ON DELETE %s", del);
		def = sql_arena_strndup(cx->arena, (const char *)b.data, b.len);
		store_buf_free(&b);
		break;
	}
	}
	*out = text_value(cx, def);
	return EXEC_OK;
}

/* pg_get_viewdef(view [, pretty]) and pg_get_viewdef(name): the stored query. */
static int viewdef_of(exec_ctx *cx, const sc_rel *r, exec_value *out)
{
	if (r == NULL || r->kind != 'v') {
		*out = exec_null(EXEC_OID_TEXT);
		return EXEC_OK;
	}
	*out = text_value(
		cx, sql_arena_printf(cx->arena, " %s;", r->sys ? r->sys->query : r->query));
	return EXEC_OK;
}

static int viewdef_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_image *im;
	const sc_rel *r;

	(void)nargs;
	if (rel_arg(cx, &args[0], &im, &r) != EXEC_OK)
		return EXEC_ERROR;
	return viewdef_of(cx, r, out);
}

static int viewdef_name_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_image *im;
	exec_oid oid;

	(void)nargs;
	if (exec_syscat_regclass_in(cx, args[0].v.s.p, args[0].v.s.len, &oid) != EXEC_OK ||
		exec_syscat_image(cx, &im) != EXEC_OK)
		return EXEC_ERROR;
	return viewdef_of(cx, exec_syscat_rel(im, oid), out);
}

static int userbyid_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_image *im;

	(void)nargs;
	if (exec_syscat_image(cx, &im) != EXEC_OK)
		return EXEC_ERROR;
	if (args[0].v.i == EXEC_ROLE_SUPERUSER)
		*out = name_value(cx, exec_syscat_user(im));
	else if (args[0].v.i == EXEC_ROLE_DATABASE_OWNER)
		*out = name_value(cx, "pg_database_owner");
	else
		*out = name_value(
			cx, sql_arena_printf(cx->arena, "unknown (OID=%u)", (unsigned)args[0].v.i));
	return EXEC_OK;
}

/* pg_table_is_visible: in pg_catalog or the session's branch; NULL for no relation. */
static int table_visible_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_image *im;
	const sc_rel *r;

	(void)nargs;
	if (rel_arg(cx, &args[0], &im, &r) != EXEC_OK)
		return EXEC_ERROR;
	if (r == NULL)
		*out = exec_null(EXEC_OID_BOOL);
	else if (r->nsp == EXEC_NSP_PUBLIC)
		*out = exec_bool(exec_syscat_rel_named(im, EXEC_NSP_PG_CATALOG, r->name) == NULL);
	else
		*out = exec_bool(r->nsp == EXEC_NSP_PG_CATALOG);
	return EXEC_OK;
}

static int type_visible_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)cx;
	(void)nargs;
	*out = exec_type_by_oid((exec_oid)args[0].v.i) != NULL ? exec_bool(true)
							       : exec_null(EXEC_OID_BOOL);
	return EXEC_OK;
}

/*
 * Functions describing objects ChronDB has none of, so that no OID names
 * one: obj_description and friends (pg_description is empty: no COMMENT
 * ON yet), pg_get_triggerdef, pg_get_statisticsobjdef_columns.
 */
static int no_object_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)cx;
	(void)args;
	(void)nargs;
	*out = exec_null(EXEC_OID_TEXT);
	return EXEC_OK;
}

/* pg_get_serial_sequence(table, column): the sequence a serial or identity column counts with. */
static int serial_sequence_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_image *im;
	exec_oid oid;
	const sc_rel *r;
	char *col = sql_arena_strndup(cx->arena, args[1].v.s.p, args[1].v.s.len);
	int k;

	(void)nargs;
	if (exec_syscat_regclass_in(cx, args[0].v.s.p, args[0].v.s.len, &oid) != EXEC_OK ||
		exec_syscat_image(cx, &im) != EXEC_OK)
		return EXEC_ERROR;
	r = exec_syscat_rel(im, oid);
	if (r->kind != 'r' || r->t == NULL) {
		*out = exec_null(EXEC_OID_TEXT);
		return EXEC_OK;
	}
	k = cat_column_index(r->t, col);
	if (k < 0)
		return store_err_set(cx->err, "42703",
			"column \"%s\" of relation \"%s\" does not exist", col, r->name);
	if (r->t->cols[k].sequence == NULL) {
		*out = exec_null(EXEC_OID_TEXT);
		return EXEC_OK;
	}
	*out = text_value(cx, sql_arena_printf(cx->arena, "public.%s",
				      exec_quote_ident(cx->arena, r->t->cols[k].sequence)));
	return EXEC_OK;
}

/* ---- Privileges: the superuser has them all, on objects that exist ---- */

/* A privilege list ("SELECT, INSERT WITH GRANT OPTION") checked against the object's kinds. */
static int check_privs(exec_ctx *cx, const exec_value *v, const char *const *allowed)
{
	char *s = sql_arena_strndup(cx->arena, v->v.s.p, v->v.s.len), *save = NULL;

	for (char *w = strtok_r(s, ",", &save); w != NULL; w = strtok_r(NULL, ",", &save)) {
		char *end;
		bool ok = false;

		while (*w == ' ')
			w++;
		end = w + strlen(w);
		while (end > w && end[-1] == ' ')
			*--end = '\0';
		if (strlen(w) > 18 && strcasecmp(w + strlen(w) - 18, " WITH GRANT OPTION") == 0)
			w[strlen(w) - 18] = '\0';
		for (int i = 0; allowed[i] != NULL && !ok; i++)
			ok = strcasecmp(w, allowed[i]) == 0;
		if (!ok)
			return store_err_set(
				cx->err, "22023", "unrecognized privilege type: \"%s\"", w);
	}
	return EXEC_OK;
}

static const char *const table_privs[] = {
	"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", NULL};
static const char *const column_privs[] = {"SELECT", "INSERT", "UPDATE", "REFERENCES", NULL};
static const char *const schema_privs[] = {"CREATE", "USAGE", NULL};
static const char *const database_privs[] = {"CREATE", "CONNECT", "TEMPORARY", "TEMP", NULL};

/* The user argument of the three-argument forms: the session's user or an unknown role. */
static int check_user(exec_ctx *cx, const exec_value *v)
{
	sc_image *im;

	if (exec_syscat_image(cx, &im) != EXEC_OK)
		return EXEC_ERROR;
	if (v->type == EXEC_OID_OID) {
		if (v->v.i != EXEC_ROLE_SUPERUSER)
			return store_err_set(cx->err, "42704", "role with OID %u does not exist",
				(unsigned)v->v.i);
		return EXEC_OK;
	}
	if (v->v.s.len != strlen(exec_syscat_user(im)) ||
		memcmp(v->v.s.p, exec_syscat_user(im), v->v.s.len) != 0)
		return store_err_set(cx->err, "42704", "role \"%.*s\" does not exist",
			(int)v->v.s.len, v->v.s.p);
	return EXEC_OK;
}

/*
 * What every has_*_privilege form checks first: the user of the forms
 * that name one (nargs == with_user); *im is the run's image.  The
 * object comes next, then the privilege list, as PostgreSQL checks them.
 */
static int privilege_start(
	exec_ctx *cx, const exec_value *args, int nargs, int with_user, sc_image **im)
{
	if (nargs == with_user && check_user(cx, &args[0]) != EXEC_OK)
		return EXEC_ERROR;
	return exec_syscat_image(cx, im);
}

/* A relation argument: a name (42P01 when none) or an OID (NULL result when none). */
static int privilege_rel(exec_ctx *cx, const sc_image *im, const exec_value *v, const sc_rel **r)
{
	exec_oid oid;

	if (v->type == EXEC_OID_OID) {
		*r = exec_syscat_rel(im, (uint32_t)v->v.i);
		return EXEC_OK;
	}
	if (exec_syscat_regclass_in(cx, v->v.s.p, v->v.s.len, &oid) != EXEC_OK)
		return EXEC_ERROR;
	*r = exec_syscat_rel(im, oid);
	return EXEC_OK;
}

static int table_priv_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const sc_rel *r;
	sc_image *im;

	if (privilege_start(cx, args, nargs, 3, &im) != EXEC_OK ||
		privilege_rel(cx, im, &args[nargs - 2], &r) != EXEC_OK ||
		check_privs(cx, &args[nargs - 1], table_privs) != EXEC_OK)
		return EXEC_ERROR;
	*out = r != NULL ? exec_bool(true) : exec_null(EXEC_OID_BOOL);
	return EXEC_OK;
}

static int column_priv_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const sc_rel *r;
	const exec_value *col = &args[nargs - 2];
	char *name;
	bool found = false;
	sc_image *im;

	if (privilege_start(cx, args, nargs, 4, &im) != EXEC_OK ||
		privilege_rel(cx, im, &args[nargs - 3], &r) != EXEC_OK ||
		check_privs(cx, &args[nargs - 1], column_privs) != EXEC_OK)
		return EXEC_ERROR;
	if (r == NULL) {
		*out = exec_null(EXEC_OID_BOOL);
		return EXEC_OK;
	}
	name = sql_arena_strndup(cx->arena, col->v.s.p, col->v.s.len);
	for (int i = 0; r->t != NULL && i < r->t->ncols && !found; i++)
		found = strcmp(r->t->cols[i].name, name) == 0;
	for (int i = 0; r->sys != NULL && i < r->sys->ncols && !found; i++)
		found = strcmp(r->sys->cols[i].name, name) == 0;
	if (!found)
		return store_err_set(cx->err, "42703",
			"column \"%s\" of relation \"%s\" does not exist", name, r->name);
	*out = exec_bool(true);
	return EXEC_OK;
}

static int schema_priv_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_image *im;
	const exec_value *s = &args[nargs - 2];

	if (privilege_start(cx, args, nargs, 3, &im) != EXEC_OK)
		return EXEC_ERROR;
	if (s->type == EXEC_OID_OID) {
		*out = nsp_name(im, (uint32_t)s->v.i) ? exec_bool(true) : exec_null(EXEC_OID_BOOL);
	} else {
		char *name = sql_arena_strndup(cx->arena, s->v.s.p, s->v.s.len);

		if (nsp_oid(im, name) == 0)
			return store_err_set(
				cx->err, "3F000", "schema \"%s\" does not exist", name);
		*out = exec_bool(true);
	}
	return check_privs(cx, &args[nargs - 1], schema_privs);
}

static int database_priv_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_image *im;
	const exec_value *d = &args[nargs - 2];

	if (privilege_start(cx, args, nargs, 3, &im) != EXEC_OK)
		return EXEC_ERROR;
	if (d->type == EXEC_OID_OID) {
		*out = d->v.i == EXEC_SYSCAT_DATABASE_OID ? exec_bool(true)
							  : exec_null(EXEC_OID_BOOL);
	} else {
		if (d->v.s.len != strlen(exec_syscat_database(im)) ||
			memcmp(d->v.s.p, exec_syscat_database(im), d->v.s.len) != 0)
			return store_err_set(cx->err, "3D000", "database \"%.*s\" does not exist",
				(int)d->v.s.len, d->v.s.p);
		*out = exec_bool(true);
	}
	return check_privs(cx, &args[nargs - 1], database_privs);
}

/* ---- Functions (pg_proc) ---- */

/* The registry's function of an OID as pg_proc shows it, or NULL. */
static const exec_func *func_of(uint32_t oid)
{
	size_t nmods;
	const exec_module *const *mods = exec_registry_modules(&nmods);

	for (size_t m = 0; m < nmods; m++)
		for (size_t i = 0; i < mods[m]->nfuncs; i++) {
			const exec_func *f = &mods[m]->funcs[i];

			if ((f->oid ? f->oid : exec_syscat_user_oid('p', f->name, NULL)) == oid)
				return f;
		}
	return NULL;
}

static int function_visible_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)cx;
	(void)nargs;
	*out = func_of((uint32_t)args[0].v.i) ? exec_bool(true) : exec_null(EXEC_OID_BOOL);
	return EXEC_OK;
}

/* pg_get_function_result and pg_get_function_arguments: format_type's names. */
static int function_result_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_func *f = func_of((uint32_t)args[0].v.i);
	char buf[160];

	(void)nargs;
	if (f == NULL) {
		*out = exec_null(EXEC_OID_TEXT);
		return EXEC_OK;
	}
	cat_format_type(f->result, EXEC_TYPMOD_NONE, buf, sizeof(buf));
	*out = text_value(cx, buf);
	return EXEC_OK;
}

static int function_arguments_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_func *f = func_of((uint32_t)args[0].v.i);
	store_buf b = STORE_BUF_INIT;

	(void)nargs;
	if (f == NULL) {
		*out = exec_null(EXEC_OID_TEXT);
		return EXEC_OK;
	}
	for (int i = 0; i < f->nargs; i++) {
		char buf[160];

		cat_format_type(f->args[i], EXEC_TYPMOD_NONE, buf, sizeof(buf));
		store_buf_printf(&b, "%s%s%s", i ? ", " : "",
			f->variadic && i == f->nargs - 1 ? "VARIADIC " : "", buf);
	}
	*out = exec_text_dup(cx, EXEC_OID_TEXT, b.len ? (const char *)b.data : "", b.len);
	store_buf_free(&b);
	return EXEC_OK;
}

/* pg_relation_is_publishable: a table is; NULL for no relation. */
static int publishable_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_image *im;
	const sc_rel *r;

	(void)nargs;
	if (rel_arg(cx, &args[0], &im, &r) != EXEC_OK)
		return EXEC_ERROR;
	*out = r == NULL ? exec_null(EXEC_OID_BOOL) : exec_bool(r->kind == 'r' && r->sys == NULL);
	return EXEC_OK;
}

static int partition_ancestors_srf(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	sc_image *im;
	const sc_rel *r;
	exec_value v = exec_int(EXEC_OID_REGCLASS, args[0].v.i);

	(void)nargs;
	if (rel_arg(cx, &args[0], &im, &r) != EXEC_OK)
		return EXEC_ERROR;
	if (r == NULL)
		return EXEC_OK;
	return emit(arg, &v, 1);
}

/*
 * information_schema._pg_expandarray(array): each element with its
 * position (x, n), for the key arrays clients expand (pg_index.indkey,
 * pg_constraint.conkey): declared for int2vector and int2[], whose x is
 * int2, since a record's polymorphic column is not resolved.
 */
static int expandarray_srf(
	exec_ctx *cx, const exec_value *args, int nargs, exec_srf_emit emit, void *arg)
{
	const exec_array *a = args[0].v.arr;

	(void)cx;
	(void)nargs;
	for (uint32_t i = 0; i < a->count; i++) {
		exec_value row[2] = {a->elems[i], exec_int(EXEC_OID_INT4, (int64_t)i + 1)};

		if (emit(arg, row, 2) != EXEC_OK)
			return EXEC_ERROR;
	}
	return EXEC_OK;
}

const exec_srf exec_syscat_srfs[] = {
	{"_pg_expandarray", 1, {EXEC_OID_INT2VECTOR}, 2, {"x", "n"}, {EXEC_OID_INT2, EXEC_OID_INT4},
		true, expandarray_srf, 13227},
	{"_pg_expandarray", 1, {EXEC_OID_INT2_ARRAY}, 2, {"x", "n"}, {EXEC_OID_INT2, EXEC_OID_INT4},
		true, expandarray_srf, 13227},
	{"pg_partition_ancestors", 1, {EXEC_OID_REGCLASS}, 1, {"relid"}, {EXEC_OID_REGCLASS}, true,
		partition_ancestors_srf, 3425},
};
const size_t exec_syscat_nsrfs = EXEC_NELEM(exec_syscat_srfs);

/* ---- Search path ---- */

static int current_schema_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)args;
	(void)nargs;
	*out = name_value(cx, "public");
	return EXEC_OK;
}

/* current_schemas(implicit): the search path, pg_catalog first when implicit ones count. */
static int current_schemas_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_value names[2];
	int n = 0;

	(void)nargs;
	if (args[0].v.b)
		names[n++] = name_value(cx, "pg_catalog");
	names[n++] = name_value(cx, "public");
	*out = exec_array_value(
		EXEC_OID_NAME_ARRAY, exec_array_new(cx->arena, EXEC_OID_NAME, names, (uint32_t)n));
	return EXEC_OK;
}

/* to_regclass, to_regtype: NULL where the cast would fail for a missing object. */
static int to_regclass_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_oid oid;

	(void)nargs;
	if (exec_syscat_regclass_in(cx, args[0].v.s.p, args[0].v.s.len, &oid) != EXEC_OK) {
		if (strcmp(cx->err->sqlstate, "42P01") != 0 &&
			strcmp(cx->err->sqlstate, "3F000") != 0)
			return EXEC_ERROR;
		store_err_clear(cx->err);
		*out = exec_null(EXEC_OID_REGCLASS);
		return EXEC_OK;
	}
	*out = exec_int(EXEC_OID_REGCLASS, oid);
	return EXEC_OK;
}

static int to_regtype_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_type *t =
		exec_type_by_name(sql_arena_strndup(cx->arena, args[0].v.s.p, args[0].v.s.len));

	(void)nargs;
	*out = t != NULL ? exec_int(EXEC_OID_REGTYPE, t->oid) : exec_null(EXEC_OID_REGTYPE);
	return EXEC_OK;
}

/* ---- The module ---- */

enum {
	OID_REGPROC_ARRAY = 1008,
	OID_XID_ARRAY = 1011,
	OID_XID8_ARRAY = 271,
	OID_REGNAMESPACE_ARRAY = 4090
};

static const exec_type syscat_types[] = {
	{EXEC_OID_REGPROC, "regproc", "regproc", 'N', false, 4, 0, OID_REGPROC_ARRAY, regproc_in,
		regproc_out, uint_cmp, uint_hash, NULL},
	{EXEC_OID_REGNAMESPACE, "regnamespace", "regnamespace", 'N', false, 4, 0,
		OID_REGNAMESPACE_ARRAY, regnamespace_in, regnamespace_out, uint_cmp, uint_hash,
		NULL},
	{EXEC_OID_XID, "xid", "xid", 'U', false, 4, 0, OID_XID_ARRAY, xid_in, uint_out, uint_cmp,
		uint_hash, NULL},
	{EXEC_OID_XID8, "xid8", "xid8", 'U', false, 8, 0, OID_XID8_ARRAY, xid8_in, xid8_out,
		xid8_cmp, uint_hash, NULL},
	{EXEC_OID_PG_NODE_TREE, "pg_node_tree", "pg_node_tree", 'Z', false, -1, 0, 0, node_in,
		node_out, node_cmp, node_hash, NULL},
};

static const exec_cast syscat_casts[] = {
	{EXEC_OID_OID, EXEC_OID_REGPROC, EXEC_CAST_IMPLICIT, to_regproc},
	{EXEC_OID_REGPROC, EXEC_OID_OID, EXEC_CAST_IMPLICIT, to_oid},
	{EXEC_OID_INT4, EXEC_OID_REGPROC, EXEC_CAST_IMPLICIT, int_to_regproc},
	{EXEC_OID_INT8, EXEC_OID_REGPROC, EXEC_CAST_IMPLICIT, int_to_regproc},
	{EXEC_OID_OID, EXEC_OID_REGNAMESPACE, EXEC_CAST_IMPLICIT, to_regnamespace},
	{EXEC_OID_REGNAMESPACE, EXEC_OID_OID, EXEC_CAST_IMPLICIT, to_oid},
	{EXEC_OID_INT4, EXEC_OID_REGNAMESPACE, EXEC_CAST_IMPLICIT, int_to_regnamespace},
	{EXEC_OID_INT8, EXEC_OID_REGNAMESPACE, EXEC_CAST_IMPLICIT, int_to_regnamespace},
	{EXEC_OID_PG_NODE_TREE, EXEC_OID_TEXT, EXEC_CAST_IMPLICIT, to_text},
	{EXEC_OID_INT2VECTOR, EXEC_OID_INT2_ARRAY, EXEC_CAST_IMPLICIT, to_int2_array},
	{EXEC_OID_OIDVECTOR, EXEC_OID_OID_ARRAY, EXEC_CAST_IMPLICIT, to_oid_array},
};

#define F(name, res, n, args, strict, vol, fn, oid)                                                \
	{                                                                                          \
		name, res, n, args, false, strict, vol, fn, oid                                    \
	}
#define A1(a)                                                                                      \
	{                                                                                          \
		a                                                                                  \
	}
#define A2(a, b)                                                                                   \
	{                                                                                          \
		a, b                                                                               \
	}
#define A3(a, b, c)                                                                                \
	{                                                                                          \
		a, b, c                                                                            \
	}
#define A4(a, b, c, d)                                                                             \
	{                                                                                          \
		a, b, c, d                                                                         \
	}
#define O  EXEC_OID_OID
#define TX EXEC_OID_TEXT
#define NM EXEC_OID_NAME
#define I4 EXEC_OID_INT4
#define BO EXEC_OID_BOOL
#define NT EXEC_OID_PG_NODE_TREE

static const exec_func syscat_funcs[] = {
	F("format_type", TX, 2, A2(O, I4), false, 's', format_type_fn, 1081),
	F("pg_get_expr", TX, 2, A2(NT, O), true, 's', get_expr_fn, 1716),
	F("pg_get_expr", TX, 3, A3(NT, O, BO), true, 's', get_expr_fn, 2509),
	F("pg_get_indexdef", TX, 1, A1(O), true, 's', indexdef_fn, 1643),
	F("pg_get_indexdef", TX, 3, A3(O, I4, BO), true, 's', indexdef_fn, 2507),
	F("pg_get_constraintdef", TX, 1, A1(O), true, 's', constraintdef_fn, 1387),
	F("pg_get_constraintdef", TX, 2, A2(O, BO), true, 's', constraintdef_fn, 2508),
	F("pg_get_viewdef", TX, 1, A1(O), true, 's', viewdef_fn, 1641),
	F("pg_get_viewdef", TX, 2, A2(O, BO), true, 's', viewdef_fn, 2506),
	F("pg_get_viewdef", TX, 1, A1(TX), true, 's', viewdef_name_fn, 1640),
	F("pg_get_userbyid", NM, 1, A1(O), true, 's', userbyid_fn, 1642),
	F("pg_table_is_visible", BO, 1, A1(O), true, 's', table_visible_fn, 2079),
	F("pg_type_is_visible", BO, 1, A1(O), true, 's', type_visible_fn, 2080),
	F("obj_description", TX, 2, A2(O, NM), true, 's', no_object_fn, 1215),
	F("obj_description", TX, 1, A1(O), true, 's', no_object_fn, 1216),
	F("col_description", TX, 2, A2(O, I4), true, 's', no_object_fn, 1218),
	F("shobj_description", TX, 2, A2(O, NM), true, 's', no_object_fn, 1993),
	F("pg_get_serial_sequence", TX, 2, A2(TX, TX), true, 's', serial_sequence_fn, 1665),
	F("has_table_privilege", BO, 2, A2(TX, TX), true, 's', table_priv_fn, 1927),
	F("has_table_privilege", BO, 2, A2(O, TX), true, 's', table_priv_fn, 1928),
	F("has_table_privilege", BO, 3, A3(NM, TX, TX), true, 's', table_priv_fn, 1922),
	F("has_table_privilege", BO, 3, A3(NM, O, TX), true, 's', table_priv_fn, 1923),
	F("has_column_privilege", BO, 3, A3(TX, TX, TX), true, 's', column_priv_fn, 3020),
	F("has_column_privilege", BO, 3, A3(O, TX, TX), true, 's', column_priv_fn, 3022),
	F("has_column_privilege", BO, 4, A4(NM, TX, TX, TX), true, 's', column_priv_fn, 3012),
	F("has_schema_privilege", BO, 2, A2(TX, TX), true, 's', schema_priv_fn, 2273),
	F("has_schema_privilege", BO, 2, A2(O, TX), true, 's', schema_priv_fn, 2274),
	F("has_schema_privilege", BO, 3, A3(NM, TX, TX), true, 's', schema_priv_fn, 2268),
	F("has_database_privilege", BO, 2, A2(TX, TX), true, 's', database_priv_fn, 2254),
	F("has_database_privilege", BO, 2, A2(O, TX), true, 's', database_priv_fn, 2255),
	F("has_database_privilege", BO, 3, A3(NM, TX, TX), true, 's', database_priv_fn, 2250),
	F("pg_function_is_visible", BO, 1, A1(O), true, 's', function_visible_fn, 2081),
	F("pg_get_function_result", TX, 1, A1(O), true, 's', function_result_fn, 2165),
	F("pg_get_function_arguments", TX, 1, A1(O), true, 's', function_arguments_fn, 2162),
	F("pg_get_function_identity_arguments", TX, 1, A1(O), true, 's', function_arguments_fn,
		2232),
	F("pg_get_triggerdef", TX, 1, A1(O), true, 's', no_object_fn, 1662),
	F("pg_get_triggerdef", TX, 2, A2(O, BO), true, 's', no_object_fn, 2730),
	F("pg_get_statisticsobjdef_columns", TX, 1, A1(O), true, 's', no_object_fn, 6174),
	F("pg_relation_is_publishable", BO, 1, A1(EXEC_OID_REGCLASS), true, 's', publishable_fn,
		6121),
	F("current_schema", NM, 0, A1(0), true, 's', current_schema_fn, 1402),
	F("current_schemas", EXEC_OID_NAME_ARRAY, 1, A1(BO), true, 's', current_schemas_fn, 1403),
	F("to_regclass", EXEC_OID_REGCLASS, 1, A1(TX), true, 's', to_regclass_fn, 3495),
	F("to_regtype", EXEC_OID_REGTYPE, 1, A1(TX), true, 's', to_regtype_fn, 3493),
};

const exec_module exec_mod_syscat = {"syscat", syscat_types, EXEC_NELEM(syscat_types), syscat_casts,
	EXEC_NELEM(syscat_casts), NULL, 0, syscat_funcs, EXEC_NELEM(syscat_funcs), NULL, 0};
