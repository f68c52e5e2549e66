-- metric_info: unit and better direction of each metric name, and a small integer id the measurement rows
-- carry (sorting and grouping by integers is several times faster than by text in DuckDB-WASM).
-- Sources add rows; the user may change the direction.
CREATE TABLE IF NOT EXISTS metric_info (
  metric VARCHAR PRIMARY KEY,
  metric_id INTEGER NOT NULL,
  unit VARCHAR,
  direction VARCHAR NOT NULL CHECK (direction IN ('higher', 'lower'))
);
