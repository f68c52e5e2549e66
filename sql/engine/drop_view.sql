-- drop_view: drop a view of the engine's own (a source's views), if it is there.
-- slots: {{view}} quoted view name
DROP VIEW IF EXISTS {{view}};
