SELECT t.*, s.t.c, "Mixed"."Case" FROM s.t AS t(a, b);
