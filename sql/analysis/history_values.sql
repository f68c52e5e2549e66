-- history_values: every point of the series in analysis_scope within the history window, as four numeric
-- columns (cheap to move into typed arrays): the change-point detector, the outlier finder and the trend
-- statistics all read these. Unordered: grouping and ordering by time is done on the typed arrays (sorting
-- 1 M rows here took 0.6 s of DuckDB-WASM time, more than the whole detection).
-- Large histories are read in $batches parts (series_id modulo $batches = $batch), so no one result holds them all.
-- params: $ref_ms DOUBLE, $days DOUBLE, $batches INTEGER, $batch INTEGER
SELECT m.series_id, m.metric_id, epoch_ms(m.ts)::DOUBLE AS ts, m.value
FROM measurements m
WHERE m.ts > epoch_ms(($ref_ms - $days * 86400000)::BIGINT) AND m.ts <= epoch_ms($ref_ms::BIGINT)
  AND m.series_id IN (SELECT series_id FROM analysis_scope)
  AND m.series_id % $batches::INTEGER = $batch::INTEGER;
