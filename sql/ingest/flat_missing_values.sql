-- flat_missing_values: values of a flat table's metric columns that are missing or not finite numbers.
-- slots: {{rows}} the source's canonical rows view
SELECT count(*) FILTER (WHERE value IS NULL OR NOT isfinite(value)) AS missing, count(*) AS total FROM {{rows}};
