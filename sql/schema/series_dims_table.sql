-- series_dims: dimension values of every series (long form), merged over sources.
-- slots: {{union}} = canonical_series_dims and each source's series-dimension table
CREATE OR REPLACE TABLE series_dims AS
SELECT series_id, any_value(series_key) AS series_key, dim, min(ordinal) AS ordinal, value
FROM ({{union}})
GROUP BY series_id, dim, value;
