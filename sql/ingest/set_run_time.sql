-- set_run_time: move one run of a source (the rows of one run_group_id: one imported file) to another time.
-- Its earliest measurement lands on $ts_ms; the others keep their offsets from it (a run whose benchmarks
-- started at different times keeps their spacing). The measurements view reads the table, so nothing else is
-- rebuilt; the source's raw samples (joined on time) are moved by the engine first, in the same transaction.
-- params: $ts_ms DOUBLE (epoch ms, UTC), $run_group VARCHAR
-- slots: {{table}} the source's measurement table (src_<id>_m)
UPDATE {{table}}
SET ts = ts + (epoch_ms($ts_ms::BIGINT) - (SELECT min(ts) FROM {{table}} WHERE run_group_id = $run_group))
WHERE run_group_id = $run_group;
