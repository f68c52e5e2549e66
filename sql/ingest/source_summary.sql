-- source_summary: per series and metric of one source, how many points, their time span and the newest,
-- smallest and largest value. Computed once at load so the series list and the catalog never scan measurements.
-- slots: {{target}}, {{measurements}} the source's measurement table
CREATE OR REPLACE TABLE {{target}} AS
SELECT series_id, metric_id, count(*)::BIGINT AS points, min(ts) AS first_ts, max(ts) AS last_ts,
       arg_max(value, ts) AS last_value, min(value) AS min_value, max(value) AS max_value
FROM {{measurements}}
GROUP BY series_id, metric_id;
