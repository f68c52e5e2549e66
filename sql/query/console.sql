-- console: the SQL console's one read-only query, with at most {{limit}} rows (one more than shown, to tell the user
-- there are more). The only slot that takes the user's text: queries.ts hands over a single statement that
-- statement-kind.ts classified as a query, and DuckDB runs it locked to the opened sources' files (file-lock.ts).
-- slots: {{statement}} the user's query, {{limit}} an integer literal
SELECT * FROM (
{{statement}}
) LIMIT {{limit}};
