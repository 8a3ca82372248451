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
 * print it; pg_get_viewdef and pg_get_ruledef print a view's query as
 * PostgreSQL deparses it, or as written when the view was kept so.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "basic.h"
#include "deparse.h"
#include "guc.h"
#include "srf.h"
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

/* The roles of pg_authid: the session's user (the superuser) and pg_database_owner. */
uint32_t exec_syscat_role_oid(const sc_image *im, const char *name)
{
	if (strcmp(name, exec_syscat_user(im)) == 0)
		return EXEC_ROLE_SUPERUSER;
	if (strcmp(name, "pg_database_owner") == 0)
		return EXEC_ROLE_DATABASE_OWNER;
	return 0;
}

const char *exec_syscat_role_name(const sc_image *im, uint32_t oid)
{
	if (oid == EXEC_ROLE_SUPERUSER)
		return exec_syscat_user(im);
	if (oid == EXEC_ROLE_DATABASE_OWNER)
		return "pg_database_owner";
	return NULL;
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

/* The OID of a registry function PostgreSQL has none for: its name and argument types. */
static uint32_t derived_proc_oid(const char *name, int nargs, const exec_oid *args)
{
	char sig[REG_PROC_MAXARGS * 12 + 1] = "";
	size_t n = 0;

	for (int i = 0; i < nargs && i < REG_PROC_MAXARGS; i++)
		n += (size_t)snprintf(sig + n, sizeof(sig) - n, "%s%u", i ? "," : "", args[i]);
	return exec_syscat_user_oid('p', name, sig);
}

/* The registry's functions, aggregates and set-returning functions. */
static int registry_procs(int (*fn)(void *arg, const sc_proc *p), void *arg)
{
	size_t nmods;
	const exec_module *const *mods = exec_registry_modules(&nmods);
	int r;

	for (size_t m = 0; m < nmods; m++) {
		for (size_t i = 0; i < mods[m]->nfuncs; i++) {
			const exec_func *f = &mods[m]->funcs[i];
			sc_proc p = {f->name, f->oid, 'f', f->strict, false, f->volatility,
				f->result, f->nargs, f->args, f->variadic, f, NULL};

			if (p.oid == 0)
				p.oid = derived_proc_oid(f->name, f->nargs, f->args);
			if ((r = fn(arg, &p)) != 0)
				return r;
		}
		for (size_t i = 0; i < mods[m]->naggs; i++) {
			const exec_agg *g = &mods[m]->aggs[i];
			sc_proc p = {g->name, g->oid, 'a', false, false, 'i', g->result, g->nargs,
				g->args, false, NULL, NULL};

			if (p.oid == 0)
				p.oid = derived_proc_oid(g->name, g->nargs, g->args);
			if ((r = fn(arg, &p)) != 0)
				return r;
		}
	}
	for (size_t i = 0; exec_srf_nth(i) != NULL; i++) {
		const exec_srf *f = exec_srf_nth(i);
		sc_proc p = {f->name, f->oid, 'f', f->strict, true, 'i',
			f->ncols == 1 ? f->coltypes[0] : EXEC_OID_RECORD, f->nargs, f->args, false,
			NULL, f};

		if (p.oid == 0)
			p.oid = derived_proc_oid(f->name, f->nargs, f->args);
		if ((r = fn(arg, &p)) != 0)
			return r;
	}
	return 0;
}

exec_oid exec_syscat_proc_argtype(const sc_proc *p, int i)
{
	const exec_type *t;

	if (!p->variadic || i != p->nargs - 1 || p->args[i] == EXEC_OID_ANY)
		return p->args[i];
	t = exec_type_by_oid(p->args[i]);
	return t != NULL && t->array != 0 ? t->array : p->args[i];
}

/* ---- Casts (pg_cast) ---- */

/*
 * PostgreSQL 15's pg_cast rows for the pairs of types the registry
 * declares a cast between (SELECT castsource, casttarget, oid,
 * castmethod, castfunc, castfunc::regproc FROM pg_cast): its OIDs and
 * methods, and the names of its cast functions, which pg_proc lists
 * for the casts the registry runs by function.  Method 0: a pair
 * PostgreSQL converts without a pg_cast row, as it does every pair
 * through text (the registry's casts without a function).
 */
static const struct {
	exec_oid from, to;
	uint32_t oid;
	char method;
	uint32_t func;
	const char *funcname;
} pg_casts[] = {
	{16, 23, 10035, 'f', 2558, "int4"},
	{16, 25, 10191, 'f', 2971, "text"},
	{16, 1042, 10201, 'f', 2971, "text"},
	{16, 1043, 10196, 'f', 2971, "text"},
	{18, 23, 10143, 'f', 77, "int4"},
	{18, 25, 10131, 'f', 946, "text"},
	{18, 1042, 10132, 'f', 860, "bpchar"},
	{18, 1043, 10133, 'f', 946, "text"},
	{19, 25, 10134, 'f', 406, "text"},
	{19, 1042, 10135, 'f', 408, "bpchar"},
	{19, 1043, 10136, 'f', 1401, "varchar"},
	{20, 21, 10000, 'f', 714, "int2"},
	{20, 23, 10001, 'f', 480, "int4"},
	{20, 24, 10044, 'f', 1287, "oid"},
	{20, 26, 10037, 'f', 1287, "oid"},
	{20, 700, 10002, 'f', 652, "float4"},
	{20, 701, 10003, 'f', 482, "float8"},
	{20, 1700, 10004, 'f', 1781, "numeric"},
	{20, 2202, 10053, 'f', 1287, "oid"},
	{20, 2205, 10076, 'f', 1287, "oid"},
	{20, 2206, 10090, 'f', 1287, "oid"},
	{20, 4089, 10120, 'f', 1287, "oid"},
	{20, 4096, 10113, 'f', 1287, "oid"},
	{21, 20, 10005, 'f', 754, "int8"},
	{21, 23, 10006, 'f', 313, "int4"},
	{21, 26, 10038, 'f', 313, "int4"},
	{21, 700, 10007, 'f', 236, "float4"},
	{21, 701, 10008, 'f', 235, "float8"},
	{21, 1700, 10009, 'f', 1782, "numeric"},
	{21, 2205, 10077, 'f', 313, "int4"},
	{21, 2206, 10091, 'f', 313, "int4"},
	{23, 16, 10034, 'f', 2557, "bool"},
	{23, 18, 10144, 'f', 78, "char"},
	{23, 20, 10010, 'f', 481, "int8"},
	{23, 21, 10011, 'f', 314, "int2"},
	{23, 24, 10046, 'b', 0, NULL},
	{23, 26, 10039, 'b', 0, NULL},
	{23, 700, 10012, 'f', 318, "float4"},
	{23, 701, 10013, 'f', 316, "float8"},
	{23, 1700, 10014, 'f', 1740, "numeric"},
	{23, 2202, 10055, 'b', 0, NULL},
	{23, 2205, 10078, 'b', 0, NULL},
	{23, 2206, 10092, 'b', 0, NULL},
	{23, 4089, 10122, 'b', 0, NULL},
	{23, 4096, 10115, 'b', 0, NULL},
	{24, 26, 10043, 'b', 0, NULL},
	{24, 2202, 10049, 'b', 0, NULL},
	{25, 18, 10137, 'f', 944, "char"},
	{25, 19, 10140, 'f', 407, "name"},
	{25, 1042, 10125, 'b', 0, NULL},
	{25, 1043, 10126, 'b', 0, NULL},
	{25, 2205, 10109, 'f', 1079, "regclass"},
	{26, 20, 10040, 'f', 1288, "int8"},
	{26, 23, 10041, 'b', 0, NULL},
	{26, 24, 10042, 'b', 0, NULL},
	{26, 2202, 10051, 'b', 0, NULL},
	{26, 2205, 10074, 'b', 0, NULL},
	{26, 2206, 10088, 'b', 0, NULL},
	{26, 4089, 10118, 'b', 0, NULL},
	{26, 4096, 10111, 'b', 0, NULL},
	{114, 3802, 10214, 'i', 0, NULL},
	{194, 25, 10145, 'b', 0, NULL},
	{700, 20, 10015, 'f', 653, "int8"},
	{700, 21, 10016, 'f', 238, "int2"},
	{700, 23, 10017, 'f', 319, "int4"},
	{700, 701, 10018, 'f', 311, "float8"},
	{700, 1700, 10019, 'f', 1742, "numeric"},
	{701, 20, 10020, 'f', 483, "int8"},
	{701, 21, 10021, 'f', 237, "int2"},
	{701, 23, 10022, 'f', 317, "int4"},
	{701, 700, 10023, 'f', 312, "float4"},
	{701, 1700, 10024, 'f', 1743, "numeric"},
	{1042, 18, 10138, 'f', 944, "char"},
	{1042, 19, 10141, 'f', 409, "name"},
	{1042, 25, 10127, 'f', 401, "text"},
	{1042, 1043, 10128, 'f', 401, "text"},
	{1043, 18, 10139, 'f', 944, "char"},
	{1043, 19, 10142, 'f', 1400, "name"},
	{1043, 25, 10129, 'b', 0, NULL},
	{1043, 1042, 10130, 'b', 0, NULL},
	{1043, 2205, 10110, 'f', 1079, "regclass"},
	{1082, 1114, 10152, 'f', 2024, "timestamp"},
	{1082, 1184, 10153, 'f', 1174, "timestamptz"},
	{1083, 1186, 10154, 'f', 1370, "interval"},
	{1083, 1266, 10155, 'f', 2047, "timetz"},
	{1114, 1082, 10156, 'f', 2029, "date"},
	{1114, 1083, 10157, 'f', 1316, "time"},
	{1114, 1184, 10158, 'f', 2028, "timestamptz"},
	{1184, 1082, 10159, 'f', 1178, "date"},
	{1184, 1083, 10160, 'f', 2019, "time"},
	{1184, 1114, 10161, 'f', 2027, "timestamp"},
	{1184, 1266, 10162, 'f', 1388, "timetz"},
	{1186, 1083, 10163, 'f', 1419, "time"},
	{1266, 1083, 10164, 'f', 2046, "time"},
	{1700, 20, 10025, 'f', 1779, "int8"},
	{1700, 21, 10026, 'f', 1783, "int2"},
	{1700, 23, 10027, 'f', 1744, "int4"},
	{1700, 700, 10028, 'f', 1745, "float4"},
	{1700, 701, 10029, 'f', 1746, "float8"},
	{2202, 24, 10050, 'b', 0, NULL},
	{2202, 26, 10052, 'b', 0, NULL},
	{2205, 20, 10079, 'f', 1288, "int8"},
	{2205, 23, 10080, 'b', 0, NULL},
	{2205, 26, 10075, 'b', 0, NULL},
	{2206, 20, 10093, 'f', 1288, "int8"},
	{2206, 23, 10094, 'b', 0, NULL},
	{2206, 26, 10089, 'b', 0, NULL},
	{3802, 16, 10216, 'f', 3556, "bool"},
	{3802, 20, 10220, 'f', 3452, "int8"},
	{3802, 21, 10218, 'f', 3450, "int2"},
	{3802, 23, 10219, 'f', 3451, "int4"},
	{3802, 114, 10215, 'i', 0, NULL},
	{3802, 700, 10221, 'f', 3453, "float4"},
	{3802, 701, 10222, 'f', 2580, "float8"},
	{3802, 1700, 10217, 'f', 3449, "numeric"},
	{4089, 26, 10119, 'b', 0, NULL},
	{4096, 26, 10112, 'b', 0, NULL},
	{22, 1005, 0, 0, 0, NULL}, /* int2vector to int2[], an automatic coercion there */
	{30, 1028, 0, 0, 0, NULL}, /* oidvector to oid[] */
};

char exec_syscat_cast_method(exec_oid from, exec_oid to)
{
	for (size_t k = 0; k < EXEC_NELEM(pg_casts); k++)
		if (pg_casts[k].from == from && pg_casts[k].to == to)
			return pg_casts[k].method != 0 ? pg_casts[k].method : 'i';
	return 'i';
}

/* The cast function's name a pair PostgreSQL lacks gets: the target type's, as its own. */
static const char *cast_funcname(const exec_cast *c)
{
	const exec_type *t = exec_type_by_oid(c->to);

	return t != NULL ? t->name : "?";
}

/* The pg_cast row of a declared cast; false for one PostgreSQL lists none for. */
static bool cast_row(const exec_cast *c, sc_cast *sc)
{
	size_t k;

	for (k = 0; k < EXEC_NELEM(pg_casts); k++)
		if (pg_casts[k].from == c->from && pg_casts[k].to == c->to)
			break;
	if (k < EXEC_NELEM(pg_casts) ? pg_casts[k].method == 0 : c->fn == NULL)
		return false;
	sc->cast = c;
	if (k < EXEC_NELEM(pg_casts)) {
		sc->oid = pg_casts[k].oid;
		sc->method = pg_casts[k].method;
		sc->func = pg_casts[k].func;
		sc->funcname = pg_casts[k].funcname;
	} else {
		char sig[24];

		snprintf(sig, sizeof(sig), "%u,%u", c->from, c->to);
		sc->oid = exec_syscat_user_oid('C', sig, NULL);
		sc->method = 'f';
		sc->funcname = cast_funcname(c);
		sc->func = derived_proc_oid(sc->funcname, 1, &c->from);
	}
	return true;
}

/*
 * pg_proc's functions and pg_cast's casts, built once from the registry
 * (which never changes while the process runs): the registry's
 * functions, aggregates and set-returning functions, then one function
 * per cast function the registry has no function of its own for; and
 * the same functions sorted by OID for lookups.
 */
static struct {
	sc_proc *procs, *by_oid;
	size_t nprocs, capprocs;
	sc_cast *casts;
	size_t ncasts;
} cat;

static pthread_once_t cat_once = PTHREAD_ONCE_INIT;

static int collect_proc(void *arg, const sc_proc *p)
{
	(void)arg;
	if (cat.nprocs == cat.capprocs) {
		cat.capprocs = cat.capprocs ? 2 * cat.capprocs : 1024;
		cat.procs = realloc(cat.procs, cat.capprocs * sizeof(*cat.procs));
		if (cat.procs == NULL)
			abort();
	}
	cat.procs[cat.nprocs++] = *p;
	return 0;
}

static int by_proc_oid(const void *a, const void *b)
{
	const sc_proc *x = a, *y = b;

	return x->oid < y->oid ? -1 : x->oid > y->oid;
}

static const sc_proc *proc_by_oid(uint32_t oid)
{
	sc_proc key;

	key.oid = oid;
	return bsearch(&key, cat.by_oid, cat.nprocs, sizeof(*cat.by_oid), by_proc_oid);
}

static void cat_build(void)
{
	size_t nmods, ncasts = 0;
	const exec_module *const *mods = exec_registry_modules(&nmods);

	registry_procs(collect_proc, NULL);
	for (size_t m = 0; m < nmods; m++)
		ncasts += mods[m]->ncasts;
	cat.casts = calloc(ncasts ? ncasts : 1, sizeof(*cat.casts));
	if (cat.casts == NULL)
		abort();
	for (size_t m = 0; m < nmods; m++)
		for (size_t i = 0; i < mods[m]->ncasts; i++) {
			sc_cast *c = &cat.casts[cat.ncasts];
			bool known = false;

			if (!cast_row(&mods[m]->casts[i], c))
				continue;
			cat.ncasts++;
			if (c->method != 'f')
				continue;
			for (size_t k = 0; k < cat.nprocs && !known; k++)
				known = cat.procs[k].oid == c->func;
			if (!known) {
				sc_proc p = {c->funcname, c->func, 'f', true, false, 'i', c->cast->to, 1,
					&c->cast->from, false, NULL, NULL};

				collect_proc(NULL, &p);
			}
		}
	cat.by_oid = malloc((cat.nprocs ? cat.nprocs : 1) * sizeof(*cat.by_oid));
	if (cat.by_oid == NULL)
		abort();
	memcpy(cat.by_oid, cat.procs, cat.nprocs * sizeof(*cat.by_oid));
	qsort(cat.by_oid, cat.nprocs, sizeof(*cat.by_oid), by_proc_oid);
}

int exec_syscat_casts(int (*fn)(void *arg, const sc_cast *c), void *arg)
{
	int r;

	pthread_once(&cat_once, cat_build);
	for (size_t i = 0; i < cat.ncasts; i++)
		if ((r = fn(arg, &cat.casts[i])) != 0)
			return r;
	return 0;
}

int exec_syscat_procs(int (*fn)(void *arg, const sc_proc *p), void *arg)
{
	int r;

	pthread_once(&cat_once, cat_build);
	for (size_t i = 0; i < cat.nprocs; i++)
		if ((r = fn(arg, &cat.procs[i])) != 0)
			return r;
	return 0;
}

/* What proc_lookup looks for by name, and what it found. */
typedef struct proc_want {
	const char *name;
	sc_proc found;
} proc_want;

static int proc_match(void *arg, const sc_proc *p)
{
	proc_want *w = arg;

	if (strcmp(w->name, p->name) != 0)
		return 0;
	w->found = *p;
	return 1;
}

bool exec_syscat_proc(uint32_t oid, sc_proc *out)
{
	const sc_proc *p;

	pthread_once(&cat_once, cat_build);
	p = proc_by_oid(oid);
	if (p == NULL)
		return false;
	*out = *p;
	return true;
}

/*
 * The name and OID of a function by name or by OID (name NULL): the
 * registry's, then the I/O functions and handlers the catalog names
 * (with a, the types' I/O functions too).  *found NULL when none.
 */
static uint32_t proc_lookup(const char *name, uint32_t oid, const char **found, sql_arena *a)
{
	size_t nmods;
	const exec_module *const *mods = exec_registry_modules(&nmods);
	proc_want w = {name, {0}};

	for (size_t i = 0; i < EXEC_NELEM(known_procs); i++)
		if ((name != NULL && strcmp(known_procs[i].name, name) == 0) ||
			(name == NULL && known_procs[i].oid == oid)) {
			*found = known_procs[i].name;
			return known_procs[i].oid;
		}
	if (name != NULL ? exec_syscat_procs(proc_match, &w) != 0 : exec_syscat_proc(oid, &w.found)) {
		*found = w.found.name;
		return w.found.oid;
	}
	for (size_t m = 0; m < nmods && a != NULL; m++)
		for (size_t i = 0; i < mods[m]->ntypes; i++)
			for (int k = 0; k < 4; k++) {
				const char *io = exec_syscat_type_io(a, &mods[m]->types[i], k);
				uint32_t o = exec_syscat_user_oid('p', io, NULL);

				if ((name != NULL && strcmp(io, name) == 0) ||
					(name == NULL && o == oid)) {
					*found = io;
					return o;
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

/* How many functions of pg_proc have a name (regproc names one only when it is 1). */
typedef struct name_count {
	const char *name;
	int n;
} name_count;

static int count_named(void *arg, const sc_proc *p)
{
	name_count *c = arg;

	c->n += strcmp(c->name, p->name) == 0;
	return 0;
}

static int proc_count(const char *name)
{
	name_count c = {name, 0};

	exec_syscat_procs(count_named, &c);
	return c.n;
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
		if (proc_count(parts[n - 1]) > 1)
			return store_err_set(cx->err, "42725", "more than one function named \"%s\"",
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

uint32_t exec_syscat_nsp_oid(const sc_image *im, const char *name)
{
	if (strcmp(name, "pg_catalog") == 0)
		return EXEC_NSP_PG_CATALOG;
	if (strcmp(name, "public") == 0 || (im->ss->branch && strcmp(name, im->ss->branch) == 0))
		return EXEC_NSP_PUBLIC;
	if (strcmp(name, "information_schema") == 0)
		return EXEC_NSP_INFORMATION_SCHEMA;
	if (strcmp(name, "chrondb") == 0)
		return EXEC_NSP_CHRONDB;
	for (int i = 0; i < im->nbranches; i++)
		if (strcmp(im->branches[i], name) == 0)
			return exec_syscat_user_oid('n', name, NULL);
	return 0;
}

const char *exec_syscat_nsp_name(const sc_image *im, uint32_t oid)
{
	switch (oid) {
	case EXEC_NSP_PG_CATALOG:
		return "pg_catalog";
	case EXEC_NSP_PUBLIC:
		return "public";
	case EXEC_NSP_INFORMATION_SCHEMA:
		return "information_schema";
	case EXEC_NSP_CHRONDB:
		return "chrondb";
	default:
		for (int i = 0; i < im->nbranches; i++)
			if (exec_syscat_user_oid('n', im->branches[i], NULL) == oid)
				return im->branches[i];
		return NULL;
	}
}

/*
 * regnamespace and regrole: an object named by one identifier, or its
 * OID in digits, or "-" for 0; out again as its quoted name, or the
 * number of an OID that names none.
 */
typedef struct reg_named {
	exec_oid type;
	uint32_t (*oid_of)(const sc_image *im, const char *name);
	const char *(*name_of)(const sc_image *im, uint32_t oid);
	const char *sqlstate, *what; /* the error for an unknown name */
} reg_named;

static const reg_named reg_namespace = {EXEC_OID_REGNAMESPACE, exec_syscat_nsp_oid,
	exec_syscat_nsp_name, "3F000", "schema"};
static const reg_named reg_role = {
	EXEC_OID_REGROLE, exec_syscat_role_oid, exec_syscat_role_name, "42704", "role"};

static int named_in(
	exec_ctx *cx, const reg_named *k, const char *text, size_t len, exec_value *out)
{
	sc_image *im;
	int64_t oid = 0;
	bool digits;
	char *name = sql_arena_strndup(cx->arena, text, len), *parts[2];

	if (oid_text_in(cx, text, len, &oid, &digits) != EXEC_OK)
		return EXEC_ERROR;
	if (!digits && strcmp(name, "-") != 0) {
		if (exec_split_identifiers(name, '.', true, parts, 2) != 1)
			return store_err_set(cx->err, "42602", "invalid name syntax");
		if (exec_syscat_image(cx, &im) != EXEC_OK)
			return EXEC_ERROR;
		if ((oid = k->oid_of(im, parts[0])) == 0)
			return store_err_set(cx->err, k->sqlstate, "%s \"%s\" does not exist",
				k->what, parts[0]);
	}
	*out = exec_int(k->type, oid);
	return EXEC_OK;
}

static int named_out(exec_ctx *cx, const reg_named *k, const exec_value *v, store_buf *buf)
{
	sc_image *im;
	const char *name;

	if (v->v.i == 0) {
		store_buf_puts(buf, "-");
		return EXEC_OK;
	}
	if (exec_syscat_image(cx, &im) != EXEC_OK)
		return EXEC_ERROR;
	name = k->name_of(im, (uint32_t)v->v.i);
	if (name != NULL)
		store_buf_puts(buf, exec_quote_ident(cx->arena, name));
	else
		store_buf_printf(buf, "%u", (unsigned)v->v.i);
	return EXEC_OK;
}

static int regnamespace_in(
	exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	(void)typmod;
	return named_in(cx, &reg_namespace, text, len, out);
}

static int regnamespace_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	return named_out(cx, &reg_namespace, v, buf);
}

/* ---- Roles (regrole) ---- */

static int regrole_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	(void)typmod;
	return named_in(cx, &reg_role, text, len, out);
}

static int regrole_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	return named_out(cx, &reg_role, v, buf);
}

/* ---- Functions with their arguments (regprocedure) ---- */

/* What a regprocedure's text names: a function and its argument types. */
typedef struct proc_sig {
	const char *name;
	int nargs;
	exec_oid args[REG_PROC_MAXARGS];
	sc_proc found;
} proc_sig;

static int sig_match(void *arg, const sc_proc *p)
{
	proc_sig *s = arg;

	if (strcmp(s->name, p->name) != 0 || s->nargs != p->nargs)
		return 0;
	for (int i = 0; i < s->nargs; i++)
		if (exec_syscat_proc_argtype(p, i) != s->args[i])
			return 0;
	s->found = *p;
	return 1;
}

/*
 * 'name(type, ...)' as regprocedure reads it: a name, qualified by
 * pg_catalog or not, then its argument types in parentheses (22P02
 * without them, 42704 for an unknown type).  *oid is 0 (with
 * *missing) when no function has that name and those arguments.
 */
static int procedure_parse(
	exec_ctx *cx, const char *text, size_t len, exec_oid *oid, bool *missing)
{
	char *s = sql_arena_strndup(cx->arena, text, len), *open = strchr(s, '('), *end, *parts[3];
	proc_sig sig;
	int n, depth = 0;

	*oid = 0;
	*missing = false;
	if (open == NULL)
		return store_err_set(cx->err, "22P02", "expected a left parenthesis");
	end = s + strlen(s);
	while (end > open && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end - open < 2 || end[-1] != ')')
		return store_err_set(cx->err, "22P02", "expected a right parenthesis");
	*open = '\0';
	end[-1] = '\0';
	n = exec_split_identifiers(s, '.', true, parts, 3);
	if (n < 1 || n > 2)
		return store_err_set(cx->err, "42602", "invalid name syntax");
	memset(&sig, 0, sizeof(sig));
	sig.name = parts[n - 1];
	if (n == 2 && strcmp(parts[0], "pg_catalog") != 0) {
		*missing = true;
		return EXEC_OK;
	}

	/* The types, split at the commas outside parentheses (numeric(10,2)). */
	for (char *p = open + 1, *start = p;; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (*p != '\0' && (*p != ',' || depth > 0))
			continue;
		if (*p == '\0' || *p == ',') {
			char *t = start, *e = p, save = *p;
			const exec_type *ty;

			while (*t == ' ' || *t == '\t')
				t++;
			while (e > t && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			*e = '\0';
			if (*t == '\0' && save == '\0' && sig.nargs == 0)
				break; /* name() */
			ty = exec_type_by_name(t);
			if (ty == NULL)
				return store_err_set(cx->err, "42704", "type \"%s\" does not exist", t);
			if (sig.nargs == REG_PROC_MAXARGS) {
				*missing = true;
				return EXEC_OK;
			}
			sig.args[sig.nargs++] = ty->oid;
			if (save == '\0')
				break;
			start = p + 1;
		}
	}
	if (exec_syscat_procs(sig_match, &sig) == 0)
		*missing = true;
	else
		*oid = sig.found.oid;
	return EXEC_OK;
}

int exec_syscat_procedure_in(exec_ctx *cx, const char *text, size_t len, exec_oid *oid)
{
	bool missing;

	if (procedure_parse(cx, text, len, oid, &missing) != EXEC_OK)
		return EXEC_ERROR;
	if (missing)
		return store_err_set(cx->err, "42883", "function \"%s\" does not exist",
			sql_arena_strndup(cx->arena, text, len));
	return EXEC_OK;
}

static int regprocedure_in(
	exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	int64_t oid = 0;
	bool digits;
	exec_oid found;

	(void)typmod;
	if (oid_text_in(cx, text, len, &oid, &digits) != EXEC_OK)
		return EXEC_ERROR;
	if (!digits && !(len == 1 && text[0] == '-')) {
		if (exec_syscat_procedure_in(cx, text, len, &found) != EXEC_OK)
			return EXEC_ERROR;
		oid = found;
	}
	*out = exec_int(EXEC_OID_REGPROCEDURE, oid);
	return EXEC_OK;
}

/* "name(type,type)", format_type's names without spaces, as PostgreSQL prints it. */
static int regprocedure_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	sc_proc p;

	if (v->v.i == 0) {
		store_buf_puts(buf, "-");
		return EXEC_OK;
	}
	if (!exec_syscat_proc((uint32_t)v->v.i, &p)) {
		store_buf_printf(buf, "%u", (unsigned)v->v.i);
		return EXEC_OK;
	}
	store_buf_printf(buf, "%s(", exec_quote_ident(cx->arena, p.name));
	for (int i = 0; i < p.nargs; i++) {
		char t[160];

		cat_format_type(exec_syscat_proc_argtype(&p, i), EXEC_TYPMOD_NONE, t, sizeof(t));
		store_buf_printf(buf, "%s%s", i ? "," : "", t);
	}
	store_buf_puts(buf, ")");
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
		uint32_t nsp = exec_syscat_nsp_oid(im, schema);

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

static int u64_cmp(const exec_value *a, const exec_value *b)
{
	uint64_t x = (uint64_t)a->v.i, y = (uint64_t)b->v.i;

	return x < y ? -1 : x > y;
}

/* pg_lsn: a WAL position, "16/B374D848" (the high and low 32 bits in hex). */
static int lsn_in(exec_ctx *cx, const char *text, size_t len, int32_t typmod, exec_value *out)
{
	char buf[40];
	unsigned hi, lo;
	int used = 0;

	(void)typmod;
	if (len == 0 || len >= sizeof(buf))
		return exec_err_syntax(cx, "pg_lsn", text, len);
	memcpy(buf, text, len);
	buf[len] = '\0';
	if (sscanf(buf, "%8X/%8X%n", &hi, &lo, &used) != 2 || (size_t)used != len)
		return exec_err_syntax(cx, "pg_lsn", text, len);
	*out = exec_int(EXEC_OID_PG_LSN, (int64_t)((uint64_t)hi << 32 | lo));
	return EXEC_OK;
}

static int lsn_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	uint64_t x = (uint64_t)v->v.i;

	(void)cx;
	store_buf_printf(buf, "%X/%X", (unsigned)(x >> 32), (unsigned)x);
	return EXEC_OK;
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
RELABEL(to_regrole, EXEC_OID_REGROLE)
RELABEL(to_regprocedure, EXEC_OID_REGPROCEDURE)
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

static int int_to_regrole(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)nargs;
	return int_to_reg(cx, &args[0], EXEC_OID_REGROLE, out);
}

static int int_to_regprocedure(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)nargs;
	return int_to_reg(cx, &args[0], EXEC_OID_REGPROCEDURE, out);
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
		*out = text_value(cx, t == 0 ? "-" : "???");
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

/*
 * A view's query as pg_get_viewdef prints it (deparse.c): the plain and
 * pretty forms CREATE VIEW kept (ddl.c), a deparse of the query at each
 * call for another wrap column and for views that keep only their query
 * (made before ChronDB deparsed them); the text as written when it was
 * kept so, or no longer analyzes, and a system view's SQL.  NULL for
 * what is no view, and for PostgreSQL's views that a row function
 * computes here (pg_settings), which have no query.
 */
static const char *viewdef_text(
	exec_ctx *cx, const sc_image *im, const sc_rel *r, bool pretty, int wrap)
{
	const char *text = NULL;

	if (r == NULL || r->kind != 'v' || (r->sys != NULL && r->sys->query == NULL))
		return NULL;
	if (r->sys == NULL && !r->as_written) {
		if (r->pretty != NULL && wrap == 0)
			return pretty ? r->pretty : r->query;
		text = exec_deparse_view_text(
			im->ss->cur, r->query, r->vcols, r->nvcols, pretty, wrap, cx->arena);
	}
	if (text == NULL)
		text = sql_arena_printf(cx->arena, " %s", r->sys ? r->sys->query : r->query);
	return text;
}

/* A view's definition with pg_get_viewdef's final ';', or NULL. */
static int viewdef_value(
	exec_ctx *cx, const sc_image *im, const sc_rel *r, bool pretty, int wrap, exec_value *out)
{
	const char *text = viewdef_text(cx, im, r, pretty, wrap);

	*out = text != NULL ? text_value(cx, sql_arena_printf(cx->arena, "%s;", text))
			    : exec_null(EXEC_OID_TEXT);
	return EXEC_OK;
}

/*
 * pg_get_viewdef(view [, pretty]): PRETTYFLAG_INDENT always, every
 * select list item on a line of its own, the pretty form's parentheses
 * when asked.
 */
static int viewdef_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_image *im;
	const sc_rel *r;

	if (rel_arg(cx, &args[0], &im, &r) != EXEC_OK)
		return EXEC_ERROR;
	return viewdef_value(cx, im, r, nargs > 1 && args[1].v.b, 0, out);
}

/* pg_get_viewdef(view, wrap): the pretty form, lists wrapped past column wrap. */
static int viewdef_wrap_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_image *im;
	const sc_rel *r;

	(void)nargs;
	if (rel_arg(cx, &args[0], &im, &r) != EXEC_OK)
		return EXEC_ERROR;
	return viewdef_value(cx, im, r, true, (int)args[1].v.i, out);
}

/* pg_get_viewdef(name [, pretty]): the same by the view's name. */
static int viewdef_name_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_image *im;
	exec_oid oid;

	if (exec_syscat_regclass_in(cx, args[0].v.s.p, args[0].v.s.len, &oid) != EXEC_OK ||
		exec_syscat_image(cx, &im) != EXEC_OK)
		return EXEC_ERROR;
	return viewdef_value(cx, im, exec_syscat_rel(im, oid), nargs > 1 && args[1].v.b, 0, out);
}

