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
scoped AS (
  SELECT m.* FROM measurements m JOIN analysis_scope USING (series_key)
),
base AS (
  SELECT s.series_key, s.metric, avg(s.value) AS baseline, count(*)::INTEGER AS baseline_n,
         epoch_ms(max(s.ts)) AS good_ts, arg_max(s.value, s.ts) AS good_value, arg_max(s.git_commit, s.ts) AS good_commit,
         arg_max(s.version_tag, s.ts) AS good_version, arg_max(s.run_group_id, s.ts) AS good_run, arg_max(s.result_id, s.ts) AS good_result
  FROM scoped s CROSS JOIN bounds b
  WHERE s.ts > b.t0 AND s.ts <= b.split
  GROUP BY s.series_key, s.metric
  HAVING count(*) >= $min_samples::INTEGER
),
recent AS (
  SELECT s.*, (count(*) OVER (PARTITION BY s.series_key, s.metric))::INTEGER AS recent_n
  FROM scoped s CROSS JOIN bounds b
  WHERE s.ts > b.split AND s.ts <= b.t1
),
compared AS (
  SELECT r.*, b.baseline, b.baseline_n, b.good_ts, b.good_value, b.good_commit, b.good_version, b.good_run, b.good_result,
         i.direction, coalesce(t.pct, $default_threshold) AS threshold,
         (r.value / b.baseline - 1) * 100 AS change_pct
  FROM recent r
  JOIN base b USING (series_key, metric)
  JOIN metric_info i USING (metric)
  LEFT JOIN thresholds t USING (metric)
  WHERE b.baseline <> 0
)
SELECT series_key, metric, epoch_ms(ts) AS ts, value, git_commit, version_tag, run_group_id, result_id, recent_n,
       baseline, baseline_n, good_ts, good_value, good_commit, good_version, good_run, good_result, threshold, change_pct
FROM compared
WHERE CASE WHEN direction = 'higher' THEN change_pct <= -threshold ELSE change_pct >= threshold END
ORDER BY abs(change_pct) DESC, series_key, metric, ts;
