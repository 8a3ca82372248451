/*
 * ftindex.c - tests for the in-memory inverted index (executor/ftindex.h):
 * the analyzer, every query form parsed with exec_search_parse and run
 * against a small index, replace and remove, numbering given again
 * after many removes, and a few thousand random documents and queries
 * checked against a brute-force evaluator of the same tree (the oracle),
 * which reads the JSON documents themselves.
 *
 * A search is checked as "key key ... (total)" or
 * "ERROR <sqlstate> <message> @<position>".
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ftindex.h"

/* ---- The analyzer ---- */

static void collect_word(void *arg, const char *word, size_t len, uint32_t position)
{
	store_buf *out = arg;

	if (out->len > 0)
		store_buf_putc(out, ' ');
	store_buf_printf(out, "%.*s@%u", (int)len, word, position);
}

/* The words of text as "word@position ..." (caller frees). */
static char *words_of(const char *text, size_t len, uint32_t start)
{
	store_buf out = STORE_BUF_INIT;

	store_buf_puts(&out, "");
	exec_fti_analyze(text, len, start, collect_word, &out);
	return (char *)store_buf_detach(&out);
}

#define expect_words(text, want)                                                                   \
	do {                                                                                       \
		char *got_ = words_of(text, strlen(text), 0);                                      \
		cr_expect_str_eq(got_, want, "text: %s", text);                                    \
		free(got_);                                                                        \
	} while (0)

Test(ftindex, analyzer_punctuation)
{
	expect_words("Hello, world!", "hello@0 world@1");
	expect_words("foo-bar_baz/qux", "foo@0 bar@1 baz@2 qux@3");
	expect_words("  ...  ", "");
	expect_words("", "");
	expect_words("a\tb\nc", "a@0 b@1 c@2");
	expect_words("ann@example.com", "ann@0 example@1 com@2");
	expect_words("«quoted» ¿qué? ¡sí!", "quoted@0 qué@1 sí@2");
	expect_words("2×3÷4", "2@0 3@1 4@2");
}

Test(ftindex, analyzer_case_and_accents)
{
	expect_words("CAFÉ Café café", "café@0 café@1 café@2");
	expect_words("ÜBER Straße ÀÉÎÕÜ Ñandú Ø", "über@0 straße@1 àéîõü@2 ñandú@3 ø@4");
	expect_words("ĀĒĪŌŪ ŁÓDŹ ČEŠKÝ ŒUVRE Ÿ", "āēīōū@0 łódź@1 češký@2 œuvre@3 ÿ@4");
	expect_words("İstanbul ıi", "istanbul@0 ıi@1");
	expect_words("ΑΘΗΝΑ МОСКВА ЁЖ", "αθηνα@0 москва@1 ёж@2");
	/* Accents are kept: café and cafe are two words, as in StandardAnalyzer. */
	expect_words("cafe café", "cafe@0 café@1");
	/* ª, µ and º are letters; ², ½ and the other symbols of Latin-1 are not. */
	expect_words("1ª µm 2º x²y ½", "1ª@0 µm@1 2º@2 x@3 y@4");
}

Test(ftindex, analyzer_numbers)
{
	expect_words(
		"3.14 1,000 -42 v2 2024-01-31", "3@0 14@1 1@2 000@3 42@4 v2@5 2024@6 01@7 31@8");
	expect_words("don't U.S.A.", "don@0 t@1 u@2 s@3 a@4");
}

Test(ftindex, analyzer_utf8)
{
	char *got;
	char long_word[600];

	/* Malformed bytes separate words: a lone continuation, an overlong form, a surrogate. */
	got = words_of("a\xff"
		       "b\x80"
		       "c\xc0\xaf"
		       "d\xed\xa0\x80"
		       "e\xe2\x82",
		14, 0);
	cr_expect_str_eq(got, "a@0 b@1 c@2 d@3 e@4");
	free(got);
	got = words_of("x\0y", 3, 0);
	cr_expect_str_eq(got, "x@0 y@1");
	free(got);

	/* Punctuation and emoji beyond Latin-1 separate; other scripts are words. */
	expect_words("naïve—résumé…ok", "naïve@0 résumé@1 ok@2");
	expect_words("a😀b 日本語、テキスト", "a@0 b@1 日本語@2 テキスト@3");
	expect_words("x\u00a0y", "x@0 y@1");

	/* Positions start where asked. */
	got = words_of("one two", 7, 10);
	cr_expect_str_eq(got, "one@10 two@11");
	free(got);

	/* A word of more than 255 code points is cut. */
	memset(long_word, 'a', 300);
	memcpy(long_word + 300, "é", 2);
	got = words_of(long_word, 302, 0);
	cr_expect_eq(strlen(got), 255 + 2 + 1 + 45 + 2 + 2);
	cr_expect(strstr(got, "@0 ") == got + 255);
	cr_expect_str_eq(got + 255 + 3 + 45, "é@1");
	free(got);
}

