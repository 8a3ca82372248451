/*
 * ast.c - node constructors, lists, the node descriptor table and the
 * walker (see ast.h for the tree's conventions).
 *
 * The descriptor table names every field of every node with its type and
 * offset (STYLE.md rule 10: a table, not code per node); the walker, the
 * depth limit and the printer (dump.c) are all driven by it, so a new
 * field needs one line here to be visited, checked and printed.  Field
 * order in a descriptor follows the struct.
 */
#include "ast.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNTOF(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ enum names */

static const char *const const_kind_names[] = {
	"null", "bool", "integer", "numeric", "string", "bitstring"};
static const char *const bool_op_names[] = {"and", "or", "not"};
static const char *const booltest_names[] = {
	"is_true", "is_not_true", "is_false", "is_not_false", "is_unknown", "is_not_unknown"};
static const char *const like_names[] = {"like", "ilike", "similar"};
static const char *const sublink_names[] = {"exists", "expr", "array", "any", "all"};
static const char *const minmax_names[] = {"greatest", "least"};
static const char *const cast_syntax_names[] = {"func", "op", "literal"};
static const char *const func_syntax_names[] = {"normal", "sql_syntax"};
static const char *const value_func_names[] = {"current_date", "current_time", "current_timestamp",
	"localtime", "localtimestamp", "current_role", "current_user", "session_user", "user",
	"current_catalog", "current_schema"};
static const char *const frame_mode_names[] = {"default", "range", "rows", "groups"};
static const char *const frame_bound_names[] = {"default", "unbounded_preceding", "preceding",
	"current_row", "following", "unbounded_following"};
static const char *const frame_exclusion_names[] = {"no_others", "current_row", "group", "ties"};
static const char *const sort_dir_names[] = {"default", "asc", "desc", "using"};
static const char *const sort_nulls_names[] = {"default", "first", "last"};
static const char *const time_travel_names[] = {
	"as_of", "system_as_of", "system_between", "system_from_to", "system_all"};
static const char *const join_type_names[] = {"inner", "left", "right", "full", "cross"};
static const char *const materialize_names[] = {"default", "materialized", "not_materialized"};
static const char *const lock_strength_names[] = {"update", "no_key_update", "share", "key_share"};
static const char *const lock_wait_names[] = {"block", "nowait", "skip_locked"};
static const char *const conflict_names[] = {"nothing", "update"};
static const char *const constraint_names[] = {"null", "not_null", "default", "check",
	"primary_key", "unique", "foreign_key", "identity", "generated"};
static const char *const fk_action_names[] = {
	"no_action", "restrict", "cascade", "set_null", "set_default"};
static const char *const fk_match_names[] = {"simple", "full", "partial"};
static const char *const identity_names[] = {"none", "always", "by_default"};
static const char *const alter_cmd_names[] = {"add_column", "drop_column", "set_default",
	"drop_default", "set_not_null", "drop_not_null", "alter_type", "add_constraint",
	"drop_constraint", "rename_column", "rename_table", "rename_constraint"};
static const char *const drop_behavior_names[] = {"restrict", "cascade"};
static const char *const lock_mode_names[] = {"none", "access_share", "row_share", "row_exclusive",
	"share_update_exclusive", "share", "share_row_exclusive", "exclusive", "access_exclusive"};
static const char *const set_op_names[] = {"none", "union", "intersect", "except"};
static const char *const limit_kind_names[] = {"none", "count", "all", "with_ties"};
static const char *const overriding_names[] = {"none", "system_value", "user_value"};
static const char *const persistence_names[] = {"permanent", "temp", "unlogged"};
static const char *const object_names[] = {"table", "index", "sequence", "view", "schema"};
static const char *const view_check_names[] = {"none", "local", "cascaded"};
static const char *const transaction_names[] = {
	"begin", "commit", "rollback", "savepoint", "release", "rollback_to"};
static const char *const set_kind_names[] = {
	"value", "default", "current", "multi", "reset", "reset_all"};
static const char *const discard_names[] = {"all", "plans", "sequences", "temp"};
static const char *const notify_action_names[] = {"listen", "unlisten", "notify"};
static const char *const validation_mode_names[] = {"default", "strict", "warning", "disabled"};

/* ----------------------------------------------------------- descriptors */

#define ALWAYS INT32_MIN /* an INT/ENUM dflt no value equals: always printed */

#define F(T, f, ty)                                                                                \
	{                                                                                          \
#f, ty, offsetof(T, f), NULL, 0, 0                                                 \
	}
