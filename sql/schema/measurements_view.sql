-- measurements: every loaded source's canonical rows as one relation.
-- slots: {{union}} = canonical_measurements and each source's table, joined with UNION ALL BY NAME
CREATE OR REPLACE VIEW measurements AS {{union}};
