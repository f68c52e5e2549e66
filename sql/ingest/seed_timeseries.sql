-- seed_timeseries: the seed guide's time-series schema (performance_results with model_id, hardware_id,
-- batch_size, sequence_length, precision and four metric columns), one row per result with its series id and
-- the four metrics side by side (unpivot_metrics.sql makes the canonical rows). Dimension columns are named
-- "d:<dimension>". The series id is computed here, once per result rather than once per measurement.
-- slots: {{results}}, {{models}}, {{hardware}} compat views of the three tables; {{wide}} view to create;
--        {{series_id}} the series id expression over the dimension columns
CREATE OR REPLACE VIEW {{wide}} AS
WITH results AS (
  SELECT
    r.id::BIGINT AS result_id,
    r.timestamp::TIMESTAMP AS ts,
    r.git_commit_hash AS git_commit,
    NULL::VARCHAR AS branch,
    r.version_tag,
    r.environment_hash,
    r.run_group_id,
    coalesce(m.model_name, 'model ' || r.model_id) AS "d:model",
    coalesce(h.hardware_type, 'hardware ' || r.hardware_id) AS "d:hardware",
    h.device_name AS "d:device",
    r.batch_size::VARCHAR AS "d:batch_size",
    r.sequence_length::VARCHAR AS "d:sequence_length",
    r.precision AS "d:precision",
    r.throughput_items_per_second::DOUBLE AS throughput,
    r.latency_ms::DOUBLE AS latency,
    r.memory_mb::DOUBLE AS memory,
    r.power_watts::DOUBLE AS power,
    NULL::INTEGER AS n_samples
  FROM {{results}} r
  LEFT JOIN {{models}} m ON m.model_id = r.model_id
  LEFT JOIN {{hardware}} h ON h.hardware_id = r.hardware_id
)
SELECT *, {{series_id}} AS series_id FROM results;
