/*
 * seq.c - sequences: catalog entries, CREATE/ALTER SEQUENCE options, and
 * nextval, currval, setval, lastval (see seq.h).
 *
 * The SQL functions reach the session through exec_ctx.session and the
 * statement it is running (exec_session.cur): the statement's snapshot
 * and transaction say which definition they see.  Their argument is read
 * as PostgreSQL's regclass input reads a name ('public."My Seq"'); a
 * sequence named with a schema is looked up by its last part.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "seq.h"
#include "syscat.h"

void exec_seq_defaults(exec_seq *q, exec_oid type)
{
	memset(q, 0, sizeof(*q));
	q->type = type ? type : EXEC_OID_INT8;
	q->increment = 1;
	q->min = 1;
	q->max = q->type == EXEC_OID_INT2   ? INT16_MAX
		 : q->type == EXEC_OID_INT4 ? INT32_MAX
					    : INT64_MAX;
	q->start = 1;
	q->cache = 1;
}

static const char *type_word(exec_oid t)
{
	return t == EXEC_OID_INT2 ? "smallint" : t == EXEC_OID_INT4 ? "integer" : "bigint";
}

static int opt_int(exec_stmt *st, const sql_defelem *d, int64_t *out)
{
	const char *text = sql_defelem_text(d);
	char *end;

	if (text == NULL)
		return store_err_set(st->err, "42601", "option \"%s\" needs a value", d->name);
	*out = strtoll(text, &end, 10);
	if (*end != '\0')
		return store_err_set(
			st->err, "22023", "invalid value for option \"%s\": \"%s\"", d->name, text);
	return EXEC_OK;
}

int exec_seq_options(exec_stmt *st, const sql_list *opts, exec_seq *q, bool create, bool *restart,
	int64_t *restart_value)
{
	bool has_min = false, has_max = false, has_start = false, min_none = false,
	     max_none = false, type_set = false;
	int64_t v;

	*restart = false;
	for (int i = 0; i < sql_list_len(opts); i++) {
		const sql_defelem *d = (const sql_defelem *)sql_list_nth(opts, i);

		if (strcmp(d->name, "as") == 0) {
			exec_oid t;
			int32_t tm;
			an_ctx c;

			exec_stmt_analyzer(st, &c);
			if (an_typename(&c, (const sql_typename *)d->arg, &t, &tm, NULL) != EXEC_OK)
				return EXEC_ERROR;
			if (t != EXEC_OID_INT2 && t != EXEC_OID_INT4 && t != EXEC_OID_INT8)
				return store_err_set(st->err, "22023",
					"sequence type must be smallint, integer, or bigint");
			q->type = t;
			type_set = true;
		} else if (strcmp(d->name, "increment") == 0) {
			if (opt_int(st, d, &v) != EXEC_OK)
				return EXEC_ERROR;
			if (v == 0)
				return store_err_set(
					st->err, "22023", "INCREMENT must not be zero");
			q->increment = v;
		} else if (strcmp(d->name, "minvalue") == 0) {
			if (d->arg == NULL)
				min_none = true;
			else if (opt_int(st, d, &q->min) != EXEC_OK)
				return EXEC_ERROR;
			has_min = d->arg != NULL;
		} else if (strcmp(d->name, "maxvalue") == 0) {
			if (d->arg == NULL)
				max_none = true;
			else if (opt_int(st, d, &q->max) != EXEC_OK)
				return EXEC_ERROR;
			has_max = d->arg != NULL;
		} else if (strcmp(d->name, "start") == 0) {
			if (opt_int(st, d, &q->start) != EXEC_OK)
				return EXEC_ERROR;
			has_start = true;
		} else if (strcmp(d->name, "cache") == 0) {
			if (opt_int(st, d, &q->cache) != EXEC_OK)
				return EXEC_ERROR;
			if (q->cache <= 0)
				return store_err_set(st->err, "22023",
					"CACHE (%" PRId64 ") must be greater than zero", q->cache);
		} else if (strcmp(d->name, "cycle") == 0) {
			q->cycle = d->arg != NULL && ((const sql_const *)d->arg)->bval;
		} else if (strcmp(d->name, "owned_by") == 0) {
			/* Recorded by the caller (serial columns); OWNED BY NONE clears it. */
			const sql_list *l = (const sql_list *)d->arg;
			int n = sql_list_len(l);

			if (n == 1 && strcmp(sql_list_str(l, 0), "none") == 0)
				q->owned_by = NULL;
			else if (n >= 2)
				q->owned_by = sql_arena_printf(st->a, "%s.%s",
					sql_list_str(l, n - 2), sql_list_str(l, n - 1));
			else
				return store_err_set(st->err, "42601", "invalid OWNED BY option");
		} else if (strcmp(d->name, "restart") == 0) {
			if (create)
				return store_err_set(st->err, "42601",
					"RESTART is not allowed in CREATE SEQUENCE");
			*restart = true;
			*restart_value = q->start;
			if (d->arg != NULL && opt_int(st, d, restart_value) != EXEC_OK)
				return EXEC_ERROR;
			if (d->arg == NULL)
				*restart_value = INT64_MIN; /* the start value, once known */
		} else {
			return store_err_set(
				st->err, "42601", "option \"%s\" not recognized", d->name);
		}
	}

	/* Bounds not given follow the direction and the type, as PostgreSQL's do. */
	{
		int64_t tmax = q->type == EXEC_OID_INT2   ? INT16_MAX
			       : q->type == EXEC_OID_INT4 ? INT32_MAX
							  : INT64_MAX;
		int64_t tmin = q->type == EXEC_OID_INT2   ? INT16_MIN
			       : q->type == EXEC_OID_INT4 ? INT32_MIN
							  : INT64_MIN;

		if (!has_max && (create || max_none || type_set))
			q->max = q->increment > 0 ? tmax : -1;
		if (!has_min && (create || min_none || type_set))
			q->min = q->increment > 0 ? 1 : tmin;
		if (q->max > tmax)
			return store_err_set(st->err, "22023",
				"MAXVALUE (%" PRId64 ") is out of range for sequence data type %s",
				q->max, type_word(q->type));
		if (q->min < tmin)
			return store_err_set(st->err, "22023",
				"MINVALUE (%" PRId64 ") is out of range for sequence data type %s",
				q->min, type_word(q->type));
	}
	if (q->min >= q->max)
		return store_err_set(st->err, "22023",
			"MINVALUE (%" PRId64 ") must be less than MAXVALUE (%" PRId64 ")", q->min,
			q->max);
	if (!has_start && create)
		q->start = q->increment > 0 ? q->min : q->max;
	if (q->start < q->min)
		return store_err_set(st->err, "22023",
			"START value (%" PRId64 ") cannot be less than MINVALUE (%" PRId64 ")",
			q->start, q->min);
	if (q->start > q->max)
		return store_err_set(st->err, "22023",
			"START value (%" PRId64 ") cannot be greater than MAXVALUE (%" PRId64 ")",
			q->start, q->max);
	if (*restart) {
		if (*restart_value == INT64_MIN)
			*restart_value = q->start;
		if (*restart_value < q->min)
			return store_err_set(st->err, "22023",
				"RESTART value (%" PRId64 ") cannot be less than MINVALUE (%" PRId64
				")",
				*restart_value, q->min);
		if (*restart_value > q->max)
			return store_err_set(st->err, "22023",
				"RESTART value (%" PRId64
				") cannot be greater than MAXVALUE (%" PRId64 ")",
				*restart_value, q->max);
	}
	return EXEC_OK;
}

