{#-
    Incremental marts rebuilt per article (README "Adding articles"). The Python step that changes
    a mart's inputs marks the articles it changed in raw.mart_changes (a null article: all of them),
    in the transaction of its own outputs. A mart's build deletes the marked articles' rows
    (pre-hook), inserts them again from its query filtered by `marked_articles` and empties its
    marks (post-hook), all in the transaction of the mart, so a build killed midway leaves the
    mart and its marks as they were for the next one. A distributed build reads the raw layer from
    files that carry no marks: there the mart is a plain table (`mart_materialization`).
-#}
{% macro mart_materialization() -%}
    {{ return('table' if env_var('NEWSWH_RAW_FILES_SOURCE', '') else 'incremental') }}
{%- endmacro %}

{% macro marked_articles(mart, column='article_id') -%}
    ({{ column }} in (select article_id from raw.mart_changes where mart = '{{ mart }}')
     or exists (select 1 from raw.mart_changes where mart = '{{ mart }}' and article_id is null))
{%- endmacro %}

{% macro delete_marked_rows(mart) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ marked_articles(mart) }}
    {%- endif -%}
{%- endmacro %}

{% macro consume_marks(mart) -%}
    {#- A warehouse whose raw layer has no marks table (no actor step ran yet) has nothing to empty. -#}
    {%- if execute and adapter.get_relation(database=this.database, schema='raw', identifier='mart_changes') is not none -%}
        delete from raw.mart_changes where mart = '{{ mart }}'
    {%- endif -%}
{%- endmacro %}
