-- table_columns: the tables and columns of an attached database.
-- params: $database VARCHAR
SELECT table_name, column_name, data_type
FROM information_schema.columns
WHERE table_catalog = $database AND table_schema = 'main'
ORDER BY table_name, ordinal_position;
