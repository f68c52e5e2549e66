-- numeric_text_columns: for each text column of a raw table, how many values it has, how many are numbers (with
-- thousands separators allowed) and how many are written-out missing values (NaN, Infinity, -, n/a, empty).
-- slots: {{table}}; {{aggregates}} per column i: count(col) AS "n<i>", count(*) FILTER (number) AS "num<i>",
--        count(*) FILTER (missing) AS "miss<i>", count(*) FILTER (thousands separator) AS "sep<i>"
SELECT {{aggregates}} FROM {{table}};
