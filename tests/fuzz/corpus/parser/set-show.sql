SET search_path TO a, b; SET LOCAL statement_timeout = 5; SET TIME ZONE 'UTC'; SHOW ALL; RESET ALL; SHOW TABLES; DESCRIBE t;
