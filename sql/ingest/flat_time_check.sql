-- flat_time_check: how many rows of a flat table have a value in the mapped time column, how many of those the time
-- expression reads, and one value it cannot read (for the message).
-- slots: {{column}} the time column; {{ts}} the time expression; {{from}} the raw table with __row
SELECT count({{column}}) AS present, count({{ts}}) AS parsed,
       any_value({{column}}::VARCHAR) FILTER (WHERE {{ts}} IS NULL AND {{column}} IS NOT NULL) AS example
FROM {{from}};
