-- series: every series with its id, key and label, for a published summary.
SELECT series_id, series_key, label FROM series ORDER BY series_id;
