-- commit_runs: where given commits first ran in each series in analysis_scope, so that series which moved
-- together at a commit can be tested at it (see lib/analysis/corroborate.ts).
-- params: $commits VARCHAR (commit ids joined by chr(30))
SELECT m.series_id, m.metric_id, m.git_commit, min(epoch_ms(m.ts))::DOUBLE AS ts
FROM measurements m
WHERE m.git_commit IN (SELECT unnest(string_split($commits, chr(30))))
  AND m.series_id IN (SELECT series_id FROM analysis_scope)
GROUP BY m.series_id, m.metric_id, m.git_commit;
