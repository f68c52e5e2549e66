-- samples: every loaded source's raw samples as one relation.
-- slots: {{union}} = canonical_samples and each source's samples table, joined with UNION ALL BY NAME
CREATE OR REPLACE VIEW samples AS {{union}};