/* ---- Searching a small index ---- */

static void put(exec_fti *ix, const char *key, const char *json)
{
	json_error_t jerr;
	json_t *doc = json_loads(json, 0, &jerr);

	cr_assert_not_null(doc, "%s: %s", json, jerr.text);
	exec_fti_put(ix, key, doc);
	json_decref(doc);
}

/* The outcome of q against ix (caller frees). */
static char *run_opts(exec_fti *ix, const char *q, const exec_fti_opts *o)
{
	sql_arena *a = sql_arena_new(0);
	exec_search_node *n;
	exec_fti_result r;
	store_buf out = STORE_BUF_INIT;
	store_err err;
	size_t i;

	store_err_clear(&err);
	cr_assert_eq(exec_search_parse(a, q, strlen(q), NULL, &n, &err), EXEC_OK, "%s: %s", q,
		err.message);
	store_buf_puts(&out, "");
	if (exec_fti_search(ix, n, o, &r, &err) != EXEC_OK) {
		cr_assert_eq(r.n, 0);
		store_buf_printf(&out, "ERROR %s %s @%d", err.sqlstate, err.message, err.position);
	} else {
		for (i = 0; i < r.n; i++)
			store_buf_printf(&out, "%s ", r.keys[i]);
		store_buf_printf(&out, "(%zu)", r.total);
		exec_fti_result_free(&r);
	}
	sql_arena_free(a);
	return (char *)store_buf_detach(&out);
}

static char *run(exec_fti *ix, const char *q)
{
	return run_opts(ix, q, NULL);
}

#define expect_q(ix, q, want)                                                                      \
	do {                                                                                       \
		char *got_ = run(ix, q);                                                           \
		cr_expect_str_eq(got_, want, "query: %s", q);                                      \
		free(got_);                                                                        \
	} while (0)

static exec_fti *sample(void)
{
	exec_fti *ix = exec_fti_new("content");

	put(ix, "k1",
		"{\"name\": \"Ann Lee\", \"age\": 31, \"city\": \"Lisbon\", \"tags\": [\"red\", \"blue\"],"
		" \"address\": {\"city\": \"Porto\", \"zip\": \"4000-123\"}, \"active\": true,"
		" \"score\": 9.5}");
	put(ix, "k2",
		"{\"name\": \"Bob Stone\", \"age\": 25, \"city\": \"Porto\", \"tags\": [\"green\"],"
		" \"active\": false, \"score\": 7.25, \"bio\": \"Loves CAFÉ and crème brûlée\"}");
	put(ix, "k3",
		"{\"name\": \"Ann-Marie Stone\", \"age\": \"40\", \"city\": \"Lisboa\", \"tags\": [],"
		" \"note\": null, \"bio\": \"Lee is her middle name\","
		" \"items\": [{\"sku\": \"a1\"}, {\"sku\": \"b2\"}]}");
	put(ix, "k4", "{\"name\": \"Zoë\", \"age\": 19.5, \"content\": \"own content member\"}");
	return ix;
}

Test(ftindex, terms)
{
	exec_fti *ix = sample();

	cr_expect_eq(exec_fti_count(ix), 4);
	expect_q(ix, "name:ann", "k1 k3 (2)");
	expect_q(ix, "name:ANN", "k1 k3 (2)");
	expect_q(ix, "city:porto", "k2 (1)");
	expect_q(ix, "address.city:porto", "k1 (1)");
	expect_q(ix, "tags:blue", "k1 (1)");
	expect_q(ix, "items.sku:b2", "k3 (1)");
	expect_q(ix, "bio:café", "k2 (1)");
	expect_q(ix, "bio:cafe", "(0)");
	expect_q(ix, "active:true", "k1 (1)");
	expect_q(ix, "age:31", "k1 (1)");
	expect_q(ix, "age:40", "k3 (1)");
	expect_q(ix, "score:7.25", "k2 (1)");
	expect_q(ix, "name:zoë", "k4 (1)");
	expect_q(ix, "nosuchfield:ann", "(0)");
	expect_q(ix, "name:nobody", "(0)");
	/* A term of several words is a phrase; one of none matches nothing. */
	expect_q(ix, "name:ann-marie", "k3 (1)");
	expect_q(ix, "name:marie-ann", "(0)");
	expect_q(ix, "address.zip:4000-123", "k1 (1)");
	expect_q(ix, "name:\\-", "(0)");
	exec_fti_free(ix);
}

