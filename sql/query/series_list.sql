-- series_list: series in analysis_scope that have a metric and match the search text, with a summary.
-- params: $metric VARCHAR, $search VARCHAR ('' = all), $limit INTEGER
WITH wanted AS (
  SELECT series_id, series_key, label FROM analysis_scope
  WHERE $search = '' OR contains(lower(label), lower($search))
)
SELECT
  w.series_key, w.label, count(*) AS points,
  epoch_ms(min(m.ts)) AS first_ts, epoch_ms(max(m.ts)) AS last_ts,
  arg_max(m.value, m.ts) AS last_value, min(m.value) AS min_value, max(m.value) AS max_value
FROM measurements m
JOIN wanted w USING (series_id)
WHERE m.metric_id = (SELECT metric_id FROM metric_info WHERE metric = $metric)
GROUP BY w.series_key, w.label
ORDER BY w.label
LIMIT $limit::INTEGER;
