-- types_datetime: date, time, timestamp, timestamptz and interval: input
-- forms, output, arithmetic, comparison, date_trunc, extract/date_part,
-- to_char/to_date/to_timestamp, time zones, DateStyle and interval field
-- qualifiers. now() is only compared, never printed.
SET TimeZone = 'UTC';
SHOW TimeZone;
SHOW DateStyle;
-- input and output
SELECT '2024-03-15'::date, date '2000-02-29', '20240315'::date,
       'March 15, 2024'::date, '03/15/2024'::date, '2024-3-5'::date;
SELECT '12:34:56'::time, '23:59:59.999'::time, time '01:02', '1:02 pm'::time,
       'allballs'::time;
SELECT '2024-03-15 10:20:30'::timestamp, '2024-03-15 10:20:30.123456'::timestamp,
       timestamp '2024-01-01', '2024-03-15T10:20:30'::timestamp;
SELECT '2024-03-15 10:20:30+02'::timestamptz, '2024-03-15 10:20:30'::timestamptz,
       timestamptz '2024-06-01 00:00:00 UTC', '2024-03-15T10:20:30Z'::timestamptz,
       '2024-03-15T10:20:30.5-03:30'::timestamptz;
SELECT '1 day'::interval, '2 hours 30 minutes'::interval,
       interval '1 year 2 months 3 days', '90 seconds'::interval,
       '-1 day'::interval, '1.5 hours'::interval;
SELECT interval '1 day 02:03:04', interval 'P1Y2M3DT4H5M6S', interval '100 days',
       interval '0', interval '-1 hour -30 minutes', interval '1 mon -1 day';
SELECT '2024-03-15 10:20:30.987654'::timestamp(0), '10:20:30.123456'::time(2),
       '2024-03-15 10:20:30.987654'::timestamptz(3);
SELECT 'infinity'::timestamp, '-infinity'::date, 'epoch'::timestamp,
       'epoch'::timestamptz;
SELECT '2023-02-29'::date;
SELECT 'garbage'::date;
SELECT '25:00'::time;
SELECT '2024-13-01 00:00'::timestamp;
SELECT '1 fortnight'::interval;
SELECT 'still here' AS status;
-- arithmetic
SELECT '2024-03-15'::date + 1, '2024-03-15'::date - 30,
       '2024-03-15'::date - '2024-01-01'::date, date '2024-01-01' + time '10:30';
SELECT '12:00'::time + interval '90 minutes', '00:30'::time - interval '1 hour',
       '10:00'::time - '08:15'::time;
SELECT interval '1 day' * 3, interval '1 hour' / 2, interval '1 day' + interval '2 hours',
       -interval '1 week', interval '1 month' * 1.5;
SELECT '2024-01-31'::date + interval '1 month', '2024-02-29'::date + interval '1 year',
       '2024-03-15 10:00'::timestamp - interval '1 day 2 hours';
SELECT '2024-03-15 10:00'::timestamp - '2024-03-14 08:30'::timestamp,
       timestamptz '2024-03-15 00:00+00' - timestamptz '2024-03-14 00:00+05';
SELECT age(timestamp '2024-03-15', timestamp '2020-01-10'),
       age(date '2024-03-01', date '2024-02-28');
SELECT justify_hours(interval '27 hours'), justify_days(interval '35 days'),
       justify_interval(interval '1 mon -1 hour');
-- comparison
SELECT '2024-03-15'::date < '2024-03-16'::date,
       timestamp '2024-03-15 00:00' = date '2024-03-15',
       '10:00'::time > '09:59:59'::time,
       timestamptz '2024-03-15 12:00+02' = timestamptz '2024-03-15 10:00Z';
SELECT interval '1 day' = interval '24 hours', interval '1 month' = interval '30 days',
       interval '1 mon' > interval '29 days', interval '1 year' = interval '12 months';
SELECT 'infinity'::timestamp > '2999-01-01'::timestamp, '-infinity'::date < '0001-01-01'::date;
-- date_trunc
SELECT date_trunc('month', timestamp '2024-03-15 10:20:30'),
       date_trunc('hour', timestamp '2024-03-15 10:20:30'),
       date_trunc('year', timestamptz '2024-03-15 10:20:30+00'),
       date_trunc('day', date '2024-03-15');
SELECT date_trunc('week', timestamp '2024-03-15 10:20:30'),
       date_trunc('minute', timestamp '2024-03-15 10:20:30.5'),
       date_trunc('second', timestamp '2024-03-15 10:20:30.5'),
       date_trunc('quarter', timestamp '2024-08-15');
