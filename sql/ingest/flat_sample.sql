-- flat_sample: the first rows of a flat table's raw import, to guess its column mapping from.
-- slots: {{table}} quoted raw table
SELECT * FROM {{table}} LIMIT 5;
