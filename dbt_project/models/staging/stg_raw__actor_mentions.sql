with

source as (

    select * from {{ source('raw', 'actor_mentions') }}

),

renamed as (

    select
        mention_id,
        article_id,
        sentence_index,
        char_start,
        char_end,
        mention_text,
        actor_key as local_actor_key,
        canonical_name as local_canonical_name,
        actor_type as local_actor_type,
        label as ner_label,
        method as mention_method,
        title

    from source

)

select * from renamed
