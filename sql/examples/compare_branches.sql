-- compare_branches.sql: how a branch and the branch it came from have
-- moved apart: their heads, where they parted, the commits each has that
-- the other lacks, and every row that differs, column by column.
--
--   psql -X -v branch=spring-promo -v base=main -f sql/examples/compare_branches.sql
--
-- branch defaults to the demo's spring-promo (demo.sql), base to main.
-- chrondb.log lists what git log lists (every commit reachable), so
-- "only on the branch" is git's base..branch, and "where they parted" the
-- newest commit both histories hold (the merge base, as time orders them).
-- Nothing is written: chrondb_branch_merge(:'branch', :'base') is the
-- next step once the differences are agreed (conflicts, if any, are then
-- listed in chrondb.conflicts).
\set ON_ERROR_STOP on
\if :{?branch}
\else
\set branch spring-promo
\endif
\if :{?base}
\else
\set base main
\endif

\echo The two heads:
SELECT branch_name, substr(head, 1, 10) AS head, head_author, head_message
  FROM chrondb.branches WHERE branch_name IN (:'base', :'branch')
 ORDER BY branch_name = :'branch';

\echo Where they parted (the newest commit of the branch that the base has too):
SELECT commit_id AS parted, substr(commit_id, 1, 10) AS commit, author,
       split_part(message, E'\n', 1) AS message
  FROM chrondb.log WHERE branch = :'branch'
   AND commit_id IN (SELECT commit_id FROM chrondb.log WHERE branch = :'base')
 LIMIT 1 \gset
\echo :commit by :author: :message
\echo

\echo Commits only on the branch:
SELECT substr(commit_id, 1, 10) AS commit, author, application_name, request_id,
       split_part(message, E'\n', 1) AS message
  FROM chrondb.log WHERE branch = :'branch'
   AND commit_id NOT IN (SELECT commit_id FROM chrondb.log WHERE branch = :'base');

\echo Commits only on the base:
SELECT substr(commit_id, 1, 10) AS commit, author, application_name, request_id,
       split_part(message, E'\n', 1) AS message
  FROM chrondb.log WHERE branch = :'base'
   AND commit_id NOT IN (SELECT commit_id FROM chrondb.log WHERE branch = :'branch');

\echo What the branch changed since they parted (what a merge brings to the base):
SELECT table_name, key, diff_type, changed_columns, before, after
  FROM chrondb.diff WHERE from_ref = :'parted' AND to_ref = :'branch'
 ORDER BY table_name, key;

\echo What the base changed meanwhile:
SELECT table_name, key, diff_type, changed_columns, before, after
  FROM chrondb.diff WHERE from_ref = :'parted' AND to_ref = :'base'
 ORDER BY table_name, key;

\echo Rows that differ now, column by column, from the base to the branch:
SELECT d.table_name, d.key, d.diff_type, c.col AS "column",
       d.before -> c.col AS on_base, d.after -> c.col AS on_branch
  FROM chrondb.diff d, LATERAL unnest(d.changed_columns) AS c(col)
 WHERE d.from_ref = :'base' AND d.to_ref = :'branch'
 ORDER BY d.table_name, d.key, c.col;
