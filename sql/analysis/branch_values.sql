-- branch_values: every point of the series in analysis_scope with the commit and branch of its run, in time order,
-- for judging a pull request's runs against its base branch's (lib/analysis/pr-check.ts).
SELECT m.series_id, m.metric_id, epoch_ms(m.ts)::DOUBLE AS ts, m.value, m.git_commit, m.branch
FROM measurements m
WHERE m.series_id IN (SELECT series_id FROM analysis_scope)
ORDER BY m.series_id, m.metric_id, m.ts;
