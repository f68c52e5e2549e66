-- insert_results_from_staged: append staged results (Arrow-inserted, ids not yet assigned) to performance_results.
-- slots: {{db}} attached database, {{staged}} staged table with the performance_results columns except id
INSERT INTO {{db}}.performance_results
SELECT
  (SELECT coalesce(max(id), 0) FROM {{db}}.performance_results) + row_number() OVER (ORDER BY s.timestamp, s.model_id, s.hardware_id, s.batch_size),
  s.model_id::INTEGER, s.hardware_id::INTEGER, s.batch_size::INTEGER, s.sequence_length::INTEGER, s.precision,
  s.throughput_items_per_second, s.latency_ms, s.memory_mb, s.power_watts, s.timestamp::TIMESTAMP,
  s.version_tag, s.git_commit_hash, s.environment_hash, s.run_group_id
FROM {{staged}} s;
