-- commit_context_empty: the commit context table of a source whose runs carry none (same columns as commit_context).
-- slots: {{target}} table to create
CREATE OR REPLACE TABLE {{target}} (
  run_group_id VARCHAR, git_commit VARCHAR, commit_url VARCHAR, message VARCHAR, author VARCHAR
);
