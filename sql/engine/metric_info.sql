-- metric_info: every known metric with its id, unit ('' when unknown) and which way is better.
SELECT metric, metric_id, coalesce(unit, '') AS unit, direction FROM metric_info;
