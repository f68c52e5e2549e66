-- scope_series: the series the next analysis or listing covers: those matching the dimension filters
-- (all series when there is no filter), kept in a temporary table the analysis queries join.
-- params: $filters VARCHAR (dimension chr(31) value chr(31) ['null'] triples joined by chr(30); '' = no filter)
CREATE OR REPLACE TEMP TABLE analysis_scope AS
WITH wanted AS (
  SELECT split_part(pair, chr(31), 1) AS dim, split_part(pair, chr(31), 2) AS value, split_part(pair, chr(31), 3) = 'null' AS is_null
  FROM (SELECT unnest(string_split($filters, chr(30))) AS pair)
  WHERE pair <> ''
),
matched AS (
  SELECT d.series_id
  FROM series_dims d
  JOIN wanted w ON w.dim = d.dim AND ((w.is_null AND d.value IS NULL) OR d.value = w.value)
  GROUP BY d.series_id
  HAVING count(DISTINCT d.dim) = (SELECT count(DISTINCT dim) FROM wanted)
)
SELECT s.series_id, s.series_key, s.label
FROM series s
WHERE (SELECT count(*) FROM wanted) = 0 OR s.series_id IN (SELECT series_id FROM matched);