/*
 * pg_get_ruledef(rule [, pretty]): a view's "_RETURN" rule (pg_rewrite),
 * its relation schema-qualified unless pretty, its query as
 * pg_get_viewdef prints it.
 */
static int ruledef_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_image *im;
	const sc_rel *r = NULL;
	bool pretty = nargs > 1 && args[1].v.b;

	if (exec_syscat_image(cx, &im) != EXEC_OK)
		return EXEC_ERROR;
	for (int i = 0; i < im->nrels && r == NULL; i++)
		if (im->rels[i].kind == 'v' &&
			(im->rels[i].sys == NULL || im->rels[i].sys->query != NULL) &&
			exec_syscat_rule_oid(&im->rels[i]) == (uint32_t)args[0].v.i)
			r = &im->rels[i];
	if (r == NULL) {
		*out = exec_null(EXEC_OID_TEXT);
		return EXEC_OK;
	}
	*out = text_value(cx,
		sql_arena_printf(cx->arena,
			"CREATE RULE \"_RETURN\" AS\n    ON SELECT TO %s%s%s DO INSTEAD %s;",
			pretty ? "" : exec_syscat_nsp_name(im, r->nsp), pretty ? "" : ".",
			exec_quote_ident(cx->arena, r->name), viewdef_text(cx, im, r, pretty, 0)));
	return EXEC_OK;
}

