-- insert_rows_by_name: copy staged rows into a seed table by column name, skipping rows whose key exists.
-- slots: {{table}} target table, {{staged}} staged table
INSERT OR IGNORE INTO {{table}} BY NAME SELECT * FROM {{staged}};
