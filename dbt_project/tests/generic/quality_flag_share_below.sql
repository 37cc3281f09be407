{#-
    Error-level guard over a warn-level plausibility flag: one row when more than max_share of
    the model's rows carry the flag in column_name (quality_flags). A few flagged rows are
    heuristic misses and only warn; a large share means an extractor is systematically wrong.
-#}
{% test quality_flag_share_below(model, column_name, flag, max_share=0.05) %}

with

counts as (

    select
        count(*) as total_rows,
        count(*) filter (where list_contains({{ column_name }}, '{{ flag }}')) as flagged_rows
    from {{ model }}

)

select
    '{{ flag }}' as flag,
    flagged_rows,
    total_rows,
    flagged_rows::double / total_rows as flagged_share,
    {{ max_share }} as max_share
from counts
where total_rows > 0
  and flagged_rows::double / total_rows > {{ max_share }}

{% endtest %}
