-- delete_baselines: remove the stored baselines of the configurations about to get new ones.
-- slots: {{db}} attached seed database, {{staged}} staged baselines (series_key, metric, …)
DELETE FROM {{db}}.performance_baselines b
USING (SELECT DISTINCT i.* FROM {{staged}} s JOIN seed_series_ids i USING (series_key)) k
WHERE b.model_id = k.model_id AND b.hardware_id = k.hardware_id AND b.batch_size IS NOT DISTINCT FROM k.batch_size
  AND b.sequence_length IS NOT DISTINCT FROM k.sequence_length AND b.precision IS NOT DISTINCT FROM k.precision;
