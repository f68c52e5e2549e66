-- detach: detach an attached database (for a file opened for writing, this checkpoints it and releases its lock).
-- slots: {{alias}} quoted alias
DETACH {{alias}};
