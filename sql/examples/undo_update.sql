-- undo_update.sql: find the UPDATE that changed many rows of a table by
-- mistake, see what it did, and undo it as a new commit.
--
--   psql -X -v table=customers -f sql/examples/undo_update.sql
--
-- table defaults to the demo's customers (demo.sql).  The bad commit is
-- the newest one that modified more than one row of the table; give it
-- yourself with -v commit=<id or ref> (main~3, an abbreviated id).
-- chrondb_revert writes the commit's inverse as a new commit whose note
-- is flagged "revert" and names it; when later commits changed the same
-- rows it writes nothing and says which (SQLSTATE 55000): restore those
-- rows one by one with chrondb_restore(table, id, ref) then.
\set ON_ERROR_STOP on
\if :{?table}
\else
\set table customers
\endif
\if :{?commit}
\else
SELECT l.commit_id AS commit
  FROM chrondb.log l,
       LATERAL (SELECT count(*) AS n FROM chrondb.diff
                 WHERE to_ref = l.commit_id AND table_name = :'table'
                   AND diff_type = 'modified') d
 WHERE d.n > 1
 LIMIT 1 \gset
\endif

\echo The commit to undo:
SELECT substr(commit_id, 1, 10) AS commit, author, application_name, request_id, message
  FROM chrondb.log WHERE branch = :'commit' LIMIT 1;

\echo What it changed:
SELECT key, changed_columns, before, after
  FROM chrondb.diff WHERE to_ref = :'commit' AND table_name = :'table'
 ORDER BY key;

\echo Undo it, in a transaction checked before it commits:
BEGIN;
SET LOCAL chrondb.request_id = 'undo-bad-update';
SELECT chrondb_revert(:'commit') AS rows_put_back;
SELECT * FROM :"table" ORDER BY 1;
COMMIT;

\echo The undo is a commit of its own:
SELECT split_part(message, E'\n', 1) AS message, flags, request_id,
       note->'metadata'->>'reverted-commit' = :'commit' AS names_the_bad_commit
  FROM chrondb.log LIMIT 1;