SELECT date_trunc('fortnight', timestamp '2024-03-15');
-- extract and date_part
SELECT extract(year FROM date '2024-03-15'), extract(month FROM timestamp '2024-03-15 10:20:30'),
       extract(day FROM timestamp '2024-03-15 10:20:30'),
       extract(hour FROM timestamp '2024-03-15 10:20:30'),
       extract(minute FROM time '10:20:30'),
       extract(second FROM timestamp '2024-03-15 10:20:30.25');
SELECT extract(dow FROM date '2024-03-15'), extract(isodow FROM date '2024-03-17'),
       extract(doy FROM date '2024-03-15'), extract(week FROM date '2024-03-15'),
       extract(quarter FROM date '2024-08-01'), extract(century FROM date '2024-01-01');
SELECT extract(epoch FROM timestamp '2024-01-01 00:00:00'),
       extract(epoch FROM timestamptz '1970-01-02 00:00:00+00'),
       extract(epoch FROM interval '1 day 1 second'),
       extract(day FROM interval '40 days 3 hours'),
       extract(hour FROM interval '40 days 3 hours');
SELECT date_part('year', date '2024-03-15'), date_part('epoch', timestamp '1970-01-01 00:01:00'),
       date_part('month', interval '14 months');
-- to_char, to_date, to_timestamp, make_*
SELECT to_char(timestamp '2024-03-05 14:07:09', 'YYYY-MM-DD HH24:MI:SS'),
       to_char(date '2024-03-05', 'DD/MM/YYYY'),
       to_char(timestamp '2024-03-05 14:07:09', 'HH12:MI AM'),
       to_char(date '2024-03-05', 'Mon DD, YYYY');
SELECT to_char(date '2024-03-05', 'Day') || '|', to_char(date '2024-03-05', 'FMDay') || '|',
       to_char(date '2024-03-05', 'FMMonth DD'), to_char(date '2024-03-05', 'YY-Q-WW-DDD');
SELECT to_char(timestamp '2024-03-05 14:07:09.5', 'YYYYMMDD"T"HH24MISS.MS'),
       to_char(timestamptz '2024-03-05 14:07:09+00', 'YYYY-MM-DD HH24:MI TZ'),
       to_char(interval '25 hours 3 minutes', 'HH24:MI');
SELECT to_char(1234.5, '9999.99'), to_char(42, '000'), to_char(-12.3, 'FM990.00');
SELECT to_date('05 Mar 2024', 'DD Mon YYYY'), to_date('20240305', 'YYYYMMDD'),
       to_timestamp('2024-03-05 14:07', 'YYYY-MM-DD HH24:MI'), to_timestamp(0);
SELECT make_date(2024, 2, 29), make_time(8, 15, 23.5),
       make_timestamp(2024, 1, 2, 3, 4, 5.5), make_interval(0, 0, 0, 10);
SELECT make_date(2023, 2, 29);
-- time zones
SELECT timestamp '2024-03-15 10:00' AT TIME ZONE 'America/New_York',
       timestamptz '2024-03-15 10:00+00' AT TIME ZONE 'Asia/Tokyo',
       timestamptz '2024-07-01 12:00+00' AT TIME ZONE 'Europe/Paris';
SET TimeZone = 'America/Sao_Paulo';
SHOW TimeZone;
SELECT timestamptz '2024-03-15 10:00:00+00', '2024-03-15 10:00'::timestamptz,
       '2024-03-15 10:00'::timestamptz::timestamp, timestamp '2024-03-15 10:00'::timestamptz;
SET TIME ZONE 'Europe/Paris';
SELECT timestamptz '2024-01-15 12:00Z', timestamptz '2024-07-15 12:00Z',
       date_trunc('day', timestamptz '2024-07-15 23:30Z');
SET TimeZone = 'UTC';
SELECT timestamptz '2024-07-15 12:00+02';
-- DateStyle: the output style and the field order, set together or apart
SET DateStyle = 'SQL, DMY';
SHOW DateStyle;
SELECT date '2024-03-05', timestamp '2024-03-05 14:07:09.5',
       timestamptz '2024-03-05 14:07:09+00', '05/03/2024'::date, '01/02/03'::date;
SET DateStyle = 'Postgres';
SHOW DateStyle;
SELECT date '2024-03-05', timestamp '2024-03-05 14:07:09',
       timestamptz '2024-03-05 14:07:09+00', date '0044-03-15 BC', 'infinity'::timestamp;
