-- run_rows: how many measurements of a source belong to one run.
-- params: $run_group VARCHAR
-- slots: {{measurements}} the source's measurements table
SELECT count(*) AS n FROM {{measurements}} WHERE run_group_id = $run_group;
