-- chrondb_validation: JSON Schema validation rules (inventory 5.8):
-- CREATE / DROP VALIDATION SCHEMA, the strict, warning and disabled
-- modes on INSERT and UPDATE, rules inside transactions, and errors.
-- (SHOW VALIDATION SCHEMA lists created_at, a time, so only its empty
-- and error forms are shown here.)
CREATE TABLE people (id int PRIMARY KEY, name text, age int, email text);
INSERT INTO people VALUES (1, 'ann', 30, 'ann@example.com');
SHOW VALIDATION SCHEMAS;
SHOW VALIDATION SCHEMA FOR people;
-- Bad rules: not JSON, not a JSON Schema.
CREATE VALIDATION SCHEMA FOR people AS '{"type": "object"';
CREATE VALIDATION SCHEMA FOR people AS '{"type": "thing"}';
CREATE VALIDATION SCHEMA FOR people AS '{"minimum": "ten"}';
-- strict (the default): a violating row is refused with every violation listed.
CREATE VALIDATION SCHEMA FOR people AS '{
  "type": "object",
  "required": ["name", "email"],
  "properties": {
    "name": {"type": "string", "minLength": 2},
    "age": {"type": "integer", "minimum": 0, "maximum": 150},
    "email": {"type": "string", "pattern": "^[^@]+@[^@]+$"}
  }
}';
INSERT INTO people VALUES (2, 'bob', 40, 'bob@example.com');
INSERT INTO people VALUES (3, 'c', -1, 'carol');
INSERT INTO people (id, name) VALUES (4, 'dave');
UPDATE people SET age = 200 WHERE id = 1;
UPDATE people SET age = 31 WHERE id = 1;
SELECT * FROM people ORDER BY id;
-- warning: the row is written, with a WARNING.
CREATE VALIDATION SCHEMA FOR people AS '{"properties": {"age": {"maximum": 100}}}'
  MODE warning;
INSERT INTO people VALUES (5, 'eve', 120, 'eve@example.com');
-- disabled: nothing is checked.
CREATE VALIDATION SCHEMA FOR people AS '{"properties": {"age": {"maximum": 100}}}'
  MODE disabled;
INSERT INTO people VALUES (6, 'fay', 130, 'fay@example.com');
SELECT id, age FROM people ORDER BY id;
-- A rule made in a transaction governs its later writes and goes with a rollback.
BEGIN;
CREATE VALIDATION SCHEMA FOR people AS '{"required": ["nickname"]}' MODE strict;
INSERT INTO people VALUES (7, 'gus', 1, 'gus@example.com');
ROLLBACK;
INSERT INTO people VALUES (7, 'gus', 1, 'gus@example.com');
-- A rule for a table that does not exist yet applies once it does.
CREATE VALIDATION SCHEMA FOR later AS '{"properties": {"v": {"type": "string"}}}';
CREATE TABLE later (id int PRIMARY KEY, v int);
INSERT INTO later VALUES (1, 2);
-- Other branches' rules are not reachable from this session.
CREATE VALIDATION SCHEMA FOR elsewhere.people AS '{}';
-- DROP
DROP VALIDATION SCHEMA FOR later;
INSERT INTO later VALUES (1, 2);
DROP VALIDATION SCHEMA FOR later;
DROP VALIDATION SCHEMA IF EXISTS FOR later;
DROP VALIDATION SCHEMA FOR people;
SHOW VALIDATION SCHEMAS;
SHOW VALIDATION SCHEMA FOR people;
