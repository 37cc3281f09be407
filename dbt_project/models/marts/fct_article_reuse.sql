with

reuse as (

    select * from {{ ref('stg_raw__article_reuse') }}

),

final as (

    select
        md5(article_id || '>' || reused_article_id) as reuse_id,
        article_id,
        reused_article_id,
        shared_sentences,
        containment,
        direction_basis

    from reuse

)

select * from final
