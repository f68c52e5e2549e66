-- series_ids: every series key the page has seen and its id (a hash of the key; see ingest/keyed_rows.sql).
CREATE TABLE IF NOT EXISTS series_ids (series_key VARCHAR, series_id BIGINT PRIMARY KEY);
