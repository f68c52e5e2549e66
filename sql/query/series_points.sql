-- series_points: one series and metric over time; averaged into at most $max_points buckets.
-- Runs at the same time keep one order on every engine (by run group, then value).
-- low / high: the smallest and largest raw sample (or value) in each point or bucket.
-- spread: the ± half-width the data reports (a bucket: the mean of its points' that have one; NULL where none).
-- params: $series_key VARCHAR, $metric VARCHAR, $from_ms DOUBLE (NULL = start), $to_ms DOUBLE (NULL = end), $max_points INTEGER
WITH points AS (
  SELECT m.ts, m.value, s.samples, m.n_samples, m.spread, m.git_commit, m.version_tag, m.run_group_id,
         row_number() OVER (ORDER BY m.ts, m.run_group_id, m.value) - 1 AS i,
         count(*) OVER () AS total
  FROM measurements m
  LEFT JOIN samples s ON s.series_id = m.series_id AND s.metric_id = m.metric_id AND s.ts = m.ts
  WHERE m.series_id = (SELECT series_id FROM series_ids WHERE series_key = $series_key)
    AND m.metric_id = (SELECT metric_id FROM metric_info WHERE metric = $metric)
    AND ($from_ms IS NULL OR m.ts >= epoch_ms($from_ms::BIGINT))
    AND ($to_ms IS NULL OR m.ts <= epoch_ms($to_ms::BIGINT))
)
SELECT
  epoch_ms(min(ts)) AS ts,
  avg(value) AS value,
  min(coalesce(list_min(samples), value)) AS low,
  max(coalesce(list_max(samples), value)) AS high,
  sum(n_samples)::INTEGER AS n_samples,
  avg(spread) AS spread,
  arg_max(git_commit, ts) AS git_commit,
  arg_max(version_tag, ts) AS version_tag,
  arg_max(run_group_id, ts) AS run_group_id,
  any_value(total) > $max_points::INTEGER AS downsampled
FROM points
GROUP BY CASE WHEN total <= $max_points::INTEGER THEN i ELSE i * $max_points::INTEGER // total END
ORDER BY min(i);
