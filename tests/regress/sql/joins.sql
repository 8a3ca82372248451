-- joins: INNER, LEFT, RIGHT, FULL and CROSS joins, ON, USING, NATURAL,
-- comma joins, self joins, parenthesized joins and subqueries in FROM.
CREATE TABLE dept (id int PRIMARY KEY, name text);
CREATE TABLE emp (id int PRIMARY KEY, name text, dept_id int);
INSERT INTO dept VALUES (1, 'eng'), (2, 'sales'), (3, 'ops');
INSERT INTO emp VALUES (1, 'alice', 1), (2, 'bob', 1), (3, 'carol', 2),
  (4, 'dave', NULL), (5, 'erin', 9);
-- inner joins
SELECT e.name, d.name FROM emp e JOIN dept d ON e.dept_id = d.id
  ORDER BY e.name;
SELECT e.name, d.name AS dept FROM emp e INNER JOIN dept d ON d.id = e.dept_id
  ORDER BY 1;
SELECT e.name, d.name FROM emp e, dept d WHERE e.dept_id = d.id
  ORDER BY e.name;
SELECT e.name FROM emp e JOIN dept d ON e.dept_id = d.id AND d.name = 'eng'
  ORDER BY e.name;
SELECT * FROM emp JOIN dept ON emp.dept_id = dept.id ORDER BY emp.id;
-- outer joins
SELECT e.name, d.name AS dept FROM emp e LEFT JOIN dept d ON e.dept_id = d.id
  ORDER BY e.id;
SELECT e.name, d.name AS dept FROM emp e LEFT OUTER JOIN dept d
  ON e.dept_id = d.id WHERE d.id IS NULL ORDER BY e.id;
SELECT e.name, d.name AS dept FROM emp e RIGHT JOIN dept d ON e.dept_id = d.id
  ORDER BY d.id, e.id;
SELECT e.name, d.name AS dept FROM emp e RIGHT OUTER JOIN dept d
  ON e.dept_id = d.id WHERE e.id IS NULL;
SELECT e.name, d.name AS dept FROM emp e FULL JOIN dept d ON e.dept_id = d.id
  ORDER BY d.id NULLS LAST, e.id;
SELECT e.id, d.id FROM emp e FULL OUTER JOIN dept d ON e.dept_id = d.id
  WHERE e.id IS NULL OR d.id IS NULL ORDER BY e.id, d.id;
-- cross joins
SELECT e.name, d.name FROM emp e CROSS JOIN dept d ORDER BY e.id, d.id;
SELECT count(*) FROM emp, dept;
SELECT count(*) FROM emp CROSS JOIN dept CROSS JOIN (VALUES (1), (2)) v(n);
-- USING and NATURAL
CREATE TABLE a (k int, x text);
CREATE TABLE b (k int, y text);
INSERT INTO a VALUES (1, 'a1'), (2, 'a2'), (3, 'a3');
INSERT INTO b VALUES (2, 'b2'), (3, 'b3'), (3, 'b3bis'), (4, 'b4');
SELECT * FROM a JOIN b USING (k) ORDER BY k, y;
SELECT * FROM a LEFT JOIN b USING (k) ORDER BY k, y;
SELECT * FROM a RIGHT JOIN b USING (k) ORDER BY k, y;
SELECT * FROM a FULL JOIN b USING (k) ORDER BY k, y;
SELECT k, a.k AS ak, b.k AS bk FROM a FULL JOIN b USING (k) ORDER BY k, y;
SELECT * FROM a NATURAL JOIN b ORDER BY k, y;
SELECT * FROM a NATURAL LEFT JOIN b ORDER BY k, y;
SELECT * FROM a NATURAL FULL JOIN b ORDER BY k, y;
SELECT a.*, b.y FROM a JOIN b USING (k) ORDER BY a.k, b.y;
-- ON with other conditions
SELECT * FROM a JOIN b ON a.k = b.k ORDER BY a.k, b.y;
SELECT * FROM a JOIN b ON a.k < b.k ORDER BY a.k, b.k, b.y;
SELECT * FROM a LEFT JOIN b ON a.k = b.k AND b.y LIKE '%bis' ORDER BY a.k;
SELECT * FROM a LEFT JOIN b ON a.k = b.k WHERE b.y LIKE '%bis' ORDER BY a.k;
SELECT * FROM a JOIN b ON true ORDER BY a.k, b.k, b.y LIMIT 4;
SELECT * FROM a JOIN b ON false;
SELECT a.k, b.y FROM a JOIN b ON a.k = b.k OR b.k = 4 ORDER BY a.k, b.y;
-- three tables
CREATE TABLE proj (id int, emp_id int, title text);
INSERT INTO proj VALUES (10, 1, 'db'), (11, 1, 'api'), (12, 3, 'crm'),
  (13, NULL, 'orphan');
