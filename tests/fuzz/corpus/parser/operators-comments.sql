SELECT 1 *-2, a @- b, a +/* c */ b, a !~~* b, a <-> b, |/ 4, @ -1, a OPERATOR(pg_catalog.+) b /* nested /* comment */ */ -- end
;
