-- srf_lateral: set-returning functions in select lists (ProjectSet),
-- WITH ORDINALITY, functions in FROM reading earlier items, LATERAL
-- subqueries and joins, array subscripts and slices, jsonb subscripts,
-- records and whole-row references.
CREATE TABLE t (id int PRIMARY KEY, name text, tags text[], nums int[]);
INSERT INTO t VALUES (1, 'ann', '{red,green}', '{3,1,2}'), (2, 'ben', '{}', '{5}'),
  (3, 'cid', NULL, NULL), (4, 'a b', '{"x y",NULL}', '{7,8,9,10}');
CREATE TABLE u (id int, t_id int, score int);
INSERT INTO u VALUES (1, 1, 10), (2, 1, 20), (3, 2, 5), (4, 4, 1), (5, 4, 2), (6, 4, 3);
-- set-returning functions in the select list
SELECT generate_series(1, 3) AS g;
SELECT generate_series(1, 3) AS g, 'x' AS k ORDER BY g DESC;
SELECT unnest(ARRAY[1, 2]) AS a, unnest(ARRAY['x', 'y', 'z']) AS b;
SELECT unnest(ARRAY[1, 2]) + 1 AS plus, generate_series(1, 2) * 10 AS times;
SELECT generate_series(1, generate_series(1, 3)) AS nested;
SELECT id, unnest(nums) AS n FROM t ORDER BY id, n;
SELECT id, unnest(nums) AS n, unnest(tags) AS tag FROM t ORDER BY id, n;
SELECT count(*), unnest(ARRAY['p', 'q']) AS letter FROM t;
SELECT unnest(array_agg(id ORDER BY id)) AS ids FROM t;
SELECT DISTINCT unnest(ARRAY[2, 1, 2, 1]) AS d ORDER BY d;
SELECT unnest(ARRAY[3, 1, 2]) AS x ORDER BY x LIMIT 2;
SELECT unnest('{}'::int[]) AS none, 1 AS one;
SELECT id, generate_series(1, id) AS k FROM t WHERE id <= 2 ORDER BY id, k;
SELECT unnest(nums) AS n, count(*) FROM t GROUP BY 1 ORDER BY 1;
SELECT jsonb_array_elements('[1, "two", {"three": 3}]') AS e;
SELECT jsonb_each('{"a": 1, "b": "x"}') AS kv;
SELECT (jsonb_each('{"a": 1, "b": "x"}')).key, (jsonb_each('{"a": 1, "b": "x"}')).value;
SELECT (jsonb_each('{"b": [2], "a": 1}')).*;
SELECT (SELECT unnest(ARRAY[1, 2]) LIMIT 1) AS first;
-- where they are not allowed
SELECT id FROM t WHERE unnest(nums) > 2;
SELECT t.id FROM t JOIN u ON u.t_id = unnest(t.nums);
SELECT id FROM t GROUP BY id HAVING generate_series(1, 2) > 1;
SELECT sum(unnest(nums)) FROM t;
SELECT CASE WHEN id > 1 THEN unnest(nums) END FROM t;
SELECT coalesce(unnest(nums), 0) FROM t;
VALUES (generate_series(1, 2));
SELECT 1 LIMIT generate_series(1, 2);
SELECT * FROM generate_series(1, unnest(ARRAY[1, 2]));
DELETE FROM u RETURNING unnest(ARRAY[id]);
UPDATE u SET score = generate_series(1, 2);
SELECT unnest(5);
-- WITH ORDINALITY
SELECT * FROM unnest(ARRAY['a', 'b', 'c']) WITH ORDINALITY;
SELECT * FROM unnest(ARRAY['a', 'b']) WITH ORDINALITY AS x;
SELECT * FROM unnest(ARRAY['a', 'b']) WITH ORDINALITY AS x(letter, pos) ORDER BY pos DESC;
SELECT * FROM jsonb_each_text('{"k": "v", "a": "b"}') WITH ORDINALITY AS e(key, val, n);
SELECT * FROM upper('x') WITH ORDINALITY;
SELECT * FROM generate_series(1, 2) WITH ORDINALITY AS g(a, b, c);
-- functions in FROM read the items to their left
SELECT t.id, n FROM t, unnest(t.nums) AS n ORDER BY t.id, n;
SELECT t.id, x.v, x.pos FROM t, unnest(t.tags) WITH ORDINALITY AS x(v, pos) ORDER BY 1, 3;
SELECT t.id, g FROM t CROSS JOIN generate_series(1, t.id) AS g WHERE t.id < 3 ORDER BY 1, 2;
SELECT t.id, e.key FROM t, jsonb_each(jsonb_build_object('n', t.name, 'i', t.id)) e
  WHERE t.id = 1 ORDER BY e.key;
