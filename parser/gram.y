/*
 * gram.y - the SQL grammar: tokens to the tree of ast.h, PostgreSQL 16's
 * dialect with ChronDB's time travel and statements (DESIGN.md section 6).
 *
 * Owns: the grammar (%expect 0: no conflict is tolerated), the token
 * filter between the scanner and the parser (one-token lookahead that
 * PostgreSQL's grammar needs, U& decoding), syntax error reporting, and
 * sql_parse itself.  Does not own: lexing (scan.l), the node types
 * (ast.h) or any meaning: no name is resolved, no storage or session is
 * touched (STYLE.md rule 8).
 *
 * Actions only build nodes, a few lines each; the helpers they call are
 * after the last %%.  Every value is arena-allocated, so the
 * %destructors have nothing to free: they are declared, for each value
 * type, so that discarding a value on an error path is explicit.
 *
 * The rules follow PostgreSQL's gram.y in structure and precedence, so
 * that what PostgreSQL accepts, and how it groups it, holds here; the
 * names of many nonterminals are PostgreSQL's for that reason.
 */
%define api.pure full
%define api.prefix {sql_yy}
%define api.token.prefix {SQL_TOK_}
%define api.location.type {sql_loc}
%locations
%expect 0
%lex-param {void *scanner} {sql_parse_state *ps}
%parse-param {void *scanner} {sql_parse_state *ps}

%code requires {
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "sql.h"

/* A token's or a rule's bytes in the input: [start, end), -1 when empty. */
typedef struct sql_loc {
	int start;
	int end;
} sql_loc;

typedef struct sql_parse_state sql_parse_state;

/* LIMIT / OFFSET / FETCH as parsed, before they go into a SELECT. */
typedef struct sql_gram_limit {
	sql_limit_kind kind;
	sql_node *limit;
	sql_node *offset;
	int limit_loc;
	int offset_loc;
} sql_gram_limit;

/* ON DELETE / ON UPDATE actions of a foreign key. */
typedef struct sql_gram_fkact {
	sql_fk_action on_delete;
	sql_fk_action on_update;
} sql_gram_fkact;

/* A window frame clause as parsed. */
typedef struct sql_gram_frame {
	sql_frame_mode mode;
	sql_frame_bound start, end;
	sql_node *start_offset, *end_offset;
	sql_frame_exclusion exclusion;
	int start_loc, end_loc; /* where the bounds were written, for errors */
} sql_gram_frame;
}

%code provides {
/* One token of the filter's lookahead queue. */
typedef struct sql_gram_token {
	int tok;
	SQL_YYSTYPE val;
	sql_loc loc;
} sql_gram_token;

/*
 * Everything one parse needs, shared by the scanner and the grammar.
 * Lives on sql_parse's stack; the malloc'd parts (scanbuf, lit) are
 * freed by sql_scan_finish.
 */
struct sql_parse_state {
	const char *text; /* the caller's input */
	size_t len;
	char *scanbuf; /* a copy ending in two NULs, scanned in place */
	sql_arena *arena;
	sql_error *err;
	bool failed; /* err is filled: the parse stops at the next token */
	void *scanner;
	sql_stmt_list *result;

	/* The scanner's state (scan.l). */
	int tok_start;
	int xcdepth;
	int str_state;
	bool saw_non_ascii;
	char *dolqstart;
	uint32_t utf16_first;
	char *lit;
	size_t litlen, litcap;

	/* The token filter's state: queued lookahead, the last token handed out. */
	sql_gram_token ahead[4];
	int nahead;
	int prev_tok;
	sql_gram_token last;

	/* Notices raised so far, in input order (arena-owned). */
	sql_notice *notices;
	sql_notice **notices_tail;
};

/* The scanner (scan.l). */
int sql_scan_init(sql_parse_state *ps);
void sql_scan_finish(sql_parse_state *ps);
int sql_scan_next(sql_parse_state *ps, SQL_YYSTYPE *lval, sql_loc *lloc);

/*
 * Report "<message> at or near "<text[start, end)>"" (or "at end of
 * input" when start is the input's end) with the cursor at start; keeps
 * an error already reported.
 */
void sql_parse_error_at(sql_parse_state *ps, const char *sqlstate, int start, int end,
	const char *message);

/*
 * Cut identifier s (n bytes, NUL-terminated, arena-owned) to SQL_MAX_IDENT
 * bytes on a character boundary, with PostgreSQL's NOTICE when it was
 * longer; returns its new length.
 */
size_t sql_ident_truncate(sql_parse_state *ps, char *s, size_t n);

/* 0 when s[0..n) is UTF-8 without NUL, else -1 with PostgreSQL's 22021 reported. */
int sql_utf8_check(sql_parse_state *ps, const char *s, size_t n);

/* Code point c as UTF-8 in buf: its length, 0 for 0, surrogates and past U+10FFFF. */
size_t sql_utf8_encode(uint32_t c, char *buf);
}

