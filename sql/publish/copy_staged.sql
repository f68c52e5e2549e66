-- copy_staged: a staged partition (stage_period) to Parquet with DuckDB's own writer, row groups of a fixed size.
-- slots: {{staged}} staged table, {{file}} quoted output path, {{row_group_size}} rows per row group,
--        {{metadata}} quoted JSON for the 'perftrack' key-value metadata
COPY {{staged}} TO {{file}} (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE {{row_group_size}}, KV_METADATA {perftrack: {{metadata}}});