#define F_NODE(T, f) F(T, f, SQL_FT_NODE)
#define F_LIST(T, f) F(T, f, SQL_FT_LIST)
#define F_STR(T, f)  F(T, f, SQL_FT_STR)
#define F_BOOL(T, f) F(T, f, SQL_FT_BOOL)
#define F_LOC(T, f)  F(T, f, SQL_FT_LOC)
#define F_I64(T, f)  F(T, f, SQL_FT_I64)
#define F_INT(T, f, d)                                                                             \
	{                                                                                          \
#f, SQL_FT_INT, offsetof(T, f), NULL, 0, d                                         \
	}
#define F_ENUM(T, f, names, d)                                                                     \
	{                                                                                          \
#f, SQL_FT_ENUM, offsetof(T, f), names, (int)COUNTOF(names), d                     \
	}
#define END                                                                                        \
	{                                                                                          \
		NULL, SQL_FT_NODE, 0, NULL, 0, 0                                                   \
	}

static const sql_field_desc list_fields[] = {END}; /* items are visited specially */
static const sql_field_desc str_fields[] = {F_STR(sql_str, s), END};
static const sql_field_desc star_fields[] = {END};
static const sql_field_desc stmt_list_fields[] = {F_LIST(sql_stmt_list, stmts), END};

