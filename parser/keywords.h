/*
 * keywords.h - SQL keywords and their categories.
 *
 * Owns the keyword table the scanner looks words up in (STYLE.md rule
 * 10).  The categories are PostgreSQL's (its pg_get_keywords()): they
 * decide where a keyword may still serve as a name, so that `name`,
 * `key`, `value`, `data`, `comment`, `position` or `year` work as column
 * names where PostgreSQL allows.  The grammar's keyword nonterminals
 * (unreserved_keyword, col_name_keyword, type_func_name_keyword,
 * reserved_keyword, bare_label_keyword in gram.y) list the same words;
 * tests/unit/parser/keywords.c checks that both agree.
 *
 * ChronDB adds four unreserved keywords: databases, describe,
 * system_time and validation.
 */
#ifndef CHRONDB_PARSER_KEYWORDS_H
#define CHRONDB_PARSER_KEYWORDS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum sql_kw_category {
	SQL_KW_UNRESERVED,     /* a name anywhere (ColId), e.g. name, key, value */
	SQL_KW_COL_NAME,       /* a column or table name, not a function or type name */
	SQL_KW_TYPE_FUNC_NAME, /* a function or type name, not a column name */
	SQL_KW_RESERVED,       /* only after AS, or quoted */
} sql_kw_category;

typedef struct sql_keyword {
	const char *name; /* lower case */
	int token;        /* the grammar's token (gram.h) */
	sql_kw_category category;
	bool bare_label; /* may be a column alias without AS */
} sql_keyword;

/* The keywords, sorted by name. */
extern const sql_keyword sql_keywords[];
extern const size_t sql_keyword_count;

/*
 * The keyword spelled word[0..len) in lower case, or NULL.  Words longer
 * than any keyword are rejected without a search.
 */
const sql_keyword *sql_keyword_lookup(const char *word, size_t len);

#endif
