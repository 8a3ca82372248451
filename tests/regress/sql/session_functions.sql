-- session_functions: what clients ask a server at connect time, and
-- advisory locks as one session sees them (several sessions: the unit
-- tests in tests/unit/executor/sysfunc.c).
SELECT version() LIKE 'PostgreSQL %' AS is_postgresql;
SELECT current_database() = current_catalog AS same;
SELECT pg_typeof(current_database()), pg_typeof(current_catalog);
SELECT pg_backend_pid() > 0 AS has_pid, pg_typeof(pg_backend_pid());
SELECT pg_postmaster_start_time() <= now() AS started, pg_typeof(pg_postmaster_start_time());

-- Encodings by number and by name (any spelling PostgreSQL accepts).
SELECT pg_encoding_to_char(0), pg_encoding_to_char(6), pg_encoding_to_char(8),
       pg_encoding_to_char(24), pg_encoding_to_char(41);
SELECT pg_encoding_to_char(42) = '' AS none, pg_encoding_to_char(-1) = '' AS negative;
SELECT pg_char_to_encoding('UTF8'), pg_char_to_encoding('utf-8'), pg_char_to_encoding('Unicode'),
       pg_char_to_encoding('latin-1'), pg_char_to_encoding('WIN1252'), pg_char_to_encoding('bogus');
SELECT pg_encoding_to_char(pg_char_to_encoding('sql_ascii'));
SELECT pg_encoding_to_char(NULL) IS NULL AS strict;

-- Session-level locks: void results, taken again as often as asked.
SELECT pg_advisory_lock(1);
SELECT pg_advisory_lock(1) IS NULL AS is_null, pg_typeof(pg_advisory_lock(1));
SELECT pg_try_advisory_lock(1), pg_try_advisory_lock(1, 2), pg_try_advisory_lock_shared(3);
SELECT pg_advisory_unlock(1), pg_advisory_unlock(1), pg_advisory_unlock(1), pg_advisory_unlock(1);
SELECT pg_advisory_unlock(1);
SELECT pg_advisory_unlock_shared(1, 2);
SELECT pg_advisory_unlock(1, 2), pg_advisory_unlock(3);
SELECT pg_advisory_unlock_shared(3);
SELECT pg_advisory_lock(-1), pg_advisory_lock(9223372036854775807), pg_advisory_lock_shared(0, -1);
SELECT pg_advisory_unlock_all();
SELECT pg_advisory_unlock(-1);
SELECT pg_advisory_lock(NULL) IS NULL AS strict;
SELECT pg_advisory_lock('x');

-- Transaction-level locks: not unlockable; gone with the transaction.
BEGIN;
SELECT pg_advisory_xact_lock(5), pg_try_advisory_xact_lock(5), pg_advisory_xact_lock_shared(6, 6);
SELECT pg_try_advisory_xact_lock_shared(6, 6);
SELECT pg_advisory_unlock(5);
SELECT pg_advisory_unlock_all();
COMMIT;
SELECT pg_advisory_unlock(5);
BEGIN;
SELECT pg_advisory_lock(7), pg_advisory_xact_lock(7);
SELECT 1/0;
ROLLBACK;
SELECT pg_advisory_unlock(7), pg_advisory_unlock(7);