%code {
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywords.h"

/*
 * Bison's stack: deep enough for any tree within SQL_MAX_DEPTH, bounded
 * so that a long run of prefix operators ends in 54001, not exhaustion.
 */
#define YYMAXDEPTH 20000

/* A rule's location: from its first located symbol to its last. */
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                                                \
	do {                                                                                       \
		(Cur).start = (Cur).end = -1;                                                      \
		for (int yyi_ = 1; yyi_ <= (N); yyi_++)                                            \
			if (YYRHSLOC(Rhs, yyi_).start >= 0) {                                      \
				if ((Cur).start < 0)                                               \
					(Cur).start = YYRHSLOC(Rhs, yyi_).start;                   \
				(Cur).end = YYRHSLOC(Rhs, yyi_).end;                               \
			}                                                                          \
	} while (0)

static int sql_yylex(SQL_YYSTYPE *lval, sql_loc *lloc, void *scanner, sql_parse_state *ps);
static void sql_yyerror(sql_loc *lloc, void *scanner, sql_parse_state *ps, const char *msg);

#define A ps->arena

/* A node of struct sql_<nm>, kind SQL_<K>, spanning location l. */
#define NEW(nm, K, l) SQL_NEW(ps->arena, nm, K, (l).start, (l).end)

#define STR(s, l)   ((sql_node *)sql_str_new(ps->arena, (s), (l).start, (l).end))
#define LIST1(x)    sql_list_make1(ps->arena, (x))
#define APPEND(l, x) sql_list_append(ps->arena, (l), (x))
#define DUP(s)      sql_arena_strndup(ps->arena, (s), strlen(s))

/* Helpers for the actions (defined after the last %%). */
static void gram_error(sql_parse_state *ps, int loc, const char *sqlstate, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static char *kw_text(sql_parse_state *ps, sql_loc l);
static sql_list *str_list1(sql_parse_state *ps, const char *s, sql_loc l);
static sql_node *mk_colref(sql_parse_state *ps, char *first, sql_loc first_loc, sql_list *ind,
	sql_loc l);
static sql_list *mk_qualified(sql_parse_state *ps, char *first, sql_loc first_loc, sql_list *ind,
	int max_parts, sql_loc l);
static sql_range_var *mk_range_var(sql_parse_state *ps, sql_list *names, sql_loc l);
static sql_node *mk_indirection(sql_parse_state *ps, sql_node *arg, sql_list *steps, sql_loc l);
static sql_node *mk_op(sql_parse_state *ps, const char *name, sql_node *left, sql_node *right,
	sql_loc l, int op_loc);
static sql_node *mk_qual_op(sql_parse_state *ps, sql_list *op, sql_node *left, sql_node *right,
	sql_loc l, int op_loc);
static sql_node *mk_bool(sql_parse_state *ps, sql_bool_op op, sql_node *left, sql_node *right,
	sql_loc l);
static sql_node *mk_not(sql_parse_state *ps, sql_node *arg, sql_loc l);
static sql_node *mk_fetch(sql_parse_state *ps, char *name, sql_fetch_dir dir, int64_t count,
	sql_loc l);
static sql_node *mk_negate(sql_parse_state *ps, sql_node *arg, sql_loc l, int op_loc);
static sql_node *mk_like(sql_parse_state *ps, sql_like_kind op, bool negated, sql_node *arg,
	sql_node *pattern, sql_node *escape, sql_loc l, int op_loc);
static sql_node *mk_between(sql_parse_state *ps, bool negated, bool symmetric, sql_node *arg,
	sql_node *low, sql_node *high, sql_loc l, int op_loc);
static sql_node *mk_in(sql_parse_state *ps, bool negated, sql_node *arg, sql_node *in, sql_loc l,
	int op_loc);
static sql_node *mk_sublink(sql_parse_state *ps, sql_sublink_kind kind, sql_node *test,
	sql_list *op, sql_node *subquery, sql_loc l, int op_loc);
static sql_node *mk_any_all(sql_parse_state *ps, sql_list *op, bool all, sql_node *left,
	sql_node *right, sql_loc l, int op_loc);
static sql_node *mk_nulltest(sql_parse_state *ps, sql_node *arg, bool negated, sql_loc l);
static sql_node *mk_booltest(sql_parse_state *ps, sql_node *arg, sql_booltest_kind t, sql_loc l);
static sql_node *mk_distinct(sql_parse_state *ps, sql_node *left, sql_node *right, bool negated,
	sql_loc l, int op_loc);
static sql_node *mk_numeric(sql_parse_state *ps, const char *text, sql_loc l);
static sql_node *mk_string(sql_parse_state *ps, const char *s, sql_loc l);
static sql_node *mk_bool_const(sql_parse_state *ps, bool v, sql_loc l);
static sql_node *mk_null_const(sql_parse_state *ps, sql_loc l);
static sql_node *mk_bitstring(sql_parse_state *ps, const char *text, sql_loc l);
static sql_node *mk_cast(sql_parse_state *ps, sql_node *arg, sql_typename *type,
	sql_cast_syntax syntax, sql_loc l, int op_loc);
static sql_typename *mk_typename(sql_parse_state *ps, sql_list *names, sql_loc l);
static sql_typename *mk_systype(sql_parse_state *ps, const char *name, sql_loc l);
static sql_typename *mk_char_type(sql_parse_state *ps, const char *name, int typmod, sql_loc l);
static sql_typename *mk_float_type(sql_parse_state *ps, int64_t bits, sql_loc l);
static sql_typename *mk_datetime_type(sql_parse_state *ps, const char *name, bool tz,
	int64_t precision, sql_loc l);
static sql_typename *mk_interval_type(sql_parse_state *ps, int fields, sql_list *prec,
	int64_t precision, sql_loc l);
static sql_typename *add_array_bound(sql_parse_state *ps, sql_typename *t, int64_t bound,
	sql_loc l);
static sql_funccall *mk_func(sql_parse_state *ps, sql_list *name, sql_list *args, sql_loc l);
static sql_node *mk_sysfunc(sql_parse_state *ps, const char *name, sql_list *args, sql_loc l);
static sql_node *finish_func(sql_parse_state *ps, sql_funccall *f, sql_list *within_group,
	int within_loc, sql_node *filter, sql_window_def *over, sql_loc l);
static sql_node *mk_value_func(sql_parse_state *ps, sql_value_func_op op, int64_t precision,
	sql_loc l);
static sql_node *mk_extract_field(sql_parse_state *ps, const char *field, sql_loc l);
static sql_select *mk_simple_select(sql_parse_state *ps, sql_list *distinct, sql_list *targets,
	sql_list *from, sql_node *where, sql_list *group_by, sql_node *having, sql_list *windows,
	sql_loc l);
static sql_select *mk_setop(sql_parse_state *ps, sql_set_op op, bool all, sql_select *larg,
	sql_select *rarg, sql_loc l);
static sql_select *sel_options(sql_parse_state *ps, sql_select *sel, sql_list *sort,
	sql_list *locking, sql_gram_limit *limit, sql_with *with, sql_loc l);
static sql_select *mk_values(sql_parse_state *ps, sql_select *sel, sql_list *row, sql_loc l);
static sql_gram_limit *mk_limit(sql_parse_state *ps, sql_limit_kind kind, sql_node *limit,
	sql_node *offset, int limit_loc, int offset_loc);
static sql_gram_limit *merge_limit(sql_gram_limit *a, sql_gram_limit *b);
static sql_node *mk_target(sql_parse_state *ps, sql_node *expr, char *name, sql_loc l);
static sql_node *mk_star_target(sql_parse_state *ps, sql_loc l);
static sql_alias *mk_alias(sql_parse_state *ps, char *name, sql_list *cols, sql_loc l);
static sql_node *mk_join(sql_parse_state *ps, sql_join_type t, bool natural, sql_node *left,
	sql_node *right, sql_node *qual, sql_loc l);
static sql_node *mk_range_func(sql_parse_state *ps, bool lateral, sql_node *func,
	bool ordinality, sql_alias *alias, sql_loc l);
static sql_node *mk_range_subselect(sql_parse_state *ps, bool lateral, sql_select *q,
	sql_alias *alias, sql_loc l);
static sql_time_travel *mk_time_travel(sql_parse_state *ps, sql_time_travel_kind tt,
	sql_node *a, sql_node *b, sql_loc l);
static sql_range_var *set_time_travel(sql_parse_state *ps, sql_range_var *r,
	sql_time_travel *tt, sql_alias *alias, sql_loc l);
static sql_window_def *mk_window(sql_parse_state *ps, char *refname, sql_list *partition,
	sql_list *order, sql_gram_frame *frame, sql_loc l);
static sql_gram_frame *mk_frame(sql_parse_state *ps, sql_frame_mode mode, sql_gram_frame *extent,
	sql_frame_exclusion excl);
static sql_gram_frame *mk_frame_bound(sql_parse_state *ps, sql_frame_bound b, sql_node *offset,
	sql_loc l);
static sql_gram_frame *mk_frame_between(sql_parse_state *ps, sql_gram_frame *a, sql_gram_frame *b);
static sql_node *mk_sortby(sql_parse_state *ps, sql_node *expr, int dir, int nulls,
	sql_list *using_op, sql_loc l);
static sql_node *mk_assign(sql_parse_state *ps, sql_list *cols, sql_node *value, sql_loc l);
static sql_node *mk_assign_target(
	sql_parse_state *ps, char *col, sql_loc col_loc, sql_list *ind, sql_loc l);
static sql_node *mk_defelem(sql_parse_state *ps, const char *name, sql_node *arg, sql_loc l);
static sql_node *mk_locking(sql_parse_state *ps, sql_lock_strength s, sql_list *tables, int wait,
	sql_loc l);
static sql_node *mk_cte(sql_parse_state *ps, char *name, sql_list *cols, int materialized,
	sql_node *query, sql_loc l);
static sql_with *mk_with(sql_parse_state *ps, bool recursive, sql_list *ctes, sql_loc l);
static sql_node *mk_insert(sql_parse_state *ps, sql_with *with, sql_range_var *rel,
	sql_node *rest, sql_on_conflict *conflict, sql_list *returning, sql_loc l);
static sql_node *mk_insert_rest(sql_parse_state *ps, sql_list *cols, int overriding,
	sql_select *source, sql_loc l);
static sql_on_conflict *mk_on_conflict(sql_parse_state *ps, sql_conflict_action action,
	sql_on_conflict *target, sql_list *set, sql_node *where, sql_loc l);
static sql_on_conflict *mk_conflict_target(sql_parse_state *ps, sql_list *elems,
	sql_node *where, char *constraint, sql_loc l);
static sql_node *mk_column_def(sql_parse_state *ps, char *name, sql_typename *type,
	sql_list *quals, sql_loc l);
static sql_node *mk_constraint(sql_parse_state *ps, sql_constraint_type t, sql_node *expr,
	sql_list *keys, sql_loc l);
static sql_node *mk_fkey(sql_parse_state *ps, sql_list *keys, sql_range_var *ref,
	sql_list *ref_cols, int match, sql_gram_fkact *act, sql_loc l);
static sql_node *mk_identity(sql_parse_state *ps, int when, sql_list *options, sql_loc l);
static sql_node *name_constraint(sql_parse_state *ps, char *name, sql_node *c, sql_loc l);
static sql_node *constraint_attrs(sql_parse_state *ps, sql_node *c, int attrs, sql_loc l);
static int merge_attrs(sql_parse_state *ps, int have, int more, sql_loc l);
static sql_node *mk_attr_marker(sql_parse_state *ps, const char *what, sql_loc l);
static sql_gram_fkact *mk_fkact(sql_parse_state *ps, int on_delete, int on_update);
static sql_node *mk_alter_cmd(sql_parse_state *ps, sql_alter_cmd_type t, char *name,
	char *new_name, sql_node *def, sql_node *expr, bool missing_ok, int behavior, sql_loc l);
static sql_node *mk_alter_table(sql_parse_state *ps, sql_range_var *rel, bool missing_ok,
	sql_list *cmds, sql_loc l);
static sql_node *mk_drop(sql_parse_state *ps, sql_object_type obj, sql_list *objects,
	bool missing_ok, bool concurrently, int behavior, sql_loc l);
static sql_node *mk_index_elem(sql_parse_state *ps, char *name, sql_node *expr,
	sql_list *collation, sql_list *opclass, int ordering, int nulls, sql_loc l);
static sql_node *mk_comment(
	sql_parse_state *ps, int object, sql_list *name, char *text, sql_loc l);
static sql_node *mk_transaction(sql_parse_state *ps, sql_transaction_kind k, sql_list *options,
	char *savepoint, bool chain, sql_loc l);
static sql_node *mk_set(sql_parse_state *ps, sql_set_kind k, const char *name, sql_list *args,
	sql_loc l);
static sql_node *set_local(sql_node *set, bool local, sql_loc l);
static sql_node *mk_show(sql_parse_state *ps, const char *name, sql_loc l);
static char *join_names(sql_parse_state *ps, sql_list *names);
static sql_node *mk_copy(sql_parse_state *ps, sql_range_var *rel, sql_node *query,
	sql_list *cols, bool is_from, bool program, char *file, sql_list *options,
	sql_node *where, int where_loc, sql_loc l);
static int validation_mode(sql_parse_state *ps, const char *mode, sql_loc l);
static sql_node *mk_create_validation(sql_parse_state *ps, sql_list *ns, sql_node *schema,
	int mode, sql_loc l);
}

%union {
	char *str;           /* identifiers (folded), strings, numeric text, operators */
	int64_t ival;        /* integers and $n */
	int ienum;           /* small enums and flag sets of the opt_ rules */
	bool boolean;
	sql_node *node;
	sql_list *list;
	sql_select *select;
	sql_typename *typnam;
	sql_range_var *range;
	sql_alias *alias;
	sql_with *with;
	sql_window_def *window;
	sql_funccall *func;
	sql_on_conflict *conflict;
	sql_time_travel *tt;
	sql_gram_limit *limit;
	sql_gram_fkact *fkact;
	sql_gram_frame *frame;
}

/*
 * Values live in the statement's arena, freed with it; a discarded value
 * needs nothing (one declaration per type, STYLE.md rule 8).
 */
%destructor { /* arena */ } <str>
%destructor { /* by value */ } <ival>
%destructor { /* by value */ } <ienum>
%destructor { /* by value */ } <boolean>
%destructor { /* arena */ } <node>
%destructor { /* arena */ } <list>
%destructor { /* arena */ } <select>
%destructor { /* arena */ } <typnam>
%destructor { /* arena */ } <range>
%destructor { /* arena */ } <alias>
%destructor { /* arena */ } <with>
%destructor { /* arena */ } <window>
%destructor { /* arena */ } <func>
%destructor { /* arena */ } <conflict>
%destructor { /* arena */ } <tt>
%destructor { /* arena */ } <limit>
%destructor { /* arena */ } <fkact>
%destructor { /* arena */ } <frame>

/* Tokens that are not keywords. */
%token <str> IDENT UIDENT FCONST SCONST USCONST BCONST XCONST Op
%token <ival> ICONST PARAM
%token TYPECAST DOT_DOT COLON_EQUALS EQUALS_GREATER LESS_EQUALS GREATER_EQUALS NOT_EQUALS

/*
 * Keywords (keywords.c), then the filter's lookahead variants: NOT before
 * BETWEEN/IN/LIKE/ILIKE/SIMILAR, NULLS before FIRST/LAST, WITH before
 * TIME/ORDINALITY, FOR before SYSTEM_TIME, AS before OF <value>.
 */
%token ABORT ABSOLUTE ACCESS ACTION ADD ADMIN AFTER AGGREGATE ALL ALSO
%token ALTER ALWAYS ANALYSE ANALYZE AND ANY ARRAY AS ASC ASENSITIVE
%token ASSERTION ASSIGNMENT ASYMMETRIC AT ATOMIC ATTACH ATTRIBUTE
%token AUTHORIZATION BACKWARD BEFORE BEGIN BETWEEN BIGINT BINARY BIT
%token BOOLEAN BOTH BREADTH BY CACHE CALL CALLED CASCADE CASCADED CASE
%token CAST CATALOG CHAIN CHAR CHARACTER CHARACTERISTICS CHECK CHECKPOINT
%token CLASS CLOSE CLUSTER COALESCE COLLATE COLLATION COLUMN COLUMNS
%token COMMENT COMMENTS COMMIT COMMITTED COMPRESSION CONCURRENTLY
%token CONFIGURATION CONFLICT CONNECTION CONSTRAINT CONSTRAINTS CONTENT
%token CONTINUE CONVERSION COPY COST CREATE CROSS CSV CUBE CURRENT
%token CURRENT_CATALOG CURRENT_DATE CURRENT_ROLE CURRENT_SCHEMA
%token CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER CURSOR CYCLE DATA
%token DATABASE DATABASES DAY DEALLOCATE DEC DECIMAL DECLARE DEFAULT
%token DEFAULTS DEFERRABLE DEFERRED DEFINER DELETE DELIMITER DELIMITERS
%token DEPENDS DEPTH DESC DESCRIBE DETACH DICTIONARY DISABLE DISCARD
%token DISTINCT DO DOCUMENT DOMAIN DOUBLE DROP EACH ELSE ENABLE ENCODING
%token ENCRYPTED END ENUM ESCAPE EVENT EXCEPT EXCLUDE EXCLUDING EXCLUSIVE
%token EXECUTE EXISTS EXPLAIN EXPRESSION EXTENSION EXTERNAL EXTRACT
%token FALSE_P FAMILY FETCH FILTER FINALIZE FIRST FLOAT FOLLOWING FOR
%token FORCE FOREIGN FORWARD FREEZE FROM FULL FUNCTION FUNCTIONS
%token GENERATED GLOBAL GRANT GRANTED GREATEST GROUP GROUPING GROUPS
%token HANDLER HAVING HEADER HOLD HOUR IDENTITY IF ILIKE IMMEDIATE
%token IMMUTABLE IMPLICIT IMPORT IN INCLUDE INCLUDING INCREMENT INDEX
%token INDEXES INHERIT INHERITS INITIALLY INLINE INNER INOUT INPUT
%token INSENSITIVE INSERT INSTEAD INT INTEGER INTERSECT INTERVAL INTO
%token INVOKER IS ISNULL ISOLATION JOIN KEY LABEL LANGUAGE LARGE LAST
%token LATERAL LEADING LEAKPROOF LEAST LEFT LEVEL LIKE LIMIT LISTEN LOAD
%token LOCAL LOCALTIME LOCALTIMESTAMP LOCATION LOCK LOCKED LOGGED MAPPING
%token MATCH MATCHED MATERIALIZED MAXVALUE MERGE METHOD MINUTE MINVALUE
%token MODE MONTH MOVE NAME NAMES NATIONAL NATURAL NCHAR NEW NEXT NFC NFD
%token NFKC NFKD NO NONE NORMALIZE NORMALIZED NOT NOTHING NOTIFY NOTNULL
%token NOWAIT NULL_P NULLIF NULLS NUMERIC OBJECT OF OFF OFFSET OIDS OLD
%token ON ONLY OPERATOR OPTION OPTIONS OR ORDER ORDINALITY OTHERS OUT
%token OUTER OVER OVERLAPS OVERLAY OVERRIDING OWNED OWNER PARALLEL
%token PARAMETER PARSER PARTIAL PARTITION PASSING PASSWORD PLACING PLANS
%token POLICY POSITION PRECEDING PRECISION PREPARE PREPARED PRESERVE
%token PRIMARY PRIOR PRIVILEGES PROCEDURAL PROCEDURE PROCEDURES PROGRAM
%token PUBLICATION QUOTE RANGE READ REAL REASSIGN RECHECK RECURSIVE REF
%token REFERENCES REFERENCING REFRESH REINDEX RELATIVE RELEASE RENAME
%token REPEATABLE REPLACE REPLICA RESET RESTART RESTRICT RETURN RETURNING
%token RETURNS REVOKE RIGHT ROLE ROLLBACK ROLLUP ROUTINE ROUTINES ROW
%token ROWS RULE SAVEPOINT SCHEMA SCHEMAS SCROLL SEARCH SECOND SECURITY
%token SELECT SEQUENCE SEQUENCES SERIALIZABLE SERVER SESSION SESSION_USER
%token SET SETOF SETS SHARE SHOW SIMILAR SIMPLE SKIP SMALLINT SNAPSHOT
%token SOME SQL STABLE STANDALONE START STATEMENT STATISTICS STDIN STDOUT
%token STORAGE STORED STRICT STRIP SUBSCRIPTION SUBSTRING SUPPORT
%token SYMMETRIC SYSID SYSTEM SYSTEM_TIME TABLE TABLES TABLESAMPLE
%token TABLESPACE TEMP TEMPLATE TEMPORARY TEXT THEN TIES TIME TIMESTAMP
%token TO TRAILING TRANSACTION TRANSFORM TREAT TRIGGER TRIM TRUE_P
%token TRUNCATE TRUSTED TYPE TYPES UESCAPE UNBOUNDED UNCOMMITTED
%token UNENCRYPTED UNION UNIQUE UNKNOWN UNLISTEN UNLOGGED UNTIL UPDATE
%token USER USING VACUUM VALID VALIDATE VALIDATION VALIDATOR VALUE VALUES
%token VARCHAR VARIADIC VARYING VERBOSE VERSION VIEW VIEWS VOLATILE WHEN
%token WHERE WHITESPACE WINDOW WITH WITHIN WITHOUT WORK WRAPPER WRITE XML
%token XMLATTRIBUTES XMLCONCAT XMLELEMENT XMLEXISTS XMLFOREST
%token XMLNAMESPACES XMLPARSE XMLPI XMLROOT XMLSERIALIZE XMLTABLE YEAR
%token YES ZONE
%token NOT_LA NULLS_LA WITH_LA FOR_LA AS_LA

/*
 * Precedence, lowest first, as PostgreSQL's (less the entries this
 * grammar has no use for; %precedence where associativity never matters).
 */
%precedence SET /* see relation_expr_opt_alias */
/*
 * INTERVAL '1' DAY TO HOUR keeps its TO even where TO could end the
 * expression (FOR SYSTEM_TIME FROM x TO y): the field rules rank below TO.
 */
%precedence INTERVAL_FIELD
%precedence TO
%left UNION EXCEPT
%left INTERSECT
%left OR
%left AND
%precedence NOT
%nonassoc IS ISNULL NOTNULL /* IS sets the precedence of IS NULL and kin */
%nonassoc '<' '>' '=' LESS_EQUALS GREATER_EQUALS NOT_EQUALS
%nonassoc BETWEEN IN LIKE ILIKE SIMILAR NOT_LA
%precedence ESCAPE /* just above LIKE / ILIKE / SIMILAR */
/*
 * Unreserved keywords that can follow an expression (a window name, frame
 * units and bounds) rank just below Op, to choose the keyword reading.
 */
%precedence UNBOUNDED
%precedence PARTITION RANGE ROWS GROUPS PRECEDING FOLLOWING
%left Op OPERATOR /* multi-character and user-defined operators */
%left '+' '-'
%left '*' '/' '%'
%left '^'
%left AT /* AT TIME ZONE */
%precedence COLLATE
%precedence UMINUS
%precedence '(' ')'
%precedence TYPECAST
/*
 * Not arithmetic at all: high precedence lets join keywords be function
 * names; left associativity chains the join rules.
 */
%left JOIN CROSS LEFT FULL RIGHT INNER NATURAL

%type <list> stmtmulti
%type <node> toplevel_stmt stmt
%type <node> SelectStmt PreparableStmt ExplainableStmt InsertStmt UpdateStmt DeleteStmt
%type <node> TruncateStmt CreateStmt CreateAsStmt DropStmt AlterTableStmt IndexStmt
%type <node> CreateSeqStmt AlterSeqStmt ViewStmt CreateSchemaStmt TransactionStmt
%type <node> VariableSetStmt VariableShowStmt VariableResetStmt ExplainStmt VacuumStmt
%type <node> AnalyzeStmt CopyStmt DiscardStmt DeallocateStmt PrepareStmt ExecuteStmt
%type <node> DescribeStmt CreateValidationStmt DropValidationStmt
%type <node> DeclareCursorStmt FetchStmt fetch_args ClosePortalStmt
%type <node> ListenStmt UnlistenStmt NotifyStmt CheckPointStmt
%type <str> notify_payload
%type <node> CommentStmt
%type <ienum> comment_type_any_name
%type <str> comment_text
%type <node> LockStmt
%type <ienum> opt_lock lock_type
%type <boolean> opt_nowait
%type <ienum> cursor_options
%type <boolean> opt_hold

%type <select> select_no_parens select_with_parens select_clause simple_select values_clause
%type <with> with_clause opt_with_clause
%type <list> cte_list distinct_clause opt_target_list target_list
%type <list> from_clause from_list group_clause group_by_list window_clause
%type <list> window_definition_list sort_clause opt_sort_clause sortby_list
%type <list> for_locking_clause opt_for_locking_clause for_locking_items locked_rels_list
%type <list> values_item_list qualified_name_list relation_expr_list
%type <node> common_table_expr target_el table_ref joined_table join_qual func_table
%type <node> where_clause having_clause group_by_item window_definition sortby
%type <node> for_locking_item values_item select_limit_value select_offset_value
%type <node> select_fetch_first_value I_or_F_const
%type <ienum> opt_materialized set_quantifier join_type opt_asc_desc opt_nulls_order
%type <ienum> for_locking_strength opt_nowait_or_skip
%type <boolean> opt_ordinality
%type <limit> select_limit opt_select_limit limit_clause offset_clause
%type <range> relation_expr relation_expr_opt_alias insert_target
%type <alias> alias_clause opt_alias_clause func_alias_clause tt_alias_clause
%type <tt> time_travel

%type <node> a_expr b_expr c_expr AexprConst columnref func_expr func_expr_windowless
%type <node> func_expr_common_subexpr case_expr case_arg case_default when_clause
%type <node> array_expr explicit_row implicit_row in_expr func_arg_expr indirection_el
%type <node> opt_slice_bound filter_clause NumericOnly SignedIconstNode
%type <func> func_application
%type <list> expr_list func_arg_list func_arg_list_opt when_clause_list array_expr_list
%type <list> indirection opt_indirection within_group_clause extract_list substr_list
%type <list> trim_list position_list overlay_list qual_Op subquery_Op any_operator
%type <list> qual_all_Op opt_partition_clause
%type <str> all_Op MathOp extract_arg
%type <ienum> sub_type
%type <window> over_clause window_specification
%type <str> opt_existing_window_name
%type <frame> opt_frame_clause frame_extent frame_bound
%type <ienum> opt_window_exclusion_clause

%type <typnam> Typename SimpleTypename ConstTypename GenericType Numeric Bit ConstBit
%type <typnam> BitWithLength BitWithoutLength Character ConstCharacter
%type <typnam> CharacterWithLength CharacterWithoutLength ConstDatetime ConstInterval
%type <list> opt_type_modifiers opt_interval interval_second type_list opt_array_bounds
%type <str> character
%type <ival> Iconst SignedIconst opt_float
%type <boolean> opt_varying opt_timezone

%type <str> ColId ShowColId type_function_name NonReservedWord ColLabel BareColLabel
%type <str> attr_name name Sconst NonReservedWord_or_Sconst var_name show_var_name
%type <str> opt_single_name access_method_clause file_name opt_encoding
%type <list> name_list any_name attrs any_name_list columnList opt_column_list
%type <list> func_name qualified_name opt_name_list opt_collate opt_class
%type <node> columnElem

%type <node> insert_rest set_clause set_value insert_column_item set_target
%type <list> set_clause_list set_target_list insert_column_list returning_clause using_clause
%type <conflict> opt_on_conflict opt_conf_expr
%type <ienum> override_kind opt_restart_seqs opt_drop_behavior

%type <ienum> OptTemp generated_when key_match key_action key_update key_delete
%type <ienum> ConstraintAttributeSpec ConstraintAttributeElem opt_unique_null_treatment
%type <ienum> opt_no_inherit opt_check_option opt_with_data
%type <fkact> key_actions
%type <list> OptTableElementList TableElementList ColQualList OptWith reloptions
%type <list> reloption_list opt_reloptions OptSeqOptList SeqOptList OptParenthesizedSeqOptList
%type <list> alter_table_cmds index_params opt_include
%type <node> TableElement columnDef TableConstraint ConstraintElem ColConstraint
%type <node> ColConstraintElem ConstraintAttr reloption_elem def_arg alter_table_cmd
%type <node> alter_column_default alter_using index_elem SeqOptElem
%type <ienum> drop_type_any_name
%type <boolean> opt_unique opt_concurrently

%type <list> transaction_mode_list transaction_mode_list_or_empty var_list
%type <node> transaction_mode_item var_value opt_boolean_or_string zone_value
%type <str> iso_level
%type <boolean> opt_transaction_chain
%type <node> set_rest set_rest_more generic_set reset_rest generic_reset
%type <list> utility_option_list
%type <node> utility_option_elem utility_option_arg
%type <str> utility_option_name
%type <boolean> opt_verbose opt_full opt_freeze opt_analyze opt_binary opt_program copy_from
%type <list> opt_vacuum_relation_list vacuum_relation_list copy_options copy_opt_list
%type <list> copy_generic_opt_list copy_generic_opt_arg_list prep_type_clause
%type <list> execute_param_clause
%type <node> vacuum_relation copy_opt_item copy_generic_opt_elem copy_generic_opt_arg
%type <node> copy_generic_opt_arg_list_item
%type <ienum> opt_validation_mode

%%
/* ------------------------------------------------------------ statements */

stmtblock:
	stmtmulti
		{
			ps->result = SQL_NEW(A, stmt_list, STMT_LIST, 0, (int)ps->len);
			ps->result->stmts = $1;
		}
	;

/* Statements separated by ';'; an empty one (as psql sends) adds nothing. */
stmtmulti:
	stmtmulti ';' toplevel_stmt		{ $$ = $3 ? APPEND($1, $3) : $1; }
	| toplevel_stmt					{ $$ = $1 ? LIST1($1) : NULL; }
	;

toplevel_stmt:
	stmt							{ $$ = $1; }
	| %empty						{ $$ = NULL; }
	;

stmt:
	AlterSeqStmt
	| AlterTableStmt
	| AnalyzeStmt
	| CheckPointStmt
	| ClosePortalStmt
	| CommentStmt
	| CopyStmt
	| CreateAsStmt
	| CreateSchemaStmt
	| CreateSeqStmt
	| CreateStmt
	| CreateValidationStmt
	| DeallocateStmt
	| DeclareCursorStmt
	| DeleteStmt
	| DescribeStmt
	| DiscardStmt
	| DropStmt
	| DropValidationStmt
	| ExecuteStmt
	| ExplainStmt
	| FetchStmt
	| IndexStmt
	| InsertStmt
	| ListenStmt
	| NotifyStmt
	| LockStmt
	| PrepareStmt
	| SelectStmt
	| TransactionStmt
	| TruncateStmt
	| UnlistenStmt
	| UpdateStmt
	| VacuumStmt
	| VariableResetStmt
	| VariableSetStmt
	| VariableShowStmt
	| ViewStmt
	;

/* ---------------------------------------------------------------- SELECT */

SelectStmt:
	select_no_parens %prec UMINUS	{ $$ = &$1->n; }
	| select_with_parens %prec UMINUS	{ $$ = &$1->n; }
	;

select_with_parens:
	'(' select_no_parens ')'		{ $$ = $2; }
	| '(' select_with_parens ')'	{ $$ = $2; }
	;

/*
 * ORDER BY, LIMIT, FOR UPDATE and WITH apply to a whole set operation,
 * hence here rather than in simple_select; sel_options rejects a second
 * one of each, as PostgreSQL does.
 */
select_no_parens:
	simple_select					{ $$ = $1; }
	| select_clause sort_clause
		{ $$ = sel_options(ps, $1, $2, NULL, NULL, NULL, @$); }
	| select_clause opt_sort_clause for_locking_clause opt_select_limit
		{ $$ = sel_options(ps, $1, $2, $3, $4, NULL, @$); }
	| select_clause opt_sort_clause select_limit opt_for_locking_clause
		{ $$ = sel_options(ps, $1, $2, $4, $3, NULL, @$); }
	| with_clause select_clause
		{ $$ = sel_options(ps, $2, NULL, NULL, NULL, $1, @$); }
	| with_clause select_clause sort_clause
		{ $$ = sel_options(ps, $2, $3, NULL, NULL, $1, @$); }
	| with_clause select_clause opt_sort_clause for_locking_clause opt_select_limit
		{ $$ = sel_options(ps, $2, $3, $4, $5, $1, @$); }
	| with_clause select_clause opt_sort_clause select_limit opt_for_locking_clause
		{ $$ = sel_options(ps, $2, $3, $5, $4, $1, @$); }
	;

select_clause:
	simple_select					{ $$ = $1; }
	| select_with_parens			{ $$ = $1; }
	;

simple_select:
	SELECT opt_all_clause opt_target_list from_clause where_clause group_clause
	having_clause window_clause
		{ $$ = mk_simple_select(ps, NULL, $3, $4, $5, $6, $7, $8, @$); }
	| SELECT distinct_clause target_list from_clause where_clause group_clause
	having_clause window_clause
		{ $$ = mk_simple_select(ps, $2, $3, $4, $5, $6, $7, $8, @$); }
	| values_clause					{ $$ = $1; }
	| TABLE relation_expr
		{
			sql_list *from = LIST1($2);

			$$ = mk_simple_select(ps, NULL, LIST1(mk_star_target(ps, @1)), from, NULL,
				NULL, NULL, NULL, @$);
		}
	| select_clause UNION set_quantifier select_clause
		{ $$ = mk_setop(ps, SQL_SETOP_UNION, $3, $1, $4, @$); }
	| select_clause INTERSECT set_quantifier select_clause
		{ $$ = mk_setop(ps, SQL_SETOP_INTERSECT, $3, $1, $4, @$); }
	| select_clause EXCEPT set_quantifier select_clause
		{ $$ = mk_setop(ps, SQL_SETOP_EXCEPT, $3, $1, $4, @$); }
	;

with_clause:
	WITH cte_list					{ $$ = mk_with(ps, false, $2, @$); }
	| WITH_LA cte_list				{ $$ = mk_with(ps, false, $2, @$); }
	| WITH RECURSIVE cte_list		{ $$ = mk_with(ps, true, $3, @$); }
	;

opt_with_clause:
	with_clause						{ $$ = $1; }
	| %empty						{ $$ = NULL; }
	;

cte_list:
	common_table_expr				{ $$ = LIST1($1); }
	| cte_list ',' common_table_expr	{ $$ = APPEND($1, $3); }
	;

common_table_expr:
	name opt_name_list AS opt_materialized '(' PreparableStmt ')'
		{ $$ = mk_cte(ps, $1, $2, $4, $6, @$); }
	;

opt_materialized:
	MATERIALIZED					{ $$ = SQL_CTE_MATERIALIZED; }
	| NOT MATERIALIZED				{ $$ = SQL_CTE_NOT_MATERIALIZED; }
	| %empty						{ $$ = SQL_CTE_MATERIALIZE_DEFAULT; }
	;

/* An empty list for DISTINCT, the expressions for DISTINCT ON. */
distinct_clause:
	DISTINCT						{ $$ = NEW(list, LIST, @$); }
	| DISTINCT ON '(' expr_list ')'	{ $$ = $4; }
	;

opt_all_clause:
	ALL
	| %empty
	;

set_quantifier:
	ALL								{ $$ = 1; }
	| DISTINCT						{ $$ = 0; }
	| %empty						{ $$ = 0; }
	;

opt_target_list:
	target_list						{ $$ = $1; }
	| %empty						{ $$ = NULL; }
	;

target_list:
	target_el						{ $$ = LIST1($1); }
	| target_list ',' target_el		{ $$ = APPEND($1, $3); }
	;

target_el:
	a_expr AS ColLabel				{ $$ = mk_target(ps, $1, $3, @$); }
	| a_expr BareColLabel			{ $$ = mk_target(ps, $1, $2, @$); }
	| a_expr						{ $$ = mk_target(ps, $1, NULL, @$); }
	| '*'							{ $$ = mk_star_target(ps, @$); }
	;

from_clause:
	FROM from_list					{ $$ = $2; }
	| %empty						{ $$ = NULL; }
	;

from_list:
	table_ref						{ $$ = LIST1($1); }
	| from_list ',' table_ref		{ $$ = APPEND($1, $3); }
	;

/*
 * Time travel comes between a table and its alias, as SQL:2011 places
 * FOR SYSTEM_TIME.  After its expression only AS name or a plain
 * identifier may alias the table: an unreserved keyword there could
 * continue the expression (AT TIME ZONE).
 */
table_ref:
	relation_expr opt_alias_clause
		{ $$ = &set_time_travel(ps, $1, NULL, $2, @$)->n; }
	| relation_expr time_travel tt_alias_clause
		{ $$ = &set_time_travel(ps, $1, $2, $3, @$)->n; }
	| func_table func_alias_clause
		{ $$ = mk_range_func(ps, false, $1, false, $2, @$); }
	| LATERAL func_table func_alias_clause
		{ $$ = mk_range_func(ps, true, $2, false, $3, @$); }
	| select_with_parens opt_alias_clause
		{ $$ = mk_range_subselect(ps, false, $1, $2, @$); }
	| LATERAL select_with_parens opt_alias_clause
		{ $$ = mk_range_subselect(ps, true, $2, $3, @$); }
	| joined_table					{ $$ = $1; }
	| '(' joined_table ')' alias_clause
		{
			sql_as_join($2)->alias = $4;
			$$ = $2;
		}
	;

time_travel:
	FOR_LA SYSTEM_TIME AS OF a_expr
		{ $$ = mk_time_travel(ps, SQL_TT_SYSTEM_AS_OF, $5, NULL, @$); }
	| FOR_LA SYSTEM_TIME BETWEEN b_expr AND a_expr
		{ $$ = mk_time_travel(ps, SQL_TT_SYSTEM_BETWEEN, $4, $6, @$); }
	| FOR_LA SYSTEM_TIME FROM a_expr TO a_expr
		{ $$ = mk_time_travel(ps, SQL_TT_SYSTEM_FROM_TO, $4, $6, @$); }
	| FOR_LA SYSTEM_TIME ALL
		{ $$ = mk_time_travel(ps, SQL_TT_SYSTEM_ALL, NULL, NULL, @$); }
	| AS_LA OF a_expr
		{ $$ = mk_time_travel(ps, SQL_TT_AS_OF, $3, NULL, @$); }
	;

tt_alias_clause:
	AS ColId '(' name_list ')'		{ $$ = mk_alias(ps, $2, $4, @$); }
	| AS ColId						{ $$ = mk_alias(ps, $2, NULL, @$); }
	| IDENT '(' name_list ')'		{ $$ = mk_alias(ps, $1, $3, @$); }
	| IDENT							{ $$ = mk_alias(ps, $1, NULL, @$); }
	| %empty						{ $$ = NULL; }
	;

alias_clause:
	AS ColId '(' name_list ')'		{ $$ = mk_alias(ps, $2, $4, @$); }
	| AS ColId						{ $$ = mk_alias(ps, $2, NULL, @$); }
	| ColId '(' name_list ')'		{ $$ = mk_alias(ps, $1, $3, @$); }
	| ColId							{ $$ = mk_alias(ps, $1, NULL, @$); }
	;

opt_alias_clause:
	alias_clause					{ $$ = $1; }
	| %empty						{ $$ = NULL; }
	;

func_alias_clause:
	alias_clause					{ $$ = $1; }
	| %empty						{ $$ = NULL; }
	;

func_table:
	func_expr_windowless opt_ordinality
		{ $$ = mk_range_func(ps, false, $1, $2, NULL, @$); }
	;

opt_ordinality:
	WITH_LA ORDINALITY				{ $$ = true; }
	| %empty						{ $$ = false; }
	;

joined_table:
	'(' joined_table ')'			{ $$ = $2; }
	| table_ref CROSS JOIN table_ref
		{ $$ = mk_join(ps, SQL_JOIN_CROSS, false, $1, $4, NULL, @$); }
	| table_ref join_type JOIN table_ref join_qual
		{ $$ = mk_join(ps, (sql_join_type)$2, false, $1, $4, $5, @$); }
	| table_ref JOIN table_ref join_qual
		{ $$ = mk_join(ps, SQL_JOIN_INNER, false, $1, $3, $4, @$); }
	| table_ref NATURAL join_type JOIN table_ref
		{ $$ = mk_join(ps, (sql_join_type)$3, true, $1, $5, NULL, @$); }
	| table_ref NATURAL JOIN table_ref
		{ $$ = mk_join(ps, SQL_JOIN_INNER, true, $1, $4, NULL, @$); }
	;

join_type:
	FULL opt_outer					{ $$ = SQL_JOIN_FULL; }
	| LEFT opt_outer				{ $$ = SQL_JOIN_LEFT; }
	| RIGHT opt_outer				{ $$ = SQL_JOIN_RIGHT; }
	| INNER							{ $$ = SQL_JOIN_INNER; }
	;

opt_outer:
	OUTER
	| %empty
	;

/* USING gives a list, ON an expression; mk_join tells them apart. */
join_qual:
	USING '(' name_list ')'			{ $$ = &$3->n; }
	| ON a_expr						{ $$ = $2; }
	;

relation_expr:
	qualified_name					{ $$ = mk_range_var(ps, $1, @$); }
	| qualified_name '*'			{ $$ = mk_range_var(ps, $1, @$); }
	| ONLY qualified_name
		{
			$$ = mk_range_var(ps, $2, @$);
			$$->only = true;
		}
	| ONLY '(' qualified_name ')'
		{
			$$ = mk_range_var(ps, $3, @$);
			$$->only = true;
		}
	;

relation_expr_list:
	relation_expr					{ $$ = LIST1($1); }
	| relation_expr_list ',' relation_expr	{ $$ = APPEND($1, $3); }
	;

/* SET's low precedence makes UPDATE t SET ... read SET as the keyword. */
relation_expr_opt_alias:
	relation_expr %prec UMINUS		{ $$ = $1; }
	| relation_expr ColId
		{
			$1->alias = mk_alias(ps, $2, NULL, @2);
			$$ = $1;
		}
	| relation_expr AS ColId
		{
			$1->alias = mk_alias(ps, $3, NULL, @3);
			$$ = $1;
		}
	;

where_clause:
	WHERE a_expr					{ $$ = $2; }
	| %empty						{ $$ = NULL; }
	;

group_clause:
	GROUP BY group_by_list			{ $$ = $3; }
	| %empty						{ $$ = NULL; }
	;

group_by_list:
	group_by_item					{ $$ = LIST1($1); }
	| group_by_list ',' group_by_item	{ $$ = APPEND($1, $3); }
	;

group_by_item:
	a_expr							{ $$ = $1; }
	;

having_clause:
	HAVING a_expr					{ $$ = $2; }
	| %empty						{ $$ = NULL; }
	;

window_clause:
	WINDOW window_definition_list	{ $$ = $2; }
	| %empty						{ $$ = NULL; }
	;

window_definition_list:
	window_definition				{ $$ = LIST1($1); }
	| window_definition_list ',' window_definition	{ $$ = APPEND($1, $3); }
	;

window_definition:
	ColId AS window_specification
		{
			$3->name = $1;
			$$ = &$3->n;
		}
	;

over_clause:
	OVER window_specification		{ $$ = $2; }
	| OVER ColId					{ $$ = mk_window(ps, $2, NULL, NULL, NULL, @$); }
	| %empty						{ $$ = NULL; }
	;

window_specification:
	'(' opt_existing_window_name opt_partition_clause opt_sort_clause opt_frame_clause ')'
		{ $$ = mk_window(ps, $2, $3, $4, $5, @$); }
	;

/* PARTITION, RANGE, ROWS and GROUPS after '(' are keywords, not a window name. */
opt_existing_window_name:
	ColId							{ $$ = $1; }
	| %empty %prec Op				{ $$ = NULL; }
	;

opt_partition_clause:
	PARTITION BY expr_list			{ $$ = $3; }
	| %empty						{ $$ = NULL; }
	;

opt_frame_clause:
	RANGE frame_extent opt_window_exclusion_clause
		{ $$ = mk_frame(ps, SQL_FRAME_RANGE, $2, $3); }
	| ROWS frame_extent opt_window_exclusion_clause
		{ $$ = mk_frame(ps, SQL_FRAME_ROWS, $2, $3); }
	| GROUPS frame_extent opt_window_exclusion_clause
		{ $$ = mk_frame(ps, SQL_FRAME_GROUPS, $2, $3); }
	| %empty						{ $$ = NULL; }
	;

frame_extent:
	frame_bound						{ $$ = $1; }
	| BETWEEN frame_bound AND frame_bound	{ $$ = mk_frame_between(ps, $2, $4); }
	;

frame_bound:
	UNBOUNDED PRECEDING				{ $$ = mk_frame_bound(ps, SQL_BOUND_UNBOUNDED_PRECEDING, NULL, @$); }
	| UNBOUNDED FOLLOWING			{ $$ = mk_frame_bound(ps, SQL_BOUND_UNBOUNDED_FOLLOWING, NULL, @$); }
	| CURRENT ROW					{ $$ = mk_frame_bound(ps, SQL_BOUND_CURRENT_ROW, NULL, @$); }
	| a_expr PRECEDING				{ $$ = mk_frame_bound(ps, SQL_BOUND_PRECEDING, $1, @$); }
	| a_expr FOLLOWING				{ $$ = mk_frame_bound(ps, SQL_BOUND_FOLLOWING, $1, @$); }
	;

opt_window_exclusion_clause:
	EXCLUDE CURRENT ROW				{ $$ = SQL_EXCLUDE_CURRENT_ROW; }
	| EXCLUDE GROUP					{ $$ = SQL_EXCLUDE_GROUP; }
	| EXCLUDE TIES					{ $$ = SQL_EXCLUDE_TIES; }
	| EXCLUDE NO OTHERS				{ $$ = SQL_EXCLUDE_NO_OTHERS; }
	| %empty						{ $$ = SQL_EXCLUDE_NO_OTHERS; }
	;

sort_clause:
	ORDER BY sortby_list			{ $$ = $3; }
	;

opt_sort_clause:
	sort_clause						{ $$ = $1; }
	| %empty						{ $$ = NULL; }
	;

sortby_list:
	sortby							{ $$ = LIST1($1); }
	| sortby_list ',' sortby		{ $$ = APPEND($1, $3); }
	;

sortby:
	a_expr USING qual_all_Op opt_nulls_order
		{ $$ = mk_sortby(ps, $1, SQL_SORT_USING, $4, $3, @$); }
	| a_expr opt_asc_desc opt_nulls_order
		{ $$ = mk_sortby(ps, $1, $2, $3, NULL, @$); }
	;

opt_asc_desc:
	ASC								{ $$ = SQL_SORT_ASC; }
	| DESC							{ $$ = SQL_SORT_DESC; }
	| %empty						{ $$ = SQL_SORT_DEFAULT; }
	;

opt_nulls_order:
	NULLS_LA FIRST					{ $$ = SQL_NULLS_FIRST; }
	| NULLS_LA LAST					{ $$ = SQL_NULLS_LAST; }
	| %empty						{ $$ = SQL_NULLS_DEFAULT; }
	;

select_limit:
	limit_clause offset_clause		{ $$ = merge_limit($1, $2); }
	| offset_clause limit_clause	{ $$ = merge_limit($2, $1); }
	| limit_clause					{ $$ = $1; }
	| offset_clause					{ $$ = $1; }
	;

opt_select_limit:
	select_limit					{ $$ = $1; }
	| %empty						{ $$ = NULL; }
	;

limit_clause:
	LIMIT select_limit_value
		{
			$$ = mk_limit(ps, $2 ? SQL_LIMIT_COUNT : SQL_LIMIT_ALL, $2, NULL, @2.start, -1);
		}
	| LIMIT select_limit_value ',' select_offset_value
		{
			gram_error(ps, @1.start, "42601", "LIMIT #,# syntax is not supported");
			snprintf(ps->err->hint, sizeof(ps->err->hint), "%s",
				"Use separate LIMIT and OFFSET clauses.");
			$$ = mk_limit(ps, SQL_LIMIT_COUNT, $2, $4, @2.start, @4.start);
		}
	| FETCH first_or_next select_fetch_first_value row_or_rows ONLY
		{ $$ = mk_limit(ps, SQL_LIMIT_COUNT, $3, NULL, @3.start, -1); }
	| FETCH first_or_next select_fetch_first_value row_or_rows WITH TIES
		{ $$ = mk_limit(ps, SQL_LIMIT_WITH_TIES, $3, NULL, @3.start, -1); }
	| FETCH first_or_next row_or_rows ONLY
		{
			$$ = mk_limit(ps, SQL_LIMIT_COUNT, &sql_const_int(A, 1, -1, -1)->n, NULL,
				@1.start, -1);
		}
	| FETCH first_or_next row_or_rows WITH TIES
		{
			$$ = mk_limit(ps, SQL_LIMIT_WITH_TIES, &sql_const_int(A, 1, -1, -1)->n, NULL,
				@1.start, -1);
		}
	;

offset_clause:
	OFFSET select_offset_value		{ $$ = mk_limit(ps, SQL_LIMIT_NONE, NULL, $2, -1, @2.start); }
	| OFFSET select_fetch_first_value row_or_rows
		{ $$ = mk_limit(ps, SQL_LIMIT_NONE, NULL, $2, -1, @2.start); }
	;

/* NULL for ALL. */
select_limit_value:
	a_expr							{ $$ = $1; }
	| ALL							{ $$ = NULL; }
	;

select_offset_value:
	a_expr							{ $$ = $1; }
	;

select_fetch_first_value:
	c_expr							{ $$ = $1; }
	| '+' I_or_F_const				{ $$ = $2; }
	| '-' I_or_F_const				{ $$ = mk_negate(ps, $2, @$, @1.start); }
	;

I_or_F_const:
	Iconst							{ $$ = &sql_const_int(A, $1, @1.start, @1.end)->n; }
	| FCONST						{ $$ = mk_numeric(ps, $1, @1); }
	;

row_or_rows:
	ROW
	| ROWS
	;

first_or_next:
	FIRST
	| NEXT
	;

for_locking_clause:
	for_locking_items				{ $$ = $1; }
	| FOR READ ONLY					{ $$ = NULL; }
	;

opt_for_locking_clause:
	for_locking_clause				{ $$ = $1; }
	| %empty						{ $$ = NULL; }
	;

for_locking_items:
	for_locking_item				{ $$ = LIST1($1); }
	| for_locking_items for_locking_item	{ $$ = APPEND($1, $2); }
	;

for_locking_item:
	for_locking_strength locked_rels_list opt_nowait_or_skip
		{ $$ = mk_locking(ps, (sql_lock_strength)$1, $2, $3, @$); }
	;

for_locking_strength:
	FOR UPDATE						{ $$ = SQL_LOCK_UPDATE; }
	| FOR NO KEY UPDATE				{ $$ = SQL_LOCK_NO_KEY_UPDATE; }
	| FOR SHARE						{ $$ = SQL_LOCK_SHARE; }
	| FOR KEY SHARE					{ $$ = SQL_LOCK_KEY_SHARE; }
	;

locked_rels_list:
	OF qualified_name_list			{ $$ = $2; }
	| %empty						{ $$ = NULL; }
	;

qualified_name_list:
	relation_expr					{ $$ = LIST1($1); }
	| qualified_name_list ',' relation_expr	{ $$ = APPEND($1, $3); }
	;

opt_nowait_or_skip:
	NOWAIT							{ $$ = SQL_LOCK_NOWAIT; }
	| SKIP LOCKED					{ $$ = SQL_LOCK_SKIP_LOCKED; }
	| %empty						{ $$ = SQL_LOCK_WAIT_BLOCK; }
	;

/* VALUES rows; DEFAULT is an item only here (for INSERT). */
values_clause:
	VALUES '(' values_item_list ')'	{ $$ = mk_values(ps, NULL, $3, @$); }
	| values_clause ',' '(' values_item_list ')'	{ $$ = mk_values(ps, $1, $4, @$); }
	;

values_item_list:
	values_item						{ $$ = LIST1($1); }
	| values_item_list ',' values_item	{ $$ = APPEND($1, $3); }
	;

values_item:
	a_expr							{ $$ = $1; }
	| DEFAULT						{ $$ = &NEW(default, DEFAULT, @$)->n; }
	;

/* ------------------------------------------------------------------- DML */

PreparableStmt:
	SelectStmt
	| InsertStmt
	| UpdateStmt
	| DeleteStmt
	;

InsertStmt:
	opt_with_clause INSERT INTO insert_target insert_rest opt_on_conflict returning_clause
		{ $$ = mk_insert(ps, $1, $4, $5, $6, $7, @$); }
	;

insert_target:
	qualified_name					{ $$ = mk_range_var(ps, $1, @$); }
	| qualified_name AS ColId
		{
			$$ = mk_range_var(ps, $1, @1);
			$$->alias = mk_alias(ps, $3, NULL, @3);
		}
	;

/* An SQL_INSERT with only columns, overriding and source set (or none). */
insert_rest:
	SelectStmt						{ $$ = mk_insert_rest(ps, NULL, 0, sql_as_select($1), @$); }
	| OVERRIDING override_kind VALUE SelectStmt
		{ $$ = mk_insert_rest(ps, NULL, $2, sql_as_select($4), @$); }
	| '(' insert_column_list ')' SelectStmt
		{ $$ = mk_insert_rest(ps, $2, 0, sql_as_select($4), @$); }
	| '(' insert_column_list ')' OVERRIDING override_kind VALUE SelectStmt
		{ $$ = mk_insert_rest(ps, $2, $5, sql_as_select($7), @$); }
	| DEFAULT VALUES				{ $$ = mk_insert_rest(ps, NULL, 0, NULL, @$); }
	;

override_kind:
	USER							{ $$ = SQL_OVERRIDING_USER_VALUE; }
	| SYSTEM						{ $$ = SQL_OVERRIDING_SYSTEM_VALUE; }
	;

insert_column_list:
	insert_column_item				{ $$ = LIST1($1); }
	| insert_column_list ',' insert_column_item	{ $$ = APPEND($1, $3); }
	;

insert_column_item:
	ColId opt_indirection			{ $$ = mk_assign_target(ps, $1, @1, $2, @$); }
	;

opt_on_conflict:
	ON CONFLICT opt_conf_expr DO UPDATE SET set_clause_list where_clause
		{ $$ = mk_on_conflict(ps, SQL_CONFLICT_UPDATE, $3, $7, $8, @$); }
	| ON CONFLICT opt_conf_expr DO NOTHING
		{ $$ = mk_on_conflict(ps, SQL_CONFLICT_NOTHING, $3, NULL, NULL, @$); }
	| %empty						{ $$ = NULL; }
	;

opt_conf_expr:
	'(' index_params ')' where_clause	{ $$ = mk_conflict_target(ps, $2, $4, NULL, @$); }
	| ON CONSTRAINT name			{ $$ = mk_conflict_target(ps, NULL, NULL, $3, @$); }
	| %empty						{ $$ = NULL; }
	;

returning_clause:
	RETURNING target_list			{ $$ = $2; }
	| %empty						{ $$ = NULL; }
	;

UpdateStmt:
	opt_with_clause UPDATE relation_expr_opt_alias SET set_clause_list from_clause where_clause
	returning_clause
		{
			sql_update *u = NEW(update, UPDATE, @$);

			u->with = $1;
			u->relation = $3;
			u->set = $5;
			u->from = $6;
			u->where = $7;
			u->returning = $8;
			$$ = &u->n;
		}
	;

set_clause_list:
	set_clause						{ $$ = LIST1($1); }
	| set_clause_list ',' set_clause	{ $$ = APPEND($1, $3); }
	;

set_clause:
	set_target '=' set_value		{ $$ = mk_assign(ps, LIST1($1), $3, @$); }
	| '(' set_target_list ')' '=' set_value	{ $$ = mk_assign(ps, $2, $5, @$); }
	;

set_value:
	a_expr							{ $$ = $1; }
	| DEFAULT						{ $$ = &NEW(default, DEFAULT, @$)->n; }
	;

set_target:
	ColId opt_indirection			{ $$ = mk_assign_target(ps, $1, @1, $2, @$); }
	;

set_target_list:
	set_target						{ $$ = LIST1($1); }
	| set_target_list ',' set_target	{ $$ = APPEND($1, $3); }
	;

DeleteStmt:
	opt_with_clause DELETE FROM relation_expr_opt_alias using_clause where_clause
	returning_clause
		{
			sql_delete *d = NEW(delete, DELETE, @$);

			d->with = $1;
			d->relation = $4;
			d->using_list = $5;
			d->where = $6;
			d->returning = $7;
			$$ = &d->n;
		}
	;

using_clause:
	USING from_list					{ $$ = $2; }
	| %empty						{ $$ = NULL; }
	;

TruncateStmt:
	TRUNCATE opt_table relation_expr_list opt_restart_seqs opt_drop_behavior
		{
			sql_truncate *t = NEW(truncate, TRUNCATE, @$);

			t->relations = $3;
			t->restart_identity = $4;
			t->behavior = (sql_drop_behavior)$5;
			$$ = &t->n;
		}
	;

opt_table:
	TABLE
	| %empty
	;

/* LOCK [TABLE] name [, ...] [IN lockmode MODE] [NOWAIT]; ACCESS EXCLUSIVE by default. */
LockStmt:
	LOCK opt_table relation_expr_list opt_lock opt_nowait
		{
			sql_lock *k = NEW(lock, LOCK, @$);

			k->relations = $3;
			k->mode = (sql_lock_mode)$4;
			k->nowait = $5;
			$$ = &k->n;
		}
	;

opt_lock:
	IN lock_type MODE				{ $$ = $2; }
	| %empty						{ $$ = SQL_LOCKMODE_ACCESS_EXCLUSIVE; }
	;

lock_type:
	ACCESS SHARE					{ $$ = SQL_LOCKMODE_ACCESS_SHARE; }
	| ROW SHARE						{ $$ = SQL_LOCKMODE_ROW_SHARE; }
	| ROW EXCLUSIVE					{ $$ = SQL_LOCKMODE_ROW_EXCLUSIVE; }
	| SHARE UPDATE EXCLUSIVE		{ $$ = SQL_LOCKMODE_SHARE_UPDATE_EXCLUSIVE; }
	| SHARE							{ $$ = SQL_LOCKMODE_SHARE; }
	| SHARE ROW EXCLUSIVE			{ $$ = SQL_LOCKMODE_SHARE_ROW_EXCLUSIVE; }
	| EXCLUSIVE						{ $$ = SQL_LOCKMODE_EXCLUSIVE; }
	| ACCESS EXCLUSIVE				{ $$ = SQL_LOCKMODE_ACCESS_EXCLUSIVE; }
	;

opt_nowait:
	NOWAIT							{ $$ = true; }
	| %empty						{ $$ = false; }
	;

opt_restart_seqs:
	CONTINUE IDENTITY				{ $$ = 0; }
	| RESTART IDENTITY				{ $$ = 1; }
	| %empty						{ $$ = 0; }
	;

opt_drop_behavior:
	CASCADE							{ $$ = SQL_DROP_CASCADE; }
	| RESTRICT						{ $$ = SQL_DROP_RESTRICT; }
	| %empty						{ $$ = SQL_DROP_RESTRICT; }
	;

/* ------------------------------------------------------------------- DDL */

CreateStmt:
	CREATE OptTemp TABLE qualified_name '(' OptTableElementList ')' OptWith
		{
			sql_create_table *c = NEW(create_table, CREATE_TABLE, @$);

			c->relation = mk_range_var(ps, $4, @4);
			c->persistence = (sql_persistence)$2;
			c->elements = $6;
			c->options = $8;
			$$ = &c->n;
		}
	| CREATE OptTemp TABLE IF NOT EXISTS qualified_name '(' OptTableElementList ')' OptWith
		{
			sql_create_table *c = NEW(create_table, CREATE_TABLE, @$);

			c->relation = mk_range_var(ps, $7, @7);
			c->persistence = (sql_persistence)$2;
			c->if_not_exists = true;
			c->elements = $9;
			c->options = $11;
			$$ = &c->n;
		}
	;

OptTemp:
	TEMPORARY						{ $$ = SQL_PERSISTENCE_TEMP; }
	| TEMP							{ $$ = SQL_PERSISTENCE_TEMP; }
	| LOCAL TEMPORARY				{ $$ = SQL_PERSISTENCE_TEMP; }
	| LOCAL TEMP					{ $$ = SQL_PERSISTENCE_TEMP; }
	| UNLOGGED						{ $$ = SQL_PERSISTENCE_UNLOGGED; }
	| %empty						{ $$ = SQL_PERSISTENCE_PERMANENT; }
	;

OptTableElementList:
	TableElementList				{ $$ = $1; }
	| %empty						{ $$ = NULL; }
	;

TableElementList:
	TableElement					{ $$ = LIST1($1); }
	| TableElementList ',' TableElement	{ $$ = APPEND($1, $3); }
	;

TableElement:
	columnDef						{ $$ = $1; }
	| TableConstraint				{ $$ = $1; }
	;

columnDef:
	ColId Typename ColQualList		{ $$ = mk_column_def(ps, $1, $2, $3, @$); }
	;

/*
 * Constraints, attribute markers (DEFERRABLE ...) and COLLATE in any
 * order; mk_column_def sorts them out.
 */
ColQualList:
	ColQualList ColConstraint		{ $$ = APPEND($1, $2); }
	| %empty						{ $$ = NULL; }
	;

ColConstraint:
	CONSTRAINT name ColConstraintElem	{ $$ = name_constraint(ps, $2, $3, @$); }
	| ColConstraintElem				{ $$ = $1; }
	| ConstraintAttr				{ $$ = $1; }
	| COLLATE any_name
		{
			sql_collate *c = NEW(collate, COLLATE, @$);

			c->collation = $2;
			$$ = &c->n;
		}
	;

/* DEFAULT takes a b_expr: NOT NULL after it must not read as part of it. */
ColConstraintElem:
	NOT NULL_P						{ $$ = mk_constraint(ps, SQL_CONSTR_NOT_NULL, NULL, NULL, @$); }
	| NULL_P						{ $$ = mk_constraint(ps, SQL_CONSTR_NULL, NULL, NULL, @$); }
	| UNIQUE opt_unique_null_treatment
		{
			$$ = mk_constraint(ps, SQL_CONSTR_UNIQUE, NULL, NULL, @$);
			sql_as_constraint($$)->nulls_not_distinct = $2;
		}
	| PRIMARY KEY					{ $$ = mk_constraint(ps, SQL_CONSTR_PRIMARY_KEY, NULL, NULL, @$); }
	| CHECK '(' a_expr ')' opt_no_inherit
		{
			$$ = mk_constraint(ps, SQL_CONSTR_CHECK, $3, NULL, @$);
			sql_as_constraint($$)->no_inherit = $5;
		}
	| DEFAULT b_expr				{ $$ = mk_constraint(ps, SQL_CONSTR_DEFAULT, $2, NULL, @$); }
	| GENERATED generated_when AS IDENTITY OptParenthesizedSeqOptList
		{ $$ = mk_identity(ps, $2, $5, @$); }
	| GENERATED generated_when AS '(' a_expr ')' STORED
		{
			if ($2 != SQL_IDENTITY_ALWAYS)
				gram_error(ps, @2.start, "42601",
					"for a generated column, GENERATED ALWAYS must be specified");
			$$ = mk_constraint(ps, SQL_CONSTR_GENERATED, $5, NULL, @$);
		}
	| REFERENCES qualified_name opt_column_list key_match key_actions
		{ $$ = mk_fkey(ps, NULL, mk_range_var(ps, $2, @2), $3, $4, $5, @$); }
	;

generated_when:
	ALWAYS							{ $$ = SQL_IDENTITY_ALWAYS; }
	| BY DEFAULT					{ $$ = SQL_IDENTITY_BY_DEFAULT; }
	;

ConstraintAttr:
	DEFERRABLE						{ $$ = mk_attr_marker(ps, "deferrable", @$); }
	| NOT DEFERRABLE				{ $$ = mk_attr_marker(ps, "not deferrable", @$); }
	| INITIALLY DEFERRED			{ $$ = mk_attr_marker(ps, "initially deferred", @$); }
	| INITIALLY IMMEDIATE			{ $$ = mk_attr_marker(ps, "initially immediate", @$); }
	;

TableConstraint:
	CONSTRAINT name ConstraintElem	{ $$ = name_constraint(ps, $2, $3, @$); }
	| ConstraintElem				{ $$ = $1; }
	;

ConstraintElem:
	CHECK '(' a_expr ')' ConstraintAttributeSpec
		{
			$$ = constraint_attrs(ps, mk_constraint(ps, SQL_CONSTR_CHECK, $3, NULL, @$), $5,
				@5);
		}
	| UNIQUE opt_unique_null_treatment '(' columnList ')' opt_include ConstraintAttributeSpec
		{
			$$ = mk_constraint(ps, SQL_CONSTR_UNIQUE, NULL, $4, @$);
			sql_as_constraint($$)->nulls_not_distinct = $2;
			sql_as_constraint($$)->include = $6;
			$$ = constraint_attrs(ps, $$, $7, @7);
		}
	| PRIMARY KEY '(' columnList ')' opt_include ConstraintAttributeSpec
		{
			$$ = mk_constraint(ps, SQL_CONSTR_PRIMARY_KEY, NULL, $4, @$);
			sql_as_constraint($$)->include = $6;
			$$ = constraint_attrs(ps, $$, $7, @7);
		}
	| FOREIGN KEY '(' columnList ')' REFERENCES qualified_name opt_column_list key_match
	key_actions ConstraintAttributeSpec
		{
			$$ = mk_fkey(ps, $4, mk_range_var(ps, $7, @7), $8, $9, $10, @$);
			$$ = constraint_attrs(ps, $$, $11, @11);
		}
	;

opt_unique_null_treatment:
	NULLS DISTINCT					{ $$ = 0; }
	| NULLS NOT DISTINCT			{ $$ = 1; }
	| %empty						{ $$ = 0; }
	;

opt_no_inherit:
	NO INHERIT						{ $$ = 1; }
	| %empty						{ $$ = 0; }
	;

/* Bits: 1 DEFERRABLE, 2 NOT DEFERRABLE, 4 INITIALLY DEFERRED, 8 INITIALLY IMMEDIATE, 16 NOT VALID, 32 NO INHERIT. */
ConstraintAttributeSpec:
	%empty							{ $$ = 0; }
	| ConstraintAttributeSpec ConstraintAttributeElem	{ $$ = merge_attrs(ps, $1, $2, @2); }
	;

ConstraintAttributeElem:
	NOT DEFERRABLE					{ $$ = 2; }
	| DEFERRABLE					{ $$ = 1; }
	| INITIALLY IMMEDIATE			{ $$ = 8; }
	| INITIALLY DEFERRED			{ $$ = 4; }
	| NOT VALID						{ $$ = 16; }
	| NO INHERIT					{ $$ = 32; }
	;

opt_include:
	INCLUDE '(' columnList ')'		{ $$ = $3; }
	| %empty						{ $$ = NULL; }
	;

key_match:
	MATCH FULL						{ $$ = SQL_MATCH_FULL; }
	| MATCH PARTIAL					{ $$ = SQL_MATCH_PARTIAL; }
	| MATCH SIMPLE					{ $$ = SQL_MATCH_SIMPLE; }
	| %empty						{ $$ = SQL_MATCH_SIMPLE; }
	;

key_actions:
	key_update						{ $$ = mk_fkact(ps, SQL_FK_NO_ACTION, $1); }
	| key_delete					{ $$ = mk_fkact(ps, $1, SQL_FK_NO_ACTION); }
	| key_update key_delete			{ $$ = mk_fkact(ps, $2, $1); }
	| key_delete key_update			{ $$ = mk_fkact(ps, $1, $2); }
	| %empty						{ $$ = mk_fkact(ps, SQL_FK_NO_ACTION, SQL_FK_NO_ACTION); }
	;

key_update:
	ON UPDATE key_action			{ $$ = $3; }
	;

key_delete:
	ON DELETE key_action			{ $$ = $3; }
	;

key_action:
	NO ACTION						{ $$ = SQL_FK_NO_ACTION; }
	| RESTRICT						{ $$ = SQL_FK_RESTRICT; }
	| CASCADE						{ $$ = SQL_FK_CASCADE; }
	| SET NULL_P					{ $$ = SQL_FK_SET_NULL; }
	| SET DEFAULT					{ $$ = SQL_FK_SET_DEFAULT; }
	;

OptWith:
	WITH reloptions					{ $$ = $2; }
	| WITHOUT OIDS					{ $$ = NULL; }
	| %empty						{ $$ = NULL; }
	;

reloptions:
	'(' reloption_list ')'			{ $$ = $2; }
	;

opt_reloptions:
	WITH reloptions					{ $$ = $2; }
	| %empty						{ $$ = NULL; }
	;

reloption_list:
	reloption_elem					{ $$ = LIST1($1); }
	| reloption_list ',' reloption_elem	{ $$ = APPEND($1, $3); }
	;

reloption_elem:
	ColLabel '=' def_arg			{ $$ = mk_defelem(ps, $1, $3, @$); }
	| ColLabel						{ $$ = mk_defelem(ps, $1, NULL, @$); }
	;

def_arg:
	NumericOnly						{ $$ = $1; }
	| Sconst						{ $$ = mk_string(ps, $1, @1); }
	| ColLabel						{ $$ = mk_string(ps, $1, @1); }
	;

CreateAsStmt:
	CREATE OptTemp TABLE qualified_name opt_column_list OptWith AS SelectStmt opt_with_data
		{
			sql_create_table_as *c = NEW(create_table_as, CREATE_TABLE_AS, @$);

			c->relation = mk_range_var(ps, $4, @4);
			c->persistence = (sql_persistence)$2;
			c->columns = $5;
			c->options = $6;
			c->query = $8;
			c->with_no_data = $9;
			$$ = &c->n;
		}
	| CREATE OptTemp TABLE IF NOT EXISTS qualified_name opt_column_list OptWith AS SelectStmt
	opt_with_data
		{
			sql_create_table_as *c = NEW(create_table_as, CREATE_TABLE_AS, @$);

			c->relation = mk_range_var(ps, $7, @7);
			c->persistence = (sql_persistence)$2;
			c->if_not_exists = true;
			c->columns = $8;
			c->options = $9;
			c->query = $11;
			c->with_no_data = $12;
			$$ = &c->n;
		}
	;

opt_with_data:
	WITH DATA						{ $$ = 0; }
	| WITH NO DATA					{ $$ = 1; }
	| %empty						{ $$ = 0; }
	;

DropStmt:
	DROP drop_type_any_name IF EXISTS any_name_list opt_drop_behavior
		{ $$ = mk_drop(ps, (sql_object_type)$2, $5, true, false, $6, @$); }
	| DROP drop_type_any_name any_name_list opt_drop_behavior
		{ $$ = mk_drop(ps, (sql_object_type)$2, $3, false, false, $4, @$); }
	| DROP INDEX CONCURRENTLY any_name_list opt_drop_behavior
		{ $$ = mk_drop(ps, SQL_OBJECT_INDEX, $4, false, true, $5, @$); }
	| DROP INDEX CONCURRENTLY IF EXISTS any_name_list opt_drop_behavior
		{ $$ = mk_drop(ps, SQL_OBJECT_INDEX, $6, true, true, $7, @$); }
	;

/*
 * COMMENT ON: tables, views, sequences, indexes, columns (of tables and
 * views) and schemas, as PostgreSQL spells them.
 */
CommentStmt:
	COMMENT ON comment_type_any_name any_name IS comment_text
		{ $$ = mk_comment(ps, $3, $4, $6, @$); }
	| COMMENT ON COLUMN any_name IS comment_text
		{ $$ = mk_comment(ps, SQL_COMMENT_COLUMN, $4, $6, @$); }
	| COMMENT ON SCHEMA name IS comment_text
		{ $$ = mk_comment(ps, SQL_COMMENT_SCHEMA, LIST1(STR($4, @4)), $6, @$); }
	;

comment_type_any_name:
	TABLE							{ $$ = SQL_COMMENT_TABLE; }
	| VIEW							{ $$ = SQL_COMMENT_VIEW; }
	| SEQUENCE						{ $$ = SQL_COMMENT_SEQUENCE; }
	| INDEX							{ $$ = SQL_COMMENT_INDEX; }
	;

comment_text:
	Sconst							{ $$ = $1; }
	| NULL_P						{ $$ = NULL; }
	;

drop_type_any_name:
	TABLE							{ $$ = SQL_OBJECT_TABLE; }
	| SEQUENCE						{ $$ = SQL_OBJECT_SEQUENCE; }
	| VIEW							{ $$ = SQL_OBJECT_VIEW; }
	| INDEX							{ $$ = SQL_OBJECT_INDEX; }
	| SCHEMA						{ $$ = SQL_OBJECT_SCHEMA; }
	;

AlterTableStmt:
	ALTER TABLE relation_expr alter_table_cmds
		{ $$ = mk_alter_table(ps, $3, false, $4, @$); }
	| ALTER TABLE IF EXISTS relation_expr alter_table_cmds
		{ $$ = mk_alter_table(ps, $5, true, $6, @$); }
	| ALTER TABLE relation_expr RENAME opt_column ColId TO ColId
		{
			sql_node *c = mk_alter_cmd(ps, SQL_AT_RENAME_COLUMN, $6, $8, NULL, NULL, false, 0,
				@4);

			$$ = mk_alter_table(ps, $3, false, LIST1(c), @$);
		}
	| ALTER TABLE IF EXISTS relation_expr RENAME opt_column ColId TO ColId
		{
			sql_node *c = mk_alter_cmd(ps, SQL_AT_RENAME_COLUMN, $8, $10, NULL, NULL, false, 0,
				@6);

			$$ = mk_alter_table(ps, $5, true, LIST1(c), @$);
		}
	| ALTER TABLE relation_expr RENAME TO ColId
		{
			sql_node *c = mk_alter_cmd(ps, SQL_AT_RENAME_TABLE, NULL, $6, NULL, NULL, false, 0,
				@4);

			$$ = mk_alter_table(ps, $3, false, LIST1(c), @$);
		}
	| ALTER TABLE IF EXISTS relation_expr RENAME TO ColId
		{
			sql_node *c = mk_alter_cmd(ps, SQL_AT_RENAME_TABLE, NULL, $8, NULL, NULL, false, 0,
				@6);

			$$ = mk_alter_table(ps, $5, true, LIST1(c), @$);
		}
	| ALTER TABLE relation_expr RENAME CONSTRAINT name TO name
		{
			sql_node *c = mk_alter_cmd(ps, SQL_AT_RENAME_CONSTRAINT, $6, $8, NULL, NULL, false,
				0, @4);

			$$ = mk_alter_table(ps, $3, false, LIST1(c), @$);
		}
	| ALTER TABLE IF EXISTS relation_expr RENAME CONSTRAINT name TO name
		{
			sql_node *c = mk_alter_cmd(ps, SQL_AT_RENAME_CONSTRAINT, $8, $10, NULL, NULL, false,
				0, @6);

			$$ = mk_alter_table(ps, $5, true, LIST1(c), @$);
		}
	;

alter_table_cmds:
	alter_table_cmd					{ $$ = LIST1($1); }
	| alter_table_cmds ',' alter_table_cmd	{ $$ = APPEND($1, $3); }
	;

alter_table_cmd:
	ADD columnDef
		{ $$ = mk_alter_cmd(ps, SQL_AT_ADD_COLUMN, NULL, NULL, $2, NULL, false, 0, @$); }
	| ADD IF NOT EXISTS columnDef
		{ $$ = mk_alter_cmd(ps, SQL_AT_ADD_COLUMN, NULL, NULL, $5, NULL, true, 0, @$); }
	| ADD COLUMN columnDef
		{ $$ = mk_alter_cmd(ps, SQL_AT_ADD_COLUMN, NULL, NULL, $3, NULL, false, 0, @$); }
	| ADD COLUMN IF NOT EXISTS columnDef
		{ $$ = mk_alter_cmd(ps, SQL_AT_ADD_COLUMN, NULL, NULL, $6, NULL, true, 0, @$); }
	| ALTER opt_column ColId alter_column_default
		{
			sql_alter_cmd_type t = $4 ? SQL_AT_SET_DEFAULT : SQL_AT_DROP_DEFAULT;

			$$ = mk_alter_cmd(ps, t, $3, NULL, NULL, $4, false, 0, @$);
		}
	| ALTER opt_column ColId DROP NOT NULL_P
		{ $$ = mk_alter_cmd(ps, SQL_AT_DROP_NOT_NULL, $3, NULL, NULL, NULL, false, 0, @$); }
	| ALTER opt_column ColId SET NOT NULL_P
		{ $$ = mk_alter_cmd(ps, SQL_AT_SET_NOT_NULL, $3, NULL, NULL, NULL, false, 0, @$); }
	| ALTER opt_column ColId opt_set_data TYPE Typename opt_collate alter_using
		{
			$$ = mk_alter_cmd(ps, SQL_AT_ALTER_TYPE, $3, NULL, &$6->n, $8, false, 0, @$);
			(void)$7;
		}
	| DROP opt_column IF EXISTS ColId opt_drop_behavior
		{ $$ = mk_alter_cmd(ps, SQL_AT_DROP_COLUMN, $5, NULL, NULL, NULL, true, $6, @$); }
	| DROP opt_column ColId opt_drop_behavior
		{ $$ = mk_alter_cmd(ps, SQL_AT_DROP_COLUMN, $3, NULL, NULL, NULL, false, $4, @$); }
	| ADD TableConstraint
		{ $$ = mk_alter_cmd(ps, SQL_AT_ADD_CONSTRAINT, NULL, NULL, $2, NULL, false, 0, @$); }
	| DROP CONSTRAINT IF EXISTS name opt_drop_behavior
		{ $$ = mk_alter_cmd(ps, SQL_AT_DROP_CONSTRAINT, $5, NULL, NULL, NULL, true, $6, @$); }
	| DROP CONSTRAINT name opt_drop_behavior
		{ $$ = mk_alter_cmd(ps, SQL_AT_DROP_CONSTRAINT, $3, NULL, NULL, NULL, false, $4, @$); }
	;

/* The default expression, NULL for DROP DEFAULT. */
alter_column_default:
	SET DEFAULT a_expr				{ $$ = $3; }
	| DROP DEFAULT					{ $$ = NULL; }
	;

opt_column:
	COLUMN
	| %empty
	;

opt_set_data:
	SET DATA
	| %empty
	;

alter_using:
	USING a_expr					{ $$ = $2; }
	| %empty						{ $$ = NULL; }
	;

IndexStmt:
	CREATE opt_unique INDEX opt_concurrently opt_single_name ON relation_expr
	access_method_clause '(' index_params ')' opt_include opt_unique_null_treatment
	opt_reloptions where_clause
		{
			sql_create_index *c = NEW(create_index, CREATE_INDEX, @$);

			c->unique = $2;
			c->concurrently = $4;
			c->name = $5;
			c->relation = $7;
			c->method = $8;
			c->params = $10;
			c->include = $12;
			c->nulls_not_distinct = $13;
			c->options = $14;
			c->where = $15;
			$$ = &c->n;
		}
	| CREATE opt_unique INDEX opt_concurrently IF NOT EXISTS name ON relation_expr
	access_method_clause '(' index_params ')' opt_include opt_unique_null_treatment
	opt_reloptions where_clause
		{
			sql_create_index *c = NEW(create_index, CREATE_INDEX, @$);

			c->unique = $2;
			c->concurrently = $4;
			c->if_not_exists = true;
			c->name = $8;
			c->relation = $10;
			c->method = $11;
			c->params = $13;
			c->include = $15;
			c->nulls_not_distinct = $16;
			c->options = $17;
			c->where = $18;
			$$ = &c->n;
		}
	;

opt_unique:
	UNIQUE							{ $$ = true; }
	| %empty						{ $$ = false; }
	;

opt_concurrently:
	CONCURRENTLY					{ $$ = true; }
	| %empty						{ $$ = false; }
	;

opt_single_name:
	name							{ $$ = $1; }
	| %empty						{ $$ = NULL; }
	;

access_method_clause:
	USING name						{ $$ = $2; }
	| %empty						{ $$ = NULL; }
	;

index_params:
	index_elem						{ $$ = LIST1($1); }
	| index_params ',' index_elem	{ $$ = APPEND($1, $3); }
	;

index_elem:
	ColId opt_collate opt_class opt_asc_desc opt_nulls_order
		{ $$ = mk_index_elem(ps, $1, NULL, $2, $3, $4, $5, @$); }
	| func_expr_windowless opt_collate opt_class opt_asc_desc opt_nulls_order
		{ $$ = mk_index_elem(ps, NULL, $1, $2, $3, $4, $5, @$); }
	| '(' a_expr ')' opt_collate opt_class opt_asc_desc opt_nulls_order
		{ $$ = mk_index_elem(ps, NULL, $2, $4, $5, $6, $7, @$); }
	;

opt_collate:
	COLLATE any_name				{ $$ = $2; }
	| %empty						{ $$ = NULL; }
	;

opt_class:
	any_name						{ $$ = $1; }
	| %empty						{ $$ = NULL; }
	;

CreateSeqStmt:
	CREATE OptTemp SEQUENCE qualified_name OptSeqOptList
		{
			sql_create_sequence *c = NEW(create_sequence, CREATE_SEQUENCE, @$);

			c->sequence = mk_range_var(ps, $4, @4);
			c->persistence = (sql_persistence)$2;
			c->options = $5;
			$$ = &c->n;
		}
	| CREATE OptTemp SEQUENCE IF NOT EXISTS qualified_name OptSeqOptList
		{
			sql_create_sequence *c = NEW(create_sequence, CREATE_SEQUENCE, @$);

			c->sequence = mk_range_var(ps, $7, @7);
			c->persistence = (sql_persistence)$2;
			c->if_not_exists = true;
			c->options = $8;
			$$ = &c->n;
		}
	;

AlterSeqStmt:
	ALTER SEQUENCE qualified_name SeqOptList
		{
			sql_alter_sequence *s = NEW(alter_sequence, ALTER_SEQUENCE, @$);

			s->sequence = mk_range_var(ps, $3, @3);
			s->options = $4;
			$$ = &s->n;
		}
	| ALTER SEQUENCE IF EXISTS qualified_name SeqOptList
		{
			sql_alter_sequence *s = NEW(alter_sequence, ALTER_SEQUENCE, @$);

			s->sequence = mk_range_var(ps, $5, @5);
			s->missing_ok = true;
			s->options = $6;
			$$ = &s->n;
		}
	;

OptSeqOptList:
	SeqOptList						{ $$ = $1; }
	| %empty						{ $$ = NULL; }
	;

OptParenthesizedSeqOptList:
	'(' SeqOptList ')'				{ $$ = $2; }
	| %empty						{ $$ = NULL; }
	;

SeqOptList:
	SeqOptElem						{ $$ = LIST1($1); }
	| SeqOptList SeqOptElem			{ $$ = APPEND($1, $2); }
	;

SeqOptElem:
	AS SimpleTypename				{ $$ = mk_defelem(ps, "as", &$2->n, @$); }
	| CACHE NumericOnly				{ $$ = mk_defelem(ps, "cache", $2, @$); }
	| CYCLE							{ $$ = mk_defelem(ps, "cycle", mk_bool_const(ps, true, @$), @$); }
	| NO CYCLE						{ $$ = mk_defelem(ps, "cycle", mk_bool_const(ps, false, @$), @$); }
	| INCREMENT opt_by NumericOnly	{ $$ = mk_defelem(ps, "increment", $3, @$); }
	| MAXVALUE NumericOnly			{ $$ = mk_defelem(ps, "maxvalue", $2, @$); }
	| MINVALUE NumericOnly			{ $$ = mk_defelem(ps, "minvalue", $2, @$); }
	| NO MAXVALUE					{ $$ = mk_defelem(ps, "maxvalue", NULL, @$); }
	| NO MINVALUE					{ $$ = mk_defelem(ps, "minvalue", NULL, @$); }
	| OWNED BY any_name				{ $$ = mk_defelem(ps, "owned_by", &$3->n, @$); }
	| START opt_with NumericOnly	{ $$ = mk_defelem(ps, "start", $3, @$); }
	| RESTART						{ $$ = mk_defelem(ps, "restart", NULL, @$); }
	| RESTART opt_with NumericOnly	{ $$ = mk_defelem(ps, "restart", $3, @$); }
	;

opt_by:
	BY
	| %empty
	;

opt_with:
	WITH
	| %empty
	;

ViewStmt:
	CREATE OptTemp VIEW qualified_name opt_column_list opt_reloptions AS SelectStmt
	opt_check_option
		{
			sql_create_view *v = NEW(create_view, CREATE_VIEW, @$);

			v->view = mk_range_var(ps, $4, @4);
			v->persistence = (sql_persistence)$2;
			v->columns = $5;
			v->options = $6;
			v->query = $8;
			v->check_option = (sql_view_check)$9;
			$$ = &v->n;
		}
	| CREATE OR REPLACE OptTemp VIEW qualified_name opt_column_list opt_reloptions AS
	SelectStmt opt_check_option
		{
			sql_create_view *v = NEW(create_view, CREATE_VIEW, @$);

			v->or_replace = true;
			v->view = mk_range_var(ps, $6, @6);
			v->persistence = (sql_persistence)$4;
			v->columns = $7;
			v->options = $8;
			v->query = $10;
			v->check_option = (sql_view_check)$11;
			$$ = &v->n;
		}
	;

opt_check_option:
	WITH CHECK OPTION				{ $$ = SQL_VIEW_CHECK_CASCADED; }
	| WITH CASCADED CHECK OPTION	{ $$ = SQL_VIEW_CHECK_CASCADED; }
	| WITH LOCAL CHECK OPTION		{ $$ = SQL_VIEW_CHECK_LOCAL; }
	| %empty						{ $$ = SQL_VIEW_CHECK_NONE; }
	;

CreateSchemaStmt:
	CREATE SCHEMA ColId
		{
			sql_create_schema *s = NEW(create_schema, CREATE_SCHEMA, @$);

			s->name = $3;
			$$ = &s->n;
		}
	| CREATE SCHEMA ColId AUTHORIZATION NonReservedWord
		{
			sql_create_schema *s = NEW(create_schema, CREATE_SCHEMA, @$);

			s->name = $3;
			s->authrole = $5;
			$$ = &s->n;
		}
	| CREATE SCHEMA IF NOT EXISTS ColId
		{
			sql_create_schema *s = NEW(create_schema, CREATE_SCHEMA, @$);

			s->name = $6;
			s->if_not_exists = true;
			$$ = &s->n;
		}
	;

/* --------------------------------------------------------------- utility */

TransactionStmt:
	ABORT opt_transaction opt_transaction_chain
		{ $$ = mk_transaction(ps, SQL_TRANS_ROLLBACK, NULL, NULL, $3, @$); }
	| BEGIN opt_transaction transaction_mode_list_or_empty
		{ $$ = mk_transaction(ps, SQL_TRANS_BEGIN, $3, NULL, false, @$); }
	| START TRANSACTION transaction_mode_list_or_empty
		{ $$ = mk_transaction(ps, SQL_TRANS_BEGIN, $3, NULL, false, @$); }
	| COMMIT opt_transaction opt_transaction_chain
		{ $$ = mk_transaction(ps, SQL_TRANS_COMMIT, NULL, NULL, $3, @$); }
	| END opt_transaction opt_transaction_chain
		{ $$ = mk_transaction(ps, SQL_TRANS_COMMIT, NULL, NULL, $3, @$); }
	| ROLLBACK opt_transaction opt_transaction_chain
		{ $$ = mk_transaction(ps, SQL_TRANS_ROLLBACK, NULL, NULL, $3, @$); }
	| SAVEPOINT ColId
		{ $$ = mk_transaction(ps, SQL_TRANS_SAVEPOINT, NULL, $2, false, @$); }
	| RELEASE SAVEPOINT ColId
		{ $$ = mk_transaction(ps, SQL_TRANS_RELEASE, NULL, $3, false, @$); }
	| RELEASE ColId
		{ $$ = mk_transaction(ps, SQL_TRANS_RELEASE, NULL, $2, false, @$); }
	| ROLLBACK opt_transaction TO SAVEPOINT ColId
		{ $$ = mk_transaction(ps, SQL_TRANS_ROLLBACK_TO, NULL, $5, false, @$); }
	| ROLLBACK opt_transaction TO ColId
		{ $$ = mk_transaction(ps, SQL_TRANS_ROLLBACK_TO, NULL, $4, false, @$); }
	;

opt_transaction:
	WORK
	| TRANSACTION
	| %empty
	;

opt_transaction_chain:
	AND CHAIN						{ $$ = true; }
	| AND NO CHAIN					{ $$ = false; }
	| %empty						{ $$ = false; }
	;

transaction_mode_list_or_empty:
	transaction_mode_list			{ $$ = $1; }
	| %empty						{ $$ = NULL; }
	;

transaction_mode_list:
	transaction_mode_item			{ $$ = LIST1($1); }
	| transaction_mode_list ',' transaction_mode_item	{ $$ = APPEND($1, $3); }
	| transaction_mode_list transaction_mode_item	{ $$ = APPEND($1, $2); }
	;

transaction_mode_item:
	ISOLATION LEVEL iso_level
		{ $$ = mk_defelem(ps, "transaction_isolation", mk_string(ps, $3, @3), @$); }
	| READ ONLY
		{ $$ = mk_defelem(ps, "transaction_read_only", mk_bool_const(ps, true, @$), @$); }
	| READ WRITE
		{ $$ = mk_defelem(ps, "transaction_read_only", mk_bool_const(ps, false, @$), @$); }
	| DEFERRABLE
		{ $$ = mk_defelem(ps, "transaction_deferrable", mk_bool_const(ps, true, @$), @$); }
	| NOT DEFERRABLE
		{ $$ = mk_defelem(ps, "transaction_deferrable", mk_bool_const(ps, false, @$), @$); }
	;

iso_level:
	READ UNCOMMITTED				{ $$ = DUP("read uncommitted"); }
	| READ COMMITTED				{ $$ = DUP("read committed"); }
	| REPEATABLE READ				{ $$ = DUP("repeatable read"); }
	| SERIALIZABLE					{ $$ = DUP("serializable"); }
	;

VariableSetStmt:
	SET set_rest					{ $$ = set_local($2, false, @$); }
	| SET LOCAL set_rest			{ $$ = set_local($3, true, @$); }
	| SET SESSION set_rest			{ $$ = set_local($3, false, @$); }
	;

set_rest:
	TRANSACTION transaction_mode_list
		{ $$ = mk_set(ps, SQL_SET_MULTI, "transaction", $2, @$); }
	| SESSION CHARACTERISTICS AS TRANSACTION transaction_mode_list
		{ $$ = mk_set(ps, SQL_SET_MULTI, "session characteristics", $5, @$); }
	| set_rest_more					{ $$ = $1; }
	;

set_rest_more:
	generic_set						{ $$ = $1; }
	| var_name FROM CURRENT			{ $$ = mk_set(ps, SQL_SET_CURRENT, $1, NULL, @$); }
	| TIME ZONE zone_value
		{
			if ($3 == NULL)
				$$ = mk_set(ps, SQL_SET_DEFAULT, "timezone", NULL, @$);
			else
				$$ = mk_set(ps, SQL_SET_VALUE, "timezone", LIST1($3), @$);
		}
	| SCHEMA Sconst
		{ $$ = mk_set(ps, SQL_SET_VALUE, "search_path", LIST1(mk_string(ps, $2, @2)), @$); }
	| NAMES opt_encoding
		{
			if ($2 == NULL)
				$$ = mk_set(ps, SQL_SET_DEFAULT, "client_encoding", NULL, @$);
			else
				$$ = mk_set(ps, SQL_SET_VALUE, "client_encoding",
					LIST1(mk_string(ps, $2, @2)), @$);
		}
	;

generic_set:
	var_name TO var_list			{ $$ = mk_set(ps, SQL_SET_VALUE, $1, $3, @$); }
	| var_name '=' var_list			{ $$ = mk_set(ps, SQL_SET_VALUE, $1, $3, @$); }
	| var_name TO DEFAULT			{ $$ = mk_set(ps, SQL_SET_DEFAULT, $1, NULL, @$); }
	| var_name '=' DEFAULT			{ $$ = mk_set(ps, SQL_SET_DEFAULT, $1, NULL, @$); }
	;

var_name:
	ColId							{ $$ = $1; }
	| var_name '.' ColId
		{
			size_t a = strlen($1), b = strlen($3);

			$$ = sql_arena_alloc(A, a + b + 2);
			memcpy($$, $1, a);
			$$[a] = '.';
			memcpy($$ + a + 1, $3, b + 1);
		}
	;

var_list:
	var_value						{ $$ = LIST1($1); }
	| var_list ',' var_value		{ $$ = APPEND($1, $3); }
	;

var_value:
	opt_boolean_or_string			{ $$ = $1; }
	| NumericOnly					{ $$ = $1; }
	;

opt_boolean_or_string:
	TRUE_P							{ $$ = mk_string(ps, "true", @$); }
	| FALSE_P						{ $$ = mk_string(ps, "false", @$); }
	| ON							{ $$ = mk_string(ps, "on", @$); }
	| NonReservedWord_or_Sconst		{ $$ = mk_string(ps, $1, @$); }
	;

/* NULL for DEFAULT and LOCAL. */
zone_value:
	Sconst							{ $$ = mk_string(ps, $1, @$); }
	| IDENT							{ $$ = mk_string(ps, $1, @$); }
	| ConstInterval Sconst opt_interval
		{
			sql_typename *t = $1;

			if ($3 != NULL)
				t = mk_interval_type(ps, (int)sql_as_const(sql_list_nth($3, 0))->ival,
					$3, -1, @$);
			$$ = mk_cast(ps, mk_string(ps, $2, @2), t, SQL_CAST_LITERAL, @$, @1.start);
		}
	| ConstInterval '(' Iconst ')' Sconst
		{
			sql_typename *t = mk_interval_type(ps, 0, NULL, $3, @$);

			(void)$1;
			$$ = mk_cast(ps, mk_string(ps, $5, @5), t, SQL_CAST_LITERAL, @$, @1.start);
		}
	| NumericOnly					{ $$ = $1; }
	| DEFAULT						{ $$ = NULL; }
	| LOCAL							{ $$ = NULL; }
	;

opt_encoding:
	Sconst							{ $$ = $1; }
	| DEFAULT						{ $$ = NULL; }
	| %empty						{ $$ = NULL; }
	;

NonReservedWord_or_Sconst:
	NonReservedWord					{ $$ = $1; }
	| Sconst						{ $$ = $1; }
	;

VariableResetStmt:
	RESET reset_rest				{ $$ = $2; }
	;

reset_rest:
	generic_reset					{ $$ = $1; }
	| TIME ZONE						{ $$ = mk_set(ps, SQL_SET_RESET, "timezone", NULL, @$); }
	| TRANSACTION ISOLATION LEVEL
		{ $$ = mk_set(ps, SQL_SET_RESET, "transaction_isolation", NULL, @$); }
	| SESSION AUTHORIZATION
		{ $$ = mk_set(ps, SQL_SET_RESET, "session_authorization", NULL, @$); }
	;

generic_reset:
	var_name						{ $$ = mk_set(ps, SQL_SET_RESET, $1, NULL, @$); }
	| ALL							{ $$ = mk_set(ps, SQL_SET_RESET_ALL, NULL, NULL, @$); }
	;

/*
 * SHOW name, and ChronDB's SHOW statements: their words (TABLES,
 * SCHEMAS, DATABASES, COLUMNS, VALIDATION) are not setting names here
 * (show_var_name), so that SHOW TABLES cannot also mean a setting.
 */
VariableShowStmt:
	SHOW show_var_name				{ $$ = mk_show(ps, $2, @$); }
	| SHOW TIME ZONE				{ $$ = mk_show(ps, "timezone", @$); }
	| SHOW TRANSACTION ISOLATION LEVEL	{ $$ = mk_show(ps, "transaction_isolation", @$); }
	| SHOW SESSION AUTHORIZATION	{ $$ = mk_show(ps, "session_authorization", @$); }
	| SHOW ALL						{ $$ = mk_show(ps, "all", @$); }
	| SHOW TABLES
		{ $$ = &NEW(show_tables, SHOW_TABLES, @$)->n; }
	| SHOW TABLES FROM ColId
		{
			sql_show_tables *s = NEW(show_tables, SHOW_TABLES, @$);

			s->schema = $4;
			$$ = &s->n;
		}
	| SHOW TABLES IN ColId
		{
			sql_show_tables *s = NEW(show_tables, SHOW_TABLES, @$);

			s->schema = $4;
			$$ = &s->n;
		}
	| SHOW SCHEMAS					{ $$ = &NEW(show_schemas, SHOW_SCHEMAS, @$)->n; }
	| SHOW DATABASES
		{
			sql_show_schemas *s = NEW(show_schemas, SHOW_SCHEMAS, @$);

			s->databases = true;
			$$ = &s->n;
		}
	| SHOW COLUMNS FROM qualified_name
		{
			sql_describe *d = NEW(describe, DESCRIBE, @$);

			d->relation = mk_range_var(ps, $4, @4);
			d->show_columns = true;
			$$ = &d->n;
		}
	| SHOW COLUMNS IN qualified_name
		{
			sql_describe *d = NEW(describe, DESCRIBE, @$);

			d->relation = mk_range_var(ps, $4, @4);
			d->show_columns = true;
			$$ = &d->n;
		}
	| SHOW VALIDATION SCHEMA FOR any_name
		{
			sql_show_validation *s = NEW(show_validation, SHOW_VALIDATION, @$);

			s->ns = $5;
			$$ = &s->n;
		}
	| SHOW VALIDATION SCHEMAS		{ $$ = &NEW(show_validation, SHOW_VALIDATION, @$)->n; }
	;

show_var_name:
	ShowColId						{ $$ = $1; }
	| show_var_name '.' ColId
		{
			size_t a = strlen($1), b = strlen($3);

			$$ = sql_arena_alloc(A, a + b + 2);
			memcpy($$, $1, a);
			$$[a] = '.';
			memcpy($$ + a + 1, $3, b + 1);
		}
	;

ExplainStmt:
	EXPLAIN ExplainableStmt
		{
			sql_explain *e = NEW(explain, EXPLAIN, @$);

			e->stmt = $2;
			$$ = &e->n;
		}
	| EXPLAIN analyze_keyword opt_verbose ExplainableStmt
		{
			sql_explain *e = NEW(explain, EXPLAIN, @$);

			e->stmt = $4;
			e->options = LIST1(mk_defelem(ps, "analyze", NULL, @2));
			if ($3)
				e->options = APPEND(e->options, mk_defelem(ps, "verbose", NULL, @3));
			$$ = &e->n;
		}
	| EXPLAIN VERBOSE ExplainableStmt
		{
			sql_explain *e = NEW(explain, EXPLAIN, @$);

			e->stmt = $3;
			e->options = LIST1(mk_defelem(ps, "verbose", NULL, @2));
			$$ = &e->n;
		}
	| EXPLAIN '(' utility_option_list ')' ExplainableStmt
		{
			sql_explain *e = NEW(explain, EXPLAIN, @$);

			e->stmt = $5;
			e->options = $3;
			$$ = &e->n;
		}
	;

ExplainableStmt:
	SelectStmt
	| InsertStmt
	| UpdateStmt
	| DeleteStmt
	| CreateAsStmt
	| ExecuteStmt
	;

utility_option_list:
	utility_option_elem				{ $$ = LIST1($1); }
	| utility_option_list ',' utility_option_elem	{ $$ = APPEND($1, $3); }
	;

utility_option_elem:
	utility_option_name utility_option_arg	{ $$ = mk_defelem(ps, $1, $2, @$); }
	;

utility_option_name:
	NonReservedWord					{ $$ = $1; }
	| analyze_keyword				{ $$ = DUP("analyze"); }
	;

utility_option_arg:
	opt_boolean_or_string			{ $$ = $1; }
	| NumericOnly					{ $$ = $1; }
	| %empty						{ $$ = NULL; }
	;

analyze_keyword:
	ANALYZE
	| ANALYSE
	;

opt_verbose:
	VERBOSE							{ $$ = true; }
	| %empty						{ $$ = false; }
	;

VacuumStmt:
	VACUUM opt_full opt_freeze opt_verbose opt_analyze opt_vacuum_relation_list
		{
			sql_vacuum *v = NEW(vacuum, VACUUM, @$);

			v->is_vacuum = true;
			if ($2)
				v->options = APPEND(v->options, mk_defelem(ps, "full", NULL, @2));
			if ($3)
				v->options = APPEND(v->options, mk_defelem(ps, "freeze", NULL, @3));
			if ($4)
				v->options = APPEND(v->options, mk_defelem(ps, "verbose", NULL, @4));
			if ($5)
				v->options = APPEND(v->options, mk_defelem(ps, "analyze", NULL, @5));
			v->relations = $6;
			$$ = &v->n;
		}
	| VACUUM '(' utility_option_list ')' opt_vacuum_relation_list
		{
			sql_vacuum *v = NEW(vacuum, VACUUM, @$);

			v->is_vacuum = true;
			v->options = $3;
			v->relations = $5;
			$$ = &v->n;
		}
	;

AnalyzeStmt:
	analyze_keyword opt_verbose opt_vacuum_relation_list
		{
			sql_vacuum *v = NEW(vacuum, VACUUM, @$);

			if ($2)
				v->options = LIST1(mk_defelem(ps, "verbose", NULL, @2));
			v->relations = $3;
			$$ = &v->n;
		}
	| analyze_keyword '(' utility_option_list ')' opt_vacuum_relation_list
		{
			sql_vacuum *v = NEW(vacuum, VACUUM, @$);

			v->options = $3;
			v->relations = $5;
			$$ = &v->n;
		}
	;

opt_full:
	FULL							{ $$ = true; }
	| %empty						{ $$ = false; }
	;

opt_freeze:
	FREEZE							{ $$ = true; }
	| %empty						{ $$ = false; }
	;

opt_analyze:
	analyze_keyword					{ $$ = true; }
	| %empty						{ $$ = false; }
	;

opt_vacuum_relation_list:
	vacuum_relation_list			{ $$ = $1; }
	| %empty						{ $$ = NULL; }
	;

vacuum_relation_list:
	vacuum_relation					{ $$ = LIST1($1); }
	| vacuum_relation_list ',' vacuum_relation	{ $$ = APPEND($1, $3); }
	;

vacuum_relation:
	qualified_name opt_name_list
		{
			sql_vacuum_rel *r = NEW(vacuum_rel, VACUUM_REL, @$);

			r->relation = mk_range_var(ps, $1, @1);
			r->columns = $2;
			$$ = &r->n;
		}
	;

CopyStmt:
	COPY opt_binary qualified_name opt_column_list copy_from opt_program file_name
	opt_with copy_options where_clause
		{
			sql_list *opts = $9;

			if ($2)
				opts = sql_list_concat(A,
					LIST1(mk_defelem(ps, "format", mk_string(ps, "binary", @2), @2)), $9);
			$$ = mk_copy(ps, mk_range_var(ps, $3, @3), NULL, $4, $5, $6, $7, opts, $10,
				@10.start, @$);
		}
	| COPY '(' PreparableStmt ')' TO opt_program file_name opt_with copy_options
		{ $$ = mk_copy(ps, NULL, $3, NULL, false, $6, $7, $9, NULL, -1, @$); }
	;

opt_binary:
	BINARY							{ $$ = true; }
	| %empty						{ $$ = false; }
	;

copy_from:
	FROM							{ $$ = true; }
	| TO							{ $$ = false; }
	;

opt_program:
	PROGRAM							{ $$ = true; }
	| %empty						{ $$ = false; }
	;

/* NULL for STDIN and STDOUT. */
file_name:
	Sconst							{ $$ = $1; }
	| STDIN							{ $$ = NULL; }
	| STDOUT						{ $$ = NULL; }
	;

copy_options:
	copy_opt_list					{ $$ = $1; }
	| '(' copy_generic_opt_list ')'	{ $$ = $2; }
	;

/* The old syntax, mapped to the generic option names. */
copy_opt_list:
	copy_opt_list copy_opt_item		{ $$ = APPEND($1, $2); }
	| %empty						{ $$ = NULL; }
	;

copy_opt_item:
	BINARY							{ $$ = mk_defelem(ps, "format", mk_string(ps, "binary", @$), @$); }
	| FREEZE						{ $$ = mk_defelem(ps, "freeze", mk_bool_const(ps, true, @$), @$); }
	| DELIMITER opt_as Sconst		{ $$ = mk_defelem(ps, "delimiter", mk_string(ps, $3, @3), @$); }
	| NULL_P opt_as Sconst			{ $$ = mk_defelem(ps, "null", mk_string(ps, $3, @3), @$); }
	| CSV							{ $$ = mk_defelem(ps, "format", mk_string(ps, "csv", @$), @$); }
	| HEADER						{ $$ = mk_defelem(ps, "header", mk_bool_const(ps, true, @$), @$); }
	| QUOTE opt_as Sconst			{ $$ = mk_defelem(ps, "quote", mk_string(ps, $3, @3), @$); }
	| ESCAPE opt_as Sconst			{ $$ = mk_defelem(ps, "escape", mk_string(ps, $3, @3), @$); }
	| FORCE QUOTE columnList		{ $$ = mk_defelem(ps, "force_quote", &$3->n, @$); }
	| FORCE QUOTE '*'				{ $$ = mk_defelem(ps, "force_quote", &NEW(star, STAR, @3)->n, @$); }
	| FORCE NOT NULL_P columnList	{ $$ = mk_defelem(ps, "force_not_null", &$4->n, @$); }
	| FORCE NULL_P columnList		{ $$ = mk_defelem(ps, "force_null", &$3->n, @$); }
	| ENCODING Sconst				{ $$ = mk_defelem(ps, "encoding", mk_string(ps, $2, @2), @$); }
	;

opt_as:
	AS
	| %empty
	;

copy_generic_opt_list:
	copy_generic_opt_elem			{ $$ = LIST1($1); }
	| copy_generic_opt_list ',' copy_generic_opt_elem	{ $$ = APPEND($1, $3); }
	;

copy_generic_opt_elem:
	ColLabel copy_generic_opt_arg	{ $$ = mk_defelem(ps, $1, $2, @$); }
	;

copy_generic_opt_arg:
	opt_boolean_or_string			{ $$ = $1; }
	| NumericOnly					{ $$ = $1; }
	| '*'							{ $$ = &NEW(star, STAR, @$)->n; }
	| '(' copy_generic_opt_arg_list ')'	{ $$ = &$2->n; }
	| %empty						{ $$ = NULL; }
	;

copy_generic_opt_arg_list:
	copy_generic_opt_arg_list_item	{ $$ = LIST1($1); }
	| copy_generic_opt_arg_list ',' copy_generic_opt_arg_list_item	{ $$ = APPEND($1, $3); }
	;

copy_generic_opt_arg_list_item:
	opt_boolean_or_string			{ $$ = $1; }
	;

DiscardStmt:
	DISCARD ALL						{ $$ = &NEW(discard, DISCARD, @$)->n; }
	| DISCARD TEMP
		{
			$$ = &NEW(discard, DISCARD, @$)->n;
			sql_as_discard($$)->target = SQL_DISCARD_TEMP;
		}
	| DISCARD TEMPORARY
		{
			$$ = &NEW(discard, DISCARD, @$)->n;
			sql_as_discard($$)->target = SQL_DISCARD_TEMP;
		}
	| DISCARD PLANS
		{
			$$ = &NEW(discard, DISCARD, @$)->n;
			sql_as_discard($$)->target = SQL_DISCARD_PLANS;
		}
	| DISCARD SEQUENCES
		{
			$$ = &NEW(discard, DISCARD, @$)->n;
			sql_as_discard($$)->target = SQL_DISCARD_SEQUENCES;
		}
	;

/* ------------------------------------- LISTEN, UNLISTEN, NOTIFY, CHECKPOINT */

ListenStmt:
	LISTEN ColId
		{
			sql_notify *l = NEW(notify, NOTIFY, @$);

			l->action = SQL_NOTIFY_LISTEN;
			l->channel = $2;
			$$ = &l->n;
		}
	;

UnlistenStmt:
	UNLISTEN ColId
		{
			sql_notify *l = NEW(notify, NOTIFY, @$);

			l->action = SQL_NOTIFY_UNLISTEN;
			l->channel = $2;
			$$ = &l->n;
		}
	| UNLISTEN '*'
		{
			sql_notify *l = NEW(notify, NOTIFY, @$);

			l->action = SQL_NOTIFY_UNLISTEN;
			$$ = &l->n;
		}
	;

NotifyStmt:
	NOTIFY ColId notify_payload
		{
			sql_notify *l = NEW(notify, NOTIFY, @$);

			l->action = SQL_NOTIFY_NOTIFY;
			l->channel = $2;
			l->payload = $3;
			$$ = &l->n;
		}
	;

notify_payload:
	',' Sconst						{ $$ = $2; }
	| %empty						{ $$ = NULL; }
	;

CheckPointStmt:
	CHECKPOINT						{ $$ = &NEW(checkpoint, CHECKPOINT, @$)->n; }
	;

DeallocateStmt:
	DEALLOCATE name
		{
			$$ = &NEW(deallocate, DEALLOCATE, @$)->n;
			sql_as_deallocate($$)->name = $2;
		}
	| DEALLOCATE PREPARE name
		{
			$$ = &NEW(deallocate, DEALLOCATE, @$)->n;
			sql_as_deallocate($$)->name = $3;
		}
	| DEALLOCATE ALL				{ $$ = &NEW(deallocate, DEALLOCATE, @$)->n; }
	| DEALLOCATE PREPARE ALL		{ $$ = &NEW(deallocate, DEALLOCATE, @$)->n; }
	;

/*
 * Cursors: DECLARE, FETCH and MOVE, CLOSE.  The option bits of
 * cursor_options: 1 BINARY, 2 SCROLL, 4 NO SCROLL (ASENSITIVE and
 * INSENSITIVE are what every cursor is).
 */
DeclareCursorStmt:
	DECLARE name cursor_options CURSOR opt_hold FOR SelectStmt
		{
			sql_declare_cursor *d = NEW(declare_cursor, DECLARE_CURSOR, @$);

			d->name = $2;
			d->binary = ($3 & 1) != 0;
			d->scroll = ($3 & 2) != 0;
			d->hold = $5;
			d->query = $7;
			$$ = &d->n;
		}
	;

cursor_options:
	%empty							{ $$ = 0; }
	| cursor_options NO SCROLL		{ $$ = $1 | 4; }
	| cursor_options SCROLL			{ $$ = $1 | 2; }
	| cursor_options BINARY			{ $$ = $1 | 1; }
	| cursor_options ASENSITIVE		{ $$ = $1; }
	| cursor_options INSENSITIVE	{ $$ = $1; }
	;

opt_hold:
	%empty							{ $$ = false; }
	| WITH HOLD						{ $$ = true; }
	| WITHOUT HOLD					{ $$ = false; }
	;

FetchStmt:
	FETCH fetch_args				{ $$ = $2; $$->loc = @$.start; }
	| MOVE fetch_args
		{
			$$ = $2;
			$$->loc = @$.start;
			sql_as_fetch($$)->move = true;
		}
	;

fetch_args:
	name							{ $$ = mk_fetch(ps, $1, SQL_FETCH_FORWARD, 1, @$); }
	| from_in name					{ $$ = mk_fetch(ps, $2, SQL_FETCH_FORWARD, 1, @$); }
	| NEXT opt_from_in name			{ $$ = mk_fetch(ps, $3, SQL_FETCH_FORWARD, 1, @$); }
	| PRIOR opt_from_in name		{ $$ = mk_fetch(ps, $3, SQL_FETCH_BACKWARD, 1, @$); }
	| FIRST opt_from_in name		{ $$ = mk_fetch(ps, $3, SQL_FETCH_ABSOLUTE, 1, @$); }
	| LAST opt_from_in name			{ $$ = mk_fetch(ps, $3, SQL_FETCH_ABSOLUTE, -1, @$); }
	| ABSOLUTE SignedIconst opt_from_in name
		{ $$ = mk_fetch(ps, $4, SQL_FETCH_ABSOLUTE, $2, @$); }
	| RELATIVE SignedIconst opt_from_in name
		{ $$ = mk_fetch(ps, $4, SQL_FETCH_RELATIVE, $2, @$); }
	| SignedIconst opt_from_in name	{ $$ = mk_fetch(ps, $3, SQL_FETCH_FORWARD, $1, @$); }
	| ALL opt_from_in name			{ $$ = mk_fetch(ps, $3, SQL_FETCH_FORWARD, SQL_FETCH_ALL, @$); }
	| FORWARD opt_from_in name		{ $$ = mk_fetch(ps, $3, SQL_FETCH_FORWARD, 1, @$); }
	| FORWARD SignedIconst opt_from_in name
		{ $$ = mk_fetch(ps, $4, SQL_FETCH_FORWARD, $2, @$); }
	| FORWARD ALL opt_from_in name	{ $$ = mk_fetch(ps, $4, SQL_FETCH_FORWARD, SQL_FETCH_ALL, @$); }
	| BACKWARD opt_from_in name		{ $$ = mk_fetch(ps, $3, SQL_FETCH_BACKWARD, 1, @$); }
	| BACKWARD SignedIconst opt_from_in name
		{ $$ = mk_fetch(ps, $4, SQL_FETCH_BACKWARD, $2, @$); }
	| BACKWARD ALL opt_from_in name	{ $$ = mk_fetch(ps, $4, SQL_FETCH_BACKWARD, SQL_FETCH_ALL, @$); }
	;

from_in:
	FROM
	| IN
	;

opt_from_in:
	from_in
	| %empty
	;

ClosePortalStmt:
	CLOSE name
		{
			$$ = &NEW(close_portal, CLOSE_PORTAL, @$)->n;
			sql_as_close_portal($$)->name = $2;
		}
	| CLOSE ALL						{ $$ = &NEW(close_portal, CLOSE_PORTAL, @$)->n; }
	;

PrepareStmt:
	PREPARE name prep_type_clause AS PreparableStmt
		{
			sql_prepare *p = NEW(prepare, PREPARE, @$);

			p->name = $2;
			p->argtypes = $3;
			p->query = $5;
			$$ = &p->n;
		}
	;

prep_type_clause:
	'(' type_list ')'				{ $$ = $2; }
	| %empty						{ $$ = NULL; }
	;

type_list:
	Typename						{ $$ = LIST1($1); }
	| type_list ',' Typename		{ $$ = APPEND($1, $3); }
	;

ExecuteStmt:
	EXECUTE name execute_param_clause
		{
			sql_execute *e = NEW(execute, EXECUTE, @$);

			e->name = $2;
			e->params = $3;
			$$ = &e->n;
		}
	;

execute_param_clause:
	'(' expr_list ')'				{ $$ = $2; }
	| %empty						{ $$ = NULL; }
	;

/* ------------------------------------------------------ ChronDB statements */

DescribeStmt:
	DESCRIBE qualified_name
		{
			sql_describe *d = NEW(describe, DESCRIBE, @$);

			d->relation = mk_range_var(ps, $2, @2);
			$$ = &d->n;
		}
	;

CreateValidationStmt:
	CREATE VALIDATION SCHEMA FOR any_name AS Sconst opt_validation_mode
		{ $$ = mk_create_validation(ps, $5, mk_string(ps, $7, @7), $8, @$); }
	;

opt_validation_mode:
	MODE ColId						{ $$ = validation_mode(ps, $2, @2); }
	| MODE Sconst					{ $$ = validation_mode(ps, $2, @2); }
	| %empty						{ $$ = SQL_VALIDATION_MODE_DEFAULT; }
	;

DropValidationStmt:
	DROP VALIDATION SCHEMA FOR any_name
		{
			sql_drop_validation *d = NEW(drop_validation, DROP_VALIDATION, @$);

			d->ns = $5;
			$$ = &d->n;
		}
	| DROP VALIDATION SCHEMA IF EXISTS FOR any_name
		{
			sql_drop_validation *d = NEW(drop_validation, DROP_VALIDATION, @$);

			d->ns = $7;
			d->missing_ok = true;
			$$ = &d->n;
		}
	;

/* ----------------------------------------------------------- expressions */

/*
 * a_expr is every expression; b_expr leaves out the boolean operators,
 * IS, LIKE, BETWEEN and IN, for places where they would be ambiguous
 * (the low bound of BETWEEN, a column DEFAULT); c_expr is what either
 * builds on, and may take a subscript.
 */
a_expr:
	c_expr							{ $$ = $1; }
	| a_expr TYPECAST Typename		{ $$ = mk_cast(ps, $1, $3, SQL_CAST_OP, @$, @2.start); }
	| a_expr COLLATE any_name
		{
			sql_collate *c = NEW(collate, COLLATE, @$);

			c->arg = $1;
			c->collation = $3;
			$$ = &c->n;
		}
	| a_expr AT TIME ZONE a_expr %prec AT
		{ $$ = mk_sysfunc(ps, "timezone", APPEND(LIST1($5), $1), @$); }
	| '+' a_expr %prec UMINUS		{ $$ = mk_op(ps, "+", NULL, $2, @$, @1.start); }
	| '-' a_expr %prec UMINUS		{ $$ = mk_negate(ps, $2, @$, @1.start); }
	| a_expr '+' a_expr				{ $$ = mk_op(ps, "+", $1, $3, @$, @2.start); }
	| a_expr '-' a_expr				{ $$ = mk_op(ps, "-", $1, $3, @$, @2.start); }
	| a_expr '*' a_expr				{ $$ = mk_op(ps, "*", $1, $3, @$, @2.start); }
	| a_expr '/' a_expr				{ $$ = mk_op(ps, "/", $1, $3, @$, @2.start); }
	| a_expr '%' a_expr				{ $$ = mk_op(ps, "%", $1, $3, @$, @2.start); }
	| a_expr '^' a_expr				{ $$ = mk_op(ps, "^", $1, $3, @$, @2.start); }
	| a_expr '<' a_expr				{ $$ = mk_op(ps, "<", $1, $3, @$, @2.start); }
	| a_expr '>' a_expr				{ $$ = mk_op(ps, ">", $1, $3, @$, @2.start); }
	| a_expr '=' a_expr				{ $$ = mk_op(ps, "=", $1, $3, @$, @2.start); }
	| a_expr LESS_EQUALS a_expr		{ $$ = mk_op(ps, "<=", $1, $3, @$, @2.start); }
	| a_expr GREATER_EQUALS a_expr	{ $$ = mk_op(ps, ">=", $1, $3, @$, @2.start); }
	| a_expr NOT_EQUALS a_expr		{ $$ = mk_op(ps, "<>", $1, $3, @$, @2.start); }
	| a_expr qual_Op a_expr %prec Op	{ $$ = mk_qual_op(ps, $2, $1, $3, @$, @2.start); }
	| qual_Op a_expr %prec Op		{ $$ = mk_qual_op(ps, $1, NULL, $2, @$, @1.start); }
	| a_expr AND a_expr				{ $$ = mk_bool(ps, SQL_AND, $1, $3, @$); }
	| a_expr OR a_expr				{ $$ = mk_bool(ps, SQL_OR, $1, $3, @$); }
	| NOT a_expr					{ $$ = mk_not(ps, $2, @$); }
	| NOT_LA a_expr %prec NOT		{ $$ = mk_not(ps, $2, @$); }
	| a_expr LIKE a_expr
		{ $$ = mk_like(ps, SQL_LIKE_LIKE, false, $1, $3, NULL, @$, @2.start); }
	| a_expr LIKE a_expr ESCAPE a_expr %prec LIKE
		{ $$ = mk_like(ps, SQL_LIKE_LIKE, false, $1, $3, $5, @$, @2.start); }
	| a_expr NOT_LA LIKE a_expr %prec NOT_LA
		{ $$ = mk_like(ps, SQL_LIKE_LIKE, true, $1, $4, NULL, @$, @2.start); }
	| a_expr NOT_LA LIKE a_expr ESCAPE a_expr %prec NOT_LA
		{ $$ = mk_like(ps, SQL_LIKE_LIKE, true, $1, $4, $6, @$, @2.start); }
	| a_expr ILIKE a_expr
		{ $$ = mk_like(ps, SQL_LIKE_ILIKE, false, $1, $3, NULL, @$, @2.start); }
	| a_expr ILIKE a_expr ESCAPE a_expr %prec ILIKE
		{ $$ = mk_like(ps, SQL_LIKE_ILIKE, false, $1, $3, $5, @$, @2.start); }
	| a_expr NOT_LA ILIKE a_expr %prec NOT_LA
		{ $$ = mk_like(ps, SQL_LIKE_ILIKE, true, $1, $4, NULL, @$, @2.start); }
	| a_expr NOT_LA ILIKE a_expr ESCAPE a_expr %prec NOT_LA
		{ $$ = mk_like(ps, SQL_LIKE_ILIKE, true, $1, $4, $6, @$, @2.start); }
	| a_expr SIMILAR TO a_expr %prec SIMILAR
		{ $$ = mk_like(ps, SQL_LIKE_SIMILAR, false, $1, $4, NULL, @$, @2.start); }
	| a_expr SIMILAR TO a_expr ESCAPE a_expr %prec SIMILAR
		{ $$ = mk_like(ps, SQL_LIKE_SIMILAR, false, $1, $4, $6, @$, @2.start); }
	| a_expr NOT_LA SIMILAR TO a_expr %prec NOT_LA
		{ $$ = mk_like(ps, SQL_LIKE_SIMILAR, true, $1, $5, NULL, @$, @2.start); }
	| a_expr NOT_LA SIMILAR TO a_expr ESCAPE a_expr %prec NOT_LA
		{ $$ = mk_like(ps, SQL_LIKE_SIMILAR, true, $1, $5, $7, @$, @2.start); }
	| a_expr IS NULL_P %prec IS		{ $$ = mk_nulltest(ps, $1, false, @$); }
	| a_expr ISNULL					{ $$ = mk_nulltest(ps, $1, false, @$); }
	| a_expr IS NOT NULL_P %prec IS	{ $$ = mk_nulltest(ps, $1, true, @$); }
	| a_expr NOTNULL				{ $$ = mk_nulltest(ps, $1, true, @$); }
	| a_expr IS TRUE_P %prec IS		{ $$ = mk_booltest(ps, $1, SQL_IS_TRUE, @$); }
	| a_expr IS NOT TRUE_P %prec IS	{ $$ = mk_booltest(ps, $1, SQL_IS_NOT_TRUE, @$); }
	| a_expr IS FALSE_P %prec IS	{ $$ = mk_booltest(ps, $1, SQL_IS_FALSE, @$); }
	| a_expr IS NOT FALSE_P %prec IS	{ $$ = mk_booltest(ps, $1, SQL_IS_NOT_FALSE, @$); }
	| a_expr IS UNKNOWN %prec IS	{ $$ = mk_booltest(ps, $1, SQL_IS_UNKNOWN, @$); }
	| a_expr IS NOT UNKNOWN %prec IS	{ $$ = mk_booltest(ps, $1, SQL_IS_NOT_UNKNOWN, @$); }
	| a_expr IS DISTINCT FROM a_expr %prec IS
		{ $$ = mk_distinct(ps, $1, $5, false, @$, @2.start); }
	| a_expr IS NOT DISTINCT FROM a_expr %prec IS
		{ $$ = mk_distinct(ps, $1, $6, true, @$, @2.start); }
	| a_expr BETWEEN opt_asymmetric b_expr AND a_expr %prec BETWEEN
		{ $$ = mk_between(ps, false, false, $1, $4, $6, @$, @2.start); }
	| a_expr NOT_LA BETWEEN opt_asymmetric b_expr AND a_expr %prec NOT_LA
		{ $$ = mk_between(ps, true, false, $1, $5, $7, @$, @2.start); }
	| a_expr BETWEEN SYMMETRIC b_expr AND a_expr %prec BETWEEN
		{ $$ = mk_between(ps, false, true, $1, $4, $6, @$, @2.start); }
	| a_expr NOT_LA BETWEEN SYMMETRIC b_expr AND a_expr %prec NOT_LA
		{ $$ = mk_between(ps, true, true, $1, $5, $7, @$, @2.start); }
	| a_expr IN in_expr				{ $$ = mk_in(ps, false, $1, $3, @$, @2.start); }
	| a_expr NOT_LA IN in_expr %prec NOT_LA	{ $$ = mk_in(ps, true, $1, $4, @$, @2.start); }
	| a_expr subquery_Op sub_type select_with_parens %prec Op
		{
			$$ = mk_sublink(ps, $3 ? SQL_SUBLINK_ALL : SQL_SUBLINK_ANY, $1, $2, &$4->n, @$,
				@2.start);
		}
	| a_expr subquery_Op sub_type '(' a_expr ')' %prec Op
		{ $$ = mk_any_all(ps, $2, $3, $1, $5, @$, @2.start); }
	;

opt_asymmetric:
	ASYMMETRIC
	| %empty
	;

/* 1 for ALL, 0 for ANY and SOME. */
sub_type:
	ANY								{ $$ = 0; }
	| SOME							{ $$ = 0; }
	| ALL							{ $$ = 1; }
	;

b_expr:
	c_expr							{ $$ = $1; }
	| b_expr TYPECAST Typename		{ $$ = mk_cast(ps, $1, $3, SQL_CAST_OP, @$, @2.start); }
	| '+' b_expr %prec UMINUS		{ $$ = mk_op(ps, "+", NULL, $2, @$, @1.start); }
	| '-' b_expr %prec UMINUS		{ $$ = mk_negate(ps, $2, @$, @1.start); }
	| b_expr '+' b_expr				{ $$ = mk_op(ps, "+", $1, $3, @$, @2.start); }
	| b_expr '-' b_expr				{ $$ = mk_op(ps, "-", $1, $3, @$, @2.start); }
	| b_expr '*' b_expr				{ $$ = mk_op(ps, "*", $1, $3, @$, @2.start); }
	| b_expr '/' b_expr				{ $$ = mk_op(ps, "/", $1, $3, @$, @2.start); }
	| b_expr '%' b_expr				{ $$ = mk_op(ps, "%", $1, $3, @$, @2.start); }
	| b_expr '^' b_expr				{ $$ = mk_op(ps, "^", $1, $3, @$, @2.start); }
	| b_expr '<' b_expr				{ $$ = mk_op(ps, "<", $1, $3, @$, @2.start); }
	| b_expr '>' b_expr				{ $$ = mk_op(ps, ">", $1, $3, @$, @2.start); }
	| b_expr '=' b_expr				{ $$ = mk_op(ps, "=", $1, $3, @$, @2.start); }
	| b_expr LESS_EQUALS b_expr		{ $$ = mk_op(ps, "<=", $1, $3, @$, @2.start); }
	| b_expr GREATER_EQUALS b_expr	{ $$ = mk_op(ps, ">=", $1, $3, @$, @2.start); }
	| b_expr NOT_EQUALS b_expr		{ $$ = mk_op(ps, "<>", $1, $3, @$, @2.start); }
	| b_expr qual_Op b_expr %prec Op	{ $$ = mk_qual_op(ps, $2, $1, $3, @$, @2.start); }
	| qual_Op b_expr %prec Op		{ $$ = mk_qual_op(ps, $1, NULL, $2, @$, @1.start); }
	| b_expr IS DISTINCT FROM b_expr %prec IS
		{ $$ = mk_distinct(ps, $1, $5, false, @$, @2.start); }
	| b_expr IS NOT DISTINCT FROM b_expr %prec IS
		{ $$ = mk_distinct(ps, $1, $6, true, @$, @2.start); }
	;

c_expr:
	columnref						{ $$ = $1; }
	| AexprConst					{ $$ = $1; }
	| PARAM opt_indirection
		{
			sql_param *p = NEW(param, PARAM, @1);

			p->number = (int)$1;
			$$ = mk_indirection(ps, &p->n, $2, @$);
		}
	| '(' a_expr ')' opt_indirection	{ $$ = mk_indirection(ps, $2, $4, @$); }
	| case_expr						{ $$ = $1; }
	| func_expr						{ $$ = $1; }
	| select_with_parens %prec UMINUS
		{ $$ = mk_sublink(ps, SQL_SUBLINK_EXPR, NULL, NULL, &$1->n, @$, -1); }
	| select_with_parens indirection
		{
			sql_node *s = mk_sublink(ps, SQL_SUBLINK_EXPR, NULL, NULL, &$1->n, @1, -1);

			$$ = mk_indirection(ps, s, $2, @$);
		}
	| EXISTS select_with_parens
		{ $$ = mk_sublink(ps, SQL_SUBLINK_EXISTS, NULL, NULL, &$2->n, @$, -1); }
	| ARRAY select_with_parens
		{ $$ = mk_sublink(ps, SQL_SUBLINK_ARRAY, NULL, NULL, &$2->n, @$, -1); }
	| ARRAY array_expr
		{
			$2->loc = @$.start;
			$$ = $2;
		}
	| explicit_row					{ $$ = $1; }
	| implicit_row					{ $$ = $1; }
	;

func_application:
	func_name '(' ')'				{ $$ = mk_func(ps, $1, NULL, @$); }
	| func_name '(' func_arg_list opt_sort_clause ')'
		{
			$$ = mk_func(ps, $1, $3, @$);
			$$->agg_order = $4;
		}
	| func_name '(' VARIADIC func_arg_expr opt_sort_clause ')'
		{
			$$ = mk_func(ps, $1, LIST1($4), @$);
			$$->variadic = true;
			$$->agg_order = $5;
		}
	| func_name '(' func_arg_list ',' VARIADIC func_arg_expr opt_sort_clause ')'
		{
			$$ = mk_func(ps, $1, APPEND($3, $6), @$);
			$$->variadic = true;
			$$->agg_order = $7;
		}
	| func_name '(' ALL func_arg_list opt_sort_clause ')'
		{
			$$ = mk_func(ps, $1, $4, @$);
			$$->agg_order = $5;
		}
	| func_name '(' DISTINCT func_arg_list opt_sort_clause ')'
		{
			$$ = mk_func(ps, $1, $4, @$);
			$$->agg_order = $5;
			$$->agg_distinct = true;
		}
	| func_name '(' '*' ')'
		{
			$$ = mk_func(ps, $1, NULL, @$);
			$$->agg_star = true;
		}
	;

func_expr:
	func_application within_group_clause filter_clause over_clause
		{ $$ = finish_func(ps, $1, $2, @2.start, $3, $4, @$); }
	| func_expr_common_subexpr		{ $$ = $1; }
	;

/* In FROM and index definitions: no FILTER, OVER or WITHIN GROUP. */
func_expr_windowless:
	func_application				{ $$ = &$1->n; }
	| func_expr_common_subexpr		{ $$ = $1; }
	;

/* Functions with special syntax; see ast.h for the names they map to. */
func_expr_common_subexpr:
	CURRENT_DATE					{ $$ = mk_value_func(ps, SQL_CURRENT_DATE, -1, @$); }
	| CURRENT_TIME					{ $$ = mk_value_func(ps, SQL_CURRENT_TIME, -1, @$); }
	| CURRENT_TIME '(' Iconst ')'	{ $$ = mk_value_func(ps, SQL_CURRENT_TIME, $3, @$); }
	| CURRENT_TIMESTAMP				{ $$ = mk_value_func(ps, SQL_CURRENT_TIMESTAMP, -1, @$); }
	| CURRENT_TIMESTAMP '(' Iconst ')'	{ $$ = mk_value_func(ps, SQL_CURRENT_TIMESTAMP, $3, @$); }
	| LOCALTIME						{ $$ = mk_value_func(ps, SQL_LOCALTIME, -1, @$); }
	| LOCALTIME '(' Iconst ')'		{ $$ = mk_value_func(ps, SQL_LOCALTIME, $3, @$); }
	| LOCALTIMESTAMP				{ $$ = mk_value_func(ps, SQL_LOCALTIMESTAMP, -1, @$); }
	| LOCALTIMESTAMP '(' Iconst ')'	{ $$ = mk_value_func(ps, SQL_LOCALTIMESTAMP, $3, @$); }
	| CURRENT_ROLE					{ $$ = mk_value_func(ps, SQL_CURRENT_ROLE, -1, @$); }
	| CURRENT_USER					{ $$ = mk_value_func(ps, SQL_CURRENT_USER, -1, @$); }
	| SESSION_USER					{ $$ = mk_value_func(ps, SQL_SESSION_USER, -1, @$); }
	| USER							{ $$ = mk_value_func(ps, SQL_USER, -1, @$); }
	| CURRENT_CATALOG				{ $$ = mk_value_func(ps, SQL_CURRENT_CATALOG, -1, @$); }
	| CURRENT_SCHEMA				{ $$ = mk_value_func(ps, SQL_CURRENT_SCHEMA, -1, @$); }
	| CAST '(' a_expr AS Typename ')'
		{ $$ = mk_cast(ps, $3, $5, SQL_CAST_FUNC, @$, @1.start); }
	| EXTRACT '(' extract_list ')'	{ $$ = mk_sysfunc(ps, "extract", $3, @$); }
	| OVERLAY '(' overlay_list ')'	{ $$ = mk_sysfunc(ps, "overlay", $3, @$); }
	| OVERLAY '(' func_arg_list_opt ')'
		{ $$ = &mk_func(ps, str_list1(ps, "overlay", @1), $3, @$)->n; }
	| POSITION '(' position_list ')'	{ $$ = mk_sysfunc(ps, "position", $3, @$); }
	| SUBSTRING '(' substr_list ')'	{ $$ = mk_sysfunc(ps, "substring", $3, @$); }
	| SUBSTRING '(' func_arg_list_opt ')'
		{ $$ = &mk_func(ps, str_list1(ps, "substring", @1), $3, @$)->n; }
	| TRIM '(' BOTH trim_list ')'	{ $$ = mk_sysfunc(ps, "btrim", $4, @$); }
	| TRIM '(' LEADING trim_list ')'	{ $$ = mk_sysfunc(ps, "ltrim", $4, @$); }
	| TRIM '(' TRAILING trim_list ')'	{ $$ = mk_sysfunc(ps, "rtrim", $4, @$); }
	| TRIM '(' trim_list ')'		{ $$ = mk_sysfunc(ps, "btrim", $3, @$); }
	| NULLIF '(' a_expr ',' a_expr ')'
		{
			sql_nullif *n = NEW(nullif, NULLIF, @$);

			n->left = $3;
			n->right = $5;
			$$ = &n->n;
		}
	| COALESCE '(' expr_list ')'
		{
			sql_coalesce *c = NEW(coalesce, COALESCE, @$);

			c->args = $3;
			$$ = &c->n;
		}
	| GREATEST '(' expr_list ')'
		{
			sql_minmax *m = NEW(minmax, MINMAX, @$);

			m->op = SQL_GREATEST;
			m->args = $3;
			$$ = &m->n;
		}
	| LEAST '(' expr_list ')'
		{
			sql_minmax *m = NEW(minmax, MINMAX, @$);

			m->op = SQL_LEAST;
			m->args = $3;
			$$ = &m->n;
		}
	;

within_group_clause:
	WITHIN GROUP '(' sort_clause ')'	{ $$ = $4; }
	| %empty						{ $$ = NULL; }
	;

filter_clause:
	FILTER '(' WHERE a_expr ')'		{ $$ = $4; }
	| %empty						{ $$ = NULL; }
	;

extract_list:
	extract_arg FROM a_expr			{ $$ = APPEND(LIST1(mk_extract_field(ps, $1, @1)), $3); }
	;

extract_arg:
	IDENT							{ $$ = $1; }
	| YEAR							{ $$ = kw_text(ps, @1); }
	| MONTH							{ $$ = kw_text(ps, @1); }
	| DAY							{ $$ = kw_text(ps, @1); }
	| HOUR							{ $$ = kw_text(ps, @1); }
	| MINUTE						{ $$ = kw_text(ps, @1); }
	| SECOND						{ $$ = kw_text(ps, @1); }
	| Sconst						{ $$ = $1; }
	;

overlay_list:
	a_expr PLACING a_expr FROM a_expr FOR a_expr
		{ $$ = APPEND(APPEND(APPEND(LIST1($1), $3), $5), $7); }
	| a_expr PLACING a_expr FROM a_expr	{ $$ = APPEND(APPEND(LIST1($1), $3), $5); }
	;

/* POSITION(a IN b) is position(b, a). */
position_list:
	b_expr IN b_expr				{ $$ = APPEND(LIST1($3), $1); }
	;

/* FOR alone means FROM 1, as in PostgreSQL. */
substr_list:
	a_expr FROM a_expr FOR a_expr	{ $$ = APPEND(APPEND(LIST1($1), $3), $5); }
	| a_expr FOR a_expr FROM a_expr	{ $$ = APPEND(APPEND(LIST1($1), $5), $3); }
	| a_expr FROM a_expr			{ $$ = APPEND(LIST1($1), $3); }
	| a_expr FOR a_expr
		{ $$ = APPEND(APPEND(LIST1($1), &sql_const_int(A, 1, -1, -1)->n), $3); }
	| a_expr SIMILAR a_expr ESCAPE a_expr	{ $$ = APPEND(APPEND(LIST1($1), $3), $5); }
	;

/* TRIM(x FROM y) is trim(y, x). */
trim_list:
	a_expr FROM expr_list			{ $$ = APPEND($3, $1); }
	| FROM expr_list				{ $$ = $2; }
	| expr_list						{ $$ = $1; }
	;

in_expr:
	select_with_parens				{ $$ = &$1->n; }
	| '(' expr_list ')'				{ $$ = &$2->n; }
	;

case_expr:
	CASE case_arg when_clause_list case_default END
		{
			sql_case *c = NEW(case, CASE, @$);

			c->arg = $2;
			c->whens = $3;
			c->else_result = $4;
			$$ = &c->n;
		}
	;

when_clause_list:
	when_clause						{ $$ = LIST1($1); }
	| when_clause_list when_clause	{ $$ = APPEND($1, $2); }
	;

when_clause:
	WHEN a_expr THEN a_expr
		{
			sql_case_when *w = NEW(case_when, CASE_WHEN, @$);

			w->cond = $2;
			w->result = $4;
			$$ = &w->n;
		}
	;

case_default:
	ELSE a_expr						{ $$ = $2; }
	| %empty						{ $$ = NULL; }
	;

case_arg:
	a_expr							{ $$ = $1; }
	| %empty						{ $$ = NULL; }
	;

columnref:
	ColId							{ $$ = mk_colref(ps, $1, @1, NULL, @$); }
	| ColId indirection				{ $$ = mk_colref(ps, $1, @1, $2, @$); }
	;

indirection_el:
	'.' attr_name					{ $$ = STR($2, @2); }
	| '.' '*'						{ $$ = &NEW(star, STAR, @2)->n; }
	| '[' a_expr ']'
		{
			sql_subscript *s = NEW(subscript, SUBSCRIPT, @$);

			s->lower = $2;
			$$ = &s->n;
		}
	| '[' opt_slice_bound ':' opt_slice_bound ']'
		{
			sql_subscript *s = NEW(subscript, SUBSCRIPT, @$);

			s->slice = true;
			s->lower = $2;
			s->upper = $4;
			$$ = &s->n;
		}
	;

opt_slice_bound:
	a_expr							{ $$ = $1; }
	| %empty						{ $$ = NULL; }
	;

indirection:
	indirection_el					{ $$ = LIST1($1); }
	| indirection indirection_el	{ $$ = APPEND($1, $2); }
	;

opt_indirection:
	%empty							{ $$ = NULL; }
	| opt_indirection indirection_el	{ $$ = APPEND($1, $2); }
	;

expr_list:
	a_expr							{ $$ = LIST1($1); }
	| expr_list ',' a_expr			{ $$ = APPEND($1, $3); }
	;

func_arg_list:
	func_arg_expr					{ $$ = LIST1($1); }
	| func_arg_list ',' func_arg_expr	{ $$ = APPEND($1, $3); }
	;

func_arg_list_opt:
	func_arg_list					{ $$ = $1; }
	| %empty						{ $$ = NULL; }
	;

func_arg_expr:
	a_expr							{ $$ = $1; }
	| type_function_name COLON_EQUALS a_expr
		{
			sql_named_arg *a = NEW(named_arg, NAMED_ARG, @$);

			a->name = $1;
			a->arg = $3;
			$$ = &a->n;
		}
	| type_function_name EQUALS_GREATER a_expr
		{
			sql_named_arg *a = NEW(named_arg, NAMED_ARG, @$);

			a->name = $1;
			a->arg = $3;
			$$ = &a->n;
		}
	;

array_expr:
	'[' expr_list ']'
		{
			sql_array *a = NEW(array, ARRAY, @$);

			a->elements = $2;
			$$ = &a->n;
		}
	| '[' array_expr_list ']'
		{
			sql_array *a = NEW(array, ARRAY, @$);

			a->elements = $2;
			$$ = &a->n;
		}
	| '[' ']'						{ $$ = &NEW(array, ARRAY, @$)->n; }
	;

array_expr_list:
	array_expr						{ $$ = LIST1($1); }
	| array_expr_list ',' array_expr	{ $$ = APPEND($1, $3); }
	;

explicit_row:
	ROW '(' expr_list ')'
		{
			sql_row *r = NEW(row, ROW, @$);

			r->args = $3;
			r->explicit_row = true;
			$$ = &r->n;
		}
	| ROW '(' ')'
		{
			sql_row *r = NEW(row, ROW, @$);

			r->explicit_row = true;
			$$ = &r->n;
		}
	;

implicit_row:
	'(' expr_list ',' a_expr ')'
		{
			sql_row *r = NEW(row, ROW, @$);

			r->args = APPEND($2, $4);
			$$ = &r->n;
		}
	;

all_Op:
	Op								{ $$ = $1; }
	| MathOp						{ $$ = $1; }
	;

MathOp:
	'+'								{ $$ = DUP("+"); }
	| '-'							{ $$ = DUP("-"); }
	| '*'							{ $$ = DUP("*"); }
	| '/'							{ $$ = DUP("/"); }
	| '%'							{ $$ = DUP("%"); }
	| '^'							{ $$ = DUP("^"); }
	| '<'							{ $$ = DUP("<"); }
	| '>'							{ $$ = DUP(">"); }
	| '='							{ $$ = DUP("="); }
	| LESS_EQUALS					{ $$ = DUP("<="); }
	| GREATER_EQUALS				{ $$ = DUP(">="); }
	| NOT_EQUALS					{ $$ = DUP("<>"); }
	;

/* Operator names are lists: [op] or [schema, op] for OPERATOR(schema.op). */
qual_Op:
	Op								{ $$ = str_list1(ps, $1, @1); }
	| OPERATOR '(' any_operator ')'	{ $$ = $3; }
	;

qual_all_Op:
	all_Op							{ $$ = str_list1(ps, $1, @1); }
	| OPERATOR '(' any_operator ')'	{ $$ = $3; }
	;

subquery_Op:
	all_Op							{ $$ = str_list1(ps, $1, @1); }
	| OPERATOR '(' any_operator ')'	{ $$ = $3; }
	| LIKE							{ $$ = str_list1(ps, "~~", @1); }
	| NOT_LA LIKE					{ $$ = str_list1(ps, "!~~", @$); }
	| ILIKE							{ $$ = str_list1(ps, "~~*", @1); }
	| NOT_LA ILIKE					{ $$ = str_list1(ps, "!~~*", @$); }
	;

any_operator:
	all_Op							{ $$ = str_list1(ps, $1, @1); }
	| ColId '.' any_operator
		{
			$$ = sql_list_concat(A, str_list1(ps, $1, @1), $3);
			if ($$->len > 2)
				gram_error(ps, @1.start, "42601",
					"improper qualified name (too many dotted names): %s",
					join_names(ps, $$));
		}
	;

/* -------------------------------------------------------------- literals */

AexprConst:
	Iconst							{ $$ = &sql_const_int(A, $1, @$.start, @$.end)->n; }
	| FCONST						{ $$ = mk_numeric(ps, $1, @$); }
	| Sconst						{ $$ = mk_string(ps, $1, @$); }
	| BCONST						{ $$ = mk_bitstring(ps, $1, @$); }
	| XCONST						{ $$ = mk_bitstring(ps, $1, @$); }
	| func_name Sconst
		{
			$$ = mk_cast(ps, mk_string(ps, $2, @2), mk_typename(ps, $1, @1), SQL_CAST_LITERAL,
				@$, @1.start);
		}
	| func_name '(' func_arg_list opt_sort_clause ')' Sconst
		{
			sql_typename *t = mk_typename(ps, $1, @1);

			t->typmods = $3;
			if ($4 != NULL)
				gram_error(ps, sql_list_nth($4, 0)->loc, "42601",
					"type modifier cannot have ORDER BY");
			$$ = mk_cast(ps, mk_string(ps, $6, @6), t, SQL_CAST_LITERAL, @$, @1.start);
		}
	| ConstTypename Sconst
		{ $$ = mk_cast(ps, mk_string(ps, $2, @2), $1, SQL_CAST_LITERAL, @$, @1.start); }
	| ConstInterval Sconst opt_interval
		{
			sql_typename *t = $1;

			if ($3 != NULL)
				t = mk_interval_type(ps, (int)sql_as_const(sql_list_nth($3, 0))->ival, $3,
					-1, @1);
			$$ = mk_cast(ps, mk_string(ps, $2, @2), t, SQL_CAST_LITERAL, @$, @1.start);
		}
	| ConstInterval '(' Iconst ')' Sconst
		{
			sql_typename *t = mk_interval_type(ps, 0, NULL, $3, @1);

			(void)$1;
			$$ = mk_cast(ps, mk_string(ps, $5, @5), t, SQL_CAST_LITERAL, @$, @1.start);
		}
	| TRUE_P						{ $$ = mk_bool_const(ps, true, @$); }
	| FALSE_P						{ $$ = mk_bool_const(ps, false, @$); }
	| NULL_P						{ $$ = mk_null_const(ps, @$); }
	;

Iconst:
	ICONST							{ $$ = $1; }
	;

Sconst:
	SCONST							{ $$ = $1; }
	;

SignedIconst:
	Iconst							{ $$ = $1; }
	| '+' Iconst					{ $$ = $2; }
	| '-' Iconst					{ $$ = -$2; }
	;

SignedIconstNode:
	SignedIconst					{ $$ = &sql_const_int(A, $1, @$.start, @$.end)->n; }
	;

NumericOnly:
	FCONST							{ $$ = mk_numeric(ps, $1, @$); }
	| '+' FCONST					{ $$ = mk_numeric(ps, $2, @$); }
	| '-' FCONST					{ $$ = mk_negate(ps, mk_numeric(ps, $2, @2), @$, @1.start); }
	| SignedIconstNode				{ $$ = $1; }
	;

/* ----------------------------------------------------------------- types */

Typename:
	SimpleTypename opt_array_bounds
		{
			$1->array_bounds = $2;
			$$ = $1;
		}
	| SimpleTypename ARRAY '[' Iconst ']'	{ $$ = add_array_bound(ps, $1, $4, @$); }
	| SimpleTypename ARRAY			{ $$ = add_array_bound(ps, $1, -1, @$); }
	;

/* One integer constant per [], -1 for an unwritten bound. */
opt_array_bounds:
	opt_array_bounds '[' ']'		{ $$ = APPEND($1, sql_const_int(A, -1, @2.start, @3.end)); }
	| opt_array_bounds '[' Iconst ']'	{ $$ = APPEND($1, sql_const_int(A, $3, @3.start, @3.end)); }
	| %empty						{ $$ = NULL; }
	;

SimpleTypename:
	GenericType						{ $$ = $1; }
	| Numeric						{ $$ = $1; }
	| Bit							{ $$ = $1; }
	| Character						{ $$ = $1; }
	| ConstDatetime					{ $$ = $1; }
	| ConstInterval opt_interval
		{
			$$ = $1;
			if ($2 != NULL)
				$$ = mk_interval_type(ps, (int)sql_as_const(sql_list_nth($2, 0))->ival, $2,
					-1, @$);
		}
	| ConstInterval '(' Iconst ')'
		{
			(void)$1;
			$$ = mk_interval_type(ps, 0, NULL, $3, @$);
		}
	;

/* Types of typed literals: CHAR and BIT without a length are unrestricted here. */
ConstTypename:
	Numeric							{ $$ = $1; }
	| ConstBit						{ $$ = $1; }
	| ConstCharacter				{ $$ = $1; }
	| ConstDatetime					{ $$ = $1; }
	;

GenericType:
	type_function_name opt_type_modifiers
		{
			$$ = mk_typename(ps, str_list1(ps, $1, @1), @$);
			$$->typmods = $2;
		}
	| type_function_name attrs opt_type_modifiers
		{
			$$ = mk_typename(ps, sql_list_concat(A, str_list1(ps, $1, @1), $2), @$);
			$$->typmods = $3;
		}
	;

opt_type_modifiers:
	'(' expr_list ')'				{ $$ = $2; }
	| %empty						{ $$ = NULL; }
	;

Numeric:
	INT								{ $$ = mk_systype(ps, "int4", @$); }
	| INTEGER						{ $$ = mk_systype(ps, "int4", @$); }
	| SMALLINT						{ $$ = mk_systype(ps, "int2", @$); }
	| BIGINT						{ $$ = mk_systype(ps, "int8", @$); }
	| REAL							{ $$ = mk_systype(ps, "float4", @$); }
	| FLOAT opt_float				{ $$ = mk_float_type(ps, $2, @$); }
	| DOUBLE PRECISION				{ $$ = mk_systype(ps, "float8", @$); }
	| DECIMAL opt_type_modifiers
		{
			$$ = mk_systype(ps, "numeric", @$);
			$$->typmods = $2;
		}
	| DEC opt_type_modifiers
		{
			$$ = mk_systype(ps, "numeric", @$);
			$$->typmods = $2;
		}
	| NUMERIC opt_type_modifiers
		{
			$$ = mk_systype(ps, "numeric", @$);
			$$->typmods = $2;
		}
	| BOOLEAN						{ $$ = mk_systype(ps, "bool", @$); }
	;

/* 0 when no precision was given. */
opt_float:
	'(' Iconst ')'
		{
			if ($2 < 1 || $2 > 53)
				gram_error(ps, @2.start, "22023", "precision for type float must be %s",
					$2 < 1 ? "at least 1 bit" : "less than 54 bits");
			$$ = $2;
		}
	| %empty						{ $$ = 0; }
	;

Bit:
	BitWithLength					{ $$ = $1; }
	| BitWithoutLength				{ $$ = $1; }
	;

ConstBit:
	BitWithLength					{ $$ = $1; }
	| BitWithoutLength
		{
			$$ = $1;
			$$->typmods = NULL;
		}
	;

BitWithLength:
	BIT opt_varying '(' expr_list ')'
		{
			$$ = mk_systype(ps, $2 ? "varbit" : "bit", @$);
			$$->typmods = $4;
		}
	;

/* BIT alone is bit(1); BIT VARYING is unlimited. */
BitWithoutLength:
	BIT opt_varying
		{
			$$ = mk_systype(ps, $2 ? "varbit" : "bit", @$);
			if (!$2)
				$$->typmods = LIST1(sql_const_int(A, 1, -1, -1));
		}
	;

Character:
	CharacterWithLength				{ $$ = $1; }
	| CharacterWithoutLength		{ $$ = $1; }
	;

ConstCharacter:
	CharacterWithLength				{ $$ = $1; }
	| CharacterWithoutLength
		{
			$$ = $1;
			$$->typmods = NULL;
		}
	;

CharacterWithLength:
	character '(' Iconst ')'		{ $$ = mk_char_type(ps, $1, (int)$3, @$); }
	;

/* CHAR alone is char(1), as the standard says. */
CharacterWithoutLength:
	character						{ $$ = mk_char_type(ps, $1, strcmp($1, "bpchar") == 0 ? 1 : -1, @$); }
	;

character:
	CHARACTER opt_varying			{ $$ = DUP($2 ? "varchar" : "bpchar"); }
	| CHAR opt_varying				{ $$ = DUP($2 ? "varchar" : "bpchar"); }
	| VARCHAR						{ $$ = DUP("varchar"); }
	| NATIONAL CHARACTER opt_varying	{ $$ = DUP($3 ? "varchar" : "bpchar"); }
	| NATIONAL CHAR opt_varying		{ $$ = DUP($3 ? "varchar" : "bpchar"); }
	| NCHAR opt_varying				{ $$ = DUP($2 ? "varchar" : "bpchar"); }
	;

opt_varying:
	VARYING							{ $$ = true; }
	| %empty						{ $$ = false; }
	;

ConstDatetime:
	TIMESTAMP '(' Iconst ')' opt_timezone
		{ $$ = mk_datetime_type(ps, "timestamp", $5, $3, @$); }
	| TIMESTAMP opt_timezone		{ $$ = mk_datetime_type(ps, "timestamp", $2, -1, @$); }
	| TIME '(' Iconst ')' opt_timezone	{ $$ = mk_datetime_type(ps, "time", $5, $3, @$); }
	| TIME opt_timezone				{ $$ = mk_datetime_type(ps, "time", $2, -1, @$); }
	;

ConstInterval:
	INTERVAL						{ $$ = mk_systype(ps, "interval", @$); }
	;

opt_timezone:
	WITH_LA TIME ZONE				{ $$ = true; }
	| WITHOUT TIME ZONE				{ $$ = false; }
	| %empty						{ $$ = false; }
	;

/*
 * The fields as a one-item list holding their SQL_INTERVAL_* mask, then
 * the seconds precision if any; NULL when no fields were written.
 */
opt_interval:
	YEAR %prec INTERVAL_FIELD
		{ $$ = LIST1(sql_const_int(A, SQL_INTERVAL_YEAR, -1, -1)); }
	| MONTH							{ $$ = LIST1(sql_const_int(A, SQL_INTERVAL_MONTH, -1, -1)); }
	| DAY %prec INTERVAL_FIELD
		{ $$ = LIST1(sql_const_int(A, SQL_INTERVAL_DAY, -1, -1)); }
	| HOUR %prec INTERVAL_FIELD
		{ $$ = LIST1(sql_const_int(A, SQL_INTERVAL_HOUR, -1, -1)); }
	| MINUTE %prec INTERVAL_FIELD
		{ $$ = LIST1(sql_const_int(A, SQL_INTERVAL_MINUTE, -1, -1)); }
	| interval_second				{ $$ = $1; }
	| YEAR TO MONTH
		{
			$$ = LIST1(sql_const_int(A, SQL_INTERVAL_YEAR | SQL_INTERVAL_MONTH, -1, -1));
		}
	| DAY TO HOUR
		{
			$$ = LIST1(sql_const_int(A, SQL_INTERVAL_DAY | SQL_INTERVAL_HOUR, -1, -1));
		}
	| DAY TO MINUTE
		{
			$$ = LIST1(sql_const_int(A, SQL_INTERVAL_DAY | SQL_INTERVAL_HOUR |
				SQL_INTERVAL_MINUTE, -1, -1));
		}
	| DAY TO interval_second
		{
			sql_as_const(sql_list_nth($3, 0))->ival |= SQL_INTERVAL_DAY | SQL_INTERVAL_HOUR |
				SQL_INTERVAL_MINUTE;
			$$ = $3;
		}
	| HOUR TO MINUTE
		{
			$$ = LIST1(sql_const_int(A, SQL_INTERVAL_HOUR | SQL_INTERVAL_MINUTE, -1, -1));
		}
	| HOUR TO interval_second
		{
			sql_as_const(sql_list_nth($3, 0))->ival |= SQL_INTERVAL_HOUR | SQL_INTERVAL_MINUTE;
			$$ = $3;
		}
	| MINUTE TO interval_second
		{
			sql_as_const(sql_list_nth($3, 0))->ival |= SQL_INTERVAL_MINUTE;
			$$ = $3;
		}
	| %empty						{ $$ = NULL; }
	;

interval_second:
	SECOND							{ $$ = LIST1(sql_const_int(A, SQL_INTERVAL_SECOND, -1, -1)); }
	| SECOND '(' Iconst ')'
		{
			$$ = APPEND(LIST1(sql_const_int(A, SQL_INTERVAL_SECOND, -1, -1)),
				sql_const_int(A, $3, @3.start, @3.end));
		}
	;

/* ----------------------------------------------------------------- names */

name:
	ColId							{ $$ = $1; }
	;

name_list:
	name							{ $$ = str_list1(ps, $1, @1); }
	| name_list ',' name			{ $$ = APPEND($1, STR($3, @3)); }
	;

opt_name_list:
	'(' name_list ')'				{ $$ = $2; }
	| %empty						{ $$ = NULL; }
	;

columnList:
	columnElem						{ $$ = LIST1($1); }
	| columnList ',' columnElem		{ $$ = APPEND($1, $3); }
	;

columnElem:
	ColId							{ $$ = STR($1, @1); }
	;

opt_column_list:
	'(' columnList ')'				{ $$ = $2; }
	| %empty						{ $$ = NULL; }
	;

attr_name:
	ColLabel						{ $$ = $1; }
	;

any_name:
	ColId							{ $$ = str_list1(ps, $1, @1); }
	| ColId attrs					{ $$ = sql_list_concat(A, str_list1(ps, $1, @1), $2); }
	;

attrs:
	'.' attr_name					{ $$ = str_list1(ps, $2, @2); }
	| attrs '.' attr_name			{ $$ = APPEND($1, STR($3, @3)); }
	;

any_name_list:
	any_name						{ $$ = LIST1($1); }
	| any_name_list ',' any_name	{ $$ = APPEND($1, $3); }
	;

qualified_name:
	ColId							{ $$ = str_list1(ps, $1, @1); }
	| ColId indirection				{ $$ = mk_qualified(ps, $1, @1, $2, 3, @$); }
	;

func_name:
	type_function_name				{ $$ = str_list1(ps, $1, @1); }
	| ColId indirection				{ $$ = mk_qualified(ps, $1, @1, $2, 3, @$); }
	;

/* Names: identifiers and the keywords allowed where each is used. */
ColId:
	IDENT							{ $$ = $1; }
	| unreserved_keyword			{ $$ = kw_text(ps, @1); }
	| col_name_keyword				{ $$ = kw_text(ps, @1); }
	;

/* A setting name after SHOW: not TABLES, SCHEMAS, DATABASES, COLUMNS or VALIDATION. */
ShowColId:
	IDENT							{ $$ = $1; }
	| plain_unreserved_keyword		{ $$ = kw_text(ps, @1); }
	| col_name_keyword				{ $$ = kw_text(ps, @1); }
	;

type_function_name:
	IDENT							{ $$ = $1; }
	| unreserved_keyword			{ $$ = kw_text(ps, @1); }
	| type_func_name_keyword		{ $$ = kw_text(ps, @1); }
	;

NonReservedWord:
	IDENT							{ $$ = $1; }
	| unreserved_keyword			{ $$ = kw_text(ps, @1); }
	| col_name_keyword				{ $$ = kw_text(ps, @1); }
	| type_func_name_keyword		{ $$ = kw_text(ps, @1); }
	;

ColLabel:
	IDENT							{ $$ = $1; }
	| unreserved_keyword			{ $$ = kw_text(ps, @1); }
	| col_name_keyword				{ $$ = kw_text(ps, @1); }
	| type_func_name_keyword		{ $$ = kw_text(ps, @1); }
	| reserved_keyword				{ $$ = kw_text(ps, @1); }
	;

BareColLabel:
	IDENT							{ $$ = $1; }
	| bare_label_keyword			{ $$ = kw_text(ps, @1); }
	;

unreserved_keyword:
	plain_unreserved_keyword
	| show_keyword
	;

/*
 * The keyword lists, from keywords.c's categories (tests/unit/parser/
 * keywords.c checks that they agree).
 */
plain_unreserved_keyword:
	ABORT
	| ABSOLUTE
	| ACCESS
	| ACTION
	| ADD
	| ADMIN
	| AFTER
	| AGGREGATE
	| ALSO
	| ALTER
	| ALWAYS
	| ASENSITIVE
	| ASSERTION
	| ASSIGNMENT
	| AT
	| ATOMIC
	| ATTACH
	| ATTRIBUTE
	| BACKWARD
	| BEFORE
	| BEGIN
	| BREADTH
	| BY
	| CACHE
	| CALL
	| CALLED
	| CASCADE
	| CASCADED
	| CATALOG
	| CHAIN
	| CHARACTERISTICS
	| CHECKPOINT
	| CLASS
	| CLOSE
	| CLUSTER
	| COMMENT
	| COMMENTS
	| COMMIT
	| COMMITTED
	| COMPRESSION
	| CONFIGURATION
	| CONFLICT
	| CONNECTION
	| CONSTRAINTS
	| CONTENT
	| CONTINUE
	| CONVERSION
	| COPY
	| COST
	| CSV
	| CUBE
	| CURRENT
	| CURSOR
	| CYCLE
	| DATA
	| DATABASE
	| DAY
	| DEALLOCATE
	| DECLARE
	| DEFAULTS
	| DEFERRED
	| DEFINER
	| DELETE
	| DELIMITER
	| DELIMITERS
	| DEPENDS
	| DEPTH
	| DESCRIBE
	| DETACH
	| DICTIONARY
	| DISABLE
	| DISCARD
	| DOCUMENT
	| DOMAIN
	| DOUBLE
	| DROP
	| EACH
	| ENABLE
	| ENCODING
	| ENCRYPTED
	| ENUM
	| ESCAPE
	| EVENT
	| EXCLUDE
	| EXCLUDING
	| EXCLUSIVE
	| EXECUTE
	| EXPLAIN
	| EXPRESSION
	| EXTENSION
	| EXTERNAL
	| FAMILY
	| FILTER
	| FINALIZE
	| FIRST
	| FOLLOWING
	| FORCE
	| FORWARD
	| FUNCTION
	| FUNCTIONS
	| GENERATED
	| GLOBAL
	| GRANTED
	| GROUPS
	| HANDLER
	| HEADER
	| HOLD
	| HOUR
	| IDENTITY
	| IF
	| IMMEDIATE
	| IMMUTABLE
	| IMPLICIT
	| IMPORT
	| INCLUDE
	| INCLUDING
	| INCREMENT
	| INDEX
	| INDEXES
	| INHERIT
	| INHERITS
	| INLINE
	| INPUT
	| INSENSITIVE
	| INSERT
	| INSTEAD
	| INVOKER
	| ISOLATION
	| KEY
	| LABEL
	| LANGUAGE
	| LARGE
	| LAST
	| LEAKPROOF
	| LEVEL
	| LISTEN
	| LOAD
	| LOCAL
	| LOCATION
	| LOCK
	| LOCKED
	| LOGGED
	| MAPPING
	| MATCH
	| MATCHED
	| MATERIALIZED
	| MAXVALUE
	| MERGE
	| METHOD
	| MINUTE
	| MINVALUE
	| MODE
	| MONTH
	| MOVE
	| NAME
	| NAMES
	| NEW
	| NEXT
	| NFC
	| NFD
	| NFKC
	| NFKD
	| NO
	| NORMALIZED
	| NOTHING
	| NOTIFY
	| NOWAIT
	| NULLS
	| OBJECT
	| OF
	| OFF
	| OIDS
	| OLD
	| OPERATOR
	| OPTION
	| OPTIONS
	| ORDINALITY
	| OTHERS
	| OVER
	| OVERRIDING
	| OWNED
	| OWNER
	| PARALLEL
	| PARAMETER
	| PARSER
	| PARTIAL
	| PARTITION
	| PASSING
	| PASSWORD
	| PLANS
	| POLICY
	| PRECEDING
	| PREPARE
	| PREPARED
	| PRESERVE
	| PRIOR
	| PRIVILEGES
	| PROCEDURAL
	| PROCEDURE
	| PROCEDURES
	| PROGRAM
	| PUBLICATION
	| QUOTE
	| RANGE
	| READ
	| REASSIGN
	| RECHECK
	| RECURSIVE
	| REF
	| REFERENCING
	| REFRESH
	| REINDEX
	| RELATIVE
	| RELEASE
	| RENAME
	| REPEATABLE
	| REPLACE
	| REPLICA
	| RESET
	| RESTART
	| RESTRICT
	| RETURN
	| RETURNS
	| REVOKE
	| ROLE
	| ROLLBACK
	| ROLLUP
	| ROUTINE
	| ROUTINES
	| ROWS
	| RULE
	| SAVEPOINT
	| SCHEMA
	| SCROLL
	| SEARCH
	| SECOND
	| SECURITY
	| SEQUENCE
	| SEQUENCES
	| SERIALIZABLE
	| SERVER
	| SESSION
	| SET
	| SETS
	| SHARE
	| SHOW
	| SIMPLE
	| SKIP
	| SNAPSHOT
	| SQL
	| STABLE
	| STANDALONE
	| START
	| STATEMENT
	| STATISTICS
	| STDIN
	| STDOUT
	| STORAGE
	| STORED
	| STRICT
	| STRIP
	| SUBSCRIPTION
	| SUPPORT
	| SYSID
	| SYSTEM
	| SYSTEM_TIME
	| TABLESPACE
	| TEMP
	| TEMPLATE
	| TEMPORARY
	| TEXT
	| TIES
	| TRANSACTION
	| TRANSFORM
	| TRIGGER
	| TRUNCATE
	| TRUSTED
	| TYPE
	| TYPES
	| UESCAPE
	| UNBOUNDED
	| UNCOMMITTED
	| UNENCRYPTED
	| UNKNOWN
	| UNLISTEN
	| UNLOGGED
	| UNTIL
	| UPDATE
	| VACUUM
	| VALID
	| VALIDATE
	| VALIDATOR
	| VALUE
	| VARYING
	| VERSION
	| VIEW
	| VIEWS
	| VOLATILE
	| WHITESPACE
	| WITHIN
	| WITHOUT
	| WORK
	| WRAPPER
	| WRITE
	| XML
	| YEAR
	| YES
	| ZONE
	;

show_keyword:
	COLUMNS
	| DATABASES
	| SCHEMAS
	| TABLES
	| VALIDATION
	;

col_name_keyword:
	BETWEEN
	| BIGINT
	| BIT
	| BOOLEAN
	| CHAR
	| CHARACTER
	| COALESCE
	| DEC
	| DECIMAL
	| EXISTS
	| EXTRACT
	| FLOAT
	| GREATEST
	| GROUPING
	| INOUT
	| INT
	| INTEGER
	| INTERVAL
	| LEAST
	| NATIONAL
	| NCHAR
	| NONE
	| NORMALIZE
	| NULLIF
	| NUMERIC
	| OUT
	| OVERLAY
	| POSITION
	| PRECISION
	| REAL
	| ROW
	| SETOF
	| SMALLINT
	| SUBSTRING
	| TIME
	| TIMESTAMP
	| TREAT
	| TRIM
	| VALUES
	| VARCHAR
	| XMLATTRIBUTES
	| XMLCONCAT
	| XMLELEMENT
	| XMLEXISTS
	| XMLFOREST
	| XMLNAMESPACES
	| XMLPARSE
	| XMLPI
	| XMLROOT
	| XMLSERIALIZE
	| XMLTABLE
	;

type_func_name_keyword:
	AUTHORIZATION
	| BINARY
	| COLLATION
	| CONCURRENTLY
	| CROSS
	| CURRENT_SCHEMA
	| FREEZE
	| FULL
	| ILIKE
	| INNER
	| IS
	| ISNULL
	| JOIN
	| LEFT
	| LIKE
	| NATURAL
	| NOTNULL
	| OUTER
	| OVERLAPS
	| RIGHT
	| SIMILAR
	| TABLESAMPLE
	| VERBOSE
	;

reserved_keyword:
	ALL
	| ANALYSE
	| ANALYZE
	| AND
	| ANY
	| ARRAY
	| AS
	| ASC
	| ASYMMETRIC
	| BOTH
	| CASE
	| CAST
	| CHECK
	| COLLATE
	| COLUMN
	| CONSTRAINT
	| CREATE
	| CURRENT_CATALOG
	| CURRENT_DATE
	| CURRENT_ROLE
	| CURRENT_TIME
	| CURRENT_TIMESTAMP
	| CURRENT_USER
	| DEFAULT
	| DEFERRABLE
	| DESC
	| DISTINCT
	| DO
	| ELSE
	| END
	| EXCEPT
	| FALSE_P
	| FETCH
	| FOR
	| FOREIGN
	| FROM
	| GRANT
	| GROUP
	| HAVING
	| IN
	| INITIALLY
	| INTERSECT
	| INTO
	| LATERAL
	| LEADING
	| LIMIT
	| LOCALTIME
	| LOCALTIMESTAMP
	| NOT
	| NULL_P
	| OFFSET
	| ON
	| ONLY
	| OR
	| ORDER
	| PLACING
	| PRIMARY
	| REFERENCES
	| RETURNING
	| SELECT
	| SESSION_USER
	| SOME
	| SYMMETRIC
	| TABLE
	| THEN
	| TO
	| TRAILING
	| TRUE_P
	| UNION
	| UNIQUE
	| USER
	| USING
	| VARIADIC
	| WHEN
	| WHERE
	| WINDOW
	| WITH
	;

bare_label_keyword:
	ABORT
	| ABSOLUTE
	| ACCESS
	| ACTION
	| ADD
	| ADMIN
	| AFTER
	| AGGREGATE
	| ALL
	| ALSO
	| ALTER
	| ALWAYS
	| ANALYSE
	| ANALYZE
	| AND
	| ANY
	| ASC
	| ASENSITIVE
	| ASSERTION
	| ASSIGNMENT
	| ASYMMETRIC
	| AT
	| ATOMIC
	| ATTACH
	| ATTRIBUTE
	| AUTHORIZATION
	| BACKWARD
	| BEFORE
	| BEGIN
	| BETWEEN
	| BIGINT
	| BINARY
	| BIT
	| BOOLEAN
	| BOTH
	| BREADTH
	| BY
	| CACHE
	| CALL
	| CALLED
	| CASCADE
	| CASCADED
	| CASE
	| CAST
	| CATALOG
	| CHAIN
	| CHARACTERISTICS
	| CHECK
	| CHECKPOINT
	| CLASS
	| CLOSE
	| CLUSTER
	| COALESCE
	| COLLATE
	| COLLATION
	| COLUMN
	| COLUMNS
	| COMMENT
	| COMMENTS
	| COMMIT
	| COMMITTED
	| COMPRESSION
	| CONCURRENTLY
	| CONFIGURATION
	| CONFLICT
	| CONNECTION
	| CONSTRAINT
	| CONSTRAINTS
	| CONTENT
	| CONTINUE
	| CONVERSION
	| COPY
	| COST
	| CROSS
	| CSV
	| CUBE
	| CURRENT
	| CURRENT_CATALOG
	| CURRENT_DATE
	| CURRENT_ROLE
	| CURRENT_SCHEMA
	| CURRENT_TIME
	| CURRENT_TIMESTAMP
	| CURRENT_USER
	| CURSOR
	| CYCLE
	| DATA
	| DATABASE
	| DATABASES
	| DEALLOCATE
	| DEC
	| DECIMAL
	| DECLARE
	| DEFAULT
	| DEFAULTS
	| DEFERRABLE
	| DEFERRED
	| DEFINER
	| DELETE
	| DELIMITER
	| DELIMITERS
	| DEPENDS
	| DEPTH
	| DESC
	| DESCRIBE
	| DETACH
	| DICTIONARY
	| DISABLE
	| DISCARD
	| DISTINCT
	| DO
	| DOCUMENT
	| DOMAIN
	| DOUBLE
	| DROP
	| EACH
	| ELSE
	| ENABLE
	| ENCODING
	| ENCRYPTED
	| END
	| ENUM
	| ESCAPE
	| EVENT
	| EXCLUDE
	| EXCLUDING
	| EXCLUSIVE
	| EXECUTE
	| EXISTS
	| EXPLAIN
	| EXPRESSION
	| EXTENSION
	| EXTERNAL
	| EXTRACT
	| FALSE_P
	| FAMILY
	| FINALIZE
	| FIRST
	| FLOAT
	| FOLLOWING
	| FORCE
	| FOREIGN
	| FORWARD
	| FREEZE
	| FULL
	| FUNCTION
	| FUNCTIONS
	| GENERATED
	| GLOBAL
	| GRANTED
	| GREATEST
	| GROUPING
	| GROUPS
	| HANDLER
	| HEADER
	| HOLD
	| IDENTITY
	| IF
	| ILIKE
	| IMMEDIATE
	| IMMUTABLE
	| IMPLICIT
	| IMPORT
	| IN
	| INCLUDE
	| INCLUDING
	| INCREMENT
	| INDEX
	| INDEXES
	| INHERIT
	| INHERITS
	| INITIALLY
	| INLINE
	| INNER
	| INOUT
	| INPUT
	| INSENSITIVE
	| INSERT
	| INSTEAD
	| INT
	| INTEGER
	| INTERVAL
	| INVOKER
	| IS
	| ISOLATION
	| JOIN
	| KEY
	| LABEL
	| LANGUAGE
	| LARGE
	| LAST
	| LATERAL
	| LEADING
	| LEAKPROOF
	| LEAST
	| LEFT
	| LEVEL
	| LIKE
	| LISTEN
	| LOAD
	| LOCAL
	| LOCALTIME
	| LOCALTIMESTAMP
	| LOCATION
	| LOCK
	| LOCKED
	| LOGGED
	| MAPPING
	| MATCH
	| MATCHED
	| MATERIALIZED
	| MAXVALUE
	| MERGE
	| METHOD
	| MINVALUE
	| MODE
	| MOVE
	| NAME
	| NAMES
	| NATIONAL
	| NATURAL
	| NCHAR
	| NEW
	| NEXT
	| NFC
	| NFD
	| NFKC
	| NFKD
	| NO
	| NONE
	| NORMALIZE
	| NORMALIZED
	| NOT
	| NOTHING
	| NOTIFY
	| NOWAIT
	| NULL_P
	| NULLIF
	| NULLS
	| NUMERIC
	| OBJECT
	| OF
	| OFF
	| OIDS
	| OLD
	| ONLY
	| OPERATOR
	| OPTION
	| OPTIONS
	| OR
	| ORDINALITY
	| OTHERS
	| OUT
	| OUTER
	| OVERLAY
	| OVERRIDING
	| OWNED
	| OWNER
	| PARALLEL
	| PARAMETER
	| PARSER
	| PARTIAL
	| PARTITION
	| PASSING
	| PASSWORD
	| PLACING
	| PLANS
	| POLICY
	| POSITION
	| PRECEDING
	| PREPARE
	| PREPARED
	| PRESERVE
	| PRIMARY
	| PRIOR
	| PRIVILEGES
	| PROCEDURAL
	| PROCEDURE
	| PROCEDURES
	| PROGRAM
	| PUBLICATION
	| QUOTE
	| RANGE
	| READ
	| REAL
	| REASSIGN
	| RECHECK
	| RECURSIVE
	| REF
	| REFERENCES
	| REFERENCING
	| REFRESH
	| REINDEX
	| RELATIVE
	| RELEASE
	| RENAME
	| REPEATABLE
	| REPLACE
	| REPLICA
	| RESET
	| RESTART
	| RESTRICT
	| RETURN
	| RETURNS
	| REVOKE
	| RIGHT
	| ROLE
	| ROLLBACK
	| ROLLUP
	| ROUTINE
	| ROUTINES
	| ROW
	| ROWS
	| RULE
	| SAVEPOINT
	| SCHEMA
	| SCHEMAS
	| SCROLL
	| SEARCH
	| SECURITY
	| SELECT
	| SEQUENCE
	| SEQUENCES
	| SERIALIZABLE
	| SERVER
	| SESSION
	| SESSION_USER
	| SET
	| SETOF
	| SETS
	| SHARE
	| SHOW
	| SIMILAR
	| SIMPLE
	| SKIP
	| SMALLINT
	| SNAPSHOT
	| SOME
	| SQL
	| STABLE
	| STANDALONE
	| START
	| STATEMENT
	| STATISTICS
	| STDIN
	| STDOUT
	| STORAGE
	| STORED
	| STRICT
	| STRIP
	| SUBSCRIPTION
	| SUBSTRING
	| SUPPORT
	| SYMMETRIC
	| SYSID
	| SYSTEM
	| SYSTEM_TIME
	| TABLE
	| TABLES
	| TABLESAMPLE
	| TABLESPACE
	| TEMP
	| TEMPLATE
	| TEMPORARY
	| TEXT
	| THEN
	| TIES
	| TIME
	| TIMESTAMP
	| TRAILING
	| TRANSACTION
	| TRANSFORM
	| TREAT
	| TRIGGER
	| TRIM
	| TRUE_P
	| TRUNCATE
	| TRUSTED
	| TYPE
	| TYPES
	| UESCAPE
	| UNBOUNDED
	| UNCOMMITTED
	| UNENCRYPTED
	| UNIQUE
	| UNKNOWN
	| UNLISTEN
	| UNLOGGED
	| UNTIL
	| UPDATE
	| USER
	| USING
	| VACUUM
	| VALID
	| VALIDATE
	| VALIDATION
	| VALIDATOR
	| VALUE
	| VALUES
	| VARCHAR
	| VARIADIC
	| VERBOSE
	| VERSION
	| VIEW
	| VIEWS
	| VOLATILE
	| WHEN
	| WHITESPACE
	| WORK
	| WRAPPER
	| WRITE
	| XML
	| XMLATTRIBUTES
	| XMLCONCAT
	| XMLELEMENT
	| XMLEXISTS
	| XMLFOREST
	| XMLNAMESPACES
	| XMLPARSE
	| XMLPI
	| XMLROOT
	| XMLSERIALIZE
	| XMLTABLE
	| YES
	| ZONE
	;


%%

/* ============================================================== errors */

void sql_error_set(sql_error *err, const char *sqlstate, const char *text, size_t len, int offset,
	const char *fmt, ...)
{
	va_list ap;

	snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", sqlstate);
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	err->detail[0] = '\0';
	err->hint[0] = '\0';
	err->offset = offset;
	err->position = (offset >= 0 && text != NULL) ? sql_char_position(text, len, offset) : 0;
}

int sql_char_position(const char *text, size_t len, int offset)
{
	int pos = 1;

	if (offset < 0)
		return 0;
	for (size_t i = 0; i < (size_t)offset && i < len; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			pos++;
	return pos;
}

/* The length of s[0..n) cut to at most max bytes on a character boundary. */
static size_t utf8_clip(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

size_t sql_ident_truncate(sql_parse_state *ps, char *s, size_t n)
{
	size_t keep = utf8_clip(s, n, SQL_MAX_IDENT);
	sql_notice *nt;
	size_t msglen;

	if (keep == n)
		return n;
	nt = sql_arena_zalloc(ps->arena, sizeof(*nt));
	memcpy(nt->sqlstate, "42622", 6);
	msglen = n + keep + sizeof("identifier \"\" will be truncated to \"\"");
	nt->message = sql_arena_alloc(ps->arena, msglen);
	snprintf(nt->message, msglen, "identifier \"%s\" will be truncated to \"%.*s\"", s,
		(int)keep, s);
	*ps->notices_tail = nt;
	ps->notices_tail = &nt->next;
	s[keep] = '\0';
	return keep;
}

void sql_parse_error_at(sql_parse_state *ps, const char *sqlstate, int start, int end,
	const char *message)
{
	size_t room, n;

	if (ps->failed)
		return;
	ps->failed = true;
	if (start < 0 || (size_t)start >= ps->len) {
		sql_error_set(ps->err, sqlstate, ps->text, ps->len, (int)ps->len,
			"%s at end of input", message);
		return;
	}

	/* The token's text, cut (whole characters) to what the message can hold. */
	if (end < start || (size_t)end > ps->len)
		end = (int)ps->len;
	room = sizeof(ps->err->message) - strlen(message) - sizeof(" at or near \"\"");
	n = utf8_clip(ps->text + start, (size_t)(end - start), room);
	sql_error_set(ps->err, sqlstate, ps->text, ps->len, start, "%s at or near \"%.*s\"", message,
		(int)n, ps->text + start);
}

/* An error with no token quoted, the cursor at loc (-1: none); the first one wins. */
static void gram_error(sql_parse_state *ps, int loc, const char *sqlstate, const char *fmt, ...)
{
	char msg[sizeof(ps->err->message)];
	va_list ap;

	if (ps->failed)
		return;
	ps->failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sql_error_set(ps->err, sqlstate, ps->text, ps->len, loc, "%s", msg);
}

static void sql_yyerror(sql_loc *lloc, void *scanner, sql_parse_state *ps, const char *msg)
{
	(void)scanner;

	/* A scanner or action error was reported first; keep it. */
	if (ps->failed)
		return;

	/* Bison's stack overflowed: nesting too deep for the parser. */
	if (strcmp(msg, "memory exhausted") == 0) {
		gram_error(ps, -1, "54001", "stack depth limit exceeded");
		snprintf(ps->err->hint, sizeof(ps->err->hint),
			"Expressions may nest at most %d levels deep.", SQL_MAX_DEPTH);
		return;
	}
	if (ps->last.tok == SQL_TOK_YYEOF)
		sql_parse_error_at(ps, "42601", (int)ps->len, (int)ps->len, "syntax error");
	else
		sql_parse_error_at(ps, "42601", lloc->start, lloc->end, "syntax error");
}

/* =============================================================== UTF-8 */

size_t sql_utf8_char_len(const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len;

	if (s[0] < 0x80)
		return s[0] == 0 ? 0 : 1;
	if (s[0] < 0xC2)
		return 0;
	if (s[0] < 0xE0) {
		len = 2;
	} else if (s[0] < 0xF0) {
		len = 3;
		if (s[0] == 0xE0)
			lo = 0xA0;
		else if (s[0] == 0xED)
			hi = 0x9F; /* no surrogates */
	} else if (s[0] < 0xF5) {
		len = 4;
		if (s[0] == 0xF0)
			lo = 0x90;
		else if (s[0] == 0xF4)
			hi = 0x8F; /* nothing past U+10FFFF */
	} else {
		return 0;
	}
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return len;
}

int sql_utf8_check(sql_parse_state *ps, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		size_t len = sql_utf8_char_len((const char *)p + i, n - i);
		char bytes[4 * 5 + 1];
		size_t want, k, used = 0;

		if (len > 0) {
			i += len;
			continue;
		}

		/* PostgreSQL shows the bytes the first one announces. */
		want = (p[i] & 0xE0) == 0xC0 ? 2 : (p[i] & 0xF0) == 0xE0 ? 3 : (p[i] & 0xF8) == 0xF0 ? 4 : 1;
		for (k = 0; k < want && i + k < n; k++)
			used += (size_t)snprintf(bytes + used, sizeof(bytes) - used, "%s0x%02x",
				k ? " " : "", p[i + k]);
		if (!ps->failed) {
			ps->failed = true;
			sql_error_set(ps->err, "22021", NULL, 0, -1,
				"invalid byte sequence for encoding \"UTF8\": %s", bytes);
		}
		return -1;
	}
	return 0;
}

size_t sql_utf8_encode(uint32_t c, char *buf)
{
	if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	if (c < 0x80) {
		buf[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		buf[0] = (char)(0xC0 | (c >> 6));
		buf[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		buf[0] = (char)(0xE0 | (c >> 12));
		buf[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	buf[0] = (char)(0xF0 | (c >> 18));
	buf[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	buf[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	buf[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* ======================================================== token filter */

/* The token after the end stays the end: the scanner is not asked again. */
static bool is_final(int tok)
{
	return tok == SQL_TOK_YYEOF || tok == SQL_TOK_SQL_YYerror;
}

/* Append the scanner's next token to the queue (a copy of the end once reached). */
static sql_gram_token *queue_raw(sql_parse_state *ps)
{
	sql_gram_token *t = &ps->ahead[ps->nahead];

	assert(ps->nahead < (int)(sizeof(ps->ahead) / sizeof(ps->ahead[0])));
	if (ps->nahead > 0 && is_final(ps->ahead[ps->nahead - 1].tok))
		*t = ps->ahead[ps->nahead - 1];
	else if (ps->failed)
		*t = (sql_gram_token){SQL_TOK_SQL_YYerror, {0}, {(int)ps->len, (int)ps->len}};
	else
		t->tok = sql_scan_next(ps, &t->val, &t->loc);
	ps->nahead++;
	return t;
}

static int hexval(int c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

static bool is_hex(int c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* The value of the escape at in[i] (in[i] is esc): its length in *len, 0 if malformed. */
static uint32_t uescape_value(const char *in, size_t i, size_t n, size_t *len)
{
	size_t digits = 4, from = i + 1;
	uint32_t c = 0;

	if (in[i + 1] == '+') {
		digits = 6;
		from++;
	}
	*len = 0;
	if (from + digits > n)
		return 0;
	for (size_t k = 0; k < digits; k++) {
		if (!is_hex(in[from + k]))
			return 0;
		c = c * 16 + (uint32_t)hexval(in[from + k]);
	}
	*len = from + digits - i;
	return c;
}

/*
 * Decode the escapes of a U&'...' or U&"..." body (escape char esc):
 * esc XXXX, esc +XXXXXX, esc esc; a UTF-16 high surrogate must be
 * followed at once by a low one, in either form.  NULL on error.
 *
 * The cursor is where PostgreSQL puts it: base (the body's offset) plus
 * the offset in the body as the scanner left it, with '' already
 * collapsed to ' (so a doubled quote before the error shifts it by one,
 * as in PostgreSQL).
 */
static char *udecode(sql_parse_state *ps, const char *in, char esc, int base)
{
	size_t n = strlen(in);
	char *out = sql_arena_alloc(ps->arena, n + 1);
	uint32_t high = 0; /* a high surrogate waiting for its low half */
	size_t o = 0, i = 0;

	while (i < n) {
		size_t len, enc;
		uint32_t c;

		/* Plain text and esc esc end a pending pair. */
		if (in[i] != esc || in[i + 1] == esc) {
			if (high != 0)
				goto bad_pair;
			out[o++] = in[i];
			i += in[i] == esc ? 2 : 1;
			continue;
		}

		/* An escape: its value must be a code point. */
		c = uescape_value(in, i, n, &len);
		if (len == 0) {
			gram_error(ps, base + (int)i, "42601", "invalid Unicode escape");
			snprintf(ps->err->hint, sizeof(ps->err->hint), "%s",
				"Unicode escapes must be \\XXXX or \\+XXXXXX.");
			return NULL;
		}
		if (c == 0 || c > 0x10FFFF) {
			gram_error(ps, base + (int)i, "42601", "invalid Unicode escape value");
			return NULL;
		}

		/* Pair the halves of a surrogate; a half alone is an error. */
		if (high != 0) {
			if (c < 0xDC00 || c > 0xDFFF)
				goto bad_pair;
			c = 0x10000 + ((high - 0xD800) << 10) + (c - 0xDC00);
			high = 0;
		} else if (c >= 0xD800 && c <= 0xDBFF) {
			high = c;
			i += len;
			continue;
		} else if (c >= 0xDC00 && c <= 0xDFFF) {
			goto bad_pair;
		}
		enc = sql_utf8_encode(c, out + o);
		assert(enc > 0);
		o += enc;
		i += len;
	}
	if (high == 0) {
		out[o] = '\0';
		return out;
	}

bad_pair:
	gram_error(ps, base + (int)i, "42601", "invalid Unicode surrogate pair");
	return NULL;
}

/*
 * Turn the U& token at the end of the queue into IDENT or SCONST,
 * consuming a following UESCAPE 'c'; a token that is not UESCAPE stays
 * queued behind it.
 */
static void unicode_token(sql_parse_state *ps)
{
	int at = ps->nahead - 1;
	sql_gram_token *t = &ps->ahead[at];
	char esc = '\\';
	char *s;

	/* UESCAPE: the token and its string are consumed here. */
	if (queue_raw(ps)->tok == SQL_TOK_UESCAPE) {
		sql_gram_token *e = queue_raw(ps);

		if (e->tok != SQL_TOK_SCONST) {
			sql_parse_error_at(ps, "42601", e->loc.start, e->loc.end,
				"UESCAPE must be followed by a simple string literal");
			ps->nahead = at + 1;
			t->tok = SQL_TOK_SQL_YYerror;
			return;
		}
		if (strlen(e->val.str) != 1 || is_hex(e->val.str[0]) ||
			strchr("+'\" \t\n\r\f", e->val.str[0]) != NULL) {
			sql_parse_error_at(ps, "42601", e->loc.start, e->loc.end,
				"invalid Unicode escape character");
			ps->nahead = at + 1;
			t->tok = SQL_TOK_SQL_YYerror;
			return;
		}
		esc = e->val.str[0];
		t->loc.end = e->loc.end;
		ps->nahead = at + 1;
	}

	s = udecode(ps, t->val.str, esc, t->loc.start + 3);
	if (s == NULL) {
		ps->nahead = at + 1;
		t->tok = SQL_TOK_SQL_YYerror;
		return;
	}
	if (t->tok == SQL_TOK_USCONST) {
		t->tok = SQL_TOK_SCONST;
	} else if (*s == '\0') {
		sql_parse_error_at(ps, "42601", t->loc.start, t->loc.end,
			"zero-length delimited identifier");
		ps->nahead = at + 1;
		t->tok = SQL_TOK_SQL_YYerror;
		return;
	} else {
		sql_ident_truncate(ps, s, strlen(s));
		t->tok = SQL_TOK_IDENT;
	}
	t->val.str = s;
}

/* Make sure the queue holds n tokens. */
static void fill(sql_parse_state *ps, int n)
{
	while (ps->nahead < n) {
		int tok = queue_raw(ps)->tok;

		if (tok == SQL_TOK_UIDENT || tok == SQL_TOK_USCONST)
			unicode_token(ps);
	}
}

/* Tokens that start the value of AS OF (not an alias named "of"). */
static bool starts_as_of_value(int tok)
{
	static const int toks[] = {SQL_TOK_SCONST, SQL_TOK_ICONST, SQL_TOK_FCONST, SQL_TOK_PARAM,
		SQL_TOK_IDENT, SQL_TOK_CURRENT_TIMESTAMP, SQL_TOK_CURRENT_DATE,
		SQL_TOK_LOCALTIMESTAMP, SQL_TOK_TIMESTAMP, SQL_TOK_CAST};

	for (size_t i = 0; i < sizeof(toks) / sizeof(toks[0]); i++)
		if (toks[i] == tok)
			return true;
	return false;
}

/*
 * The parser's lexer: the scanner's tokens, with the lookahead rules
 * PostgreSQL's grammar relies on (one token each, two for AS OF), so the
 * grammar stays LALR(1):
 *   NOT before BETWEEN, IN, LIKE, ILIKE, SIMILAR -> NOT_LA
 *   NULLS before FIRST, LAST -> NULLS_LA
 *   WITH before TIME, ORDINALITY -> WITH_LA
 *   FOR before SYSTEM_TIME -> FOR_LA (FROM t FOR SYSTEM_TIME vs FOR UPDATE)
 *   AS before OF and a value (a string, number, $n, identifier or a
 *   timestamp keyword) -> AS_LA, except in FOR SYSTEM_TIME AS OF; so
 *   `FROM t AS of` and `AS of (a, b)` still alias the table "of".
 * After an error it only returns the error token.
 */
static int sql_yylex(SQL_YYSTYPE *lval, sql_loc *lloc, void *scanner, sql_parse_state *ps)
{
	sql_gram_token cur;
	int next;

	(void)scanner;
	fill(ps, 1);
	cur = ps->ahead[0];
	memmove(ps->ahead, ps->ahead + 1, (size_t)(ps->nahead - 1) * sizeof(ps->ahead[0]));
	ps->nahead--;
	if (ps->failed)
		cur.tok = SQL_TOK_SQL_YYerror;

	switch (cur.tok) {
	case SQL_TOK_NOT:
		fill(ps, 1);
		next = ps->ahead[0].tok;
		if (next == SQL_TOK_BETWEEN || next == SQL_TOK_IN || next == SQL_TOK_LIKE ||
			next == SQL_TOK_ILIKE || next == SQL_TOK_SIMILAR)
			cur.tok = SQL_TOK_NOT_LA;
		break;
	case SQL_TOK_NULLS:
		fill(ps, 1);
		next = ps->ahead[0].tok;
		if (next == SQL_TOK_FIRST || next == SQL_TOK_LAST)
			cur.tok = SQL_TOK_NULLS_LA;
		break;
	case SQL_TOK_WITH:
		fill(ps, 1);
		next = ps->ahead[0].tok;
		if (next == SQL_TOK_TIME || next == SQL_TOK_ORDINALITY)
			cur.tok = SQL_TOK_WITH_LA;
		break;
	case SQL_TOK_FOR:
		fill(ps, 1);
		if (ps->ahead[0].tok == SQL_TOK_SYSTEM_TIME)
			cur.tok = SQL_TOK_FOR_LA;
		break;
	case SQL_TOK_AS:
		if (ps->prev_tok == SQL_TOK_SYSTEM_TIME)
			break;
		fill(ps, 2);
		if (ps->ahead[0].tok == SQL_TOK_OF && starts_as_of_value(ps->ahead[1].tok))
			cur.tok = SQL_TOK_AS_LA;
		break;
	default:
		break;
	}
	if (ps->failed)
		cur.tok = SQL_TOK_SQL_YYerror;

	ps->prev_tok = cur.tok;
	ps->last = cur;
	*lval = cur.val;
	*lloc = cur.loc;
	return cur.tok;
}

/* ============================================================= helpers */

/* A keyword used as a name: its text, folded (keywords are ASCII). */
static char *kw_text(sql_parse_state *ps, sql_loc l)
{
	char *s = sql_arena_strndup(A, ps->text + l.start, (size_t)(l.end - l.start));

	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + ('a' - 'A'));
	return s;
}

static sql_list *str_list1(sql_parse_state *ps, const char *s, sql_loc l)
{
	return LIST1(STR(s, l));
}

/* "a.b.c" for messages. */
static char *join_names(sql_parse_state *ps, sql_list *names)
{
	size_t len = 1;
	char *out;

	for (int i = 0; i < sql_list_len(names); i++)
		len += strlen(sql_list_str(names, i)) + 1;
	out = sql_arena_alloc(A, len);
	out[0] = '\0';
	for (int i = 0; i < sql_list_len(names); i++) {
		if (i > 0)
			strcat(out, ".");
		strcat(out, sql_list_str(names, i));
	}
	return out;
}

/*
 * A column reference from its first name and what followed: leading
 * .name parts (and a final .*) are the reference, the rest (subscripts,
 * later fields) an indirection over it, as PostgreSQL's makeColumnRef.
 */
static sql_node *mk_colref(sql_parse_state *ps, char *first, sql_loc first_loc, sql_list *ind,
	sql_loc l)
{
	sql_colref *c = NEW(colref, COLREF, l);
	sql_list *rest = NULL;
	int i;

	c->fields = str_list1(ps, first, first_loc);
	for (i = 0; i < sql_list_len(ind); i++) {
		sql_node *e = ind->items[i];

		if (e->kind == SQL_SUBSCRIPT)
			break;
		c->fields = APPEND(c->fields, e);
		if (e->kind == SQL_STAR) {
			if (i + 1 < ind->len)
				sql_parse_error_at(ps, "42601", ps->last.loc.start, ps->last.loc.end,
					"improper use of \"*\"");
			i++;
			break;
		}
	}
	if (i == sql_list_len(ind))
		return &c->n;
	c->n.end = c->fields->n.end;
	for (; i < ind->len; i++)
		rest = APPEND(rest, ind->items[i]);
	return mk_indirection(ps, &c->n, rest, l);
}

/* A dotted name of at most max_parts parts, each a name (no * or subscript). */
static sql_list *mk_qualified(sql_parse_state *ps, char *first, sql_loc first_loc, sql_list *ind,
	int max_parts, sql_loc l)
{
	sql_list *names = str_list1(ps, first, first_loc);

	for (int i = 0; i < sql_list_len(ind); i++) {
		sql_node *e = ind->items[i];

		if (e->kind != SQL_STR) {
			sql_parse_error_at(ps, "42601", e->loc, e->end, "syntax error");
			return names;
		}
		names = APPEND(names, e);
	}
	if (names->len > max_parts)
		gram_error(ps, l.start, "42601", "improper qualified name (too many dotted names): %s",
			join_names(ps, names));
	return names;
}

static sql_range_var *mk_range_var(sql_parse_state *ps, sql_list *names, sql_loc l)
{
	sql_range_var *r = NEW(range_var, RANGE_VAR, l);

	r->names = names;
	return r;
}

/* arg with steps applied; a * must be the last step. */
static sql_node *mk_indirection(sql_parse_state *ps, sql_node *arg, sql_list *steps, sql_loc l)
{
	sql_indirection *n;

	if (steps == NULL)
		return arg;
	for (int i = 0; i + 1 < steps->len; i++)
		if (steps->items[i]->kind == SQL_STAR)
			sql_parse_error_at(ps, "42601", ps->last.loc.start, ps->last.loc.end,
				"improper use of \"*\"");
	n = NEW(indirection, INDIRECTION, l);
	n->arg = arg;
	n->steps = steps;
	return &n->n;
}

static sql_node *mk_op(sql_parse_state *ps, const char *name, sql_node *left, sql_node *right,
	sql_loc l, int op_loc)
{
	sql_op *o = NEW(op, OP, l);

	o->name = DUP(name);
	o->left = left;
	o->right = right;
	o->op_loc = op_loc;
	return &o->n;
}

/* An operator written as Op or OPERATOR(schema.op): op is [op] or [schema, op]. */
static sql_node *mk_qual_op(sql_parse_state *ps, sql_list *op, sql_node *left, sql_node *right,
	sql_loc l, int op_loc)
{
	sql_op *o = sql_as_op(mk_op(ps, sql_list_str(op, op->len - 1), left, right, l, op_loc));

	if (op->len > 1)
		o->schema = (char *)sql_list_str(op, 0);
	return &o->n;
}

/* AND and OR chains grow one node, as PostgreSQL's makeAndExpr: a flat, shallow tree. */
static sql_node *mk_bool(sql_parse_state *ps, sql_bool_op op, sql_node *left, sql_node *right,
	sql_loc l)
{
	sql_boolexpr *b;

	if (left->kind == SQL_BOOLEXPR && sql_as_boolexpr(left)->op == op) {
		b = sql_as_boolexpr(left);
		b->args = APPEND(b->args, right);
		b->n.loc = l.start;
		b->n.end = l.end;
		return left;
	}
	b = NEW(boolexpr, BOOLEXPR, l);
	b->op = op;
	b->args = APPEND(LIST1(left), right);
	return &b->n;
}

static sql_node *mk_not(sql_parse_state *ps, sql_node *arg, sql_loc l)
{
	sql_boolexpr *b = NEW(boolexpr, BOOLEXPR, l);

	b->op = SQL_NOT;
	b->args = LIST1(arg);
	return &b->n;
}

/* An integer text that fits int8 becomes an INTEGER constant. */
static bool parse_int8(const char *text, int64_t *out)
{
	const char *p = text;
	bool neg = *p == '-';
	uint64_t v = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;

	if (neg)
		p++;
	if (*p == '\0')
		return false;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		if (v > (limit - (uint64_t)(*p - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

/*
 * -x: a numeric constant takes the sign (PostgreSQL's doNegate), so
 * -2147483648 is one int4 constant; anything else is the prefix operator.
 */
static sql_node *mk_negate(sql_parse_state *ps, sql_node *arg, sql_loc l, int op_loc)
{
	sql_const *c;
	char *text;

	if (arg->kind != SQL_CONST)
		return mk_op(ps, "-", NULL, arg, l, op_loc);
	c = sql_as_const(arg);
	if (c->ckind == SQL_CONST_INTEGER && c->ival != INT64_MIN) {
		sql_const *n = sql_const_int(A, -c->ival, l.start, l.end);

		return &n->n;
	}
	if (c->ckind != SQL_CONST_NUMERIC && c->ckind != SQL_CONST_INTEGER)
		return mk_op(ps, "-", NULL, arg, l, op_loc);

	/* Numeric text: add or drop the sign, then it may fit int8. */
	if (c->text[0] == '-') {
		text = DUP(c->text + 1);
	} else {
		text = sql_arena_alloc(A, strlen(c->text) + 2);
		text[0] = '-';
		strcpy(text + 1, c->text);
	}
	return mk_numeric(ps, text, l);
}

static sql_node *mk_like(sql_parse_state *ps, sql_like_kind op, bool negated, sql_node *arg,
	sql_node *pattern, sql_node *escape, sql_loc l, int op_loc)
{
	sql_like *k = NEW(like, LIKE, l);

	k->op = op;
	k->negated = negated;
	k->arg = arg;
	k->pattern = pattern;
	k->escape = escape;
	k->op_loc = op_loc;
	return &k->n;
}

static sql_node *mk_between(sql_parse_state *ps, bool negated, bool symmetric, sql_node *arg,
	sql_node *low, sql_node *high, sql_loc l, int op_loc)
{
	sql_between *b = NEW(between, BETWEEN, l);

	b->negated = negated;
	b->symmetric = symmetric;
	b->arg = arg;
	b->low = low;
	b->high = high;
	b->op_loc = op_loc;
	return &b->n;
}

/* IN (list) is an IN_LIST; IN (subquery) an ANY "=" sublink, under NOT for NOT IN. */
static sql_node *mk_in(sql_parse_state *ps, bool negated, sql_node *arg, sql_node *in, sql_loc l,
	int op_loc)
{
	sql_in_list *n;

	if (in->kind == SQL_SELECT) {
		sql_node *s = mk_sublink(ps, SQL_SUBLINK_ANY, arg, str_list1(ps, "=", l), in, l, op_loc);

		return negated ? mk_not(ps, s, l) : s;
	}
	n = NEW(in_list, IN_LIST, l);
	n->negated = negated;
	n->arg = arg;
	n->items = (sql_list *)in;
	n->op_loc = op_loc;
	return &n->n;
}

static sql_node *mk_sublink(sql_parse_state *ps, sql_sublink_kind kind, sql_node *test,
	sql_list *op, sql_node *subquery, sql_loc l, int op_loc)
{
	sql_sublink *s = NEW(sublink, SUBLINK, l);

	s->sublink = kind;
	s->test = test;
	s->subquery = subquery;
	s->op_loc = op_loc;
	if (op != NULL) {
		s->op_name = (char *)sql_list_str(op, op->len - 1);
		if (op->len > 1)
			s->op_schema = (char *)sql_list_str(op, 0);
	}
	return &s->n;
}

static sql_node *mk_any_all(sql_parse_state *ps, sql_list *op, bool all, sql_node *left,
	sql_node *right, sql_loc l, int op_loc)
{
	sql_any_all *a = NEW(any_all, ANY_ALL, l);

	a->name = (char *)sql_list_str(op, op->len - 1);
	if (op->len > 1)
		a->schema = (char *)sql_list_str(op, 0);
	a->all = all;
	a->left = left;
	a->right = right;
	a->op_loc = op_loc;
	return &a->n;
}

static sql_node *mk_nulltest(sql_parse_state *ps, sql_node *arg, bool negated, sql_loc l)
{
	sql_nulltest *t = NEW(nulltest, NULLTEST, l);

	t->arg = arg;
	t->negated = negated;
	return &t->n;
}

static sql_node *mk_booltest(sql_parse_state *ps, sql_node *arg, sql_booltest_kind test, sql_loc l)
{
	sql_booltest *t = NEW(booltest, BOOLTEST, l);

	t->arg = arg;
	t->test = test;
	return &t->n;
}

static sql_node *mk_distinct(sql_parse_state *ps, sql_node *left, sql_node *right, bool negated,
	sql_loc l, int op_loc)
{
	sql_distinct *d = NEW(distinct, DISTINCT, l);

	d->left = left;
	d->right = right;
	d->negated = negated;
	d->op_loc = op_loc;
	return &d->n;
}

/* A decimal, real or too-large integer literal: INTEGER when it fits int8. */
static sql_node *mk_numeric(sql_parse_state *ps, const char *text, sql_loc l)
{
	int64_t v;

	if (parse_int8(text, &v))
		return &sql_const_int(A, v, l.start, l.end)->n;
	return &sql_const_new(A, SQL_CONST_NUMERIC, text, l.start, l.end)->n;
}

static sql_node *mk_string(sql_parse_state *ps, const char *s, sql_loc l)
{
	return &sql_const_new(A, SQL_CONST_STRING, s, l.start, l.end)->n;
}

static sql_node *mk_bool_const(sql_parse_state *ps, bool v, sql_loc l)
{
	sql_const *c = sql_const_new(A, SQL_CONST_BOOL, v ? "true" : "false", l.start, l.end);

	c->bval = v;
	return &c->n;
}

static sql_node *mk_null_const(sql_parse_state *ps, sql_loc l)
{
	return &sql_const_new(A, SQL_CONST_NULL, NULL, l.start, l.end)->n;
}

/* B'...' / X'...': the digits are checked here, as PostgreSQL's bit input does. */
static sql_node *mk_bitstring(sql_parse_state *ps, const char *text, sql_loc l)
{
	bool hex = text[0] == 'x';

	for (const char *p = text + 1; *p; p++) {
		bool ok = hex ? is_hex(*p) : (*p == '0' || *p == '1');
		size_t n = 1;

		if (ok)
			continue;
		while (((unsigned char)p[n] & 0xC0) == 0x80)
			n++;
		gram_error(ps, l.start, "22P02", "\"%.*s\" is not a valid %s digit", (int)n, p,
			hex ? "hexadecimal" : "binary");
		break;
	}
	return &sql_const_new(A, SQL_CONST_BITSTRING, text, l.start, l.end)->n;
}

static sql_node *mk_cast(sql_parse_state *ps, sql_node *arg, sql_typename *type,
	sql_cast_syntax syntax, sql_loc l, int op_loc)
{
	sql_cast *c = NEW(cast, CAST, l);

	c->syntax = syntax;
	c->arg = arg;
	c->type = type;
	c->op_loc = op_loc;
	return &c->n;
}

static sql_typename *mk_typename(sql_parse_state *ps, sql_list *names, sql_loc l)
{
	sql_typename *t = NEW(typename, TYPENAME, l);

	t->names = names;
	return t;
}

/* pg_catalog.<name>: a standard type under its internal name. */
static sql_typename *mk_systype(sql_parse_state *ps, const char *name, sql_loc l)
{
	sql_list *names = APPEND(str_list1(ps, "pg_catalog", (sql_loc){-1, -1}),
		sql_str_new(A, name, -1, -1));

	return mk_typename(ps, names, l);
}

/* bpchar or varchar, with typmod n when n >= 0. */
static sql_typename *mk_char_type(sql_parse_state *ps, const char *name, int typmod, sql_loc l)
{
	sql_typename *t = mk_systype(ps, name, l);

	if (typmod >= 0)
		t->typmods = LIST1(sql_const_int(A, typmod, -1, -1));
	return t;
}

/* FLOAT(p): float4 up to 24 bits of precision, float8 above (and without p). */
static sql_typename *mk_float_type(sql_parse_state *ps, int64_t bits, sql_loc l)
{
	return mk_systype(ps, bits >= 1 && bits <= 24 ? "float4" : "float8", l);
}

static sql_typename *mk_datetime_type(sql_parse_state *ps, const char *name, bool tz,
	int64_t precision, sql_loc l)
{
	char buf[16];
	sql_typename *t;

	snprintf(buf, sizeof(buf), "%s%s", name, tz ? "tz" : "");
	t = mk_systype(ps, buf, l);
	if (precision >= 0)
		t->typmods = LIST1(sql_const_int(A, precision, -1, -1));
	return t;
}

/*
 * interval with its field mask; the seconds precision comes from the
 * fields list (SECOND(p), its second item) or from INTERVAL(p).
 */
static sql_typename *mk_interval_type(sql_parse_state *ps, int fields, sql_list *prec,
	int64_t precision, sql_loc l)
{
	sql_typename *t = mk_systype(ps, "interval", l);

	t->interval_fields = fields;
	if (sql_list_len(prec) > 1)
		t->typmods = LIST1(sql_list_nth(prec, 1));
	else if (precision >= 0)
		t->typmods = LIST1(sql_const_int(A, precision, -1, -1));
	return t;
}

static sql_typename *add_array_bound(sql_parse_state *ps, sql_typename *t, int64_t bound,
	sql_loc l)
{
	t->array_bounds = APPEND(t->array_bounds, sql_const_int(A, bound, -1, -1));
	t->n.end = l.end;
	return t;
}

static sql_funccall *mk_func(sql_parse_state *ps, sql_list *name, sql_list *args, sql_loc l)
{
	sql_funccall *f = NEW(funccall, FUNCCALL, l);

	f->name = name;
	f->args = args;
	return f;
}

/* pg_catalog.<name>(args) standing for special SQL syntax. */
static sql_node *mk_sysfunc(sql_parse_state *ps, const char *name, sql_list *args, sql_loc l)
{
	sql_list *names = APPEND(str_list1(ps, "pg_catalog", (sql_loc){-1, -1}),
		sql_str_new(A, name, -1, -1));
	sql_funccall *f = mk_func(ps, names, args, l);

	f->syntax = SQL_FUNC_SQL_SYNTAX;
	return &f->n;
}

/* A call with its WITHIN GROUP, FILTER and OVER clauses. */
static sql_node *finish_func(sql_parse_state *ps, sql_funccall *f, sql_list *within_group,
	int within_loc, sql_node *filter, sql_window_def *over, sql_loc l)
{
	if (within_group != NULL) {
		if (f->agg_order != NULL)
			gram_error(ps, within_loc, "42601",
				"cannot use multiple ORDER BY clauses with WITHIN GROUP");
		else if (f->agg_distinct)
			gram_error(ps, within_loc, "42601",
				"cannot use DISTINCT with WITHIN GROUP");
		else if (f->variadic)
			gram_error(ps, within_loc, "42601",
				"cannot use VARIADIC with WITHIN GROUP");
		f->agg_order = within_group;
		f->agg_within_group = true;
	}
	f->agg_filter = filter;
	f->over = over;
	f->n.loc = l.start;
	f->n.end = l.end;
	return &f->n;
}

static sql_node *mk_value_func(sql_parse_state *ps, sql_value_func_op op, int64_t precision,
	sql_loc l)
{
	sql_value_func *v = NEW(value_func, VALUE_FUNC, l);

	v->op = op;
	v->precision = (int)precision;
	return &v->n;
}

static sql_node *mk_extract_field(sql_parse_state *ps, const char *field, sql_loc l)
{
	return mk_string(ps, field, l);
}

/* distinct: NULL (none), an empty list (DISTINCT) or the DISTINCT ON expressions. */
static sql_select *mk_simple_select(sql_parse_state *ps, sql_list *distinct, sql_list *targets,
	sql_list *from, sql_node *where, sql_list *group_by, sql_node *having, sql_list *windows,
	sql_loc l)
{
	sql_select *s = NEW(select, SELECT, l);

	s->distinct = distinct != NULL;
	s->distinct_on = sql_list_len(distinct) > 0 ? distinct : NULL;
	s->targets = targets;
	s->from = from;
	s->where = where;
	s->group_by = group_by;
	s->having = having;
	s->windows = windows;
	return s;
}

static sql_select *mk_setop(sql_parse_state *ps, sql_set_op op, bool all, sql_select *larg,
	sql_select *rarg, sql_loc l)
{
	sql_select *s = NEW(select, SELECT, l);

	s->set_op = op;
	s->set_all = all;
	s->larg = larg;
	s->rarg = rarg;
	return s;
}

/* Attach ORDER BY, locking, LIMIT/OFFSET and WITH; each may be given once. */
static sql_select *sel_options(sql_parse_state *ps, sql_select *sel, sql_list *sort,
	sql_list *locking, sql_gram_limit *limit, sql_with *with, sql_loc l)
{
	if (sort != NULL) {
		if (sel->sort != NULL)
			gram_error(ps, sort->n.loc, "42601", "multiple ORDER BY clauses not allowed");
		sel->sort = sort;
	}
	sel->locking = sql_list_concat(A, sel->locking, locking);
	if (limit != NULL) {
		if (limit->offset != NULL) {
			if (sel->offset != NULL)
				gram_error(ps, limit->offset_loc, "42601",
					"multiple OFFSET clauses not allowed");
			sel->offset = limit->offset;
		}
		if (limit->kind != SQL_LIMIT_NONE) {
			if (sel->limit_kind != SQL_LIMIT_NONE)
				gram_error(ps, limit->limit_loc, "42601",
					"multiple LIMIT clauses not allowed");
			sel->limit_kind = limit->kind;
			sel->limit = limit->limit;
		}
		if (limit->kind == SQL_LIMIT_WITH_TIES && sel->sort == NULL)
			gram_error(ps, -1, "42601",
				"WITH TIES cannot be specified without ORDER BY clause");
	}
	if (with != NULL) {
		if (sel->with != NULL)
			gram_error(ps, with->n.loc, "42601", "multiple WITH clauses not allowed");
		sel->with = with;
	}
	sel->n.loc = l.start;
	sel->n.end = l.end;
	return sel;
}

/* VALUES: a new query for the first row, then one row more each time. */
static sql_select *mk_values(sql_parse_state *ps, sql_select *sel, sql_list *row, sql_loc l)
{
	if (sel == NULL)
		sel = NEW(select, SELECT, l);
	sel->values = APPEND(sel->values, row);
	sel->n.loc = l.start;
	sel->n.end = l.end;
	return sel;
}

static sql_gram_limit *mk_limit(sql_parse_state *ps, sql_limit_kind kind, sql_node *limit,
	sql_node *offset, int limit_loc, int offset_loc)
{
	sql_gram_limit *g = sql_arena_zalloc(A, sizeof(*g));

	g->kind = kind;
	g->limit = limit;
	g->offset = offset;
	g->limit_loc = limit_loc;
	g->offset_loc = offset_loc;
	return g;
}

/* The LIMIT part a with the OFFSET part b. */
static sql_gram_limit *merge_limit(sql_gram_limit *a, sql_gram_limit *b)
{
	a->offset = b->offset;
	a->offset_loc = b->offset_loc;
	return a;
}

static sql_node *mk_target(sql_parse_state *ps, sql_node *expr, char *name, sql_loc l)
{
	sql_target *t = NEW(target, TARGET, l);

	t->expr = expr;
	t->name = name;
	return &t->n;
}

/* `*` in a select list: a column reference whose only field is *. */
static sql_node *mk_star_target(sql_parse_state *ps, sql_loc l)
{
	sql_colref *c = NEW(colref, COLREF, l);

	c->fields = LIST1(NEW(star, STAR, l));
	return mk_target(ps, &c->n, NULL, l);
}

static sql_alias *mk_alias(sql_parse_state *ps, char *name, sql_list *cols, sql_loc l)
{
	sql_alias *a = NEW(alias, ALIAS, l);

	a->name = name;
	a->columns = cols;
	return a;
}

/* qual is an ON expression, or the list of USING columns. */
static sql_node *mk_join(sql_parse_state *ps, sql_join_type t, bool natural, sql_node *left,
	sql_node *right, sql_node *qual, sql_loc l)
{
	sql_join *j = NEW(join, JOIN, l);

	j->jointype = t;
	j->natural = natural;
	j->left = left;
	j->right = right;
	if (qual != NULL && qual->kind == SQL_LIST)
		j->using_cols = (sql_list *)qual;
	else
		j->quals = qual;
	return &j->n;
}

static sql_node *mk_range_func(sql_parse_state *ps, bool lateral, sql_node *func,
	bool ordinality, sql_alias *alias, sql_loc l)
{
	sql_range_function *r;

	/* func_table made the node; the alias rule completes it. */
	if (func->kind == SQL_RANGE_FUNCTION) {
		r = sql_as_range_function(func);
		r->lateral = lateral;
		r->alias = alias;
		r->n.loc = l.start;
		r->n.end = l.end;
		return &r->n;
	}
	r = NEW(range_function, RANGE_FUNCTION, l);
	r->lateral = lateral;
	r->func = func;
	r->ordinality = ordinality;
	r->alias = alias;
	return &r->n;
}

static sql_node *mk_range_subselect(sql_parse_state *ps, bool lateral, sql_select *q,
	sql_alias *alias, sql_loc l)
{
	sql_range_subselect *r = NEW(range_subselect, RANGE_SUBSELECT, l);

	r->lateral = lateral;
	r->subquery = &q->n;
	r->alias = alias;
	return &r->n;
}

static sql_time_travel *mk_time_travel(sql_parse_state *ps, sql_time_travel_kind tt,
	sql_node *a, sql_node *b, sql_loc l)
{
	sql_time_travel *t = NEW(time_travel, TIME_TRAVEL, l);

	t->tt = tt;
	if (tt == SQL_TT_AS_OF || tt == SQL_TT_SYSTEM_AS_OF) {
		t->at = a;
	} else {
		t->start = a;
		t->stop = b;
	}
	return t;
}

/* A table in FROM: its time travel and alias; the node spans all three. */
static sql_range_var *set_time_travel(sql_parse_state *ps, sql_range_var *r,
	sql_time_travel *tt, sql_alias *alias, sql_loc l)
{
	(void)ps;
	r->time_travel = tt;
	r->alias = alias;
	r->n.loc = l.start;
	r->n.end = l.end;
	return r;
}

static sql_window_def *mk_window(sql_parse_state *ps, char *refname, sql_list *partition,
	sql_list *order, sql_gram_frame *frame, sql_loc l)
{
	sql_window_def *w = NEW(window_def, WINDOW_DEF, l);

	w->refname = refname;
	w->partition_by = partition;
	w->order_by = order;
	if (frame != NULL) {
		w->frame_mode = frame->mode;
		w->start_bound = frame->start;
		w->end_bound = frame->end;
		w->start_offset = frame->start_offset;
		w->end_offset = frame->end_offset;
		w->exclusion = frame->exclusion;
	}
	return w;
}

/* A frame's mode and exclusion, and PostgreSQL's checks of its bounds. */
static sql_gram_frame *mk_frame(sql_parse_state *ps, sql_frame_mode mode, sql_gram_frame *f,
	sql_frame_exclusion excl)
{
	f->mode = mode;
	f->exclusion = excl;
	if (f->start == SQL_BOUND_UNBOUNDED_FOLLOWING)
		gram_error(ps, f->start_loc, "42P20", "frame start cannot be UNBOUNDED FOLLOWING");
	else if (f->end == SQL_BOUND_UNBOUNDED_PRECEDING)
		gram_error(ps, f->end_loc, "42P20", "frame end cannot be UNBOUNDED PRECEDING");
	else if (f->start == SQL_BOUND_CURRENT_ROW && f->end == SQL_BOUND_PRECEDING)
		gram_error(ps, f->end_loc, "42P20",
			"frame starting from current row cannot have preceding rows");
	else if (f->start == SQL_BOUND_FOLLOWING &&
		(f->end == SQL_BOUND_PRECEDING || f->end == SQL_BOUND_CURRENT_ROW))
		gram_error(ps, f->end_loc, "42P20",
			"frame starting from following row cannot have preceding rows");
	return f;
}

static sql_gram_frame *mk_frame_bound(sql_parse_state *ps, sql_frame_bound b, sql_node *offset,
	sql_loc l)
{
	sql_gram_frame *f = sql_arena_zalloc(A, sizeof(*f));

	f->start = b;
	f->start_offset = offset;
	f->start_loc = l.start;
	f->end_loc = -1;
	return f;
}

static sql_gram_frame *mk_frame_between(sql_parse_state *ps, sql_gram_frame *a, sql_gram_frame *b)
{
	(void)ps;
	a->end = b->start;
	a->end_offset = b->start_offset;
	a->end_loc = b->start_loc;
	return a;
}

static sql_node *mk_sortby(sql_parse_state *ps, sql_node *expr, int dir, int nulls,
	sql_list *using_op, sql_loc l)
{
	sql_sortby *s = NEW(sortby, SORTBY, l);

	s->expr = expr;
	s->dir = (sql_sort_dir)dir;
	s->nulls = (sql_sort_nulls)nulls;
	if (using_op != NULL)
		s->using_op = (char *)sql_list_str(using_op, using_op->len - 1);
	return &s->n;
}

static sql_node *mk_assign(sql_parse_state *ps, sql_list *cols, sql_node *value, sql_loc l)
{
	sql_assign *a = NEW(assign, ASSIGN, l);

	a->columns = cols;
	a->value = value;
	return &a->n;
}

/* A column assigned by UPDATE SET or INSERT: its name, or an indirection over it (a[1]). */
static sql_node *mk_assign_target(
	sql_parse_state *ps, char *col, sql_loc col_loc, sql_list *ind, sql_loc l)
{
	return mk_indirection(ps, STR(col, col_loc), ind, l);
}

static sql_node *mk_defelem(sql_parse_state *ps, const char *name, sql_node *arg, sql_loc l)
{
	sql_defelem *d = NEW(defelem, DEFELEM, l);

	d->name = DUP(name);
	d->arg = arg;
	return &d->n;
}

static sql_node *mk_locking(sql_parse_state *ps, sql_lock_strength s, sql_list *tables, int wait,
	sql_loc l)
{
	sql_locking *k = NEW(locking, LOCKING, l);

	k->strength = s;
	k->tables = tables;
	k->wait = (sql_lock_wait)wait;
	return &k->n;
}

static sql_node *mk_cte(sql_parse_state *ps, char *name, sql_list *cols, int materialized,
	sql_node *query, sql_loc l)
{
	sql_cte *c = NEW(cte, CTE, l);

	c->name = name;
	c->columns = cols;
	c->materialized = (sql_cte_materialize)materialized;
	c->query = query;
	return &c->n;
}

static sql_with *mk_with(sql_parse_state *ps, bool recursive, sql_list *ctes, sql_loc l)
{
	sql_with *w = NEW(with, WITH, l);

	w->recursive = recursive;
	w->ctes = ctes;
	return w;
}

/* rest is the SQL_INSERT that insert_rest began; it gets the rest and the whole span. */
static sql_node *mk_insert(sql_parse_state *ps, sql_with *with, sql_range_var *rel,
	sql_node *rest, sql_on_conflict *conflict, sql_list *returning, sql_loc l)
{
	sql_insert *i = sql_as_insert(rest);

	i->with = with;
	i->relation = rel;
	i->on_conflict = conflict;
	i->returning = returning;
	i->n.loc = l.start;
	i->n.end = l.end;
	return &i->n;
}

static sql_node *mk_insert_rest(sql_parse_state *ps, sql_list *cols, int overriding,
	sql_select *source, sql_loc l)
{
	sql_insert *i = NEW(insert, INSERT, l);

	i->columns = cols;
	i->overriding = (sql_overriding)overriding;
	i->source = source;
	return &i->n;
}

/* DO UPDATE needs a target to know which conflict it handles, as in PostgreSQL. */
static sql_on_conflict *mk_on_conflict(sql_parse_state *ps, sql_conflict_action action,
	sql_on_conflict *target, sql_list *set, sql_node *where, sql_loc l)
{
	sql_on_conflict *c = NEW(on_conflict, ON_CONFLICT, l);

	if (target != NULL) {
		c->target = target->target;
		c->target_where = target->target_where;
		c->constraint = target->constraint;
	} else if (action == SQL_CONFLICT_UPDATE) {
		gram_error(ps, l.start, "42601",
			"ON CONFLICT DO UPDATE requires inference specification or constraint name");
		snprintf(ps->err->hint, sizeof(ps->err->hint), "%s",
			"For example, ON CONFLICT (column_name).");
	}
	c->action = action;
	c->set = set;
	c->where = where;
	return c;
}

static sql_on_conflict *mk_conflict_target(sql_parse_state *ps, sql_list *elems,
	sql_node *where, char *constraint, sql_loc l)
{
	sql_on_conflict *c = NEW(on_conflict, ON_CONFLICT, l);

	c->target = elems;
	c->target_where = where;
	c->constraint = constraint;
	return c;
}

/* Apply a DEFERRABLE / INITIALLY marker to the constraint before it. */
static void apply_attr_marker(sql_parse_state *ps, sql_constraint *last, sql_defelem *m)
{
	const char *what = m->name;

	if (last == NULL || (last->contype != SQL_CONSTR_PRIMARY_KEY &&
				    last->contype != SQL_CONSTR_UNIQUE &&
				    last->contype != SQL_CONSTR_FOREIGN_KEY)) {
		char upper[32];
		size_t i;

		for (i = 0; what[i] && i + 1 < sizeof(upper); i++)
			upper[i] = (char)(what[i] >= 'a' && what[i] <= 'z' ? what[i] - 32 : what[i]);
		upper[i] = '\0';
		gram_error(ps, m->n.loc, "42601", "misplaced %s clause", upper);
		return;
	}
	if (strcmp(what, "deferrable") == 0) {
		last->deferrable = true;
	} else if (strcmp(what, "not deferrable") == 0) {
		if (last->initially_deferred)
			gram_error(ps, m->n.loc, "42601",
				"constraint declared INITIALLY DEFERRED must be DEFERRABLE");
		last->deferrable = false;
	} else if (strcmp(what, "initially deferred") == 0) {
		last->initially_deferred = true;
		last->deferrable = true;
	} else {
		last->initially_deferred = false;
	}
}

/* A column: constraints in order, markers folded into them, COLLATE set aside. */
static sql_node *mk_column_def(sql_parse_state *ps, char *name, sql_typename *type,
	sql_list *quals, sql_loc l)
{
	sql_column_def *c = NEW(column_def, COLUMN_DEF, l);
	sql_constraint *last = NULL;

	c->name = name;
	c->type = type;
	for (int i = 0; i < sql_list_len(quals); i++) {
		sql_node *q = quals->items[i];

		if (q->kind == SQL_COLLATE) {
			if (c->collation != NULL)
				gram_error(ps, q->loc, "42601", "multiple COLLATE clauses not allowed");
			c->collation = sql_as_collate(q)->collation;
		} else if (q->kind == SQL_DEFELEM) {
			apply_attr_marker(ps, last, sql_as_defelem(q));
		} else {
			last = sql_as_constraint(q);
			c->constraints = APPEND(c->constraints, q);
		}
	}
	return &c->n;
}

static sql_node *mk_constraint(sql_parse_state *ps, sql_constraint_type t, sql_node *expr,
	sql_list *keys, sql_loc l)
{
	sql_constraint *c = NEW(constraint, CONSTRAINT, l);

	c->contype = t;
	c->expr = expr;
	c->keys = keys;
	return &c->n;
}

static sql_node *mk_fkey(sql_parse_state *ps, sql_list *keys, sql_range_var *ref,
	sql_list *ref_cols, int match, sql_gram_fkact *act, sql_loc l)
{
	sql_constraint *c = sql_as_constraint(mk_constraint(ps, SQL_CONSTR_FOREIGN_KEY, NULL, keys, l));

	c->ref_table = ref;
	c->ref_columns = ref_cols;
	c->match = (sql_fk_match)match;
	c->on_delete = act->on_delete;
	c->on_update = act->on_update;
	return &c->n;
}

static sql_node *mk_identity(sql_parse_state *ps, int when, sql_list *options, sql_loc l)
{
	sql_constraint *c = sql_as_constraint(mk_constraint(ps, SQL_CONSTR_IDENTITY, NULL, NULL, l));

	c->identity = (sql_identity_kind)when;
	c->seq_options = options;
	return &c->n;
}

static sql_node *name_constraint(sql_parse_state *ps, char *name, sql_node *c, sql_loc l)
{
	(void)ps;
	sql_as_constraint(c)->name = name;
	c->loc = l.start;
	c->end = l.end;
	return c;
}

/* ConstraintAttributeSpec bits (see the grammar) applied to a table constraint. */
static sql_node *constraint_attrs(sql_parse_state *ps, sql_node *n, int attrs, sql_loc l)
{
	sql_constraint *c = sql_as_constraint(n);

	(void)l;
	if ((attrs & (1 | 4)) && c->contype == SQL_CONSTR_CHECK) {
		gram_error(ps, -1, "0A000", "CHECK constraints cannot be marked DEFERRABLE");
		return n;
	}
	c->deferrable = (attrs & (1 | 4)) != 0;
	c->initially_deferred = (attrs & 4) != 0;
	c->no_inherit = (attrs & 32) != 0;
	return n;
}

/* Add one attribute bit, rejecting contradictions where they are written. */
static int merge_attrs(sql_parse_state *ps, int have, int more, sql_loc l)
{
	int attrs = have | more;

	if ((attrs & (2 | 4)) == (2 | 4))
		gram_error(ps, l.start, "42601",
			"constraint declared INITIALLY DEFERRED must be DEFERRABLE");
	else if ((attrs & 3) == 3 || (attrs & 12) == 12)
		gram_error(ps, l.start, "42601", "conflicting constraint properties");
	return attrs;
}

static sql_node *mk_attr_marker(sql_parse_state *ps, const char *what, sql_loc l)
{
	return mk_defelem(ps, what, NULL, l);
}

static sql_gram_fkact *mk_fkact(sql_parse_state *ps, int on_delete, int on_update)
{
	sql_gram_fkact *a = sql_arena_zalloc(A, sizeof(*a));

	a->on_delete = (sql_fk_action)on_delete;
	a->on_update = (sql_fk_action)on_update;
	return a;
}

static sql_node *mk_alter_cmd(sql_parse_state *ps, sql_alter_cmd_type t, char *name,
	char *new_name, sql_node *def, sql_node *expr, bool missing_ok, int behavior, sql_loc l)
{
	sql_alter_cmd *c = NEW(alter_cmd, ALTER_CMD, l);

	c->subtype = t;
	c->name = name;
	c->new_name = new_name;
	c->def = def;
	c->expr = expr;
	c->missing_ok = missing_ok;
	c->behavior = (sql_drop_behavior)behavior;
	return &c->n;
}

static sql_node *mk_alter_table(sql_parse_state *ps, sql_range_var *rel, bool missing_ok,
	sql_list *cmds, sql_loc l)
{
	sql_alter_table *a = NEW(alter_table, ALTER_TABLE, l);

	a->relation = rel;
	a->missing_ok = missing_ok;
	a->cmds = cmds;
	return &a->n;
}

static sql_node *mk_drop(sql_parse_state *ps, sql_object_type obj, sql_list *objects,
	bool missing_ok, bool concurrently, int behavior, sql_loc l)
{
	sql_drop *d = NEW(drop, DROP, l);

	d->object = obj;
	d->objects = objects;
	d->missing_ok = missing_ok;
	d->concurrently = concurrently;
	d->behavior = (sql_drop_behavior)behavior;
	return &d->n;
}

static sql_node *mk_comment(
	sql_parse_state *ps, int object, sql_list *name, char *text, sql_loc l)
{
	sql_comment *c = NEW(comment, COMMENT, l);

	c->object = (sql_comment_object)object;
	c->name = name;
	c->text = text;
	return &c->n;
}

static sql_node *mk_index_elem(sql_parse_state *ps, char *name, sql_node *expr,
	sql_list *collation, sql_list *opclass, int ordering, int nulls, sql_loc l)
{
	sql_index_elem *e = NEW(index_elem, INDEX_ELEM, l);

	e->name = name;
	e->expr = expr;
	e->collation = collation;
	e->opclass = opclass;
	e->ordering = (sql_sort_dir)ordering;
	e->nulls = (sql_sort_nulls)nulls;
	return &e->n;
}

static sql_node *mk_transaction(sql_parse_state *ps, sql_transaction_kind k, sql_list *options,
	char *savepoint, bool chain, sql_loc l)
{
	sql_transaction *t = NEW(transaction, TRANSACTION, l);

	t->tkind = k;
	t->options = options;
	t->savepoint = savepoint;
	t->chain = chain;
	return &t->n;
}

static sql_node *mk_set(sql_parse_state *ps, sql_set_kind k, const char *name, sql_list *args,
	sql_loc l)
{
	sql_set *s = NEW(set, SET, l);

	s->skind = k;
	s->name = name ? DUP(name) : NULL;
	s->args = args;
	return &s->n;
}

static sql_node *set_local(sql_node *n, bool local, sql_loc l)
{
	sql_set *s = sql_as_set(n);

	s->local = local;
	s->n.loc = l.start;
	s->n.end = l.end;
	return n;
}

static sql_node *mk_show(sql_parse_state *ps, const char *name, sql_loc l)
{
	sql_show *s = NEW(show, SHOW, l);

	s->name = DUP(name);
	return &s->n;
}

static sql_node *mk_copy(sql_parse_state *ps, sql_range_var *rel, sql_node *query,
	sql_list *cols, bool is_from, bool program, char *file, sql_list *options,
	sql_node *where, int where_loc, sql_loc l)
{
	sql_copy *c = NEW(copy, COPY, l);

	c->relation = rel;
	c->query = query;
	c->columns = cols;
	c->is_from = is_from;
	c->is_program = program;
	c->filename = file;
	c->options = options;
	c->where = where;
	if (where != NULL && !is_from)
		gram_error(ps, where_loc, "42601", "WHERE clause not allowed with COPY TO");
	return &c->n;
}

/* strict, warning or disabled, in any case. */
static int validation_mode(sql_parse_state *ps, const char *mode, sql_loc l)
{
	static const struct {
		const char *name;
		sql_validation_mode mode;
	} modes[] = {
		{"strict", SQL_VALIDATION_STRICT},
		{"warning", SQL_VALIDATION_WARNING},
		{"disabled", SQL_VALIDATION_DISABLED},
	};

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strcasecmp(mode, modes[i].name) == 0)
			return modes[i].mode;
	gram_error(ps, l.start, "22023", "invalid validation mode \"%s\"", mode);
	snprintf(ps->err->hint, sizeof(ps->err->hint), "%s",
		"Valid modes are strict, warning and disabled.");
	return SQL_VALIDATION_MODE_DEFAULT;
}

static sql_node *mk_create_validation(sql_parse_state *ps, sql_list *ns, sql_node *schema,
	int mode, sql_loc l)
{
	sql_create_validation *v = NEW(create_validation, CREATE_VALIDATION, l);

	v->ns = ns;
	v->schema = schema;
	v->mode = (sql_validation_mode)mode;
	return &v->n;
}

/* ============================================================ the entry */

typedef struct depth_check {
	int loc;
	bool too_deep;
} depth_check;

static sql_walk_result check_depth(sql_node *n, int depth, void *arg)
{
	depth_check *dc = arg;

	if (depth <= SQL_MAX_DEPTH)
		return SQL_WALK_CONTINUE;
	dc->too_deep = true;
	dc->loc = n->loc;
	return SQL_WALK_STOP;
}

int sql_parse(const char *text, size_t len, sql_arena *arena, sql_stmt_list **out, sql_error *err)
{
	return sql_parse_notices(text, len, arena, out, NULL, err);
}

int sql_parse_notices(const char *text, size_t len, sql_arena *arena, sql_stmt_list **out,
	sql_notice **notices, sql_error *err)
{
	sql_parse_state ps;
	depth_check dc = {-1, false};
	int rc;

	memset(&ps, 0, sizeof(ps));
	memset(err, 0, sizeof(*err));
	err->offset = -1;
	*out = NULL;
	ps.text = text != NULL ? text : "";
	ps.len = text != NULL ? len : 0;
	ps.arena = arena;
	ps.err = err;
	ps.notices_tail = &ps.notices;

	/* Limits and encoding first: the scanner only ever sees valid UTF-8. */
	if (ps.len > SQL_MAX_INPUT) {
		sql_error_set(err, "54000", NULL, 0, -1, "statement is too long");
		return -1;
	}
	if (sql_utf8_check(&ps, ps.text, ps.len) != 0)
		return -1;

	/* Parse. */
	sql_scan_init(&ps);
	rc = sql_yyparse(ps.scanner, &ps);
	sql_scan_finish(&ps);
	if (notices != NULL)
		*notices = ps.notices;
	if (rc != 0 || ps.failed) {
		if (!ps.failed)
			sql_error_set(err, "XX000", NULL, 0, -1, "parser failed without an error");
		return -1;
	}

	/* Bound the tree's depth for everything that walks it recursively. */
	sql_walk(&ps.result->n, check_depth, &dc);
	if (dc.too_deep) {
		sql_error_set(err, "54001", NULL, 0, -1, "stack depth limit exceeded");
		snprintf(err->hint, sizeof(err->hint), "Expressions may nest at most %d levels deep.",
			SQL_MAX_DEPTH);
		return -1;
	}
	*out = ps.result;
	return 0;
}

/* FETCH's and MOVE's arguments; the statement's rule sets move and the start. */
static sql_node *mk_fetch(sql_parse_state *ps, char *name, sql_fetch_dir dir, int64_t count,
	sql_loc l)
{
	sql_fetch *f = NEW(fetch, FETCH, l);

	f->name = name;
	f->direction = dir;
	f->count = count;
	return &f->n;
}
