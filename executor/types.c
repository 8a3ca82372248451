/*
 * types.c - the registry: every module's tables of types, casts,
 * operators, functions and aggregates (func.h) gathered once into hash
 * indexes, and PostgreSQL's rules for choosing among them.  It owns no
 * type of its own except the polymorphic pseudo-types ("any",
 * anyelement, anyarray, anynonarray, anycompatible, anycompatiblearray),
 * which only resolution needs.  It does not parse type names with
 * modifiers other than float(p); an array coercion's element work is
 * array.c's (exec_array_cast).
 *
 * Indexes.  exec_registry_init (run once, under pthread_once, by every
 * lookup) walks the modules in a fixed order and fills open-addressing
 * hash tables: types by OID and by name (pg_type.typname, format_type's
 * spelling and the SQL aliases below), casts by (source, target), and
 * operators, functions and aggregates by name, each name pointing at its
 * run in an array sorted by name.  To the casts the modules declare it
 * adds the automatic I/O conversions PostgreSQL allows: any type to a
 * string type (text, varchar, bpchar, name) in assignment, a string type
 * to any type explicitly, and an untyped literal (unknown) to any type
 * anywhere.  These run the source's output function and the target's
 * input function; a declared cast for the same pair takes precedence.
 * Last come the array coercions (find_coercion_pathway's ARRAYCOERCE):
 * one array type to another wherever a cast joins their element types,
 * in that cast's context (text[] to int4[] explicitly, int4[] to
 * int8[] anywhere); they cast element by element.
 *
 * Resolution (PostgreSQL's "Type Conversion" chapter; parse_oper.c,
 * parse_func.c and parse_coerce.c), for operators, functions and
 * aggregates alike, over the candidates of the name and arity (a
 * variadic function takes its fixed arguments and one or more of the
 * last):
 *
 *  1. Exact match.  A candidate whose argument types are the input
 *     types wins.  For a binary operator with one unknown input, the
 *     unknown is first taken to be the other input's type.
 *  2. Viable candidates: those every input reaches by an implicit cast.
 *     An unknown input reaches any type, "any" accepts any input, and
 *     polymorphic arguments accept inputs that agree: the anyelement
 *     family on one element type (anynonarray: not an array), the
 *     anycompatible family on a common type by the rules of
 *     select_common_type.  None is 42883; one is the answer.
 *  3. Keep the candidates with the most exact matches on known inputs.
 *  4. Keep those with the most positions that match exactly or take the
 *     preferred type of the input's category (float8 among numbers,
 *     text among strings).
 *  5. For each unknown input: the category of the argument there is
 *     string if any candidate takes a string, else the one category all
 *     take (a conflict ends the step); keep the candidates taking that
 *     category, and its preferred type if any does.
 *  6. If the known inputs all have one type, take the unknowns to be of
 *     it and keep the candidates those types reach by implicit casts.
 *  A step that would leave no candidate keeps them all; one candidate
 *  left at the end of a step is the answer; several after step 6 is
 *  42725.  The winner's polymorphic arguments and result are then
 *  resolved (enforce_generic_type_consistency): anyelement to the common
 *  element type, anyarray to its array type, anycompatible to the
 *  common type; an unknown given to "any" becomes text (value.h keeps
 *  unknown out of evaluated expressions, where PostgreSQL would pass the
 *  literal on as unknown).
 *
 * Casts.  exec_cast_value runs the cast (a binary-compatible one only
 * relabels), then the target type's coerce_typmod: an explicit cast
 * truncates varchar(n), an assignment raises 22001.
 *
 * The resolved result reaches the caller for every kind of entry:
 * exec_func_resolve and exec_agg_resolve return it, and so does
 * exec_oper_resolve_result for operators (array || element is the
 * array's type, anycompatiblearray resolved as the arguments were).
 *
 * Left to the analyzer, which has the call's syntax: a function-style
 * cast (int4('1'), text(1)), which PostgreSQL tries when a one-argument
 * call names a type and has no exact match, before the steps above;
 * and char and character without a length, which mean char(1) (typmod
 * 5).
 */
#include <assert.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "basic.h"
#include "func.h"

#define REG_MAX_ARGS 100 /* PostgreSQL's FUNC_MAX_ARGS */

/* The pseudo-types of polymorphic entries: no values, only resolution. */
static const exec_type reg_pseudo_types[] = {
	{EXEC_OID_ANY, "any", "\"any\"", 'P', false, 4, 0, 0, NULL, NULL, NULL, NULL, NULL},
	{EXEC_OID_ANYARRAY, "anyarray", "anyarray", 'P', false, -1, 0, 0, NULL, NULL, NULL, NULL,
		NULL},
	{EXEC_OID_ANYELEMENT, "anyelement", "anyelement", 'P', false, 4, 0, 0, NULL, NULL, NULL,
		NULL, NULL},
	{EXEC_OID_ANYNONARRAY, "anynonarray", "anynonarray", 'P', false, 4, 0, 0, NULL, NULL, NULL,
		NULL, NULL},
	{EXEC_OID_ANYCOMPATIBLE, "anycompatible", "anycompatible", 'P', false, 4, 0, 0, NULL, NULL,
		NULL, NULL, NULL},
	{EXEC_OID_ANYCOMPATIBLEARRAY, "anycompatiblearray", "anycompatiblearray", 'P', false, -1, 0,
		0, NULL, NULL, NULL, NULL, NULL},
};

static const exec_module reg_mod_pseudo = {"pseudo", reg_pseudo_types,
	sizeof(reg_pseudo_types) / sizeof(reg_pseudo_types[0]), NULL, 0, NULL, 0, NULL, 0, NULL, 0};

static const exec_module *const reg_modules[] = {
	&reg_mod_pseudo,
	&exec_mod_basic,
	&exec_mod_string,
	&exec_mod_numeric,
	&exec_mod_datetime,
	&exec_mod_json,
	&exec_mod_array,
	&exec_mod_agg,
	&exec_mod_seq,
	&exec_mod_record,
	&exec_mod_sys,
	&exec_mod_notify,
	&exec_mod_activity,
	&exec_mod_locks,
	&exec_mod_syscat,
	&exec_mod_priv,
	&exec_mod_relsize,
	&exec_mod_history,
};
#define REG_NMODULES (sizeof(reg_modules) / sizeof(reg_modules[0]))

/*
 * SQL's names for types beyond pg_type.typname and format_type's
 * spelling.  They win over a typname: "char" is SQL's character, the
 * one-byte type is "char" in double quotes.
 */
