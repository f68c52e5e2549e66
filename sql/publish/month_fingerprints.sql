-- month_fingerprints: per calendar month (UTC) of the loaded measurements, how many rows and a fingerprint of
-- their content, so a re-publish rewrites only the months that changed.
SELECT strftime(ts, '%Y-%m') AS month, count(*)::BIGINT AS rows,
       bit_xor(hash(series_id, metric_id, ts, value, git_commit, version_tag))::VARCHAR AS fingerprint,
       epoch_ms(min(ts)) AS first_ts, epoch_ms(max(ts)) AS last_ts
FROM measurements
GROUP BY 1
ORDER BY 1;
