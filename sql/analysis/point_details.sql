-- point_details: attribution (commit, version tag, run group, result id) and raw samples of chosen points.
-- params: $points VARCHAR (series_id chr(31) metric_id chr(31) epoch-ms triples joined by chr(30))
WITH wanted AS (
  SELECT split_part(p, chr(31), 1)::BIGINT AS series_id, split_part(p, chr(31), 2)::INTEGER AS metric_id,
         split_part(p, chr(31), 3)::BIGINT AS ts_ms
  FROM (SELECT unnest(string_split($points, chr(30))) AS p)
  WHERE p <> ''
)
SELECT w.series_id, w.metric_id, w.ts_ms AS ts,
       any_value(m.git_commit) AS git_commit, any_value(m.version_tag) AS version_tag,
       any_value(m.run_group_id) AS run_group_id, any_value(m.result_id) AS result_id,
       flatten(list(s.samples) FILTER (WHERE s.samples IS NOT NULL)) AS samples
FROM wanted w
JOIN measurements m ON m.series_id = w.series_id AND m.metric_id = w.metric_id AND epoch_ms(m.ts) = w.ts_ms
LEFT JOIN samples s ON s.series_id = m.series_id AND s.metric_id = m.metric_id AND s.ts = m.ts
GROUP BY w.series_id, w.metric_id, w.ts_ms;
