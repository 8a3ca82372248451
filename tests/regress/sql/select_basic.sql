-- select_basic: target lists and aliases, *, t.*, WHERE, ORDER BY with
-- ASC/DESC and NULLS FIRST/LAST, LIMIT/OFFSET, FETCH FIRST, DISTINCT and
-- DISTINCT ON.
SELECT 1;
SELECT 1 AS one, 'two' AS two, 3.5 AS three;
SELECT 1 + 2 * 3, (1 + 2) * 3, 7 / 2, 7 % 3, -5;
SELECT 'a' || 'b' AS cat, NULL AS nothing;
SELECT 1 one, 2 "Two", 3 AS "select", 4 AS "with space";
SELECT 'a long text value' AS short, 1 AS a_rather_long_column_name;
CREATE TABLE emp (id int PRIMARY KEY, name text NOT NULL, dept text,
                  salary int, hired date);
INSERT INTO emp VALUES
  (1, 'alice', 'eng', 120, '2020-01-15'),
  (2, 'bob', 'eng', 100, '2021-03-01'),
  (3, 'carol', 'sales', 90, '2019-07-30'),
  (4, 'dave', 'sales', NULL, '2022-11-11'),
  (5, 'erin', NULL, 80, NULL),
  (6, 'frank', 'ops', 100, '2018-05-05'),
  (7, 'grace', 'eng', 130, '2023-02-28');
SELECT * FROM emp ORDER BY id;
SELECT emp.* FROM emp ORDER BY id;
SELECT e.* FROM emp e ORDER BY e.id;
SELECT e.*, e.id * 10 AS tenfold FROM emp AS e WHERE e.id < 3 ORDER BY e.id;
SELECT e.name, e.salary FROM emp AS e ORDER BY e.name;
SELECT name, salary * 2 AS double_salary FROM emp ORDER BY id;
SELECT emp.name FROM emp WHERE emp.id = 1;
-- WHERE
SELECT name FROM emp WHERE dept = 'eng' ORDER BY name;
SELECT name FROM emp WHERE salary > 95 AND dept <> 'eng' ORDER BY name;
SELECT name FROM emp WHERE salary < 95 OR dept IS NULL ORDER BY name;
SELECT name FROM emp WHERE NOT (dept = 'eng') ORDER BY name;
SELECT name FROM emp WHERE salary IS NULL;
SELECT name, hired FROM emp WHERE hired >= '2021-01-01' ORDER BY hired;
SELECT id, name, dept FROM emp WHERE dept IN ('eng', 'ops') ORDER BY id;
SELECT name FROM emp WHERE name LIKE '%a%' ORDER BY name;
SELECT id FROM emp WHERE false;
SELECT name FROM emp WHERE true ORDER BY id LIMIT 1;
SELECT * FROM emp WHERE id = 42;
SELECT 1 WHERE 1 > 2;
SELECT 'x' AS x FROM emp WHERE id < 3 ORDER BY id;
-- ORDER BY: ASC puts NULLs last, DESC puts them first
SELECT name, salary FROM emp ORDER BY salary, name;
SELECT name, salary FROM emp ORDER BY salary DESC, name;
SELECT name, salary FROM emp ORDER BY salary ASC NULLS FIRST, name;
SELECT name, salary FROM emp ORDER BY salary DESC NULLS LAST, name;
SELECT name, dept FROM emp ORDER BY dept NULLS FIRST, name DESC;
SELECT id, name, dept FROM emp ORDER BY dept DESC, id;
SELECT name, salary FROM emp ORDER BY 2 DESC NULLS LAST, 1;
SELECT name AS n FROM emp ORDER BY n DESC;
SELECT name FROM emp ORDER BY length(name), name;
SELECT name, salary + id AS score FROM emp ORDER BY salary + id NULLS FIRST;
SELECT name FROM emp ORDER BY hired DESC NULLS LAST;
-- LIMIT, OFFSET, FETCH
SELECT id, name FROM emp ORDER BY id LIMIT 3;
SELECT id, name FROM emp ORDER BY id LIMIT 3 OFFSET 2;
SELECT id, name FROM emp ORDER BY id OFFSET 5;
SELECT id, name FROM emp ORDER BY id LIMIT 0;
SELECT id FROM emp ORDER BY id LIMIT ALL;
SELECT id FROM emp ORDER BY id LIMIT NULL;
SELECT id FROM emp ORDER BY id LIMIT 1 + 1;
SELECT id FROM emp ORDER BY id OFFSET 10;
SELECT id, name FROM emp ORDER BY id DESC LIMIT 2 OFFSET 1;
SELECT id, name FROM emp ORDER BY id FETCH FIRST 2 ROWS ONLY;
SELECT id, name FROM emp ORDER BY id FETCH FIRST ROW ONLY;
SELECT id, name FROM emp ORDER BY id OFFSET 1 ROWS FETCH NEXT 3 ROWS ONLY;
SELECT id, name FROM emp ORDER BY id OFFSET 6 ROW FETCH FIRST 5 ROWS ONLY;
-- DISTINCT and DISTINCT ON
SELECT DISTINCT dept FROM emp ORDER BY dept;
SELECT DISTINCT dept, salary FROM emp ORDER BY dept, salary;
SELECT DISTINCT salary IS NULL AS missing FROM emp ORDER BY 1;
SELECT ALL dept FROM emp ORDER BY dept NULLS FIRST;
SELECT DISTINCT ON (dept) dept, name, salary FROM emp
  ORDER BY dept, salary DESC;
SELECT DISTINCT ON (dept) dept, name FROM emp ORDER BY dept, name;
SELECT DISTINCT ON (salary) salary, name FROM emp
  ORDER BY salary NULLS FIRST, name DESC;
SELECT count(*) FROM (SELECT DISTINCT salary FROM emp) s;
-- VALUES as a table
SELECT * FROM (VALUES (1, 'one'), (2, 'two'), (3, 'three')) AS v(n, word)
  ORDER BY n DESC;
SELECT column1, column2 FROM (VALUES (1, 'a'), (2, 'b')) v ORDER BY column1;
VALUES (1, 'x'), (2, 'y');
VALUES (3, 'z') ORDER BY 1;
-- quoted names, empty tables, functions in the target list
SELECT id AS "Id", name AS "Employee Name" FROM emp ORDER BY "Id" LIMIT 2;
SELECT name, upper(name), length(name) FROM emp ORDER BY id LIMIT 2;
SELECT count(*) FROM emp;
CREATE TABLE empty_t (a int, b text);
SELECT * FROM empty_t;
SELECT a FROM empty_t ORDER BY a LIMIT 5;
SELECT e.* FROM empty_t e;
