-- upsert_metric_info: add a metric's unit and direction unless the metric is already known.
-- params: $metric VARCHAR, $unit VARCHAR, $direction VARCHAR ('higher' | 'lower')
INSERT INTO metric_info VALUES ($metric, $unit, $direction) ON CONFLICT DO NOTHING;
