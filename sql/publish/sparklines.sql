-- sparklines: small histories of chosen series and metrics in one pass over the measurements, each averaged into
-- at most $max_points buckets of consecutive points exactly as query/series_points.sql buckets one series.
-- params: $pairs VARCHAR (series_id chr(31) metric_id pairs joined by chr(30)), $max_points INTEGER
WITH wanted AS (
  SELECT DISTINCT split_part(p, chr(31), 1)::BIGINT AS series_id, split_part(p, chr(31), 2)::INTEGER AS metric_id
  FROM (SELECT unnest(string_split($pairs, chr(30))) AS p)
  WHERE p <> ''
),
points AS (
  SELECT m.series_id, m.metric_id, m.ts, m.value,
         row_number() OVER (PARTITION BY m.series_id, m.metric_id ORDER BY m.ts) - 1 AS i,
         count(*) OVER (PARTITION BY m.series_id, m.metric_id) AS total
  FROM measurements m
  JOIN wanted w ON w.series_id = m.series_id AND w.metric_id = m.metric_id
)
SELECT series_id, metric_id, epoch_ms(min(ts)) AS ts, avg(value) AS value
FROM points
GROUP BY series_id, metric_id, CASE WHEN total <= $max_points::INTEGER THEN i ELSE i * $max_points::INTEGER // total END
ORDER BY series_id, metric_id, ts;