/* pg_get_function_sqlbody: no function here has a SQL-standard body (BEGIN ATOMIC). */
static int sqlbody_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)cx;
	(void)args;
	(void)nargs;
	*out = exec_null(EXEC_OID_TEXT);
	return EXEC_OK;
}

static int userbyid_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_image *im;
	const char *name;

	(void)nargs;
	if (exec_syscat_image(cx, &im) != EXEC_OK)
		return EXEC_ERROR;
	name = exec_syscat_role_name(im, (uint32_t)args[0].v.i);
	*out = name_value(cx, name != NULL ? name
					   : sql_arena_printf(cx->arena, "unknown (OID=%u)",
						     (unsigned)args[0].v.i));
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

/* ---- Descriptions (comment.c keeps them) ---- */

static exec_value description_value(exec_ctx *cx, const char *text)
{
	return text != NULL ? text_value(cx, text) : exec_null(EXEC_OID_TEXT);
}

/* obj_description(oid, catalog): the catalog by its name in pg_catalog ("pg_class"). */
static int obj_description_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	const exec_systable *catalog;
	sc_image *im;

	(void)nargs;
	if (exec_syscat_image(cx, &im) != EXEC_OK)
		return EXEC_ERROR;
	catalog = exec_systable_find(
		"pg_catalog", sql_arena_strndup(cx->arena, args[1].v.s.p, args[1].v.s.len));
	*out = description_value(cx, catalog != NULL ? exec_syscat_description(im, catalog->oid,
							       (uint32_t)args[0].v.i, 0)
						     : NULL);
	return EXEC_OK;
}