static const struct {
	const char *name;
	exec_oid oid;
} reg_aliases[] = {
	{"int", EXEC_OID_INT4},
	{"integer", EXEC_OID_INT4},
	{"smallint", EXEC_OID_INT2},
	{"bigint", EXEC_OID_INT8},
	{"real", EXEC_OID_FLOAT4},
	{"float", EXEC_OID_FLOAT8},
	{"double precision", EXEC_OID_FLOAT8},
	{"decimal", EXEC_OID_NUMERIC},
	{"dec", EXEC_OID_NUMERIC},
	{"boolean", EXEC_OID_BOOL},
	{"character varying", EXEC_OID_VARCHAR},
	{"char varying", EXEC_OID_VARCHAR},
	{"char", EXEC_OID_BPCHAR},
	{"character", EXEC_OID_BPCHAR},
	{"\"char\"", EXEC_OID_CHAR},
	{"time without time zone", EXEC_OID_TIME},
	{"time with time zone", EXEC_OID_TIMETZ},
	{"timestamp without time zone", EXEC_OID_TIMESTAMP},
	{"timestamp with time zone", EXEC_OID_TIMESTAMPTZ},
};

/* ---- Hash tables ---- */

/* A slot: a string or integer key to a pointer or a run of a sorted array. */
typedef struct reg_slot {
	const char *name; /* the string key (not owned), or NULL for an integer key */
	uint64_t key;     /* the integer key, or the string's hash */
	const void *ptr;  /* a type or a cast */
	uint32_t first;   /* a run of a by-name array: operators, functions, aggregates */
	uint32_t count;
	int used;
} reg_slot;

typedef struct reg_map {
	reg_slot *slots;
	size_t mask;
} reg_map;

static void map_init(reg_map *m, size_t n)
{
	size_t cap = 16;

	while (cap < 2 * n)
		cap *= 2;
	m->slots = calloc(cap, sizeof(reg_slot));
	if (m->slots == NULL)
		abort(); /* start-up out of memory: nothing sensible to do */
	m->mask = cap - 1;
}

/* The slot for an integer key: its own, or the empty one where it would go. */
static reg_slot *map_int(const reg_map *m, uint64_t key)
{
	size_t i = (size_t)exec_hash_u64(key) & m->mask;

	while (m->slots[i].used && m->slots[i].key != key)
		i = (i + 1) & m->mask;
	return &m->slots[i];
}

static reg_slot *map_name(const reg_map *m, const char *name, size_t len)
{
	uint64_t h = exec_hash_bytes(name, len);
	size_t i = (size_t)h & m->mask;

	for (;; i = (i + 1) & m->mask) {
		reg_slot *s = &m->slots[i];

		if (!s->used)
			return s;
		if (s->key == h && strncmp(s->name, name, len) == 0 && s->name[len] == '\0')
			return s;
	}
}

static void map_put_name(reg_map *m, const char *name, const void *ptr)
{
	size_t len = strlen(name);
	reg_slot *s = map_name(m, name, len);

	s->used = 1;
	s->name = name;
	s->key = exec_hash_bytes(name, len);
	s->ptr = ptr;
}

/* ---- The registry ---- */

static struct {
	reg_map type_oid;  /* oid -> exec_type */
	reg_map type_name; /* name -> exec_type */
	reg_map cast;      /* from << 32 | to -> exec_cast */
	reg_map oper;      /* name -> run of opers */
	reg_map func;      /* name -> run of funcs */
	reg_map agg;       /* name -> run of aggs */
	reg_map lax;       /* the implementations of functions that are not strict */
	const exec_oper **opers;
	const exec_func **funcs;
	const exec_agg **aggs;
	exec_cast *io_casts;    /* the automatic I/O conversions */
	exec_cast *array_casts; /* the array coercions */
} reg;

static pthread_once_t reg_once = PTHREAD_ONCE_INIT;

static uint64_t cast_key(exec_oid from, exec_oid to)
{
	return (uint64_t)from << 32 | to;
}

/* Order by name, then by address (a fixed order for one build) for equal names. */
static int cmp_named(const char *xname, const void *x, const char *yname, const void *y)
{
	int c = strcmp(xname, yname);

	if (c != 0)
		return c;
	return ((uintptr_t)x > (uintptr_t)y) - ((uintptr_t)x < (uintptr_t)y);
}

static int by_oper_name(const void *a, const void *b)
{
	const exec_oper *x = *(const exec_oper *const *)a, *y = *(const exec_oper *const *)b;

	return cmp_named(x->name, x, y->name, y);
}

static int by_func_name(const void *a, const void *b)
{
	const exec_func *x = *(const exec_func *const *)a, *y = *(const exec_func *const *)b;

	return cmp_named(x->name, x, y->name, y);
}

static int by_agg_name(const void *a, const void *b)
{
	const exec_agg *x = *(const exec_agg *const *)a, *y = *(const exec_agg *const *)b;

	return cmp_named(x->name, x, y->name, y);
}

static void *reg_alloc(size_t n, size_t size)
{
	void *p = calloc(n > 0 ? n : 1, size);

	if (p == NULL)
		abort();
	return p;
}

/* Index a sorted array of n entries by their names (name_of gives entry i's). */
static void index_runs(reg_map *m, size_t n, const char *(*name_of)(size_t i))
{
	map_init(m, n);
	for (size_t i = 0; i < n;) {
		const char *name = name_of(i);
		size_t j = i + 1;
		reg_slot *s;

		while (j < n && strcmp(name_of(j), name) == 0)
			j++;
		map_put_name(m, name, NULL);
		s = map_name(m, name, strlen(name));
		s->first = (uint32_t)i;
		s->count = (uint32_t)(j - i);
		i = j;
	}
}

static const char *oper_name_at(size_t i)
{
	return reg.opers[i]->name;
}

static const char *func_name_at(size_t i)
{
	return reg.funcs[i]->name;
}

static const char *agg_name_at(size_t i)
{
	return reg.aggs[i]->name;
}

static bool is_string_type(const exec_type *t)
{
	return t->category == 'S';
}

/* One automatic I/O conversion, unless a module declares the pair. */
static void add_io_cast(size_t *n, exec_oid from, exec_oid to, exec_cast_context cc)
{
	reg_slot *slot = map_int(&reg.cast, cast_key(from, to));

	if (slot->used)
		return;
	reg.io_casts[*n] = (exec_cast){from, to, cc, NULL};
	slot->used = 1;
	slot->key = cast_key(from, to);
	slot->ptr = &reg.io_casts[(*n)++];
}

