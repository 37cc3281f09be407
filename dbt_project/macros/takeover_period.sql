{#-
    Where a dated fact falls relative to the Taliban takeover of Kabul (var takeover_date,
    2021-08-15). Dates are inclusive intervals:
      pre_takeover    the interval ends before the takeover day
      post_takeover   the interval starts on or after it
      spans_takeover  the interval contains it ("in August 2021")
      undated         no interval
-#}
{% macro takeover_period(date_start, date_end) -%}
    case
        when {{ date_start }} is null or {{ date_end }} is null then 'undated'
        when {{ date_end }} < date '{{ var("takeover_date") }}' then 'pre_takeover'
        when {{ date_start }} >= date '{{ var("takeover_date") }}' then 'post_takeover'
        else 'spans_takeover'
    end
{%- endmacro %}