Test(ftindex, catch_all_and_default_field)
{
	exec_fti *ix = sample();
	exec_fti *bare = exec_fti_new(NULL);
	exec_fti_opts o;
	char *got;

	/* Unfielded: the catch-all holds every value, the content member once. */
	expect_q(ix, "porto", "k1 k2 (2)");
	expect_q(ix, "lee", "k1 k3 (2)");
	expect_q(ix, "content:member", "k4 (1)");
	expect_q(ix, "content:31", "k1 (1)");
	expect_q(ix, "\"ann lee\"", "k1 (1)");

	/* A default field for unfielded leaves. */
	exec_fti_opts_init(&o);
	o.default_field = "city";
	got = run_opts(ix, "porto OR lisboa", &o);
	cr_expect_str_eq(got, "k2 k3 (2)");
	free(got);

	/* Without either, an unfielded leaf is an error at its position. */
	put(bare, "x", "{\"a\": \"b\"}");
	expect_q(bare, "a:b", "x (1)");
	expect_q(bare, "a:b OR  c", "ERROR 42601 search clause names no field @9");
	expect_q(bare, "*:*", "x (1)");
	exec_fti_free(bare);
	exec_fti_free(ix);
}

Test(ftindex, phrases)
{
	exec_fti *ix = sample();

	expect_q(ix, "name:\"ann lee\"", "k1 (1)");
	expect_q(ix, "name:\"lee ann\"", "(0)");
	expect_q(ix, "name:\"Ann, Marie!\"", "k3 (1)");
	expect_q(ix, "name:\"marie stone\"", "k3 (1)");
	expect_q(ix, "bio:\"crème brûlée\"", "k2 (1)");
	expect_q(ix, "name:\"ann\"", "k1 k3 (2)");
	expect_q(ix, "name:\"\"", "(0)");
	/* Values of one field do not run into each other. */
	expect_q(ix, "tags:\"red blue\"", "(0)");
	expect_q(ix, "\"lisbon porto\"", "(0)");
	expect_q(ix, "\"lee is her\"", "k3 (1)");
	exec_fti_free(ix);
}

Test(ftindex, wildcards)
{
	exec_fti *ix = sample();

	expect_q(ix, "name:an*", "k1 k3 (2)");
	expect_q(ix, "name:AN*", "k1 k3 (2)");
	expect_q(ix, "name:*one", "k2 k3 (2)");
	expect_q(ix, "name:?ob", "k2 (1)");
	expect_q(ix, "name:zo?", "k4 (1)");
	expect_q(ix, "name:z?", "(0)");
	expect_q(ix, "name:s*e", "k2 k3 (2)");
	expect_q(ix, "name:*", "k1 k2 k3 k4 (4)");
	expect_q(ix, "tags:*", "k1 k2 (2)");
	expect_q(ix, "city:lisb*", "k1 k3 (2)");
	expect_q(ix, "bio:br*lée", "k2 (1)");
	expect_q(ix, "bio:CR?ME", "k2 (1)");
	expect_q(ix, "items.sku:?1", "k3 (1)");
	expect_q(ix, "nosuchfield:*", "(0)");
	expect_q(ix, "lisb*", "k1 k3 (2)");
	expect_q(ix, "name:a\\*n*", "(0)");
	exec_fti_free(ix);
}

Test(ftindex, ranges)
{
	exec_fti *ix = sample();

	/* Numbers, and strings that read as numbers, numerically. */
	expect_q(ix, "age:[25 TO 31]", "k1 k2 (2)");
	expect_q(ix, "age:{25 TO 31]", "k1 (1)");
	expect_q(ix, "age:[25 TO 31}", "k2 (1)");
	expect_q(ix, "age:{25 TO 31}", "(0)");
	expect_q(ix, "age:[30 TO *]", "k1 k3 (2)");
	expect_q(ix, "age:[* TO 25}", "k4 (1)");
	expect_q(ix, "age:[19.5 TO 19.5]", "k4 (1)");
	expect_q(ix, "age:[1e1 TO 3.5e1]", "k1 k2 k4 (3)");
	expect_q(ix, "age:[-100 TO 9]", "(0)");
	expect_q(ix, "score:[7.25 TO 9.5}", "k2 (1)");
	expect_q(ix, "age:[* TO *]", "k1 k2 k3 k4 (4)");
	expect_q(ix, "address.zip:[4000 TO 5000]", "(0)");

	/* Strings bytewise, as stored: upper case sorts first. */
	expect_q(ix, "city:[Lisboa TO Lisbon]", "k1 k3 (2)");
	expect_q(ix, "city:{Lisboa TO Lisbon]", "k1 (1)");
	expect_q(ix, "city:[Lisboa TO Lisbon}", "k3 (1)");
	expect_q(ix, "city:[M TO *]", "k2 (1)");
	expect_q(ix, "city:[lisbon TO *]", "(0)");
	expect_q(ix, "name:[A TO B]", "k1 k3 (2)");
	expect_q(ix, "active:[true TO true]", "k1 (1)");
	expect_q(ix, "active:[* TO *]", "k1 k2 (2)");
	expect_q(ix, "address.zip:[4000 TO 4000-2]", "k1 (1)");
	/* A bound that is not a number makes the range one of strings. */
	expect_q(ix, "age:[3 TO a]", "k3 (1)");
	expect_q(ix, "nosuchfield:[1 TO 2]", "(0)");
	exec_fti_free(ix);
}