/* The automatic I/O conversions between every type and the string types and unknown. */
static void add_io_casts(size_t ntypes, size_t nstrings)
{
	size_t n = 0;

	reg.io_casts = reg_alloc(ntypes * (2 * nstrings + 1), sizeof(exec_cast));
	for (size_t i = 0; i <= reg.type_oid.mask; i++) {
		const exec_type *t = reg.type_oid.slots[i].ptr;

		/* Pseudo-types have no values, except those with a text form (record). */
		if (t == NULL || (t->category == 'P' && t->out == NULL) ||
			t->oid == EXEC_OID_UNKNOWN)
			continue;
		for (size_t j = 0; j <= reg.type_oid.mask; j++) {
			const exec_type *s = reg.type_oid.slots[j].ptr;

			if (s == NULL || s == t)
				continue;
			if (s->oid == EXEC_OID_UNKNOWN) {
				add_io_cast(&n, s->oid, t->oid, EXEC_CAST_IMPLICIT);
			} else if (is_string_type(s)) {
				add_io_cast(&n, t->oid, s->oid, EXEC_CAST_ASSIGNMENT);
				add_io_cast(&n, s->oid, t->oid, EXEC_CAST_EXPLICIT);
			}
		}
	}
	assert(n <= ntypes * (2 * nstrings + 1));
}

static bool is_array_type(exec_oid oid)
{
	const exec_type *t = exec_type_by_oid(oid);

	return t != NULL && t->elem != 0;
}

/* The array type of a type during the build (exec_type_by_oid would wait for the build). */
static exec_oid build_array_type(exec_oid oid)
{
	const exec_type *t = map_int(&reg.type_oid, oid)->ptr;

	return t != NULL ? t->array : 0;
}

/* An array coercion for every cast between two types that have array types. */
static void add_array_casts(size_t ncasts)
{
	const exec_cast **elem = reg_alloc(ncasts, sizeof(*elem));
	size_t n = 0, k = 0;

	/* First the element casts, since adding to the map moves nothing but fills slots. */
	for (size_t i = 0; i <= reg.cast.mask; i++) {
		const exec_cast *c = reg.cast.slots[i].ptr;

		if (c != NULL && build_array_type(c->from) != 0 && build_array_type(c->to) != 0)
			elem[n++] = c;
	}
	assert(n <= ncasts);
	reg.array_casts = reg_alloc(n, sizeof(exec_cast));
	for (size_t i = 0; i < n; i++) {
		exec_oid from = build_array_type(elem[i]->from), to = build_array_type(elem[i]->to);
		reg_slot *slot = map_int(&reg.cast, cast_key(from, to));

		if (slot->used)
			continue;
		reg.array_casts[k] = (exec_cast){from, to, elem[i]->context, NULL};
		slot->used = 1;
		slot->key = cast_key(from, to);
		slot->ptr = &reg.array_casts[k++];
	}
	free(elem);
}

static void registry_build(void)
{
	size_t ntypes = 0, nstrings = 0, ncasts = 0, nopers = 0, nfuncs = 0, naggs = 0;

	/* Count, so that every table is sized once. */
	for (size_t m = 0; m < REG_NMODULES; m++) {
		ntypes += reg_modules[m]->ntypes;
		ncasts += reg_modules[m]->ncasts;
		nopers += reg_modules[m]->nopers;
		nfuncs += reg_modules[m]->nfuncs;
		naggs += reg_modules[m]->naggs;
	}

	/* Types by OID, then by typname, by format_type's spelling and by alias. */
	map_init(&reg.type_oid, ntypes);
	map_init(&reg.type_name, 2 * ntypes + sizeof(reg_aliases) / sizeof(reg_aliases[0]));
	for (size_t m = 0; m < REG_NMODULES; m++) {
		for (size_t i = 0; i < reg_modules[m]->ntypes; i++) {
			const exec_type *t = &reg_modules[m]->types[i];
			reg_slot *s = map_int(&reg.type_oid, t->oid);

			assert(!s->used && "two modules declare one type");
			s->used = 1;
			s->key = t->oid;
			s->ptr = t;
			map_put_name(&reg.type_name, t->name, t);
			map_put_name(&reg.type_name, t->sql_name, t);
			nstrings += is_string_type(t);
		}
	}
	for (size_t i = 0; i < sizeof(reg_aliases) / sizeof(reg_aliases[0]); i++) {
		const reg_slot *s = map_int(&reg.type_oid, reg_aliases[i].oid);

		if (s->used)
			map_put_name(&reg.type_name, reg_aliases[i].name, s->ptr);
	}

	/* Declared casts, then the I/O conversions and array coercions for the pairs left. */
	map_init(&reg.cast, 2 * (ncasts + ntypes * (2 * nstrings + 1)));
	for (size_t m = 0; m < REG_NMODULES; m++) {
		for (size_t i = 0; i < reg_modules[m]->ncasts; i++) {
			const exec_cast *c = &reg_modules[m]->casts[i];
			reg_slot *s = map_int(&reg.cast, cast_key(c->from, c->to));

			assert(!s->used && "two casts for one pair of types");
			s->used = 1;
			s->key = cast_key(c->from, c->to);
			s->ptr = c;
		}
	}
	add_io_casts(ntypes, nstrings);
	add_array_casts(ncasts + ntypes * (2 * nstrings + 1));

	/* Operators, functions and aggregates: sorted by name, runs indexed. */
	reg.opers = reg_alloc(nopers, sizeof(*reg.opers));
	reg.funcs = reg_alloc(nfuncs, sizeof(*reg.funcs));
	reg.aggs = reg_alloc(naggs, sizeof(*reg.aggs));
	nopers = nfuncs = naggs = 0;
	for (size_t m = 0; m < REG_NMODULES; m++) {
		for (size_t i = 0; i < reg_modules[m]->nopers; i++)
			reg.opers[nopers++] = &reg_modules[m]->opers[i];
		for (size_t i = 0; i < reg_modules[m]->nfuncs; i++)
			reg.funcs[nfuncs++] = &reg_modules[m]->funcs[i];
		for (size_t i = 0; i < reg_modules[m]->naggs; i++)
			reg.aggs[naggs++] = &reg_modules[m]->aggs[i];
	}
	qsort(reg.opers, nopers, sizeof(*reg.opers), by_oper_name);
	qsort(reg.funcs, nfuncs, sizeof(*reg.funcs), by_func_name);
	qsort(reg.aggs, naggs, sizeof(*reg.aggs), by_agg_name);
	index_runs(&reg.oper, nopers, oper_name_at);
	index_runs(&reg.func, nfuncs, func_name_at);
	index_runs(&reg.agg, naggs, agg_name_at);

	/* An operator is as strict as the function sharing its implementation. */
	map_init(&reg.lax, nfuncs);
	for (size_t i = 0; i < nfuncs; i++) {
		if (!reg.funcs[i]->strict) {
			reg_slot *s = map_int(&reg.lax, (uint64_t)(uintptr_t)reg.funcs[i]->fn);

			s->used = 1;
			s->key = (uint64_t)(uintptr_t)reg.funcs[i]->fn;
		}
	}
}

