-- types_json_storage: json and jsonb values come back from a table as
-- they went in: json keeps its text (white space, key order, duplicate
-- keys, escapes), a JSON null is not SQL NULL in either type, and values
-- that look like ChronDB's escape form are values like any other.
CREATE TABLE j (id int PRIMARY KEY, t json, b jsonb, bs jsonb[]);
INSERT INTO j VALUES
  (1, '{"name": "ann", "n": 1}', '{"name": "ann", "n": 1}', NULL),
  (2, '{"b":1,"a":2}', '{"b":1,"a":2}', NULL),
  (3, '{"a": 1, "a": 2}', '{"a": 1, "a": 2}', NULL),
  (4, 'null', 'null', ARRAY['null'::jsonb, NULL, '[null]']),
  (5, NULL, NULL, ARRAY[]::jsonb[]),
  (6, '{"$json": "null"}', '{"$json": "null"}', ARRAY['{"$json": 1}'::jsonb]),
  (7, '{"$json":"[1, 2]"}', '{"$json": [1, 2]}', NULL),
  (8, E'[1,\n 2, "\\u00e9"]', '[1, 2, "\u00e9"]', NULL),
  (9, '  "text"  ', '"text"', NULL),
  (10, '{"a": null, "b": [null, {}]}', '{"a": null, "b": [null, {}]}', NULL),
  (11, '{"n":1.50,"e":1e2}', '{"n": 1.50, "e": 1e2}', ARRAY['1.50'::jsonb]);
SELECT id, t, b FROM j ORDER BY id;
SELECT id, t IS NULL AS t_null, b IS NULL AS b_null, json_typeof(t), jsonb_typeof(b)
  FROM j ORDER BY id;
SELECT id, bs, array_length(bs, 1) FROM j WHERE bs IS NOT NULL ORDER BY id;
SELECT id, t::text = '{"name": "ann", "n": 1}' AS same_text FROM j WHERE id = 1;
SELECT id, t -> 'a' AS arrow, b -> 'a' AS b_arrow FROM j WHERE id IN (2, 3) ORDER BY id;
SELECT id, b ->> '$json' AS member FROM j WHERE id IN (6, 7) ORDER BY id;
-- Updates keep the new text as exactly.
UPDATE j SET t = '{ "x" : [ 1 , 2 ] }', b = 'null' WHERE id = 2;
UPDATE j SET t = t, b = b WHERE id IN (1, 3, 4);
SELECT id, t, b, b IS NULL AS b_null FROM j WHERE id IN (1, 2, 3, 4) ORDER BY id;
SELECT count(*) FROM j WHERE b = 'null'::jsonb;
SELECT count(*) FROM j WHERE b IS NULL;
-- ALTER TABLE rewrites rows without touching their values; a json default keeps its text.
ALTER TABLE j ADD COLUMN d json DEFAULT '{"k" : "v"}';
ALTER TABLE j ADD COLUMN m numeric DEFAULT 1.50;
SELECT DISTINCT d::text, m FROM j;
ALTER TABLE j RENAME COLUMN m TO "M 2";
ALTER TABLE j DROP COLUMN d;
SELECT id, t, b, bs, "M 2" FROM j WHERE id IN (1, 4, 11) ORDER BY id;
