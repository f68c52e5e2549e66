-- table_describe: the columns of a table or query and their types, in order.
-- slots: {{table}}
DESCRIBE SELECT * FROM {{table}};
