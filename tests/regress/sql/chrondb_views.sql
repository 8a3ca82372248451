-- Views hold their query's text (deparsed as PostgreSQL prints it), so a
-- rename a view reads through is refused instead of leaving the view
-- broken; PostgreSQL's views would follow the rename.
CREATE TABLE t (a int, c int);
INSERT INTO t VALUES (1, 2);
CREATE VIEW v AS SELECT a FROM t;
ALTER TABLE t RENAME COLUMN a TO b;
ALTER TABLE t RENAME TO t2;
-- a column the view does not read may change its name
ALTER TABLE t RENAME COLUMN c TO d;
SELECT * FROM v;
SELECT * FROM t;
-- without the view, both renames go through
DROP VIEW v;
ALTER TABLE t RENAME COLUMN a TO b;
ALTER TABLE t RENAME TO t2;
SELECT * FROM t2;