/* What obj_description(oid) looks for in pg_description, and what it found. */
typedef struct desc_want {
	uint32_t objoid;
	const char *text;
} desc_want;

static int desc_match(
	void *arg, uint32_t classoid, uint32_t objoid, int32_t subid, const char *text)
{
	desc_want *w = arg;

	(void)classoid;
	if (objoid != w->objoid || subid != 0)
		return 0;
	w->text = text;
	return 1;
}

/* obj_description(oid), PostgreSQL's deprecated form: the first description of the OID. */
static int obj_description1_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	desc_want w = {(uint32_t)args[0].v.i, NULL};
	sc_image *im;

	(void)nargs;
	if (exec_syscat_image(cx, &im) != EXEC_OK)
		return EXEC_ERROR;
	exec_syscat_descriptions(im, desc_match, &w);
	*out = description_value(cx, w.text);
	return EXEC_OK;
}

static int col_description_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_image *im;

	(void)nargs;
	if (exec_syscat_image(cx, &im) != EXEC_OK)
		return EXEC_ERROR;
	*out = description_value(cx, exec_syscat_description(im, 1259, (uint32_t)args[0].v.i,
					     (int32_t)args[1].v.i));
	return EXEC_OK;
}

/*
 * Functions describing objects ChronDB has none of, so that no OID names
 * one: shobj_description (no shared object has a comment: no COMMENT ON
 * DATABASE, ROLE or TABLESPACE), pg_get_triggerdef,
 * pg_get_statisticsobjdef_columns.
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

/* ---- Functions (pg_proc) ---- */

