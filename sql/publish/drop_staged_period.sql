-- drop_staged_period: free the period stage_period.sql staged, once its last file is written.
DROP TABLE IF EXISTS publish_period;
