-- source_samples: the raw per-iteration samples of one source's measurements (sources that have them).
-- slots: {{target}}, {{keyed}} the keyed view
CREATE OR REPLACE TABLE {{target}} AS
SELECT r.series_id, mi.metric_id, r.ts, r.samples
FROM {{keyed}} r
JOIN metric_info mi ON mi.metric = r.metric
WHERE r.samples IS NOT NULL AND len(r.samples) > 0;
