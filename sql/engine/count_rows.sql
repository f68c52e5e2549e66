-- count_rows: how many rows a table holds.
-- slots: {{table}} quoted (optionally qualified) table name
SELECT count(*) AS n FROM {{table}};