static const char *jdup(sql_arena *a, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? sql_arena_strndup(a, s, strlen(s)) : NULL;
}

/* Parse a sequence's catalog text into q (strings in a); false when it is no JSON object. */
static bool seq_parse(sql_arena *a, const char *name, const char *text, exec_seq *q)
{
	json_error_t je;
	json_t *o = json_loads(text, 0, &je);
	const char *ty;

	if (!json_is_object(o)) {
		json_decref(o);
		return false;
	}
	ty = json_string_value(json_object_get(o, "type"));
	exec_seq_defaults(q, ty == NULL                    ? EXEC_OID_INT8
			     : strcmp(ty, "smallint") == 0 ? EXEC_OID_INT2
			     : strcmp(ty, "integer") == 0  ? EXEC_OID_INT4
							   : EXEC_OID_INT8);
	q->name = sql_arena_strndup(a, name, strlen(name));
	q->uuid = jdup(a, o, "uuid");
	if (q->uuid == NULL)
		q->uuid = q->name;
	if (json_is_integer(json_object_get(o, "start")))
		q->start = json_integer_value(json_object_get(o, "start"));
	if (json_is_integer(json_object_get(o, "increment")))
		q->increment = json_integer_value(json_object_get(o, "increment"));
	if (json_is_integer(json_object_get(o, "min")))
		q->min = json_integer_value(json_object_get(o, "min"));
	if (json_is_integer(json_object_get(o, "max")))
		q->max = json_integer_value(json_object_get(o, "max"));
	if (json_is_integer(json_object_get(o, "cache")))
		q->cache = json_integer_value(json_object_get(o, "cache"));
	q->cycle = json_is_true(json_object_get(o, "cycle"));
	q->owned_by = jdup(a, o, "owned_by");
	q->comment = jdup(a, o, "comment");
	if (json_is_integer(json_object_get(o, "last_value"))) {
		q->has_last = true;
		q->last_value = json_integer_value(json_object_get(o, "last_value"));
		q->is_called = json_is_true(json_object_get(o, "is_called"));
	}
	json_decref(o);
	return true;
}

