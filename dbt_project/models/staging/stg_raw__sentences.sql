with

source as (

    select * from {{ source('raw', 'sentences') }}

),

renamed as (

    select
        sentence_id,
        article_id,
        sentence_index,
        char_start,
        char_end,
        sentence_text

    from source

)

select * from renamed