Test(ftindex, match_all_and_bools)
{
	exec_fti *ix = sample();

	expect_q(ix, "*:*", "k1 k2 k3 k4 (4)");
	expect_q(ix, "name:ann AND name:lee", "k1 (1)");
	expect_q(ix, "name:ann OR name:bob", "k1 k2 k3 (3)");
	expect_q(ix, "name:ann name:bob", "k1 k2 k3 (3)");
	expect_q(ix, "name:ann AND NOT name:lee", "k3 (1)");
	expect_q(ix, "name:ann -name:lee", "k3 (1)");
	expect_q(ix, "+name:stone name:ann", "k2 k3 (2)");
	expect_q(ix, "+name:stone -name:ann", "k2 (1)");
	expect_q(ix, "NOT name:ann", "k2 k4 (2)");
	expect_q(ix, "-name:ann -city:porto", "k4 (1)");
	expect_q(ix, "*:* -name:ann", "k2 k4 (2)");
	expect_q(ix, "(name:ann OR name:bob) AND age:[30 TO *]", "k1 k3 (2)");
	expect_q(ix, "name:(ann OR zoë) AND NOT (tags:red OR bio:middle)", "k4 (1)");
	expect_q(ix, "name:ann AND name:bob", "(0)");
	expect_q(ix, "NOT *:*", "(0)");
	exec_fti_free(ix);
}

Test(ftindex, limit_and_offset)
{
	exec_fti *ix = sample();
	exec_fti_opts o;
	char *got;

	exec_fti_opts_init(&o);
	o.offset = 1;
	o.limit = 2;
	got = run_opts(ix, "*:*", &o);
	cr_expect_str_eq(got, "k2 k3 (4)");
	free(got);
	o.offset = 3;
	got = run_opts(ix, "*:*", &o);
	cr_expect_str_eq(got, "k4 (4)");
	free(got);
	o.offset = 9;
	got = run_opts(ix, "*:*", &o);
	cr_expect_str_eq(got, "(4)");
	free(got);
	o.offset = 0;
	o.limit = 0;
	got = run_opts(ix, "name:ann", &o);
	cr_expect_str_eq(got, "(2)");
	free(got);
	exec_fti_free(ix);
}

Test(ftindex, replace_and_remove)
{
	exec_fti *ix = sample();

	/* A replaced document is found by its new words only. */
	put(ix, "k1", "{\"name\": \"Ann Gray\", \"age\": 50, \"city\": \"Faro\"}");
	cr_expect_eq(exec_fti_count(ix), 4);
	expect_q(ix, "name:lee", "(0)");
	expect_q(ix, "name:gray", "k1 (1)");
	expect_q(ix, "name:ann", "k1 k3 (2)");
	expect_q(ix, "tags:*", "k2 (1)");
	expect_q(ix, "age:[31 TO 31]", "(0)");
	expect_q(ix, "age:[45 TO 55]", "k1 (1)");
	expect_q(ix, "city:[Faro TO Faro]", "k1 (1)");
	expect_q(ix, "lee", "k3 (1)");
	expect_q(ix, "address.city:*", "(0)");
	expect_q(ix, "address.zip:[* TO *]", "(0)");

	/* Removed: in no list. */
	cr_expect(exec_fti_remove(ix, "k3"));
	cr_expect_not(exec_fti_remove(ix, "k3"));
	cr_expect_not(exec_fti_remove(ix, "nokey"));
	cr_expect_eq(exec_fti_count(ix), 3);
	expect_q(ix, "name:ann", "k1 (1)");
	expect_q(ix, "name:*one", "k2 (1)");
	expect_q(ix, "*:*", "k1 k2 k4 (3)");
	expect_q(ix, "NOT name:ann", "k2 k4 (2)");
	expect_q(ix, "age:[* TO *]", "k1 k2 k4 (3)");
	expect_q(ix, "items.sku:*", "(0)");

	/* Put back, and the same document twice. */
	put(ix, "k3", "{\"name\": \"Ann-Marie Stone\", \"tags\": [\"x\", \"x\"], \"age\": [3, 3]}");
	put(ix, "k3", "{\"name\": \"Ann-Marie Stone\", \"tags\": [\"x\", \"x\"], \"age\": [3, 3]}");
	expect_q(ix, "name:ann", "k1 k3 (2)");
	expect_q(ix, "tags:x", "k3 (1)");
	expect_q(ix, "age:[3 TO 3]", "k3 (1)");
	cr_expect(exec_fti_remove(ix, "k3"));
	expect_q(ix, "tags:x", "(0)");
	expect_q(ix, "age:[0 TO 10]", "(0)");

	/* Every document gone: an empty index. */
	cr_expect(exec_fti_remove(ix, "k1"));
	cr_expect(exec_fti_remove(ix, "k2"));
	cr_expect(exec_fti_remove(ix, "k4"));
	cr_expect_eq(exec_fti_count(ix), 0);
	expect_q(ix, "*:*", "(0)");
	expect_q(ix, "NOT name:ann", "(0)");
	expect_q(ix, "name:*", "(0)");
	exec_fti_free(ix);
}

