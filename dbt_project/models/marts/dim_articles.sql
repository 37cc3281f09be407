-- Incremental (macros/mart_changes.sql): an article's row reads its ingested text and metadata and
-- its extraction's document date; ingest and actor resolution (what a new extraction changed) mark
-- the article (newswh.store.marts.ARTICLE_MARTS), so an added article builds its own row only.
{{ config(
    materialized=mart_materialization(),
    incremental_strategy='append',
    on_schema_change='sync_all_columns',
    pre_hook="{{ delete_marked_rows('dim_articles') }}",
    post_hook="{{ consume_marks('dim_articles') }}",
) }}

with

articles as (

    select * from {{ ref('stg_raw__articles') }}
    where {{ marked_articles('dim_articles') }}

),

dates as (

    select * from {{ ref('stg_raw__article_dates') }}

),

final as (

    select
        articles.article_id,
        articles.source_uri,
        articles.url,
        articles.title,
        articles.author,
        articles.language,
        articles.outlet_source_id,
        articles.dateline_place,
        articles.dateline_date,
        articles.stated_date_text,
        articles.stated_date,
        articles.metadata_date,
        -- The date the pipeline believes: content evidence can overrule what the page prints.
        case
            when dates.published_date_basis is not null then dates.inferred_published_date
            else coalesce(articles.metadata_date, articles.stated_date)
        end as published_date,
        coalesce(
            dates.published_date_basis,
            case
                when articles.metadata_date is not null then 'json_metadata'
                when articles.stated_date is not null then 'stated'
                else 'unknown'
            end
        ) as published_date_basis,
        coalesce(dates.published_date_confidence, 0.0) as published_date_confidence,
        coalesce(dates.date_conflict, false) as date_conflict,
        dates.published_date_min,
        dates.published_date_max,
        dates.published_date_evidence,
        articles.body_text,
        articles.word_count,
        articles.content_hash

    from articles
    left join dates using (article_id)

)

select * from final
