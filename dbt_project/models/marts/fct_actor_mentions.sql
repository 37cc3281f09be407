-- Incremental (macros/mart_changes.sql): actor resolution marks the articles whose mentions it
-- resolved again, so an added article rebuilds its own rows, not every mention of the corpus.
{{ config(
    materialized=mart_materialization(),
    incremental_strategy='append',
    on_schema_change='sync_all_columns',
    pre_hook="{{ delete_marked_rows('fct_actor_mentions') }}",
    post_hook="{{ consume_marks('fct_actor_mentions') }}",
) }}

with

mentions as (

    select * from {{ ref('stg_raw__actor_mentions') }}

),

resolution as (

    select * from {{ ref('stg_raw__actor_resolution') }}

),

sentences as (

    select * from {{ ref('stg_raw__sentences') }}

),

final as (

    select
        mentions.mention_id,
        resolution.actor_id,
        mentions.article_id,
        mentions.char_start,
        mentions.char_end,
        mentions.mention_text,
        mentions.title,
        mentions.ner_label,
        mentions.mention_method,
        resolution.resolution_method,
        mentions.sentence_index,
        sentences.sentence_text

    from mentions
    left join resolution using (mention_id)
    left join sentences
        on sentences.article_id = mentions.article_id
        and sentences.sentence_index = mentions.sentence_index
    where {{ marked_articles('fct_actor_mentions', 'mentions.article_id') }}

)

select * from final
