-- source_measurements_view: source_measurements as a view, for a database native DuckDB reads where it is: each
-- query unpivots the rows it needs from the attached file (about 0.6 s per full scan of 10 M measurements here)
-- instead of holding a copy of every measurement in memory (4 s and several hundred MB at load).
-- slots: {{target}}, {{source_id}} integer literal, {{keyed}} the keyed view
CREATE OR REPLACE VIEW {{target}} AS
SELECT
  {{source_id}}::INTEGER AS source_id, r.series_id, mi.metric_id, r.ts, r.metric, r.value, r.n_samples,
  r.git_commit, r.branch, r.version_tag, r.environment_hash, r.run_group_id, r.result_id
FROM {{keyed}} r
JOIN metric_info mi ON mi.metric = r.metric
WHERE r.value IS NOT NULL AND r.ts IS NOT NULL AND isfinite(r.value);
