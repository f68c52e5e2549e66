-- attach_read_only: attach a registered database file under an alias, read-only.
-- slots: {{file}} quoted literal path as registered, {{alias}} quoted alias
ATTACH {{file}} AS {{alias}} (READ_ONLY);
