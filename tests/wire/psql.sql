-- psql's describe commands, \x, \copy and ON_ERROR_STOP against the
-- server (clients/psql runs this with `psql -X -a` and diffs the output;
-- sizes are blanked there, being the servers' own).
DROP VIEW IF EXISTS wire_v, wire_vsum;
DROP TABLE IF EXISTS wire_t, wire_parent, wire_copy;
CREATE TABLE wire_parent (id int PRIMARY KEY, label text NOT NULL);
CREATE TABLE wire_t (
    id serial PRIMARY KEY,
    name varchar(20) NOT NULL DEFAULT 'anon',
    score numeric(8,2) CHECK (score >= 0),
    parent int REFERENCES wire_parent (id),
    created timestamp DEFAULT '2026-01-01 00:00:00',
    flag boolean,
    UNIQUE (name, parent)
);
CREATE INDEX wire_t_score ON wire_t (score);
CREATE VIEW wire_v AS SELECT id, name FROM wire_t WHERE flag;
CREATE VIEW wire_vsum AS SELECT p.label, count(t.id) AS n, max(t.score)
    FROM wire_parent p LEFT JOIN wire_t t ON t.parent = p.id GROUP BY p.label ORDER BY 1;
INSERT INTO wire_parent VALUES (1, 'one'), (2, 'two');
INSERT INTO wire_t (name, score, parent, flag) VALUES
    ('ada', 10.5, 1, true), ('bob', 3, 2, false), ('cy', NULL, NULL, true);
\pset format unaligned
\l chrondb
\pset format aligned
\dn public
\dt wire_*
\d wire_t
\d wire_parent
\di wire_*
\dv wire_*
\d wire_v
SELECT * FROM wire_v ORDER BY id;
\x
SELECT * FROM wire_t ORDER BY id;
\x
\copy wire_t (id, name, score, parent, flag) to 'wire_t.txt'
\copy (SELECT id, name FROM wire_t ORDER BY id) to 'wire_t.csv' with (format csv, header)
CREATE TABLE wire_copy (id int, name text);
\copy wire_copy from 'wire_t.csv' with (format csv, header)
SELECT * FROM wire_copy ORDER BY id;
\copy wire_copy from 'wire_rows.txt'
SELECT count(*), sum(id) FROM wire_copy;
-- The other describe commands, over the same objects and their comments.
COMMENT ON TABLE wire_t IS 'rows for the wire test';
COMMENT ON COLUMN wire_t.name IS 'who';
COMMENT ON VIEW wire_v IS 'flagged rows';
COMMENT ON INDEX wire_t_score IS 'by score';
COMMENT ON SEQUENCE wire_t_id_seq IS 'ids';
\d+ wire_t
\d+ wire_parent
\d+ wire_v
\sv wire_v
\sv+ wire_vsum
\pset format unaligned
\dt+ wire_*
\di+ wire_*
\dv+ wire_*
\ds+ wire_*
\l+ chrondb
\db+
\pset format aligned
\db
\du
\dg
\du+
\df
\df+ now
\dT
\dT+
\dp wire_*
\dx
\dn+ public
\dconfig datestyle
\dC jsonb
\dc
\do
\dd
\dy
\dL
\des
\dew
\det
\drds
\dRp
\dRs
\dF public.*
\dFd public.*
\dFp public.*
\dFt public.*
\dA btree
\dA+ heap
\dS pg_tables
SELECT 1/0;
SELECT 'still running after an error';
\set ON_ERROR_STOP on
SELECT 'stops at the next error';
SELECT no_such_column FROM wire_t;
SELECT 'never printed';
