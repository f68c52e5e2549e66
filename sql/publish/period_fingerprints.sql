-- period_fingerprints: per calendar period (UTC month, quarter or year) of the loaded measurements and per slice of
-- series (the series id's top 10 of its 53 bits: 1,024 slices), how many rows, a fingerprint of their content, the
-- time span and the series ids held. Publish joins neighbouring slices into the files of a period (a large period
-- becomes several files, each holding a range of series) and XORs their fingerprints, so a re-publish rewrites only
-- the files whose rows changed. Rows are grouped by the truncated time; the period's name is formatted once per group.
-- params: $granularity VARCHAR ('month' | 'quarter' | 'year')
WITH slices AS (
  SELECT date_trunc($granularity, ts) AS start, ((series_id >> 43) & 1023)::INTEGER AS slice, count(*)::BIGINT AS rows,
         bit_xor(hash(series_id, metric_id, ts, value, git_commit, version_tag)) AS fingerprint, min(ts) AS first, max(ts) AS last,
         min(series_id)::BIGINT AS series_min, max(series_id)::BIGINT AS series_max
  FROM measurements
  GROUP BY 1, 2
)
SELECT
  CASE $granularity WHEN 'month' THEN strftime(start, '%Y-%m') WHEN 'quarter' THEN year(start) || '-Q' || quarter(start) ELSE year(start)::VARCHAR END AS period,
  slice, rows, fingerprint::VARCHAR AS fingerprint, epoch_ms(first) AS first_ts, epoch_ms(last) AS last_ts,
  epoch_ms(start)::DOUBLE AS start_ms,
  epoch_ms(start + CASE $granularity WHEN 'month' THEN INTERVAL 1 MONTH WHEN 'quarter' THEN INTERVAL 3 MONTH ELSE INTERVAL 1 YEAR END)::DOUBLE AS end_ms,
  series_min, series_max
FROM slices
ORDER BY start, slice;