bool exec_oper_strict(const exec_oper *op)
{
	exec_registry_init();
	return !map_int(&reg.lax, (uint64_t)(uintptr_t)op->fn)->used;
}

const exec_module *const *exec_registry_modules(size_t *n)
{
	*n = REG_NMODULES;
	return reg_modules;
}

void exec_registry_init(void)
{
	pthread_once(&reg_once, registry_build);
}

const exec_type *exec_type_by_oid(exec_oid oid)
{
	exec_registry_init();
	return map_int(&reg.type_oid, oid)->ptr;
}

/*
 * A type name as SQL writes it, lower-cased with runs of white space
 * made one space, into buf (NUL-terminated); false when it does not fit.
 */
static bool normalize_type_name(const char *name, char *buf, size_t size)
{
	size_t n = 0;
	bool space = false;

	for (const char *p = name; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			space = n > 0;
			continue;
		}
		/* A space survives only between two words: not before ( or [. */
		if (space && c != '(' && c != '[' && c != ')' && c != ']') {
			if (n + 1 >= size)
				return false;
			buf[n++] = ' ';
		}
		space = false;
		if (n + 1 >= size)
			return false;
		buf[n++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
	}
	buf[n] = '\0';
	return true;
}

/* float(p): float4 for 1 to 24 bits of precision, float8 for 25 to 53. */
static const exec_type *float_precision_type(const char *name)
{
	const char *p = name + strlen("float(");
	long bits = 0;

	if (strncmp(name, "float(", 6) != 0 || *p == ')')
		return NULL;
	for (; *p >= '0' && *p <= '9'; p++) {
		bits = bits * 10 + (*p - '0');
		if (bits > 53)
			return NULL;
	}
	if (strcmp(p, ")") != 0 || bits < 1)
		return NULL;
	return exec_type_by_oid(bits <= 24 ? EXEC_OID_FLOAT4 : EXEC_OID_FLOAT8);
}

/* Strip one trailing "[]" or "[n]" from buf; false when there is none. */
static bool strip_array_suffix(char *buf)
{
	size_t n = strlen(buf);

	if (n < 3 || buf[n - 1] != ']')
		return false;
	n--;
	while (n > 0 && buf[n - 1] >= '0' && buf[n - 1] <= '9')
		n--;
	if (n == 0 || buf[n - 1] != '[')
		return false;
	buf[n - 1] = '\0';
	return n > 1;
}

/* A normalized name: a type's own name or alias, or float(p). */
static const exec_type *type_by_plain_name(const char *buf)
{
	const exec_type *t = map_name(&reg.type_name, buf, strlen(buf))->ptr;

	return t != NULL ? t : float_precision_type(buf);
}

const exec_type *exec_type_by_name(const char *name)
{
	char buf[128];
	const exec_type *t;
	bool array = false;

	exec_registry_init();
	if (!normalize_type_name(name, buf, sizeof(buf)))
		return NULL;
	if ((t = type_by_plain_name(buf)) != NULL)
		return t; /* "integer[]" is an array type's own name too */

	/* int[], int[3][3]: every dimension is the one array type of the element. */
	while (strip_array_suffix(buf))
		array = true;
	if (!array || (t = type_by_plain_name(buf)) == NULL)
		return NULL;
	return t->array != 0 ? exec_type_by_oid(t->array) : NULL;
}

/* ---- Casts ---- */

static int cast_rank(exec_cast_context cc)
{
	return cc == EXEC_CAST_IMPLICIT ? 0 : cc == EXEC_CAST_ASSIGNMENT ? 1 : 2;
}

const exec_cast *exec_cast_find(exec_oid from, exec_oid to, exec_cast_context cc)
{
	const exec_cast *c;

	exec_registry_init();
	if (from == to)
		return NULL;
	c = map_int(&reg.cast, cast_key(from, to))->ptr;
	if (c == NULL || cast_rank(c->context) > cast_rank(cc))
		return NULL;
	return c;
}

/* format_type's name of a type, for messages. */
static const char *type_display(exec_oid oid, char *buf, size_t size)
{
	const exec_type *t = exec_type_by_oid(oid);

	if (t != NULL)
		return t->sql_name;
	snprintf(buf, size, "%u", oid);
	return buf;
}

/* Through text: the source's output, then the target's input. */
static int cast_via_io(exec_ctx *cx, const exec_value *in, exec_oid to, exec_value *out)
{
	store_buf b = STORE_BUF_INIT;
	int rc = exec_value_out(cx, in, &b);

	if (rc == EXEC_OK)
		rc = exec_value_in(cx, to, EXEC_TYPMOD_NONE, (const char *)b.data, b.len, out);
	store_buf_free(&b);
	return rc;
}

int exec_cast_value(exec_ctx *cx, const exec_value *in, exec_oid to, int32_t typmod,
	exec_cast_context cc, exec_value *out)
{
	const exec_type *t = exec_type_by_oid(to);
	exec_value v = *in;

	/* A NULL of any type is a NULL of every type. */
	if (in->isnull) {
		*out = exec_null(to);
		return EXEC_OK;
	}

	/* The cast proper, unless the types are the same. */
	if (in->type != to) {
		const exec_cast *c = exec_cast_find(in->type, to, cc);
		int rc;

		if (c == NULL || t == NULL) {
			char b1[16], b2[16];

			return store_err_set(cx->err, "42846", "cannot cast type %s to %s",
				type_display(in->type, b1, sizeof(b1)),
				type_display(to, b2, sizeof(b2)));
		}
		/* An array coercion casts the elements, typmod included. */
		if (c->fn == NULL && is_array_type(in->type) && is_array_type(to))
			return exec_array_cast(cx, in, to, typmod, cc, out);
		rc = c->fn != NULL ? c->fn(cx, in, 1, &v) : cast_via_io(cx, in, to, &v);
		if (rc != EXEC_OK)
			return rc;
		v.type = to; /* a binary-coercible cast may only relabel */
	}

	/* The target's modifier: varchar(n), numeric(p, s). */
	if (typmod != EXEC_TYPMOD_NONE && t != NULL && t->coerce_typmod != NULL)
		return t->coerce_typmod(cx, &v, typmod, cc == EXEC_CAST_EXPLICIT, out);
	*out = v;
	return EXEC_OK;
}

