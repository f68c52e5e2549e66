-- create_perftrack_runs: the table `record FILE… --db FILE.duckdb` appends recorded runs to, one row per run: its
-- name and the run file's JSON text (perftrack record version 2), read back by the page and the CLI as the runs of
-- a folder are.
-- slots: {{db}} quoted database alias
CREATE TABLE IF NOT EXISTS {{db}}.perftrack_runs (
  name VARCHAR NOT NULL,
  recorded_at TIMESTAMP DEFAULT current_timestamp,
  run VARCHAR NOT NULL
);
