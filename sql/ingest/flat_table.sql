-- flat_table: a user table (CSV, Parquet, JSON records) mapped onto canonical rows. The mapping form
-- decides which columns play which part; code fills the slots with quoted identifiers only.
-- slots: {{rows}} view to create; {{ts}} timestamp expression; {{attribution}} git_commit … run_group_id
--        expressions; {{dims}} "d:<name>" columns; {{metric}} and {{value}} expressions; {{from}} the raw
--        table, unpivoted to (metric, value) for a wide layout
CREATE OR REPLACE VIEW {{rows}} AS
SELECT
  {{ts}} AS ts,
  {{attribution}},
  NULL::BIGINT AS result_id,
  {{dims}}
  {{metric}} AS metric,
  {{value}} AS value,
  NULL::INTEGER AS n_samples,
  NULL::DOUBLE[] AS samples
FROM {{from}};
