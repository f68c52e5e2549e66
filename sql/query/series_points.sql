-- series_points: one series and metric over time; averaged into at most $max_points buckets.
-- low / high: the smallest and largest raw sample (or value) in each point or bucket.
-- params: $series_key VARCHAR, $metric VARCHAR, $from_ms DOUBLE (NULL = start), $to_ms DOUBLE (NULL = end), $max_points INTEGER
WITH points AS (
  SELECT ts, value, samples, n_samples, git_commit, version_tag, run_group_id,
         row_number() OVER (ORDER BY ts) - 1 AS i,
         count(*) OVER () AS total
  FROM measurements
  WHERE series_key = $series_key AND metric = $metric
    AND ($from_ms IS NULL OR ts >= epoch_ms($from_ms::BIGINT))
    AND ($to_ms IS NULL OR ts <= epoch_ms($to_ms::BIGINT))
)
SELECT
  epoch_ms(min(ts)) AS ts,
  avg(value) AS value,
  min(coalesce(list_min(samples), value)) AS low,
  max(coalesce(list_max(samples), value)) AS high,
  sum(n_samples)::INTEGER AS n_samples,
  arg_max(git_commit, ts) AS git_commit,
  arg_max(version_tag, ts) AS version_tag,
  arg_max(run_group_id, ts) AS run_group_id,
  any_value(total) > $max_points::INTEGER AS downsampled
FROM points
GROUP BY CASE WHEN total <= $max_points::INTEGER THEN i ELSE i * $max_points::INTEGER // total END
ORDER BY 1;
