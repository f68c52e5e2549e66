-- create_performance_results: the seed's versioned results table, if missing.
-- slots: {{db}} attached database
CREATE TABLE IF NOT EXISTS {{db}}.performance_results (
  id INTEGER PRIMARY KEY, model_id INTEGER, hardware_id INTEGER, batch_size INTEGER, sequence_length INTEGER,
  precision VARCHAR, throughput_items_per_second FLOAT, latency_ms FLOAT, memory_mb FLOAT, power_watts FLOAT,
  timestamp TIMESTAMP, version_tag VARCHAR, git_commit_hash VARCHAR, environment_hash VARCHAR, run_group_id VARCHAR
);
