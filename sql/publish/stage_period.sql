-- stage_period: one calendar period's measurements as a partition's columns, ordered by series, metric and time
-- (a series view then fetches only the row groups whose series_id range holds it). Staged as a table so DuckDB's
-- Parquet writer cuts row groups at exactly the requested size (from a sort it may merge them).
-- params: $granularity VARCHAR ('month' | 'quarter' | 'year'), $period VARCHAR (as period_fingerprints names it)
-- slots: {{staged}} table to create
CREATE TEMP TABLE {{staged}} AS
SELECT series_id::BIGINT AS series_id, metric_id::INTEGER AS metric_id, ts::TIMESTAMP_MS AS ts, value::DOUBLE AS value,
       n_samples::INTEGER AS n_samples, git_commit::VARCHAR AS git_commit, branch::VARCHAR AS branch,
       version_tag::VARCHAR AS version_tag, environment_hash::VARCHAR AS environment_hash,
       run_group_id::VARCHAR AS run_group_id, result_id::BIGINT AS result_id
FROM measurements
WHERE CASE $granularity WHEN 'month' THEN strftime(ts, '%Y-%m') WHEN 'quarter' THEN year(ts) || '-Q' || quarter(ts) ELSE year(ts)::VARCHAR END = $period
ORDER BY series_id, metric_id, ts;
