-- demo.sql: a small shop with a history to try the other examples on.
--
--   psql -X -f sql/examples/demo.sql
--
-- Each statement is its own commit (autocommit), made as a different
-- application would make it (application_name, chrondb.request_id), so
-- that the audit trail has something to say.  Among them a bad UPDATE
-- that forgot its WHERE, for undo_update.sql.
\set ON_ERROR_STOP on
SET application_name = 'signup';
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, email text, tier text);
INSERT INTO customers VALUES (1, 'Ann Lee', 'ann@example.com', 'basic');
INSERT INTO customers VALUES (2, 'Bob Roy', 'bob@example.com', 'basic');
INSERT INTO customers VALUES (3, 'Cy Park', 'cy@example.com', 'silver');

-- Support fixes an address, for a ticket.
SET application_name = 'support';
SET chrondb.request_id = 'ticket-101';
UPDATE customers SET email = 'bob.roy@example.com' WHERE id = 2;

-- Marketing upgrades one customer, and then, meaning to do the same,
-- everyone (the WHERE is missing).
SET application_name = 'admin-console';
SET chrondb.request_id = 'promo-7';
UPDATE customers SET tier = 'gold' WHERE id = 3;
UPDATE customers SET tier = 'gold';

-- Signups go on.
SET application_name = 'signup';
RESET chrondb.request_id;
INSERT INTO customers VALUES (4, 'Di Moss', 'di@example.com', 'basic');

-- Marketing tries a spring promotion on a branch of its own, leaving
-- main alone until it is agreed (compare_branches.sql).
SET application_name = 'admin-console';
SET chrondb.request_id = 'promo-8';
SELECT chrondb_branch_create('spring-promo');
SET chrondb.branch = 'spring-promo';
UPDATE customers SET tier = 'platinum' WHERE id = 3;
INSERT INTO customers VALUES (5, 'Ed Finn', 'ed@example.com', 'gold');
SET chrondb.branch = 'main';

-- Meanwhile support fixes another address on main.
SET application_name = 'support';
SET chrondb.request_id = 'ticket-102';
UPDATE customers SET email = 'di.moss@example.com' WHERE id = 4;
