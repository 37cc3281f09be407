{#-
    Data tests over the rows an add-one build rebuilt (README "Adding one article").

    An incremental mart's build records the articles whose rows it rebuilt in
    intermediate.mart_rebuilt (consume_marks, macros/mart_changes.sql): one row with all_rows true
    when it was rebuilt whole, else a header row (article_id null, all_rows false) and one row per
    marked article. Its other rows were not written by this build.

    When intermediate.data_tests_scope holds 'changed', the tests whose work grows with each row's
    text (the offsets tests, which cut every mention out of its article's body, and the takeover
    text-cue test, which runs patterns over every fact's words) read only the rows the incremental
    marts rebuilt. The warehouse step writes 'changed' there only for the build that follows one of
    the whole project that ran these tests with the same project (models, tests, macros, seeds,
    settings) and saw each pass (newswh.store.dbt_results.data_tests_scope), and 'all' again when
    dbt is done: the rows not rebuilt since were checked by the same test, so a test that could
    fail on them still fails. Any other build (the first, after a change of the project, after a
    failure, after a build killed midway, `dbt build` by hand after a finished run) tests every
    row. (A table, not a dbt var: a var that changes from one build to the next makes dbt parse the
    whole project again.)

    The other tests always read every row. Narrowing the generic ones that check a row alone
    (not_null, accepted_values ...) was measured at 2,000 articles: a column scan costs less than
    the look-up of what was rebuilt, each test lost time. Relationships, unique and the tests that
    compare rows or count a share of them could not be narrowed soundly anyway (a parent rebuilt
    whole can lose a key an unchanged child row points to).

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

{#- A predicate on `mart`'s rows: those its build rebuilt (all rows unless narrowed). -#}
{% macro rebuilt_rows(mart, column='article_id') -%}
    {%- set articles = rebuilt_articles_relation(mart) -%}
    {%- if articles is none -%}
        true /* {{ scoped_mark() }}: all rows */
    {%- else -%}
        {{ column }} in {{ articles }} /* {{ scoped_mark() }}: rebuilt rows */
    {%- endif -%}
{%- endmacro %}