static const sql_field_desc const_fields[] = {
	F_ENUM(sql_const, ckind, const_kind_names, ALWAYS),
	F_BOOL(sql_const, bval),
	F_BOOL(sql_const, fits_int4),
	F_I64(sql_const, ival),
	F_STR(sql_const, text),
	END,
};
static const sql_field_desc param_fields[] = {F_INT(sql_param, number, ALWAYS), END};
static const sql_field_desc colref_fields[] = {F_LIST(sql_colref, fields), END};
static const sql_field_desc op_fields[] = {
	F_STR(sql_op, name),
	F_STR(sql_op, schema),
	F_NODE(sql_op, left),
	F_NODE(sql_op, right),
	F_LOC(sql_op, op_loc),
	END,
};
static const sql_field_desc any_all_fields[] = {
	F_STR(sql_any_all, name),
	F_STR(sql_any_all, schema),
	F_BOOL(sql_any_all, all),
	F_NODE(sql_any_all, left),
	F_NODE(sql_any_all, right),
	F_LOC(sql_any_all, op_loc),
	END,
};
static const sql_field_desc boolexpr_fields[] = {
	F_ENUM(sql_boolexpr, op, bool_op_names, ALWAYS),
	F_LIST(sql_boolexpr, args),
	END,
};
static const sql_field_desc nulltest_fields[] = {
	F_NODE(sql_nulltest, arg),
	F_BOOL(sql_nulltest, negated),
	END,
};
static const sql_field_desc booltest_fields[] = {
	F_ENUM(sql_booltest, test, booltest_names, ALWAYS),
	F_NODE(sql_booltest, arg),
	END,
};
static const sql_field_desc distinct_fields[] = {
	F_BOOL(sql_distinct, negated),
	F_NODE(sql_distinct, left),
	F_NODE(sql_distinct, right),
	F_LOC(sql_distinct, op_loc),
	END,
};
static const sql_field_desc like_fields[] = {
	F_ENUM(sql_like, op, like_names, ALWAYS),
	F_BOOL(sql_like, negated),
	F_NODE(sql_like, arg),
	F_NODE(sql_like, pattern),
	F_NODE(sql_like, escape),
	F_LOC(sql_like, op_loc),
	END,
};
static const sql_field_desc between_fields[] = {
	F_BOOL(sql_between, negated),
	F_BOOL(sql_between, symmetric),
	F_NODE(sql_between, arg),
	F_NODE(sql_between, low),
	F_NODE(sql_between, high),
	F_LOC(sql_between, op_loc),
	END,
};
static const sql_field_desc in_list_fields[] = {
	F_BOOL(sql_in_list, negated),
	F_NODE(sql_in_list, arg),
	F_LIST(sql_in_list, items),
	F_LOC(sql_in_list, op_loc),
	END,
};
static const sql_field_desc sublink_fields[] = {
	F_ENUM(sql_sublink, sublink, sublink_names, ALWAYS),
	F_NODE(sql_sublink, test),
	F_STR(sql_sublink, op_name),
	F_STR(sql_sublink, op_schema),
	F_NODE(sql_sublink, subquery),
	F_LOC(sql_sublink, op_loc),
	END,
};
static const sql_field_desc case_fields[] = {
	F_NODE(sql_case, arg),
	F_LIST(sql_case, whens),
	F_NODE(sql_case, else_result),
	END,
};
static const sql_field_desc case_when_fields[] = {
	F_NODE(sql_case_when, cond),
	F_NODE(sql_case_when, result),
	END,
};
static const sql_field_desc coalesce_fields[] = {F_LIST(sql_coalesce, args), END};
static const sql_field_desc minmax_fields[] = {
	F_ENUM(sql_minmax, op, minmax_names, ALWAYS),
	F_LIST(sql_minmax, args),
	END,
};
static const sql_field_desc nullif_fields[] = {
	F_NODE(sql_nullif, left),
	F_NODE(sql_nullif, right),
	END,
};
static const sql_field_desc cast_fields[] = {
	F_ENUM(sql_cast, syntax, cast_syntax_names, ALWAYS),
	F_NODE(sql_cast, arg),
	F_NODE(sql_cast, type),
	F_LOC(sql_cast, op_loc),
	END,
};
static const sql_field_desc typename_fields[] = {
	F_LIST(sql_typename, names),
	F_LIST(sql_typename, typmods),
	F_LIST(sql_typename, array_bounds),
	F_INT(sql_typename, interval_fields, 0),
	END,
};
static const sql_field_desc funccall_fields[] = {
	F_LIST(sql_funccall, name),
	F_LIST(sql_funccall, args),
	F_LIST(sql_funccall, agg_order),
	F_NODE(sql_funccall, agg_filter),
	F_NODE(sql_funccall, over),
	F_BOOL(sql_funccall, agg_star),
	F_BOOL(sql_funccall, agg_distinct),
	F_BOOL(sql_funccall, agg_within_group),
	F_BOOL(sql_funccall, variadic),
	F_ENUM(sql_funccall, syntax, func_syntax_names, SQL_FUNC_NORMAL),
	END,
};
static const sql_field_desc named_arg_fields[] = {
	F_STR(sql_named_arg, name),
	F_NODE(sql_named_arg, arg),
	END,
};
static const sql_field_desc value_func_fields[] = {
	F_ENUM(sql_value_func, op, value_func_names, ALWAYS),
	F_INT(sql_value_func, precision, -1),
	END,
};
static const sql_field_desc array_fields[] = {F_LIST(sql_array, elements), END};
static const sql_field_desc row_fields[] = {
	F_LIST(sql_row, args),
	F_BOOL(sql_row, explicit_row),
	END,
};
static const sql_field_desc indirection_fields[] = {
	F_NODE(sql_indirection, arg),
	F_LIST(sql_indirection, steps),
	END,
};
static const sql_field_desc subscript_fields[] = {
	F_BOOL(sql_subscript, slice),
	F_NODE(sql_subscript, lower),
	F_NODE(sql_subscript, upper),
	END,
};
static const sql_field_desc collate_fields[] = {
	F_NODE(sql_collate, arg),
	F_LIST(sql_collate, collation),
	END,
};
static const sql_field_desc default_fields[] = {END};
static const sql_field_desc window_def_fields[] = {
	F_STR(sql_window_def, name),
	F_STR(sql_window_def, refname),
	F_LIST(sql_window_def, partition_by),
	F_LIST(sql_window_def, order_by),
	F_ENUM(sql_window_def, frame_mode, frame_mode_names, SQL_FRAME_DEFAULT),
	F_ENUM(sql_window_def, start_bound, frame_bound_names, SQL_BOUND_DEFAULT),
	F_ENUM(sql_window_def, end_bound, frame_bound_names, SQL_BOUND_DEFAULT),
	F_NODE(sql_window_def, start_offset),
	F_NODE(sql_window_def, end_offset),
	F_ENUM(sql_window_def, exclusion, frame_exclusion_names, SQL_EXCLUDE_NO_OTHERS),
	END,
};
static const sql_field_desc sortby_fields[] = {
	F_NODE(sql_sortby, expr),
	F_ENUM(sql_sortby, dir, sort_dir_names, SQL_SORT_DEFAULT),
	F_ENUM(sql_sortby, nulls, sort_nulls_names, SQL_NULLS_DEFAULT),
	F_STR(sql_sortby, using_op),
	END,
};

