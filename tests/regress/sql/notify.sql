-- LISTEN, UNLISTEN, NOTIFY and pg_notify in one session, and the
-- session functions over the server's sessions: the statements' tags,
-- LISTEN taking effect at commit, payload and channel limits, the
-- queue's usage, pg_cancel_backend and pg_terminate_backend's answers,
-- pg_stat_activity's row for the session itself, CHECKPOINT.  A session
-- that heard its own notification would print its process id, which
-- changes from run to run: nothing here commits a NOTIFY on a channel
-- the session listens on (tests/wire/clients/notify covers delivery).

-- The statements and their tags.
LISTEN regress_a;
LISTEN "Regress B";
LISTEN regress_a;
SELECT * FROM pg_listening_channels() ORDER BY 1;
NOTIFY regress_unheard;
NOTIFY regress_unheard, 'with a payload';
NOTIFY regress_unheard, '';
SELECT pg_notify('regress_unheard', 'x'), pg_notify('regress_unheard', NULL);
UNLISTEN regress_nothing;
UNLISTEN "Regress B";
SELECT pg_listening_channels();

-- LISTEN and UNLISTEN count from their commit; a rollback drops them.
BEGIN;
LISTEN regress_c;
UNLISTEN regress_a;
SELECT pg_listening_channels();
COMMIT;
SELECT pg_listening_channels();
BEGIN;
LISTEN regress_d;
ROLLBACK;
SELECT pg_listening_channels();
BEGIN;
LISTEN regress_e;
SAVEPOINT s;
LISTEN regress_f;
UNLISTEN *;
ROLLBACK TO SAVEPOINT s;
COMMIT;
SELECT pg_listening_channels() ORDER BY 1;

-- A notification on a listened channel that is never committed prints nothing.
BEGIN;
NOTIFY regress_c, 'rolled back';
SELECT pg_notify('regress_e', 'rolled back too');
ROLLBACK;
BEGIN;
SAVEPOINT s;
NOTIFY regress_c, 'undone';
ROLLBACK TO s;
COMMIT;
SELECT 1/0, pg_notify('regress_c', 'failed statement');

-- UNLISTEN * and DISCARD ALL stop every listen.
UNLISTEN *;
SELECT count(*) FROM pg_listening_channels();
LISTEN regress_g;
DISCARD ALL;
SELECT count(*) FROM pg_listening_channels();

-- Limits: payloads under 8000 bytes, channels named like identifiers.
SELECT pg_notify('regress_unheard', repeat('x', 7999));
SELECT pg_notify('regress_unheard', repeat('x', 8000));
SELECT pg_notify('regress_unheard', repeat('é', 4000));
SELECT pg_notify('', 'empty channel');
SELECT pg_notify(NULL, 'null channel');
SELECT pg_notify(repeat('c', 63), 'longest channel');
SELECT pg_notify(repeat('c', 64), 'channel too long');
NOTIFY regress_a_channel_name_longer_than_sixty_three_bytes_is_truncated_to_it;
NOTIFY regress_c, 1;
NOTIFY 'regress_c';
LISTEN;
UNLISTEN regress_c, regress_d;
SELECT pg_notification_queue_usage();

-- pg_cancel_backend and pg_terminate_backend: a pid no session has.
SELECT pg_cancel_backend(0);
SELECT pg_terminate_backend(0);
SELECT pg_terminate_backend(0, 10);
SELECT pg_terminate_backend(0, -1);
SELECT pg_cancel_backend(NULL), pg_terminate_backend(NULL);
SELECT pg_cancel_backend(pg_backend_pid());
SELECT 'the session goes on' AS after_cancel;

-- pg_stat_activity: PostgreSQL 16's columns, and the session's own row.
SELECT string_agg(attname, ', ' ORDER BY attnum)
  FROM pg_attribute WHERE attrelid = 'pg_stat_activity'::regclass AND attnum > 0;
SELECT state, query, backend_type, wait_event_type, wait_event
  FROM pg_stat_activity WHERE pid = pg_backend_pid();
SELECT xact_start = query_start AS first_statement, backend_start <= query_start AS started,
       query_start <= state_change AS changed, leader_pid, backend_xid, query_id
  FROM pg_stat_activity WHERE pid = pg_backend_pid();
BEGIN;
SELECT 1 AS first;
SELECT xact_start < query_start AS in_block, state FROM pg_stat_activity
  WHERE pid = pg_backend_pid();
COMMIT;
SELECT count(*) FROM pg_stat_activity
  WHERE pid = pg_backend_pid() AND backend_type = 'client backend';
SELECT datname = current_database() AS same_database, usename = current_user AS same_user
  FROM pg_stat_activity WHERE pid = pg_backend_pid();

-- CHECKPOINT, in a block too.
CHECKPOINT;
BEGIN;
CHECKPOINT;
COMMIT;