SET DateStyle = 'MDY';
SELECT timestamp '2024-03-05 14:07:09', '05/03/2024'::date;
SET DateStyle = 'German';
SHOW DateStyle;
SELECT date '2024-03-05', timestamptz '2024-03-05 14:07:09+00', '05.03.2024'::date;
SET DateStyle = 'ISO, YMD';
SELECT '24/03/05'::date, '05-Mar-24'::date, 'Mar 05 24'::date, '2024/03/05'::date;
SET DateStyle = 'Euro';
SHOW DateStyle;
SET DateStyle = 'ISO, SQL';
SET DateStyle = 'ISO DMY';
SET DateStyle = 'Sideways';
RESET DateStyle;
SHOW DateStyle;
SELECT '13/01/2024'::date;
SET DateStyle = 'SQL';
SET TimeZone = 'America/Sao_Paulo';
SELECT timestamptz '2024-03-05 14:07:09+00';
SET TimeZone = 5;
SELECT timestamptz '2024-03-05 14:07:09+00';
SET TimeZone = -3.5;
SELECT timestamptz '2024-03-05 14:07:09+00';
SELECT to_json(date '2024-03-05'), to_jsonb(timestamp '2024-03-05 14:07:09');
RESET DateStyle;
SET TimeZone = 'UTC';
-- interval fields
SELECT interval '2' hour, '1 2'::interval day to hour,
       '1 day 2:03:04.5678'::interval hour to minute,
       interval '1:2:3.4567' hour to second(2), interval '3-2' year to month,
       '400 days'::interval year;
CREATE TABLE ivs (a interval hour to minute, b interval second(1));
INSERT INTO ivs VALUES ('1 day 2:03:04', '4.56 seconds');
SELECT * FROM ivs;
-- one instant is one key, whatever the session's time zone and DateStyle
CREATE TABLE tk (t timestamptz PRIMARY KEY, n int);
INSERT INTO tk VALUES ('2024-03-05 12:00+00', 1);
SET TimeZone = 'Asia/Tokyo';
INSERT INTO tk VALUES ('2024-03-05 21:00', 2);
INSERT INTO tk VALUES ('2024-03-05 22:00', 3);
SET DateStyle = 'SQL, DMY';
SELECT * FROM tk ORDER BY t;
SELECT n FROM tk WHERE t = '05/03/2024 13:00 UTC';
RESET DateStyle;
SET TimeZone = 'UTC';
-- the SQL value functions with a precision: only compared
SELECT current_timestamp(0) <= now() + interval '1 second' AS a,
       localtimestamp(2) IS NOT NULL AS b, current_time(1) IS NOT NULL AS c,
       localtime(0) IS NOT NULL AS d;
-- stored values
CREATE TABLE ev (id int, d date, ts timestamp, tz timestamptz, dur interval, t time);
INSERT INTO ev VALUES
  (1, '2024-01-01', '2024-01-01 08:00', '2024-01-01 08:00+00', '1 hour', '08:00'),
  (2, '2023-12-31', '2023-12-31 23:59:59', '2024-01-01 01:00+05', '2 days 3 hours', '23:59:59'),
  (3, NULL, NULL, NULL, NULL, NULL),
  (4, '2024-02-29', '2024-02-29 12:00:00.5', '2024-02-29 12:00:00.5-01', '-30 minutes', '12:00:00.5');
SELECT * FROM ev ORDER BY id;
SELECT id, d + 7 AS week_later, ts + dur AS ts_end, tz - dur AS tz_start, t + dur AS t_end
  FROM ev ORDER BY id;
SELECT id FROM ev ORDER BY ts DESC NULLS LAST;
SELECT id, tz FROM ev ORDER BY tz;
SELECT id, dur FROM ev ORDER BY dur NULLS FIRST;
SELECT min(d), max(ts), min(tz), sum(dur), avg(dur) FROM ev;
SELECT date_trunc('day', ts) AS day, count(*) FROM ev WHERE ts IS NOT NULL
  GROUP BY 1 ORDER BY 1;
SELECT id, extract(year FROM d) AS y, to_char(ts, 'YYYY-MM') AS ym FROM ev ORDER BY id;
SELECT ts::date, tz::timestamp, d::timestamp, ts::time, ts::text FROM ev WHERE id = 4;
SELECT id FROM ev WHERE ts BETWEEN '2024-01-01' AND '2024-03-01' ORDER BY id;
SELECT id FROM ev WHERE d > '2024-01-01'::date - 1 ORDER BY id;
INSERT INTO ev (id, d) VALUES (5, '2024-02-30');
INSERT INTO ev (id, ts) VALUES (6, 'yesterday-ish');
-- current time: only compared, never shown
SELECT now() IS NOT NULL AS a, current_date IS NOT NULL AS b,
       current_timestamp > timestamptz '2000-01-01' AS c,
       clock_timestamp() >= now() AS d, localtimestamp IS NOT NULL AS e,
       now() = current_timestamp AS f, current_time IS NOT NULL AS g;
BEGIN;
SELECT now() = transaction_timestamp() AS same_in_transaction;
COMMIT;
SELECT 'today'::date = current_date, 'now'::timestamptz <= now() + interval '1 minute';
