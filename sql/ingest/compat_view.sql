-- compat_view: a view over a source table that has every column an ingest query expects;
-- columns the table lacks are NULL of the expected type.
-- slots: {{view}} view name, {{columns}} column list, {{table}} source table
CREATE OR REPLACE VIEW {{view}} AS SELECT {{columns}} FROM {{table}};
