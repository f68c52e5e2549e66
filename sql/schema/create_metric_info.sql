-- metric_info: unit and better direction of each metric name; sources add rows, the user may change direction.
CREATE TABLE IF NOT EXISTS metric_info (
  metric VARCHAR PRIMARY KEY,
  unit VARCHAR,
  direction VARCHAR NOT NULL CHECK (direction IN ('higher', 'lower'))
);