static int function_visible_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_proc p;

	(void)cx;
	(void)nargs;
	*out = exec_syscat_proc((uint32_t)args[0].v.i, &p) ? exec_bool(true)
							   : exec_null(EXEC_OID_BOOL);
	return EXEC_OK;
}

/* pg_get_function_result and pg_get_function_arguments: format_type's names. */
static int function_result_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_proc p;
	char buf[160];

	(void)nargs;
	if (!exec_syscat_proc((uint32_t)args[0].v.i, &p)) {
		*out = exec_null(EXEC_OID_TEXT);
		return EXEC_OK;
	}
	cat_format_type(p.result, EXEC_TYPMOD_NONE, buf, sizeof(buf));
	*out = text_value(cx, p.retset ? sql_arena_printf(cx->arena, "SETOF %s", buf) : buf);
	return EXEC_OK;
}

/*
 * pg_get_function_arguments and pg_get_function_identity_arguments
 * (the same here: no argument has a default): the arguments' types,
 * then a set-returning function's columns as OUT parameters, as
 * PostgreSQL prints both.
 */
static int function_arguments_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_proc p;
	store_buf b = STORE_BUF_INIT;

	(void)nargs;

	if (!exec_syscat_proc((uint32_t)args[0].v.i, &p)) {
		*out = exec_null(EXEC_OID_TEXT);
		return EXEC_OK;
	}
	for (int i = 0; i < p.nargs; i++) {
		char buf[160];

		cat_format_type(exec_syscat_proc_argtype(&p, i), EXEC_TYPMOD_NONE, buf, sizeof(buf));
		store_buf_printf(&b, "%s%s%s", i ? ", " : "",
			p.variadic && i == p.nargs - 1 ? "VARIADIC " : "", buf);
	}

	/* A set-returning function of several columns names them as OUT parameters. */
	for (int i = 0; p.srf != NULL && p.srf->ncols > 1 && i < p.srf->ncols; i++) {
		char buf[160];

		cat_format_type(p.srf->coltypes[i], EXEC_TYPMOD_NONE, buf, sizeof(buf));
		store_buf_printf(&b, "%sOUT %s %s", b.len ? ", " : "", p.srf->colnames[i], buf);
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

/*
 * to_regproc, to_regprocedure, to_regnamespace, to_regrole: the type's
 * input, with NULL where it finds no object (42883, 3F000, 42704).
 */
static int to_reg(exec_ctx *cx, const exec_value *arg, exec_oid type, exec_value *out)
{
	static const char *const missing[] = {"42883", "42725", "3F000", "42704", "42P01"};

	if (exec_value_in(cx, type, EXEC_TYPMOD_NONE, arg->v.s.p, arg->v.s.len, out) == EXEC_OK)
		return EXEC_OK;
	for (size_t i = 0; i < EXEC_NELEM(missing); i++)
		if (strcmp(cx->err->sqlstate, missing[i]) == 0) {
			store_err_clear(cx->err);
			*out = exec_null(type);
			return EXEC_OK;
		}
	return EXEC_ERROR;
}

#define TO_REG(fname, type)                                                                        \
	static int fname(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)         \
	{                                                                                          \
		(void)nargs;                                                                       \
		return to_reg(cx, &args[0], type, out);                                            \
	}
TO_REG(to_regproc_fn, EXEC_OID_REGPROC)
TO_REG(to_regprocedure_fn, EXEC_OID_REGPROCEDURE)
TO_REG(to_regnamespace_fn, EXEC_OID_REGNAMESPACE)
TO_REG(to_regrole_fn, EXEC_OID_REGROLE)

/* ---- Operators (pg_operator) ---- */

/* The registry's function running an operator (pg_operator.oprcode), once found. */
typedef struct code_want {
	const exec_oper *op;
	uint32_t oid;
} code_want;

static int code_match(void *arg, const sc_proc *p)
{
	code_want *w = arg;
	const exec_oper *op = w->op;

	if (p->func == NULL || p->func->fn != op->fn || p->nargs != (op->left != 0 ? 2 : 1) ||
		p->args[p->nargs - 1] != op->right || (op->left != 0 && p->args[0] != op->left))
		return 0;
	w->oid = p->oid;
	return 1;
}

int exec_syscat_opers(int (*fn)(void *arg, const sc_oper *o), void *arg)
{
	size_t nmods;
	const exec_module *const *mods = exec_registry_modules(&nmods);
	int r;

	for (size_t m = 0; m < nmods; m++)
		for (size_t i = 0; i < mods[m]->nopers; i++) {
			const exec_oper *op = &mods[m]->opers[i];
			sc_oper o = {op, op->oid};
			char sig[32];

			if (o.oid == 0) {
				snprintf(sig, sizeof(sig), "%u,%u", op->left, op->right);
				o.oid = exec_syscat_user_oid('o', op->name, sig);
			}
			if ((r = fn(arg, &o)) != 0)
				return r;
		}
	return 0;
}

/* What oper_find looks for: an OID, or a name and argument types; and what it found. */
typedef struct oper_want {
	uint32_t oid;
	const char *name;
	exec_oid left, right;
	sc_oper found;
} oper_want;

static int oper_match(void *arg, const sc_oper *o)
{
	oper_want *w = arg;

	if (w->name != NULL ? strcmp(w->name, o->op->name) != 0 || w->left != o->op->left ||
				      w->right != o->op->right
			    : w->oid != o->oid)
		return 0;
	w->found = *o;
	return 1;
}

bool exec_syscat_oper(uint32_t oid, sc_oper *out)
{
	oper_want w = {oid, NULL, 0, 0, {0}};

	if (exec_syscat_opers(oper_match, &w) == 0)
		return false;
	*out = w.found;
	return true;
}

uint32_t exec_syscat_oper_code(const exec_oper *op)
{
	code_want w = {op, 0};

	exec_syscat_procs(code_match, &w);
	return w.oid;
}

/* ---- Visibility of other objects ---- */

static int operator_visible_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	sc_oper o;

	(void)cx;
	(void)nargs;
	*out = exec_syscat_oper((uint32_t)args[0].v.i, &o) ? exec_bool(true)
							   : exec_null(EXEC_OID_BOOL);
	return EXEC_OK;
}

