-- series_summary: every source's per-series summaries, merged (the same series in two sources adds up).
-- slots: {{union}} = canonical_summary and each source's summary table
CREATE OR REPLACE VIEW series_summary AS
SELECT series_id, metric_id, sum(points)::BIGINT AS points, min(first_ts) AS first_ts, max(last_ts) AS last_ts,
       arg_max(last_value, last_ts) AS last_value, min(min_value) AS min_value, max(max_value) AS max_value
FROM ({{union}})
GROUP BY series_id, metric_id;
