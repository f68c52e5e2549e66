-- data_extent: size and time span of everything loaded.
SELECT count(*) AS rows, count(DISTINCT series_id) AS series, epoch_ms(min(ts)) AS first_ts, epoch_ms(max(ts)) AS last_ts
FROM measurements;
