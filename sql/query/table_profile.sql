-- table_profile: per-column type, distinct count and null share of a raw table (on a sample), for mapping guesses.
-- slots: {{table}}
SUMMARIZE SELECT * FROM {{table}} USING SAMPLE 20000 ROWS;