Test(ftindex, many_replaces)
{
	exec_fti *ix = exec_fti_new("content");
	char key[32], json[128];
	int i;

	/* Enough removes for the documents to be numbered again, several times. */
	for (i = 0; i < 20000; i++) {
		snprintf(key, sizeof(key), "k%d", i % 50);
		snprintf(json, sizeof(json), "{\"v\": %d, \"w\": \"word%d gen%d\"}", i, i % 50, i);
		put(ix, key, json);
		if (i % 7 == 0) {
			snprintf(key, sizeof(key), "k%d", (i * 13) % 50);
			exec_fti_remove(ix, key);
		}
	}
	expect_q(ix, "w:gen19999", "k49 (1)");
	expect_q(ix, "w:gen19998 OR w:gen19997", "k47 k48 (2)");
	expect_q(ix, "w:gen1", "(0)");
	expect_q(ix, "v:[19990 TO *]", "k40 k41 k42 k43 k44 k45 k46 k47 k48 k49 (10)");
	expect_q(ix, "w:word7 AND v:[19000 TO 19999]", "k7 (1)");
	expect_q(ix, "w:\"word49 gen19999\"", "k49 (1)");
	expect_q(ix, "w:\"gen19999 word49\"", "(0)");
	expect_q(ix, "w:gen1999?", "k40 k41 k42 k43 k44 k45 k46 k47 k48 k49 (10)");
	expect_q(ix, "content:gen1999*", "k40 k41 k42 k43 k44 k45 k46 k47 k48 k49 (10)");
	cr_expect_eq(exec_fti_count(ix), 46);
	expect_q(ix, "w:word0 OR w:word5 OR w:word14 OR w:word37", "(0)");
	exec_fti_free(ix);
}

/* ---- The oracle ---- */

#define CATCH_ALL "content"

/* Whether the words of query text stand consecutively among the value's words. */
typedef struct wordlist {
	char *w[600];
	int n;
} wordlist;

static void wordlist_push(void *arg, const char *word, size_t len, uint32_t position)
{
	wordlist *l = arg;

	(void)position;
	cr_assert_lt(l->n, 600);
	l->w[l->n++] = strndup(word, len);
}

static void wordlist_free(wordlist *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		free(l->w[i]);
	l->n = 0;
}

/* A leaf value's text, as the index reads it. */
static const char *value_text(json_t *v, char *buf, size_t size)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, size, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	if (json_is_real(v)) {
		snprintf(buf, size, "%.15g", json_real_value(v));
		return buf;
	}
	return json_is_true(v) ? "true" : "false";
}

/* The leaves of doc that field f holds: all of them for the catch-all. */
typedef struct leaves {
	json_t *v[64];
	int n;
} leaves;

static void collect_leaves(json_t *v, const char *path, const char *f, leaves *out)
{
	const char *name;
	json_t *m;
	size_t i;
	char sub[256];

	if (json_is_object(v)) {
		json_object_foreach(v, name, m)
		{
			snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", name);
			collect_leaves(m, sub, f, out);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, m)
		{
			collect_leaves(m, path, f, out);
		}
	} else if (!json_is_null(v)) {
		if (strcmp(f, CATCH_ALL) == 0 || strcmp(f, path) == 0) {
			cr_assert_lt(out->n, 64);
			out->v[out->n++] = v;
		}
	}
}

