-- seed_table_sizes: estimated row counts of the seed's main tables in an attached database (estimates: a cheap
-- first look before counting exactly).
-- params: $database VARCHAR alias
SELECT table_name, estimated_size AS n
FROM duckdb_tables()
WHERE database_name = $database AND table_name IN ('performance_results', 'models', 'hardware_platforms');
