-- point_details: attribution (commit, version tag, run group, result id) and raw samples of chosen points.
-- params: $points VARCHAR (series_key chr(31) metric chr(31) epoch-ms triples joined by chr(30))
WITH wanted AS (
  SELECT split_part(p, chr(31), 1) AS series_key, split_part(p, chr(31), 2) AS metric,
         split_part(p, chr(31), 3)::BIGINT AS ts_ms
  FROM (SELECT unnest(string_split($points, chr(30))) AS p)
  WHERE p <> ''
)
SELECT w.series_key, w.metric, w.ts_ms AS ts,
       any_value(m.git_commit) AS git_commit, any_value(m.version_tag) AS version_tag,
       any_value(m.run_group_id) AS run_group_id, any_value(m.result_id) AS result_id,
       flatten(list(m.samples) FILTER (WHERE m.samples IS NOT NULL)) AS samples
FROM wanted w
JOIN measurements m ON m.series_key = w.series_key AND m.metric = w.metric AND epoch_ms(m.ts) = w.ts_ms
GROUP BY w.series_key, w.metric, w.ts_ms;
