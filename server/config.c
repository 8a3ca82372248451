/*
 * config.c - the server's settings (config.h): the table of settings,
 * their value kinds (strings, integers, Booleans, sizes with units,
 * times with units, address lists), and the config file's lexer.
 *
 * The file follows postgresql.conf: one setting a line, `name = value`
 * or `name value`, `#` to the end of the line is a comment, a value is
 * a bare word or single-quoted ('' or \' for a quote).  Sizes take B,
 * kB, MB, GB or TB (bare numbers are bytes); times take us, ms, s, min,
 * h or d (bare numbers are milliseconds), as PostgreSQL's units.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "log.h"

typedef enum cfg_kind {
	CFG_STRING,
	CFG_INT,  /* a non-negative integer */
	CFG_PORT, /* 1..65535 */
	CFG_BOOL,
	CFG_BYTES, /* size_t, with a memory unit */
	CFG_MS,    /* int milliseconds, with a time unit */
	CFG_LIST,  /* listen_addresses */
	CFG_LEVEL, /* log_level */
} cfg_kind;

typedef struct cfg_def {
	const char *name;
	cfg_kind kind;
	size_t field; /* offsetof in srv_config */
	long min;     /* CFG_INT: the least value accepted */
} cfg_def;

#define F(x) offsetof(srv_config, x)

static const cfg_def cfg_defs[] = {
	{"data_dir", CFG_STRING, F(data_dir), 0},
	{"listen_addresses", CFG_LIST, 0, 0},
	{"port", CFG_PORT, F(port), 0},
	{"redis_port", CFG_PORT, F(redis_port), 0},
	{"http_port", CFG_PORT, F(http_port), 0},
	{"enable_sql", CFG_BOOL, F(enable_sql), 0},
	{"enable_redis", CFG_BOOL, F(enable_redis), 0},
	{"enable_rest", CFG_BOOL, F(enable_rest), 0},
	{"log_level", CFG_LEVEL, F(log_level), 0},
	{"max_connections", CFG_INT, F(max_connections), 1},
	{"max_message_size", CFG_BYTES, F(max_message_size), 0},
	{"statement_timeout", CFG_MS, F(statement_timeout), 0},
	{"lock_timeout", CFG_MS, F(lock_timeout), 0},
	{"idle_in_transaction_session_timeout", CFG_MS, F(idle_in_transaction_timeout), 0},
	{"git_poll_interval", CFG_MS, F(git_poll_interval), 0},
	{"superuser", CFG_STRING, F(superuser), 0},
	{"database", CFG_STRING, F(database), 0},
	{"ssl_cert_file", CFG_STRING, F(ssl_cert_file), 0},
	{"ssl_key_file", CFG_STRING, F(ssl_key_file), 0},
};

#undef F

/* Units of sizes (in bytes) and times (in microseconds), PostgreSQL's spellings. */
static const struct cfg_unit {
	const char *name;
	uint64_t scale;
} cfg_mem_units[] =
	{
		{"B", 1},
		{"kB", 1024},
		{"MB", 1024 * 1024},
		{"GB", 1024ull * 1024 * 1024},
		{"TB", 1024ull * 1024 * 1024 * 1024},
		{NULL, 0},
},
  cfg_time_units[] = {
	  {"us", 1},
	  {"ms", 1000},
	  {"s", 1000000},
	  {"min", 60000000ull},
	  {"h", 3600000000ull},
	  {"d", 86400000000ull},
	  {NULL, 0},
};

void srv_config_init(srv_config *c)
{
	memset(c, 0, sizeof(*c));
	c->data_dir = strdup("./data");
	c->listen[0] = strdup("127.0.0.1");
	c->nlisten = 1;
	c->port = 5432;
	c->redis_port = 6379;
	c->http_port = 3000;
	c->enable_sql = c->enable_redis = c->enable_rest = true;
	c->log_level = SRV_LOG_INFO;
	c->max_connections = 100;
	c->max_message_size = 64 * 1024 * 1024;
	c->git_poll_interval = 1000;
	c->superuser = strdup("chrondb");
	c->database = strdup("chrondb");
}

