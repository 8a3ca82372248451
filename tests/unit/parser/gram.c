/*
 * gram.c - tests for the grammar (parser/gram.y): every statement form the
 * parser covers, as golden dumps of the tree (sql_node_dump's one-line
 * form).  A golden string states the whole tree, so a change in shape,
 * precedence or naming fails here; the dumps were checked by hand against
 * PostgreSQL's grouping when written.
 */
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "sql.h"

typedef struct golden {
	const char *sql;
	const char *dump;
} golden;

/* Each statement parses and prints exactly as expected. */
static void expect_goldens(const golden *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sql_error err;
		char *got = sql_parse_dump(cases[i].sql, strlen(cases[i].sql), 0, &err);

		cr_assert_not_null(got, "%s: %s (%s at %d)", cases[i].sql, err.message,
			err.sqlstate, err.position);
		cr_expect_str_eq(got, cases[i].dump, "%s", cases[i].sql);
		free(got);
	}
}

/* The select list: aliases with and without AS, t.*, *, DISTINCT ON. */
Test(gram, select_targets_and_distinct)
{
	static const golden cases[] = {
		{"SELECT DISTINCT ON (a) a, b AS x, c y, t.*, * FROM t",
			"(stmt_list :stmts [(select :distinct true :distinct_on [(colref :fields [\"a\"])] :targets [(target :expr (colref :fields [\"a\"])) (target :expr (colref :fields [\"b\"]) :name \"x\") (target :expr (colref :fields [\"c\"]) :name \"y\") (target :expr (colref :fields [\"t\" *])) (target :expr (colref :fields [*]))] :from [(range_var :names [\"t\"])])])"},
		{"SELECT", "(stmt_list :stmts [(select)])"},
		{"SELECT ALL a FROM t",
			"(stmt_list :stmts [(select :targets [(target :expr (colref :fields [\"a\"]))] :from [(range_var :names [\"t\"])])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Tables: schema-qualified, aliased with column aliases, ONLY. */
Test(gram, select_from_tables)
{
	static const golden cases[] = {
		{"SELECT a FROM s.t AS x (c1, c2), ONLY u",
			"(stmt_list :stmts [(select :targets [(target :expr (colref :fields [\"a\"]))] :from [(range_var :names [\"s\" \"t\"] :alias (alias :name \"x\" :columns [\"c1\" \"c2\"])) (range_var :names [\"u\"] :only true)])])"},
		{"TABLE t",
			"(stmt_list :stmts [(select :targets [(target :expr (colref :fields [*]))] :from [(range_var :names [\"t\"])])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Joins: USING, ON, every join type, NATURAL, left-associative. */
Test(gram, select_join_using)
{
	static const golden cases[] = {
		{"SELECT 1 FROM a JOIN b USING (id) LEFT JOIN c ON a.x = c.x",
			"(stmt_list :stmts [(select :targets [(target :expr (const int4 1))] :from [(join :jointype left :left (join :jointype inner :left (range_var :names [\"a\"]) :right (range_var :names [\"b\"]) :using_cols [\"id\"]) :right (range_var :names [\"c\"]) :quals (op :name \"=\" :left (colref :fields [\"a\" \"x\"]) :right (colref :fields [\"c\" \"x\"])))])])"},
		{"SELECT 1 FROM a RIGHT OUTER JOIN b ON true FULL JOIN c ON false CROSS JOIN d NATURAL JOIN e",
			"(stmt_list :stmts [(select :targets [(target :expr (const int4 1))] :from [(join :jointype inner :natural true :left (join :jointype cross :left (join :jointype full :left (join :jointype right :left (range_var :names [\"a\"]) :right (range_var :names [\"b\"]) :quals (const bool true)) :right (range_var :names [\"c\"]) :quals (const bool false)) :right (range_var :names [\"d\"])) :right (range_var :names [\"e\"]))])])"},
		{"SELECT 1 FROM (a JOIN b ON true) AS j",
			"(stmt_list :stmts [(select :targets [(target :expr (const int4 1))] :from [(join :jointype inner :left (range_var :names [\"a\"]) :right (range_var :names [\"b\"]) :quals (const bool true) :alias (alias :name \"j\"))])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Subqueries and functions in FROM, LATERAL, WITH ORDINALITY. */
Test(gram, select_from_subqueries_and_functions)
{
	static const golden cases[] = {
		{"SELECT 1 FROM (SELECT 2) s, LATERAL generate_series(1, 3) WITH ORDINALITY AS g (n, i)",
			"(stmt_list :stmts [(select :targets [(target :expr (const int4 1))] :from [(range_subselect :subquery (select :targets [(target :expr (const int4 2))]) :alias (alias :name \"s\")) (range_function :lateral true :ordinality true :func (funccall :name [\"generate_series\"] :args [(const int4 1) (const int4 3)]) :alias (alias :name \"g\" :columns [\"n\" \"i\"]))])])"},
		{"SELECT * FROM chrondb_history('users', '1')",
			"(stmt_list :stmts [(select :targets [(target :expr (colref :fields [*]))] :from [(range_function :func (funccall :name [\"chrondb_history\"] :args [(const string \"users\") (const string \"1\")]))])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* GROUP BY (ordinals are integer constants), HAVING, ORDER BY directions. */
Test(gram, select_group_order)
{
	static const golden cases[] = {
		{"SELECT a FROM t GROUP BY a, 2 HAVING count(*) > 1 ORDER BY 1 DESC NULLS LAST, a USING >",
			"(stmt_list :stmts [(select :targets [(target :expr (colref :fields [\"a\"]))] :from [(range_var :names [\"t\"])] :group_by [(colref :fields [\"a\"]) (const int4 2)] :having (op :name \">\" :left (funccall :name [\"count\"] :agg_star true) :right (const int4 1)) :sort [(sortby :expr (const int4 1) :dir desc :nulls last) (sortby :expr (colref :fields [\"a\"]) :dir using :using_op \">\")])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* LIMIT / OFFSET in either order, LIMIT ALL, FETCH FIRST. */
Test(gram, select_limit_offset_fetch)
{
	static const golden cases[] = {
		{"SELECT a FROM t OFFSET 5 LIMIT 10",
			"(stmt_list :stmts [(select :targets [(target :expr (colref :fields [\"a\"]))] :from [(range_var :names [\"t\"])] :limit_kind count :limit (const int4 10) :offset (const int4 5))])"},
		{"SELECT a FROM t LIMIT ALL",
			"(stmt_list :stmts [(select :targets [(target :expr (colref :fields [\"a\"]))] :from [(range_var :names [\"t\"])] :limit_kind all)])"},
		{"SELECT a FROM t ORDER BY a FETCH FIRST 3 ROWS WITH TIES",
			"(stmt_list :stmts [(select :targets [(target :expr (colref :fields [\"a\"]))] :from [(range_var :names [\"t\"])] :sort [(sortby :expr (colref :fields [\"a\"]))] :limit_kind with_ties :limit (const int4 3))])"},
		{"SELECT a FROM t FETCH NEXT ROW ONLY",
			"(stmt_list :stmts [(select :targets [(target :expr (colref :fields [\"a\"]))] :from [(range_var :names [\"t\"])] :limit_kind count :limit (const int4 1))])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* UNION/INTERSECT/EXCEPT with PostgreSQL's precedence and parentheses. */
Test(gram, select_set_operations)
{
	static const golden cases[] = {
		{"SELECT 1 UNION SELECT 2 INTERSECT SELECT 3",
			"(stmt_list :stmts [(select :set_op union :larg (select :targets [(target :expr (const int4 1))]) :rarg (select :set_op intersect :larg (select :targets [(target :expr (const int4 2))]) :rarg (select :targets [(target :expr (const int4 3))])))])"},
		{"(SELECT 1 UNION ALL SELECT 2) EXCEPT DISTINCT SELECT 3 ORDER BY 1",
			"(stmt_list :stmts [(select :set_op except :larg (select :set_op union :set_all true :larg (select :targets [(target :expr (const int4 1))]) :rarg (select :targets [(target :expr (const int4 2))])) :rarg (select :targets [(target :expr (const int4 3))]) :sort [(sortby :expr (const int4 1))])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* WITH [RECURSIVE] and VALUES. */
Test(gram, select_with_and_values)
{
	static const golden cases[] = {
		{"WITH RECURSIVE r (n) AS (SELECT 1), m AS MATERIALIZED (SELECT 2) SELECT * FROM r",
			"(stmt_list :stmts [(select :with (with :recursive true :ctes [(cte :name \"r\" :columns [\"n\"] :query (select :targets [(target :expr (const int4 1))])) (cte :name \"m\" :materialized materialized :query (select :targets [(target :expr (const int4 2))]))]) :targets [(target :expr (colref :fields [*]))] :from [(range_var :names [\"r\"])])])"},
		{"VALUES (1, 'a'), (2, 'b')",
			"(stmt_list :stmts [(select :values [[(const int4 1) (const string \"a\")] [(const int4 2) (const string \"b\")]])])"},
		{"WITH d AS (DELETE FROM t RETURNING id) SELECT id FROM d",
			"(stmt_list :stmts [(select :with (with :ctes [(cte :name \"d\" :query (delete :relation (range_var :names [\"t\"]) :returning [(target :expr (colref :fields [\"id\"]))]))]) :targets [(target :expr (colref :fields [\"id\"]))] :from [(range_var :names [\"d\"])])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* FOR UPDATE / SHARE with OF, NOWAIT, SKIP LOCKED. */
Test(gram, select_locking)
{
	static const golden cases[] = {
		{"SELECT a FROM t FOR UPDATE OF t NOWAIT FOR SHARE SKIP LOCKED",
			"(stmt_list :stmts [(select :targets [(target :expr (colref :fields [\"a\"]))] :from [(range_var :names [\"t\"])] :locking [(locking :strength update :tables [(range_var :names [\"t\"])] :wait nowait) (locking :strength share :wait skip_locked)])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* IN lists, IN and NOT IN subqueries, EXISTS, ANY/ALL. */
Test(gram, expr_in_exists_any)
{
	static const golden cases[] = {
		{"SELECT a FROM t WHERE a IN (1, 2) AND b NOT IN (SELECT c FROM u) OR EXISTS (SELECT 1)",
			"(stmt_list :stmts [(select :targets [(target :expr (colref :fields [\"a\"]))] :from [(range_var :names [\"t\"])] :where (boolexpr :op or :args [(boolexpr :op and :args [(in_list :arg (colref :fields [\"a\"]) :items [(const int4 1) (const int4 2)]) (boolexpr :op not :args [(sublink :sublink any :test (colref :fields [\"b\"]) :op_name \"=\" :subquery (select :targets [(target :expr (colref :fields [\"c\"]))] :from [(range_var :names [\"u\"])]))])]) (sublink :sublink exists :subquery (select :targets [(target :expr (const int4 1))]))]))])"},
		{"SELECT a = ANY (ARRAY[1, 2]), a > ALL (SELECT b FROM u), a LIKE ANY ('{x}')",
			"(stmt_list :stmts [(select :targets [(target :expr (any_all :name \"=\" :left (colref :fields [\"a\"]) :right (array :elements [(const int4 1) (const int4 2)]))) (target :expr (sublink :sublink all :test (colref :fields [\"a\"]) :op_name \">\" :subquery (select :targets [(target :expr (colref :fields [\"b\"]))] :from [(range_var :names [\"u\"])]))) (target :expr (any_all :name \"~~\" :left (colref :fields [\"a\"]) :right (const string \"{x}\")))])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* CASE forms, COALESCE, NULLIF, GREATEST, LEAST. */
Test(gram, expr_case_and_conditionals)
{
	static const golden cases[] = {
		{"SELECT CASE WHEN a THEN 1 ELSE 2 END, CASE a WHEN 1 THEN 'x' END",
			"(stmt_list :stmts [(select :targets [(target :expr (case :whens [(case_when :cond (colref :fields [\"a\"]) :result (const int4 1))] :else_result (const int4 2))) (target :expr (case :arg (colref :fields [\"a\"]) :whens [(case_when :cond (const int4 1) :result (const string \"x\"))]))])])"},
		{"SELECT COALESCE(a, 0), NULLIF(a, b), GREATEST(1, 2), LEAST(3, 4)",
			"(stmt_list :stmts [(select :targets [(target :expr (coalesce :args [(colref :fields [\"a\"]) (const int4 0)])) (target :expr (nullif :left (colref :fields [\"a\"]) :right (colref :fields [\"b\"]))) (target :expr (minmax :op greatest :args [(const int4 1) (const int4 2)])) (target :expr (minmax :op least :args [(const int4 3) (const int4 4)]))])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* CAST, :: chains, typed literals. */
Test(gram, expr_casts)
{
	static const golden cases[] = {
		{"SELECT CAST(a AS int), a::text::varchar(3), DATE '2024-01-01'",
			"(stmt_list :stmts [(select :targets [(target :expr (cast :syntax func :arg (colref :fields [\"a\"]) :type (typename :names [\"pg_catalog\" \"int4\"]))) (target :expr (cast :syntax op :arg (cast :syntax op :arg (colref :fields [\"a\"]) :type (typename :names [\"text\"])) :type (typename :names [\"pg_catalog\" \"varchar\"] :typmods [(const int4 3)]))) (target :expr (cast :syntax literal :arg (const string \"2024-01-01\") :type (typename :names [\"date\"])))])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* LIKE/ILIKE/SIMILAR, BETWEEN, IS tests. */
Test(gram, expr_predicates)
{
	static const golden cases[] = {
		{"SELECT a NOT LIKE 'x%' ESCAPE '!', a ILIKE 'y', a SIMILAR TO 'z'",
			"(stmt_list :stmts [(select :targets [(target :expr (like :op like :negated true :arg (colref :fields [\"a\"]) :pattern (const string \"x%\") :escape (const string \"!\"))) (target :expr (like :op ilike :arg (colref :fields [\"a\"]) :pattern (const string \"y\"))) (target :expr (like :op similar :arg (colref :fields [\"a\"]) :pattern (const string \"z\")))])])"},
		{"SELECT a BETWEEN SYMMETRIC 1 AND 2, a NOT BETWEEN 3 AND 4",
			"(stmt_list :stmts [(select :targets [(target :expr (between :symmetric true :arg (colref :fields [\"a\"]) :low (const int4 1) :high (const int4 2))) (target :expr (between :negated true :arg (colref :fields [\"a\"]) :low (const int4 3) :high (const int4 4)))])])"},
		{"SELECT a IS NULL, a NOTNULL, a IS NOT TRUE, a IS UNKNOWN, a IS NOT DISTINCT FROM b",
			"(stmt_list :stmts [(select :targets [(target :expr (nulltest :arg (colref :fields [\"a\"]))) (target :expr (nulltest :arg (colref :fields [\"a\"]) :negated true)) (target :expr (booltest :test is_not_true :arg (colref :fields [\"a\"]))) (target :expr (booltest :test is_unknown :arg (colref :fields [\"a\"]))) (target :expr (distinct :negated true :left (colref :fields [\"a\"]) :right (colref :fields [\"b\"])))])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Parameters, count(*), DISTINCT, FILTER, ORDER BY in aggregates, WITHIN GROUP, named and VARIADIC arguments. */
Test(gram, expr_function_calls)
{
	static const golden cases[] = {
		{"SELECT $1, count(*), count(DISTINCT a), sum(a) FILTER (WHERE a > 0)",
			"(stmt_list :stmts [(select :targets [(target :expr (param :number 1)) (target :expr (funccall :name [\"count\"] :agg_star true)) (target :expr (funccall :name [\"count\"] :args [(colref :fields [\"a\"])] :agg_distinct true)) (target :expr (funccall :name [\"sum\"] :args [(colref :fields [\"a\"])] :agg_filter (op :name \">\" :left (colref :fields [\"a\"]) :right (const int4 0))))])])"},
		{"SELECT string_agg(a, ',' ORDER BY b), percentile_cont(0.5) WITHIN GROUP (ORDER BY a)",
			"(stmt_list :stmts [(select :targets [(target :expr (funccall :name [\"string_agg\"] :args [(colref :fields [\"a\"]) (const string \",\")] :agg_order [(sortby :expr (colref :fields [\"b\"]))])) (target :expr (funccall :name [\"percentile_cont\"] :args [(const numeric \"0.5\")] :agg_order [(sortby :expr (colref :fields [\"a\"]))] :agg_within_group true))])])"},
		{"SELECT f(x => 1, y := 2), s.f(VARIADIC ARRAY[1])",
			"(stmt_list :stmts [(select :targets [(target :expr (funccall :name [\"f\"] :args [(named_arg :name \"x\" :arg (const int4 1)) (named_arg :name \"y\" :arg (const int4 2))])) (target :expr (funccall :name [\"s\" \"f\"] :args [(array :elements [(const int4 1)])] :variadic true))])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* OVER with a frame, a named window, WINDOW. */
Test(gram, expr_window)
{
	static const golden cases[] = {
		{"SELECT sum(a) OVER (PARTITION BY b ORDER BY c ROWS BETWEEN 1 PRECEDING AND CURRENT ROW EXCLUDE TIES), rank() OVER w FROM t WINDOW w AS (ORDER BY a)",
			"(stmt_list :stmts [(select :targets [(target :expr (funccall :name [\"sum\"] :args [(colref :fields [\"a\"])] :over (window_def :partition_by [(colref :fields [\"b\"])] :order_by [(sortby :expr (colref :fields [\"c\"]))] :frame_mode rows :start_bound preceding :end_bound current_row :start_offset (const int4 1) :exclusion ties))) (target :expr (funccall :name [\"rank\"] :over (window_def :refname \"w\")))] :from [(range_var :names [\"t\"])] :windows [(window_def :name \"w\" :order_by [(sortby :expr (colref :fields [\"a\"]))])])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* ARRAY constructors, subscripts and slices, field selection, rows. */
Test(gram, expr_arrays_rows_indirection)
{
	static const golden cases[] = {
		{"SELECT ARRAY[[1, 2], [3]], ARRAY(SELECT 1), a[1], a[2:3], a[:1], (a).b, (a).*, t.a[1].b",
			"(stmt_list :stmts [(select :targets [(target :expr (array :elements [(array :elements [(const int4 1) (const int4 2)]) (array :elements [(const int4 3)])])) (target :expr (sublink :sublink array :subquery (select :targets [(target :expr (const int4 1))]))) (target :expr (indirection :arg (colref :fields [\"a\"]) :steps [(subscript :lower (const int4 1))])) (target :expr (indirection :arg (colref :fields [\"a\"]) :steps [(subscript :slice true :lower (const int4 2) :upper (const int4 3))])) (target :expr (indirection :arg (colref :fields [\"a\"]) :steps [(subscript :slice true :upper (const int4 1))])) (target :expr (indirection :arg (colref :fields [\"a\"]) :steps [\"b\"])) (target :expr (indirection :arg (colref :fields [\"a\"]) :steps [*])) (target :expr (indirection :arg (colref :fields [\"t\" \"a\"]) :steps [(subscript :lower (const int4 1)) \"b\"]))])])"},
		{"SELECT ROW(1, 2), (1, 2), ROW()",
			"(stmt_list :stmts [(select :targets [(target :expr (row :args [(const int4 1) (const int4 2)] :explicit_row true)) (target :expr (row :args [(const int4 1) (const int4 2)])) (target :expr (row :explicit_row true))])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* SQL value functions and the special-syntax functions. */
Test(gram, expr_sql_functions)
{
	static const golden cases[] =
		{
			{"SELECT CURRENT_DATE, CURRENT_TIMESTAMP(3), LOCALTIME, CURRENT_USER, SESSION_USER, USER, CURRENT_SCHEMA, CURRENT_CATALOG",
				"(stmt_list :stmts [(select :targets [(target :expr (value_func :op current_date)) (target :expr (value_func :op current_timestamp :precision 3)) (target :expr (value_func :op localtime)) (target :expr (value_func :op current_user)) (target :expr (value_func :op session_user)) (target :expr (value_func :op user)) (target :expr (value_func :op current_schema)) (target :expr (value_func :op current_catalog))])])"},
			{"SELECT EXTRACT(YEAR FROM ts), POSITION('a' IN s), SUBSTRING(s FROM 2 FOR 3), SUBSTRING(s FOR 2)",
				"(stmt_list :stmts [(select :targets [(target :expr (funccall :name [\"pg_catalog\" \"extract\"] :args [(const string \"year\") (colref :fields [\"ts\"])] :syntax sql_syntax)) (target :expr (funccall :name [\"pg_catalog\" \"position\"] :args [(colref :fields [\"s\"]) (const string \"a\")] :syntax sql_syntax)) (target :expr (funccall :name [\"pg_catalog\" \"substring\"] :args [(colref :fields [\"s\"]) (const int4 2) (const int4 3)] :syntax sql_syntax)) (target :expr (funccall :name [\"pg_catalog\" \"substring\"] :args [(colref :fields [\"s\"]) (const int4 1) (const int4 2)] :syntax sql_syntax))])])"},
			{"SELECT TRIM(BOTH 'x' FROM s), TRIM(LEADING FROM s), TRIM(s), OVERLAY(s PLACING 'x' FROM 2 FOR 1)",
				"(stmt_list :stmts [(select :targets [(target :expr (funccall :name [\"pg_catalog\" \"btrim\"] :args [(colref :fields [\"s\"]) (const string \"x\")] :syntax sql_syntax)) (target :expr (funccall :name [\"pg_catalog\" \"ltrim\"] :args [(colref :fields [\"s\"])] :syntax sql_syntax)) (target :expr (funccall :name [\"pg_catalog\" \"btrim\"] :args [(colref :fields [\"s\"])] :syntax sql_syntax)) (target :expr (funccall :name [\"pg_catalog\" \"overlay\"] :args [(colref :fields [\"s\"]) (const string \"x\") (const int4 2) (const int4 1)] :syntax sql_syntax))])])"},
			{"SELECT s COLLATE \"C\", ts AT TIME ZONE 'UTC'",
				"(stmt_list :stmts [(select :targets [(target :expr (collate :arg (colref :fields [\"s\"]) :collation [\"C\"])) (target :expr (funccall :name [\"pg_catalog\" \"timezone\"] :args [(const string \"UTC\") (colref :fields [\"ts\"])] :syntax sql_syntax))])])"},
		};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Arithmetic precedence and associativity, user operators, OPERATOR(), boolean precedence. */
Test(gram, expr_operator_precedence)
{
	static const golden
		cases
			[] =
				{
					{"SELECT 1 + 2 * 3, (1 + 2) * 3, -a ^ 2, 2 ^ 3 ^ 2",
						"(stmt_list :stmts [(select :targets [(target :expr (op :name \"+\" :left (const int4 1) :right (op :name \"*\" :left (const int4 2) :right (const int4 3)))) (target :expr (op :name \"*\" :left (op :name \"+\" :left (const int4 1) :right (const int4 2)) :right (const int4 3))) (target :expr (op :name \"^\" :left (op :name \"-\" :right (colref :fields [\"a\"])) :right (const int4 2))) (target :expr (op :name \"^\" :left (op :name \"^\" :left (const int4 2) :right (const int4 3)) :right (const int4 2)))])])"},
					{"SELECT j -> 'k', j ->> 'k', j #> '{a}', j @> '{}', j ? 'k', j ?| a, 'a' || 'b', a !~* 'x', 1 OPERATOR(pg_catalog.+) 2", "(stmt_list :stmts [(select :targets [(target :expr (op :name \"->\" :left (colref :fields [\"j\"]) :right (const string \"k\"))) (target :expr (op :name \"->>\" :left (colref :fields [\"j\"]) :right (const string \"k\"))) (target :expr (op :name \"#>\" :left (colref :fields [\"j\"]) :right (const string \"{a}\"))) (target :expr (op :name \"@>\" :left (colref :fields [\"j\"]) :right (const string \"{}\"))) (target :expr (op :name \"?\" :left (colref :fields [\"j\"]) :right (const string \"k\"))) (target :expr (op :name \"?|\" :left (colref :fields [\"j\"]) :right (colref :fields [\"a\"]))) (target :expr (op :name \"||\" :left (const string \"a\") :right (const string \"b\"))) (target :expr (op :name \"!~*\" :left (colref :fields [\"a\"]) :right (const string \"x\"))) (target :expr (op :name \"+\" :schema \"pg_catalog\" :left (const int4 1) :right (const int4 2)))])])"},
					{"SELECT NOT a AND b OR c AND d",
						"(stmt_list :stmts [(select :targets [(target :expr (boolexpr :op or :args [(boolexpr :op and :args [(boolexpr :op not :args [(colref :fields [\"a\"])]) (colref :fields [\"b\"])]) (boolexpr :op and :args [(colref :fields [\"c\"]) (colref :fields [\"d\"])])]))])])"},
					{"SELECT a < b AND b <= c OR c <> d AND d != e",
						"(stmt_list :stmts [(select :targets [(target :expr (boolexpr :op or :args [(boolexpr :op and :args [(op :name \"<\" :left (colref :fields [\"a\"]) :right (colref :fields [\"b\"])) (op :name \"<=\" :left (colref :fields [\"b\"]) :right (colref :fields [\"c\"]))]) (boolexpr :op and :args [(op :name \"<>\" :left (colref :fields [\"c\"]) :right (colref :fields [\"d\"])) (op :name \"<>\" :left (colref :fields [\"d\"]) :right (colref :fields [\"e\"]))])]))])])"},
				};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* INSERT: VALUES with DEFAULT, SELECT, DEFAULT VALUES, aliases, RETURNING. */
Test(gram, insert_forms)
{
	static const golden cases[] = {
		{"INSERT INTO t VALUES (1, DEFAULT), (2, 3)",
			"(stmt_list :stmts [(insert :relation (range_var :names [\"t\"]) :source (select :values [[(const int4 1) (default)] [(const int4 2) (const int4 3)]]))])"},
		{"INSERT INTO s.t AS x (a, b) SELECT 1, 2 RETURNING *, a AS y",
			"(stmt_list :stmts [(insert :relation (range_var :names [\"s\" \"t\"] :alias (alias :name \"x\")) :columns [\"a\" \"b\"] :source (select :targets [(target :expr (const int4 1)) (target :expr (const int4 2))]) :returning [(target :expr (colref :fields [*])) (target :expr (colref :fields [\"a\"]) :name \"y\")])])"},
		{"INSERT INTO t DEFAULT VALUES",
			"(stmt_list :stmts [(insert :relation (range_var :names [\"t\"]))])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* ON CONFLICT: targets, DO UPDATE with EXCLUDED and row SET, DO NOTHING. */
Test(gram, insert_on_conflict)
{
	static const golden cases[] = {
		{"INSERT INTO t (a) OVERRIDING USER VALUE VALUES (1) ON CONFLICT (a) WHERE b DO UPDATE SET b = excluded.b, (c, d) = (1, 2) WHERE t.c > 0",
			"(stmt_list :stmts [(insert :relation (range_var :names [\"t\"]) :columns [\"a\"] :overriding user_value :source (select :values [[(const int4 1)]]) :on_conflict (on_conflict :action update :target [(index_elem :name \"a\")] :target_where (colref :fields [\"b\"]) :set [(assign :columns [\"b\"] :value (colref :fields [\"excluded\" \"b\"])) (assign :columns [\"c\" \"d\"] :value (row :args [(const int4 1) (const int4 2)]))] :where (op :name \">\" :left (colref :fields [\"t\" \"c\"]) :right (const int4 0))))])"},
		{"INSERT INTO t (a) VALUES (1) ON CONFLICT ON CONSTRAINT t_pkey DO NOTHING",
			"(stmt_list :stmts [(insert :relation (range_var :names [\"t\"]) :columns [\"a\"] :source (select :values [[(const int4 1)]]) :on_conflict (on_conflict :action nothing :constraint \"t_pkey\"))])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* UPDATE with multi-column SET and FROM, subscripted targets, DELETE USING, TRUNCATE. */
Test(gram, update_delete_truncate)
{
	static const golden cases[] = {
		{"UPDATE t AS x SET a = DEFAULT, (b, c) = (SELECT 1, 2) FROM u WHERE x.id = u.id RETURNING a",
			"(stmt_list :stmts [(update :relation (range_var :names [\"t\"] :alias (alias :name \"x\")) :set [(assign :columns [\"a\"] :value (default)) (assign :columns [\"b\" \"c\"] :value (sublink :sublink expr :subquery (select :targets [(target :expr (const int4 1)) (target :expr (const int4 2))])))] :from [(range_var :names [\"u\"])] :where (op :name \"=\" :left (colref :fields [\"x\" \"id\"]) :right (colref :fields [\"u\" \"id\"])) :returning [(target :expr (colref :fields [\"a\"]))])])"},
		{"UPDATE t SET a = 1",
			"(stmt_list :stmts [(update :relation (range_var :names [\"t\"]) :set [(assign :columns [\"a\"] :value (const int4 1))])])"},
		{"UPDATE t SET a[2] = 1, (b[1:], c) = (x, 3)",
			"(stmt_list :stmts [(update :relation (range_var :names [\"t\"]) :set [(assign :columns [(indirection :arg \"a\" :steps [(subscript :lower (const int4 2))])] :value (const int4 1)) (assign :columns [(indirection :arg \"b\" :steps [(subscript :slice true :lower (const int4 1))]) \"c\"] :value (row :args [(colref :fields [\"x\"]) (const int4 3)]))])])"},
		{"INSERT INTO t (a[1], b) VALUES (1, 2)",
			"(stmt_list :stmts [(insert :relation (range_var :names [\"t\"]) :columns [(indirection :arg \"a\" :steps [(subscript :lower (const int4 1))]) \"b\"] :source (select :values [[(const int4 1) (const int4 2)]]))])"},
		{"DELETE FROM t x USING u WHERE x.id = u.id RETURNING *",
			"(stmt_list :stmts [(delete :relation (range_var :names [\"t\"] :alias (alias :name \"x\")) :using_list [(range_var :names [\"u\"])] :where (op :name \"=\" :left (colref :fields [\"x\" \"id\"]) :right (colref :fields [\"u\" \"id\"])) :returning [(target :expr (colref :fields [*]))])])"},
		{"TRUNCATE TABLE a, b RESTART IDENTITY CASCADE",
			"(stmt_list :stmts [(truncate :relations [(range_var :names [\"a\"]) (range_var :names [\"b\"])] :restart_identity true :behavior cascade)])"},
		{"TRUNCATE t",
			"(stmt_list :stmts [(truncate :relations [(range_var :names [\"t\"])])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Column and table constraints, WITH options. */
Test(gram, create_table_constraints)
{
	static const golden cases[] = {
		{"CREATE TEMP TABLE IF NOT EXISTS s.t (id serial PRIMARY KEY, name varchar(20) NOT NULL DEFAULT 'x' UNIQUE, n int CHECK (n > 0) REFERENCES u (id) ON DELETE CASCADE DEFERRABLE, CONSTRAINT pk2 UNIQUE (name, n), FOREIGN KEY (n) REFERENCES u ON UPDATE SET NULL) WITH (fillfactor = 70)",
			"(stmt_list :stmts [(create_table :relation (range_var :names [\"s\" \"t\"]) :persistence temp :if_not_exists true :elements [(column_def :name \"id\" :type (typename :names [\"serial\"]) :constraints [(constraint :contype primary_key)]) (column_def :name \"name\" :type (typename :names [\"pg_catalog\" \"varchar\"] :typmods [(const int4 20)]) :constraints [(constraint :contype not_null) (constraint :contype default :expr (const string \"x\")) (constraint :contype unique)]) (column_def :name \"n\" :type (typename :names [\"pg_catalog\" \"int4\"]) :constraints [(constraint :contype check :expr (op :name \">\" :left (colref :fields [\"n\"]) :right (const int4 0))) (constraint :contype foreign_key :ref_table (range_var :names [\"u\"]) :ref_columns [\"id\"] :on_delete cascade :deferrable true)]) (constraint :contype unique :name \"pk2\" :keys [\"name\" \"n\"]) (constraint :contype foreign_key :keys [\"n\"] :ref_table (range_var :names [\"u\"]) :on_update set_null)] :options [(defelem :name \"fillfactor\" :arg (const int4 70))])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Identity and generated columns, COLLATE, CREATE TABLE AS. */
Test(gram, create_table_identity_generated_as)
{
	static const golden cases[] = {
		{"CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 2), b int GENERATED ALWAYS AS (a * 2) STORED, c text COLLATE \"C\")",
			"(stmt_list :stmts [(create_table :relation (range_var :names [\"t\"]) :elements [(column_def :name \"a\" :type (typename :names [\"pg_catalog\" \"int4\"]) :constraints [(constraint :contype identity :identity always :seq_options [(defelem :name \"start\" :arg (const int4 10)) (defelem :name \"increment\" :arg (const int4 2))])]) (column_def :name \"b\" :type (typename :names [\"pg_catalog\" \"int4\"]) :constraints [(constraint :contype generated :expr (op :name \"*\" :left (colref :fields [\"a\"]) :right (const int4 2)))]) (column_def :name \"c\" :type (typename :names [\"text\"]) :collation [\"C\"])])])"},
		{"CREATE TABLE t2 (x) AS SELECT 1 WITH NO DATA",
			"(stmt_list :stmts [(create_table_as :relation (range_var :names [\"t2\"]) :columns [\"x\"] :query (select :targets [(target :expr (const int4 1))]) :with_no_data true)])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* DROP TABLE / INDEX / SCHEMA. */
Test(gram, drop_forms)
{
	static const golden cases[] = {
		{"DROP TABLE IF EXISTS a, s.b CASCADE",
			"(stmt_list :stmts [(drop :object table :objects [[\"a\"] [\"s\" \"b\"]] :missing_ok true :behavior cascade)])"},
		{"DROP INDEX CONCURRENTLY i",
			"(stmt_list :stmts [(drop :object index :objects [[\"i\"]] :concurrently true)])"},
		{"DROP SCHEMA dev",
			"(stmt_list :stmts [(drop :object schema :objects [[\"dev\"]])])"},
		{"DROP SEQUENCE s",
			"(stmt_list :stmts [(drop :object sequence :objects [[\"s\"]])])"},
		{"DROP VIEW IF EXISTS v",
			"(stmt_list :stmts [(drop :object view :objects [[\"v\"]] :missing_ok true)])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* COMMENT ON tables, views, sequences, indexes, columns and schemas; NULL removes. */
Test(gram, comment_on)
{
	static const golden cases[] = {
		{"COMMENT ON TABLE s.t IS 'a table'",
			"(stmt_list :stmts [(comment :object table :name [\"s\" \"t\"] :text \"a table\")])"},
		{"COMMENT ON VIEW v IS NULL",
			"(stmt_list :stmts [(comment :object view :name [\"v\"])])"},
		{"COMMENT ON SEQUENCE q IS ''",
			"(stmt_list :stmts [(comment :object sequence :name [\"q\"] :text \"\")])"},
		{"COMMENT ON INDEX i IS 'x'",
			"(stmt_list :stmts [(comment :object index :name [\"i\"] :text \"x\")])"},
		{"COMMENT ON COLUMN t.\"Name\" IS E'it\\'s'",
			"(stmt_list :stmts [(comment :object column :name [\"t\" \"Name\"] :text \"it's\")])"},
		{"COMMENT ON SCHEMA public IS 'ours'",
			"(stmt_list :stmts [(comment :object schema :name [\"public\"] :text \"ours\")])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Every ALTER TABLE action, comma-separated, and the RENAME forms. */
Test(gram, alter_table_actions)
{
	static const golden cases[] = {
		{"ALTER TABLE IF EXISTS t ADD COLUMN IF NOT EXISTS a int, DROP COLUMN IF EXISTS b CASCADE, ALTER c SET DEFAULT 1, ALTER COLUMN d DROP DEFAULT, ALTER e SET NOT NULL, ALTER f DROP NOT NULL, ALTER g SET DATA TYPE bigint USING g::bigint, ADD PRIMARY KEY (a), ADD CONSTRAINT u1 UNIQUE (b), DROP CONSTRAINT c1",
			"(stmt_list :stmts [(alter_table :relation (range_var :names [\"t\"]) :missing_ok true :cmds [(alter_cmd :subtype add_column :def (column_def :name \"a\" :type (typename :names [\"pg_catalog\" \"int4\"])) :missing_ok true) (alter_cmd :subtype drop_column :name \"b\" :missing_ok true :behavior cascade) (alter_cmd :subtype set_default :name \"c\" :expr (const int4 1)) (alter_cmd :subtype drop_default :name \"d\") (alter_cmd :subtype set_not_null :name \"e\") (alter_cmd :subtype drop_not_null :name \"f\") (alter_cmd :subtype alter_type :name \"g\" :def (typename :names [\"pg_catalog\" \"int8\"]) :expr (cast :syntax op :arg (colref :fields [\"g\"]) :type (typename :names [\"pg_catalog\" \"int8\"]))) (alter_cmd :subtype add_constraint :def (constraint :contype primary_key :keys [\"a\"])) (alter_cmd :subtype add_constraint :def (constraint :contype unique :name \"u1\" :keys [\"b\"])) (alter_cmd :subtype drop_constraint :name \"c1\")])])"},
		{"ALTER TABLE t RENAME COLUMN a TO b",
			"(stmt_list :stmts [(alter_table :relation (range_var :names [\"t\"]) :cmds [(alter_cmd :subtype rename_column :name \"a\" :new_name \"b\")])])"},
		{"ALTER TABLE t RENAME TO u",
			"(stmt_list :stmts [(alter_table :relation (range_var :names [\"t\"]) :cmds [(alter_cmd :subtype rename_table :new_name \"u\")])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* CREATE INDEX: every option, expressions, opclasses, unnamed. */
Test(gram, create_index)
{
	static const golden cases[] = {
		{"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t USING btree (a DESC NULLS FIRST, (lower(b)), c text_pattern_ops) WHERE a > 0",
			"(stmt_list :stmts [(create_index :name \"i\" :relation (range_var :names [\"t\"]) :method \"btree\" :params [(index_elem :name \"a\" :ordering desc :nulls first) (index_elem :expr (funccall :name [\"lower\"] :args [(colref :fields [\"b\"])])) (index_elem :name \"c\" :opclass [\"text_pattern_ops\"])] :where (op :name \">\" :left (colref :fields [\"a\"]) :right (const int4 0)) :unique true :concurrently true :if_not_exists true)])"},
		{"CREATE INDEX ON t (a)",
			"(stmt_list :stmts [(create_index :relation (range_var :names [\"t\"]) :params [(index_elem :name \"a\")])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* CREATE / ALTER SEQUENCE, CREATE VIEW, CREATE SCHEMA. */
Test(gram, sequences_views_schemas)
{
	static const golden cases[] = {
		{"CREATE SEQUENCE IF NOT EXISTS s AS bigint INCREMENT BY -2 MINVALUE 1 NO MAXVALUE START WITH 5 CACHE 10 NO CYCLE OWNED BY t.a",
			"(stmt_list :stmts [(create_sequence :sequence (range_var :names [\"s\"]) :if_not_exists true :options [(defelem :name \"as\" :arg (typename :names [\"pg_catalog\" \"int8\"])) (defelem :name \"increment\" :arg (const int4 -2)) (defelem :name \"minvalue\" :arg (const int4 1)) (defelem :name \"maxvalue\") (defelem :name \"start\" :arg (const int4 5)) (defelem :name \"cache\" :arg (const int4 10)) (defelem :name \"cycle\" :arg (const bool false)) (defelem :name \"owned_by\" :arg [\"t\" \"a\"])])])"},
		{"ALTER SEQUENCE s RESTART WITH 7",
			"(stmt_list :stmts [(alter_sequence :sequence (range_var :names [\"s\"]) :options [(defelem :name \"restart\" :arg (const int4 7))])])"},
		{"CREATE OR REPLACE VIEW v (a) AS SELECT 1 WITH CASCADED CHECK OPTION",
			"(stmt_list :stmts [(create_view :view (range_var :names [\"v\"]) :or_replace true :columns [\"a\"] :query (select :targets [(target :expr (const int4 1))]) :check_option cascaded)])"},
		{"CREATE SCHEMA IF NOT EXISTS dev",
			"(stmt_list :stmts [(create_schema :name \"dev\" :if_not_exists true)])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* BEGIN / START with modes, COMMIT/END, ROLLBACK/ABORT, savepoints. */
Test(gram, transactions)
{
	static const golden cases[] = {
		{"BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
			"(stmt_list :stmts [(transaction :tkind begin :options [(defelem :name \"transaction_isolation\" :arg (const string \"repeatable read\")) (defelem :name \"transaction_read_only\" :arg (const bool true))])])"},
		{"START TRANSACTION READ WRITE NOT DEFERRABLE",
			"(stmt_list :stmts [(transaction :tkind begin :options [(defelem :name \"transaction_read_only\" :arg (const bool false)) (defelem :name \"transaction_deferrable\" :arg (const bool false))])])"},
		{"COMMIT AND CHAIN",
			"(stmt_list :stmts [(transaction :tkind commit :chain true)])"},
		{"END", "(stmt_list :stmts [(transaction :tkind commit)])"},
		{"ROLLBACK", "(stmt_list :stmts [(transaction :tkind rollback)])"},
		{"ABORT", "(stmt_list :stmts [(transaction :tkind rollback)])"},
		{"SAVEPOINT sp",
			"(stmt_list :stmts [(transaction :tkind savepoint :savepoint \"sp\")])"},
		{"RELEASE sp",
			"(stmt_list :stmts [(transaction :tkind release :savepoint \"sp\")])"},
		{"ROLLBACK TO SAVEPOINT sp",
			"(stmt_list :stmts [(transaction :tkind rollback_to :savepoint \"sp\")])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* SET in its forms, SHOW, RESET. */
Test(gram, set_show_reset)
{
	static const golden cases[] = {
		{"SET search_path TO public, \"$user\"",
			"(stmt_list :stmts [(set :skind value :name \"search_path\" :args [(const string \"public\") (const string \"$user\")])])"},
		{"SET LOCAL chrondb.branch = 'dev'",
			"(stmt_list :stmts [(set :skind value :name \"chrondb.branch\" :args [(const string \"dev\")] :local true)])"},
		{"SET x TO DEFAULT", "(stmt_list :stmts [(set :skind default :name \"x\")])"},
		{"SET TIME ZONE 'UTC'",
			"(stmt_list :stmts [(set :skind value :name \"timezone\" :args [(const string \"UTC\")])])"},
		{"SET TIME ZONE LOCAL",
			"(stmt_list :stmts [(set :skind default :name \"timezone\")])"},
		{"SET NAMES 'UTF8'",
			"(stmt_list :stmts [(set :skind value :name \"client_encoding\" :args [(const string \"UTF8\")])])"},
		{"SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE",
			"(stmt_list :stmts [(set :skind multi :name \"session characteristics\" :args [(defelem :name \"transaction_isolation\" :arg (const string \"serializable\"))])])"},
		{"SET TRANSACTION READ ONLY",
			"(stmt_list :stmts [(set :skind multi :name \"transaction\" :args [(defelem :name \"transaction_read_only\" :arg (const bool true))])])"},
		{"SET extra_float_digits = 3",
			"(stmt_list :stmts [(set :skind value :name \"extra_float_digits\" :args [(const int4 3)])])"},
		{"SHOW ALL", "(stmt_list :stmts [(show :name \"all\")])"},
		{"SHOW TIME ZONE", "(stmt_list :stmts [(show :name \"timezone\")])"},
		{"SHOW server_version", "(stmt_list :stmts [(show :name \"server_version\")])"},
		{"RESET ALL", "(stmt_list :stmts [(set :skind reset_all)])"},
		{"RESET search_path",
			"(stmt_list :stmts [(set :skind reset :name \"search_path\")])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* EXPLAIN in both option syntaxes, VACUUM, ANALYZE. */
Test(gram, explain_vacuum_analyze)
{
	static const golden cases[] = {
		{"EXPLAIN ANALYZE VERBOSE SELECT 1",
			"(stmt_list :stmts [(explain :stmt (select :targets [(target :expr (const int4 1))]) :options [(defelem :name \"analyze\") (defelem :name \"verbose\")])])"},
		{"EXPLAIN (ANALYZE false, FORMAT json) SELECT 1",
			"(stmt_list :stmts [(explain :stmt (select :targets [(target :expr (const int4 1))]) :options [(defelem :name \"analyze\" :arg (const string \"false\")) (defelem :name \"format\" :arg (const string \"json\"))])])"},
		{"VACUUM FULL ANALYZE t (a), u",
			"(stmt_list :stmts [(vacuum :is_vacuum true :options [(defelem :name \"full\") (defelem :name \"analyze\")] :relations [(vacuum_rel :relation (range_var :names [\"t\"]) :columns [\"a\"]) (vacuum_rel :relation (range_var :names [\"u\"]))])])"},
		{"ANALYZE VERBOSE t",
			"(stmt_list :stmts [(vacuum :options [(defelem :name \"verbose\")] :relations [(vacuum_rel :relation (range_var :names [\"t\"]))])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* COPY with generic and old-style options, COPY (query). */
Test(gram, copy_forms)
{
	static const golden cases[] = {
		{"COPY t (a, b) FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')",
			"(stmt_list :stmts [(copy :relation (range_var :names [\"t\"]) :columns [\"a\" \"b\"] :is_from true :options [(defelem :name \"format\" :arg (const string \"csv\")) (defelem :name \"header\" :arg (const string \"true\")) (defelem :name \"delimiter\" :arg (const string \";\"))])])"},
		{"COPY t TO STDOUT CSV HEADER DELIMITER AS ','",
			"(stmt_list :stmts [(copy :relation (range_var :names [\"t\"]) :options [(defelem :name \"format\" :arg (const string \"csv\")) (defelem :name \"header\" :arg (const bool true)) (defelem :name \"delimiter\" :arg (const string \",\"))])])"},
		{"COPY (SELECT 1) TO STDOUT",
			"(stmt_list :stmts [(copy :query (select :targets [(target :expr (const int4 1))]))])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* PREPARE, EXECUTE, DEALLOCATE, DISCARD. */
Test(gram, prepared_statements_and_discard)
{
	static const golden cases[] = {
		{"DISCARD ALL", "(stmt_list :stmts [(discard :target all)])"},
		{"DEALLOCATE PREPARE p", "(stmt_list :stmts [(deallocate :name \"p\")])"},
		{"DEALLOCATE ALL", "(stmt_list :stmts [(deallocate)])"},
		{"PREPARE p (int, text) AS SELECT $1, $2",
			"(stmt_list :stmts [(prepare :name \"p\" :argtypes [(typename :names [\"pg_catalog\" \"int4\"]) (typename :names [\"text\"])] :query (select :targets [(target :expr (param :number 1)) (target :expr (param :number 2))]))])"},
		{"EXECUTE p (1, 'x')",
			"(stmt_list :stmts [(execute :name \"p\" :params [(const int4 1) (const string \"x\")])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* LISTEN, UNLISTEN [*], NOTIFY [, payload], CHECKPOINT; the keywords stay usable as names. */
Test(gram, notify_and_checkpoint)
{
	static const golden cases[] = {
		{"LISTEN c", "(stmt_list :stmts [(notify :action listen :channel \"c\")])"},
		{"LISTEN \"Chan 1\"",
			"(stmt_list :stmts [(notify :action listen :channel \"Chan 1\")])"},
		{"UNLISTEN c", "(stmt_list :stmts [(notify :action unlisten :channel \"c\")])"},
		{"UNLISTEN *", "(stmt_list :stmts [(notify :action unlisten)])"},
		{"NOTIFY c", "(stmt_list :stmts [(notify :action notify :channel \"c\")])"},
		{"NOTIFY c, 'it''s'",
			"(stmt_list :stmts [(notify :action notify :channel \"c\" :payload \"it's\")])"},
		{"NOTIFY listen", "(stmt_list :stmts [(notify :action notify :channel \"listen\")])"},
		{"CHECKPOINT", "(stmt_list :stmts [(checkpoint)])"},
		{"SELECT listen, notify FROM unlisten",
			"(stmt_list :stmts [(select :targets [(target :expr (colref :fields [\"listen\"])) (target :expr (colref :fields [\"notify\"]))] :from [(range_var :names [\"unlisten\"])])])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* FOR SYSTEM_TIME and AS OF between a table and its alias; AS of as an alias still works. */
Test(gram, time_travel)
{
	static const golden
		cases
			[] =
				{
					{"SELECT * FROM t FOR SYSTEM_TIME AS OF '2024-01-01' AS x",
						"(stmt_list :stmts [(select :targets [(target :expr (colref :fields [*]))] :from [(range_var :names [\"t\"] :alias (alias :name \"x\") :time_travel (time_travel :tt system_as_of :at (const string \"2024-01-01\")))])])"},
					{"SELECT * FROM t FOR SYSTEM_TIME BETWEEN '2024-01-01' AND now() x",
						"(stmt_list :stmts [(select :targets [(target :expr (colref :fields [*]))] :from [(range_var :names [\"t\"] :alias (alias :name \"x\") :time_travel (time_travel :tt system_between :start (const string \"2024-01-01\") :stop (funccall :name [\"now\"])))])])"},
					{"SELECT * FROM t FOR SYSTEM_TIME FROM TIMESTAMP '2024-01-01' TO CURRENT_TIMESTAMP",
						"(stmt_list :stmts [(select :targets [(target :expr (colref :fields [*]))] :from [(range_var :names [\"t\"] :time_travel (time_travel :tt system_from_to :start (cast :syntax literal :arg (const string \"2024-01-01\") :type (typename :names [\"pg_catalog\" \"timestamp\"])) :stop (value_func :op current_timestamp)))])])"},
					{"SELECT * FROM t FOR SYSTEM_TIME ALL",
						"(stmt_list :stmts [(select :targets [(target :expr (colref :fields [*]))] :from [(range_var :names [\"t\"] :time_travel (time_travel :tt system_all))])])"},
					{"SELECT * FROM dev.t AS OF 'main~3' AS x JOIN u AS OF $1 ON true",
						"(stmt_list :stmts [(select :targets [(target :expr (colref :fields [*]))] :from [(join :jointype inner :left (range_var :names [\"dev\" \"t\"] :alias (alias :name \"x\") :time_travel (time_travel :tt as_of :at (const string \"main~3\"))) :right (range_var :names [\"u\"] :time_travel (time_travel :tt as_of :at (param :number 1))) :quals (const bool true))])])"},
					{"SELECT * FROM t AS OF now() - INTERVAL '1 hour' WHERE a = 1", "(stmt_list :stmts [(select :targets [(target :expr (colref :fields [*]))] :from [(range_var :names [\"t\"] :time_travel (time_travel :tt as_of :at (op :name \"-\" :left (funccall :name [\"now\"]) :right (cast :syntax literal :arg (const string \"1 hour\") :type (typename :names [\"pg_catalog\" \"interval\"])))))] :where (op :name \"=\" :left (colref :fields [\"a\"]) :right (const int4 1)))])"},
					{"SELECT * FROM t FOR UPDATE",
						"(stmt_list :stmts [(select :targets [(target :expr (colref :fields [*]))] :from [(range_var :names [\"t\"])] :locking [(locking :strength update)])])"},
					{"SELECT * FROM t AS of (a, b)",
						"(stmt_list :stmts [(select :targets [(target :expr (colref :fields [*]))] :from [(range_var :names [\"t\"] :alias (alias :name \"of\" :columns [\"a\" \"b\"]))])])"},
					{"SELECT a FROM t AS of",
						"(stmt_list :stmts [(select :targets [(target :expr (colref :fields [\"a\"]))] :from [(range_var :names [\"t\"] :alias (alias :name \"of\"))])])"},
				};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* SHOW TABLES / SCHEMAS / DATABASES / COLUMNS, DESCRIBE, validation schemas. */
Test(gram, chrondb_statements)
{
	static const golden cases[] = {
		{"SHOW TABLES", "(stmt_list :stmts [(show_tables)])"},
		{"SHOW TABLES FROM dev", "(stmt_list :stmts [(show_tables :schema \"dev\")])"},
		{"SHOW TABLES IN dev", "(stmt_list :stmts [(show_tables :schema \"dev\")])"},
		{"SHOW SCHEMAS", "(stmt_list :stmts [(show_schemas)])"},
		{"SHOW DATABASES", "(stmt_list :stmts [(show_schemas :databases true)])"},
		{"DESCRIBE dev.t",
			"(stmt_list :stmts [(describe :relation (range_var :names [\"dev\" \"t\"]))])"},
		{"SHOW COLUMNS FROM t",
			"(stmt_list :stmts [(describe :relation (range_var :names [\"t\"]) :show_columns true)])"},
		{"SHOW COLUMNS IN t",
			"(stmt_list :stmts [(describe :relation (range_var :names [\"t\"]) :show_columns true)])"},
		{"CREATE VALIDATION SCHEMA FOR users AS '{\"type\":\"object\"}' MODE strict",
			"(stmt_list :stmts [(create_validation :ns [\"users\"] :schema (const string \"{\\\"type\\\":\\\"object\\\"}\") :mode strict)])"},
		{"CREATE VALIDATION SCHEMA FOR users AS '{}' MODE 'Warning'",
			"(stmt_list :stmts [(create_validation :ns [\"users\"] :schema (const string \"{}\") :mode warning)])"},
		{"CREATE VALIDATION SCHEMA FOR users AS '{}'",
			"(stmt_list :stmts [(create_validation :ns [\"users\"] :schema (const string \"{}\"))])"},
		{"DROP VALIDATION SCHEMA FOR users",
			"(stmt_list :stmts [(drop_validation :ns [\"users\"])])"},
		{"DROP VALIDATION SCHEMA IF EXISTS FOR users",
			"(stmt_list :stmts [(drop_validation :ns [\"users\"] :missing_ok true)])"},
		{"SHOW VALIDATION SCHEMA FOR users",
			"(stmt_list :stmts [(show_validation :ns [\"users\"])])"},
		{"SHOW VALIDATION SCHEMAS", "(stmt_list :stmts [(show_validation)])"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Statements separated by ';', empty ones dropped. */
Test(gram, multiple_statements)
{
	static const golden cases[] = {
		{"SELECT 1;; SELECT 2;",
			"(stmt_list :stmts [(select :targets [(target :expr (const int4 1))]) (select :targets [(target :expr (const int4 2))])])"},
		{";", "(stmt_list)"},
		{"", "(stmt_list)"},
	};

	expect_goldens(cases, sizeof(cases) / sizeof(cases[0]));
}
