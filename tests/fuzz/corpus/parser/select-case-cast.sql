SELECT CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END, CASE x WHEN 1 THEN 'one' END, a::int, CAST(b AS varchar(10)), int '5', interval '1 day' hour to second;