/* ---- Resolution ---- */

static char type_category(exec_oid oid)
{
	const exec_type *t = exec_type_by_oid(oid);

	return t != NULL ? t->category : '\0'; /* '\0': PostgreSQL's TYPCATEGORY_INVALID */
}

static bool type_preferred(exec_oid oid)
{
	const exec_type *t = exec_type_by_oid(oid);

	return t != NULL && t->preferred;
}

/* IsPreferredType: the preferred type of the category ('\0': of any). */
static bool is_preferred_in(char category, exec_oid oid)
{
	const exec_type *t = exec_type_by_oid(oid);

	return t != NULL && t->preferred && (category == '\0' || category == t->category);
}

static exec_oid element_type(exec_oid oid)
{
	const exec_type *t = exec_type_by_oid(oid);

	return t != NULL ? t->elem : 0;
}

static exec_oid array_type(exec_oid oid)
{
	const exec_type *t = exec_type_by_oid(oid);

	return t != NULL ? t->array : 0;
}

static bool is_family1(exec_oid oid)
{
	return oid == EXEC_OID_ANYELEMENT || oid == EXEC_OID_ANYARRAY ||
	       oid == EXEC_OID_ANYNONARRAY;
}

static bool is_family2(exec_oid oid)
{
	return oid == EXEC_OID_ANYCOMPATIBLE || oid == EXEC_OID_ANYCOMPATIBLEARRAY;
}

static bool is_polymorphic(exec_oid oid)
{
	return is_family1(oid) || is_family2(oid);
}

static bool can_coerce_types(const exec_oid *in, const exec_oid *decl, int n);

static bool can_coerce_one(exec_oid from, exec_oid to)
{
	return can_coerce_types(&from, &to, 1);
}

/*
 * select_common_type_from_oids: the type every input can be cast to
 * implicitly, or 0 when their categories differ.  Unknowns are ignored;
 * all unknown is text.
 */
static exec_oid common_type(const exec_oid *types, int n)
{
	exec_oid p = types[0];
	char pcat;
	bool ppref;
	int i = 1;

	while (i < n && p != EXEC_OID_UNKNOWN && types[i] == p)
		i++;
	if (i == n && p != EXEC_OID_UNKNOWN)
		return p;
	pcat = type_category(p);
	ppref = type_preferred(p);
	for (; i < n; i++) {
		exec_oid t = types[i];

		if (t == EXEC_OID_UNKNOWN || t == p)
			continue;
		if (p == EXEC_OID_UNKNOWN) {
			p = t;
			pcat = type_category(t);
			ppref = type_preferred(t);
		} else if (type_category(t) != pcat) {
			return 0;
		} else if (!ppref && can_coerce_one(p, t) && !can_coerce_one(t, p)) {
			p = t;
			pcat = type_category(t);
			ppref = type_preferred(t);
		}
	}
	if (p == EXEC_OID_UNKNOWN)
		p = EXEC_OID_TEXT;

	/* verify_common_type_from_oids: every input must reach it. */
	for (i = 0; i < n; i++)
		if (types[i] != EXEC_OID_UNKNOWN && !can_coerce_one(types[i], p))
			return 0;
	return p;
}

/* check_generic_type_consistency: do the polymorphic arguments agree? */
static bool generic_consistent(const exec_oid *in, const exec_oid *decl, int n)
{
	exec_oid elem = 0, arr = 0, compat[REG_MAX_ARGS];
	bool nonarray = false;
	int ncompat = 0;

	for (int i = 0; i < n; i++) {
		exec_oid d = decl[i], a = in[i];

		if (a == EXEC_OID_UNKNOWN || !is_polymorphic(d))
			continue;
		if (d == EXEC_OID_ANYELEMENT || d == EXEC_OID_ANYNONARRAY) {
			nonarray |= d == EXEC_OID_ANYNONARRAY;
			if (elem != 0 && a != elem)
				return false;
			elem = a;
		} else if (d == EXEC_OID_ANYARRAY) {
			if (arr != 0 && a != arr)
				return false;
			arr = a;
		} else if (d == EXEC_OID_ANYCOMPATIBLE) {
			compat[ncompat++] = a;
		} else {
			exec_oid e = element_type(a);

			if (e == 0)
				return false;
			compat[ncompat++] = e;
		}
	}
	if (arr != 0 && arr != EXEC_OID_ANYARRAY) {
		exec_oid e = element_type(arr);

		if (e == 0 || (elem != 0 && e != elem))
			return false;
		elem = e;
	}
	if (nonarray && elem != 0 && element_type(elem) != 0)
		return false;
	return ncompat == 0 || common_type(compat, ncompat) != 0;
}

/* can_coerce_type in the implicit context. */
static bool can_coerce_types(const exec_oid *in, const exec_oid *decl, int n)
{
	bool generic = false;

	for (int i = 0; i < n; i++) {
		if (in[i] == decl[i] || decl[i] == EXEC_OID_ANY)
			continue;
		if (is_polymorphic(decl[i])) {
			generic = true;
			continue;
		}
		if (in[i] == EXEC_OID_UNKNOWN)
			continue;
		if (exec_cast_find(in[i], decl[i], EXEC_CAST_IMPLICIT) == NULL)
			return false;
	}
	return !generic || generic_consistent(in, decl, n);
}

/* A candidate: an operator, function or aggregate with its arguments spelled out. */
typedef struct reg_cand {
	const void *entry;
	exec_oid decl[REG_MAX_ARGS]; /* the declared types, the variadic one repeated */
	exec_oid result;
	int score; /* of the step being taken */
} reg_cand;

typedef enum reg_kind { REG_OPER, REG_FUNC, REG_AGG } reg_kind;

/*
 * The candidates of a name that take n arguments (prefix: the operators
 * with no left operand), malloc'd into *out for the caller to free.
 */
