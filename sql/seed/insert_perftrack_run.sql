-- insert_perftrack_run: one recorded run appended to perftrack_runs.
-- params: $name VARCHAR, $run VARCHAR (the run file's JSON text)
-- slots: {{db}} quoted database alias
INSERT INTO {{db}}.perftrack_runs (name, run) VALUES ($name, $run);
