-- csv_raw: load a registered CSV/TSV file as a raw table; DuckDB sniffs delimiter, header and types.
-- slots: {{table}} table to create, {{file}} quoted file name
CREATE OR REPLACE TABLE {{table}} AS SELECT * FROM read_csv({{file}}, auto_detect = true, sample_size = 20480, normalize_names = false);
