-- write_regressions: detected regressions of the seed's four metrics, one row per result and metric (once).
-- slots: {{db}} attached seed database, {{staged}} staged regressions (series_key, metric, result_id, change_pct, notes)
INSERT INTO {{db}}.performance_regressions
  (regression_id, performance_id, baseline_id, detection_date, regression_type, severity, status, notes)
SELECT
  (SELECT coalesce(max(regression_id), 0) FROM {{db}}.performance_regressions) + row_number() OVER (ORDER BY s.result_id, s.metric),
  s.result_id::INTEGER, b.baseline_id, now()::TIMESTAMP, s.metric, s.change_pct, 'detected', s.notes
FROM {{staged}} s
JOIN seed_series_ids i USING (series_key)
LEFT JOIN {{db}}.performance_baselines b
  ON b.model_id = i.model_id AND b.hardware_id = i.hardware_id AND b.batch_size IS NOT DISTINCT FROM i.batch_size
 AND b.sequence_length IS NOT DISTINCT FROM i.sequence_length AND b.precision IS NOT DISTINCT FROM i.precision
WHERE s.result_id IS NOT NULL AND s.metric IN ('throughput', 'latency', 'memory', 'power')
  AND NOT EXISTS (SELECT 1 FROM {{db}}.performance_regressions x WHERE x.performance_id = s.result_id AND x.regression_type = s.metric);
