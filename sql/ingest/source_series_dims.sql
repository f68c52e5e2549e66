-- source_series_dims: each series of one source with its key and dimension values, in long form.
-- slots: {{target}}, {{measurements}} the source's measurement table, {{series_key}} key expression,
--        {{dim_columns}} the "d:<name>" columns, {{dim_names}} list literal of names
CREATE OR REPLACE TABLE {{target}} AS
SELECT DISTINCT
  series_id,
  series_key,
  substr(dim, 3) AS dim,
  list_position({{dim_names}}, substr(dim, 3))::INTEGER AS ordinal,
  value
FROM (SELECT series_id, {{series_key}} AS series_key, {{dim_columns}} FROM (SELECT DISTINCT series_id, {{dim_columns}} FROM {{measurements}}))
UNPIVOT INCLUDE NULLS (value FOR dim IN ({{dim_columns}}));
