-- write_baselines: one performance_baselines row per configuration, the four metrics side by side.
-- slots: {{db}} attached seed database, {{staged}} staged baselines (series_key, metric, mean, count, last_ts, version_tag, git_commit)
INSERT INTO {{db}}.performance_baselines
  (baseline_id, model_id, hardware_id, batch_size, sequence_length, precision, baseline_throughput, baseline_latency,
   baseline_memory, baseline_power, baseline_date, baseline_version_tag, baseline_git_commit, notes, created_at)
SELECT
  (SELECT coalesce(max(baseline_id), 0) FROM {{db}}.performance_baselines)
    + row_number() OVER (ORDER BY i.model_id, i.hardware_id, i.batch_size, i.sequence_length, i.precision),
  i.model_id, i.hardware_id, i.batch_size, i.sequence_length, i.precision,
  max(s.mean) FILTER (WHERE s.metric = 'throughput'), max(s.mean) FILTER (WHERE s.metric = 'latency'),
  max(s.mean) FILTER (WHERE s.metric = 'memory'), max(s.mean) FILTER (WHERE s.metric = 'power'),
  epoch_ms(max(s.last_ts)::BIGINT), arg_max(s.version_tag, s.last_ts), arg_max(s.git_commit, s.last_ts),
  'perftrack: mean of ' || max(s.count) || ' results', now()::TIMESTAMP
FROM {{staged}} s
JOIN seed_series_ids i USING (series_key)
WHERE i.batch_size IS NOT NULL
GROUP BY i.model_id, i.hardware_id, i.batch_size, i.sequence_length, i.precision;
