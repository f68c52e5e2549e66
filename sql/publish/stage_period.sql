-- stage_period: one calendar period's measurements, sorted by series, as a temporary table of the connection that
-- writes the partitions: a period published as several files (each a range of series) is then scanned and sorted
-- once, and each file's copy reads only the table's blocks that hold its series.
-- params: $start_ms DOUBLE, $end_ms DOUBLE (the period's bounds, as period_fingerprints gives them)
CREATE OR REPLACE TEMP TABLE publish_period AS
SELECT series_id, metric_id, ts, value, n_samples, git_commit, branch, version_tag, environment_hash, run_group_id, result_id
FROM measurements
WHERE ts >= epoch_ms($start_ms::BIGINT) AND ts < epoch_ms($end_ms::BIGINT)
ORDER BY series_id, metric_id, ts;
