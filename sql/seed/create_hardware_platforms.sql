-- create_hardware_platforms: the seed's hardware_platforms table, if missing.
-- slots: {{db}} attached database
CREATE TABLE IF NOT EXISTS {{db}}.hardware_platforms (
  hardware_id INTEGER PRIMARY KEY, hardware_type VARCHAR, device_name VARCHAR, compute_units INTEGER, memory_capacity FLOAT
);