static int gather(reg_kind kind, const char *name, int n, bool prefix, reg_cand **out)
{
	const reg_map *m = kind == REG_OPER ? &reg.oper : kind == REG_FUNC ? &reg.func : &reg.agg;
	const reg_slot *s = map_name(m, name, strlen(name));
	reg_cand *c;
	int nc = 0;

	*out = NULL;
	if (!s->used)
		return 0;
	c = reg_alloc(s->count, sizeof(reg_cand));
	for (uint32_t k = s->first; k < s->first + s->count; k++) {
		reg_cand *x = &c[nc];

		if (kind == REG_OPER) {
			const exec_oper *o = reg.opers[k];

			if ((o->left == 0) != prefix)
				continue;
			x->decl[0] = prefix ? o->right : o->left;
			x->decl[1] = o->right;
			x->result = o->result;
			x->entry = o;
		} else if (kind == REG_FUNC) {
			const exec_func *f = reg.funcs[k];

			if (!(f->nargs == n || (f->variadic && n >= f->nargs)))
				continue;
			for (int i = 0; i < n; i++)
				x->decl[i] = f->args[i < f->nargs ? i : f->nargs - 1];
			x->result = f->result;
			x->entry = f;
		} else {
			const exec_agg *a = reg.aggs[k];

			if (a->nargs != n)
				continue;
			for (int i = 0; i < n; i++)
				x->decl[i] = a->args[i];
			x->result = a->result;
			x->entry = a;
		}
		nc++;
	}
	*out = c;
	return nc;
}

static bool exact_match(const reg_cand *c, const exec_oid *in, int n)
{
	for (int i = 0; i < n; i++)
		if (c->decl[i] != in[i])
			return false;
	return true;
}

/* Keep the candidates of the best score (all of them when they tie); the count kept. */
static int keep_best(reg_cand *c, int nc)
{
	int best = c[0].score, kept = 0;

	for (int j = 1; j < nc; j++)
		if (c[j].score > best)
			best = c[j].score;
	for (int j = 0; j < nc; j++)
		if (c[j].score == best)
			c[kept++] = c[j];
	return kept;
}

/* Step 5's category for unknown input i: string if any candidate takes one. */
static bool unknown_category(const reg_cand *c, int nc, int i, char *cat, bool *pref)
{
	bool conflict = false;

	*cat = '\0';
	*pref = false;
	for (int j = 0; j < nc; j++) {
		char tc = type_category(c[j].decl[i]);
		bool tp = type_preferred(c[j].decl[i]);

		if (*cat == '\0') {
			*cat = tc;
			*pref = tp;
		} else if (tc == *cat) {
			*pref |= tp;
		} else if (tc == 'S') {
			*cat = tc;
			*pref = tp;
		} else {
			conflict = true;
		}
	}
	return !conflict || *cat == 'S';
}

/*
 * func_select_candidate: steps 3 to 6 of the header comment over nc > 1
 * viable candidates, which it reorders.  The index of the winner, or -1
 * when the choice stays ambiguous.
 */
static int select_candidate(reg_cand *c, int nc, const exec_oid *in, int n)
{
	char cat[REG_MAX_ARGS];
	bool pref[REG_MAX_ARGS], resolved = true;
	int nunknown = 0;
	exec_oid known = 0;

	/* Step 3: the most exact matches on known inputs. */
	for (int j = 0; j < nc; j++) {
		c[j].score = 0;
		for (int i = 0; i < n; i++)
			c[j].score += in[i] != EXEC_OID_UNKNOWN && c[j].decl[i] == in[i];
	}
	if ((nc = keep_best(c, nc)) == 1)
		return 0;

	/* Step 4: exact matches or the preferred type of the input's category. */
	for (int i = 0; i < n; i++) {
		cat[i] = type_category(in[i]);
		nunknown += in[i] == EXEC_OID_UNKNOWN;
	}
	for (int j = 0; j < nc; j++) {
		c[j].score = 0;
		for (int i = 0; i < n; i++)
			c[j].score +=
				in[i] != EXEC_OID_UNKNOWN &&
				(c[j].decl[i] == in[i] || is_preferred_in(cat[i], c[j].decl[i]));
	}
	if ((nc = keep_best(c, nc)) == 1)
		return 0;
	if (nunknown == 0)
		return -1;

	/* Step 5: the categories of the unknown inputs, then the candidates taking them. */
	for (int i = 0; i < n && resolved; i++)
		if (in[i] == EXEC_OID_UNKNOWN)
			resolved = unknown_category(c, nc, i, &cat[i], &pref[i]);
	if (resolved) {
		int kept = 0;

		for (int j = 0; j < nc; j++) {
			c[j].score = 1;
			for (int i = 0; i < n && c[j].score; i++)
				if (in[i] == EXEC_OID_UNKNOWN)
					c[j].score = type_category(c[j].decl[i]) == cat[i] &&
						     (!pref[i] || type_preferred(c[j].decl[i]));
			kept += c[j].score;
		}
		if (kept > 0)
			nc = keep_best(c, nc);
		if (kept == 1)
			return 0;
	}

	/* Step 6: the unknowns taken to be of the one type the known inputs share. */
	for (int i = 0; i < n && nunknown < n; i++) {
		if (in[i] == EXEC_OID_UNKNOWN)
			continue;
		if (known == 0) {
			known = in[i];
		} else if (known != in[i]) {
			known = 0;
			break;
		}
	}
	if (known != 0) {
		exec_oid same[REG_MAX_ARGS];
		int found = -1;

		for (int i = 0; i < n; i++)
			same[i] = known;
		for (int j = 0; j < nc; j++) {
			if (!can_coerce_types(same, c[j].decl, n))
				continue;
			if (found >= 0)
				return -1;
			found = j;
		}
		return found;
	}
	return -1;
}

/*
 * enforce_generic_type_consistency: the winner's polymorphic arguments
 * and result made concrete.  cast_to[i] (when not NULL) receives the
 * type input i is to be cast to.
 */
