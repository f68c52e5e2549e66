-- base_schema: the official base benchmark schema (performance_results with run_id, test_case,
-- average_latency_ms, memory_peak_mb …, joined to test_runs for commit and branch), one row per result with its
-- series id and the metrics side by side (unpivot_metrics.sql makes the canonical rows).
-- slots: {{results}}, {{runs}}, {{models}}, {{hardware}} compat views; {{wide}} view to create;
--        {{series_id}} the series id expression over the dimension columns
CREATE OR REPLACE VIEW {{wide}} AS
WITH results AS (
  SELECT
    r.result_id::BIGINT AS result_id,
    coalesce(r.created_at, t.started_at, t.created_at)::TIMESTAMP AS ts,
    t.git_commit,
    t.git_branch AS branch,
    NULL::VARCHAR AS version_tag,
    NULL::VARCHAR AS environment_hash,
    r.run_id::VARCHAR AS run_group_id,
    coalesce(m.model_name, 'model ' || r.model_id) AS "d:model",
    coalesce(h.hardware_type, 'hardware ' || r.hardware_id) AS "d:hardware",
    h.device_name AS "d:device",
    r.test_case AS "d:test_case",
    r.batch_size::VARCHAR AS "d:batch_size",
    r.precision AS "d:precision",
    r.throughput_items_per_second::DOUBLE AS throughput,
    r.average_latency_ms::DOUBLE AS latency,
    r.memory_peak_mb::DOUBLE AS memory,
    r.total_time_seconds::DOUBLE AS total_time,
    r.iterations::INTEGER AS n_samples
  FROM {{results}} r
  LEFT JOIN {{runs}} t ON t.run_id = r.run_id
  LEFT JOIN {{models}} m ON m.model_id = r.model_id
  LEFT JOIN {{hardware}} h ON h.hardware_id = r.hardware_id
)
SELECT *, {{series_id}} AS series_id FROM results;
