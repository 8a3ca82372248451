-- deparse: CHECK constraints and column defaults as pg_get_constraintdef
-- and pg_get_expr print them (PostgreSQL's deparsing of the analyzed
-- expression: parentheses, casts on constants, BETWEEN and IN rewritten),
-- in both the plain and the pretty form psql's \d uses.
CREATE TABLE dp_num (
    id serial PRIMARY KEY,
    score numeric CHECK (score >= 0),
    qty int CHECK (qty > 0 AND qty < 1000),
    big bigint DEFAULT 5 CHECK (big <> 7),
    price numeric(10,2) DEFAULT 1.5 CHECK (price BETWEEN 1 AND 100),
    ratio float8 DEFAULT 0.5 CHECK (ratio < 1.5),
    neg int DEFAULT -1 CHECK (neg > -10),
    calc int CHECK (calc + 1 > 2 * 3),
    prec int CHECK ((prec - 1) * 2 < 10 - prec),
    cast_e int CHECK (cast_e::numeric > 1.25),
    nb int CHECK (nb NOT BETWEEN 3 AND 5),
    inl int CHECK (inl IN (1, 2, 3)),
    ninl int CHECK (ninl NOT IN (4, 5)),
    co int CHECK (COALESCE(co, 0) >= 0),
    ca int CHECK (CASE WHEN ca > 10 THEN ca < 100 ELSE true END)
);
CREATE TABLE dp_text (
    id int PRIMARY KEY,
    name text DEFAULT 'anon' CHECK (name <> ''),
    code varchar(10) DEFAULT 'abc' CHECK (length(code) > 1),
    tag text CHECK (tag LIKE 'a%'),
    ntag text CHECK (ntag NOT LIKE 'b%'),
    itag text CHECK (itag ILIKE 'c%'),
    low text CHECK (lower(low) = low),
    cat text CHECK (cat || 'x' <> 'yx'),
    tin text CHECK (tin IN ('a', 'b')),
    nn text CHECK (nn IS NOT NULL),
    isn text CHECK (isn IS NULL OR isn <> 'z'),
    upp text DEFAULT upper('q'),
    vc varchar(20) CHECK (vc <> 'none' AND vc LIKE '_%'),
    vc2 varchar(5) CHECK (vc2::varchar(3) = 'abc'),
    quo text DEFAULT 'it''s' CHECK (quo <> 'x''y'),
    gl text CHECK (greatest(gl, 'a') = least(gl, 'z'))
);
CREATE TABLE dp_misc (
    id int PRIMARY KEY,
    active boolean DEFAULT true CHECK (active),
    flag boolean DEFAULT false CHECK (NOT flag),
    f2 boolean CHECK (f2 IS NOT TRUE),
    d date DEFAULT '2020-01-01' CHECK (d > '2000-01-01'),
    ts timestamp DEFAULT now(),
    tstz timestamptz DEFAULT CURRENT_TIMESTAMP,
    cd date DEFAULT CURRENT_DATE,
    a int,
    b int,
    CONSTRAINT ab_order CHECK (a < b OR a IS NULL OR b IS NULL),
    CONSTRAINT ab_mix CHECK ((a > 0 AND b > 0) OR (a < 0 AND b < 0)),
    CONSTRAINT ab_not CHECK (NOT (a = 1 AND b = 2)),
    CONSTRAINT ab_distinct CHECK (a IS DISTINCT FROM b),
    CONSTRAINT ab_nullif CHECK (NULLIF(a, b) IS NULL OR a > b),
    CONSTRAINT ab_notdistinct CHECK (a IS NOT DISTINCT FROM b OR a IS NULL),
    CONSTRAINT ab_arith CHECK (a - (b - 1) > a * b + 1 AND (a + b) * 2 <> a / (b + 1)),
    CONSTRAINT ab_minus CHECK (-a < 100 AND a % 7 <> 3),
    CONSTRAINT ab_cast CHECK ((a + b)::numeric > 0.5),
    CONSTRAINT ab_in_vars CHECK (a IN (b, 1, 2)),
    CONSTRAINT ab_in_one CHECK (a NOT IN (b, 3)),
    CONSTRAINT ab_case CHECK (CASE WHEN a > 0 THEN b > 0 WHEN a < 0 THEN b < 0 END),
    CONSTRAINT ab_or_and CHECK (a > 0 OR (b > 0 OR a = b) AND NOT (b = 5 OR a = 5))
);
CREATE TABLE dp_def (
    id int PRIMARY KEY,
    sum_d bigint DEFAULT 1 + 1,
    later timestamptz DEFAULT now() + interval '1 day',
    arr int[] DEFAULT ARRAY[1, 2],
    js jsonb DEFAULT '{}',
    cnt numeric DEFAULT 0,
    txt text DEFAULT 'a' || 'b',
    big8 bigint DEFAULT 12345678901,
    fl float8 DEFAULT -2.5,
    nul int DEFAULT NULL,
    i15 int DEFAULT 1.5,
    tx5 text DEFAULT 5,
    vct varchar(3) DEFAULT 'ab'::text,
    bo boolean DEFAULT 't',
    iv interval DEFAULT '1 day',
    ex int DEFAULT (2 + 3) * 4,
    co text DEFAULT COALESCE(NULL, 'z')
);
CREATE TABLE dp_more (
    id int PRIMARY KEY,
    a int[] CHECK (a[1] > 0),
    u text DEFAULT CURRENT_USER,
    d date CHECK (EXTRACT(year FROM d) > 2000),
    s int CHECK (CASE s WHEN 1 THEN true WHEN 2 THEN false ELSE s > 10 END),
    sn numeric CHECK (CASE sn WHEN 1 THEN 'one' ELSE 'other' END <> 'x'),
    v varchar(5) CHECK (v || 'x' <> 'ax'),
    t timestamptz DEFAULT CURRENT_TIMESTAMP(3),
    j jsonb CHECK (j ->> 'k' IS NOT NULL),
    j2 jsonb CHECK (j2 -> 'a' ->> 'b' <> 'x' AND (j2 ->> 'c') || 'd' <> 'e' AND (j2 -> 'a') - 'b' <> '{}'),
    n numeric(5,2) DEFAULT 1,
    b bigint CHECK (b > 10000000000),
    r real CHECK (r > 0.5),
    w text CHECK (w ~ '^a'),
    x int CHECK (x > 0) NOT NULL
);
SELECT c.relname, conname, pg_get_constraintdef(k.oid), pg_get_constraintdef(k.oid, true)
  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
 WHERE c.relname LIKE 'dp\_%' AND k.contype = 'c'
 ORDER BY c.relname, conname;
SELECT c.relname, a.attname, pg_get_expr(d.adbin, d.adrelid), pg_get_expr(d.adbin, d.adrelid, true)
  FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid
  JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
 WHERE c.relname LIKE 'dp\_%'
 ORDER BY c.relname, a.attnum;
