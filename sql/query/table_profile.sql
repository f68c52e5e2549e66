-- table_profile: per-column distinct count and non-null count of a whole raw table, for mapping guesses.
-- Plain aggregates, not SUMMARIZE: its standard deviation fails on a NaN ("STDDEV_SAMP is out of range").
-- slots: {{table}}; {{aggregates}} count(DISTINCT col) AS "d<i>", count(col) AS "n<i>" per column
SELECT {{aggregates}} FROM {{table}};
