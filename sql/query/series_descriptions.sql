-- series_descriptions: id, key, label and dimension values of every series in analysis_scope (one row per dimension).
SELECT s.series_id, s.series_key, s.label, d.dim, d.value
FROM analysis_scope s
LEFT JOIN series_dims d ON d.series_id = s.series_id AND d.dim IS NOT NULL
ORDER BY s.series_id, d.ordinal;
