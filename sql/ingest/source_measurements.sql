-- source_measurements: one source's rows in the exact column order of canonical_measurements.
-- Local sources are materialised sorted by series so filtered reads skip row groups; remote databases
-- stay a view so DuckDB fetches only the byte ranges a query needs.
-- slots: {{create}} 'TABLE' or 'VIEW', {{target}}, {{source_id}} integer literal, {{keyed}}, {{order}}
CREATE OR REPLACE {{create}} {{target}} AS
SELECT
  {{source_id}}::INTEGER AS source_id, series_key, ts, metric, value, n_samples, samples,
  git_commit, branch, version_tag, environment_hash, run_group_id, result_id
FROM {{keyed}}
WHERE value IS NOT NULL AND ts IS NOT NULL AND isfinite(value)
{{order}};
