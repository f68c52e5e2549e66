-- run_commit_context: the commit context of every run of one source (for its run list).
-- slots: {{commits}} the source's commit context table
SELECT run_group_id, git_commit, commit_url, message, author FROM {{commits}};
