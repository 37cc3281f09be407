-- Per-article actor keys (what extraction found in one article) mapped to actors resolved
-- across articles, so events and quotes point at the same actor as mentions do.

with

resolution as (

    select * from {{ ref('stg_raw__actor_resolution') }}

),

final as (

    select
        article_id,
        local_actor_key,
        min(actor_id) as actor_id

    from resolution
    where local_actor_key is not null and actor_id is not null
    group by article_id, local_actor_key

)

select * from final
