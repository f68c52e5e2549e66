-- table_columns: the tables and columns of an attached database.
-- params: $database VARCHAR
SELECT table_name, column_name, data_type
FROM duckdb_columns()
WHERE database_name = $database AND schema_name = 'main'
ORDER BY table_name, column_index;
