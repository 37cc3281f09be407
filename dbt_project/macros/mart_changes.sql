{#-
    Incremental marts rebuilt per article (README "Adding one article"). The Python step that
    changes a mart's inputs marks the articles it changed in raw.mart_changes (a null article: all
    of them), in the transaction of its own outputs. A mart's build deletes the marked articles'
    rows (pre-hook), inserts them again from its query filtered by `marked_articles` and empties
    its marks (post-hook), all in the transaction of the mart, so a build killed midway leaves the
    mart and its marks as they were for the next one.

    Marks say which inputs changed, not whether the mart's code did: the build records a hash of
    the mart's code and of the models it reads (intermediate.mart_code_versions), and a mart whose
    code changed since is rebuilt whole, as a table would be. A distributed build reads the raw
    layer from files that carry no marks: there the mart is a plain table (`mart_materialization`),
    and records no code version, so the next local build rebuilds it whole too.
-#}
{% macro mart_materialization() -%}
    {{ return('table' if env_var('NEWSWH_RAW_FILES_SOURCE', '') else 'incremental') }}
{%- endmacro %}

{% macro mart_code_version() -%}
    {%- set parts = [model.checksum.checksum] -%}
    {%- for uid in model.depends_on.nodes | sort -%}
        {%- do parts.append(graph.nodes[uid].checksum.checksum if uid in graph.nodes else uid) -%}
    {%- endfor -%}
    {{ return(local_md5(parts | join(','))) }}
{%- endmacro %}

{#- True when only marked articles are to be rebuilt: the mart exists and was built by this code,
    and the warehouse holds the marks (a raw layer read from files has none: then all rows are). -#}
{% macro mart_is_current(mart) -%}
    {%- if not (execute and is_incremental()) -%}
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
        {#- A warehouse whose raw layer has no marks table (no actor step ran yet) has nothing to empty. -#}
        {%- if adapter.get_relation(database=this.database, schema='raw', identifier='mart_changes') is not none -%}
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
