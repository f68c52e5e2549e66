-- compare_values: the version tags, commits or run groups present in the data, newest first, to pick two
-- of them for a comparison.
-- params: $kind VARCHAR ('version' | 'commit' | 'run')
SELECT value, count(*) AS rows, epoch_ms(min(ts)) AS first_ts, epoch_ms(max(ts)) AS last_ts
FROM (
  SELECT CASE $kind WHEN 'version' THEN version_tag WHEN 'commit' THEN git_commit ELSE run_group_id END AS value, ts
  FROM measurements
)
WHERE value IS NOT NULL
GROUP BY value
ORDER BY max(ts) DESC
LIMIT 500;
