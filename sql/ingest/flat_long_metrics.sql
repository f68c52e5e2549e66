-- flat_long_metrics: the metric names of a long-format flat table, each with a unit its rows give ('' if none).
-- slots: {{raw}} quoted raw table, {{metric}} quoted metric column, {{unit}} quoted unit column or '' when there is none
SELECT {{metric}}::VARCHAR AS metric, any_value({{unit}}::VARCHAR) AS unit FROM {{raw}} GROUP BY 1 ORDER BY 1;
