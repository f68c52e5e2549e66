-- published_insert_rows: fetched rows of a published history (staged from Arrow) into the source's measurements.
-- slots: {{source_id}} the source id (an integer literal), {{measurements}} the source's measurements table, {{staged}} the staged rows
INSERT INTO {{measurements}} BY NAME
SELECT {{source_id}}::INTEGER AS source_id, s.series_id::BIGINT AS series_id, s.metric_id::INTEGER AS metric_id,
       s.ts::TIMESTAMP AS ts, i.metric, s.value AS value, s.n_samples::INTEGER AS n_samples, s.git_commit,
       s.version_tag, s.run_group_id
FROM {{staged}} s JOIN metric_info i ON i.metric_id = s.metric_id;
