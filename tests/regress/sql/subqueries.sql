-- subqueries: scalar subqueries, IN and NOT IN, EXISTS, ANY/SOME/ALL,
-- correlated subqueries, subqueries in FROM and in UPDATE/DELETE.
CREATE TABLE c (id int PRIMARY KEY, name text, city text);
CREATE TABLE o (id int PRIMARY KEY, cid int, amount int);
INSERT INTO c VALUES (1, 'ann', 'paris'), (2, 'ben', 'rome'),
  (3, 'cid', 'paris'), (4, 'dee', NULL);
INSERT INTO o VALUES (10, 1, 50), (11, 1, 70), (12, 2, 20), (13, 3, NULL),
  (14, 9, 5);
-- scalar subqueries
SELECT (SELECT max(amount) FROM o) AS max_amount;
SELECT (SELECT 42);
SELECT (SELECT (SELECT 'nested'));
SELECT (SELECT 1 WHERE false) IS NULL AS empty_is_null;
SELECT (SELECT amount FROM o WHERE id = 10) + 1 AS plus_one;
SELECT name, (SELECT count(*) FROM o WHERE o.cid = c.id) AS orders
  FROM c ORDER BY id;
SELECT name, (SELECT sum(amount) FROM o WHERE o.cid = c.id) AS total
  FROM c ORDER BY id;
SELECT name FROM c WHERE city = (SELECT city FROM c WHERE name = 'ann')
  ORDER BY name;
SELECT id FROM o WHERE amount > (SELECT avg(amount) FROM o) ORDER BY id;
SELECT (SELECT amount FROM o);
SELECT (SELECT 1, 2);
SELECT 'still here' AS status;
-- IN and NOT IN
SELECT name FROM c WHERE id IN (SELECT cid FROM o) ORDER BY name;
SELECT name FROM c WHERE id NOT IN (SELECT cid FROM o WHERE cid IS NOT NULL)
  ORDER BY name;
SELECT name FROM c WHERE id NOT IN (SELECT cid FROM o WHERE amount > 10)
  ORDER BY name;
SELECT id FROM o WHERE cid IN (SELECT id FROM c WHERE city = 'paris')
  AND amount IS NOT NULL ORDER BY id;
SELECT 5 IN (SELECT 5) AS a, 5 IN (SELECT 6) AS b,
       5 IN (SELECT NULL::int) AS c, 5 NOT IN (SELECT NULL::int) AS d,
       5 NOT IN (SELECT 1 WHERE false) AS e;
SELECT 1 AS one WHERE 5 NOT IN (SELECT NULL::int);
SELECT name FROM c WHERE city IN (SELECT city FROM c WHERE id > 2)
  ORDER BY name;
-- EXISTS
SELECT name FROM c WHERE EXISTS (SELECT 1 FROM o WHERE o.cid = c.id)
  ORDER BY name;
SELECT name FROM c WHERE NOT EXISTS (SELECT 1 FROM o WHERE o.cid = c.id)
  ORDER BY name;
SELECT EXISTS (SELECT 1 FROM o WHERE amount > 60) AS yes,
       EXISTS (SELECT 1 FROM o WHERE amount > 100) AS no;
SELECT EXISTS (SELECT NULL) AS null_row_exists;
SELECT id FROM o WHERE EXISTS (SELECT * FROM c WHERE c.city = 'rome')
  ORDER BY id LIMIT 2;
-- ANY, SOME and ALL
SELECT id, amount FROM o
  WHERE amount > ANY (SELECT amount FROM o WHERE cid = 1) ORDER BY id;
SELECT id, amount FROM o
  WHERE amount >= ALL (SELECT amount FROM o WHERE amount IS NOT NULL)
  ORDER BY id;
SELECT id, amount FROM o WHERE amount = SOME (SELECT 20 UNION SELECT 50)
  ORDER BY id;
SELECT id FROM o WHERE amount <> ALL (SELECT 20 UNION SELECT 50)
  ORDER BY id;
SELECT 10 > ALL (SELECT 1 WHERE false) AS all_empty,
       10 > ANY (SELECT 1 WHERE false) AS any_empty;
SELECT 10 > ALL (VALUES (1), (NULL)) AS all_null,
       10 > ANY (VALUES (20), (NULL)) AS any_null,
       10 > ANY (VALUES (1), (NULL)) AS any_true;
SELECT 3 = ANY (ARRAY[1, 2, 3]) AS a, 4 = ANY (ARRAY[1, 2, 3]) AS b,
       2 < ALL (ARRAY[3, 4]) AS c;
-- correlated subqueries
SELECT o.id, o.amount FROM o
  WHERE amount > (SELECT avg(amount) FROM o o2 WHERE o2.cid = o.cid)
  ORDER BY o.id;
SELECT c.name, (SELECT o.amount FROM o WHERE o.cid = c.id
                ORDER BY o.amount DESC NULLS LAST LIMIT 1) AS best
  FROM c ORDER BY c.id;
SELECT name FROM c c1
  WHERE EXISTS (SELECT 1 FROM c c2 WHERE c2.city = c1.city AND c2.id <> c1.id)
  ORDER BY name;
SELECT name, city FROM c
  WHERE (SELECT count(*) FROM o WHERE o.cid = c.id AND o.amount IS NOT NULL) >= 1
  ORDER BY name;
SELECT name FROM c ORDER BY (SELECT count(*) FROM o WHERE o.cid = c.id) DESC,
  name;
SELECT name, (SELECT string_agg(amount::text, ',' ORDER BY id) FROM o
              WHERE cid = c.id) FROM c ORDER BY id;
SELECT o.id, (SELECT name FROM c WHERE c.id = o.cid) AS customer
  FROM o ORDER BY o.id;
SELECT c.id FROM c WHERE c.id = (SELECT min(o.cid) FROM o WHERE o.cid >= c.id)
  ORDER BY c.id;
-- subqueries in FROM, nested
SELECT * FROM (SELECT cid, sum(amount) AS total FROM o GROUP BY cid) t
  WHERE total > 10 ORDER BY cid;
SELECT max(total) FROM (SELECT cid, sum(amount) AS total FROM o GROUP BY cid) t;
SELECT name FROM c WHERE id IN (SELECT cid FROM o
  WHERE amount IN (SELECT max(amount) FROM o));
SELECT t.name, t.n FROM (SELECT name, (SELECT count(*) FROM o
  WHERE o.cid = c.id) AS n FROM c) t WHERE t.n > 0 ORDER BY t.name;
-- subqueries in UPDATE and DELETE
UPDATE o SET amount = amount + 1
  WHERE cid IN (SELECT id FROM c WHERE city = 'rome');
UPDATE o SET amount = (SELECT count(*) FROM c WHERE c.city = 'paris')
  WHERE id = 13;
DELETE FROM o WHERE NOT EXISTS (SELECT 1 FROM c WHERE c.id = o.cid);
SELECT * FROM o ORDER BY id;
-- errors
SELECT * FROM c WHERE id IN (SELECT id, name FROM c);
SELECT * FROM c WHERE id = ANY (SELECT name FROM c);
SELECT 'still here' AS status;
