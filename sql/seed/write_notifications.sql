-- write_notifications: deliveries of `regression --notify` into the guide's regression_notifications table.
-- regression_id is the performance_regressions row of the same result and metric when one exists (written by
-- the same run unless --no-write), else NULL (e.g. metrics outside the seed's four, or test messages).
-- slots: {{db}} attached seed database, {{staged}} staged deliveries (ordinal, result_id, metric, notification_date,
--        notification_type, notification_target, notification_status, error_message, retry_count, last_retry_date, response_data)
INSERT INTO {{db}}.regression_notifications
  (notification_id, regression_id, notification_date, notification_type, notification_target, notification_status,
   error_message, retry_count, last_retry_date, response_data)
SELECT
  (SELECT coalesce(max(notification_id), 0) FROM {{db}}.regression_notifications) + row_number() OVER (ORDER BY s.ordinal),
  (SELECT min(r.regression_id) FROM {{db}}.performance_regressions r WHERE r.performance_id = s.result_id AND r.regression_type = s.metric),
  s.notification_date, s.notification_type, s.notification_target, s.notification_status,
  s.error_message, s.retry_count::INTEGER, s.last_retry_date, s.response_data
FROM {{staged}} s
ORDER BY s.ordinal;
