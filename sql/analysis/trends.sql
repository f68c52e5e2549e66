-- trends: the seed's trend statistics per series and metric in analysis_scope over the trend window with at
-- least $min_samples points: coefficient of variation, least-squares fit on the sample index (slope, r²),
-- and the first and last sample.
-- params: $ref_ms DOUBLE, $days DOUBLE, $min_samples INTEGER
WITH points AS (
  SELECT m.series_key, m.metric, m.ts, m.value,
         (row_number() OVER (PARTITION BY m.series_key, m.metric ORDER BY m.ts) - 1)::DOUBLE AS idx
  FROM measurements m
  JOIN analysis_scope USING (series_key)
  WHERE m.ts > epoch_ms(($ref_ms - $days * 86400000)::BIGINT) AND m.ts <= epoch_ms($ref_ms::BIGINT)
)
SELECT series_key, metric, count(*)::INTEGER AS n, avg(value) AS mean, stddev_samp(value) AS stddev,
       regr_slope(value, idx) AS slope, regr_intercept(value, idx) AS intercept, regr_r2(value, idx) AS r2,
       arg_min(value, ts) AS first_value, arg_max(value, ts) AS last_value,
       epoch_ms(min(ts)) AS first_ts, epoch_ms(max(ts)) AS last_ts
FROM points
GROUP BY series_key, metric
HAVING count(*) >= $min_samples::INTEGER
ORDER BY series_key, metric;
