-- unpivot_metrics: canonical rows (one per result and metric) from a wide view with one column per metric.
-- These schemas have no raw samples, so the rows have no samples column.
-- slots: {{rows}} view to create, {{wide}} the wide view (it has series_id), {{metric_columns}} its metric columns
CREATE OR REPLACE VIEW {{rows}} AS
SELECT * FROM {{wide}}
UNPIVOT (value FOR metric IN ({{metric_columns}}));
