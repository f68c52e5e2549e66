-- series_list: series that have a metric and match the dimension filters and search text, with a summary.
-- params: $filters VARCHAR (dimension chr(31) value pairs joined by chr(30); '' = no filter),
--         $metric VARCHAR, $search VARCHAR ('' = all), $limit INTEGER
WITH wanted AS (
  SELECT split_part(pair, chr(31), 1) AS dim, split_part(pair, chr(31), 2) AS value, split_part(pair, chr(31), 3) = 'null' AS is_null
  FROM (SELECT unnest(string_split($filters, chr(30))) AS pair)
  WHERE pair <> ''
),
matched AS (
  SELECT d.series_key
  FROM series_dims d
  JOIN wanted w ON w.dim = d.dim AND ((w.is_null AND d.value IS NULL) OR d.value = w.value)
  GROUP BY d.series_key
  HAVING count(DISTINCT d.dim) = (SELECT count(DISTINCT dim) FROM wanted)
),
candidates AS (
  SELECT s.series_key, s.label
  FROM series s
  WHERE ((SELECT count(*) FROM wanted) = 0 OR s.series_key IN (SELECT series_key FROM matched))
    AND ($search = '' OR contains(lower(s.label), lower($search)))
)
SELECT
  c.series_key, c.label, count(*) AS points,
  epoch_ms(min(m.ts)) AS first_ts, epoch_ms(max(m.ts)) AS last_ts,
  arg_max(m.value, m.ts) AS last_value, min(m.value) AS min_value, max(m.value) AS max_value
FROM measurements m
JOIN candidates c USING (series_key)
WHERE m.metric = $metric
GROUP BY c.series_key, c.label
ORDER BY c.label
LIMIT $limit::INTEGER;
