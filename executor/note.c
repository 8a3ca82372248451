/*
 * note.c - the notes of a session's commits (see note.h): the session's
 * settings and the transaction's additions turned into storage's
 * store_txmeta at commit.
 *
 * The metadata object is written as text here when the plan builder
 * gave none (the SQL path: a few quoted strings, no JSON library), and
 * merged with jansson when it did, the builder's members kept over the
 * session's.  Not here: the note's layout and its other keys (storage's
 * txn.c, make_note), the settings themselves (guc.c).
 */
#include "note.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "json.h"
#include "stmt.h"

struct exec_note_add {
	exec_note_kind kind;
	char *key;
	char *text;
};

static char *dup_or_die(const char *s)
{
	char *p = strdup(s != NULL ? s : "");

	if (p == NULL)
		abort();
	return p;
}

void exec_note_add(exec_session *ss, exec_note_kind kind, const char *key, const char *text)
{
	struct exec_note_add *a;

	if (ss->nnote_adds == ss->capnote_adds) {
		size_t cap = ss->capnote_adds ? 2 * ss->capnote_adds : 8;

		ss->note_adds = realloc(ss->note_adds, cap * sizeof(*ss->note_adds));
		if (ss->note_adds == NULL)
			abort();
		ss->capnote_adds = cap;
	}
	a = &ss->note_adds[ss->nnote_adds++];
	a->kind = kind;
	a->key = key != NULL ? dup_or_die(key) : NULL;
	a->text = dup_or_die(text);
}

size_t exec_note_mark(const exec_session *ss)
{
	return ss->nnote_adds;
}

void exec_note_rollback_to(exec_session *ss, size_t mark)
{
	while (ss->nnote_adds > mark) {
		struct exec_note_add *a = &ss->note_adds[--ss->nnote_adds];

		free(a->key);
		free(a->text);
	}
}

void exec_note_tx_end(exec_session *ss)
{
	exec_note_rollback_to(ss, 0);
}

void exec_note_free(exec_session *ss)
{
	exec_note_tx_end(ss);
	free(ss->note_adds);
	ss->note_adds = NULL;
	ss->capnote_adds = 0;
}

/* A setting's value, or "" when it has none (or cannot be read). */
static const char *setting(exec_session *ss, const char *name)
{
	store_err err;
	const char *v;

	store_err_clear(&err);
	v = exec_guc_get(ss->gucs, name, &err);
	return v != NULL ? v : "";
}

/* The last metadata addition for key at or after position i, else NULL. */
static const struct exec_note_add *meta_add(const exec_session *ss, size_t i)
{
	const struct exec_note_add *a = &ss->note_adds[i];

	if (a->kind != EXEC_NOTE_META)
		return NULL;
	for (size_t k = i + 1; k < ss->nnote_adds; k++)
		if (ss->note_adds[k].kind == EXEC_NOTE_META &&
			strcmp(ss->note_adds[k].key, a->key) == 0)
			return NULL; /* a later one wins */
	return a;
}

/*
 * The session's metadata members, in the order they are written: name,
 * value pairs (values borrowed), n of them.
 */
static int session_members(exec_session *ss, const char **kv, int max)
{
	const char *app = setting(ss, "application_name");
	const char *rid = setting(ss, "chrondb.request_id");
	int n = 0;

	if (app[0] != '\0') {
		kv[2 * n] = "application-name";
		kv[2 * n++ + 1] = app;
	}
	if (ss->client_addr != NULL) {
		kv[2 * n] = "remote-addr";
		kv[2 * n++ + 1] = ss->client_addr;
	}
	if (rid[0] != '\0') {
		kv[2 * n] = "request-id";
		kv[2 * n++ + 1] = rid;
	}
	for (size_t i = 0; i < ss->nnote_adds && n < max; i++) {
		const struct exec_note_add *a = meta_add(ss, i);

		if (a != NULL) {
			kv[2 * n] = a->key;
			kv[2 * n++ + 1] = a->text;
		}
	}
	return n;
}

