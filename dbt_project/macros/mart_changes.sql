{#-
    Incremental marts rebuilt per article (README "Adding one article"). The Python step that
    changes a mart's inputs marks the articles it changed in raw.mart_changes (a null article: all
    of them), in the transaction of its own outputs. A mart's build deletes the marked articles'
    rows (pre-hook), inserts them again from its query filtered by `marked_articles` and empties
    its marks (post-hook), all in the transaction of the mart, so a build killed midway leaves the
    mart and its marks as they were for the next one.

    Marks say which inputs changed, not whether the mart's code did: the build records a hash of
    the mart's code, of every model and seed upstream of it, of the project's macros (their hash is
    NEWSWH_DBT_MACROS_HASH, set by the warehouse step; a build without it rebuilds whole) and of the
    settings its SQL reads (intermediate.mart_code_versions), and a mart whose code changed since is
    rebuilt whole, as a table would be.

    An intermediate model can be incremental the same way and hand its marks on: `hand_on_marks`
    (a pre-hook) copies its marked articles to the marts that read it, or marks all of them when
    it is rebuilt whole, in the transaction that builds it. A distributed build reads the raw
    layer from files that carry no marks: there the mart is a plain table (`mart_materialization`),
    and records no code version, so the next local build rebuilds it whole too.
-#}
{% macro mart_materialization() -%}
    {{ return('table' if env_var('NEWSWH_RAW_FILES_SOURCE', '') else 'incremental') }}
{%- endmacro %}

{% macro mart_code_version() -%}
    {%- set parts = [model.checksum.checksum, env_var('NEWSWH_DBT_MACROS_HASH', 'unknown macros'), mart_settings()] -%}
    {%- for uid in upstream_nodes(model.depends_on.nodes) | sort -%}
        {%- do parts.append(uid ~ '=' ~ (graph.nodes[uid].checksum.checksum if uid in graph.nodes else '')) -%}
    {%- endfor -%}
    {{ return(local_md5(parts | join(','))) }}
{%- endmacro %}

