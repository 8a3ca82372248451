/*
 * ftindex.c - the in-memory inverted index (see ftindex.h): the
 * analyzer, the index's structures kept sorted through put and remove,
 * and the evaluation of search trees as sorted sets of document numbers.
 *
 * Every put gives the document a new number, greater than any before,
 * so that its postings and value entries go at the end of each list
 * with its number, or after the equal values: the lists stay sorted by
 * document number without a search.  A removed document's slot stays
 * empty; when empty slots outnumber the documents, every number is
 * given again in the same order (renumber), which keeps every list's
 * order.  A remove walks the document again, as put walked it, and
 * takes out exactly what the put added.
 *
 * Evaluation builds, for each node, the sorted set of the document
 * numbers that match, and combines them by merging; keys are looked up
 * and sorted at the end.
 *
 * Design note: ftindex.h.
 */
#include "ftindex.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Memory ---- */

/* Room for need elements of size bytes in *p, which holds *cap; aborts when out of memory. */
static void grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 4;
	void *q;

	if (need <= *cap)
		return;
	while (c < need)
		c *= 2;
	q = realloc(*p, c * size);
	if (q == NULL)
		abort();
	*p = q;
	*cap = c;
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		abort();
	return p;
}

/* Put elem, size bytes, at index at of the array *base of *n elements (room for *cap). */
static void array_insert(
	void **base, size_t *n, size_t *cap, size_t at, const void *elem, size_t size)
{
	grow(base, cap, *n + 1, size);
	memmove((char *)*base + (at + 1) * size, (char *)*base + at * size, (*n - at) * size);
	memcpy((char *)*base + at * size, elem, size);
	(*n)++;
}

/* Take element at out of the array base of *n elements of size bytes. */
static void array_delete(void *base, size_t *n, size_t at, size_t size)
{
	memmove((char *)base + at * size, (char *)base + (at + 1) * size, (*n - at - 1) * size);
	(*n)--;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Bytewise order of two byte strings, a shorter prefix first. */
static int cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

/* ---- UTF-8 and characters ---- */

#define BAD_CP 0xFFFFFFFFu

/*
 * The code point at s (len > 0 bytes) into *cp, BAD_CP for a byte that
 * starts no well-formed sequence (overlong forms, surrogates and values
 * past U+10FFFF included); returns the bytes it took (1 for a bad one).
 */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2, c &= 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3, c &= 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4, c &= 0x07, min = 0x10000;
	} else {
		*cp = BAD_CP;
		return 1;
	}
	if (len < n) {
		*cp = BAD_CP;
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = BAD_CP;
			return 1;
		}
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = BAD_CP;
		return 1;
	}
	*cp = c;
	return n;
}

