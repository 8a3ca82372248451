SELECT j->'a'->>'b', j #> '{a,b}', j @> '{}', j ? 'k', arr[1], arr[1:2], arr[:3], ARRAY[[1,2],[3,4]], ROW(1, 2), (r).f;
