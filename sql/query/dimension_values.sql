-- dimension_values: every dimension with its values and how many series carry each value.
SELECT dim, value, count(DISTINCT series_id) AS series, min(ordinal) AS ordinal
FROM series_dims
WHERE dim IS NOT NULL
GROUP BY dim, value
ORDER BY min(min(ordinal)) OVER (PARTITION BY dim), dim, value NULLS LAST;
