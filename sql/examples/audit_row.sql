-- audit_row.sql: who changed a row, when, from which application and
-- request, and what each change did.
--
--   psql -X -v table=customers -v id=2 -f sql/examples/audit_row.sql
--
-- table and id default to the demo's customer 2 (demo.sql).  The id is
-- the row's primary key as text; a composite key's parts are joined by
-- commas.  Costs: the row's versions come from the row-history index
-- (O(its versions)); each version's commit is read from the log by its
-- id (WHERE branch = <commit> starts the log there, LIMIT 1 stops it).
\set ON_ERROR_STOP on
\if :{?table}
\else
\set table customers
\endif
\if :{?id}
\else
\set id 2
\endif

\echo Every version of row :id of table :table, newest first:
SELECT to_char(h.timestamp, 'YYYY-MM-DD HH24:MI:SS') AS at,
       h.author, h.operation, l.application_name, l.request_id,
       substr(h.commit_id, 1, 10) AS commit
  FROM chrondb_history(:'table', :'id') h
  LEFT JOIN LATERAL (SELECT * FROM chrondb.log WHERE branch = h.commit_id LIMIT 1) l ON true
 ORDER BY h.timestamp DESC;

\echo What each version changed (old and new values of the members that changed):
SELECT substr(h.commit_id, 1, 10) AS commit, h.operation, d.changed, d.added, d.removed
  FROM chrondb_history(:'table', :'id') h,
       LATERAL chrondb_diff(:'table', :'id', h.commit_id || '~1', h.commit_id) d
 ORDER BY h.timestamp DESC;

\echo The row as it is now, and as it was first written:
SELECT 'now' AS version, data FROM chrondb_history(:'table', :'id') LIMIT 1;
SELECT 'first' AS version, data FROM chrondb_history(:'table', :'id')
 ORDER BY timestamp LIMIT 1;
