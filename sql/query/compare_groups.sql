-- compare_groups: per series (in analysis_scope) and metric, the results of side A and side B — a version
-- tag, a commit (prefix), a run group, or a time range 'from_ms/to_ms' — with count, mean, spread and raw
-- samples, for a PR-vs-main style comparison. Series present on only one side are left out.
-- hist_pairs / hist_as_large: consecutive runs in the series' whole history, and how many of them differ (relative)
-- at least as much as side B's mean from side A's: how often runs differ this much with nothing chosen.
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
),
grouped AS (
  SELECT
    series_id, metric_id,
    count(*) FILTER (WHERE side = 'a')::INTEGER AS n_a, avg(value) FILTER (WHERE side = 'a') AS mean_a,
    stddev_samp(value) FILTER (WHERE side = 'a') AS sd_a,
    count(*) FILTER (WHERE side = 'b')::INTEGER AS n_b, avg(value) FILTER (WHERE side = 'b') AS mean_b,
    stddev_samp(value) FILTER (WHERE side = 'b') AS sd_b,
    flatten(list(samples) FILTER (WHERE side = 'a' AND samples IS NOT NULL)) AS samples_a,
    flatten(list(samples) FILTER (WHERE side = 'b' AND samples IS NOT NULL)) AS samples_b
  FROM sided
  GROUP BY series_id, metric_id
  HAVING count(*) FILTER (WHERE side = 'a') > 0 AND count(*) FILTER (WHERE side = 'b') > 0
),
steps AS (
  SELECT m.series_id, m.metric_id,
         abs(m.value / lag(m.value) OVER (PARTITION BY m.series_id, m.metric_id ORDER BY m.ts, m.run_group_id, m.value) - 1) AS rel
  FROM measurements m
  JOIN grouped g USING (series_id, metric_id)
),
history AS (
  SELECT s.series_id, s.metric_id, count(s.rel)::INTEGER AS hist_pairs,
         count(s.rel) FILTER (WHERE s.rel >= abs(g.mean_b / g.mean_a - 1))::INTEGER AS hist_as_large
  FROM steps s
  JOIN grouped g USING (series_id, metric_id)
  WHERE g.mean_a <> 0 AND isfinite(s.rel)
  GROUP BY s.series_id, s.metric_id
)
SELECT
  sc.series_key, sc.label, i.metric, coalesce(i.unit, '') AS unit, i.direction,
  g.n_a, g.mean_a, g.sd_a, g.n_b, g.mean_b, g.sd_b, g.samples_a, g.samples_b,
  coalesce(h.hist_pairs, 0) AS hist_pairs, coalesce(h.hist_as_large, 0) AS hist_as_large
FROM grouped g
LEFT JOIN history h USING (series_id, metric_id)
JOIN analysis_scope sc USING (series_id)
JOIN metric_info i USING (metric_id)
ORDER BY sc.label, i.metric;