void srv_config_free(srv_config *c)
{
	free(c->data_dir);
	for (int i = 0; i < c->nlisten; i++)
		free(c->listen[i]);
	free(c->superuser);
	free(c->database);
	free(c->ssl_cert_file);
	free(c->ssl_key_file);
	for (int i = 0; i < c->nrules; i++)
		pg_auth_rule_clear(&c->rules[i]);
	free(c->rules);
	for (int i = 0; i < c->nusers; i++) {
		free(c->users[i].name);
		free(c->users[i].secret);
	}
	free(c->users);
	memset(c, 0, sizeof(*c));
}

static int cfg_bad(
	store_err *err, const char *where, const char *name, const char *value, const char *detail)
{
	store_err_set(
		err, "22023", "%s: invalid value for parameter \"%s\": \"%s\"", where, name, value);
	if (detail != NULL)
		store_err_detail(err, "%s", detail);
	return STORE_ERROR;
}

/* A number with an optional unit from units (NULL: none allowed), scaled to base. */
static int cfg_number(
	const char *value, const struct cfg_unit *units, uint64_t base, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long n;
	uint64_t scale = base;

	if (!isdigit((unsigned char)value[0]))
		return -1;
	errno = 0;
	n = strtoull(value, &end, 10);
	if (errno != 0)
		return -1;
	while (*end == ' ')
		end++;
	if (*end != '\0') {
		const struct cfg_unit *u = units;

		while (u != NULL && u->name != NULL && strcmp(u->name, end) != 0)
			u++;
		if (u == NULL || u->name == NULL)
			return -1;
		scale = u->scale;
	}
	if (scale != 0 && n > UINT64_MAX / scale)
		return -1;
	n = n * scale / base;
	if (n > max)
		return -1;
	*out = n;
	return 0;
}

/* A time ("30s", "1500", "2min": bare numbers are ms) in ms; -1 if bad. */
static int cfg_ms(const char *text, int *ms)
{
	uint64_t n;

	if (cfg_number(text, cfg_time_units, 1000, INT_MAX, &n) != 0)
		return -1;
	*ms = (int)n;
	return 0;
}

