-- upsert_metric_info: add a metric's unit and direction, with the next free id, unless the metric is known.
-- params: $metric VARCHAR, $unit VARCHAR, $direction VARCHAR ('higher' | 'lower')
INSERT INTO metric_info
SELECT $metric, (SELECT coalesce(max(metric_id), 0) + 1 FROM metric_info), $unit, $direction
WHERE NOT EXISTS (SELECT 1 FROM metric_info WHERE metric = $metric);
