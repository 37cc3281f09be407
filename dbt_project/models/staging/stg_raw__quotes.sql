with

source as (

    select * from {{ source('raw', 'quotes') }}

),

renamed as (

    select
        quote_id,
        article_id,
        sentence_index,
        char_start,
        char_end,
        quote_text,
        quote_kind,
        speaker_text,
        speaker_actor_key as local_speaker_actor_key,
        verb,
        cited_source_id,
        date_text,
        date_char_start,
        date_char_end,
        date_start as quote_date_start,
        date_end as quote_date_end,
        date_precision,
        date_basis

    from source

)

select * from renamed
