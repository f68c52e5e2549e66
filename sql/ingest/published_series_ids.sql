-- published_series_ids: register the series of a published history that are not known yet.
-- slots: {{series_dims}} the source's series dimensions table
INSERT INTO series_ids
SELECT DISTINCT series_key, series_id FROM {{series_dims}} WHERE series_id NOT IN (SELECT series_id FROM series_ids);
