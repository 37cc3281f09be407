-- Incremental (macros/mart_changes.sql): int_event_mentions hands on its marked articles.
{{ config(
    materialized=mart_materialization(),
    incremental_strategy='append',
    on_schema_change='sync_all_columns',
    pre_hook="{{ delete_marked_rows('fct_event_mentions') }}",
    post_hook="{{ consume_marks('fct_event_mentions') }}",
) }}

with

mentions as (

    select * from {{ ref('int_event_mentions') }}
    where {{ marked_articles('fct_event_mentions') }}

),

articles as (

    select article_id, published_date, published_date_max from {{ ref('dim_articles') }}

),

flagged as (

    select
        mentions.*,
        {{ quality_flags('fct_event_mentions') }} as quality_flags

    from mentions
    left join articles using (article_id)

),

final as (

    select
        mention_id,
        event_id,
        article_id,
        sentence_text,
        sentence_start as char_start,
        sentence_end as char_end,
        trigger_text,
        trigger_start as trigger_char_start,
        trigger_end as trigger_char_end,
        event_code,
        modality,
        is_asserted_event,
        source_actor_id,
        target_actor_id,
        source_cameo_code,
        source_code_basis,
        target_cameo_code,
        target_code_basis,
        date_text,
        date_char_start,
        date_char_end,
        reported_date_start,
        reported_date_end,
        date_precision,
        date_basis,
        takeover_period,
        cited_source_id,
        location_name,
        location_admin1,
        location_country_code,
        latitude,
        longitude,
        geonames_id,
        location_basis,
        is_reused,
        confidence,
        source_basis,
        num_killed,
        num_injured,
        num_detained,
        unconsolidated_reason,
        quality_flags

    from flagged

)

select * from final
