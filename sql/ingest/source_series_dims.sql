-- source_series_dims: the dimension values of each series of one source, in long form.
-- slots: {{target}}, {{keyed}}, {{dim_columns}} the "d:<name>" columns, {{dim_names}} list literal of names
CREATE OR REPLACE TABLE {{target}} AS
SELECT DISTINCT
  series_key,
  substr(dim, 3) AS dim,
  list_position({{dim_names}}, substr(dim, 3))::INTEGER AS ordinal,
  value
FROM (SELECT DISTINCT series_key, {{dim_columns}} FROM {{keyed}})
UNPIVOT INCLUDE NULLS (value FOR dim IN ({{dim_columns}}));
