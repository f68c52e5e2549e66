-- create_performance_baselines: the guide's baselines table, if missing.
-- slots: {{db}} attached database
CREATE TABLE IF NOT EXISTS {{db}}.performance_baselines (
  baseline_id INTEGER PRIMARY KEY, model_id INTEGER NOT NULL, hardware_id INTEGER NOT NULL, batch_size INTEGER NOT NULL,
  sequence_length INTEGER DEFAULT NULL, precision VARCHAR DEFAULT 'fp32',
  baseline_throughput FLOAT, baseline_latency FLOAT, baseline_memory FLOAT, baseline_power FLOAT,
  baseline_date TIMESTAMP, baseline_version_tag VARCHAR, baseline_git_commit VARCHAR, notes TEXT,
  created_at TIMESTAMP DEFAULT current_timestamp,
  UNIQUE (model_id, hardware_id, batch_size, sequence_length, precision)
);
