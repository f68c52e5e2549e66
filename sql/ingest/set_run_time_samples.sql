-- set_run_time_samples: move the raw samples of one run with its measurements (samples are joined to their
-- measurement on series, metric and time). A sample row is the run's when one of the run's measurements has its
-- series, metric and time and the run's imported rows have the same samples (which tells apart two runs imported
-- with equal times). Runs before set_run_time.sql, in the same transaction.
-- params: $ts_ms DOUBLE (epoch ms, UTC), $run_group VARCHAR
-- slots: {{samples}} the source's samples table, {{measurements}} its measurement table, {{keyed}} its keyed view
UPDATE {{samples}} AS s
SET ts = s.ts + (epoch_ms($ts_ms::BIGINT) - (SELECT min(ts) FROM {{measurements}} WHERE run_group_id = $run_group))
WHERE EXISTS (SELECT 1 FROM {{measurements}} m WHERE m.run_group_id = $run_group AND m.series_id = s.series_id AND m.metric_id = s.metric_id AND m.ts = s.ts)
  AND EXISTS (SELECT 1 FROM {{keyed}} k JOIN metric_info mi ON mi.metric = k.metric
              WHERE k.run_group_id = $run_group AND k.series_id = s.series_id AND mi.metric_id = s.metric_id AND k.samples = s.samples);
