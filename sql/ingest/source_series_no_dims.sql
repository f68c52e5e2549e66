-- source_series_no_dims: the single series of a source that has no dimension columns.
-- slots: {{target}}, {{measurements}} the source's measurement table
CREATE OR REPLACE TABLE {{target}} AS
SELECT DISTINCT series_id, '' AS series_key, NULL::VARCHAR AS dim, 0 AS ordinal, NULL::VARCHAR AS value FROM {{measurements}};
