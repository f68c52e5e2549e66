-- perftrack_runs: the recorded runs of an attached database, in the order they were appended.
-- slots: {{table}} quoted perftrack_runs table of the attached database
SELECT name, run FROM {{table}} ORDER BY recorded_at, name;
