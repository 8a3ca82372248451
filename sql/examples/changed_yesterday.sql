-- changed_yesterday.sql: what changed in a period (yesterday by default):
-- the commits, who made them and from where, and every row they changed.
--
--   psql -X -f sql/examples/changed_yesterday.sql
--   psql -X -v from='2026-12-01 09:00' -v to='2026-12-01 18:00' -f sql/examples/changed_yesterday.sql
--
-- from and to are times in the session's TimeZone (from included, to
-- not).  The commits come from the log of the session's branch, read
-- from its head back to the start of the period; each commit's rows from
-- a diff against its parent, which reads only the trees on the changed
-- rows' paths.  For the net change over a long period in one go, diff
-- the two times instead:
--   SELECT * FROM chrondb.diff WHERE from_ref = '<from>' AND to_ref = '<to>';
\set ON_ERROR_STOP on
\if :{?from}
\else
SELECT (date_trunc('day', now()) - interval '1 day')::text AS from \gset
\endif
\if :{?to}
\else
SELECT date_trunc('day', now())::text AS to \gset
\endif

\echo Commits from :from to :to, newest first:
SELECT to_char(l.commit_time, 'YYYY-MM-DD HH24:MI:SS') AS at, l.author,
       l.application_name, l.request_id, l.message, d.rows_changed
  FROM chrondb.log l,
       LATERAL (SELECT count(*) AS rows_changed FROM chrondb.diff
                 WHERE to_ref = l.commit_id) d
 WHERE l.commit_time >= :'from' AND l.commit_time < :'to';

\echo The rows they changed, oldest change first:
SELECT to_char(l.commit_time, 'YYYY-MM-DD HH24:MI:SS') AS at, d.table_name, d.key,
       d.diff_type, d.changed_columns, l.application_name
  FROM chrondb.log l,
       LATERAL (SELECT * FROM chrondb.diff WHERE to_ref = l.commit_id) d
 WHERE l.commit_time >= :'from' AND l.commit_time < :'to'
 ORDER BY l.commit_time, d.table_name, d.key;
