-- table_profile_sample: table_profile on a sample of 20,000 rows, for a raw table too large to profile whole.
-- slots: {{table}}; {{aggregates}} count(DISTINCT col) AS "d<i>", count(col) AS "n<i>" per column
SELECT {{aggregates}} FROM (SELECT * FROM {{table}} USING SAMPLE 20000 ROWS);
