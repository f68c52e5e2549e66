-- copy_staged: write one range of series of the period stage_period.sql staged to a Parquet file, as copy_period.sql
-- writes a whole period. The staged table is already in series, metric and time order and DuckDB keeps a table's
-- order when a query has no ORDER BY (preserve_insertion_order, on by default), so the file is written in that order
-- without sorting again; the filter on the sorted series ids reads only the table's blocks that hold the range.
-- params: $series_min BIGINT, $series_max BIGINT
-- slots: {{file}} quoted output path, {{row_group_size}} rows per row group, {{metadata}} quoted JSON for the 'perftrack' key
COPY (
  SELECT series_id::BIGINT AS series_id, metric_id::INTEGER AS metric_id, ts::TIMESTAMP_MS AS ts, value::DOUBLE AS value,
         n_samples::INTEGER AS n_samples, git_commit::VARCHAR AS git_commit, branch::VARCHAR AS branch,
         version_tag::VARCHAR AS version_tag, environment_hash::VARCHAR AS environment_hash,
         run_group_id::VARCHAR AS run_group_id, result_id::BIGINT AS result_id
  FROM publish_period
  WHERE series_id BETWEEN $series_min::BIGINT AND $series_max::BIGINT
) TO {{file}} (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE {{row_group_size}}, KV_METADATA {perftrack: {{metadata}}});
