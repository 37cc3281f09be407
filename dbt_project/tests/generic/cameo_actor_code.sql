{#-
    Rows whose column is not a CAMEO actor code (nulls pass): one to five three-letter upper-case
    parts - a country and a role (RUSGOV), a known group (TAL) or a Phoenix code (NGOHRIMED).
-#}
{% test cameo_actor_code(model, column_name) %}

select {{ column_name }}
from {{ model }}
where not regexp_full_match({{ column_name }}, '([A-Z]{3}){1,5}')

{% endtest %}