static int resolve_polymorphic(const reg_cand *c, const exec_oid *in, int n, exec_oid *cast_to,
	exec_oid *result, store_err *err)
{
	exec_oid elem = 0, arr = 0, compat = 0, compat_types[REG_MAX_ARGS];
	int ncompat = 0;
	bool family1 = false, family2 = false;
	char b[16];

	/* What the known inputs of polymorphic arguments say. */
	for (int i = 0; i < n; i++) {
		exec_oid d = c->decl[i], a = in[i];

		family1 |= is_family1(d);
		family2 |= is_family2(d);
		if (a == EXEC_OID_UNKNOWN)
			continue;
		if (d == EXEC_OID_ANYELEMENT || d == EXEC_OID_ANYNONARRAY)
			elem = a;
		else if (d == EXEC_OID_ANYARRAY)
			arr = a;
		else if (d == EXEC_OID_ANYCOMPATIBLE)
			compat_types[ncompat++] = a;
		else if (d == EXEC_OID_ANYCOMPATIBLEARRAY)
			compat_types[ncompat++] = element_type(a);
	}

	/* The anyelement family: one element type and its array type. */
	if (family1) {
		if (arr != 0)
			elem = element_type(arr); /* viability checked they agree */
		if (elem == 0)
			return store_err_set(err, "42804",
				"could not determine polymorphic type because input has type %s",
				"unknown");
		if (arr == 0)
			arr = array_type(elem);
	}

	/* The anycompatible family: the common type of the known inputs, else text. */
	if (family2)
		compat = ncompat > 0 ? common_type(compat_types, ncompat) : EXEC_OID_TEXT;

	/* What each argument becomes. */
	for (int i = 0; i < n && cast_to != NULL; i++) {
		exec_oid d = c->decl[i];

		if (d == EXEC_OID_ANYELEMENT || d == EXEC_OID_ANYNONARRAY)
			d = elem;
		else if (d == EXEC_OID_ANYARRAY)
			d = arr;
		else if (d == EXEC_OID_ANYCOMPATIBLE)
			d = compat;
		else if (d == EXEC_OID_ANYCOMPATIBLEARRAY)
			d = array_type(compat);
		else if (d == EXEC_OID_ANY)
			d = in[i] == EXEC_OID_UNKNOWN ? EXEC_OID_TEXT : in[i];
		if (d == 0)
			return store_err_set(err, "42704",
				"could not find array type for data type %s",
				type_display(is_family2(c->decl[i]) ? compat : elem, b, sizeof(b)));
		cast_to[i] = d;
	}

	/* And the result. */
	switch (c->result) {
	case EXEC_OID_ANYELEMENT:
	case EXEC_OID_ANYNONARRAY:
		*result = elem;
		break;
	case EXEC_OID_ANYARRAY:
		*result = arr;
		break;
	case EXEC_OID_ANYCOMPATIBLE:
		*result = compat;
		break;
	case EXEC_OID_ANYCOMPATIBLEARRAY:
		*result = array_type(compat);
		break;
	default:
		*result = c->result;
	}
	if (*result == 0)
		return store_err_set(err, "42704", "could not find array type for data type %s",
			type_display(is_family2(c->result) ? compat : elem, b, sizeof(b)));
	return EXEC_OK;
}

/* The call as PostgreSQL's messages print it: "lower(integer)", "integer = text". */
static void signature(reg_kind kind, const char *name, const exec_oid *in, int n, bool prefix,
	char *buf, size_t size)
{
	char b1[16], b2[16];
	size_t len;

	if (kind == REG_OPER && prefix) {
		snprintf(buf, size, "%s %s", name, type_display(in[0], b1, sizeof(b1)));
		return;
	}
	if (kind == REG_OPER) {
		snprintf(buf, size, "%s %s %s", type_display(in[0], b1, sizeof(b1)), name,
			type_display(in[1], b2, sizeof(b2)));
		return;
	}
	len = (size_t)snprintf(buf, size, "%s(", name);
	for (int i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i > 0 ? ", " : "",
			type_display(in[i], b1, sizeof(b1)));
	if (len < size)
		snprintf(buf + len, size - len, ")");
}

/* 42883 and 42725 in PostgreSQL's words, by what failed. */
typedef enum reg_failure {
	REG_NO_OPERATOR,
	REG_NO_PREFIX_OPERATOR,
	REG_NO_FUNCTION,
	REG_AMBIGUOUS_OPERATOR,
	REG_AMBIGUOUS_FUNCTION,
} reg_failure;

static const struct {
	const char *sqlstate;
	const char *message; /* around the signature */
	const char *hint;
} reg_failures[] = {
	[REG_NO_OPERATOR] = {"42883", "operator does not exist: %s",
		"No operator matches the given name and argument types. You might need to add explicit type casts."},
	[REG_NO_PREFIX_OPERATOR] = {"42883", "operator does not exist: %s",
		"No operator matches the given name and argument type. You might need to add an explicit type cast."},
	[REG_NO_FUNCTION] = {"42883", "function %s does not exist",
		"No function matches the given name and argument types. You might need to add explicit type casts."},
	[REG_AMBIGUOUS_OPERATOR] = {"42725", "operator is not unique: %s",
		"Could not choose a best candidate operator. You might need to add explicit type casts."},
	[REG_AMBIGUOUS_FUNCTION] = {"42725", "function %s is not unique",
		"Could not choose a best candidate function. You might need to add explicit type casts."},
};

static void resolve_error(reg_kind kind, const char *name, const exec_oid *in, int n, bool prefix,
	bool ambiguous, store_err *err)
{
	reg_failure f = kind != REG_OPER ? (ambiguous ? REG_AMBIGUOUS_FUNCTION : REG_NO_FUNCTION)
			: ambiguous      ? REG_AMBIGUOUS_OPERATOR
			: prefix         ? REG_NO_PREFIX_OPERATOR
					 : REG_NO_OPERATOR;
	char sig[256];

	signature(kind, name, in, n, prefix, sig, sizeof(sig));
	store_err_set(err, reg_failures[f].sqlstate, reg_failures[f].message, sig);
	store_err_hint(err, "%s", reg_failures[f].hint);
}

/* The winner among c[0..nc) for inputs in (which step 1 may rewrite), or -1 with err set. */
static int choose(reg_kind kind, reg_cand *c, int nc, exec_oid *in, int n, bool *ambiguous)
{
	exec_oid want[REG_MAX_ARGS];
	int viable = 0;

	/* Step 1: an exact match; for an operator, an unknown side takes the other's type. */
	memcpy(want, in, (size_t)n * sizeof(exec_oid));
	if (kind == REG_OPER && n == 2 && want[0] == EXEC_OID_UNKNOWN)
		want[0] = want[1];
	else if (kind == REG_OPER && n == 2 && want[1] == EXEC_OID_UNKNOWN)
		want[1] = want[0];
	for (int j = 0; j < nc; j++) {
		if (exact_match(&c[j], want, n)) {
			memcpy(in, want, (size_t)n * sizeof(exec_oid));
			return j;
		}
	}

	/* Step 2: the viable candidates; several go through the tie-breaking steps. */
	for (int j = 0; j < nc; j++)
		if (can_coerce_types(in, c[j].decl, n))
			c[viable++] = c[j];
	*ambiguous = viable > 1;
	if (viable <= 1)
		return viable - 1;
	return select_candidate(c, viable, in, n);
}

