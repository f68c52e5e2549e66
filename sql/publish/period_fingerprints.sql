-- period_fingerprints: per calendar period (UTC month, quarter or year) of the loaded measurements, how many rows
-- and a fingerprint of their content, so a re-publish rewrites only the periods that changed.
-- params: $granularity VARCHAR ('month' | 'quarter' | 'year')
SELECT
  CASE $granularity WHEN 'month' THEN strftime(ts, '%Y-%m') WHEN 'quarter' THEN year(ts) || '-Q' || quarter(ts) ELSE year(ts)::VARCHAR END AS period,
  count(*)::BIGINT AS rows,
  bit_xor(hash(series_id, metric_id, ts, value, git_commit, version_tag))::VARCHAR AS fingerprint,
  epoch_ms(min(ts)) AS first_ts, epoch_ms(max(ts)) AS last_ts
FROM measurements
GROUP BY 1
ORDER BY 1;
