-- attach_writable: attach a database file for writing (created when missing).
-- slots: {{file}} quoted literal path, {{alias}} quoted alias, {{options}} '' or (STORAGE_VERSION '…') for a new file
ATTACH {{file}} AS {{alias}} {{options}};
