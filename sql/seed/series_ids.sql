-- series_ids: the seed's identifying columns (model, hardware, batch size, sequence length, precision) of
-- every series of one source, read back through each measurement's result id.
-- slots: {{db}} attached seed database, {{source}} the source's measurement table
CREATE OR REPLACE TEMP TABLE seed_series_ids AS
SELECT s.series_key,
       any_value(r.model_id) AS model_id, any_value(r.hardware_id) AS hardware_id, any_value(r.batch_size) AS batch_size,
       any_value(r.sequence_length) AS sequence_length, coalesce(any_value(r.precision), 'fp32') AS precision
FROM {{source}} m
JOIN series s USING (series_id)
JOIN {{db}}.performance_results r ON r.id = m.result_id
GROUP BY s.series_key;
