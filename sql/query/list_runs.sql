-- list_runs: the runs of a source of parsed records (one run_group_id per imported file), in time order: their
-- time now and at import (the staged table is never updated), commit, branch and size.
-- slots: {{measurements}} the source's measurement table, {{staged}} the source's imported table
WITH current AS (
  SELECT run_group_id, epoch_ms(min(ts)) AS ts, epoch_ms(max(ts)) AS last_ts, count(*) AS measurements,
         count(DISTINCT series_id) AS series, arg_min(git_commit, ts) AS git_commit, arg_min(branch, ts) AS branch
  FROM {{measurements}}
  WHERE run_group_id IS NOT NULL
  GROUP BY run_group_id
),
imported AS (
  SELECT run_group_id, epoch_ms(min(ts::TIMESTAMP)) AS imported_ts FROM {{staged}} GROUP BY run_group_id
)
SELECT current.*, coalesce(imported.imported_ts, current.ts) AS imported_ts
FROM current LEFT JOIN imported USING (run_group_id)
ORDER BY current.ts, current.run_group_id;
