-- canonical_measurements: the empty table that fixes the column types of the `measurements` view.
-- One row per (series, timestamp, metric): the value, how many raw samples it summarises, and attribution. The
-- series' key, label and dimensions are in series / series_dims (join on series_id); raw samples are in the
-- `samples` view (a list column cost 1.2 s of a 1.8 s load of 1 M rows even when empty, so it lives apart).
-- spread: the ± half-width the data reports for the value, in its unit (a data.js `range`); NULL where none (only
-- sources that have any carry the column; the view's UNION ALL BY NAME gives the others NULL).
CREATE TABLE IF NOT EXISTS canonical_measurements (
  source_id INTEGER,
  series_id BIGINT,
  metric_id INTEGER,
  ts TIMESTAMP,
  metric VARCHAR,
  value DOUBLE,
  n_samples INTEGER,
  spread DOUBLE,
  git_commit VARCHAR,
  branch VARCHAR,
  version_tag VARCHAR,
  environment_hash VARCHAR,
  run_group_id VARCHAR,
  result_id BIGINT
);
