with

source as (

    select * from {{ source('raw', 'article_reuse') }}

),

renamed as (

    select
        article_id,
        reused_article_id,
        shared_sentences,
        containment,
        direction_basis

    from source

)

select * from renamed