void exec_seq_memo_free(exec_session *ss)
{
	struct seq_memo *m = &ss->seq_memo;

	if (m->q != NULL)
		sql_arena_free(m->a);
	free(m->text);
	memset(m, 0, sizeof(*m));
}

/*
 * nextval reads its sequence's entry in every call, and the text changes
 * once per 32 to 1024 values: the session keeps the last text it parsed and what
 * it gave, and hands out a copy while the text stays the same.
 */
int exec_seq_get(exec_stmt *st, const char *name, exec_seq *q, bool *found)
{
	struct seq_memo *m = &st->ss->seq_memo;
	char *text = NULL;
	int r;

	*found = false;
	r = store_tx_meta_get(st->ss->tx, st->snap, "sequences", name, &text, st->err);
	if (r == STORE_NOTFOUND) {
		store_err_clear(st->err);
		return EXEC_OK;
	}
	if (r != STORE_OK)
		return EXEC_ERROR;
	if (m->q == NULL || strcmp(m->text, text) != 0 || strcmp(m->q->name, name) != 0) {
		exec_seq_memo_free(st->ss);
		m->a = sql_arena_new(0);
		m->q = sql_arena_zalloc(m->a, sizeof(*m->q));
		if (!seq_parse(m->a, name, text, m->q)) {
			exec_seq_memo_free(st->ss);
			free(text);
			return store_err_set(st->err, "XX001",
				"the catalog entry of sequence \"%s\" is not a JSON object", name);
		}
		m->text = text;
	} else {
		free(text);
	}
	*q = *m->q;
	q->name = sql_arena_strndup(st->a, q->name, strlen(q->name));
	q->uuid = sql_arena_strndup(st->a, q->uuid, strlen(q->uuid));
	if (q->owned_by != NULL)
		q->owned_by = sql_arena_strndup(st->a, q->owned_by, strlen(q->owned_by));
	if (q->comment != NULL)
		q->comment = sql_arena_strndup(st->a, q->comment, strlen(q->comment));
	*found = true;
	return EXEC_OK;
}