static int cfg_bool(const char *v, bool *out)
{
	static const char *const on[] = {"on", "true", "yes", "1", NULL};
	static const char *const off[] = {"off", "false", "no", "0", NULL};

	for (int i = 0; on[i] != NULL; i++) {
		if (strcasecmp(v, on[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(v, off[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

static int cfg_oom(store_err *err)
{
	return store_err_set(err, "53200", "out of memory");
}

/* listen_addresses: a comma list of host names or addresses, blanks around them ignored. */
static int cfg_list(srv_config *c, const char *value, const char *where, store_err *err)
{
	char *copy = strdup(value), *save = NULL, *word;
	int n = 0;

	if (copy == NULL)
		return cfg_oom(err);
	for (int i = 0; i < c->nlisten; i++)
		free(c->listen[i]);
	c->nlisten = 0;
	for (word = strtok_r(copy, ",", &save); word != NULL; word = strtok_r(NULL, ",", &save)) {
		size_t len;

		while (*word == ' ' || *word == '\t')
			word++;
		len = strlen(word);
		while (len > 0 && (word[len - 1] == ' ' || word[len - 1] == '\t'))
			word[--len] = '\0';
		if (len == 0)
			continue;
		if (n == SRV_MAX_LISTEN) {
			free(copy);
			return cfg_bad(err, where, "listen_addresses", value,
				"At most 16 addresses can be given.");
		}
		if ((c->listen[n] = strdup(word)) == NULL) {
			free(copy);
			return cfg_oom(err);
		}
		c->nlisten = ++n;
	}
	free(copy);
	if (n == 0)
		return cfg_bad(err, where, "listen_addresses", value, "No address is given.");
	return STORE_OK;
}

/* The user named name, added (with no secret) when missing; NULL when out of memory. */
static pg_auth_user *cfg_user_get(srv_config *c, const char *name)
{
	pg_auth_user *u, *grown;

	for (int i = 0; i < c->nusers; i++)
		if (strcmp(c->users[i].name, name) == 0)
			return &c->users[i];
	grown = realloc(c->users, (size_t)(c->nusers + 1) * sizeof(*grown));
	if (grown == NULL)
		return NULL;
	c->users = grown;
	u = &c->users[c->nusers];
	memset(u, 0, sizeof(*u));
	if ((u->name = strdup(name)) == NULL)
		return NULL;
	c->nusers++;
	return u;
}

/* user.NAME = 'secret': add the user or replace its secret. */
static int cfg_user(srv_config *c, const char *name, const char *secret, store_err *err)
{
	pg_auth_user *u = cfg_user_get(c, name);
	char *copy = strdup(secret);

	if (u == NULL || copy == NULL) {
		free(copy);
		return cfg_oom(err);
	}
	free(u->secret);
	u->secret = copy;
	return STORE_OK;
}

/* auth = 'ADDRESS USER METHOD': one more rule, after the others. */
static int cfg_rule(srv_config *c, const char *value, const char *where, store_err *err)
{
	pg_auth_rule r, *grown;
	store_err perr;

	store_err_clear(&perr);
	if (pg_auth_rule_parse(value, &r, &perr) != STORE_OK) {
		cfg_bad(err, where, "auth", value, NULL);
		store_err_detail(err, "%s", perr.message);
		return STORE_ERROR;
	}
	grown = realloc(c->rules, (size_t)(c->nrules + 1) * sizeof(*grown));
	if (grown == NULL) {
		pg_auth_rule_clear(&r);
		return cfg_oom(err);
	}
	c->rules = grown;
	c->rules[c->nrules++] = r;
	return STORE_OK;
}

int srv_config_set(
	srv_config *c, const char *name, const char *value, const char *where, store_err *err)
{
	const cfg_def *d = NULL;
	uint64_t n;
	void *field;

	/* The two kinds of line outside the table. */
	if (strcmp(name, "auth") == 0)
		return cfg_rule(c, value, where, err);
	if (strncmp(name, "user.", 5) == 0 && name[5] != '\0')
		return cfg_user(c, name + 5, value, err);

	for (size_t i = 0; i < sizeof(cfg_defs) / sizeof(cfg_defs[0]); i++)
		if (strcmp(cfg_defs[i].name, name) == 0)
			d = &cfg_defs[i];
	if (d == NULL)
		return store_err_set(err, "42704",
			"%s: unrecognized configuration parameter \"%s\"", where, name);
	field = (char *)c + d->field;

	switch (d->kind) {
	case CFG_STRING: {
		char *copy;

		if (value[0] == '\0')
			return cfg_bad(err, where, name, value, "The value is empty.");
		if ((copy = strdup(value)) == NULL)
			return cfg_oom(err);
		free(*(char **)field);
		*(char **)field = copy;
		return STORE_OK;
	}
	case CFG_INT:
		if (cfg_number(value, NULL, 1, INT_MAX, &n) != 0 || (long)n < d->min)
			return cfg_bad(err, where, name, value, NULL);
		*(int *)field = (int)n;
		return STORE_OK;
	case CFG_PORT:
		if (cfg_number(value, NULL, 1, 65535, &n) != 0 || n == 0)
			return cfg_bad(
				err, where, name, value, "A port is a number from 1 to 65535.");
		*(int *)field = (int)n;
		return STORE_OK;
	case CFG_BOOL:
		if (cfg_bool(value, (bool *)field) != 0)
			return cfg_bad(err, where, name, value,
				"A Boolean is on, off, true, false, yes, no, 1 or 0.");
		return STORE_OK;
	case CFG_BYTES:
		if (cfg_number(value, cfg_mem_units, 1, SIZE_MAX, &n) != 0 || n < 1024)
			return cfg_bad(err, where, name, value,
				"A size is at least 1kB; its units are B, kB, MB, GB and TB.");
		*(size_t *)field = (size_t)n;
		return STORE_OK;
	case CFG_MS:
		if (cfg_ms(value, (int *)field) != 0)
			return cfg_bad(err, where, name, value,
				"A time's units are us, ms, s, min, h and d.");
		return STORE_OK;
	case CFG_LIST:
		return cfg_list(c, value, where, err);
	case CFG_LEVEL: {
		int level = srv_log_level_parse(value);

		if (level < 0)
			return cfg_bad(err, where, name, value,
				"The levels are debug, info, warning and error.");
		*(int *)field = level;
		return STORE_OK;
	}
	}
	return STORE_OK;
}

/* ---- The file ---- */

/* The name at *p (letters, digits, _ . -), copied to out; the length, 0 if none. */
static size_t cfg_lex_name(const char **p, char *out, size_t outsz)
{
	size_t n = 0;

	while (isalnum((unsigned char)**p) || **p == '_' || **p == '.' || **p == '-') {
		if (n + 1 < outsz)
			out[n] = **p;
		n++;
		(*p)++;
	}
	out[n < outsz ? n : outsz - 1] = '\0';
	return n < outsz ? n : 0;
}

/* The value at *p, quoted or bare, into a malloc'd *out; -1 when a quote is unclosed. */
static int cfg_lex_value(const char **p, char **out)
{
	const char *s = *p;
	size_t n = 0, cap = strlen(s) + 1;
	char *v = malloc(cap);

	if (v == NULL)
		return -2;
	if (*s == '\'') {
		for (s++;; s++) {
			if (*s == '\0' || *s == '\n') {
				free(v);
				return -1;
			}
			if (*s == '\'' && s[1] == '\'') {
				v[n++] = '\'';
				s++;
			} else if (*s == '\\' && s[1] != '\0' && s[1] != '\n') {
				v[n++] = *++s;
			} else if (*s == '\'') {
				s++;
				break;
			} else {
				v[n++] = *s;
			}
		}
	} else {
		while (*s != '\0' && *s != '#' && *s != ' ' && *s != '\t' && *s != '\n' &&
			*s != '\r')
			v[n++] = *s++;
	}
	v[n] = '\0';
	*p = s;
	*out = v;
	return 0;
}

static void cfg_skip_blanks(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\r')
		(*p)++;
}

int srv_config_load(srv_config *c, const char *path, store_err *err)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, rc = STORE_OK;

	if (f == NULL)
		return store_err_set(err, "F0000", "could not open configuration file \"%s\": %s",
			path, strerror(errno));
	while (rc == STORE_OK && getline(&line, &cap, f) >= 0) {
		const char *p = line;
		char name[128], where[PATH_MAX + 32], *value = NULL;
		int lx;

		lineno++;
		snprintf(where, sizeof(where), "%s:%d", path, lineno);

		/* Blank lines and comments. */
		cfg_skip_blanks(&p);
		if (*p == '\0' || *p == '\n' || *p == '#')
			continue;

		/* name [=] value [# comment] */
		if (cfg_lex_name(&p, name, sizeof(name)) == 0) {
			rc = store_err_set(
				err, "42601", "%s: syntax error: a setting's name expected", where);
			break;
		}
		cfg_skip_blanks(&p);
		if (*p == '=')
			p++;
		cfg_skip_blanks(&p);
		lx = cfg_lex_value(&p, &value);
		if (lx == -2) {
			rc = cfg_oom(err);
			break;
		}
		if (lx == -1) {
			rc = store_err_set(err, "42601",
				"%s: syntax error: unterminated quoted string", where);
			break;
		}
		cfg_skip_blanks(&p);
		if (*p != '\0' && *p != '\n' && *p != '#') {
			free(value);
			rc = store_err_set(err, "42601", "%s: syntax error near \"%.*s\"", where,
				(int)strcspn(p, "\r\n"), p);
			break;
		}
		rc = srv_config_set(c, name, value, where, err);
		free(value);
	}
	free(line);
	fclose(f);
	return rc;
}

int srv_config_finish(srv_config *c, store_err *err)
{
	pg_auth_user *su;

	if (c->nrules == 0 && pg_auth_default_rules(&c->rules, &c->nrules, err) != STORE_OK)
		return STORE_ERROR;
	if (c->ssl_cert_file != NULL && c->ssl_key_file == NULL)
		return store_err_set(err, "22023", "ssl_cert_file is set but ssl_key_file is not");
	if (c->ssl_key_file != NULL && c->ssl_cert_file == NULL)
		return store_err_set(err, "22023", "ssl_key_file is set but ssl_cert_file is not");

	/* The superuser exists without a line of its own. */
	if ((su = cfg_user_get(c, c->superuser)) == NULL)
		return cfg_oom(err);
	su->superuser = true;
	return STORE_OK;
}

const pg_auth_user *srv_config_user(const srv_config *c, const char *name)
{
	for (int i = 0; i < c->nusers; i++)
		if (strcmp(c->users[i].name, name) == 0)
			return &c->users[i];
	return NULL;
}
