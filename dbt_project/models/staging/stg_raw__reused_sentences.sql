with

source as (

    select * from {{ source('raw', 'reused_sentences') }}

),

renamed as (

    select
        article_id,
        sentence_index,
        reused_article_id,
        reused_sentence_index,
        jaccard

    from source

)

select * from renamed
