-- baselines: per series and metric in analysis_scope, the seed's baseline (mean over a window with at least
-- min_samples results; date, version tag and commit of the newest sample) plus median, stddev, MAD and count.
-- params: $ref_ms DOUBLE, $end_offset_days DOUBLE (the window ends this long before the reference time),
--         $days DOUBLE (window length), $min_samples INTEGER
WITH bounds AS (
  SELECT epoch_ms(($ref_ms - ($end_offset_days + $days) * 86400000)::BIGINT) AS t0,
         epoch_ms(($ref_ms - $end_offset_days * 86400000)::BIGINT) AS t1
),
grouped AS (
  SELECT
    m.series_id, m.metric_id, count(*)::INTEGER AS n, avg(m.value) AS mean, median(m.value) AS median,
    stddev_samp(m.value) AS stddev, mad(m.value) AS mad,
    epoch_ms(max(m.ts)) AS last_ts, arg_max(m.version_tag, m.ts) AS version_tag, arg_max(m.git_commit, m.ts) AS git_commit,
    arg_max(m.result_id, m.ts) AS result_id,
    epoch_ms(any_value(b.t0)) AS window_start, epoch_ms(any_value(b.t1)) AS window_end
  FROM measurements m
  CROSS JOIN bounds b
  WHERE m.ts > b.t0 AND m.ts <= b.t1 AND m.series_id IN (SELECT series_id FROM analysis_scope)
  GROUP BY m.series_id, m.metric_id
  HAVING count(*) >= $min_samples::INTEGER
)
SELECT s.series_key, i.metric, g.* EXCLUDE (series_id, metric_id)
FROM grouped g
JOIN analysis_scope s USING (series_id)
JOIN metric_info i USING (metric_id)
ORDER BY s.series_key, i.metric;