static const sql_field_desc target_fields[] = {
	F_NODE(sql_target, expr),
	F_STR(sql_target, name),
	END,
};
static const sql_field_desc alias_fields[] = {
	F_STR(sql_alias, name),
	F_LIST(sql_alias, columns),
	END,
};
static const sql_field_desc time_travel_fields[] = {
	F_ENUM(sql_time_travel, tt, time_travel_names, ALWAYS),
	F_NODE(sql_time_travel, at),
	F_NODE(sql_time_travel, start),
	F_NODE(sql_time_travel, stop),
	END,
};
static const sql_field_desc range_var_fields[] = {
	F_LIST(sql_range_var, names),
	F_BOOL(sql_range_var, only),
	F_NODE(sql_range_var, alias),
	F_NODE(sql_range_var, time_travel),
	END,
};
static const sql_field_desc range_subselect_fields[] = {
	F_BOOL(sql_range_subselect, lateral),
	F_NODE(sql_range_subselect, subquery),
	F_NODE(sql_range_subselect, alias),
	END,
};
static const sql_field_desc range_function_fields[] = {
	F_BOOL(sql_range_function, lateral),
	F_BOOL(sql_range_function, ordinality),
	F_NODE(sql_range_function, func),
	F_NODE(sql_range_function, alias),
	END,
};
static const sql_field_desc join_fields[] = {
	F_ENUM(sql_join, jointype, join_type_names, ALWAYS),
	F_BOOL(sql_join, natural),
	F_NODE(sql_join, left),
	F_NODE(sql_join, right),
	F_NODE(sql_join, quals),
	F_LIST(sql_join, using_cols),
	F_NODE(sql_join, alias),
	END,
};
static const sql_field_desc with_fields[] = {
	F_BOOL(sql_with, recursive),
	F_LIST(sql_with, ctes),
	END,
};
static const sql_field_desc cte_fields[] = {
	F_STR(sql_cte, name),
	F_LIST(sql_cte, columns),
	F_ENUM(sql_cte, materialized, materialize_names, SQL_CTE_MATERIALIZE_DEFAULT),
	F_NODE(sql_cte, query),
	END,
};
static const sql_field_desc locking_fields[] = {
	F_ENUM(sql_locking, strength, lock_strength_names, ALWAYS),
	F_LIST(sql_locking, tables),
	F_ENUM(sql_locking, wait, lock_wait_names, SQL_LOCK_WAIT_BLOCK),
	END,
};
static const sql_field_desc assign_fields[] = {
	F_LIST(sql_assign, columns),
	F_NODE(sql_assign, value),
	END,
};
static const sql_field_desc on_conflict_fields[] = {
	F_ENUM(sql_on_conflict, action, conflict_names, ALWAYS),
	F_LIST(sql_on_conflict, target),
	F_NODE(sql_on_conflict, target_where),
	F_STR(sql_on_conflict, constraint),
	F_LIST(sql_on_conflict, set),
	F_NODE(sql_on_conflict, where),
	END,
};
static const sql_field_desc column_def_fields[] = {
	F_STR(sql_column_def, name),
	F_NODE(sql_column_def, type),
	F_LIST(sql_column_def, constraints),
	F_LIST(sql_column_def, collation),
	END,
};
static const sql_field_desc constraint_fields[] = {
	F_ENUM(sql_constraint, contype, constraint_names, ALWAYS),
	F_STR(sql_constraint, name),
	F_NODE(sql_constraint, expr),
	F_LIST(sql_constraint, keys),
	F_LIST(sql_constraint, include),
	F_NODE(sql_constraint, ref_table),
	F_LIST(sql_constraint, ref_columns),
	F_ENUM(sql_constraint, match, fk_match_names, SQL_MATCH_SIMPLE),
	F_ENUM(sql_constraint, on_delete, fk_action_names, SQL_FK_NO_ACTION),
	F_ENUM(sql_constraint, on_update, fk_action_names, SQL_FK_NO_ACTION),
	F_ENUM(sql_constraint, identity, identity_names, SQL_IDENTITY_NONE),
	F_LIST(sql_constraint, seq_options),
	F_BOOL(sql_constraint, deferrable),
	F_BOOL(sql_constraint, initially_deferred),
	F_BOOL(sql_constraint, no_inherit),
	F_BOOL(sql_constraint, nulls_not_distinct),
	END,
};
static const sql_field_desc alter_cmd_fields[] = {
	F_ENUM(sql_alter_cmd, subtype, alter_cmd_names, ALWAYS),
	F_STR(sql_alter_cmd, name),
	F_STR(sql_alter_cmd, new_name),
	F_NODE(sql_alter_cmd, def),
	F_NODE(sql_alter_cmd, expr),
	F_BOOL(sql_alter_cmd, missing_ok),
	F_ENUM(sql_alter_cmd, behavior, drop_behavior_names, SQL_DROP_RESTRICT),
	END,
};
static const sql_field_desc index_elem_fields[] = {
	F_STR(sql_index_elem, name),
	F_NODE(sql_index_elem, expr),
	F_LIST(sql_index_elem, collation),
	F_LIST(sql_index_elem, opclass),
	F_ENUM(sql_index_elem, ordering, sort_dir_names, SQL_SORT_DEFAULT),
	F_ENUM(sql_index_elem, nulls, sort_nulls_names, SQL_NULLS_DEFAULT),
	END,
};
static const sql_field_desc defelem_fields[] = {
	F_STR(sql_defelem, name),
	F_NODE(sql_defelem, arg),
	END,
};
static const sql_field_desc vacuum_rel_fields[] = {
	F_NODE(sql_vacuum_rel, relation),
	F_LIST(sql_vacuum_rel, columns),
	END,
};

