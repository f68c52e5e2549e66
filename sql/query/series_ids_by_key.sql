-- series_ids_by_key: the ids of the series with these keys.
-- params: $keys VARCHAR (series keys joined by chr(30))
SELECT series_id FROM series_ids WHERE list_contains(string_split($keys, chr(30)), series_key);
