-- metrics: the metrics present, with id, unit and better direction, for a published summary.
SELECT i.metric, i.metric_id, i.unit, i.direction
FROM metric_info i
WHERE i.metric_id IN (SELECT DISTINCT metric_id FROM series_summary)
ORDER BY i.metric_id;