SELECT t.id, n FROM t LEFT JOIN LATERAL unnest(t.nums) AS n ON true ORDER BY t.id, n;
SELECT t.id, n FROM t LEFT JOIN unnest(t.nums) AS n ON n > 2 ORDER BY t.id, n;
SELECT count(*) FROM t, unnest(t.nums) n, unnest(t.tags) tag;
-- LATERAL subqueries
SELECT t.id, s.total FROM t, LATERAL (SELECT sum(score) AS total FROM u WHERE u.t_id = t.id) s
  ORDER BY t.id;
SELECT t.id, s.score FROM t
  JOIN LATERAL (SELECT score FROM u WHERE u.t_id = t.id ORDER BY score DESC LIMIT 2) s ON true
  ORDER BY t.id, s.score;
SELECT t.id, s.score FROM t
  LEFT JOIN LATERAL (SELECT score FROM u WHERE u.t_id = t.id ORDER BY score LIMIT 1) s ON true
  ORDER BY t.id;
SELECT t.id, s.doubled FROM t, LATERAL (SELECT t.id * 2 AS doubled) s ORDER BY 1;
SELECT t.id, s.* FROM t, LATERAL (VALUES (t.name), (upper(t.name))) s(v) WHERE t.id = 1
  ORDER BY s.v;
SELECT a.x, b.y FROM (VALUES (1), (2)) a(x),
  LATERAL (SELECT a.x + 10 AS y UNION ALL SELECT a.x + 20) b ORDER BY 1, 2;
SELECT t.id, s.n FROM t, LATERAL (SELECT n FROM unnest(t.nums) n WHERE n > 1) s
  ORDER BY 1, 2;
SELECT t.id, s.m FROM t, LATERAL (SELECT max(n) AS m FROM unnest(t.nums) n) s ORDER BY 1;
SELECT t.id, (SELECT string_agg(tag, '+') FROM unnest(t.tags) tag) AS joined FROM t ORDER BY 1;
SELECT t.id, s.c FROM t, LATERAL (SELECT count(*) AS c FROM u, LATERAL (SELECT u.score
  WHERE u.t_id = t.id) z) s ORDER BY 1;
-- what a subquery that is not LATERAL cannot see
SELECT * FROM t, (SELECT score FROM u WHERE u.t_id = t.id) s;
SELECT * FROM t, (SELECT name) s;
SELECT * FROM t RIGHT JOIN LATERAL unnest(t.nums) n ON true;
SELECT * FROM t FULL JOIN LATERAL (SELECT t.id) s ON true;
SELECT * FROM t, u JOIN (SELECT 1 AS one) o ON t.id = o.one;
UPDATE t SET name = name || n FROM unnest(t.nums) n;
UPDATE t SET name = name || n FROM unnest(nums) n;
DELETE FROM u USING LATERAL (SELECT u.id) s;
UPDATE t SET name = name FROM (SELECT t.id) s;
SELECT unnest(ARRAY[1, 2]) IN (SELECT 1);
-- array subscripts and slices
SELECT (ARRAY[10, 20, 30])[1], (ARRAY[10, 20, 30])[3], (ARRAY[10, 20, 30])[0],
       (ARRAY[10, 20, 30])[-1], (ARRAY[10, 20, 30])[NULL];
SELECT (ARRAY[10, 20, 30])[1:2], (ARRAY[10, 20, 30])[2:], (ARRAY[10, 20, 30])[:1],
       (ARRAY[10, 20, 30])[:], (ARRAY[10, 20, 30])[3:1], (ARRAY[10, 20, 30])[-5:100];
SELECT (ARRAY[1, 2, 3])[NULL:2], (ARRAY[1, 2, 3])[1][1], (ARRAY[1, 2, 3])[1:2][1];
SELECT ('[2:4]={a,b,c}'::text[])[2], ('[2:4]={a,b,c}'::text[])[1],
       ('[2:4]={a,b,c}'::text[])[3:4], ('[2:4]={a,b,c}'::text[])[:];
