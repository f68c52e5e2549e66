-- max_result_id: the newest result id of an attached seed database (the id `record` just assigned).
-- slots: {{db}} attached database
SELECT max(id) AS id FROM {{db}}.performance_results;
