-- canonical_measurements: the empty table that fixes the column types of the `measurements` view.
-- One row per (series, timestamp, metric): the value, its raw samples when known, and attribution.
CREATE TABLE IF NOT EXISTS canonical_measurements (
  source_id INTEGER,
  series_key VARCHAR,
  ts TIMESTAMP,
  metric VARCHAR,
  value DOUBLE,
  n_samples INTEGER,
  samples DOUBLE[],
  git_commit VARCHAR,
  branch VARCHAR,
  version_tag VARCHAR,
  environment_hash VARCHAR,
  run_group_id VARCHAR,
  result_id BIGINT
);
