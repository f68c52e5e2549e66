-- copy_period: write the measurements of one calendar period and one range of series to a Parquet file with
-- DuckDB's own writer, ordered by series, metric and time (a series view then fetches only the row groups whose
-- series_id range holds it). Row groups are cut in whole vectors of 2048 rows; a short tail is merged into the
-- group before it.
-- params: $start_ms DOUBLE, $end_ms DOUBLE (the period's bounds, as period_fingerprints gives them), $series_min BIGINT, $series_max BIGINT
-- slots: {{file}} quoted output path, {{row_group_size}} rows per row group, {{metadata}} quoted JSON for the 'perftrack' key
COPY (
  SELECT series_id::BIGINT AS series_id, metric_id::INTEGER AS metric_id, ts::TIMESTAMP_MS AS ts, value::DOUBLE AS value,
         n_samples::INTEGER AS n_samples, git_commit::VARCHAR AS git_commit, branch::VARCHAR AS branch,
         version_tag::VARCHAR AS version_tag, environment_hash::VARCHAR AS environment_hash,
         run_group_id::VARCHAR AS run_group_id, result_id::BIGINT AS result_id
  FROM measurements
  WHERE ts >= epoch_ms($start_ms::BIGINT) AND ts < epoch_ms($end_ms::BIGINT)
    AND series_id BETWEEN $series_min::BIGINT AND $series_max::BIGINT
  ORDER BY series_id, metric_id, ts
) TO {{file}} (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE {{row_group_size}}, KV_METADATA {perftrack: {{metadata}}});