static const sql_field_desc select_fields[] = {
	F_NODE(sql_select, with),
	F_ENUM(sql_select, set_op, set_op_names, SQL_SETOP_NONE),
	F_BOOL(sql_select, set_all),
	F_NODE(sql_select, larg),
	F_NODE(sql_select, rarg),
	F_BOOL(sql_select, distinct),
	F_LIST(sql_select, distinct_on),
	F_LIST(sql_select, targets),
	F_LIST(sql_select, from),
	F_NODE(sql_select, where),
	F_LIST(sql_select, group_by),
	F_NODE(sql_select, having),
	F_LIST(sql_select, windows),
	F_LIST(sql_select, values),
	F_LIST(sql_select, sort),
	F_ENUM(sql_select, limit_kind, limit_kind_names, SQL_LIMIT_NONE),
	F_NODE(sql_select, limit),
	F_NODE(sql_select, offset),
	F_LIST(sql_select, locking),
	END,
};
static const sql_field_desc insert_fields[] = {
	F_NODE(sql_insert, with),
	F_NODE(sql_insert, relation),
	F_LIST(sql_insert, columns),
	F_ENUM(sql_insert, overriding, overriding_names, SQL_OVERRIDING_NONE),
	F_NODE(sql_insert, source),
	F_NODE(sql_insert, on_conflict),
	F_LIST(sql_insert, returning),
	END,
};
static const sql_field_desc update_fields[] = {
	F_NODE(sql_update, with),
	F_NODE(sql_update, relation),
	F_LIST(sql_update, set),
	F_LIST(sql_update, from),
	F_NODE(sql_update, where),
	F_LIST(sql_update, returning),
	END,
};
static const sql_field_desc delete_fields[] = {
	F_NODE(sql_delete, with),
	F_NODE(sql_delete, relation),
	F_LIST(sql_delete, using_list),
	F_NODE(sql_delete, where),
	F_LIST(sql_delete, returning),
	END,
};
static const sql_field_desc truncate_fields[] = {
	F_LIST(sql_truncate, relations),
	F_BOOL(sql_truncate, restart_identity),
	F_ENUM(sql_truncate, behavior, drop_behavior_names, SQL_DROP_RESTRICT),
	END,
};
static const sql_field_desc lock_fields[] = {
	F_LIST(sql_lock, relations),
	F_ENUM(sql_lock, mode, lock_mode_names, SQL_LOCKMODE_ACCESS_EXCLUSIVE),
	F_BOOL(sql_lock, nowait),
	END,
};
static const sql_field_desc create_table_fields[] = {
	F_NODE(sql_create_table, relation),
	F_ENUM(sql_create_table, persistence, persistence_names, SQL_PERSISTENCE_PERMANENT),
	F_BOOL(sql_create_table, if_not_exists),
	F_LIST(sql_create_table, elements),
	F_LIST(sql_create_table, options),
	END,
};
static const sql_field_desc create_table_as_fields[] = {
	F_NODE(sql_create_table_as, relation),
	F_ENUM(sql_create_table_as, persistence, persistence_names, SQL_PERSISTENCE_PERMANENT),
	F_BOOL(sql_create_table_as, if_not_exists),
	F_LIST(sql_create_table_as, columns),
	F_LIST(sql_create_table_as, options),
	F_NODE(sql_create_table_as, query),
	F_BOOL(sql_create_table_as, with_no_data),
	END,
};
static const sql_field_desc drop_fields[] = {
	F_ENUM(sql_drop, object, object_names, ALWAYS),
	F_LIST(sql_drop, objects),
	F_BOOL(sql_drop, missing_ok),
	F_BOOL(sql_drop, concurrently),
	F_ENUM(sql_drop, behavior, drop_behavior_names, SQL_DROP_RESTRICT),
	END,
};
static const sql_field_desc alter_table_fields[] = {
	F_NODE(sql_alter_table, relation),
	F_BOOL(sql_alter_table, missing_ok),
	F_LIST(sql_alter_table, cmds),
	END,
};
static const sql_field_desc create_index_fields[] = {
	F_STR(sql_create_index, name),
	F_NODE(sql_create_index, relation),
	F_STR(sql_create_index, method),
	F_LIST(sql_create_index, params),
	F_LIST(sql_create_index, include),
	F_LIST(sql_create_index, options),
	F_NODE(sql_create_index, where),
	F_BOOL(sql_create_index, unique),
	F_BOOL(sql_create_index, concurrently),
	F_BOOL(sql_create_index, if_not_exists),
	F_BOOL(sql_create_index, nulls_not_distinct),
	END,
};
static const sql_field_desc create_sequence_fields[] = {
	F_NODE(sql_create_sequence, sequence),
	F_ENUM(sql_create_sequence, persistence, persistence_names, SQL_PERSISTENCE_PERMANENT),
	F_BOOL(sql_create_sequence, if_not_exists),
	F_LIST(sql_create_sequence, options),
	END,
};
static const sql_field_desc alter_sequence_fields[] = {
	F_NODE(sql_alter_sequence, sequence),
	F_BOOL(sql_alter_sequence, missing_ok),
	F_LIST(sql_alter_sequence, options),
	END,
};
static const sql_field_desc create_view_fields[] = {
	F_NODE(sql_create_view, view),
	F_ENUM(sql_create_view, persistence, persistence_names, SQL_PERSISTENCE_PERMANENT),
	F_BOOL(sql_create_view, or_replace),
	F_LIST(sql_create_view, columns),
	F_LIST(sql_create_view, options),
	F_NODE(sql_create_view, query),
	F_ENUM(sql_create_view, check_option, view_check_names, SQL_VIEW_CHECK_NONE),
	END,
};
static const sql_field_desc create_schema_fields[] = {
	F_STR(sql_create_schema, name),
	F_STR(sql_create_schema, authrole),
	F_BOOL(sql_create_schema, if_not_exists),
	END,
};
static const sql_field_desc transaction_fields[] = {
	F_ENUM(sql_transaction, tkind, transaction_names, ALWAYS),
	F_LIST(sql_transaction, options),
	F_STR(sql_transaction, savepoint),
	F_BOOL(sql_transaction, chain),
	END,
};
static const sql_field_desc set_fields[] = {
	F_ENUM(sql_set, skind, set_kind_names, ALWAYS),
	F_STR(sql_set, name),
	F_LIST(sql_set, args),
	F_BOOL(sql_set, local),
	END,
};
static const sql_field_desc show_fields[] = {F_STR(sql_show, name), END};
static const sql_field_desc explain_fields[] = {
	F_NODE(sql_explain, stmt),
	F_LIST(sql_explain, options),
	END,
};
static const sql_field_desc vacuum_fields[] = {
	F_BOOL(sql_vacuum, is_vacuum),
	F_LIST(sql_vacuum, options),
	F_LIST(sql_vacuum, relations),
	END,
};
static const sql_field_desc copy_fields[] = {
	F_NODE(sql_copy, relation),
	F_NODE(sql_copy, query),
	F_LIST(sql_copy, columns),
	F_BOOL(sql_copy, is_from),
	F_BOOL(sql_copy, is_program),
	F_STR(sql_copy, filename),
	F_LIST(sql_copy, options),
	F_NODE(sql_copy, where),
	END,
};
static const sql_field_desc discard_fields[] = {
	F_ENUM(sql_discard, target, discard_names, ALWAYS),
	END,
};
static const sql_field_desc deallocate_fields[] = {F_STR(sql_deallocate, name), END};
static const sql_field_desc prepare_fields[] = {
	F_STR(sql_prepare, name),
	F_LIST(sql_prepare, argtypes),
	F_NODE(sql_prepare, query),
	END,
};
static const sql_field_desc execute_fields[] = {
	F_STR(sql_execute, name),
	F_LIST(sql_execute, params),
	END,
};
static const char *const fetch_dir_names[] = {"forward", "backward", "absolute", "relative"};
static const sql_field_desc declare_cursor_fields[] = {
	F_STR(sql_declare_cursor, name),
	F_BOOL(sql_declare_cursor, binary),
	F_BOOL(sql_declare_cursor, scroll),
	F_BOOL(sql_declare_cursor, hold),
	F_NODE(sql_declare_cursor, query),
	END,
};
static const sql_field_desc fetch_fields[] = {
	F_STR(sql_fetch, name),
	F_ENUM(sql_fetch, direction, fetch_dir_names, ALWAYS),
	F_I64(sql_fetch, count),
	F_BOOL(sql_fetch, move),
	END,
};
static const sql_field_desc close_portal_fields[] = {F_STR(sql_close_portal, name), END};
static const sql_field_desc notify_fields[] = {
	F_ENUM(sql_notify, action, notify_action_names, ALWAYS),
	F_STR(sql_notify, channel),
	F_STR(sql_notify, payload),
	END,
};
static const sql_field_desc checkpoint_fields[] = {END};
static const char *const comment_object_names[] = {
	"table", "view", "sequence", "index", "column", "schema"};