/* `*` any characters, `?` one UTF-8 character, recursively. */
static bool oracle_glob(const char *p, const char *s)
{
	if (*p == '\0')
		return *s == '\0';
	if (*p == '*')
		return oracle_glob(p + 1, s) || (*s != '\0' && oracle_glob(p, s + 1));
	if (*s == '\0')
		return false;
	if (*p == '?') {
		s++;
		while ((*s & 0xC0) == 0x80)
			s++;
		return oracle_glob(p + 1, s);
	}
	return *p == *s && oracle_glob(p + 1, s + 1);
}

/* strtod over the whole string, finite: what the rules call a number. */
static bool oracle_number(const char *s, double *d)
{
	char *end;

	if (*s == '\0' || strchr(s, 'x') || strchr(s, 'X') || strchr(s, 'n') || strchr(s, 'N') ||
		strchr(s, ' '))
		return false;
	*d = strtod(s, &end);
	return *end == '\0' && isfinite(*d);
}

static bool oracle_leaf(json_t *doc, const exec_search_node *n, const char *default_field)
{
	const char *f = n->field ? n->field : default_field;
	leaves lv = {.n = 0};
	wordlist q = {.n = 0};
	char buf[64];
	bool match = false;
	int i, j, k;

	collect_leaves(doc, "", f, &lv);
	if (n->kind == EXEC_SEARCH_TERM || n->kind == EXEC_SEARCH_PHRASE)
		exec_fti_analyze(n->u.text, strlen(n->u.text), 0, wordlist_push, &q);
	for (i = 0; i < lv.n && !match; i++) {
		const char *text = value_text(lv.v[i], buf, sizeof(buf));
		wordlist w = {.n = 0};

		exec_fti_analyze(text, strlen(text), 0, wordlist_push, &w);
		if (n->kind == EXEC_SEARCH_WILDCARD) {
			for (j = 0; j < w.n && !match; j++)
				match = oracle_glob(n->u.text, w.w[j]);
		} else if (n->kind == EXEC_SEARCH_RANGE) {
			const char *lo = n->u.range.lower, *hi = n->u.range.upper;
			double dlo = 0, dhi = 0, d = 0;
			bool is_num = json_is_number(lv.v[i]);

			if (lo == NULL && hi == NULL) {
				match = true;
			} else if ((lo == NULL || oracle_number(lo, &dlo)) &&
				   (hi == NULL || oracle_number(hi, &dhi))) {
				if (is_num)
					d = json_number_value(lv.v[i]);
				if (is_num || (json_is_string(lv.v[i]) && oracle_number(text, &d)))
					match = (lo == NULL ||
							(n->u.range.include_lower ? d >= dlo
										  : d > dlo)) &&
						(hi == NULL ||
							(n->u.range.include_upper ? d <= dhi
										  : d < dhi));
			} else if (!is_num) {
				int cl = lo ? strcmp(text, lo) : 1, ch = hi ? strcmp(text, hi) : -1;

				match = (n->u.range.include_lower ? cl >= 0 : cl > 0) &&
					(n->u.range.include_upper ? ch <= 0 : ch < 0);
			}
		} else if (q.n > 0) {
			for (j = 0; j + q.n <= w.n && !match; j++) {
				match = true;
				for (k = 0; k < q.n && match; k++)
					match = strcmp(w.w[j + k], q.w[k]) == 0;
			}
		}
		wordlist_free(&w);
	}
	wordlist_free(&q);
	return match;
}

static bool oracle(json_t *doc, const exec_search_node *n, const char *default_field)
{
	bool has_must = false, has_should = false, any_should = false;
	int i;

	if (n->kind == EXEC_SEARCH_MATCH_ALL)
		return true;
	if (n->kind != EXEC_SEARCH_BOOL)
		return oracle_leaf(doc, n, default_field);
	for (i = 0; i < n->u.bool_.n; i++) {
		const exec_search_clause *c = &n->u.bool_.clauses[i];
		bool m = oracle(doc, c->node, default_field);

		if (c->occur == EXEC_SEARCH_MUST) {
			has_must = true;
			if (!m)
				return false;
		} else if (c->occur == EXEC_SEARCH_SHOULD) {
			has_should = true;
			any_should |= m;
		} else if (m) {
			return false;
		}
	}
	return has_must || !has_should || any_should;
}

/* ---- Random documents and queries ---- */

static const char *const lower_words[] = {"alpha", "beta", "gamma", "delta", "café", "crème",
	"über", "zoë", "straße", "ann", "lee", "stone", "red", "blue", "x1", "2024"};
static const char *const upper_words[] = {"ALPHA", "Beta", "GAMMA", "Delta", "CAFÉ", "Crème",
	"ÜBER", "ZOË", "STRAßE", "Ann", "LEE", "Stone", "Red", "BLUE", "X1", "2024"};
