-- series_list: series in analysis_scope that have a metric and match the search text, with a summary.
-- params: $metric VARCHAR, $search VARCHAR ('' = all), $limit INTEGER
SELECT
  c.series_key, c.label, count(*) AS points,
  epoch_ms(min(m.ts)) AS first_ts, epoch_ms(max(m.ts)) AS last_ts,
  arg_max(m.value, m.ts) AS last_value, min(m.value) AS min_value, max(m.value) AS max_value
FROM measurements m
JOIN analysis_scope c USING (series_key)
WHERE m.metric = $metric
  AND ($search = '' OR contains(lower(c.label), lower($search)))
GROUP BY c.series_key, c.label
ORDER BY c.label
LIMIT $limit::INTEGER;
