-- create_regression_notifications: the guide's notification log table, if missing.
-- slots: {{db}} attached database
CREATE TABLE IF NOT EXISTS {{db}}.regression_notifications (
  notification_id INTEGER PRIMARY KEY, regression_id INTEGER, notification_date TIMESTAMP DEFAULT current_timestamp,
  notification_type VARCHAR, notification_target TEXT, notification_status VARCHAR, error_message TEXT,
  retry_count INTEGER DEFAULT 0, last_retry_date TIMESTAMP, response_data TEXT
);