SELECT e.name, d.name AS dept, p.title FROM emp e
  JOIN dept d ON d.id = e.dept_id
  JOIN proj p ON p.emp_id = e.id
  ORDER BY p.id;
SELECT e.name, p.title FROM emp e
  LEFT JOIN proj p ON p.emp_id = e.id
  LEFT JOIN dept d ON d.id = e.dept_id
  ORDER BY e.id, p.id;
SELECT d.name, p.title FROM dept d
  LEFT JOIN emp e ON e.dept_id = d.id
  LEFT JOIN proj p ON p.emp_id = e.id
  ORDER BY d.id, p.title NULLS FIRST;
SELECT d.name, count(e.id) FROM dept d LEFT JOIN emp e ON e.dept_id = d.id
  GROUP BY d.name ORDER BY d.name;
SELECT * FROM a JOIN (b JOIN dept ON dept.id = b.k) ON a.k = b.k
  ORDER BY a.k, b.y;
SELECT * FROM (a LEFT JOIN b USING (k)) JOIN dept ON dept.id = a.k
  ORDER BY a.k, b.y;
-- self join
SELECT e1.name, e2.name AS colleague FROM emp e1
  JOIN emp e2 ON e1.dept_id = e2.dept_id AND e1.id < e2.id
  ORDER BY 1, 2;
-- subqueries in FROM
SELECT s.name, s.n FROM (SELECT d.name, count(*) AS n FROM emp e
  JOIN dept d ON d.id = e.dept_id GROUP BY d.name) AS s
  ORDER BY s.n DESC, s.name;
SELECT * FROM (SELECT id, name FROM emp WHERE id > 2) sub ORDER BY id;
SELECT x.id, y.title FROM (SELECT id FROM emp) x
  JOIN (SELECT emp_id, title FROM proj) y ON y.emp_id = x.id
  ORDER BY y.title;
SELECT * FROM (SELECT 1 AS n UNION ALL SELECT 2) t(num) ORDER BY num;
SELECT t.* FROM (VALUES (1, 'x'), (2, 'y')) AS t(a, b) JOIN a ON a.k = t.a
  ORDER BY t.a;
SELECT d.name, s.total FROM dept d
  LEFT JOIN (SELECT dept_id, count(*) AS total FROM emp GROUP BY dept_id) s
  ON s.dept_id = d.id ORDER BY d.id;
-- empty sides
CREATE TABLE none (k int);
SELECT * FROM a LEFT JOIN none USING (k) ORDER BY k;
SELECT * FROM a JOIN none USING (k);
SELECT * FROM none RIGHT JOIN a ON none.k = a.k ORDER BY a.k;
SELECT * FROM none FULL JOIN a ON none.k = a.k ORDER BY a.k;
SELECT count(*) FROM a CROSS JOIN none;
-- errors
SELECT * FROM a JOIN b USING (nope);
SELECT k FROM a JOIN b ON a.k = b.k;
SELECT * FROM a, a;
SELECT * FROM a JOIN b ON a.k = c.k;
SELECT 'still here' AS status;
