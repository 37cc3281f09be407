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

)

select * from final
