-- write_trends: one performance_trends row per series and metric analysed.
-- trend_data is the seed's JSON list of {index, timestamp, value}, built as text (the JSON extension is not
-- built into DuckDB-WASM).
-- slots: {{db}} attached seed database, {{staged}} staged trends (series_key, metric, trend, magnitude, confidence,
--        start_ts, end_ts, notes)
INSERT INTO {{db}}.performance_trends
  (trend_id, model_id, hardware_id, metric_type, trend_start_date, trend_end_date, trend_direction, trend_magnitude,
   trend_confidence, trend_data, detection_date, notes)
SELECT
  (SELECT coalesce(max(trend_id), 0) FROM {{db}}.performance_trends) + row_number() OVER (ORDER BY s.series_key, s.metric),
  i.model_id, i.hardware_id, s.metric, epoch_ms(s.start_ts::BIGINT), epoch_ms(s.end_ts::BIGINT), s.trend, s.magnitude,
  s.confidence,
  (SELECT '[' || string_agg(printf('{"index": %d, "timestamp": "%s", "value": %s}', p.idx, strftime(p.ts, '%Y-%m-%dT%H:%M:%S'), p.value::VARCHAR), ', ' ORDER BY p.idx) || ']'
     FROM (SELECT m.ts, m.value, row_number() OVER (ORDER BY m.ts) - 1 AS idx
           FROM measurements m
           WHERE m.series_id = (SELECT series_id FROM series_ids WHERE series_key = s.series_key) AND m.metric = s.metric
             AND m.ts >= epoch_ms(s.start_ts::BIGINT) AND m.ts <= epoch_ms(s.end_ts::BIGINT)) p),
  now()::TIMESTAMP, s.notes
FROM {{staged}} s
JOIN seed_series_ids i USING (series_key)
WHERE i.model_id IS NOT NULL AND i.hardware_id IS NOT NULL;
