-- create_performance_regressions: the guide's regressions table, if missing.
-- slots: {{db}} attached database
CREATE TABLE IF NOT EXISTS {{db}}.performance_regressions (
  regression_id INTEGER PRIMARY KEY, performance_id INTEGER, baseline_id INTEGER,
  detection_date TIMESTAMP DEFAULT current_timestamp, regression_type VARCHAR, severity FLOAT,
  status VARCHAR DEFAULT 'detected', issue_link VARCHAR, resolution TEXT, resolution_date TIMESTAMP, notes TEXT
);
