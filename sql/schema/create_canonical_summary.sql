-- canonical_summary: the empty table that fixes the column types of the `series_summary` view.
CREATE TABLE IF NOT EXISTS canonical_summary (
  series_id BIGINT, metric_id INTEGER, points BIGINT, first_ts TIMESTAMP, last_ts TIMESTAMP,
  last_value DOUBLE, min_value DOUBLE, max_value DOUBLE
);
