-- keyed_rows: a source's canonical rows with their series id (see seriesIdExpression in engine.ts: a hash of the
-- series' dimension names and values, so rows carry an integer rather than the key text).
-- slots: {{keyed}} view to create, {{rows}} canonical rows, {{series_id}} the series id expression
CREATE OR REPLACE VIEW {{keyed}} AS SELECT *, {{series_id}} AS series_id FROM {{rows}};
