-- canonical_samples: the empty table that fixes the column types of the `samples` view: the raw
-- per-iteration samples behind a measurement, for the sources that have them.
CREATE TABLE IF NOT EXISTS canonical_samples (series_id BIGINT, metric_id INTEGER, ts TIMESTAMP, samples DOUBLE[]);
