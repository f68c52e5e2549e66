-- history_groups: how many points each (series, metric) in analysis_scope has in the history window, in the
-- same order as history_values, so the values can be sliced per series without sending keys per row.
-- params: $ref_ms DOUBLE, $days DOUBLE
SELECT m.series_key, m.metric, count(*)::INTEGER AS n
FROM measurements m
JOIN analysis_scope USING (series_key)
WHERE m.ts > epoch_ms(($ref_ms - $days * 86400000)::BIGINT) AND m.ts <= epoch_ms($ref_ms::BIGINT)
GROUP BY m.series_key, m.metric
ORDER BY m.series_key, m.metric;
