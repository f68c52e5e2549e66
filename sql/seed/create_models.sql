-- create_models: the seed's models table, if missing.
-- slots: {{db}} attached database
CREATE TABLE IF NOT EXISTS {{db}}.models (
  model_id INTEGER PRIMARY KEY, model_name VARCHAR, model_type VARCHAR, model_family VARCHAR, model_size VARCHAR
);
