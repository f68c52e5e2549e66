-- data_extent: size and time span of everything loaded.
SELECT coalesce(sum(points), 0)::BIGINT AS rows, count(DISTINCT series_id) AS series,
       epoch_ms(min(first_ts)) AS first_ts, epoch_ms(max(last_ts)) AS last_ts
FROM series_summary;
