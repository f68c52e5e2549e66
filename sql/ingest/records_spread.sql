-- records_spread: the source's measurements again, each with the ± half-width its parsed record reports (NULL where
-- none). Matched on series, metric, time, run and value (a run holds one value per series and metric at a time; rows
-- alike in all of these are one key, so no row is repeated). One bulk copy: an UPDATE of every row cost as much.
-- slots: {{measurements}} the source's measurements table (src_<id>_m), {{keyed}} its keyed view
CREATE OR REPLACE TABLE {{measurements}} AS
SELECT m.*, k.spread
FROM {{measurements}} m
LEFT JOIN (
  SELECT series_id, metric, ts, value, run_group_id, any_value(spread) AS spread
  FROM {{keyed}}
  WHERE spread IS NOT NULL
  GROUP BY ALL
) k ON k.series_id = m.series_id AND k.metric = m.metric AND k.ts = m.ts AND k.value = m.value
   AND k.run_group_id IS NOT DISTINCT FROM m.run_group_id;