static const void *resolve(reg_kind kind, const char *name, const exec_oid *argtypes, int n,
	bool prefix, exec_oid *cast_to, exec_oid *result, store_err *err)
{
	exec_oid in[REG_MAX_ARGS], res;
	const void *found = NULL;
	reg_cand *c;
	bool ambiguous = false;
	int nc, win;

	exec_registry_init();
	if (n > REG_MAX_ARGS) {
		store_err_set(err, "54023", "cannot pass more than %d arguments to a function",
			REG_MAX_ARGS);
		return NULL;
	}
	memcpy(in, argtypes, (size_t)n * sizeof(exec_oid));
	nc = gather(kind, name, n, prefix, &c);
	win = choose(kind, c, nc, in, n, &ambiguous);
	if (win < 0)
		resolve_error(kind, name, argtypes, n, prefix, ambiguous, err);
	else if (resolve_polymorphic(&c[win], in, n, cast_to, &res, err) == EXEC_OK)
		found = c[win].entry;
	if (found != NULL && result != NULL)
		*result = res;
	free(c);
	return found;
}

/*
 * Operator resolutions already made, by name and argument types: the
 * registry never changes once built, so an answer stays right, and a
 * query string names the same few operators again and again ("=" has
 * dozens of candidates to weigh).  Direct-mapped; failures are not kept.
 */
#define OPER_MEMO_SLOTS 1024
#define OPER_MEMO_NAME  16

static struct oper_memo {
	char name[OPER_MEMO_NAME];
	exec_oid left, right;
	const exec_oper *o;
	exec_oid to[2], res;
} oper_memo[OPER_MEMO_SLOTS];
static pthread_mutex_t oper_memo_lock = PTHREAD_MUTEX_INITIALIZER;

static struct oper_memo *oper_memo_slot(const char *name, exec_oid left, exec_oid right)
{
	uint64_t h = 1469598103934665603u;

	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	h = (h ^ left) * 1099511628211u;
	h = (h ^ right) * 1099511628211u;
	return &oper_memo[h % OPER_MEMO_SLOTS];
}

const exec_oper *exec_oper_resolve_result(const char *name, exec_oid left, exec_oid right,
	exec_oid *cast_left, exec_oid *cast_right, exec_oid *result, store_err *err)
{
	exec_oid in[2] = {left, right}, to[2] = {0, 0}, res = 0;
	const exec_oper *o = NULL;
	struct oper_memo *m = NULL;

	if (strlen(name) < OPER_MEMO_NAME) {
		m = oper_memo_slot(name, left, right);
		pthread_mutex_lock(&oper_memo_lock);
		if (m->o != NULL && m->left == left && m->right == right &&
			strcmp(m->name, name) == 0) {
			o = m->o;
			to[0] = m->to[0];
			to[1] = m->to[1];
			res = m->res;
		}
		pthread_mutex_unlock(&oper_memo_lock);
	}
	if (o == NULL && left == 0)
		o = resolve(REG_OPER, name, &in[1], 1, true, &to[1], &res, err);
	else if (o == NULL)
		o = resolve(REG_OPER, name, in, 2, false, to, &res, err);
	if (o != NULL && m != NULL) {
		pthread_mutex_lock(&oper_memo_lock);
		strcpy(m->name, name);
		m->left = left;
		m->right = right;
		m->o = o;
		m->to[0] = to[0];
		m->to[1] = to[1];
		m->res = res;
		pthread_mutex_unlock(&oper_memo_lock);
	}
	if (cast_left != NULL)
		*cast_left = to[0];
	if (cast_right != NULL)
		*cast_right = to[1];
	if (result != NULL)
		*result = res;
	return o;
}

const exec_oper *exec_oper_resolve(const char *name, exec_oid left, exec_oid right,
	exec_oid *cast_left, exec_oid *cast_right, store_err *err)
{
	return exec_oper_resolve_result(name, left, right, cast_left, cast_right, NULL, err);
}

const exec_func *exec_func_resolve(const char *name, const exec_oid *argtypes, int nargs,
	exec_oid *cast_to, exec_oid *result, store_err *err)
{
	return resolve(REG_FUNC, name, argtypes, nargs, false, cast_to, result, err);
}

const exec_agg *exec_agg_resolve(const char *name, const exec_oid *argtypes, int nargs,
	exec_oid *cast_to, exec_oid *result, store_err *err)
{
	return resolve(REG_AGG, name, argtypes, nargs, false, cast_to, result, err);
}

/* ---- Values through the type table ---- */

int exec_value_in(
	exec_ctx *cx, exec_oid type, int32_t typmod, const char *text, size_t len, exec_value *out)
{
	const exec_type *t = exec_type_by_oid(type);

	if (t == NULL)
		return store_err_set(cx->err, "42704", "type with OID %u does not exist", type);
	if (t->in == NULL)
		return store_err_set(
			cx->err, "0A000", "cannot accept a value of type %s", t->sql_name);
	return t->in(cx, text, len, typmod, out);
}

int exec_value_out(exec_ctx *cx, const exec_value *v, store_buf *buf)
{
	const exec_type *t = exec_type_by_oid(v->type);

	if (t == NULL)
		return store_err_set(cx->err, "42704", "type with OID %u does not exist", v->type);
	if (t->out == NULL)
		return store_err_set(
			cx->err, "0A000", "cannot display a value of type %s", t->sql_name);
	return t->out(cx, v, buf);
}

int exec_value_cmp(const exec_value *a, const exec_value *b)
{
	const exec_type *t = exec_type_by_oid(a->type);

	assert(t != NULL && t->cmp != NULL && a->type == b->type);
	return t->cmp(a, b);
}

uint64_t exec_value_hash(const exec_value *v)
{
	const exec_type *t = exec_type_by_oid(v->type);

	assert(t != NULL && t->hash != NULL);
	return t->hash(v);
}

bool exec_agg_named(const char *name)
{
	exec_registry_init();
	return map_name(&reg.agg, name, strlen(name))->used;
}
