-- canonical_series_dims: the empty table that fixes the column types of each source's series-dimension table.
CREATE TABLE IF NOT EXISTS canonical_series_dims (series_id BIGINT, series_key VARCHAR, dim VARCHAR, ordinal INTEGER, value VARCHAR);
