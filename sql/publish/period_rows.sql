-- period_rows: the measurements of one calendar period and one range of series, ordered by series, metric and time
-- (so a published partition's row groups each cover a few series and a reader fetches only the groups of the series
-- it shows).
-- params: $start_ms DOUBLE, $end_ms DOUBLE (the period's bounds, as period_fingerprints gives them), $series_min BIGINT, $series_max BIGINT
SELECT series_id, metric_id, epoch_ms(ts)::DOUBLE AS ts, value, n_samples, git_commit, branch, version_tag,
       environment_hash, run_group_id, result_id
FROM measurements
WHERE ts >= epoch_ms($start_ms::BIGINT) AND ts < epoch_ms($end_ms::BIGINT)
  AND series_id BETWEEN $series_min::BIGINT AND $series_max::BIGINT
ORDER BY series_id, metric_id, ts;