SELECT (ARRAY[1, 2])['2'], (ARRAY[1, 2])[1.6], (ARRAY[1, 2])[2::bigint],
       (ARRAY[1, 2])[1::smallint];
SELECT id, nums[1] AS first, nums[2:3] AS middle, tags[2] AS second, nums[id] AS diag
  FROM t ORDER BY id;
SELECT id FROM t WHERE nums[1] > 2 ORDER BY id;
SELECT tags[1] AS tag, count(*) FROM t GROUP BY tags[1] ORDER BY 1;
SELECT ((ARRAY[1])[1])[1];
SELECT (ARRAY[1, 2])['x'];
SELECT (ARRAY[1, 2])[true];
SELECT (ARRAY[1, 2])[1:'y'];
SELECT (ARRAY[1, 2])[2147483648];
SELECT (ARRAY[1])[1][1][1][1][1][1][1];
SELECT (1)[1];
SELECT name[1] FROM t;
SELECT ('{1,2}')[1];
-- jsonb subscripts
SELECT ('{"a": {"b": [1, 2, 3]}}'::jsonb)['a']['b'][1], ('[1, [2, 3]]'::jsonb)[1][-1],
       ('{"1": "one"}'::jsonb)[1], ('[5, 6]'::jsonb)['1'], ('"s"'::jsonb)[0],
       ('{"a": 1}'::jsonb)['z'], ('{"a": 1}'::jsonb)[NULL];
