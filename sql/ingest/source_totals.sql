-- source_totals: how many measurements a loaded source holds and which metrics they are in.
-- slots: {{summary}} the source's per-series summary table
SELECT coalesce(sum(s.points), 0) AS n,
       list(DISTINCT i.metric ORDER BY i.metric) FILTER (WHERE i.metric IS NOT NULL) AS metrics
FROM {{summary}} s LEFT JOIN metric_info i USING (metric_id);
