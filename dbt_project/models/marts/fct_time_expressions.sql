-- Incremental (macros/mart_changes.sql): the steps that mark an article's event mentions mark its
-- time expressions too (newswh.store.raw.ARTICLE_MARTS), so an added article rebuilds its own rows.
{{ config(
    materialized=mart_materialization(),
    incremental_strategy='append',
    on_schema_change='sync_all_columns',
    pre_hook="{{ delete_marked_rows('fct_time_expressions') }}",
    post_hook="{{ consume_marks('fct_time_expressions') }}",
) }}

with

timexes as (

    select * from {{ ref('stg_raw__time_expressions') }}
    where {{ marked_articles('fct_time_expressions') }}

),

final as (

    select
        timex_id,
        article_id,
        sentence_index,
        char_start,
        char_end,
        timex_text,
        timex_type,
        timex_value,
        date_start,
        date_end,
        date_precision,
        resolution_basis,
        reference_date,
        {{ takeover_period('date_start', 'date_end') }} as takeover_period

    from timexes

)

select * from final
