-- source_series_count: how many series a loaded source holds.
-- slots: {{series_dims}} the source's series dimensions table
SELECT count(DISTINCT series_id) AS n FROM {{series_dims}};