/* The metadata text: the session's members, under how's own (a JSON object) when given. */
static int make_metadata(exec_session *ss, const char *given, char **out, store_err *err)
{
	const char *kv[2 * 64];
	int n = session_members(ss, kv, 64);
	store_buf b = STORE_BUF_INIT;
	json_t *obj;
	json_error_t jerr;

	*out = NULL;
	if (given == NULL) {
		if (n == 0)
			return EXEC_OK;
		store_buf_putc(&b, '{');
		for (int i = 0; i < n; i++) {
			if (i > 0)
				store_buf_putc(&b, ',');
			exec_json_write_string(&b, kv[2 * i], strlen(kv[2 * i]));
			store_buf_putc(&b, ':');
			exec_json_write_string(&b, kv[2 * i + 1], strlen(kv[2 * i + 1]));
		}
		store_buf_putc(&b, '}');
		store_buf_putc(&b, '\0');
		*out = (char *)store_buf_detach(&b);
		return EXEC_OK;
	}

	/* The builder's metadata, with the session's members it does not have. */
	obj = json_loads(given, 0, &jerr);
	if (!json_is_object(obj)) {
		json_decref(obj);
		return store_err_set(err, "22P02", "transaction metadata must be a JSON object");
	}
	for (int i = 0; i < n; i++)
		if (json_object_get(obj, kv[2 * i]) == NULL)
			json_object_set_new(obj, kv[2 * i], json_string(kv[2 * i + 1]));
	*out = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(obj);
	if (*out == NULL)
		abort();
	return EXEC_OK;
}

/* chrondb.flags' words: split at commas, blanks around each trimmed, empty ones dropped. */
static size_t split_flags(char *text, const char **out, size_t n, size_t max)
{
	char *p = text;

	while (*p != '\0' && n < max) {
		char *end = strchr(p, ','), *next;

		if (end == NULL)
			end = p + strlen(p);
		next = *end != '\0' ? end + 1 : end;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (end > p) {
			*end = '\0';
			out[n++] = p;
		}
		p = next;
	}
	return n;
}

int exec_note_meta(exec_session *ss, const store_txmeta *how, store_txmeta *out,
	exec_note_parts *parts, store_err *err)
{
	const char *guc = setting(ss, "chrondb.flags");
	size_t nf = 0, max = 64;
	store_buf body = STORE_BUF_INIT;
	const char **flags = calloc(max + 1, sizeof(*flags));

	if (flags == NULL)
		abort();
	memset(parts, 0, sizeof(*parts));
	memset(out, 0, sizeof(*out));
	if (how != NULL)
		*out = *how;
	out->user = ss->user;
	if (out->origin == NULL)
		out->origin = "sql";

	/* Flags: the builder's, the session's setting, the transaction's own. */
	for (size_t i = 0; how != NULL && how->flags != NULL && how->flags[i] && nf < max; i++)
		flags[nf++] = how->flags[i];
	parts->flagtext = dup_or_die(guc);
	nf = split_flags(parts->flagtext, flags, nf, max);
	for (size_t i = 0; i < ss->nnote_adds && nf < max; i++)
		if (ss->note_adds[i].kind == EXEC_NOTE_FLAG)
			flags[nf++] = ss->note_adds[i].text;
	flags[nf] = NULL;
	parts->flags = flags;
	out->flags = nf > 0 ? flags : NULL;

	/* The message's body: the transaction's lines. */
	for (size_t i = 0; i < ss->nnote_adds; i++) {
		if (ss->note_adds[i].kind != EXEC_NOTE_BODY)
			continue;
		store_buf_puts(&body, ss->note_adds[i].text);
		store_buf_putc(&body, '\n');
	}
	if (body.len > 0) {
		store_buf_putc(&body, '\0');
		parts->body = (char *)store_buf_detach(&body);
		out->message_body = parts->body;
	}
	store_buf_free(&body);

	if (make_metadata(ss, how != NULL ? how->metadata_json : NULL, &parts->metadata, err) !=
		EXEC_OK) {
		exec_note_meta_free(parts);
		return EXEC_ERROR;
	}
	out->metadata_json = parts->metadata;
	return EXEC_OK;
}

void exec_note_meta_free(exec_note_parts *parts)
{
	free(parts->flagtext);
	free((void *)parts->flags);
	free(parts->metadata);
	free(parts->body);
	memset(parts, 0, sizeof(*parts));
}
