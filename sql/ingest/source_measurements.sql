-- source_measurements: one source's canonical rows with their series and metric ids. Materialised in one pass,
-- unsorted (sorting 1 M wide rows took 4 s in DuckDB-WASM; the analyses sort only the few columns they read),
-- without the dimension columns (they cost 40 % of this step; the series list reads them from the source, once
-- per series). A remote database is read here through range requests for the tables and columns used.
-- slots: {{target}}, {{source_id}} integer literal, {{keyed}} the keyed view
CREATE OR REPLACE TABLE {{target}} AS
SELECT
  {{source_id}}::INTEGER AS source_id, r.series_id, mi.metric_id, r.ts, r.metric, r.value, r.n_samples,
  r.git_commit, r.branch, r.version_tag, r.environment_hash, r.run_group_id, r.result_id
FROM {{keyed}} r
JOIN metric_info mi ON mi.metric = r.metric
WHERE r.value IS NOT NULL AND r.ts IS NOT NULL AND isfinite(r.value);
