-- canonical_series_dims: the empty table that fixes the column types of the `series_dims` table.
CREATE TABLE IF NOT EXISTS canonical_series_dims (series_key VARCHAR, dim VARCHAR, ordinal INTEGER, value VARCHAR);