/* Write c as UTF-8 at out (room for 4); returns the bytes written. */
static size_t utf8_encode(uint32_t c, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (c < 0x80) {
		o[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (unsigned char)(0xC0 | c >> 6);
		o[1] = (unsigned char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (unsigned char)(0xE0 | c >> 12);
		o[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
		o[2] = (unsigned char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | c >> 18);
	o[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
	o[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
	o[3] = (unsigned char)(0x80 | (c & 0x3F));
	return 4;
}

/* Blocks of punctuation and symbols past U+0250 that separate words. */
static const struct {
	uint32_t lo, hi;
} separator_blocks[] = {
	{0x2000, 0x2BFF},   /* general punctuation ... miscellaneous symbols and arrows */
	{0x2E00, 0x2E7F},   /* supplemental punctuation */
	{0x3000, 0x303F},   /* CJK symbols and punctuation */
	{0xFE10, 0xFE1F},   /* vertical forms */
	{0xFE30, 0xFE6F},   /* CJK compatibility forms, small form variants */
	{0xFF00, 0xFF0F},   /* fullwidth punctuation */
	{0xFFF0, 0xFFFF},   /* specials */
	{0x1F000, 0x1FAFF}, /* tiles, cards, emoji and pictographs */
};

/* Whether c belongs to a word (ftindex.h lists the rules). */
static bool is_word_char(uint32_t c)
{
	size_t i;

	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	if (c < 0xC0)
		return c == 0xAA || c == 0xB5 || c == 0xBA;
	if (c < 0x250)
		return c != 0xD7 && c != 0xF7 && c != BAD_CP;
	if (c == BAD_CP)
		return false;
	for (i = 0; i < sizeof(separator_blocks) / sizeof(separator_blocks[0]); i++)
		if (c >= separator_blocks[i].lo && c <= separator_blocks[i].hi)
			return false;
	return true;
}

/* The lower case of c, for the ranges ftindex.h lists; c itself elsewhere. */
static uint32_t fold_case(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c < 0xC0)
		return c;
	if (c <= 0xDE)
		return c == 0xD7 ? c : c + 32;
	if (c >= 0x100 && c <= 0x17F) {
		/* Latin Extended-A pairs upper and lower case, even first or odd first. */
		if (c == 0x130)
			return 'i';
		if (c == 0x178)
			return 0xFF;
		if ((c <= 0x137 && c != 0x131) || (c >= 0x14A && c <= 0x177))
			return c % 2 == 0 ? c + 1 : c;
		if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
			return c % 2 == 1 ? c + 1 : c;
		return c;
	}
	if (c >= 0x391 && c <= 0x3AB)
		return c + 32;
	if (c >= 0x400 && c <= 0x40F)
		return c + 80;
	if (c >= 0x410 && c <= 0x42F)
		return c + 32;
	return c;
}

/* ---- The analyzer ---- */

uint32_t exec_fti_analyze(
	const char *text, size_t len, uint32_t position, exec_fti_word_fn fn, void *arg)
{
	const unsigned char *s = (const unsigned char *)text;
	char word[EXEC_FTI_MAX_WORD * 4];
	size_t wlen = 0, nchars = 0, i = 0;

	while (i < len) {
		uint32_t c;

		i += utf8_decode(s + i, len - i, &c);

		/* A separator ends the word being read, if any. */
		if (!is_word_char(c)) {
			if (nchars > 0)
				fn(arg, word, wlen, position++);
			wlen = nchars = 0;
			continue;
		}

		/* A word character joins it, lower-cased; a full word is cut. */
		wlen += utf8_encode(fold_case(c), word + wlen);
		if (++nchars == EXEC_FTI_MAX_WORD) {
			fn(arg, word, wlen, position++);
			wlen = nchars = 0;
		}
	}
	if (nchars > 0)
		fn(arg, word, wlen, position++);
	return position;
}

/* ---- The index's structures ---- */

/* One document's occurrences of a term in a field. */
typedef struct posting {
	uint32_t doc;
	uint32_t n; /* positions, ascending */
	size_t cap;
	uint32_t *pos;
} posting;

typedef struct term {
	char *text; /* NUL-terminated */
	size_t len;
	posting *v; /* by document number */
	size_t n, cap;
} term;

typedef struct num_val {
	double v;
	uint32_t doc;
} num_val;

typedef struct str_val {
	const char *s; /* in the document's JSON, or a static "true"/"false" */
	size_t len;
	uint32_t doc;
} str_val;

typedef struct field {
	char *name;
	term **terms; /* by text, bytewise */
	size_t nterms, capterms;
	num_val *nums; /* by value, then document */
	size_t nnums, capnums;
	str_val *strs; /* by value, then document */
	size_t nstrs, capstrs;

	/* The position after the last word indexed for pos_doc, during a put. */
	uint32_t pos_doc, next_pos;
	bool pos_set;
} field;

typedef struct doc_slot {
	char *key; /* NULL: removed */
	json_t *json;
} doc_slot;

typedef struct key_slot {
	const char *key; /* the doc_slot's; NULL: free */
	uint32_t doc;
} key_slot;

struct exec_fti {
	char *catch_all; /* NULL: none */
	field **fields;  /* by name */
	size_t nfields, capfields;
	doc_slot *docs; /* by document number */
	size_t ndocs, capdocs;
	size_t live;
	key_slot *map; /* key to document number: open addressing, a power of two */
	size_t mapcap;
};

/* ---- Keys to document numbers ---- */

static size_t key_hash(const char *s)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)h;
}

/* The slot holding key, or the free slot where it would go. */
static size_t key_find(const exec_fti *ix, const char *key)
{
	size_t m = ix->mapcap - 1, i = key_hash(key) & m;

	while (ix->map[i].key != NULL && strcmp(ix->map[i].key, key) != 0)
		i = (i + 1) & m;
	return i;
}

static void key_insert(exec_fti *ix, const char *key, uint32_t doc);

/* Keep the map at most half full. */
static void key_reserve(exec_fti *ix)
{
	key_slot *old = ix->map;
	size_t oldcap = ix->mapcap, i;

	if (ix->mapcap > 0 && (ix->live + 1) * 2 <= ix->mapcap)
		return;
	ix->mapcap = oldcap ? oldcap * 2 : 64;
	ix->map = calloc(ix->mapcap, sizeof(*ix->map));
	if (ix->map == NULL)
		abort();
	for (i = 0; i < oldcap; i++)
		if (old[i].key != NULL)
			key_insert(ix, old[i].key, old[i].doc);
	free(old);
}

static void key_insert(exec_fti *ix, const char *key, uint32_t doc)
{
	size_t i = key_find(ix, key);

	ix->map[i].key = key;
	ix->map[i].doc = doc;
}

/* Free slot i, moving back the entries after it that belong before it. */
static void key_delete(exec_fti *ix, size_t i)
{
	size_t m = ix->mapcap - 1, j = i;

	ix->map[i].key = NULL;
	for (;;) {
		size_t home;

		j = (j + 1) & m;
		if (ix->map[j].key == NULL)
			return;
		home = key_hash(ix->map[j].key) & m;

		/* Entry j may move to i when its home is not within (i, j]. */
		if ((i <= j) ? (home <= i || home > j) : (home <= i && home > j)) {
			ix->map[i] = ix->map[j];
			ix->map[j].key = NULL;
			i = j;
		}
	}
}

/* ---- Fields, terms, values ---- */

/* The index in ix->fields where name is or would go; *found says which. */
static size_t field_pos(const exec_fti *ix, const char *name, bool *found)
{
	size_t lo = 0, hi = ix->nfields;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ix->fields[mid]->name, name);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

static field *field_get(const exec_fti *ix, const char *name)
{
	bool found;
	size_t i = field_pos(ix, name, &found);

	return found ? ix->fields[i] : NULL;
}

static field *field_make(exec_fti *ix, const char *name)
{
	bool found;
	size_t i = field_pos(ix, name, &found);
	field *f;

	if (found)
		return ix->fields[i];
	f = calloc(1, sizeof(*f));
	if (f == NULL)
		abort();
	f->name = xstrndup(name, strlen(name));
	array_insert((void **)&ix->fields, &ix->nfields, &ix->capfields, i, &f, sizeof(f));
	return f;
}

/* The first term of f not below word[0..len) in bytewise order. */
static size_t term_lower_bound(const field *f, const char *word, size_t len)
{
	size_t lo = 0, hi = f->nterms;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_bytes(f->terms[mid]->text, f->terms[mid]->len, word, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static term *term_get(const field *f, const char *word, size_t len)
{
	size_t i = term_lower_bound(f, word, len);

	if (i < f->nterms && cmp_bytes(f->terms[i]->text, f->terms[i]->len, word, len) == 0)
		return f->terms[i];
	return NULL;
}

/* Record word at position in doc, the newest document. */
static void term_add(field *f, const char *word, size_t len, uint32_t doc, uint32_t position)
{
	size_t i = term_lower_bound(f, word, len);
	term *t;
	posting *p;

	/* The term, made when the field has none such. */
	if (i < f->nterms && cmp_bytes(f->terms[i]->text, f->terms[i]->len, word, len) == 0) {
		t = f->terms[i];
	} else {
		t = calloc(1, sizeof(*t));
		if (t == NULL)
			abort();
		t->text = xstrndup(word, len);
		t->len = len;
		array_insert((void **)&f->terms, &f->nterms, &f->capterms, i, &t, sizeof(t));
	}

	/* The document's posting is the last one, or a new one after it. */
	if (t->n == 0 || t->v[t->n - 1].doc != doc) {
		assert(t->n == 0 || t->v[t->n - 1].doc < doc);
		grow((void **)&t->v, &t->cap, t->n + 1, sizeof(*t->v));
		p = &t->v[t->n++];
		memset(p, 0, sizeof(*p));
		p->doc = doc;
	}
	p = &t->v[t->n - 1];
	grow((void **)&p->pos, &p->cap, p->n + 1UL, sizeof(*p->pos));
	p->pos[p->n++] = position;
}

/* The index of doc's posting in t, or t->n. */
static size_t posting_find(const term *t, uint32_t doc)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->v[mid].doc < doc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->n && t->v[lo].doc == doc ? lo : t->n;
}

static void term_free(term *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].pos);
	free(t->v);
	free(t->text);
	free(t);
}

/* Take doc's posting out of word's list, if there is one; drop a term left empty. */
static void term_remove(field *f, const char *word, size_t len, uint32_t doc)
{
	size_t i = term_lower_bound(f, word, len), k;
	term *t;

	if (i == f->nterms || cmp_bytes(f->terms[i]->text, f->terms[i]->len, word, len) != 0)
		return;
	t = f->terms[i];
	k = posting_find(t, doc);
	if (k == t->n)
		return;
	free(t->v[k].pos);
	array_delete(t->v, &t->n, k, sizeof(*t->v));
	if (t->n == 0) {
		term_free(t);
		array_delete(f->terms, &f->nterms, i, sizeof(*f->terms));
	}
}

/*
 * Whether len bytes read as a number (JSON's grammar, with a leading
 * `+` allowed too) that is finite; its value into *out.
 */
static bool read_number(const char *s, size_t len, double *out)
{
	char buf[64];
	size_t i = 0, digits = 0;
	char *end;

	if (len == 0 || len >= sizeof(buf))
		return false;
	if (s[i] == '-' || s[i] == '+')
		i++;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, digits++;
	}
	if (digits == 0)
		return false;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t e = 0;

		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, e++;
		if (e == 0)
			return false;
	}
	if (i != len)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*out = strtod(buf, &end);
	return isfinite(*out);
}

