{#-
    Data tests over the rows an add-one build rebuilt (README "Adding one article").

    An incremental mart's build records the articles whose rows it rebuilt in
    intermediate.mart_rebuilt (consume_marks, macros/mart_changes.sql): one row with all_rows true
    when it was rebuilt whole, else a header row (article_id null, all_rows false) and one row per
    marked article. Its other rows were not written by this build.

    When intermediate.data_tests_scope holds 'changed', the tests that read a mart's rows one at a
    time check only the rebuilt rows, and its unique tests check the rebuilt rows' keys against the
    whole table. The warehouse step writes 'changed' there only for the build that follows one of
    the whole project that ran every such test with the same project (models, tests, macros, seeds,
    settings) and saw each pass (newswh.store.dbt_results.data_tests_scope), and 'all' again when
    dbt is done: the rows not rebuilt since were checked by the same test, so a test that could
    fail on them still fails. Any other build (the first, after a change of the project, after a
    failure, after a build killed midway, `dbt build` by hand after a finished run) tests every
    row. (A table, not a dbt var: a var that changes from one build to the next makes dbt parse the
    whole project again.)
    Relationships are always tested whole: a parent table rebuilt whole can lose a key an unchanged
    child row points to; so are the tests that compare rows or count a share of them.

    Every test that can be narrowed says so in its SQL (SCOPED_MARK), whatever the scope, so the
    warehouse step can tell from run_results.json which tests the next build may narrow.
-#}

{% macro scoped_mark() -%}newswh-scopable{%- endmacro %}

{#- The articles `mart` rebuilt in this build, or none when every row is to be tested: the scope is
    not 'changed', or the mart was rebuilt whole, or records no rebuilt rows (not incremental). -#}
{% macro rebuilt_articles_relation(mart) -%}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set scope = adapter.get_relation(database=target.database, schema='intermediate', identifier='data_tests_scope') -%}
    {%- set rebuilt = adapter.get_relation(database=target.database, schema='intermediate', identifier='mart_rebuilt') -%}
    {%- if scope is none or rebuilt is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set held = run_query(
        "select count(*), count(*) filter (where all_rows), "
        ~ "(select count(*) from " ~ scope ~ " where scope = 'changed') "
        ~ "from " ~ rebuilt ~ " where mart = '" ~ mart ~ "'"
    ) -%}
    {%- if held.rows[0][2] == 0 or held.rows[0][0] == 0 or held.rows[0][1] > 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return("(select article_id from " ~ rebuilt ~ " where mart = '" ~ mart ~ "' and article_id is not null)") }}
{%- endmacro %}

{#- A predicate on `mart`'s rows: those its build rebuilt (all rows unless narrowed). fct_events is
    rebuilt by event: the events with a mention in the articles it was handed. -#}
{% macro rebuilt_rows(mart, column=none) -%}
    {%- set articles = rebuilt_articles_relation(mart) -%}
    {%- if articles is none -%}
        true /* {{ scoped_mark() }}: all rows */
    {%- elif mart == 'fct_events' -%}
        {%- set mentions = adapter.get_relation(database=target.database, schema='intermediate', identifier='int_event_mentions') -%}
        {{ column or 'event_id' }} in (select event_id from {{ mentions }} where article_id in {{ articles }}) /* {{ scoped_mark() }}: rebuilt rows */
    {%- else -%}
        {{ column or 'article_id' }} in {{ articles }} /* {{ scoped_mark() }}: rebuilt rows */
    {%- endif -%}
{%- endmacro %}

{#- dbt's `where` subquery, narrowed for the generic tests that check each row alone (var
    rebuilt_rows_tests) on a mart that records its rebuilt rows. -#}
{% macro default__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set test_name = (model.get('test_metadata') or {}).get('name') -%}
    {%- if test_name in var('rebuilt_rows_tests', []) and relation.identifier is defined -%}
        {%- set narrowed = rebuilt_rows(relation.identifier) -%}
        {%- set where = '(' ~ where ~ ') and ' ~ narrowed if where else narrowed -%}
    {%- endif -%}
    {%- if where -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}

{#- dbt's unique test: a key of a rebuilt row is looked up in the whole table, so a rebuilt row
    that repeats a key of a row kept from an earlier build is still caught. -#}
{% macro default__test_unique(model, column_name) %}
{%- set narrowed = model.identifier is defined and rebuilt_articles_relation(model.identifier) is not none %}
select
    {{ column_name }} as unique_field,
    count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
{%- if narrowed %}
  and {{ column_name }} in (
      select {{ column_name }} from {{ model }}
      where {{ rebuilt_rows(model.identifier, column_name if model.identifier == 'fct_events' else none) }}
  )
{%- else %} /* {{ scoped_mark() }}: all rows */
{%- endif %}
group by {{ column_name }}
having count(*) > 1
{% endmacro %}
