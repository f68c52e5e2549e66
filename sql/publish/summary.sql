-- summary: per series and metric, points, time span and values, for a published summary.
SELECT series_id, metric_id, points, epoch_ms(first_ts) AS first_ts, epoch_ms(last_ts) AS last_ts, last_value, min_value, max_value
FROM series_summary
ORDER BY series_id, metric_id;
