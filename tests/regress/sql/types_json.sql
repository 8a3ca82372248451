-- types_json: json and jsonb input and output, the operators -> ->> #> #>>
-- @> <@ ? ?| ?& || - #-, the constructors and aggregates, and jsonb
-- values in tables.
SELECT '{"a": 1, "b": [1, 2, 3], "c": {"d": "x"}}'::json;
SELECT '{"a": 1, "b": [1, 2, 3], "c": {"d": "x"}}'::jsonb;
SELECT '{"b": 2, "a": 1, "a": 3}'::jsonb, '{"b": 2, "a": 1, "a": 3}'::json;
SELECT '{"long_key": 1, "k": 2, "b": 3}'::jsonb;
SELECT '[1, "two", null, true, 3.50, {"k": []}]'::jsonb;
SELECT '  {"x" :  1 }  '::jsonb, '  {"x" :  1 }  '::json;
SELECT '"str"'::jsonb, '42'::jsonb, 'null'::jsonb, 'true'::jsonb,
       '1e3'::jsonb, '1.0e-2'::jsonb, '-0.5'::jsonb;
SELECT '{"a": "\u00e9\n\"q\""}'::jsonb, '"a\tb"'::jsonb;
SELECT '{"a": }'::jsonb;
SELECT '{"a": 1'::json;
SELECT '[1, 2,]'::jsonb;
SELECT 'still here' AS status;
-- operators on literals
SELECT '{"a": {"b": [10, 20]}}'::jsonb -> 'a', '{"a": {"b": [10, 20]}}'::jsonb -> 'a' -> 'b' -> 1;
SELECT '{"a": "x"}'::jsonb ->> 'a', '{"a": "x"}'::jsonb -> 'a', '{"a": null}'::jsonb ->> 'a' IS NULL;
SELECT '[1, 2, 3]'::jsonb -> 0, '[1, 2, 3]'::jsonb -> -1, '[1, 2, 3]'::jsonb -> 5, '[1, 2, 3]'::jsonb ->> 1;
SELECT '{"a": {"b": ["x", "y"]}}'::jsonb #> '{a,b,1}', '{"a": {"b": ["x", "y"]}}'::jsonb #>> '{a,b,0}',
       '{"a": 1}'::jsonb #> '{}', '"s"'::jsonb #>> '{}';
SELECT '{"a": 1, "b": 2}'::json -> 'b', '[{"k": "v"}]'::json -> 0 ->> 'k';
SELECT '{"a": "x"}'::jsonb ->> 'a' || '!', ('{"n": 5}'::jsonb -> 'n')::int * 2,
       ('{"n": 5}'::jsonb ->> 'n')::numeric / 2, ('{"f": true}'::jsonb -> 'f')::boolean;
SELECT '{"a": 1}'::jsonb || '{"b": 2}'::jsonb, '[1]'::jsonb || '[2, 3]'::jsonb,
       '{"a": 1}'::jsonb || '{"a": 9}'::jsonb, '[1]'::jsonb || '2'::jsonb;
SELECT '{"a": 1, "b": 2}'::jsonb - 'a', '[1, 2, 3]'::jsonb - 0,
       '{"a": {"b": 1, "c": 2}}'::jsonb #- '{a,b}', '["x", "y", "x"]'::jsonb - 'x';
SELECT '[1, 2, 3]'::jsonb @> '2', '[1, 2, 3]'::jsonb @> '[3, 1]',
       '{"a": [1, 2], "b": 1}'::jsonb @> '{"a": [2]}', '{"a": 1}'::jsonb @> '{"a": 1, "b": 2}';
SELECT '{"a": 1}'::jsonb <@ '{"a": 1, "b": 2}', '{"a": 1}'::jsonb ? 'a',
       '["a", "b"]'::jsonb ? 'b', '{"a": 1}'::jsonb ?| ARRAY['x', 'a'],
       '{"a": 1}'::jsonb ?& ARRAY['x', 'a'];
SELECT '{"a": 1}'::jsonb = '{"a": 1.0}'::jsonb, '[1, 2]'::jsonb = '[2, 1]'::jsonb,
       '{"a": 1, "b": 2}'::jsonb = '{"b": 2, "a": 1}'::jsonb,
       '{"a": 1}'::jsonb -> 'a' = '1'::jsonb;
SELECT '{"a": 1}'::json = '{"a": 1}'::json;
SELECT '{"a": 1}'::jsonb -> 1;
SELECT '{"a": 1}'::jsonb ->> 'a' + 1;
SELECT 'still here' AS status;
-- functions
SELECT jsonb_typeof('{}'), jsonb_typeof('[]'), jsonb_typeof('1'), jsonb_typeof('"s"'),
       jsonb_typeof('true'), jsonb_typeof('null'), json_typeof('1.5');
SELECT jsonb_array_length('[1, [2, 3], 4]'), json_array_length('[]');
SELECT jsonb_build_object('a', 1, 'b', 'two', 'c', NULL, 'd', true),
       json_build_object('x', 1.5, 'y', ARRAY[1, 2]);
SELECT jsonb_build_array(1, 'a', NULL, false), json_build_array(), jsonb_build_object();
SELECT to_jsonb('text'::text), to_jsonb(12.5), to_json(ARRAY['a', 'b']),
       to_jsonb(date '2024-01-01'), to_jsonb(timestamp '2024-01-01 10:00'),
       to_jsonb(NULL::int), to_json('quote "me"'::text);
