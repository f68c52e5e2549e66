-- series_dims_of: dimension values of the listed series.
-- params: $keys VARCHAR (series keys joined by chr(30))
SELECT series_key, dim, value
FROM series_dims
WHERE dim IS NOT NULL AND series_key IN (SELECT unnest(string_split($keys, chr(30))))
ORDER BY series_key, ordinal;
