-- create_performance_trends: the guide's trends table, if missing.
-- slots: {{db}} attached database
CREATE TABLE IF NOT EXISTS {{db}}.performance_trends (
  trend_id INTEGER PRIMARY KEY, model_id INTEGER NOT NULL, hardware_id INTEGER NOT NULL, metric_type VARCHAR NOT NULL,
  trend_start_date TIMESTAMP, trend_end_date TIMESTAMP, trend_direction VARCHAR, trend_magnitude FLOAT,
  trend_confidence FLOAT, trend_data VARCHAR, detection_date TIMESTAMP DEFAULT current_timestamp, notes TEXT
);