/* A sequence's catalog entry as JSON text (malloc'd; NULL when out of memory). */
static char *seq_json(const exec_seq *q)
{
	json_t *o = json_object();
	char *text;

	json_object_set_new(o, "name", json_string(q->name));
	json_object_set_new(o, "uuid", json_string(q->uuid));
	json_object_set_new(o, "type", json_string(type_word(q->type)));
	json_object_set_new(o, "start", json_integer(q->start));
	json_object_set_new(o, "increment", json_integer(q->increment));
	json_object_set_new(o, "min", json_integer(q->min));
	json_object_set_new(o, "max", json_integer(q->max));
	json_object_set_new(o, "cycle", json_boolean(q->cycle));
	json_object_set_new(o, "cache", json_integer(q->cache));
	json_object_set_new(o, "owned_by", q->owned_by ? json_string(q->owned_by) : json_null());
	if (q->has_last) {
		json_object_set_new(o, "last_value", json_integer(q->last_value));
		json_object_set_new(o, "is_called", json_boolean(q->is_called));
	}
	if (q->comment != NULL)
		json_object_set_new(o, "comment", json_string(q->comment));
	text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return text;
}

int exec_seq_put(exec_stmt *st, store_tx *tx, const exec_seq *q)
{
	char *text = seq_json(q);
	int r;

	if (text == NULL)
		return store_err_set(st->err, "53200", "out of memory");
	r = store_tx_meta_put(tx, "sequences", q->name, text, strlen(text), st->err);
	free(text);
	return r == STORE_OK ? EXEC_OK : EXEC_ERROR;
}

void exec_seq_storedef(const exec_seq *q, store_seqdef *d)
{
	memset(d, 0, sizeof(*d));
	d->uuid = q->uuid;
	d->start = q->start;
	d->increment = q->increment;
	d->min = q->min;
	d->max = q->max;
	d->cycle = q->cycle;
	d->has_last = q->has_last;
	d->last_value = q->last_value;
	d->is_called = q->is_called;
}

const char *exec_seq_uuid(sql_arena *a)
{
	unsigned char b[16];
	FILE *f = fopen("/dev/urandom", "rb");
	size_t got = f ? fread(b, 1, sizeof(b), f) : 0;

	if (f)
		fclose(f);
	for (size_t i = got; i < sizeof(b); i++)
		b[i] = (unsigned char)(rand() & 0xff);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	return sql_arena_printf(a,
		"%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
		b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
		b[15]);
}

const char *exec_seq_nextval_sql(sql_arena *a, const char *name)
{
	const char *q = exec_quote_ident(a, name);
	store_buf b = STORE_BUF_INIT;
	char *out;

	store_buf_puts(&b, "nextval('");
	for (const char *p = q; *p != '\0'; p++) {
		if (*p == '\'')
			store_buf_putc(&b, '\'');
		store_buf_putc(&b, *p);
	}
	store_buf_puts(&b, "')");
	out = sql_arena_strndup(a, (const char *)b.data, b.len);
	store_buf_free(&b);
	return out;
}

/* ---- The SQL functions ---- */

/*
 * The relation name in a string and its schema (NULL when none), both in
 * cx's arena, checked as exec_regclass_lookup says (the relation itself
 * is not looked up here).
 */
