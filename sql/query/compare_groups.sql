-- compare_groups: per series (in analysis_scope) and metric, the results of side A and side B — a version
-- tag, a commit (prefix), a run group, or a time range 'from_ms/to_ms' — with count, mean, spread and raw
-- samples, for a PR-vs-main style comparison. Series present on only one side are left out.
-- params: $kind VARCHAR ('version' | 'commit' | 'run' | 'time'), $a VARCHAR, $b VARCHAR
WITH tagged AS (
  SELECT m.series_id, m.metric_id, m.ts, m.value,
    CASE $kind
      WHEN 'version' THEN CASE WHEN m.version_tag = $a THEN 'a' WHEN m.version_tag = $b THEN 'b' END
      WHEN 'commit' THEN CASE WHEN starts_with(m.git_commit, $a) THEN 'a' WHEN starts_with(m.git_commit, $b) THEN 'b' END
      WHEN 'run' THEN CASE WHEN m.run_group_id = $a THEN 'a' WHEN m.run_group_id = $b THEN 'b' END
      WHEN 'time' THEN CASE
        WHEN m.ts BETWEEN epoch_ms(TRY_CAST(split_part($a, '/', 1) AS BIGINT)) AND epoch_ms(TRY_CAST(split_part($a, '/', 2) AS BIGINT)) THEN 'a'
        WHEN m.ts BETWEEN epoch_ms(TRY_CAST(split_part($b, '/', 1) AS BIGINT)) AND epoch_ms(TRY_CAST(split_part($b, '/', 2) AS BIGINT)) THEN 'b' END
    END AS side
  FROM measurements m
  WHERE m.series_id IN (SELECT series_id FROM analysis_scope)
),
sided AS (
  SELECT t.*, s.samples FROM tagged t
  LEFT JOIN samples s ON s.series_id = t.series_id AND s.metric_id = t.metric_id AND s.ts = t.ts
  WHERE t.side IS NOT NULL
)
SELECT
  sc.series_key, sc.label, i.metric, coalesce(i.unit, '') AS unit, i.direction,
  count(*) FILTER (WHERE side = 'a')::INTEGER AS n_a, avg(value) FILTER (WHERE side = 'a') AS mean_a,
  stddev_samp(value) FILTER (WHERE side = 'a') AS sd_a,
  count(*) FILTER (WHERE side = 'b')::INTEGER AS n_b, avg(value) FILTER (WHERE side = 'b') AS mean_b,
  stddev_samp(value) FILTER (WHERE side = 'b') AS sd_b,
  flatten(list(samples) FILTER (WHERE side = 'a' AND samples IS NOT NULL)) AS samples_a,
  flatten(list(samples) FILTER (WHERE side = 'b' AND samples IS NOT NULL)) AS samples_b
FROM sided
JOIN analysis_scope sc USING (series_id)
JOIN metric_info i USING (metric_id)
GROUP BY sc.series_key, sc.label, i.metric, i.unit, i.direction
HAVING count(*) FILTER (WHERE side = 'a') > 0 AND count(*) FILTER (WHERE side = 'b') > 0
ORDER BY sc.label, i.metric;
