-- seed_timeseries: the seed guide's time-series schema (performance_results with model_id, hardware_id,
-- batch_size, sequence_length, precision and four metric columns) as canonical rows, one per result and metric.
-- Dimension columns are named "d:<dimension>".
-- slots: {{results}}, {{models}}, {{hardware}} compat views of the three tables; {{rows}} view to create
CREATE OR REPLACE VIEW {{rows}} AS
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
    r.power_watts::DOUBLE AS power
  FROM {{results}} r
  LEFT JOIN {{models}} m ON m.model_id = r.model_id
  LEFT JOIN {{hardware}} h ON h.hardware_id = r.hardware_id
)
SELECT *, NULL::INTEGER AS n_samples, NULL::DOUBLE[] AS samples
FROM results
UNPIVOT (value FOR metric IN (throughput, latency, memory, power));
