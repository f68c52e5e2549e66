-- checkpoint: write an attached database's WAL into its file.
-- slots: {{alias}} quoted alias
CHECKPOINT {{alias}};