static int regclass_name(
	exec_ctx *cx, const char *text, size_t len, const char **name, const char **schema)
{
	exec_session *ss = cx->session;
	char *copy = sql_arena_strndup(cx->arena, text, len), *parts[4];
	store_snap *snap = NULL;
	int n;

	if (ss == NULL || ss->cur == NULL)
		return store_err_set(cx->err, "55000", "relation names need a session");

	/* [[catalog.]schema.]name, as PostgreSQL's stringToQualifiedNameList splits it. */
	n = exec_split_identifiers(copy, '.', true, parts, 4);
	if (n <= 0)
		return store_err_set(cx->err, "42602", "invalid name syntax");
	if (n > 3) {
		store_buf b = STORE_BUF_INIT;

		for (int i = 0; i < n && i < 4; i++)
			store_buf_printf(&b, "%s%s", i ? "." : "", parts[i]);
		store_err_set(cx->err, "42601",
			"improper relation name (too many dotted names): %s%s", (char *)b.data,
			n > 4 ? "..." : "");
		store_buf_free(&b);
		return EXEC_ERROR;
	}
	if (n == 3 && strcmp(parts[0], "chrondb") != 0)
		return store_err_set(cx->err, "0A000",
			"cross-database references are not implemented: \"%s.%s.%s\"", parts[0],
			parts[1], parts[2]);
	*name = parts[n - 1];

	/* A schema is a branch: the session's own, or one that must exist. */
	*schema = n >= 2 ? parts[n - 2] : NULL;
	if (*schema != NULL && strcmp(*schema, "public") != 0 && strcmp(*schema, ss->branch) != 0) {
		if (store_snap_branch(ss->s, *schema, &snap, cx->err) != STORE_OK) {
			store_err_clear(cx->err);
			return store_err_set(
				cx->err, "3F000", "schema \"%s\" does not exist", *schema);
		}
		store_snap_free(snap);

		/* XXX: the relations of another branch are not looked up (its sequences'
		 * counters are that branch's); the analyzer reads them for FROM only. */
		return store_err_set(cx->err, "0A000",
			"relations of another branch cannot be named here: \"%s.%s\"", *schema,
			*name);
	}
	return EXEC_OK;
}

/* 42P01 for a relation named in a string, with its schema when one was written. */
static int regclass_missing(exec_ctx *cx, const char *schema, const char *name)
{
	if (schema != NULL)
		return store_err_set(
			cx->err, "42P01", "relation \"%s.%s\" does not exist", schema, name);
	return store_err_set(cx->err, "42P01", "relation \"%s\" does not exist", name);
}

int exec_regclass_lookup(exec_ctx *cx, const char *text, size_t len, const char **name, char *kind)
{
	exec_session *ss = cx->session;
	const char *schema;

	if (regclass_name(cx, text, len, name, &schema) != EXEC_OK)
		return EXEC_ERROR;

	/* '""' names nothing: no relation has the empty name. */
	*kind = 0;
	if ((*name)[0] != '\0' && exec_relkind(ss->cur, ss->tx, *name, kind) != EXEC_OK)
		return EXEC_ERROR;
	return *kind == 0 ? regclass_missing(cx, schema, *name) : EXEC_OK;
}

/* The sequence an argument names, read as the running statement sees it. */
static int seq_arg(exec_ctx *cx, const exec_value *arg, exec_stmt **stp, exec_seq *q)
{
	exec_session *ss = cx->session;
	const char *name, *schema, *text = arg->v.s.p;
	size_t len = arg->v.s.len;
	bool found;
	char kind;

	/* A regclass (nextval('s'::regclass), as pg_dump writes defaults): the name it prints as. */
	if (arg->type == EXEC_OID_REGCLASS) {
		store_buf b = STORE_BUF_INIT;

		if (exec_syscat_regclass_out(cx, (exec_oid)arg->v.i, &b) != EXEC_OK) {
			store_buf_free(&b);
			return EXEC_ERROR;
		}
		text = sql_arena_strndup(cx->arena, (const char *)b.data, b.len);
		len = b.len;
		store_buf_free(&b);
	}
	if (regclass_name(cx, text, len, &name, &schema) != EXEC_OK)
		return EXEC_ERROR;
	if (name[0] == '\0')
		return regclass_missing(cx, schema, name);
	if (exec_seq_get(ss->cur, name, q, &found) != EXEC_OK)
		return EXEC_ERROR;

	/* Not a sequence: what it is says which error (a table is 42809). */
	if (!found) {
		if (exec_relkind(ss->cur, ss->tx, name, &kind) != EXEC_OK)
			return EXEC_ERROR;
		if (kind == 0)
			return regclass_missing(cx, schema, name);
		return store_err_set(cx->err, "42809", "\"%s\" is not a sequence", name);
	}
	*stp = ss->cur;
	return EXEC_OK;
}

