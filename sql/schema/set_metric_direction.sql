-- set_metric_direction: the user says which way is better for a metric.
-- params: $direction VARCHAR ('higher' | 'lower'), $metric VARCHAR
UPDATE metric_info SET direction = $direction WHERE metric = $metric;
