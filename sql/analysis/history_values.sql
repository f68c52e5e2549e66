-- history_values: time and value of every point in the history window, ordered by series, metric and time
-- (two numeric columns: cheap to move into typed arrays for the change-point detector).
-- params: $ref_ms DOUBLE, $days DOUBLE
SELECT epoch_ms(m.ts)::DOUBLE AS ts, m.value
FROM measurements m
JOIN analysis_scope USING (series_key)
WHERE m.ts > epoch_ms(($ref_ms - $days * 86400000)::BIGINT) AND m.ts <= epoch_ms($ref_ms::BIGINT)
ORDER BY m.series_key, m.metric, m.ts;
