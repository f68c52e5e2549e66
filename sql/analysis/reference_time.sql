-- reference_time: the time every analysis window is measured back from: an explicit "as of" time, or the
-- newest measurement (a published history viewed months later still shows its own last week).
-- params: $as_of_ms DOUBLE (NULL = newest measurement)
SELECT coalesce($as_of_ms::DOUBLE, epoch_ms(max(ts))::DOUBLE) AS ref_ms FROM measurements;
