-- period_fingerprints: per calendar period (UTC month, quarter or year) of the loaded measurements, how many rows,
-- a fingerprint of their content (so a re-publish rewrites only the periods that changed) and the period's bounds.
-- Rows are grouped by the truncated time; the period's name is formatted once per period.
-- params: $granularity VARCHAR ('month' | 'quarter' | 'year')
WITH periods AS (
  SELECT date_trunc($granularity, ts) AS start, count(*)::BIGINT AS rows,
         bit_xor(hash(series_id, metric_id, ts, value, git_commit, version_tag)) AS fingerprint, min(ts) AS first, max(ts) AS last
  FROM measurements
  GROUP BY 1
)
SELECT
  CASE $granularity WHEN 'month' THEN strftime(start, '%Y-%m') WHEN 'quarter' THEN year(start) || '-Q' || quarter(start) ELSE year(start)::VARCHAR END AS period,
  rows, fingerprint::VARCHAR AS fingerprint, epoch_ms(first) AS first_ts, epoch_ms(last) AS last_ts,
  epoch_ms(start)::DOUBLE AS start_ms,
  epoch_ms(start + CASE $granularity WHEN 'month' THEN INTERVAL 1 MONTH WHEN 'quarter' THEN INTERVAL 3 MONTH ELSE INTERVAL 1 YEAR END)::DOUBLE AS end_ms
FROM periods
ORDER BY start;
