-- series: one row per series with a readable label built from its dimension values in order.
CREATE OR REPLACE TABLE series AS
SELECT
  series_id,
  series_key,
  coalesce(
    string_agg(
      CASE WHEN value IS NULL THEN NULL
           WHEN regexp_full_match(value, '-?[0-9]+([.][0-9]+)?') THEN dim || '=' || value
           ELSE value END,
      ' · ' ORDER BY ordinal),
    'all') AS label
FROM series_dims
GROUP BY series_id, series_key;
