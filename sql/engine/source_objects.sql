-- source_objects: the tables and views whose names start with a source's prefix (src_N_), to drop them all,
-- also those of a load that failed half-way.
-- params: $prefix VARCHAR
SELECT table_name, table_type
FROM information_schema.tables
WHERE table_catalog = current_database() AND starts_with(table_name, $prefix);
