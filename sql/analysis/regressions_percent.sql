-- regressions_percent: the seed's method. Every result in the detection window (the last $regression_days
-- before the reference time) against its baseline: the mean of the $baseline_days before that window, with
-- at least $min_samples results. pct = (value / baseline − 1) × 100; a row when the metric got worse by at
-- least its threshold (lower throughput, higher latency / memory / power …).
-- params: $ref_ms DOUBLE, $regression_days DOUBLE, $baseline_days DOUBLE, $min_samples INTEGER,
--         $thresholds VARCHAR (metric chr(31) percent pairs joined by chr(30)), $default_threshold DOUBLE
WITH bounds AS (
  SELECT epoch_ms(($ref_ms - ($regression_days + $baseline_days) * 86400000)::BIGINT) AS t0,
         epoch_ms(($ref_ms - $regression_days * 86400000)::BIGINT) AS split,
         epoch_ms($ref_ms::BIGINT) AS t1
),
thresholds AS (
  SELECT split_part(pair, chr(31), 1) AS metric, abs(split_part(pair, chr(31), 2)::DOUBLE) AS pct
  FROM (SELECT unnest(string_split($thresholds, chr(30))) AS pair)
  WHERE pair <> ''
),
base AS (
  SELECT m.series_id, m.metric_id, avg(m.value) AS baseline, count(*)::INTEGER AS baseline_n,
         epoch_ms(max(m.ts)) AS good_ts, arg_max(m.value, m.ts) AS good_value, arg_max(m.git_commit, m.ts) AS good_commit,
         arg_max(m.version_tag, m.ts) AS good_version, arg_max(m.run_group_id, m.ts) AS good_run, arg_max(m.result_id, m.ts) AS good_result
  FROM measurements m CROSS JOIN bounds b
  WHERE m.ts > b.t0 AND m.ts <= b.split AND m.series_id IN (SELECT series_id FROM analysis_scope)
  GROUP BY m.series_id, m.metric_id
  HAVING count(*) >= $min_samples::INTEGER
),
recent AS (
  SELECT m.series_id, m.metric_id, m.ts, m.value, m.git_commit, m.version_tag, m.run_group_id, m.result_id
  FROM measurements m CROSS JOIN bounds b
  WHERE m.ts > b.split AND m.ts <= b.t1 AND m.series_id IN (SELECT series_id FROM analysis_scope)
),
compared AS (
  SELECT r.*, b.* EXCLUDE (series_id, metric_id), i.metric, i.direction, coalesce(t.pct, $default_threshold) AS threshold,
         (r.value / b.baseline - 1) * 100 AS change_pct,
         (count(*) OVER (PARTITION BY r.series_id, r.metric_id))::INTEGER AS recent_n
  FROM recent r
  JOIN base b USING (series_id, metric_id)
  JOIN metric_info i USING (metric_id)
  LEFT JOIN thresholds t ON t.metric = i.metric
  WHERE b.baseline <> 0
)
SELECT s.series_key, c.metric, epoch_ms(c.ts) AS ts, c.value, c.git_commit, c.version_tag, c.run_group_id, c.result_id, c.recent_n,
       c.baseline, c.baseline_n, c.good_ts, c.good_value, c.good_commit, c.good_version, c.good_run, c.good_result, c.threshold, c.change_pct
FROM compared c
JOIN analysis_scope s USING (series_id)
WHERE CASE WHEN c.direction = 'higher' THEN c.change_pct <= -c.threshold ELSE c.change_pct >= c.threshold END
ORDER BY abs(c.change_pct) DESC, s.series_key, c.metric, c.ts;
