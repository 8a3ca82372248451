-- update_delete: UPDATE with several SET items, expressions over the old
-- row, DEFAULT, FROM, RETURNING and any WHERE; DELETE with WHERE, USING and
-- RETURNING; TRUNCATE. RETURNING lists stay single-row where row order
-- would depend on storage.
CREATE TABLE acct (id int PRIMARY KEY, owner text, balance numeric(10,2),
                   status text DEFAULT 'open', updated int DEFAULT 0);
INSERT INTO acct (id, owner, balance) VALUES (1, 'ann', 100), (2, 'ben', 50.5),
  (3, 'cid', 0), (4, 'dee', NULL), (5, 'eve', 1000);
UPDATE acct SET balance = balance + 10 WHERE id = 1;
SELECT * FROM acct ORDER BY id;
UPDATE acct SET balance = balance * 2, status = 'vip', updated = updated + 1
  WHERE balance > 500;
UPDATE acct SET status = 'empty' WHERE balance = 0 OR balance IS NULL;
UPDATE acct SET owner = upper(owner) WHERE id IN (2, 3);
UPDATE acct SET updated = updated + 1;
SELECT * FROM acct ORDER BY id;
UPDATE acct SET owner = owner || '!' WHERE id = 2 RETURNING id, owner;
UPDATE acct SET balance = balance - 0.25, updated = updated * 10 WHERE id = 2
  RETURNING *;
UPDATE acct a SET owner = a.owner || '*' WHERE a.id = 5 RETURNING a.owner, a.id;
UPDATE acct SET (balance, status) = (0, 'closed') WHERE id = 3;
UPDATE acct SET status = DEFAULT, balance = DEFAULT WHERE id = 4 RETURNING status, balance;
UPDATE acct SET balance = 1 WHERE false;
UPDATE acct SET balance = 1 WHERE id = 99 RETURNING *;
UPDATE acct SET balance = balance WHERE balance IS NOT NULL;
UPDATE acct SET id = id + 10 WHERE id = 1 RETURNING id, owner;
SELECT * FROM acct ORDER BY id;
-- WHERE forms
UPDATE acct SET updated = -1 WHERE owner LIKE 'B%' OR owner IN ('dee', 'nobody');
UPDATE acct SET updated = -2 WHERE balance BETWEEN 1 AND 60;
UPDATE acct SET updated = -3 WHERE NOT (status = 'open');
UPDATE acct SET updated = -4 WHERE id = (SELECT max(id) FROM acct);
UPDATE acct SET updated = updated - 100
  WHERE EXISTS (SELECT 1 FROM acct a2 WHERE a2.id = acct.id + 1);
SELECT id, owner, status, updated FROM acct ORDER BY id;
-- columns refer to the old row, whatever the order of SET items
CREATE TABLE sw (a int, b int);
INSERT INTO sw VALUES (1, 2);
UPDATE sw SET a = b, b = a;
SELECT * FROM sw;
UPDATE sw SET a = a + 1, b = a * 10 RETURNING a, b;
-- errors leave the rows as they were
UPDATE acct SET id = 2 WHERE id = 11;
UPDATE acct SET balance = 'lots' WHERE id = 2;
UPDATE acct SET nope = 1;
UPDATE acct SET balance = balance / 0 WHERE id = 2;
UPDATE acct SET balance = 123456789 WHERE id = 2;
UPDATE acct SET balance = 5 WHERE nope = 1;
UPDATE sw SET a = 1, a = 2;
UPDATE nope SET a = 1;
UPDATE acct SET balance = balance + 1 WHERE id IN (2, 5);
SELECT * FROM acct ORDER BY id;
-- UPDATE ... FROM
CREATE TABLE bonus (acct_id int, amount numeric);
INSERT INTO bonus VALUES (2, 5), (5, 100), (42, 1);
UPDATE acct SET balance = acct.balance + b.amount FROM bonus b WHERE b.acct_id = acct.id;
UPDATE acct SET balance = balance + (SELECT sum(amount) FROM bonus) WHERE id = 3;
SELECT id, balance FROM acct ORDER BY id;
-- DELETE
DELETE FROM acct WHERE id = 4;
DELETE FROM acct WHERE id = 4;
DELETE FROM acct WHERE balance < 100 RETURNING id, owner;
DELETE FROM acct a WHERE a.status = 'vip' RETURNING a.*;
SELECT * FROM acct ORDER BY id;
INSERT INTO acct (id, owner, balance) VALUES (20, 'x', 1), (21, 'y', 2), (22, 'z', 3);
DELETE FROM acct USING bonus WHERE bonus.acct_id = acct.id;
DELETE FROM acct WHERE id IN (SELECT id FROM acct WHERE balance > 2);
DELETE FROM acct WHERE owner = 'y' RETURNING id, balance * 2 AS doubled;
SELECT * FROM acct ORDER BY id;
DELETE FROM acct;
SELECT count(*) FROM acct;
DELETE FROM acct WHERE nope;
DELETE FROM nope;
-- TRUNCATE
INSERT INTO acct (id, owner, balance) VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3);
TRUNCATE acct;
SELECT count(*) FROM acct;
INSERT INTO acct (id, owner) VALUES (1, 'again');
TRUNCATE TABLE bonus, acct;
SELECT (SELECT count(*) FROM acct) AS accts, (SELECT count(*) FROM bonus) AS bonuses;
TRUNCATE nope;
INSERT INTO acct (id, owner) VALUES (1, 'after truncate') RETURNING id, owner, status;
-- not in a read-only transaction
BEGIN READ ONLY;
UPDATE acct SET balance = 0;
ROLLBACK;
BEGIN READ ONLY;
DELETE FROM acct;
ROLLBACK;
