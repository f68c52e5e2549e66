-- published_summary_types: a published history's summary arrives with metric ids as wider integers; store them as the
-- canonical summary types them.
-- slots: {{summary}} the source's summary table
ALTER TABLE {{summary}} ALTER metric_id TYPE INTEGER;
