{#-
    Plausibility checks on extraction, as data. The pipeline cannot guarantee these by
    construction (they judge what a heuristic read in the text), so a breach marks the row
    instead of failing the build: each mart listed here carries a quality_flags column
    (varchar[], the names of the rules its row breaks, [] when clean). The warn-level tests in
    tests/ return the flagged rows; the error-level test quality_flag_share_below fails only
    when a flag marks more than a set share of a mart's rows (a systematic fault, not a miss).
    Each condition reads the columns of the CTE the model computes its flags in; a null
    condition does not flag.
-#}
{% macro quality_flag_rules(model_name) %}
    {%- set rules = {
        'fct_event_mentions': [
            {
                'name': 'reported_after_publication',
                'condition': "reported_date_start > coalesce(published_date, published_date_max) and modality not in ('planned', 'hypothetical', 'requested')",
            },
        ],
        'fct_events': [
            {
                'name': 'recognition_without_source',
                'condition': "event_code like '054%' and modality = 'asserted' and source_actor_id is null",
            },
        ],
    } -%}
    {{ return(rules[model_name]) }}
{% endmacro %}

{#- The quality_flags expression of a model: the names of the rules its row breaks. -#}
{% macro quality_flags(model_name) -%}
    list_filter(
        [
            {%- for rule in quality_flag_rules(model_name) %}
            case when {{ rule.condition }} then '{{ rule.name }}' end{{ ',' if not loop.last }}
            {%- endfor %}
        ]::varchar[],
        flag -> flag is not null
    )
{%- endmacro %}
