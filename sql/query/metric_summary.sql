-- metric_summary: each metric present in the data with its unit, direction and how much data it has.
SELECT i.metric, coalesce(i.unit, '') AS unit, i.direction, sum(s.points)::BIGINT AS rows, count(DISTINCT s.series_id) AS series
FROM series_summary s
JOIN metric_info i USING (metric_id)
GROUP BY i.metric, i.unit, i.direction
ORDER BY i.metric;
