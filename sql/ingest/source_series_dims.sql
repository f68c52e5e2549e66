-- source_series_dims: each series of one source with its key and dimension values, in long form. The distinct
-- dimension values are read from the source's rows and their ids computed once per series; only series with
-- measurements are listed.
-- slots: {{target}}, {{series_rows}} the source's rows with "d:<name>" columns (canonical or one per result),
--        {{measurements}} the source's measurement table, {{series_id}} series id expression,
--        {{series_key}} key expression, {{dim_columns}} the "d:<name>" columns, {{dim_names}} list literal of names
CREATE OR REPLACE TABLE {{target}} AS
SELECT DISTINCT
  series_id,
  series_key,
  substr(dim, 3) AS dim,
  list_position({{dim_names}}, substr(dim, 3))::INTEGER AS ordinal,
  value
FROM (
  SELECT * FROM (
    SELECT {{series_id}} AS series_id, {{series_key}} AS series_key, {{dim_columns}}
    FROM (SELECT DISTINCT {{dim_columns}} FROM {{series_rows}})
  )
  WHERE series_id IN (SELECT series_id FROM {{measurements}})
)
UNPIVOT INCLUDE NULLS (value FOR dim IN ({{dim_columns}}));
