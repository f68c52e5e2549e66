-- sparklines: small histories of several series of one metric in one pass over the measurements (the page's window
-- of sparklines), each averaged into at most $max_points buckets of consecutive points in the order
-- query/series_points.sql gives one series.
-- params: $keys VARCHAR (series keys joined by chr(30)), $metric VARCHAR, $max_points INTEGER
WITH wanted AS (
  SELECT i.series_id, i.series_key
  FROM series_ids i
  JOIN (SELECT DISTINCT unnest(string_split($keys, chr(30))) AS series_key) k USING (series_key)
),
points AS (
  SELECT w.series_key, m.ts, m.value,
         row_number() OVER (PARTITION BY m.series_id ORDER BY m.ts, m.run_group_id, m.value) - 1 AS i,
         count(*) OVER (PARTITION BY m.series_id) AS total
  FROM measurements m
  JOIN wanted w USING (series_id)
  WHERE m.metric_id = (SELECT metric_id FROM metric_info WHERE metric = $metric)
)
SELECT series_key, epoch_ms(min(ts)) AS ts, avg(value) AS value
FROM points
GROUP BY series_key, CASE WHEN total <= $max_points::INTEGER THEN i ELSE i * $max_points::INTEGER // total END
ORDER BY series_key, min(i);
