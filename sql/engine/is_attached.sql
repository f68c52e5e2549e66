-- is_attached: whether a database is attached under this alias (one row if so).
-- params: $alias VARCHAR
SELECT database_name FROM duckdb_databases() WHERE database_name = $alias;
