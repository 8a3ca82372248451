INSERT INTO t (a, b) VALUES (1, DEFAULT), (2, 'x') RETURNING *, a + 1 AS n;
