-- Incremental (macros/mart_changes.sql): a quote's row reads its article's extraction, actor
-- resolution (the speaker) and reuse links, whose steps mark the article (newswh.store.raw.ARTICLE_MARTS).
{{ config(
    materialized=mart_materialization(),
    incremental_strategy='append',
    on_schema_change='sync_all_columns',
    pre_hook="{{ delete_marked_rows('fct_quotes') }}",
    post_hook="{{ consume_marks('fct_quotes') }}",
) }}

with

quotes as (

    select * from {{ ref('stg_raw__quotes') }}
    where {{ marked_articles('fct_quotes') }}

),

key_map as (

    select * from {{ ref('int_actor_key_map') }}

),

reused as (

    select distinct article_id, sentence_index from {{ ref('stg_raw__reused_sentences') }}

),

final as (

    select
        quotes.quote_id,
        coalesce(key_map.actor_id, quotes.local_speaker_actor_key) as speaker_actor_id,
        quotes.speaker_text,
        quotes.article_id,
        quotes.quote_text,
        quotes.char_start,
        quotes.char_end,
        quotes.quote_kind,
        quotes.verb,
        quotes.cited_source_id,
        quotes.date_text,
        quotes.date_char_start,
        quotes.date_char_end,
        quotes.quote_date_start,
        quotes.quote_date_end,
        quotes.date_precision,
        quotes.date_basis,
        {{ takeover_period('quotes.quote_date_start', 'quotes.quote_date_end') }} as takeover_period,
        reused.article_id is not null as is_reused

    from quotes
    left join key_map
        on key_map.article_id = quotes.article_id
        and key_map.local_actor_key = quotes.local_speaker_actor_key
    left join reused
        on reused.article_id = quotes.article_id
        and reused.sentence_index = quotes.sentence_index

)

select * from final
