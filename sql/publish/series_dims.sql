-- series_dims: every series' dimension values, for a published summary.
SELECT series_id, dim, ordinal, value FROM series_dims WHERE dim IS NOT NULL ORDER BY series_id, ordinal;
