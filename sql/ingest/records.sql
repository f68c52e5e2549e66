-- records: rows parsed in JS (benchmark JSON, CI artifacts) and inserted as Arrow, in canonical form.
-- spread: the ± half-width the data reports for the value, in its unit (NULL where none); records_spread.sql copies
-- it into the source's measurements.
-- slots: {{rows}} view to create, {{staged}} the inserted table, {{dims}} its "d:<name>" columns
CREATE OR REPLACE VIEW {{rows}} AS
SELECT
  ts::TIMESTAMP AS ts,
  metric,
  value::DOUBLE AS value,
  CASE WHEN samples IS NULL THEN NULL ELSE len(samples) END::INTEGER AS n_samples,
  samples::DOUBLE[] AS samples,
  spread::DOUBLE AS spread,
  git_commit, branch, version_tag, environment_hash, run_group_id,
  NULL::BIGINT AS result_id,
  {{dims}}
FROM {{staged}};