static void remember(exec_session *ss, const char *name, int64_t v)
{
	int i;

	for (i = 0; i < ss->nseqvals; i++)
		if (strcmp(ss->seqvals[i].name, name) == 0)
			break;
	if (i == ss->nseqvals) {
		if (ss->nseqvals == ss->capseqvals) {
			int cap = ss->capseqvals ? 2 * ss->capseqvals : 4;
			struct seqval *nv = realloc(ss->seqvals, (size_t)cap * sizeof(*nv));

			if (nv == NULL)
				return;
			ss->seqvals = nv;
			ss->capseqvals = cap;
		}
		ss->seqvals[i].name = strdup(name);
		if (ss->seqvals[i].name == NULL)
			return;
		ss->nseqvals++;
	}
	ss->seqvals[i].value = v;
	free(ss->last_seq);
	ss->last_seq = strdup(name);
}

/*
 * Record in the sequence's catalog entry, through the open transaction,
 * how far its counter is logged, when the entry does not say so already:
 * once per 32 to 1024 values, as the mark moves, rather than in every
 * commit that counts.  A copy of the repository without DATA/chrondb
 * resumes counting past the recorded mark, so it hands out no value a
 * commit holds.  reset (setval's) records where the counter was set,
 * which may be behind what was recorded.
 */
static int record_counter(exec_stmt *st, exec_seq *q, bool reset)
{
	store_seqdef d;
	int64_t mark, last;
	int called;
	char *text;
	int r;

	if (st->ss->tx == NULL || st->ss->read_only)
		return EXEC_OK;
	exec_seq_storedef(q, &d);
	if (reset) {
		store_seq_peek(st->ss->s, st->ss->branch, &d, &last, &called);
		mark = last;
	} else {
		store_seq_logged(st->ss->s, st->ss->branch, &d, &mark);
		if (q->has_last && q->is_called && q->last_value == mark)
			return EXEC_OK;
		called = 1;
	}
	q->has_last = true;
	q->last_value = mark;
	q->is_called = called != 0;
	text = seq_json(q);
	if (text == NULL)
		return store_err_set(st->err, "53200", "out of memory");
	r = store_tx_seq_record(
		st->ss->tx, q->name, text, strlen(text), mark, q->increment > 0, reset, st->err);
	free(text);
	return r == STORE_OK ? EXEC_OK : EXEC_ERROR;
}

