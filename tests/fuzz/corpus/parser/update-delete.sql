UPDATE t SET a = a + 1, b = DEFAULT FROM u WHERE t.id = u.id RETURNING a; DELETE FROM ONLY t AS x USING u WHERE x.id = u.id;
