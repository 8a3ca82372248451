-- Window functions: the ranking functions and aggregates over partitions
-- and orders (the default frame: up to the current row's last peer),
-- with ties, NULLs and descending keys, several windows in one query, in
-- subqueries and ORDER BY, over groups, and the errors for window
-- functions where PostgreSQL refuses them.
create table w (g int, v int, s text);
insert into w values (1, 10, 'a'), (1, 20, 'b'), (1, 20, 'c'), (2, 5, 'd'), (2, null, 'e'), (null, 1, 'f'), (3, 7, 'g');
select g, v, row_number() over (partition by g order by v), rank() over (partition by g order by v), dense_rank() over (partition by g order by v) from w order by g, v, s;
select s, row_number() over (order by v desc nulls last, s) from w order by s;
select s, rank() over (order by g nulls first) from w order by s;
select s, row_number() over () > 0 as numbered from w order by s;
select s, dense_rank() over (partition by g) from w order by s;
select * from (select s, row_number() over (partition by g order by s desc) as rn from w) x where rn = 1 order by s;
select s from w order by row_number() over (order by s desc) limit 3;
select s, row_number() over (order by v) + 100 as r from w where v > 5 order by r;
select s, row_number() over w1 from w window w1 as (order by s);
-- aggregates over windows, several windows in one query
select s, g, v, count(*) over (), sum(v) over (partition by g), sum(v) over (order by v), count(v) over (partition by g order by v), avg(v) over (partition by g), row_number() over (order by s desc) from w order by s;
select s, count(*) filter (where v > 5) over (order by s), string_agg(s, ',') over (partition by g order by s desc), max(v) over (partition by g order by s) from w order by s;
select s, min(s) over w1, max(s) over w1, rank() over w1 from w window w1 as (partition by g order by v) order by s;
select s, sum(v) over (partition by g order by v rows between unbounded preceding and current row) from w order by s;
select s, sum(v) over (order by v range between unbounded preceding and unbounded following), count(*) over (rows between unbounded preceding and current row) > 0 from w order by s;
select s, count(distinct v) over () from w;
-- over groups: the window reads the groups' keys and aggregates
select g, count(*), rank() over (order by count(*) desc, g) from w group by g order by g;
select g, rank() over (partition by max(v) order by g) from w group by g order by g;
select count(*), row_number() over () from w;
select g, sum(v), dense_rank() over (order by sum(v)) from w group by g having count(*) > 1 order by 1;
select g, rank() over (order by v) from w group by g;
select * from w where row_number() over () > 1;
select g, sum(v) from w group by g having rank() over () > 1;
select row_number() over (order by row_number() over ()) from w;
select count(row_number() over ()) from w;
select row_number(1) over () from w;
select length(s) over () from w;
-- a named window copying another, itself copied by a call
select g, v, sum(v) over w2, count(*) over (w2 rows between unbounded preceding and current row)
  from w window w1 as (partition by g), w2 as (w1 order by v, s) order by g, v, s;
select g, v, rank() over w3 from w window w1 as (partition by g), w2 as (w1), w3 as (w2 order by v desc)
  order by g, v desc, s;
select sum(v) over w2 from w window w2 as (w1 order by v), w1 as (partition by g);
select sum(v) over (w1 order by v) from w window w1 as (partition by g order by s);
