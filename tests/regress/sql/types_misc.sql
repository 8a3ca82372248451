-- types_misc: boolean, uuid and one-dimensional arrays: input, output,
-- operators, functions, and columns of each type.
-- boolean
SELECT true, false, 't'::bool, 'yes'::boolean, 'off'::boolean, '1'::bool,
       'FALSE'::bool, ' on '::bool, NULL::bool;
SELECT 'maybe'::boolean;
SELECT true AND false, true OR false, NOT true, true = false, true > false,
       true <> false;
SELECT true::int, 0::boolean, 5::boolean, 'true'::bool::text, false::text;
SELECT 1::boolean AND 'y'::boolean AS both;
CREATE TABLE flags (id int, f boolean);
INSERT INTO flags VALUES (1, true), (2, false), (3, NULL), (4, 'y'), (5, 'n');
SELECT * FROM flags ORDER BY id;
SELECT id FROM flags WHERE f ORDER BY id;
SELECT id FROM flags WHERE NOT f ORDER BY id;
SELECT id FROM flags WHERE f IS NOT TRUE ORDER BY id;
SELECT id FROM flags WHERE f IS UNKNOWN ORDER BY id;
SELECT f, count(*) FROM flags GROUP BY f ORDER BY f NULLS FIRST;
SELECT id, f FROM flags ORDER BY f DESC, id;
SELECT bool_and(f), bool_or(f), count(*) FILTER (WHERE f) FROM flags;
INSERT INTO flags VALUES (6, 'sometimes');
INSERT INTO flags VALUES (7, 2);
-- uuid
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid,
       'A0EEBC999C0B4EF8BB6D6BB9BD380A11'::uuid,
       '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid;
SELECT 'not-a-uuid'::uuid;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1'::uuid;
SELECT '00000000-0000-0000-0000-000000000001'::uuid
         < 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid,
       'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid
         = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid;
SELECT gen_random_uuid() IS NOT NULL AS generated,
       length(gen_random_uuid()::text) AS len,
       gen_random_uuid() <> gen_random_uuid() AS differ;
CREATE TABLE u (id uuid PRIMARY KEY, label text);
INSERT INTO u VALUES ('00000000-0000-0000-0000-000000000002', 'two'),
  ('00000000-0000-0000-0000-000000000001', 'one'),
  ('ffffffff-ffff-ffff-ffff-ffffffffffff', 'max'),
  ('8f14e45f-ceea-467f-a2f6-4f9d7e0c1f2a', 'mid');
SELECT * FROM u ORDER BY id;
SELECT label FROM u WHERE id = '00000000000000000000000000000001';
SELECT id::text, length(id::text) FROM u ORDER BY id DESC LIMIT 1;
SELECT min(label), count(*) FROM u WHERE id > '80000000-0000-0000-0000-000000000000';
INSERT INTO u VALUES ('00000000-0000-0000-0000-000000000001', 'dup');
INSERT INTO u (id) VALUES ('xyz');
-- arrays
SELECT ARRAY[1, 2, 3], ARRAY['a', 'b c', NULL, '"q"', ''], '{1,2,3}'::int[],
       '{}'::text[], ARRAY[]::int[];
SELECT ARRAY[1.5, 2], ARRAY[true, false], '{"x,y", z, "NULL", NULL}'::text[],
       ARRAY['{', '}', '\'];
SELECT (ARRAY[10, 20, 30])[2], (ARRAY[10, 20, 30])[5], (ARRAY[10, 20, 30])[2:3],
       ('{1,2,3}'::int[])[0], (ARRAY[10, 20, 30])[:2], (ARRAY[10, 20, 30])[2:];
SELECT array_length(ARRAY[1, 2, 3], 1), cardinality(ARRAY[1, 2]),
       array_length('{}'::int[], 1), cardinality('{}'::int[]),
       array_lower(ARRAY[5, 6], 1), array_upper(ARRAY[5, 6], 1);
SELECT array_append(ARRAY[1, 2], 3), array_prepend(0, ARRAY[1]),
       array_cat(ARRAY[1], ARRAY[2, 3]), ARRAY[1] || 2, 0 || ARRAY[1],
       ARRAY[1] || ARRAY[2];
SELECT array_position(ARRAY['a', 'b', 'c'], 'b'), array_position(ARRAY[1], 9),
       array_remove(ARRAY[1, 2, 1], 1), array_replace(ARRAY[1, 2, 1], 1, 9);
SELECT array_to_string(ARRAY[1, NULL, 3], ','), array_to_string(ARRAY[1, NULL, 3], ',', '*'),
       string_to_array('1-2-3', '-')::int[], string_to_array('', ',');
SELECT ARRAY[1, 2] = ARRAY[1, 2], ARRAY[1, 2] < ARRAY[1, 3], ARRAY[1, 2] < ARRAY[1, 2, 0],
       ARRAY[1, 2] @> ARRAY[2], ARRAY[1] <@ ARRAY[1, 2], ARRAY[1, 2] && ARRAY[2, 5];
SELECT 2 = ANY (ARRAY[1, 2]), 3 = ALL (ARRAY[3, 3]), 'b' = ANY ('{a,b}'::text[]),
       5 > ALL ('{}'::int[]), NULL = ANY (ARRAY[1]), 1 = ANY (ARRAY[1, NULL]);
SELECT ARRAY['b', 'a']::text[], '{1,2}'::bigint[], ARRAY[1, 2]::text[],
       ARRAY['1', '2']::int[];
SELECT unnest(ARRAY[3, 1, 2]) AS x ORDER BY x;
SELECT x FROM unnest(ARRAY['b', 'a', NULL]) AS x ORDER BY x;
SELECT * FROM unnest(ARRAY[10, 20]) WITH ORDINALITY AS t(v, n) ORDER BY n;
SELECT '{1,2'::int[];
SELECT ARRAY[1, 'x'];
SELECT ARRAY[1, 2] || ARRAY['a'];
SELECT 'still here' AS status;
CREATE TABLE arr (id int, tags text[], nums int[]);
INSERT INTO arr VALUES (1, '{red,green}', '{1,2,3}'), (2, ARRAY['blue'], ARRAY[]::int[]),
  (3, NULL, '{4,NULL}');
SELECT * FROM arr ORDER BY id;
SELECT id, tags[1], nums[2], array_length(nums, 1), cardinality(nums) FROM arr ORDER BY id;
SELECT id FROM arr WHERE 'red' = ANY (tags) ORDER BY id;
SELECT id FROM arr WHERE tags @> '{blue}' ORDER BY id;
SELECT id FROM arr WHERE nums = '{}' ORDER BY id;
UPDATE arr SET tags = array_append(tags, 'new') WHERE id = 2;
UPDATE arr SET tags = tags || '{x,y}'::text[] WHERE id = 3;
SELECT id, tags, nums FROM arr ORDER BY id;
SELECT id, unnest(tags) AS tag FROM arr ORDER BY id, tag;
SELECT array_agg(id ORDER BY id DESC), array_agg(tags[1] ORDER BY id) FROM arr;
SELECT tags FROM arr ORDER BY tags NULLS FIRST;
INSERT INTO arr (id, nums) VALUES (4, '{1,two}');
INSERT INTO arr (id, nums) VALUES (5, ARRAY[2147483648]);
