{#- Rows whose column is negative (nulls pass): counts such as num_killed are lower bounds, never below 0. -#}
{% test non_negative(model, column_name) %}

select {{ column_name }}
from {{ model }}
where {{ column_name }} < 0

{% endtest %}
