-- commit_context: a source's commit context, one row per run that has any: the commit's page, message and author
-- as the data gives them (a data.js entry, a recorded run's --message).
-- slots: {{target}} table to create, {{staged}} the runs' rows staged from JS
CREATE OR REPLACE TABLE {{target}} AS
SELECT run_group_id::VARCHAR AS run_group_id, git_commit::VARCHAR AS git_commit, commit_url::VARCHAR AS commit_url,
       message::VARCHAR AS message, author::VARCHAR AS author
FROM {{staged}};
