-- drop_table: drop a table of the engine's own (staged rows, a source's tables), if it is there.
-- slots: {{table}} quoted table name
DROP TABLE IF EXISTS {{table}};