{#- Every model and seed a node reads, directly or through others (a seed's checksum is its file's). -#}
{% macro upstream_nodes(direct) -%}
    {%- set seen = [] -%}
    {%- do collect_upstream(direct, seen) -%}
    {{ return(seen) }}
{%- endmacro %}

{% macro collect_upstream(uids, seen) -%}
    {%- for uid in uids -%}
        {%- if uid not in seen -%}
            {%- do seen.append(uid) -%}
            {%- if uid in graph.nodes -%}
                {%- do collect_upstream(graph.nodes[uid].depends_on.nodes, seen) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}

{#- The settings the marts' SQL reads besides their code: the coding rule and the takeover date. -#}
{% macro mart_settings() -%}
    {{ return([
        env_var('NEWSWH_CODED_EVENTS_ONLY', var('coded_events_only') | string),
        var('require_dyad') | string, var('roots_without_target') | join('/'), var('takeover_date'),
    ] | join(';')) }}
{%- endmacro %}

{#- True when only marked articles are to be rebuilt: the mart exists and was built by this code,
    and the warehouse holds the marks (a raw layer read from files has none: then all rows are). -#}
{% macro mart_is_current(mart) -%}
    {#- A dbt unit test builds the model from its given rows alone: all of them, no marks. -#}
    {%- if model.resource_type == 'unit_test' or not (execute and is_incremental()) -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set versions = adapter.get_relation(database=this.database, schema='intermediate', identifier='mart_code_versions') -%}
    {%- set marks = adapter.get_relation(database=this.database, schema='raw', identifier='mart_changes') -%}
    {%- if versions is none or marks is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set held = run_query("select code_version from " ~ versions ~ " where mart = '" ~ mart ~ "'") -%}
    {{ return(held.rows | length == 1 and held.rows[0][0] == mart_code_version()) }}
{%- endmacro %}

{% macro marked_articles(mart, column='article_id') -%}
    {%- if mart_is_current(mart) -%}
        ({{ column }} in (select article_id from raw.mart_changes where mart = '{{ mart }}')
         or exists (select 1 from raw.mart_changes where mart = '{{ mart }}' and article_id is null))
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{% macro delete_marked_rows(mart) -%}
    {%- if execute and is_incremental() -%}
        delete from {{ this }} where {{ marked_articles(mart) }}
    {%- endif -%}
{%- endmacro %}

{% macro consume_marks(mart) -%}
    {%- if execute -%}
        {%- set marks = adapter.get_relation(database=this.database, schema='raw', identifier='mart_changes') -%}
        {{ record_rebuilt_rows(mart, marks) }}
        {#- A warehouse whose raw layer has no marks table (no actor step ran yet) has nothing to empty. -#}
        {%- if marks is not none -%}
            delete from raw.mart_changes where mart = '{{ mart }}';
        {%- endif %}
        {%- if config.get('materialized') == 'incremental' %}
        create schema if not exists {{ this.database }}.intermediate;
        create table if not exists {{ this.database }}.intermediate.mart_code_versions (mart varchar, code_version varchar);
        delete from {{ this.database }}.intermediate.mart_code_versions where mart = '{{ mart }}';
        insert into {{ this.database }}.intermediate.mart_code_versions values ('{{ mart }}', '{{ mart_code_version() }}');
        {%- endif %}
    {%- endif -%}
{%- endmacro %}

{#- Which rows this build wrote (the data tests of an add-one build read them, macros/rebuilt_rows.sql):
    the marked articles', or all (all_rows) when the mart was rebuilt whole or is a plain table. Read
    before the marks are emptied and the code version recorded, in the same hook. -#}
{% macro record_rebuilt_rows(mart, marks) -%}
    create schema if not exists {{ this.database }}.intermediate;
    create table if not exists {{ this.database }}.intermediate.mart_rebuilt (mart varchar, article_id varchar, all_rows boolean);
    delete from {{ this.database }}.intermediate.mart_rebuilt where mart = '{{ mart }}';
    {%- if config.get('materialized') == 'incremental' and marks is not none and mart_is_current(mart) %}
    insert into {{ this.database }}.intermediate.mart_rebuilt
    select '{{ mart }}', null, coalesce(bool_or(article_id is null), false) from raw.mart_changes where mart = '{{ mart }}'
    union all
    select distinct '{{ mart }}', article_id, false from raw.mart_changes where mart = '{{ mart }}' and article_id is not null;
    {%- else %}
    insert into {{ this.database }}.intermediate.mart_rebuilt values ('{{ mart }}', null, true);
    {%- endif %}
{%- endmacro %}

{#- Event mentions are rebuilt per article, but a mention's coding reads its whole event (one coded
    mention codes it): the marks grow to every article holding a mention of an event a marked
    article holds, so an event's rows are all built again or all kept (a pre-hook). -#}
{% macro expand_marks_over_events(mart) -%}
    {%- if mart_is_current(mart) -%}
        insert into raw.mart_changes
        select distinct '{{ mart }}', clusters.article_id
        from raw.event_clusters as clusters
        where clusters.event_id in (select event_id from raw.event_clusters where {{ marked_articles(mart) }})
          and clusters.article_id not in (
              select article_id from raw.mart_changes where mart = '{{ mart }}' and article_id is not null
          )
          and not exists (select 1 from raw.mart_changes where mart = '{{ mart }}' and article_id is null)
    {%- endif -%}
{%- endmacro %}

{#- The rows a mention's event needs besides the marked articles': the other mentions of their events. -#}
{% macro marked_or_same_event(mart, clusters) -%}
    {%- if mart_is_current(mart) -%}
        ({{ marked_articles(mart) }} or mention_id in (
            select mention_id from {{ clusters }}
            where event_id in (select event_id from {{ clusters }} where {{ marked_articles(mart) }})
        ))
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- A pre-hook of an incremental model read by incremental marts: its marked articles are theirs too
    (all articles when it is rebuilt whole), marked in its transaction before it empties its own. -#}
{% macro hand_on_marks(mart, marts) -%}
    {%- if execute and adapter.get_relation(database=this.database, schema='raw', identifier='mart_changes') is not none -%}
        insert into raw.mart_changes
        {% if mart_is_current(mart) -%}
        select downstream.mart, marks.article_id
        from raw.mart_changes as marks
        cross join (select unnest({{ marts }}) as mart) as downstream
        where marks.mart = '{{ mart }}'
        {%- else -%}
        select unnest({{ marts }}), null
        {%- endif %}
    {%- endif -%}
{%- endmacro %}

{#- Events are rebuilt whole: those with a mention in a marked article (its marks are those
    int_event_mentions handed on, after it was built, so they hold whole events). -#}
{% macro marked_events(mart) -%}
    {%- if mart_is_current(mart) -%}
        event_id in (select event_id from {{ ref('int_event_mentions') }} where {{ marked_articles(mart) }})
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- Deletes the marked events' rows, and those of events no mention names any more. -#}
{% macro delete_marked_events(mart) -%}
    {%- if execute and is_incremental() -%}
        delete from {{ this }} where {{ marked_events(mart) }}
        {%- if mart_is_current(mart) %}
           or event_id not in (select event_id from {{ ref('int_event_mentions') }} where event_id is not null)
        {%- endif %}
    {%- endif -%}
{%- endmacro %}