SELECT to_jsonb(t) FROM (SELECT 1 AS a, 'x' AS b, NULL::int AS c) t;
SELECT jsonb_set('{"a": 1}', '{b}', '2'), jsonb_set('{"a": {"b": 1}}', '{a,b}', '"x"'),
       jsonb_set('[1, 2]', '{5}', '3'), jsonb_insert('[1, 3]', '{1}', '2');
SELECT jsonb_strip_nulls('{"a": null, "b": {"c": null, "d": 1}}');
SELECT jsonb_pretty('{"a": [1, 2], "b": {"c": "d"}}');
SELECT key, value FROM jsonb_each('{"b": 2, "a": [1]}') ORDER BY key;
SELECT key, value FROM jsonb_each_text('{"b": 2, "a": "x", "c": null}') ORDER BY key;
SELECT k FROM jsonb_object_keys('{"z": 1, "y": 2}') AS k ORDER BY k;
SELECT e FROM jsonb_array_elements_text('["b", "a", "c"]') AS e ORDER BY e;
SELECT value FROM jsonb_array_elements('[3, 1, 2]') ORDER BY value;
SELECT json_agg(x ORDER BY x) FROM (VALUES (2), (1)) v(x);
SELECT jsonb_agg(x ORDER BY x), jsonb_agg(x) FILTER (WHERE false)
  FROM (VALUES ('b'), ('a')) v(x);
-- jsonb columns
CREATE TABLE docs (id int PRIMARY KEY, body jsonb, raw json);
INSERT INTO docs VALUES
  (1, '{"name": "ann", "age": 31, "tags": ["a", "b"], "addr": {"city": "paris", "zip": "75001"}}',
      '{"name": "ann", "n": 1}'),
  (2, '{"name": "ben", "age": 25, "tags": [], "active": false}', '{"name":"ben"}'),
  (3, '{"name": "cid", "tags": ["b", "c"], "addr": {"city": "rome"}, "score": 9.5}', '[1, 2]'),
  (4, '[10, 20, 30]', 'null'),
  (5, NULL, NULL);
SELECT * FROM docs ORDER BY id;
SELECT id, body -> 'name' AS name_json, body ->> 'name' AS name_text FROM docs ORDER BY id;
SELECT id, body -> 'addr' -> 'city', body -> 'addr' ->> 'city' FROM docs ORDER BY id;
SELECT id, body #> '{addr,city}', body #>> '{addr,zip}', body #>> '{tags,0}'
  FROM docs ORDER BY id;
SELECT id, body -> 'tags' -> 1, body -> 'tags' ->> -1, body -> 0, body ->> 2
  FROM docs ORDER BY id;
SELECT id, raw -> 'name', raw ->> 'n', raw -> 1 FROM docs ORDER BY id;
SELECT id FROM docs WHERE body @> '{"name": "ann"}' ORDER BY id;
SELECT id FROM docs WHERE body @> '{"tags": ["b"]}' ORDER BY id;
SELECT id FROM docs WHERE '{"age": 25}' <@ body ORDER BY id;
SELECT id FROM docs WHERE body ? 'addr' ORDER BY id;
SELECT id FROM docs WHERE body ?| ARRAY['score', 'active'] ORDER BY id;
SELECT id FROM docs WHERE body ?& ARRAY['name', 'age'] ORDER BY id;
SELECT id, (body ->> 'age')::int + 1 AS next_age FROM docs WHERE body ? 'age' ORDER BY id;
SELECT body ->> 'name' AS name FROM docs WHERE (body ->> 'age')::int > 30;
SELECT body ->> 'name' AS name FROM docs WHERE body -> 'addr' ->> 'city' = 'rome';
SELECT id, jsonb_typeof(body), jsonb_typeof(body -> 'age'), json_typeof(raw)
  FROM docs ORDER BY id;
SELECT id, jsonb_array_length(body -> 'tags') FROM docs
  WHERE jsonb_typeof(body -> 'tags') = 'array' ORDER BY id;
SELECT body ->> 'name' AS name, count(*) FROM docs, jsonb_array_elements_text(body -> 'tags') tag
  WHERE jsonb_typeof(body -> 'tags') = 'array' GROUP BY 1 ORDER BY 1;
SELECT jsonb_agg(id ORDER BY id) FROM docs;
SELECT jsonb_agg(body -> 'name' ORDER BY id) FROM docs WHERE body ? 'name';
SELECT jsonb_object_agg(body ->> 'name', id) FROM docs WHERE body ? 'name';
SELECT json_object_agg(body ->> 'name', body -> 'age' ORDER BY id) FROM docs WHERE body ? 'age';
SELECT count(*) FROM docs WHERE body IS NULL;
UPDATE docs SET body = body || '{"updated": true}' WHERE id = 2;
UPDATE docs SET body = jsonb_set(body, '{addr,city}', '"milan"') WHERE id = 3;
UPDATE docs SET body = body - 'tags' WHERE id = 1;
SELECT id, body FROM docs WHERE id <= 3 ORDER BY id;
INSERT INTO docs (id, body) VALUES (6, 'not json');
INSERT INTO docs (id, body) VALUES (7, jsonb_build_object('built', 1, 'arr', jsonb_build_array(1, 2)));
SELECT body FROM docs WHERE id = 7;
