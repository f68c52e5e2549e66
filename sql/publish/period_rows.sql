-- period_rows: the measurements of one calendar period, ordered by series, metric and time (so a published
-- partition's row groups each cover a few series and a reader fetches only the groups of the series it shows).
-- params: $granularity VARCHAR ('month' | 'quarter' | 'year'), $period VARCHAR (as period_fingerprints names it)
SELECT series_id, metric_id, epoch_ms(ts)::DOUBLE AS ts, value, n_samples, git_commit, branch, version_tag,
       environment_hash, run_group_id, result_id
FROM measurements
WHERE CASE $granularity WHEN 'month' THEN strftime(ts, '%Y-%m') WHEN 'quarter' THEN year(ts) || '-Q' || quarter(ts) ELSE year(ts)::VARCHAR END = $period
ORDER BY series_id, metric_id, ts;