/* The collations of pg_collation (syscat.c): default, C and POSIX. */
static int collation_visible_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)cx;
	(void)nargs;
	*out = args[0].v.i == 100 || args[0].v.i == 950 || args[0].v.i == 951
		       ? exec_bool(true)
		       : exec_null(EXEC_OID_BOOL);
	return EXEC_OK;
}

/*
 * Objects ChronDB has none of (operator classes and families,
 * conversions, text search objects, extended statistics): no OID names
 * one, so the answer is PostgreSQL's for a missing object, NULL.
 */
static int none_visible_fn(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	(void)cx;
	(void)args;
	(void)nargs;
	*out = exec_null(EXEC_OID_BOOL);
	return EXEC_OK;
}

/* ---- The module ---- */

enum {
	OID_REGPROC_ARRAY = 1008,
	OID_XID_ARRAY = 1011,
	OID_XID8_ARRAY = 271,
	OID_REGNAMESPACE_ARRAY = 4090,
	OID_REGROLE_ARRAY = 4097,
	OID_REGPROCEDURE_ARRAY = 2207,
	OID_PG_LSN_ARRAY = 3221,
};

static const exec_type syscat_types[] = {
	{EXEC_OID_REGPROC, "regproc", "regproc", 'N', false, 4, 0, OID_REGPROC_ARRAY, regproc_in,
		regproc_out, uint_cmp, uint_hash, NULL},
	{EXEC_OID_REGNAMESPACE, "regnamespace", "regnamespace", 'N', false, 4, 0,
		OID_REGNAMESPACE_ARRAY, regnamespace_in, regnamespace_out, uint_cmp, uint_hash,
		NULL},
	{EXEC_OID_REGROLE, "regrole", "regrole", 'N', false, 4, 0, OID_REGROLE_ARRAY, regrole_in,
		regrole_out, uint_cmp, uint_hash, NULL},
	{EXEC_OID_REGPROCEDURE, "regprocedure", "regprocedure", 'N', false, 4, 0,
		OID_REGPROCEDURE_ARRAY, regprocedure_in, regprocedure_out, uint_cmp, uint_hash,
		NULL},
	{EXEC_OID_XID, "xid", "xid", 'U', false, 4, 0, OID_XID_ARRAY, xid_in, uint_out, uint_cmp,
		uint_hash, NULL},
	{EXEC_OID_XID8, "xid8", "xid8", 'U', false, 8, 0, OID_XID8_ARRAY, xid8_in, xid8_out,
		u64_cmp, uint_hash, NULL},
	{EXEC_OID_PG_LSN, "pg_lsn", "pg_lsn", 'U', false, 8, 0, OID_PG_LSN_ARRAY, lsn_in, lsn_out,
		u64_cmp, uint_hash, NULL},
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
	{EXEC_OID_OID, EXEC_OID_REGROLE, EXEC_CAST_IMPLICIT, to_regrole},
	{EXEC_OID_REGROLE, EXEC_OID_OID, EXEC_CAST_IMPLICIT, to_oid},
	{EXEC_OID_INT4, EXEC_OID_REGROLE, EXEC_CAST_IMPLICIT, int_to_regrole},
	{EXEC_OID_INT8, EXEC_OID_REGROLE, EXEC_CAST_IMPLICIT, int_to_regrole},
	{EXEC_OID_OID, EXEC_OID_REGPROCEDURE, EXEC_CAST_IMPLICIT, to_regprocedure},
	{EXEC_OID_REGPROCEDURE, EXEC_OID_OID, EXEC_CAST_IMPLICIT, to_oid},
	{EXEC_OID_INT4, EXEC_OID_REGPROCEDURE, EXEC_CAST_IMPLICIT, int_to_regprocedure},
	{EXEC_OID_INT8, EXEC_OID_REGPROCEDURE, EXEC_CAST_IMPLICIT, int_to_regprocedure},
	{EXEC_OID_REGPROC, EXEC_OID_REGPROCEDURE, EXEC_CAST_IMPLICIT, to_regprocedure},
	{EXEC_OID_REGPROCEDURE, EXEC_OID_REGPROC, EXEC_CAST_IMPLICIT, to_regproc},
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
	F("pg_get_viewdef", TX, 2, A2(O, I4), true, 's', viewdef_wrap_fn, 3159),
	F("pg_get_viewdef", TX, 1, A1(TX), true, 's', viewdef_name_fn, 1640),
	F("pg_get_viewdef", TX, 2, A2(TX, BO), true, 's', viewdef_name_fn, 2505),
	F("pg_get_userbyid", NM, 1, A1(O), true, 's', userbyid_fn, 1642),
	F("pg_get_ruledef", TX, 1, A1(O), true, 's', ruledef_fn, 1573),
	F("pg_get_ruledef", TX, 2, A2(O, BO), true, 's', ruledef_fn, 2504),
	F("pg_get_function_sqlbody", TX, 1, A1(O), true, 's', sqlbody_fn, 6197),
	F("pg_table_is_visible", BO, 1, A1(O), true, 's', table_visible_fn, 2079),
	F("pg_type_is_visible", BO, 1, A1(O), true, 's', type_visible_fn, 2080),
	F("obj_description", TX, 2, A2(O, NM), true, 's', obj_description_fn, 1215),
	F("obj_description", TX, 1, A1(O), true, 's', obj_description1_fn, 1216),
	F("col_description", TX, 2, A2(O, I4), true, 's', col_description_fn, 1218),
	F("shobj_description", TX, 2, A2(O, NM), true, 's', no_object_fn, 1993),
	F("pg_get_serial_sequence", TX, 2, A2(TX, TX), true, 's', serial_sequence_fn, 1665),
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
	F("to_regproc", EXEC_OID_REGPROC, 1, A1(TX), true, 's', to_regproc_fn, 3494),
	F("to_regprocedure", EXEC_OID_REGPROCEDURE, 1, A1(TX), true, 's', to_regprocedure_fn, 3479),
	F("to_regnamespace", EXEC_OID_REGNAMESPACE, 1, A1(TX), true, 's', to_regnamespace_fn, 4086),
	F("to_regrole", EXEC_OID_REGROLE, 1, A1(TX), true, 's', to_regrole_fn, 4093),
	F("pg_operator_is_visible", BO, 1, A1(O), true, 's', operator_visible_fn, 2082),
	F("pg_opclass_is_visible", BO, 1, A1(O), true, 's', none_visible_fn, 2083),
	F("pg_conversion_is_visible", BO, 1, A1(O), true, 's', none_visible_fn, 2093),
	F("pg_statistics_obj_is_visible", BO, 1, A1(O), true, 's', none_visible_fn, 3403),
	F("pg_ts_parser_is_visible", BO, 1, A1(O), true, 's', none_visible_fn, 3756),
	F("pg_ts_dict_is_visible", BO, 1, A1(O), true, 's', none_visible_fn, 3757),
	F("pg_ts_config_is_visible", BO, 1, A1(O), true, 's', none_visible_fn, 3758),
	F("pg_ts_template_is_visible", BO, 1, A1(O), true, 's', none_visible_fn, 3768),
	F("pg_collation_is_visible", BO, 1, A1(O), true, 's', collation_visible_fn, 3815),
	F("pg_opfamily_is_visible", BO, 1, A1(O), true, 's', none_visible_fn, 3829),
};

const exec_module exec_mod_syscat = {"syscat", syscat_types, EXEC_NELEM(syscat_types), syscat_casts,
	EXEC_NELEM(syscat_casts), NULL, 0, syscat_funcs, EXEC_NELEM(syscat_funcs), NULL, 0};