#define NWORDS ((int)(sizeof(lower_words) / sizeof(lower_words[0])))
static const char *const strs[] = {"apple", "Banana", "cherry", "date", "10", "9", "-2.5", ""};
#define NSTRS ((int)(sizeof(strs) / sizeof(strs[0])))
static const char *const seps[] = {" ", ", ", "-", ". ", "/", " — "};

static unsigned rnd_state = 12345;

static int rnd(int n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (int)((rnd_state >> 8) % (unsigned)n);
}

static const char *any_word(void)
{
	int i = rnd(NWORDS);

	return rnd(2) ? lower_words[i] : upper_words[i];
}

static json_t *random_text(void)
{
	store_buf b = STORE_BUF_INIT;
	int i, n = 1 + rnd(5);
	json_t *s;

	for (i = 0; i < n; i++) {
		if (i > 0)
			store_buf_puts(&b, seps[rnd(6)]);
		store_buf_puts(&b, any_word());
	}
	s = json_string((char *)b.data);
	store_buf_free(&b);
	return s;
}

static json_t *random_doc(void)
{
	json_t *d = json_object(), *a, *meta;
	int i, n;

	json_object_set_new(d, "title", random_text());
	if (rnd(3)) {
		a = json_array();
		n = rnd(4);
		for (i = 0; i < n; i++)
			json_array_append_new(a, json_string(any_word()));
		json_object_set_new(d, "tags", a);
	}
	if (rnd(4) == 0)
		json_object_set_new(d, "n", json_string(strs[4 + rnd(3)]));
	else if (rnd(3))
		json_object_set_new(d, "n", json_integer(rnd(51) - 10));
	if (rnd(2))
		json_object_set_new(d, "r", json_real((rnd(81) - 40) / 4.0));
	if (rnd(3) == 0)
		json_object_set_new(d, "flag", json_boolean(rnd(2)));
	if (rnd(2))
		json_object_set_new(d, "s", json_string(strs[rnd(NSTRS)]));
	if (rnd(3) == 0) {
		meta = json_pack("{s:s, s:i}", "kind", any_word(), "level", rnd(5));
		if (rnd(2))
			meta = json_pack("[o, {s:o}]", meta, "kind", random_text());
		json_object_set_new(d, "meta", meta);
	}
	if (rnd(5) == 0)
		json_object_set_new(d, CATCH_ALL, random_text());
	return d;
}

static const char *const fields[] = {"title", "tags", "meta.kind", "content", "s", "nope"};

static void random_leaf(store_buf *q)
{
	const char *w = lower_words[rnd(NWORDS)], *w2 = any_word();
	const char *f = fields[rnd(6)];
	char pat[64];
	size_t len;
	int k = rnd(10);

	if (rnd(4) == 0)
		f = NULL;
	if (f != NULL && k < 6)
		store_buf_printf(q, "%s:", f);
	switch (k) {
	case 0:
	case 1:
		store_buf_puts(q, rnd(2) ? w : w2);
		break;
	case 2:
		store_buf_printf(
			q, "\"%s %s\"", w2, rnd(2) ? any_word() : lower_words[rnd(NWORDS)]);
		break;
	case 3:
	case 4:
		/* A pattern: a prefix, a suffix, one `?`, or both kinds. */
		len = strlen(w);
		snprintf(pat, sizeof(pat), "%s", w);
		switch (rnd(4)) {
		case 0:
			pat[1 + rnd((int)len)] = '\0';
			if (strlen(pat) > 0 && (pat[strlen(pat) - 1] & 0xC0) == 0xC0)
				pat[strlen(pat) - 1] = '\0';
			store_buf_printf(q, "%s*", pat);
			break;
		case 1:
			store_buf_printf(q, "*%s", pat + len - 2 + ((pat[len - 2] & 0xC0) == 0x80));
			break;
		case 2:
			if ((pat[0] & 0x80) == 0) {
				pat[0] = '?';
				store_buf_puts(q, pat);
			} else {
				store_buf_printf(q, "%s?", pat);
			}
			break;
		default:
			store_buf_printf(q, "%c*%s", pat[0] & 0x80 ? 'z' : pat[0],
				pat + len - 1 - ((pat[len - 1] & 0xC0) == 0x80));
			break;
		}
		break;
	case 5:
		store_buf_printf(
			q, "[%s TO %s%c", rnd(2) ? "apple" : "*", strs[rnd(4)], rnd(2) ? ']' : '}');
		break;
	case 6:
		store_buf_puts(q, "*:*");
		break;
	default:
		/* Numeric ranges on the number fields. */
		store_buf_printf(q, "%s:%c", rnd(2) ? "n" : "r", rnd(2) ? '[' : '{');
		if (rnd(5) == 0)
			store_buf_puts(q, "*");
		else
			store_buf_printf(q, "%d", rnd(41) - 15);
		store_buf_puts(q, " TO ");
		if (rnd(5) == 0)
			store_buf_puts(q, "*");
		else if (rnd(2))
			store_buf_printf(q, "%d.5", rnd(41) - 5);
		else
			store_buf_printf(q, "%d", rnd(41) - 5);
		store_buf_putc(q, rnd(2) ? ']' : '}');
		break;
	}
}

