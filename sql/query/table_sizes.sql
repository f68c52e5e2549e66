-- table_sizes: estimated row count of each table in an attached database.
-- params: $database VARCHAR
SELECT table_name, estimated_size AS rows
FROM duckdb_tables()
WHERE database_name = $database AND schema_name = 'main'
ORDER BY estimated_size DESC;
