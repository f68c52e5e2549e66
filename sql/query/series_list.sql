-- series_list: series in analysis_scope that have a metric and match the search text, with a summary.
-- params: $metric VARCHAR, $search VARCHAR ('' = all), $limit INTEGER
SELECT
  w.series_key, w.label, s.points, epoch_ms(s.first_ts) AS first_ts, epoch_ms(s.last_ts) AS last_ts,
  s.last_value, s.min_value, s.max_value
FROM series_summary s
JOIN analysis_scope w USING (series_id)
WHERE s.metric_id = (SELECT metric_id FROM metric_info WHERE metric = $metric)
  AND ($search = '' OR contains(lower(w.label), lower($search)))
ORDER BY w.label
LIMIT $limit::INTEGER;