static int fn_nextval(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_stmt *st;
	exec_seq q;
	store_seqdef d;
	int64_t v;

	(void)nargs;
	if (seq_arg(cx, &args[0], &st, &q) != EXEC_OK)
		return EXEC_ERROR;
	if (exec_session_writable(st->ss, "nextval()", cx->err) != EXEC_OK)
		return EXEC_ERROR;
	exec_seq_storedef(&q, &d);
	if (store_seq_next(st->ss->s, st->ss->branch, q.name, &d, &v, cx->err) != STORE_OK)
		return EXEC_ERROR;
	remember(st->ss, q.name, v);
	if (record_counter(st, &q, false) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_int(EXEC_OID_INT8, v);
	return EXEC_OK;
}

static int fn_currval(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_stmt *st;
	exec_seq q;

	(void)nargs;
	if (seq_arg(cx, &args[0], &st, &q) != EXEC_OK)
		return EXEC_ERROR;
	for (int i = 0; i < st->ss->nseqvals; i++)
		if (strcmp(st->ss->seqvals[i].name, q.name) == 0) {
			*out = exec_int(EXEC_OID_INT8, st->ss->seqvals[i].value);
			return EXEC_OK;
		}
	return store_err_set(cx->err, "55000",
		"currval of sequence \"%s\" is not yet defined in this session", q.name);
}

static int fn_lastval(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_session *ss = cx->session;

	(void)args;
	(void)nargs;
	if (ss == NULL || ss->last_seq == NULL)
		return store_err_set(
			cx->err, "55000", "lastval is not yet defined in this session");
	for (int i = 0; i < ss->nseqvals; i++)
		if (strcmp(ss->seqvals[i].name, ss->last_seq) == 0) {
			*out = exec_int(EXEC_OID_INT8, ss->seqvals[i].value);
			return EXEC_OK;
		}
	return store_err_set(cx->err, "55000", "lastval is not yet defined in this session");
}

static int fn_setval(exec_ctx *cx, const exec_value *args, int nargs, exec_value *out)
{
	exec_stmt *st;
	exec_seq q;
	store_seqdef d;
	int64_t v = args[1].v.i;
	bool called = nargs < 3 || args[2].v.b;

	if (seq_arg(cx, &args[0], &st, &q) != EXEC_OK)
		return EXEC_ERROR;
	if (exec_session_writable(st->ss, "setval()", cx->err) != EXEC_OK)
		return EXEC_ERROR;
	if (v < q.min || v > q.max)
		return store_err_set(cx->err, "22003",
			"setval: value %" PRId64 " is out of bounds for sequence \"%s\" (%" PRId64
			"..%" PRId64 ")",
			v, q.name, q.min, q.max);
	exec_seq_storedef(&q, &d);
	if (store_seq_set(st->ss->s, st->ss->branch, q.name, &d, v, called, cx->err) != STORE_OK)
		return EXEC_ERROR;
	if (called)
		remember(st->ss, q.name, v);
	if (record_counter(st, &q, false) != EXEC_OK)
		return EXEC_ERROR;
	*out = exec_int(EXEC_OID_INT8, v);
	return EXEC_OK;
}

/*
 * PostgreSQL's functions take a regclass (their OIDs are PostgreSQL's);
 * the text forms, ChronDB's, look the name up when they run, so that a
 * default can name a sequence the same statement creates.
 */
static const exec_func seq_funcs[] = {
	{"nextval", EXEC_OID_INT8, 1, {EXEC_OID_TEXT}, false, true, 'v', fn_nextval, 0},
	{"nextval", EXEC_OID_INT8, 1, {EXEC_OID_REGCLASS}, false, true, 'v', fn_nextval, 1574},
	{"currval", EXEC_OID_INT8, 1, {EXEC_OID_TEXT}, false, true, 'v', fn_currval, 0},
	{"currval", EXEC_OID_INT8, 1, {EXEC_OID_REGCLASS}, false, true, 'v', fn_currval, 1575},
	{"lastval", EXEC_OID_INT8, 0, {0}, false, true, 'v', fn_lastval, 2559},
	{"setval", EXEC_OID_INT8, 2, {EXEC_OID_TEXT, EXEC_OID_INT8}, false, true, 'v', fn_setval,
		0},
	{"setval", EXEC_OID_INT8, 2, {EXEC_OID_REGCLASS, EXEC_OID_INT8}, false, true, 'v',
		fn_setval, 1576},
	{"setval", EXEC_OID_INT8, 3, {EXEC_OID_TEXT, EXEC_OID_INT8, EXEC_OID_BOOL}, false, true,
		'v', fn_setval, 0},
	{"setval", EXEC_OID_INT8, 3, {EXEC_OID_REGCLASS, EXEC_OID_INT8, EXEC_OID_BOOL}, false, true,
		'v', fn_setval, 1765},
};

/*
 * The arguments that are PostgreSQL's regclass: a relation's name (text
 * here, looked up when the function runs), by implementation and
 * argument number.
 */
static const struct {
	exec_fn fn;
	int arg;
} regclass_params[] = {
	{fn_nextval, 0},
	{fn_currval, 0},
	{fn_setval, 0},
};

bool exec_func_regclass_arg(const exec_func *f, int arg)
{
	for (size_t i = 0; i < sizeof(regclass_params) / sizeof(regclass_params[0]); i++)
		if (regclass_params[i].fn == f->fn && regclass_params[i].arg == arg)
			return true;
	return false;
}

const exec_module exec_mod_seq = {
	.name = "seq",
	.funcs = seq_funcs,
	.nfuncs = sizeof(seq_funcs) / sizeof(seq_funcs[0]),
};