static int cmp_num_val(double v, uint32_t doc, const num_val *e)
{
	if (v != e->v)
		return v < e->v ? -1 : 1;
	return doc < e->doc ? -1 : doc > e->doc;
}

/* The first entry of f->nums not below (v, doc). */
static size_t num_lower_bound(const field *f, double v, uint32_t doc)
{
	size_t lo = 0, hi = f->nnums;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_num_val(v, doc, &f->nums[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int cmp_str_val(const char *s, size_t len, uint32_t doc, const str_val *e)
{
	int c = cmp_bytes(s, len, e->s, e->len);

	if (c != 0)
		return c;
	return doc < e->doc ? -1 : doc > e->doc;
}

static size_t str_lower_bound(const field *f, const char *s, size_t len, uint32_t doc)
{
	size_t lo = 0, hi = f->nstrs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_str_val(s, len, doc, &f->strs[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Add v's entries for doc to f's value lists (doc being the newest
 * document, they go after the equal values), or take out one entry of
 * each that an add made.
 *
 * XXX: an entry goes into its sorted array by moving the entries after
 * it, O(values in the field) per value: fine for the tens of thousands
 * of rows a branch head has in the tests, slow for millions.  A B+ tree
 * (idxtree.h) per field would fix it, when issue 6 measures the need.
 */
static void value_update(field *f, json_t *v, const char *text, size_t len, uint32_t doc, bool add)
{
	double d = 0;
	bool is_num = json_is_number(v);
	size_t i;

	/* Numbers, and strings that read as one, in the numeric list. */
	if (is_num)
		d = json_number_value(v);
	if (is_num || (json_is_string(v) && read_number(text, len, &d))) {
		num_val e = {.v = d, .doc = doc};

		i = num_lower_bound(f, d, doc);
		if (add) {
			array_insert((void **)&f->nums, &f->nnums, &f->capnums, i, &e, sizeof(e));
		} else {
			assert(i < f->nnums && cmp_num_val(d, doc, &f->nums[i]) == 0);
			array_delete(f->nums, &f->nnums, i, sizeof(e));
		}
	}

	/* Strings and booleans as bytes. */
	if (!is_num) {
		str_val e = {.s = text, .len = len, .doc = doc};

		i = str_lower_bound(f, text, len, doc);
		if (add) {
			array_insert((void **)&f->strs, &f->nstrs, &f->capstrs, i, &e, sizeof(e));
		} else {
			assert(i < f->nstrs && cmp_str_val(text, len, doc, &f->strs[i]) == 0);
			array_delete(f->strs, &f->nstrs, i, sizeof(e));
		}
	}
}

/* ---- Walking a document ---- */

typedef struct walk {
	exec_fti *ix;
	uint32_t doc;
	bool add; /* put, or remove */
	field *f; /* of the value being analysed */
	store_buf path;
} walk;

static void walk_word(void *arg, const char *word, size_t len, uint32_t position)
{
	walk *w = arg;

	if (w->add)
		term_add(w->f, word, len, w->doc, position);
	else
		term_remove(w->f, word, len, w->doc);
}

/* Add or remove one value of field name, v a string, number or boolean. */
static void walk_field(walk *w, const char *name, json_t *v)
{
	char num[32];
	const char *text;
	size_t len;
	field *f;

	/* The value's text. */
	if (json_is_string(v)) {
		text = json_string_value(v);
		len = json_string_length(v);
	} else if (json_is_integer(v)) {
		text = num;
		len = (size_t)snprintf(
			num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	} else if (json_is_real(v)) {
		int prec = 15;

		/* The shortest form that reads back as the same double. */
		do
			len = (size_t)snprintf(num, sizeof(num), "%.*g", prec, json_real_value(v));
		while (strtod(num, NULL) != json_real_value(v) && ++prec <= 17);
		text = num;
	} else {
		text = json_is_true(v) ? "true" : "false";
		len = strlen(text);
	}

	/* Its words, a gap after the field's previous value in this document. */
	if (w->add) {
		uint32_t start = 0;

		f = field_make(w->ix, name);
		if (f->pos_set && f->pos_doc == w->doc)
			start = f->next_pos + EXEC_FTI_POSITION_GAP;
		w->f = f;
		f->next_pos = exec_fti_analyze(text, len, start, walk_word, w);
		f->pos_doc = w->doc;
		f->pos_set = true;
		value_update(f, v, text, len, w->doc, true);
	} else {
		f = field_get(w->ix, name);
		assert(f != NULL);
		w->f = f;
		exec_fti_analyze(text, len, 0, walk_word, w);
		value_update(f, v, text, len, w->doc, false);
	}
}

/* Every leaf of v under the dotted name in w->path. */
static void walk_value(walk *w, json_t *v)
{
	const char *name, *catch_all = w->ix->catch_all;
	size_t saved = w->path.len, i;
	json_t *m;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		json_object_foreach(v, name, m)
		{
			if (saved > 0)
				store_buf_putc(&w->path, '.');
			store_buf_puts(&w->path, name);
			walk_value(w, m);
			w->path.len = saved;
			w->path.data[saved] = '\0';
		}
		break;
	case JSON_ARRAY:
		json_array_foreach(v, i, m)
		{
			walk_value(w, m);
		}
		break;
	case JSON_NULL:
		break;
	default:
		if (catch_all == NULL || strcmp((char *)w->path.data, catch_all) != 0)
			walk_field(w, (char *)w->path.data, v);
		if (catch_all != NULL)
			walk_field(w, catch_all, v);
		break;
	}
}

static void walk_doc(exec_fti *ix, uint32_t doc, bool add)
{
	walk w = {.ix = ix, .doc = doc, .add = add, .path = STORE_BUF_INIT};

	store_buf_puts(&w.path, "");
	walk_value(&w, ix->docs[doc].json);
	store_buf_free(&w.path);
}

/* ---- Documents ---- */

exec_fti *exec_fti_new(const char *catch_all)
{
	exec_fti *ix = calloc(1, sizeof(*ix));

	if (ix == NULL)
		abort();
	if (catch_all != NULL)
		ix->catch_all = xstrndup(catch_all, strlen(catch_all));
	key_reserve(ix);
	return ix;
}

void exec_fti_free(exec_fti *ix)
{
	size_t i, j;

	if (ix == NULL)
		return;
	for (i = 0; i < ix->nfields; i++) {
		field *f = ix->fields[i];

		for (j = 0; j < f->nterms; j++)
			term_free(f->terms[j]);
		free(f->terms);
		free(f->nums);
		free(f->strs);
		free(f->name);
		free(f);
	}
	free(ix->fields);
	for (i = 0; i < ix->ndocs; i++) {
		if (ix->docs[i].key != NULL) {
			free(ix->docs[i].key);
			json_decref(ix->docs[i].json);
		}
	}
	free(ix->docs);
	free(ix->map);
	free(ix->catch_all);
	free(ix);
}

size_t exec_fti_count(const exec_fti *ix)
{
	return ix->live;
}

/*
 * Give every document a number again, in the same order, so that no
 * slot is empty: every list keeps its order, since the mapping keeps
 * theirs.
 */
static void renumber(exec_fti *ix)
{
	uint32_t *map = xmalloc(ix->ndocs * sizeof(*map));
	size_t i, j, k, n = 0;

	/* The new numbers, and the slots moved down. */
	for (i = 0; i < ix->ndocs; i++) {
		map[i] = (uint32_t)n;
		if (ix->docs[i].key != NULL)
			ix->docs[n++] = ix->docs[i];
	}
	ix->ndocs = n;

	/* Every list and the key map. */
	for (i = 0; i < ix->nfields; i++) {
		field *f = ix->fields[i];

		for (j = 0; j < f->nterms; j++)
			for (k = 0; k < f->terms[j]->n; k++)
				f->terms[j]->v[k].doc = map[f->terms[j]->v[k].doc];
		for (j = 0; j < f->nnums; j++)
			f->nums[j].doc = map[f->nums[j].doc];
		for (j = 0; j < f->nstrs; j++)
			f->strs[j].doc = map[f->strs[j].doc];
		f->pos_set = false;
	}
	for (i = 0; i < ix->mapcap; i++)
		if (ix->map[i].key != NULL)
			ix->map[i].doc = map[ix->map[i].doc];
	free(map);
}

/* Take out the document in slot doc, leaving its key to the caller. */
static char *unindex(exec_fti *ix, uint32_t doc)
{
	char *key = ix->docs[doc].key;

	walk_doc(ix, doc, false);
	json_decref(ix->docs[doc].json);
	ix->docs[doc].key = NULL;
	ix->docs[doc].json = NULL;
	ix->live--;
	return key;
}

void exec_fti_put(exec_fti *ix, const char *key, json_t *doc)
{
	size_t slot;
	char *owned;
	uint32_t no;

	assert(json_is_object(doc));

	/* The old version out, or the key taken in. */
	key_reserve(ix);
	slot = key_find(ix, key);
	if (ix->map[slot].key != NULL)
		owned = unindex(ix, ix->map[slot].doc);
	else
		owned = xstrndup(key, strlen(key));

	/* Slots of removed documents given back before numbers run out. */
	if (ix->ndocs - ix->live > 1024 && ix->ndocs - ix->live > ix->live)
		renumber(ix);
	if (ix->ndocs >= UINT32_MAX)
		renumber(ix);
	assert(ix->ndocs < UINT32_MAX);

	/* The new version under the next number. */
	no = (uint32_t)ix->ndocs;
	grow((void **)&ix->docs, &ix->capdocs, ix->ndocs + 1, sizeof(*ix->docs));
	ix->docs[no].key = owned;
	ix->docs[no].json = json_incref(doc);
	ix->ndocs++;
	ix->live++;
	ix->map[slot].key = owned;
	ix->map[slot].doc = no;
	walk_doc(ix, no, true);
}

bool exec_fti_remove(exec_fti *ix, const char *key)
{
	size_t slot = key_find(ix, key);

	if (ix->map[slot].key == NULL)
		return false;
	free(unindex(ix, ix->map[slot].doc));
	key_delete(ix, slot);
	return true;
}

/* ---- Sets of document numbers ---- */

typedef struct dset {
	uint32_t *v; /* ascending, no duplicates */
	size_t n, cap;
} dset;

static void dset_push(dset *s, uint32_t doc)
{
	grow((void **)&s->v, &s->cap, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = doc;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Sort s and drop duplicates, for sets gathered out of order. */
static void dset_normalize(dset *s)
{
	size_t i, n = 0;

	if (s->n == 0)
		return;
	qsort(s->v, s->n, sizeof(*s->v), cmp_u32);
	for (i = 0; i < s->n; i++)
		if (n == 0 || s->v[n - 1] != s->v[i])
			s->v[n++] = s->v[i];
	s->n = n;
}

/* a and b merged into a: their intersection, union or difference a - b. */
typedef enum set_op { SET_AND, SET_OR, SET_MINUS } set_op;

static void dset_merge(dset *a, const dset *b, set_op op)
{
	dset r = {0};
	size_t i = 0, j = 0;

	while (i < a->n || j < b->n) {
		if (j == b->n || (i < a->n && a->v[i] < b->v[j])) {
			if (op != SET_AND)
				dset_push(&r, a->v[i]);
			i++;
		} else if (i == a->n || b->v[j] < a->v[i]) {
			if (op == SET_OR)
				dset_push(&r, b->v[j]);
			j++;
		} else {
			if (op != SET_MINUS)
				dset_push(&r, a->v[i]);
			i++, j++;
		}
	}
	free(a->v);
	*a = r;
}

static void dset_all(const exec_fti *ix, dset *s)
{
	size_t i;

	for (i = 0; i < ix->ndocs; i++)
		if (ix->docs[i].key != NULL)
			dset_push(s, (uint32_t)i);
}

/* ---- Evaluation ---- */

typedef struct eval {
	const exec_fti *ix;
	const exec_fti_opts *opts;
	store_err *err;
} eval;

/* The field a leaf searches, NULL with err set when it has none. */
static const char *leaf_field(eval *e, const exec_search_node *n)
{
	bool was_set = store_err_isset(e->err);

	if (n->field != NULL)
		return n->field;
	if (e->opts->default_field != NULL)
		return e->opts->default_field;
	if (e->ix->catch_all != NULL)
		return e->ix->catch_all;
	store_err_set(e->err, "42601", "search clause names no field");
	if (!was_set && e->err != NULL) {
		e->err->position = n->position;
		store_err_hint(e->err, "Name the field (field:value), or pass a default field.");
	}
	return NULL;
}

typedef struct words {
	char **v;
	size_t n, cap;
} words;

static void words_push(void *arg, const char *word, size_t len, uint32_t position)
{
	words *w = arg;

	(void)position;
	grow((void **)&w->v, &w->cap, w->n + 1, sizeof(*w->v));
	w->v[w->n++] = xstrndup(word, len);
}

/* Whether the sorted positions p[0..n) hold want. */
static bool has_position(const posting *p, uint32_t want)
{
	size_t lo = 0, hi = p->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->pos[mid] < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->n && p->pos[lo] == want;
}

/* A term or phrase: its words at consecutive positions (ftindex.h). */
static void eval_words(const field *f, const char *text, dset *out)
{
	words w = {0};
	term **t = NULL;
	size_t i, j, k;

	exec_fti_analyze(text, strlen(text), 0, words_push, &w);
	if (w.n == 0 || f == NULL)
		goto done;
	t = xmalloc(w.n * sizeof(*t));
	for (i = 0; i < w.n; i++)
		if ((t[i] = term_get(f, w.v[i], strlen(w.v[i]))) == NULL)
			goto done;

	/* For each document of the first word, the others after it. */
	for (i = 0; i < t[0]->n; i++) {
		const posting *first = &t[0]->v[i];
		bool match = false;

		for (k = 0; k < first->n && !match; k++) {
			match = true;
			for (j = 1; j < w.n && match; j++) {
				size_t at = posting_find(t[j], first->doc);

				match = at < t[j]->n &&
					has_position(&t[j]->v[at], first->pos[k] + (uint32_t)j);
			}
		}
		if (match)
			dset_push(out, first->doc);
	}

done:
	for (i = 0; i < w.n; i++)
		free(w.v[i]);
	free(w.v);
	free(t);
}

/* A wildcard pattern: code points, lower-cased, and these two. */
#define WILD_ANY 0xFFFFFFF0u /* `*` */
#define WILD_ONE 0xFFFFFFF1u /* `?` */

/* Whether the code points s[0..n) match the pattern p[0..np). */
static bool glob_match(const uint32_t *p, size_t np, const uint32_t *s, size_t n)
{
	size_t i = 0, j = 0, star = SIZE_MAX, mark = 0;

	/* Greedy, going back to the last `*` to let it take one more. */
	while (j < n) {
		if (i < np && (p[i] == WILD_ONE || p[i] == s[j])) {
			i++, j++;
		} else if (i < np && p[i] == WILD_ANY) {
			star = i++;
			mark = j;
		} else if (star != SIZE_MAX) {
			i = star + 1;
			j = ++mark;
		} else {
			return false;
		}
	}
	while (i < np && p[i] == WILD_ANY)
		i++;
	return i == np;
}

static void eval_wildcard(const field *f, const char *pattern, dset *out)
{
	size_t len = strlen(pattern), np = 0, i = 0, k;
	uint32_t *p = xmalloc((len + 1) * sizeof(*p)), *cps = NULL;
	char *prefix = xmalloc(len * 4 + 1);
	size_t plen = 0, ncps_cap = 0;
	bool literal = true;

	/* The pattern as code points, and its literal prefix as UTF-8. */
	while (i < len) {
		uint32_t c;

		if (pattern[i] == '*' || pattern[i] == '?') {
			p[np++] = pattern[i++] == '*' ? WILD_ANY : WILD_ONE;
			literal = false;
			continue;
		}
		if (pattern[i] == '\\' && i + 1 < len)
			i++;
		i += utf8_decode((const unsigned char *)pattern + i, len - i, &c);
		p[np++] = c = fold_case(c);
		if (literal && c != BAD_CP)
			plen += utf8_encode(c, prefix + plen);
		else
			literal = false;
	}

	/* The terms starting with the prefix, each matched whole. */
	if (f != NULL) {
		for (k = term_lower_bound(f, prefix, plen); k < f->nterms; k++) {
			const term *t = f->terms[k];
			size_t n = 0, at = 0, j;

			if (t->len < plen || memcmp(t->text, prefix, plen) != 0)
				break;
			grow((void **)&cps, &ncps_cap, t->len + 1, sizeof(*cps));
			while (at < t->len)
				at += utf8_decode((const unsigned char *)t->text + at, t->len - at,
					&cps[n++]);
			if (!glob_match(p, np, cps, n))
				continue;
			for (j = 0; j < t->n; j++)
				dset_push(out, t->v[j].doc);
		}
	}
	dset_normalize(out);
	free(cps);
	free(prefix);
	free(p);
}

static void eval_range(const field *f, const exec_search_node *n, dset *out)
{
	const char *lo = n->u.range.lower, *hi = n->u.range.upper;
	bool in_lo = n->u.range.include_lower, in_hi = n->u.range.include_upper;
	double dlo = 0, dhi = 0;
	size_t i;

	if (f == NULL)
		return;

	/* Open at both ends: every document with a value. */
	if (lo == NULL && hi == NULL) {
		for (i = 0; i < f->nnums; i++)
			dset_push(out, f->nums[i].doc);
		for (i = 0; i < f->nstrs; i++)
			dset_push(out, f->strs[i].doc);
	} else if ((lo == NULL || read_number(lo, strlen(lo), &dlo)) &&
		   (hi == NULL || read_number(hi, strlen(hi), &dhi))) {
		/* Numbers, from the first above the lower bound. */
		i = 0;
		if (lo != NULL) {
			i = num_lower_bound(f, dlo, 0);
			while (!in_lo && i < f->nnums && f->nums[i].v == dlo)
				i++;
		}
		for (; i < f->nnums; i++) {
			if (hi != NULL && (f->nums[i].v > dhi || (!in_hi && f->nums[i].v == dhi)))
				break;
			dset_push(out, f->nums[i].doc);
		}
	} else {
		/* Strings, bytewise. */
		size_t hlen = hi ? strlen(hi) : 0;

		i = 0;
		if (lo != NULL) {
			size_t llen = strlen(lo);

			i = str_lower_bound(f, lo, llen, 0);
			while (!in_lo && i < f->nstrs &&
				cmp_bytes(f->strs[i].s, f->strs[i].len, lo, llen) == 0)
				i++;
		}
		for (; i < f->nstrs; i++) {
			int c = hi ? cmp_bytes(f->strs[i].s, f->strs[i].len, hi, hlen) : -1;

			if (c > 0 || (c == 0 && !in_hi))
				break;
			dset_push(out, f->strs[i].doc);
		}
	}
	dset_normalize(out);
}

static int eval_node(eval *e, const exec_search_node *n, dset *out);

static int eval_bool(eval *e, const exec_search_node *n, dset *out)
{
	bool has_must = false, has_should = false, first = true;
	int i;

	for (i = 0; i < n->u.bool_.n; i++) {
		has_must |= n->u.bool_.clauses[i].occur == EXEC_SEARCH_MUST;
		has_should |= n->u.bool_.clauses[i].occur == EXEC_SEARCH_SHOULD;
	}

	/* The MUST clauses met, else one SHOULD clause, else none asked. */
	if (!has_must && !has_should)
		dset_all(e->ix, out);
	for (i = 0; i < n->u.bool_.n; i++) {
		const exec_search_clause *c = &n->u.bool_.clauses[i];
		dset s = {0};

		if (c->occur != (has_must ? EXEC_SEARCH_MUST : EXEC_SEARCH_SHOULD))
			continue;
		if (eval_node(e, c->node, &s) != EXEC_OK) {
			free(s.v);
			return EXEC_ERROR;
		}
		if (first) {
			free(out->v);
			*out = s;
			first = false;
			continue;
		}
		dset_merge(out, &s, has_must ? SET_AND : SET_OR);
		free(s.v);
	}

	/* Less the MUST_NOT clauses. */
	for (i = 0; i < n->u.bool_.n; i++) {
		const exec_search_clause *c = &n->u.bool_.clauses[i];
		dset s = {0};

		if (c->occur != EXEC_SEARCH_MUST_NOT)
			continue;
		if (eval_node(e, c->node, &s) != EXEC_OK) {
			free(s.v);
			return EXEC_ERROR;
		}
		dset_merge(out, &s, SET_MINUS);
		free(s.v);
	}
	return EXEC_OK;
}

/* The documents n matches into out (empty on entry). */
static int eval_node(eval *e, const exec_search_node *n, dset *out)
{
	const char *name;
	const field *f;

	if (n->kind == EXEC_SEARCH_MATCH_ALL) {
		dset_all(e->ix, out);
		return EXEC_OK;
	}
	if (n->kind == EXEC_SEARCH_BOOL)
		return eval_bool(e, n, out);
	if ((name = leaf_field(e, n)) == NULL)
		return EXEC_ERROR;
	f = field_get(e->ix, name);
	switch (n->kind) {
	case EXEC_SEARCH_TERM:
	case EXEC_SEARCH_PHRASE:
		eval_words(f, n->u.text, out);
		break;
	case EXEC_SEARCH_WILDCARD:
		eval_wildcard(f, n->u.text, out);
		break;
	case EXEC_SEARCH_RANGE:
		eval_range(f, n, out);
		break;
	default:
		assert(!"unreachable");
	}
	return EXEC_OK;
}

void exec_fti_opts_init(exec_fti_opts *o)
{
	o->default_field = NULL;
	o->offset = 0;
	o->limit = EXEC_FTI_NO_LIMIT;
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int exec_fti_search(const exec_fti *ix, const exec_search_node *q, const exec_fti_opts *opts,
	exec_fti_result *out, store_err *err)
{
	exec_fti_opts defaults;
	eval e = {.ix = ix, .opts = opts, .err = err};
	dset s = {0};
	const char **keys;
	size_t i, n;

	memset(out, 0, sizeof(*out));
	if (opts == NULL) {
		exec_fti_opts_init(&defaults);
		e.opts = &defaults;
	}
	if (eval_node(&e, q, &s) != EXEC_OK) {
		free(s.v);
		return EXEC_ERROR;
	}

	/* The keys in order, then the page asked for. */
	keys = xmalloc(s.n * sizeof(*keys));
	for (i = 0; i < s.n; i++)
		keys[i] = ix->docs[s.v[i]].key;
	qsort(keys, s.n, sizeof(*keys), cmp_key);
	out->total = s.n;
	n = e.opts->offset < s.n ? s.n - e.opts->offset : 0;
	if (n > e.opts->limit)
		n = e.opts->limit;
	out->keys = xmalloc(n * sizeof(*out->keys));
	for (i = 0; i < n; i++) {
		const char *k = keys[e.opts->offset + i];

		out->keys[i] = xstrndup(k, strlen(k));
	}
	out->n = n;
	free(keys);
	free(s.v);
	return EXEC_OK;
}

void exec_fti_result_free(exec_fti_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->keys[i]);
	free(r->keys);
	memset(r, 0, sizeof(*r));
}