SELECT ('{"a": 1}'::jsonb)[1:2];
SELECT ('{"a": 1}'::jsonb)[true];
-- records and whole-row references
SELECT ROW(1, 'a b', NULL), (1, 'x'), ROW(), ROW(2.5), ROW('', '"', '\', 'a,b', '(p)');
SELECT ROW(1, ARRAY[1, 2], '{"k": "v"}'::jsonb, 'text', NULL::int);
SELECT t FROM t ORDER BY id;
SELECT t.* FROM t WHERE id = 4;
SELECT to_jsonb(t), row_to_json(t) FROM t WHERE id IN (1, 3) ORDER BY id;
SELECT to_jsonb(t.*) FROM t WHERE id = 2;
SELECT row_to_json(s) FROM (SELECT id, name AS who FROM t WHERE id < 3) s ORDER BY 1::text;
SELECT row_to_json(ROW(1, 'x')), to_jsonb(ROW(1, 'x')), row_to_json(ROW(1, 'x'), true);
SELECT json_agg(s ORDER BY s.id), jsonb_agg(s ORDER BY s.id)
  FROM (SELECT id, name FROM t WHERE id < 3) s;
SELECT array_agg(s ORDER BY s.id) FROM (SELECT id, name FROM t WHERE id > 2) s;
SELECT (t).name, (t.*).id FROM t WHERE id = 1;
SELECT (ROW(1, 'x'::text)).f2;
SELECT (ROW(1, 'x')).f3;
SELECT (t).nope FROM t;
SELECT (1).x;
SELECT t::text FROM t WHERE id = 3;
SELECT ROW(1, 2) = ROW(1, 2), ROW(1, NULL) = ROW(1, NULL), ROW(1, 2) < ROW(1, 3),
       ROW(1, 2) <> ROW(1, 3), ROW(2, 0) > ROW(1, 9), ROW(1, 2) <= ROW(1, 2),
       ROW(1, NULL) < ROW(2, NULL), ROW(NULL, 1) < ROW(1, 2);
SELECT ROW(1, 2) = ROW(1, 2, 3);
SELECT ROW(NULL, NULL) IS NULL, ROW(1, NULL) IS NULL, ROW(1, NULL) IS NOT NULL,
       ROW(1, 2) IS NOT NULL;
SELECT a.t = b.t, a.t < b.t FROM (SELECT t FROM t WHERE id = 1) a, (SELECT t FROM t WHERE id = 2) b;
SELECT s.r FROM (SELECT ROW(id, name) AS r FROM t) s ORDER BY s.r DESC;
SELECT DISTINCT ROW(id % 2) AS parity FROM t ORDER BY 1;
SELECT x, ord FROM t, LATERAL unnest(ARRAY[t.id, t.id * 10]) WITH ORDINALITY AS z(x, ord)
  WHERE t.id = 2 ORDER BY ord;
SELECT id, to_jsonb(u) - 'id' AS rest FROM u WHERE t_id = 4 ORDER BY id;
-- nested LATERAL items, outer joins around them
SELECT x.id, y.n FROM t x, LATERAL (SELECT n FROM unnest(x.nums) n,
  LATERAL (SELECT n * 2 AS d) dd WHERE dd.d > 4) y ORDER BY 1, 2;
SELECT t.id, z.score, z.g FROM t, LATERAL (SELECT u.score, g FROM u,
  generate_series(1, u.score / 10) g WHERE u.t_id = t.id) z ORDER BY 1, 2, 3;
SELECT t.id, s.c FROM t LEFT JOIN u ON u.t_id = t.id, LATERAL (SELECT u.score + t.id AS c) s
  ORDER BY 1, 2;
SELECT * FROM t x JOIN (t y CROSS JOIN LATERAL unnest(y.nums) n) ON x.id = y.id
  ORDER BY 1, n;
SELECT x.id, z.s FROM t x LEFT JOIN (u y CROSS JOIN LATERAL (SELECT y.score * 2 AS s) z)
  ON x.id = y.t_id ORDER BY 1, 2;
SELECT * FROM (SELECT generate_series(1, 2) AS g) s, LATERAL generate_series(1, s.g) h
  ORDER BY 1, 2;
SELECT t, to_jsonb(t) FROM u LEFT JOIN t ON t.id = u.t_id + 10 WHERE u.id = 1;
-- subscripted assignment
CREATE TABLE arr (id int PRIMARY KEY, a int[], v varchar(2)[]);
INSERT INTO arr VALUES (1, '{1,2,3}', '{x}'), (2, NULL, NULL), (3, '{}', '{}');
UPDATE arr SET a[2] = 20 WHERE id = 1;
UPDATE arr SET a[5] = 5 WHERE id = 1;
UPDATE arr SET a[0] = 0 WHERE id = 1;
UPDATE arr SET a[2] = 7 WHERE id = 2;
UPDATE arr SET a[-1] = 7 WHERE id = 3;
SELECT id, a, array_lower(a, 1) AS lo FROM arr ORDER BY id;
UPDATE arr SET a[1:2] = '{8,9}' WHERE id = 2;
UPDATE arr SET a[2:3] = '{40,50,60}' WHERE id = 1;
UPDATE arr SET a[:1] = '{11,12}', v[2] = 'yz' WHERE id = 1;
UPDATE arr SET a[1:2] = NULL WHERE id = 1;
UPDATE arr SET a[6] = 6, a[7] = 7 WHERE id = 2;
UPDATE arr SET (a[1], v[1]) = (100, 'w') WHERE id = 3;
SELECT * FROM arr ORDER BY id;
UPDATE arr SET a[2:3] = '{1}' WHERE id = 1;
UPDATE arr SET a[NULL] = 1 WHERE id = 1;
UPDATE arr SET a[1] = 'x' WHERE id = 1;
UPDATE arr SET a[1] = true WHERE id = 1;
UPDATE arr SET a[1][1] = 1 WHERE id = 1;
UPDATE arr SET id[1] = 1;
UPDATE arr SET a.f = 1;
UPDATE arr SET a[1] = 1, a = '{5}';
UPDATE arr SET a[3:2] = '{1}' WHERE id = 1;
UPDATE arr SET a[1000000000] = 1 WHERE id = 1;
UPDATE arr SET a[1] = DEFAULT;
UPDATE arr SET v[1] = 'abc' WHERE id = 1;
INSERT INTO arr (id, a[2]) VALUES (9, 5);
INSERT INTO arr (id, a[1], a[3]) VALUES (10, 1, 3);
INSERT INTO arr (id, a[2:3], v[1]) SELECT 11, ARRAY[7, 8], 'q';
INSERT INTO arr (id, a[1], a) VALUES (12, 1, '{2}');
INSERT INTO arr (id, a[1]) VALUES (13, DEFAULT);
INSERT INTO arr VALUES (1, '{1}') ON CONFLICT (id) DO UPDATE SET a[2] = excluded.a[1];
SELECT id, a FROM arr WHERE id = 1 OR id > 8 ORDER BY id;
SELECT 'done' AS status;
-- a function's named column, and its alias as its one value
SELECT e, e.value FROM jsonb_array_elements('[1, 2]') e;
SELECT e FROM unnest(ARRAY[1, 2]) e;
SELECT e.* FROM jsonb_array_elements('[1]') e;
SELECT e FROM jsonb_array_elements('[1]') WITH ORDINALITY e;
SELECT f FROM jsonb_each('{"a": 1}') f;
