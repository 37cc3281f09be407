{#-
    The event-data coding rule (asserted events; positions stay) and its dyad setting (README "Coding rule"), like PETRARCH's require_dyad:
    true when an event of this code needs a coded target to be recorded. With var require_dyad
    (default true) every CAMEO root but those of var roots_without_target does: statements (01) and
    appeals (02) are often made to no one in particular ("Lavrov said", "called for calm"), while
    cooperation, demands, threats, recognition, force and the rest (03-20) are done to someone.
    With require_dyad false no code needs a target.
-#}
{#-
    Whether the coding rule applies: var coded_events_only (default true), which the environment
    variable NEWSWH_CODED_EVENTS_ONLY overrides ("false" keeps every consolidated event in fct_events:
    `make eval-events` scores event detection so, newswh/evals/eval_events.py).
-#}
{% macro coding_rule_on() -%}
    {{- return(env_var('NEWSWH_CODED_EVENTS_ONLY', var('coded_events_only') | string) | lower in ('true', '1', 'yes')) -}}
{%- endmacro %}

{% macro needs_target(event_code) -%}
    {%- if var('require_dyad') | string | lower in ('true', '1', 'yes') -%}
        coalesce(left({{ event_code }}, 2) not in (
            {%- for root in var('roots_without_target') %}'{{ root }}'{{ ', ' if not loop.last }}{% endfor -%}
        ), true)
    {%- else -%}
        false
    {%- endif -%}
{%- endmacro %}
