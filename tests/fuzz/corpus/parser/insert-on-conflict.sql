INSERT INTO t AS x VALUES (1) ON CONFLICT (a, lower(b)) WHERE a > 0 DO UPDATE SET b = EXCLUDED.b, (c, d) = (1, 2) WHERE x.a <> 1;