/* A random query, depth bools deep at most; negate: a NOT or `-` may start it. */
static void random_query(store_buf *q, int depth, bool negate)
{
	static const char *const ops[] = {" AND ", " OR ", " AND NOT ", " ", " -", " +", " && "};
	int i, n;

	if (depth == 0 || rnd(3) == 0) {
		random_leaf(q);
		return;
	}
	if (negate && rnd(6) == 0)
		store_buf_puts(q, rnd(2) ? "NOT " : "-");
	store_buf_putc(q, '(');
	n = 2 + rnd(2);
	for (i = 0; i < n; i++) {
		const char *op = ops[rnd(7)];

		/* No second modifier after -, + or NOT: Lucene's syntax has none. */
		bool plain = strcmp(op, " -") != 0 && strcmp(op, " +") != 0 &&
			     strcmp(op, " AND NOT ") != 0;

		if (i > 0)
			store_buf_puts(q, op);
		random_query(q, depth - 1, i == 0 || plain);
	}
	store_buf_putc(q, ')');
}

#define NKEYS 4000

/*
 * Check one random query against the oracle over every document; true
 * when it matched some documents but not all, as most should.
 */
static bool check_random_query(exec_fti *ix, json_t **docs, const char *default_field)
{
	store_buf q = STORE_BUF_INIT;
	sql_arena *a = sql_arena_new(0);
	exec_search_node *n;
	exec_fti_opts o;
	exec_fti_result r;
	store_err err;
	size_t got = 0, want = 0;
	char key[16];
	int i;

	random_query(&q, 3, true);
	store_err_clear(&err);
	cr_assert_eq(exec_search_parse(a, (char *)q.data, q.len, NULL, &n, &err), EXEC_OK, "%s: %s",
		(char *)q.data, err.message);
	exec_fti_opts_init(&o);
	o.default_field = default_field;
	cr_assert_eq(exec_fti_search(ix, n, &o, &r, &err), EXEC_OK, "%s", err.message);

	/* Keys d0000... sort as their numbers: walk both in step. */
	for (i = 0; i < NKEYS; i++) {
		if (docs[i] == NULL ||
			!oracle(docs[i], n, default_field ? default_field : CATCH_ALL))
			continue;
		snprintf(key, sizeof(key), "d%04d", i);
		cr_assert_lt(got, r.n, "query %s: index misses %s", (char *)q.data, key);
		cr_assert_str_eq(r.keys[got], key, "query %s", (char *)q.data);
		got++;
		want++;
	}
	cr_assert_eq(got, r.n, "query %s: index has %s too", (char *)q.data,
		got < r.n ? r.keys[got] : "");
	cr_assert_eq(r.total, want);
	exec_fti_result_free(&r);
	sql_arena_free(a);
	store_buf_free(&q);
	return want > 0 && want < exec_fti_count(ix);
}

Test(ftindex, random_against_oracle, .timeout = 300)
{
	exec_fti *ix = exec_fti_new(CATCH_ALL);
	json_t **docs = calloc(NKEYS, sizeof(*docs));
	char key[16];
	int round, i, k, live = 0, telling = 0;

	for (round = 0; round < 4; round++) {
		/* A batch of puts, replaces and removes. */
		for (i = 0; i < 1500; i++) {
			k = rnd(NKEYS);
			snprintf(key, sizeof(key), "d%04d", k);
			if (rnd(5) == 0) {
				cr_assert_eq(exec_fti_remove(ix, key), docs[k] != NULL);
				live -= docs[k] != NULL;
				json_decref(docs[k]);
				docs[k] = NULL;
				continue;
			}
			live += docs[k] == NULL;
			json_decref(docs[k]);
			docs[k] = random_doc();
			exec_fti_put(ix, key, docs[k]);
		}
		cr_assert_eq(exec_fti_count(ix), (size_t)live);

		/* Queries, on the catch-all and on a default field. */
		for (i = 0; i < 300; i++)
			telling += check_random_query(ix, docs, i % 3 == 0 ? "title" : NULL);
	}
	cr_expect_gt(telling, 4 * 300 / 2, "only %d queries told documents apart", telling);
	for (i = 0; i < NKEYS; i++)
		json_decref(docs[i]);
	free(docs);
	exec_fti_free(ix);
}
