-- month_rows: the measurements of one calendar month, ordered by series, metric and time (so a published
-- partition's row groups each cover a few series and a reader fetches only the groups of the series it shows).
-- params: $month VARCHAR ('YYYY-MM')
SELECT series_id, metric_id, epoch_ms(ts)::DOUBLE AS ts, value, n_samples, git_commit, branch, version_tag,
       environment_hash, run_group_id, result_id
FROM measurements
WHERE strftime(ts, '%Y-%m') = $month
ORDER BY series_id, metric_id, ts;