static const sql_field_desc comment_fields[] = {
	F_ENUM(sql_comment, object, comment_object_names, ALWAYS),
	F_LIST(sql_comment, name),
	F_STR(sql_comment, text),
	END,
};
static const sql_field_desc show_tables_fields[] = {F_STR(sql_show_tables, schema), END};
static const sql_field_desc show_schemas_fields[] = {F_BOOL(sql_show_schemas, databases), END};
static const sql_field_desc describe_fields[] = {
	F_NODE(sql_describe, relation),
	F_BOOL(sql_describe, show_columns),
	END,
};
static const sql_field_desc create_validation_fields[] = {
	F_LIST(sql_create_validation, ns),
	F_NODE(sql_create_validation, schema),
	F_ENUM(sql_create_validation, mode, validation_mode_names, SQL_VALIDATION_MODE_DEFAULT),
	END,
};
static const sql_field_desc drop_validation_fields[] = {
	F_LIST(sql_drop_validation, ns),
	F_BOOL(sql_drop_validation, missing_ok),
	END,
};
static const sql_field_desc show_validation_fields[] = {F_LIST(sql_show_validation, ns), END};

static const sql_node_desc node_descs[SQL_NODE_KIND_COUNT] = {
#define SQL_DESC(K, nm)                                                                            \
	[SQL_##K] = {#nm, sizeof(struct sql_##nm), nm##_fields, (int)COUNTOF(nm##_fields) - 1},
	SQL_NODE_KINDS(SQL_DESC)
#undef SQL_DESC
};

const sql_node_desc *sql_node_describe(sql_node_kind kind)
{
	assert(kind >= 0 && kind < SQL_NODE_KIND_COUNT);
	return &node_descs[kind];
}

const char *sql_node_kind_name(sql_node_kind kind)
{
	if ((int)kind < 0 || kind >= SQL_NODE_KIND_COUNT)
		return "?";
	return node_descs[kind].name;
}

const sql_node *sql_node_check(const sql_node *n, sql_node_kind kind)
{
	assert(n == NULL || n->kind == kind);
	(void)kind;
	return n;
}

/* ------------------------------------------------------------- building */

sql_node *sql_node_new(sql_arena *a, sql_node_kind kind, int loc, int end)
{
	const sql_node_desc *d = sql_node_describe(kind);
	sql_node *n = sql_arena_zalloc(a, d->size);

	n->kind = kind;
	n->loc = loc;
	n->end = end;

	/* Offsets start out unknown rather than pointing at the first byte. */
	for (int i = 0; i < d->nfields; i++)
		if (d->fields[i].type == SQL_FT_LOC)
			*(int *)((char *)n + d->fields[i].offset) = -1;
	if (kind == SQL_VALUE_FUNC)
		((sql_value_func *)n)->precision = -1;
	return n;
}

sql_list *sql_list_append(sql_arena *a, sql_list *list, void *item)
{
	sql_node *it = item;

	assert(it != NULL);
	if (list == NULL)
		list = SQL_NEW(a, list, LIST, it->loc, it->end);

	/* Grow by doubling; the old array stays in the arena until it resets. */
	if (list->len == list->cap) {
		int cap = list->cap ? list->cap * 2 : 4;
		sql_node **items = sql_arena_alloc(a, (size_t)cap * sizeof(*items));

		if (list->len > 0)
			memcpy(items, list->items, (size_t)list->len * sizeof(*items));
		list->items = items;
		list->cap = cap;
	}
	list->items[list->len++] = it;

	/* The list spans its items: the first located one to the last. */
	if (list->n.loc < 0 || (it->loc >= 0 && it->loc < list->n.loc))
		list->n.loc = it->loc;
	if (it->end > list->n.end)
		list->n.end = it->end;
	return list;
}

sql_list *sql_list_make1(sql_arena *a, void *item)
{
	return sql_list_append(a, NULL, item);
}

sql_list *sql_list_concat(sql_arena *a, sql_list *list, const sql_list *more)
{
	for (int i = 0; i < sql_list_len(more); i++)
		list = sql_list_append(a, list, more->items[i]);
	return list;
}

sql_str *sql_str_new(sql_arena *a, const char *s, int loc, int end)
{
	sql_str *n = SQL_NEW(a, str, STR, loc, end);

	n->s = sql_arena_strndup(a, s, strlen(s));
	return n;
}

const char *sql_list_str(const sql_list *l, int i)
{
	return sql_as_str(sql_list_nth(l, i))->s;
}

sql_const *sql_const_new(sql_arena *a, sql_const_kind ckind, const char *text, int loc, int end)
{
	sql_const *c = SQL_NEW(a, const, CONST, loc, end);

	c->ckind = ckind;
	c->text = text ? sql_arena_strndup(a, text, strlen(text)) : NULL;
	return c;
}

sql_const *sql_const_int(sql_arena *a, int64_t v, int loc, int end)
{
	char buf[24];
	sql_const *c;

	snprintf(buf, sizeof(buf), "%" PRId64, v);
	c = sql_const_new(a, SQL_CONST_INTEGER, buf, loc, end);
	c->ival = v;
	c->fits_int4 = v >= INT32_MIN && v <= INT32_MAX;
	return c;
}

const char *sql_defelem_text(const sql_defelem *d)
{
	const sql_node *arg = d->arg;

	if (arg == NULL)
		return NULL;
	if (arg->kind == SQL_CONST && ((const sql_const *)arg)->ckind != SQL_CONST_NULL)
		return ((const sql_const *)arg)->text;
	return NULL;
}

/* --------------------------------------------------------------- walking */

typedef struct walk_item {
	sql_node *node;
	int depth;
} walk_item;

typedef struct walk_stack {
	walk_item *items;
	size_t len;
	size_t cap;
} walk_stack;

static void walk_push(walk_stack *st, sql_node *node, int depth)
{
	if (st->len == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 64;
		walk_item *items = realloc(st->items, cap * sizeof(*items));

		if (items == NULL)
			abort();
		st->items = items;
		st->cap = cap;
	}
	st->items[st->len].node = node;
	st->items[st->len].depth = depth;
	st->len++;
}

/* A child's depth: lists add no level of their own. */
static int child_depth(const sql_node *child, int parent_depth)
{
	return child->kind == SQL_LIST ? parent_depth : parent_depth + 1;
}

int sql_walk(sql_node *node, sql_walk_fn fn, void *arg)
{
	walk_stack st = {NULL, 0, 0};
	int stopped = 0;

	if (node == NULL)
		return 0;
	walk_push(&st, node, node->kind == SQL_LIST ? 0 : 1);
	while (st.len > 0 && !stopped) {
		walk_item it = st.items[--st.len];
		const sql_node_desc *d;
		sql_walk_result r = fn(it.node, it.depth, arg);

		if (r == SQL_WALK_STOP) {
			stopped = 1;
			break;
		}
		if (r == SQL_WALK_SKIP)
			continue;

		/* Children go on the stack last first, so they come off in order. */
		if (it.node->kind == SQL_LIST) {
			sql_list *l = (sql_list *)it.node;

			for (int i = l->len - 1; i >= 0; i--)
				walk_push(&st, l->items[i], child_depth(l->items[i], it.depth));
			continue;
		}
		d = sql_node_describe(it.node->kind);
		for (int i = d->nfields - 1; i >= 0; i--) {
			const sql_field_desc *f = &d->fields[i];
			sql_node *child;

			if (f->type != SQL_FT_NODE && f->type != SQL_FT_LIST)
				continue;
			child = *(sql_node **)((char *)it.node + f->offset);
			if (child != NULL)
				walk_push(&st, child, child_depth(child, it.depth));
		}
	}
	free(st.items);
	return stopped;
}
