-- keyed_rows: a source's canonical rows with the series key (name=value pairs joined by '|').
-- slots: {{keyed}} view to create, {{rows}} canonical rows, {{series_key}} key expression
CREATE OR REPLACE VIEW {{keyed}} AS SELECT *, {{series_key}} AS series_key FROM {{rows}};
