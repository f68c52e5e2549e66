-- keyed_rows: a source's canonical rows with their series id: a 53-bit hash of the series' dimension names and
-- values, so the same dimensions in two files give the same id, and rows carry an integer rather than the
-- key text (sorting and grouping by text is several times slower in DuckDB-WASM; hashing the columns costs
-- a tenth of building the key string for every row). The key text is built once per series, in
-- source_series_dims.sql.
-- slots: {{keyed}} view to create, {{rows}} canonical rows, {{series_hash}} hash expression over the dimensions
CREATE OR REPLACE VIEW {{keyed}} AS SELECT *, ({{series_hash}} >> 11)::BIGINT AS series_id FROM {{rows}};
