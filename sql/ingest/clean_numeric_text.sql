-- clean_numeric_text: a copy of a raw table whose text columns of numbers become DOUBLE: thousands separators
-- removed, NaN / Infinity / - / n/a / empty / out-of-range values NULL (missing), in the same row order.
-- slots: {{target}} table to create; {{source}} the raw table; {{replacements}} "expr AS col" per cleaned column
CREATE OR REPLACE TABLE {{target}} AS SELECT * REPLACE ({{replacements}}) FROM {{source}};
