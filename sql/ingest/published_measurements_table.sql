-- published_measurements_table: the empty measurements table of a published source; its rows arrive per series.
-- slots: {{source_id}} the source id (an integer literal), {{measurements}} the source's measurements table
CREATE TABLE {{measurements}} AS
SELECT {{source_id}}::INTEGER AS source_id, * EXCLUDE (source_id) FROM canonical_measurements WHERE false;
