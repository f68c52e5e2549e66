-- register_series: remember the key of every series id a source brings that the page has not seen yet.
-- slots: {{series_dims}} the source's series-dimension table
INSERT INTO series_ids
SELECT DISTINCT series_key, series_id FROM {{series_dims}}
WHERE series_id NOT IN (SELECT series_id FROM series_ids);
